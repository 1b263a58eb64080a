"""Emojify (course5_sequence_models/w2_a2): the given helpers and the reference exercises.

The given helpers keep the original course's `emo_utils` names and conventions:
`read_glove_vecs(glove_file)` -> (words_to_index, index_to_words, word_to_vec_map), with indices
1..N over the sorted words (0 is left for padding); `read_csv`, `convert_to_one_hot`, `softmax`,
`label_to_emoji`, `predict` (which prints the accuracy, as the original), `print_predictions` and
a confusion matrix (`confusion_matrix`, `plot_confusion_matrix`, matplotlib only).

The exercises, as the notebook's solutions: `sentence_to_avg` and `model` (V1: a softmax on the
average of a sentence's word vectors, trained with NumPy), `sentences_to_indices`,
`pretrained_embedding_layer` and `Emojify_V2` (V2: two LSTM layers over frozen word vectors, Keras).

The rule for words that have no vector, in both versions, is the newest original's: they are
skipped. A sentence's average is taken over its known words only (zeros when it has none), and
`sentences_to_indices` leaves them out, so the known words fill the row from the left.
Keras is imported only by the functions that build layers.
"""

import csv

import numpy as np

from utils.datagen.emoji_words import EMOJI, LABELS

N_CLASSES = len(LABELS)


# ---------------------------------------------------------------------------------------------
# Given helpers (the original's emo_utils)


def read_glove_vecs(glove_file):
    """Word vectors in GloVe's text format, one `word v1 ... vn` line each.

    Returns:
        words_to_index: {word: index}, indices 1..N in the sorted order of the words.
        index_to_words: {index: word}, the inverse.
        word_to_vec_map: {word: vector of shape (n,), float64}.
    """
    word_to_vec_map = {}
    with open(glove_file, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip().split(" ")
            if len(parts) > 1:
                word_to_vec_map[parts[0]] = np.array(parts[1:], dtype=np.float64)
    words_to_index = {word: i for i, word in enumerate(sorted(word_to_vec_map), start=1)}
    index_to_words = {i: word for word, i in words_to_index.items()}
    return words_to_index, index_to_words, word_to_vec_map


def read_csv(filename):
    """Sentences and labels from "sentence,label" lines: X (m,) of str, Y (m,) of int64."""
    phrases, labels = [], []
    with open(filename, newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if row:
                phrases.append(row[0].strip())
                labels.append(int(row[1]))
    return np.asarray(phrases), np.asarray(labels, dtype=np.int64)


def convert_to_one_hot(Y, C):
    """Labels (m,) -> one-hot rows (m, C)."""
    return np.eye(C)[np.asarray(Y).reshape(-1)]


def softmax(x):
    """Softmax of a vector (or of each row of a matrix), shifted by the maximum for stability."""
    e_x = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e_x / e_x.sum(axis=-1, keepdims=True)


def label_to_emoji(label):
    """The emoji of a label 0..4, as a plain Unicode string."""
    return EMOJI[int(label)]


def predict(X, Y, W, b, word_to_vec_map):
    """V1's predictions for the sentences X (m,), shape (m, 1); prints the accuracy on labels Y."""
    m = X.shape[0]
    pred = np.zeros((m, 1))
    for j in range(m):
        avg = sentence_to_avg(X[j], word_to_vec_map)
        pred[j] = np.argmax(softmax(W @ avg + b))                  # (n_y, n_h) @ (n_h,) + (n_y,)
    print(f"Accuracy: {np.mean(pred[:, 0] == np.asarray(Y).reshape(-1)):.6f}")
    return pred


def print_predictions(X, pred):
    """One line per sentence: the sentence and the emoji of its prediction."""
    for sentence, label in zip(X, np.asarray(pred).reshape(-1)):
        print(f"{sentence} {label_to_emoji(int(label))}")


def confusion_matrix(y_true, y_pred, n_classes=N_CLASSES):
    """Counts C of shape (n_classes, n_classes): C[i, j] sentences of class i predicted as j."""
    y_true = np.asarray(y_true).reshape(-1).astype(int)
    y_pred = np.asarray(y_pred).reshape(-1).astype(int)
    counts = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes)


def plot_confusion_matrix(y_actual, y_pred, title="Confusion matrix", ax=None):
    """Draw the confusion matrix with its counts; classes named by LABELS (matplotlib's default font
    has no colour emoji). Returns the matrix."""
    import matplotlib.pyplot as plt

    C = confusion_matrix(y_actual, y_pred)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.6, 4))
    ax.imshow(C, cmap="Blues")
    ax.grid(False)
    for (i, j), count in np.ndenumerate(C):
        ax.text(j, i, str(count), ha="center", va="center", color="white" if count > C.max() / 2 else "black")
    ax.set_xticks(range(N_CLASSES), LABELS)
    ax.set_yticks(range(N_CLASSES), LABELS)
    ax.set_xlabel("predicted")
    ax.set_ylabel("actual")
    ax.set_title(title)
    return C


