"""Graders for course5_sequence_models/w4_a2_transformer_preprocessing.ipynb.

embeddings_with_positions is called on the grader's own arrays (two shapes, so that a hard-coded
sequence length fails; encodings longer than the sequences, so that the slice is needed) and
compared with utils.nn.transformer.embeddings_with_positions; known mistakes are named.
"""

import numpy as np

from utils.grading import Checker
from utils.nn import transformer as ref


def check_embeddings_with_positions(embeddings_with_positions):
    c = Checker(embeddings_with_positions, "embeddings_with_positions", error_hints=[
        (ValueError, r"operands could not be broadcast together",
         "The encodings are longer than the sequences: add only the first seq_len of them, "
         "pos_encoding[:, :seq_len, :], with seq_len = embeddings.shape[1]."),
    ])
    rng = np.random.default_rng(7)
    for n, seq_len, d, W1, W2 in ((2, 4, 6, 2.5, 0.5), (3, 6, 4, 1.0, 3.0)):
        embeddings = rng.normal(0, 1, (n, seq_len, d))
        pos_encoding = ref.positional_encoding_numpy(seq_len + 5, d).astype(np.float64)
        got = c.call(embeddings, pos_encoding, W1, W2)
        want = ref.embeddings_with_positions(embeddings, pos_encoding, W1, W2)
        pe = pos_encoding[:, :seq_len, :]
        mistakes = {
            "W1 weighs the encodings and W2 the embeddings; it is W1 * embeddings + W2 * PE":
                W2 * embeddings + W1 * pe,
            "W2 is left out": W1 * embeddings + pe,
            "W1 is left out": embeddings + W2 * pe,
            "the embeddings are multiplied by sqrt(d) on top of W1; W1 already holds the scale":
                W1 * np.sqrt(d) * embeddings + W2 * pe,
            "the encoding of position 0 is added everywhere; add pos_encoding[:, :seq_len, :]":
                W1 * embeddings + W2 * pos_encoding[:, :1, :],
        }
        c.same_array(got, want, what="the combined vectors", rtol=1e-6, atol=1e-9, mistakes=mistakes,
                     hint="W1 * embeddings + W2 * pos_encoding[:, :seq_len, :]")
    c.ok("shape (n, seq_len, d) for two shapes, with encodings longer than the sequences")
    c.ok("W1 * embeddings + W2 * the encodings of the first seq_len positions (rtol 1e-6)")
    c.done()
