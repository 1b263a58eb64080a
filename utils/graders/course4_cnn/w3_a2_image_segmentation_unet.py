"""Graders for course4_cnn/w3_a2_image_segmentation_unet.ipynb.

Each check calls the learner's function on Keras inputs of its own (other heights, widths, channel
and filter counts than the notebook's), builds the result into a model and compares it with the
reference of utils/nn/unet.py, in this order:

1. what came back: two tensors (next_layer, skip_connection) from conv_block, one tensor from
   upsampling_block, a keras Model from unet_model; None, a tuple of the wrong length, a layer
   that was never called on a tensor, or tensors that do not come from the inputs are named;
2. layer by layer (utils.grading.architecture_difference): class, output shape, parameters and
   the settings filters, kernel size, strides, padding, activation, dropout rate, pool size,
   concatenation axis, and He initialization on every 3x3 convolution; the first layer that
   differs is named, with a hint where the difference is a classic mistake (Dropout added when
   dropout_prob is 0 or left out, pooling when max_pooling is False, a softmax on the logits, the
   filters not doubled per level, ...);
3. what the block returns and in which order: the skip connection taken after the pooling, the
   two values swapped, the skip connection concatenated first;
4. the values: the learner's model is given the reference's weights and must compute the same
   output (in inference mode), which catches a layer applied to the wrong tensor.

`check_unet_model` runs the learner's unet_model with the reference conv_block and
upsampling_block swapped in (a block of the learner's that does not pass yet gets a note), and
records how they are called, so a mistake in the wiring (the fifth block pooled, a skip
connection that is the pooled output, a block given the wrong number of filters or dropout) is
named in the learner's own terms (cblock4[1], upsampling block 2, ...). It checks the full-size
model of the notebook ((96, 128, 3), n_filters=32, 23 classes: 8,640,471 parameters, as the
original) and a small one; a differing layer is also placed in its block.

Code written for the original course passes as it is: `inputs=None` as the first default,
`tensorflow.keras.layers` classes, kernel_initializer='he_normal', MaxPooling2D(pool_size=(2, 2)),
Conv2DTranspose(n_filters, 3, strides=(2, 2), padding='same'), concatenate([up, contractive_input],
axis=3). The transposed and the last 1x1 convolution keep whatever initializer they are given, as
in the original; a max pooling's padding is not judged (on even sizes 'same' and 'valid' agree).

Models built here take no layer names from the learner's kernel (see utils.grading.keras_names_kept).
"""

import inspect
import re
from functools import cache

import numpy as np

from utils.grading import (
    ARCHITECTURE_SETTINGS,
    Checker,
    CheckFailed,
    NotAttempted,
    architecture_difference,
    describe,
    describe_model,
    keras_names_kept,
)

SETTINGS = ARCHITECTURE_SETTINGS + ("kernel_initializer",)
UNET_CASES = (((96, 128, 3), 32, 23), ((32, 48, 2), 2, 5))
DEEP_DROPOUT = 0.3

CONCAT_AXIS_HINT = ("The two tensors have the same height and width and differ only in their channels: "
                    "concatenate them on the channel axis, concatenate([up, contractive_input], axis=3) "
                    "(or axis=-1).")
CONCAT_SIZE_HINT = ("The two tensors to concatenate must have the same height and width. "
                    "Conv2DTranspose(n_filters, 3, strides=(2, 2), padding='same') doubles the height "
                    "and width of expansive_input to those of contractive_input: without strides=2 it "
                    "keeps them, and with padding='valid' it adds one.")
UPSAMPLING_ERRORS = [
    (ValueError, r"Concatenate.*input_shape=\[\(None, (\d+), (\d+), \d+\), \(None, \1, \2, \d+\)\]",
     CONCAT_AXIS_HINT),
    (ValueError, r"Concatenate. layer requires inputs with matching shapes", CONCAT_SIZE_HINT),
]
NOT_CALLED_HINT = ("A Keras layer is first created, then called on a tensor: "
                   "Conv2D(n_filters, 3, ...)(inputs), with the second pair of brackets.")
