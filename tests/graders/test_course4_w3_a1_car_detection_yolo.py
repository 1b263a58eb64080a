"""Graders of course4_cnn/w3_a1 (until the notebook exists, the solution and the blank stub are tested
here too): the references of utils/nn/yolo.py pass; `raise NotImplementedError()` is not attempted;
wrong versions of each exercise (no product of confidence and class probability, `>` for `>=`, an
ignored threshold or max_boxes, overlaps not clamped, (x, y, w, h) read as corners, results not
gathered, boxes not scaled, ...) are rejected with the mistake named; odd returns (None, lists, NaN,
a wrong order, exceptions) get a plain message; code written for the original course passes, as
notebook code in a namespace of its own, also when it calls the learner's own helpers."""

import numpy as np
from helpers import not_attempted, passes, rejects

from utils.graders.course4_cnn import w3_a1_car_detection_yolo as grader
from utils.nn import yolo
from utils.notebook import import_tensorflow

tf = import_tensorflow()
from tensorflow.keras import backend as K  # noqa: E402  (the original course's import)

# The original course's solutions (TensorFlow 2 edition), written as a learner would in its notebook.
ORIGINAL = '''
def yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold = .6):
    box_scores = box_confidence * box_class_probs
    box_classes = tf.math.argmax(box_scores, axis=-1)
    box_class_scores = tf.math.reduce_max(box_scores, axis=-1)
    filtering_mask = box_class_scores >= threshold
    scores = tf.boolean_mask(box_class_scores, filtering_mask)
    boxes = tf.boolean_mask(boxes, filtering_mask)
    classes = tf.boolean_mask(box_classes, filtering_mask)
    return scores, boxes, classes

def iou(box1, box2):
    (box1_x1, box1_y1, box1_x2, box1_y2) = box1
    (box2_x1, box2_y1, box2_x2, box2_y2) = box2
    xi1 = max(box1_x1, box2_x1)
    yi1 = max(box1_y1, box2_y1)
    xi2 = min(box1_x2, box2_x2)
    yi2 = min(box1_y2, box2_y2)
    inter_width = max(xi2 - xi1, 0)
    inter_height = max(yi2 - yi1, 0)
    inter_area = inter_width * inter_height
    box1_area = (box1_x2 - box1_x1) * (box1_y2 - box1_y1)
    box2_area = (box2_x2 - box2_x1) * (box2_y2 - box2_y1)
    union_area = box1_area + box2_area - inter_area
    iou = inter_area / union_area
    return iou

def yolo_non_max_suppression(scores, boxes, classes, max_boxes = 10, iou_threshold = 0.5):
    max_boxes_tensor = tf.Variable(max_boxes, dtype='int32')
    nms_indices = tf.image.non_max_suppression(boxes, scores, max_boxes_tensor, iou_threshold=iou_threshold)
    scores = K.gather(scores, nms_indices)
    boxes = K.gather(boxes, nms_indices)
    classes = K.gather(classes, nms_indices)
    return scores, boxes, classes

def yolo_eval(yolo_outputs, image_shape = (720, 1280), max_boxes=10, score_threshold=.6, iou_threshold=.5):
    box_xy, box_wh, box_confidence, box_class_probs = yolo_outputs
    boxes = yolo_boxes_to_corners(box_xy, box_wh)
    scores, boxes, classes = yolo_filter_boxes(boxes, box_confidence, box_class_probs, score_threshold)
    boxes = scale_boxes(boxes, image_shape)
    scores, boxes, classes = yolo_non_max_suppression(scores, boxes, classes, max_boxes, iou_threshold)
    return scores, boxes, classes
'''

STUBS = '''
def yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=.6):
    raise NotImplementedError()

def iou(box1, box2):
    raise NotImplementedError()

def yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    raise NotImplementedError()

def yolo_eval(yolo_outputs, image_shape=(720., 1280.), max_boxes=10, score_threshold=.6, iou_threshold=.5):
    raise NotImplementedError()
'''

CHECKS = {"yolo_filter_boxes": grader.check_yolo_filter_boxes, "iou": grader.check_iou,
          "yolo_non_max_suppression": grader.check_yolo_non_max_suppression,
          "yolo_eval": grader.check_yolo_eval}


