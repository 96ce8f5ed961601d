"""Step 3 of Dziugaite & Roy (2017): evaluate the final, rigorous bound for the optimized posterior.

Three pieces: the prior variance is rounded to the grid lam_j = c exp(-j/b); the stochastic
network's training error, an expectation over Q, is estimated by Monte Carlo and bounded above by
a sample-convergence bound; the PAC-Bayes-kl bound is then inverted at that upper estimate.
"""

import math

import torch

from snippets._domains import AtLeast, Count, NonNegative, OneOf, OpenUnit, Positive, Probability, Seed, checked
from snippets._torch import Device
from snippets.dziugaite._common import Inputs, Labels, TensorLike
from snippets.dziugaite.network import IsMLP, _match_mlp
from snippets.dziugaite.objective import LOG_PI2_OVER_6
from snippets.pacbayes.kl import kl_inverse


# --8<-- [start:round_lambda]
@checked
def round_lambda(
    lam: Positive, b: Positive = 100, c: Positive = 0.1, direction: OneOf("nearest", "down", "up") = "nearest",
):
    """Round a prior variance lam to the grid lam_j = c exp(-j / b), j = 1, 2, ...; returns (lam_j, j).

    j is b ln(c / lam) rounded to the nearest integer (``direction="nearest"``), down (``"down"``,
    a larger lam_j) or up (``"up"``, a smaller lam_j), and at least 1; a lam within float rounding
    (relative 1e-9 in j) of a grid point is that grid point. The bound is valid at every
    grid point at once (``union_bound_term``), so one may evaluate it at both neighbours and keep
    the smaller, as the authors' code does. Source: Dziugaite & Roy (2017), Sec. 3 (lam = c exp(-j/b),
    b = 100, c = 0.1); the authors' code snn/core/network.py (``evaluate_SNN_accuracy``: jdisc =
    b (ln c - 2 log_prior_std), rounded up and down).
    """
    j_real = b * math.log(c / lam)
    if not math.isfinite(j_real) or j_real > 1e15:
        raise ValueError(f"lam is too small for the grid (j = b ln(c/lam) = {j_real:.3g})")
    if abs(j_real - round(j_real)) < 1e-9 * max(1.0, j_real):  # on the grid up to float rounding
        j_real = float(round(j_real))
    rounding = {"nearest": round, "down": math.floor, "up": math.ceil}[direction]
    j = max(1, int(rounding(j_real)))
    return c * math.exp(-j / b), j
# --8<-- [end:round_lambda]


# --8<-- [start:snn_error_mc]
@checked
def snn_error_mc(
    mlp: IsMLP, w: TensorLike(shape=("W",)), log_s: TensorLike(shape=("W",)), x: Inputs(), y: Labels,
    n_samples: Count, seed: Seed, device: Device = None, chunk: Count = 32,
):
    """Monte Carlo estimate of the stochastic network's error on (x, y):

        e_hat_n = (1/n) sum_{k=1}^{n} err(theta_k, x, y),   theta_k = w + s * eps_k,  eps_k ~ N(0, I),

    n = ``n_samples`` i.i.d. weight draws from Q = N(w, diag(s^2)), s = exp(log_s), each network
    evaluated on every example (``network.error_rate``). This is how the paper's "SNN train error"
    and "SNN test error" rows are computed (Dziugaite & Roy 2017, Sec. 4, experiments: 150,000 draws; the authors'
    code snn/core/network.py, ``evaluate_SNN_accuracy``). The draws come from a CPU torch.Generator
    seeded with ``seed``, in ``chunk`` networks at a time, so the same seed gives the same networks
    on every device and for every (x, y): train and test errors then use the same draws.
    """
    _match_mlp(mlp, "w", w, x)
    w, log_s, x, y = (t.to(device) for t in (w, log_s, x, y))
    gen = torch.Generator().manual_seed(seed)
    s = torch.exp(log_s)
    total, done = 0.0, 0
    with torch.no_grad():
        while done < n_samples:
            k = min(chunk, n_samples - done)
            eps = torch.randn(k, mlp.n_params, generator=gen).to(device)
            theta = w + s * eps
            predicted = (mlp._forward(theta, x) >= 0).to(torch.float32)  # (k, n)
            total += float((predicted != y).to(torch.float64).mean(dim=1).sum())
            done += k
    return total / n_samples
# --8<-- [end:snn_error_mc]


# --8<-- [start:sample_convergence_bound]
@checked
def sample_convergence_bound(err_hat: Probability, n: Count, delta_prime: OpenUnit):
    """Upper bound on the stochastic network's error e_hat(Q) from its n-draw Monte Carlo estimate:

        e_hat(Q) <= kl^{-1}( e_hat_n, ln(2 / delta') / n )   with probability >= 1 - delta'

    over the n draws. Source: Langford & Caruana (2002), "(Not) bounding the true error", NIPS 14
    (their "sample convergence bound"), as used by Dziugaite & Roy (2017), Sec. 4 (n = 150,000,
    delta' = 0.01) and the authors' code snn/core/extra_fn.py (SamplesConvBound: c = ln(2/delta)/M).
    Each draw's error is in [0, 1] with mean e_hat(Q), and the Chernoff bound for such variables
    is no worse than for Bernoulli ones (Maurer 2004, "A note on the PAC Bayesian theorem"), so
    averaging the error of each draw over the whole training set is covered. kl^{-1} is
    ``snippets.pacbayes.kl_inverse``.
    """
    return kl_inverse(err_hat, math.log(2.0 / delta_prime) / n)
# --8<-- [end:sample_convergence_bound]


# --8<-- [start:pac_bayes_kl_bound]
@checked
def pac_bayes_kl_bound(err_bound: Probability, kl: NonNegative, m: AtLeast(2), delta: OpenUnit, j: Count):
    """The final bound of Dziugaite & Roy (2017) for the prior N(w0, lam_j I), lam_j = c exp(-j/b):

        e(Q) <= kl^{-1}( e_bar, [ KL(Q || P_j) + ln(pi^2 m j^2 / (6 delta)) ] / (m - 1) ),

    where e_bar >= e_hat(Q) is ``err_bound`` (in the paper the sample-convergence bound on the
    Monte Carlo estimate, ``sample_convergence_bound``), and the second argument of kl^{-1} is B_RE at
    lam = lam_j (``objective.b_re``: 2 ln(b ln(c/lam_j)) = 2 ln j). It holds with probability
    >= 1 - delta over the training sample, simultaneously for all Q and j; with the sample-convergence
    step, with probability >= 1 - delta - delta' (0.965 in the paper). Source: Dziugaite & Roy (2017),
    Sec. 2 (Langford & Seeger 2001) with the union bound of Sec. 3 and the evaluation of Sec. 4; the
    authors' code snn/core/network.py (``evaluate_SNN_accuracy``) and extra_fn.py
    (``approximate_BPAC_bound``, kl^{-1} by Newton steps; here by bisection, ``kl_inverse``).
    """
    complexity = (kl + 2.0 * math.log(j) + LOG_PI2_OVER_6 + math.log(m / delta)) / (m - 1)
    return kl_inverse(err_bound, complexity)
# --8<-- [end:pac_bayes_kl_bound]
