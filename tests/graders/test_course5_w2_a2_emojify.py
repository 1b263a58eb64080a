"""Graders of course5_sequence_models/w2_a2 (solution and blank stub: tests/test_grader_contract.py):
wrong versions of every exercise are rejected with the mistake named, and code written for the
original course passes. Also: the `emojify` data keep their promises (every word has a vector, the
test set's UNSEEN words are absent from training) and the emo_utils-style helpers behave."""

import numpy as np
from helpers import passes, rejects

from utils import data
from utils.datagen import emoji_words
from utils.graders.course5_sequence_models import w2_a2_emojify as grader
from utils.nn import emojify as ref
from utils.notebook import import_tensorflow

import_tensorflow()
from keras.initializers import Constant  # noqa: E402  (after TensorFlow's quiet import)
from keras.layers import LSTM, Activation, Dense, Dropout, Embedding, Input  # noqa: E402
from keras.models import Model  # noqa: E402

# ---------------------------------------------------------------------------------------------
# sentence_to_avg


def avg_version(lower=True, skip=True, divide="known", guard=True):
    def sentence_to_avg(sentence, word_to_vec_map):
        any_word = next(iter(word_to_vec_map))
        avg = np.zeros(word_to_vec_map[any_word].shape)
        words = (sentence.lower() if lower else sentence).split()
        count = 0
        for w in words:
            if skip and w not in word_to_vec_map:
                continue
            avg += word_to_vec_map[w]
            count += 1
        if divide == "all":
            return avg / len(words)
        if divide == "none":
            return avg
        if guard and count == 0:
            return avg
        with np.errstate(all="ignore"):
            return avg / count
    return sentence_to_avg


def test_sentence_to_avg_wrong_versions():
    check = grader.check_sentence_to_avg
    rejects(check, avg_version(lower=False), "not lower-cased", "sentence.lower()")
    rejects(check, avg_version(divide="all"), "divided by the number of all words")
    rejects(check, avg_version(divide="none"), "summed, not averaged")
    rejects(check, avg_version(skip=False), "raised KeyError", "has no vector", "skip the words")
    rejects(check, avg_version(lower=False, skip=False), "raised KeyError", "lower-case")
    rejects(check, avg_version(guard=False), "contains nan", "zeros when no word is known")
    rejects(check, lambda s, w: list(ref.sentence_to_avg(s, w)), "should be a NumPy array")
    rejects(check, lambda s, w: None, "is None")


def test_sentence_to_avg_in_the_newest_original_style_passes():
    def sentence_to_avg(sentence, word_to_vec_map):
        any_word = list(word_to_vec_map.keys())[0]
        words = sentence.lower().split()
        avg = np.zeros(word_to_vec_map[any_word].shape)
        count = 0
        for w in words:
            if w in word_to_vec_map:
                avg += word_to_vec_map[w]
                count += 1
        if count > 0:
            avg = avg / count
        return avg

    passes(grader.check_sentence_to_avg, sentence_to_avg)


# ---------------------------------------------------------------------------------------------
# model


def model_version(variant="sgd", returns=3, cost_sign=1):
    def model(X, Y, word_to_vec_map, learning_rate=0.01, num_iterations=400):
        any_word = next(iter(word_to_vec_map))
        m = Y.shape[0]
        n_y = len(np.unique(Y))
        n_h = word_to_vec_map[any_word].shape[0]
        W = np.random.randn(n_y, n_h) / np.sqrt(n_h)
        b = np.zeros((n_y,))
        Y_oh = ref.convert_to_one_hot(Y, C=n_y)
        for t in range(num_iterations):
            cost, dW, db = 0, 0, 0
            for i in range(m):
                avg = ref.sentence_to_avg(X[i], word_to_vec_map)
                z = np.dot(W, avg) + b
                a = z if variant == "no_softmax" else ref.softmax(z)
                with np.errstate(all="ignore"):
                    cost += -cost_sign * np.sum(np.dot(Y_oh[i], np.log(a)))
                dz = a - Y_oh[i]
                if variant == "accumulated":                  # the original course's given lines
                    dW += np.dot(dz.reshape(n_y, 1), avg.reshape(1, n_h))
                    db += dz
                else:
                    dW, db = np.dot(dz.reshape(n_y, 1), avg.reshape(1, n_h)), dz
                if variant == "sign":
                    W, b = W + learning_rate * dW, b + learning_rate * db
                else:
                    W = W - learning_rate * dW
                    b = b if variant == "no_bias" else b - learning_rate * db
            if t % 100 == 0:
                print("Epoch: " + str(t) + " --- cost = " + str(cost))
                pred = ref.predict(X, Y, W, b, word_to_vec_map)
        return (pred, W, b) if returns == 3 else (W, b)
    return model


