"""Tests for snippets.fisher.natural_gradient, adam and figures: the natural gradient and Adam's v_hat.

Each identity is checked along a second, independent route (scipy's linear solvers and constrained
optimizer, finite differences, torch autograd, numerical integration over the model's distribution,
Monte Carlo over labels and mini-batches, an Adam written out in numpy) and, where it is an identity
over a family of inputs, by hypothesis property tests. The examples come from the profile "itdl" of
tests/conftest.py (derandomized). Every tolerance is given next to its comparison with the reason
for its size; float64 has a unit roundoff of 1.1e-16.
"""

import itertools
import math

import numpy as np
import pytest
import scipy.integrate
import scipy.linalg
import scipy.optimize
import scipy.stats
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import expit

import snippets.fisher as fi
from snippets.fisher import figures

EPS = np.finfo(float).eps

# The chapter's natural-gradient problem (snippets/fisher/figures.py) and Adam problem (below).
N, CONDITION, SEED = figures.N, figures.CONDITION, figures.SEED
ADAM_N, ADAM_SCALES, ADAM_BATCH = 2000, (0.1, 0.3, 1.0, 3.0, 10.0), 32


def _spd(seed, d, floor=0.1):
    """A random symmetric positive-definite d x d matrix with eigenvalues >= floor."""
    rng = np.random.default_rng(seed)
    B = rng.normal(size=(d, d))
    return B @ B.T + floor * np.eye(d), rng.normal(size=d)


def _minimum(X, y):
    """The minimizer and minimum of the logistic loss by scipy's BFGS (an independent optimizer)."""

    def f(w):
        z = X @ w
        return np.mean(np.logaddexp(0.0, z) - y * z), X.T @ (expit(z) - y) / len(y)

    result = scipy.optimize.minimize(f, np.zeros(X.shape[1]), jac=True, method="BFGS", options={"gtol": 1e-13})
    return result.x, float(result.fun)


# ---------------------------------------------------------------- the natural gradient


@pytest.mark.formula("fi-natural-gradient")
@settings(max_examples=40)
@given(seed=st.integers(0, 10**6), d=st.integers(1, 6), damping=st.floats(0.0, 2.0))
def test_natural_gradient_solves_the_damped_fisher_system(seed, d, damping):
    F, g = _spd(seed, d)
    x = fi.natural_gradient(F, g, damping)
    A = F + damping * np.eye(d)
    expected = scipy.linalg.solve(A, g, assume_a="pos")  # Cholesky route
    # Backward-stable solves: both agree to about cond(A) eps |x|; 100 d covers the constants.
    cond = np.linalg.cond(A)
    assert np.allclose(x, expected, rtol=0, atol=100 * d * cond * EPS * np.max(np.abs(expected)))
    assert np.allclose(A @ x, g, rtol=0, atol=100 * d * EPS * np.linalg.norm(A, 2) * np.max(np.abs(x)))


@pytest.mark.formula("fi-natural-gradient")
@settings(max_examples=40)
@given(seed=st.integers(0, 10**6), d=st.integers(1, 5))
def test_natural_gradient_does_not_depend_on_a_linear_reparameterization(seed, d):
    # With w = A u, the chain rule gives grad_u = A^T grad_w and F_u = A^T F_w A, so
    # F_u^{-1} grad_u = A^{-1} F_w^{-1} grad_w: the same step in w, whatever the coordinates.
    F, g = _spd(seed, d)
    A = np.eye(d) + 0.3 * np.random.default_rng(seed + 1).normal(size=(d, d))
    in_u = fi.natural_gradient(A.T @ F @ A, A.T @ g)
    in_w = fi.natural_gradient(F, g)
    # cond(A^T F A) <= cond(A)^2 cond(F): the solve and A's product lose up to that many ulps.
    allowed = 1e3 * np.linalg.cond(A) ** 2 * np.linalg.cond(F) * EPS * np.max(np.abs(in_w))
    assert np.allclose(A @ in_u, in_w, rtol=0, atol=allowed)
    # The Euclidean gradient is not invariant: A grad_u = A A^T grad_w differs from grad_w.
    assert d == 1 or not np.allclose(A @ (A.T @ g), g, atol=1e-3)


