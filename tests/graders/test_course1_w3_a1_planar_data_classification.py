"""Graders of course1_nn_basics/w3_a1 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions are rejected with the mistake named where it is a known one."""

import numpy as np
from helpers import exercises, passes, rejects

from utils.graders.course1_nn_basics import w3_a1_planar_data_classification as grader

NOTEBOOK = "course1_nn_basics/w3_a1_planar_data_classification.ipynb"


def solution(name):
    return exercises(NOTEBOOK)[name]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_layer_sizes_wrong_versions():
    def examples(X, Y):
        return X.shape[1], 4, Y.shape[0]

    def hard_coded(X, Y):
        return 2, 4, 1

    def output_examples(X, Y):
        return X.shape[0], 4, Y.shape[1]

    def as_floats(X, Y):
        return float(X.shape[0]), 4.0, float(Y.shape[0])

    def two_values(X, Y):
        return X.shape[0], Y.shape[0]

    rejects(grader.check_layer_sizes, examples, "n_x", "number of examples")
    rejects(grader.check_layer_sizes, hard_coded, "n_x", "expected:  5")
    rejects(grader.check_layer_sizes, output_examples, "n_y", "number of examples")
    rejects(grader.check_layer_sizes, as_floats, "whole number")
    rejects(grader.check_layer_sizes, two_values, "tuple of 3 values")


