"""Convolution and pooling layers in NumPy: the loop reference and a vectorised version.

Taught in course4_cnn/w1_a1_convolution_step_by_step.ipynb. Arrays are batch-first with
channels last, as in the course: activations have shape (m, n_H, n_W, n_C), filters
W have shape (f, f, n_C_prev, n_C) and biases b have shape (1, 1, 1, n_C).

The loop functions (`conv_forward`, `pool_forward`, `conv_backward`, `pool_backward` and their
helpers) follow the notebook's exercises step by step; the graders compare learners' code with
them. `conv_forward_vectorized` and `pool_forward_vectorized` compute the same outputs with
`sliding_window_view` and one tensor contraction (or reduction) instead of Python loops.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

# ---------------------------------------------------------------------------------------------
# Loop reference: forward


def zero_pad(X, pad):
    """Pad the height and width of every image with `pad` zeros on each side.

    Args:
        X: array of shape (m, n_H, n_W, n_C).
        pad: int, zeros added on each side of both spatial axes.
    Returns:
        X_pad: array of shape (m, n_H + 2 * pad, n_W + 2 * pad, n_C).
    """
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=0)


def conv_single_step(a_slice_prev, W, b):
    """One filter applied at one position: sum of the elementwise product, plus the bias.

    Args:
        a_slice_prev: window of the input, shape (f, f, n_C_prev).
        W: one filter, shape (f, f, n_C_prev).
        b: its bias, shape (1, 1, 1).
    Returns:
        Z: float.
    """
    return float(np.sum(a_slice_prev * W) + b.item())


def output_size(n_prev, f, stride, pad=0):
    """Spatial output size of a convolution or pooling window: floor((n + 2p - f) / s) + 1."""
    return (n_prev + 2 * pad - f) // stride + 1


def conv_forward(A_prev, W, b, hparameters):
    """Forward pass of a convolution layer, with explicit loops.

    Args:
        A_prev: input activations, shape (m, n_H_prev, n_W_prev, n_C_prev).
        W: filters, shape (f, f, n_C_prev, n_C).
        b: biases, shape (1, 1, 1, n_C).
        hparameters: dict with "stride" and "pad" (ints).
    Returns:
        Z: output, shape (m, n_H, n_W, n_C).
        cache: (A_prev, W, b, hparameters) for conv_backward.
    """
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = output_size(n_H_prev, f, stride, pad)
    n_W = output_size(n_W_prev, f, stride, pad)
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        for h in range(n_H):
            vert_start = h * stride
            for w in range(n_W):
                horiz_start = w * stride
                a_slice_prev = a_prev_pad[vert_start:vert_start + f, horiz_start:horiz_start + f, :]
                for c in range(n_C):
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, W[..., c], b[..., c])
    return Z, (A_prev, W, b, hparameters)


def pool_forward(A_prev, hparameters, mode="max"):
    """Forward pass of a pooling layer (each channel pooled separately), with explicit loops.

    Args:
        A_prev: input, shape (m, n_H_prev, n_W_prev, n_C).
        hparameters: dict with "f" (window size) and "stride".
        mode: "max" or "average".
    Returns:
        A: output, shape (m, n_H, n_W, n_C).
        cache: (A_prev, hparameters) for pool_backward.
    """
    reduce = _pool_reduction(mode)
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    f, stride = hparameters["f"], hparameters["stride"]
    n_H, n_W = output_size(n_H_prev, f, stride), output_size(n_W_prev, f, stride)
    A = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            vert_start = h * stride
            for w in range(n_W):
                horiz_start = w * stride
                for c in range(n_C):
                    window = A_prev[i, vert_start:vert_start + f, horiz_start:horiz_start + f, c]
                    A[i, h, w, c] = reduce(window)
    return A, (A_prev, hparameters)


def _pool_reduction(mode):
    if mode == "max":
        return np.max
    if mode == "average":
        return np.mean
    raise ValueError(f'mode must be "max" or "average", not {mode!r}')


# ---------------------------------------------------------------------------------------------
# Loop reference: backward


def conv_backward(dZ, cache):
    """Backward pass of a convolution layer.

    Args:
        dZ: gradient of the cost with respect to the output Z, shape (m, n_H, n_W, n_C).
        cache: (A_prev, W, b, hparameters) from conv_forward.
    Returns:
        dA_prev: shape (m, n_H_prev, n_W_prev, n_C_prev).
        dW: shape (f, f, n_C_prev, n_C).
        db: shape (1, 1, 1, n_C).
    """
    A_prev, W, b, hparameters = cache
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    _, n_H, n_W, _ = dZ.shape
    A_prev_pad = zero_pad(A_prev, pad)
    dA_prev_pad = np.zeros_like(A_prev_pad, dtype=float)
    dW = np.zeros(W.shape)
    db = np.zeros(b.shape)
    for i in range(m):
        for h in range(n_H):
            vert_start = h * stride
            for w in range(n_W):
                horiz_start = w * stride
                rows = slice(vert_start, vert_start + f)
                cols = slice(horiz_start, horiz_start + f)
                for c in range(n_C):
                    dA_prev_pad[i, rows, cols, :] += W[..., c] * dZ[i, h, w, c]
                    dW[..., c] += A_prev_pad[i, rows, cols, :] * dZ[i, h, w, c]
                    db[..., c] += dZ[i, h, w, c]
    # Slicing with explicit ends (not [pad:-pad]) also works when pad is 0.
    dA_prev = dA_prev_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
    return dA_prev, dW, db


def create_mask_from_window(x):
    """Boolean mask of the window's maximum (the entry that max pooling passed forward).

    Args:
        x: array of shape (f, f).
    Returns:
        mask: boolean array of shape (f, f), True where x equals its maximum.
    """
    return x == np.max(x)


def distribute_value(dz, shape):
    """Spread a gradient evenly over an average-pooling window.

    Args:
        dz: float, the gradient of one output of average pooling.
        shape: (n_H, n_W), the window's shape.
    Returns:
        a: array of shape (n_H, n_W), every entry dz / (n_H * n_W).
    """
    n_H, n_W = shape
    return np.full((n_H, n_W), dz / (n_H * n_W))


def pool_backward(dA, cache, mode="max"):
    """Backward pass of a pooling layer.

    Args:
        dA: gradient of the cost with respect to the pooling output, shape (m, n_H, n_W, n_C).
        cache: (A_prev, hparameters) from pool_forward.
        mode: "max" or "average".
    Returns:
        dA_prev: shape (m, n_H_prev, n_W_prev, n_C), same as A_prev.
    """
    _pool_reduction(mode)
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        for h in range(n_H):
            vert_start = h * stride
            for w in range(n_W):
                horiz_start = w * stride
                rows = slice(vert_start, vert_start + f)
                cols = slice(horiz_start, horiz_start + f)
                for c in range(n_C):
                    if mode == "max":
                        mask = create_mask_from_window(A_prev[i, rows, cols, c])
                        dA_prev[i, rows, cols, c] += mask * dA[i, h, w, c]
                    else:
                        dA_prev[i, rows, cols, c] += distribute_value(dA[i, h, w, c], (f, f))
    return dA_prev


# ---------------------------------------------------------------------------------------------
# Vectorised forward passes


def _windows(A, f, stride):
    """Every f x f window of A (shape (m, n_H_in, n_W_in, n_C)) taken every `stride` pixels.

    Returns a read-only view of shape (m, n_H, n_W, n_C, f, f): no data is copied.
    """
    return sliding_window_view(A, (f, f), axis=(1, 2))[:, ::stride, ::stride]


def conv_forward_vectorized(A_prev, W, b, hparameters):
    """Same output as conv_forward, without Python loops.

    All windows are viewed at once as an array of shape (m, n_H, n_W, n_C_prev, f, f), and one
    tensordot contracts each window with every filter.

    Args and returns: as conv_forward.
    """
    f = W.shape[0]
    stride, pad = hparameters["stride"], hparameters["pad"]
    windows = _windows(zero_pad(A_prev, pad), f, stride)      # (m, n_H, n_W, n_C_prev, f, f)
    # Contract (n_C_prev, f, f) of the windows with W's axes (2, 0, 1).
    Z = np.tensordot(windows, W, axes=([3, 4, 5], [2, 0, 1]))  # (m, n_H, n_W, n_C)
    Z = Z + b                                                  # b (1, 1, 1, n_C) broadcasts
    return Z, (A_prev, W, b, hparameters)


def pool_forward_vectorized(A_prev, hparameters, mode="max"):
    """Same output as pool_forward, without Python loops.

    Args and returns: as pool_forward.
    """
    reduce = _pool_reduction(mode)
    windows = _windows(A_prev, hparameters["f"], hparameters["stride"])  # (m, n_H, n_W, n_C, f, f)
    return reduce(windows, axis=(4, 5)), (A_prev, hparameters)
