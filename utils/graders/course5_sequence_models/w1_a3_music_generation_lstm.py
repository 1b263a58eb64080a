"""Graders for course5_sequence_models/w1_a3_music_generation_lstm.ipynb.

The two model builders are checked on layers the grader makes (a reshaper, an LSTM cell and a
densor with fixed random weights, smaller than the notebook's), for two sequence lengths, so a
hard-coded length fails. An unrolled model is compared with what it should be, and the first
difference is named: the inputs (count and shapes), the outputs (a list of one tensor per step,
each (None, n_values)), no layer with weights other than the shared ones (an LSTM or Dense made
inside the function is a new, untrained layer at every call), each shared layer called once per
step inside the model; then its outputs on random inputs are compared with the reference built
from the same layers, which catches a state not passed on, c used in place of a, a step that
always reads X[:, 0, :], or (in the inference model) probabilities fed back instead of the
one-hot argmax.

Code written for the original course passes: `LSTM_cell(inputs=x, initial_state=[a, c])` (the
notebook's LSTM, from utils.nn.music, accepts Keras 2's `inputs=`; the grader's does too),
`X[:, t, :]`, `RepeatVector(1)`, `Lambda` around TensorFlow functions, `to_categorical`. Calling
`tf.math.argmax` or `tf.one_hot` straight on a layer's output fails on Keras 3 and gets a hint that
says why and what to write instead.
"""

import numpy as np

from utils.grading import (
    Checker,
    CheckFailed,
    NotAttempted,
    _not_a_model,
    _raising_function,
    describe,
    keras_names_kept,
)
from utils.nn import music as ref

N_VALUES, N_A = 7, 5

KERAS_TENSOR_HINT = (
    "Keras 3 does not let a TensorFlow function (tf.math.argmax, tf.one_hot, ...) take a layer's "
    "output while a model is being built: that output is a symbolic KerasTensor, not numbers. The "
    "original course, on Keras 2, could. Write the Keras operations, which take the same "
    "arguments: keras.ops.argmax(out, axis=-1) and keras.ops.one_hot(x, n_values); or wrap the "
    "TensorFlow code in a layer: Lambda(lambda z: tf.one_hot(tf.math.argmax(z, axis=-1), n_values))(out).")
NDIM_HINT = (
    "The LSTM takes a sequence, shape (m, timesteps, n_values); one value of shape (m, n_values) "
    "must become a sequence of length 1 first: reshaper(x) in djmodel, RepeatVector(1)(x) in the "
    "inference model.")
ERROR_HINTS = [
    (ValueError, r"KerasTensor cannot be used as input to a TensorFlow function", KERAS_TENSOR_HINT),
    (ValueError, r"expected ndim=3, found ndim=2", NDIM_HINT),
    (ValueError, r"is not connected to `inputs`",
     "The outputs are computed from an Input that is not among the model's inputs: give the model "
     "all three, Model(inputs=[X, a0, c0], outputs=outputs) (x0 in place of X in the inference "
     "model)."),
    (TypeError, r"missing a required argument: 'sequences'",
     "Keras 3 names the LSTM's input `sequences`, not `inputs`; pass it first without a name: "
     "LSTM_cell(x, initial_state=[a, c]). (The notebook's LSTM accepts inputs= as well; this "
     "LSTM layer was not made with it.)"),
]


def _keras():
    return ref._keras()


class KerasChecker(Checker):
    """A Checker whose call does not copy its arguments: layers and models are meant to be used
    (and built) by the learner's function, and copying them is slow and breaks their sharing."""

    def call(self, *args, **kwargs):
        self.last_call = self._call_text(args, kwargs)
        try:
            return self.fn(*args, **kwargs)
        except NotImplementedError as exc:
            where = _raising_function(exc)
            if where in (None, self.name, "<module>"):
                raise NotAttempted(
                    f"{self.name}: not attempted yet. Replace `raise NotImplementedError()` in "
                    f"{self.name} with your code, run that cell, then run this check again.") from None
            raise NotAttempted(f"{self.name}: it calls `{where}`, which is not attempted yet. "
                               f"Finish `{where}` first, then run this check again.") from None
        except Exception as exc:
            raise CheckFailed(self._exception_text(exc)) from None


