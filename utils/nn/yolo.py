"""YOLO-style detection in TensorFlow: decoding, the four post-processing steps, anchors, targets,
the loss and a small detector.

Taught in course4_cnn/w3_a1_car_detection_yolo.ipynb, whose grader compares the learner's
`yolo_filter_boxes`, `iou`, `yolo_non_max_suppression` and `yolo_eval` with these; used by
`python -m utils.pretrain yolo_road` (utils/pretrain/yolo_road.py), which trains `yolo_body` on
road scenes.

Notation (as the course's): the network sees an image and returns, for each of the S_h x S_w cells
of a grid and each of A anchor boxes, 5 + C numbers: t_x, t_y, t_w, t_h, t_o and C class scores.
`yolo_head` turns them into

    box_xy = (sigmoid(t_x, t_y) + cell column, row) / (S_w, S_h)    centre, fraction of the image
    box_wh = exp(t_w, t_h) * anchor (w, h) / (S_w, S_h)               size, fraction of the image
    box_confidence = sigmoid(t_o)                                      P(an object in this box)
    box_class_probs = softmax(class scores)                            P(class | object)

Anchors are (w, h) pairs in grid-cell units, as in the course's `yolo_anchors.txt`. Boxes in
corner form are (y_min, x_min, y_max, x_max), the order `tf.image.non_max_suppression` expects;
`iou` alone takes (x1, y1, x2, y2), as the course's exercise does (IoU does not care which axis
comes first, as long as both boxes agree).

The post-processing works on ONE image (no batch axis), as the original's `yolo_eval` does; a
batch axis of length 1 also works, since `tf.boolean_mask` flattens every masked axis.

`yolo_non_max_suppression`, like the original, is class-agnostic: a car box can suppress an
overlapping truck box. On scenes where objects of different classes rarely overlap by more than
the IoU threshold this changes little; per-class suppression would run the same step per class.
"""

import numpy as np

from utils.notebook import import_tensorflow

tf = import_tensorflow()
import keras  # noqa: E402  (after TensorFlow's quiet import)
from keras import layers  # noqa: E402

# ---------------------------------------------------------------------------------------------
# The course's text formats


def read_classes(classes_path):
    """Class names from a text file with one name per line (blank lines skipped)."""
    with open(classes_path) as handle:
        return [line.strip() for line in handle if line.strip()]


def read_anchors(anchors_path):
    """Anchors from the course's one-line format "w1,h1, w2,h2, ..." as an array of shape (A, 2)."""
    with open(anchors_path) as handle:
        numbers = [float(x) for x in handle.readline().split(",") if x.strip()]
    return np.array(numbers, dtype=np.float32).reshape(-1, 2)


def write_classes(class_names, classes_path):
    """Write class names in the format `read_classes` reads."""
    with open(classes_path, "w") as handle:
        handle.write("".join(f"{name}\n" for name in class_names))


def write_anchors(anchors, anchors_path):
    """Write anchors (A, 2) in the format `read_anchors` reads, rounded to 5 decimals."""
    pairs = [f"{w:.5f},{h:.5f}" for w, h in np.asarray(anchors, dtype=float)]
    with open(anchors_path, "w") as handle:
        handle.write(", ".join(pairs) + "\n")


# ---------------------------------------------------------------------------------------------
# The given helpers


def yolo_head(feats, anchors, num_classes):
    """Turn the network's raw output into boxes, confidences and class probabilities.

    Args:
        feats: raw output, shape (m, S_h, S_w, A * (5 + C)).
        anchors: (w, h) of the A anchors in grid cells, shape (A, 2).
        num_classes: C.
    Returns:
        box_xy (m, S_h, S_w, A, 2): box centres (x, y) as fractions of the image width and height.
        box_wh (m, S_h, S_w, A, 2): box sizes (w, h) as fractions of the image.
        box_confidence (m, S_h, S_w, A, 1): probability that the box holds an object.
        box_class_probs (m, S_h, S_w, A, C): class probabilities given an object.
    """
    feats = tf.convert_to_tensor(feats, dtype=tf.float32)
    anchors = np.asarray(anchors, dtype=np.float32)
    num_anchors = len(anchors)
    grid_h, grid_w = tf.shape(feats)[1], tf.shape(feats)[2]
    feats = tf.reshape(feats, [-1, grid_h, grid_w, num_anchors, num_classes + 5])
    columns, rows = tf.meshgrid(tf.range(grid_w), tf.range(grid_h))              # (S_h, S_w) each
    cell = tf.cast(tf.stack([columns, rows], axis=-1), tf.float32)[None, :, :, None, :]  # (1, S_h, S_w, 1, 2)
    grid = tf.cast(tf.stack([grid_w, grid_h]), tf.float32)                       # (2,) as (x, y)
    box_xy = (tf.sigmoid(feats[..., 0:2]) + cell) / grid
    box_wh = tf.exp(feats[..., 2:4]) * anchors.reshape(1, 1, 1, num_anchors, 2) / grid
    box_confidence = tf.sigmoid(feats[..., 4:5])
    box_class_probs = tf.nn.softmax(feats[..., 5:], axis=-1)
    return box_xy, box_wh, box_confidence, box_class_probs


