"""Extractive question answering with a Transformer encoder: course5_sequence_models/w4_a4_transformer_qa.

The lab's exercise is `tokenize_align` (the original course's name): one example of the `qa` set
(DATA.md) -> the token ids of "[CLS] question [SEP] context [SEP]" and the token positions where
the answer starts and ends. The positions come from the answer's first and last characters,
`answer_start` and `answer_start + len(answer) - 1`, read with `encoding.char_to_token(char, 1)`
(sequence 1, the context). An answer that is not wholly inside the encoding (truncation cut it
off) gets both positions 0, the [CLS] token, the convention of Hugging Face's question-answering
examples; the original course used tokenizer.model_max_length, a position past the end that
PyTorch's loss ignores and Keras's sparse cross-entropy cannot take.

`TransformerQA` is the encoder of course5_sequence_models/w4_a1 (`utils.nn.transformer.Encoder`)
with two Dense heads that give a start and an end logit per token. Only the context and [CLS] may
hold an answer: the question, the [SEP] tokens and the padding get -1e9 before the softmax, so
that the probabilities spread over the places an answer can be. `train_qa` is a seeded tf.GradientTape
loop on the mean of the two sparse cross-entropies; `predict_spans` reads the best span,
`answer_texts` turns it back into words through the encoding's character offsets. The notebook
trains its model for one short epoch, then loads the pretrained asset `transformer_qa`
(utils/pretrain/transformer_qa.py): the same model trained on many more generated stories.
"""

import numpy as np

from utils.nn import transformer

MAX_LENGTH = 48                 # the longest question + story is 47 tokens
PAD_ID, CLS_ID, SEP_ID = 0, 2, 3
# The notebook's model: the sizes of the pretrained asset `transformer_qa`
# (utils/pretrain/transformer_qa.py), whose weights the notebook loads.
NUM_LAYERS, EMBEDDING_DIM, NUM_HEADS, FULLY_CONNECTED_DIM = 3, 32, 4, 64
DROPOUT_RATE = 0.0
EPOCHS, BATCH_SIZE, LEARNING_RATE = 1, 32, 1e-3      # the notebook's short run, before the weights are loaded


def _tf():
    return transformer._tf()


def tokenize_align(example, tokenizer):
    """The token ids of one example and the token positions of its answer.

    Args:
        example: a dict with "question", "context", "answer" and "answer_start" (the answer's
            character offset in the context).
        tokenizer: a tokenizers.Tokenizer, with the padding and truncation it should apply.
    Returns:
        {"input_ids": list of int, "attention_mask": list of int, "start_positions": int,
         "end_positions": int}; both positions are 0 (the [CLS] token) when the answer is not
        wholly inside the encoding.
    """
    encoding = tokenizer.encode(example["question"], example["context"])
    start_char = example["answer_start"]
    end_char = start_char + len(example["answer"]) - 1               # the answer's last character
    start_positions = encoding.char_to_token(start_char, 1)          # sequence 1: the context
    end_positions = encoding.char_to_token(end_char, 1)
    if start_positions is None or end_positions is None:
        start_positions, end_positions = 0, 0
    return {"input_ids": encoding.ids, "attention_mask": encoding.attention_mask,
            "start_positions": start_positions, "end_positions": end_positions}


def encode_examples(examples, tokenizer, tokenize_align=tokenize_align):
    """input_ids (m, L) int32, start (m,) and end (m,) int32 from tokenize_align on every example."""
    rows = [tokenize_align(example, tokenizer) for example in examples]
    input_ids = np.array([row["input_ids"] for row in rows], dtype=np.int32)
    start = np.array([row["start_positions"] for row in rows], dtype=np.int32)
    end = np.array([row["end_positions"] for row in rows], dtype=np.int32)
    return input_ids, start, end


