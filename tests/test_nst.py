"""Neural style transfer's pieces outside the graders: the pictures (DATA.md `nst`), the random VGG19
and the reference train step of utils/nn/nst.py."""

import numpy as np
import pytest

from utils import data
from utils.datagen import style
from utils.nn import nst
from utils.notebook import import_tensorflow

tf = import_tensorflow()


def test_the_pictures_load_as_squares_of_any_size():
    content_path, style_path = data.nst_image_paths()
    assert content_path.name == "grace_hopper.jpg" and content_path.is_file()
    for size in (64, 97):
        for path in (content_path, style_path):
            picture = data.load_nst_image(path, size)
            assert picture.shape == (size, size, 3) and picture.dtype == np.uint8


def test_the_painting_differs_from_the_photograph_in_colour():
    content_path, style_path = data.nst_image_paths()
    photo = data.load_nst_image(content_path, 128).astype(float) / 255
    painting = data.load_nst_image(style_path, 128).astype(float) / 255
    # the painting is blue and yellow, the photograph navy, grey and skin
    assert np.abs(photo.reshape(-1, 3).mean(0) - painting.reshape(-1, 3).mean(0)).sum() > 0.15
    # and far more colourful: the spread of a pixel's three channels, on average
    def saturation(picture):
        return (picture.max(axis=2) - picture.min(axis=2)).mean()
    assert saturation(painting) > 1.5 * saturation(photo)


def test_the_painting_is_deterministic():
    assert np.array_equal(style.paint(seed=0)[:32], style.paint(seed=0)[:32])


@pytest.fixture(scope="module")
def vgg():
    return nst.random_vgg19((64, 64, 3), seed=0)


def test_random_vgg19_has_vgg19_layers_and_fixed_weights(vgg):
    names = [layer.name for layer in vgg.layers]
    for name, _ in nst.STYLE_LAYERS + nst.CONTENT_LAYER:
        assert name in names
    assert vgg.count_params() == 20_024_384 and not vgg.trainable
    again = nst.random_vgg19((32, 32, 3), seed=0)
    for a, b in zip(vgg.get_weights(), again.get_weights()):
        assert np.array_equal(a, b)
    other = nst.random_vgg19((32, 32, 3), seed=1)
    assert not np.array_equal(vgg.get_weights()[0], other.get_weights()[0])


def test_activations_neither_vanish_nor_explode(vgg):
    content_path, _ = data.nst_image_paths()
    picture = data.load_nst_image(content_path, 64)[None].astype(np.float32) / 255
    outputs = nst.get_layer_outputs(vgg, nst.STYLE_LAYERS + nst.CONTENT_LAYER)(picture)
    means = [float(tf.reduce_mean(a)) for a in outputs]
    assert all(0.2 < m < 5 for m in means), means


def test_the_reference_train_step_lowers_the_cost_and_keeps_pixels_in_range(vgg):
    import keras

    model = nst.get_layer_outputs(vgg, nst.STYLE_LAYERS + nst.CONTENT_LAYER)
    content_path, style_path = data.nst_image_paths()
    content = tf.constant(data.load_nst_image(content_path, 64)[None] / 255, dtype=tf.float32)
    painting = tf.constant(data.load_nst_image(style_path, 64)[None] / 255, dtype=tf.float32)
    image = tf.Variable(nst.clip_0_1(content + tf.random.uniform(content.shape, -0.25, 0.25, seed=1)))
    step = nst.make_train_step(model, model(painting), model(content), keras.optimizers.Adam(0.03))
    costs = [float(step(image)) for _ in range(8)]
    assert costs[-1] < costs[0]
    values = np.asarray(image)
    assert values.min() >= 0 and values.max() <= 1
