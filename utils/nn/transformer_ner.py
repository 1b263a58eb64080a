"""Named-entity recognition with the Transformer encoder of w4_a1: the lab
course5_sequence_models/w4_a3_transformer_ner, on the résumés of DATA.md `ner`.

The labels are BIO tags per word: "B-<type>" on the first word of an entity, "I-<type>" on the
words after it, "O" outside; with the ten entity types that makes 21 labels, ids 0 ("O") to 20.
A "word" is what the tokenizer's pre-tokenizer cuts (whitespace and punctuation apart), which is
what `encoding.word_ids` counts: `word_tags` gives each word its tag from the character spans of
the annotation, after `trim_spans` moved the spans' ends past any white space, as the original's
cleaning does. `tokenize_and_align_labels` (the lab's exercise) spreads the word tags over the
sub-word pieces: -100 on [CLS], [SEP] and the padding, and every piece of a word takes its word's
label (the original's label_all_tokens=True).

The model, `TokenClassifier` (the notebook writes it out; `token_classifier` builds this module's
copy at the lab's sizes), is utils.nn.transformer's Encoder and a Dense layer that gives 21
logits per token; `train_token_classifier` trains it with the cross-entropy of the labelled tokens
only. `predict_word_tags` reads each word's tag at its first piece, and the entity-level scores
come from seqeval, the field's standard scorer. `alignment_table` and `entities_html` are the lab's
two figures.
"""

import html

import numpy as np

from utils.nn import transformer

ENTITY_TYPES = ["Name", "Email Address", "Location", "Companies worked at", "Designation", "Degree",
                "College Name", "Graduation Year", "Skills", "Years of Experience"]
LABELS = ["O"] + [f"{prefix}-{kind}" for kind in ENTITY_TYPES for prefix in ("B", "I")]
TAG2ID = {tag: i for i, tag in enumerate(LABELS)}
ID2TAG = dict(enumerate(LABELS))
IGNORE = -100                  # the label of tokens the loss skips, as in the original
MAX_LENGTH = 256               # every résumé fits (the longest has 242 tokens)
MASK_ID = 4                    # the tokenizer's [MASK]
FIRST_WORD_ID = 5              # ids below are [PAD], [UNK], [CLS], [SEP], [MASK]

# The lab's model: small enough to train in the notebook on 2 CPU cores.
NUM_LAYERS, EMBEDDING_DIM, NUM_HEADS, FULLY_CONNECTED_DIM, DROPOUT_RATE = 2, 64, 2, 128, 0.1
WINDOW = 4                     # each token attends to the tokens at most this far away


# ---------------------------------------------------------------------------------------------
# From character spans to word tags


def trim_spans(resume):
    """The annotation's spans as sorted (start, end, type) with `end` exclusive and no white
    space at either end. resume: {"content": str, "annotation": [...]} (Dataturks style, `end`
    inclusive)."""
    text = resume["content"]
    spans = []
    for annotation in resume["annotation"]:
        for point in annotation["points"]:
            start, end = point["start"], point["end"] + 1
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            spans.append((start, end, annotation["label"][0]))
    return sorted(spans)


def word_spans(encoding):
    """The character span (start, end) of each word of an encoding, in word order: from the
    first character of its first piece to the last of its last piece."""
    spans = {}
    for word, (start, end) in zip(encoding.word_ids, encoding.offsets):
        if word is not None:
            first, last = spans.get(word, (start, end))
            spans[word] = (min(first, start), max(last, end))
    return [spans[word] for word in sorted(spans)]


def word_tags(encoding, spans):
    """The BIO tag (a string) of every word of `encoding`: B-<type> for a word that starts an
    entity span, I-<type> for a later word inside one, O for the others. spans: trim_spans's."""
    tags = []
    for start, end in word_spans(encoding):
        tag = "O"
        for span_start, span_end, kind in spans:
            if span_start <= start and end <= span_end:
                tag = ("B-" if start == span_start else "I-") + kind
                break
        tags.append(tag)
    return tags


def resume_words_and_tags(tokenizer, resumes):
    """(texts, word tag ids): for each résumé its text and the list of its words' label ids."""
    texts = [resume["content"] for resume in resumes]
    encodings = tokenizer.encode_batch(texts)
    tags = [[TAG2ID[tag] for tag in word_tags(encoding, trim_spans(resume))]
            for encoding, resume in zip(encodings, resumes)]
    return texts, tags


# ---------------------------------------------------------------------------------------------
# The exercise


