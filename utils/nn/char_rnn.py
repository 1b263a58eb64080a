"""A character-level language model: a plain RNN in NumPy, trained one name at a time.

Taught in course5_sequence_models/w1_a2_character_level_language_model.ipynb: the helpers here
are given to the learner, and the four exercises (`clip`, `sample`, `optimize`, `model`) have
their reference versions here too, for the graders.

Conventions (the original course's, so that code written for it runs unchanged):

- Characters are indices into a vocabulary of `vocab_size` characters (27 for a-z and "\\n";
  "\\n" ends a name). One character is a one-hot column of shape (vocab_size, 1).
- The parameters are a dict: "Wax" (n_a, n_x), "Waa" (n_a, n_a), "Wya" (n_y, n_a), "b" (n_a, 1),
  "by" (n_y, 1), with n_x = n_y = vocab_size and n_a hidden units. One step is
      a<t> = tanh(Wax x<t> + Waa a<t-1> + b),    y_hat<t> = softmax(Wya a<t> + by).
- A training example is a pair of index lists X, Y of equal length: X = [None] + the name's
  indices (None stands for the zero vector that starts every name) and Y = X[1:] + [index of
  "\\n"]: at every step the model is taught the character that follows.
- `rnn_forward(X, Y, a0, parameters)` returns (loss, cache) with loss the sum over the steps of
  -log y_hat<t>[Y[t]] and cache = (y_hat, a, x), three dicts keyed by the step t (a also holds
  a[-1] = a0); `rnn_backward(X, Y, parameters, cache)` returns (gradients, a), gradients a dict
  "dWax", "dWaa", "dWya", "db", "dby" (and "da_next", the gradient flowing into a0).
- `update_parameters` changes `parameters` in place (and returns it): the original's `model`
  relies on that, since its `optimize` does not return the parameters.

The Keras part of the notebook (an LSTM on a longer text) is built by `char_lstm_model`, here
too, because the pretrained asset `char_lstm_docs` trains the very same model.
"""

import copy

import numpy as np

# ---------------------------------------------------------------------------------------------
# Given helpers


def softmax(x):
    """Softmax of a column (or of each column) of scores.

    Args:
        x: scores, shape (n, 1) or (n, m).
    Returns:
        probabilities of the same shape; every column sums to 1.
    """
    shifted = np.exp(x - np.max(x, axis=0, keepdims=True))    # the largest score becomes exp(0)
    return shifted / np.sum(shifted, axis=0, keepdims=True)


def smooth(loss, cur_loss):
    """The running average of the loss that training reports: 0.999 of the old, 0.001 of the new."""
    return loss * 0.999 + cur_loss * 0.001


def get_initial_loss(vocab_size, seq_length):
    """The loss of guessing uniformly among vocab_size characters, seq_length times: where the
    smoothed loss starts."""
    return -np.log(1.0 / vocab_size) * seq_length


def get_sample(sample_ix, ix_to_char):
    """The text of a list of indices, its first letter capitalised (e.g. [1, 13, 1, 0] -> "Ama\\n")."""
    text = "".join(ix_to_char[ix] for ix in sample_ix)
    return text[:1].upper() + text[1:]


def print_sample(sample_ix, ix_to_char):
    """Print the text of a list of indices, capitalised, without starting a new line."""
    print(get_sample(sample_ix, ix_to_char), end="")


def initialize_parameters(n_a, n_x, n_y):
    """Small random weights and zero biases; reseeds NumPy with np.random.seed(1) first.

    Args:
        n_a: number of hidden units.   n_x: size of the input (vocab_size).   n_y: size of the output.
    Returns:
        parameters: dict "Wax" (n_a, n_x), "Waa" (n_a, n_a), "Wya" (n_y, n_a), "b" (n_a, 1),
        "by" (n_y, 1).
    """
    np.random.seed(1)
    Wax = np.random.randn(n_a, n_x) * 0.01
    Waa = np.random.randn(n_a, n_a) * 0.01
    Wya = np.random.randn(n_y, n_a) * 0.01
    return {"Wax": Wax, "Waa": Waa, "Wya": Wya, "b": np.zeros((n_a, 1)), "by": np.zeros((n_y, 1))}


