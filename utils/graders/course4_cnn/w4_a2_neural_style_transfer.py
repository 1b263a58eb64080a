"""Graders for course4_cnn/w4_a2_neural_style_transfer.ipynb.

Each check calls the learner's function on the grader's own activations (other layer counts,
shapes, weights and values than the notebook's), as float32 tf.Tensors, and compares what comes
back with the reference of utils/nn/nst.py. A cost must come back as a scalar tf.Tensor (the
gradient of the total cost is taken through it); total_cost may also return a plain number.

Known mistakes are named when the learner's value matches them: for compute_content_cost, the
wrong layer (not the last element of the outputs list), the 4 or n_C left out of the
normalisation, no square; for gram_matrix, A^T A in place of A A^T, the product taken element by
element; for compute_layer_style_cost, a_S and a_G unrolled by a plain reshape to (n_C, -1)
without the transpose (which mixes the channels), the Gram matrix taken over the pixels, a
constant of the normalisation not squared or left out, a mean for the sum; for
compute_style_cost, the layer weights ignored or averaged, the layers shifted onto the content
layer; for total_cost, alpha and beta swapped or fixed at 10 and 40; for train_step, the clip
to [0, 1] missing, the gradients not applied, alpha and beta swapped, one cost left out.

Functions decorated with @tf.function, as the original course decorates total_cost and
train_step, are checked through their Python function, eagerly. A learner's function that calls
an earlier exercise through the notebook's globals is run with the reference swapped in (a
note says when the learner's own does not pass yet). train_step is run on the grader's own small
feature model, activations, optimizer and image: the names `vgg_model_outputs`, `a_S`, `a_C`,
`optimizer`, `STYLE_LAYERS`, `clip_0_1` and the cost functions it reads are swapped in.
"""

from functools import cache
from numbers import Number

import numpy as np

from utils.grading import Checker, describe, keras_names_kept

LIST_HINT = ("content_output and generated_output are lists, one tensor per layer (the style layers, "
             "then the content layer); the content cost takes the last of each: content_output[-1] and "
             "generated_output[-1].")
ERRORS = [
    (AttributeError, r"'list' object has no attribute", LIST_HINT),
    (AttributeError, r"has no attribute 'get_shape'",
     "get_shape() is a method of tf.Tensor: the grader passes tensors, as the notebook does. If you "
     "converted a tensor with .numpy() or np.array(...), keep it a tensor (use a.shape, or TensorFlow "
     "operations throughout)."),
    (TypeError, r"'tuple' object is not callable|'EagerTensor' object is not callable",
     "A name of a function was used for a value (e.g. `gram_matrix = ...`). Give the value another name."),
]
TENSOR_HINT = ("Stay with TensorFlow operations (tf.reshape, tf.transpose, tf.matmul, tf.square, "
               "tf.reduce_sum) and do not call .numpy() or float(...): train_step takes the gradient of "
               "the cost, and GradientTape can only follow TensorFlow operations.")
TRANSPOSE_HINT = ("a_S and a_G were unrolled with a plain reshape to (n_C, n_H*n_W), without the transpose. "
                  "The activations are stored channels last: in memory, each pixel's n_C channel values "
                  "sit side by side. Reshaping straight to (n_C, -1) cuts that sequence into n_C rows "
                  "that each hold all channels of a run of pixels, so every row mixes the channels and the "
                  "Gram matrix compares scrambled rows. Reshape to (n_H*n_W, n_C) first (one row per "
                  "pixel, its channels intact), then transpose to (n_C, n_H*n_W)")


def _tf():
    from utils.notebook import import_tensorflow

    return import_tensorflow()


def _nst():
    from utils.nn import nst

    return nst


def _plain(fn):
    """The Python function under a @tf.function (checked eagerly, with readable errors)."""
    return getattr(fn, "python_function", fn)


def _tensor(values):
    return _tf().constant(np.asarray(values, dtype=np.float32))


def _activations(seed, shapes, scale=1.0):
    """One activation tensor per shape (1, n_H, n_W, n_C): ReLU-like values, some exactly 0."""
    rng = np.random.default_rng(seed)
    return [_tensor(np.maximum(rng.normal(0.3, 1.0, shape), 0) * scale) for shape in shapes]


