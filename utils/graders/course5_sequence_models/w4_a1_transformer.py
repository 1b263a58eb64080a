"""Graders for course5_sequence_models/w4_a1_transformer.ipynb.

The five functions are called on the grader's own arrays and compared with utils.nn.transformer.
The five classes are the learner's, with the notebook's given constructors: the grader makes one
of each at small sizes (embedding_dim 4, 2 heads), with the earlier pieces they use
(positional_encoding, FullyConnected, MultiHeadAttention, EncoderLayer, Encoder, ...) swapped for
the reference ones, calls it once so that Keras creates its weights, copies in the weights of a
reference layer made with the same arguments (random, seeded: not the learner's initialization),
then compares the outputs in inference mode (training=False) on small fixed tensors. Where the
output matches a known mistake (a mask that does not reach an inner call, no sqrt(d) scaling, a
residual connection from the wrong tensor, ...), the message names it.

Code written for the original course passes: the notebook's Layer, Model and MultiHeadAttention
(from utils.nn.transformer) take `training` and the masks by position as Keras 2 did.
"""

import types

import numpy as np

from utils.graders.course5_sequence_models.w1_a3_music_generation_lstm import KerasChecker
from utils.grading import (
    CheckFailed,
    NotAttempted,
    describe,
    keras_names_kept,
    own_version_problem,
    with_globals,
)
from utils.nn import transformer as ref

EMBEDDING_DIM, NUM_HEADS, FULLY_CONNECTED_DIM = 4, 2, 8

ERROR_HINTS = [
    (ValueError, r"Only input tensors may be passed as positional arguments",
     "Keras 3 takes only tensors by position: pass training and the masks by name "
     "(layer(x, training=training, mask=mask)), or make the class from the notebook's Layer, as "
     "the given code does."),
    (TypeError, r"got multiple values for argument",
     "An argument is given twice, by position and by name: check the order of the call's "
     "arguments against the signature of the layer you call."),
    (ValueError, r"(Incompatible shapes|Dimensions must be equal|cannot be broadcast|broadcast)",
     "Two tensors of different shapes met: check which mask goes to which attention (the "
     "look-ahead mask to the decoder's self-attention, the padding mask to the attention over the "
     "encoder's output) and which tensors are the query, value and key."),
]


def _tf():
    return ref._tf()


def _array(value):
    """A NumPy array of a tensor or array, else None."""
    if value is None or isinstance(value, (str, bytes, dict)):
        return None
    try:
        array = np.asarray(value)
    except Exception:
        return None
    return array if array.dtype != object else None


class _Checker(KerasChecker):
    """KerasChecker that reports the placeholder in a method (call, __init__) as not attempted."""

    def call(self, *args, **kwargs):
        self.last_call = self._call_text(args, kwargs)
        try:
            return self.fn(*args, **kwargs)
        except NotImplementedError:
            raise NotAttempted(f"{self.name}: not attempted yet. Replace `raise NotImplementedError()` in "
                               f"{self.name} with your code, run that cell, then run this check "
                               "again.") from None
        except Exception as exc:
            raise CheckFailed(self._exception_text(exc)) from None

    def tensor(self, got, expected, what, mistakes=None, hint=None, rtol=1e-4, atol=1e-5):
        """Check a returned tensor: an array-like, the shape, float32, finite, the values."""
        array = _array(got)
        if array is None:
            self.fail(f"{what} should be a tensor, got {describe(got)}",
                      hint="Did you forget the `return` statement?" if got is None else hint)
        if callable(mistakes):            # computed only when needed: each costs a forward pass
            close = array.shape == np.shape(expected) and self._close(array, np.asarray(expected), rtol, atol)
            mistakes = None if close else {k: np.asarray(v) for k, v in mistakes().items()}
        if array.shape == np.shape(expected) and array.dtype != np.float32:
            self.fail(f"{what} has dtype {array.dtype}; expected float32", got=describe(array),
                      hint="Make it float32, e.g. tf.cast(..., dtype=tf.float32).")
        return self.same_array(array, np.asarray(expected, dtype=np.float32), what=what, rtol=rtol,
                               atol=atol, mistakes=mistakes, hint=hint, check_dtype=False)


