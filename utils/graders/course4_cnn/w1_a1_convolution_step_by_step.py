"""Graders for course4_cnn/w1_a1_convolution_step_by_step.ipynb.

Each check calls the learner's function on small inputs of its own (other sizes, channel counts,
strides and paddings than the notebook's examples, non-square images among them, so hard-coded
sizes or hyperparameters fail) and compares with the loop reference in utils.nn.conv. The
backward passes are also compared with numerical gradients of the reference forward passes.

A check judges one exercise: conv_forward runs with the reference zero_pad and conv_single_step,
conv_backward with the reference zero_pad, pool_backward with the reference
create_mask_from_window and distribute_value (see `uses` in utils.grading), and a line notes
any of the learner's own helpers that does not pass its check yet.

Correct code written for the original course's notebook passes unchanged: the caches
(A_prev, W, b, hparameters) and (A_prev, hparameters), the hparameters keys "stride", "pad" and
"f", and sizes computed with int(...) are those of the original. Its two habits that NumPy 2
rejects get a hint naming the change: `float(b)` on a bias of shape (1, 1, 1), and cropping the
padding with [pad:-pad], which is empty when pad = 0.
"""

import numpy as np

from utils.grading import Checker, describe, numerical_gradient, relative_difference
from utils.nn import conv as ref

GRADIENT_TOLERANCE = 1e-6

WINDOW_SIZE_HINT = ("A window has the wrong size. Take the window [vert_start:vert_start + f, "
                    "horiz_start:horiz_start + f] with vert_start = h * stride and horiz_start = "
                    "w * stride, from the padded input. If a window runs past the edge of the input, "
                    "the output size is too large: it is floor((n_prev + 2 * pad - f) / stride) + 1.")
EMPTY_WINDOW_HINT = ("A window is empty: it starts past the edge of A_prev, so the output size is too "
                     "large. Without padding it is floor((n_prev - f) / stride) + 1.")
FLOAT_SIZE_HINT = ("An output size is a float: dividing by the stride gives a float, and the size must "
                   "be rounded down to an integer: use int(...) or // (floor division).")
FLOAT_BIAS_HINT = ("float(b) worked in NumPy 1, which the original course used; NumPy 2 converts only "
                   "0-dimensional arrays to a number, and b has shape (1, 1, 1) (a slice b[:, :, :, c] "
                   "too). Use b.item() to get its one number.")
ALL_FILTERS_HINT = ("The window has shape (f, f, n_C_prev) but the filter it meets has one axis more: "
                    "that is all the filters, W. Filter c alone is W[:, :, :, c], with its bias "
                    "b[:, :, :, c].")
ALL_BIASES_HINT = ("A bias with more than one number: b holds the n_C biases, shape (1, 1, 1, n_C). "
                   "Filter c uses b[:, :, :, c], shape (1, 1, 1).")
CROP_HINT = ("An empty slice: [pad:-pad] selects nothing when pad = 0, because -0 is 0 and the slice "
             "reads [0:0]. The original course's notebook cropped the padding that way, which works "
             "only for pad > 0; cut it with explicit ends instead: "
             "da_prev_pad[pad:pad + n_H_prev, pad:pad + n_W_prev, :].")

# (exception class, pattern of its message, hint) for Checker(error_hints=...), tried before
# utils.grading.KNOWN_ERRORS. NumPy writes shapes without spaces, e.g. "(2,0,0,3)": a 0 anywhere
# in a shape means an empty slice.
FLOAT_BIAS_ERRORS = [(TypeError, r"only 0-dimensional arrays can be converted|"
                                 r"only length-1 arrays can be converted", FLOAT_BIAS_HINT)]
FILTER_SLICE_ERRORS = [
    (ValueError, r"could not be broadcast together with shapes \(\d+,\d+,\d+\) \(\d+,\d+,\d+,\d+\)",
     ALL_FILTERS_HINT),
    (ValueError, r"can only convert an array of size 1", ALL_BIASES_HINT),
]
WINDOW_ERRORS = [(ValueError, r"could not be broadcast", WINDOW_SIZE_HINT)]
FLOAT_SIZE_ERRORS = [(TypeError, r"cannot be interpreted as an integer", FLOAT_SIZE_HINT)]
EMPTY_WINDOW_ERRORS = [(ValueError, r"zero-size array", EMPTY_WINDOW_HINT)]
EMPTY_CROP_ERRORS = [(ValueError, r"(from|into) shape \((\d+,\s*)*0[,)]", CROP_HINT)]


