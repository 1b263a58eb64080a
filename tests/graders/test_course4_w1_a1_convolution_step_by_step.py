"""Graders of course4_cnn/w1_a1 (solution and blank stub: tests/test_grader_contract.py): plausible
wrong versions are rejected with the mistake named where it is a known one.

The wrong versions are written the way a learner writes them, with loops; the factories below
build each one by changing a single detail of a correct loop implementation.
"""

import linecache

import numpy as np
import pytest
from helpers import exercises, not_attempted, passes
from helpers import rejects as _rejects

from utils.graders.course4_cnn import w1_a1_convolution_step_by_step as grader
from utils.grading import with_globals
from utils.nn import conv

NOTEBOOK = "course4_cnn/w1_a1_convolution_step_by_step.ipynb"

NAMES = ["zero_pad", "conv_single_step", "conv_forward", "pool_forward", "conv_backward",
         "create_mask_from_window", "distribute_value", "pool_backward"]


def rejects(check, fn, *fragments):
    """helpers.rejects, with the fragments looked for in the message as one line: messages are
    wrapped at word boundaries, so a fragment may straddle a line break."""
    message = " ".join(_rejects(check, fn).split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in message, f"{fragment!r} not in:\n{message}"
    return message


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes(name):
    passes(getattr(grader, f"check_{name}"), getattr(conv, name))


def test_vectorized_versions_match_the_loops():
    rng = np.random.default_rng(0)
    A_prev = rng.standard_normal((2, 7, 6, 3))
    W, b = rng.standard_normal((3, 3, 3, 4)), rng.standard_normal((1, 1, 1, 4))
    for stride, pad in [(1, 0), (1, 1), (2, 1), (2, 2), (3, 1)]:
        hparameters = {"stride": stride, "pad": pad}
        np.testing.assert_allclose(conv.conv_forward_vectorized(A_prev, W, b, hparameters)[0],
                                   conv.conv_forward(A_prev, W, b, hparameters)[0], atol=1e-12)
    for f, stride in [(2, 2), (3, 1), (3, 2)]:
        for mode in ("max", "average"):
            hparameters = {"f": f, "stride": stride}
            np.testing.assert_allclose(conv.pool_forward_vectorized(A_prev, hparameters, mode)[0],
                                       conv.pool_forward(A_prev, hparameters, mode)[0], atol=1e-12)


# ---------------------------------------------------------------------------------------------
# zero_pad and conv_single_step


def test_zero_pad_wrong_versions():
    def pads_every_axis(X, pad):
        return np.pad(X, pad)

    def pads_channels(X, pad):
        return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (pad, pad)))

    def edge_values(X, pad):
        return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="edge")

    def ones(X, pad):
        return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), constant_values=1)

    def hard_coded(X, pad):
        return np.pad(X, ((0, 0), (2, 2), (2, 2), (0, 0)))

    rejects(grader.check_zero_pad, pads_every_axis, "Every axis was padded")
    rejects(grader.check_zero_pad, pads_channels, "channel axis was padded")
    rejects(grader.check_zero_pad, edge_values, "mode='edge'")
    rejects(grader.check_zero_pad, ones, "border holds ones")
    rejects(grader.check_zero_pad, hard_coded, "has shape (2, 7, 7, 1)")


def test_conv_single_step_wrong_versions():
    def no_bias(a_slice_prev, W, b):
        return np.sum(a_slice_prev * W)

    def array_out(a_slice_prev, W, b):
        return np.sum(a_slice_prev * W) + b

    def float_of_b(a_slice_prev, W, b):
        return float(np.sum(a_slice_prev * W)) + float(b)

    def not_summed(a_slice_prev, W, b):
        return a_slice_prev * W + b.item()

    def mean(a_slice_prev, W, b):
        return np.mean(a_slice_prev * W) + b.item()

    rejects(grader.check_conv_single_step, no_bias, "bias b was not added")
    rejects(grader.check_conv_single_step, array_out, "array of shape (1, 1, 1)", "b.item()")
    rejects(grader.check_conv_single_step, float_of_b, "raised TypeError", "b.item()")
    rejects(grader.check_conv_single_step, not_summed, "array of shape (2, 2, 3)", "np.sum")
    rejects(grader.check_conv_single_step, mean, "mean of the product")


