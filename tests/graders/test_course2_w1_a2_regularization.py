"""Graders of course2_improving_dnn/w1_a2 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions are rejected with the mistake named where it is a known one."""

import textwrap

import numpy as np
import pytest
from helpers import exercises, passes
from helpers import rejects as _rejects

from utils.graders.course2_improving_dnn import w1_a2_regularization as grader
from utils.grading import with_globals
from utils.nn import regularization
from utils.nn.three_layer import compute_cost, relu, sigmoid

NOTEBOOK = "course2_improving_dnn/w1_a2_regularization.ipynb"

NAMES = ["compute_cost_with_regularization", "backward_propagation_with_regularization",
         "forward_propagation_with_dropout", "backward_propagation_with_dropout"]




def rejects(check, fn, *fragments):
    """helpers.rejects, with the fragments looked for in the message as one line: messages are
    wrapped at word boundaries, so a fragment may straddle a line break."""
    message = " ".join(_rejects(check, fn).split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in message, f"{fragment!r} not in:\n{message}"
    return message


def solution(name):
    return exercises(NOTEBOOK)[name]


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


def _dropout_forward(variant=None, seed_inside=False):
    """A learner-style dropout forward pass, with one mistake (variant) or none."""
    def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
        if seed_inside:
            np.random.seed(1)
        if variant == "hard-coded keep_prob":
            keep_prob = 0.5
        W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
        threshold = 1 - keep_prob if variant == "1 - keep_prob" else keep_prob
        draw = np.random.randn if variant == "randn" else np.random.rand

        def mask(shape):
            if variant == "one column":
                return draw(shape[0], 1) < threshold
            if variant == "same for every example":
                return np.tile(draw(shape[0], 1), (1, shape[1])) < threshold
            if variant == "not thresholded":
                return draw(*shape)
            D = draw(*shape)
            return D > threshold if variant == "greater" else D < threshold

        divisor = {"no scaling": 1.0, "multiplied": 1 / keep_prob}.get(variant, keep_prob)
        Z1 = W1 @ X + b1
        D1 = mask(Z1.shape)
        if variant == "mask on Z1":
            Z1 = Z1 * D1 / keep_prob
            A1 = relu(Z1)
        elif variant == "mask inside relu":         # the same values as after the ReLU: accepted
            A1 = relu(Z1 * D1) / keep_prob
        else:
            A1 = relu(Z1) * D1 / divisor
        Z2 = W2 @ (relu(Z1) if variant == "Z2 from A1 before dropout" else A1) + b2
        A2 = relu(Z2)
        D2 = mask(A2.shape)
        if variant != "no dropout on A2":
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
    passes(check, _dropout_forward())       # boolean masks are accepted
    rejects(check, _dropout_forward("no scaling"), "A1 in the cache", "not divided by keep_prob")
    rejects(check, _dropout_forward("multiplied"), "multiplied by keep_prob")
    rejects(check, _dropout_forward("greater"), "it should keep about 80%", "probability 1 - keep_prob",
            "not >")
    rejects(check, _dropout_forward("1 - keep_prob"), "D1 keeps 1", "probability 1 - keep_prob")
    rejects(check, _dropout_forward("randn"), "keep_prob=0.6", "np.random.randn", "np.random.rand,")
    rejects(check, _dropout_forward("hard-coded keep_prob"), "keep_prob=0.8", "use the argument keep_prob")
    rejects(check, _dropout_forward("one column"), "D1 has shape (5, 1); expected (5, 400)",
            "drops the same units for every example")
    rejects(check, _dropout_forward("same for every example"), "every column of D1 is the same")
    rejects(check, _dropout_forward("not thresholded"), "D1 should hold only 0s and 1s")
    rejects(check, _dropout_forward("mask on Z1"), "Z1 in the cache", "after the ReLU")
    rejects(check, _dropout_forward("Z2 from A1 before dropout"), "Z2 in the cache",
            "Z2 was computed from A1 before dropout")
    rejects(check, _dropout_forward("no dropout on A2"), "A2 in the cache", "the mask was not applied and "
            "nothing was scaled")
    rejects(check, _dropout_forward("output dropout"), "A3", "Only the hidden layers")
    rejects(check, _dropout_forward("short cache"), "tuple of 14 values")


def test_forward_propagation_with_dropout_accepts_any_correct_random_stream():
    check = grader.check_forward_propagation_with_dropout
    passes(check, _dropout_forward(seed_inside=True))      # np.random.seed(1) on top, as the original
    passes(check, _dropout_forward("mask inside relu"))    # relu(Z1 * D1) / keep_prob: the same values

    generator = np.random.default_rng(7)

    def with_a_generator(X, parameters, keep_prob=0.5):
        W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
        Z1 = W1 @ X + b1
        D1 = (generator.random(Z1.shape) < keep_prob).astype(int)
        A1 = np.maximum(Z1, 0) * D1 / keep_prob
        Z2 = W2 @ A1 + b2
        D2 = (generator.random(Z2.shape) < keep_prob).astype(int)
        A2 = np.maximum(Z2, 0) * D2 / keep_prob
        Z3 = W3 @ A2 + b3
        A3 = 1 / (1 + np.exp(-Z3))
        return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)

    passes(check, with_a_generator)