INITIALIZER_HINT = ("Give every 3x3 Conv2D kernel_initializer='he_normal': He initialization keeps the "
                    "scale of the activations through layers of ReLUs.")
RELU_HINT = ("Put the ReLU inside each Conv2D, Conv2D(..., activation='relu'), rather than as a layer of "
             "its own: the model must have the reference's layers, class by class, to take the "
             "pretrained weights.")
LOGITS_HINT = ("The last Conv2D(n_classes, 1, padding='same') gives logits: leave it without activation. "
               "The loss, SparseCategoricalCrossentropy(from_logits=True), applies the softmax itself.")
HEAD_HINT = ("After the last upsampling_block come two convolutions: conv9 = Conv2D(n_filters, 3, "
             "activation='relu', padding='same', kernel_initializer='he_normal'), then conv10 = "
             "Conv2D(n_classes, 1, padding='same'), the logits of every class at every pixel.")
DOUBLING_HINT = ("The number of filters doubles at every level of the contracting path (n_filters, "
                 "n_filters * 2, * 4, * 8, * 16) and halves back on the expanding path (* 8, * 4, * 2, "
                 "* 1); use the argument n_filters rather than fixed numbers.")


def _keras():
    from utils.notebook import import_tensorflow

    import_tensorflow()
    import keras

    return keras


def _reference():
    from utils.nn import unet

    return unet


def _expected(model):
    """The description of a reference model for architecture_difference, with the settings judged:
    the initializer on the 3x3 convolutions only, no padding on the pooling."""
    entries = []
    for name, shape, parameters, settings in describe_model(model, SETTINGS):
        settings = dict(settings)
        if not (name == "Conv2D" and settings.get("kernel_size") == (3, 3)):
            settings.pop("kernel_initializer", None)
        if name == "MaxPooling2D":
            settings.pop("padding", None)
        entries.append((name, shape, parameters, settings))
    return entries


def _is_tensor(value):
    return isinstance(value, _keras().KerasTensor)


def _what_is(value):
    """A description of a value that should be a tensor, with a hint when it is not."""
    keras = _keras()
    if isinstance(value, keras.layers.Layer):
        return f"a {type(value).__name__} layer, not a tensor", NOT_CALLED_HINT
    if isinstance(value, np.ndarray) or (hasattr(value, "numpy") and not _is_tensor(value)):
        return (f"{describe(value)}, not a symbolic Keras tensor",
                "Stay with Keras layers: the block is called on keras.Input tensors to build a model.")
    return describe(value), None


def _fail(c, head, problem, hint=None):
    """Raise CheckFailed: `head` (the call), the problem, a hint, the notes."""
    lines = [f"{c.name}({head}): {problem}"] + ([f"  hint: {hint}"] if hint else []) + c.notes
    raise CheckFailed("\n".join(lines))


def _architecture_hint(problem, model):
    """A hint for a difference that is a classic mistake; None when the text alone says enough."""
    if "kernel_initializer" in problem:
        return INITIALIZER_HINT
    separate = any(type(layer).__name__ in ("ReLU", "Activation") for layer in getattr(model, "layers", []))
    if re.search(r"found (ReLU|Activation)\b", problem) or (
            separate and "found activation 'linear'" in problem):
        return RELU_HINT
    if "expected Conv2D with activation 'relu', found activation 'linear'" in problem:
        return "Every 3x3 Conv2D of the U-Net has activation='relu'."
    return None


def _build(c, head, inputs, outputs):
    """keras.Model(inputs, outputs), or a failure that says why the outputs do not make a model."""
    keras = _keras()
    try:
        return keras.Model(inputs, outputs)
    except Exception as exc:
        _fail(c, head, f"the tensors it returns cannot be built into a model with the inputs it was "
              f"given ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})",
              "Build the block from its arguments: every layer is called on `inputs` (or on the "
              "output of the layer before), not on a keras.Input of its own.")