def notebook(source, **replaced):
    """The functions of `source`, defined as in a notebook whose setup imported TensorFlow, K and
    the given helpers; `replaced` overrides names after the definitions (e.g. a wrong helper)."""
    namespace = {"tf": tf, "K": K, "np": np, "yolo_boxes_to_corners": yolo.yolo_boxes_to_corners,
                 "scale_boxes": yolo.scale_boxes}
    exec(compile(source, "<notebook>", "exec"), namespace)
    namespace.update(replaced)
    return namespace


def test_the_references_pass():
    for name, check in CHECKS.items():
        passes(check, getattr(yolo, name))


def test_the_blank_stubs_are_not_attempted():
    stubs = notebook(STUBS)
    for name, check in CHECKS.items():
        not_attempted(check, stubs[name])


def test_yolo_eval_calling_a_helper_not_attempted_yet_is_still_judged_on_its_own_code():
    original = notebook(ORIGINAL)
    stubs = notebook(STUBS)
    learner = notebook(ORIGINAL, yolo_filter_boxes=stubs["yolo_filter_boxes"])
    out = passes(grader.check_yolo_eval, learner["yolo_eval"])
    assert "note: your yolo_filter_boxes is not attempted yet" in out
    assert "note" not in passes(grader.check_yolo_eval, original["yolo_eval"])


def test_original_course_code_passes():
    original = notebook(ORIGINAL)
    for name, check in CHECKS.items():
        passes(check, original[name])


def test_other_correct_spellings_pass():
    variants = notebook('''
def yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=.6):
    box_scores = box_confidence * box_class_probs
    box_classes = K.argmax(box_scores, axis=-1)
    box_class_scores = K.max(box_scores, axis=-1)
    mask = box_class_scores >= threshold
    return (tf.boolean_mask(box_class_scores, mask), tf.boolean_mask(boxes, mask),
            tf.boolean_mask(box_classes, mask))

def numpy_filter(boxes, box_confidence, box_class_probs, threshold=.6):
    box_scores = np.asarray(box_confidence) * np.asarray(box_class_probs)
    best = box_scores.max(axis=-1)
    keep = best >= threshold
    return best[keep], np.asarray(boxes)[keep], box_scores.argmax(axis=-1)[keep]

def iou(box1, box2):
    x1, y1, x2, y2 = np.asarray(box1, float)
    u1, v1, u2, v2 = np.asarray(box2, float)
    inter = np.maximum(min(x2, u2) - max(x1, u1), 0) * np.maximum(min(y2, v2) - max(y1, v1), 0)
    return tf.constant(inter / ((x2 - x1) * (y2 - y1) + (u2 - u1) * (v2 - v1) - inter))

def yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    keep = tf.image.non_max_suppression(boxes, scores, max_output_size=max_boxes, iou_threshold=iou_threshold)
    return (tf.gather(scores, keep).numpy(), tf.gather(boxes, keep).numpy(), tf.gather(classes, keep).numpy())
''')
    passes(grader.check_yolo_filter_boxes, variants["yolo_filter_boxes"])
    passes(grader.check_yolo_filter_boxes, variants["numpy_filter"])
    passes(grader.check_iou, variants["iou"])
    passes(grader.check_yolo_non_max_suppression, variants["yolo_non_max_suppression"])


# ---------------------------------------------------------------------------------------------
# yolo_filter_boxes


def filter_with(score="product", compare=">=", threshold=None, mask_boxes=True, argmax_axis=-1, order=None):
    def yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold_=.6, **kwargs):
        limit = threshold if threshold is not None else kwargs.get("threshold", threshold_)
        box_scores = {"product": box_confidence * box_class_probs,
                      "probs": box_class_probs}.get(score)
        if score == "confidence":
            box_classes = tf.math.argmax(box_class_probs, axis=-1)
            box_class_scores = tf.math.reduce_max(box_confidence, axis=-1)
        else:
            box_classes = (tf.math.argmax(box_scores) if argmax_axis is None
                           else tf.math.argmax(box_scores, axis=argmax_axis))
            box_class_scores = tf.math.reduce_max(box_scores, axis=-1)
        mask = box_class_scores >= limit if compare == ">=" else box_class_scores > limit
        kept = (tf.boolean_mask(box_class_scores, mask),
                tf.boolean_mask(boxes, mask) if mask_boxes else boxes, tf.boolean_mask(box_classes, mask))
        return tuple(kept[i] for i in order) if order else kept
    return yolo_filter_boxes


