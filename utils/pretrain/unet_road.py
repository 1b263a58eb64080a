"""A small U-Net trained on drawn road scenes: `python -m utils.pretrain unet_road`.

course4_cnn/w3_a2_image_segmentation_unet.ipynb builds the learner's
`unet_model((96, 128, 3), n_filters=N_FILTERS, n_classes=11)` and loads these weights into it with
`data.load_pretrained("unet_road", model)`, after training it briefly itself. The original's U-Net
(n_filters=32, 23 classes, 8.6 M parameters) takes about 80 ms a picture an epoch on this 2-core CPU;
at n_filters=8 the network keeps every layer and 1/16 of the parameters (0.54 M, 2.1 MB). With op
determinism on (byte-identical rebuilds) it still costs about 50 ms a picture an epoch here, so the
run is sized to fit the 30-minute budget: TRAIN_SCENES scenes for EPOCHS epochs.

Data: TRAIN_SCENES scenes from the "wide" camera of utils/datagen/road.py, drawn in memory at
96x128 with the seed of the run (in road.PRETRAIN_SEEDS, apart from the notebook's loaded splits),
pixels scaled to [0, 1] as the notebook feeds them, masks of the 11 road.MASK_CLASSES as integer
labels. Each batch is mirrored left-right at random (picture and mask together), from a generator
keyed by (seed, epoch, batch). Training: Adam with a learning rate falling from LEARNING_RATE to 0
along a cosine over EPOCHS epochs, batches of BATCH_SIZE, sparse categorical cross-entropy on the
logits. The held-out figures are measured on HELD_OUT_SCENES scenes drawn with HELD_OUT_SEED,
which plays no part in training: pixel accuracy, mean IoU over the classes present, the IoU of
every class, and the majority-class baseline (every pixel called the class most frequent in the
training masks) that the accuracy must beat.
"""

import os
import sys

import numpy as np

DESCRIPTION = ("U-Net at n_filters=8 (0.54 M parameters) trained on drawn road scenes (wide camera, "
               "96x128, 11 mask classes); loaded by course4_cnn/w3_a2_image_segmentation_unet.ipynb into "
               "the learner's unet_model((96, 128, 3), n_filters=8, n_classes=11).")
INPUT_SIZE = (96, 128, 3)
N_FILTERS = 8
CAMERA = "wide"
TRAIN_SCENES = 1500
HELD_OUT_SCENES = 200
HELD_OUT_SEED = 999          # in road.PRETRAIN_SEEDS; a run's own seed must differ from it
EPOCHS = 12
BATCH_SIZE = 32
LEARNING_RATE = 2e-3


def n_classes():
    from utils.datagen import road

    return len(road.MASK_CLASSES)


def build_model():
    """The learner's model of the notebook: unet_model((96, 128, 3), n_filters=8, n_classes=11)."""
    from utils.nn.unet import unet_model

    return unet_model(input_size=INPUT_SIZE, n_filters=N_FILTERS, n_classes=n_classes())


def scenes(n, seed, workers=1):
    """n scenes as the notebook prepares them: X (n, 96, 128, 3) float32 in [0, 1], masks (n, 96, 128)
    uint8 of class indices."""
    from utils.datagen import road

    drawn = road.draw_scenes(n, seed=seed, camera=CAMERA, size=INPUT_SIZE[:2], workers=workers)
    return drawn["images"].astype(np.float32) / 255, drawn["masks"]


