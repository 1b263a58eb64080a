"""The `bird_cameras` set: sky frames with and without a bird, from two sources (C3W1).

A city watches its sky with rooftop cameras and wants to count the birds that fly past. The
frames are drawn in code at load time with the signed-distance painting of
`utils/datagen/cats.py` on its 64x64 grid, then averaged down to 32x32 (NumPy only, seeded).

* Content, one per frame: a bird in flight (label 1: a body, a head with a beak, two wings
  beating up or down, a tail), or a distractor (label 0): a plane (fuselage, swept wings, tail
  fin), a leaf blown past (a pointed oval with a midrib), an insect close to the lens (a dark
  blurred body with pale wings) or empty sky (clouds only).
* Weather and light, drawn the same way for every content: clear, overcast, dusk or rain (a
  colour gradient, clouds, rain streaks), and a haze that fades whatever flies in the frame.
  In the densest haze a small bird is hard to see even for a person (see `human_labels`).
* Two sources that look different:
  - "city": the city's own rooftop cameras (the frames the system will see): far subjects
    (small), a roof edge and an antenna at the bottom, a cold green cast, a soft lens, sensor
    noise, every weather;
  - "web": frames gathered from elsewhere (photo sites): close subjects (large, near the
    middle), no roof, clear or overcast skies, saturated colours, sharp and clean.

Frame `i` of `draw_frames(n, seed, source)` comes from child `i` of
`np.random.SeedSequence([seed, source index])`, so frames do not depend on `n`, and the two
sources never share a frame. Only arithmetic, sqrt, clipping and comparisons touch the pixel
arrays (trigonometry is done on scalars), as in `cats.py`.
"""

import math

import numpy as np

from utils.datagen.cats import _X, _Y, ellipse, paint, polygon, segment, union, vary

SIZE = 32                       # output frames are SIZE x SIZE x 3; drawn at 64 and averaged 2x2
SOURCES = ("city", "web")
CONTENTS = ("bird", "plane", "leaf", "insect", "sky")
WEATHERS = ("clear", "overcast", "dusk", "rain")
# Share of each content per source: the city's cameras see more distractors than birds.
CONTENT_P = {"city": (0.35, 0.15, 0.18, 0.17, 0.15), "web": (0.5, 0.15, 0.12, 0.1, 0.13)}
WEATHER_P = {"city": (0.35, 0.3, 0.2, 0.15), "web": (0.6, 0.4, 0.0, 0.0)}
SUBJECT_SCALE = {"city": (6.5, 9.5), "web": (9.0, 13.0)}     # body half-length, pixels of the 64 grid
SPLITS = {"city": (3100, 2000), "web": (3101, 600)}          # source: (seed, frames)
HUMAN_VISIBILITY = 0.45         # experts miss a bird whose visibility (see `visibility`) is below this

SKIES = {"clear": ((0.35, 0.55, 0.85), (0.7, 0.82, 0.95)), "overcast": ((0.6, 0.62, 0.65), (0.78, 0.79, 0.8)),
         "dusk": ((0.3, 0.28, 0.45), (0.92, 0.6, 0.35)), "rain": ((0.35, 0.37, 0.4), (0.5, 0.52, 0.55))}
BIRD_COLOURS = np.array([[0.1, 0.1, 0.1], [0.45, 0.35, 0.25], [0.92, 0.92, 0.9], [0.55, 0.57, 0.6],
                         [0.2, 0.25, 0.4]])
LEAF_COLOURS = np.array([[0.3, 0.5, 0.15], [0.75, 0.5, 0.1], [0.6, 0.25, 0.1], [0.45, 0.4, 0.15]])


def _rotate(points, cx, cy, angle):
    c, s = math.cos(angle), math.sin(angle)
    return [(cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c) for x, y in points]


def draw_sky(rng, img, weather):
    top, bottom = (vary(rng, c, 0.1) for c in SKIES[weather])
    t = (_Y / 64)[..., None]                                   # (64, 64, 1)
    img += top + t * (bottom - top) - img
    clouds = [ellipse(rng.uniform(-5, 69), rng.uniform(-5, 50), rng.uniform(6, 20), rng.uniform(3, 8))
              for _ in range(rng.integers(0, 3 if weather == "clear" else 5))]
    if clouds:                                                 # one soft-edged layer for all clouds
        shade = 0.95 if weather in ("clear", "overcast") else 0.6
        paint(img, union(*clouds) / 4, vary(rng, (shade, shade, shade), 0.05), rng.uniform(0.3, 0.8))


