"""Keras and NumPy: translating human-written dates into ISO dates with attention
(course5_sequence_models/w3_a1_neural_machine_translation; DATA.md `dates`).

The data helpers follow the original course's nmt_utils: `load_dataset(m)` returns m examples
(human date, ISO date) and the vocabularies; `preprocess_data` turns them into index arrays and
one-hot arrays of Tx = 30 input characters and Ty = 10 output characters. The human vocabulary
is the training set's characters, sorted, then "<unk>" and "<pad>"; the machine vocabulary is the
ten digits and "-".

The model is the original's: a Bi-LSTM of n_a units reads the date; at each of the Ty output
steps an attention block (`one_step_attention`) weighs the Tx Bi-LSTM activations by a small
network of the decoder's previous state, and a post-attention LSTM of n_s units, shared over the
Ty steps, reads the weighted sum (the context) and emits one character through a shared Dense
softmax. `shared_layers` makes the layers shared by every step, `modelf` unrolls them; both are
the reference of the notebook's exercises and the model of the pretrained asset `nmt_dates`.
`no_attention_model` is the comparison: the same Bi-LSTM and post-attention LSTM sizes, but the
decoder sees only the encoder's final state at every step (`nmt_dates_no_attention`).

Also here: `Adam`, `LSTM` and `Model` that accept the Keras 2 forms the original code used (`lr=`,
`decay=`, `inputs=`, `metrics=['accuracy']` for a model of several outputs), the softmax over the
time axis, prediction, exact-match scoring and the
attention map.
"""

import collections

import numpy as np

TX, TY = 30, 10
N_A, N_S = 32, 64
UNK, PAD = "<unk>", "<pad>"
MACHINE_CHARACTERS = "-0123456789"
MACHINE_VOCAB_SIZE = len(MACHINE_CHARACTERS)


def _keras():
    from utils.notebook import import_tensorflow

    import_tensorflow()
    import keras

    return keras


# ---------------------------------------------------------------------------------------------
# Data


def read_dates(split="train"):
    """The shipped examples of one split ("train", "validation" or "test") as a list of
    (format, human, machine) tuples, in file order."""
    from utils.data import load_dates

    if split not in ("train", "validation", "test"):
        raise ValueError(f"split must be 'train', 'validation' or 'test', not {split!r}")
    return load_dates()[split]


def vocabularies():
    """(human_vocab, machine_vocab, inv_machine_vocab) as in the original's nmt_utils: the
    training set's characters sorted, then <unk> and <pad>; the machine characters sorted."""
    characters = sorted({ch for _, human, _ in read_dates("train") for ch in human})
    human_vocab = {ch: i for i, ch in enumerate(characters + [UNK, PAD])}
    machine_vocab = {ch: i for i, ch in enumerate(sorted(MACHINE_CHARACTERS))}
    inv_machine_vocab = {i: ch for ch, i in machine_vocab.items()}
    return human_vocab, machine_vocab, inv_machine_vocab


def load_dataset(m, split="train"):
    """m examples of a split and the vocabularies, as the original's `load_dataset(m)`.

    Returns dataset, a list of (human date, ISO date) pairs of str; human_vocab {char: index};
    machine_vocab {char: index}; inv_machine_vocab {index: char}. The training split has 10,000
    examples, validation and test 1,000 each; m larger than the split gives the whole split.
    """
    dataset = [(human, machine) for _, human, machine in read_dates(split)[:m]]
    return (dataset, *vocabularies())


def string_to_int(string, length, vocab):
    """The characters of `string` (lower-cased, commas removed) as indices into vocab, cut or
    padded with <pad> to `length`; a character not in vocab becomes <unk>."""
    string = string.lower().replace(",", "")
    if len(string) > length:
        string = string[:length]
    rep = [vocab[ch] if ch in vocab else vocab[UNK] for ch in string]
    if len(string) < length:
        rep += [vocab[PAD]] * (length - len(string))
    return rep


def int_to_string(ints, inv_vocab):
    """The characters of a list of indices."""
    return [inv_vocab[int(i)] for i in ints]


