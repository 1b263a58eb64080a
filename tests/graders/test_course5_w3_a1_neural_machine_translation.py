"""Graders of course5_sequence_models/w3_a1 (solution and blank stub: tests/test_grader_contract.py):
wrong attention blocks (dotor's inputs swapped, a layer of their own, the concatenation reversed,
no repeator, a softmax over the last axis, the weights returned), wrong translators (a Bi-LSTM that
returns only its last state or has n_s units, the state not passed on, the output read from c, one
output, a missing input, a hard-coded Ty) and wrong compile settings are rejected with the
difference named; code written for the original course passes."""

import types

import keras
from helpers import passes, rejects

from utils.graders.course5_sequence_models import w3_a1_neural_machine_translation as grader
from utils.nn.nmt import LSTM, Adam
from utils.notebook import import_tensorflow

tf = import_tensorflow()
from keras.layers import GRU, Activation, Bidirectional, Dense, Dropout, Input  # noqa: E402
from keras.models import Model  # noqa: E402

# The notebook's shared global layers: the graders swap in their own, so these stay None here.
repeator = concatenator = densor1 = densor2 = activator = dotor = None
post_activation_LSTM_cell = output_layer = one_step_attention = None


def variant(fn, kind):
    """fn with another default `kind`: a plain function of this module, so that the grader can swap
    its shared layers in (a lambda calling fn would leave fn reading this module's globals)."""
    clone = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__[:-1] + (kind,))
    return clone


def attention(a, s_prev, kind="right"):
    s = repeator(s_prev) if kind != "no_repeat" else s_prev
    concat = concatenator([s, a] if kind == "reversed" else [a, s])
    e = Dense(10, activation="tanh")(concat) if kind == "own_dense" else densor1(concat)
    energies = densor2(e)
    alphas = Activation("softmax")(energies) if kind == "last_axis" else activator(energies)
    if kind == "alphas":
        return alphas
    if kind == "none":
        return None
    return dotor([a, alphas] if kind == "swapped" else [alphas, a])


def test_one_step_attention_original_passes():
    passes(grader.check_one_step_attention, attention)


def test_one_step_attention_wrong_versions():
    check = grader.check_one_step_attention
    rejects(check, variant(attention, "swapped"), "the context has shape (None, 6, 1)",
            "dotor([alphas, a])")
    rejects(check, variant(attention, "own_dense"), "makes a new Dense layer",
            "shared global ones")
    rejects(check, variant(attention, "reversed"), "the context has wrong values",
            "concatenator([a, s_prev]) (a first)")
    rejects(check, variant(attention, "no_repeat"), "the shared layer repeator is called 0 time(s)")
    rejects(check, variant(attention, "last_axis"), "the shared layer activator is called 0 time(s)")
    rejects(check, variant(attention, "alphas"), "the context has shape (None, 6, 1)")
    rejects(check, variant(attention, "none"), "expected the context tensor, got None",
            "return context")
    rejects(check, lambda a, s: 3, "expected the context tensor")
    rejects(check, lambda a, s: dotor([Input(shape=(6, 1)), a]), "not computed from the arguments")


def translator(Tx, Ty, n_a, n_s, human_vocab_size, machine_vocab_size, kind="right"):
    X = Input(shape=(Tx, human_vocab_size))
    s0 = Input(shape=(n_s,), name="s0")
    c0 = Input(shape=(n_s,), name="c0")
    s, c = s0, c0
    outputs = []
    units = n_s if kind == "n_s_units" else n_a
    rnn = GRU if kind == "gru" else LSTM
    a = Bidirectional(rnn(units=units, return_sequences=kind != "last_state"))(X)
    if kind == "dropout":
        a = Dropout(0.1)(a)
    for _ in range(10 if kind == "ty_10" else Ty):
        context = one_step_attention(a, s)
        s2, _, c = post_activation_LSTM_cell(inputs=context, initial_state=[s, c])
        if kind != "state_lost":
            s = s2
        outputs.append(output_layer(inputs=c if kind == "use_c" else s2))
    if kind == "last_output":
        outputs = outputs[-1]
    return Model(inputs=X if kind == "x_only" else [X, s0, c0], outputs=outputs)


