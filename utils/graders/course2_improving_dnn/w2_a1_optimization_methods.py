"""Graders for course2_improving_dnn/w2_a1_optimization_methods.ipynb.

The optimizers are run for several steps in a row on the grader's own networks (other layer
counts and sizes than the notebook's), feeding each step's output into the next, and compared
with the reference in utils.nn.optimizers after every step; several hyperparameters are used.
Known wrong versions are run alongside, so a mismatch can be named.
"""

import math

import numpy as np

from utils.graders.course2_improving_dnn._common import gradient_keys
from utils.grading import Checker, describe
from utils.nn import optimizers as ref

MUTATION_OK = ("parameters", "v", "s")
KEYS_HINT = 'The keys are those of the gradients: "dW1", "db1", ...'



def _network(seed, layer_dims):
    """Parameters and a sequence of gradients for a network of layer sizes layer_dims."""
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        parameters[f"b{l}"] = rng.standard_normal((layer_dims[l], 1))
    return parameters


def _gradients(seed, parameters, steps):
    rng = np.random.default_rng(seed)
    grads = []
    for _ in range(steps):
        g = {}
        for key, value in parameters.items():
            # magnitudes from 1e-3 to 1: Adam's epsilon and its square matter for the small ones
            g[f"d{key}"] = rng.standard_normal(value.shape) * 10.0 ** rng.integers(-3, 1, value.shape)
        grads.append(g)
    return grads


def _same(a, b):
    """Whether two dictionaries of arrays hold the same values (within the graders' tolerance)."""
    try:
        return a.keys() == b.keys() and all(np.allclose(a[k], b[k], rtol=1e-6, atol=1e-8) for k in a)
    except (AttributeError, TypeError, ValueError):
        return False


def _copy(d):
    return {k: np.array(v, dtype=float, copy=True) for k, v in d.items()}


def _same_keys(c, got, expected, what, hint=None):
    c.same_type(got, dict, what=what)
    missing = [k for k in expected if k not in got]
    if missing:
        c.fail(f"{what} is missing the key(s) {', '.join(map(repr, missing))}",
               expected="keys " + ", ".join(map(repr, expected)), got="keys " + ", ".join(map(repr, got)),
               hint=hint)


# ---------------------------------------------------------------------------------------------
# Gradient descent


def _gd(parameters, grads, learning_rate, variant=None):
    L = len(parameters) // 2
    out = _copy(parameters)
    layers = range(1, L) if variant == "skips last layer" else range(1, L + 1)
    sign = -1 if variant == "plus" else 1
    rate = 1 if variant == "no rate" else learning_rate
    for l in layers:
        out[f"W{l}"] = parameters[f"W{l}"] - sign * rate * grads[f"dW{l}"]
        if variant != "no bias":
            out[f"b{l}"] = parameters[f"b{l}"] - sign * rate * grads[f"db{l}"]
    return out


_GD_MISTAKES = {
    "plus": "the parameters moved along the gradient; subtract learning_rate * gradient",
    "no rate": "the step is the gradient itself; multiply it by learning_rate",
    "skips last layer": "the last layer was not updated: loop over l = 1 ... L, i.e. range(1, L + 1)",
    "no bias": "the biases b were not updated",
}


def check_update_parameters_with_gd(update_parameters_with_gd):
    c = Checker(update_parameters_with_gd, "update_parameters_with_gd")
    for layer_dims, learning_rate, seed in (((3, 4, 2), 0.05, 1), ((2, 3, 3, 1), 0.5, 2)):
        parameters = _network(seed, layer_dims)
        for step, grads in enumerate(_gradients(seed + 10, parameters, 3), start=1):
            expected = ref.update_parameters_with_gd(parameters, grads, learning_rate)
            mistakes = {label: _gd(parameters, grads, learning_rate, v) for v, label in _GD_MISTAKES.items()}
            got = c.call(_copy(parameters), _copy(grads), learning_rate, mutation_ok=MUTATION_OK)
            c.last_call = (f"update_parameters_with_gd(parameters, grads, learning_rate={learning_rate}) "
                           f"on a network of layer sizes {list(layer_dims)}, step {step}")
            _same_keys(c, got, expected, "the returned parameters")
            c.same_dict(got, expected, what=f"the returned parameters (step {step})", mistakes=mistakes)
            parameters = expected
    c.ok("three steps in a row on networks of layer sizes [3, 4, 2] (learning rate 0.05) "
         "and [2, 3, 3, 1] (0.5)")
    c.done()


