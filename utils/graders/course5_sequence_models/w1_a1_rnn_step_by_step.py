"""Graders for course5_sequence_models/w1_a1_rnn_step_by_step.ipynb.

Each check calls the learner's function on inputs of its own (other sizes than the notebook's
examples, with n_x, n_a, n_y, m and T_x all different, so a hard-coded size or a swapped axis
fails) and compares with the reference in utils.nn.rnn. Known wrong versions (tanh and sigmoid
swapped, softmax over the batch, LSTM gates swapped, the forget gate left out, the (1 - a^2) of
tanh left out, biases summed over the wrong axis, a time loop that misses a step) are computed
too, so that the failure names the mistake. The backward checks also compare the learner's
gradients with central finite differences of the reference forward pass.

A check judges one exercise: rnn_forward runs with the reference rnn_cell_forward, lstm_forward
with the reference lstm_cell_forward, rnn_backward and lstm_backward with the reference cell
backward passes, and every function with the given softmax and sigmoid (see `uses` in
utils.grading); a note says when the learner's own earlier function does not pass yet.

Code written for the original course's notebook passes unchanged: the parameter names, the
caches (a_next, a_prev, xt, parameters) and (a_next, c_next, a_prev, c_prev, ft, it, cct, ot,
xt, parameters), caches = (list of caches, x), the gradient dictionaries and their keys, and the
stacking [a_prev; xt] of the LSTM are the original's.
"""

import numpy as np

from utils.grading import Checker, describe, numerical_gradient, relative_difference
from utils.nn import rnn as ref

GRADIENT_TOLERANCE = 1e-6

_GIVEN = {"softmax": (ref.softmax, None), "sigmoid": (ref.sigmoid, None)}

CONCAT_HINT = ("The gates read a_prev and xt stacked on top of each other, a_prev first: "
               "np.concatenate((a_prev, xt), axis=0), of shape (n_a + n_x, m).")
BIAS_AXIS_HINT = ("A bias gradient sums over the examples, the columns: np.sum(dz, axis=1, "
                  "keepdims=True), of shape (n_a, 1). axis=0 sums over the hidden units instead.")
CONCAT_ERRORS = [(ValueError, r"concatenation axis must match exactly", CONCAT_HINT)]
DICT_HINT = ("Return the gradients as a dictionary, as the docstring says, e.g. "
             '{"dx": dx, "da0": da0, ...}: later code reads them by name.')

# ---------------------------------------------------------------------------------------------
# Inputs


def _rnn_parameters(rng, n_x, n_a, n_y):
    """Weights of moderate size (tanh not saturated) and non-zero biases (a missing b shows)."""
    return {"Wax": rng.standard_normal((n_a, n_x)) * 0.6, "Waa": rng.standard_normal((n_a, n_a)) * 0.5,
            "Wya": rng.standard_normal((n_y, n_a)), "ba": rng.standard_normal((n_a, 1)) * 0.5,
            "by": rng.standard_normal((n_y, 1)) * 0.5}


def _lstm_parameters(rng, n_x, n_a, n_y):
    parameters = {}
    for gate in "fico":
        parameters["W" + gate] = rng.standard_normal((n_a, n_a + n_x)) * 0.5
        parameters["b" + gate] = rng.standard_normal((n_a, 1)) * 0.5
    parameters["Wy"] = rng.standard_normal((n_y, n_a))
    parameters["by"] = rng.standard_normal((n_y, 1)) * 0.5
    return parameters


def _softmax_over_batch(z):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def _tanh_twice_derivative(a):
    return 1 - np.tanh(a) ** 2


# ---------------------------------------------------------------------------------------------
# Wrong versions, computed for naming mistakes


def _rnn_cell(xt, a_prev, p, act=np.tanh, use_bias=True, use_a_prev=True):
    z = p["Wax"] @ xt + (p["Waa"] @ a_prev if use_a_prev else 0) + (p["ba"] if use_bias else 0)
    return act(z)


def _lstm_cell(xt, a_prev, c_prev, p, variant=""):
    """(a_next, c_next) of one LSTM step, with one named mistake."""
    stacked = np.concatenate([xt, a_prev] if variant == "concat" else [a_prev, xt], axis=0)
    candidate = ref.sigmoid if variant == "sigmoid_candidate" else np.tanh
    f = ref.sigmoid(p["Wf"] @ stacked + p["bf"])
    i = ref.sigmoid(p["Wi"] @ stacked + p["bi"])
    cc = candidate(p["Wc"] @ stacked + p["bc"])
    o = ref.sigmoid(p["Wo"] @ stacked + p["bo"])
    if variant == "swap_fi":
        f, i = i, f
    if variant == "swap_fo":
        f, o = o, f
    c = (c_prev if variant == "no_forget" else f * c_prev) + i * cc
    squash = {"sigmoid_output": ref.sigmoid, "no_tanh": lambda v: v}.get(variant, np.tanh)
    return o * squash(c), c


