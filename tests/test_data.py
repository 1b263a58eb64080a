"""The data manifest: shipped files match their checksums; a missing file, a corrupted file and a
Git LFS pointer each give an error that names the file and the command that rebuilds it."""

import json

import pytest
from helpers import ROOT

from utils import data, manifest
from utils.datagen import GENERATORS

MANIFEST = manifest.read_manifest()


@pytest.fixture
def tiny_datasets(tmp_path):
    (tmp_path / "set.bin").write_bytes(b"real data\n")
    entry = {"sha256": manifest.sha256_of(tmp_path / "set.bin"), "bytes": 10,
             "rebuild": "python -m utils.datagen build tiny"}
    manifest.write_manifest({"set.bin": entry}, tmp_path)
    return tmp_path


def test_verified_file_passes(tiny_datasets):
    assert data.verified_path("set.bin", tiny_datasets).read_bytes() == b"real data\n"


def test_missing_file_names_itself_and_the_rebuild_command(tiny_datasets):
    (tiny_datasets / "set.bin").unlink()
    with pytest.raises(data.DataFileError, match=r"Missing data file datasets/set.bin\. "
                       r"Rebuild it with: python -m utils.datagen build tiny"):
        data.verified_path("set.bin", tiny_datasets)


def test_corrupted_file_names_itself_and_the_rebuild_command(tiny_datasets):
    (tiny_datasets / "set.bin").write_bytes(b"real dat4\n")
    with pytest.raises(data.DataFileError, match=r"datasets/set.bin is corrupted .* "
                       r"Rebuild it with: python -m utils.datagen build tiny"):
        data.verified_path("set.bin", tiny_datasets)


def test_lfs_pointer_is_recognised(tiny_datasets):
    (tiny_datasets / "set.bin").write_text(
        "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 10\n")
    with pytest.raises(data.DataFileError, match=r"datasets/set.bin is a Git LFS pointer.*"
                       r"python -m utils.datagen build tiny"):
        data.verified_path("set.bin", tiny_datasets)


def test_unlisted_file_is_refused(tiny_datasets):
    with pytest.raises(data.DataFileError, match="not listed"):
        data.verified_path("other.bin", tiny_datasets)


def test_manifest_matches_every_shipped_file():
    shipped = {p.relative_to(manifest.DATASETS).as_posix() for p in manifest.DATASETS.rglob("*")
               if p.is_file() and p.name != manifest.MANIFEST_NAME and "cards" not in p.parts
               and p.name != "README.md"}
    assert shipped == set(MANIFEST), "datasets/ and datasets/MANIFEST.json disagree"
    for relpath, entry in MANIFEST.items():
        path = manifest.DATASETS / relpath
        assert path.stat().st_size == entry["bytes"], relpath
        assert manifest.sha256_of(path) == entry["sha256"], f"{relpath}: run {entry['rebuild']}"


def test_shipped_files_stay_small():
    """At most 15 MB a file and 80 MB for the whole of datasets/, cards and manifest included."""
    sizes = {p.relative_to(manifest.DATASETS).as_posix(): p.stat().st_size
             for p in manifest.DATASETS.rglob("*") if p.is_file()}
    assert all(size <= 15 * 2**20 for size in sizes.values()), sizes
    assert sum(sizes.values()) <= 80 * 2**20, f"{sum(sizes.values()) / 2**20:.1f} MB"


def test_builders_and_loaders_share_only_the_manifest_module():
    """The manifest functions live in utils.manifest, which the loaders (utils.data) and the
    builders (utils.datagen, utils.pretrain) import; no builder takes them from the loaders."""
    import re

    assert not any(hasattr(data, name) and getattr(data, name).__module__ == "utils.data"
                   for name in ("sha256_of", "read_manifest", "write_manifest"))
    for folder in ("datagen", "pretrain"):
        for path in (ROOT / "utils" / folder).glob("*.py"):
            text = path.read_text()
            assert not re.search(r"data\.(sha256_of|read_manifest|write_manifest|record)\b", text), path
            assert not re.search(r"from utils\.data import .*(sha256_of|manifest)", text), path


def test_every_generator_declares_its_contract_and_a_card():
    import importlib
    for name, module_name in GENERATORS.items():
        module = importlib.import_module(f"utils.datagen.{module_name}")
        assert module.FILES and isinstance(module.CHEAP, bool) and callable(module.build)
        for relpath in module.FILES:
            assert MANIFEST[relpath]["rebuild"] == f"python -m utils.datagen build {name}"
        assert (ROOT / "datasets" / "cards" / f"{name}.md").exists(), f"no data card for {name}"


def test_cheap_generators_need_only_the_learners_install():
    """CI installs what a learner installs, and rebuilds every CHEAP generator: none of them may
    import a package that only requirements-build.txt brings (Faker, music21, ...)."""
    import ast
    import importlib
    import re
    from pathlib import Path

    def packages(path):
        lines = (line.split("#")[0].strip() for line in (ROOT / path).read_text().splitlines())
        return {re.split(r"[=<>\[ ]", line)[0].lower() for line in lines if line and not line.startswith("-")}

    build_only = packages("requirements-build.txt") - packages("requirements.txt")
    for name, module_name in GENERATORS.items():
        module = importlib.import_module(f"utils.datagen.{module_name}")
        if not module.CHEAP:
            continue
        tree = ast.parse(Path(module.__file__).read_text())
        imported = {alias.name.split(".")[0].lower() for node in ast.walk(tree)
                    if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module.split(".")[0].lower() for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom) and node.module and not node.level}
        assert not imported & build_only, (
            f"{name} is CHEAP but imports {sorted(imported & build_only)}, which a learner's install "
            "lacks: set CHEAP = False")


def test_manifest_is_sorted_json():
    text = (manifest.DATASETS / manifest.MANIFEST_NAME).read_text()
    assert text == json.dumps(dict(sorted(json.loads(text).items())), indent=1) + "\n"


def test_cheap_generators_rebuild_the_shipped_bytes(capsys):
    """`python -m utils.datagen build --check` for the generators that take a few seconds."""
    from utils.datagen.__main__ import main

    assert main(["build", "--check"]) == 0, capsys.readouterr().out
