"""Graders for course1_nn_basics/w2_a2_logistic_regression.ipynb.

Each check calls the learner's function on data of its own (a handful of features and examples,
not the 12288 x 209 cat images, so a hard-coded size fails) and compares with the reference
implementation below. A function that calls earlier exercises (propagate calls sigmoid, optimize
calls propagate, model calls initialize_with_zeros, optimize and predict) is run with the
reference versions of those, so each check judges its own exercise; a note says when the
learner's own earlier function does not pass its check yet.
"""

import numpy as np

from utils.grading import Checker, describe

MODEL_KEYS = ("costs", "Y_prediction_test", "Y_prediction_train", "w", "b", "learning_rate",
              "num_iterations")


# ---------------------------------------------------------------------------------------------
# Reference implementation: the notebook's functions, same signatures, returns and prints (they
# stand in for the learner's own when a later exercise calls them)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _initialize_with_zeros(dim):
    return np.zeros((dim, 1)), 0.0


def _propagate(w, b, X, Y):
    m = X.shape[1]
    A = _sigmoid(w.T @ X + b)                                      # (1, m)
    cost = float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
    return {"dw": X @ (A - Y).T / m, "db": float(np.mean(A - Y))}, cost


def _descent(w, b, X, Y, num_iterations, learning_rate, sign=-1, print_cost=False):
    """Gradient descent (sign=-1) or, to name that mistake, ascent (sign=+1)."""
    costs, grads = [], None
    for i in range(num_iterations):
        grads, cost = _propagate(w, b, X, Y)
        w = w + sign * learning_rate * grads["dw"]
        b = b + sign * learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:.6f}")
    return {"w": w, "b": b}, grads, costs


def _optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    return _descent(w, b, X, Y, num_iterations, learning_rate, print_cost=print_cost)


def _predict(w, b, X):
    return (_sigmoid(w.T @ X + b) > 0.5).astype(float)


def _model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5):
    w, b = _initialize_with_zeros(X_train.shape[0])
    params, _, costs = _optimize(w, b, X_train, Y_train, num_iterations, learning_rate)
    w, b = params["w"], params["b"]
    return {"costs": costs, "Y_prediction_test": _predict(w, b, X_test),
            "Y_prediction_train": _predict(w, b, X_train), "w": w, "b": b,
            "learning_rate": learning_rate, "num_iterations": num_iterations}


def _data(n_x, m, seed):
    """Features in [0, 1] like scaled pixels, labels from a noisy linear rule (both classes)."""
    rng = np.random.default_rng(seed)
    X = rng.random((n_x, m))
    direction = rng.standard_normal((n_x, 1))
    score = direction.T @ (X - 0.5) + 0.3 * rng.standard_normal((1, m))
    Y = (score > 0).astype(np.int64)
    Y[0, :2] = [0, 1]
    return X, Y


# ---------------------------------------------------------------------------------------------
# Shared checks


def _same_costs(c, got, expected, what):
    """A list (or tuple, or 1-D array) of len(expected) numbers close to `expected`."""
    if isinstance(got, np.ndarray) and got.ndim == 1:
        got = list(got)
    if not isinstance(got, (list, tuple)):
        c.fail(f"{what} should be a list of numbers, not {describe(got)}",
               hint="Start with costs = [] and append the cost every 100 iterations.")
    if len(got) != len(expected):
        hint = "Record the cost when i % 100 == 0, i.e. at iterations 0, 100, 200, ..."
        if len(got) > len(expected) and len(got) >= 100 * (len(expected) - 1):
            hint = ("It looks like the cost was recorded at every iteration; record it only when "
                    "i % 100 == 0.")
        c.fail(f"{what} has {len(got)} entries; expected {len(expected)}", hint=hint)
    try:
        values = np.array([np.asarray(v, dtype=float).item() for v in got])
    except (TypeError, ValueError):
        c.fail(f"{what} should hold one number per entry", got=describe(list(got)),
               hint="Append the cost itself, a float (compute_cost / propagate return one).")
    c.same_array(values, np.array(expected), what=what, rtol=1e-5, atol=1e-8)


