"""Learner copies: placeholders replace solutions, nothing else changes, nothing is overwritten;
grading reads the grader cells of an executed notebook."""

import json
import shutil
import subprocess
import sys

import nbformat
import pytest
from helpers import ROOT

from utils import workbook
from utils.workbook import BEGIN, END, MarkerError, blank_source, course_notebooks, learner_copy

NOTEBOOKS = course_notebooks()


def test_blank_source_keeps_indentation_and_surroundings():
    source = "def f(x):\n    m = 1\n    ### BEGIN SOLUTION\n    y = x + m\n    ### END SOLUTION\n    return y"
    assert blank_source(source) == ("def f(x):\n    m = 1\n    # YOUR CODE HERE\n"
                                    "    raise NotImplementedError()\n    return y")


@pytest.mark.parametrize("source, message", [
    (f"{BEGIN}\nx = 1", "line 1: '### BEGIN SOLUTION' is never closed"),
    (f"x = 1\n{END}", "line 2: '### END SOLUTION' without"),
    (f"{BEGIN}\n{BEGIN}\n{END}", "line 2: '### BEGIN SOLUTION' inside a region opened at line 1"),
])
def test_malformed_markers_are_refused_with_their_line(source, message):
    with pytest.raises(MarkerError, match=message.replace("(", r"\(")):
        blank_source(source, "nb: cell 3")


def test_malformed_notebook_names_the_cell():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell(f"{BEGIN}\ny = 2")]
    with pytest.raises(MarkerError, match="cell 1"):
        learner_copy(nb, "demo.ipynb")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_learner_copy_hides_every_solution_line_and_changes_nothing_else(path):
    original = nbformat.read(str(path), as_version=4)
    copy = learner_copy(original, path.name)
    assert len(copy.cells) == len(original.cells)
    for before, after in zip(original.cells, copy.cells):
        assert before.get("id") == after.get("id")
        if before.cell_type == "code" and workbook.has_solution(before.source):
            solution_lines = set()
            inside = False
            for line in before.source.split("\n"):
                if line.strip().startswith(BEGIN):
                    inside = True
                elif line.strip().startswith(END):
                    inside = False
                elif inside and line.strip():
                    solution_lines.add(line)
            assert "raise NotImplementedError()" in after.source
            assert BEGIN not in after.source and END not in after.source
            leaked = [line for line in after.source.split("\n") if line in solution_lines]
            assert not leaked, f"solution lines leak into the learner copy: {leaked}"
        else:
            assert json.dumps(before, sort_keys=True) == json.dumps(after, sort_keys=True)
    assert copy.metadata == {**original.metadata, **workbook.kernel_metadata()}


