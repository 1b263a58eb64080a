"""Graders of course1_nn_basics/w3_a1 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions are rejected with the mistake named where it is a known one."""

import copy
import textwrap

import numpy as np
import pytest
from helpers import exercises, passes
from helpers import rejects as _rejects

from utils.graders.course1_nn_basics import w3_a1_planar_data_classification as grader
from utils.grading import with_globals

NOTEBOOK = "course1_nn_basics/w3_a1_planar_data_classification.ipynb"


def rejects(check, fn, *fragments):
    """helpers.rejects, with the fragments looked for in the message as one line: messages are
    wrapped at word boundaries, so a fragment may straddle a line break."""
    message = " ".join(_rejects(check, fn).split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in message, f"{fragment!r} not in:\n{message}"
    return message


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


def test_predict_that_leaves_out_the_biases_is_rejected():
    def no_biases(parameters, X):
        A1 = np.tanh(parameters["W1"] @ X)
        return (sigmoid(parameters["W2"] @ A1) > 0.5).astype(int)

    rejects(grader.check_predict, no_biases, "the biases were left out")


# ---------------------------------------------------------------------------------------------
# Each check judges its own exercise


def wrong(name):
    """A plausible wrong version of each exercise nn_model or predict calls."""
    ns = exercises(NOTEBOOK)
    versions = {
        "layer_sizes": lambda X, Y: (X.shape[1], 4, Y.shape[1]),
        "initialize_parameters": lambda n_x, n_h, n_y: {
            "W1": np.random.randn(n_h, n_x), "b1": np.zeros((n_h, 1)),
            "W2": np.random.randn(n_y, n_h), "b2": np.zeros((n_y, 1))},
        "forward_propagation": lambda X, parameters: ns["forward_propagation"](
            X, {**parameters, "b1": 0 * parameters["b1"]}),
        "compute_cost": lambda A2, Y: float(-np.sum(Y * np.log(A2))),
        "backward_propagation": lambda parameters, cache, X, Y: {
            k: -v for k, v in ns["backward_propagation"](parameters, cache, X, Y).items()},
        "update_parameters": lambda parameters, grads, learning_rate=1.2: parameters,
        "sigmoid": lambda z: np.tanh(z),
    }
    return versions[name]


@pytest.mark.parametrize("name, helper", [
    ("nn_model", "layer_sizes"), ("nn_model", "initialize_parameters"),
    ("nn_model", "forward_propagation"), ("nn_model", "compute_cost"),
    ("nn_model", "backward_propagation"), ("nn_model", "update_parameters"),
    ("predict", "forward_propagation"),
])
def test_a_correct_function_beside_a_wrong_helper_passes_with_a_note(name, helper):
    function = with_globals(solution(name), **{helper: wrong(helper)})
    out = " ".join(passes(getattr(grader, f"check_{name}"), function).split())
    assert (f"note: your {helper} does not pass check_{helper} yet; {name} was checked with the "
            f"reference {helper}") in out


@pytest.mark.parametrize("name", ["forward_propagation", "nn_model", "predict"])
def test_a_changed_given_sigmoid_is_swapped_silently(name):
    out = passes(getattr(grader, f"check_{name}"), with_globals(solution(name), sigmoid=wrong("sigmoid")))
    assert "note:" not in out


def test_a_wrong_function_beside_correct_helpers_fails():
    def no_update(X, Y, n_h, num_iterations=10000, print_cost=False):
        n_x, _, n_y = layer_sizes(X, Y)                              # noqa: F821 (notebook's)
        parameters = initialize_parameters(n_x, n_h, n_y)            # noqa: F821
        for _ in range(num_iterations):
            A2, cache = forward_propagation(X, parameters)           # noqa: F821
            grads = backward_propagation(parameters, cache, X, Y)    # noqa: F821
            update_parameters(parameters, grads)                     # noqa: F821
        return parameters

    message = rejects(grader.check_nn_model, with_globals(no_update, **exercises(NOTEBOOK)),
                      "those are the initial parameters")
    assert "note:" not in message

    def swapped_labels(parameters, X):
        A2, _ = forward_propagation(X, parameters)                  # noqa: F821 (notebook's)
        return (A2 < 0.5).astype(int)

    message = rejects(grader.check_predict, with_globals(swapped_labels, **exercises(NOTEBOOK)),
                      "labels are swapped")
    assert "note:" not in message


# ---------------------------------------------------------------------------------------------
# Correct code written for the original course's notebook passes unchanged

ORIGINAL = '''
def layer_sizes(X, Y):
    n_x = X.shape[0]
    n_h = 4
    n_y = Y.shape[0]
    return (n_x, n_h, n_y)


def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(2)   # an older version of the original seeded here
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    assert A2.shape == (1, X.shape[1])
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = -np.sum(logprobs) / m
    cost = float(np.squeeze(cost))
    return cost


def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return grads


def update_parameters(parameters, grads, learning_rate=1.2):
    W1 = copy.deepcopy(parameters["W1"])
    b1 = parameters["b1"]
    W2 = copy.deepcopy(parameters["W2"])
    b2 = parameters["b2"]
    W1 = W1 - learning_rate * grads["dW1"]
    b1 = b1 - learning_rate * grads["db1"]
    W2 = W2 - learning_rate * grads["dW2"]
    b2 = b2 - learning_rate * grads["db2"]
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    np.random.seed(3)
    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[2]
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(0, num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters


def predict(parameters, X):
    A2, cache = forward_propagation(X, parameters)
    predictions = (A2 > 0.5)
    return predictions
'''


def original(name):
    namespace = {"np": np, "copy": copy, "sigmoid": sigmoid}
    exec(ORIGINAL, namespace)
    return namespace[name]


@pytest.mark.parametrize("name", ["layer_sizes", "forward_propagation", "compute_cost",
                                  "backward_propagation", "update_parameters", "nn_model", "predict"])
def test_code_written_for_the_original_course_passes(name):
    out = passes(getattr(grader, f"check_{name}"), original(name))
    assert "note:" not in out


def test_an_initialize_parameters_that_seeds_itself_passes_with_a_note():
    out = " ".join(passes(grader.check_initialize_parameters, original("initialize_parameters")).split())
    assert "note: your initialize_parameters calls np.random.seed itself" in out


def test_the_notebook_nn_model_with_a_seed_first_passes():
    namespace = dict(exercises(NOTEBOOK))
    exec(textwrap.dedent("""
        def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
            np.random.seed(3)
            n_x, _, n_y = layer_sizes(X, Y)
            parameters = initialize_parameters(n_x, n_h, n_y)
            for i in range(num_iterations):
                A2, cache = forward_propagation(X, parameters)
                cost = compute_cost(A2, Y)
                grads = backward_propagation(parameters, cache, X, Y)
                parameters = update_parameters(parameters, grads)
            return parameters
    """), namespace)
    assert "note:" not in passes(grader.check_nn_model, namespace["nn_model"])


@pytest.mark.parametrize("mistake, fragment", [
    ("* 0.01", "not multiplied by 0.01"),
    ("np.random.randn", "np.random.rand draws from [0, 1)"),
])
def test_a_self_seeding_initialize_parameters_is_still_checked(mistake, fragment):
    source = ORIGINAL.split("def forward_propagation")[0]
    source = source.replace(mistake, "" if mistake == "* 0.01" else "np.random.rand")
    namespace = {"np": np}
    exec(source, namespace)
    rejects(grader.check_initialize_parameters, namespace["initialize_parameters"], fragment)