def test_model_wrong_versions():
    check = grader.check_model
    rejects(check, model_version("no_softmax"), "W after 3 iterations", "without the softmax")
    rejects(check, model_version("sign"), "up the gradient")
    rejects(check, model_version("no_bias"), "after 3 iterations", "b is not updated")
    rejects(check, model_version(cost_sign=-1), "the cost printed at iteration 0 is wrong")
    rejects(check, model_version(returns=2), "should be a tuple of 3 values")


def test_model_with_the_original_courses_given_update_passes():
    passes(grader.check_model, model_version("accumulated"))
    passes(grader.check_model, model_version("sgd"))


# ---------------------------------------------------------------------------------------------
# sentences_to_indices


def indices_version(lower=True, pad=0.0, shift=0, start=0, skip=True, dtype=float):
    def sentences_to_indices(X, word_to_index, max_len):
        m = X.shape[0]
        X_indices = np.full((m, max_len), pad, dtype=dtype)
        for i in range(m):
            j = start
            for w in (X[i].lower() if lower else X[i]).split():
                if skip and w not in word_to_index:
                    continue
                X_indices[i, j] = word_to_index[w] + shift
                j += 1
        return X_indices
    return sentences_to_indices


def test_sentences_to_indices_wrong_versions():
    check = grader.check_sentences_to_indices
    rejects(check, indices_version(lower=False), "not lower-cased")
    rejects(check, indices_version(pad=-1.0), "padded with -1")
    rejects(check, indices_version(pad=1.0), "padded with ones")
    rejects(check, indices_version(shift=-1), "off by one")
    rejects(check, indices_version(start=1), "column 1")
    rejects(check, indices_version(skip=False), "raised KeyError", "`if w in word_to_index:`")


def test_sentences_to_indices_integers_and_the_original_style_pass():
    passes(grader.check_sentences_to_indices, indices_version(dtype=np.int64))

    def sentences_to_indices(X, word_to_index, max_len):
        m = X.shape[0]
        X_indices = np.zeros((m, max_len))
        for i in range(m):
            sentence_words = X[i].lower().split()
            j = 0
            for w in sentence_words:
                if w in word_to_index:
                    X_indices[i, j] = word_to_index[w]
                    j = j + 1
        return X_indices

    passes(grader.check_sentences_to_indices, sentences_to_indices)


# ---------------------------------------------------------------------------------------------
# pretrained_embedding_layer


def embedding_version(extra_row=1, shift=0, trainable=False, order="dict", how="set_weights"):
    def pretrained_embedding_layer(word_to_vec_map, word_to_index):
        vocab_size = len(word_to_index) + extra_row
        any_word = next(iter(word_to_vec_map))
        emb_dim = word_to_vec_map[any_word].shape[0]
        emb_matrix = np.zeros((vocab_size, emb_dim))
        for k, (word, idx) in enumerate(word_to_index.items()):
            emb_matrix[(k + 1 if order == "enumerate" else idx) + shift, :] = word_to_vec_map[word]
        if how == "weights":
            return Embedding(vocab_size, emb_dim, weights=[emb_matrix], trainable=trainable)
        if how == "constant":
            return Embedding(vocab_size, emb_dim, embeddings_initializer=Constant(emb_matrix),
                             trainable=trainable)
        if how == "matrix":
            return emb_matrix
        layer = Embedding(vocab_size, emb_dim, trainable=trainable)
        layer.build((None,))
        if how == "set_weights":
            layer.set_weights([emb_matrix])
        return layer
    return pretrained_embedding_layer


def test_pretrained_embedding_layer_wrong_versions():
    check = grader.check_pretrained_embedding_layer
    rejects(check, embedding_version(trainable=True), "trainable; it must be frozen", "trainable=False")
    rejects(check, embedding_version(extra_row=0), "raised IndexError", "len(word_to_index) + 1")
    rejects(check, embedding_version(extra_row=2), "input_dim 17; expected 16")
    rejects(check, embedding_version(shift=-1), "one row too high")
    rejects(check, embedding_version(order="enumerate"), "wrong values", "take the index from the dict")
    rejects(check, embedding_version(how="build only"), "wrong values")
    rejects(check, embedding_version(how="matrix"), "should return a keras Embedding layer")


