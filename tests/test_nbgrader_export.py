"""The nbgrader export, proved with the real nbgrader command line (`make teacher-setup` installs
it in .venv-teacher; `make test` runs that first).

A NumPy and a TensorFlow notebook are exported into a temporary course folder; `nbgrader
generate_assignment` releases them; three submissions of each are autograded in the learner's
kernel, with `utils` and `datasets/` taken from the export's package folder: the solution (full
points), the blank release (0 points, no crash) and the solution with one planted wrong answer
(loses exactly that exercise's points). The scores are read back from nbgrader's gradebook.
The round trip runs notebooks, so `make test-fast` leaves this file out.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from helpers import ROOT

from utils import nbgrader_export
from utils.workbook import BEGIN, END, GRADER_CALL, MarkerError, course_notebooks, has_solution, learner_copy

TEACHER_VENV = ROOT / os.environ.get("TEACHER_VENV", ".venv-teacher")
KERNEL = "deep-learning-notebooks"
SETUP_HINT = "Build it with: make teacher-setup (`make test` runs it before the tests)."
# notebook stem -> (exercise cell id, a line of its solution, the planted wrong line, its check cell)
PLANTED = {
    "w2_a1_python_basics_with_numpy": (
        "ex-sigmoid", "s = 1 / (1 + np.exp(-x))", "s = 1 / (1 + np.exp(x))", "check-sigmoid"),
    "w3_a1_tensorflow_introduction": (
        "ex-compute-total-loss", "total_loss = tf.reduce_sum(losses)",
        "total_loss = tf.reduce_mean(losses)", "check-compute-total-loss"),
}
STUDENTS = ("solution", "blank", "wrong")
GRADEBOOK_SCRIPT = """
import json, sys
from nbgrader.api import Gradebook

scores = {}
with Gradebook(sys.argv[1], course_id=sys.argv[2]) as gradebook:
    for assignment in gradebook.assignments:
        for submission in assignment.submissions:
            grades = {grade.name: [grade.score, grade.max_score, grade.needs_manual_grade]
                      for notebook in submission.notebooks for grade in notebook.grades}
            scores.setdefault(assignment.name, {})[submission.student.id] = {
                "score": submission.score, "max_score": submission.max_score, "grades": grades}
print(json.dumps(scores))
"""


def _source(stem):
    return next(p for p in course_notebooks() if p.stem == stem)


def _assignment(stem):
    return nbgrader_export.assignment_name(_source(stem).relative_to(ROOT))


def _teacher_env():
    """The teacher's nbgrader, or a failure that says how to get it (never a silent skip)."""
    nbgrader = TEACHER_VENV / "bin" / "nbgrader"
    kernel = TEACHER_VENV / "share" / "jupyter" / "kernels" / KERNEL / "kernel.json"
    if not nbgrader.exists():
        pytest.fail(f"nbgrader is not installed: {nbgrader} is missing. {SETUP_HINT}")
    if not kernel.exists() or not Path(json.loads(kernel.read_text())["argv"][0]).exists():
        pytest.fail(f"The Jupyter kernel {KERNEL!r} of {TEACHER_VENV.name} is missing or points to a "
                    f"Python that is gone ({kernel}). {SETUP_HINT}")
    return TEACHER_VENV / "bin"


def _solution_text(source):
    """What a student who solved the exercise has in the cell: the solution, without markers."""
    return "\n".join(line for line in source.split("\n") if not line.strip().startswith((BEGIN, END)))


def _regions(source):
    """(lines inside solution regions, lines outside them) of one cell, as sets."""
    inside, outside, within = set(), set(), False
    for line in source.split("\n"):
        if line.strip().startswith((BEGIN, END)):
            within = line.strip().startswith(BEGIN)
        else:
            (inside if within else outside).add(line)
    return inside, outside


def _submission(release, source, wrong=None):
    """The released notebook with every answer cell solved (and one answer made wrong)."""
    nb = nbformat.from_dict(json.loads(json.dumps(release)))
    solutions = {c.id: c.source for c in source.cells}
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = _solution_text(solutions[cell.metadata.nbgrader.grade_id])
            if wrong and cell.metadata.nbgrader.grade_id == wrong[0]:
                assert wrong[1] in cell.source, f"the planted mistake no longer applies to {wrong[0]}"
                cell.source = cell.source.replace(wrong[1], wrong[2])
    return nb


