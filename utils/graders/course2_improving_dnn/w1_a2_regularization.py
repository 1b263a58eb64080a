"""Graders for course2_improving_dnn/w1_a2_regularization.ipynb.

The checks use 3-layer networks of the grader's own sizes ([3, 5, 4, 1] and [4, 3, 2, 1], not
the notebook's [2, 20, 3, 1]) and several values of lambd and keep_prob, and compare with the
reference in utils.nn.regularization. Both backward passes are also checked against a numerical
gradient of the cost they differentiate: the L2-regularized cost, and the cost of the dropout
network with its masks held fixed.

The given helpers an exercise may call (compute_cost, backward_propagation, relu, sigmoid) are
swapped for the notebook's own versions from utils.nn.three_layer, so each exercise is judged on
its own code. The dropout forward pass is judged on invariants (0/1 masks with about keep_prob
of 1s, A = relu(Z) * D / keep_prob), not on one random stream, so that a function seeded the
original course's way (np.random.seed(1) at its top) passes; the backward pass gets masks of the
grader's own.
"""

import math

import numpy as np

from utils.grading import Checker, describe, numerical_gradient, relative_difference
from utils.nn import regularization as ref
from utils.nn import three_layer

GRADIENT_TOLERANCE = 1e-6
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
    c = Checker(compute_cost_with_regularization, "compute_cost_with_regularization",
                uses={"compute_cost": (three_layer.compute_cost, None)})
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
    # a learner may start from the given backward pass and add the L2 terms to its dW
    c = Checker(backward_propagation_with_regularization, "backward_propagation_with_regularization",
                uses={"backward_propagation": (three_layer.backward_propagation, None)})
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
#
# The forward pass is checked on invariants, not on one random stream: whichever way the masks
# are drawn (the notebook's np.random state, or np.random.seed(1) inside the function as in the
# original course), they must hold 0s and 1s of the activations' shape, differ from example to
# example, keep about keep_prob of the units, and every value in the cache must follow from them.

