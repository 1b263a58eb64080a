"""Loaders for every dataset and pretrained weight file, with checksum verification.

Nothing here downloads anything. Every shipped file under `datasets/` is listed in
`datasets/MANIFEST.json` with its SHA-256, size and the command that rebuilds it. A missing
file, a changed file or a Git LFS pointer raises `DataFileError` naming the file and that
command.
"""

from pathlib import Path

import numpy as np

from utils.manifest import DATASETS, MANIFEST_NAME, ROOT, read_manifest, sha256_of

__all__ = ["DATASETS", "ROOT", "DataFileError", "PretrainedMismatch", "verified_path", "load_pretrained",
           "load_h5", "load_course_h5"]
_LFS_PREFIX = b"version https://git-lfs"
_verified = {}


class DataFileError(RuntimeError):
    """A data file is missing, corrupted, or not listed in the manifest."""


class PretrainedMismatch(ValueError):
    """A model does not have the architecture that pretrained weights were trained for."""


def verified_path(relpath, datasets_dir=None):
    """The path of a shipped file after checking it against the manifest."""
    datasets_dir = Path(datasets_dir or DATASETS)
    shown = f"datasets/{relpath}"
    entry = read_manifest(datasets_dir).get(relpath)
    if entry is None:
        raise DataFileError(f"{shown} is not listed in datasets/{MANIFEST_NAME}; "
                            "rebuild the data with: python -m utils.datagen build")
    rebuild = entry["rebuild"]
    path = datasets_dir / relpath
    if not path.is_file():
        raise DataFileError(f"Missing data file {shown}. Rebuild it with: {rebuild}")
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if _verified.get(key) == entry["sha256"]:
        return path
    with open(path, "rb") as handle:
        if handle.read(len(_LFS_PREFIX)) == _LFS_PREFIX:
            raise DataFileError(f"{shown} is a Git LFS pointer, not the data (this project does "
                                f"not use Git LFS). Rebuild it with: {rebuild}")
    actual = sha256_of(path)
    if actual != entry["sha256"]:
        raise DataFileError(f"{shown} is corrupted or was changed: its SHA-256 is {actual[:12]}..., "
                            f"the manifest says {entry['sha256'][:12]}.... Rebuild it with: {rebuild}")
    _verified[key] = actual
    return path


def load_pretrained(name, model, datasets_dir=None):
    """Load the project's pretrained weights NAME into `model` (yours), and return the model.

    The weight file is verified against the manifest first (a missing or changed file names the
    `python -m utils.pretrain NAME` command that rebuilds it). Then your model is compared, layer
    by layer, with the architecture the weights were trained for; the first layer that differs
    is named in plain words (`PretrainedMismatch`) instead of a Keras stack trace.
    """
    from utils.grading import architecture_difference, describe_model, keras_names_kept
    from utils.pretrain import asset_module, weights_relpath

    relpath = weights_relpath(name)
    path = verified_path(relpath, datasets_dir)
    with keras_names_kept():
        reference = asset_module(name).build_model()
    # A subclassed model (the Transformer) has no `inputs`: its layers are compared alone.
    shapes = [tuple(tensor.shape) for tensor in getattr(reference, "inputs", None) or []]
    problem = architecture_difference(model, describe_model(reference),
                                      input_shape=(shapes[0] if len(shapes) == 1 else shapes) or None)
    if problem is None:
        try:
            model.load_weights(path)
            return model
        except Exception as error:            # same layers, yet Keras refuses: say so plainly
            problem = f"Keras could not load them: {type(error).__name__}: {error}"
    raise PretrainedMismatch(
        f"The pretrained weights datasets/{relpath} do not fit your model: {problem}. Build the "
        f"model as the exercise describes (same layers, same order, same arguments), then load "
        f"the weights again.")