def test_modelf_original_passes():
    passes(grader.check_modelf, translator)


def test_modelf_wrong_versions():
    check = grader.check_modelf

    def wrong(kind):
        return variant(translator, kind)

    rejects(check, wrong("last_state"), "raised ValueError", "return_sequences=True")
    rejects(check, wrong("n_s_units"), "expected axis -1 of input shape to have value 11",
            "Bidirectional(LSTM(n_a, return_sequences=True))")
    rejects(check, wrong("gru"), "layer 1 (", "Bidirectional has 252 parameters; expected 312")
    rejects(check, wrong("dropout"), "layer 2 (", "is a Dropout that should not be there")
    rejects(check, wrong("state_lost"), "output 1 (of 3) has wrong values", "passes s and c on")
    rejects(check, wrong("use_c"), "output 0 (of 3) has wrong values")
    rejects(check, wrong("last_output"), "the model has 1 output(s); expected Ty = 3")
    rejects(check, wrong("x_only"), "is not connected to `inputs`", "inputs=[X, s0, c0]")
    rejects(check, wrong("ty_10"), "the model has 10 output(s); expected Ty = 3")
    rejects(check, lambda *args: None, "expected a keras Model, got None")


def test_modelf_notes_a_failing_one_step_attention():
    def broken_attention(a, s_prev):
        return dotor([a, activator(densor2(densor1(concatenator([a, repeator(s_prev)]))))])

    fn = grader.with_globals(translator, one_step_attention=broken_attention)
    message = passes(grader.check_modelf, fn)
    assert "note: your one_step_attention does not pass check_one_step_attention yet" in message


def compiler(model, kind="right"):
    opt = Adam(lr=0.01 if kind == "lr" else 0.005, beta_1=0.9, beta_2=0.999, decay=0.01)
    if kind == "keras_adam":
        opt = keras.optimizers.Adam(learning_rate=0.005, beta_1=0.9, beta_2=0.999, decay=0.01)
    if kind == "beta":
        opt = Adam(lr=0.005, beta_1=0.99, beta_2=0.999, decay=0.01)
    if kind == "string":
        opt = "adam"
    if kind == "no_compile":
        return model
    loss = "binary_crossentropy" if kind == "loss" else "categorical_crossentropy"
    metrics = None if kind == "no_metrics" else ["accuracy"]
    model.compile(loss=loss, optimizer=opt, metrics=metrics)


def test_compile_model_original_passes():
    passes(grader.check_compile_model, compiler)


def test_compile_model_keras_3_forms_pass():
    def keras3(model):
        schedule = keras.optimizers.schedules.InverseTimeDecay(0.005, decay_steps=1, decay_rate=0.01)
        opt = keras.optimizers.Adam(learning_rate=schedule, beta_1=0.9, beta_2=0.999)
        model.compile(optimizer=opt, loss=keras.losses.CategoricalCrossentropy(),
                      metrics=[["accuracy"]] * len(model.outputs))

    passes(grader.check_compile_model, keras3)


def test_compile_model_wrong_versions():
    check = grader.check_compile_model
    rejects(check, variant(compiler, "lr"), "the learning rate is 0.01; expected 0.005")
    rejects(check, variant(compiler, "keras_adam"), "the learning-rate decay is missing",
            "Keras 3 has no decay")
    rejects(check, variant(compiler, "beta"), "beta_1 is 0.99; expected 0.9")
    rejects(check, variant(compiler, "string"), "the optimizer is the string 'adam'")
    rejects(check, variant(compiler, "loss"), "the loss is 'binary_crossentropy'")
    rejects(check, variant(compiler, "no_metrics"), "the metrics do not include accuracy")
    rejects(check, variant(compiler, "no_compile"), "model.compile was not called")
    rejects(check, lambda m: 1 / 0, "raised ZeroDivisionError")