def _value(c, got, expected, what, mistakes=None, tensor=True, rtol=1e-4, atol=1e-6, hint=None):
    """Check that `got` is a scalar (a tf.Tensor of shape () when `tensor`, else also a number)
    close to `expected`; `mistakes` maps a known mistake to the value it gives."""
    tf = _tf()
    if got is None:
        c.fail(f"{what} is None", expected=f"a scalar tf.Tensor, {expected:.8g}",
               hint="Did you forget the `return` statement?")
    if isinstance(got, (tf.Tensor, tf.Variable)):
        value = np.asarray(got)
    elif not tensor and isinstance(got, (Number, np.number, np.ndarray)) and not isinstance(got, bool):
        value = np.asarray(got)
    elif isinstance(got, (Number, np.number, np.ndarray)) and not isinstance(got, bool):
        c.fail(f"{what} should be a tf.Tensor, not a {type(got).__name__}", got=describe(got),
               hint=TENSOR_HINT)
    else:
        c.fail(f"{what} should be a {'tf.Tensor' if tensor else 'number'}, not a {type(got).__name__}",
               got=describe(got),
               hint="Return the cost itself, a single number." if tensor else None)
    if value.shape != ():
        c.fail(f"{what} should be a single number (shape ()), not shape {value.shape}",
               expected=f"{expected:.8g}", got=describe(value),
               hint="Sum over every axis: tf.reduce_sum(...) without an axis argument."
               if value.size > 1 else "Sum over every axis, so that no axis of length 1 is left.")
    if not np.issubdtype(value.dtype, np.floating):
        c.fail(f"{what} has dtype {value.dtype}; expected a float", got=describe(value),
               hint="Integers here usually come from a shape computed as a tensor of int32; divide by "
               "a float, e.g. 4.0 * n_H * n_W * n_C with n_H, n_W, n_C as Python ints.")
    return c.same_scalar(value, float(expected), what=what, rtol=rtol, atol=atol,
                         mistakes={k: float(v) for k, v in (mistakes or {}).items()}, hint=hint)


def _matrix(c, got, expected, what, mistakes=None, shape_hints=None, rtol=1e-4, atol=1e-5):
    """Check that `got` is a float32 tf.Tensor equal to the array `expected`; `shape_hints` maps a
    wrong shape to what it means."""
    tf = _tf()
    if got is None:
        c.fail(f"{what} is None", expected=f"a tf.Tensor of shape {expected.shape}",
               hint="Did you forget the `return` statement?")
    if not isinstance(got, (tf.Tensor, tf.Variable)):
        c.fail(f"{what} should be a tf.Tensor, not a {type(got).__name__}", got=describe(got),
               hint=TENSOR_HINT if isinstance(got, (np.ndarray, Number)) else None)
    value = np.asarray(got)
    if value.shape != expected.shape:
        c.fail(f"{what} has shape {value.shape}; expected {expected.shape}", got=describe(value),
               hint=(shape_hints or {}).get(value.shape))
    if value.dtype != np.float32:
        c.fail(f"{what} has dtype {value.dtype}; expected float32", got=describe(value),
               hint="Keep the input's dtype: no tf.cast is needed here.")
    return c.same_array(value, expected.astype(np.float32), what=what, rtol=rtol, atol=atol,
                        mistakes=mistakes, check_dtype=False)


# ---------------------------------------------------------------------------------------------
# compute_content_cost


def _content_mistakes(content_output, generated_output):
    def cost(a, b, divisor):
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        _, n_H, n_W, n_C = a.shape
        return np.sum((a - b) ** 2) / divisor(n_H, n_W, n_C)

    last = np.asarray(content_output[-1]), np.asarray(generated_output[-1])
    mistakes = {
        "the 4 is missing from the normalisation (or the cost is a mean): divide the sum by "
        "4 * n_H * n_W * n_C": cost(*last, lambda h, w, c: h * w * c),
        "n_C is missing from the normalisation: divide by 4 * n_H * n_W * n_C":
            cost(*last, lambda h, w, c: 4 * h * w),
        "the differences are not squared: sum tf.square(a_C - a_G)":
            np.sum(np.abs(last[0] - last[1])) / (4 * np.prod(last[0].shape[1:])),
    }
    for index, where in ((0, "the first element"), (-2, "the second-to-last element")):
        pair = content_output[index], generated_output[index]
        mistakes[f"the content cost is taken on the wrong layer, {where} of the outputs lists; "
                 f"the content layer is the last element: content_output[-1]"] = \
            cost(*pair, lambda h, w, c: 4 * h * w * c)
    return mistakes


