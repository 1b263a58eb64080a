"""Graders for course5_sequence_models/w4_a4_transformer_qa.ipynb.

tokenize_align is called on the grader's own stories with fresh copies of the project's tokenizer
(utils.data.load_tokenizer), padded and truncated to lengths other than the notebook's, and
compared with utils.nn.transformer_qa.tokenize_align: the token ids and attention mask of
"[CLS] question [SEP] context [SEP]", then the start and end token positions of a one-token
answer, of a five-token answer ("wine cellar") that also occurs earlier in the story (so that
str.find gives the wrong one), of answers cut off by truncation wholly or in part (both positions
0, the [CLS] token), and without padding. Wrong positions that match a known mistake (the
character after the answer, sequence index 0, character offsets, str.find, positions counted
from the start of the context, the original's fallback) are named.
"""

import numpy as np

from utils import data
from utils.grading import Checker, describe
from utils.nn import transformer_qa as ref

KEYS = ("input_ids", "attention_mask", "start_positions", "end_positions")


def _tokenizer(length):
    """A fresh project tokenizer, padded and truncated to `length` tokens (None: neither)."""
    tokenizer = data.load_tokenizer()
    if length:
        tokenizer.enable_padding(length=length)
        tokenizer.enable_truncation(max_length=length)
    return tokenizer


def _example(question, context, answer, occurrence=-1):
    """An example whose answer_start is the answer's `occurrence` (-1: the last) in the context."""
    starts = [i for i in range(len(context)) if context.startswith(answer, i)]
    return {"task": "grader", "context": context, "question": question, "answer": answer,
            "answer_start": starts[occurrence], "support": 0}


# (what the case shows, example, padding and truncation length)
CASES = [
    ("a one-token answer",
     _example("Where is Sandra?", "John moved to the bedroom. Sandra went to the garden.", "garden"), 30),
    ("a five-token answer ('w ##ine c ##ell ##ar') that also occurs earlier in the story",
     _example("Where is Mary?", "Mary went to the wine cellar. John went to the greenhouse. "
              "Mary moved to the wine cellar.", "wine cellar"), 40),
    ("an answer that truncation cuts off",
     _example("Where is Daniel?", "Sandra journeyed to the hallway. Daniel went back to the garden. "
              "Sandra moved to the bedroom. John travelled to the office. Daniel went to the kitchen.",
              "kitchen"), 24),
    ("an answer that truncation cuts in two (its first two tokens are kept)",
     _example("Where is Mary?", "Mary went to the wine cellar. John went to the greenhouse. "
              "Mary moved to the wine cellar.", "wine cellar"), 32),
    ("a tokenizer without padding or truncation",
     _example("Where is Daniel?", "Sandra journeyed to the hallway. Daniel went back to the garden. "
              "Sandra moved to the bedroom. Daniel went to the kitchen. John travelled to the office.",
              "kitchen"), None),
]


def _positions(example, tokenizer, mistake=None):
    """(start, end) of the reference, or of a known mistake."""
    encoding = tokenizer.encode(example["question"], example["context"])
    start_char = example["answer_start"]
    if mistake == "find":
        start_char = example["context"].find(example["answer"])
    end_char = start_char + len(example["answer"]) - (0 if mistake == "past_end" else 1)
    if mistake in ("chars", "chars_past_end"):
        return start_char, end_char + (1 if mistake == "chars_past_end" else 0)
    sequence = 0 if mistake == "sequence_0" else 1
    start = encoding.char_to_token(start_char, sequence)
    end = encoding.char_to_token(end_char, sequence)
    if mistake == "fallback_past_end":
        return (len(encoding.ids) if start is None else start,
                len(encoding.ids) if end is None else end)
    if mistake == "fallback_each":
        return (0 if start is None else start), (0 if end is None else end)
    if start is None or end is None:
        return 0, 0
    if mistake == "exclusive_end":
        return start, end + 1
    if mistake == "from_context":
        first = encoding.sequence_ids.index(1)
        return start - first, end - first
    return start, end


_ONE_TOO_FAR = ("end_positions is one token too far: the end is inclusive, the token of the answer's "
                "last character, answer_start + len(answer) - 1, not the character or the token "
                "after the answer")
MISTAKES = {
    "past_end": _ONE_TOO_FAR,
    "exclusive_end": _ONE_TOO_FAR,
    "sequence_0": "the positions are looked up in sequence 0, the question: the context is sequence "
                  "1, encoding.char_to_token(char, 1)",
    "chars": "these are character offsets in the context, not token positions: convert them with "
             "encoding.char_to_token(char, 1)",
    "chars_past_end": "these are character offsets in the context, not token positions: convert "
                      "them with encoding.char_to_token(char, 1)",
    "find": "the start comes from context.find(answer), which finds the answer's first occurrence; "
            "the example's answer_start gives the right one",
    "from_context": "the positions are counted from the first token of the context; they index "
                    "the whole encoding, [CLS] and the question included (char_to_token gives that)",
    "fallback_past_end": "an answer outside the encoding gets the position just past the end, as "
                         "the original course did (tokenizer.model_max_length, which PyTorch's loss "
                         "ignores). This project uses 0, the [CLS] token, which Keras's sparse "
                         "cross-entropy accepts",
    "fallback_each": "only the missing end was set to 0: an answer that is not wholly inside the "
                     "encoding is no answer, so both positions are 0",
}


