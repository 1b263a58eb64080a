"""The happy-house faces: 64x64 RGB head-and-shoulders photos, 1 = smiling, 0 = not smiling.

The photos show a limited group of people (the house's residents and regular visitors), each
photographed many times, smiling or not, in a few rooms; train and test share the people but
not the photos. Every face is drawn with NumPy: each shape is a
signed distance field in the face's own coordinates, turned into an anti-aliased coverage
mask, so 64x64 images need no supersampling.

The label changes only the mouth (curvature; open smiles vs closed, frowning or talking
mouths) plus two weak correlated cues (cheeks lifted a little, eyes narrowed a little).
Everything else (who it is: head shape, skin, hair, eyes, glasses, beard; and each photo's
pose, gaze, brows, room, lighting, focus and noise) is drawn independently of the label.
"""

from types import SimpleNamespace

import h5py
import numpy as np

FILES = ["train_happy.h5", "test_happy.h5"]
CHEAP = True
SEED = 0

SIZE = 64
N_TRAIN, N_TEST = 600, 150
N_PEOPLE = 20
N_ROOMS = 4

SKIN_TONES = np.array([[255, 224, 196], [241, 194, 167], [224, 172, 138], [198, 134, 98],
                       [161, 102, 70], [125, 80, 55], [100, 64, 44]]) / 255
HAIR_COLOURS = np.array([[25, 20, 18], [60, 40, 28], [105, 70, 40], [170, 130, 80],
                         [220, 190, 120], [150, 60, 30], [150, 150, 150], [230, 230, 225]]) / 255
HAIR_STYLES = ["bald", "short", "short", "bangs", "long", "long", "curly", "cap"]
IRIS_COLOURS = np.array([[70, 45, 25], [30, 20, 15], [60, 100, 150], [70, 110, 70]]) / 255
EYE_WHITE = np.array([0.93, 0.92, 0.88])
TEETH = np.array([0.95, 0.93, 0.88])
MOUTH_CAVITY = np.array([0.25, 0.05, 0.07])
BLUSH = np.array([0.85, 0.35, 0.35])

# Pixel centres, in image coordinates (x to the right, y downwards).
_Y, _X = np.mgrid[0:SIZE, 0:SIZE] + 0.5


# --- signed distance fields (negative inside) over coordinate arrays u, v --------------------

def _ellipse(u, v, cu, cv, ru, rv):
    # Inigo Quilez's first-order approximation: exact on the outline and good enough near it,
    # which is all anti-aliasing needs.
    qu, qv = (u - cu) / ru, (v - cv) / rv
    k0 = np.hypot(qu, qv)
    k1 = np.hypot(qu / ru, qv / rv)
    return k0 * (k0 - 1) / np.maximum(k1, 1e-9)


def _box(u, v, cu, cv, hu, hv):
    du, dv = np.abs(u - cu) - hu, np.abs(v - cv) - hv
    return np.hypot(np.maximum(du, 0), np.maximum(dv, 0)) + np.minimum(np.maximum(du, dv), 0)


def _segments(u, v, pu, pv):
    """Unsigned distance to the polyline through points (pu, pv)."""
    au, av = pu[:-1, None, None], pv[:-1, None, None]
    bu, bv = pu[1:, None, None], pv[1:, None, None]
    eu, ev = bu - au, bv - av
    t = np.clip(((u - au) * eu + (v - av) * ev) / (eu * eu + ev * ev), 0, 1)
    return np.hypot(u - au - t * eu, v - av - t * ev).min(axis=0)


def _arc(u, v, cu, cv, half_width, bend, slope=0.0):
    """Unsigned distance to a parabolic arc over cu +- half_width: its ends at height
    cv + slope * offset, its middle bent by `bend` (v points down, so bend > 0 sags).

    Vertical distance divided by the arc's local steepness is the first-order distance, and
    cheap; beyond the ends the distance is to the end points.
    """
    s = (u - cu) / half_width
    curve = cv + bend * (1 - s * s) + slope * (u - cu)
    steep = -2 * bend * s / half_width + slope
    along = np.abs(v - curve) / np.sqrt(1 + steep * steep)
    end = np.sign(s) * half_width
    to_end = np.hypot(u - cu - end, v - cv - slope * end)
    return np.where(np.abs(s) <= 1, along, to_end)