def check_compute_content_cost(compute_content_cost):
    nst = _nst()
    c = Checker(_plain(compute_content_cost), "compute_content_cost", error_hints=ERRORS)
    shapes = [(1, 6, 7, 3), (1, 4, 5, 6), (1, 3, 4, 5)]
    content_output = _activations(11, shapes)
    generated_output = _activations(12, shapes)
    got = c.call(content_output, generated_output)
    _value(c, got, nst.compute_content_cost(content_output, generated_output), "the content cost",
           mistakes=_content_mistakes(content_output, generated_output))
    c.ok("value on a list of 3 layer outputs (content layer (1, 3, 4, 5))")
    same = _activations(13, [(1, 5, 5, 8), (1, 2, 3, 4)])
    got = c.call(same, same)
    _value(c, got, 0.0, "the content cost of an image with itself", atol=1e-6)
    content_output = _activations(14, [(1, 2, 2, 4), (1, 5, 3, 7)], scale=3.0)
    generated_output = _activations(15, [(1, 2, 2, 4), (1, 5, 3, 7)], scale=3.0)
    got = c.call(content_output, generated_output)
    _value(c, got, nst.compute_content_cost(content_output, generated_output),
           "the content cost", mistakes=_content_mistakes(content_output, generated_output))
    c.ok("zero for an image with itself; value on another shape (content layer (1, 5, 3, 7))")
    c.done()


# ---------------------------------------------------------------------------------------------
# gram_matrix


def check_gram_matrix(gram_matrix):
    c = Checker(_plain(gram_matrix), "gram_matrix", error_hints=ERRORS)
    rng = np.random.default_rng(21)
    ata_hint = ("The result is (n_H*n_W, n_H*n_W): that is A^T A, the products of the columns (pixels). The "
                "Gram matrix of the style cost compares channels, one row of A each: G = A A^T, "
                "tf.matmul(A, tf.transpose(A)), of shape (n_C, n_C).")
    for shape in ((3, 7), (5, 2), (4, 4)):
        A = rng.normal(0, 1, shape).astype(np.float32)
        n_C, n_L = shape
        mistakes = {"A^T A in place of A A^T: the Gram matrix is tf.matmul(A, tf.transpose(A))": A.T @ A}
        if n_C == n_L:
            mistakes["the product is taken element by element (A * A^T); use tf.matmul"] = A * A.T
        got = c.call(_tensor(A))
        _matrix(c, got, A.astype(np.float64) @ A.T, "the Gram matrix", mistakes=mistakes,
                shape_hints={(n_L, n_L): ata_hint,
                             (n_C, n_L): "The result has the shape of A: an element-by-element product? "
                             "The Gram matrix is the matrix product A A^T, of shape (n_C, n_C)."})
    c.ok("values for A of shapes (3, 7), (5, 2) and (4, 4)")
    c.done()


# ---------------------------------------------------------------------------------------------
# compute_layer_style_cost


def _layer_mistakes(a_S, a_G):
    S, G = np.asarray(a_S, dtype=np.float64), np.asarray(a_G, dtype=np.float64)
    _, n_H, n_W, n_C = S.shape
    rows = {"right": (S.reshape(-1, n_C).T, G.reshape(-1, n_C).T),
            "plain": (S.reshape(n_C, -1), G.reshape(n_C, -1))}

    def cost(kind="right", divisor=4.0 * n_C ** 2 * (n_H * n_W) ** 2, pixels=False, reduce=np.sum):
        s, g = rows[kind]
        if pixels:
            s, g = s.T, g.T
        return reduce((s @ s.T - g @ g.T) ** 2) / divisor

    return {
        TRANSPOSE_HINT: cost("plain"),
        "the Gram matrix was taken over the pixels, (n_H*n_W, n_H*n_W), because the unrolled "
        "activations were not transposed: unroll to (n_C, n_H*n_W), one row per channel": cost(pixels=True),
        "the 4 is missing from the normalisation: divide by 4 * n_C**2 * (n_H*n_W)**2":
            cost(divisor=n_C ** 2 * (n_H * n_W) ** 2),
        "n_C is not squared in the normalisation: divide by 4 * n_C**2 * (n_H*n_W)**2":
            cost(divisor=4.0 * n_C * (n_H * n_W) ** 2),
        "n_H*n_W is not squared in the normalisation: divide by 4 * n_C**2 * (n_H*n_W)**2":
            cost(divisor=4.0 * n_C ** 2 * n_H * n_W),
        "the normalisation is 4 * (n_C * n_H * n_W) without the square: divide by 4 * n_C**2 * (n_H*n_W)**2":
            cost(divisor=4.0 * n_C * n_H * n_W),
        "a mean in place of the sum of the squared differences: use tf.reduce_sum":
            cost(reduce=np.mean),
    }