def _same_predictions(c, got, expected, what, probabilities=None, without_bias=None):
    """Labels as a float (or integer) array of 0 and 1, of the expected shape."""
    if isinstance(got, np.ndarray) and got.dtype == np.bool_:
        c.fail(f"{what} holds booleans (True/False); expected the numbers 0 and 1",
               got=describe(got),
               hint="Comparisons such as A > 0.5 give booleans; turn them into numbers with "
               ".astype(float), or fill an array of zeros with 1.0 where A > 0.5.")
    mistakes = {}
    if probabilities is not None:
        mistakes["those are the probabilities A; turn them into labels 0 and 1 (1 where A > 0.5)"] = \
            probabilities
    if without_bias is not None:
        mistakes["the bias b is missing: the probabilities are A = sigmoid(w^T X + b)"] = without_bias
    mistakes["the labels are swapped: predict 1 where A = sigmoid(w^T X + b) is above 0.5 (a "
             "reversed comparison, or a sigmoid written with exp(+z), swaps them)"] = 1 - expected
    c.same_array(got, expected, what=what, check_dtype=False, mistakes=mistakes)


# ---------------------------------------------------------------------------------------------
# Checks


def check_sigmoid(sigmoid):
    c = Checker(sigmoid, "sigmoid")
    z = np.array([[-4.0, -0.5, 0.0], [0.25, 1.5, 6.0]])
    c.same_array(c.call(z), _sigmoid(z), what="sigmoid(z)", mistakes={
        "the sign of the exponent is flipped, which computes sigmoid(-z): use np.exp(-z)": _sigmoid(-z),
        "the output is tanh(z), not the sigmoid": np.tanh(z),
        "1 / 1 + np.exp(-z) is 1 + e^(-z): put the denominator in parentheses, 1 / (1 + np.exp(-z))":
            1 + np.exp(-z),
    })
    c.ok("works on a (2, 3) array: right shape and values")
    c.same_scalar(c.call(0.0), 0.5, what="sigmoid(0.0)")
    c.same_array(c.call(np.array([0.0, 2.0])), _sigmoid(np.array([0.0, 2.0])), what="sigmoid([0, 2])")
    c.ok("sigmoid(0) = 0.5 and sigmoid([0, 2]) = [0.5, 0.88079708]")
    c.done()


def check_initialize_with_zeros(initialize_with_zeros):
    c = Checker(initialize_with_zeros, "initialize_with_zeros")
    for dim in (7, 2):
        w, b = c.same_sequence(c.call(dim), 2, what=f"initialize_with_zeros({dim})")
        c.same_array(w, np.zeros((dim, 1)), what="w",
                     hint="w is a column of zeros: np.zeros((dim, 1)).")
        if isinstance(b, np.ndarray) and b.ndim > 0:
            c.fail(f"b should be a single number, not an array of shape {b.shape}",
                   expected="0.0", got=describe(b), hint="The bias is a scalar: b = 0.0.")
        c.same_scalar(b, 0.0, what="b")
    c.ok("w of shape (7, 1) and (2, 1) filled with 0.0, b = 0.0")
    c.done()


