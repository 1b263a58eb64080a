"""Graders for course1_nn_basics/w4_a1_deep_neural_network_step_by_step.ipynb.

Each check calls the learner's function on inputs of its own (other sizes and depths than the
notebook's examples, so hard-coded shapes or layer counts fail) and compares with the reference
in utils.nn.dense. The backward checks also compare the learner's gradients with central
finite differences of the forward computation (a numerical gradient check).

A function that calls earlier exercises (linear_activation_forward calls linear_forward, ...) is
run with the reference versions of those and of the given helpers (sigmoid, relu,
sigmoid_backward, relu_backward), so each check judges its own exercise; a note says when the
learner's own earlier function does not pass its check yet. The given sigmoid(Z) and relu(Z)
return (A, activation_cache) as the original course's do; the hints say so when a learner
treats them as returning A alone.
"""

import copy

import numpy as np

from utils.grading import Checker, describe, numerical_gradient, relative_difference
from utils.nn import dense

GRADIENT_TOLERANCE = 1e-6

ACTIVATION_API = ("sigmoid(Z) and relu(Z) return two values, the activation A and the activation "
                  "cache (Z itself), as the original course's helpers do: write A, activation_cache "
                  "= relu(Z), not A = relu(Z)")
# Errors that treating sigmoid(Z) or relu(Z) as returning A alone raises, e.g. 1 - sigmoid(Z).
ACTIVATION_API_ERRORS = [
    (TypeError, r"'tuple'", ACTIVATION_API + "."),
    (ValueError, r"(not enough|too many) values to unpack \(expected \d+(, got 2)?\)",
     ACTIVATION_API + "; linear_forward also returns two values, Z and its cache (A_prev, W, b)."),
]

# ---------------------------------------------------------------------------------------------
# Inputs and wrong versions


def _random_parameters(layer_dims, rng):
    """Weights scaled like initialize_parameters_deep and non-zero biases (a missing b shows)."""
    parameters = {}
    for l in range(1, len(layer_dims)):
        n_prev, n = layer_dims[l - 1], layer_dims[l]
        parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)
        parameters[f"b{l}"] = 0.3 * rng.standard_normal((n, 1))
    return parameters


def _seeded(draw):
    """Run draw() right after np.random.seed(1), as the exercises do."""
    np.random.seed(1)
    return draw()


def _init_two_layer_variants(n_x, n_h, n_y):
    randn = np.random.randn

    def unscaled():
        return {"W1": randn(n_h, n_x), "b1": np.zeros((n_h, 1)), "W2": randn(n_y, n_h),
                "b2": np.zeros((n_y, 1))}

    def uniform():
        return {"W1": np.random.rand(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
                "W2": np.random.rand(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}

    def swapped_order():
        W2 = randn(n_y, n_h) * 0.01
        W1 = randn(n_h, n_x) * 0.01
        return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}

    def random_biases():
        W1 = randn(n_h, n_x) * 0.01
        b1 = randn(n_h, 1) * 0.01
        W2 = randn(n_y, n_h) * 0.01
        b2 = randn(n_y, 1) * 0.01
        return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}

    return {
        "the weights are not multiplied by 0.01": _seeded(unscaled),
        "np.random.rand draws uniform numbers in [0, 1); use np.random.randn (standard normal)":
            _seeded(uniform),
        "W2 was drawn before W1; draw W1 first so the seeded numbers land where expected":
            _seeded(swapped_order),
        "the biases were drawn at random; they start at zero with np.zeros((rows, 1))":
            _seeded(random_biases),
    }


def _init_deep_variant(layer_dims, scale, seed=1):
    parameters = {}
    np.random.seed(seed)
    for l in range(1, len(layer_dims)):
        n_prev, n = layer_dims[l - 1], layer_dims[l]
        parameters[f"W{l}"] = np.random.randn(n, n_prev) * scale(n_prev, n)
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


WHY_SCALE = ("divides them by np.sqrt(layer_dims[l-1]), which keeps the signal of a deep network "
             "from fading layer after layer (the exercise text explains why)")
ORIGINAL_SCALE = ("the weights were multiplied by 0.01, as in the original course's version of this "
                  "exercise. This notebook departs from it on purpose: it " + WHY_SCALE)