def _arrays(seed, *shapes):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) for shape in shapes]


def _check_shape(c, got, expected_shape, what, shape_mistakes):
    """Fail, naming every matching mistake, when an array comes back with a known wrong shape."""
    if isinstance(got, np.ndarray) and got.shape != tuple(expected_shape):
        hints = [hint for hint, wrong_shape in shape_mistakes.items() if got.shape == tuple(wrong_shape)]
        if hints:
            c.fail(f"{what} has shape {got.shape}; expected {tuple(expected_shape)}",
                   got=describe(got), hint="; or: ".join(hints))


def _output_shape_mistakes(n_H_prev, n_W_prev, f, stride, pad, m, n_C):
    """Output shapes that a wrong size formula or a hard-coded hyperparameter gives."""
    def shape(size):
        return (m, size(n_H_prev), size(n_W_prev), n_C)

    return {
        "The output size is missing the + 1: n_H = floor((n_H_prev - f + 2 * pad) / stride) + 1":
            shape(lambda n: (n - f + 2 * pad) // stride),
        "The output size was rounded up; it is rounded down (floor), because a window that "
        "does not fit entirely is skipped": shape(lambda n: -(-(n - f + 2 * pad) // stride) + 1),
        "The padding is missing from the output size (or pad is hard-coded): "
        "n_H = floor((n_H_prev - f + 2 * pad) / stride) + 1": shape(lambda n: (n - f) // stride + 1),
        "Only one side of padding was counted: the formula has 2 * pad":
            shape(lambda n: (n - f + pad) // stride + 1),
        "The stride is missing from the output size (or hard-coded to 1): "
        "n_H = floor((n_H_prev - f + 2 * pad) / stride) + 1": shape(lambda n: n - f + 2 * pad + 1),
    }


# ---------------------------------------------------------------------------------------------
# Variants of the reference that model known mistakes


def _conv_forward_variant(A_prev, W, b, stride, pad, step=None, bias_channel=None, bias=True):
    """conv_forward with a window step other than the stride, or a wrong bias."""
    step = stride if step is None else step
    f, n_C = W.shape[0], W.shape[3]
    A_pad = ref.zero_pad(A_prev, pad)
    m, n_H_prev, n_W_prev = A_prev.shape[:3]
    n_H, n_W = ref.output_size(n_H_prev, f, stride, pad), ref.output_size(n_W_prev, f, stride, pad)
    Z = np.zeros((m, n_H, n_W, n_C))
    for h in range(n_H):
        for w in range(n_W):
            window = A_pad[:, h * step:h * step + f, w * step:w * step + f, :]
            if window.shape[1:3] != (f, f):
                return None
            Z[:, h, w, :] = np.tensordot(window, W, axes=([1, 2, 3], [0, 1, 2]))
    if bias:
        Z += b if bias_channel is None else b[..., bias_channel]
    return Z


def _pool_over_channels(A_prev, f, stride, mode):
    """Pooling that reduces each window over all channels at once (one value for every c)."""
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    n_H, n_W = ref.output_size(n_H_prev, f, stride), ref.output_size(n_W_prev, f, stride)
    reduce = np.max if mode == "max" else np.mean
    A = np.zeros((m, n_H, n_W, n_C))
    for h in range(n_H):
        for w in range(n_W):
            window = A_prev[:, h * stride:h * stride + f, w * stride:w * stride + f, :]
            A[:, h, w, :] = reduce(window, axis=(1, 2, 3))[:, None]       # (m, 1) broadcasts over n_C
    return A


def _conv_backward_variant(dZ, cache, assign=(), reset_dW_per_example=False, crop=True):
    """conv_backward with `=` instead of `+=` for the names in `assign`, or dW reset per example.

    With crop=False, dA_prev comes back with its padding.
    """
    A_prev, W, b, hparameters = cache
    f, stride, pad = W.shape[0], hparameters["stride"], hparameters["pad"]
    n_H_prev, n_W_prev = A_prev.shape[1:3]
    A_pad = ref.zero_pad(A_prev, pad)
    dA_pad, dW, db = np.zeros(A_pad.shape), np.zeros(W.shape), np.zeros(b.shape)
    m, n_H, n_W, n_C = dZ.shape
    for i in range(m):
        if reset_dW_per_example:
            dW = np.zeros(W.shape)
        for h in range(n_H):
            for w in range(n_W):
                rows, cols = slice(h * stride, h * stride + f), slice(w * stride, w * stride + f)
                for c in range(n_C):
                    g = dZ[i, h, w, c]
                    keep = {name: 0.0 if name in assign else 1.0 for name in ("dA", "dW", "db")}
                    dA_pad[i, rows, cols, :] = keep["dA"] * dA_pad[i, rows, cols, :] + W[..., c] * g
                    dW[..., c] = keep["dW"] * dW[..., c] + A_pad[i, rows, cols, :] * g
                    db[..., c] = keep["db"] * db[..., c] + g
    if crop:
        dA_pad = dA_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
    return dA_pad, dW, db


def _pool_backward_variant(dA, cache, mode, assign=False, spread=True, to_minimum=False):
    """pool_backward with `=` instead of `+=`, average not divided, or max routed to the minimum."""
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    dA_prev = np.zeros(A_prev.shape)
    m, n_H, n_W, n_C = dA.shape
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                rows, cols = slice(h * stride, h * stride + f), slice(w * stride, w * stride + f)
                for c in range(n_C):
                    window = A_prev[i, rows, cols, c]
                    if mode == "max":
                        target = np.min(window) if to_minimum else np.max(window)
                        share = (window == target) * dA[i, h, w, c]
                    else:
                        share = np.full((f, f), dA[i, h, w, c] / (f * f if spread else 1))
                    previous = 0.0 if assign else dA_prev[i, rows, cols, c]
                    dA_prev[i, rows, cols, c] = previous + share
    return dA_prev


# ---------------------------------------------------------------------------------------------
# Forward


def check_zero_pad(zero_pad):
    c = Checker(zero_pad, "zero_pad")
    for seed, shape, pad in [(11, (3, 4, 5, 2), 2), (12, (2, 3, 3, 1), 1), (13, (1, 2, 4, 3), 0)]:
        (X,) = _arrays(seed, shape)
        spatial = ((0, 0), (pad, pad), (pad, pad), (0, 0))
        expected = np.pad(X, spatial)
        what = f"zero_pad(X of shape {shape}, pad={pad})"
        got = c.call(X, pad)
        _check_shape(c, got, expected.shape, what, {
            "Every axis was padded, the batch and channel axes too; pad only the height and width: "
            "((0, 0), (pad, pad), (pad, pad), (0, 0))": np.pad(X, pad).shape,
            "The channel axis was padded too; pad only the height and width: "
            "((0, 0), (pad, pad), (pad, pad), (0, 0))": np.pad(X, ((0, 0),) + ((pad, pad),) * 3).shape,
            "The batch axis was padded too; pad only the height and width: "
            "((0, 0), (pad, pad), (pad, pad), (0, 0))": np.pad(X, ((pad, pad),) * 3 + ((0, 0),)).shape,
            "Only one side of each axis was padded; pad both sides: (pad, pad)":
                np.pad(X, ((0, 0), (0, pad), (0, pad), (0, 0))).shape,
        })
        c.same_array(got, expected, what=what, mistakes={
            "the border repeats the edge values (mode='edge'); zero padding adds zeros":
                np.pad(X, spatial, mode="edge"),
            "the border holds ones; zero padding adds zeros (constant_values=0)":
                np.pad(X, spatial, constant_values=1),
            "the border holds the value of pad; zero padding adds zeros (constant_values=0)":
                np.pad(X, spatial, constant_values=pad),
        }, hint="The centre of the result must be X unchanged and the border pad pixels wide, all zeros.")
    c.ok("pads height and width only, with zeros, for pad = 2, 1 and 0 on non-square images")
    c.done()


def check_conv_single_step(conv_single_step):
    c = Checker(conv_single_step, "conv_single_step", error_hints=FLOAT_BIAS_ERRORS)
    for seed, shape in [(21, (2, 2, 3)), (22, (3, 3, 1)), (23, (5, 5, 2))]:
        a, W, b = _arrays(seed, shape, shape, (1, 1, 1))
        what = f"conv_single_step on a window of shape {shape}"
        got = c.call(a, W, b)
        if isinstance(got, np.ndarray) and got.ndim > 0:
            hint = ("b has shape (1, 1, 1), so adding it to a number gives an array of that shape: "
                    "add b.item() instead." if got.size == 1 else
                    "Sum the elementwise product over the whole window with np.sum to get one number.")
            c.fail(f"{what} should return a single number, not an array of shape {got.shape}",
                   expected=f"{np.sum(a * W) + b.item():.8g}", got=describe(got), hint=hint)
        s = np.sum(a * W)
        c.same_scalar(got, s + b.item(), what=what, mistakes={
            "the bias b was not added": s,
            "the bias was subtracted; Z = sum(a_slice_prev * W) + b": s - b.item(),
            "that is the mean of the product; Z uses the sum": np.mean(a * W) + b.item(),
            "that is the product of the sums, not the sum of the elementwise product":
                np.sum(a) * np.sum(W) + b.item(),
        })
    c.ok("the sum of the elementwise product plus b, as one number, for three window sizes")
    c.done()


CONV_CASES = [  # (seed, A_prev shape, f, n_C, stride, pad)
    (31, (2, 5, 7, 3), 3, 4, 1, 1),
    (32, (2, 6, 5, 2), 2, 3, 2, 0),
    (33, (1, 7, 6, 3), 3, 2, 2, 2),
    (34, (3, 8, 9, 1), 3, 2, 3, 1),
]


def _conv_inputs(seed, shape, f, n_C):
    return _arrays(seed, shape, (f, f, shape[3], n_C), (1, 1, 1, n_C))


def check_conv_forward(conv_forward):
    c = Checker(conv_forward, "conv_forward", uses={
        "zero_pad": (ref.zero_pad, check_zero_pad),
        "conv_single_step": (ref.conv_single_step, check_conv_single_step),
    }, error_hints=FILTER_SLICE_ERRORS + WINDOW_ERRORS + FLOAT_SIZE_ERRORS + FLOAT_BIAS_ERRORS)
    for seed, shape, f, n_C, stride, pad in CONV_CASES:
        A_prev, W, b = _conv_inputs(seed, shape, f, n_C)
        hparameters = {"stride": stride, "pad": pad}
        what = f"Z for A_prev {shape}, W {W.shape}, stride={stride}, pad={pad}"
        got = c.call(A_prev, W, b, hparameters)
        Z, cache = c.same_sequence(got, 2, what="the returned value (Z, cache)")
        expected, _ = ref.conv_forward(A_prev, W, b, hparameters)
        _check_shape(c, Z, expected.shape, what,
                     _output_shape_mistakes(shape[1], shape[2], f, stride, pad, shape[0], n_C))
        mistakes = {
            "the bias b was not added": _conv_forward_variant(A_prev, W, b, stride, pad, bias=False),
            "every output channel got the bias of filter 0; filter c uses b[:, :, :, c]":
                _conv_forward_variant(A_prev, W, b, stride, pad, bias_channel=slice(0, 1)),
        }
        if stride > 1:
            mistakes["the windows start every pixel, not every stride pixels: vert_start = h * stride"] = \
                _conv_forward_variant(A_prev, W, b, stride, pad, step=1)
        if f != stride:
            mistakes["the windows start every f pixels; they start every stride pixels: "
                     "vert_start = h * stride"] = _conv_forward_variant(A_prev, W, b, stride, pad, step=f)
        c.same_array(Z, expected, what=what, rtol=1e-6, atol=1e-8,
                     mistakes={k: v for k, v in mistakes.items() if v is not None},
                     hint="Check the window's position (vert_start = h * stride, on the padded input) "
                     "and that filter c is W[:, :, :, c] with bias b[:, :, :, c].")
        cache = c.same_sequence(cache, 4, what="the cache")
        for name, stored, given in zip(("A_prev", "W", "b"), cache[:3], (A_prev, W, b)):
            if not (isinstance(stored, np.ndarray) and stored.shape == given.shape
                    and np.array_equal(stored, given)):
                c.fail(f"the cache should be (A_prev, W, b, hparameters), but its {name} entry differs",
                       expected=describe(given), got=describe(stored),
                       hint="conv_backward reads the inputs back from the cache: store them unchanged.")
        if not isinstance(cache[3], dict) or cache[3] != hparameters:
            c.fail("the cache's last entry should be hparameters", expected=describe(hparameters),
                   got=describe(cache[3]))
    c.ok("stride 1, 2 and 3 with pad 0, 1 and 2, on non-square images")
    c.ok("1 to 3 input channels and 2 to 4 filters")
    c.ok("returns (Z, cache) with cache = (A_prev, W, b, hparameters)")
    c.done()


POOL_CASES = [  # (seed, A_prev shape, f, stride)
    (41, (2, 5, 7, 3), 2, 2),
    (42, (1, 6, 6, 2), 3, 1),
    (43, (2, 7, 5, 2), 3, 2),
]


def check_pool_forward(pool_forward):
    c = Checker(pool_forward, "pool_forward", error_hints=FLOAT_SIZE_ERRORS + EMPTY_WINDOW_ERRORS)
    for seed, shape, f, stride in POOL_CASES:
        (A_prev,) = _arrays(seed, shape)
        hparameters = {"f": f, "stride": stride}
        for mode in ("max", "average"):
            what = f"A for A_prev {shape}, f={f}, stride={stride}, mode={mode!r}"
            got = c.call(A_prev, hparameters, mode=mode)
            A, cache = c.same_sequence(got, 2, what="the returned value (A, cache)")
            expected, _ = ref.pool_forward(A_prev, hparameters, mode)
            other = "average" if mode == "max" else "max"
            _check_shape(c, A, expected.shape, what, {
                **_output_shape_mistakes(shape[1], shape[2], f, stride, 0, shape[0], shape[3]),
                "The output should keep the number of channels of A_prev: pooling works on each "
                "channel separately": expected.shape[:3] + (1,),
            })
            c.same_array(A, expected, what=what, mistakes={
                f'mode="{mode}" computed the {other} (the two modes are swapped)':
                    ref.pool_forward(A_prev, hparameters, other)[0],
                "each window was pooled over all channels at once; pool each channel c separately: "
                "A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]":
                    _pool_over_channels(A_prev, f, stride, mode),
            })
            if not (isinstance(cache, (tuple, list)) and len(cache) == 2
                    and isinstance(cache[0], np.ndarray) and np.array_equal(cache[0], A_prev)
                    and isinstance(cache[1], dict) and cache[1] == hparameters):
                c.fail("the cache should be (A_prev, hparameters)", got=describe(cache),
                       hint="pool_backward reads A_prev and the hyperparameters back from the cache.")
    c.ok("max and average pooling, f = 2 and 3, stride 1 and 2, on non-square images")
    (A_prev,) = _arrays(44, (1, 4, 4, 2))
    hparameters = {"f": 2, "stride": 2}
    got = c.same_sequence(c.call(A_prev, hparameters), 2, what="the returned value (A, cache)")
    c.same_array(got[0], ref.pool_forward(A_prev, hparameters, "max")[0],
                 what="A with the default mode", hint='The default mode is "max".')
    c.ok('the default mode is "max"; the cache is (A_prev, hparameters)')
    c.done()


# ---------------------------------------------------------------------------------------------
# Backward


def _gradient_check(c, what, got, f, x):
    """Fail unless `got` agrees with the numerical gradient of the scalar function f at x."""
    difference = relative_difference(got, numerical_gradient(f, x.copy()))
    if not difference < GRADIENT_TOLERANCE:
        c.fail(f"{what} disagrees with the numerical gradient: relative difference {difference:.3g} "
               f"(at most {GRADIENT_TOLERANCE:g} expected)")


def check_conv_backward(conv_backward):
    c = Checker(conv_backward, "conv_backward", uses={
        "zero_pad": (ref.zero_pad, check_zero_pad),
    }, error_hints=EMPTY_CROP_ERRORS + WINDOW_ERRORS)
    cases = [  # (seed, A_prev shape, f, n_C, stride, pad)
        (51, (2, 5, 6, 3), 3, 2, 1, 1),
        (52, (2, 6, 5, 2), 2, 3, 2, 0),
        (53, (1, 5, 4, 2), 3, 2, 2, 2),
    ]
    for seed, shape, f, n_C, stride, pad in cases:
        A_prev, W, b = _conv_inputs(seed, shape, f, n_C)
        hparameters = {"stride": stride, "pad": pad}
        Z, cache = ref.conv_forward(A_prev, W, b, hparameters)
        (dZ,) = _arrays(seed + 100, Z.shape)
        setting = f"A_prev {shape}, W {W.shape}, stride={stride}, pad={pad}"
        got = c.call(dZ, cache)
        dA_prev, dW, db = c.same_sequence(got, 3, what="the returned value (dA_prev, dW, db)")
        dA_expected, dW_expected, db_expected = ref.conv_backward(dZ, cache)
        padded = (shape[0], shape[1] + 2 * pad, shape[2] + 2 * pad, shape[3])
        _check_shape(c, dA_prev, shape, f"dA_prev for {setting}", {
            "dA_prev still has the padding: return dA_prev_pad without its border, "
            "dA_prev_pad[pad:pad + n_H_prev, pad:pad + n_W_prev, :] for each example": padded,
            "dA_prev is empty: with pad = 0, the slice [pad:-pad] is [0:0], which selects nothing; "
            "use [pad:pad + n_H_prev] (and the same for the width)": (shape[0], 0, 0, shape[3]),
        })
        no_reset = _conv_backward_variant(dZ, cache, reset_dW_per_example=True)
        assigned = {name: _conv_backward_variant(dZ, cache, assign=(name,))
                    for name in ("dA", "dW", "db")}
        dA_padded = _conv_backward_variant(dZ, cache, crop=False)[0]
        c.same_array(dA_prev, dA_expected, what=f"dA_prev for {setting}", mistakes={
            "each window's contribution overwrote the one before (=); overlapping windows add "
            "up: use +=": assigned["dA"][0],
            "the padding was cut from the end only; remove pad rows and columns on each side: "
            "dA_prev_pad[pad:pad + n_H_prev, pad:pad + n_W_prev, :]":
                dA_padded[:, :shape[1], :shape[2], :],
            "the padding was cut from the start only; remove pad rows and columns on each side: "
            "dA_prev_pad[pad:pad + n_H_prev, pad:pad + n_W_prev, :]":
                dA_padded[:, 2 * pad:, 2 * pad:, :],
        }, hint="dA_prev_pad[i, window, :] += W[:, :, :, c] * dZ[i, h, w, c], summed over every "
                "window and filter.")
        c.same_array(dW, dW_expected, what=f"dW for {setting}", mistakes={
            "dW holds the gradient of the last example only: dW sums over the whole batch, so "
            "create it once, before the loop over examples": no_reset[1],
            "each window's contribution overwrote the one before (=); dW sums them: use +=":
                assigned["dW"][1],
            "dW was averaged over the batch; the course's dW is the plain sum": dW_expected / shape[0],
        }, hint="dW[:, :, :, c] += a_slice * dZ[i, h, w, c], with a_slice taken from the padded input.")
        c.same_array(db, db_expected, what=f"db for {setting}", mistakes={
            "each window's contribution overwrote the one before (=); db sums dZ: use +=":
                assigned["db"][2],
            "db was averaged over the batch; it is the sum of dZ over examples and positions":
                db_expected / shape[0],
            "db is the mean of dZ; it is the sum over examples and positions":
                np.mean(dZ, axis=(0, 1, 2), keepdims=True),
        }, hint="db[:, :, :, c] is the sum of dZ[:, :, :, c] over examples and positions: "
                "shape (1, 1, 1, n_C).")
    c.ok("dA_prev, dW and db match the reference for stride 1 and 2, pad 0, 1 and 2")

    A_prev, W, b = _conv_inputs(54, (2, 3, 4, 2), 2, 2)
    for hparameters in ({"stride": 1, "pad": 1}, {"stride": 2, "pad": 0}):
        Z, cache = ref.conv_forward(A_prev, W, b, hparameters)
        (dZ,) = _arrays(55, Z.shape)
        dA_prev, dW, db = c.same_sequence(c.call(dZ, cache), 3)
        for name, got, expected in zip(("dA_prev", "dW", "db"), (dA_prev, dW, db),
                                       ref.conv_backward(dZ, cache)):
            c.same_array(got, expected, what=name)

        def cost(A, W, b, hparameters=hparameters, dZ=dZ):
            return np.sum(ref.conv_forward(A, W, b, hparameters)[0] * dZ)

        _gradient_check(c, "dA_prev", dA_prev, lambda x: cost(x, W, b), A_prev)
        _gradient_check(c, "dW", dW, lambda x: cost(A_prev, x, b), W)
        _gradient_check(c, "db", db, lambda x: cost(A_prev, W, x), b)
    c.ok(f"gradient check: dA_prev, dW and db match numerical gradients to {GRADIENT_TOLERANCE:g}")
    c.done()


def check_create_mask_from_window(create_mask_from_window):
    c = Checker(create_mask_from_window, "create_mask_from_window")
    windows = [  # hand-picked so that every listed mistake gives a different mask
        np.array([[0.6, 1.2, 2.1], [1.7, 0.9, -3.0]]),
        np.array([[-0.4, 1.1, 0.2], [2.6, -1.5, 0.7], [0.9, 1.8, -2.2]]),
        np.array([[0.5, -0.8], [-1.3, 0.2], [1.9, 1.4], [0.1, -0.6]]),
    ]
    for x in windows:
        shape = x.shape
        expected = x == np.max(x)
        what = f"the mask of a window of shape {shape}"
        got = c.call(x)
        got = _as_float_mask(c, got, expected, what)
        c.same_array(got, expected.astype(float), what=what + " (True/1 at the maximum, False/0 elsewhere)",
                     mistakes={
                         "that marks the minimum; max pooling passes the maximum forward":
                             (x == np.min(x)).astype(float),
                         "that marks the maximum of each column; use the maximum of the whole window":
                             (x == np.max(x, axis=0)).astype(float),
                         "that marks the maximum of each row; use the maximum of the whole window":
                             (x == np.max(x, axis=1, keepdims=True)).astype(float),
                         "that marks every entry above the mean; mark only the maximum":
                             (x > np.mean(x)).astype(float),
                         "that is x times the mask; return the mask itself": x * expected,
                     })
    c.ok("marks the maximum and nothing else, in windows of shape (2, 3), (3, 3) and (4, 2)")
    x = np.array([[0.5, -1.0, 2.0], [2.0, 0.0, 1.5]])
    got = _as_float_mask(c, c.call(x), x == 2.0, "the mask of a window with two equal maxima")
    is_max = x == np.max(x)
    if not (np.all((got == 0) | (got == 1)) and np.all(got[~is_max] == 0) and np.any(got[is_max] == 1)):
        c.fail("with two equal maxima the mask must mark one or both of them and nothing else",
               expected="1 (True) at one or both of the 2.0 entries, 0 elsewhere", got=describe(got))
    c.ok("with two equal maxima, marks one or both of them")
    c.done()


def _as_float_mask(c, got, expected, what):
    """Accept a boolean, integer or float mask of the right shape; return it as floats."""
    if isinstance(got, np.ndarray) and (got.dtype == np.bool_ or np.issubdtype(got.dtype, np.number)):
        if got.shape != expected.shape:
            c.fail(f"{what} has shape {got.shape}; expected {expected.shape}", got=describe(got),
                   hint="The mask has the window's shape: compare the whole window x with its maximum.")
        return got.astype(float)
    c.same_array(got, expected, what=what)  # not an array of numbers: says what came back
    return got


def check_distribute_value(distribute_value):
    c = Checker(distribute_value, "distribute_value")
    for dz, shape in [(2.4, (2, 3)), (-1.5, (3, 3)), (6, (4, 1))]:
        n_H, n_W = shape
        what = f"distribute_value({dz}, {shape})"
        c.same_array(c.call(dz, shape), np.full(shape, dz / (n_H * n_W)), what=what, mistakes={
            "every entry is dz: divide by the number of entries, n_H * n_W": np.full(shape, float(dz)),
            "dz was divided by n_H + n_W; divide by the number of entries, n_H * n_W":
                np.full(shape, dz / (n_H + n_W)),
            "dz was divided by n_H only; divide by the number of entries, n_H * n_W":
                np.full(shape, dz / n_H),
            "dz was divided by n_W only; divide by the number of entries, n_H * n_W":
                np.full(shape, dz / n_W),
        }, hint="Every entry is dz / (n_H * n_W), so the entries add up to dz.")
    c.ok("spreads dz evenly over windows of shape (2, 3), (3, 3) and (4, 1)")
    c.done()


def check_pool_backward(pool_backward):
    c = Checker(pool_backward, "pool_backward", uses={
        "create_mask_from_window": (ref.create_mask_from_window, check_create_mask_from_window),
        "distribute_value": (ref.distribute_value, check_distribute_value),
    }, error_hints=WINDOW_ERRORS)
    cases = [  # (seed, A_prev shape, f, stride)
        (71, (2, 5, 6, 2), 2, 1),
        (72, (1, 6, 5, 3), 3, 2),
        (73, (2, 4, 6, 2), 2, 2),
    ]
    for seed, shape, f, stride in cases:
        (A_prev,) = _arrays(seed, shape)
        hparameters = {"f": f, "stride": stride}
        for mode in ("max", "average"):
            A, cache = ref.pool_forward(A_prev, hparameters, mode)
            (dA,) = _arrays(seed + 100, A.shape)
            what = f"dA_prev for A_prev {shape}, f={f}, stride={stride}, mode={mode!r}"
            got = c.call(dA, cache, mode=mode)
            other = "average" if mode == "max" else "max"
            mistakes = {
                f'mode="{mode}" computed the {other} gradient (the two modes are swapped)':
                    ref.pool_backward(dA, (A_prev, hparameters), other),
            }
            if stride < f:
                mistakes["each window's share overwrote the one before (=); where windows overlap "
                         "the shares add up: use +="] = _pool_backward_variant(dA, cache, mode, assign=True)
            if mode == "average":
                mistakes["the gradient was not spread over the window: each entry got the whole "
                         "dA[i, h, w, c]; use distribute_value, which divides by f * f"] = \
                    _pool_backward_variant(dA, cache, mode, spread=False)
            else:
                mistakes["the gradient went to the window's minimum; it goes to the maximum"] = \
                    _pool_backward_variant(dA, cache, mode, to_minimum=True)
            c.same_array(got, ref.pool_backward(dA, cache, mode), what=what, mistakes=mistakes,
                         hint="Each dA[i, h, w, c] goes back to the window it came from "
                         "(A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]): to its maximum "
                         "in max mode, spread evenly in average mode.")
    c.ok("max and average modes, f = 2 and 3, stride 1 and 2 (overlapping windows included)")

    (A_prev,) = _arrays(74, (1, 4, 5, 2))
    hparameters = {"f": 2, "stride": 1}
    for mode in ("max", "average"):
        A, cache = ref.pool_forward(A_prev, hparameters, mode)
        (dA,) = _arrays(75, A.shape)
        dA_prev = c.same_array(c.call(dA, cache, mode=mode), ref.pool_backward(dA, cache, mode),
                               what=f"dA_prev (mode={mode!r})")

        def cost(x, mode=mode, dA=dA):
            return np.sum(ref.pool_forward(x, hparameters, mode)[0] * dA)

        _gradient_check(c, f"dA_prev (mode={mode!r})", dA_prev, cost, A_prev)
    c.ok(f"gradient check: dA_prev matches numerical gradients to {GRADIENT_TOLERANCE:g} in both modes")
    c.done()