def _rnn_sequence(x, a0, p, steps=None, carry=True, store_prev=False):
    """Hidden states of rnn_forward with a loop over `steps` (default: all) and named mistakes."""
    T = x.shape[2]
    a = np.zeros((a0.shape[0], x.shape[1], T))
    a_prev = a0
    for t in (range(T) if steps is None else steps):
        a_next = ref.rnn_cell_forward(x[:, :, t], a_prev if carry else a0, p)[0]
        a[:, :, t] = a_prev if store_prev else a_next
        a_prev = a_next
    return a


def _lstm_sequence(x, a0, p, steps=None, c_reset=False, c0_is_a0=False):
    """(a, c) of lstm_forward with named mistakes."""
    T = x.shape[2]
    a, c = np.zeros((a0.shape[0], x.shape[1], T)), np.zeros((a0.shape[0], x.shape[1], T))
    a_prev, c_prev = a0, (a0 if c0_is_a0 else np.zeros_like(a0))
    for t in (range(T) if steps is None else steps):
        a_prev, c_next = ref.lstm_cell_forward(x[:, :, t], a_prev, np.zeros_like(a0) if c_reset else c_prev,
                                               p)[:2]
        c_prev = c_next
        a[:, :, t], c[:, :, t] = a_prev, c_next
    return a, c


def _rnn_cell_backward_variant(da_next, cache, derivative="right", bias="sum"):
    a_next, a_prev, xt, p = cache
    factor = {"right": 1 - a_next ** 2, "none": 1.0, "a_prev": 1 - a_prev ** 2,
              "tanh_twice": _tanh_twice_derivative(a_next), "no_square": 1 - a_next}[derivative]
    dz = factor * da_next
    db = np.sum(dz, axis=1, keepdims=True)
    return {"dxt": p["Wax"].T @ dz, "da_prev": p["Waa"].T @ dz, "dWax": dz @ xt.T, "dWaa": dz @ a_prev.T,
            "dba": db / a_next.shape[1] if bias == "mean" else db}



def _time_loop_mistakes(variant, T):
    """The loop mistakes that rnn_backward and lstm_backward share, each computed by `variant`."""
    return {
        "the loop went forward in time; backpropagation runs from the last step to the first: "
        "reversed(range(T_x))": variant(range(T)),
        "the last time step is missing: loop over reversed(range(T_x)), all T_x steps":
            variant(reversed(range(T - 1))),
        "the first time step (t = 0) is missing: range(T_x - 1, 0, -1) stops before 0; use "
        "reversed(range(T_x))": variant(range(T - 1, 0, -1)),
        "the weight gradients were overwritten at every step (=); they add up over the steps: use "
        "+=": variant(reversed(range(T)), accumulate=False),
    }

def _through_time(cell_backward, da, cell_caches, n_x, keys, steps, add_da_prev=True, accumulate=True,
                  lstm=False):
    """rnn_backward / lstm_backward with a chosen loop and named mistakes; dict of gradients."""
    n_a, m, T = da.shape
    out = {"dx": np.zeros((n_x, m, T))}
    da_prevt, dc_prevt = np.zeros((n_a, m)), np.zeros((n_a, m))
    totals = {}
    for t in steps:
        da_next = da[:, :, t] + (da_prevt if add_da_prev else 0)
        grads = (cell_backward(da_next, dc_prevt, cell_caches[t]) if lstm
                 else cell_backward(da_next, cell_caches[t]))
        da_prevt = grads["da_prev"]
        if lstm:
            dc_prevt = grads["dc_prev"] if lstm != "no_dc" else np.zeros((n_a, m))
        out["dx"][:, :, t] = grads["dxt"]
        for key in keys:
            totals[key] = totals[key] + grads[key] if accumulate and key in totals else grads[key]
    out["da0"] = da_prevt
    out.update(totals)
    return out


# ---------------------------------------------------------------------------------------------
# Shared checks


