"""Tests for snippets.fisher.information: Fisher information and the KL divergence it approximates.

Each closed form is checked along independent routes: Monte Carlo averages of hand-written scores
and Hessians (both definitions of F), torch autograd of the log-density (``fisher_autograd``),
the reparameterization rule F_eta = J^T F_theta J, exact expectations over a finite support or by
Gauss-Hermite quadrature, scipy, and the Taylor expansion of the KL divergence up to its cubic
term. Monte Carlo tolerances are k standard errors computed from the same samples (k = 5: a
normal deviation beyond 5 SE has probability 6e-7 per entry; the seeds are fixed anyway).
Property tests run under the profile "itdl" of tests/conftest.py (derandomized). float64 has a
unit roundoff of 1.1e-16.
"""

import math

import numpy as np
import pytest
import scipy.integrate
import scipy.stats
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.polynomial import hermite_e

import snippets.fisher as fi

EPS = np.finfo(float).eps
K_SE = 5.0  # Monte Carlo tolerance in standard errors
N_MC = 20_000


def sigmoid(t):
    return 1.0 / (1.0 + math.exp(-t))


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def assert_within_standard_errors(estimate, per_sample, expected):
    """``estimate`` is the mean over axis 0 of ``per_sample``; each entry must lie within K_SE of its
    standard errors (std over the samples / sqrt(n)) of ``expected``. A standard error of 0 (every
    sample equal) leaves only rounding: 1e-12 relative."""
    n = per_sample.shape[0]
    se = per_sample.std(axis=0, ddof=1) / math.sqrt(n)
    allowed = K_SE * se + 1e-12 * np.max(np.abs(expected))
    assert np.all(np.abs(estimate - expected) <= allowed), (estimate, expected, se)
    return se


# ---------------------------------------------------------------- the families, with hand-written scores and Hessians


def bernoulli_case(p, n, seed):
    """Samples of Bernoulli(p) and the score and Hessian of ln p(x; p) for each (mean parameter)."""
    x = (np.random.default_rng(seed).random(n) < p).astype(float)
    score = x / p - (1 - x) / (1 - p)
    hess = -x / p**2 - (1 - x) / (1 - p) ** 2
    return x, score[:, None], hess[:, None, None]


def gaussian_case(mu, sigma, n, seed):
    """Samples of N(mu, sigma^2) and the scores and Hessians of ln p in the coordinates (mu, sigma)."""
    x = np.random.default_rng(seed).normal(mu, sigma, n)
    z = (x - mu) / sigma
    score = np.stack([z / sigma, (z**2 - 1) / sigma], axis=1)
    h = np.empty((n, 2, 2))
    h[:, 0, 0] = -1 / sigma**2
    h[:, 0, 1] = h[:, 1, 0] = -2 * z / sigma**2
    h[:, 1, 1] = (1 - 3 * z**2) / sigma**2
    return x, score, h


def softmax_case(logits, n, seed):
    """One-hot samples of softmax(logits) and the scores e_k - p; the Hessian is -(diag p - p p^T) for every k."""
    p = softmax(logits)
    k = np.random.default_rng(seed).choice(p.size, size=n, p=p)
    onehot = np.eye(p.size)[k]
    return onehot, onehot - p


def log_prob_bernoulli(theta, x):
    return x * torch.log(theta[0]) + (1 - x) * torch.log1p(-theta[0])


def log_prob_bernoulli_logit(theta, x):
    return x * theta[0] - torch.nn.functional.softplus(theta[0])


def log_prob_gaussian(theta, x):  # theta = (mu, sigma)
    return -0.5 * ((x - theta[0]) / theta[1]) ** 2 - torch.log(theta[1]) - 0.5 * math.log(2 * math.pi)


def log_prob_gaussian_variance(theta, x):  # theta = (mu, sigma^2)
    return -0.5 * (x - theta[0]) ** 2 / theta[1] - 0.5 * torch.log(theta[1]) - 0.5 * math.log(2 * math.pi)


def log_prob_categorical(theta, x):  # x one-hot
    return (x * torch.log_softmax(theta, dim=0)).sum()


