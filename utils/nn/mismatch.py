"""Error analysis and data mismatch (course3_structuring_ml/w2_a1_error_analysis_and_mismatch): the
notebook's given helpers, over windows cut from the `road_scenes` set (DATA.md; `data.load_road_scenes`).

The team's car finds candidate boxes in each picture (a proposal stage, not built here) and a small
classifier says what each box shows. A box is cut out as a square window around the candidate,
`CONTEXT` times its size, and resized to WINDOW x WINDOW pixels, so a near and a far pedestrian look
alike. A window is labelled for four tasks (TASKS): whether a pedestrian, a vehicle, a traffic sign
or a traffic light has its centre in the middle half of the window and is at least half the
window's object size.

The scenes come from two cameras of utils/datagen/road.py: "wide" (camera A: the dash cameras whose
footage the team bought, plenty of it) and "narrow" (camera B: the team's own car, where the
classifier will run; objects twice as large, colder colours, the horizon higher up).

The helpers: `road_windows` (windows, labels and tags from scenes), `to_camera_b` (artificial data
synthesis: camera-A windows given camera B's colours), `motion_blur`, `prepare`, `window_classifier`
and `train_classifier` (a small CNN with one sigmoid per task, trained with the loss given), `predict`
and `error_rate`. The exercises' references are in utils.nn.strategy (`error_analysis`,
`error_buckets`, `multi_task_loss`).
"""

import numpy as np

from utils.nn.strategy import _keras, train_detector
from utils.nn.strategy import error_rate as _error_rate

TASKS = ("pedestrian", "vehicle", "traffic sign", "traffic light")
WINDOW = 24              # side of a window fed to the classifier, in pixels
CONTEXT = 2.0            # a window covers this many times the candidate's larger side
MIN_SIDE = 6             # objects smaller than this (pixels of the scene) get no window of their own
SMALL = 10               # a pedestrian window is tagged "small" when its pedestrian is shorter than this
NEGATIVE_SHARE = 0.35    # share of random places among windows drawn from few scenes (count=...)
# Colour of the two cameras (utils/datagen/road.py CAMERA_SPECS): cast per channel and saturation.
CAST = {"wide": np.array([1.10, 1.0, 0.84], np.float32), "narrow": np.array([0.86, 0.98, 1.14], np.float32)}
SATURATION = {"wide": 1.12, "narrow": 0.8}
LUMA = np.array([0.3, 0.59, 0.11], np.float32)


