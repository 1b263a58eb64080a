"""The check framework: every layer of checks fails with a message that says what is wrong."""

import io
from contextlib import redirect_stdout

import numpy as np
import pytest

from utils.grading import (
    Checker,
    CheckFailed,
    NotAttempted,
    describe,
    numerical_gradient,
    relative_difference,
)


def failure(fn, *args, **compare):
    """Run a same_array check of fn(*args) against compare['expected']; return the message."""
    c = Checker(fn, "f")
    with pytest.raises(CheckFailed) as info:
        c.same_array(c.call(*args), compare.pop("expected"), **compare)
    return str(info.value)


def test_placeholder_is_not_attempted():
    def f(x):
        raise NotImplementedError()

    with pytest.raises(NotAttempted, match="f: not attempted yet"):
        Checker(f, "f").call(1)


def test_placeholder_in_a_called_exercise_is_named():
    def propagate(x):
        raise NotImplementedError()

    def model(x):
        return propagate(x)

    with pytest.raises(NotAttempted, match="calls `propagate`, which is not attempted yet"):
        Checker(model, "model").call(1)


def test_exception_reports_type_message_and_call():
    def f(x):
        return x @ np.ones((5, 5))

    with pytest.raises(CheckFailed) as info:
        Checker(f, "f").call(np.ones((2, 3)))
    message = str(info.value)
    assert "raised ValueError" in message
    assert "at line" in message and "of f" in message
    assert "f(x=array of shape (2, 3))" in message
    assert not isinstance(info.value, NotAttempted)


def test_none_wrong_type_shape_dtype_nan_values_each_named():
    expected = np.arange(6.0).reshape(2, 3)
    assert "is None" in failure(lambda x: None, 1, expected=expected)
    assert "should be a NumPy array, not a list" in failure(lambda x: [1, 2], 1, expected=expected)
    assert "transposed" in failure(lambda x: expected.T, 1, expected=expected)
    assert "keepdims" in failure(lambda x: np.zeros(2), 1, expected=np.zeros((2, 1)))
    assert "dtype int64" in failure(lambda x: expected.astype(np.int64), 1, expected=expected)
    assert "contains nan at index (0, 1)" in failure(
        lambda x: np.where(expected == 1, np.nan, expected), 1, expected=expected)
    message = failure(lambda x: expected + 1, 1, expected=expected)
    assert "wrong values" in message and "expected:" in message and "got:" in message


def test_large_arrays_reported_by_worst_element():
    expected = np.zeros((10, 10))
    got = expected.copy()
    got[3, 4] = 2.5
    message = failure(lambda x: got, 1, expected=expected)
    assert "index (3, 4)" in message and "1 of 100 entries differ" in message


def test_known_mistake_is_named():
    expected = np.ones(3)
    message = failure(lambda x: 2 * np.ones(3), 1, expected=expected,
                      mistakes={"doubled by mistake": 2 * np.ones(3)})
    assert "known mistake: doubled by mistake" in message


def test_in_place_change_detected_and_can_be_allowed():
    def f(params):
        params["W"] -= 1
        return params

    with pytest.raises(CheckFailed, match="changed its argument `params` in place"):
        Checker(f, "f").call({"W": np.ones(2)})
    assert Checker(f, "f").call({"W": np.ones(2)}, mutation_ok=("params",))["W"][0] == 0


def test_in_place_check_handles_arrays_of_strings_and_nan():
    def upper_first(sentences):
        sentences[0] = sentences[0].upper()
        return len(sentences)

    assert Checker(len, "f").call(np.array(["i love you", "sad"])) == 2       # no crash on str arrays
    with pytest.raises(CheckFailed, match="changed its argument `sentences` in place"):
        Checker(upper_first, "f").call(np.array(["i love you", "sad"]))
    assert Checker(lambda x: 1, "f").call(np.array([np.nan, 1.0])) == 1         # NaN equals NaN here


def test_same_scalar_accepts_numbers_and_0d_arrays_only():
    c = Checker(lambda: None, "f")
    assert c.same_scalar(np.float64(1.5), 1.5) == 1.5
    assert c.same_scalar(np.array(1.5), 1.5) == 1.5
    with pytest.raises(CheckFailed, match="single number, not an array of shape \\(1, 1\\)"):
        c.same_scalar(np.array([[1.5]]), 1.5)
    with pytest.raises(CheckFailed, match="should be a number, not a str"):
        c.same_scalar("1.5", 1.5)
    with pytest.raises(CheckFailed, match="is nan"):
        c.same_scalar(float("nan"), 1.5)


def test_same_dict_reports_missing_keys_then_values():
    c = Checker(lambda: None, "f")
    expected = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    with pytest.raises(CheckFailed, match="missing the key\\(s\\) 'b1'"):
        c.same_dict({"W1": np.ones((2, 2))}, expected)
    with pytest.raises(CheckFailed, match="should be a dict"):
        c.same_dict([1], expected)
    with pytest.raises(CheckFailed, match="\\['b1'\\] has shape"):
        c.same_dict({"W1": np.ones((2, 2)), "b1": np.zeros(2)}, expected)


def test_not_callable_is_reported():
    with pytest.raises(CheckFailed, match="needs your function itself"):
        Checker(3.0, "sigmoid")


def test_ok_and_done_print_short_lines():
    out = io.StringIO()
    with redirect_stdout(out):
        c = Checker(lambda: 1, "f")
        c.ok("first group")
        c.done()
    assert out.getvalue() == "  ok  first group\nAll checks passed.\n"


def test_describe_is_short_and_deterministic():
    assert describe(np.zeros((100, 100))) == "array of shape (100, 100), dtype float64"
    assert describe(None) == "None"
    assert "W1" in describe({"W1": np.zeros((3, 3))})