def test_yolo_filter_boxes_wrong_versions():
    check = grader.check_yolo_filter_boxes
    rejects(check, filter_with(score="confidence"), "known mistake: the class score is the box confidence "
            "alone; it is the product box_confidence * box_class_probs")
    rejects(check, filter_with(score="probs"),
            "known mistake: the class score is the class probability alone")
    rejects(check, filter_with(compare=">"), "the returned values hold 10 boxes; expected 11 boxes",
            "known mistake: the mask uses > threshold; keep the boxes whose score is >= threshold")
    rejects(check, filter_with(threshold=0.6), "known mistake: the threshold argument is not used")
    rejects(check, filter_with(argmax_axis=None), "raised ValueError", "are incompatible",
            "without `axis`, tf.math.argmax works over axis 0")
    rejects(check, filter_with(mask_boxes=False),
            "have shapes ((11,), (4, 5, 3, 4), (11,)); expected ((11,), (11, 4), (11,))", "that is 11 boxes")
    rejects(check, filter_with(order=(0, 2, 1)), "The values come back in another order: return scores, "
            "boxes, classes")


def test_yolo_filter_boxes_odd_returns():
    check = grader.check_yolo_filter_boxes
    rejects(check, lambda b, c, p, threshold=.6: None, "are None", "return scores, boxes, classes")
    rejects(check, lambda b, c, p, threshold=.6: (b, c), "should be a tuple of 3 values")

    def as_lists(boxes, box_confidence, box_class_probs, threshold=.6):
        return tuple(v.numpy().tolist() for v in yolo.yolo_filter_boxes(boxes, box_confidence,
                                                                          box_class_probs, threshold))

    rejects(check, as_lists, "scores should be a tf.Tensor (or a NumPy array), not a list")

    def with_nan(boxes, box_confidence, box_class_probs, threshold=.6):
        scores, boxes, classes = yolo.yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold)
        return scores * np.nan, boxes, classes

    rejects(check, with_nan, "scores contains nan; expected finite numbers")

    def broken(boxes, box_confidence, box_class_probs, threshold=.6):
        return box_confidence.argmax(axis=-1)

    rejects(check, broken, "raised AttributeError", "at line", "when called as yolo_filter_boxes(")


# ---------------------------------------------------------------------------------------------
# iou


def iou_with(mistake):
    def iou(box1, box2):
        return grader._iou(box1, box2, mistake)
    return iou


def test_iou_wrong_versions():
    check = grader.check_iou
    rejects(check, iou_with("no clamp"), "iou(box1=(0, 0, 2, 2), box2=(3, 4, 6, 7))",
            "known mistake: the overlaps are not clamped at 0")
    rejects(check, iou_with("clamp product"), "known mistake: the intersection is clamped after the product")
    rejects(check, iou_with("xywh"), "known mistake: the boxes are read as (x, y, width, height)")
    rejects(check, iou_with("area xywh"), "known mistake: the areas are computed as x2 * y2")
    rejects(check, iou_with("union"), "known mistake: the union is the sum of the two areas")
    rejects(check, iou_with("floor"), "known mistake: the ratio uses //")

    def over_first_area(box1, box2):
        x1, y1, x2, y2 = box1
        u1, v1, u2, v2 = box2
        return max(min(x2, u2) - max(x1, u1), 0) * max(min(y2, v2) - max(y1, v1), 0) / ((x2 - x1) * (y2 - y1))

    rejects(check, over_first_area, "iou(box1=(1, 1, 5, 4), box2=(3, 2, 7, 6))", "returned a wrong value",
            "expected: 0.16666667", "got: 0.33333333", "union = area1 + area2 - intersection")


def test_iou_odd_returns():
    check = grader.check_iou
    rejects(check, lambda box1, box2: None, "should return a number", "got:       None",
            "Did you forget the `return` statement?")
    rejects(check, lambda box1, box2: (0.5, 0.5), "should return a number", "tuple of length 2")
    rejects(check, lambda box1, box2: float("nan"), "returned nan; expected a finite number")
    rejects(check, lambda box1, box2: box1.area, "raised AttributeError", "'tuple' object has no attribute")


