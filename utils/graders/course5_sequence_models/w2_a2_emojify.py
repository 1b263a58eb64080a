"""Graders for course5_sequence_models/w2_a2_emojify.ipynb.

Every check works on a small vocabulary of its own (4-d vectors for a dozen words, other words
and sizes than the notebook's) and compares with the references of utils/nn/emojify.py.

* sentence_to_avg: sentences in lower and mixed case, with words that have no vector and with no
  known word at all. The rule, the newest original's: lower-case, skip unknown words, average over
  the known ones, zeros when there are none. Hints: no lower-casing, dividing by the number of all
  words, summing, a crash on an unknown word, a division by zero.
* model: run with np.random seeded the same way as the reference, for a few iterations on five
  classes; W and b must match. Plain stochastic gradient descent (dW of each example) and the
  original's update (dW and db summed over the examples of the pass, `dW += ...`) both pass.
  Hints: no softmax, the gradient's sign, the bias not updated, a wrong learning rate. A printed
  cost at iteration 0 is compared too.
* sentences_to_indices: floats (as the original) or integers; hints for no lower-casing, padding
  other than 0, indices off by one, unknown words not skipped, a row filled from the wrong place.
* pretrained_embedding_layer: a keras Embedding, input_dim len(word_to_index) + 1, frozen, its rows
  the vectors at the words' indices (row 0 zeros). The word_to_index given is not in index order,
  so code that numbers the words by their order in the dict fails. Code written for Keras 2
  (`build((None,))` then `set_weights`) and the Keras 3 ways (`weights=[...]`,
  `embeddings_initializer=Constant(...)`) pass.
* Emojify_V2: layer by layer (utils.grading.architecture_difference) against the reference: the
  frozen Embedding, LSTM 128 returning sequences, Dropout 0.5, LSTM 128, Dropout 0.5, Dense 5 and a
  softmax (as its own Activation layer, as the original, or inside the Dense); then the embedding's
  weights, then the outputs with the reference's weights copied in.
"""

import io
import re
from contextlib import redirect_stdout

import numpy as np

from utils.grading import (
    ARCHITECTURE_SETTINGS,
    Checker,
    CheckFailed,
    architecture_difference,
    describe,
    describe_model,
    keras_names_kept,
)
from utils.nn import emojify as ref

# The grader's vocabulary: 4-d vectors, fixed.
_WORDS = ["ball", "cake", "cry", "game", "glad", "happy", "hug", "i", "love", "pie", "sad", "the",
          "to", "want", "you"]
_VECTORS = np.random.default_rng(7).normal(0, 1, (len(_WORDS), 4)).round(3)


def _word_to_vec_map():
    return {w: _VECTORS[i].copy() for i, w in enumerate(_WORDS)}


def _word_to_index():
    """Indices 1..N over the sorted words, as read_glove_vecs gives, but listed in another order."""
    index = {w: i for i, w in enumerate(sorted(_WORDS), start=1)}
    return {w: index[w] for w in sorted(_WORDS, key=lambda w: (len(w), w[::-1]))}


RULE = ("The rule of this notebook (the newest original's): lower-case the sentence, skip the words "
        "that have no vector, average the vectors of the known words (divide by how many there are), "
        "and return zeros when no word is known.")


# ---------------------------------------------------------------------------------------------
# sentence_to_avg


def _avg_variants(sentence, w2v):
    """Wrong versions of sentence_to_avg, for hints."""
    words = sentence.split()
    lower = sentence.lower().split()
    known = [w2v[w] for w in lower if w in w2v]
    known_raw = [w2v[w] for w in words if w in w2v]
    zeros = np.zeros(4)
    return {
        "the sentence is not lower-cased: split sentence.lower(), since the vectors' words are "
        "lower case": sum(known_raw, zeros) / max(len(known_raw), 1),
        "the sum is divided by the number of all words, unknown ones included; divide by the number "
        "of words that have a vector": sum(known, zeros) / len(lower),
        "the vectors are summed, not averaged": sum(known, zeros),
    }


