"""Face recognition with a triplet-trained embedding: the loss, the door's two questions, the embedder.

Taught in course4_cnn/w4_a1_face_recognition.ipynb, whose grader compares the learner's
`triplet_loss`, `verify` and `who_is_it` with these, and used by `python -m utils.pretrain
face_embedder` (utils/pretrain/face_embedder.py), which trains `face_embedder_model` on the drawn
identities of utils/datagen/faces.py.

An embedding maps a 64x64 RGB face to a 128-d vector of length 1. Two photos show the same
person when their encodings are closer (Euclidean distance) than a threshold. The triplet loss
(Schroff et al., 2015, FaceNet) trains the mapping: for an anchor A, a positive P (same person)
and a negative N (someone else), it asks for ||f(A) - f(P)||^2 + alpha <= ||f(A) - f(N)||^2.

The database of the door maps a name to the encoding of that person's ID photo, an array of
shape (1, 128), as `img_to_encoding` returns it.
"""

import numpy as np

from utils.notebook import import_tensorflow

tf = import_tensorflow()
import keras  # noqa: E402  (after TensorFlow's quiet import)
from keras import layers  # noqa: E402

EMBEDDING_SIZE = 128
INPUT_SHAPE = (64, 64, 3)
# The original course's threshold for its FaceNet encodings; the project's embedder has its own,
# chosen on held-out identities (pretrained_threshold()).
ORIGINAL_THRESHOLD = 0.7


def triplet_loss(y_true, y_pred, alpha=0.2):
    """The triplet loss, summed over the batch.

    Args:
        y_true: unused (Keras passes the labels; the triplet carries its own).
        y_pred: [anchor, positive, negative], three tensors of shape (m, 128): the encodings of
            m anchors, of a photo of the same person for each, and of someone else for each.
        alpha: the margin by which a negative must be further than the positive.
    Returns:
        loss: a scalar, sum over the m triplets of max(||A - P||^2 - ||A - N||^2 + alpha, 0).
    """
    anchor, positive, negative = y_pred[0], y_pred[1], y_pred[2]
    pos_dist = tf.reduce_sum(tf.square(anchor - positive), axis=-1)      # (m,)
    neg_dist = tf.reduce_sum(tf.square(anchor - negative), axis=-1)      # (m,)
    basic_loss = pos_dist - neg_dist + alpha
    return tf.reduce_sum(tf.maximum(basic_loss, 0.0))


def load_face(image_path):
    """A face photo as the embedder takes it: float32 (64, 64, 3) in [0, 1]."""
    from PIL import Image

    with Image.open(image_path) as image:
        pixels = np.asarray(image.convert("RGB").resize(INPUT_SHAPE[:2][::-1], Image.BILINEAR))
    return pixels.astype(np.float32) / 255


def img_to_encoding(image_path, model):
    """The encoding of the face in an image file, shape (1, 128), of length 1."""
    x = load_face(image_path)[None]                                     # (1, 64, 64, 3)
    embedding = np.asarray(model.predict_on_batch(x))                   # (1, 128)
    return embedding / np.linalg.norm(embedding, ord=2)


def verify(image_path, identity, database, model, threshold=None):
    """Is the person in image_path the one they claim to be?

    Args:
        image_path: the camera's photo of the person at the door.
        identity: the name they claim, a key of database.
        database: {name: encoding of shape (1, 128)}.
        model: the embedder.
        threshold: the largest distance that still opens the door (pretrained_threshold() when None).
    Returns:
        dist: the distance between the photo's encoding and the claimed person's.
        door_open: True when dist < threshold.
    """
    threshold = pretrained_threshold() if threshold is None else threshold
    encoding = img_to_encoding(image_path, model)
    dist = np.linalg.norm(encoding - database[identity])
    door_open = bool(dist < threshold)
    if door_open:
        print("It's " + str(identity) + ", welcome in!")
    else:
        print("It's not " + str(identity) + ", please go away")
    return dist, door_open


def who_is_it(image_path, database, model, threshold=None):
    """Who in the database is the person in image_path, if anyone?

    Returns:
        min_dist: the distance to the closest encoding of the database.
        identity: the name of that closest person (returned even when above the threshold).
    """
    threshold = pretrained_threshold() if threshold is None else threshold
    encoding = img_to_encoding(image_path, model)
    min_dist, identity = 100, None
    for name, db_enc in database.items():
        dist = np.linalg.norm(encoding - db_enc)
        if dist < min_dist:
            min_dist, identity = dist, name
    if min_dist > threshold:
        print("Not in the database.")
    else:
        print("it's " + str(identity) + ", the distance is " + str(min_dist))
    return min_dist, identity


def face_embedder_model(input_shape=INPUT_SHAPE, embedding_size=EMBEDDING_SIZE, width=32):
    """A small convolutional embedder: three stages of two 3x3 convolutions (the first of each
    with stride 2: 64 -> 32 -> 16 -> 8 pixels) of width, 2 width and 4 width filters, each followed
    by batch normalization (momentum 0.9) and ReLU; global average pooling, a dense layer to
    `embedding_size` and L2 normalization, so every encoding has length 1. With the defaults
    304,864 parameters.
    """
    inputs = keras.Input(shape=input_shape)
    x = inputs
    for filters in (width, 2 * width, 4 * width):
        for strides in (2, 1):
            x = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)(x)
            x = layers.BatchNormalization(momentum=0.9)(x)
            x = layers.ReLU()(x)
    x = layers.GlobalAveragePooling2D()(x)                                 # (m, 4 width)
    x = layers.Dense(embedding_size)(x)
    outputs = layers.UnitNormalization(axis=-1)(x)
    return keras.Model(inputs, outputs, name="face_embedder")


