"""The transfer-learning sets of C4W2: a many-class source set and the small `alpaca` target set.

Both are 64x64 RGB pictures drawn with NumPy, with the drawing code of the `cats`, `happy` and
`signs` sets and some new subjects of its own.

* SOURCE (`source_set(n_per_class, seed)`): 18 classes to pretrain a MobileNetV2 backbone on
  (`python -m utils.pretrain mobilenet_source`): cats, dogs, small mammals (rabbits, mice,
  bears), birds, horses, sheep, camels, giraffes, fish, human faces, hands, cars, houses,
  trees, flowers, chairs, cups and bottles, and landscapes without a subject. It is made in memory at
  pretraining time and never shipped (thousands of pictures would be far too big).
* TARGET (`datasets/alpaca.h5`, 400 pictures): alpacas, an animal that no source class shows,
  against other things: subjects of source classes, and things the source never shows
  (umbrellas, bicycles, goats, the `cats` set's lamps, mugs and vases). Alpacas are drawn side
  on (a woolly body on thin legs, a long upright neck, a small head with long ears and a
  topknot) or as head-and-neck portraits, facing either way.

Every nuisance is drawn the same way for all classes: the subject's colour among shared coat
colours, the background (the `cats` set's indoor walls with texture and clutter, or an
outdoor sky, horizon and ground), a random tilt, zoom and shift of the whole picture, a mirror
image half of the time, and the `cats` set's camera (light gradient, tint, exposure, blur,
sensor noise). So a classifier has to learn shapes, not one colour or one position. Pictures
are tilted by up to 11.5 degrees, like photos. Half the source pictures are then turned again by
up to 72 degrees and resampled, as the notebook's data augmentation turns the target pictures
(which also smooths their noise), so that the pretrained features hold for those too.

Pixel arrays are touched by arithmetic, sqrt, floor, clipping and comparisons only (angles are
taken on scalars), so a rebuild gives the same bytes on the same kind of machine. The target
file stores `images` (400, 64, 64, 3) uint8, `labels` (400,) int64 (0 = alpaca, 1 = not
alpaca, the order of the original's class folders) and `list_classes`, gzip-compressed.
"""

import math

import h5py
import numpy as np

from utils.datagen import cats, happy, signs
from utils.datagen.cats import FUR, bezier, curve, ellipse, paint, polygon, segment, union, vary

FILES = ["alpaca.h5"]
CHEAP = True
SEED = 0

SIZE = 64
SOURCE_CLASSES = ("cat", "dog", "small mammal", "bird", "horse", "sheep", "camel", "giraffe", "fish",
                  "face", "hand", "car", "house", "tree", "flower", "chair", "cup or bottle",
                  "landscape")
TARGET_CLASSES = ("alpaca", "not alpaca")
N_ALPACA, N_OTHER = 160, 240
TILT = 0.2                 # radians a picture may be tilted, either way, as it is drawn
# Half the source pictures are then turned again, as the notebook's RandomRotation(0.2) turns
# the target pictures (up to 0.2 of a full turn, resampled bilinearly, which also smooths the
# sensor noise): the pretrained features must hold for such pictures too.
RESAMPLED = 0.5
RESAMPLE_TURN = 0.2 * 2 * math.pi

_Y, _X = (np.mgrid[0:SIZE, 0:SIZE] + 0.5).astype(np.float64)
BRIGHT = np.array([[0.8, 0.15, 0.15], [0.15, 0.35, 0.8], [0.95, 0.8, 0.2], [0.2, 0.6, 0.3],
                   [0.9, 0.5, 0.1], [0.55, 0.25, 0.6], [0.9, 0.9, 0.9], [0.15, 0.15, 0.18]])
GREENS = np.array([[0.2, 0.5, 0.2], [0.3, 0.55, 0.15], [0.15, 0.4, 0.25], [0.45, 0.55, 0.2]])
BLACK = (0.06, 0.05, 0.05)


# ---------------------------------------------------------------------------------------------
# Shapes beyond the `cats` primitives, and colours


def ring(cx, cy, r, width):
    """A circle's outline, `width` pixels thick."""
    return np.abs(ellipse(cx, cy, r, r)) - width / 2


def fleece(cx, cy, rx, ry, rng, angle=0.0, bumps=14, size=0.22):
    """A woolly ellipse: its outline rounded off by a ring of small bumps."""
    parts = [ellipse(cx, cy, rx, ry, angle)]
    c, s = math.cos(angle), math.sin(angle)
    for k in range(bumps):
        a = 2 * math.pi * (k + rng.uniform(-0.3, 0.3)) / bumps
        u, v = rx * math.cos(a), ry * math.sin(a)
        r = size * min(rx, ry) * rng.uniform(0.8, 1.3)
        parts.append(ellipse(cx + u * c - v * s, cy + u * s + v * c, r, r))
    return union(*parts)


