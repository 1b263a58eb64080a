"""The face-recognition set: drawn identities, each photographed many times (C4W4).

An identity is a fixed set of parameters: head shape (width, height, jaw), skin tone, ears,
eyes (spacing, height, size, iris colour), brows (thickness, arch, slant, height), nose
(length, width), mouth (height, width, lips), hair (colour, style, hairline), glasses (shape,
colour) and facial hair. A shot of an identity draws everything else afresh: the head's turn
(a rotation about the vertical axis, which moves the features across the face) and tilt, its
size and place in the frame, the expression (smile or not, mouth open, brows raised, eyes
narrowed, gaze), the shirt, the room behind, the light (exposure, a directional ramp, a colour
cast), blur and sensor noise. Only identity makes two shots alike.

The drawing is the happy-faces code (utils/datagen/happy.py: signed distance fields turned into
anti-aliased coverage), with a head that turns and a wider spread of identities.

Every identity and every shot has its own random stream, keyed by (seed, role, index[, shot]):
the roles TRAIN (the embedder's pretraining draws these in memory), HELD_OUT (identities the
embedder never sees, shipped for the notebook's verification figures), DATABASE (the 12 named
people of the door) and STRANGER (people at the door who are not in the database, some of them
lookalikes of a database person) never share a stream.

Files written (all under datasets/faces/):
    database/<name>.png      one frontal, evenly lit photo of each database person;
    camera/camera_<k>.png    photos taken at the door: database people and strangers;
    camera.json              who is on each camera photo (the notebook's ground truth);
    held_out.h5              "images" (n, 64, 64, 3) uint8 and "identity" (n,) int64: shots of
                             HELD_OUT_IDENTITIES unseen identities, SHOTS_PER_HELD_OUT each.
"""

import io
import json
from types import SimpleNamespace

import h5py
import numpy as np

from utils.datagen.happy import (
    _X,
    _Y,
    HAIR_COLOURS,
    IRIS_COLOURS,
    SIZE,
    SKIN_TONES,
    _arc,
    _box,
    _Canvas,
    _ellipse,
    _eye,
    _hair_behind,
    _hair_front,
    _jitter,
    _mouth,
    _muted,
    _room,
    _segments,
)

SEED = 0
CHEAP = True
TRAIN, HELD_OUT, DATABASE, STRANGER = 1, 2, 3, 4

DATABASE_NAMES = ["amara", "bruno", "chen", "dalia", "emeka", "farah",
                  "gustav", "hana", "ivan", "jun", "keira", "luis"]
# Camera photos at the door: (who, what kind). "lookalike" shares skin, hair colour, hair style
# and glasses with the named database person, and nothing else.
CAMERA = [("bruno", "member"), ("dalia", "member"), ("gustav", "member"), ("keira", "member"),
          ("chen", "member"), ("amara", "member"),
          ("bruno", "lookalike"), ("hana", "lookalike"), ("luis", "lookalike"),
          (None, "stranger"), (None, "stranger"), (None, "stranger")]
HELD_OUT_IDENTITIES = 48
SHOTS_PER_HELD_OUT = 5

FILES = ([f"faces/database/{name}.png" for name in DATABASE_NAMES]
         + [f"faces/camera/camera_{k}.png" for k in range(len(CAMERA))]
         + ["faces/camera.json", "faces/held_out.h5"])

HAIR_STYLES = ["bald", "short", "short", "side", "bangs", "long", "long", "curly"]
GLASSES_COLOURS = np.array([[20, 20, 20], [120, 70, 30], [170, 170, 180], [150, 30, 40], [30, 60, 140]]) / 255


