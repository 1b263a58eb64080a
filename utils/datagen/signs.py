"""The `signs` set: 64x64 pictures of a hand showing 0 to 5 raised fingers (label = the count).

It stands in for the course's SIGNS photographs. Every picture is drawn with NumPy alone:

* The hand is a handful of shapes given as signed distance functions in a "hand frame"
  (palm about 17 units wide, fingers pointing up): a forearm (half the time in a sleeve), a
  rounded palm widening towards the knuckles, the ball of the thumb, four fingers and a
  two-part thumb. Each shape is painted by its pixel coverage, clip(0.5 - distance / pixel
  size), so its edges are anti-aliased, and shaded like a cylinder or a rounded slab so that
  touching fingers stay apart. It is a right hand seen from the palm, upright within +-10
  degrees, scaled by 1.3 to 1.42 pixels a unit and moved up to 2.5 pixels from the middle.
* A raised finger is a long tapered capsule with two joint creases; a folded finger is a short
  capsule curled over the top of the palm, its end showing as a knuckle bump; a folded thumb
  lies across the palm. The label is how many of the five are raised. Which ones varies: each
  count from 1 to 4 has its usual counting sign and, three times in ten, another common one
  (a "2" is index and middle, or thumb and index; see WAYS).
* Everything else is drawn independently of the label: skin tone (pale to dark), finger
  lengths, widths and spread, the pose above, the background (a step darker than the skin,
  tinted, with a gradient and soft blotches), a sleeve's colour, the light's strength and
  direction, and pixel noise. So colours, pose and backdrop say nothing about the label; only
  the fingers do.

Pixels are computed in float64 with arithmetic, square roots and a few scalar `math` calls,
then rounded to uint8, so a build is bit-identical from run to run. Two sets are drawn from
independent streams of one seed: 1080 training pictures (180 per class) and 120 test pictures
(20 per class), each shuffled, stored in the course's HDF5 layout (images gzip-compressed).
"""

import math

import h5py
import numpy as np

FILES = ["train_signs.h5", "test_signs.h5"]
CHEAP = True
SEED = 0

SIZE = 64
CLASSES = 6
TRAIN_PER_CLASS = 180
TEST_PER_CLASS = 20

# Skin tones from pale to dark (RGB in [0, 1]); a hand's tone is a random blend of two neighbours.
SKIN_TONES = np.array([
    [0.98, 0.84, 0.74], [0.94, 0.76, 0.62], [0.87, 0.66, 0.50],
    [0.76, 0.54, 0.38], [0.60, 0.40, 0.27], [0.42, 0.27, 0.18],
])

# The ways of showing each count, as (probability, raised digits) with 0 = thumb, 1 = index,
# 2 = middle, 3 = ring, 4 = little finger: mostly the usual counting sign, sometimes another
# common one, so that which fingers are up varies but each way is seen often enough to learn.
WAYS = {
    0: [(1.0, ())],
    1: [(0.7, (1,)), (0.3, (0,))],
    2: [(0.7, (1, 2)), (0.3, (0, 1))],
    3: [(0.7, (1, 2, 3)), (0.3, (0, 1, 2))],
    4: [(0.7, (1, 2, 3, 4)), (0.3, (0, 1, 2, 3))],
    5: [(1.0, (0, 1, 2, 3, 4))],
}

# The four fingers, index to little: x of the base on the top of the palm, length above it,
# and tilt away from the middle in degrees (thumb side negative). They fan out so that the
# raised ones stand apart.
FINGER_X = np.array([-7.3, -2.4, 2.5, 7.2])
FINGER_LENGTH = np.array([16.0, 18.0, 16.5, 13.0])
FINGER_TILT = np.array([-11.0, -1.5, 8.0, 19.0])
FINGER_RADIUS = 3.0
PALM_TOP = 9.0
# The point of the hand frame drawn at the middle of the picture (the hand is wider on the thumb side).
HAND_CENTRE = (-3.0, 9.0)


# Bilinear interpolation weights from a 4-point grid spanning the picture to its 64 pixel
# centres, for the background's blotches.
_HATS = np.maximum(0.0, 1.0 - np.abs((np.arange(SIZE) + 0.5) * 3.0 / SIZE - np.arange(4)[:, None])).T


def _capsule(u, v, a, b, r0, r1):
    """A capsule around segment a-b whose radius tapers from r0 to r1, seen from every pixel.

    Returns the signed distance to its outline (not exact for a taper, but close enough for
    one-pixel anti-aliasing), the distance from its axis in radii (0 on the axis, 1 on the
    rim) and the position along the axis (0 at a, 1 at b).
    """
    bu, bv = b[0] - a[0], b[1] - a[1]
    pu, pv = u - a[0], v - a[1]
    t = np.clip((pu * bu + pv * bv) / (bu * bu + bv * bv), 0.0, 1.0)
    dist = np.sqrt((pu - t * bu) ** 2 + (pv - t * bv) ** 2)
    return dist - (r0 + (r1 - r0) * t), dist / (r0 + (r1 - r0) * t), t


