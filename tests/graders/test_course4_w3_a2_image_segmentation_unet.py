"""Graders of course4_cnn/w3_a2 (until the notebook exists, the reference of utils/nn/unet.py stands for its
solution): wrong blocks (the skip connection after the pooling or after the first convolution, Dropout
when dropout_prob is 0 or left out, pooling whatever max_pooling says, the He initializer or the ReLU
missing, 'valid' padding, the values swapped; the transposed convolution without strides=2, the
concatenation in the wrong order or on the wrong axis) and wrong U-Nets (a softmax on the logits, the
filters not doubled, the fifth block pooled, a pooled skip connection, dropout on the wrong blocks, the
head missing a convolution) are rejected with the mistake or the first differing layer named; odd return
values are described, not crashed on; code written for the original course passes; a check leaves the
learner's layer names alone. Then the metric helpers of utils/nn/unet.py."""

import numpy as np
import pytest
from helpers import not_attempted, passes, rejects

from utils.graders.course4_cnn import w3_a2_image_segmentation_unet as grader
from utils.nn import unet
from utils.notebook import import_tensorflow

tf = import_tensorflow()
import keras  # noqa: E402  (after TensorFlow's quiet import)
from keras import layers  # noqa: E402
from keras.src.backend.common import global_state  # noqa: E402
from tensorflow.keras.layers import (  # noqa: E402  (the original course's imports)
    Conv2D,
    Conv2DTranspose,
    Dropout,
    Input,
    MaxPooling2D,
    concatenate,
)

# ---------------------------------------------------------------------------------------------
# conv_block with one mistake each


