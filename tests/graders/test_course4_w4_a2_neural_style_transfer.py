"""Graders of course4_cnn/w4_a2: the references of utils/nn/nst.py and the notebook's solutions pass;
`raise NotImplementedError()` is not attempted; wrong versions of each exercise are rejected with the
mistake named (the content cost on the wrong layer or wrongly normalised; A^T A for the Gram matrix;
the activations unrolled without the transpose, which scrambles the channels; constants of the
normalisation not squared; the layer weights ignored; alpha and beta swapped or fixed; train_step
without the clip, without applying the gradient or with a cost left out); odd returns (None, NumPy
values, lists, NaN, exceptions) get a plain message; code written for the original course passes, as
notebook code in a namespace of its own, @tf.function decorators included."""

from pathlib import Path

import numpy as np
import pytest
from helpers import ROOT, exercises, not_attempted, passes, rejects

from utils.graders.course4_cnn import w4_a2_neural_style_transfer as grader
from utils.nn import nst
from utils.notebook import import_tensorflow

tf = import_tensorflow()

NOTEBOOK = Path("course4_cnn/w4_a2_neural_style_transfer.ipynb")

# The original course's solutions (TensorFlow 2 edition), written as a learner would in its notebook.
ORIGINAL = '''
def compute_content_cost(content_output, generated_output):
    a_C = content_output[-1]
    a_G = generated_output[-1]
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    a_C_unrolled = tf.reshape(a_C, shape=[m, -1, n_C])
    a_G_unrolled = tf.reshape(a_G, shape=[m, -1, n_C])
    J_content = tf.reduce_sum(tf.square(tf.subtract(a_C_unrolled, a_G_unrolled))) / (4.0 * n_H * n_W * n_C)
    return J_content

def gram_matrix(A):
    GA = tf.matmul(A, tf.transpose(A))
    return GA

def compute_layer_style_cost(a_S, a_G):
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    a_S = tf.transpose(tf.reshape(a_S, shape=[-1, n_C]))
    a_G = tf.transpose(tf.reshape(a_G, shape=[-1, n_C]))
    GS = gram_matrix(a_S)
    GG = gram_matrix(a_G)
    J_style_layer = tf.reduce_sum(tf.square(tf.subtract(GS, GG))) / (4.0 * ((n_H * n_W * n_C) ** 2))
    return J_style_layer

def compute_style_cost(style_image_output, generated_image_output, STYLE_LAYERS=STYLE_LAYERS):
    J_style = 0
    a_S = style_image_output[:-1]
    a_G = generated_image_output[:-1]
    for i, weight in zip(range(len(a_S)), STYLE_LAYERS):
        J_style_layer = compute_layer_style_cost(a_S[i], a_G[i])
        J_style += weight[1] * J_style_layer
    return J_style

@tf.function()
def total_cost(J_content, J_style, alpha = 10, beta = 40):
    J = alpha * J_content + beta * J_style
    return J

@tf.function()
def train_step(generated_image):
    with tf.GradientTape() as tape:
        a_G = vgg_model_outputs(generated_image)
        J_style = compute_style_cost(a_S, a_G)
        J_content = compute_content_cost(a_C, a_G)
        J = total_cost(J_content, J_style, alpha = 10, beta = 40)
    grad = tape.gradient(J, generated_image)
    optimizer.apply_gradients([(grad, generated_image)])
    generated_image.assign(clip_0_1(generated_image))
    return J
'''

STUBS = '''
def compute_content_cost(content_output, generated_output):
    raise NotImplementedError()

def gram_matrix(A):
    raise NotImplementedError()

def compute_layer_style_cost(a_S, a_G):
    raise NotImplementedError()

def compute_style_cost(style_image_output, generated_image_output, STYLE_LAYERS=STYLE_LAYERS):
    raise NotImplementedError()

def total_cost(J_content, J_style, alpha=10, beta=40):
    raise NotImplementedError()

def train_step(generated_image):
    raise NotImplementedError()
'''

CHECKS = {"compute_content_cost": grader.check_compute_content_cost, "gram_matrix": grader.check_gram_matrix,
          "compute_layer_style_cost": grader.check_compute_layer_style_cost,
          "compute_style_cost": grader.check_compute_style_cost, "total_cost": grader.check_total_cost,
          "train_step": grader.check_train_step}