def test_learner_copy_metadata_is_what_jupyterlab_writes_on_opening_it():
    """JupyterLab sets the kernelspec from the kernel it starts and language_info from that
    kernel's kernel_info reply; when both already hold those values, opening a notebook leaves it
    unmodified (no "save changes?" on close). Ask the installed kernel itself."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel

    spec = KernelSpecManager().get_kernel_spec(workbook.KERNEL_NAME)
    manager, client = start_new_kernel(kernel_name=workbook.KERNEL_NAME)
    try:
        reply = client.kernel_info(reply=True, timeout=60)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    copy = learner_copy(nbformat.read(str(NOTEBOOKS[0]), as_version=4))
    assert copy.metadata["kernelspec"] == {"name": workbook.KERNEL_NAME, "display_name": spec.display_name,
                                           "language": spec.language}
    assert copy.metadata["language_info"] == reply["content"]["language_info"]


def test_start_never_overwrites_and_force_keeps_a_backup(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter"))     # the notary's database
    created, kept = workbook.start(root=ROOT, workspace=tmp_path)
    assert len(created) == len(NOTEBOOKS) and not kept
    target = created[0]
    target.write_text(target.read_text().replace("YOUR CODE HERE", "MY OWN WORK"))
    created, kept = workbook.start(root=ROOT, workspace=tmp_path)
    assert not created and target in kept
    assert "MY OWN WORK" in target.read_text()
    created, kept = workbook.start([target.name], force=True, root=ROOT, workspace=tmp_path)
    assert created == [target] and "MY OWN WORK" not in target.read_text()
    backups = list((tmp_path / ".backups").rglob("*.ipynb"))
    assert len(backups) == 1 and "MY OWN WORK" in backups[0].read_text()


def _executed(cells):
    nb = nbformat.v4.new_notebook()
    for source, outputs in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = [nbformat.from_dict(o) for o in outputs]
        cell.execution_count = 1
        nb.cells.append(cell)
    return nb


def test_grade_results_reads_verdicts():
    passed = {"output_type": "stream", "name": "stdout", "text": "  ok  x\nAll checks passed.\n"}
    calm = {"output_type": "stream", "name": "stdout",
            "text": "e: not attempted yet. Replace `raise NotImplementedError()` in e ...\n"}
    nb = _executed([
        ("grader.check_a(a)", [passed]),
        ("grader.check_b(b)", [{"output_type": "error", "ename": "NotAttempted",
                                "evalue": "b: not attempted yet.", "traceback": []}]),
        ("grader.check_c(c)", [{"output_type": "error", "ename": "CheckFailed",
                                "evalue": "c: wrong values\n  expected: 1\n  hint: use np.exp(-x).",
                                "traceback": []}]),
        ("grader.check_d(d)", [{"output_type": "error", "ename": "NameError",
                                "evalue": "name 'd' is not defined", "traceback": []}]),
        ("grader.check_e(e)", [calm]),
        ("x = 1\ny = 2", [{"output_type": "error", "ename": "ValueError", "evalue": "boom",
                           "traceback": []}]),
    ])
    results, other = workbook.grade_results(nb)
    assert results == [("a", "passed", None), ("b", "not attempted", None),
                       ("c", "failed", "c: wrong values\n  expected: 1\n  hint: use np.exp(-x)."),
                       ("d", "failed", "NameError: name 'd' is not defined"),
                       ("e", "not attempted", None)]
    # Numbered from 1 as in JupyterLab, with the cell's first line quoted.
    assert other == "cell 6 (it starts `x = 1`) raised ValueError: boom"
    table, score = workbook.format_table("t", results)
    assert score == 1 and "Score: 1/5 exercises passed" in table
    # The terminal shows the whole message, hint included, under the failed row.
    assert "        c: wrong values\n          expected: 1\n          hint: use np.exp(-x)." in table


def test_errors_that_follow_from_an_unfinished_exercise_are_not_blamed():
    not_implemented = {"output_type": "error", "ename": "NotImplementedError", "evalue": "",
                       "traceback": []}
    nb = _executed([
        ("t_grads, t_cost = propagate(w, b, X, Y)", [not_implemented]),
        ("print(t_grads)", [{"output_type": "error", "ename": "NameError",
                             "evalue": "name 't_grads' is not defined", "traceback": []}]),
        ("grader.check_a(a)", [{"output_type": "stream", "name": "stdout", "text": "All checks passed.\n"}]),
    ])
    assert workbook.grade_results(nb)[1] is None
    # A NameError of the learner's own (a name no failed cell defines) is still pointed at.
    nb.cells[1].outputs[0]["evalue"] = "name 'tgrads' is not defined"
    assert workbook.grade_results(nb)[1] == \
        "cell 2 (it starts `print(t_grads)`) raised NameError: name 'tgrads' is not defined"


def test_cli_start_and_status_in_a_path_with_spaces(tmp_path):
    """The module commands work on a copy of the repository that lives in a folder with spaces."""
    repo = tmp_path / "my course copy"
    shutil.copytree(ROOT / "utils", repo / "utils")
    for path in NOTEBOOKS:
        (repo / path.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, repo / path.relative_to(ROOT))
    env = {"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin", "JUPYTER_DATA_DIR": str(tmp_path / "jupyter")}
    run = subprocess.run([sys.executable, "-m", "utils.workbook", "start"], cwd=repo, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "created" in run.stdout
    again = subprocess.run([sys.executable, "-m", "utils.workbook", "start"], cwd=repo, env=env,
                           capture_output=True, text=True)
    assert "0 created" in again.stdout and "kept" in again.stdout
    assert (tmp_path / "jupyter" / "nbsignatures.db").exists()     # the copies are signed as trusted
    start_here = (repo / "workspace" / "START_HERE.md").read_text()
    assert "1. [Python Basics with NumPy](course1_nn_basics/w2_a1_python_basics_with_numpy.ipynb)" \
        in start_here and "## Course 2 - Improving Deep Neural Networks" in start_here
    status = subprocess.run([sys.executable, "-m", "utils.workbook", "status"], cwd=repo, env=env,
                            capture_output=True, text=True)
    assert status.returncode == 0 and "exercises written; not graded yet" in status.stdout


def test_clean_strips_outputs_and_editor_metadata(tmp_path):
    source = NOTEBOOKS[0]
    nb = nbformat.read(str(source), as_version=4)
    nb.metadata["widgets"] = {"state": {}}
    nb.cells[1].metadata["collapsed"] = True
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", text="hello\n")]
    code.execution_count = 3
    dirty = tmp_path / source.name
    nbformat.write(nb, str(dirty))
    workbook.clean(dirty)
    assert dirty.read_text() == source.read_text()


def test_jupyterlab_news_and_update_checks_are_off_in_this_environment():
    """`make setup` writes JupyterLab settings into the virtual environment, not the learner's home."""
    import json as json_module
    from pathlib import Path

    overrides = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if not (ROOT / ".venv").resolve() == Path(sys.prefix).resolve():
        pytest.skip("not running in the project's .venv")
    settings = json_module.loads(overrides.read_text())["@jupyterlab/apputils-extension:notification"]
    assert settings == {"fetchNews": "false", "checkForUpdates": False}
