"""The check framework every grader uses.

A grader is a plain function `check_<exercise>(fn)`. It makes a `Checker` for the learner's
function, calls it on the grader's own inputs with `Checker.call`, and compares what came
back with the reference using the `same_*` methods, which check in layers and stop at the
first failure:

    returned something -> right type -> shape -> dtype -> finite -> values -> properties

Each passing group of checks prints one short line (`Checker.ok`); the grader ends with
`Checker.done()`, which prints "All checks passed.". A failure raises `CheckFailed`, an
`AssertionError`, whose message says what was called, what was expected, what came back and,
where the output matches a known wrong implementation, what that mistake is.

    def check_sigmoid(sigmoid):
        c = Checker(sigmoid, "sigmoid")
        x = np.array([[-2.0, 0.0], [1.0, 3.0]])
        c.same_array(c.call(x), 1 / (1 + np.exp(-x)), mistakes={
            "sigmoid uses exp(+x); it is 1 / (1 + exp(-x))": 1 / (1 + np.exp(x)),
        })
        c.ok("values on a (2, 2) array")
        c.done()

A check judges only the exercise it names. When the learner's function calls earlier exercises
or given helpers through the notebook's globals, list them in `uses`: the function is then run
with the reference versions swapped in, and if the learner's own version does not pass its
check yet, one line says so:

    c = Checker(propagate, "propagate", uses={"sigmoid": (_sigmoid, check_sigmoid)})
    # on a wrong sigmoid, propagate is still judged on its own code, and the output adds
    # "note: your sigmoid does not pass check_sigmoid yet; propagate was checked with the
    #  reference sigmoid"

Messages are wrapped at word boundaries (about 90 columns), so a notebook never breaks a word.
"""

import collections
import copy
import dis
import inspect
import io
import math
import os
import re
import textwrap
import traceback
import types
from contextlib import contextmanager, redirect_stdout
from numbers import Number

import numpy as np

_UTILS_DIR = os.path.dirname(os.path.abspath(__file__))


WRAP_WIDTH = 90
# A leading label whose text the continuation lines align under: "  hint: ...", "  ok  ...".
_LABEL = re.compile(r"\s*(?:(?:hint|note|expected|got|called as|at line \d+ of \w+):\s*|ok\s+)?")


def wrap_message(text, width=WRAP_WIDTH):
    """Wrap every line of a feedback message at word boundaries; continuation lines keep the
    line's indentation plus the width of a leading label such as "hint: " or "expected:  "."""
    out = []
    for line in str(text).split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        indent = _LABEL.match(line).end()
        indent = indent if indent < width // 2 else len(line) - len(line.lstrip())
        out.extend(textwrap.wrap(line, width=width, subsequent_indent=" " * indent,
                                 break_long_words=False, break_on_hyphens=False) or [line])
    return "\n".join(out)


class CheckFailed(AssertionError):
    """A learner's function failed a check; the message says what and why (wrapped at word
    boundaries, so it reads the same in a notebook and in a terminal)."""

    def __init__(self, message=""):
        super().__init__(wrap_message(message))


class NotAttempted(CheckFailed):
    """The learner's function still holds the placeholder `raise NotImplementedError()`."""


# Exceptions that code written for the original course (TensorFlow 2 / Keras 2 / NumPy 1) or a
# common slip raises here, with what to do about them: (exception class, pattern of the message,
# hint). A grader adds its own with Checker(..., error_hints=[...]).
KNOWN_ERRORS = [
    (TypeError, r"only 0-dimensional arrays can be converted to Python scalars|"
                r"only length-1 arrays can be converted",
     "NumPy 2 refuses float(...) or int(...) on an array that is not 0-dimensional, even with one "
     "element (e.g. a bias b of shape (1, 1, 1)). Use b.item(), or np.squeeze(b), to get the "
     "single number."),
    (ValueError, r"(?:from|into) shape \((?:\d+,\s*)*0[,)]",
     "The target slice is empty. A slice such as a[pad:-pad] is empty when pad = 0 (-0 is 0, so "
     "it reads a[0:0]); use a[pad:a.shape[0] - pad], or handle pad = 0 on its own."),
    (ValueError, r"invalid dimension '\d+\.\d*' of type '<class 'float'>'|"
                 r"expected a positive integer\. Received: \w+=\d+\.\d*|"
                 r"must be a tuple of \d integers\. Received \w+=\d+\.\d*",
     "A layer size is a float (e.g. filters=8. or units=6.0). Keras 3 wants whole numbers of type "
     "int: write 8, or int(...) around a computed size."),
    (ValueError, r"padding must be either 'valid' or 'same'|padding.*Received.*SAME",
     "Keras 3 spells padding in lower case: padding='same' (the TensorFlow 1 spelling 'SAME' is "
     "refused by the pooling layers)."),
    (ValueError, r"(not enough|too many) values to unpack",
     "The number of names on the left of `=` does not match the number of values returned. Check "
     "what the function you call returns (its docstring says), e.g. `A, cache = ...` for a "
     "function that returns two values."),
]


