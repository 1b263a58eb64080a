"""Graders for course1_nn_basics/w2_a1_python_basics_with_numpy.ipynb.

Each check calls the learner's function on inputs of its own (other shapes than the notebook's
examples, so a hard-coded size fails) and compares with the formula it should implement.
sigmoid_derivative is run with the reference sigmoid, so that it is judged on its own code.
"""

import math

import numpy as np

from utils.grading import Checker


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def check_basic_sigmoid(basic_sigmoid):
    c = Checker(basic_sigmoid, "basic_sigmoid")
    for x in (-1.5, 0, 2.25):
        expected = 1 / (1 + math.exp(-x))
        c.same_scalar(c.call(x), expected, what=f"basic_sigmoid({x})", mistakes={
            "the sign of the exponent is flipped: use e^(-x)": 1 / (1 + math.exp(x)),
            "the denominator is 1 - e^(-x); it should be 1 + e^(-x)":
                1 / (1 - math.exp(-x)) if x != 0 else math.inf,
            "that is e^(-x) / (1 + e^(-x)) = 1 - sigmoid(x)": math.exp(-x) / (1 + math.exp(-x)),
        })
    c.ok("a number, and the right one, for basic_sigmoid(-1.5), (0) and (2.25)")
    c.done()


def check_sigmoid(sigmoid):
    c = Checker(sigmoid, "sigmoid")
    x = np.array([[-3.0, -0.5, 0.0, 0.75], [1.5, 2.0, 4.0, -1.25]])
    with np.errstate(divide="ignore"):
        wrong_denominator = 1 / (1 - np.exp(-x))
    mistakes = {
        "the sign of the exponent is flipped: use np.exp(-x)": _sigmoid(-x),
        "the denominator is 1 - e^(-x); it should be 1 + e^(-x)": wrong_denominator,
        "the output is tanh(x), not the sigmoid": np.tanh(x),
    }
    c.same_array(c.call(x), _sigmoid(x), what="sigmoid(x)", mistakes=mistakes)
    c.ok("works on a (2, 4) array: right shape and values, input left unchanged")
    column = np.array([[0.2], [-7.0], [3.3]])
    c.same_array(c.call(column), _sigmoid(column), what="sigmoid(column)")
    c.same_scalar(c.call(0.0), 0.5, what="sigmoid(0.0)")
    c.ok("works on a (3, 1) column and on a plain number")
    c.done()


def check_sigmoid_derivative(sigmoid_derivative):
    c = Checker(sigmoid_derivative, "sigmoid_derivative", uses={"sigmoid": (_sigmoid, check_sigmoid)})
    x = np.array([[-2.0, -0.3, 0.0], [0.8, 1.7, 5.0]])
    s = _sigmoid(x)
    mistakes = {
        "the formula was applied to x instead of to s = sigmoid(x)": x * (1 - x),
        "that is sigma(x) alone; the derivative is s * (1 - s)": s,
        "that is s * (1 + s); the derivative is s * (1 - s)": s * (1 + s),
        "that is s^2; the derivative is s * (1 - s)": s * s,
    }
    c.same_array(c.call(x), s * (1 - s), what="sigmoid_derivative(x)", mistakes=mistakes)
    c.ok("works on a (2, 3) array: right shape and values")
    c.same_scalar(c.call(0.0), 0.25, what="sigmoid_derivative(0.0)")
    c.ok("sigmoid_derivative(0.0) = 0.25, its maximum")
    c.done()


def check_image2vector(image2vector):
    c = Checker(image2vector, "image2vector")
    rng = np.random.default_rng(7)
    for shape in [(4, 5, 3), (2, 3, 1)]:
        image = rng.random(shape)
        expected = image.reshape(-1, 1)
        c.same_array(c.call(image), expected, what=f"image2vector(image of shape {shape})", mistakes={
            "the entries are in column-major order (image.T or order='F'); "
            "use NumPy's default row-major order": image.reshape(-1, 1, order="F"),
        })
    c.ok("flattens (4, 5, 3) and (2, 3, 1) images to columns, in row-major order")
    c.done()


