"""Generators of the project's datasets: one module per set, run with `python -m utils.datagen`.

Each generator module defines:
    FILES: the files it writes, relative to datasets/ (e.g. ["train_catvnoncat.h5", ...]);
    CHEAP: True when it builds in a few seconds, so CI byte-compares it (`build --check`);
    build(out_dir, seed): writes FILES under out_dir, deterministically for a given seed.
"""

GENERATORS = {
    # name: module under utils.datagen
    "cats": "cats",
    "signs": "signs",
    "happy": "happy",
    "football": "football",
    "alpaca": "transfer",
    "faces": "faces",
    "nst": "style",
    "music": "music",
    "emojify": "emojify",
    "names": "names",
    "python_docs": "python_docs",
    "dates": "dates",
    "trigger_word": "trigger_word",
    "qa": "qa",
    "ner": "ner",
}
