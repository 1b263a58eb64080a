"""The pretraining machinery, on a tiny asset of the test's own: deterministic files written
atomically, the manifest and the card updated, and loading that checks the architecture first
and names the differing layer; then a smoke run of every real asset, so a broken pretraining
script fails CI."""

import sys
import types

import numpy as np
import pytest

from utils import data, manifest, pretrain
from utils.notebook import import_tensorflow
from utils.pretrain import __main__ as cli

import_tensorflow()
import keras  # noqa: E402


def _tiny_model(units=4):
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(units, activation="relu"),
                             keras.layers.Dense(1)], name="tiny")


def _train(model, smoke=False, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((64, 3)).astype("float32")
    y = (X.sum(axis=1, keepdims=True) > 0).astype("float32")
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])
    history = model.fit(X, y, epochs=1 if smoke else 3, batch_size=16, verbose=0)
    return {"held_out_accuracy": float(history.history["binary_accuracy"][-1]), "epochs": 3}


@pytest.fixture
def tiny_asset(monkeypatch, tmp_path):
    module = types.ModuleType("utils.pretrain.tiny_asset")
    module.DESCRIPTION = "A tiny test asset."
    module.build_model = _tiny_model
    module.train = _train
    monkeypatch.setitem(sys.modules, "utils.pretrain.tiny_asset", module)
    monkeypatch.setitem(pretrain.ASSETS, "tiny", "tiny_asset")
    (tmp_path / "cards").mkdir()
    return tmp_path


def test_build_writes_weights_manifest_and_card_and_loads_into_a_matching_model(tiny_asset, capsys):
    path = cli.build("tiny", datasets_dir=tiny_asset)
    entry = manifest.read_manifest(tiny_asset)["pretrained/tiny.weights.h5"]
    assert entry["sha256"] == manifest.sha256_of(path) and entry["rebuild"] == "python -m utils.pretrain tiny"
    assert entry["training"]["parameters"] == 21 and "held_out_accuracy" in entry["training"]
    card = (tiny_asset / "cards" / "tiny.md").read_text()
    assert "| parameters | 21 |" in card and "| held out accuracy |" in card
    # a rebuild replaces the generated section and keeps what a maintainer wrote around it
    (tiny_asset / "cards" / "tiny.md").write_text(card.replace("## Training figures", "Hand-written.\n\n"
                                                               "## Training figures"))
    cli.build("tiny", datasets_dir=tiny_asset)
    card = (tiny_asset / "cards" / "tiny.md").read_text()
    assert "Hand-written." in card and card.count("| parameters |") == 1
    model = data.load_pretrained("tiny", _tiny_model(), datasets_dir=tiny_asset)
    saved = _tiny_model()
    saved.load_weights(path)
    for mine, theirs in zip(model.get_weights(), saved.get_weights()):
        np.testing.assert_array_equal(mine, theirs)
    assert "tiny" in capsys.readouterr().out


def test_same_seed_same_bytes(tiny_asset, tmp_path):
    first = cli.train_and_save("tiny", tmp_path / "a", seed=3)[0].read_bytes()
    second = cli.train_and_save("tiny", tmp_path / "b", seed=3)[0].read_bytes()
    assert first == second


