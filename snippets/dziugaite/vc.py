"""The classical comparison of Dziugaite & Roy (2017), Table 1: the VC dimension of the network.

Their point: the VC dimension of these networks is in the millions, far above the number of
training examples, so any VC bound says nothing, while the PAC-Bayes bound of the same network
(made stochastic) is below 1.
"""

import math

from snippets._checks import check_count, check_open_unit, check_probability
from snippets.pacbayes.classical import mlp_parameter_count, vc_bound


def _check_layer_sizes(layer_sizes):
    if isinstance(layer_sizes, bool) or not isinstance(layer_sizes, (list, tuple)) or len(layer_sizes) < 2:
        raise ValueError(f"layer_sizes must be a list or tuple of >= 2 widths, got {layer_sizes!r}")
    return [check_count(f"layer_sizes[{i}]", n) for i, n in enumerate(layer_sizes)]


# --8<-- [start:vc_dimension_estimate]
def vc_dimension_estimate(layer_sizes):
    """The VC-dimension figure of Dziugaite & Roy (2017), Table 1 ("VC dimension" row):

        d = W * L * log2(W),

    W = ``mlp_parameter_count(layer_sizes)`` the number of weights and biases and L = len(layer_sizes)
    the number of layers of the network counting the input layer (the ``layers`` list of the
    authors' code, e.g. [784, 600, 1] for T-600; snn/core/extra_fn.py, count_MLP_params, "for
    computing VC dimension bound"). The paper reports "the best known upper bound" for ReLU
    networks, the O(W L log W) of Harvey, Liaw & Mehrabian (2017), "Nearly-tight VC-dimension bounds
    for piecewise linear neural networks" (COLT; journal version with Bartlett, JMLR 20, 2019), with
    the constant of the O(.) taken as 1. We found no formula printed in the paper; this one was
    reconstructed from its table: it gives 26.7 million for T-600 (784-600-1), 56.2 million for
    T-1200 and 65.5 million for T-600^2, within 3% of the table's 26m, 56m and 66m. It is the order
    of the rigorous bound, not itself a proved upper bound; a lower bound of the same order,
    Omega(W L log(W / L)), shows it is not much too large.
    """
    sizes = _check_layer_sizes(layer_sizes)
    n_weights = mlp_parameter_count(sizes)
    return n_weights * len(sizes) * math.log2(n_weights)
# --8<-- [end:vc_dimension_estimate]


# --8<-- [start:vc_bound_for_mlp]
def vc_bound_for_mlp(emp_risk, layer_sizes, m, delta):
    """The VC bound of the (deterministic) network, with d = ceil(``vc_dimension_estimate``):

        R(h) <= R_hat(h) + sqrt(2 ln Pi_H(m) / m) + sqrt(ln(1/delta) / (2 m)),
        ln Pi_H(m) <= min(d ln(e m / d), m ln 2) for m >= d,  m ln 2 for m < d,

    i.e. ``snippets.pacbayes.vc_bound`` (Mohri, Rostamizadeh & Talwalkar, Foundations of Machine
    Learning, 2nd ed. 2018, Cor. 3.18-3.19 with Sauer's lemma). Dziugaite & Roy (2017) report only
    d (Table 1); with d > m, as for all their networks and for ours, the growth function is 2^m and
    the bound exceeds sqrt(2 ln 2) ~ 1.18 whatever the training error: vacuous.
    """
    emp_risk = check_probability("emp_risk", emp_risk)
    d = math.ceil(vc_dimension_estimate(layer_sizes))
    m = check_count("m", m)
    delta = check_open_unit("delta", delta)
    return vc_bound(emp_risk, d, m, delta)
# --8<-- [end:vc_bound_for_mlp]
