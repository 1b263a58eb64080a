"""The learner's workspace: blank copies of the notebooks, grading them, progress.

    python -m utils.workbook start [--force] [NOTEBOOK ...]   make workspace/ copies
    python -m utils.workbook grade NOTEBOOK                   run a notebook, print its score
    python -m utils.workbook status                           progress of the whole workspace
    python -m utils.workbook clean NOTEBOOK ...               (maintainers) strip outputs before a commit
    python -m utils.workbook export-nbgrader OUTDIR [NOTEBOOK ...]   (teachers) an nbgrader course

A learner copy is the course notebook with every region between `### BEGIN SOLUTION` and
`### END SOLUTION` replaced by the nbgrader-style placeholder

    # YOUR CODE HERE
    raise NotImplementedError()

at the indentation of the markers; everything else stays byte-identical, except the
notebook metadata, which is filled in as JupyterLab would on opening it with this environment's
kernel (so that opening an untouched copy changes nothing). `start` never overwrites a file in
workspace/: it says which it kept; `--force` first moves the old copy to workspace/.backups/ with
a timestamp. It signs the copies it writes as trusted and (re)writes workspace/START_HERE.md,
the list of notebooks in order.
"""

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat

from utils.grading import WRAP_WIDTH
from utils.manifest import ROOT

COURSES = ["course1_nn_basics", "course2_improving_dnn", "course3_structuring_ml", "course4_cnn",
           "course5_sequence_models"]
WORKSPACE = ROOT / "workspace"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
PLACEHOLDER = ["# YOUR CODE HERE", "raise NotImplementedError()"]
GRADER_CALL = re.compile(r"^\s*grader\.check_(\w+)\(", re.MULTILINE)
GRADES_FILE = ".grades.json"
# The kernel `make setup` installs into the virtual environment (the Makefile uses the same
# name); committed notebooks name it too, so that opening one in JupyterLab changes nothing.
KERNEL_NAME = "python3"
KERNEL_DISPLAY_NAME = "Python 3 (Deep Learning Notebooks)"


class MarkerError(ValueError):
    """A solution region is malformed; the message names the notebook, cell and line."""


def course_notebooks(root=ROOT):
    """Every course notebook, in curriculum order."""
    return sorted(p for course in COURSES for p in (Path(root) / course).glob("w*.ipynb"))


# ---------------------------------------------------------------------------------------------
# Learner copies


def blank_source(source, where="cell"):
    """The source of one cell with its solution regions replaced by the placeholder."""
    out, inside, begin_line = [], False, None
    lines = source.split("\n")
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith(BEGIN):
            if inside:
                raise MarkerError(f"{where}, line {number}: '{BEGIN}' inside a region opened at "
                                  f"line {begin_line} (regions cannot nest)")
            inside, begin_line = True, number
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + text for text in PLACEHOLDER)
        elif stripped.startswith(END):
            if not inside:
                raise MarkerError(f"{where}, line {number}: '{END}' without a '{BEGIN}' before it")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise MarkerError(f"{where}, line {begin_line}: '{BEGIN}' is never closed by '{END}'")
    return "\n".join(out)


def has_solution(source):
    return any(line.strip().startswith((BEGIN, END)) for line in source.split("\n"))


def learner_copy(nb, name="notebook"):
    """A new notebook object: solution regions blanked, outputs cleared, metadata as JupyterLab
    would write it for this environment's kernel."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    nb.metadata.update(kernel_metadata())
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if has_solution(cell.source):
            where = f"{name}: cell {index} (id {cell.get('id', '?')})"
            cell.source = blank_source(cell.source, where)
        cell.outputs = []
        cell.execution_count = None
    return nb


def kernel_metadata():
    """The notebook metadata JupyterLab writes when it opens a notebook with this environment's
    kernel: the kernelspec `make setup` installs and the kernel's own language_info (the kernel
    runs on this very interpreter, so its Python version is this one's)."""
    from ipykernel.ipkernel import IPythonKernel

    return {"kernelspec": {"display_name": KERNEL_DISPLAY_NAME, "language": "python", "name": KERNEL_NAME},
            "language_info": json.loads(json.dumps(IPythonKernel.language_info))}


