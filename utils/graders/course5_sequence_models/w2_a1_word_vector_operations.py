"""Graders for course5_sequence_models/w2_a1_word_vector_operations.ipynb.

The checks work on small word_to_vec_maps of their own (a few words in 6 or 7 dimensions, built
with a gender direction, roles and noise, vector lengths between 0.5 and 3), never on the
notebook's 50-d vectors, and compare with the references in utils.nn.word_vectors. Known wrong
versions are computed too, so that a failure names the mistake: a dot product without the norms,
the input words not excluded from the search, b - a reversed, a search that starts at 0, the
projection taken on the wrong vector or divided by ||g|| instead of ||g||^2, the missing
sqrt(|1 - ||mu_orth||^2|) scaling (or its missing absolute value), mu in place of mu_orth.

complete_analogy runs with the reference cosine_similarity (see `uses` in utils.grading); a note
says when the learner's own does not pass yet. Code written for the original course's notebook
passes unchanged: a loop over word_to_vec_map.keys() with a best similarity starting at -100,
cosine_similarity that returns 1 when u equals v (never tried here on two zero vectors), the
original's variable names in neutralize and equalize. For equalize, the denominator of the
paper, ||e_wiB - mu_B||, is accepted beside the notebook's ||(e_wi - mu_orth) - mu_B||, with a
note; both make the pair symmetric about the axis.
"""

import numpy as np

from utils.grading import Checker, describe
from utils.nn import word_vectors as ref

# ---------------------------------------------------------------------------------------------
# Inputs


def _toy_map(seed=7):
    """Words built from a gender direction, a role and noise, in 7 dimensions."""
    rng = np.random.default_rng(seed)
    dim = 7
    gender = np.zeros(dim)
    gender[0] = 1.0
    roles = {name: rng.standard_normal(dim) * 1.2 for name in
             ("person", "child", "royal", "young_royal", "polite", "divine", "fruit", "water", "city")}
    for role in roles.values():
        role[0] = 0.0
    words = {}
    pairs = [("man", "woman", "person"), ("boy", "girl", "child"), ("king", "queen", "royal"),
             ("prince", "princess", "young_royal"), ("gentleman", "lady", "polite")]
    for male, female, role in pairs:
        words[male] = roles[role] - 0.8 * gender + rng.standard_normal(dim) * 0.12
        words[female] = roles[role] + 0.8 * gender + rng.standard_normal(dim) * 0.12
    words["man"] = roles["person"] - 0.8 * gender                 # an offset man -> woman along gender only
    words["woman"] = roles["person"] + 0.8 * gender
    words["gentleman"] = words["man"] + rng.standard_normal(dim) * 0.05     # nearly man
    words["goddess"] = roles["divine"] + 3.0 * gender                       # the most female word by far
    words["apple"] = roles["fruit"] * 1.8
    words["river"] = roles["water"] * 0.5
    words["paris"] = roles["city"] + rng.standard_normal(dim) * 0.3
    words["rome"] = roles["city"] + rng.standard_normal(dim) * 0.3
    words["france"] = words["paris"] - roles["city"] + roles["fruit"] * 0.3
    words["italy"] = words["rome"] - roles["city"] + roles["fruit"] * 0.3
    return {w: v.astype(np.float64) for w, v in words.items()}


ANALOGY_QUESTIONS = [("man", "woman", "king"), ("boy", "girl", "prince"), ("france", "paris", "italy"),
                     ("man", "woman", "gentleman"), ("man", "woman", "goddess"), ("king", "queen", "boy")]

# ---------------------------------------------------------------------------------------------
# Wrong versions


def _analogy_variant(word_a, word_b, word_c, word_to_vec_map, variant):
    e_a, e_b, e_c = (word_to_vec_map[w] for w in (word_a, word_b, word_c))
    best, best_word = (0 if variant == "start_at_zero" else -100), None
    excluded = {"no_exclusion": (), "only_c_excluded": (word_c,)}.get(variant, (word_a, word_b, word_c))
    for w, e_w in word_to_vec_map.items():
        if w in excluded:
            continue
        if variant == "reversed":
            score = ref.cosine_similarity(e_a - e_b, e_w - e_c)
        elif variant == "dot":
            score = float(np.dot(e_b - e_a, e_w - e_c))
        elif variant == "add":
            score = ref.cosine_similarity(e_w, e_b - e_a + e_c)
        else:
            score = ref.cosine_similarity(e_b - e_a, e_w - e_c)
        if score > best:
            best, best_word = score, w
    return best_word


