"""The date translator with attention: `python -m utils.pretrain nmt_dates`.

course5_sequence_models/w3_a1_neural_machine_translation.ipynb builds its model with `modelf`
(a Bi-LSTM of n_a = 32 units, the attention block and a post-attention LSTM of n_s = 64 units
shared over Ty = 10 steps, Tx = 30; utils.nn.nmt.modelf is the reference), trains it for one
epoch to show the loss falling, then loads these weights: the same model trained for EPOCHS
epochs on the 10,000 training dates of DATA.md `dates`.

Training: Adam at 0.005 (beta_1 0.9, beta_2 0.999) with the original's Keras 2 style decay, here
DECAY = 0.001 per step (the rate is 0.005 / (1 + 0.001 * step)), batches of 100, categorical
cross-entropy summed over the 10 outputs. The held-out figure is the exact-match accuracy (all 10
characters right) on the 1,000 test dates, which no training string shares.
"""

import numpy as np

DESCRIPTION = ("The notebook's attention model (Bi-LSTM 32, attention, post-attention LSTM 64, Tx 30, Ty 10) "
               "trained on the 10,000 training dates; loaded by "
               "course5_sequence_models/w3_a1_neural_machine_translation.ipynb.")
EPOCHS = 40
BATCH_SIZE = 100
LEARNING_RATE = 0.005
DECAY = 0.001


def build_model():
    """The notebook's modelf with fresh shared layers."""
    from utils.nn import nmt

    human_vocab, machine_vocab, _ = nmt.vocabularies()
    layers = nmt.shared_layers(nmt.TX, nmt.N_S, len(machine_vocab))
    return nmt.modelf(nmt.TX, nmt.TY, nmt.N_A, nmt.N_S, len(human_vocab), len(machine_vocab), layers)


def train_translator(model, smoke=False):
    """Train a translator (attention or not) on the training dates in place; return its figures."""

    from utils.nn import nmt

    dataset, human_vocab, machine_vocab, inv_machine_vocab = nmt.load_dataset(10_000)
    _, _, Xoh, Yoh = nmt.preprocess_data(dataset, human_vocab, machine_vocab, nmt.TX, nmt.TY)
    test = nmt.read_dates("test")
    validation = nmt.read_dates("validation")
    epochs = EPOCHS
    if smoke:
        Xoh, Yoh, epochs, test, validation = Xoh[:200], Yoh[:200], 1, test[:50], validation[:50]
    model.compile(optimizer=nmt.Adam(lr=LEARNING_RATE, beta_1=0.9, beta_2=0.999, decay=DECAY),
                  loss="categorical_crossentropy")
    zeros = np.zeros((len(Xoh), nmt.N_S), dtype=np.float32)
    callbacks = [] if smoke else [_progress(epochs)]
    history = model.fit([Xoh, zeros, zeros], list(Yoh.swapaxes(0, 1)), epochs=epochs,
                        batch_size=BATCH_SIZE, shuffle=True, verbose=0, callbacks=callbacks)
    figures = {}
    for name, examples in (("test", test), ("validation", validation)):
        formats, humans, truths = zip(*examples)
        predictions = nmt.translate(model, list(humans), human_vocab, inv_machine_vocab)
        _, accuracy = nmt.exact_match_by_format(formats, truths, predictions)
        figures[f"{name} exact-match accuracy ({len(examples):,} dates)"] = accuracy
    losses = history.history["loss"]
    figures.update({"epochs": epochs, "training dates": len(Xoh),
                    "first epoch loss (sum of 10 steps)": float(losses[0]),
                    "last epoch loss (sum of 10 steps)": float(losses[-1])})
    return figures


def _progress(epochs):
    from utils.pretrain import time_left_callback

    return time_left_callback(epochs)


def train(model, smoke=False, seed=0):
    return train_translator(model, smoke=smoke)