def _same_cache(c, cache, expected, names, what="the cache"):
    hint = (f"The cache is the tuple ({', '.join(names)}), in this order: the backward pass reads "
            "it back.")
    if not isinstance(cache, (tuple, list)) or len(cache) != len(names):
        c.fail(f"{what} should be a tuple of {len(names)} values ({', '.join(names)})",
               got=describe(cache), hint=hint)
    for item, want, name in zip(cache, expected, names):
        if isinstance(want, dict):
            c.same_dict(item, want, what=f"{what}: its entry for {name}")
        else:
            c.same_array(item, want, what=f"{what}: its entry for {name}", hint=hint)


def _same_sequence_caches(c, caches, expected, T, names):
    hint = ("caches is the pair (list of the cell caches, x): append each step's cache to a list, "
            "then return (caches, x).")
    if not isinstance(caches, (tuple, list)) or len(caches) != 2:
        c.fail("caches should be the pair (list of caches, x)", got=describe(caches), hint=hint)
    cell_caches, x = caches
    c.same_array(x, expected[1], what="caches[1] (the input x)", hint=hint)
    if not isinstance(cell_caches, (tuple, list)) or len(cell_caches) != T:
        c.fail(f"caches[0] should be a list of {T} cell caches, one per time step", got=describe(cell_caches),
               hint="Append the cache of every step, the last one included: for t in range(T_x).")
    for t in (0, T - 1):
        _same_cache(c, cell_caches[t], expected[0][t], names, what=f"caches[0][{t}]")


def _bias_shape(c, got, expected, m, what):
    """Fail with the axis hint when a bias gradient was summed over the hidden units."""
    shape = np.shape(got)
    if isinstance(got, np.ndarray) and shape != expected.shape and shape in ((1, m), (m,), (m, 1)):
        c.fail(f"{what} has shape {shape}; expected {expected.shape}", got=describe(got),
               hint=BIAS_AXIS_HINT)


def _same_gradients(c, got, expected, what, m, mistakes=None, hint=None):
    """A dict of gradients, key by key (bias shapes first), naming known mistakes."""
    if isinstance(got, (tuple, list)) and len(got) == len(expected):
        c.fail(f"{what} should be a dict, not a {type(got).__name__}", got=describe(got), hint=DICT_HINT)
    c.same_type(got, dict, what=what, hint=DICT_HINT)
    missing = [k for k in expected if k not in got]
    if missing:
        c.fail(f"{what} is missing the key(s) {', '.join(map(repr, missing))}",
               expected="keys " + ", ".join(map(repr, expected)), got="keys " + ", ".join(map(repr, got)),
               hint="Use exactly the key names of the docstring.")
    for key, value in expected.items():
        if key.startswith("db"):
            _bias_shape(c, got[key], value, m, f"{what}[{key!r}]")
        key_mistakes = {label: wrong[key] for label, wrong in (mistakes or {}).items() if key in wrong}
        c.same_array(got[key], value, what=f"{what}[{key!r}]", mistakes=key_mistakes, hint=hint)


def _gradient_check(c, got, numerical, what):
    for key, value in numerical.items():
        difference = relative_difference(got[key], value)
        if not difference < GRADIENT_TOLERANCE:
            c.fail(f"{key} does not match a numerical gradient check of {what} (relative difference "
                   f"{difference:.2e}, allowed {GRADIENT_TOLERANCE:.0e})", expected=describe(value),
                   got=describe(got[key]),
                   hint="Compare your formula with the derivative of the forward computation.")


def _numerical(loss, inputs, parameters, keys):
    """Central differences of loss(inputs, parameters) for every input and the parameters in keys."""
    out = {}
    for name, value in inputs.items():
        out[name] = numerical_gradient(lambda v, name=name: loss({**inputs, name: v}, parameters),
                                       value.copy())
    for key in keys:
        out["d" + key] = numerical_gradient(lambda v, key=key: loss(inputs, {**parameters, key: v}),
                                            parameters[key].copy())
    return out


# ---------------------------------------------------------------------------------------------
# Basic RNN, forward