def test_the_dropout_check_leaves_numpys_random_state_alone():
    """The grader seeds np.random for a function that does not seed itself, and the original way
    seeds it inside the function: either way the notebook's random numbers go on unchanged."""
    notebook_solution = solution("forward_propagation_with_dropout")    # runs the setup cell, which seeds
    np.random.seed(123)
    expected = np.random.rand(3)
    np.random.seed(123)
    passes(grader.check_forward_propagation_with_dropout, _dropout_forward(seed_inside=True))
    passes(grader.check_forward_propagation_with_dropout, notebook_solution)
    assert np.array_equal(np.random.rand(3), expected)


ORIGINAL_DROPOUT_FORWARD = """
    def forward_propagation_with_dropout(X, parameters, keep_prob = 0.5):
        np.random.seed(1)
        W1 = parameters["W1"]
        b1 = parameters["b1"]
        W2 = parameters["W2"]
        b2 = parameters["b2"]
        W3 = parameters["W3"]
        b3 = parameters["b3"]
        Z1 = np.dot(W1, X) + b1
        A1 = relu(Z1)
        D1 = np.random.rand(A1.shape[0], A1.shape[1])
        D1 = (D1 < keep_prob).astype(int)
        A1 = A1 * D1
        A1 = A1 / keep_prob
        Z2 = np.dot(W2, A1) + b2
        A2 = relu(Z2)
        D2 = np.random.rand(A2.shape[0], A2.shape[1])
        D2 = (D2 < keep_prob).astype(int)
        A2 = A2 * D2
        A2 = A2 / keep_prob
        Z3 = np.dot(W3, A2) + b3
        A3 = sigmoid(Z3)
        cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
        return A3, cache
"""

ORIGINAL_DROPOUT_BACKWARD = """
    def backward_propagation_with_dropout(X, Y, cache, keep_prob):
        m = X.shape[1]
        (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
        dZ3 = A3 - Y
        dW3 = 1./m * np.dot(dZ3, A2.T)
        db3 = 1./m * np.sum(dZ3, axis=1, keepdims = True)
        dA2 = np.dot(W3.T, dZ3)
        dA2 = dA2 * D2
        dA2 = dA2 / keep_prob
        dZ2 = np.multiply(dA2, np.int64(A2 > 0))
        dW2 = 1./m * np.dot(dZ2, A1.T)
        db2 = 1./m * np.sum(dZ2, axis=1, keepdims = True)
        dA1 = np.dot(W2.T, dZ2)
        dA1 = dA1 * D1
        dA1 = dA1 / keep_prob
        dZ1 = np.multiply(dA1, np.int64(A1 > 0))
        dW1 = 1./m * np.dot(dZ1, X.T)
        db1 = 1./m * np.sum(dZ1, axis=1, keepdims = True)
        return {"dZ3": dZ3, "dW3": dW3, "db3": db3,"dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
"""

