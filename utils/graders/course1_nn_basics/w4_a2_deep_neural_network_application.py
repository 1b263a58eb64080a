"""Graders for course1_nn_basics/w4_a2_deep_neural_network_application.ipynb.

The learner's training loops are called on a small random problem of the grader's own (20
features, 30 examples, other layer sizes and learning rates than the notebook's, a few hundred
iterations: a fraction of a second) and compared with the reference loops of utils.nn.dense:
the trained parameters and the recorded costs. Known wrong loops are re-run here to name the
mistake when the learner's results match one of them.

The helpers the loops call are given (imported from utils.nn.dense): a check runs the learner's
loop with those, even if the learner's notebook has redefined one of them since.
"""

import math

import numpy as np

from utils.grading import Checker, describe
from utils.nn import dense

# The given helpers, by the names the notebook imports them under (checks None: they are given).
GIVEN = {name: (getattr(dense, name), None) for name in (
    "initialize_parameters", "initialize_parameters_deep", "linear_forward", "linear_activation_forward",
    "L_model_forward", "compute_cost", "linear_backward", "linear_activation_backward",
    "L_model_backward", "update_parameters", "predict", "sigmoid", "relu", "sigmoid_backward",
    "relu_backward")}


def _problem():
    """A small, learnable binary problem: X of shape (20, 30), Y of shape (1, 30)."""
    rng = np.random.default_rng(51)
    X = rng.standard_normal((20, 30))
    Y = (X[0] + X[1] * X[2] - 0.5 * X[3] > 0).astype(float).reshape(1, 30)   # (1, 30)
    return X, Y


def _two_layer_variant(X, Y, layers_dims, learning_rate, num_iterations, hidden="relu", output="sigmoid",
                       update=True):
    """The reference 2-layer loop, with the activations and the update configurable."""
    n_x, n_h, n_y = layers_dims
    parameters = dense.initialize_parameters(n_x, n_h, n_y)
    costs = []
    with np.errstate(all="ignore"):
        for i in range(num_iterations):
            A1, cache1 = dense.linear_activation_forward(X, parameters["W1"], parameters["b1"], hidden)
            A2, cache2 = dense.linear_activation_forward(A1, parameters["W2"], parameters["b2"], output)
            if i % 100 == 0:
                costs.append(dense.compute_cost(A2, Y))
            dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
            dA1, dW2, db2 = dense.linear_activation_backward(dA2, cache2, output)
            _, dW1, db1 = dense.linear_activation_backward(dA1, cache1, hidden)
            if update:
                grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
                parameters = dense.update_parameters(parameters, grads, learning_rate)
    return parameters, costs


