"""Graders of course5_sequence_models/w3_a2 (solution and blank stub: tests/test_grader_contract.py):
wrong segment draws (an end one past the clip, a start that can run past 10 s, no randomness),
wrong overlap tests (strict bounds, only the first segment, the comparison reversed), wrong labels
(off by one, new zeros, rounding, a crash past Ty), wrong insertions (at the end, no overlap test,
not appended, the original background returned), wrong examples (no -20 dB, no normalization, ones
after negatives, y of shape (Ty,)) and wrong models (a Dropout rate, a missing BatchNorm, a GRU
returning its last state, 64 units) are rejected with the difference named; code written for the
original course passes (the retry loop or the plain while loop, np.random seeded inside, "train.wav"
exported and read back)."""

import types

import numpy as np
from helpers import passes, rejects

from utils.graders.course5_sequence_models import w3_a2_trigger_word_detection as grader
from utils.nn import trigger_word as ref
from utils.nn.trigger_word import graph_spectrogram, match_target_amplitude  # noqa: F401  (read as globals)
from utils.notebook import import_tensorflow

tf = import_tensorflow()
from keras.layers import GRU, Activation, BatchNormalization, Conv1D, Dense, Dropout, Input, TimeDistributed  # noqa: E402,I001
from keras.models import Model  # noqa: E402

Ty = 1375
get_random_time_segment = ref.get_random_time_segment
is_overlapping = ref.is_overlapping
insert_ones = ref.insert_ones
insert_audio_clip = ref.insert_audio_clip


# -- get_random_time_segment ------------------------------------------------------------------

def segment_original(segment_ms):
    segment_start = np.random.randint(low=0, high=10000 - segment_ms)
    segment_end = segment_start + segment_ms - 1
    return (segment_start, segment_end)


def test_get_random_time_segment():
    passes(grader.check_get_random_time_segment, segment_original)

    def one_past(segment_ms):
        start = np.random.randint(0, 10000 - segment_ms)
        return (start, start + segment_ms)

    def past_clip(segment_ms):
        start = np.random.randint(0, 10000)
        return (start, start + segment_ms - 1)

    def fixed(segment_ms):
        return (0, segment_ms - 1)

    check = grader.check_get_random_time_segment
    rejects(check, one_past, "lasts 501 ms", "segment_start + segment_ms - 1")
    rejects(check, past_clip, "does not fit in the 10 s clip", "10000 - segment_ms")
    rejects(check, fixed, "gave only 1 different starts")
    rejects(check, lambda segment_ms: None, "should be a pair")


# -- is_overlapping ---------------------------------------------------------------------------

def overlapping_original(segment_time, previous_segments):
    segment_start, segment_end = segment_time
    overlap = False
    for previous_start, previous_end in previous_segments:
        if segment_start <= previous_end and segment_end >= previous_start:
            overlap = True
            break
    return overlap


def test_is_overlapping():
    passes(grader.check_is_overlapping, overlapping_original)

    def strict(segment_time, previous_segments):
        return any(segment_time[0] < e and segment_time[1] > s for s, e in previous_segments)

    def first_only(segment_time, previous_segments):
        for s, e in previous_segments:
            return segment_time[0] <= e and segment_time[1] >= s
        return False

    def reversed_test(segment_time, previous_segments):
        return any(segment_time[0] >= s and segment_time[1] <= e for s, e in previous_segments)

    check = grader.check_is_overlapping
    rejects(check, strict, "ends at the millisecond the old one starts", "bounds are inclusive")
    rejects(check, first_only, "only the last of three overlaps", "Check every previous segment")
    rejects(check, reversed_test, "wrong answer when the new segment contains an old one")
    rejects(check, lambda segment_time, previous_segments: 1, "expected True or False")


# -- insert_ones ------------------------------------------------------------------------------

def ones_original(y, segment_end_ms):
    segment_end_y = int(segment_end_ms * Ty / 10000.0)
    if segment_end_y < Ty:
        for i in range(segment_end_y + 1, segment_end_y + 51):
            if i < Ty:
                y[0, i] = 1
    return y