def _paint(canvas, dist, pixel, colour, shade):
    """Paint a shape of signed distance `dist` over `canvas` (3, 64, 64), anti-aliased over one pixel."""
    alpha = np.clip(0.5 - dist / pixel, 0.0, 1.0)
    canvas += alpha * (colour[:, None, None] * shade - canvas)


def _cylinder(across):
    """Shading of a finger-like cylinder lit from the front: `across` is 0 on its axis, 1 at its rim."""
    return 1.0 - 0.32 * np.clip(across, 0.0, 1.0) ** 2


def _background(rng, x, y, skin):
    """A backdrop darker than the hand, with a linear gradient and soft blotches.

    The backdrop is a step darker than the skin, as under a lamp aimed at the hand. With the
    contrast about the same for every tone, the course's small fully connected net learns the
    hand's shape instead of spending its few units on telling pale hands on white walls from
    dark ones; and with mostly dark inputs, its first Adam steps do not switch off most of its
    ReLUs (on light backdrops it sat on a plateau for tens of epochs, or stalled for good).
    """
    grey = max(0.03, skin.mean() - rng.uniform(0.45, 0.6))
    tint = rng.uniform(-0.08, 0.08, size=3)
    base = np.clip(grey + tint, 0.0, 1.0)
    angle = rng.uniform(0.0, 2.0 * math.pi)
    ramp = rng.uniform(0.0, 0.18) * ((x - 32.0) * math.cos(angle) + (y - 32.0) * math.sin(angle)) / 32.0
    blotches = np.einsum("yi,ijc,xj->cyx", _HATS, rng.uniform(-0.04, 0.04, size=(4, 4, 3)), _HATS)
    return base[:, None, None] + ramp + blotches