ANALOGY_MISTAKES = {
    "no_exclusion": "the input words are not excluded from the search; with them, an input word (here "
                    "often word_b) can win. Skip w when it is word_a, word_b or word_c",
    "only_c_excluded": "only word_c is excluded; skip word_a and word_b too",
    "reversed": "the offset is reversed: compare e_b - e_a (from a to b) with e_w - e_c, not e_a - e_b",
    "dot": "that is the plain dot product of the offsets; it favours long vectors. Use "
           "cosine_similarity(e_b - e_a, e_w - e_c)",
    "add": "that is the word nearest e_b - e_a + e_c; this exercise compares the offsets, "
           "cosine_similarity(e_b - e_a, e_w - e_c)",
    "start_at_zero": "the best similarity starts at 0, so when every word scores below 0 no word is "
                     "ever chosen; start at -100 (any cosine is at least -1)",
}


def _project(e, g, divide="square"):
    denominator = {"square": np.sum(g * g), "norm": np.linalg.norm(g), "none": 1.0}[divide]
    return np.dot(e, g) / denominator * g


def _equalize_variant(pair, g, word_to_vec_map, variant=""):
    e1, e2 = word_to_vec_map[pair[0]], word_to_vec_map[pair[1]]
    divide = "norm" if variant == "projection_norm" else "square"
    mu = (e1 + e2) / 2
    mu_B = _project(mu, g, divide)
    mu_orth = mu - mu_B
    out = []
    for e in (e1, e2):
        e_B = _project(e, g, divide)
        inside = 1 - np.sum(mu_orth ** 2)
        if variant == "no_scale":
            scale = 1.0
        elif variant == "no_abs":
            with np.errstate(invalid="ignore"):
                scale = np.sqrt(inside)
        elif variant == "norm_not_squared":
            scale = np.sqrt(np.abs(1 - np.linalg.norm(mu_orth)))
        else:
            scale = np.sqrt(np.abs(inside))
        denominator = np.linalg.norm(e_B - mu_B) if variant == "paper" else np.linalg.norm(e - mu_orth - mu_B)
        corrected = scale * (e_B - mu_B) / denominator
        out.append(corrected + (mu if variant == "plus_mu" else mu_orth))
    return tuple(out[::-1]) if variant == "swapped" else tuple(out)


EQUALIZE_MISTAKES = {
    "no_scale": "the factor sqrt(|1 - ||mu_orth||^2|) is missing from corrected_e_w1B and corrected_e_w2B",
    "no_abs": "sqrt(1 - ||mu_orth||^2) without the absolute value is NaN when ||mu_orth|| > 1 (as for most "
              "real word vectors): take np.sqrt(np.abs(1 - ...))",
    "norm_not_squared": "the norm of mu_orth must be squared: sqrt(|1 - ||mu_orth||^2|), e.g. "
                        "np.sum(mu_orth ** 2)",
    "plus_mu": "e1 = corrected_e_w1B + mu_orth (the part orthogonal to the axis), not + mu",
    "swapped": "e1 and e2 are swapped: return the vector of pair[0] first",
    "projection_norm": "a projection on the axis divides by ||g||^2 (np.sum(g ** 2)), not by ||g||",
}


# ---------------------------------------------------------------------------------------------
# Checks


