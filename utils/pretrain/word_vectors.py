"""The project's 50-d word vectors: `python -m utils.pretrain word_vectors`.

course5_sequence_models/w2_a1_word_vector_operations.ipynb (analogies, debiasing) and
w2_a2_emojify.ipynb read `datasets/pretrained/word_vectors.50d.txt`, written in GloVe's own text
format (`word v1 ... v50`, one word a line), so that the original GloVe file loads the same way.

The corpus is `utils.datagen.word_corpus` (templated sentences over real vocabularies). The
trainer is GloVe (Pennington, Socher and Manning, 2014) in NumPy:

1. co-occurrence counts X_ij over a symmetric window of WINDOW words, a pair d words apart
   counting 1/d;
2. minimise sum_ij f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2 over the nonzero X_ij, with
   f(x) = min(1, (x / X_MAX) ** ALPHA), by AdaGrad. The vocabulary is small (under 2,000 words),
   so X is a dense matrix and every step uses the whole of it (full-batch AdaGrad): no sampling
   order, hence the same bytes on every run with the same seed;
3. the vectors are W + W~, written with DECIMALS decimals.

The held-out figures (the notebook's analogy rule, cos(e_b - e_a, e_d - e_c), input words
excluded; the planted gender skew; the unseen Emojify synonyms) are computed here and written into
the card.
"""

import os
import time
from pathlib import Path

import numpy as np

DESCRIPTION = ("50-d word vectors in GloVe text format, trained by the project's NumPy GloVe on its "
               "templated corpus; loaded by course5_sequence_models/w2_a1_word_vector_operations.ipynb "
               "and w2_a2_emojify.ipynb.")
FILE = "pretrained/word_vectors.50d.txt"
DIM = 50
WINDOW = 6
X_MAX = 50.0
ALPHA = 0.75
LEARNING_RATE = 0.1
EPOCHS = 200
DECIMALS = 5
SMOOTHING = 0.05


def vocabulary(corpus):
    """Words sorted by falling count, ties alphabetical: a fixed order for a fixed corpus."""
    counts = {}
    for sentence in corpus:
        for word in sentence:
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


def cooccurrence(corpus, word_to_index, window=WINDOW):
    """The dense symmetric co-occurrence matrix, shape (V, V): a pair d words apart adds 1/d."""
    V = len(word_to_index)
    longest = max(len(s) for s in corpus)
    ids = np.full((len(corpus), longest), -1, dtype=np.int64)             # (n_sentences, longest)
    for row, sentence in enumerate(corpus):
        ids[row, :len(sentence)] = [word_to_index[w] for w in sentence]
    X = np.zeros(V * V)
    for d in range(1, window + 1):
        left, right = ids[:, :-d].ravel(), ids[:, d:].ravel()
        keep = (left >= 0) & (right >= 0)
        X += np.bincount(left[keep] * V + right[keep], minlength=V * V) / d
    X = X.reshape(V, V)
    return X + X.T


def train_glove(X, dim=DIM, epochs=EPOCHS, learning_rate=LEARNING_RATE, x_max=X_MAX, alpha=ALPHA,
                smoothing=SMOOTHING, seed=0, log_every=0):
    """GloVe on a dense co-occurrence matrix X (V, V) by full-batch AdaGrad.

    Returns (vectors W + W~ of shape (V, dim), the weighted cost after each epoch).
    """
    rng = np.random.default_rng(seed)
    V = X.shape[0]
    W = (rng.random((V, dim)) - 0.5) / dim                    # (V, dim), GloVe's initialisation
    Wt = (rng.random((V, dim)) - 0.5) / dim
    b, bt = np.zeros(V), np.zeros(V)
    X = X + smoothing
    mask = X > 0
    weight = np.where(mask, np.minimum(1.0, (X / x_max) ** alpha), 0.0)    # f(X_ij), 0 where X_ij = 0
    log_X = np.log(np.where(mask, X, 1.0))
    sq = [np.ones_like(p) for p in (W, Wt, b, bt)]            # AdaGrad's sums of squared gradients
    costs = []
    for epoch in range(epochs):
        inner = W @ Wt.T + b[:, None] + bt[None, :] - log_X   # (V, V)
        fdiff = weight * inner
        costs.append(float(0.5 * np.sum(fdiff * inner)))
        grads = (fdiff @ Wt, fdiff.T @ W, fdiff.sum(axis=1), fdiff.sum(axis=0))
        for param, grad, acc in zip((W, Wt, b, bt), grads, sq):
            acc += grad ** 2
            param -= learning_rate * grad / np.sqrt(acc)
        if log_every and (epoch + 1) % log_every == 0:
            print(f"epoch {epoch + 1}/{epochs}: cost {costs[-1]:.1f}", flush=True)
    return W + Wt, costs