def check_rnn_cell_forward(rnn_cell_forward):
    c = Checker(rnn_cell_forward, "rnn_cell_forward", uses=_GIVEN)
    rng = np.random.default_rng(501)
    for n_x, n_a, n_y, m in ((3, 5, 2, 7), (4, 2, 3, 1)):
        p = _rnn_parameters(rng, n_x, n_a, n_y)
        xt, a_prev = rng.standard_normal((n_x, m)), rng.standard_normal((n_a, m))
        a_next, yt_pred, cache = ref.rnn_cell_forward(xt, a_prev, p)
        got = c.same_sequence(c.call(xt, a_prev, p), 3, what="the returned value (should be a_next, "
                              "yt_pred, cache)")
        c.same_array(got[0], a_next, what=f"a_next for n_a={n_a}, m={m}", mistakes={
            "that is the sigmoid of Waa a_prev + Wax xt + ba; the hidden state uses tanh":
                _rnn_cell(xt, a_prev, p, act=ref.sigmoid),
            "the bias ba is missing": _rnn_cell(xt, a_prev, p, use_bias=False),
            "the term Waa a_prev is missing: the previous hidden state must enter": _rnn_cell(
                xt, a_prev, p, use_a_prev=False),
            "tanh is missing: a_next = tanh(Waa a_prev + Wax xt + ba)":
                _rnn_cell(xt, a_prev, p, act=lambda z: z),
        }, hint="a_next = np.tanh(np.dot(Waa, a_prev) + np.dot(Wax, xt) + ba).")
        logits = p["Wya"] @ a_next + p["by"]
        c.same_array(got[1], yt_pred, what=f"yt_pred for n_y={n_y}, m={m}", mistakes={
            "the softmax was taken over axis 1, the examples; each column (one example) must sum to 1 "
            "over the classes, axis 0: use the given softmax": _softmax_over_batch(logits),
            "the softmax is missing: yt_pred = softmax(Wya a_next + by)": logits,
            "that is a sigmoid of each entry; the prediction is a softmax over the classes":
                ref.sigmoid(logits),
            "the bias by is missing": ref.softmax(p["Wya"] @ a_next),
        }, hint="yt_pred = softmax(np.dot(Wya, a_next) + by).")
        _same_cache(c, got[2], (a_next, a_prev, xt, p), ("a_next", "a_prev", "xt", "parameters"))
    c.ok("a_next = tanh(Waa a_prev + Wax xt + ba) for two sizes, a single example among them")
    c.ok("yt_pred = softmax(Wya a_next + by), columns summing to 1; the cache is right")
    c.done()


def check_rnn_forward(rnn_forward):
    c = Checker(rnn_forward, "rnn_forward", uses={
        "rnn_cell_forward": (ref.rnn_cell_forward, check_rnn_cell_forward), **_GIVEN})
    rng = np.random.default_rng(502)
    for n_x, n_a, n_y, m, T in ((3, 5, 2, 4, 6), (2, 3, 4, 1, 3)):
        p = _rnn_parameters(rng, n_x, n_a, n_y)
        x, a0 = rng.standard_normal((n_x, m, T)), rng.standard_normal((n_a, m))
        a, y_pred, caches = ref.rnn_forward(x, a0, p)
        got = c.same_sequence(c.call(x, a0, p), 3, what="the returned value (should be a, y_pred, caches)")
        setting = f"n_a={n_a}, m={m}, T_x={T}"
        c.same_array(got[0], a, what=f"a for {setting}", mistakes={
            "the last time step is missing: loop over range(T_x), all T_x steps":
                _rnn_sequence(x, a0, p, steps=range(T - 1)),
            "every step was given a0; feed each step the a_next of the step before":
                _rnn_sequence(x, a0, p, carry=False),
            "a[:, :, t] holds the state before step t; store the a_next that step t returns":
                _rnn_sequence(x, a0, p, store_prev=True),
        }, hint="a_next = a0, then for every t: a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], "
           "a_next, parameters) and store a_next in a[:, :, t].")
        dropped = y_pred.copy()
        dropped[:, :, -1] = 0
        c.same_array(got[1], y_pred, what=f"y_pred for {setting}", mistakes={
            "the last time step is missing: loop over range(T_x), all T_x steps": dropped,
        }, hint="Store each step's yt_pred in y_pred[:, :, t].")
        _same_sequence_caches(c, got[2], caches, T, ("a_next", "a_prev", "xt", "parameters"))
    c.ok("a and y_pred right over 6 steps and over 3 steps of a single example")
    c.ok("caches = (one cache per step, x)")
    c.done()


# ---------------------------------------------------------------------------------------------
# LSTM, forward

LSTM_CACHE_NAMES = ("a_next", "c_next", "a_prev", "c_prev", "ft", "it", "cct", "ot", "xt", "parameters")


