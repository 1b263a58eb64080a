"""The goalkeeper set (Course 2, regularization): where the goalkeeper's long kicks came down on
the pitch, labelled 1 if a player of our team reached the ball with the head, 0 if the other team did.

A small procedural model:
- Kicks: the goalkeeper aims at a few favourite landing zones, and each kick lands scattered
  around one of them; both sets come from the same zones, so train and test share one
  distribution.
- Headers: our team wins the ball on one side of a smooth curved line across the pitch (where
  our players stand), the other team on the other side.
- Noise: near the line the duel is contested, so the label there is close to a coin toss; and
  anywhere, 3 % of headers go the unexpected way (a slip, a deflection).
An unregularised network wraps the noisy points with thin fingers of the wrong class; that is
what L2 and dropout are meant to smooth away in the lesson.
"""

import h5py
import numpy as np

FILES = ["football.h5"]
CHEAP = True
SEED = 0

N_TRAIN, N_TEST = 211, 200
N_ZONES = 6
ZONE_SPREAD = 0.2       # standard deviation of a kick around its zone
PITCH = 0.85            # kicks land within [-PITCH, PITCH] in both coordinates
CONTESTED_WIDTH = 0.04  # how far from the line duels stay close to a coin toss
SURPRISE = 0.03         # chance that any header goes to the unexpected team


def boundary(x):
    """Height of the line across the pitch that separates the two teams' zones at position x."""
    return 0.18 * np.sin(3.0 * x + 0.4) - 0.15 * x


def _kicks(rng, m, zones):
    zone = rng.integers(len(zones), size=m)
    X = zones[zone] + rng.normal(0, ZONE_SPREAD, (m, 2))
    # A kick past the edge is mirrored back in: clipping would line points up along the edge.
    return np.where(np.abs(X) > PITCH, np.sign(X) * (2 * PITCH - np.abs(X)), X)


def _headers(rng, X):
    distance = X[:, 1] - boundary(X[:, 0])
    y = (distance > 0).astype(np.int64)
    # A Gaussian bump makes the flip chance 1/2 on the line and negligible a few widths away.
    contested = rng.random(len(X)) < 0.5 * np.exp(-(distance / CONTESTED_WIDTH) ** 2)
    surprise = rng.random(len(X)) < SURPRISE
    return np.where(contested | surprise, 1 - y, y)


def make_sets(seed):
    """(train_X, train_Y, test_X, test_Y): X of shape (m, 2) float64, Y of shape (m,) int64."""
    rng = np.random.default_rng(seed)
    zones = rng.uniform(-0.7, 0.7, (N_ZONES, 2))
    train_X = _kicks(rng, N_TRAIN, zones)
    train_Y = _headers(rng, train_X)
    test_X = _kicks(rng, N_TEST, zones)
    test_Y = _headers(rng, test_X)
    return train_X, train_Y, test_X, test_Y


def build(out_dir, seed):
    out_dir.mkdir(parents=True, exist_ok=True)
    arrays = dict(zip(["train_X", "train_Y", "test_X", "test_Y"], make_sets(seed)))
    with h5py.File(out_dir / "football.h5", "w") as handle:
        for key, value in arrays.items():
            handle.create_dataset(key, data=value, track_times=False)
