"""TensorFlow and Keras: the Transformer of course5_sequence_models/w4_a1_transformer, and its use
on the date translation of week 3 (DATA.md `dates`).

The pieces follow the original course's notebook, with its names, constructor arguments and call
signatures: `get_angles` and `positional_encoding` (sines on even dimensions, cosines on odd ones,
shape (1, positions, d), float32), `create_padding_mask` (1 where a token is not the padding id 0,
shape (n, 1, m)), `create_look_ahead_mask` (lower-triangular ones, shape (1, size, size)),
`scaled_dot_product_attention` (the mask adds (1 - mask) * -1e9 before the softmax over the keys),
`FullyConnected`, `EncoderLayer`, `Encoder` (embedding scaled by sqrt(embedding_dim), plus the
positional encoding), `DecoderLayer`, `Decoder` and `Transformer` (whose final Dense layer is a
softmax, as in the newest original). The masks keep 1 where attention is allowed, the convention
of keras.layers.MultiHeadAttention's `attention_mask`.

Keras 2 spellings: `MultiHeadAttention` is keras.layers.MultiHeadAttention that also takes the
mask as its fourth positional argument (`self.mha(x, x, x, mask)` in the original); Keras 3 reads
a fourth positional argument as `query_mask`, a mask of another shape and meaning. `Layer` and
`Model` are keras.layers.Layer and keras.Model that accept `training` and the masks by position
(`self.enc_layers[i](x, training, mask)`), which Keras 3 refuses for anything but tensors.

For the dates: `TransformerVocab` maps the human dates to token ids (0 is the padding, so the
padding mask finds it) and the ISO dates to target ids after a start token; `train_transformer`
is a small seeded training loop with teacher forcing; `greedy_translate` decodes Ty characters
one at a time with the look-ahead mask; `cross_attention_map` reads the decoder's attention over
the input characters. The model of the pretrained asset `transformer_dates` is
`date_transformer()`.

For the preprocessing lab (course5_sequence_models/w4_a2), NumPy only: `positional_encoding_numpy`,
`embeddings_with_positions` (the lab's exercise), `self_attention` without weights, the
nearest-neighbour agreement and the figures.
"""

import numpy as np

from utils.nn import nmt

TX, TY = nmt.TX, nmt.TY
# The asset's sizes (utils/pretrain/transformer_dates.py): small enough for 2 CPU cores.
NUM_LAYERS, EMBEDDING_DIM, NUM_HEADS, FULLY_CONNECTED_DIM = 2, 32, 2, 64
DROPOUT_RATE = 0.1


def _tf():
    from utils.notebook import import_tensorflow

    return import_tensorflow()


# ---------------------------------------------------------------------------------------------
# Positional encoding and masks


def get_angles(pos, k, d):
    """pos (positions, 1) and k (1, d) integer arrays -> the angles pos / 10000^(2i/d), i = k // 2,
    shape (positions, d)."""
    i = k // 2
    return pos / np.power(10000, 2 * i / np.float32(d))


def positional_encoding(positions, d):
    """The (1, positions, d) float32 tensor of sines (even dimensions) and cosines (odd ones)."""
    tf = _tf()
    angle_rads = get_angles(np.arange(positions)[:, np.newaxis], np.arange(d)[np.newaxis, :], d)
    angle_rads[:, 0::2] = np.sin(angle_rads[:, 0::2])
    angle_rads[:, 1::2] = np.cos(angle_rads[:, 1::2])
    pos_encoding = angle_rads[np.newaxis, ...]                    # (1, positions, d)
    return tf.cast(pos_encoding, dtype=tf.float32)


def create_padding_mask(decoder_token_ids):
    """1.0 where a token id is not 0 (the padding), 0.0 where it is; shape (n, 1, m)."""
    tf = _tf()
    seq = 1 - tf.cast(tf.math.equal(decoder_token_ids, 0), tf.float32)
    return seq[:, tf.newaxis, :]                                  # (n, 1, m)