def check_propagate(propagate):
    c = Checker(propagate, "propagate", uses={"sigmoid": (_sigmoid, check_sigmoid)})
    for n_x, m, seed in ((4, 6, 1), (3, 5, 2)):
        X, Y = _data(n_x, m, seed)
        rng = np.random.default_rng(seed + 10)
        w, b = rng.standard_normal((n_x, 1)), 0.35
        grads, cost = _propagate(w, b, X, Y)
        got = c.same_sequence(c.call(w, b, X, Y), 2, what="the returned value (grads, cost)")
        got_grads, got_cost = got
        c.same_type(got_grads, dict, what="grads", hint='grads = {"dw": dw, "db": db}')
        for key in ("dw", "db"):
            if key not in got_grads:
                c.fail(f'grads has no key "{key}"', expected='keys "dw", "db"',
                       got=describe(got_grads))
        c.same_array(got_grads["dw"], grads["dw"], what='grads["dw"]', mistakes={
            "dw is a sum over the examples: the 1/m is missing": m * grads["dw"],
            "dw has the wrong sign: dZ is A - Y, not Y - A": -grads["dw"],
        }, hint="dw = X (A - Y)^T / m has the shape of w, (n_x, 1).")
        if isinstance(got_grads["db"], np.ndarray) and got_grads["db"].ndim > 0:
            c.fail(f'grads["db"] should be a single number, not an array of shape '
                   f'{got_grads["db"].shape}', expected=f'{grads["db"]:.8g}',
                   got=describe(got_grads["db"]),
                   hint="np.mean(A - Y) or np.sum(A - Y) / m gives one number.")
        c.same_scalar(got_grads["db"], grads["db"], what='grads["db"]', mistakes={
            "db is the sum of (A - Y); divide by m (take the mean)": m * grads["db"],
            "db has the wrong sign: it is the mean of A - Y": -grads["db"],
        })
        c.same_scalar(got_cost, cost, what="cost", mistakes={
            "the cost has the wrong sign: J = -(1/m) sum(...)": -cost,
            "the cost is a sum; divide it by m": m * cost,
        }, hint="J = -(1/m) * sum(Y log(A) + (1 - Y) log(1 - A)).")
    c.ok("dw, db and cost right on (4, 6) and (3, 5) data, with b = 0.35")
    c.done()


def check_optimize(optimize):
    c = Checker(optimize, "optimize", uses={"propagate": (_propagate, check_propagate),
                                            "sigmoid": (_sigmoid, check_sigmoid)})
    X, Y = _data(3, 7, seed=3)
    w, b = np.array([[0.8], [-1.2], [0.4]]), 1.5
    for kwargs in ({"num_iterations": 301, "learning_rate": 0.02}, {}):
        num_iterations = kwargs.get("num_iterations", 100)
        learning_rate = kwargs.get("learning_rate", 0.009)
        params, grads, costs = _optimize(w, b, X, Y, num_iterations, learning_rate)
        shown = ", ".join(f"{k}={v}" for k, v in kwargs.items())
        what = f"optimize(w, b, X, Y{', ' + shown if shown else ''})"
        got = c.same_sequence(c.call(w, b, X, Y, **kwargs), 3, what=f"the value returned by {what}")
        got_params, got_grads, got_costs = got
        ascent = _descent(w, b, X, Y, num_iterations, learning_rate, sign=1)[0]
        mistakes = {"the update adds the gradient (gradient ascent); subtract it: w = w - "
                    "learning_rate * dw": ascent}
        if kwargs:
            mistakes["the learning_rate argument is ignored (0.009 is used)"] = \
                _optimize(w, b, X, Y, num_iterations, 0.009)[0]
            mistakes[f"it ran {num_iterations - 1} iterations: loop over range(num_iterations)"] = \
                _optimize(w, b, X, Y, num_iterations - 1, learning_rate)[0]
        c.same_dict(got_params, params, what=f"params from {what}", rtol=1e-5, mistakes=mistakes)
        c.same_dict(got_grads, grads, what=f"grads from {what}", rtol=1e-5,
                    hint="Return the gradients of the last iteration (those used for the last update).")
        _same_costs(c, got_costs, costs, what=f"costs from {what}")
    c.ok("301 steps, learning_rate=0.02: w, b, last grads, costs at iterations 0 to 300")
    c.ok("the defaults (100 steps, learning_rate=0.009) and w left unchanged")
    c.done()


