"""What a learner sees in a real kernel: a failed check is its message alone; an exercise not
attempted yet is calm text, not an error, but still stops Run All (the cell counts as failed)."""

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from utils.workbook import KERNEL_NAME

SETUP = "from utils.notebook import setup\nfrom utils.grading import Checker\nrng = setup(seed=1)"


def _run(source, allow_errors=True):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell(source)]
    NotebookClient(nb, timeout=120, kernel_name=KERNEL_NAME, allow_errors=allow_errors).execute()
    return nb.cells[1].outputs


NOT_ATTEMPTED = """
def f(x):
    # YOUR CODE HERE
    raise NotImplementedError()
Checker(f, "f").call(1)
"""
FAILED = """
c = Checker(lambda x: x, "f")
c.fail("returned the wrong thing " + "word " * 30, hint="think about it")
"""


def test_not_attempted_is_calm_text_and_still_stops_run_all():
    outputs = _run(NOT_ATTEMPTED)
    assert [o.output_type for o in outputs] == ["stream"] and outputs[0].name == "stdout"
    assert outputs[0].text.startswith("f: not attempted yet. Replace `raise NotImplementedError()`")
    with pytest.raises(CellExecutionError):          # the reply says error: Run All stops here
        _run(NOT_ATTEMPTED, allow_errors=False)


def test_failed_check_is_its_wrapped_message_without_traceback():
    (error,) = [o for o in _run(FAILED) if o.output_type == "error"]
    assert error.ename == "CheckFailed"
    assert error.traceback[0].startswith("CheckFailed: f: returned the wrong thing")
    assert all(len(line) <= 90 for line in error.traceback), error.traceback
    assert not any("grading.py" in line for line in error.traceback)
