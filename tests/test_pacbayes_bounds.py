"""Tests for snippets.pacbayes.bounds: McAllester, PAC-Bayes-kl (Maurer) and Catoni bounds."""

import itertools
import math

import numpy as np
import pytest

from snippets.pacbayes import (
    catoni_bound,
    kl_inverse,
    maurer_kl_bound,
    mcallester_bound,
)

EMP_RISKS = [0.0, 0.01, 0.1, 0.3, 0.5, 0.9, 1.0]
KLS = [0.0, 1.0, 10.0, 100.0, 5000.0]
MS = [8, 100, 10_000, 1_000_000]
DELTAS = [0.01, 0.05, 0.5]


@pytest.mark.formula("pb-mcallester", "pb-maurer-kl")
def test_pinsker_orders_maurer_below_mcallester():
    # Pinsker, kl(q||p) >= 2 (q - p)^2, turns the kl bound into McAllester's, so on the same
    # (emp_risk, KL, m, delta) the kl bound can only be tighter. 1e-12: bisection resolution.
    for emp_risk, kl, m, delta in itertools.product(EMP_RISKS, KLS, MS, DELTAS):
        maurer = maurer_kl_bound(emp_risk, kl, m, delta)
        mcallester = mcallester_bound(emp_risk, kl, m, delta)
        assert emp_risk <= maurer <= mcallester + 1e-12, (emp_risk, kl, m, delta)



@pytest.mark.formula("pb-mcallester", "pb-maurer-kl")
def test_mcallester_and_maurer_agree_at_one_half_to_the_predicted_order():
    # At q = 1/2 Pinsker is tight to second order: kl(1/2 || 1/2 + e) = -ln(1 - 4e^2)/2
    # = 2e^2 + 4e^4 + O(e^6). McAllester solves 2a^2 = B, the kl bound 2b^2 + 4b^4 ~ B, so
    # a/b - 1 = b^2 + O(b^4): the two excess risks differ by a relative ~a^2 (~1e-3, 1e-5 here),
    # which pins down both complexity terms (a wrong factor 2 or log term would show at O(1)).
    # Tolerance 1% of a^2: the neglected O(a^4) term is a relative O(a^2) <= 1e-3 of it, and
    # the 1e-12 bisection error is < 1e-9 relative to b.
    for m in [10_000, 1_000_000]:
        a = mcallester_bound(0.5, 10.0, m, 0.05) - 0.5
        b = maurer_kl_bound(0.5, 10.0, m, 0.05) - 0.5
        assert a / b - 1.0 == pytest.approx(a**2, rel=0.01), m


def _violation_rate(bound_of_emp_risk, p, m, trials, rng):
    """Fraction of simulated samples on which the bound is below the true risk p.

    Q = P = a point mass on one classifier with true risk p (so KL = 0); its empirical risk
    on m examples is Binomial(m, p) / m. The bound is tabulated on the m + 1 possible values.
    """
    table = np.array([bound_of_emp_risk(k / m) for k in range(m + 1)])
    errors = rng.binomial(m, p, size=trials)
    return float(np.mean(table[errors] < p))


def _check_coverage(bound):
    """bound(emp_risk, m, delta) with KL = 0 must fail on at most a delta fraction of samples.

    With 20,000 trials the observed rate of an event of probability <= delta exceeds
    delta + 3 binomial standard errors, 3 sqrt(delta (1 - delta) / trials) ~ 0.0064, with
    probability ~1e-3 (and the seed is fixed).
    """
    rng = np.random.default_rng(0)
    delta, m, trials = 0.1, 50, 20_000
    slack = 3.0 * math.sqrt(delta * (1.0 - delta) / trials)
    for p in [0.05, 0.3, 0.7]:
        rate = _violation_rate(lambda r: bound(r, m, delta), p, m, trials, rng)
        assert rate <= delta + slack, (p, rate)
    # The check has power: the empirical risk itself, used as a "bound", fails it.
    naive = _violation_rate(lambda r: r, 0.3, m, trials, rng)
    assert naive > delta + slack


@pytest.mark.formula("pb-mcallester")
def test_mcallester_monte_carlo_coverage():
    _check_coverage(lambda r, m, delta: mcallester_bound(r, 0.0, m, delta))


@pytest.mark.formula("pb-maurer-kl")
def test_maurer_kl_monte_carlo_coverage():
    _check_coverage(lambda r, m, delta: maurer_kl_bound(r, 0.0, m, delta))


