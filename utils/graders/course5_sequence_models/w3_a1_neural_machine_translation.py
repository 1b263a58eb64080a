"""Graders for course5_sequence_models/w3_a1_neural_machine_translation.ipynb.

The two model builders read the notebook's shared global layers (repeator, concatenator, densor1,
densor2, activator, dotor; post_activation_LSTM_cell, output_layer). The graders swap in shared
layers of their own, smaller than the notebook's and with fixed random weights, for two sets of
sizes (so that a hard-coded Tx, Ty or size fails), then check what the function built:

- one_step_attention: a tensor of shape (None, 1, 2*n_a); every layer with weights is one of the
  shared ones and each shared layer is called exactly once; the attention weights (the
  activator's output) sum to 1 over the Tx input steps; the context matches the reference on
  random inputs.
- modelf: the inputs [X, s0, c0], a list of Ty outputs, then the layers compared one by one with
  the reference model, naming the first that differs; each shared layer called once per output
  step; then (with the Bi-LSTM's weights copied from the reference) the outputs on random inputs.
  modelf is checked with the reference one_step_attention, with a note if yours does not pass yet.
- compile_model: the optimizer is Adam with learning rate 0.005, beta_1 0.9, beta_2 0.999 and the
  decay 0.01 of the original (Keras 2's lr / (1 + decay * step)); the loss is the categorical
  cross-entropy; the metrics include accuracy; then one training step runs.

Code written for the original course passes: `post_activation_LSTM_cell(inputs=context, ...)`,
`Adam(lr=0.005, beta_1=0.9, beta_2=0.999, decay=0.01)` and `metrics=['accuracy']` on the model of
10 outputs (the notebook's LSTM, Adam and Model, from utils.nn.nmt, accept these Keras 2 forms).
"""

import numpy as np

from utils.graders.course5_sequence_models.w1_a3_music_generation_lstm import KerasChecker, calls_in_model
from utils.grading import (
    CheckFailed,
    architecture_difference,
    describe,
    describe_model,
    global_names,
    keras_names_kept,
    own_version_problem,
    with_globals,
)
from utils.nn import nmt as ref

ATTENTION_NAMES = ("repeator", "concatenator", "densor1", "densor2", "activator", "dotor")
DECODER_NAMES = ("post_activation_LSTM_cell", "output_layer")
HUMAN_VOCAB, MACHINE_VOCAB = 9, 5

ERROR_HINTS = [
    (ValueError, r"A `Concatenate` layer requires inputs with matching shapes|"
                 r"A `Concatenate` layer should be called on a list of",
     "concatenator joins a (m, Tx, 2*n_a) and s_prev repeated Tx times, (m, Tx, n_s): call "
     "repeator(s_prev) first, then concatenator([a, s_prev]). In modelf, the Bi-LSTM must return "
     "the whole sequence: Bidirectional(LSTM(n_a, return_sequences=True))."),
    (ValueError, r"expected ndim=3, found ndim=2",
     "An LSTM reads a sequence (m, timesteps, features). The Bi-LSTM must return the whole "
     "sequence, Bidirectional(LSTM(n_a, return_sequences=True)), so that a is (m, Tx, 2*n_a) and "
     "each context (m, 1, 2*n_a) is a sequence of length 1 for the post-attention LSTM."),
    (ValueError, r"expected axis -1 of input shape to have value|is incompatible with the layer",
     "A shared layer got an input of the wrong width: densor1 takes the concatenation of a "
     "(m, Tx, 2*n_a) and the repeated s (m, Tx, n_s), densor2 takes densor1's output, and the "
     "post-attention LSTM takes the context of one_step_attention. In modelf the Bi-LSTM has n_a "
     "units in each direction: Bidirectional(LSTM(n_a, return_sequences=True))."),
    (ValueError, r"is not connected to `inputs`|Graph disconnected",
     "The outputs are computed from an Input that is not among the model's inputs: give the model "
     "all three, Model(inputs=[X, s0, c0], outputs=outputs)."),
    (TypeError, r"missing a required argument: 'sequences'",
     "Keras 3 names the LSTM's input `sequences`, not `inputs`; pass it first without a name: "
     "post_activation_LSTM_cell(context, initial_state=[s, c]). (The notebook's LSTM accepts "
     "inputs= as well; this LSTM layer was not made with it.)"),
    (ValueError, r"Dot.*(incompatible|shapes)|Incompatible input shapes|Dimension incompatibility",
     "dotor multiplies the attention weights alphas (m, Tx, 1) with a (m, Tx, 2*n_a) over the Tx "
     "axis: dotor([alphas, a])."),
]


