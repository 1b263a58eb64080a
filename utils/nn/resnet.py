"""Residual networks in Keras: the two ResNet blocks, ResNet50, and the small stacks of the lesson.

Taught in course4_cnn/w2_a1_residual_networks.ipynb, whose grader compares the learner's blocks and
model with these, and used by `python -m utils.pretrain resnet50_signs` (utils/pretrain/
resnet50_signs.py), which trains `ResNet50(width=0.25)` on the hand signs.

Tensors are batch-first with channels last: a block takes X of shape (m, n_H, n_W, n_C). The blocks
follow the course's layout (He et al., 2016, "bottleneck" blocks):

    identity block:  X -> CONV 1x1 -> BN -> RELU -> CONV fxf -> BN -> RELU -> CONV 1x1 -> BN -> (+ X) -> RELU
    convolutional block:  the same main path with stride s on its first conv, and a shortcut
        X -> CONV 1x1 (stride s) -> BN, so that both paths have the same shape

The sum is written `Add()([X, X_shortcut])`, main path first. The order changes nothing in the
values, but Keras lists a functional model's layers by their distance from the output and, at
equal distance, in the order of the Add's inputs; a weight file (`model.save_weights`) is read back
in that order, so a model whose convolutional blocks add the other way round lists its shortcut
convolutions at other places and cannot take weights saved from this one.

`initializer` is what the course passes: a function of `seed` that returns a Keras initializer
(`keras.initializers.random_uniform`, `glorot_uniform`, or `lambda seed=0: constant(1)`); every
convolution calls it with seed=0, as the original does.
"""

from utils.notebook import import_tensorflow

import_tensorflow()
import keras  # noqa: E402  (after TensorFlow's quiet import)
from keras import layers  # noqa: E402
from keras.initializers import glorot_uniform, random_uniform  # noqa: E402

# ResNet50's stages 2 to 5: (filters of the three convs, stride of the first block, number of blocks).
RESNET50_STAGES = (((64, 64, 256), 1, 3), ((128, 128, 512), 2, 4), ((256, 256, 1024), 2, 6),
                   ((512, 512, 2048), 2, 3))