def rnn_step_forward(parameters, a_prev, x):
    """One step of the RNN.

    Args:
        parameters: dict as in initialize_parameters.
        a_prev: hidden state a<t-1>, shape (n_a, 1).   x: input x<t>, one-hot, shape (n_x, 1).
    Returns:
        a_next: a<t>, shape (n_a, 1);  p_t: y_hat<t>, the probabilities of the next character,
        shape (n_y, 1).
    """
    a_next = np.tanh(parameters["Wax"] @ x + parameters["Waa"] @ a_prev + parameters["b"])
    p_t = softmax(parameters["Wya"] @ a_next + parameters["by"])
    return a_next, p_t


def rnn_forward(X, Y, a0, parameters, vocab_size=None):
    """The RNN over one example, and its loss.

    Args:
        X: list of T input indices; None (the first) stands for the zero vector.
        Y: list of T target indices, the character that follows each input.
        a0: the hidden state before the first step, shape (n_a, 1).
        parameters: dict as in initialize_parameters.
        vocab_size: the length of a one-hot vector; read from Wax when not given.
    Returns:
        loss: sum over t of -log y_hat<t>[Y[t]], a float;
        cache: (y_hat, a, x), dicts keyed by t = 0 ... T-1 of columns (n_y, 1), (n_a, 1),
        (n_x, 1); a[-1] is a copy of a0.
    """
    vocab_size = parameters["Wax"].shape[1] if vocab_size is None else vocab_size
    x, a, y_hat = {}, {-1: np.copy(a0)}, {}
    loss = 0.0
    for t in range(len(X)):
        x[t] = np.zeros((vocab_size, 1))
        if X[t] is not None:
            x[t][X[t]] = 1
        a[t], y_hat[t] = rnn_step_forward(parameters, a[t - 1], x[t])
        loss -= np.log(y_hat[t][Y[t], 0])
    return float(loss), (y_hat, a, x)


def rnn_step_backward(dy, gradients, parameters, x, a, a_prev):
    """Add one step's contribution to the gradients (in place) and pass da_next one step back.

    Args:
        dy: gradient of the loss with respect to the scores Wya a<t> + by, shape (n_y, 1).
        gradients: dict of running sums "dWax", "dWaa", "dWya", "db", "dby", and "da_next", the
            gradient reaching a<t> from the step after it, shape (n_a, 1).
        parameters: dict as in initialize_parameters.
        x: x<t>, shape (n_x, 1).   a: a<t>, shape (n_a, 1).   a_prev: a<t-1>, shape (n_a, 1).
    Returns:
        gradients: the same dict, updated.
    """
    gradients["dWya"] += dy @ a.T
    gradients["dby"] += dy
    da = parameters["Wya"].T @ dy + gradients["da_next"]      # from the output and from step t+1
    dz = (1 - a * a) * da                                     # through tanh
    gradients["db"] += dz
    gradients["dWax"] += dz @ x.T
    gradients["dWaa"] += dz @ a_prev.T
    gradients["da_next"] = parameters["Waa"].T @ dz
    return gradients


def rnn_backward(X, Y, parameters, cache):
    """Backpropagation through time over one example.

    Args:
        X, Y: the lists given to rnn_forward.   parameters: dict as in initialize_parameters.
        cache: (y_hat, a, x) from rnn_forward.
    Returns:
        gradients: dict "dWax", "dWaa", "dWya", "db", "dby" (shapes of the parameters) and
        "da_next" (n_a, 1);  a: the hidden states of the cache, a dict keyed by t = -1 ... T-1.
    """
    y_hat, a, x = cache
    gradients = {"dWax": np.zeros_like(parameters["Wax"]), "dWaa": np.zeros_like(parameters["Waa"]),
                 "dWya": np.zeros_like(parameters["Wya"]), "db": np.zeros_like(parameters["b"]),
                 "dby": np.zeros_like(parameters["by"]), "da_next": np.zeros_like(a[-1])}
    for t in reversed(range(len(X))):
        dy = np.copy(y_hat[t])
        dy[Y[t]] -= 1                     # softmax + cross-entropy: y_hat - one_hot(Y[t])
        gradients = rnn_step_backward(dy, gradients, parameters, x[t], a[t], a[t - 1])
    return gradients, a


