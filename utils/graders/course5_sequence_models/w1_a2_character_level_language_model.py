"""Graders for course5_sequence_models/w1_a2_character_level_language_model.ipynb.

`clip` and `optimize` are compared with the reference in utils.nn.char_rnn on the grader's own
inputs. `model` is run for a few dozen iterations on a short list of names of the grader's own
and its parameters compared with those of the reference `model`; it is run with the reference
helpers and exercises (`optimize`, `sample`, ...), so only the learner's loop body is judged.

`sample` is random, and learners seed it in more than one way, so it is judged by invariants
over many calls rather than by one stream of numbers:
- every sample is a list of valid indices that ends with the newline, after at most 50
  characters (then the newline is appended);
- over 1,500 calls (seeds 0, 100, 200, ...: the course's seeding, np.random.seed(counter + seed)
  with seed growing too, then never reuses a seed) the first characters follow
  softmax(Wya tanh(b) + by), the model's distribution after a zero input and a zero state;
- on a small vocabulary, every character follows the model's distribution given the characters
  drawn before it: counted per previous character, observed against expected counts.
Both comparisons are chi-square tests that a correct sampler fails with probability below
CHI2_P_MIN; the seeds are fixed, so a given function always gets the same verdict.
"""

import contextlib
import copy
import io
import math
import signal
import threading
from numbers import Integral

import numpy as np

from utils.grading import Checker, describe
from utils.nn import char_rnn

GRADIENT_KEYS = ("dWaa", "dWax", "dWya", "db", "dby")
PARAMETER_KEYS = ("Wax", "Waa", "Wya", "b", "by")
CHI2_P_MIN = 1e-4
SAMPLE_CALLS = 1500
SEED_SPACING = 100            # the course's sample uses seeds seed ... seed + 98 in one call
WATCHED_CALLS = 5             # calls made through Checker.call in each group of samples
TIME_LIMIT = 20               # seconds for one group of sample calls (a loop that never ends)
ALPHABET = "\nabcdefghijklmnopqrstuvwxyz"
CHAR_TO_IX = {ch: i for i, ch in enumerate(ALPHABET)}
IX_TO_CHAR = dict(enumerate(ALPHABET))
GIVEN_HELPERS = ("softmax", "smooth", "get_initial_loss", "get_sample", "print_sample",
                 "initialize_parameters", "rnn_step_forward", "rnn_forward", "rnn_step_backward",
                 "rnn_backward", "update_parameters")


def _given(**more):
    """`uses` for a Checker: the given helpers, plus the exercises named in `more`."""
    uses = {name: (getattr(char_rnn, name), None) for name in GIVEN_HELPERS}
    uses.update(more)
    return uses


def _random_parameters(n_a, vocab_size, rng, scale=1.0):
    return {"Wax": scale * rng.standard_normal((n_a, vocab_size)),
            "Waa": scale * rng.standard_normal((n_a, n_a)),
            "Wya": scale * rng.standard_normal((vocab_size, n_a)),
            "b": scale * rng.standard_normal((n_a, 1)),
            "by": scale * rng.standard_normal((vocab_size, 1))}


# ---------------------------------------------------------------------------------------------
# clip