def check_lstm_cell_forward(lstm_cell_forward):
    c = Checker(lstm_cell_forward, "lstm_cell_forward", uses=_GIVEN, error_hints=CONCAT_ERRORS)
    rng = np.random.default_rng(503)
    for n_x, n_a, n_y, m in ((3, 5, 2, 7), (4, 2, 3, 1)):
        p = _lstm_parameters(rng, n_x, n_a, n_y)
        xt, a_prev, c_prev = (rng.standard_normal((n_x, m)), rng.standard_normal((n_a, m)),
                              rng.standard_normal((n_a, m)))
        a_next, c_next, yt, cache = ref.lstm_cell_forward(xt, a_prev, c_prev, p)
        got = c.same_sequence(c.call(xt, a_prev, c_prev, p), 4,
                              what="the returned value (should be a_next, c_next, yt_pred, cache)")
        wrong = {
            "the forget and update gates are swapped: c_next = ft * c_prev + it * cct, with ft from "
            "Wf, bf and it from Wi, bi": _lstm_cell(xt, a_prev, c_prev, p, "swap_fi"),
            "the forget and output gates are swapped: ft (Wf, bf) multiplies c_prev, ot (Wo, bo) "
            "multiplies tanh(c_next)": _lstm_cell(xt, a_prev, c_prev, p, "swap_fo"),
            "c_next has no forget gate: c_next = ft * c_prev + it * cct, not c_prev + it * cct":
                _lstm_cell(xt, a_prev, c_prev, p, "no_forget"),
            "the candidate cct uses a sigmoid; it uses tanh (the gates use the sigmoid)":
                _lstm_cell(xt, a_prev, c_prev, p, "sigmoid_candidate"),
            "xt was stacked on top of a_prev; " + CONCAT_HINT: _lstm_cell(xt, a_prev, c_prev, p, "concat"),
        }
        setting = f"n_a={n_a}, m={m}"
        c.same_array(got[1], c_next, what=f"c_next for {setting}",
                     mistakes={label: value[1] for label, value in wrong.items()},
                     hint="c_next = ft * c_prev + it * cct, with ft = sigmoid(Wf [a_prev; xt] + bf), "
                     "it = sigmoid(Wi [a_prev; xt] + bi), cct = tanh(Wc [a_prev; xt] + bc).")
        wrong["a_next = ot * sigmoid(c_next); the cell state is squashed with tanh"] = _lstm_cell(
            xt, a_prev, c_prev, p, "sigmoid_output")
        wrong["tanh is missing: a_next = ot * tanh(c_next)"] = _lstm_cell(xt, a_prev, c_prev, p, "no_tanh")
        c.same_array(got[0], a_next, what=f"a_next for {setting}",
                     mistakes={label: value[0] for label, value in wrong.items()},
                     hint="a_next = ot * tanh(c_next), with ot = sigmoid(Wo [a_prev; xt] + bo).")
        logits = p["Wy"] @ a_next + p["by"]
        c.same_array(got[2], yt, what=f"yt_pred for {setting}", mistakes={
            "the softmax was taken over axis 1, the examples; each column must sum to 1 over the "
            "classes, axis 0: use the given softmax": _softmax_over_batch(logits),
            "the softmax is missing: yt_pred = softmax(Wy a_next + by)": logits,
        }, hint="yt_pred = softmax(np.dot(Wy, a_next) + by).")
        _same_cache(c, got[3], cache, LSTM_CACHE_NAMES)
    c.ok("the gates, c_next and a_next right for two sizes, a single example among them")
    c.ok("yt_pred = softmax(Wy a_next + by); the cache holds all ten entries in order")
    c.done()


def check_lstm_forward(lstm_forward):
    c = Checker(lstm_forward, "lstm_forward", uses={
        "lstm_cell_forward": (ref.lstm_cell_forward, check_lstm_cell_forward), **_GIVEN},
        error_hints=CONCAT_ERRORS)
    rng = np.random.default_rng(504)
    for n_x, n_a, n_y, m, T in ((3, 5, 2, 4, 6), (2, 3, 4, 1, 3)):
        p = _lstm_parameters(rng, n_x, n_a, n_y)
        x, a0 = rng.standard_normal((n_x, m, T)), rng.standard_normal((n_a, m))
        a, y, cs, caches = ref.lstm_forward(x, a0, p)
        got = c.same_sequence(c.call(x, a0, p), 4, what="the returned value (should be a, y, c, caches)")
        setting = f"n_a={n_a}, m={m}, T_x={T}"
        wrong = {
            "the last time step is missing: loop over range(T_x), all T_x steps":
                _lstm_sequence(x, a0, p, steps=range(T - 1)),
            "the cell state was not carried from step to step: pass each step's c_next to the next":
                _lstm_sequence(x, a0, p, c_reset=True),
            "the cell state started at a0; it starts at zeros of shape (n_a, m)":
                _lstm_sequence(x, a0, p, c0_is_a0=True),
        }
        hint = ("a_next = a0 and c_next = zeros (n_a, m), then for every t: a_next, c_next, yt, cache "
                "= lstm_cell_forward(x[:, :, t], a_next, c_next, parameters).")
        c.same_array(got[0], a, what=f"a for {setting}", mistakes={k: v[0] for k, v in wrong.items()},
                     hint=hint)
        c.same_array(got[2], cs, what=f"c for {setting}", mistakes={k: v[1] for k, v in wrong.items()},
                     hint=hint + " Store c_next in c[:, :, t].")
        dropped = y.copy()
        dropped[:, :, -1] = 0
        c.same_array(got[1], y, what=f"y for {setting}", mistakes={
            "the last time step is missing: loop over range(T_x), all T_x steps": dropped}, hint=hint)
        _same_sequence_caches(c, got[3], caches, T, LSTM_CACHE_NAMES)
    c.ok("a, y and c right over 6 steps and over 3 steps of a single example")
    c.ok("caches = (one cache per step, x)")
    c.done()


