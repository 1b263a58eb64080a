"""Graders for course4_cnn/w2_a1_residual_networks.ipynb.

The block checks call the learner's block on the grader's own pictures (other shapes, window
sizes, filter counts and strides than the notebook's), once with training=True and once with
training=False, and compare the values with the reference blocks of utils/nn/resnet.py. Both are
given the same initializer, one of the grader's whose kernels depend on their shape only (not on
the seed), so code that calls `initializer(seed=0)`, as the original does, gets the reference's
weights. Values that match a known wrong block (the shortcut added after the final ReLU or not at
all, the stride on the wrong convolution, no BatchNormalization on the shortcut, `training` not
passed on) are named. Then the block is built as a model and compared layer by layer with the
reference (utils.grading.compare_architecture), which names the first layer that differs.

`check_ResNet50` builds the learner's model at full width for (64, 64, 3) pictures and 6 classes
(23,600,006 parameters, as the original), then at width 0.25 for (96, 96, 1) pictures and 4
classes, with the reference blocks swapped in (a block that does not pass yet gets a note), and
compares both with utils.nn.resnet.ResNet50 layer by layer; a differing layer is also placed in
its stage and block.

Code written for the original course passes as it is: `tensorflow.keras.layers` (as `tfl`, or the
classes imported by name), `random_uniform` / `glorot_uniform(seed=0)` initializers,
`Add()([X, X_shortcut])` (in the identity block also `Add()([X_shortcut, X])`),
`BatchNormalization(axis=3)(X, training=training)`. This project's ResNet50 adds one keyword, the
width factor (default 1.0, the original), and the hint says so when it is missing.
"""

import re
from functools import cache

import numpy as np

from utils.grading import (
    Checker,
    CheckFailed,
    architecture_difference,
    describe_model,
    keras_names_kept,
    same_tensor,
)

SHAPE_HINT = ("The two inputs of Add must have the same shape. In the identity block the middle "
              "convolution keeps the height and width only with padding='same'. In the convolutional "
              "block the shortcut's 1x1 convolution needs F3 filters and the same stride s as the first "
              "convolution of the main path.")
WIDTH_HINT = ("This project's ResNet50 takes a third argument, the width factor (a keyword with "
              "default 1.0, which builds the original): write the signature as "
              "ResNet50(input_shape=(64, 64, 3), classes=6, width=1.0) and multiply every filter "
              "count by it with the helper w(...) of the cell.")
INITIALIZER_HINT = ("`initializer` is a function that makes an initializer: call it, "
                    "kernel_initializer=initializer(seed=0), rather than passing the function itself.")
ERRORS = [(ValueError, r"Inputs have incompatible shapes", SHAPE_HINT),
          (TypeError, r"unexpected keyword argument 'width'", WIDTH_HINT),
          (TypeError, r"__call__\(\) got an unexpected keyword argument 'dtype'", INITIALIZER_HINT)]
PLUS_HINT = ("Add the two paths with the Add layer, Add()([X, X_shortcut]): `X + X_shortcut` computes "
             "the same sum but leaves no layer in the model, so its layer list does not match.")
RELU_HINT = ("Use Activation('relu') as the exercise says: ReLU() computes the same, but the model must "
             "have the reference's layers, class by class, to take the pretrained weights.")
ADD_ORDER_HINT = ("Your block adds the paths as Add()([X_shortcut, X]); write Add()([X, X_shortcut]), "
                  "main path first. The sum is the same, but Keras lists a model's layers by their "
                  "distance from the output and, at equal distance, in the order of the Add's inputs, "
                  "so the shortcut's layers land elsewhere in the list and the pretrained weights, read "
                  "back in that order, would not fit.")


def _keras():
    from utils.notebook import import_tensorflow

    import_tensorflow()
    import keras

    return keras


def _reference():
    from utils.nn import resnet

    return resnet


class _GraderInitializer:
    """The initializer of the checks: kernels that depend on their shape only, whatever the seed.

    Called as the course calls its initializers, `initializer(seed=0)`, it returns a Keras
    initializer drawing from a generator keyed by the kernel's shape, scaled by 1 / sqrt(fan in).
    It reads as `grader_initializer` in messages and is its own copy (Checker.call copies the
    arguments to detect changes made in place).
    """

    def __call__(self, seed=0):
        keras = _keras()

        class ShapeKeyed(keras.initializers.Initializer):
            def __call__(self, shape, dtype=None):
                shape = tuple(int(n) for n in shape)
                fan_in = int(np.prod(shape[:-1])) or 1
                values = np.random.default_rng([7, *shape]).standard_normal(shape) / np.sqrt(fan_in)
                return keras.ops.convert_to_tensor(values.astype("float32"), dtype=dtype)

        return ShapeKeyed()

    def __repr__(self):
        return "grader_initializer"

    def __deepcopy__(self, memo):
        return self