class _Canvas:
    """An image with a frame of its own: shapes are placed in frame units (head radii for a face)."""

    def __init__(self, image, centre=(0.0, 0.0), unit=1.0, tilt=0.0):
        self.image, self.unit = image, unit
        c, s = np.cos(tilt), np.sin(tilt)
        dx, dy = _X - centre[0], _Y - centre[1]
        self.u = (c * dx + s * dy) / unit
        self.v = (-s * dx + c * dy) / unit

    def paint(self, sd, colour, opacity=1.0):
        # A pixel is 1/unit frame units wide; a linear ramp across it anti-aliases the edge.
        alpha = (np.clip(0.5 - sd * self.unit, 0, 1) * opacity)[..., None]
        self.image *= 1 - alpha
        self.image += alpha * np.asarray(colour)


def _jitter(rng, colour, amount):
    return np.clip(colour + rng.normal(0, amount, 3), 0, 1)


def _muted(rng, saturation):
    """A random colour pulled towards its own grey: rooms and clothes are rarely pure hues."""
    colour = rng.uniform(0.05, 1.0, 3)
    return colour.mean() + saturation * (colour - colour.mean())


def _room(rng):
    """A room behind the people: a shaded wall with frames, windows, shelves and lamps."""
    image = np.empty((SIZE, SIZE, 3))
    image[:] = _muted(rng, rng.uniform(0.1, 0.6))
    image *= (1 + rng.uniform(-0.15, 0.15) * (_Y / SIZE - 0.5))[..., None]
    room = _Canvas(image)
    for _ in range(rng.integers(2, 7)):
        colour = _muted(rng, rng.uniform(0.2, 1.0))
        cx, cy = rng.uniform(-4, SIZE + 4, 2)
        if rng.random() < 0.7:
            hw, hh = rng.uniform(3, 16, 2)
            room.paint(_box(room.u, room.v, cx, cy, hw, hh), colour)
            if rng.random() < 0.5:  # a picture or window inside a frame
                room.paint(_box(room.u, room.v, cx, cy, hw * 0.75, hh * 0.75),
                           _muted(rng, rng.uniform(0.2, 1.0)))
        else:
            r = rng.uniform(2, 8)
            room.paint(_ellipse(room.u, room.v, cx, cy, r, r * rng.uniform(0.6, 1.4)), colour)
    return image


def _person(rng):
    """What stays the same across one person's photos."""
    return SimpleNamespace(
        skin=_jitter(rng, SKIN_TONES[rng.integers(len(SKIN_TONES))], 0.03),
        hair=_jitter(rng, HAIR_COLOURS[rng.integers(len(HAIR_COLOURS))], 0.04),
        style=rng.choice(HAIR_STYLES),
        hairline=rng.uniform(-0.6, -0.4),
        fringe=rng.uniform(0.12, 0.22),
        cap=_muted(rng, rng.uniform(0.2, 0.7)),
        brim=rng.choice([-0.35, 0.35]),
        shirt=_muted(rng, rng.uniform(0.3, 1.0)),
        shoulders=rng.uniform(1.6, 2.1),
        neck=rng.uniform(0.3, 0.4),
        head_w=rng.uniform(0.78, 0.92),
        jaw=rng.uniform(0.6, 0.8),
        eye_u=rng.uniform(0.3, 0.4),
        eye_v=rng.uniform(-0.08, 0.04),
        eye_size=(rng.uniform(0.12, 0.16), rng.uniform(0.065, 0.09)),
        iris=IRIS_COLOURS[rng.integers(len(IRIS_COLOURS))],
        brow=rng.uniform(0.025, 0.045),
        glasses=rng.choice([0.05, 0.3, 0.6]) * rng.uniform(0.5, 1.5, 3) if rng.random() < 0.3 else None,
        beard=rng.uniform(0.5, 0.95) if rng.random() < 0.12 else 0.0,
        moustache=rng.random() < 0.1,
        nose_v=rng.uniform(0.22, 0.32),
        mouth_v=rng.uniform(0.5, 0.57),
        mouth_w=rng.uniform(0.9, 1.1),
        lips=rng.uniform(0.035, 0.055),
        blush=rng.uniform(0, 0.15),
    )


def _hair_behind(face, p):
    u, v = face.u, face.v
    if p.style == "long":
        face.paint(np.minimum(_ellipse(u, v, 0, -0.1, p.head_w + 0.18, 1.25),
                              _box(u, v, 0, 0.75, p.head_w + 0.12, 0.7)), p.hair)
    elif p.style == "curly":
        angles = np.linspace(np.pi * 0.9, np.pi * 2.1, 9)
        face.paint(np.min([_ellipse(u, v, (p.head_w + 0.05) * np.cos(a), 0.95 * np.sin(a) - 0.05,
                                    0.3, 0.3) for a in angles], axis=0), p.hair)


