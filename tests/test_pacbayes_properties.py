"""Property-based tests (hypothesis) of every bound and identity in snippets.pacbayes.

The examples come from the profile "itdl" loaded by tests/conftest.py (derandomize=True: the same
examples on every run and machine); only ``max_examples`` is set here. A comparison written without
tolerance holds in floating point, not only in exact arithmetic, for the reason given next to it
(IEEE operations are correctly rounded, hence monotone). Each tolerance is derived from the code's
own error terms, which are these two:

* ``kl_inverse`` bisects until its bracket [lo, hi] is at most ``BISECTION`` = 1e-12 wide and
  returns hi. ``hi`` only ever moves to a point where the *computed* kl exceeds c, ``lo`` only to a
  point where it is <= c (hi starts at 1, where kl is +inf).
* ``binary_kl`` adds two terms w ln(ratio), w in [0, 1]. The ratio is off by <= 3 ulps (the
  subtractions 1 - q, 1 - p are exact or off by half an ulp of 1), so its log is off by <= 3.3e-16
  absolute, plus 1 ulp of each |term| for the log, the product and the sum. The negative term is
  >= -1 (q ln(q/p) >= -(p - q) for p >= q, and symmetrically), so |terms| <= kl + 2 and the error is
  <= 9e-16 + 4.4e-16 kl. ``kl_rounding`` states 2e-15 (1 + kl);
  ``test_binary_kl_rounding_is_within_kl_rounding`` checks it against a 50-digit evaluation.
"""

import decimal
import itertools
import math

import numpy as np
import pytest
from domain_examples import strategy
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from snippets.pacbayes import (
    binary_kl,
    bounds_vs_kl,
    bounds_vs_m,
    catoni_bound,
    empirical_rademacher,
    fit_random_labels,
    kl_diag_gaussians,
    kl_inverse,
    maurer_kl_bound,
    mcallester_bound,
    mlp_parameter_count,
    rademacher_bound,
    vc_bound,
)

BISECTION = 1e-12  # width of kl_inverse's final bracket (the `while hi - lo > 1e-12` of kl.py)


def kl_rounding(kl):
    """Bound on |computed - exact| binary_kl at a point where the exact value is about ``kl``."""
    return 2e-15 * (1.0 + kl)


def kl_slope(q, p):
    """d kl(q||p) / dp = (p - q) / (p (1 - p)) for 0 < p < 1; it increases in p (kl is convex in p)."""
    return (p - q) / (p * (1.0 - p))


def inverse_tolerance(c):
    """How far kl_inverse(q, c), c > 0, may lie from the exact sup p*(q, c), in either direction.

    Up: lo has computed kl <= c, so exact kl(q||lo) <= c + e (e = kl_rounding(c)), i.e.
    lo <= p*(q, c + e), and hi <= lo + BISECTION. Down: hi has computed kl > c, so hi > p*(q, c - e).
    The slope of kl at p* is >= 2 sqrt(c): kl <= chi^2 = (p - q)^2 / (p (1 - p)) gives
    (p* - q) >= sqrt(c p* (1 - p*)), so slope = (p* - q) / (p* (1 - p*)) >= sqrt(c) / sqrt(p*(1 - p*)).
    Hence |p*(q, c +- e) - p*(q, c)| <= e / (2 sqrt(c - e)) <= e / sqrt(c) for e << c (c >= 1e-8 here,
    e ~ 2e-15: the docstring's remark that rounding matters only for c below ~1e-8).
    """
    return BISECTION + 2.0 * kl_rounding(c) / math.sqrt(c)


