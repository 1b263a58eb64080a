"""Helpers shared by the Course 2 graders."""

import io
import types
from contextlib import redirect_stdout


def with_globals(fn, **names):
    """A copy of the learner's function that sees `names` in place of the notebook's globals.

    Lets a grader run, say, the learner's gradient_check on a forward pass of the grader's own
    (another network, a planted bug) without touching the notebook's namespace. Anything other
    than a plain Python function is returned unchanged.
    """
    if not isinstance(fn, types.FunctionType):
        return fn
    namespace = dict(fn.__globals__)
    namespace.update(names)
    copy = types.FunctionType(fn.__code__, namespace, fn.__name__, fn.__defaults__, fn.__closure__)
    copy.__kwdefaults__ = fn.__kwdefaults__
    return copy


def quietly(checker, *args, **kwargs):
    """checker.call(...) with whatever the learner's function prints swallowed."""
    with redirect_stdout(io.StringIO()):
        return checker.call(*args, **kwargs)


def gradient_keys(num_layers):
    """["dW1", "db1", ..., "dWL", "dbL"]."""
    return [f"d{p}{l}" for l in range(1, num_layers + 1) for p in ("W", "b")]
