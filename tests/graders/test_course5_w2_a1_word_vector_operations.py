"""Graders of course5_sequence_models/w2_a1: the reference and the notebook's solutions pass, the
stubs are not attempted, plausible wrong versions are rejected with a hint, code written the original
course's way passes, and nothing the learner returns (None, a wrong type, NaN, an exception) crashes a
grader. Also: `read_glove_vecs` on a tiny GloVe-format file, and the shipped vectors' loader."""

import numpy as np
import pytest
from helpers import exercises, not_attempted, passes, rejects

from utils import data
from utils.graders.course5_sequence_models import w2_a1_word_vector_operations as grader
from utils.nn import word_vectors as ref

NOTEBOOK = "course5_sequence_models/w2_a1_word_vector_operations.ipynb"
NAMES = ["cosine_similarity", "complete_analogy", "neutralize", "equalize"]


def check(name):
    return getattr(grader, f"check_{name}")


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes(name):
    passes(check(name), getattr(ref, name))


@pytest.mark.parametrize("name", NAMES)
def test_notebook_solution_passes_and_stub_is_not_attempted(name):
    assert "note:" not in passes(check(name), exercises(NOTEBOOK)[name])
    not_attempted(check(name), exercises(NOTEBOOK, blank=True)[name])


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("returned", [None, "text", np.nan, [1.0, 2.0], (None, None)])
def test_nothing_returned_crashes_a_grader(name, returned):
    rejects(check(name), lambda *args: returned)


@pytest.mark.parametrize("name", NAMES)
def test_an_exception_is_reported_with_the_learners_line(name):
    def broken(*args):
        return undefined_name      # noqa: F821

    rejects(check(name), broken, "raised NameError")


def test_grader_needs_a_function():
    rejects(grader.check_cosine_similarity, None, "needs your function itself")


# ---------------------------------------------------------------------------------------------
# cosine_similarity


def test_cosine_similarity_original_course_style_passes():
    def cosine_similarity(u, v):
        if np.all(u == v):
            return 1
        dot = np.dot(u, v)
        norm_u = np.sqrt(np.sum(u * u))
        norm_v = np.sqrt(np.sum(v * v))
        if np.isclose(norm_u * norm_v, 0, atol=1e-32):
            return 0
        return dot / (norm_u * norm_v)

    passes(grader.check_cosine_similarity, cosine_similarity)


def test_cosine_similarity_wrong_versions():
    c = grader.check_cosine_similarity
    rejects(c, lambda u, v: np.dot(u, v), "dot product", "without dividing by the norms")
    rejects(c, lambda u, v: np.dot(u, v) / (np.sum(u * u) * np.sum(v * v)), "squared norms")
    rejects(c, lambda u, v: np.dot(u, v) / np.linalg.norm(u), "divided by ||u|| only")
    rejects(c, lambda u, v: 1 - ref.cosine_similarity(u, v), "1 - cos")
    with np.errstate(invalid="ignore", divide="ignore"):
        rejects(c, lambda u, v: np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)),
                "np.zeros(4)", "return 0 when ||u|| or ||v|| is 0")
    rejects(c, lambda u, v: u * v / (np.linalg.norm(u) * np.linalg.norm(v)), "single number")


# ---------------------------------------------------------------------------------------------
# complete_analogy


def _analogy(variant):
    def complete_analogy(word_a, word_b, word_c, word_to_vec_map):
        return grader._analogy_variant(word_a, word_b, word_c, word_to_vec_map, variant)
    return complete_analogy