def _known_error_hint(exc, extra=()):
    for kind, pattern, hint in list(extra) + KNOWN_ERRORS:
        if isinstance(exc, kind) and re.search(pattern, str(exc)):
            return hint
    return None


# ---------------------------------------------------------------------------------------------
# Judging one exercise at a time: reference helpers swapped into a learner's function


def with_globals(fn, **names):
    """A copy of the learner's function that sees `names` in place of the notebook's globals.

    Lets a grader run, say, the learner's propagate with the reference sigmoid, or the
    learner's gradient_check on a forward pass of the grader's own, without touching the
    notebook's namespace. Anything other than a plain Python function is returned unchanged.
    """
    if not isinstance(fn, types.FunctionType) or not names:
        return fn
    namespace = dict(fn.__globals__)
    namespace.update(names)
    clone = types.FunctionType(fn.__code__, namespace, fn.__name__, fn.__defaults__, fn.__closure__)
    clone.__kwdefaults__ = fn.__kwdefaults__
    clone.__dict__.update(fn.__dict__)
    return clone


def global_names(fn):
    """The global names a plain Python function (and the functions nested in it) reads."""
    found = set()
    codes = [fn.__code__] if isinstance(fn, types.FunctionType) else []
    while codes:
        code = codes.pop()
        found.update(ins.argval for ins in dis.get_instructions(code)
                     if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME"))
        codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return found


def own_version_problem(check, fn):
    """None if `check(fn)` passes; else "is not attempted yet" or "does not pass <check> yet"."""
    try:
        with redirect_stdout(io.StringIO()):
            check(fn)
    except NotAttempted:
        return "is not attempted yet"
    except Exception:
        return f"does not pass {check.__name__} yet"
    return None


# ---------------------------------------------------------------------------------------------
# Describing values in messages


def describe(value, full_size=12):
    """A short, deterministic description of a value for feedback text."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        if value.size <= full_size:
            body = np.array2string(value, precision=8, separator=", ").replace("\n", "")
            return f"array({body}) of shape {value.shape}, dtype {value.dtype}"
        return f"array of shape {value.shape}, dtype {value.dtype}"
    if isinstance(value, dict):
        items = ", ".join(f"{k!r}: {_short(v)}" for k, v in list(value.items())[:8])
        more = ", ..." if len(value) > 8 else ""
        return "{" + items + more + "}"
    if isinstance(value, (list, tuple)):
        kind = type(value).__name__
        if len(value) <= 6:
            return f"{kind} of length {len(value)}: [" + ", ".join(_short(v) for v in value) + "]"
        return f"{kind} of length {len(value)}"
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, (Number, np.number)):
        return _num(value)
    if hasattr(value, "shape") and hasattr(value, "dtype"):  # tensors and the like
        dtype = getattr(value.dtype, "name", value.dtype)   # tf.float32 -> "float32"
        return f"{type(value).__name__} of shape {tuple(value.shape)}, dtype {dtype}"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _short(value):
    if isinstance(value, np.ndarray) and value.size > 4:
        return f"array of shape {value.shape}"
    return describe(value, full_size=4)


def _num(value):
    try:
        return f"{float(value):.8g}"
    except (TypeError, ValueError, OverflowError):
        return repr(value)


def _type_name(value):
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return "a NumPy array"
    module = type(value).__module__
    prefix = "" if module == "builtins" else module + "."
    return f"a {prefix}{type(value).__name__}"


# ---------------------------------------------------------------------------------------------
# Finding the learner's own line in a traceback


def _learner_frame(exc):
    """The innermost traceback frame outside this package and outside installed libraries."""
    frames = traceback.extract_tb(exc.__traceback__)
    chosen = None
    for frame in frames:
        filename = os.path.abspath(frame.filename)
        if filename.startswith(_UTILS_DIR) or "site-packages" in filename or "/lib/python" in filename:
            continue
        chosen = frame
    return chosen


def _raising_function(exc):
    frames = traceback.extract_tb(exc.__traceback__)
    return frames[-1].name if frames else None


def _deep_copy(value):
    try:
        return copy.deepcopy(value)
    except Exception:
        return value


def _same_content(a, b):
    """Whether two argument values hold the same content (used to detect in-place changes)."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        # equal_nan only where NaN exists: NumPy raises on it for arrays of str or objects.
        return bool(np.array_equal(a, b, equal_nan=np.issubdtype(a.dtype, np.inexact)))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_content(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same_content(x, y) for x, y in zip(a, b))
    try:
        return bool(a == b)
    except Exception:
        return True


# ---------------------------------------------------------------------------------------------


class Checker:
    """Runs and judges one learner function; see the module docstring."""

    def __init__(self, fn, name, uses=None, error_hints=()):
        """`uses` maps the global names of earlier exercises and given helpers that `fn` may call
        to (reference function, check function or None); `error_hints` adds (exception class,
        message pattern, hint) entries to KNOWN_ERRORS for this exercise."""
        self.name = name
        self.notes = []
        self.error_hints = list(error_hints)
        if not callable(fn):
            raise CheckFailed(
                f"{self.name}: the grader needs your function itself, but got {_type_name(fn)} "
                f"({describe(fn)}). Pass the function's name without calling it, "
                f"e.g. check_{self.name}({self.name})."
            )
        self.fn = self._isolated(fn, uses or {})
        self.last_call = None

    def _isolated(self, fn, uses):
        """`fn` with the reference versions of the helpers it reads swapped in; a note for each
        of the learner's own helpers that does not pass its check yet."""
        read = global_names(fn)
        swap = {helper: reference for helper, (reference, _) in uses.items() if helper in read}
        for helper, (reference, check) in uses.items():
            own = fn.__globals__.get(helper) if helper in swap else None
            if check is None or own is None or own is reference:
                continue
            problem = own_version_problem(check, own)
            if problem:
                self.notes.append(f"note: your {helper} {problem}; {self.name} was checked with the "
                                  f"reference {helper}")
        return with_globals(fn, **swap)

    # -- calling ------------------------------------------------------------------------------

    def call(self, *args, mutation_ok=(), **kwargs):
        """Call the learner's function on copies of the arguments and return what it returns.

        Reports the placeholder as not attempted, an exception with its type, message and the
        learner's line, and any change made to an argument in place (unless its name is listed
        in `mutation_ok`).
        """
        self.last_call = self._call_text(args, kwargs)
        originals = {i: _deep_copy(a) for i, a in enumerate(args)}
        originals.update({k: _deep_copy(v) for k, v in kwargs.items()})
        try:
            result = self.fn(*args, **kwargs)
        except NotImplementedError as exc:
            where = _raising_function(exc)
            if where in (None, self.name, "<module>"):
                raise NotAttempted(
                    f"{self.name}: not attempted yet. Replace `raise NotImplementedError()` in "
                    f"{self.name} with your code, run that cell, then run this check again."
                ) from None
            raise NotAttempted(
                f"{self.name}: it calls `{where}`, which is not attempted yet. "
                f"Finish `{where}` first, then run this check again."
            ) from None
        except Exception as exc:
            raise CheckFailed(self._exception_text(exc)) from None
        names = self._argument_names(args, kwargs)
        for key, original in originals.items():
            current = args[key] if isinstance(key, int) else kwargs[key]
            name = names.get(key, str(key))
            if name in mutation_ok or key in mutation_ok:
                continue
            if not _same_content(current, original):
                self.fail(
                    f"changed its argument `{name}` in place",
                    hint="Work on new arrays (e.g. `x = x / norm`, not `x /= norm`) so the caller's "
                    "data stays as it was.",
                )
        return result

    def _argument_names(self, args, kwargs):
        names = {k: k for k in kwargs}
        try:
            params = list(inspect.signature(self.fn).parameters)
        except (TypeError, ValueError):
            params = []
        for i in range(len(args)):
            names[i] = params[i] if i < len(params) else f"argument {i + 1}"
        return names

    def _call_text(self, args, kwargs):
        names = self._argument_names(args, kwargs)
        parts = [f"{names[i]}={_short(a)}" for i, a in enumerate(args)]
        parts += [f"{k}={_short(v)}" for k, v in kwargs.items()]
        return f"{self.name}({', '.join(parts)})"

    def _exception_text(self, exc):
        detail = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))          # Keras colours its messages
        detail = detail.split("\n\nArguments received by")[0].strip()
        text = f"{self.name}: raised {type(exc).__name__}: {detail}"
        frame = _learner_frame(exc)
        if frame is not None:
            line = (frame.line or "").strip()
            text += f"\n  at line {frame.lineno} of {frame.name}" + (f": {line}" if line else "")
        if self.last_call:
            text += f"\n  when called as {self.last_call}"
        hint = _known_error_hint(exc, self.error_hints)
        if hint:
            text += f"\n  hint: {hint}"
        return self._with_notes(text)

    def _with_notes(self, text):
        return "\n".join([text] + self.notes)

    # -- reporting ----------------------------------------------------------------------------

    def fail(self, problem, expected=None, got=None, hint=None):
        """Raise CheckFailed with a message that says what was called and what went wrong."""
        lines = [f"{self.name}: {problem}"]
        if self.last_call:
            lines.append(f"  called as: {self.last_call}")
        if expected is not None:
            lines.append(f"  expected:  {expected}")
        if got is not None:
            lines.append(f"  got:       {got}")
        if hint:
            lines.append(f"  hint: {hint}")
        raise CheckFailed(self._with_notes("\n".join(lines)))

    def ok(self, text):
        """Print one line for a passing group of checks."""
        print(wrap_message(f"  ok  {text}"))

    def done(self):
        for note in self.notes:
            print(wrap_message(note))
        print("All checks passed.")

    # -- comparisons --------------------------------------------------------------------------

    def same_array(self, got, expected, what="the returned array", rtol=1e-6, atol=1e-8,
                   mistakes=None, hint=None, check_dtype=True):
        """Check `got` against the reference array `expected`: type, shape, dtype, finite, values.

        `mistakes` maps a description of a known wrong implementation to the output it gives;
        if `got` matches one of them the failure names that mistake.
        """
        expected = np.asarray(expected)
        if got is None:
            self.fail(f"{what} is None", expected=describe(expected),
                      hint="Did you forget the `return` statement, or return the result of an "
                      "in-place operation?")
        if not isinstance(got, np.ndarray):
            if isinstance(got, (Number, np.number)) and expected.ndim == 0:
                got = np.asarray(got)
            else:
                self.fail(f"{what} should be a NumPy array, not {_type_name(got)}",
                          expected=describe(expected), got=describe(got),
                          hint="Use NumPy operations on arrays (np.exp, np.dot, ...) rather than "
                          "Python lists or the math module.")
        if got.shape != expected.shape:
            shape_hint = hint
            if got.shape == expected.shape[::-1] and got.ndim > 1:
                shape_hint = "The shape is transposed: check the order of a product or a missing .T."
            elif got.ndim < expected.ndim:
                shape_hint = ("A dimension went missing: a sum or mean may need keepdims=True, "
                              "or the result a reshape.")
            elif got.size == expected.size:
                shape_hint = "Same number of elements, different shape: check a reshape or an axis."
            self.fail(f"{what} has shape {got.shape}; expected {expected.shape}",
                      got=describe(got), hint=shape_hint)
        if check_dtype:
            self._same_dtype_kind(got, expected, what)
        if np.issubdtype(expected.dtype, np.number) and np.issubdtype(got.dtype, np.number):
            finite_expected = np.isfinite(expected)
            bad = finite_expected & ~np.isfinite(got)
            if bad.any():
                index = tuple(int(i) for i in np.argwhere(bad)[0])
                self.fail(f"{what} contains {got[index]} at index {index} where a finite number was "
                          f"expected ({int(bad.sum())} such entries)",
                          expected=_num(expected[index]),
                          hint=hint or "Look for a log of 0, a division by zero or an overflow "
                          "in exp of a large number.")
        if self._close(got, expected, rtol, atol):
            return got
        mistake = self._matching_mistake(got, mistakes, rtol, atol)
        detail = self._difference_text(got, expected)
        self.fail(f"{what} has wrong values (tolerance rtol={rtol:g}, atol={atol:g})",
                  expected=detail[0], got=detail[1], hint=mistake or hint)

    def same_scalar(self, got, expected, what="the returned value", rtol=1e-6, atol=1e-8,
                    mistakes=None, hint=None):
        """Check that `got` is a real number (Python or NumPy scalar, or a 0-d array) near `expected`."""
        if got is None:
            self.fail(f"{what} is None", expected=_num(expected),
                      hint="Did you forget the `return` statement?")
        if isinstance(got, np.ndarray):
            if got.ndim != 0:
                self.fail(f"{what} should be a single number, not an array of shape {got.shape}",
                          expected=_num(expected), got=describe(got),
                          hint="Turn a one-element array into a number with float(...) or "
                          "np.squeeze(...)." if got.size == 1 else "Did you forget to sum or average?")
            got = got.item()
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (Number, np.number)):
            self.fail(f"{what} should be a number, not {_type_name(got)}",
                      expected=_num(expected), got=describe(got))
        if not math.isfinite(float(got)) and math.isfinite(float(expected)):
            self.fail(f"{what} is {got}; expected a finite number", expected=_num(expected),
                      hint=hint or "Look for a log of 0 or a division by zero.")
        if math.isclose(float(got), float(expected), rel_tol=rtol, abs_tol=atol):
            return float(got)
        mistake = self._matching_mistake(np.asarray(got, dtype=float), mistakes, rtol, atol)
        self.fail(f"{what} is wrong (tolerance rtol={rtol:g}, atol={atol:g})",
                  expected=_num(expected), got=_num(got), hint=mistake or hint)

    def same_dict(self, got, expected, what="the returned dictionary", rtol=1e-6, atol=1e-8,
                  mistakes=None, hint=None):
        """Check a dictionary of arrays (parameters, gradients, caches) key by key."""
        if not isinstance(got, dict):
            self.fail(f"{what} should be a dict, not {_type_name(got)}",
                      expected="a dict with keys " + ", ".join(map(repr, expected)),
                      got=describe(got))
        missing = [k for k in expected if k not in got]
        if missing:
            self.fail(f"{what} is missing the key(s) {', '.join(map(repr, missing))}",
                      expected="keys " + ", ".join(map(repr, expected)),
                      got="keys " + ", ".join(map(repr, got)))
        for key, value in expected.items():
            key_mistakes = None
            if mistakes:
                key_mistakes = {label: wrong[key] for label, wrong in mistakes.items() if key in wrong}
            if isinstance(value, np.ndarray):
                self.same_array(got[key], value, what=f"{what}[{key!r}]", rtol=rtol, atol=atol,
                                mistakes=key_mistakes, hint=hint)
            else:
                self.same_scalar(got[key], value, what=f"{what}[{key!r}]", rtol=rtol, atol=atol,
                                 mistakes=key_mistakes, hint=hint)
        return got

    def same_sequence(self, got, length, what="the returned value", kind=(tuple, list)):
        """Check that `got` is a tuple (or list) of `length` items, e.g. `grads, cost`."""
        if not isinstance(got, kind) or len(got) != length:
            self.fail(f"{what} should be a tuple of {length} values",
                      got=describe(got),
                      hint=f"Return all {length} values separated by commas: `return a, b`.")
        return got

    def same_type(self, got, types, what="the returned value", hint=None):
        """Check `isinstance(got, types)`."""
        if not isinstance(got, types):
            names = " or ".join(t.__name__ for t in (types if isinstance(types, tuple) else (types,)))
            self.fail(f"{what} should be a {names}, not {_type_name(got)}",
                      got=describe(got), hint=hint)
        return got

    # -- helpers ------------------------------------------------------------------------------

    def _same_dtype_kind(self, got, expected, what):
        exp_float = np.issubdtype(expected.dtype, np.floating)
        got_float = np.issubdtype(got.dtype, np.floating)
        if exp_float and not got_float:
            self.fail(f"{what} has dtype {got.dtype}; expected floating point numbers",
                      hint="Integer or boolean results usually mean an integer division or a "
                      "comparison where a number was expected.")
        if np.issubdtype(expected.dtype, np.integer) and not np.issubdtype(got.dtype, np.integer):
            self.fail(f"{what} has dtype {got.dtype}; expected integers",
                      hint="Convert with .astype(int) once the values are whole numbers.")
        if expected.dtype == np.bool_ and got.dtype != np.bool_:
            self.fail(f"{what} has dtype {got.dtype}; expected booleans (True/False)")

    @staticmethod
    def _close(got, expected, rtol, atol):
        try:
            return bool(np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=False))
        except (TypeError, ValueError):
            return False

    def _matching_mistake(self, got, mistakes, rtol, atol):
        for label, wrong in (mistakes or {}).items():
            wrong = np.asarray(wrong)
            if wrong.shape == np.shape(got) and self._close(got, wrong, rtol, atol):
                return f"This looks like a known mistake: {label}."
        return None

    @staticmethod
    def _difference_text(got, expected):
        if expected.size <= 12:
            return describe(expected), describe(got)
        with np.errstate(invalid="ignore"):
            err = np.abs(got.astype(float) - expected.astype(float))
        index = tuple(int(i) for i in np.unravel_index(np.nanargmax(err), err.shape))
        return (f"{_num(expected[index])} at index {index} (array of shape {expected.shape})",
                f"{_num(got[index])} there; largest absolute error {_num(err[index])}, "
                f"{int((~np.isclose(got, expected)).sum())} of {expected.size} entries differ")