def curls(rng, img, mask_dist, base, count=40):
    """Wool: small lighter and darker curls scattered over a shape (given by its distance)."""
    lighter, darker = np.clip(base * 1.2 + 0.06, 0, 1), base * 0.75
    inside = cats.cover(mask_dist + 1.0)
    for _ in range(count):
        x, y = rng.uniform(0, SIZE, 2)
        if inside[int(y), int(x)] < 0.5:
            continue
        r = rng.uniform(0.8, 1.6)
        paint(img, np.maximum(ellipse(x, y, r, r * 0.8, rng.uniform(0, math.pi)), mask_dist),
              lighter if rng.random() < 0.5 else darker, 0.7)


def pick_colour(rng, palette):
    return vary(rng, palette[rng.integers(len(palette))], 0.1)


def place(rng, half_width, half_height):
    """A random centre for a subject of the given half extents, kept mostly in the picture."""
    cx = rng.uniform(min(half_width, 32), max(SIZE - half_width, 32))
    cy = rng.uniform(min(half_height, 32), max(SIZE - half_height, 32))
    return cx, cy


# ---------------------------------------------------------------------------------------------
# Four-legged animals seen side on: horses, sheep, goats and alpacas share one body plan


def giraffe_coat(rng):
    """Brown patches on a light fawn ground, as a colour field."""
    field = np.broadcast_to(vary(rng, (0.92, 0.8, 0.55)), (SIZE, SIZE, 3)).copy()
    patch = vary(rng, (0.55, 0.32, 0.15))
    for _ in range(70):
        x, y = rng.uniform(0, SIZE, 2)
        field += cats.cover(ellipse(x, y, *rng.uniform(1.4, 2.6, 2), rng.uniform(0, math.pi)))[..., None] \
            * (patch - field)
    return field


SHAPES = {   # body height, leg length, neck length, the neck's slope (in units of s)
    "horse": (0.5, 1.15, 1.0, 0.9), "sheep": (0.68, 0.6, 0.35, 0.25), "goat": (0.52, 0.9, 0.55, 0.6),
    "alpaca": (0.6, 0.95, 1.25, 1.4), "camel": (0.5, 1.25, 0.9, 0.8), "giraffe": (0.5, 1.35, 1.6, 3.0),
}


