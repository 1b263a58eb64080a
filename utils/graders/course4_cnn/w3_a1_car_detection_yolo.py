"""Graders for course4_cnn/w3_a1_car_detection_yolo.ipynb.

Each check calls the learner's function on the grader's own inputs (other grid sizes, anchor and
class counts, thresholds and image shapes than the notebook's) and compares what comes back with
the reference of utils/nn/yolo.py. The three returned values (scores, boxes, classes) may be
tf.Tensors, as code written for the original course returns them, or NumPy arrays. Kept boxes are
compared as a set (sorted by score, which the grader's inputs make distinct), so an implementation
that keeps the right boxes in another order passes; boxes, scores and classes must stay paired.

Known mistakes are named when the learner's output matches them: for yolo_filter_boxes, the class
score taken as the confidence alone or the class probability alone (no product), `>` in place of
`>=`, the threshold argument ignored; for iou, overlaps not clamped at 0 (or clamped after the
product), boxes read as (x, y, w, h), the union without the intersection taken off, `//`; for
yolo_non_max_suppression, max_boxes or iou_threshold ignored, the indices not gathered; for
yolo_eval, scale_boxes left out or given (width, height), an argument not passed on, centres and
sizes used as corners. yolo_eval is judged with the reference helpers swapped in (a learner's own
yolo_filter_boxes or yolo_non_max_suppression that does not pass yet gets a note).
"""

import numpy as np

from utils.grading import Checker, describe

_NMS_ORDER_HINT = ("tf.image.non_max_suppression takes the boxes first, then the scores: "
                   "tf.image.non_max_suppression(boxes, scores, max_boxes, iou_threshold=iou_threshold).")
_MASK_HINT = ("A boolean mask must have the shape of the leading axes of what it filters: here one entry "
              "per box, shape (S_h, S_w, A). Take tf.math.argmax and tf.math.reduce_max over the classes, "
              "the last axis (axis=-1); without `axis`, tf.math.argmax works over axis 0.")
ERRORS = [
    (Exception, r"boxes must be 2-D|scores must be 1-D|[Ss]hape must be rank 2 but is rank 1",
     _NMS_ORDER_HINT),
    (ValueError, r"Shapes \([\d, ]*\) and \([\d, ]*\) are incompatible|mask.*(dimension|shape)", _MASK_HINT),
    (TypeError, r"'(?:tensorflow\.python\.framework\.ops\.)?EagerTensor' object is not callable|"
                r"'tuple' object is not callable",
     "A name of a function was used for a value (e.g. `iou = ...` or `scores = ...` over a function's "
     "name). Give the value another name."),
]


def _tf():
    from utils.notebook import import_tensorflow

    return import_tensorflow()


def _yolo():
    from utils.nn import yolo

    return yolo


# ---------------------------------------------------------------------------------------------
# Comparing (scores, boxes, classes) triples


NAMES = ("scores", "boxes", "classes")


def _numpy(value):
    """A tf.Tensor, tf.Variable or NumPy array as a NumPy array; None for anything else."""
    tf = _tf()
    if isinstance(value, (tf.Tensor, tf.Variable)):
        return np.asarray(value)
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, np.generic):
        return np.asarray(value)
    return None


def _as_triple(value):
    """(scores, boxes, classes) of a reference or wrong version as NumPy arrays."""
    return tuple(np.asarray(v) for v in value)


def _order(triple):
    """Indices that sort a triple's boxes by score, best first (ties broken by the boxes)."""
    scores, boxes, _ = triple
    keys = [boxes[:, j] for j in range(3, -1, -1)] + [-np.round(scores.astype(float), 5)]
    return np.lexsort(keys)


def _same(got, expected, rtol=1e-4, atol=1e-4):
    """Whether two triples hold the same boxes with the same scores and classes, in any order."""
    if any(g.shape != e.shape for g, e in zip(got, expected)):
        return False
    try:
        g_order, e_order = _order(got), _order(expected)
        return all(np.allclose(g[g_order].astype(float), e[e_order].astype(float), rtol=rtol, atol=atol)
                   for g, e in zip(got, expected))
    except (TypeError, ValueError):
        return False