@pytest.mark.formula("pb-catoni")
def test_catoni_monte_carlo_coverage():
    _check_coverage(lambda r, m, delta: catoni_bound(r, 0.0, m, delta, C=1.0))


@pytest.mark.formula("pb-mcallester", "pb-maurer-kl", "pb-catoni")
def test_bounds_decrease_in_m_and_increase_in_kl():
    bounds = {
        "mcallester": lambda kl, m: mcallester_bound(0.1, kl, m, 0.05),
        "maurer": lambda kl, m: maurer_kl_bound(0.1, kl, m, 0.05),
        "catoni": lambda kl, m: catoni_bound(0.1, kl, m, 0.05, C=2.0),
    }
    for name, bound in bounds.items():
        in_m = [bound(5.0, m) for m in [8, 20, 100, 1000, 10**5, 10**7]]
        in_kl = [bound(kl, 1000) for kl in [0.0, 0.5, 5.0, 50.0, 500.0]]
        # strict monotonicity; each step is far larger than the 1e-12 bisection resolution
        assert all(a > b for a, b in itertools.pairwise(in_m)), (name, in_m)
        assert all(a < b for a, b in itertools.pairwise(in_kl)), (name, in_kl)
    # As m -> inf McAllester and kl bounds tend to R_hat = 0.1 (complexity ~ sqrt(ln m / m) and
    # ~ ln m / m: a few 1e-6 at m = 1e12, hence 1e-4)...
    assert bounds["mcallester"](5.0, 10**12) == pytest.approx(0.1, abs=1e-4)
    assert bounds["maurer"](5.0, 10**12) == pytest.approx(0.1, abs=1e-4)
    # ...but Catoni's with a fixed C does not: it tends to (1 - e^{-C q}) / (1 - e^{-C}) > q,
    # which is why C is tuned (over a grid, with a union bound).
    assert bounds["catoni"](5.0, 10**12) > 0.2


CATONI_CASES = list(
    itertools.product([0.0, 0.02, 0.1, 0.3, 0.5, 0.9], [0.0, 2.0, 50.0], [100, 10_000])
)


@pytest.mark.formula("pb-catoni")
def test_catoni_minimized_over_c_equals_kl_inverse():
    # Variational form kl(q||p) = sup_{C>0} [-C q - ln(1 - p + p e^{-C})] (p >= q) gives
    #   kl^{-1}(q, B) = inf_{C>0} (1 - exp(-C q - B)) / (1 - e^{-C}),  B = (KL + ln(1/delta))/m
    # (Germain et al. 2009). So on a grid of C the Catoni bound never goes below kl^{-1}
    # (1e-12: bisection resolution) and its grid minimum reaches it up to the grid error.
    # The grid minimum of a smooth function is off by O(spacing^2); with 4001 points
    # log-spaced over [1e-3, 1e3] (spacing 0.35% in C) the error measured is < 4e-7,
    # so we allow 1e-6.
    delta = 0.05
    cs = np.geomspace(1e-3, 1e3, 4001)
    for emp_risk, kl, m in CATONI_CASES:
        target = kl_inverse(emp_risk, (kl + math.log(1.0 / delta)) / m)
        values = np.array([catoni_bound(emp_risk, kl, m, delta, c) for c in cs])
        assert values.min() >= target - 1e-12, (emp_risk, kl, m)
        assert values.min() <= target + 1e-6, (emp_risk, kl, m)


@pytest.mark.formula("pb-catoni")
def test_catoni_at_the_optimal_c_equals_kl_inverse():
    # The sup over C above is attained at C* = ln(p (1 - q) / (q (1 - p))) with p = kl^{-1}(q, B)
    # (set the derivative in C to zero). At C* the Catoni bound equals kl^{-1}(q, B); the only
    # error is the 1e-12 of the bisection (C* is a stationary point, so an error in C* is
    # second order), hence tolerance 1e-11.
    delta = 0.05
    for emp_risk, kl, m in CATONI_CASES:
        if emp_risk == 0.0:
            continue  # C* = +inf; the q = 0 case is covered by the grid test above
        p = kl_inverse(emp_risk, (kl + math.log(1.0 / delta)) / m)
        c_star = math.log(p * (1.0 - emp_risk) / (emp_risk * (1.0 - p)))
        assert catoni_bound(emp_risk, kl, m, delta, c_star) == pytest.approx(p, abs=1e-11)
