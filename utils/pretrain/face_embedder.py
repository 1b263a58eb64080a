"""A face embedder trained with triplet loss on drawn identities: `python -m utils.pretrain face_embedder`.

course4_cnn/w4_a1_face_recognition.ipynb builds `face_embedder_model()` (utils/nn/facenet.py: 64x64x3
in, a 128-d encoding of length 1 out) and loads these weights with
`data.load_pretrained("face_embedder", model)`; it then verifies photos against a database with the
threshold chosen here.

Data (utils/datagen/faces.py), drawn in memory: SHOTS shots of each of TRAIN_IDENTITIES identities of
the TRAIN role, pixels scaled to [0, 1]. The identities of the other roles (the shipped held-out set,
the door's database and strangers) are never drawn here, so the embedder never sees them.

Training: batches of P identities x K shots of each (identities in a fresh order every epoch, shots
picked at random), every picture shifted by up to MAX_SHIFT pixels; the loss is the triplet loss with
semi-hard mining (utils.nn.facenet.semi_hard_triplet_loss: for every anchor-positive pair of the
batch, the closest negative that is still further from the anchor than the positive; margin ALPHA on
squared distances). Batch-hard mining (the furthest positive and the closest negative of each anchor)
was tried first: from a fresh network it pulled every encoding into one point (the loss stuck at the
margin, 0.2) within the first epochs. Adam with a learning rate falling from LEARNING_RATE to 0 along
a cosine over EPOCHS epochs.

Held-out figures: the threshold is chosen on VALIDATION_IDENTITIES further unseen identities (every
same-person pair and as many different-person pairs), then the verification accuracy is measured at
that threshold on the shipped held-out set (datasets/faces/held_out.h5: faces.HELD_OUT_IDENTITIES
identities x faces.SHOTS_PER_HELD_OUT shots), against 50% for a coin.
"""

import sys

import numpy as np

DESCRIPTION = ("Face embedder (small CNN, 64x64x3 -> 128-d unit vector) trained with semi-hard triplet "
               "loss on drawn identities; loaded by course4_cnn/w4_a1_face_recognition.ipynb into "
               "face_embedder_model().")
TRAIN_IDENTITIES = 500
SHOTS = 12
VALIDATION_IDENTITIES = 100
VALIDATION_FIRST = 1000          # HELD_OUT-role identity numbers, apart from the shipped 0..47
P, K = 32, 4
MAX_SHIFT = 3
ALPHA = 0.2
EPOCHS = 36
LEARNING_RATE = 2e-3


def build_model():
    """The notebook's embedder: face_embedder_model() with its defaults."""
    from utils.nn.facenet import face_embedder_model

    return face_embedder_model()


def _batches(images, labels, seed, p, k):
    """A keras.utils.PyDataset of P x K batches: (images (P*K, 64, 64, 3) float32, labels (P*K,))."""
    import keras

    groups = [np.flatnonzero(labels == identity) for identity in np.unique(labels)]

    class IdentityBatches(keras.utils.PyDataset):
        def __init__(self):
            super().__init__(workers=1, use_multiprocessing=False)
            self.epoch = 0

        def __len__(self):
            return len(groups) // p

        def __getitem__(self, index):
            order = np.random.default_rng([seed, self.epoch]).permutation(len(groups))
            rng = np.random.default_rng([seed, self.epoch, index])
            chosen = np.concatenate([rng.choice(groups[g], size=k, replace=False)
                                     for g in order[index * p:(index + 1) * p]])
            batch = images[chosen].astype(np.float32) / 255                     # (P*K, 64, 64, 3)
            padded = np.pad(batch, ((0, 0), (MAX_SHIFT,) * 2, (MAX_SHIFT,) * 2, (0, 0)), mode="edge")
            shifts = rng.integers(0, 2 * MAX_SHIFT + 1, size=(len(chosen), 2))
            size = batch.shape[1]
            batch = np.stack([padded[n, dy:dy + size, dx:dx + size] for n, (dy, dx) in enumerate(shifts)])
            return batch, labels[chosen].astype(np.int32)

        def on_epoch_end(self):
            self.epoch += 1

    return IdentityBatches()


