"""The Keras architecture check: a model compared layer by layer with an expected description,
the first difference reported in plain words; Keras 3 and the original course's spellings;
keras_names_kept."""

import copy

import numpy as np
import pytest

from utils.grading import CheckFailed, compare_architecture, describe_model, keras_names_kept
from utils.notebook import import_tensorflow

import_tensorflow()
import keras  # noqa: E402  (after TensorFlow's quiet import)
from keras import layers  # noqa: E402
from keras.src.backend.common import global_state  # noqa: E402


def small_cnn(pool=8, padding="same", activation="softmax", relu=True, extra=None, functional=True):
    """CONV2D -> RELU -> MAXPOOL -> FLATTEN -> DENSE on (64, 64, 3), with knobs for mistakes."""
    stack = [layers.Conv2D(8, 4, padding=padding)]
    if relu:
        stack.append(layers.ReLU())
    stack.append(layers.MaxPooling2D(pool, strides=pool, padding="same"))
    if extra is not None:
        stack.append(extra)
    stack += [layers.Flatten(), layers.Dense(6, activation=activation)]
    if not functional:
        return keras.Sequential([keras.Input((64, 64, 3)), *stack])
    inputs = keras.Input((64, 64, 3))
    x = inputs
    for layer in stack:
        x = layer(x)
    return keras.Model(inputs=inputs, outputs=x)


@pytest.fixture(scope="module")
def expected():
    return describe_model(small_cnn())


def problem(model, expected, name="convolutional_model", input_shape=None):
    """The message, as one line: messages are wrapped at word boundaries, so a phrase may
    straddle a line break."""
    with pytest.raises(CheckFailed) as info:
        compare_architecture(model, expected, name, input_shape=input_shape)
    return " ".join(str(info.value).split())


def test_describe_model_lists_class_shape_parameters_and_settings(expected):
    assert [entry[0] for entry in expected] == ["Conv2D", "ReLU", "MaxPooling2D", "Flatten", "Dense"]
    conv = expected[0]
    assert conv[1] == (None, 64, 64, 8) and conv[2] == 4 * 4 * 3 * 8 + 8
    assert conv[3] == {"filters": 8, "kernel_size": (4, 4), "strides": (1, 1), "padding": "same",
                       "activation": "linear"}
    assert expected[2][3]["pool_size"] == (8, 8)
    assert expected[4][1:3] == ((None, 6), 8 * 8 * 8 * 6 + 6)
    assert expected[4][3]["activation"] == "softmax"


def test_the_right_model_passes_as_functional_or_sequential(expected):
    assert compare_architecture(small_cnn(), expected, "m") is None
    assert compare_architecture(small_cnn(functional=False), expected, "m") is None


def test_a_hand_written_description_passes():
    expected = [("Conv2D", (None, 64, 64, 8), 392, {"padding": "same", "strides": [1, 1],
                                                     "activation": "linear"}),
                ("ReLU",),
                ("MaxPooling2D", (None, 8, 8, 8), 0, {"pool_size": (8, 8)}),
                ("Flatten", (None, 512)),
                ("Dense", None, None, {"units": 6})]
    assert compare_architecture(small_cnn(), expected, "m") is None


def test_wrong_pool_size(expected):
    text = problem(small_cnn(pool=4), expected)
    assert text.startswith("convolutional_model: layer 3 (")
    assert "expected MaxPooling2D with pool_size (8, 8), found pool_size (4, 4)" in text


def test_missing_layer_is_named_with_the_layer_before_it(expected):
    text = problem(small_cnn(relu=False), expected)
    assert "the model has 4 layers; expected 5" in text
    assert "after layer 1 (" in text and "Conv2D) expected ReLU, found nothing" in text
    assert "a ReLU layer is missing" in text
    assert "your layers: Conv2D, MaxPooling2D, Flatten, Dense" in text


def test_extra_layer(expected):
    text = problem(small_cnn(extra=layers.Dropout(0.5)), expected)
    assert "the model has 6 layers; expected 5" in text
    assert "layer 4 (" in text and "is a Dropout that should not be there" in text


def test_model_ending_early_or_late(expected):
    text = problem(small_cnn(), expected + [("Dropout",)])
    assert "the model has 5 layers; expected 6: after layer 5 (" in text
    assert "Dense) expected Dropout, found nothing" in text
    text = problem(small_cnn(), expected[:-1])
    assert "found Dense, expected nothing (the model should end there)" in text


def test_different_class(expected):
    model = small_cnn(extra=None)
    text = problem(model, [("Conv2D",), ("LeakyReLU",), *expected[2:]])
    assert "layer 2 (" in text and "expected LeakyReLU, found ReLU" in text


def test_wrong_activation(expected):
    text = problem(small_cnn(activation="sigmoid"), expected)
    assert "layer 5 (" in text
    assert "expected Dense with activation 'softmax', found activation 'sigmoid'" in text


def test_wrong_padding(expected):
    text = problem(small_cnn(padding="valid"), expected)
    assert "layer 1 (" in text
    assert "expected Conv2D with padding 'same', found padding 'valid'" in text


