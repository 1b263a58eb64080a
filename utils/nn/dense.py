"""Dense (fully connected) networks in NumPy, in the notation of Course 1.

Taught in course1_nn_basics/w4_a1_deep_neural_network_step_by_step.ipynb and used as given
helpers from w4_a2_deep_neural_network_application.ipynb on (Course 2 builds on it too).

Notation. Examples are columns: X has shape (n_x, m) for m examples; layer l has n[l] units,
weights W[l] of shape (n[l], n[l-1]) and biases b[l] of shape (n[l], 1), stored in a dict
`parameters` under the keys "W1", "b1", ..., "WL", "bL". Layers 1 to L-1 are LINEAR -> RELU and
layer L is LINEAR -> SIGMOID, so AL of shape (1, m) holds probabilities of the label 1.

Caches. `linear_forward` keeps `linear_cache = (A_prev, W, b)`; `sigmoid(Z)` and `relu(Z)`
return `(A, activation_cache)` with `activation_cache = Z`, as the original course's helpers do,
so that `A, activation_cache = relu(Z)` written for it runs unchanged; `linear_activation_forward`
keeps `cache = (linear_cache, Z)`; `L_model_forward` returns the list of the L layer caches,
layer 1 first.

Gradients. `grads` holds "dA{l-1}", "dW{l}" and "db{l}" for l = 1 ... L. dW and db are
gradients of the cost (the mean loss over the m examples), hence the 1/m in `linear_backward`;
dA and dZ hold, column by column, the derivative of each example's own loss.

Randomness. Both initializers reseed NumPy's global generator with `np.random.seed(seed)`
(seed=1 by default, as the notebooks' exercises do in their first line), so every call returns
the same parameters; pass seed=None to draw from the current global state instead.
"""

import numpy as np

# ---------------------------------------------------------------------------------------------
# Activations


def sigmoid(Z):
    """Sigmoid of every entry, and the activation cache.

    Args:
        Z: the activation's input, any shape.
    Returns:
        A: 1 / (1 + exp(-Z)), same shape as Z;  activation_cache: Z itself, for sigmoid_backward.
    """
    A = 1 / (1 + np.exp(-Z))
    return A, Z


def relu(Z):
    """ReLU of every entry, and the activation cache.

    Args:
        Z: the activation's input, any shape.
    Returns:
        A: max(0, Z), same shape as Z;  activation_cache: Z itself, for relu_backward.
    """
    A = np.maximum(0, Z)
    return A, Z


def sigmoid_backward(dA, Z):
    """Gradient through a sigmoid unit.

    Args:
        dA: gradient with respect to the activation A = sigmoid(Z), any shape.
        Z: the activation's input (the activation cache), same shape as dA.
    Returns:
        dZ: dA * s * (1 - s) with s = sigmoid(Z), same shape as Z.
    """
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (1 - s)


def relu_backward(dA, Z):
    """Gradient through a ReLU unit: dA where Z > 0, else 0 (the derivative at 0 is taken as 0).

    Args:
        dA: gradient with respect to the activation A = relu(Z), any shape.
        Z: the activation's input (the activation cache), same shape as dA.
    Returns:
        dZ: array of the shape of Z; dA is left unchanged.
    """
    return np.where(Z > 0, dA, 0.0)


# ---------------------------------------------------------------------------------------------
# Initialization


