"""Tests for snippets.pacbayes.classical: parameter count, VC and Rademacher bounds."""

import itertools
import math

import numpy as np
import pytest
from torch import nn

from snippets.pacbayes import (
    empirical_rademacher,
    fit_random_labels,
    mlp_parameter_count,
    rademacher_bound,
    vc_bound,
)


@pytest.mark.formula("pb-mlp-params")
@pytest.mark.parametrize(
    "sizes", [[784, 600, 1], [2, 3], [10, 20, 30, 5], [1, 1], (784, 300, 300, 1)]
)
def test_mlp_parameter_count_matches_torch(sizes):
    layers = []
    for n_in, n_out in itertools.pairwise(sizes):
        layers += [nn.Linear(n_in, n_out), nn.ReLU()]
    net = nn.Sequential(*layers[:-1])
    assert mlp_parameter_count(sizes) == sum(p.numel() for p in net.parameters())  # exact


# ---------------------------------------------------------------- VC bound


def _growth_function_bound(emp_risk, growth, m, delta):
    """Bound written with an exactly known growth function Pi_H(m) (Mohri et al. 2018, Sec. 3.2)."""
    return emp_risk + math.sqrt(2 * math.log(growth) / m) + math.sqrt(math.log(1 / delta) / (2 * m))


def _count_labelings(points, classifiers):
    return len({tuple(h(x) for x in points) for h in classifiers})


@pytest.mark.formula("pb-vc-bound")
def test_sauer_lemma_exactly_for_small_m_and_d():
    # Pi_H(m) <= sum_{i<=d} C(m, i) <= (e m / d)^d for m >= d; the sum is an exact integer,
    # compared in logs with 1e-12 slack for the rounding of d ln(e m / d).
    for m in range(1, 41):
        for d in range(1, m + 1):
            sauer_sum = sum(math.comb(m, i) for i in range(d + 1))
            assert math.log(sauer_sum) <= d * (1 + math.log(m / d)) + 1e-12, (m, d)
            # The bound the code computes is never below the bound written with the exact Sauer sum
            # (the largest possible Pi_H(m)) on this whole grid (1e-12: rounding).
            exact = _growth_function_bound(0.1, sauer_sum, m, 0.05)
            assert vc_bound(0.1, d, m, 0.05) >= exact - 1e-12, (m, d)