def check_cosine_similarity(cosine_similarity):
    c = Checker(cosine_similarity, "cosine_similarity")
    rng = np.random.default_rng(601)
    cases = [(rng.standard_normal(5) * 2.5, rng.standard_normal(5) * 0.4),
             (rng.standard_normal(50) * 3, rng.standard_normal(50)),
             (np.array([1.0, 2.0, -1.0]), np.array([-2.0, -4.0, 2.0]))]
    for u, v in cases:
        expected = ref.cosine_similarity(u, v)
        norm_u, norm_v = np.linalg.norm(u), np.linalg.norm(v)
        dot = float(np.dot(u, v))
        c.same_scalar(c.call(u, v), expected, what=f"cosine_similarity of two vectors of shape {u.shape}",
                      mistakes={
                          "that is the dot product u . v without dividing by the norms ||u|| ||v||": dot,
                          "divided by the squared norms; ||u|| is np.sqrt(np.sum(u ** 2)) or "
                          "np.linalg.norm(u)": dot / (norm_u ** 2 * norm_v ** 2),
                          "divided by ||u|| only; divide by ||u|| ||v||": dot / norm_u,
                          "divided by ||v|| only; divide by ||u|| ||v||": dot / norm_v,
                          "that is 1 - cos, a distance; return the similarity itself": 1 - expected,
                          "divided by the sum of the norms; divide by their product": dot / (norm_u + norm_v),
                      }, hint="cos = np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)).")
    c.ok("u . v / (||u|| ||v||) for vectors of 5 and 50 entries, opposite vectors give -1")
    u = rng.standard_normal(4)
    c.same_scalar(c.call(u, u.copy()), 1.0, what="cosine_similarity(u, u)")
    zero = np.zeros(4)
    c.same_scalar(c.call(zero, u), 0.0, what="cosine_similarity(np.zeros(4), u)",
                  hint="A vector of norm 0 has no direction: return 0 when ||u|| or ||v|| is 0 (test the "
                  "norms before dividing).")
    c.same_scalar(c.call(u, zero), 0.0, what="cosine_similarity(u, np.zeros(4))",
                  hint="Return 0 when ||u|| or ||v|| is 0 (test the norms before dividing).")
    c.ok("cos(u, u) = 1, and 0 when one vector is zero")
    c.done()


def check_complete_analogy(complete_analogy):
    c = Checker(complete_analogy, "complete_analogy",
                uses={"cosine_similarity": (ref.cosine_similarity, check_cosine_similarity)})
    word_to_vec_map = _toy_map()
    answers = []
    for a, b, cc in ANALOGY_QUESTIONS:
        got = c.call(a, b, cc, word_to_vec_map)
        if got is not None and not isinstance(got, str):
            c.fail(f"the answer should be a word (str), not {type(got).__name__}", got=describe(got),
                   hint="Return best_word, the key of word_to_vec_map, not its vector or its similarity.")
        answers.append(got)
    expected = [ref.complete_analogy(a, b, cc, word_to_vec_map) for a, b, cc in ANALOGY_QUESTIONS]
    if answers != expected:
        first = next(i for i, (g, e) in enumerate(zip(answers, expected)) if g != e)
        hint = None
        for variant, label in ANALOGY_MISTAKES.items():
            wrong = [_analogy_variant(a, b, cc, word_to_vec_map, variant) for a, b, cc in ANALOGY_QUESTIONS]
            if wrong == answers:
                hint = f"This looks like a known mistake: {label}."
                break
        a, b, cc = ANALOGY_QUESTIONS[first]
        c.last_call = (f"complete_analogy({a!r}, {b!r}, {cc!r}, word_to_vec_map of {len(word_to_vec_map)} "
                       "words)")
        c.fail(f"{a} : {b} :: {cc} : ? answered {answers[first]!r}", expected=repr(expected[first]),
               got=repr(answers[first]), hint=hint or (
                   "For every word w of the map other than the three inputs, compute "
                   "cosine_similarity(e_b - e_a, word_to_vec_map[w] - e_c) and keep the word with the "
                   "largest value."))
    c.ok(f"{len(ANALOGY_QUESTIONS)} analogies on a map of {len(word_to_vec_map)} words, input words "
         "excluded, one where every similarity is negative")
    c.done()