def _keras():
    return ref._keras()


# ---------------------------------------------------------------------------------------------
# The grader's shared layers


def _grader_layers(Tx, n_a, n_s, seed):
    """Fresh shared layers with fixed random weights (built through the reference modelf)."""
    layers = ref.shared_layers(Tx, n_s, MACHINE_VOCAB)
    ref.modelf(Tx, 2, n_a, n_s, HUMAN_VOCAB, MACHINE_VOCAB, layers)      # builds the weights
    rng = np.random.default_rng(seed)
    for name in ("densor1", "densor2", "post_activation_LSTM_cell", "output_layer"):
        layer = layers[name]
        layer.set_weights([rng.normal(0, 0.7, w.shape).astype(np.float32) for w in layer.get_weights()])
    return layers


def _is_keras_tensor(value):
    keras = _keras()
    return isinstance(value, keras.KerasTensor)


def _outputs(model, inputs):
    result = model(inputs)
    return [np.asarray(r) for r in (result if isinstance(result, (list, tuple)) else [result])]


def _nodes_in_model(model, layer):
    """The calls (nodes) of a shared layer that belong to `model`, in call order."""
    from keras.src.ops.function import make_node_key

    keys = getattr(model, "_nodes", set())
    return [node for i, node in enumerate(layer._inbound_nodes) if make_node_key(layer, i) in keys]


def _not_shared(model, shared, names):
    """The first layer with weights of `model` that is not one of the shared layers, or None."""
    for layer in model.layers:
        if layer.weights and not any(layer is shared[n] for n in names):
            return layer
    return None


# ---------------------------------------------------------------------------------------------
# one_step_attention