# ---------------------------------------------------------------------------------------------
# V1: the average of the word vectors, then a softmax (NumPy)


def sentence_to_avg(sentence, word_to_vec_map):
    """The average of the vectors of a sentence's words, lower-cased; words without a vector are
    skipped, and a sentence with no known word gives zeros. Returns shape (n_h,)."""
    any_word = next(iter(word_to_vec_map))
    avg = np.zeros(word_to_vec_map[any_word].shape)
    count = 0
    for w in sentence.lower().split():
        if w in word_to_vec_map:
            avg += word_to_vec_map[w]
            count += 1
    return avg / count if count > 0 else avg


def model(X, Y, word_to_vec_map, learning_rate=0.01, num_iterations=400):
    """Train V1 with stochastic gradient descent, one sentence at a time.

    Args:
        X: sentences, shape (m,).  Y: labels 0..n_y-1, shape (m,).
    Returns:
        pred: predictions on X after the last report (every 100 iterations), shape (m, 1).
        W: weights, shape (n_y, n_h).  b: bias, shape (n_y,).
    """
    any_word = next(iter(word_to_vec_map))
    m = Y.shape[0]
    n_y = len(np.unique(Y))
    n_h = word_to_vec_map[any_word].shape[0]
    W = np.random.randn(n_y, n_h) / np.sqrt(n_h)
    b = np.zeros((n_y,))
    Y_oh = convert_to_one_hot(Y, C=n_y)
    for t in range(num_iterations):
        cost = 0.0
        for i in range(m):
            avg = sentence_to_avg(X[i], word_to_vec_map)          # (n_h,)
            z = W @ avg + b                                       # (n_y,)
            a = softmax(z)
            cost += -np.sum(Y_oh[i] * np.log(a))
            dz = a - Y_oh[i]                                      # (n_y,)
            dW = np.outer(dz, avg)                                # (n_y, n_h)
            db = dz
            W = W - learning_rate * dW
            b = b - learning_rate * db
        if t % 100 == 0:
            print(f"Epoch: {t} --- cost = {cost:.6f}")
            pred = predict(X, Y, W, b, word_to_vec_map)
    return pred, W, b


# ---------------------------------------------------------------------------------------------
# V2: word indices, a frozen embedding, two LSTM layers (Keras)


def sentences_to_indices(X, word_to_index, max_len):
    """Sentences (m,) -> word indices, shape (m, max_len): the known words of each lower-cased
    sentence from the left, zeros after them (index 0 is padding). Floats, as the original."""
    m = X.shape[0]
    X_indices = np.zeros((m, max_len))
    for i in range(m):
        j = 0
        for w in X[i].lower().split():
            if w in word_to_index:
                X_indices[i, j] = word_to_index[w]
                j += 1
    return X_indices


def embedding_matrix(word_to_vec_map, word_to_index):
    """The rows of the embedding: row word_to_index[w] holds w's vector, row 0 zeros.
    Shape (len(word_to_index) + 1, n)."""
    any_word = next(iter(word_to_vec_map))
    emb_matrix = np.zeros((len(word_to_index) + 1, word_to_vec_map[any_word].shape[0]))
    for word, idx in word_to_index.items():
        emb_matrix[idx, :] = word_to_vec_map[word]
    return emb_matrix


def pretrained_embedding_layer(word_to_vec_map, word_to_index):
    """A frozen keras Embedding that holds the word vectors (input_dim len(word_to_index) + 1)."""
    from keras.layers import Embedding

    emb_matrix = embedding_matrix(word_to_vec_map, word_to_index)
    vocab_size, emb_dim = emb_matrix.shape
    embedding_layer = Embedding(vocab_size, emb_dim, trainable=False)
    embedding_layer.build((None,))
    embedding_layer.set_weights([emb_matrix])
    return embedding_layer


def Emojify_V2(input_shape, word_to_vec_map, word_to_index, softmax_in_dense=False):
    """V2: indices (m, max_len) -> embedding -> LSTM 128 (sequences) -> dropout 0.5 -> LSTM 128 ->
    dropout 0.5 -> Dense 5 -> softmax. `softmax_in_dense` writes the last two as one
    Dense(5, activation="softmax") (graders accept both)."""
    from keras.layers import LSTM, Activation, Dense, Dropout, Input
    from keras.models import Model

    sentence_indices = Input(shape=input_shape, dtype="int32")
    embeddings = pretrained_embedding_layer(word_to_vec_map, word_to_index)(sentence_indices)
    X = LSTM(128, return_sequences=True)(embeddings)                  # (m, max_len, 128)
    X = Dropout(0.5)(X)
    X = LSTM(128, return_sequences=False)(X)                          # (m, 128)
    X = Dropout(0.5)(X)
    if softmax_in_dense:
        X = Dense(N_CLASSES, activation="softmax")(X)
    else:
        X = Activation("softmax")(Dense(N_CLASSES)(X))                # (m, 5)
    return Model(inputs=sentence_indices, outputs=X)
