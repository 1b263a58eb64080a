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
