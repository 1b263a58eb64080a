"""`mobilenet_source`: the MobileNetV2 backbone of course4_cnn/w2_a2_transfer_learning_mobilenet.

The base is `keras.applications.MobileNetV2(weights=None, include_top=False, alpha=0.35,
input_shape=(64, 64, 3))`, exactly as the notebook builds it. It is trained here as an 18-class
classifier (base, global average pooling, dropout, a dense softmax layer) on the source set of
`utils/datagen/transfer.py`: cats, dogs, small mammals, birds, horses, sheep, camels, giraffes,
fish, faces, hands, cars, houses, trees, flowers, chairs, cups and bottles, landscapes. No class is an
alpaca, the notebook's target. Only the base is saved; the notebook puts its own head on it.

The pictures are drawn in memory (about 10 ms each, in parallel on every core) and never
shipped. The inputs go through `mobilenet_v2.preprocess_input` (pixels 0-255 to [-1, 1]), as in
the notebook. The held-out figure is the accuracy on a tenth of the source set that training
never sees.
"""

import os
import sys

import numpy as np

from utils.datagen import transfer
from utils.pretrain import time_left_callback

DESCRIPTION = ("MobileNetV2 base (alpha 0.35, 64x64x3 inputs, no top) pretrained on the 18-class "
               "source set of utils/datagen/transfer.py; loaded by "
               "course4_cnn/w2_a2_transfer_learning_mobilenet.ipynb.")
ALPHA = 0.35
IMAGE_SHAPE = (64, 64, 3)
PER_CLASS = 1300           # pictures of each source class, a tenth of them held out
HELD_OUT = 0.1
EPOCHS = 7
BATCH_SIZE = 64
LEARNING_RATE = 2e-3       # Adam's, decayed to 0 along a cosine over the run
DROPOUT = 0.2
BN_MOMENTUM = 0.99         # of the BatchNormalization layers' moving statistics while training
BN_BATCHES = 50            # training batches whose statistics the saved moving ones average


def _keras():
    from utils.notebook import import_tensorflow

    tf = import_tensorflow()
    import keras

    return tf, keras


def build_model():
    """The base whose weights are saved, built as the notebook builds it."""
    _, keras = _keras()
    return keras.applications.MobileNetV2(input_shape=IMAGE_SHAPE, include_top=False,
                                          weights=None, alpha=ALPHA)


def classifier(base, classes):
    """The pretraining model: preprocess_input, the base, pooling, dropout, softmax logits."""
    _, keras = _keras()
    inputs = keras.Input(shape=IMAGE_SHAPE)
    x = keras.applications.mobilenet_v2.preprocess_input(inputs)
    x = base(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dropout(DROPOUT)(x)
    outputs = keras.layers.Dense(classes)(x)
    return keras.Model(inputs, outputs, name="source_classifier")


def recalibrate_batch_norm(net, batch_norms, dataset, batches):
    """Set the moving mean and variance of every layer in `batch_norms` to their plain average
    over `batches` training batches of the final weights, the statistics that inference mode
    (the notebook's frozen base) then uses. Only those statistics change."""
    for count, (x, _) in enumerate(dataset.take(batches), start=1):
        for layer in batch_norms:
            layer.momentum = (count - 1) / count       # moving value = mean of the batches so far
        net(x, training=True)
    for layer in batch_norms:
        layer.momentum = BN_MOMENTUM


def train(model, smoke=False, seed=0):
    tf, keras = _keras()
    per_class, epochs = (4, 1) if smoke else (PER_CLASS, EPOCHS)
    workers = 1 if smoke else max(1, os.cpu_count() or 1)
    images, labels = transfer.source_set(per_class, seed=seed, workers=workers)
    held = int(round(HELD_OUT * len(labels)))
    train_x, train_y = images[:-held], labels[:-held]
    test_x, test_y = images[-held:], labels[-held:]

    def dataset(x, y, shuffle):
        ds = tf.data.Dataset.from_tensor_slices((x, y))
        if shuffle:
            ds = ds.shuffle(len(y), seed=seed, reshuffle_each_iteration=True)
        return ds.batch(BATCH_SIZE).map(lambda a, b: (tf.cast(a, tf.float32), b)).prefetch(2)

    net = classifier(model, len(transfer.SOURCE_CLASSES))
    batch_norms = [layer for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization)]
    for layer in batch_norms:
        # keras.applications builds them with momentum 0.999: their moving statistics would
        # still mostly hold the first steps' values after 2,000 steps (this file's first build
        # scored chance on held-out pictures, in inference mode, at 94% training accuracy).
        layer.momentum = BN_MOMENTUM
    steps = epochs * int(np.ceil(len(train_y) / BATCH_SIZE))
    schedule = keras.optimizers.schedules.CosineDecay(LEARNING_RATE, decay_steps=steps)
    net.compile(optimizer=keras.optimizers.Adam(schedule),
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                metrics=["accuracy"],
                run_eagerly=smoke)       # a smoke run skips the graph tracing, most of its time
    train_ds = dataset(train_x, train_y, shuffle=True)
    if smoke:
        train_ds = train_ds.take(2)
    history = net.fit(train_ds, epochs=epochs, shuffle=False, verbose=1 if sys.stdout.isatty() else 2,
                      callbacks=[time_left_callback(epochs)])
    recalibrate_batch_norm(net, batch_norms, dataset(train_x, train_y, shuffle=True),
                           2 if smoke else BN_BATCHES)
    _, accuracy = net.evaluate(dataset(test_x, test_y, shuffle=False), verbose=0)
    return {
        "held_out_accuracy": float(accuracy),
        "held_out_chance": float(1 / len(transfer.SOURCE_CLASSES)),
        "final_training_loss": float(history.history["loss"][-1]),
        "epochs": epochs,
        "training_examples": int(len(train_y)),
        "held_out_examples": int(len(test_y)),
        "classes": len(transfer.SOURCE_CLASSES),
        "batch_size": BATCH_SIZE,
    }