def preprocess_data(dataset, human_vocab, machine_vocab, Tx, Ty):
    """X (m, Tx) and Y (m, Ty) indices, Xoh (m, Tx, len(human_vocab)) and Yoh (m, Ty,
    len(machine_vocab)) one-hot float32 arrays, as the original's nmt_utils."""
    X, Y = zip(*dataset) if dataset else ((), ())
    X = np.array([string_to_int(h, Tx, human_vocab) for h in X], dtype=np.int64).reshape(-1, Tx)
    Y = np.array([string_to_int(t, Ty, machine_vocab) for t in Y], dtype=np.int64).reshape(-1, Ty)
    Xoh = np.eye(len(human_vocab), dtype=np.float32)[X]
    Yoh = np.eye(len(machine_vocab), dtype=np.float32)[Y]
    return X, Y, Xoh, Yoh


# ---------------------------------------------------------------------------------------------
# Keras 2 spellings, the softmax over time


def _adam_class():
    keras = _keras()

    class Adam(keras.optimizers.Adam):
        """keras.optimizers.Adam that also takes the Keras 2 arguments of the original course:
        `lr` (the learning rate) and `decay` (the rate falls as lr / (1 + decay * step), which is
        keras.optimizers.schedules.InverseTimeDecay with decay_steps=1). Keras 3 refuses `lr`
        and ignores `decay` with a warning."""

        def __init__(self, learning_rate=0.001, *args, lr=None, decay=None, **kwargs):
            if lr is not None:
                learning_rate = lr
            if decay:
                learning_rate = keras.optimizers.schedules.InverseTimeDecay(
                    learning_rate, decay_steps=1, decay_rate=decay)
            super().__init__(learning_rate, *args, **kwargs)

    return Adam


_CLASSES = {}


def Adam(*args, **kwargs):
    """A new optimizer of the class `_adam_class()` (see its docstring)."""
    if "Adam" not in _CLASSES:
        _CLASSES["Adam"] = _adam_class()
    return _CLASSES["Adam"](*args, **kwargs)


def _lstm_class():
    keras = _keras()

    @keras.saving.register_keras_serializable(package="deep_learning_notebooks")
    class LSTM(keras.layers.LSTM):
        """keras.layers.LSTM that also takes its input as `inputs=`, the name Keras 2 used (the
        original called `post_activation_LSTM_cell(inputs=context, initial_state=[s, c])`);
        Keras 3 calls it `sequences`. Registered, so that Bidirectional can copy it."""

        def __call__(self, *args, **kwargs):
            if "inputs" in kwargs and not args and "sequences" not in kwargs:
                args = (kwargs.pop("inputs"),)
            return super().__call__(*args, **kwargs)

    return LSTM


def LSTM(*args, **kwargs):
    """A new layer of the class `_lstm_class()`: keras.layers.LSTM that also takes `inputs=`."""
    if "LSTM" not in _CLASSES:
        _CLASSES["LSTM"] = _lstm_class()
    return _CLASSES["LSTM"](*args, **kwargs)


def _model_class():
    keras = _keras()

    @keras.saving.register_keras_serializable(package="deep_learning_notebooks")
    class Model(keras.Model):
        """keras.Model that, like Keras 2, applies a flat list of metrics to every output of a
        model of several outputs: the original compiled its 10-output model with
        `metrics=['accuracy']`, which Keras 3 refuses unless there is one entry per output."""

        def compile(self, *args, **kwargs):
            metrics = kwargs.get("metrics")
            outputs = len(getattr(self, "outputs", None) or [])
            if (outputs > 1 and isinstance(metrics, (list, tuple)) and len(metrics) != outputs
                    and not any(isinstance(m, (list, tuple, dict)) for m in metrics)):
                kwargs["metrics"] = [list(metrics)] * outputs
            return super().compile(*args, **kwargs)

    return Model


def Model(*args, **kwargs):
    """A new model of the class `_model_class()`: keras.Model that takes `metrics=['accuracy']`
    for every output of a multi-output model, as Keras 2 did."""
    if "Model" not in _CLASSES:
        _CLASSES["Model"] = _model_class()
    return _CLASSES["Model"](*args, **kwargs)


def softmax(x, axis=1):
    """Softmax over `axis` (the time axis by default): the attention weights of the Tx input
    steps sum to 1. keras.activations.softmax would normalize over the last axis instead."""
    keras = _keras()
    return keras.ops.softmax(x, axis=axis)


