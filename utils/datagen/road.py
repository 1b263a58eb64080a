"""The `road_scenes` set: driving scenes seen from a car, with exact boxes and per-pixel masks.

Used by the YOLO-style detector (C4W3 a1), the U-Net segmenter (C4W3 a2) and Course 3's lesson on
data mismatch (C3W2 a1). Generated in code at load time (`utils.data.load_road_scenes`): no file.

The world
---------
A straight street on flat ground, in metres: X to the right, Y up, Z ahead of the camera. The
camera is a pinhole at height `h` above the road, looking along the street, so a ground point
(X, 0, Z) lands on the picture at column vx + f X / Z and row hy + f h / Z, where hy is the horizon
row and vx the vanishing point's column (the car is turned a little either way). Everything on the
ground therefore obeys the same perspective: farther is smaller and higher up, up to the horizon.

* The street: 2 to 4 lanes, 3.0-3.8 m wide, two-way (a yellow or white centre line) or one-way,
  dashed lane lines, sometimes solid edge lines, a parking strip, a zebra crossing before a
  junction; asphalt of varying tone with darker tyre tracks.
* Beside it, on each side independently: a kerb and a paved sidewalk (1.5-4 m), then either a row
  of buildings (facades along the street with rows of windows, gaps between them, the end walls
  that face the camera) or grass with a hedge. Far away, at 120-220 m, a skyline of buildings or
  trees closes the view, with the street running on to the vanishing point.
* Things standing on the ground, drawn from the farthest to the nearest (painter's order), so near
  ones hide far ones: cars of three body shapes (sedan: a low body and a short cabin; hatchback:
  a short car whose cabin runs to the tail; SUV: tall and boxy), trucks (a cab and a tall cargo
  box), buses (long, with a band of windows), all as 3-D solids in their lanes, driving away or
  (on two-way streets) towards the camera, some parked; pedestrians walking on the sidewalks or
  crossing; traffic lights on poles or hanging from mast arms; traffic signs of five shapes on
  posts; trees; street lamps. Vehicles and pedestrians cast a soft shadow on the ground.
* Weather and time of day: clear day, overcast, dusk (low light, orange sky, lights on) or fog.
  Distance haze mixes every colour towards the sky's as Z / (Z + visibility), strongly in fog.

Cameras
-------
Two cameras look at the same world (the same distributions of streets, objects and weather):

* "wide": an 84-degree horizontal field of view, mounted low (1.1-1.4 m), the horizon at 40-48 %
  of the picture's height, warm colours (red up, blue down, a little more saturation) and a dark
  vignette in the corners, as a cheap wide-angle dashboard camera.
* "narrow": a 46-degree field of view, mounted high (1.9-2.3 m, a truck's or bus's camera), pitched
  down so the horizon sits at 22-30 %, cold colours (blue up, red down, less saturation), no
  vignette. Objects are about twice as large in it at the same distance.

Course 3 trains on one and deploys on the other: the horizon row, the scale of objects and the
colour cast all move, while the world stays the same.

Classes
-------
Boxes (BOX_CLASSES): car, truck, bus, pedestrian, traffic light (the housing and its backboard, not the pole),
traffic sign (the plate, not its post). Masks (MASK_CLASSES, 11, value = index): sky, building,
vegetation (trees, hedges, grass), road (asphalt, parking strip), lane marking (lines, dashes,
zebra crossings), sidewalk (kerb and paving), pole (lamp posts, sign posts, traffic-light poles and
arms), traffic sign, traffic light, vehicle (cars, trucks and buses: one class; the boxes tell
them apart), pedestrian.

A pixel's mask class is the class of the last thing painted over it with at least half coverage,
the same painting that makes the picture. A box is the tight box of its object's visible pixels
in that mask (pixel edges: (y_min, x_min, y_max, x_max) with y_max = last row + 1). An object gets
no box when its visible share is below MIN_VISIBLE (visible pixels over the pixels of its own
silhouette inside the picture, times the share of its projected extent that lies inside the
picture, so hidden and cut-off objects both count) or when its visible box is less than MIN_SIDE
pixels high or wide at the size drawn. Such objects stay in the mask.

Nuisances drawn the same way for every class: the weather and light, auto-exposure, a white-balance
jitter, sensor noise of random strength, colours of vehicles and clothes from shared palettes.

Every scene is drawn at the requested size from vector shapes (signed distances on the pixel
grid, one pixel of anti-aliasing), not resized; vehicles under 10 pixels wide are drawn as
their outline and lamps only, to save time. Each scene has its own child random stream
(`np.random.SeedSequence([seed, camera index]).spawn(n)`), so a scene does not depend on how many
scenes are drawn with it or on `workers`. Only arithmetic, sqrt, floor, clipping and comparisons
touch the pixel arrays (trigonometry and powers are taken on scalars), so redraws give the same
bytes on the same kind of machine.

Seeds: the pretraining scripts draw their training scenes with seeds in PRETRAIN_SEEDS (0-999);
the loader's splits (SPLITS: train 1000 scenes with seed 1000, dev 200 with 1001, test 200 with
1002, per camera) use seeds outside that range, so they never repeat a training scene.
"""

import math

import numpy as np

BOX_CLASSES = ("car", "truck", "bus", "pedestrian", "traffic light", "traffic sign")
MASK_CLASSES = ("sky", "building", "vegetation", "road", "lane marking", "sidewalk", "pole",
                "traffic sign", "traffic light", "vehicle", "pedestrian")
SKY, BUILDING, VEGETATION, ROAD, LANE, SIDEWALK, POLE, SIGN, LIGHT, VEHICLE, PEDESTRIAN = range(11)
CAR, TRUCK, BUS, PERSON, TRAFFIC_LIGHT, TRAFFIC_SIGN = range(6)
# Colours for showing masks, uint8 RGB, one row per mask class.
MASK_COLOURS = np.array([
    [110, 170, 230],   # sky
    [120, 90, 80],     # building
    [60, 150, 50],     # vegetation
    [80, 80, 90],      # road
    [255, 255, 255],   # lane marking
    [230, 120, 220],   # sidewalk
    [250, 220, 40],    # pole
    [255, 130, 0],     # traffic sign
    [0, 230, 230],     # traffic light
    [30, 40, 200],     # vehicle
    [230, 20, 40],     # pedestrian
], dtype=np.uint8)
CAMERAS = ("wide", "narrow")
CAMERA_SPECS = {   # horizontal field of view (degrees), height (m), horizon (share of H), colour
    "wide": {"fov": 84.0, "height": (1.1, 1.4), "horizon": (0.40, 0.48), "cast": (1.10, 1.0, 0.84),
             "saturation": 1.12, "vignette": 0.45},
    "narrow": {"fov": 46.0, "height": (1.9, 2.3), "horizon": (0.22, 0.30), "cast": (0.86, 0.98, 1.14),
               "saturation": 0.8, "vignette": 0.0},
}
MIN_VISIBLE = 0.3      # an object with less of itself in view gets no box
MIN_SIDE = 3           # nor one whose visible box is smaller than this, in pixels, high or wide
SIZE = (96, 128)       # the default (H, W)
# Seeds: draw_scenes(n, seed, camera) draws scene i from SeedSequence([seed, camera index]) child
# i. The pretraining scripts draw their training scenes with seeds in PRETRAIN_SEEDS; the loader's
# splits (utils.data.load_road_scenes) use seeds of their own, outside that range, so no loaded
# scene is ever a training scene of a pretrained model.
PRETRAIN_SEEDS = range(0, 1000)
SPLITS = {"train": (1000, 1000), "dev": (1001, 200), "test": (1002, 200)}   # name: (seed, scenes)
WEATHERS = ("day", "overcast", "dusk", "fog")
WEATHER_P = (0.4, 0.25, 0.2, 0.15)

# Shared palettes: vehicles and clothes take colours from the same list.
PAINT = np.array([[0.85, 0.85, 0.87], [0.12, 0.12, 0.14], [0.55, 0.56, 0.6], [0.7, 0.12, 0.1],
                  [0.15, 0.25, 0.6], [0.9, 0.75, 0.2], [0.25, 0.45, 0.3], [0.45, 0.3, 0.2],
                  [0.95, 0.95, 0.95], [0.35, 0.38, 0.45], [0.8, 0.45, 0.15]])
BUS_PAINT = np.array([[0.8, 0.15, 0.1], [0.95, 0.78, 0.1], [0.2, 0.4, 0.75], [0.92, 0.92, 0.9],
                      [0.2, 0.55, 0.3]])
SKIN = np.array([[0.95, 0.8, 0.65], [0.85, 0.65, 0.5], [0.6, 0.42, 0.3], [0.4, 0.27, 0.2]])
WALLS = np.array([[0.75, 0.7, 0.62], [0.6, 0.45, 0.38], [0.82, 0.8, 0.75], [0.5, 0.5, 0.52],
                  [0.7, 0.55, 0.4], [0.55, 0.6, 0.65], [0.85, 0.75, 0.55]])