# -------------------------------------------------- closed forms vs Monte Carlo (both definitions) and autograd


@pytest.mark.formula("fi-bernoulli", "fi-score-outer", "fi-hessian")
def test_bernoulli_fisher_matches_both_monte_carlo_estimates_and_autograd():
    for p, seed in [(0.3, 0), (0.05, 1), (0.9, 2)]:
        x, score, hess = bernoulli_case(p, N_MC, seed)
        exact = fi.bernoulli_fisher(p)
        outer = fi.fisher_score_outer(score)
        assert_within_standard_errors(outer, score[:, :, None] * score[:, None, :], exact)
        from_h = fi.fisher_from_hessians(hess)
        assert_within_standard_errors(from_h, -hess, exact)
        # For the Bernoulli mean, ln p'' = -(ln p')^2 sample by sample, so the two estimates coincide.
        assert from_h == pytest.approx(outer, rel=1e-13)
        auto_outer, auto_hess = fi.fisher_autograd(log_prob_bernoulli, [p], x)
        # The same samples, differentiated by torch: rounding only.
        assert auto_outer == pytest.approx(outer, rel=1e-12)
        assert auto_hess == pytest.approx(from_h, rel=1e-12)
    assert fi.bernoulli_fisher(0.5) == 4.0  # exact in binary floating point


@pytest.mark.formula("fi-bernoulli", "fi-hessian")
def test_bernoulli_logit_fisher_is_the_variance_of_the_score_and_minus_the_constant_hessian():
    for theta, seed in [(-1.2, 3), (0.0, 4), (2.5, 5)]:
        p = sigmoid(theta)
        x = (np.random.default_rng(seed).random(N_MC) < p).astype(float)
        score = (x - p)[:, None]
        exact = fi.bernoulli_logit_fisher(theta)
        assert exact == pytest.approx(p * (1 - p), rel=1e-14)  # a different formula for the same number
        assert_within_standard_errors(fi.fisher_score_outer(score), score[:, :, None] ** 2, exact)
        auto_outer, auto_hess = fi.fisher_autograd(log_prob_bernoulli_logit, [theta], x)
        assert auto_outer == pytest.approx(fi.fisher_score_outer(score), rel=1e-12)
        # The logit is a natural parameter: the Hessian -sigma(1 - sigma) does not depend on x, so the
        # Hessian estimate is exact up to rounding whatever the samples.
        assert auto_hess[0, 0] == pytest.approx(exact, rel=1e-12)


@pytest.mark.formula("fi-bernoulli")
def test_bernoulli_logit_fisher_is_stable_in_the_tails():
    # e^-|theta| / (1 + e^-|theta|)^2 ~ e^-|theta|: no overflow at 800, no 1 - 1 = 0 at 40.
    assert fi.bernoulli_logit_fisher(40.0) == pytest.approx(math.exp(-40.0), rel=1e-15)
    assert fi.bernoulli_logit_fisher(-40.0) == fi.bernoulli_logit_fisher(40.0)
    assert fi.bernoulli_logit_fisher(800.0) == 0.0  # e^-800 underflows; the true value is below 1e-347
    assert fi.bernoulli_logit_fisher(0.0) == 0.25


@pytest.mark.formula("fi-gaussian", "fi-score-outer", "fi-hessian")
def test_gaussian_fisher_matches_both_monte_carlo_estimates_and_autograd():
    for mu, sigma, seed in [(0.3, 1.7, 0), (-2.0, 0.2, 1)]:
        x, score, hess = gaussian_case(mu, sigma, N_MC, seed)
        exact = fi.gaussian_fisher(mu, sigma)
        assert np.array_equal(exact, np.diag([1 / sigma**2, 2 / sigma**2]))
        outer = fi.fisher_score_outer(score)
        assert_within_standard_errors(outer, score[:, :, None] * score[:, None, :], exact)
        from_h = fi.fisher_from_hessians(hess)
        assert_within_standard_errors(from_h, -hess, exact)
        auto_outer, auto_hess = fi.fisher_autograd(log_prob_gaussian, [mu, sigma], x)
        scale = np.max(np.abs(exact))
        assert np.allclose(auto_outer, outer, rtol=1e-12, atol=1e-12 * scale)  # same samples: rounding only
        assert np.allclose(auto_hess, from_h, rtol=1e-12, atol=1e-12 * scale)


