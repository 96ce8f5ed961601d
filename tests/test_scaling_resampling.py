"""Tests for the resampling checks of the measured scaling exponent: the residual bootstrap and the
leave-one-out refits of L(N) = E + a N^-alpha (snippets.scaling.laws), and the numbers the chapter
shows from them (snippets.scaling.results.exponent).

Each is checked along a route that does not go through the code under test: the bootstrap's spread
against the asymptotic standard error (a Jacobian, not resampling) on data where the power law is
true, its coverage of a known exponent over independent noise draws, and the leave-one-out fits
against scipy's least_squares in another parameterization run in a plain loop. The chapter's prose
about the committed numbers is checked against them. Tolerances are given with their reasons.
"""

import math

import numpy as np
import pytest
import scipy.optimize

import snippets.scaling as sc
from snippets.scaling.results import BOOTSTRAP_LEVEL, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED

SIZES = np.geomspace(300, 3e5, 8)  # 8 sizes over three decades, as in the chapter's experiment
E, A, ALPHA = 1.5, 20.0, 0.35


def _lsq_alpha(sizes, losses, start):
    """alpha by scipy's Levenberg-Marquardt on (E, ln a, alpha) with raw N: not fit_power_law's
    parameterization (N / N_ref), solver (trf with bounds) or starting values (its grid)."""

    def residuals(theta):
        return theta[0] + np.exp(theta[1]) * sizes ** -theta[2] - losses

    solution = scipy.optimize.least_squares(residuals, start, xtol=1e-15, ftol=1e-15, gtol=1e-15, method="lm")
    return solution.x[2]


def test_exact_data_gives_an_interval_of_one_point():
    # No scatter about the curve: every resample is the curve itself, so every refit is the truth
    # (fit_power_law recovers exact data to 1e-7 relative: tests/test_scaling.py).
    boot = sc.bootstrap_power_law(SIZES, E + A * SIZES**-ALPHA, resamples=20, seed=0)
    assert (boot["low"], boot["high"]) == (pytest.approx(ALPHA, rel=1e-6), pytest.approx(ALPHA, rel=1e-6))
    loo = sc.leave_one_out_power_law(SIZES, E + A * SIZES**-ALPHA)
    assert loo["alphas"] == pytest.approx(np.full(SIZES.size, ALPHA), rel=1e-6)


def test_bootstrap_spread_matches_the_asymptotic_standard_error_when_the_law_is_true():
    """With small noise the fit is nearly linear in the errors, and resampling the residuals
    (inflated by sqrt(n / (n - 3))) has exactly the variance s^2 = RSS / (n - 3) the standard error
    uses: the sd of the resampled exponents must match se(alpha) from the Jacobian. Without the
    inflation it would come out sqrt(5/8) = 0.79 times too small, outside the tolerance."""
    rng = np.random.default_rng(11)
    for _ in range(3):
        losses = E + A * SIZES**-ALPHA + rng.normal(0, 0.002, SIZES.size)
        fit = sc.fit_power_law(SIZES, losses)
        boot = sc.bootstrap_power_law(SIZES, losses, resamples=400, seed=int(rng.integers(1000)))
        # 400 resamples: the sd is within ~7% of its limit (2 sigma); 12% allows for the curvature.
        assert boot["alphas"].std() == pytest.approx(fit["alpha_se"], rel=0.12)
        # ... and the percentile interval is close to alpha-hat +- 1.96 se (normal, 95%).
        half = 1.96 * fit["alpha_se"]
        assert boot["low"] == pytest.approx(fit["alpha"] - half, abs=0.2 * half)
        assert boot["high"] == pytest.approx(fit["alpha"] + half, abs=0.2 * half)
        assert boot["low"] < fit["alpha"] < boot["high"]


def test_bootstrap_intervals_cover_the_true_exponent():
    """Twelve independent noise draws (sd 0.01, about the scatter of the measured losses) around a
    known law: the 95% interval must cover alpha = 0.35 in all but at most two (a correct interval
    misses none with probability 0.54 and more than two with probability 0.02; percentile intervals
    from 8 points undercover a little). One half as wide would cover about two draws in three."""
    rng = np.random.default_rng(5)
    covered = 0
    for i in range(12):
        losses = E + A * SIZES**-ALPHA + rng.normal(0, 0.01, SIZES.size)
        boot = sc.bootstrap_power_law(SIZES, losses, resamples=150, seed=i)
        covered += boot["low"] <= ALPHA <= boot["high"]
    assert covered >= 10


@pytest.mark.parametrize(("floor", "sd"), [(E, 0.002), (E, 0.05), (0.0, 0.01)])
def test_each_resampled_exponent_is_the_refit_of_fit_power_law(floor, sd):
    """The bootstrap finds each alpha* by profiling out E and a (laws._exponent); it must be the
    minimum fit_power_law finds for the same resample, drawn here as the docstring says. With no
    floor (E = 0 in the law) about half the refits end with E at its bound, 0."""
    losses = floor + A * SIZES**-ALPHA + np.random.default_rng(4).normal(0, sd, SIZES.size)
    boot = sc.bootstrap_power_law(SIZES, losses, resamples=60, seed=2)
    fit = sc.fit_power_law(SIZES, losses)
    fitted = fit["E"] + fit["a"] * SIZES ** -fit["alpha"]
    residuals = losses - fitted
    residuals = (residuals - residuals.mean()) * math.sqrt(SIZES.size / (SIZES.size - 3))
    rng = np.random.default_rng(2)
    refits = [sc.fit_power_law(SIZES, fitted + rng.choice(residuals, size=SIZES.size)) for _ in range(60)]
    if floor == 0.0:
        assert 10 <= sum(refit["E"] < 1e-9 for refit in refits) <= 50
    # both are the same least-squares minimum to the solvers' tolerance (seen: 8e-9 relative)
    assert boot["alphas"] == pytest.approx(np.array([refit["alpha"] for refit in refits]), rel=1e-6)


