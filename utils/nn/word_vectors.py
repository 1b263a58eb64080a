"""Word vectors: reading GloVe text files, similarity, analogies and debiasing, and two figures.

Taught in course5_sequence_models/w2_a1_word_vector_operations.ipynb, whose grader compares the
learner's functions with the references here; w2_a2_emojify.ipynb reads the same vectors.

A word_to_vec_map is a dict {word (str): vector (np.ndarray of float64, shape (n,))}, n = 50 for
the project's vectors (`utils.data.word_vectors_path()`) and for the original glove.6B.50d.txt;
`read_glove_vecs` reads either.

The debiasing functions follow Bolukbasi, Chang, Zou, Saligrama and Kalai (2016), "Man is to
Computer Programmer as Woman is to Homemaker? Debiasing Word Embeddings", with the equations
the notebook states (the original course's).
"""

import numpy as np


def read_glove_vecs(glove_file):
    """Read a GloVe text file, one `word v1 v2 ... vn` line per word.

    Returns:
        words: the set of the file's words (str).
        word_to_vec_map: dict word -> np.ndarray of float64, shape (n,).
    """
    words = set()
    word_to_vec_map = {}
    with open(glove_file, encoding="utf8") as handle:
        for line in handle:
            fields = line.rstrip().split(" ")
            if len(fields) < 2:
                continue                        # a blank line
            words.add(fields[0])
            word_to_vec_map[fields[0]] = np.array(fields[1:], dtype=np.float64)
    return words, word_to_vec_map


# ---------------------------------------------------------------------------------------------
# The exercises' references


def cosine_similarity(u, v):
    """cos(theta) = u . v / (||u|| ||v||), and 0 when either norm is 0.

    Args:
        u, v: vectors of the same shape (n,).
    Returns:
        a float in [-1, 1].
    """
    norm_u = np.sqrt(np.sum(u * u))
    norm_v = np.sqrt(np.sum(v * v))
    if norm_u == 0 or norm_v == 0:
        return 0.0
    return float(np.dot(u, v) / (norm_u * norm_v))


def complete_analogy(word_a, word_b, word_c, word_to_vec_map):
    """a is to b as c is to the returned word: the word w, other than a, b and c, whose offset
    e_w - e_c is most similar (cosine) to e_b - e_a.

    Args:
        word_a, word_b, word_c: words of the map (str).
        word_to_vec_map: dict word -> vector of shape (n,).
    Returns:
        best_word: str.
    """
    word_a, word_b, word_c = word_a.lower(), word_b.lower(), word_c.lower()
    e_a, e_b, e_c = word_to_vec_map[word_a], word_to_vec_map[word_b], word_to_vec_map[word_c]
    max_cosine_sim = -100
    best_word = None
    for w in word_to_vec_map:
        if w in (word_a, word_b, word_c):
            continue
        similarity = cosine_similarity(e_b - e_a, word_to_vec_map[w] - e_c)
        if similarity > max_cosine_sim:
            max_cosine_sim, best_word = similarity, w
    return best_word


def neutralize(word, g, word_to_vec_map):
    """Remove from a word's vector its projection on the bias direction g.

    e_bias = (e . g / ||g||^2) g;  e_debiased = e - e_bias.

    Args:
        word: a word of the map (str).
        g: the bias direction, shape (n,) (any length, not necessarily 1).
        word_to_vec_map: dict word -> vector of shape (n,); not changed.
    Returns:
        e_debiased: shape (n,), orthogonal to g.
    """
    e = word_to_vec_map[word]
    e_biascomponent = np.dot(e, g) / np.sum(g * g) * g
    return e - e_biascomponent