def check_sentence_to_avg(sentence_to_avg):
    c = Checker(sentence_to_avg, "sentence_to_avg",
                error_hints=[(KeyError, r".", "A word of the sentence has no vector. " + RULE),
                             (ZeroDivisionError, r".", "No word of this sentence has a vector. " + RULE)])
    w2v = _word_to_vec_map()
    # all known and lower case; mixed case; words without a vector; mixed case; no known word
    for sentence in ("i want cake", "I want to hug you", "i want pizza and cake", "Love you",
                     "pizza and chips"):
        got = c.call(sentence, w2v)
        if isinstance(got, np.ndarray) and not np.all(np.isfinite(got)) and got.shape == (4,):
            c.fail(f"the average of {sentence!r} contains nan or inf", expected=describe(
                ref.sentence_to_avg(sentence, w2v)), got=describe(got),
                hint="No word of this sentence has a vector, so count is 0. " + RULE)
        c.same_array(got, ref.sentence_to_avg(sentence, w2v), what=f"the average of {sentence!r}",
                     mistakes=_avg_variants(sentence, w2v), hint=RULE)
    c.ok("averages of lower-case sentences, shape (n_h,)")
    c.ok("mixed case: the sentence is lower-cased first")
    c.ok("words without a vector are skipped; no known word gives zeros")
    c.done()


# ---------------------------------------------------------------------------------------------
# model


def _train(X, Y, w2v, learning_rate, num_iterations, seed, variant="sgd"):
    """The reference training loop and its wrong versions; returns W, b and the first cost."""
    np.random.seed(seed)
    m, n_y, n_h = Y.shape[0], len(np.unique(Y)), 4
    W = np.random.randn(n_y, n_h) / np.sqrt(n_h)
    b = np.zeros((n_y,))
    Y_oh = ref.convert_to_one_hot(Y, C=n_y)
    first_cost = None
    for _ in range(num_iterations):
        cost, dW, db = 0.0, 0, 0
        for i in range(m):
            avg = ref.sentence_to_avg(X[i], w2v)
            z = W @ avg + b
            a = z if variant == "no_softmax" else ref.softmax(z)
            with np.errstate(all="ignore"):
                cost += -np.sum(Y_oh[i] * np.log(a))
            dz = a - Y_oh[i]
            if variant == "accumulated":
                dW, db = dW + np.outer(dz, avg), db + dz
            else:
                dW, db = np.outer(dz, avg), dz
            sign = -1 if variant == "sign" else 1
            W = W - sign * learning_rate * dW
            if variant != "no_bias":
                b = b - sign * learning_rate * db
        first_cost = cost if first_cost is None else first_cost
    return W, b, first_cost


def _model_inputs():
    X = np.array(["i love you", "I want a game", "happy to see you", "sad cry", "i want pie",
                  "the ball game", "Glad glad", "i cry", "cake and pie", "hug you", "so sad",
                  "happy happy"])
    Y = np.array([0, 1, 2, 3, 4, 1, 2, 3, 4, 0, 3, 2])
    return X, Y


def _printed_cost(text):
    found = re.search(r"cost\s*=\s*(-?[\d.]+(?:e-?\d+)?|nan|inf)", text)
    return float(found.group(1)) if found else None


