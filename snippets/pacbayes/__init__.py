"""PAC-Bayes and classical generalization bounds, with the quantities they need."""

from snippets.pacbayes.bounds import catoni_bound, maurer_kl_bound, mcallester_bound
from snippets.pacbayes.classical import (
    empirical_rademacher,
    fit_random_labels,
    mlp_parameter_count,
    rademacher_bound,
    vc_bound,
)
from snippets.pacbayes.curves import bounds_vs_kl, bounds_vs_m
from snippets.pacbayes.gaussian import kl_diag_gaussians
from snippets.pacbayes.kl import binary_kl, kl_inverse

__all__ = [
    "binary_kl",
    "bounds_vs_kl",
    "bounds_vs_m",
    "catoni_bound",
    "empirical_rademacher",
    "fit_random_labels",
    "kl_diag_gaussians",
    "kl_inverse",
    "maurer_kl_bound",
    "mcallester_bound",
    "mlp_parameter_count",
    "rademacher_bound",
    "vc_bound",
]
