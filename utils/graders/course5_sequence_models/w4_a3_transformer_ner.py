"""Graders for course5_sequence_models/w4_a3_transformer_ner.ipynb.

tokenize_and_align_labels is called on the grader's own three résumé-like lines, with the
project's tokenizer padding to 32 tokens, then truncating and padding to 16 (so that a hard-coded
length fails, and truncated texts keep working), and with tags of the grader's own: a label id
per word, drawn so that no two neighbouring words share one (a label taken from the wrong word
shows). The result is compared with utils.nn.transformer_ner.tokenize_and_align_labels; the known
mistakes (a shift by one at [CLS], labels read by token position, special tokens labelled,
pieces that do not inherit their word's label, ...) are named.
"""

import numpy as np

from utils.grading import Checker, describe
from utils.nn import transformer_ner as ref

TEXTS = ["Senior Data Analyst at Deshpande-Rao since 2019; skills: Python, TensorFlow",
         "Kavya Kulkarni | kavya.kulkarni92@gmail.com | Nashik, Maharashtra",
         "B.Tech in Mechanical Engineering, Vellore Institute of Technology (2014)"]
HINT = ("For each token, read its word with encoding.word_ids: None (for [CLS], [SEP] and [PAD]) "
        "gives -100, a word index w gives tags[i][w]. Position 0 is [CLS], so token j is not word j.")


def _tokenizer(length):
    from utils import data

    tokenizer = data.load_tokenizer()
    tokenizer.enable_truncation(max_length=length)
    tokenizer.enable_padding(length=length)
    return tokenizer


def _tags(rng):
    """One label id (0..20) per word of each text (the words truncation cuts off included), no
    two neighbours equal."""
    tags = []
    for encoding in _tokenizer(64).encode_batch(TEXTS):
        words = max(w for w in encoding.word_ids if w is not None) + 1
        ids = [int(rng.integers(0, len(ref.LABELS)))]
        while len(ids) < words:
            ids.append(int((ids[-1] + rng.integers(1, len(ref.LABELS))) % len(ref.LABELS)))
        tags.append(ids)
    return tags


def _mistakes(encodings, tags):
    """The labels (m, T) of known wrong alignments."""
    ignore = ref.IGNORE
    variants = {}

    def add(label, rows):
        variants[label] = np.array(rows)

    add("the special tokens and the padding are labelled 0 (\"O\"); give them -100 so that the "
        "loss skips them",
        [[0 if w is None else t[w] for w in e.word_ids] for e, t in zip(encodings, tags)])
    first_only = []
    for e, t in zip(encodings, tags):
        row, previous = [], None
        for w in e.word_ids:
            row.append(ignore if w is None or w == previous else t[w])
            previous = w
        first_only.append(row)
    add("only the first piece of each word has its label and the other pieces -100: here every "
        "piece inherits its word's label (label_all_tokens=True in the original)", first_only)
    shifted = []
    for e, t in zip(encodings, tags):
        row = [t[w] for w in e.word_ids if w is not None]
        shifted.append(row + [ignore] * (len(e.word_ids) - len(row)))
    add("the labels are shifted one place to the left: the [CLS] token at position 0 must get -100 "
        "too, so that the label of the first piece sits at position 1", shifted)
    add("the labels are shifted one place to the right: [CLS] takes one position, but word ids "
        "already count the words from 0, so tags[i][word_id] needs no correction",
        [[ignore] + [ignore if w is None else t[w] for w in e.word_ids][:-1]
         for e, t in zip(encodings, tags)])
    add("each token takes the label of the word before its own (tags[i][word_id - 1]): word ids "
        "start at 0 with the first word after [CLS], so use tags[i][word_id]",
        [[ignore if w is None else t[w - 1] for w in e.word_ids] for e, t in zip(encodings, tags)])
    if all(len(e.word_ids) <= len(t) for e, t in zip(encodings, tags)):
        add("a token takes the label at its own position (tags[i][j]) instead of its word's "
            "(tags[i][word_ids[j]]): a word cut into pieces spans several positions, and position 0 "
            "is [CLS]",
            [[ignore if w is None else t[j] for j, w in enumerate(e.word_ids)]
             for e, t in zip(encodings, tags)])
    add("every text takes the labels of the first text: use the tags of text i (tags[i]) for its "
        "own tokens",
        [[ignore if w is None else tags[0][w] for w in e.word_ids] for e in encodings])
    return variants