def _check_triple(c, got, expected, mistakes=None, hint=None, what="the returned values"):
    """Check that `got` is (scores, boxes, classes) equal to the reference triple `expected`."""
    expected = _as_triple(expected)
    if got is None:
        c.fail(f"{what} are None", expected="(scores, boxes, classes)",
               hint="Did you forget the `return scores, boxes, classes` statement?")
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        c.fail(f"{what} should be a tuple of 3 values (scores, boxes, classes)", got=describe(got),
               hint="Return the three values separated by commas: `return scores, boxes, classes`.")
    arrays = []
    for name, value in zip(NAMES, got):
        array = _numpy(value)
        if array is None:
            c.fail(f"{name} should be a tf.Tensor (or a NumPy array), not a {type(value).__name__}",
                   got=describe(value),
                   hint="Keep the results of the TensorFlow operations (tf.boolean_mask, tf.gather) as "
                   "they come." if value is not None else "Did you leave a value unassigned?")
        arrays.append(array)
    shapes = tuple(a.shape for a in arrays)
    want = tuple(e.shape for e in expected)
    n = want[0][0]
    if shapes != want:
        if sorted(shapes, key=len) == sorted(want, key=len) and shapes[1] != want[1]:
            c.fail(f"{what} have shapes {shapes}; expected {want} for (scores, boxes, classes)",
                   hint="The values come back in another order: return scores, boxes, classes.")
        mistake = _matching(arrays, mistakes)
        k = shapes[0][0] if len(shapes[0]) == 1 else None
        if k is None or shapes != ((k,), (k, 4), (k,)):
            k = None
        if k is not None:
            problem = f"{what} hold {_boxes(k)}; expected {_boxes(n)}"
        else:
            problem = (f"{what} have shapes {shapes}; expected {want} for (scores, boxes, classes), "
                       f"that is {_boxes(n)}")
        c.fail(problem, expected=_show(expected), got=_show(arrays) if k is not None else None,
               hint=mistake or hint)
    for name, array in zip(NAMES, arrays):
        if not (np.issubdtype(array.dtype, np.number)):
            c.fail(f"{name} has dtype {array.dtype}; expected numbers", got=describe(array))
        if np.issubdtype(array.dtype, np.floating) and not np.all(np.isfinite(array)):
            c.fail(f"{name} contains {array[~np.isfinite(array)][0]}; expected finite numbers",
                   got=describe(array), hint="Look for a division by zero or a log of 0.")
    if _same(arrays, expected):
        return arrays
    mistake = _matching(arrays, mistakes)
    c.fail(f"{what} have the right shapes but wrong values (tolerance 1e-4)",
           expected=_show(expected), got=_show(arrays), hint=mistake or hint)


def _boxes(n):
    return f"{n} box" if n == 1 else f"{n} boxes"


def _matching(arrays, mistakes):
    for label, wrong in (mistakes or {}).items():
        if wrong is not None and _same(arrays, _as_triple(wrong)):
            return f"This looks like a known mistake: {label}."
    return None


def _show(triple):
    """The kept boxes, best score first, as short text."""
    order = _order(triple)
    scores, boxes, classes = (a[order] for a in triple)
    if len(scores) > 6:
        return (f"{len(scores)} boxes, scores {np.array2string(scores[:6].astype(float), precision=4)}..., "
                f"classes {classes[:6].tolist()}...")
    rows = [f"score {float(s):.4f} class {_class_text(k)} box "
            f"{np.array2string(b.astype(float), precision=3, separator=', ')}"
            for s, b, k in zip(scores, boxes, classes)]
    return f"{len(scores)} boxes" + (": " + "; ".join(rows) if rows else "")


def _class_text(k):
    value = float(k)
    return str(int(value)) if value.is_integer() else f"{value:.3f}"


# ---------------------------------------------------------------------------------------------
# yolo_filter_boxes


def _filter(boxes, box_confidence, box_class_probs, threshold, mistake=None):
    """The reference filter in NumPy, or one known `mistake`: "confidence only", "probs only",
    "strict" (> instead of >=)."""
    box_scores = box_confidence * box_class_probs
    if mistake == "confidence only":
        box_scores = np.broadcast_to(box_confidence, box_class_probs.shape)
        classes = box_class_probs.argmax(axis=-1)
    elif mistake == "probs only":
        box_scores = box_class_probs
        classes = box_scores.argmax(axis=-1)
    else:
        classes = box_scores.argmax(axis=-1)
    best = box_scores.max(axis=-1)
    keep = best > threshold if mistake == "strict" else best >= threshold
    return best[keep], boxes[keep], classes[keep]