@pytest.mark.formula("fi-natural-gradient")
def test_singular_fisher_needs_damping_and_damping_follows_the_woodbury_formula():
    v, g = np.array([1.0, 2.0, -1.0]), np.array([0.5, -1.0, 2.0])
    F = np.outer(v, v)  # rank 1: a model with redundant parameters
    with pytest.raises(ValueError, match=r"^fisher is singular.*damping"):
        fi.natural_gradient(F, g)
    for damping in [1e-3, 0.1, 10.0]:
        # (v v^T + lam I)^{-1} g = (g - v (v^T g) / (lam + v^T v)) / lam  (Sherman-Morrison).
        expected = (g - v * (v @ g) / (damping + v @ v)) / damping
        # Condition number (6 + lam) / lam <= 6001: 1e-12 relative covers it.
        np.testing.assert_allclose(fi.natural_gradient(F, g, damping), expected, rtol=1e-11)
    # Large damping turns the natural gradient into the scaled gradient g / lam (error <= ||F|| / lam).
    np.testing.assert_allclose(1e8 * fi.natural_gradient(F, g, 1e8), g, rtol=0, atol=1e-7 * np.max(np.abs(g)))
    with pytest.raises(ValueError, match=r"^fisher must be symmetric"):
        fi.natural_gradient([[1.0, 0.5], [0.0, 1.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"^fisher must be positive semi-definite"):
        fi.natural_gradient([[1.0, 0.0], [0.0, -0.5]], [1.0, 1.0], damping=1.0)


# ---------------------------------------------------------------- steepest descent in KL


@pytest.mark.formula("fi-steepest-kl")
@settings(max_examples=40)
@given(seed=st.integers(0, 10**6), d=st.integers(1, 6), epsilon=st.floats(1e-4, 10.0))
def test_steepest_kl_step_is_on_the_boundary_and_beats_every_random_feasible_step(seed, d, epsilon):
    F, g = _spd(seed, d)
    step = fi.steepest_descent_in_kl(F, g, epsilon)
    # The constraint holds with equality, to rounding.
    assert 0.5 * step @ F @ step == pytest.approx(epsilon, rel=1e-10)
    best = float(g @ step)
    assert best == pytest.approx(-math.sqrt(2 * epsilon * g @ np.linalg.solve(F, g)), rel=1e-10)
    # 500 random directions, each scaled onto the boundary (the best feasible point along it).
    directions = np.random.default_rng(seed + 7).normal(size=(500, d))
    scale = np.sqrt(2 * epsilon / np.einsum("ij,jk,ik->i", directions, F, directions))
    values = (directions * scale[:, None]) @ g
    assert np.all(values >= best - 1e-9 * abs(best))


@pytest.mark.formula("fi-steepest-kl")
def test_steepest_kl_step_matches_a_generic_constrained_optimizer():
    for seed, d, epsilon in [(0, 2, 0.01), (1, 3, 0.5), (2, 5, 2.0), (3, 4, 0.1)]:
        F, g = _spd(seed, d)
        result = scipy.optimize.minimize(
            lambda s, g=g: g @ s,
            np.zeros(d),
            jac=lambda s, g=g: g,
            method="SLSQP",
            constraints=[{"type": "ineq", "fun": lambda s, F=F, e=epsilon: e - 0.5 * s @ F @ s,
                          "jac": lambda s, F=F: -F @ s}],
            options={"ftol": 1e-12, "maxiter": 500},  # tighter stops SLSQP's line search early
        )
        assert result.success
        closed = fi.steepest_descent_in_kl(F, g, epsilon)
        # SLSQP meets ftol 1e-12 on the objective with a minimizer within 5e-9 relative here (the
        # objective is flat to second order along the curved boundary); 1e-6 leaves room.
        np.testing.assert_allclose(result.x, closed, rtol=0, atol=1e-6 * np.max(np.abs(closed)))
    assert np.all(fi.steepest_descent_in_kl(np.eye(2), np.zeros(2), 1.0) == 0.0)  # grad 0: no step


@pytest.mark.formula("fi-steepest-kl")
def test_the_quadratic_constraint_is_the_kl_divergence_of_small_steps():
    # A Gaussian N(mu, sigma^2) in (mu, rho = ln sigma): F = diag(1/sigma^2, 2). The step of KL size
    # eps moves the distribution by KL(p || p_new) = eps + O(eps^{3/2}) (third-order Taylor term).
    mu, sigma = 0.3, 1.7
    F, g = np.diag([1 / sigma**2, 2.0]), np.array([0.8, -0.5])
    for epsilon in [1e-2, 1e-3, 1e-4, 1e-5]:
        step = fi.steepest_descent_in_kl(F, g, epsilon)
        new_mu, new_sigma = mu + step[0], sigma * math.exp(step[1])
        kl = math.log(new_sigma / sigma) + (sigma**2 + (mu - new_mu) ** 2) / (2 * new_sigma**2) - 0.5
        assert abs(kl / epsilon - 1.0) <= 3 * math.sqrt(epsilon)  # observed about 1.0 sqrt(eps)


# ---------------------------------------------------------------- logistic regression


def _numerical_gradient(f, w, h=1e-6):
    return np.array([(f(w + h * e) - f(w - h * e)) / (2 * h) for e in np.eye(w.size)])


@pytest.mark.formula("fi-logistic-fisher")
@settings(max_examples=25)
@given(seed=st.integers(0, 10**6), d=st.integers(1, 4))
def test_logistic_loss_gradient_and_fisher_against_scipy_finite_differences_and_autograd(seed, d):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(30, d))
    y = (rng.uniform(size=30) < 0.5).astype(float)
    w = rng.normal(size=d)
    out = fi.logistic_loss_grad_fisher(w, X, y)
    # The loss is the mean of -ln Bernoulli(y_i; sigmoid(x_i^T w)) (scipy.stats): rounding only.
    expected = -np.mean(scipy.stats.bernoulli.logpmf(y, expit(X @ w)))
    assert out["loss"] == pytest.approx(expected, rel=1e-12)
    # Central differences with h = 1e-6: error h^2 |L'''| + eps |L| / h ~ 1e-10.
    def loss(v):
        return fi.logistic_loss_grad_fisher(v, X, y)["loss"]

    np.testing.assert_allclose(out["grad"], _numerical_gradient(loss, w), rtol=0, atol=1e-8)
    # The Fisher matrix is the Hessian of the loss (autograd), at any w and for any labels.
    X_t, y_t = torch.tensor(X), torch.tensor(y)
    hessian = torch.autograd.functional.hessian(
        lambda v: torch.nn.functional.binary_cross_entropy_with_logits(X_t @ v, y_t), torch.tensor(w)
    ).numpy()
    np.testing.assert_allclose(out["fisher"], hessian, rtol=0, atol=1e-14)
    # And the Fisher is E_y[score score^T]: summed over both labels with their model probabilities.
    p = expit(X @ w)
    scores = {1: X * (1 - p)[:, None], 0: -X * p[:, None]}  # d/dw ln p(c | x, w)
    outer = sum(
        np.einsum("i,ij,ik->jk", prob, scores[c], scores[c]) for c, prob in [(1, p), (0, 1 - p)]
    ) / 30
    np.testing.assert_allclose(out["fisher"], outer, rtol=0, atol=1e-14)


@pytest.mark.formula("fi-logistic-fisher")
def test_logistic_problem_has_the_stated_condition_number():
    for condition in [1.0, 10.0, 100.0, 1e4]:
        X, y = fi.logistic_problem(N, condition, SEED)
        assert np.linalg.cond(X.T @ X / N) == pytest.approx(condition, rel=1e-10)
        # At w = 0 every s_i (1 - s_i) = 1/4: the Fisher is X^T X / (4n), same condition number.
        fisher = fi.logistic_loss_grad_fisher(np.zeros(2), X, y)["fisher"]
        np.testing.assert_allclose(fisher, X.T @ X / (4 * N), rtol=1e-14, atol=0)
        assert set(np.unique(y)) == {0.0, 1.0}
    X, _ = fi.logistic_problem(N, 100.0, SEED)
    assert np.corrcoef(X.T)[0, 1] == pytest.approx(99 / 101, abs=0.02)  # correlated features


@pytest.mark.formula("fi-logistic-fisher", "fi-natural-gradient")
def test_natural_gradient_descent_needs_far_fewer_steps_than_gradient_descent():
    # The chapter's problem: condition 100, n = 200, seed 0; GD with the safe step 4 = 1/smoothness,
    # NGD with step 1 (Newton). Steps to reach L* + 1e-4 nats (L* = 0.47688 from scipy's BFGS):
    # GD 818, NGD 3. To L* + 1e-2: GD 229, NGD 2.
    X, y = fi.logistic_problem(N, CONDITION, SEED)
    w_star, L_star = _minimum(X, y)
    gd = fi.gradient_descent(X, y, np.zeros(2), figures.GD_LR, 1000)
    ngd = fi.natural_gradient_descent(X, y, np.zeros(2), figures.NGD_LR, 1000)

    def steps_to(losses, tol):
        return int(np.argmax(losses - L_star <= tol)) if np.any(losses - L_star <= tol) else None

    assert L_star == pytest.approx(0.476882, abs=1e-6)
    assert steps_to(gd["losses"], 1e-4) == 818
    assert steps_to(ngd["losses"], 1e-4) == 3
    assert steps_to(gd["losses"], 1e-2) == 229
    assert steps_to(ngd["losses"], 1e-2) == 2
    # NGD converges to the same minimizer (quadratically: 1e-13 after 6 steps).
    np.testing.assert_allclose(ngd["weights"][6], w_star, rtol=0, atol=1e-6)
    # GD's step 1/smoothness guarantees a monotone decrease of the loss.
    assert np.all(np.diff(gd["losses"]) <= 1e-15)
    assert gd["weights"].shape == (1001, 2) and gd["losses"].shape == (1001,)


@pytest.mark.formula("fi-logistic-fisher", "fi-natural-gradient")
def test_ngd_is_blind_to_the_condition_number_and_gd_slows_down_in_proportion():
    # The same Z and labels for every condition number: X changes by an invertible linear map, so
    # NGD's losses are identical, while GD's steps to L* + 1e-4 grow like the condition number
    # (81, 818, 8190 for 10, 100, 1000 when this was written).
    steps = {}
    losses = {}
    for condition in [10.0, 100.0, 1000.0]:
        X, y = fi.logistic_problem(N, condition, SEED)
        _, L_star = _minimum(X, y)
        gd = fi.gradient_descent(X, y, np.zeros(2), 4.0, int(12 * condition))
        losses[condition] = fi.natural_gradient_descent(X, y, np.zeros(2), 1.0, 8)["losses"]
        steps[condition] = int(np.argmax(gd["losses"] - L_star <= 1e-4))
    # Solves with condition numbers up to 1000 * 30: about 1e-11 absolute on losses of 0.5.
    np.testing.assert_allclose(losses[10.0], losses[1000.0], rtol=0, atol=1e-10)
    assert steps == {10.0: 81, 100.0: 818, 1000.0: 8190}


@pytest.mark.formula("fi-natural-gradient")
def test_heavily_damped_ngd_is_gradient_descent_with_step_lr_over_damping():
    X, y = fi.logistic_problem(N, CONDITION, SEED)
    damped = fi.natural_gradient_descent(X, y, np.zeros(2), 1e6, 5, damping=1e6)
    gd = fi.gradient_descent(X, y, np.zeros(2), 1.0, 5)
    # (F + lam I)^{-1} = I/lam - F/lam^2 + ...: relative difference ||F|| / lam <= 0.25e-6 per step.
    np.testing.assert_allclose(damped["weights"], gd["weights"], rtol=0, atol=5e-6)


# ---------------------------------------------------------------- invariance under reparameterization

_SETTING = {"data_mean": 1.0, "data_std": 0.5, "mu0": -1.0, "sigma0": 3.0}


def _gaussian_fisher_by_quadrature(mu, sigma, log_sigma):
    """E[score score^T] of N(mu, sigma^2) by numerical integration (scipy.integrate.quad)."""

    def score(x):
        d_mu = (x - mu) / sigma**2
        d_sigma = -1 / sigma + (x - mu) ** 2 / sigma**3
        return np.array([d_mu, sigma * d_sigma if log_sigma else d_sigma])

    F = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            F[i, j] = scipy.integrate.quad(
                lambda x, i=i, j=j: score(x)[i] * score(x)[j] * scipy.stats.norm.pdf(x, mu, sigma),
                mu - 40 * sigma, mu + 40 * sigma, epsabs=1e-13, points=[mu],
            )[0]
    return F


@pytest.mark.formula("fi-invariance")
def test_a_run_that_drives_sigma_below_zero_ends_in_nan_rows_of_the_full_length():
    # From sigma0 = 2 with data mean 0 = mu0 and std 1, dL/dsigma = 1/2 - 1/8 = 0.375. With lr = 6 a
    # Euclidean step in sigma lands at 2 - 6 * 0.375 < 0, and so does the natural one,
    # 2 - 6 (sigma^2 / 2) 0.375 (F = diag(1/sigma^2, 2/sigma^2)): outside the model, so those runs
    # end after their first row and the rest of their steps + 1 rows are NaN. In log sigma every
    # step stays in the model.
    out = fi.fit_in_two_parameterizations(0.0, 1.0, 0.0, 2.0, 6.0, 1)
    assert 2.0 - 6.0 * 0.375 < 0 and 2.0 - 6.0 * 2.0 * 0.375 < 0
    for key in ("euclidean_sigma", "natural_sigma"):
        assert out[key].shape == (2, 2), key
        np.testing.assert_array_equal(out[key][0], [0.0, 2.0])
        assert np.all(np.isnan(out[key][1])), key
    for key in ("natural_log_sigma", "euclidean_log_sigma", "natural_flow"):
        assert out[key].shape == (2, 2) and np.all(out[key][:, 1] > 0), key


@pytest.mark.formula("fi-invariance")
def test_first_natural_step_uses_the_fisher_by_quadrature_and_the_gradient_by_finite_differences():
    m, s, mu0, sigma0 = 1.0, 0.5, -1.0, 2.0
    lr = 0.1
    out = fi.fit_in_two_parameterizations(m, s, mu0, sigma0, lr, 1)

    def loss(mu, sigma):  # mean -ln N(x; mu, sigma^2) + const, for data with mean m and std s
        return math.log(sigma) + ((mu - m) ** 2 + s**2) / (2 * sigma**2)

    for key, log_sigma in [("natural_sigma", False), ("natural_log_sigma", True)]:
        if log_sigma:
            grad = _numerical_gradient(lambda v: loss(v[0], math.exp(v[1])), np.array([mu0, math.log(sigma0)]))
        else:
            grad = _numerical_gradient(lambda v: loss(v[0], v[1]), np.array([mu0, sigma0]))
        step = np.linalg.solve(_gaussian_fisher_by_quadrature(mu0, sigma0, log_sigma), grad)
        new = np.array([mu0, math.log(sigma0) if log_sigma else sigma0]) - lr * step
        if log_sigma:
            new[1] = math.exp(new[1])
        # Quadrature to ~1e-12 and central differences to ~1e-9: 1e-8 absolute on values ~1.
        np.testing.assert_allclose(out[key][1], new, rtol=0, atol=1e-8)


@pytest.mark.formula("fi-invariance")
@settings(max_examples=50)
@given(
    data_mean=st.floats(-3, 3), data_std=st.floats(0.2, 3), mu0=st.floats(-3, 3), sigma0=st.floats(0.2, 3),
    lr=st.floats(1e-4, 0.2),
)
def test_one_natural_step_differs_between_parameterizations_only_at_second_order(data_mean, data_std, mu0, sigma0, lr):
    # Both natural steps move mu by -lr (mu - m). In sigma: sigma (1 - lr g); in rho = ln sigma:
    # sigma e^{-lr g}, g = (1 - ((mu - m)^2 + s^2) / sigma^2) / 2. The difference is exactly
    # sigma (e^{-lr g} - 1 + lr g) = sigma (lr g)^2 / 2 + O(lr^3).
    out = fi.fit_in_two_parameterizations(data_mean, data_std, mu0, sigma0, lr, 1)
    g = 0.5 * (1 - ((mu0 - data_mean) ** 2 + data_std**2) / sigma0**2)
    a, b = out["natural_sigma"][1], out["natural_log_sigma"][1]
    assert a[0] == b[0]
    expected = sigma0 * math.expm1(-lr * g) + sigma0 * lr * g
    # A few roundings of each computed value: a[1] is of size sigma0 (1 + |lr g|), b[1] of size
    # sigma0 e^{-lr g}, which is far larger when lr g is very negative (seen: 38 for sigma0 = 0.22).
    scale = abs(a[1]) + abs(b[1]) + sigma0 * (1 + abs(lr * g))
    assert b[1] - a[1] == pytest.approx(expected, rel=0, abs=8 * EPS * scale)


@pytest.mark.formula("fi-invariance")
def test_natural_discrepancy_shrinks_like_lr_squared_euclidean_like_lr():
    # After a fixed number of steps (10) from (mu, sigma) = (-1, 3), fitting data with mean 1 and
    # std 0.5: the two parameterizations' natural iterates differ by O(lr^2), halving lr quarters the
    # gap (ratios 4.05, 4.02, 4.01, 4.006); the Euclidean ones differ at O(lr), halving lr halves it
    # (ratios 1.97 ... 1.997). Small steps keep the 10 steps' total time 10 lr short, so the leading
    # term dominates. (At sigma = 1 the Euclidean first-order term vanishes, |sigma^2 - 1| = 0, and
    # at points with g = 0 the natural second-order one does: the rates hold at generic points.)
    gaps = {"natural": [], "euclidean": []}
    lrs = [4e-3, 2e-3, 1e-3, 5e-4, 2.5e-4]
    for lr in lrs:
        out = fi.fit_in_two_parameterizations(**_SETTING, lr=lr, steps=10)
        for method in gaps:
            diff = out[f"{method}_sigma"][-1] - out[f"{method}_log_sigma"][-1]
            gaps[method].append(float(np.max(np.abs(diff))))
    natural_ratios = np.array(gaps["natural"][:-1]) / np.array(gaps["natural"][1:])
    euclidean_ratios = np.array(gaps["euclidean"][:-1]) / np.array(gaps["euclidean"][1:])
    assert np.all((natural_ratios > 3.9) & (natural_ratios < 4.1))
    assert np.all((euclidean_ratios > 1.9) & (euclidean_ratios < 2.1))
    # Log-log slope of the gap against lr: 2 and 1.
    assert np.polyfit(np.log(lrs), np.log(gaps["natural"]), 1)[0] == pytest.approx(2.0, abs=0.05)
    assert np.polyfit(np.log(lrs), np.log(gaps["euclidean"]), 1)[0] == pytest.approx(1.0, abs=0.05)
    assert gaps["euclidean"][-1] > 1000 * gaps["natural"][-1]


@pytest.mark.formula("fi-invariance")
def test_over_a_fixed_time_both_natural_runs_approach_one_flow_the_euclidean_runs_two():
    # Time T = 2 (steps = 2 / lr). The natural runs approach the closed-form flow (Euler's error,
    # proportional to lr: 0.028, 0.014, 0.0068, 0.0034 at lr = 0.1 ... 0.0125), so their gap
    # vanishes; the Euclidean runs in sigma and in ln sigma converge to two different curves, and
    # their gap tends to about (0.31, 1.01) in (mu, sigma), not to 0.
    previous = None
    for lr in [0.1, 0.05, 0.025, 0.0125]:
        out = fi.fit_in_two_parameterizations(**_SETTING, lr=lr, steps=round(2 / lr))
        flow = out["natural_flow"][-1]
        errors = [np.max(np.abs(out[k][-1] - flow)) for k in ("natural_sigma", "natural_log_sigma")]
        assert max(errors) <= 0.3 * lr  # first order in lr (0.28 lr observed)
        euclidean_gap = np.abs(out["euclidean_sigma"][-1] - out["euclidean_log_sigma"][-1])
        assert np.all(euclidean_gap > [0.3, 1.0])
        if previous is not None:
            assert max(errors) == pytest.approx(previous / 2, rel=0.05)
        previous = max(errors)
    assert out["time"][-1] == pytest.approx(2.0)


@pytest.mark.formula("fi-invariance")
def test_the_closed_form_flow_solves_the_natural_gradient_ode():
    # d/dt (mu, sigma) = -F^{-1} grad L, checked by central differences in time on a fine grid.
    m, s, mu0, sigma0 = 1.0, 0.5, -1.0, 3.0
    dt = 1e-3
    flow = fi.fit_in_two_parameterizations(m, s, mu0, sigma0, dt, 3000)["natural_flow"]
    derivative = (flow[2:] - flow[:-2]) / (2 * dt)
    mu, sigma = flow[1:-1, 0], flow[1:-1, 1]
    v = (mu - m) ** 2 + s**2
    rhs = np.column_stack([-(mu - m), -(sigma**2 - v) / (2 * sigma)])  # -F^{-1} grad in (mu, sigma)
    # Central differences: dt^2 max|third derivative| / 6 + eps / dt ~ 1e-7 here.
    np.testing.assert_allclose(derivative, rhs, rtol=0, atol=1e-6)
    # The flow ends at the ML fit (mean, std): at t = 40 the transients e^{-t} are 4e-18.
    end = fi.fit_in_two_parameterizations(m, s, mu0, sigma0, 1.0, 40)["natural_flow"][-1]
    np.testing.assert_allclose(end, [m, s], rtol=0, atol=1e-15)


@pytest.mark.formula("fi-invariance")
def test_a_step_that_would_make_sigma_negative_ends_the_run_with_nan():
    out = fi.fit_in_two_parameterizations(0.0, 0.1, 0.0, 1.0, 3.0, 4)
    # Euclidean in sigma: sigma - 3 (1 - 0.01) < 0 at the first step.
    assert np.all(np.isnan(out["euclidean_sigma"][1:])) and out["euclidean_sigma"][0, 1] == 1.0
    assert np.all(np.isfinite(out["euclidean_log_sigma"]))  # ln sigma cannot leave sigma > 0


# ---------------------------------------------------------------- Adam's v_hat and the Fisher


@pytest.fixture(scope="module")
def adam_data():
    X, y = fi.classification_data(ADAM_N, ADAM_SCALES, 0)
    w_star, _ = _minimum(X, y)
    return X, y, w_star


@pytest.mark.formula("fi-empirical-fisher")
def test_fisher_diagonals_match_their_closed_forms_and_a_monte_carlo_over_labels(adam_data):
    X, y, w_star = adam_data
    w = 0.5 * w_star
    out = fi.fisher_diagonals(w, X, y)
    s = expit(X @ w)
    # Autograd against the closed forms: rounding only.
    np.testing.assert_allclose(out["true"], (s * (1 - s)) @ X**2 / ADAM_N, rtol=1e-12)
    np.testing.assert_allclose(out["empirical"], ((y - s) ** 2) @ X**2 / ADAM_N, rtol=1e-12)
    # The true Fisher is the diagonal of logistic_loss_grad_fisher's F (the expected outer product).
    full = fi.logistic_loss_grad_fisher(w, X, y)["fisher"]
    np.testing.assert_allclose(out["true"], np.diag(full), rtol=1e-12)
    # Monte Carlo: 200 label draws y ~ p(y | x, w) per example; the empirical Fisher of each draw
    # averages to the true Fisher. 400,000 terms: relative standard error below 0.5%; allow 2%.
    rng = np.random.default_rng(5)
    draws = [fi.fisher_diagonals(w, X, (rng.uniform(size=ADAM_N) < s).astype(float))["empirical"] for _ in range(200)]
    np.testing.assert_allclose(np.mean(draws, axis=0), out["true"], rtol=0.02)


@pytest.mark.formula("fi-empirical-fisher")
def test_empirical_fisher_equals_the_fisher_only_where_the_model_fits(adam_data):
    X, y, w_star = adam_data
    # At w = 0 every s = 1/2 and (y - 1/2)^2 = 1/4 for both labels: the two agree exactly.
    at_zero = fi.fisher_diagonals(np.zeros(5), X, y)
    np.testing.assert_allclose(at_zero["empirical"], at_zero["true"], rtol=1e-14)
    # At the optimum of this well-specified model they agree up to sampling error (ratios 0.94-1.03
    # at n = 2000; the relative standard error of each mean is about 3-5%).
    at_optimum = fi.fisher_diagonals(w_star, X, y)
    ratio = at_optimum["empirical"] / at_optimum["true"]
    assert np.all(np.abs(ratio - 1) < 0.1)
    # Confident and wrong (w = -3 w*): the observed labels have (y - s)^2 near 1 where the model
    # says s (1 - s) near 0, so the empirical Fisher is 14.8-19.3 times the Fisher.
    wrong = fi.fisher_diagonals(-3 * w_star, X, y)
    assert np.all(wrong["empirical"] / wrong["true"] > 12)
    # In expectation over the labels the two agree at the data-generating weights w_true = 1/scale:
    # averaging Femp over 200 resampled label sets matches F within Monte Carlo error (2%).
    w_true = 1 / np.array(ADAM_SCALES)
    p = expit(X @ w_true)
    rng = np.random.default_rng(9)
    resampled = [fi.fisher_diagonals(w_true, X, (rng.uniform(size=ADAM_N) < p).astype(float))["empirical"]
                 for _ in range(200)]
    np.testing.assert_allclose(np.mean(resampled, axis=0), fi.fisher_diagonals(w_true, X, y)["true"], rtol=0.02)


@pytest.mark.formula("fi-adam-second-moment")
def test_expected_squared_minibatch_gradient_against_random_batches():
    X, y = fi.classification_data(50, (0.5, 1.0, 2.0), 3)
    w = np.array([0.3, -0.2, 0.1])
    B = 8
    expected = fi.expected_squared_minibatch_gradient(w, X, y, B)
    grads = X * (expit(X @ w) - y)[:, None]  # per-example gradients of the cross-entropy
    rng = np.random.default_rng(0)
    batches = np.array([rng.choice(50, B, replace=False) for _ in range(40000)])
    squares = grads[batches].mean(axis=1) ** 2
    # 40,000 batches: 5 standard errors of the Monte Carlo mean.
    assert np.all(np.abs(squares.mean(axis=0) - expected) <= 5 * squares.std(axis=0) / math.sqrt(40000))
    # The decomposition: gbar^2 plus the finite-population variance; the full batch has no variance.
    gbar = grads.mean(axis=0)
    np.testing.assert_allclose(fi.expected_squared_minibatch_gradient(w, X, y, 50), gbar**2, rtol=1e-12)
    np.testing.assert_allclose(fi.expected_squared_minibatch_gradient(w, X, y, 1), np.mean(grads**2, axis=0),
                               rtol=1e-12)


@pytest.mark.formula("fi-adam-second-moment")
@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_expected_squared_minibatch_gradient_by_enumerating_every_batch(n):
    # Independent route: the exact mean of (mean gradient over B)^2 over all C(n, B) batches drawn
    # without replacement, for tiny n (one example: no variance; two: the finite-population factor
    # (n - B) / (B (n - 1)) at its smallest n). Agreement to rounding (1e-12 relative).
    rng = np.random.default_rng(n)
    X = rng.normal(size=(n, 2))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    w = np.array([0.4, -0.7])
    grads = X * (expit(X @ w) - y)[:, None]
    for B in range(1, n + 1):
        batches = [list(c) for c in itertools.combinations(range(n), B)]
        exact = np.mean([grads[b].mean(axis=0) ** 2 for b in batches], axis=0)
        np.testing.assert_allclose(fi.expected_squared_minibatch_gradient(w, X, y, B), exact, rtol=1e-12, atol=1e-300)


@pytest.mark.formula("fi-adam-second-moment")
def test_adam_second_moment_is_torch_adam_written_out_in_numpy():
    X, y = fi.classification_data(100, (0.5, 2.0), 1)
    w0, lr, steps, B, seed = np.array([0.2, -0.1]), 0.05, 60, 10, 4
    out = fi.adam_second_moment(X, y, w0, lr, steps, B, seed)
    rng = np.random.default_rng(seed)  # the documented batch sequence
    w, m, v = w0.copy(), np.zeros(2), np.zeros(2)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        batch = rng.choice(100, B, replace=False)
        g = X[batch].T @ (expit(X[batch] @ w) - y[batch]) / B
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        # torch orders the same operations differently: agreement to ~1e-14 relative per step,
        # amplified at most mildly over 60 steps.
        np.testing.assert_allclose(out["weights"][t], w, rtol=1e-10)
    np.testing.assert_allclose(out["m_hat"], m_hat, rtol=1e-9)
    np.testing.assert_allclose(out["v_hat"], v_hat, rtol=1e-9)
    np.testing.assert_allclose(out["preconditioner"], 1 / (np.sqrt(v_hat) + eps), rtol=1e-9)
    # The last update is lr m_hat / (sqrt(v_hat) + eps): Adam divides by the square root of v_hat.
    np.testing.assert_allclose(out["weights"][-2] - out["weights"][-1], lr * out["m_hat"] * out["preconditioner"],
                               rtol=1e-9)


@pytest.mark.formula("fi-adam-second-moment", "fi-empirical-fisher")
def test_adam_v_hat_is_the_squared_gradient_early_and_the_empirical_fisher_over_b_near_a_minimum(adam_data):
    X, y, w_star = adam_data
    # Early: 20 steps of lr 1e-3 from w = 0 (the weights move by ~0.02). v_hat ~ gbar^2 + Var / B,
    # and gbar^2 is 65-77% of E[g_B^2]: B v_hat / Femp = 2.5-3.8, far from 1.
    early = fi.compare_adam_and_fisher(X, y, np.zeros(5), 1e-3, 20, ADAM_BATCH, 0)
    assert np.all(early["batch_v_over_empirical"] > 2.0)
    assert np.all(early["squared_mean_gradient"] / early["expected_v"] > 0.5)
    # Near a minimum: 3000 steps of lr 1e-2 (weights within 5% of w*). gbar^2 is below 1.2% of
    # E[g_B^2], and B v_hat / Femp = 0.99-1.21: v_hat ~ Femp / B, the empirical Fisher over the batch
    # size. The EMA averages about (1 + beta2) / (1 - beta2) ~ 2000 heavy-tailed squared gradients and
    # the weights still jitter, so 25% is allowed.
    late = fi.compare_adam_and_fisher(X, y, np.zeros(5), 1e-2, 3000, ADAM_BATCH, 0)
    np.testing.assert_allclose(late["weights"], w_star, rtol=0.1)
    assert np.all(late["squared_mean_gradient"] / late["expected_v"] < 0.05)
    assert np.all(np.abs(late["batch_v_over_empirical"] - 1) < 0.25)
    assert np.all(np.abs(late["v_over_expected"] - 1) < 0.25)
    # Femp and F agree there (well-specified model near its optimum), ratios 0.96-1.06.
    assert np.all(np.abs(late["empirical_fisher"] / late["true_fisher"] - 1) < 0.1)
    # Adam's preconditioner 1 / (sqrt(v_hat) + eps) scales like F_jj^{-1/2} across the coordinates
    # (F_jj spans four orders of magnitude): slopes -0.51 early and -0.49 late, not the -1 of a
    # diagonal natural gradient.
    for run in (early, late):
        assert run["preconditioner_slope"] == pytest.approx(-0.5, abs=0.05)


# ---------------------------------------------------------------- figures


@pytest.mark.formula("fi-natural-gradient", "fi-logistic-fisher")
def test_figures_show_the_chapter_runs():
    paths = figures.natural_vs_euclidean_paths_figure()
    curves = figures.loss_curves_figure()
    X, y = fi.logistic_problem(N, CONDITION, SEED)
    w_star, L_star = _minimum(X, y)
    series = paths["series"]
    assert list(paths["x"]) == list(range(1, figures.STEPS + 1))  # after each step, log scale
    assert all(len(v) == len(paths["x"]) for v in series.values())
    ngd = np.column_stack([series["w₁, −ηF⁻¹∇L"], series["w₂, −ηF⁻¹∇L"]])
    gd = np.column_stack([series["w₁, −η∇L"], series["w₂, −η∇L"]])
    assert np.max(np.abs(ngd[4] - w_star)) < 1e-6  # NGD is at the minimizer after 5 steps
    assert np.linalg.norm(gd[199] - w_star) > 0.2 * np.linalg.norm(w_star)  # GD is not, after 200
    low, high = paths["ylim"]
    assert low < min(gd.min(), ngd.min()) and max(gd.max(), ngd.max()) < high  # every path inside the frame
    assert curves["hline"] == pytest.approx(L_star, abs=1e-12)
    lo, hi = curves["ylim"]
    for losses in curves["series"].values():
        assert lo < np.min(losses) and np.max(losses) <= hi
        assert losses[0] < math.log(2)  # one step below the start, ln 2 (w = 0 predicts 1/2 everywhere)
