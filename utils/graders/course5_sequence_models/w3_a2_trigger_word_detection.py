"""Graders for course5_sequence_models/w3_a2_trigger_word_detection.ipynb.

Every check runs the learner's function on audio and arrays the grader makes (a 10 s noise
background, tone bursts of known lengths as words), never on the notebook's clips.

- get_random_time_segment: over many draws for several lengths, a pair (start, end) with
  end - start = segment_ms - 1 (both ends included), start >= 0 and end < 10,000, and spread
  starts (the function must be random). Any random source passes.
- is_overlapping: touching segments (one ends at the millisecond the other starts) overlap,
  segments one millisecond apart do not; containment; several previous segments where only the
  last one overlaps; an empty list.
- insert_ones: the 50 labels after the word's end step int(segment_end_ms * Ty / 10000) become 1,
  the labels already set stay set, and a word ending in the last steps sets only the steps that
  exist (no IndexError past Ty).
- insert_audio_clip: on a grader-made background with segments already taken, the returned
  segment has the clip's length, overlaps none of them and was appended to previous_segments,
  and the returned audio is the background with the clip mixed in exactly there.
- create_training_example: run with spies in place of insert_audio_clip and graph_spectrogram
  (the reference versions, recording what they get): the background is lowered by 20 dB, 0 to 4
  trigger words and 0 to 2 negatives are inserted, y is (1, 1375) with ones after each inserted
  trigger word and nowhere else, the audio is normalized to -20 dBFS and x is its spectrogram.
- modelf: the layers compared one by one with the reference for two input shapes, naming the
  first that differs.

Code written for the original course passes: it may seed np.random itself, export "train.wav"
(it is written in a temporary folder) and read it back with graph_spectrogram, and use the
AudioSegment methods the original uses with pydub (len in ms, overlay(position=...), `- 20`).
"""

import os
import tempfile
from contextlib import contextmanager

import numpy as np

from utils.graders.course5_sequence_models.w1_a3_music_generation_lstm import KerasChecker
from utils.grading import Checker, architecture_difference, describe, describe_model, keras_names_kept
from utils.nn import trigger_word as ref

RATE = ref.SAMPLE_RATE


def _tone(ms, freq, seed, level=6000):
    """A grader-made 'word': a tone burst with a little noise, ms long."""
    n = int(round(ms * RATE / 1000))
    t = np.arange(n) / RATE
    noise = np.random.default_rng(seed).normal(0, 300, n)
    envelope = np.minimum(1, np.minimum(t, t[::-1]) / 0.02)
    return ref.AudioSegment(level * envelope * np.sin(2 * np.pi * freq * t) + noise, RATE)


def _background(seed, level=3000):
    return ref.AudioSegment(np.random.default_rng(seed).normal(0, level, 10 * RATE), RATE)


def _is_audio(value):
    return isinstance(value, ref.AudioSegment)


def _pair(c, got, what):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        c.fail(f"{what} should be a pair (start_ms, end_ms)", got=describe(got),
               hint="Return a tuple: (segment_start, segment_end).")
    for v in got:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer, float, np.floating)) or \
                not np.isfinite(v) or v != int(v):
            c.fail(f"{what} should hold two whole numbers of milliseconds", got=describe(got))
    return int(got[0]), int(got[1])


# ---------------------------------------------------------------------------------------------
# get_random_time_segment


def check_get_random_time_segment(get_random_time_segment):
    c = Checker(get_random_time_segment, "get_random_time_segment")
    for segment_ms in (500, 1375, 9000):
        starts = []
        with ref.seeded_numpy(segment_ms):
            for _ in range(200):
                start, end = _pair(c, c.call(segment_ms), "the returned segment")
                if end - start != segment_ms - 1:
                    hint = ("Both ends are included, so a clip of segment_ms milliseconds ends at "
                            "segment_start + segment_ms - 1." if end - start == segment_ms else
                            "The segment must be exactly as long as the clip: "
                            "segment_end = segment_start + segment_ms - 1.")
                    c.fail(f"the segment lasts {end - start + 1} ms; expected {segment_ms} ms",
                           got=str((start, end)), hint=hint)
                if start < 0 or end >= ref.CLIP_MS:
                    c.fail("the segment does not fit in the 10 s clip (0 to 9,999 ms)", got=str((start, end)),
                           hint="Draw the start from 0 up to 10,000 - segment_ms, so that the end "
                                "stays below 10,000: np.random.randint(low=0, high=10000 - segment_ms).")
                starts.append(start)
        if len(set(starts)) < 20:
            c.fail(f"200 calls with segment_ms={segment_ms} gave only {len(set(starts))} different "
                   "starts", hint="Draw the start at random, e.g. with np.random.randint, at every call.")
    c.ok("200 draws each for segments of 500, 1,375 and 9,000 ms: inside 10 s, right length, random")
    c.done()


