"""The setup cell every notebook runs first: seeds, print options, plot style, quiet TensorFlow.

A NumPy-only notebook never pays for importing TensorFlow: `setup` seeds TensorFlow only when
the notebook has already imported it (through `import_tensorflow`).
"""

import os
import random
import sys
from contextlib import contextmanager

import numpy as np

PLOT_STYLE = {
    "figure.figsize": (6.0, 4.0),
    "figure.dpi": 100,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.interpolation": "nearest",
    "font.size": 10,
}


@contextmanager
def _stderr_silenced():
    """Send file descriptor 2 to /dev/null: TensorFlow's C++ start-up notices bypass Python."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(devnull)
        os.close(saved)


def import_tensorflow():
    """Import TensorFlow without its start-up log lines and return the module."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with _stderr_silenced():
        import tensorflow as tf
    tf.get_logger().setLevel("ERROR")
    return tf


def _show_check_failures_briefly():
    """In a Jupyter kernel, show a failed check as its message alone, without grader internals.

    A check that fails shows as an error (the message, no traceback). An exercise not attempted
    yet is no crash: its message prints as plain text, calmly. Both still count as a failed cell,
    so Run All stops there, as it should. A missing or changed data file and a model that does not
    fit pretrained weights are shown the same way: their message names the file or the layer and
    the command to run.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    from utils.data import DataFileError, PretrainedMismatch
    from utils.grading import CheckFailed, NotAttempted, wrap_message

    def handler(shell, etype, value, tb, tb_offset=None):
        if issubclass(etype, NotAttempted):
            print(str(value))
            return []
        text = wrap_message(f"{etype.__name__}: {value}")
        shell._showtraceback(etype, value, text.splitlines())
        return text.splitlines()

    # A missing data file or a model that does not fit its weights is told the same way: the
    # message (which names the file, the layer and the command to run), not a stack trace.
    shell.set_custom_exc((CheckFailed, DataFileError, PretrainedMismatch), handler)


def setup(seed=1):
    """Seed every random source in use, set print options and the plot style.

    Returns a NumPy Generator seeded with `seed`; NumPy's legacy global state
    (`np.random.seed`) is seeded too, because the course's code uses it.
    """
    random.seed(seed)
    np.random.seed(seed)
    np.set_printoptions(precision=8, suppress=False, linewidth=100)
    if "matplotlib" in sys.modules or "ipykernel" in sys.modules:
        import matplotlib

        matplotlib.rcParams.update(PLOT_STYLE)
    if "tensorflow" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)
        sys.modules["tensorflow"].config.experimental.enable_op_determinism()
    _show_check_failures_briefly()
    return np.random.default_rng(seed)
