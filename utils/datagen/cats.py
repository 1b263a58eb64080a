"""The `cats` set: procedural 64x64 "cat vs non-cat" pictures replacing the course's photos.

Every picture is rasterised with NumPy alone: shapes are signed-distance fields on the pixel
grid, turned into anti-aliased coverage (one pixel of soft edge) and alpha-blended in order.

* Subject colour first: a coat colour (ginger, grey, black, white, brown, cream, tabby, fawn),
  then a background clearly lighter or darker than it, with either sign. The figure always
  stands out, but "cat" is never "dark blob" or "light blob".
* Background: a two-colour gradient, sometimes a texture (wallpaper stripes, a checked floor,
  soft blobs), a floor line and a few random clutter shapes (boxes, discs, triangles, bars).
* Cat (label 1), a head-and-shoulders portrait built from parts: head with two pointed ears
  (pink or coat-toned inside) at a random tilt, almond eyes of random colour with slit or
  dilated pupils, a small nose, whiskers, shoulders and sometimes a tail curling up beside
  them. Coats are plain, tabby-striped, patched (calico, tuxedo) or with a white muzzle.
* Non-cat (label 0): portraits of other animals framed the same way (dogs with floppy or
  round ears, a muzzle and a big nose; rabbits with long ears; mice and bears with round
  ears), birds with beaks and wings, and objects of the same colours and sizes (mugs, vases,
  lamps, balls, houses, fir trees, cars, potted plants), some with pointed triangles of their
  own. Coat colours, backgrounds and lighting are drawn the same way for both classes.
* Camera effects drawn the same way for both classes: a light gradient, a colour tint,
  auto-exposure, sometimes a slight blur, and sensor noise.

Why portraits, and why the contrast of either sign: the set has to teach that a deeper net
generalises better than logistic regression on raw pixels. A cat differs from a dog or a
bear by the configuration of its parts (pointed ears, whiskers, eyes) whose pixel values
flip with the coat-background contrast, a cue that is non-linear in the pixels, while a few
fixed-colour cues (pink ears and nose, white whiskers) give logistic regression something to
find; with 209 pictures of 12288 values it still memorises the training set. Full-body poses
at random places were tried and dropped: too small and too scattered for any of the course's
fully connected models to learn from 209 pictures.

Only arithmetic, sqrt, floor, clipping and comparisons touch the pixel arrays (trigonometry
is done on scalars), so the bytes do not hang on the CPU's vectorised maths library. The
labels are placed as in the course's files: 72 cats of 209 training pictures, 33 of 50 test
pictures.
"""

import math

import h5py
import numpy as np

FILES = ["train_catvnoncat.h5", "test_catvnoncat.h5"]
CHEAP = True
# The draw of this design whose figures sit mid-range (the data card lists seeds 0-5; with
# some draws, e.g. 5, the 4-layer net's ReLUs die early and it stalls at 81% train accuracy).
SEED = 4

SIZE = 64
# How hard the pictures are. These were tuned, with the course's three models trained on the
# files, so that logistic regression overfits (about 70% on test) while the 4-layer net
# generalises (mid 80s); see datasets/cards/cats.md for the figures.
JITTER = 1                 # pixels the portrait's centre moves; more sinks every model alike
HEAD_RADIUS = (15, 20)     # head size in pixels
CLUTTER = 2                # most random shapes in the background
CONTRAST = (0.4, 0.65)     # luminance gap between coat and background, either sign
EXPOSURE = (0.3, 0.4)      # mean brightness after auto-exposure
# Cat cues of a fixed colour, which a linear model can pick up whatever the coat: lower rates
# lower logistic regression's test accuracy (and, less, everyone's).
PINK_EARS = 0.75
PINK_NOSE = 0.8
WHITE_WHISKERS = 0.5
SPLITS = {"train": (209, 72), "test": (50, 33)}  # (pictures, cats), as in the course
CLASSES = np.array([b"non-cat", b"cat"])

