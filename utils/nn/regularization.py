"""L2 regularization and (inverted) dropout for the 3-layer network of utils.nn.three_layer.

Taught in: course2_improving_dnn/w1_a2_regularization, whose exercises these functions are the
reference of. Notation as in utils.nn.three_layer: X (n_x, m), Y (1, m), W<l> (n_l, n_{l-1}).

With dropout the forward cache carries the masks:
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
where D<l> has the shape of A<l> and is 1 for the units kept, 0 for the units dropped, and
A<l> is already masked and divided by keep_prob.
"""

import numpy as np

from utils.nn.three_layer import compute_cost, relu, sigmoid


def l2_penalty(parameters, lambd, m):
    """lambd / (2 m) times the sum of the squares of every weight matrix W<l> (not the biases)."""
    L = len(parameters) // 2
    squares = sum(np.sum(np.square(parameters[f"W{l}"])) for l in range(1, L + 1))
    return float(lambd / (2 * m) * squares)


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """Cross-entropy cost plus the L2 penalty lambd / (2 m) * sum_l ||W<l>||_F^2."""
    m = Y.shape[1]
    return compute_cost(A3, Y) + l2_penalty(parameters, lambd, m)


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """Gradients of the L2-regularized cost: each dW<l> gains (lambd / m) * W<l>.

    Args:
        X: (n_x, m).   Y: (1, m).   cache: the tuple of three_layer.forward_propagation.
    Returns:
        gradients: dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1.
    """
    m = X.shape[1]
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    dZ3 = A3 - Y
    dW3 = (dZ3 @ A2.T + lambd * W3) / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (A2 > 0)
    dW2 = (dZ2 @ A1.T + lambd * W2) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (A1 > 0)
    dW1 = (dZ1 @ X.T + lambd * W1) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def forward_with_masks(X, parameters, D1, D2, keep_prob):
    """The dropout forward pass with given masks D1 (n_1, m) and D2 (n_2, m): deterministic.

    Returns (A3, cache) with the dropout cache layout; used to check gradients numerically.
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = W1 @ X + b1
    A1 = relu(Z1) * D1 / keep_prob       # dropped units are 0; kept ones scaled up
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2) * D2 / keep_prob
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    """Forward pass with inverted dropout on both hidden layers.

    The masks come from NumPy's global generator, D1 first then D2, as
    `np.random.rand(*A.shape) < keep_prob` (so seeding np.random makes them repeatable).
    """
    n_1, n_2, m = parameters["W1"].shape[0], parameters["W2"].shape[0], X.shape[1]
    D1 = (np.random.rand(n_1, m) < keep_prob).astype(int)
    D2 = (np.random.rand(n_2, m) < keep_prob).astype(int)
    return forward_with_masks(X, parameters, D1, D2, keep_prob)


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """Gradients of the cost through the dropout forward pass: dA<l> is masked by D<l> and divided
    by keep_prob, exactly as A<l> was.

    Args:
        X: (n_x, m).   Y: (1, m).   cache: the tuple of forward_propagation_with_dropout.
    Returns:
        gradients: dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1.
    """
    m = X.shape[1]
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = W3.T @ dZ3 * D2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = W2.T @ dZ2 * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