def _same_values(c, head, model, reference, arrays, what):
    """Give `model` the reference's weights; its outputs on `arrays` must be the reference's."""
    try:
        model.set_weights(reference.get_weights())
    except Exception as exc:
        _fail(c, head, f"its weights do not have the shapes of the reference's ({type(exc).__name__})")
    got = model(arrays, training=False)
    expected = reference(arrays, training=False)
    got = got if isinstance(got, (list, tuple)) else [got]
    expected = expected if isinstance(expected, (list, tuple)) else [expected]
    for name, mine, theirs in zip(what, got, expected):
        mine, theirs = np.asarray(mine), np.asarray(theirs)
        if mine.shape != theirs.shape or not np.allclose(mine, theirs, rtol=1e-4, atol=1e-5):
            err = float(np.max(np.abs(mine - theirs))) if mine.shape == theirs.shape else None
            _fail(c, head, f"it has the reference's layers, but given the reference's weights, "
                  f"{name} differs from the reference's"
                  + (f" (largest absolute error {err:.3g})" if err is not None else ""),
                  "Check which tensor each layer is applied to: every layer takes the output of the "
                  "layer before it, as in the exercise's description.")


# ---------------------------------------------------------------------------------------------
# conv_block


def _conv_block_case(c, input_shape, n_filters, dropout_prob, max_pooling, seed):
    keras = _keras()
    unet = _reference()
    call = {"n_filters": n_filters, "dropout_prob": dropout_prob, "max_pooling": max_pooling}
    head = ", ".join(f"{k}={v}" for k, v in call.items())
    head = f"inputs of shape {(None, *input_shape)}, {head}"
    with keras_names_kept():
        inputs = keras.Input(input_shape)
        result = c.call(inputs, mutation_ok=("inputs", 0), **call)
        if result is None:
            _fail(c, head, "it returned None; expected a tuple of two tensors (next_layer, "
                  "skip_connection)", "Did you forget `return next_layer, skip_connection`?")
        if _is_tensor(result):
            _fail(c, head, f"it returned one tensor ({describe(result)}); expected two, "
                  "(next_layer, skip_connection)",
                  "Return both: `return next_layer, skip_connection`, the second being the output "
                  "before the pooling, which the expanding path needs.")
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            _fail(c, head, f"it returned {describe(result)}; expected a tuple of two tensors "
                  "(next_layer, skip_connection)", "Return exactly two values: "
                  "`return next_layer, skip_connection`.")
        for name, value in zip(("next_layer", "skip_connection"), result):
            if not _is_tensor(value):
                text, hint = _what_is(value)
                _fail(c, head, f"{name} is {text}", hint)
        reference_inputs = keras.Input(input_shape)
        reference = keras.Model(reference_inputs,
                                list(unet.conv_block(reference_inputs, **call)))
        model = _build(c, head, inputs, list(result))
        problem = architecture_difference(model, _expected(reference), input_shape=(None, *input_shape))
        if problem is not None:
            hint = _architecture_hint(problem, model)
            if "Dropout that should not be there" in problem and dropout_prob == 0:
                hint = ("Add the Dropout layer only when dropout_prob > 0 (`if dropout_prob > 0:`); "
                        "here dropout_prob is 0.")
            elif "Dropout that should not be there" in problem:
                hint = "One Dropout(dropout_prob), after the second convolution and before the pooling."
            elif "a Dropout layer is missing" in problem or (
                    "expected Dropout" in problem and "found nothing" in problem):
                hint = (f"With dropout_prob > 0 (here {dropout_prob}) the block applies "
                        "Dropout(dropout_prob) after the second convolution, before the pooling.")
            elif "expected Dropout with rate" in problem:
                hint = "Use the argument: Dropout(dropout_prob), not a fixed rate."
            elif "MaxPooling2D that should not be there" in problem or (
                    not max_pooling and "found MaxPooling2D, expected nothing" in problem):
                hint = ("Pool only when max_pooling is True (`if max_pooling:`); otherwise next_layer is "
                        "the output of the convolutions itself.")
            elif "MaxPooling2D layer is missing" in problem or (
                    "expected MaxPooling2D" in problem and "found nothing" in problem):
                hint = ("With max_pooling=True, next_layer is MaxPooling2D(pool_size=(2, 2)) applied to "
                        "the convolutions' output, and that pooled tensor is returned first.")
            elif "with filters" in problem:
                hint = "Both convolutions have n_filters filters, the argument, not a fixed number."
            _fail(c, head, f"built as a model: {problem}", hint)
        want_next, want_skip = (tuple(t.shape) for t in reference.outputs)
        got_next, got_skip = (tuple(t.shape) for t in result)
        if (got_next, got_skip) != (want_next, want_skip):
            hint = None
            if max_pooling and (got_next, got_skip) == (want_skip, want_next):
                hint = "The two values are swapped: return next_layer (pooled) first, then skip_connection."
            elif max_pooling and got_skip == want_next:
                hint = ("The skip connection is taken after the pooling. It must be the block's output "
                        "before MaxPooling2D: the expanding path concatenates it at the full "
                        "resolution of this level.")
            elif max_pooling and got_next == want_skip:
                hint = "next_layer must be the pooled tensor, the output of MaxPooling2D."
            _fail(c, head, f"it returned tensors of shapes (next_layer {got_next}, skip_connection "
                  f"{got_skip}); expected ({want_next}, {want_skip})", hint)
        if max_pooling and result[0] is result[1]:
            _fail(c, head, "next_layer and skip_connection are the same tensor, although the block pools",
                  "next_layer is the pooled tensor, skip_connection the one before pooling.")
        arrays = np.random.default_rng(seed).standard_normal((2, *input_shape)).astype("float32")
        _same_values(c, head, model, reference, arrays, ("next_layer", "skip_connection"))
    c.ok(f"inputs {(None, *input_shape)}, n_filters={n_filters}, dropout_prob={dropout_prob}, "
         f"max_pooling={max_pooling}: {len(model.layers) - 1} layers, shapes and values as the reference")