@pytest.mark.formula("fi-gaussian", "fi-score-outer", "fi-hessian")
def test_gaussian_fisher_for_the_variance_matches_autograd():
    mu, sigma = 0.5, 1.3
    x = np.random.default_rng(6).normal(mu, sigma, N_MC)
    exact = fi.gaussian_fisher(mu, sigma, parameterization="variance")
    assert exact == pytest.approx(np.diag([1 / sigma**2, 1 / (2 * sigma**4)]), rel=1e-15)
    outer, from_h = fi.fisher_autograd(log_prob_gaussian_variance, [mu, sigma**2], x)
    z = (x - mu) / sigma
    score = np.stack([z / sigma, (z**2 - 1) / (2 * sigma**2)], axis=1)  # hand-written, for the standard errors
    assert_within_standard_errors(outer, score[:, :, None] * score[:, None, :], exact)
    h = np.empty((x.size, 2, 2))
    h[:, 0, 0] = -1 / sigma**2
    h[:, 0, 1] = h[:, 1, 0] = -z / sigma**3
    h[:, 1, 1] = (1 - 2 * z**2) / (2 * sigma**4)
    assert_within_standard_errors(from_h, -h, exact)


@pytest.mark.formula("fi-gaussian")
def test_gaussian_fisher_is_the_exact_expectation_by_gauss_hermite_quadrature():
    # The scores and Hessians are polynomials of degree <= 4 in z; 5-node Gauss-Hermite quadrature is
    # exact up to degree 9, so the weighted sums are the expectations up to rounding.
    mu, sigma = -0.7, 2.4
    z, w = hermite_e.hermegauss(5)
    w = w / math.sqrt(2 * math.pi)
    x = mu + sigma * z
    theta = torch.tensor([mu, sigma], dtype=torch.float64)
    grad = torch.func.grad(log_prob_gaussian)
    outer, minus_h = np.zeros((2, 2)), np.zeros((2, 2))
    for wi, xi in zip(w, torch.tensor(x), strict=True):
        s = grad(theta, xi).numpy()
        outer += wi * np.outer(s, s)
        minus_h -= wi * torch.func.jacrev(grad)(theta, xi).numpy()
    exact = fi.gaussian_fisher(mu, sigma)
    assert np.allclose(outer, exact, rtol=1e-12, atol=1e-12 * exact.max())
    assert np.allclose(minus_h, exact, rtol=1e-12, atol=1e-12 * exact.max())


@pytest.mark.formula("fi-softmax", "fi-score-outer", "fi-hessian")
def test_softmax_fisher_matches_both_monte_carlo_estimates_and_autograd():
    for logits, seed in [(np.array([0.5, -1.0, 0.2, 1.0]), 0), (np.array([3.0, 0.0, -2.0]), 1)]:
        onehot, score = softmax_case(logits, N_MC, seed)
        exact = fi.softmax_fisher(logits)
        p = softmax(logits)
        assert np.allclose(exact, np.diag(p) - np.outer(p, p), rtol=0, atol=1e-16)
        outer = fi.fisher_score_outer(score)
        assert_within_standard_errors(outer, score[:, :, None] * score[:, None, :], exact)
        auto_outer, auto_hess = fi.fisher_autograd(log_prob_categorical, logits, onehot)
        assert np.allclose(auto_outer, outer, rtol=1e-12, atol=1e-14)  # same samples: rounding only
        # Natural parameters: every sample's Hessian is -(diag p - p p^T), so the Hessian estimate is exact.
        assert np.allclose(auto_hess, exact, rtol=1e-12, atol=1e-14)


