"""Graders of course4_cnn/w1_a2 (solution and blank stub: tests/test_grader_contract.py): wrong
architectures (a missing layer, a wrong pool size, padding or activation, a hard-coded input
shape, no model returned) are rejected with the first difference named."""

from helpers import passes, rejects

from utils.graders.course4_cnn import w1_a2_convolution_application as grader
from utils.notebook import import_tensorflow

import_tensorflow()
import keras  # noqa: E402  (after TensorFlow's quiet import)
from keras import layers  # noqa: E402


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
         return_tensor=False):
    input_img = keras.Input(shape=input_shape)
    x = layers.Conv2D(filters[0], 4, padding=padding)(input_img)
    x = layers.ReLU()(x)
    x = layers.MaxPooling2D(pool[0], strides=pool[0], padding="same")(x)
    x = layers.Conv2D(filters[1], 2, padding=padding)(x)
    x = layers.ReLU()(x)
    x = layers.MaxPooling2D(pool[1], strides=pool[1], padding="same")(x)
    outputs = layers.Dense(6, activation=activation)(layers.Flatten()(x))
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