# ---------------------------------------------------------------------------------------------
# is_overlapping

OVERLAP_CASES = [
    # (segment_time, previous_segments, expected, what it tests)
    ((100, 200), [(200, 300)], True, "the new segment ends at the millisecond the old one starts"),
    ((300, 400), [(200, 300)], True, "the new segment starts at the millisecond the old one ends"),
    ((100, 199), [(200, 300)], False, "the new segment ends one millisecond before the old one starts"),
    ((301, 400), [(200, 300)], False, "the new segment starts one millisecond after the old one ends"),
    ((150, 160), [(100, 200)], True, "the new segment lies inside an old one"),
    ((50, 250), [(100, 200)], True, "the new segment contains an old one"),
    ((500, 800), [], False, "no previous segments"),
    ((5000, 5400), [(0, 900), (2000, 2500), (5300, 6000)], True, "only the last of three overlaps"),
    ((5000, 5400), [(0, 900), (2000, 2500), (7300, 8000)], False, "none of three overlaps"),
]


def check_is_overlapping(is_overlapping):
    c = Checker(is_overlapping, "is_overlapping")
    wrong = []
    for segment, previous, expected, what in OVERLAP_CASES:
        got = c.call(segment, list(previous))
        if not isinstance(got, (bool, np.bool_)):
            c.fail(f"expected True or False, got {describe(got)}",
                   hint="Return a bool: True as soon as one previous segment overlaps, False after the loop.")
        if bool(got) != expected:
            wrong.append((segment, previous, expected, what))
    touching = ("the new segment ends at", "the new segment starts at")
    # a hint about inclusive bounds only when the touching cases are all that is wrong
    wrong.sort(key=lambda case: case[3].startswith(touching))
    if wrong:
        segment, previous, expected, what = wrong[0]
        c.last_call = f"is_overlapping({segment}, {previous})"
        if what.startswith(touching):
            hint = ("The bounds are inclusive: a segment that ends at the millisecond another "
                    "starts shares that millisecond. Use <= and >=: segment_start <= previous_end "
                    "and segment_end >= previous_start.")
        elif "last of three" in what:
            hint = "Check every previous segment: return False only after the loop has looked at all of them."
        else:
            hint = ("Two segments overlap when the new one starts before (or when) the old one "
                    "ends and ends after (or when) the old one starts.")
        c.fail(f"wrong answer when {what}", expected=str(expected), got=str(not expected), hint=hint)
    c.ok(f"{len(OVERLAP_CASES)} cases: touching, one millisecond apart, inside, around, several segments")
    c.done()


# ---------------------------------------------------------------------------------------------
# insert_ones


def check_insert_ones(insert_ones):
    c = Checker(insert_ones, "insert_ones")
    Ty = ref.TY
    already = np.zeros((1, Ty))
    already[0, 100:150] = 1
    for segment_end_ms, y in ((5003, already), (2468, np.zeros((1, Ty))), (9990, np.zeros((1, Ty))),
                              (9999, np.zeros((1, Ty))), (ref.CLIP_MS, np.zeros((1, Ty)))):
        expected = ref.insert_ones(y.copy(), segment_end_ms)
        got = c.call(y.copy(), segment_end_ms, mutation_ok=("y",))
        step = int(segment_end_ms * Ty / ref.CLIP_MS)
        off_by_one = np.zeros((1, Ty))
        off_by_one[0, step:step + ref.LABEL_STEPS] = 1
        rounded, near = np.zeros((1, Ty)), round(segment_end_ms * Ty / ref.CLIP_MS)
        rounded[0, near + 1:near + 1 + ref.LABEL_STEPS] = 1
        what = f"y after insert_ones(y, {segment_end_ms})"
        c.same_array(got, expected, what=what, check_dtype=False, mistakes={
            "the ones start at the end step itself; they start one step after it, at segment_end_y + 1":
                np.maximum(y, off_by_one),
            "the labels already in y were lost: set the new ones in y and return y, do not start from "
            "zeros": ref.insert_ones(np.zeros((1, Ty)), segment_end_ms),
            "the end step is rounded; the original truncates: int(segment_end_ms * Ty / 10000.0)":
                np.maximum(y, rounded),
        }, hint=f"The word ends at step int({segment_end_ms} * Ty / 10000) = {step}; steps {step + 1} to "
                f"{step + 50} (those below Ty = {Ty}) become 1.")
    c.ok("50 ones after the end step, labels already set kept, nothing past the last step")
    c.done()


# ---------------------------------------------------------------------------------------------
# insert_audio_clip

PREVIOUS = [(1000, 2999), (5000, 6999)]