def encode(model, images, batch_size=256):
    """Encodings (n, 128) of uint8 images (n, 64, 64, 3)."""
    return np.concatenate([np.asarray(model(images[i:i + batch_size].astype(np.float32) / 255,
                                            training=False))
                           for i in range(0, len(images), batch_size)])


def pair_distances(model, images, labels, seed=0):
    """Distances and same-person flags of the verification pairs of a set."""
    from utils.nn.facenet import pairwise_distances, verification_pairs

    first, second, same = verification_pairs(labels, seed)
    distances = pairwise_distances(encode(model, images))
    return distances[first, second], same


def train(model, smoke=False, seed=0):
    """Train `model` (build_model()) in place; return its figures, held-out verification accuracy first."""
    import keras

    from utils.datagen import faces
    from utils.nn.facenet import choose_threshold, semi_hard_triplet_loss, verification_accuracy
    from utils.pretrain import time_left_callback

    n_train, shots, n_validation, epochs, p = TRAIN_IDENTITIES, SHOTS, VALIDATION_IDENTITIES, EPOCHS, P
    n_test = faces.HELD_OUT_IDENTITIES
    if smoke:
        n_train, shots, n_validation, n_test, epochs, p = 8, 4, 4, 4, 1, 4
    images, labels = faces.shots(seed, faces.TRAIN, n_train, shots)
    val_images, val_labels = faces.shots(faces.SEED, faces.HELD_OUT, n_validation, faces.SHOTS_PER_HELD_OUT,
                                         first=VALIDATION_FIRST)
    test_images, test_labels = faces.shots(faces.SEED, faces.HELD_OUT, n_test, faces.SHOTS_PER_HELD_OUT)

    untrained_test = pair_distances(model, test_images, test_labels)
    batches = _batches(images, labels, seed, p, K)
    schedule = keras.optimizers.schedules.CosineDecay(LEARNING_RATE, decay_steps=epochs * len(batches))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                  loss=lambda y_true, y_pred: semi_hard_triplet_loss(y_true, y_pred, ALPHA),
                  run_eagerly=smoke)
    history = model.fit(batches, epochs=epochs, verbose=1 if sys.stdout.isatty() else 2,
                        callbacks=[] if smoke else [time_left_callback(epochs)])

    val_distances, val_same = pair_distances(model, val_images, val_labels)
    threshold, val_accuracy = choose_threshold(val_distances, val_same)
    test_distances, test_same = pair_distances(model, test_images, test_labels)
    train_distances, train_same = pair_distances(model, images[:n_test * shots], labels[:n_test * shots])
    model.optimizer = None           # ship the weights alone, without Adam's moments
    return {"held_out_verification_accuracy": verification_accuracy(test_distances, test_same, threshold),
            "held_out_coin_baseline": 0.5,
            "threshold": threshold,
            "validation_verification_accuracy": val_accuracy,
            "held_out_mean_distance_same": float(test_distances[test_same].mean()),
            "held_out_mean_distance_different": float(test_distances[~test_same].mean()),
            "untrained_mean_distance_same": float(untrained_test[0][untrained_test[1]].mean()),
            "untrained_mean_distance_different": float(untrained_test[0][~untrained_test[1]].mean()),
            "untrained_verification_accuracy": choose_threshold(*untrained_test)[1],
            "train_verification_accuracy": verification_accuracy(train_distances, train_same, threshold),
            "final_training_loss": float(history.history["loss"][-1]),
            "held_out_pairs": int(len(test_same)),
            "held_out_identities": n_test,
            "validation_identities": n_validation,
            "training_identities": n_train,
            "shots_per_training_identity": shots,
            "epochs": epochs,
            "batch": f"{p} identities x {K} shots",
            "margin_alpha": ALPHA}
