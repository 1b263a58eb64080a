"""Graders of course5_sequence_models/w1_a1 (solution and blank stub: tests/test_grader_contract.py,
repeated here): the reference and the notebook's solutions pass, plausible wrong versions are
rejected (naming the mistake where it is a known one), each check judges its own exercise, and
code written the original course's way passes unchanged."""

import numpy as np
import pytest
from helpers import exercises, not_attempted, passes, rejects

from utils.graders.course5_sequence_models import w1_a1_rnn_step_by_step as grader
from utils.grading import with_globals
from utils.nn import rnn
from utils.nn.rnn import sigmoid, softmax

NOTEBOOK = "course5_sequence_models/w1_a1_rnn_step_by_step.ipynb"
NAMES = ["rnn_cell_forward", "rnn_forward", "lstm_cell_forward", "lstm_forward", "rnn_cell_backward",
         "rnn_backward", "lstm_cell_backward", "lstm_backward"]


def check(name):
    return getattr(grader, f"check_{name}")


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes(name):
    passes(check(name), getattr(rnn, name))


@pytest.mark.parametrize("name", NAMES)
def test_notebook_solution_passes_and_stub_is_not_attempted(name):
    assert "note:" not in passes(check(name), exercises(NOTEBOOK)[name])
    not_attempted(check(name), exercises(NOTEBOOK, blank=True)[name])


def test_grader_needs_a_function():
    rejects(grader.check_rnn_forward, None, "needs your function itself")


# ---------------------------------------------------------------------------------------------
# Basic RNN, forward


def _cell(act=np.tanh, out=softmax, bias=True):
    def rnn_cell_forward(xt, a_prev, parameters):
        p = parameters
        a_next = act(p["Waa"] @ a_prev + p["Wax"] @ xt + (p["ba"] if bias else 0))
        return a_next, out(p["Wya"] @ a_next + p["by"]), (a_next, a_prev, xt, parameters)
    return rnn_cell_forward


def _softmax_axis1(z):
    e = np.exp(z)
    return e / np.sum(e, axis=1, keepdims=True)


def test_rnn_cell_forward_wrong_versions():
    c = grader.check_rnn_cell_forward
    rejects(c, _cell(act=sigmoid), "sigmoid", "uses tanh")
    rejects(c, _cell(out=_softmax_axis1), "softmax was taken over axis 1")
    rejects(c, _cell(out=lambda z: z), "softmax is missing")
    rejects(c, _cell(bias=False), "bias ba is missing")

    def cache_order(xt, a_prev, parameters):
        a_next, y, _ = rnn.rnn_cell_forward(xt, a_prev, parameters)
        return a_next, y, (a_prev, a_next, xt, parameters)

    def two_values(xt, a_prev, parameters):
        return rnn.rnn_cell_forward(xt, a_prev, parameters)[:2]

    def transposed_product(xt, a_prev, parameters):
        a_next = np.tanh(parameters["Waa"] @ a_prev + xt.T @ parameters["Wax"].T + parameters["ba"])
        yt_pred = softmax(parameters["Wya"] @ a_next + parameters["by"])
        return a_next, yt_pred, (a_next, a_prev, xt, parameters)

    rejects(c, cache_order, "entry for a_next", "(a_next, a_prev, xt, parameters)")
    rejects(c, two_values, "tuple of 3")
    rejects(c, transposed_product, "raised ValueError")


def _forward(steps=None, carry=True):
    def rnn_forward(x, a0, parameters):
        n_x, m, T_x = x.shape
        n_y, n_a = parameters["Wya"].shape
        a, y, caches = np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x)), []
        a_next = a0
        for t in range(T_x) if steps is None else steps(T_x):
            a_next, yt, cache = rnn.rnn_cell_forward(x[:, :, t], a_next if carry else a0, parameters)
            a[:, :, t], y[:, :, t] = a_next, yt
            caches.append(cache)
        return a, y, (caches, x)
    return rnn_forward


