"""utils/nn/yolo.py and utils/detection.py: the course's file formats, yolo_head's decoding, the
corner and scaling helpers, k-means anchors, the training targets, the loss (near zero for a
prediction that reproduces the targets, larger for shifted boxes, gradients that reach the
network, no coordinate or class error for cells without objects), the detector's shapes, and mAP
against cases worked out by hand."""

import numpy as np
import pytest

from utils import detection
from utils.nn import yolo

tf = yolo.tf

ANCHORS = np.array([[0.5, 0.8], [1.5, 1.0], [3.0, 2.5]], dtype=np.float32)


def test_classes_and_anchors_round_trip_in_the_course_formats(tmp_path):
    (tmp_path / "anchors.txt").write_text("0.57273, 0.677385, 1.87446, 2.06253, 3.33843, 5.47434\n")
    np.testing.assert_allclose(yolo.read_anchors(tmp_path / "anchors.txt"),
                               [[0.57273, 0.677385], [1.87446, 2.06253], [3.33843, 5.47434]], rtol=1e-6)
    yolo.write_anchors(ANCHORS, tmp_path / "mine.txt")
    assert (tmp_path / "mine.txt").read_text() == "0.50000,0.80000, 1.50000,1.00000, 3.00000,2.50000\n"
    np.testing.assert_allclose(yolo.read_anchors(tmp_path / "mine.txt"), ANCHORS)
    yolo.write_classes(["car", "traffic light"], tmp_path / "classes.txt")
    assert yolo.read_classes(tmp_path / "classes.txt") == ["car", "traffic light"]


def test_yolo_head_decodes_cells_anchors_and_probabilities():
    S_h, S_w, A, C = 3, 4, len(ANCHORS), 2
    feats = np.zeros((2, S_h, S_w, A * (5 + C)), dtype=np.float32)
    box_xy, box_wh, box_confidence, box_class_probs = yolo.yolo_head(feats, ANCHORS, C)
    assert box_xy.shape == (2, S_h, S_w, A, 2) and box_class_probs.shape == (2, S_h, S_w, A, C)
    # sigmoid(0) = 0.5: the centre of each cell, (x, y) = ((column + 0.5) / S_w, (row + 0.5) / S_h)
    np.testing.assert_allclose(box_xy[0, 2, 1, 0], [1.5 / S_w, 2.5 / S_h], rtol=1e-6)
    np.testing.assert_allclose(box_wh[1, 0, 3, 2], ANCHORS[2] / [S_w, S_h], rtol=1e-6)
    np.testing.assert_allclose(box_confidence, 0.5)
    np.testing.assert_allclose(box_class_probs, 0.5)


def test_corners_and_scaling():
    corners = yolo.yolo_boxes_to_corners(np.array([[0.5, 0.25]]), np.array([[0.2, 0.1]]))
    np.testing.assert_allclose(corners, [[0.2, 0.4, 0.3, 0.6]], rtol=1e-6)        # y_min, x_min, y_max, x_max
    np.testing.assert_allclose(yolo.scale_boxes(corners, (100, 200)), [[20, 80, 30, 120]], rtol=1e-5)


def test_the_exercise_references_on_small_cases():
    assert yolo.iou((2, 1, 4, 3), (1, 2, 3, 4)) == pytest.approx(1 / 7)
    assert yolo.iou((0, 0, 2, 2), (3, 4, 6, 7)) == 0
    boxes = tf.constant(np.arange(16, dtype=np.float32).reshape(2, 2, 1, 4))
    confidence = tf.constant([[[[1.0]], [[0.5]]], [[[0.9]], [[0.1]]]])
    probs = tf.constant([[[[0.2, 0.8]], [[0.9, 0.1]]], [[[0.7, 0.3]], [[0.5, 0.5]]]])
    scores, kept, classes = yolo.yolo_filter_boxes(boxes, confidence, probs, threshold=0.6)
    np.testing.assert_allclose(scores, [0.8, 0.63], rtol=1e-6)
    np.testing.assert_array_equal(classes, [1, 0])
    np.testing.assert_array_equal(kept, [[0, 1, 2, 3], [8, 9, 10, 11]])
    scores, boxes, classes = yolo.yolo_non_max_suppression(
        tf.constant([0.9, 0.8, 0.7]), tf.constant([[0, 0, 10, 10], [0, 1, 10, 11], [20, 20, 30, 30.0]]),
        tf.constant([0, 0, 1]), max_boxes=10, iou_threshold=0.5)
    np.testing.assert_allclose(scores, [0.9, 0.7])


