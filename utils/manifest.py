"""The checksum manifest of everything shipped under datasets/: read, write, checksum.

`datasets/MANIFEST.json` maps each shipped file (relative to datasets/) to its SHA-256, its size
in bytes and the command that rebuilds it. The loaders (`utils.data`) verify files against it;
the builders (`utils.datagen`, `utils.pretrain`) record what they write. All three import this
module, and nothing else from one another.
"""

import hashlib
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
MANIFEST_NAME = "MANIFEST.json"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(datasets_dir=None):
    """The manifest as {relative path: {"sha256", "bytes", "rebuild", ...}}."""
    path = Path(datasets_dir or DATASETS) / MANIFEST_NAME
    if not path.exists():
        return {}
    return json.loads(path.read_text())


def write_manifest(entries, datasets_dir=None):
    """Write the whole manifest, sorted, through a temporary file (never half-written)."""
    path = Path(datasets_dir or DATASETS) / MANIFEST_NAME
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(dict(sorted(entries.items())), indent=1) + "\n")
    os.replace(partial, path)


def record(relpath, rebuild, datasets_dir=None, **extra):
    """Add or update the entry of one file that a builder has just written; returns the entry.

    `extra` keeps more facts beside the checksum (e.g. a pretrained asset's training figures).
    """
    datasets_dir = Path(datasets_dir or DATASETS)
    path = datasets_dir / relpath
    entry = {"sha256": sha256_of(path), "bytes": path.stat().st_size, "rebuild": rebuild, **extra}
    entries = read_manifest(datasets_dir)
    entries[relpath] = entry
    write_manifest(entries, datasets_dir)
    return entry
