"""Graders for course1_nn_basics/w3_a1_planar_data_classification.ipynb.

Each check calls the learner's function on inputs of its own (other sizes than the notebook's
flower: 3 input features, 5 hidden units, a dozen examples) and compares with the reference
below. The backward pass is also compared with a numerical gradient of the cost.

nn_model and predict call the earlier exercises (and forward_propagation the given sigmoid):
they are run with the reference versions of those, so each check judges its own exercise. The
random stream is not the lesson of nn_model: the reference initialize_parameters it is given
records the parameters it hands out, and the expected result is trained from those, so an
nn_model that reseeds NumPy first (the original course's template starts with
np.random.seed(3)) passes too.
"""

import copy

import numpy as np

from utils.grading import Checker, describe, numerical_gradient, relative_difference

KEYS = ("W1", "b1", "W2", "b2")


# ---------------------------------------------------------------------------------------------
# Reference implementation


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _forward(X, parameters, hidden=np.tanh, output=_sigmoid):
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = hidden(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = output(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _cost(A2, Y):
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))


def _backward(parameters, cache, X, Y, tanh_derivative=None):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    derivative = 1 - A1**2 if tanh_derivative is None else tanh_derivative(A1)
    dZ1 = (parameters["W2"].T @ dZ2) * derivative
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def _update(parameters, grads, learning_rate=1.2):
    return {k: parameters[k] - learning_rate * grads["d" + k] for k in KEYS}


def _train(X, Y, parameters, num_iterations, learning_rate=1.2):
    """nn_model's loop from the given initial parameters."""
    for _ in range(num_iterations):
        _, cache = _forward(X, parameters)
        grads = _backward(parameters, cache, X, Y)
        parameters = _update(parameters, grads, learning_rate)
    return parameters


# The notebook's functions with its signatures, to stand in for the learner's own when a later
# exercise calls them.


def _layer_sizes(X, Y):
    return X.shape[0], 4, Y.shape[0]


def _forward_propagation(X, parameters):
    return _forward(X, parameters)


def _compute_cost(A2, Y):
    return _cost(A2, Y)


def _backward_propagation(parameters, cache, X, Y):
    return _backward(parameters, cache, X, Y)


def _update_parameters(parameters, grads, learning_rate=1.2):
    return _update(parameters, grads, learning_rate)


def _random_parameters(n_x, n_h, n_y, seed, scale=0.8):
    rng = np.random.default_rng(seed)
    return {"W1": scale * rng.standard_normal((n_h, n_x)), "b1": 0.3 * rng.standard_normal((n_h, 1)),
            "W2": scale * rng.standard_normal((n_y, n_h)), "b2": 0.3 * rng.standard_normal((n_y, 1))}


def _small_data(n_x=3, m=12, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.int64)
    Y[0, :2] = [0, 1]  # both classes present
    return X, Y


# ---------------------------------------------------------------------------------------------
# Checks


def check_layer_sizes(layer_sizes):
    c = Checker(layer_sizes, "layer_sizes")
    for n_x, n_y, m in ((5, 2, 17), (2, 1, 9)):
        X, Y = np.zeros((n_x, m)), np.zeros((n_y, m))
        got = c.same_sequence(c.call(X, Y), 3,
                              what=f"layer_sizes(X of shape {X.shape}, Y of shape {Y.shape})")
        names = ("n_x", "n_h", "n_y")
        mistakes = {
            "n_x": {"it is the number of examples X.shape[1]; n_x is the number of rows X.shape[0]": m},
            "n_h": {},
            "n_y": {"it is the number of examples Y.shape[1]; n_y is the number of rows Y.shape[0]": m},
        }
        for name, value, expected in zip(names, got, (n_x, 4, n_y)):
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
                c.fail(f"{name} should be a whole number, not {type(value).__name__}",
                       expected=str(expected), got=repr(value),
                       hint="Read the sizes from X.shape and Y.shape; they are ints already.")
            c.same_scalar(value, expected, what=name, mistakes=mistakes[name],
                          hint="The hidden layer has 4 units." if name == "n_h" else
                          "Read the sizes from X.shape and Y.shape rather than typing them.")
    c.ok("(n_x, n_h, n_y) read from the shapes of X and Y (two cases), and n_h = 4")
    c.done()


def _reseeds_itself(c, n_x, n_h, n_y):
    """Whether the learner's function returns the same weights whatever the state of NumPy's
    generator: it calls np.random.seed itself (as an older version of the original did)."""
    results = []
    for seed in (7, 8):
        np.random.seed(seed)
        results.append(c.call(n_x, n_h, n_y))
    first, second = results
    return (isinstance(first, dict) and isinstance(second, dict) and "W1" in first and "W1" in second
            and isinstance(first["W1"], np.ndarray) and np.any(first["W1"] != 0)
            and np.array_equal(first["W1"], second["W1"]))


