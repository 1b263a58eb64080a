"""Shared test helpers: load exercise functions from a notebook, and grader assertions.

`exercises(notebook)` runs the notebook's setup cell and every cell that only defines things
(imports, functions, classes) in a fresh namespace and returns it, so the tests use the very
solution code the notebook ships. `exercises(notebook, blank=True)` does the same on the
learner copy made by utils.workbook, so "the stub is reported as not attempted" is tested on
the real placeholder.
"""

import ast
import io
from contextlib import redirect_stdout
from functools import cache
from pathlib import Path

import nbformat
import pytest

from utils.grading import CheckFailed, NotAttempted
from utils.workbook import learner_copy

ROOT = Path(__file__).resolve().parent.parent


def _defines_only(source):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    allowed = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)
    return bool(tree.body) and all(isinstance(node, allowed) for node in tree.body)


@cache
def _namespace(notebook, blank):
    nb = nbformat.read(str(ROOT / notebook), as_version=4)
    if blank:
        nb = learner_copy(nb, notebook)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    namespace = {"__name__": "__notebook__"}
    with redirect_stdout(io.StringIO()):
        exec(compile(code_cells[0].source, f"{notebook}:setup", "exec"), namespace)
        for cell in code_cells[1:]:
            if _defines_only(cell.source):
                exec(compile(cell.source, f"{notebook}:{cell.get('id')}", "exec"), namespace)
    return namespace


def exercises(notebook, blank=False):
    """The namespace of the notebook's definitions (a fresh dict per call is not needed: read only)."""
    return _namespace(str(notebook), blank)


def passes(check, fn):
    """The check accepts fn and says so."""
    out = io.StringIO()
    with redirect_stdout(out):
        check(fn)
    assert "All checks passed." in out.getvalue()
    return out.getvalue()


def not_attempted(check, fn):
    with redirect_stdout(io.StringIO()), pytest.raises(NotAttempted) as info:
        check(fn)
    assert "not attempted" in str(info.value)
    return str(info.value)


def rejects(check, fn, *fragments):
    """The check fails (not as 'not attempted') and its message contains every fragment (compared
    with runs of white space made single spaces, since messages are wrapped)."""
    with redirect_stdout(io.StringIO()), pytest.raises(CheckFailed) as info:
        check(fn)
    assert not isinstance(info.value, NotAttempted), str(info.value)
    message = str(info.value)
    flat = " ".join(message.split())            # messages are wrapped at word boundaries
    for fragment in fragments:
        assert " ".join(fragment.split()) in flat, f"{fragment!r} not in:\n{message}"
    return message