def test_initialize_parameters_wrong_versions():
    def unscaled(n_x, n_h, n_y):
        return {"W1": np.random.randn(n_h, n_x), "b1": np.zeros((n_h, 1)),
                "W2": np.random.randn(n_y, n_h), "b2": np.zeros((n_y, 1))}

    def w2_first(n_x, n_h, n_y):
        W2 = np.random.randn(n_y, n_h) * 0.01
        W1 = np.random.randn(n_h, n_x) * 0.01
        return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}

    def uniform(n_x, n_h, n_y):
        return {"W1": np.random.rand(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
                "W2": np.random.rand(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}

    def transposed(n_x, n_h, n_y):
        return {"W1": np.random.randn(n_x, n_h) * 0.01, "b1": np.zeros((n_h, 1)),
                "W2": np.random.randn(n_h, n_y) * 0.01, "b2": np.zeros((n_y, 1))}

    def flat_bias(n_x, n_h, n_y):
        return {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros(n_h),
                "W2": np.random.randn(n_y, n_h) * 0.01, "b2": np.zeros(n_y)}

    check = grader.check_initialize_parameters
    rejects(check, unscaled, "['W1']", "not multiplied by 0.01")
    rejects(check, w2_first, "W2 was drawn before W1")
    rejects(check, uniform, "np.random.rand")
    rejects(check, transposed, "shape (3, 5)", "transposed")
    rejects(check, flat_bias, "['b1'] has shape (5,)")


def test_forward_propagation_wrong_versions():
    def make(hidden, output, bias=True):
        def forward_propagation(X, parameters):
            Z1 = parameters["W1"] @ X + (parameters["b1"] if bias else 0)
            A1 = hidden(Z1)
            Z2 = parameters["W2"] @ A1 + (parameters["b2"] if bias else 0)
            A2 = output(Z2)
            return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
        return forward_propagation

    def no_cache(X, parameters):
        return make(np.tanh, sigmoid)(X, parameters)[0]

    def short_cache(X, parameters):
        A2, cache = make(np.tanh, sigmoid)(X, parameters)
        return A2, {"A1": cache["A1"], "A2": A2}

    check = grader.check_forward_propagation
    rejects(check, make(sigmoid, sigmoid), "hidden layer uses the sigmoid")
    rejects(check, make(np.tanh, np.tanh), "output layer uses tanh")
    rejects(check, make(np.tanh, sigmoid, bias=False), "biases were left out")
    rejects(check, no_cache, "tuple of 2 values")
    rejects(check, short_cache, "missing the key(s) 'Z1', 'Z2'")


def test_compute_cost_wrong_versions():
    def total(A2, Y):
        return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))

    def no_minus(A2, Y):
        return float(np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))

    def half(A2, Y):
        return float(-np.mean(Y * np.log(A2)))

    def matrix(A2, Y):
        m = Y.shape[1]
        return -(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m

    check = grader.check_compute_cost
    rejects(check, total, "divide it by m")
    rejects(check, no_minus, "minus sign")
    rejects(check, half, "(1 - y) * log(1 - a)")
    rejects(check, matrix, "single number", "np.squeeze")


def _backward(derivative=lambda A1: 1 - A1**2, scale=True, keepdims=True, transpose=True, sign=1):
    def backward_propagation(parameters, cache, X, Y):
        m = X.shape[1] if scale else 1
        A1, A2 = cache["A1"], cache["A2"]
        dZ2 = sign * (A2 - Y)
        dW2 = dZ2 @ A1.T / m
        db2 = np.sum(dZ2, axis=1, keepdims=keepdims) / m
        W2 = parameters["W2"].T if transpose else parameters["W2"]
        dZ1 = (W2 @ dZ2) * derivative(A1)
        dW1 = dZ1 @ X.T / m
        db1 = np.sum(dZ1, axis=1, keepdims=keepdims) / m
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return backward_propagation


def test_backward_propagation_wrong_versions():
    check = grader.check_backward_propagation
    rejects(check, _backward(derivative=lambda A1: 1 - A1), "1 - A1**2")
    rejects(check, _backward(scale=False), "1/m is missing")
    rejects(check, _backward(keepdims=False), "['db1'] has shape (5,)", "keepdims")
    rejects(check, _backward(transpose=False), "raised ValueError")
    rejects(check, _backward(sign=-1), "wrong sign")


def test_backward_gradient_check_catches_what_the_reference_does_not_name(monkeypatch):
    """With the reference comparison disabled, the numerical gradient check alone rejects a wrong
    backward pass (this is the property check the grader runs after the values)."""
    monkeypatch.setattr(grader.Checker, "same_dict", lambda self, got, *a, **k: got)
    rejects(grader.check_backward_propagation, _backward(derivative=lambda A1: 1 - A1),
            "numerical gradient")
    passes(grader.check_backward_propagation, solution("backward_propagation"))


def test_update_parameters_wrong_versions():
    keys = ("W1", "b1", "W2", "b2")

    def plus(parameters, grads, learning_rate=1.2):
        return {k: parameters[k] + learning_rate * grads["d" + k] for k in keys}

    def fixed_rate(parameters, grads, learning_rate=1.2):
        return {k: parameters[k] - 1.2 * grads["d" + k] for k in keys}

    def other_default(parameters, grads, learning_rate=0.01):
        return {k: parameters[k] - learning_rate * grads["d" + k] for k in keys}

    def in_place(parameters, grads, learning_rate=1.2):
        for k in keys:
            parameters[k] -= learning_rate * grads["d" + k]
        return parameters

    def nothing(parameters, grads, learning_rate=1.2):
        for k in keys:
            parameters[k] = parameters[k] - learning_rate * grads["d" + k]

    check = grader.check_update_parameters
    rejects(check, plus, "gradient was added")
    rejects(check, fixed_rate, "learning_rate argument is ignored")
    rejects(check, other_default, "default learning rate")
    rejects(check, nothing, "should be a dict, not None")
    passes(check, in_place)  # updating the caller's dictionary is allowed here


def test_nn_model_wrong_versions():
    ns = exercises(NOTEBOOK)

    def make(iterations_offset=0, learning_rate=1.2, n_x=None, update=True):
        def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
            parameters = ns["initialize_parameters"](n_x or X.shape[0], n_h, Y.shape[0])
            for _ in range(num_iterations + iterations_offset):
                A2, cache = ns["forward_propagation"](X, parameters)
                grads = ns["backward_propagation"](parameters, cache, X, Y)
                if update:
                    parameters = ns["update_parameters"](parameters, grads, learning_rate)
            return parameters
        return nn_model

    check = grader.check_nn_model
    rejects(check, make(iterations_offset=-1), "it ran 149 iterations")
    rejects(check, make(learning_rate=0.01), "another learning rate")
    rejects(check, make(n_x=2), "raised ValueError")
    rejects(check, make(update=False), "wrong values")


def test_predict_wrong_versions():
    ns = exercises(NOTEBOOK)

    def probabilities(parameters, X):
        return ns["forward_propagation"](X, parameters)[0]

    def swapped(parameters, X):
        return (ns["forward_propagation"](X, parameters)[0] < 0.5).astype(int)

    def flat(parameters, X):
        return (ns["forward_propagation"](X, parameters)[0] > 0.5).astype(int).ravel()

    def booleans(parameters, X):
        return ns["forward_propagation"](X, parameters)[0] > 0.5

    def as_list(parameters, X):
        return (ns["forward_propagation"](X, parameters)[0] > 0.5).astype(int).tolist()

    check = grader.check_predict
    rejects(check, probabilities, "probabilities A2")
    rejects(check, swapped, "labels are swapped")
    rejects(check, flat, "shape (13,)")
    rejects(check, as_list, "should be a NumPy array")
    passes(check, booleans)  # True/False labels work as 1/0 here


def test_planar_sets_have_the_course_layout_and_are_deterministic():
    from utils import data

    sets = {"flower": data.load_planar_dataset(), "moons": data.load_moons()}
    sets.update(data.load_extra_datasets())
    train_X, train_Y, test_X, test_Y = data.load_circles()
    sets.update({"circles train": (train_X, train_Y), "circles test": (test_X, test_Y)})
    sizes = {"flower": 400, "moons": 300, "circles train": 300, "circles test": 100}
    for name, (X, Y) in sets.items():
        m = sizes.get(name, 200)
        assert X.shape == (2, m) and X.dtype == np.float64, name
        assert Y.shape == (1, m) and set(np.unique(Y)) == {0, 1}, name
        assert abs(Y.mean() - 0.5) <= 0.1, name
    np.testing.assert_array_equal(data.load_planar_dataset()[0], data.load_planar_dataset(seed=1)[0])
    assert not np.array_equal(data.load_planar_dataset(seed=2)[0], data.load_planar_dataset(seed=1)[0])
    assert not np.array_equal(train_X[:, :100], test_X), "the circles' test set is drawn apart"
