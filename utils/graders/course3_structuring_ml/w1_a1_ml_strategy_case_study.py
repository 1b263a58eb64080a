"""Graders for course3_structuring_ml/w1_a1_ml_strategy_case_study.ipynb.

The checks use label arrays, model tables and source lists of their own, never the notebook's
frames, and compare with the references in utils.nn.strategy. Known wrong versions are computed
too, so that a failure names the mistake: precision and recall swapped, accuracy in place of
either, a division by zero (NaN) on the edge cases, the arithmetic mean in place of F1; a
satisficing metric ignored, a limit taken as strict, the fastest model chosen; dev and test
drawn from every source, not shuffled, overlapping, frames dropped from train; the variance
measured against human-level error, the bias without human-level error, the gaps reversed.

f1_score runs with the reference precision and recall (see `uses` in utils.grading); a note says
when the learner's own do not pass yet. split_data is judged on invariants (sizes, disjoint
sets, every frame used once, dev and test from the target only, a shuffle that depends on the
seed and repeats with it), never on one random stream, so any correct shuffle passes.
"""

import math

import numpy as np

from utils.grading import Checker, describe
from utils.nn import strategy as ref

# ---------------------------------------------------------------------------------------------
# precision, recall, f1_score


def _labels(seed, m, positive_rate):
    rng = np.random.default_rng(seed)
    y_true = (rng.random(m) < positive_rate).astype(np.int64)
    flip = rng.random(m) < 0.3
    y_pred = np.where(flip, 1 - y_true, y_true).astype(np.int64)
    return y_true, y_pred


