"""Graders of course1_nn_basics/w4_a1 (solution and blank stub: tests/test_grader_contract.py): plausible
wrong versions are rejected (naming the mistake where it is a known one), and the numerical
gradient check behind the backward graders agrees with the reference and catches a wrong gradient."""

import copy
import types

import numpy as np
import pytest
from helpers import exercises, passes
from helpers import rejects as _rejects

from utils.graders.course1_nn_basics import w4_a1_deep_neural_network_step_by_step as grader
from utils.grading import Checker, CheckFailed, with_globals
from utils.nn import dense
from utils.nn.dense import linear_backward, linear_forward, relu, relu_backward, sigmoid, sigmoid_backward

NOTEBOOK = "course1_nn_basics/w4_a1_deep_neural_network_step_by_step.ipynb"
NAMES = ["initialize_parameters", "initialize_parameters_deep", "linear_forward",
         "linear_activation_forward", "L_model_forward", "compute_cost", "linear_backward",
         "linear_activation_backward", "L_model_backward", "update_parameters"]


def rejects(check, fn, *fragments):
    """helpers.rejects, with the fragments looked for in the message as one line: messages are
    wrapped at word boundaries, so a fragment may straddle a line break."""
    message = " ".join(_rejects(check, fn).split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in message, f"{fragment!r} not in:\n{message}"
    return message


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes(name):
    passes(getattr(grader, f"check_{name}"), getattr(dense, name))


def test_an_unfinished_helper_gets_a_note():
    namespace = dict(exercises(NOTEBOOK))
    namespace["linear_activation_forward"] = exercises(NOTEBOOK, blank=True)["linear_activation_forward"]
    L_model_forward = types.FunctionType(exercises(NOTEBOOK)["L_model_forward"].__code__, namespace)
    out = " ".join(passes(grader.check_L_model_forward, L_model_forward).split())
    assert ("note: your linear_activation_forward is not attempted yet; L_model_forward was checked "
            "with the reference linear_activation_forward") in out


# ---------------------------------------------------------------------------------------------
# Initialization


def test_initialize_parameters_wrong_versions():
    def unscaled(n_x, n_h, n_y):
        np.random.seed(1)
        return {"W1": np.random.randn(n_h, n_x), "b1": np.zeros((n_h, 1)),
                "W2": np.random.randn(n_y, n_h), "b2": np.zeros((n_y, 1))}

    def uniform(n_x, n_h, n_y):
        np.random.seed(1)
        return {"W1": np.random.rand(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
                "W2": np.random.rand(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}

    def random_biases(n_x, n_h, n_y):
        np.random.seed(1)
        W1 = np.random.randn(n_h, n_x) * 0.01
        b1 = np.random.randn(n_h, 1) * 0.01
        W2 = np.random.randn(n_y, n_h) * 0.01
        b2 = np.random.randn(n_y, 1) * 0.01
        return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}

    def flat_biases(n_x, n_h, n_y):
        np.random.seed(1)
        return {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros(n_h),
                "W2": np.random.randn(n_y, n_h) * 0.01, "b2": np.zeros(n_y)}

    def transposed(n_x, n_h, n_y):
        np.random.seed(1)
        return {"W1": np.random.randn(n_x, n_h) * 0.01, "b1": np.zeros((n_h, 1)),
                "W2": np.random.randn(n_h, n_y) * 0.01, "b2": np.zeros((n_y, 1))}

    def seed_removed(n_x, n_h, n_y):
        return {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
                "W2": np.random.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}

    def tuple_out(n_x, n_h, n_y):
        parameters = dense.initialize_parameters(n_x, n_h, n_y)
        return parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]

    check = grader.check_initialize_parameters
    rejects(check, unscaled, "not multiplied by 0.01")
    rejects(check, uniform, "np.random.randn")
    rejects(check, random_biases, "biases were drawn at random")
    rejects(check, flat_biases, "['b1'] has shape (3,)", "keepdims")
    rejects(check, transposed, "shape (4, 3)", "transposed")
    rejects(check, seed_removed, "np.random.seed(1)")
    rejects(check, tuple_out, "should be a dict")


def test_initialize_parameters_deep_wrong_versions():
    def variant(scale, last=0):
        def init(layer_dims):
            np.random.seed(1)
            parameters = {}
            for l in range(1, len(layer_dims) - last):
                n_prev, n = layer_dims[l - 1], layer_dims[l]
                parameters[f"W{l}"] = np.random.randn(n, n_prev) * scale(n_prev, n)
                parameters[f"b{l}"] = np.zeros((n, 1))
            return parameters
        return init

    def two_layers_only(layer_dims):
        np.random.seed(1)
        return {"W1": np.random.randn(layer_dims[1], layer_dims[0]) / np.sqrt(layer_dims[0]),
                "b1": np.zeros((layer_dims[1], 1)),
                "W2": np.random.randn(layer_dims[2], layer_dims[1]) / np.sqrt(layer_dims[1]),
                "b2": np.zeros((layer_dims[2], 1))}

    check = grader.check_initialize_parameters_deep
    rejects(check, variant(lambda n_prev, n: 0.01), "multiplied by 0.01", "the original course's version",
            "departs from it on purpose", "divides them by np.sqrt(layer_dims[l-1])")
    rejects(check, variant(lambda n_prev, n: 1 / np.sqrt(n)), "layer's own size")
    rejects(check, variant(lambda n_prev, n: np.sqrt(2 / n_prev)), "He initialization")
    rejects(check, variant(lambda n_prev, n: 1 / n_prev), "square root")
    rejects(check, variant(lambda n_prev, n: 1 / np.sqrt(n_prev), last=1), "missing the key(s) 'W3', 'b3'",
            "range(1, len(layer_dims))")
    rejects(check, two_layers_only, "missing the key(s) 'W3', 'b3'")


# ---------------------------------------------------------------------------------------------
# Forward propagation


def test_linear_forward_wrong_versions():
    def no_bias(A, W, b):
        return W @ A, (A, W, b)

    def swapped_product(A, W, b):
        return A @ W + b, (A, W, b)

    def only_Z(A, W, b):
        return W @ A + b

    def cache_order(A, W, b):
        return W @ A + b, (W, A, b)

    def nan_output(A, W, b):
        return np.full((W.shape[0], A.shape[1]), np.nan), (A, W, b)

    check = grader.check_linear_forward
    rejects(check, no_bias, "bias is missing")
    rejects(check, swapped_product, "raised ValueError", "A @ W + b")
    rejects(check, only_Z, "tuple of 2")
    rejects(check, cache_order, "entry for A", "(A, W, b), in this order")
    rejects(check, nan_output, "nan")


def test_linear_activation_forward_wrong_versions():
    def swapped(A_prev, W, b, activation):
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z) if activation == "sigmoid" else sigmoid(Z)
        return A, (linear_cache, activation_cache)

    def no_activation(A_prev, W, b, activation):
        Z, linear_cache = linear_forward(A_prev, W, b)
        return Z, (linear_cache, Z)

    def caches_A(A_prev, W, b, activation):
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, _ = sigmoid(Z) if activation == "sigmoid" else relu(Z)
        return A, (linear_cache, A)

    def flat_cache(A_prev, W, b, activation):
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, _ = sigmoid(Z) if activation == "sigmoid" else relu(Z)
        return A, (A_prev, W, b, Z)

    def activation_as_one_value(A_prev, W, b, activation):
        Z, linear_cache = linear_forward(A_prev, W, b)
        A = sigmoid(Z) if activation == "sigmoid" else relu(Z)       # a pair (A, Z) here
        return A, (linear_cache, Z)

    def one_minus_sigmoid(A_prev, W, b, activation):
        Z, linear_cache = linear_forward(A_prev, W, b)
        A = 1 - sigmoid(-Z) if activation == "sigmoid" else relu(Z)
        return A, (linear_cache, Z)

    check = grader.check_linear_activation_forward
    rejects(check, swapped, "that is the relu of Z")
    rejects(check, no_activation, "activation was not applied")
    rejects(check, caches_A, "activation cache holds A")
    rejects(check, flat_cache, "should be a pair (linear_cache, activation_cache)")
    rejects(check, activation_as_one_value, "is a pair of arrays",
            "sigmoid(Z) and relu(Z) return two values", "as the original course's helpers do",
            "A, activation_cache = relu(Z)")
    rejects(check, one_minus_sigmoid, "raised TypeError", "sigmoid(Z) and relu(Z) return two values")


