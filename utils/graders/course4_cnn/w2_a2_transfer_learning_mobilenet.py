"""Graders for course4_cnn/w2_a2_transfer_learning_mobilenet.ipynb.

`check_data_augmenter` builds the learner's augmentation for 64x64 pictures and compares it
layer by layer with RandomFlip("horizontal") -> RandomRotation(0.2). `check_alpaca_model`
builds the learner's model on an augmentation of its own (no training) and checks, in this
order: the layers (augmentation, base, pooling, dropout 0.2, a Dense(1) giving logits), that
the augmentation passed in is used on the raw pictures, that the base sees the output of
`preprocess_input` (pixels mapped to [-1, 1]), that it is frozen, that it is called with
training=False, and that it holds the project's pretrained weights. `check_fine_tune` runs the
learner's function on reference models (for two `fine_tune_at` and learning rates, so a
hard-coded value fails) and checks which layers of the base train, and the new compilation
(Adam at the given learning rate, binary cross-entropy on logits, accuracy).

This project departs from the original in one place: the base is built with weights=None and
loaded with `data.load_pretrained("mobilenet_source", base_model)`, the project's own weights
for alpha 0.35 and 64x64 inputs, instead of weights="imagenet", which downloads. While a check
runs, nothing can be downloaded: weights="imagenet" fails at once with a hint that says so.

Models built here take no layer names from the learner's kernel (see utils.grading.keras_names_kept).
"""

import math
from contextlib import contextmanager

import numpy as np

from utils.data import PretrainedMismatch
from utils.grading import Checker, architecture_difference, keras_names_kept

IMG_SIZE = (64, 64)
ALPHA = 0.35
ASSET = "mobilenet_source"
BASE_OUTPUT = (None, 2, 2, 1280)     # MobileNetV2 keeps 1280 channels at its end for any alpha < 1
BASE_PARAMETERS = 410_208

IMAGENET_HINT = (
    "This project never downloads anything, so weights='imagenet' (what the original course "
    "passes) cannot work here. Build the base with weights=None and alpha=ALPHA, then load the "
    "project's own pretrained weights into it: data.load_pretrained(\"mobilenet_source\", base_model).")
MISMATCH_HINT = (
    "The project's weights fit one architecture: keras.applications.MobileNetV2(input_shape=input_shape, "
    "include_top=False, weights=None, alpha=ALPHA), with image_shape (64, 64) and ALPHA = 0.35. The "
    "original course builds it without alpha (1.0) and for 160x160 pictures.")
ERROR_HINTS = [(OSError, r"download refused", IMAGENET_HINT),
               (PretrainedMismatch, r"", MISMATCH_HINT)]


def _keras():
    from utils.notebook import import_tensorflow

    import_tensorflow()
    import keras

    return keras


@contextmanager
def _no_downloads():
    """Make any download by Keras fail at once, online or not, with a message the hint knows."""
    _keras()
    from keras.src.utils import file_utils

    def refuse(fname=None, origin=None, *args, **kwargs):
        raise OSError(f"download refused: this project works offline, and Keras tried to fetch "
                      f"{origin or fname}")

    saved = file_utils.get_file
    file_utils.get_file = refuse
    try:
        yield
    finally:
        file_utils.get_file = saved


# ---------------------------------------------------------------------------------------------
# Reference versions


def reference_data_augmenter():
    keras = _keras()
    return keras.Sequential([keras.layers.RandomFlip("horizontal"), keras.layers.RandomRotation(0.2)])


def reference_alpaca_model(image_shape, data_augmentation, pretrained=True):
    """augmentation -> preprocess_input -> frozen MobileNetV2 base (training=False) ->
    GlobalAveragePooling2D -> Dropout(0.2) -> Dense(1) logits."""
    from utils import data

    keras = _keras()
    input_shape = tuple(image_shape) + (3,)
    base_model = keras.applications.MobileNetV2(input_shape=input_shape, include_top=False,
                                                weights=None, alpha=ALPHA)
    if pretrained:
        data.load_pretrained(ASSET, base_model)
    base_model.trainable = False
    inputs = keras.Input(shape=input_shape)
    x = data_augmentation(inputs)
    x = keras.applications.mobilenet_v2.preprocess_input(x)
    x = base_model(x, training=False)
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dropout(0.2)(x)
    outputs = keras.layers.Dense(1)(x)
    return keras.Model(inputs, outputs)


