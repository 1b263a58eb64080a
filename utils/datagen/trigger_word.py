"""Spoken words and 10 s backgrounds for trigger word detection (C5W3, DATA.md `trigger_word`).

The speech is synthesized with espeak-ng, Debian's formant speech synthesizer (`apt-get install
espeak-ng`; a maintainers' build tool, never needed by a learner). The trigger word "activate",
NEGATIVES (other English words) and NEAR_MISSES ("active", "captivate", ...) are spoken by voices
made of an English accent (`-v en-us`, `en-gb-scotland`, ...), a voice variant (`+m3`, `+f2`,
`+klatt2`, ...), a speed (`-s`, words per minute) and a pitch (`-p`, 0 to 99). The voices are
split: TEST_ACCENTS and TEST_VARIANTS are never used by a training word, so the held-out words
come from speakers the detector never heard.

Each word is trimmed to its sound (with 30 ms of margin), resampled from espeak-ng's 22,050 Hz to
RATE = 16,000 Hz, given a random peak level and stored as 16-bit integers.

The backgrounds are 10 s of the project's own noise: coloured noise (white, pink, brown), mains
hum (50 or 60 Hz with harmonics), a slowly breathing room tone, and babble (many quiet,
overlapping words spoken by voices of the same split). Three are for training, two for the test.

Files: `trigger_word/audio.wav` (every clip one after the other, mono, 16,000 Hz, 16-bit) and
`trigger_word/index.csv` (one `split,kind,text,voice,speed,pitch,start,stop` line per clip; kind is
activate, negative, near_miss or background; start and stop are sample indices in audio.wav).
espeak-ng gives the same samples for the same arguments, so a rebuild is byte-identical with the
same espeak-ng version (1.51 here).
"""

import csv
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

FILES = ["trigger_word/audio.wav", "trigger_word/index.csv"]
CHEAP = False                 # needs espeak-ng, which CI does not have
SEED = 0
RATE = 16_000
ESPEAK_RATE = 22_050
TRIGGER = "activate"

TRAIN_ACCENTS = ["en-us", "en-gb", "en-gb-x-rp", "en-gb-x-gbclan", "en-us-nyc"]
TRAIN_VARIANTS = ["m1", "m2", "m3", "m4", "m5", "f1", "f2", "f3", "klatt2", "klatt3"]
TEST_ACCENTS = ["en-gb-scotland", "en-029", "en-gb-x-gbcwmd"]
TEST_VARIANTS = ["m6", "m7", "f4", "f5", "klatt4"]

NEAR_MISSES = ["active", "activity", "actively", "activist", "captivate", "motivate", "cultivate",
               "action"]
NEGATIVES = """
    about after again album always animal answer apple autumn baby basket battery because before
    better bicycle blanket blue bottle bridge brother butter button camera candle carpet castle
    chair cheese chicken children circle city classic coffee colour computer copper corner
    cotton country dance daylight dinner doctor dollar door dragon early easy eleven engine
    evening family farmer father feather finger flower forest garden ginger golden guitar hammer
    happy harbour heavy hello honey island jacket kitchen ladder lemon letter little magic market
    marble middle minute mirror monkey morning mountain music narrow never number ocean orange
    paper pencil people pepper picture planet pocket potato purple rabbit radio river rocket
    salad second seven silver simple sister summer sunday table tiger tomato travel tuesday
    turtle umbrella under valley velvet village violin water weather window winter wonder yellow
    yesterday zebra
""".split()

COUNTS = {  # (split, kind): number of clips
    ("train", "activate"): 90, ("train", "negative"): 130, ("train", "near_miss"): 32,
    ("test", "activate"): 30, ("test", "negative"): 36, ("test", "near_miss"): 16,
}
BACKGROUNDS = {"train": ["pink noise and 50 Hz hum", "brown room tone", "babble"],
               "test": ["white noise and 60 Hz hum", "babble and pink noise"]}
BACKGROUND_SECONDS = 10


def espeak(text, voice, speed, pitch):
    """The samples espeak-ng speaks for text (int16 at 22,050 Hz)."""
    from scipy.io import wavfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "word.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", str(path), text],
                       check=True, capture_output=True)
        rate, samples = wavfile.read(path)
    if rate != ESPEAK_RATE:
        raise RuntimeError(f"espeak-ng wrote {rate} Hz, expected {ESPEAK_RATE}")
    return samples


def trimmed(samples, margin_s=0.03, floor=0.02):
    """The samples from the first to the last one above floor x the peak, with a margin."""
    loud = np.flatnonzero(np.abs(samples) > floor * np.abs(samples).max())
    margin = int(margin_s * ESPEAK_RATE)
    return samples[max(loud[0] - margin, 0):loud[-1] + margin + 1]