def _filter_inputs(rng, shape, tie):
    """boxes, box_confidence, box_class_probs for a grid `shape` = (S_h, S_w, A, C); with `tie`,
    one box whose best score is exactly 0.5 (1.0 * 0.5 in float32)."""
    S_h, S_w, A, C = shape
    xy = rng.uniform(0, 1, (S_h, S_w, A, 2))
    wh = rng.uniform(0.05, 0.4, (S_h, S_w, A, 2))
    boxes = np.concatenate([xy[..., ::-1] - wh[..., ::-1] / 2, xy[..., ::-1] + wh[..., ::-1] / 2], axis=-1)
    confidence = rng.uniform(0.05, 1.0, (S_h, S_w, A, 1))
    logits = rng.normal(0, 2.0, (S_h, S_w, A, C))
    probs = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    if tie:
        confidence[1, 2, 0, 0] = 1.0
        probs[1, 2, 0] = 0.0
        probs[1, 2, 0, :4] = (0.125, 0.5, 0.25, 0.125)
    return boxes.astype(np.float32), confidence.astype(np.float32), probs.astype(np.float32)


def check_yolo_filter_boxes(yolo_filter_boxes):
    tf = _tf()
    c = Checker(yolo_filter_boxes, "yolo_filter_boxes", error_hints=ERRORS)
    rng = np.random.default_rng(41)
    cases = (((4, 5, 3, 6), 0.5, True), ((3, 6, 2, 4), None, False))
    for shape, threshold, tie in cases:
        boxes, confidence, probs = _filter_inputs(rng, shape, tie)
        args = [tf.constant(boxes), tf.constant(confidence), tf.constant(probs)]
        got = c.call(*args) if threshold is None else c.call(*args, threshold=threshold)
        used = 0.6 if threshold is None else threshold
        mistakes = {
            "the class score is the box confidence alone; it is the product box_confidence * "
            "box_class_probs (P(object) times P(class | object))":
                _filter(boxes, confidence, probs, used, "confidence only"),
            "the class score is the class probability alone; multiply it by the box confidence: "
            "box_scores = box_confidence * box_class_probs":
                _filter(boxes, confidence, probs, used, "probs only"),
            "the mask uses > threshold; keep the boxes whose score is >= threshold (one box here scores "
            "exactly the threshold)": _filter(boxes, confidence, probs, used, "strict"),
        }
        if threshold is not None:
            mistakes["the threshold argument is not used (the boxes kept are those scoring >= 0.6); "
                     "compare with `threshold`"] = _filter(boxes, confidence, probs, 0.6)
        _check_triple(c, got, _filter(boxes, confidence, probs, used), mistakes=mistakes,
                      hint="Score each box by box_confidence * box_class_probs, take the best class "
                      "(tf.math.argmax, axis=-1) and its score (tf.math.reduce_max, axis=-1), keep the "
                      "boxes scoring >= threshold and apply the same mask to the scores, the boxes and "
                      "the classes (tf.boolean_mask).")
        told = f"threshold={threshold}" if threshold is not None else "the default threshold"
        c.ok(f"grid {shape[:3]} with {shape[3]} classes, {told}: the right boxes, scores and classes")
    c.done()


# ---------------------------------------------------------------------------------------------
# iou

# (box1, box2) as (x1, y1, x2, y2): overlapping, apart on both axes, apart on one axis, nested,
# touching along an edge, identical, and an overlap of unequal sides.
IOU_CASES = (((1, 1, 5, 4), (3, 2, 7, 6)),
             ((0, 0, 2, 2), (3, 4, 6, 7)),
             ((0, 0, 2, 3), (4, 1, 6, 2)),
             ((0, 0, 10, 10), (2, 3, 5, 6)),
             ((1, 1, 3, 3), (3, 1, 5, 3)),
             ((0.5, 1.5, 2.5, 4.0), (0.5, 1.5, 2.5, 4.0)),
             ((1, 2, 4, 8), (2, 1, 7, 5)))


def _iou(box1, box2, mistake=None):
    """The reference IoU, or one known `mistake`: "no clamp", "clamp product", "xywh", "area xywh",
    "union", "floor"."""
    if mistake == "xywh":
        box1, box2 = ((x, y, x + w, y + h) for x, y, w, h in (box1, box2))
    x1, y1, x2, y2 = box1
    u1, v1, u2, v2 = box2
    width, height = min(x2, u2) - max(x1, u1), min(y2, v2) - max(y1, v1)
    if mistake == "no clamp":
        inter = width * height
    elif mistake == "clamp product":
        inter = max(width * height, 0)
    else:
        inter = max(width, 0) * max(height, 0)
    if mistake == "area xywh":
        area1, area2 = x2 * y2, u2 * v2
    else:
        area1, area2 = (x2 - x1) * (y2 - y1), (u2 - u1) * (v2 - v1)
    union = area1 + area2 if mistake == "union" else area1 + area2 - inter
    if union == 0:
        return float("nan")
    return inter // union if mistake == "floor" else inter / union