@pytest.mark.formula("fi-score-outer", "fi-hessian")
def test_the_two_definitions_differ_when_the_support_depends_on_the_parameter():
    # Uniform(0, theta): ln p = -ln theta on the support, score -1/theta, second derivative +1/theta^2.
    # E[score^2] = 1/theta^2 but -E[second derivative] = -1/theta^2: Lemma 5.3 of Lehmann & Casella
    # needs differentiation under the integral sign, which fails when the support moves with theta.
    theta = 2.0
    x = np.random.default_rng(7).uniform(0.0, theta, 500)
    outer, from_h = fi.fisher_autograd(lambda t, xi: -torch.log(t[0]) + 0 * xi, [theta], x)
    assert outer[0, 0] == pytest.approx(1 / theta**2, rel=1e-14)
    assert from_h[0, 0] == pytest.approx(-1 / theta**2, rel=1e-14)


@pytest.mark.formula("fi-score-outer", "fi-hessian")
def test_fisher_autograd_falls_back_to_one_sample_at_a_time_for_python_branches():
    # A log_prob with an `if` on the sample cannot be traced by vmap; the result must not change.
    def branching(theta, x):
        return torch.log(theta[0]) if x.item() == 1.0 else torch.log1p(-theta[0])

    x, score, hess = bernoulli_case(0.3, 200, 8)
    outer, from_h = fi.fisher_autograd(branching, [0.3], x)
    assert outer == pytest.approx(fi.fisher_score_outer(score), rel=1e-12)
    assert from_h == pytest.approx(fi.fisher_from_hessians(hess), rel=1e-12)


@pytest.mark.formula("fi-score-outer")
def test_score_outer_of_one_row_is_its_outer_product():
    s = np.array([[1.0, -2.0, 0.5]])
    assert np.array_equal(fi.fisher_score_outer(s), np.outer(s[0], s[0]))


def test_hessian_estimate_rejects_asymmetric_hessians():
    with pytest.raises(ValueError, match=r"^hessians must be symmetric"):
        fi.fisher_from_hessians([[[1.0, 0.5], [0.0, 1.0]]])


# ---------------------------------------------------------------- properties


@pytest.mark.formula("fi-score-outer")
@settings(max_examples=60)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 30), st.integers(1, 5)), elements=st.floats(-10, 10)))
def test_score_outer_is_symmetric_psd_and_averages_outer_products(scores):
    f = fi.fisher_score_outer(scores)
    assert np.array_equal(f, f.T)
    expected = np.einsum("na,nb->ab", scores, scores) / scores.shape[0]
    scale = np.max(np.sum(scores**2, axis=1))  # >= every |entry| of s s^T
    assert np.allclose(f, expected, rtol=0, atol=1e-13 * max(scale, 1e-300))
    # v^T F v = mean (s.v)^2 >= 0; the eigenvalues computed in floats may fall below 0 by rounding.
    assert np.linalg.eigvalsh(f).min() >= -1e-12 * max(scale, 1e-300)


@pytest.mark.formula("fi-hessian")
@settings(max_examples=60)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 20), st.integers(1, 4)), elements=st.floats(-10, 10)))
def test_hessian_estimate_of_rank_one_hessians_is_a_gram_matrix(a):
    # H_i = a_i a_i^T - 3 I, so -(1/n) sum H_i = 3 I - A^T A / n: a matrix product, not a mean of
    # the stacked Hessians (the route the code takes)
    hessians = np.einsum("ni,nj->nij", a, a) - 3.0 * np.eye(a.shape[1])  # symmetric, any sign
    f = fi.fisher_from_hessians(hessians)
    assert np.array_equal(f, f.T)
    expected = 3.0 * np.eye(a.shape[1]) - a.T @ a / a.shape[0]
    assert np.allclose(f, expected, rtol=0, atol=1e-13 * (np.max(np.abs(hessians)) + 1))


logit_vectors = hnp.arrays(np.float64, st.integers(2, 8), elements=st.floats(-5, 5))


