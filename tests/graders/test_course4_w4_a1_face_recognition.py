"""Graders of course4_cnn/w4_a1 (the solution and the blank stub are tested here too, as code of the
notebook's shape): the references of utils/nn/facenet.py pass; `raise NotImplementedError()` is not
attempted; wrong versions of each exercise (no margin, no max(., 0), the wrong axis, the mean for the
sum, squared distances, an inverted decision, the wrong database entry, the farthest person, a loop
that returns early) are rejected with the mistake named; odd returns (None, lists, NaN, a wrong
order, exceptions) get a plain message; code written for the original course passes."""

import numpy as np
import pytest
from helpers import not_attempted, passes, rejects

from utils.graders.course4_cnn import w4_a1_face_recognition as grader
from utils.nn import facenet
from utils.notebook import import_tensorflow

tf = import_tensorflow()

# The original course's solutions (TensorFlow 2 edition), as a learner writes them in its notebook:
# the threshold 0.7 written into the code.
ORIGINAL = '''
def triplet_loss(y_true, y_pred, alpha = 0.2):
    anchor, positive, negative = y_pred[0], y_pred[1], y_pred[2]
    pos_dist = tf.reduce_sum(tf.square(tf.subtract(anchor, positive)), axis=-1)
    neg_dist = tf.reduce_sum(tf.square(tf.subtract(anchor, negative)), axis=-1)
    basic_loss = tf.add(tf.subtract(pos_dist, neg_dist), alpha)
    loss = tf.reduce_sum(tf.maximum(basic_loss, 0.0))
    return loss

def verify(image_path, identity, database, model):
    encoding = img_to_encoding(image_path, model)
    dist = np.linalg.norm(tf.subtract(database[identity], encoding))
    if dist < 0.7:
        print("It's " + str(identity) + ", welcome in!")
        door_open = True
    else:
        print("It's not " + str(identity) + ", please go away")
        door_open = False
    return dist, door_open

def who_is_it(image_path, database, model):
    encoding =  img_to_encoding(image_path, model)
    min_dist = 100
    for (name, db_enc) in database.items():
        dist = np.linalg.norm(tf.subtract(db_enc, encoding))
        if dist < min_dist:
            min_dist = dist
            identity = name
    if min_dist > 0.7:
        print("Not in the database.")
    else:
        print ("it's " + str(identity) + ", the distance is " + str(min_dist))
    return min_dist, identity
'''

STUBS = '''
def triplet_loss(y_true, y_pred, alpha=0.2):
    raise NotImplementedError()

def verify(image_path, identity, database, model):
    raise NotImplementedError()

def who_is_it(image_path, database, model):
    raise NotImplementedError()
'''

CHECKS = {"triplet_loss": grader.check_triplet_loss, "verify": grader.check_verify,
          "who_is_it": grader.check_who_is_it}


def notebook(source, **replaced):
    """The functions of `source`, defined as in the notebook (setup imported tf, np, img_to_encoding
    and THRESHOLD); `replaced` overrides names after the definitions."""
    namespace = {"tf": tf, "np": np, "img_to_encoding": facenet.img_to_encoding, "THRESHOLD": 0.9}
    exec(compile(source, "<notebook>", "exec"), namespace)
    namespace.update(replaced)
    return namespace


def test_the_references_pass():
    for name, check in CHECKS.items():
        passes(check, getattr(facenet, name))


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.9, 1.2])
def test_the_references_pass_at_any_sensible_threshold(threshold):
    def verify(image_path, identity, database, model):
        return facenet.verify(image_path, identity, database, model, threshold=threshold)

    def who_is_it(image_path, database, model):
        return facenet.who_is_it(image_path, database, model, threshold=threshold)

    passes(grader.check_verify, verify)
    passes(grader.check_who_is_it, who_is_it)


def test_the_blank_stubs_are_not_attempted():
    stubs = notebook(STUBS)
    for name, check in CHECKS.items():
        not_attempted(check, stubs[name])


def test_original_course_code_passes():
    original = notebook(ORIGINAL)
    for name, check in CHECKS.items():
        passes(check, original[name])


