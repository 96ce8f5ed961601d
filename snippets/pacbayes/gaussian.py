"""KL divergence between diagonal Gaussians: the complexity term of PAC-Bayes bounds for nets."""

import numpy as np

from snippets._domains import Numbers, Positive, checked


# --8<-- [start:kl_diag_gaussians]
@checked
def kl_diag_gaussians(
    mu_q: Numbers(ndim=(0, 1)),
    sigma_q: Numbers(ndim=(0, 1), entries=Positive),
    mu_p: Numbers(ndim=(0, 1)),
    sigma_p: Numbers(ndim=(0, 1), entries=Positive),
):
    """KL(N(mu_q, diag sigma_q^2) || N(mu_p, diag sigma_p^2)) in nats.

        KL = 1/2 sum_i [ sigma_q,i^2 / sigma_p,i^2 + (mu_p,i - mu_q,i)^2 / sigma_p,i^2
                         - 1 + ln(sigma_p,i^2 / sigma_q,i^2) ].

    Arguments are standard deviations (not variances), scalars or 1-D arrays of
    the shape of ``mu_q``. ``sigma_p`` may also be a scalar shared by all
    coordinates: the isotropic prior N(w0, lambda I) of Dziugaite & Roy (2017),
    "Computing nonvacuous generalization bounds for deep (stochastic) neural
    networks ...", has sigma_p = sqrt(lambda).
    Source: the KL of two univariate normals, summed over coordinates because
    KL is additive over independent components (chain rule for relative
    entropy, Cover & Thomas, Elements of Information Theory, 2nd ed. 2006,
    Sec. 2.5); used as the complexity term by Dziugaite & Roy (2017).
    """
    for name, value in (("sigma_q", sigma_q), ("mu_p", mu_p)):
        if value.shape != mu_q.shape:
            raise ValueError(f"{name} must have the shape of mu_q, {mu_q.shape}, got {value.shape}")
    if sigma_p.ndim > 0 and sigma_p.shape != mu_q.shape:
        raise ValueError(f"sigma_p must be a scalar or of shape {mu_q.shape}, got {sigma_p.shape}")
    # ratios before squares, logs of each sigma: no underflow or overflow of sigma^2 on its own
    ratio = sigma_q / sigma_p
    shift = (mu_p - mu_q) / sigma_p
    with np.errstate(over="ignore"):  # a KL too large for a float is +inf, which is its value
        terms = ratio**2 + shift**2 - 1.0 + 2.0 * (np.log(sigma_p) - np.log(sigma_q))
    return float(0.5 * np.sum(terms))
# --8<-- [end:kl_diag_gaussians]