def check_normalize_rows(normalize_rows):
    c = Checker(normalize_rows, "normalize_rows")
    x = np.array([[1.0, -2.0, 2.0, 4.0], [0.0, 3.0, 0.0, -4.0], [2.0, 1.0, 1.0, 0.5]])
    row_norms = np.linalg.norm(x, axis=1, keepdims=True)
    mistakes = {
        "the norms were taken over columns (axis=0); rows need axis=1": x / np.linalg.norm(x, axis=0,
                                                                                            keepdims=True),
        "each row was divided by its sum of absolute values, not its Euclidean norm":
            x / np.abs(x).sum(axis=1, keepdims=True),
        "each row was divided by its squared norm; take the square root": x / row_norms**2,
        "the whole matrix was divided by one norm of all entries": x / np.linalg.norm(x),
    }
    got = c.call(x)
    c.same_array(got, x / row_norms, what="normalize_rows(x)", mistakes=mistakes,
                 hint="np.linalg.norm(x, axis=1, keepdims=True) gives one norm per row, shape (n, 1).")
    c.ok("normalizes a (3, 4) matrix row by row and leaves the input unchanged")
    c.done()


def check_softmax(softmax):
    c = Checker(softmax, "softmax")
    x = np.array([[1.0, 2.0, 0.5, -1.0, 3.0], [0.0, 0.0, 0.0, 0.0, 0.0], [-2.0, 4.0, 1.0, 1.0, 0.3]])
    e = np.exp(x)
    expected = e / e.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        no_exp = x / x.sum(axis=1, keepdims=True)
    mistakes = {
        "the exponentials were normalized over columns (axis=0); softmax is row-wise here (axis=1)":
            e / e.sum(axis=0, keepdims=True),
        "the exponentials were divided by the sum over the whole matrix; sum each row":
            e / e.sum(),
        "np.exp was not applied before normalizing": no_exp,
    }
    c.same_array(c.call(x), expected, what="softmax(x)", mistakes=mistakes)
    c.ok("row-wise softmax of a (3, 5) matrix: right shape and values")
    single = np.array([[0.1, 0.2, 0.7]])
    c.same_array(c.call(single), np.exp(single) / np.exp(single).sum(), what="softmax(one row)")
    c.ok("works on a single row of shape (1, 3)")
    c.done()


def check_L1(L1):
    c = Checker(L1, "L1")
    yhat = np.array([0.3, 0.8, 0.05, 0.6, 0.99, 0.1, 0.45])
    y = np.array([0, 1, 0, 1, 1, 0, 1])
    d = y - yhat
    c.same_scalar(c.call(yhat, y), np.sum(np.abs(d)), what="L1(yhat, y)", mistakes={
        "that is the sum of squares (the L2 loss)": np.sum(d**2),
        "that is the mean of |y - yhat|; L1 is the sum": np.mean(np.abs(d)),
        "the absolute value is missing: differences of opposite signs cancel": np.sum(d),
        "that is the sum of -|y - yhat|: the sign is flipped": -np.sum(np.abs(d)),
    })
    c.ok("L1 on 7 predictions: a single number with the right value")
    c.done()


def check_L2(L2):
    c = Checker(L2, "L2")
    yhat = np.array([0.3, 0.8, 0.05, 0.6, 0.99, 0.1, 0.45])
    y = np.array([0, 1, 0, 1, 1, 0, 1])
    d = y - yhat
    c.same_scalar(c.call(yhat, y), np.sum(d**2), what="L2(yhat, y)", mistakes={
        "that is the sum of absolute differences (the L1 loss)": np.sum(np.abs(d)),
        "that is the mean of the squares; L2 is the sum": np.mean(d**2),
        "that is the Euclidean norm (the square root of L2)": np.sqrt(np.sum(d**2)),
        "the differences were not squared: differences of opposite signs cancel": np.sum(d),
    })
    c.ok("L2 on 7 predictions: a single number with the right value")
    c.done()
