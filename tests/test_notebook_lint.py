"""Every course notebook follows the skeleton of STYLE.md and is committed clean."""

import ast
import importlib
import re

import nbformat
import pytest
from helpers import ROOT

from utils.workbook import (
    COURSES,
    GRADER_CALL,
    KERNEL_DISPLAY_NAME,
    KERNEL_NAME,
    course_notebooks,
    has_solution,
)

NOTEBOOKS = course_notebooks()
GRADER_IMPORT = re.compile(r"from utils\.graders\.(\w+) import (\w+) as grader")


def load(path):
    return nbformat.read(str(path), as_version=4)


def test_there_are_notebooks_and_nothing_stray():
    assert NOTEBOOKS
    for course in COURSES:
        for path in (ROOT / course).glob("*.ipynb"):
            assert re.fullmatch(r"w\d_a\d_[a-z0-9_]+\.ipynb", path.name), path


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
class TestNotebook:
    def test_valid_and_canonical(self, path):
        nb = load(path)
        nbformat.validate(nb)
        assert nb.nbformat == 4 and nb.nbformat_minor >= 5
        assert path.read_text() == nbformat.writes(nb) + "\n", \
            "not in nbformat's canonical layout; run: python -m utils.workbook clean " + str(path)

    def test_kernel_and_minimal_metadata(self, path):
        nb = load(path)
        assert nb.metadata["kernelspec"] == {"name": KERNEL_NAME, "display_name": KERNEL_DISPLAY_NAME,
                                             "language": "python"}, \
            "the kernelspec must name the kernel `make setup` installs; run: python -m utils.workbook clean"
        assert set(nb.metadata) <= {"kernelspec", "language_info"}
        for cell in nb.cells:
            assert set(cell.metadata) <= {"tags"}, f"cell {cell.id} carries metadata {cell.metadata}"

    def test_no_outputs_and_unique_ids(self, path):
        nb = load(path)
        ids = [cell.id for cell in nb.cells]
        assert len(ids) == len(set(ids)), "duplicate cell ids"
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"cell {cell.id} has outputs"

    def test_skeleton_headings_and_setup_cell_first(self, path):
        nb = load(path)
        markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
        assert markdown[0].startswith("# "), "the first cell is the title"
        text = "\n".join(markdown)
        for heading in ("## What you will build", "## Setup", "## What to remember"):
            assert heading in text, f"missing heading {heading!r}"
        first_code = next(c for c in nb.cells if c.cell_type == "code")
        assert "setup(seed=" in first_code.source and first_code.id == "setup"

    def test_grader_module_mirrors_the_notebook(self, path):
        nb = load(path)
        setup = next(c for c in nb.cells if c.cell_type == "code").source
        if not any(has_solution(c.source) for c in nb.cells):
            return
        match = GRADER_IMPORT.search(setup)
        assert match, "the setup cell imports the notebook's grader module as `grader`"
        assert (match.group(1), match.group(2)) == (path.parent.name, path.stem)

    def test_every_exercise_is_followed_by_its_grader_cell(self, path):
        nb = load(path)
        module = importlib.import_module(f"utils.graders.{path.parent.name}.{path.stem}") \
            if any(has_solution(c.source) for c in nb.cells) else None
        code = [c for c in nb.cells if c.cell_type == "code"]
        checked = []
        for index, cell in enumerate(code):
            if not has_solution(cell.source):
                continue
            defined = [n.name for n in ast.parse(cell.source).body
                       if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
            assert defined, f"exercise cell {cell.id} defines no function"
            following = code[index + 1].source if index + 1 < len(code) else ""
            assert following.strip() == f"grader.check_{defined[-1]}({defined[-1]})", \
                f"cell {cell.id}: the next code cell must be grader.check_{defined[-1]}({defined[-1]})"
            checked.append(defined[-1])
        for name in GRADER_CALL.findall("\n".join(c.source for c in code)):
            assert hasattr(module, f"check_{name}"), f"the grader module has no check_{name}"
        if module is not None:
            available = {n[6:] for n in dir(module) if n.startswith("check_")}
            assert available == set(checked), f"checks without an exercise: {available - set(checked)}"

    def test_no_input_and_no_downloads(self, path):
        text = "\n".join(c.source for c in load(path).cells if c.cell_type == "code")
        assert not re.search(r"\binput\(", text)
        for needle in ("urlretrieve", "requests.get", "get_file(", "weights=\"imagenet\"",
                       "pip install", "wget ", "curl "):
            assert needle not in text


def test_makefile_installs_the_kernel_the_notebooks_name():
    makefile = (ROOT / "Makefile").read_text()
    assert f'--name {KERNEL_NAME} --display-name "{KERNEL_DISPLAY_NAME}"' in makefile
