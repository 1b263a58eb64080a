"""Graders of course2_improving_dnn/w1_a3 (solution and blank stub: tests/test_grader_contract.py):
plausible wrong versions are rejected with the mistake named where it is a known one."""

import textwrap

import numpy as np
import pytest
from helpers import exercises, passes
from helpers import rejects as _rejects

from utils.graders.course2_improving_dnn import w1_a3_gradient_checking as grader
from utils.grading import with_globals

NOTEBOOK = "course2_improving_dnn/w1_a3_gradient_checking.ipynb"


def rejects(check, fn, *fragments):
    """helpers.rejects, with the fragments looked for in the message as one line: messages are
    wrapped at word boundaries, so a fragment may straddle a line break."""
    message = " ".join(_rejects(check, fn).split())
    for fragment in fragments:
        assert " ".join(fragment.split()) in message, f"{fragment!r} not in:\n{message}"
    return message


def solution(name):
    return exercises(NOTEBOOK)[name]


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


# ---------------------------------------------------------------------------------------------
# Each check judges its own exercise


def _wrong_forward(x, theta):
    return theta + x


def _wrong_backward(x, theta):
    return theta


@pytest.mark.parametrize("helper, wrong_helper", [
    ("forward_propagation", _wrong_forward),
    ("backward_propagation", _wrong_backward),
])
def test_gradient_check_beside_a_wrong_helper_passes_with_a_note(helper, wrong_helper):
    function = with_globals(solution("gradient_check"), **{helper: wrong_helper})
    out = passes(grader.check_gradient_check, function)
    assert (f"note: your {helper} does not pass check_{helper} yet; gradient_check was checked with the "
            f"reference {helper}") in " ".join(out.split())


def test_gradient_check_beside_a_helper_not_attempted_passes_with_a_note():
    blank = exercises(NOTEBOOK, blank=True)["forward_propagation"]
    function = with_globals(solution("gradient_check"), forward_propagation=blank)
    out = passes(grader.check_gradient_check, function)
    assert "note: your forward_propagation is not attempted yet" in " ".join(out.split())


def test_gradient_check_n_runs_on_the_graders_helpers():
    """forward_propagation_n and the vector helpers are given: whatever the kernel holds under those
    names, gradient_check_n is run with the grader's own (silently: there is nothing to note)."""
    def broken_forward_n(X, Y, parameters):
        return 0.0, None

    out = passes(grader.check_gradient_check_n, with_globals(
        solution("gradient_check_n"), forward_propagation_n=broken_forward_n,
        vector_to_dictionary=None, dictionary_to_vector=None, gradients_to_vector=None))
    assert "note:" not in out


def learner_function(source):
    """A function written in a cell of the notebook, beside the notebook's correct helpers."""
    namespace = dict(exercises(NOTEBOOK))
    exec(textwrap.dedent(source), namespace)
    return namespace[source.split("def ", 1)[1].split("(", 1)[0]]


def test_a_wrong_function_beside_correct_helpers_fails_without_a_note():
    one_sided = learner_function("""
        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            gradapprox = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta)) / epsilon
            grad = backward_propagation(x, theta)
            return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
    """)
    message = rejects(grader.check_gradient_check, one_sided, "one-sided")
    assert "note:" not in message

    no_copy = learner_function("""
        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            gradapprox = np.zeros_like(parameters_values)
            for i in range(parameters_values.shape[0]):
                theta_plus = parameters_values
                theta_plus[i] += epsilon
                J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
                theta_minus = parameters_values
                theta_minus[i] -= epsilon
                J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
                gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
            return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
    """)
    message = rejects(grader.check_gradient_check_n, no_copy, "np.copy(parameters_values)")
    assert "note:" not in message


def test_code_written_for_the_original_course_passes():
    ns = dict(exercises(NOTEBOOK))
    exec(textwrap.dedent("""
        def forward_propagation(x, theta):
            J = np.dot(theta, x)
            return J

        def backward_propagation(x, theta):
            dtheta = x
            return dtheta

        def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
            theta_plus = theta + epsilon
            theta_minus = theta - epsilon
            J_plus = forward_propagation(x, theta_plus)
            J_minus = forward_propagation(x, theta_minus)
            gradapprox = (J_plus - J_minus) / (2 * epsilon)
            grad = backward_propagation(x, theta)
            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference > 2e-7:
                    print("There is a mistake in the backward propagation! difference = " + str(difference))
                else:
                    print("Your backward propagation works perfectly fine! difference = " + str(difference))
            return difference

        def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
            parameters_values, _ = dictionary_to_vector(parameters)
            grad = gradients_to_vector(gradients)
            num_parameters = parameters_values.shape[0]
            J_plus = np.zeros((num_parameters, 1))
            J_minus = np.zeros((num_parameters, 1))
            gradapprox = np.zeros((num_parameters, 1))
            for i in range(num_parameters):
                theta_plus = np.copy(parameters_values)
                theta_plus[i] = theta_plus[i] + epsilon
                J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
                theta_minus = np.copy(parameters_values)
                theta_minus[i] = theta_minus[i] - epsilon
                J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
                gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
            numerator = np.linalg.norm(grad - gradapprox)
            denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
            difference = numerator / denominator
            if print_msg:
                if difference > 2e-7:
                    print("There is a mistake in the backward propagation! difference = " + str(difference))
                else:
                    print("Your backward propagation works perfectly fine! difference = " + str(difference))
            return difference
    """), ns)
    for name in ("forward_propagation", "backward_propagation", "gradient_check", "gradient_check_n"):
        out = passes(getattr(grader, f"check_{name}"), ns[name])
        assert "note:" not in out