def test_complete_analogy_original_course_style_passes():
    cosine_similarity = ref.cosine_similarity

    def complete_analogy(word_a, word_b, word_c, word_to_vec_map):
        word_a, word_b, word_c = word_a.lower(), word_b.lower(), word_c.lower()
        e_a, e_b, e_c = word_to_vec_map[word_a], word_to_vec_map[word_b], word_to_vec_map[word_c]
        words = word_to_vec_map.keys()
        max_cosine_sim = -100
        best_word = None
        for w in words:
            if w in [word_a, word_b, word_c]:
                continue
            cosine_sim = cosine_similarity(np.subtract(e_b, e_a), np.subtract(word_to_vec_map[w], e_c))
            if cosine_sim > max_cosine_sim:
                max_cosine_sim = cosine_sim
                best_word = w
        return best_word

    assert cosine_similarity
    passes(grader.check_complete_analogy, complete_analogy)


def test_complete_analogy_wrong_versions():
    c = grader.check_complete_analogy
    rejects(c, _analogy("no_exclusion"), "input words are not excluded")
    rejects(c, _analogy("only_c_excluded"), "only word_c is excluded")
    rejects(c, _analogy("reversed"), "offset is reversed")
    rejects(c, _analogy("dot"), "plain dot product")
    rejects(c, _analogy("add"), "e_b - e_a + e_c")
    rejects(c, _analogy("start_at_zero"), "starts at 0", "-100")

    def returns_the_vector(word_a, word_b, word_c, word_to_vec_map):
        return word_to_vec_map[ref.complete_analogy(word_a, word_b, word_c, word_to_vec_map)]

    rejects(c, returns_the_vector, "should be a word (str)")


def test_complete_analogy_is_judged_with_the_reference_cosine_and_notes_a_wrong_one():
    namespace = dict(exercises(NOTEBOOK))
    namespace["cosine_similarity"] = lambda u, v: float(np.dot(u, v))
    learner = type(namespace["complete_analogy"])(namespace["complete_analogy"].__code__, namespace)
    out = passes(grader.check_complete_analogy, learner)
    assert "note: your cosine_similarity does not pass check_cosine_similarity yet" in out


# ---------------------------------------------------------------------------------------------
# neutralize


def test_neutralize_original_course_style_passes():
    def neutralize(word, g, word_to_vec_map):
        e = word_to_vec_map[word]
        e_biascomponent = np.dot(e, g) / np.linalg.norm(g) ** 2 * g
        e_debiased = e - e_biascomponent
        return e_debiased

    passes(grader.check_neutralize, neutralize)


def test_neutralize_wrong_versions():
    c = grader.check_neutralize

    def wrong(formula):
        def neutralize(word, g, word_to_vec_map):
            return formula(word_to_vec_map[word], g)
        return neutralize

    rejects(c, wrong(lambda e, g: e - np.dot(e, g) / np.linalg.norm(g) * g), "divided by ||g||, not ||g||^2")
    rejects(c, wrong(lambda e, g: e - np.dot(e, g) * g), "not divided by ||g||^2")
    rejects(c, wrong(lambda e, g: e - np.dot(e, g) / np.sum(e * e) * e), "projects on e instead of g")
    rejects(c, wrong(lambda e, g: e + np.dot(e, g) / np.sum(g * g) * g), "was added")
    rejects(c, wrong(lambda e, g: np.dot(e, g) / np.sum(g * g) * g), "the bias component itself")

    def in_place(word, g, word_to_vec_map):
        word_to_vec_map[word] = ref.neutralize(word, g, word_to_vec_map)
        return word_to_vec_map[word]

    rejects(c, in_place, "changed its argument `word_to_vec_map` in place")


# ---------------------------------------------------------------------------------------------
# equalize