def _objects(scenes, i):
    """The objects of scene i that belong to a task: centres (k, 2), tasks (k,), sizes (k,) (the
    larger side) and heights (k,), in pixels."""
    from utils.datagen import road

    task_of = {road.PERSON: 0, road.CAR: 1, road.TRUCK: 1, road.BUS: 1, road.TRAFFIC_SIGN: 2,
               road.TRAFFIC_LIGHT: 3}
    boxes, classes = scenes["boxes"][i].reshape(-1, 4), scenes["classes"][i]
    keep = np.isin(classes, list(task_of))
    boxes, classes = boxes[keep], classes[keep]
    centres = np.stack([(boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2], axis=1)
    heights = boxes[:, 2] - boxes[:, 0]
    sizes = np.maximum(heights, boxes[:, 3] - boxes[:, 1])
    tasks = np.array([task_of[int(c)] for c in classes], dtype=np.int64)
    return centres, tasks, sizes, heights


def road_windows(scenes, seed, negatives=2, per_task=2, scenes_used=None, count=None):
    """Windows cut from road scenes, as the proposal stage sends them, with labels and tags.

    For every scene: a window on up to `per_task` objects of each task (objects at least MIN_SIDE
    pixels high or wide; the window CONTEXT times the object's larger side, its centre moved by up
    to a tenth of that), and `negatives` windows of random sizes at random places below the top
    fifth of the picture. Each is resized to WINDOW x WINDOW (nearest pixel).

    With `count`, windows are drawn from random scenes among `scenes_used` (indices; default all),
    one object or random place at a time (NEGATIVE_SHARE of random places), until there are `count`:
    the way to make many windows out of few scenes.

    Returns a dict: "images" (m, WINDOW, WINDOW, 3) uint8; "labels" (m, 4) float32 in TASKS order;
    "weather" (m,) str (the scene's); "small" (m,) bool (a pedestrian window whose pedestrians are
    all shorter than SMALL pixels); "scene" (m,) the index of the scene it was cut from.
    """
    rng = np.random.default_rng(seed)
    images = scenes["images"]
    n, H, W = images.shape[:3]
    grid = (np.arange(WINDOW) + 0.5) / WINDOW - 0.5                    # sample points, in windows
    out = {"images": [], "labels": [], "weather": [], "small": [], "scene": []}

    def cut(i, cy, cx, side, objects):
        centres, tasks, sizes, heights = objects
        ys = np.clip(np.round(cy + grid * side).astype(int), 0, H - 1)
        xs = np.clip(np.round(cx + grid * side).astype(int), 0, W - 1)
        inside = ((np.abs(centres[:, 0] - cy) < side / 4) & (np.abs(centres[:, 1] - cx) < side / 4)
                  & (sizes >= side / CONTEXT / 2))
        labels = np.zeros(len(TASKS), np.float32)
        labels[np.unique(tasks[inside])] = 1
        out["images"].append(images[i][ys[:, None], xs[None, :]])
        out["labels"].append(labels)
        out["weather"].append(str(scenes["weather"][i]))
        out["small"].append(bool(labels[0] and np.all(heights[inside & (tasks == 0)] < SMALL)))
        out["scene"].append(i)

    def on_object(i, k, objects):
        centres, _, sizes, _ = objects
        side = CONTEXT * max(float(sizes[k]), MIN_SIDE)
        dy, dx = rng.uniform(-0.1, 0.1, 2) * side
        cut(i, centres[k, 0] + dy, centres[k, 1] + dx, side, objects)

    def at_random(i, objects):
        cut(i, rng.uniform(0.2 * H, H), rng.uniform(0, W), CONTEXT * rng.uniform(MIN_SIDE, 24), objects)

    if count is None:
        for i in range(n):
            objects = _objects(scenes, i)
            seen = objects[2] >= MIN_SIDE
            for task in range(len(TASKS)):
                for k in rng.permutation(np.flatnonzero(seen & (objects[1] == task)))[:per_task]:
                    on_object(i, k, objects)
            for _ in range(negatives):
                at_random(i, objects)
    else:
        pool = np.arange(n) if scenes_used is None else np.asarray(scenes_used)
        while len(out["images"]) < count:
            i = int(rng.choice(pool))
            objects = _objects(scenes, i)
            seen = np.flatnonzero(objects[2] >= MIN_SIDE)
            if rng.random() < NEGATIVE_SHARE or not len(seen):
                at_random(i, objects)
            else:
                on_object(i, int(rng.choice(seen)), objects)
    return {"images": np.stack(out["images"]).astype(np.uint8), "labels": np.stack(out["labels"]),
            "weather": np.array(out["weather"]), "small": np.array(out["small"]),
            "scene": np.array(out["scene"])}


def _recolour(images, source, target):
    x = np.asarray(images, dtype=np.float32) / 255.0
    lum = (x @ LUMA)[..., None]
    x = (lum + (x - lum) / SATURATION[source]) / CAST[source] * CAST[target]
    lum = (x @ LUMA)[..., None]
    x = lum + SATURATION[target] * (x - lum)
    return np.round(np.clip(x, 0, 1) * 255).astype(np.uint8)


def to_camera_b(images):
    """Artificial data synthesis: camera-A windows (uint8) with camera B's colours: the wide camera's
    colour cast and saturation undone, the narrow camera's applied."""
    return _recolour(images, "wide", "narrow")


def motion_blur(images, length=5):
    """Windows smeared sideways over `length` pixels, as by a shaking camera."""
    x = np.asarray(images, dtype=np.float32)
    padded = np.pad(x, ((0, 0), (0, 0), (length // 2, length // 2), (0, 0)), mode="edge")
    out = sum(padded[:, :, k:k + x.shape[2]] for k in range(length)) / length
    return np.round(out).astype(np.uint8)


def prepare(images):
    """Windows (m, WINDOW, WINDOW, 3) uint8 -> float32 in [-0.5, 0.5]."""
    return np.asarray(images, dtype=np.float32) / 255.0 - 0.5


def window_classifier(outputs=1, filters=8, seed=1, name=None):
    """A 3x3 convolution (filters) with batch normalization, two more (2 filters each), 2x2 pooling
    after the first two, the largest response over the window, and Dense(outputs, sigmoid): one
    probability per task. The initial weights are drawn with `seed`, so two classifiers built with
    the same seed start alike, whatever ran before."""
    keras = _keras()
    layers = keras.layers
    keras.utils.set_random_seed(seed)
    return keras.Sequential([
        keras.Input((WINDOW, WINDOW, 3)),
        layers.Conv2D(filters, 3, padding="same", use_bias=False), layers.BatchNormalization(),
        layers.ReLU(), layers.MaxPooling2D(2),
        layers.Conv2D(2 * filters, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(2 * filters, 3, padding="same", activation="relu"),
        layers.GlobalMaxPooling2D(), layers.Dense(outputs, activation="sigmoid")],
        name=name or f"windows_{outputs}")


def train_classifier(model, X, Y, epochs, loss="binary_crossentropy", seed=1, learning_rate=0.003,
                     batch_size=32):
    """Adam, seeded (the same seed gives the same model); returns the model. Y: (m, outputs).
    utils.nn.strategy.train_detector (week 1's), with this week's learning rate."""
    return train_detector(model, X, np.asarray(Y, np.float32), epochs, seed=seed,
                          learning_rate=learning_rate, batch_size=batch_size, loss=loss)


def fine_tune(model, X, Y, epochs, seed=1, learning_rate=0.001):
    """A copy of a trained classifier, trained further on (X, Y) at a smaller learning rate."""
    keras = _keras()
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    return train_classifier(copy, X, Y, epochs, seed=seed, learning_rate=learning_rate)


def predict(model, X, threshold=0.5):
    """0/1 predictions, (m, outputs). The model is called directly, a few thousand windows at a time:
    for a small model that is much quicker than model.predict, which compiles a function per model."""
    X = np.asarray(X, dtype=np.float32)
    probabilities = np.concatenate([np.asarray(model(X[i:i + 4096], training=False))
                                    for i in range(0, len(X), 4096)])
    return (probabilities > threshold).astype(np.int64)


def error_rate(y_true, y_pred):
    """Share of wrong 0/1 labels, for labels of shape (m,) or (m, 1) alike."""
    return _error_rate(np.ravel(y_true), np.ravel(y_pred))
