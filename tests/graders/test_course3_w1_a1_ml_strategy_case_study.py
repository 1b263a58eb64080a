"""Graders of course3_structuring_ml/w1_a1: the reference and the notebook's solutions pass, the stubs
are not attempted, plausible wrong versions are rejected with a hint, and nothing the learner returns
(None, a wrong type, NaN, an exception) crashes a grader. Also: the `bird_cameras` frames are
deterministic, and the experts' labels miss only faint birds."""

import numpy as np
import pytest
from helpers import exercises, not_attempted, passes, rejects

from utils.graders.course3_structuring_ml import w1_a1_ml_strategy_case_study as grader
from utils.nn import strategy as ref

NOTEBOOK = "course3_structuring_ml/w1_a1_ml_strategy_case_study.ipynb"
NAMES = ["precision", "recall", "f1_score", "choose_model", "split_data", "diagnose"]


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
@pytest.mark.parametrize("returned", [None, "text", np.nan, [1.0, 2.0], (None, None, None), {"name": 1}])
def test_nothing_returned_crashes_a_grader(name, returned):
    rejects(check(name), lambda *args, **kwargs: returned)


@pytest.mark.parametrize("name", NAMES)
def test_an_exception_is_reported_with_the_learners_line(name):
    def broken(*args, **kwargs):
        return undefined_name      # noqa: F821

    rejects(check(name), broken, "raised NameError")


def test_grader_needs_a_function():
    rejects(grader.check_precision, None, "needs your function itself")


# ---------------------------------------------------------------------------------------------
# precision, recall, f1_score


def _tp(y_true, y_pred):
    return np.sum((np.asarray(y_true) == 1) & (np.asarray(y_pred) == 1))


def test_precision_wrong_versions():
    c = grader.check_precision
    rejects(c, ref.recall, "that is the recall")
    rejects(c, lambda t, p: float(np.mean(np.asarray(t) == np.asarray(p))), "accuracy")
    with np.errstate(invalid="ignore", divide="ignore"):
        rejects(c, lambda t, p: float(_tp(t, p) / np.sum(np.asarray(p) == 1)), "nan", "no predicted bird",
                "0.0")
    rejects(c, lambda t, p: float(_tp(t, p)), "number of true positives")


def test_recall_wrong_versions():
    c = grader.check_recall
    rejects(c, ref.precision, "that is the precision")
    rejects(c, lambda t, p: float(np.mean(np.asarray(t) == np.asarray(p))), "accuracy")
    with np.errstate(invalid="ignore", divide="ignore"):
        rejects(c, lambda t, p: float(_tp(t, p) / np.sum(np.asarray(t) == 1)), "nan", "no bird", "0.0")

    def recall_returns_one_without_birds(t, p):
        return 1.0 if np.sum(np.asarray(t) == 1) == 0 else ref.recall(t, p)

    rejects(c, recall_returns_one_without_birds, "recall with no bird at all")


def test_f1_score_wrong_versions():
    c = grader.check_f1_score
    rejects(c, lambda t, p: (ref.precision(t, p) + ref.recall(t, p)) / 2, "arithmetic mean")
    rejects(c, lambda t, p: float(np.mean(np.asarray(t) == np.asarray(p))), "accuracy")

    def no_factor_two(t, p):
        pr, rc = ref.precision(t, p), ref.recall(t, p)
        return pr * rc / (pr + rc) if pr + rc else 0.0

    rejects(c, no_factor_two, "factor 2")

    def divides_by_zero(t, p):
        pr, rc = ref.precision(t, p), ref.recall(t, p)
        with np.errstate(invalid="ignore", divide="ignore"):
            return float(np.float64(2 * pr * rc) / np.float64(pr + rc))

    rejects(c, divides_by_zero, "nan", "return 0.0 before dividing")


def test_f1_score_with_a_wrong_own_precision_is_judged_with_the_reference():
    namespace = {"precision": ref.recall, "recall": ref.recall}
    exec("def f1_score(y_true, y_pred):\n    p, r = precision(y_true, y_pred), recall(y_true, y_pred)\n"
         "    return 0.0 if p + r == 0 else 2 * p * r / (p + r)\n", namespace)
    out = passes(grader.check_f1_score, namespace["f1_score"])
    assert "note: your precision does not pass check_precision yet" in out


# ---------------------------------------------------------------------------------------------
# choose_model


def _choose(variant):
    return lambda table, max_runtime_ms, max_false_alarms: grader._choose_variant(
        table, max_runtime_ms, max_false_alarms, variant)