def yolo_boxes_to_corners(box_xy, box_wh):
    """Centre and size (..., 2) each -> corners (..., 4) as (y_min, x_min, y_max, x_max)."""
    box_xy = tf.convert_to_tensor(box_xy, dtype=tf.float32)
    box_wh = tf.convert_to_tensor(box_wh, dtype=tf.float32)
    low = box_xy - box_wh / 2.0                                    # (..., 2) as (x_min, y_min)
    high = box_xy + box_wh / 2.0
    return tf.concat([low[..., 1:2], low[..., 0:1], high[..., 1:2], high[..., 0:1]], axis=-1)


def scale_boxes(boxes, image_shape):
    """Corners given as fractions of the image (..., 4) -> pixels; image_shape is (height, width)."""
    height, width = float(image_shape[0]), float(image_shape[1])
    scale = tf.constant([[height, width, height, width]], dtype=tf.float32)       # (1, 4)
    return tf.convert_to_tensor(boxes, dtype=tf.float32) * scale


# ---------------------------------------------------------------------------------------------
# The four exercises


def yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=.6):
    """Keep the boxes whose best class score reaches the threshold.

    Args:
        boxes: corners, shape (S_h, S_w, A, 4).
        box_confidence: P(object), shape (S_h, S_w, A, 1).
        box_class_probs: P(class | object), shape (S_h, S_w, A, C).
        threshold: a box is kept when its best score is >= threshold.
    Returns:
        scores (n,), boxes (n, 4), classes (n,) of the n kept boxes, in the grid's row-major order.
    """
    box_scores = box_confidence * box_class_probs                   # (S_h, S_w, A, C): P(object and class)
    box_classes = tf.math.argmax(box_scores, axis=-1)               # (S_h, S_w, A)
    box_class_scores = tf.math.reduce_max(box_scores, axis=-1)      # (S_h, S_w, A)
    keep = box_class_scores >= threshold
    return (tf.boolean_mask(box_class_scores, keep), tf.boolean_mask(boxes, keep),
            tf.boolean_mask(box_classes, keep))


def iou(box1, box2):
    """Intersection over union of two boxes given by their corners (x1, y1, x2, y2)."""
    (box1_x1, box1_y1, box1_x2, box1_y2) = box1
    (box2_x1, box2_y1, box2_x2, box2_y2) = box2
    xi1, yi1 = max(box1_x1, box2_x1), max(box1_y1, box2_y1)
    xi2, yi2 = min(box1_x2, box2_x2), min(box1_y2, box2_y2)
    # Each side is clamped on its own: two negative overlaps would multiply into a positive area.
    inter_area = max(xi2 - xi1, 0) * max(yi2 - yi1, 0)
    box1_area = (box1_x2 - box1_x1) * (box1_y2 - box1_y1)
    box2_area = (box2_x2 - box2_x1) * (box2_y2 - box2_y1)
    union_area = box1_area + box2_area - inter_area
    return inter_area / union_area


def yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    """Greedy non-max suppression over all boxes of an image (class-agnostic, as the original).

    Args:
        scores (n,), boxes (n, 4) as (y_min, x_min, y_max, x_max), classes (n,).
        max_boxes: at most this many boxes are kept.
        iou_threshold: a box is dropped when it overlaps a better kept box by more than this.
    Returns:
        scores (k,), boxes (k, 4), classes (k,) of the kept boxes, best score first.
    """
    nms_indices = tf.image.non_max_suppression(boxes, scores, max_boxes, iou_threshold=iou_threshold)
    return tf.gather(scores, nms_indices), tf.gather(boxes, nms_indices), tf.gather(classes, nms_indices)


