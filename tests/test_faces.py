"""The faces set (utils/datagen/faces.py) and the face-recognition helpers (utils/nn/facenet.py):
shots are deterministic and keep the identity; the roles never share a person; the shipped files
load; the pair, threshold and batch-hard helpers agree with brute force."""

import json

import numpy as np
import pytest

from utils import data
from utils.datagen import faces


def test_a_shot_is_the_same_for_the_same_keys_and_changes_with_the_shot_number():
    first = faces.shot(0, faces.TRAIN, 3, 0)
    assert first.shape == (64, 64, 3) and first.dtype == np.uint8
    assert np.array_equal(first, faces.shot(0, faces.TRAIN, 3, 0))
    assert not np.array_equal(first, faces.shot(0, faces.TRAIN, 3, 1))


def test_identities_differ_across_roles_and_numbers():
    skins = {(role, i): tuple(np.round(faces.person(0, role, i).skin, 6))
             for role in (faces.TRAIN, faces.HELD_OUT, faces.DATABASE, faces.STRANGER) for i in range(5)}
    assert len(set(skins.values())) == len(skins)


def test_a_lookalike_shares_hair_skin_and_glasses_and_nothing_of_the_face():
    rng = np.random.default_rng(7)
    original = faces.person(0, faces.DATABASE, 1)
    double = faces.lookalike(rng, original)
    assert np.array_equal(double.skin, original.skin) and np.array_equal(double.hair, original.hair)
    assert double.style == original.style and double.glasses is original.glasses
    assert double.eye_u != original.eye_u and double.head_w != original.head_w


def test_shots_are_grouped_by_identity():
    images, labels = faces.shots(0, faces.HELD_OUT, 3, 2, first=5)
    assert images.shape == (6, 64, 64, 3)
    assert labels.tolist() == [5, 5, 6, 6, 7, 7]


def test_the_shipped_files_load_and_match_the_generator():
    loaded = data.load_faces()
    assert list(loaded["database"]) == faces.DATABASE_NAMES
    assert len(loaded["camera"]) == len(faces.CAMERA)
    n_held_out = faces.HELD_OUT_IDENTITIES * faces.SHOTS_PER_HELD_OUT
    assert loaded["held_out_images"].shape == (n_held_out, 64, 64, 3)
    assert np.array_equal(loaded["held_out_images"][:faces.SHOTS_PER_HELD_OUT],
                          faces.shots(faces.SEED, faces.HELD_OUT, 1, faces.SHOTS_PER_HELD_OUT)[0])
    for k, (name, kind) in enumerate(faces.CAMERA):
        truth = loaded["camera_truth"][f"camera_{k}.png"]
        assert truth["kind"] == kind and truth["who"] == (name if kind == "member" else None)
    assert json.loads(json.dumps(loaded["camera_truth"])) == loaded["camera_truth"]


@pytest.fixture(scope="module")
def facenet():
    from utils.nn import facenet

    return facenet


def test_verification_pairs_are_balanced_and_labelled(facenet):
    labels = np.repeat(np.arange(6), 4)                      # 6 people x 4 shots
    first, second, same = facenet.verification_pairs(labels, seed=3)
    assert same.sum() == (~same).sum() == 6 * 6              # C(4, 2) = 6 pairs per person
    assert np.array_equal(same, labels[first] == labels[second])
    assert np.all(first < second)


def test_choose_threshold_finds_the_best_cut(facenet):
    distances = np.array([0.1, 0.2, 0.3, 0.9, 0.5, 1.0, 1.2])
    same = np.array([True, True, True, True, False, False, False])
    threshold, accuracy = facenet.choose_threshold(distances, same)
    assert 0.3 < threshold < 0.5 and accuracy == pytest.approx(6 / 7)
    assert facenet.verification_accuracy(distances, same, threshold) == pytest.approx(accuracy)


def test_batch_hard_loss_agrees_with_brute_force(facenet):
    rng = np.random.default_rng(0)
    embeddings = rng.normal(size=(12, 8))
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    labels = np.repeat(np.arange(4), 3)
    d2 = ((embeddings[:, None] - embeddings[None]) ** 2).sum(-1)
    expected = np.mean([max(d2[a][labels == labels[a]].max() - d2[a][labels != labels[a]].min() + 0.2, 0)
                        for a in range(12)])
    got = float(facenet.batch_hard_triplet_loss(labels, embeddings.astype(np.float32), 0.2))
    assert got == pytest.approx(expected, abs=1e-5)


def test_the_embedder_gives_unit_encodings(facenet):
    model = facenet.face_embedder_model()
    x = faces.shots(0, faces.HELD_OUT, 2, 1)[0].astype(np.float32) / 255
    encodings = np.asarray(model(x, training=False))
    assert encodings.shape == (2, 128)
    assert np.allclose(np.linalg.norm(encodings, axis=1), 1, atol=1e-5)


def test_semi_hard_loss_agrees_with_brute_force(facenet):
    rng = np.random.default_rng(1)
    embeddings = rng.normal(size=(12, 8))
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    labels = np.repeat(np.arange(4), 3)
    d2 = ((embeddings[:, None] - embeddings[None]) ** 2).sum(-1)
    losses = []
    for a in range(12):
        negatives = d2[a][labels != labels[a]]
        for p in np.flatnonzero(labels == labels[a]):
            if p == a:
                continue
            further = negatives[negatives > d2[a, p]]
            negative = further.min() if further.size else negatives.max()
            losses.append(max(d2[a, p] - negative + 0.2, 0))
    got = float(facenet.semi_hard_triplet_loss(labels, embeddings.astype(np.float32), 0.2))
    assert got == pytest.approx(np.mean(losses), abs=1e-5)