def check_clip(clip):
    c = Checker(clip, "clip")
    rng = np.random.default_rng(21)
    n_a, vocab_size = 6, 5
    shapes = {"dWaa": (n_a, n_a), "dWax": (n_a, vocab_size), "dWya": (vocab_size, n_a),
              "db": (n_a, 1), "dby": (vocab_size, 1)}
    for maxValue in (5, 0.5, 10):
        gradients = {key: 8 * rng.standard_normal(shape) for key, shape in shapes.items()}
        before = copy.deepcopy(gradients)
        expected = {key: np.clip(value, -maxValue, maxValue) for key, value in before.items()}
        got = c.call(gradients, maxValue, mutation_ok=("gradients",))
        c.same_type(got, dict, what="the returned value",
                    hint="Return the dictionary of clipped gradients.")
        extra = [key for key in got if key not in expected]
        if extra:
            c.fail(f"the returned dictionary has key(s) {', '.join(map(repr, extra))} that the "
                   "gradients did not have", expected="keys " + ", ".join(map(repr, expected)),
                   got="keys " + ", ".join(map(repr, got)))
        c.same_dict(got, expected, what="the clipped gradients", mistakes={
            "only the upper bound was applied; np.clip(gradient, -maxValue, maxValue) clips both "
            "sides": {k: np.minimum(v, maxValue) for k, v in before.items()},
            "only the lower bound was applied; np.clip(gradient, -maxValue, maxValue) clips both "
            "sides": {k: np.maximum(v, -maxValue) for k, v in before.items()},
            "the gradients came back unclipped": before,
            "the gradients were clipped to [0, maxValue]; the lower bound is -maxValue":
                {k: np.clip(v, 0, maxValue) for k, v in before.items()},
            "the bound 10 was used; use the argument maxValue":
                {k: np.clip(v, -10, 10) for k, v in before.items()},
            "the bound 5 was used; use the argument maxValue":
                {k: np.clip(v, -5, 5) for k, v in before.items()},
        })
        changed = [key for key in before if not np.array_equal(gradients.get(key), before[key])]
        if set(gradients) != set(before) or any(
                not np.array_equal(gradients[key], expected[key]) for key in changed):
            c.fail("changed the caller's gradients into something other than their clipped values",
                   hint="Keep the given first line `gradients = copy.deepcopy(gradients)` and clip "
                   "the copies.")
    c.ok("every gradient clipped to [-maxValue, maxValue] on both sides, for maxValue 5, 0.5 and 10")
    c.ok("the same five keys come back, and the caller's gradients are left as they were")
    c.done()


# ---------------------------------------------------------------------------------------------
# sample


class _TimeUp(BaseException):
    """Raised by _time_limit; a BaseException, so that Checker.call lets it through."""


@contextlib.contextmanager
def _time_limit(seconds):
    """Raise _TimeUp after `seconds` where the platform allows it (Unix, main thread)."""
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def stop(signum, frame):
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _as_indices(c, got, vocab_size):
    """The sample as a list of Python ints, after checking its type; fails with a hint otherwise."""
    if isinstance(got, np.ndarray) and got.ndim == 1 and np.issubdtype(got.dtype, np.integer):
        got = got.tolist()
    if not isinstance(got, (list, tuple)):
        c.fail(f"should return a list of indices, not {describe(got)}",
               hint="Append each drawn index to the list `indices` and return that list.")
    indices = []
    for position, item in enumerate(got):
        if isinstance(item, np.ndarray) and item.ndim == 0 and np.issubdtype(item.dtype, np.integer):
            item = int(item)
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, (Integral, np.integer)):
            hint = ("np.random.choice(..., size=1) returns an array of one element; draw a single "
                    "index with np.random.choice(range(vocab_size), p=y.ravel())."
                    if isinstance(item, np.ndarray) and item.size == 1 else
                    "Each entry should be the index of a character: an integer drawn with "
                    "np.random.choice(range(vocab_size), p=y.ravel()).")
            c.fail(f"entry {position} of the sample is {describe(item)}, not an integer index", hint=hint)
        if not 0 <= item < vocab_size:
            c.fail(f"entry {position} of the sample is {int(item)}, outside 0 ... {vocab_size - 1}",
                   hint="Draw indices of characters: np.random.choice(range(vocab_size), p=y.ravel()).")
        indices.append(int(item))
    return indices


def _check_ending(c, indices, newline, cap=char_rnn.MAX_SAMPLE_LENGTH):
    if not indices or indices[-1] != newline:
        c.fail("the sample does not end with the newline character",
               got=f"indices {indices}",
               hint="Append every drawn index, the final newline included; after 50 characters "
               "the given code appends the newline.")
    body = indices[:-1]
    if newline in body:
        c.fail(f"the sample goes on after a newline (at position {body.index(newline)})",
               got=f"indices {indices}", hint="The loop stops once the newline has been drawn.")
    if len(body) > cap:
        c.fail(f"the sample has {len(body)} characters before the newline; at most {cap}",
               hint="Keep the given loop condition `counter != 50`.")