ORIGINAL_SEED = ("np.random.seed(3) was used, the seed of the original course's version of this "
                 "exercise; this notebook's first line is np.random.seed(1), which the grader and "
                 "the expected output use: keep that line")
ORIGINAL_BOTH = ("that is the original course's version of this exercise: np.random.seed(3), then "
                 "weights multiplied by 0.01. This notebook departs from it on purpose: it keeps "
                 "np.random.seed(1) as the first line and " + WHY_SCALE)


def _init_deep_variants(layer_dims):
    return {
        ORIGINAL_SCALE: _init_deep_variant(layer_dims, lambda n_prev, n: 0.01),
        ORIGINAL_BOTH: _init_deep_variant(layer_dims, lambda n_prev, n: 0.01, seed=3),
        ORIGINAL_SEED: _init_deep_variant(layer_dims, lambda n_prev, n: 1 / np.sqrt(n_prev), seed=3),
        "the weights were divided by sqrt(n[l]), the layer's own size; use the previous layer's "
        "size n[l-1] = layer_dims[l-1]": _init_deep_variant(layer_dims, lambda n_prev, n: 1 / np.sqrt(n)),
        "the weights were divided by n[l-1]; divide by its square root, np.sqrt(layer_dims[l-1])":
            _init_deep_variant(layer_dims, lambda n_prev, n: 1 / n_prev),
        "that is np.sqrt(2 / n[l-1]) (He initialization, Course 2); here use 1 / np.sqrt(n[l-1])":
            _init_deep_variant(layer_dims, lambda n_prev, n: np.sqrt(2 / n_prev)),
        "the weights were not scaled at all; divide them by np.sqrt(layer_dims[l-1])":
            _init_deep_variant(layer_dims, lambda n_prev, n: 1.0),
    }


def _sigmoid(Z):
    return dense.sigmoid(Z)[0]


def _relu(Z):
    return dense.relu(Z)[0]


_ACTIVATIONS = {"sigmoid": _sigmoid, "relu": _relu}
_GIVEN = {"sigmoid": (dense.sigmoid, None), "relu": (dense.relu, None),
          "sigmoid_backward": (dense.sigmoid_backward, None), "relu_backward": (dense.relu_backward, None)}
_ACTIVATION_BACKWARDS = {"sigmoid": dense.sigmoid_backward, "relu": dense.relu_backward}


def _forward(X, parameters, hidden="relu", last="sigmoid", use_bias=True):
    """L_model_forward with configurable activations and biases (for naming wrong versions)."""
    L = len(parameters) // 2
    A = X
    for l in range(1, L + 1):
        Z = parameters[f"W{l}"] @ A + (parameters[f"b{l}"] if use_bias else 0)
        A = _ACTIVATIONS[last if l == L else hidden](Z)
    return A


def _backward(AL, Y, caches, dAL=None, hidden="relu", last="sigmoid"):
    """L_model_backward with a configurable starting gradient and activations."""
    L = len(caches)
    dA = -(Y / AL - (1 - Y) / (1 - AL)) if dAL is None else dAL
    grads = {}
    for l in range(L, 0, -1):
        linear_cache, Z = caches[l - 1]
        dZ = _ACTIVATION_BACKWARDS[last if l == L else hidden](dA, Z)
        dA, dW, db = dense.linear_backward(dZ, linear_cache)
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA, dW, db
    return grads


# ---------------------------------------------------------------------------------------------
# Shared checks


def _same_keys(c, got, expected_keys, what, hint):
    c.same_type(got, dict, what=what)
    missing = [k for k in expected_keys if k not in got]
    if missing:
        c.fail(f"{what} is missing the key(s) {', '.join(map(repr, missing))}",
               expected="keys " + ", ".join(map(repr, expected_keys)),
               got="keys " + ", ".join(map(repr, got)), hint=hint)


def _same_linear_cache(c, cache, A, W, b, what="the cache"):
    hint = "The linear cache is the tuple (A, W, b), in this order: the backward pass reads it back."
    if not isinstance(cache, (tuple, list)) or len(cache) != 3:
        c.fail(f"{what} should be the tuple (A, W, b)", got=describe(cache), hint=hint)
    for item, expected, name in zip(cache, (A, W, b), ("A", "W", "b")):
        c.same_array(item, expected, what=f"{what}: its entry for {name}", hint=hint)