def identity(rng):
    """The parameters that stay the same across every shot of one person."""
    tone = rng.uniform(0, len(SKIN_TONES) - 1)          # anywhere between two listed tones
    low = int(tone)
    skin = SKIN_TONES[low] + (tone - low) * (SKIN_TONES[min(low + 1, len(SKIN_TONES) - 1)] - SKIN_TONES[low])
    glasses = None
    if rng.random() < 0.3:
        glasses = SimpleNamespace(colour=GLASSES_COLOURS[rng.integers(len(GLASSES_COLOURS))],
                                  square=rng.random() < 0.5, size=rng.uniform(0.85, 1.15))
    p = SimpleNamespace(
        skin=_jitter(rng, skin, 0.02),
        hair=_jitter(rng, HAIR_COLOURS[rng.integers(len(HAIR_COLOURS))], 0.05),
        style=str(rng.choice(HAIR_STYLES)),
        hairline=rng.uniform(-0.7, -0.35),
        fringe=rng.uniform(0.1, 0.3),
        cap=None, brim=0.0,                              # happy.py's cap, never worn here
        head_w=rng.uniform(0.72, 0.96),
        head_h=rng.uniform(0.92, 1.1),
        jaw=rng.uniform(0.55, 0.85),
        ear=rng.uniform(0.1, 0.17),
        neck=rng.uniform(0.28, 0.42),
        shoulders=rng.uniform(1.5, 2.1),
        eye_u=rng.uniform(0.27, 0.42),
        eye_v=rng.uniform(-0.12, 0.06),
        eye_size=(rng.uniform(0.1, 0.17), rng.uniform(0.055, 0.095)),
        iris=_jitter(rng, IRIS_COLOURS[rng.integers(len(IRIS_COLOURS))], 0.04),
        brow=rng.uniform(0.018, 0.05),
        brow_height=rng.uniform(0.15, 0.25),
        brow_arch=rng.uniform(-0.08, 0.0),
        brow_slant=rng.uniform(-0.2, 0.2),
        glasses=glasses,
        beard=rng.uniform(0.5, 0.95) if rng.random() < 0.15 else 0.0,
        moustache=bool(rng.random() < 0.12),
        nose_v=rng.uniform(0.18, 0.34),
        nose_w=rng.uniform(0.04, 0.11),
        mouth_v=rng.uniform(0.48, 0.6),
        mouth_w=rng.uniform(0.8, 1.2),
        lips=rng.uniform(0.028, 0.06),
        blush=rng.uniform(0, 0.2),
    )
    # The hair starts above the brows, whatever the eyes' height.
    p.hairline = min(p.hairline, p.eye_v - p.brow_height - 0.12)
    return p


def lookalike(rng, person):
    """A different person who shares `person`'s skin, hair colour, hair style and glasses."""
    other = identity(rng)
    other.skin, other.hair, other.style = person.skin.copy(), person.hair.copy(), person.style
    other.hairline, other.glasses = person.hairline, person.glasses
    return other


def _turned(u, v, turn, radius):
    """Where a point drawn at (u, v) on the head's surface came from before a turn by `turn`
    radians: the head is a sphere of `radius`, so points near the middle move most."""
    r = np.sqrt(np.maximum(radius ** 2 - v * v, 1e-3))
    return r * np.sin(np.arcsin(np.clip(u / r, -1, 1)) - turn)


def _side_hair(face, p):
    """The "side" style: short hair with a parting and a swept fringe (happy.py has none)."""
    u, v = face.u, face.v
    scalp = _ellipse(u, v, 0, -0.05, p.head_w + 0.06, 1.1)
    edge = p.hairline + p.fringe * np.clip(0.6 - u, 0, 1.2) * 0.8
    face.paint(np.maximum(scalp, v - edge), p.hair)