def _same_distribution(c, parameters, n_x, n_h, n_y):
    """Shapes, zero biases, and weights that look like 0.01 times a standard normal sample."""
    zeros = {"W1": np.zeros((n_h, n_x)), "b1": np.zeros((n_h, 1)), "W2": np.zeros((n_y, n_h)),
             "b2": np.zeros((n_y, 1))}
    _same_keys_and_shapes(c, parameters, zeros, f"initialize_parameters({n_x}, {n_h}, {n_y})")
    for key in ("b1", "b2"):
        c.same_array(parameters[key], zeros[key], what=f"{key}", hint="The biases start at zero.")
    weights = np.concatenate([parameters["W1"].ravel(), parameters["W2"].ravel()])
    mean, std = float(np.mean(weights)), float(np.std(weights))
    if not (abs(mean) < 0.002 and 0.009 < std < 0.011):
        hint = "W = np.random.randn(rows, columns) * 0.01: a standard normal sample, times 0.01."
        if std > 0.05:
            hint = "The weights are not multiplied by 0.01."
        elif mean > 0.002:
            hint = "np.random.rand draws from [0, 1); use np.random.randn (a standard normal)."
        c.fail(f"the {weights.size} weights have mean {mean:.5f} and standard deviation {std:.5f}; "
               "expected mean 0 and standard deviation 0.01", hint=hint)


def _same_keys_and_shapes(c, got, expected, what):
    c.same_type(got, dict, what=what)
    for key, value in expected.items():
        if key not in got:
            c.fail(f"{what} has no key {key!r}", expected="keys " + ", ".join(map(repr, expected)),
                   got="keys " + ", ".join(map(repr, got)))
        if not isinstance(got[key], np.ndarray) or got[key].shape != value.shape:
            c.fail(f"{what}[{key!r}] should be an array of shape {value.shape}",
                   got=describe(got[key]), hint="W has shape (rows, columns) = (n_out, n_in); "
                   "a bias is a column of shape (n_out, 1).")


def check_initialize_parameters(initialize_parameters):
    c = Checker(initialize_parameters, "initialize_parameters")
    if _reseeds_itself(c, 40, 30, 20):
        np.random.seed(7)
        _same_distribution(c, c.call(40, 30, 20), 40, 30, 20)
        c.ok("W1 (30, 40), b1 (30, 1), W2 (20, 30), b2 (20, 1): zero biases, weights spread "
             "like 0.01 * randn")
        c.notes.append("note: your initialize_parameters calls np.random.seed itself, so it was "
                       "checked on the spread of its weights rather than on exact numbers; this "
                       "notebook seeds NumPy before calling it instead")
        c.done()
        return
    n_x, n_h, n_y = 3, 5, 2
    np.random.seed(7)
    expected = _initialize_parameters(n_x, n_h, n_y)
    np.random.seed(7)
    unscaled = {"W1": np.random.randn(n_h, n_x), "W2": np.random.randn(n_y, n_h)}
    np.random.seed(7)
    swapped = {"W2": np.random.randn(n_y, n_h) * 0.01, "W1": np.random.randn(n_h, n_x) * 0.01}
    np.random.seed(7)
    uniform = {"W1": np.random.rand(n_h, n_x) * 0.01, "W2": np.random.rand(n_y, n_h) * 0.01}
    mistakes = {
        "the weights are not multiplied by 0.01": unscaled,
        "W2 was drawn before W1; draw W1 first so your numbers match": swapped,
        "np.random.rand draws from [0, 1); use np.random.randn (a standard normal)": uniform,
    }
    np.random.seed(7)
    got = c.call(n_x, n_h, n_y)
    c.same_dict(got, expected, what=f"initialize_parameters({n_x}, {n_h}, {n_y})", mistakes=mistakes,
                hint="W1 = np.random.randn(n_h, n_x) * 0.01, then W2 the same way; biases are zeros "
                "of shape (n, 1).")
    c.ok("W1 (5, 3), b1 (5, 1), W2 (2, 5), b2 (2, 1): small random weights after "
         "np.random.seed(7), zero biases")
    c.done()


