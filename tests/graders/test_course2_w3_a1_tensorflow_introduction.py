"""Graders of course2_improving_dnn/w3_a1 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions (wrong types, dtypes, shapes, signs, axes, reductions) are rejected with
the mistake named where it is a known one."""

import textwrap

import numpy as np
from helpers import exercises, passes
from helpers import rejects as _rejects

from utils.graders.course2_improving_dnn import w3_a1_tensorflow_introduction as grader
from utils.notebook import import_tensorflow

tf = import_tensorflow()
import keras  # noqa: E402  (after TensorFlow's quiet import)

NOTEBOOK = "course2_improving_dnn/w3_a1_tensorflow_introduction.ipynb"


def rejects(check, fn, *fragments):
    """helpers.rejects, with the fragments looked for in the message as one line: messages are
    wrapped at word boundaries, so a fragment may straddle a line break."""
    message = " ".join(_rejects(check, fn).split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in message, f"{fragment!r} not in:\n{message}"
    return message


def _draws(order=("X", "W", "b")):
    rng = np.random.default_rng(1)
    shapes = {"X": (3, 1), "W": (4, 3), "b": (4, 1)}
    return {name: rng.standard_normal(shapes[name]) for name in order}


def test_linear_function_wrong_versions():
    def numpy_result():
        d = _draws()
        return d["W"] @ d["X"] + d["b"]

    def no_bias():
        d = _draws()
        return tf.linalg.matmul(tf.constant(d["W"]), tf.constant(d["X"]))

    def other_order():
        d = _draws(("W", "X", "b"))
        return tf.constant(d["W"]) @ tf.constant(d["X"]) + tf.constant(d["b"])

    def float32():
        d = _draws()
        return tf.constant((d["W"] @ d["X"] + d["b"]).astype(np.float32))

    def elementwise():
        d = _draws()
        return tf.constant(d["W"]) * tf.constant(d["X"]).numpy().T + tf.constant(d["b"])

    rejects(grader.check_linear_function, numpy_result, "should be a tf.Tensor, not a NumPy array")
    rejects(grader.check_linear_function, no_bias, "b is missing")
    rejects(grader.check_linear_function, other_order, "another order than X, W, b")
    rejects(grader.check_linear_function, float32, "dtype float32; expected float64")
    rejects(grader.check_linear_function, elementwise, "shape (4, 3); expected (4, 1)")


def _legacy_draws(order=("X", "W", "b")):
    np.random.seed(1)
    shapes = {"X": (3, 1), "W": (4, 3), "b": (4, 1)}
    return {name: np.random.randn(*shapes[name]) for name in order}


def test_linear_function_seeded_the_original_way():
    """The original course seeds with np.random.seed(1) and draws with np.random.randn: accepted,
    and its mistakes are named as well as those made with the notebook's generator."""
    ns = dict(exercises(NOTEBOOK))
    exec(textwrap.dedent("""
        def linear_function():
            np.random.seed(1)
            X = tf.constant(np.random.randn(3, 1), name = "X")
            W = tf.constant(np.random.randn(4, 3), name = "W")
            b = tf.constant(np.random.randn(4, 1), name = "b")
            Y = tf.add(tf.matmul(W, X), b)
            return Y
    """), ns)
    out = passes(grader.check_linear_function, ns["linear_function"])
    assert "as in the original course" in out
    state = np.random.get_state()[1].copy()
    passes(grader.check_linear_function, exercises(NOTEBOOK)["linear_function"])
    assert np.array_equal(np.random.get_state()[1], state), "the grader changed NumPy's global state"

    def legacy_other_order():
        d = _legacy_draws(("W", "X", "b"))
        return tf.constant(d["W"]) @ tf.constant(d["X"]) + tf.constant(d["b"])

    def legacy_no_bias():
        d = _legacy_draws()
        return tf.linalg.matmul(tf.constant(d["W"]), tf.constant(d["X"]))

    def unseeded():
        X, W, b = np.random.randn(3, 1), np.random.randn(4, 3), np.random.randn(4, 1)
        return tf.constant(W) @ tf.constant(X) + tf.constant(b)

    rejects(grader.check_linear_function, legacy_other_order, "another order than X, W, b",
            "np.random.seed(1)")
    rejects(grader.check_linear_function, legacy_no_bias, "b is missing", "np.random.seed(1)")
    rejects(grader.check_linear_function, unseeded, "Y has wrong values", "rng.standard_normal",
            "np.random.seed(1) followed by np.random.randn(...) is accepted too; your numbers come from "
            "neither")


def test_sigmoid_wrong_versions():
    def flipped(z):
        return tf.keras.activations.sigmoid(-tf.cast(z, tf.float32))

    def no_cast(z):
        return tf.keras.activations.sigmoid(tf.convert_to_tensor(z, dtype_hint=tf.float32))

    def one_minus(z):
        return 1 - tf.keras.activations.sigmoid(tf.cast(z, tf.float32))

    def tanh(z):
        return tf.math.tanh(tf.cast(z, tf.float32))

    def numpy_sigmoid(z):
        return 1 / (1 + np.exp(-np.asarray(z, dtype=np.float32)))

    def returns_nothing(z):
        tf.keras.activations.sigmoid(tf.cast(z, tf.float32))

    rejects(grader.check_sigmoid, flipped, "sign of the exponent is flipped")
    rejects(grader.check_sigmoid, no_cast, "dtype float64; expected float32", "tf.cast")
    rejects(grader.check_sigmoid, one_minus, "sign of the exponent is flipped", "1 - sigmoid(z)")
    rejects(grader.check_sigmoid, tanh, "sigmoid(-1) has wrong values")
    rejects(grader.check_sigmoid, numpy_sigmoid, "should be a tf.Tensor")
    rejects(grader.check_sigmoid, returns_nothing, "is None", "return")


def test_one_hot_matrix_wrong_versions():
    def column(label, depth=6):
        return tf.reshape(tf.one_hot(label, depth, axis=0), (depth, 1))

    def no_reshape(label, depth=6):
        return tf.one_hot(label, depth, axis=-1)

    def hard_coded_depth(label, depth=6):
        return tf.reshape(tf.one_hot(label, 6, axis=0), (6,))

    def integers(label, depth=6):
        return tf.reshape(tf.one_hot(label, depth, axis=0, dtype=tf.int32), (depth,))

    message = rejects(grader.check_one_hot_matrix, column, "shape (6, 1); expected (6,)", "tf.reshape")
    assert "a single vector" in message
    rejects(grader.check_one_hot_matrix, no_reshape, "shape (1, 5); expected (5,)")
    rejects(grader.check_one_hot_matrix, hard_coded_depth, "shape (6,)", "depth argument")
    rejects(grader.check_one_hot_matrix, integers, "dtype int32; expected float32")


def _parameters(make, shapes=grader.LAYER_SHAPES):
    return {k: make(k, shape) for k, shape in shapes.items()}


def test_initialize_parameters_wrong_versions():
    glorot = keras.initializers.GlorotNormal(seed=1)

    def tensors():
        return _parameters(lambda k, s: glorot(shape=s))

    def transposed():
        return _parameters(lambda k, s: tf.Variable(glorot(shape=s[::-1] if k.startswith("W") else s)))

    def zeros():
        return _parameters(lambda k, s: tf.Variable(tf.zeros(s)))

    def standard_normal():
        return _parameters(lambda k, s: tf.Variable(tf.random.normal(s, seed=1)))

    def float64():
        return _parameters(lambda k, s: tf.Variable(tf.cast(glorot(shape=s), tf.float64)))

    def missing_b3():
        parameters = _parameters(lambda k, s: tf.Variable(glorot(shape=s)))
        del parameters["b3"]
        return parameters

    rejects(grader.check_initialize_parameters, tensors, "should be a tf.Variable, not a tf.Tensor")
    rejects(grader.check_initialize_parameters, transposed, "shape (12288, 25); expected (25, 12288)",
            "transposed")
    rejects(grader.check_initialize_parameters, zeros, "W1 is constant", "GlorotNormal")
    rejects(grader.check_initialize_parameters, standard_normal, "standard deviation", "Glorot")
    rejects(grader.check_initialize_parameters, float64, "dtype float64; expected float32")
    rejects(grader.check_initialize_parameters, missing_b3, "missing the key(s) 'b3'")


def test_initialize_parameters_written_for_the_original_course_passes():
    ns = dict(exercises(NOTEBOOK))
    exec(textwrap.dedent("""
        def initialize_parameters():
            initializer = tf.keras.initializers.GlorotNormal(seed=1)
            W1 = tf.Variable(initializer(shape=(25, 12288)))
            b1 = tf.Variable(initializer(shape=(25, 1)))
            W2 = tf.Variable(initializer(shape=(12, 25)))
            b2 = tf.Variable(initializer(shape=(12, 1)))
            W3 = tf.Variable(initializer(shape=(6, 12)))
            b3 = tf.Variable(initializer(shape=(6, 1)))
            parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
            return parameters
    """), ns)
    passes(grader.check_initialize_parameters, ns["initialize_parameters"])


def _layer(W, A, b):
    return tf.math.add(tf.linalg.matmul(W, A), b)


def test_forward_propagation_wrong_versions():
    relu = tf.keras.activations.relu

    def no_first_relu(X, p):
        A2 = relu(_layer(p["W2"], _layer(p["W1"], X, p["b1"]), p["b2"]))
        return _layer(p["W3"], A2, p["b3"])

    def no_second_relu(X, p):
        A1 = relu(_layer(p["W1"], X, p["b1"]))
        return _layer(p["W3"], _layer(p["W2"], A1, p["b2"]), p["b3"])

    def relu_output(X, p):
        A1 = relu(_layer(p["W1"], X, p["b1"]))
        A2 = relu(_layer(p["W2"], A1, p["b2"]))
        return relu(_layer(p["W3"], A2, p["b3"]))

    def transposed_product(X, p):
        A1 = relu(tf.matmul(tf.transpose(X), tf.transpose(p["W1"])) + tf.transpose(p["b1"]))
        A2 = relu(tf.matmul(A1, tf.transpose(p["W2"])) + tf.transpose(p["b2"]))
        return tf.matmul(A2, tf.transpose(p["W3"])) + tf.transpose(p["b3"])

    def through_numpy(X, p):
        w = {k: v.numpy() for k, v in p.items()}
        A1 = np.maximum(w["W1"] @ X.numpy() + w["b1"], 0)
        A2 = np.maximum(w["W2"] @ A1 + w["b2"], 0)
        return tf.constant(w["W3"] @ A2 + w["b3"])

    def cuts_the_tape(X, p):
        W1 = tf.constant(p["W1"].numpy())
        A1 = relu(_layer(W1, X, p["b1"]))
        A2 = relu(_layer(p["W2"], A1, p["b2"]))
        return _layer(p["W3"], A2, p["b3"])

    def hard_coded(X, p):
        return tf.reshape(X, (12288, -1))

    rejects(grader.check_forward_propagation, no_first_relu, "ReLU after the first layer is missing")
    rejects(grader.check_forward_propagation, no_second_relu, "ReLU after the second layer is missing")
    rejects(grader.check_forward_propagation, relu_output, "output went through a ReLU")
    rejects(grader.check_forward_propagation, transposed_product, "shape (9, 4); expected (4, 9)",
            "transposed")
    rejects(grader.check_forward_propagation, through_numpy, "GradientTape cannot reach W1")
    rejects(grader.check_forward_propagation, cuts_the_tape, "GradientTape cannot reach W1")
    rejects(grader.check_forward_propagation, hard_coded, "raised")


def test_compute_total_loss_wrong_versions():
    cce = tf.keras.losses.categorical_crossentropy

    def mean(logits, labels):
        return tf.reduce_mean(cce(tf.transpose(labels), tf.transpose(logits), from_logits=True))

    def swapped(logits, labels):
        return tf.reduce_sum(cce(tf.transpose(logits), tf.transpose(labels), from_logits=True))

    def probabilities(logits, labels):
        return tf.reduce_sum(cce(tf.transpose(labels), tf.transpose(logits)))

    def not_transposed(logits, labels):
        return tf.reduce_sum(cce(labels, logits, from_logits=True))

    def per_example(logits, labels):
        return cce(tf.transpose(labels), tf.transpose(logits), from_logits=True)

    def python_float(logits, labels):
        return float(tf.reduce_sum(cce(tf.transpose(labels), tf.transpose(logits), from_logits=True)))

    rejects(grader.check_compute_total_loss, mean, "mean over the examples")
    rejects(grader.check_compute_total_loss, swapped, "labels and logits are swapped")
    rejects(grader.check_compute_total_loss, probabilities, "from_logits=True")
    rejects(grader.check_compute_total_loss, not_transposed, "not transposed")
    rejects(grader.check_compute_total_loss, per_example, "shape (7,); expected ()")
    rejects(grader.check_compute_total_loss, python_float, "should be a tf.Tensor, not a float")


def test_grader_needs_a_function():
    rejects(grader.check_sigmoid, None, "needs your function itself")