grader_initializer = _GraderInitializer()


# ---------------------------------------------------------------------------------------------
# The reference block, and the wrong blocks whose outputs the checks recognise


def _block(X, f, filters, s=None, training=True, initializer=grader_initializer, mistake=None):
    """The identity block (s None) or the convolutional block (stride s) of utils/nn/resnet.py,
    with one known `mistake` if given: "add after relu", "no add", "stride on middle", "stride on
    last", "no shortcut bn", "shortcut first"."""
    layers = _keras().layers

    def conv(X, n, size, stride=1, padding="valid"):
        return layers.Conv2D(n, size, strides=stride, padding=padding,
                             kernel_initializer=initializer(seed=0))(X)

    def bn(X):
        return layers.BatchNormalization(axis=3)(X, training=training)

    stride = s or 1
    strides = {"first": stride, "middle": 1, "last": 1}
    if mistake == "stride on middle":
        strides = {"first": 1, "middle": stride, "last": 1}
    elif mistake == "stride on last":
        strides = {"first": 1, "middle": 1, "last": stride}
    F1, F2, F3 = filters
    X_shortcut = X
    X = layers.Activation("relu")(bn(conv(X, F1, 1, strides["first"])))
    X = layers.Activation("relu")(bn(conv(X, F2, f, strides["middle"], padding="same")))
    X = bn(conv(X, F3, 1, strides["last"]))
    if s is not None:
        X_shortcut = conv(X_shortcut, F3, 1, stride)
        if mistake != "no shortcut bn":
            X_shortcut = bn(X_shortcut)
    if mistake == "no add":
        return layers.Activation("relu")(X)
    if mistake == "add after relu":
        return layers.Add()([layers.Activation("relu")(X), X_shortcut])
    pair = [X_shortcut, X] if mistake == "shortcut first" else [X, X_shortcut]
    return layers.Activation("relu")(layers.Add()(pair))


def _block_model(block, input_shape, **kwargs):
    """A keras Model of one block on inputs of `input_shape` (without the batch axis)."""
    keras = _keras()
    inputs = keras.Input(shape=input_shape)
    return keras.Model(inputs, block(inputs, **kwargs))


def _values(block, X, training, initializer=grader_initializer, **kwargs):
    return np.asarray(block(X, training=training, initializer=initializer, **kwargs))


def _known_mistakes(reference, training, convolutional):
    """{description of a known wrong block: its output}, for the call reference(training, ...)."""
    resnet = _reference()
    mistakes = {
        "the shortcut is added after the final ReLU; add it to the output of the last "
        "BatchNormalization, then apply the ReLU": reference(training, mistake="add after relu"),
        "the shortcut is never added: the block must end with Add()([X, X_shortcut]) and then "
        "the ReLU": reference(training, mistake="no add"),
        ("the BatchNormalization layers ignore `training`: call each one as "
         "BatchNormalization(axis=3)(X, training=training)" if training else
         "the BatchNormalization layers are always in training mode: pass them the block's own "
         "argument, training=training, not True"): reference(not training),
    }
    for default, spelled in ((resnet.random_uniform, "random_uniform"),
                             (resnet.glorot_uniform, "glorot_uniform")):
        mistakes[f"the convolutions do not use the `initializer` argument (they look drawn by "
                 f"{spelled}(seed=0)): create each with "
                 f"kernel_initializer=initializer(seed=0)"] = reference(training, initializer=default)
    if convolutional:
        mistakes.update({
            "the stride s is on the middle (f x f) convolution; it belongs to the first, 1x1, "
            "convolution of the main path (and to the shortcut's)":
                reference(training, mistake="stride on middle"),
            "the stride s is on the last convolution of the main path; it belongs to the first "
            "one (and to the shortcut's)": reference(training, mistake="stride on last"),
            "the shortcut has no BatchNormalization: its 1x1 convolution must be followed by "
            "BatchNormalization(axis=3), as the main path's convolutions are":
                reference(training, mistake="no shortcut bn"),
        })
    return mistakes


