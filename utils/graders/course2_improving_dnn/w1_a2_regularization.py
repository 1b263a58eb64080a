"""Graders for course2_improving_dnn/w1_a2_regularization.ipynb.

The checks use 3-layer networks of the grader's own sizes ([3, 5, 4, 1] and [4, 3, 2, 1], not
the notebook's [2, 20, 3, 1]) and several values of lambd and keep_prob, and compare with the
reference in utils.nn.regularization. Both backward passes are also checked against a numerical
gradient of the cost they differentiate: the L2-regularized cost, and the cost of the dropout
network with its masks held fixed.
"""

import numpy as np

from utils.grading import Checker, describe, numerical_gradient, relative_difference
from utils.nn import regularization as ref
from utils.nn import three_layer

GRADIENT_TOLERANCE = 1e-6
MASK_HINT = ("Draw D1 = np.random.rand(A1.shape[0], A1.shape[1]) and then D2 in the same way, in this "
             "order, with no other random draw in between.")
WEIGHT_AND_BIAS_KEYS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")


def _network(seed, layer_dims, m):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((layer_dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(int)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        parameters[f"b{l}"] = 0.3 * rng.standard_normal((layer_dims[l], 1))
    return X, Y, parameters


def _penalty(parameters, lambd, m, variant=None):
    weights = [parameters["W1"], parameters["W2"], parameters["W3"]]
    if variant == "with biases":
        weights += [parameters["b1"], parameters["b2"], parameters["b3"]]
    if variant == "norms":
        total = sum(np.linalg.norm(W) for W in weights)
    elif variant == "W3 missing":
        total = sum(np.sum(W**2) for W in weights[:2])
    else:
        total = sum(np.sum(W**2) for W in weights)
    factor = {"no 1/2": lambd / m, "no m": lambd / 2, "mean": lambd / 2}.get(variant, lambd / (2 * m))
    if variant == "mean":
        total = sum(np.mean(W**2) for W in weights)
    return factor * total


_COST_MISTAKES = {
    "no 1/2": "the penalty is lambd / m * sum; it is lambd / (2 * m) * sum",
    "no m": "the penalty is not divided by m: lambd / (2 * m) * sum",
    "with biases": "the biases were penalized too; only W1, W2 and W3 are",
    "norms": "the penalty adds up the norms ||W||; it adds up the squares of the entries, "
             "np.sum(np.square(W))",
    "W3 missing": "W3 is missing from the penalty",
    "mean": "np.mean was used for the squares; the penalty sums them: np.sum(np.square(W))",
}


def check_compute_cost_with_regularization(compute_cost_with_regularization):
    c = Checker(compute_cost_with_regularization, "compute_cost_with_regularization")
    for (layer_dims, m, seed), lambd in ((((3, 5, 4, 1), 7, 1), 0.7), (((4, 3, 2, 1), 10, 2), 0.1)):
        X, Y, parameters = _network(seed, layer_dims, m)
        A3, _ = three_layer.forward_propagation(X, parameters)
        expected = ref.compute_cost_with_regularization(A3, Y, parameters, lambd)
        cross_entropy = three_layer.compute_cost(A3, Y)
        mistakes = {label: cross_entropy + _penalty(parameters, lambd, m, variant)
                    for variant, label in _COST_MISTAKES.items()}
        mistakes["that is the L2 penalty alone; add the cross-entropy cost"] = _penalty(parameters, lambd, m)
        mistakes["that is the cross-entropy cost alone; the L2 penalty is missing"] = cross_entropy
        got = c.call(A3, Y, parameters, lambd)
        c.last_call = (f"compute_cost_with_regularization(A3, Y, parameters, lambd={lambd}) with m={m}, "
                       f"layer sizes {list(layer_dims)}")
        c.same_scalar(got, expected, what=f"the cost (lambd={lambd}, m={m})", mistakes=mistakes)
    c.ok("cross-entropy plus lambd / (2 m) * sum of squares, for two networks and lambd = 0.7 and 0.1")
    c.done()


def _check_gradients(c, got, expected, mistakes, what):
    c.same_type(got, dict, what="the returned gradients")
    for key in WEIGHT_AND_BIAS_KEYS:
        if key not in got:
            c.fail(f"the returned gradients have no {key!r}", got="keys " + ", ".join(map(repr, got)))
        c.same_array(got[key], expected[key], what=f"{key} ({what})",
                     mistakes={label: wrong[key] for label, wrong in mistakes.items()})


def _numerical_check(c, got, cost_of, parameters, what):
    """Compare every dW, db of got with the central-difference gradient of cost_of(parameters)."""
    worst = 0.0
    for key in ("W1", "b1", "W2", "b2", "W3", "b3"):
        def cost(value, key=key):
            trial = dict(parameters)
            trial[key] = value
            return cost_of(trial)
        numerical = numerical_gradient(cost, parameters[key].copy())
        difference = relative_difference(got[f"d{key}"], numerical)
        if difference > GRADIENT_TOLERANCE:
            c.fail(f"d{key} does not match a numerical gradient of {what} (relative difference "
                   f"{difference:.2e}, more than {GRADIENT_TOLERANCE:g})",
                   expected=describe(numerical), got=describe(got[f"d{key}"]))
        worst = max(worst, difference)
    return worst


def _l2_backward_variant(X, Y, cache, lambd, variant):
    grads = ref.backward_propagation_with_regularization(X, Y, cache, 0.0)
    m = X.shape[1]
    W = {"dW1": cache[2], "dW2": cache[6], "dW3": cache[10]}
    b = {"db1": cache[3], "db2": cache[7], "db3": cache[11]}
    factor = {"no m": lambd, "half": lambd / (2 * m), "minus": -lambd / m}.get(variant, lambd / m)
    for key, value in W.items():
        grads[key] = grads[key] + factor * value
    if variant == "biases too":
        for key, value in b.items():
            grads[key] = grads[key] + lambd / m * value
    if variant == "only dW3":
        for key in ("dW1", "dW2"):
            grads[key] = grads[key] - factor * W[key]
    return grads


_L2_BACKWARD_MISTAKES = {
    "no m": "the term added to dW is lambd * W; it is (lambd / m) * W",
    "half": "the term added to dW is lambd / (2 m) * W; the derivative of lambd / (2 m) * W^2 is "
            "(lambd / m) * W",
    "minus": "the regularization term was subtracted; add (lambd / m) * W",
    "biases too": "the biases got a regularization term too; only dW1, dW2 and dW3 do",
    "only dW3": "only dW3 got the regularization term; dW2 and dW1 need (lambd / m) * W2 and W1 too",
}


def check_backward_propagation_with_regularization(backward_propagation_with_regularization):
    c = Checker(backward_propagation_with_regularization, "backward_propagation_with_regularization")
    worst = 0.0
    for (layer_dims, m, seed), lambd in ((((3, 5, 4, 1), 7, 3), 0.7), (((4, 3, 2, 1), 10, 4), 0.25)):
        X, Y, parameters = _network(seed, layer_dims, m)
        _, cache = three_layer.forward_propagation(X, parameters)
        expected = ref.backward_propagation_with_regularization(X, Y, cache, lambd)
        mistakes = {label: _l2_backward_variant(X, Y, cache, lambd, variant)
                    for variant, label in _L2_BACKWARD_MISTAKES.items()}
        got = c.call(X, Y, cache, lambd)
        c.last_call = (f"backward_propagation_with_regularization(X, Y, cache, lambd={lambd}) "
                       f"with X of shape {X.shape}, layer sizes {list(layer_dims)}")
        _check_gradients(c, got, expected, mistakes, what=f"lambd={lambd}, m={m}")

        def cost_of(trial, X=X, Y=Y, lambd=lambd):
            A3, _ = three_layer.forward_propagation(X, trial)
            return ref.compute_cost_with_regularization(A3, Y, trial, lambd)

        worst = max(worst, _numerical_check(c, got, cost_of, parameters, "the L2-regularized cost"))
    c.ok("dW1 ... db3 right for two networks, lambd = 0.7 and 0.25")
    c.ok(f"they match a numerical gradient of the regularized cost (relative difference at most {worst:.0e})")
    c.done()


# ---------------------------------------------------------------------------------------------
# Dropout

_CACHE_NAMES = ("Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")


def _dropout_forward_variant(X, parameters, keep_prob, variant):
    """A wrong dropout forward pass, drawing its masks from np.random as the learner's does."""
    n_1, n_2, m = parameters["W1"].shape[0], parameters["W2"].shape[0], X.shape[1]
    if variant == "randn":
        D1, D2 = np.random.randn(n_1, m) < keep_prob, np.random.randn(n_2, m) < keep_prob
    else:
        D1, D2 = np.random.rand(n_1, m), np.random.rand(n_2, m)
        if variant == "greater":
            D1, D2 = D1 > keep_prob, D2 > keep_prob
        else:
            D1, D2 = D1 < keep_prob, D2 < keep_prob
    D1, D2 = D1.astype(int), D2.astype(int)
    # forward_with_masks divides by its last argument: 1 for no scaling, 1 / keep_prob to multiply
    divisor = {"no scaling": 1.0, "multiplied": 1 / keep_prob}.get(variant, keep_prob)
    return ref.forward_with_masks(X, parameters, D1, D2, divisor)


_DROPOUT_FORWARD_MISTAKES = {
    "no scaling": "the kept activations were not divided by keep_prob (inverted dropout divides them)",
    "multiplied": "the kept activations were multiplied by keep_prob; divide them by keep_prob",
    "greater": "the mask keeps the entries with rand > keep_prob; keep those with rand < keep_prob, "
               "so that each unit is kept with probability keep_prob",
    "randn": "np.random.randn draws normal numbers; the mask needs np.random.rand (uniform in [0, 1))",
}


def _as_float(value):
    if isinstance(value, np.ndarray) and (value.dtype == np.bool_ or np.issubdtype(value.dtype, np.integer)):
        return value.astype(float)
    return value


def check_forward_propagation_with_dropout(forward_propagation_with_dropout):
    c = Checker(forward_propagation_with_dropout, "forward_propagation_with_dropout")
    for (layer_dims, m, seed), keep_prob in ((((3, 5, 4, 1), 8, 5), 0.7), (((4, 3, 2, 1), 10, 6), 0.5)):
        X, _, parameters = _network(seed, layer_dims, m)
        np.random.seed(seed)
        expected = ref.forward_propagation_with_dropout(X, parameters, keep_prob)
        wrong = {}
        for variant, label in _DROPOUT_FORWARD_MISTAKES.items():
            np.random.seed(seed)
            wrong[label] = _dropout_forward_variant(X, parameters, keep_prob, variant)
        np.random.seed(seed)
        got = c.call(X, parameters, keep_prob)
        c.last_call = (f"forward_propagation_with_dropout(X, parameters, keep_prob={keep_prob}) "
                       f"with X of shape {X.shape}, layer sizes {list(layer_dims)}")
        where = f"keep_prob={keep_prob}, after np.random.seed({seed})"
        A3, cache = c.same_sequence(got, 2, what="the returned value")
        cache = c.same_sequence(cache, 14, what="the returned cache")
        for index in (1, 2, 6, 7):       # the masks and the masked activations first
            c.same_array(_as_float(cache[index]), _as_float(expected[1][index]),
                         what=f"{_CACHE_NAMES[index]} ({where})",
                         mistakes={label: _as_float(w[1][index]) for label, w in wrong.items()},
                         hint=MASK_HINT)
        c.same_array(A3, expected[0], what=f"A3 ({where})",
                     mistakes={label: w[0] for label, w in wrong.items()},
                     hint="Only the hidden layers A1 and A2 get dropout; A3 = sigmoid(Z3).")
        for index, name in enumerate(_CACHE_NAMES):
            c.same_array(_as_float(cache[index]), _as_float(expected[1][index]),
                         what=f"{name} in the cache ({where})")
    c.ok("masks D1 and D2, masked and scaled A1 and A2, A3 and the cache right for keep_prob = 0.7 and 0.5")
    c.done()


def _masks(seed, layer_dims, m, keep_prob):
    rng = np.random.default_rng(seed + 100)
    return [(rng.random((n, m)) < keep_prob).astype(int) for n in layer_dims[1:3]]


def _dropout_backward_variant(X, Y, cache, keep_prob, variant):
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    # the reference divides dA by its last argument: 1 for no scaling, 1 / keep_prob to multiply
    divisor = {"no scaling": 1.0, "multiplied": 1 / keep_prob}.get(variant, keep_prob)
    return ref.backward_propagation_with_dropout(
        X, Y, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3), divisor)


_DROPOUT_BACKWARD_MISTAKES = {
    "no scaling": "dA1 and dA2 were not divided by keep_prob, as A1 and A2 were in the forward pass",
    "multiplied": "dA1 and dA2 were multiplied by keep_prob; divide them by keep_prob",
}


def check_backward_propagation_with_dropout(backward_propagation_with_dropout):
    c = Checker(backward_propagation_with_dropout, "backward_propagation_with_dropout")
    worst = 0.0
    for (layer_dims, m, seed), keep_prob in ((((3, 5, 4, 1), 8, 7), 0.8), (((4, 3, 2, 1), 10, 8), 0.6)):
        X, Y, parameters = _network(seed, layer_dims, m)
        D1, D2 = _masks(seed, layer_dims, m, keep_prob)
        _, cache = ref.forward_with_masks(X, parameters, D1, D2, keep_prob)
        expected = ref.backward_propagation_with_dropout(X, Y, cache, keep_prob)
        mistakes = {label: _dropout_backward_variant(X, Y, cache, keep_prob, variant)
                    for variant, label in _DROPOUT_BACKWARD_MISTAKES.items()}
        got = c.call(X, Y, cache, keep_prob)
        c.last_call = (f"backward_propagation_with_dropout(X, Y, cache, keep_prob={keep_prob}) "
                       f"with X of shape {X.shape}, layer sizes {list(layer_dims)}")
        _check_gradients(c, got, expected, mistakes, what=f"keep_prob={keep_prob}, m={m}")

        def cost_of(trial, X=X, Y=Y, D1=D1, D2=D2, keep_prob=keep_prob):
            A3, _ = ref.forward_with_masks(X, trial, D1, D2, keep_prob)
            return three_layer.compute_cost(A3, Y)

        worst = max(worst, _numerical_check(c, got, cost_of, parameters,
                                            "the cost with the cache's masks held fixed"))
    c.ok("dW1 ... db3 right for two networks with fixed masks, keep_prob = 0.8 and 0.6")
    c.ok("they match a numerical gradient of the cost with the masks held fixed (relative difference "
         f"at most {worst:.0e})")
    c.done()