def check_model(model):
    c = Checker(model, "model",
                uses={"sentence_to_avg": (ref.sentence_to_avg, check_sentence_to_avg)},
                error_hints=[(ValueError, r"shapes .* not aligned|matmul: Input operand",
                              "W has shape (n_y, n_h) and avg (n_h,): z = np.dot(W, avg) + b; the "
                              "gradient dW = np.outer(dz, avg) (or dz.reshape(n_y, 1) @ avg.reshape(1, "
                              "n_h)) has W's shape.")])
    X, Y = _model_inputs()
    w2v = _word_to_vec_map()
    for learning_rate, iterations, seed in ((0.05, 3, 4), (0.2, 2, 11)):
        np.random.seed(seed)
        printed = io.StringIO()
        with redirect_stdout(printed):
            result = c.call(X, Y, w2v, learning_rate=learning_rate, num_iterations=iterations)
        result = c.same_sequence(result, 3, what="what model returns (pred, W, b)")
        pred, W, b = result
        accepted = {name: _train(X, Y, w2v, learning_rate, iterations, seed, name)
                    for name in ("sgd", "accumulated")}
        expected_W, expected_b, cost = accepted["sgd"]
        if isinstance(W, np.ndarray) and W.shape == expected_W.shape:
            for W_ok, b_ok, cost_ok in accepted.values():
                if np.allclose(W, W_ok, rtol=1e-6, atol=1e-8):
                    expected_W, expected_b, cost = W_ok, b_ok, cost_ok
        mistakes = {}
        for name, label in (("no_softmax", "a = z, without the softmax: a = softmax(z)"),
                            ("sign", "the parameters move up the gradient: W = W - learning_rate * dW"),
                            ("no_bias", "b is not updated: b = b - learning_rate * db")):
            W_bad, b_bad, _ = _train(X, Y, w2v, learning_rate, iterations, seed, name)
            mistakes[label] = (W_bad, b_bad)
        what = f"W after {iterations} iterations (learning_rate={learning_rate})"
        hint = ("Forward: avg = sentence_to_avg(X[i], word_to_vec_map), z = W avg + b, a = softmax(z); "
                "backward: dz = a - Y_oh[i], dW = dz avg^T, db = dz; then W -= learning_rate * dW and "
                "b -= learning_rate * db after every example.")
        c.same_array(W, expected_W, what=what, mistakes={k: v[0] for k, v in mistakes.items()}, hint=hint)
        c.same_array(b, expected_b, what=f"b after {iterations} iterations",
                     mistakes={k: v[1] for k, v in mistakes.items()}, hint=hint)
        pred_array = np.asarray(pred) if isinstance(pred, (np.ndarray, list)) else None
        if (pred_array is None or pred_array.size != X.shape[0]
                or not np.issubdtype(pred_array.dtype, np.number)):
            c.fail("pred should hold one predicted label per sentence, shape (m, 1)",
                   expected=f"array of shape ({X.shape[0]}, 1)", got=describe(pred),
                   hint="pred = predict(X, Y, W, b, word_to_vec_map), as given, every 100 iterations.")
        shown = _printed_cost(printed.getvalue())
        if shown is not None and not np.isclose(shown, cost, rtol=1e-4, atol=1e-6):
            c.fail("the cost printed at iteration 0 is wrong", expected=f"{cost:.6f}", got=f"{shown:.6f}",
                   hint="The cross-entropy of one example is -sum(Y_oh[i] * log(a)); add it up over "
                   "the examples: cost += ...")
    c.ok("W and b match the reference after a few iterations (two learning rates, five classes)")
    c.ok("pred holds one label per sentence")
    c.done()


# ---------------------------------------------------------------------------------------------
# sentences_to_indices


def _indices_variants(X, word_to_index, max_len):
    """Wrong versions of sentences_to_indices, for hints."""
    m = X.shape[0]
    found = {}

    def fill(lower=True, pad=0.0, shift=0, start=0):
        out = np.full((m, max_len), pad)
        for i in range(m):
            j = start
            for w in (X[i].lower() if lower else X[i]).split():
                if w in word_to_index and j < max_len:
                    out[i, j] = word_to_index[w] + shift
                    j += 1
        return out

    found["the sentences are not lower-cased: split X[i].lower()"] = fill(lower=False)
    found["the rows are padded with -1; pad with 0, the index no word has: start from "
          "np.zeros((m, max_len))"] = fill(pad=-1.0)
    found["the rows are padded with ones; start from np.zeros((m, max_len)), since 0 is the padding "
          "index"] = fill(pad=1.0)
    found["the indices are off by one: use word_to_index[w] as it is (indices start at 1; 0 is "
          "padding)"] = fill(shift=-1)
    found["the indices are off by one: use word_to_index[w] as it is"] = fill(shift=1)
    found["the first word goes to column 1; start each row with j = 0"] = fill(start=1)
    return found