def _forward_variant(hidden="relu", last="sigmoid", use_bias=True, fixed_L=None, drop_last_cache=False,
                     keep_X=False):
    activations = {"relu": grader._relu, "sigmoid": grader._sigmoid}

    def L_model_forward(X, parameters):
        L = fixed_L or len(parameters) // 2
        caches, A = [], X
        for l in range(1, L + 1):
            W, b = parameters[f"W{l}"], parameters[f"b{l}"]
            A_prev = X if keep_X else A
            Z = W @ A_prev + (b if use_bias else 0)
            A = activations[last if l == L else hidden](Z)
            caches.append(((A_prev, W, b), Z))
        return A, caches[:-1] if drop_last_cache else caches
    return L_model_forward


def test_L_model_forward_wrong_versions():
    check = grader.check_L_model_forward
    rejects(check, _forward_variant(last="relu"), "output layer too")
    rejects(check, _forward_variant(hidden="sigmoid"), "every layer uses the sigmoid")
    rejects(check, _forward_variant(use_bias=False), "biases were left out")
    rejects(check, _forward_variant(fixed_L=3), "AL for a 4-layer network", "len(parameters) // 2")
    rejects(check, _forward_variant(drop_last_cache=True), "list of 3 layer caches")
    rejects(check, _forward_variant(keep_X=True), "raised ValueError")