def test_other_correct_spellings_pass():
    variants = notebook('''
def triplet_loss(y_true, y_pred, alpha=0.2):
    anchor, positive, negative = y_pred
    pos = np.sum(np.square(np.asarray(anchor) - np.asarray(positive)), axis=1)
    neg = np.sum(np.square(np.asarray(anchor) - np.asarray(negative)), axis=1)
    return np.sum(np.maximum(pos - neg + alpha, 0))

def verify(image_path, identity, database, model):
    dist = float(np.linalg.norm(img_to_encoding(image_path, model) - database[identity]))
    door_open = dist < THRESHOLD
    print(("It's " if door_open else "It's not ") + identity
          + (", welcome in!" if door_open else ", please go away"))
    return dist, door_open

def who_is_it(image_path, database, model):
    encoding = img_to_encoding(image_path, model)
    distances = {name: np.linalg.norm(encoding - enc) for name, enc in database.items()}
    identity = min(distances, key=distances.get)
    min_dist = distances[identity]
    if min_dist > THRESHOLD:
        print("Not in the database.")
        return min_dist, None
    print(f"it's {identity}, the distance is {min_dist}")
    return min_dist, identity
''')
    for name, check in CHECKS.items():
        passes(check, variants[name])


# ---------------------------------------------------------------------------------------------
# triplet_loss


def loss_with(alpha_used=True, hinge=True, axis=-1, reduce="sum", square=True, sign=1, fixed_alpha=None):
    def triplet_loss(y_true, y_pred, alpha=0.2):
        margin = fixed_alpha if fixed_alpha is not None else alpha
        anchor, positive, negative = y_pred[0], y_pred[1], y_pred[2]
        pos = tf.reduce_sum(tf.square(anchor - positive), axis=axis)
        neg = tf.reduce_sum(tf.square(anchor - negative), axis=axis)
        if not square:
            pos, neg = tf.sqrt(pos), tf.sqrt(neg)
        basic = sign * (pos - neg) + (margin if alpha_used else 0.0)
        if hinge:
            basic = tf.maximum(basic, 0.0)
        return tf.reduce_sum(basic) if reduce == "sum" else tf.reduce_mean(basic)
    return triplet_loss


def test_triplet_loss_wrong_versions():
    check = grader.check_triplet_loss
    rejects(check, loss_with(alpha_used=False), "known mistake: the margin alpha is missing")
    rejects(check, loss_with(hinge=False), "known mistake: max(basic_loss, 0) is missing")
    rejects(check, loss_with(axis=0), "known mistake: the distances are summed over the batch axis")
    rejects(check, loss_with(reduce="mean"), "known mistake: the losses are averaged over the triplets")
    rejects(check, loss_with(square=False), "known mistake: the distances are not squared")
    rejects(check, loss_with(sign=-1), "known mistake: the difference is the wrong way round")
    rejects(check, loss_with(fixed_alpha=0.2), "known mistake: the margin argument alpha is not used")


def test_triplet_loss_per_triplet_losses_are_refused():
    def per_triplet(y_true, y_pred, alpha=0.2):
        anchor, positive, negative = y_pred
        pos = tf.reduce_sum(tf.square(anchor - positive), axis=-1)
        neg = tf.reduce_sum(tf.square(anchor - negative), axis=-1)
        return tf.maximum(pos - neg + alpha, 0.0)

    rejects(grader.check_triplet_loss, per_triplet, "should be a single number, not an array of shape (4,)",
            "tf.reduce_sum without axis")


def test_triplet_loss_odd_returns():
    check = grader.check_triplet_loss
    rejects(check, lambda y_true, y_pred, alpha=0.2: None, "is None", "return")
    rejects(check, lambda y_true, y_pred, alpha=0.2: [1.0, 2.0], "should be a single number, not a list")
    rejects(check, lambda y_true, y_pred, alpha=0.2: tf.constant(np.nan), "expected a finite number")
    rejects(check, lambda y_true, y_pred, alpha=0.2: "0.5", "should be a number, not a str")
    rejects(check, lambda y_true, y_pred, alpha=0.2: True, "should be a number, not a bool")

    def raises(y_true, y_pred, alpha=0.2):
        return y_pred[0] @ y_pred[1]

    rejects(check, raises, "triplet_loss: raised", "at line")