def check_conv_block(conv_block):
    c = Checker(conv_block, "conv_block")
    _conv_block_case(c, (12, 20, 5), 6, 0, True, seed=1)
    _conv_block_case(c, (10, 8, 3), 7, 0.25, True, seed=2)
    _conv_block_case(c, (6, 10, 4), 9, 0.4, False, seed=3)
    c.done()


# ---------------------------------------------------------------------------------------------
# upsampling_block


def _concatenation_order(model, reference):
    """None, or a description of how the learner's Concatenate takes its inputs differently."""
    keras = _keras()

    def shapes(m):
        found = [layer for layer in m.layers if isinstance(layer, keras.layers.Concatenate)]
        if len(found) != 1:
            return None
        inputs = found[0].input
        return [tuple(t.shape) for t in (inputs if isinstance(inputs, (list, tuple)) else [inputs])]

    got, want = shapes(model), shapes(reference)
    if got is None or got == want:
        return None
    if got == want[::-1]:
        return ("its Concatenate puts the skip connection (contractive_input) first: "
                f"it receives shapes {got}; expected {want}")
    return f"its Concatenate receives tensors of shapes {got}; expected {want}"


def _upsampling_case(c, expansive_shape, contractive_shape, n_filters, seed):
    keras = _keras()
    unet = _reference()
    head = (f"expansive_input of shape {(None, *expansive_shape)}, contractive_input of shape "
            f"{(None, *contractive_shape)}, n_filters={n_filters}")
    with keras_names_kept():
        expansive, contractive = keras.Input(expansive_shape), keras.Input(contractive_shape)
        result = c.call(expansive, contractive, n_filters=n_filters,
                        mutation_ok=(0, 1, "expansive_input", "contractive_input"))
        if result is None:
            _fail(c, head, "it returned None; expected a tensor", "Did you forget `return conv`?")
        if isinstance(result, (tuple, list)):
            _fail(c, head, f"it returned {describe(result)}; expected one tensor, the output of the "
                  "second convolution", "Return the tensor alone: `return conv`.")
        if not _is_tensor(result):
            text, hint = _what_is(result)
            _fail(c, head, f"it returned {text}; expected a tensor", hint)
        a, b = keras.Input(expansive_shape), keras.Input(contractive_shape)
        reference = keras.Model([a, b], unet.upsampling_block(a, b, n_filters=n_filters))
        model = _build(c, head, [expansive, contractive], result)
        problem = architecture_difference(model, _expected(reference))
        if problem is not None:
            hint = _architecture_hint(problem, model)
            if "Conv2DTranspose with strides" in problem:
                hint = ("Conv2DTranspose(n_filters, 3, strides=(2, 2), padding='same') doubles the height "
                        "and width to those of the skip connection.")
            elif "found Concatenate" in problem or "Concatenate layer is missing" in problem:
                hint = ("The block is: Conv2DTranspose on expansive_input, then concatenate([up, "
                        "contractive_input], axis=3), then two 3x3 Conv2D.")
            elif "with filters" in problem:
                hint = ("The transposed convolution and both convolutions have n_filters filters, the "
                        "argument.")
            _fail(c, head, f"built as a model: {problem}", hint)
        order = _concatenation_order(model, reference)
        if order is not None:
            _fail(c, head, order, "Concatenate the upsampled tensor first and the skip connection second, "
                  "concatenate([up, contractive_input], axis=3): the channels of the next convolution's "
                  "kernel come in that order, and the pretrained weights with them.")
        rng = np.random.default_rng(seed)
        arrays = [rng.standard_normal((2, *expansive_shape)).astype("float32"),
                  rng.standard_normal((2, *contractive_shape)).astype("float32")]
        _same_values(c, head, model, reference, arrays, ("the output",))
    c.ok(f"expansive {(None, *expansive_shape)}, contractive {(None, *contractive_shape)}, "
         f"n_filters={n_filters}: layers, concatenation order and values as the reference")