def load_h5(relpath, datasets_dir=None):
    """Every dataset of an HDF5 file as a dict of NumPy arrays."""
    import h5py

    path = verified_path(relpath, datasets_dir)
    with h5py.File(path, "r") as handle:
        return {key: handle[key][()] for key in handle}


def load_course_h5(name, datasets_dir=None):
    """The course's image-set layout: `train_<name>.h5` and `test_<name>.h5`.

    Returns (train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes): images of
    shape (m, 64, 64, 3) uint8, labels of shape (1, m), classes as an array of bytes.
    """
    train = load_h5(f"train_{name}.h5", datasets_dir)
    test = load_h5(f"test_{name}.h5", datasets_dir)
    return (train["train_set_x"], train["train_set_y"].reshape(1, -1),
            test["test_set_x"], test["test_set_y"].reshape(1, -1), np.asarray(test["list_classes"]))


def load_cats():
    """The cat / non-cat set (DATA.md `cats`): 209 train and 50 test 64x64x3 images.

    Returns (train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes) with
    classes = [b"non-cat", b"cat"].
    """
    return load_course_h5("catvnoncat")


def load_signs():
    """The hand-signs set (DATA.md `signs`): 1080 train and 120 test 64x64x3 images, labels 0-5."""
    return load_course_h5("signs")


def load_happy():
    """The happy-faces set (DATA.md `happy`): 600 train and 150 test 64x64x3 images, 1 = smiling."""
    return load_course_h5("happy")


def load_alpaca(batch_size=32, validation_split=0.2, seed=42, image_size=(64, 64)):
    """The alpaca set (DATA.md transfer target, C4W2): 400 64x64 pictures, alpaca or not.

    Batched as `keras.utils.image_dataset_from_directory(..., shuffle=True, seed=seed,
    validation_split=..., subset=...)` batches a folder of pictures with one subfolder per
    class: the pictures are put in an order fixed by `seed`, the last `validation_split` of them
    are the validation set, and the training set is reshuffled every epoch.

    Returns (train_dataset, validation_dataset): `tf.data.Dataset`s of (images, labels)
    batches, images float32 of shape (batch, *image_size, 3) with values 0-255 (resized with
    bilinear interpolation when image_size is not (64, 64)), labels int32 of shape (batch,),
    0 = "alpaca", 1 = "not alpaca". Each dataset has the attribute `class_names`,
    ["alpaca", "not alpaca"].
    """
    import warnings

    from utils.notebook import import_tensorflow

    tf = import_tensorflow()
    # These datasets shuffle themselves, as image_dataset_from_directory's do; Keras's fit then
    # warns, at every call, that its own shuffle argument does not apply to them.
    warnings.filterwarnings("ignore", message=r"`shuffle=True` was passed, but will be ignored",
                            category=UserWarning)
    sets = load_h5("alpaca.h5")
    images, labels = sets["images"], sets["labels"].astype(np.int32)
    class_names = [name.decode() for name in sets["list_classes"]]
    order = np.random.default_rng(seed).permutation(len(labels))
    n_validation = int(validation_split * len(labels))
    split = len(labels) - n_validation
    parts = []
    for indices, shuffle in ((order[:split], True), (order[split:], False)):
        dataset = tf.data.Dataset.from_tensor_slices((images[indices], labels[indices]))
        if shuffle:
            dataset = dataset.shuffle(8 * batch_size, seed=seed, reshuffle_each_iteration=True)
        dataset = dataset.batch(batch_size)

        def to_float(x, y):
            x = tf.cast(x, tf.float32)
            if tuple(image_size) != tuple(images.shape[1:3]):
                x = tf.image.resize(x, image_size, method="bilinear")
            return x, y

        dataset = dataset.map(to_float)
        dataset.class_names = class_names
        parts.append(dataset)
    return parts[0], parts[1]