# ---------------------------------------------------------------------------------------------
# yolo_non_max_suppression


def nms_with(fixed_max=None, fixed_iou=None, gather=True, swapped=False):
    def yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
        most = fixed_max if fixed_max is not None else max_boxes
        overlap = fixed_iou if fixed_iou is not None else iou_threshold
        if swapped:
            nms_indices = tf.image.non_max_suppression(scores, boxes, most, iou_threshold=overlap)
        else:
            nms_indices = tf.image.non_max_suppression(boxes, scores, most, iou_threshold=overlap)
        if not gather:
            return scores, boxes, classes
        return tf.gather(scores, nms_indices), tf.gather(boxes, nms_indices), tf.gather(classes, nms_indices)
    return yolo_non_max_suppression


def test_yolo_non_max_suppression_wrong_versions():
    check = grader.check_yolo_non_max_suppression
    rejects(check, nms_with(fixed_max=10), "max_boxes=4", "known mistake: max_boxes is not used")
    rejects(check, nms_with(fixed_iou=0.5), "iou_threshold=0.3", "known mistake: iou_threshold is not used")
    rejects(check, nms_with(gather=False), "hold 15 boxes; expected 4 boxes",
            "known mistake: the results are not gathered")
    rejects(check, nms_with(swapped=True), "raised InvalidArgumentError",
            "takes the boxes first, then the scores")

    def indices(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
        keep = tf.image.non_max_suppression(boxes, scores, max_boxes, iou_threshold=iou_threshold)
        return keep, tf.gather(boxes, keep), tf.gather(classes, keep)

    rejects(check, indices, "have the right shapes but wrong values", "tf.gather")


# ---------------------------------------------------------------------------------------------
# yolo_eval


EVAL_MISTAKES = {
    "no scale": ("    boxes = scale_boxes(boxes, image_shape)\n", ""),
    "width first": ("scale_boxes(boxes, image_shape)", "scale_boxes(boxes, image_shape[::-1])"),
    "xywh": ("boxes = yolo_boxes_to_corners(box_xy, box_wh)", "boxes = tf.concat([box_xy, box_wh], axis=-1)"),
    "score default": ("box_class_probs, score_threshold)", "box_class_probs)"),
    "max default": ("classes, max_boxes, iou_threshold)", "classes, iou_threshold=iou_threshold)"),
    "iou default": ("classes, max_boxes, iou_threshold)", "classes, max_boxes)"),
    "fixed image": ("scale_boxes(boxes, image_shape)", "scale_boxes(boxes, (720, 1280))"),
}


def eval_with(mistake, **replaced):
    old, new = EVAL_MISTAKES[mistake]
    assert old in ORIGINAL
    return notebook(ORIGINAL.replace(old, new), **replaced)["yolo_eval"]


def test_yolo_eval_wrong_versions():
    check = grader.check_yolo_eval
    rejects(check, eval_with("no scale"), "known mistake: the boxes are not scaled to the image")
    rejects(check, eval_with("width first"), "known mistake: the boxes are scaled with (width, height)")
    rejects(check, eval_with("xywh"), "known mistake: the centres and sizes are used as corners")
    rejects(check, eval_with("score default"), "known mistake: score_threshold is not passed on")
    rejects(check, eval_with("max default"), "known mistake: max_boxes is not passed on")
    rejects(check, eval_with("iou default"), "known mistake: iou_threshold is not passed on")
    rejects(check, eval_with("fixed image"), "known mistake: image_shape is not passed on")


def test_yolo_eval_is_judged_with_the_reference_helpers():
    wrong_filter = filter_with(score="probs")
    learner = notebook(ORIGINAL, yolo_filter_boxes=wrong_filter)
    out = passes(grader.check_yolo_eval, learner["yolo_eval"])
    assert "note: your yolo_filter_boxes does not pass check_yolo_filter_boxes yet; yolo_eval was " \
           "checked with the reference yolo_filter_boxes" in " ".join(out.split())
    # a wrong yolo_eval that calls a wrong helper is told about its own mistake and about the helper
    message = rejects(grader.check_yolo_eval, eval_with("no scale", yolo_filter_boxes=wrong_filter),
                      "the boxes are not scaled")
    assert "note: your yolo_filter_boxes does not pass" in message