def _same_layer_cache(c, cache, A_prev, W, b, Z, A, what="the cache"):
    hint = ("The cache of a layer is (linear_cache, activation_cache): the (A_prev, W, b) of "
            "linear_forward and Z, the input of the activation.")
    if not isinstance(cache, (tuple, list)) or len(cache) != 2:
        c.fail(f"{what} should be a pair (linear_cache, activation_cache)", got=describe(cache),
               hint=hint)
    _same_linear_cache(c, cache[0], A_prev, W, b, what=f"{what}[0] (the linear cache)")
    c.same_array(cache[1], Z, what=f"{what}[1] (the activation cache)", hint=hint, mistakes={
        "the activation cache holds A, the activation's output; it must hold Z, its input": A,
    })


def _gradient_check(c, pairs, what):
    """Compare (name, learner's gradient, numerical gradient) triples; fail on the first mismatch."""
    for name, got, numerical in pairs:
        difference = relative_difference(got, numerical)
        if not difference < GRADIENT_TOLERANCE:
            c.fail(f"{name} does not match a numerical gradient check of {what} "
                   f"(relative difference {difference:.2e}, allowed {GRADIENT_TOLERANCE:.0e})",
                   expected=describe(numerical), got=describe(got),
                   hint="Compare your formula with the derivative of the forward computation.")


def _layer_numerical_gradients(A_prev, W, b, dA, g):
    """Finite-difference (dA_prev, dW, db) of one layer A = g(W A_prev + b).

    The layer's contribution to the cost is taken as sum(dA * A) / m, so dW and db are the
    gradients of that mean and dA_prev the per-example gradient (m times the mean's).
    """
    m = A_prev.shape[1]

    def total(A_prev_, W_, b_):
        return np.sum(dA * g(W_ @ A_prev_ + b_))

    return (numerical_gradient(lambda x: total(x, W, b), A_prev.copy()),
            numerical_gradient(lambda x: total(A_prev, x, b), W.copy()) / m,
            numerical_gradient(lambda x: total(A_prev, W, x), b.copy()) / m)


def _network_numerical_gradients(parameters, X, Y):
    """Finite-difference gradients of the cost of L_model_forward: {"dW1", "db1", ..., "dX"}."""
    def cost(params, X_):
        return dense.compute_cost(dense.L_model_forward(X_, params)[0], Y)

    def cost_of(key):
        def f(value):
            return cost({**parameters, key: value}, X)
        return f

    numerical = {f"d{key}": numerical_gradient(cost_of(key), value.copy())
                 for key, value in parameters.items()}
    numerical["dX"] = numerical_gradient(lambda x: cost(parameters, x), X.copy())
    return numerical