GREENS = np.array([[0.25, 0.45, 0.18], [0.3, 0.5, 0.2], [0.2, 0.38, 0.2], [0.4, 0.5, 0.2]])
GLASS = np.array([0.18, 0.22, 0.28])
TYRE = np.array([0.06, 0.06, 0.07])


def _frac(a):
    return a - np.floor(a)


def _vary(rng, colour, amount=0.08):
    scaled = np.asarray(colour, dtype=float) * rng.uniform(1 - amount, 1 + amount, 3)
    return np.minimum(np.maximum(scaled, 0.0), 1.0)


def _pick(rng, palette, amount=0.08):
    return _vary(rng, palette[rng.integers(len(palette))], amount)


def _hull(points):
    """Convex hull (counter-clockwise in x, y) of a few 2-D points, by the monotone chain."""
    pts = sorted(set((float(x), float(y)) for x, y in points))
    if len(pts) < 3:
        return pts

    def half(seq):
        out = []
        for p in seq:
            while len(out) >= 2 and ((out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                                     - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = half(pts), half(pts[::-1])
    return lower[:-1] + upper[:-1]


def _edges(points, min_area=1e-6):
    """The edges of a convex polygon as arrays (nx, ny, c), each of shape (k, 1, 1): an edge's
    outward normal and offset, so that a point's distance to it is x nx + y ny - c. None when the
    polygon's area (in square pixels) is below `min_area`."""
    pts = [(float(x), float(y)) for x, y in points]
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]))
    if abs(area) < 2 * min_area:
        return None
    sign = 1.0 if area > 0 else -1.0
    normals = []
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
        length = math.hypot(x1 - x0, y1 - y0)
        if length > 1e-9:
            nx, ny = sign * (y1 - y0) / length, -sign * (x1 - x0) / length
            normals.append((nx, ny, x0 * nx + y0 * ny))
    nx, ny, c = np.array(normals).T[..., None, None]                          # each (k, 1, 1)
    return nx, ny, c


def _edge_distance(edges, xs, ys):
    """Signed distance to a convex polygon: the largest distance to its edges' half-planes, all
    edges at once ((k, h, w), then the largest over k)."""
    nx, ny, c = edges
    return ((xs * nx - c) + ys * ny).max(axis=0)                              # (h, w)


def ellipse_shape(cx, cy, rx, ry):
    """An axis-aligned ellipse as (extent, signed distance function)."""
    rx, ry = max(rx, 0.3), max(ry, 0.3)

    def dist(xs, ys):
        u, v = (xs - cx) / rx, (ys - cy) / ry
        k = np.sqrt(u * u + v * v)
        grad = np.sqrt((u / rx) ** 2 + (v / ry) ** 2)
        return np.where(k > 0.5, (k - 1) * k / np.maximum(grad, 1e-9), -0.5 * min(rx, ry))

    return (cx - rx, cy - ry, cx + rx, cy + ry), dist


def segment_shape(x0, y0, x1, y1, r):
    """A thick line with round ends (at least 0.35 pixels in radius) as (extent, distance function)."""
    ex, ey = x1 - x0, y1 - y0
    norm = max(ex * ex + ey * ey, 1e-9)
    r = max(r, 0.35)

    def dist(xs, ys):
        t = np.minimum(np.maximum(((xs - x0) * ex + (ys - y0) * ey) / norm, 0.0), 1.0)
        return np.sqrt((xs - x0 - t * ex) ** 2 + (ys - y0 - t * ey) ** 2) - r

    return (min(x0, x1) - r, min(y0, y1) - r, max(x0, x1) + r, max(y0, y1) + r), dist


# ---------------------------------------------------------------------------------------------
# The canvas: picture, mask and instance map, painted through windows of the pixel grid


class Canvas:
    """A scene being painted: `img` (H, W, 3) floats, `mask` (H, W) classes, `inst` (H, W) ids.

    Shapes are signed distances in pixels (negative inside) computed only in the window of the
    grid that their extent covers; coverage is clip(0.5 - distance, 0, 1).
    """

    def __init__(self, height, width):
        self.H, self.W = height, width
        self.xs = np.arange(width, dtype=np.float64)[None, :] + 0.5       # (1, W) pixel centres
        self.ys = np.arange(height, dtype=np.float64)[:, None] + 0.5      # (H, 1)
        self.img = np.zeros((height, width, 3))
        self.mask = np.zeros((height, width), np.uint8)
        self.inst = np.zeros((height, width), np.int16)
        self.objects = []     # per instance (id - 1): [box class, own pixels, x0, y0, x1, y1]

    def new_object(self, box_class):
        self.objects.append([box_class, 0, math.inf, math.inf, -math.inf, -math.inf])
        return len(self.objects)

    def window(self, x0, y0, x1, y1):
        c0, c1 = max(int(math.floor(x0)) - 1, 0), min(int(math.ceil(x1)) + 1, self.W)
        r0, r1 = max(int(math.floor(y0)) - 1, 0), min(int(math.ceil(y1)) + 1, self.H)
        if c0 >= c1 or r0 >= r1:
            return None
        return (slice(r0, r1), slice(c0, c1)), self.xs[:, c0:c1], self.ys[r0:r1]

    def fill(self, extent, dist, colour, cls=None, obj=0, opacity=1.0):
        """Paint a shape: `extent` (x0, y0, x1, y1) bounds it, `dist(xs, ys)` is its signed
        distance on a window ((1, w) and (h, 1) coordinates), `cls` its mask class (None: leave the
        mask), `obj` its instance id (0: none)."""
        if obj:
            record = self.objects[obj - 1]
            record[2:] = [min(record[2], extent[0]), min(record[3], extent[1]),
                          max(record[4], extent[2]), max(record[5], extent[3])]
        found = self.window(*extent)
        if found is None:
            return
        sl, xs, ys = found
        alpha = np.minimum(np.maximum(0.5 - dist(xs, ys), 0.0), 1.0)
        if opacity != 1.0:
            alpha = alpha * opacity
        img = self.img[sl]
        img += alpha[..., None] * (np.asarray(colour) - img)
        if cls is not None:
            solid = alpha >= 0.5
            self.mask[sl][solid] = cls
            inst = self.inst[sl]
            if obj:
                self.objects[obj - 1][1] += int(np.count_nonzero(solid & (inst != obj)))
            inst[solid] = obj

    # Shapes ------------------------------------------------------------------------------

    def polygon(self, points, colour, cls=None, obj=0, opacity=1.0):
        """A convex polygon given by its corners (x, y) in either winding."""
        xs_, ys_ = [p[0] for p in points], [p[1] for p in points]
        extent = (min(xs_), min(ys_), max(xs_), max(ys_))
        if self.window(*extent) is None and not obj:
            return
        edges = _edges(points, 0.5 if cls is None else 1e-6)
        if edges is not None:
            self.fill(extent, lambda xs, ys: _edge_distance(edges, xs, ys), colour, cls, obj, opacity)

    def polygons(self, shapes, colour, cls=None, obj=0, opacity=1.0):
        """Several convex polygons painted as one shape (their union), in one window."""
        parts, xs_, ys_ = [], [], []
        for points in shapes:
            edges = _edges(points)
            if edges is not None:
                parts.append(edges)
                xs_ += [p[0] for p in points]
                ys_ += [p[1] for p in points]
        if not parts:
            return

        def dist(xs, ys):
            return np.minimum.reduce([_edge_distance(edges, xs, ys) for edges in parts]) if len(parts) > 1 \
                else _edge_distance(parts[0], xs, ys)

        self.fill((min(xs_), min(ys_), max(xs_), max(ys_)), dist, colour, cls, obj, opacity)

    def union(self, shapes, colour, cls=None, obj=0, opacity=1.0):
        """Several shapes, each (extent, distance function) as made by ellipse_shape and
        segment_shape, painted as one (their union) in one window."""
        shapes = [shape for shape in shapes if shape is not None]
        extent = (min(e[0] for e, _ in shapes), min(e[1] for e, _ in shapes),
                  max(e[2] for e, _ in shapes), max(e[3] for e, _ in shapes))
        def dist(xs, ys):
            d = shapes[0][1](xs, ys)
            for _, other in shapes[1:]:
                d = np.minimum(d, other(xs, ys))
            if d.shape != (ys.shape[0], xs.shape[1]):
                d = d + np.zeros((ys.shape[0], xs.shape[1]))
            return d

        self.fill(extent, dist, colour, cls, obj, opacity)

    def ellipse(self, cx, cy, rx, ry, colour, cls=None, obj=0, opacity=1.0):
        self.fill(*ellipse_shape(cx, cy, rx, ry), colour, cls, obj, opacity)

    def segment(self, x0, y0, x1, y1, r, colour, cls=None, obj=0, opacity=1.0):
        """A thick line with round ends, `r` pixels in radius (thin ones still show faintly)."""
        self.fill(*segment_shape(x0, y0, x1, y1, r), colour, cls, obj, opacity * min(1.0, r / 0.35))

    def boxes(self):
        """(boxes (k, 4) float32, classes (k,) int64) of the objects visible enough."""
        boxes, classes = [], []
        for obj, (box_class, own, x0, y0, x1, y1) in enumerate(self.objects, start=1):
            if own == 0:
                continue
            # Its pixels lie inside the extents it was painted in.
            r0, c0 = max(int(math.floor(y0)) - 1, 0), max(int(math.floor(x0)) - 1, 0)
            rows, cols = np.nonzero(self.inst[r0:int(math.ceil(y1)) + 1, c0:int(math.ceil(x1)) + 1] == obj)
            if len(rows) == 0:
                continue
            top, bottom = r0 + rows.min(), r0 + rows.max() + 1
            left, right = c0 + cols.min(), c0 + cols.max() + 1
            full = max((x1 - x0) * (y1 - y0), 1e-9)
            inside = max(min(x1, self.W) - max(x0, 0), 0) * max(min(y1, self.H) - max(y0, 0), 0)
            share = len(rows) / own * min(inside / full, 1.0)
            if share < MIN_VISIBLE or bottom - top < MIN_SIDE or right - left < MIN_SIDE:
                continue
            boxes.append((top, left, bottom, right))
            classes.append(box_class)
        return (np.array(boxes, dtype=np.float32).reshape(-1, 4), np.array(classes, dtype=np.int64))