def check_forward_propagation(forward_propagation):
    c = Checker(forward_propagation, "forward_propagation", uses={"sigmoid": (_sigmoid, None)})
    X, _ = _small_data(3, 12, seed=1)
    parameters = _random_parameters(3, 5, 1, seed=2)
    A2, cache = _forward(X, parameters)
    mistakes = {
        "the hidden layer uses the sigmoid; it uses tanh": _forward(X, parameters, hidden=_sigmoid)[0],
        "the hidden layer uses ReLU; it uses tanh":
            _forward(X, parameters, hidden=lambda z: np.maximum(z, 0))[0],
        "the output layer uses tanh; it uses the sigmoid": _forward(X, parameters, output=np.tanh)[0],
        "A2 is Z2: the sigmoid of the output layer is missing": cache["Z2"],
        "the biases were left out": _forward(X, {**parameters, "b1": 0 * parameters["b1"],
                                                 "b2": 0 * parameters["b2"]})[0],
    }
    got = c.same_sequence(c.call(X, parameters), 2, what="the returned value (A2, cache)")
    c.same_array(got[0], A2, what="A2", mistakes=mistakes)
    c.ok("A2 of shape (1, 12) right for 3 features and 5 hidden units")
    c.same_dict(got[1], cache, what="cache")
    c.ok('cache holds "Z1", "A1", "Z2", "A2" with the right values')
    c.done()


def check_compute_cost(compute_cost):
    c = Checker(compute_cost, "compute_cost")
    A2 = np.array([[0.91, 0.12, 0.66, 0.45, 0.08, 0.73, 0.30, 0.97, 0.55]])
    Y = np.array([[1, 0, 1, 0, 0, 1, 1, 1, 0]])
    m = Y.shape[1]
    total = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
    mistakes = {
        "the cost is a sum; divide it by m (take the mean)": total,
        "the minus sign is missing": -total / m,
        "only the y * log(a) term is there; add (1 - y) * log(1 - a)": -np.sum(Y * np.log(A2)) / m,
        "log(1 - a) is paired with y instead of (1 - y)":
            -np.sum(Y * np.log(A2) + Y * np.log(1 - A2)) / m,
    }
    c.same_scalar(c.call(A2, Y), total / m, what="compute_cost(A2, Y)", mistakes=mistakes,
                  hint="J = -(1/m) * sum(Y * log(A2) + (1 - Y) * log(1 - A2)), returned as a float.")
    c.ok("cross-entropy of 9 predictions: a single number with the right value")
    c.done()


def check_backward_propagation(backward_propagation):
    c = Checker(backward_propagation, "backward_propagation")
    X, Y = _small_data(3, 11, seed=3)
    parameters = _random_parameters(3, 5, 1, seed=4)
    _, cache = _forward(X, parameters)
    expected = _backward(parameters, cache, X, Y)
    m = X.shape[1]
    mistakes = {
        "the tanh derivative is written (1 - A1); it is 1 - A1**2":
            _backward(parameters, cache, X, Y, tanh_derivative=lambda a: 1 - a),
        "the tanh derivative is written (1 - Z1**2); use the activation A1, not Z1":
            _backward(parameters, cache, X, Y, tanh_derivative=lambda a: 1 - cache["Z1"] ** 2),
        "the gradients are sums over the examples: the 1/m is missing":
            {k: v * m for k, v in expected.items()},
        "every gradient has the wrong sign: dZ2 is A2 - Y, not Y - A2":
            {k: -v for k, v in expected.items()},
        "the tanh derivative is missing from dZ1":
            _backward(parameters, cache, X, Y, tanh_derivative=lambda a: np.ones_like(a)),
    }
    got = c.call(parameters, cache, X, Y)
    c.same_dict(got, expected, what="grads", mistakes=mistakes)
    c.ok("dW1 (5, 3), db1 (5, 1), dW2 (1, 5), db2 (1, 1) match the reference")

    def cost_at(key):
        def f(value):
            return _cost(_forward(X, {**parameters, key: value})[0], Y)
        return f

    for key in KEYS:
        numeric = numerical_gradient(cost_at(key), parameters[key].copy())
        difference = relative_difference(got["d" + key], numeric)
        if difference > 1e-7:
            c.fail(f"d{key} disagrees with a numerical gradient of the cost (relative difference "
                   f"{difference:.2e}, expected below 1e-7)")
    c.ok("gradient check: every gradient agrees with a numerical one (difference below 1e-7)")
    c.done()