# ---------------------------------------------------------------------------------------------
# Comparing an unrolled model with what it should be


def calls_in_model(model, layer):
    """How many times `layer` is called inside `model` (a shared layer may also be called by other
    models built from it, which do not count)."""
    from keras.src.ops.function import make_node_key

    keys = getattr(model, "_nodes", None)
    nodes = getattr(layer, "_inbound_nodes", [])
    if keys is None:
        return len(nodes)
    return sum(1 for i in range(len(nodes)) if make_node_key(layer, i) in keys)


def describe_unrolled(model, shared):
    """What an unrolled model is: its input shapes, its output shapes (one per step) and how many
    times each shared layer is called in it. `shared` maps a name ("LSTM_cell") to the layer."""
    return {"inputs": [tuple(t.shape) for t in model.inputs],
            "outputs": [tuple(t.shape) for t in model.outputs],
            "calls": {name: calls_in_model(model, layer) for name, layer in shared.items()}}


def unrolled_difference(model, expected, shared, input_names):
    """The first difference between a model and the description `expected` (describe_unrolled of
    the reference), in plain words, or None."""
    import keras

    if not isinstance(model, keras.Model):
        return _not_a_model(model)
    got = describe_unrolled(model, shared)
    if len(got["inputs"]) != len(expected["inputs"]):
        return (f"the model has {len(got['inputs'])} input(s); expected {len(expected['inputs'])}: "
                f"inputs=[{', '.join(input_names)}]")
    for name, have, want in zip(input_names, got["inputs"], expected["inputs"]):
        if have != want:
            return f"the input {name} has shape {have}; expected {want}"
    steps = len(expected["outputs"])
    if len(got["outputs"]) != steps:
        return (f"the model has {len(got['outputs'])} output(s); expected {steps}, one per time step: "
                "append each step's densor output to the list `outputs` and pass the whole list")
    for t, (have, want) in enumerate(zip(got["outputs"], expected["outputs"])):
        if have != want:
            return f"output {t} has shape {have}; expected {want}"
    own = [layer for layer in model.layers if layer.weights and not any(layer is s for s in shared.values())]
    if own:
        layer = own[0]
        return (f"the model has a {type(layer).__name__} layer ({layer.name}) that is not one of the "
                f"layers passed in ({', '.join(shared)}): make no new layer with weights inside the "
                "function; call the shared layers at every step, so that every step uses the same "
                "weights")
    for name, want in expected["calls"].items():
        if got["calls"][name] != want:
            return (f"{name} is called {got['calls'][name]} time(s) in the model; expected {want}, "
                    "once per time step")
    return None


# ---------------------------------------------------------------------------------------------
# The grader's layers and inputs


def _grader_layers(seed):
    """Fresh shared layers with fixed random weights (built through the reference djmodel)."""
    reshaper, LSTM_cell, densor = ref.shared_layers(N_VALUES, N_A)
    ref.djmodel(2, LSTM_cell, densor, reshaper)                     # builds the weights
    rng = np.random.default_rng(seed)
    for layer in (LSTM_cell, densor):
        layer.set_weights([rng.normal(0, 0.8, w.shape).astype(np.float32) for w in layer.get_weights()])
    return reshaper, LSTM_cell, densor


def _outputs(model, inputs):
    result = model(inputs)
    return [np.asarray(r) for r in (result if isinstance(result, (list, tuple)) else [result])]


