"""Graders of course5_sequence_models/w4_a1 (solution and blank stub: tests/test_grader_contract.py):
the original course's code passes (including its Keras 2 calls, `self.mha(x, x, x, mask)` and
`layer(x, training, mask)`), and for every exercise at least three wrong versions are rejected with
the mistake named: angles without k // 2, sin and cos swapped, masks of the wrong polarity or shape,
no sqrt(d_k) scaling, the softmax over the queries, masks that do not reach the inner attention
calls, residual connections from the wrong tensor, no sqrt(embedding_dim) scaling, ..."""

import numpy as np
import pytest
from helpers import passes, rejects

from utils.graders.course5_sequence_models import w4_a1_transformer as grader
from utils.nn import transformer as ref
from utils.notebook import import_tensorflow

tf = import_tensorflow()


# ---------------------------------------------------------------------------------------------
# Functions, as the original course wrote them, and wrong versions


def get_angles(pos, k, d):
    i = k // 2
    angles = pos / (np.power(10000, (2 * i) / np.float32(d)))
    return angles


def test_get_angles():
    check = grader.check_get_angles
    passes(check, get_angles)
    rejects(check, lambda pos, k, d: pos / np.power(10000, k / d), "uses k instead of 2 * (k // 2)")
    rejects(check, lambda pos, k, d: pos / np.power(10000, 2 * k / d), "the exponent is 2 * k / d")
    rejects(check, lambda pos, k, d: pos * np.power(10000, 2 * (k // 2) / d), "multiplied by 10000")
    rejects(check, lambda pos, k, d: None, "None")
    rejects(check, lambda pos, k, d: (pos / np.power(10000, 2 * (k // 2) / d)).T, "shape")


def positional_encoding(positions, d, kind="right"):
    angle_rads = get_angles(np.arange(positions)[:, np.newaxis], np.arange(d)[np.newaxis, :], d)
    if kind == "swapped":
        angle_rads[:, 0::2], angle_rads[:, 1::2] = np.cos(angle_rads[:, 0::2]), np.sin(angle_rads[:, 1::2])
    elif kind == "sin":
        angle_rads = np.sin(angle_rads)
    else:
        angle_rads[:, 0::2] = np.sin(angle_rads[:, 0::2])
        angle_rads[:, 1::2] = np.cos(angle_rads[:, 1::2])
    pos_encoding = angle_rads if kind == "no_batch" else angle_rads[np.newaxis, ...]
    dtype = tf.float64 if kind == "float64" else tf.float32
    return tf.cast(pos_encoding, dtype=dtype)


def test_positional_encoding():
    check = grader.check_positional_encoding
    passes(check, positional_encoding)
    rejects(check, lambda p, d: positional_encoding(p, d, "swapped"), "sin and cos are swapped")
    rejects(check, lambda p, d: positional_encoding(p, d, "sin"), "sin on every dimension")
    rejects(check, lambda p, d: positional_encoding(p, d, "no_batch"), "shape (6, 8)", "np.newaxis")
    rejects(check, lambda p, d: positional_encoding(p, d, "float64"), "dtype float64")
    rejects(check, lambda p, d: "encoding", "should be a tensor")


def test_positional_encoding_note_for_own_get_angles():
    def own(positions, d):
        return positional_encoding(positions, d)
    broken = dict(globals(), get_angles=lambda pos, k, d: pos * 0.0 + k)
    clone = type(own)(own.__code__, broken, "positional_encoding")
    out = passes(grader.check_positional_encoding, clone)
    assert "note: your get_angles does not pass check_get_angles yet" in out


def create_padding_mask(decoder_token_ids):
    seq = 1 - tf.cast(tf.math.equal(decoder_token_ids, 0), tf.float32)
    return seq[:, tf.newaxis, :]


def test_create_padding_mask():
    check = grader.check_create_padding_mask
    passes(check, create_padding_mask)
    rejects(check, lambda ids: tf.cast(tf.math.equal(ids, 0), tf.float32)[:, tf.newaxis, :],
            "1 where the token is the padding")
    rejects(check, lambda ids: 1 - tf.cast(tf.math.equal(ids, 0), tf.float32), "shape (3, 5)",
            "seq[:, tf.newaxis, :]")
    rejects(check, lambda ids: (1 - tf.cast(tf.math.equal(ids, 0), tf.float32))[:, tf.newaxis, tf.newaxis, :],
            "shape (3, 1, 1, 5)", "(n, 1, m)")
    rejects(check, lambda ids: tf.cast(tf.math.not_equal(ids, 0), tf.int32)[:, tf.newaxis, :],
            "dtype int32")


def create_look_ahead_mask(sequence_length):
    mask = tf.linalg.band_part(tf.ones((1, sequence_length, sequence_length)), -1, 0)
    return mask


def test_create_look_ahead_mask():
    check = grader.check_create_look_ahead_mask
    passes(check, create_look_ahead_mask)
    rejects(check, lambda n: tf.linalg.band_part(tf.ones((1, n, n)), 0, -1), "upper-triangular")
    rejects(check, lambda n: 1 - tf.linalg.band_part(tf.ones((1, n, n)), -1, 0), "the older convention")
    rejects(check, lambda n: tf.linalg.band_part(tf.ones((1, n, n)), -1, 0) - tf.eye(n)[None],
            "the diagonal is left out")
    rejects(check, lambda n: tf.linalg.band_part(tf.ones((n, n)), -1, 0), "shape (4, 4)", "batch axis")


def scaled_dot_product_attention(q, k, v, mask, kind="right"):
    matmul_qk = tf.matmul(q, k, transpose_b=True)
    dk = tf.cast(tf.shape(k)[-1], tf.float32)
    scaled = {"no_scale": matmul_qk, "by_dk": matmul_qk / dk}.get(kind, matmul_qk / tf.math.sqrt(dk))
    if mask is not None:
        if kind == "polarity":
            scaled += mask * -1e9
        elif kind != "no_mask":
            scaled += (1. - mask) * -1e9
    weights = tf.keras.activations.softmax(scaled, axis=-2 if kind == "axis" else -1)
    output = tf.matmul(weights, v)
    return (weights, output) if kind == "order" else (output, weights)


@pytest.mark.parametrize("kind, fragments", [
    ("no_scale", ["no scaling"]),
    ("by_dk", ["divided by d_k"]),
    ("axis", ["over the queries (axis -2)"]),
    ("polarity", ["mask * -1e9"]),
    ("no_mask", ["the mask is not used"]),
    ("order", ["wrong order"]),
])
def test_scaled_dot_product_attention_wrong(kind, fragments):
    rejects(grader.check_scaled_dot_product_attention,
            lambda q, k, v, m: scaled_dot_product_attention(q, k, v, m, kind), *fragments)


def test_scaled_dot_product_attention():
    check = grader.check_scaled_dot_product_attention
    passes(check, scaled_dot_product_attention)
    rejects(check, lambda q, k, v, m: tf.matmul(q, k, transpose_b=True),
            "expected (output, attention_weights)")
    rejects(check, lambda q, k, v, m: 1 / 0, "raised ZeroDivisionError")
    rejects(check, lambda q, k, v, m: (np.full((2, 3, 3), np.nan, np.float32),) * 2, "shape")


# ---------------------------------------------------------------------------------------------
# Layers: the original's call bodies (Keras 2 calls), and wrong versions


def encoder_layer(kind="right"):
    class EncoderLayer(ref.EncoderLayer):
        def call(self, x, training, mask):
            attn = self.mha(x, x, x) if kind == "no_mask" else self.mha(x, x, x, mask)
            skip = self.layernorm1(attn) if kind == "no_skip1" else self.layernorm1(x + attn)
            ffn = self.ffn(x if kind == "ffn_x" else skip)
            ffn = self.dropout_ffn(ffn, training=training)
            if kind == "no_skip2":
                return self.layernorm2(ffn)
            if kind == "tuple":
                return self.layernorm2(skip + ffn), attn
            return self.layernorm2(skip + ffn)
    return EncoderLayer


def test_encoder_layer():
    check = grader.check_EncoderLayer
    passes(check, encoder_layer())
    rejects(check, encoder_layer("no_mask"), "the mask does not reach self.mha",
            "are you passing the padding mask to the inner functions?")
    rejects(check, encoder_layer("no_skip1"), "no residual connection before layernorm1")
    rejects(check, encoder_layer("ffn_x"), "self.ffn reads x")
    rejects(check, encoder_layer("no_skip2"), "no residual connection before layernorm2")
    rejects(check, encoder_layer("tuple"), "expected one tensor")
    rejects(check, None, "needs your function itself")


def test_encoder_layer_keyword_calls_pass():
    class EncoderLayer(ref.EncoderLayer):
        def call(self, x, training=None, mask=None):
            attn = self.mha(query=x, value=x, key=x, attention_mask=mask, training=training)
            skip = self.layernorm1(x + attn)
            return self.layernorm2(skip + self.dropout_ffn(self.ffn(skip), training=training))
    passes(grader.check_EncoderLayer, EncoderLayer)


def encoder(kind="right"):
    class Encoder(ref.Encoder):
        def call(self, x, training, mask):
            seq_len = tf.shape(x)[1]
            x = self.embedding(x)
            if kind == "by_d":
                x *= tf.cast(self.embedding_dim, tf.float32)
            elif kind != "no_scale":
                x *= tf.math.sqrt(tf.cast(self.embedding_dim, tf.float32))
            if kind != "no_pe":
                x += self.pos_encoding[:, :seq_len, :]
            x = self.dropout(x, training=training)
            first = x
            for i in range(self.num_layers):
                source = first if kind == "not_chained" else x
                x = self.enc_layers[i](source, training, None if kind == "no_mask" else mask)
            return x
    return Encoder


@pytest.mark.parametrize("kind, fragment", [
    ("by_d", "multiplied by embedding_dim"),
    ("no_scale", "no sqrt(embedding_dim) scaling"),
    ("no_pe", "the positional encoding is not added"),
    ("no_mask", "are you passing the padding mask to the inner functions?"),
    ("not_chained", "every encoder layer reads the embedding"),
])
def test_encoder_wrong(kind, fragment):
    rejects(grader.check_Encoder, encoder(kind), fragment)


def test_encoder():
    passes(grader.check_Encoder, encoder())


def decoder_layer(kind="right"):
    class DecoderLayer(ref.DecoderLayer):
        def call(self, x, enc_output, training, look_ahead_mask, padding_mask):
            la = None if kind == "no_look_ahead" else look_ahead_mask
            out1, w1 = self.mha1(x, x, x, la, return_attention_scores=True)
            Q1 = self.layernorm1(out1 + x)
            pm = None if kind == "no_padding" else padding_mask
            out2, w2 = self.mha2(Q1, enc_output, enc_output, pm, return_attention_scores=True)
            out2 = self.layernorm2(out2 + (x if kind == "skip_x" else Q1))
            ffn = self.dropout_ffn(self.ffn(out2), training=training)
            out3 = self.layernorm3(ffn + out2)
            if kind == "out_only":
                return out3
            if kind == "swapped_weights":
                return out3, w2, w1
            return out3, w1, w2
    return DecoderLayer


def test_decoder_layer():
    check = grader.check_DecoderLayer
    passes(check, decoder_layer())
    rejects(check, decoder_layer("no_look_ahead"), "check the call to self.mha1")
    rejects(check, decoder_layer("no_padding"), "are you passing the padding mask to the inner functions?")
    rejects(check, decoder_layer("skip_x"), "the second residual connection adds x")
    rejects(check, decoder_layer("out_only"), "expected (out3, attn_weights_block1, attn_weights_block2)")
    rejects(check, decoder_layer("swapped_weights"), "attn_weights_block1", "shape")


def decoder(kind="right"):
    class Decoder(ref.Decoder):
        def call(self, x, enc_output, training, look_ahead_mask, padding_mask):
            seq_len = tf.shape(x)[1]
            attention_weights = {}
            x = self.embedding(x)
            if kind != "no_scale":
                x *= tf.math.sqrt(tf.cast(self.embedding_dim, tf.float32))
            if kind != "no_pe":
                x += self.pos_encoding[:, :seq_len, :]
            x = self.dropout(x, training=training)
            for i in range(self.num_layers):
                pm = None if kind == "no_padding" else padding_mask
                x, block1, block2 = self.dec_layers[i](x, enc_output, training, look_ahead_mask, pm)
                key = f"decoder_layer{i + 1}_block1_self_att"
                if kind == "keys":
                    key = f"decoder_layer{i}_block1"
                attention_weights[key] = block1
                attention_weights[f"decoder_layer{i + 1}_block2_decenc_att"] = block2
            return x, attention_weights
    return Decoder


def test_decoder():
    check = grader.check_Decoder
    passes(check, decoder())
    rejects(check, decoder("no_scale"), "no sqrt(embedding_dim) scaling")
    rejects(check, decoder("no_pe"), "the positional encoding is not added")
    rejects(check, decoder("no_padding"), "are you passing the padding mask to the inner functions?")
    rejects(check, decoder("keys"), "a dict with one entry per block")


def transformer(kind="right"):
    class Transformer(ref.Transformer):
        def call(self, input_sentence, output_sentence, training, enc_padding_mask, look_ahead_mask,
                 dec_padding_mask):
            enc_mask = None if kind == "no_enc_mask" else enc_padding_mask
            enc_output = self.encoder(input_sentence, training, enc_mask)
            dec_output, attention_weights = self.decoder(
                output_sentence, enc_output, training, look_ahead_mask,
                None if kind == "no_dec_mask" else dec_padding_mask)
            if kind == "no_final":
                return dec_output, attention_weights
            final_output = self.final_layer(dec_output)
            if kind == "no_weights":
                return final_output
            return final_output, attention_weights
    return Transformer


def test_transformer():
    check = grader.check_Transformer
    passes(check, transformer())
    rejects(check, transformer("no_enc_mask"), "are you passing the padding mask to the inner functions?")
    rejects(check, transformer("no_dec_mask"), "the decoder does not get dec_padding_mask")
    rejects(check, transformer("no_final"), "self.final_layer is never used in call()")
    rejects(check, transformer("no_weights"), "expected (final_output, attention_weights)")