def check_compute_layer_style_cost(compute_layer_style_cost):
    nst = _nst()
    c = Checker(_plain(compute_layer_style_cost), "compute_layer_style_cost", error_hints=ERRORS,
                uses={"gram_matrix": (nst.gram_matrix, check_gram_matrix)})
    for seed, shape in ((31, (1, 3, 5, 3)), (32, (1, 4, 2, 6))):
        a_S, a_G = _activations(seed, [shape, shape])
        got = c.call(a_S, a_G)
        _value(c, got, nst.compute_layer_style_cost(a_S, a_G), "the layer's style cost",
               mistakes=_layer_mistakes(a_S, a_G))
    c.ok("values for activations of shapes (1, 3, 5, 3) and (1, 4, 2, 6)")
    a_S = _activations(33, [(1, 3, 3, 5)])[0]
    got = c.call(a_S, a_S)
    _value(c, got, 0.0, "the style cost of an image with itself", atol=1e-6)
    c.ok("zero for an image with itself")
    c.done()


# ---------------------------------------------------------------------------------------------
# compute_style_cost


GRADER_STYLE_LAYERS = [("block1_conv1", 0.5), ("block2_conv1", 0.3), ("block3_conv1", 0.2)]


def check_compute_style_cost(compute_style_cost):
    nst = _nst()
    c = Checker(_plain(compute_style_cost), "compute_style_cost", error_hints=ERRORS,
                uses={"compute_layer_style_cost": (nst.compute_layer_style_cost,
                                                   check_compute_layer_style_cost),
                      "gram_matrix": (nst.gram_matrix, check_gram_matrix)})
    shapes = [(1, 8, 8, 3), (1, 4, 4, 5), (1, 2, 2, 6), (1, 2, 2, 4)]
    style_output = _activations(41, shapes)
    generated_output = _activations(42, shapes, scale=1.5)
    layers = GRADER_STYLE_LAYERS
    costs = [float(nst.compute_layer_style_cost(s, g)) for s, g in zip(style_output, generated_output)]
    weights = [w for _, w in layers]
    n = len(layers)
    expected = sum(w * j for w, j in zip(weights, costs[:n]))
    mistakes = {
        "the weights of STYLE_LAYERS are ignored: multiply each layer's cost by its weight": sum(costs[:n]),
        "the layers' costs are averaged; weight each by its weight in STYLE_LAYERS and add them":
            sum(costs[:n]) / n,
        "the weights are fixed at 0.2; take each layer's weight from STYLE_LAYERS": 0.2 * sum(costs[:n]),
        "the layers are shifted by one, so the content layer (the last element) counts as a style layer "
        "and the first layer is left out: use style_image_output[:-1]":
            sum(w * j for w, j in zip(weights, costs[1:n + 1])),
        "the style image's activations are compared with themselves; compare them with "
        "generated_image_output": 0.0,
    }
    got = c.call(style_output, generated_output, layers)
    _value(c, got, expected, "the style cost", mistakes=mistakes)
    c.ok("value for 3 style layers weighted 0.5, 0.3 and 0.2, and a content layer")
    two = [("block1_conv1", 0.9), ("block2_conv1", 0.1)]
    got = c.call(style_output[1:], generated_output[1:], two)
    _value(c, got, 0.9 * costs[1] + 0.1 * costs[2], "the style cost",
           hint="The number of style layers and their weights come from the argument STYLE_LAYERS.")
    c.ok("value for 2 style layers weighted 0.9 and 0.1")
    c.done()


