"""Export the course notebooks as an nbgrader course folder, for a teacher on JupyterHub.

    python -m utils.workbook export-nbgrader OUTDIR [--course ID] [--kernel NAME] [NOTEBOOK ...]

writes

    OUTDIR/nbgrader_config.py                     the course's nbgrader settings (kept if present)
    OUTDIR/source/<assignment>/<notebook>.ipynb   one assignment per notebook, e.g.
                                                  source/course1_w2_a1_python_basics_with_numpy/
                                                  w2_a1_python_basics_with_numpy.ipynb
    OUTDIR/package/                               what the notebooks import and load: utils/,
                                                  datasets/ (data and pretrained weights),
                                                  pyproject.toml, requirements*.txt, README.md

Cells get nbgrader's metadata (schema version 3):
- an exercise cell (`### BEGIN SOLUTION` ... `### END SOLUTION`) is an autograded answer cell
  (`solution: true`); nbgrader's own ClearSolutions blanks it exactly as `make lab` does;
- a grader cell (`grader.check_<exercise>(...)`) is a locked autograder-test cell worth one
  point per check it calls (every grader cell of the course calls one check); a check raises
  when it does not pass, so nbgrader scores the cell 0;
- every other cell is read-only (`locked: true`): autograde puts back the released text of any
  such cell a student edited.
The grade_id of every cell is its notebook cell id (`ex-sigmoid`, `check-sigmoid`), stable
across exports. Notebooks find `utils` and `datasets/` through the package folder installed on
the hub (README.md, "For teachers"); nothing of the learner's workspace changes.
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

import nbformat

from utils.manifest import ROOT
from utils.workbook import GRADER_CALL, MarkerError, blank_source, has_solution, select_notebooks

COURSE_ID = "deep-learning-notebooks"
SCHEMA_VERSION = 3
# nbgrader's ClearSolutions finds these anywhere in a line; outside an answer cell they stop
# `nbgrader generate_assignment`, so the export refuses them first, naming the cell.
NBGRADER_DELIMITERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
                       "BEGIN MARK SCHEME", "END MARK SCHEME")
PACKAGE_FILES = ("pyproject.toml", "requirements.txt", "requirements-teacher.txt", "README.md")
PACKAGE_FOLDERS = ("utils", "datasets")
# The longest a single cell may run under `nbgrader autograde`/`validate` (nbgrader's default is
# 30 s); the same limit as `make test` (--nbval-cell-timeout=300). A whole notebook takes < 2 min.
CELL_TIMEOUT = 300


def assignment_name(relative):
    """`course1_nn_basics/w2_a1_python_basics_with_numpy.ipynb` -> the assignment
    `course1_w2_a1_python_basics_with_numpy`: unique over the course, sorts in curriculum order."""
    relative = Path(relative)
    return f"{relative.parts[0].split('_')[0]}_{relative.stem}"


def nbgrader_metadata(cell, index, name):
    """The `nbgrader` cell metadata of one cell: answer, autograder test, or read-only."""
    where = f"{name}: cell {index + 1} (id {cell.get('id', '?')})"
    grade_id = cell.get("id") or f"cell-{index}"
    checks = len(GRADER_CALL.findall(cell.source)) if cell.cell_type == "code" else 0
    solution = cell.cell_type == "code" and has_solution(cell.source)
    if solution and checks:
        raise MarkerError(f"{where}: an exercise cell may not call the grader too")
    if solution:
        blank_source(cell.source, where)                 # malformed markers stop the export here
    else:
        found = [d for d in NBGRADER_DELIMITERS if d in cell.source]
        if found:
            raise MarkerError(f"{where}: '{found[0]}' outside an exercise cell (nbgrader would stop "
                              "on it); reword the text")
    meta = {"grade": bool(checks), "grade_id": grade_id, "locked": not solution,
            "schema_version": SCHEMA_VERSION, "solution": solution, "task": False}
    if checks:
        meta["points"] = checks
    return meta


def nbgrader_source(nb, name="notebook"):
    """A new notebook: the course notebook with nbgrader metadata on every cell, no outputs."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for index, cell in enumerate(nb.cells):
        cell.metadata["nbgrader"] = nbgrader_metadata(cell, index, name)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def config_text(course_id, kernel=None):
    lines = [
        "# nbgrader settings of the Deep Learning Notebooks course, written by",
        "# `python -m utils.workbook export-nbgrader`. Run nbgrader from this folder (the course root);",
        "# package/README.md, section \"For teachers\", has the steps and the JupyterHub settings.",
        "c = get_config()  # noqa: F821 (nbgrader defines it)",
        "",
        f"c.CourseDirectory.course_id = {course_id!r}",
        "# The course's own solution markers and placeholder: the released notebooks read exactly",
        "# like the learner copies of `make lab`.",
        "c.ClearSolutions.begin_solution_delimeter = '### BEGIN SOLUTION'",
        "c.ClearSolutions.end_solution_delimeter = '### END SOLUTION'",
        "c.ClearSolutions.code_stub = {'python': '# YOUR CODE HERE\\nraise NotImplementedError()'}",
        "# A TensorFlow cell may train for a minute or more; nbgrader's default limit is 30 s a cell.",
        f"c.Execute.timeout = {CELL_TIMEOUT}",
    ]
    if kernel:
        lines += ["# Run submissions in this Jupyter kernel instead of the notebooks' own `python3`",
                  "# (`make teacher-setup` installs it: the learner's .venv, with TensorFlow and utils).",
                  f"c.Execute.kernel_name = {kernel!r}"]
    return "\n".join(lines) + "\n"