def equalize(pair, bias_axis, word_to_vec_map):
    """Make a pair of words (e.g. ("actor", "actress")) differ only along the bias axis, by equal
    and opposite amounts, and share everything orthogonal to it.

    mu = (e_w1 + e_w2) / 2;  mu_B = (mu . g / ||g||^2) g;  mu_orth = mu - mu_B;
    e_wiB = (e_wi . g / ||g||^2) g;
    corrected_e_wiB = sqrt(|1 - ||mu_orth||^2|) (e_wiB - mu_B) / ||(e_wi - mu_orth) - mu_B||;
    e_i = corrected_e_wiB + mu_orth.

    Args:
        pair: two words of the map (str, str).
        bias_axis: the bias direction g, shape (n,).
        word_to_vec_map: dict word -> vector of shape (n,); not changed.
    Returns:
        e1, e2: the equalized vectors of the two words, shape (n,) each.
    """
    w1, w2 = pair
    e_w1, e_w2 = word_to_vec_map[w1], word_to_vec_map[w2]
    mu = (e_w1 + e_w2) / 2
    mu_B = np.dot(mu, bias_axis) / np.sum(bias_axis * bias_axis) * bias_axis
    mu_orth = mu - mu_B
    e_w1B = np.dot(e_w1, bias_axis) / np.sum(bias_axis * bias_axis) * bias_axis
    e_w2B = np.dot(e_w2, bias_axis) / np.sum(bias_axis * bias_axis) * bias_axis
    scale = np.sqrt(np.abs(1 - np.sum(mu_orth * mu_orth)))
    corrected_e_w1B = scale * (e_w1B - mu_B) / np.linalg.norm(e_w1 - mu_orth - mu_B)
    corrected_e_w2B = scale * (e_w2B - mu_B) / np.linalg.norm(e_w2 - mu_orth - mu_B)
    return corrected_e_w1B + mu_orth, corrected_e_w2B + mu_orth


# ---------------------------------------------------------------------------------------------
# Scoring many analogies at once, and the figures


def analogy_answers(questions, word_to_vec_map):
    """complete_analogy's rule for many questions at once (one matrix product per question).

    Args:
        questions: list of (a, b, c) word triples.
    Returns:
        the list of answers (str), the same words complete_analogy returns.
    """
    words = list(word_to_vec_map)
    index = {w: i for i, w in enumerate(words)}
    E = np.stack([word_to_vec_map[w] for w in words])                     # (V, n)
    answers = []
    for a, b, c in questions:
        offset = E[index[b]] - E[index[a]]                                # (n,)
        candidates = E - E[index[c]]                                      # (V, n)
        norms = np.linalg.norm(candidates, axis=1) * np.linalg.norm(offset)
        scores = np.where(norms > 0, candidates @ offset / np.where(norms > 0, norms, 1), 0.0)
        scores[[index[a], index[b], index[c]]] = -np.inf
        answers.append(words[int(np.argmax(scores))])
    return answers


def plot_projections(words, before, after, title, ax=None):
    """Bars of each word's projection on the bias direction, before and after neutralize."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(max(6, 0.55 * len(words)), 4))
    x = np.arange(len(words))
    ax.bar(x - 0.2, before, width=0.4, label="before neutralize", color="tab:purple")
    ax.bar(x + 0.2, after, width=0.4, label="after neutralize", color="tab:green")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels(words, rotation=45, ha="right")
    ax.set_ylabel("cosine similarity with g")
    ax.set_title(title)
    ax.legend()
    plt.tight_layout()
    return ax


def plot_word_groups(word_to_vec_map, groups, title, ax=None):
    """The words of a few groups on the first two principal components of their vectors.

    Args:
        groups: dict group name -> list of words; each group gets its own colour.
    """
    import matplotlib.pyplot as plt

    names = [w for group in groups.values() for w in group]
    E = np.stack([word_to_vec_map[w] for w in names])                     # (k, n)
    centred = E - E.mean(axis=0)
    _, _, Vt = np.linalg.svd(centred, full_matrices=False)
    points = centred @ Vt[:2].T                                           # (k, 2)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 5.5))
    start = 0
    for name, group in groups.items():
        block = points[start:start + len(group)]
        ax.scatter(block[:, 0], block[:, 1], label=name, s=30)
        for (px, py), word in zip(block, group):
            ax.annotate(word, (px, py), xytext=(3, 3), textcoords="offset points", fontsize=9)
        start += len(group)
    ax.set_xlabel("principal component 1")
    ax.set_ylabel("principal component 2")
    ax.set_title(title)
    ax.legend()
    plt.tight_layout()
    return ax