def yolo_eval(yolo_outputs, image_shape=(720., 1280.), max_boxes=10, score_threshold=.6, iou_threshold=.5):
    """From yolo_head's four outputs for ONE image to the final detections in pixels.

    Args:
        yolo_outputs: (box_xy, box_wh, box_confidence, box_class_probs), shapes (S_h, S_w, A, 2),
            (S_h, S_w, A, 2), (S_h, S_w, A, 1), (S_h, S_w, A, C).
        image_shape: (height, width) of the image in pixels.
        max_boxes, score_threshold, iou_threshold: as in the filtering and suppression steps.
    Returns:
        scores (k,), boxes (k, 4) in pixels as (y_min, x_min, y_max, x_max), classes (k,).
    """
    box_xy, box_wh, box_confidence, box_class_probs = yolo_outputs
    boxes = yolo_boxes_to_corners(box_xy, box_wh)
    scores, boxes, classes = yolo_filter_boxes(boxes, box_confidence, box_class_probs, score_threshold)
    boxes = scale_boxes(boxes, image_shape)
    return yolo_non_max_suppression(scores, boxes, classes, max_boxes, iou_threshold)


def detect(model, images, anchors, num_classes, max_boxes=10, score_threshold=.6, iou_threshold=.5,
           batch_size=64):
    """Run `model` on images (m, H, W, 3) uint8 and post-process each image with `yolo_eval`.

    Returns a list of m (scores (k,), boxes (k, 4) in pixels, classes (k,)) NumPy triples.
    """
    images = np.asarray(images)
    found = []
    for start in range(0, len(images), batch_size):
        feats = model(images[start:start + batch_size].astype(np.float32) / 255.0, training=False)
        box_xy, box_wh, box_confidence, box_class_probs = yolo_head(feats, anchors, num_classes)
        for i in range(int(feats.shape[0])):
            outputs = (box_xy[i], box_wh[i], box_confidence[i], box_class_probs[i])
            scores, boxes, classes = yolo_eval(outputs, images.shape[1:3], max_boxes, score_threshold,
                                               iou_threshold)
            found.append((scores.numpy(), boxes.numpy(), classes.numpy()))
    return found


# ---------------------------------------------------------------------------------------------
# Anchors by k-means with the 1 - IoU distance (YOLOv2, Redmon and Farhadi, 2017)


def wh_iou(wh, anchors):
    """IoU of boxes and anchors placed on a common centre: wh (n, 2), anchors (k, 2) -> (n, k)."""
    wh, anchors = np.asarray(wh, dtype=float), np.asarray(anchors, dtype=float)
    inter = (np.minimum(wh[:, None, 0], anchors[None, :, 0])
             * np.minimum(wh[:, None, 1], anchors[None, :, 1]))                       # (n, k)
    union = (wh[:, 0] * wh[:, 1])[:, None] + (anchors[:, 0] * anchors[:, 1])[None, :] - inter
    return inter / np.maximum(union, 1e-12)


def kmeans_anchors(wh, k=5, seed=0, iterations=300):
    """k anchor shapes (k, 2) clustering box sizes wh (n, 2) with the distance 1 - IoU.

    Euclidean k-means on (w, h) lets large boxes dominate; with 1 - IoU a small box counts as much
    as a large one. The centres start at k distinct boxes drawn k-means++ style (each next one with
    probability proportional to its distance from the nearest centre so far), then alternate
    "assign each box to its nearest centre" and "move each centre to the mean of its boxes" until no
    assignment changes. Deterministic for a seed; the anchors come back sorted by area.
    """
    wh = np.asarray(wh, dtype=float)
    if len(wh) < k:
        raise ValueError(f"k-means needs at least k={k} boxes, got {len(wh)}")
    rng = np.random.default_rng(seed)
    centres = [wh[rng.integers(len(wh))]]
    for _ in range(1, k):
        distance = 1 - wh_iou(wh, np.array(centres)).max(axis=1)                      # (n,)
        if distance.sum() <= 0:
            raise ValueError("k-means needs at least k boxes of different shapes")
        centres.append(wh[rng.choice(len(wh), p=distance / distance.sum())])
    centres = np.array(centres)
    assignment = None
    for _ in range(iterations):
        nearest = wh_iou(wh, centres).argmax(axis=1)                                  # (n,)
        if assignment is not None and np.array_equal(nearest, assignment):
            break
        assignment = nearest
        for j in range(k):
            if np.any(nearest == j):                  # an empty cluster keeps its centre
                centres[j] = wh[nearest == j].mean(axis=0)
    return centres[np.argsort(centres[:, 0] * centres[:, 1])].astype(np.float32)