def quadruped(rng, img, base, kind):
    """A side view facing right or left; `kind` is a key of SHAPES."""
    side = 1 if rng.random() < 0.5 else -1
    s = rng.uniform(8, 10.5) if kind == "giraffe" else rng.uniform(10, 14)   # half the body's length
    depth, leg, neck_len, neck_up = SHAPES[kind]
    cx, cy = place(rng, 1.6 * s, 1.4 * s)
    cy = min(cy + 0.2 * s, SIZE - (depth + leg) * s - 1)
    if kind == "giraffe":      # room above the body for the neck and head
        cy = max(cy, 1.9 * s + 2)
    woolly = kind in ("sheep", "alpaca")
    if kind == "giraffe":
        coat = giraffe_coat(rng)
    else:
        coat = cats.pick_coat(rng, ["plain"] if woolly or kind == "camel" else ["plain", "plain", "patches"],
                              base)
    dark = base * rng.uniform(0.45, 0.7)
    # Legs first: the far pair darker, behind the body.
    for k, dx in enumerate((-0.7, -0.5, 0.5, 0.7)):
        x0 = cx + side * dx * s
        y0, y1 = cy + depth * s * 0.5, cy + (depth * 0.7 + leg) * s
        shade_ = dark if k in (1, 3) else coat
        paint(img, segment(x0, y0, x0 + rng.uniform(-0.1, 0.1) * s, y1, 0.1 * s), shade_)
        paint(img, segment(x0, y1 - 0.05 * s, x0 + side * 0.08 * s, y1, 0.11 * s), BLACK)  # hoof
        if kind == "alpaca":      # woolly upper legs
            paint(img, ellipse(x0, y0 + 0.25 * s, 0.17 * s, 0.35 * s), shade_)
    # Tail at the back.
    bx = cx - side * s
    if kind == "horse":
        tail = bezier((bx, cy - 0.3 * depth * s), (bx - side * 0.4 * s, cy), (bx - side * 0.3 * s,
                                                                             cy + 1.1 * s))
        paint(img, curve(tail, 0.12 * s, 0.2 * s), dark)
    else:
        paint(img, ellipse(bx - side * 0.1 * s, cy - 0.2 * depth * s, 0.15 * s, 0.22 * s), coat)
    # Body and neck.
    if woolly:
        body = fleece(cx, cy, s, depth * s, rng)
    else:
        body = ellipse(cx, cy, s, depth * s)
    if kind == "camel":        # the hump
        body = union(body, ellipse(cx - side * 0.1 * s, cy - 0.55 * s, 0.5 * s, 0.45 * s))
    nx0, ny0 = cx + side * 0.7 * s, cy - 0.3 * depth * s
    angle = math.atan2(neck_up, 1.0)
    nx1 = nx0 + side * neck_len * s * math.cos(angle)
    ny1 = ny0 - neck_len * s * math.sin(angle)
    neck_width = {"horse": 0.25, "sheep": 0.3, "goat": 0.18, "alpaca": 0.24, "camel": 0.2,
                  "giraffe": 0.15}[kind] * s
    neck = segment(nx0, ny0, nx1, ny1, neck_width)
    if kind == "alpaca":
        neck = union(neck, *(ellipse(nx0 + (nx1 - nx0) * t, ny0 + (ny1 - ny0) * t,
                                     neck_width * 1.25, neck_width * 1.1) for t in (0.15, 0.45, 0.75)))
    paint(img, union(body, neck), coat)
    if woolly:
        curls(rng, img, union(body, neck), base)
    if kind == "horse":          # mane along the top of the neck
        paint(img, segment(nx0 - side * 0.1 * s, ny0 - 0.25 * s, nx1 - side * 0.05 * s,
                           ny1 - 0.15 * s, 0.1 * s), dark)
    # Head: long and drooping (horse), small and square (alpaca), short (sheep, goat).
    head_len, head_h, droop = {"horse": (0.55, 0.2, 0.7), "sheep": (0.32, 0.22, 0.4),
                               "goat": (0.38, 0.17, 0.5), "alpaca": (0.3, 0.17, 0.1),
                               "camel": (0.42, 0.16, 0.35), "giraffe": (0.38, 0.14, 0.6)}[kind]
    hx = nx1 + side * head_len * s * 0.6 * math.cos(droop)
    hy = ny1 + head_len * s * 0.6 * math.sin(droop)
    face_colour = dark if kind == "sheep" and rng.random() < 0.5 else coat
    head = ellipse(hx, hy, head_len * s, head_h * s, side * droop)
    # Ears: long upright "bananas" (alpaca), small points (horse, goat), sideways flaps (sheep).
    ex, ey = nx1, ny1 - 0.05 * s
    if kind == "alpaca":
        ears = [ellipse(ex + side * d * s, ey - 0.3 * s, 0.07 * s, 0.26 * s, side * t)
                for d, t in ((-0.05, -0.15), (0.12, 0.1))]
    elif kind == "sheep":
        ears = [ellipse(ex - side * 0.1 * s, ey + 0.02 * s, 0.22 * s, 0.07 * s, -side * 0.4)]
    else:
        ears = [polygon([(ex - 0.08 * s, ey), (ex + 0.08 * s, ey), (ex + side * 0.02 * s, ey - 0.25 * s)])]
    paint(img, union(head, *ears), face_colour)
    if kind == "alpaca":          # a woolly topknot above the eyes
        paint(img, fleece(nx1 + side * 0.05 * s, ny1 - 0.12 * s, 0.18 * s, 0.13 * s, rng, bumps=7,
                          size=0.35), coat)
    if kind == "giraffe":         # two short horns with knobs
        for d in (-0.06, 0.08):
            x0, x1 = ex + side * d * s, ex + side * (d - 0.02) * s
            paint(img, segment(x0, ey, x1, ey - 0.22 * s, 0.04 * s + 0.3), vary(rng, (0.5, 0.33, 0.2)))
            paint(img, ellipse(x1, ey - 0.24 * s, 0.06 * s, 0.06 * s), BLACK)
    if kind == "goat":            # horns curving back, and a beard
        paint(img, curve(bezier((ex, ey - 0.05 * s), (ex - side * 0.1 * s, ey - 0.4 * s),
                                (ex - side * 0.35 * s, ey - 0.35 * s)), 0.06 * s, 0.03 * s),
              vary(rng, (0.6, 0.55, 0.45)))
        paint(img, polygon([(hx + side * 0.2 * s, hy + 0.1 * s), (hx + side * 0.35 * s, hy + 0.1 * s),
                            (hx + side * 0.3 * s, hy + 0.45 * s)]), dark)
    paint(img, ellipse(hx - side * 0.05 * s, hy - 0.06 * s, 0.05 * s, 0.05 * s), BLACK)
    paint(img, ellipse(hx + side * (head_len - 0.05) * s * math.cos(droop),
                       hy + (head_len - 0.05) * s * math.sin(droop), 0.05 * s, 0.04 * s), BLACK, 0.7)


def alpaca_portrait(rng, img, base):
    """An alpaca's head and long neck seen from the front, the neck running out of the picture."""
    r = rng.uniform(8, 11)                       # half the head's width
    hx, hy = rng.uniform(24, 40), rng.uniform(18, 28)
    coat = cats.pick_coat(rng, ["plain"], base)
    neck = union(polygon([(hx - 0.9 * r, hy), (hx + 0.9 * r, hy), (hx + 1.3 * r, SIZE + 2),
                          (hx - 1.3 * r, SIZE + 2)]),
                 *(fleece(hx, hy + k * r, 1.15 * r, 0.7 * r, rng, bumps=9) for k in (1.5, 2.7, 3.9)))
    paint(img, neck, coat)
    curls(rng, img, neck, base, count=30)
    tilt = rng.uniform(-0.25, 0.25)
    ears = [ellipse(hx + d * 0.55 * r, hy - 1.35 * r, 0.2 * r, 0.62 * r, d * 0.22 + tilt)
            for d in (-1, 1)]
    head = union(ellipse(hx, hy, 0.8 * r, 1.1 * r), ellipse(hx, hy + 0.7 * r, 0.55 * r, 0.55 * r))
    paint(img, union(head, *ears), coat)
    topknot = fleece(hx, hy - 0.85 * r, 0.8 * r, 0.5 * r, rng, bumps=9, size=0.4)
    paint(img, topknot, vary(rng, base, 0.12))
    curls(rng, img, topknot, base, count=15)
    for d in (-1, 1):              # big dark eyes at the sides, a highlight in each
        paint(img, ellipse(hx + d * 0.5 * r, hy - 0.05 * r, 0.17 * r, 0.2 * r), BLACK)
        paint(img, ellipse(hx + d * 0.45 * r, hy - 0.12 * r, 0.05 * r, 0.05 * r), (0.9, 0.9, 0.9), 0.8)
    muzzle = vary(rng, base * 0.6, 0.1) if rng.random() < 0.5 else coat
    paint(img, ellipse(hx, hy + 0.75 * r, 0.4 * r, 0.33 * r), muzzle)
    for d in (-1, 1):              # nostrils and the split lip
        paint(img, ellipse(hx + d * 0.15 * r, hy + 0.65 * r, 0.07 * r, 0.05 * r), BLACK, 0.8)
    paint(img, segment(hx, hy + 0.75 * r, hx, hy + 1.0 * r, 0.04 * r), BLACK, 0.7)


