"""End to end, as a learner: a fresh blank copy of every notebook, graded headless, reports every
exercise as not attempted (not a crash, not a NameError, not 'failed')."""

import pytest
from helpers import ROOT

from utils import workbook

NOTEBOOKS = workbook.course_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_blank_copy_grades_as_not_attempted(path, tmp_path):
    (copy,), _ = workbook.start([path.name], root=ROOT, workspace=tmp_path)
    results, _ = workbook.grade_results(workbook.execute(copy))
    assert results, "the notebook has grader cells"
    assert all(result == "not attempted" for _, result in results), results
