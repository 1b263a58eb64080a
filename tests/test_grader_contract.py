"""For every exercise of every notebook: the notebook's solution passes its grader, also when
every other exercise of the notebook is still the blank stub (a check judges only the exercise
it names), and the learner copy's blank stub is reported as not attempted. The exercises are read from the
notebooks (the function each solution cell defines), so a new notebook is covered at once;
the wrong versions each grader must reject live in tests/graders/."""

import ast
import importlib
import io
from contextlib import redirect_stdout

import nbformat
import pytest
from helpers import exercises, not_attempted, passes

from utils.workbook import course_notebooks, has_solution


def _exercise_cases():
    for path in course_notebooks():
        notebook = path.relative_to(path.parent.parent).as_posix()
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type == "code" and has_solution(cell.source):
                defined = [n.name for n in ast.parse(cell.source).body
                           if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
                yield pytest.param(notebook, defined[-1], cell.source, id=f"{path.stem}::{defined[-1]}")


CASES = list(_exercise_cases())


def _check(notebook, name):
    course, stem = notebook[: -len(".ipynb")].split("/")
    return getattr(importlib.import_module(f"utils.graders.{course}.{stem}"), f"check_{name}")


@pytest.mark.parametrize("notebook, name, source", CASES)
def test_solution_passes(notebook, name, source):
    passes(_check(notebook, name), exercises(notebook)[name])


@pytest.mark.parametrize("notebook, name, source", CASES)
def test_solution_passes_beside_blank_stubs(notebook, name, source):
    """The solution cell run in the learner copy's namespace, where every other exercise is still
    `raise NotImplementedError()`: its grader must not call them (it uses its references)."""
    namespace = dict(exercises(notebook, blank=True))
    with redirect_stdout(io.StringIO()):
        exec(compile(source, f"{notebook}:{name}", "exec"), namespace)
    passes(_check(notebook, name), namespace[name])


@pytest.mark.parametrize("notebook, name, source", CASES)
def test_blank_stub_is_not_attempted(notebook, name, source):
    not_attempted(_check(notebook, name), exercises(notebook, blank=True)[name])