def update_parameters(parameters, gradients, lr):
    """One step of gradient descent, in place: parameters[p] -= lr * gradients["d" + p].

    Returns:
        parameters: the same dict, updated (the caller's dict changes too).
    """
    for name in ("Wax", "Waa", "Wya", "b", "by"):
        parameters[name] -= lr * gradients["d" + name]
    return parameters


# ---------------------------------------------------------------------------------------------
# Reference versions of the exercises


def clip(gradients, maxValue):
    """Clip every gradient to [-maxValue, maxValue], element by element.

    Args:
        gradients: dict "dWaa", "dWax", "dWya", "db", "dby" of arrays; left unchanged.
        maxValue: the bound, a positive number.
    Returns:
        gradients: a new dict with the same keys, every entry clipped.
    """
    gradients = copy.deepcopy(gradients)
    return {name: np.clip(gradients[name], -maxValue, maxValue)
            for name in ("dWaa", "dWax", "dWya", "db", "dby")}


MAX_SAMPLE_LENGTH = 50


def sample(parameters, char_to_ix, seed):
    """Sample one name from the RNN, character by character.

    Starts from a zero input and a zero hidden state; at step t draws the next character from
    y_hat<t> after seeding NumPy with np.random.seed(t + seed + t) (the course's convention:
    seed grows by one a step as well as the counter), feeds it back as the next input, and stops
    after drawing "\\n" or after 50 characters (then "\\n" is appended).

    Returns:
        indices: list of the sampled indices, ending with the index of "\\n".
    """
    Waa, Wax, Wya, by, b = (parameters[k] for k in ("Waa", "Wax", "Wya", "by", "b"))
    vocab_size, n_a = by.shape[0], Waa.shape[1]
    x = np.zeros((vocab_size, 1))
    a_prev = np.zeros((n_a, 1))
    indices = []
    idx = -1
    counter = 0
    newline_character = char_to_ix["\n"]
    while idx != newline_character and counter != MAX_SAMPLE_LENGTH:
        a = np.tanh(Wax @ x + Waa @ a_prev + b)
        y = softmax(Wya @ a + by)
        np.random.seed(counter + seed)
        idx = int(np.random.choice(range(vocab_size), p=y.ravel()))
        indices.append(idx)
        x = np.zeros((vocab_size, 1))
        x[idx] = 1
        a_prev = a
        seed += 1
        counter += 1
    if counter == MAX_SAMPLE_LENGTH:
        indices.append(newline_character)
    return indices


def optimize(X, Y, a_prev, parameters, learning_rate=0.01):
    """One step of training on one example: forward, backward, clip to [-5, 5], update.

    Args:
        X, Y: index lists as in rnn_forward.   a_prev: hidden state before the first step, (n_a, 1).
        parameters: dict as in initialize_parameters; updated in place.
        learning_rate: the step size.
    Returns:
        loss: float;  gradients: the clipped gradients, dict "dWaa", "dWax", "dWya", "db", "dby";
        a_last: the hidden state after the last step, a[len(X) - 1], shape (n_a, 1).
    """
    loss, cache = rnn_forward(X, Y, a_prev, parameters)
    gradients, a = rnn_backward(X, Y, parameters, cache)
    gradients = clip(gradients, 5)
    update_parameters(parameters, gradients, learning_rate)
    return loss, gradients, a[len(X) - 1]


CHECKPOINT_EVERY = 2000


def model(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, dino_names=7, vocab_size=27,
          verbose=False, history=None):
    """Train the RNN on a list of names, one name an iteration, printing samples at checkpoints.

    Args:
        data_x: list of names (strings; surrounding white space is stripped).
        ix_to_char, char_to_ix: the vocabulary's two mappings.
        num_iterations: number of training steps.   n_a: number of hidden units.
        dino_names: how many names to sample at each checkpoint (the original's name).
        vocab_size: number of characters.   verbose: print every checkpoint's samples.
        history: optional dict; receives "loss" (the smoothed loss after every iteration) and
            "samples" ({iteration: list of names sampled at that checkpoint}).
    Returns:
        parameters: the trained parameters;  last_dino_name: the last name sampled.
    """
    n_x, n_y = vocab_size, vocab_size
    parameters = initialize_parameters(n_a, n_x, n_y)
    loss = get_initial_loss(vocab_size, dino_names)
    examples = [x.strip() for x in data_x]
    np.random.seed(0)
    np.random.shuffle(examples)
    a_prev = np.zeros((n_a, 1))
    last_dino_name = "abc"
    if history is not None:
        history.update(loss=[], samples={})
    for j in range(num_iterations):
        idx = j % len(examples)
        X = [None] + [char_to_ix[ch] for ch in examples[idx]]
        Y = X[1:] + [char_to_ix["\n"]]
        curr_loss, gradients, a_prev = optimize(X, Y, a_prev, parameters, learning_rate=0.01)
        loss = smooth(loss, curr_loss)
        if history is not None:
            history["loss"].append(loss)
        if j % CHECKPOINT_EVERY == 0:
            names = [get_sample(sample(parameters, char_to_ix, seed), ix_to_char).strip()
                     for seed in range(dino_names)]
            last_dino_name = names[-1]
            if history is not None:
                history["samples"][j] = names
            if verbose:
                print(f"Iteration: {j}, Loss: {loss:.6f}\n" + "\n".join(names) + "\n")
    return parameters, last_dino_name