def test_insert_ones():
    passes(grader.check_insert_ones, ones_original)

    def off_by_one(y, segment_end_ms):
        step = int(segment_end_ms * Ty / 10000.0)
        y[0, step:step + 50] = 1
        return y

    def new_zeros(y, segment_end_ms):
        return ones_original(np.zeros((1, Ty)), segment_end_ms)

    def rounded(y, segment_end_ms):
        step = round(segment_end_ms * Ty / 10000.0)
        y[0, step + 1:step + 51] = 1
        return y

    def crashes_past_end(y, segment_end_ms):
        step = int(segment_end_ms * Ty / 10000.0)
        for i in range(step + 1, step + 51):
            y[0, i] = 1
        return y

    check = grader.check_insert_ones
    rejects(check, off_by_one, "start at the end step itself")
    rejects(check, new_zeros, "labels already in y were lost")
    rejects(check, rounded, "the end step is rounded")
    rejects(check, crashes_past_end, "raised IndexError")
    rejects(check, lambda y, segment_end_ms: None, "is None")


# -- insert_audio_clip ------------------------------------------------------------------------

def insert_original(background, audio_clip, previous_segments):
    segment_ms = len(audio_clip)
    segment_time = get_random_time_segment(segment_ms)
    retry = 5
    while is_overlapping(segment_time, previous_segments) and retry >= 0:
        segment_time = get_random_time_segment(segment_ms)
        retry = retry - 1
    if not is_overlapping(segment_time, previous_segments):
        previous_segments.append(segment_time)
        new_background = background.overlay(audio_clip, position=segment_time[0])
    else:
        new_background = background
        segment_time = (10000, 10000)
    return new_background, segment_time


def insert_original_first_version(background, audio_clip, previous_segments):
    segment_ms = len(audio_clip)
    segment_time = get_random_time_segment(segment_ms)
    while is_overlapping(segment_time, previous_segments):
        segment_time = get_random_time_segment(segment_ms)
    previous_segments.append(segment_time)
    new_background = background.overlay(audio_clip, position=segment_time[0])
    return new_background, segment_time


def test_insert_audio_clip():
    check = grader.check_insert_audio_clip
    passes(check, insert_original)
    passes(check, insert_original_first_version)

    def at_end(background, audio_clip, previous_segments):
        segment_time = get_random_time_segment(len(audio_clip))
        while is_overlapping(segment_time, previous_segments):
            segment_time = get_random_time_segment(len(audio_clip))
        previous_segments.append(segment_time)
        return background.overlay(audio_clip, position=segment_time[1]), segment_time

    def no_overlap_test(background, audio_clip, previous_segments):
        segment_time = get_random_time_segment(len(audio_clip))
        previous_segments.append(segment_time)
        return background.overlay(audio_clip, position=segment_time[0]), segment_time

    def not_appended(background, audio_clip, previous_segments):
        segment_time = get_random_time_segment(len(audio_clip))
        while is_overlapping(segment_time, previous_segments):
            segment_time = get_random_time_segment(len(audio_clip))
        return background.overlay(audio_clip, position=segment_time[0]), segment_time

    def unchanged(background, audio_clip, previous_segments):
        segment_time = get_random_time_segment(len(audio_clip))
        while is_overlapping(segment_time, previous_segments):
            segment_time = get_random_time_segment(len(audio_clip))
        previous_segments.append(segment_time)
        return background, segment_time

    rejects(check, at_end, "mixed in at the segment's end")
    rejects(check, no_overlap_test, "overlaps a segment already taken")
    rejects(check, not_appended, "previous_segments was not updated")
    rejects(check, unchanged, "is not the background with the clip mixed in")


# -- create_training_example ------------------------------------------------------------------