@pytest.mark.formula("pb-vc-bound")
def test_vc_bound_dominates_bounds_with_exact_growth_functions():
    # Two classes whose growth function we count by brute force on m distinct points:
    # thresholds x >= t (VC dim 1, Pi = m + 1) and intervals a <= x <= b (VC dim 2,
    # Pi = m(m+1)/2 + 1). The VC bound replaces ln Pi by Sauer's d ln(e m/d) >= ln Pi,
    # so it is never below the growth-function bound (1e-12: rounding).
    delta = 0.05
    for m in [2, 3, 5, 10, 20]:
        points = list(range(m))
        cuts = [c - 0.5 for c in range(m + 1)]
        thresholds = [lambda x, t=t: x >= t for t in cuts]
        intervals = [lambda x, a=a, b=b: a <= x <= b for a in cuts for b in cuts]
        assert _count_labelings(points, thresholds) == m + 1
        assert _count_labelings(points, intervals) == m * (m + 1) // 2 + 1
        for d, growth in [(1, m + 1), (2, m * (m + 1) // 2 + 1)]:
            exact = _growth_function_bound(0.1, growth, m, delta)
            assert vc_bound(0.1, d, m, delta) >= exact - 1e-12, (m, d)


@pytest.mark.formula("pb-vc-bound")
def test_vc_bound_dominates_the_sauer_sum_and_is_exact_below_d():
    delta = 0.05
    for d in [1, 3, 10]:
        for m in [d, 2 * d, 10 * d, 1000]:
            sauer_sum = sum(math.comb(m, i) for i in range(d + 1))  # the largest Pi_H(m) possible
            exact = _growth_function_bound(0.0, sauer_sum, m, delta)
            assert vc_bound(0.0, d, m, delta) >= exact - 1e-12, (d, m)
    # For m <= d a shattered set of size d contains shattered sets of every size m, so
    # Pi_H(m) = 2^m exactly and the bound for m < d must equal the growth-function bound
    # (1e-12: rounding).
    for d, m in [(10, 3), (100, 99), (471_601, 55_000)]:
        assert vc_bound(0.2, d, m, delta) == pytest.approx(
            _growth_function_bound(0.2, 2**m, m, delta), abs=1e-12
        )


@pytest.mark.formula("pb-vc-bound")
def test_vc_complexity_depends_on_m_over_d_alone_where_sauer_applies():
    # For m >= d the complexity term sqrt(2 d ln(e m / d) / m) = sqrt(2 (1 + ln k) / k), k = m / d:
    # scaling m and d together leaves it unchanged. delta = 1 - 1e-15 makes the confidence term
    # sqrt(ln(1/delta) / (2 m)) < 3e-10, far below the 1e-8 relative tolerance.
    delta = 1.0 - 1e-15
    for k in [1, 4, 1000]:
        terms = [vc_bound(0.0, d, k * d, delta) for d in (10, 100, 1000)]
        expected = math.sqrt(2.0 * min(1.0 + math.log(k), k * math.log(2.0)) / k)
        assert terms == pytest.approx([expected] * 3, rel=1e-8), k


@pytest.mark.formula("pb-vc-bound")
def test_vc_bound_is_vacuous_for_a_784_600_1_network_on_mnist():
    # Dziugaite & Roy (2017): binary MNIST, m = 55,000, network 784-600-1; with d = W
    # (the VC dimension of ReLU nets is at least of that order) the bound exceeds 1 even at
    # zero training error: sqrt(2 ln 2) ~ 1.18 since m < W.
    w = mlp_parameter_count([784, 600, 1])
    assert w == 471_601
    assert vc_bound(0.0, w, 55_000, 0.05) > 1.0


# ---------------------------------------------------------------- Rademacher complexity


@pytest.mark.formula("pb-empirical-rademacher")
def test_empirical_rademacher_of_h_and_minus_h_matches_the_exact_value():
    # H = {h, -h}: the best fit to sigma has correlation |sum_i sigma_i h(x_i)| / m, and
    # E|S_m| for a sum of m fair signs is sum_k C(m,k) 2^-m |2k - m| (exact).
    rng = np.random.default_rng(0)
    n, m = 20_000, 11
    h = rng.choice([-1.0, 1.0], size=m)
    sigma = rng.choice([-1.0, 1.0], size=(n, m))
    best_sign = np.where(sigma @ h >= 0, 1.0, -1.0)  # no ties: m is odd
    predictions = best_sign[:, None] * h[None, :]
    estimate = empirical_rademacher(predictions, sigma)
    exact = sum(math.comb(m, k) * abs(2 * k - m) for k in range(m + 1)) / 2**m / m
    # 4 Monte Carlo standard errors (per-draw values lie in [0, 1]; seed fixed)
    standard_error = np.std(np.abs(sigma @ h) / m, ddof=1) / math.sqrt(n)
    assert abs(estimate - exact) <= 4 * standard_error


@pytest.mark.formula("pb-empirical-rademacher")
def test_empirical_rademacher_of_a_finite_class_obeys_massart():
    # Massart's lemma (Mohri et al. 2018, Thm 3.7): for N vectors of norm <= r,
    # Rad <= r sqrt(2 ln N) / m; for +-1 predictions r = sqrt(m), i.e. sqrt(2 ln N / m).
    rng = np.random.default_rng(1)
    n, m, n_hyp = 4_000, 30, 16
    hypotheses = rng.choice([-1.0, 1.0], size=(n_hyp, m))
    sigma = rng.choice([-1.0, 1.0], size=(n, m))
    best = np.argmax(sigma @ hypotheses.T, axis=1)  # exact sup for each sign vector
    estimate = empirical_rademacher(hypotheses[best], sigma)
    per_draw = np.max(sigma @ hypotheses.T, axis=1) / m
    standard_error = per_draw.std(ddof=1) / math.sqrt(n)
    # Massart bounds the expectation; allow 4 Monte Carlo standard errors (seed fixed).
    assert estimate <= math.sqrt(2 * math.log(n_hyp) / m) + 4 * standard_error
    # A worse choice of hypothesis per sign vector gives a smaller value (estimate from below).
    assert empirical_rademacher(np.repeat(hypotheses[:1], n, axis=0), sigma) < estimate
    # The class of all 2^m labelings always fits sigma exactly: Rad = 1.
    assert empirical_rademacher(sigma, sigma) == 1.0


@pytest.mark.formula("pb-empirical-rademacher", "pb-rademacher-bound")
def test_mlp_fits_random_labels_so_the_rademacher_bound_is_vacuous():
    # Zhang et al. (2017): the network fits random signs, so on this sample its empirical
    # Rademacher complexity is ~1. We require >= 0.99 (at most 1% of points misfit on average;
    # all are fitted with these seeds) and then the bound is >= 1 even at zero training error.
    rng = np.random.default_rng(2)
    m, n = 200, 3
    x = rng.standard_normal(size=(m, 20))
    sigma = rng.choice([-1.0, 1.0], size=(n, m))
    predictions = np.stack([fit_random_labels(x, sigma[j], seed=j) for j in range(n)])
    estimate = empirical_rademacher(predictions, sigma)
    assert estimate >= 0.99
    assert rademacher_bound(0.0, estimate, m, 0.05) >= 1.0
    # deterministic given the seed
    assert np.array_equal(fit_random_labels(x, sigma[0], seed=0), predictions[0])


@pytest.mark.formula("pb-rademacher-bound")
def test_rademacher_bound_monte_carlo_coverage():
    # A problem where every risk is known exactly: x uniform on {0, ..., 19}, y = +1 iff x >= 10,
    # flipped with probability 0.2; H = the 42 signed thresholds s * (+1 if x >= t else -1).
    # On each simulated sample we compute Rad_S(H) (sup over H exact, 200 sign vectors) and check
    # the bound for all h at once. Violations must occur in at most a delta fraction of samples,
    # up to 3 binomial standard errors, 3 sqrt(delta (1 - delta) / trials).
    rng = np.random.default_rng(3)
    k, m, delta, trials, noise = 20, 100, 0.1, 400, 0.2
    domain = np.arange(k)
    target = np.where(domain >= 10, 1.0, -1.0)
    table = np.array([s * np.where(domain >= t, 1.0, -1.0) for t in range(k + 1) for s in (1, -1)])
    true_risk = np.mean(np.where(table != target, 1 - noise, noise), axis=1)
    violations, naive_violations = 0, 0
    for _ in range(trials):
        xs = rng.integers(0, k, size=m)
        ys = target[xs] * np.where(rng.random(m) < noise, -1.0, 1.0)
        preds = table[:, xs]  # (42, m)
        emp_risk = np.mean(preds != ys, axis=1)
        sigma = rng.choice([-1.0, 1.0], size=(200, m))
        rad = empirical_rademacher(preds[np.argmax(sigma @ preds.T, axis=1)], sigma)
        bounds = [rademacher_bound(r, rad, m, delta) for r in emp_risk]
        violations += bool(np.any(true_risk > np.array(bounds)))
        naive_violations += bool(np.any(true_risk > emp_risk))
    slack = 3 * math.sqrt(delta * (1 - delta) / trials)
    assert violations / trials <= delta + slack
    # The check has power: the empirical risks alone, used as "bounds", fail it. (The bound
    # itself is loose here, so this test only catches gross errors in the formula.)
    assert naive_violations / trials > delta + slack


@pytest.mark.formula("pb-rademacher-bound")
def test_rademacher_bound_adds_three_mcdiarmid_deviations():
    # Mohri, Rostamizadeh & Talwalkar (2018), proof of Thm 3.3, used by Thm 3.5: with probability
    # >= 1 - delta/2 each, McDiarmid bounds the gap's deviation by eps and the deviation of the
    # empirical Rademacher complexity by eps, which enters the bound twice (2 Rad_m(G)); eps solves
    # exp(-2 m eps^2) = delta / 2. The coverage test above holds for any looser bound too; this pins
    # the constants, solving for eps numerically.
    from scipy.optimize import brentq

    for emp_risk, rad, m, delta in [(0.0, 0.0, 100, 0.05), (0.1, 0.2, 5000, 0.01), (0.4, 0.05, 37, 0.5)]:
        eps = brentq(lambda e, m=m, d=delta: math.exp(-2 * m * e * e) - d / 2, 0.0, 10.0, xtol=1e-15, rtol=1e-14)
        assert rademacher_bound(emp_risk, rad, m, delta) == pytest.approx(emp_risk + rad + 3 * eps, rel=1e-10)
