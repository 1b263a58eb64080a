"""ResNet50 at a quarter of the width, trained on the hand signs: `python -m utils.pretrain resnet50_signs`.

course4_cnn/w2_a1_residual_networks.ipynb builds the learner's `ResNet50(width=0.25)` and loads these
weights into it with `data.load_pretrained("resnet50_signs", model)`. The full-width ResNet50 (23.6 M
parameters, 94 MB as float32) trains for about 30 s an epoch here and would not fit the 15 MB a
shipped file may have; at width 0.25 every filter count is divided by 4, which leaves 1.5 M
parameters (about 6 MB) and 4 s an epoch, and the network keeps every layer of the original.

Training: the 1080 training signs (pixels scaled to [0, 1], one-hot labels, as the notebook feeds
them), Adam with a learning rate that falls from 1e-3 to 0 along a cosine over EPOCHS epochs,
batches of 32, and light augmentation drawn afresh for every batch: a horizontal mirror (a hand
mirrored still raises as many fingers), a shift of up to MAX_SHIFT pixels in each direction (edge
pixels repeated) and a brightness factor within 1 +- BRIGHTNESS. Every random draw comes from a
generator keyed by (seed, epoch, batch), so a run is repeatable whatever order Keras asks for the
batches in. The held-out figure is the accuracy on the 120 test signs, which play no part in
training (no early stopping, no choice of epoch).
"""

import sys

import numpy as np

DESCRIPTION = ("ResNet50 at width 0.25 (1.5 M parameters) trained on the 1080 hand signs; loaded by "
               "course4_cnn/w2_a1_residual_networks.ipynb into the learner's ResNet50(width=0.25).")
WIDTH = 0.25
INPUT_SHAPE = (64, 64, 3)
CLASSES = 6
EPOCHS = 20
BATCH_SIZE = 32
LEARNING_RATE = 1e-3
MAX_SHIFT = 6
BRIGHTNESS = 0.15


def build_model():
    """The learner's model of the notebook: ResNet50(input_shape=(64, 64, 3), classes=6, width=0.25)."""
    from utils.nn.resnet import ResNet50

    return ResNet50(input_shape=INPUT_SHAPE, classes=CLASSES, width=WIDTH)


def signs_arrays():
    """The signs as the notebook prepares them: X (m, 64, 64, 3) float32 in [0, 1], Y one-hot (m, 6)."""
    from utils import data

    train_x, train_y, test_x, test_y, _ = data.load_signs()
    eye = np.eye(CLASSES, dtype=np.float32)
    return (train_x.astype(np.float32) / 255, eye[train_y[0]],
            test_x.astype(np.float32) / 255, eye[test_y[0]])


def augment(X, rng):
    """A light, label-preserving change of each picture of X (k, n_H, n_W, 3): mirror, shift, brightness."""
    k, n_H, n_W, _ = X.shape
    flip = rng.random(k) < 0.5
    X = np.where(flip[:, None, None, None], X[:, :, ::-1], X)
    padded = np.pad(X, ((0, 0), (MAX_SHIFT, MAX_SHIFT), (MAX_SHIFT, MAX_SHIFT), (0, 0)), mode="edge")
    shifts = rng.integers(0, 2 * MAX_SHIFT + 1, size=(k, 2))
    X = np.stack([padded[i, dy:dy + n_H, dx:dx + n_W] for i, (dy, dx) in enumerate(shifts)])
    brightness = 1 + rng.uniform(-BRIGHTNESS, BRIGHTNESS, size=(k, 1, 1, 1))
    return np.clip(X * brightness, 0, 1).astype(np.float32)


def _batches(X, Y, seed, batch_size):
    """A keras.utils.PyDataset of augmented, shuffled batches, drawn from (seed, epoch, batch)."""
    import keras

    class AugmentedBatches(keras.utils.PyDataset):
        def __init__(self):
            super().__init__(workers=1, use_multiprocessing=False)
            self.epoch = 0

        def __len__(self):
            return int(np.ceil(len(X) / batch_size))

        def __getitem__(self, index):
            order = np.random.default_rng([seed, self.epoch]).permutation(len(X))
            chosen = order[index * batch_size:(index + 1) * batch_size]
            rng = np.random.default_rng([seed, self.epoch, index])
            return augment(X[chosen], rng), Y[chosen]

        def on_epoch_end(self):
            self.epoch += 1

    return AugmentedBatches()


def train(model, smoke=False, seed=0):
    """Train `model` (build_model()) in place on the signs; return its figures, test accuracy first."""
    import keras

    from utils.pretrain import time_left_callback

    X_train, Y_train, X_test, Y_test = signs_arrays()
    epochs, batch_size = EPOCHS, BATCH_SIZE
    if smoke:
        X_train, Y_train, X_test, Y_test = X_train[:16], Y_train[:16], X_test[:8], Y_test[:8]
        epochs, batch_size = 1, 8
    batches = _batches(X_train, Y_train, seed, batch_size)
    schedule = keras.optimizers.schedules.CosineDecay(LEARNING_RATE, decay_steps=epochs * len(batches))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(batches, epochs=epochs, verbose=1 if sys.stdout.isatty() else 2,
              callbacks=[] if smoke else [time_left_callback(epochs)])
    _, test_accuracy = model.evaluate(X_test, Y_test, batch_size=64, verbose=0)
    train_loss, train_accuracy = model.evaluate(X_train, Y_train, batch_size=64, verbose=0)
    # Ship the weights alone: a compiled model's file also holds Adam's two running moments per
    # weight (three times the size), which the learner's model neither needs nor could load quietly.
    model.optimizer = None
    return {"test_accuracy": float(test_accuracy),
            "test_examples": len(X_test),
            "train_accuracy": float(train_accuracy),
            "train_loss": float(train_loss),
            "training_examples": len(X_train),
            "epochs": epochs,
            "width": WIDTH,
            "augmentation": f"mirror, shift up to {MAX_SHIFT} px, brightness +-{BRIGHTNESS:.0%}"}