def check_one_step_attention(one_step_attention):
    keras = _keras()
    c = KerasChecker(one_step_attention, "one_step_attention", error_hints=ERROR_HINTS)
    for Tx, n_a, n_s, seed in ((6, 3, 5, 0), (8, 4, 3, 1)):
        with keras_names_kept():
            layers = _grader_layers(Tx, n_a, n_s, seed)
            fn = c.fn
            c.fn = _with_layers(fn, layers)
            a = keras.Input(shape=(Tx, 2 * n_a), name="a")
            s_prev = keras.Input(shape=(n_s,), name="s_prev")
            try:
                context = c.call(a, s_prev)
            finally:
                c.fn = fn
            c.last_call = f"one_step_attention(a (None, {Tx}, {2 * n_a}), s_prev (None, {n_s}))"
            if not _is_keras_tensor(context):
                hint = ("Did you forget to `return context`?" if context is None else
                        "Return the context alone, the output of dotor.")
                c.fail(f"expected the context tensor, got {describe(context)}", hint=hint)
            want = (None, 1, 2 * n_a)
            if tuple(context.shape) != want:
                hint = ("The order of dotor's inputs sets the shape: dotor([alphas, a]) gives "
                        "(m, 1, 2*n_a)." if tuple(context.shape) == (None, 2 * n_a, 1) else
                        "The context is the sum over the Tx steps of a weighted by the attention "
                        "weights: dotor([alphas, a]).")
                c.fail(f"the context has shape {tuple(context.shape)}; expected {want}", hint=hint)
            try:
                model = keras.Model(inputs=[a, s_prev], outputs=context)
            except Exception as exc:
                c.fail(f"the context is not computed from the arguments a and s_prev ({type(exc).__name__})",
                       hint="Start from the arguments: s_prev = repeator(s_prev), then "
                       "concatenator([a, s_prev]), ...; make no Input of your own.")
            reference = keras.Model(inputs=[a, s_prev], outputs=ref.one_step_attention(a, s_prev, layers))
        own = _not_shared(model, layers, ATTENTION_NAMES)
        if own is not None:
            c.fail(f"it makes a new {type(own).__name__} layer ({own.name}) instead of using the shared "
                   "global ones", hint="Use the layers defined once above the exercise (repeator, "
                   "concatenator, densor1, densor2, activator, dotor): the same objects at every step "
                   "share their weights; a layer made inside the function is a new one at every call.")
        for name in ATTENTION_NAMES:
            calls = calls_in_model(model, layers[name])
            if calls != 1:
                c.fail(f"the shared layer {name} is called {calls} time(s); expected once",
                       hint="Call each of the six shared layers once, in the order repeator, "
                       "concatenator, densor1, densor2, activator, dotor.")
        rng = np.random.default_rng(seed + 10)
        inputs = [rng.normal(0, 1, (4, Tx, 2 * n_a)).astype(np.float32),
                  rng.normal(0, 1, (4, n_s)).astype(np.float32)]
        node = _nodes_in_model(model, layers["activator"])[0]
        alphas = np.asarray(keras.Model(inputs=[a, s_prev], outputs=node.outputs[0])(inputs))
        if alphas.shape != (4, Tx, 1) or not np.allclose(alphas.sum(axis=1), 1, atol=1e-5):
            c.fail("the attention weights (activator's output) do not sum to 1 over the Tx input steps",
                   expected=f"shape (m, {Tx}, 1), sums 1.0", got=f"shape {alphas.shape}, sums "
                   f"{describe(alphas.sum(axis=1).ravel())}",
                   hint="activator applies the softmax over axis 1, the time axis; give it the "
                   "energies, densor2's output of shape (m, Tx, 1).")
        got, want = _outputs(model, inputs)[0], _outputs(reference, inputs)[0]
        if not np.allclose(got, want, rtol=1e-4, atol=1e-5):
            c.fail("the context has wrong values on random inputs",
                   expected=describe(want[0]) + " (first example)", got=describe(got[0]),
                   hint="Follow the order: s_prev = repeator(s_prev); concat = concatenator([a, s_prev]) "
                   "(a first); e = densor1(concat); energies = densor2(e); alphas = activator(energies); "
                   "context = dotor([alphas, a]).")
    c.ok("returns the context, a tensor of shape (None, 1, 2*n_a), for two sets of sizes")
    c.ok("uses the shared global layers, each once, and no layer of its own")
    c.ok("the attention weights sum to 1 over the Tx input steps")
    c.ok("the context matches the reference on random inputs (rtol 1e-4)")
    c.done()


def _with_layers(fn, layers, **extra):
    return with_globals(fn, **layers, **extra)


# ---------------------------------------------------------------------------------------------
# modelf


def _reference_attention(layers):
    def one_step_attention(a, s_prev):
        return ref.one_step_attention(a, s_prev, layers)
    return one_step_attention