def reference_fine_tune(model, fine_tune_at, learning_rate):
    keras = _keras()
    base_model = model.layers[2]
    base_model.trainable = True
    for layer in base_model.layers[:fine_tune_at]:
        layer.trainable = False
    model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=learning_rate), metrics=["accuracy"])
    return model


# ---------------------------------------------------------------------------------------------
# data_augmenter

AUGMENTER_LAYERS = [
    ("RandomFlip", (None, *IMG_SIZE, 3), 0, {"mode": "horizontal"}),
    ("RandomRotation", (None, *IMG_SIZE, 3), 0, {"factor": (-0.2, 0.2)}),
]


def check_data_augmenter(data_augmenter):
    keras = _keras()
    c = Checker(data_augmenter, "data_augmenter")
    with keras_names_kept():
        augmenter = c.call()
        if isinstance(augmenter, keras.Sequential) and not augmenter.built:
            augmenter.build((None, *IMG_SIZE, 3))     # the original adds layers without an Input
        problem = architecture_difference(augmenter, AUGMENTER_LAYERS)
    if problem is not None:
        hint = None
        if "mode 'horizontal_and_vertical'" in problem:
            hint = ("RandomFlip() flips both ways by default; pass 'horizontal': an alpaca upside "
                    "down is not a picture the model will meet.")
        elif "factor" in problem:
            hint = "RandomRotation(0.2) turns by up to 20% of a full turn either way: factor 0.2."
        c.fail(problem, hint=hint)
    c.ok("a keras.Sequential: RandomFlip('horizontal'), then RandomRotation(0.2)")
    c.done()


# ---------------------------------------------------------------------------------------------
# alpaca_model


def _alpaca_layers(augmentation_shape):
    return [("Sequential", augmentation_shape, 0),
            ("Functional", BASE_OUTPUT, BASE_PARAMETERS),
            ("GlobalAveragePooling2D", (None, 1280), 0),
            ("Dropout", (None, 1280), 0, {"rate": 0.2}),
            ("Dense", (None, 1), 1281, {"units": 1, "activation": "linear"})]


def _call_node(layer):
    """The node of the last call of `layer` in a functional graph (its inputs and keywords)."""
    nodes = getattr(layer, "_inbound_nodes", [])
    return nodes[-1] if nodes else None


def _pretrained_first_kernel():
    """The first convolution's kernel, (3, 3, 3, 16), as stored in the project's weight file."""
    import h5py

    from utils import data
    from utils.pretrain import weights_relpath

    with h5py.File(data.verified_path(weights_relpath(ASSET)), "r") as handle:
        return handle["layers/conv2d/vars/0"][()]


