"""Rebuild the shipped datasets: `python -m utils.datagen build [NAME ...] [--check]`.

`build` writes the files under datasets/ and records their checksums in the manifest.
`build --check` rebuilds into a temporary folder and compares bytes with the shipped files
(without NAMEs: the cheap generators only); it exits non-zero on any difference.
"""

import argparse
import importlib
import sys
import tempfile
from pathlib import Path

from utils import manifest
from utils.datagen import GENERATORS


def _module(name):
    return importlib.import_module(f"utils.datagen.{GENERATORS[name]}")


def build(names, out_dir):
    entries = manifest.read_manifest(out_dir) if Path(out_dir) == manifest.DATASETS else {}
    for name in names:
        module = _module(name)
        print(f"building {name} ...", flush=True)
        module.build(Path(out_dir), seed=getattr(module, "SEED", 0))
        for relpath in module.FILES:
            path = Path(out_dir) / relpath
            entries[relpath] = {"sha256": manifest.sha256_of(path), "bytes": path.stat().st_size,
                                 "rebuild": f"python -m utils.datagen build {name}"}
            print(f"  wrote datasets/{relpath} ({path.stat().st_size / 1e6:.2f} MB)")
    return entries


def check(names):
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            module = _module(name)
            module.build(Path(tmp), seed=getattr(module, "SEED", 0))
            for relpath in module.FILES:
                fresh = (Path(tmp) / relpath).read_bytes()
                shipped_path = manifest.DATASETS / relpath
                same = shipped_path.exists() and shipped_path.read_bytes() == fresh
                print(f"{'same' if same else 'DIFFERENT'}  datasets/{relpath}")
                failures += not same
    return failures


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m utils.datagen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="rebuild datasets (all when no NAME is given)")
    b.add_argument("names", nargs="*", metavar="NAME", help=", ".join(GENERATORS) or "none yet")
    b.add_argument("--check", action="store_true", help="compare a fresh build with the shipped files")
    sub.add_parser("list", help="list the generators and their files")
    args = parser.parse_args(argv)
    if args.command == "list":
        for name in GENERATORS:
            module = _module(name)
            print(f"{name:16s} {'cheap' if module.CHEAP else 'slow '}  {', '.join(module.FILES)}")
        return 0
    unknown = [n for n in args.names if n not in GENERATORS]
    if unknown:
        parser.error(f"unknown dataset(s) {', '.join(unknown)}; known: {', '.join(GENERATORS)}")
    if args.check:
        names = args.names or [n for n in GENERATORS if _module(n).CHEAP]
        return 1 if check(names) else 0
    names = args.names or list(GENERATORS)
    manifest.write_manifest(build(names, manifest.DATASETS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
