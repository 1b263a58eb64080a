"""U-Net for semantic segmentation in Keras, and the figures that judge a predicted mask.

Taught in course4_cnn/w3_a2_image_segmentation_unet.ipynb, whose grader compares the learner's
blocks and model with these, and used by `python -m utils.pretrain unet_road`
(utils/pretrain/unet_road.py), which trains `unet_model` at a small width on the road scenes.

Tensors are batch-first with channels last. The network (Ronneberger et al., 2015) has two halves:

    contracting path:  4 x [CONV 3x3 -> RELU -> CONV 3x3 -> RELU (-> DROPOUT) -> MAXPOOL 2x2],
                       each level doubling the filters (n, 2n, 4n, 8n), then a bottleneck block of
                       16n filters that does not pool
    expanding path:    4 x [CONV-TRANSPOSE 3x3 stride 2 -> CONCATENATE with the skip connection
                       of the same size -> CONV 3x3 -> RELU -> CONV 3x3 -> RELU], halving the
                       filters (8n, 4n, 2n, n)
    head:              CONV 3x3 -> RELU, then CONV 1x1 with one output per class: the logits

The skip connection of a contracting block is its output *before* pooling: it keeps the full
resolution of that level, which the expanding path needs to place the class boundaries. The
concatenation puts the upsampled tensor first and the skip connection second, on the channel axis.
Every 3x3 convolution uses He initialization (`kernel_initializer="he_normal"`), suited to ReLU.

With the original's settings, `unet_model((96, 128, 3), n_filters=32, n_classes=23)` has
8,640,471 parameters.

The metric helpers work on integer class masks (NumPy arrays of any shape, the same for truth and
prediction): `pixel_accuracy`, `confusion_matrix`, `per_class_iou`, `mean_iou`; `create_mask` turns
the network's logits into such a mask.
"""

import numpy as np

from utils.notebook import import_tensorflow

import_tensorflow()
import keras  # noqa: E402  (after TensorFlow's quiet import)
from keras import layers  # noqa: E402

# Dropout rate of the two deepest contracting blocks in unet_model.
DEEP_DROPOUT = 0.3


def _conv3x3(n_filters):
    """The U-Net's workhorse: a 3x3 convolution that keeps height and width, ReLU, He initialization."""
    return layers.Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")


