"""Tests for snippets.pacbayes.kl: the binary kl and its upper inverse."""

import itertools
import math

import numpy as np
import pytest
import torch
from torch.distributions import Bernoulli, Categorical, kl_divergence

from snippets.pacbayes import binary_kl, kl_inverse

INTERIOR = np.linspace(0.001, 0.999, 41)
WITH_ENDS = np.concatenate([[0.0], INTERIOR, [1.0]])
C_GRID = [0.0, 1e-8, 1e-4, 1e-2, 0.1, 0.5, 1.0, 2.0, 5.0, 20.0]


@pytest.mark.formula("pb-binary-kl")
def test_binary_kl_matches_torch_bernoulli_kl():
    q, p = np.meshgrid(INTERIOR, INTERIOR, indexing="ij")
    ours = np.vectorize(binary_kl)(q, p)
    theirs = kl_divergence(
        Bernoulli(probs=torch.tensor(q, dtype=torch.float64)),
        Bernoulli(probs=torch.tensor(p, dtype=torch.float64)),
    ).numpy()
    # torch goes through log-odds and softplus in float64, a different rounding path:
    # agreement to 1e-12 absolute (near q = p the kl itself is ~1e-7) and 1e-10 relative.
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.formula("pb-binary-kl")
def test_binary_kl_conventions_match_torch_categorical_kl():
    # At the ends 0 ln 0 = 0 and division by zero give +inf; torch's Categorical KL
    # implements the same conventions independently (it zeroes 0 * log 0, sets inf).
    for q in WITH_ENDS:
        for p in [0.0, 0.2, 0.7, 1.0]:
            cat_q = Categorical(probs=torch.tensor([1.0 - q, q], dtype=torch.float64))
            cat_p = Categorical(probs=torch.tensor([1.0 - p, p], dtype=torch.float64))
            expected = kl_divergence(cat_q, cat_p).item()
            got = binary_kl(q, p)
            if math.isinf(expected):
                assert got == math.inf, (q, p)
            else:
                # same rounding argument as above: 1e-12 absolute, 1e-10 relative
                assert got == pytest.approx(expected, rel=1e-10, abs=1e-12), (q, p)


@pytest.mark.formula("pb-binary-kl")
def test_binary_kl_closed_forms_at_the_ends():
    # kl(0||p) = -ln(1-p) and kl(1||p) = -ln p follow from 0 ln 0 = 0.
    for p in INTERIOR:
        assert binary_kl(0.0, p) == pytest.approx(-math.log1p(-p), rel=1e-12)
        assert binary_kl(1.0, p) == pytest.approx(-math.log(p), rel=1e-12)
    assert binary_kl(0.3, 0.0) == math.inf
    assert binary_kl(0.3, 1.0) == math.inf


@pytest.mark.formula("pb-binary-kl")
def test_binary_kl_zero_on_the_diagonal_and_pinsker():
    for q in WITH_ENDS:
        assert binary_kl(q, q) == 0.0  # exact: the function returns 0.0 for q == p
        for p in WITH_ENDS:
            # Pinsker: kl(q||p) >= 2 (q - p)^2; 1e-15 absorbs rounding when both are ~0.
            assert binary_kl(q, p) >= 2.0 * (q - p) ** 2 - 1e-15, (q, p)


@pytest.mark.formula("pb-kl-inverse")
def test_kl_inverse_closed_form_at_zero():
    # kl(0||p) = -ln(1 - p), so kl^{-1}(0, c) = 1 - exp(-c).
    for c in C_GRID:
        exact = -math.expm1(-c)
        got = kl_inverse(0.0, c)
        # bisection returns the upper end of a bracket of width <= 1e-12 around the sup;
        # 1e-15 absorbs rounding of the closed form itself.
        assert exact - 1e-15 <= got <= exact + 1e-12 + 1e-15, c


@pytest.mark.formula("pb-kl-inverse")
def test_kl_inverse_brackets_the_sup():
    # The exact sup p* satisfies kl(q||p*) = c; the returned p is within 1e-12 above it,
    # i.e. kl(q||p) >= c while kl(q||p - 1e-12) <= c (kl(q||.) increases on [q, 1]).
    # The second check allows 1e-15 for the rounding error of binary_kl itself: each log of
    # a ratio is off by ~1e-16 and the weights q, 1 - q sum to 1.
    for q in WITH_ENDS[:-1]:
        for c in C_GRID[1:]:
            p = kl_inverse(q, c)
            assert binary_kl(q, p) >= c, (q, c)
            if p - 1e-12 >= q:
                assert binary_kl(q, p - 1e-12) <= c + 1e-15, (q, c)


@pytest.mark.formula("pb-kl-inverse")
def test_kl_inverse_round_trip():
    # kl(q || kl^{-1}(q, c)) ~ c. The error in p (<= 1e-12) becomes an error in kl of at most
    # slope * 1e-12 with slope d kl/dp = (p - q) / (p (1 - p)); we keep p <= 0.999 so the
    # slope is <= 1000, hence tolerance 1e-9 (plus 1e-12 rounding).
    checked = 0
    for q in INTERIOR:
        for c in C_GRID[1:]:
            p = kl_inverse(q, c)
            if p <= 0.999:
                assert binary_kl(q, p) == pytest.approx(c, abs=1e-9 + 1e-12), (q, c)
                checked += 1
    assert checked > 100  # the grid really exercised the property


@pytest.mark.formula("pb-kl-inverse")
def test_kl_inverse_monotone_in_c_and_at_least_q():
    for q in WITH_ENDS:
        values = [kl_inverse(q, c) for c in C_GRID]
        assert all(q <= v <= 1.0 for v in values)
        # non-decreasing in c, up to the 1e-12 bisection resolution
        assert all(b >= a - 1e-12 for a, b in itertools.pairwise(values))
        assert values[0] == q  # c = 0 gives exactly p = q
        assert kl_inverse(q, math.inf) == 1.0