def check_alpaca_model(alpaca_model):
    keras = _keras()
    c = Checker(alpaca_model, "alpaca_model", error_hints=ERROR_HINTS)
    with keras_names_kept(), _no_downloads():
        augmentation = reference_data_augmenter()
        # Calling the augmentation on the input builds it: a change in place that is expected.
        model = c.call(IMG_SIZE, augmentation, mutation_ok=("data_augmentation",))
        problem = architecture_difference(model, _alpaca_layers((None, *IMG_SIZE, 3)),
                                          input_shape=(None, *IMG_SIZE, 3))
    if problem is not None:
        hint = None
        if "Dense with activation" in problem:
            hint = ("Leave the Dense layer without activation: it gives a logit, and the loss is "
                    "told so with from_logits=True.")
        elif "Functional has" in problem or "Functional output shape" in problem:
            hint = MISMATCH_HINT
        c.fail(problem, hint=hint)
    c.ok("layers: data augmentation, MobileNetV2 base, GlobalAveragePooling2D, Dropout(0.2), Dense(1)")

    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    base = layers[1]
    if layers[0] is not augmentation:
        c.fail("the model's first layer is not the data_augmentation passed to alpaca_model",
               hint="Call the argument, data_augmentation(inputs), rather than building a new one.")
    node = _call_node(augmentation)
    if node is None or node.arguments.args[0] is not model.inputs[0]:
        c.fail("the data augmentation does not work on the model's input pictures",
               hint="Augment the raw pictures first, x = data_augmentation(inputs), then apply "
               "preprocess_input to x.")
    base_node = _call_node(base)
    probe = keras.Model(model.inputs[0], base_node.arguments.args[0])
    pictures = np.linspace(0, 255, 2 * 64 * 64 * 3, dtype="float32").reshape(2, 64, 64, 3)
    seen = np.asarray(probe(pictures, training=False))
    if not np.allclose(seen, pictures / 127.5 - 1, atol=1e-5):
        hint = "Apply preprocess_input (mobilenet_v2.preprocess_input) to the augmented pictures."
        if np.allclose(seen, pictures, atol=1e-3):
            what = "the raw pixel values, 0 to 255"
        elif np.allclose(seen, pictures / 255, atol=1e-5):
            what = "pixels scaled to [0, 1]"
            hint = ("MobileNetV2 was trained on pixels in [-1, 1]: use preprocess_input, which "
                    "computes x / 127.5 - 1, rather than dividing by 255.")
        else:
            what = f"values from {seen.min():.3f} to {seen.max():.3f}"
        c.fail(f"the base receives {what}; expected the pixels mapped to [-1, 1] by preprocess_input",
               hint=hint)
    c.ok("the augmentation works on the input pictures; the base sees preprocess_input's output")

    if base.trainable or any(weight.trainable for weight in base.weights):
        c.fail("the base is trainable; expected it frozen for the first phase of training",
               hint="Set base_model.trainable = False after building it: only the new head learns.")
    if base_node.arguments.kwargs.get("training") is not False:
        c.fail("the base is called without training=False",
               hint="Call it as base_model(x, training=False): its BatchNormalization layers then "
               "keep the statistics of the data they were pretrained on, also later when the "
               "base is unfrozen for fine-tuning.")
    c.ok("the base is frozen and called with training=False; the only trainable layer is Dense(1)")

    kernel = np.asarray(base.layers[1].get_weights()[0])
    if kernel.shape != (3, 3, 3, 16) or not np.array_equal(kernel, _pretrained_first_kernel()):
        c.fail("the base does not hold the project's pretrained weights",
               hint="After building it, load them: data.load_pretrained(\"mobilenet_source\", base_model).")
    c.ok("the base holds the project's pretrained weights (datasets/pretrained/mobilenet_source.weights.h5)")
    c.done()


# ---------------------------------------------------------------------------------------------
# fine_tune


def _trainable_problem(base, fine_tune_at):
    """None when exactly the layers from index fine_tune_at on are trainable, else what differs."""
    flags = [layer.trainable for layer in base.layers]
    if not base.trainable:
        return ("the base is frozen as a whole (base_model.trainable is False)",
                "Keep base_model.trainable = True, then freeze only the layers before fine_tune_at.")
    if all(flags):
        return ("every layer of the base is trainable",
                "Freeze the first ones: set layer.trainable = False for every layer in "
                "base_model.layers[:fine_tune_at].")
    if flags == [index < fine_tune_at for index in range(len(flags))]:
        return ("the layers before fine_tune_at train and the ones from fine_tune_at on are frozen",
                "It is the other way round: the early layers (general features) stay frozen, the "
                "top ones (features closer to the classes) adapt. Freeze base_model.layers[:fine_tune_at].")
    for index, (layer, trainable) in enumerate(zip(base.layers, flags)):
        wanted = index >= fine_tune_at
        if trainable != wanted:
            state, should = ("trainable", "frozen") if trainable else ("frozen", "trainable")
            return (f"layer {index} of the base ({layer.name}) is {state}; expected it {should}, as "
                    f"fine_tune_at={fine_tune_at}",
                    "base_model.layers[:fine_tune_at] are the layers 0 to fine_tune_at - 1; they "
                    "alone are frozen.")
    return None