def _sampled(c, sample, parameters, seeds, vocab_size, char_to_ix):
    """Call the learner's sample once per seed; the samples as lists of ints, each checked valid.

    The first calls go through Checker.call (exceptions told with the learner's line, arguments
    watched for changes); the many after them call the function directly, for speed, and a call
    that raises is made again through Checker.call to report it.
    """
    newline = char_to_ix["\n"]
    samples = []
    try:
        with _time_limit(TIME_LIMIT):
            for number, seed in enumerate(seeds):
                got = None
                if number >= WATCHED_CALLS:
                    try:
                        got = c.fn(parameters, char_to_ix, int(seed))
                    except Exception:
                        got = None
                if got is None:
                    got = c.call(parameters, char_to_ix, int(seed))
                samples.append(_as_indices(c, got, vocab_size))
                _check_ending(c, samples[-1], newline)
    except _TimeUp:
        c.fail(f"{len(samples)} calls returned within {TIME_LIMIT} s and then one did not end",
               hint="The loop must stop at the newline or after 50 characters: keep the given "
               "condition `while idx != newline_character and counter != 50` and the given "
               "`counter += 1`.")
    return samples


def _chi2_p_value(observed, expected):
    """(statistic, degrees of freedom, p-value) of observed counts against expected counts; cells
    expected fewer than 5 times are pooled into one. The p-value uses the Wilson-Hilferty
    approximation of the chi-square distribution (close enough at the thresholds used here)."""
    observed, expected = np.asarray(observed, float), np.asarray(expected, float)
    small = expected < 5
    if small.any():
        observed = np.append(observed[~small], observed[small].sum())
        expected = np.append(expected[~small], expected[small].sum())
    keep = expected > 0
    statistic = float(np.sum((observed[keep] - expected[keep]) ** 2 / expected[keep]))
    dof = max(int(keep.sum()) - 1, 1)
    spread = 2 / (9 * dof)
    z = ((statistic / dof) ** (1 / 3) - (1 - spread)) / math.sqrt(spread)
    return statistic, dof, 0.5 * math.erfc(z / math.sqrt(2))


def _first_character_parameters():
    """27 characters, 6 units; the first character spreads over the letters (never the newline),
    and after any character the newline is almost sure, so every sample is two characters long."""
    rng = np.random.default_rng(5)
    n_a, vocab = 6, len(ALPHABET)
    p = _random_parameters(n_a, vocab, rng, scale=0.5)
    p["b"][0] = -3.0                 # unit 0 starts near -1 ...
    p["Wax"][0] = 6.0                # ... and is near +1 after any input character
    p["Waa"][0] = 0.0
    p["Wya"][:, 0] = 0.0
    p["Wya"][0, 0] = 9.0             # the newline: logit about -9 first, +9 afterwards
    p["by"][0] = 0.0
    return p


def _pair_parameters():
    """A vocabulary of 5 ("\\n", a-d) and 4 units with strong weights: the next character depends
    on the one before (through Wax) and on the state (through Waa)."""
    rng = np.random.default_rng(11)
    p = _random_parameters(4, 5, rng, scale=1.6)
    p["by"][0] = -0.8                # names of about four characters
    return p


def _replay(parameters, indices):
    """The reference probabilities before every drawn character, given the ones drawn before it."""
    vocab_size, n_a = parameters["by"].shape[0], parameters["Waa"].shape[0]
    a = np.zeros((n_a, 1))
    x = np.zeros((vocab_size, 1))
    out = []
    for idx in indices:
        a, y = char_rnn.rnn_step_forward(parameters, a, x)
        out.append(y[:, 0])
        x = np.zeros((vocab_size, 1))
        x[idx] = 1
    return out


