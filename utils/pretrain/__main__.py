"""Build the pretrained weight files: `python -m utils.pretrain NAME [--smoke] [--seed S]`.

    python -m utils.pretrain list               every asset: file size, training time, figures, card
    python -m utils.pretrain NAME               retrain NAME and write datasets/pretrained/NAME.weights.h5
    python -m utils.pretrain NAME --smoke       a few steps on a few examples, into a temporary folder

A full run records the file's SHA-256 and the training figures in datasets/MANIFEST.json and
rewrites the generated section of datasets/cards/NAME.md. See utils/pretrain/__init__.py for
what an asset module defines.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from utils import manifest
from utils.pretrain import ASSETS, asset_module, asset_relpath, duration, weights_relpath

CARD_BEGIN = "<!-- BEGIN training figures: written by `python -m utils.pretrain {name}`, do not edit -->"
CARD_END = "<!-- END training figures -->"
DEFAULT_SEED = 0


def _seed_everything(seed, op_determinism=True):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tensorflow as tf

    keras.backend.clear_session()          # layer names (stored in the file) start afresh
    keras.utils.set_random_seed(seed)
    if op_determinism:
        tf.config.experimental.enable_op_determinism()


def train_and_save(name, out_dir, smoke=False, seed=DEFAULT_SEED):
    """Build, train and save one asset under out_dir; return (path, figures, seconds, parameters,
    extra paths).

    The weights go to a temporary name first and are renamed only once complete, so an
    interrupted run leaves the previous file (or none) and never a partial one. An asset module
    that defines `extra_files(out_dir, model, figures)` writes the files that go with the weights
    (e.g. a detector's anchors) under out_dir and returns their paths.
    """
    module = asset_module(name)
    if hasattr(module, "write"):        # a file that is not Keras weights: the module writes it
        start = time.perf_counter()
        path, figures, parameters = module.write(Path(out_dir), smoke=smoke, seed=seed)
        return path, figures, time.perf_counter() - start, parameters, []
    # An asset may turn TensorFlow's op determinism off (OP_DETERMINISM = False) where it costs
    # more time than the budget allows; its card then says that a rebuild is not byte-identical.
    _seed_everything(seed, getattr(module, "OP_DETERMINISM", True))
    start = time.perf_counter()
    model = module.build_model()
    figures = module.train(model, smoke=smoke, seed=seed)
    seconds = time.perf_counter() - start
    path = Path(out_dir) / weights_relpath(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{name}.partial.weights.h5")      # Keras wants the .weights.h5 suffix
    try:
        model.save_weights(partial)
        os.replace(partial, path)
    finally:
        if partial.exists():
            partial.unlink()
    extra = getattr(module, "extra_files", None)
    extra_paths = [Path(p) for p in extra(Path(out_dir), model, figures)] if extra else []
    return path, figures, seconds, model.count_params(), extra_paths


def _format_value(value):
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def card_section(name, figures, seconds, parameters, size, seed):
    """The generated part of an asset's data card: a table of the measured facts."""
    rows = [(key.replace("_", " "), _format_value(value)) for key, value in figures.items()]
    command = f"`python -m utils.pretrain {name}`, seed {seed}"
    rows += [("parameters", f"{parameters:,}"),
             ("file size", f"{size / 2**20:.2f} MB ({size:,} bytes)"),
             ("training time", f"{duration(seconds)} on {os.cpu_count()} CPU cores ({command})")]
    lines = [CARD_BEGIN.format(name=name), "| figure | value |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in rows]
    return "\n".join(lines + [CARD_END])


def write_card(name, section, cards_dir):
    """Put the generated section into datasets/cards/NAME.md, keeping the hand-written rest."""
    path = Path(cards_dir) / f"{name}.md"
    if path.exists():
        text = path.read_text()
        begin, end = CARD_BEGIN.format(name=name), CARD_END
        if begin in text and end in text:
            text = text[: text.index(begin)] + section + text[text.index(end) + len(end):]
        else:
            text = text.rstrip("\n") + "\n\n## Training figures\n\n" + section + "\n"
    else:
        description = asset_module(name).DESCRIPTION
        text = f"# Pretrained asset `{name}`\n\n{description}\n\n## Training figures\n\n{section}\n"
    path.write_text(text)
    return path


def build(name, seed=DEFAULT_SEED, datasets_dir=None):
    datasets_dir = Path(datasets_dir or manifest.DATASETS)
    print(f"pretraining {name} (seed {seed}) ...", flush=True)
    path, figures, seconds, parameters, extra_paths = train_and_save(name, datasets_dir, seed=seed)
    size = path.stat().st_size
    rebuild = f"python -m utils.pretrain {name}" + (f" --seed {seed}" if seed != DEFAULT_SEED else "")
    manifest.record(asset_relpath(name), rebuild, datasets_dir,
                    training={"seconds": round(seconds, 1), "parameters": parameters, "seed": seed,
                              **figures})
    for extra in extra_paths:
        manifest.record(extra.resolve().relative_to(datasets_dir.resolve()).as_posix(), rebuild, datasets_dir)
    card = write_card(name, card_section(name, figures, seconds, parameters, size, seed),
                      datasets_dir / "cards")
    print(f"wrote datasets/{asset_relpath(name)} ({size / 2**20:.2f} MB) in {duration(seconds)}; "
          f"card: {card.relative_to(datasets_dir.parent)}")
    for key, value in figures.items():
        print(f"  {key}: {_format_value(value)}")
    return path


def smoke(name, seed=DEFAULT_SEED):
    """A few steps on a few examples, written to a temporary folder and checked loadable."""
    with tempfile.TemporaryDirectory() as tmp:
        path, figures, seconds, parameters, extra_paths = train_and_save(name, tmp, smoke=True, seed=seed)
        module = asset_module(name)
        if hasattr(module, "write"):
            getattr(module, "check_file", lambda p: None)(path)
        else:
            module.build_model().load_weights(path)
        missing = [str(p) for p in extra_paths if not p.is_file()]
        if missing:
            raise FileNotFoundError(f"{name}: extra_files did not write {', '.join(missing)}")
        extra = f" and {len(extra_paths)} extra file(s)" if extra_paths else ""
        print(f"smoke run of {name}: {duration(seconds)}, {parameters:,} parameters, "
              f"figures {figures}; the file loads back{extra}")
        return figures


def list_assets(datasets_dir=None):
    entries = manifest.read_manifest(datasets_dir)
    if not ASSETS:
        print("no pretrained assets yet")
    for name in ASSETS:
        entry = entries.get(asset_relpath(name))
        description = asset_module(name).DESCRIPTION
        if entry is None:
            print(f"{name:20s} not built yet (python -m utils.pretrain {name})\n{'':20s} {description}")
            continue
        training = entry.get("training", {})
        figures = ", ".join(f"{k} {_format_value(v)}" for k, v in training.items()
                            if k not in ("seconds", "parameters", "seed"))
        seconds = duration(training.get("seconds", 0))
        print(f"{name:20s} {entry['bytes'] / 2**20:6.2f} MB, trained in {seconds}, "
              f"{training.get('parameters', 0):,} parameters; {figures}\n{'':20s} {description}\n"
              f"{'':20s} card: datasets/cards/{name}.md")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m utils.pretrain", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", metavar="NAME", help="an asset, or `list`: " + ", ".join(["list", *ASSETS]))
    parser.add_argument("--smoke", action="store_true", help="a few steps into a temporary folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    if args.name == "list":
        return list_assets()
    if args.name not in ASSETS:
        parser.error(f"unknown asset {args.name!r}; known: {', '.join(ASSETS) or 'none yet'}")
    try:
        if args.smoke:
            smoke(args.name, args.seed)
        else:
            build(args.name, args.seed)
    except KeyboardInterrupt:
        print(f"\ninterrupted: datasets/{asset_relpath(args.name)} was left as it was", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
