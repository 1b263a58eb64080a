"""Graders of course5_sequence_models/w1_a2 (solution and blank stub: tests/test_grader_contract.py):
the references pass, code written the original course's way passes (in-place clip, another way
of seeding sample, a model that returns the parameters alone), and plausible wrong versions are
rejected, naming the mistake where it is a known one."""

import copy
import textwrap

import numpy as np
import pytest
from helpers import passes, rejects

from utils.graders.course5_sequence_models import w1_a2_character_level_language_model as grader
from utils.nn import char_rnn

NAMES = ["clip", "sample", "optimize", "model"]


def notebook_function(source, **extra):
    """A function defined from source in a namespace like the notebook's (the given helpers)."""
    namespace = {"np": np, "copy": copy, **{name: getattr(char_rnn, name) for name in grader.GIVEN_HELPERS}}
    namespace.update(extra)
    exec(textwrap.dedent(source), namespace)
    return namespace[source.split("def ", 1)[1].split("(", 1)[0].strip()]


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes(name):
    passes(getattr(grader, f"check_{name}"), getattr(char_rnn, name))


def test_a_check_given_the_result_instead_of_the_function():
    rejects(grader.check_clip, {"dWaa": np.zeros((2, 2))}, "the grader needs your function itself")


# ---------------------------------------------------------------------------------------------
# clip


def test_clip_in_place_as_the_older_original_passes():
    clip = notebook_function("""
        def clip(gradients, maxValue):
            dWaa, dWax, dWya = gradients['dWaa'], gradients['dWax'], gradients['dWya']
            db, dby = gradients['db'], gradients['dby']
            for gradient in [dWax, dWaa, dWya, db, dby]:
                np.clip(gradient, -maxValue, maxValue, out=gradient)
            gradients = {"dWaa": dWaa, "dWax": dWax, "dWya": dWya, "db": db, "dby": dby}
            return gradients
    """)
    passes(grader.check_clip, clip)


@pytest.mark.parametrize("body, fragment", [
    ("return {k: np.minimum(v, maxValue) for k, v in gradients.items()}", "only the upper bound"),
    ("return {k: np.clip(v, 0, maxValue) for k, v in gradients.items()}", "clipped to [0, maxValue]"),
    ("return {k: np.clip(v, -10, 10) for k, v in gradients.items()}", "the bound 10 was used"),
    ("return gradients", "came back unclipped"),
    ("return {k: np.clip(gradients[k], -maxValue, maxValue) for k in ('dWaa', 'dWax', 'dWya', 'db')}",
     "missing the key(s) 'dby'"),
    ("return {k: v * min(1, maxValue / np.linalg.norm(v)) for k, v in gradients.items()}", "wrong values"),
    ("return {**{k: np.clip(v, -maxValue, maxValue) for k, v in gradients.items()}, 'da_next': 0}",
     "has key(s) 'da_next'"),
])
def test_clip_wrong_versions(body, fragment):
    clip = notebook_function(f"def clip(gradients, maxValue):\n    {body}\n")
    rejects(grader.check_clip, clip, fragment)


def test_clip_that_spoils_the_callers_gradients():
    clip = notebook_function("""
        def clip(gradients, maxValue):
            clipped = {k: np.clip(v, -maxValue, maxValue) for k, v in gradients.items()}
            for v in gradients.values():
                v *= 0
            return clipped
    """)
    rejects(grader.check_clip, clip, "changed the caller's gradients")


# ---------------------------------------------------------------------------------------------
# sample

SAMPLE_TEMPLATE = """
def sample(parameters, char_to_ix, seed):
    Waa, Wax, Wya = parameters['Waa'], parameters['Wax'], parameters['Wya']
    by, b = parameters['by'], parameters['b']
    vocab_size = by.shape[0]
    n_a = Waa.shape[1]
    x = np.zeros((vocab_size, 1))
    a_prev = np.zeros((n_a, 1))
    indices = []
    idx = -1
    counter = 0
    newline_character = char_to_ix['\\n']
    while (idx != newline_character and counter != 50):
        a = np.tanh(np.dot(Wax, x) + np.dot(Waa, a_prev) + b)
        z = np.dot(Wya, a) + by
        y = softmax(z)
        np.random.seed(counter + seed)
        idx = np.random.choice(list(range(len(y))), p=y.ravel())
        indices.append(idx)
        x = np.zeros((vocab_size, 1))
        x[idx] = 1
        a_prev = a
        seed += 1
        counter += 1
    if (counter == 50):
        indices.append(char_to_ix['\\n'])
    return indices
"""


