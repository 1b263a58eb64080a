"""Graders for course2_improving_dnn/w3_a1_tensorflow_introduction.ipynb.

TensorFlow values are checked in layers: the kind of object (tf.Tensor or tf.Variable), the
shape, the dtype, then the values against a reference computed here. The forward pass and the
loss are called on the grader's own sizes (other layer widths, classes and batch sizes than the
notebook's) and must let GradientTape reach every parameter.

linear_function accepts the notebook's seeding (the generator np.random.default_rng(1) given in
the function) and the original course's (np.random.seed(1), then np.random.randn), and names a
mistake made with either. No check builds Keras layers or models, so the learner's own models
keep their plain automatic names.
"""

import numpy as np

from utils.grading import Checker, describe, same_tensor


def _tf():
    from utils.notebook import import_tensorflow

    return import_tensorflow()


def _relu(x):
    return np.maximum(x, 0)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


SHAPES = {"X": (3, 1), "W": (4, 3), "b": (4, 1)}
SEEDINGS = {"generator": "with the generator rng = np.random.default_rng(1) given in the function",
            "legacy": "after np.random.seed(1) with np.random.randn, as in the original course"}


def _draws(seeding, order=("X", "W", "b")):
    """X, W and b drawn in `order` from a standard normal distribution seeded with 1, the way the
    notebook does ("generator": np.random.default_rng(1)) or the way the original course did
    ("legacy": np.random.seed(1) then np.random.randn; here a RandomState of its own, which draws
    the same numbers and leaves NumPy's global state alone)."""
    if seeding == "generator":
        draw = np.random.default_rng(1).standard_normal
    else:
        legacy = np.random.RandomState(1)

        def draw(shape):
            return legacy.randn(*shape)
    return {name: draw(SHAPES[name]) for name in order}


def _linear(drawn, variant=None):
    X, W, b = drawn["X"], drawn["W"], drawn["b"]
    return {"no bias": W @ X, "bias subtracted": W @ X - b}.get(variant, W @ X + b)


def check_linear_function(linear_function):
    c = Checker(linear_function, "linear_function")
    result = c.call()
    # Either seeding gives a right answer: the notebook's generator, or the original course's
    # np.random.seed(1) + np.random.randn. The values tell which one the learner used.
    expected = {seeding: _linear(_draws(seeding)) for seeding in SEEDINGS}
    chosen = "generator"
    try:
        if np.allclose(np.asarray(result, dtype=float), expected["legacy"]):
            chosen = "legacy"
    except (TypeError, ValueError):
        pass
    mistakes = {}
    for seeding, how in SEEDINGS.items():
        drawn = _draws(seeding)
        mistakes[f"b is missing: Y = WX + b (numbers drawn {how})"] = _linear(drawn, "no bias")
        mistakes[f"b was subtracted: Y = WX + b (numbers drawn {how})"] = _linear(drawn, "bias subtracted")
        for order in (("W", "X", "b"), ("b", "W", "X"), ("W", "b", "X")):
            mistakes[f"the arrays were drawn in another order than X, W, b (here {', '.join(order)}, "
                     f"{how})"] = _linear(_draws(seeding, order))
    same_tensor(c, result, expected[chosen], dtype="float64", what="Y", mistakes=mistakes,
                hint="Draw X (3, 1), then W (4, 3), then b (4, 1) from a standard normal distribution "
                "with the generator rng given in the function (rng.standard_normal), and compute "
                "tf.matmul(W, X) + b. The original course's np.random.seed(1) followed by "
                "np.random.randn(...) is accepted too; your numbers come from neither.")
    c.ok("Y = WX + b is a float64 tf.Tensor of shape (4, 1) with the right values"
         + (" (drawn after np.random.seed(1), as in the original course)" if chosen == "legacy" else ""))
    c.done()


def check_sigmoid(sigmoid):
    tf = _tf()
    c = Checker(sigmoid, "sigmoid")
    for z in (-1, 0, 12.0):
        expected = np.float32(_sigmoid(float(z)))
        same_tensor(c, c.call(z), expected, what=f"sigmoid({z})", mistakes={
            "the sign of the exponent is flipped (that is 1 - sigmoid(z)): sigmoid(z) = 1 / (1 + exp(-z))":
                _sigmoid(-float(z)),
        }, hint="Cast z to tf.float32 first, then apply tf.keras.activations.sigmoid.")
    c.ok("sigmoid(-1), sigmoid(0) and sigmoid(12.0) are float32 tensors with the right values")
    z = tf.constant([-2.5, 0.3, 4.0, -0.7], dtype=tf.float64)
    values = np.array([-2.5, 0.3, 4.0, -0.7])
    same_tensor(c, c.call(z), _sigmoid(values).astype(np.float32), what="sigmoid(float64 tensor)",
                mistakes={
                    "the sign of the exponent is flipped (that is 1 - sigmoid(z)): sigmoid(z) = "
                    "1 / (1 + exp(-z))": _sigmoid(-values),
                    "that is tanh(z), not the sigmoid": np.tanh(values),
                }, hint="Cast z to tf.float32 with tf.cast(z, tf.float32) before applying the sigmoid.")
    c.ok("a float64 tensor of shape (4,) is cast to float32 and squashed entry by entry")
    c.done()