def check_sentences_to_indices(sentences_to_indices):
    c = Checker(sentences_to_indices, "sentences_to_indices",
                error_hints=[(KeyError, r".", "A word of the sentence is not in word_to_index: skip "
                              "it (`if w in word_to_index:`), and move to the next column only for a "
                              "word that was written. Lower-case the sentence first.")])
    w2i = _word_to_index()
    cases = [(np.array(["i love you", "you want cake", "sad"]), 5),           # lower case
             (np.array(["I want to hug You", "Happy", "the Game"]), 6),       # mixed case
             (np.array(["i want pizza", "pizza and cake for you"]), 4)]       # words without an index
    for X, max_len in cases:
        got = c.call(X, w2i, max_len)
        expected = ref.sentences_to_indices(X, w2i, max_len)
        if isinstance(got, np.ndarray) and np.issubdtype(got.dtype, np.integer):
            expected = expected.astype(got.dtype)          # integers are as good as the original's floats
        c.same_array(got, expected, what=f"the indices of {[str(x) for x in X]} (max_len={max_len})",
                     mistakes=_indices_variants(X, w2i, max_len),
                     hint="Row i holds word_to_index of the known words of X[i].lower(), from column 0, "
                     "then zeros.")
    c.ok("indices of lower-case sentences, padded with zeros, shape (m, max_len)")
    c.ok("mixed case: lower-cased first")
    c.ok("words without an index are skipped")
    c.done()


# ---------------------------------------------------------------------------------------------
# pretrained_embedding_layer


def _keras():
    from utils.notebook import import_tensorflow

    import_tensorflow()
    import keras

    return keras


def _embedding_weights(layer):
    """The layer's embedding matrix as NumPy, building the layer first if it is not built yet."""
    if not layer.built:
        layer.build((None,))
    weights = layer.get_weights()
    return np.asarray(weights[0]) if weights else None


def check_pretrained_embedding_layer(pretrained_embedding_layer):
    keras = _keras()
    c = Checker(pretrained_embedding_layer, "pretrained_embedding_layer",
                error_hints=[(IndexError, r"out of bounds",
                              "The matrix needs a row for every index, 0 (padding) to len(word_to_index): "
                              "vocab_size = len(word_to_index) + 1 rows."),
                             (ValueError, r"has no variables|weights list of length|expected 0 variables",
                              "The layer has no weights before it is built: call "
                              "embedding_layer.build((None,)) before set_weights, or give the matrix to "
                              "the constructor: Embedding(vocab_size, emb_dim, weights=[emb_matrix], "
                              "trainable=False).")])
    w2v, w2i = _word_to_vec_map(), _word_to_index()
    expected = ref.embedding_matrix(w2v, w2i)
    with keras_names_kept():
        layer = c.call(w2v, w2i)
        if not isinstance(layer, keras.layers.Embedding):
            c.fail("should return a keras Embedding layer", got=describe(layer),
                   hint="embedding_layer = Embedding(vocab_size, emb_dim, trainable=False); return the "
                   "layer itself, not a tensor or a matrix.")
        if layer.input_dim != expected.shape[0]:
            c.fail(f"the Embedding has input_dim {layer.input_dim}; expected {expected.shape[0]}",
                   hint="One row per index from 0 to len(word_to_index): vocab_size = len(word_to_index) "
                   "+ 1 (index 0 is the padding of sentences_to_indices).")
        if layer.output_dim != expected.shape[1]:
            c.fail(f"the Embedding has output_dim {layer.output_dim}; expected {expected.shape[1]}",
                   hint="emb_dim is the length of a word vector: word_to_vec_map[any_word].shape[0].")
        if layer.trainable:
            c.fail("the Embedding is trainable; it must be frozen",
                   hint="Pass trainable=False: the pretrained vectors must not change in training, so "
                   "that words absent from the training sentences keep vectors that match the others.")
        try:
            weights = _embedding_weights(layer)
        except Exception as exc:
            c.fail(f"its weights could not be read: {type(exc).__name__}: {exc}")
        shifted = np.zeros_like(expected)
        shifted[:-1] = expected[1:]
        c.same_array(weights, expected.astype(np.float32), what="the Embedding's weight matrix", rtol=1e-6,
                     atol=1e-6, check_dtype=False, mistakes={
                         "the weights were never set (they are Keras's random initial values or "
                         "zeros): call embedding_layer.set_weights([emb_matrix])": np.zeros_like(expected),
                         "each vector is one row too high: row word_to_index[word] holds the word's "
                         "vector, and row 0 stays zeros": shifted},
                     hint="Row word_to_index[w] must hold word_to_vec_map[w] (take the index from the "
                     "dict, not from the order of the words), and row 0 zeros.")
    c.ok(f"a frozen keras Embedding, input_dim len(word_to_index) + 1 = {expected.shape[0]}, "
         f"output_dim {expected.shape[1]}")
    c.ok("row word_to_index[w] holds w's vector; row 0 is zeros")
    c.done()


