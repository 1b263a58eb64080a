"""Graders of course1_nn_basics/w4_a1 (solution and blank stub: tests/test_grader_contract.py): plausible
wrong versions are rejected (naming the mistake where it is a known one), and the numerical
gradient check behind the backward graders agrees with the reference and catches a wrong gradient."""

import types

import numpy as np
import pytest
from helpers import exercises, not_attempted, passes, rejects

from utils.graders.course1_nn_basics import w4_a1_deep_neural_network_step_by_step as grader
from utils.grading import Checker, CheckFailed
from utils.nn import dense
from utils.nn.dense import linear_backward, linear_forward, relu, relu_backward, sigmoid, sigmoid_backward

NOTEBOOK = "course1_nn_basics/w4_a1_deep_neural_network_step_by_step.ipynb"
NAMES = ["initialize_parameters", "initialize_parameters_deep", "linear_forward",
         "linear_activation_forward", "L_model_forward", "compute_cost", "linear_backward",
         "linear_activation_backward", "L_model_backward", "update_parameters"]


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes(name):
    passes(getattr(grader, f"check_{name}"), getattr(dense, name))


def test_an_unfinished_helper_is_named():
    namespace = dict(exercises(NOTEBOOK))
    namespace["linear_activation_forward"] = exercises(NOTEBOOK, blank=True)["linear_activation_forward"]
    L_model_forward = types.FunctionType(exercises(NOTEBOOK)["L_model_forward"].__code__, namespace)
    message = not_attempted(grader.check_L_model_forward, L_model_forward)
    assert "it calls `linear_activation_forward`" in message


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
    rejects(check, variant(lambda n_prev, n: 0.01), "multiplied by 0.01", "1 / np.sqrt(n[l-1])")
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
        A = relu(Z) if activation == "sigmoid" else sigmoid(Z)
        return A, (linear_cache, Z)

    def no_activation(A_prev, W, b, activation):
        Z, linear_cache = linear_forward(A_prev, W, b)
        return Z, (linear_cache, Z)

    def caches_A(A_prev, W, b, activation):
        Z, linear_cache = linear_forward(A_prev, W, b)
        A = sigmoid(Z) if activation == "sigmoid" else relu(Z)
        return A, (linear_cache, A)

    def flat_cache(A_prev, W, b, activation):
        Z, linear_cache = linear_forward(A_prev, W, b)
        A = sigmoid(Z) if activation == "sigmoid" else relu(Z)
        return A, (A_prev, W, b, Z)

    check = grader.check_linear_activation_forward
    rejects(check, swapped, "that is the relu of Z")
    rejects(check, no_activation, "activation was not applied")
    rejects(check, caches_A, "activation cache holds A")
    rejects(check, flat_cache, "should be a pair (linear_cache, activation_cache)")


def _forward_variant(hidden="relu", last="sigmoid", use_bias=True, fixed_L=None, drop_last_cache=False,
                     keep_X=False):
    activations = {"relu": dense.relu, "sigmoid": dense.sigmoid}

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
        dZ = relu_backward(dA, Z) if activation == "relu" else sigmoid_backward(dA, sigmoid(Z))
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
    for activation, g in (("relu", relu), ("sigmoid", sigmoid)):
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