def _draw(rng, label):
    """One 64x64x3 float picture of a hand with `label` raised fingers (thumb included)."""
    y, x = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    blend = rng.uniform(0.0, 1.0)
    tone = rng.integers(len(SKIN_TONES) - 1)
    skin = SKIN_TONES[tone] * (1 - blend) + SKIN_TONES[tone + 1] * blend
    skin = skin * rng.uniform(0.93, 1.07, size=3)
    canvas = _background(rng, x, y, skin)

    # Pixel centres -> hand frame: undo the position, rotation and scale, and flip both axes so
    # that the fingers point to +v and the thumb (at -u) shows on the picture's right, as for
    # a right hand seen from the palm. (Left hands too would double the shapes that the course's
    # tiny convolutional net must tell apart.)
    scale = rng.uniform(1.3, 1.42)
    angle = math.radians(rng.uniform(-10.0, 10.0))
    cx, cy = 32.0 + rng.uniform(-2.5, 2.5), 32.0 + rng.uniform(-2.5, 2.5)
    cos, sin = math.cos(angle), math.sin(angle)
    dx, dy = x - cx, cy - y
    u = -(dx * cos + dy * sin) / scale + HAND_CENTRE[0]
    v = (-dx * sin + dy * cos) / scale + HAND_CENTRE[1]
    pixel = 1.0 / scale

    ways = WAYS[label]
    way = rng.choice(len(ways), p=[odds for odds, _ in ways])
    raised = np.zeros(5, dtype=bool)
    raised[list(ways[way][1])] = True

    # Forearm, then a sleeve over its lower part, then the palm.
    width = rng.uniform(0.92, 1.08)
    arm, across, _ = _capsule(u, v, (0.0, -6.0), (rng.uniform(-3, 3), -60.0), 7.5 * width, 8.5 * width)
    _paint(canvas, arm, pixel, skin, _cylinder(across))
    if rng.random() < 0.5:
        cuff = rng.uniform(-24.0, -14.0)
        sleeve_colour = rng.uniform(0.05, 0.95, size=3)
        sleeve, across, _ = _capsule(u, v, (0.0, cuff), (0.0, -80.0), 10.0 * width, 10.0 * width)
        _paint(canvas, sleeve, pixel, sleeve_colour, _cylinder(across))

    # The palm: a rounded box, wider at the knuckles than at the wrist.
    half_w = (8.3 + 0.12 * v) * width
    qu, qv = np.abs(u) - (half_w - 3.5), np.abs(v - 0.5) - (PALM_TOP - 0.5 - 3.5)
    palm = (np.sqrt(np.maximum(qu, 0) ** 2 + np.maximum(qv, 0) ** 2)
            + np.minimum(np.maximum(qu, qv), 0) - 3.5)
    _paint(canvas, palm, pixel, skin, 1.0 - 0.22 * np.clip(1.0 + palm / 3.0, 0, 1) ** 2)
    # The ball of the thumb on the thumb side of the palm.
    ball, across, _ = _capsule(u, v, (-5.5 * width, -6.0), (-7.5 * width, 0.5), 4.0, 3.2)
    _paint(canvas, ball, pixel, skin, 1.02 - 0.15 * np.clip(across, 0, 1) ** 2)

    spread = rng.uniform(0.8, 1.2)
    lengths = FINGER_LENGTH * rng.uniform(0.9, 1.1) * rng.uniform(0.95, 1.05, size=4)
    radii = FINGER_RADIUS * width * rng.uniform(0.92, 1.08, size=4)
    for k in range(4):
        base = (FINGER_X[k] * width, PALM_TOP - 3.0)
        if raised[k + 1]:
            tilt = math.radians(FINGER_TILT[k] * spread + rng.normal(0.0, 3.0))
            tip = (base[0] + lengths[k] * math.sin(tilt), base[1] + lengths[k] * math.cos(tilt))
            finger, across, t = _capsule(u, v, base, tip, radii[k], radii[k] * 0.85)
            # Faint creases at the two finger joints.
            crease = 1.0 - 0.12 * (np.maximum(0, 1 - np.abs(t - 0.42) * 12)
                                   + np.maximum(0, 1 - np.abs(t - 0.70) * 12))
            _paint(canvas, finger, pixel, skin, _cylinder(across) * crease)
        else:
            # Curled over the palm: the end of the finger bulges over the top as a knuckle.
            top = (base[0], PALM_TOP + rng.uniform(0.5, 2.0))
            low = (base[0] + rng.uniform(-0.5, 0.5), PALM_TOP - rng.uniform(5.0, 8.0))
            finger, across, _ = _capsule(u, v, top, low, radii[k] * 1.08, radii[k])
            _paint(canvas, finger, pixel, skin * 0.93, _cylinder(across))

    # The thumb: a first segment out of the ball, then the last one up and out when raised,
    # or both across the palm when folded.
    root = (-7.0 * width, -1.0)
    if raised[0]:
        tilt = math.radians(rng.uniform(-65.0, -30.0))
        joint = (root[0] - 5.0 * width, root[1] + 4.5)
        tip = (joint[0] + 8.5 * math.sin(tilt), joint[1] + 8.5 * math.cos(tilt))
    else:
        joint = (root[0] + 4.0, root[1] + rng.uniform(3.0, 5.0))
        tip = (joint[0] + rng.uniform(5.0, 8.0), joint[1] + rng.uniform(-1.0, 1.0))
    for a, b, r0, r1 in ((root, joint, 3.3, 3.0), (joint, tip, 3.0, 2.6)):
        thumb, across, _ = _capsule(u, v, a, b, r0 * width, r1 * width)
        _paint(canvas, thumb, pixel, skin * 0.97, _cylinder(across))

    # Light: overall strength and a linear fall-off in a random direction, then sensor noise.
    light_angle = rng.uniform(0.0, 2.0 * math.pi)
    light = rng.uniform(0.85, 1.1) * (1.0 + rng.uniform(0.0, 0.25) * (
        (x - 32.0) * math.cos(light_angle) + (y - 32.0) * math.sin(light_angle)) / 45.0)
    canvas *= light
    canvas += rng.normal(0.0, rng.uniform(0.003, 0.012), size=canvas.shape)
    return canvas.transpose(1, 2, 0)


def make_set(rng, per_class):
    """`per_class` pictures of each class, shuffled: (images uint8 (m, 64, 64, 3), labels int64)."""
    labels = rng.permutation(np.repeat(np.arange(CLASSES, dtype=np.int64), per_class))
    images = np.empty((len(labels), SIZE, SIZE, 3), dtype=np.uint8)
    for n, label in enumerate(labels):
        images[n] = np.rint(np.clip(_draw(rng, int(label)), 0.0, 1.0) * 255.0)
    return images, labels


def _write(path, prefix, images, labels):
    with h5py.File(path, "w") as handle:
        # track_times=False keeps timestamps out, so equal data gives equal bytes.
        handle.create_dataset(f"{prefix}_x", data=images, compression="gzip", compression_opts=6,
                              chunks=(60, SIZE, SIZE, 3), track_times=False)
        handle.create_dataset(f"{prefix}_y", data=labels, track_times=False)
        handle.create_dataset("list_classes", data=np.arange(CLASSES, dtype=np.int64),
                              track_times=False)


def build(out_dir, seed=SEED):
    """Write train_signs.h5 and test_signs.h5 under `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    train_rng, test_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    _write(out_dir / FILES[0], "train_set", *make_set(train_rng, TRAIN_PER_CLASS))
    _write(out_dir / FILES[1], "test_set", *make_set(test_rng, TEST_PER_CLASS))
