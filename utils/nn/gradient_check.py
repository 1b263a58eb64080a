"""Gradient checking: flatten parameter dictionaries to one vector, and compare an analytic
gradient with a two-sided finite-difference estimate.

Taught in: course2_improving_dnn/w1_a3_gradient_checking (the vector/dictionary helpers are
given there; gradient_check_n is the learner's exercise, gradient_check_vector its reference).

The vector holds, in order, W1 (row by row), b1, W2, b2, ..., as a column of shape (n, 1).
"""

import numpy as np

DEFAULT_LAYER_DIMS = (4, 5, 3, 1)


def _layer_count(dictionary, prefix):
    count = 0
    while f"{prefix}W{count + 1}" in dictionary:
        count += 1
    return count


def dictionary_to_vector(parameters):
    """Stack W1, b1, W2, b2, ... into one column vector.

    Returns:
        theta: array of shape (n, 1), n the total number of parameters.
        keys: list of length n naming the parameter each entry of theta comes from ("W1", ...).
    """
    pieces, keys = [], []
    for l in range(1, _layer_count(parameters, "") + 1):
        for name in (f"W{l}", f"b{l}"):
            value = parameters[name]
            pieces.append(value.reshape(-1, 1))                     # (size, 1), row-major
            keys.extend([name] * value.size)
    return np.concatenate(pieces, axis=0), keys


def vector_to_dictionary(theta, layer_dims=DEFAULT_LAYER_DIMS):
    """The inverse of dictionary_to_vector for a network of layer sizes layer_dims.

    Args:
        theta: array of shape (n, 1).
        layer_dims: [n_x, n_1, ..., n_L]; the default is the network of the gradient-checking
            notebook, [4, 5, 3, 1].
    Returns:
        parameters: {"W1": (n_1, n_x), "b1": (n_1, 1), ...}, copies of the entries of theta.
    """
    parameters, start = {}, 0
    for l in range(1, len(layer_dims)):
        for name, shape in ((f"W{l}", (layer_dims[l], layer_dims[l - 1])), (f"b{l}", (layer_dims[l], 1))):
            size = shape[0] * shape[1]
            parameters[name] = theta[start:start + size].reshape(shape).copy()   # (n_l, n_{l-1}) or (n_l, 1)
            start += size
    if start != theta.shape[0]:
        raise ValueError(f"theta has {theta.shape[0]} entries; layer sizes {list(layer_dims)} need {start}")
    return parameters


def gradients_to_vector(gradients):
    """Stack dW1, db1, dW2, db2, ... into one column vector, in the order of dictionary_to_vector.

    Other entries of the dictionary (dZ<l>, dA<l>) are ignored.
    """
    pieces = []
    for l in range(1, _layer_count(gradients, "d") + 1):
        for name in (f"dW{l}", f"db{l}"):
            pieces.append(gradients[name].reshape(-1, 1))           # (size, 1), row-major
    return np.concatenate(pieces, axis=0)


def gradient_difference(grad, gradapprox):
    """||grad - gradapprox|| / (||grad|| + ||gradapprox||): about 1e-7 or less when they agree."""
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return 0.0 if denominator == 0 else float(numerator / denominator)


def gradient_check_vector(cost_of_theta, theta, grad, epsilon=1e-7):
    """Compare grad (n, 1) with the two-sided estimate of the gradient of cost_of_theta at theta.

    Args:
        cost_of_theta: function taking a vector of shape (n, 1) and returning a number.
        theta: the point, shape (n, 1).   grad: the analytic gradient there, shape (n, 1).
    Returns:
        difference: gradient_difference(grad, gradapprox).
        gradapprox: the estimate, shape (n, 1).
    """
    gradapprox = np.zeros_like(theta, dtype=float)
    for i in range(theta.shape[0]):
        theta_plus = theta.astype(float)             # a fresh copy: theta itself is never changed
        theta_plus[i] += epsilon
        theta_minus = theta.astype(float)
        theta_minus[i] -= epsilon
        gradapprox[i] = (cost_of_theta(theta_plus) - cost_of_theta(theta_minus)) / (2 * epsilon)
    return gradient_difference(grad, gradapprox), gradapprox