@pytest.mark.formula("fi-softmax")
@settings(max_examples=80)
@given(logit_vectors)
def test_softmax_fisher_is_psd_with_null_vector_one_and_rank_k_minus_1(logits):
    f = fi.softmax_fisher(logits)
    p, k = softmax(logits), logits.size
    assert np.array_equal(f, f.T)
    assert np.max(np.abs(f @ np.ones(k))) <= 4 * k * EPS  # p_i - p_i sum(p): rounding only
    eig = np.linalg.eigvalsh(f)  # ascending
    assert abs(eig[0]) <= 4 * k * EPS
    # Interlacing for the rank-one update diag(p) - p p^T: the second smallest eigenvalue is at least
    # min p (Golub 1973), so the rank is exactly K - 1 with a gap; tolerance: rounding of eigvalsh.
    assert eig[1] >= p.min() - 4 * k * EPS
    assert np.linalg.matrix_rank(f, tol=p.min() / 2) == k - 1
    # Shifting all logits by a constant changes neither p nor F.
    assert np.allclose(fi.softmax_fisher(logits + 3.0), f, rtol=0, atol=8 * EPS)


@pytest.mark.formula("fi-bernoulli")
@settings(max_examples=80)
@given(st.floats(-10, 10))
def test_bernoulli_mean_and_logit_follow_the_reparameterization_rule(theta):
    # F_theta = F_p (dp/dtheta)^2 with p = sigma(theta), dp/dtheta = sigma (1 - sigma). The only error
    # is the rounding of 1 - p computed from p: relative eps / (1 - p) <= 5e-12 for theta <= 10.
    p = sigmoid(theta)
    dp = p * (1 - p)
    assert fi.bernoulli_fisher(p) * dp**2 == pytest.approx(fi.bernoulli_logit_fisher(theta), rel=1e-10)


@pytest.mark.formula("fi-gaussian")
@settings(max_examples=80)
@given(st.floats(-10, 10), st.floats(0.05, 20))
def test_gaussian_coordinates_follow_the_reparameterization_rule(mu, sigma):
    f_sigma = fi.gaussian_fisher(mu, sigma)
    assert np.all(np.linalg.eigvalsh(f_sigma) > 0)  # positive definite: no null direction
    # (mu, sigma^2): J = d(mu, sigma)/d(mu, v) = diag(1, 1/(2 sigma)).
    j = np.diag([1.0, 1.0 / (2.0 * sigma)])
    assert np.allclose(j.T @ f_sigma @ j, fi.gaussian_fisher(mu, sigma, "variance"), rtol=1e-14, atol=0)
    # (mu, ln sigma): J = diag(1, sigma), F = diag(1/sigma^2, 2) (Lehmann & Casella's scale families).
    j = np.diag([1.0, sigma])
    assert np.allclose(j.T @ f_sigma @ j, np.diag([1 / sigma**2, 2.0]), rtol=1e-14, atol=0)


@pytest.mark.formula("fi-softmax")
@settings(max_examples=80)
@given(hnp.arrays(np.float64, st.integers(2, 6), elements=st.floats(-3, 3)))
def test_softmax_in_mean_coordinates_follows_the_reparameterization_rule(logits):
    # Coordinates q = (p_1 .. p_{K-1}); logits theta_i = ln(q_i / p_K) for i < K and theta_K = 0 give the
    # same distribution, with J = dtheta/dq = [diag(1/q) + 1 1^T / p_K ; 0]. The Fisher matrix in q,
    # from the scores e_k/q_k (k < K) and -1/p_K (k = K), is diag(1/q) + 1 1^T / p_K.
    # Tolerance: J^T F J multiplies matrices with condition number <= K e^6 (logits in [-3, 3]).
    p = softmax(logits)
    q, p_last = p[:-1], p[-1]
    direct = np.diag(1 / q) + 1 / p_last
    j = np.vstack([direct, np.zeros((1, q.size))])
    theta = np.append(np.log(q / p_last), 0.0)
    via_rule = j.T @ fi.softmax_fisher(theta) @ j
    assert np.allclose(via_rule, direct, rtol=1e-9, atol=1e-9 * np.max(direct))


# ---------------------------------------------------------------- KL divergence: exact values and the quadratic limit


