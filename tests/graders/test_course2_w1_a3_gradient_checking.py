"""Graders of course2_improving_dnn/w1_a3 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions are rejected with the mistake named where it is a known one."""

import numpy as np
from helpers import passes, rejects

from utils.graders.course2_improving_dnn import w1_a3_gradient_checking as grader


def test_forward_propagation_wrong_versions():
    def plus(x, theta):
        return theta + x

    def derivative(x, theta):
        return x

    def nothing(x, theta):
        theta * x

    def as_list(x, theta):
        return [theta * x]

    rejects(grader.check_forward_propagation, plus, "theta + x")
    rejects(grader.check_forward_propagation, derivative, "the derivative")
    rejects(grader.check_forward_propagation, nothing, "is None")
    rejects(grader.check_forward_propagation, as_list, "should be a number")


def test_backward_propagation_wrong_versions():
    def theta_back(x, theta):
        return theta

    def cost(x, theta):
        return theta * x

    def one(x, theta):
        return 1.0

    rejects(grader.check_backward_propagation, theta_back, "derivative of theta * x")
    rejects(grader.check_backward_propagation, cost, "not its derivative")
    rejects(grader.check_backward_propagation, one, "is wrong")


# The wrong versions below call forward_propagation / backward_propagation from their module's
# globals, as a learner's function calls the notebook's: the grader substitutes its own.
forward_propagation = backward_propagation = forward_propagation_n = vector_to_dictionary = None


def _np_difference(grad, gradapprox):
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def test_gradient_check_wrong_versions():
    def one_sided(x, theta, epsilon=1e-7, print_msg=False):
        gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta)) / epsilon
        return _np_difference(backward_propagation(x, theta), gradapprox)

    def no_factor_2(x, theta, epsilon=1e-7, print_msg=False):
        gradapprox = (forward_propagation(x, theta + epsilon)
                      - forward_propagation(x, theta - epsilon)) / epsilon
        return _np_difference(backward_propagation(x, theta), gradapprox)

    def no_denominator(x, theta, epsilon=1e-7, print_msg=False):
        gradapprox = (forward_propagation(x, theta + epsilon)
                      - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
        return np.linalg.norm(backward_propagation(x, theta) - gradapprox)

    def only_grad_norm(x, theta, epsilon=1e-7, print_msg=False):
        gradapprox = (forward_propagation(x, theta + epsilon)
                      - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
        grad = backward_propagation(x, theta)
        return np.linalg.norm(grad - gradapprox) / np.linalg.norm(grad)

    def returns_gradapprox(x, theta, epsilon=1e-7, print_msg=False):
        return (forward_propagation(x, theta + epsilon)
                - forward_propagation(x, theta - epsilon)) / (2 * epsilon)

    rejects(grader.check_gradient_check, one_sided, "one-sided")
    rejects(grader.check_gradient_check, no_factor_2, "2 * epsilon apart")
    rejects(grader.check_gradient_check, no_denominator, "divide by ||grad|| + ||gradapprox||")
    rejects(grader.check_gradient_check, only_grad_norm, "the denominator is ||grad|| alone")
    rejects(grader.check_gradient_check, returns_gradapprox, "is wrong", "x * theta^3")


def _gradient_check_n(variant):
    """A learner-style gradient_check_n with one mistake."""
    from utils.nn.gradient_check import dictionary_to_vector, gradients_to_vector

    def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
        parameters_values, _ = dictionary_to_vector(parameters)
        grad = gradients_to_vector(gradients)
        n = 47 if variant == "hard-coded" else parameters_values.shape[0]
        gradapprox = np.zeros((n, 1))
        for i in range(n):
            theta_plus = parameters_values if variant == "no copy" else np.copy(parameters_values)
            theta_plus[i] += epsilon
            J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
            theta_minus = parameters_values if variant == "no copy" else np.copy(parameters_values)
            theta_minus[i] -= epsilon
            J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
            if variant == "one-sided":
                J_zero, _ = forward_propagation_n(X, Y, vector_to_dictionary(parameters_values))
                gradapprox[i] = (J_plus - J_zero) / epsilon
            elif variant == "no factor 2":
                gradapprox[i] = (J_plus - J_minus) / epsilon
            else:
                gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
        numerator = np.linalg.norm(grad - gradapprox)
        if variant == "no denominator":
            return numerator
        return numerator / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))

    return gradient_check_n


def test_gradient_check_n_wrong_versions():
    rejects(grader.check_gradient_check_n, _gradient_check_n("no copy"), "np.copy(parameters_values)")
    rejects(grader.check_gradient_check_n, _gradient_check_n("one-sided"), "one-sided")
    rejects(grader.check_gradient_check_n, _gradient_check_n("no factor 2"), "2 * epsilon apart")
    rejects(grader.check_gradient_check_n, _gradient_check_n("no denominator"),
            "divide by ||grad|| + ||gradapprox||")
    rejects(grader.check_gradient_check_n, _gradient_check_n("hard-coded"), "raised IndexError",
            "[3, 4, 2, 1]")


def test_the_sanity_of_the_wrong_versions():
    """The mistake-free variant of the helper above passes, so the rejections are about the mistakes."""
    passes(grader.check_gradient_check_n, _gradient_check_n(None))