# ---------------------------------------------------------------------------------------------
# Mini-batches


def _mini_batches(X, Y, size, seed, variant=None):
    np.random.seed(seed)
    m = X.shape[1]
    permutation = np.random.permutation(m)
    if variant == "no shuffle":
        permutation = np.arange(m)
    X_shuffled = X[:, permutation]
    Y_shuffled = Y[:, np.random.permutation(m) if variant == "two permutations" else permutation]
    if variant == "only X shuffled":
        Y_shuffled = Y
    batches = []
    for k in range(0, m, size):
        if variant == "drops last" and k + size > m:
            break
        batches.append((X_shuffled[:, k:k + size], Y_shuffled[:, k:k + size]))
    return batches


_MINI_BATCH_MISTAKES = {
    "no shuffle": "the columns were not shuffled: take X[:, permutation] and Y[:, permutation]",
    "two permutations": "Y was shuffled with another permutation than X: use the same one for both, so that "
                        "every example keeps its label",
    "only X shuffled": "Y was not shuffled: use Y[:, permutation], so that every example keeps its label",
}


def check_random_mini_batches(random_mini_batches):
    c = Checker(random_mini_batches, "random_mini_batches")
    rng = np.random.default_rng(5)
    X = rng.standard_normal((3, 150))
    Y = (rng.random((1, 150)) < 0.5).astype(float)
    for size, seed in ((32, 0), (64, 7), (50, 3)):
        expected = ref.random_mini_batches(X, Y, size, seed)
        got = c.call(X, Y, size, seed)
        c.last_call = (f"random_mini_batches(X, Y, mini_batch_size={size}, seed={seed}) "
                       "with X of shape (3, 150)")
        c.same_type(got, (list, tuple), what="the returned value",
                    hint="Return a list of (mini_batch_X, mini_batch_Y) pairs.")
        if len(got) != len(expected):
            hint = None
            if len(got) == len(expected) - 1 and 150 % size:
                hint = (f"150 is not a multiple of {size}: the last mini-batch, with the "
                        f"{150 % size} remaining examples, is missing.")
            elif len(got) == len(expected) + 1:
                hint = ("There is an extra mini-batch: add the last, smaller one only when "
                        "m % mini_batch_size != 0.")
            c.fail(f"returned {len(got)} mini-batches; expected {len(expected)} for m = 150 and "
                   f"mini_batch_size = {size}", hint=hint)
        for k, (pair, (expected_X, expected_Y)) in enumerate(zip(got, expected)):
            c.same_sequence(pair, 2, what=f"mini-batch {k}")
            mistakes = {label: _mini_batches(X, Y, size, seed, variant)[k]
                        for variant, label in _MINI_BATCH_MISTAKES.items()}
            c.same_array(pair[0], expected_X, what=f"mini_batch_X of mini-batch {k}",
                         mistakes={label: wrong[0] for label, wrong in mistakes.items()},
                         hint="Shuffle the columns with permutation = list(np.random.permutation(m)), drawn "
                         "right after np.random.seed(seed), then slice mini-batch k as columns "
                         "k * mini_batch_size to (k + 1) * mini_batch_size.")
            c.same_array(pair[1], expected_Y, what=f"mini_batch_Y of mini-batch {k}",
                         mistakes={label: wrong[1] for label, wrong in mistakes.items()}, check_dtype=False)
    c.ok("150 examples cut into mini-batches of 32, 64 and 50 (seeds 0, 7 and 3): the right number, "
         "shapes and shuffled columns, X and Y shuffled together")
    c.done()


# ---------------------------------------------------------------------------------------------
# Momentum


def _ordered_zeros(parameters):
    L = len(parameters) // 2
    return {key: np.zeros_like(parameters[key[1:]]) for key in gradient_keys(L)}


def check_initialize_velocity(initialize_velocity):
    c = Checker(initialize_velocity, "initialize_velocity")
    for layer_dims in ((3, 4, 2), (5, 1, 2, 3, 1)):
        parameters = _network(4, layer_dims)
        expected = ref.initialize_velocity(parameters)
        got = c.call(parameters)
        _same_keys(c, got, expected, "v", hint=KEYS_HINT)
        c.same_dict(got, expected, what="v")
    c.ok("zeros of the right shapes under dW1, db1, ... for networks of 2 and 4 layers")
    c.done()