def format_vectors(words, vectors, decimals=DECIMALS):
    """GloVe's text format: `word v1 ... v50`, one line a word."""
    fmt = f"{{:.{decimals}f}}"
    lines = []
    for word, row in zip(words, vectors):
        values = [fmt.format(v) for v in row]
        lines.append(word + " " + " ".join("0." + "0" * decimals if v == "-0." + "0" * decimals else v
                                           for v in values))
    return "\n".join(lines) + "\n"


# -- evaluation -----------------------------------------------------------------------------------

def _unit_rows(matrix):
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def solve_analogies(questions, words, vectors):
    """The notebook's rule, vectorised: for a:b :: c:?, the word d (not a, b or c) that maximises
    cos(e_b - e_a, e_d - e_c). `questions` is a list of (a, b, c); returns the list of answers."""
    index = {w: i for i, w in enumerate(words)}
    answers = []
    for a, b, c in questions:
        offset = vectors[index[b]] - vectors[index[a]]                       # (dim,)
        candidates = vectors - vectors[index[c]]                             # (V, dim)
        scores = _unit_rows(candidates) @ (offset / np.linalg.norm(offset))
        scores[[index[a], index[b], index[c]]] = -np.inf
        answers.append(words[int(np.argmax(scores))])
    return answers


def analogy_sets(table=None):
    """Analogy questions by relation, as {relation: [(a, b, c, expected d), ...]}: every pair of
    consecutive entries of each relation (the last paired with the first)."""
    from utils.datagen import word_corpus

    table = table or word_corpus.country_table()
    sets = {}

    def chain(name, pairs):
        sets[name] = [(a, b, c, d) for (a, b), (c, d) in zip(pairs, pairs[1:] + pairs[:1])]

    chain("gender", [(m, f) for m, f, _ in word_corpus.GENDER_PAIRS])
    chain("country:capital", [(r["country"], r["capital"]) for r in table])
    chain("country:nationality", [(r["country"], r["nationality"]) for r in table])
    unique = [r for r in table if sum(s["currency"] == r["currency"] for s in table) == 1]
    chain("country:currency (currencies of one country)", [(r["country"], r["currency"]) for r in unique])
    chain("adjective:comparative", [(a, c) for a, c, _, _ in word_corpus.ADJECTIVES])
    chain("adjective:superlative", [(a, s) for a, _, s, _ in word_corpus.ADJECTIVES])
    return sets


SHOWCASE = [("man", "woman", "king", "queen"), ("father", "mother", "son", "daughter"),
            ("boy", "girl", "brother", "sister"), ("he", "she", "husband", "wife"),
            ("prince", "princess", "actor", "actress"), ("france", "paris", "japan", "tokyo"),
            ("india", "delhi", "egypt", "cairo"), ("italy", "italian", "germany", "german"),
            ("spain", "spanish", "greece", "greek"), ("japan", "yen", "thailand", "baht"),
            ("russia", "ruble", "poland", "zloty"), ("small", "smaller", "large", "larger"),
            ("tall", "tallest", "fast", "fastest"), ("cold", "colder", "hot", "hotter")]


def unseen_synonym_rate(words, vectors):
    """For each UNSEEN Emojify word: is its class, by mean cosine to each class's TRAIN words, its
    own? Returns (rate, {word: nearest class})."""
    from utils.datagen import emoji_words

    index = {w: i for i, w in enumerate(words)}
    unit = _unit_rows(vectors)
    nearest = {}
    for unseen in emoji_words.UNSEEN.values():
        for word in unseen:
            means = {other: float(np.mean(unit[[index[w] for w in train]] @ unit[index[word]]))
                     for other, train in emoji_words.TRAIN.items()}
            nearest[word] = max(means, key=means.get)
    own = {w: label for label, unseen in emoji_words.UNSEEN.items() for w in unseen}
    rate = float(np.mean([nearest[w] == own[w] for w in nearest]))
    return rate, nearest


def gender_projections(words, vectors, occupations):
    """Cosine of each occupation with the gender direction g = mean over pairs of (female - male)."""
    index = {w: i for i, w in enumerate(words)}
    pairs = [("man", "woman"), ("he", "she"), ("father", "mother"), ("boy", "girl"), ("king", "queen")]
    g = np.mean([vectors[index[f]] - vectors[index[m]] for m, f in pairs], axis=0)
    g /= np.linalg.norm(g)
    return {w: float(_unit_rows(vectors[[index[w]]])[0] @ g) for w in occupations}