def test_compute_cost_wrong_versions():
    def flipped(AL, Y):
        return np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / Y.shape[1]

    def summed(AL, Y):
        return -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))

    def one_term(AL, Y):
        return -np.sum(Y * np.log(AL)) / Y.shape[1]

    def with_dot(AL, Y):
        return -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / Y.shape[1]

    def returns_nothing(AL, Y):
        -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))

    check = grader.check_compute_cost
    rejects(check, flipped, "sign is flipped")
    rejects(check, summed, "divide by m")
    rejects(check, one_term, "(1 - Y) log(1 - AL) term is missing")
    rejects(check, with_dot, "single number", "np.squeeze")
    rejects(check, returns_nothing, "is None")


# ---------------------------------------------------------------------------------------------
# Backward propagation


def test_linear_backward_wrong_versions():
    def dW_without_1_over_m(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        return W.T @ dZ, dZ @ A_prev.T, np.sum(dZ, axis=1, keepdims=True) / m

    def db_sum(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True)

    def db_no_keepdims(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1) / m

    def no_transpose(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        return W @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m

    def dA_prev_over_m(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        return W.T @ dZ / m, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m

    def wrong_order(dZ, cache):
        dA_prev, dW, db = linear_backward(dZ, cache)
        return dW, db, dA_prev

    def mutates_dZ(dZ, cache):
        dZ /= cache[0].shape[1]
        A_prev, W, b = cache
        return W.T @ dZ, dZ @ A_prev.T, np.sum(dZ, axis=1, keepdims=True)

    check = grader.check_linear_backward
    rejects(check, dW_without_1_over_m, "1/m is missing from dW")
    rejects(check, db_sum, "db is the sum of dZ without the 1/m")
    rejects(check, db_no_keepdims, "db has shape (3,)", "keepdims=True")
    rejects(check, no_transpose, "W was not transposed")
    rejects(check, dA_prev_over_m, "dA_prev was divided by m")
    rejects(check, wrong_order, "dA_prev has shape")
    rejects(check, mutates_dZ, "changed its argument `dZ` in place")


def test_linear_activation_backward_wrong_versions():
    backwards = {"relu": relu_backward, "sigmoid": sigmoid_backward}

    def swapped(dA, cache, activation):
        linear_cache, Z = cache
        other = "sigmoid" if activation == "relu" else "relu"
        return linear_backward(backwards[other](dA, Z), linear_cache)

    def no_derivative(dA, cache, activation):
        return linear_backward(dA, cache[0])

    def mask_on_dA(dA, cache, activation):
        linear_cache, Z = cache
        dZ = np.where(dA > 0, dA, 0.0) if activation == "relu" else sigmoid_backward(dA, Z)
        return linear_backward(dZ, linear_cache)

    def sigmoid_of_A(dA, cache, activation):
        linear_cache, Z = cache
        dZ = relu_backward(dA, Z) if activation == "relu" else sigmoid_backward(dA, sigmoid(Z)[0])
        return linear_backward(dZ, linear_cache)

    def mask_on_A_prev(dA, cache, activation):
        linear_cache, Z = cache
        return linear_backward(backwards[activation](dA, linear_cache[0]), linear_cache)

    def relu_by_hand_in_place(dA, cache, activation):
        linear_cache, Z = cache
        if activation == "relu":
            dZ = dA
            dZ[Z <= 0] = 0
        else:
            dZ = sigmoid_backward(dA, Z)
        return linear_backward(dZ, linear_cache)

    check = grader.check_linear_activation_backward
    rejects(check, swapped, "the sigmoid gradient was used", "relu_backward")
    rejects(check, no_derivative, "activation's gradient is missing")
    rejects(check, mask_on_dA, "masked where dA > 0")
    rejects(check, sigmoid_of_A, "given the activation's output A")
    rejects(check, mask_on_A_prev, "relu_backward was given A_prev")
    rejects(check, relu_by_hand_in_place, "changed its argument `dA` in place")


def _backward_variant(dAL=None, hidden="relu", last="sigmoid", fixed_L=None, forward_order=False,
                      key_shift=0):
    backwards = {"relu": relu_backward, "sigmoid": sigmoid_backward}

    def L_model_backward(AL, Y, caches):
        L = fixed_L or len(caches)
        dA = dAL(AL, Y) if dAL else -(Y / AL - (1 - Y) / (1 - AL))
        grads = {}
        for l in range(L, 0, -1):
            index = L - l if forward_order else l - 1
            linear_cache, Z = caches[index]
            dA, dW, db = linear_backward(backwards[last if l == L else hidden](dA, Z), linear_cache)
            grads[f"dA{l - 1 + key_shift}"], grads[f"dW{l}"], grads[f"db{l}"] = dA, dW, db
        return grads
    return L_model_backward


def test_L_model_backward_wrong_versions():
    check = grader.check_L_model_backward
    rejects(check, _backward_variant(dAL=lambda AL, Y: Y / AL - (1 - Y) / (1 - AL)), "dAL has the wrong sign")
    rejects(check, _backward_variant(dAL=lambda AL, Y: AL - Y), "AL - Y is dZ of the output layer")
    rejects(check, _backward_variant(last="relu"), "differentiated as a ReLU")
    rejects(check, _backward_variant(hidden="sigmoid"), "every layer was differentiated as a sigmoid")
    rejects(check, _backward_variant(forward_order=True), "raised ValueError")
    rejects(check, _backward_variant(key_shift=1), "missing the key(s) 'dA0'", "'dA{l-1}'")
    rejects(check, _backward_variant(fixed_L=3), "raised IndexError")
    rejects(check, lambda AL, Y, caches: None, "should be a dict")


def test_update_parameters_wrong_versions():
    def uphill(params, grads, learning_rate):
        return {k: v + learning_rate * grads["d" + k] for k, v in params.items()}

    def no_rate(params, grads, learning_rate):
        return {k: v - grads["d" + k] for k, v in params.items()}

    def in_place(params, grads, learning_rate):
        parameters = params.copy()
        for key in parameters:
            parameters[key] -= learning_rate * grads["d" + key]
        return parameters

    def weights_only(params, grads, learning_rate):
        return {k: v - learning_rate * grads["d" + k] if k[0] == "W" else v for k, v in params.items()}

    def two_layers(params, grads, learning_rate):
        return {k: params[k] - learning_rate * grads["d" + k] for k in ("W1", "b1", "W2", "b2")}

    check = grader.check_update_parameters
    rejects(check, uphill, "goes uphill")
    rejects(check, no_rate, "learning_rate is not used")
    rejects(check, in_place, "changed the caller's `params` in place", "copy.deepcopy")
    rejects(check, weights_only, "biases were not updated")
    rejects(check, two_layers, "missing the key(s) 'W3', 'b3'")


# ---------------------------------------------------------------------------------------------
# The numerical gradient check itself


def test_numerical_gradients_agree_with_the_reference():
    rng = np.random.default_rng(0)
    A_prev, W, b = rng.standard_normal((4, 5)), rng.standard_normal((3, 4)), rng.standard_normal((3, 1))
    dA = rng.standard_normal((3, 5))
    for activation, g in (("relu", grader._relu), ("sigmoid", grader._sigmoid)):
        expected = dense.linear_activation_backward(dA, ((A_prev, W, b), W @ A_prev + b), activation)
        numerical = grader._layer_numerical_gradients(A_prev, W, b, dA, g)
        for got, want in zip(expected, numerical):
            assert np.allclose(got, want, atol=1e-7)
    parameters = grader._random_parameters([3, 4, 2, 1], rng)
    X, Y = rng.standard_normal((3, 6)), np.array([[1.0, 0, 0, 1, 1, 0]])
    AL, caches = dense.L_model_forward(X, parameters)
    grads = dense.L_model_backward(AL, Y, caches)
    numerical = grader._network_numerical_gradients(parameters, X, Y)
    for key in parameters:
        assert np.allclose(grads["d" + key], numerical["d" + key], atol=1e-7)
    assert np.allclose(grads["dA0"] / 6, numerical["dX"], atol=1e-7)


def test_gradient_check_names_a_wrong_gradient():
    c = Checker(lambda: None, "linear_backward")
    grader._gradient_check(c, [("dW", np.ones((2, 2)), np.ones((2, 2)) + 1e-9)], "Z")
    with pytest.raises(CheckFailed, match="dW does not match a numerical gradient check"):
        grader._gradient_check(c, [("dW", np.ones((2, 2)), 1.01 * np.ones((2, 2)))], "Z")


def test_grader_needs_a_function():
    rejects(grader.check_L_model_backward, None, "needs your function itself")


# ---------------------------------------------------------------------------------------------
# Each check judges its own exercise


def solution(name):
    return exercises(NOTEBOOK)[name]


def wrong(name):
    """A plausible wrong version of each exercise a later one calls, and of the given helpers."""
    versions = {
        "linear_forward": lambda A, W, b: (W @ A, (A, W, b)),
        "linear_activation_forward": lambda A_prev, W, b, activation: dense.linear_activation_forward(
            A_prev, W, b, "relu"),
        "linear_backward": lambda dZ, cache: tuple(2 * g for g in dense.linear_backward(dZ, cache)),
        "linear_activation_backward": lambda dA, cache, activation: dense.linear_backward(dA, cache[0]),
        "sigmoid": lambda Z: (np.tanh(Z), Z),
        "relu": lambda Z: (np.abs(Z), Z),
        "sigmoid_backward": lambda dA, Z: dA,
        "relu_backward": lambda dA, Z: dA,
    }
    return versions[name]


@pytest.mark.parametrize("name, helper", [
    ("linear_activation_forward", "linear_forward"),
    ("L_model_forward", "linear_activation_forward"),
    ("linear_activation_backward", "linear_backward"),
    ("L_model_backward", "linear_activation_backward"),
])
def test_a_correct_function_beside_a_wrong_helper_passes_with_a_note(name, helper):
    function = with_globals(solution(name), **{helper: wrong(helper)})
    out = " ".join(passes(getattr(grader, f"check_{name}"), function).split())
    assert (f"note: your {helper} does not pass check_{helper} yet; {name} was checked with the "
            f"reference {helper}") in out


@pytest.mark.parametrize("name, helpers", [
    ("linear_activation_forward", ("sigmoid", "relu")),
    ("linear_activation_backward", ("sigmoid_backward", "relu_backward")),
])
def test_a_changed_given_helper_is_swapped_silently(name, helpers):
    function = with_globals(solution(name), **{helper: wrong(helper) for helper in helpers})
    assert "note:" not in passes(getattr(grader, f"check_{name}"), function)


def test_a_wrong_function_beside_correct_helpers_fails_without_a_note():
    def L_model_forward(X, parameters):
        caches, A = [], X
        L = len(parameters) // 2
        for l in range(1, L + 1):                    # the output layer as a ReLU too
            A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],  # noqa: F821
                                                 "relu")
            caches.append(cache)
        return A, caches

    wrong_forward = with_globals(L_model_forward, **exercises(NOTEBOOK))
    message = rejects(grader.check_L_model_forward, wrong_forward, "output layer too")
    assert "note:" not in message


def test_a_hand_written_sigmoid_derivative_on_the_pair_gets_the_api_hint():
    def linear_activation_backward(dA, cache, activation):
        linear_cache, Z = cache
        if activation == "sigmoid":
            s = sigmoid(Z)                            # a pair (A, Z) with the course's helpers
            dZ = dA * s * (1 - s)
        else:
            dZ = relu_backward(dA, Z)
        return linear_backward(dZ, linear_cache)

    rejects(grader.check_linear_activation_backward, linear_activation_backward, "raised TypeError",
            "sigmoid(Z) and relu(Z) return two values")


# ---------------------------------------------------------------------------------------------
# Correct code written for the original course's notebook passes unchanged; where this notebook
# departs from it on purpose, the hint says so

ORIGINAL = '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    if activation == "sigmoid":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
    cache = (linear_cache, activation_cache)
    return A, cache


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)],
                                             parameters["b" + str(l)], activation="relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)],
                                          activation="sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -1 / m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    cost = np.squeeze(cost)
    return cost


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1 / m * np.dot(dZ, A_prev.T)
    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    dA_prev_temp, dW_temp, db_temp = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dA" + str(L - 1)] = dA_prev_temp
    grads["dW" + str(L)] = dW_temp
    grads["db" + str(L)] = db_temp
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 1)],
                                                                    current_cache, "relu")
        grads["dA" + str(l)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads


def update_parameters(params, grads, learning_rate):
    parameters = copy.deepcopy(params)
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
    return parameters
'''


def original(name, source=ORIGINAL):
    namespace = {"np": np, "copy": copy, "sigmoid": sigmoid, "relu": relu,
                 "sigmoid_backward": sigmoid_backward, "relu_backward": relu_backward}
    exec(source, namespace)
    return namespace[name]


@pytest.mark.parametrize("name", [n for n in NAMES if n != "initialize_parameters_deep"])
def test_code_written_for_the_original_course_passes(name):
    assert "note:" not in passes(getattr(grader, f"check_{name}"), original(name))


def test_the_original_initialization_scale_and_seed_are_named_as_departures():
    rejects(grader.check_initialize_parameters_deep, original("initialize_parameters_deep"),
            "the original course's version of this exercise: np.random.seed(3), then weights "
            "multiplied by 0.01", "departs from it on purpose", "keeps np.random.seed(1)",
            "divides them by np.sqrt(layer_dims[l-1])")
    scaled = ORIGINAL.replace("* 0.01\n", "/ np.sqrt(layer_dims[l - 1])\n")
    message = rejects(grader.check_initialize_parameters_deep,
                      original("initialize_parameters_deep", scaled), "np.random.seed(3) was used")
    assert "multiplied by 0.01" not in message
    seeded_1 = ORIGINAL.replace("np.random.seed(3)", "np.random.seed(1)")
    message = rejects(grader.check_initialize_parameters_deep,
                      original("initialize_parameters_deep", seeded_1), "multiplied by 0.01")
    assert "np.random.seed(3)" not in message