def check_upsampling_block(upsampling_block):
    c = Checker(upsampling_block, "upsampling_block", error_hints=UPSAMPLING_ERRORS)
    _upsampling_case(c, (5, 7, 8), (10, 14, 3), 4, seed=1)
    _upsampling_case(c, (3, 4, 6), (6, 8, 6), 5, seed=2)
    c.done()


# ---------------------------------------------------------------------------------------------
# unet_model


class _Recorder:
    """The reference blocks, recording how unet_model calls them (arguments and returned tensors)."""

    def __init__(self):
        self.conv_calls, self.up_calls = [], []

    def clear(self):
        self.conv_calls.clear()
        self.up_calls.clear()

    def conv_block(self, *args, **kwargs):
        reference = _reference().conv_block
        bound = inspect.signature(reference).bind(*args, **kwargs)
        bound.apply_defaults()
        self.conv_calls.append((dict(bound.arguments), (None, None)))    # recorded even if it raises
        result = reference(*args, **kwargs)
        self.conv_calls[-1] = (dict(bound.arguments), result)
        return result

    def upsampling_block(self, *args, **kwargs):
        reference = _reference().upsampling_block
        bound = inspect.signature(reference).bind(*args, **kwargs)
        bound.apply_defaults()
        self.up_calls.append((dict(bound.arguments), None))
        result = reference(*args, **kwargs)
        self.up_calls[-1] = (dict(bound.arguments), result)
        return result

    def _name(self, tensor):
        """How the learner's code names a tensor the blocks returned: cblock3[1], ublock7, ..."""
        for number, (_, (next_layer, skip)) in enumerate(self.conv_calls, start=1):
            if tensor is skip and tensor is next_layer:
                return f"cblock{number}[0]", number, None
            if tensor is next_layer:
                return f"cblock{number}[0]", number, "pooled"
            if tensor is skip:
                return f"cblock{number}[1]", number, "skip"
        for number, (_, output) in enumerate(self.up_calls, start=6):
            if tensor is output:
                return f"ublock{number}", number, "up"
        return "a tensor that no block returned", None, None

    def diagnosis(self, n_filters, inputs):
        """The first way the blocks were called otherwise than in the reference, or None."""
        plan = [(1, 0, True), (2, 0, True), (4, 0, True), (8, DEEP_DROPOUT, True), (16, DEEP_DROPOUT, False)]
        if not self.conv_calls and not self.up_calls:
            return None
        ordinal = ["first", "second", "third", "fourth", "fifth"]
        for i, (arguments, _) in enumerate(self.conv_calls[:5]):
            factor, dropout, pooling = plan[i]
            where = f"the {ordinal[i]} conv_block (cblock{i + 1})"
            if arguments["n_filters"] != n_filters * factor:
                return (f"{where} was given n_filters={arguments['n_filters']}; expected "
                        f"{n_filters * factor} (n_filters * {factor}). {DOUBLING_HINT}")
            if arguments["dropout_prob"] != dropout:
                return (f"{where} was given dropout_prob={arguments['dropout_prob']}; expected {dropout}: "
                        f"only the fourth and fifth blocks use dropout, dropout_prob={DEEP_DROPOUT}.")
            if bool(arguments["max_pooling"]) != pooling:
                if not pooling:
                    return (f"{where} pools: give it max_pooling=False. The fifth block is the bottom of "
                            "the U; the expanding path starts from its full-size output.")
                return (f"{where} was given max_pooling={arguments['max_pooling']}; only the fifth block "
                        "does not pool.")
            given = arguments["inputs"]
            if i == 0 and inputs is not None and given is not inputs:
                name = self._name(given)[0]
                return f"{where} was given {name}; expected the model's input, keras.Input(input_size)."
            if i > 0:
                name, number, kind = self._name(given)
                if (number, kind) != (i, "pooled"):
                    return (f"{where} was given {name}; expected cblock{i}[0], the pooled output of the "
                            "block before")
        if len(self.conv_calls) != 5:
            return f"unet_model calls conv_block {len(self.conv_calls)} times; expected 5"
        for j, (arguments, _) in enumerate(self.up_calls[:4]):
            where = f"the {ordinal[j]} upsampling_block (ublock{j + 6})"
            factor = 2 ** (3 - j)
            if arguments["n_filters"] != n_filters * factor:
                return (f"{where} was given n_filters={arguments['n_filters']}; expected "
                        f"{n_filters * factor} (n_filters * {factor}). {DOUBLING_HINT}")
            want = "cblock5[0]" if j == 0 else f"ublock{j + 5}"
            name = self._name(arguments["expansive_input"])[0]
            if name != want and not (j == 0 and name == "cblock5[1]"):
                return f"{where} was given expansive_input={name}; expected {want}"
            name, number, kind = self._name(arguments["contractive_input"])
            if number != 4 - j or kind not in ("skip", None):
                extra = (", the pooled output: the skip connection is the second value conv_block returns, "
                         "taken before the pooling" if kind == "pooled" else "")
                return (f"{where} was given contractive_input={name}{extra}; expected cblock{4 - j}[1], the "
                        "skip connection of the contracting block of the same size")
        if len(self.up_calls) != 4:
            return f"unet_model calls upsampling_block {len(self.up_calls)} times; expected 4"
        return None