def _momentum(parameters, grads, v, beta, learning_rate, variant=None):
    L = len(parameters) // 2
    new_parameters, new_v = _copy(parameters), {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            key, g = f"d{p}{l}", grads[f"d{p}{l}"]
            if variant == "no (1 - beta)":
                new_v[key] = beta * v[key] + g
            elif variant == "swapped beta":
                new_v[key] = (1 - beta) * v[key] + beta * g
            else:
                new_v[key] = beta * v[key] + (1 - beta) * g
            step = {"steps with the gradient": g,
                    "steps with the old velocity": v[key]}.get(variant, new_v[key])
            new_parameters[f"{p}{l}"] = parameters[f"{p}{l}"] - learning_rate * step
    return new_parameters, new_v


_MOMENTUM_MISTAKES = {
    "no (1 - beta)": "v = beta * v + grad is missing the factor (1 - beta) on the gradient",
    "swapped beta": "beta and (1 - beta) are swapped: v = beta * v + (1 - beta) * grad",
    "steps with the gradient": "the parameters stepped along the gradient; step along the velocity v",
    "steps with the old velocity": "the parameters stepped along the previous velocity: update v first, "
                                   "then step along the new v",
}


def check_update_parameters_with_momentum(update_parameters_with_momentum):
    c = Checker(update_parameters_with_momentum, "update_parameters_with_momentum")
    for layer_dims, beta, learning_rate, seed in (((3, 4, 2), 0.9, 0.1, 1), ((2, 3, 3, 1), 0.5, 0.02, 2)):
        parameters = _network(seed, layer_dims)
        v = _ordered_zeros(parameters)
        for step, grads in enumerate(_gradients(seed + 10, parameters, 4), start=1):
            expected_parameters, expected_v = ref.update_parameters_with_momentum(parameters, grads, v, beta,
                                                                                  learning_rate)
            wrong = {label: _momentum(parameters, grads, v, beta, learning_rate, variant)
                     for variant, label in _MOMENTUM_MISTAKES.items()}
            got = c.call(_copy(parameters), _copy(grads), _copy(v), beta, learning_rate,
                         mutation_ok=MUTATION_OK)
            c.last_call = (f"update_parameters_with_momentum(parameters, grads, v, beta={beta}, "
                           f"learning_rate={learning_rate}) on a network of layer sizes {list(layer_dims)}, "
                           f"step {step}")
            got_parameters, got_v = c.same_sequence(got, 2, what="the returned value")
            _same_keys(c, got_v, expected_v, "the returned v")
            c.same_dict(got_v, expected_v, what=f"the returned v (step {step}, beta={beta})",
                        mistakes={label: w[1] for label, w in wrong.items()})
            _same_keys(c, got_parameters, expected_parameters, "the returned parameters")
            c.same_dict(got_parameters, expected_parameters,
                        what=f"the returned parameters (step {step}, beta={beta})",
                        mistakes={label: w[0] for label, w in wrong.items() if _same(w[1], expected_v)})
            parameters, v = expected_parameters, expected_v
    c.ok("four steps in a row from zero velocity, with beta=0.9 and beta=0.5, on networks of 2 and 3 layers")
    c.done()


# ---------------------------------------------------------------------------------------------
# Adam


def check_initialize_adam(initialize_adam):
    c = Checker(initialize_adam, "initialize_adam")
    for layer_dims in ((3, 4, 2), (5, 1, 2, 3, 1)):
        parameters = _network(6, layer_dims)
        expected, _ = ref.initialize_adam(parameters)
        got = c.call(parameters)
        v, s = c.same_sequence(got, 2, what="the returned value")
        for name, value in (("v", v), ("s", s)):
            _same_keys(c, value, expected, name, hint=KEYS_HINT)
            c.same_dict(value, expected, what=name)
        if v is s or any(np.shares_memory(v[k], s[k]) for k in expected):
            c.fail("v and s share their arrays",
                   hint="Give s zeros of its own (a separate np.zeros(...) per entry): if they are the same "
                   "dictionary or the same arrays, updating one changes the other.")
    c.ok("two separate dictionaries of zeros under dW1, db1, ... for networks of 2 and 4 layers")
    c.done()


def _adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon, variant=None):
    L = len(parameters) // 2
    new_parameters, new_v, new_s, v_corrected, s_corrected = _copy(parameters), {}, {}, {}, {}
    b1, b2 = (beta2, beta1) if variant == "swapped betas" else (beta1, beta2)
    power = t - 1 if variant == "t from 0" else t
    for l in range(1, L + 1):
        for p in ("W", "b"):
            key, g = f"d{p}{l}", grads[f"d{p}{l}"]
            first, second = g, (g if variant == "s with gradient" else g**2)
            if variant == "moments swapped":
                first, second = second, first
            new_v[key] = b1 * v[key] + (1 - b1) * first
            new_s[key] = b2 * s[key] + (1 - b2) * second
            with np.errstate(divide="ignore", invalid="ignore"):
                if variant == "no bias correction":
                    v_corrected[key], s_corrected[key] = new_v[key], new_s[key]
                else:
                    v_corrected[key] = new_v[key] / (1 - b1**power)
                    s_corrected[key] = new_s[key] / (1 - b2**power)
                if variant == "epsilon inside":
                    denominator = np.sqrt(s_corrected[key] + epsilon)
                else:
                    denominator = np.sqrt(s_corrected[key]) + epsilon
                step = learning_rate * v_corrected[key] / denominator
                new_parameters[f"{p}{l}"] = parameters[f"{p}{l}"] - step
    return new_parameters, new_v, new_s, v_corrected, s_corrected


