"""End to end, as a learner: a fresh blank copy of every notebook, graded headless, reports every
exercise as not attempted (not a crash, not a NameError, not 'failed'), blames no other cell,
and shows "not attempted" as calm text rather than as an error."""

import pytest
from helpers import ROOT

from utils import workbook

NOTEBOOKS = workbook.course_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_blank_copy_grades_as_not_attempted(path, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter"))
    (copy,), _ = workbook.start([path.name], root=ROOT, workspace=tmp_path)
    executed = workbook.execute(copy)
    results, note = workbook.grade_results(executed)
    assert results, "the notebook has grader cells"
    assert all(result == "not attempted" for _, result, _ in results), results
    assert note is None, note
    for index, _ in workbook.grader_cells(executed):
        outputs = executed.cells[index].outputs
        assert not any(o.output_type == "error" for o in outputs), "not attempted shown as an error"
        text = "".join(o.get("text", "") for o in outputs)
        assert "NotAttempted" not in text and "not attempted yet" in text
