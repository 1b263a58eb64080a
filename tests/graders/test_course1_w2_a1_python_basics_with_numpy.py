"""Graders of course1_nn_basics/w2_a1 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions are rejected with the mistake named where it is a known one."""

import math

import numpy as np
from helpers import exercises, passes
from helpers import rejects as _rejects

from utils.graders.course1_nn_basics import w2_a1_python_basics_with_numpy as grader
from utils.grading import with_globals


def rejects(check, fn, *fragments):
    """helpers.rejects, with the fragments looked for in the message as one line: messages are
    wrapped at word boundaries, so a fragment may straddle a line break."""
    message = " ".join(_rejects(check, fn).split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in message, f"{fragment!r} not in:\n{message}"
    return message


def test_basic_sigmoid_wrong_versions():
    def flipped(x):
        return 1 / (1 + math.exp(x))

    def returns_nothing(x):
        1 / (1 + math.exp(-x))

    def returns_list(x):
        return [1 / (1 + math.exp(-x))]

    def exponent_only(x):
        return math.exp(-x)

    rejects(grader.check_basic_sigmoid, flipped, "sign of the exponent")
    rejects(grader.check_basic_sigmoid, returns_nothing, "is None", "return")
    rejects(grader.check_basic_sigmoid, returns_list, "should be a number")
    rejects(grader.check_basic_sigmoid, exponent_only, "is wrong")


def test_sigmoid_wrong_versions():
    def with_math(x):
        return 1 / (1 + math.exp(-x))

    def flipped(x):
        return 1 / (1 + np.exp(x))

    def tanh(x):
        return np.tanh(x)

    def integer_division(x):
        return (1 // (1 + np.exp(-x))).astype(int)

    message = rejects(grader.check_sigmoid, with_math, "raised TypeError", "at line")
    assert "with_math" in message or "1 / (1 + math.exp(-x))" in message
    rejects(grader.check_sigmoid, flipped, "sign of the exponent")
    rejects(grader.check_sigmoid, tanh, "tanh")
    rejects(grader.check_sigmoid, integer_division, "dtype")


def test_sigmoid_derivative_wrong_versions():
    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    def on_x(x):
        return x * (1 - x)

    def plus(x):
        s = sigmoid(x)
        return s * (1 + s)

    def just_sigmoid(x):
        return sigmoid(x)

    rejects(grader.check_sigmoid_derivative, on_x, "applied to x instead")
    rejects(grader.check_sigmoid_derivative, plus, "s * (1 + s)")
    rejects(grader.check_sigmoid_derivative, just_sigmoid, "sigma(x) alone")


def test_image2vector_wrong_versions():
    def hard_coded(image):
        return image.reshape(18, 1)

    def row_vector(image):
        return image.reshape(1, -1)

    def fortran(image):
        return image.reshape(-1, 1, order="F")

    def flat(image):
        return image.reshape(-1)

    rejects(grader.check_image2vector, hard_coded, "raised ValueError")
    rejects(grader.check_image2vector, row_vector, "shape (1, 60)", "transposed")
    rejects(grader.check_image2vector, fortran, "column-major")
    rejects(grader.check_image2vector, flat, "shape (60,)")


def test_normalize_rows_wrong_versions():
    def columns(x):
        return x / np.linalg.norm(x, axis=0, keepdims=True)

    def no_keepdims(x):
        return x / np.linalg.norm(x, axis=1)

    def in_place(x):
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        return x

    def squared(x):
        return x / np.sum(x**2, axis=1, keepdims=True)

    rejects(grader.check_normalize_rows, columns, "axis=0")
    rejects(grader.check_normalize_rows, no_keepdims, "raised ValueError")
    rejects(grader.check_normalize_rows, in_place, "changed its argument `x` in place")
    rejects(grader.check_normalize_rows, squared, "squared norm")


def test_softmax_wrong_versions():
    def columns(x):
        e = np.exp(x)
        return e / e.sum(axis=0, keepdims=True)

    def whole(x):
        e = np.exp(x)
        return e / e.sum()

    def no_keepdims(x):
        e = np.exp(x)
        return e / e.sum(axis=1)

    def nan_output(x):
        return np.full(x.shape, np.nan)

    rejects(grader.check_softmax, columns, "axis=0")
    rejects(grader.check_softmax, whole, "whole matrix")
    rejects(grader.check_softmax, no_keepdims)
    rejects(grader.check_softmax, nan_output, "nan")


def test_L1_wrong_versions():
    def squares(yhat, y):
        return np.sum((y - yhat) ** 2)

    def mean(yhat, y):
        return np.mean(np.abs(y - yhat))

    def no_abs(yhat, y):
        return np.sum(y - yhat)

    def array_out(yhat, y):
        return np.abs(y - yhat)

    rejects(grader.check_L1, squares, "L2 loss")
    rejects(grader.check_L1, mean, "mean")
    rejects(grader.check_L1, no_abs, "absolute value is missing")
    rejects(grader.check_L1, array_out, "single number")


def test_L2_wrong_versions():
    def absolute(yhat, y):
        return np.sum(np.abs(y - yhat))

    def norm(yhat, y):
        return np.linalg.norm(y - yhat)

    def mean(yhat, y):
        return np.mean((y - yhat) ** 2)

    def raises(yhat, y):
        return np.dot(y - yhat, (y - yhat).reshape(1, -1))

    rejects(grader.check_L2, absolute, "L1 loss")
    rejects(grader.check_L2, norm, "square root")
    rejects(grader.check_L2, mean, "mean")
    rejects(grader.check_L2, raises, "raised ValueError")


def test_grader_needs_a_function():
    rejects(grader.check_sigmoid, None, "needs your function itself")
    rejects(grader.check_sigmoid, np.array([0.5]), "needs your function itself")


# ---------------------------------------------------------------------------------------------
# sigmoid_derivative is judged on its own code, whatever the learner's sigmoid


NOTEBOOK = "course1_nn_basics/w2_a1_python_basics_with_numpy.ipynb"


def test_a_correct_sigmoid_derivative_beside_a_wrong_sigmoid_passes_with_a_note():
    def wrong_sigmoid(x):
        return 1 / (1 + np.exp(x))

    derivative = with_globals(exercises(NOTEBOOK)["sigmoid_derivative"], sigmoid=wrong_sigmoid)
    out = " ".join(passes(grader.check_sigmoid_derivative, derivative).split())
    assert ("note: your sigmoid does not pass check_sigmoid yet; sigmoid_derivative was checked "
            "with the reference sigmoid") in out


def test_a_wrong_sigmoid_derivative_beside_a_correct_sigmoid_fails_without_a_note():
    def squared(x):
        s = sigmoid(x)                      # noqa: F821 (the notebook's sigmoid, given below)
        return s * s

    wrong = with_globals(squared, sigmoid=exercises(NOTEBOOK)["sigmoid"])
    message = rejects(grader.check_sigmoid_derivative, wrong, "that is s^2")
    assert "note:" not in message


def test_the_original_course_sigmoid_derivative_passes():
    def sigmoid(x):
        s = 1 / (1 + np.exp(-x))
        return s

    def sigmoid_derivative(x):
        s = sigmoid(x)
        ds = s * (1 - s)
        return ds

    assert "note:" not in passes(grader.check_sigmoid_derivative, sigmoid_derivative)