# ---------------------------------------------------------------------------------------------
# Emojify_V2

SETTINGS = ARCHITECTURE_SETTINGS + ("input_dim", "output_dim", "trainable")
V2_HINT = ("The model: Input(shape=input_shape, dtype='int32') -> pretrained_embedding_layer(...) -> "
           "LSTM(128, return_sequences=True) -> Dropout(0.5) -> LSTM(128, return_sequences=False) -> "
           "Dropout(0.5) -> Dense(5) -> Activation('softmax').")


def _v2_hint(problem, model):
    keras = _keras()
    lstms = [layer for layer in getattr(model, "layers", []) if isinstance(layer, keras.layers.LSTM)]
    if isinstance(model, keras.Model) and len(lstms) != 2:
        return (f"the model has {len(lstms)} LSTM layer(s); V2 stacks two LSTM layers of 128 units, the "
                "first with return_sequences=True. " + V2_HINT)
    if "Embedding with trainable" in problem or "Embedding has" in problem:
        return ("Make the embedding with pretrained_embedding_layer(word_to_vec_map, word_to_index): "
                "a new Embedding would be trainable and hold random vectors.")
    if "return_sequences" in problem or "LSTM output shape" in problem:
        return ("The first LSTM returns the whole sequence (return_sequences=True) for the second "
                "one to read; the second returns its last output only (return_sequences=False).")
    if "Dropout" in problem:
        return "Each LSTM is followed by Dropout(0.5)."
    return V2_HINT


def check_Emojify_V2(Emojify_V2):
    keras = _keras()
    c = Checker(Emojify_V2, "Emojify_V2",
                uses={"pretrained_embedding_layer": (ref.pretrained_embedding_layer,
                                                     check_pretrained_embedding_layer)},
                error_hints=[(ValueError, r"expected ndim=3, found ndim=2",
                              "The second LSTM reads a sequence: the first must return one, "
                              "LSTM(128, return_sequences=True).")])
    w2v, w2i = _word_to_vec_map(), _word_to_index()
    max_len = 7
    with keras_names_kept():
        model = c.call((max_len,), w2v, w2i)
        references = [ref.Emojify_V2((max_len,), w2v, w2i, softmax_in_dense=s) for s in (False, True)]
        problems = [architecture_difference(model, describe_model(r, SETTINGS), input_shape=(None, max_len))
                    for r in references]
    if None not in problems:
        raise CheckFailed(c._with_notes(f"Emojify_V2(input_shape=({max_len},), ...): {problems[0]}\n"
                                        f"  hint: {_v2_hint(problems[0], model)}"))
    reference = references[problems.index(None)]
    embedding = next(layer for layer in model.layers if isinstance(layer, keras.layers.Embedding))
    c.same_array(_embedding_weights(embedding), ref.embedding_matrix(w2v, w2i).astype(np.float32),
                 what="the Embedding's weight matrix", check_dtype=False, rtol=1e-6, atol=1e-6,
                 hint="Make the embedding with pretrained_embedding_layer(word_to_vec_map, word_to_index).")
    model.set_weights(reference.get_weights())
    indices = np.random.default_rng(3).integers(0, len(w2i) + 1, (4, max_len)).astype(np.int32)
    got = np.asarray(model(indices, training=False))
    c.same_array(got, np.asarray(reference(indices, training=False)), what="the outputs with the "
                 "reference's weights", rtol=1e-4, atol=1e-5, check_dtype=False, hint=V2_HINT)
    c.ok(f"layer by layer as the reference: frozen Embedding, LSTM 128 (sequences), Dropout 0.5, LSTM "
         f"128, Dropout 0.5, Dense 5, softmax; {model.count_params():,} parameters for a vocabulary of "
         f"{len(w2i)} words")
    c.ok("the embedding holds the word vectors; the outputs match the reference's")
    c.done()