def check_neutralize(neutralize):
    c = Checker(neutralize, "neutralize")
    word_to_vec_map = _toy_map(8)
    rng = np.random.default_rng(602)
    g = rng.standard_normal(7) * 1.5                        # not of length 1, as woman - man is not
    for word in ("queen", "apple", "king"):
        e = word_to_vec_map[word]
        expected = ref.neutralize(word, g, word_to_vec_map)
        bias = _project(e, g)
        got = c.call(word, g, word_to_vec_map)
        c.same_array(got, expected, what=f"neutralize({word!r}, g, word_to_vec_map)", mistakes={
            "the projection was divided by ||g||, not ||g||^2: e_bias = (e . g / ||g||^2) g":
                e - _project(e, g, "norm"),
            "the projection was not divided by ||g||^2: e_bias = (e . g / ||g||^2) g":
                e - _project(e, g, "none"),
            "that projects on e instead of g: the bias component lies along g, (e . g / ||g||^2) g":
                e - np.dot(e, g) / np.sum(e * e) * e,
            "the bias component was added; subtract it: e_debiased = e - e_bias": e + bias,
            "that is the bias component itself; return e - e_bias": bias,
        }, hint="e_biascomponent = np.dot(e, g) / np.sum(g * g) * g, then e_debiased = e - e_biascomponent.")
        if abs(np.dot(got, g)) > 1e-8:
            c.fail(f"the result still has a component along g: its dot product with g is "
                   f"{np.dot(got, g):.3e}")
    c.ok("e - (e . g / ||g||^2) g for three words, with g not of length 1")
    c.ok("the result is orthogonal to g, and word_to_vec_map is left as it was")
    c.done()


def check_equalize(equalize):
    c = Checker(equalize, "equalize")
    word_to_vec_map = _toy_map(9)
    rng = np.random.default_rng(603)
    g = rng.standard_normal(7) * 1.3
    small = {w: word_to_vec_map[w] * 0.25 for w in ("man", "woman")}       # there ||mu_orth|| < 1
    paper_used = False
    for pair, vectors in ((("king", "queen"), word_to_vec_map), (("boy", "girl"), word_to_vec_map),
                          (("man", "woman"), small)):
        expected = ref.equalize(pair, g, vectors)
        got = c.same_sequence(c.call(pair, g, vectors), 2, what="the returned value (should be e1, e2)")
        paper = _equalize_variant(pair, g, vectors, "paper")
        if (all(isinstance(x, np.ndarray) and x.shape == p.shape for x, p in zip(got, paper))
                and all(np.allclose(x, p, rtol=1e-6, atol=1e-8) for x, p in zip(got, paper))
                and not all(np.allclose(x, e, rtol=1e-6, atol=1e-8) for x, e in zip(got, expected))):
            paper_used = True
            expected = paper
        mistakes = {label: _equalize_variant(pair, g, vectors, variant)
                    for variant, label in EQUALIZE_MISTAKES.items()}
        for i in range(2):
            shaped = isinstance(got[i], np.ndarray) and got[i].shape == expected[i].shape
            if shaped and np.issubdtype(got[i].dtype, np.number) and np.isnan(got[i]).any():
                c.fail(f"e{i + 1} for the pair {pair} contains NaN", got=describe(got[i]),
                       hint=EQUALIZE_MISTAKES["no_abs"] + ".")
            c.same_array(got[i], expected[i], what=f"e{i + 1} for the pair {pair}",
                         mistakes={label: wrong[i] for label, wrong in mistakes.items()},
                         hint="mu = (e_w1 + e_w2) / 2; mu_B and e_w1B, e_w2B are projections on the axis "
                         "(x . g / ||g||^2) g; mu_orth = mu - mu_B; corrected_e_w1B = "
                         "np.sqrt(np.abs(1 - np.sum(mu_orth ** 2))) * (e_w1B - mu_B) / "
                         "np.linalg.norm(e_w1 - mu_orth - mu_B); e1 = corrected_e_w1B + mu_orth.")
        e1, e2 = got
        unit = g / np.linalg.norm(g)
        if not (np.isclose(e1 @ unit, -(e2 @ unit)) and np.allclose(e1 - (e1 @ unit) * unit,
                                                                   e2 - (e2 @ unit) * unit)):
            c.fail("e1 and e2 are not symmetric about the axis", hint="Both share mu_orth, and their "
                   "components along the axis are opposite.")
    c.ok("e1 and e2 right for three pairs, ||mu_orth|| above and below 1")
    c.ok("e1 and e2 share their part orthogonal to the axis; their projections on it are opposite")
    if paper_used:
        c.notes.append("note: you divided by ||e_wiB - mu_B||, as the paper does; the notebook's equation "
                       "divides by ||(e_wi - mu_orth) - mu_B||. Both make the pair symmetric.")
    c.done()