def test_kmeans_anchors_are_deterministic_and_fit_the_boxes():
    rng = np.random.default_rng(0)
    shapes = np.array([[0.4, 0.9], [2.0, 1.2], [4.0, 3.5]])
    wh = np.concatenate([s * rng.uniform(0.9, 1.1, (200, 2)) for s in shapes])
    anchors = yolo.kmeans_anchors(wh, k=3, seed=1)
    np.testing.assert_array_equal(anchors, yolo.kmeans_anchors(wh, k=3, seed=1))
    np.testing.assert_allclose(anchors, shapes, rtol=0.05)                          # sorted by area
    assert yolo.mean_best_iou(wh, anchors) > 0.85 > yolo.mean_best_iou(wh, anchors[:1])


def _scene():
    """Two boxes in a 64 x 96 picture on a 4 x 6 grid: a small one and a wide one."""
    boxes = np.array([[10, 20, 22, 28], [30, 40, 58, 90]], dtype=np.float32)
    return boxes, np.array([1, 0]), (4, 6), (64, 96)


def test_yolo_targets_put_each_box_in_its_cell_with_its_best_anchor():
    boxes, classes, grid, image = _scene()
    target = yolo.yolo_targets(boxes, classes, ANCHORS, grid, 2, image)
    assert target.shape == (4, 6, 3, 7) and target[..., 4].sum() == 2
    # box 0: centre (x, y) = (24, 16) px -> cell (row 1, column 1); size 8 x 12 px = 0.5 x 0.75 cells
    np.testing.assert_allclose(target[1, 1, 0], [24 / 96, 16 / 64, 8 / 96, 12 / 64, 1, 0, 1], rtol=1e-6)
    # box 1: centre (65, 44) -> cell (2, 4); 50 x 28 px = 3.1 x 1.75 cells: the largest anchor
    np.testing.assert_allclose(target[2, 4, 2], [65 / 96, 44 / 64, 50 / 96, 28 / 64, 1, 1, 0], rtol=1e-6)
    # a second box of the same shape in the same cell takes the next best anchor
    twice = yolo.yolo_targets(np.repeat(boxes[:1], 2, axis=0), [1, 0], ANCHORS, grid, 2, image)
    assert twice[1, 1, :, 4].tolist() == [1, 1, 0]


def _feats_reproducing(target, anchors, grid, margin=20.0):
    """Raw outputs (1, S_h, S_w, A * (5 + C)) that decode exactly to the target's boxes and classes."""
    S_h, S_w = grid
    rows, columns = np.meshgrid(np.arange(S_h), np.arange(S_w), indexing="ij")
    cell = np.stack([columns, rows], axis=-1)[:, :, None, :]
    offset = np.clip(target[..., 0:2] * [S_w, S_h] - cell, 1e-4, 1 - 1e-4)
    feats = np.zeros(target.shape, dtype=np.float64)
    feats[..., 0:2] = np.log(offset / (1 - offset))
    feats[..., 2:4] = np.log(np.maximum(target[..., 2:4] * [S_w, S_h] / anchors, 1e-9))
    feats[..., 4] = np.where(target[..., 4] > 0, margin, -margin)
    feats[..., 5:] = np.where(target[..., 5:] > 0, margin, -margin)
    return feats.reshape(1, S_h, S_w, -1).astype(np.float32)


def test_yolo_loss_is_near_zero_for_a_perfect_prediction_and_grows_with_shifted_boxes():
    boxes, classes, grid, image = _scene()
    target = yolo.yolo_targets(boxes, classes, ANCHORS, grid, 2, image)[None]
    perfect = _feats_reproducing(target[0], ANCHORS, grid)
    assert float(yolo.yolo_loss(target, perfect, ANCHORS)) < 1e-4
    shifted = perfect.reshape(target.shape).copy()
    shifted[target[..., 4] > 0, 0] -= 1.0                                           # x moved within the cell
    little = float(yolo.yolo_loss(target, shifted.reshape(perfect.shape), ANCHORS))
    shifted[target[..., 4] > 0, 2] += 1.0                                           # and e times wider
    more = float(yolo.yolo_loss(target, shifted.reshape(perfect.shape), ANCHORS))
    assert 1e-3 < little < more
    wrong_class = perfect.reshape(target.shape).copy()
    wrong_class[..., 5:] = -wrong_class[..., 5:]
    assert float(yolo.yolo_loss(target, wrong_class.reshape(perfect.shape), ANCHORS)) > 10