ORIGINAL_L2 = """
    def compute_cost_with_regularization(A3, Y, parameters, lambd):
        m = Y.shape[1]
        W1 = parameters["W1"]
        W2 = parameters["W2"]
        W3 = parameters["W3"]
        cross_entropy_cost = compute_cost(A3, Y)
        L2_regularization_cost = (1/m)*(lambd/2)*(np.sum(np.square(W1)) + np.sum(np.square(W2))
                                                   + np.sum(np.square(W3)))
        cost = cross_entropy_cost + L2_regularization_cost
        return cost

    def backward_propagation_with_regularization(X, Y, cache, lambd):
        m = X.shape[1]
        (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
        dZ3 = A3 - Y
        dW3 = 1./m * np.dot(dZ3, A2.T) + (lambd / m) * W3
        db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
        dA2 = np.dot(W3.T, dZ3)
        dZ2 = np.multiply(dA2, np.int64(A2 > 0))
        dW2 = 1./m * np.dot(dZ2, A1.T) + (lambd / m) * W2
        db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
        dA1 = np.dot(W2.T, dZ2)
        dZ1 = np.multiply(dA1, np.int64(A1 > 0))
        dW1 = 1./m * np.dot(dZ1, X.T) + (lambd / m) * W1
        db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
        return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
"""


def learner_functions(source):
    """Functions written in a cell of the notebook: they see the notebook's imports and helpers."""
    namespace = dict(exercises(NOTEBOOK))
    exec(textwrap.dedent(source), namespace)
    return namespace


def test_code_written_for_the_original_course_passes():
    """The original course's way: np.random.seed(1) at the top of the dropout forward pass, masks
    thresholded with .astype(int), np.dot and 1./m; all of it passes unchanged."""
    forward = learner_functions(ORIGINAL_DROPOUT_FORWARD)["forward_propagation_with_dropout"]
    passes(grader.check_forward_propagation_with_dropout, forward)
    backward = learner_functions(ORIGINAL_DROPOUT_BACKWARD)["backward_propagation_with_dropout"]
    passes(grader.check_backward_propagation_with_dropout, backward)
    l2 = learner_functions(ORIGINAL_L2)
    passes(grader.check_compute_cost_with_regularization, l2["compute_cost_with_regularization"])
    passes(grader.check_backward_propagation_with_regularization,
           l2["backward_propagation_with_regularization"])


def _wrong_relu(Z):
    return np.maximum(Z, 0.1 * Z)


def _wrong_sigmoid(Z):
    return 1 / (1 + np.exp(Z))


def _wrong_cost(A3, Y):
    return 0.0


def test_backward_with_regularization_built_on_the_given_backward_pass():
    ns = learner_functions("""
        def backward_propagation_with_regularization(X, Y, cache, lambd):
            m = X.shape[1]
            gradients = backward_propagation(X, Y, cache)
            for l, W in ((1, cache[2]), (2, cache[6]), (3, cache[10])):
                gradients[f"dW{l}"] = gradients[f"dW{l}"] + lambd / m * W
            return gradients
    """)
    check = grader.check_backward_propagation_with_regularization
    passes(check, ns["backward_propagation_with_regularization"])
    out = passes(check, with_globals(ns["backward_propagation_with_regularization"],
                                     backward_propagation=lambda X, Y, cache: {}))
    assert "note:" not in out


@pytest.mark.parametrize("name, helpers", [
    ("compute_cost_with_regularization", {"compute_cost": _wrong_cost}),
    ("forward_propagation_with_dropout", {"relu": _wrong_relu, "sigmoid": _wrong_sigmoid}),
])
def test_a_correct_function_beside_a_changed_given_helper_passes(name, helpers):
    """The helpers are given by the notebook (utils.nn.three_layer): the grader runs the exercise
    with them, whatever the learner's kernel holds under those names."""
    out = passes(getattr(grader, f"check_{name}"), with_globals(solution(name), **helpers))
    assert "note:" not in out


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
