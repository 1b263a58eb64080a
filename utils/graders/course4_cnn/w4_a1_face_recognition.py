"""Graders for course4_cnn/w4_a1_face_recognition.ipynb.

check_triplet_loss calls the learner's triplet_loss on small hand-made triplets (other sizes than
the notebook's, and a margin other than the default as well as the default) and compares the value
with the reference of utils/nn/facenet.py. The triplets mix easy ones (the negative already further
than the positive by more than the margin) and hard ones, so each known mistake gives its own value:
the margin left out, no max(., 0), distances summed over the batch axis instead of the encoding
axis, the mean over the triplets instead of the sum, Euclidean instead of squared distances, the
sign of the difference swapped, the margin argument ignored.

check_verify and check_who_is_it need no network: the grader writes a few one-colour pictures to a
temporary folder and passes a stub model that maps each colour to an encoding of the grader's
making, at distances chosen well away from both the original course's threshold (0.7) and the
project's (stated in the notebook). img_to_encoding is the reference's (utils.nn.facenet). The
returned distance, the decision, the name and the printed line are checked; known mistakes (a
squared distance, the decision inverted, the wrong database entry, the farthest person instead of
the closest, a loop that returns early or never remembers the name) are named.
"""

import io
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np

from utils.grading import Checker, describe

_DIST_HINT = ("The distance is the Euclidean (L2) norm of the difference of the two encodings: "
              "np.linalg.norm(encoding - database[identity]), not its square.")


def _tf():
    from utils.notebook import import_tensorflow

    return import_tensorflow()


def _facenet():
    from utils.nn import facenet

    return facenet


def _as_number(c, value, what):
    """A learner's scalar (tf.Tensor, NumPy scalar or array, Python number) as a float, or a failure."""
    tf = _tf()
    if value is None:
        c.fail(f"{what} is None", hint="Did you forget the `return` statement?")
    if isinstance(value, (tf.Tensor, tf.Variable)):
        value = np.asarray(value)
    if isinstance(value, (list, tuple)):
        c.fail(f"{what} should be a single number, not a {type(value).__name__}", got=describe(value))
    if isinstance(value, np.ndarray) and value.ndim != 0:
        if value.size == 1:
            value = value.reshape(())
        else:
            c.fail(f"{what} should be a single number, not an array of shape {value.shape}",
                   got=describe(value),
                   hint="Reduce over the encoding axis to get one distance per triplet (axis=-1), "
                   "then sum the losses of all triplets into one number (tf.reduce_sum without axis).")
    if isinstance(value, (bool, np.bool_, str, bytes)) or (isinstance(value, np.ndarray)
                                                           and not np.issubdtype(value.dtype, np.number)):
        kind = "bool" if isinstance(value, np.ndarray) and value.dtype == np.bool_ else type(value).__name__
        c.fail(f"{what} should be a number, not a {kind}", got=describe(value))
    try:
        return float(value)
    except (TypeError, ValueError):
        c.fail(f"{what} should be a number, not a {type(value).__name__}", got=describe(value))


# ---------------------------------------------------------------------------------------------
# triplet_loss


def _triplets():
    """Four hand-made triplets of 3-d encodings (m=4 is not d=3, so the axes cannot be confused)."""
    anchor = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.6, 0.8, 0.0], [0.0, 0.0, 1.0]])
    positive = np.array([[0.9, 0.1, 0.2], [0.0, 0.8, 0.6], [0.6, 0.6, 0.5], [0.3, 0.0, 0.9]])
    negative = np.array([[0.0, 1.0, 0.0], [0.1, 0.9, 0.3], [0.8, 0.6, 0.0], [1.0, 0.0, 0.1]])
    return anchor, positive, negative


