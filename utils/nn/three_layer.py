"""The 3-layer binary classifier that Course 2, week 1 and week 2 hand to the learner ready-made.

LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, in the course's notation: examples are
columns, X has shape (n_x, m), W<l> has shape (n_l, n_{l-1}), b<l> has shape (n_l, 1).

Taught in: course2_improving_dnn/w1_a1_initialization (trained from three initializations),
w1_a2_regularization (with L2 and dropout, see utils.nn.regularization) and
w2_a1_optimization_methods (with the optimizers of utils.nn.optimizers).

The forward cache is the course's tuple
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
and the gradients dictionary holds dZ<l>, dW<l>, db<l> and dA<l> for the hidden layers.
update_parameters is that of utils.nn.dense (Course 1). sigmoid and relu return the activation
alone, as Course 2's helpers do (Course 1's utils.nn.dense versions also return a cache).
"""

import numpy as np

from utils.nn.dense import update_parameters

__all__ = ["sigmoid", "relu", "initialize_parameters", "forward_propagation", "backward_propagation",
           "compute_cost", "update_parameters", "predict", "accuracy"]


def sigmoid(x):
    """Sigmoid of every entry of x (any shape). exp(-x) overflows to inf for x < -709, which
    gives the right limit 0; the warning is silenced because a badly initialized network makes
    logits in the thousands."""
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


def relu(x):
    """ReLU of every entry of x: max(0, x), same shape."""
    return np.maximum(0, x)


def initialize_parameters(layer_dims, seed=3):
    """He initialization, as the optimization notebook's given model uses it: W<l> =
    randn(n_l, n_{l-1}) * sqrt(2 / n_{l-1}) in layer order after np.random.seed(seed), biases zero.

    (The regularization notebook scales by 1 / sqrt(n_{l-1}) instead: that is
    utils.nn.dense.initialize_parameters_deep.)

    Args:
        layer_dims: list of layer sizes [n_x, n_1, ..., n_L].
    Returns:
        parameters: {"W1": (n_1, n_x), "b1": (n_1, 1), ..., "WL": (n_L, n_{L-1}), "bL": (n_L, 1)}.
    """
    np.random.seed(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        scale = np.sqrt(2 / layer_dims[l - 1])
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * scale
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def forward_propagation(X, parameters):
    """Forward pass of the 3-layer network.

    Args:
        X: inputs, shape (n_x, m).
        parameters: W1 (n_1, n_x), b1 (n_1, 1), W2 (n_2, n_1), b2 (n_2, 1), W3 (1, n_2), b3 (1, 1).
    Returns:
        A3: output probabilities, shape (1, m).
        cache: (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) for the backward pass.
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = W1 @ X + b1                     # (n_1, m); b1 broadcasts over the m columns
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2                    # (n_2, m)
    A2 = relu(Z2)
    Z3 = W3 @ A2 + b3                    # (1, m)
    A3 = sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation(X, Y, cache):
    """Gradients of the mean cross-entropy cost with respect to every parameter.

    Args:
        X: inputs, shape (n_x, m).   Y: labels in {0, 1}, shape (1, m).
        cache: the tuple returned by forward_propagation.
    Returns:
        gradients: dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 (each the shape of the
        quantity it differentiates).
    """
    m = X.shape[1]
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    dZ3 = A3 - Y                         # (1, m): sigmoid and cross-entropy combined
    dW3 = dZ3 @ A2.T / m                 # (1, m) @ (m, n_2)
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = W3.T @ dZ3                     # (n_2, 1) @ (1, m)
    dZ2 = dA2 * (A2 > 0)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (A1 > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def compute_cost(A3, Y):
    """Mean cross-entropy cost of predictions A3 (1, m) against labels Y (1, m).

    A prediction that is exactly 0 or 1 and wrong costs -log(0) = inf; the result is then inf,
    without a warning.
    """
    with np.errstate(divide="ignore"):
        logprobs = -np.log(np.where(Y == 1, A3, 1 - A3))   # the probability given to the true label
    return float(np.mean(logprobs))


def predict(X, parameters):
    """Labels in {0, 1}, shape (1, m), for inputs X of shape (n_x, m): 1 where A3 > 0.5."""
    A3, _ = forward_propagation(X, parameters)
    return (A3 > 0.5).astype(int)


def accuracy(X, Y, parameters):
    """Fraction of the columns of X whose predicted label equals Y (1, m)."""
    return float(np.mean(predict(X, parameters) == Y))