def notebook(source, **replaced):
    """The functions of `source`, defined as in the notebook (tf, np, STYLE_LAYERS, clip_0_1 and the
    notebook's own model, activations and optimizer there); `replaced` overrides names afterwards."""
    import keras

    namespace = {"tf": tf, "np": np, "STYLE_LAYERS": nst.STYLE_LAYERS, "clip_0_1": nst.clip_0_1,
                 "vgg_model_outputs": None, "a_S": None, "a_C": None,
                 "optimizer": keras.optimizers.Adam(learning_rate=0.01)}
    exec(compile(source, "<notebook>", "exec"), namespace)
    namespace.update(replaced)
    return namespace


def test_the_references_pass():
    for name, check in CHECKS.items():
        if name != "train_step":
            passes(check, getattr(nst, name))


def test_the_blank_stubs_are_not_attempted():
    stubs = notebook(STUBS)
    for name, check in CHECKS.items():
        not_attempted(check, stubs[name])


def test_original_course_code_passes():
    original = notebook(ORIGINAL)
    for name, check in CHECKS.items():
        out = passes(check, original[name])
        assert "note" not in out


@pytest.mark.skipif(not (ROOT / NOTEBOOK).exists(), reason="the notebook is not written yet")
def test_the_notebook_solutions_pass_and_its_blank_copy_is_not_attempted():
    solved, blank = exercises(NOTEBOOK), exercises(NOTEBOOK, blank=True)
    for name, check in CHECKS.items():
        passes(check, solved[name])
        not_attempted(check, blank[name])


def test_a_function_calling_an_unfinished_helper_is_judged_on_its_own_code():
    stubs = notebook(STUBS)
    learner = notebook(ORIGINAL, gram_matrix=stubs["gram_matrix"])
    assert "note: your gram_matrix is not attempted yet" in passes(grader.check_compute_layer_style_cost,
                                                                    learner["compute_layer_style_cost"])
    learner = notebook(ORIGINAL, total_cost=stubs["total_cost"],
                       compute_style_cost=stubs["compute_style_cost"])
    out = passes(grader.check_train_step, learner["train_step"])
    assert "note: your total_cost is not attempted yet" in out
    assert "note: your compute_style_cost is not attempted yet" in out


def test_other_correct_spellings_pass():
    variants = notebook('''
def compute_content_cost(content_output, generated_output):
    a_C, a_G = content_output[-1], generated_output[-1]
    _, n_H, n_W, n_C = a_G.shape
    return tf.reduce_sum((a_C - a_G) ** 2) / (4 * n_H * n_W * n_C)

def gram_matrix(A):
    return A @ tf.transpose(A)

def compute_layer_style_cost(a_S, a_G):
    _, n_H, n_W, n_C = a_G.shape
    S = tf.reshape(tf.transpose(a_S, [0, 3, 1, 2]), [n_C, -1])
    G = tf.reshape(tf.transpose(a_G, [0, 3, 1, 2]), [n_C, -1])
    return tf.reduce_sum(tf.square(gram_matrix(S) - gram_matrix(G))) / (4 * n_C**2 * (n_H * n_W)**2)

def compute_style_cost(style_image_output, generated_image_output, STYLE_LAYERS=STYLE_LAYERS):
    return tf.add_n([w * compute_layer_style_cost(s, g) for (_, w), s, g
                     in zip(STYLE_LAYERS, style_image_output[:-1], generated_image_output[:-1])])

def total_cost(J_content, J_style, alpha=10, beta=40):
    return tf.add(alpha * J_content, beta * J_style)

def train_step(generated_image):
    with tf.GradientTape() as tape:
        outputs = vgg_model_outputs(generated_image)
        J = total_cost(compute_content_cost(a_C, outputs), compute_style_cost(a_S, outputs))
    optimizer.apply_gradients(zip([tape.gradient(J, generated_image)], [generated_image]))
    generated_image.assign(tf.clip_by_value(generated_image, 0.0, 1.0))
    return J
''')
    for name, check in CHECKS.items():
        passes(check, variants[name])


# ---------------------------------------------------------------------------------------------
# Wrong versions, each rejected with its mistake named


def wrong(source, **replaced):
    return notebook(source, **replaced)