def create_look_ahead_mask(sequence_length):
    """Position i may attend to positions 0..i: lower-triangular ones, shape (1, size, size)."""
    tf = _tf()
    return tf.linalg.band_part(tf.ones((1, sequence_length, sequence_length)), -1, 0)


def scaled_dot_product_attention(q, k, v, mask):
    """softmax(q k^T / sqrt(d_k) + (1 - mask) * -1e9) v over the keys.

    q (..., seq_len_q, depth), k (..., seq_len_k, depth), v (..., seq_len_k, depth_v); mask
    broadcastable to (..., seq_len_q, seq_len_k), 1 where attention is allowed, or None.
    Returns output (..., seq_len_q, depth_v) and attention_weights (..., seq_len_q, seq_len_k).
    """
    tf = _tf()
    matmul_qk = tf.matmul(q, k, transpose_b=True)                 # (..., seq_len_q, seq_len_k)
    dk = tf.cast(tf.shape(k)[-1], tf.float32)
    scaled_attention_logits = matmul_qk / tf.math.sqrt(dk)
    if mask is not None:
        scaled_attention_logits += (1.0 - mask) * -1e9
    attention_weights = tf.keras.activations.softmax(scaled_attention_logits, axis=-1)
    output = tf.matmul(attention_weights, v)                      # (..., seq_len_q, depth_v)
    return output, attention_weights


# ---------------------------------------------------------------------------------------------
# Layers


_CLASSES = {}


def _by_name(call, args, kwargs):
    """(args, kwargs) with every positional argument after the first moved to its name in the
    signature of `call` (a bound method)."""
    import inspect

    if len(args) <= 1:
        return args, kwargs
    params = list(inspect.signature(call).parameters.values())
    if any(p.kind is p.VAR_POSITIONAL for p in params[:len(args)]) or len(args) > len(params):
        return args, kwargs                   # let Keras report what does not fit
    kwargs = dict(kwargs)
    for param, value in zip(params[1:], args[1:]):
        if param.name in kwargs:
            raise TypeError(f"{type(call.__self__).__name__}.call() got multiple values for "
                            f"argument '{param.name}'")
        kwargs[param.name] = value
    return args[:1], kwargs


