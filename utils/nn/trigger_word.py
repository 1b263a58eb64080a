"""NumPy and Keras: trigger word detection on synthesized speech
(course5_sequence_models/w3_a2_trigger_word_detection; DATA.md `trigger_word`).

Audio is handled by `AudioSegment`, a small NumPy stand-in for the part of pydub's class that the
original course uses, with the same meanings: `len(segment)` is the duration in milliseconds,
`background.overlay(clip, position=ms)` mixes a clip in (cut at the background's end),
`segment - 20` lowers the volume by 20 dB, `segment.dBFS` is the loudness (RMS relative to full
scale) and `segment.export(path)` writes a WAV file. Samples are 16-bit integers, mixed with
saturation as pydub does.

The shipped clips are 16,000 Hz; `load_raw_audio` resamples them to SAMPLE_RATE = 44,100 Hz, so
that a 10 s clip has 441,000 samples and `graph_spectrogram` (NFFT 200, noverlap 120, so a hop of
80 samples) gives the original's Tx = 5511 steps of 101 frequencies. The spectrogram is returned as
log10 of the power, shape (n_freq, Tx) = (101, 5511) as in the original. The model's Conv1D
(kernel 15, stride 4) turns 5511 steps into Ty = 1375 output steps.

The exercises' references (`get_random_time_segment`, `is_overlapping`, `insert_audio_clip`,
`insert_ones`, `create_training_example`, `modelf`) are here too, with the held-out clips, the
event-level scoring and the chime.
"""

from contextlib import contextmanager

import numpy as np

SAMPLE_RATE = 44_100          # Hz, the rate every example is mixed and analysed at
SHIPPED_RATE = 16_000         # Hz, the rate of datasets/trigger_word/audio.wav
CLIP_MS = 10_000              # a training example lasts 10 s
NFFT, NOVERLAP = 200, 120     # spectrogram window and overlap, in samples at 44.1 kHz
TX, N_FREQ = 5511, 101        # spectrogram steps and frequencies of a 10 s clip
TY = 1375                     # output steps of the model
LABEL_STEPS = 50              # ones after the end of a trigger word
THRESHOLD = 0.5               # detection threshold on the model's probability
MAX_INT16 = 32768


def _keras():
    from utils.notebook import import_tensorflow

    import_tensorflow()
    import keras

    return keras


# ---------------------------------------------------------------------------------------------
# Audio


class AudioSegment:
    """Mono 16-bit audio with the pydub meanings the course relies on (times in milliseconds).

    Args:
        samples: integer samples, shape (n,), stored as int16.
        frame_rate: samples per second.
    """

    def __init__(self, samples, frame_rate=SAMPLE_RATE):
        self.samples = np.clip(np.rint(np.asarray(samples, dtype=np.float64)), -MAX_INT16, MAX_INT16 - 1)
        self.samples = self.samples.astype(np.int16)
        self.samples.setflags(write=False)         # a segment never changes, as in pydub
        self.frame_rate = int(frame_rate)

    @classmethod
    def silent(cls, duration=1000, frame_rate=SAMPLE_RATE):
        return cls(np.zeros(int(round(duration * frame_rate / 1000))), frame_rate)

    @classmethod
    def from_wav(cls, path):
        from scipy.io import wavfile

        rate, samples = wavfile.read(path)
        return cls(samples if samples.ndim == 1 else samples.mean(axis=1), rate)

    def __len__(self):
        return int(round(1000 * len(self.samples) / self.frame_rate))

    def __repr__(self):
        return f"AudioSegment({len(self)} ms at {self.frame_rate} Hz)"

    def __eq__(self, other):
        return (isinstance(other, AudioSegment) and self.frame_rate == other.frame_rate
                and np.array_equal(self.samples, other.samples))

    __hash__ = object.__hash__

    def _index(self, ms):
        return int(round(ms * self.frame_rate / 1000))

    def __getitem__(self, key):
        if isinstance(key, slice):
            start = 0 if key.start is None else self._index(key.start)
            stop = len(self.samples) if key.stop is None else self._index(key.stop)
            return AudioSegment(self.samples[start:stop], self.frame_rate)
        return AudioSegment(self.samples[self._index(key):self._index(key + 1)], self.frame_rate)

    def overlay(self, seg, position=0):
        """This segment with `seg` mixed in from `position` ms on; the result keeps this length."""
        if seg.frame_rate != self.frame_rate:
            raise ValueError(f"cannot overlay audio at {seg.frame_rate} Hz on audio at {self.frame_rate} Hz")
        mixed = self.samples.astype(np.int32)
        start = self._index(position)
        end = min(len(mixed), start + len(seg.samples))
        if end > start:
            mixed[start:end] += seg.samples[:end - start]
        return AudioSegment(mixed, self.frame_rate)

    def apply_gain(self, volume_change):
        """Louder by volume_change dB (quieter when negative)."""
        return AudioSegment(self.samples * 10 ** (volume_change / 20), self.frame_rate)

    def __sub__(self, db):
        return self.apply_gain(-db)

    def __add__(self, other):
        if isinstance(other, AudioSegment):          # pydub: + of two segments joins them
            return AudioSegment(np.concatenate([self.samples, other.samples]), self.frame_rate)
        return self.apply_gain(other)

    @property
    def rms(self):
        return float(np.sqrt(np.mean(self.samples.astype(np.float64) ** 2))) if len(self.samples) else 0.0

    @property
    def dBFS(self):
        rms = self.rms
        return 20 * np.log10(rms / MAX_INT16) if rms > 0 else -np.inf

    @property
    def duration_seconds(self):
        return len(self.samples) / self.frame_rate

    def get_array_of_samples(self):
        return self.samples.copy()

    def export(self, out_f, format="wav"):
        """Write a 16-bit WAV file (the only format here) and return its path."""
        from scipy.io import wavfile

        if format != "wav":
            raise ValueError(f"only WAV export is supported here, not {format!r}")
        wavfile.write(out_f, self.frame_rate, self.samples)
        return out_f


