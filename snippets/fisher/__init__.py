"""Fisher information, the natural gradient and Adam's second moments."""

from snippets.fisher.adam import (
    adam_second_moment,
    classification_data,
    compare_adam_and_fisher,
    expected_squared_minibatch_gradient,
    fisher_diagonals,
)
from snippets.fisher.information import (
    bernoulli_fisher,
    bernoulli_logit_fisher,
    fisher_autograd,
    fisher_from_hessians,
    fisher_score_outer,
    gaussian_fisher,
    kl_bernoulli,
    kl_categorical,
    kl_gaussian,
    kl_quadratic,
    softmax_fisher,
)
from snippets.fisher.natural_gradient import (
    fit_in_two_parameterizations,
    gradient_descent,
    logistic_loss_grad_fisher,
    logistic_problem,
    natural_gradient,
    natural_gradient_descent,
    steepest_descent_in_kl,
)

__all__ = [
    "adam_second_moment",
    "bernoulli_fisher",
    "bernoulli_logit_fisher",
    "classification_data",
    "compare_adam_and_fisher",
    "expected_squared_minibatch_gradient",
    "fisher_autograd",
    "fisher_diagonals",
    "fisher_from_hessians",
    "fisher_score_outer",
    "fit_in_two_parameterizations",
    "gaussian_fisher",
    "gradient_descent",
    "kl_bernoulli",
    "kl_categorical",
    "kl_gaussian",
    "kl_quadratic",
    "logistic_loss_grad_fisher",
    "logistic_problem",
    "natural_gradient",
    "natural_gradient_descent",
    "softmax_fisher",
    "steepest_descent_in_kl",
]
