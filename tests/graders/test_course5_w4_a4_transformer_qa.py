"""Graders of course5_sequence_models/w4_a4 (solution and blank stub: tests/test_grader_contract.py):
tokenize_align written the original course's way (char_to_token on the answer's first and last
characters) passes, and wrong versions are rejected with the mistake named: the character after
the answer, an exclusive end, sequence index 0, character offsets, str.find, positions counted
from the context, no fallback, the original's fallback past the end, a fallback for one end only,
the story first, the ids unpadded; odd outputs (None, a tuple, NaN, an exception) are reported."""

import numpy as np
from helpers import passes, rejects

from utils.graders.course5_sequence_models import w4_a4_transformer_qa as grader
from utils.nn import transformer_qa as ref

check = grader.check_tokenize_align


def tokenize_align(example, tokenizer, end_shift=-1, sequence=1, chars=False, find=False,
                   fallback="both", exclusive=False, from_context=False, story_first=False):
    """The original course's way, with switches for the wrong versions."""
    question, context = example["question"], example["context"]
    encoding = tokenizer.encode(context, question) if story_first else tokenizer.encode(question, context)
    str_idx = example["context"].find(example["answer"]) if find else example["answer_start"]
    end_idx = str_idx + len(example["answer"])
    if chars:
        return {"input_ids": encoding.ids, "attention_mask": encoding.attention_mask,
                "start_positions": str_idx, "end_positions": end_idx + end_shift}
    start_positions = encoding.char_to_token(str_idx, sequence)
    end_positions = encoding.char_to_token(end_idx + end_shift, sequence)
    if fallback == "both" and (start_positions is None or end_positions is None):
        start_positions = end_positions = 0
    elif fallback == "past_end":
        start_positions = len(encoding.ids) if start_positions is None else start_positions
        end_positions = len(encoding.ids) if end_positions is None else end_positions
    elif fallback == "each":
        start_positions = start_positions or 0
        end_positions = end_positions or 0
    if exclusive and start_positions:
        end_positions += 1
    if from_context and start_positions:
        first = encoding.sequence_ids.index(1)
        start_positions, end_positions = start_positions - first, end_positions - first
    return {"input_ids": encoding.ids, "attention_mask": encoding.attention_mask,
            "start_positions": start_positions, "end_positions": end_positions}


def test_original_way_and_reference_pass():
    passes(check, tokenize_align)
    passes(check, ref.tokenize_align)


def test_offsets_instead_of_char_to_token_pass():
    def with_offsets(example, tokenizer):
        encoding = tokenizer.encode(example["question"], example["context"])
        first, last = example["answer_start"], example["answer_start"] + len(example["answer"])
        inside = [i for i, (s, (a, b)) in enumerate(zip(encoding.sequence_ids, encoding.offsets))
                  if s == 1 and a < last and b > first]
        whole = inside and encoding.offsets[inside[0]][0] <= first and encoding.offsets[inside[-1]][1] >= last
        start, end = (inside[0], inside[-1]) if whole else (0, 0)
        return {"input_ids": np.array(encoding.ids), "attention_mask": encoding.attention_mask,
                "start_positions": np.int64(start), "end_positions": end}
    passes(check, with_offsets)


def test_wrong_positions():
    rejects(check, lambda e, t: tokenize_align(e, t, end_shift=0), "one token too far",
            "answer_start + len(answer) - 1")
    rejects(check, lambda e, t: tokenize_align(e, t, exclusive=True), "one token too far")
    rejects(check, lambda e, t: tokenize_align(e, t, sequence=0), "sequence 0, the question")
    rejects(check, lambda e, t: tokenize_align(e, t, chars=True), "character offsets")
    rejects(check, lambda e, t: tokenize_align(e, t, find=True), "context.find(answer)",
            "five-token answer")
    rejects(check, lambda e, t: tokenize_align(e, t, from_context=True), "counted from the first token")


def test_wrong_fallbacks():
    rejects(check, lambda e, t: tokenize_align(e, t, fallback=None), "'start_positions' is None",
            "truncation cuts off", "here truncation cut the answer off", "both positions 0")
    rejects(check, lambda e, t: tokenize_align(e, t, sequence=0, fallback=None), "is None",
            "one-token answer", "not in the context's sequence (index 1)")
    rejects(check, lambda e, t: tokenize_align(e, t, fallback="past_end"), "as the original course did",
            "0, the [CLS] token")
    rejects(check, lambda e, t: tokenize_align(e, t, fallback="each"), "cuts in two",
            "only the missing end")


def test_wrong_ids_and_outputs():
    rejects(check, lambda e, t: tokenize_align(e, t, story_first=True), "The story comes first",
            "question first")
    rejects(check, lambda e, t: dict(tokenize_align(e, t), input_ids=t.encode(e["question"]).ids),
            "'input_ids' is not the tokenizer's")
    rejects(check, lambda e, t: None, "should return a dict", "`return`")
    rejects(check, lambda e, t: (1, 2), "should return a dict")
    rejects(check, lambda e, t: {"input_ids": []}, "no key 'attention_mask'")
    rejects(check, lambda e, t: dict(tokenize_align(e, t), start_positions=float("nan")),
            "should be an int", "nan")
    rejects(check, lambda e, t: dict(tokenize_align(e, t), end_positions=[3]), "should be an int")
    rejects(check, lambda e, t: dict(tokenize_align(e, t), input_ids="ids"), "should be a list of int")
    rejects(check, lambda e, t: e["missing"], "raised KeyError", "'missing'")


def test_not_a_function():
    rejects(check, {"input_ids": []}, "needs your function itself")