def test_content_cost_mistakes():
    ns = wrong('''
def first_layer(content_output, generated_output):
    a_C, a_G = content_output[0], generated_output[0]
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    return tf.reduce_sum(tf.square(a_C - a_G)) / (4.0 * n_H * n_W * n_C)

def no_four(content_output, generated_output):
    a_C, a_G = content_output[-1], generated_output[-1]
    return tf.reduce_mean(tf.square(a_C - a_G))

def no_channels(content_output, generated_output):
    a_C, a_G = content_output[-1], generated_output[-1]
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    return tf.reduce_sum(tf.square(a_C - a_G)) / (4.0 * n_H * n_W)

def not_squared(content_output, generated_output):
    a_C, a_G = content_output[-1], generated_output[-1]
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    return tf.reduce_sum(tf.abs(a_C - a_G)) / (4.0 * n_H * n_W * n_C)

def whole_list(content_output, generated_output):
    m, n_H, n_W, n_C = generated_output.get_shape().as_list()
    return tf.reduce_sum(tf.square(content_output - generated_output)) / (4.0 * n_H * n_W * n_C)

def numpy_cost(content_output, generated_output):
    a_C, a_G = np.array(content_output[-1]), np.array(generated_output[-1])
    return np.sum((a_C - a_G) ** 2) / (4 * a_C.size)
''')
    check = grader.check_compute_content_cost
    rejects(check, ns["first_layer"], "wrong layer", "first element", "content_output[-1]")
    rejects(check, ns["no_four"], "the 4 is missing")
    rejects(check, ns["no_channels"], "n_C is missing")
    rejects(check, ns["not_squared"], "not squared")
    rejects(check, ns["whole_list"], "raised AttributeError", "content_output[-1]")
    rejects(check, ns["numpy_cost"], "should be a tf.Tensor", "GradientTape")


def test_gram_matrix_mistakes():
    ns = wrong('''
def ata(A):
    return tf.matmul(tf.transpose(A), A)

def elementwise(A):
    return A * tf.transpose(A)

def numpy_gram(A):
    A = np.array(A)
    return A @ A.T

def no_return(A):
    GA = tf.matmul(A, tf.transpose(A))

def normalised(A):
    return tf.matmul(A, tf.transpose(A)) / A.shape[1]
''')
    check = grader.check_gram_matrix
    rejects(check, ns["ata"], "shape (7, 7)", "A^T A")
    rejects(check, ns["elementwise"], "Incompatible shapes")
    rejects(check, ns["numpy_gram"], "should be a tf.Tensor", "GradientTape")
    rejects(check, ns["no_return"], "is None", "return")
    rejects(check, ns["normalised"], "wrong values")


def test_gram_matrix_a_transpose_a_on_square_inputs_is_named():
    def ata_only_when_square(A):
        if A.shape[0] == A.shape[1]:
            return tf.matmul(tf.transpose(A), A)
        return tf.matmul(A, tf.transpose(A))
    rejects(grader.check_gram_matrix, ata_only_when_square, "A^T A in place of A A^T")