_CACHE_NAMES = ("Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
_CACHE_HINT = ("Return A3 and the cache (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3), "
               "in this order.")
MASK_SIGMAS = 5       # a mask's share of 1s may stray this many standard deviations from keep_prob


def _as_float(value):
    if isinstance(value, np.ndarray) and (value.dtype == np.bool_ or np.issubdtype(value.dtype, np.integer)):
        return value.astype(float)
    return value


def _normal_cdf(x):
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def _check_mask(c, D, layer, shape, keep_prob):
    """D{layer}: an array of 0s and 1s of the activations' shape, not shared by the examples or by
    the units, with about keep_prob of 1s. Returns it as floats."""
    name = f"D{layer}"
    draw = f"np.random.rand(A{layer}.shape[0], A{layer}.shape[1])"
    if not isinstance(D, np.ndarray):
        c.fail(f"{name} in the cache should be a NumPy array, not {describe(D)}",
               hint=f"{name} = ({draw} < keep_prob).astype(int)")
    if D.shape != shape:
        hint = f"Draw one number per unit and per example: {name} = {draw}."
        if D.shape in ((shape[0], 1), (shape[0],)):
            hint = ("A mask of one column drops the same units for every example. " + hint)
        c.fail(f"{name} has shape {D.shape}; expected {shape}, the shape of A{layer}", hint=hint)
    values = _as_float(D)
    if not np.issubdtype(values.dtype, np.number) or not np.isin(values, (0.0, 1.0)).all():
        c.fail(f"{name} should hold only 0s and 1s", got=describe(D),
               hint=f"Turn the uniform numbers into 1 (keep) and 0 (drop): {name} = ({name} < keep_prob)"
               ".astype(int).")
    if shape[1] > 1 and (values == values[:, :1]).all():
        c.fail(f"every column of {name} is the same: all examples lose the same units",
               hint=f"Draw a mask entry for every unit and every example: {name} = {draw}.")
    if shape[0] > 1 and (values == values[:1, :]).all():
        c.fail(f"every row of {name} is the same: each example keeps all its units or none",
               hint=f"Draw a mask entry for every unit and every example: {name} = {draw}.")
    share = float(values.mean())
    tolerance = MASK_SIGMAS * math.sqrt(keep_prob * (1 - keep_prob) / values.size)
    if abs(share - keep_prob) > tolerance:
        if abs(share - (1 - keep_prob)) <= tolerance:
            hint = (f"Each unit is kept with probability 1 - keep_prob: keep those with {draw} < keep_prob "
                    "(not >, and not 1 - keep_prob).")
        elif any(abs(share - fixed) <= tolerance for fixed in (0.5, 0.86)):
            fixed = min((0.5, 0.86), key=lambda value: abs(share - value))
            hint = (f"That is about {fixed}, whatever keep_prob the call gives: use the argument keep_prob "
                    "rather than a fixed number.")
        elif abs(share - _normal_cdf(keep_prob)) <= tolerance:
            hint = ("That is the share that np.random.randn (normal numbers) gives; the mask needs "
                    "np.random.rand, uniform in [0, 1), so that rand < keep_prob holds with probability "
                    "keep_prob.")
        else:
            hint = f"{name} = ({draw} < keep_prob).astype(int) keeps each unit with probability keep_prob."
        c.fail(f"{name} keeps {share:.1%} of the units; with keep_prob={keep_prob} it should keep about "
               f"{keep_prob:.0%} (give or take {tolerance:.1%} over {values.size} entries)", hint=hint)
    return values


def _dropped(c, got, A, D, keep_prob, what, hint):
    """Check got (the masked activation) against A * D / keep_prob, naming the known mistakes."""
    c.same_array(_as_float(got), A * D / keep_prob, what=what, hint=hint, mistakes={
        "the kept activations were not divided by keep_prob (inverted dropout divides them)": A * D,
        "the kept activations were multiplied by keep_prob; divide them by keep_prob": A * D * keep_prob,
        "the mask was not applied: multiply by the mask, then divide by keep_prob": A / keep_prob,
        "the mask was not applied and nothing was scaled: this is the forward pass without dropout": A,
        "the mask was applied upside down: the units with D = 1 are the ones kept": A * (1 - D) / keep_prob,
    })


def check_forward_propagation_with_dropout(forward_propagation_with_dropout):
    c = Checker(forward_propagation_with_dropout, "forward_propagation_with_dropout",
                uses={"relu": (three_layer.relu, None), "sigmoid": (three_layer.sigmoid, None)})
    saved = np.random.get_state()
    try:
        _judge_dropout_forward(c)
    finally:
        np.random.set_state(saved)      # the notebook's random numbers go on as if no check had run
    c.done()


def _judge_dropout_forward(c):
    relu, sigmoid = three_layer.relu, three_layer.sigmoid
    for (layer_dims, m, seed), keep_prob in ((((3, 5, 4, 1), 400, 5), 0.8), (((4, 3, 2, 1), 600, 6), 0.6)):
        X, _, parameters = _network(seed, layer_dims, m)
        np.random.seed(seed)          # repeatable for a function that does not seed itself
        got = c.call(X, parameters, keep_prob)
        c.last_call = (f"forward_propagation_with_dropout(X, parameters, keep_prob={keep_prob}) "
                       f"with X of shape {X.shape}, layer sizes {list(layer_dims)}")
        A3, cache = c.same_sequence(got, 2, what="the returned value")
        if not isinstance(cache, (tuple, list)) or len(cache) != 14:
            c.same_sequence(cache, 14, what="the returned cache")
        for index in (3, 4, 8, 9, 12, 13):
            name = _CACHE_NAMES[index]
            c.same_array(cache[index], parameters[name], what=f"{name} in the cache", hint=_CACHE_HINT)
        W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
        n_1, n_2 = W1.shape[0], W2.shape[0]
        Z1 = W1 @ X + b1                                                   # (n_1, m)
        c.same_array(cache[0], Z1, what="Z1 in the cache", hint=(
            "Z1 = W1 @ X + b1, before any mask: the mask goes on A1 = relu(Z1), after the ReLU. "
            + _CACHE_HINT))
        D1 = _check_mask(c, cache[1], 1, (n_1, m), keep_prob)
        _dropped(c, cache[2], relu(Z1), D1, keep_prob, "A1 in the cache",
                 hint="A1 = relu(Z1) * D1 / keep_prob, with the D1 of the cache.")
        A1 = _as_float(cache[2])
        c.same_array(cache[5], W2 @ A1 + b2, what="Z2 in the cache", mistakes={
            "Z2 was computed from A1 before dropout; use the masked and scaled A1": W2 @ relu(Z1) + b2,
        }, hint="Z2 = W2 @ A1 + b2, with A1 after its dropout, before any mask on layer 2.")
        Z2 = W2 @ A1 + b2                                                  # (n_2, m)
        D2 = _check_mask(c, cache[6], 2, (n_2, m), keep_prob)
        _dropped(c, cache[7], relu(Z2), D2, keep_prob, "A2 in the cache",
                 hint="A2 = relu(Z2) * D2 / keep_prob, with the D2 of the cache.")
        A2 = _as_float(cache[7])
        Z3 = W3 @ A2 + b3                                                  # (1, m)
        c.same_array(cache[10], Z3, what="Z3 in the cache",
                     hint="Z3 = W3 @ A2 + b3, with A2 after its dropout.")
        hint = "Only the hidden layers A1 and A2 get dropout; A3 = sigmoid(Z3)."
        c.same_array(cache[11], sigmoid(Z3), what="A3 in the cache", hint=hint)
        c.same_array(A3, sigmoid(Z3), what="the returned A3", hint=hint)
    c.ok("masks D1, D2: 0s and 1s, one per unit and example, about keep_prob of them 1 (0.8, 0.6)")
    c.ok("A1 = relu(Z1) * D1 / keep_prob, A2 likewise; Z2, Z3, A3 and the cache follow from them")
    X, _, parameters = _network(9, (3, 4, 2, 1), 12)
    got = c.call(X, parameters, 1.0)
    c.last_call = "forward_propagation_with_dropout(X, parameters, keep_prob=1.0) with X of shape (3, 12)"
    A3, cache = c.same_sequence(got, 2, what="the returned value")
    plain, _ = three_layer.forward_propagation(X, parameters)
    c.same_array(A3, plain, what="A3 with keep_prob=1.0",
                 hint="With keep_prob = 1 every unit is kept and nothing is scaled: A3 is that of the "
                 "forward pass without dropout.")
    c.ok("keep_prob = 1.0 keeps every unit: A3 is that of the plain forward pass")


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