# ---------------------------------------------------------------------------------------------
# The Keras character model of the notebook's second part


def char_lstm_model(vocab_size, n_a=128):
    """An LSTM language model over characters: at every position, the next character.

    Input: one-hot characters, shape (None, None, vocab_size) (batch, time); output: softmax
    probabilities of the next character at every position, shape (None, None, vocab_size).
    """
    import keras
    from keras import layers

    return keras.Sequential([keras.Input(shape=(None, vocab_size)),
                             layers.LSTM(n_a, return_sequences=True),
                             layers.Dense(vocab_size, activation="softmax")])


def split_paragraphs(text, every=10):
    """(training text, held-out text): every `every`-th paragraph (one per line) is held out."""
    paragraphs = text.splitlines(keepends=True)
    held_out = "".join(p for i, p in enumerate(paragraphs) if i % every == every - 1)
    training = "".join(p for i, p in enumerate(paragraphs) if i % every != every - 1)
    return training, held_out


def text_windows(text, char_to_ix, seq_length=100, step=50):
    """Windows of a text for next-character training, every `step` characters.

    Returns:
        X: one-hot inputs, float32 of shape (m, seq_length, vocab_size), the characters
            text[s : s + seq_length] of each window start s;
        Y: int64 targets of shape (m, seq_length), the character after each input character.
    """
    indices = np.array([char_to_ix[ch] for ch in text], dtype=np.int64)
    starts = np.arange(0, len(indices) - seq_length, step)
    positions = starts[:, None] + np.arange(seq_length)                  # (m, seq_length)
    X = np.eye(len(char_to_ix), dtype=np.float32)[indices[positions]]    # (m, seq_length, vocab)
    return X, indices[positions + 1]


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


class CharLSTMStepper:
    """A trained `char_lstm_model` run one character at a time in NumPy, keeping its state.

    Calling Keras once per generated character would run the whole window again each time; the
    LSTM's own recurrence (the cell of w1_a1, with the trained weights) needs one step per
    character. Keras stores the four gates side by side in the order input, forget, candidate,
    output: kernel (n_x, 4 n_a), recurrent kernel (n_a, 4 n_a), bias (4 n_a,).
    """

    def __init__(self, model):
        lstm, dense = [layer for layer in model.layers if layer.weights]
        self.kernel, self.recurrent_kernel, self.bias = (np.asarray(w, dtype=np.float64)
                                                         for w in lstm.get_weights())
        self.Wy, self.by = (np.asarray(w, dtype=np.float64) for w in dense.get_weights())
        self.n_a = self.recurrent_kernel.shape[0]
        self.reset()

    def reset(self):
        """Back to the zero state of a new sequence."""
        self.a = np.zeros(self.n_a)
        self.c = np.zeros(self.n_a)

    def step(self, ix):
        """Feed the character of index `ix`; return the probabilities of the next one, (vocab_size,)."""
        z = self.kernel[ix] + self.a @ self.recurrent_kernel + self.bias     # (4 n_a,): one-hot @ kernel
        i, f, g, o = np.split(z, 4)
        self.c = _sigmoid(f) * self.c + _sigmoid(i) * np.tanh(g)
        self.a = _sigmoid(o) * np.tanh(self.c)
        return softmax(self.a @ self.Wy + self.by)
