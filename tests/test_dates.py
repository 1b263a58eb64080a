"""The `dates` set (utils/datagen/dates.py) and the nmt_utils-style helpers of utils.nn.nmt: the
splits' sizes, no date string in two splits, the lengths Tx and Ty, the calendar year (`yyyy`, not
the ISO week year `YYYY`), the original's vocabularies and `preprocess_data`'s shapes."""

import datetime

import numpy as np

from utils import data
from utils.datagen import dates as datagen
from utils.nn import nmt


def test_splits_sizes_and_no_string_in_two_splits():
    splits = data.load_dates()
    assert {name: len(rows) for name, rows in splits.items()} == {"train": 10_000, "validation": 1_000,
                                                                  "test": 1_000}
    humans = [{human for _, human, _ in rows} for rows in splits.values()]
    assert sum(len(h) for h in humans) == 12_000                  # distinct within and across splits
    assert len(set().union(*humans)) == 12_000


def test_every_example_fits_tx_and_ty_and_is_a_valid_iso_date():
    for rows in data.load_dates().values():
        for fmt, human, machine in rows:
            assert 0 < len(human) <= nmt.TX and human == human.lower() and "," not in human
            assert len(machine) == nmt.TY and datetime.date.fromisoformat(machine).isoformat() == machine
            assert datagen.human_date(datetime.date.fromisoformat(machine), fmt) == human


def test_the_year_is_the_calendar_year_not_the_week_year():
    new_years_eve = datetime.date(2018, 12, 31)                    # in ISO week 1 of 2019
    for fmt, _ in datagen.FORMATS:
        human = datagen.human_date(new_years_eve, fmt)
        assert "2019" not in human and "19" not in human.replace("2018", ""), (fmt, human)


def test_vocabularies_and_preprocess_data_as_the_original():
    dataset, human_vocab, machine_vocab, inv_machine_vocab = nmt.load_dataset(50)
    assert len(dataset) == 50 and all(isinstance(h, str) and isinstance(m, str) for h, m in dataset)
    assert list(human_vocab)[-2:] == ["<unk>", "<pad>"] and list(human_vocab.values()) == list(range(38))
    assert sorted(machine_vocab) == sorted("0123456789-") and len(machine_vocab) == 11
    assert all(inv_machine_vocab[i] == ch for ch, i in machine_vocab.items())
    X, Y, Xoh, Yoh = nmt.preprocess_data(dataset, human_vocab, machine_vocab, nmt.TX, nmt.TY)
    assert X.shape == (50, 30) and Y.shape == (50, 10)
    assert Xoh.shape == (50, 30, 38) and Yoh.shape == (50, 10, 11)
    assert np.array_equal(Xoh.argmax(-1), X) and np.array_equal(Yoh.argmax(-1), Y)
    ints = nmt.string_to_int("Sat, 9 May ~", 30, human_vocab)
    assert len(ints) == 30 and ints[10] == human_vocab["<unk>"] and ints[11:] == [human_vocab["<pad>"]] * 19
    assert "".join(nmt.int_to_string(Y[0], inv_machine_vocab)) == dataset[0][1]


def test_pretrained_weights_load_into_the_notebooks_model_and_a_different_one_is_told_which_layer():
    import pytest

    from utils.data import PretrainedMismatch
    from utils.grading import keras_names_kept

    human_vocab, machine_vocab, inv_machine_vocab = nmt.vocabularies()
    with keras_names_kept():
        layers = nmt.shared_layers(nmt.TX, nmt.N_S, len(machine_vocab))
        model = nmt.modelf(nmt.TX, nmt.TY, nmt.N_A, nmt.N_S, len(human_vocab), len(machine_vocab), layers)
        model = nmt.Model(inputs=model.inputs, outputs=model.outputs)     # the notebook's Model class
        data.load_pretrained("nmt_dates", model)
        assert nmt.translate(model, ["Saturday 9 May 2018", "3/26/12"], human_vocab, inv_machine_vocab) == [
            "2018-05-09", "2012-03-26"]
        smaller = nmt.modelf(nmt.TX, nmt.TY, 16, nmt.N_S, len(human_vocab), len(machine_vocab),
                             nmt.shared_layers(nmt.TX, nmt.N_S, len(machine_vocab)))
        with pytest.raises(PretrainedMismatch, match=r"layer 1 \(bidirectional"):
            data.load_pretrained("nmt_dates", smaller)