def draw_bird(rng, img, x, y, s, colour):
    """A bird in flight, seen from the side: body, head, beak, tail and two beating wings."""
    side = 1 if rng.random() < 0.5 else -1
    up = rng.uniform(0.6, 1.1) * (1 if rng.random() < 0.6 else -1)   # wing beat: up (+) or down (-)
    hx, hy = x + side * 0.95 * s, y - 0.15 * s
    body = union(ellipse(x, y, s, 0.38 * s, side * rng.uniform(-0.2, 0.2)),
                 ellipse(hx, hy, 0.34 * s, 0.32 * s))
    tail = polygon([(x - side * 0.8 * s, y - 0.1 * s), (x - side * 1.6 * s, y - 0.35 * s),
                    (x - side * 1.6 * s, y + 0.3 * s)])
    wing = polygon([(x - side * 0.3 * s, y), (x + side * 0.35 * s, y),
                    (x - side * 0.55 * s, y - up * 1.5 * s), (x - side * 0.9 * s, y - up * 1.2 * s)])
    paint(img, union(body, tail, wing), colour)
    paint(img, polygon([(hx + side * 0.25 * s, hy - 0.12 * s), (hx + side * 0.25 * s, hy + 0.12 * s),
                        (hx + side * 0.75 * s, hy + 0.04 * s)]), vary(rng, (0.9, 0.6, 0.15)))


def draw_plane(rng, img, x, y, s, colour):
    """A plane from below and the side: a long fuselage, swept wings, a tail fin."""
    side = 1 if rng.random() < 0.5 else -1
    angle = rng.uniform(-0.25, 0.25)
    length = 1.7 * s
    fuselage = segment(x - length, y, x + length, y, 0.2 * s)
    wings = polygon(_rotate([(x + side * 0.3 * s, y), (x - side * 0.5 * s, y - 1.1 * s),
                             (x - side * 0.8 * s, y - 1.1 * s), (x - side * 0.3 * s, y)], x, y, angle))
    wings2 = polygon(_rotate([(x + side * 0.3 * s, y), (x - side * 0.3 * s, y + 0.9 * s),
                              (x - side * 0.6 * s, y + 0.9 * s), (x - side * 0.3 * s, y)], x, y, angle))
    fin = polygon([(x - side * length, y), (x - side * (length - 0.5 * s), y),
                   (x - side * (length + 0.1 * s), y - 0.8 * s)])
    paint(img, union(fuselage, wings, wings2, fin), colour)


def draw_leaf(rng, img, x, y, s, colour):
    """A leaf blown past: a pointed oval at any angle with a darker midrib and a stalk."""
    angle = rng.uniform(0, math.pi)
    c, si = math.cos(angle), math.sin(angle)
    length, width = 0.9 * s, 0.45 * s
    tip = (x + c * length * 1.25, y + si * length * 1.25)
    bx, by = x + c * length * 0.7, y + si * length * 0.7                 # where the pointed end starts
    point = polygon([(bx - si * width * 0.5, by + c * width * 0.5),
                     (bx + si * width * 0.5, by - c * width * 0.5), tip])
    paint(img, union(ellipse(x, y, length, width, angle), point), colour)
    paint(img, segment(x - c * length * 1.4, y - si * length * 1.4, *tip, 0.08 * s + 0.3), colour * 0.6)


def draw_insect(rng, img, x, y, s, colour):
    """An insect on or near the lens: a dark, out-of-focus body with two pale wings."""
    blur = rng.uniform(1.5, 3.0)
    angle = rng.uniform(0, math.pi)
    c, si = math.cos(angle), math.sin(angle)
    wing_colour = vary(rng, (0.85, 0.88, 0.9), 0.05)
    for sign in (-1, 1):
        wx, wy = x - si * sign * 0.5 * s, y + c * sign * 0.5 * s
        paint(img, ellipse(wx, wy, 0.55 * s, 0.3 * s, angle + sign * 0.6) / blur, wing_colour, 0.6)
    paint(img, ellipse(x, y, 0.7 * s, 0.28 * s, angle) / blur, colour * 0.3)


DRAW = {"bird": draw_bird, "plane": draw_plane, "leaf": draw_leaf, "insect": draw_insect}


def visibility(haze, scale, source):
    """How plainly a subject shows: its opacity through the haze times its size (1 = plain)."""
    return (1 - haze) * min(1.0, scale / SUBJECT_SCALE[source][0] / 1.3)


def _downsample(img):
    """(64, 64, 3) -> (32, 32, 3) by averaging 2x2 blocks."""
    return img.reshape(32, 2, 32, 2, 3).mean(axis=(1, 3))