def _note_own(c, fn, name, check):
    """A note when the learner's own earlier piece (read through the globals) does not pass."""
    own = getattr(fn, "__globals__", {}).get(name) if isinstance(fn, types.FunctionType) else None
    if own is None and isinstance(fn, type):
        for method in ("__init__", "call"):
            f = fn.__dict__.get(method)
            if isinstance(f, types.FunctionType) and name in f.__code__.co_names:
                own = f.__globals__.get(name)
    if own is None or own is getattr(ref, name, None):
        return
    problem = own_version_problem(check, own)
    if problem:
        c.notes.append(f"note: your {name} {problem}; {c.name} was checked with the reference {name}")


# ---------------------------------------------------------------------------------------------
# Positional encoding


def check_get_angles(get_angles):
    c = _Checker(get_angles, "get_angles")
    for positions, d in ((5, 6), (4, 7)):
        pos = np.arange(positions)[:, np.newaxis]
        k = np.arange(d)[np.newaxis, :]
        got = c.call(pos, k, d)
        want = ref.get_angles(pos, k, d)
        mistakes = {
            "the exponent uses k instead of 2 * (k // 2) (i = k // 2 pairs the dimensions "
            "2i and 2i + 1, which share one frequency)": pos / np.power(10000, k / d),
            "the exponent is 2 * k / d: i is k // 2, the index of the pair":
                pos / np.power(10000, 2 * k / d),
            "the angle is multiplied by 10000^(2i/d) instead of divided":
                pos * np.power(10000, 2 * (k // 2) / d),
        }
        c.same_array(_array(got) if _array(got) is not None else got, want, what="the angles",
                     rtol=1e-5, mistakes=mistakes, check_dtype=False,
                     hint="angles = pos / 10000^(2i / d) with i = k // 2; NumPy broadcasts pos (positions, "
                     "1) against k (1, d).")
    c.ok("angles of shape (positions, d), pos / 10000^(2 (k // 2) / d), for two sizes")
    c.done()


def check_positional_encoding(positional_encoding):
    c = _Checker(positional_encoding, "positional_encoding")
    _note_own(c, positional_encoding, "get_angles", check_get_angles)
    c.fn = with_globals(positional_encoding, get_angles=ref.get_angles)
    for positions, d in ((6, 8), (5, 5)):
        got = c.call(positions, d)
        want = np.asarray(ref.positional_encoding(positions, d))
        angles = ref.get_angles(np.arange(positions)[:, None], np.arange(d)[None, :], d)
        swapped = angles.copy()
        swapped[:, 0::2], swapped[:, 1::2] = np.cos(angles[:, 0::2]), np.sin(angles[:, 1::2])
        mistakes = {"sin and cos are swapped: sines on the even dimensions 0, 2, ..., cosines on the "
                    "odd ones": swapped[None], "sin on every dimension": np.sin(angles)[None],
                    "cos on every dimension": np.cos(angles)[None]}
        array = _array(got)
        if array is not None and array.shape == want.shape[1:]:
            c.fail(f"the encoding has shape {array.shape}; expected {want.shape}",
                   hint="Add the batch axis in front: angle_rads[np.newaxis, ...], shape (1, positions, d).")
        c.tensor(got, want, "the encoding", mistakes=mistakes, rtol=1e-5, atol=1e-6)
    c.ok("a float32 tensor of shape (1, positions, d), for two sizes")
    c.ok("sines on the even dimensions, cosines on the odd ones (atol 1e-6)")
    c.done()


# ---------------------------------------------------------------------------------------------
# Masks


def check_create_padding_mask(create_padding_mask):
    c = _Checker(create_padding_mask, "create_padding_mask")
    ids = np.array([[7, 6, 0, 0, 1], [1, 2, 3, 0, 0], [4, 0, 0, 0, 0]], dtype=np.int32)
    got = c.call(ids)
    want = (ids != 0).astype(np.float32)[:, None, :]
    mistakes = {"1 where the token is the padding: this project (as the newest original) keeps 1 "
                "where attention is allowed, the convention of keras.layers.MultiHeadAttention; "
                "use 1 - tf.cast(tf.math.equal(ids, 0), tf.float32)": 1 - want}
    array = _array(got)
    if array is not None and array.shape == ids.shape:
        c.fail(f"the mask has shape {array.shape}; expected {want.shape}",
               hint="Add an axis in the middle, seq[:, tf.newaxis, :], so that it broadcasts over "
               "the query positions: (n, 1, m).")
    if array is not None and array.shape == (ids.shape[0], 1, 1, ids.shape[1]):
        c.fail(f"the mask has shape {array.shape}; expected {want.shape}",
               hint="This project's mask is (n, 1, m), as the newest original: "
               "seq[:, tf.newaxis, :] (MultiHeadAttention adds the heads' axis itself).")
    c.tensor(got, want, "the mask", mistakes=mistakes)
    c.ok("shape (n, 1, m), float32")
    c.ok("1 where the token is not 0, 0 on the padding")
    c.done()


def check_create_look_ahead_mask(create_look_ahead_mask):
    c = _Checker(create_look_ahead_mask, "create_look_ahead_mask")
    for size in (4, 6):
        got = c.call(size)
        want = np.tril(np.ones((size, size), dtype=np.float32))[None]
        mistakes = {"upper-triangular: 1 where attention is allowed, which is on and below the "
                    "diagonal (position i sees 0..i)": np.triu(np.ones((size, size)))[None],
                    "1 above the diagonal (the older convention, 1 where attention is forbidden): "
                    "this project keeps 1 where it is allowed": 1 - want,
                    "the diagonal is left out: a position may attend to itself":
                    np.tril(np.ones((size, size)), -1)[None]}
        array = _array(got)
        if array is not None and array.shape == (size, size):
            c.fail(f"the mask has shape {array.shape}; expected {want.shape}",
                   hint="Keep the batch axis in front: tf.linalg.band_part(tf.ones((1, size, size)), -1, 0).")
        c.tensor(got, want, "the mask", mistakes=mistakes)
    c.ok("shape (1, size, size), float32, for two sizes")
    c.ok("lower-triangular ones: position i may attend to positions 0..i")
    c.done()


# ---------------------------------------------------------------------------------------------
# Scaled dot-product attention


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _attention_variants(q, k, v, mask):
    """(output, weights) of the reference and of known mistakes, in NumPy."""
    logits = q @ np.swapaxes(k, -1, -2)                      # float32, as TensorFlow computes it
    d_k = np.float32(k.shape[-1])
    adder = 0 if mask is None else (1 - mask) * -1e9

    def result(scaled, axis=-1):
        w = _softmax(scaled, axis)
        return w @ v, w

    right = result(logits / np.sqrt(d_k) + adder)
    mistakes = {
        "no scaling: divide q k^T by sqrt(d_k)": result(logits + adder),
        "divided by d_k: the scale is its square root, sqrt(d_k)": result(logits / d_k + adder),
        "the softmax is taken over the queries (axis -2); it normalizes over the keys, the last "
        "axis": result(logits / np.sqrt(d_k) + adder, axis=-2),
    }
    if mask is not None:
        mistakes["the mask is added as mask * -1e9: 1 marks the places attention may go, so add "
                 "(1 - mask) * -1e9"] = result(logits / np.sqrt(d_k) + mask * -1e9)
        mistakes["the mask is not used: add (1 - mask) * -1e9 to the scaled logits"] = \
            result(logits / np.sqrt(d_k))
        mistakes["the mask is added after the softmax"] = (
            (_softmax(logits / np.sqrt(d_k), -1) + adder) @ v, _softmax(logits / np.sqrt(d_k), -1) + adder)
    return right, mistakes


def check_scaled_dot_product_attention(scaled_dot_product_attention):
    c = _Checker(scaled_dot_product_attention, "scaled_dot_product_attention")
    rng = np.random.default_rng(3)
    q = rng.normal(0, 1, (2, 3, 4)).astype(np.float32)
    k = rng.normal(0, 1, (2, 5, 4)).astype(np.float32)
    v = rng.normal(0, 1, (2, 5, 3)).astype(np.float32)
    mask = np.array([[[1, 1, 1, 0, 0]], [[1, 1, 1, 1, 1]]], dtype=np.float32)   # (2, 1, 5)
    for m, label in ((None, "without a mask"), (mask, "with a padding mask")):
        result = c.call(q, k, v, m)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            c.fail(f"expected (output, attention_weights), got {describe(result)}",
                   hint="return output, attention_weights")
        (want_out, want_w), mistakes = _attention_variants(q, k, v, m)
        got_out, got_w = result
        array_w = _array(got_w)
        if array_w is not None and array_w.shape == want_out.shape and _array(got_out) is not None \
                and _array(got_out).shape == want_w.shape:
            c.fail("the output and the attention weights come back in the wrong order",
                   hint="return output, attention_weights")
        c.tensor(got_w, want_w, f"the attention weights ({label})",
                 mistakes={key: w for key, (_, w) in mistakes.items()},
                 hint="weights = softmax(q k^T / sqrt(d_k) + (1 - mask) * -1e9) over the last axis.")
        c.tensor(got_out, want_out, f"the output ({label})",
                 mistakes={key: o for key, (o, _) in mistakes.items()},
                 hint="output = tf.matmul(attention_weights, v).")
    c.ok("returns (output (..., seq_len_q, depth_v), attention_weights (..., seq_len_q, seq_len_k))")
    c.ok("scaled by sqrt(d_k), softmax over the keys, rows sum to 1")
    c.ok("the mask adds (1 - mask) * -1e9: masked keys get weight 0")
    c.done()


# ---------------------------------------------------------------------------------------------
# Layers: made with the reference pieces, weights copied from a reference layer


def _patched_class(cls, **names):
    """A subclass of the learner's class whose __init__ and call read `names` in place of the
    notebook's globals (the reference versions of the pieces it uses)."""
    attrs = {}
    for attr in ("__init__", "call"):
        f = cls.__dict__.get(attr)
        if isinstance(f, types.FunctionType):
            attrs[attr] = with_globals(f, **names)
    return type(cls.__name__, (cls,), attrs)


def _reference_names():
    return {name: getattr(ref, name) for name in ("MultiHeadAttention", "FullyConnected", "Layer", "Model",
                                                  "positional_encoding", "create_padding_mask",
                                                  "create_look_ahead_mask", "EncoderLayer", "Encoder",
                                                  "DecoderLayer", "Decoder")}


def _make(c, cls, kind, kwargs, **swap):
    """The learner's layer at the grader's sizes and the reference layer (random seeded weights)."""
    import keras

    if not isinstance(cls, type) or not issubclass(cls, keras.layers.Layer):
        c.fail(f"expected the class {c.name} (a Keras layer), got {describe(cls)}",
               hint=f"Pass the class itself: check_{c.name}({c.name}).")
    names = _reference_names()
    names.update(swap)
    patched = _patched_class(cls, **names)
    c.fn = patched
    mine = c.call(**kwargs)
    return mine, getattr(ref, kind)(**kwargs)


def _copy_weights(c, mine, theirs, seed, attributes):
    """Random weights for the reference layer (gamma and beta too), the same in the learner's."""
    rng = np.random.default_rng(seed)
    theirs.set_weights([rng.normal(0, 0.5, w.shape).astype(np.float32) + (1 if "gamma" in w.path else 0)
                        for w in theirs.weights])
    for attr in attributes:
        a, b = getattr(mine, attr, None), getattr(theirs, attr)
        if isinstance(b, list):
            pairs = list(zip(a if isinstance(a, list) else [], b))
            if len(pairs) != len(b):
                c.fail(f"self.{attr} should be a list of {len(b)} layers",
                       hint="Keep the given __init__ as it is.")
        else:
            pairs = [(a, b)]
        for x, y in pairs:
            if x is None:
                c.fail(f"the layer has no attribute {attr}", hint="Keep the given __init__ as it is.")
            if y.weights and not x.weights:
                c.fail(f"self.{attr} is never used in call(), so it has no weights",
                       hint=f"The given __init__ makes self.{attr}; call it where the exercise says.")
            try:
                x.set_weights(y.get_weights())
            except Exception:
                c.fail(f"self.{attr} was called on an input of the wrong size",
                       expected=[tuple(w.shape) for w in y.weights], got=[tuple(w.shape) for w in x.weights],
                       hint="Check what each sublayer reads (its input tensor).")


def _layer_inputs(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, (2, 5, EMBEDDING_DIM)).astype(np.float32)
    enc_output = rng.normal(0, 1, (2, 6, EMBEDDING_DIM)).astype(np.float32)
    ids = np.array([[3, 5, 1, 0, 0, 0], [2, 4, 6, 7, 1, 0]], dtype=np.int32)
    target_ids = np.array([[1, 3, 2, 4, 5], [1, 6, 2, 0, 0]], dtype=np.int32)
    return x, enc_output, ids, target_ids


def check_EncoderLayer(EncoderLayer):
    tf = _tf()
    c = _Checker(EncoderLayer, "EncoderLayer", error_hints=ERROR_HINTS)
    x, _, _, _ = _layer_inputs(0)
    mask = tf.constant([[[1, 1, 1, 0, 0]], [[1, 1, 1, 1, 1]]], dtype=tf.float32)     # (2, 1, 5)
    kwargs = dict(embedding_dim=EMBEDDING_DIM, num_heads=NUM_HEADS, fully_connected_dim=FULLY_CONNECTED_DIM,
                  dropout_rate=0.1)
    with keras_names_kept():
        mine, theirs = _make(c, EncoderLayer, "EncoderLayer", kwargs)
        c.fn = mine
        c.call(x, False, mask)
        theirs(x, False, mask)
        _copy_weights(c, mine, theirs, 1, ("mha", "ffn", "layernorm1", "layernorm2"))
        got = c.call(x, False, mask)
        c.last_call = ("EncoderLayer(embedding_dim=4, num_heads=2, fully_connected_dim=8)(x (2, 5, 4), "
                       "False, mask (2, 1, 5))")
        want = np.asarray(theirs(x, False, mask))

    def mistakes():
        attn = theirs.mha(x, x, x, mask)
        attn_nomask = theirs.mha(x, x, x)
        skip = theirs.layernorm1(x + attn)
        return {
            "the mask does not reach self.mha: are you passing the padding mask to the inner "
            "functions? self.mha(x, x, x, mask)": _encoder_layer_tail(theirs, x, attn_nomask),
            "no residual connection before layernorm1: layernorm1(x + self_mha_output)":
                theirs.layernorm2(theirs.layernorm1(attn) + theirs.ffn(theirs.layernorm1(attn))),
            "self.ffn reads x; it reads the normalized sum skip_x_attention":
                theirs.layernorm2(skip + theirs.ffn(x)),
            "no residual connection before layernorm2: layernorm2(skip_x_attention + ffn_output)":
                theirs.layernorm2(theirs.ffn(skip)),
            "the second residual connection adds x; it adds skip_x_attention":
                theirs.layernorm2(x + theirs.ffn(skip)),
        }
    if isinstance(got, (tuple, list)):
        c.fail(f"expected one tensor, got {describe(got)}", hint="return encoder_layer_out alone")
    c.tensor(got, want, "the output", mistakes=mistakes,
             hint="self-attention with the mask, layernorm1(x + attention), the ffn, dropout, "
             "layernorm2(skip_x_attention + ffn_output).")
    c.ok("returns a tensor of shape (n, input_seq_len, embedding_dim)")
    c.ok("matches the reference with the grader's weights and a padding mask (rtol 1e-4)")
    c.done()


def _encoder_layer_tail(layer, x, attn):
    skip = layer.layernorm1(x + attn)
    return layer.layernorm2(skip + layer.ffn(skip))


def check_Encoder(Encoder):
    c = _Checker(Encoder, "Encoder", error_hints=ERROR_HINTS)
    _note_own(c, Encoder, "positional_encoding", check_positional_encoding)
    _note_own(c, Encoder, "EncoderLayer", check_EncoderLayer)
    _, _, ids, _ = _layer_inputs(1)
    mask = ref.create_padding_mask(ids)
    kwargs = dict(num_layers=2, embedding_dim=EMBEDDING_DIM, num_heads=NUM_HEADS,
                  fully_connected_dim=FULLY_CONNECTED_DIM, input_vocab_size=9, maximum_position_encoding=8)
    with keras_names_kept():
        mine, theirs = _make(c, Encoder, "Encoder", kwargs)
        c.fn = mine
        c.call(ids, False, mask)
        theirs(ids, False, mask)
        _copy_weights(c, mine, theirs, 2, ("embedding", "enc_layers"))
        got = c.call(ids, False, mask)
        c.last_call = "Encoder(num_layers=2, embedding_dim=4, ...)(x (2, 6) ids, False, mask (2, 1, 6))"
        want = np.asarray(theirs(ids, False, mask))
        emb = theirs.embedding(ids)
        pe = theirs.pos_encoding[:, :ids.shape[1], :]
        scale = np.sqrt(np.float32(EMBEDDING_DIM))

        def layers(h, m=mask, chain=True):
            for layer in theirs.enc_layers:
                h = layer(h, False, m) if chain else layer(emb * scale + pe, False, m)
            return np.asarray(h)

        def mistakes():
            return {
                "no sqrt(embedding_dim) scaling of the embedding": layers(emb + pe),
                "the embedding is multiplied by embedding_dim; by its square root, "
                "tf.math.sqrt(tf.cast(self.embedding_dim, tf.float32))": layers(emb * EMBEDDING_DIM + pe),
                "the positional encoding is not added: x += self.pos_encoding[:, :seq_len, :]":
                    layers(emb * scale),
                "the sqrt scaling comes after adding the positional encoding; scale the embedding "
                "first": layers((emb + pe) * scale),
                "the mask does not reach the encoder layers: are you passing the padding mask to the "
                "inner functions? self.enc_layers[i](x, training, mask)": layers(emb * scale + pe, None),
                "every encoder layer reads the embedding; each reads the previous layer's output":
                    layers(None, chain=False),
            }
    c.tensor(got, want, "the output", mistakes=mistakes,
             hint="embedding, times sqrt(embedding_dim), plus pos_encoding[:, :seq_len, :], dropout, then "
             "x = self.enc_layers[i](x, training, mask) for each layer.")
    c.ok("returns a tensor of shape (n, input_seq_len, embedding_dim)")
    c.ok("embedding scaled by sqrt(embedding_dim), positional encoding added, the layers chained "
         "with the padding mask (rtol 1e-4, the grader's weights)")
    c.done()


def check_DecoderLayer(DecoderLayer):
    c = _Checker(DecoderLayer, "DecoderLayer", error_hints=ERROR_HINTS)
    x, enc_output, ids, _ = _layer_inputs(2)
    look_ahead = ref.create_look_ahead_mask(5)
    padding = ref.create_padding_mask(ids)
    kwargs = dict(embedding_dim=EMBEDDING_DIM, num_heads=NUM_HEADS, fully_connected_dim=FULLY_CONNECTED_DIM,
                  dropout_rate=0.1)
    with keras_names_kept():
        mine, theirs = _make(c, DecoderLayer, "DecoderLayer", kwargs)
        c.fn = mine
        c.call(x, enc_output, False, look_ahead, padding)
        theirs(x, enc_output, False, look_ahead, padding)
        _copy_weights(c, mine, theirs, 3, ("mha1", "mha2", "ffn", "layernorm1", "layernorm2", "layernorm3"))
        result = c.call(x, enc_output, False, look_ahead, padding)
        c.last_call = ("DecoderLayer(embedding_dim=4, num_heads=2, fully_connected_dim=8)(x (2, 5, 4), "
                       "enc_output (2, 6, 4), False, look_ahead_mask (1, 5, 5), padding_mask (2, 1, 6))")
        want = [np.asarray(t) for t in theirs(x, enc_output, False, look_ahead, padding)]
        t = theirs

        def rest(attn1, q1=None, padding_mask=padding, skip_from=None):
            Q1 = t.layernorm1(attn1 + x) if q1 is None else q1
            attn2, w2 = t.mha2(Q1, enc_output, enc_output, padding_mask, return_attention_scores=True)
            out2 = t.layernorm2(attn2 + (Q1 if skip_from is None else skip_from))
            return np.asarray(t.layernorm3(t.ffn(out2) + out2)), np.asarray(w2)

        def attn1_nomask():
            return t.mha1(x, x, x, return_attention_scores=True)[0]

        def w1_nomask():
            return t.mha1(x, x, x, return_attention_scores=True)[1]

        def attn1():
            return t.mha1(x, x, x, look_ahead)
        def out_mistakes():
            return {
                "check the call to self.mha1: the decoder's self-attention takes the look-ahead mask, "
                "self.mha1(x, x, x, look_ahead_mask, return_attention_scores=True)": rest(attn1_nomask())[0],
                "are you passing the padding mask to the inner functions? self.mha2(Q1, enc_output, "
                "enc_output, padding_mask, return_attention_scores=True)":
                    rest(attn1(), padding_mask=None)[0],
                "the second residual connection adds x; it adds Q1": rest(attn1(), skip_from=x)[0],
                "no residual connection before layernorm1: layernorm1(mult_attn_out1 + x)":
                    rest(None, q1=t.layernorm1(attn1()))[0],
            }
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        c.fail(f"expected (out3, attn_weights_block1, attn_weights_block2), got {describe(result)}",
               hint="Return the output and both attention weights; ask for them with "
               "return_attention_scores=True.")
    out3, w1, w2 = result
    c.tensor(w1, want[1], "attn_weights_block1 (the self-attention weights)",
             mistakes=lambda: {"check the call to self.mha1: it takes the look-ahead mask": w1_nomask()},
             hint="self.mha1(x, x, x, look_ahead_mask, return_attention_scores=True)")
    c.tensor(w2, want[2], "attn_weights_block2 (the attention weights over the encoder's output)",
             mistakes=lambda: {"are you passing the padding mask to the inner functions? self.mha2 takes "
                               "padding_mask": rest(attn1(), padding_mask=None)[1]},
             hint="self.mha2(Q1, enc_output, enc_output, padding_mask, return_attention_scores=True): "
             "the query is Q1, the value and key the encoder's output.")
    c.tensor(out3, want[0], "out3", mistakes=out_mistakes,
             hint="block 1: layernorm1(mult_attn_out1 + x); block 2: layernorm2(mult_attn_out2 + Q1); "
             "block 3: the ffn, dropout, layernorm3(ffn_output + mult_attn_out2).")
    c.ok("returns (out3, attn_weights_block1, attn_weights_block2) of the right shapes")
    c.ok("the look-ahead mask reaches self.mha1, the padding mask self.mha2")
    c.ok("out3 matches the reference with the grader's weights (rtol 1e-4)")
    c.done()


def check_Decoder(Decoder):
    c = _Checker(Decoder, "Decoder", error_hints=ERROR_HINTS)
    _note_own(c, Decoder, "positional_encoding", check_positional_encoding)
    _note_own(c, Decoder, "DecoderLayer", check_DecoderLayer)
    _, enc_output, ids, target_ids = _layer_inputs(3)
    look_ahead = ref.create_look_ahead_mask(5)
    padding = ref.create_padding_mask(ids)
    kwargs = dict(num_layers=2, embedding_dim=EMBEDDING_DIM, num_heads=NUM_HEADS,
                  fully_connected_dim=FULLY_CONNECTED_DIM, target_vocab_size=8, maximum_position_encoding=7)
    with keras_names_kept():
        mine, theirs = _make(c, Decoder, "Decoder", kwargs)
        c.fn = mine
        c.call(target_ids, enc_output, False, look_ahead, padding)
        theirs(target_ids, enc_output, False, look_ahead, padding)
        _copy_weights(c, mine, theirs, 4, ("embedding", "dec_layers"))
        result = c.call(target_ids, enc_output, False, look_ahead, padding)
        c.last_call = ("Decoder(num_layers=2, embedding_dim=4, ...)(x (2, 5) ids, enc_output (2, 6, 4), "
                       "False, look_ahead_mask (1, 5, 5), padding_mask (2, 1, 6))")
        want, want_weights = theirs(target_ids, enc_output, False, look_ahead, padding)
        emb = theirs.embedding(target_ids)
        pe = theirs.pos_encoding[:, :5, :]
        scale = np.sqrt(np.float32(EMBEDDING_DIM))

        def layers(h, la=look_ahead, pad=padding):
            for layer in theirs.dec_layers:
                h, _, _ = layer(h, enc_output, False, la, pad)
            return np.asarray(h)

        def mistakes():
            return {
                "no sqrt(embedding_dim) scaling of the embedding": layers(emb + pe),
                "the positional encoding is not added: x += self.pos_encoding[:, :seq_len, :]":
                    layers(emb * scale),
                "the sqrt scaling comes after adding the positional encoding": layers((emb + pe) * scale),
                "are you passing the padding mask to the inner functions? self.dec_layers[i](x, "
                "enc_output, training, look_ahead_mask, padding_mask)": layers(emb * scale + pe, pad=None),
                "the look-ahead mask does not reach the decoder layers": layers(emb * scale + pe, la=None),
            }
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        c.fail(f"expected (x, attention_weights), got {describe(result)}",
               hint="return x, attention_weights")
    got, weights = result
    c.tensor(got, want, "x (the decoder's output)", mistakes=mistakes,
             hint="embedding, times sqrt(embedding_dim), plus pos_encoding[:, :seq_len, :], dropout, then "
             "each decoder layer with both masks.")
    if not isinstance(weights, dict) or sorted(weights) != sorted(want_weights):
        c.fail("the attention weights should be a dict with one entry per block of each layer",
               expected=sorted(want_weights),
               got=sorted(weights) if isinstance(weights, dict) else describe(weights),
               hint="attention_weights['decoder_layer{}_block1_self_att'.format(i+1)] = block1, and "
               "'decoder_layer{}_block2_decenc_att' for block2.")
    for key, value in want_weights.items():
        c.tensor(weights[key], np.asarray(value), f"attention_weights[{key!r}]",
                 hint="block1 is the self-attention of layer i + 1, block2 its attention over the "
                 "encoder's output.")
    c.ok("returns (x (n, target_seq_len, embedding_dim), a dict of 2 * num_layers attention weights)")
    c.ok("embedding scaled by sqrt(embedding_dim), positional encoding added, the layers chained with "
         "both masks (rtol 1e-4, the grader's weights)")
    c.done()


def check_Transformer(Transformer):
    import keras

    c = _Checker(Transformer, "Transformer", error_hints=ERROR_HINTS)
    _note_own(c, Transformer, "Encoder", check_Encoder)
    _note_own(c, Transformer, "Decoder", check_Decoder)
    _, _, ids, target_ids = _layer_inputs(4)
    enc_mask = ref.create_padding_mask(ids)
    look_ahead = ref.create_look_ahead_mask(5)
    kwargs = dict(num_layers=1, embedding_dim=EMBEDDING_DIM, num_heads=NUM_HEADS,
                  fully_connected_dim=FULLY_CONNECTED_DIM, input_vocab_size=9, target_vocab_size=8,
                  max_positional_encoding_input=8, max_positional_encoding_target=7)
    if isinstance(Transformer, type) and not issubclass(Transformer, keras.Model):
        c.fail("Transformer should be a Keras Model", hint="Keep the given class line.")
    with keras_names_kept():
        mine, theirs = _make(c, Transformer, "Transformer", kwargs)
        c.fn = mine
        args = (ids, target_ids, False, enc_mask, look_ahead, enc_mask)
        c.call(*args)
        theirs(*args)
        _copy_weights(c, mine, theirs, 5, ("encoder", "decoder", "final_layer"))
        result = c.call(*args)
        c.last_call = ("Transformer(num_layers=1, embedding_dim=4, ...)(input_sentence (2, 6), "
                       "output_sentence (2, 5), False, enc_padding_mask (2, 1, 6), look_ahead_mask "
                       "(1, 5, 5), dec_padding_mask (2, 1, 6))")
        want, want_weights = theirs(*args)
        t = theirs

        def run(enc_m=enc_mask, la=look_ahead, dec_m=enc_mask):
            enc = t.encoder(ids, False, enc_m)
            dec, _ = t.decoder(target_ids, enc, False, la, dec_m)
            return np.asarray(t.final_layer(dec))

        def mistakes():
            return {
                "are you passing the padding mask to the inner functions? self.encoder(input_sentence, "
                "training, enc_padding_mask)": run(enc_m=None),
                "the decoder does not get dec_padding_mask": run(dec_m=None),
                "the decoder does not get look_ahead_mask": run(la=None),
            }
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        c.fail(f"expected (final_output, attention_weights), got {describe(result)}",
               hint="return final_output, attention_weights")
    got, weights = result
    array = _array(got)
    if array is not None and array.shape == (2, 5, EMBEDDING_DIM) != want.shape:
        c.fail("the output has the decoder's width, embedding_dim; expected target_vocab_size",
               hint="final_output = self.final_layer(dec_output)")
    c.tensor(got, np.asarray(want), "final_output", mistakes=mistakes,
             hint="enc_output = self.encoder(input_sentence, training, enc_padding_mask); then "
             "self.decoder(output_sentence, enc_output, training, look_ahead_mask, dec_padding_mask); "
             "then self.final_layer.")
    if not isinstance(weights, dict) or sorted(weights) != sorted(want_weights):
        c.fail("the attention weights should be the decoder's dict", got=describe(weights),
               hint="return final_output, attention_weights (the second value the decoder returns)")
    c.ok("returns (final_output (n, target_seq_len, target_vocab_size), the decoder's attention weights)")
    c.ok("the encoder, the decoder and the final layer with the three masks (rtol 1e-4, the grader's "
         "weights)")
    c.done()
