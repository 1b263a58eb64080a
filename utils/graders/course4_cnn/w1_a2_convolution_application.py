"""Graders for course4_cnn/w1_a2_convolution_application.ipynb.

Each check builds the learner's model (no training) and compares it layer by layer with the
reference model built here: class, output shape, parameter count and the key settings (filters,
kernel size, pool size, strides, padding, activation, axis). `convolutional_model` is built for
two input shapes, so a hard-coded shape fails.
"""

from utils.grading import Checker, compare_architecture, describe_model


def _keras():
    from utils.notebook import import_tensorflow

    import_tensorflow()
    import keras

    return keras


def reference_happy_model():
    """ZEROPAD(3) -> CONV2D(32, 7x7, stride 1) -> BATCHNORM(axis 3) -> RELU -> MAXPOOL(2) -> FLATTEN
    -> DENSE(1, sigmoid), on (64, 64, 3) pictures."""
    keras = _keras()
    layers = keras.layers
    return keras.Sequential([
        keras.Input(shape=(64, 64, 3)),
        layers.ZeroPadding2D(padding=3),
        layers.Conv2D(32, (7, 7), strides=(1, 1)),
        layers.BatchNormalization(axis=3),
        layers.ReLU(),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(1, activation="sigmoid"),
    ])


def reference_convolutional_model(input_shape):
    """CONV2D(8, 4x4, same) -> RELU -> MAXPOOL(8, stride 8, same) -> CONV2D(16, 2x2, same) -> RELU
    -> MAXPOOL(4, stride 4, same) -> FLATTEN -> DENSE(6, softmax)."""
    keras = _keras()
    layers = keras.layers
    input_img = keras.Input(shape=input_shape)
    Z1 = layers.Conv2D(8, (4, 4), strides=(1, 1), padding="same")(input_img)
    A1 = layers.ReLU()(Z1)
    P1 = layers.MaxPooling2D(pool_size=(8, 8), strides=(8, 8), padding="same")(A1)
    Z2 = layers.Conv2D(16, (2, 2), strides=(1, 1), padding="same")(P1)
    A2 = layers.ReLU()(Z2)
    P2 = layers.MaxPooling2D(pool_size=(4, 4), strides=(4, 4), padding="same")(A2)
    F = layers.Flatten()(P2)
    outputs = layers.Dense(6, activation="softmax")(F)
    return keras.Model(inputs=input_img, outputs=outputs)


def check_happyModel(happyModel):
    c = Checker(happyModel, "happyModel")
    model = c.call()
    compare_architecture(model, describe_model(reference_happy_model()), "happyModel",
                         input_shape=(None, 64, 64, 3))
    c.ok("a keras Model of 7 layers: ZeroPadding2D, Conv2D, BatchNormalization, ReLU, MaxPooling2D, "
         "Flatten, Dense")
    c.ok("every layer has the expected settings, output shape and number of parameters")
    c.done()


def check_convolutional_model(convolutional_model):
    c = Checker(convolutional_model, "convolutional_model")
    for input_shape in ((64, 64, 3), (48, 40, 2)):
        model = c.call(input_shape)
        expected = describe_model(reference_convolutional_model(input_shape))
        compare_architecture(model, expected, f"convolutional_model(input_shape={input_shape})",
                             input_shape=(None, *input_shape))
    c.ok("built for inputs of shape (64, 64, 3) and (48, 40, 2): a keras Model of 8 layers, "
         "Conv2D, ReLU, MaxPooling2D, Conv2D, ReLU, MaxPooling2D, Flatten, Dense")
    c.ok("every layer has the expected settings, output shape and number of parameters")
    c.done()
