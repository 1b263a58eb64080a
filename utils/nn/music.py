"""Keras and NumPy: melody generation with one LSTM cell unrolled by hand (course5_sequence_models/w1_a3).

A melody is a sequence of *values* (see utils/datagen/music.py): one per note or rest, a pitch
and a duration such as "E5:1.0", each a one-hot vector of length n_values. Three layers are
made once and shared by every time step:

    reshaper = Reshape((1, n_values))            # one value (m, n_values) -> a sequence of 1
    LSTM_cell = LSTM(n_a, return_state=True)      # one step: (x, [a, c]) -> (out, a, c)
    densor = Dense(n_values, activation="softmax")  # a -> probabilities of the next value

`djmodel` unrolls them over Tx steps for training (teacher forcing: the true value is the next
input); `music_inference_model` unrolls them over Ty steps and feeds each step's most likely
value back as the next input; `predict_and_sample` runs the inference model and turns its
outputs into one-hot values and indices.

Also here: the training windows (`music_training_data`), values to MIDI with pretty_midi, audio
by sine synthesis, a piano roll, and the interval statistics that tell a trained model's
melodies from an untrained one's.
"""

import numpy as np

NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"]


def _keras():
    from utils.notebook import import_tensorflow

    import_tensorflow()
    import keras

    return keras


def lstm_class():
    """keras.layers.LSTM that also takes its input as `inputs=`.

    The original course called the cell as `LSTM_cell(inputs=x, initial_state=[a, c])`, the
    name Keras 2 used; Keras 3 named that argument `sequences`, and refuses `inputs=` with
    "missing a required argument: 'sequences'". This subclass (still called LSTM) accepts both,
    so code written for the original runs as it is. Everything else is Keras's own LSTM.
    """
    keras = _keras()

    class LSTM(keras.layers.LSTM):
        def __call__(self, *args, **kwargs):
            if "inputs" in kwargs and not args and "sequences" not in kwargs:
                args = (kwargs.pop("inputs"),)
            return super().__call__(*args, **kwargs)

    return LSTM


_LSTM = None


def LSTM(*args, **kwargs):
    """A new LSTM layer of the class `lstm_class()` (one class for the whole kernel)."""
    global _LSTM
    if _LSTM is None:
        _LSTM = lstm_class()
    return _LSTM(*args, **kwargs)


def shared_layers(n_values, n_a=64):
    """(reshaper, LSTM_cell, densor), the three layers every time step shares."""
    keras = _keras()
    reshaper = keras.layers.Reshape((1, n_values))
    LSTM_cell = LSTM(n_a, return_state=True)
    densor = keras.layers.Dense(n_values, activation="softmax")
    return reshaper, LSTM_cell, densor


def djmodel(Tx, LSTM_cell, densor, reshaper):
    """The training model: the shared layers unrolled over Tx steps, one output per step.

    Inputs: X (m, Tx, n_values) one-hot values, a0 and c0 (m, n_a) initial states.
    Outputs: a list of Tx arrays (m, n_values), the probabilities of the value after each step.
    """
    keras = _keras()
    n_values = densor.units
    n_a = LSTM_cell.units
    X = keras.Input(shape=(Tx, n_values))
    a0 = keras.Input(shape=(n_a,), name="a0")
    c0 = keras.Input(shape=(n_a,), name="c0")
    a, c = a0, c0
    outputs = []
    for t in range(Tx):
        x = reshaper(X[:, t, :])                          # (m, n_values) -> (m, 1, n_values)
        _, a, c = LSTM_cell(x, initial_state=[a, c])      # a, c: (m, n_a)
        outputs.append(densor(a))                         # (m, n_values)
    return keras.Model(inputs=[X, a0, c0], outputs=outputs)


def music_inference_model(LSTM_cell, densor, Ty=100):
    """The generating model: Ty steps, each fed the one-hot argmax of the step before.

    Inputs: x0 (m, 1, n_values), a0 and c0 (m, n_a). Outputs: a list of Ty arrays (m, n_values).
    """
    keras = _keras()
    n_values = densor.units
    n_a = LSTM_cell.units
    x0 = keras.Input(shape=(1, n_values))
    a0 = keras.Input(shape=(n_a,), name="a0")
    c0 = keras.Input(shape=(n_a,), name="c0")
    x, a, c = x0, a0, c0
    outputs = []
    for _ in range(Ty):
        _, a, c = LSTM_cell(x, initial_state=[a, c])
        out = densor(a)                                               # (m, n_values)
        outputs.append(out)
        x = keras.ops.one_hot(keras.ops.argmax(out, axis=-1), n_values)   # (m, n_values)
        x = keras.layers.RepeatVector(1)(x)                           # (m, 1, n_values)
    return keras.Model(inputs=[x0, a0, c0], outputs=outputs)


def predict_and_sample(inference_model, x_initializer, a_initializer, c_initializer):
    """Run the inference model on one set of initial values.

    Args: x_initializer (1, 1, n_values), a_initializer and c_initializer (1, n_a).
    Returns: results (Ty, n_values) one-hot values; indices (Ty, 1) their indices.
    """
    n_values = x_initializer.shape[2]
    pred = inference_model.predict([x_initializer, a_initializer, c_initializer], verbose=0)
    indices = np.argmax(np.asarray(pred), axis=-1)                  # (Ty, 1, n_values) -> (Ty, 1)
    results = np.eye(n_values)[indices[:, 0]]                        # (Ty, n_values)
    return results, indices


# ---------------------------------------------------------------------------------------------
# Data, MIDI, audio, statistics