def evaluate(words, vectors, corpus=None):
    from utils.datagen import word_corpus

    figures = {}
    questions = [q[:3] for q in SHOWCASE]
    answers = solve_analogies(questions, words, vectors)
    right = sum(a == q[3] for a, q in zip(answers, SHOWCASE))
    figures["showcase analogies right"] = f"{right} of {len(SHOWCASE)}"
    for name, items in analogy_sets().items():
        got = solve_analogies([q[:3] for q in items], words, vectors)
        figures[f"analogies {name}"] = f"{sum(a == q[3] for a, q in zip(got, items))} of {len(items)}"
    rate, _ = unseen_synonym_rate(words, vectors)
    figures["unseen Emojify synonyms nearest their own class"] = rate
    projections = gender_projections(words, vectors, list(word_corpus.OCCUPATIONS))
    she = [w for w, r in word_corpus.OCCUPATION_SHE_RATE.items() if r > 0.5]
    he = [w for w, r in word_corpus.OCCUPATION_SHE_RATE.items() if r < 0.5]
    neutral = [w for w in word_corpus.OCCUPATIONS if w not in word_corpus.OCCUPATION_SHE_RATE]
    figures["mean cos(g) of the she-skewed occupations"] = float(np.mean([projections[w] for w in she]))
    figures["mean cos(g) of the he-skewed occupations"] = float(np.mean([projections[w] for w in he]))
    figures["mean cos(g) of the unskewed occupations"] = float(np.mean([projections[w] for w in neutral]))
    return figures, answers, projections


def build_vectors(seed=0, smoke=False, log_every=0):
    """Corpus, counts and GloVe: returns (words, vectors, facts about the run)."""
    from utils.datagen import word_corpus

    start = time.perf_counter()
    word_corpus.check_vocabulary()
    corpus = word_corpus.sentences(seed)
    if smoke:
        corpus = corpus[:3000]
    words = vocabulary(corpus)
    X = cooccurrence(corpus, {w: i for i, w in enumerate(words)})
    vectors, costs = train_glove(X, epochs=5 if smoke else EPOCHS, seed=seed, log_every=log_every)
    facts = {"sentences": len(corpus), "tokens": sum(map(len, corpus)), "vocabulary": len(words),
             "nonzero co-occurrences": int(np.count_nonzero(X)), "epochs": 5 if smoke else EPOCHS,
             "first epoch cost": costs[0], "last epoch cost": costs[-1],
             "seconds": time.perf_counter() - start}
    return words, vectors, facts, corpus


def write(out_dir, smoke=False, seed=0):
    """Train and write FILE under out_dir (through a temporary name); returns (path, figures,
    number of parameters)."""
    from utils.datagen import word_corpus

    words, vectors, facts, corpus = build_vectors(seed, smoke=smoke, log_every=0 if smoke else 100)
    path = Path(out_dir) / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(format_vectors(words, vectors))
        os.replace(partial, path)
    finally:
        if partial.exists():
            partial.unlink()
    figures = dict(facts)
    figures.pop("seconds")
    if not smoke:
        shipped_words, shipped = read_vectors(path)       # figures on the file as written (rounded)
        evaluated, answers, _ = evaluate(shipped_words, shipped)
        figures.update(evaluated)
        for (wa, wb, wc, wd), answer in zip(SHOWCASE, answers):
            verdict = "right" if answer == wd else f"expected {wd}"
            figures[f"{wa} : {wb} :: {wc} : ?"] = f"{answer} ({verdict})"
        skew = word_corpus.skew_report(corpus)
        she = [w for w, r in word_corpus.OCCUPATION_SHE_RATE.items() if r > 0.5]
        he = [w for w, r in word_corpus.OCCUPATION_SHE_RATE.items() if r < 0.5]
        neutral = [w for w in word_corpus.OCCUPATIONS if w not in word_corpus.OCCUPATION_SHE_RATE]
        for name, group in (("she-skewed", she), ("he-skewed", he), ("unskewed", neutral)):
            figures[f"share of female words in {name} occupation sentences"] = float(
                np.mean([skew[w] for w in group]))
    return path, figures, len(words) * DIM


def read_vectors(path):
    """(list of words in file order, array (V, dim)) from a GloVe text file."""
    words, rows = [], []
    with open(path, encoding="utf8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split(" ")
            words.append(parts[0])
            rows.append(np.array(parts[1:], dtype=np.float64))
    return words, np.stack(rows)


def check_file(path):
    """Raise if a written file is not GloVe text of DIM numbers a line with unique words."""
    words, vectors = read_vectors(path)
    if vectors.shape != (len(words), DIM) or len(set(words)) != len(words) or not np.isfinite(vectors).all():
        raise ValueError(f"{path} is not a GloVe text file of unique words with {DIM} finite numbers each")