def check_insert_audio_clip(insert_audio_clip):
    uses = {"get_random_time_segment": (ref.get_random_time_segment, check_get_random_time_segment),
            "is_overlapping": (ref.is_overlapping, check_is_overlapping)}
    c = Checker(insert_audio_clip, "insert_audio_clip", uses=uses)
    background = _background(1)
    for seed, ms in ((0, 700), (1, 1300), (2, 450), (3, 900), (4, 1000), (5, 650)):
        clip = _tone(ms, 440 + 50 * seed, seed)
        previous = list(PREVIOUS)
        with ref.seeded_numpy(seed):
            got = c.call(background, clip, previous, mutation_ok=("previous_segments",))
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            c.fail("expected a pair (new_background, segment_time)", got=describe(got),
                   hint="Return both: new_background, segment_time.")
        new_background, segment = got
        start, end = _pair(c, segment, "segment_time")
        if not _is_audio(new_background):
            c.fail(f"new_background should be an AudioSegment, got {describe(new_background)}",
                   hint="background.overlay(audio_clip, position=segment_time[0]) returns it.")
        if (start, end) == (ref.CLIP_MS, ref.CLIP_MS):
            c.fail("gave up placing a clip although there was room", got=str(segment),
                   hint="Keep drawing new segments while the segment overlaps a previous one.")
        if end - start != len(clip) - 1:
            c.fail(f"the segment of a {len(clip)} ms clip lasts {end - start + 1} ms", got=str(segment),
                   hint="Use the clip's own length: segment_ms = len(audio_clip).")
        if ref.is_overlapping((start, end), PREVIOUS):
            c.fail(f"the segment {(start, end)} overlaps a segment already taken, {PREVIOUS}",
                   hint="Draw again while is_overlapping(segment_time, previous_segments) is True.")
        if len(previous) != len(PREVIOUS) + 1 or tuple(previous[-1]) != (start, end):
            c.fail("previous_segments was not updated", expected=str(PREVIOUS + [(start, end)]),
                   got=describe(previous),
                   hint="Append the new segment: previous_segments.append(segment_time), so that the next "
                        "clip avoids it.")
        expected = background.overlay(clip, position=start)
        if len(new_background) != len(background):
            c.fail(f"new_background lasts {len(new_background)} ms; expected {len(background)} ms",
                   hint="Overlay the clip on the background: background.overlay(audio_clip, position=...).")
        if not np.array_equal(new_background.samples, expected.samples):
            at_end = background.overlay(clip, position=end)
            hint = ("The clip is mixed in at the segment's end; it starts at segment_time[0]."
                    if np.array_equal(new_background.samples, at_end.samples) else
                    "new_background is the background with the clip mixed in from segment_time[0]: "
                    "background.overlay(audio_clip, position=segment_time[0]).")
            c.fail(f"the returned audio is not the background with the clip mixed in at {start} ms",
                   hint=hint)
    c.ok("six clips: right length, no overlap with the segments taken, appended, mixed in at the start")
    c.done()


# ---------------------------------------------------------------------------------------------
# create_training_example


@contextmanager
def _in_temporary_folder():
    """Run inside a fresh folder, so that code that exports "train.wav" leaves nothing behind."""
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            yield
        finally:
            os.chdir(here)