# ---------------------------------------------------------------------------------------------
# total_cost


def check_total_cost(total_cost):
    c = Checker(_plain(total_cost), "total_cost", error_hints=ERRORS)
    J_content, J_style = _tensor(0.7), _tensor(1.9)
    got = c.call(J_content, J_style)
    _value(c, got, 10 * 0.7 + 40 * 1.9, "the total cost with the default alpha and beta", tensor=False,
           mistakes={"alpha and beta are swapped: alpha weighs the content cost, beta the style cost "
                     "(J = alpha * J_content + beta * J_style)": 40 * 0.7 + 10 * 1.9,
                     "J_content and J_style are added without their weights": 0.7 + 1.9},
           hint="The defaults are alpha=10 and beta=40, as in the signature given.")
    c.ok("value with the defaults alpha=10, beta=40")
    for alpha, beta, J_c, J_s in ((3.0, 0.5, 2.5, 4.0), (1.0, 100.0, 0.25, 0.125)):
        got = c.call(_tensor(J_c), _tensor(J_s), alpha=alpha, beta=beta)
        _value(c, got, alpha * J_c + beta * J_s, f"the total cost with alpha={alpha:g}, beta={beta:g}",
               tensor=False,
               mistakes={"alpha and beta are fixed at 10 and 40: use the arguments": 10 * J_c + 40 * J_s,
                         "alpha and beta are swapped: alpha weighs the content cost, beta the style cost":
                         beta * J_c + alpha * J_s})
    got = c.call(1.5, 2.0, 4, 6)
    _value(c, got, 4 * 1.5 + 6 * 2.0, "the total cost of total_cost(1.5, 2.0, 4, 6)", tensor=False)
    c.ok("values with other alpha and beta, as keywords and in place")
    c.done()


# ---------------------------------------------------------------------------------------------
# train_step


@cache
def _grader_model():
    """A small feature model: (1, 12, 12, 3) -> [two style layers' outputs, a content layer's]."""
    _tf()
    import keras

    rng = np.random.default_rng(51)
    with keras_names_kept():
        inputs = keras.Input((12, 12, 3))
        x1 = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="block1_conv1")(inputs)
        x = keras.layers.MaxPooling2D(2, name="block1_pool")(x1)
        x2 = keras.layers.Conv2D(6, 3, padding="same", activation="relu", name="block2_conv1")(x)
        x3 = keras.layers.Conv2D(5, 3, padding="same", activation="relu", name="block2_conv2")(x2)
        model = keras.Model(inputs, [x1, x2, x3], name="grader_features")
    for layer in model.layers:
        if layer.weights:
            kernel, bias = layer.get_weights()
            layer.set_weights([rng.normal(0, np.sqrt(2 / np.prod(kernel.shape[:-1])), kernel.shape)
                               .astype(np.float32), rng.normal(0.05, 0.05, bias.shape).astype(np.float32)])
    return model


def _train_setup(learning_rate):
    """Everything train_step reads from the notebook, the grader's own versions of it."""
    tf = _tf()
    import keras

    nst = _nst()
    rng = np.random.default_rng(52)
    model = _grader_model()
    style = np.clip(0.5 + 0.4 * np.sin(np.arange(12)[:, None, None] * 1.3 + np.arange(3) * 2.0)
                    * np.cos(np.arange(12)[None, :, None] * 0.9), 0, 1)            # (12, 12, 3) stripes
    content = rng.uniform(0.1, 0.9, (12, 12, 3))
    image = np.clip(content + rng.uniform(-0.25, 0.25, content.shape), 0, 1)     # as the notebook starts
    layers = [("block1_conv1", 0.7), ("block2_conv1", 0.3)]

    def style_cost(style_image_output, generated_image_output, STYLE_LAYERS=layers):
        return nst.compute_style_cost(style_image_output, generated_image_output, STYLE_LAYERS)

    return {"vgg_model_outputs": model, "a_S": model(_tensor(style[None])),
            "a_C": model(_tensor(content[None])), "STYLE_LAYERS": layers,
            "optimizer": keras.optimizers.Adam(learning_rate=learning_rate),
            "compute_style_cost": style_cost, "image": tf.Variable(_tensor(image[None]))}