def _modelf_problem(model, reference, layers, Ty, sizes):
    keras = _keras()
    Tx, n_a, n_s = sizes
    if not isinstance(model, keras.Model):
        return architecture_difference(model, [])
    inputs = [tuple(t.shape) for t in model.inputs]
    want_inputs = [(None, Tx, HUMAN_VOCAB), (None, n_s), (None, n_s)]
    if len(inputs) != 3:
        return (f"the model has {len(inputs)} input(s); expected 3: inputs=[X, s0, c0], X of shape "
                "(Tx, human_vocab_size), s0 and c0 of shape (n_s,)")
    for name, have, want in zip(("X", "s0", "c0"), inputs, want_inputs):
        if have != want:
            return f"the input {name} has shape {have}; expected {want}"
    outputs = [tuple(t.shape) for t in model.outputs]
    if len(outputs) != Ty:
        return (f"the model has {len(outputs)} output(s); expected Ty = {Ty}, one per output step: "
                "append output_layer(s) to `outputs` at every step and pass the whole list")
    for t, have in enumerate(outputs):
        if have != (None, MACHINE_VOCAB):
            return f"output {t} has shape {have}; expected (None, {MACHINE_VOCAB})"
    problem = architecture_difference(model, describe_model(reference))
    if problem is not None:
        return problem
    for name in ATTENTION_NAMES + DECODER_NAMES:
        calls = calls_in_model(model, layers[name])
        if calls != Ty:
            return (f"the shared layer {name} is called {calls} time(s) in the model; expected "
                    f"{Ty}, once per output step")
    return None


def check_modelf(modelf):
    keras = _keras()
    c = KerasChecker(modelf, "modelf", error_hints=ERROR_HINTS)
    own = getattr(modelf, "__globals__", {}).get("one_step_attention")
    if callable(own) and "one_step_attention" in global_names(modelf):
        problem = own_version_problem(check_one_step_attention, own)
        if problem:
            c.notes.append(f"note: your one_step_attention {problem}; modelf was checked with the "
                           "reference one_step_attention")
    fn = c.fn
    for (Tx, Ty, n_a, n_s, seed) in ((6, 3, 3, 5, 2), (7, 4, 2, 4, 3)):
        with keras_names_kept():
            layers = _grader_layers(Tx, n_a, n_s, seed)
            c.fn = _with_layers(fn, layers, one_step_attention=_reference_attention(layers),
                                LSTM=ref.LSTM)
            try:
                model = c.call(Tx, Ty, n_a, n_s, HUMAN_VOCAB, MACHINE_VOCAB)
            finally:
                c.fn = fn
            reference = ref.modelf(Tx, Ty, n_a, n_s, HUMAN_VOCAB, MACHINE_VOCAB, layers)
        what = (f"modelf(Tx={Tx}, Ty={Ty}, n_a={n_a}, n_s={n_s}, human_vocab_size={HUMAN_VOCAB}, "
                f"machine_vocab_size={MACHINE_VOCAB})")
        problem = _modelf_problem(model, reference, layers, Ty, (Tx, n_a, n_s))
        if problem is not None:
            raise CheckFailed(c._with_notes(f"{what}: {problem}"))
        own_bi = [layer for layer in model.layers if isinstance(layer, keras.layers.Bidirectional)]
        ref_bi = [layer for layer in reference.layers if isinstance(layer, keras.layers.Bidirectional)]
        for mine, theirs in zip(own_bi, ref_bi):
            mine.set_weights(theirs.get_weights())
        rng = np.random.default_rng(seed + 10)
        X = np.eye(HUMAN_VOCAB, dtype=np.float32)[rng.integers(0, HUMAN_VOCAB, (3, Tx))]
        s0, c0 = rng.normal(0, 1, (2, 3, n_s)).astype(np.float32)
        want = _outputs(reference, [X, s0, c0])
        try:
            got = _outputs(model, [X, s0, c0])
        except Exception as exc:
            first_line = str(exc).splitlines()[0] if str(exc) else ""
            raise CheckFailed(c._with_notes(f"{what}: the model raised {type(exc).__name__} on random "
                                            f"inputs: {first_line}")) from None
        for t, (g, w) in enumerate(zip(got, want)):
            if not (np.all(np.isfinite(g)) and np.allclose(g, w, rtol=1e-4, atol=1e-5)):
                raise CheckFailed(c._with_notes(
                    f"{what}: output {t} (of {Ty}) has wrong values on random inputs (the Bi-LSTM's "
                    f"weights set to the reference's)\n  expected:  {describe(w[0])} (first example)\n"
                    f"  got:       {describe(g[0])}\n  hint: at each step, context = "
                    "one_step_attention(a, s); then s, _, c = post_activation_LSTM_cell(context, "
                    "initial_state=[s, c]), which passes s and c on to the next step; the output is "
                    "output_layer(s), the hidden state."))
    c.ok("a keras Model with inputs X (None, Tx, human_vocab_size), s0 and c0 (None, n_s), and a list "
         "of Ty outputs (None, machine_vocab_size), for two sets of sizes")
    c.ok("its layers match the reference one by one (Bi-LSTM of n_a units returning sequences, the "
         "shared attention and decoder layers)")
    c.ok("the shared layers are called once per output step, and no other layer has weights")
    c.ok("the outputs match the reference on random inputs (rtol 1e-4)")
    c.done()