def mean_best_iou(wh, anchors):
    """How well anchors fit boxes: the mean over boxes of the IoU with their best anchor."""
    return float(wh_iou(wh, anchors).max(axis=1).mean())


# ---------------------------------------------------------------------------------------------
# Training targets and the loss


def yolo_targets(boxes, classes, anchors, grid_shape, num_classes, image_shape):
    """The target tensor of one image for `yolo_loss`.

    Each box is given to the grid cell holding its centre and, in that cell, to the anchor whose
    shape fits it best (IoU of the shapes on a common centre); if that anchor is taken by another
    box of the same cell, to the next best free one; a box finding no free anchor is dropped.

    Args:
        boxes: (k, 4) in pixels as (y_min, x_min, y_max, x_max).
        classes: (k,) class indices.
        anchors: (A, 2) anchor (w, h) in grid cells.
        grid_shape: (S_h, S_w).
        num_classes: C.
        image_shape: (height, width) of the image in pixels.
    Returns:
        float32 array (S_h, S_w, A, 5 + C): for a responsible anchor, the box's centre (x, y) and
        size (w, h) as fractions of the image (what yolo_head returns), 1, then the one-hot class;
        zeros elsewhere.
    """
    anchors = np.asarray(anchors, dtype=float)
    grid_h, grid_w = grid_shape
    height, width = float(image_shape[0]), float(image_shape[1])
    target = np.zeros((grid_h, grid_w, len(anchors), 5 + num_classes), dtype=np.float32)
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    for (y_min, x_min, y_max, x_max), label in zip(boxes, np.asarray(classes).reshape(-1)):
        w, h = (x_max - x_min) / width, (y_max - y_min) / height
        if w <= 0 or h <= 0:
            continue
        x, y = (x_min + x_max) / 2 / width, (y_min + y_max) / 2 / height
        column = min(max(int(x * grid_w), 0), grid_w - 1)
        row = min(max(int(y * grid_h), 0), grid_h - 1)
        fits = wh_iou(np.array([[w * grid_w, h * grid_h]]), anchors)[0]              # (A,)
        for a in np.argsort(-fits, kind="stable"):
            if target[row, column, a, 4] == 0:
                target[row, column, a, :5] = (x, y, w, h, 1.0)
                target[row, column, a, 5 + int(label)] = 1.0
                break
    return target


def yolo_targets_batch(all_boxes, all_classes, anchors, grid_shape, num_classes, image_shape):
    """`yolo_targets` of each image: lists of (k_i, 4) boxes and (k_i,) classes -> (m, S_h, S_w, A, 5 + C)."""
    return np.stack([yolo_targets(b, c, anchors, grid_shape, num_classes, image_shape)
                     for b, c in zip(all_boxes, all_classes)])


def _corners(xy, wh):
    """(..., 2) centres and sizes -> (..., 4) as (x_min, y_min, x_max, y_max)."""
    return tf.concat([xy - wh / 2, xy + wh / 2], axis=-1)