def _reference_steps(steps, learning_rate, alpha=10, beta=40, clip=True, apply=True):
    """(costs, images after each step) of the reference train_step, or of a known wrong one."""
    nst = _nst()
    tf = _tf()
    s = _train_setup(learning_rate)
    image = s["image"]
    costs, images = [], []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            a_G = s["vgg_model_outputs"](image)
            J_content = nst.compute_content_cost(s["a_C"], a_G)
            J = nst.total_cost(J_content, s["compute_style_cost"](s["a_S"], a_G), alpha=alpha, beta=beta)
        grad = tape.gradient(J, image)
        if apply:
            s["optimizer"].apply_gradients([(grad, image)])
        if clip:
            image.assign(nst.clip_0_1(image))
        costs.append(float(J))
        images.append(np.asarray(image).copy())
    return costs, images


def check_train_step(train_step):
    nst = _nst()
    tf = _tf()
    learning_rate = 0.03
    setup = _train_setup(learning_rate)
    image = setup.pop("image")
    uses = {name: (value, None) for name, value in setup.items()}
    uses["compute_style_cost"] = (setup["compute_style_cost"], check_compute_style_cost)
    uses.update({"compute_content_cost": (nst.compute_content_cost, check_compute_content_cost),
                 "total_cost": (nst.total_cost, check_total_cost),
                 "clip_0_1": (nst.clip_0_1, None)})
    c = Checker(_plain(train_step), "train_step", error_hints=ERRORS, uses=uses)
    costs, images = _reference_steps(2, learning_rate)
    wrong_costs = {
        "alpha and beta are swapped: J = total_cost(J_content, J_style, alpha=10, beta=40)":
            _reference_steps(1, learning_rate, alpha=40, beta=10)[0][0],
        "the style cost is left out of J": _reference_steps(1, learning_rate, beta=0)[0][0],
        "the content cost is left out of J": _reference_steps(1, learning_rate, alpha=0)[0][0],
    }
    unclipped = _reference_steps(2, learning_rate, clip=False)[1]
    unapplied = _reference_steps(2, learning_rate, apply=False)[1]
    image_mistakes = [
        {"the image is not clipped to [0, 1] after the step: "
         "generated_image.assign(clip_0_1(generated_image)) (assign changes the variable itself; "
         "`generated_image = clip_0_1(...)` would only rebind the name inside the function)": unclipped[k],
         "the image did not change: apply the gradient with "
         "optimizer.apply_gradients([(grad, generated_image)])": unapplied[k]}
        for k in range(2)]
    for step in range(2):
        got = c.call(image, mutation_ok=(0, "generated_image"))
        _value(c, got, costs[step], f"the cost returned by step {step + 1}", tensor=False, rtol=1e-4,
               mistakes=wrong_costs if step == 0 else None,
               hint="train_step returns J, the total cost of the image before the step." if step else None)
        if not isinstance(image, tf.Variable):
            c.fail("the generated image is no longer a tf.Variable")
        after = np.asarray(image)
        if not np.all(np.isfinite(after)):
            bad = int((~np.isfinite(after)).sum())
            c.fail(f"after step {step + 1} the image holds {bad} values that are NaN or infinite",
                   hint="Look for a division by zero in a cost.")
        if step == 0 and not np.all((after >= 0) & (after <= 1)):
            worst = float(np.max(np.maximum(after - 1, -after)))
            c.fail(f"after the step some pixels lie outside [0, 1] (by up to {worst:.4f})",
                   hint=next(iter(image_mistakes[0])))
        c.same_array(after, images[step], what=f"the generated image after step {step + 1}", rtol=1e-4,
                     atol=1e-5, mistakes=image_mistakes[step],
                     hint="Take the gradient of J with respect to generated_image, apply it with the "
                     "optimizer, then clip the image to [0, 1]." if step == 0 else
                     "The first step was right, the second was not: use the optimizer `optimizer` made "
                     "once, outside train_step, so that Adam keeps its moments from step to step.")
    c.ok("two steps on the grader's image: the costs returned, the image updated and clipped to [0, 1]")
    c.done()
