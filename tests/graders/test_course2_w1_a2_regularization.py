"""Graders of course2_improving_dnn/w1_a2 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions are rejected with the mistake named where it is a known one."""

import numpy as np
import pytest
from helpers import passes, rejects

from utils.graders.course2_improving_dnn import w1_a2_regularization as grader
from utils.nn import regularization
from utils.nn.three_layer import compute_cost, relu, sigmoid

NAMES = ["compute_cost_with_regularization", "backward_propagation_with_regularization",
         "forward_propagation_with_dropout", "backward_propagation_with_dropout"]


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes(name):
    passes(getattr(grader, f"check_{name}"), getattr(regularization, name))


def _cost(variant):
    def compute_cost_with_regularization(A3, Y, parameters, lambd):
        m = Y.shape[1]
        W1, W2, W3 = parameters["W1"], parameters["W2"], parameters["W3"]
        squares = np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3))
        if variant == "no 1/2":
            penalty = lambd / m * squares
        elif variant == "no m":
            penalty = lambd / 2 * squares
        elif variant == "norms":
            penalty = lambd / (2 * m) * (np.linalg.norm(W1) + np.linalg.norm(W2) + np.linalg.norm(W3))
        elif variant == "biases":
            biases = sum(np.sum(np.square(parameters[f"b{l}"])) for l in (1, 2, 3))
            penalty = lambd / (2 * m) * (squares + biases)
        elif variant == "array":
            return compute_cost(A3, Y) + lambd / (2 * m) * np.square(W3)
        else:
            penalty = lambd / (2 * m) * squares
        return compute_cost(A3, Y) + penalty
    return compute_cost_with_regularization


def test_compute_cost_with_regularization_wrong_versions():
    check = grader.check_compute_cost_with_regularization
    passes(check, _cost(None))
    rejects(check, _cost("no 1/2"), "lambd / m * sum")
    rejects(check, _cost("no m"), "not divided by m")
    rejects(check, _cost("norms"), "the norms ||W||")
    rejects(check, _cost("biases"), "biases were penalized")
    rejects(check, _cost("array"), "single number")


def _l2_backward(variant):
    def backward_propagation_with_regularization(X, Y, cache, lambd):
        grads = regularization.backward_propagation_with_regularization(X, Y, cache, 0.0)
        m = X.shape[1]
        factor = {"no m": lambd, "half": lambd / (2 * m), "minus": -lambd / m}.get(variant, lambd / m)
        for l, index in ((1, 2), (2, 6), (3, 10)):
            if variant == "only dW3" and l != 3:
                continue
            grads[f"dW{l}"] = grads[f"dW{l}"] + factor * cache[index]
            if variant == "biases too":
                grads[f"db{l}"] = grads[f"db{l}"] + factor * cache[index + 1]
        if variant == "missing db1":
            del grads["db1"]
        return grads
    return backward_propagation_with_regularization


def test_backward_propagation_with_regularization_wrong_versions():
    check = grader.check_backward_propagation_with_regularization
    passes(check, _l2_backward(None))
    rejects(check, _l2_backward("no m"), "lambd * W; it is (lambd / m) * W")
    rejects(check, _l2_backward("half"), "lambd / (2 m) * W")
    rejects(check, _l2_backward("minus"), "subtracted")
    rejects(check, _l2_backward("biases too"), "biases got a regularization term")
    rejects(check, _l2_backward("only dW3"), "only dW3")
    rejects(check, _l2_backward("missing db1"), "no 'db1'")


def _dropout_forward(variant):
    def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
        W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
        Z1 = W1 @ X + b1
        A1 = relu(Z1)
        draw = np.random.randn if variant == "randn" else np.random.rand
        D1 = draw(A1.shape[0], A1.shape[1])
        D1 = (D1 > keep_prob) if variant == "greater" else (D1 < keep_prob)
        divisor = {"no scaling": 1.0, "multiplied": 1 / keep_prob}.get(variant, keep_prob)
        A1 = A1 * D1 / divisor
        Z2 = W2 @ A1 + b2
        A2 = relu(Z2)
        D2 = draw(A2.shape[0], A2.shape[1])
        D2 = (D2 > keep_prob) if variant == "greater" else (D2 < keep_prob)
        A2 = A2 * D2 / divisor
        Z3 = W3 @ A2 + b3
        A3 = sigmoid(Z3)
        if variant == "output dropout":
            A3 = A3 * (np.random.rand(*A3.shape) < keep_prob) / keep_prob
        if variant == "short cache":
            return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
        return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return forward_propagation_with_dropout


def test_forward_propagation_with_dropout_wrong_versions():
    check = grader.check_forward_propagation_with_dropout
    passes(check, _dropout_forward(None))       # boolean masks are accepted
    rejects(check, _dropout_forward("no scaling"), "not divided by keep_prob")
    rejects(check, _dropout_forward("multiplied"), "multiplied by keep_prob")
    rejects(check, _dropout_forward("greater"), "rand < keep_prob")
    rejects(check, _dropout_forward("randn"), "np.random.rand")
    rejects(check, _dropout_forward("output dropout"), "A3", "Only the hidden layers")
    rejects(check, _dropout_forward("short cache"), "tuple of 14 values")


def _dropout_backward(variant):
    def backward_propagation_with_dropout(X, Y, cache, keep_prob):
        Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
        m = X.shape[1]
        divisor = {"no scaling": 1.0, "multiplied": 1 / keep_prob}.get(variant, keep_prob)
        dZ3 = A3 - Y
        dW3 = dZ3 @ A2.T / m
        db3 = np.sum(dZ3, axis=1, keepdims=True) / m
        dA2 = W3.T @ dZ3 * D2 / divisor
        dZ2 = dA2 * (A2 > 0)
        dW2 = dZ2 @ A1.T / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dA1 = W2.T @ dZ2 * D1
        if variant != "dA1 not scaled":
            dA1 = dA1 / divisor
        dZ1 = dA1 * (A1 > 0)
        dW1 = dZ1 @ X.T / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m
        if variant == "no return":
            return None
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}
    return backward_propagation_with_dropout


def test_backward_propagation_with_dropout_wrong_versions():
    check = grader.check_backward_propagation_with_dropout
    passes(check, _dropout_backward(None))
    rejects(check, _dropout_backward("no scaling"), "not divided by keep_prob")
    rejects(check, _dropout_backward("multiplied"), "multiplied by keep_prob")
    rejects(check, _dropout_backward("dA1 not scaled"), "dW1", "wrong values")
    rejects(check, _dropout_backward("no return"), "should be a dict")