def test_yolo_loss_ignores_coordinates_and_classes_of_empty_cells_and_lets_gradients_flow():
    boxes, classes, grid, image = _scene()
    target = yolo.yolo_targets(boxes, classes, ANCHORS, grid, 2, image)[None]
    perfect = _feats_reproducing(target[0], ANCHORS, grid).reshape(target.shape)
    empty = target[..., 4] == 0
    noisy = perfect.copy()
    noisy[..., 0:4][empty] = np.random.default_rng(0).normal(0, 3, (int(empty.sum()), 4))
    noisy[..., 5:][empty] = np.random.default_rng(1).normal(0, 3, (int(empty.sum()), 2))
    assert float(yolo.yolo_loss(target, noisy.reshape(1, *grid, -1), ANCHORS)) < 1e-4
    # an empty cell that believes in an object is penalised
    confident = perfect.copy()
    confident[0, 0, 0, 0, 4] = 5.0
    assert float(yolo.yolo_loss(target, confident.reshape(1, *grid, -1), ANCHORS)) > 4
    variable = tf.Variable(np.full((1, *grid, len(ANCHORS) * 7), 0.3, dtype=np.float32))
    with tf.GradientTape() as tape:
        loss = yolo.yolo_loss(target, variable, ANCHORS)
    gradient = tape.gradient(loss, variable).numpy().reshape(target.shape)
    assert np.all(np.isfinite(gradient))
    assert np.abs(gradient[target[..., 4] > 0][:, [0, 1, 2, 3, 4, 5, 6]]).min() > 0
    assert np.abs(gradient[..., 0:4][empty]).max() == 0 and np.abs(gradient[..., 4][empty]).min() > 0


def test_yolo_loss_does_not_push_down_a_good_box_of_another_anchor():
    boxes, classes, grid, image = _scene()
    target = yolo.yolo_targets(boxes[1:], classes[1:], ANCHORS, grid, 2, image)[None]
    feats = _feats_reproducing(target[0], ANCHORS, grid).reshape(target.shape)
    # anchor 1 of the same cell also predicts box 1, closely, with some confidence: ignored
    feats[0, 2, 4, 1, 0:4] = feats[0, 2, 4, 2, 0:4]
    feats[0, 2, 4, 1, 2:4] += np.log(ANCHORS[2] / ANCHORS[1])
    feats[0, 2, 4, 1, 4] = 2.0
    assert float(yolo.yolo_loss(target, feats.reshape(1, *grid, -1), ANCHORS)) < 1e-4
    assert float(yolo.yolo_loss(target, feats.reshape(1, *grid, -1), ANCHORS, ignore_threshold=1.0)) > 1


def test_yolo_body_shapes_for_both_strides():
    for stride, grid in ((16, (6, 8)), (8, (12, 16))):
        model = yolo.yolo_body((96, 128, 3), ANCHORS, 6, width=0.25, stride=stride)
        assert model.output_shape == (None, *grid, 3 * 11)
    with pytest.raises(ValueError, match="multiple of the stride 16 times 2"):
        yolo.yolo_body((100, 128, 3), ANCHORS, 6)


# ---------------------------------------------------------------------------------------------
# mAP with pycocotools

CLASSES = ("car", "sign", "bus")
TRUTH = [(np.array([[10, 10, 50, 50], [60, 60, 100, 120]], dtype=float), np.array([0, 0])),
         (np.array([[5, 5, 30, 40]], dtype=float), np.array([1]))]


def _detections(*per_image):
    return [(np.array([d[0] for d in image]), np.array([d[1] for d in image], dtype=float).reshape(-1, 4),
             np.array([d[2] for d in image])) for image in per_image]


def test_perfect_detections_score_one_and_classes_without_boxes_are_left_out():
    found = _detections([(0.9, TRUTH[0][0][0], 0), (0.8, TRUTH[0][0][1], 0)], [(0.7, TRUTH[1][0][0], 1)])
    result = detection.mean_average_precision(found, TRUTH, CLASSES)
    assert result["per_class"]["car"] == pytest.approx(1) and result["per_class"]["sign"] == pytest.approx(1)
    assert np.isnan(result["per_class"]["bus"]) and result["mAP"] == pytest.approx(1)
    # the format of draw_scenes works too
    as_scenes = {"boxes": [t[0] for t in TRUTH], "classes": [t[1] for t in TRUTH]}
    assert detection.mean_average_precision(found, as_scenes, CLASSES)["mAP"] == pytest.approx(1)