_Y, _X = (np.mgrid[0:SIZE, 0:SIZE] + 0.5).astype(np.float64)

# Coat colours shared by cats, dogs, rabbits and objects, so colour says little about the class.
FUR = np.array([
    [0.93, 0.58, 0.25],  # ginger
    [0.55, 0.55, 0.57],  # grey
    [0.12, 0.11, 0.11],  # black
    [0.95, 0.94, 0.90],  # white
    [0.50, 0.33, 0.20],  # brown
    [0.90, 0.80, 0.62],  # cream
    [0.35, 0.30, 0.27],  # dark tabby
    [0.72, 0.62, 0.50],  # fawn
])
PINK = np.array([0.93, 0.60, 0.65])
IRIS = np.array([[0.55, 0.75, 0.2], [0.9, 0.75, 0.2], [0.85, 0.55, 0.15], [0.45, 0.65, 0.9]])


# ---------------------------------------------------------------------------------------------
# Signed distances (in pixels, negative inside) and painting
# ---------------------------------------------------------------------------------------------

def ellipse(cx, cy, rx, ry, angle=0.0):
    c, s = math.cos(angle), math.sin(angle)
    u = (_X - cx) * c + (_Y - cy) * s
    v = (_Y - cy) * c - (_X - cx) * s
    k = np.sqrt((u / rx) ** 2 + (v / ry) ** 2)
    grad = np.sqrt((u / rx**2) ** 2 + (v / ry**2) ** 2)
    # First-order distance (k - 1) / |grad k|; near the centre the gradient vanishes, where any
    # clearly negative value will do.
    return np.where(k > 0.5, (k - 1) * k / np.maximum(grad, 1e-9), -0.5 * min(rx, ry))


def polygon(points):
    """Convex polygon: the largest distance to the half-planes of its edges."""
    pts = np.asarray(points, dtype=np.float64)
    area = np.sum(pts[:, 0] * np.roll(pts[:, 1], -1) - np.roll(pts[:, 0], -1) * pts[:, 1])
    sign = 1.0 if area > 0 else -1.0
    dist = None
    for (x0, y0), (x1, y1) in zip(pts, np.roll(pts, -1, axis=0)):
        ex, ey = x1 - x0, y1 - y0
        length = math.hypot(ex, ey) or 1e-9
        # Outward normal of the edge for the polygon's winding.
        d = sign * ((_X - x0) * ey - (_Y - y0) * ex) / length
        dist = d if dist is None else np.maximum(dist, d)
    return dist


def segment(x0, y0, x1, y1, r):
    ex, ey = x1 - x0, y1 - y0
    t = np.clip(((_X - x0) * ex + (_Y - y0) * ey) / max(ex * ex + ey * ey, 1e-9), 0.0, 1.0)
    return np.sqrt((_X - x0 - t * ex) ** 2 + (_Y - y0 - t * ey) ** 2) - r


def curve(points, r0, r1):
    """A thick polyline tapering from radius r0 to r1 (tails, stems)."""
    radii = np.linspace(r0, r1, len(points) - 1)
    return union(*(segment(*p, *q, r) for p, q, r in zip(points[:-1], points[1:], radii)))


def bezier(p0, p1, p2, n=8):
    t = np.linspace(0.0, 1.0, n)[:, None]
    return [tuple(p) for p in (1 - t) ** 2 * np.array(p0) + 2 * (1 - t) * t * np.array(p1)
            + t**2 * np.array(p2)]


def union(*dists):
    return np.minimum.reduce(dists)


def cover(dist):
    return np.clip(0.5 - dist, 0.0, 1.0)


def paint(img, dist, colour, opacity=1.0):
    alpha = cover(dist) * opacity
    img += alpha[..., None] * (np.asarray(colour) - img)