def _classes():
    """The Keras classes, made once (Keras is imported only when a Transformer is needed)."""
    if _CLASSES:
        return _CLASSES
    _tf()
    import keras
    from keras.layers import Dense, Dropout, Embedding, LayerNormalization

    class Layer(keras.layers.Layer):
        """keras.layers.Layer that takes every argument after the first by position, as Keras 2
        did (`self.enc_layers[i](x, training, mask)` in the original); Keras 3 refuses anything
        but tensors by position, so the others are passed on by name."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # The masks here are attention masks passed by hand, not Keras's sequence masks:
            # accept them without a warning, and attach none to the outputs.
            self.supports_masking = True

        def compute_mask(self, inputs, previous_mask=None):
            return None

        def build(self, input_shape=None):
            # The sublayers build themselves when call() first runs them. Without a build method,
            # Keras would first run call() on symbolic inputs, again at every level of nesting
            # (seconds for a Transformer).
            self.built = True

        def __call__(self, *args, **kwargs):
            args, kwargs = _by_name(self.call, args, kwargs)
            return super().__call__(*args, **kwargs)

    class Model(keras.Model):
        """keras.Model that takes its call's arguments by position, as `Layer` does."""

        def build(self, input_shape=None):
            self.built = True               # as Layer.build

        def __call__(self, *args, **kwargs):
            args, kwargs = _by_name(self.call, args, kwargs)
            return super().__call__(*args, **kwargs)

    class MultiHeadAttention(keras.layers.MultiHeadAttention):
        """keras.layers.MultiHeadAttention that also takes the attention mask as the fourth
        positional argument, mha(query, value, key, attention_mask), as Keras 2 did; Keras 3
        reads that position as `query_mask`."""

        def __call__(self, query, value, key=None, *args, **kwargs):
            if args:
                if "attention_mask" in kwargs:
                    raise TypeError("attention_mask given twice (by position and by name)")
                kwargs["attention_mask"], args = args[0], args[1:]
            return super().__call__(query, value, key, *args, **kwargs)

    def FullyConnected(embedding_dim, fully_connected_dim):
        """Two Dense layers applied at every position: ReLU to fully_connected_dim, then back to
        embedding_dim."""
        return keras.Sequential([
            Dense(fully_connected_dim, activation="relu"),       # (n, seq_len, fully_connected_dim)
            Dense(embedding_dim),                                 # (n, seq_len, embedding_dim)
        ])

    class EncoderLayer(Layer):
        """Self-attention and a position-wise feed-forward network, each followed by a residual
        connection and layer normalization."""

        def __init__(self, embedding_dim, num_heads, fully_connected_dim, dropout_rate=0.1,
                     layernorm_eps=1e-6):
            super().__init__()
            self.mha = MultiHeadAttention(num_heads=num_heads, key_dim=embedding_dim,
                                          dropout=dropout_rate)
            self.ffn = FullyConnected(embedding_dim=embedding_dim,
                                      fully_connected_dim=fully_connected_dim)
            self.layernorm1 = LayerNormalization(epsilon=layernorm_eps)
            self.layernorm2 = LayerNormalization(epsilon=layernorm_eps)
            self.dropout_ffn = Dropout(dropout_rate)

        def call(self, x, training, mask):
            """x (n, input_seq_len, embedding_dim); mask (n, 1, input_seq_len)."""
            self_mha_output = self.mha(x, x, x, mask)             # (n, input_seq_len, embedding_dim)
            skip_x_attention = self.layernorm1(x + self_mha_output)
            ffn_output = self.ffn(skip_x_attention)
            ffn_output = self.dropout_ffn(ffn_output, training=training)
            return self.layernorm2(skip_x_attention + ffn_output)

    class Encoder(Layer):
        """Token embedding scaled by sqrt(embedding_dim), plus the positional encoding, dropout,
        then num_layers encoder layers."""

        def __init__(self, num_layers, embedding_dim, num_heads, fully_connected_dim, input_vocab_size,
                     maximum_position_encoding, dropout_rate=0.1, layernorm_eps=1e-6):
            super().__init__()
            self.embedding_dim = embedding_dim
            self.num_layers = num_layers
            self.embedding = Embedding(input_vocab_size, self.embedding_dim)
            self.pos_encoding = positional_encoding(maximum_position_encoding, self.embedding_dim)
            self.enc_layers = [EncoderLayer(embedding_dim=self.embedding_dim, num_heads=num_heads,
                                            fully_connected_dim=fully_connected_dim,
                                            dropout_rate=dropout_rate, layernorm_eps=layernorm_eps)
                               for _ in range(self.num_layers)]
            self.dropout = Dropout(dropout_rate)

        def call(self, x, training, mask):
            """x (n, input_seq_len) token ids -> (n, input_seq_len, embedding_dim)."""
            tf = _tf()
            seq_len = tf.shape(x)[1]
            x = self.embedding(x)                                 # (n, input_seq_len, embedding_dim)
            x *= tf.math.sqrt(tf.cast(self.embedding_dim, tf.float32))
            x += self.pos_encoding[:, :seq_len, :]
            x = self.dropout(x, training=training)
            for i in range(self.num_layers):
                x = self.enc_layers[i](x, training, mask)
            return x

    class DecoderLayer(Layer):
        """Masked self-attention, attention over the encoder's output, a feed-forward network; each
        followed by a residual connection and layer normalization."""

        def __init__(self, embedding_dim, num_heads, fully_connected_dim, dropout_rate=0.1,
                     layernorm_eps=1e-6):
            super().__init__()
            self.mha1 = MultiHeadAttention(num_heads=num_heads, key_dim=embedding_dim,
                                           dropout=dropout_rate)
            self.mha2 = MultiHeadAttention(num_heads=num_heads, key_dim=embedding_dim,
                                           dropout=dropout_rate)
            self.ffn = FullyConnected(embedding_dim=embedding_dim,
                                      fully_connected_dim=fully_connected_dim)
            self.layernorm1 = LayerNormalization(epsilon=layernorm_eps)
            self.layernorm2 = LayerNormalization(epsilon=layernorm_eps)
            self.layernorm3 = LayerNormalization(epsilon=layernorm_eps)
            self.dropout_ffn = Dropout(dropout_rate)

        def call(self, x, enc_output, training, look_ahead_mask, padding_mask):
            """x (n, target_seq_len, embedding_dim), enc_output (n, input_seq_len, embedding_dim)
            -> out3 (n, target_seq_len, embedding_dim) and the two blocks' attention weights,
            (n, num_heads, target_seq_len, target_seq_len) and (..., input_seq_len)."""
            mult_attn_out1, attn_weights_block1 = self.mha1(x, x, x, look_ahead_mask,
                                                            return_attention_scores=True)
            Q1 = self.layernorm1(mult_attn_out1 + x)
            mult_attn_out2, attn_weights_block2 = self.mha2(Q1, enc_output, enc_output, padding_mask,
                                                            return_attention_scores=True)
            mult_attn_out2 = self.layernorm2(mult_attn_out2 + Q1)
            ffn_output = self.ffn(mult_attn_out2)
            ffn_output = self.dropout_ffn(ffn_output, training=training)
            out3 = self.layernorm3(ffn_output + mult_attn_out2)
            return out3, attn_weights_block1, attn_weights_block2

    class Decoder(Layer):
        """Target embedding scaled by sqrt(embedding_dim), plus the positional encoding, dropout,
        then num_layers decoder layers; also returns every layer's attention weights."""

        def __init__(self, num_layers, embedding_dim, num_heads, fully_connected_dim, target_vocab_size,
                     maximum_position_encoding, dropout_rate=0.1, layernorm_eps=1e-6):
            super().__init__()
            self.embedding_dim = embedding_dim
            self.num_layers = num_layers
            self.embedding = Embedding(target_vocab_size, self.embedding_dim)
            self.pos_encoding = positional_encoding(maximum_position_encoding, self.embedding_dim)
            self.dec_layers = [DecoderLayer(embedding_dim=self.embedding_dim, num_heads=num_heads,
                                            fully_connected_dim=fully_connected_dim,
                                            dropout_rate=dropout_rate, layernorm_eps=layernorm_eps)
                               for _ in range(self.num_layers)]
            self.dropout = Dropout(dropout_rate)

        def call(self, x, enc_output, training, look_ahead_mask, padding_mask):
            """x (n, target_seq_len) token ids -> (n, target_seq_len, embedding_dim) and a dict of
            attention weights, 'decoder_layer{i}_block1_self_att' and '..._block2_decenc_att'."""
            tf = _tf()
            seq_len = tf.shape(x)[1]
            attention_weights = {}
            x = self.embedding(x)                                 # (n, target_seq_len, embedding_dim)
            x *= tf.math.sqrt(tf.cast(self.embedding_dim, tf.float32))
            x += self.pos_encoding[:, :seq_len, :]
            x = self.dropout(x, training=training)
            for i in range(self.num_layers):
                x, block1, block2 = self.dec_layers[i](x, enc_output, training, look_ahead_mask,
                                                       padding_mask)
                attention_weights[f"decoder_layer{i + 1}_block1_self_att"] = block1
                attention_weights[f"decoder_layer{i + 1}_block2_decenc_att"] = block2
            return x, attention_weights

    class Transformer(Model):
        """Encoder, decoder and a final Dense softmax over the target vocabulary."""

        def __init__(self, num_layers, embedding_dim, num_heads, fully_connected_dim, input_vocab_size,
                     target_vocab_size, max_positional_encoding_input, max_positional_encoding_target,
                     dropout_rate=0.1, layernorm_eps=1e-6):
            super().__init__()
            self.encoder = Encoder(num_layers=num_layers, embedding_dim=embedding_dim,
                                   num_heads=num_heads, fully_connected_dim=fully_connected_dim,
                                   input_vocab_size=input_vocab_size,
                                   maximum_position_encoding=max_positional_encoding_input,
                                   dropout_rate=dropout_rate, layernorm_eps=layernorm_eps)
            self.decoder = Decoder(num_layers=num_layers, embedding_dim=embedding_dim,
                                   num_heads=num_heads, fully_connected_dim=fully_connected_dim,
                                   target_vocab_size=target_vocab_size,
                                   maximum_position_encoding=max_positional_encoding_target,
                                   dropout_rate=dropout_rate, layernorm_eps=layernorm_eps)
            self.final_layer = Dense(target_vocab_size, activation="softmax")

        def call(self, input_sentence, output_sentence, training, enc_padding_mask, look_ahead_mask,
                 dec_padding_mask):
            """input_sentence (n, input_seq_len) and output_sentence (n, target_seq_len) token ids
            -> probabilities (n, target_seq_len, target_vocab_size) and the decoder's attention
            weights."""
            enc_output = self.encoder(input_sentence, training, enc_padding_mask)
            dec_output, attention_weights = self.decoder(output_sentence, enc_output, training,
                                                         look_ahead_mask, dec_padding_mask)
            final_output = self.final_layer(dec_output)          # (n, target_seq_len, target_vocab)
            return final_output, attention_weights

    _CLASSES.update(Layer=Layer, Model=Model, MultiHeadAttention=MultiHeadAttention,
                    FullyConnected=FullyConnected, EncoderLayer=EncoderLayer, Encoder=Encoder,
                    DecoderLayer=DecoderLayer, Decoder=Decoder, Transformer=Transformer)
    return _CLASSES