# ---------------------------------------------------------------------------------------------
# The model


def shared_layers(Tx=TX, n_s=N_S, machine_vocab_size=MACHINE_VOCAB_SIZE):
    """The layers shared by every output step, by the names the notebook gives them: repeator,
    concatenator, densor1, densor2, activator, dotor, post_activation_LSTM_cell, output_layer."""
    keras = _keras()
    layers = keras.layers
    return {
        "repeator": layers.RepeatVector(Tx),
        "concatenator": layers.Concatenate(axis=-1),
        "densor1": layers.Dense(10, activation="tanh"),
        "densor2": layers.Dense(1, activation="relu"),
        "activator": layers.Activation(softmax, name="attention_weights"),
        "dotor": layers.Dot(axes=1),
        "post_activation_LSTM_cell": LSTM(n_s, return_state=True),
        "output_layer": layers.Dense(machine_vocab_size, activation="softmax"),
    }


def one_step_attention(a, s_prev, layers):
    """The context (m, 1, 2*n_a) for one output step from the Bi-LSTM activations a (m, Tx,
    2*n_a) and the post-attention LSTM's previous state s_prev (m, n_s)."""
    s_prev = layers["repeator"](s_prev)                      # (m, Tx, n_s)
    concat = layers["concatenator"]([a, s_prev])             # (m, Tx, 2*n_a + n_s)
    e = layers["densor1"](concat)                            # (m, Tx, 10)
    energies = layers["densor2"](e)                          # (m, Tx, 1)
    alphas = layers["activator"](energies)                   # (m, Tx, 1), sums to 1 over Tx
    return layers["dotor"]([alphas, a])                      # (m, 1, 2*n_a)


def modelf(Tx, Ty, n_a, n_s, human_vocab_size, machine_vocab_size, layers):
    """The attention model: inputs [X (m, Tx, human_vocab_size), s0 (m, n_s), c0 (m, n_s)],
    outputs a list of Ty arrays (m, machine_vocab_size)."""
    keras = _keras()
    X = keras.Input(shape=(Tx, human_vocab_size))
    s0 = keras.Input(shape=(n_s,), name="s0")
    c0 = keras.Input(shape=(n_s,), name="c0")
    s, c = s0, c0
    outputs = []
    a = keras.layers.Bidirectional(LSTM(n_a, return_sequences=True))(X)
    for _ in range(Ty):
        context = one_step_attention(a, s, layers)
        s, _, c = layers["post_activation_LSTM_cell"](context, initial_state=[s, c])
        outputs.append(layers["output_layer"](s))
    # keras.Model (the weight file records the model's name, "functional"); wrap it in this
    # module's Model to compile it with the original's metrics=['accuracy'].
    return keras.Model(inputs=[X, s0, c0], outputs=outputs)


def no_attention_model(Tx, Ty, n_a, n_s, human_vocab_size, machine_vocab_size):
    """The comparison without attention: the Bi-LSTM's final state (m, 2*n_a) is the decoder's
    input at every one of the Ty steps; an LSTM of n_s units and a Dense softmax as modelf's.
    Inputs [X, s0, c0], outputs a list of Ty arrays (m, machine_vocab_size), as modelf."""
    keras = _keras()
    X = keras.Input(shape=(Tx, human_vocab_size))
    s0 = keras.Input(shape=(n_s,), name="s0")
    c0 = keras.Input(shape=(n_s,), name="c0")
    encoding = keras.layers.Bidirectional(LSTM(n_a))(X)                    # (m, 2*n_a)
    repeated = keras.layers.RepeatVector(Ty)(encoding)                     # (m, Ty, 2*n_a)
    states = LSTM(n_s, return_sequences=True)(repeated, initial_state=[s0, c0])
    output_layer = keras.layers.Dense(machine_vocab_size, activation="softmax")
    outputs = [output_layer(states[:, t, :]) for t in range(Ty)]
    return Model(inputs=[X, s0, c0], outputs=outputs)


def compile_model(model, learning_rate=0.005, decay=0.01):
    """The notebook's compile step: Adam(lr 0.005, beta_1 0.9, beta_2 0.999, decay 0.01),
    categorical cross-entropy on each output, accuracy."""
    model.compile(optimizer=Adam(lr=learning_rate, beta_1=0.9, beta_2=0.999, decay=decay),
                  loss="categorical_crossentropy", metrics=["accuracy"] * len(model.outputs))
    return model