def _tokens(encoding, start, end):
    """The tokens from start to end, for the message."""
    if not (0 <= start <= end < len(encoding.tokens)):
        return "outside the encoding"
    return "tokens " + " ".join(encoding.tokens[start:end + 1])


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _int_list(value):
    """A list of int from a list, tuple or 1-d integer array; None for anything else."""
    if isinstance(value, np.ndarray) and value.ndim == 1 and np.issubdtype(value.dtype, np.integer):
        return [int(v) for v in value]
    if isinstance(value, (list, tuple)) and all(_is_int(v) for v in value):
        return [int(v) for v in value]
    return None


def _check_structure(c, got, example, tokenizer, what, cut):
    if not isinstance(got, dict):
        c.fail(f"should return a dict, not {describe(got)}", expected="a dict with keys " + ", ".join(KEYS),
               hint="Did you forget the `return` statement?" if got is None else
               "Return {'input_ids': ..., 'attention_mask': ..., 'start_positions': ..., "
               "'end_positions': ...}.")
    missing = [k for k in KEYS if k not in got]
    if missing:
        c.fail(f"the returned dict has no key {', '.join(map(repr, missing))}",
               expected="keys " + ", ".join(map(repr, KEYS)), got="keys " + ", ".join(map(repr, got)))
    encoding = tokenizer.encode(example["question"], example["context"])
    for key, want in (("input_ids", encoding.ids), ("attention_mask", encoding.attention_mask)):
        values = _int_list(got[key])
        if values is None:
            c.fail(f"{key!r} should be a list of int, not {describe(got[key])}",
                   hint=f"Take it from the encoding: encoding.{key.replace('input_', '')}.")
        if values != want:
            swapped = tokenizer.encode(example["context"], example["question"])
            hint = None
            if key == "input_ids" and values == swapped.ids:
                hint = ("The story comes first here. This project puts the question first, as Hugging "
                        "Face's question-answering examples do (the original course put the story "
                        "first): tokenizer.encode(example['question'], example['context']); the context "
                        "is then sequence 1.")
            c.fail(f"{key!r} is not the tokenizer's for {what}",
                   expected=describe(np.array(want)) if len(want) <= 12 else f"{len(want)} ids: {want}",
                   got=f"{len(values)} ids: {values}",
                   hint=hint or "Encode with the tokenizer you are given, question then context, "
                   "and return the encoding's own ids and attention mask (it pads and truncates "
                   "them for you).")
    for key in ("start_positions", "end_positions"):
        value = got[key]
        if value is None:
            why = ("here truncation cut the answer off: an answer that is not wholly in the encoding "
                   "gets both positions 0, the [CLS] token" if cut else "the answer is in this "
                   "encoding, so the character looked up is not one of the answer's, or not in the "
                   "context's sequence (index 1)")
            c.fail(f"{key!r} is None for {what}",
                   hint=f"char_to_token gives None for a character that no token holds; {why}.")
        if isinstance(value, np.ndarray) and value.ndim == 0 and np.issubdtype(value.dtype, np.integer):
            value = value.item()
        if not _is_int(value):
            c.fail(f"{key!r} should be an int (a token position), not {describe(value)}",
                   hint="encoding.char_to_token(char, 1) gives the position of the token that "
                   "holds character `char` of the context.")
    return encoding


def check_tokenize_align(tokenize_align):
    c = Checker(tokenize_align, "tokenize_align")
    for what, example, length in CASES:
        tokenizer = _tokenizer(length)
        got = c.call(example, tokenizer, mutation_ok=(1,))        # the tokenizer (compared by identity)
        reference = ref.tokenize_align(example, tokenizer)
        want = (reference["start_positions"], reference["end_positions"])
        encoding = _check_structure(c, got, example, tokenizer, what, cut=want == (0, 0))
        start, end = (int(np.asarray(got[k]).item()) for k in ("start_positions", "end_positions"))
        if (start, end) == want:
            continue
        hint = next((f"This looks like a known mistake: {text}." for key, text in MISTAKES.items()
                     if _positions(example, tokenizer, key) == (start, end)), None)
        answer = f"answer {example['answer']!r} at character {example['answer_start']}"
        c.fail(f"wrong positions for {what} ({answer}; question {example['question']!r}, padding "
               f"and truncation {length or 'off'})",
               expected=f"start_positions {want[0]}, end_positions {want[1]} "
                        f"({_tokens(encoding, *want) if want != (0, 0) else 'the [CLS] token: no answer'})",
               got=f"start_positions {start}, end_positions {end} ({_tokens(encoding, start, end)})",
               hint=hint or "start: encoding.char_to_token(answer_start, 1); end: the same for the "
               "answer's last character, answer_start + len(answer) - 1; both 0 if either is None.")
    c.ok("a dict with the tokenizer's input_ids and attention_mask, question first, padded or not")
    c.ok("start and end token positions of one- and five-token answers, from answer_start")
    c.ok("an answer cut off by truncation, wholly or in part: both positions 0 (the [CLS] token)")
    c.done()
