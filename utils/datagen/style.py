"""The style image of neural style transfer (C4W4, DATA.md `nst`): a painting made of brush strokes.

The content image of the notebook is a real photograph that ships with matplotlib
(`grace_hopper.jpg`); the style image is this project's own: a 256x256 "painting" of thick,
swirling brush strokes in a palette of ultramarine, cobalt, turquoise, cadmium yellow, orange and
cream, far from the photo's greys, navy and skin tones, so that a transfer shows at a glance.

How it is painted, all with NumPy:

* a flow field (a sum of sinusoids and two vortices) gives every point a stroke direction, so the
  strokes swirl as in an expressionist sky;
* a smooth colour field picks each stroke's colour along the palette's ramp, so that colours
  come in patches, with some jitter per stroke;
* an underpainting of that colour field, then three layers of strokes, broad to fine. Each
  stroke follows the flow for a few pixels; it tapers at both ends, carries bristle streaks along
  its length (a random profile across its width), a lit and a shaded edge (impasto) and a darker
  rim;
* the canvas weave shows through as a faint grid, and a little grain.

Pixel arrays are touched by arithmetic, sqrt, clipping and comparisons only (sines are taken of
grids computed the same way each time), and the PNG is written with fixed settings, so a rebuild
gives the same bytes on the same kind of machine.
"""

import math

import numpy as np

FILES = ["nst_style.png"]
CHEAP = True
SEED = 0

SIZE = 256
# The palette's ramp, dark to light, as RGB in [0, 1].
PALETTE = np.array([[18, 28, 80], [30, 62, 150], [40, 120, 190], [60, 170, 170], [235, 200, 60],
                    [230, 130, 40], [245, 235, 200]]) / 255
# (stroke width in pixels, length in pixels, number of strokes) of the three layers, broad to fine.
# Broad strokes: at the notebook's 128x128 they are still 3 to 7 pixels wide, a texture that the
# feature network's early layers see as strokes rather than as pixel noise.
LAYERS = [(14.0, 50, 130), (9.0, 34, 330), (5.5, 22, 700)]

_Y, _X = (np.mgrid[0:SIZE, 0:SIZE] + 0.5).astype(np.float64)


def _ramp(values):
    """Colours along the palette for values in [0, 1], shape values.shape + (3,)."""
    position = np.clip(values, 0, 1) * (len(PALETTE) - 1)
    low = np.minimum(np.floor(position).astype(int), len(PALETTE) - 2)
    frac = (position - low)[..., None]
    return PALETTE[low] * (1 - frac) + PALETTE[low + 1] * frac


def _fields(rng):
    """The flow direction (radians) and the colour field (in [0, 1]) at every pixel."""
    u, v = _X / SIZE, _Y / SIZE
    angle = np.full((SIZE, SIZE), rng.uniform(0, 2 * math.pi))
    for _ in range(4):
        fx, fy = rng.uniform(-2.5, 2.5, 2)
        angle += rng.uniform(0.5, 1.1) * np.sin(2 * math.pi * (fx * u + fy * v) + rng.uniform(0, 2 * math.pi))
    for _ in range(2):                                   # vortices: strokes circle around them
        cx, cy = rng.uniform(0.2, 0.8, 2)
        dx, dy = u - cx, v - cy
        r2 = dx * dx + dy * dy
        swirl = np.exp(-r2 / 0.04)                       # fades out ~0.2 of the picture away
        tangent = np.arctan2(dy, dx) + math.pi / 2
        angle = angle * (1 - swirl) + tangent * swirl
    colour = np.zeros((SIZE, SIZE))
    for _ in range(5):
        fx, fy = rng.uniform(-3, 3, 2)
        colour += rng.uniform(0.5, 1) * np.sin(2 * math.pi * (fx * u + fy * v) + rng.uniform(0, 2 * math.pi))
    colour = (colour - colour.min()) / (colour.max() - colour.min())
    return angle, colour


def _stroke_path(angle, x, y, length, rng):
    """Points every 2 px along the flow from (x, y), shape (k, 2) of (x, y)."""
    points = [(x, y)]
    bend = rng.normal(0, 0.08)
    heading = None
    for i in range(max(2, int(length / 2))):
        j, k = int(min(max(y, 0), SIZE - 1)), int(min(max(x, 0), SIZE - 1))
        target = angle[j, k] + bend * i
        if heading is None:
            heading = target
        else:                                           # follow the flow, but turn gently
            heading += math.atan2(math.sin(target - heading), math.cos(target - heading)) * 0.5
        x, y = x + 2 * math.cos(heading), y + 2 * math.sin(heading)
        points.append((x, y))
    return np.array(points)


