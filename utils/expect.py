"""Lesson expectations: the figures a notebook's experiment must show.

On a learner's machine a figure outside its band prints a note and the notebook goes on;
under CI (environment variable CI set to anything but "", "0", "false") it raises
`LessonExpectationError`, so a change that breaks a lesson cannot land.
"""

import math
import os
import warnings


class LessonExpectationError(AssertionError):
    """A notebook's experiment did not show what the lesson says it shows."""


class LessonWarning(UserWarning):
    """Shown to a learner when an experiment lands outside its expected band."""


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


def expect_between(value, low, high, what, fmt=".4f"):
    """Expect low <= value <= high."""
    ok = _is_number(value) and low <= float(value) <= high
    shown = _fmt(value, fmt)
    expect(ok, f"{what} = {shown}", f"expected between {_fmt(low, fmt)} and {_fmt(high, fmt)}")


def expect_at_least(value, low, what, fmt=".4f"):
    """Expect value >= low."""
    ok = _is_number(value) and float(value) >= low
    expect(ok, f"{what} = {_fmt(value, fmt)}", f"expected at least {_fmt(low, fmt)}")


def expect_at_most(value, high, what, fmt=".4f"):
    """Expect value <= high."""
    ok = _is_number(value) and float(value) <= high
    expect(ok, f"{what} = {_fmt(value, fmt)}", f"expected at most {_fmt(high, fmt)}")


def expect_close(value, target, what, atol=1e-6, fmt=".6f"):
    """Expect |value - target| <= atol."""
    ok = _is_number(value) and abs(float(value) - target) <= atol
    expect(ok, f"{what} = {_fmt(value, fmt)}", f"expected {_fmt(target, fmt)} within {atol:g}")


def expect_decreasing(values, what, fmt=".4f"):
    """Expect every value to be below the one before it."""
    values = [float(v) for v in values]
    ok = len(values) >= 2 and all(b < a for a, b in zip(values, values[1:]))
    shown = ", ".join(_fmt(v, fmt) for v in values[:3]) + (" ..." if len(values) > 3 else "")
    expect(ok, f"{what} decreases", f"{shown} -> {_fmt(values[-1], fmt)}" if values else "no values")