def _loss_variants(anchor, positive, negative, alpha):
    """The reference value and the value of each known mistake, in NumPy."""
    pos = np.sum((anchor - positive) ** 2, axis=-1)
    neg = np.sum((anchor - negative) ** 2, axis=-1)
    pos0 = np.sum((anchor - positive) ** 2, axis=0)
    neg0 = np.sum((anchor - negative) ** 2, axis=0)
    reference = np.sum(np.maximum(pos - neg + alpha, 0))
    mistakes = {
        "the margin alpha is missing; basic_loss = pos_dist - neg_dist + alpha":
            np.sum(np.maximum(pos - neg, 0)),
        "max(basic_loss, 0) is missing, so easy triplets give negative losses; take "
        "tf.maximum(basic_loss, 0.0) before summing": np.sum(pos - neg + alpha),
        "the distances are summed over the batch axis; sum the squared differences over the "
        "encoding axis, axis=-1": np.sum(np.maximum(pos0 - neg0 + alpha, 0)),
        "the losses are averaged over the triplets; the loss is their sum (tf.reduce_sum)":
            np.mean(np.maximum(pos - neg + alpha, 0)),
        "the distances are not squared; the loss compares squared distances, "
        "tf.reduce_sum(tf.square(anchor - positive), axis=-1)":
            np.sum(np.maximum(np.sqrt(pos) - np.sqrt(neg) + alpha, 0)),
        "the difference is the wrong way round; basic_loss = pos_dist - neg_dist + alpha":
            np.sum(np.maximum(neg - pos + alpha, 0)),
    }
    if alpha != 0.2:
        mistakes["the margin argument alpha is not used (0.2 is written in its place)"] = \
            np.sum(np.maximum(pos - neg + 0.2, 0))
    return reference, mistakes


def check_triplet_loss(triplet_loss):
    """Check triplet_loss(y_true, y_pred, alpha=0.2) on hand-made triplets."""
    tf = _tf()
    c = Checker(triplet_loss, "triplet_loss")
    anchor, positive, negative = _triplets()
    y_pred = tuple(tf.constant(a, dtype=tf.float32) for a in (anchor, positive, negative))
    for alpha, kwargs in ((0.2, {}), (0.3, {"alpha": 0.3}), (0.05, {"alpha": 0.05})):
        got = _as_number(c, c.call((None, None, None), y_pred, **kwargs), "the returned loss")
        reference, mistakes = _loss_variants(anchor, positive, negative, alpha)
        c.same_scalar(got, reference, what="the returned loss", rtol=1e-4, atol=1e-5, mistakes=mistakes)
    c.ok("the loss of 4 triplets of 3-d encodings, with the default alpha and with alpha 0.3 and 0.05")
    # Every triplet easy: the loss is exactly 0.
    far = tf.constant(-anchor, dtype=tf.float32)
    got = _as_number(c, c.call((None, None, None), (y_pred[0], y_pred[0], far)), "the returned loss")
    c.same_scalar(got, 0.0, what="the returned loss", atol=1e-6,
                  hint="When every positive is the anchor itself and every negative is far away, no "
                  "triplet should add to the loss: max(basic_loss, 0) keeps only the positive parts.")
    c.ok("0 for triplets that are already easy")
    c.done()


# ---------------------------------------------------------------------------------------------
# verify and who_is_it: one-colour pictures, a stub model, encodings at chosen distances


_SIZE = 64
_NAMES = ["ana", "ben", "cleo", "dev"]


class _StubModel:
    """Maps a batch of one-colour pictures to the encodings the grader chose for their colours."""

    def __init__(self, colours, encodings):
        self.colours = np.asarray(colours, dtype=np.float64)          # (n, 3) in [0, 1]
        self.encodings = np.asarray(encodings, dtype=np.float32)      # (n, 128)

    def __repr__(self):
        return "<the grader's stand-in model>"

    def predict_on_batch(self, x):
        x = np.asarray(x, dtype=np.float64)
        if x.ndim == 3:
            x = x[None]
        if x.max() > 1.5:                      # pixels left in 0-255
            x = x / 255
        means = x.reshape(len(x), -1, x.shape[-1]).mean(axis=1)[:, :3]          # (m, 3)
        nearest = np.argmin(((means[:, None] - self.colours[None]) ** 2).sum(-1), axis=1)
        return self.encodings[nearest]

    def predict(self, x, *args, **kwargs):
        return self.predict_on_batch(x)

    def __call__(self, x, *args, **kwargs):
        return self.predict_on_batch(x)