def test_numerical_gradient_matches_analytic():
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    grad = numerical_gradient(lambda v: float(np.sum(v**3)), x.copy())
    assert relative_difference(grad, 3 * x**2) < 1e-8
    assert relative_difference(np.zeros(3), np.zeros(3)) == 0.0


# ---------------------------------------------------------------------------------------------
# A check judges the exercise it names: reference helpers swapped in, a note on the learner's own


def _reference_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _check_sigmoid(sigmoid):
    c = Checker(sigmoid, "sigmoid")
    z = np.array([-1.0, 0.0, 2.0])
    c.same_array(c.call(z), _reference_sigmoid(z))
    c.done()


def _check_forward(forward):
    c = Checker(forward, "forward", uses={"sigmoid": (_reference_sigmoid, _check_sigmoid)})
    x = np.array([[0.5, -1.0]])
    c.same_array(c.call(x), _reference_sigmoid(2 * x), mistakes={
        "the sigmoid is applied to x, not 2x": _reference_sigmoid(x)})
    c.done()


def _notebook(sigmoid_body, forward_body="return sigmoid(2 * x)"):
    """Functions defined as in a notebook: they find `sigmoid` through their module globals."""
    namespace = {"np": np}
    exec(f"def sigmoid(z):\n    {sigmoid_body}\n\ndef forward(x):\n    {forward_body}\n", namespace)
    return namespace


def _output(check, fn):
    out = io.StringIO()
    with redirect_stdout(out):
        check(fn)
    return out.getvalue()


def test_a_wrong_helper_does_not_fail_the_exercise_that_calls_it():
    notebook = _notebook("return 1 / (1 + np.exp(z))")                 # wrong sign
    text = _output(_check_forward, notebook["forward"])
    assert "note: your sigmoid does not pass _check_sigmoid yet; forward was checked with the " \
        "reference sigmoid" in " ".join(text.split()) and text.endswith("All checks passed.\n")
    # the notebook's own namespace is untouched
    assert notebook["forward"].__globals__["sigmoid"] is notebook["sigmoid"]


def test_a_helper_not_attempted_yet_is_noted_too():
    notebook = _notebook("raise NotImplementedError()")
    assert "note: your sigmoid is not attempted yet" in _output(_check_forward, notebook["forward"])


def test_a_correct_helper_adds_no_note_and_a_wrong_exercise_still_fails():
    notebook = _notebook("return 1 / (1 + np.exp(-z))", forward_body="return sigmoid(x)")
    with redirect_stdout(io.StringIO()), pytest.raises(CheckFailed) as info:
        _check_forward(notebook["forward"])
    assert "the sigmoid is applied to x, not 2x" in str(info.value) and "note:" not in str(info.value)
    # both wrong: the failure message carries the note as its last line
    notebook = _notebook("return np.tanh(z)", forward_body="return sigmoid(x)")
    with redirect_stdout(io.StringIO()), pytest.raises(CheckFailed) as info:
        _check_forward(notebook["forward"])
    assert "\nnote: your sigmoid does not pass" in str(info.value)
    # a known-mistake hint is never shown for a mistake the learner did not make
    notebook = _notebook("return 1 / (1 + np.exp(-z / 2))")           # wrong in exactly that way
    assert "All checks passed." in _output(_check_forward, notebook["forward"])


def test_a_helper_the_function_does_not_read_is_neither_swapped_nor_noted():
    notebook = _notebook("return np.tanh(z)", forward_body="return 1 / (1 + np.exp(-2 * x))")
    text = _output(_check_forward, notebook["forward"])
    assert "note:" not in text and "All checks passed." in text


def test_global_names_sees_nested_functions_but_not_attributes():
    from utils.grading import global_names

    namespace = {"np": np}
    exec("def f(x):\n    g = lambda y: helper(y)\n    return np.sigmoid(g(x))\n", namespace)
    names = global_names(namespace["f"])
    assert "helper" in names and "np" in names and "sigmoid" not in names


# ---------------------------------------------------------------------------------------------
# Messages: wrapped at word boundaries; hints for the errors of code from the original course


def test_messages_are_wrapped_at_word_boundaries():
    c = Checker(lambda x: x, "f")
    with pytest.raises(CheckFailed) as info:
        c.fail("a problem " * 20, expected="x", hint="a very long hint that goes on " * 6)
    lines = str(info.value).splitlines()
    assert all(len(line) <= 90 for line in lines), lines
    hint_start = next(i for i, line in enumerate(lines) if line.startswith("  hint: "))
    assert lines[hint_start + 1].startswith(" " * 8) and lines[hint_start + 1][8] != " "  # under the text
    words = " ".join(line.strip() for line in lines)
    assert "a very long hint that goes on a very long hint" in words   # no word was broken


@pytest.mark.parametrize("body, fragment", [
    ("return x + float(np.ones((1, 1, 1)))", "b.item()"),
    ("a = np.zeros((4, 4)); pad = 0; a[pad:-pad, :] = np.ones((4, 4)); return a", "pad = 0"),
    ("A, cache = np.ones((3, 4)); return A", "Check what the function you call returns"),
])
def test_errors_of_code_written_for_the_original_course_get_a_hint(body, fragment):
    namespace = {"np": np}
    exec(f"def f(x):\n    {body}\n", namespace)
    with pytest.raises(CheckFailed) as info:
        Checker(namespace["f"], "f").call(1.0)
    message = str(info.value)
    assert "raised" in message and "hint:" in message and fragment in " ".join(message.split()), message


def test_a_grader_adds_its_own_error_hints():
    def f(x):
        raise KeyError("W3")

    with pytest.raises(CheckFailed, match="only two layers here"):
        Checker(f, "f", error_hints=[(KeyError, "W3", "only two layers here")]).call(1)
