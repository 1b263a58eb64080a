"""A small YOLO-style detector trained on road scenes: `python -m utils.pretrain yolo_road`.

course4_cnn/w3_a1_car_detection_yolo.ipynb builds `yolo_body` (utils/nn/yolo.py) as `build_model()`
does, loads these weights with `data.load_pretrained("yolo_road", model)`, reads the anchors and
class names written next to them in the course's text formats (datasets/pretrained/
yolo_road_anchors.txt, yolo_road_classes.txt; `yolo.read_anchors`, `yolo.read_classes`), and runs
the learner's `yolo_eval` on the network's output decoded by `yolo_head`.

Data: N_TRAIN scenes from the narrow (long-lens, high-mounted) CAMERA of `utils.datagen.road` at
IMAGE_SIZE, drawn in memory with seed 2 * seed; the held-out scenes with seed 2 * seed + 1 (both
inside road.PRETRAIN_SEEDS, so never one of the loader's scenes, and never a training scene of
this run). The narrow camera because at 128 x 160 the wide one shows half of its cars under 6
pixels tall.

Anchors: k-means with the 1 - IoU distance (YOLOv2) on the (w, h) of the training boxes in grid
cells, NUM_ANCHORS of them, seeded. Targets: `yolo.yolo_targets` (each box to the anchor of its
centre's cell that fits its shape best). Loss: `yolo.yolo_loss` with object_scale 5 (YOLOv2's
weighting: a scene has about 8 responsible anchors against 1,600 empty ones), the other weights
at their defaults.

Training: Adam with a learning rate falling from LEARNING_RATE to 0 along a cosine over EPOCHS
epochs, batches of BATCH_SIZE, each picture mirrored left-right with probability 1/2 (a mirrored
street is still a street; boxes mirrored with it), drawn from a generator keyed by (seed, epoch,
batch). Seeded, but with TensorFlow's op determinism off (OP_DETERMINISM), so a rebuild is close
to, not byte-identical with, the shipped file. The held-out figure is mAP@0.5 (pycocotools,
utils.detection) of the reference post-processing `yolo_eval` with EVAL_SETTINGS on the held-out
scenes, over the objects of at least MIN_AREA square pixels as the notebook scores it (and, as a
second figure, over every object), beside the mAP of random boxes
(utils.detection.random_detections); no choice of epoch is made on them.
"""

import sys

import numpy as np

DESCRIPTION = ("A small Darknet-like YOLO detector (yolo_body) trained on road scenes, with its k-means "
               "anchors and class names in the course's text formats; loaded by "
               "course4_cnn/w3_a1_car_detection_yolo.ipynb.")
IMAGE_SIZE = (128, 160)          # (H, W) of the scenes
STRIDE = 8                       # grid (16, 20)
WIDTH = 0.5
NUM_ANCHORS = 5
N_TRAIN = 4000
N_HELD_OUT = 300
EPOCHS = 15
BATCH_SIZE = 32
LEARNING_RATE = 2e-3
EVAL_SETTINGS = {"max_boxes": 100, "score_threshold": 0.01, "iou_threshold": 0.5}   # COCO's way
MIN_AREA = 64                    # objects under 8 x 8 pixels are left out of the mAP (utils.detection)
LOSS_WEIGHTS = {"object_scale": 5.0}   # yolo_loss's weights that differ from its defaults
CAMERA = "narrow"                # the long lens: objects twice the size they are in the wide one
# Op determinism made a training step 1.5x slower (985 against 650 ms, measured): the budget goes to
# training steps instead. The run is seeded; a rebuild is not byte-identical.
OP_DETERMINISM = False
DRAW_WORKERS = 2
ANCHORS_FILE = "pretrained/yolo_road_anchors.txt"
CLASSES_FILE = "pretrained/yolo_road_classes.txt"


def _road():
    from utils.datagen import road

    return road