# ---------------------------------------------------------------------------------------------
# verify


def verify_with(squared=False, inverted=False, closest=False, order=("dist", "door"), threshold=0.9,
                printed=True):
    def verify(image_path, identity, database, model):
        encoding = facenet.img_to_encoding(image_path, model)
        if closest:
            dist = min(np.linalg.norm(encoding - enc) for enc in database.values())
        else:
            dist = np.linalg.norm(encoding - database[identity])
        door_open = (dist >= threshold) if inverted else (dist < threshold)
        if squared:
            dist = dist ** 2
        if printed:
            print(f"It's {identity}, welcome in!" if door_open else f"It's not {identity}, please go away")
        return (dist, door_open) if order == ("dist", "door") else (door_open, dist)
    return verify


def test_verify_wrong_versions():
    check = grader.check_verify
    rejects(check, verify_with(squared=True), "known mistake: the distance is squared")
    rejects(check, verify_with(inverted=True), "door_open is False at distance 0.4200; expected True")
    rejects(check, verify_with(closest=True), "known mistake: the distance is to the closest person")
    rejects(check, verify_with(order=("door", "dist")),
            "returned (door_open, dist); expected (dist, door_open)")
    rejects(check, verify_with(threshold=1.5), "door_open is True at distance 1.3100; expected False")
    rejects(check, verify_with(printed=False), "expected a line with 'welcome'")


def test_verify_odd_returns():
    check = grader.check_verify
    rejects(check, lambda image_path, identity, database, model: None, "returned None",
            "return dist, door_open")
    rejects(check, lambda image_path, identity, database, model: 0.3, "should return a tuple of 2 values")
    rejects(check, lambda image_path, identity, database, model: (np.nan, True), "expected a finite number")

    def door_as_number(image_path, identity, database, model):
        dist, door_open = facenet.verify(image_path, identity, database, model, threshold=0.9)
        return dist, int(door_open)

    rejects(check, door_as_number, "door_open should be True or False, not int")

    def raises(image_path, identity, database, model):
        return database[identity.upper()]

    rejects(check, raises, "verify: raised KeyError", "at line")


# ---------------------------------------------------------------------------------------------
# who_is_it


def who_with(squared=False, farthest=False, early=False, forget_name=False, threshold=0.9):
    def who_is_it(image_path, database, model):
        encoding = facenet.img_to_encoding(image_path, model)
        best, identity = (-1 if farthest else 100), None
        for name, enc in database.items():
            dist = np.linalg.norm(encoding - enc)
            if squared:
                dist = dist ** 2
            if (dist > best) if farthest else (dist < best):
                best = dist
                if not forget_name or identity is None:
                    identity = name
            if early:
                break
        print("Not in the database." if best > threshold else f"it's {identity}, the distance is {best}")
        return best, identity
    return who_is_it


def test_who_is_it_wrong_versions():
    check = grader.check_who_is_it
    rejects(check, who_with(squared=True), "known mistake: the distance is squared")
    rejects(check, who_with(farthest=True), "known mistake: this is the largest distance")
    rejects(check, who_with(early=True), "known mistake: this is the distance to the first person")
    rejects(check, who_with(forget_name=True), "the returned identity is 'ana'; expected 'ben'",
            "Remember the name together with the distance")
    rejects(check, who_with(threshold=1.5), "expected \"Not in the database.\"")


def test_who_is_it_odd_returns():
    check = grader.check_who_is_it
    rejects(check, lambda image_path, database, model: None, "returned None")
    rejects(check, lambda image_path, database, model: ("ben", 0.35), "returned (identity, min_dist)")
    rejects(check, lambda image_path, database, model: (np.array([0.1, 0.2]), "ben"),
            "should be a single number, not an array of shape (2,)")

    def raises(image_path, database, model):
        return min(database)[5], None

    rejects(check, raises, "who_is_it: raised IndexError", "at line")


def test_graders_reject_a_non_function():
    rejects(grader.check_triplet_loss, None, "needs your function itself")
    rejects(grader.check_verify, 3, "needs your function itself")
