"""Graders of course1_nn_basics/w2_a2 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions are rejected with the mistake named where it is a known one."""

import numpy as np
from helpers import exercises, passes, rejects

from utils.graders.course1_nn_basics import w2_a2_logistic_regression as grader

NOTEBOOK = "course1_nn_basics/w2_a2_logistic_regression.ipynb"


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
