"""Neural style transfer, the reference of course4_cnn/w4_a2_neural_style_transfer.ipynb.

The costs of Gatys, Ecker and Bethge (2015) as the course writes them, in TensorFlow, and the
offline feature network: the VGG19 architecture (`keras.applications.VGG19(include_top=False)`,
layers block1_conv1 ... block5_conv4) with fixed random weights drawn by NumPy from a seed,
scaled so that activations neither vanish nor explode through its 16 convolutions (see
`random_vgg19` and datasets/cards/nst.md for why random features, and how they were chosen).

Activations are lists of tensors, one per layer of `STYLE_LAYERS` followed by the content layer,
as `get_layer_outputs(vgg, STYLE_LAYERS + CONTENT_LAYER)` returns them: every style cost uses all
but the last element, the content cost only the last.
"""

import numpy as np

STYLE_LAYERS = [("block1_conv1", 0.2), ("block2_conv1", 0.2), ("block3_conv1", 0.2),
                ("block4_conv1", 0.2), ("block5_conv1", 0.2)]
CONTENT_LAYER = [("block5_conv4", 1)]
FEATURE_SEED = 0


def _tf():
    from utils.notebook import import_tensorflow

    return import_tensorflow()


# ---------------------------------------------------------------------------------------------
# The costs


def compute_content_cost(content_output, generated_output):
    """Content cost between the content layer's activations of two images.

    Args:
        content_output: list of tensors, the last one a_C of shape (1, n_H, n_W, n_C): the
            activations of the content image at the content layer.
        generated_output: the same for the generated image (last one a_G).
    Returns:
        J_content: scalar tensor, sum((a_C - a_G)^2) / (4 n_H n_W n_C).
    """
    tf = _tf()
    a_C = content_output[-1]
    a_G = generated_output[-1]
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    a_C_unrolled = tf.reshape(a_C, shape=[m, -1, n_C])                  # (m, n_H * n_W, n_C)
    a_G_unrolled = tf.reshape(a_G, shape=[m, -1, n_C])
    return tf.reduce_sum(tf.square(a_C_unrolled - a_G_unrolled)) / (4.0 * n_H * n_W * n_C)


def gram_matrix(A):
    """The Gram matrix of A: every pair of rows' dot product.

    Args:
        A: tensor of shape (n_C, n_H * n_W), one row per channel.
    Returns:
        GA: tensor of shape (n_C, n_C), A A^T.
    """
    tf = _tf()
    return tf.matmul(A, tf.transpose(A))                                 # (n_C, n_H*n_W) @ (n_H*n_W, n_C)


def compute_layer_style_cost(a_S, a_G):
    """Style cost of one layer: how far apart the Gram matrices of two images' activations are.

    Args:
        a_S: activations of the style image at the layer, shape (1, n_H, n_W, n_C).
        a_G: activations of the generated image, same shape.
    Returns:
        J_style_layer: scalar tensor, sum((G_S - G_G)^2) / (4 n_C^2 (n_H n_W)^2).
    """
    tf = _tf()
    m, n_H, n_W, n_C = a_G.get_shape().as_list()
    # One row per channel: reshape to (n_H * n_W, n_C) first, which keeps each pixel's channels
    # together, then transpose. Reshaping straight to (n_C, -1) would mix channels in every row.
    a_S = tf.transpose(tf.reshape(a_S, shape=[-1, n_C]))                 # (n_C, n_H * n_W)
    a_G = tf.transpose(tf.reshape(a_G, shape=[-1, n_C]))
    GS = gram_matrix(a_S)                                                # (n_C, n_C)
    GG = gram_matrix(a_G)
    return tf.reduce_sum(tf.square(GS - GG)) / (4.0 * n_C ** 2 * (n_H * n_W) ** 2)


def compute_style_cost(style_image_output, generated_image_output, STYLE_LAYERS=STYLE_LAYERS):
    """Weighted sum of the layer style costs over the style layers.

    Args:
        style_image_output: list of tensors, the style image's activations at each layer of
            STYLE_LAYERS, then at the content layer (not used here).
        generated_image_output: the same for the generated image.
        STYLE_LAYERS: list of (layer name, weight) pairs.
    Returns:
        J_style: scalar tensor, sum over layers of weight * J_style_layer.
    """
    a_S = style_image_output[:-1]                   # the last one is the content layer
    a_G = generated_image_output[:-1]
    J_style = 0
    for i, (_, weight) in enumerate(STYLE_LAYERS):
        J_style += weight * compute_layer_style_cost(a_S[i], a_G[i])
    return J_style


def total_cost(J_content, J_style, alpha=10, beta=40):
    """J = alpha J_content + beta J_style."""
    return alpha * J_content + beta * J_style


# ---------------------------------------------------------------------------------------------
# Optimising the generated image


def clip_0_1(image):
    """Clip every pixel value to [0, 1]."""
    return _tf().clip_by_value(image, clip_value_min=0.0, clip_value_max=1.0)