def photo(rng, p, controlled=False):
    """One shot of person p, as floats in [0, 1] of shape (64, 64, 3).

    controlled=True is an ID photo: facing the camera, neutral, on a plain wall.
    """
    if controlled:
        image = np.empty((SIZE, SIZE, 3))
        image[:] = _muted(rng, 0.3) * 0.35 + 0.35     # a mid-tone wall: no hair colour vanishes in it
        turn, tilt, centre, unit = 0.0, 0.0, (32.0, 29.0), 22.0
    else:
        image = _room(rng)
        turn = rng.uniform(-0.3, 0.3)
        tilt = rng.normal(0, 0.08)
        unit = rng.uniform(19.5, 24.5)
        centre = (32 + rng.normal(0, 1.5), 29 + rng.normal(0, 1.5))
    face = _Canvas(image, centre, unit, tilt)
    u, v = face.u, face.v
    shirt = _muted(rng, rng.uniform(0.3, 1.0))
    face.paint(_ellipse(u, v, 0, 2.05, p.shoulders, 0.95), shirt)
    face.paint(_box(u, v, 0, 1.0, p.neck, 0.4), p.skin * 0.85)
    if p.style in ("long", "curly"):
        _hair_behind(face, p)
    # The head's outline barely moves with a turn; the ear on the far side shrinks behind it.
    for side in (-1, 1):
        size = p.ear * np.clip(1 + 1.5 * side * turn, 0.3, 1.5)
        face.paint(_ellipse(u, v, side * p.head_w * np.cos(turn), 0.05, size, 0.22), p.skin * 0.92)
    head = np.minimum(_ellipse(u, v, 0, -0.05, p.head_w, p.head_h),
                      _ellipse(u, v, 0, 0.25, p.head_w * p.jaw, 0.78 * p.head_h))
    face.paint(head, p.skin)
    face.paint(np.maximum(head + 0.08, -v + 0.45), p.skin * 0.8, opacity=0.35)

    # The features live on the turned surface of the head.
    smiling = (not controlled) and rng.random() < 0.5
    face.u = _turned(u, v, turn, p.head_w * 1.15)
    fu = face.u
    cheek_v = 0.32 - 0.05 * smiling + rng.normal(0, 0.02)
    for side in (-1, 1):
        face.paint(np.maximum(_ellipse(fu, v, side * 0.45, cheek_v, 0.17, 0.11), head), (0.85, 0.35, 0.35),
                   opacity=p.blush + 0.05)
    if p.beard:
        face.paint(np.maximum(head, 0.35 - v + 0.15 * fu * fu), p.hair, opacity=p.beard)
    face.u = u
    if p.style == "side":
        _side_hair(face, p)
    else:
        _hair_front(face, p)
    face.u = fu

    squint = 1.0 if controlled else rng.uniform(0.75, 1.1) - 0.1 * smiling
    gaze = np.zeros(2) if controlled else rng.normal(0, 0.025, 2)
    brow_raise = 0.0 if controlled else rng.normal(0, 0.035)
    for side in (-1, 1):
        cu = side * p.eye_u
        eye_rng = rng if not controlled else np.random.default_rng(0)   # ID photos: eyes open
        _eye(face, eye_rng, p, cu, squint, gaze)
        slope = side * p.brow_slant + (0 if controlled else rng.normal(0, 0.08))
        face.paint(_arc(fu, v, cu, p.eye_v - p.brow_height - brow_raise, 0.16, p.brow_arch, slope) - p.brow,
                   p.hair * 0.8)
    if p.glasses is not None:
        g = p.glasses
        for side in (-1, 1):
            if g.square:
                rim = _box(fu, v, side * p.eye_u, p.eye_v, 0.19 * g.size, 0.12 * g.size) - 0.02
            else:
                rim = _ellipse(fu, v, side * p.eye_u, p.eye_v, 0.21 * g.size, 0.15 * g.size)
            face.paint(rim, (0.7, 0.8, 0.9), opacity=0.15)
            face.paint(np.abs(rim) - 0.025, g.colour)
        bridge = max(p.eye_u - 0.21 * g.size, 0.02)
        face.paint(_box(fu, v, 0, p.eye_v - 0.02, bridge, 0.015), g.colour)

    # The nose sticks out of the sphere, so a turn moves its tip further than the eyes.
    tip = 0.06 + 0.25 * np.sin(turn)
    nose = _segments(fu, v, np.array([0.02, tip, -p.nose_w * 0.5]),
                     np.array([p.eye_v + 0.1, p.nose_v, p.nose_v + 0.03]))
    face.paint(nose - 0.02, p.skin * 0.7, opacity=0.7)
    nostrils = _ellipse(fu, v, tip * 0.5, p.nose_v + 0.04, p.nose_w + 0.03, 0.035)
    face.paint(nostrils, p.skin * 0.72, opacity=0.5)
    if p.moustache:
        face.paint(np.maximum(_ellipse(fu, v, 0, p.mouth_v - 0.11, 0.3, 0.07), -head), p.hair)
    _mouth(face, rng if not controlled else np.random.default_rng(1), p, smiling)
    return image


def camera(rng, image, skin, controlled=False):
    """Exposure, directional light, colour cast, blur and noise: uint8 (64, 64, 3)."""
    image = image * np.clip((0.7 / skin.mean()) ** 0.6, 0.85, 1.4)
    if not controlled:
        angle = rng.uniform(0, 2 * np.pi)
        ramp = ((_X - 32) * np.cos(angle) + (_Y - 32) * np.sin(angle)) / 32
        image = image * (rng.uniform(0.75, 1.15) + rng.uniform(0, 0.35) * ramp)[..., None]
        image = image * rng.uniform(0.9, 1.1, 3)
        if rng.random() < 0.3:
            blurred = image.copy()
            blurred[1:-1] = (image[:-2] + 2 * image[1:-1] + image[2:]) / 4
            blurred[:, 1:-1] = (blurred[:, :-2] + 2 * blurred[:, 1:-1] + blurred[:, 2:]) / 4
            image = blurred
        image = image + rng.normal(0, rng.uniform(0.003, 0.02), image.shape)
    return np.round(np.clip(image, 0, 1) * 255).astype(np.uint8)


def person(seed, role, index):
    """The identity number `index` of a role (TRAIN, HELD_OUT, DATABASE, STRANGER)."""
    return identity(np.random.default_rng([seed, role, index]))


