"""Graders of course2_improving_dnn/w1_a1 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions are rejected with the mistake named where it is a known one."""

import numpy as np
from helpers import passes, rejects

from utils.graders.course2_improving_dnn import w1_a1_initialization as grader


def _initializer(weight, bias=None, seed=3, layers=None, transpose=False):
    """A learner-style initializer: W{l} = weight(n_l, n_prev) in layer order after np.random.seed(seed)."""
    def initialize(layers_dims):
        if seed is not None:
            np.random.seed(seed)
        parameters = {}
        L = layers or len(layers_dims) - 1
        for l in range(1, L + 1):
            shape = (layers_dims[l], layers_dims[l - 1])
            parameters[f"W{l}"] = weight(*shape[::-1]) if transpose else weight(*shape)
            parameters[f"b{l}"] = bias(layers_dims[l]) if bias else np.zeros((layers_dims[l], 1))
        return parameters
    return initialize


def test_initialize_parameters_zeros_wrong_versions():
    check = grader.check_initialize_parameters_zeros
    passes(check, _initializer(lambda n, n_prev: np.zeros((n, n_prev))))
    rejects(check, _initializer(lambda n, n_prev: np.zeros((n, n_prev)), transpose=True), "transposed")
    rejects(check, _initializer(lambda n, n_prev: np.ones((n, n_prev))), "weights are ones")
    rejects(check, _initializer(lambda n, n_prev: np.zeros((n, n_prev)), bias=lambda n: np.zeros(n)),
            "['b1'] has shape (4,)")
    rejects(check, _initializer(lambda n, n_prev: np.zeros((n, n_prev)), layers=3), "raised IndexError")
    rejects(check, _initializer(lambda n, n_prev: np.zeros((n, n_prev)), layers=1), "missing the key(s) 'W2'")
    rejects(check, _initializer(lambda n, n_prev: np.zeros((n, n_prev), dtype=int)), "dtype int")


def test_initialize_parameters_random_wrong_versions():
    check = grader.check_initialize_parameters_random
    passes(check, _initializer(lambda n, n_prev: np.random.randn(n, n_prev) * 10))
    rejects(check, _initializer(lambda n, n_prev: np.random.randn(n, n_prev) * 0.01), "multiplied by 0.01")
    rejects(check, _initializer(lambda n, n_prev: np.random.randn(n, n_prev)), "not multiplied by 10")
    rejects(check, _initializer(lambda n, n_prev: np.random.rand(n, n_prev) * 10), "np.random.rand")
    rejects(check, _initializer(lambda n, n_prev: np.random.randn(n_prev, n).T * 10), "transposed")
    rejects(check, _initializer(lambda n, n_prev: np.random.randn(n, n_prev) * 10,
                                bias=lambda n: np.random.randn(n, 1) * 10), "biases are random")
    rejects(check, _initializer(lambda n, n_prev: np.random.randn(n, n_prev) * 10, seed=None), "wrong values")


def _he_like(scale):
    return _initializer(lambda n, n_prev: np.random.randn(n, n_prev) * scale(n, n_prev))


def test_initialize_parameters_he_wrong_versions():
    check = grader.check_initialize_parameters_he
    passes(check, _he_like(lambda n, n_prev: np.sqrt(2 / n_prev)))
    rejects(check, _he_like(lambda n, n_prev: np.sqrt(2 / n)), "previous one")
    rejects(check, _he_like(lambda n, n_prev: np.sqrt(1 / n_prev)), "Xavier")
    rejects(check, _he_like(lambda n, n_prev: 2 / n_prev), "square root")
    rejects(check, _he_like(lambda n, n_prev: 1 / np.sqrt(2 / n_prev)), "divided")
    rejects(check, _he_like(lambda n, n_prev: 10), "still multiplied by 10")