def check_one_hot_matrix(one_hot_matrix):
    tf = _tf()
    c = Checker(one_hot_matrix, "one_hot_matrix")
    cases = [(tf.constant(3, dtype=tf.int64), 6), (tf.constant(0, dtype=tf.int64), 4),
             (tf.constant([2], dtype=tf.int64), 5)]
    for label, depth in cases:
        index = int(np.asarray(label).reshape(-1)[0])
        expected = np.eye(depth, dtype=np.float32)[index]
        got = c.call(label, depth)
        if hasattr(got, "shape") and tuple(got.shape) != (depth,) and np.size(got) == depth:
            c.fail(f"the result has shape {tuple(got.shape)}; expected ({depth},), a single vector",
                   hint=f"Reshape the one-hot tensor with tf.reshape(..., ({depth},)): the training data "
                   "needs one vector of length depth per label, not a matrix.")
        same_tensor(c, got, expected, what=f"one_hot_matrix(label={index}, depth={depth})",
                    hint="Use tf.one_hot(label, depth, axis=0), then reshape to (depth,). Use the "
                    "depth argument, not a fixed 6.")
    c.ok("labels 3 (depth 6), 0 (depth 4) and [2] (depth 5) give float32 vectors of shape (depth,)")
    c.done()


LAYER_SHAPES = {"W1": (25, 12288), "b1": (25, 1), "W2": (12, 25), "b2": (12, 1), "W3": (6, 12),
                "b3": (6, 1)}


def check_initialize_parameters(initialize_parameters):
    tf = _tf()
    c = Checker(initialize_parameters, "initialize_parameters")
    parameters = c.call()
    if not isinstance(parameters, dict):
        c.fail("the result should be a dict of parameters", got=describe(parameters),
               hint="Return {'W1': W1, 'b1': b1, ..., 'b3': b3}.")
    missing = [key for key in LAYER_SHAPES if key not in parameters]
    if missing:
        c.fail(f"the dictionary is missing the key(s) {', '.join(map(repr, missing))}",
               expected="keys " + ", ".join(map(repr, LAYER_SHAPES)),
               got="keys " + ", ".join(map(repr, parameters)))
    for key, shape in LAYER_SHAPES.items():
        value = parameters[key]
        if not isinstance(value, tf.Variable):
            same_tensor(c, value, np.zeros(shape, np.float32), what=f"parameters[{key!r}]", variable=True)
        if tuple(value.shape) != shape:
            transposed = tuple(value.shape) == shape[::-1]
            c.fail(f"parameters[{key!r}] has shape {tuple(value.shape)}; expected {shape}",
                   hint="The shape is transposed: W[l] has shape (n[l], n[l-1])." if transposed else
                   "W[l] has shape (n[l], n[l-1]) and b[l] shape (n[l], 1), with n = 12288, 25, 12, 6.")
        if value.dtype.name != "float32":
            c.fail(f"parameters[{key!r}] has dtype {value.dtype.name}; expected float32")
        if not np.all(np.isfinite(np.asarray(value))):
            c.fail(f"parameters[{key!r}] holds values that are not finite")
    c.ok("six tf.Variables of dtype float32: W1 (25, 12288), b1 (25, 1), W2 (12, 25), b2 (12, 1), "
         "W3 (6, 12), b3 (6, 1)")
    for key, tolerance in (("W1", 0.05), ("W2", 0.25), ("W3", 0.5)):
        weights = np.asarray(parameters[key], dtype=float)
        fan_out, fan_in = weights.shape
        glorot = np.sqrt(2.0 / (fan_in + fan_out))
        std = weights.std()
        if std == 0:
            c.fail(f"{key} is constant (all entries equal {weights.flat[0]:.4g})",
                   hint="Every unit of a layer would then compute the same thing and learn the same "
                   "update: draw the weights with keras.initializers.GlorotNormal(seed=1).")
        if abs(std / glorot - 1) > tolerance:
            c.fail(f"the entries of {key} have a standard deviation of {std:.4g}; Glorot initialization "
                   f"gives about sqrt(2 / (fan_in + fan_out)) = {glorot:.4g}",
                   hint="Use initializer = keras.initializers.GlorotNormal(seed=1) and "
                   f"tf.Variable(initializer(shape={weights.shape})); plain standard normal numbers "
                   "are far too large.")
    c.ok("the weights have the spread of Glorot initialization, sqrt(2 / (fan_in + fan_out))")
    c.done()


def _grader_parameters(rng, sizes):
    """Parameters for a network of the grader's own layer sizes, as float32 tf.Variables."""
    tf = _tf()
    parameters = {}
    for layer in range(1, len(sizes)):
        parameters[f"W{layer}"] = rng.standard_normal((sizes[layer], sizes[layer - 1])) * 0.7
        parameters[f"b{layer}"] = rng.standard_normal((sizes[layer], 1)) * 0.3
    return {k: tf.Variable(v.astype(np.float32), name=k) for k, v in parameters.items()}