def shot(seed, role, index, k, p=None, controlled=False):
    """Shot number k of identity `index` of a role, uint8 (64, 64, 3); p overrides the identity."""
    p = person(seed, role, index) if p is None else p
    rng = np.random.default_rng([seed, role, index, 1000 + k])
    return camera(rng, photo(rng, p, controlled), p.skin, controlled)


def shots(seed, role, n_identities, n_shots, first=0):
    """n_shots shots of each of n_identities identities of a role, starting at identity `first`.

    Returns images (n_identities * n_shots, 64, 64, 3) uint8 and identity (same length,) int64,
    grouped by identity.
    """
    images, labels = [], []
    for i in range(first, first + n_identities):
        p = person(seed, role, i)
        images += [shot(seed, role, i, k, p) for k in range(n_shots)]
        labels += [i] * n_shots
    return np.stack(images), np.array(labels, dtype=np.int64)


def camera_photo(seed, k, members):
    """Camera photo number k of the door (CAMERA[k]), uint8 (64, 64, 3); members: the database's
    identities by name."""
    name, kind = CAMERA[k]
    if kind == "member":
        return shot(seed, DATABASE, DATABASE_NAMES.index(name), 1 + k, members[name])
    p = person(seed, STRANGER, k)
    if kind == "lookalike":
        p = lookalike(np.random.default_rng([seed, STRANGER, k, 1]), members[name])
    return shot(seed, STRANGER, k, 0, p)


def _png(image):
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG", optimize=False, compress_level=9)
    return buffer.getvalue()


def build(out_dir, seed):
    out = out_dir / "faces"
    (out / "database").mkdir(parents=True, exist_ok=True)
    (out / "camera").mkdir(parents=True, exist_ok=True)
    members = {name: person(seed, DATABASE, i) for i, name in enumerate(DATABASE_NAMES)}
    for i, name in enumerate(DATABASE_NAMES):
        image = shot(seed, DATABASE, i, 0, members[name], controlled=True)
        (out / "database" / f"{name}.png").write_bytes(_png(image))
    truth = {}
    for k, (name, kind) in enumerate(CAMERA):
        (out / "camera" / f"camera_{k}.png").write_bytes(_png(camera_photo(seed, k, members)))
        truth[f"camera_{k}.png"] = {"who": name if kind == "member" else None, "kind": kind,
                                    **({"looks_like": name} if kind == "lookalike" else {})}
    (out / "camera.json").write_text(json.dumps(truth, indent=1) + "\n")
    images, labels = shots(seed, HELD_OUT, HELD_OUT_IDENTITIES, SHOTS_PER_HELD_OUT)
    with h5py.File(out / "held_out.h5", "w") as handle:
        handle.create_dataset("images", data=images, track_times=False, compression="gzip",
                              compression_opts=9, chunks=images.shape)
        handle.create_dataset("identity", data=labels, track_times=False)


def card_picture(path, n_identities=8, n_shots=8, seed=SEED):
    """Save the data card's picture: one row per training identity (the first n_identities of the
    TRAIN role), its ID photo first, then n_shots ordinary shots; below, the door's database and
    camera photos."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = max(n_shots + 1, len(DATABASE_NAMES))
    rows = n_identities + 2
    fig, axes = plt.subplots(rows, columns, figsize=(0.95 * columns, 1.05 * rows + 0.4), squeeze=False,
                             layout="constrained")
    for ax in axes.ravel():
        ax.axis("off")
    for i in range(n_identities):
        p = person(seed, TRAIN, i)
        axes[i, 0].imshow(shot(seed, TRAIN, i, 0, p, controlled=True))
        axes[i, 0].set_title(f"identity {i}", fontsize=7)
        for k in range(n_shots):
            axes[i, k + 1].imshow(shot(seed, TRAIN, i, k, p))
    members = {name: person(seed, DATABASE, i) for i, name in enumerate(DATABASE_NAMES)}
    for j, name in enumerate(DATABASE_NAMES):
        axes[n_identities, j].imshow(shot(seed, DATABASE, j, 0, members[name], controlled=True))
        axes[n_identities, j].set_title(name, fontsize=7)
    for k, (name, kind) in enumerate(CAMERA[:columns]):
        axes[n_identities + 1, k].imshow(camera_photo(seed, k, members))
        axes[n_identities + 1, k].set_title(name if kind == "member" else
                                            f"like {name}" if kind == "lookalike" else "stranger", fontsize=7)
    fig.suptitle("faces: rows 1-8, training identities (ID photo, then 8 shots); row 9, the door's "
                 "database; row 10, camera photos at the door", fontsize=9)
    fig.savefig(path, dpi=80)
    plt.close(fig)
