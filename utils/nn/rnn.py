"""Recurrent networks in NumPy: the basic RNN and the LSTM, forward and backward through time.

Taught in course5_sequence_models/w1_a1_rnn_step_by_step.ipynb, which imports `softmax` and
`sigmoid` from here as given helpers; its grader compares the learner's functions with these.

Notation (Course 5). Examples are columns and time is the last axis: an input sequence x has
shape (n_x, m, T_x), the hidden states a have shape (n_a, m, T_x), the predictions y_hat shape
(n_y, m, T_y) (here T_y = T_x). One time step works on slices of shape (n_x, m) and (n_a, m).

Parameters. Basic RNN: "Wax" (n_a, n_x), "Waa" (n_a, n_a), "Wya" (n_y, n_a), "ba" (n_a, 1),
"by" (n_y, 1). LSTM: the gates read the stacked [a_prev; xt] of shape (n_a + n_x, m), so
"Wf", "Wi", "Wc", "Wo" have shape (n_a, n_a + n_x) (the first n_a columns act on a_prev) with
biases "bf", "bi", "bc", "bo" (n_a, 1); "Wy" (n_y, n_a) and "by" (n_y, 1) make the prediction.

Caches, as the original course's: an RNN cell keeps (a_next, a_prev, xt, parameters); an LSTM
cell keeps (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters); the sequence
functions return (list of the cell caches, x).

Gradients are those of a scalar loss J through the hidden states only: `da` holds dJ/da<t> at
every step (what the layers above send back), and the backward passes return dicts of the
gradients of J, weights and biases summed over the batch (no 1/m: that belongs to the loss).
"""

import numpy as np

# ---------------------------------------------------------------------------------------------
# Given helpers


def softmax(x):
    """Softmax over axis 0 (the classes) of an array of shape (n_y, m); columns sum to 1."""
    shifted = np.exp(x - np.max(x, axis=0, keepdims=True))      # stable: the largest is exp(0)
    return shifted / np.sum(shifted, axis=0, keepdims=True)


def sigmoid(x):
    """1 / (1 + exp(-x)) for every entry."""
    return 1 / (1 + np.exp(-x))


# ---------------------------------------------------------------------------------------------
# Basic RNN, forward


def rnn_cell_forward(xt, a_prev, parameters):
    """One step of the basic RNN.

    Args:
        xt: input at step t, shape (n_x, m).   a_prev: hidden state at step t-1, shape (n_a, m).
        parameters: dict with "Wax", "Waa", "Wya", "ba", "by".
    Returns:
        a_next: (n_a, m);  yt_pred: softmax prediction, (n_y, m);
        cache: (a_next, a_prev, xt, parameters).
    """
    Wax, Waa, Wya = parameters["Wax"], parameters["Waa"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)
    yt_pred = softmax(Wya @ a_next + by)
    return a_next, yt_pred, (a_next, a_prev, xt, parameters)


def rnn_forward(x, a0, parameters):
    """The basic RNN over a whole sequence.

    Args:
        x: inputs, shape (n_x, m, T_x).   a0: initial hidden state, shape (n_a, m).
        parameters: as for rnn_cell_forward.
    Returns:
        a: hidden states, (n_a, m, T_x);  y_pred: predictions, (n_y, m, T_x);
        caches: (list of the T_x cell caches, x).
    """
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    caches = []
    a_next = a0
    for t in range(T_x):
        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_next, parameters)
        a[:, :, t] = a_next
        y_pred[:, :, t] = yt_pred
        caches.append(cache)
    return a, y_pred, (caches, x)


# ---------------------------------------------------------------------------------------------
# LSTM, forward