def test_rnn_forward_wrong_versions():
    c = grader.check_rnn_forward
    rejects(c, _forward(steps=lambda T: range(T - 1)), "last time step is missing")
    rejects(c, _forward(carry=False), "every step was given a0")

    def caches_without_x(x, a0, parameters):
        a, y, (caches, _) = rnn.rnn_forward(x, a0, parameters)
        return a, y, caches

    def nan_states(x, a0, parameters):
        a, y, caches = rnn.rnn_forward(x, a0, parameters)
        return a * np.nan, y, caches

    rejects(c, caches_without_x, "should be the pair (list of caches, x)")
    rejects(c, nan_states, "nan")


# ---------------------------------------------------------------------------------------------
# LSTM, forward


def _lstm_cell(variant=""):
    def lstm_cell_forward(xt, a_prev, c_prev, parameters):
        p = parameters
        concat = np.concatenate((xt, a_prev) if variant == "concat" else (a_prev, xt), axis=0)
        ft = sigmoid(p["Wf"] @ concat + p["bf"])
        it = sigmoid(p["Wi"] @ concat + p["bi"])
        cct = np.tanh(p["Wc"] @ concat + p["bc"])
        ot = sigmoid(p["Wo"] @ concat + p["bo"])
        if variant == "swap":
            ft, it = it, ft
        c_next = (c_prev if variant == "no_forget" else ft * c_prev) + it * cct
        a_next = ot * (sigmoid(c_next) if variant == "sigmoid" else np.tanh(c_next))
        yt = softmax(p["Wy"] @ a_next + p["by"])
        return a_next, c_next, yt, (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)
    return lstm_cell_forward


def test_lstm_cell_forward_wrong_versions():
    c = grader.check_lstm_cell_forward
    rejects(c, _lstm_cell("swap"), "forget and update gates are swapped")
    rejects(c, _lstm_cell("no_forget"), "c_next has no forget gate")
    rejects(c, _lstm_cell("sigmoid"), "a_next = ot * sigmoid(c_next)", "squashed with tanh")
    rejects(c, _lstm_cell("concat"), "xt was stacked on top of a_prev")

    def concat_axis_1(xt, a_prev, c_prev, parameters):
        np.concatenate((a_prev, xt), axis=1)
        return rnn.lstm_cell_forward(xt, a_prev, c_prev, parameters)

    rejects(c, concat_axis_1, "raised ValueError", "a_prev first")


def _lstm_forward(steps=None, c_reset=False, c0=None):
    def lstm_forward(x, a0, parameters):
        n_x, m, T_x = x.shape
        n_y, n_a = parameters["Wy"].shape
        a, c, y, caches = np.zeros((n_a, m, T_x)), np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x)), []
        a_next, c_next = a0, (np.zeros((n_a, m)) if c0 is None else c0(a0))
        for t in range(T_x) if steps is None else steps(T_x):
            c_in = np.zeros((n_a, m)) if c_reset else c_next
            a_next, c_next, yt, cache = rnn.lstm_cell_forward(x[:, :, t], a_next, c_in, parameters)
            a[:, :, t], c[:, :, t], y[:, :, t] = a_next, c_next, yt
            caches.append(cache)
        return a, y, c, (caches, x)
    return lstm_forward


def test_lstm_forward_wrong_versions():
    c = grader.check_lstm_forward
    rejects(c, _lstm_forward(steps=lambda T: range(T - 1)), "last time step is missing")
    rejects(c, _lstm_forward(c_reset=True), "cell state was not carried")
    rejects(c, _lstm_forward(c0=lambda a0: a0), "cell state started at a0")

    def returns_three(x, a0, parameters):
        a, y, _, caches = rnn.lstm_forward(x, a0, parameters)
        return a, y, caches

    rejects(c, returns_three, "tuple of 4")


# ---------------------------------------------------------------------------------------------
# Basic RNN, backward


def _cell_backward(factor=lambda a_next, a_prev: 1 - a_next ** 2, db=lambda dz: np.sum(dz, 1, keepdims=True),
                   transpose=True):
    def rnn_cell_backward(da_next, cache):
        a_next, a_prev, xt, p = cache
        dz = factor(a_next, a_prev) * da_next
        return {"dxt": p["Wax"].T @ dz, "da_prev": (p["Waa"].T if transpose else p["Waa"]) @ dz,
                "dWax": dz @ xt.T, "dWaa": dz @ a_prev.T, "dba": db(dz)}
    return rnn_cell_backward