def to_rate(samples):
    from scipy.signal import resample_poly

    return resample_poly(samples.astype(np.float64), 320, 441)       # 22,050 Hz -> 16,000 Hz


def spoken(text, voice, speed, pitch, peak):
    """A word at RATE, scaled to a peak of `peak` x full scale, float."""
    audio = to_rate(trimmed(espeak(text, voice, speed, pitch)))
    return audio / np.abs(audio).max() * peak * 32767


def draw_voice(rng, split):
    accents, variants = (TRAIN_ACCENTS, TRAIN_VARIANTS) if split == "train" else (TEST_ACCENTS, TEST_VARIANTS)
    voice = f"{accents[rng.integers(len(accents))]}+{variants[rng.integers(len(variants))]}"
    return voice, int(rng.integers(125, 196)), int(rng.integers(25, 76))


def coloured_noise(rng, n, exponent):
    """Noise whose power falls as 1/f**exponent (0 white, 1 pink, 2 brown), unit RMS."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / RATE)
    spectrum[1:] /= f[1:] ** (exponent / 2)
    spectrum[0] = 0
    noise = np.fft.irfft(spectrum, n)
    return noise / noise.std()


def hum(n, mains):
    t = np.arange(n) / RATE
    wave = sum(np.sin(2 * np.pi * mains * k * t) / k for k in (1, 2, 3, 5))
    return wave / wave.std()


def babble(rng, n, split, words=40):
    """Many quiet words at random places, overlapping, spoken by voices of the split."""
    out = np.zeros(n)
    for _ in range(words):
        word = NEGATIVES[rng.integers(len(NEGATIVES))]
        voice, speed, pitch = draw_voice(rng, split)
        audio = spoken(word, voice, speed, pitch, 1.0) / 32767
        start = int(rng.integers(0, n - len(audio)))
        out[start:start + len(audio)] += audio * rng.uniform(0.3, 1.0)
    return out / out.std()


def background(rng, name, split):
    n = BACKGROUND_SECONDS * RATE
    slow = 1 + 0.3 * np.sin(2 * np.pi * rng.uniform(0.1, 0.3) * np.arange(n) / RATE)
    parts = {
        "pink noise and 50 Hz hum": lambda: coloured_noise(rng, n, 1) + 0.3 * hum(n, 50),
        "brown room tone": lambda: (coloured_noise(rng, n, 2) + 0.2 * coloured_noise(rng, n, 1)) * slow,
        "babble": lambda: babble(rng, n, split) + 0.2 * coloured_noise(rng, n, 1),
        "white noise and 60 Hz hum": lambda: 0.7 * coloured_noise(rng, n, 0) + 0.4 * hum(n, 60),
        "babble and pink noise": lambda: babble(rng, n, split) + 0.5 * coloured_noise(rng, n, 1),
    }
    audio = parts[name]()
    return audio / audio.std() * 32767 * 10 ** (rng.uniform(-24, -18) / 20)    # RMS -24 to -18 dBFS


def clips(seed=SEED):
    """[(row dict, int16 samples)] of every clip, in file order."""
    rng = np.random.default_rng(seed)
    out = []
    for split in ("train", "test"):
        for kind in ("activate", "negative", "near_miss"):
            for i in range(COUNTS[split, kind]):
                text = {"activate": TRIGGER, "negative": NEGATIVES[i % len(NEGATIVES)],
                        "near_miss": NEAR_MISSES[i % len(NEAR_MISSES)]}[kind]
                voice, speed, pitch = draw_voice(rng, split)
                audio = spoken(text, voice, speed, pitch, rng.uniform(0.3, 0.9))
                out.append(({"split": split, "kind": kind, "text": text, "voice": voice, "speed": speed,
                             "pitch": pitch}, audio))
        for name in BACKGROUNDS[split]:
            out.append(({"split": split, "kind": "background", "text": name, "voice": "", "speed": "",
                         "pitch": ""}, background(rng, name, split)))
    return [(row, np.clip(np.rint(audio), -32768, 32767).astype(np.int16)) for row, audio in out]


def build(out_dir, seed=SEED):
    from scipy.io import wavfile

    if shutil.which("espeak-ng") is None:
        raise RuntimeError("the trigger_word set needs espeak-ng at build time: apt-get install espeak-ng")
    made = clips(seed)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ["split", "kind", "text", "voice", "speed", "pitch", "start", "stop"],
                            lineterminator="\n")
    writer.writeheader()
    start = 0
    for row, audio in made:
        writer.writerow({**row, "start": start, "stop": start + len(audio)})
        start += len(audio)
    folder = Path(out_dir) / "trigger_word"
    folder.mkdir(parents=True, exist_ok=True)
    wavfile.write(folder / "audio.wav", RATE, np.concatenate([audio for _, audio in made]))
    (folder / "index.csv").write_text(buffer.getvalue())
