"""Graders of course2_improving_dnn/w1_a1 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions are rejected with the mistake named where it is a known one."""

import textwrap

import numpy as np
import pytest
from helpers import passes
from helpers import rejects as _rejects

from utils.graders.course2_improving_dnn import w1_a1_initialization as grader


def rejects(check, fn, *fragments):
    """helpers.rejects, with the fragments looked for in the message as one line: messages are
    wrapped at word boundaries, so a fragment may straddle a line break."""
    message = " ".join(_rejects(check, fn).split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in message, f"{fragment!r} not in:\n{message}"
    return message


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


ORIGINAL_INITIALIZERS = """
    def initialize_parameters_zeros(layers_dims):
        parameters = {}
        L = len(layers_dims)
        for l in range(1, L):
            parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l-1]))
            parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
        return parameters

    def initialize_parameters_random(layers_dims):
        np.random.seed(3)
        parameters = {}
        L = len(layers_dims)
        for l in range(1, L):
            parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l-1]) * 10
            parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
        return parameters

    def initialize_parameters_he(layers_dims):
        np.random.seed(3)
        parameters = {}
        L = len(layers_dims) - 1
        for l in range(1, L + 1):
            parameters['W' + str(l)] = (np.random.randn(layers_dims[l], layers_dims[l-1])
                                        * np.sqrt(2./layers_dims[l-1]))
            parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
        return parameters
"""


@pytest.mark.parametrize("name", ["initialize_parameters_zeros", "initialize_parameters_random",
                                  "initialize_parameters_he"])
def test_code_written_for_the_original_course_passes(name):
    """The original template seeds with np.random.seed(3) inside the function and builds the keys
    with 'W' + str(l): the same numbers, so it passes unchanged."""
    namespace = {"np": np}
    exec(textwrap.dedent(ORIGINAL_INITIALIZERS), namespace)
    passes(getattr(grader, f"check_{name}"), namespace[name])
