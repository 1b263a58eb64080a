"""Graders of course1_nn_basics/w2_a2 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions are rejected with the mistake named where it is a known one."""

import copy
import textwrap
import types

import numpy as np
import pytest
from helpers import exercises, passes
from helpers import rejects as _rejects

from utils.graders.course1_nn_basics import w2_a2_logistic_regression as grader
from utils.grading import with_globals

NOTEBOOK = "course1_nn_basics/w2_a2_logistic_regression.ipynb"


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


def test_sigmoid_wrong_versions():
    def flipped(z):
        return 1 / (1 + np.exp(z))

    def with_math(z):
        import math
        return 1 / (1 + math.exp(-z))

    def precedence(z):
        return 1 / 1 + np.exp(-z)

    rejects(grader.check_sigmoid, flipped, "sign of the exponent")
    rejects(grader.check_sigmoid, with_math, "raised TypeError")
    rejects(grader.check_sigmoid, precedence, "parentheses")


def test_initialize_with_zeros_wrong_versions():
    def flat(dim):
        return np.zeros(dim), 0.0

    def row(dim):
        return np.zeros((1, dim)), 0.0

    def integers(dim):
        return np.zeros((dim, 1), dtype=int), 0.0

    def array_bias(dim):
        return np.zeros((dim, 1)), np.zeros((1, 1))

    def hard_coded(dim):
        return np.zeros((12288, 1)), 0.0

    def only_w(dim):
        return np.zeros((dim, 1))

    check = grader.check_initialize_with_zeros
    rejects(check, flat, "shape (7,)")
    rejects(check, row, "shape (1, 7)", "transposed")
    rejects(check, integers, "dtype int64", "floating point")
    rejects(check, array_bias, "b should be a single number")
    rejects(check, hard_coded, "shape (12288, 1)")
    rejects(check, only_w, "tuple of 2 values")


def _propagate(scale_dw=True, db_sum=False, cost_sign=1, dw_row=False, transpose_w=True, cost_sum=False):
    def propagate(w, b, X, Y):
        m = X.shape[1]
        A = sigmoid((w.T if transpose_w else w) @ X + b)
        cost = cost_sign * -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / (1 if cost_sum else m)
        dw = (A - Y) @ X.T if dw_row else X @ (A - Y).T
        dw = dw / m if scale_dw else dw
        db = np.sum(A - Y) if db_sum else np.sum(A - Y) / m
        return {"dw": dw, "db": float(db)}, float(cost)
    return propagate


def test_propagate_wrong_versions():
    check = grader.check_propagate
    rejects(check, _propagate(scale_dw=False), "grads[\"dw\"]", "1/m is missing")
    rejects(check, _propagate(db_sum=True), "db is the sum of (A - Y)")
    rejects(check, _propagate(transpose_w=False), "raised ValueError", "at line")
    rejects(check, _propagate(cost_sign=-1), "cost has the wrong sign")
    rejects(check, _propagate(cost_sum=True), "cost is a sum")
    rejects(check, _propagate(dw_row=True), "shape (1, 4)", "transposed")

    def array_db(w, b, X, Y):
        grads, cost = _propagate()(w, b, X, Y)
        A = sigmoid(w.T @ X + b)
        return {"dw": grads["dw"], "db": np.sum(A - Y, axis=1, keepdims=True) / X.shape[1]}, cost

    def no_cost(w, b, X, Y):
        return _propagate()(w, b, X, Y)[0]

    rejects(check, array_db, "single number")
    rejects(check, no_cost, "tuple of 2 values")


def _optimize(sign=-1, every=100, fixed_rate=None, in_place=False, off_by_one=0):
    propagate = _propagate()

    def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
        rate = fixed_rate if fixed_rate is not None else learning_rate
        costs = []
        for i in range(num_iterations + off_by_one):
            grads, cost = propagate(w, b, X, Y)
            if in_place:
                w -= rate * grads["dw"]
            else:
                w = w + sign * rate * grads["dw"]
            b = b + sign * rate * grads["db"]
            if i % every == 0:
                costs.append(cost)
        return {"w": w, "b": b}, grads, costs
    return optimize