def make_train_step(vgg_model_outputs, a_S, a_C, optimizer, alpha=10, beta=40,
                    STYLE_LAYERS=STYLE_LAYERS):
    """The notebook's train_step, with the names it reads from the notebook passed in instead.

    Args:
        vgg_model_outputs: keras.Model from an image (1, n_H, n_W, 3) to the list of activations.
        a_S: that list for the style image;  a_C: for the content image.
        optimizer: a Keras optimizer, used for this image only.
    Returns:
        train_step(generated_image): one step of gradient descent on the tf.Variable
        generated_image (1, n_H, n_W, 3), clipped to [0, 1] afterwards; returns the total cost
        before the step.
    """
    tf = _tf()

    def train_step(generated_image):
        with tf.GradientTape() as tape:
            a_G = vgg_model_outputs(generated_image)
            J_style = compute_style_cost(a_S, a_G, STYLE_LAYERS)
            J_content = compute_content_cost(a_C, a_G)
            J = total_cost(J_content, J_style, alpha=alpha, beta=beta)
        grad = tape.gradient(J, generated_image)
        optimizer.apply_gradients([(grad, generated_image)])
        generated_image.assign(clip_0_1(generated_image))
        return J

    return train_step


# ---------------------------------------------------------------------------------------------
# The feature network


def random_vgg19(input_shape=(None, None, 3), seed=FEATURE_SEED, scaled=True):
    """The VGG19 architecture without its classifier, with fixed random weights.

    Every kernel is drawn by NumPy's generator from `seed` (the same weights on every machine and
    Keras version), from a normal distribution of standard deviation sqrt(2 / fan_in) (He et al.,
    2015), which keeps the scale of activations through a ReLU. The biases are zero, except
    those of block1_conv1, which subtract the response to a uniform grey: the input pixels in
    [0, 1] then act as if centred on 0.5. With `scaled`, each convolution's kernel and bias are
    then divided by the mean activation it gives on a fixed picture of smooth coloured noise
    (drawn from the same seed), layer by layer, so that every layer's mean activation is 1, as
    Gatys et al. normalised the trained VGG19: no layer's Gram matrix then dominates the style
    cost by its scale alone.

    The kernels are exactly the same everywhere; the rescaling factors, computed with TensorFlow,
    may differ in the last bits of float32 between machines.

    Args:
        input_shape: (n_H, n_W, 3); None for any size.
        seed: the weights' seed.
        scaled: rescale every layer to a mean activation of 1 (as the notebook does).
    Returns:
        keras.Model, frozen (trainable False), with VGG19's layer names.
    """
    _tf()
    import keras

    vgg = keras.applications.VGG19(include_top=False, weights=None, input_shape=input_shape)
    vgg.trainable = False
    rng = np.random.default_rng(seed)
    convs = [layer for layer in vgg.layers if isinstance(layer, keras.layers.Conv2D)]
    for layer in convs:
        kernel, bias = layer.get_weights()
        fan_in = int(np.prod(kernel.shape[:-1]))
        kernel = (rng.standard_normal(kernel.shape) * np.sqrt(2.0 / fan_in)).astype(np.float32)
        bias = np.zeros_like(bias)
        if layer is convs[0]:
            bias = (-0.5 * kernel.sum(axis=(0, 1, 2))).astype(np.float32)
        layer.set_weights([kernel, bias])
    if scaled:
        probe = _probe_image(rng)                                        # (1, 64, 64, 3)
        x = probe
        for layer in vgg.layers[1:]:
            x = layer(x)
            if isinstance(layer, keras.layers.Conv2D):
                mean = float(np.mean(np.asarray(x)))
                kernel, bias = layer.get_weights()
                layer.set_weights([kernel / mean, bias / mean])
                x = x / mean
    return vgg


def _probe_image(rng, size=64):
    """Smooth coloured noise in [0, 1], shape (1, size, size, 3): the picture the scaling sees."""
    noise = rng.uniform(0, 1, (size // 8, size // 8, 3))
    image = np.kron(noise, np.ones((8, 8, 1)))                          # (size, size, 3) blocks
    for _ in range(2):                                                   # soften the block edges
        image = (image + np.roll(image, 1, 0) + np.roll(image, -1, 0) + np.roll(image, 1, 1)
                 + np.roll(image, -1, 1)) / 5
    return image[None].astype(np.float32)


def get_layer_outputs(vgg, layer_names):
    """A model from vgg's input to the outputs of the named layers, in the order given.

    Args:
        vgg: keras.Model with VGG19's layer names.
        layer_names: list of (layer name, weight) pairs, e.g. STYLE_LAYERS + CONTENT_LAYER.
    """
    import keras

    outputs = [vgg.get_layer(name).output for name, _ in layer_names]
    return keras.Model(vgg.input, outputs)
