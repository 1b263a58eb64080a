"""ML strategy (course3_structuring_ml/w1_a1_ml_strategy_case_study): the reference exercises and
the notebook's given helpers, over the `bird_cameras` set (DATA.md; `data.load_bird_cameras`).

The exercises, as the notebook's solutions: `precision`, `recall`, `f1_score` (with their edge
cases: no predicted positives gives a precision of 0, no actual positives a recall of 0, and
precision + recall = 0 an F1 of 0), `choose_model` (the best F1 among the models that meet every
satisficing metric), `split_data` (train, dev and test indices, dev and test from the target
source only) and `diagnose` (avoidable bias, variance and the verdict).

The given helpers: `prepare` (frames to centred float inputs), the detectors the case study
trains (`small_detector`), `train_detector`, `predict`, `error_rate`,
`false_alarms_per_1000` and `runtime_ms`, the running time on the cameras' chip estimated from a
model's multiply-adds. Keras is imported only by the functions that build or train models.

Also the references of week 2 (course3_structuring_ml/w2_a1_error_analysis_and_mismatch, whose
given helpers are in utils.nn.mismatch): `error_analysis`, `error_buckets` and `multi_task_loss`
(keras.ops, so that the same function trains a network).
"""

import numpy as np

VERDICTS = ("focus on bias", "focus on variance", "both", "near human level")
TOLERANCE = 0.01            # a gap of at most one point of error counts as closed
CHIP_MADDS_PER_MS = 1.0e6   # multiply-adds per millisecond of the cameras' chip (an assumed figure)


def _keras():
    from utils.notebook import import_tensorflow

    import_tensorflow()
    import keras

    return keras


# ---------------------------------------------------------------------------------------------
# Exercises (the notebook's solutions)


def precision(y_true, y_pred):
    """Share of the predicted birds that are birds: TP / (TP + FP); 0.0 with no predicted bird.

    Args:
        y_true: true labels in {0, 1}, shape (m,).   y_pred: predicted labels in {0, 1}, shape (m,).
    Returns:
        a float.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    true_positives = np.sum((y_pred == 1) & (y_true == 1))
    predicted_positives = np.sum(y_pred == 1)
    if predicted_positives == 0:
        return 0.0
    return float(true_positives / predicted_positives)


def recall(y_true, y_pred):
    """Share of the birds that were found: TP / (TP + FN); 0.0 when there is no bird."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    true_positives = np.sum((y_pred == 1) & (y_true == 1))
    actual_positives = np.sum(y_true == 1)
    if actual_positives == 0:
        return 0.0
    return float(true_positives / actual_positives)


def f1_score(y_true, y_pred):
    """Harmonic mean of precision and recall, 2 P R / (P + R); 0.0 when P + R is 0."""
    p, r = precision(y_true, y_pred), recall(y_true, y_pred)
    if p + r == 0:
        return 0.0
    return float(2 * p * r / (p + r))


def choose_model(table, max_runtime_ms, max_false_alarms):
    """The name of the model with the best F1 among those that meet both satisficing metrics.

    Args:
        table: a list of dicts, one per model, with keys "name" (str), "f1", "runtime_ms" and
            "false_alarms" (false alarms per 1000 frames), all floats.
        max_runtime_ms, max_false_alarms: the limits; a model exactly at a limit meets it.
    Returns:
        the "name" of the chosen row (the first in table order on a tie), or None when no row
        meets both limits.
    """
    best = None
    for row in table:
        if row["runtime_ms"] <= max_runtime_ms and row["false_alarms"] <= max_false_alarms:
            if best is None or row["f1"] > best["f1"]:
                best = row
    return None if best is None else best["name"]


def split_data(sources, dev_size, test_size, seed=0, target="city"):
    """Indices of the train, dev and test sets: dev and test from the target source only.

    Args:
        sources: the source of each frame, shape (m,) of str (e.g. "city" or "web").
        dev_size, test_size: frames in dev and in test.
        seed: seeds np.random.default_rng, which shuffles the target frames.
        target: the source the system will work on.
    Returns:
        (train_idx, dev_idx, test_idx), int arrays: the first dev_size shuffled target frames
        are dev, the next test_size are test, and train holds every other frame, the remaining
        target frames and all frames of other sources.
    """
    sources = np.asarray(sources)
    rng = np.random.default_rng(seed)
    target_idx = rng.permutation(np.flatnonzero(sources == target))
    dev_idx = target_idx[:dev_size]
    test_idx = target_idx[dev_size:dev_size + test_size]
    others = np.flatnonzero(sources != target)
    train_idx = np.concatenate([target_idx[dev_size + test_size:], others])
    return train_idx, dev_idx, test_idx


def diagnose(human_error, train_error, dev_error, tolerance=TOLERANCE):
    """Avoidable bias, variance and what to work on.

    Human-level error stands in for the Bayes error. avoidable_bias = train_error - human_error
    and variance = dev_error - train_error. A gap of at most `tolerance` is closed. Verdict:
    "near human level" when both are closed; "focus on bias" or "focus on variance" when only
    that one is open, or when both are open and it is at least twice the other; else "both".
    Returns:
        (avoidable_bias, variance, verdict): two floats and one of VERDICTS.
    """
    avoidable_bias = train_error - human_error
    variance = dev_error - train_error
    bias_open, variance_open = avoidable_bias > tolerance, variance > tolerance
    if not bias_open and not variance_open:
        verdict = "near human level"
    elif bias_open and (not variance_open or avoidable_bias >= 2 * variance):
        verdict = "focus on bias"
    elif variance_open and (not bias_open or variance >= 2 * avoidable_bias):
        verdict = "focus on variance"
    else:
        verdict = "both"
    return float(avoidable_bias), float(variance), verdict