def _accuracy(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


CASES = [_labels(701, 40, 0.3), _labels(702, 25, 0.6), _labels(703, 60, 0.15)]
EDGES = {  # name: (y_true, y_pred)
    "no predicted bird": (np.array([1, 0, 1, 0, 0]), np.zeros(5, dtype=np.int64)),
    "no bird at all": (np.zeros(6, dtype=np.int64), np.array([0, 1, 0, 0, 1, 0])),
    "no bird and none predicted": (np.zeros(4, dtype=np.int64), np.zeros(4, dtype=np.int64)),
}


def _score_check(fn, name, reference, other, edge_rule, edge_value):
    c = Checker(fn, name)
    other_name = "recall" if name == "precision" else "precision"
    for y_true, y_pred in CASES:
        c.same_scalar(c.call(y_true, y_pred), reference(y_true, y_pred),
                      what=f"{name} of {y_true.size} frames", mistakes={
                          f"that is the {other_name}: {name} divides the true positives by "
                          + ("the predicted positives, TP / (TP + FP)" if name == "precision" else
                             "the actual positives, TP / (TP + FN)"): other(y_true, y_pred),
                          "that is the accuracy, the share of right answers; count only the "
                          "true positives": _accuracy(y_true, y_pred),
                          "that is the number of true positives; divide it": float(
                              np.sum((y_true == 1) & (y_pred == 1))),
                      }, hint=("TP = np.sum((y_true == 1) & (y_pred == 1)); precision = TP / "
                               "np.sum(y_pred == 1)." if name == "precision" else
                               "TP = np.sum((y_true == 1) & (y_pred == 1)); recall = TP / "
                               "np.sum(y_true == 1)."))
    c.ok(f"{name} on three sets of 25 to 60 frames")
    for case, (y_true, y_pred) in EDGES.items():
        if (case == "no predicted bird") != (name == "precision") and case != "no bird and none predicted":
            continue
        got = c.call(y_true, y_pred)
        if got is not None and not isinstance(got, (str, bool)) and np.ndim(got) == 0:
            try:
                nan = math.isnan(float(got))
            except (TypeError, ValueError):
                nan = False
            if nan:
                c.fail(f"{name} is nan when there is {case}", expected=str(edge_value), got="nan",
                       hint=f"The division is 0 / 0 there. {edge_rule}")
        c.same_scalar(got, edge_value, what=f"{name} with {case}", hint=edge_rule)
    c.ok(f"{name} is {edge_value} on the edge case the exercise names, without a division by zero")
    c.done()


def check_precision(precision):
    _score_check(precision, "precision", ref.precision, ref.recall,
                 "With no predicted bird, precision is 0.0 (test the denominator before dividing).", 0.0)


def check_recall(recall):
    _score_check(recall, "recall", ref.recall, ref.precision,
                 "With no bird among the frames, recall is 0.0 (test the denominator before dividing).", 0.0)


def check_f1_score(f1_score):
    c = Checker(f1_score, "f1_score", uses={"precision": (ref.precision, check_precision),
                                            "recall": (ref.recall, check_recall)})
    for y_true, y_pred in CASES:
        p, r = ref.precision(y_true, y_pred), ref.recall(y_true, y_pred)
        c.same_scalar(c.call(y_true, y_pred), ref.f1_score(y_true, y_pred),
                      what=f"f1_score of {y_true.size} frames", mistakes={
                          "that is the arithmetic mean (P + R) / 2; F1 is the harmonic mean "
                          "2 P R / (P + R)": (p + r) / 2,
                          "the factor 2 is missing: F1 = 2 P R / (P + R)": p * r / (p + r),
                          "that is the accuracy; F1 combines precision and recall": _accuracy(y_true, y_pred),
                          "that is P R / 2; F1 = 2 P R / (P + R)": p * r / 2,
                      }, hint="F1 = 2 * P * R / (P + R) with P = precision(...) and R = recall(...).")
    c.ok("2 P R / (P + R) on three sets of 25 to 60 frames")
    for case in ("no predicted bird", "no bird at all", "no bird and none predicted"):
        y_true, y_pred = EDGES[case]
        got = c.call(y_true, y_pred)
        if isinstance(got, float) and math.isnan(got):
            c.fail(f"f1_score is nan with {case}", expected="0.0", got="nan",
                   hint="There precision + recall is 0: return 0.0 before dividing.")
        c.same_scalar(got, 0.0, what=f"f1_score with {case}",
                      hint="When precision + recall is 0, F1 is 0.0 (test it before dividing).")
    c.ok("0.0 when precision + recall is 0, without a division by zero")
    c.done()


# ---------------------------------------------------------------------------------------------
# choose_model


def _row(name, f1, runtime_ms, false_alarms):
    return {"name": name, "f1": f1, "runtime_ms": runtime_ms, "false_alarms": false_alarms}


TABLE = [_row("alpha", 0.71, 0.4, 12.0), _row("bravo", 0.86, 3.5, 20.0), _row("charlie", 0.80, 1.2, 35.0),
         _row("delta", 0.78, 2.0, 15.0), _row("echo", 0.78, 0.9, 9.0), _row("foxtrot", 0.90, 6.0, 4.0)]
CHOICES = [(2.5, 30.0), (10.0, 30.0), (1.5, 40.0), (2.0, 10.0), (0.5, 12.0), (2.0, 30.0), (1.0, 5.0),
           (2.0, 15.0)]


def _choose_variant(table, max_runtime_ms, max_false_alarms, variant):
    def within(r):
        return r["runtime_ms"] <= max_runtime_ms and r["false_alarms"] <= max_false_alarms

    if variant == "no_runtime":
        rows = [r for r in table if r["false_alarms"] <= max_false_alarms]
    elif variant == "no_false_alarms":
        rows = [r for r in table if r["runtime_ms"] <= max_runtime_ms]
    elif variant == "strict":
        rows = [r for r in table if r["runtime_ms"] < max_runtime_ms and r["false_alarms"] < max_false_alarms]
    else:
        rows = [r for r in table if within(r)]
    if not rows:
        return None
    if variant == "fastest":
        return min(rows, key=lambda r: r["runtime_ms"])["name"]
    if variant == "fewest_alarms":
        return min(rows, key=lambda r: r["false_alarms"])["name"]
    if variant == "last_tie":
        return max(reversed(rows), key=lambda r: r["f1"])["name"]
    return max(rows, key=lambda r: r["f1"])["name"]


CHOOSE_MISTAKES = {
    "last_tie": "on a tie of F1, keep the first model of the table (replace the best only on a strictly "
                "larger F1)",
    "no_runtime": "the runtime limit is ignored: keep only models with runtime_ms <= max_runtime_ms",
    "no_false_alarms": "the false-alarm limit is ignored: keep only models with false_alarms <= "
                       "max_false_alarms",
    "strict": "a model exactly at a limit meets it: compare with <=, not <",
    "fastest": "that is the fastest model that meets the limits; runtime is a satisficing metric (it "
               "only has to be good enough), F1 is the one to optimize",
    "fewest_alarms": "that is the model with the fewest false alarms; false alarms are a satisficing "
                     "metric, F1 is the one to optimize",
}


def check_choose_model(choose_model):
    c = Checker(choose_model, "choose_model")
    for max_runtime_ms, max_false_alarms in CHOICES:
        table = [dict(r) for r in TABLE]
        got = c.call(table, max_runtime_ms, max_false_alarms)
        expected = ref.choose_model(table, max_runtime_ms, max_false_alarms)
        if got == expected and (got is None or isinstance(got, str)):
            continue
        if isinstance(got, dict) and got.get("name") == expected:
            c.fail("returned the whole row", expected=repr(expected), got=describe(got),
                   hint='Return the model\'s name, row["name"].')
        if expected is None and got is not None:
            c.fail("no model meets both limits here, so the answer is None", expected="None",
                   got=describe(got), hint="Return None when no row meets both limits.")
        mistake = next((label for variant, label in CHOOSE_MISTAKES.items()
                        if _choose_variant(table, max_runtime_ms, max_false_alarms, variant) == got), None)
        c.fail(f"chose {got!r} with max_runtime_ms={max_runtime_ms}, max_false_alarms={max_false_alarms}",
               expected=repr(expected), got=describe(got),
               hint=(f"This looks like a known mistake: {mistake}." if mistake else
                     "Among the rows with runtime_ms <= max_runtime_ms and false_alarms <= "
                     "max_false_alarms, return the name of the one with the largest f1."))
    c.ok(f"the best F1 under both limits, for {len(CHOICES)} pairs of limits on a table of {len(TABLE)} "
         "models, limits met exactly, ties kept in table order")
    got = c.call([dict(r) for r in TABLE], 0.1, 100.0)
    if got is not None:
        c.fail("no model runs in 0.1 ms, so the answer is None", expected="None", got=describe(got),
               hint="Return None when no row meets both limits.")
    c.ok("None when no model meets the limits")
    c.done()


# ---------------------------------------------------------------------------------------------
# split_data


def _sources(seed, n_target, n_other):
    rng = np.random.default_rng(seed)
    sources = np.array(["city"] * n_target + ["web"] * n_other)
    return sources[rng.permutation(sources.size)]


def _as_indices(c, got, what, m):
    if not isinstance(got, np.ndarray) and isinstance(got, (list, tuple)):
        try:
            got = np.asarray(got, dtype=np.int64)
        except (TypeError, ValueError):
            c.fail(f"{what} should hold frame indices (integers)", got=describe(got))
    if not isinstance(got, np.ndarray):
        c.fail(f"{what} should be an array of frame indices, not {type(got).__name__}", got=describe(got))
    if got.ndim != 1 or not np.issubdtype(got.dtype, np.integer):
        c.fail(f"{what} should be a 1-D array of integer indices", got=describe(got),
               hint="np.random.default_rng(seed).permutation(...) of np.flatnonzero(...) gives one.")
    if got.size and (got.min() < 0 or got.max() >= m):
        c.fail(f"{what} holds indices outside 0..{m - 1}", got=describe(got))
    return got


def _split(c, sources, dev_size, test_size, seed, target="city"):
    got = c.same_sequence(c.call(sources, dev_size, test_size, seed, target), 3,
                          what="the returned value (should be train_idx, dev_idx, test_idx)")
    names = ("train_idx", "dev_idx", "test_idx")
    return [_as_indices(c, g, name, sources.size) for g, name in zip(got, names)]


def check_split_data(split_data):
    c = Checker(split_data, "split_data")
    cases = [(_sources(711, 90, 0), 15, 20, 3), (_sources(712, 60, 140), 12, 12, 4)]
    for sources, dev_size, test_size, seed in cases:
        m = sources.size
        train_idx, dev_idx, test_idx = _split(c, sources, dev_size, test_size, seed)
        kind = "one source" if (sources == "city").all() else "two sources"
        if dev_idx.size != dev_size or test_idx.size != test_size:
            c.fail(f"dev and test should hold {dev_size} and {test_size} frames ({kind})",
                   got=f"{dev_idx.size} and {test_idx.size}")
        if (sources[dev_idx] != "city").any() or (sources[test_idx] != "city").any():
            c.fail(f"dev or test holds frames of another source ({kind})",
                   got=f"{int((sources[dev_idx] != 'city').sum())} of dev and "
                       f"{int((sources[test_idx] != 'city').sum())} of test are not 'city'",
                   hint="Shuffle only the target frames, np.flatnonzero(sources == target), and take dev "
                        "and test from them: they must look like what the system will see.")
        together = np.concatenate([train_idx, dev_idx, test_idx])
        if np.unique(together).size != together.size:
            c.fail(f"a frame is in two sets, or twice in one ({kind})",
                   hint="Take dev as the first dev_size shuffled target frames, test as the next "
                        "test_size, and train as the rest.")
        if together.size != m:
            missing = np.setdiff1d(np.arange(m), together)
            others = int((sources[missing] != "city").sum())
            c.fail(f"{missing.size} of the {m} frames are in no set ({kind})",
                   hint=("The frames of other sources belong in train: more training data, even from "
                         "elsewhere, helps." if others else
                         "Train holds every target frame that is not in dev or test."))
    c.ok("dev and test of the asked sizes, from the target source only; every frame in exactly one "
         "set, other sources in train")
    sources, dev_size, test_size, seed = _sources(713, 120, 30), 20, 20, 5
    runs = [_split(c, sources, dev_size, test_size, s)[1] for s in (seed, seed, seed + 1)]
    first_targets = np.flatnonzero(sources == "city")[:dev_size]
    if np.array_equal(np.sort(runs[0]), np.sort(first_targets)):
        c.fail("dev holds the first target frames in their stored order: they are not shuffled",
               hint="Shuffle the target indices with np.random.default_rng(seed).permutation(...) first.")
    if not np.array_equal(runs[0], runs[1]):
        c.fail("two calls with the same seed gave different dev sets",
               hint="Draw the shuffle from np.random.default_rng(seed), not from an unseeded generator.")
    if np.array_equal(np.sort(runs[0]), np.sort(runs[2])):
        c.fail("two different seeds gave the same dev set", hint="Use the seed argument for the shuffle.")
    c.ok("a shuffle that repeats with the seed and changes with it")
    c.done()


# ---------------------------------------------------------------------------------------------
# diagnose


DIAGNOSE_CASES = [  # (human, train, dev) covering every verdict and the tolerance
    (0.01, 0.08, 0.10), (0.01, 0.015, 0.09), (0.02, 0.07, 0.11), (0.005, 0.012, 0.02),
    (0.03, 0.05, 0.052), (0.01, 0.01, 0.06), (0.0, 0.2, 0.21), (0.04, 0.03, 0.045),
]


def check_diagnose(diagnose):
    c = Checker(diagnose, "diagnose")
    for human, train, dev in DIAGNOSE_CASES:
        bias, variance, verdict = ref.diagnose(human, train, dev)
        got = c.same_sequence(c.call(human, train, dev), 3,
                              what="the returned value (should be avoidable_bias, variance, verdict)")
        what = f"for human {human}, train {train}, dev {dev}"
        c.same_scalar(got[0], bias, what=f"avoidable_bias {what}", mistakes={
            "that is the training error itself; the avoidable bias is the gap to human level, "
            "train_error - human_error": train,
            "the gap is reversed: train_error - human_error": human - train,
            "that is dev_error - human_error; the avoidable bias stops at the training error": dev - human,
        }, hint="avoidable_bias = train_error - human_error: human-level error stands in for the Bayes "
           "error, the lowest error any model could reach, so the gap above it is what can still be gained.")
        c.same_scalar(got[1], variance, what=f"variance {what}", mistakes={
            "the variance was measured against human-level error; it is the gap between dev and "
            "train, dev_error - train_error": dev - human,
            "the gap is reversed: dev_error - train_error": train - dev,
            "that is the dev error itself; the variance is dev_error - train_error": dev,
        }, hint="variance = dev_error - train_error.")
        if got[2] != verdict:
            hint = ('Compare each gap with tolerance first: both closed -> "near human level"; one '
                    'open -> focus on it; both open -> the one at least twice the other, else "both".')
            if got[2] not in ref.VERDICTS:
                hint = "The verdict is one of the strings " + ", ".join(map(repr, ref.VERDICTS)) + "."
            elif {got[2], verdict} == {"focus on bias", "focus on variance"}:
                hint = ("Bias and variance are swapped: focus on the larger gap, the avoidable bias "
                        "(train - human) or the variance (dev - train).")
            c.fail(f"the verdict {what} (avoidable bias {bias:.3f}, variance {variance:.3f})",
                   expected=repr(verdict), got=describe(got[2]), hint=hint)
    c.ok(f"avoidable bias, variance and the verdict for {len(DIAGNOSE_CASES)} error tables, every verdict "
         "and gaps at the tolerance")
    c.done()