def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """One step of the LSTM.

    Args:
        xt: (n_x, m).   a_prev, c_prev: hidden and cell state at step t-1, (n_a, m) each.
        parameters: dict with "Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo", "Wy", "by".
    Returns:
        a_next, c_next: (n_a, m) each;  yt_pred: (n_y, m);
        cache: (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters).
    """
    concat = np.concatenate([a_prev, xt], axis=0)                 # (n_a + n_x, m)
    ft = sigmoid(parameters["Wf"] @ concat + parameters["bf"])    # forget gate
    it = sigmoid(parameters["Wi"] @ concat + parameters["bi"])    # update (input) gate
    cct = np.tanh(parameters["Wc"] @ concat + parameters["bc"])   # candidate cell state
    ot = sigmoid(parameters["Wo"] @ concat + parameters["bo"])    # output gate
    c_next = ft * c_prev + it * cct
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(parameters["Wy"] @ a_next + parameters["by"])
    return a_next, c_next, yt_pred, (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)


def lstm_forward(x, a0, parameters):
    """The LSTM over a whole sequence; the cell state starts at zero.

    Args:
        x: (n_x, m, T_x).   a0: (n_a, m).   parameters: as for lstm_cell_forward.
    Returns:
        a: (n_a, m, T_x);  y: (n_y, m, T_x);  c: cell states, (n_a, m, T_x);
        caches: (list of the T_x cell caches, x).
    """
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wy"].shape
    a = np.zeros((n_a, m, T_x))
    c = np.zeros((n_a, m, T_x))
    y = np.zeros((n_y, m, T_x))
    caches = []
    a_next, c_next = a0, np.zeros((n_a, m))
    for t in range(T_x):
        a_next, c_next, yt, cache = lstm_cell_forward(x[:, :, t], a_next, c_next, parameters)
        a[:, :, t], c[:, :, t], y[:, :, t] = a_next, c_next, yt
        caches.append(cache)
    return a, y, c, (caches, x)


# ---------------------------------------------------------------------------------------------
# Basic RNN, backward


def rnn_cell_backward(da_next, cache):
    """Backward pass of one RNN step (the hidden state only; the prediction is not included).

    Args:
        da_next: dJ/da_next, (n_a, m).   cache: from rnn_cell_forward.
    Returns:
        dict with "dxt" (n_x, m), "da_prev" (n_a, m), "dWax" (n_a, n_x), "dWaa" (n_a, n_a),
        "dba" (n_a, 1).
    """
    a_next, a_prev, xt, parameters = cache
    dz = (1 - a_next ** 2) * da_next                  # through tanh: tanh'(z) = 1 - tanh(z)^2
    return {
        "dxt": parameters["Wax"].T @ dz,
        "da_prev": parameters["Waa"].T @ dz,
        "dWax": dz @ xt.T,
        "dWaa": dz @ a_prev.T,
        "dba": np.sum(dz, axis=1, keepdims=True),     # (n_a, 1): summed over the batch
    }


def rnn_backward(da, caches):
    """Backpropagation through time for the basic RNN.

    Args:
        da: dJ/da<t> from the layers above, for every step, (n_a, m, T_x).
        caches: from rnn_forward.
    Returns:
        dict with "dx" (n_x, m, T_x), "da0" (n_a, m), "dWax", "dWaa", "dba".
    """
    cell_caches, x = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    dWax, dWaa, dba = np.zeros((n_a, n_x)), np.zeros((n_a, n_a)), np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        # a<t> reaches J directly (da) and through a<t+1> (da_prevt from the step after)
        grads = rnn_cell_backward(da[:, :, t] + da_prevt, cell_caches[t])
        da_prevt = grads["da_prev"]
        dx[:, :, t] = grads["dxt"]
        dWax += grads["dWax"]
        dWaa += grads["dWaa"]
        dba += grads["dba"]
    return {"dx": dx, "da0": da_prevt, "dWax": dWax, "dWaa": dWaa, "dba": dba}


# ---------------------------------------------------------------------------------------------
# LSTM, backward