def test_layer_style_cost_mistakes():
    ns = wrong('''
def no_transpose(a_S, a_G):
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    a_S = tf.reshape(a_S, shape=[n_C, -1])
    a_G = tf.reshape(a_G, shape=[n_C, -1])
    return tf.reduce_sum(tf.square(gram_matrix(a_S) - gram_matrix(a_G))) / (4.0 * n_C**2 * (n_H * n_W)**2)

def pixel_gram(a_S, a_G):
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    a_S = tf.reshape(a_S, shape=[-1, n_C])
    a_G = tf.reshape(a_G, shape=[-1, n_C])
    return tf.reduce_sum(tf.square(gram_matrix(a_S) - gram_matrix(a_G))) / (4.0 * n_C**2 * (n_H * n_W)**2)

def no_four(a_S, a_G):
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    a_S = tf.transpose(tf.reshape(a_S, shape=[-1, n_C]))
    a_G = tf.transpose(tf.reshape(a_G, shape=[-1, n_C]))
    return tf.reduce_sum(tf.square(gram_matrix(a_S) - gram_matrix(a_G))) / (n_C**2 * (n_H * n_W)**2)

def channels_not_squared(a_S, a_G):
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    a_S = tf.transpose(tf.reshape(a_S, shape=[-1, n_C]))
    a_G = tf.transpose(tf.reshape(a_G, shape=[-1, n_C]))
    return tf.reduce_sum(tf.square(gram_matrix(a_S) - gram_matrix(a_G))) / (4.0 * n_C * (n_H * n_W)**2)

def pixels_not_squared(a_S, a_G):
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    a_S = tf.transpose(tf.reshape(a_S, shape=[-1, n_C]))
    a_G = tf.transpose(tf.reshape(a_G, shape=[-1, n_C]))
    return tf.reduce_sum(tf.square(gram_matrix(a_S) - gram_matrix(a_G))) / (4.0 * n_C**2 * n_H * n_W)

def mean_not_sum(a_S, a_G):
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    a_S = tf.transpose(tf.reshape(a_S, shape=[-1, n_C]))
    a_G = tf.transpose(tf.reshape(a_G, shape=[-1, n_C]))
    return tf.reduce_mean(tf.square(gram_matrix(a_S) - gram_matrix(a_G))) / (4.0 * n_C**2 * (n_H * n_W)**2)

def nan_cost(a_S, a_G):
    return tf.constant(float("nan"))

def per_channel(a_S, a_G):
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    a_S = tf.transpose(tf.reshape(a_S, shape=[-1, n_C]))
    a_G = tf.transpose(tf.reshape(a_G, shape=[-1, n_C]))
    return tf.reduce_sum(tf.square(gram_matrix(a_S) - gram_matrix(a_G)), axis=0)
''', gram_matrix=nst.gram_matrix)
    check = grader.check_compute_layer_style_cost
    rejects(check, ns["no_transpose"], "plain reshape to (n_C, n_H*n_W), without the transpose",
            "scrambled rows", "then transpose")
    rejects(check, ns["pixel_gram"], "Gram matrix was taken over the pixels")
    rejects(check, ns["no_four"], "the 4 is missing")
    rejects(check, ns["channels_not_squared"], "n_C is not squared")
    rejects(check, ns["pixels_not_squared"], "n_H*n_W is not squared")
    rejects(check, ns["mean_not_sum"], "a mean in place of the sum")
    rejects(check, ns["nan_cost"], "expected a finite number")
    rejects(check, ns["per_channel"], "should be a single number", "shape (3,)")


def test_layer_style_cost_with_a_wrong_gram_matrix_is_judged_with_the_reference_one():
    ns = notebook(ORIGINAL)
    learner = notebook(ORIGINAL, gram_matrix=lambda A: tf.matmul(tf.transpose(A), A))
    learner_fn = learner["compute_layer_style_cost"]
    out = passes(grader.check_compute_layer_style_cost, learner_fn)
    assert "note: your gram_matrix does not pass check_gram_matrix yet" in out
    assert "note" not in passes(grader.check_compute_layer_style_cost, ns["compute_layer_style_cost"])


def test_style_cost_mistakes():
    ns = wrong('''
def unweighted(style_image_output, generated_image_output, STYLE_LAYERS=STYLE_LAYERS):
    pairs = zip(style_image_output[:-1], generated_image_output[:-1])
    return sum(compute_layer_style_cost(s, g) for s, g in pairs)

def averaged(style_image_output, generated_image_output, STYLE_LAYERS=STYLE_LAYERS):
    pairs = zip(style_image_output[:-1], generated_image_output[:-1])
    costs = [compute_layer_style_cost(s, g) for s, g in pairs]
    return sum(costs) / len(costs)

def fixed_weights(style_image_output, generated_image_output, STYLE_LAYERS=STYLE_LAYERS):
    J = 0
    for i in range(len(STYLE_LAYERS)):
        J += 0.2 * compute_layer_style_cost(style_image_output[i], generated_image_output[i])
    return J

def shifted(style_image_output, generated_image_output, STYLE_LAYERS=STYLE_LAYERS):
    J = 0
    for i, (name, weight) in enumerate(STYLE_LAYERS):
        J += weight * compute_layer_style_cost(style_image_output[i + 1], generated_image_output[i + 1])
    return J

def with_itself(style_image_output, generated_image_output, STYLE_LAYERS=STYLE_LAYERS):
    J = 0
    for i, (name, weight) in enumerate(STYLE_LAYERS):
        J += weight * compute_layer_style_cost(style_image_output[i], style_image_output[i])
    return J

def global_layers(style_image_output, generated_image_output, layers=None):
    J = 0
    for i, (name, weight) in enumerate(NOTEBOOK_LAYERS):
        J += weight * compute_layer_style_cost(style_image_output[i], generated_image_output[i])
    return J
''')
    ns["compute_layer_style_cost"] = nst.compute_layer_style_cost
    ns["NOTEBOOK_LAYERS"] = [("block1_conv1", 0.5), ("block2_conv1", 0.3), ("block3_conv1", 0.2)]
    check = grader.check_compute_style_cost
    rejects(check, ns["unweighted"], "weights of STYLE_LAYERS are ignored")
    rejects(check, ns["averaged"], "averaged")
    rejects(check, ns["fixed_weights"], "fixed at 0.2")
    rejects(check, ns["shifted"], "shifted by one", "style_image_output[:-1]")
    rejects(check, ns["with_itself"], "compared with themselves")
    rejects(check, ns["global_layers"], "come from the argument STYLE_LAYERS")


