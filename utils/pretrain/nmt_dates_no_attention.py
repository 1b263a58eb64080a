"""The date translator without attention, for comparison: `python -m utils.pretrain nmt_dates_no_attention`.

The same budget as `nmt_dates` (the same Bi-LSTM of 32 units, a decoder LSTM of 64 units, the same
10,000 training dates, epochs, optimizer and batches), but the decoder sees only the encoder's
final state, the same vector at each of the 10 output steps (utils.nn.nmt.no_attention_model).
course5_sequence_models/w3_a1_neural_machine_translation.ipynb loads it to show what attention
adds, format by format.
"""

from utils.pretrain.nmt_dates import train_translator

DESCRIPTION = ("An encoder-decoder without attention (Bi-LSTM 32, decoder LSTM 64 fed the final state), "
               "trained as nmt_dates; loaded by "
               "course5_sequence_models/w3_a1_neural_machine_translation.ipynb for the comparison.")


def build_model():
    from utils.nn import nmt

    human_vocab, machine_vocab, _ = nmt.vocabularies()
    return nmt.no_attention_model(nmt.TX, nmt.TY, nmt.N_A, nmt.N_S, len(human_vocab), len(machine_vocab))


def train(model, smoke=False, seed=0):
    return train_translator(model, smoke=smoke)
