"""Scoring object detections: mean average precision at an IoU threshold, with pycocotools.

Used by course4_cnn/w3_a1_car_detection_yolo.ipynb and `python -m utils.pretrain yolo_road`. The
numbers come from pycocotools' COCOeval, the field's standard scorer, set to one IoU threshold
(0.5 by default: "mAP@0.5", the PASCAL VOC criterion), every box size, and up to `max_detections`
detections per image and class. A detection counts as a true positive when it overlaps a true box
of its class, not matched yet by a better-scored detection, with IoU >= the threshold; a second
detection of the same object is a false positive.

Small objects can be left out with `min_area` (square pixels), COCO's own area-range mechanism
(the one behind its AP_small / AP_large): a true box smaller than min_area is ignored (finding it
is no gain, missing it no loss), and so is a detection smaller than min_area that matches no true
box. The road-scene detector is scored this way, with min_area 64 (8 x 8 pixels), as KITTI leaves
out objects too small to be labelled reliably: a 1-pixel error in a 4-pixel box costs half of its
IoU.

AP of a class is COCO's: the area under the precision-recall curve, sampled at the 101 recall
levels 0, 0.01, ..., 1, where the precision at recall r is the best precision reached at any
recall >= r (the curve made monotone). A class with no true box has no AP (NaN) and is left out
of the mean. mAP is the mean of the APs over the classes that have true boxes.

Formats (boxes in pixels as (y_min, x_min, y_max, x_max), the order yolo_eval returns):
    detections: one entry per image, either (scores (k,), boxes (k, 4), classes (k,)) as
        yolo_eval returns them (tensors or arrays), or a dict with keys "scores", "boxes", "classes".
    ground_truth: one entry per image, either (boxes (k, 4), classes (k,)) or a dict with keys
        "boxes" and "classes"; or a dict of two lists {"boxes": [...], "classes": [...]}, as
        `utils.datagen.road.draw_scenes` returns.
"""

import io
from contextlib import redirect_stdout

import numpy as np


def _as_array(value, shape_tail=(), dtype=float):
    return np.asarray(value, dtype=dtype).reshape((-1, *shape_tail))


def _images_of_ground_truth(ground_truth):
    if isinstance(ground_truth, dict):
        return [(b, c) for b, c in zip(ground_truth["boxes"], ground_truth["classes"])]
    return [(g["boxes"], g["classes"]) if isinstance(g, dict) else tuple(g) for g in ground_truth]


def _images_of_detections(detections):
    images = []
    for d in detections:
        scores, boxes, classes = (d["scores"], d["boxes"], d["classes"]) if isinstance(d, dict) else d
        images.append((_as_array(scores), _as_array(boxes, (4,)), _as_array(classes, dtype=np.int64)))
    return images


def _coco_box(box):
    y_min, x_min, y_max, x_max = (float(v) for v in box)
    return [x_min, y_min, x_max - x_min, y_max - y_min]


def _coco(images, categories, annotations):
    from pycocotools.coco import COCO

    coco = COCO()
    coco.dataset = {"images": images, "categories": categories, "annotations": annotations}
    with redirect_stdout(io.StringIO()):
        coco.createIndex()
    return coco