def _hair_front(face, p):
    u, v = face.u, face.v
    if p.style == "cap":
        crown = np.maximum(_ellipse(u, v, 0, -0.35, p.head_w + 0.08, 0.85), v + 0.45)
        face.paint(crown, p.cap)
        face.paint(_ellipse(u, v, p.brim, -0.45, 0.75, 0.1), p.cap * 0.8)
    elif p.style != "bald":
        scalp = _ellipse(u, v, 0, -0.05, p.head_w + 0.06, 1.1)
        if p.style == "bangs":
            edge = p.hairline + p.fringe + 0.03 * np.sin(u * 25)
        else:  # a hairline that dips a little at the temples
            edge = p.hairline + 0.25 * u * u
        face.paint(np.maximum(scalp, v - edge), p.hair)


def _eye(face, rng, p, cu, squint, gaze):
    u, v = face.u, face.v
    cv = p.eye_v
    ru, rv = p.eye_size[0], p.eye_size[1] * squint
    if rng.random() < 0.04:  # a blink
        face.paint(_arc(u, v, cu, cv, ru, 0.04) - 0.02, p.skin * 0.45)
        return
    white = _ellipse(u, v, cu, cv, ru, rv)
    face.paint(white, EYE_WHITE)
    # The iris and pupil are clipped to the eye opening: the eyelids cover the rest.
    face.paint(np.maximum(_ellipse(u, v, cu + gaze[0], cv + gaze[1], 0.065, 0.065), white), p.iris)
    face.paint(np.maximum(_ellipse(u, v, cu + gaze[0], cv + gaze[1], 0.03, 0.03), white), (0.02,) * 3)
    face.paint(_arc(u, v, cu, cv - rv * 0.8, ru * 1.05, -rv * 0.5) - 0.018, p.skin * 0.35)  # eyelid


def _mouth(face, rng, p, smiling):
    """The one strong cue: an arc bent up at the ends (smile) or flat or down (not smiling)."""
    u, v = face.u, face.v
    cv = p.mouth_v
    lip = p.skin * np.array([0.5, 0.28, 0.28])
    tilt = rng.normal(0, 0.02)  # a slightly lopsided mouth
    if smiling:
        half = rng.uniform(0.28, 0.42) * p.mouth_w
        if rng.random() < 0.75:  # open smile: flat-ish top lip, deep round bottom lip
            top, bottom = rng.uniform(0.0, 0.05), rng.uniform(0.16, 0.26)
        else:
            top = bottom = rng.uniform(0.13, 0.22)
    else:
        half = rng.uniform(0.16, 0.32) * p.mouth_w
        if rng.random() < 0.15:  # talking or surprised: an opening symmetric about its corners
            opening = rng.uniform(0.03, 0.09)
            top, bottom = -opening, opening
            half *= rng.uniform(0.5, 0.9)
        else:  # closed: neutral, slightly unsure, or a frown
            top = bottom = rng.choice([rng.uniform(-0.02, 0.025), rng.uniform(-0.12, -0.03)],
                                      p=[0.6, 0.4])
    if bottom - top > 0.02:
        s = u / half
        upper = cv + tilt * u + top * (1 - s * s)
        inside = np.maximum.reduce([np.abs(s) - 1, upper - v,
                                    v - (cv + tilt * u + bottom * (1 - s * s))]) * half
        face.paint(inside, MOUTH_CAVITY * rng.uniform(0.6, 1.2))
        if rng.random() < 0.7:  # upper teeth, under the top lip
            face.paint(np.maximum(inside, v - upper - 0.045), TEETH)
        face.paint(_arc(u, v, 0, cv, half, bottom, tilt) - p.lips, lip)
    face.paint(_arc(u, v, 0, cv, half, top, tilt) - p.lips, lip)


