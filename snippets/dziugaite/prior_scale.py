"""The prior's scale c chosen for the data set at hand, and paid for by a union bound.

Dziugaite & Roy restrict the prior variance to the grid lam_j = c exp(-j/b), j = 1, 2, ..., with
b = 100 and c = 0.1 (Sec. 3; their code, snn/core/network.py), and the optimizer keeps lam <= lam_1
= c e^{-1/b}. c was chosen for MNIST. On the digits the optimized lam ends at that top (j = 1 in
every committed results file), so c, not the data, sets the prior's width. Choosing c after seeing
the data is legal only if the choice is paid for: a grid of K scales c_1, ..., c_K is fixed before
any data are seen (``SCALE_GRID``), each scale is run with the confidences split K ways, and the
smallest of the K bounds is kept (``run_scale_grid``, ``scale_grid_bound``).
"""

from snippets._domains import (
    AtLeast,
    Bool,
    Count,
    Maybe,
    NonNegative,
    Numbers,
    OneOf,
    OpenUnit,
    Positive,
    Probability,
    Seed,
    checked,
)
from snippets._torch import Device
from snippets.dziugaite._common import Directory, Hidden
from snippets.dziugaite.bound import pac_bayes_kl_bound
from snippets.dziugaite.experiment import DELTA, DELTA_PRIME, run

SCALE_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)  # fixed before the data are seen: the paper's 0.1, then steps of ~sqrt(10)


# --8<-- [start:scale_grid_bound]
@checked
def scale_grid_bound(
    err_bound: Probability, kl: NonNegative, m: AtLeast(2), delta: OpenUnit, j: Count, n_scales: Count,
):
    """The final bound when the prior P_kj = N(w0, c_k exp(-j/b) I) is picked from K = ``n_scales``
    scales c_1, ..., c_K (fixed in advance) and the grid points j = 1, 2, ... of each:

        e(Q) <= kl^{-1}( e_bar, [ KL(Q || P_kj) + ln(pi^2 m j^2 / (6 delta)) + ln K ] / (m - 1) ).

    The pair (k, j) gets the confidence delta_kj = 6 delta / (K pi^2 j^2); these sum to delta over
    all k and j, so with probability >= 1 - delta the bound holds for every Q, k and j at once, and
    k may be chosen after seeing the data. ln(1/delta_kj) = ln(pi^2 j^2 / (6 delta)) + ln K: the
    choice of c costs ln K nats, added to the KL exactly as the choice of j costs 2 ln j + ln(pi^2/6)
    (``objective.union_bound_term``). So this is ``bound.pac_bayes_kl_bound`` at delta / K; K = 1 is
    that bound. e_bar must bound the training error of the Q that is kept: with the Monte Carlo
    step (``bound.sample_convergence_bound``) run at delta' / K for each k, all K hold at once with
    probability >= 1 - delta', and the kept bound with probability >= 1 - delta - delta'.
    Source: the union bound of Dziugaite & Roy (2017), Sec. 3, applied once more, over c.
    """
    return pac_bayes_kl_bound(err_bound, kl, m, delta / n_scales, j)
# --8<-- [end:scale_grid_bound]


@checked
def run_scale_grid(
    scales: Numbers(ndim=1, entries=Positive, min_size=1) = SCALE_GRID, dataset: OneOf("digits", "mnist") = "digits",
    mnist_path: Maybe(Directory) = None, hidden: Maybe(Hidden) = None,
    mode: OneOf("quick", "full", "smoke") = "quick", seed: Seed = 0, device: Device = None, progress: Bool = True,
):
    """``experiment.run`` (true labels) once per scale c_k of ``scales``, each with delta / K and
    delta' / K (K = len(scales), the paper's delta = 0.025 and delta' = 0.01 in total); returns
    {"scales", "delta", "delta_prime" (the totals), "runs": one ``run`` row per scale, in order}.

    Each row's "pac_bayes_bound" is ``scale_grid_bound`` for its scale, so the smallest of them holds
    with probability >= 1 - delta - delta' = 0.965, the same as one run with the paper's c alone.
    The other arguments are ``run``'s; the same seed gives every scale the same SGD network and
    the same Monte Carlo draws (the union bound needs no independence).
    """
    n_scales = len(scales)
    runs = [
        run(dataset=dataset, mnist_path=mnist_path, hidden=hidden, mode=mode, seed=seed, device=device,
            progress=progress, c=float(c), delta=DELTA / n_scales, delta_prime=DELTA_PRIME / n_scales)
        for c in scales
    ]
    return {"scales": [float(c) for c in scales], "delta": DELTA, "delta_prime": DELTA_PRIME, "runs": runs}

