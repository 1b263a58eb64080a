"""Graders of course5_sequence_models/w4_a3 (solution and blank stub: tests/test_grader_contract.py):
the original lab's loop (previous_word_idx, label_all_tokens=True) passes, and the wrong alignments
(a shift by one at [CLS] either way, labels read by token position or from the word before,
special tokens labelled, pieces not inheriting their word's label, the first text's tags for
every text, a hard-coded length), odd returns (None, a tuple, ragged lists, floats with NaN) and an
exception are rejected with the mistake named."""

import numpy as np
from helpers import passes, rejects

from utils.graders.course5_sequence_models import w4_a3_transformer_ner as grader
from utils.nn import transformer_ner as ref

check = grader.check_tokenize_and_align_labels


def aligned(label_of, special=-100, as_array=True):
    """A version of the exercise whose label for token j (word id w, tags t of its text) is
    label_of(t, w, j, previous word id)."""
    def tokenize_and_align_labels(tokenizer, examples, tags):
        encodings = tokenizer.encode_batch(examples)
        labels = []
        for i, label in enumerate(tags):
            row, previous = [], None
            for j, word in enumerate(encodings[i].word_ids):
                row.append(special if word is None else label_of(label, word, j, previous))
                previous = word
            labels.append(row)
        input_ids = np.array([e.ids for e in encodings])
        return {"input_ids": input_ids, "labels": np.array(labels) if as_array else labels}
    return tokenize_and_align_labels


def original(tokenizer, examples, tags):
    """The original course's loop, written for this tokenizer (encode_batch, encoding.word_ids)."""
    label_all_tokens = True
    tokenized_inputs = tokenizer.encode_batch(examples)
    labels = []
    for i, label in enumerate(tags):
        word_ids = tokenized_inputs[i].word_ids
        previous_word_idx = None
        label_ids = []
        for word_idx in word_ids:
            if word_idx is None:
                label_ids.append(-100)
            elif word_idx != previous_word_idx:
                label_ids.append(label[word_idx])
            else:
                label_ids.append(label[word_idx] if label_all_tokens else -100)
            previous_word_idx = word_idx
        labels.append(label_ids)
    return {"input_ids": [e.ids for e in tokenized_inputs], "labels": labels,
            "attention_mask": [e.attention_mask for e in tokenized_inputs]}


def via_offsets(tokenizer, examples, tags):
    """Alignment through the offsets: a token belongs to the word whose characters hold its own."""
    encodings = tokenizer.encode_batch(examples)
    labels = []
    for encoding, label in zip(encodings, tags):
        spans = ref.word_spans(encoding)
        row = []
        for (start, end), special in zip(encoding.offsets, encoding.special_tokens_mask):
            if special:
                row.append(-100)
            else:
                row.append(label[next(w for w, (a, b) in enumerate(spans) if a <= start and end <= b)])
        labels.append(row)
    return {"input_ids": np.array([e.ids for e in encodings]), "labels": np.array(labels, dtype=np.int64)}


def test_reference_original_and_offsets_pass():
    passes(check, ref.tokenize_and_align_labels)
    passes(check, original)
    passes(check, via_offsets)
    passes(check, aligned(lambda t, w, j, p: t[w], as_array=False))


def test_wrong_alignments():
    rejects(check, aligned(lambda t, w, j, p: t[w], special=0), "labelled 0", "-100")
    rejects(check, aligned(lambda t, w, j, p: t[w] if w != p else -100), "only the first piece",
            "label_all_tokens=True")
    rejects(check, aligned(lambda t, w, j, p: t[w - 1]), "the word before its own")
    rejects(check, aligned(lambda t, w, j, p: t[j]), "raised IndexError", "not its position in the sequence")
    rejects(check, aligned(lambda t, w, j, p: t[w + 1] if w + 1 < len(t) else 0), "is wrong at", "[CLS]")


def test_shifts_at_cls():
    def left(tokenizer, examples, tags):
        out = ref.tokenize_and_align_labels(tokenizer, examples, tags)
        labels = np.concatenate([out["labels"][:, 1:], np.full((len(examples), 1), -100)], axis=1)
        return {"input_ids": out["input_ids"], "labels": labels}

    def right(tokenizer, examples, tags):
        out = ref.tokenize_and_align_labels(tokenizer, examples, tags)
        labels = np.concatenate([np.full((len(examples), 1), -100), out["labels"][:, :-1]], axis=1)
        return {"input_ids": out["input_ids"], "labels": labels}

    rejects(check, left, "shifted one place to the left")
    rejects(check, right, "shifted one place to the right")


def test_other_mistakes():
    def first_text_tags(tokenizer, examples, tags):
        return ref.tokenize_and_align_labels(tokenizer, examples, [tags[0]] * len(tags))

    def hard_coded_length(tokenizer, examples, tags):
        tokenizer.enable_padding(length=32)
        tokenizer.enable_truncation(max_length=32)
        return ref.tokenize_and_align_labels(tokenizer, examples, tags)

    def unpadded(tokenizer, examples, tags):
        tokenizer.no_padding()
        encodings = tokenizer.encode_batch(examples)
        return {"input_ids": [e.ids for e in encodings],
                "labels": [[-100 if w is None else t[w] for w in e.word_ids]
                           for e, t in zip(encodings, tags)]}

    rejects(check, first_text_tags, "labels of the first text")
    rejects(check, hard_coded_length, "shape (3, 32); expected (3, 16)")
    rejects(check, unpadded, "rows of lengths", "as long as encoding.word_ids")


def test_odd_returns_do_not_crash():
    out = ref.tokenize_and_align_labels

    rejects(check, lambda tokenizer, examples, tags: None, 'a dict with the keys "input_ids" and "labels"')
    rejects(check, lambda tokenizer, examples, tags: tuple(out(tokenizer, examples, tags).values()), "a dict")
    rejects(check, lambda tokenizer, examples, tags: {**out(tokenizer, examples, tags), "labels": None},
            'result["labels"] is None')
    rejects(check, lambda tokenizer, examples, tags: {**out(tokenizer, examples, tags), "labels": np.full(
        (len(examples), 32), np.nan)}, "dtype float64; expected integers")
    rejects(check, lambda tokenizer, examples, tags: {**out(tokenizer, examples, tags), "input_ids": np.zeros(
        (len(examples), 32), dtype=int)}, 'result["input_ids"] are not the token ids')
    rejects(check, lambda tokenizer, examples, tags: {"input_ids": 1, "labels": 2}, "(m, T) array")

    def raises(tokenizer, examples, tags):
        encodings = tokenizer.encode_batch(examples)
        return [tags[i][w] for i, e in enumerate(encodings) for w in e.word_ids]

    rejects(check, raises, "raised TypeError", "word id None")