def _compare_values(c, model, reference, inputs, what):
    got, want = _outputs(model, inputs), _outputs(reference, inputs)
    for t, (g, w) in enumerate(zip(got, want)):
        if not np.allclose(g, w, rtol=1e-4, atol=1e-5):
            c.fail(f"{what}: output {t} (of {len(want)}) has wrong values on random inputs",
                   expected=describe(w[0]) + " (first example)", got=describe(g[0]),
                   hint="Each step must take a and c from the step before (initial_state=[a, c]), "
                   "apply densor to the hidden state a (the LSTM's second output), and "
                   + ("read the step's own value X[:, t, :]." if "djmodel" in what else
                      "feed back the one-hot vector of the step's most likely value."))


def _model_problem(c, model, expected, shared, input_names, what):
    problem = unrolled_difference(model, expected, shared, input_names)
    if problem is not None:
        raise CheckFailed(c._with_notes(f"{what}: {problem}"))


def check_djmodel(djmodel):
    c = KerasChecker(djmodel, "djmodel", error_hints=ERROR_HINTS)
    for Tx, seed in ((4, 0), (6, 1)):
        with keras_names_kept():
            reshaper, LSTM_cell, densor = _grader_layers(seed)
            model = c.call(Tx, LSTM_cell, densor, reshaper)
            reference = ref.djmodel(Tx, LSTM_cell, densor, reshaper)
        shared = {"reshaper": reshaper, "LSTM_cell": LSTM_cell, "densor": densor}
        what = f"djmodel(Tx={Tx}, n_values={N_VALUES}, n_a={N_A})"
        _model_problem(c, model, describe_unrolled(reference, shared), shared, ["X", "a0", "c0"], what)
        rng = np.random.default_rng(seed + 10)
        X = np.eye(N_VALUES, dtype=np.float32)[rng.integers(0, N_VALUES, (3, Tx))]     # (3, Tx, n_values)
        a0, c0 = rng.normal(0, 1, (2, 3, N_A)).astype(np.float32)
        _compare_values(c, model, reference, [X, a0, c0], what)
    c.ok("a keras Model with inputs X (None, Tx, n_values), a0 and c0 (None, n_a), and a list of Tx "
         "outputs (None, n_values), for Tx = 4 and 6")
    c.ok("reshaper, LSTM_cell and densor are shared: each called once per step, no other layer")
    c.ok("the outputs match the reference on random inputs (rtol 1e-4)")
    c.done()


def check_music_inference_model(music_inference_model):
    c = KerasChecker(music_inference_model, "music_inference_model", error_hints=ERROR_HINTS)
    for Ty, seed in ((5, 2), (8, 3)):
        with keras_names_kept():
            _, LSTM_cell, densor = _grader_layers(seed)
            model = c.call(LSTM_cell, densor, Ty=Ty)
            reference = ref.music_inference_model(LSTM_cell, densor, Ty=Ty)
        shared = {"LSTM_cell": LSTM_cell, "densor": densor}
        what = f"music_inference_model(Ty={Ty}, n_values={N_VALUES}, n_a={N_A})"
        _model_problem(c, model, describe_unrolled(reference, shared), shared, ["x0", "a0", "c0"], what)
        rng = np.random.default_rng(seed + 10)
        x0 = np.eye(N_VALUES, dtype=np.float32)[rng.integers(0, N_VALUES, (3, 1))]     # (3, 1, n_values)
        a0, c0 = rng.normal(0, 1, (2, 3, N_A)).astype(np.float32)
        _compare_values(c, model, reference, [x0, a0, c0], what)
    c.ok("a keras Model with inputs x0 (None, 1, n_values), a0 and c0 (None, n_a), and a list of Ty "
         "outputs (None, n_values), for Ty = 5 and 8")
    c.ok("LSTM_cell and densor are shared: each called once per step, no other layer with weights")
    c.ok("each step is fed the one-hot argmax of the step before (outputs match the reference)")
    c.done()