# ---------------------------------------------------------------------------------------------
# Basic RNN, backward


def check_rnn_cell_backward(rnn_cell_backward):
    c = Checker(rnn_cell_backward, "rnn_cell_backward")
    rng = np.random.default_rng(505)
    for n_x, n_a, n_y, m in ((3, 5, 2, 7), (4, 2, 3, 3)):
        p = _rnn_parameters(rng, n_x, n_a, n_y)
        xt, a_prev = rng.standard_normal((n_x, m)), rng.standard_normal((n_a, m))
        cache = ref.rnn_cell_forward(xt, a_prev, p)[2]
        da_next = rng.standard_normal((n_a, m))
        expected = ref.rnn_cell_backward(da_next, cache)
        got = c.call(da_next, cache)
        a_next = cache[0]
        no_transpose = dict(expected, da_prev=p["Waa"] @ ((1 - a_next ** 2) * da_next))
        _same_gradients(c, got, expected, "gradients", m, mistakes={
            "the (1 - a_next ** 2) factor, tanh's derivative, is missing: dz = (1 - a_next ** 2) * "
            "da_next": _rnn_cell_backward_variant(da_next, cache, "none"),
            "tanh's derivative was taken at a_prev; it is 1 - a_next ** 2, at the step's own output":
                _rnn_cell_backward_variant(da_next, cache, "a_prev"),
            "tanh was applied to a_next again: a_next is already tanh(z), so tanh'(z) = 1 - a_next ** 2":
                _rnn_cell_backward_variant(da_next, cache, "tanh_twice"),
            "the square is missing: tanh'(z) = 1 - a_next ** 2": _rnn_cell_backward_variant(
                da_next, cache, "no_square"),
            "dba was averaged over the batch; it is the sum over the examples, axis=1":
                _rnn_cell_backward_variant(da_next, cache, bias="mean"),
            "Waa was not transposed: da_prev = Waa^T dz": no_transpose,
        }, hint="dz = (1 - a_next ** 2) * da_next; then dxt = Wax^T dz, da_prev = Waa^T dz, dWax = dz "
           "xt^T, dWaa = dz a_prev^T, dba = sum of dz over axis 1 (keepdims=True).")

        def loss(inputs, parameters, da_next=da_next):
            return np.sum(ref.rnn_cell_forward(inputs["dxt"], inputs["da_prev"], parameters)[0] * da_next)

        numerical = _numerical(loss, {"dxt": xt, "da_prev": a_prev}, p, ("Wax", "Waa", "ba"))
        _gradient_check(c, got, numerical, "sum(a_next * da_next)")
    c.ok("dxt, da_prev, dWax, dWaa and dba right for two sizes")
    c.ok("numerical gradient check passed")
    c.done()