def check_sample(sample):
    c = Checker(sample, "sample", uses=_given())
    rng = np.random.default_rng(2)

    # 1. Valid indices ending with the newline, on a random model of 27 characters.
    parameters = _random_parameters(8, len(ALPHABET), rng)
    _sampled(c, sample, parameters, range(0, 10 * SEED_SPACING, SEED_SPACING), len(ALPHABET), CHAR_TO_IX)
    c.ok("a list of valid indices that ends with the newline, on a model of 27 characters")

    # 2. A model that never draws the newline: 50 characters, then the newline.
    parameters = _random_parameters(8, len(ALPHABET), rng)
    parameters["by"][0] = -60.0
    for indices in _sampled(c, sample, parameters, (0, 7), len(ALPHABET), CHAR_TO_IX):
        if len(indices) != char_rnn.MAX_SAMPLE_LENGTH + 1:
            c.fail(f"on a model that never draws the newline, the sample has {len(indices) - 1} "
                   f"characters before it; expected {char_rnn.MAX_SAMPLE_LENGTH}",
                   hint="The loop stops after 50 characters and the given code then appends the newline."
                   if len(indices) > char_rnn.MAX_SAMPLE_LENGTH + 1 else
                   "This model gives the newline a probability below 1e-20, yet it was drawn: draw "
                   "from the model's probabilities, np.random.choice(range(vocab_size), p=y.ravel()).")
    c.ok("stops after 50 characters when the newline never comes, and appends it")

    # 3. The first character follows softmax(Wya tanh(b) + by).
    parameters = _first_character_parameters()
    seeds = range(0, SAMPLE_CALLS * SEED_SPACING, SEED_SPACING)
    samples = _sampled(c, sample, parameters, seeds, len(ALPHABET), CHAR_TO_IX)
    first = np.array([s[0] for s in samples])
    probabilities = char_rnn.softmax(parameters["Wya"] @ np.tanh(parameters["b"]) + parameters["by"])[:, 0]
    observed = np.bincount(first, minlength=len(ALPHABET))
    statistic, dof, p_value = _chi2_p_value(observed, SAMPLE_CALLS * probabilities)
    if p_value < CHI2_P_MIN:
        top = np.argsort(-np.abs(observed - SAMPLE_CALLS * probabilities))[:3]
        expected_counts = SAMPLE_CALLS * probabilities
        worst = ", ".join(f"{IX_TO_CHAR[i]!r} {observed[i]} times (expected {expected_counts[i]:.0f})"
                          for i in top)
        if len(set(first.tolist())) == 1:
            hint = ("Every sample starts with the same character: the index must be drawn at random "
                    "from y, with np.random.choice(range(vocab_size), p=y.ravel()), not taken as the "
                    "most likely one (np.argmax).")
        elif _chi2_p_value(observed, np.full(len(ALPHABET), SAMPLE_CALLS / len(ALPHABET)))[2] > CHI2_P_MIN:
            hint = ("The first characters look uniform: pass the probabilities, "
                    "np.random.choice(range(vocab_size), p=y.ravel()).")
        else:
            hint = ("The first step starts from x = zeros((vocab_size, 1)) and a_prev = zeros((n_a, 1)): "
                    "a = tanh(Wax x + Waa a_prev + b), y = softmax(Wya a + by).")
        c.fail(f"over {SAMPLE_CALLS} samples (seeds 0, 100, 200, ...), the first characters do not "
               f"follow the model's distribution softmax(Wya tanh(b) + by) (chi-square {statistic:.1f} "
               f"with {dof} degrees of freedom, p = {p_value:.1e})",
               got=f"most off: {worst}", hint=hint)
    c.ok(f"over {SAMPLE_CALLS} seeds, the first character follows softmax(Wya a + by) (chi-square p = "
         f"{p_value:.2f})")

    # 4. Every character follows the model given the characters before it.
    parameters = _pair_parameters()
    small = {ch: i for i, ch in enumerate("\nabcd")}
    samples = _sampled(c, sample, parameters, seeds, 5, small)
    observed = np.zeros((6, 5))         # rows: the previous character (row 5: none yet)
    expected = np.zeros((6, 5))
    for indices in samples:
        previous = 5
        for idx, y in zip(indices, _replay(parameters, indices)):
            observed[previous, idx] += 1
            expected[previous] += y
            previous = idx
    statistic, dof, p_value = _chi2_p_value(observed.ravel(), expected.ravel())
    if p_value < CHI2_P_MIN:
        row, col = np.unravel_index(np.argmax(np.abs(observed - expected)), observed.shape)
        after = "at the start" if row == 5 else f"after {'abcd'[row - 1]!r}"
        what = "the newline" if col == 0 else repr("abcd"[col - 1])
        c.fail(f"on a model of 5 characters, the characters drawn after the first do not follow the "
               f"model's distribution given the ones before (chi-square {statistic:.1f}, p = {p_value:.1e})",
               got=f"{what} {after} {observed[row, col]:.0f} times; the model expects "
               f"{expected[row, col]:.0f}",
               hint="After drawing idx, feed it back: x = np.zeros((vocab_size, 1)); x[idx] = 1; and "
               "carry the state on: a_prev = a. Read the sizes from the parameters (vocab_size = "
               "by.shape[0]), not 27.")
    c.ok(f"every later character follows the model given the ones before it (chi-square p = {p_value:.2f})")
    c.done()