def check_update_parameters(update_parameters):
    c = Checker(update_parameters, "update_parameters")
    parameters = _random_parameters(3, 5, 1, seed=5)
    grads = {"d" + k: v for k, v in _random_parameters(3, 5, 1, seed=6, scale=0.5).items()}
    for learning_rate in (0.7, None):
        rate = 1.2 if learning_rate is None else learning_rate
        expected = _update(parameters, grads, rate)
        mistakes = {
            "the gradient was added; gradient descent subtracts it": _update(parameters, grads, -rate),
            "the learning rate is missing: each step subtracts the bare gradient":
                _update(parameters, grads, 1.0),
        }
        if learning_rate is None:
            got = c.call(parameters, grads, mutation_ok=("parameters",))
            what = "update_parameters(parameters, grads) (default learning rate)"
            mistakes["the default learning rate is not 1.2"] = _update(parameters, grads, 0.7)
        else:
            got = c.call(parameters, grads, learning_rate=learning_rate, mutation_ok=("parameters",))
            what = f"update_parameters(parameters, grads, learning_rate={learning_rate})"
            mistakes["the learning_rate argument is ignored (1.2 is used every time)"] = \
                _update(parameters, grads, 1.2)
        c.same_dict(got, expected, what=what, mistakes=mistakes)
    c.ok("one gradient-descent step, with learning_rate=0.7 and with the default 1.2")
    c.done()


def check_nn_model(nn_model):
    handed_out = []

    def initialize_parameters(n_x, n_h, n_y):
        """The reference, drawing from NumPy's generator as it stands; it keeps what it returns."""
        parameters = _initialize_parameters(n_x, n_h, n_y)
        handed_out.append(copy.deepcopy(parameters))
        return parameters

    c = Checker(nn_model, "nn_model", uses={
        "layer_sizes": (_layer_sizes, check_layer_sizes),
        "initialize_parameters": (initialize_parameters, check_initialize_parameters),
        "forward_propagation": (_forward_propagation, check_forward_propagation),
        "compute_cost": (_compute_cost, check_compute_cost),
        "backward_propagation": (_backward_propagation, check_backward_propagation),
        "update_parameters": (_update_parameters, check_update_parameters),
        "sigmoid": (_sigmoid, None),
    })
    X, Y = _small_data(3, 25, seed=8)
    runs = ((3, 150), (5, 40))
    for n_h, num_iterations in runs:
        handed_out.clear()
        np.random.seed(11)
        got = c.call(X, Y, n_h, num_iterations=num_iterations)
        if handed_out:
            start = handed_out[0]
        else:                 # parameters drawn without initialize_parameters, after the seed above
            np.random.seed(11)
            start = _initialize_parameters(X.shape[0], n_h, Y.shape[0])
        expected = _train(X, Y, start, num_iterations)
        c.same_dict(got, expected, what=f"the parameters after nn_model(X, Y, n_h={n_h}, "
                    f"num_iterations={num_iterations})", rtol=1e-5, atol=1e-8, mistakes={
                        f"it ran {num_iterations - 1} iterations: use range(num_iterations)":
                            _train(X, Y, start, num_iterations - 1),
                        "the update uses another learning rate: keep update_parameters' default 1.2":
                            _train(X, Y, start, num_iterations, learning_rate=0.01),
                        "those are the initial parameters: keep what update_parameters returns, "
                        "parameters = update_parameters(parameters, grads)": start,
                    },
                    hint="nn_model initializes with initialize_parameters(n_x, n_h, n_y), then "
                    "repeats forward, cost, backward and update num_iterations times, starting "
                    "each iteration from the parameters the last update returned.")
    c.ok("trained parameters right after 150 iterations with 3 hidden units, 40 with 5")
    c.done()


def check_predict(predict):
    c = Checker(predict, "predict", uses={
        "forward_propagation": (_forward_propagation, check_forward_propagation),
        "sigmoid": (_sigmoid, None),
    })
    X, _ = _small_data(3, 13, seed=9)
    parameters = _random_parameters(3, 4, 1, seed=10, scale=1.5)
    # biases large enough that leaving them out flips labels (5 of the 13)
    parameters = {**parameters, "b1": 3 * parameters["b1"], "b2": np.array([[-0.6]])}
    A2, _ = _forward(X, parameters)
    without_biases = _forward(X, {**parameters, "b1": 0 * parameters["b1"], "b2": np.zeros((1, 1))})[0]
    expected = (A2 > 0.5).astype(np.int64)
    got = c.call(parameters, X)
    if isinstance(got, np.ndarray) and got.dtype == np.bool_:
        got = got.astype(np.int64)
    c.same_array(got, expected, what="predict(parameters, X)", check_dtype=False, mistakes={
        "those are the probabilities A2; turn them into labels with A2 > 0.5": A2,
        "the labels are swapped: predict 1 where A2 > 0.5": 1 - expected,
        "the biases were left out: use forward_propagation(X, parameters)":
            (without_biases > 0.5).astype(np.int64),
    })
    c.ok("13 labels of shape (1, 13): 1 where A2 > 0.5, else 0")
    c.done()