def __getattr__(name):
    """The Keras classes (MultiHeadAttention, FullyConnected, EncoderLayer, ...) on first use."""
    if name in ("Layer", "Model", "MultiHeadAttention", "FullyConnected", "EncoderLayer", "Encoder",
                "DecoderLayer", "Decoder", "Transformer"):
        return _classes()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------------------------------
# The dates as token ids


class TransformerVocab:
    """Token ids for the Transformer on the `dates` set.

    Input: week 3's human vocabulary shifted by one, so that id 0 is the padding (the padding
    mask looks for 0) and <unk> and the characters are 1 and up: input_vocab_size equals
    len(human_vocab). Target: 0 is unused padding, START = 1 begins every decoder input, the
    eleven ISO characters are 2..12.
    """

    START = 1

    def __init__(self):
        self.human_vocab, self.machine_vocab, self.inv_machine_vocab = nmt.vocabularies()
        self.pad_index = self.human_vocab[nmt.PAD]
        self.input_vocab_size = len(self.human_vocab)
        self.target_vocab_size = len(self.machine_vocab) + 2

    def encode_inputs(self, humans, Tx=TX):
        """(m, Tx) int32 ids of the human dates; 0 is the padding."""
        X = np.array([nmt.string_to_int(h, Tx, self.human_vocab) for h in humans], dtype=np.int64)
        X = X.reshape(-1, Tx)
        return np.where(X == self.pad_index, 0, X + 1).astype(np.int32)

    def encode_targets(self, isos, Ty=TY):
        """(m, Ty) int32 target ids (2..12) of the ISO dates."""
        Y = np.array([nmt.string_to_int(t, Ty, self.machine_vocab) for t in isos], dtype=np.int64)
        return (Y.reshape(-1, Ty) + 2).astype(np.int32)

    def decoder_inputs(self, targets):
        """Teacher forcing: START then the first Ty - 1 target ids, shape (m, Ty)."""
        start = np.full((len(targets), 1), self.START, dtype=np.int32)
        return np.concatenate([start, targets[:, :-1]], axis=1)

    def decode(self, target_ids):
        """The strings of rows of target ids (2..12)."""
        return ["".join(self.inv_machine_vocab[int(i) - 2] if i >= 2 else "?" for i in row)
                for row in np.asarray(target_ids)]