def tokenize_and_align_labels(tokenizer, examples, tags):
    """Token ids and one label per token for a batch of texts.

    tokenizer: a tokenizers.Tokenizer that pads (and truncates) every text to the same length T.
    examples: m texts (str).  tags: m lists of label ids, one per word of the text (the words that
    encoding.word_ids numbers). Returns {"input_ids": (m, T) int32, "labels": (m, T) int32}:
    -100 on the special tokens and the padding (word id None), else the label of the token's word.
    """
    encodings = tokenizer.encode_batch(examples)
    input_ids = np.array([encoding.ids for encoding in encodings], dtype=np.int32)
    labels = []
    for i, label in enumerate(tags):
        labels.append([IGNORE if word is None else label[word] for word in encodings[i].word_ids])
    return {"input_ids": input_ids, "labels": np.array(labels, dtype=np.int32)}


# ---------------------------------------------------------------------------------------------
# The model

_CLASSES = {}


def _token_classifier_class():
    """The notebook's TokenClassifier (made once: Keras is imported only when a model is needed)."""
    if not _CLASSES:
        tf = transformer._tf()
        from keras.layers import Dense

        class TokenClassifier(transformer.Model):
            """The Transformer encoder and a Dense layer: num_labels logits for every token."""

            def __init__(self, num_layers, embedding_dim, num_heads, fully_connected_dim, input_vocab_size,
                         maximum_position_encoding, num_labels, window, dropout_rate=0.1):
                super().__init__()
                self.encoder = transformer.Encoder(num_layers, embedding_dim, num_heads, fully_connected_dim,
                                                   input_vocab_size, maximum_position_encoding, dropout_rate)
                self.classifier = Dense(num_labels)
                self.window = window

            def call(self, input_ids, training=False):
                """input_ids (n, T) -> logits (n, T, num_labels)."""
                T = tf.shape(input_ids)[1]
                position = tf.range(T)
                nearby = tf.cast(tf.abs(position[:, None] - position[None, :]) <= self.window, tf.float32)
                mask = transformer.create_padding_mask(input_ids) * nearby[tf.newaxis]      # (n, T, T)
                return self.classifier(self.encoder(input_ids, training, mask))

        _CLASSES["TokenClassifier"] = TokenClassifier
    return _CLASSES["TokenClassifier"]


def token_classifier(vocab_size):
    """The lab's model at the lab's sizes, built by one call (a subclassed model has no weights
    before)."""
    model = _token_classifier_class()(
        num_layers=NUM_LAYERS, embedding_dim=EMBEDDING_DIM, num_heads=NUM_HEADS,
        fully_connected_dim=FULLY_CONNECTED_DIM, input_vocab_size=vocab_size,
        maximum_position_encoding=MAX_LENGTH, num_labels=len(LABELS), window=WINDOW,
        dropout_rate=DROPOUT_RATE)
    model(np.array([[2, 5, 6, 3], [2, 7, 3, 0]], dtype=np.int32))
    return model


# ---------------------------------------------------------------------------------------------
# Training and prediction


def _length_batches(input_ids, batch_size, rng):
    """Index batches of texts of similar lengths (sorted by length with a little noise, so that
    the batches change from epoch to epoch), in random order."""
    lengths = (np.asarray(input_ids) != 0).sum(axis=1)
    order = np.argsort(lengths + rng.uniform(0, 8, len(lengths)), kind="stable")
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def train_token_classifier(model, input_ids, labels, epochs, batch_size=8, learning_rate=3e-3,
                           mask_rate=0.3, seed=1, callback=None):
    """Train in place with Adam on the cross-entropy of the labelled tokens (label -100 skipped).

    model(ids, training=...) gives logits (n, T, labels); input_ids and labels (m, T) int.
    A batch holds texts of similar lengths, cut after its longest text, so the padding costs
    little. At every step, a share `mask_rate` of the word tokens is replaced by [MASK]: the model
    must then also read the context, not only the words it has seen (the test résumés hold
    names, companies, places and colleges the training never shows). The step is compiled once
    for any batch shape. `callback(epoch, loss)` runs after each epoch. Returns the mean loss of
    each epoch (list of float).
    """
    tf = transformer._tf()
    import keras

    optimizer = keras.optimizers.Adam(learning_rate)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=IGNORE)
    spec = tf.TensorSpec([None, None], tf.int32)

    @tf.function(input_signature=[spec, spec])
    def step(x, y):
        hidden = (tf.random.uniform(tf.shape(x)) < mask_rate) & (x >= FIRST_WORD_ID)
        x = tf.where(hidden, tf.fill(tf.shape(x), MASK_ID), x)
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        return loss

    input_ids, labels = np.asarray(input_ids, dtype=np.int32), np.asarray(labels, dtype=np.int32)
    lengths = (input_ids != 0).sum(axis=1)
    rng = np.random.default_rng(seed)
    history = []
    for epoch in range(epochs):
        losses = []
        for batch in _length_batches(input_ids, batch_size, rng):
            T = int(lengths[batch].max())
            losses.append(float(step(input_ids[batch, :T], labels[batch, :T])))
        history.append(float(np.mean(losses)))
        if callback is not None:
            callback(epoch, history[-1])
    return history