def _pairwise_iou(a, b):
    """IoU of every box of a (m, N, 4) with every box of b (m, K, 4), corners -> (m, N, K)."""
    a, b = a[:, :, None, :], b[:, None, :, :]
    inter_w = tf.maximum(tf.minimum(a[..., 2], b[..., 2]) - tf.maximum(a[..., 0], b[..., 0]), 0.0)
    inter_h = tf.maximum(tf.minimum(a[..., 3], b[..., 3]) - tf.maximum(a[..., 1], b[..., 1]), 0.0)
    inter = inter_w * inter_h
    area_a = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1])
    area_b = (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    return inter / tf.maximum(area_a + area_b - inter, 1e-9)


def yolo_loss(y_true, y_pred, anchors, coord_scale=5.0, object_scale=1.0, no_object_scale=1.0,
              class_scale=1.0, ignore_threshold=0.6, max_true_boxes=32):
    """The YOLOv2-style loss of a batch, summed over cells and anchors and averaged over images.

    Args:
        y_true: targets from `yolo_targets`, shape (m, S_h, S_w, A, 5 + C).
        y_pred: the network's raw output, shape (m, S_h, S_w, A * (5 + C)).
        anchors: (A, 2) in grid cells.
    Returns:
        a scalar tensor.

    Four terms, for the anchor responsible for a true box (objectness 1 in y_true) unless said:
      - coordinates, weighted by coord_scale * (2 - w * h) (small boxes count more, as in YOLOv2):
        squared error of sigmoid(t_x, t_y) against the centre's offset in its cell, plus squared
        error of (t_w, t_h) against log(true size / anchor size). These are the quantities yolo_head
        decodes, compared where they are well scaled (an offset in [0, 1], a log-ratio).
      - objectness: object_scale * binary cross-entropy of sigmoid(t_o) against 1;
      - no object: for every other anchor, no_object_scale * binary cross-entropy against 0, except
        where the predicted box already overlaps some true box of the image by more than
        ignore_threshold (YOLOv2/v3's ignore rule: a good box that is not the responsible one is not
        pushed down);
      - classes: class_scale * softmax cross-entropy of the class scores against the true class.
    Cross-entropy rather than YOLOv2's squared error for the last three: the same minimum, steadier
    gradients. Only the first max_true_boxes true boxes of an image take part in the ignore rule.
    """
    anchors = np.asarray(anchors, dtype=np.float32)
    num_anchors = len(anchors)
    y_true = tf.convert_to_tensor(y_true, dtype=tf.float32)
    y_pred = tf.convert_to_tensor(y_pred, dtype=tf.float32)
    shape = tf.shape(y_true)
    batch, grid_h, grid_w = shape[0], shape[1], shape[2]
    feats = tf.reshape(y_pred, shape)                                            # (m, S_h, S_w, A, 5 + C)
    grid = tf.cast(tf.stack([grid_w, grid_h]), tf.float32)                       # (2,) as (x, y)
    columns, rows = tf.meshgrid(tf.range(grid_w), tf.range(grid_h))
    cell = tf.cast(tf.stack([columns, rows], axis=-1), tf.float32)[None, :, :, None, :]
    anchor_wh = anchors.reshape(1, 1, 1, num_anchors, 2)

    responsible = y_true[..., 4]                                                 # (m, S_h, S_w, A)
    true_xy, true_wh = y_true[..., 0:2], y_true[..., 2:4]
    true_offset = true_xy * grid - cell                                          # in [0, 1] in its cell
    true_log_wh = tf.math.log(tf.maximum(true_wh * grid / anchor_wh, 1e-9))
    size_weight = 2.0 - true_wh[..., 0] * true_wh[..., 1]
    coord_error = (tf.reduce_sum(tf.square(tf.sigmoid(feats[..., 0:2]) - true_offset), axis=-1)
                   + tf.reduce_sum(tf.square(feats[..., 2:4] - true_log_wh), axis=-1))
    coord_loss = coord_scale * responsible * size_weight * coord_error

    # The ignore rule: the best IoU of each predicted box with the true boxes of its image.
    pred_xy = (tf.sigmoid(feats[..., 0:2]) + cell) / grid
    pred_wh = tf.exp(tf.minimum(feats[..., 2:4], 10.0)) * anchor_wh / grid
    pred_boxes = tf.reshape(_corners(pred_xy, pred_wh), [batch, -1, 4])          # (m, N, 4)
    flat_true = tf.reshape(y_true[..., :5], [batch, -1, 5])                      # (m, N, 5)
    k = tf.minimum(max_true_boxes, tf.shape(flat_true)[1])
    present, index = tf.math.top_k(flat_true[..., 4], k=k)                        # (m, K) each
    chosen = tf.gather(flat_true, index, batch_dims=1)                            # (m, K, 5)
    true_boxes = _corners(chosen[..., 0:2], chosen[..., 2:4])                     # (m, K, 4)
    overlaps = _pairwise_iou(pred_boxes, true_boxes) * present[:, None, :]       # (m, N, K)
    best = tf.reshape(tf.reduce_max(overlaps, axis=-1), tf.shape(responsible))
    ignore = tf.stop_gradient(tf.cast(best > ignore_threshold, tf.float32))

    logits = feats[..., 4]
    object_loss = object_scale * responsible * tf.nn.sigmoid_cross_entropy_with_logits(
        labels=tf.ones_like(logits), logits=logits)
    no_object_loss = no_object_scale * (1 - responsible) * (1 - ignore) * \
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros_like(logits), logits=logits)
    class_loss = class_scale * responsible * tf.nn.softmax_cross_entropy_with_logits(
        labels=y_true[..., 5:], logits=feats[..., 5:])
    total = coord_loss + object_loss + no_object_loss + class_loss                # (m, S_h, S_w, A)
    return tf.reduce_sum(total) / tf.cast(batch, tf.float32)