IOU_MISTAKES = {
    "no clamp": "the overlaps are not clamped at 0: for boxes apart on an axis, xi2 - xi1 (or "
                "yi2 - yi1) is negative, and the intersection must then be 0. Write "
                "inter_width = max(xi2 - xi1, 0) and inter_height = max(yi2 - yi1, 0)",
    "clamp product": "the intersection is clamped after the product, max(width * height, 0): two "
                     "negative overlaps (boxes apart on both axes) multiply into a positive area. Clamp "
                     "each side on its own: max(xi2 - xi1, 0) * max(yi2 - yi1, 0)",
    "xywh": "the boxes are read as (x, y, width, height); here a box is given by two corners, "
            "(x1, y1, x2, y2): upper left and lower right",
    "area xywh": "the areas are computed as x2 * y2, as if the last two numbers were the width and "
                 "height; a box is (x1, y1, x2, y2), so its area is (x2 - x1) * (y2 - y1)",
    "union": "the union is the sum of the two areas; the intersection, counted twice there, must be "
             "taken off once: union_area = box1_area + box2_area - inter_area",
    "floor": "the ratio uses //, which rounds down to a whole number; use /",
}


def _number(value):
    """A Python float from a number, a 0-d or one-element array or tensor; None otherwise."""
    if isinstance(value, (bool, np.bool_)):
        return None
    array = _numpy(value) if not isinstance(value, (int, float)) else np.asarray(value)
    if array is None or array.size != 1 or not np.issubdtype(array.dtype, np.number):
        return None
    return float(array.reshape(()))


def check_iou(iou):
    c = Checker(iou, "iou", error_hints=ERRORS)
    got = []
    for box1, box2 in IOU_CASES:
        value = c.call(box1, box2)
        number = _number(value)
        if number is None:
            c.fail("should return a number (a float)", expected=f"{_iou(box1, box2):.6f}",
                   got=describe(value), hint="Did you forget the `return` statement?"
                   if value is None else "Return inter_area / union_area, a single number.")
        if not np.isfinite(number):
            c.fail(f"returned {number}; expected a finite number", expected=f"{_iou(box1, box2):.6f}",
                   hint="A box of zero area on its own can make union_area 0; check the areas use "
                   "(x2 - x1) * (y2 - y1).")
        got.append(number)
    expected = [_iou(b1, b2) for b1, b2 in IOU_CASES]
    wrong = {name: [_iou(b1, b2, name) for b1, b2 in IOU_CASES] for name in IOU_MISTAKES}
    for i, ((box1, box2), g, e) in enumerate(zip(IOU_CASES, got, expected)):
        if np.isclose(g, e, rtol=1e-6, atol=1e-9):
            continue
        matched = [name for name, values in wrong.items()
                   if np.allclose(got, values, rtol=1e-6, atol=1e-9, equal_nan=True)]
        if not matched:        # the values agree with a mistake on this case, if not on every case
            matched = [name for name, values in wrong.items() if np.isclose(g, values[i], rtol=1e-6)]
        c.last_call = f"iou(box1={box1}, box2={box2})"
        hint = (f"This looks like a known mistake: {IOU_MISTAKES[matched[0]]}." if matched else
                "Intersection: xi1 = max(x1), yi1 = max(y1), xi2 = min(x2), yi2 = min(y2), each side "
                "clamped at 0; union = area1 + area2 - intersection.")
        c.fail("returned a wrong value (tolerance rtol=1e-6)", expected=f"{e:.8g}", got=f"{g:.8g}",
               hint=hint)
    c.ok(f"{len(IOU_CASES)} pairs of boxes: overlapping, apart on one or both axes, nested, touching, "
         "identical")
    c.done()


# ---------------------------------------------------------------------------------------------
# yolo_non_max_suppression


