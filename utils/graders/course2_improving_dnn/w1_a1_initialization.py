"""Graders for course2_improving_dnn/w1_a1_initialization.ipynb.

Each check calls the learner's initializer on layer sizes of its own (other depths and widths
than the notebook's [2, 10, 5, 1], so a hard-coded network fails) and compares with the values
the rule gives after np.random.seed(3), drawing W1, W2, ... in order.
"""

import numpy as np

from utils.grading import Checker

GRADER_DIMS = ((3, 4, 1), (5, 3, 4, 2, 1))
SHAPE_HINT = "W{l} has shape (layers_dims[l], layers_dims[l - 1]) and b{l} has shape (layers_dims[l], 1)."


def _parameters(layers_dims, weight, bias=None, seed=3):
    """{"W1", "b1", ...}: weight(n_l, n_prev) for each W in order after np.random.seed(seed)."""
    np.random.seed(seed)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = weight(layers_dims[l], layers_dims[l - 1])
        parameters[f"b{l}"] = bias(layers_dims[l]) if bias else np.zeros((layers_dims[l], 1))
    return parameters


def _check_keys(c, got, expected):
    c.same_type(got, dict, what="the returned parameters",
                hint="Return the dictionary `parameters`.")
    missing = [k for k in expected if k not in got]
    if missing:
        c.fail(f"the returned parameters are missing the key(s) {', '.join(map(repr, missing))}",
               expected="keys " + ", ".join(map(repr, expected)), got="keys " + ", ".join(map(repr, got)),
               hint="Loop over every layer l = 1 ... L with L = len(layers_dims) - 1, i.e. range(1, L + 1).")
    extra = [k for k in got if k not in expected]
    if extra:
        c.fail(f"the returned parameters have unexpected key(s) {', '.join(map(repr, extra))}",
               expected="keys " + ", ".join(map(repr, expected)), got="keys " + ", ".join(map(repr, got)))


def _check(c, make_expected, mistakes, what):
    for layers_dims in GRADER_DIMS:
        expected = make_expected(layers_dims)
        wrong = {label: make(layers_dims) for label, make in mistakes.items()}
        got = c.call(list(layers_dims))
        _check_keys(c, got, expected)
        c.same_dict(got, expected, what=f"the returned parameters for layers_dims={list(layers_dims)}",
                    mistakes=wrong, hint=SHAPE_HINT)
    c.ok(f"{what} for layers_dims = [3, 4, 1] and [5, 3, 4, 2, 1]: keys, shapes and values")


def check_initialize_parameters_zeros(initialize_parameters_zeros):
    c = Checker(initialize_parameters_zeros, "initialize_parameters_zeros")
    _check(c, lambda dims: _parameters(dims, lambda n, n_prev: np.zeros((n, n_prev))), {
        "the weights are ones; this exercise sets them to zeros": lambda dims: _parameters(
            dims, lambda n, n_prev: np.ones((n, n_prev))),
        "the biases are ones; they should be zeros": lambda dims: _parameters(
            dims, lambda n, n_prev: np.zeros((n, n_prev)), bias=lambda n: np.ones((n, 1))),
    }, "all zeros")
    c.done()


def _normal(scale, draw=None):
    """Parameters with W = draw(n, n_prev) * scale(n, n_prev); draw is np.random.randn by default."""
    def make(layers_dims):
        def weight(n, n_prev):
            return (draw or np.random.randn)(n, n_prev) * scale(n, n_prev)
        return _parameters(layers_dims, weight)
    return make


def _transposed(layers_dims):
    return _parameters(layers_dims, lambda n, n_prev: np.random.randn(n_prev, n).T * 10)


def _random_biases(layers_dims):
    return _parameters(layers_dims, lambda n, n_prev: np.random.randn(n, n_prev) * 10,
                       bias=lambda n: np.random.randn(n, 1) * 10)


def check_initialize_parameters_random(initialize_parameters_random):
    c = Checker(initialize_parameters_random, "initialize_parameters_random")
    _check(c, _normal(lambda n, n_prev: 10), {
        "the weights are not multiplied by 10": _normal(lambda n, n_prev: 1),
        "the weights are multiplied by 0.01; this exercise uses 10": _normal(lambda n, n_prev: 0.01),
        "np.random.rand draws uniform numbers in [0, 1); use np.random.randn (standard normal)":
            _normal(lambda n, n_prev: 10, draw=np.random.rand),
        "the matrix was drawn as randn(n_prev, n) and transposed; draw randn(layers_dims[l], "
        "layers_dims[l - 1])": _transposed,
        "the biases are random too; keep them at zero (draw only the weights, so the random numbers "
        "match)": _random_biases,
    }, "randn * 10 after np.random.seed(3)")
    c.done()


def check_initialize_parameters_he(initialize_parameters_he):
    c = Checker(initialize_parameters_he, "initialize_parameters_he")
    _check(c, _normal(lambda n, n_prev: np.sqrt(2 / n_prev)), {
        "the scale uses the size of the current layer, sqrt(2 / layers_dims[l]); He uses the previous "
        "one, sqrt(2 / layers_dims[l - 1])": _normal(lambda n, n_prev: np.sqrt(2 / n)),
        "that is sqrt(1 / n_prev) (Xavier initialization); He uses sqrt(2 / n_prev)":
            _normal(lambda n, n_prev: np.sqrt(1 / n_prev)),
        "the square root is missing: the scale is sqrt(2 / layers_dims[l - 1])":
            _normal(lambda n, n_prev: 2 / n_prev),
        "that is sqrt(2) / n_prev; the scale is sqrt(2 / n_prev)":
            _normal(lambda n, n_prev: np.sqrt(2) / n_prev),
        "the weights were divided by the scale instead of multiplied by it":
            _normal(lambda n, n_prev: 1 / np.sqrt(2 / n_prev)),
        "the weights are still multiplied by 10": _normal(lambda n, n_prev: 10),
    }, "randn * sqrt(2 / layers_dims[l - 1]) after np.random.seed(3)")
    c.done()