def _as_int_array(c, value, what, shape):
    """value (an array, a tensor or a list of lists) as an integer array of `shape`, or a failure."""
    if value is None:
        c.fail(f"{what} is None", hint="Did you forget to fill it, or to return it?")
    try:
        array = np.asarray(value)
    except Exception:
        array = None
    if array is None or array.dtype == object or array.ndim != 2:
        lengths = sorted({len(row) for row in value}) if isinstance(value, (list, tuple)) and all(
            isinstance(row, (list, tuple)) for row in value) else None
        c.fail(f"{what} should be an (m, T) array of integers, with m = {shape[0]} texts and "
               f"T = {shape[1]} tokens", got=describe(value) + (
                   f" (rows of lengths {lengths})" if lengths and len(lengths) > 1 else ""),
               hint="Give every token of every encoding one label, the padding included: one list "
               "per text, as long as encoding.word_ids." if lengths and len(lengths) > 1 else None)
    if array.shape != shape:
        c.fail(f"{what} has shape {array.shape}; expected {shape} ({shape[0]} texts of {shape[1]} "
               "tokens: the tokenizer given pads every text to that length)", got=describe(array),
               hint="Use the tokenizer as it is given (do not change its padding), and one label per "
               "token of encoding.word_ids.")
    if array.dtype.kind not in "iu":
        if array.dtype.kind == "f" and np.all(np.isfinite(array)) and np.all(array == np.round(array)):
            return array.astype(np.int64)
        c.fail(f"{what} has dtype {array.dtype}; expected integers", got=describe(array),
               hint="Label ids and -100 are whole numbers: np.array(labels, dtype=np.int32).")
    return array


class _Checker(Checker):
    """Checker that names the call in words (the tokenizer's repr is long and says little)."""

    call_text = None

    def _call_text(self, args, kwargs):
        return self.call_text or super()._call_text(args, kwargs)


def _same_labels(c, got, want, encodings, mistakes):
    """Integer labels compared exactly; the first wrong token is named, and a known mistake."""
    if np.array_equal(got, want):
        return
    i, j = (int(k) for k in np.argwhere(got != want)[0])
    token = encodings[i].tokens[j]
    word = encodings[i].word_ids[j]
    where = f"text {i}, token {j} ({token!r}, " + ("a special token)" if word is None else f"word {word})")
    mistake = c._matching_mistake(got, mistakes, 0, 0)
    c.fail(f'result["labels"] is wrong at {int((got != want).sum())} of {want.size} tokens; the first '
           f"is at {where}", expected=str(int(want[i, j])), got=str(int(got[i, j])), hint=mistake or HINT)


def check_tokenize_and_align_labels(tokenize_and_align_labels):
    c = _Checker(tokenize_and_align_labels, "tokenize_and_align_labels", error_hints=[
        (IndexError, r"list index out of range",
         "A word index went past the end of the text's tags: read the word of each token with "
         "encoding.word_ids (None for special tokens), not its position in the sequence."),
        (TypeError, r"list indices must be integers or slices, not NoneType",
         "The special tokens [CLS], [SEP] and [PAD] have the word id None: give them -100 before "
         "reading tags[i][word_id]."),
    ])
    rng = np.random.default_rng(11)
    for length in (32, 16):
        encodings = _tokenizer(length).encode_batch(TEXTS)
        tags = _tags(rng)
        c.call_text = (f"tokenize_and_align_labels(tokenizer (pads and truncates to {length} tokens), "
                       f"examples ({len(TEXTS)} texts), tags ({len(TEXTS)} lists of word label ids))")
        result = c.call(_tokenizer(length), list(TEXTS), [list(t) for t in tags],
                        mutation_ok=("tokenizer", 0))
        want = ref.tokenize_and_align_labels(_tokenizer(length), TEXTS, tags)
        if not isinstance(result, dict) or "input_ids" not in result or "labels" not in result:
            c.fail("should return a dict with the keys \"input_ids\" and \"labels\"", got=describe(result),
                   hint="Keep the given return statement: "
                   "return {\"input_ids\": input_ids, \"labels\": np.array(labels, dtype=np.int32)}.")
        shape = want["labels"].shape
        input_ids = _as_int_array(c, result["input_ids"], 'result["input_ids"]', shape)
        if not np.array_equal(input_ids, want["input_ids"]):
            c.fail('result["input_ids"] are not the token ids of the encodings', got=describe(input_ids),
                   hint="Keep the given line: input_ids = np.array([encoding.ids for encoding in "
                   "encodings], dtype=np.int32), one row per text.")
        labels = _as_int_array(c, result["labels"], 'result["labels"]', shape)
        _same_labels(c, labels, want["labels"], encodings, _mistakes(encodings, tags))
    c.ok("a dict of (m, T) integer arrays input_ids and labels, for T = 32 and for T = 16 with "
         "truncation")
    c.ok("-100 on [CLS], [SEP] and the padding; every piece of a word carries its word's label")
    c.done()
