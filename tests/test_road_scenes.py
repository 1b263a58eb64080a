"""The `road_scenes` generator (utils/datagen/road.py) and its loader: determinism, shapes, classes,
boxes that agree with the masks, perspective, two cameras that differ, and the loader's splits."""

import numpy as np
import pytest

from utils import data
from utils.datagen import road

SIZE = (96, 128)
N = 24
# What each box class is painted as in the masks.
MASK_OF_BOX = {road.CAR: road.VEHICLE, road.TRUCK: road.VEHICLE, road.BUS: road.VEHICLE,
               road.PERSON: road.PEDESTRIAN, road.TRAFFIC_LIGHT: road.LIGHT, road.TRAFFIC_SIGN: road.SIGN}


@pytest.fixture(scope="module")
def scenes():
    return {camera: road.draw_scenes(N, seed=7, camera=camera, size=SIZE) for camera in road.CAMERAS}


def test_same_seed_same_bytes_and_workers_do_not_matter():
    first = road.draw_scenes(3, seed=3, camera="narrow", size=(48, 64))
    again = road.draw_scenes(3, seed=3, camera="narrow", size=(48, 64))
    parallel = road.draw_scenes(3, seed=3, camera="narrow", size=(48, 64), workers=2)
    for other in (again, parallel):
        assert first["images"].tobytes() == other["images"].tobytes()
        assert first["masks"].tobytes() == other["masks"].tobytes()
        for key in ("boxes", "classes"):
            assert all(np.array_equal(a, b) for a, b in zip(first[key], other[key]))
    # A scene is its own stream: the first of 3 is the first of 1.
    single = road.draw_scenes(1, seed=3, camera="narrow", size=(48, 64))
    assert single["images"][0].tobytes() == first["images"][0].tobytes()
    assert road.draw_scenes(1, seed=4, camera="narrow", size=(48, 64))["images"][0].tobytes() \
        != first["images"][0].tobytes()


def test_shapes_and_dtypes(scenes):
    for sets in scenes.values():
        assert sets["images"].shape == (N, *SIZE, 3) and sets["images"].dtype == np.uint8
        assert sets["masks"].shape == (N, *SIZE) and sets["masks"].dtype == np.uint8
        assert len(sets["boxes"]) == len(sets["classes"]) == N
        for boxes, classes in zip(sets["boxes"], sets["classes"]):
            assert boxes.dtype == np.float32 and boxes.shape == (len(classes), 4)
            assert classes.dtype == np.int64
    other = road.draw_scenes(2, seed=1, camera="wide", size=(128, 160))
    assert other["images"].shape == (2, 128, 160, 3) and other["masks"].shape == (2, 128, 160)


def test_classes_present(scenes):
    assert len(road.MASK_CLASSES) >= 8 and len(road.MASK_COLOURS) == len(road.MASK_CLASSES)
    for camera, sets in scenes.items():
        present = np.unique(sets["masks"])
        assert set(present) <= set(range(len(road.MASK_CLASSES)))
        assert len(present) >= 8, (camera, present)
        classes = np.concatenate(sets["classes"])
        assert set(classes) == set(range(len(road.BOX_CLASSES))), (camera, np.bincount(classes))
        counts = np.bincount(classes, minlength=len(road.BOX_CLASSES))
        assert counts.argmax() == road.CAR, counts           # cars the most common
        per_scene = [len(c) for c in sets["classes"]]
        assert 2 <= np.median(per_scene) <= 10, per_scene


def test_boxes_are_tight_boxes_of_their_class_in_the_mask(scenes):
    for sets in scenes.values():
        for mask, boxes, classes in zip(sets["masks"], sets["boxes"], sets["classes"]):
            for (y0, x0, y1, x1), k in zip(boxes.astype(int), classes):
                assert 0 <= y0 < y1 <= SIZE[0] and 0 <= x0 < x1 <= SIZE[1]
                assert y1 - y0 >= road.MIN_SIDE and x1 - x0 >= road.MIN_SIDE
                inside = mask[y0:y1, x0:x1] == MASK_OF_BOX[k]
                # The object's own pixels reach every edge of its box.
                assert inside[0].any() and inside[-1].any() and inside[:, 0].any() and inside[:, -1].any()