def test_the_same_seed_gives_the_same_interval_and_another_seed_nearly_the_same():
    losses = E + A * SIZES**-ALPHA + np.random.default_rng(3).normal(0, 0.01, SIZES.size)
    first = sc.bootstrap_power_law(SIZES, losses, resamples=200, seed=7)
    again = sc.bootstrap_power_law(SIZES, losses, resamples=200, seed=7)
    other = sc.bootstrap_power_law(SIZES, losses, resamples=200, seed=8)
    assert np.array_equal(first["alphas"], again["alphas"])
    assert not np.array_equal(first["alphas"], other["alphas"])
    width = first["high"] - first["low"]
    # Quantiles at 2.5% of 200 draws: Monte Carlo error of a tenth or so of the width each.
    assert (other["low"], other["high"]) == (pytest.approx(first["low"], abs=0.3 * width),
                                             pytest.approx(first["high"], abs=0.3 * width))


def test_leave_one_out_is_least_squares_without_each_point_by_another_route():
    rng = np.random.default_rng(2)
    losses = 1.2 + 8.0 * SIZES**-0.3 + rng.normal(0, 0.005, SIZES.size)
    loo = sc.leave_one_out_power_law(SIZES, losses)
    sizes, values = list(SIZES), list(losses)
    for i in range(len(sizes)):
        kept_sizes = np.array(sizes[:i] + sizes[i + 1:])
        kept_losses = np.array(values[:i] + values[i + 1:])
        expected = _lsq_alpha(kept_sizes, kept_losses, [1.6, math.log(6.0), 0.4])
        # The same least-squares minimum by two solvers: the valley is flat along the E-alpha
        # trade-off, so 1e-4 relative (as in tests/test_scaling.py).
        assert loo["alphas"][i] == pytest.approx(expected, rel=1e-4), i
    assert (loo["low"], loo["high"]) == (min(loo["alphas"]), max(loo["alphas"]))


# ---------------------------------------------------------------- the chapter's numbers


@pytest.fixture(scope="module")
def committed():
    rows = sc.load_results("full")["rows"]
    return np.array([r["n_params"] for r in rows], float), np.array([r["val_loss"] for r in rows])


def test_the_chapters_leave_one_out_numbers_by_another_route(committed):
    sizes, losses = committed
    fit = sc.fit_power_law(sizes, losses)
    start = [fit["E"], math.log(fit["a"]), fit["alpha"]]
    alphas = [_lsq_alpha(np.delete(sizes, i), np.delete(losses, i), start) for i in range(sizes.size)]
    assert sc.exponent("leave_one_out_low") == pytest.approx(min(alphas), rel=1e-4)
    assert sc.exponent("leave_one_out_high") == pytest.approx(max(alphas), rel=1e-4)
    assert sc.exponent("without_smallest") == pytest.approx(alphas[0], rel=1e-4)
    shift = (alphas[0] - fit["alpha"]) / fit["alpha_se"]
    assert sc.exponent("without_smallest_shift") == pytest.approx(shift, rel=1e-3)
    # The page: the largest exponent is the one without the smallest model, and it lies "about two
    # standard errors" above the fit to all eight.
    assert max(alphas) == alphas[0] and 1.5 <= shift <= 2.5


def test_the_chapters_no_floor_exponent_by_another_route(committed):
    sizes, losses = committed
    # Kaplan's form has no floor: L = (N_c / N)^alpha, a straight line in log-log coordinates only
    # for its logarithm; least squares on L itself (not on ln L), by scipy's curve_fit from a start
    # taken from the log-log line.
    slope, intercept = np.polyfit(np.log(sizes), np.log(losses), 1)
    (_, alpha), _ = scipy.optimize.curve_fit(lambda n, a, alpha: a * n**-alpha, sizes, losses,
                                             p0=[math.exp(intercept), -slope], xtol=1e-15, ftol=1e-15)
    assert sc.exponent("no_floor") == pytest.approx(alpha, rel=1e-5)
    # The page: the floor alone moves the exponent by more than its standard error.
    assert sc.exponent("no_floor") < sc.result("alpha") - sc.result("alpha_se")


def test_the_chapters_bootstrap_interval(committed):
    sizes, losses = committed
    low, high = sc.exponent("bootstrap_low"), sc.exponent("bootstrap_high")
    assert (BOOTSTRAP_RESAMPLES, BOOTSTRAP_LEVEL, BOOTSTRAP_SEED) == (2000, 0.95, 0)  # as the page says
    fit = sc.fit_power_law(sizes, losses)
    # Independent route: the normal interval alpha-hat +- 1.96 se from the Jacobian. The
    # percentile interval may be skewed (the fit is not linear in the errors) but not by much.
    half = 1.96 * fit["alpha_se"]
    assert low == pytest.approx(fit["alpha"] - half, abs=0.25 * half)
    assert high == pytest.approx(fit["alpha"] + half, abs=0.25 * half)
    # The page: every resampling bound lies "roughly between 0.1 and 0.2", and the intervals say
    # that the third digit of alpha-hat means nothing.
    bounds = [low, high, sc.exponent("leave_one_out_low"), sc.exponent("leave_one_out_high")]
    assert all(0.08 <= b <= 0.2 for b in bounds)
    assert high - low > 0.05