def identity_block(X, f, filters, training=True, initializer=random_uniform):
    """The residual block whose input and output have the same shape.

    Args:
        X: input tensor, shape (m, n_H, n_W, n_C), with n_C == filters[2].
        f: size of the middle convolution's window (f x f).
        filters: (F1, F2, F3), the numbers of filters of the three convolutions.
        training: whether the BatchNormalization layers use the batch's statistics (True) or
            their moving averages (False).
        initializer: function of `seed` returning the convolutions' kernel initializer.
    Returns:
        X: output tensor, shape (m, n_H, n_W, F3).
    """
    F1, F2, F3 = filters
    X_shortcut = X
    X = layers.Conv2D(F1, 1, strides=1, padding="valid", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Activation("relu")(X)
    X = layers.Conv2D(F2, f, strides=1, padding="same", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Activation("relu")(X)
    X = layers.Conv2D(F3, 1, strides=1, padding="valid", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Add()([X, X_shortcut])                  # before the last ReLU: the block learns X + F(X)
    return layers.Activation("relu")(X)


def convolutional_block(X, f, filters, s=2, training=True, initializer=glorot_uniform):
    """The residual block that changes the shape: stride s and F3 channels on both paths.

    Args:
        X: input tensor, shape (m, n_H_prev, n_W_prev, n_C_prev).
        f: size of the middle convolution's window (f x f).
        filters: (F1, F2, F3), the numbers of filters of the three convolutions of the main path.
        s: stride of the first convolution of the main path and of the shortcut's convolution.
        training: whether the BatchNormalization layers use the batch's statistics.
        initializer: function of `seed` returning the convolutions' kernel initializer.
    Returns:
        X: output tensor, shape (m, ceil(n_H_prev / s), ceil(n_W_prev / s), F3).
    """
    F1, F2, F3 = filters
    X_shortcut = X
    X = layers.Conv2D(F1, 1, strides=s, padding="valid", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Activation("relu")(X)
    X = layers.Conv2D(F2, f, strides=1, padding="same", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Activation("relu")(X)
    X = layers.Conv2D(F3, 1, strides=1, padding="valid", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X_shortcut = layers.Conv2D(F3, 1, strides=s, padding="valid",
                               kernel_initializer=initializer(seed=0))(X_shortcut)
    X_shortcut = layers.BatchNormalization(axis=3)(X_shortcut, training=training)
    X = layers.Add()([X, X_shortcut])
    return layers.Activation("relu")(X)


def scaled(n, width):
    """A filter count n scaled by the width factor: int(n * width), at least 1."""
    return max(1, int(n * width))


def ResNet50(input_shape=(64, 64, 3), classes=6, width=1.0):
    """ResNet50 as in the course, with every filter count multiplied by `width`.

    ZEROPAD(3) -> CONV 7x7/2 (64) -> BN -> RELU -> MAXPOOL 3x3/2
    -> stage 2: CONVBLOCK s=1 [64, 64, 256], 2 x IDBLOCK
    -> stage 3: CONVBLOCK s=2 [128, 128, 512], 3 x IDBLOCK
    -> stage 4: CONVBLOCK s=2 [256, 256, 1024], 5 x IDBLOCK
    -> stage 5: CONVBLOCK s=2 [512, 512, 2048], 2 x IDBLOCK
    -> AVGPOOL 2x2 -> FLATTEN -> DENSE(classes, softmax)

    Args:
        input_shape: shape of one picture, (n_H, n_W, n_C).
        classes: number of classes.
        width: factor applied to every filter count (1.0: the original, 23,600,006 parameters
            at (64, 64, 3) and 6 classes; 0.25: 1,503,974 parameters).
    Returns:
        model: keras.Model from pictures (m, n_H, n_W, n_C) to class probabilities (m, classes).
    """
    X_input = keras.Input(shape=input_shape)
    X = layers.ZeroPadding2D((3, 3))(X_input)                           # (64, 64) -> (70, 70)
    X = layers.Conv2D(scaled(64, width), (7, 7), strides=(2, 2),
                      kernel_initializer=glorot_uniform(seed=0))(X)     # -> (32, 32)
    X = layers.BatchNormalization(axis=3)(X)
    X = layers.Activation("relu")(X)
    X = layers.MaxPooling2D((3, 3), strides=(2, 2))(X)                  # -> (15, 15)
    for filters, s, blocks in RESNET50_STAGES:                          # -> (15, 15), (8, 8), (4, 4), (2, 2)
        filters = [scaled(n, width) for n in filters]
        X = convolutional_block(X, f=3, filters=filters, s=s)
        for _ in range(blocks - 1):
            X = identity_block(X, 3, filters)
    X = layers.AveragePooling2D((2, 2))(X)                              # -> (1, 1)
    X = layers.Flatten()(X)
    X = layers.Dense(classes, activation="softmax", kernel_initializer=glorot_uniform(seed=0))(X)
    return keras.Model(inputs=X_input, outputs=X)


# ---------------------------------------------------------------------------------------------
# The lesson's twins: one deep stack of small blocks, with and without shortcuts


def deep_stack(input_shape=(32, 32, 3), classes=6, blocks=12, filters=8, shortcuts=True):
    """A deep stack of two-conv blocks, residual (`shortcuts=True`) or plain, for the lesson.

    CONV 3x3 -> RELU -> MAXPOOL 2 -> blocks x [CONV 3x3 -> RELU -> CONV 3x3 (+ X if shortcuts) -> RELU]
    -> AVGPOOL 4 -> FLATTEN -> DENSE(classes, softmax); every conv has `filters` channels and
    padding "same", so a block keeps its input's shape and the shortcut needs no convolution.

    The two versions have the same layers and, built after the same seed, the same initial weights
    (Keras's default initializers); only the Add differs. There is no BatchNormalization, so that
    what the shortcut alone changes shows. The convolutions of block b are named `block{b}_conv1`
    and `block{b}_conv2` (b = 1 nearest the input), so gradients can be gathered per block from the
    variables' paths.

    Args:
        input_shape: shape of one picture, (n_H, n_W, n_C), n_H and n_W multiples of 8.
        classes: number of classes.   blocks: number of blocks.   filters: channels everywhere.
        shortcuts: add each block's input to its output (residual) or not (plain).
    Returns:
        model: keras.Model from (m, *input_shape) to class probabilities (m, classes).
    """
    X_input = keras.Input(shape=input_shape)
    X = layers.Conv2D(filters, 3, padding="same", activation="relu", name="stem")(X_input)
    X = layers.MaxPooling2D(2)(X)                                       # (32, 32) -> (16, 16)
    for b in range(1, blocks + 1):
        Y = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"block{b}_conv1")(X)
        Y = layers.Conv2D(filters, 3, padding="same", name=f"block{b}_conv2")(Y)
        if shortcuts:
            Y = layers.Add(name=f"block{b}_add")([Y, X])
        X = layers.Activation("relu", name=f"block{b}_relu")(Y)
    X = layers.Flatten()(layers.AveragePooling2D(4)(X))                 # (16, 16) -> (4, 4) -> 16 * filters
    outputs = layers.Dense(classes, activation="softmax", name="classifier")(X)
    return keras.Model(inputs=X_input, outputs=outputs, name="residual_stack" if shortcuts else "plain_stack")