def _sign(nb):
    """Mark a notebook we wrote as trusted in the learner's Jupyter notary (best effort)."""
    try:
        from nbformat.sign import NotebookNotary

        NotebookNotary().sign(nb)
    except Exception as error:                     # a read-only home must not stop `start`
        print(f"note: could not mark the copies as trusted ({error}); JupyterLab will ask once")


def notebook_title(nb):
    """The first '# ' heading of the notebook's first cell."""
    for line in (nb.cells[0].source if nb.cells else "").split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    return "(untitled)"


def start_here(sources, root=ROOT):
    """The text of workspace/START_HERE.md: every notebook in order, with its title and a link."""
    lines = ["# Start here", "",
             "Your own copies of the course notebooks. Work them in this order; each builds on the ones",
             "before it. This file is rewritten by `make lab` (`python -m utils.workbook start`); your",
             "notebooks never are.", "",
             "How to work a notebook:",
             "- Run the cells from the top. Each exercise is a function whose body says",
             "  `raise NotImplementedError()`: replace it with your code, run the cell, then run the",
             "  grader cell below it (`grader.check_...`).",
             "- *Run All* stops at the first check that does not pass yet. Fix that exercise, run its cell,",
             "  then continue with *Run > Run Selected Cell and All Below*.",
             "- A check judges only the exercise it names; a note tells you when an earlier exercise of",
             "  yours does not pass yet.",
             "- In a terminal, from the repository folder:",
             "  `.venv/bin/python -m utils.workbook grade workspace/<course>/<notebook>.ipynb` runs a",
             "  notebook and prints your score with every hint; `.venv/bin/python -m utils.workbook status`",
             "  shows your progress over all notebooks.", ""]
    course = None
    number = 0
    for source in sources:
        nb = nbformat.read(str(source), as_version=4)
        relative = source.relative_to(root)
        if relative.parts[0] != course:
            course = relative.parts[0]
            heading = next((line.strip("*").split(" · ")[0] for line in nb.cells[0].source.split("\n")
                            if line.startswith("**Course")), course)
            lines += ["", f"## {heading}", ""]
        number += 1
        lines.append(f"{number}. [{notebook_title(nb)}]({relative.as_posix()}) (`{relative.as_posix()}`)")
    return "\n".join(lines) + "\n"


def write_notebook(nb, path):
    """Write in nbformat's canonical layout, so unchanged cells stay byte-identical."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def select_notebooks(names=(), root=ROOT):
    """The course notebooks named (by file name or stem, e.g. w2_a1_python_basics_with_numpy), or
    all of them when `names` is empty, in course order."""
    sources = course_notebooks(root)
    if not names:
        return sources
    wanted = {Path(n).name for n in names} | {Path(n).stem for n in names}
    chosen = [p for p in sources if p.name in wanted or p.stem in wanted]
    if not chosen:
        raise SystemExit(f"No course notebook matches {', '.join(names)}")
    return chosen


def start(names=(), force=False, root=ROOT, workspace=None):
    """Create the workspace copies; return (created, kept) lists of paths."""
    workspace = Path(workspace or Path(root) / "workspace")
    sources = select_notebooks(names, root)
    # Build every copy first: a malformed marker must stop before anything is written.
    copies = {}
    for source in sources:
        relative = source.relative_to(root)
        copies[relative] = learner_copy(nbformat.read(str(source), as_version=4), str(relative))
    created, kept = [], []
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for relative, nb in copies.items():
        target = workspace / relative
        if target.exists():
            if not force:
                kept.append(target)
                continue
            backup = workspace / ".backups" / relative.parent / f"{relative.stem}.{stamp}.ipynb"
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(target, backup)
            print(f"backed up {target.relative_to(workspace.parent)} -> "
                  f"{backup.relative_to(workspace.parent)}")
        write_notebook(nb, target)
        _sign(nb)
        created.append(target)
    workspace.mkdir(parents=True, exist_ok=True)
    (workspace / "START_HERE.md").write_text(start_here(course_notebooks(root), root))
    return created, kept


def clean(path):
    """Strip outputs, execution counts and editor metadata from a course notebook, in place."""
    nb = nbformat.read(str(path), as_version=4)
    nb.metadata = {"kernelspec": {"display_name": KERNEL_DISPLAY_NAME, "language": "python",
                                  "name": KERNEL_NAME},
                   "language_info": {"name": "python"}}
    for cell in nb.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k == "tags"}
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nbformat.validate(nb)
    write_notebook(nb, path)


# ---------------------------------------------------------------------------------------------
# Grading


def grader_cells(nb):
    """[(cell index, exercise name)] for every grader call, in order."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            found.extend((index, name) for name in GRADER_CALL.findall(cell.source))
    return found


