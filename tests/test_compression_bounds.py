"""Occam's bound, its exact binomial form, the point-mass PAC-Bayes bound and the smoothed log-loss bound.

Each formula is checked by another route than its code: the kl form by the equation it solves and
by the exact binomial tail it relaxes (Chernoff), the binomial form by exact rational arithmetic,
both by simulating a finite class of hypotheses, the point-mass bound by the complexity it adds, and
the language-model bound by the exact binomial tail of a two-valued loss (Hoeffding's inequality).
"""

import math
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats

from snippets.compression import (
    lm_occam_bound,
    occam_binomial_bound,
    occam_bound,
    pointmass_pac_bayes_bound,
    smoothed_bits,
    smoothed_loss_range,
    units_needed,
)
from snippets.pacbayes import binary_kl, kl_inverse

LN2 = math.log(2)
CASES = [(0.0, 0.0, 100, 0.05), (0.02, 300.0, 1438, 0.025), (0.068, 402.0, 1438, 0.025), (0.3, 50.0, 200, 0.1),
         (0.5, 1000.0, 1438, 0.025), (0.01, 10.0, 100_000, 0.001)]


@pytest.mark.formula("cb-occam")
@pytest.mark.parametrize("error,bits,m,delta", CASES)
def test_occam_bound_solves_its_kl_equation(error, bits, m, delta):
    bound = occam_bound(error, bits, m, delta)
    complexity = (bits * LN2 + math.log(1 / delta)) / m  # ln(1 / (delta 2^-L)) / m
    assert error <= bound <= 1.0
    if bound < 1.0:
        assert binary_kl(error, bound) == pytest.approx(complexity, rel=1e-6, abs=1e-9)
        # and no smaller p has kl(error || p) >= complexity above error
        assert binary_kl(error, max(error, bound - 1e-6)) <= complexity


@pytest.mark.formula("cb-occam")
def test_occam_bound_grows_with_the_code_and_shrinks_with_the_sample():
    lengths = [0, 10, 100, 400, 1000, 5000]
    bounds = [occam_bound(0.05, bits, 1438, 0.025) for bits in lengths]
    assert bounds == sorted(bounds) and bounds[0] < bounds[-1]
    by_m = [occam_bound(0.05, 400, m, 0.025) for m in (500, 1438, 10_000, 100_000)]
    assert by_m == sorted(by_m, reverse=True)
    # without a code (L = 0) it is the test-set bound of one hypothesis
    assert occam_bound(0.05, 0, 1438, 0.025) == kl_inverse(0.05, math.log(40) / 1438)
    # one bit more is the same as halving delta
    assert occam_bound(0.05, 401, 1438, 0.025) == pytest.approx(occam_bound(0.05, 400, 1438, 0.0125), abs=1e-11)


def _binomial_cdf_exact(k, m, p):
    p = Fraction(p)
    return sum(math.comb(m, j) * p**j * (1 - p) ** (m - j) for j in range(k + 1))


@pytest.mark.parametrize("errors,bits,m,delta", [(0, 0, 10, 0.5), (3, 5, 40, 0.05), (7, 20, 60, 0.1),
                                                 (0, 12, 25, 0.01), (20, 2, 50, 0.2)])
@pytest.mark.formula("cb-occam-binomial")
def test_the_binomial_bound_inverts_the_exact_binomial_tail(errors, bits, m, delta):
    bound = occam_binomial_bound(errors, bits, m, delta)
    target = Fraction(delta) / 2**bits
    # sup{p : Pr(Bin(m, p) <= k) >= delta 2^-L}: the tail has fallen below the target at the bound ...
    assert _binomial_cdf_exact(errors, m, bound) < target
    # ... and not yet a hair below it
    assert _binomial_cdf_exact(errors, m, bound - 2e-12) >= target


@pytest.mark.formula("cb-occam-binomial")
def test_the_binomial_bound_with_no_errors_is_closed_form():
    # Pr(Bin(m, p) = 0) = (1 - p)^m = delta 2^-L  =>  p = 1 - (delta 2^-L)^(1/m)
    for bits, m, delta in [(0, 10, 0.5), (40, 1438, 0.025), (400, 1438, 0.025)]:
        expected = -math.expm1((math.log(delta) - bits * LN2) / m)
        assert occam_binomial_bound(0, bits, m, delta) == pytest.approx(expected, abs=2e-12)


@pytest.mark.parametrize("errors,bits,m", [(0, 100, 1438), (29, 300, 1438), (98, 402, 1438), (700, 50, 1438),
                                           (5, 40, 100), (0, 0, 30)])
@pytest.mark.formula("cb-occam", "cb-occam-binomial")
def test_the_kl_form_is_the_binomial_form_relaxed_by_chernoff(errors, bits, m):
    # Pr(Bin(m, p) <= k) <= exp(-m kl(k/m || p)) for p >= k/m, so the kl bound is never tighter
    exact = occam_binomial_bound(errors, bits, m, 0.025)
    relaxed = occam_bound(errors / m, bits, m, 0.025)
    assert exact <= relaxed + 1e-12
    assert relaxed - exact < 0.02  # and not far from it at these sizes