def sample_variant(*replacements):
    source = SAMPLE_TEMPLATE
    for old, new in replacements:
        assert old in source, old
        source = source.replace(old, new)
    return notebook_function(source)


def test_sample_in_the_original_style_passes():
    passes(grader.check_sample, sample_variant())


def test_sample_seeded_another_way_passes():
    """A generator seeded once per call, or no seeding at all: the draws differ, the law does not."""
    passes(grader.check_sample, sample_variant(
        ("    indices = []\n", "    indices = []\n    generator = np.random.default_rng(seed)\n"),
        ("        np.random.seed(counter + seed)\n", ""),
        ("np.random.choice(list(range(len(y))), p=y.ravel())", "generator.choice(vocab_size, p=y.ravel())")))
    passes(grader.check_sample, sample_variant(("        np.random.seed(counter + seed)\n", "")))


def test_sample_returning_an_array_passes():
    passes(grader.check_sample, sample_variant(("    return indices\n", "    return np.array(indices)\n")))


@pytest.mark.parametrize("replacements, fragment", [
    ([("np.random.choice(list(range(len(y))), p=y.ravel())", "np.argmax(y)")],
     "Every sample starts with the same character"),
    ([("np.random.choice(list(range(len(y))), p=y.ravel())", "np.random.choice(list(range(len(y))))")],
     "yet it was drawn"),
    ([("        x = np.zeros((vocab_size, 1))\n        x[idx] = 1\n", "")], "feed it back"),
    ([("        a_prev = a\n", "")], "do not follow the model's distribution given the ones before"),
    ([("    if (counter == 50):\n        indices.append(char_to_ix['\\n'])\n", "")],
     "does not end with the newline"),
    ([("counter != 50", "counter != 60"), ("counter == 50", "counter == 60")], "at most 50"),
    ([("        indices.append(idx)\n",
       "        if idx != newline_character:\n            indices.append(idx)\n")],
     "does not end with the newline"),
    ([("np.random.choice(list(range(len(y))), p=y.ravel())",
       "np.random.choice(vocab_size, 1, p=y.ravel())")],
     "np.random.choice(..., size=1)"),
    ([("    vocab_size = by.shape[0]\n", "    vocab_size = 27\n")], "raised"),
    ([("np.dot(Waa, a_prev) + b)", "np.dot(Waa, a_prev))")],
     "do not follow the model's distribution"),
    ([("    return indices\n", "    return ''.join(str(i) for i in indices)\n")],
     "should return a list of indices"),
])
def test_sample_wrong_versions(replacements, fragment):
    rejects(grader.check_sample, sample_variant(*replacements), fragment)


def test_sample_that_never_ends_is_stopped(monkeypatch):
    monkeypatch.setattr(grader, "TIME_LIMIT", 1)
    endless = sample_variant(("        counter += 1\n", ""))
    rejects(grader.check_sample, endless, "did not end")


# ---------------------------------------------------------------------------------------------
# optimize

OPTIMIZE_TEMPLATE = """
def optimize(X, Y, a_prev, parameters, learning_rate = 0.01):
    loss, cache = rnn_forward(X, Y, a_prev, parameters)
    gradients, a = rnn_backward(X, Y, parameters, cache)
    gradients = clip(gradients, 5)
    parameters = update_parameters(parameters, gradients, learning_rate)
    return loss, gradients, a[len(X)-1]
"""


def optimize_variant(*replacements):
    source = OPTIMIZE_TEMPLATE
    for old, new in replacements:
        assert old in source, old
        source = source.replace(old, new)
    return notebook_function(source, clip=char_rnn.clip)