# ---------------------------------------------------------------------------------------------
# conv_forward


def make_conv_forward(size=None, step=None, stride=None, pad=None, bias_channel=None, cache=True):
    """A loop conv_forward with one detail changed (None keeps the correct version)."""
    def conv_forward(A_prev, W, b, hparameters):
        m, n_H_prev, n_W_prev, _ = A_prev.shape
        f, _, _, n_C = W.shape
        s = hparameters["stride"] if stride is None else stride
        p = hparameters["pad"] if pad is None else pad
        out = size or (lambda n: (n - f + 2 * p) // s + 1)
        n_H, n_W = out(n_H_prev), out(n_W_prev)
        Z = np.zeros((m, n_H, n_W, n_C))
        A_pad = np.pad(A_prev, ((0, 0), (p, p), (p, p), (0, 0)))
        window_step = s if step is None else step
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    vs, hs = h * window_step, w * window_step
                    a_slice = A_pad[i, vs:vs + f, hs:hs + f, :]
                    for c in range(n_C):
                        bias = b[:, :, :, c if bias_channel is None else bias_channel]
                        Z[i, h, w, c] = np.sum(a_slice * W[:, :, :, c]) + bias.item()
        return (Z, (A_prev, W, b, hparameters)) if cache else Z
    return conv_forward


def test_conv_forward_wrong_versions():
    check = grader.check_conv_forward
    passes(check, make_conv_forward())
    rejects(check, make_conv_forward(stride=1), "stride is missing from the output size")
    rejects(check, make_conv_forward(pad=0), "padding is missing from the output size")
    rejects(check, make_conv_forward(size=lambda n: (n - 3 + 2) // 1), "missing the + 1")
    rejects(check, make_conv_forward(size=lambda n: n), "could not be broadcast", "output size is too large")
    rejects(check, make_conv_forward(step=1), "windows start every pixel")
    rejects(check, make_conv_forward(bias_channel=0), "bias of filter 0")
    rejects(check, make_conv_forward(cache=False), "(Z, cache)", "tuple of 2")


def test_conv_forward_passing_every_filter_or_every_bias_gets_a_hint():
    """conv_single_step (the reference, swapped in) given W or b whole instead of filter c's."""
    def calls_with(filters, biases):
        def conv_forward(A_prev, W, b, hparameters):
            f, stride, pad = W.shape[0], hparameters["stride"], hparameters["pad"]
            m, n_H_prev, n_W_prev, _ = A_prev.shape
            n_H, n_W = (n_H_prev - f + 2 * pad) // stride + 1, (n_W_prev - f + 2 * pad) // stride + 1
            Z = np.zeros((m, n_H, n_W, W.shape[3]))
            A_prev_pad = zero_pad(A_prev, pad)  # noqa: F821  (the notebook's globals, given below)
            for i in range(m):
                for h in range(n_H):
                    for w in range(n_W):
                        window = A_prev_pad[i, h * stride:h * stride + f, w * stride:w * stride + f, :]
                        for c in range(W.shape[3]):
                            Z[i, h, w, c] = conv_single_step(  # noqa: F821
                                window, filters(W, c), biases(b, c))
            return Z, (A_prev, W, b, hparameters)
        return with_globals(conv_forward, zero_pad=conv.zero_pad, conv_single_step=conv.conv_single_step)

    def whole(array, c):
        return array

    def channel(array, c):
        return array[:, :, :, c]

    rejects(grader.check_conv_forward, calls_with(whole, channel), "raised ValueError",
            "that is all the filters, W. Filter c alone is W[:, :, :, c]")
    rejects(grader.check_conv_forward, calls_with(channel, whole), "raised ValueError",
            "Filter c uses b[:, :, :, c]")
    passes(grader.check_conv_forward, calls_with(channel, channel))


def test_conv_forward_size_formula_mistakes():
    def no_floor(A_prev, W, b, hparameters):
        f, stride, pad = W.shape[0], hparameters["stride"], hparameters["pad"]
        n_H = (A_prev.shape[1] - f + 2 * pad) / stride + 1
        n_W = (A_prev.shape[2] - f + 2 * pad) / stride + 1
        return np.zeros((A_prev.shape[0], n_H, n_W, W.shape[3])), None

    def rounded_up(A_prev, W, b, hparameters):
        f, stride, pad = W.shape[0], hparameters["stride"], hparameters["pad"]

        def size(n):
            return int(np.ceil((n - f + 2 * pad) / stride)) + 1

        return make_conv_forward(size=size)(A_prev, W, b, hparameters)

    rejects(grader.check_conv_forward, no_floor, "raised TypeError", "rounded down")
    rejects(grader.check_conv_forward, rounded_up, "has shape (2, 3, 3, 3)", "rounded up")


def test_conv_forward_cache_and_mutation():
    def bad_cache(A_prev, W, b, hparameters):
        Z, _ = conv.conv_forward(A_prev, W, b, hparameters)
        return Z, (W, A_prev, b, hparameters)

    def pads_in_place(A_prev, W, b, hparameters):
        Z, cache = conv.conv_forward(A_prev, W, b, hparameters)
        A_prev[0] = 0
        return Z, cache

    rejects(grader.check_conv_forward, bad_cache, "cache should be (A_prev, W, b, hparameters)")
    rejects(grader.check_conv_forward, pads_in_place, "changed its argument `A_prev` in place")


# ---------------------------------------------------------------------------------------------
# pool_forward


def make_pool_forward(swap=False, over_channels=False, stride=None, float_size=False):
    def pool_forward(A_prev, hparameters, mode="max"):
        m, n_H_prev, n_W_prev, n_C = A_prev.shape
        f = hparameters["f"]
        s = hparameters["stride"] if stride is None else stride
        n_H, n_W = (n_H_prev - f) // s + 1, (n_W_prev - f) // s + 1
        if float_size:
            n_H, n_W = (n_H_prev - f) / s + 1, (n_W_prev - f) / s + 1
        use_max = (mode == "max") != swap
        A = np.zeros((m, n_H, n_W, n_C))
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(n_C):
                        channels = slice(None) if over_channels else c
                        window = A_prev[i, h * s:h * s + f, w * s:w * s + f, channels]
                        A[i, h, w, c] = np.max(window) if use_max else np.mean(window)
        return A, (A_prev, hparameters)
    return pool_forward


def test_pool_forward_wrong_versions():
    check = grader.check_pool_forward
    passes(check, make_pool_forward())
    rejects(check, make_pool_forward(swap=True), "the two modes are swapped")
    rejects(check, make_pool_forward(over_channels=True), "pooled over all channels")
    rejects(check, make_pool_forward(stride=1), "stride is missing from the output size")
    rejects(check, make_pool_forward(float_size=True), "raised TypeError", "rounded down")

    def always_average_by_default(A_prev, hparameters, mode="average"):
        return conv.pool_forward(A_prev, hparameters, mode)

    rejects(check, always_average_by_default, "default mode", 'The default mode is "max"')


# ---------------------------------------------------------------------------------------------
# conv_backward


def make_conv_backward(crop="correct", reset_dW=False, db_mean=False, assign_dA=False):
    def conv_backward(dZ, cache):
        A_prev, W, b, hparameters = cache
        f, stride, pad = W.shape[0], hparameters["stride"], hparameters["pad"]
        n_H_prev, n_W_prev = A_prev.shape[1:3]
        A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
        dA_pad, dW, db = np.zeros(A_pad.shape), np.zeros(W.shape), np.zeros(b.shape)
        m, n_H, n_W, n_C = dZ.shape
        for i in range(m):
            if reset_dW:
                dW = np.zeros(W.shape)
            for h in range(n_H):
                for w in range(n_W):
                    vs, hs = h * stride, w * stride
                    for c in range(n_C):
                        g = dZ[i, h, w, c]
                        if assign_dA:
                            dA_pad[i, vs:vs + f, hs:hs + f, :] = W[:, :, :, c] * g
                        else:
                            dA_pad[i, vs:vs + f, hs:hs + f, :] += W[:, :, :, c] * g
                        dW[:, :, :, c] += A_pad[i, vs:vs + f, hs:hs + f, :] * g
                        db[:, :, :, c] += g
        if db_mean:
            db = db / (m * n_H * n_W)
        if crop == "correct":
            dA_prev = dA_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
        elif crop == "minus":
            dA_prev = dA_pad[:, pad:-pad, pad:-pad, :]
        else:
            dA_prev = dA_pad
        return dA_prev, dW, db
    return conv_backward


def test_conv_backward_wrong_versions():
    check = grader.check_conv_backward
    passes(check, make_conv_backward())
    rejects(check, make_conv_backward(crop="none"), "still has the padding")
    rejects(check, make_conv_backward(crop="minus"), "dA_prev is empty", "[pad:pad + n_H_prev]")
    rejects(check, make_conv_backward(reset_dW=True), "last example only")
    rejects(check, make_conv_backward(db_mean=True), "db is the mean of dZ")
    rejects(check, make_conv_backward(assign_dA=True), "overwrote the one before")

    def forgets_db(dZ, cache):
        dA_prev, dW, _ = conv.conv_backward(dZ, cache)
        return dA_prev, dW

    def db_over_everything(dZ, cache):
        dA_prev, dW, _ = conv.conv_backward(dZ, cache)
        return dA_prev, dW, np.sum(dZ)

    rejects(check, forgets_db, "tuple of 3")
    rejects(check, db_over_everything, "db for", "should be a NumPy array")


# ---------------------------------------------------------------------------------------------
# create_mask_from_window and distribute_value


def test_create_mask_accepts_ints_floats_and_one_of_tied_maxima():
    check = grader.check_create_mask_from_window

    def ints(x):
        return (x == np.max(x)).astype(int)

    def floats(x):
        return (x == np.max(x)).astype(float)

    def first_maximum_only(x):
        mask = np.zeros(x.shape, dtype=bool)
        mask[np.unravel_index(np.argmax(x), x.shape)] = True
        return mask

    for fn in (ints, floats, first_maximum_only):
        passes(check, fn)


def test_create_mask_wrong_versions():
    check = grader.check_create_mask_from_window

    def minimum(x):
        return x == np.min(x)

    def column_maxima(x):
        return x == np.max(x, axis=0)

    def times_x(x):
        return x * (x == np.max(x))

    def index_only(x):
        return np.argmax(x)

    def above_mean(x):
        return x > np.mean(x)

    def marks_nothing_on_ties(x):
        return (x == np.max(x)) & (np.sum(x == np.max(x)) == 1)

    rejects(check, minimum, "marks the minimum")
    rejects(check, column_maxima, "each column")
    rejects(check, times_x, "x times the mask")
    rejects(check, index_only, "should be a NumPy array")
    rejects(check, above_mean, "above the mean")
    rejects(check, marks_nothing_on_ties, "two equal maxima")


def test_distribute_value_wrong_versions():
    check = grader.check_distribute_value

    def not_divided(dz, shape):
        return np.ones(shape) * dz

    def by_height(dz, shape):
        return np.ones(shape) * dz / shape[0]

    def scalar(dz, shape):
        return dz / (shape[0] * shape[1])

    def hard_coded(dz, shape):
        return np.ones(shape) * dz / 4

    rejects(check, not_divided, "every entry is dz")
    rejects(check, by_height, "n_H only")
    rejects(check, scalar, "should be a NumPy array")
    rejects(check, hard_coded, "wrong values", "add up to dz")


# ---------------------------------------------------------------------------------------------
# pool_backward


def make_pool_backward(spread=True, assign=False, swap=False, to_minimum=False):
    def pool_backward(dA, cache, mode="max"):
        A_prev, hparameters = cache
        f, s = hparameters["f"], hparameters["stride"]
        dA_prev = np.zeros(A_prev.shape)
        use_max = (mode == "max") != swap
        m, n_H, n_W, n_C = dA.shape
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(n_C):
                        window = A_prev[i, h * s:h * s + f, w * s:w * s + f, c]
                        if use_max:
                            target = np.min(window) if to_minimum else np.max(window)
                            share = (window == target) * dA[i, h, w, c]
                        else:
                            share = np.ones((f, f)) * dA[i, h, w, c] / (f * f if spread else 1)
                        if assign:
                            dA_prev[i, h * s:h * s + f, w * s:w * s + f, c] = share
                        else:
                            dA_prev[i, h * s:h * s + f, w * s:w * s + f, c] += share
        return dA_prev
    return pool_backward


def test_pool_backward_wrong_versions():
    check = grader.check_pool_backward
    passes(check, make_pool_backward())
    rejects(check, make_pool_backward(spread=False), "not spread over the window")
    rejects(check, make_pool_backward(assign=True), "overwrote the one before")
    rejects(check, make_pool_backward(swap=True), "the two modes are swapped")
    rejects(check, make_pool_backward(to_minimum=True), "window's minimum")


def test_pool_backward_reports_an_unfinished_helper():
    def uses_helper(dA, cache, mode="max"):
        raise_not_implemented()

    def raise_not_implemented():
        raise NotImplementedError()

    message = not_attempted(grader.check_pool_backward, uses_helper)
    assert "raise_not_implemented" in message


def test_grader_needs_a_function():
    rejects(grader.check_conv_forward, None, "needs your function itself")


# ---------------------------------------------------------------------------------------------
# A check judges one exercise: the reference helpers are swapped in, the learner's are noted


def wrong_zero_pad(X, pad):
    return np.pad(X, pad)                                   # pads every axis


def wrong_conv_single_step(a_slice_prev, W, b):
    return float(np.sum(a_slice_prev * W))                  # forgets the bias


def wrong_create_mask_from_window(x):
    return x == np.min(x)


def wrong_distribute_value(dz, shape):
    return np.ones(shape) * dz                              # not divided by n_H * n_W


def unfinished_helper(*args, **kwargs):
    raise NotImplementedError()


HELPER_CASES = [  # (exercise, helper it calls, a wrong version of the helper)
    ("conv_forward", "zero_pad", wrong_zero_pad),
    ("conv_forward", "conv_single_step", wrong_conv_single_step),
    ("conv_backward", "zero_pad", wrong_zero_pad),
    ("pool_backward", "create_mask_from_window", wrong_create_mask_from_window),
    ("pool_backward", "distribute_value", wrong_distribute_value),
]


@pytest.mark.parametrize("name, helper, wrong_helper", HELPER_CASES,
                         ids=[f"{name}-{helper}" for name, helper, _ in HELPER_CASES])
def test_correct_function_beside_a_wrong_helper_passes_with_a_note(name, helper, wrong_helper):
    check = getattr(grader, f"check_{name}")
    rejects(getattr(grader, f"check_{helper}"), wrong_helper)      # the helper really is wrong
    solution = exercises(NOTEBOOK)[name]
    output = passes(check, with_globals(solution, **{helper: wrong_helper}))
    assert (f"note: your {helper} does not pass check_{helper} yet; {name} was checked with the "
            f"reference {helper}") in " ".join(output.split())


@pytest.mark.parametrize("name, helper", [(name, helper) for name, helper, _ in HELPER_CASES],
                         ids=[f"{name}-{helper}" for name, helper, _ in HELPER_CASES])
def test_correct_function_beside_an_unfinished_helper_passes_with_a_note(name, helper):
    solution = exercises(NOTEBOOK)[name]
    output = passes(getattr(grader, f"check_{name}"), with_globals(solution, **{helper: unfinished_helper}))
    assert f"note: your {helper} is not attempted yet; {name} was checked" in " ".join(output.split())


def test_correct_function_beside_correct_helpers_has_no_note():
    for name in ("conv_forward", "conv_backward", "pool_backward"):
        assert "note:" not in passes(getattr(grader, f"check_{name}"), exercises(NOTEBOOK)[name])


def notebook_function(source, name):
    """A function defined as in the notebook: it finds the notebook's helpers among its globals."""
    namespace = dict(exercises(NOTEBOOK))
    exec(source, namespace)
    return namespace[name]


def test_wrong_functions_beside_correct_helpers_fail():
    conv_forward_one_bias = notebook_function('''
def conv_forward(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H, n_W = (n_H_prev - f + 2 * pad) // stride + 1, (n_W_prev - f + 2 * pad) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                window = A_prev_pad[i, h * stride:h * stride + f, w * stride:w * stride + f, :]
                for c in range(n_C):
                    Z[i, h, w, c] = conv_single_step(window, W[:, :, :, c], b[:, :, :, 0])
    return Z, (A_prev, W, b, hparameters)
''', "conv_forward")
    conv_backward_no_crop = notebook_function('''
def conv_backward(dZ, cache):
    A_prev, W, b, hparameters = cache
    f, stride, pad = W.shape[0], hparameters["stride"], hparameters["pad"]
    A_prev_pad = zero_pad(A_prev, pad)
    dA_prev_pad, dW, db = np.zeros(A_prev_pad.shape), np.zeros(W.shape), np.zeros(b.shape)
    m, n_H, n_W, n_C = dZ.shape
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                rows, cols = slice(h * stride, h * stride + f), slice(w * stride, w * stride + f)
                for c in range(n_C):
                    dA_prev_pad[i, rows, cols, :] += W[:, :, :, c] * dZ[i, h, w, c]
                    dW[:, :, :, c] += A_prev_pad[i, rows, cols, :] * dZ[i, h, w, c]
                    db[:, :, :, c] += dZ[i, h, w, c]
    return dA_prev_pad, dW, db
''', "conv_backward")
    pool_backward_assigns = notebook_function('''
def pool_backward(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    dA_prev = np.zeros(A_prev.shape)
    m, n_H, n_W, n_C = dA.shape
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                rows, cols = slice(h * stride, h * stride + f), slice(w * stride, w * stride + f)
                for c in range(n_C):
                    if mode == "max":
                        mask = create_mask_from_window(A_prev[i, rows, cols, c])
                        dA_prev[i, rows, cols, c] = mask * dA[i, h, w, c]
                    else:
                        dA_prev[i, rows, cols, c] = distribute_value(dA[i, h, w, c], (f, f))
    return dA_prev
''', "pool_backward")
    for check, fn, fragment in [
        (grader.check_conv_forward, conv_forward_one_bias, "bias of filter 0"),
        (grader.check_conv_backward, conv_backward_no_crop, "still has the padding"),
        (grader.check_pool_backward, pool_backward_assigns, "overwrote the one before"),
    ]:
        message = rejects(check, fn, fragment)
        assert "note:" not in message


def test_a_wrong_function_beside_a_wrong_helper_fails_for_its_own_mistake_with_the_note():
    conv_forward_one_bias = notebook_function('''
def conv_forward(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H, n_W = (n_H_prev - f + 2 * pad) // stride + 1, (n_W_prev - f + 2 * pad) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                window = A_prev_pad[i, h * stride:h * stride + f, w * stride:w * stride + f, :]
                for c in range(n_C):
                    Z[i, h, w, c] = conv_single_step(window, W[:, :, :, c], b[:, :, :, 0])
    return Z, (A_prev, W, b, hparameters)
''', "conv_forward")
    message = rejects(grader.check_conv_forward,
                      with_globals(conv_forward_one_bias, conv_single_step=wrong_conv_single_step),
                      "bias of filter 0",
                      "note: your conv_single_step does not pass check_conv_single_step yet")
    assert "the bias b was not added" not in message      # the helper's mistake is not blamed here


# ---------------------------------------------------------------------------------------------
# Code written for the original course's notebook (NumPy 1 era): it passes, or a hint says what
# NumPy 2 changed. The style is the original's: parenthesised unpacking, np.multiply, sizes
# computed with int(...), the window computed in the innermost loop, slices kept per example.

ORIGINAL_STYLE = r'''
def zero_pad(X, pad):
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=(0, 0))
    return X_pad


def conv_single_step(a_slice_prev, W, b):
    s = np.multiply(a_slice_prev, W)
    Z = np.sum(s)
    Z = Z + float(b)
    return Z


def conv_single_step_item(a_slice_prev, W, b):
    s = np.multiply(a_slice_prev, W)
    Z = np.sum(s)
    Z = Z + b.item()
    return Z


def conv_forward(A_prev, W, b, hparameters):
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = int((n_H_prev - f + 2 * pad) / stride) + 1
    n_W = int((n_W_prev - f + 2 * pad) / stride) + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    a_slice_prev = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                    weights = W[:, :, :, c]
                    biases = b[:, :, :, c]
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, weights, biases)
    cache = (A_prev, W, b, hparameters)
    return Z, cache


def pool_forward(A_prev, hparameters, mode="max"):
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    f = hparameters["f"]
    stride = hparameters["stride"]
    n_H = int(1 + (n_H_prev - f) / stride)
    n_W = int(1 + (n_W_prev - f) / stride)
    n_C = n_C_prev
    A = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    a_prev_slice = A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]
                    if mode == "max":
                        A[i, h, w, c] = np.max(a_prev_slice)
                    elif mode == "average":
                        A[i, h, w, c] = np.mean(a_prev_slice)
    cache = (A_prev, hparameters)
    return A, cache


def conv_backward(dZ, cache):
    (A_prev, W, b, hparameters) = cache
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    (m, n_H, n_W, n_C) = dZ.shape
    dA_prev = np.zeros((m, n_H_prev, n_W_prev, n_C_prev))
    dW = np.zeros((f, f, n_C_prev, n_C))
    db = np.zeros((1, 1, 1, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    dA_prev_pad = zero_pad(dA_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        da_prev_pad = dA_prev_pad[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    a_slice = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                    da_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :] += \
                        W[:, :, :, c] * dZ[i, h, w, c]
                    dW[:, :, :, c] += a_slice * dZ[i, h, w, c]
                    db[:, :, :, c] += dZ[i, h, w, c]
        dA_prev[i, :, :, :] = CROP
    return dA_prev, dW, db


def create_mask_from_window(x):
    mask = (x == np.max(x))
    return mask


def distribute_value(dz, shape):
    (n_H, n_W) = shape
    average = dz / (n_H * n_W)
    a = np.ones(shape) * average
    return a


def pool_backward(dA, cache, mode="max"):
    (A_prev, hparameters) = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        a_prev = A_prev[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    if mode == "max":
                        a_prev_slice = a_prev[vert_start:vert_end, horiz_start:horiz_end, c]
                        mask = create_mask_from_window(a_prev_slice)
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += \
                            np.multiply(mask, dA[i, h, w, c])
                    elif mode == "average":
                        da = dA[i, h, w, c]
                        shape = (f, f)
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += \
                            distribute_value(da, shape)
    return dA_prev
'''


def original_style(crop="da_prev_pad[pad:-pad, pad:-pad, :]"):
    """The original-style functions in one namespace, as a learner's notebook holds them (the
    source registered with linecache, as IPython does for a cell, so messages can quote it)."""
    source = ORIGINAL_STYLE.replace("CROP", crop)
    filename = f"<original-style cell {crop}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    namespace = {"np": np}
    exec(compile(source, filename, "exec"), namespace)
    return namespace


def test_original_style_solutions_pass():
    namespace = original_style(crop="da_prev_pad[pad:pad + n_H_prev, pad:pad + n_W_prev, :]")
    namespace["conv_single_step"] = namespace["conv_single_step_item"]
    for name in NAMES:
        output = passes(getattr(grader, f"check_{name}"), namespace[name])
        assert "note:" not in output, output


def test_original_float_of_b_gets_the_numpy_2_hint():
    namespace = original_style()
    message = rejects(grader.check_conv_single_step, namespace["conv_single_step"],
                      "raised TypeError: only 0-dimensional arrays can be converted",
                      "of conv_single_step: Z = Z + float(b)",
                      "NumPy 2", "b.item()")
    assert message.count("hint:") == 1
    # conv_forward is judged on its own code, with one line about the helper
    output = passes(grader.check_conv_forward, namespace["conv_forward"])
    assert ("note: your conv_single_step does not pass check_conv_single_step yet; conv_forward "
            "was checked with the reference conv_single_step") in " ".join(output.split())


def test_float_of_b_inside_conv_forward_gets_the_hint():
    def conv_forward(A_prev, W, b, hparameters):
        stride, pad, f = hparameters["stride"], hparameters["pad"], W.shape[0]
        A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
        m, n_H_prev, n_W_prev, _ = A_prev.shape
        n_H, n_W = (n_H_prev - f + 2 * pad) // stride + 1, (n_W_prev - f + 2 * pad) // stride + 1
        Z = np.zeros((m, n_H, n_W, W.shape[3]))
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(W.shape[3]):
                        window = A_pad[i, h * stride:h * stride + f, w * stride:w * stride + f, :]
                        Z[i, h, w, c] = np.sum(window * W[:, :, :, c]) + float(b[:, :, :, c])
        return Z, (A_prev, W, b, hparameters)

    rejects(grader.check_conv_forward, conv_forward, "raised TypeError", "NumPy 2", "b.item()")


def test_original_crop_with_pad_zero_gets_the_empty_slice_hint():
    message = rejects(grader.check_conv_backward, original_style()["conv_backward"],
                      "raised ValueError: could not broadcast input array from shape (0,0,",
                      "dA_prev[i, :, :, :] = da_prev_pad[pad:-pad, pad:-pad, :]",
                      "[pad:-pad] selects nothing when pad = 0",
                      "da_prev_pad[pad:pad + n_H_prev, pad:pad + n_W_prev, :]")
    assert message.count("hint:") == 1


def test_crop_assigned_into_an_empty_slice_gets_the_hint():
    """The other direction: [pad:-pad] on the left of `=`, so the target has a 0 in its shape
    (NumPy writes it inside the shape, e.g. (2,0,0,2), which KNOWN_ERRORS's pattern misses)."""
    def conv_backward(dZ, cache):
        A_prev, W, b, hparameters = cache
        pad = hparameters["pad"]
        dA_prev, dW, db = conv.conv_backward(dZ, cache)
        dA_prev_pad = conv.zero_pad(np.zeros(A_prev.shape), pad)
        dA_prev_pad[:, pad:-pad, pad:-pad, :] = dA_prev         # a padded copy, kept for later
        return dA_prev, dW, db

    rejects(grader.check_conv_backward, conv_backward, "into shape (2,0,0,", "[pad:-pad] selects nothing")