def match_target_amplitude(sound, target_dBFS):
    """`sound` with its gain changed so that its loudness is target_dBFS."""
    return sound.apply_gain(target_dBFS - sound.dBFS)


def resample(samples, from_rate, to_rate=SAMPLE_RATE):
    """Integer samples from one rate to another (polyphase filtering), as float."""
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(int(from_rate), int(to_rate))
    return resample_poly(np.asarray(samples, dtype=np.float64), to_rate // g, from_rate // g)


def graph_spectrogram(audio):
    """The log-power spectrogram of a clip: a WAV path or an AudioSegment.

    Periodic Hann windows of NFFT = 200 samples, 120 overlapping (a hop of 80), each with its mean
    removed, on samples scaled to [-1, 1); the one-sided power spectral density (as matplotlib's
    specgram computes it), as log10(power + 1e-12), shape (101, n_steps): (101, 5511) for 10 s
    at 44.1 kHz.
    """
    if not isinstance(audio, AudioSegment):
        audio = AudioSegment.from_wav(audio)
    data = audio.samples.astype(np.float64) / MAX_INT16
    window = np.hanning(NFFT + 1)[:NFFT]                                  # periodic Hann
    frames = np.lib.stride_tricks.sliding_window_view(data, NFFT)[::NFFT - NOVERLAP]   # (n_steps, NFFT)
    spectrum = np.fft.rfft((frames - frames.mean(axis=1, keepdims=True)) * window)     # (n_steps, 101)
    power = np.abs(spectrum) ** 2 / (audio.frame_rate * np.sum(window ** 2))
    power[:, 1:-1] *= 2                                                   # one-sided density
    return np.log10(power.T + 1e-12).astype(np.float32)                   # (101, n_steps)


def load_raw_audio(split="train"):
    """The shipped clips of one split ("train" or "test"), resampled to 44.1 kHz.

    Returns (activates, negatives, backgrounds): lists of AudioSegment. `negatives` holds the
    other words and then the near-misses ("active", "captivate", ...). The test split's words are
    spoken by voices the training split never uses.
    """
    activates, negatives, backgrounds = [], [], []
    by_kind = {"activate": activates, "negative": negatives, "near_miss": negatives,
               "background": backgrounds}
    for row, samples in _resampled_split(split):
        by_kind[row["kind"]].append(AudioSegment(samples, SAMPLE_RATE))
    return activates, negatives, backgrounds


def words_index(split="train"):
    """The index rows (dicts of the CSV) of the shipped clips of a split, in file order."""
    return [row for row, _ in _shipped(split)]


def _shipped(split):
    from utils.data import load_trigger_word

    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    rows, audio = load_trigger_word()
    return [(row, audio[int(row["start"]):int(row["stop"])]) for row in rows if row["split"] == split]


def _resampled_split(split):
    """Every clip of a split at 44.1 kHz: the split's clips are joined and resampled at once
    (one filter for all; each clip has 30 ms of near silence at its ends), then cut apart."""
    if split not in _RESAMPLED:
        pieces = _shipped(split)
        bounds = np.cumsum([0] + [len(samples) for _, samples in pieces])
        joined = resample(np.concatenate([samples for _, samples in pieces]), SHIPPED_RATE)
        cuts = [int(round(b * SAMPLE_RATE / SHIPPED_RATE)) for b in bounds]
        _RESAMPLED[split] = [(row, joined[a:b]) for (row, _), a, b in zip(pieces, cuts[:-1], cuts[1:])]
    return _RESAMPLED[split]


_RESAMPLED = {}


@contextmanager
def seeded_numpy(seed):
    """np.random seeded inside the block, the caller's global stream restored afterwards."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


# ---------------------------------------------------------------------------------------------
# The exercises' references


def get_random_time_segment(segment_ms):
    """A random (start_ms, end_ms) of a clip of segment_ms inside 10 s, both ends included."""
    segment_start = np.random.randint(low=0, high=CLIP_MS - segment_ms)
    segment_end = segment_start + segment_ms - 1
    return (segment_start, segment_end)


def is_overlapping(segment_time, previous_segments):
    """True when segment_time (start, end) shares a millisecond with one of previous_segments."""
    segment_start, segment_end = segment_time
    for previous_start, previous_end in previous_segments:
        if segment_start <= previous_end and segment_end >= previous_start:
            return True
    return False


def insert_audio_clip(background, audio_clip, previous_segments):
    """Mix audio_clip into background at a random place that overlaps none of previous_segments.

    Returns (new_background, segment_time); segment_time is appended to previous_segments. After
    six failed draws the clip is left out and (10000, 10000) returned.
    """
    segment_ms = len(audio_clip)
    segment_time = get_random_time_segment(segment_ms)
    retries = 5
    while is_overlapping(segment_time, previous_segments) and retries >= 0:
        segment_time = get_random_time_segment(segment_ms)
        retries -= 1
    if is_overlapping(segment_time, previous_segments):
        return background, (CLIP_MS, CLIP_MS)
    previous_segments.append(segment_time)
    return background.overlay(audio_clip, position=segment_time[0]), segment_time


def insert_ones(y, segment_end_ms):
    """Set the LABEL_STEPS labels after segment_end_ms to 1 (never past the last step); y (1, Ty)."""
    _, Ty = y.shape
    segment_end_y = int(segment_end_ms * Ty / CLIP_MS)
    if segment_end_y < Ty:
        y[0, segment_end_y + 1:segment_end_y + 1 + LABEL_STEPS] = 1
    return y


def create_training_example(background, activates, negatives, Ty=TY):
    """A 10 s training example: up to 4 trigger words and up to 2 other words mixed into the
    background lowered by 20 dB, then normalized to -20 dBFS.

    Returns x, the spectrogram, shape (101, 5511), and y, the labels, shape (1, Ty).
    """
    x, y, _ = compose_example(background, activates, negatives, Ty)
    return x, y


def compose_example(background, activates, negatives, Ty=TY):
    """create_training_example that also returns the audio and the segments:
    (x, y, {"audio": AudioSegment, "activates": [(start, end)], "negatives": [(start, end)]})."""
    background = background - 20
    y = np.zeros((1, Ty))
    previous_segments = []
    placed = {"activates": [], "negatives": []}
    number_of_activates = np.random.randint(0, 5)
    for i in np.random.randint(len(activates), size=number_of_activates):
        background, segment_time = insert_audio_clip(background, activates[i], previous_segments)
        if segment_time[0] < CLIP_MS:
            placed["activates"].append(segment_time)
        y = insert_ones(y, segment_time[1])
    number_of_negatives = np.random.randint(0, 3)
    for i in np.random.randint(len(negatives), size=number_of_negatives):
        background, segment_time = insert_audio_clip(background, negatives[i], previous_segments)
        if segment_time[0] < CLIP_MS:
            placed["negatives"].append(segment_time)
    background = match_target_amplitude(background, -20.0)
    placed["audio"] = background
    return graph_spectrogram(background), y, placed


def modelf(input_shape, dropout_rate=0.8):
    """The detector: Conv1D(196, 15, strides 4), BatchNorm, ReLU, Dropout, two GRU(128) layers
    each followed by Dropout and BatchNorm, Dropout, TimeDistributed Dense sigmoid.

    input_shape: (Tx, n_freq), e.g. (5511, 101). The original's dropout rate is 0.8; the
    pretraining uses a lower one (dropout has no weights, so they load either way).
    """
    keras = _keras()
    from keras import layers

    X_input = keras.Input(shape=input_shape)
    X = layers.Conv1D(filters=196, kernel_size=15, strides=4)(X_input)     # (Ty, 196)
    X = layers.BatchNormalization()(X)
    X = layers.Activation("relu")(X)
    X = layers.Dropout(rate=dropout_rate)(X)
    X = layers.GRU(units=128, return_sequences=True)(X)                    # (Ty, 128)
    X = layers.Dropout(rate=dropout_rate)(X)
    X = layers.BatchNormalization()(X)
    X = layers.GRU(units=128, return_sequences=True)(X)                    # (Ty, 128)
    X = layers.Dropout(rate=dropout_rate)(X)
    X = layers.BatchNormalization()(X)
    X = layers.Dropout(rate=dropout_rate)(X)
    X = layers.TimeDistributed(layers.Dense(1, activation="sigmoid"))(X)   # (Ty, 1)
    return keras.Model(inputs=X_input, outputs=X)


# ---------------------------------------------------------------------------------------------
# Held-out clips, detection and scoring


def held_out_clips(n=32, seed=2026):
    """n test examples made like training examples from the test split (unseen voices, the test
    backgrounds, test near-misses among the negatives), with their segments.

    Returns a list of dicts {"x": (101, 5511), "y": (1, Ty), "audio", "activates", "negatives"}.
    """
    activates, negatives, backgrounds = load_raw_audio("test")
    clips = []
    with seeded_numpy(seed):
        for i in range(n):
            x, y, placed = compose_example(backgrounds[i % len(backgrounds)], activates, negatives)
            clips.append({"x": x, "y": y, **placed})
    return clips


def near_miss_clip(seed=7):
    """A test clip with one trigger word and two near-misses (unseen voices), with its segments,
    as held_out_clips gives them, and the near-misses' words under "negative_words"."""
    activates, negatives, backgrounds = load_raw_audio("test")
    negative_rows = _negative_rows(words_index("test"))
    near = [i for i, row in enumerate(negative_rows) if row["kind"] == "near_miss"]
    with seeded_numpy(seed):
        chosen = [int(i) for i in np.random.choice(near, size=2, replace=False)]
        background = backgrounds[0] - 20
        previous = []
        trigger = activates[np.random.randint(len(activates))]
        background, first = insert_audio_clip(background, trigger, previous)
        placed = []
        for i in chosen:
            background, segment = insert_audio_clip(background, negatives[i], previous)
            placed.append(segment)
    audio = match_target_amplitude(background, -20.0)
    y = insert_ones(np.zeros((1, TY)), first[1])
    words = [negative_rows[i]["text"] for i in chosen]
    return {"x": graph_spectrogram(audio), "y": y, "audio": audio, "activates": [first],
            "negatives": placed, "negative_words": words}


def _negative_rows(rows):
    """The rows of load_raw_audio's negatives, in its order: the other words, then the near-misses."""
    return [row for kind in ("negative", "near_miss") for row in rows if row["kind"] == kind]


def predict_tracks(model, xs, batch_size=8):
    """The model's probability tracks for spectrograms xs, each (101, Tx): shape (m, Ty)."""
    X = np.stack([x.T for x in xs]).astype(np.float32)                   # (m, Tx, 101)
    return model.predict(X, batch_size=batch_size, verbose=0)[..., 0]     # (m, Ty)


def detections(track, threshold=THRESHOLD, min_gap=75):
    """The steps where a detection starts: the track rises above threshold, at least min_gap steps
    after the previous detection started (as the original's chime does)."""
    found, last = [], -min_gap - 1
    above = np.asarray(track) > threshold
    for t in np.flatnonzero(above & ~np.r_[False, above[:-1]]):
        if t - last > min_gap:
            found.append(int(t))
            last = t
    return found


def end_step(segment_end_ms, Ty=TY):
    """The output step of a word's last millisecond, as insert_ones computes it."""
    return int(segment_end_ms * Ty / CLIP_MS)


def match_events(detected, segments, Ty=TY, window=LABEL_STEPS):
    """Event-level matching: a trigger word ending at step e is found when a detection starts at a
    step in [e - window // 2, e + window], each detection matching at most one word.

    Returns (true_positives, number_of_detections, number_of_words)."""
    ends = sorted(end_step(end, Ty) for _, end in segments)
    free = sorted(detected)
    hits = 0
    for e in ends:
        for t in free:
            if e - window // 2 <= t <= e + window:
                free.remove(t)
                hits += 1
                break
    return hits, len(detected), len(ends)


def event_scores(tracks, clips, threshold=THRESHOLD):
    """(precision, recall, F1, true positives, detections, words) over clips."""
    hits = found = words = 0
    for track, clip in zip(tracks, clips):
        h, d, w = match_events(detections(track, threshold), clip["activates"])
        hits, found, words = hits + h, found + d, words + w
    precision = hits / found if found else 0.0
    recall = hits / words if words else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, hits, found, words


def chime(frame_rate=SAMPLE_RATE):
    """The project's chime: two decaying sine tones (880 and 1,320 Hz), 300 ms, peak at half of
    full scale."""
    t = np.arange(int(0.3 * frame_rate)) / frame_rate
    tone = (np.sin(2 * np.pi * 880 * t) + 0.6 * np.sin(2 * np.pi * 1320 * t)) * np.exp(-t / 0.08)
    return AudioSegment(tone / np.abs(tone).max() * 0.5 * (MAX_INT16 - 1), frame_rate)


def chime_on_activate(audio, track, threshold=THRESHOLD):
    """The clip with the chime mixed in wherever a detection starts (steps of the track)."""
    bell = chime(audio.frame_rate)
    for t in detections(track, threshold):
        audio = audio.overlay(bell, position=t * len(audio) / len(track))
    return audio


# ---------------------------------------------------------------------------------------------
# Figures


def plot_example(audio, x, y, activates, negatives=(), title=None):
    """Three panels sharing the time axis (seconds): the waveform with the inserted words shaded
    (trigger words green, others grey), the spectrogram x (101, Tx) and the labels y (1, Ty)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(3, 1, figsize=(9, 6.5), sharex=True)
    seconds = len(audio) / 1000
    t = np.arange(len(audio.samples)) / audio.frame_rate
    axes[0].plot(t, audio.samples / MAX_INT16, linewidth=0.3, color="tab:blue")
    shaded = ((activates, "tab:green", "trigger word"), (negatives, "grey", "other word"))
    for segments, colour, label in shaded:
        for i, (start, end) in enumerate(segments):
            axes[0].axvspan(start / 1000, end / 1000, color=colour, alpha=0.3, label=None if i else label)
    axes[0].set_ylabel("amplitude")
    if len(activates) or len(negatives):
        axes[0].legend(loc="upper right", fontsize=8)
    axes[1].imshow(x, aspect="auto", origin="lower", cmap="magma",
                   extent=(0, seconds, 0, audio.frame_rate / 2000))
    axes[1].set_ylabel("frequency (kHz)")
    axes[1].grid(False)
    steps = np.arange(y.shape[1]) * seconds / y.shape[1]
    axes[2].plot(steps, y[0], color="tab:green")
    axes[2].set_ylabel("label y")
    axes[2].set_xlabel("time (s)")
    axes[2].set_ylim(-0.1, 1.1)
    fig.suptitle(title or "A training example")
    fig.tight_layout()


def plot_track(track, activates, negatives=(), negative_words=(), threshold=THRESHOLD, title=None, ax=None):
    """The model's probability over the Ty steps of a clip (in seconds), the threshold, the
    detections, and the true trigger words (green) and other words (grey) shaded."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3))
    seconds = np.arange(len(track)) * CLIP_MS / 1000 / len(track)
    for i, (start, end) in enumerate(activates):
        ax.axvspan(start / 1000, end / 1000, color="tab:green", alpha=0.25,
                   label=None if i else "trigger word")
    for i, (start, end) in enumerate(negatives):
        ax.axvspan(start / 1000, end / 1000, color="grey", alpha=0.25, label=None if i else "other word")
        if i < len(negative_words):
            ax.text((start + end) / 2000, 0.9, negative_words[i], ha="center", fontsize=8)
    ax.plot(seconds, track, color="tab:blue", label="probability")
    ax.axhline(threshold, color="tab:red", linestyle="--", linewidth=0.8, label="threshold")
    for i, t in enumerate(detections(track, threshold)):
        ax.axvline(seconds[t], color="tab:red", linewidth=1.5, label=None if i else "detection (chime)")
    ax.set_xlabel("time (s)")
    ax.set_ylabel("P(trigger word just ended)")
    ax.set_ylim(-0.05, 1.05)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
    ax.set_title(title or "Probability track")