def answer_mask(input_ids):
    """1.0 where a token may start or end an answer: [CLS] and the context tokens; 0.0 on the
    question, the [SEP] tokens and the padding. input_ids (n, L), an array or a tensor -> a (n, L)
    float32 tensor."""
    tf = _tf()
    ids = tf.convert_to_tensor(input_ids)
    after_first_sep = tf.cumsum(tf.cast(ids == SEP_ID, tf.int32), axis=1) >= 1
    context = after_first_sep & (ids != SEP_ID) & (ids != PAD_ID)
    return tf.cast(context | (ids == CLS_ID), tf.float32)


_CLASSES = {}


def _classes():
    """The model class, made once (Keras is imported only when a model is needed)."""
    if "TransformerQA" in _CLASSES:
        return _CLASSES
    tf = _tf()
    from keras.layers import Dense

    Model, Encoder = transformer.Model, transformer.Encoder

    class TransformerQA(Model):
        """The Transformer encoder with a start head and an end head: one logit per token each."""

        def __init__(self, num_layers, embedding_dim, num_heads, fully_connected_dim, input_vocab_size,
                     maximum_position_encoding, dropout_rate=0.1):
            super().__init__()
            self.encoder = Encoder(num_layers, embedding_dim, num_heads, fully_connected_dim,
                                   input_vocab_size, maximum_position_encoding, dropout_rate)
            self.start_head = Dense(1)
            self.end_head = Dense(1)

        def call(self, input_ids, training=False):
            """input_ids (n, L) -> start_logits and end_logits, each (n, L); -1e9 where no answer
            can be (question, [SEP], padding)."""
            padding_mask = transformer.create_padding_mask(input_ids)          # (n, 1, L)
            encoded = self.encoder(input_ids, training, padding_mask)         # (n, L, embedding_dim)
            blocked = (1.0 - answer_mask(input_ids)) * -1e9                     # (n, L)
            start_logits = tf.squeeze(self.start_head(encoded), -1) + blocked
            end_logits = tf.squeeze(self.end_head(encoded), -1) + blocked
            return start_logits, end_logits

    _CLASSES["TransformerQA"] = TransformerQA
    return _CLASSES


def qa_model(vocab_size, seed=0, num_layers=NUM_LAYERS, embedding_dim=EMBEDDING_DIM,
             num_heads=NUM_HEADS, fully_connected_dim=FULLY_CONNECTED_DIM, dropout_rate=DROPOUT_RATE):
    """A seeded TransformerQA, built by one call on a dummy batch."""
    import keras

    keras.utils.set_random_seed(seed)
    model = _classes()["TransformerQA"](num_layers, embedding_dim, num_heads, fully_connected_dim,
                                        vocab_size, MAX_LENGTH, dropout_rate)
    model(np.array([[CLS_ID, 5, SEP_ID, 6, SEP_ID]], dtype=np.int32), False)
    return model


def training_step(model, optimizer):
    """The compiled step of the course's GradientTape loop: step(x, y_start, y_end) runs the model,
    takes the mean of the start and end sparse cross-entropies (from logits), applies one update
    with `optimizer` and returns the loss."""
    tf = _tf()
    import keras

    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    @tf.function(reduce_retracing=True)
    def step(x, y_start, y_end):
        with tf.GradientTape() as tape:
            start_logits, end_logits = model(x, True)
            loss = (loss_fn(y_start, start_logits) + loss_fn(y_end, end_logits)) / 2
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        return loss

    return step


def train_qa(model, input_ids, start, end, epochs=1, batch_size=32, learning_rate=1e-3, seed=0,
             callback=None):
    """Train in place with Adam on the mean of the start and end sparse cross-entropies (from
    logits). input_ids (m, L), start and end (m,) token positions. Returns the loss of every batch
    (list of float); `callback(epoch, losses)` runs after each epoch."""
    import keras

    keras.utils.set_random_seed(seed)
    step = training_step(model, keras.optimizers.Adam(learning_rate))
    rng = np.random.default_rng(seed)
    losses = []
    for epoch in range(epochs):
        order = rng.permutation(len(input_ids))
        for first in range(0, len(input_ids) - batch_size + 1, batch_size):   # full batches: one trace
            batch = order[first:first + batch_size]
            losses.append(float(step(input_ids[batch], start[batch], end[batch])))
        if callback is not None:
            callback(epoch, losses)
    return losses