def test_rnn_cell_backward_wrong_versions():
    c = grader.check_rnn_cell_backward
    rejects(c, _cell_backward(factor=lambda a, a_prev: 1.0), "(1 - a_next ** 2) factor", "is missing")
    rejects(c, _cell_backward(factor=lambda a, a_prev: 1 - np.tanh(a) ** 2),
            "tanh was applied to a_next again")
    rejects(c, _cell_backward(factor=lambda a, a_prev: 1 - a_prev ** 2), "taken at a_prev")
    rejects(c, _cell_backward(db=lambda dz: np.sum(dz, axis=0, keepdims=True)), "shape (1, 7)",
            "axis=1")
    rejects(c, _cell_backward(db=lambda dz: np.sum(dz, axis=1)), "keepdims")
    rejects(c, _cell_backward(db=lambda dz: np.mean(dz, axis=1, keepdims=True)), "averaged over the batch")
    rejects(c, _cell_backward(transpose=False), "Waa was not transposed")

    def as_tuple(da_next, cache):
        return tuple(rnn.rnn_cell_backward(da_next, cache).values())

    rejects(c, as_tuple, "should be a dict", "dictionary")


def _rnn_backward(steps=lambda T: reversed(range(T)), add=True, accumulate=True):
    def rnn_backward(da, caches):
        cell_caches, x = caches
        n_a, m, T = da.shape
        dx = np.zeros((x.shape[0], m, T))
        totals = {k: 0 for k in ("dWax", "dWaa", "dba")}
        da_prevt = np.zeros((n_a, m))
        for t in steps(T):
            g = rnn.rnn_cell_backward(da[:, :, t] + (da_prevt if add else 0), cell_caches[t])
            da_prevt, dx[:, :, t] = g["da_prev"], g["dxt"]
            for k in totals:
                totals[k] = totals[k] + g[k] if accumulate else g[k]
        return {"dx": dx, "da0": da_prevt, **totals}
    return rnn_backward


def test_rnn_backward_wrong_versions():
    c = grader.check_rnn_backward
    rejects(c, _rnn_backward(add=False), "da_prevt) was not added")
    rejects(c, _rnn_backward(steps=range), "loop went forward in time")
    rejects(c, _rnn_backward(steps=lambda T: reversed(range(T - 1))), "last time step is missing")
    rejects(c, _rnn_backward(steps=lambda T: range(T - 1, 0, -1)), "first time step (t = 0) is missing")
    rejects(c, _rnn_backward(accumulate=False), "overwritten at every step")

    def as_tuple(da, caches):
        g = rnn.rnn_backward(da, caches)
        return g["dx"], g["da0"], g["dWax"], g["dWaa"], g["dba"]

    rejects(c, as_tuple, "should be a dict")


# ---------------------------------------------------------------------------------------------
# LSTM, backward


def _lstm_cell_backward(variant):
    def lstm_cell_backward(da_next, dc_next, cache):
        return grader._lstm_cell_backward_variant(da_next, dc_next, cache, variant)
    return lstm_cell_backward


def test_lstm_cell_backward_wrong_versions():
    c = grader.check_lstm_cell_backward
    rejects(c, _lstm_cell_backward("dc_prev_no_forget"), "dc_prev lacks the forget gate")
    rejects(c, _lstm_cell_backward("no_a_path"), "through a_next = ot * tanh(c_next) is missing")
    rejects(c, _lstm_cell_backward("no_tanh_derivative"), "(1 - tanh(c_next) ** 2) factor is missing")
    rejects(c, _lstm_cell_backward("misplaced_dc"), "dc_next was added inside the tanh derivative")
    rejects(c, _lstm_cell_backward("no_gate_derivative"), "gates' derivative is missing")
    rejects(c, _lstm_cell_backward("swap_fi"), "forget and update gates are swapped")

    def wrong_slice(da_next, dc_next, cache):
        g = rnn.lstm_cell_backward(da_next, dc_next, cache)
        return dict(g, da_prev=g["dxt"])

    def bias_axis_0(da_next, dc_next, cache):
        g = rnn.lstm_cell_backward(da_next, dc_next, cache)
        return dict(g, dbf=np.sum(g["dWf"], axis=0, keepdims=True)[:, :cache[0].shape[1]])

    rejects(c, wrong_slice, "W[:, :n_a]")
    rejects(c, bias_axis_0, "axis=1")


