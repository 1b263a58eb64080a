"""Graders of course4_cnn/w2_a1 (solution and blank stub: tests/test_grader_contract.py): wrong blocks
(the shortcut after the final ReLU or missing, the stride on the wrong convolution, no BatchNormalization
on the shortcut, `training` ignored, the initializer ignored, the sum in the other order, layers that
compute the same but are not the reference's) and wrong ResNet50s (a block too few, a stride, no
pooling, no width factor) are rejected with the mistake or the first differing layer named; code
written for the original course passes; `data.load_pretrained` names the layer where a learner's
ResNet50 departs from the pretrained one; a check leaves the learner's layer names alone."""

import pytest
from helpers import passes
from helpers import rejects as _rejects

from utils import data, manifest
from utils.graders.course4_cnn import w2_a1_residual_networks as grader
from utils.nn import resnet
from utils.notebook import import_tensorflow
from utils.pretrain import resnet50_signs, weights_relpath

import_tensorflow()
import keras  # noqa: E402  (after TensorFlow's quiet import)
import tensorflow.keras.layers as tfl  # noqa: E402  (the original course's import)
from keras import layers  # noqa: E402
from keras.initializers import glorot_uniform, random_uniform  # noqa: E402
from keras.src.backend.common import global_state  # noqa: E402
from tensorflow.keras.initializers import glorot_uniform as tf_glorot_uniform  # noqa: E402
from tensorflow.keras.initializers import random_uniform as tf_random_uniform  # noqa: E402