def span_probabilities(model, input_ids):
    """The softmax of the start and end logits, each (n, L) NumPy float32."""
    tf = _tf()
    start_logits, end_logits = model(np.asarray(input_ids, dtype=np.int32), False)
    return np.asarray(tf.nn.softmax(start_logits)), np.asarray(tf.nn.softmax(end_logits))


def predict_spans(model, input_ids, max_answer_tokens=8, batch_size=500):
    """The most probable (start, end) with start <= end < start + max_answer_tokens, as two (n,)
    int arrays."""
    starts, ends = [], []
    for first in range(0, len(input_ids), batch_size):
        p_start, p_end = span_probabilities(model, input_ids[first:first + batch_size])
        L = p_start.shape[1]
        scores = p_start[:, :, None] * p_end[:, None, :]                    # (n, L start, L end)
        offset = np.arange(L)[None, :] - np.arange(L)[:, None]              # end - start
        scores = np.where((offset >= 0) & (offset < max_answer_tokens), scores, -1.0)
        best = scores.reshape(len(scores), -1).argmax(axis=1)
        starts.append(best // L)
        ends.append(best % L)
    return np.concatenate(starts), np.concatenate(ends)


def answer_texts(encodings, contexts, starts, ends):
    """The words of the context between tokens start and end (inclusive) of each encoding; "" for
    a span at [CLS] (no answer)."""
    texts = []
    for encoding, context, s, e in zip(encodings, contexts, starts, ends):
        if s == 0 or encoding.sequence_ids[s] != 1 or encoding.sequence_ids[e] != 1:
            texts.append("")
        else:
            texts.append(context[encoding.offsets[s][0]:encoding.offsets[e][1]])
    return texts


def exact_match(predictions, answers):
    """The share of predictions equal to their answer (lower case, spaces stripped)."""
    if not len(answers):
        return float("nan")
    return float(np.mean([p.strip().lower() == a.strip().lower() for p, a in zip(predictions, answers)]))


def answer_questions(model, tokenizer, context, questions):
    """The model's answers (str) to questions about one story; tokenizer padded to MAX_LENGTH."""
    encodings = tokenizer.encode_batch([(question, context) for question in questions])
    input_ids = np.array([encoding.ids for encoding in encodings], dtype=np.int32)
    starts, ends = predict_spans(model, input_ids)
    return answer_texts(encodings, [context] * len(questions), starts, ends)


def baseline_answers(examples, train_examples):
    """Three answers that need no model, per example: {"the most frequent training answer": [...],
    "the first word of the story": [...], "the last word of the story": [...]}."""
    answers = [example["answer"] for example in train_examples]
    most_frequent = max(sorted(set(answers)), key=answers.count)
    words = [example["context"].rstrip(".").split() for example in examples]
    return {f"always '{most_frequent}' (the most frequent training answer)": [most_frequent] * len(examples),
            "the first word of the story": [w[0] for w in words],
            "the last word of the story": [w[-1] for w in words]}


def plot_span_probabilities(tokens, p_start, p_end, title):
    """The start and end probabilities over the tokens of one encoding, as two bar rows (returns
    None, so that a cell ending with it shows the figure once)."""
    import matplotlib.pyplot as plt

    x = np.arange(len(tokens))
    fig, axes = plt.subplots(2, 1, figsize=(max(8, 0.3 * len(tokens)), 4.8), sharex=True)
    for ax, p, label, colour in ((axes[0], p_start, "P(start)", "tab:blue"),
                                 (axes[1], p_end, "P(end)", "tab:orange")):
        ax.bar(x, p, color=colour)
        ax.set_ylim(0, 1)
        ax.set_ylabel(label)
    axes[1].set_xticks(x)
    axes[1].set_xticklabels(tokens, rotation=90)
    axes[1].set_xlabel("token")
    fig.suptitle(title)
    fig.tight_layout()