def test_optimize_in_the_original_style_passes():
    passes(grader.check_optimize, optimize_variant())
    passes(grader.check_optimize, optimize_variant(
        ("    parameters = update_parameters(", "    update_parameters(")))


@pytest.mark.parametrize("replacements, fragment", [
    ([("    gradients = clip(gradients, 5)\n", "")], "were not clipped"),
    ([("clip(gradients, 5)", "clip(gradients, 10)")], "clipped at 10"),
    ([("a[len(X)-1]", "a[-1]")], "a[-1] is the state before the first step"),
    ([("a[len(X)-1]", "a[len(X)-2]")], "one step before the last"),
    ([("update_parameters(parameters, gradients, learning_rate)",
       "update_parameters(parameters, gradients, 0.01)")], "the learning rate 0.01"),
    ([("    parameters = update_parameters(parameters, gradients, learning_rate)\n", "")],
     "were not updated"),
    ([("update_parameters(parameters,", "update_parameters(copy.deepcopy(parameters),")], "were not updated"),
    ([("    gradients = clip(gradients, 5)\n", ""),
      ("    return loss,", "    gradients = clip(gradients, 5)\n    return loss,")],
     "before clipping"),
    ([("    return loss, gradients, a[len(X)-1]\n", "    return loss, a[len(X)-1], gradients\n")],
     "the gradients should be a dict"),
])
def test_optimize_wrong_versions(replacements, fragment):
    rejects(grader.check_optimize, optimize_variant(*replacements), fragment)


def test_optimize_with_an_unfinished_clip_gets_a_note():
    own_clip = notebook_function("def clip(gradients, maxValue):\n    raise NotImplementedError()\n")
    optimize = notebook_function(OPTIMIZE_TEMPLATE, clip=own_clip)
    out = " ".join(passes(grader.check_optimize, optimize).split())
    assert "note: your clip is not attempted yet; optimize was checked with the reference clip" in out


# ---------------------------------------------------------------------------------------------
# model

MODEL_TEMPLATE = """
def model(data_x, ix_to_char, char_to_ix, num_iterations = 35000, n_a = 50, dino_names = 7,
          vocab_size = 27, verbose = False):
    n_x, n_y = vocab_size, vocab_size
    parameters = initialize_parameters(n_a, n_x, n_y)
    loss = get_initial_loss(vocab_size, dino_names)
    examples = [x.strip() for x in data_x]
    np.random.seed(0)
    np.random.shuffle(examples)
    a_prev = np.zeros((n_a, 1))
    last_dino_name = "abc"
    for j in range(num_iterations):
        idx = j % len(examples)
        single_example = examples[idx]
        single_example_chars = [c for c in single_example]
        single_example_ix = [char_to_ix[c] for c in single_example_chars]
        X = [None] + single_example_ix
        ix_newline = char_to_ix["\\n"]
        Y = X[1:] + [ix_newline]
        curr_loss, gradients, a_prev = optimize(X, Y, a_prev, parameters, learning_rate = 0.01)
        loss = smooth(loss, curr_loss)
        if j % 2000 == 0:
            print('Iteration: %d, Loss: %f' % (j, loss) + '\\n')
            seed = 0
            for name in range(dino_names):
                sampled_indices = sample(parameters, char_to_ix, seed)
                last_dino_name = get_sample(sampled_indices, ix_to_char)
                print(last_dino_name.replace('\\n', ''))
                seed += 1
            print('\\n')
    return parameters, last_dino_name
"""


def model_variant(*replacements):
    source = MODEL_TEMPLATE
    for old, new in replacements:
        assert old in source, old
        source = source.replace(old, new)
    return notebook_function(source, clip=char_rnn.clip, sample=char_rnn.sample, optimize=char_rnn.optimize)


def test_model_in_the_original_style_passes():
    passes(grader.check_model, model_variant())
    passes(grader.check_model, model_variant(
        ("    return parameters, last_dino_name\n", "    return parameters\n")))


