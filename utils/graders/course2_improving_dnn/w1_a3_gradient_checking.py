"""Graders for course2_improving_dnn/w1_a3_gradient_checking.ipynb.

The gradient checks are run on the grader's own functions: the learner's gradient_check and
gradient_check_n are called through a copy that sees the grader's forward and backward passes
(a cubic J, another network of layer sizes [3, 4, 2, 1], gradients with a planted bug) in place of
the notebook's, so the value of `difference` can be compared with the reference formula. This is
the `uses` of utils.grading.Checker: gradient_check is judged on its own code even while the
learner's forward_propagation or backward_propagation does not pass yet (a note then says so);
gradient_check_n gets the grader's forward_propagation_n and the vector/dictionary helpers.
"""

import functools

import numpy as np

from utils.graders.course2_improving_dnn._common import quietly
from utils.grading import Checker, CheckFailed, NotAttempted, with_globals
from utils.nn import three_layer
from utils.nn.gradient_check import dictionary_to_vector, gradients_to_vector, vector_to_dictionary

DIFFERENCE_HINT = ("difference = ||grad - gradapprox|| / (||grad|| + ||gradapprox||), with "
                   "gradapprox = (J_plus - J_minus) / (2 * epsilon).")


def check_forward_propagation(forward_propagation):
    c = Checker(forward_propagation, "forward_propagation")
    for x, theta in ((2.5, -1.5), (-3.0, 0.75), (0.5, 4.0)):
        c.same_scalar(c.call(x, theta), theta * x, what=f"forward_propagation({x}, {theta})", mistakes={
            "that is theta + x; J is the product theta * x": theta + x,
            "that is x, the derivative; the forward pass returns J = theta * x": x,
            "that is theta ** x; J is the product theta * x": theta**x,
        })
    c.ok("J = theta * x for three pairs (x, theta)")
    c.done()


def check_backward_propagation(backward_propagation):
    c = Checker(backward_propagation, "backward_propagation")
    for x, theta in ((2.5, -1.5), (-3.0, 0.75), (0.5, 4.0)):
        c.same_scalar(c.call(x, theta), x, what=f"backward_propagation({x}, {theta})", mistakes={
            "that is theta; the derivative of theta * x with respect to theta is x": theta,
            "that is J = theta * x itself, not its derivative": theta * x,
        })
    c.ok("dtheta = x for three pairs (x, theta)")
    c.done()


# ---------------------------------------------------------------------------------------------
# One dimension


def _difference(grad, gradapprox, variant=None):
    numerator = np.linalg.norm(grad - gradapprox)
    if variant == "no denominator":
        return float(numerator)
    if variant == "denominator without gradapprox":
        return float(numerator / np.linalg.norm(grad))
    if variant == "denominator is the norm of the sum":
        return float(numerator / np.linalg.norm(grad + gradapprox))
    return float(numerator / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))


def _approx(J_plus, J_minus, J_zero, epsilon, variant):
    if variant == "one-sided":
        return (J_plus - J_zero) / epsilon
    if variant == "no factor 2":
        return (J_plus - J_minus) / epsilon
    if variant == "swapped":
        return (J_minus - J_plus) / (2 * epsilon)
    return (J_plus - J_minus) / (2 * epsilon)


_MISTAKES = {
    "one-sided": "gradapprox is the one-sided (J(theta + epsilon) - J(theta)) / epsilon; use the two-sided "
                 "(J_plus - J_minus) / (2 * epsilon)",
    "no factor 2": "gradapprox is divided by epsilon; the two points are 2 * epsilon apart",
    "swapped": "gradapprox is (J_minus - J_plus) / (2 * epsilon): the sign is flipped",
    "no denominator": "difference is ||grad - gradapprox|| alone; divide by ||grad|| + ||gradapprox||",
    "denominator without gradapprox": "the denominator is ||grad|| alone; use ||grad|| + ||gradapprox||",
    "denominator is the norm of the sum": "the denominator is ||grad + gradapprox||; use "
                                          "||grad|| + ||gradapprox||",
}