def test_wrong_shape_and_parameter_count_without_settings(expected):
    shapes_only = [entry[:2] for entry in expected]
    inputs = keras.Input((32, 32, 3))
    x = layers.Conv2D(8, 4, padding="same")(inputs)
    x = layers.ReLU()(x)
    x = layers.MaxPooling2D(8, strides=8, padding="same")(x)
    outputs = layers.Dense(6, activation="softmax")(layers.Flatten()(x))
    text = problem(keras.Model(inputs, outputs), shapes_only)
    assert "layer 1 (" in text and "output shape is (None, 32, 32, 8); expected (None, 64, 64, 8)" in text
    counts = [(entry[0], None, entry[2]) for entry in expected]
    counts[0] = ("Conv2D", None, 100)
    assert "Conv2D has 392 parameters; expected 100" in problem(small_cnn(), counts)


def test_negative_axis_equals_its_positive_form():
    def with_axis(axis):
        return keras.Sequential([keras.Input((8, 8, 2)), layers.BatchNormalization(axis=axis)])

    expected = describe_model(with_axis(3))
    assert expected[0][3] == {"axis": 3}
    assert compare_architecture(with_axis(-1), expected, "m") is None
    assert "expected BatchNormalization with axis 3, found axis 1" in problem(with_axis(1), expected)


def test_not_a_model(expected):
    assert problem(None, expected, "happyModel") == (
        "happyModel: expected a keras Model, got None. Did you forget to `return` the model?")
    assert "got a Dense. A layer alone is not a model" in problem(layers.Dense(3), expected)
    assert "got a KerasTensor. That is a tensor" in problem(keras.Input((3,)), expected)
    assert "got a list" in problem([layers.Dense(3)], expected)


def test_unbuilt_model(expected):
    assert "the model is not built" in problem(keras.Sequential([layers.Dense(3)]), expected)

    class Subclassed(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(3)

        def call(self, x):
            return self.dense(x)

    text = problem(Subclassed(), expected)
    assert "(Subclassed) is not built" in text and "call it once on a batch of inputs" in text
    assert "Sequential" not in text


def test_input_shape(expected):
    assert compare_architecture(small_cnn(), expected, "m", input_shape=(None, 64, 64, 3)) is None
    text = problem(small_cnn(), expected, input_shape=(None, 32, 32, 3))
    assert "the model's input has shape (None, 64, 64, 3); expected (None, 32, 32, 3)" in text
    assert compare_architecture(small_cnn(), expected, "m", input_shape=[(None, 64, 64, 3)]) is None


# ---------------------------------------------------------------------------------------------
# Keras 3 and the original course's spellings


def test_conv2d_padding_SAME_is_read_as_same(expected):
    inputs = keras.Input((64, 64, 3))
    x = layers.Conv2D(8, 4, padding="SAME")(inputs)
    x = layers.ReLU()(x)
    x = layers.MaxPooling2D(8, strides=8, padding="same")(x)
    outputs = layers.Dense(6, activation="softmax")(layers.Flatten()(x))
    assert compare_architecture(keras.Model(inputs, outputs), expected, "m") is None


def test_keras_pooling_takes_SAME_on_arrays_but_not_in_a_model():
    """What Keras 3.15 does with the original course's padding='SAME' in a pooling layer: on an
    array it computes what 'same' computes; on the symbolic input of a model it raises, which is
    why graders give a hint rather than accept it. If this test fails, Keras changed: revisit
    the hint (POOL_PADDING_HINT in utils/graders/course4_cnn/w1_a2_convolution_application.py)."""
    x = np.random.default_rng(0).standard_normal((2, 37, 29, 3)).astype("float32")
    for pool, stride in [(8, 8), (4, 4), (3, 2)]:
        for layer in (layers.MaxPooling2D, layers.AveragePooling2D):
            same = np.asarray(layer(pool, strides=stride, padding="same")(x))
            upper = np.asarray(layer(pool, strides=stride, padding="SAME")(x))
            assert same.shape == upper.shape and np.array_equal(same, upper)
    with pytest.raises(ValueError, match=r"`padding` must be either 'valid' or 'same'\. "
                                         r"Received: padding=SAME"):
        layers.MaxPooling2D(8, strides=8, padding="SAME")(keras.Input((64, 64, 3)))


# ---------------------------------------------------------------------------------------------
# keras_names_kept: models built inside leave the automatic layer names as they were


def _names(model):
    return [layer.name for layer in model.layers]


@pytest.fixture
def name_counters():
    """Keras's name counters, put back after the test."""
    saved = global_state.get_global_attribute("object_name_uids")
    yield
    global_state.set_global_attribute("object_name_uids", saved)


def test_keras_names_kept_after_other_models(name_counters):
    small_cnn()
    before = copy.deepcopy(global_state.get_global_attribute("object_name_uids"))
    expected = _names(small_cnn())                 # the names the next model gets ...
    global_state.set_global_attribute("object_name_uids", before)
    with keras_names_kept():
        small_cnn()
        small_cnn(functional=False)
    assert _names(small_cnn()) == expected         # ... and still gets after the block


def test_keras_names_kept_in_a_fresh_kernel(name_counters):
    global_state.set_global_attribute("object_name_uids", None)
    with keras_names_kept():
        small_cnn()
    names = _names(small_cnn())
    assert "conv2d" in names and "conv2d_1" not in names, names
