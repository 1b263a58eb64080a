"""Graders for course3_structuring_ml/w2_a1_error_analysis_and_mismatch.ipynb.

The checks use tags, error tables and label arrays of their own and compare with the references in
utils.nn.strategy. Known wrong versions are computed too, so that a failure names the mistake: the
ceiling as a share of the mistakes (not of the dev set), tags counted over every dev example, a
ranking left out or reversed; the variance measured from train to dev (skipping train-dev), the data
mismatch measured from train, a gap reversed; the mask ignored, a mean over every entry or over the
present labels only, a sign dropped.
"""

import math

import numpy as np

from utils.grading import Checker, describe
from utils.nn import strategy as ref

# ---------------------------------------------------------------------------------------------
# error_analysis


def _tagged(seed, m, error_rate, shares):
    rng = np.random.default_rng(seed)
    mistakes = rng.random(m) < error_rate
    tags = {tag: (rng.random(m) < share * (1.5 if k % 2 else 0.7)) for k, (tag, share) in enumerate(shares)}
    return mistakes, tags


ANALYSIS_CASES = [
    _tagged(801, 200, 0.15, [("blurry", 0.3), ("night", 0.25), ("small object", 0.4), ("mislabeled", 0.08)]),
    _tagged(802, 120, 0.3, [("night", 0.2), ("blurry", 0.2), ("mislabeled", 0.1)]),
]
# Two tags with the same count, listed "b" before "a": a tie keeps the order of `tags`.
TIE_CASE = (np.array([1, 1, 0, 1, 0, 0, 1, 0], dtype=bool),
            {"b": np.array([1, 0, 0, 1, 0, 1, 0, 0], dtype=bool),
             "a": np.array([0, 1, 0, 0, 1, 0, 1, 0], dtype=bool),
             "c": np.array([1, 1, 1, 1, 0, 0, 1, 0], dtype=bool)})


def _analysis_variant(mistakes, tags, variant):
    m = len(mistakes)
    rows = []
    for tag, carried in tags.items():
        count = int(np.sum(carried)) if variant == "all_examples" else int(np.sum(mistakes & carried))
        if variant == "share_of_mistakes":
            ceiling = count / max(int(np.sum(mistakes)), 1)
        else:
            ceiling = count / m
        rows.append({"tag": tag, "count": count, "ceiling": ceiling})
    if variant == "unranked":
        return rows
    if variant == "ascending":
        return sorted(rows, key=lambda row: row["count"])
    return sorted(rows, key=lambda row: -row["count"])


ANALYSIS_MISTAKES = {
    "share_of_mistakes": "the ceiling is the share of the mistakes; it is the share of the whole dev set, "
                         "count / m: fixing every mistake of a tag lowers the dev error by at most that much",
    "all_examples": "the count is over every dev example with the tag; count only the mistakes, "
                    "np.sum(mistakes & tags[tag])",
    "unranked": "the rows are not ranked: sort them by count, largest first",
    "ascending": "the ranking is reversed: the largest count comes first",
}


def _rows(c, got, n_tags):
    if not isinstance(got, list) or len(got) != n_tags:
        c.fail(f"the returned value should be a list of {n_tags} dicts, one per tag", got=describe(got),
               hint='Build one {"tag": ..., "count": ..., "ceiling": ...} per tag, then sort the list.')
    for row in got:
        if not isinstance(row, dict) or not {"tag", "count", "ceiling"} <= set(row):
            c.fail('each row should be a dict with keys "tag", "count" and "ceiling"', got=describe(row))
    return got


def check_error_analysis(error_analysis):
    c = Checker(error_analysis, "error_analysis")
    for mistakes, tags in ANALYSIS_CASES + [TIE_CASE]:
        expected = ref.error_analysis(mistakes, tags)
        got = _rows(c, c.call(mistakes, tags), len(tags))
        if [row["tag"] for row in got] == [row["tag"] for row in expected]:
            for g, e in zip(got, expected):
                c.same_scalar(g["count"], e["count"], what=f"the count of {e['tag']!r}", mistakes={
                    ANALYSIS_MISTAKES["all_examples"]: int(np.sum(tags[e["tag"]]))})
                c.same_scalar(g["ceiling"], e["ceiling"], what=f"the ceiling of {e['tag']!r}", mistakes={
                    ANALYSIS_MISTAKES["share_of_mistakes"]: e["count"] / max(int(np.sum(mistakes)), 1)},
                    hint="ceiling = count / m, with m the number of dev examples.")
            continue
        label = next((ANALYSIS_MISTAKES[v] for v in ANALYSIS_MISTAKES
                      if [r["tag"] for r in _analysis_variant(mistakes, tags, v)] == [r["tag"] for r in got]
                      and v in ("unranked", "ascending", "all_examples")), None)
        if mistakes is TIE_CASE[0] and label is None:
            label = ("on a tie of counts, keep the order of `tags` (a stable sort such as sorted(..., "
                     "key=lambda row: -row['count']))")
        c.fail("the tags are not in the expected order", expected=", ".join(r["tag"] for r in expected),
               got=", ".join(str(r.get("tag")) for r in got),
               hint=f"This looks like a known mistake: {label}." if label else
               "Rank the rows by the number of mistakes carrying the tag, largest first.")
    c.ok("counts of tagged mistakes and their ceilings (count / m), ranked, ties in the order of the tags")
    got = _rows(c, c.call(np.zeros(5, dtype=bool), {"night": np.ones(5, dtype=bool)}), 1)
    c.same_scalar(got[0]["count"], 0, what="the count with no mistake")
    c.same_scalar(got[0]["ceiling"], 0.0, what="the ceiling with no mistake")
    c.ok("no mistake: counts and ceilings of 0")
    c.done()