# ---------------------------------------------------------------------------------------------
# The camera and the light


class View:
    """Camera and light of one scene: projection, haze and the light on colours."""

    def __init__(self, rng, camera, height, width):
        spec = CAMERA_SPECS[camera]
        self.H, self.W = height, width
        self.f = width / (2 * math.tan(math.radians(spec["fov"]) / 2))
        self.h = rng.uniform(*spec["height"])
        self.hy = height * rng.uniform(*spec["horizon"])
        self.vx = width * (0.5 + rng.uniform(-0.08, 0.08))
        self.weather = WEATHERS[rng.choice(len(WEATHERS), p=WEATHER_P)]
        w = self.weather
        if w == "day":
            self.sky_top, self.sky_low = _vary(rng, (0.3, 0.5, 0.85)), _vary(rng, (0.7, 0.8, 0.92))
            self.light, self.visibility = _vary(rng, (1.0, 0.98, 0.93), 0.04), rng.uniform(250, 500)
        elif w == "overcast":
            grey = rng.uniform(0.6, 0.8)
            self.sky_top, self.sky_low = _vary(rng, (grey,) * 3, 0.04), _vary(rng, (grey + 0.1,) * 3, 0.04)
            self.light, self.visibility = _vary(rng, (0.82, 0.84, 0.86), 0.04), rng.uniform(150, 300)
        elif w == "dusk":
            self.sky_top, self.sky_low = _vary(rng, (0.25, 0.22, 0.45)), _vary(rng, (0.95, 0.55, 0.3))
            self.light, self.visibility = _vary(rng, (0.55, 0.45, 0.42), 0.06), rng.uniform(150, 300)
        else:
            grey = rng.uniform(0.7, 0.85)
            self.sky_top = self.sky_low = _vary(rng, (grey, grey, grey + 0.03), 0.03)
            self.light, self.visibility = _vary(rng, (0.85, 0.85, 0.87), 0.03), rng.uniform(25, 60)
        self.lights_on = w == "dusk" or (w == "fog" and rng.random() < 0.5)
        # The sun's side: faces turned to it are lit more.
        self.sun = 1 if rng.random() < 0.5 else -1
        self.contrast = {"day": 0.3, "overcast": 0.12, "dusk": 0.18, "fog": 0.1}[w]

    def x(self, X, Z):
        return self.vx + self.f * X / Z

    def y(self, Y, Z):
        return self.hy + self.f * (self.h - Y) / Z

    def point(self, X, Y, Z):
        return self.x(X, Z), self.y(Y, Z)

    def offscreen(self, X, Z, half_width, top):
        """Whether an upright thing at (X, Z), `half_width` metres either side of X and `top`
        metres high, falls wholly outside the picture."""
        s = self.f / Z
        x = self.x(X, Z)
        return x + half_width * s < -1 or x - half_width * s > self.W + 1 or self.y(top, Z) > self.H + 1

    def tone(self, colour, Z, emissive=False, shade=1.0):
        """The colour of a surface at distance Z: lit (unless it gives light), then hazed."""
        c = np.asarray(colour, dtype=float)
        if not emissive:
            c = c * self.light * shade
        t = Z / (Z + self.visibility)
        return c + t * (self.sky_low - c)


# ---------------------------------------------------------------------------------------------
# Sky, skyline, ground and the buildings along the street


def draw_sky(rng, cv, view):
    t = np.clip(cv.ys / max(view.hy, 1.0), 0.0, 1.0)[..., None]            # (H, 1, 1)
    cv.img[:] = view.sky_top + t * (view.sky_low - view.sky_top)
    cv.mask[:] = SKY
    if view.weather in ("day", "dusk"):
        cloud = (0.97, 0.97, 0.97) if view.weather == "day" else (0.95, 0.65, 0.55)
        for _ in range(rng.integers(0, 4)):
            x, y = rng.uniform(0, cv.W), rng.uniform(0, 0.8 * view.hy)
            r = rng.uniform(0.06, 0.16) * cv.W
            for k in range(3):
                cv.ellipse(x + (k - 1) * 0.6 * r, y - (k == 1) * 0.25 * r, r * 0.7, r * 0.25, cloud,
                           opacity=0.5)


