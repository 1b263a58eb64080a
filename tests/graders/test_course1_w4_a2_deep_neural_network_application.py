"""Graders of course1_nn_basics/w4_a2 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong training loops are rejected, naming the mistake where it is a known one."""

import numpy as np
import pytest
from helpers import exercises, passes
from helpers import rejects as _rejects

from utils.graders.course1_nn_basics import w4_a2_deep_neural_network_application as grader
from utils.grading import with_globals
from utils.nn import dense
from utils.nn.dense import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters,
    initialize_parameters_deep,
    linear_activation_backward,
    linear_activation_forward,
    update_parameters,
)

NAMES = ["two_layer_model", "L_layer_model"]


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


def two_layer(hidden="relu", output="sigmoid", update=True, every=100, fixed_rate=None, n_h=None,
              only_parameters=False):
    """A 2-layer training loop with one configurable mistake."""
    def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        n_x, hidden_units, n_y = layers_dims
        parameters = initialize_parameters(n_x, n_h or hidden_units, n_y)
        costs = []
        for i in range(num_iterations):
            A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], hidden)
            A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], output)
            cost = compute_cost(A2, Y)
            dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
            dA1, dW2, db2 = linear_activation_backward(dA2, cache2, output)
            _, dW1, db1 = linear_activation_backward(dA1, cache1, hidden)
            new = update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2},
                                    fixed_rate or learning_rate)
            if update:
                parameters = new
            if i % every == 0:
                costs.append(cost)
        return parameters if only_parameters else (parameters, costs)
    return two_layer_model


def test_two_layer_model_wrong_versions():
    check = grader.check_two_layer_model
    with np.errstate(all="ignore"):
        rejects(check, two_layer(hidden="sigmoid", output="relu"), "the recorded cost is nan",
                "the output layer must be the sigmoid")
    rejects(check, two_layer(hidden="sigmoid"), "both layers use the sigmoid")
    rejects(check, two_layer(update=False), "the parameters never change")
    rejects(check, two_layer(every=1), "costs holds 250 values", "i % 100 == 0")
    rejects(check, two_layer(fixed_rate=0.0075), "learning_rate was ignored")
    rejects(check, two_layer(n_h=7), "['W1'] has shape (7, 20)")
    rejects(check, two_layer(only_parameters=True), "tuple of 2")


def L_layer(update=True, every=100, fixed_rate=None, fixed_dims=None, shallow_init=False,
            costs_as_arrays=False):
    """An L-layer training loop with one configurable mistake."""
    def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        dims = fixed_dims or layers_dims
        if shallow_init:
            parameters = initialize_parameters_deep(dims)
            parameters = {k: v if k[0] == "b" else v * 0.01 * np.sqrt(dims[int(k[1:]) - 1])
                          for k, v in parameters.items()}
        else:
            parameters = initialize_parameters_deep(dims)
        costs = []
        for i in range(num_iterations):
            AL, caches = L_model_forward(X, parameters)
            cost = compute_cost(AL, Y)
            grads = L_model_backward(AL, Y, caches)
            new = update_parameters(parameters, grads, fixed_rate or learning_rate)
            if update:
                parameters = new
            if i % every == 0:
                costs.append(np.array([[cost]]) if costs_as_arrays else cost)
        return parameters, costs
    return L_layer_model


def test_L_layer_model_wrong_versions():
    check = grader.check_L_layer_model
    rejects(check, L_layer(update=False), "the parameters never change")
    rejects(check, L_layer(every=10), "costs holds 25 values", "i % 100 == 0")
    rejects(check, L_layer(fixed_rate=0.0075), "learning_rate was ignored")
    rejects(check, L_layer(fixed_dims=[12288, 20, 7, 5, 1]), "raised ValueError")
    rejects(check, L_layer(fixed_dims=[20, 6, 4, 1]), "['W1'] has shape (6, 20)")
    rejects(check, L_layer(shallow_init=True), "factor 0.01", "initialize_parameters_deep")


def test_costs_given_as_one_element_arrays_are_accepted():
    passes(grader.check_L_layer_model, L_layer(costs_as_arrays=True))


def test_odd_output_is_reported_not_crashed_on():
    rejects(grader.check_L_layer_model, lambda X, Y, layers_dims, **kw: None, "tuple of 2")
    rejects(grader.check_L_layer_model, lambda X, Y, layers_dims, **kw: ({}, ["a", "b", "c"]),
            "costs should hold numbers only")
    rejects(grader.check_two_layer_model, lambda X, Y, layers_dims, **kw: ({}, [0.7, 0.6, 0.5]),
            "missing the key(s) 'W1'")


# ---------------------------------------------------------------------------------------------
# The loops are judged with the given helpers, and loops written for the original course pass

NOTEBOOK = "course1_nn_basics/w4_a2_deep_neural_network_application.ipynb"


@pytest.mark.parametrize("name, helper, wrong_helper", [
    ("two_layer_model", "update_parameters", lambda parameters, grads, learning_rate: parameters),
    ("two_layer_model", "linear_activation_forward",
     lambda A_prev, W, b, activation: dense.linear_activation_forward(A_prev, W, b, "sigmoid")),
    ("L_layer_model", "L_model_backward",
     lambda AL, Y, caches: {k: 0 * v for k, v in dense.L_model_backward(AL, Y, caches).items()}),
    ("L_layer_model", "initialize_parameters_deep",
     lambda layers_dims: dense.initialize_parameters_deep(layers_dims, seed=5)),
])
def test_a_redefined_given_helper_does_not_change_the_verdict(name, helper, wrong_helper):
    function = with_globals(exercises(NOTEBOOK)[name], **{helper: wrong_helper})
    assert "note:" not in passes(getattr(grader, f"check_{name}"), function)


ORIGINAL = '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    np.random.seed(1)
    grads = {}
    costs = []
    m = X.shape[1]
    (n_x, n_h, n_y) = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    for i in range(0, num_iterations):
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        grads["dW1"] = dW1
        grads["db1"] = db1
        grads["dW2"] = dW2
        grads["db2"] = db2
        parameters = update_parameters(parameters, grads, learning_rate)
        W1 = parameters["W1"]
        b1 = parameters["b1"]
        W2 = parameters["W2"]
        b2 = parameters["b2"]
        if print_cost and i % 100 == 0 or i == num_iterations - 1:
            print("Cost after iteration {}: {}".format(i, np.squeeze(cost)))
        if i % 100 == 0 or i == num_iterations:
            costs.append(cost)
    return parameters, costs


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    np.random.seed(1)
    costs = []
    parameters = initialize_parameters_deep(layers_dims)
    for i in range(0, num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 100 == 0 or i == num_iterations - 1:
            print("Cost after iteration {}: {}".format(i, np.squeeze(cost)))
        if i % 100 == 0 or i == num_iterations:
            costs.append(cost)
    return parameters, costs
'''


@pytest.mark.parametrize("name", NAMES)
def test_a_loop_written_for_the_original_course_passes(name):
    namespace = {"np": np, **{helper: getattr(dense, helper) for helper in grader.GIVEN}}
    exec(ORIGINAL, namespace)
    assert "note:" not in passes(getattr(grader, f"check_{name}"), namespace[name])
