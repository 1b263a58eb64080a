"""Pretrained assets: one module per weight file, run with `python -m utils.pretrain NAME`.

Training that would not fit in a notebook's two minutes is done once, here, on the 2-core CPU,
and shipped as `datasets/pretrained/NAME.weights.h5` (the Keras 3 weights format). Each asset
module defines:

    DESCRIPTION: one line: what the weights are and which notebook loads them.
    build_model(): the Keras model whose weights are saved, built exactly as the notebook builds
        it (the learner's model must match it layer for layer before the weights are loaded).
    train(model, smoke=False, seed=0): trains `model` in place, seeded (and deterministic unless
        OP_DETERMINISM is False), and returns its figures as {name: value} (the held-out
        accuracy first, then the epochs, the number of training examples, ...). With
        `smoke=True` it runs a few steps on a few examples, in seconds, so that a test can prove
        the script still works.
    OP_DETERMINISM, optional (default True): False turns TensorFlow's op determinism off, for an
        asset where it costs more time than the budget allows; the run is then seeded but a
        rebuild is not byte-identical, and the asset's card says so.
    extra_files(out_dir, model, figures), optional: writes the files that go with the weights
        (a detector's anchors and class names) under out_dir, next to the weights, and returns
        their paths; a full run records each in the manifest, a smoke run writes them to its
        temporary folder.

An asset that is not Keras weights (the word vectors, a text file) defines instead:

    FILE: its path relative to datasets/ (e.g. "pretrained/word_vectors.50d.txt");
    write(out_dir, smoke=False, seed=0): trains and writes FILE under out_dir (through a temporary
        name, deterministically for a seed) and returns (path, figures, number of parameters);
    check_file(path), optional: raises if a written file does not load back (used by --smoke).

`python -m utils.pretrain NAME` seeds everything, builds and trains the model, writes the file
through a temporary name (Ctrl-C never leaves a half-written file), records its SHA-256 and the
training figures in datasets/MANIFEST.json, and writes them into the generated section of the
asset's data card, datasets/cards/NAME.md. `python -m utils.pretrain list` shows every asset.
Notebooks load the weights with `utils.data.load_pretrained(NAME, model)`.
"""

import importlib
import time

ASSETS = {
    # name: module under utils.pretrain
    "resnet50_signs": "resnet50_signs",
    "mobilenet_source": "mobilenet_source",
    "unet_road": "unet_road",
    "yolo_road": "yolo_road",
    "face_embedder": "face_embedder",
    "music_lstm": "music_lstm",
    "char_lstm_docs": "char_lstm_docs",
    "word_vectors": "word_vectors",
    "nmt_dates": "nmt_dates",
    "nmt_dates_no_attention": "nmt_dates_no_attention",
    "trigger_word": "trigger_word",
    "transformer_dates": "transformer_dates",
    "transformer_ner": "transformer_ner",
    "transformer_qa": "transformer_qa",
}


def asset_module(name):
    """The module of a pretrained asset; a clear error for an unknown name."""
    if name not in ASSETS:
        known = ", ".join(ASSETS) or "none yet"
        raise KeyError(f"no pretrained asset named {name!r}; known: {known}")
    return importlib.import_module(f"utils.pretrain.{ASSETS[name]}")


def weights_relpath(name):
    """Where an asset's weights live, relative to datasets/."""
    return f"pretrained/{name}.weights.h5"


def asset_relpath(name):
    """Where an asset's file lives, relative to datasets/: its module's FILE, or the weights."""
    return getattr(asset_module(name), "FILE", None) or weights_relpath(name)


def duration(seconds):
    """'42 s', '3 min 05 s' or '1 h 02 min'."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def time_left_callback(total_epochs):
    """A Keras callback that prints, after every epoch, the time spent and an estimate of the
    time left for the whole run (Keras's own bar shows the progress within an epoch)."""
    import keras

    class TimeLeft(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            spent = time.perf_counter() - self.start
            done = epoch + 1
            left = spent / done * (total_epochs - done)
            figures = ", ".join(f"{key} {value:.4f}" for key, value in (logs or {}).items())
            print(f"epoch {done}/{total_epochs} ({figures}): {duration(spent)} spent, "
                  f"about {duration(left)} left", flush=True)

    return TimeLeft()
