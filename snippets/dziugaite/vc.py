"""The classical comparison of Dziugaite & Roy (2017): the VC dimension of the network and its bound.

Their point: the VC dimension of these networks is in the millions, far above the number of
training examples, so any VC bound says nothing, while the PAC-Bayes bound of the same network
(made stochastic) is below 1.
"""

import math

from snippets._domains import Count, Numbers, OpenUnit, Probability, checked
from snippets.pacbayes.classical import mlp_parameter_count, vc_bound


# --8<-- [start:vc_dimension_estimate]
@checked
def vc_dimension_estimate(layer_sizes: Numbers(ndim=1, entries=Count, min_size=2)):
    """An estimate of the VC dimension of a ReLU MLP, of the order of the best known upper bound:

        d = W * L * log2(W),

    W = ``mlp_parameter_count(layer_sizes)`` the number of weights and biases and L = len(layer_sizes)
    the number of layers counting the input layer (e.g. [784, 600, 1] for the paper's T-600: 26.7
    million). Bartlett, Harvey, Liaw & Mehrabian (2019), "Nearly-tight VC-dimension and
    pseudodimension bounds for piecewise linear neural networks", JMLR 20(63) (COLT 2017 version
    by Harvey, Liaw & Mehrabian), prove an upper bound O(W L log W) and a lower bound
    Omega(W L log(W / L)); this takes the O(.) constant as 1, so it is the order of the rigorous
    bound, not itself a proved upper bound. Dziugaite & Roy (2017) compare with the VC dimension
    in their Table 1; we could not check their formula against the paper's text, so the chapter
    presents this as our estimate. The comparison does not hinge on the constant: any d > m makes
    the VC bound vacuous (``vc_bound_for_mlp``).
    """
    sizes = layer_sizes.tolist()
    n_weights = mlp_parameter_count(sizes)
    return n_weights * len(sizes) * math.log2(n_weights)
# --8<-- [end:vc_dimension_estimate]


# --8<-- [start:vc_bound_for_mlp]
@checked
def vc_bound_for_mlp(
    emp_risk: Probability, layer_sizes: Numbers(ndim=1, entries=Count, min_size=2), m: Count, delta: OpenUnit,
):
    """The VC bound of the (deterministic) network, with d = ceil(``vc_dimension_estimate``):

        R(h) <= R_hat(h) + sqrt(2 ln Pi_H(m) / m) + sqrt(ln(1/delta) / (2 m)),
        ln Pi_H(m) <= min(d ln(e m / d), m ln 2) for m >= d,  m ln 2 for m < d,

    i.e. ``snippets.pacbayes.vc_bound`` (Mohri, Rostamizadeh & Talwalkar, Foundations of Machine
    Learning, 2nd ed. 2018, Cor. 3.18-3.19 with Sauer's lemma). With d > m, as for the paper's
    networks and for ours, the growth function is 2^m and the bound exceeds sqrt(2 ln 2) ~ 1.18
    whatever the training error: vacuous.
    """
    d = math.ceil(vc_dimension_estimate(layer_sizes))
    return vc_bound(emp_risk, d, m, delta)
# --8<-- [end:vc_bound_for_mlp]