def _batches(X, Y, seed, batch_size):
    """A keras.utils.PyDataset of shuffled batches, each picture mirrored (with its mask) at random."""
    import keras

    class MirroredBatches(keras.utils.PyDataset):
        def __init__(self):
            super().__init__(workers=1, use_multiprocessing=False)
            self.epoch = 0

        def __len__(self):
            return int(np.ceil(len(X) / batch_size))

        def __getitem__(self, index):
            order = np.random.default_rng([seed, self.epoch]).permutation(len(X))
            chosen = np.sort(order[index * batch_size:(index + 1) * batch_size])
            flip = np.random.default_rng([seed, self.epoch, index]).random(len(chosen)) < 0.5
            images, masks = X[chosen], Y[chosen]
            images = np.where(flip[:, None, None, None], images[:, :, ::-1], images)   # (k, H, W, 3)
            masks = np.where(flip[:, None, None], masks[:, :, ::-1], masks)            # (k, H, W)
            return images, masks

        def on_epoch_end(self):
            self.epoch += 1

    return MirroredBatches()


def predict_masks(model, X, batch_size=64):
    """The most likely class of every pixel, (m, n_H, n_W) int64."""
    return np.concatenate([np.argmax(model.predict(X[i:i + batch_size], verbose=0), axis=-1)
                           for i in range(0, len(X), batch_size)])


def held_out_figures(model, X, Y, majority_class, prefix="held_out"):
    """Pixel accuracy, mean IoU, the majority-class baseline and per-class IoU of `model` on (X, Y)."""
    from utils.datagen import road
    from utils.nn.unet import mean_iou, per_class_iou, pixel_accuracy

    predicted = predict_masks(model, X)
    k = len(road.MASK_CLASSES)
    figures = {f"{prefix}_pixel_accuracy": pixel_accuracy(Y, predicted),
               f"{prefix}_mean_iou": mean_iou(Y, predicted, k),
               f"{prefix}_majority_class_baseline": float(np.mean(Y == majority_class))}
    for name, iou in zip(road.MASK_CLASSES, per_class_iou(Y, predicted, k)):
        if np.isfinite(iou):                       # a class absent from truth and prediction has none
            figures[f"{prefix}_iou_{name.replace(' ', '_')}"] = float(iou)
    return figures


def train(model, smoke=False, seed=0):
    """Train `model` (build_model()) in place on drawn scenes; return its figures, held-out accuracy first."""
    import keras

    from utils.datagen import road
    from utils.pretrain import time_left_callback

    if seed == HELD_OUT_SEED:
        raise ValueError(f"seed {HELD_OUT_SEED} draws the held-out scenes; train with another seed")
    n_train, n_held_out, epochs, batch_size = TRAIN_SCENES, HELD_OUT_SCENES, EPOCHS, BATCH_SIZE
    workers = min(2, os.cpu_count() or 1)
    if smoke:
        n_train, n_held_out, epochs, batch_size, workers = 8, 4, 1, 4, 1
    X_train, Y_train = scenes(n_train, seed, workers)
    X_held_out, Y_held_out = scenes(n_held_out, HELD_OUT_SEED, workers)
    majority_class = int(np.argmax(np.bincount(Y_train.ravel(), minlength=len(road.MASK_CLASSES))))
    batches = _batches(X_train, Y_train, seed, batch_size)
    schedule = keras.optimizers.schedules.CosineDecay(LEARNING_RATE, decay_steps=epochs * len(batches))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"],
                  run_eagerly=smoke)        # a smoke run's two steps cost less than tracing the graph
    model.fit(batches, epochs=epochs, verbose=1 if sys.stdout.isatty() else 2,
              callbacks=[] if smoke else [time_left_callback(epochs)])
    figures = held_out_figures(model, X_held_out, Y_held_out, majority_class)
    train_accuracy = held_out_figures(model, X_train[:n_held_out], Y_train[:n_held_out], majority_class,
                                      prefix="train")["train_pixel_accuracy"]
    # Ship the weights alone: a compiled model's file also holds Adam's two moments per weight.
    model.optimizer = None
    return {**figures,
            "held_out_scenes": n_held_out,
            "held_out_seed": HELD_OUT_SEED,
            "train_pixel_accuracy": train_accuracy,
            "training_scenes": n_train,
            "epochs": epochs,
            "n_filters": N_FILTERS,
            "camera": CAMERA,
            "augmentation": "left-right mirror of picture and mask"}