def date_transformer(vocab=None, dropout_rate=DROPOUT_RATE):
    """The asset's Transformer (reference classes), built by one call on a batch of two dates."""
    vocab = vocab or TransformerVocab()
    model = _classes()["Transformer"](
        num_layers=NUM_LAYERS, embedding_dim=EMBEDDING_DIM, num_heads=NUM_HEADS,
        fully_connected_dim=FULLY_CONNECTED_DIM, input_vocab_size=vocab.input_vocab_size,
        target_vocab_size=vocab.target_vocab_size, max_positional_encoding_input=TX,
        max_positional_encoding_target=TY, dropout_rate=dropout_rate)
    return build(model, vocab)


def build(model, vocab=None):
    """Call a Transformer once on two dates so that Keras creates its weights (a subclassed
    model has none until it is called); returns the model."""
    vocab = vocab or TransformerVocab()
    X = vocab.encode_inputs(["3 may 1979", "tuesday june 24 2008"])
    dec_in = vocab.decoder_inputs(vocab.encode_targets(["1979-05-03", "2008-06-24"]))
    mask = create_padding_mask(X)
    model(X, dec_in, False, mask, create_look_ahead_mask(TY), mask)
    return model


# ---------------------------------------------------------------------------------------------
# Training and decoding


def train_transformer(model, X, Y, vocab, epochs=1, batch_size=64, learning_rate=1e-3, seed=0,
                      warmup_steps=0, callback=None, compiled=True):
    """Teacher-forced training in place with Adam and the sparse categorical cross-entropy of the
    softmax outputs; X (m, Tx) input ids, Y (m, Ty) target ids. With warmup_steps > 0 the rate
    rises linearly for that many steps, then falls as 1 / sqrt(step). Returns the loss of every
    batch (list of float). `callback(epoch, losses)` runs after each epoch. compiled=False runs
    the steps eagerly: slower per step, but without tf.function's tracing (tens of seconds), which
    suits a run of a few steps."""
    tf = _tf()
    import keras

    if warmup_steps:
        class Warmup(keras.optimizers.schedules.LearningRateSchedule):
            def __call__(self, step):
                step = tf.cast(step, tf.float32) + 1.0
                return learning_rate * tf.minimum(step / warmup_steps, tf.sqrt(warmup_steps / step))

        rate = Warmup()
    else:
        rate = learning_rate
    optimizer = keras.optimizers.Adam(rate, beta_1=0.9, beta_2=0.98, epsilon=1e-9)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    look_ahead = create_look_ahead_mask(Y.shape[1])

    def step(x, dec_in, y):
        mask = create_padding_mask(x)
        with tf.GradientTape() as tape:
            probabilities, _ = model(x, dec_in, True, mask, look_ahead, mask)
            loss = loss_fn(y, probabilities)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        return loss

    if compiled:
        step = tf.function(step, reduce_retracing=True)
    rng = np.random.default_rng(seed)
    dec_inputs = vocab.decoder_inputs(Y)
    losses = []
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            losses.append(float(step(X[batch], dec_inputs[batch], Y[batch])))
        if callback is not None:
            callback(epoch, losses)
    return losses