@pytest.mark.formula("cb-occam", "cb-occam-binomial")
def test_occam_bounds_hold_for_a_simulated_finite_class():
    # 16 hypotheses written in 4 bits each (a complete prefix code), true errors from 0.05 to 0.5;
    # m = 60 examples, 20,000 samples: the bound fails for some hypothesis in at most a delta fraction
    rng = np.random.default_rng(0)
    m, delta, bits = 60, 0.2, 4.0
    true_errors = np.linspace(0.05, 0.5, 16)
    mistakes = rng.binomial(m, true_errors, size=(20_000, 16))
    kl_table = np.array([occam_bound(k / m, bits, m, delta) for k in range(m + 1)])
    exact_table = np.array([occam_binomial_bound(k, bits, m, delta) for k in range(m + 1)])
    for table in (kl_table, exact_table):
        failed = (table[mistakes] < true_errors).any(axis=1).mean()
        assert failed <= delta
    # without the code's 4 bits (a bound for one hypothesis used on 16) it fails more often than delta
    naive = np.array([occam_binomial_bound(k, 0.0, m, delta) for k in range(m + 1)])
    assert (naive[mistakes] < true_errors).any(axis=1).mean() > delta


@pytest.mark.formula("cb-occam-pointmass")
@pytest.mark.parametrize("error,bits,m,delta", CASES[1:])
def test_the_point_mass_pac_bayes_bound_pays_ln_2_sqrt_m_more(error, bits, m, delta):
    bound = pointmass_pac_bayes_bound(error, bits, m, delta)
    # KL(delta_h || P) = ln(1 / P(h)) = L ln 2, plus Maurer's ln(2 sqrt(m) / delta)
    complexity = (bits * LN2 + math.log(2 * math.sqrt(m) / delta)) / m
    assert bound >= occam_bound(error, bits, m, delta)
    if bound < 1.0:
        assert binary_kl(error, bound) == pytest.approx(complexity, rel=1e-6)
        assert bound == pytest.approx(occam_bound(error, bits, m, delta / (2 * math.sqrt(m))), abs=1e-11)


# ---------------------------------------------------------------- the smoothed log-loss


@pytest.mark.formula("cb-smoothed-loss-range")
def test_smoothed_code_lengths_lie_in_their_range():
    rng = np.random.default_rng(0)
    for alpha, vocab in [(0.1, 97), (0.01, 97), (0.5, 2), (1.0, 50257)]:
        low, high, width = smoothed_loss_range(alpha, vocab)
        p = np.concatenate([[0.0, 1.0, 1.0 / vocab], rng.random(1000), rng.random(100) ** 20])
        bits = smoothed_bits(p, alpha, vocab)
        assert np.all(bits >= low - 1e-12) and np.all(bits <= high + 1e-12)
        assert bits[0] == pytest.approx(high) and bits[1] == pytest.approx(low)  # p = 0 and p = 1
        assert bits[2] == pytest.approx(math.log2(vocab))  # the uniform prediction is not changed
        assert width == pytest.approx(high - low)
        # smoothing can only cost bits where the model is confident, and caps the cost of a miss
        assert np.all(bits[p >= 1 / vocab] >= -np.log2(p[p >= 1 / vocab]) - 1e-12)


def test_smoothed_code_length_is_the_mixture_with_the_uniform_code():
    p = np.array([0.2, 0.9, 0.0])
    alpha, vocab = 0.1, 97
    mixture = 0.9 * p + 0.1 * np.full(3, 1 / 97)
    assert np.allclose(smoothed_bits(p, alpha, vocab), -np.log2(mixture), rtol=1e-15)


@pytest.mark.parametrize("train,bits,m,delta", [(2.0, 1000.0, 8000, 0.025), (5.1, 248135.0, 7947, 0.025),
                                                (0.5, 0.0, 100, 0.1)])
@pytest.mark.formula("cb-lm-bound")
def test_the_lm_bound_is_hoeffding_at_confidence_delta_2_to_the_minus_l(train, bits, m, delta):
    alpha, vocab = 0.1, 97
    _, _, width = smoothed_loss_range(alpha, vocab)
    gap = lm_occam_bound(train, bits, m, delta, alpha, vocab) - train
    # Hoeffding: Pr(mean below expectation by t) <= exp(-2 m t^2 / Delta^2), set equal to delta 2^-L
    assert -2 * m * gap**2 / width**2 == pytest.approx(math.log(delta) - bits * LN2, rel=1e-12)


@pytest.mark.formula("cb-lm-bound")
def test_the_lm_bound_holds_for_a_two_valued_loss_by_the_exact_binomial_tail():
    # Losses at the ends of the range (a loss of b with probability pi, else a): the sample mean is
    # a + Delta Bin(m, pi) / m. The bound fails when the true mean exceeds bound(sample mean); its
    # probability, computed exactly, must be <= delta 2^-L (a single hypothesis: L = 0 too).
    alpha, vocab, m = 0.1, 97, 200
    low, _, width = smoothed_loss_range(alpha, vocab)
    for bits, delta in [(0.0, 0.05), (3.0, 0.1)]:
        for pi in (0.05, 0.2, 0.5, 0.8):
            expected = low + pi * width
            counts = np.arange(m + 1)
            bounds = np.array([lm_occam_bound(low + c / m * width, bits, m, delta, alpha, vocab) for c in counts])
            fail = stats.binom.pmf(counts, m, pi)[bounds < expected].sum()
            assert fail <= delta * 2**-bits


@pytest.mark.formula("cb-units-needed")
def test_units_needed_is_the_first_m_whose_bound_reaches_the_target():
    args = {"train_bits": 2.4, "code_bits": 900_000.0, "delta": 0.025, "alpha": 0.1, "vocab_size": 97}
    target = math.log2(97)
    m = units_needed(**args, target_bits=target)
    bound = {key: args[key] for key in ("train_bits", "code_bits", "delta", "alpha", "vocab_size")}
    assert lm_occam_bound(**bound, m=m) <= target < lm_occam_bound(**bound, m=m - 1)
