"""Graders of course4_cnn/w1_a1 (solution and blank stub: tests/test_grader_contract.py): plausible
wrong versions are rejected with the mistake named where it is a known one.

The wrong versions are written the way a learner writes them, with loops; the factories below
build each one by changing a single detail of a correct loop implementation.
"""

import numpy as np
import pytest
from helpers import not_attempted, passes, rejects

from utils.graders.course4_cnn import w1_a1_convolution_step_by_step as grader
from utils.nn import conv

NAMES = ["zero_pad", "conv_single_step", "conv_forward", "pool_forward", "conv_backward",
         "create_mask_from_window", "distribute_value", "pool_backward"]


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
