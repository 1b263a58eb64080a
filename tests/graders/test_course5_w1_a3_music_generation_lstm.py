"""Graders of course5_sequence_models/w1_a3 (solution and blank stub: tests/test_grader_contract.py):
wrong unrolled models (a new layer per step, a missing input, one output instead of Tx, states not
passed on, densor on c, probabilities fed back, a 2-D input to the LSTM, TensorFlow functions on a
KerasTensor) and wrong predict_and_sample results are rejected with the difference named; code
written for the original course (`LSTM_cell(inputs=x, ...)`, `Lambda`, `to_categorical`) passes."""

import numpy as np
from helpers import passes, rejects

from utils.graders.course5_sequence_models import w1_a3_music_generation_lstm as grader
from utils.notebook import import_tensorflow

tf = import_tensorflow()
import keras  # noqa: E402  (after TensorFlow's quiet import)
from keras.layers import LSTM, Input, Lambda, RepeatVector  # noqa: E402
from keras.models import Model  # noqa: E402
from keras.utils import to_categorical  # noqa: E402


def dj(Tx, LSTM_cell, densor, reshaper, new_lstm=False, inputs="all", outputs="all", keep_state=True,
       use_c=False, fixed_t=None, reshape=True):
    n_values, n_a = densor.units, LSTM_cell.units
    X = Input(shape=(Tx, n_values))
    a0, c0 = Input(shape=(n_a,), name="a0"), Input(shape=(n_a,), name="c0")
    a, c = a0, c0
    outs = []
    for t in range(Tx):
        x = X[:, t if fixed_t is None else fixed_t, :]
        x = reshaper(x) if reshape else x
        cell = LSTM(n_a, return_state=True) if new_lstm else LSTM_cell
        _, a2, c2 = cell(x, initial_state=[a, c])
        if keep_state:
            a, c = a2, c2
        outs.append(densor(c2 if use_c else a2))
    return Model(inputs=[X, a0, c0] if inputs == "all" else X, outputs=outs if outputs == "all" else outs[-1])


def test_djmodel_wrong_versions():
    check = grader.check_djmodel
    rejects(check, lambda *a: dj(*a, new_lstm=True), "LSTM layer", "not one of the layers passed in")
    rejects(check, lambda *a: dj(*a, inputs="X"), "is not connected to `inputs`", "inputs=[X, a0, c0]")
    rejects(check, lambda *a: dj(*a, outputs="last"), "the model has 1 output(s); expected 4")
    rejects(check, lambda *a: dj(*a, keep_state=False), "output 1 (of 4) has wrong values",
            "initial_state=[a, c]")
    rejects(check, lambda *a: dj(*a, use_c=True), "output 0 (of 4) has wrong values")
    rejects(check, lambda *a: dj(*a, fixed_t=0), "output 1 (of 4) has wrong values")
    rejects(check, lambda *a: dj(*a, reshape=False), "raised ValueError",
            "must become a sequence of length 1")
    rejects(check, lambda Tx, *a: dj(4, *a), "djmodel(Tx=6",
            "the input X has shape (None, 4, 7); expected (None, 6, 7)")
    rejects(check, lambda *a: None, "expected a keras Model, got None")


def test_djmodel_in_the_original_courses_style_passes():
    def original(Tx, LSTM_cell, densor, reshaper):
        n_values = densor.units
        n_a = LSTM_cell.units
        X = Input(shape=(Tx, n_values))
        a0 = Input(shape=(n_a,), name="a0")
        c0 = Input(shape=(n_a,), name="c0")
        a = a0
        c = c0
        outputs = []
        for t in range(Tx):
            x = X[:, t, :]
            x = reshaper(x)
            _, a, c = LSTM_cell(inputs=x, initial_state=[a, c])
            out = densor(a)
            outputs.append(out)
        return tf.keras.Model(inputs=[X, a0, c0], outputs=outputs)

    passes(grader.check_djmodel, original)