def vary(rng, colour, amount=0.08):
    return np.clip(np.asarray(colour) * rng.uniform(1 - amount, 1 + amount, 3), 0.0, 1.0)


def triangle_wave(proj, period):
    """0 on stripe centres, 0.5 between them: stripes without calling sin on arrays."""
    return np.abs((proj / period) % 1.0 - 0.5)


# ---------------------------------------------------------------------------------------------
# Coats: an (H, W, 3) colour field painted through a silhouette
# ---------------------------------------------------------------------------------------------

def coat(rng, base, kind):
    field = np.broadcast_to(base, (SIZE, SIZE, 3)).copy()
    if kind == "stripes":
        angle = rng.uniform(0, math.pi)
        proj = _X * math.cos(angle) + _Y * math.sin(angle)
        dark = base * rng.uniform(0.35, 0.6)
        stripe = np.clip((triangle_wave(proj + rng.uniform(0, 10), rng.uniform(4, 7)) - 0.28) * 8,
                         0, 1)
        field += (1 - stripe)[..., None] * (dark - field)
    elif kind in ("patches", "spots"):
        colours = [FUR[3], FUR[2], FUR[0]] if kind == "patches" else [FUR[2]]
        for _ in range(rng.integers(3, 7)):
            r = rng.uniform(5, 12) if kind == "patches" else rng.uniform(1.5, 3)
            blob = ellipse(rng.uniform(4, 60), rng.uniform(4, 60), r, r * rng.uniform(0.6, 1.0),
                           rng.uniform(0, math.pi))
            field += cover(blob)[..., None] * (colours[rng.integers(len(colours))] - field)
    return field


def shade(rng, base):
    """A darker or lighter tone of a coat colour."""
    if luminance(base) > 0.5:
        return base * rng.uniform(0.5, 0.75)
    return base + rng.uniform(0.3, 0.5) * (1 - base)


def pick_coat(rng, patterns, base):
    return coat(rng, base, patterns[rng.integers(len(patterns))])


# ---------------------------------------------------------------------------------------------
# Backgrounds and lighting
# ---------------------------------------------------------------------------------------------

def luminance(colour):
    return np.asarray(colour) @ np.array([0.3, 0.59, 0.11])


def random_colour(rng, lum=None):
    # Often a muted coat colour, so that backgrounds cannot be told from subjects by hue.
    if rng.random() < 0.4:
        colour = vary(rng, FUR[rng.integers(len(FUR))], 0.15)
    else:
        colour = rng.uniform(0.1, 0.95, 3)
    if lum is None:
        return colour
    target = rng.uniform(*lum)
    return np.clip(colour * target / max(luminance(colour), 0.05), 0.0, 1.0)


def background(rng, lum):
    angle = rng.uniform(0, 2 * math.pi)
    t = ((_X - 32) * math.cos(angle) + (_Y - 32) * math.sin(angle)) / 90 + 0.5
    a, b = random_colour(rng, lum), random_colour(rng, lum)
    img = a + t[..., None] * (b - a)
    texture = rng.integers(4)
    if texture == 1:  # wallpaper stripes
        proj = _X if rng.random() < 0.5 else _Y
        band = triangle_wave(proj, rng.uniform(4, 12)) < rng.uniform(0.1, 0.25)
        img += band[..., None] * (random_colour(rng, lum) - img) * rng.uniform(0.3, 0.8)
    elif texture == 2:  # checked floor or tiles
        cell = rng.uniform(5, 14)
        checks = ((np.floor(_X / cell) + np.floor(_Y / cell)) % 2)[..., None]
        img *= 1 - checks * rng.uniform(0.1, 0.35)
    elif texture == 3:  # soft blobs
        for _ in range(rng.integers(3, 8)):
            blob = ellipse(*rng.uniform(0, 64, 2), *rng.uniform(3, 12, 2), rng.uniform(0, math.pi))
            img += cover(blob / 3)[..., None] * (random_colour(rng, lum) - img) * 0.5
    if rng.random() < 0.4:  # a floor or table top
        y = rng.uniform(36, 58)
        paint(img, y - _Y, random_colour(rng, lum), rng.uniform(0.5, 1.0))
    for _ in range(rng.integers(0, CLUTTER + 1)):
        clutter_shape(rng, img)
    return img