def draw_skyline(rng, cv, view, street):
    """Far buildings or trees at 120-220 m, with a gap where the street runs on."""
    Z = rng.uniform(120, 220)
    block = rng.uniform(8, 25)
    count = 64
    is_tree = rng.random(count) < rng.uniform(0.1, 0.9)
    heights = np.where(is_tree, rng.uniform(6, 14, count), rng.uniform(8, 45, count))
    shades = rng.uniform(0.8, 1.1, count)
    wall, green = _pick(rng, WALLS), _pick(rng, GREENS)
    X = (cv.xs - view.vx) * Z / view.f                                       # (1, W) metres
    index = np.clip(np.floor(X / block).astype(int) + count // 2, 0, count - 1)
    gap = (X > street.left - street.side_width[0] - 2) & (X < street.right + street.side_width[1] + 2)
    top = view.y(heights[index], Z)                                           # (1, W)
    bumps = np.where(is_tree[index], 0.15 * heights[index] * np.abs(_frac(X / 3) - 0.5), 0.0)
    top = top + view.f * bumps / Z
    rows = slice(0, int(math.ceil(view.hy)) + 1)
    solid = (cv.ys[rows] >= top) & (cv.ys[rows] < view.hy + 0.5) & ~gap       # (h, W)
    colour = np.where(is_tree[index][..., None], green, wall) * shades[index][..., None]  # (1, W, 3)
    colour = view.tone(colour, Z)
    img = cv.img[rows]
    np.copyto(img, colour, where=solid[..., None])
    np.copyto(cv.mask[rows], np.where(is_tree[index], VEGETATION, BUILDING).astype(np.uint8), where=solid)


class Street:
    """The street's layout across X: lanes, markings, parking, sidewalks, what lies beyond."""

    def __init__(self, rng):
        self.lane = rng.uniform(3.0, 3.8)
        self.n_lanes = int(rng.choice([2, 3, 4], p=[0.45, 0.3, 0.25]))
        self.two_way = rng.random() < 0.7
        # Lanes counted from the left; the oncoming ones (two-way) are left of the centre line.
        self.n_oncoming = self.n_lanes // 2 if self.two_way else 0
        ego = int(rng.integers(self.n_oncoming, self.n_lanes))
        offset = rng.uniform(-0.4, 0.4)
        self.left = -(ego + 0.5) * self.lane - offset
        self.lanes = [self.left + (k + 0.5) * self.lane for k in range(self.n_lanes)]
        self.parking = [rng.random() < 0.3, rng.random() < 0.35]     # a parking strip left, right
        self.lanes_right = self.left + self.n_lanes * self.lane
        self.right = self.lanes_right + 2.3 * self.parking[1]
        self.left_lanes = self.left
        self.left = self.left - 2.3 * self.parking[0]
        self.sidewalk = rng.uniform(1.5, 4.0, 2)
        self.kind = ["buildings" if rng.random() < 0.6 else "green" for _ in range(2)]
        self.setback = rng.uniform(0.0, 2.0, 2) * (np.array(self.kind) == "buildings")
        self.side_width = self.sidewalk + self.setback
        self.asphalt = _vary(rng, (0.33, 0.33, 0.35), 0.15)
        self.paving = _pick(rng, np.array([(0.62, 0.6, 0.57), (0.7, 0.62, 0.55), (0.55, 0.56, 0.6)]))
        self.grass = _pick(rng, GREENS, 0.1)
        self.centre_yellow = rng.random() < 0.5
        self.edge_lines = rng.random() < 0.5
        self.dash = (rng.uniform(8, 13), rng.uniform(0.3, 0.5), rng.uniform(0, 20))   # period, share, phase
        self.junction = rng.uniform(8, 35) if rng.random() < 0.6 else None
        self.crossing = self.junction is not None and rng.random() < 0.75

    def side_x(self, side):
        """The kerb's X on a side (-1 left, +1 right)."""
        return self.left if side < 0 else self.right

    def lane_lines(self):
        """(X, solid, yellow) of every painted line along the street."""
        lines = []
        for k in range(1, self.n_lanes):
            X = self.left_lanes + k * self.lane
            centre = self.two_way and k == self.n_oncoming
            lines.append((X, centre, centre and self.centre_yellow))
        if self.edge_lines:
            lines += [(self.left_lanes, True, False), (self.lanes_right, True, False)]
        return lines


def draw_ground(rng, cv, view, street):
    """The ground below the horizon, pixel by pixel: each row is one depth Z, each pixel one X."""
    r0 = int(math.floor(view.hy + 0.5))
    if r0 >= cv.H:
        return
    ys = cv.ys[r0:]                                                           # (h, 1)
    Z = view.f * view.h / np.maximum(ys - view.hy, 0.25)                      # (h, 1) metres ahead
    X = (cv.xs - view.vx) * Z / view.f                                        # (h, W)
    px = view.f / Z                                                           # (h, 1) pixels a metre
    # Materials: 0 asphalt, 1 paving, 2 grass; what lies beyond each sidewalk depends on the side.
    road = (X >= street.left) & (X <= street.right)
    walk = (X >= street.left - street.sidewalk[0]) & (X <= street.right + street.sidewalk[1])
    beyond = [1 if kind == "buildings" else 2 for kind in street.kind]
    material = np.where(walk, 1, np.where(X < 0, beyond[0], beyond[1]))
    material[road] = 0
    cls = np.array([ROAD, SIDEWALK, VEGETATION], np.uint8)[material]
    # Shading: tyre tracks on the asphalt, tiles and a light kerb on the paving, stripes in the grass.
    shade = np.ones_like(X)
    for centre in street.lanes:
        shade = shade - 0.06 * (np.abs(np.abs(X - centre) - 0.8) < 0.35)
    dist_kerb = np.minimum(np.abs(X - street.left), np.abs(X - street.right))
    joints = (_frac(Z / 1.2) < 0.1) | (_frac(dist_kerb / 1.2) < 0.1)
    tiles = np.where(dist_kerb < 0.2, 1.15, 1.0 - 0.15 * joints)
    shade = np.where(material == 1, tiles, shade)
    shade = np.where(material == 2, 0.92 + 0.16 * np.abs(_frac(Z / 4 + X / 9) - 0.5), shade)
    palette = np.array([street.asphalt, street.paving, street.grass])
    colour = palette[material] * shade[..., None]                             # (h, W, 3)
    # Painted lines, anti-aliased across, as coverage.
    paint = np.zeros_like(X)
    yellow = None
    period, share, phase = street.dash
    dashed = _frac((Z + phase) / period) < share                              # (h, 1)
    for line_x, solid, is_yellow in street.lane_lines():
        cover = np.minimum(np.maximum(0.5 - (np.abs(X - line_x) - 0.08) * px, 0.0), 1.0)
        if not solid:
            cover = cover * dashed
        paint = np.maximum(paint, cover)
        if is_yellow:
            yellow = cover
    if street.crossing:
        z0 = street.junction - 4.0
        across = (X > street.left_lanes) & (X < street.lanes_right)
        zebra = ((Z > z0) & (Z < z0 + 3.0)) & across & (_frac(X / 1.0) < 0.5)
        stop = ((Z > z0 - 0.9) & (Z < z0 - 0.5)) & across
        paint = np.maximum(paint, zebra | stop)
    paint = paint * road
    line_colour = np.array([0.92, 0.92, 0.9])
    if yellow is not None:
        line_colour = np.where((yellow > 0.3)[..., None], (0.9, 0.75, 0.2), line_colour)
    colour = colour + paint[..., None] * (line_colour - colour)
    cls[paint >= 0.5] = LANE
    # Light and haze, per row: colour * light * (1 - t) + t * sky.
    t = (Z / (Z + view.visibility))[..., None]                                # (h, 1, 1)
    cv.img[r0:] = colour * (view.light * (1 - t)) + t * view.sky_low
    cv.mask[r0:] = cls


def draw_buildings(rng, cv, view, street, side):
    """A row of buildings along one side, facades facing the street, drawn far to near."""
    plane = street.side_x(side) + side * street.side_width[(side + 1) // 2]
    buildings = []
    z = rng.uniform(-10, 5)
    while z < 120:
        length = rng.uniform(8, 30)
        if rng.random() < 0.25:
            z += rng.uniform(3, 12)       # a gap between buildings
        buildings.append((z, z + length, rng.uniform(5, 25), _pick(rng, WALLS, 0.1), rng.uniform(2.5, 4.5),
                          rng.uniform(2.8, 3.6), rng.uniform(0, 0.4)))
        z += length
    sunlit = 1.0 + view.contrast * 0.5 * (side * -view.sun)
    # End walls facing the camera first, far to near; every facade pixel lies in front of them.
    for z0, _, height, wall, *_ in reversed(buildings):
        if z0 > 0.8:
            end = [view.point(plane, 0, z0), view.point(plane, height, z0),
                   view.point(plane + side * 15, height, z0), view.point(plane + side * 15, 0, z0)]
            cv.polygon(end, view.tone(wall, z0, shade=1.0 - view.contrast * 0.6), BUILDING)
    # Then the facades, column by column: a column on this side sees the wall plane at one depth.
    c0, c1 = (int(math.ceil(view.vx)), cv.W) if side > 0 else (0, int(math.floor(view.vx)))
    if c1 - c0 < 1:
        return
    xs = cv.xs[:, c0:c1]
    dx = xs - view.vx
    dx = np.where(np.abs(dx) < 1e-3, side * 1e-3, dx)
    Zp = view.f * plane / dx                                                  # (1, w) depth of the wall
    z0s = np.array([b[0] for b in buildings])
    z1s = np.array([b[1] for b in buildings])
    pick = np.clip(np.searchsorted(z0s, Zp, side="right") - 1, 0, len(buildings) - 1)   # (1, w)
    present = (Zp >= np.maximum(z0s[pick], 0.8)) & (Zp <= z1s[pick])
    height = np.where(present, np.array([b[2] for b in buildings])[pick], -1.0)
    wall = np.array([b[3] for b in buildings])[pick] * (view.light * sunlit)   # (1, w, 3)
    spacing = np.array([b[4] for b in buildings])[pick]
    floor_h = np.array([b[5] for b in buildings])[pick]
    shift = np.array([b[6] for b in buildings])[pick]
    Yp = view.h - (cv.ys - view.hy) * Zp / view.f                            # (H, w) height on the wall
    inside = (Yp >= 0) & (Yp <= height)
    across = _frac(Zp / spacing + shift)
    storey = _frac(Yp / floor_h)
    window = ((across > 0.3) & (across < 0.75) & (storey > 0.3) & (storey < 0.85) & (Yp > 0.8)
              & (Yp < height - 0.6))
    glass = GLASS * view.light
    if view.lights_on:
        lit = ((np.floor(Zp / spacing) * 7 + np.floor(Yp / floor_h) * 13) % 5) == 0
        glass = np.where(lit[..., None], (1.0, 0.85, 0.5), glass)
    colour = np.where(window[..., None], glass, wall)
    t = (Zp / (Zp + view.visibility))[..., None]                              # (1, w, 1)
    colour = colour + t * (view.sky_low - colour)
    img = cv.img[:, c0:c1]
    np.copyto(img, colour, where=inside[..., None])
    cv.mask[:, c0:c1][inside] = BUILDING


def draw_hedge(rng, cv, view, street, side):
    """Grass side: a hedge (1-1.8 m, a bumpy top) set back from the sidewalk."""
    plane = street.side_x(side) + side * (street.sidewalk[(side + 1) // 2] + rng.uniform(0.3, 2.0))
    height = rng.uniform(1.0, 1.8)
    green = _pick(rng, GREENS, 0.1) * 0.85
    z_near = 1.0
    pts = [view.point(plane, 0, z_near), view.point(plane, height + 0.3, z_near),
           view.point(plane, height + 0.3, 200), view.point(plane, 0, 200)]
    xs_, ys_ = [p[0] for p in pts], [p[1] for p in pts]
    found = cv.window(min(xs_), min(ys_), max(xs_), max(ys_))
    if found is None:
        return
    sl, xs, ys = found
    dx = xs - view.vx
    dx = np.where(np.abs(dx) < 1e-6, 1e-6, dx)
    Zp = view.f * plane / dx
    Yp = view.h - (ys - view.hy) * Zp / view.f
    top = height + 0.3 * np.abs(_frac(Zp / 1.7) - 0.5)
    inside = (Zp >= z_near) & (Yp >= 0) & (Yp <= top)
    shade = 0.85 + 0.3 * np.abs(_frac(Zp / 0.9 + Yp / 0.7) - 0.5)
    colour = green * view.light * shade[..., None]
    t = (Zp / (Zp + view.visibility))[..., None]
    colour = colour + t * (view.sky_low - colour)
    img = cv.img[sl]
    np.copyto(img, colour, where=inside[..., None])
    cv.mask[sl][inside] = VEGETATION


# ---------------------------------------------------------------------------------------------
# Vehicles: convex solids (boxes with a tapered top) in world coordinates


VEHICLE_KINDS = ("sedan", "hatchback", "suv", "truck", "bus")


def _solid(u0, u1, w, y0, y1, inset_rear=0.0, inset_front=0.0, inset_side=0.0, v0=0.0):
    """A vehicle part: its 8 corners (u along the length from the tail, v across, height y)."""
    bottom = [(u0, v0 - w / 2, y0), (u0, v0 + w / 2, y0), (u1, v0 + w / 2, y0), (u1, v0 - w / 2, y0)]
    top = [(u0 + inset_rear, v0 - w / 2 + inset_side, y1), (u0 + inset_rear, v0 + w / 2 - inset_side, y1),
           (u1 - inset_front, v0 + w / 2 - inset_side, y1), (u1 - inset_front, v0 - w / 2 + inset_side, y1)]
    return bottom + top


# Faces of a part, by corner index, with the name of the side they face.
FACES = (((0, 1, 5, 4), "tail"), ((2, 3, 7, 6), "nose"), ((1, 2, 6, 5), "right"), ((3, 0, 4, 7), "left"),
         ((4, 5, 6, 7), "top"))


def vehicle_model(rng, kind):
    """Dimensions and parts of a vehicle: a list of (corners, role), its length, width, height."""
    if kind == "sedan":
        length, width = rng.uniform(4.4, 4.9), rng.uniform(1.72, 1.85)
        body = rng.uniform(0.95, 1.05)
        top = body + rng.uniform(0.42, 0.5)
        parts = [(_solid(0.0, length, width, 0.3, body), "body"),
                 (_solid(0.9, length - 1.5, width, body, top, 0.5, 0.7, 0.14), "cabin")]
    elif kind == "hatchback":
        length, width = rng.uniform(3.8, 4.2), rng.uniform(1.68, 1.78)
        body = rng.uniform(0.9, 1.0)
        top = body + rng.uniform(0.52, 0.6)
        parts = [(_solid(0.0, length, width, 0.3, body), "body"),
                 (_solid(0.1, length - 1.1, width, body, top, 0.25, 0.75, 0.13), "cabin")]
    elif kind == "suv":
        length, width = rng.uniform(4.5, 4.9), rng.uniform(1.85, 1.95)
        body = rng.uniform(1.05, 1.15)
        top = body + rng.uniform(0.6, 0.7)
        parts = [(_solid(0.0, length, width, 0.4, body), "body"),
                 (_solid(0.15, length - 1.2, width, body, top, 0.1, 0.55, 0.1), "cabin")]
    elif kind == "truck":
        length, width = rng.uniform(7.5, 10.5), rng.uniform(2.35, 2.5)
        cab = 2.3
        top = rng.uniform(3.4, 3.9)
        parts = [(_solid(length - cab, length, width, 0.5, rng.uniform(2.0, 2.2)), "body"),
                 (_solid(length - cab + 0.1, length, width, 2.0, rng.uniform(2.8, 3.1), 0.0, 0.5, 0.05),
                  "cabin"),
                 (_solid(0.0, length - cab - 0.2, width, 0.9, top), "cargo")]
        top = max(top, 3.1)
    else:
        length, width = rng.uniform(10.5, 12.5), rng.uniform(2.45, 2.55)
        top = rng.uniform(2.95, 3.2)
        parts = [(_solid(0.0, length, width, 0.35, top), "bus")]
    return parts, length, width, top


def _face_point(corners, a, b):
    """A point of a quad face (4 world corners, in face order) at (a across, b up) in [0, 1]."""
    p0, p1, p2, p3 = corners
    return tuple((q0 + a * (q1 - q0)) + b * ((q3 + a * (q2 - q3)) - (q0 + a * (q1 - q0)))
                 for q0, q1, q2, q3 in zip(p0, p1, p2, p3))


def _minus(p, q):
    return (p[0] - q[0], p[1] - q[1], p[2] - q[2])


def _dot(p, q):
    return p[0] * q[0] + p[1] * q[1] + p[2] * q[2]


def _centre(points):
    k = len(points)
    return (sum(p[0] for p in points) / k, sum(p[1] for p in points) / k, sum(p[2] for p in points) / k)


def draw_vehicle(rng, cv, view, kind, X, Z, oncoming):
    """A vehicle in its lane at lateral X, its nearest end at depth Z, facing away or (oncoming)
    towards the camera. Far ones (a few pixels) are drawn without wheels and details."""
    parts, length, width, height = vehicle_model(rng, kind)
    colour = _pick(rng, BUS_PAINT if kind == "bus" else PAINT)
    cargo = _pick(rng, PAINT) if rng.random() < 0.7 else colour
    lit = view.lights_on or (rng.random() < 0.15)
    scale = view.f / Z                                   # pixels a metre at the near end
    x_near = view.x(X, Z)
    if x_near + width * scale < -2 * width * scale or x_near - width * scale > cv.W + 2 * width * scale:
        return 0
    obj = cv.new_object({"truck": TRUCK, "bus": BUS}.get(kind, CAR))
    detailed = width * scale >= 10

    # World coordinates of a local (u, v, y): the tail at Z (driving away) or the nose at Z (oncoming).
    def world(u, v, y):
        if oncoming:
            return (X - v, y, Z + (length - u))
        return (X + v, y, Z + u)

    zmid = Z + length / 2
    # Shadow on the road, then the wheels (dark), then the parts from the farthest.
    shadow = [view.point(*world(u, v * (width / 2 + 0.15), 0)) for u, v in
              ((-0.2, -1), (-0.2, 1), (length + 0.2, 1), (length + 0.2, -1))]
    cv.polygon(shadow, view.tone((0.05, 0.05, 0.06), Z), opacity=0.55 if view.weather == "day" else 0.35)
    if detailed:
        wheel_r = 0.33 if kind in ("sedan", "hatchback") else (0.38 if kind == "suv" else 0.5)
        axles = ([0.8, length - 0.8] if kind in ("sedan", "hatchback", "suv") else
                 ([1.2, 2.5, length - 1.3] if kind == "truck" else [2.8, length - 2.6]))
        tyre = view.tone(TYRE, Z)
        rim = [(math.cos(2 * math.pi * k / 6), math.sin(2 * math.pi * k / 6)) for k in range(6)]
        wheels = [_hull([view.point(*world(u + wheel_r * c, v, wheel_r + wheel_r * s_))
                         for c, s_ in rim for v in (side * (width / 2 - 0.25), side * (width / 2 - 0.02))])
                  for u in axles for side in (-1, 1)]
        cv.polygons(wheels, tyre, VEHICLE, obj)
    cam = (0.0, view.h, 0.0)
    solids = []
    for corners, role in parts:
        pts3 = [world(*c) for c in corners]
        centre = _centre(pts3)
        solids.append((-_dot(_minus(centre, cam), _minus(centre, cam)), pts3, centre, role))
    for _, pts3, centre, role in sorted(solids, key=lambda solid: solid[0]):
        body_colour = cargo if role == "cargo" else colour
        outline = _hull([view.point(*p) for p in pts3])
        if not detailed:         # a few pixels: the outline in its colour, and the lamps
            cv.polygon(outline, view.tone(GLASS if role == "cabin" else body_colour, zmid), VEHICLE, obj)
            if role in ("body", "bus", "cargo"):
                face = [pts3[i] for i in FACES[1 if oncoming else 0][0]]
                lamp = ((1.0, 0.97, 0.85) if oncoming else (1.0, 0.15, 0.1)) if lit else (0.6, 0.1, 0.08)
                cv.polygons([[view.point(*_face_point(face, a, b)) for a, b in
                              ((a0, 0.5), (a1, 0.5), (a1, 0.75), (a0, 0.75))]
                             for a0, a1 in ((0.02, 0.22), (0.78, 0.98))], view.tone(lamp, Z, emissive=lit))
            continue
        cv.polygon(outline, view.tone(body_colour * 0.6, zmid), VEHICLE, obj)
        for idx, name in FACES:
            quad = [pts3[i] for i in idx]
            e1, e2 = _minus(quad[1], quad[0]), _minus(quad[3], quad[0])
            normal = (e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2],
                      e1[0] * e2[1] - e1[1] * e2[0])
            face_centre = _centre(quad)
            if _dot(normal, _minus(face_centre, centre)) < 0:
                normal = (-normal[0], -normal[1], -normal[2])
            if _dot(normal, _minus(cam, face_centre)) <= 1e-9:
                continue
            size = math.sqrt(_dot(normal, normal)) + 1e-12
            shade = 1.0 + view.contrast * (0.8 * normal[1] + 0.5 * view.sun * normal[0]
                                           - 0.3 * abs(normal[2])) / size
            glass = role == "cabin" and name != "top"
            # Faces and details lie inside the part's outline, which has set the mask already.
            cv.polygon([view.point(*p) for p in quad],
                       view.tone(GLASS if glass else body_colour, zmid, shade=shade))
            _face_details(cv, view, quad, name, role, kind, oncoming, lit, zmid, shade, body_colour)
    return obj


def _face_details(cv, view, quad, name, role, kind, oncoming, lit, Z, shade, colour):
    """Lights, plates, windows and pillars painted on a visible face."""
    def sub(a0, a1, b0, b1):
        return [view.point(*_face_point(quad, a, b)) for a, b in ((a0, b0), (a1, b0), (a1, b1), (a0, b1))]

    end = name in ("tail", "nose")
    facing_us = (name == "nose") == oncoming     # the end nearest the camera
    if role in ("body", "bus") and end and facing_us:
        front = name == "nose"
        if front:
            lamp = (1.0, 0.97, 0.85) if lit else (0.85, 0.85, 0.8)
        else:
            lamp = (1.0, 0.15, 0.1) if lit else (0.6, 0.08, 0.06)
        low, high = (0.55, 0.8) if role == "body" else (0.1, 0.2)
        cv.polygons([sub(a0, a1, low, high) for a0, a1 in ((0.04, 0.2), (0.8, 0.96))],
                    view.tone(lamp, Z, emissive=lit))
        cv.polygon(sub(0.4, 0.6, 0.2 if role == "body" else 0.05, 0.35 if role == "body" else 0.1),
                   view.tone((0.9, 0.9, 0.85), Z))                  # number plate
        if role == "bus" or (front and kind != "truck"):
            if front and role == "body":
                cv.polygon(sub(0.3, 0.7, 0.45, 0.75), view.tone((0.1, 0.1, 0.1), Z))   # grille
        if role == "bus":
            cv.polygon(sub(0.06, 0.94, 0.45 if front else 0.6, 0.92), view.tone(GLASS, Z))
    elif role == "bus" and name in ("left", "right"):
        cv.polygon(sub(0.02, 0.98, 0.4, 0.88), view.tone(GLASS, Z, shade=shade))
        cv.polygons([sub(a - 0.008, a + 0.008, 0.4, 0.88) for a in (0.1, 0.26, 0.42, 0.58, 0.74, 0.9)],
                    view.tone(colour, Z, shade=shade))
    elif role == "cabin" and name in ("left", "right") and kind not in ("truck",):
        cv.polygon(sub(0.47, 0.53, 0.0, 1.0), view.tone(colour, Z, shade=shade))   # B-pillar
    elif role == "cargo" and end and facing_us:
        cv.polygon(sub(0.495, 0.505, 0.03, 0.97), view.tone(colour * 0.5, Z))      # doors
        lamp = (1.0, 0.15, 0.1) if lit else (0.6, 0.08, 0.06)
        cv.polygons([sub(a0, a1, 0.02, 0.06) for a0, a1 in ((0.02, 0.1), (0.9, 0.98))],
                    view.tone(lamp, Z, emissive=lit))


# ---------------------------------------------------------------------------------------------
# People, poles, lights, signs, trees


def draw_pedestrian(rng, cv, view, X, Z):
    s = view.f / Z                                   # pixels per metre
    height = rng.uniform(1.5, 1.92)
    if view.offscreen(X, Z, 0.5, height):
        return 0
    obj = cv.new_object(PERSON)
    cx, ground = view.x(X, Z), view.y(0, Z)
    skin, top, legs = _pick(rng, SKIN), _pick(rng, PAINT), _pick(rng, PAINT[[1, 2, 4, 7, 9]])
    hair = _pick(rng, np.array([[0.1, 0.08, 0.06], [0.35, 0.22, 0.12], [0.8, 0.7, 0.45], [0.5, 0.5, 0.5]]))
    skin, top, legs, hair = (view.tone(c, Z) for c in (skin, top, legs, hair))
    cv.ellipse(cx, ground, 0.4 * s, 0.1 * s, view.tone((0.05, 0.05, 0.05), Z),
               opacity=0.4 if view.weather == "day" else 0.25)
    stride = rng.uniform(-0.25, 0.25)
    hip, shoulder = ground - 0.5 * height * s, ground - 0.8 * height * s
    limb = 0.07 * s
    cv.union([segment_shape(cx + d * 0.08 * s, hip, cx + (d * 0.08 + d * stride) * s, ground - limb, limb)
              for d in (-1, 1)], legs, PEDESTRIAN, obj)                   # legs, walking
    torso = [(cx - 0.2 * s, shoulder), (cx + 0.2 * s, shoulder), (cx + 0.17 * s, hip + 0.05 * s),
             (cx - 0.17 * s, hip + 0.05 * s)]
    arms = [segment_shape(cx + d * 0.21 * s, shoulder + limb, cx + (d * 0.25 - d * stride * 0.6) * s,
                          shoulder + 0.32 * height * s, 0.055 * s) for d in (-1, 1)]
    edges = _edges(torso)
    if edges is not None:
        arms.append(((torso[0][0], torso[0][1], torso[1][0], torso[2][1]),
                     lambda xs, ys: _edge_distance(edges, xs, ys)))
    cv.union(arms, top, PEDESTRIAN, obj)                                     # torso and arms swinging
    head_r = 0.105 * s
    head_y = ground - (height - 0.11) * s
    cv.union([segment_shape(cx, shoulder, cx, head_y, 0.045 * s),
              ellipse_shape(cx, head_y, head_r * 0.9, head_r)], skin, PEDESTRIAN, obj)
    cv.ellipse(cx, head_y - 0.4 * head_r, head_r * 0.92, head_r * 0.65, hair)
    if rng.random() < 0.2:                            # a bag
        bag = view.tone(_pick(rng, PAINT), Z)
        cv.polygon([(cx + 0.2 * s, hip - 0.1 * s), (cx + 0.38 * s, hip - 0.1 * s),
                    (cx + 0.38 * s, hip + 0.15 * s), (cx + 0.2 * s, hip + 0.15 * s)], bag, PEDESTRIAN, obj)
    return obj


def draw_pole(cv, view, X, Z, top, colour, radius=0.07):
    s = view.f / Z
    cv.segment(view.x(X, Z), view.y(0, Z), view.x(X, Z), view.y(top, Z), radius * s, view.tone(colour, Z),
               POLE)


def draw_traffic_light(rng, cv, view, X, Z, arm_to=None):
    """A pole at X with the housing on top, or (arm_to) hanging from a mast arm above the road."""
    pole = (0.3, 0.3, 0.32) if rng.random() < 0.7 else (0.75, 0.7, 0.2)
    s = view.f / Z
    if arm_to is None:
        hx, hy = X, rng.uniform(2.8, 3.4)
        draw_pole(cv, view, X, Z, hy - 0.3, pole)
    else:
        hx, hy = arm_to, rng.uniform(5.0, 5.6)
        draw_pole(cv, view, X, Z, hy + 0.9, pole, 0.1)
        cv.segment(view.x(X, Z), view.y(hy + 0.75, Z), view.x(hx, Z), view.y(hy + 0.75, Z), 0.06 * s,
                   view.tone(pole, Z), POLE)
        cv.segment(view.x(hx, Z), view.y(hy + 0.75, Z), view.x(hx, Z), view.y(hy + 0.5, Z), 0.04 * s,
                   view.tone(pole, Z), POLE)
    obj = cv.new_object(TRAFFIC_LIGHT)
    w, h = 0.32, 0.72                # half the housing's width and height (m): big, to be seen
    cx, cy = view.point(hx, hy, Z)
    housing = view.tone((0.08, 0.08, 0.09) if rng.random() < 0.8 else (0.8, 0.65, 0.1), Z)
    if rng.random() < 0.5:          # a backboard with a light rim
        cv.polygon([(cx - 1.35 * w * s, cy - 1.1 * h * s), (cx + 1.35 * w * s, cy - 1.1 * h * s),
                    (cx + 1.35 * w * s, cy + 1.1 * h * s), (cx - 1.35 * w * s, cy + 1.1 * h * s)],
                   view.tone((0.85, 0.85, 0.8), Z), LIGHT, obj)
        cv.polygon([(cx - 1.25 * w * s, cy - h * s), (cx + 1.25 * w * s, cy - h * s),
                    (cx + 1.25 * w * s, cy + h * s), (cx - 1.25 * w * s, cy + h * s)],
                   view.tone((0.05, 0.05, 0.05), Z), LIGHT, obj)
    cv.polygon([(cx - w * s, cy - h * s), (cx + w * s, cy - h * s), (cx + w * s, cy + h * s),
                (cx - w * s, cy + h * s)], housing, LIGHT, obj)
    state = rng.integers(3)
    on = [(1.0, 0.15, 0.1), (1.0, 0.7, 0.05), (0.2, 1.0, 0.4)]
    for k in range(3):
        ly = cy + (k - 1) * 0.34 * h * s
        if k == state:
            cv.ellipse(cx, ly, 0.18 * s, 0.18 * s, view.tone(on[k], Z, emissive=True))
            cv.ellipse(cx, ly, 0.45 * s, 0.45 * s, on[k], opacity=0.25 if view.lights_on else 0.1)
        else:
            cv.ellipse(cx, ly, 0.15 * s, 0.15 * s, view.tone((0.2, 0.2, 0.18), Z))
    return obj


def draw_sign(rng, cv, view, X, Z):
    shape = ("circle", "triangle", "square", "octagon", "diamond")[rng.integers(5)]
    size = rng.uniform(0.45, 0.6)                         # half the plate's width (m)
    centre = rng.uniform(2.1, 2.8)
    s = view.f / Z
    if view.offscreen(X, Z, 0.7, centre + 0.7):
        return 0
    draw_pole(cv, view, X, Z, centre, (0.55, 0.56, 0.58), 0.05)
    obj = cv.new_object(TRAFFIC_SIGN)
    cx, cy = view.point(X, centre, Z)
    r = size * s
    red, white = view.tone((0.8, 0.1, 0.1), Z), view.tone((0.95, 0.95, 0.95), Z)
    blue = view.tone((0.1, 0.3, 0.75), Z)
    yellow = view.tone((0.95, 0.8, 0.1), Z)

    def ngon(n, radius, turn):
        angles = [turn + 2 * math.pi * k / n for k in range(n)]
        return [(cx + radius * math.cos(a), cy + radius * math.sin(a)) for a in angles]

    if shape == "circle":
        cv.ellipse(cx, cy, r, r, red, SIGN, obj)
        cv.ellipse(cx, cy, 0.75 * r, 0.75 * r, white if rng.random() < 0.6 else blue)
        cv.segment(cx - 0.35 * r, cy, cx + 0.35 * r, cy, 0.12 * r, view.tone((0.1, 0.1, 0.1), Z))
    elif shape == "triangle":
        down = rng.random() < 0.3
        turn = math.pi / 2 if down else -math.pi / 2
        cv.polygon(ngon(3, 1.15 * r, turn), red, SIGN, obj)
        cv.polygon(ngon(3, 0.7 * r, turn), white)
    elif shape == "square":
        colour = blue if rng.random() < 0.6 else view.tone((0.1, 0.5, 0.25), Z)
        cv.polygon(ngon(4, 1.2 * r, math.pi / 4), colour, SIGN, obj)
        cv.polygon(ngon(4, 0.6 * r, math.pi / 4), white, opacity=0.9)
    elif shape == "octagon":
        cv.polygon(ngon(8, r, math.pi / 8), red, SIGN, obj)
        cv.segment(cx - 0.5 * r, cy, cx + 0.5 * r, cy, 0.12 * r, white)
    else:
        cv.polygon(ngon(4, 1.1 * r, 0.0), white, SIGN, obj)
        cv.polygon(ngon(4, 0.85 * r, 0.0), yellow)
    return obj


def draw_tree(rng, cv, view, X, Z):
    s = view.f / Z
    trunk_h = rng.uniform(2.0, 3.5)
    crown = rng.uniform(1.5, 3.0)
    if view.offscreen(X, Z, 1.6 * crown, trunk_h + 2 * crown):
        return
    green = view.tone(_pick(rng, GREENS, 0.12), Z)
    cv.segment(view.x(X, Z), view.y(0, Z), view.x(X, Z), view.y(trunk_h + crown * 0.5, Z), 0.15 * s,
               view.tone((0.3, 0.22, 0.15), Z), VEGETATION)
    cx, cy = view.point(X, trunk_h + crown, Z)
    if crown * s < 3:          # far away: one blob
        cv.ellipse(cx, cy, crown * s, 0.9 * crown * s, green, VEGETATION)
        return
    blobs = []
    for _ in range(3):
        dx, dy = rng.uniform(-0.5, 0.5, 2) * crown
        r = rng.uniform(0.6, 0.85) * crown
        blobs.append(ellipse_shape(cx + dx * s, cy + dy * s, r * s, 0.9 * r * s))
    cv.union(blobs, green, VEGETATION)
    if crown * s < 8:
        return
    for _ in range(3):      # darker and lighter leaf clumps, same class
        dx, dy = rng.uniform(-0.6, 0.6, 2) * crown
        r = rng.uniform(0.2, 0.35) * crown
        cv.ellipse(cx + dx * s, cy + dy * s, r * s, r * s, green * rng.uniform(0.7, 1.25), opacity=0.6)


def draw_lamp(rng, cv, view, X, Z, side):
    s = view.f / Z
    top = rng.uniform(6.0, 8.0)
    colour = (0.35, 0.36, 0.38)
    if view.offscreen(X - side, Z, 2.0, top):
        return
    reach = -side * rng.uniform(1.0, 2.0)                  # the arm reaches over the street
    x, x_head, y_top = view.x(X, Z), view.x(X + reach, Z), view.y(top, Z)
    cv.union([segment_shape(x, view.y(0, Z), x, y_top, 0.08 * s),
              segment_shape(x, y_top, x_head, y_top, 0.05 * s)], view.tone(colour, Z), POLE)
    lamp = (1.0, 0.9, 0.6) if view.lights_on else (0.7, 0.7, 0.7)
    cv.ellipse(x_head, view.y(top - 0.1, Z), 0.3 * s, 0.1 * s, view.tone(lamp, Z, emissive=view.lights_on),
               POLE)


# ---------------------------------------------------------------------------------------------
# One scene


def _in_view(view, X, Z, margin=0.15):
    x = view.x(X, Z)
    return -margin * view.W < x < (1 + margin) * view.W


def place_things(rng, cv, view, street):
    """Everything standing on the ground: a list of (depth, draw function), to be drawn on `cv`."""
    things = []
    occupied = {}                  # lane X -> list of (z0, z1)

    def free(lane_x, z0, z1):
        return all(z1 + 1.5 < a or z0 > b + 1.5 for a, b in occupied.get(lane_x, []))

    # Vehicles in the lanes (towards the camera on the oncoming ones) and parked along the kerbs.
    for _ in range(int(rng.choice([1, 2, 3, 4, 5, 6, 7], p=[0.08, 0.15, 0.2, 0.2, 0.17, 0.12, 0.08]))):
        kind = VEHICLE_KINDS[rng.choice(5, p=[0.3, 0.22, 0.2, 0.14, 0.14])]
        for _attempt in range(6):
            lane = int(rng.integers(street.n_lanes))
            lane_x = street.lanes[lane] + rng.uniform(-0.3, 0.3)
            oncoming = lane < street.n_oncoming
            Z = 4.0 + 60.0 * rng.random() ** 1.6
            length = {"truck": 10.5, "bus": 12.5}.get(kind, 5.0)
            if abs(lane_x) < 1.5 and Z < 6:
                continue
            if free(street.lanes[lane], Z, Z + length) and _in_view(view, lane_x, Z):
                occupied.setdefault(street.lanes[lane], []).append((Z, Z + length))
                things.append((Z, lambda k=kind, x=lane_x, z=Z, o=oncoming:
                               draw_vehicle(rng, cv, view, k, x, z, o)))
                break
    for side in (-1, 1):
        if street.parking[(side + 1) // 2]:
            z = rng.uniform(3, 12)
            while z < 60:
                kind = VEHICLE_KINDS[rng.choice(3)]
                X = street.side_x(side) - side * 1.15
                if rng.random() < 0.7 and _in_view(view, X, z):
                    things.append((z, lambda k=kind, x=X, zz=z: draw_vehicle(rng, cv, view, k, x, zz, False)))
                z += rng.uniform(5.5, 12)
    # Pedestrians: on the sidewalks, or crossing the street at the zebra crossing.
    for _ in range(int(rng.choice([0, 1, 2, 3, 4, 5, 6], p=[0.15, 0.2, 0.2, 0.17, 0.12, 0.1, 0.06]))):
        if street.crossing and rng.random() < 0.35:
            Z = street.junction - 4.0 + rng.uniform(0.5, 2.5)
            X = rng.uniform(street.left_lanes, street.lanes_right)
        else:
            side = -1 if rng.random() < 0.5 else 1
            X = street.side_x(side) + side * rng.uniform(0.4, street.sidewalk[(side + 1) // 2] - 0.3)
            Z = 3.0 + 30.0 * rng.random() ** 1.6
            # Near the camera the sidewalks are out of a camera's view: walk the person out to where
            # the sidewalk comes into it.
            Z = max(Z, abs(X) * view.f / (0.45 * view.W) + rng.uniform(0, 4))
        if _in_view(view, X, Z, 0.0):
            things.append((Z, lambda x=X, z=Z: draw_pedestrian(rng, cv, view, x, z)))
    # Traffic lights at the junction: on poles by the kerbs, sometimes hanging over the lanes.
    if street.junction is not None:
        for side in (-1, 1):
            if rng.random() < 0.8:
                X = street.side_x(side) + side * 0.5
                Z = max(street.junction, abs(X) * view.f / (0.45 * view.W))
                arm = None
                if rng.random() < 0.4:
                    arm = street.lanes[int(rng.integers(street.n_oncoming, street.n_lanes))]
                things.append((Z, lambda x=X, z=Z, a=arm: draw_traffic_light(rng, cv, view, x, z, a)))
        if rng.random() < 0.4:   # a second set on the far side of the junction
            Z2 = street.junction + rng.uniform(14, 22)
            X = street.side_x(1) + 0.5
            things.append((Z2, lambda x=X, z=Z2: draw_traffic_light(rng, cv, view, x, z)))
    # Signs by the kerbs.
    for _ in range(int(rng.choice([0, 1, 2, 3], p=[0.25, 0.4, 0.25, 0.1]))):
        side = -1 if rng.random() < 0.35 else 1
        X = street.side_x(side) + side * rng.uniform(0.3, 0.8)
        Z = max(rng.uniform(5, 35), abs(X) * view.f / (0.45 * view.W) + rng.uniform(0, 5))
        things.append((Z, lambda x=X, z=Z: draw_sign(rng, cv, view, x, z)))
    # Trees (on grass and sometimes on the sidewalk) and street lamps.
    for side in (-1, 1):
        k = (side + 1) // 2
        if street.kind[k] == "green" or rng.random() < 0.35:
            on_grass = street.kind[k] == "green"
            z = rng.uniform(2, 12)
            while z < 70:
                offset = street.sidewalk[k] + (rng.uniform(1.5, 5) if on_grass else -0.6)
                X = street.side_x(side) + side * offset
                things.append((z, lambda x=X, zz=z: draw_tree(rng, cv, view, x, zz)))
                z += rng.uniform(9, 20)
        if rng.random() < 0.6:
            z = rng.uniform(3, 20)
            spacing = rng.uniform(20, 32)
            while z < 80:
                X = street.side_x(side) + side * 0.4
                things.append((z, lambda x=X, zz=z, sd=side: draw_lamp(rng, cv, view, x, zz, sd)))
                z += spacing
    return things




def finish(rng, cv, view, camera):
    """The camera: exposure, colour cast, saturation, vignette, white-balance jitter, noise."""
    spec = CAMERA_SPECS[camera]
    img = cv.img
    lum = img @ np.array([0.3, 0.59, 0.11])                                   # (H, W)
    img = lum[..., None] + spec["saturation"] * (img - lum[..., None])
    img = img * (np.array(spec["cast"]) * rng.uniform(0.95, 1.05, 3))
    if spec["vignette"]:
        r2 = ((cv.xs - cv.W / 2) / (cv.W / 2)) ** 2 + ((cv.ys - cv.H / 2) / (cv.H / 2)) ** 2   # (H, W)
        img = img * (1 - spec["vignette"] * 0.5 * r2)[..., None]
    target = rng.uniform(0.38, 0.5) if view.weather != "dusk" else rng.uniform(0.25, 0.35)
    gain = min(max(target / max(float(img.mean()), 1e-3), 0.7), 1.6)
    img = img * gain
    img = img + rng.uniform(0.005, 0.03) * rng.standard_normal(img.shape, dtype=np.float32)
    return np.round(np.clip(img, 0, 1) * 255).astype(np.uint8)


def draw_scene(rng, camera="wide", size=SIZE):
    """One scene: (image (H, W, 3) uint8, mask (H, W) uint8, boxes (k, 4) float32, classes (k,) int64,
    weather, one of WEATHERS)."""
    if camera not in CAMERAS:
        raise ValueError(f"unknown camera {camera!r}; the cameras are {', '.join(CAMERAS)}")
    height, width = int(size[0]), int(size[1])
    cv = Canvas(height, width)
    view = View(rng, camera, height, width)
    street = Street(rng)
    draw_sky(rng, cv, view)
    draw_skyline(rng, cv, view, street)
    draw_ground(rng, cv, view, street)
    for side in (-1, 1):
        if street.kind[(side + 1) // 2] == "buildings":
            draw_buildings(rng, cv, view, street, side)
        else:
            draw_hedge(rng, cv, view, street, side)
    things = place_things(rng, cv, view, street)
    for _, draw in sorted(things, key=lambda thing: -thing[0]):
        draw()
    boxes, classes = cv.boxes()
    return finish(rng, cv, view, camera), cv.mask.copy(), boxes, classes, view.weather


def _chunk(args):
    streams, camera, size = args
    return [draw_scene(np.random.default_rng(stream), camera, size) for stream in streams]


def draw_scenes(n, seed=0, camera="wide", size=SIZE, workers=1):
    """`n` scenes from `camera` at `size` (H, W), as a dict:

    images (n, H, W, 3) uint8; masks (n, H, W) uint8 (values index MASK_CLASSES); boxes: a list
    of n float32 arrays (k_i, 4) of (y_min, x_min, y_max, x_max) in pixels; classes: a list of n
    int64 arrays (k_i,) indexing BOX_CLASSES; weather (n,) str, one of WEATHERS.

    One child random stream per scene (SeedSequence([seed, camera index]).spawn(n)), so the
    scenes do not depend on `workers` (processes drawing in parallel, "spawn" context).
    """
    if camera not in CAMERAS:
        raise ValueError(f"unknown camera {camera!r}; the cameras are {', '.join(CAMERAS)}")
    size = (int(size[0]), int(size[1]))
    streams = np.random.SeedSequence([int(seed), CAMERAS.index(camera)]).spawn(n)
    step = max(1, min(50, -(-n // max(workers, 1))))
    chunks = [(streams[i:i + step], camera, size) for i in range(0, n, step)]
    if workers > 1 and len(chunks) > 1:
        import multiprocessing

        # Fresh processes ("spawn"), not forks of a parent that may run TensorFlow's threads.
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            parts = pool.map(_chunk, chunks)
    else:
        parts = [_chunk(chunk) for chunk in chunks]
    scenes = [scene for part in parts for scene in part]
    height, width = size
    if not scenes:
        return {"images": np.zeros((0, height, width, 3), np.uint8),
                "masks": np.zeros((0, height, width), np.uint8), "boxes": [], "classes": [],
                "weather": np.zeros(0, dtype="<U8")}
    return {"images": np.stack([s[0] for s in scenes]), "masks": np.stack([s[1] for s in scenes]),
            "boxes": [s[2] for s in scenes], "classes": [s[3] for s in scenes],
            "weather": np.array([s[4] for s in scenes], dtype="<U8")}


def colour_mask(mask):
    """A mask (..., H, W) of MASK_CLASSES as an RGB picture (..., H, W, 3) uint8 in MASK_COLOURS."""
    return MASK_COLOURS[np.asarray(mask)]


def card_picture(path, per_camera=4, seed=0, size=SIZE):
    """Save the data card's picture: `per_camera` scenes of each camera (the first scenes of
    `draw_scenes(per_camera, seed, camera)`), boxes and class names drawn, each mask beside its scene."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    box_colours = ["#1f5fff", "#ff8c00", "#ffd700", "#ff1744", "#00e5ff", "#e040fb"]
    fig, axes = plt.subplots(per_camera, 4, figsize=(12, 2.35 * per_camera + 0.9), squeeze=False,
                             layout="constrained")
    for c, camera in enumerate(CAMERAS):
        scenes = draw_scenes(per_camera, seed=seed, camera=camera, size=size)
        for row in range(per_camera):
            ax_img, ax_mask = axes[row, 2 * c], axes[row, 2 * c + 1]
            ax_img.imshow(scenes["images"][row])
            for (y0, x0, y1, x1), k in zip(scenes["boxes"][row], scenes["classes"][row]):
                ax_img.add_patch(Rectangle((x0 - 0.5, y0 - 0.5), x1 - x0, y1 - y0, fill=False,
                                           edgecolor=box_colours[k], linewidth=1.0))
                ax_img.text(x0 - 0.5, y0 - 1.0, BOX_CLASSES[k], color=box_colours[k], fontsize=5,
                            va="bottom")
            ax_mask.imshow(colour_mask(scenes["masks"][row]))
            for ax in (ax_img, ax_mask):
                ax.set_xticks([])
                ax.set_yticks([])
            if row == 0:
                ax_img.set_title(f'"{camera}" camera: scene and boxes', fontsize=9)
                ax_mask.set_title(f'"{camera}" camera: mask', fontsize=9)
    handles = [Patch(color=MASK_COLOURS[k] / 255, label=name) for k, name in enumerate(MASK_CLASSES)]
    fig.legend(handles=handles, loc="outside lower center", ncol=6, fontsize=8, frameon=False)
    fig.suptitle("road_scenes: one world seen by two cameras (a box bounds the visible part of its object)")
    fig.savefig(path, dpi=90)
    plt.close(fig)