def _loss_problem(loss):
    keras = _keras()
    if isinstance(loss, keras.losses.BinaryCrossentropy):
        if loss.get_config().get("from_logits"):
            return None
        return ("the loss is BinaryCrossentropy without from_logits=True",
                "The model ends with Dense(1) without activation, so its outputs are logits: "
                "BinaryCrossentropy(from_logits=True).")
    if isinstance(loss, str) and loss in ("binary_crossentropy", "bce"):
        return (f"the loss is the string {loss!r}, which expects probabilities",
                "The model's outputs are logits: use keras.losses.BinaryCrossentropy(from_logits=True).")
    return (f"the loss is {loss!r}; expected BinaryCrossentropy(from_logits=True)",
            "Two classes, one logit: keras.losses.BinaryCrossentropy(from_logits=True).")


def _is_accuracy(metric):
    """Whether one entry of the compiled metrics (a name, a metric, or a serialized metric) is accuracy."""
    if isinstance(metric, str):
        return metric in ("accuracy", "acc", "binary_accuracy")
    name = metric.get("class_name") if isinstance(metric, dict) else type(metric).__name__
    return name in ("BinaryAccuracy", "Accuracy")


def check_fine_tune(fine_tune):
    keras = _keras()
    c = Checker(fine_tune, "fine_tune")
    for fine_tune_at, learning_rate in ((120, 1e-4), (100, 3e-5)):
        with keras_names_kept():
            model = reference_alpaca_model(IMG_SIZE, reference_data_augmenter(), pretrained=False)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
                          loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
            first_optimizer = model.optimizer
            # fine_tune changes the model in place by design: no copy of it (Checker.call copies
            # arguments to spot in-place changes, which would take seconds for a MobileNetV2).
            model.__deepcopy__ = lambda memo, model=model: model
            result = c.call(model, fine_tune_at, learning_rate)
        if result is not model:
            c.fail("fine_tune should return the model it was given, recompiled",
                   got=f"{type(result).__name__}", hint="End with `return model`.")
        problem = _trainable_problem(model.layers[2], fine_tune_at)
        if problem:
            c.fail(problem[0], hint=problem[1])
        if model.optimizer is first_optimizer:
            c.fail("the model still has the optimizer of the first phase",
                   hint="Compile the model again with the new optimizer: the trainable layers "
                   "have changed, and so has the learning rate.")
        if not isinstance(model.optimizer, keras.optimizers.Adam):
            c.fail(f"the optimizer is {type(model.optimizer).__name__}; expected Adam",
                   hint="keras.optimizers.Adam(learning_rate=learning_rate).")
        rate = float(np.asarray(model.optimizer.learning_rate))
        if not math.isclose(rate, learning_rate, rel_tol=1e-5):
            c.fail(f"the optimizer's learning rate is {rate:g}; expected learning_rate={learning_rate:g}",
                   hint="Use the argument learning_rate, not a fixed number.")
        problem = _loss_problem(model.loss)
        if problem:
            c.fail(problem[0], hint=problem[1])
        metrics = model.get_compile_config().get("metrics") or []
        metrics = metrics if isinstance(metrics, (list, tuple)) else [metrics]
        if not any(_is_accuracy(metric) for metric in metrics):
            c.fail(f"the metrics are {metrics!r}; expected ['accuracy']",
                   hint="Pass metrics=['accuracy'] so that fit reports the accuracy.")
    c.ok("for fine_tune_at 120 and 100: the layers before it frozen, the ones from it on trainable")
    c.ok("recompiled: Adam at the given learning rate, BinaryCrossentropy(from_logits=True), accuracy")
    c.done()

