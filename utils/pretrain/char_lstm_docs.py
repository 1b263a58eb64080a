"""The character-level LSTM on Python's documentation: `python -m utils.pretrain char_lstm_docs`.

course5_sequence_models/w1_a2_character_level_language_model.ipynb builds
`char_lstm_model(vocab_size)` (utils.nn.char_rnn: one LSTM of N_A units returning its whole
sequence, then a Dense softmax over the characters), loads these weights, trains them a little
more and generates text from a prompt. The text is `datasets/python_docs.txt` (utils/datagen/
python_docs.py): paragraphs of the documentation's prose, one a line; one paragraph in ten is
held out (utils.nn.char_rnn.split_paragraphs), the rest is cut into windows of SEQ_LENGTH
characters every STEP characters, and the model learns the next character at every position.

Training: Adam (learning rate LEARNING_RATE, falling along a cosine to a tenth of it), batches
of BATCH_SIZE, EPOCHS epochs, sparse categorical cross-entropy. The held-out figures (the mean
cross-entropy per character, in nats, and the share of next characters predicted right) are
measured once, after training, on windows of the held-out paragraphs.
"""

import sys

import numpy as np

DESCRIPTION = ("One LSTM of 128 units and a Dense softmax over the 48 characters, trained to predict "
               "the next character of Python's documentation prose; loaded by "
               "course5_sequence_models/w1_a2_character_level_language_model.ipynb.")
N_A = 128
SEQ_LENGTH = 100
STEP = 50
EPOCHS = 40
BATCH_SIZE = 64
LEARNING_RATE = 0.003


def vocabulary():
    """(char_to_ix, ix_to_char) of the shipped text: its characters, sorted."""
    from utils import data

    chars = sorted(set(data.load_python_docs()))
    return {ch: i for i, ch in enumerate(chars)}, dict(enumerate(chars))


def build_model():
    from utils.nn.char_rnn import char_lstm_model

    return char_lstm_model(len(vocabulary()[0]), n_a=N_A)


def train(model, smoke=False, seed=0):
    import keras

    from utils import data
    from utils.nn.char_rnn import split_paragraphs, text_windows
    from utils.pretrain import time_left_callback

    char_to_ix, _ = vocabulary()
    training, held_out = split_paragraphs(data.load_python_docs())
    X, Y = text_windows(training, char_to_ix, SEQ_LENGTH, STEP)
    X_held, Y_held = text_windows(held_out, char_to_ix, SEQ_LENGTH, SEQ_LENGTH)
    epochs = EPOCHS
    if smoke:
        X, Y, X_held, Y_held, epochs = X[:32], Y[:32], X_held[:8], Y_held[:8], 1
    steps = epochs * int(np.ceil(len(X) / BATCH_SIZE))
    schedule = keras.optimizers.schedules.CosineDecay(LEARNING_RATE, decay_steps=steps, alpha=0.1)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(X, Y, batch_size=BATCH_SIZE, epochs=epochs, shuffle=True,
                        verbose=1 if sys.stdout.isatty() else 2,
                        callbacks=[] if smoke else [time_left_callback(epochs)])
    held_loss, held_accuracy = model.evaluate(X_held, Y_held, batch_size=256, verbose=0)
    model.optimizer = None           # ship the weights alone, without Adam's moments
    return {"held-out cross-entropy (nats per character)": float(held_loss),
            "held-out next-character accuracy": float(held_accuracy),
            "epochs": epochs, "training windows": len(X), "held-out windows": len(X_held),
            "first epoch loss": float(history.history["loss"][0]),
            "last epoch loss": float(history.history["loss"][-1])}