def clutter_shape(rng, img):
    x, y = rng.uniform(-4, 68, 2)
    r = rng.uniform(3, 11)
    kind = rng.integers(4)
    if kind == 0:
        dist = polygon([(x - r, y - r * 0.7), (x + r, y - r * 0.7), (x + r, y + r * 0.7),
                        (x - r, y + r * 0.7)])
    elif kind == 1:
        dist = ellipse(x, y, r, r * rng.uniform(0.5, 1), rng.uniform(0, math.pi))
    elif kind == 2:
        a = rng.uniform(0, 2 * math.pi)
        dist = polygon([(x + r * math.cos(a + k * 2.094), y + r * math.sin(a + k * 2.094))
                        for k in range(3)])
    else:
        a = rng.uniform(0, math.pi)
        dist = segment(x, y, x + 2 * r * math.cos(a), y + 2 * r * math.sin(a), rng.uniform(0.7, 2))
    paint(img, dist, random_colour(rng), rng.uniform(0.6, 1.0))


def finish(rng, img):
    """Class-blind camera effects: a light gradient, tint, exposure, blur and sensor noise."""
    angle = rng.uniform(0, 2 * math.pi)
    slope = rng.uniform(0, 0.5)
    light = 1 + slope * ((_X - 32) * math.cos(angle) + (_Y - 32) * math.sin(angle)) / 64
    img = img * light[..., None] * rng.uniform(0.88, 1.12, 3)
    # Auto-exposure, as a camera's: the mean brightness lands in a narrow band whatever the
    # scene, so it says nothing about the coat or the contrast. The band is on the dark side:
    # with brighter pictures the 4-layer net's ReLUs died early in training on more draws.
    img = img * min(max(rng.uniform(*EXPOSURE) / img.mean(), 0.5), 2.0)
    if rng.random() < 0.5:  # a little defocus: 3x3 box blur with edge padding
        padded = np.pad(img, ((1, 1), (1, 1), (0, 0)), mode="edge")
        img = sum(padded[i:i + SIZE, j:j + SIZE] for i in range(3) for j in range(3)) / 9
    img = img + rng.normal(0, rng.uniform(0.005, 0.04), img.shape)
    return np.round(np.clip(img, 0, 1) * 255).astype(np.uint8)


# ---------------------------------------------------------------------------------------------
# Animals: portraits with a shared body plan and species-specific heads
# ---------------------------------------------------------------------------------------------

def frame(rng):
    """Head centre and radius of a portrait, drawn the same way for every animal."""
    r = rng.uniform(*HEAD_RADIUS)
    return 32 + rng.uniform(-JITTER, JITTER), 34 + rng.uniform(-JITTER, JITTER), r


def shoulders(rng, img, fur, hx, hy, r):
    side = rng.uniform(-0.3, 0.3)
    paint(img, ellipse(hx + side * r, hy + r * 1.6, r * 1.4, r * 1.1), fur)


def eyes(img, hx, hy, r, spacing, size, iris=None, pupil=0.0):
    """Almond eyes of colour `iris` whose pupil is a slit (pupil=0) to round (pupil=1); without
    an iris, round dark eyes with a highlight."""
    for dx in (-spacing, spacing):
        x, y = hx + dx * r, hy - 0.05 * r
        if iris is not None:
            paint(img, ellipse(x, y, size * r * 1.2, size * r * 0.8, -0.25 * np.sign(dx)), iris)
            paint(img, ellipse(x, y, size * r * (0.25 + 0.5 * pupil), size * r * 0.75),
                  (0.03, 0.03, 0.03))
        else:
            paint(img, ellipse(x, y, size * r * 0.8, size * r * 0.8), (0.06, 0.04, 0.03))
            paint(img, ellipse(x - 0.25 * size * r, y - 0.3 * size * r, 0.25 * size * r,
                               0.25 * size * r), (0.95, 0.95, 0.95), 0.8)


