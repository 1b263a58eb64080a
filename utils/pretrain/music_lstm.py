"""The music LSTM trained on the Bach chorale melodies: `python -m utils.pretrain music_lstm`.

course5_sequence_models/w1_a3_music_generation_lstm.ipynb trains its `djmodel` for a few epochs
to show the loss falling, then loads these weights, the same model trained for EPOCHS epochs, to
generate melodies. The model is the notebook's: n_values = 112 values, n_a = 64, Tx = 30, the
shared Reshape, LSTM and Dense layers unrolled over 30 steps (utils.nn.music.djmodel).

Training: windows of 31 values every 8 values of the chorales (utils.nn.music.music_training_data),
one chorale in ten held out (those whose index in the file is a multiple of 10); Adam at 0.01 as
the original course, batches of 64, categorical cross-entropy summed over the 30 outputs. The
held-out figure is the share of next values predicted right (argmax) on the held-out windows.
"""

import numpy as np

DESCRIPTION = ("The notebook's djmodel (Reshape, LSTM of 64 units, Dense softmax over 112 values, "
               "unrolled over 30 steps) trained on Bach chorale melodies; loaded by "
               "course5_sequence_models/w1_a3_music_generation_lstm.ipynb.")
TX = 30
N_A = 64
EPOCHS = 40
BATCH_SIZE = 64
LEARNING_RATE = 0.01
STRIDE = 8


def _data():
    from utils import data

    return data.load_music()


def build_model():
    """The notebook's djmodel with fresh shared layers."""
    from utils.nn import music

    n_values = len(_data()["vocabulary"])
    reshaper, LSTM_cell, densor = music.shared_layers(n_values, N_A)
    return music.djmodel(TX, LSTM_cell, densor, reshaper)


def train(model, smoke=False, seed=0):
    import keras

    from utils.nn import music

    music_data = _data()
    n_values = len(music_data["vocabulary"])
    pieces = music_data["pieces"]
    train_pieces = [p for i, p in enumerate(pieces) if i % 10]
    held_out = [p for i, p in enumerate(pieces) if i % 10 == 0]
    X, Y = music.music_training_data(train_pieces, n_values, Tx=TX, stride=STRIDE)
    Xh, Yh = music.music_training_data(held_out, n_values, Tx=TX, stride=STRIDE)
    epochs = EPOCHS
    if smoke:
        X, Y, epochs = X[:16], Y[:, :16], 1
    zeros = np.zeros((len(X), N_A), dtype=np.float32)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE),
                  loss="categorical_crossentropy")
    history = model.fit([X, zeros, zeros], list(Y), epochs=epochs, batch_size=BATCH_SIZE, shuffle=True,
                        verbose=0)
    zeros_h = np.zeros((len(Xh), N_A), dtype=np.float32)
    predicted = np.stack(model.predict([Xh, zeros_h, zeros_h], batch_size=256, verbose=0))  # (Tx, m, n)
    accuracy = float(np.mean(predicted.argmax(-1) == Yh.argmax(-1)))
    losses = history.history["loss"]
    return {"held-out next-value accuracy": accuracy, "epochs": epochs, "training windows": len(X),
            "held-out windows": len(Xh), "first epoch loss (sum of 30 steps)": float(losses[0]),
            "last epoch loss (sum of 30 steps)": float(losses[-1])}