# ---------------------------------------------------------------------------------------------
# compile_model


def _loss_name(loss):
    """'categorical_crossentropy' for any spelling of it, else a short description."""
    keras = _keras()
    if isinstance(loss, (list, tuple)) and loss:
        names = {_loss_name(x) for x in loss}
        return names.pop() if len(names) == 1 else "different losses per output"
    if isinstance(loss, str):
        return {"categorical_crossentropy": "categorical_crossentropy"}.get(loss, loss)
    if isinstance(loss, keras.losses.CategoricalCrossentropy):
        return "categorical_crossentropy"
    if loss is keras.losses.categorical_crossentropy:
        return "categorical_crossentropy"
    return getattr(loss, "__name__", type(loss).__name__)


def _has_accuracy(metrics):
    keras = _keras()
    if metrics is None:
        return False
    if isinstance(metrics, dict):
        metrics = list(metrics.values())
    if not isinstance(metrics, (list, tuple)):
        metrics = [metrics]
    for m in metrics:
        if isinstance(m, (list, tuple, dict)):
            if _has_accuracy(m):
                return True
        elif isinstance(m, str) and m in ("accuracy", "acc", "categorical_accuracy"):
            return True
        elif isinstance(m, (keras.metrics.Accuracy, keras.metrics.CategoricalAccuracy)):
            return True
        elif callable(m) and getattr(m, "__name__", "") in ("accuracy", "categorical_accuracy"):
            return True
    return False