# ---------------------------------------------------------------------------------------------
# Prediction, scores, attention maps


def translate(model, humans, human_vocab, inv_machine_vocab, n_s=N_S, Tx=TX, batch_size=500):
    """The model's ISO dates for a list of human dates (str)."""
    X = np.array([string_to_int(h, Tx, human_vocab) for h in humans], dtype=np.int64).reshape(-1, Tx)
    Xoh = np.eye(len(human_vocab), dtype=np.float32)[X]
    zeros = np.zeros((len(X), n_s), dtype=np.float32)
    prediction = np.stack(model.predict([Xoh, zeros, zeros], batch_size=batch_size, verbose=0), 1)
    return ["".join(int_to_string(row, inv_machine_vocab)) for row in prediction.argmax(-1)]


def exact_match_by_format(formats, truths, predictions):
    """{format: (right, total)} and the overall exact-match accuracy (all 10 characters right)."""
    table = collections.defaultdict(lambda: [0, 0])
    for fmt, truth, predicted in zip(formats, truths, predictions):
        table[fmt][0] += truth == predicted
        table[fmt][1] += 1
    right = sum(r for r, _ in table.values())
    total = sum(t for _, t in table.values())
    return {fmt: tuple(counts) for fmt, counts in table.items()}, right / max(total, 1)


def attention_model(model, Ty=TY):
    """A model with the same inputs as `model` and, as outputs, the attention weights of each of
    the Ty steps (m, Tx, 1): the outputs of the layer named "attention_weights", in call order."""
    from keras.src.ops.function import make_node_key

    keras = _keras()
    layer = model.get_layer("attention_weights")
    keys = getattr(model, "_nodes", set())        # the layer's calls in this model, not in others
    nodes = [node for i, node in enumerate(layer._inbound_nodes) if make_node_key(layer, i) in keys]
    outputs = [node.outputs[0] for node in nodes][:Ty]
    return keras.Model(inputs=model.inputs, outputs=outputs)


def attention_map(model, text, human_vocab, inv_machine_vocab, n_s=N_S, Tx=TX, Ty=TY):
    """(alphas (Ty, len(text)), the input characters, the output characters) for one date."""
    X = np.array(string_to_int(text, Tx, human_vocab), dtype=np.int64)[None]
    Xoh = np.eye(len(human_vocab), dtype=np.float32)[X]
    zeros = np.zeros((1, n_s), dtype=np.float32)
    alphas = np.stack([np.asarray(w)[0, :, 0] for w in attention_model(model, Ty)([Xoh, zeros, zeros])])
    prediction = np.stack(model([Xoh, zeros, zeros]), 1)[0].argmax(-1)
    characters = list(text.lower().replace(",", ""))[:Tx]
    return alphas[:, :len(characters)], characters, int_to_string(prediction, inv_machine_vocab)


def plot_attention_map(ax, alphas, input_characters, output_characters, title=None):
    """Draw one attention map on a Matplotlib axis: outputs down, inputs across."""
    image = ax.imshow(alphas, cmap="Blues", vmin=0, aspect="auto")
    ax.set_xticks(range(len(input_characters)))
    ax.set_xticklabels([c if c != " " else "\u2423" for c in input_characters])
    ax.set_yticks(range(len(output_characters)))
    ax.set_yticklabels(output_characters)
    ax.set_xlabel("input character (human date)")
    ax.set_ylabel("output character (ISO date)")
    if title:
        ax.set_title(title)
    return image


def plot_attention_maps(model, texts, human_vocab, inv_machine_vocab, title, n_s=N_S, columns=2):
    """One figure: the attention map of each date of `texts`, with the model's translation."""
    import matplotlib.pyplot as plt

    rows = (len(texts) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(6.5 * columns, 3.6 * rows), squeeze=False)
    for ax, text in zip(axes.ravel(), texts):
        alphas, inputs, outputs = attention_map(model, text, human_vocab, inv_machine_vocab, n_s=n_s)
        plot_attention_map(ax, alphas, inputs, outputs, title=f"{text!r} -> {''.join(outputs)}")
    for ax in axes.ravel()[len(texts):]:
        ax.axis("off")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