def pairwise_distances(encodings):
    """Euclidean distances between all rows of encodings (n, d): (n, n), in NumPy."""
    squared = np.sum(encodings ** 2, axis=1)
    d2 = squared[:, None] + squared[None, :] - 2 * encodings @ encodings.T   # (n, n)
    return np.sqrt(np.maximum(d2, 0))


def verification_pairs(labels, seed=0):
    """Every pair of photos of the same identity, and as many pairs of different ones.

    Returns (first, second, same): index arrays into labels and a bool array, all (n_pairs,).
    """
    labels = np.asarray(labels)
    i, j = np.triu_indices(len(labels), k=1)
    same = labels[i] == labels[j]
    rng = np.random.default_rng(seed)
    different = rng.choice(np.flatnonzero(~same), size=int(same.sum()), replace=False)
    chosen = np.sort(np.concatenate([np.flatnonzero(same), different]))
    return i[chosen], j[chosen], same[chosen]


def choose_threshold(distances, same):
    """The distance threshold that classifies the most pairs right (dist < threshold: same),
    placed half-way between two neighbouring distances. Returns (threshold, accuracy)."""
    order = np.argsort(distances)
    d, s = np.asarray(distances)[order], np.asarray(same)[order]
    # Threshold just above d[k]: pairs 0..k called same, the rest different.
    correct = np.cumsum(s) + (np.sum(~s) - np.cumsum(~s))
    k = int(np.argmax(correct))
    upper = d[k + 1] if k + 1 < len(d) else d[k] + 1e-3
    return float((d[k] + upper) / 2), float(correct[k] / len(d))


def verification_accuracy(distances, same, threshold):
    """The fraction of pairs classified right by dist < threshold."""
    return float(np.mean((np.asarray(distances) < threshold) == np.asarray(same)))


def batch_hard_triplet_loss(labels, embeddings, alpha=0.2):
    """Triplet loss with batch-hard mining (Hermans et al., 2017), averaged over the anchors.

    labels (B,) identity numbers; embeddings (B, d) of length 1. For each anchor, its furthest
    positive and its closest negative in the batch form the triplet.
    """
    labels = tf.reshape(tf.cast(labels, tf.int32), [-1])
    d2 = tf.maximum(2.0 - 2.0 * tf.matmul(embeddings, embeddings, transpose_b=True), 0.0)   # (B, B)
    same = tf.equal(labels[:, None], labels[None, :])                        # (B, B)
    hardest_pos = tf.reduce_max(tf.where(same, d2, 0.0), axis=1)
    hardest_neg = tf.reduce_min(tf.where(same, 4.0, d2), axis=1)
    return tf.reduce_mean(tf.maximum(hardest_pos - hardest_neg + alpha, 0.0))


def semi_hard_triplet_loss(labels, embeddings, alpha=0.2):
    """Triplet loss with semi-hard mining (Schroff et al., 2015), averaged over the positive pairs.

    labels (B,) identity numbers; embeddings (B, d) of length 1; squared distances. For every
    anchor-positive pair (a, p) of the batch, the negative is the closest one that is still further
    from the anchor than p (semi-hard: inside the margin, or just outside it); when there is none,
    the furthest negative. Unlike batch-hard mining, this does not pull the encodings of a fresh
    network together into one point.
    """
    labels = tf.reshape(tf.cast(labels, tf.int32), [-1])
    d2 = tf.maximum(2.0 - 2.0 * tf.matmul(embeddings, embeddings, transpose_b=True), 0.0)   # (B, B)
    same = tf.equal(labels[:, None], labels[None, :])                        # (B, B)
    positive = tf.logical_and(same, tf.logical_not(tf.eye(tf.shape(labels)[0], dtype=tf.bool)))
    d_an = d2[:, None, :]                                                     # (B, 1, B): anchor, -, negative
    further = tf.logical_and(tf.logical_not(same)[:, None, :], d_an > d2[:, :, None])        # (B, B, B)
    closest_further = tf.reduce_min(tf.where(further, d_an, 5.0), axis=2)    # (B, B): per (a, p)
    furthest = tf.reduce_max(tf.where(same, -1.0, d2), axis=1, keepdims=True)     # (B, 1)
    negative = tf.where(tf.reduce_any(further, axis=2), closest_further, furthest)
    losses = tf.maximum(d2 - negative + alpha, 0.0)                           # (B, B)
    weights = tf.cast(positive, losses.dtype)
    return tf.reduce_sum(losses * weights) / tf.maximum(tf.reduce_sum(weights), 1.0)


def pretrained_threshold():
    """The threshold chosen on held-out identities by `python -m utils.pretrain face_embedder`."""
    from utils.manifest import read_manifest

    entry = read_manifest().get("pretrained/face_embedder.weights.h5")
    if entry is None:
        return ORIGINAL_THRESHOLD
    return float(entry["training"]["threshold"])