def conv_block_with(*, skip="before pool", dropout="if positive", pooling="if asked", activation="relu",
                    initializer="he_normal", padding="same", swapped=False, relu_layer=False,
                    dropout_after_pool=False, filters=None):
    def conv_block(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
        n = filters or n_filters

        def conv(x):
            x = layers.Conv2D(n, 3, activation=None if relu_layer else activation, padding=padding,
                              kernel_initializer=initializer)(x)
            return layers.ReLU()(x) if relu_layer else x

        first = conv(inputs)
        out = conv(first)
        rate = {"if positive": dropout_prob, "always": dropout_prob, "fixed": 0.3 * (dropout_prob > 0),
                "never": 0}[dropout]
        if rate > 0 or dropout == "always":
            if not dropout_after_pool:
                out = layers.Dropout(rate)(out)
        pool = max_pooling if pooling == "if asked" else pooling == "always"
        next_layer = layers.MaxPooling2D((2, 2))(out) if pool else out
        if dropout_after_pool and dropout_prob > 0:
            next_layer = layers.Dropout(dropout_prob)(next_layer)
        skip_connection = {"before pool": out, "after pool": next_layer, "first conv": first}[skip]
        return (skip_connection, next_layer) if swapped else (next_layer, skip_connection)
    return conv_block


def test_the_reference_blocks_pass():
    passes(grader.check_conv_block, unet.conv_block)
    passes(grader.check_upsampling_block, unet.upsampling_block)
    passes(grader.check_conv_block, conv_block_with())
    passes(grader.check_upsampling_block, upsampling_block_with())


def test_blank_stubs_are_not_attempted():
    def conv_block(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
        raise NotImplementedError()

    def upsampling_block(expansive_input, contractive_input, n_filters=32):
        raise NotImplementedError()

    def unet_model(input_size=(96, 128, 3), n_filters=32, n_classes=23):
        raise NotImplementedError()

    not_attempted(grader.check_conv_block, conv_block)
    not_attempted(grader.check_upsampling_block, upsampling_block)
    not_attempted(grader.check_unet_model, unet_model)


def test_conv_block_wrong_versions():
    check = grader.check_conv_block
    rejects(check, conv_block_with(skip="after pool"), "conv_block(inputs of shape (None, 12, 20, 5), "
            "n_filters=6, dropout_prob=0, max_pooling=True)", "skip_connection (None, 6, 10, 6)",
            "The skip connection is taken after the pooling")
    rejects(check, conv_block_with(dropout="always"), "layer 3 (", "is a Dropout that should not be there",
            "only when dropout_prob > 0", "here dropout_prob is 0")
    rejects(check, conv_block_with(dropout="never"), "dropout_prob=0.25", "a Dropout layer is missing",
            "With dropout_prob > 0 (here 0.25)")
    rejects(check, conv_block_with(dropout="fixed"), "expected Dropout with rate 0.25, found rate 0.3",
            "Dropout(dropout_prob), not a fixed rate")
    rejects(check, conv_block_with(pooling="always"), "max_pooling=False", "found MaxPooling2D, expected "
            "nothing", "Pool only when max_pooling is True")
    rejects(check, conv_block_with(initializer="glorot_uniform"), "layer 1 (",
            "expected Conv2D with kernel_initializer 'HeNormal', found kernel_initializer 'GlorotUniform'",
            "kernel_initializer='he_normal'")
    rejects(check, conv_block_with(activation=None), "expected Conv2D with activation 'relu', found "
            "activation 'linear'", "activation='relu'")
    rejects(check, conv_block_with(relu_layer=True), "found activation 'linear'",
            "Conv2D(..., activation='relu')")
    rejects(check, conv_block_with(padding="valid"), "expected Conv2D with padding 'same', found padding "
            "'valid'")
    rejects(check, conv_block_with(swapped=True), "The two values are swapped")
    rejects(check, conv_block_with(filters=32), "expected Conv2D with filters 6, found filters 32",
            "n_filters filters, the argument")
    rejects(check, conv_block_with(dropout_after_pool=True), "dropout_prob=0.25",
            "expected Dropout, found MaxPooling2D")
    rejects(check, conv_block_with(skip="first conv"), "it has the reference's layers, but given the "
            "reference's weights, skip_connection differs from the reference's", "Check which tensor")


def test_conv_block_odd_return_values_are_described():
    check = grader.check_conv_block

    def returns_none(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
        unet.conv_block(inputs, n_filters, dropout_prob, max_pooling)

    def returns_one(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
        return unet.conv_block(inputs, n_filters, dropout_prob, max_pooling)[0]

    def returns_three(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
        next_layer, skip = unet.conv_block(inputs, n_filters, dropout_prob, max_pooling)
        return next_layer, skip, n_filters

    def returns_a_layer(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
        conv = Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")
        return MaxPooling2D((2, 2)), conv

    def own_input(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
        return unet.conv_block(keras.Input(inputs.shape[1:]), n_filters, dropout_prob, max_pooling)

    def raises(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
        return layers.Conv2D(n_filters, 3, padding="SAME!")(inputs), inputs

    rejects(check, returns_none, "it returned None", "return next_layer, skip_connection")
    rejects(check, returns_one, "it returned one tensor", "expected two, (next_layer, skip_connection)")
    rejects(check, returns_three, "it returned tuple of length 3", "Return exactly two values")
    rejects(check, returns_a_layer, "next_layer is a MaxPooling2D layer, not a tensor",
            "with the second pair of brackets")
    rejects(check, own_input, "cannot be built into a model with the inputs it was given",
            "not on a keras.Input of its own")
    rejects(check, raises, "conv_block: raised ValueError", "at line", "raises")


# ---------------------------------------------------------------------------------------------
# upsampling_block with one mistake each


def upsampling_block_with(*, order="up first", axis=3, strides=(2, 2), kernel=3, transpose_activation=None,
                          initializer="he_normal", padding="same", second_reads_merge=False):
    def upsampling_block(expansive_input, contractive_input, n_filters=32):
        up = layers.Conv2DTranspose(n_filters, kernel, strides=strides, padding=padding,
                                    activation=transpose_activation)(expansive_input)
        pair = [up, contractive_input] if order == "up first" else [contractive_input, up]
        merge = layers.concatenate(pair, axis=axis)
        conv = layers.Conv2D(n_filters, 3, activation="relu", padding="same",
                             kernel_initializer=initializer)(merge)
        # a wiring slip: the second convolution reads the concatenation again, leaving the first unused
        return layers.Conv2D(n_filters, 3, activation="relu", padding="same",
                             kernel_initializer=initializer)(merge if second_reads_merge else conv)
    return upsampling_block


def test_upsampling_block_wrong_versions():
    check = grader.check_upsampling_block
    rejects(check, upsampling_block_with(order="skip first"), "upsampling_block(expansive_input of shape "
            "(None, 5, 7, 8), contractive_input of shape (None, 10, 14, 3), n_filters=4)",
            "its Concatenate puts the skip connection (contractive_input) first",
            "concatenate([up, contractive_input], axis=3)")
    rejects(check, upsampling_block_with(strides=1), "upsampling_block: raised ValueError",
            "matching shapes", "without strides=2 it keeps them")
    rejects(check, upsampling_block_with(padding="valid"), "raised ValueError",
            "with padding='valid' it adds one")
    rejects(check, upsampling_block_with(axis=1), "raised ValueError", "concatenate them on the channel axis")
    rejects(check, upsampling_block_with(kernel=2), "layer 1 (", "expected Conv2DTranspose with kernel_size "
            "(3, 3), found kernel_size (2, 2)")
    rejects(check, upsampling_block_with(transpose_activation="relu"), "expected Conv2DTranspose with "
            "activation 'linear', found activation 'relu'")
    rejects(check, upsampling_block_with(initializer="glorot_normal"),
            "layer 3 (", "found kernel_initializer 'GlorotNormal'", "kernel_initializer='he_normal'")
    rejects(check, upsampling_block_with(second_reads_merge=True), "the model has 3 layers; expected 4")

    def returns_pair(expansive_input, contractive_input, n_filters=32):
        return unet.upsampling_block(expansive_input, contractive_input, n_filters), contractive_input

    def no_transpose(expansive_input, contractive_input, n_filters=32):
        merge = concatenate([layers.UpSampling2D()(expansive_input), contractive_input], axis=3)
        conv = Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")(merge)
        return Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")(conv)

    rejects(check, returns_pair, "it returned tuple of length 2", "Return the tensor alone")
    rejects(check, no_transpose, "layer 1 (", "expected Conv2DTranspose, found UpSampling2D")


# ---------------------------------------------------------------------------------------------
# Code written for the original course


def original_conv_block(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
    conv = Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")(inputs)
    conv = Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")(conv)
    if dropout_prob > 0:
        conv = Dropout(dropout_prob)(conv)
    if max_pooling:
        next_layer = MaxPooling2D(pool_size=(2, 2))(conv)
    else:
        next_layer = conv
    skip_connection = conv
    return next_layer, skip_connection


def original_upsampling_block(expansive_input, contractive_input, n_filters=32):
    up = Conv2DTranspose(n_filters, 3, strides=(2, 2), padding="same")(expansive_input)
    merge = concatenate([up, contractive_input], axis=3)
    conv = Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")(merge)
    conv = Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")(conv)
    return conv


def original_unet_model(input_size=(96, 128, 3), n_filters=32, n_classes=23):
    inputs = Input(input_size)
    cblock1 = conv_block(inputs, n_filters)
    cblock2 = conv_block(cblock1[0], n_filters * 2)
    cblock3 = conv_block(cblock2[0], n_filters * 4)
    cblock4 = conv_block(cblock3[0], n_filters * 8, dropout_prob=0.3)
    cblock5 = conv_block(cblock4[0], n_filters * 16, dropout_prob=0.3, max_pooling=False)
    ublock6 = upsampling_block(cblock5[0], cblock4[1], n_filters * 8)
    ublock7 = upsampling_block(ublock6, cblock3[1], n_filters * 4)
    ublock8 = upsampling_block(ublock7, cblock2[1], n_filters * 2)
    ublock9 = upsampling_block(ublock8, cblock1[1], n_filters)
    conv9 = Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")(ublock9)
    conv10 = Conv2D(n_classes, 1, padding="same")(conv9)
    model = tf.keras.Model(inputs=inputs, outputs=conv10)
    return model


# the learner's notebook globals that the U-Nets of these tests read
conv_block = original_conv_block
upsampling_block = original_upsampling_block


def test_original_style_code_passes():
    passes(grader.check_conv_block, original_conv_block)
    passes(grader.check_upsampling_block, original_upsampling_block)
    out = passes(grader.check_unet_model, original_unet_model)
    assert "34 layers, 8,640,471 parameters, as the reference" in " ".join(out.split())
    passes(grader.check_unet_model, unet.unet_model)


# ---------------------------------------------------------------------------------------------
# unet_model with one mistake each


def unet_with(*, levels=(1, 2, 4, 8, 16), dropouts=(0, 0, 0, 0.3, 0.3), last_pools=False, skip_index=1,
              last_activation=None, softmax_layer=False, head_conv=True, hard_shape=False, head_kernel=1):
    def unet_model(input_size=(96, 128, 3), n_filters=32, n_classes=23):
        inputs = keras.Input((96, 128, 3) if hard_shape else input_size)
        blocks, x = [], inputs
        for i, (factor, rate) in enumerate(zip(levels, dropouts)):
            pool = i < 4 or last_pools
            block = conv_block(x, n_filters * factor, dropout_prob=rate, max_pooling=pool)
            blocks.append(block)
            x = block[0]
        for block, factor in zip(blocks[3::-1], levels[3::-1]):
            x = upsampling_block(x, block[skip_index], n_filters * factor)
        if head_conv:
            x = layers.Conv2D(n_filters, 3, activation="relu", padding="same",
                              kernel_initializer="he_normal")(x)
        x = layers.Conv2D(n_classes, head_kernel, padding="same", activation=last_activation)(x)
        if softmax_layer:
            x = layers.Softmax()(x)
        return keras.Model(inputs=inputs, outputs=x)
    return unet_model


def test_unet_builder_passes_as_it_is():
    passes(grader.check_unet_model, unet_with())


def test_unet_model_wrong_versions():
    check = grader.check_unet_model
    rejects(check, unet_with(last_activation="softmax"), "unet_model(input_size=(96, 128, 3), n_filters=32, "
            "n_classes=23)", "layer 34 (", "expected Conv2D with activation 'linear', found activation "
            "'softmax'", "note: in the reference, layer 34 is in the head", "gives logits")
    rejects(check, unet_with(softmax_layer=True), "found Softmax, expected nothing", "gives logits")
    rejects(check, unet_with(levels=(1, 1, 1, 1, 1)), "layer 4 (", "expected Conv2D with filters 64, found "
            "filters 32", "in the second conv_block (cblock2)",
            "the second conv_block (cblock2) was given n_filters=32; expected 64 (n_filters * 2)")
    rejects(check, unet_with(last_pools=True), "raised ValueError",
            "the fifth conv_block (cblock5) pools: give it max_pooling=False")
    rejects(check, unet_with(skip_index=0), "raised ValueError", "the first upsampling_block (ublock6) was "
            "given contractive_input=cblock4[0], the pooled output",
            "expected cblock4[1]")
    rejects(check, unet_with(dropouts=(0, 0, 0.3, 0.3, 0)), "layer 9 (",
            "expected MaxPooling2D, found Dropout",
            "the third conv_block (cblock3) was given dropout_prob=0.3; expected 0")
    rejects(check, unet_with(head_conv=False), "layer 33 (",
            "expected Conv2D with filters 32, found filters 23",
            "in the reference, layer 33 is in the head", "conv9 = Conv2D(n_filters, 3")
    rejects(check, unet_with(head_kernel=3),
            "expected Conv2D with kernel_size (1, 1), found kernel_size (3, 3)")
    rejects(check, unet_with(hard_shape=True), "unet_model(input_size=(32, 48, 2), n_filters=2, n_classes=5)",
            "the model's input has shape (None, 96, 128, 3); expected (None, 32, 48, 2)")


def test_unet_model_odd_return_values_are_described():
    def returns_tensor(input_size=(96, 128, 3), n_filters=32, n_classes=23):
        return unet.unet_model(input_size, n_filters, n_classes).outputs[0]

    def returns_none(input_size=(96, 128, 3), n_filters=32, n_classes=23):
        unet.unet_model(input_size, n_filters, n_classes)

    rejects(grader.check_unet_model, returns_tensor, "expected a keras Model", "That is a tensor")
    rejects(grader.check_unet_model, returns_none, "expected a keras Model, got None",
            "forget to `return` the model")


def test_unet_model_is_judged_with_the_reference_blocks(monkeypatch):
    monkeypatch.setitem(globals(), "conv_block", conv_block_with(skip="after pool"))
    out = passes(grader.check_unet_model, original_unet_model)
    assert ("note: your conv_block does not pass check_conv_block yet; unet_model was checked with the "
            "reference conv_block") in " ".join(out.split())


# ---------------------------------------------------------------------------------------------
# A check leaves the learner's layer names alone


@pytest.fixture
def fresh_names():
    saved = global_state.get_global_attribute("object_name_uids")
    global_state.set_global_attribute("object_name_uids", None)
    yield
    global_state.set_global_attribute("object_name_uids", saved)


def names_after(*steps):
    global_state.set_global_attribute("object_name_uids", None)
    for step in steps[:-1]:
        step()
    model = steps[-1]()
    return [model.name] + [layer.name for layer in model.layers]


def small_unet():
    return unet.unet_model((32, 32, 3), n_filters=2, n_classes=4)


def test_checks_leave_the_names_alone(fresh_names):
    def checks():
        passes(grader.check_conv_block, unet.conv_block)
        passes(grader.check_upsampling_block, unet.upsampling_block)
        rejects(grader.check_unet_model, unet_with(last_activation="softmax"), "softmax")

    assert names_after(checks, small_unet) == names_after(small_unet)


# ---------------------------------------------------------------------------------------------
# The metric helpers


def test_pixel_accuracy_and_confusion_matrix():
    y_true = np.array([[0, 1, 1], [2, 2, 0]])
    y_pred = np.array([[0, 1, 2], [2, 0, 0]])
    assert unet.pixel_accuracy(y_true, y_pred) == pytest.approx(4 / 6)
    expected = np.array([[2, 0, 0],      # true 0: both right
                         [0, 1, 1],      # true 1: one right, one taken for 2
                         [1, 0, 1]])     # true 2: one right, one taken for 0
    np.testing.assert_array_equal(unet.confusion_matrix(y_true, y_pred, 3), expected)
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 5, (4, 6, 7)), rng.integers(0, 5, (4, 6, 7))
    looped = np.zeros((5, 5), dtype=int)
    for t, p in zip(a.ravel(), b.ravel()):
        looped[t, p] += 1
    np.testing.assert_array_equal(unet.confusion_matrix(a, b, 5), looped)
    assert unet.confusion_matrix(a, b, 5).sum() == a.size
    with pytest.raises(ValueError, match="differ in shape"):
        unet.pixel_accuracy(a, b[:, :, :3])


def test_iou_per_class_and_mean_over_present_classes():
    y_true = np.array([0, 0, 1, 1, 2, 2])
    y_pred = np.array([0, 1, 1, 1, 2, 0])
    iou = unet.per_class_iou(y_true, y_pred, 4)
    # class 0: 1 right / (2 true + 2 predicted - 1); class 1: 2 / (2 + 3 - 2); class 2: 1 / (2 + 1 - 1)
    np.testing.assert_allclose(iou[:3], [1 / 3, 2 / 3, 1 / 2])
    assert np.isnan(iou[3])                                   # class 3: neither true nor predicted
    assert unet.mean_iou(y_true, y_pred, 4) == pytest.approx((1 / 3 + 2 / 3 + 1 / 2) / 3)
    assert unet.mean_iou(y_true, y_true, 4) == 1.0
    assert unet.per_class_iou(np.array([0, 0]), np.array([0, 3]), 4)[3] == 0.0    # predicted only: IoU 0


def test_create_mask_keeps_a_channel_axis_as_the_original():
    logits = np.zeros((2, 3, 4, 5), dtype=np.float32)
    logits[0, ..., 3] = 1.0
    logits[0, 1, 2, 4] = 2.0
    logits[1, ..., 1] = 1.0
    mask = unet.create_mask(logits)
    assert mask.shape == (3, 4, 1) and mask.dtype == np.int64
    expected = np.full((3, 4), 3)
    expected[1, 2] = 4
    np.testing.assert_array_equal(mask[..., 0], expected)
    np.testing.assert_array_equal(unet.create_mask(tf.constant(logits[1])), np.ones((3, 4, 1)))