def load_football():
    """The goalkeeper set (DATA.md `football`) in the course's notation.

    Returns (train_X, train_Y, test_X, test_Y): X of shape (2, m) (positions on the pitch),
    Y of shape (1, m) (1 when a player of our team reached the ball); 211 train, 200 test.
    """
    sets = load_h5("football.h5")
    return sets["train_X"].T, sets["train_Y"].reshape(1, -1), sets["test_X"].T, sets["test_Y"].reshape(1, -1)


_road_cache = {}


def load_road_scenes(split="test", camera="wide", size=(96, 128), workers=1, count=None):
    """Driving scenes with boxes and masks (DATA.md `road_scenes`; C4W3, C3W2), drawn in code.

    split: "train" (1000 scenes, seed 1000), "dev" (200, seed 1001) or "test" (200, seed 1002);
    camera: "wide" or "narrow"; size: (H, W) the scenes are drawn at (vector shapes, not resized).
    The pretraining scripts draw their own scenes with seeds 0-999, so these never overlap them.
    The scenes are drawn on the first call (a few seconds for "test") and kept for later calls;
    `workers` > 1 draws in that many processes (same scenes). `count`: only the first `count` scenes
    of the split (the same scenes as the first of the whole split, drawn in less time).

    Returns a dict (fresh arrays on every call): "images" (n, H, W, 3) uint8, "masks" (n, H, W)
    uint8 indexing road.MASK_CLASSES, "boxes" a list of n float32 arrays (k_i, 4) of
    (y_min, x_min, y_max, x_max) in pixels, "classes" a list of n int64 arrays (k_i,) indexing
    road.BOX_CLASSES ("car", "truck", "bus", "pedestrian", "traffic light", "traffic sign"),
    "weather" (n,) str, one of road.WEATHERS ("day", "overcast", "dusk", "fog").
    """
    from utils.datagen import road

    if split not in road.SPLITS:
        raise ValueError(f"unknown split {split!r} for road_scenes; the splits are "
                         f"{', '.join(road.SPLITS)}")
    if camera not in road.CAMERAS:
        raise ValueError(f"unknown camera {camera!r} for road_scenes; the cameras are "
                         f"{', '.join(road.CAMERAS)}")
    seed, total = road.SPLITS[split]
    if count is not None and not 0 < int(count) <= total:
        raise ValueError(f"count must be between 1 and {total} for the {split!r} split; got {count!r}")
    count = total if count is None else int(count)
    key = (split, camera, (int(size[0]), int(size[1])), count)
    if key not in _road_cache:
        _road_cache[key] = road.draw_scenes(count, seed=seed, camera=camera, size=key[2], workers=workers)
    scenes = _road_cache[key]
    return {"images": scenes["images"].copy(), "masks": scenes["masks"].copy(),
            "boxes": [b.copy() for b in scenes["boxes"]], "classes": [c.copy() for c in scenes["classes"]],
            "weather": scenes["weather"].copy()}


_bird_cache = {}


def load_bird_cameras(source="city"):
    """Sky frames with and without a bird (DATA.md `bird_cameras`; C3W1), drawn in code.

    source: "city" (the city's rooftop cameras, 2000 frames, seed 3100) or "web" (frames gathered
    from elsewhere, 600 frames, seed 3101). A source is drawn on its first call (a few seconds)
    and kept for later calls.

    Returns a dict (fresh arrays on every call): "images" (m, 32, 32, 3) uint8, "labels" (m,)
    int64 (1 = a bird), "human" (m,) int64 (the labels of the city's bird experts), "content"
    and "weather" (m,) str ("bird", "plane", "leaf", "insect", "sky"; "clear", "overcast",
    "dusk", "rain"), "haze" and "visibility" (m,) float64.
    """
    from utils.datagen import bird_cameras

    if source not in bird_cameras.SPLITS:
        raise ValueError(f"unknown source {source!r} for bird_cameras; the sources are "
                         f"{', '.join(bird_cameras.SPLITS)}")
    if source not in _bird_cache:
        seed, count = bird_cameras.SPLITS[source]
        _bird_cache[source] = bird_cameras.draw_frames(count, seed=seed, source=source)
    return {key: value.copy() for key, value in _bird_cache[source].items()}