def check_rnn_backward(rnn_backward):
    c = Checker(rnn_backward, "rnn_backward", uses={
        "rnn_cell_backward": (ref.rnn_cell_backward, check_rnn_cell_backward)})
    rng = np.random.default_rng(506)
    keys = ("dWax", "dWaa", "dba")
    # more than 6 steps, so that the caches show as one short line in a failure message
    for n_x, n_a, n_y, m, T in ((3, 5, 2, 4, 7), (2, 3, 4, 2, 8)):
        p = _rnn_parameters(rng, n_x, n_a, n_y)
        x, a0 = rng.standard_normal((n_x, m, T)), rng.standard_normal((n_a, m))
        caches = ref.rnn_forward(x, a0, p)[2]
        da = rng.standard_normal((n_a, m, T))
        expected = ref.rnn_backward(da, caches)
        got = c.call(da, caches)

        def variant(steps, da=da, cell_caches=caches[0], n_x=n_x, **options):
            return _through_time(ref.rnn_cell_backward, da, cell_caches, n_x, keys, steps, **options)

        _same_gradients(c, got, expected, "gradients", m, mistakes={
            "the gradient from the step after (da_prevt) was not added: step t receives da[:, :, t] + "
            "da_prevt": variant(reversed(range(T)), add_da_prev=False),
            **_time_loop_mistakes(variant, T),
        }, hint="da_prevt = zeros; for t in reversed(range(T_x)): gradients = rnn_cell_backward(da[:, :, "
           "t] + da_prevt, caches[t]), then keep its da_prev, store its dxt in dx[:, :, t] and add "
           "its dWax, dWaa, dba to the totals; da0 is the last da_prev.")

        def loss(inputs, parameters, da=da):
            return np.sum(ref.rnn_forward(inputs["dx"], inputs["da0"], parameters)[0] * da)

        numerical = _numerical(loss, {"dx": x, "da0": a0}, p, ("Wax", "Waa", "ba"))
        _gradient_check(c, got, numerical, "sum(a * da) through rnn_forward")
    c.ok("dx, da0, dWax, dWaa and dba right over 7 and 8 steps")
    c.ok("numerical gradient check through time passed")
    c.done()


# ---------------------------------------------------------------------------------------------
# LSTM, backward


def _lstm_cell_backward_variant(da_next, dc_next, cache, variant):
    """lstm_cell_backward with one named mistake."""
    a_next, c_next, a_prev, c_prev, f, i, cc, o, xt, p = cache
    n_a = a_prev.shape[0]
    th = np.tanh(c_next)
    dc = {"no_a_path": dc_next, "no_tanh_derivative": dc_next + da_next * o,
          "misplaced_dc": da_next * o * (1 - th ** 2 + dc_next)}.get(
        variant, dc_next + da_next * o * (1 - th ** 2))
    gate_derivative = variant != "no_gate_derivative"
    dz = {"o": da_next * th * (o * (1 - o) if gate_derivative else 1),
          "c": dc * i * (1 - cc ** 2 if variant != "no_candidate_derivative" else 1),
          "i": dc * cc * (i * (1 - i) if gate_derivative else 1),
          "f": dc * c_prev * (f * (1 - f) if gate_derivative else 1)}
    if variant == "swap_fi":
        dz["f"], dz["i"] = dz["i"], dz["f"]
    concat = np.concatenate([a_prev, xt], axis=0)
    grads = {"dc_prev": dc if variant == "dc_prev_no_forget" else dc * f}
    dconcat = 0
    for gate in "fico":
        grads["dW" + gate] = dz[gate] @ concat.T
        grads["db" + gate] = np.sum(dz[gate], axis=1, keepdims=True)
        dconcat = dconcat + p["W" + gate].T @ dz[gate]
    grads["da_prev"], grads["dxt"] = dconcat[:n_a], dconcat[n_a:]
    return grads