def _unit_at(base, other, distance):
    """A unit vector at the given Euclidean distance from unit vector `base`, turned towards `other`
    (orthogonal to base)."""
    theta = 2 * np.arcsin(distance / 2)
    return np.cos(theta) * base + np.sin(theta) * other


class _Door:
    """A database of four people, and camera pictures whose encodings are at chosen distances."""

    def __init__(self, folder):
        rng = np.random.default_rng(4)
        q, _ = np.linalg.qr(rng.normal(size=(128, 12)))          # 12 orthonormal directions
        basis = q.T                                               # (12, 128)
        # The people share a little of one direction, each a different amount, so that every
        # photo has a different distance to each of them.
        shared = np.array([0.6, 0.1, 0.35, 0.8])
        people = basis[:4] + shared[:, None] * basis[11]                       # (4, 128)
        people /= np.linalg.norm(people, axis=1, keepdims=True)
        self.database = {name: people[i][None].astype(np.float32) for i, name in enumerate(_NAMES)}
        # camera picture: (who it is closest to, distance, spare direction)
        self.photos = {"ana_at_door.png": ("ana", 0.42, 4), "ben_at_door.png": ("ben", 0.35, 5),
                       "dev_at_door.png": ("dev", 0.28, 6), "stranger.png": ("cleo", 1.31, 7),
                       "cleo_at_door.png": ("cleo", 0.38, 8)}
        colours, encodings = [], []
        for k, (file, (name, distance, spare)) in enumerate(self.photos.items()):
            colour = np.array([(40 + 50 * k) % 256, (200 - 35 * k) % 256, (90 + 70 * k) % 256],
                              dtype=np.uint8)
            _write_png(folder / file, colour)
            colours.append(colour / 255)
            encodings.append(_unit_at(people[_NAMES.index(name)], basis[spare], distance))
        self.model = _StubModel(colours, encodings)
        self.encodings = dict(zip(self.photos, encodings))
        self.folder = folder

    def path(self, file):
        return str(self.folder / file)

    def distances(self, file):
        encoding = self.encodings[file]
        return {name: float(np.linalg.norm(encoding - enc)) for name, enc in self.database.items()}


def _write_png(path, colour):
    from PIL import Image

    Image.fromarray(np.broadcast_to(colour, (_SIZE, _SIZE, 3)).copy()).save(path)


def _call_quietly(c, *args):
    """Call the learner's function and return (result, what it printed)."""
    out = io.StringIO()
    with redirect_stdout(out):
        result = c.call(*args, mutation_ok=("model",))
    return result, out.getvalue()


def _pair(c, result, first, second):
    if result is None:
        c.fail("returned None", expected=f"a tuple ({first}, {second})",
               hint=f"Did you forget `return {first}, {second}`?")
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        c.fail(f"should return a tuple of 2 values ({first}, {second})", got=describe(result),
               hint=f"Return both values separated by a comma: `return {first}, {second}`.")
    return result


def _is_bool(value):
    tf = _tf()
    if isinstance(value, (tf.Tensor, tf.Variable)) and value.dtype == tf.bool and value.shape.rank == 0:
        return True
    return isinstance(value, (bool, np.bool_)) or (isinstance(value, np.ndarray) and value.dtype == np.bool_
                                                     and value.size == 1)