def test_equalize_original_course_style_passes():
    def equalize(pair, bias_axis, word_to_vec_map):
        w1, w2 = pair
        e_w1, e_w2 = word_to_vec_map[w1], word_to_vec_map[w2]
        mu = (e_w1 + e_w2) / 2
        mu_B = np.divide(np.dot(mu, bias_axis), np.linalg.norm(bias_axis) ** 2) * bias_axis
        mu_orth = mu - mu_B
        e_w1B = np.divide(np.dot(e_w1, bias_axis), np.linalg.norm(bias_axis) ** 2) * bias_axis
        e_w2B = np.divide(np.dot(e_w2, bias_axis), np.linalg.norm(bias_axis) ** 2) * bias_axis
        corrected_e_w1B = np.sqrt(np.abs(1 - np.linalg.norm(mu_orth) ** 2)) * np.divide(
            e_w1B - mu_B, np.linalg.norm(e_w1 - mu_orth - mu_B))
        corrected_e_w2B = np.sqrt(np.abs(1 - np.linalg.norm(mu_orth) ** 2)) * np.divide(
            e_w2B - mu_B, np.linalg.norm(e_w2 - mu_orth - mu_B))
        e1 = corrected_e_w1B + mu_orth
        e2 = corrected_e_w2B + mu_orth
        return e1, e2

    passes(grader.check_equalize, equalize)


def _equalize(variant):
    def equalize(pair, bias_axis, word_to_vec_map):
        return grader._equalize_variant(pair, bias_axis, word_to_vec_map, variant)
    return equalize


def test_equalize_with_the_papers_denominator_passes_with_a_note():
    out = passes(grader.check_equalize, _equalize("paper"))
    assert "as the paper does" in out


def test_equalize_wrong_versions():
    c = grader.check_equalize
    rejects(c, _equalize("no_scale"), "sqrt(|1 - ||mu_orth||^2|) is missing")
    rejects(c, _equalize("no_abs"), "NaN", "np.abs")
    rejects(c, _equalize("norm_not_squared"), "must be squared")
    rejects(c, _equalize("plus_mu"), "not + mu")
    rejects(c, _equalize("swapped"), "swapped")
    rejects(c, _equalize("projection_norm"), "divides by ||g||^2")

    def one_vector(pair, bias_axis, word_to_vec_map):
        return ref.equalize(pair, bias_axis, word_to_vec_map)[0]

    rejects(c, one_vector, "tuple of 2")


# ---------------------------------------------------------------------------------------------
# Reading GloVe files


def test_read_glove_vecs_reads_a_tiny_glove_file(tmp_path):
    path = tmp_path / "tiny.50d.txt"
    rows = {"the": np.linspace(-1, 1, 50), "king": np.arange(50) / 7.0, "queen": -np.arange(50) / 3.0}
    path.write_text("".join(w + " " + " ".join(f"{x:.6f}" for x in v) + "\n" for w, v in rows.items()),
                    encoding="utf8")
    words, word_to_vec_map = ref.read_glove_vecs(path)
    assert words == set(rows) and all(isinstance(w, str) for w in words)
    for word, vector in rows.items():
        got = word_to_vec_map[word]
        assert isinstance(got, np.ndarray) and got.dtype == np.float64 and got.shape == (50,)
        np.testing.assert_allclose(got, vector, atol=1e-6)
    assert ref.complete_analogy("the", "king", "the", {**word_to_vec_map, "x": np.ones(50)}) in ("queen", "x")


def test_the_shipped_vectors_load_with_50_numbers_per_word():
    words, word_to_vec_map = data.load_word_vectors()
    assert len(words) > 1000 and word_to_vec_map["king"].shape == (50,)
    assert ref.complete_analogy("man", "woman", "king", word_to_vec_map) == "queen"
    assert data.word_vectors_path().name == "word_vectors.50d.txt"


def test_every_emojify_word_has_a_vector():
    from utils.datagen import emoji_words

    _, word_to_vec_map = data.load_word_vectors()
    missing = [w for w in emoji_words.all_words() + emoji_words.NEGATIONS if w not in word_to_vec_map]
    assert not missing


def test_the_vectors_rebuild_byte_identical(tmp_path):
    """`python -m utils.pretrain word_vectors` writes the same bytes again (about 20 s)."""
    from utils.pretrain import word_vectors

    path, _, _ = word_vectors.write(tmp_path, seed=0)
    assert path.read_bytes() == data.word_vectors_path().read_bytes()