# ---------------------------------------------------------------------------------------------
# Numerical gradients


def numerical_gradient(f, x, epsilon=1e-6):
    """Central-difference gradient of the scalar function f at array x (x is restored)."""
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + epsilon
        plus = f(x)
        flat[i] = saved - epsilon
        minus = f(x)
        flat[i] = saved
        gflat[i] = (plus - minus) / (2 * epsilon)
    return grad


def relative_difference(a, b):
    """||a - b|| / (||a|| + ||b||), the course's gradient-check measure (0 when both are 0)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - b) / denominator)


# ---------------------------------------------------------------------------------------------
# Keras architectures: a model compared layer by layer with a description of the expected one
#
# A description is a list with one entry per layer (input layers left out, so a Sequential and
# a Functional model of the same layers describe alike):
#
#     [("ZeroPadding2D", (None, 70, 70, 3), 0, {"padding": ((3, 3), (3, 3))}),
#      ("Conv2D", (None, 64, 64, 32), 4736, {"filters": 32, "kernel_size": (7, 7), ...}),
#      ...]
#
# class name, output shape, number of parameters, settings from layer.get_config(). Entries
# may stop early: ("ReLU",) checks the class only, ("Dense", (None, 6)) also the shape. The
# settings dict may name any key of get_config() (e.g. "trainable", "return_sequences").
# `describe_model(reference)` writes the description of a reference model;
# `compare_architecture(model, expected, name, input_shape=None)` raises CheckFailed at the first
# difference (`architecture_difference` returns it as text instead). Layers are compared in the
# order of `model.layers`: for a Sequential model or a Functional chain, the order of the stack.

ARCHITECTURE_SETTINGS = ("filters", "kernel_size", "pool_size", "size", "strides", "padding",
                         "activation", "units", "rate", "axis", "return_sequences", "return_state",
                         "target_shape", "dims")
_MISSING = object()


def _plain(value):
    """Config values as hashable, comparable Python values (lists become tuples)."""
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _shape_of(tensor_or_list):
    if isinstance(tensor_or_list, (list, tuple)):
        return [_shape_of(t) for t in tensor_or_list]
    return tuple(tensor_or_list.shape)


def _model_layers(model):
    from keras.layers import InputLayer

    return [layer for layer in model.layers if not isinstance(layer, InputLayer)]


def _layer_setting(layer, key, rank):
    """One setting of a layer, read from its config; `axis` made non-negative given the rank."""
    try:
        config = layer.get_config()
    except Exception:
        config = {}
    value = config.get(key, _MISSING)
    if value is _MISSING:
        return _MISSING
    if isinstance(value, dict) and "class_name" in value:   # a serialized activation or object
        value = value.get("config", {}).get("name", value["class_name"])
    value = _plain(value)
    if key == "axis" and rank:
        if isinstance(value, int) and value < 0:
            value += rank
        elif isinstance(value, tuple):
            value = tuple(v + rank if isinstance(v, int) and v < 0 else v for v in value)
    return value


def _layer_output_shape(layer):
    try:
        return _shape_of(layer.output)
    except Exception:
        return None


def describe_layer(layer, settings=ARCHITECTURE_SETTINGS):
    """(class name, output shape, parameter count, {setting: value}) of one built Keras layer."""
    shape = _layer_output_shape(layer)
    rank = len(shape) if isinstance(shape, tuple) else None
    found = {}
    for key in settings:
        value = _layer_setting(layer, key, rank)
        if value is not _MISSING:
            found[key] = value
    return (type(layer).__name__, shape, layer.count_params(), found)


def describe_model(model, settings=ARCHITECTURE_SETTINGS):
    """The description of a built Keras model that `compare_architecture` expects, layer by layer.

    Graders build the reference model and compare the learner's with
    `compare_architecture(model, describe_model(reference), name)`.
    """
    return [describe_layer(layer, settings) for layer in _model_layers(model)]


def _show(value):
    return repr(value) if isinstance(value, str) else str(value)


def _keras_type_name(value):
    return "None" if value is None else f"a {type(value).__name__}"


def _not_a_model(value):
    import keras

    text = f"expected a keras Model, got {_keras_type_name(value)}"
    if value is None:
        return text + ". Did you forget to `return` the model?"
    if isinstance(value, keras.layers.Layer):
        return text + (". A layer alone is not a model: list the layers in keras.Sequential([...]), "
                       "or connect them with the Functional API and wrap them in keras.Model(...).")
    if hasattr(value, "shape"):
        return text + (". That is a tensor: build the model from its input and output tensors with "
                       "keras.Model(inputs=..., outputs=...) and return the model.")
    return text


def architecture_difference(model, expected, input_shape=None):
    """The first difference between a Keras model and an expected description, in plain words,
    or None when they agree. Layers are numbered from 1, input layers left out. `input_shape`,
    if given, is the expected shape of the model's input with the batch axis, e.g.
    (None, 64, 64, 3), or a list of such shapes for a model of several inputs."""
    import keras

    if not isinstance(model, keras.Model):
        return _not_a_model(model)
    if not model.built:
        if isinstance(model, keras.Sequential) or hasattr(model, "inputs") and model.inputs:
            return ("the model is not built, so its layers have no shapes yet: give it its input "
                    "shape, e.g. start the Sequential list with keras.Input(shape=input_shape)")
        return (f"the model ({type(model).__name__}) is not built, so it has no weights yet: a "
                "subclassed model makes them when it is first called; call it once on a batch of "
                "inputs first")
    if input_shape is not None:
        want = [_plain(s) for s in input_shape] if isinstance(input_shape, list) else [_plain(input_shape)]
        got = [tuple(t.shape) for t in model.inputs]
        if got != want:
            got, want = (got[0], want[0]) if len(got) == len(want) == 1 else (got, want)
            return (f"the model's input has shape {got}; expected {want}: check the shape given to "
                    "keras.Input (where the function takes an input_shape argument, use it rather "
                    "than fixed numbers)")
    layers = _model_layers(model)
    expected = [tuple(entry) if isinstance(entry, (list, tuple)) else (entry,) for entry in expected]
    got_classes = [type(layer).__name__ for layer in layers]
    want_classes = [entry[0] for entry in expected]
    count = f"the model has {len(layers)} layers; expected {len(expected)}"
    listing = (f"\n  expected layers: {', '.join(want_classes)}"
               f"\n  your layers:     {', '.join(got_classes) or 'none'}")

    def after(i):
        """Where layer i would stand, told by the layer before it."""
        if i == 0:
            return "as the first layer"
        return f"after layer {i} ({layers[i - 1].name}, {got_classes[i - 1]})"

    for i, entry in enumerate(expected):
        if i >= len(layers):
            return f"{count}: {after(i)} expected {entry[0]}, found nothing" + listing
        layer, here = layers[i], f"layer {i + 1} ({layers[i].name})"
        if got_classes[i] != entry[0]:
            if got_classes[i:] == want_classes[i + 1:]:
                return (f"{count}: {after(i)} expected {entry[0]}, found nothing (the model goes on "
                        f"with {got_classes[i]}): a {entry[0]} layer is missing" + listing)
            if got_classes[i + 1:] == want_classes[i:]:
                return (f"{count}: {here} is a {got_classes[i]} that should not be there; "
                        f"{after(i)} the next layer should be {entry[0]}" + listing)
            return f"{here}: expected {entry[0]}, found {got_classes[i]}" + listing
        shape = _layer_output_shape(layer)
        rank = len(shape) if isinstance(shape, tuple) else None
        for key, want in (entry[3] if len(entry) > 3 and entry[3] else {}).items():
            value, want = _layer_setting(layer, key, rank), _plain(want)
            if value is _MISSING:
                return f"{here}: expected {entry[0]} with {key} {_show(want)}, found no {key} setting"
            if key == "padding" and isinstance(value, str) and isinstance(want, str):
                value, want = value.lower(), want.lower()     # 'SAME' (TF 2 spelling) works as 'same'
            if value != want:
                return f"{here}: expected {entry[0]} with {key} {_show(want)}, found {key} {_show(value)}"
        if len(entry) > 1 and entry[1] is not None and _plain(shape) != _plain(entry[1]):
            return (f"{here}: {entry[0]} output shape is {shape}; expected {_plain(entry[1])}. "
                    "Check its settings and those of the layers before it (the input shape, "
                    "filters, kernel size, strides, padding, units).")
        if len(entry) > 2 and entry[2] is not None and layer.count_params() != entry[2]:
            return f"{here}: {entry[0]} has {layer.count_params()} parameters; expected {entry[2]}"
    if len(layers) > len(expected):
        n = len(expected)
        return (f"{count}: {after(n)} found {got_classes[n]}, expected nothing (the model should "
                "end there)" + listing)
    return None


@contextmanager
def keras_names_kept():
    """Build models inside a check without moving Keras's automatic layer names on.

    Keras numbers the layers it names (conv2d, conv2d_1, ...) in one counter per kernel; a
    grader that builds models would make the learner's next model show `conv2d_12` in its
    summary. Inside this block the counters are saved and restored afterwards. They are created
    (empty) first if no model was built in the kernel yet, so that they are left empty then too.
    """
    from utils.notebook import import_tensorflow

    import_tensorflow()
    from keras.src.backend.common import global_state

    counters = global_state.get_global_attribute("object_name_uids", collections.defaultdict(int),
                                                 set_to_default=True)
    saved = copy.copy(counters)
    try:
        yield
    finally:
        global_state.set_global_attribute("object_name_uids", saved)    # None: as fresh as before


def compare_architecture(model, expected, name, input_shape=None):
    """Raise CheckFailed naming the first difference between `model` and the description
    `expected` (see `describe_model`); `name` is the learner's function, used in the message;
    `input_shape` as in `architecture_difference`."""
    problem = architecture_difference(model, expected, input_shape)
    if problem is not None:
        raise CheckFailed(f"{name}: {problem}")


# ---------------------------------------------------------------------------------------------
# TensorFlow values: type (tf.Tensor or tf.Variable), shape, dtype, then values


def _tf_type_name(value):
    import tensorflow as tf

    if isinstance(value, tf.Variable):
        return "a tf.Variable"
    if isinstance(value, tf.Tensor):
        return "a tf.Tensor"
    return _type_name(value)


def _describe_tf(value):
    import tensorflow as tf

    if isinstance(value, (tf.Tensor, tf.Variable)):
        kind = "tf.Variable" if isinstance(value, tf.Variable) else "tf.Tensor"
        text = describe(np.asarray(value))
        return f"{kind} holding {text}" if text.startswith("array") else f"{kind} {text}"
    return describe(value)


def same_tensor(checker, got, expected, dtype="float32", what="the returned tensor", variable=False,
                rtol=1e-5, atol=1e-6, mistakes=None, hint=None):
    """Check a TensorFlow value against the NumPy array `expected`, in layers: a tf.Tensor (or a
    tf.Variable when `variable`), the shape, the dtype (e.g. "float32"), then the values through
    `checker.same_array` (`mistakes` as there). Returns the value as a NumPy array."""
    import tensorflow as tf

    expected = np.asarray(expected)
    if np.issubdtype(expected.dtype, np.number):
        expected = expected.astype(dtype)      # shown in messages with the dtype asked for
    kind = "tf.Variable" if variable else "tf.Tensor"
    if got is None:
        checker.fail(f"{what} is None", expected=f"a {kind} of shape {expected.shape}",
                     hint="Did you forget the `return` statement?")
    if variable and not isinstance(got, tf.Variable):
        checker.fail(f"{what} should be a tf.Variable, not {_tf_type_name(got)}", got=_describe_tf(got),
                     hint="Wrap the initial value in tf.Variable(...): only variables can be changed "
                     "in place, which is what the optimizer does to the parameters at every step.")
    if not variable and not isinstance(got, (tf.Tensor, tf.Variable)):
        checker.fail(f"{what} should be a tf.Tensor, not {_tf_type_name(got)}", got=_describe_tf(got),
                     hint=hint or "Stay with TensorFlow operations (tf.matmul, tf.add, ...) and do "
                     "not call .numpy(): GradientTape can only follow TensorFlow operations.")
    shape = tuple(got.shape)
    if shape != expected.shape:
        checker.same_array(np.asarray(got), expected, what=what, hint=hint)
    if got.dtype.name != dtype:
        checker.fail(f"{what} has dtype {got.dtype.name}; expected {dtype}", got=_describe_tf(got),
                     hint=hint or f"Convert with tf.cast(..., tf.{dtype}) where the value is made.")
    return checker.same_array(np.asarray(got), expected, what=what, rtol=rtol, atol=atol,
                              mistakes=mistakes, hint=hint, check_dtype=False)