def make_yolo_loss(anchors, **weights):
    """`yolo_loss` as a Keras loss function of (y_true, y_pred), for `model.compile(loss=...)`."""
    def loss(y_true, y_pred):
        return yolo_loss(y_true, y_pred, anchors, **weights)
    loss.__name__ = "yolo_loss"
    return loss


# ---------------------------------------------------------------------------------------------
# A small detector


OBJECT_PRIOR = 0.01


def yolo_body(input_shape, anchors, num_classes, width=1.0, stride=16):
    """A Darknet-like convolutional detector: raw outputs (m, S_h, S_w, A * (5 + C)).

    Blocks of CONV 3x3 -> BatchNormalization -> LeakyReLU(0.1), as in Tiny YOLO: 16 filters with
    stride 2, then 32, 64, 128 filters (times `width`), with 2x2 max-pools to reach the stride.
    Then a context branch, as YOLOv3's second scale turned round: the grid's features are pooled
    once more, pass 256 -> 128 (1x1) -> 256 filters at half the grid's resolution (where a 3x3
    sees twice as far, so that a bus or a near truck fits inside what a cell looks at), and come
    back up to be concatenated with the grid's own 128 features; 128 (1x1) -> 256 filters mix
    the two, and a 1x1 convolution gives A * (5 + C) outputs with no activation (yolo_head
    applies the sigmoids, exp and softmax).
    The input is an image scaled to [0, 1], shape `input_shape` = (H, W, 3), with H and W
    multiples of twice the stride (8 or 16); the grid is (H / stride, W / stride).
    """
    if stride not in (8, 16):
        raise ValueError(f"stride must be 8 or 16, got {stride}")
    if input_shape[0] % (2 * stride) or input_shape[1] % (2 * stride):
        raise ValueError(f"the image size {tuple(input_shape[:2])} must be a multiple of the stride {stride} "
                         f"times 2 (the context branch halves the grid)")
    num_anchors = len(anchors)

    def filters(n):
        return max(8, int(round(n * width)))

    def block(X, n, size=3, strides=1):
        X = layers.Conv2D(filters(n), size, strides=strides, padding="same", use_bias=False)(X)
        X = layers.BatchNormalization()(X)
        return layers.LeakyReLU(negative_slope=0.1)(X)

    inputs = keras.Input(shape=input_shape)
    # The first block convolves with stride 2 rather than pooling afterwards: the same halving,
    # without a full-resolution feature map (on a CPU its normalisation alone costs as much as
    # the rest of the network).
    X = block(inputs, 16, strides=2)
    pools = {8: 2, 16: 3}[stride]
    for i, n in enumerate((32, 64, 128)):
        X = block(X, n)
        if i < pools:
            X = layers.MaxPooling2D(2)(X)
    context = layers.MaxPooling2D(2)(X)
    context = block(context, 256)
    context = block(context, 128, size=1)
    context = block(context, 256)
    context = layers.UpSampling2D(2)(context)
    X = layers.Concatenate()([X, context])
    X = block(X, 128, size=1)
    X = block(X, 256)
    head = layers.Conv2D(num_anchors * (5 + num_classes), 1, padding="same")
    outputs = head(X)
    # Objectness starts near OBJECT_PRIOR instead of 0.5 (the prior initialisation of RetinaNet,
    # Lin et al. 2017): with thousands of empty anchors per object, a start at 0.5 spends the
    # first hundreds of steps only pushing every objectness down.
    bias = np.zeros((num_anchors, 5 + num_classes), dtype="float32")
    bias[:, 4] = -np.log((1 - OBJECT_PRIOR) / OBJECT_PRIOR)
    head.bias.assign(bias.reshape(-1))
    return keras.Model(inputs, outputs, name="yolo_body")