# ---------------------------------------------------------------------------------------------
# error_buckets


BUCKET_CASES = [(0.01, 0.05, 0.07, 0.15, 0.16), (0.02, 0.03, 0.12, 0.13, 0.13), (0.0, 0.2, 0.21, 0.24, 0.3)]


def check_error_buckets(error_buckets):
    c = Checker(error_buckets, "error_buckets")
    for human, train, train_dev, dev, test in BUCKET_CASES:
        expected = ref.error_buckets(human, train, train_dev, dev, test)
        got = c.call(human, train, train_dev, dev, test)
        c.same_dict(got, expected, what=f"error_buckets({human}, {train}, {train_dev}, {dev}, {test})",
                    mistakes={
                        "the variance skips the train-dev set: it is train_dev - train, and dev - train_dev "
                        "is the data mismatch": {"variance": dev - train},
                        "the variance was measured against human-level error: it is train_dev - train":
                            {"variance": train_dev - human},
                        "the data mismatch was measured from train; it starts at the train-dev error, "
                        "dev - train_dev": {"data_mismatch": dev - train},
                        "the gap is reversed: each bucket is the later error minus the earlier one":
                            {"avoidable_bias": human - train, "variance": train - train_dev,
                             "data_mismatch": train_dev - dev, "overfitting_to_dev": dev - test},
                        "overfitting to dev is test - dev": {"overfitting_to_dev": test - train_dev},
                    }, hint="human -> train -> train-dev -> dev -> test: each bucket is the gap between "
                    "two neighbours.")
    c.ok("avoidable bias, variance, data mismatch and overfitting to dev for three error tables")
    c.done()


# ---------------------------------------------------------------------------------------------
# multi_task_loss


def _bce(y, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


LOSS_CASES = [  # hand cases: (y_true, y_pred)
    (np.array([[1, -1, 0], [-1, 1, 1], [0, 0, -1]], dtype=np.float32),
     np.array([[0.8, 0.5, 0.1], [0.4, 0.7, 0.9], [0.2, 0.3, 0.99]], dtype=np.float32)),
    (np.array([[1, 0], [0, 1]], dtype=np.float32), np.array([[0.9, 0.2], [0.3, 0.6]], dtype=np.float32)),
    (np.array([[-1, -1], [1, -1]], dtype=np.float32), np.array([[0.6, 0.4], [0.25, 0.5]], dtype=np.float32)),
]


def _loss_variants(y, p):
    present = y != -1
    losses = np.where(present, _bce(np.where(present, y, 0), p), 0.0)
    m = y.shape[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        unmasked = _bce(y, p)
    return {
        "the mask is ignored: a missing label (-1) must add nothing; multiply each loss by "
        "(y_true != -1)": float(np.sum(unmasked) / m),
        "missing labels were treated as 0 (no object); they must add nothing to the loss":
            float(np.sum(_bce(np.where(present, y, 0), p)) / m),
        "that is the mean over every entry (m * n_tasks); sum over the tasks, average over the m "
        "examples": float(np.sum(losses) / y.size),
        "that is the mean over the present labels; the loss sums over the tasks and averages over "
        "the m examples": float(np.sum(losses) / max(np.sum(present), 1)),
        "the sign is dropped: the cross-entropy is -[y log p + (1 - y) log(1 - p)]":
            float(-np.sum(losses) / m),
        "that is the sum without dividing by m": float(np.sum(losses)),
    }


def _as_float(c, got, what):
    try:
        value = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        c.fail(f"{what} should be a number or a scalar tensor", got=describe(got))
    if value.ndim != 0:
        c.fail(f"{what} should be a single number, not of shape {value.shape}", got=describe(got),
               hint="Sum over both axes (ops.sum(...) with no axis) and divide by m.")
    return float(value)


def check_multi_task_loss(multi_task_loss):
    c = Checker(multi_task_loss, "multi_task_loss")
    for y, p in LOSS_CASES:
        present = y != -1
        expected = float(np.sum(np.where(present, _bce(np.where(present, y, 0), p), 0.0)) / y.shape[0])
        got = _as_float(c, c.call(y, p), f"multi_task_loss on {y.shape[0]} examples of {y.shape[1]} tasks")
        if math.isnan(got):
            c.fail("the loss is nan", expected=f"{expected:.6f}", got="nan",
                   hint=next(iter(_loss_variants(y, p))) + ".")
        c.same_scalar(got, expected, what=f"the loss for y_true {y.tolist()}", rtol=1e-4, atol=1e-6,
                      mistakes=_loss_variants(y, p),
                      hint="Compute the cross-entropy of every entry, multiply by the mask "
                      "(y_true != -1) and divide the sum by m.")
    c.ok("hand cases with no, some and mostly missing labels (-1): present labels only, summed over tasks, "
         "averaged over examples")
    c.done()