def _paint_stroke(canvas, path, width, colour, rng):
    """Composite one stroke onto canvas (SIZE, SIZE, 3), in place."""
    margin = width + 2
    x0 = max(int(path[:, 0].min() - margin), 0)
    x1 = min(int(path[:, 0].max() + margin) + 1, SIZE)
    y0 = max(int(path[:, 1].min() - margin), 0)
    y1 = min(int(path[:, 1].max() + margin) + 1, SIZE)
    if x0 >= x1 or y0 >= y1:
        return
    px, py = _X[y0:y1, x0:x1], _Y[y0:y1, x0:x1]                     # (h, w)
    a, b = path[:-1], path[1:]                                        # (n, 2) segment ends
    ex, ey = (b - a)[:, 0, None, None], (b - a)[:, 1, None, None]      # (n, 1, 1)
    seg_len2 = ex * ex + ey * ey + 1e-9
    rx, ry = px - a[:, 0, None, None], py - a[:, 1, None, None]        # (n, h, w)
    t = np.clip((rx * ex + ry * ey) / seg_len2, 0, 1)
    dx, dy = rx - t * ex, ry - t * ey
    dist = np.sqrt(dx * dx + dy * dy)
    nearest = dist.argmin(axis=0)                                       # (h, w)
    d = np.take_along_axis(dist, nearest[None], 0)[0]
    # signed offset across the stroke (which side of the segment) and position along it
    cross = np.take_along_axis((ex * ry - ey * rx) / np.sqrt(seg_len2), nearest[None], 0)[0]
    along = (nearest + np.take_along_axis(t, nearest[None], 0)[0]) / len(a)   # (h, w) in [0, 1]
    half = 0.5 * width * (0.45 + 0.55 * np.sqrt(np.clip(4 * along * (1 - along), 0, 1)))  # taper
    alpha = np.clip(half - d + 0.5, 0, 1)
    if not alpha.any():
        return
    across = np.clip(cross / np.maximum(half, 1e-6), -1, 1)                 # -1 .. 1 across the width
    bristles = rng.uniform(0.72, 1.18, 9)                                    # streaks along the stroke
    streak = np.interp((across + 1) * 4, np.arange(9), bristles)
    shade = 1 + 0.16 * across                                              # one edge lit, one shaded
    rim = 1 - 0.22 * np.clip(np.abs(across) * 2 - 1.2, 0, 1) / 0.8          # a darker rim
    opacity = rng.uniform(0.8, 0.97)
    paint = colour * (streak * shade * rim)[..., None]
    weight = (alpha * opacity)[..., None]
    region = canvas[y0:y1, x0:x1]
    canvas[y0:y1, x0:x1] = region * (1 - weight) + paint * weight


def paint(seed=SEED):
    """The painting as uint8 RGB, shape (SIZE, SIZE, 3)."""
    rng = np.random.default_rng(seed)
    angle, colour_field = _fields(rng)
    canvas = _ramp(colour_field) * 0.75                                    # a darker underpainting
    for width, length, count in LAYERS:
        for _ in range(count):
            x, y = rng.uniform(-6, SIZE + 6, 2)
            path = _stroke_path(angle, x, y, length * rng.uniform(0.7, 1.3), rng)
            j, k = int(min(max(y, 0), SIZE - 1)), int(min(max(x, 0), SIZE - 1))
            tone = colour_field[j, k] + rng.normal(0, 0.09)
            colour = np.clip(_ramp(np.array(tone)) * rng.uniform(0.85, 1.12) + rng.normal(0, 0.03, 3), 0, 1)
            _paint_stroke(canvas, path, width * rng.uniform(0.8, 1.25), colour, rng)
    weave = 1 + 0.035 * np.sin(_X * math.pi * 0.9) * np.sin(_Y * math.pi * 0.9)     # canvas threads
    grain = 1 + rng.normal(0, 0.02, (SIZE, SIZE))
    canvas = canvas * (weave * grain)[..., None]
    return np.clip(np.floor(canvas * 255 + 0.5), 0, 255).astype(np.uint8)


def build(out_dir, seed=SEED):
    from PIL import Image

    image = Image.fromarray(paint(seed), mode="RGB")
    image.save(out_dir / FILES[0], format="PNG", optimize=False, compress_level=9)