def example_original(background, activates, negatives, Ty=1375):
    np.random.seed(18)
    background = background - 20
    y = np.zeros((1, Ty))
    previous_segments = []
    number_of_activates = np.random.randint(0, 5)
    random_indices = np.random.randint(len(activates), size=number_of_activates)
    random_activates = [activates[i] for i in random_indices]
    for random_activate in random_activates:
        background, segment_time = insert_audio_clip(background, random_activate, previous_segments)
        segment_start, segment_end = segment_time
        y = insert_ones(y, segment_end)
    number_of_negatives = np.random.randint(0, 3)
    random_indices = np.random.randint(len(negatives), size=number_of_negatives)
    random_negatives = [negatives[i] for i in random_indices]
    for random_negative in random_negatives:
        background, _ = insert_audio_clip(background, random_negative, previous_segments)
    background = match_target_amplitude(background, -20.0)
    background.export("train" + ".wav", format="wav")
    x = graph_spectrogram("train.wav")
    return x, y


def example(background, activates, negatives, Ty=1375, kind="right"):
    if kind != "loud":
        background = background - 20
    y = np.zeros((1, Ty))
    previous_segments = []
    for i in np.random.randint(len(activates), size=np.random.randint(1, 5)):
        background, segment_time = insert_audio_clip(background, activates[i], previous_segments)
        y = insert_ones(y, segment_time[1])
    for i in np.random.randint(len(negatives), size=np.random.randint(0, 3)):
        background, segment_time = insert_audio_clip(background, negatives[i], previous_segments)
        if kind == "negatives_labelled":
            y = insert_ones(y, segment_time[1])
    if kind != "not_normalized":
        background = match_target_amplitude(background, -20.0)
    x = graph_spectrogram(background)
    return x, (y[0] if kind == "flat_y" else y)


def variant(fn, kind):
    """fn with another default `kind`: a plain function of this module, so that the grader can swap
    the helpers it reads (a lambda calling fn would leave fn reading this module's globals)."""
    return types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__[:-1] + (kind,))


def test_create_training_example():
    check = grader.check_create_training_example
    passes(check, example_original)
    passes(check, example)
    rejects(check, variant(example, "loud"), "lowered by 0.0 dB", "background = background - 20")
    rejects(check, variant(example, "not_normalized"), "expected -20 dBFS", "match_target_amplitude")
    rejects(check, variant(example, "negatives_labelled"), "also set after the negative words")
    rejects(check, variant(example, "flat_y"), "y should be an array of shape (1, 1375)")


# -- modelf -----------------------------------------------------------------------------------

def modelf_original(input_shape, kind="right"):
    rate = 0.5 if kind == "rate" else 0.8
    X_input = Input(shape=input_shape)
    X = Conv1D(filters=196, kernel_size=15, strides=4)(X_input)
    if kind != "no_batchnorm":
        X = BatchNormalization()(X)
    X = Activation("relu")(X)
    X = Dropout(rate=rate)(X)
    X = GRU(units=64 if kind == "units" else 128, return_sequences=True)(X)
    X = Dropout(rate=rate)(X)
    X = BatchNormalization()(X)
    X = GRU(units=128, return_sequences=kind != "last_state")(X)
    X = Dropout(rate=rate)(X)
    X = BatchNormalization()(X)
    X = Dropout(rate=rate)(X)
    X = TimeDistributed(Dense(1, activation="sigmoid"))(X)
    return Model(inputs=X_input, outputs=X)


def test_modelf():
    check = grader.check_modelf
    passes(check, modelf_original)
    rejects(check, lambda input_shape: modelf_original(input_shape, "rate"), "rate 0.8", "rate=0.8")
    rejects(check, lambda input_shape: modelf_original(input_shape, "no_batchnorm"), "BatchNormalization")
    rejects(check, lambda input_shape: modelf_original(input_shape, "last_state"), "return_sequences")
    rejects(check, lambda input_shape: modelf_original(input_shape, "units"), "units 128")
    rejects(check, lambda input_shape: None, "expected a keras Model")