def initialize_parameters(n_x, n_h, n_y, seed=1):
    """Parameters of a 2-layer network: small random weights, zero biases.

    W1 = randn(n_h, n_x) * 0.01 and then W2 = randn(n_y, n_h) * 0.01, drawn in that order right
    after np.random.seed(seed); b1 and b2 are zeros.

    Args:
        n_x: size of the input layer.   n_h: size of the hidden layer.   n_y: size of the output.
        seed: reseeds np.random first (the notebook's `np.random.seed(1)`); None keeps its state.
    Returns:
        parameters: {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}.
    """
    if seed is not None:
        np.random.seed(seed)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def initialize_parameters_deep(layer_dims, seed=1):
    """Parameters of an L-layer network, scaled by 1 / sqrt(n[l-1]).

    W[l] = randn(n[l], n[l-1]) / sqrt(n[l-1]) for l = 1 ... L in that order, right after
    np.random.seed(seed); every b[l] is zeros. The scaling keeps the variance of each Z[l]
    close to that of the layer's inputs, so a deep ReLU network neither fades to zero (as with
    a fixed 0.01, where the 4-layer cat network sits at cost 0.693 for hundreds of iterations)
    nor blows up. Course 2 compares this with other initializations.

    Args:
        layer_dims: sequence [n_x, n[1], ..., n[L]] of layer sizes (length L + 1).
        seed: reseeds np.random first (the notebook's `np.random.seed(1)`); None keeps its state.
    Returns:
        parameters: {"W1": (n[1], n_x), "b1": (n[1], 1), ..., "WL": (n[L], n[L-1]), "bL": (n[L], 1)}.
    """
    if seed is not None:
        np.random.seed(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        n_prev, n = layer_dims[l - 1], layer_dims[l]
        parameters[f"W{l}"] = np.random.randn(n, n_prev) / np.sqrt(n_prev)
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


# ---------------------------------------------------------------------------------------------
# Forward propagation


def linear_forward(A, W, b):
    """Linear part of one layer: Z = W A + b.

    Args:
        A: activations of the previous layer, shape (n[l-1], m).
        W: weights, shape (n[l], n[l-1]).   b: biases, shape (n[l], 1).
    Returns:
        Z: shape (n[l], m);  cache: (A, W, b) for the backward pass.
    """
    Z = W @ A + b                                     # (n[l], m) + (n[l], 1) broadcasts over m
    return Z, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """One layer: LINEAR -> ACTIVATION.

    Args:
        A_prev: activations of the previous layer, shape (n[l-1], m).
        W: weights, shape (n[l], n[l-1]).   b: biases, shape (n[l], 1).
        activation: "sigmoid" or "relu".
    Returns:
        A: shape (n[l], m);  cache: ((A_prev, W, b), Z) for the backward pass.
    """
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        A, activation_cache = relu(Z)
    else:
        raise ValueError(f"unknown activation {activation!r}; use 'sigmoid' or 'relu'")
    return A, (linear_cache, activation_cache)


def L_model_forward(X, parameters):
    """Forward pass of [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID.

    Args:
        X: inputs, shape (n_x, m).
        parameters: {"W1", "b1", ..., "WL", "bL"} as made by initialize_parameters_deep.
    Returns:
        AL: output probabilities, shape (1, m) (n[L], m in general);
        caches: list of the L caches of linear_activation_forward, layer 1 first.
    """
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    """Cross-entropy cost: -(1/m) sum(Y log(AL) + (1 - Y) log(1 - AL)).

    Args:
        AL: predicted probabilities, shape (1, m).   Y: labels in {0, 1}, shape (1, m).
    Returns:
        cost: float.
    """
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(cost)


# ---------------------------------------------------------------------------------------------
# Backward propagation


def linear_backward(dZ, cache):
    """Backward pass of the linear part of one layer.

    Args:
        dZ: gradient with respect to Z = W A_prev + b, shape (n[l], m).
        cache: (A_prev, W, b) from linear_forward.
    Returns:
        dA_prev: shape (n[l-1], m);  dW: shape (n[l], n[l-1]);  db: shape (n[l], 1).
    """
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m                            # (n[l], m) @ (m, n[l-1])
    db = np.sum(dZ, axis=1, keepdims=True) / m        # (n[l], 1)
    dA_prev = W.T @ dZ                                # (n[l-1], n[l]) @ (n[l], m)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """Backward pass of one LINEAR -> ACTIVATION layer.

    Args:
        dA: gradient with respect to the layer's output A, shape (n[l], m).
        cache: ((A_prev, W, b), Z) from linear_activation_forward.
        activation: "sigmoid" or "relu".
    Returns:
        dA_prev: shape (n[l-1], m);  dW: shape (n[l], n[l-1]);  db: shape (n[l], 1).
    """
    linear_cache, Z = cache
    if activation == "relu":
        dZ = relu_backward(dA, Z)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, Z)
    else:
        raise ValueError(f"unknown activation {activation!r}; use 'sigmoid' or 'relu'")
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches):
    """Backward pass of [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID with the cross-entropy cost.

    Args:
        AL: output of L_model_forward, shape (1, m).   Y: labels in {0, 1}, shape (1, m).
        caches: the list returned by L_model_forward.
    Returns:
        grads: {"dA0", ..., "dA{L-1}", "dW1", ..., "dWL", "db1", ..., "dbL"}; each has the shape
        of the array it is the gradient of (dA{l} that of A[l], shape (n[l], m)).
    """
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(Y / AL - (1 - Y) / (1 - AL))              # derivative of each example's loss
    grads = {}
    dA = dAL
    for l in range(L, 0, -1):
        activation = "sigmoid" if l == L else "relu"
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], activation)
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA, dW, db
    return grads


def update_parameters(params, grads, learning_rate):
    """One step of gradient descent, returning new arrays (params is left unchanged).

    Args:
        params: {"W1", "b1", ..., "WL", "bL"}.   grads: the dict of L_model_backward.
        learning_rate: float, the step size.
    Returns:
        parameters: {"W1", "b1", ..., "WL", "bL"} with W[l] - learning_rate * dW[l] and
        b[l] - learning_rate * db[l].
    """
    L = len(params) // 2
    parameters = {}
    for l in range(1, L + 1):
        parameters[f"W{l}"] = params[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] = params[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return parameters


# ---------------------------------------------------------------------------------------------
# Prediction and training loops


def predict(X, y, parameters):
    """Labels predicted by an L-layer network (1 where AL > 0.5); prints the accuracy if y is given.

    Args:
        X: inputs, shape (n_x, m).   y: labels of shape (1, m), or None.
        parameters: {"W1", "b1", ..., "WL", "bL"}.
    Returns:
        p: predictions in {0, 1}, integer array of shape (1, m).
    """
    AL, _ = L_model_forward(X, parameters)
    p = (AL > 0.5).astype(int)
    if y is not None:
        print(f"Accuracy: {np.mean(p == y):.4f}")
    return p


def _report(i, cost, num_iterations, print_cost, costs):
    """Keep the cost every 100 iterations; print it then and after the last iteration."""
    if i % 100 == 0:
        costs.append(cost)
    if print_cost and (i % 100 == 0 or i == num_iterations - 1):
        print(f"Cost after iteration {i}: {cost:.6f}")


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train LINEAR -> RELU -> LINEAR -> SIGMOID by batch gradient descent.

    Initialization: initialize_parameters(n_x, n_h, n_y) (np.random.seed(1), W = randn * 0.01).
    Each iteration: forward, cost, backward (dA2 from the cross-entropy), update.

    Args:
        X: inputs, shape (n_x, m).   Y: labels in {0, 1}, shape (1, m).
        layers_dims: (n_x, n_h, n_y).   learning_rate: step size.
        num_iterations: number of gradient steps.   print_cost: print the cost every 100 steps.
    Returns:
        parameters: {"W1", "b1", "W2", "b2"};
        costs: list of floats, the cost at iterations 0, 100, 200, ... (before that step's update).
    """
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(num_iterations):
        W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = update_parameters(parameters, grads, learning_rate)
        _report(i, cost, num_iterations, print_cost, costs)
    return parameters, costs


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID by batch gradient descent.

    Initialization: initialize_parameters_deep(layers_dims) (np.random.seed(1),
    W = randn / sqrt(n[l-1])).

    Args:
        X: inputs, shape (n_x, m).   Y: labels in {0, 1}, shape (1, m).
        layers_dims: [n_x, n[1], ..., n[L]].   learning_rate: step size.
        num_iterations: number of gradient steps.   print_cost: print the cost every 100 steps.
    Returns:
        parameters: {"W1", "b1", ..., "WL", "bL"};
        costs: list of floats, the cost at iterations 0, 100, 200, ... (before that step's update).
    """
    parameters = initialize_parameters_deep(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        _report(i, cost, num_iterations, print_cost, costs)
    return parameters, costs