def rejects(check, fn, *fragments):
    """helpers.rejects, with the fragments looked for in the message as one line (messages are
    wrapped at word boundaries, so a fragment may straddle a line break)."""
    message = " ".join(_rejects(check, fn).split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in message, f"{fragment!r} not in:\n{message}"
    return message


# ---------------------------------------------------------------------------------------------
# Blocks with one mistake each: one builder for both kinds, `s` None for the identity block


def block(X, f, filters, s=None, training=True, initializer=random_uniform, *, add_after_relu=False,
          no_add=False, plus=False, relu=None, stride_at="first", shortcut_bn=True, shortcut_stride=True,
          pass_training=True, always_training=False, ignore_initializer=False, shortcut_first=False,
          middle_padding="same"):
    relu = relu or (lambda: layers.Activation("relu"))
    init = (lambda seed=0: glorot_uniform(seed=0)) if ignore_initializer else initializer
    stride = s or 1
    strides = {"first": 1, "middle": 1, "last": 1}
    strides[stride_at] = stride

    def conv(X, n, size, stride, padding="valid"):
        return layers.Conv2D(n, size, strides=stride, padding=padding, kernel_initializer=init(seed=0))(X)

    def bn(X):
        if always_training:
            return layers.BatchNormalization(axis=3)(X, training=True)
        if pass_training:
            return layers.BatchNormalization(axis=3)(X, training=training)
        return layers.BatchNormalization(axis=3)(X)

    F1, F2, F3 = filters
    X_shortcut = X
    X = relu()(bn(conv(X, F1, 1, strides["first"])))
    X = relu()(bn(conv(X, F2, f, strides["middle"], padding=middle_padding)))
    X = bn(conv(X, F3, 1, strides["last"]))
    if s is not None:
        X_shortcut = conv(X_shortcut, F3, 1, stride if shortcut_stride else 1)
        if shortcut_bn:
            X_shortcut = bn(X_shortcut)
    if no_add:
        return relu()(X)
    if add_after_relu:
        return layers.Add()([relu()(X), X_shortcut])
    if plus:
        return relu()(X + X_shortcut)
    return relu()(layers.Add()([X_shortcut, X] if shortcut_first else [X, X_shortcut]))


def identity(**mistake):
    def identity_block(X, f, filters, training=True, initializer=random_uniform):
        return block(X, f, filters, None, training, initializer, **mistake)
    return identity_block


def convolutional(**mistake):
    def convolutional_block(X, f, filters, s=2, training=True, initializer=glorot_uniform):
        return block(X, f, filters, s, training, initializer, **mistake)
    return convolutional_block


def test_the_references_pass():
    passes(grader.check_identity_block, resnet.identity_block)
    passes(grader.check_convolutional_block, resnet.convolutional_block)
    passes(grader.check_identity_block, identity())
    passes(grader.check_convolutional_block, convolutional())


def test_identity_block_wrong_versions():
    check = grader.check_identity_block
    rejects(check, identity(add_after_relu=True), "with training=True has wrong values",
            "known mistake: the shortcut is added after the final ReLU")
    rejects(check, identity(no_add=True), "known mistake: the shortcut is never added")
    rejects(check, identity(pass_training=False), "with training=True has wrong values",
            "the BatchNormalization layers ignore `training`",
            "BatchNormalization(axis=3)(X, training=training)")
    rejects(check, identity(always_training=True), "with training=False has wrong values",
            "always in training mode")
    rejects(check, identity(ignore_initializer=True),
            "do not use the `initializer` argument (they look drawn by glorot_uniform(seed=0))")
    rejects(check, identity(middle_padding="valid"), "raised ValueError", "Inputs have incompatible shapes",
            "padding='same'")

    def uncalled_initializer(X, f, filters, training=True, initializer=random_uniform):
        return resnet.identity_block(X, f, filters, training, initializer=lambda seed=0: initializer)

    rejects(check, uncalled_initializer, "raised TypeError", "initializer=grader_initializer",
            "call it, kernel_initializer=initializer(seed=0)")


def test_identity_block_same_values_other_layers():
    check = grader.check_identity_block
    rejects(check, identity(relu=layers.ReLU), "identity_block(f=2, filters=(4, 5, 6)), built as a model "
            "on inputs of shape (None, 5, 5, 6)", "layer 3 (", "expected Activation, found ReLU",
            "Use Activation('relu')")
    rejects(check, identity(plus=True), "Add layer is missing", "X + X_shortcut")


def test_convolutional_block_wrong_versions():
    check = grader.check_convolutional_block
    rejects(check, convolutional(stride_at="middle"),
            "known mistake: the stride s is on the middle (f x f) convolution")
    rejects(check, convolutional(stride_at="last"), "the stride s is on the last convolution")
    rejects(check, convolutional(shortcut_bn=False), "known mistake: the shortcut has no BatchNormalization")
    rejects(check, convolutional(add_after_relu=True), "the shortcut is added after the final ReLU")
    rejects(check, convolutional(pass_training=False), "ignore `training`")
    rejects(check, convolutional(shortcut_stride=False), "raised ValueError",
            "the same stride s as the first convolution of the main path")
    rejects(check, convolutional(shortcut_first=True), "convolutional_block(f=2, filters=(3, 5, 6), s=2), "
            "built as a model", "layer 7 (", "expected Conv2D with strides (1, 1), found strides (2, 2)",
            "write Add()([X, X_shortcut]), main path first")

    def hard_coded_stride(X, f, filters, s=2, training=True, initializer=glorot_uniform):
        return resnet.convolutional_block(X, f, filters, 2, training, initializer)

    rejects(check, hard_coded_stride, "with training=True has shape (2, 3, 3, 5); expected (2, 2, 2, 5)")


# ---------------------------------------------------------------------------------------------
# Code written for the original course


def original_identity_block(X, f, filters, training=True, initializer=tf_random_uniform):
    """In the original's style: tensorflow.keras layers, Add()([X_shortcut, X])."""
    F1, F2, F3 = filters
    X_shortcut = X
    X = tfl.Conv2D(filters=F1, kernel_size=1, strides=(1, 1), padding="valid",
                   kernel_initializer=initializer(seed=0))(X)
    X = tfl.BatchNormalization(axis=3)(X, training=training)
    X = tfl.Activation("relu")(X)
    X = tfl.Conv2D(filters=F2, kernel_size=f, strides=(1, 1), padding="same",
                   kernel_initializer=initializer(seed=0))(X)
    X = tfl.BatchNormalization(axis=3)(X, training=training)
    X = tfl.Activation("relu")(X)
    X = tfl.Conv2D(filters=F3, kernel_size=1, strides=(1, 1), padding="valid",
                   kernel_initializer=initializer(seed=0))(X)
    X = tfl.BatchNormalization(axis=3)(X, training=training)
    X = tfl.Add()([X_shortcut, X])
    X = tfl.Activation("relu")(X)
    return X


def original_convolutional_block(X, f, filters, s=2, training=True, initializer=tf_glorot_uniform):
    F1, F2, F3 = filters
    X_shortcut = X
    X = tfl.Conv2D(filters=F1, kernel_size=1, strides=(s, s), padding="valid",
                   kernel_initializer=initializer(seed=0))(X)
    X = tfl.BatchNormalization(axis=3)(X, training=training)
    X = tfl.Activation("relu")(X)
    X = tfl.Conv2D(filters=F2, kernel_size=(f, f), strides=(1, 1), padding="same",
                   kernel_initializer=initializer(seed=0))(X)
    X = tfl.BatchNormalization(axis=3)(X, training=training)
    X = tfl.Activation("relu")(X)
    X = tfl.Conv2D(filters=F3, kernel_size=(1, 1), strides=(1, 1), padding="valid",
                   kernel_initializer=initializer(seed=0))(X)
    X = tfl.BatchNormalization(axis=3)(X, training=training)
    X_shortcut = tfl.Conv2D(filters=F3, kernel_size=(1, 1), strides=(s, s), padding="valid",
                            kernel_initializer=initializer(seed=0))(X_shortcut)
    X_shortcut = tfl.BatchNormalization(axis=3)(X_shortcut, training=training)
    X = tfl.Add()([X, X_shortcut])
    X = tfl.Activation("relu")(X)
    return X


def test_original_style_blocks_pass():
    passes(grader.check_identity_block, original_identity_block)
    passes(grader.check_convolutional_block, original_convolutional_block)
    passes(grader.check_identity_block, identity(shortcut_first=True))   # no layer on that shortcut


# ---------------------------------------------------------------------------------------------
# ResNet50


def resnet50(stages=resnet.RESNET50_STAGES, scale_stages=True, pool=True, hard_shape=False,
             stem_stride=2):
    """A learner's ResNet50 built from the notebook's global blocks, with options for mistakes."""
    def ResNet50(input_shape=(64, 64, 3), classes=6, width=1.0):
        def w(n):
            return max(1, int(n * width))
        X_input = keras.Input((64, 64, 3) if hard_shape else input_shape)
        X = layers.ZeroPadding2D((3, 3))(X_input)
        X = layers.Conv2D(w(64), (7, 7), strides=stem_stride, kernel_initializer=glorot_uniform(seed=0))(X)
        X = layers.BatchNormalization(axis=3)(X)
        X = layers.Activation("relu")(X)
        X = layers.MaxPooling2D((3, 3), strides=(2, 2))(X)
        for number, (filters, s, blocks) in enumerate(stages):
            filters = [w(n) if number == 0 or scale_stages else n for n in filters]
            X = convolutional_block(X, f=3, filters=filters, s=s)
            for _ in range(blocks - 1):
                X = identity_block(X, 3, filters)
        if pool:
            X = layers.AveragePooling2D((2, 2))(X)
        X = layers.Flatten()(X)
        X = layers.Dense(classes, activation="softmax", kernel_initializer=glorot_uniform(seed=0))(X)
        return keras.Model(inputs=X_input, outputs=X)
    return ResNet50


# the learner's notebook globals that the ResNet50s above read
identity_block = resnet.identity_block
convolutional_block = resnet.convolutional_block


def test_resnet50_reference_passes():
    passes(grader.check_ResNet50, resnet50())     # the builder of the wrong versions below, unchanged


def test_resnet50_wrong_versions():
    check = grader.check_ResNet50
    short_stage_4 = list(resnet.RESNET50_STAGES)
    short_stage_4[2] = ((256, 256, 1024), 2, 5)
    rejects(check, resnet50(stages=short_stage_4), "ResNet50(input_shape=(64, 64, 3), classes=6)",
            "layer 132 (", "expected Conv2D with filters 256, found filters 512",
            "note: in the reference, layer 132 is in stage 4, identity block 5")
    stride_1 = list(resnet.RESNET50_STAGES)
    stride_1[1] = ((128, 128, 512), 1, 4)
    rejects(check, resnet50(stages=stride_1), "expected Conv2D with strides (2, 2), found strides (1, 1)",
            "is in stage 3, its convolutional block")
    rejects(check, resnet50(pool=False), "AveragePooling2D layer is missing",
            "note: in the reference, layer 174 is in the head, after the last block")
    rejects(check, resnet50(scale_stages=False), "ResNet50(input_shape=(96, 96, 1), classes=4, width=0.25)",
            "expected Conv2D with filters 32, found filters 128", "scale them all with w(...)")
    rejects(check, resnet50(hard_shape=True), "the model's input has shape (None, 64, 64, 3); "
            "expected (None, 96, 96, 1)")
    rejects(check, resnet50(stem_stride=1), "layer 2 (", "strides (2, 2), found strides (1, 1)",
            "is in the stem (stage 1)")


def test_resnet50_without_width_gets_the_departure_named():
    def ResNet50(input_shape=(64, 64, 3), classes=6):
        return resnet.ResNet50(input_shape, classes)

    rejects(grader.check_ResNet50, ResNet50, "unexpected keyword argument 'width'",
            "This project's ResNet50 takes a third argument, the width factor")


def test_resnet50_is_judged_with_the_reference_blocks(monkeypatch):
    monkeypatch.setitem(globals(), "identity_block", identity(add_after_relu=True))
    out = passes(grader.check_ResNet50, resnet50())
    assert ("note: your identity_block does not pass check_identity_block yet; ResNet50 was checked "
            "with the reference identity_block") in " ".join(out.split())


# ---------------------------------------------------------------------------------------------
# Loading the pretrained weights into a learner's model


@pytest.fixture(scope="module")
def weights_dir(tmp_path_factory):
    """A datasets folder holding weights saved from the pretrained model's architecture (untrained:
    what is tested is the architecture check, not the accuracy)."""
    folder = tmp_path_factory.mktemp("datasets")
    path = folder / weights_relpath("resnet50_signs")
    path.parent.mkdir(parents=True)
    resnet50_signs.build_model().save_weights(path)
    manifest.record(weights_relpath("resnet50_signs"), "python -m utils.pretrain resnet50_signs", folder)
    return folder


def test_load_pretrained_into_a_matching_model(weights_dir):
    model = resnet.ResNet50(width=0.25)
    assert data.load_pretrained("resnet50_signs", model, datasets_dir=weights_dir) is model


def test_load_pretrained_names_the_layer_of_a_wrong_width(weights_dir):
    with pytest.raises(data.PretrainedMismatch, match=r"do not fit your model: layer 2 \(conv2d\w*\): "
                                                      r"expected Conv2D with filters 16, found filters 32"):
        data.load_pretrained("resnet50_signs", resnet.ResNet50(width=0.5), datasets_dir=weights_dir)


def test_load_pretrained_names_the_layer_of_a_wrong_block(weights_dir, monkeypatch):
    monkeypatch.setitem(globals(), "convolutional_block", convolutional(shortcut_first=True))
    # in stage 2 (s = 1) the two 1x1 convolutions look alike; stage 3's strides tell them apart
    with pytest.raises(data.PretrainedMismatch, match=r"layer 44 \(conv2d\w*\): expected Conv2D with "
                                                      r"strides \(1, 1\), found strides \(2, 2\)"):
        data.load_pretrained("resnet50_signs", resnet50()(width=0.25), datasets_dir=weights_dir)
    monkeypatch.setitem(globals(), "convolutional_block", convolutional(shortcut_bn=False))
    with pytest.raises(data.PretrainedMismatch, match=r"layer 13 \(batch_normalization\w*\): expected "
                                                      r"Conv2D, found BatchNormalization"):
        data.load_pretrained("resnet50_signs", resnet50()(width=0.25), datasets_dir=weights_dir)


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


def small_resnet():
    return resnet.ResNet50(width=0.25)


def test_checks_leave_the_names_alone(fresh_names):
    def checks():
        passes(grader.check_identity_block, resnet.identity_block)
        passes(grader.check_convolutional_block, resnet.convolutional_block)
        passes(grader.check_ResNet50, resnet.ResNet50)
        rejects(grader.check_convolutional_block, convolutional(stride_at="middle"), "middle")

    assert names_after(checks, small_resnet) == names_after(small_resnet)