def check_compile_model(compile_model):
    keras = _keras()
    c = KerasChecker(compile_model, "compile_model", error_hints=ERROR_HINTS)
    Tx, Ty, n_a, n_s = 5, 3, 2, 4
    with keras_names_kept():
        layers = _grader_layers(Tx, n_a, n_s, 4)
        reference = ref.modelf(Tx, Ty, n_a, n_s, HUMAN_VOCAB, MACHINE_VOCAB, layers)
        model = ref.Model(inputs=reference.inputs, outputs=reference.outputs)    # as the notebook's
    recorded = {}
    real_compile = model.compile

    def recording_compile(*args, **kwargs):
        names = ("optimizer", "loss", "loss_weights", "metrics")
        recorded.update(dict(zip(names, args)))
        recorded.update(kwargs)
        return real_compile(*args, **kwargs)

    model.compile = recording_compile
    c.call(model)
    c.last_call = "compile_model(model)"
    if not recorded:
        c.fail("model.compile was not called", hint="Call model.compile(loss=..., optimizer=opt, "
               "metrics=[...]) on the model passed in.")
    optimizer = recorded.get("optimizer")
    if isinstance(optimizer, str):
        c.fail(f"the optimizer is the string {optimizer!r}, which uses Keras's default settings",
               hint="Make the optimizer first: opt = Adam(lr=0.005, beta_1=0.9, beta_2=0.999, "
               "decay=0.01), then pass optimizer=opt.")
    if not isinstance(optimizer, keras.optimizers.Adam):
        c.fail(f"the optimizer should be Adam, got {describe(optimizer)}",
               hint="opt = Adam(lr=0.005, beta_1=0.9, beta_2=0.999, decay=0.01)")
    schedule = optimizer._learning_rate
    decay = None
    if isinstance(schedule, keras.optimizers.schedules.InverseTimeDecay):
        config = schedule.get_config()
        rate, decay = config["initial_learning_rate"], config["decay_rate"] / config["decay_steps"]
        if config.get("staircase"):
            decay = None
    elif isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
        c.fail(f"the learning rate follows a {type(schedule).__name__}; expected the original's "
               "decay, lr / (1 + decay * step)",
               hint="Adam(lr=0.005, beta_1=0.9, beta_2=0.999, decay=0.01) with the notebook's Adam.")
    else:
        rate = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
    if not np.isclose(rate, 0.005, rtol=1e-6):
        c.fail(f"the learning rate is {rate:g}; expected 0.005",
               hint="Adam(lr=0.005, ...) (or learning_rate=0.005).")
    for name, want in (("beta_1", 0.9), ("beta_2", 0.999)):
        value = float(getattr(optimizer, name))
        if not np.isclose(value, want):
            c.fail(f"{name} is {value:g}; expected {want:g}", hint=f"Adam(..., {name}={want}, ...)")
    if decay is None or not np.isclose(decay, 0.01):
        hint = ("keras.optimizers.Adam of Keras 3 has no decay: it ignores `decay=` with a warning. "
                "The notebook's Adam (from utils.nn.nmt, imported in the setup cell) keeps the "
                "original's meaning, lr / (1 + decay * step).")
        if decay is not None:
            hint = "Adam(..., decay=0.01): the rate falls as 0.005 / (1 + 0.01 * step)."
        c.fail(f"the learning-rate decay is {decay if decay is not None else 'missing'}; expected 0.01",
               hint=hint)
    c.ok("Adam with lr 0.005, beta_1 0.9, beta_2 0.999 and decay 0.01")
    loss = _loss_name(recorded.get("loss"))
    if loss != "categorical_crossentropy":
        hint = ("The outputs are softmax probabilities over one-hot targets of several classes: "
                "loss='categorical_crossentropy'." if loss in ("binary_crossentropy",
                "sparse_categorical_crossentropy", "mean_squared_error", "mse") else None)
        c.fail(f"the loss is {loss!r}; expected 'categorical_crossentropy'", hint=hint)
    if not _has_accuracy(recorded.get("metrics")):
        c.fail(f"the metrics do not include accuracy: {describe(recorded.get('metrics'))}",
               hint="metrics=['accuracy']")
    c.ok("categorical cross-entropy loss, accuracy as the metric")
    rng = np.random.default_rng(5)
    X = np.eye(HUMAN_VOCAB, dtype=np.float32)[rng.integers(0, HUMAN_VOCAB, (4, Tx))]
    Y = np.eye(MACHINE_VOCAB, dtype=np.float32)[rng.integers(0, MACHINE_VOCAB, (4, Ty))]
    zeros = np.zeros((4, n_s), dtype=np.float32)
    try:
        logs = model.train_on_batch([X, zeros, zeros], list(Y.swapaxes(0, 1)), return_dict=True)
    except Exception as exc:
        raise CheckFailed(c._with_notes(
            f"compile_model: the compiled model cannot train: {type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''}\n  hint: Keras 3 wants one metric per "
            "output of a model of several outputs; the notebook's Model (from utils.nn.nmt) repeats "
            "metrics=['accuracy'] for every output, as Keras 2 did.")) from None
    if not np.isfinite(logs.get("loss", np.nan)):
        c.fail("one training step gives a loss that is not finite", got=describe(logs.get("loss")))
    c.ok("the compiled model trains a step")
    c.done()