def test_perspective_nearer_cars_are_lower_and_larger(scenes):
    for camera, sets in scenes.items():
        boxes = np.concatenate([b[c == road.CAR] for b, c in zip(sets["boxes"], sets["classes"])])
        height, bottom = boxes[:, 2] - boxes[:, 0], boxes[:, 2]
        whole = bottom < SIZE[0]                             # not cut by the picture's bottom
        assert np.corrcoef(bottom[whole], height[whole])[0, 1] > 0.5, camera


def test_the_cameras_differ(scenes):
    def horizon(masks):     # the first row with road in it, on average
        rows = [np.nonzero((m == road.ROAD).any(axis=1))[0][0] for m in masks]
        return np.mean(rows)

    wide, narrow = scenes["wide"], scenes["narrow"]
    assert horizon(wide["masks"]) - horizon(narrow["masks"]) > 0.1 * SIZE[0]

    def warmth(images):
        return np.mean(images[..., 0].astype(float) - images[..., 2])

    assert warmth(wide["images"]) - warmth(narrow["images"]) > 20

    # The same things look larger in the narrow camera: its nearer cars are taller (the far ones,
    # which the wide camera loses below MIN_SIDE, keep the medians close).
    def tall_cars(sets):
        return np.percentile(np.concatenate([b[c == road.CAR, 2] - b[c == road.CAR, 0]
                                             for b, c in zip(sets["boxes"], sets["classes"])]), 75)

    assert tall_cars(narrow) > 1.3 * tall_cars(wide)


def test_loader_splits_use_their_own_seeds(monkeypatch):
    seeds = [seed for seed, _ in road.SPLITS.values()]
    assert len(set(seeds)) == len(seeds)
    assert not set(seeds) & set(road.PRETRAIN_SEEDS)
    assert road.SPLITS["test"][1] >= 200
    # The loader draws exactly draw_scenes(count, seed, camera); shrunk here to stay fast.
    monkeypatch.setattr(road, "SPLITS", {name: (seed, 2) for name, (seed, _) in road.SPLITS.items()})
    monkeypatch.setattr(data, "_road_cache", {})
    loaded = data.load_road_scenes("test", camera="narrow", size=(48, 64))
    drawn = road.draw_scenes(2, seed=road.SPLITS["test"][0], camera="narrow", size=(48, 64))
    assert loaded["images"].tobytes() == drawn["images"].tobytes()
    loaded["images"][:] = 0                                   # a caller's changes stay its own
    assert data.load_road_scenes("test", camera="narrow", size=(48, 64))["images"].any()
    training = road.draw_scenes(2, seed=0, camera="narrow", size=(48, 64))
    assert loaded["masks"].tobytes() != training["masks"].tobytes()


def test_loader_names_the_choices_on_a_bad_argument():
    with pytest.raises(ValueError, match="unknown camera 'tele'.*wide, narrow"):
        data.load_road_scenes("test", camera="tele")
    with pytest.raises(ValueError, match="unknown split 'validation'.*train, dev, test"):
        data.load_road_scenes("validation")
    with pytest.raises(ValueError, match="unknown camera"):
        road.draw_scenes(1, camera="fisheye")


def test_loader_count_gives_the_first_scenes_of_the_split_and_their_weather(monkeypatch):
    monkeypatch.setattr(road, "SPLITS", {name: (seed, 3) for name, (seed, _) in road.SPLITS.items()})
    monkeypatch.setattr(data, "_road_cache", {})
    whole = data.load_road_scenes("dev", camera="wide", size=(32, 48))
    first = data.load_road_scenes("dev", camera="wide", size=(32, 48), count=2)
    assert first["images"].tobytes() == whole["images"][:2].tobytes()
    assert list(first["weather"]) == list(whole["weather"][:2])
    assert set(whole["weather"]) <= set(road.WEATHERS) and len(whole["weather"]) == 3
    for bad in (0, 4):
        with pytest.raises(ValueError, match="count must be between 1 and 3"):
            data.load_road_scenes("dev", camera="wide", size=(32, 48), count=bad)
