"""utils.nn.trigger_word: the AudioSegment stand-in keeps pydub's meanings, the spectrogram has the
original's shape and matches matplotlib's, the shipped set keeps its voice split, and the event
scoring counts what the notebook says it counts."""

import numpy as np
from matplotlib import mlab

from utils.nn import trigger_word as tw


def test_audio_segment_has_pydubs_meanings(tmp_path):
    rate = tw.SAMPLE_RATE
    background = tw.AudioSegment(np.full(rate, 1000), rate)                # 1 s
    clip = tw.AudioSegment(np.full(rate // 2, 500), rate)                  # 500 ms
    assert len(background) == 1000 and len(clip) == 500 and len(background[200:700]) == 500
    mixed = background.overlay(clip, position=800)                        # cut at the background's end
    assert len(mixed) == 1000
    assert mixed.samples[int(0.8 * rate)] == 1500 and mixed.samples[int(0.8 * rate) - 1] == 1000
    assert abs((background - 20).dBFS - (background.dBFS - 20)) < 0.01
    assert abs(tw.match_target_amplitude(clip, -20.0).dBFS + 20) < 0.01
    loud = tw.AudioSegment(np.full(10, 30000), rate).overlay(tw.AudioSegment(np.full(10, 30000), rate))
    assert loud.samples.max() == 32767                                     # saturates as 16-bit audio
    path = background.export(str(tmp_path / "a.wav"), format="wav")
    assert tw.AudioSegment.from_wav(path) == background


def test_spectrogram_shape_and_values():
    rng = np.random.default_rng(0)
    audio = tw.AudioSegment(rng.normal(0, 3000, 10 * tw.SAMPLE_RATE), tw.SAMPLE_RATE)
    x = tw.graph_spectrogram(audio)
    assert x.shape == (tw.N_FREQ, tw.TX) == (101, 5511)
    assert tw.modelf((tw.TX, tw.N_FREQ)).output.shape[1] == tw.TY
    pxx, _, _ = mlab.specgram(audio.samples / 32768, NFFT=tw.NFFT, Fs=tw.SAMPLE_RATE, noverlap=tw.NOVERLAP,
                              detrend="mean", window=np.hanning(tw.NFFT + 1)[:tw.NFFT])
    np.testing.assert_allclose(x, np.log10(pxx + 1e-12), atol=1e-4)


def test_voices_are_held_out_and_clips_resample_to_44k():
    rows = tw.words_index("train") + tw.words_index("test")
    voices = {split: {r["voice"] for r in rows if r["split"] == split and r["voice"]}
              for split in ("train", "test")}
    accents = {split: {v.split("+")[0] for v in vs} for split, vs in voices.items()}
    variants = {split: {v.split("+")[1] for v in vs} for split, vs in voices.items()}
    assert not accents["train"] & accents["test"] and not variants["train"] & variants["test"]
    activates, negatives, backgrounds = tw.load_raw_audio("test")
    assert all(len(b) == 10_000 and len(b.samples) == 441_000 for b in backgrounds)
    assert len(activates) == 30 and len(negatives) == 52


def test_event_scoring():
    track = np.zeros(tw.TY)
    track[701:740] = 0.9          # a word ending at step 700 (5091 ms) is found
    track[1000:1010] = 0.9        # a false alarm
    segments = [(4500, 5091), (8000, 8600)]                                 # the second is missed
    assert tw.detections(track) == [701, 1000]
    assert tw.match_events(tw.detections(track), segments) == (1, 2, 2)
    precision, recall, f1, *_ = tw.event_scores([track], [{"activates": segments}])
    assert (precision, recall, f1) == (0.5, 0.5, 0.5)
    assert tw.event_scores([np.zeros(tw.TY)], [{"activates": segments}])[:3] == (0.0, 0.0, 0.0)