def _lstm_backward(steps=lambda T: reversed(range(T)), add=True, carry_dc=True, accumulate=True):
    def lstm_backward(da, caches):
        cell_caches, x = caches
        n_a, m, T = da.shape
        dx = np.zeros((x.shape[0], m, T))
        totals = {k: 0 for k in rnn.LSTM_PARAMETER_GRADIENTS}
        da_prevt, dc_prevt = np.zeros((n_a, m)), np.zeros((n_a, m))
        for t in steps(T):
            g = rnn.lstm_cell_backward(da[:, :, t] + (da_prevt if add else 0), dc_prevt, cell_caches[t])
            da_prevt, dx[:, :, t] = g["da_prev"], g["dxt"]
            dc_prevt = g["dc_prev"] if carry_dc else dc_prevt
            for k in totals:
                totals[k] = totals[k] + g[k] if accumulate else g[k]
        return {"dx": dx, "da0": da_prevt, **totals}
    return lstm_backward


def test_lstm_backward_wrong_versions():
    c = grader.check_lstm_backward
    rejects(c, _lstm_backward(add=False), "da_prevt) was not added")
    rejects(c, _lstm_backward(carry_dc=False), "cell state's gradient was not carried back")
    rejects(c, _lstm_backward(steps=lambda T: reversed(range(T - 1))), "last time step is missing")
    rejects(c, _lstm_backward(steps=lambda T: range(T - 1, 0, -1)), "first time step (t = 0) is missing")
    rejects(c, _lstm_backward(accumulate=False), "overwritten at every step")

    def missing_key(da, caches):
        g = rnn.lstm_backward(da, caches)
        del g["dbo"]
        return g

    rejects(c, missing_key, "missing the key(s) 'dbo'")


# ---------------------------------------------------------------------------------------------
# Each check judges its own exercise


@pytest.mark.parametrize("name, helper, wrong", [
    ("rnn_forward", "rnn_cell_forward", _cell(act=sigmoid)),
    ("lstm_forward", "lstm_cell_forward", _lstm_cell("no_forget")),
    ("rnn_backward", "rnn_cell_backward", _cell_backward(factor=lambda a, a_prev: 1.0)),
    ("lstm_backward", "lstm_cell_backward", _lstm_cell_backward("swap_fi")),
])
def test_a_correct_function_beside_a_wrong_helper_passes_with_a_note(name, helper, wrong):
    function = with_globals(exercises(NOTEBOOK)[name], **{helper: wrong})
    out = " ".join(passes(check(name), function).split())
    assert (f"note: your {helper} does not pass check_{helper} yet; {name} was checked with the "
            f"reference {helper}") in out


def test_a_changed_softmax_is_swapped_silently():
    function = with_globals(exercises(NOTEBOOK)["rnn_cell_forward"], softmax=_softmax_axis1)
    assert "note:" not in passes(grader.check_rnn_cell_forward, function)


# ---------------------------------------------------------------------------------------------
# Code written the original course's way (np.dot, the given helpers, the gradient dictionaries,
# the original's loop and slicing habits) passes unchanged. Written for this test.