def check_lstm_cell_backward(lstm_cell_backward):
    c = Checker(lstm_cell_backward, "lstm_cell_backward", uses=_GIVEN, error_hints=CONCAT_ERRORS)
    rng = np.random.default_rng(507)
    for n_x, n_a, n_y, m in ((3, 5, 2, 7), (4, 2, 3, 3)):
        p = _lstm_parameters(rng, n_x, n_a, n_y)
        xt, a_prev, c_prev = (rng.standard_normal((n_x, m)), rng.standard_normal((n_a, m)),
                              rng.standard_normal((n_a, m)))
        cache = ref.lstm_cell_forward(xt, a_prev, c_prev, p)[3]
        da_next, dc_next = rng.standard_normal((n_a, m)), rng.standard_normal((n_a, m))
        expected = ref.lstm_cell_backward(da_next, dc_next, cache)
        got = c.call(da_next, dc_next, cache)
        if isinstance(got, dict) and np.shape(got.get("da_prev")) == (n_x, m):
            c.fail(f"gradients['da_prev'] has shape ({n_x}, {m}); expected ({n_a}, {m})",
                   hint="The first n_a columns of each W act on a_prev and the last n_x on xt: "
                   "da_prev uses W[:, :n_a], dxt uses W[:, n_a:].")

        def variant(name, da_next=da_next, dc_next=dc_next, cache=cache):
            return _lstm_cell_backward_variant(da_next, dc_next, cache, name)

        _same_gradients(c, got, expected, "gradients", m, mistakes={
            "dc_prev lacks the forget gate: c_next = ft * c_prev + ..., so dc_prev = dc * ft, where dc "
            "is the whole gradient reaching c_next": variant("dc_prev_no_forget"),
            "the path from c_next through a_next = ot * tanh(c_next) is missing: the gradient reaching "
            "c_next is dc_next + da_next * ot * (1 - tanh(c_next) ** 2)": variant("no_a_path"),
            "the (1 - tanh(c_next) ** 2) factor is missing from the path through a_next":
                variant("no_tanh_derivative"),
            "dc_next was added inside the tanh derivative, multiplied by da_next * ot; it adds to "
            "the whole term: dc_next + da_next * ot * (1 - tanh(c_next) ** 2)": variant("misplaced_dc"),
            "the gates' derivative is missing: through a sigmoid gate g, multiply by g * (1 - g)":
                variant("no_gate_derivative"),
            "the (1 - cct ** 2) factor of the candidate's tanh is missing":
                variant("no_candidate_derivative"),
            "the forget and update gates are swapped: dft goes with c_prev and Wf, dit with cct and Wi":
                variant("swap_fi"),
        }, hint="Let dc = dc_next + da_next * ot * (1 - tanh(c_next) ** 2). Then dot = da_next * "
           "tanh(c_next) * ot * (1 - ot), dcct = dc * it * (1 - cct ** 2), dit = dc * cct * it * (1 - it), "
           "dft = dc * c_prev * ft * (1 - ft); dW = dgate [a_prev; xt]^T, db = sum over axis 1.")

        def loss(inputs, parameters, da_next=da_next, dc_next=dc_next):
            a_next, c_next = ref.lstm_cell_forward(inputs["dxt"], inputs["da_prev"], inputs["dc_prev"],
                                                   parameters)[:2]
            return np.sum(a_next * da_next) + np.sum(c_next * dc_next)

        numerical = _numerical(loss, {"dxt": xt, "da_prev": a_prev, "dc_prev": c_prev}, p,
                               ("Wf", "Wi", "Wc", "Wo", "bf", "bi", "bc", "bo"))
        _gradient_check(c, got, numerical, "sum(a_next * da_next) + sum(c_next * dc_next)")
    c.ok("the eleven gradients right for two sizes")
    c.ok("numerical gradient check passed")
    c.done()


def check_lstm_backward(lstm_backward):
    c = Checker(lstm_backward, "lstm_backward", uses={
        "lstm_cell_backward": (ref.lstm_cell_backward, check_lstm_cell_backward), **_GIVEN})
    rng = np.random.default_rng(508)
    keys = ref.LSTM_PARAMETER_GRADIENTS
    # more than 6 steps, so that the caches show as one short line in a failure message
    for n_x, n_a, n_y, m, T in ((3, 5, 2, 4, 7), (2, 3, 4, 2, 8)):
        p = _lstm_parameters(rng, n_x, n_a, n_y)
        x, a0 = rng.standard_normal((n_x, m, T)), rng.standard_normal((n_a, m))
        caches = ref.lstm_forward(x, a0, p)[3]
        da = rng.standard_normal((n_a, m, T))
        expected = ref.lstm_backward(da, caches)
        got = c.call(da, caches)

        def variant(steps, lstm=True, da=da, cell_caches=caches[0], n_x=n_x, **options):
            return _through_time(ref.lstm_cell_backward, da, cell_caches, n_x, keys, steps, lstm=lstm,
                                 **options)

        _same_gradients(c, got, expected, "gradients", m, mistakes={
            "the gradient from the step after (da_prevt) was not added: step t receives da[:, :, t] + "
            "da_prevt": variant(reversed(range(T)), add_da_prev=False),
            "the cell state's gradient was not carried back: pass each step's dc_prev as dc_next to "
            "the step before": variant(reversed(range(T)), lstm="no_dc"),
            **_time_loop_mistakes(variant, T),
        }, hint="da_prevt and dc_prevt start at zeros; for t in reversed(range(T_x)): gradients = "
           "lstm_cell_backward(da[:, :, t] + da_prevt, dc_prevt, caches[t]); keep its da_prev and "
           "dc_prev, store dxt in dx[:, :, t], add the dW and db to the totals; da0 is the last da_prev.")

        def loss(inputs, parameters, da=da):
            return np.sum(ref.lstm_forward(inputs["dx"], inputs["da0"], parameters)[0] * da)

        numerical = _numerical(loss, {"dx": x, "da0": a0}, p,
                               ("Wf", "Wi", "Wc", "Wo", "bf", "bi", "bc", "bo"))
        _gradient_check(c, got, numerical, "sum(a * da) through lstm_forward")
    c.ok("dx, da0 and the eight weight and bias gradients right over 7 and 8 steps")
    c.ok("numerical gradient check through time passed")
    c.done()