def _reference_1d(forward, backward, x, theta, epsilon, variant=None):
    gradapprox = _approx(forward(x, theta + epsilon), forward(x, theta - epsilon), forward(x, theta),
                         epsilon, variant)
    return _difference(backward(x, theta), gradapprox, variant)


def _cubic(x, theta):
    return x * theta**3


def _cubic_derivative(x, theta):
    return 3 * x * theta**2


def check_gradient_check(gradient_check):
    cubic, cubic_derivative = _cubic, _cubic_derivative
    c = Checker(gradient_check, "gradient_check", uses={
        "forward_propagation": (cubic, check_forward_propagation),
        "backward_propagation": (cubic_derivative, check_backward_propagation),
    })
    isolated = c.fn

    def cubic_derivative_doubled(x, theta):
        return 6 * x * theta**2

    cases = [
        ("J = x * theta^3 and its right derivative, epsilon=1e-3", cubic_derivative, 1.5, -1.2, 1e-3),
        ("J = x * theta^3 and a backward pass that doubles the derivative, epsilon=1e-5",
         cubic_derivative_doubled, -0.8, 2.0, 1e-5),
    ]
    for description, backward, x, theta, epsilon in cases:
        c.fn = with_globals(isolated, forward_propagation=cubic, backward_propagation=backward)
        got = quietly(c, x, theta, epsilon=epsilon)
        c.last_call = f"gradient_check({x}, {theta}, epsilon={epsilon}) on {description}"
        expected = _reference_1d(cubic, backward, x, theta, epsilon)
        mistakes = {label: _reference_1d(cubic, backward, x, theta, epsilon, variant)
                    for variant, label in _MISTAKES.items()}
        c.same_scalar(got, expected, what="the difference", rtol=1e-3, atol=1e-12, mistakes=mistakes,
                      hint=DIFFERENCE_HINT)
    c.ok("with the grader's J = x * theta^3: tiny difference for the right derivative, "
         "1/3 for a doubled one")

    def linear(x, theta):
        return theta * x

    def linear_derivative(x, theta):
        return x

    c.fn = with_globals(isolated, forward_propagation=linear, backward_propagation=linear_derivative)
    for print_msg in (False, True):
        got = quietly(c, -2.0, 0.5, print_msg=print_msg)
        c.same_scalar(got, 0.0, what="the difference for J = theta * x with the default epsilon",
                      atol=1e-7, hint=DIFFERENCE_HINT)
    c.ok("the default epsilon gives a difference below 1e-7 for J = theta * x, with and without print_msg")
    c.done()


# ---------------------------------------------------------------------------------------------
# N dimensions

GRADER_DIMS = (3, 4, 2, 1)


