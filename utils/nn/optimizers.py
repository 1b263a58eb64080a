"""Optimizers for networks whose parameters are the course's dictionaries W<l>, b<l>.

Taught in: course2_improving_dnn/w2_a1_optimization_methods, whose exercises these are the
reference of: gradient descent, mini-batches, momentum, Adam and learning-rate decay.
Gradients are dictionaries with keys dW<l>, db<l>; velocities and squared-gradient averages
use the same keys. Every update returns new dictionaries and leaves its arguments unchanged.
"""

import math

import numpy as np


def _num_layers(parameters):
    return len(parameters) // 2


def update_parameters_with_gd(parameters, grads, learning_rate):
    """One step of gradient descent: W<l> -= learning_rate * dW<l>, and the same for b<l>."""
    updated = {}
    for l in range(1, _num_layers(parameters) + 1):
        updated[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        updated[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return updated


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Shuffle the columns of X (n_x, m) and Y (1, m) with one permutation, then cut them into
    mini-batches of mini_batch_size columns (the last one holds the m % mini_batch_size rest).

    The permutation is np.random.permutation(m) after np.random.seed(seed).
    Returns: a list of (mini_batch_X, mini_batch_Y) pairs.
    """
    np.random.seed(seed)
    m = X.shape[1]
    permutation = np.random.permutation(m)
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape(1, m)
    return [(shuffled_X[:, k:k + mini_batch_size], shuffled_Y[:, k:k + mini_batch_size])
            for k in range(0, m, mini_batch_size)]


def initialize_velocity(parameters):
    """Zero velocities {"dW<l>": zeros like W<l>, "db<l>": zeros like b<l>}."""
    v = {}
    for l in range(1, _num_layers(parameters) + 1):
        v[f"dW{l}"] = np.zeros_like(parameters[f"W{l}"])
        v[f"db{l}"] = np.zeros_like(parameters[f"b{l}"])
    return v


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """v = beta v + (1 - beta) grad, then W -= learning_rate * v.  Returns (parameters, v)."""
    new_parameters, new_v = {}, {}
    for l in range(1, _num_layers(parameters) + 1):
        for p in ("W", "b"):
            new_v[f"d{p}{l}"] = beta * v[f"d{p}{l}"] + (1 - beta) * grads[f"d{p}{l}"]
            new_parameters[f"{p}{l}"] = parameters[f"{p}{l}"] - learning_rate * new_v[f"d{p}{l}"]
    return new_parameters, new_v


def initialize_adam(parameters):
    """Zero first- and second-moment estimates (v, s), two independent dictionaries."""
    return initialize_velocity(parameters), initialize_velocity(parameters)


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9,
                                beta2=0.999, epsilon=1e-8):
    """One Adam step at step number t (counting from 1).

    v = beta1 v + (1 - beta1) g;  s = beta2 s + (1 - beta2) g^2;
    v_corrected = v / (1 - beta1^t);  s_corrected = s / (1 - beta2^t);
    W -= learning_rate * v_corrected / (sqrt(s_corrected) + epsilon).
    Returns (parameters, v, s, v_corrected, s_corrected).
    """
    new_parameters, new_v, new_s, v_corrected, s_corrected = {}, {}, {}, {}, {}
    for l in range(1, _num_layers(parameters) + 1):
        for p in ("W", "b"):
            key, g = f"d{p}{l}", grads[f"d{p}{l}"]
            new_v[key] = beta1 * v[key] + (1 - beta1) * g
            new_s[key] = beta2 * s[key] + (1 - beta2) * np.square(g)
            v_corrected[key] = new_v[key] / (1 - beta1**t)
            s_corrected[key] = new_s[key] / (1 - beta2**t)
            new_parameters[f"{p}{l}"] = parameters[f"{p}{l}"] - learning_rate * v_corrected[key] / (
                np.sqrt(s_corrected[key]) + epsilon)
    return new_parameters, new_v, new_s, v_corrected, s_corrected


def update_lr(learning_rate0, epoch_num, decay_rate):
    """Decay at every epoch: learning_rate0 / (1 + decay_rate * epoch_num)."""
    return learning_rate0 / (1 + decay_rate * epoch_num)


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """Decay in steps: learning_rate0 / (1 + decay_rate * floor(epoch_num / time_interval))."""
    return learning_rate0 / (1 + decay_rate * math.floor(epoch_num / time_interval))