def load_planar_dataset(seed=1):
    """The 2-class "flower" of 400 points (C1W3), generated in code: X (2, 400), Y (1, 400)."""
    from utils.datagen import planar

    return planar.flower(seed=seed)


def load_extra_datasets():
    """The optional planar sets of C1W3, generated in code: a dict name -> (X (2, m), Y (1, m))
    for "noisy_circles", "noisy_moons", "blobs" and "gaussian_quantiles"."""
    from utils.datagen import planar

    return planar.extra_datasets()


def load_circles():
    """Two concentric noisy circles (C2W1): train_X (2, 300), train_Y (1, 300), test_X (2, 100),
    test_Y (1, 100), generated in code."""
    from utils.datagen import planar

    return planar.circles()


def load_moons():
    """Two interleaving moons, 300 points, noise 0.2 (C2W2): train_X (2, 300), train_Y (1, 300)."""
    from utils.datagen import planar

    return planar.moons()


def nst_image_paths():
    """The two pictures of neural style transfer (DATA.md `nst`; C4W4): (content path, style path).

    The content is a real photograph that ships inside matplotlib, `grace_hopper.jpg` (Rear
    Admiral Grace Hopper, 1984; US Navy, public domain), found with
    `matplotlib.cbook.get_sample_data`; the style is the project's painting
    `datasets/nst_style.png` (utils/datagen/style.py), verified against the manifest.
    """
    import matplotlib.cbook

    return Path(matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)), \
        verified_path("nst_style.png")


def load_nst_image(path, img_size=128):
    """A picture file as uint8 RGB of shape (img_size, img_size, 3): the largest centred square
    of it, resized with Lanczos filtering (any format Pillow reads; transparency dropped)."""
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("RGB")
        width, height = image.size
        side = min(width, height)
        left, top = (width - side) // 2, (height - side) // 2
        square = image.crop((left, top, left + side, top + side))
        return np.asarray(square.resize((img_size, img_size), Image.Resampling.LANCZOS), dtype=np.uint8)


def load_faces():
    """The face-recognition set (DATA.md `faces`; C4W4): drawn identities, 64x64x3 photos.

    Returns a dict:
        "database": {name: path of that person's ID photo}, 12 people;
        "camera": {file name: path} of the photos taken at the door;
        "camera_truth": {file name: {"who": a database name or None, "kind": "member",
            "lookalike" or "stranger", "looks_like": the name a lookalike resembles}};
        "held_out_images": (240, 64, 64, 3) uint8, 5 shots of each of 48 identities that the
            pretrained embedder never saw; "held_out_identity": (240,) int64.
    Every file is verified against the manifest first.
    """
    import json

    from utils.datagen import faces

    database = {name: str(verified_path(f"faces/database/{name}.png")) for name in faces.DATABASE_NAMES}
    camera = {f"camera_{k}.png": str(verified_path(f"faces/camera/camera_{k}.png"))
              for k in range(len(faces.CAMERA))}
    truth = json.loads(verified_path("faces/camera.json").read_text())
    held_out = load_h5("faces/held_out.h5")
    return {"database": database, "camera": camera, "camera_truth": truth,
            "held_out_images": held_out["images"], "held_out_identity": held_out["identity"]}


def load_names():
    """Real first names (DATA.md `names`; C5W1), as the original course reads `dinos.txt`.

    4,862 first names from Faker's name lists for 15 European locales, lower-cased, accents
    stripped, only the letters a-z, 3 to 12 letters long, sorted.
    Returns the whole file as one string, one name a line, each ending with "\\n".
    """
    return verified_path("names.txt").read_text()