def _evaluate(detections, ground_truth, class_names, iou, max_detections, min_area=0.0):
    """COCOeval after evaluate() and accumulate(): its precision array has shape (1, 101, C, 1, 1)."""
    from pycocotools.cocoeval import COCOeval

    truth = _images_of_ground_truth(ground_truth)
    found = _images_of_detections(detections)
    if len(truth) != len(found):
        raise ValueError(f"{len(found)} images of detections for {len(truth)} images of ground truth")
    images = [{"id": i + 1} for i in range(len(truth))]
    categories = [{"id": k + 1, "name": name} for k, name in enumerate(class_names)]
    true_boxes, detected = [], []
    for i, (boxes, classes) in enumerate(truth):
        for box, label in zip(_as_array(boxes, (4,)), _as_array(classes, dtype=np.int64)):
            x, y, w, h = _coco_box(box)
            true_boxes.append({"id": len(true_boxes) + 1, "image_id": i + 1, "category_id": int(label) + 1,
                               "bbox": [x, y, w, h], "area": w * h, "iscrowd": 0})
    for i, (scores, boxes, classes) in enumerate(found):
        for score, box, label in zip(scores, boxes, classes):
            x, y, w, h = _coco_box(box)
            detected.append({"id": len(detected) + 1, "image_id": i + 1, "category_id": int(label) + 1,
                             "bbox": [x, y, w, h], "area": w * h, "score": float(score), "iscrowd": 0})
    evaluation = COCOeval(_coco(images, categories, true_boxes), _coco(images, categories, detected), "bbox")
    evaluation.params.iouThrs = np.array([float(iou)])
    evaluation.params.areaRng = [[float(min_area), 1e10]]
    evaluation.params.areaRngLbl = ["all"]
    evaluation.params.maxDets = [int(max_detections)]
    with redirect_stdout(io.StringIO()):
        evaluation.evaluate()
        evaluation.accumulate()
    return evaluation.eval["precision"][0, :, :, 0, 0], evaluation.params.recThrs        # (101, C), (101,)


def mean_average_precision(detections, ground_truth, class_names, iou=0.5, max_detections=100, min_area=0.0):
    """Per-class average precision and their mean at one IoU threshold (see the module docstring).

    Returns:
        {"per_class": {class name: AP, NaN for a class with no true box}, "mAP": float}.
    """
    precision, _ = _evaluate(detections, ground_truth, class_names, iou, max_detections, min_area)
    per_class = {}
    for k, name in enumerate(class_names):
        column = precision[:, k]
        per_class[name] = float(column.mean()) if np.all(column > -1) else float("nan")
    scored = [ap for ap in per_class.values() if not np.isnan(ap)]
    return {"per_class": per_class, "mAP": float(np.mean(scored)) if scored else float("nan")}


def precision_recall_curve(detections, ground_truth, class_names, class_name=None, iou=0.5,
                           max_detections=100, min_area=0.0):
    """The interpolated precision at the 101 recall levels 0, 0.01, ..., 1, as COCO averages it.

    For one class (`class_name`) or, when it is None, averaged over the classes that have true
    boxes. Returns (recall (101,), precision (101,)); the mean of the precision is the AP (mAP).
    """
    precision, recall = _evaluate(detections, ground_truth, class_names, iou, max_detections, min_area)
    if class_name is not None:
        column = precision[:, list(class_names).index(class_name)]
        return recall.copy(), np.where(column > -1, column, np.nan)
    present = np.all(precision > -1, axis=0)                                       # (C,)
    if not present.any():
        return recall.copy(), np.full_like(recall, np.nan)
    return recall.copy(), precision[:, present].mean(axis=1)


def random_detections(ground_truth, image_shape, num_classes, boxes_per_image=10, seed=0):
    """A baseline detector that guesses: random boxes, classes and scores for every image.

    Box sizes are drawn from the sizes of the true boxes (so the guesses are of the right scale),
    positions uniformly inside the image, classes uniformly, scores uniformly in [0, 1). Returns
    detections in the format `mean_average_precision` takes; a detector must beat its mAP.
    """
    rng = np.random.default_rng(seed)
    truth = _images_of_ground_truth(ground_truth)
    sizes = np.concatenate([_as_array(b, (4,)) for b, _ in truth])
    if len(sizes):
        sizes = sizes[:, 2:] - sizes[:, :2]                              # (n, 2) as (h, w)
    else:
        sizes = np.array([[image_shape[0] / 4, image_shape[1] / 4]])
    height, width = float(image_shape[0]), float(image_shape[1])
    found = []
    for _ in truth:
        hw = sizes[rng.integers(len(sizes), size=boxes_per_image)]                  # (n, 2) as (h, w)
        y_min = rng.uniform(0, 1, boxes_per_image) * np.maximum(height - hw[:, 0], 0)
        x_min = rng.uniform(0, 1, boxes_per_image) * np.maximum(width - hw[:, 1], 0)
        boxes = np.stack([y_min, x_min, y_min + hw[:, 0], x_min + hw[:, 1]], axis=1)
        found.append((rng.uniform(0, 1, boxes_per_image), boxes,
                      rng.integers(num_classes, size=boxes_per_image)))
    return found