def _nms_inputs():
    """scores (n,), boxes (n, 4) as (y_min, x_min, y_max, x_max), classes (n,): clusters of
    overlapping boxes of one class each (so class-agnostic and per-class suppression agree), with
    one pair overlapping at IoU 0.40 and distinct scores."""
    rng = np.random.default_rng(7)
    boxes, classes = [], []
    centres = [(20, 30), (25, 120), (70, 60), (80, 150), (40, 200), (110, 20), (115, 110)]
    for k, (y, x) in enumerate(centres):
        copies = 1 + k % 3
        for _ in range(copies):
            dy, dx = rng.uniform(-3, 3, 2)
            boxes.append((y + dy - 12, x + dx - 15, y + dy + 12, x + dx + 15))
            classes.append(k % 4)
    # A pair at IoU 0.40: same height, shifted sideways by 3/7 of a width of 30.
    boxes += [(140, 200, 160, 230), (140, 200 + 30 * 3 / 7, 160, 230 + 30 * 3 / 7)]
    classes += [1, 1]
    scores = rng.permutation(np.linspace(0.35, 0.95, len(boxes)))
    return (scores.astype(np.float32), np.array(boxes, dtype=np.float32), np.array(classes, dtype=np.int64))


def _nms(scores, boxes, classes, max_boxes, iou_threshold):
    """Greedy suppression in NumPy (the reference's rule: drop a box whose IoU with a kept one is
    above the threshold)."""
    kept = []
    for i in np.argsort(-scores, kind="stable"):
        if len(kept) == max_boxes:
            break
        if all(_iou(boxes[i][[1, 0, 3, 2]], boxes[j][[1, 0, 3, 2]]) <= iou_threshold for j in kept):
            kept.append(i)
    kept = np.array(kept, dtype=int)
    return scores[kept], boxes[kept], classes[kept]


def check_yolo_non_max_suppression(yolo_non_max_suppression):
    tf = _tf()
    c = Checker(yolo_non_max_suppression, "yolo_non_max_suppression", error_hints=ERRORS)
    scores, boxes, classes = _nms_inputs()
    args = (tf.constant(scores), tf.constant(boxes), tf.constant(classes))
    not_gathered = (scores, boxes, classes)
    for max_boxes, iou_threshold in ((4, 0.5), (None, 0.3), (20, 0.5)):
        if max_boxes is None:
            got = c.call(*args, iou_threshold=iou_threshold)
        else:
            got = c.call(*args, max_boxes=max_boxes, iou_threshold=iou_threshold)
        used = 10 if max_boxes is None else max_boxes
        mistakes = {
            "max_boxes is not used (at most 10 boxes kept); pass it to tf.image.non_max_suppression "
            "as max_output_size": _nms(scores, boxes, classes, 10, iou_threshold),
            "iou_threshold is not used (0.5 is); pass iou_threshold=iou_threshold to "
            "tf.image.non_max_suppression": _nms(scores, boxes, classes, used, 0.5),
            "the results are not gathered: tf.image.non_max_suppression returns the indices of the boxes "
            "to keep; select them with tf.gather(scores, nms_indices), and the same for boxes and "
            "classes": not_gathered,
        }
        _check_triple(c, got, _nms(scores, boxes, classes, used, iou_threshold), mistakes=mistakes,
                      hint="Get the indices to keep with tf.image.non_max_suppression(boxes, scores, "
                      "max_boxes, iou_threshold=iou_threshold), then select the scores, boxes and classes "
                      "at those indices with tf.gather.")
    c.ok(f"{len(scores)} boxes in clusters: max_boxes=4, 10 (the default) and 20, iou_threshold=0.5 and 0.3")
    c.done()


# ---------------------------------------------------------------------------------------------
# yolo_eval


def _eval_inputs(rng, shape):
    """yolo_outputs (box_xy, box_wh, box_confidence, box_class_probs) for a grid `shape` = (S_h, S_w,
    A, C): boxes whose neighbours overlap, confidences and class probabilities spread over (0, 1)."""
    S_h, S_w, A, C = shape
    rows, columns = np.meshgrid(np.arange(S_h), np.arange(S_w), indexing="ij")
    cell = np.stack([columns, rows], axis=-1)[:, :, None, :]                     # (S_h, S_w, 1, 2)
    box_xy = (cell + rng.uniform(0.2, 0.8, (S_h, S_w, A, 2))) / np.array([S_w, S_h])
    box_wh = rng.uniform(0.15, 0.6, (S_h, S_w, A, 2))
    box_confidence = rng.uniform(0.3, 1.0, (S_h, S_w, A, 1))
    logits = rng.normal(0, 2.5, (S_h, S_w, A, C))
    box_class_probs = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    return tuple(a.astype(np.float32) for a in (box_xy, box_wh, box_confidence, box_class_probs))