def test_pretrained_embedding_layer_keras_3_ways_pass():
    passes(grader.check_pretrained_embedding_layer, embedding_version(how="weights"))
    passes(grader.check_pretrained_embedding_layer, embedding_version(how="constant"))


# ---------------------------------------------------------------------------------------------
# Emojify_V2


def v2_version(units=128, first_sequences=True, second_sequences=False, dropout=True, layers=2,
               own_embedding=False, softmax_in_dense=False):
    def Emojify_V2(input_shape, word_to_vec_map, word_to_index):
        sentence_indices = Input(shape=input_shape, dtype="int32")
        if own_embedding:
            embedding_layer = Embedding(len(word_to_index) + 1, 4)
        else:
            embedding_layer = ref.pretrained_embedding_layer(word_to_vec_map, word_to_index)
        X = embedding_layer(sentence_indices)
        if layers == 2:
            X = LSTM(units, return_sequences=first_sequences)(X)
            X = Dropout(0.5)(X) if dropout else X
        X = LSTM(units, return_sequences=second_sequences)(X)
        X = Dropout(0.5)(X) if dropout else X
        X = Dense(5, activation="softmax")(X) if softmax_in_dense else Activation("softmax")(Dense(5)(X))
        return Model(inputs=sentence_indices, outputs=X)
    return Emojify_V2


def test_Emojify_V2_wrong_versions():
    check = grader.check_Emojify_V2
    rejects(check, v2_version(layers=1), "the model has 1 LSTM layer(s)", "two LSTM layers")
    rejects(check, v2_version(first_sequences=False), "raised ValueError", "return_sequences=True")
    rejects(check, v2_version(second_sequences=True), "LSTM", "return_sequences")
    rejects(check, v2_version(dropout=False), "Dropout")
    rejects(check, v2_version(units=64), "expected LSTM with units 128, found units 64")
    rejects(check, v2_version(own_embedding=True), "Embedding", "pretrained_embedding_layer")
    rejects(check, lambda *a: None, "expected a keras Model, got None")


def test_Emojify_V2_with_the_softmax_inside_the_dense_layer_passes():
    passes(grader.check_Emojify_V2, v2_version(softmax_in_dense=True))
    passes(grader.check_Emojify_V2, v2_version())


# ---------------------------------------------------------------------------------------------
# The data and the helpers


def test_emojify_data_keep_their_promises():
    X_train, Y_train, X_test, Y_test = data.load_emojify()
    assert len(X_train) >= 132 and len(X_test) >= 56
    assert set(Y_train) == set(Y_test) == set(range(5))
    train_words = {w for s in X_train for w in s.lower().split()}
    test_words = {w for s in X_test for w in s.lower().split()}
    unseen = {w for words in emoji_words.UNSEEN.values() for w in words}
    assert unseen <= test_words and not unseen & train_words
    _, word_to_vec_map = None, ref.read_glove_vecs(data.word_vectors_path())[2]
    missing = sorted((train_words | test_words) - set(word_to_vec_map))
    assert not missing, f"words of the emojify sentences without a vector: {missing}"


def test_read_glove_vecs_numbers_the_sorted_words_from_1(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text("the 0.1 0.2\ncat -1 2.5\napple 3 4\n")
    words_to_index, index_to_words, word_to_vec_map = ref.read_glove_vecs(path)
    assert words_to_index == {"apple": 1, "cat": 2, "the": 3}
    assert index_to_words[2] == "cat"
    assert word_to_vec_map["cat"].dtype == np.float64 and word_to_vec_map["cat"].tolist() == [-1.0, 2.5]


def test_helpers():
    assert ref.convert_to_one_hot(np.array([2, 0]), C=3).tolist() == [[0, 0, 1], [1, 0, 0]]
    assert ref.label_to_emoji(3) == emoji_words.EMOJI[3]
    C = ref.confusion_matrix(np.array([0, 1, 1, 4]), np.array([[0], [1], [2], [4]]))
    assert C.shape == (5, 5) and C[1, 2] == 1 and C.trace() == 3