def draw_alpaca(rng, img, base):
    if rng.random() < 0.55:
        quadruped(rng, img, base, "alpaca")
    else:
        alpaca_portrait(rng, img, base)


# ---------------------------------------------------------------------------------------------
# Other new subjects


def draw_fish(rng, img, base):
    side = 1 if rng.random() < 0.5 else -1
    s = rng.uniform(11, 18)
    cx, cy = place(rng, 1.6 * s, s)
    colour = pick_colour(rng, np.vstack([FUR, BRIGHT]))
    tail = polygon([(cx - side * 0.8 * s, cy), (cx - side * 1.5 * s, cy - 0.55 * s),
                    (cx - side * 1.4 * s, cy + 0.55 * s)])
    paint(img, tail, colour * 0.8)
    paint(img, polygon([(cx - side * 0.2 * s, cy - 0.35 * s), (cx + side * 0.3 * s, cy - 0.4 * s),
                        (cx - side * 0.3 * s, cy - 0.75 * s)]), colour * 0.8)
    body = ellipse(cx, cy, s, rng.uniform(0.35, 0.55) * s)
    paint(img, body, colour)
    if rng.random() < 0.5:       # vertical stripes across the body
        stripe = pick_colour(rng, BRIGHT)
        for dx in (-0.3, 0.1, 0.5):
            paint(img, np.maximum(body, np.abs(_X - (cx + side * dx * s)) - 0.08 * s), stripe)
    paint(img, ellipse(cx + side * 0.6 * s, cy - 0.1 * s, 0.12 * s, 0.12 * s), (0.95, 0.95, 0.9))
    paint(img, ellipse(cx + side * 0.62 * s, cy - 0.1 * s, 0.06 * s, 0.06 * s), BLACK)
    paint(img, segment(cx + side * 0.4 * s, cy - 0.35 * s, cx + side * 0.35 * s, cy + 0.35 * s,
                       0.03 * s), colour * 0.6)


def draw_car(rng, img, base):
    s = rng.uniform(14, 21)                      # half the car's length
    cx, cy = place(rng, s, 0.6 * s)
    colour = pick_colour(rng, np.vstack([BRIGHT, FUR]))
    side = 1 if rng.random() < 0.5 else -1
    low, high = cy + 0.3 * s, cy - 0.1 * s
    body = polygon([(cx - s, high), (cx + s, high + 0.05 * s), (cx + s, low), (cx - s, low)])
    roof = 0.45 + rng.uniform(-0.1, 0.1)
    cabin = polygon([(cx - side * 0.6 * s, high), (cx + side * 0.55 * s, high),
                     (cx + side * 0.3 * s, cy - roof * s), (cx - side * 0.45 * s, cy - roof * s)])
    paint(img, union(body, cabin), colour)
    glass = vary(rng, (0.6, 0.75, 0.85), 0.15)
    paint(img, polygon([(cx - side * 0.48 * s, high - 0.03 * s), (cx - side * 0.02 * s, high - 0.03 * s),
                        (cx - side * 0.02 * s, cy - (roof - 0.07) * s),
                        (cx - side * 0.38 * s, cy - (roof - 0.07) * s)]), glass)
    paint(img, polygon([(cx + side * 0.05 * s, high - 0.03 * s), (cx + side * 0.45 * s, high - 0.03 * s),
                        (cx + side * 0.26 * s, cy - (roof - 0.07) * s),
                        (cx + side * 0.05 * s, cy - (roof - 0.07) * s)]), glass)
    for dx in (-0.6, 0.6):
        paint(img, ellipse(cx + dx * s, low, 0.24 * s, 0.24 * s), BLACK)
        paint(img, ellipse(cx + dx * s, low, 0.1 * s, 0.1 * s), (0.7, 0.7, 0.7))
    paint(img, ellipse(cx + side * 0.95 * s, high + 0.12 * s, 0.07 * s, 0.05 * s), (1.0, 0.95, 0.6))


