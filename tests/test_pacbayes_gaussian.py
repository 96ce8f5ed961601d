"""Tests for snippets.pacbayes.gaussian: KL between diagonal Gaussians."""

import math

import numpy as np
import pytest
import torch
from torch.distributions import Independent, Normal, kl_divergence

from snippets.pacbayes import kl_diag_gaussians


def _random_pair(rng, d):
    mu_q, mu_p = rng.normal(size=d), rng.normal(size=d)
    sigma_q, sigma_p = rng.uniform(0.2, 2.0, size=d), rng.uniform(0.2, 2.0, size=d)
    return mu_q, sigma_q, mu_p, sigma_p


def _torch_kl(mu_q, sigma_q, mu_p, sigma_p):
    def as_t(a):
        return torch.tensor(np.broadcast_to(a, np.shape(mu_q)), dtype=torch.float64)

    q = Independent(Normal(as_t(mu_q), as_t(sigma_q)), 1)
    p = Independent(Normal(as_t(mu_p), as_t(sigma_p)), 1)
    return kl_divergence(q, p).item()


@pytest.mark.formula("pb-gauss-kl")
def test_matches_torch_independent_normal_kl():
    rng = np.random.default_rng(0)
    for d in [1, 3, 10, 100]:
        mu_q, sigma_q, mu_p, sigma_p = _random_pair(rng, d)
        # torch sums per-coordinate KLs written as var_ratio, t1 and log(var_ratio):
        # float64 rounding only, so relative 1e-12.
        expected = _torch_kl(mu_q, sigma_q, mu_p, sigma_p)
        assert kl_diag_gaussians(mu_q, sigma_q, mu_p, sigma_p) == pytest.approx(expected, rel=1e-12)


@pytest.mark.formula("pb-gauss-kl")
def test_scalar_inputs_and_scalar_prior_scale():
    # Scalars: the univariate KL, compared with torch (relative 1e-12, rounding only).
    f64 = torch.float64
    q = Normal(torch.tensor(0.3, dtype=f64), torch.tensor(0.5, dtype=f64))
    p = Normal(torch.tensor(-1.0, dtype=f64), torch.tensor(2.0, dtype=f64))
    assert kl_diag_gaussians(0.3, 0.5, -1.0, 2.0) == pytest.approx(
        kl_divergence(q, p).item(), rel=1e-12
    )
    # A scalar sigma_p is the isotropic prior N(w0, sigma_p^2 I) of Dziugaite & Roy (2017).
    rng = np.random.default_rng(1)
    mu_q, sigma_q, mu_p, _ = _random_pair(rng, 50)
    scalar = kl_diag_gaussians(mu_q, sigma_q, mu_p, 0.7)
    full = kl_diag_gaussians(mu_q, sigma_q, mu_p, np.full(50, 0.7))
    assert scalar == pytest.approx(full, rel=1e-14)  # same arithmetic after broadcasting
    assert scalar == pytest.approx(_torch_kl(mu_q, sigma_q, mu_p, 0.7), rel=1e-12)


@pytest.mark.formula("pb-gauss-kl")
def test_matches_monte_carlo_estimate():
    # KL(Q||P) = E_{w~Q}[ln q(w) - ln p(w)], estimated with n samples and torch's log-densities.
    rng = np.random.default_rng(2)
    mu_q, sigma_q, mu_p, sigma_p = _random_pair(rng, 5)
    n = 200_000
    w = mu_q + sigma_q * rng.standard_normal(size=(n, 5))
    w_t = torch.as_tensor(w)
    log_q = Normal(torch.as_tensor(mu_q), torch.as_tensor(sigma_q)).log_prob(w_t).sum(dim=1)
    log_p = Normal(torch.as_tensor(mu_p), torch.as_tensor(sigma_p)).log_prob(w_t).sum(dim=1)
    log_ratio = (log_q - log_p).numpy()
    estimate = log_ratio.mean()
    standard_error = log_ratio.std(ddof=1) / np.sqrt(n)
    # 4 standard errors: a correct formula fails with probability ~6e-5 (seed fixed anyway);
    # the estimate is unbiased, so no other slack is needed.
    kl = kl_diag_gaussians(mu_q, sigma_q, mu_p, sigma_p)
    assert abs(kl - estimate) <= 4 * standard_error
    assert 4 * standard_error < 0.02 * kl  # sharp enough: an error of 2% of the KL would show


@pytest.mark.formula("pb-gauss-kl")
def test_zero_iff_equal():
    rng = np.random.default_rng(3)
    mu, sigma = rng.normal(size=8), rng.uniform(0.5, 1.5, size=8)
    assert kl_diag_gaussians(mu, sigma, mu, sigma) == 0.0  # every term is 1 + 0 - 1 + ln 1 = 0
    for i in range(8):
        shifted = mu.copy()
        shifted[i] += 1e-3
        assert kl_diag_gaussians(shifted, sigma, mu, sigma) > 0.0
        scaled = sigma.copy()
        scaled[i] *= 1.01
        assert kl_diag_gaussians(mu, scaled, mu, sigma) > 0.0


@pytest.mark.formula("pb-gauss-kl")
def test_extreme_scales_give_the_true_value_not_nan() -> None:
    """sigma^2 under- or overflows at these scales; ratios and logs of sigma do not.

    With equal means KL = (r^2 - 1)/2 - ln r, r = sigma_q / sigma_p; r = 1e-170 gives r^2 = 1e-340
    (below the smallest double, negligible next to 1) and -ln r = 170 ln 10.
    """
    expected = -0.5 + 170 * math.log(10)  # 390.939...
    assert kl_diag_gaussians(0.0, 1e-170, 0.0, 1.0) == pytest.approx(expected, rel=1e-14)
    assert kl_diag_gaussians(0.0, 1.0, 0.0, 1e160) == pytest.approx(-0.5 + 160 * math.log(10), rel=1e-14)
    assert kl_diag_gaussians(0.0, 1.0, 0.0, 1e-170) == math.inf  # the true value, 5e339, exceeds a double