def test_exact_kls_match_scipy_and_integration():
    p, q = np.array([0.1, 0.6, 0.3]), np.array([0.3, 0.3, 0.4])
    assert fi.kl_categorical(p, q) == pytest.approx(scipy.stats.entropy(p, q), rel=1e-14)
    assert fi.kl_categorical([0.5, 0.5, 0.0], [0.2, 0.3, 0.5]) == pytest.approx(
        scipy.stats.entropy([0.5, 0.5, 0.0], [0.2, 0.3, 0.5]), rel=1e-14
    )
    assert fi.kl_categorical([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert fi.kl_bernoulli(0.2, 0.7) == pytest.approx(scipy.stats.entropy([0.2, 0.8], [0.7, 0.3]), rel=1e-14)
    assert fi.kl_bernoulli(0.0, 0.25) == pytest.approx(-math.log(0.75), rel=1e-15)
    mu1, s1, mu2, s2 = 0.3, 0.8, -0.5, 1.6

    norm = scipy.stats.norm

    def integrand(x):
        return norm.pdf(x, mu1, s1) * (norm.logpdf(x, mu1, s1) - norm.logpdf(x, mu2, s2))

    value, err = scipy.integrate.quad(integrand, -np.inf, np.inf, epsabs=1e-13, epsrel=1e-12)
    assert err < 1e-10  # quad's own error estimate
    assert fi.kl_gaussian(mu1, s1, mu2, s2) == pytest.approx(value, rel=1e-9)


@settings(max_examples=60)
@given(st.floats(0.01, 0.99), st.floats(0.01, 0.99), st.floats(-5, 5), st.floats(0.1, 5))
def test_exact_kls_are_nonnegative_zero_at_equality_and_agree_across_families(p, q, mu, sigma):
    assert fi.kl_bernoulli(p, q) >= 0.0
    assert fi.kl_bernoulli(p, p) <= 1e-16  # rounding of ln(p/p) = 0 exactly; kept >= 0
    assert fi.kl_bernoulli(p, q) == pytest.approx(fi.kl_categorical([p, 1 - p], [q, 1 - q]), rel=1e-9, abs=1e-15)
    assert fi.kl_gaussian(mu, sigma, mu, sigma) == 0.0
    assert fi.kl_gaussian(mu, sigma, mu + 1.0, sigma) == pytest.approx(0.5 / sigma**2, rel=1e-14)


def expansion_coefficients(log_prob, theta, u, points, weights):
    """(c3, c4) such that KL(theta || theta + t u) / ((1/2) t^2 u^T F u) = 1 + c3 t + c4 t^2 + O(t^3).

    With l(t) = ln p(x; theta + t u), KL = -E[l(t) - l(0)] = -sum_m t^m/m! E[l^(m)(0)] (Taylor), where
    E[l^(1)] = 0 and -E[l^(2)] = F_uu, so c3 = -E[l^(3)] / (3 F_uu) and c4 = -E[l^(4)] / (12 F_uu).
    The derivatives are torch autograd's; the expectations are weighted sums over ``points`` (exact
    for the cases below)."""
    theta, u = torch.tensor(theta, dtype=torch.float64), torch.tensor(u, dtype=torch.float64)
    d1 = torch.func.grad(lambda t, x: log_prob(theta + t * u, x))
    d2 = torch.func.grad(d1)
    d3 = torch.func.grad(d2)
    d4 = torch.func.grad(d3)
    zero = torch.tensor(0.0, dtype=torch.float64)

    def expect(fn):
        return sum(w * fn(zero, torch.tensor(x)).item() for x, w in zip(points, weights, strict=True))

    f_uu = -expect(d2)
    return -expect(d3) / (3.0 * f_uu), -expect(d4) / (12.0 * f_uu)


def _gauss_hermite(mu, sigma, nodes=12):
    z, w = hermite_e.hermegauss(nodes)  # exact for polynomials of degree <= 23 in z
    return mu + sigma * z, w / math.sqrt(2 * math.pi)


def kl_cases():
    """(name, exact KL as a function of the step vector d, Fisher matrix, direction u, (c3, c4) by autograd)."""
    cases = []
    p = 0.3
    cases.append((
        "bernoulli mean", lambda d: fi.kl_bernoulli(p, p + d[0]), [[fi.bernoulli_fisher(p)]], [1.0],
        expansion_coefficients(log_prob_bernoulli, [p], [1.0], [0.0, 1.0], [1 - p, p]),
    ))
    th = -0.8
    cases.append((
        "bernoulli logit", lambda d: fi.kl_bernoulli(sigmoid(th), sigmoid(th + d[0])),
        [[fi.bernoulli_logit_fisher(th)]], [1.0],
        expansion_coefficients(log_prob_bernoulli_logit, [th], [1.0], [0.0, 1.0], [1 - sigmoid(th), sigmoid(th)]),
    ))
    mu, sigma, u = 0.3, 1.7, [0.6, 0.8]
    # The derivatives of l along u are polynomials of degree <= 2 in x: the quadrature is exact.
    cases.append((
        "gaussian (mu, sigma)", lambda d: fi.kl_gaussian(mu, sigma, mu + d[0], sigma + d[1]),
        fi.gaussian_fisher(mu, sigma), u,
        expansion_coefficients(log_prob_gaussian, [mu, sigma], u, *_gauss_hermite(mu, sigma)),
    ))
    v, u_v = sigma**2, [0.6, -0.8]
    cases.append((
        "gaussian (mu, sigma^2)", lambda d: fi.kl_gaussian(mu, sigma, mu + d[0], math.sqrt(v + d[1])),
        fi.gaussian_fisher(mu, sigma, "variance"), u_v,
        expansion_coefficients(log_prob_gaussian_variance, [mu, v], u_v, *_gauss_hermite(mu, sigma)),
    ))
    logits, u_s = np.array([0.5, -1.0, 0.2, 1.0]), [1.0, -2.0, 0.5, 0.3]  # u is not a multiple of 1
    cases.append((
        "softmax", lambda d: fi.kl_categorical(softmax(logits), softmax(logits + d)), fi.softmax_fisher(logits),
        u_s, expansion_coefficients(log_prob_categorical, logits, u_s, np.eye(4), softmax(logits)),
    ))
    return cases


@pytest.mark.formula("fi-kl-quadratic")
def test_kl_over_its_quadratic_approximation_tends_to_one_linearly_with_the_predicted_slope():
    for name, kl, fisher, u, (c3, c4) in kl_cases():
        u = np.asarray(u, dtype=float)
        ts = [1e-2, 1e-3]  # at 1e-4 the rounding below is as large as the c4 t being checked
        errors = [kl(t * u) / fi.kl_quadratic(fisher, t * u) - 1.0 for t in ts]
        assert abs(c3) > 0.1, name  # these points are not symmetric: the cubic term is there
        for t, e in zip(ts, errors, strict=True):
            # e(t) = c3 t + c4 t^2 + O(t^3), so e/t - c3 = c4 t + O(t^2). Allowed: 2 |c4| t (the factor 2
            # covers the O(t^2) rest while |c5| t <= |c4|) plus rounding: the exact KL sums terms of size
            # <= 1 with errors ~eps each, and 8 eps / KL relative is 8 eps / (KL t) in e/t (<= 2e-5 here).
            rounding = 8 * EPS / (fi.kl_quadratic(fisher, t * u) * t)
            assert abs(e / t - c3) <= 2.0 * abs(c4) * t + rounding, (name, t, e / t, c3, c4)
            # Sharper: the deviation is the predicted c4 t; what is left (O(t^2), c5 t^2) was at most 3% of
            # c4 t in these cases when this was written, 10% allowed.
            assert abs(e / t - c3 - c4 * t) <= 0.1 * abs(c4) * t + rounding, (name, t, e / t, c3, c4)
        # Linear rate: a step ten times shorter divides the error by ten (log-log slope 1).
        slope = math.log10(abs(errors[0]) / abs(errors[1]))
        assert slope == pytest.approx(1.0, abs=0.05), name


@pytest.mark.formula("fi-kl-quadratic", "fi-bernoulli")
def test_kl_error_is_quadratic_at_a_symmetric_point():
    # At p = 1/2 the cubic term vanishes (E[l'''] = 2/p^2 - 2/(1-p)^2 = 0): the ratio error is O(d^2).
    f = [[fi.bernoulli_fisher(0.5)]]
    errors = [fi.kl_bernoulli(0.5, 0.5 + t) / fi.kl_quadratic(f, [t]) - 1.0 for t in (1e-1, 1e-2)]
    assert math.log10(abs(errors[0]) / abs(errors[1])) == pytest.approx(2.0, abs=0.05)


@pytest.mark.formula("fi-kl-quadratic", "fi-softmax")
@settings(max_examples=60)
@given(
    hnp.arrays(np.float64, st.integers(2, 6), elements=st.floats(-2, 2)),
    hnp.arrays(np.float64, 6, elements=st.floats(-1, 1)),
)
def test_softmax_kl_follows_the_cumulant_expansion_off_the_null_space(logits, direction):
    # Along u, l(t) = theta_k + t u_k - ln sum_j e^(theta_j + t u_j), so l^(m) = -kappa_m (the m-th cumulant of
    # u_k under k ~ p) for m >= 2, and KL(t) = sum_m kappa_m t^m / m!: the ratio to (1/2) t^2 u^T F u is
    # 1 + c3 t + c4 t^2 + O(t^3) with c3 = kappa_3 / (3 kappa_2), c4 = kappa_4 / (12 kappa_2), kappa_2 = u^T F u.
    u = direction[: logits.size]
    p = softmax(logits)
    f = fi.softmax_fisher(logits)
    mean = p @ u
    m2, m3, m4 = (p @ (u - mean) ** 2, p @ (u - mean) ** 3, p @ (u - mean) ** 4)
    assume(m2 >= 0.05)  # u far from the null space span(1) (and from constants on the likely outcomes)
    assert fi.kl_quadratic(f, u) == pytest.approx(0.5 * m2, rel=1e-9, abs=1e-15)
    c3, c4 = m3 / (3 * m2), (m4 - 3 * m2**2) / (12 * m2)
    t = 1e-3
    e = fi.kl_categorical(p, softmax(logits + t * u)) / fi.kl_quadratic(f, t * u) - 1.0
    # Remainder: |u_k| <= 1 bounds |kappa_5| by 352, so the t^3 term is <= 2 * 352 / (5! 0.05) t^3 = 1.2e-7;
    # rounding adds ~eps / (t^2 kappa_2) = 4e-9. Both lie below 1e-6 = t^2.
    assert abs(e - c3 * t) <= (abs(c4) + 1.0) * t**2


@pytest.mark.formula("fi-kl-quadratic", "fi-softmax")
def test_softmax_kl_and_its_quadratic_vanish_along_the_null_vector():
    logits = np.array([0.5, -1.0, 0.2, 1.0])
    ones = np.ones(4)
    assert fi.kl_categorical(softmax(logits), softmax(logits + 0.7 * ones)) <= 4 * EPS
    assert abs(fi.kl_quadratic(fi.softmax_fisher(logits), 0.7 * ones)) <= 4 * EPS


@pytest.mark.formula("fi-kl-quadratic")
@settings(max_examples=60)
@given(hnp.arrays(np.float64, st.integers(1, 5), elements=st.floats(-10, 10)))
def test_kl_quadratic_is_half_the_sum_over_the_eigenbasis(d):
    # 1/2 d^T F d = 1/2 sum_i lambda_i (u_i . d)^2 with F = U diag(lambda) U^T: the spectral route
    a = np.arange(d.size * d.size, dtype=float).reshape(d.size, d.size) / 7.0
    f = a @ a.T + np.eye(d.size)  # symmetric positive definite
    eigenvalues, vectors = np.linalg.eigh(f)
    spectral = 0.5 * np.sum(eigenvalues * (vectors.T @ d) ** 2)
    assert fi.kl_quadratic(f, d) == pytest.approx(spectral, rel=1e-10, abs=1e-300)
    assert fi.kl_quadratic(f, d) >= 0.0
    assert fi.kl_quadratic(f, 2 * d) == pytest.approx(4 * fi.kl_quadratic(f, d), rel=1e-14, abs=1e-300)