def draw_house(rng, img, base):
    w = rng.uniform(12, 19)
    h = w * rng.uniform(0.7, 1.3)
    cx, cy = place(rng, w, h)
    wall = pick_colour(rng, np.vstack([FUR, BRIGHT[[0, 2, 6]]]))
    top = cy - 0.3 * h
    paint(img, polygon([(cx - w, top), (cx + w, top), (cx + w, cy + 0.7 * h), (cx - w, cy + 0.7 * h)]),
          wall)
    roof = pick_colour(rng, np.array([[0.6, 0.2, 0.15], [0.3, 0.3, 0.32], [0.45, 0.3, 0.2]]))
    if rng.random() < 0.7:
        peak = top - rng.uniform(0.4, 0.8) * w
        paint(img, polygon([(cx - 1.15 * w, top), (cx + 1.15 * w, top), (cx, peak)]), roof)
    else:                          # a flat roof
        paint(img, polygon([(cx - 1.05 * w, top - 0.15 * w), (cx + 1.05 * w, top - 0.15 * w),
                            (cx + 1.05 * w, top), (cx - 1.05 * w, top)]), roof)
    glass = vary(rng, (0.55, 0.7, 0.85), 0.2)
    columns, rows = rng.integers(2, 4), rng.integers(1, 3)
    for i in range(columns):
        for j in range(rows):
            x = cx - w + (i + 0.5) * 2 * w / columns
            y = top + (j + 0.35) * h / (rows + 0.5)
            r = 0.18 * w
            paint(img, polygon([(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]), glass)
    d = cx + rng.uniform(-0.5, 0.5) * w
    paint(img, polygon([(d - 0.15 * w, cy + 0.7 * h), (d + 0.15 * w, cy + 0.7 * h),
                        (d + 0.15 * w, cy + 0.7 * h - 0.35 * w), (d - 0.15 * w, cy + 0.7 * h - 0.35 * w)]),
          vary(rng, (0.35, 0.22, 0.12)))


def draw_tree(rng, img, base):
    s = rng.uniform(13, 20)
    cx, cy = place(rng, 0.8 * s, 1.3 * s)
    trunk = vary(rng, (0.4, 0.27, 0.15))
    green = pick_colour(rng, np.vstack([GREENS, [[0.8, 0.45, 0.1], [0.75, 0.6, 0.15]]]))
    paint(img, segment(cx, cy + 1.2 * s, cx, cy - 0.2 * s, 0.1 * s), trunk)
    if rng.random() < 0.6:         # a round crown of overlapping leaf clumps
        crown = union(*(ellipse(cx + rng.uniform(-0.5, 0.5) * s, cy - rng.uniform(0.1, 0.8) * s,
                                rng.uniform(0.3, 0.5) * s, rng.uniform(0.3, 0.45) * s)
                        for _ in range(6)))
        paint(img, crown, green)
        curls(rng, img, crown, green, count=25)
    else:                          # a fir: stacked triangles
        for k in range(3):
            t = cy - 1.1 * s + k * 0.5 * s
            w = (0.35 + 0.2 * k) * s
            paint(img, polygon([(cx - w, t + 0.7 * s), (cx + w, t + 0.7 * s), (cx, t)]), green)


def draw_flower(rng, img, base):
    petal = pick_colour(rng, np.vstack([BRIGHT, [[0.95, 0.6, 0.75], [0.95, 0.95, 0.95]]]))
    for _ in range(rng.integers(1, 4)):
        r = rng.uniform(5, 10)
        cx, cy = place(rng, 2 * r, 2 * r)
        leaf = pick_colour(rng, GREENS)
        paint(img, segment(cx, cy, cx + rng.uniform(-3, 3), SIZE + 2, 0.12 * r + 0.4), leaf)
        paint(img, ellipse(cx + 0.5 * r, cy + 2.5 * r, 0.6 * r, 0.25 * r, -0.5), leaf)
        n = rng.integers(5, 9)
        turn = rng.uniform(0, math.pi)
        for k in range(n):
            a = turn + 2 * math.pi * k / n
            paint(img, ellipse(cx + 0.9 * r * math.cos(a), cy + 0.9 * r * math.sin(a), 0.75 * r,
                               0.35 * r, a), petal)
        paint(img, ellipse(cx, cy, 0.45 * r, 0.45 * r), pick_colour(rng, np.array([[0.95, 0.8, 0.1],
                                                                                 [0.35, 0.2, 0.1]])))


def draw_chair(rng, img, base):
    s = rng.uniform(10, 14)
    cx, cy = place(rng, s, 1.6 * s)
    wood = pick_colour(rng, np.vstack([FUR, BRIGHT]))
    side = 1 if rng.random() < 0.5 else -1
    seat = cy + 0.2 * s
    t = 0.09 * s
    for dx in (-0.8, 0.8):                       # legs
        paint(img, segment(cx + dx * s, seat, cx + dx * s * 1.05, seat + 1.2 * s, t), wood * 0.8)
    back = cx - side * 0.8 * s
    paint(img, segment(back, seat, back - side * 0.1 * s, seat - 1.5 * s, t * 1.2), wood)
    paint(img, polygon([(cx - s, seat - 0.12 * s), (cx + s, seat - 0.12 * s), (cx + s, seat + 0.12 * s),
                        (cx - s, seat + 0.12 * s)]), wood)
    for k in range(rng.integers(1, 4)):           # back rails
        y = seat - (0.5 + 0.35 * k) * s
        paint(img, segment(back, y, back + side * 0.15 * s, y, t * 1.4), wood)


def draw_cup(rng, img, base):
    s = rng.uniform(9, 14)
    cx, cy = place(rng, s, 1.5 * s)
    colour = pick_colour(rng, np.vstack([BRIGHT, FUR]))
    if rng.random() < 0.5:         # a mug or cup with a handle
        side = 1 if rng.random() < 0.5 else -1
        paint(img, ring(cx + side * 0.85 * s, cy, 0.4 * s, 0.18 * s), colour)
        paint(img, polygon([(cx - 0.75 * s, cy - s), (cx + 0.75 * s, cy - s), (cx + 0.65 * s, cy + s),
                            (cx - 0.65 * s, cy + s)]), colour)
        paint(img, ellipse(cx, cy - s, 0.75 * s, 0.15 * s), colour * 0.6)
    else:                          # a bottle: body, shoulder and neck
        paint(img, union(polygon([(cx - 0.5 * s, cy - 0.3 * s), (cx + 0.5 * s, cy - 0.3 * s),
                                  (cx + 0.5 * s, cy + 1.3 * s), (cx - 0.5 * s, cy + 1.3 * s)]),
                         ellipse(cx, cy - 0.3 * s, 0.5 * s, 0.35 * s),
                         segment(cx, cy - 0.5 * s, cx, cy - 1.3 * s, 0.17 * s)), colour)
        paint(img, polygon([(cx - 0.45 * s, cy + 0.2 * s), (cx + 0.45 * s, cy + 0.2 * s),
                            (cx + 0.45 * s, cy + 0.8 * s), (cx - 0.45 * s, cy + 0.8 * s)]),
              pick_colour(rng, BRIGHT))
    paint(img, segment(cx - 0.35 * s, cy - 0.6 * s, cx - 0.35 * s, cy + 0.6 * s, 0.06 * s),
          (1.0, 1.0, 1.0), 0.4)       # a highlight


def draw_umbrella(rng, img, base):
    s = rng.uniform(13, 19)
    cx, cy = place(rng, s, s)
    colour = pick_colour(rng, BRIGHT)
    tilt = rng.uniform(-0.3, 0.3)
    c, sn = math.cos(tilt), math.sin(tilt)
    top = ellipse(cx, cy, s, 0.65 * s, tilt)
    cut = union(*(ellipse(cx + (k * 0.5 * s) * c - 0.05 * s * sn, cy + (k * 0.5 * s) * sn + 0.08 * s * c,
                          0.26 * s, 0.18 * s, tilt) for k in (-1.5, -0.5, 0.5, 1.5)))
    # Only the upper half of the ellipse, its lower edge scalloped.
    below = (_X - cx) * -sn + (_Y - cy) * c
    paint(img, np.maximum(np.maximum(top, below), -cut), colour)
    hx, hy = cx - 0.9 * s * sn, cy + 0.9 * s * c
    paint(img, segment(cx, cy - 0.6 * s, hx, hy, 0.05 * s + 0.3), BLACK)
    paint(img, np.maximum(ring(hx - 0.15 * s, hy, 0.15 * s, 0.1 * s), cy + 0.9 * s * c - _Y), BLACK)


def draw_bicycle(rng, img, base):
    s = rng.uniform(8, 12)                       # wheel radius
    cx, cy = place(rng, 2.2 * s, 1.5 * s)
    colour = pick_colour(rng, BRIGHT)
    back, front = (cx - 1.1 * s, cy + 0.3 * s), (cx + 1.1 * s, cy + 0.3 * s)
    for x, y in (back, front):
        paint(img, ring(x, y, s, 0.16 * s + 0.3), BLACK)
        paint(img, ellipse(x, y, 0.1 * s, 0.1 * s), (0.6, 0.6, 0.6))
    pedal, seat = (cx - 0.1 * s, cy + 0.3 * s), (cx - 0.5 * s, cy - 0.6 * s)
    bar = (cx + 0.8 * s, cy - 0.7 * s)
    width = 0.08 * s + 0.3
    for a, b in ((back, pedal), (pedal, seat), (seat, back), (pedal, bar), (bar, front),
                 (seat, (bar[0] - 0.2 * s, bar[1] + 0.1 * s))):
        paint(img, segment(*a, *b, width), colour)
    paint(img, ellipse(seat[0], seat[1] - 0.12 * s, 0.3 * s, 0.1 * s), BLACK)
    paint(img, segment(bar[0], bar[1], bar[0] - 0.2 * s, bar[1] - 0.2 * s, width), BLACK)


# ---------------------------------------------------------------------------------------------
# Backgrounds, pose and camera, drawn the same way for every class


def outdoors(rng):
    """Sky above a horizon, the ground below, sometimes far hills, the sun or clouds."""
    horizon = rng.uniform(20, 48)
    sky_top = vary(rng, [(0.35, 0.55, 0.85), (0.75, 0.8, 0.85), (0.9, 0.7, 0.5)][rng.integers(3)], 0.1)
    sky_low = np.clip(sky_top + rng.uniform(0.05, 0.25), 0, 1)
    t = np.clip(_Y / horizon, 0, 1)[..., None]
    img = sky_top + t * (sky_low - sky_top)
    ground = pick_colour(rng, np.vstack([GREENS, [[0.6, 0.5, 0.3], [0.85, 0.85, 0.88],
                                                  [0.45, 0.35, 0.25]]]))
    for _ in range(rng.integers(0, 3)):
        hill = ellipse(rng.uniform(0, 64), horizon + rng.uniform(0, 4), rng.uniform(12, 30),
                       rng.uniform(4, 12))
        paint(img, hill, ground * rng.uniform(0.6, 0.9))
    if rng.random() < 0.4:
        paint(img, ellipse(*rng.uniform(5, 59, 1), rng.uniform(4, horizon - 4), 4, 4), (1.0, 0.95, 0.7))
    for _ in range(rng.integers(0, 3)):
        x, y = rng.uniform(0, 64), rng.uniform(2, max(horizon - 8, 3))
        paint(img, union(ellipse(x, y, 6, 2.5), ellipse(x + 3, y - 1.5, 3.5, 2.5)), (0.97, 0.97, 0.97), 0.8)
    paint(img, horizon - _Y, ground)
    if rng.random() < 0.5:         # tufts of grass or stones on the ground
        for _ in range(rng.integers(3, 10)):
            x, y = rng.uniform(0, 64), rng.uniform(horizon + 2, 64)
            paint(img, ellipse(x, y, rng.uniform(0.8, 2.5), rng.uniform(0.6, 1.5)),
                  ground * rng.uniform(0.5, 1.3))
    return img


def backdrop(rng, base):
    """The `cats` set's indoor background with a contrast of either sign, or the outdoors."""
    if rng.random() < 0.5:
        return outdoors(rng)
    lum = cats.luminance(base)
    step = rng.uniform(0.25, 0.6) * (1 if rng.random() < 0.5 else -1)
    if not 0.05 <= lum + step <= 0.95:
        step = -step
    target = min(max(lum + step, 0.05), 0.95)
    return cats.background(rng, (target - 0.05, target + 0.05))


def pose(rng, img, turn=TILT):
    """Tilt (up to `turn` radians either way), zoom, shift and mirror the whole picture
    (bilinear, edges reflected)."""
    angle = rng.uniform(-turn, turn)
    zoom = rng.uniform(0.85, 1.2)
    dx, dy = rng.uniform(-5, 5, 2)
    c, s = math.cos(angle) / zoom, math.sin(angle) / zoom
    flip = -1.0 if rng.random() < 0.5 else 1.0
    u, v = (_X - 32 - dx) * flip, _Y - 32 - dy
    x = c * u + s * v + 32 - 0.5                 # source coordinates of every pixel centre
    y = -s * u + c * v + 32 - 0.5
    # Reflect the coordinates into the picture (a period of 2 * SIZE, mirrored).
    x = np.abs((x + SIZE) % (2 * SIZE) - SIZE)
    y = np.abs((y + SIZE) % (2 * SIZE) - SIZE)
    x, y = np.clip(x, 0, SIZE - 1.001), np.clip(y, 0, SIZE - 1.001)
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    fx, fy = (x - x0)[..., None], (y - y0)[..., None]
    top = img[y0, x0] * (1 - fx) + img[y0, x0 + 1] * fx
    bottom = img[y0 + 1, x0] * (1 - fx) + img[y0 + 1, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy


def drawn(rng, draw, turn=TILT):
    """A subject drawn by `draw(rng, img, base)` on a backdrop, posed, through the camera."""
    base = vary(rng, FUR[rng.integers(len(FUR))])
    img = backdrop(rng, base)
    draw(rng, img, base)
    return cats.finish(rng, pose(rng, img, turn))


def _uint8(img):
    return np.round(np.clip(img, 0, 1) * 255).astype(np.uint8)


def face(rng, turn=TILT):
    """A face of the `happy` set (a new person each time, smiling or not), posed."""
    person = happy._person(rng)
    photo = happy._photo(rng, person, rng.random() < 0.5, happy._room(rng))
    return happy._camera(rng, pose(rng, photo, turn), person.skin)


def hand(rng, turn=TILT):
    """A hand of the `signs` set showing 0 to 5 fingers, posed."""
    return _uint8(pose(rng, signs._draw(rng, int(rng.integers(6))), turn))


def landscape(rng, turn=TILT):
    """The outdoors with no subject: sky, horizon, ground, and now and then a far tree or house."""
    img = outdoors(rng)
    for _ in range(rng.integers(0, 3)):
        x, y, r = rng.uniform(4, 60), rng.uniform(24, 50), rng.uniform(1.5, 4)
        paint(img, union(ellipse(x, y - 2 * r, r, r * 1.2), segment(x, y - r, x, y, 0.5)),
              pick_colour(rng, GREENS) * 0.7)
    return cats.finish(rng, pose(rng, img, turn))


def _subject(draw):
    return lambda rng, turn=TILT: drawn(rng, draw, turn)


def _quadruped(kind):
    return _subject(lambda rng, img, base: quadruped(rng, img, base, kind))


SOURCE_DRAWERS = [
    _subject(cats.draw_cat), _subject(cats.draw_dog), _subject(cats.draw_rodent),
    _subject(cats.draw_bird), _quadruped("horse"), _quadruped("sheep"), _quadruped("camel"),
    _quadruped("giraffe"), _subject(draw_fish), face, hand, _subject(draw_car), _subject(draw_house),
    _subject(draw_tree), _subject(draw_flower), _subject(draw_chair), _subject(draw_cup), landscape,
]
assert len(SOURCE_DRAWERS) == len(SOURCE_CLASSES)

# What the target set's "not alpaca" pictures show: (weight, drawer). Goats, sheep and horses
# are the hard cases: four legs (and wool, or a long neck) but not an alpaca's build.
OTHERS = [
    (2, _quadruped("goat")), (1, _quadruped("sheep")), (1, _quadruped("horse")),
    (2, _subject(cats.draw_dog)), (1, _subject(cats.draw_cat)), (1, _subject(cats.draw_rodent)),
    (1, _subject(cats.draw_bird)), (1, face), (1, hand), (1, _subject(draw_house)),
    (1, _subject(draw_tree)), (1, _subject(draw_car)), (1, _subject(draw_flower)),
    (2, _subject(draw_umbrella)), (2, _subject(draw_bicycle)), (2, _subject(cats.draw_object)),
    (1, landscape),
]


def source_picture(rng, label):
    picture = SOURCE_DRAWERS[label](rng)
    if rng.random() < RESAMPLED:
        picture = _uint8(pose(rng, picture / 255, RESAMPLE_TURN))
    return picture


def _source_chunk(args):
    seeds, labels = args
    return np.stack([source_picture(np.random.default_rng(s), int(y)) for s, y in zip(seeds, labels)])


def source_set(n_per_class, seed=0, workers=1):
    """The source set, made in memory: (images (m, 64, 64, 3) uint8, labels (m,) int64),
    `n_per_class` pictures of each of the 18 SOURCE_CLASSES, shuffled.

    One child random stream per picture, so the pictures do not depend on `workers` (processes
    that draw in parallel, about 10 ms a picture each).
    """
    rng = np.random.default_rng([seed, 16])
    labels = rng.permutation(np.repeat(np.arange(len(SOURCE_CLASSES)), n_per_class)).astype(np.int64)
    streams = np.random.SeedSequence([seed, 17]).spawn(len(labels))
    chunks = [(streams[i:i + 250], labels[i:i + 250]) for i in range(0, len(labels), 250)]
    if workers > 1:
        import multiprocessing

        # Fresh processes ("spawn"), not forks of a parent that may run TensorFlow's threads.
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            parts = pool.map(_source_chunk, chunks)
    else:
        parts = [_source_chunk(chunk) for chunk in chunks]
    return np.concatenate(parts), labels


def target_picture(rng, is_alpaca):
    if is_alpaca:
        return drawn(rng, draw_alpaca)
    weights = np.array([w for w, _ in OTHERS], dtype=float)
    return OTHERS[rng.choice(len(OTHERS), p=weights / weights.sum())][1](rng)


def target_set(seed=SEED):
    """The alpaca set: (images (400, 64, 64, 3) uint8, labels (400,) int64, 0 = alpaca)."""
    rng = np.random.default_rng([seed, 1])
    labels = rng.permutation(np.repeat([0, 1], [N_ALPACA, N_OTHER])).astype(np.int64)
    streams = rng.spawn(len(labels))
    images = np.stack([target_picture(stream, y == 0) for stream, y in zip(streams, labels)])
    return images, labels


def build(out_dir, seed=SEED):
    out_dir.mkdir(parents=True, exist_ok=True)
    images, labels = target_set(seed)
    with h5py.File(out_dir / FILES[0], "w") as handle:
        # track_times=False keeps timestamps out, so equal data gives equal bytes.
        handle.create_dataset("images", data=images, compression="gzip", compression_opts=6,
                              chunks=(50, SIZE, SIZE, 3), track_times=False)
        handle.create_dataset("labels", data=labels, track_times=False)
        handle.create_dataset("list_classes", data=np.array([c.encode() for c in TARGET_CLASSES]),
                              track_times=False)


def card_picture(path, per_class=6, seed=SEED):
    """Save the source set's picture for its data card: `per_class` pictures of each class, one
    class per row (the first pictures of `source_set(per_class, seed)`)."""
    import matplotlib

    matplotlib.use("Agg")
    from utils.plotting import image_grid

    images, labels = source_set(per_class, seed=seed)
    order = np.argsort(labels, kind="stable")
    titles = [SOURCE_CLASSES[y] if k % per_class == 0 else "" for k, y in enumerate(labels[order])]
    title = f"The source set: {per_class} pictures of each of its {len(SOURCE_CLASSES)} classes"
    fig = image_grid(images[order], titles=titles, columns=per_class, size=1.1, title=title,
                     return_figure=True)
    fig.savefig(path, dpi=72)