def draw_cat(rng, img, base):
    hx, hy, r = frame(rng)
    fur = pick_coat(rng, ["plain", "stripes", "stripes", "patches"], base)
    if rng.random() < 0.5:  # the tail curling up beside the shoulders
        side = 1 if rng.random() < 0.5 else -1
        start = (hx + side * r * 0.9, hy + r * 2.6)
        bend = (hx + side * r * 2.2, hy + r * 2.2)
        tip = (hx + side * r * rng.uniform(1.4, 2.0), hy + r * rng.uniform(0.6, 1.2))
        paint(img, curve(bezier(start, bend, tip), r * 0.2, r * 0.15), fur)
    shoulders(rng, img, fur, hx, hy, r)
    # Pointed ears: triangles rooted on the top of the head, leaning outwards.
    tilt = rng.uniform(-0.15, 0.15)
    ears, inner = [], []
    for sgn in (-1, 1):
        a = sgn * rng.uniform(0.45, 0.75) + tilt
        root = [(hx + r * math.sin(a + d), hy - r * math.cos(a + d)) for d in (-0.42, 0.42)]
        length = r * rng.uniform(0.8, 1.15)
        tip = (hx + (r + length) * math.sin(a * 1.1), hy - (r + length) * math.cos(a * 1.1))
        ears.append(polygon([root[0], tip, root[1], (hx, hy)]))
        mid = ((root[0][0] + root[1][0]) / 2, (root[0][1] + root[1][1]) / 2)
        inner.append(polygon([((b[0] + mid[0] * 2) / 3, (b[1] + mid[1] * 2) / 3) for b in root]
                             + [((tip[0] * 2 + mid[0]) / 3, (tip[1] * 2 + mid[1]) / 3)]))
    head = ellipse(hx, hy, r * 1.1, r * 0.95)
    paint(img, union(head, *ears), fur)
    # Pink inside the ears, or a shade of the coat, so that no fixed colour marks the cat.
    paint(img, union(*inner), vary(rng, PINK) if rng.random() < PINK_EARS else shade(rng, base))
    if rng.random() < 0.35:  # white muzzle
        paint(img, ellipse(hx, hy + 0.45 * r, 0.5 * r, 0.35 * r), vary(rng, FUR[3], 0.05))
    # Mostly slit pupils; in dim light a cat's pupils open wide and round.
    pupil = 0.0 if rng.random() < 0.7 else rng.uniform(0.6, 1.0)
    eyes(img, hx, hy, r, spacing=rng.uniform(0.36, 0.46), size=rng.uniform(0.17, 0.22),
         iris=vary(rng, IRIS[rng.integers(len(IRIS))]), pupil=pupil)
    nx, ny = hx, hy + 0.3 * r
    paint(img, polygon([(nx - 0.13 * r, ny - 0.07 * r), (nx + 0.13 * r, ny - 0.07 * r),
                        (nx, ny + 0.1 * r)]),
          vary(rng, PINK) if rng.random() < PINK_NOSE else vary(rng, FUR[[2, 4][rng.integers(2)]]))
    # White whiskers, or whiskers that show against the coat: dark on light cats.
    white = rng.random() < WHITE_WHISKERS or luminance(base) < 0.6
    whisker = (0.9, 0.9, 0.88) if white else (0.1, 0.1, 0.1)
    for sgn in (-1, 1):
        for k in (-1, 0, 1):
            x0, y0 = nx + sgn * 0.2 * r, ny + 0.1 * r
            paint(img, segment(x0, y0, x0 + sgn * 1.2 * r, y0 + k * 0.3 * r - 0.1 * r, 0.15),
                  whisker, 0.8)