def test_total_cost_mistakes():
    def swapped(J_content, J_style, alpha=10, beta=40):
        return beta * J_content + alpha * J_style

    def hard_coded(J_content, J_style, alpha=10, beta=40):
        return 10 * J_content + 40 * J_style

    def unweighted(J_content, J_style, alpha=10, beta=40):
        return J_content + J_style

    def wrong_defaults(J_content, J_style, alpha=40, beta=10):
        return alpha * J_content + beta * J_style

    def as_list(J_content, J_style, alpha=10, beta=40):
        return [alpha * J_content, beta * J_style]

    check = grader.check_total_cost
    rejects(check, swapped, "alpha and beta are swapped")
    rejects(check, hard_coded, "fixed at 10 and 40")
    rejects(check, unweighted, "without their weights")
    rejects(check, wrong_defaults, "alpha and beta are swapped")
    rejects(check, as_list, "should be a number, not a list")


def test_train_step_mistakes():
    body = '''
def {name}(generated_image):
    with tf.GradientTape() as tape:
        a_G = vgg_model_outputs(generated_image)
        J_style = compute_style_cost(a_S, a_G)
        J_content = compute_content_cost(a_C, a_G)
        J = {cost}
    grad = tape.gradient(J, generated_image)
    {apply}
    {clip}
    return J
'''
    good = {"cost": "total_cost(J_content, J_style, alpha=10, beta=40)",
            "apply": "optimizer.apply_gradients([(grad, generated_image)])",
            "clip": "generated_image.assign(clip_0_1(generated_image))"}
    versions = {
        "no_clip": {"clip": "pass"},
        "rebound": {"clip": "generated_image = clip_0_1(generated_image)"},
        "swapped": {"cost": "total_cost(J_content, J_style, alpha=40, beta=10)"},
        "content_only": {"cost": "total_cost(J_content, 0.0)"},
        "style_only": {"cost": "total_cost(0.0, J_style)"},
        "not_applied": {"apply": "pass"},
        "new_optimizer": {"apply": "tf.keras.optimizers.Adam(learning_rate=0.03)"
                                   ".apply_gradients([(grad, generated_image)])"},
        "returns_nothing": {"clip": "generated_image.assign(clip_0_1(generated_image)); return None"},
    }
    source = "".join(body.format(name=name, **{**good, **change}) for name, change in versions.items())
    ns = notebook(ORIGINAL)
    exec(compile(source, "<notebook>", "exec"), ns)
    check = grader.check_train_step
    rejects(check, ns["no_clip"], "outside [0, 1]", "assign(clip_0_1(generated_image))")
    rejects(check, ns["rebound"], "outside [0, 1]", "would only rebind the name")
    rejects(check, ns["swapped"], "alpha and beta are swapped")
    rejects(check, ns["content_only"], "the style cost is left out")
    rejects(check, ns["style_only"], "the content cost is left out")
    rejects(check, ns["not_applied"], "the image did not change")
    rejects(check, ns["new_optimizer"], "after step 2", "made once, outside train_step")
    rejects(check, ns["returns_nothing"], "is None")


def test_odd_arguments_and_exceptions_get_plain_messages():
    def raises(*args, **kwargs):
        raise ValueError("boom")

    def returns_string(*args, **kwargs):
        return "cost"

    for check in CHECKS.values():
        rejects(check, raises, "raised ValueError: boom")
        rejects(check, returns_string, "not a str")
    rejects(grader.check_gram_matrix, None, "needs your function itself")