def check_create_training_example(create_training_example):
    calls, spectrograms = [], []

    def spy_insert(background, audio_clip, previous_segments):
        new_background, segment = ref.insert_audio_clip(background, audio_clip, previous_segments)
        calls.append((background, audio_clip, segment, new_background))
        return new_background, segment

    def spy_spectrogram(audio):
        audio = audio if _is_audio(audio) else ref.AudioSegment.from_wav(audio)
        x = ref.graph_spectrogram(audio)
        spectrograms.append((audio, x))
        return x

    uses = {"insert_audio_clip": (spy_insert, check_insert_audio_clip),
            "insert_ones": (ref.insert_ones, check_insert_ones),
            "graph_spectrogram": (spy_spectrogram, None),
            "get_random_time_segment": (ref.get_random_time_segment, check_get_random_time_segment),
            "is_overlapping": (ref.is_overlapping, check_is_overlapping)}
    c = KerasChecker(create_training_example, "create_training_example", uses=uses)
    activates = [_tone(ms, 600 + 40 * i, i) for i, ms in enumerate((700, 820, 640))]
    negatives = [_tone(ms, 300 + 30 * i, 10 + i, level=4000) for i, ms in enumerate((400, 560))]
    background = _background(3)
    counts = []
    for seed in range(6):
        calls.clear()
        spectrograms.clear()
        with _in_temporary_folder(), ref.seeded_numpy(seed):
            got = c.call(background, activates, negatives)
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            c.fail("expected a pair (x, y)", got=describe(got), hint="Return x, y.")
        x, y = got
        if not spectrograms:
            c.fail("graph_spectrogram was never called",
                   hint="x is the spectrogram of the finished example: x = graph_spectrogram(background) "
                        "(or export it to a WAV file and pass the file name).")
        if not isinstance(y, np.ndarray) or y.shape != (1, ref.TY):
            c.fail("y should be an array of shape (1, 1375)", got=describe(y),
                   hint="Start from y = np.zeros((1, Ty)).")
        inserted = [(clip, segment) for _, clip, segment, _ in calls]
        n_activates = sum(any(clip is a for a in activates) for clip, _ in inserted)
        n_negatives = sum(any(clip is n for n in negatives) for clip, _ in inserted)
        if n_activates > 4 or n_negatives > 2:
            c.fail(f"inserted {n_activates} trigger words and {n_negatives} negatives",
                   hint="Insert 0 to 4 trigger words (np.random.randint(0, 5)) and 0 to 2 negatives "
                        "(np.random.randint(0, 3)).")
        counts.append((n_activates, n_negatives))
        if calls:
            lowered = calls[0][0]
            if abs((background.dBFS - lowered.dBFS) - 20) > 0.1:
                c.fail(f"the background was lowered by {background.dBFS - lowered.dBFS:.1f} dB before the "
                       "words were inserted; expected 20 dB", hint="Start with background = background - 20, "
                                                                   "so that the words stand out.")
            for (_, _, _, new), (nxt, _, _, _) in zip(calls, calls[1:]):
                if nxt is not new:
                    c.fail("a clip was inserted into a background without the clips inserted before it",
                           hint="Keep the returned audio: background, segment_time = "
                                "insert_audio_clip(background, ...).")
        final = calls[-1][3] if calls else background - 20
        audio, spectrogram = spectrograms[-1]
        if abs(audio.dBFS + 20) > 1.0:
            c.fail(f"the example's loudness is {audio.dBFS:.1f} dBFS; expected -20 dBFS",
                   hint="Normalize before computing the spectrogram: "
                        "background = match_target_amplitude(background, -20.0).")
        if calls and not np.allclose(audio.samples, ref.match_target_amplitude(final, -20.0).samples, atol=2):
            c.fail("the spectrogram was computed from audio that is not the finished example",
                   hint="Compute x after inserting every clip and normalizing the result.")
        if not isinstance(x, np.ndarray) or not np.array_equal(x, spectrogram):
            c.fail("x is not the spectrogram of the finished example", got=describe(x),
                   hint="Return x = graph_spectrogram(...) of the normalized background.")
        expected_y = np.zeros((1, ref.TY))
        for clip, segment in inserted:
            if any(clip is a for a in activates):
                expected_y = ref.insert_ones(expected_y, segment[1])
        c.same_array(y, expected_y, what="y", check_dtype=False, mistakes={
            "the ones were also set after the negative words; only trigger words are labelled 1":
                _all_ones(inserted),
        }, hint="After each inserted trigger word, y = insert_ones(y, segment_time[1]); negatives leave y "
                "alone.")
    if not any(a for a, _ in counts):
        c.fail("no trigger word was inserted in six examples",
               hint="Insert np.random.randint(0, 5) trigger words chosen at random from activates.")
    c.ok("six examples: background lowered 20 dB, 0-4 trigger words and 0-2 negatives mixed in, "
         "normalized to -20 dBFS")
    c.ok("x is the spectrogram (101, 5511) of the finished audio; y (1, 1375) has ones after each trigger "
         "word only")
    c.done()


def _all_ones(inserted):
    y = np.zeros((1, ref.TY))
    for _, segment in inserted:
        y = ref.insert_ones(y, segment[1])
    return y


# ---------------------------------------------------------------------------------------------
# modelf


MODELF_HINTS = [
    (ValueError, r"TimeDistributed.*at least 3 dimensions",
     "The Dense layer is applied at every output step, so both GRUs return the whole sequence: "
     "GRU(units=128, return_sequences=True)."),
    (ValueError, r"expected ndim=3, found ndim=2",
     "A GRU reads a sequence (m, steps, features): the GRU before it must return the whole sequence "
     "(return_sequences=True)."),
]


def check_modelf(modelf):
    c = KerasChecker(modelf, "modelf", error_hints=MODELF_HINTS)
    for input_shape in ((ref.TX, ref.N_FREQ), (1011, ref.N_FREQ)):
        with keras_names_kept():
            expected = describe_model(ref.modelf(input_shape))
            model = c.call(input_shape=input_shape)
            problem = architecture_difference(model, expected, input_shape=(None, *input_shape))
        if problem is not None:
            hint = None
            if "rate" in problem:
                hint = "Every Dropout of the original has rate=0.8."
            elif "return_sequences" in problem:
                hint = "Both GRUs return the whole sequence (return_sequences=True): one output per step."
            c.fail(problem, hint=hint)
    c.ok("layers, shapes, settings and parameters as the original for inputs (5511, 101) and (1011, 101)")
    c.done()