def _photo(rng, p, smiling, room):
    """One photo of person p in a room: returns the image as floats in [0, 1]."""
    # Rooms are seen straight or mirrored, depending on where the camera stood.
    image = room[:, ::-1].copy() if rng.random() < 0.5 else room.copy()
    face = _Canvas(image, (32 + rng.normal(0, 0.7), 27 + rng.normal(0, 0.7)),
                   rng.uniform(23, 25), rng.normal(0, 0.04))
    u, v = face.u, face.v

    face.paint(_ellipse(u, v, 0, 2.05, p.shoulders, 0.95), p.shirt)
    face.paint(_box(u, v, 0, 1.0, p.neck, 0.4), p.skin * 0.85)
    _hair_behind(face, p)
    for side in (-1, 1):
        face.paint(_ellipse(u, v, side * p.head_w, 0.05, 0.13, 0.22), p.skin * 0.92)  # ears
    head = np.minimum(_ellipse(u, v, 0, -0.05, p.head_w, 1.0),
                      _ellipse(u, v, 0, 0.25, p.head_w * p.jaw, 0.78))
    face.paint(head, p.skin)
    # A soft shadow along the jaw gives the head some volume.
    face.paint(np.maximum(head + 0.08, -v + 0.45), p.skin * 0.8, opacity=0.35)

    # Weak correlated cues: smiles lift the cheeks and narrow the eyes a little, on average.
    cheek_v = 0.32 - 0.05 * smiling + rng.normal(0, 0.03)
    for side in (-1, 1):
        face.paint(_ellipse(u, v, side * 0.45, cheek_v, 0.17, 0.11), BLUSH,
                   opacity=p.blush + 0.1 + 0.1 * smiling)
    squint = rng.uniform(0.75, 1.1) - 0.1 * smiling

    if p.beard:
        face.paint(np.maximum(head, 0.35 - v + 0.15 * u * u), p.hair, opacity=p.beard)
    _hair_front(face, p)

    gaze = rng.normal(0, 0.025, 2)
    brow_raise = rng.normal(0, 0.04)
    for side in (-1, 1):
        cu = side * p.eye_u
        _eye(face, rng, p, cu, squint, gaze)
        # Brows move freely with each photo: raised or frowning brows are no label cue.
        slope = side * rng.normal(0, 0.25)
        face.paint(_arc(u, v, cu, p.eye_v - 0.2 - brow_raise, 0.16, -0.04, slope) - p.brow, p.hair * 0.8)
    if p.glasses is not None:
        for side in (-1, 1):
            rim = _ellipse(u, v, side * p.eye_u, p.eye_v, 0.21, 0.15)
            face.paint(rim, (0.7, 0.8, 0.9), opacity=0.15)
            face.paint(np.abs(rim) - 0.025, p.glasses)
        face.paint(_box(u, v, 0, p.eye_v - 0.02, p.eye_u - 0.21, 0.015), p.glasses)

    nose = _segments(u, v, np.array([0.02, 0.06, -0.02]),
                     np.array([p.eye_v + 0.1, p.nose_v, p.nose_v + 0.02]))
    face.paint(nose - 0.02, p.skin * 0.7, opacity=0.7)
    if p.moustache:
        face.paint(np.maximum(_ellipse(u, v, 0, p.mouth_v - 0.11, 0.3, 0.07), -head), p.hair)
    _mouth(face, rng, p, smiling)
    return image


def _camera(rng, image, skin):
    """Camera effects: exposure, directional light, colour cast, slight defocus, sensor noise."""
    # Auto-exposure meters on the face, so darker skin gets a brighter (not fully equalised)
    # exposure; without it the mouths of dark-skinned faces would carry little contrast.
    image = image * np.clip((0.7 / skin.mean()) ** 0.6, 0.85, 1.4)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = ((_X - 32) * np.cos(angle) + (_Y - 32) * np.sin(angle)) / 32
    image = image * (rng.uniform(0.85, 1.1) + rng.uniform(0, 0.2) * ramp)[..., None]
    image = image * rng.uniform(0.9, 1.1, 3)
    if rng.random() < 0.3:
        blurred = image.copy()
        blurred[1:-1] = (image[:-2] + 2 * image[1:-1] + image[2:]) / 4
        blurred[:, 1:-1] = (blurred[:, :-2] + 2 * blurred[:, 1:-1] + blurred[:, 2:]) / 4
        image = blurred
    image = image + rng.normal(0, rng.uniform(0.002, 0.01), image.shape)
    return np.round(np.clip(image, 0, 1) * 255).astype(np.uint8)


def make_set(rng, m, people, rooms):
    """m photos, half of them smiling, in random order: (m, 64, 64, 3) uint8 and (m,) int64."""
    labels = rng.permutation(np.arange(m) % 2).astype(np.int64)
    images = []
    for y in labels:
        p = people[rng.integers(len(people))]
        images.append(_camera(rng, _photo(rng, p, y, rooms[rng.integers(len(rooms))]), p.skin))
    return np.stack(images), labels


def _write(path, prefix, images, labels):
    with h5py.File(path, "w") as handle:
        handle.create_dataset(f"{prefix}_set_x", data=images, track_times=False)
        handle.create_dataset(f"{prefix}_set_y", data=labels, track_times=False)
        handle.create_dataset("list_classes", data=np.array([0, 1], dtype=np.int64), track_times=False)


def build(out_dir, seed):
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    people = [_person(rng) for _ in range(N_PEOPLE)]
    rooms = [_room(rng) for _ in range(N_ROOMS)]
    _write(out_dir / "train_happy.h5", "train", *make_set(rng, N_TRAIN, people, rooms))
    _write(out_dir / "test_happy.h5", "test", *make_set(rng, N_TEST, people, rooms))