def draw_dog(rng, img, base):
    hx, hy, r = frame(rng)
    fur = pick_coat(rng, ["plain", "plain", "patches", "spots"], base)
    shoulders(rng, img, fur, hx, hy, r)
    head = ellipse(hx, hy, r * rng.uniform(0.95, 1.1), r * rng.uniform(0.95, 1.15))
    ear_colour = vary(rng, base * rng.uniform(0.5, 1.0))
    paint(img, head, fur)
    if rng.random() < 0.7:  # floppy ears hanging beside the head
        ears = [ellipse(hx + s * r * 0.95, hy + r * 0.15, r * 0.35, r * 0.75, -s * 0.25)
                for s in (-1, 1)]
    else:  # small rounded ears on top
        ears = [ellipse(hx + s * r * 0.65, hy - r * 0.8, r * 0.32, r * 0.38) for s in (-1, 1)]
    paint(img, union(*ears), ear_colour)
    muzzle_colour = vary(rng, FUR[[3, 5, 7][rng.integers(3)]]) if rng.random() < 0.5 else base
    paint(img, ellipse(hx, hy + 0.5 * r, 0.5 * r, 0.38 * r), muzzle_colour)
    # Some dogs have light amber or blue eyes too, so eye colour alone does not give cats away.
    iris = vary(rng, IRIS[rng.integers(len(IRIS))]) if rng.random() < 0.35 else None
    eyes(img, hx, hy, r, spacing=rng.uniform(0.32, 0.42), size=rng.uniform(0.16, 0.21),
         iris=iris, pupil=1.0)
    nose = (0.05, 0.04, 0.04) if rng.random() < 0.7 else vary(rng, [PINK, FUR[4]][rng.integers(2)])
    paint(img, ellipse(hx, hy + 0.38 * r, 0.18 * r, 0.13 * r), nose)
    if rng.random() < 0.4:  # tongue
        paint(img, ellipse(hx, hy + 0.85 * r, 0.14 * r, 0.2 * r), vary(rng, (0.9, 0.4, 0.45)))


def draw_rodent(rng, img, base):
    """Rabbits (long ears), mice and bears (round ears): upright ears that are not cat ears."""
    hx, hy, r = frame(rng)
    fur = pick_coat(rng, ["plain", "plain", "patches"], base)
    shoulders(rng, img, fur, hx, hy, r)
    kind = rng.integers(3)
    if kind == 0:  # rabbit
        ears = [ellipse(hx + s * r * 0.4, hy - r * 1.4, r * 0.28, r * 0.95, s * 0.2)
                for s in (-1, 1)]
        inner = [ellipse(hx + s * r * 0.4, hy - r * 1.4, r * 0.13, r * 0.7, s * 0.2)
                 for s in (-1, 1)]
    else:  # mouse (big) or bear (small) round ears
        er = r * (0.55 if kind == 1 else 0.35)
        ears = [ellipse(hx + s * r * 0.75, hy - r * 0.75, er, er) for s in (-1, 1)]
        inner = [ellipse(hx + s * r * 0.75, hy - r * 0.75, er * 0.55, er * 0.55) for s in (-1, 1)]
    paint(img, union(ellipse(hx, hy, r, r * 0.95), *ears), fur)
    paint(img, union(*inner), vary(rng, PINK) if kind < 2 else base * 0.6)
    eyes(img, hx, hy, r, spacing=rng.uniform(0.3, 0.45), size=rng.uniform(0.15, 0.22))
    paint(img, ellipse(hx, hy + 0.35 * r, 0.12 * r, 0.1 * r), vary(rng, PINK) * 0.8)


