"""Lesson expectations: the figures a notebook's experiment must show.

On a learner's machine a figure outside its band prints a note and the notebook goes on;
under CI (environment variable CI set to anything but "", "0", "false") it raises
`LessonExpectationError`, so a change that breaks a lesson cannot land.

An accuracy band alone can be met by a model that learnt nothing: a classifier that answers
"cat" to every picture scores the share of cats. So every accuracy expectation also states its
trivial baseline and must beat it:

    expect_between(test_accuracy, 0.60, 0.80, "test accuracy",
                   baseline=majority_rate(test_set_y), baseline_what='always "cat"')

prints `[as expected] test accuracy = 0.680 (expected between 0.600 and 0.800, and above the
baseline 0.660 of always "cat")`. Costs are checked finite with `expect_finite`.
"""

import math
import os
import warnings

import numpy as np


class LessonExpectationError(AssertionError):
    """A notebook's experiment did not show what the lesson says it shows."""


class LessonWarning(UserWarning):
    """Shown to a learner when an experiment lands outside its expected band."""


_format_other_warnings = warnings.formatwarning


def _format_warning(message, category, filename, lineno, line=None):
    """A LessonWarning is one plain line, without the source line of this module."""
    if issubclass(category, LessonWarning):
        return f"LessonWarning: {message}\n"
    return _format_other_warnings(message, category, filename, lineno, line)


warnings.formatwarning = _format_warning


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _fmt(value, fmt):
    try:
        return format(value, fmt)
    except (TypeError, ValueError):
        return repr(value)


def expect(condition, what, detail=""):
    """Print `what` as shown when `condition` holds; otherwise warn (learner) or raise (CI)."""
    if condition:
        print(f"[as expected] {what}" + (f" ({detail})" if detail else ""))
        return
    message = f"{what}: not shown by this run" + (f" ({detail})" if detail else "")
    if in_ci():
        raise LessonExpectationError(message)
    warnings.warn(
        message + ". If you changed the code above, that may be why; if not, please report it.",
        LessonWarning,
        stacklevel=2,
    )


def _is_number(value):
    try:
        return not math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def majority_rate(labels):
    """The accuracy of always answering the most common label: the baseline to beat."""
    labels = np.asarray(labels).ravel()
    if labels.size == 0:
        return float("nan")
    _, counts = np.unique(labels, return_counts=True)
    return float(counts.max() / labels.size)


def _baseline(value, baseline, baseline_what, fmt):
    """(passes, text) for the requirement value > baseline; (True, "") when there is none."""
    if baseline is None:
        return True, ""
    text = f", and above the baseline {_fmt(baseline, fmt)}"
    text += f" of {baseline_what}" if baseline_what else ""
    return _is_number(value) and float(value) > float(baseline), text


def expect_between(value, low, high, what, fmt=".4f", baseline=None, baseline_what=""):
    """Expect low <= value <= high (and value > baseline, if one is given)."""
    beats, tail = _baseline(value, baseline, baseline_what, fmt)
    ok = _is_number(value) and low <= float(value) <= high and beats
    shown = _fmt(value, fmt)
    expect(ok, f"{what} = {shown}", f"expected between {_fmt(low, fmt)} and {_fmt(high, fmt)}{tail}")


def expect_at_least(value, low, what, fmt=".4f", baseline=None, baseline_what=""):
    """Expect value >= low (and value > baseline, if one is given)."""
    beats, tail = _baseline(value, baseline, baseline_what, fmt)
    ok = _is_number(value) and float(value) >= low and beats
    expect(ok, f"{what} = {_fmt(value, fmt)}", f"expected at least {_fmt(low, fmt)}{tail}")


def expect_at_most(value, high, what, fmt=".4f"):
    """Expect value <= high."""
    ok = _is_number(value) and float(value) <= high
    expect(ok, f"{what} = {_fmt(value, fmt)}", f"expected at most {_fmt(high, fmt)}")


def expect_close(value, target, what, atol=1e-6, fmt=".6f"):
    """Expect |value - target| <= atol."""
    ok = _is_number(value) and abs(float(value) - target) <= atol
    expect(ok, f"{what} = {_fmt(value, fmt)}", f"expected {_fmt(target, fmt)} within {atol:g}")


def expect_finite(values, what):
    """Expect every value (a number, or a list or array of them) to be finite: no nan, no inf."""
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        expect(False, f"{what} are finite numbers", "they are not numbers")
        return
    bad = np.flatnonzero(~np.isfinite(array))
    detail = (f"all {array.size} finite" if bad.size == 0 else
              f"{bad.size} of {array.size} are nan or inf, the first at position {bad[0]}")
    expect(array.size > 0 and bad.size == 0, f"{what} are finite", detail)


def expect_decreasing(values, what, fmt=".4f"):
    """Expect every value to be below the one before it."""
    values = [float(v) for v in values]
    ok = len(values) >= 2 and all(b < a for a, b in zip(values, values[1:]))
    shown = ", ".join(_fmt(v, fmt) for v in values[:3]) + (" ..." if len(values) > 3 else "")
    expect(ok, f"{what} decreases", f"{shown} -> {_fmt(values[-1], fmt)}" if values else "no values")