def _forward(X, p, relu1=True, relu2=True, relu3=False):
    """Reference LINEAR-RELU-LINEAR-RELU-LINEAR, with switches for the known mistakes."""
    def act(z, on):
        return _relu(z) if on else z

    A1 = act(p["W1"] @ X + p["b1"], relu1)
    A2 = act(p["W2"] @ A1 + p["b2"], relu2)
    return act(p["W3"] @ A2 + p["b3"], relu3)


def check_forward_propagation(forward_propagation):
    tf = _tf()
    c = Checker(forward_propagation, "forward_propagation")
    rng = np.random.default_rng(5)
    sizes = (10, 7, 5, 4)
    m = 9
    parameters = _grader_parameters(rng, sizes)
    X = tf.constant(rng.standard_normal((sizes[0], m)).astype(np.float32))
    p = {k: np.asarray(v, dtype=float) for k, v in parameters.items()}
    x = np.asarray(X, dtype=float)
    with tf.GradientTape() as tape:
        Z3 = c.call(X, parameters)
    same_tensor(c, Z3, _forward(x, p), what="Z3", rtol=1e-4, atol=1e-5, mistakes={
        "the ReLU after the first layer is missing (A1 = relu(Z1))": _forward(x, p, relu1=False),
        "the ReLU after the second layer is missing (A2 = relu(Z2))": _forward(x, p, relu2=False),
        "the output went through a ReLU: return the logits Z3 themselves; the loss applies the "
        "softmax": _forward(x, p, relu3=True),
        "the biases are missing": _forward(x, {**p, "b1": 0, "b2": 0, "b3": 0}),
    }, hint="Z1 = W1 X + b1, A1 = relu(Z1), Z2 = W2 A1 + b2, A2 = relu(Z2), Z3 = W3 A2 + b3, with "
            "tf.linalg.matmul, tf.math.add and tf.keras.activations.relu.")
    c.ok(f"a network of sizes {sizes} on {m} examples: Z3 is a float32 tensor of shape (4, 9), "
         "right values")
    gradients = tape.gradient(Z3, list(parameters.values()))
    lost = [k for k, g in zip(parameters, gradients) if g is None]
    if lost:
        c.fail(f"GradientTape cannot reach {', '.join(lost)} from Z3",
               hint="Use the variables of `parameters` directly in TensorFlow operations; converting "
               "them with .numpy() or np.array cuts the tape.")
    c.ok("GradientTape reaches every parameter from Z3")
    c.done()


def _total_loss(logits, labels, from_logits=True, mean=False, swap=False, transpose=True):
    """Reference sum (or mean) of categorical cross-entropy over the examples, plus mistakes."""
    tf = _tf()
    y_true, y_pred = (logits, labels) if swap else (labels, logits)
    if transpose:
        y_true, y_pred = tf.transpose(y_true), tf.transpose(y_pred)
    losses = tf.keras.losses.categorical_crossentropy(y_true, y_pred, from_logits=from_logits)
    total = tf.reduce_mean(losses) if mean else tf.reduce_sum(losses)
    return np.asarray(total, dtype=float)


def check_compute_total_loss(compute_total_loss):
    tf = _tf()
    c = Checker(compute_total_loss, "compute_total_loss")
    rng = np.random.default_rng(11)
    classes, m = 4, 7
    logits = tf.constant((rng.standard_normal((classes, m)) * 2).astype(np.float32))
    labels = tf.constant(np.eye(classes, dtype=np.float32)[:, rng.integers(0, classes, m)])
    expected = _total_loss(logits, labels)
    got = c.call(logits, labels)
    same_tensor(c, got, expected, what="the total loss", rtol=1e-4, atol=1e-5, mistakes={
        "that is the mean over the examples; the total loss is their sum (the model divides by m "
        "once per epoch)": _total_loss(logits, labels, mean=True),
        "labels and logits are swapped: categorical_crossentropy(y_true, y_pred) takes the labels "
        "first": _total_loss(logits, labels, swap=True),
        "the logits were treated as probabilities: pass from_logits=True":
            _total_loss(logits, labels, from_logits=False),
        "the inputs were not transposed: Keras losses want one example per row, shape (m, classes)":
            _total_loss(logits, labels, transpose=False),
    }, hint="total_loss = tf.reduce_sum(tf.keras.losses.categorical_crossentropy(tf.transpose(labels), "
            "tf.transpose(logits), from_logits=True)).")
    c.ok(f"{classes} classes, {m} examples: a float32 scalar tensor equal to the summed cross-entropy")
    single = _total_loss(logits[:, :1], labels[:, :1])
    same_tensor(c, c.call(logits[:, :1], labels[:, :1]), single, what="the loss of one example",
                rtol=1e-4, atol=1e-5)
    c.ok("works on a batch of one example")
    c.done()
