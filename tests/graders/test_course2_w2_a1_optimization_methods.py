"""Graders of course2_improving_dnn/w2_a1 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions are rejected with the mistake named where it is a known one."""

import math
import textwrap

import numpy as np
import pytest
from helpers import passes
from helpers import rejects as _rejects

from utils.graders.course2_improving_dnn import w2_a1_optimization_methods as grader


def rejects(check, fn, *fragments):
    """helpers.rejects, with the fragments looked for in the message as one line: messages are
    wrapped at word boundaries, so a fragment may straddle a line break."""
    message = " ".join(_rejects(check, fn).split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in message, f"{fragment!r} not in:\n{message}"
    return message

NAMES = ["update_parameters_with_gd", "random_mini_batches", "initialize_velocity",
         "update_parameters_with_momentum", "initialize_adam", "update_parameters_with_adam", "update_lr",
         "schedule_lr_decay"]


def test_reference_passes():
    from utils.nn import optimizers

    for name in NAMES:
        passes(getattr(grader, f"check_{name}"), getattr(optimizers, name))


def test_update_parameters_with_gd_wrong_versions():
    def plus(parameters, grads, learning_rate):
        L = len(parameters) // 2
        for l in range(1, L + 1):
            parameters[f"W{l}"] = parameters[f"W{l}"] + learning_rate * grads[f"dW{l}"]
            parameters[f"b{l}"] = parameters[f"b{l}"] + learning_rate * grads[f"db{l}"]
        return parameters

    def skips_last(parameters, grads, learning_rate):
        L = len(parameters) // 2
        for l in range(1, L):
            parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
            parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
        return parameters

    def no_bias(parameters, grads, learning_rate):
        L = len(parameters) // 2
        for l in range(1, L + 1):
            parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        return parameters

    def hard_coded_three_layers(parameters, grads, learning_rate):
        for l in range(1, 4):
            parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
            parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
        return parameters

    rejects(grader.check_update_parameters_with_gd, plus, "moved along the gradient")
    rejects(grader.check_update_parameters_with_gd, skips_last, "last layer was not updated")
    rejects(grader.check_update_parameters_with_gd, no_bias, "biases b were not updated")
    rejects(grader.check_update_parameters_with_gd, hard_coded_three_layers, "raised KeyError")


def test_random_mini_batches_wrong_versions():
    def make(variant):
        def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
            np.random.seed(seed)
            m = X.shape[1]
            permutation = list(np.random.permutation(m))
            if variant == "no shuffle":
                permutation = list(range(m))
            shuffled_X = X[:, permutation]
            if variant == "two permutations":
                shuffled_Y = Y[:, list(np.random.permutation(m))]
            else:
                shuffled_Y = Y[:, permutation]
            batches = []
            for k in range(math.floor(m / mini_batch_size)):
                batches.append((shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                                shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]))
            if variant != "drops last" and m % mini_batch_size != 0:
                start = math.floor(m / mini_batch_size) * mini_batch_size
                batches.append((shuffled_X[:, start:], shuffled_Y[:, start:]))
            if variant == "hard-coded 64":
                return random_mini_batches(X, Y, 64, seed) if mini_batch_size != 64 else batches
            return batches
        return random_mini_batches

    check = grader.check_random_mini_batches
    passes(check, make(None))
    rejects(check, make("no shuffle"), "not shuffled")
    rejects(check, make("two permutations"), "another permutation")
    rejects(check, make("drops last"), "the last mini-batch", "is missing")
    rejects(check, make("hard-coded 64"), "returned 3 mini-batches; expected 5")


def _zeros(parameters, keys_with_d=True):
    L = len(parameters) // 2
    out = {}
    for l in range(1, L + 1):
        prefix = "d" if keys_with_d else ""
        out[f"{prefix}W{l}"] = np.zeros(parameters[f"W{l}"].shape)
        out[f"{prefix}b{l}"] = np.zeros(parameters[f"b{l}"].shape)
    return out