def load_python_docs():
    """English prose (C5W1, the character-level LSTM): the running-text paragraphs of Python's
    documentation topics (the standard library's `pydoc_data.topics`, PSF License), lower-cased.

    Returns the whole text as one string, one paragraph a line (about 190,000 characters).
    """
    return verified_path("python_docs.txt").read_text()


def load_music():
    """Bach chorale melodies as value sequences (DATA.md `music`; C5W1), from music21's corpus.

    Each melody is the soprano line of a chorale, transposed to C major / A minor, one value per
    note or rest: a pitch and a duration in quarter notes, such as "E5:1.0" or "rest:0.5".
    Returns a dict: "vocabulary", the n_values value names (list of str); "pieces", one int64
    array of value indices per chorale; "names", the chorales' names (BWV numbers).
    """
    import json

    encoded = json.loads(verified_path("music.json").read_text())
    return {"vocabulary": list(encoded["vocabulary"]),
            "pieces": [np.array(p["values"], dtype=np.int64) for p in encoded["pieces"]],
            "names": [p["name"] for p in encoded["pieces"]]}


def word_vectors_path():
    """The path of the project's 50-d word vectors (DATA.md `word_vectors`; C5W2), after checking
    it against the manifest: `datasets/pretrained/word_vectors.50d.txt`, GloVe's text format, one
    `word v1 ... v50` line per word. Read it with `utils.nn.word_vectors.read_glove_vecs`, as the
    original glove.6B.50d.txt.
    """
    return verified_path("pretrained/word_vectors.50d.txt")


def load_word_vectors():
    """The project's word vectors as (words, word_to_vec_map): a set of str and a dict word ->
    np.ndarray of float64, shape (50,) (see `word_vectors_path`)."""
    from utils.nn.word_vectors import read_glove_vecs

    return read_glove_vecs(word_vectors_path())


def load_emojify():
    """Short sentences labelled with one of 5 emoji (DATA.md `emojify`; C5W2), the original's
    `train_emoji.csv` and `tesss.csv` layout: one "sentence,label" line each.

    Labels: 0 heart (love), 1 baseball (sport), 2 smile (happy), 3 disappointed (sad), 4 fork and
    knife (food). The test sentences also use synonyms that no training sentence contains.
    Returns X_train, Y_train, X_test, Y_test: sentences as NumPy arrays of str, shape (m,), and
    labels as int64 arrays, shape (m,).
    """
    from utils.nn.emojify import read_csv

    X_train, Y_train = read_csv(verified_path("emojify_train.csv"))
    X_test, Y_test = read_csv(verified_path("emojify_test.csv"))
    return X_train, Y_train, X_test, Y_test


def load_dates():
    """Human-written dates and their ISO form (DATA.md `dates`; C5W3), from Faker and Babel.

    Returns {"train": [...], "validation": [...], "test": [...]}, 10,000, 1,000 and 1,000 tuples
    (format, human, machine) of str: the Babel format or CLDR pattern, the date as a person writes
    it (lower-cased, no commas, e.g. "saturday 9 may 2018") and the ISO date ("2018-05-09"). No
    human string occurs in two splits. `utils.nn.nmt.load_dataset(m)` gives the original course's
    (dataset, human_vocab, machine_vocab, inv_machine_vocab).
    """
    import csv

    splits = {"train": [], "validation": [], "test": []}
    with open(verified_path("dates.csv"), newline="") as handle:
        for row in csv.DictReader(handle):
            splits[row["split"]].append((row["format"], row["human"], row["machine"]))
    return splits


def load_trigger_word():
    """Spoken words and backgrounds for trigger word detection (DATA.md `trigger_word`; C5W3).

    Returns (rows, audio): rows, a list of dicts (split, kind, text, voice, speed, pitch, start,
    stop) from datasets/trigger_word/index.csv, one per clip; audio, every clip one after the
    other, int16 at 16,000 Hz, shape (n,), so a clip is audio[int(row["start"]):int(row["stop"])].
    `utils.nn.trigger_word.load_raw_audio(split)` gives them as the original's lists of clips at
    44.1 kHz.
    """
    import csv

    from scipy.io import wavfile

    with open(verified_path("trigger_word/index.csv"), newline="") as handle:
        rows = list(csv.DictReader(handle))
    _, audio = wavfile.read(verified_path("trigger_word/audio.wav"))
    return rows, audio