@pytest.mark.parametrize("replacements, fragment", [
    ([("curr_loss, gradients, a_prev = optimize(X, Y, a_prev,",
       "curr_loss, gradients, _ = optimize(X, Y, a_prev,")], "a_prev was not carried"),
    ([("        curr_loss, gradients, a_prev = optimize(",
       "        a_prev = np.zeros((n_a, 1))\n        curr_loss, gradients, a_prev = optimize(")],
     "a_prev was not carried"),
    ([("X = [None] + single_example_ix", "X = single_example_ix")], "X does not start with None"),
    ([("single_example = examples[idx]", "single_example = data_x[idx].strip()")], "the shuffled list"),
    ([("Y = X[1:] + [ix_newline]", "Y = X[1:]")], "X and Y have the same length"),
    ([("idx = j % len(examples)", "idx = j")], "examples[j % len(examples)]"),
    ([("learning_rate = 0.01)", "learning_rate = 0.1)")], "learning_rate=0.01"),
    ([("single_example_ix = [char_to_ix[c] for c in single_example_chars]",
       "single_example_ix = [char_to_ix[single_example]]")], "char_to_ix maps single characters"),
    ([("    return parameters, last_dino_name\n", "    return last_dino_name\n")],
     "should return (parameters, last_dino_name)"),
])
def test_model_wrong_versions(replacements, fragment):
    rejects(grader.check_model, model_variant(*replacements), fragment)


def test_model_with_an_unfinished_optimize_gets_a_note():
    own_optimize = notebook_function("def optimize(X, Y, a_prev, parameters, learning_rate=0.01):\n"
                                     "    raise NotImplementedError()\n")
    model = notebook_function(MODEL_TEMPLATE, clip=char_rnn.clip, sample=char_rnn.sample,
                              optimize=own_optimize)
    out = " ".join(passes(grader.check_model, model).split())
    assert "note: your optimize is not attempted yet; model was checked with the reference optimize" in out


# ---------------------------------------------------------------------------------------------
# The given helpers keep the original's conventions


def test_rnn_forward_starts_from_a_zero_vector_and_backward_matches_numerical_gradients():
    rng = np.random.default_rng(0)
    parameters = grader._random_parameters(4, 6, rng, scale=0.5)
    X, Y = [None, 2, 3, 1], [2, 3, 1, 0]
    a0 = rng.standard_normal((4, 1))
    loss, cache = char_rnn.rnn_forward(X, Y, a0, parameters)
    assert np.all(cache[2][0] == 0) and cache[2][1][2, 0] == 1
    gradients, a = char_rnn.rnn_backward(X, Y, parameters, cache)
    for key in grader.PARAMETER_KEYS:
        def loss_of(value, key=key):
            trial = dict(parameters, **{key: value})
            return char_rnn.rnn_forward(X, Y, a0, trial)[0]
        from utils.grading import numerical_gradient, relative_difference
        numerical = numerical_gradient(loss_of, parameters[key].copy())
        assert relative_difference(numerical, gradients["d" + key]) < 1e-7


def test_update_parameters_works_in_place_as_the_original():
    parameters = {k: np.ones((2, 2)) for k in grader.PARAMETER_KEYS}
    gradients = {"d" + k: np.ones((2, 2)) for k in grader.PARAMETER_KEYS}
    returned = char_rnn.update_parameters(parameters, gradients, 0.5)
    assert returned is parameters and np.all(parameters["Wya"] == 0.5)


def test_numpy_lstm_stepper_matches_keras():
    from utils.notebook import import_tensorflow

    import_tensorflow()
    import keras

    keras.utils.set_random_seed(0)
    lstm = char_rnn.char_lstm_model(7, n_a=5)
    indices = [3, 1, 4, 1, 5, 2]
    keras_probabilities = np.asarray(lstm(np.eye(7, dtype=np.float32)[indices][None]))[0]
    stepper = char_rnn.CharLSTMStepper(lstm)
    numpy_probabilities = np.stack([stepper.step(ix) for ix in indices])
    np.testing.assert_allclose(numpy_probabilities, keras_probabilities, atol=1e-5)
