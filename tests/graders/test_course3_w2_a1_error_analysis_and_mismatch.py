"""Graders of course3_structuring_ml/w2_a1 (written before the notebook): the references pass,
plausible wrong versions are rejected with a hint, a placeholder is reported as not attempted, and
nothing the learner returns (None, a wrong type, NaN, an exception) crashes a grader."""

import numpy as np
import pytest
from helpers import not_attempted, passes, rejects

from utils.graders.course3_structuring_ml import w2_a1_error_analysis_and_mismatch as grader
from utils.nn import strategy as ref

NAMES = ["error_analysis", "error_buckets", "multi_task_loss"]


def check(name):
    return getattr(grader, f"check_{name}")


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes(name):
    passes(check(name), getattr(ref, name))


@pytest.mark.parametrize("name", NAMES)
def test_placeholder_is_not_attempted(name):
    def stub(*args, **kwargs):
        raise NotImplementedError()

    stub.__name__ = name
    not_attempted(check(name), stub)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("returned", [None, "text", np.nan, [1.0, 2.0], (None, None), {"tag": 1}])
def test_nothing_returned_crashes_a_grader(name, returned):
    rejects(check(name), lambda *args, **kwargs: returned)


@pytest.mark.parametrize("name", NAMES)
def test_an_exception_is_reported_with_the_learners_line(name):
    def broken(*args, **kwargs):
        return undefined_name      # noqa: F821

    rejects(check(name), broken, "raised NameError")


# ---------------------------------------------------------------------------------------------
# error_analysis


def _variant(name):
    return lambda mistakes, tags: grader._analysis_variant(np.asarray(mistakes, bool), tags, name)


def test_error_analysis_wrong_versions():
    c = grader.check_error_analysis
    rejects(c, _variant("share_of_mistakes"), "share of the whole dev set")
    rejects(c, _variant("all_examples"), "count only the mistakes")
    rejects(c, _variant("unranked"), "not ranked")
    rejects(c, _variant("ascending"), "reversed")

    def ties_by_name(mistakes, tags):
        rows = ref.error_analysis(mistakes, tags)
        return sorted(rows, key=lambda row: (-row["count"], row["tag"]))

    rejects(c, ties_by_name, "tie")

    def divides_by_zero(mistakes, tags):
        rows = ref.error_analysis(mistakes, tags)
        total = int(np.sum(mistakes))
        with np.errstate(invalid="ignore", divide="ignore"):
            return [dict(row, ceiling=float(np.float64(row["count"]) / total)) for row in rows]

    rejects(c, divides_by_zero, "ceiling")


# ---------------------------------------------------------------------------------------------
# error_buckets


def test_error_buckets_wrong_versions():
    c = grader.check_error_buckets

    def variance_to_dev(human, train, train_dev, dev, test):
        return dict(ref.error_buckets(human, train, train_dev, dev, test), variance=dev - train)

    rejects(c, variance_to_dev, "skips the train-dev set")

    def variance_from_human(human, train, train_dev, dev, test):
        return dict(ref.error_buckets(human, train, train_dev, dev, test), variance=train_dev - human)

    rejects(c, variance_from_human, "measured against human-level error")

    def mismatch_from_train(human, train, train_dev, dev, test):
        return dict(ref.error_buckets(human, train, train_dev, dev, test), data_mismatch=dev - train)

    rejects(c, mismatch_from_train, "data mismatch was measured from train")

    def reversed_gaps(human, train, train_dev, dev, test):
        return {k: -v for k, v in ref.error_buckets(human, train, train_dev, dev, test).items()}

    rejects(c, reversed_gaps, "reversed")

    def missing_key(human, train, train_dev, dev, test):
        out = ref.error_buckets(human, train, train_dev, dev, test)
        del out["overfitting_to_dev"]
        return out

    rejects(c, missing_key, "overfitting_to_dev")


# ---------------------------------------------------------------------------------------------
# multi_task_loss


def _np_loss(y, p, mask=True, divide="m", sign=1.0, missing_as_zero=False):
    y, p = np.asarray(y, np.float64), np.clip(np.asarray(p, np.float64), 1e-7, 1 - 1e-7)
    present = (y != -1) if mask else np.ones_like(y, bool)
    target = np.where(y == -1, 0.0, y) if (mask or missing_as_zero) else y
    with np.errstate(invalid="ignore", divide="ignore"):
        losses = -(target * np.log(p) + (1 - target) * np.log(1 - p)) * present
    denominator = {"m": y.shape[0], "all": y.size, "present": max(present.sum(), 1)}[divide]
    return sign * float(losses.sum() / denominator)


def test_multi_task_loss_wrong_versions():
    c = grader.check_multi_task_loss
    rejects(c, lambda y, p: _np_loss(y, p, mask=False), "mask is ignored")
    rejects(c, lambda y, p: _np_loss(y, p, mask=False, missing_as_zero=True), "treated as 0")
    rejects(c, lambda y, p: _np_loss(y, p, divide="all"), "mean over every entry")
    rejects(c, lambda y, p: _np_loss(y, p, divide="present"), "mean over the present labels")
    rejects(c, lambda y, p: _np_loss(y, p, sign=-1.0), "sign is dropped")
    rejects(c, lambda y, p: np.full(np.shape(y), 0.5), "single number")


def test_multi_task_loss_takes_numpy_and_returns_a_tensor_keras_can_train_with():
    y = np.array([[1, -1], [0, 1]], dtype=np.float32)
    p = np.array([[0.9, 0.3], [0.2, 0.7]], dtype=np.float32)
    expected = -(np.log(0.9) + np.log(0.8) + np.log(0.7)) / 2
    assert abs(float(ref.multi_task_loss(y, p)) - expected) < 1e-5