def check_predict(predict):
    c = Checker(predict, "predict", uses={"sigmoid": (_sigmoid, check_sigmoid)})
    X, _ = _data(3, 9, seed=4)
    w = np.array([[1.4], [-2.1], [0.9]])
    for b in (-0.05, 0.8, -0.9):      # the larger biases flip labels: a forgotten b shows
        _same_predictions(c, c.call(w, b, X), _predict(w, b, X), what=f"predict(w, b={b}, X)",
                          probabilities=_sigmoid(w.T @ X + b), without_bias=_predict(w, 0.0, X))
    c.ok("labels of shape (1, 9), 1.0 where A > 0.5, else 0.0, for biases -0.05, 0.8, -0.9")
    c.done()


def check_model(model):
    c = Checker(model, "model", uses={
        "initialize_with_zeros": (_initialize_with_zeros, check_initialize_with_zeros),
        "optimize": (_optimize, check_optimize),
        "predict": (_predict, check_predict),
        "propagate": (_propagate, check_propagate),
        "sigmoid": (_sigmoid, check_sigmoid),
    })
    X_train, Y_train = _data(5, 30, seed=5)
    X_test, Y_test = _data(5, 12, seed=6)
    runs = ({"num_iterations": 250, "learning_rate": 0.05}, {})
    for kwargs in runs:
        expected = _model(X_train, Y_train, X_test, Y_test, **kwargs)
        shown = ", ".join(f"{k}={v}" for k, v in kwargs.items())
        what = f"model(X_train, Y_train, X_test, Y_test{', ' + shown if shown else ''})"
        got = c.same_type(c.call(X_train, Y_train, X_test, Y_test, **kwargs), dict,
                          what=f"the value returned by {what}")
        missing = [k for k in MODEL_KEYS if k not in got]
        if missing:
            c.fail(f"the returned dictionary has no key(s) {', '.join(map(repr, missing))}",
                   expected="keys " + ", ".join(map(repr, MODEL_KEYS)),
                   got="keys " + ", ".join(map(repr, got)))
        mistakes = None
        if kwargs:
            mistakes = {
                "the model ignores the num_iterations and learning_rate arguments (it uses the "
                "defaults)": _model(X_train, Y_train, X_test, Y_test)["w"],
                "num_iterations and learning_rate are not passed on to optimize, which then uses its "
                "own defaults (100 iterations, 0.009)": _model(X_train, Y_train, X_test, Y_test, 100,
                                                               0.009)["w"],
                "learning_rate is not passed on to optimize, which then uses its default 0.009":
                    _model(X_train, Y_train, X_test, Y_test, kwargs["num_iterations"], 0.009)["w"],
            }
        c.same_array(got["w"], expected["w"], what='d["w"]', rtol=1e-5, mistakes=mistakes,
                     hint="Start from initialize_with_zeros and pass num_iterations and "
                     "learning_rate on to optimize.")
        c.same_scalar(got["b"], expected["b"], what='d["b"]', rtol=1e-5)
        _same_costs(c, got["costs"], expected["costs"], what='d["costs"]')
        for key, other, inputs in (("Y_prediction_train", "Y_prediction_test", "X_train"),
                                   ("Y_prediction_test", "Y_prediction_train", "X_test")):
            value = got[key]
            if isinstance(value, np.ndarray) and value.shape == expected[other].shape:
                c.fail(f'd["{key}"] has shape {value.shape}; expected {expected[key].shape}',
                       hint=f"{key} holds the predictions on {inputs}.")
            _same_predictions(c, value, expected[key], what=f'd["{key}"]')
        for key in ("learning_rate", "num_iterations"):
            c.same_scalar(got[key], expected[key], what=f'd["{key}"]',
                          hint="Store the arguments the model was called with.")
    c.ok("250 iterations, learning_rate=0.05, 30 train and 12 test examples: costs, w, b and "
         "both predictions")
    c.ok("the defaults (2000 iterations, learning_rate=0.5) give the reference model too")
    c.done()