# ---------------------------------------------------------------------------------------------
# Given helpers


def prepare(images):
    """Frames (m, 32, 32, 3) uint8 -> float32 in [-1, 1], each channel minus the frame's median,
    so the sky is about 0 whatever the weather and what flies in it stands out."""
    x = np.asarray(images, dtype=np.float32) / 255.0
    return x - np.median(x, axis=(1, 2), keepdims=True)                  # (m, 32, 32, 3)


def small_detector(filters=16):
    """Two convolutions (5x5 then 3x3) with a 2x2 pooling between them and a max over the frame."""
    keras = _keras()
    layers = keras.layers
    return keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(filters, 5, activation="relu"),
                             layers.MaxPooling2D(2), layers.Conv2D(filters, 3, activation="relu"),
                             layers.GlobalMaxPooling2D(), layers.Dense(1, activation="sigmoid")],
                            name=f"small_{filters}")


def train_detector(model, X, y, epochs, seed=1, learning_rate=0.01, batch_size=32,
                   loss="binary_crossentropy"):
    """Train a detector with Adam on `loss` (binary cross-entropy unless given), seeded; returns the
    model."""
    keras = _keras()
    keras.utils.set_random_seed(seed)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss)
    model.fit(X, y, epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0)
    return model


def predict(model, X, threshold=0.5):
    """0/1 predictions, shape (m,): 1 when the model's probability of a bird is >= threshold."""
    return (model.predict(X, batch_size=512, verbose=0)[:, 0] >= threshold).astype(np.int64)


def error_rate(y_true, y_pred):
    """Share of frames whose predicted label is wrong."""
    return float(np.mean(np.asarray(y_true) != np.asarray(y_pred)))


def false_alarms_per_1000(y_true, y_pred):
    """Frames without a bird that the detector calls a bird, per 1000 frames."""
    return float(1000 * np.mean((np.asarray(y_pred) == 1) & (np.asarray(y_true) == 0)))


def multiply_adds(model):
    """Multiply-adds of one forward pass through the model's Conv2D and Dense layers."""
    total = 0
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Conv2D":
            _, h, w, filters = layer.output.shape
            kh, kw, channels, _ = layer.kernel.shape
            total += h * w * filters * kh * kw * channels
        elif kind == "Dense":
            total += int(np.prod(layer.kernel.shape))
    return int(total)


def runtime_ms(model):
    """Estimated milliseconds per frame on the cameras' chip (CHIP_MADDS_PER_MS)."""
    return multiply_adds(model) / CHIP_MADDS_PER_MS


# ---------------------------------------------------------------------------------------------
# Week 2 (course3_structuring_ml/w2_a1_error_analysis_and_mismatch): the
# reference exercises its grader compares with


def error_analysis(mistakes, tags):
    """Tally tagged dev mistakes and rank the tags by how many mistakes they explain.

    Args:
        mistakes: bool array of shape (m,), True where the model is wrong on dev example i.
        tags: dict tag -> bool array of shape (m,), True where example i carries the tag (an
            example may carry several tags, or none).
    Returns:
        a list of dicts {"tag": str, "count": int, "ceiling": float}, one per tag, ranked by count
        (largest first; ties keep the order of `tags`): count = mistakes carrying the tag; ceiling
        = count / m, the most the dev error could fall by fixing every mistake of that tag.
    """
    mistakes = np.asarray(mistakes, dtype=bool)
    m = mistakes.shape[0]
    rows = []
    for tag, carried in tags.items():
        count = int(np.sum(mistakes & np.asarray(carried, dtype=bool)))
        rows.append({"tag": tag, "count": count, "ceiling": count / m if m else 0.0})
    return sorted(rows, key=lambda row: -row["count"])          # sorted is stable: ties keep order


def error_buckets(human_error, train_error, train_dev_error, dev_error, test_error):
    """The four gaps between successive errors, each pointing at its own remedy.

    Returns:
        a dict of floats: "avoidable_bias" = train - human; "variance" = train_dev - train (same
        distribution, unseen examples); "data_mismatch" = dev - train_dev (the target
        distribution); "overfitting_to_dev" = test - dev.
    """
    return {"avoidable_bias": float(train_error - human_error),
            "variance": float(train_dev_error - train_error),
            "data_mismatch": float(dev_error - train_dev_error),
            "overfitting_to_dev": float(test_error - dev_error)}


def multi_task_loss(y_true, y_pred, epsilon=1e-7):
    """Binary cross-entropy summed over the tasks whose label is present, averaged over examples.

    Args:
        y_true: labels of shape (m, n_tasks) in {0, 1}, or -1 where the label is missing.
        y_pred: probabilities of shape (m, n_tasks), clipped to [epsilon, 1 - epsilon].
    Returns:
        the loss (1/m) sum_i sum_{j: y_ij != -1} -[y_ij log p_ij + (1 - y_ij) log(1 - p_ij)], a
        scalar tensor of keras.ops (a float for NumPy inputs after float(...)).
    """
    from keras import ops

    y_true = ops.cast(y_true, "float32")
    y_pred = ops.clip(ops.cast(y_pred, "float32"), epsilon, 1 - epsilon)
    present = ops.cast(ops.not_equal(y_true, -1.0), "float32")                  # (m, n_tasks)
    losses = -(y_true * ops.log(y_pred) + (1 - y_true) * ops.log(1 - y_pred))    # (m, n_tasks)
    return ops.sum(losses * present) / ops.cast(ops.shape(y_true)[0], "float32")