def _L_layer_variant(X, Y, layers_dims, learning_rate, num_iterations, update=True, shallow_init=False):
    """The reference L-layer loop, with the update and the initialization configurable."""
    if shallow_init:
        parameters = {}
        np.random.seed(1)
        for l in range(1, len(layers_dims)):
            parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 0.01
            parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    else:
        parameters = dense.initialize_parameters_deep(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = dense.L_model_forward(X, parameters)
        if i % 100 == 0:
            costs.append(dense.compute_cost(AL, Y))
        if update:
            grads = dense.L_model_backward(AL, Y, caches)
            parameters = dense.update_parameters(parameters, grads, learning_rate)
    return parameters, costs


def _costs_array(c, costs, num_iterations):
    """The learner's costs as a float array, after checking their type and number."""
    expected_count = len(range(0, num_iterations, 100))
    recorded_at = ", ".join(str(i) for i in range(0, num_iterations, 100))
    if not isinstance(costs, (list, tuple, np.ndarray)):
        c.fail("costs should be a list of numbers", got=describe(costs),
               hint="Start with costs = [] and append the cost every 100 iterations.")
    try:
        values = np.array([float(np.squeeze(cost)) for cost in costs])
    except (TypeError, ValueError):
        c.fail("costs should hold numbers only", got=describe(costs),
               hint="Append the value returned by compute_cost.")
    if len(values) != expected_count:
        c.fail(f"costs holds {len(values)} values for num_iterations={num_iterations}; expected "
               f"{expected_count}, the cost at iterations {recorded_at}",
               hint="Append the cost only when i % 100 == 0 (not at every iteration).")
    bad = [i for i, v in enumerate(values) if not math.isfinite(v)]
    if bad:
        c.fail(f"the recorded cost is {values[bad[0]]} at iteration {100 * bad[0]}",
               hint="A log of 0 or a division by 0: the output layer must be the sigmoid (a ReLU "
               "output can be exactly 0), and dA of the output is -(Y / A - (1 - Y) / (1 - A)).")
    return values


def _compare(c, result, expected, variants, num_iterations, hint):
    """Check (parameters, costs) against the reference and the named wrong versions."""
    parameters, costs = c.same_sequence(result, 2, what="the returned value (should be parameters, costs)")
    values = _costs_array(c, costs, num_iterations)
    c.same_dict(parameters, expected[0], what="the trained parameters", rtol=1e-5, atol=1e-9,
                mistakes={label: wrong[0] for label, wrong in variants.items()}, hint=hint)
    c.same_array(values, np.array(expected[1]), what="costs", rtol=1e-6, atol=1e-9,
                 mistakes={label: np.array(wrong[1]) for label, wrong in variants.items()
                           if len(wrong[1]) == len(values)},
                 hint="Record the cost of the forward pass at iterations 0, 100, 200, ..., before "
                 "that iteration's update.")


def check_two_layer_model(two_layer_model):
    c = Checker(two_layer_model, "two_layer_model", uses=GIVEN)
    X, Y = _problem()
    runs = [((20, 5, 1), {"learning_rate": 0.05, "num_iterations": 250}),
            ((20, 3, 1), {"num_iterations": 120})]
    for layers_dims, options in runs:
        learning_rate = options.get("learning_rate", 0.0075)
        num_iterations = options["num_iterations"]
        expected = dense.two_layer_model(X, Y, layers_dims, learning_rate=learning_rate,
                                         num_iterations=num_iterations)
        variants = {
            "the activations are in the wrong order: LINEAR -> RELU first, then LINEAR -> SIGMOID":
                _two_layer_variant(X, Y, layers_dims, learning_rate, num_iterations,
                                   hidden="sigmoid", output="relu"),
            "both layers use the sigmoid; the hidden layer is LINEAR -> RELU":
                _two_layer_variant(X, Y, layers_dims, learning_rate, num_iterations, hidden="sigmoid"),
            "the parameters never change: keep what update_parameters returns, "
            "parameters = update_parameters(parameters, grads, learning_rate)":
                _two_layer_variant(X, Y, layers_dims, learning_rate, num_iterations, update=False),
        }
        if learning_rate != 0.0075:
            ignored = dense.two_layer_model(X, Y, layers_dims, num_iterations=num_iterations)
            variants["learning_rate was ignored (the steps used 0.0075); pass learning_rate to "
                     "update_parameters"] = ignored
        result = c.call(X, Y, layers_dims, **options)
        _compare(c, result, expected, variants, num_iterations,
                 hint="Read n_x, n_h, n_y from layers_dims; each iteration: forward (relu, then "
                 "sigmoid), cost, dA2, backward (sigmoid, then relu), update.")
    c.ok("layers (20, 5, 1), learning_rate=0.05, 250 iterations: parameters and costs right")
    c.ok("layers (20, 3, 1) with the default learning rate: right")
    c.done()


def check_L_layer_model(L_layer_model):
    c = Checker(L_layer_model, "L_layer_model", uses=GIVEN)
    X, Y = _problem()
    runs = [([20, 6, 4, 1], {"learning_rate": 0.1, "num_iterations": 250}),
            ([20, 3, 1], {"num_iterations": 120})]
    for layers_dims, options in runs:
        learning_rate = options.get("learning_rate", 0.0075)
        num_iterations = options["num_iterations"]
        expected = dense.L_layer_model(X, Y, layers_dims, learning_rate=learning_rate,
                                       num_iterations=num_iterations)
        variants = {
            "the parameters never change: keep what update_parameters returns, "
            "parameters = update_parameters(parameters, grads, learning_rate)":
                _L_layer_variant(X, Y, layers_dims, learning_rate, num_iterations, update=False),
            "the weights were initialized with a factor 0.01; use initialize_parameters_deep":
                _L_layer_variant(X, Y, layers_dims, learning_rate, num_iterations, shallow_init=True),
        }
        if learning_rate != 0.0075:
            ignored = dense.L_layer_model(X, Y, layers_dims, num_iterations=num_iterations)
            variants["learning_rate was ignored (the steps used 0.0075); pass learning_rate to "
                     "update_parameters"] = ignored
        result = c.call(X, Y, list(layers_dims), **options)
        _compare(c, result, expected, variants, num_iterations,
                 hint="Initialize with initialize_parameters_deep(layers_dims); each iteration: "
                 "L_model_forward, compute_cost, L_model_backward, update_parameters.")
    c.ok("layers [20, 6, 4, 1], learning_rate=0.1, 250 iterations: parameters and costs right")
    c.ok("layers [20, 3, 1] with the default learning rate: right")
    c.done()