def draw_frame(rng, source="city"):
    """One frame: (image (32, 32, 3) uint8, info dict with content, weather, haze, visibility)."""
    content = CONTENTS[rng.choice(len(CONTENTS), p=CONTENT_P[source])]
    weather = WEATHERS[rng.choice(len(WEATHERS), p=WEATHER_P[source])]
    img = np.zeros((64, 64, 3))
    draw_sky(rng, img, weather)
    haze = rng.uniform(0.0, 0.35) if source == "web" else min(rng.beta(0.8, 4.0), 0.9)
    scale = rng.uniform(*SUBJECT_SCALE[source])
    if content == "insect":
        scale *= 1.6                                             # close to the lens, so large
    margin = 1.8 * scale if source == "city" else 1.2 * scale
    x = rng.uniform(margin, 64 - margin) if source == "city" else rng.uniform(26, 38)
    y = rng.uniform(margin, 46 - 0.3 * margin) if source == "city" else rng.uniform(24, 36)
    if content != "sky":
        palette = BIRD_COLOURS if content in ("bird", "plane") else LEAF_COLOURS
        colour = vary(rng, palette[rng.integers(len(palette))], 0.1)
        if content == "plane":
            colour = vary(rng, (0.8, 0.8, 0.82), 0.1) if rng.random() < 0.6 else colour
        DRAW[content](rng, img, x, y, scale, colour)
    img = img + haze * (vary(rng, (0.8, 0.8, 0.8), 0.05) - img)          # fog fades sky and subject alike
    if weather == "rain":
        streaks = [segment(rx, ry, rx - 2, ry + 7, 0.4) for rx, ry in rng.uniform(0, 64, (6, 2))]
        paint(img, union(*streaks), (0.75, 0.78, 0.82), 0.35)
    if source == "city":
        roof = rng.uniform(50, 58)
        tilt = rng.uniform(-0.1, 0.1)
        ax = rng.uniform(6, 58)
        paint(img, union(roof + tilt * (_X - 32) - _Y, segment(ax, roof, ax, roof - rng.uniform(6, 14), 0.7)),
              vary(rng, (0.2, 0.18, 0.17), 0.2))
    img = _downsample(img)                                         # (32, 32, 3)
    if source == "city":
        img = img * np.array([0.88, 1.0, 0.9]) * rng.uniform(0.75, 1.0)          # cold, green, dimmer
        padded = np.pad(img, ((1, 1), (0, 0), (0, 0)), mode="edge")
        img = (padded[:-2] + padded[1:-1] + padded[2:]) / 3                   # a soft lens (vertical)
        img = img + rng.normal(0, rng.uniform(0.01, 0.03), img.shape)
    else:
        grey = img.mean(axis=2, keepdims=True)
        img = grey + 1.3 * (img - grey)                          # saturated, as photo sites like
        img = img + rng.normal(0, 0.005, img.shape)
    image = np.round(np.clip(img, 0, 1) * 255).astype(np.uint8)
    seen = visibility(haze, scale, source) if content == "bird" else 0.0
    return image, {"content": content, "weather": weather, "haze": float(haze), "visibility": float(seen)}


def draw_frames(n, seed=0, source="city"):
    """n frames of one source. Returns a dict: "images" (n, 32, 32, 3) uint8, "labels" (n,) int64
    (1 = a bird), "content", "weather" (n,) str arrays, "haze", "visibility" (n,) float64, and
    "human" (n,) int64, the labels the city's bird experts gave (see `human_labels`)."""
    children = np.random.SeedSequence([seed, SOURCES.index(source)]).spawn(n)
    images, infos = [], []
    for child in children:
        image, info = draw_frame(np.random.default_rng(child), source)
        images.append(image)
        infos.append(info)
    content = np.array([i["content"] for i in infos])
    seen = np.array([i["visibility"] for i in infos])
    labels = (content == "bird").astype(np.int64)
    return {"images": np.stack(images), "labels": labels, "content": content,
            "weather": np.array([i["weather"] for i in infos]),
            "haze": np.array([i["haze"] for i in infos]), "visibility": seen,
            "human": human_labels(labels, seen)}


def human_labels(labels, seen):
    """The experts' answers: right on every frame except a bird too faint to see (visibility
    below HUMAN_VISIBILITY), which they call empty sky. Their error rate stands in for the
    Bayes error: no one can tell those frames from empty sky."""
    return np.where((labels == 1) & (seen < HUMAN_VISIBILITY), 0, labels).astype(np.int64)


def card_picture(path, per_source=12, seed=0):
    """A grid of frames of both sources, each content in turn, saved as a PNG for the card."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2 * 2, per_source // 2, figsize=(per_source * 0.9, 8))
    for row, source in enumerate(SOURCES):
        frames = draw_frames(200, seed=seed, source=source)
        shown = []
        for k in range(per_source):
            want = CONTENTS[k % len(CONTENTS)]
            shown.append(next(i for i in range(200) if frames["content"][i] == want and i not in shown))
        for k, i in enumerate(shown):
            ax = axes[2 * row + k // (per_source // 2), k % (per_source // 2)]
            ax.imshow(frames["images"][i], interpolation="nearest")
            ax.set_title(f"{source}: {frames['content'][i]}\n{frames['weather'][i]}", fontsize=8)
            ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