def _check_block(c, X, f, filters, s=None):
    """Values in training and inference mode (known mistakes named), then the layers."""
    call = {"f": f, "filters": filters} if s is None else {"f": f, "filters": filters, "s": s}

    def reference(training, **options):
        return _values(_block, X, training, f=f, filters=filters, s=s, **options)

    for training in (True, False):
        what = f"the block's output with training={training}"
        with keras_names_kept():
            expected = reference(training)
            got = c.call(X, training=training, initializer=grader_initializer, **call)
            try:
                same_tensor(c, got, expected, what=what, rtol=1e-4, atol=1e-5)
            except CheckFailed:        # only now is it worth building the wrong blocks
                same_tensor(c, got, expected, what=what, rtol=1e-4, atol=1e-5,
                            mistakes=_known_mistakes(reference, training, s is not None))
                raise
    c.ok(f"values with training=True and False: X {X.shape}, f={f}, filters {list(filters)}"
         + ("" if s is None else f", s={s}"))
    with keras_names_kept():
        model = _block_model(c.fn, X.shape[1:], initializer=grader_initializer, **call)
        expected = describe_model(_block_model(_block, X.shape[1:], **call))
        problem = architecture_difference(model, expected, input_shape=(None, *X.shape[1:]))
        if problem is not None:
            swapped = describe_model(_block_model(_block, X.shape[1:], mistake="shortcut first",
                                                  **call))
            if s is not None and architecture_difference(model, swapped) is None:
                hint = ADD_ORDER_HINT
            elif "Add layer is missing" in problem:
                hint = PLUS_HINT
            elif "found ReLU" in problem:
                hint = RELU_HINT
            else:
                hint = None
            where = f"built as a model on inputs of shape {(None, *X.shape[1:])}"
            raise CheckFailed("\n".join([f"{c.name}({', '.join(f'{k}={v}' for k, v in call.items())}), "
                                         f"{where}: {problem}"]
                                        + ([f"  hint: {hint}"] if hint else []) + c.notes))
    c.ok(f"as a model: {len(model.layers) - 1} layers with the expected classes, settings and shapes")


def check_identity_block(identity_block):
    c = Checker(identity_block, "identity_block", error_hints=ERRORS)
    X = np.random.default_rng(2).standard_normal((3, 5, 5, 6)).astype("float32")
    _check_block(c, X, f=2, filters=(4, 5, 6))
    c.done()


def check_convolutional_block(convolutional_block):
    c = Checker(convolutional_block, "convolutional_block", error_hints=ERRORS)
    rng = np.random.default_rng(3)
    _check_block(c, rng.standard_normal((3, 7, 7, 4)).astype("float32"),
                 f=2, filters=(3, 5, 6), s=2)
    _check_block(c, rng.standard_normal((2, 6, 6, 3)).astype("float32"),
                 f=3, filters=(4, 4, 5), s=3)
    c.done()


# ---------------------------------------------------------------------------------------------
# ResNet50


@cache
def _resnet50_description(input_shape, classes, width):
    with keras_names_kept():
        return describe_model(_reference().ResNet50(input_shape=input_shape, classes=classes, width=width))


def _place(description, index):
    """Where layer `index` (from 0) of ResNet50's description stands: the stem, a block, the head."""
    adds = [i for i, entry in enumerate(description) if entry[0] == "Add"]
    if index < 5:
        return "in the stem (stage 1)"
    if index > adds[-1] + 1:
        return "in the head, after the last block"
    block = sum(1 for i in adds if i + 1 < index) + 1          # a block ends with Add, Activation
    resnet = _reference()
    for stage, (_, _, blocks) in enumerate(resnet.RESNET50_STAGES, start=2):
        if block <= blocks:
            kind = "its convolutional block" if block == 1 else f"identity block {block - 1}"
            return f"in stage {stage}, {kind}"
        block -= blocks
    return "after the last block"


def check_ResNet50(ResNet50):
    resnet = _reference()
    c = Checker(ResNet50, "ResNet50", error_hints=ERRORS,
                uses={"identity_block": (resnet.identity_block, check_identity_block),
                      "convolutional_block": (resnet.convolutional_block, check_convolutional_block)})
    cases = (((64, 64, 3), 6, None), ((96, 96, 1), 4, 0.25))
    for input_shape, classes, width in cases:
        kwargs = {"input_shape": input_shape, "classes": classes}
        if width is not None:
            kwargs["width"] = width
        with keras_names_kept():
            model = c.call(**kwargs)
            expected = _resnet50_description(input_shape, classes, width or 1.0)
            problem = architecture_difference(model, expected, input_shape=(None, *input_shape))
        if problem is not None:
            shown = ", ".join(f"{k}={v}" for k, v in kwargs.items())
            lines = [f"ResNet50({shown}): {problem}"]
            found = re.search(r"(after )?layer (\d+) \(", problem)
            number = found and int(found.group(2)) + (1 if found.group(1) else 0)
            if number and number <= len(expected):
                lines.append(f"  note: in the reference, layer {number} is {_place(expected, number - 1)}")
            if width is not None and "with filters" in problem:
                lines.append("  hint: at width=0.25 every filter count is a quarter of the original "
                             "one: scale them all with w(...), those of stages 3 to 5 too.")
            raise CheckFailed("\n".join(lines + c.notes))
        if width is None:
            c.ok(f"full width, (64, 64, 3), 6 classes: {len(model.layers) - 1} layers, "
                 f"{model.count_params():,} parameters, as the reference")
        else:
            c.ok(f"width 0.25, (96, 96, 1), 4 classes: {model.count_params():,} parameters, layer by "
                 "layer as the reference")
    c.done()