def lstm_cell_backward(da_next, dc_next, cache):
    """Backward pass of one LSTM step.

    Args:
        da_next: dJ/da_next, (n_a, m).   dc_next: dJ/dc_next, (n_a, m).   cache: from
        lstm_cell_forward.
    Returns:
        dict with "dxt" (n_x, m), "da_prev" and "dc_prev" (n_a, m), "dWf", "dWi", "dWc", "dWo"
        (n_a, n_a + n_x), "dbf", "dbi", "dbc", "dbo" (n_a, 1).
    """
    a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters = cache
    n_a = a_prev.shape[0]
    tanh_c = np.tanh(c_next)
    # c_next reaches J directly (dc_next) and through a_next = ot * tanh(c_next)
    dc = dc_next + da_next * ot * (1 - tanh_c ** 2)
    # gradients with respect to each gate's pre-activation
    dzo = da_next * tanh_c * ot * (1 - ot)
    dzc = dc * it * (1 - cct ** 2)
    dzi = dc * cct * it * (1 - it)
    dzf = dc * c_prev * ft * (1 - ft)
    concat = np.concatenate([a_prev, xt], axis=0)     # (n_a + n_x, m)
    grads = {"dc_prev": dc * ft}
    dconcat = 0
    for gate, dz in (("f", dzf), ("i", dzi), ("c", dzc), ("o", dzo)):
        grads["dW" + gate] = dz @ concat.T
        grads["db" + gate] = np.sum(dz, axis=1, keepdims=True)
        dconcat = dconcat + parameters["W" + gate].T @ dz   # (n_a + n_x, m)
    grads["da_prev"] = dconcat[:n_a]
    grads["dxt"] = dconcat[n_a:]
    return grads


LSTM_PARAMETER_GRADIENTS = ("dWf", "dWi", "dWc", "dWo", "dbf", "dbi", "dbc", "dbo")


def lstm_backward(da, caches):
    """Backpropagation through time for the LSTM.

    Args:
        da: dJ/da<t> for every step, (n_a, m, T_x).   caches: from lstm_forward.
    Returns:
        dict with "dx" (n_x, m, T_x), "da0" (n_a, m) and the weight and bias gradients "dWf",
        "dWi", "dWc", "dWo", "dbf", "dbi", "dbc", "dbo".
    """
    cell_caches, x = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    totals = {key: np.zeros((n_a, n_a + n_x) if key.startswith("dW") else (n_a, 1))
              for key in LSTM_PARAMETER_GRADIENTS}
    da_prevt, dc_prevt = np.zeros((n_a, m)), np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        grads = lstm_cell_backward(da[:, :, t] + da_prevt, dc_prevt, cell_caches[t])
        da_prevt, dc_prevt = grads["da_prev"], grads["dc_prev"]
        dx[:, :, t] = grads["dxt"]
        for key in LSTM_PARAMETER_GRADIENTS:
            totals[key] += grads[key]
    return {"dx": dx, "da0": da_prevt, **totals}


# ---------------------------------------------------------------------------------------------
# Initialization for experiments


def initialize_rnn(n_x, n_a, n_y, rng):
    """Basic-RNN parameters with variance 1/fan_in (Glorot-like) weights and zero biases."""
    return {"Wax": rng.standard_normal((n_a, n_x)) / np.sqrt(n_x),
            "Waa": rng.standard_normal((n_a, n_a)) / np.sqrt(n_a),
            "Wya": rng.standard_normal((n_y, n_a)) / np.sqrt(n_a),
            "ba": np.zeros((n_a, 1)), "by": np.zeros((n_y, 1))}


def initialize_lstm(n_x, n_a, n_y, rng, forget_bias=1.0):
    """LSTM parameters with variance 1/fan_in weights, zero biases except the forget gate's,
    which starts at `forget_bias` (1, as Keras's LSTM does by default: unit_forget_bias)."""
    parameters = {}
    for gate in "fico":
        parameters["W" + gate] = rng.standard_normal((n_a, n_a + n_x)) / np.sqrt(n_a + n_x)
        parameters["b" + gate] = np.zeros((n_a, 1))
    parameters["bf"] += forget_bias
    parameters["Wy"] = rng.standard_normal((n_y, n_a)) / np.sqrt(n_a)
    parameters["by"] = np.zeros((n_y, 1))
    return parameters