def grid_shape():
    return (IMAGE_SIZE[0] // STRIDE, IMAGE_SIZE[1] // STRIDE)


def build_model():
    """The notebook's detector: yolo_body((128, 160, 3), anchors (5 of them), 6 classes, width 0.5,
    stride 8), raw outputs (m, 16, 20, 5 * 11). Only the number of anchors shapes the network."""
    from utils.nn.yolo import yolo_body

    return yolo_body((*IMAGE_SIZE, 3), np.zeros((NUM_ANCHORS, 2)), len(_road().BOX_CLASSES),
                     width=WIDTH, stride=STRIDE)


def anchors_of(boxes, seed):
    """k-means anchors (NUM_ANCHORS, 2) in grid cells from a list of (k, 4) pixel boxes."""
    from utils.nn.yolo import kmeans_anchors

    every = np.concatenate(boxes)
    cells = np.array([IMAGE_SIZE[1] / grid_shape()[1], IMAGE_SIZE[0] / grid_shape()[0]])   # pixels per cell
    wh = (every[:, [3, 2]] - every[:, [1, 0]]) / cells                                     # (n, 2) as (w, h)
    return kmeans_anchors(wh, k=NUM_ANCHORS, seed=seed)


def mirrored(images, boxes):
    """Left-right mirror images (k, H, W, 3) and their lists of (y_min, x_min, y_max, x_max) boxes."""
    width = images.shape[2]
    flipped = [np.stack([b[:, 0], width - b[:, 3], b[:, 2], width - b[:, 1]], axis=1) for b in boxes]
    return images[:, :, ::-1], flipped


def _batches(scenes, anchors, seed, batch_size):
    """A keras.utils.PyDataset of (images in [0, 1], targets), shuffled, flipped by (seed, epoch, batch)."""
    import keras

    from utils.nn.yolo import yolo_targets_batch

    images, boxes, classes = scenes["images"], scenes["boxes"], scenes["classes"]
    num_classes = len(_road().BOX_CLASSES)

    class Scenes(keras.utils.PyDataset):
        def __init__(self):
            super().__init__(workers=1, use_multiprocessing=False)
            self.epoch = 0

        def __len__(self):
            return int(np.ceil(len(images) / batch_size))

        def __getitem__(self, index):
            order = np.random.default_rng([seed, self.epoch]).permutation(len(images))
            chosen = order[index * batch_size:(index + 1) * batch_size]
            flip = np.random.default_rng([seed, self.epoch, index]).random(len(chosen)) < 0.5
            pictures, kept = images[chosen].copy(), [boxes[i] for i in chosen]
            if flip.any():
                turned, turned_boxes = mirrored(pictures[flip], [b for b, f in zip(kept, flip) if f])
                pictures[flip] = turned
                for j, b in zip(np.flatnonzero(flip), turned_boxes):
                    kept[j] = b
            targets = yolo_targets_batch(kept, [classes[i] for i in chosen], anchors, grid_shape(),
                                         num_classes, IMAGE_SIZE)
            return pictures.astype(np.float32) / 255.0, targets

        def on_epoch_end(self):
            self.epoch += 1

    return Scenes()


def held_out_figures(model, anchors, scenes, seed):
    """mAP@0.5 of the detector with yolo_eval (EVAL_SETTINGS), objects from MIN_AREA up and of every
    size, and the mAP of random boxes (objects from MIN_AREA up), on `scenes`."""
    from utils import detection
    from utils.nn.yolo import detect

    classes = _road().BOX_CLASSES
    truth = {"boxes": scenes["boxes"], "classes": scenes["classes"]}
    found = detect(model, scenes["images"], anchors, len(classes), **EVAL_SETTINGS)
    scores = detection.mean_average_precision(found, truth, classes, min_area=MIN_AREA)
    every_size = detection.mean_average_precision(found, truth, classes)["mAP"]
    guesses = detection.random_detections(truth, IMAGE_SIZE, len(classes),
                                          boxes_per_image=EVAL_SETTINGS["max_boxes"], seed=seed)
    baseline = detection.mean_average_precision(guesses, truth, classes, min_area=MIN_AREA)["mAP"]
    return scores, every_size, baseline


def train(model, smoke=False, seed=0):
    """Train `model` (build_model()) in place; return its figures, the held-out mAP@0.5 first.

    The figures include "anchors", the course's one-line text of the k-means anchors, which
    `extra_files` writes next to the weights.
    """
    import keras

    from utils.nn.yolo import make_yolo_loss, mean_best_iou
    from utils.pretrain import time_left_callback

    road = _road()
    n_train, n_held_out, epochs, batch_size = N_TRAIN, N_HELD_OUT, EPOCHS, BATCH_SIZE
    if smoke:
        n_train, n_held_out, epochs, batch_size = 16, 4, 1, 8
    workers = 1 if smoke else DRAW_WORKERS
    def draw(n, scene_seed):
        return road.draw_scenes(n, seed=scene_seed, camera=CAMERA, size=IMAGE_SIZE, workers=workers)

    scenes, held_out = draw(n_train, 2 * seed), draw(n_held_out, 2 * seed + 1)
    anchors = np.round(anchors_of(scenes["boxes"], seed), 5)      # as written to the anchors file
    batches = _batches(scenes, anchors, seed, batch_size)
    schedule = keras.optimizers.schedules.CosineDecay(LEARNING_RATE, decay_steps=epochs * len(batches))
    # XLA compiles for longer than it saves here (measured: the same time per epoch on the CPU).
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                  loss=make_yolo_loss(anchors, **LOSS_WEIGHTS),
                  jit_compile=False)
    history = model.fit(batches, epochs=epochs, verbose=1 if sys.stdout.isatty() else 2,
                        callbacks=[] if smoke else [time_left_callback(epochs)])
    scores, every_size, baseline = held_out_figures(model, anchors, held_out, seed)
    model.optimizer = None             # ship the weights alone, not Adam's moments
    every = np.concatenate(scenes["boxes"])
    cells = np.array([IMAGE_SIZE[1] / grid_shape()[1], IMAGE_SIZE[0] / grid_shape()[0]])
    figures = {"held_out_mAP_50": scores["mAP"], "random_boxes_mAP_50": baseline,
               "held_out_mAP_50_every_size": every_size, "held_out_scenes": n_held_out,
               "min_area": f"{MIN_AREA} square pixels"}
    figures.update({f"AP_50_{name.replace(' ', '_')}": ap for name, ap in scores["per_class"].items()})
    figures.update({
        "final_training_loss": float(history.history["loss"][-1]),
        "training_scenes": n_train,
        "training_boxes": len(every),
        "epochs": epochs,
        "image_size": f"{IMAGE_SIZE[0]}x{IMAGE_SIZE[1]}",
        "grid": f"{grid_shape()[0]}x{grid_shape()[1]} (stride {STRIDE})",
        "width": WIDTH,
        "anchors": ", ".join(f"{w:.5f},{h:.5f}" for w, h in anchors),
        "anchor_mean_best_iou": mean_best_iou((every[:, [3, 2]] - every[:, [1, 0]]) / cells, anchors),
        "post_processing": ", ".join(f"{k} {v}" for k, v in EVAL_SETTINGS.items()),
    })
    return figures


def extra_files(out_dir, model, figures):
    """Write the anchors and class names in the course's formats under out_dir; return their paths."""
    from pathlib import Path

    from utils.nn.yolo import write_anchors, write_classes

    anchors = np.array([float(x) for x in figures["anchors"].split(",")]).reshape(-1, 2)
    anchors_path, classes_path = Path(out_dir) / ANCHORS_FILE, Path(out_dir) / CLASSES_FILE
    anchors_path.parent.mkdir(parents=True, exist_ok=True)
    write_anchors(anchors, anchors_path)
    write_classes(_road().BOX_CLASSES, classes_path)
    return [anchors_path, classes_path]