def test_optimize_wrong_versions():
    check = grader.check_optimize
    passes(check, _optimize())
    rejects(check, _optimize(sign=1), "gradient ascent")
    rejects(check, _optimize(every=1), "costs", "has 301 entries", "every iteration")
    rejects(check, _optimize(fixed_rate=0.009), "learning_rate argument is ignored")
    rejects(check, _optimize(in_place=True), "changed its argument `w` in place")
    rejects(check, _optimize(off_by_one=-1), "it ran 300 iterations")

    def costs_as_arrays(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
        params, grads, costs = _optimize()(w, b, X, Y, num_iterations, learning_rate)
        return params, grads, [np.array([[cost, cost]]) for cost in costs]

    rejects(check, costs_as_arrays, "one number per entry")


def test_predict_wrong_versions():
    def probabilities(w, b, X):
        return sigmoid(w.T @ X + b)

    def booleans(w, b, X):
        return sigmoid(w.T @ X + b) > 0.5

    def flat(w, b, X):
        return (sigmoid(w.T @ X + b) > 0.5).astype(float).ravel()

    def swapped(w, b, X):
        return (sigmoid(w.T @ X + b) <= 0.5).astype(float)

    def at_least(w, b, X):
        return (sigmoid(w.T @ X + b) >= 0.5).astype(float)

    def integers(w, b, X):
        return (sigmoid(w.T @ X + b) > 0.5).astype(int)

    check = grader.check_predict
    rejects(check, probabilities, "probabilities A")
    rejects(check, booleans, "booleans", ".astype(float)")
    rejects(check, flat, "shape (9,)")
    rejects(check, swapped, "labels are swapped")
    passes(check, at_least)  # the threshold may include 0.5
    passes(check, integers)  # 0 and 1 as integers work too


def test_model_wrong_versions():
    ns = exercises(NOTEBOOK)
    initialize_with_zeros, optimize, predict = (ns[k] for k in ("initialize_with_zeros", "optimize",
                                                                 "predict"))

    def make(fixed=False, swap=False, keys_renamed=False, size=None, boolean=False):
        def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
                  print_cost=False):
            if fixed:
                num_iterations, learning_rate_used = 2000, 0.5
            else:
                learning_rate_used = learning_rate
            w, b = initialize_with_zeros(size or X_train.shape[0])
            params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate_used)
            w, b = params["w"], params["b"]
            train, test = predict(w, b, X_train), predict(w, b, X_test)
            if swap:
                train, test = test, train
            if boolean:
                train, test = train > 0.5, test > 0.5
            d = {"costs": costs, "Y_prediction_test": test, "Y_prediction_train": train, "w": w,
                 "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations}
            if keys_renamed:
                d["Y_pred_test"] = d.pop("Y_prediction_test")
            return d
        return model

    check = grader.check_model
    rejects(check, make(fixed=True), "ignores the num_iterations and learning_rate")
    rejects(check, make(swap=True), "Y_prediction_train", "predictions on X_train")
    rejects(check, make(keys_renamed=True), "no key(s) 'Y_prediction_test'")
    rejects(check, make(size=12288), "raised ValueError")
    rejects(check, make(boolean=True), "booleans")

    def own_code(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
                 print_cost=False):
        w, b, costs, m = np.zeros((X_train.shape[0], 1)), 0.0, [], X_train.shape[1]
        for i in range(num_iterations):
            A = sigmoid(w.T @ X_train + b)
            if i % 100 == 0:
                costs.append(float(-np.mean(Y_train * np.log(A) + (1 - Y_train) * np.log(1 - A))))
            w = w - learning_rate * X_train @ (A - Y_train).T / m
            b = b - learning_rate * np.mean(A - Y_train)
        return {"costs": costs, "w": w, "b": b, "learning_rate": learning_rate,
                "num_iterations": num_iterations,
                "Y_prediction_test": (sigmoid(w.T @ X_test + b) > 0.5) * 1.0,
                "Y_prediction_train": (sigmoid(w.T @ X_train + b) > 0.5) * 1.0}

    passes(check, own_code)  # not using the notebook's functions is fine


def test_predict_that_ignores_the_bias_is_rejected():
    def no_bias(w, b, X):
        return (sigmoid(w.T @ X) > 0.5).astype(float)

    rejects(grader.check_predict, no_bias, "the bias b is missing")


# ---------------------------------------------------------------------------------------------
# Each check judges its own exercise: a wrong earlier exercise does not fail a later one


def wrong_sigmoid(z):
    return 1 / (1 + np.exp(z))


def rebound(namespace, names):
    """The notebook's functions `names` re-created so that they read their globals from `namespace`
    (where a learner's wrong helper may stand), as they would in the learner's kernel."""
    for name in names:
        fn = namespace[name]
        namespace[name] = types.FunctionType(fn.__code__, namespace, fn.__name__, fn.__defaults__)
    return namespace


@pytest.mark.parametrize("name, helper, wrong_helper", [
    ("propagate", "sigmoid", wrong_sigmoid),
    ("predict", "sigmoid", wrong_sigmoid),
    ("optimize", "propagate", lambda w, b, X, Y: ({"dw": 0 * w, "db": 0.0}, 0.5)),
    ("model", "initialize_with_zeros", lambda dim: (np.ones((dim, 1)), 1.0)),
    ("model", "optimize", lambda w, b, X, Y, num_iterations=100, learning_rate=0.009,
     print_cost=False: ({"w": w, "b": b}, {"dw": 0 * w, "db": 0.0}, [])),
    ("model", "predict", lambda w, b, X: np.zeros((1, X.shape[1]))),
])
def test_a_correct_function_beside_a_wrong_helper_passes_with_a_note(name, helper, wrong_helper):
    function = with_globals(solution(name), **{helper: wrong_helper})
    out = passes(getattr(grader, f"check_{name}"), function)
    assert (f"note: your {helper} does not pass check_{helper} yet; {name} was checked with the "
            f"reference {helper}") in " ".join(out.split())


def test_a_not_attempted_helper_gets_a_note_too():
    blank_sigmoid = exercises(NOTEBOOK, blank=True)["sigmoid"]
    out = passes(grader.check_propagate, with_globals(solution("propagate"), sigmoid=blank_sigmoid))
    assert "note: your sigmoid is not attempted yet" in out


def learner_function(source, **names):
    """A function written in the notebook's namespace (where the notebook's correct helpers stand,
    unless `names` replaces some), as a learner would write it in a cell."""
    namespace = {**exercises(NOTEBOOK), **names}
    exec(textwrap.dedent(source), namespace)
    return namespace[source.split("def ", 1)[1].split("(", 1)[0]]


def test_a_wrong_function_beside_correct_helpers_fails():
    model = learner_function("""
        def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
                  print_cost=False):
            w, b = initialize_with_zeros(X_train.shape[0])
            params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations)
            w, b = params["w"], params["b"]
            return {"costs": costs, "Y_prediction_test": predict(w, b, X_test),
                    "Y_prediction_train": predict(w, b, X_train), "w": w, "b": b,
                    "learning_rate": learning_rate, "num_iterations": num_iterations}
    """)
    message = rejects(grader.check_model, model, "learning_rate is not passed on to optimize")
    assert "note:" not in message

    predict = learner_function("""
        def predict(w, b, X):
            return (sigmoid(w.T @ X) > 0.5).astype(float)
    """)
    message = rejects(grader.check_predict, predict, "the bias b is missing")
    assert "note:" not in message

    propagate = learner_function("""
        def propagate(w, b, X, Y):
            m = X.shape[1]
            A = sigmoid(w.T @ X + b)
            cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
            return {"dw": X @ (A - Y).T, "db": float(np.sum(A - Y) / m)}, float(cost)
    """)
    message = rejects(grader.check_propagate, propagate, "the 1/m is missing")
    assert "note:" not in message

    optimize = learner_function("""
        def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
            costs = []
            for i in range(num_iterations):
                grads, cost = propagate(w, b, X, Y)
                w = w + learning_rate * grads["dw"]
                b = b + learning_rate * grads["db"]
                if i % 100 == 0:
                    costs.append(cost)
            return {"w": w, "b": b}, grads, costs
    """)
    message = rejects(grader.check_optimize, optimize, "gradient ascent")
    assert "note:" not in message


def test_the_wrong_sigmoid_experiment():
    """A learner whose only mistake is sigmoid: that check fails with its hint, every later
    check passes, and those that call sigmoid directly say that the reference was used."""
    ns = dict(exercises(NOTEBOOK))
    ns["sigmoid"] = wrong_sigmoid
    rebound(ns, ["propagate", "optimize", "predict", "model"])
    rejects(grader.check_sigmoid, ns["sigmoid"], "sign of the exponent is flipped")
    passes(grader.check_initialize_with_zeros, ns["initialize_with_zeros"])
    note = "note: your sigmoid does not pass check_sigmoid yet"
    for name in ("propagate", "predict"):
        assert note in passes(getattr(grader, f"check_{name}"), ns[name])
    for name in ("optimize", "model"):
        passes(getattr(grader, f"check_{name}"), ns[name])


# ---------------------------------------------------------------------------------------------
# Correct code written for the original course's notebook passes unchanged


def original_sigmoid(z):
    s = 1 / (1 + np.exp(-z))
    return s


def original_initialize_with_zeros(dim):
    w = np.zeros((dim, 1))
    b = 0.0
    return w, b


def original_propagate(w, b, X, Y):
    m = X.shape[1]
    A = original_sigmoid(np.dot(w.T, X) + b)
    cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = 1 / m * np.dot(X, (A - Y).T)
    db = 1 / m * np.sum(A - Y)
    cost = np.squeeze(np.array(cost))                 # a 0-d array, not a float
    return {"dw": dw, "db": db}, cost


def original_optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    w = copy.deepcopy(w)
    b = copy.deepcopy(b)
    costs = []
    for i in range(num_iterations):
        grads, cost = original_propagate(w, b, X, Y)
        dw, db = grads["dw"], grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))  # noqa: UP031 (the original's style)
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


def original_predict(w, b, X):
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    w = w.reshape(X.shape[0], 1)
    A = original_sigmoid(np.dot(w.T, X) + b)
    for i in range(A.shape[1]):
        Y_prediction[0, i] = 1 if A[0, i] > 0.5 else 0
    return Y_prediction


def original_model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
                   print_cost=False):
    w, b = original_initialize_with_zeros(X_train.shape[0])
    params, grads, costs = original_optimize(w, b, X_train, Y_train, num_iterations, learning_rate,
                                             print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = original_predict(w, b, X_test)
    Y_prediction_train = original_predict(w, b, X_train)
    if print_cost:
        print("train accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100))  # noqa: UP032
    return {"costs": costs, "Y_prediction_test": Y_prediction_test,
            "Y_prediction_train": Y_prediction_train, "w": w, "b": b,
            "learning_rate": learning_rate, "num_iterations": num_iterations}


@pytest.mark.parametrize("name", ["sigmoid", "initialize_with_zeros", "propagate", "optimize",
                                  "predict", "model"])
def test_code_written_for_the_original_course_passes(name):
    out = passes(getattr(grader, f"check_{name}"), globals()[f"original_{name}"])
    assert "note:" not in out