@cache
def _unet_reference(input_size, n_filters, n_classes):
    """(description, the reference model) of unet_model(input_size, n_filters, n_classes)."""
    with keras_names_kept():
        model = _reference().unet_model(input_size=input_size, n_filters=n_filters, n_classes=n_classes)
        return _expected(model), model


def _place(description, index):
    """Where layer `index` (from 0) of the U-Net's description stands: which block, or the head."""
    transposes = [i for i, entry in enumerate(description) if entry[0] == "Conv2DTranspose"]
    pools = [i for i, entry in enumerate(description) if entry[0] == "MaxPooling2D"]
    up = sum(1 for i in transposes if i <= index)
    if up:
        if index > transposes[-1] + 3:
            return "in the head, after the last upsampling_block (conv9 or conv10)"
        return f"in the {['first', 'second', 'third', 'fourth'][up - 1]} upsampling_block (ublock{up + 5})"
    block = sum(1 for i in pools if i < index) + 1
    if block == 5:
        return "in the fifth conv_block (cblock5, the bottom of the U, without pooling)"
    return f"in the {['first', 'second', 'third', 'fourth'][block - 1]} conv_block (cblock{block})"


def check_unet_model(unet_model):
    recorder = _Recorder()
    c = Checker(unet_model, "unet_model",
                uses={"conv_block": (recorder.conv_block, check_conv_block),
                      "upsampling_block": (recorder.upsampling_block, check_upsampling_block)})
    for input_size, n_filters, n_classes in UNET_CASES:
        call = {"input_size": input_size, "n_filters": n_filters, "n_classes": n_classes}
        shown = ", ".join(f"{k}={v}" for k, v in call.items())
        expected, reference = _unet_reference(input_size, n_filters, n_classes)
        recorder.clear()
        with keras_names_kept():
            notes, c.notes = c.notes, []
            try:
                model = c.call(**call)
            except NotAttempted:
                c.notes = notes
                raise
            except CheckFailed as failure:
                c.notes = notes
                diagnosis = recorder.diagnosis(n_filters, None)
                lines = [str(failure)] + ([f"  hint: {diagnosis}"] if diagnosis else []) + notes
                raise CheckFailed("\n".join(lines)) from None
            c.notes = notes
            problem = architecture_difference(model, expected, input_shape=(None, *input_size))
            if problem is not None:
                lines = [f"unet_model({shown}): {problem}"]
                found = re.search(r"(after )?layer (\d+) \(", problem)
                number = found and int(found.group(2)) + (1 if found.group(1) else 0)
                place = _place(expected, number - 1) if number and number <= len(expected) else ""
                if place:
                    lines.append(f"  note: in the reference, layer {number} is {place}")
                inputs = model.inputs[0] if isinstance(model, _keras().Model) and model.inputs else None
                hint = recorder.diagnosis(n_filters, inputs)
                if hint is None:
                    last = model.layers[-1:] if isinstance(model, _keras().Model) else []
                    activation = last and getattr(last[0], "activation", None)
                    activation = getattr(activation, "__name__", None)
                    if ("activation 'linear', found activation" in problem
                            or (last and type(last[0]).__name__ in ("Activation", "Softmax"))
                            or activation in ("softmax", "sigmoid")):
                        hint = LOGITS_HINT
                    elif place.startswith("in the head") or "found nothing" in problem:
                        hint = HEAD_HINT
                    elif "with filters" in problem:
                        hint = DOUBLING_HINT
                    else:
                        hint = _architecture_hint(problem, model)
                if hint:
                    lines.append(f"  hint: {hint}")
                raise CheckFailed("\n".join(lines + c.notes))
            if n_filters == UNET_CASES[-1][1]:
                arrays = np.random.default_rng(4).standard_normal((2, *input_size)).astype("float32")
                _same_values(c, shown, model, reference, arrays, ("the logits",))
        if input_size == UNET_CASES[0][0]:
            c.ok(f"{shown}: {len(model.layers) - 1} layers, {model.count_params():,} parameters, "
                 "as the reference")
        else:
            c.ok(f"{shown}: layer by layer and in its values as the reference")
    c.done()