def greedy_translate(model, X, vocab, Ty=TY, return_attention=False):
    """Decode Ty characters one at a time. The decoder input holds START and the characters written
    so far; the places not written yet hold the padding id 0, which the look-ahead mask hides
    from every earlier position, so the prediction at position i reads only positions 0..i. The
    most probable ISO character (ids 2..12) at position i is written to position i + 1. X (m, Tx)
    ids. The encoder's output does not change from step to step, so it is computed once (with
    the model's encoder, decoder and final_layer, the names the Transformer gives them). Returns
    the (m, Ty) target ids, and with return_attention the decoder's attention weights at the last
    step."""
    mask = create_padding_mask(X)
    look_ahead = create_look_ahead_mask(Ty)
    enc_output = model.encoder(X, False, mask)
    decoder_input = np.zeros((len(X), Ty), dtype=np.int32)
    decoder_input[:, 0] = vocab.START
    result = np.zeros((len(X), Ty), dtype=np.int32)
    attention = None
    for i in range(Ty):
        dec_output, attention = model.decoder(decoder_input, enc_output, False, look_ahead, mask)
        probabilities = np.asarray(model.final_layer(dec_output[:, i, :]))     # (m, target_vocab)
        result[:, i] = probabilities[:, 2:].argmax(-1) + 2                       # ISO characters only
        if i + 1 < Ty:
            decoder_input[:, i + 1] = result[:, i]
    return (result, attention) if return_attention else result


