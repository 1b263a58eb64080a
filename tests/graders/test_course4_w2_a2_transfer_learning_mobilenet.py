"""Graders of course4_cnn/w2_a2 (solution and blank stub: tests/test_grader_contract.py): wrong
augmenters, models and fine-tuning steps are rejected with the difference named; code written
for the original course (tfl.*, tf.keras.applications, an empty Sequential filled with .add)
passes once it builds the base with weights=None and loads the project's weights, and
weights="imagenet" gets the hint that names that departure, without any download."""

import pytest
from helpers import passes
from helpers import rejects as _rejects

from utils import data
from utils.graders.course4_cnn import w2_a2_transfer_learning_mobilenet as grader
from utils.notebook import import_tensorflow

import_tensorflow()
import keras  # noqa: E402  (after TensorFlow's quiet import)
import tensorflow as tf  # noqa: E402
import tensorflow.keras.layers as tfl  # noqa: E402  (the original course's import)
from keras import layers  # noqa: E402

ALPHA = 0.35
preprocess_input = keras.applications.mobilenet_v2.preprocess_input


def rejects(check, fn, *fragments):
    """helpers.rejects, with the fragments looked for in the message as one line."""
    message = " ".join(_rejects(check, fn).split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in message, f"{fragment!r} not in:\n{message}"
    return message


# ---------------------------------------------------------------------------------------------
# data_augmenter


def augmenter(flip="horizontal", factor=0.2, order=("flip", "rotate")):
    made = {"flip": lambda: layers.RandomFlip(flip) if flip else layers.RandomFlip(),
            "rotate": lambda: layers.RandomRotation(factor)}
    return keras.Sequential([made[name]() for name in order])


def test_data_augmenter_wrong_versions():
    rejects(grader.check_data_augmenter, lambda: augmenter(flip=None),
            "layer 1 (", "expected RandomFlip with mode 'horizontal', found mode 'horizontal_and_vertical'",
            "RandomFlip() flips both ways by default")
    rejects(grader.check_data_augmenter, lambda: augmenter(flip="vertical"),
            "expected RandomFlip with mode 'horizontal', found mode 'vertical'")
    rejects(grader.check_data_augmenter, lambda: augmenter(factor=0.5),
            "layer 2 (", "expected RandomRotation with factor (-0.2, 0.2), found factor (-0.5, 0.5)")
    rejects(grader.check_data_augmenter, lambda: augmenter(order=("flip",)),
            "the model has 1 layers; expected 2", "expected RandomRotation, found nothing")
    rejects(grader.check_data_augmenter, lambda: augmenter(order=("rotate", "flip")),
            "layer 1 (", "expected RandomFlip, found RandomRotation")
    rejects(grader.check_data_augmenter,
            lambda: [layers.RandomFlip("horizontal"), layers.RandomRotation(0.2)],
            "expected a keras Model, got a list")


def original_data_augmenter():
    """In the original's style: an empty tf.keras.Sequential filled with .add, no Input."""
    data_augmentation = tf.keras.Sequential()
    data_augmentation.add(tfl.RandomFlip("horizontal"))
    data_augmentation.add(tfl.RandomRotation(0.2))
    return data_augmentation


def test_data_augmenter_in_other_styles_passes():
    passes(grader.check_data_augmenter, original_data_augmenter)
    passes(grader.check_data_augmenter, lambda: keras.Sequential([
        keras.Input(shape=(64, 64, 3)), layers.RandomFlip("horizontal"),
        layers.RandomRotation(factor=(-0.2, 0.2))]))


# ---------------------------------------------------------------------------------------------
# alpaca_model: one builder with a switch per plausible mistake


def builder(activation=None, preprocess="preprocess_input", frozen=True, training=False, load=True,
            dropout=True, alpha=ALPHA, weights=None, own_augmentation=False, ret=True):
    def alpaca_model(image_shape, data_augmentation):
        input_shape = image_shape + (3,)
        kwargs = {"alpha": alpha} if alpha is not None else {}
        base_model = tf.keras.applications.MobileNetV2(input_shape=input_shape, include_top=False,
                                                       weights=weights, **kwargs)
        if load:
            data.load_pretrained("mobilenet_source", base_model)
        base_model.trainable = not frozen
        inputs = tf.keras.Input(shape=input_shape)
        augment = grader.reference_data_augmenter() if own_augmentation else data_augmentation
        x = augment(inputs)
        if preprocess == "preprocess_input":
            x = preprocess_input(x)
        elif preprocess == "divide by 255":
            x = x / 255.0
        x = base_model(x, training=False) if training is False else base_model(x)
        x = tfl.GlobalAveragePooling2D()(x)
        if dropout:
            x = tfl.Dropout(0.2)(x)
        outputs = tfl.Dense(1, activation=activation)(x)
        model = tf.keras.Model(inputs, outputs)
        return model if ret else None

    return alpaca_model


def test_alpaca_model_reference_and_original_style_pass():
    """The original's code, with weights=None, alpha=ALPHA and the project's weights loaded."""
    message = passes(grader.check_alpaca_model, builder())
    assert "the base holds the project's pretrained weights" in message


def test_alpaca_model_wrong_head():
    rejects(grader.check_alpaca_model, builder(activation="sigmoid"),
            "layer 5 (", "expected Dense with activation 'linear', found activation 'sigmoid'",
            "Leave the Dense layer without activation", "from_logits=True")
    rejects(grader.check_alpaca_model, builder(dropout=False),
            "the model has 4 layers; expected 5", "a Dropout layer is missing")
    rejects(grader.check_alpaca_model, builder(ret=False), "expected a keras Model, got None")


def test_alpaca_model_wrong_inputs_to_the_base():
    rejects(grader.check_alpaca_model, builder(preprocess=None),
            "the base receives the raw pixel values, 0 to 255; expected the pixels mapped to [-1, 1] "
            "by preprocess_input", "Apply preprocess_input")
    rejects(grader.check_alpaca_model, builder(preprocess="divide by 255"),
            "the base receives pixels scaled to [0, 1]", "computes x / 127.5 - 1")
    rejects(grader.check_alpaca_model, builder(own_augmentation=True),
            "the model's first layer is not the data_augmentation passed to alpaca_model")


def test_alpaca_model_base_not_frozen_not_in_inference_mode_or_not_loaded():
    rejects(grader.check_alpaca_model, builder(frozen=False),
            "the base is trainable; expected it frozen", "base_model.trainable = False")
    rejects(grader.check_alpaca_model, builder(training=None),
            "the base is called without training=False", "BatchNormalization")
    rejects(grader.check_alpaca_model, builder(load=False),
            "the base does not hold the project's pretrained weights",
            'data.load_pretrained("mobilenet_source", base_model)')


@pytest.mark.filterwarnings("ignore:`input_shape` is undefined or non-square")
def test_alpaca_model_original_base_gets_the_departure_named(monkeypatch):
    """weights='imagenet' as in the original: no download is tried, and the hint says why."""
    attempts = []
    monkeypatch.setattr("urllib.request.urlopen", lambda *a, **k: attempts.append(a))
    message = rejects(grader.check_alpaca_model, builder(weights="imagenet", alpha=None, load=False),
                      "raised OSError: download refused", "weights='imagenet' (what the original "
                      "course passes) cannot work here", "weights=None and alpha=ALPHA",
                      'data.load_pretrained("mobilenet_source", base_model)')
    assert "at line" in message and attempts == []
    rejects(grader.check_alpaca_model, builder(alpha=None),
            "raised PretrainedMismatch", "expected Conv2D with filters 16, found filters 32",
            "include_top=False, weights=None, alpha=ALPHA")


# ---------------------------------------------------------------------------------------------
# fine_tune


def tuner(freeze="before", learning_rate=None, loss="logits", optimizer="adam", metrics=("accuracy",),
          refreeze=False, compile_again=True):
    def fine_tune(model, fine_tune_at, rate):
        base_model = model.layers[2]
        base_model.trainable = True
        chosen = {"before": base_model.layers[:fine_tune_at], "after": base_model.layers[fine_tune_at:],
                  "off by one": base_model.layers[:fine_tune_at + 1], "none": []}[freeze]
        for layer in chosen:
            layer.trainable = False
        if refreeze:
            base_model.trainable = False
        rate = learning_rate or rate
        loss_function = {"logits": tf.keras.losses.BinaryCrossentropy(from_logits=True),
                         "probabilities": tf.keras.losses.BinaryCrossentropy(),
                         "string": "binary_crossentropy"}[loss]
        opt = {"adam": tf.keras.optimizers.Adam(learning_rate=rate),
               "sgd": tf.keras.optimizers.SGD(learning_rate=rate)}[optimizer]
        if compile_again:
            model.compile(loss=loss_function, optimizer=opt, metrics=list(metrics))
        return model

    return fine_tune


def test_fine_tune_reference_and_metric_objects_pass():
    passes(grader.check_fine_tune, tuner())
    passes(grader.check_fine_tune, tuner(metrics=(keras.metrics.BinaryAccuracy(),)))


def test_fine_tune_wrong_layers_trainable():
    rejects(grader.check_fine_tune, tuner(freeze="none"),
            "every layer of the base is trainable", "base_model.layers[:fine_tune_at]")
    rejects(grader.check_fine_tune, tuner(freeze="after"),
            "the layers before fine_tune_at train and the ones from fine_tune_at on are frozen")
    rejects(grader.check_fine_tune, tuner(freeze="off by one"),
            "layer 120 of the base (", "is frozen; expected it trainable, as fine_tune_at=120")
    rejects(grader.check_fine_tune, tuner(refreeze=True),
            "the base is frozen as a whole (base_model.trainable is False)")


def test_fine_tune_wrong_compilation():
    rejects(grader.check_fine_tune, tuner(learning_rate=1e-4),
            "the optimizer's learning rate is 0.0001; expected learning_rate=3e-05",
            "Use the argument learning_rate")
    rejects(grader.check_fine_tune, tuner(loss="probabilities"),
            "the loss is BinaryCrossentropy without from_logits=True", "outputs are logits")
    rejects(grader.check_fine_tune, tuner(loss="string"),
            "the loss is the string 'binary_crossentropy', which expects probabilities")
    rejects(grader.check_fine_tune, tuner(optimizer="sgd"), "the optimizer is SGD; expected Adam")
    rejects(grader.check_fine_tune, tuner(metrics=()), "the metrics are []; expected ['accuracy']")
    rejects(grader.check_fine_tune, tuner(compile_again=False),
            "the model still has the optimizer of the first phase", "Compile the model again")


@pytest.fixture(autouse=True, scope="module")
def _fresh_session():
    yield
    keras.backend.clear_session()