def _run(command, course, env, timeout):
    result = subprocess.run(command, cwd=course, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, (f"{' '.join(map(str, command))} failed:\n"
                                    f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Export, release, submit, autograde; returns (course folder, the gradebook's scores)."""
    teacher_bin = _teacher_env()
    course = tmp_path_factory.mktemp("nbgrader_course")
    _run([sys.executable, "-m", "utils.workbook", "export-nbgrader", str(course), "--kernel", KERNEL,
          *PLANTED], ROOT, None, 120)
    env = dict(os.environ)
    # nbgrader calls `alembic` through PATH; the kernel inherits PYTHONPATH, so the notebooks
    # import utils (and find datasets/) from the exported package, as on a hub.
    env["PATH"] = f"{teacher_bin}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(course / "package"), env.get("PYTHONPATH")]))
    env["JUPYTER_CONFIG_DIR"] = str(course / ".jupyter-config")   # no nbgrader config of the user's
    nbgrader = str(teacher_bin / "nbgrader")
    for stem, wrong in PLANTED.items():
        assignment, filename = _assignment(stem), f"{stem}.ipynb"
        _run([nbgrader, "generate_assignment", assignment], course, env, 300)
        release = nbformat.read(str(course / "release" / assignment / filename), as_version=4)
        source = nbformat.read(str(_source(stem)), as_version=4)
        for student, nb in (("solution", _submission(release, source)), ("blank", release),
                            ("wrong", _submission(release, source, wrong))):
            path = course / "submitted" / student / assignment / filename
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, str(path))
        _run([nbgrader, "autograde", assignment], course, env, 900)
    scores = _run([str(teacher_bin / "python"), "-c", GRADEBOOK_SCRIPT,
                   f"sqlite:///{course / 'gradebook.db'}", nbgrader_export.COURSE_ID], course, env, 120)
    return course, json.loads(scores.stdout)


def test_every_notebook_exports_with_nbgrader_metadata(tmp_path):
    """Every exercise cell is an answer cell, every grader cell a locked test cell worth one
    point per check, everything else read-only; grade_ids are the cell ids."""
    written = nbgrader_export.export(tmp_path, kernel=KERNEL)
    assert len(written) == len(course_notebooks())
    for _, path in written:
        original = nbformat.read(str(_source(path.stem)), as_version=4)
        exported = nbformat.read(str(path), as_version=4)
        assert [c.source for c in exported.cells] == [c.source for c in original.cells]
        for before, cell in zip(original.cells, exported.cells):
            meta = cell.metadata["nbgrader"]
            assert meta["grade_id"] == before.id and meta["schema_version"] == 3
            checks = len(GRADER_CALL.findall(cell.source)) if cell.cell_type == "code" else 0
            solution = cell.cell_type == "code" and has_solution(cell.source)
            assert (meta["solution"], meta["grade"], meta["locked"]) == (solution, bool(checks), not solution)
            assert meta.get("points") == (checks or None)
    assert (tmp_path / "package" / "utils" / "manifest.py").exists()
    assert (tmp_path / "package" / "datasets" / "MANIFEST.json").exists()
    assert f"c.Execute.kernel_name = {KERNEL!r}" in (tmp_path / "nbgrader_config.py").read_text()


def test_export_refuses_what_nbgrader_would_stop_on():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("Write your code after `### BEGIN SOLUTION`.")]
    with pytest.raises(MarkerError, match="cell 1 .*outside an exercise cell"):
        nbgrader_export.nbgrader_source(nb, "demo.ipynb")
    nb.cells = [nbformat.v4.new_code_cell(f"{BEGIN}\nx = 1\n{END}\ngrader.check_x(x)")]
    with pytest.raises(MarkerError, match="may not call the grader too"):
        nbgrader_export.nbgrader_source(nb, "demo.ipynb")


def _pins(path):
    lines = (line.split("#")[0].split(";")[0].strip() for line in path.read_text().splitlines())
    return dict(line.split("==") for line in lines if "==" in line)


def test_teacher_pins_agree_with_the_learner_pins():
    """One hub image installs both files: a package both pin has the same version in each."""
    learner, teacher = _pins(ROOT / "requirements.txt"), _pins(ROOT / "requirements-teacher.txt")
    assert "nbgrader" in teacher
    assert {name: (learner[name], version) for name, version in teacher.items()
            if name in learner and learner[name] != version} == {}


def test_exported_package_holds_what_the_notebooks_load(course):
    """With the package folder on the kernel's path, utils comes from it and every shipped file
    verifies against the manifest there (the checkout is not used)."""
    folder, _ = course
    package = folder / "package"
    code = ("import utils.data as d, utils.manifest as m; print(m.ROOT); "
            "[d.verified_path(p) for p in m.read_manifest()]")
    env = dict(os.environ, PYTHONPATH=str(package))
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=folder, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == package


@pytest.mark.parametrize("stem", PLANTED)
def test_release_has_no_solution_and_reads_like_the_learner_copy(course, stem):
    folder, _ = course
    release = nbformat.read(str(folder / "release" / _assignment(stem) / f"{stem}.ipynb"), as_version=4)
    source = nbformat.read(str(_source(stem)), as_version=4)
    text = "\n".join(c.source for c in release.cells)
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    assert [c.source for c in release.cells] == [c.source for c in learner_copy(source).cells]
    released = {c.metadata.nbgrader.grade_id: c.source.split("\n") for c in release.cells}
    for cell in source.cells:
        if cell.cell_type == "code" and has_solution(cell.source):
            inside, outside = _regions(cell.source)
            leaked = [line for line in inside - outside if line.strip() and line in released[cell.id]]
            assert not leaked, f"{cell.id} released solution lines: {leaked}"


@pytest.mark.parametrize("stem", PLANTED)
def test_autograde_scores_in_the_gradebook(course, stem):
    _, scores = course
    source = nbformat.read(str(_source(stem)), as_version=4)
    points = {c.id: len(GRADER_CALL.findall(c.source)) for c in source.cells
              if c.cell_type == "code" and GRADER_CALL.search(c.source)}
    total = sum(points.values())
    wrong_check = PLANTED[stem][3]
    by_student = scores[_assignment(stem)]
    assert sorted(by_student) == sorted(STUDENTS)
    expected = {"solution": dict(points), "blank": dict.fromkeys(points, 0),
                "wrong": {**points, wrong_check: 0}}
    for student, want in expected.items():
        got = by_student[student]
        assert got["max_score"] == total
        assert {name: score for name, (score, _, _) in got["grades"].items()} == want, student
        assert not any(manual for _, _, manual in got["grades"].values()), student
        assert got["score"] == sum(want.values())
    assert by_student["wrong"]["score"] == total - points[wrong_check]


@pytest.mark.parametrize("stem", PLANTED)
def test_autograded_notebooks_say_why(course, stem):
    """The points come from the graders' own verdicts: every check of the blank release says
    not attempted, only the planted mistake fails, and the solution raises nowhere."""
    folder, _ = course
    errors = {}
    for student in STUDENTS:
        path = folder / "autograded" / student / _assignment(stem) / f"{stem}.ipynb"
        nb = nbformat.read(str(path), as_version=4)
        errors[student] = {c.metadata.nbgrader.grade_id: o.ename for c in nb.cells if c.cell_type == "code"
                           for o in c.outputs if o.output_type == "error"}
        checks = [c.metadata.nbgrader.grade_id for c in nb.cells if c.metadata.nbgrader.grade]
    assert errors["solution"] == {}
    assert {cell: errors["blank"].get(cell) for cell in checks} == dict.fromkeys(checks, "NotAttempted")
    # (Under CI a lesson expectation after a planted mistake may raise too: not a check cell.)
    assert ({cell: errors["wrong"].get(cell) for cell in checks}
            == {**dict.fromkeys(checks), PLANTED[stem][3]: "CheckFailed"})