def test_a_duplicate_ranked_above_a_true_box_lowers_precision():
    car, other_car = TRUTH[0][0]
    sign = TRUTH[1][0][0]
    # scores: car 0.9 (TP), its duplicate 0.8 (FP), the other car 0.7 (TP): recall 1/2 at
    # precision 1, then recall 1 at precision 2/3; COCO's 101 recall levels: 51 at 1, 50 at 2/3
    found = _detections([(0.9, car, 0), (0.8, car + [0, 0, 0, 1], 0), (0.7, other_car, 0)], [(0.6, sign, 1)])
    result = detection.mean_average_precision(found, TRUTH, CLASSES)
    assert result["per_class"]["car"] == pytest.approx((51 + 50 * 2 / 3) / 101)
    assert result["mAP"] == pytest.approx(((51 + 50 * 2 / 3) / 101 + 1) / 2)
    recall, precision = detection.precision_recall_curve(found, TRUTH, CLASSES, "car")
    assert recall.shape == precision.shape == (101,)
    np.testing.assert_allclose(precision[[0, 50, 51, 100]], [1, 1, 2 / 3, 2 / 3])
    # a duplicate ranked below every true box costs nothing
    late = _detections([(0.9, car, 0), (0.8, other_car, 0), (0.1, car, 0)], [(0.6, sign, 1)])
    assert detection.mean_average_precision(late, TRUTH, CLASSES)["mAP"] == pytest.approx(1)


def test_misses_wrong_classes_and_loose_boxes_count_against():
    car, other_car = TRUTH[0][0]
    sign = TRUTH[1][0][0]
    half = _detections([(0.9, car, 0)], [(0.6, sign, 1)])
    car_ap = detection.mean_average_precision(half, TRUTH, CLASSES)["per_class"]["car"]
    assert car_ap == pytest.approx(51 / 101)
    wrong_class = _detections([(0.9, car, 1), (0.8, other_car, 0)], [(0.6, sign, 1)])
    result = detection.mean_average_precision(wrong_class, TRUTH, CLASSES)
    assert result["per_class"]["car"] == pytest.approx(51 / 101) and result["per_class"]["sign"] < 1
    # IoU 1/3 with the sign: a miss at 0.5, a hit at 0.3
    loose = _detections([(0.9, car, 0), (0.8, other_car, 0)], [(0.6, sign + [0, 0, 50, 0], 1)])
    assert detection.mean_average_precision(loose, TRUTH, CLASSES)["per_class"]["sign"] == 0
    at_a_third = detection.mean_average_precision(loose, TRUTH, CLASSES, iou=0.3)
    assert at_a_third["per_class"]["sign"] == pytest.approx(1)
    nothing = [(np.zeros(0), np.zeros((0, 4)), np.zeros(0, int))] * 2
    assert detection.mean_average_precision(nothing, TRUTH, CLASSES)["mAP"] == 0


def test_min_area_leaves_small_objects_out_both_ways():
    car, other_car = TRUTH[0][0]
    sign = TRUTH[1][0][0]
    tiny = np.array([70, 10, 76, 16], dtype=float)                 # 6 x 6 = 36 square pixels
    truth = [(np.vstack([TRUTH[0][0], tiny]), np.array([0, 0, 0])), TRUTH[1]]
    # the tiny car missed, and a false alarm of 5 x 5 ranked first: both count at min_area 0 ...
    found = _detections([(0.95, [0, 100, 5, 105], 0), (0.9, car, 0), (0.8, other_car, 0)], [(0.6, sign, 1)])
    assert detection.mean_average_precision(found, truth, CLASSES)["per_class"]["car"] < 0.7
    # ... and neither does at min_area 64 (COCO's area range: the true box and the unmatched
    # detection smaller than it are ignored), while the large objects still count
    result = detection.mean_average_precision(found, truth, CLASSES, min_area=64)
    assert result["per_class"]["car"] == pytest.approx(1) and result["mAP"] == pytest.approx(1)
    missed_large = _detections([(0.9, car, 0)], [(0.6, sign, 1)])
    assert detection.mean_average_precision(missed_large, truth, CLASSES, min_area=64)["per_class"]["car"] \
        == pytest.approx(51 / 101)
    recall, precision = detection.precision_recall_curve(found, truth, CLASSES, "car", min_area=64)
    np.testing.assert_allclose(precision, 1)


def test_random_boxes_are_a_weak_baseline():
    rng = np.random.default_rng(0)
    truth = []
    for _ in range(20):
        corner = rng.uniform(0, 80, (3, 2))
        truth.append((np.concatenate([corner, corner + rng.uniform(10, 30, (3, 2))], axis=1),
                      rng.integers(3, size=3)))
    guesses = detection.random_detections(truth, (120, 120), 3, boxes_per_image=10, seed=1)
    assert len(guesses) == 20 and guesses[0][1].shape == (10, 4)
    baseline = detection.mean_average_precision(guesses, truth, CLASSES)["mAP"]
    assert 0 <= baseline < 0.2
    perfect = [(np.ones(3), boxes, classes) for boxes, classes in truth]
    assert detection.mean_average_precision(perfect, truth, CLASSES)["mAP"] == pytest.approx(1)