def draw_bird(rng, img, base):
    side = 1 if rng.random() < 0.5 else -1
    r = rng.uniform(7, 13)
    bx, by = rng.uniform(18, 46), rng.uniform(24, 42)
    fur = pick_coat(rng, ["plain", "plain", "spots"], base)
    if rng.random() < 0.5:
        lum = luminance(base)
        fur = coat(rng, random_colour(rng, (lum - 0.05, lum + 0.05)), "plain")
    hx, hy = bx + side * r * 1.1, by - r * 0.9
    paint(img, polygon([(bx - side * r * 1.1, by - 0.3 * r), (bx - side * r * 2.2, by - 0.1 * r),
                        (bx - side * r * 2.0, by + 0.6 * r)]), base * 0.7)
    for dx in (-0.3, 0.3):
        paint(img, segment(bx + dx * r, by + 0.8 * r, bx + dx * r, by + 1.6 * r, 0.6),
              (0.8, 0.5, 0.2))
    paint(img, union(ellipse(bx, by, r * 1.3, r * 0.85, side * 0.3),
                     ellipse(hx, hy, r * 0.55, r * 0.55)), fur)
    paint(img, ellipse(bx - side * 0.2 * r, by, r * 0.8, r * 0.45, side * 0.4), base * 0.6)
    paint(img, polygon([(hx + side * 0.45 * r, hy - 0.18 * r), (hx + side * 0.45 * r, hy + 0.18 * r),
                        (hx + side * 1.0 * r, hy + 0.05 * r)]), vary(rng, (0.95, 0.65, 0.15)))
    paint(img, ellipse(hx + side * 0.15 * r, hy - 0.1 * r, 0.1 * r, 0.1 * r), (0.05, 0.05, 0.05))


# ---------------------------------------------------------------------------------------------
# Objects of animal colours and sizes
# ---------------------------------------------------------------------------------------------

def draw_object(rng, img, base):
    x, y = rng.uniform(16, 48), rng.uniform(22, 44)
    s = rng.uniform(8, 16)
    fur = pick_coat(rng, ["plain", "plain", "stripes", "patches"], base)
    dark = (0.1, 0.1, 0.1)
    kind = rng.integers(8)
    if kind == 0:  # mug
        paint(img, ellipse(x + s * 0.8, y, s * 0.45, s * 0.5), fur)
        # The hole in the handle takes the background colour behind the mug.
        paint(img, ellipse(x + s * 0.8, y, s * 0.25, s * 0.3), img[int(y), int(x)])
        paint(img, polygon([(x - s * 0.8, y - s), (x + s * 0.8, y - s), (x + s * 0.8, y + s),
                            (x - s * 0.8, y + s)]), fur)
    elif kind == 1:  # vase
        paint(img, union(ellipse(x, y + 0.3 * s, 0.8 * s, 0.9 * s),
                         segment(x, y - 0.5 * s, x, y - 1.2 * s, 0.3 * s)), fur)
    elif kind == 2:  # table lamp: a pointed-ish shade on a stem
        paint(img, segment(x, y, x, y + 1.4 * s, 0.12 * s), dark)
        paint(img, polygon([(x - 0.4 * s, y - s), (x + 0.4 * s, y - s), (x + 0.9 * s, y + 0.1 * s),
                            (x - 0.9 * s, y + 0.1 * s)]), fur)
    elif kind == 3:  # ball
        paint(img, ellipse(x, y, s, s), fur)
        paint(img, ellipse(x, y, s, 0.25 * s, rng.uniform(0, math.pi)), vary(rng, FUR[3]), 0.7)
    elif kind == 4:  # house: a triangle roof
        paint(img, polygon([(x - s, y - 0.2 * s), (x + s, y - 0.2 * s), (x + s, y + s),
                            (x - s, y + s)]), fur)
        paint(img, polygon([(x - 1.2 * s, y - 0.2 * s), (x + 1.2 * s, y - 0.2 * s), (x, y - 1.2 * s)]),
              vary(rng, FUR[[0, 4, 6][rng.integers(3)]]))
        paint(img, polygon([(x - 0.25 * s, y + 0.3 * s), (x + 0.25 * s, y + 0.3 * s),
                            (x + 0.25 * s, y + s), (x - 0.25 * s, y + s)]), dark)
    elif kind == 5:  # fir tree: stacked triangles
        green = vary(rng, (0.15, 0.45, 0.2), 0.3)
        paint(img, segment(x, y + 0.8 * s, x, y + 1.5 * s, 0.15 * s), FUR[4])
        for k in range(3):
            top = y - 1.3 * s + k * 0.6 * s
            w = (0.5 + 0.3 * k) * s
            paint(img, polygon([(x - w, top + 0.9 * s), (x + w, top + 0.9 * s), (x, top)]), green)
    elif kind == 6:  # car
        paint(img, union(polygon([(x - 1.4 * s, y - 0.1 * s), (x + 1.4 * s, y - 0.1 * s),
                                  (x + 1.4 * s, y + 0.5 * s), (x - 1.4 * s, y + 0.5 * s)]),
                         polygon([(x - 0.8 * s, y - 0.1 * s), (x + 0.8 * s, y - 0.1 * s),
                                  (x + 0.5 * s, y - 0.6 * s), (x - 0.5 * s, y - 0.6 * s)])), fur)
        for dx in (-0.8, 0.8):
            paint(img, ellipse(x + dx * s, y + 0.5 * s, 0.3 * s, 0.3 * s), dark)
    else:  # potted plant
        for _ in range(5):
            a = rng.uniform(-1.2, 1.2)
            paint(img, ellipse(x + math.sin(a) * 0.7 * s, y - 0.3 * s - math.cos(a) * 0.7 * s,
                               0.2 * s, 0.55 * s, a), vary(rng, (0.2, 0.55, 0.2), 0.3))
        paint(img, polygon([(x - 0.6 * s, y), (x + 0.6 * s, y), (x + 0.4 * s, y + s),
                            (x - 0.4 * s, y + s)]), fur)


