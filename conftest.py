"""Project-wide pytest hooks: a per-notebook time table at the end of every run.

nbval turns each notebook cell into a test item; this adds the cell times up per notebook and
prints them slowest first, with the total, so the 120 s per-notebook budget is visible in
every CI log. The table is also written to reports/notebook-times.txt.
"""

from collections import defaultdict
from pathlib import Path

_notebook_seconds = defaultdict(float)
_notebook_failed = set()


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration
        if report.failed:
            _notebook_failed.add(path)


def pytest_terminal_summary(terminalreporter):
    if not _notebook_seconds:
        return
    rows = sorted(_notebook_seconds.items(), key=lambda item: -item[1])
    lines = [f"{seconds:8.1f} s  {path}{'  (FAILED)' if path in _notebook_failed else ''}"
             for path, seconds in rows]
    lines.append(f"{sum(_notebook_seconds.values()):8.1f} s  total over {len(rows)} notebooks")
    terminalreporter.write_sep("=", "notebook times (kernel start not included)")
    for line in lines:
        terminalreporter.write_line(line)
    reports = Path(__file__).parent / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "notebook-times.txt").write_text("\n".join(lines) + "\n")