def _check_outdir(outdir, root):
    """The course folder holds copies of utils/ and datasets/: never inside the checkout, where
    git, ruff and pytest would meet them (or the copy would land inside what it copies)."""
    outdir = Path(outdir).resolve()
    root = Path(root).resolve()
    if outdir == root or root in outdir.parents:
        raise SystemExit(f"Choose an OUTDIR outside the repository, for example ../dl-course "
                         f"(got {outdir})")
    return outdir


def copy_package(target, root=ROOT):
    """The folder a hub installs (`pip install -e`): utils/ with datasets/ beside it, as
    utils.manifest expects (it finds datasets/ next to the utils package)."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints")
    for folder in PACKAGE_FOLDERS:
        shutil.copytree(Path(root) / folder, target / folder, ignore=ignore, dirs_exist_ok=True)
    for file in PACKAGE_FILES:
        if (Path(root) / file).exists():
            shutil.copy2(Path(root) / file, target / file)
    return target


def export(outdir, names=(), course_id=COURSE_ID, kernel=None, root=ROOT):
    """Write the course folder; return [(assignment, source notebook path)]."""
    outdir = _check_outdir(outdir, root)
    # Build every notebook first: a malformed one must stop before anything is written.
    built = []
    for source in select_notebooks(names, root):
        relative = source.relative_to(root)
        nb = nbgrader_source(nbformat.read(str(source), as_version=4), str(relative))
        built.append((assignment_name(relative), relative.name, nb))
    written = []
    for assignment, filename, nb in built:
        path = outdir / "source" / assignment / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(path))
        written.append((assignment, path))
    config = outdir / "nbgrader_config.py"
    if config.exists():
        print(f"kept    {config} (already there; delete it to have it written again)")
    else:
        config.write_text(config_text(course_id, kernel))
        print(f"wrote   {config}")
    copy_package(outdir / "package", root)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m utils.workbook export-nbgrader",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", help="the course folder to write (nbgrader's course root)")
    parser.add_argument("notebooks", nargs="*", help="only these notebooks (file names or stems)")
    parser.add_argument("--course", default=COURSE_ID, help=f"nbgrader course id (default: {COURSE_ID})")
    parser.add_argument("--kernel", help="the Jupyter kernel autograde runs submissions in (default: "
                        "the notebooks' own, python3); `make teacher-setup` installs "
                        "deep-learning-notebooks")
    args = parser.parse_intermixed_args(argv)
    try:
        written = export(args.outdir, args.notebooks, args.course, args.kernel)
    except MarkerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for assignment, path in written:
        points = sum(c.metadata["nbgrader"].get("points", 0)
                     for c in nbformat.read(str(path), as_version=4).cells)
        print(f"wrote   {path}  ({assignment}, {points} points)")
    print(f"wrote   {Path(args.outdir) / 'package'} (utils and datasets: install it into the hub image)")
    print(f"{len(written)} assignments. Next, from {args.outdir}: nbgrader generate_assignment ASSIGNMENT")
    return 0