def test_initialize_velocity_wrong_versions():
    def parameter_keys(parameters):
        return _zeros(parameters, keys_with_d=False)

    def transposed(parameters):
        return {k: v.T for k, v in _zeros(parameters).items()}

    def copies_parameters(parameters):
        return {f"d{k}": v.copy() for k, v in parameters.items()}

    def first_layer_only(parameters):
        return {"dW1": np.zeros(parameters["W1"].shape), "db1": np.zeros(parameters["b1"].shape)}

    rejects(grader.check_initialize_velocity, parameter_keys, "missing the key(s) 'dW1'", "dW1")
    rejects(grader.check_initialize_velocity, transposed, "transposed")
    rejects(grader.check_initialize_velocity, copies_parameters, "wrong values")
    rejects(grader.check_initialize_velocity, first_layer_only, "missing the key(s) 'dW2'")


def _momentum(variant):
    def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
        L = len(parameters) // 2
        for l in range(1, L + 1):
            for p in ("W", "b"):
                key = f"d{p}{l}"
                old = v[key]
                if variant == "no (1 - beta)":
                    v[key] = beta * v[key] + grads[key]
                elif variant == "swapped":
                    v[key] = (1 - beta) * v[key] + beta * grads[key]
                else:
                    v[key] = beta * v[key] + (1 - beta) * grads[key]
                step = {"gradient": grads[key], "old velocity": old}.get(variant, v[key])
                parameters[f"{p}{l}"] = parameters[f"{p}{l}"] - learning_rate * step
        if variant == "returns v only":
            return v
        return parameters, v
    return update_parameters_with_momentum


def test_update_parameters_with_momentum_wrong_versions():
    check = grader.check_update_parameters_with_momentum
    passes(check, _momentum(None))
    rejects(check, _momentum("no (1 - beta)"), "missing the factor (1 - beta)")
    rejects(check, _momentum("swapped"), "beta and (1 - beta) are swapped")
    rejects(check, _momentum("gradient"), "stepped along the gradient")
    rejects(check, _momentum("old velocity"), "previous velocity")
    rejects(check, _momentum("returns v only"), "tuple of 2 values")


def test_initialize_adam_wrong_versions():
    def same_dictionary(parameters):
        v = _zeros(parameters)
        return v, v

    def parameter_keys(parameters):
        return _zeros(parameters, keys_with_d=False), _zeros(parameters, keys_with_d=False)

    def only_v(parameters):
        return _zeros(parameters)

    def shared_arrays(parameters):
        v = _zeros(parameters)
        return v, dict(v)

    rejects(grader.check_initialize_adam, same_dictionary, "v and s share their arrays")
    rejects(grader.check_initialize_adam, shared_arrays, "v and s share their arrays")
    rejects(grader.check_initialize_adam, parameter_keys, "missing the key(s)", "dW1")
    rejects(grader.check_initialize_adam, only_v, "tuple of 2 values")


def _adam(variant):
    def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                    epsilon=1e-8):
        L = len(parameters) // 2
        v_corrected, s_corrected = {}, {}
        power = t - 1 if variant == "t from 0" else t
        for l in range(1, L + 1):
            for p in ("W", "b"):
                key = f"d{p}{l}"
                g = grads[key]
                v[key] = beta1 * v[key] + (1 - beta1) * g
                s[key] = beta2 * s[key] + (1 - beta2) * (g if variant == "s with gradient" else g**2)
                if variant == "no bias correction":
                    v_corrected[key], s_corrected[key] = v[key], s[key]
                else:
                    v_corrected[key] = v[key] / (1 - beta1**power)
                    s_corrected[key] = s[key] / (1 - beta2**power)
                if variant == "epsilon inside":
                    denominator = np.sqrt(s_corrected[key] + epsilon)
                else:
                    denominator = np.sqrt(s_corrected[key]) + epsilon
                parameters[f"{p}{l}"] = parameters[f"{p}{l}"] - learning_rate * v_corrected[key] / denominator
        if variant == "v and s swapped in the return":
            return parameters, s, v, v_corrected, s_corrected
        return parameters, v, s, v_corrected, s_corrected
    return update_parameters_with_adam


