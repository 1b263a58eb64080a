"""Graders of course4_cnn/w1_a2 (solution and blank stub: tests/test_grader_contract.py): wrong
architectures (a missing layer, a wrong pool size, padding or activation, a hard-coded input
shape, no model returned) are rejected with the first difference named; code written for the
original course (tfl.*, padding 'SAME', input_shape= on the first layer) passes; a check leaves
the learner's layer names alone."""

import pytest
from helpers import passes
from helpers import rejects as _rejects

from utils.graders.course4_cnn import w1_a2_convolution_application as grader
from utils.notebook import import_tensorflow

import_tensorflow()
import keras  # noqa: E402  (after TensorFlow's quiet import)
import tensorflow as tf  # noqa: E402
import tensorflow.keras.layers as tfl  # noqa: E402  (the original course's import)
from keras import layers  # noqa: E402
from keras.src.backend.common import global_state  # noqa: E402


def rejects(check, fn, *fragments):
    """helpers.rejects, with the fragments looked for in the message as one line: messages are
    wrapped at word boundaries, so a fragment may straddle a line break."""
    message = " ".join(_rejects(check, fn).split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in message, f"{fragment!r} not in:\n{message}"
    return message


def happy(batch_norm=True, pool=2, activation="sigmoid", padding=3, relu=layers.ReLU):
    stack = [keras.Input(shape=(64, 64, 3)), layers.ZeroPadding2D(padding=padding),
             layers.Conv2D(32, (7, 7))]
    if batch_norm:
        stack.append(layers.BatchNormalization(axis=3))
    stack += [relu(), layers.MaxPooling2D(pool), layers.Flatten(), layers.Dense(1, activation=activation)]
    return keras.Sequential(stack)


def test_happy_model_wrong_versions():
    message = rejects(grader.check_happyModel, lambda: happy(batch_norm=False),
                      "the model has 6 layers; expected 7", "a BatchNormalization layer is missing")
    assert "after layer 2 (" in message
    rejects(grader.check_happyModel, lambda: happy(pool=3),
            "layer 5 (", "expected MaxPooling2D with pool_size (2, 2), found pool_size (3, 3)")
    rejects(grader.check_happyModel, lambda: happy(activation="relu"),
            "expected Dense with activation 'sigmoid', found activation 'relu'")
    rejects(grader.check_happyModel, lambda: happy(padding=2),
            "expected ZeroPadding2D with padding ((3, 3), (3, 3)), found padding ((2, 2), (2, 2))")
    rejects(grader.check_happyModel, lambda: happy(relu=lambda: layers.Activation("relu")),
            "expected ReLU, found Activation")


def test_happy_model_not_a_model():
    def no_return():
        happy()

    def layer_list():
        return [layers.ZeroPadding2D(3), layers.Conv2D(32, 7)]

    def no_input_shape():
        return keras.Sequential([layers.ZeroPadding2D(3), layers.Conv2D(32, 7), layers.Flatten(),
                                 layers.Dense(1, activation="sigmoid")])

    rejects(grader.check_happyModel, no_return, "expected a keras Model, got None", "return")
    rejects(grader.check_happyModel, layer_list, "expected a keras Model, got a list")
    rejects(grader.check_happyModel, no_input_shape, "not built", "keras.Input")


def conv(input_shape, padding="same", pool=(8, 4), activation="softmax", filters=(8, 16),
         return_tensor=False, pool_padding="same", units=6):
    input_img = keras.Input(shape=input_shape)
    x = layers.Conv2D(filters[0], 4, padding=padding)(input_img)
    x = layers.ReLU()(x)
    x = layers.MaxPooling2D(pool[0], strides=pool[0], padding=pool_padding)(x)
    x = layers.Conv2D(filters[1], 2, padding=padding)(x)
    x = layers.ReLU()(x)
    x = layers.MaxPooling2D(pool[1], strides=pool[1], padding=pool_padding)(x)
    outputs = layers.Dense(units, activation=activation)(layers.Flatten()(x))
    return outputs if return_tensor else keras.Model(inputs=input_img, outputs=outputs)


def test_convolutional_model_wrong_versions():
    rejects(grader.check_convolutional_model, lambda s: conv(s, padding="valid"),
            "layer 1 (", "expected Conv2D with padding 'same', found padding 'valid'")
    rejects(grader.check_convolutional_model, lambda s: conv(s, pool=(4, 8)),
            "layer 3 (", "expected MaxPooling2D with pool_size (8, 8), found pool_size (4, 4)")
    rejects(grader.check_convolutional_model, lambda s: conv(s, activation="sigmoid"),
            "layer 8 (", "expected Dense with activation 'softmax', found activation 'sigmoid'")
    rejects(grader.check_convolutional_model, lambda s: conv(s, filters=(16, 8)),
            "expected Conv2D with filters 8, found filters 16")
    rejects(grader.check_convolutional_model, lambda s: conv((64, 64, 3)),
            "convolutional_model(input_shape=(48, 40, 2)): the model's input has shape (None, 64, 64, 3); "
            "expected (None, 48, 40, 2)", "use it rather than fixed numbers")
    rejects(grader.check_convolutional_model, lambda s: conv(s, return_tensor=True),
            "expected a keras Model, got a KerasTensor", "keras.Model(inputs=..., outputs=...)")


def test_convolutional_model_sequential_version_is_accepted():
    def sequential(input_shape):
        return keras.Sequential([
            keras.Input(shape=input_shape),
            layers.Conv2D(8, 4, padding="same"), layers.ReLU(),
            layers.MaxPooling2D(8, strides=8, padding="same"),
            layers.Conv2D(16, 2, padding="same"), layers.ReLU(),
            layers.MaxPooling2D(4, strides=4, padding="same"),
            layers.Flatten(), layers.Dense(6, activation="softmax"),
        ])

    passes(grader.check_convolutional_model, sequential)


# ---------------------------------------------------------------------------------------------
# Code written for the original course (TensorFlow 2 / Keras 2 habits) on Keras 3


def original_happy_model():
    """In the original's style: tfl layers, input_shape= on the first layer, tfl.MaxPool2D."""
    model = tf.keras.Sequential([
        tfl.ZeroPadding2D(padding=(3, 3), input_shape=(64, 64, 3)),
        tfl.Conv2D(filters=32, kernel_size=(7, 7), strides=(1, 1)),
        tfl.BatchNormalization(axis=3),
        tfl.ReLU(),
        tfl.MaxPool2D(),
        tfl.Flatten(),
        tfl.Dense(units=1, activation="sigmoid"),
    ])
    return model


def original_convolutional_model(input_shape, pool_padding="SAME"):
    """In the original's style: tf.keras.Input, tfl layers, padding 'SAME' everywhere."""
    input_img = tf.keras.Input(shape=input_shape)
    Z1 = tfl.Conv2D(filters=8, kernel_size=(4, 4), strides=(1, 1), padding="SAME")(input_img)
    A1 = tfl.ReLU()(Z1)
    P1 = tfl.MaxPool2D(pool_size=(8, 8), strides=(8, 8), padding=pool_padding)(A1)
    Z2 = tfl.Conv2D(filters=16, kernel_size=(2, 2), strides=(1, 1), padding="SAME")(P1)
    A2 = tfl.ReLU()(Z2)
    P2 = tfl.MaxPool2D(pool_size=(4, 4), strides=(4, 4), padding=pool_padding)(A2)
    F = tfl.Flatten()(P2)
    outputs = tfl.Dense(units=6, activation="softmax")(F)
    model = tf.keras.Model(inputs=input_img, outputs=outputs)
    return model


@pytest.mark.filterwarnings("ignore:Do not pass an `input_shape`")
def test_original_style_models_pass():
    assert tfl.Conv2D is layers.Conv2D and tf.keras.Sequential is keras.Sequential
    passes(grader.check_happyModel, original_happy_model)
    passes(grader.check_convolutional_model, lambda s: original_convolutional_model(s, pool_padding="same"))


def test_padding_SAME_passes_in_conv_layers_and_gets_a_hint_in_pooling_layers():
    passes(grader.check_convolutional_model, lambda s: conv(s, padding="SAME"))
    message = rejects(grader.check_convolutional_model, original_convolutional_model,
                      "raised ValueError", "Received: padding=SAME",
                      "P1 = tfl.MaxPool2D(pool_size=(8, 8), strides=(8, 8), padding=pool_padding)(A1)",
                      "Keras 3's pooling layers take the padding in lower case only",
                      "write padding='same'")
    assert message.count("hint:") == 1
    rejects(grader.check_convolutional_model, lambda s: conv(s, pool_padding="valid"),
            "layer 3 (", "expected MaxPooling2D with padding 'same', found padding 'valid'")


def test_float_layer_sizes_get_the_keras_3_hint():
    rejects(grader.check_convolutional_model, lambda s: conv(s, filters=(8., 16)),
            "raised ValueError", "A layer size is a float", "Keras 3 wants whole numbers of type int")
    rejects(grader.check_convolutional_model, lambda s: conv(s, units=6.),
            "raised ValueError", "Received: units=6.0", "A layer size is a float")


# ---------------------------------------------------------------------------------------------
# A check leaves the learner's layer names alone


@pytest.fixture
def fresh_names():
    """Keras's name counters as in a kernel where no model was built yet, put back afterwards."""
    saved = global_state.get_global_attribute("object_name_uids")
    global_state.set_global_attribute("object_name_uids", None)
    yield
    global_state.set_global_attribute("object_name_uids", saved)


def names(model):
    return [model.name] + [layer.name for layer in model.layers]


def names_after(*steps):
    """The names of the model the last step builds, in a fresh kernel after the other steps."""
    global_state.set_global_attribute("object_name_uids", None)
    for step in steps[:-1]:
        step()
    return names(steps[-1]())


def check_happy():
    passes(grader.check_happyModel, happy)


def check_conv():
    passes(grader.check_convolutional_model, conv)


def conv_64():
    return conv((64, 64, 3))


def test_learners_model_after_a_check_has_plain_names(fresh_names):
    assert names_after(check_happy, happy) == [
        "sequential", "zero_padding2d", "conv2d", "batch_normalization", "re_lu", "max_pooling2d",
        "flatten", "dense"]
    assert names_after(check_conv, conv_64) == names_after(conv_64)
    assert names_after(check_conv, conv_64)[:2] == ["functional", "input_layer"]


def test_a_failed_check_leaves_the_names_alone_too(fresh_names):
    def fails():
        rejects(grader.check_happyModel, lambda: happy(pool=3), "pool_size")

    def raises():
        rejects(grader.check_convolutional_model, lambda s: conv(s, filters=(8., 16)), "float")

    assert names_after(fails, raises, happy) == names_after(happy)


def test_names_go_on_from_the_learners_own_models(fresh_names):
    assert names_after(happy, check_happy, check_conv, happy) == names_after(happy, happy)
