"""Melodies for the music-generation LSTM (C5W1, DATA.md `music`): Bach chorale soprano lines.

The source is the corpus that ships inside music21's wheel (a build-only dependency, pinned in
requirements-build.txt): its 433 four-part chorales harmonized by J. S. Bach (public domain;
music21 is BSD-licensed). From each chorale the top part (the soprano, which carries the hymn
tune) is read note by note and encoded as a sequence of *values*, one per note or rest:

    "E5:1.0"   the pitch E5 held for 1.0 quarter note,      "rest:0.5"   half a beat of silence.

Every melody is first transposed by its key signature to no sharps or flats (C major or
A minor), within a tritone of where it was, so that the same tune in two keys gives the same
values and the vocabulary stays small. Ties and fermatas are ignored: a tied note is two values.
A chorale is kept only when every one of its values occurs at least MIN_COUNT times in the
chorales; rarer values (a 16th-note triplet, a note far out of the usual range) would each need
their own one-hot column and are never learnt from so few examples.

The file `music.json` holds {"source", "vocabulary": [value, ...], "pieces": [{"name": "bwv1.6",
"values": [index, ...]}, ...]}, written with sorted keys and fixed separators so that a rebuild
gives the same bytes. Parsing the MusicXML scores takes about two minutes on two cores (35 s once
music21 has cached them).
"""

import collections
import json

FILES = ["music.json"]
CHEAP = False
SEED = 0
MIN_COUNT = 8            # a value must occur this often in the corpus for its chorales to be kept
DURATIONS = {0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0}
NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"]


def pitch_name(midi):
    """'C4' for MIDI 60, 'Bb4' for 70: the pitch class and the octave."""
    return f"{NAMES[midi % 12]}{midi // 12 - 1}"


def value_name(midi, quarter_length):
    """The value of a note (MIDI pitch) or, for midi None, of a rest: 'E5:1.0', 'rest:0.5'."""
    return f"{'rest' if midi is None else pitch_name(midi)}:{float(quarter_length)}"


def _soprano_values(score):
    """The soprano line of a chorale as value names, transposed to no sharps or flats; None when a
    duration is not one of DURATIONS."""
    part = score.parts[0]
    signatures = list(part.recurse().getElementsByClass("KeySignature"))
    shift = -((signatures[0].sharps * 7) % 12) if signatures else 0
    if shift < -6:
        shift += 12                          # move by at most a tritone, down or up
    values = []
    for element in part.recurse().notesAndRests:
        length = float(element.quarterLength)
        if length not in DURATIONS or element.isChord:
            return None
        values.append(value_name(None if element.isRest else element.pitch.midi + shift, length))
    return values


def extract(paths):
    """{chorale name: [value names]} for the chorales at `paths` (music21 corpus paths)."""
    from music21 import corpus

    melodies = {}
    for path in paths:
        values = _soprano_values(corpus.parse(path))
        if values:
            melodies[path.stem] = values
    return melodies


def encode(melodies, min_count=MIN_COUNT):
    """The shipped structure: the vocabulary (sorted: rests first, then by pitch and duration)
    and each kept chorale as indices into it."""
    counts = collections.Counter(v for values in melodies.values() for v in values)
    kept = {name: values for name, values in melodies.items()
            if all(counts[v] >= min_count for v in values)}
    used = {v for values in kept.values() for v in values}

    def order(value):
        name, length = value.split(":")
        if name == "rest":
            return (-1, float(length))
        midi = NAMES.index(name[:-1]) + 12 * (int(name[-1]) + 1)
        return (midi, float(length))

    vocabulary = sorted(used, key=order)
    index = {v: i for i, v in enumerate(vocabulary)}
    pieces = [{"name": name, "values": [index[v] for v in kept[name]]} for name in sorted(kept)]
    return {"source": "music21 corpus, Bach chorales (composer 'bach'), soprano part",
            "vocabulary": vocabulary, "pieces": pieces}


def build(out_dir, seed=SEED):
    from music21 import corpus

    paths = sorted(corpus.getComposer("bach"), key=lambda p: p.name)
    encoded = encode(extract(paths))
    text = json.dumps(encoded, sort_keys=True, separators=(",", ":"))
    (out_dir / FILES[0]).write_text(text + "\n")