def _gradient_step(params, grads, sign, rate, update_b=True):
    out = {}
    for l in range(1, len(params) // 2 + 1):
        out[f"W{l}"] = params[f"W{l}"] + sign * rate * grads[f"dW{l}"]
        out[f"b{l}"] = params[f"b{l}"] + (sign * rate * grads[f"db{l}"] if update_b else 0)
    return out


def _as_triple(c, got, names):
    return c.same_sequence(got, 3, what=f"the returned value (should be {names})")


def _not_a_pair_from_the_activation(c, A, expected, what):
    """Fail with the API hint when A is the pair (A, Z) that sigmoid(Z) or relu(Z) returns."""
    if isinstance(A, tuple) and len(A) == 2 and np.shape(A[0]) == np.shape(expected):
        c.fail(f"{what} is a pair of arrays, not an array", got=describe(A),
               hint=ACTIVATION_API + ".")


# ---------------------------------------------------------------------------------------------
# Initialization


def check_initialize_parameters(initialize_parameters):
    c = Checker(initialize_parameters, "initialize_parameters")
    for sizes in [(4, 3, 2), (6, 5, 1)]:
        expected = dense.initialize_parameters(*sizes)
        got = c.call(*sizes)
        _same_keys(c, got, expected, f"initialize_parameters{sizes}",
                   hint='Return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}.')
        c.same_dict(got, expected, what=f"initialize_parameters{sizes}",
                    mistakes=_init_two_layer_variants(*sizes),
                    hint="Keep np.random.seed(1) as the first line, then draw W1 and W2 (in that "
                    "order) with np.random.randn(rows, columns) * 0.01.")
    c.ok("W1, b1, W2, b2 have the right shapes and values for sizes (4, 3, 2) and (6, 5, 1)")
    c.done()


def check_initialize_parameters_deep(initialize_parameters_deep):
    c = Checker(initialize_parameters_deep, "initialize_parameters_deep")
    for layer_dims in ([6, 4, 3, 1], [5, 2]):
        expected = dense.initialize_parameters_deep(layer_dims)
        got = c.call(list(layer_dims))
        what = f"initialize_parameters_deep({layer_dims})"
        _same_keys(c, got, expected, what,
                   hint="One W and one b per layer l = 1 ... L, where L = len(layer_dims) - 1: "
                   "loop over range(1, len(layer_dims)) and read the sizes from layer_dims.")
        c.same_dict(got, expected, what=what, mistakes=_init_deep_variants(layer_dims),
                    hint="Keep np.random.seed(1) first, then for l = 1 ... L draw "
                    "np.random.randn(layer_dims[l], layer_dims[l-1]) / np.sqrt(layer_dims[l-1]).")
    c.ok("one (W, b) pair per layer, right shapes and scale, for 3 layers and for 1 layer")
    c.done()


# ---------------------------------------------------------------------------------------------
# Forward propagation


def check_linear_forward(linear_forward):
    c = Checker(linear_forward, "linear_forward")
    rng = np.random.default_rng(41)
    for n_prev, n, m in [(5, 3, 7), (2, 4, 1)]:
        A = rng.standard_normal((n_prev, m))
        W = rng.standard_normal((n, n_prev))
        b = rng.standard_normal((n, 1))
        Z, cache = c.same_sequence(c.call(A, W, b), 2, what="the returned value (should be Z, cache)")
        c.same_array(Z, W @ A + b, what="Z", mistakes={
            "the bias is missing: Z = W A + b": W @ A,
            "b was subtracted; Z = W A + b": W @ A - b,
        })
        _same_linear_cache(c, cache, A, W, b)
    c.ok("Z = W A + b for W of shape (3, 5), A of shape (5, 7) and for a single example")
    c.ok("the cache is (A, W, b)")
    c.done()


def check_linear_activation_forward(linear_activation_forward):
    c = Checker(linear_activation_forward, "linear_activation_forward",
                uses={"linear_forward": (dense.linear_forward, check_linear_forward), **_GIVEN},
                error_hints=ACTIVATION_API_ERRORS)
    rng = np.random.default_rng(42)
    A_prev = rng.standard_normal((4, 6))
    W = rng.standard_normal((3, 4)) / 2
    b = rng.standard_normal((3, 1))
    Z = W @ A_prev + b
    for activation, other in (("sigmoid", "relu"), ("relu", "sigmoid")):
        g = _ACTIVATIONS[activation]
        result = c.call(A_prev, W, b, activation)
        A, cache = c.same_sequence(result, 2, what="the returned value (should be A, cache)")
        _not_a_pair_from_the_activation(c, A, g(Z), f"A for activation={activation!r}")
        c.same_array(A, g(Z), what=f"A for activation={activation!r}", mistakes={
            f"that is the {other} of Z; activation={activation!r} asks for the {activation}":
                _ACTIVATIONS[other](Z),
            "the activation was not applied: that is Z itself": Z,
            "the bias is missing from Z": g(W @ A_prev),
        }, hint="Z, linear_cache = linear_forward(A_prev, W, b), then A, activation_cache = "
            "sigmoid(Z) or relu(Z) as `activation` says.")
        _same_layer_cache(c, cache, A_prev, W, b, Z, g(Z))
    c.ok("sigmoid and relu layers: right A and cache ((A_prev, W, b), Z)")
    c.done()


def check_L_model_forward(L_model_forward):
    c = Checker(L_model_forward, "L_model_forward", uses={
        "linear_activation_forward": (dense.linear_activation_forward, check_linear_activation_forward),
        "linear_forward": (dense.linear_forward, check_linear_forward),
        **_GIVEN,
    }, error_hints=ACTIVATION_API_ERRORS)
    rng = np.random.default_rng(43)
    for layer_dims, m in (([5, 4, 3, 1], 6), ([7, 6, 5, 4, 1], 3)):
        L = len(layer_dims) - 1
        parameters = _random_parameters(layer_dims, rng)
        X = rng.standard_normal((layer_dims[0], m))
        expected_AL, expected_caches = dense.L_model_forward(X, parameters)
        result = c.call(X, parameters)
        AL, caches = c.same_sequence(result, 2, what="the returned value (should be AL, caches)")
        _not_a_pair_from_the_activation(c, AL, expected_AL, f"AL for a {L}-layer network")
        c.same_array(AL, expected_AL, what=f"AL for a {L}-layer network", mistakes={
            "every layer uses ReLU, the output layer too; layer L is LINEAR -> SIGMOID":
                _forward(X, parameters, last="relu"),
            "every layer uses the sigmoid; layers 1 to L-1 are LINEAR -> RELU":
                _forward(X, parameters, hidden="sigmoid"),
            "the biases were left out": _forward(X, parameters, use_bias=False),
        }, hint="Read the depth from the parameters, L = len(parameters) // 2: ReLU for "
            "layers 1 ... L-1, then the sigmoid for layer L, each layer taking the previous A.")
        if not isinstance(caches, (list, tuple)) or len(caches) != L:
            c.fail(f"caches should be a list of {L} layer caches for a {L}-layer network",
                   got=describe(caches),
                   hint="Append the cache of every layer, the output layer included.")
        for l, (cache, expected) in enumerate(zip(caches, expected_caches), start=1):
            (A_prev, W, b), Z = expected
            _same_layer_cache(c, cache, A_prev, W, b, Z, _ACTIVATIONS["sigmoid" if l == L else "relu"](Z),
                              what=f"caches[{l - 1}] (layer {l})")
    c.ok("AL right for networks of 3 and 4 layers (depth read from the parameters)")
    c.ok("one cache per layer, in order, layer 1 first")
    c.done()


def check_compute_cost(compute_cost):
    c = Checker(compute_cost, "compute_cost")
    rng = np.random.default_rng(44)
    cases = [(rng.uniform(0.05, 0.95, (1, 8)), rng.integers(0, 2, (1, 8)).astype(float)),
             (np.array([[0.3, 0.65, 0.9]]), np.array([[1.0, 1.0, 0.0]]))]
    for AL, Y in cases:
        m = Y.shape[1]
        losses = Y * np.log(AL) + (1 - Y) * np.log(1 - AL)
        expected = -np.sum(losses) / m
        c.same_scalar(c.call(AL, Y), expected, what=f"the cost for m = {m}", mistakes={
            "the sign is flipped: the cost is -(1/m) sum(...)": -expected,
            "that is the sum over examples; divide by m for the mean": expected * m,
            "the (1 - Y) log(1 - AL) term is missing": -np.sum(Y * np.log(AL)) / m,
            "the Y log(AL) term is missing": -np.sum((1 - Y) * np.log(1 - AL)) / m,
        })
    c.ok("cross-entropy cost right for m = 8 and m = 3, returned as a number")
    c.done()


# ---------------------------------------------------------------------------------------------
# Backward propagation


def check_linear_backward(linear_backward):
    c = Checker(linear_backward, "linear_backward")
    rng = np.random.default_rng(45)
    for n_prev, n, m in [(3, 3, 5), (4, 2, 6)]:
        A_prev = rng.standard_normal((n_prev, m))
        W = rng.standard_normal((n, n_prev))
        b = rng.standard_normal((n, 1))
        dZ = rng.standard_normal((n, m))
        result = c.call(dZ, (A_prev, W, b))
        dA_prev, dW, db = _as_triple(c, result, "dA_prev, dW, db")
        mistakes = {"dA_prev was divided by m; only dW and db carry the 1/m": W.T @ dZ / m}
        if n_prev == n:
            mistakes["W was not transposed: dA_prev = W^T dZ"] = W @ dZ
        c.same_array(dA_prev, W.T @ dZ, what="dA_prev", mistakes=mistakes,
                     hint="dA_prev = W^T dZ, of shape (n[l-1], m).")
        c.same_array(dW, dZ @ A_prev.T / m, what="dW", mistakes={
            "the 1/m is missing from dW": dZ @ A_prev.T,
            "A_prev was used where dZ belongs: dW = (1/m) dZ A_prev^T": (A_prev @ dZ.T / m).T,
        }, hint="dW = (1/m) dZ A_prev^T, of the shape of W.")
        c.same_array(db, np.sum(dZ, axis=1, keepdims=True) / m, what="db", mistakes={
            "db is the sum of dZ without the 1/m": np.sum(dZ, axis=1, keepdims=True),
        }, hint="db = (1/m) times the sum of dZ over the examples (axis=1, keepdims=True).")
        numerical = _layer_numerical_gradients(A_prev, W, b, dZ, lambda Z: Z)
        _gradient_check(c, zip(("dA_prev", "dW", "db"), (dA_prev, dW, db), numerical),
                        "Z = W A_prev + b")
    c.ok("dA_prev, dW and db right for two layer shapes")
    c.ok("numerical gradient check of dW, db, dA_prev passed")
    c.done()


def check_linear_activation_backward(linear_activation_backward):
    c = Checker(linear_activation_backward, "linear_activation_backward",
                uses={"linear_backward": (dense.linear_backward, check_linear_backward), **_GIVEN},
                error_hints=ACTIVATION_API_ERRORS)
    rng = np.random.default_rng(46)
    cases = [("relu", (3, 3, 6)), ("sigmoid", (3, 3, 6)), ("relu", (5, 2, 4)), ("sigmoid", (2, 4, 3))]
    for activation, (n_prev, n, m) in cases:
        other = "sigmoid" if activation == "relu" else "relu"
        A_prev = rng.standard_normal((n_prev, m))
        W = rng.standard_normal((n, n_prev))
        b = rng.standard_normal((n, 1))
        dA = rng.standard_normal((n, m))
        Z = W @ A_prev + b
        linear_cache = (A_prev, W, b)
        backward = _ACTIVATION_BACKWARDS[activation]
        wrong = {
            f"the {other} gradient was used; activation={activation!r} needs {backward.__name__}":
                dense.linear_backward(_ACTIVATION_BACKWARDS[other](dA, Z), linear_cache),
            "the activation's gradient is missing: dZ = dA passes through unchanged":
                dense.linear_backward(dA, linear_cache),
        }
        if activation == "relu":
            wrong["the ReLU gradient was masked where dA > 0; it keeps dA where Z > 0"] = \
                dense.linear_backward(np.where(dA > 0, dA, 0.0), linear_cache)
        else:
            wrong["sigmoid_backward was given the activation's output A; it needs Z, the "
                  "activation cache"] = dense.linear_backward(dense.sigmoid_backward(dA, _sigmoid(Z)),
                                                              linear_cache)
        if n_prev == n:
            wrong[f"{backward.__name__} was given A_prev; it needs Z, the activation cache"] = \
                dense.linear_backward(backward(dA, A_prev), linear_cache)
        expected = dense.linear_backward(backward(dA, Z), linear_cache)
        result = c.call(dA, (linear_cache, Z), activation)
        got = _as_triple(c, result, "dA_prev, dW, db")
        for index, name in enumerate(("dA_prev", "dW", "db")):
            c.same_array(got[index], expected[index], what=f"{name} for activation={activation!r}",
                         mistakes={label: values[index] for label, values in wrong.items()},
                         hint="dZ = relu_backward(dA, Z) or sigmoid_backward(dA, Z) with Z the "
                         "activation cache, then linear_backward(dZ, linear_cache). If "
                         "linear_backward passed its check, look at dZ.")
        numerical = _layer_numerical_gradients(A_prev, W, b, dA, _ACTIVATIONS[activation])
        _gradient_check(c, zip(("dA_prev", "dW", "db"), got, numerical),
                        f"A = {activation}(W A_prev + b)")
    c.ok("relu and sigmoid layers: dA_prev, dW and db right for several shapes")
    c.ok("numerical gradient check of both activations passed")
    c.done()


def check_L_model_backward(L_model_backward):
    c = Checker(L_model_backward, "L_model_backward", uses={
        "linear_activation_backward": (dense.linear_activation_backward, check_linear_activation_backward),
        "linear_backward": (dense.linear_backward, check_linear_backward),
        **_GIVEN,
    }, error_hints=ACTIVATION_API_ERRORS)
    rng = np.random.default_rng(47)
    for layer_dims, m in (([5, 4, 3, 1], 6), ([3, 4, 1], 5)):
        L = len(layer_dims) - 1
        parameters = _random_parameters(layer_dims, rng)
        X = rng.standard_normal((layer_dims[0], m))
        Y = np.array([[1.0, 0.0] * m])[:, :m]
        AL, caches = dense.L_model_forward(X, parameters)
        expected = dense.L_model_backward(AL, Y, caches)
        grads = c.call(AL, Y, caches)
        _same_keys(c, grads, expected, f"grads for a {L}-layer network",
                   hint="For layer l store dA_prev under 'dA{l-1}', dW under 'dW{l}' and db under "
                   "'db{l}', for l = L down to 1 (L = len(caches)).")
        dAL = -(Y / AL - (1 - Y) / (1 - AL))
        c.same_dict(grads, expected, what="grads", mistakes={
            "dAL has the wrong sign: dAL = -(Y / AL - (1 - Y) / (1 - AL))":
                _backward(AL, Y, caches, dAL=-dAL),
            "AL - Y is dZ of the output layer, not dAL; start from dAL = -(Y / AL - (1 - Y) / "
            "(1 - AL)) and let sigmoid_backward do the rest": _backward(AL, Y, caches, dAL=AL - Y),
            "the output layer was differentiated as a ReLU; layer L is a sigmoid":
                _backward(AL, Y, caches, last="relu"),
            "every layer was differentiated as a sigmoid; layers 1 to L-1 are ReLU":
                _backward(AL, Y, caches, hidden="sigmoid"),
        }, hint="Go from layer L down to layer 1, each layer using its own cache caches[l-1] and "
            "the dA that the layer above produced.")
        numerical = _network_numerical_gradients(parameters, X, Y)
        pairs = [(f"grads[{key!r}]", grads[key], numerical[key]) for key in numerical if key != "dX"]
        pairs.append(("grads['dA0'] / m", grads["dA0"] / m, numerical["dX"]))
        _gradient_check(c, pairs, "the cross-entropy cost of L_model_forward")
    c.ok("every dA, dW and db right for networks of 3 and 2 layers")
    c.ok("numerical gradient check of the cost passed for every parameter and the input")
    c.done()


# ---------------------------------------------------------------------------------------------
# Update


def check_update_parameters(update_parameters):
    c = Checker(update_parameters, "update_parameters")
    rng = np.random.default_rng(48)
    for layer_dims, learning_rate in (([4, 3, 2, 1], 0.1), ([3, 5, 1], 1.2)):
        L = len(layer_dims) - 1
        params = _random_parameters(layer_dims, rng)
        grads = {}
        for l in range(1, L + 1):
            grads[f"dW{l}"] = rng.standard_normal(params[f"W{l}"].shape)
            grads[f"db{l}"] = rng.standard_normal(params[f"b{l}"].shape)
            grads[f"dA{l - 1}"] = rng.standard_normal((layer_dims[l - 1], 2))
        saved = copy.deepcopy(params)
        expected = dense.update_parameters(params, grads, learning_rate)
        got = c.call(params, grads, learning_rate, mutation_ok=(0, "params"))
        changed = [k for k in saved if k not in params or not np.array_equal(params[k], saved[k])]
        if changed or len(params) != len(saved):
            c.fail(f"changed the caller's `params` in place (the arrays {', '.join(changed)})",
                   hint="`parameters = params.copy()` copies the dictionary but not its arrays, so "
                   "`parameters['W1'] -= ...` still changes the caller's W1. Use "
                   "copy.deepcopy(params), or make new arrays: W - learning_rate * dW.")

        _same_keys(c, got, expected, f"the parameters returned for a {L}-layer network",
                   hint="Update every W{l} and b{l} for l = 1 ... L, with L = len(params) // 2.")
        c.same_dict(got, expected, what="the returned parameters", mistakes={
            "the step goes uphill: subtract learning_rate * gradient":
                _gradient_step(params, grads, +1, learning_rate),
            "learning_rate is not used: multiply the gradients by it":
                _gradient_step(params, grads, -1, 1.0),
            "the biases were not updated": _gradient_step(params, grads, -1, learning_rate, update_b=False),
        })
    c.ok("every W and b updated with the learning rate, for 3 and 2 layers")
    c.ok("the caller's params are left unchanged")
    c.done()