def test_a_model_that_differs_is_told_which_layer(tiny_asset):
    cli.build("tiny", datasets_dir=tiny_asset)
    with pytest.raises(data.PretrainedMismatch, match=r"do not fit your model: layer 1 \(dense\w*\): "
                                                      r"expected Dense with units 4, found units 8"):
        data.load_pretrained("tiny", _tiny_model(units=8), datasets_dir=tiny_asset)
    wrong_input = keras.Sequential([keras.Input((5,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    with pytest.raises(data.PretrainedMismatch, match=r"input has shape \(None, 5\); expected \(None, 3\)"):
        data.load_pretrained("tiny", wrong_input, datasets_dir=tiny_asset)


def test_a_missing_or_changed_weight_file_names_the_command(tiny_asset):
    path = cli.build("tiny", datasets_dir=tiny_asset)
    path.write_bytes(path.read_bytes()[:-1] + b"x")
    with pytest.raises(data.DataFileError, match="corrupted.*python -m utils.pretrain tiny"):
        data.load_pretrained("tiny", _tiny_model(), datasets_dir=tiny_asset)
    path.unlink()
    with pytest.raises(data.DataFileError, match=r"Missing data file datasets/pretrained/tiny\.weights\.h5\. "
                                                 r"Rebuild it with: python -m utils\.pretrain tiny"):
        data.load_pretrained("tiny", _tiny_model(), datasets_dir=tiny_asset)


def test_an_interrupted_run_leaves_no_partial_file(tiny_asset, monkeypatch):
    path = cli.build("tiny", datasets_dir=tiny_asset)
    before = path.read_bytes()

    def interrupted(self, filepath, **kwargs):
        open(filepath, "wb").write(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(keras.Model, "save_weights", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cli.train_and_save("tiny", tiny_asset)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["tiny.weights.h5"]


def test_extra_files_are_written_beside_the_weights_and_recorded(tiny_asset, monkeypatch):
    """An asset's optional extra_files (a detector's anchors, say) land next to its weights, are
    recorded in the manifest with the same rebuild command, and a smoke run keeps them in its
    temporary folder."""
    written = []

    def extra_files(out_dir, model, figures):
        path = out_dir / "pretrained" / "tiny_anchors.txt"
        path.write_text(f"{figures['epochs']},{model.count_params()}\n")
        written.append(path)
        return [path]

    monkeypatch.setattr(sys.modules["utils.pretrain.tiny_asset"], "extra_files", extra_files, raising=False)
    cli.build("tiny", datasets_dir=tiny_asset)
    entry = manifest.read_manifest(tiny_asset)["pretrained/tiny_anchors.txt"]
    assert (tiny_asset / "pretrained" / "tiny_anchors.txt").read_text() == "3,21\n"
    assert entry["rebuild"] == "python -m utils.pretrain tiny" and entry["bytes"] == 5
    cli.smoke("tiny")
    assert written[-1].parent.parent != tiny_asset and not written[-1].exists()    # a removed temp folder


def test_list_shows_every_asset(tiny_asset, capsys):
    cli.build("tiny", datasets_dir=tiny_asset)
    cli.list_assets(tiny_asset)
    out = capsys.readouterr().out
    assert "tiny" in out and "MB, trained in" in out and "card: datasets/cards/tiny.md" in out


@pytest.mark.parametrize("name", sorted(pretrain.ASSETS))
def test_smoke_run_of_every_asset(name):
    """`python -m utils.pretrain NAME --smoke`: a few steps, a file that loads back."""
    figures = cli.smoke(name)
    assert figures


_TRIGGER_WORD_STEPS = """
import contextlib, hashlib, os
import numpy as np
from utils.pretrain import __main__ as cli, trigger_word as P
cli._seed_everything(0)
rng = np.random.default_rng(0)
X = (rng.normal(size=(32, 4 * P.CROP_STEPS + 11, 101)) - 10).astype("float32")
Y = (rng.random((32, P.CROP_STEPS, 1)) < 0.07).astype("float32")
off = contextlib.nullcontext() if os.environ.get("GRAPPLER_ON") else P.graph_optimizer_off()
with off:
    model = P.compiled_trainer()
    model.fit(X, Y, batch_size=16, epochs=2, shuffle=True, verbose=0)
print(hashlib.sha256(b"".join(w.tobytes() for w in model.get_weights())).hexdigest())
"""


def test_trigger_word_training_repeats_in_another_process():
    """Four training steps of the trigger word detector on crops of its pretraining's length, as
    its pretraining takes them, give the same weights in two processes. With TensorFlow's graph
    optimizer on (GRAPPLER_ON=1 in the script) three processes gave three different weights: the
    compiled step's Conv1D gradients differed from one process to the next, so no rebuild
    repeated (utils.pretrain.trigger_word.graph_optimizer_off)."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    digests = [subprocess.run([sys.executable, "-c", _TRIGGER_WORD_STEPS], cwd=root, check=True,
                              capture_output=True, text=True).stdout.strip() for _ in range(2)]
    assert len(digests[0]) == 64 and digests[0] == digests[1]