def _eval(outputs, image_shape, max_boxes, score_threshold, iou_threshold, mistake=None):
    """The reference yolo_eval, or one known `mistake`: "no scale", "width first", "xywh". (Scaling
    after the suppression is no mistake: IoU does not change when the x and y axes are stretched.)"""
    yolo = _yolo()
    box_xy, box_wh, box_confidence, box_class_probs = outputs
    if mistake == "xywh":
        boxes = np.concatenate([box_xy, box_wh], axis=-1)
    else:
        boxes = np.asarray(yolo.yolo_boxes_to_corners(box_xy, box_wh))
    scores, boxes, classes = _filter(boxes, box_confidence, box_class_probs, score_threshold)
    if mistake == "width first":
        image_shape = image_shape[::-1]
    if mistake != "no scale":
        boxes = np.asarray(yolo.scale_boxes(boxes, image_shape))
    return _nms(scores, boxes, classes, max_boxes, iou_threshold)


def check_yolo_eval(yolo_eval):
    tf = _tf()
    yolo = _yolo()
    c = Checker(yolo_eval, "yolo_eval", error_hints=ERRORS, uses={
        "yolo_boxes_to_corners": (yolo.yolo_boxes_to_corners, None),
        "scale_boxes": (yolo.scale_boxes, None),
        "yolo_filter_boxes": (yolo.yolo_filter_boxes, check_yolo_filter_boxes),
        "yolo_non_max_suppression": (yolo.yolo_non_max_suppression, check_yolo_non_max_suppression),
    })
    rng = np.random.default_rng(23)
    # max_boxes limits the first case's count and not the second's; the third takes the defaults.
    cases = (((4, 5, 3, 5), (96.0, 160.0), 5, 0.4, 0.45), ((5, 4, 2, 4), (120.0, 90.0), 30, 0.35, 0.3),
             ((6, 6, 2, 3), None, None, None, None))
    for shape, image_shape, max_boxes, score_threshold, iou_threshold in cases:
        outputs = _eval_inputs(rng, shape)
        given = tuple(tf.constant(a) for a in outputs)
        if image_shape is None:
            got = c.call(given)
            settings = ((720.0, 1280.0), 10, 0.6, 0.5)
        else:
            got = c.call(given, image_shape=image_shape, max_boxes=max_boxes, score_threshold=score_threshold,
                         iou_threshold=iou_threshold)
            settings = (image_shape, max_boxes, score_threshold, iou_threshold)
        image, most, score, overlap = settings
        mistakes = {
            "the boxes are not scaled to the image: call scale_boxes(boxes, image_shape) after the "
            "filtering": _eval(outputs, *settings, "no scale"),
            "the boxes are scaled with (width, height); scale_boxes takes image_shape as given, "
            "(height, width)": _eval(outputs, *settings, "width first"),
            "the centres and sizes are used as corners: convert them first with "
            "boxes = yolo_boxes_to_corners(box_xy, box_wh)": _eval(outputs, *settings, "xywh"),
        }
        if image_shape is not None:
            mistakes.update({
                "image_shape is not passed on (the boxes are scaled to 720 x 1280)":
                    _eval(outputs, (720.0, 1280.0), most, score, overlap),
                "score_threshold is not passed on to yolo_filter_boxes (0.6 is used)":
                    _eval(outputs, image, most, 0.6, overlap),
                "max_boxes is not passed on to yolo_non_max_suppression (10 is used)":
                    _eval(outputs, image, 10, score, overlap),
                "iou_threshold is not passed on to yolo_non_max_suppression (0.5 is used)":
                    _eval(outputs, image, most, score, 0.5),
            })
        _check_triple(c, got, _eval(outputs, *settings), mistakes=mistakes,
                      hint="Convert to corners (yolo_boxes_to_corners), filter (yolo_filter_boxes with "
                      "score_threshold), scale to the image (scale_boxes with image_shape), then "
                      "suppress (yolo_non_max_suppression with max_boxes and iou_threshold).")
        told = (f"image_shape={image_shape}, max_boxes={max_boxes}, score_threshold={score_threshold}, "
                f"iou_threshold={iou_threshold}" if image_shape is not None else "the default settings")
        c.ok(f"grid {shape[:3]} with {shape[3]} classes, {told}: the right detections")
    c.done()