def _adam_moments_swapped(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                          epsilon=1e-8):
    L = len(parameters) // 2
    v_corrected, s_corrected = {}, {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            key = f"d{p}{l}"
            v[key] = beta1 * v[key] + (1 - beta1) * grads[key] ** 2
            s[key] = beta2 * s[key] + (1 - beta2) * grads[key]
            v_corrected[key] = v[key] / (1 - beta1**t)
            s_corrected[key] = s[key] / (1 - beta2**t)
            parameters[f"{p}{l}"] = parameters[f"{p}{l}"] - learning_rate * v_corrected[key] / (
                np.sqrt(np.abs(s_corrected[key])) + epsilon)
    return parameters, v, s, v_corrected, s_corrected


def test_update_parameters_with_adam_wrong_versions():
    check = grader.check_update_parameters_with_adam
    passes(check, _adam(None))
    # the wrong versions divide by zero or take square roots of negative numbers, as a learner's would
    with np.errstate(divide="ignore", invalid="ignore"):
        rejects(check, _adam("no bias correction"), "divide them by (1 - beta1**t)")
        rejects(check, _adam("t from 0"), "v_corrected", "t = 1 at the first step")
        rejects(check, _adam("s with gradient"), "instead of their squares")
        rejects(check, _adam("epsilon inside"), "epsilon is inside the square root")
        rejects(check, _adam("v and s swapped in the return"), "v and s come back in each other's place")
        rejects(check, _adam_moments_swapped, "v and s are swapped")


def test_update_lr_wrong_versions():
    def multiplied(learning_rate0, epoch_num, decay_rate):
        return learning_rate0 * (1 + decay_rate * epoch_num)

    def exponential(learning_rate0, epoch_num, decay_rate):
        return learning_rate0 / (1 + decay_rate) ** epoch_num

    def no_one(learning_rate0, epoch_num, decay_rate):
        return learning_rate0 / (decay_rate * epoch_num) if epoch_num else math.inf

    def returns_none(learning_rate0, epoch_num, decay_rate):
        learning_rate0 / (1 + decay_rate * epoch_num)

    rejects(grader.check_update_lr, multiplied, "multiplied")
    rejects(grader.check_update_lr, exponential, "exponential decay")
    rejects(grader.check_update_lr, no_one, "expected a finite number")
    rejects(grader.check_update_lr, returns_none, "is None")


def test_schedule_lr_decay_wrong_versions():
    def no_floor(learning_rate0, epoch_num, decay_rate, time_interval=1000):
        return learning_rate0 / (1 + decay_rate * epoch_num / time_interval)

    def every_epoch(learning_rate0, epoch_num, decay_rate, time_interval=1000):
        return learning_rate0 / (1 + decay_rate * epoch_num)

    def ignores_interval(learning_rate0, epoch_num, decay_rate, time_interval=1000):
        return learning_rate0 / (1 + decay_rate * np.floor(epoch_num / 1000))

    def floor_of_product(learning_rate0, epoch_num, decay_rate, time_interval=1000):
        return learning_rate0 / (1 + np.floor(decay_rate * epoch_num / time_interval))

    def wrong_default(learning_rate0, epoch_num, decay_rate, time_interval=100):
        return learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))

    rejects(grader.check_schedule_lr_decay, no_floor, "not rounded down")
    rejects(grader.check_schedule_lr_decay, every_epoch, "decays at every epoch")
    rejects(grader.check_schedule_lr_decay, ignores_interval, "time_interval was ignored")
    rejects(grader.check_schedule_lr_decay, floor_of_product, "only epoch_num / time_interval")
    rejects(grader.check_schedule_lr_decay, wrong_default, "default time_interval is 1000")