def music_training_data(pieces, n_values, Tx=30, stride=8):
    """Training windows from melodies (lists of value indices).

    Every window of Tx + 1 consecutive values, starting every `stride` values, gives one example:
    X its first Tx values, Y the Tx values one step later (what the model must predict).
    Returns X (m, Tx, n_values) and Y (Tx, m, n_values), one-hot float32, as the original course's
    `load_music_utils` returned them (Y time-major, so that `list(Y)` is one target per output).
    """
    windows = [piece[start:start + Tx + 1] for piece in pieces
               for start in range(0, len(piece) - Tx, stride)]
    indices = np.array(windows, dtype=np.int64)                     # (m, Tx + 1)
    one_hot = np.eye(n_values, dtype=np.float32)[indices]           # (m, Tx + 1, n_values)
    return one_hot[:, :-1], np.transpose(one_hot[:, 1:], (1, 0, 2))


def parse_value(value):
    """("E5:1.0") -> (76, 1.0); a rest gives (None, length)."""
    name, length = value.split(":")
    if name == "rest":
        return None, float(length)
    return NAMES.index(name[:-1]) + 12 * (int(name[-1]) + 1), float(length)


def notes_of(indices, vocabulary, tempo=100):
    """[(midi or None, start s, end s)] of a melody given as value indices, at `tempo` beats per
    minute (a beat is a quarter note)."""
    seconds_per_beat = 60.0 / tempo
    notes, time = [], 0.0
    for index in np.asarray(indices).ravel():
        midi, length = parse_value(vocabulary[int(index)])
        end = time + length * seconds_per_beat
        notes.append((midi, time, end))
        time = end
    return notes


def melody_to_midi(indices, vocabulary, tempo=100, program=0):
    """A pretty_midi.PrettyMIDI of the melody (rests are silence); program 0 is a piano."""
    import pretty_midi

    midi = pretty_midi.PrettyMIDI(initial_tempo=tempo)
    instrument = pretty_midi.Instrument(program=program, name="melody")
    for pitch, start, end in notes_of(indices, vocabulary, tempo):
        if pitch is not None:
            instrument.notes.append(pretty_midi.Note(velocity=90, pitch=pitch, start=start, end=end))
    midi.instruments.append(instrument)
    return midi


def synthesize(notes, fs=16000):
    """Audio of [(midi or None, start, end)] notes: a sine with a few harmonics per note, with a
    short attack and a decay so that repeated notes are heard apart. Returns float32 in [-1, 1]."""
    total = max((end for _, _, end in notes), default=0.0)
    audio = np.zeros(int(np.ceil(total * fs)) + 1, dtype=np.float64)
    for pitch, start, end in notes:
        if pitch is None:
            continue
        frequency = 440.0 * 2 ** ((pitch - 69) / 12)
        t = np.arange(int((end - start) * fs)) / fs
        tone = sum(np.sin(2 * np.pi * k * frequency * t) / k ** 2 for k in (1, 2, 3))
        envelope = np.minimum(t / 0.01, 1) * np.exp(-3 * t) * np.minimum((end - start - t) / 0.02, 1)
        first = int(start * fs)
        audio[first:first + len(t)] += tone * envelope
    peak = np.abs(audio).max()
    return (audio / peak * 0.8 if peak > 0 else audio).astype(np.float32)


def pitch_intervals(indices, vocabulary):
    """The steps in semitones between consecutive notes of a melody, rests skipped."""
    pitches = [parse_value(vocabulary[int(i)])[0] for i in np.asarray(indices).ravel()]
    pitches = [p for p in pitches if p is not None]
    return np.diff(np.array(pitches, dtype=np.int64))


def interval_distribution(melodies, vocabulary, largest=12):
    """The share of each interval from -largest to +largest semitones (larger leaps counted at the
    ends) over all the melodies: shape (2 * largest + 1,), summing to 1."""
    steps = np.concatenate([pitch_intervals(m, vocabulary) for m in melodies] + [np.zeros(0, np.int64)])
    counts = np.bincount(np.clip(steps, -largest, largest) + largest, minlength=2 * largest + 1)
    return counts / max(counts.sum(), 1)


def total_variation(p, q):
    """Half the L1 distance between two distributions: 0 when equal, 1 when disjoint."""
    return 0.5 * float(np.abs(np.asarray(p) - np.asarray(q)).sum())


def plot_piano_rolls(melodies, titles, vocabulary, title, tempo=100):
    """One piano roll per melody (value indices), side by side on the same pitch axis: a bar per
    note from its start to its end, at its pitch. Returns the figure."""
    import matplotlib.pyplot as plt

    rolls = [[n for n in notes_of(m, vocabulary, tempo) if n[0] is not None] for m in melodies]
    pitches = [p for roll in rolls for p, _, _ in roll] or [60]
    low, high = min(pitches) - 2, max(pitches) + 2
    fig, axes = plt.subplots(1, len(melodies), figsize=(5.5 * len(melodies), 3.6), squeeze=False,
                             sharey=True)
    for ax, roll, name in zip(axes[0], rolls, titles):
        for pitch, start, end in roll:
            ax.broken_barh([(start, end - start)], (pitch - 0.4, 0.8), facecolor="tab:blue",
                          edgecolor="white", linewidth=0.8)      # repeated notes stay apart
        ax.set_ylim(low, high)
        ax.set_xlim(0, max((end for _, _, end in roll), default=1))
        ticks = [p for p in range(low, high + 1) if p % 12 in (0, 4, 7)]
        ax.set_yticks(ticks, [f"{NAMES[p % 12]}{p // 12 - 1}" for p in ticks])
        ax.set_xlabel(f"time (s, at {tempo} beats a minute)")
        ax.set_title(name)
    axes[0, 0].set_ylabel("pitch")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