_ADAM_MISTAKES = {
    "no bias correction": "v_corrected and s_corrected are v and s: divide them by (1 - beta1**t) and "
                          "(1 - beta2**t)",
    "t from 0": "the bias correction uses t - 1 (a step count starting at 0); use 1 - beta**t with the t "
                "given, which is 1 at the first step",
    "s with gradient": "s averages the gradients instead of their squares: use np.square(grads[...]) or "
                       "grads[...] ** 2",
    "epsilon inside": "epsilon is inside the square root: use np.sqrt(s_corrected) + epsilon",
    "swapped betas": "beta1 and beta2 are swapped: v uses beta1, s uses beta2",
    "moments swapped": "v and s are swapped: v averages the gradients, s their squares",
}
_OUTPUT_NAMES = ("parameters", "v", "s", "v_corrected", "s_corrected")
_ADAM_HINTS = {
    "v_corrected": "v_corrected = v / (1 - beta1**t), with the t passed in (t = 1 at the first step).",
    "s_corrected": "s_corrected = s / (1 - beta2**t), with the t passed in (t = 1 at the first step).",
}


def check_update_parameters_with_adam(update_parameters_with_adam):
    c = Checker(update_parameters_with_adam, "update_parameters_with_adam")
    settings = [
        ((3, 4, 2), dict(learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8), 1),
        ((2, 3, 3, 1), dict(learning_rate=0.05, beta1=0.8, beta2=0.95, epsilon=1e-2), 2),
    ]
    for layer_dims, hyper, seed in settings:
        parameters = _network(seed, layer_dims)
        v, s = _ordered_zeros(parameters), _ordered_zeros(parameters)
        for t, grads in enumerate(_gradients(seed + 10, parameters, 3), start=1):
            expected = ref.update_parameters_with_adam(parameters, grads, v, s, t, **hyper)
            wrong = {label: _adam(parameters, grads, v, s, t, **hyper, variant=variant)
                     for variant, label in _ADAM_MISTAKES.items()}
            got = c.call(_copy(parameters), _copy(grads), _copy(v), _copy(s), t, mutation_ok=MUTATION_OK,
                         **hyper)
            c.last_call = (f"update_parameters_with_adam(parameters, grads, v, s, t={t}, "
                           + ", ".join(f"{k}={val:g}" for k, val in hyper.items())
                           + f") on a network of layer sizes {list(layer_dims)}")
            got = c.same_sequence(got, 5, what="the returned value")
            if _same(got[1], expected[2]) and _same(got[2], expected[1]):
                c.fail("v and s come back in each other's place",
                       hint="Return them in the order of the docstring: parameters, v, s, v_corrected, "
                       "s_corrected.")
            # v and s first: their mistakes are the simplest to name; the step comes last. A mistake
            # is named only if it also explains the outputs already found right.
            for index in (1, 2, 3, 4, 0):
                name = _OUTPUT_NAMES[index]
                _same_keys(c, got[index], expected[index], f"the returned {name}")
                c.same_dict(got[index], expected[index],
                            what=f"the returned {name} (step t={t})",
                            mistakes={label: w[index] for label, w in wrong.items()},
                            hint=_ADAM_HINTS.get(name))
                wrong = {label: w for label, w in wrong.items() if _same(w[index], expected[index])}
            parameters, v, s = expected[0], expected[1], expected[2]
    c.ok("three steps in a row (t = 1, 2, 3) from zero averages, with the default hyperparameters and with "
         "learning_rate=0.05, beta1=0.8, beta2=0.95, epsilon=0.01: parameters, v, s, v_corrected "
         "and s_corrected all right")
    c.done()