def _as_array(c, value, what):
    if not isinstance(value, np.ndarray):
        if hasattr(value, "numpy") and hasattr(value, "shape"):
            c.fail(f"{what} should be a NumPy array, not a {type(value).__name__}", got=describe(value),
                   hint="Convert with np.asarray(...) or .numpy() before returning.")
        c.fail(f"{what} should be a NumPy array", got=describe(value))
    return value


def check_predict_and_sample(predict_and_sample):
    c = KerasChecker(predict_and_sample, "predict_and_sample", error_hints=ERROR_HINTS)
    Ty = 9
    with keras_names_kept():
        _, LSTM_cell, densor = _grader_layers(4)
        model = ref.music_inference_model(LSTM_cell, densor, Ty=Ty)
    rng = np.random.default_rng(5)
    x_initializer = np.zeros((1, 1, N_VALUES), dtype=np.float32)
    a_initializer = rng.normal(0, 1, (1, N_A)).astype(np.float32)
    c_initializer = np.zeros((1, N_A), dtype=np.float32)
    probabilities = np.array([p[0] for p in _outputs(model, [x_initializer, a_initializer, c_initializer])])
    expected_indices = probabilities.argmax(axis=-1)                         # (Ty,)
    out = c.call(model, x_initializer, a_initializer, c_initializer)
    results, indices = c.same_sequence(out, 2, what="the returned value (results, indices)")
    results, indices = _as_array(c, results, "results"), _as_array(c, indices, "indices")
    if results.shape != (Ty, N_VALUES):
        hint = None
        if results.shape == (Ty, 1, N_VALUES):
            hint = ("results keeps the axis of length 1 of indices: one-hot encode indices[:, 0] (or "
                    "use to_categorical, which drops a last axis of length 1).")
        elif results.shape == indices.shape or results.ndim < 2:
            hint = "results are the one-hot vectors of the indices, one row per step."
        c.fail(f"results has shape {results.shape}; expected (Ty, n_values) = ({Ty}, {N_VALUES})",
               got=describe(results), hint=hint)
    if indices.shape != (Ty, 1):
        hint = ("Keep the batch axis: np.argmax over the last axis of the list of Ty outputs of shape "
                "(1, n_values) gives (Ty, 1)." if indices.size == Ty else
                "Take the argmax over the last axis (axis=-1), the values, once per step.")
        c.fail(f"indices has shape {indices.shape}; expected (Ty, 1) = ({Ty}, 1)", got=describe(indices),
               hint=hint)
    if not np.issubdtype(indices.dtype, np.integer):
        c.fail(f"indices has dtype {indices.dtype}; expected integers", got=describe(indices),
               hint="np.argmax gives integers; keep them as they are.")
    if not (np.issubdtype(results.dtype, np.number) and np.isin(results, (0, 1)).all()
            and np.allclose(results.sum(axis=1), 1)):
        hint = ("These look like the model's probabilities; results are one-hot vectors: a single 1 "
                "at the index of the chosen value." if np.allclose(results, probabilities, atol=1e-5)
                else "Each row of results is a one-hot vector: zeros and a single 1.")
        c.fail("results are not one-hot vectors (zeros and a single 1 per row)",
               got=describe(results[0]) + " (row 0)", hint=hint)
    if not np.array_equal(results.argmax(axis=1), indices[:, 0]):
        c.fail("the 1 of each row of results is not at that row's index in indices",
               expected=describe(indices[:, 0]), got=describe(results.argmax(axis=1)))
    c.ok(f"results (Ty, n_values) = ({Ty}, {N_VALUES}) one-hot, indices (Ty, 1) integers that agree")
    if not np.array_equal(indices[:, 0], expected_indices):
        c.fail("indices are not the most likely value of each of the model's outputs",
               expected=describe(expected_indices), got=describe(indices[:, 0]),
               hint="Call inference_model.predict([x_initializer, a_initializer, c_initializer]) and "
               "take np.argmax over the last axis of what it returns.")
    c.ok("indices are the argmax of the model's Ty outputs")
    c.done()