def check_verify(verify):
    """Check verify(image_path, identity, database, model) on a grader-made door (no network)."""
    c = Checker(verify, "verify", uses={"img_to_encoding": (_facenet().img_to_encoding, None)})
    with tempfile.TemporaryDirectory() as tmp:
        door = _Door(Path(tmp))
        cases = [("ana_at_door.png", "ana", True), ("dev_at_door.png", "dev", True),
                 ("stranger.png", "cleo", False), ("cleo_at_door.png", "ana", False),
                 ("ben_at_door.png", "dev", False)]
        for file, claimed, expected_open in cases:
            result, printed = _call_quietly(c, door.path(file), claimed, dict(door.database), door.model)
            dist, door_open = _pair(c, result, "dist", "door_open")
            if _is_bool(dist) and not _is_bool(door_open):
                c.fail("returned (door_open, dist); expected (dist, door_open)", got=describe(result),
                       hint="Return the distance first: `return dist, door_open`.")
            distances = door.distances(file)
            true_dist = distances[claimed]
            got = _as_number(c, dist, "the returned dist")
            mistakes = {"the distance is squared. " + _DIST_HINT: true_dist ** 2}
            if min(distances.values()) < true_dist - 1e-3:
                mistakes.update({"the distance is to the closest person of the database, not to the one "
                                 "claimed: compare with database[identity] only": min(distances.values())})
            c.same_scalar(got, true_dist, what=f"the returned dist for a photo of someone who says they "
                          f"are {claimed!r}", rtol=1e-4, atol=1e-5, mistakes=mistakes)
            if not _is_bool(door_open):
                c.fail(f"door_open should be True or False, not {type(door_open).__name__}",
                       got=describe(door_open),
                       hint="door_open = True when dist < the threshold, else False.")
            if bool(door_open) != expected_open:
                c.fail(f"door_open is {bool(door_open)} at distance {true_dist:.4f}; "
                       f"expected {expected_open}",
                       hint="Open the door (door_open = True) when dist is below the threshold, and keep "
                       "it shut otherwise.")
            wanted = "welcome" if expected_open else "go away"
            if wanted not in printed:
                c.fail(f"printed {printed.strip()!r}; expected a line with {wanted!r}",
                       hint=f"Print \"It's {claimed}, welcome in!\" when the door opens, and "
                       f"\"It's not {claimed}, please go away\" when it does not.")
    c.ok("the distance and the decision for 2 people let in and 3 turned away (one of them a stranger)")
    c.ok("the welcome / go-away lines")
    c.done()


def check_who_is_it(who_is_it):
    """Check who_is_it(image_path, database, model) on a grader-made door (no network)."""
    c = Checker(who_is_it, "who_is_it", uses={"img_to_encoding": (_facenet().img_to_encoding, None)})
    with tempfile.TemporaryDirectory() as tmp:
        door = _Door(Path(tmp))
        for file in ("ben_at_door.png", "dev_at_door.png", "ana_at_door.png", "stranger.png"):
            result, printed = _call_quietly(c, door.path(file), dict(door.database), door.model)
            min_dist, identity = _pair(c, result, "min_dist", "identity")
            if isinstance(min_dist, str) and not isinstance(identity, str):
                c.fail("returned (identity, min_dist); expected (min_dist, identity)", got=describe(result),
                       hint="Return the distance first: `return min_dist, identity`.")
            distances = door.distances(file)
            closest = min(distances, key=distances.get)
            got = _as_number(c, min_dist, "the returned min_dist")
            first = next(iter(distances))
            mistakes = {"the distance is squared. " + _DIST_HINT: distances[closest] ** 2,
                        "this is the largest distance: keep the smallest (update when dist < min_dist)":
                            max(distances.values())}
            if first != closest:
                mistakes["this is the distance to the first person of the database: go through all of "
                         "them before returning"] = distances[first]
            c.same_scalar(got, distances[closest], what="the returned min_dist", rtol=1e-4, atol=1e-5,
                          mistakes=mistakes)
            stranger = distances[closest] > 1
            if identity != closest and not (stranger and identity is None):
                hint = "Remember the name together with the distance: `min_dist = dist; identity = name`."
                if identity in distances and distances[identity] == max(distances.values()):
                    hint = "This is the farthest person: keep the closest (update when dist < min_dist)."
                c.fail(f"the returned identity is {identity!r}; expected {closest!r}, the closest person "
                       f"(distance {distances[closest]:.4f})", hint=hint)
            if stranger and "not in the database" not in printed.lower():
                c.fail(f"printed {printed.strip()!r} for a stranger at distance {distances[closest]:.4f} "
                       "from everyone; expected \"Not in the database.\"",
                       hint="When min_dist is above the threshold, print \"Not in the database.\"")
            if not stranger and str(closest) not in printed:
                c.fail(f"printed {printed.strip()!r}; expected a line naming {closest!r}",
                       hint="When min_dist is below the threshold, print \"it's \" + str(identity) + "
                       "\", the distance is \" + str(min_dist).")
    c.ok("the closest person and the distance for 3 people of the database")
    c.ok("\"Not in the database.\" for a stranger")
    c.done()
