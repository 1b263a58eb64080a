"""Helpers shared by the Course 2 graders."""

import io
from contextlib import redirect_stdout

__all__ = ["gradient_keys", "quietly"]


def quietly(checker, *args, **kwargs):
    """checker.call(...) with whatever the learner's function prints swallowed."""
    with redirect_stdout(io.StringIO()):
        return checker.call(*args, **kwargs)


def gradient_keys(num_layers):
    """["dW1", "db1", ..., "dWL", "dbL"]."""
    return [f"d{p}{l}" for l in range(1, num_layers + 1) for p in ("W", "b")]