def conv_block(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
    """One block of the contracting path.

    Args:
        inputs: input tensor, shape (m, n_H, n_W, n_C).
        n_filters: number of filters of both convolutions.
        dropout_prob: dropout rate after the convolutions; no Dropout layer when it is 0.
        max_pooling: whether to halve height and width with a 2x2 max pooling.
    Returns:
        next_layer: the input of the next block, shape (m, n_H / 2, n_W / 2, n_filters) when pooling,
            else the same tensor as skip_connection.
        skip_connection: the block's output before pooling, shape (m, n_H, n_W, n_filters), for the
            expanding path.
    """
    conv = _conv3x3(n_filters)(inputs)
    conv = _conv3x3(n_filters)(conv)
    if dropout_prob > 0:
        conv = layers.Dropout(dropout_prob)(conv)
    next_layer = layers.MaxPooling2D(pool_size=(2, 2), strides=(2, 2))(conv) if max_pooling else conv
    skip_connection = conv                     # taken before pooling: full resolution of this level
    return next_layer, skip_connection


def upsampling_block(expansive_input, contractive_input, n_filters=32):
    """One block of the expanding path.

    Args:
        expansive_input: output of the level below, shape (m, n_H, n_W, n_C).
        contractive_input: the skip connection of the matching contracting block,
            shape (m, 2 n_H, 2 n_W, n_C_skip).
        n_filters: number of filters of the transposed convolution and of both convolutions.
    Returns:
        conv: output tensor, shape (m, 2 n_H, 2 n_W, n_filters).
    """
    up = layers.Conv2DTranspose(n_filters, 3, strides=(2, 2), padding="same")(expansive_input)
    merge = layers.concatenate([up, contractive_input], axis=3)    # (m, 2 n_H, 2 n_W, n_filters + n_C_skip)
    conv = _conv3x3(n_filters)(merge)
    conv = _conv3x3(n_filters)(conv)
    return conv


def unet_model(input_size=(96, 128, 3), n_filters=32, n_classes=23):
    """The U-Net: four contracting blocks, a bottleneck, four expanding blocks, a per-pixel classifier.

    Args:
        input_size: (n_H, n_W, n_C) of the images, with n_H and n_W multiples of 16.
        n_filters: filters of the first level; each level below doubles them.
        n_classes: number of classes of the masks.
    Returns:
        model: a keras Model from images (m, n_H, n_W, n_C) to logits (m, n_H, n_W, n_classes).
    """
    inputs = keras.Input(input_size)
    cblock1 = conv_block(inputs, n_filters)
    cblock2 = conv_block(cblock1[0], n_filters * 2)
    cblock3 = conv_block(cblock2[0], n_filters * 4)
    cblock4 = conv_block(cblock3[0], n_filters * 8, dropout_prob=DEEP_DROPOUT)
    cblock5 = conv_block(cblock4[0], n_filters * 16, dropout_prob=DEEP_DROPOUT, max_pooling=False)
    ublock6 = upsampling_block(cblock5[0], cblock4[1], n_filters * 8)
    ublock7 = upsampling_block(ublock6, cblock3[1], n_filters * 4)
    ublock8 = upsampling_block(ublock7, cblock2[1], n_filters * 2)
    ublock9 = upsampling_block(ublock8, cblock1[1], n_filters)
    conv9 = _conv3x3(n_filters)(ublock9)
    conv10 = layers.Conv2D(n_classes, 1, padding="same")(conv9)   # logits: the loss applies the softmax
    return keras.Model(inputs=inputs, outputs=conv10)


# ---------------------------------------------------------------------------------------------
# Judging masks


def create_mask(pred_mask):
    """The class mask of the first image of a prediction, as the original's `create_mask`.

    Args:
        pred_mask: logits or probabilities, shape (m, n_H, n_W, n_classes) (what model.predict
            returns for a batch) or (n_H, n_W, n_classes) for one image; NumPy array or tensor.
    Returns:
        mask: int64 array of shape (n_H, n_W, 1): the most likely class of every pixel of the first
            image, with a channel axis so that it displays like the true masks.
    """
    pred_mask = np.asarray(pred_mask)
    if pred_mask.ndim == 4:
        pred_mask = pred_mask[0]                               # (n_H, n_W, n_classes)
    return np.argmax(pred_mask, axis=-1)[..., np.newaxis].astype(np.int64)     # (n_H, n_W, 1)


def _labels(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"true and predicted masks differ in shape: {y_true.shape} vs {y_pred.shape}")
    return y_true.reshape(-1).astype(np.int64), y_pred.reshape(-1).astype(np.int64)


def pixel_accuracy(y_true, y_pred):
    """Fraction of pixels whose predicted class is the true one (masks of the same shape)."""
    y_true, y_pred = _labels(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes):
    """Pixel counts C of shape (n_classes, n_classes): C[i, j] pixels of true class i predicted as j."""
    y_true, y_pred = _labels(y_true, y_pred)
    # every (true, predicted) pair is one index of the flattened matrix; bincount counts them all at once
    counts = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes)


def per_class_iou(y_true, y_pred, n_classes):
    """Intersection over union of every class: TP / (TP + FP + FN), shape (n_classes,).

    A class absent from both the truth and the prediction has no IoU: NaN.
    """
    C = confusion_matrix(y_true, y_pred, n_classes)
    true_positives = np.diag(C).astype(float)
    union = C.sum(axis=0) + C.sum(axis=1) - true_positives   # predicted + true - counted twice
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, true_positives / union, np.nan)


def mean_iou(y_true, y_pred, n_classes):
    """Mean of the per-class IoU over the classes present in the truth or the prediction."""
    iou = per_class_iou(y_true, y_pred, n_classes)
    return float(np.nanmean(iou)) if np.isfinite(iou).any() else float("nan")