ORIGINAL_STYLE = """
    def update_parameters_with_gd(parameters, grads, learning_rate):
        L = len(parameters) // 2
        for l in range(1, L + 1):
            parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads['dW' + str(l)]
            parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads['db' + str(l)]
        return parameters

    def random_mini_batches(X, Y, mini_batch_size = 64, seed = 0):
        np.random.seed(seed)
        m = X.shape[1]
        mini_batches = []
        permutation = list(np.random.permutation(m))
        shuffled_X = X[:, permutation]
        shuffled_Y = Y[:, permutation].reshape((1, m))
        inc = mini_batch_size
        num_complete_minibatches = math.floor(m / mini_batch_size)
        for k in range(0, num_complete_minibatches):
            mini_batch_X = shuffled_X[:, k * inc:(k + 1) * inc]
            mini_batch_Y = shuffled_Y[:, k * inc:(k + 1) * inc]
            mini_batches.append((mini_batch_X, mini_batch_Y))
        if m % mini_batch_size != 0:
            mini_batch_X = shuffled_X[:, num_complete_minibatches * inc:]
            mini_batch_Y = shuffled_Y[:, num_complete_minibatches * inc:]
            mini_batches.append((mini_batch_X, mini_batch_Y))
        return mini_batches

    def initialize_velocity(parameters):
        L = len(parameters) // 2
        v = {}
        for l in range(1, L + 1):
            v["dW" + str(l)] = np.zeros((parameters["W" + str(l)].shape[0],
                                          parameters["W" + str(l)].shape[1]))
            v["db" + str(l)] = np.zeros((parameters["b" + str(l)].shape[0],
                                          parameters["b" + str(l)].shape[1]))
        return v

    def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
        L = len(parameters) // 2
        for l in range(1, L + 1):
            v["dW" + str(l)] = beta * v["dW" + str(l)] + (1 - beta) * grads['dW' + str(l)]
            v["db" + str(l)] = beta * v["db" + str(l)] + (1 - beta) * grads['db' + str(l)]
            parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * v["dW" + str(l)]
            parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * v["db" + str(l)]
        return parameters, v

    def initialize_adam(parameters) :
        L = len(parameters) // 2
        v = {}
        s = {}
        for l in range(1, L + 1):
            v["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
            v["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
            s["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
            s["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
        return v, s

    def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate = 0.01,
                                    beta1 = 0.9, beta2 = 0.999,  epsilon = 1e-8):
        L = len(parameters) // 2
        v_corrected = {}
        s_corrected = {}
        for l in range(1, L + 1):
            for p in ("W", "b"):
                key = "d" + p + str(l)
                v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
                v_corrected[key] = v[key] / (1 - np.power(beta1, t))
                s[key] = beta2 * s[key] + (1 - beta2) * np.power(grads[key], 2)
                s_corrected[key] = s[key] / (1 - np.power(beta2, t))
                parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * v_corrected[key] / (
                    np.sqrt(s_corrected[key]) + epsilon)
        return parameters, v, s, v_corrected, s_corrected

    def update_lr(learning_rate0, epoch_num, decay_rate):
        learning_rate = 1 / (1 + decay_rate * epoch_num) * learning_rate0
        return learning_rate

    def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
        learning_rate = 1 / (1 + decay_rate * np.floor(epoch_num / time_interval)) * learning_rate0
        return learning_rate
"""


@pytest.mark.parametrize("name", NAMES)
def test_code_written_for_the_original_course_passes(name):
    """The original's spelling ('W' + str(l), np.power, 1 / (...) * learning_rate0) and its seeding
    of random_mini_batches (np.random.seed(seed), then np.random.permutation) pass unchanged."""
    namespace = {"np": np, "math": math}
    exec(textwrap.dedent(ORIGINAL_STYLE), namespace)
    passes(getattr(grader, f"check_{name}"), namespace[name])
