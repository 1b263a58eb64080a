"""Graders of course5_sequence_models/w4_a2 (solution and blank stub: tests/test_grader_contract.py):
the original lab's weighted sum passes, and wrong weightings (swapped, missing, a double scale),
an unsliced or position-0 encoding, None and a list are rejected with the mistake named."""

import numpy as np
from helpers import passes, rejects

from utils.graders.course5_sequence_models import w4_a2_transformer_preprocessing as grader


def original(embeddings, pos_encoding, W1=1.0, W2=1.0):
    return embeddings * W1 + pos_encoding[:, :embeddings.shape[1], :] * W2


def test_original_passes():
    passes(grader.check_embeddings_with_positions, original)


def test_wrong_versions():
    check = grader.check_embeddings_with_positions
    rejects(check, lambda e, p, W1=1.0, W2=1.0: W2 * e + W1 * p[:, :e.shape[1], :], "W1 weighs the encodings")
    rejects(check, lambda e, p, W1=1.0, W2=1.0: W1 * e + p[:, :e.shape[1], :], "W2 is left out")
    rejects(check, lambda e, p, W1=1.0, W2=1.0: e + W2 * p[:, :e.shape[1], :], "W1 is left out")
    rejects(check, lambda e, p, W1=1.0, W2=1.0: W1 * np.sqrt(e.shape[-1]) * e + W2 * p[:, :e.shape[1], :],
            "multiplied by sqrt(d) on top of W1")
    rejects(check, lambda e, p, W1=1.0, W2=1.0: W1 * e + W2 * p[:, :1, :], "position 0 is added everywhere")
    rejects(check, lambda e, p, W1=1.0, W2=1.0: W1 * e + W2 * p, "raised ValueError",
            "pos_encoding[:, :seq_len, :]")
    rejects(check, lambda e, p, W1=1.0, W2=1.0: W1 * e + W2 * p[:, :4, :], "shape")
    rejects(check, lambda e, p, W1=1.0, W2=1.0: None, "None")