def translate(model, humans, vocab=None, batch_size=1000):
    """The ISO dates (str) that greedy decoding gives for a list of human dates."""
    vocab = vocab or TransformerVocab()
    X = vocab.encode_inputs(humans)
    ids = np.concatenate([greedy_translate(model, X[i:i + batch_size], vocab)
                          for i in range(0, len(X), batch_size)]) if len(X) else np.zeros((0, TY))
    return vocab.decode(ids)


def cross_attention_map(model, text, vocab=None, layer=None):
    """(weights (Ty, len(text)) averaged over heads, input characters, output characters): the
    decoder's attention over the input characters in its last layer (or `layer`, from 1), when it
    reads the translation it wrote itself."""
    vocab = vocab or TransformerVocab()
    X = vocab.encode_inputs([text])
    ids, attention = greedy_translate(model, X, vocab, return_attention=True)
    layer = layer or len([k for k in attention if k.endswith("block2_decenc_att")])
    weights = np.asarray(attention[f"decoder_layer{layer}_block2_decenc_att"])[0].mean(axis=0)
    characters = list(text.lower().replace(",", ""))[:TX]
    return weights[:, :len(characters)], characters, list(vocab.decode(ids)[0])


# ---------------------------------------------------------------------------------------------
# Figures


def position_similarity(pos_encoding):
    """The dot product PE(p) . PE(p + k) for every start p and offset k >= 0: an array (P, P) with
    NaN where p + k runs past the end. pos_encoding (1, P, d) or (P, d)."""
    pe = np.asarray(pos_encoding).reshape(-1, np.shape(pos_encoding)[-1]).astype(np.float64)
    P = len(pe)
    table = np.full((P, P), np.nan)
    for k in range(P):
        table[:P - k, k] = np.sum(pe[:P - k] * pe[k:], axis=1)
    return table