ORIGINAL_STYLE = '''
def rnn_cell_forward(xt, a_prev, parameters):
    Wax = parameters["Wax"]
    Waa = parameters["Waa"]
    Wya = parameters["Wya"]
    ba = parameters["ba"]
    by = parameters["by"]
    a_next = np.tanh(np.dot(Wax, xt) + np.dot(Waa, a_prev) + ba)
    yt_pred = softmax(np.dot(Wya, a_next) + by)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache


def rnn_forward(x, a0, parameters):
    caches = []
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    a_next = a0
    for t in range(T_x):
        xt = x[:, :, t]
        a_next, yt_pred, cache = rnn_cell_forward(xt, a_next, parameters)
        a[:, :, t] = a_next
        y_pred[:, :, t] = yt_pred
        caches.append(cache)
    caches = (caches, x)
    return a, y_pred, caches


def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    Wf = parameters["Wf"]; bf = parameters["bf"]
    Wi = parameters["Wi"]; bi = parameters["bi"]
    Wc = parameters["Wc"]; bc = parameters["bc"]
    Wo = parameters["Wo"]; bo = parameters["bo"]
    Wy = parameters["Wy"]; by = parameters["by"]
    n_x, m = xt.shape
    n_y, n_a = Wy.shape
    concat = np.zeros((n_a + n_x, m))
    concat[:n_a, :] = a_prev
    concat[n_a:, :] = xt
    ft = sigmoid(np.dot(Wf, concat) + bf)
    it = sigmoid(np.dot(Wi, concat) + bi)
    cct = np.tanh(np.dot(Wc, concat) + bc)
    c_next = ft * c_prev + it * cct
    ot = sigmoid(np.dot(Wo, concat) + bo)
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(np.dot(Wy, a_next) + by)
    cache = (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)
    return a_next, c_next, yt_pred, cache


def lstm_forward(x, a0, parameters):
    caches = []
    Wy = parameters["Wy"]
    n_x, m, T_x = x.shape
    n_y, n_a = Wy.shape
    a = np.zeros((n_a, m, T_x))
    c = np.zeros((n_a, m, T_x))
    y = np.zeros((n_y, m, T_x))
    a_next = a0
    c_next = np.zeros(a_next.shape)
    for t in range(T_x):
        xt = x[:, :, t]
        a_next, c_next, yt, cache = lstm_cell_forward(xt, a_next, c_next, parameters)
        a[:, :, t] = a_next
        c[:, :, t] = c_next
        y[:, :, t] = yt
        caches.append(cache)
    caches = (caches, x)
    return a, y, c, caches


def rnn_cell_backward(da_next, cache):
    (a_next, a_prev, xt, parameters) = cache
    Wax = parameters["Wax"]
    Waa = parameters["Waa"]
    dtanh = (1 - a_next ** 2) * da_next
    dxt = np.dot(Wax.T, dtanh)
    dWax = np.dot(dtanh, xt.T)
    da_prev = np.dot(Waa.T, dtanh)
    dWaa = np.dot(dtanh, a_prev.T)
    dba = np.sum(dtanh, axis=1, keepdims=True)
    gradients = {"dxt": dxt, "da_prev": da_prev, "dWax": dWax, "dWaa": dWaa, "dba": dba}
    return gradients


def rnn_backward(da, caches):
    (caches, x) = caches
    (a1, a0, x1, parameters) = caches[0]
    n_a, m, T_x = da.shape
    n_x, m = x1.shape
    dx = np.zeros((n_x, m, T_x))
    dWax = np.zeros((n_a, n_x))
    dWaa = np.zeros((n_a, n_a))
    dba = np.zeros((n_a, 1))
    da0 = np.zeros((n_a, m))
    da_prevt = np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        gradients = rnn_cell_backward(da[:, :, t] + da_prevt, caches[t])
        dxt, da_prevt = gradients["dxt"], gradients["da_prev"]
        dx[:, :, t] = dxt
        dWax += gradients["dWax"]
        dWaa += gradients["dWaa"]
        dba += gradients["dba"]
    da0 = da_prevt
    gradients = {"dx": dx, "da0": da0, "dWax": dWax, "dWaa": dWaa, "dba": dba}
    return gradients


def lstm_cell_backward(da_next, dc_next, cache):
    (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters) = cache
    n_x, m = xt.shape
    n_a, m = a_next.shape
    dot = da_next * np.tanh(c_next) * ot * (1 - ot)
    dcct = (dc_next * it + ot * (1 - np.square(np.tanh(c_next))) * it * da_next) * (1 - np.square(cct))
    dit = (dc_next * cct + ot * (1 - np.square(np.tanh(c_next))) * cct * da_next) * it * (1 - it)
    dft = (dc_next * c_prev + ot * (1 - np.square(np.tanh(c_next))) * c_prev * da_next) * ft * (1 - ft)
    concat = np.concatenate((a_prev, xt), axis=0)
    dWf = np.dot(dft, concat.T)
    dWi = np.dot(dit, concat.T)
    dWc = np.dot(dcct, concat.T)
    dWo = np.dot(dot, concat.T)
    dbf = np.sum(dft, axis=1, keepdims=True)
    dbi = np.sum(dit, axis=1, keepdims=True)
    dbc = np.sum(dcct, axis=1, keepdims=True)
    dbo = np.sum(dot, axis=1, keepdims=True)
    da_prev = (np.dot(parameters["Wf"][:, :n_a].T, dft) + np.dot(parameters["Wi"][:, :n_a].T, dit)
               + np.dot(parameters["Wc"][:, :n_a].T, dcct) + np.dot(parameters["Wo"][:, :n_a].T, dot))
    dc_prev = dc_next * ft + ot * (1 - np.square(np.tanh(c_next))) * ft * da_next
    dxt = (np.dot(parameters["Wf"][:, n_a:].T, dft) + np.dot(parameters["Wi"][:, n_a:].T, dit)
           + np.dot(parameters["Wc"][:, n_a:].T, dcct) + np.dot(parameters["Wo"][:, n_a:].T, dot))
    gradients = {"dxt": dxt, "da_prev": da_prev, "dc_prev": dc_prev, "dWf": dWf, "dbf": dbf,
                 "dWi": dWi, "dbi": dbi, "dWc": dWc, "dbc": dbc, "dWo": dWo, "dbo": dbo}
    return gradients


def lstm_backward(da, caches):
    (caches, x) = caches
    (a1, c1, a0, c0, f1, i1, cc1, o1, x1, parameters) = caches[0]
    n_a, m, T_x = da.shape
    n_x, m = x1.shape
    dx = np.zeros((n_x, m, T_x))
    da0 = np.zeros((n_a, m))
    da_prevt = np.zeros((n_a, m))
    dc_prevt = np.zeros((n_a, m))
    dWf = np.zeros((n_a, n_a + n_x)); dWi = np.zeros((n_a, n_a + n_x))
    dWc = np.zeros((n_a, n_a + n_x)); dWo = np.zeros((n_a, n_a + n_x))
    dbf = np.zeros((n_a, 1)); dbi = np.zeros((n_a, 1)); dbc = np.zeros((n_a, 1)); dbo = np.zeros((n_a, 1))
    for t in reversed(range(T_x)):
        gradients = lstm_cell_backward(da[:, :, t] + da_prevt, dc_prevt, caches[t])
        da_prevt = gradients["da_prev"]
        dc_prevt = gradients["dc_prev"]
        dx[:, :, t] = gradients["dxt"]
        dWf += gradients["dWf"]; dWi += gradients["dWi"]; dWc += gradients["dWc"]; dWo += gradients["dWo"]
        dbf += gradients["dbf"]; dbi += gradients["dbi"]; dbc += gradients["dbc"]; dbo += gradients["dbo"]
    da0 = gradients["da_prev"]
    gradients = {"dx": dx, "da0": da0, "dWf": dWf, "dbf": dbf, "dWi": dWi, "dbi": dbi,
                 "dWc": dWc, "dbc": dbc, "dWo": dWo, "dbo": dbo}
    return gradients
'''


def original(name):
    namespace = {"np": np, "softmax": softmax, "sigmoid": sigmoid}
    exec(ORIGINAL_STYLE, namespace)
    return namespace[name]


def original_softmax(x):
    e_x = np.exp(x - np.max(x))
    return e_x / e_x.sum(axis=0)


@pytest.mark.parametrize("name", NAMES)
def test_code_written_the_original_course_way_passes(name):
    assert "note:" not in passes(check(name), original(name))


def test_the_original_style_softmax_helper_is_equivalent():
    z = np.random.default_rng(0).standard_normal((4, 6))
    assert np.allclose(original_softmax(z), softmax(z))