def exact_binary_kl(q, p):
    """kl(q||p) of the two floats, evaluated with 50 significant digits (stdlib decimal)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        q_, p_ = decimal.Decimal(q), decimal.Decimal(p)  # exact conversion of the floats
        total = decimal.Decimal(0)
        if q_ > 0:
            total += q_ * (q_ / p_).ln()
        if q_ < 1:
            total += (1 - q_) * ((1 - q_) / (1 - p_)).ln()
        return float(total)


def sorted_pair(elements):
    return st.tuples(elements, elements).map(sorted)


# The strategies are drawn from the functions' declared domains (snippets._domains), narrowed where
# a test needs it; a declaration that changes changes them.
probabilities = strategy(binary_kl.domains["q"])
interior = strategy(binary_kl.domains["q"], 1e-9, 1.0 - 1e-9)
# A dyadic grid k / 2^20: q and 1 - q are then both exact floats.
dyadic = st.integers(0, 2**20).map(lambda k: k / 2**20)
budgets = strategy(kl_inverse.domains["c"], 0.0, 50.0)  # kl^{-1}(q, 50) = 1 - O(e^-50)
positive_budgets = strategy(kl_inverse.domains["c"], 1e-8, 50.0)
kl_values = strategy(mcallester_bound.domains["kl"], high=1e5)
sample_sizes = strategy(maurer_kl_bound.domains["m"], high=10**7)  # Maurer's theorem needs m >= 8
# delta in (0, 1) but >= 1e-300: the code forms 2 sqrt(m) / delta, 1 / delta and 2 / delta before taking
# the log, which overflow to inf for delta below ~1e-308 (the bounds then come out +inf or at their
# ceiling: still valid, though the exact ln(1/delta) <= 745 is finite). Reported, not tested here.
deltas = strategy(mcallester_bound.domains["delta"], low=1e-300)
catoni_cs = strategy(catoni_bound.domains["C"], 1e-3, 1e3)


@st.composite
def probability_pairs(draw):
    """(q, p): independent, equal, or within 1e-6 of each other (the near-diagonal rounding regime)."""
    q = draw(probabilities)
    how = draw(st.sampled_from(["independent", "equal", "near"]))
    if how == "independent":
        return q, draw(probabilities)
    if how == "equal":
        return q, q
    return q, min(1.0, max(0.0, q + draw(st.floats(-1e-6, 1e-6, allow_nan=False))))


# ---------------------------------------------------------------- binary kl


@pytest.mark.formula("pb-binary-kl")
@settings(max_examples=150)
@given(interior, interior)
def test_binary_kl_rounding_is_within_kl_rounding(q, p):
    # Validates the error model of the module docstring, on which the tolerances below rest.
    exact = exact_binary_kl(q, p)
    assert abs(binary_kl(q, p) - exact) <= kl_rounding(exact)


@pytest.mark.formula("pb-binary-kl")
@settings(max_examples=150)
@given(probability_pairs())
def test_binary_kl_nonnegative_zero_only_on_the_diagonal_and_pinsker(pair):
    q, p = pair
    kl = binary_kl(q, p)
    assert kl >= 0.0  # exact: the code clips the rounding error at 0 (Gibbs' inequality)
    if q == p:
        assert kl == 0.0  # exact: returned as such
    if q != p and p in (0.0, 1.0):
        assert kl == math.inf
    # Pinsker, kl(q||p) >= 2 (q - p)^2 (Cover & Thomas 2006, Lemma 11.6.1), up to the rounding of kl.
    assert kl >= 2.0 * (q - p) ** 2 - kl_rounding(kl)
    # "= 0 iff q = p" in floating point: the computed kl can round to 0 only where the exact one is
    # below kl_rounding(0) = 2e-15, so by Pinsker only for |q - p| < ~3.2e-8.
    if abs(q - p) > 1e-7:
        assert kl > 0.0


@pytest.mark.formula("pb-binary-kl")
@settings(max_examples=150)
@given(dyadic, dyadic)
def test_binary_kl_is_symmetric_under_swapping_the_labels(q, p):
    # kl(q||p) = kl(1 - q||1 - p) (rename the two outcomes). On the dyadic grid 1 - q and 1 - p are
    # exact and the code then adds the same two terms in the other order: equal bit for bit.
    assert binary_kl(q, p) == binary_kl(1.0 - q, 1.0 - p)


# ---------------------------------------------------------------- kl inverse


@pytest.mark.formula("pb-kl-inverse")
@settings(max_examples=150)
@given(probabilities, budgets)
def test_kl_inverse_is_the_upper_inverse_of_binary_kl(q, c):
    p = kl_inverse(q, c)
    assert q <= p <= 1.0  # exact: the bracket starts at [q, 1] and only shrinks
    if c == 0.0:
        assert p == q  # kl(q||p) = 0 only at p = q
        return
    if q == 1.0:
        assert p == 1.0
        return
    if p < 1.0:
        kl = binary_kl(q, p)
        # p is the upper end of the bracket: strictly above the level set, exactly (see docstring).
        assert kl > c
        # ... and above it by little: kl(q||p) <= kl(q||lo) + slope(p) (p - lo) (convexity), with
        # p - lo <= 1e-12 and kl(q||lo) <= c up to the rounding of kl at lo and at p.
        assert kl <= c + kl_slope(q, p) * BISECTION + 2.0 * kl_rounding(c)
    # The point 1e-12 below p is at or below lo, so inside the level set, up to the same roundings
    # and half an ulp (<= 1.2e-16) in forming p - 1e-12.
    below = p - BISECTION
    if below >= q and p < 1.0:
        assert binary_kl(q, below) <= c + 2.0 * kl_rounding(c) + kl_slope(q, p) * 1.2e-16
    # Slightly above p the kl exceeds c. From p to p + h the exact kl rises by >= slope(p) h >=
    # 2 sqrt(c) h (the chi^2 argument of inverse_tolerance): for h = 1e-9 and c in [1e-8, 50] that is
    # >= 2e-13 (c = 1e-8) to 1.4e-8 (c = 50), above the two roundings 2 kl_rounding(c) = 4e-15 (1 + c).
    if c >= 1e-8:
        above = min(1.0, p + 1e-9)
        assert binary_kl(q, above) > c


@pytest.mark.formula("pb-kl-inverse")
@settings(max_examples=100)
@given(budgets)
def test_kl_inverse_closed_form_at_q_zero(c):
    # kl(0||p) = -ln(1 - p), so kl^{-1}(0, c) = 1 - e^{-c}. Its slope at q = 0 is 1 / (1 - p) >= 1,
    # so kl's rounding moves the result by <= kl_rounding(c) (1 - p) = 2e-15 (1 + c) e^{-c} <= 2e-15;
    # expm1 adds 1 ulp (1.1e-16). Above: the bisection resolution as well.
    exact = -math.expm1(-c)
    p = kl_inverse(0.0, c)
    assert exact - 2.2e-15 <= p <= exact + BISECTION + 2.2e-15


@pytest.mark.formula("pb-kl-inverse")
@settings(max_examples=150)
@given(probabilities, sorted_pair(st.one_of(budgets, st.just(math.inf))))
def test_kl_inverse_is_nondecreasing_in_c(q, cs):
    # Exact: with the same q the bisections for c1 < c2 visit the same midpoints until they first
    # disagree; there c2 keeps mid as lo and c1 takes it as hi, so hi(c1) <= mid <= lo(c2) < hi(c2).
    c1, c2 = cs
    assert kl_inverse(q, c1) <= kl_inverse(q, c2)


@pytest.mark.formula("pb-kl-inverse")
@settings(max_examples=150)
@given(sorted_pair(probabilities), positive_budgets)
def test_kl_inverse_is_nondecreasing_in_q(qs, c):
    # The exact sup p*(q, c) increases with q; the two bisections start from different brackets,
    # so each result is within inverse_tolerance(c) of its own p*.
    q1, q2 = qs
    assert kl_inverse(q1, c) <= kl_inverse(q2, c) + inverse_tolerance(c)


# ---------------------------------------------------------------- KL of diagonal Gaussians

gaussian_coordinates = st.tuples(
    st.floats(-100.0, 100.0, allow_nan=False),  # mu_q
    st.floats(1e-2, 1e2, allow_nan=False),  # sigma_q
    st.floats(-100.0, 100.0, allow_nan=False),  # mu_p
    st.floats(1e-2, 1e2, allow_nan=False),  # sigma_p
)
gaussians = st.lists(gaussian_coordinates, min_size=1, max_size=8).map(lambda rows: np.array(rows).T)


def gaussian_rounding(mu_q, sigma_q, mu_p, sigma_p):
    """Bound on the rounding error of kl_diag_gaussians: 1e-14 times the summed magnitudes.

    Coordinate i adds r - 1 + D + ln(1/r) with r = var_q/var_p, D = (mu_p - mu_q)^2/var_p; each is
    computed to a few ulps (~1e-16 relative) of the largest summand, and the sum over <= 8
    coordinates adds a few more: 1e-14 is ~50 ulps of 1 + r + D + |ln r| per coordinate.
    """
    r = (np.asarray(sigma_q) / np.asarray(sigma_p)) ** 2
    d = (np.asarray(mu_p) - np.asarray(mu_q)) ** 2 / np.asarray(sigma_p) ** 2
    return 1e-14 * float(np.sum(1.0 + r + d + np.abs(np.log(r))))


@pytest.mark.formula("pb-gauss-kl")
@settings(max_examples=150)
@given(gaussians)
def test_gaussian_kl_is_nonnegative_and_zero_for_identical_gaussians(params):
    mu_q, sigma_q, mu_p, sigma_p = params
    assert kl_diag_gaussians(mu_q, sigma_q, mu_p, sigma_p) >= -gaussian_rounding(*params)
    # exact: each term is 1 + 0 - 1 + ln 1 = 0
    assert kl_diag_gaussians(mu_q, sigma_q, mu_q, sigma_q) == 0.0


@pytest.mark.formula("pb-gauss-kl")
@settings(max_examples=150)
@given(gaussians, gaussians)
def test_gaussian_kl_is_additive_over_independent_coordinates(first, second):
    # KL of a product of independent components = sum of their KLs (chain rule, Cover & Thomas 2006,
    # Sec. 2.5). The per-coordinate terms are computed identically; only the order of summation
    # differs, within gaussian_rounding of the concatenation.
    joint = np.concatenate([first, second], axis=1)
    together = kl_diag_gaussians(*joint)
    apart = kl_diag_gaussians(*first) + kl_diag_gaussians(*second)
    assert together == pytest.approx(apart, rel=0.0, abs=gaussian_rounding(*joint))


@pytest.mark.formula("pb-gauss-kl")
@settings(max_examples=150)
@given(gaussian_coordinates)
def test_gaussian_kl_matches_the_univariate_closed_form(coordinate):
    # KL(N(m1, s1^2) || N(m2, s2^2)) = ln(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2, written
    # with a different grouping than the code (ln of the std ratio, one fraction).
    mu_q, sigma_q, mu_p, sigma_p = coordinate
    closed = math.log(sigma_p / sigma_q) + (sigma_q**2 + (mu_q - mu_p) ** 2) / (2.0 * sigma_p**2) - 0.5
    got = kl_diag_gaussians(mu_q, sigma_q, mu_p, sigma_p)
    assert got == pytest.approx(closed, rel=0.0, abs=gaussian_rounding(*coordinate))


@pytest.mark.formula("pb-gauss-kl")
@settings(max_examples=100)
@given(gaussians, st.floats(1e-2, 1e2, allow_nan=False))
def test_gaussian_kl_scalar_prior_scale_is_the_broadcast_array(params, scale):
    # A scalar sigma_p is the isotropic prior; after broadcasting the arithmetic is identical: exact.
    mu_q, sigma_q, mu_p, _ = params
    assert kl_diag_gaussians(mu_q, sigma_q, mu_p, scale) == kl_diag_gaussians(
        mu_q, sigma_q, mu_p, np.full(mu_q.shape, scale)
    )


# ---------------------------------------------------------------- PAC-Bayes bounds
# bounds.py returns the raw value, "a risk bound >= 1 ... is returned as is": only Maurer's bound is
# <= 1 by construction (kl^{-1} <= 1). McAllester's and Catoni's are not clipped; for them we test
# that they do exceed 1 in a regime where they must, and Catoni's true ceiling 1 / (1 - e^{-C}).


def pac_bayes_bounds(emp_risk, kl, m, delta, c):
    return {
        "McAllester": mcallester_bound(emp_risk, kl, m, delta),
        "Maurer": maurer_kl_bound(emp_risk, kl, m, delta),
        "Catoni": catoni_bound(emp_risk, kl, m, delta, c),
    }


@pytest.mark.formula("pb-mcallester", "pb-maurer-kl", "pb-catoni")
@settings(max_examples=150)
@given(probabilities, kl_values, sample_sizes, deltas, catoni_cs)
def test_pac_bayes_bounds_are_at_least_the_empirical_risk(emp_risk, kl, m, delta, c):
    bounds = pac_bayes_bounds(emp_risk, kl, m, delta, c)
    # McAllester: emp_risk + sqrt(positive) (2 sqrt(m) / delta > 2); Maurer: kl^{-1}(q, .) >= q.
    assert bounds["McAllester"] >= emp_risk
    assert bounds["Maurer"] >= emp_risk
    # Catoni: (1 - e^{-C q - B}) / (1 - e^{-C}) >= (1 - e^{-C q}) / (1 - e^{-C}) >= q, the last step
    # because 1 - e^{-C q} is concave in q and equals the chord at q = 0 and q = 1. Near q = 0 or 1
    # the margin can be below the rounding of expm1 and the division (~3 ulps): 1e-15 relative.
    assert bounds["Catoni"] >= emp_risk * (1.0 - 1e-15)
    assert bounds["Catoni"] <= 1.0 / -math.expm1(-c)  # exact: the numerator -expm1(x) is <= 1
    assert bounds["Maurer"] <= 1.0  # exact: kl_inverse returns a p in [q, 1]


@pytest.mark.formula("pb-mcallester", "pb-maurer-kl")
@settings(max_examples=150)
@given(probabilities, kl_values, sample_sizes, deltas)
def test_maurer_kl_bound_is_never_looser_than_mcallester(emp_risk, kl, m, delta):
    # Both use the same complexity c = (KL + ln(2 sqrt(m)/delta)) / m; McAllester's bound is
    # q + sqrt(c/2). Pinsker, kl(q||p) >= 2 (p - q)^2, makes {p : kl(q||p) <= c} a subset of
    # {p <= q + sqrt(c/2)}, so the exact kl^{-1}(q, c) <= McAllester (Maurer 2004; Guedj 2019, Sec. 2).
    # The computed kl^{-1} is within inverse_tolerance(c) of the exact one, and McAllester's own
    # arithmetic adds a few ulps (1e-15). c >= ln(2 sqrt 8) / 1e7 > 1e-7 here.
    c = (kl + math.log(2.0 * math.sqrt(m) / delta)) / m
    maurer = maurer_kl_bound(emp_risk, kl, m, delta)
    mcallester = mcallester_bound(emp_risk, kl, m, delta)
    # The two really share c (the premise of the comparison): exact, same operations; halving
    # commutes with rounding, so fl(x / m) / 2 = fl(x / (2m)).
    assert maurer == kl_inverse(emp_risk, c)
    assert mcallester == emp_risk + math.sqrt(c / 2.0)
    assert maurer <= mcallester + inverse_tolerance(c) + 1e-15


@pytest.mark.formula("pb-catoni", "pb-kl-inverse")
@settings(max_examples=150)
@given(probabilities, kl_values, sample_sizes, deltas, catoni_cs)
def test_catoni_bound_is_never_below_the_kl_inverse(emp_risk, kl, m, delta, c):
    # Variational form kl(q||p) = sup_{C > 0} [-C q - ln(1 - p + p e^{-C})] for p >= q: the Catoni
    # value p_C solves -C q - ln(1 - p_C + p_C e^{-C}) = B, so kl(q||p_C) >= B and p_C >= kl^{-1}(q, B)
    # with B = (KL + ln(1/delta)) / m (Germain, Lacasse, Laviolette & Marchand 2009). Tolerance: the
    # computed kl^{-1} may exceed the exact one by inverse_tolerance(B); Catoni's arithmetic is
    # within a few ulps (1e-15 relative).
    b = (kl + math.log(1.0 / delta)) / m
    catoni = catoni_bound(emp_risk, kl, m, delta, c)
    assert catoni >= kl_inverse(emp_risk, b) - inverse_tolerance(b) - 1e-15 * catoni


@pytest.mark.formula("pb-mcallester", "pb-catoni")
@settings(max_examples=100)
@given(
    probabilities,
    sample_sizes,
    deltas,
    st.floats(1e-3, 20.0, allow_nan=False),
    st.floats(1.0, 10.0, allow_nan=False),
)
def test_unclipped_pac_bayes_bounds_exceed_one_when_vacuous(emp_risk, m, delta, c, factor):
    # McAllester: KL >= 2m makes the square root > 1 (it is sqrt((KL + ln(2 sqrt m / delta))/(2m))).
    assert mcallester_bound(emp_risk, 2.0 * m * factor, m, delta) > 1.0
    # Catoni: KL >= 2 C m makes the exponent <= -2C, so the bound is >= (1 - e^{-2C}) / (1 - e^{-C})
    # = 1 + e^{-C} >= 1 + 2e-9 for C <= 20: far from rounding.
    assert catoni_bound(emp_risk, 2.0 * c * m * factor, m, delta, c) > 1.0


@pytest.mark.formula("pb-mcallester", "pb-maurer-kl", "pb-catoni")
@settings(max_examples=150)
@given(probabilities, sorted_pair(kl_values), sample_sizes, deltas, catoni_cs)
def test_pac_bayes_bounds_are_nondecreasing_in_kl(emp_risk, kls, m, delta, c):
    # Exact: KL enters each bound through +, /, sqrt and expm1 (monotone roundings), and Maurer's
    # through kl_inverse, which is exactly non-decreasing in c (test_kl_inverse_is_nondecreasing_in_c).
    low = pac_bayes_bounds(emp_risk, kls[0], m, delta, c)
    high = pac_bayes_bounds(emp_risk, kls[1], m, delta, c)
    for name in low:
        assert low[name] <= high[name], name


@pytest.mark.formula("pb-mcallester", "pb-maurer-kl", "pb-catoni")
@settings(max_examples=150)
@given(probabilities, kl_values, sorted_pair(sample_sizes), deltas, catoni_cs)
def test_pac_bayes_bounds_are_nonincreasing_in_m(emp_risk, kl, ms, delta, c):
    # McAllester and Maurer: c(m) = (a + ln(m)/2) / m with a = KL + ln(2/delta) > ln 2 > 1/2, and
    # dc/dm = (1/2 - a - ln(m)/2) / m^2 < 0. Between consecutive m <= 1e7 c drops by a relative
    # >= 0.28/m >= 2.8e-8, far above rounding, so the computed order is exact too.
    # Catoni: the exponent -C q - (KL + ln(1/delta))/m rises with m.
    small_m = pac_bayes_bounds(emp_risk, kl, ms[0], delta, c)
    large_m = pac_bayes_bounds(emp_risk, kl, ms[1], delta, c)
    for name in small_m:
        assert large_m[name] <= small_m[name], name


@pytest.mark.formula("pb-mcallester", "pb-maurer-kl", "pb-catoni")
@settings(max_examples=150)
@given(probabilities, kl_values, sample_sizes, sorted_pair(deltas), catoni_cs)
def test_pac_bayes_bounds_are_nonincreasing_in_delta(emp_risk, kl, m, deltas_, c):
    # A larger delta (lower confidence) gives a smaller ln(./delta): exact, monotone roundings.
    strict = pac_bayes_bounds(emp_risk, kl, m, deltas_[0], c)
    loose = pac_bayes_bounds(emp_risk, kl, m, deltas_[1], c)
    for name in strict:
        assert loose[name] <= strict[name], name


# ---------------------------------------------------------------- classical bounds
# Neither bound is clipped (classical.py returns the raw value; the point of the chapter is that they
# exceed 1), so "<= 1" is not a property; we test that they exceed 1 where they must.
#
# ln Pi_H(m) is bounded by min(d ln(e m / d), m ln 2) for m >= d and by m ln 2 for m < d. (An earlier
# version used d ln(e m/d) alone for m >= d, which made the bound non-monotone across d = m: this
# module found it.) Each piece is monotone and the pieces meet in order, so the bound is monotone.

vc_sizes = st.integers(1, 10**6)


@pytest.mark.formula("pb-vc-bound")
@settings(max_examples=150)
@given(probabilities, vc_sizes, vc_sizes, deltas)
def test_vc_bound_is_at_least_the_empirical_risk_and_vacuous_beyond_m(emp_risk, vc_dim, m, delta):
    bound = vc_bound(emp_risk, vc_dim, m, delta)
    assert bound >= emp_risk  # exact: both square roots are of positive numbers
    if vc_dim > m:
        # ln Pi = m ln 2 (the sample is shattered): sqrt(2 ln 2) = 1.177 > 1 on its own
        assert bound > 1.0


@pytest.mark.formula("pb-vc-bound")
@settings(max_examples=150)
@given(probabilities, sorted_pair(vc_sizes), vc_sizes, deltas)
def test_vc_bound_is_nondecreasing_in_vc_dim(emp_risk, dims, m, delta):
    d1, d2 = dims
    # d ln(e m / d) has derivative ln(m / d) >= 0 for d <= m, min with m ln 2 keeps that, and for
    # d > m the bound is at its ceiling m ln 2. Between d and d + 1 <= m <= 1e6 the log term grows by
    # >= 1/(2m) >= 5e-7 unless the min takes m ln 2 on both sides (equal); rounding ~1e-15: exact.
    assert vc_bound(emp_risk, d1, m, delta) <= vc_bound(emp_risk, d2, m, delta)


@pytest.mark.formula("pb-vc-bound")
@settings(max_examples=150)
@given(probabilities, vc_sizes, sorted_pair(vc_sizes), deltas)
def test_vc_bound_is_nonincreasing_in_m(emp_risk, vc_dim, ms, delta):
    m1, m2 = ms
    # ln Pi / m is min(d ln(e m/d) / m, ln 2) for m >= d (both non-increasing) and ln 2 below d; the
    # delta term decreases. 2 (m ln 2) / m equals 2 ln 2 only up to two roundings, which can move
    # the first root by 1 ulp either way: 1e-15 absorbs it.
    assert vc_bound(emp_risk, vc_dim, m2, delta) <= vc_bound(emp_risk, vc_dim, m1, delta) + 1e-15


@pytest.mark.formula("pb-vc-bound")
@settings(max_examples=100)
@given(probabilities, vc_sizes, vc_sizes, sorted_pair(deltas))
def test_vc_bound_is_nonincreasing_in_delta(emp_risk, vc_dim, m, deltas_):
    assert vc_bound(emp_risk, vc_dim, m, deltas_[1]) <= vc_bound(emp_risk, vc_dim, m, deltas_[0])


@pytest.mark.formula("pb-rademacher-bound")
@settings(max_examples=150)
@given(probabilities, probabilities, st.integers(1, 10**9), deltas)
def test_rademacher_bound_exceeds_risk_plus_complexity(emp_risk, rademacher, m, delta):
    bound = rademacher_bound(emp_risk, rademacher, m, delta)
    assert bound >= emp_risk + rademacher  # exact: a positive third term is added
    if emp_risk + rademacher >= 1.0:
        assert bound > 1.0  # not clipped


@pytest.mark.formula("pb-rademacher-bound")
@settings(max_examples=150)
@given(
    probabilities,
    sorted_pair(probabilities),
    sorted_pair(st.integers(1, 10**9)),
    sorted_pair(deltas),
)
def test_rademacher_bound_is_monotone_in_each_argument(emp_risk, rads, ms, deltas_):
    # Exact: each argument enters through +, /, ln and sqrt only (monotone roundings).
    base = rademacher_bound(emp_risk, rads[0], ms[0], deltas_[0])
    assert rademacher_bound(emp_risk, rads[1], ms[0], deltas_[0]) >= base  # complexity up
    assert rademacher_bound(emp_risk, rads[0], ms[1], deltas_[0]) <= base  # more data
    assert rademacher_bound(emp_risk, rads[0], ms[0], deltas_[1]) <= base  # larger delta


# ---------------------------------------------------------------- empirical Rademacher complexity


@st.composite
def sign_matrices(draw, n=None, m=None):
    n = draw(st.integers(1, 6)) if n is None else n
    m = draw(st.integers(1, 12)) if m is None else m
    return draw(hnp.arrays(np.float64, (n, m), elements=st.sampled_from([-1.0, 1.0])))


@st.composite
def sign_matrix_pairs(draw):
    sigma = draw(sign_matrices())
    return sigma, draw(sign_matrices(*sigma.shape))


@pytest.mark.formula("pb-empirical-rademacher")
@settings(max_examples=150)
@given(sign_matrix_pairs(), st.randoms(use_true_random=False))
def test_empirical_rademacher_range_and_symmetries(pair, rnd):
    sigma, predictions = pair
    n, m = sigma.shape
    value = empirical_rademacher(predictions, sigma)
    # It averages products of +-1 entries, so it lies in [-1, 1] = [-max|h|, max|h|]. It can be
    # negative: a caller's poor choice of h_j (not the best fit) correlates negatively with sigma_j.
    # Only for best fits over a class closed under negation is it >= 0 (next test).
    assert -1.0 <= value <= 1.0
    assert empirical_rademacher(sigma, sigma) == 1.0  # exact: every product is 1
    assert empirical_rademacher(-sigma, sigma) == -1.0
    # n m value = sum of n m entries +-1: an integer with the parity of n m (rounding: a few ulps).
    total = value * n * m
    assert abs(total - round(total)) < 1e-9
    assert (round(total) - n * m) % 2 == 0
    # exact: multiplication commutes, negation is exact and rounding is symmetric
    assert empirical_rademacher(sigma, predictions) == value
    assert empirical_rademacher(-predictions, sigma) == -value
    # exact: permuting the sample points permutes the +-1 products whose integer sums are exact
    columns = list(range(m))
    rnd.shuffle(columns)
    assert empirical_rademacher(predictions[:, columns], sigma[:, columns]) == value
    # permuting the draws reorders a float sum of n <= 6 values of size <= 1: a few ulps
    rows = list(range(n))
    rnd.shuffle(rows)
    assert empirical_rademacher(predictions[rows], sigma[rows]) == pytest.approx(value, rel=0.0, abs=1e-14)


@pytest.mark.formula("pb-empirical-rademacher")
@settings(max_examples=150)
@given(st.data())
def test_empirical_rademacher_of_best_fits_is_nonnegative_and_grows_with_the_class(data):
    m = data.draw(st.integers(1, 12))
    sigma = data.draw(sign_matrices(m=m))
    hypotheses = data.draw(sign_matrices(m=m))
    extra = data.draw(sign_matrices(m=m))

    def best_fit_estimate(cls):
        return empirical_rademacher(cls[np.argmax(sigma @ cls.T, axis=1)], sigma)

    symmetric = np.concatenate([hypotheses, -hypotheses])
    # With h and -h in the class the best correlation with each sigma_j is >= 0: exact, since the
    # per-draw values k/m are rounded monotonically and averaged.
    assert best_fit_estimate(symmetric) >= 0.0
    # A larger class fits every sigma_j at least as well: exact for the same reason.
    assert best_fit_estimate(np.concatenate([symmetric, extra])) >= best_fit_estimate(symmetric)
    assert best_fit_estimate(np.concatenate([hypotheses, extra])) >= best_fit_estimate(hypotheses)


@settings(max_examples=25)
@given(
    st.integers(1, 6).flatmap(
        lambda m: st.tuples(
            hnp.arrays(np.float64, (m, 3), elements=st.floats(-3.0, 3.0, allow_nan=False)),
            hnp.arrays(np.float64, (m,), elements=st.sampled_from([-1.0, 1.0])),
        )
    ),
    st.integers(1, 8),
    st.integers(1, 5),
    st.integers(0, 10**6),
)
def test_fit_random_labels_returns_deterministic_signs(data, hidden, steps, seed):
    x, sigma = data
    x_before, sigma_before = x.copy(), sigma.copy()
    predictions = fit_random_labels(x, sigma, hidden=hidden, steps=steps, seed=seed)
    assert predictions.shape == sigma.shape
    assert set(np.unique(predictions)) <= {-1.0, 1.0}
    assert np.array_equal(fit_random_labels(x, sigma, hidden=hidden, steps=steps, seed=seed), predictions)
    assert np.array_equal(x, x_before) and np.array_equal(sigma, sigma_before)  # inputs untouched


# ---------------------------------------------------------------- parameter count


@pytest.mark.formula("pb-mlp-params")
@settings(max_examples=150)
@given(st.lists(st.integers(1, 1000), min_size=2, max_size=6), st.data())
def test_mlp_parameter_count_adds_over_layers(sizes, data):
    # W = sum_l (n_{l-1} + 1) n_l: a single layer has (n_0 + 1) n_1 and splitting the network at
    # any inner width adds up (exact integers).
    assert mlp_parameter_count(sizes[:2]) == (sizes[0] + 1) * sizes[1]
    if len(sizes) > 2:
        k = data.draw(st.integers(1, len(sizes) - 2))
        assert mlp_parameter_count(sizes) == mlp_parameter_count(sizes[: k + 1]) + mlp_parameter_count(sizes[k:])
    assert mlp_parameter_count(tuple(sizes)) == mlp_parameter_count(sizes)


# ---------------------------------------------------------------- figure data

SERIES = {"McAllester": mcallester_bound, "Maurer (kl)": maurer_kl_bound}


@pytest.mark.formula("pb-mcallester", "pb-maurer-kl", "pb-catoni")
@settings(max_examples=60)
@given(
    probabilities,
    st.integers(8, 10**6),
    deltas,
    st.lists(st.floats(0.0, 1e4, allow_nan=False), min_size=1, max_size=4).map(sorted),
    catoni_cs,
)
def test_bounds_vs_kl_is_the_pointwise_bounds_and_nondecreasing(emp_risk, m, delta, kls, c):
    curves = bounds_vs_kl(emp_risk, m, delta, kls, c)
    assert list(curves) == ["McAllester", "Maurer (kl)", "Catoni"]
    for i, kl in enumerate(kls):
        # exact: the same function at the same point
        for name, bound in SERIES.items():
            assert curves[name][i] == bound(emp_risk, kl, m, delta)
        assert curves["Catoni"][i] == catoni_bound(emp_risk, kl, m, delta, c)
    for series in curves.values():
        assert all(a <= b for a, b in itertools.pairwise(series))


@pytest.mark.formula("pb-mcallester", "pb-maurer-kl", "pb-catoni")
@settings(max_examples=60)
@given(
    probabilities,
    kl_values,
    deltas,
    st.lists(st.integers(8, 10**6), min_size=1, max_size=4).map(sorted),
    catoni_cs,
)
def test_bounds_vs_m_is_the_pointwise_bounds_and_nonincreasing(emp_risk, kl, delta, ms, c):
    curves = bounds_vs_m(emp_risk, kl, delta, np.array(ms), c)
    assert list(curves) == ["McAllester", "Maurer (kl)", "Catoni"]
    for i, m in enumerate(ms):
        for name, bound in SERIES.items():
            assert curves[name][i] == bound(emp_risk, kl, m, delta)
        assert curves["Catoni"][i] == catoni_bound(emp_risk, kl, m, delta, c)
    for series in curves.values():
        assert all(a >= b for a, b in itertools.pairwise(series))