def predict_word_tags(model, tokenizer, texts, batch_size=64):
    """The predicted BIO tag (str) of every word of each text: the most probable label at the
    word's first piece. The tokenizer pads to one length; each batch is cut after its longest
    text."""
    encodings = tokenizer.encode_batch(texts)
    input_ids = np.array([encoding.ids for encoding in encodings], dtype=np.int32)
    predicted = []
    for start in range(0, len(texts), batch_size):
        batch = input_ids[start:start + batch_size]
        T = int((batch != 0).sum(axis=1).max())
        logits = np.asarray(model(batch[:, :T], training=False))       # (n, T, labels)
        predicted.extend(logits.argmax(axis=-1))
    tags = []
    for encoding, ids in zip(encodings, predicted):
        first_piece = {}
        for j, word in enumerate(encoding.word_ids):
            if word is not None and word not in first_piece and j < len(ids):
                first_piece[word] = ID2TAG[int(ids[j])]
        tags.append([first_piece[word] for word in sorted(first_piece)])
    return tags


def entity_spans(encoding, tags):
    """The entities (start, end, type) of a text, as character spans, from its words' BIO tags."""
    from seqeval.metrics.sequence_labeling import get_entities

    words = word_spans(encoding)
    return [(words[first][0], words[last][1], kind) for kind, first, last in get_entities(list(tags))]


# ---------------------------------------------------------------------------------------------
# Figures


def alignment_table(text, encoding, labels, words=None):
    """A text table, one line per word of `text` (and per special token): the word, its pieces,
    their labels and the word's tag. encoding: tokenizer.encode(text); labels: the token labels
    (T,) from tokenize_and_align_labels; words: show only the first ones."""
    spans = word_spans(encoding)
    rows, seen = [("word", "pieces", "labels", "tag")], {}
    for token, word, label in zip(encoding.tokens, encoding.word_ids, labels):
        if word is None:
            if token != "[PAD]":
                rows.append((token, token, str(int(label)), "(ignored by the loss)"))
        elif word in seen:
            row = rows[seen[word]]
            rows[seen[word]] = (row[0], f"{row[1]} {token}", f"{row[2]} {int(label)}", row[3])
        else:
            if words is not None and len(seen) == words:
                rows.append(("...", "", "", ""))
                break
            seen[word] = len(rows)
            start, end = spans[word]
            rows.append((text[start:end], token, str(int(label)), ID2TAG.get(int(label), "?")))
    width = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(f"{r[0]:{width[0]}}  {r[1]:{width[1]}}  {r[2]:{width[2]}}  {r[3]}".rstrip()
                     for r in rows)


COLOURS = {"Name": "#f4a582", "Email Address": "#92c5de", "Location": "#b8e186",
           "Companies worked at": "#fdb863", "Designation": "#c2a5cf", "Degree": "#80cdc1",
           "College Name": "#f1b6da", "Graduation Year": "#ffff99", "Skills": "#d9d9d9",
           "Years of Experience": "#fddbc7"}


def _marked(text, spans, lines):
    out, position = [], 0
    for start, end, kind in spans:
        out.append(html.escape(text[position:start]))
        out.append(f'<span style="background:{COLOURS[kind]};border-radius:3px;padding:0 2px" '
                   f'title="{kind}">{html.escape(text[start:end])}'
                   f'<sub style="font-size:65%">{html.escape(kind)}</sub></span>')
        position = end
    out.append(html.escape(text[position:]))
    body = "".join(out).split("\n")[:lines]
    return "<br>".join(body)


def entities_html(text, true_spans, predicted_spans, lines=30):
    """HTML: the text twice, side by side, with the true entities highlighted on the left and the
    predicted ones on the right (one colour per type; a legend above)."""
    legend = " ".join(f'<span style="background:{c};padding:0 4px">{html.escape(k)}</span>'
                      for k, c in COLOURS.items())
    cell = 'style="vertical-align:top;text-align:left;font-family:monospace;font-size:80%;width:50%"'
    return (f"<div>{legend}</div><table><tr><th>true entities</th><th>predicted entities</th></tr>"
            f"<tr><td {cell}>{_marked(text, true_spans, lines)}</td>"
            f"<td {cell}>{_marked(text, predicted_spans, lines)}</td></tr></table>")