def inference(LSTM_cell, densor, Ty=100, feedback="one_hot", repeat=True, outputs="all", keep_state=True,
              axis=-1):
    n_values, n_a = densor.units, LSTM_cell.units
    x0 = Input(shape=(1, n_values))
    a0, c0 = Input(shape=(n_a,), name="a0"), Input(shape=(n_a,), name="c0")
    x, a, c = x0, a0, c0
    outs = []
    for _ in range(Ty):
        _, a2, c2 = LSTM_cell(x, initial_state=[a, c])
        if keep_state:
            a, c = a2, c2
        out = densor(a2)
        outs.append(out)
        if feedback == "one_hot":
            x = keras.ops.one_hot(keras.ops.argmax(out, axis=axis), n_values)
        elif feedback == "probabilities":
            x = out
        elif feedback == "tf":
            x = tf.one_hot(tf.math.argmax(out, axis=-1), n_values)
        elif feedback == "lambda":
            x = Lambda(lambda z: tf.one_hot(tf.math.argmax(z, axis=-1), n_values))(out)
        else:
            x = x0[:, 0, :]
        x = RepeatVector(1)(x) if repeat else x
    return Model(inputs=[x0, a0, c0], outputs=outs if outputs == "all" else outs[-1])


def test_inference_model_wrong_versions():
    check = grader.check_music_inference_model
    rejects(check, lambda L, D, Ty=100: inference(L, D, Ty, feedback="probabilities"),
            "output 1 (of 5) has wrong values", "one-hot vector")
    rejects(check, lambda L, D, Ty=100: inference(L, D, Ty, feedback="x0"),
            "output 1 (of 5) has wrong values")
    rejects(check, lambda L, D, Ty=100: inference(L, D, Ty, repeat=False), "raised ValueError",
            "RepeatVector(1)(x)")
    rejects(check, lambda L, D, Ty=100: inference(L, D, Ty, outputs="last"),
            "the model has 1 output(s); expected 5")
    rejects(check, lambda L, D, Ty=100: inference(L, D, Ty, keep_state=False), "has wrong values")
    rejects(check, lambda L, D, Ty=100: inference(L, D, 5), "music_inference_model(Ty=8",
            "the model has 5 output(s); expected 8")


def test_tensorflow_functions_on_a_keras_tensor_get_the_keras_3_hint():
    message = rejects(grader.check_music_inference_model,
                      lambda L, D, Ty=100: inference(L, D, Ty, feedback="tf"),
                      "raised ValueError", "KerasTensor", "keras.ops.argmax(out, axis=-1)")
    assert message.count("hint:") == 1


def test_inference_model_in_the_original_courses_style_with_lambda_passes():
    passes(grader.check_music_inference_model, lambda L, D, Ty=100: inference(L, D, Ty, feedback="lambda"))


def sample(model, x, a, c, kind="right"):
    n_values = x.shape[2]
    pred = model.predict([x, a, c], verbose=0)
    if kind == "zeros":
        pred = model.predict([x, np.zeros_like(a), c], verbose=0)
    indices = np.argmax(pred, axis=-1)
    if kind == "probabilities":
        return np.array(pred)[:, 0], indices
    if kind == "eye":
        return np.eye(n_values)[indices], indices
    if kind == "flat":
        return to_categorical(indices, num_classes=n_values), indices[:, 0]
    if kind == "axis0":
        indices = np.argmax(pred, axis=0)
        return to_categorical(indices, num_classes=n_values), indices
    return to_categorical(indices, num_classes=n_values), indices


def test_predict_and_sample_original_style_passes_and_wrong_versions_are_rejected():
    check = grader.check_predict_and_sample
    passes(check, sample)
    rejects(check, lambda *a: sample(*a, kind="probabilities"), "results are not one-hot",
            "These look like the model's probabilities")
    rejects(check, lambda *a: sample(*a, kind="eye"), "results has shape (9, 1, 7)", "indices[:, 0]")
    rejects(check, lambda *a: sample(*a, kind="flat"), "indices has shape (9,); expected (Ty, 1)")
    rejects(check, lambda *a: sample(*a, kind="axis0"), "results has shape (1, 7, 7)")
    rejects(check, lambda *a: sample(*a, kind="zeros"), "indices are not the most likely value")
    rejects(check, lambda *a: 3, "should be a tuple of 2 values")