def _grader_network(seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((GRADER_DIMS[0], 6))
    Y = np.array([[1, 0, 0, 1, 1, 0]])
    parameters = {}
    for l in range(1, len(GRADER_DIMS)):
        parameters[f"W{l}"] = rng.standard_normal((GRADER_DIMS[l], GRADER_DIMS[l - 1]))
        parameters[f"b{l}"] = 0.5 * rng.standard_normal((GRADER_DIMS[l], 1))
    return X, Y, parameters


def _forward_n(X, Y, parameters):
    A3, cache = three_layer.forward_propagation(X, parameters)
    return three_layer.compute_cost(A3, Y), cache


_to_dictionary = functools.partial(vector_to_dictionary, layer_dims=GRADER_DIMS)


def _reference_n(parameters, gradients, X, Y, epsilon, variant=None):
    theta, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    J_zero = _forward_n(X, Y, _to_dictionary(theta))[0]
    gradapprox = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        shift = np.zeros_like(theta)
        shift[i] = epsilon
        J_plus = _forward_n(X, Y, _to_dictionary(theta + shift))[0]
        if variant == "no copy":
            # theta_plus and theta_minus are theta itself: -epsilon undoes +epsilon, so J_minus = J(theta)
            gradapprox[i] = (J_plus - J_zero) / (2 * epsilon)
            continue
        J_minus = _forward_n(X, Y, _to_dictionary(theta - shift))[0]
        gradapprox[i] = _approx(J_plus, J_minus, J_zero, epsilon, variant)
    return _difference(grad, gradapprox, variant)


def _mistakes_n(parameters, gradients, X, Y, epsilon, skip=()):
    return {label: _reference_n(parameters, gradients, X, Y, epsilon, variant)
            for variant, label in _MISTAKES_N.items() if variant not in skip}


_MISTAKES_N = dict(_MISTAKES, **{
    "no copy": "theta_plus and theta_minus are the parameter vector itself; make each one a copy "
               "with np.copy(parameters_values) before changing entry i",
})


def check_gradient_check_n(gradient_check_n):
    c = Checker(gradient_check_n, "gradient_check_n", uses={
        "forward_propagation_n": (_forward_n, None),
        "vector_to_dictionary": (_to_dictionary, None),
        "dictionary_to_vector": (dictionary_to_vector, None),
        "gradients_to_vector": (gradients_to_vector, None),
    })
    X, Y, parameters = _grader_network(seed=21)
    _, cache = _forward_n(X, Y, parameters)
    gradients = three_layer.backward_propagation(X, Y, cache)

    def run(grads, epsilon, description):
        # epsilon=1e-7 is the default: leave it out, as the notebook's calls do
        kwargs = {} if epsilon == 1e-7 else {"epsilon": epsilon}
        try:
            got = quietly(c, parameters, grads, X, Y, **kwargs)
        except NotAttempted:
            raise
        except CheckFailed as failure:
            raise CheckFailed(f"{failure}\n  note: the grader runs your function on its own network, of "
                              f"layer sizes {list(GRADER_DIMS)} (29 parameters, not 47): take every size "
                              "from the arrays, e.g. num_parameters = parameters_values.shape[0]") from None
        c.last_call = (f"gradient_check_n(parameters, gradients, X, Y, epsilon={epsilon:g}) on the grader's "
                       f"network of layer sizes {list(GRADER_DIMS)}, with {description}")
        return got

    buggy = {key: value.copy() for key, value in gradients.items()}
    buggy["dW2"] = 3 * buggy["dW2"]
    buggy["db1"] = buggy["db1"] + 0.5
    got = run(buggy, 1e-7, "dW2 tripled and 0.5 added to db1")
    expected = _reference_n(parameters, buggy, X, Y, 1e-7)
    c.same_scalar(got, expected, what="the difference", rtol=1e-5,
                  mistakes=_mistakes_n(parameters, buggy, X, Y, 1e-7), hint=DIFFERENCE_HINT)
    c.ok(f"planted bugs in dW2 and db1 are flagged (difference {expected:.3f})")
    got = run(gradients, 1e-7, "correct gradients")
    c.same_scalar(got, 0.0, what="the difference for correct gradients", atol=2e-7,
                  mistakes=_mistakes_n(parameters, gradients, X, Y, 1e-7, skip=("one-sided",)),
                  hint=DIFFERENCE_HINT)
    c.ok(f"correct gradients of a network of layer sizes {list(GRADER_DIMS)} (29 parameters) pass: "
         "difference below 2e-7")

    got = run(gradients, 1e-4, "correct gradients")
    expected = _reference_n(parameters, gradients, X, Y, 1e-4)
    c.same_scalar(got, expected, what="the difference", rtol=1e-3, atol=1e-12,
                  mistakes=_mistakes_n(parameters, gradients, X, Y, 1e-4), hint=DIFFERENCE_HINT)
    c.ok("with epsilon=1e-4 the difference matches the two-sided estimate's; inputs left unchanged")

    c.done()