def test_choose_model_wrong_versions():
    c = grader.check_choose_model
    rejects(c, _choose("no_runtime"), "runtime limit is ignored")
    rejects(c, _choose("no_false_alarms"), "false-alarm limit is ignored")
    rejects(c, _choose("strict"), "<=, not <")
    rejects(c, _choose("fastest"), "satisficing metric", "F1 is the one to optimize")
    rejects(c, _choose("last_tie"), "tie")

    def whole_row(table, max_runtime_ms, max_false_alarms):
        rows = [r for r in table if r["runtime_ms"] <= max_runtime_ms
                and r["false_alarms"] <= max_false_alarms]
        return max(rows, key=lambda r: r["f1"]) if rows else None

    rejects(c, whole_row, "whole row", 'row["name"]')

    def crashes_on_empty(table, max_runtime_ms, max_false_alarms):
        rows = [r for r in table if r["runtime_ms"] <= max_runtime_ms
                and r["false_alarms"] <= max_false_alarms]
        return max(rows, key=lambda r: r["f1"])["name"]

    rejects(c, crashes_on_empty, "raised ValueError")


# ---------------------------------------------------------------------------------------------
# split_data


def test_split_data_wrong_versions():
    c = grader.check_split_data

    def from_every_source(sources, dev_size, test_size, seed=0, target="city"):
        order = np.random.default_rng(seed).permutation(len(sources))
        return order[dev_size + test_size:], order[:dev_size], order[dev_size:dev_size + test_size]

    rejects(c, from_every_source, "another source", "only the target frames")

    def not_shuffled(sources, dev_size, test_size, seed=0, target="city"):
        sources = np.asarray(sources)
        targets = np.flatnonzero(sources == target)
        train = np.concatenate([targets[dev_size + test_size:], np.flatnonzero(sources != target)])
        return train, targets[:dev_size], targets[dev_size:dev_size + test_size]

    rejects(c, not_shuffled, "not shuffled")

    def overlapping(sources, dev_size, test_size, seed=0, target="city"):
        train, dev, _ = ref.split_data(sources, dev_size, test_size, seed, target)
        targets = np.random.default_rng(seed).permutation(np.flatnonzero(np.asarray(sources) == target))
        return train, dev, targets[:test_size]

    rejects(c, overlapping, "in two sets")

    def drops_other_sources(sources, dev_size, test_size, seed=0, target="city"):
        targets = np.random.default_rng(seed).permutation(np.flatnonzero(np.asarray(sources) == target))
        return (targets[dev_size + test_size:], targets[:dev_size], targets[dev_size:dev_size + test_size])

    rejects(c, drops_other_sources, "in no set", "other sources belong in train")

    def unseeded(sources, dev_size, test_size, seed=0, target="city"):
        return ref.split_data(sources, dev_size, test_size, int(np.random.default_rng().integers(1 << 30)),
                              target)

    rejects(c, unseeded, "same seed")


# ---------------------------------------------------------------------------------------------
# diagnose


def _diagnose(bias_of=None, variance_of=None, verdict_of=None):
    def diagnose(human_error, train_error, dev_error, tolerance=0.01):
        bias, variance, verdict = ref.diagnose(human_error, train_error, dev_error, tolerance)
        if bias_of:
            bias = bias_of(human_error, train_error, dev_error)
        if variance_of:
            variance = variance_of(human_error, train_error, dev_error)
        if verdict_of:
            verdict = verdict_of(bias, variance, verdict)
        return bias, variance, verdict
    return diagnose


def test_diagnose_wrong_versions():
    c = grader.check_diagnose
    rejects(c, _diagnose(variance_of=lambda h, t, d: d - h), "measured against human-level error")
    rejects(c, _diagnose(bias_of=lambda h, t, d: t), "training error itself")
    rejects(c, _diagnose(bias_of=lambda h, t, d: h - t), "reversed")
    swap = {"focus on bias": "focus on variance", "focus on variance": "focus on bias"}
    rejects(c, _diagnose(verdict_of=lambda b, v, verdict: swap.get(verdict, verdict)), "swapped")
    rejects(c, _diagnose(verdict_of=lambda b, v, verdict: "bias" if verdict == "focus on bias" else verdict),
            "one of the strings")

    def ignores_tolerance(b, v, verdict):
        return "focus on bias" if b >= v else "focus on variance"

    rejects(c, _diagnose(verdict_of=ignores_tolerance), "Compare each gap with tolerance first")


# ---------------------------------------------------------------------------------------------
# The data


def test_bird_frames_are_deterministic_and_experts_miss_only_faint_birds():
    from utils.datagen import bird_cameras

    first = bird_cameras.draw_frames(30, seed=5, source="city")
    again = bird_cameras.draw_frames(12, seed=5, source="city")
    assert first["images"].shape == (30, 32, 32, 3) and first["images"].dtype == np.uint8
    assert np.array_equal(first["images"][:12], again["images"])
    missed = first["labels"] != first["human"]
    assert np.all(first["labels"][missed] == 1)
    assert np.all(first["visibility"][missed] < bird_cameras.HUMAN_VISIBILITY)
    web = bird_cameras.draw_frames(12, seed=5, source="web")
    assert not np.array_equal(web["images"], again["images"])
