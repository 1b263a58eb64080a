"""Lesson expectations warn a learner and raise under CI."""

import pytest

from utils.expect import (
    LessonExpectationError,
    LessonWarning,
    expect_at_least,
    expect_at_most,
    expect_between,
    expect_close,
    expect_decreasing,
)


def test_passing_expectation_prints(monkeypatch, capsys):
    monkeypatch.setenv("CI", "true")
    expect_between(0.7, 0.6, 0.8, "test accuracy")
    assert "[as expected] test accuracy = 0.7000 (expected between 0.6000 and 0.8000)" in \
        capsys.readouterr().out


@pytest.mark.parametrize("call", [
    lambda: expect_between(0.9, 0.6, 0.8, "x"),
    lambda: expect_at_least(10, 20, "x"),
    lambda: expect_at_most(3, 2, "x"),
    lambda: expect_close(1.0, 1.1, "x", atol=1e-3),
    lambda: expect_decreasing([3, 2, 2.5], "cost"),
    lambda: expect_at_least(float("nan"), 0, "x"),
    lambda: expect_at_least(None, 0, "x"),
])
def test_failing_expectation_raises_in_ci_and_warns_otherwise(monkeypatch, call):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(LessonExpectationError):
        call()
    monkeypatch.setenv("CI", "")
    with pytest.warns(LessonWarning):
        call()
    monkeypatch.delenv("CI")
    with pytest.warns(LessonWarning):
        call()


def test_baseline_is_stated_and_must_be_beaten(monkeypatch, capsys):
    from utils.expect import majority_rate

    monkeypatch.setenv("CI", "true")
    labels = [[1] * 33 + [0] * 17]
    assert majority_rate(labels) == 0.66
    expect_between(0.68, 0.60, 0.80, "test accuracy", fmt=".3f", baseline=majority_rate(labels),
                   baseline_what='always "cat"')
    assert ('[as expected] test accuracy = 0.680 (expected between 0.600 and 0.800, and above the '
            'baseline 0.660 of always "cat")') in capsys.readouterr().out
    # The model that answers "cat" to every picture lands inside the band but not above the baseline.
    with pytest.raises(LessonExpectationError, match="baseline 0.660"):
        expect_between(0.66, 0.60, 0.80, "test accuracy", fmt=".3f", baseline=0.66)
    with pytest.raises(LessonExpectationError):
        expect_at_least(0.5, 0.4, "accuracy", baseline=0.5)


def test_finite_costs(monkeypatch, capsys):
    from utils.expect import expect_finite

    monkeypatch.setenv("CI", "true")
    expect_finite([0.69, 0.5], "costs")
    assert "[as expected] costs are finite (all 2 finite)" in capsys.readouterr().out
    for bad in ([0.69, float("nan")], [float("inf")], [], "text"):
        with pytest.raises(LessonExpectationError):
            expect_finite(bad, "costs")


def test_lesson_warning_is_one_clean_line(monkeypatch):
    import warnings

    monkeypatch.delenv("CI", raising=False)
    for call in (lambda: expect_at_least(0.1, 0.9, "accuracy"), lambda: expect_close(2.0, 1.0, "cost")):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        text = warnings.formatwarning(caught[0].message, caught[0].category, caught[0].filename,
                                      caught[0].lineno)
        assert text.startswith("LessonWarning: ") and text.count("\n") == 1, text
        assert "expect.py" not in text and "warnings.warn" not in text