NOT_ATTEMPTED_TEXT = "not attempted yet"


def _cell_result(cell):
    """(result, detail): result is 'passed', 'not attempted', 'not run' or 'failed'; detail is
    the whole message the notebook shows for a failure (None otherwise)."""
    if cell.get("execution_count") is None and not cell.get("outputs"):
        return "not run", None
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            if output.get("ename") == "NotAttempted":
                return "not attempted", None
            message = (output.get("evalue") or "").strip()
            if output.get("ename") != "CheckFailed":
                message = f"{output.get('ename')}: {message}"
            return "failed", message
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
    if "All checks passed." in text:
        return "passed", None
    if NOT_ATTEMPTED_TEXT in text:        # the notebook prints "not attempted" as plain text
        return "not attempted", None
    return "failed", "the check printed no verdict"


def execute(path, timeout=600):
    """Run a notebook top to bottom in a fresh kernel, on with errors; return the executed copy."""
    from nbclient import NotebookClient

    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL_NAME, allow_errors=True,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    # The kernel's own start-up notices (on its stderr) mean nothing to a learner.
    client.execute(stderr=subprocess.DEVNULL)
    return nb


def _assigned_names(source):
    """Names a cell binds (assignments, loops, imports, definitions); empty if it does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def _first_line(source):
    return next((line.strip() for line in source.split("\n") if line.strip()), "")


def grade_results(nb):
    """([(exercise, result, detail)], note): the verdict of every grader cell, and a note on the
    first other cell that raised an error for a reason of its own (or None).

    Errors that only follow from an exercise not attempted yet are not news: the placeholder's
    NotImplementedError, and a NameError for a name that an earlier failed cell would have
    defined. Cells are numbered as in JupyterLab, from 1, markdown cells included.
    """
    graders = grader_cells(nb)
    results = []
    for index, name in graders:
        result, detail = _cell_result(nb.cells[index])
        results.append((name, result, detail))
    graded = {index for index, _ in graders}
    undefined_after_failures = set()
    note = None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        failed = bool(errors) or (index in graded and _cell_result(cell)[0] == "not attempted")
        if errors and index not in graded and note is None:
            ename, evalue = errors[0].get("ename"), (errors[0].get("evalue") or "")
            missing = re.match(r"name '(\w+)' is not defined", evalue)
            follows = ename in ("NotImplementedError", "NotAttempted") or (
                ename == "NameError" and missing and missing.group(1) in undefined_after_failures)
            if not follows:
                note = (f"cell {index + 1} (it starts `{_first_line(cell.source)[:60]}`) raised "
                        f"{ename}: {evalue.strip().splitlines()[0] if evalue.strip() else ''}")
        if failed:
            undefined_after_failures |= _assigned_names(cell.source)
    return results, note


def _indented(text, indent):
    """Text indented under a table row; a message already wrapped at WRAP_WIDTH keeps its lines."""
    lines = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, width=WRAP_WIDTH, break_long_words=False,
                                   break_on_hyphens=False, drop_whitespace=False,
                                   subsequent_indent="    ") or [""])
    return "\n".join(indent + line for line in lines)


def format_table(title, results):
    """The score table; under every failed row, the message the notebook shows, indented."""
    width = max([len("exercise")] + [len(name) for name, *_ in results])
    lines = [title, f"  {'#':>2}  {'exercise':<{width}}  result"]
    for number, (name, result, detail) in enumerate(results, start=1):
        lines.append(f"  {number:>2}  {name:<{width}}  {result}")
        if detail:
            lines.append(_indented(detail, " " * 8))
    passed = sum(result == "passed" for _, result, _ in results)
    lines.append(f"Score: {passed}/{len(results)} exercises passed")
    return "\n".join(lines), passed


def _record(path, passed, total):
    workspace = _workspace_of(path)
    if workspace is None:
        return
    grades_path = workspace / GRADES_FILE
    grades = json.loads(grades_path.read_text()) if grades_path.exists() else {}
    grades[str(Path(path).resolve().relative_to(workspace))] = {
        "passed": passed, "total": total, "when": time.strftime("%Y-%m-%d %H:%M")}
    grades_path.write_text(json.dumps(grades, indent=1, sort_keys=True) + "\n")


def _workspace_of(path):
    for parent in Path(path).resolve().parents:
        if parent.name == "workspace":
            return parent
    return None


def grade(path):
    path = Path(path)
    if not path.is_file():
        raise SystemExit(f"No notebook at {path}. Create your copies with: python -m utils.workbook start")
    print(f"Running {path} ...", flush=True)
    nb = execute(path)
    results, other_error = grade_results(nb)
    if not results:
        print("This notebook has no graded exercises.")
        return 0
    table, passed = format_table(f"Grades for {path}", results)
    print(table)
    if other_error:
        print(_indented(f"Note: {other_error}. Open the notebook to see it in full.", ""))
    _record(path, passed, len(results))
    return 0 if passed == len(results) else 1


# ---------------------------------------------------------------------------------------------
# Status


def status(root=ROOT, workspace=None):
    workspace = Path(workspace or Path(root) / "workspace")
    grades_path = workspace / GRADES_FILE
    grades = json.loads(grades_path.read_text()) if grades_path.exists() else {}
    rows = []
    for source in course_notebooks(root):
        relative = source.relative_to(root)
        original = nbformat.read(str(source), as_version=4)
        exercise_ids = [c.get("id") for c in original.cells
                        if c.cell_type == "code" and has_solution(c.source)]
        copy_path = workspace / relative
        if not copy_path.exists():
            rows.append((str(relative), "no copy yet (run: python -m utils.workbook start)"))
            continue
        copy = nbformat.read(str(copy_path), as_version=4)
        by_id = {c.get("id"): c for c in copy.cells}
        started = sum(1 for i in exercise_ids
                      if i in by_id and PLACEHOLDER[1] not in by_id[i].source)
        text = f"{started}/{len(exercise_ids)} exercises written"
        grade_entry = grades.get(str(relative))
        if grade_entry:
            text += (f"; last graded {grade_entry['when']}: "
                     f"{grade_entry['passed']}/{grade_entry['total']} passed")
        else:
            text += "; not graded yet"
        rows.append((str(relative), text))
    width = max(len(r[0]) for r in rows) if rows else 0
    print(f"Workspace: {workspace}")
    for name, text in rows:
        print(f"  {name:<{width}}  {text}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m utils.workbook", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("start", help="create blank learner copies under workspace/")
    s.add_argument("notebooks", nargs="*", help="only these notebooks (file names or stems)")
    s.add_argument("--force", action="store_true",
                   help="replace existing copies, keeping a timestamped backup of each")
    g = sub.add_parser("grade", help="run a notebook headless and print its score table")
    g.add_argument("notebook")
    sub.add_parser("status", help="progress of every notebook in the workspace")
    c = sub.add_parser("clean", help="(maintainers) strip outputs and metadata before committing")
    c.add_argument("notebooks", nargs="+")
    # Its own parser (utils/nbgrader_export.py) takes options and notebook names in any order.
    sub.add_parser("export-nbgrader", add_help=False,
                   help="(teachers) write an nbgrader course folder (README.md, For teachers)")
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["export-nbgrader"]:
        from utils import nbgrader_export

        return nbgrader_export.main(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "clean":
        for path in args.notebooks:
            clean(path)
            print(f"cleaned {path}")
        return 0
    if args.command == "start":
        try:
            created, kept = start(args.notebooks, force=args.force)
        except MarkerError as error:
            print(f"error: malformed solution markers in {error}", file=sys.stderr)
            return 2
        for path in created:
            print(f"created {path.relative_to(ROOT)}")
        for path in kept:
            print(f"kept    {path.relative_to(ROOT)} (already there; your work is untouched)")
        print(f"{len(created)} created, {len(kept)} kept in workspace/ (make lab opens JupyterLab there)")
        return 0
    if args.command == "grade":
        return grade(args.notebook)
    return status()


if __name__ == "__main__":
    sys.exit(main())