# ---------------------------------------------------------------------------------------------
# optimize


def _optimize_case(rng, text, n_a):
    X = [None] + [CHAR_TO_IX[ch] for ch in text]
    Y = X[1:] + [CHAR_TO_IX["\n"]]
    parameters = _random_parameters(n_a, len(ALPHABET), rng, scale=0.7)
    a_prev = np.tanh(rng.standard_normal((n_a, 1)))
    return X, Y, a_prev, parameters


def _optimize_variants(X, Y, a_prev, parameters, learning_rate):
    """(loss, clipped gradients, a_last, parameters after) of the reference and of known mistakes."""
    loss, cache = char_rnn.rnn_forward(X, Y, a_prev, parameters)
    raw, a = char_rnn.rnn_backward(X, Y, parameters, cache)
    raw = {key: raw[key] for key in GRADIENT_KEYS}

    def updated(gradients, lr):
        return {key: parameters[key] - lr * gradients["d" + key] for key in PARAMETER_KEYS}

    clipped = {key: np.clip(value, -5, 5) for key, value in raw.items()}
    return {
        "reference": (loss, clipped, a[len(X) - 1], updated(clipped, learning_rate)),
        "gradients": {
            "the gradients were not clipped: call clip(gradients, 5) before the update": raw,
            "the gradients were clipped at 10; optimize clips them at 5":
                {k: np.clip(v, -10, 10) for k, v in raw.items()},
            "the gradients were clipped at 1; optimize clips them at 5":
                {k: np.clip(v, -1, 1) for k, v in raw.items()},
        },
        "a_last": {
            "a[-1] is the state before the first step (a0), not after the last: return a[len(X) - 1]":
                a[-1],
            "that is the state one step before the last: return a[len(X) - 1]": a[len(X) - 2],
        },
        "parameters": {
            "the parameters were updated with the gradients before clipping; update with the "
            "clipped ones": updated(raw, learning_rate),
            "the update used the learning rate 0.01; use the argument learning_rate":
                updated(clipped, 0.01),
        },
    }


def check_optimize(optimize):
    c = Checker(optimize, "optimize", uses=_given(clip=(char_rnn.clip, check_clip)))
    rng = np.random.default_rng(8)
    for text, n_a, learning_rate in (("annabellannamarianna", 7, 0.05), ("bo", 5, 0.01)):
        X, Y, a_prev, parameters = _optimize_case(rng, text, n_a)
        before = copy.deepcopy(parameters)
        variants = _optimize_variants(X, Y, a_prev, before, learning_rate)
        loss, gradients, a_last, after = variants["reference"]
        got = c.same_sequence(c.call(X, Y, a_prev, parameters, learning_rate, mutation_ok=("parameters",)),
                              3, what="the returned value (should be loss, gradients, a[len(X)-1])")
        c.same_scalar(got[0], loss, what="the loss", rtol=1e-6,
                      hint="The loss is the first value that rnn_forward(X, Y, a_prev, parameters) returns.")
        c.same_type(got[1], dict, what="the gradients")
        c.same_dict({k: v for k, v in got[1].items() if k in GRADIENT_KEYS}, gradients,
                    what="the returned gradients", mistakes=variants["gradients"],
                    hint="Backpropagate with rnn_backward(X, Y, parameters, cache), then clip(gradients, 5).")
        c.same_array(got[2], a_last, what="the returned hidden state", mistakes=variants["a_last"],
                     hint="rnn_backward returns (gradients, a); a is a dict of the states keyed by the "
                     "step: return a[len(X) - 1].")
        if all(np.array_equal(parameters.get(k), before[k]) for k in PARAMETER_KEYS):
            c.fail("the parameters given to optimize were not updated",
                   hint="update_parameters(parameters, gradients, learning_rate) changes the "
                   "dictionary in place; model relies on that, since optimize does not return "
                   "the parameters. Call it on the dictionary you were given, not on a copy.")
        c.same_dict({k: parameters[k] for k in PARAMETER_KEYS if k in parameters}, after,
                    what="the parameters after optimize", mistakes={
                        label: wrong for label, wrong in variants["parameters"].items()},
                    hint="Update once: update_parameters(parameters, gradients, learning_rate), with "
                    "the clipped gradients.")
    c.ok("loss, clipped gradients and the last hidden state as the reference, on names of 20 and 2 letters")
    c.ok("the parameters are updated in place with the clipped gradients and the given learning rate")
    c.done()


