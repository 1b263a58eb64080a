"""The given helpers of course 3 week 2 (utils/nn/mismatch.py): windows, labels, synthesis, predict."""

import numpy as np

from utils.datagen import road
from utils.nn import mismatch as mm


def _scenes(camera="wide", n=4):
    return road.draw_scenes(n, seed=5, camera=camera, size=(96, 128))


def test_windows_have_the_documented_shapes_and_labels():
    scenes = _scenes()
    w = mm.road_windows(scenes, seed=0)
    m = len(w["labels"])
    assert w["images"].shape == (m, mm.WINDOW, mm.WINDOW, 3) and w["images"].dtype == np.uint8
    assert w["labels"].shape == (m, len(mm.TASKS)) and set(np.unique(w["labels"])) <= {0.0, 1.0}
    assert len(w["weather"]) == len(w["small"]) == len(w["scene"]) == m
    assert set(w["weather"]) <= set(road.WEATHERS)
    assert not np.any(w["small"] & (w["labels"][:, 0] == 0))          # "small" tags pedestrian windows only
    # Each scene gives its random windows and one window per labelled object (up to per_task a task).
    for i in range(len(scenes["images"])):
        assert np.sum(w["scene"] == i) >= 2
    assert w["images"].tobytes() == mm.road_windows(scenes, seed=0)["images"].tobytes()


def test_a_window_on_an_object_is_labelled_with_its_task():
    scenes = _scenes(n=6)
    w = mm.road_windows(scenes, seed=1, negatives=0, per_task=1)
    # Every window sits on an object of a task, and that task is 1 (objects at least MIN_SIDE).
    assert np.all(w["labels"].sum(axis=1) >= 1)


def test_windows_from_few_scenes_come_from_those_scenes_only():
    scenes = _scenes(n=6)
    w = mm.road_windows(scenes, seed=2, scenes_used=[1, 4], count=30)
    assert len(w["labels"]) == 30 and set(w["scene"]) <= {1, 4}


def test_to_camera_b_moves_colours_from_the_wide_cast_to_the_narrow_one():
    warm = np.zeros((1, 2, 2, 3), np.uint8) + np.array([180, 150, 110], np.uint8)
    cold = mm.to_camera_b(warm)
    assert cold.dtype == np.uint8 and cold.shape == warm.shape
    assert cold[..., 2].mean() > warm[..., 2].mean() and cold[..., 0].mean() < warm[..., 0].mean()
    grey = np.full((1, 2, 2, 3), 100, np.uint8)
    assert np.ptp(mm.to_camera_b(grey)[0, 0]) > 0                      # even grey takes the cast


def test_motion_blur_keeps_flat_windows_and_smears_edges():
    flat = np.full((1, 4, 6, 3), 77, np.uint8)
    assert np.array_equal(mm.motion_blur(flat), flat)
    edge = np.zeros((1, 4, 6, 3), np.uint8)
    edge[:, :, 3:] = 250
    blurred = mm.motion_blur(edge)
    assert 0 < blurred[0, 0, 2, 0] < 250 and 0 < blurred[0, 0, 3, 0] < 250


def test_predict_matches_keras_predict_and_classifiers_start_alike():
    model = mm.window_classifier(outputs=4, seed=3)
    X = mm.prepare(np.random.default_rng(0).integers(0, 256, (10, mm.WINDOW, mm.WINDOW, 3)))
    expected = (model.predict(X, verbose=0) > 0.5).astype(np.int64)
    assert np.array_equal(mm.predict(model, X), expected)
    again = mm.window_classifier(outputs=4, seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), again.get_weights()))
    assert mm.error_rate([1, 0, 1, 1], [[1], [1], [1], [0]]) == 0.5