def _read_jsonl(relpath):
    """The JSON objects of a shipped JSON-lines file, one a line, after checking it."""
    import json

    with open(verified_path(relpath), encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def ner_path(split="train"):
    """The path of a split of the résumé set (DATA.md `ner`; C5W4), after checking it against the
    manifest: `datasets/ner/{split}.jsonl`, split "train", "validation" or "test". Read it as the
    original course reads its Dataturks file (one JSON object a line)."""
    if split not in ("train", "validation", "test"):
        raise ValueError(f"unknown split {split!r} for ner; the splits are train, validation, test")
    return verified_path(f"ner/{split}.jsonl")


def load_ner():
    """Résumé-like texts with labelled entity spans (DATA.md `ner`; C5W4), made with Faker values.

    Returns {"train": [...], "validation": [...], "test": [...]}, 400, 80 and 120 résumés, each a
    dict in the Dataturks style of the original course's file:
        {"content": str, "annotation": [{"label": [one of 10 entity types],
                                         "points": [{"start": int, "end": int, "text": str}]}, ...]}
    `end` is INCLUSIVE, as Dataturks wrote it: text == content[start:end + 1]. The types are "Name",
    "Email Address", "Location", "Companies worked at", "Designation", "Degree", "College Name",
    "Graduation Year", "Skills", "Years of Experience". Spans never overlap; about 3% of them take
    in a whitespace character next to them, as in the original data (trim them before use).
    """
    return {split: _read_jsonl(f"ner/{split}.jsonl") for split in ("train", "validation", "test")}


def load_tokenizer():
    """The project's WordPiece tokenizer (C5W4; card: datasets/cards/ner.md), a `tokenizers.Tokenizer`.

    Lower-cased, BERT's pre-tokenizer, a vocabulary of 4,000 tokens learnt from the `ner` training
    résumés and the `qa` training stories, special tokens [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3,
    [MASK] 4. `tokenizer.encode(text)` gives "[CLS] text [SEP]", `tokenizer.encode(question,
    context)` "[CLS] question [SEP] context [SEP]"; the encoding's `ids`, `tokens`, `offsets`
    (character spans in the original text, (0, 0) for special tokens), `word_ids` and
    `sequence_ids` are those DistilBertTokenizerFast gives. No padding or truncation is set:
    `tokenizer.enable_padding(length=n)` and `tokenizer.enable_truncation(max_length=n)` set them.
    """
    try:
        from tokenizers import Tokenizer
    except ImportError as error:
        raise ImportError("The tokenizers package is missing: install the project's requirements "
                          "(make setup, or pip install -r requirements.txt)") from error
    return Tokenizer.from_file(str(verified_path("ner/tokenizer.json")))


def load_qa():
    """bAbI-style stories, questions and answer spans (DATA.md `qa`; C5W4), made in code.

    Returns {"train": [...], "test": [...]}, 2,000 examples each: 1,000 of task "qa4" (two-argument
    relations: "The office is north of the kitchen. ..." / "What is north of the kitchen?") then
    1,000 of task "qa1" (people moving: "Mary went to the bathroom. ..." / "Where is Mary?"). Each
    is a dict with "task", "context", "question", "answer", "answer_start" (the answer's character
    offset in the context: context[answer_start:answer_start + len(answer)] == answer) and
    "support" (the index of the sentence that answers). No context occurs in both splits.
    """
    return {split: _read_jsonl(f"qa/{split}.jsonl") for split in ("train", "test")}
