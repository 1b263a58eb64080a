"""The planar sets of C1W3, C2W1 and C2W2, generated in code at load time (nothing shipped).

Every function takes a seed and returns the course's layout: points as columns, X of shape
(2, m) float64, labels Y of shape (1, m) int64 in {0, 1}. Only NumPy is used; each set takes
a few milliseconds.

* `flower`: a six-petal rose whose petals alternate between the two classes. Three straight
  lines through the centre separate the petals, so a network needs about three tanh units;
  one or two lines can only cut off a petal or two. The two petals on the horizontal axis
  are longer than the other four, so the two classes' centres lie slightly apart along x,
  and a linear model fitted by the logistic loss follows that difference into a line that
  is no better than a coin toss.
* `make_circles`, `make_moons`, `make_blobs`, `make_gaussian_quantiles`: the classic toy
  shapes, with parameters named after what they change.
* `extra_datasets`, `circles`, `moons`: the fixed sets the notebooks load through
  `utils.data`.
"""

import numpy as np

FLOWER_PETALS = 6
FLOWER_RADIUS = 4.0
FLOWER_WIDTH = 0.65       # fraction of the angle between petals that a petal covers
FLOWER_LONG_PETAL = 1.4   # length of the two horizontal petals, relative to the others
FLOWER_NOISE = 0.2


def _labels(m):
    """Labels 0, 1, 0, 1, ... of shape (1, m): the two classes differ in size by at most one."""
    return (np.arange(m) % 2).reshape(1, m)


def flower(seed=1, m=400, noise=FLOWER_NOISE):
    """The two-class flower: X of shape (2, m), Y of shape (1, m).

    Petal k (k = 0..5) points at angle k * 60 degrees and holds label k % 2; each class's
    points are shared out evenly between its three petals. A point's angle is uniform over
    its petal's width, its distance from the centre between half and all of the petal's
    length at that angle (the outline r = L cos(3 u / FLOWER_WIDTH) of a rose), and Gaussian
    noise of standard deviation `noise` is added to both coordinates.
    """
    rng = np.random.default_rng(seed)
    Y = _labels(m)
    # Within each class, deal the points out to its petals in turn: 0, 2, 4, 0, ... and 1, 3, 5, ...
    rank = np.arange(m) // 2
    petal = 2 * (rank % (FLOWER_PETALS // 2)) + Y[0]
    lengths = np.ones(FLOWER_PETALS)
    lengths[[0, FLOWER_PETALS // 2]] = FLOWER_LONG_PETAL
    half_width = FLOWER_WIDTH * np.pi / FLOWER_PETALS
    offset = rng.uniform(-half_width, half_width, m)
    angle = petal * (2 * np.pi / FLOWER_PETALS) + offset
    outline = FLOWER_RADIUS * lengths[petal] * np.cos(offset * (FLOWER_PETALS / 2) / FLOWER_WIDTH)
    radius = outline * rng.uniform(0.5, 1.0, m)
    X = np.stack([radius * np.cos(angle), radius * np.sin(angle)])        # (2, m)
    X += noise * rng.standard_normal((2, m))
    return X, Y


def make_circles(m=200, factor=0.5, noise=0.1, seed=0):
    """Two concentric circles: label 0 on the outer one (radius 1), label 1 on the inner one
    (radius `factor`), Gaussian noise of standard deviation `noise` on both coordinates."""
    rng = np.random.default_rng(seed)
    Y = _labels(m)
    angle = rng.uniform(0, 2 * np.pi, m)
    radius = np.where(Y[0] == 1, factor, 1.0)
    X = np.stack([radius * np.cos(angle), radius * np.sin(angle)])        # (2, m)
    X += noise * rng.standard_normal((2, m))
    return X, Y


def make_moons(m=200, noise=0.1, seed=0):
    """Two interleaving half circles of radius 1: label 0 the upper arc centred at (0, 0),
    label 1 the lower arc centred at (1, 0.5), plus Gaussian noise of standard deviation `noise`."""
    rng = np.random.default_rng(seed)
    Y = _labels(m)
    angle = rng.uniform(0, np.pi, m)
    upper = np.stack([np.cos(angle), np.sin(angle)])                     # (2, m)
    lower = np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)])           # (2, m)
    X = np.where(Y == 0, upper, lower)                                    # (1, m) broadcasts to (2, m)
    X += noise * rng.standard_normal((2, m))
    return X, Y


def make_blobs(m=200, centers=6, spread=0.5, box=4.0, seed=0):
    """`centers` round Gaussian clusters of standard deviation `spread`, their centres drawn
    uniformly in [-box, box]^2; cluster j gets label j % 2, so classes are unions of clusters."""
    rng = np.random.default_rng(seed)
    centre_points = rng.uniform(-box, box, (2, centers))
    cluster = np.arange(m) % centers
    X = centre_points[:, cluster] + spread * rng.standard_normal((2, m))  # (2, m)
    Y = (cluster % 2).reshape(1, m)
    return X, Y


def make_gaussian_quantiles(m=200, variance=0.5, seed=0):
    """Points of one round Gaussian; label 1 for the half farthest from the centre, so the
    classes are a disc and the ring around it."""
    rng = np.random.default_rng(seed)
    X = np.sqrt(variance) * rng.standard_normal((2, m))                  # (2, m)
    distance = np.sum(X**2, axis=0)
    Y = (distance > np.median(distance)).astype(np.int64).reshape(1, m)
    return X, Y


def extra_datasets(seed=3, m=200):
    """The four optional sets of C1W3, {name: (X (2, m), Y (1, m))}, m points each."""
    return {
        "noisy_circles": make_circles(m, factor=0.5, noise=0.2, seed=seed),
        "noisy_moons": make_moons(m, noise=0.2, seed=seed + 1),
        "blobs": make_blobs(m, centers=6, seed=seed + 2),
        "gaussian_quantiles": make_gaussian_quantiles(m, variance=0.5, seed=seed + 3),
    }


def circles(seed=1):
    """C2W1's concentric circles: train_X (2, 300), train_Y (1, 300), test_X (2, 100), test_Y (1, 100)."""
    train_X, train_Y = make_circles(300, factor=0.55, noise=0.08, seed=seed)
    test_X, test_Y = make_circles(100, factor=0.55, noise=0.08, seed=seed + 1000)
    return train_X, train_Y, test_X, test_Y


def moons(seed=3):
    """C2W2's two moons: train_X (2, 300), train_Y (1, 300), noise 0.2."""
    return make_moons(300, noise=0.2, seed=seed)