def plot_positional_encoding(pos_encoding, title):
    """Two panels: the encodings as a heatmap (positions down, dimensions across), and the dot
    product between two positions against their distance, for a few starting positions."""
    import matplotlib.pyplot as plt

    pe = np.asarray(pos_encoding)[0]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2))
    image = left.pcolormesh(pe, cmap="RdBu", vmin=-1, vmax=1)
    left.set_xlabel("dimension of the encoding")
    left.set_ylabel("position")
    left.invert_yaxis()
    left.set_title("sin on even dimensions, cos on odd ones")
    fig.colorbar(image, ax=left)
    table = position_similarity(pos_encoding)
    for start in (0, len(pe) // 4, len(pe) // 2):
        right.plot(table[start], label=f"from position {start}")
    right.set_xlabel("distance k between the two positions")
    right.set_ylabel("PE(p) . PE(p + k)")
    right.legend()
    right.set_title("the dot product depends only on the distance")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_attention_weights(panels, keys, queries, title):
    """One heatmap per (label, weights (queries, keys)) pair, side by side."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(4.6 * len(panels), 3.4), squeeze=False)
    for ax, (label, weights) in zip(axes[0], panels):
        image = ax.imshow(np.asarray(weights), cmap="Blues", vmin=0, vmax=1)
        ax.set_xticks(range(len(keys)))
        ax.set_xticklabels(keys)
        ax.set_yticks(range(len(queries)))
        ax.set_yticklabels(queries)
        ax.set_xlabel("key")
        ax.set_ylabel("query")
        ax.set_title(label)
        fig.colorbar(image, ax=ax)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_two_attention_maps(maps, title):
    """Attention maps side by side: each (label, weights (Ty, len(text)), input characters,
    output characters), drawn by utils.nn.nmt.plot_attention_map."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(maps), figsize=(6.5 * len(maps), 3.8), squeeze=False)
    for ax, (label, weights, inputs, outputs) in zip(axes[0], maps):
        nmt.plot_attention_map(ax, weights, inputs, outputs, title=label)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# The preprocessing lab (course5_sequence_models/w4_a2): NumPy only


def positional_encoding_numpy(positions, d):
    """positional_encoding as a NumPy float32 array (1, positions, d), without TensorFlow."""
    angles = get_angles(np.arange(positions)[:, np.newaxis], np.arange(d)[np.newaxis, :], d)
    angles[:, 0::2] = np.sin(angles[:, 0::2])
    angles[:, 1::2] = np.cos(angles[:, 1::2])
    return angles[np.newaxis, ...].astype(np.float32)


def embeddings_with_positions(embeddings, pos_encoding, W1=1.0, W2=1.0):
    """W1 * embeddings + W2 * the encodings of the first seq_len positions: embeddings
    (n, seq_len, d), pos_encoding (1, positions, d), positions >= seq_len -> (n, seq_len, d)."""
    seq_len = embeddings.shape[1]
    return W1 * embeddings + W2 * pos_encoding[:, :seq_len, :]


def self_attention(X):
    """Attention of a sequence X (seq_len, d) over itself with no learned weights: softmax over the
    keys of X X^T / sqrt(d), times X. Equivariant to any reordering of the rows of X."""
    scores = X @ X.T / np.sqrt(X.shape[1])                        # (seq_len, seq_len)
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    return weights @ X


def nearest_neighbour_agreement(vectors, labels):
    """The share of the vectors (m, d) whose nearest other vector has the same label."""
    vectors = np.asarray(vectors, dtype=np.float64)
    distances = np.linalg.norm(vectors[:, None, :] - vectors[None, :, :], axis=-1)
    np.fill_diagonal(distances, np.inf)
    labels = np.asarray(labels)
    return float(np.mean(labels[distances.argmin(axis=1)] == labels))


def plot_encoding_geometry(pos_encoding, title):
    """Two heatmaps of the encodings of every pair of positions: their correlation and their
    Euclidean distance."""
    import matplotlib.pyplot as plt

    pe = np.asarray(pos_encoding)[0].astype(np.float64)
    correlation = np.corrcoef(pe)
    distance = np.linalg.norm(pe[:, None, :] - pe[None, :, :], axis=-1)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8))
    for ax, table, label, cmap in ((axes[0], correlation, "correlation", "RdBu_r"),
                                   (axes[1], distance, "Euclidean distance", "viridis")):
        image = ax.imshow(table, cmap=cmap)
        ax.set_xlabel("position")
        ax.set_ylabel("position")
        ax.set_title(label)
        fig.colorbar(image, ax=ax)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_word_pca(panels, words, groups, title):
    """One 2-D PCA scatter per (label, vectors (m, d)) panel (each panel's own components), the
    words coloured by group and labelled."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(4.4 * len(panels), 4.2), squeeze=False)
    names = sorted(set(groups), key=list(groups).index)
    colours = {name: plt.cm.tab10(i) for i, name in enumerate(names)}
    for ax, (label, vectors) in zip(axes[0], panels):
        centred = np.asarray(vectors, dtype=np.float64) - np.mean(vectors, axis=0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        points = centred @ vt[:2].T                                # (m, 2)
        for name in names:
            rows = [i for i, g in enumerate(groups) if g == name]
            ax.scatter(points[rows, 0], points[rows, 1], color=colours[name], label=name, s=25)
        for (x, y), word in zip(points, words):
            ax.annotate(word, (x, y), fontsize=7, xytext=(2, 2), textcoords="offset points")
        ax.set_xlabel("first principal component")
        ax.set_ylabel("second principal component")
        ax.set_title(label, fontsize=10)
    axes[0][0].legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