# ---------------------------------------------------------------------------------------------
# Learning-rate decay


def check_update_lr(update_lr):
    c = Checker(update_lr, "update_lr")
    cases = ((0.5, 0, 1.0), (0.5, 2, 1.0), (0.1, 7, 0.3), (0.02, 100, 0.05))
    for learning_rate0, epoch_num, decay_rate in cases:
        expected = ref.update_lr(learning_rate0, epoch_num, decay_rate)
        mistakes = {
            "the rate was multiplied by (1 + decay_rate * epoch_num); divide by it":
                learning_rate0 * (1 + decay_rate * epoch_num),
            "that is learning_rate0 / (1 + decay_rate) ** epoch_num, an exponential decay":
                learning_rate0 / (1 + decay_rate) ** epoch_num,
            "the 1 + is missing: learning_rate0 / (1 + decay_rate * epoch_num)":
                learning_rate0 / (decay_rate * epoch_num) if epoch_num else math.inf,
            "that is learning_rate0 / (decay_rate + epoch_num)": learning_rate0 / (decay_rate + epoch_num),
        }
        got = c.call(learning_rate0, epoch_num, decay_rate)
        c.same_scalar(got, expected, what=f"update_lr({learning_rate0}, {epoch_num}, {decay_rate})",
                      mistakes=mistakes)
    c.ok("four (learning_rate0, epoch_num, decay_rate) triples, epoch 0 included")
    c.done()


def check_schedule_lr_decay(schedule_lr_decay):
    c = Checker(schedule_lr_decay, "schedule_lr_decay")
    cases = ((0.5, 0, 1.0, 1000), (0.5, 999, 1.0, 1000), (0.3, 3100, 0.5, 1000), (0.1, 130, 2.0, 60),
             (0.2, 59, 1.0, 60))
    for learning_rate0, epoch_num, decay_rate, time_interval in cases:
        expected = ref.schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval)
        mistakes = {
            "epoch_num / time_interval was not rounded down: use np.floor(...) or //":
                learning_rate0 / (1 + decay_rate * epoch_num / time_interval),
            "the rate decays at every epoch: divide epoch_num by time_interval, rounded down":
                learning_rate0 / (1 + decay_rate * epoch_num),
            "time_interval was ignored (1000 was used): use the argument":
                learning_rate0 / (1 + decay_rate * math.floor(epoch_num / 1000)),
            "the rate was multiplied by the decay term; divide by it":
                learning_rate0 * (1 + decay_rate * math.floor(epoch_num / time_interval)),
            "the floor was taken of decay_rate * epoch_num / time_interval; only epoch_num / time_interval "
            "is rounded down": learning_rate0 / (1 + math.floor(decay_rate * epoch_num / time_interval)),
        }
        if time_interval == 1000:
            mistakes.pop("time_interval was ignored (1000 was used): use the argument")
        args = (learning_rate0, epoch_num, decay_rate, time_interval)
        got = c.call(*args)
        c.same_scalar(got, expected, what=f"schedule_lr_decay{args}", mistakes=mistakes)
    expected = ref.schedule_lr_decay(0.4, 2100, 0.5)
    got = c.call(0.4, 2100, 0.5)
    c.same_scalar(got, expected, what="schedule_lr_decay(0.4, 2100, 0.5) with the default time_interval",
                  hint=f"The default time_interval is 1000; got {describe(got)}.")
    c.ok("five cases with time_interval 1000 and 60, on and around the interval boundaries, and the default")
    c.done()