# ---------------------------------------------------------------------------------------------
# model

MODEL_NAMES = ["ada", "bruno", "clara", "dmitri", "elif", "farah", "gunnar", "hana", "ines",
               "jonas", "kalani", "liv", "mateo", "noor", "oskar", "priya", "quinn", "rosa",
               "sven", "tamar", "ulla", "vera", "wim", "yusuf", "zoe", ""]


def _model_variant(data_x, num_iterations, n_a, vocab_size, mistake):
    """The parameters after the reference loop with one known mistake."""
    parameters = char_rnn.initialize_parameters(n_a, vocab_size, vocab_size)
    examples = [x.strip() for x in data_x]
    np.random.seed(0)
    np.random.shuffle(examples)
    if mistake == "unshuffled":
        examples = list(data_x)
    a_prev = np.zeros((n_a, 1))
    for j in range(num_iterations):
        indices = [CHAR_TO_IX[ch] for ch in examples[j % len(examples)]]
        X = indices if mistake == "no None" else [None] + indices
        Y = X[1:] + [CHAR_TO_IX["\n"]]
        start = np.zeros((n_a, 1)) if mistake == "reset" else a_prev
        _, _, a_prev = char_rnn.optimize(X, Y, start, parameters, 0.01)
    return parameters


MODEL_ERRORS = [
    (IndexError, r"index", "An index ran past the end of a list: iteration j trains on "
     "examples[j % len(examples)], and X and Y have the same length (Y = X[1:] + [the newline's "
     "index])."),
    (KeyError, r".", "char_to_ix maps single characters: [char_to_ix[ch] for ch in the name]."),
]


def check_model(model):
    c = Checker(model, "model", error_hints=MODEL_ERRORS, uses=_given(
        clip=(char_rnn.clip, check_clip), sample=(char_rnn.sample, check_sample),
        optimize=(char_rnn.optimize, check_optimize)))
    args = dict(num_iterations=60, n_a=9, dino_names=3, vocab_size=27)
    with contextlib.redirect_stdout(io.StringIO()):
        expected, _ = char_rnn.model(list(MODEL_NAMES), IX_TO_CHAR, CHAR_TO_IX, **args)
        got = c.call(list(MODEL_NAMES), IX_TO_CHAR, CHAR_TO_IX, **args)
    if isinstance(got, dict):
        parameters = got
    elif isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[0], dict):
        parameters = got[0]
        if not isinstance(got[1], str):
            c.fail(f"the second value returned should be the last sampled name, a string, not "
                   f"{describe(got[1])}", hint="Keep the given `return parameters, last_dino_name`.")
    else:
        c.fail(f"should return (parameters, last_dino_name), not {describe(got)}",
               hint="Keep the given `return parameters, last_dino_name`.")
    settings = (list(MODEL_NAMES), args["num_iterations"], args["n_a"], args["vocab_size"])
    mistakes = {
        "a_prev was not carried from one name to the next: keep the hidden state that optimize "
        "returns, `curr_loss, gradients, a_prev = optimize(...)`": _model_variant(*settings, "reset"),
        "X does not start with None: X = [None] + [char_to_ix[ch] for ch in the name]":
            _model_variant(*settings, "no None"),
        "the names were taken from data_x, in its order: take them from the shuffled list "
        "`examples`": _model_variant(*settings, "unshuffled"),
    }
    c.same_dict(parameters, expected, what=f"the parameters after {args['num_iterations']} iterations on "
                f"{len(MODEL_NAMES) - 1} names", rtol=1e-7, atol=1e-10, mistakes=mistakes,
                hint="Iteration j trains on examples[j % len(examples)], with X = [None] + its indices, "
                "Y = X[1:] + [newline index], the state a_prev carried over, and learning_rate=0.01.")
    c.ok(f"after {args['num_iterations']} iterations on {len(MODEL_NAMES) - 1} names, the parameters "
         "are those of the reference (n_a = 9)")
    c.done()
