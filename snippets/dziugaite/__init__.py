"""Dziugaite & Roy (2017): a nonvacuous PAC-Bayes bound for a stochastic MLP, computed on a laptop.

G. K. Dziugaite and D. M. Roy, "Computing Nonvacuous Generalization Bounds for Deep (Stochastic)
Neural Networks with Many More Parameters than Training Data", UAI 2017 (arXiv:1703.11008); the
authors' code is github.com/gkdziugaite/pacbayes-opt. One module per step: data, network and
train (SGD), objective (the bound optimized over a Gaussian posterior), bound (the final,
rigorous evaluation), vc (the classical comparison), experiment (a row of their Table 1) and
prior_scale (the prior's scale c chosen for the data set, paid for by a union bound).
"""

from snippets.dziugaite.bound import (
    pac_bayes_kl_bound,
    round_lambda,
    sample_convergence_bound,
    snn_error_mc,
)
from snippets.dziugaite.data import load_digits_binary, load_mnist_binary, random_labels, read_idx
from snippets.dziugaite.experiment import run
from snippets.dziugaite.network import MLP, error_rate
from snippets.dziugaite.objective import (
    b_re,
    kl_to_prior,
    optimize_posterior,
    relaxed_objective,
    union_bound_term,
)
from snippets.dziugaite.prior_scale import SCALE_GRID, run_scale_grid, scale_grid_bound
from snippets.dziugaite.results import load_results, load_scale_grid, result, scale_grid_price, scale_grid_result
from snippets.dziugaite.train import train_sgd
from snippets.dziugaite.vc import vc_bound_for_mlp, vc_dimension_estimate

__all__ = [
    "MLP",
    "SCALE_GRID",
    "b_re",
    "error_rate",
    "kl_to_prior",
    "load_digits_binary",
    "load_mnist_binary",
    "load_results",
    "load_scale_grid",
    "optimize_posterior",
    "pac_bayes_kl_bound",
    "random_labels",
    "read_idx",
    "relaxed_objective",
    "result",
    "round_lambda",
    "run",
    "run_scale_grid",
    "sample_convergence_bound",
    "scale_grid_bound",
    "scale_grid_price",
    "scale_grid_result",
    "snn_error_mc",
    "train_sgd",
    "union_bound_term",
    "vc_bound_for_mlp",
    "vc_dimension_estimate",
]