NON_CATS = [draw_dog, draw_dog, draw_rodent, draw_bird, draw_object, draw_object]


def picture(rng, is_cat):
    # The subject's coat colour is drawn first and the background made clearly lighter or
    # darker than it: the figure always stands out, but with either sign of contrast.
    base = vary(rng, FUR[rng.integers(len(FUR))])
    lum = luminance(base)
    step = rng.uniform(*CONTRAST) * (1 if rng.random() < 0.5 else -1)
    if not 0.05 <= lum + step <= 0.95:
        step = -step
    target = min(max(lum + step, 0.05), 0.95)
    img = background(rng, (target - 0.05, target + 0.05))
    if is_cat:
        draw_cat(rng, img, base)
    else:
        NON_CATS[rng.integers(len(NON_CATS))](rng, img, base)
    return finish(rng, img)


def make_split(seed, split):
    n, cats = SPLITS[split]
    rng = np.random.default_rng([seed, list(SPLITS).index(split)])
    labels = np.zeros(n, dtype=np.int64)
    labels[rng.permutation(n)[:cats]] = 1
    # One child stream per picture, so a change to one drawing routine leaves the others' draws
    # (and the label order) alone.
    streams = rng.spawn(n)
    images = np.stack([picture(stream, bool(y)) for stream, y in zip(streams, labels)])
    return images, labels


def build(out_dir, seed):
    out_dir.mkdir(parents=True, exist_ok=True)
    for split, name in zip(SPLITS, FILES):
        images, labels = make_split(seed, split)
        with h5py.File(out_dir / name, "w") as handle:
            # No timestamps in the objects' headers, so equal data gives equal bytes.
            handle.create_dataset(f"{split}_set_x", data=images, track_times=False)
            handle.create_dataset(f"{split}_set_y", data=labels, track_times=False)
            handle.create_dataset("list_classes", data=CLASSES, track_times=False)
