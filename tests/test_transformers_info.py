"""Tests for snippets.transformers: attention entropy, temperature, invertible residual blocks, rank
collapse and layer normalization.

Each identity is checked along an independent route: scipy's entropy and the identity
H(a) = ln n - KL(a || uniform); torch's scaled_dot_product_attention and nn.MultiheadAttention
against the numpy attention weights; central finite differences against the closed-form
derivative dH/dT = Var_p(z) / T^3; linear residual maps whose iteration error is exactly c^k;
singular values from the eigenvalues of X^T X; torch's layer_norm and its Jacobian (torch autograd)
for the two directions LayerNorm removes. Monte Carlo tolerances are 5 standard errors with the
standard error derived in the test. Property tests run under the profile "itdl" of
tests/conftest.py (derandomized). float64 has a unit roundoff of 1.1e-16.
"""

import math
import time

import numpy as np
import pytest
import scipy.stats
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import snippets.transformers as tf
from snippets.transformers import figures

EPS = np.finfo(float).eps


def softmax_rows(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def torch_head_queries_keys(layer, x):
    """Each head's queries and keys computed by hand from the layer's in_proj_weight and in_proj_bias."""
    e, h = layer.embed_dim, layer.num_heads
    w = layer.in_proj_weight.detach().numpy()
    b = layer.in_proj_bias.detach().numpy()
    q, k = x @ w[:e].T + b[:e], x @ w[e : 2 * e].T + b[e : 2 * e]
    dh = e // h
    return [(q[:, i * dh : (i + 1) * dh], k[:, i * dh : (i + 1) * dh]) for i in range(h)]


# ---------------------------------------------------------------- tf-attention-entropy


@pytest.mark.formula("tf-attention-entropy")
def test_attention_entropy_matches_scipy_and_its_extreme_cases():
    rows = np.array([[1.0, 0.0, 0.0, 0.0], [0.7, 0.1, 0.1, 0.1], [0.25, 0.25, 0.25, 0.25], [0.5, 0.5, 0.0, 0.0]])
    h = tf.attention_entropy(rows)
    assert h.shape == (4,)
    assert np.allclose(h, scipy.stats.entropy(rows, axis=1), rtol=1e-14, atol=0)  # scipy: the same sum, rounding only
    assert h[0] == 0.0  # one-hot: 1 ln 1 = 0 exactly, 0 ln 0 = 0 by convention
    assert h[2] == pytest.approx(math.log(4), rel=4 * EPS)  # uniform: ln n
    assert h[3] == pytest.approx(math.log(2), rel=4 * EPS)  # uniform on 2 of 4 keys: ln 2
    assert isinstance(tf.attention_entropy([0.2, 0.8]), float)  # one row: a float
    assert tf.attention_entropy([0.2, 0.8]) == pytest.approx(-(0.2 * math.log(0.2) + 0.8 * math.log(0.8)), rel=1e-15)


@pytest.mark.formula("tf-attention-entropy")
@settings(max_examples=80)
@given(
    hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 12)), elements=st.floats(-30, 30)),
    st.floats(0.0, 1.0),
)
def test_attention_entropy_is_ln_n_minus_the_kl_to_uniform(logits, drop):
    # Rows from a softmax, some entries zeroed and renormalized (rows with zeros, even one-hot).
    a = softmax_rows(logits)
    a = np.where(a < drop * a.max(axis=1, keepdims=True), 0.0, a)
    a = a / a.sum(axis=1, keepdims=True)
    n = a.shape[1]
    h = tf.attention_entropy(a)
    # 0 <= H <= ln n; the upper bound up to the rounding of n terms of size <= ln n.
    assert np.all(h >= 0.0)
    assert np.all(h <= math.log(n) + 8 * n * EPS)
    # Independent route: H(a) = ln n - KL(a || uniform), scipy's relative entropy.
    kl = scipy.stats.entropy(a, np.full_like(a, 1.0 / n), axis=1)
    assert np.allclose(h, math.log(n) - kl, rtol=0, atol=1e-12)
    # Equality cases: H = 0 exactly for one-hot rows; H = ln n for uniform rows.
    assert np.all(h[np.max(a, axis=1) == 1.0] == 0.0)
    assert np.allclose(tf.attention_entropy(np.full((1, n), 1.0 / n)), math.log(n), rtol=1e-14, atol=1e-15)


@pytest.mark.formula("tf-attention-entropy")
def test_attention_entropy_rejects_rows_that_are_not_probability_vectors():
    with pytest.raises(ValueError, match=r"^weights must sum to 1 \(tolerance 1e-09\) along its last axis"):
        tf.attention_entropy([[0.5, 0.6], [0.5, 0.5]])
    with pytest.raises(ValueError, match=r"^weights must be >= 0"):
        tf.attention_entropy([[1.5, -0.5]])
    # Rounding of a computed softmax (|sum - 1| ~ 1e-16) is accepted.
    tf.attention_entropy(softmax_rows(np.random.default_rng(0).normal(size=(50, 100))))


def test_attention_weights_match_torch_scaled_dot_product_attention():
    # With V = I, torch's attention output A V is the weight matrix A itself (default scale 1/sqrt(d_k)).
    rng = np.random.default_rng(1)
    q, k = rng.normal(size=(7, 5)), rng.normal(size=(7, 5))
    eye = torch.eye(7, dtype=torch.float64)
    tq, tk = torch.tensor(q), torch.tensor(k)
    for causal in (False, True):
        expected = torch.nn.functional.scaled_dot_product_attention(tq, tk, eye, is_causal=causal).numpy()
        a = tf.attention_weights(q, k, causal=causal)
        assert np.allclose(a, expected, rtol=0, atol=1e-14)  # float64 softmax both ways: rounding only
        assert np.allclose(a.sum(axis=1), 1.0, rtol=0, atol=1e-14)
    a = tf.attention_weights(q, k, causal=True)
    assert np.all(a[np.triu_indices(7, 1)] == 0.0)  # the future gets weight exactly 0
    assert a[0, 0] == 1.0  # the first query sees only itself
    # An explicit scale, and scale 0 = infinite temperature: uniform rows.
    expected = torch.nn.functional.scaled_dot_product_attention(tq, tk, eye, scale=0.37).numpy()
    assert np.allclose(tf.attention_weights(q, k, scale=0.37), expected, rtol=0, atol=1e-14)
    assert np.allclose(tf.attention_weights(q, k[:3], scale=0.0), 1.0 / 3.0, rtol=0, atol=1e-16)


@pytest.mark.formula("tf-attention-entropy")
def test_numpy_attention_reproduces_torch_multihead_attention_per_head():
    layer = tf.seeded_attention_layer(24, 3, seed=5)
    x = np.random.default_rng(2).normal(size=(9, 24))
    # Make the biases nonzero, so that they are part of what is reproduced.
    with torch.no_grad():
        layer.in_proj_bias.copy_(torch.linspace(-0.5, 0.5, 72, dtype=torch.float64))
    weights = tf.head_attention_weights(layer, x)
    assert weights.shape == (3, 9, 9)
    for head, (q, k) in enumerate(torch_head_queries_keys(layer, x)):
        # Independent route: in_proj by hand, then softmax(q k^T / sqrt(d_k)) with d_k = 24 / 3 = 8.
        assert np.allclose(tf.attention_weights(q, k), weights[head], rtol=0, atol=1e-13)
    entropies = tf.head_entropies(layer, x)
    assert np.allclose(entropies, [tf.attention_entropy(w).mean() for w in weights], rtol=1e-15, atol=0)
    assert np.all((0.0 <= entropies) & (entropies <= math.log(9)))
    # The seed fixes the layer; the global torch generator is left alone.
    state = torch.random.get_rng_state()
    again = tf.seeded_attention_layer(24, 3, seed=5)
    assert torch.equal(torch.random.get_rng_state(), state)
    assert torch.equal(again.in_proj_weight, layer.in_proj_weight)


@pytest.mark.formula("tf-attention-entropy")
def test_growing_query_and_key_weights_collapses_the_entropy():
    layer = tf.seeded_attention_layer(16, 4, seed=0)
    x = np.random.default_rng(0).standard_normal((10, 16))
    scales = [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 64.0]
    h = tf.entropy_vs_qk_scale(layer, x, scales)
    assert h.shape == (7, 4)
    assert np.allclose(h[1], tf.head_entropies(layer, x), rtol=1e-13, atol=0)  # s = 1: the layer itself
    assert np.all(np.diff(h, axis=0) <= 1e-12)  # non-increasing in s for every head (a cooler softmax)
    assert np.all(h[-1] < 1e-3)  # s = 64 (logits x 4096): every row is one-hot to within 1e-3 nats
    assert np.all(h[0] > 0.95 * math.log(10))  # s = 1/2: nearly uniform
    # Independent route: scaling W_q and W_k by s is the scale s^2 / sqrt(d_k) on the unscaled q, k.
    for row, s in zip(h, scales, strict=True):
        direct = [
            tf.attention_entropy(tf.attention_weights(q, k, scale=s**2 / math.sqrt(4))).mean()
            for q, k in torch_head_queries_keys(layer, x)
        ]
        assert np.allclose(row, direct, rtol=1e-9, atol=1e-12)  # weights agree to ~1e-13; entropy amplifies ln a
    assert torch.equal(layer.in_proj_weight, tf.seeded_attention_layer(16, 4, seed=0).in_proj_weight)  # unchanged


# ---------------------------------------------------------------- tf-temperature


@pytest.mark.formula("tf-entropy-temperature")
def test_temperature_slope_matches_finite_differences():
    rng = np.random.default_rng(3)
    q, k = rng.normal(size=(6, 8)), rng.normal(size=(11, 8))
    for t in (0.2, 0.7, 1.0, 3.0, 10.0):
        h = 1e-5 * t
        plus, minus = tf.entropy_vs_temperature(q, k, [t + h, t - h])
        numeric = (plus - minus) / (2 * h)
        # Central difference: truncation O(h^2) ~ 1e-10 relative, rounding ~ eps ln n / h ~ 1e-10 / t.
        assert tf.entropy_temperature_slope(q, k, t) == pytest.approx(numeric, rel=1e-6, abs=1e-8)
        assert tf.entropy_temperature_slope(q, k, t) > 0.0


@pytest.mark.formula("tf-entropy-temperature")
@settings(max_examples=60)
@given(
    hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=st.floats(-3, 3)),
    hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.just(6)), elements=st.floats(-3, 3)),
    st.lists(st.floats(0.05, 50.0), min_size=2, max_size=6),
)
def test_entropy_is_non_decreasing_in_the_temperature(q, k, temperatures):
    k = k[:, : q.shape[1]]
    temperatures = np.sort(temperatures)
    h = tf.entropy_vs_temperature(q, k, temperatures)
    assert np.all(np.diff(h) >= -1e-12)  # dH/dT = Var/T^3 >= 0; rounding of the sums only
    assert np.all((h >= 0.0) & (h <= math.log(k.shape[0]) + 1e-12))
    assert all(tf.entropy_temperature_slope(q, k, t) >= 0.0 for t in temperatures)


@pytest.mark.formula("tf-entropy-temperature")
def test_entropy_limits_at_low_and_high_temperature():
    rng = np.random.default_rng(4)
    q, k = rng.normal(size=(5, 4)), rng.normal(size=(12, 4))
    cold, hot = tf.entropy_vs_temperature(q, k, [1e-3, 1e4])
    assert cold < 1e-10  # distinct logits, gaps >> T: one-hot rows
    assert hot == pytest.approx(math.log(12), abs=1e-6)  # logits / T ~ 1e-4: uniform to O((z/T)^2)
    # Equal logits (k rows identical): uniform at every T, slope exactly 0.
    same = np.tile(k[:1], (12, 1))
    assert tf.entropy_vs_temperature(q, same, [0.1, 1.0]) == pytest.approx(math.log(12), rel=1e-14)
    assert tf.entropy_temperature_slope(q, same, 0.5) == pytest.approx(0.0, abs=1e-20)


@pytest.mark.formula("tf-temperature")
def test_dot_products_have_variance_d_k_and_the_scaling_keeps_the_entropy_flat():
    dims, n_q, n_k = [2, 8, 32, 128, 512], 256, 32
    run = tf.entropy_vs_dk(dims, n_q, n_k, seed=0)
    for d, var_u, var_s in zip(run["dims"], run["unscaled_variance"], run["scaled_variance"], strict=True):
        # Mean of (q_i.k_j)^2 = tr(Qhat Khat), Qhat = (1/n_q) sum q q^T, Khat likewise: its relative
        # variance is about 2/(d n_q) + 2/(d n_k) + 2/(n_q n_k) (the fluctuations of the two sample
        # second-moment matrices); tolerance 5 of those standard errors.
        se = math.sqrt(2 / (d * n_q) + 2 / (d * n_k) + 2 / (n_q * n_k))
        assert var_u / d == pytest.approx(1.0, abs=5 * se)
        assert var_s == pytest.approx(var_u / d, rel=1e-12)  # the scaled logits are the unscaled / sqrt(d)
    # Scaled: the logits of a row are N(0, ||q||^2 / d_k) ~ N(0, 1) given q, and for many keys the
    # softmax entropy of N(0, s^2) logits is ln n - s^2 / 2 (ln sum e^z ~ ln n + s^2/2, E_p[z] ~ s^2).
    # Tolerance 0.1 nats: the finite n = 32, and ||q||^2 / d_k varying between queries (chi-square
    # with d_k degrees of freedom, so only for d_k >= 8; at d_k = 2 the mean is 0.1 above).
    assert np.allclose(run["scaled"][1:], math.log(n_k) - 0.5, atol=0.1)
    # Unscaled: the entropy falls with d_k, towards one-hot rows.
    assert np.all(np.diff(run["unscaled"]) < 0)
    assert run["unscaled"][-1] < 0.2 < run["scaled"].min()


def test_dot_product_variance_is_d_k_exactly_for_sign_entries():
    # Var(q.k) = d_k needs only independence, mean 0 and variance 1: exact enumeration over all
    # q, k in {-1, +1}^3 (64 equally likely pairs), with the same definition as the formula.
    signs = np.array(np.meshgrid(*[[-1.0, 1.0]] * 6)).reshape(6, -1).T
    dots = np.sum(signs[:, :3] * signs[:, 3:], axis=1)
    assert dots.mean() == 0.0
    assert dots.var() == 3.0
    assert (dots / math.sqrt(3)).var() == pytest.approx(1.0, rel=4 * EPS)


# ---------------------------------------------------------------- tf-residual-inverse


def test_residual_mlp_has_the_lipschitz_bound_it_was_built_with():
    f = tf.residual_mlp(6, 20, 0.9, seed=0)
    assert tf.lipschitz_bound(f) == pytest.approx(0.9, rel=1e-12)
    norms = [float(torch.linalg.svdvals(m.weight.detach())[0]) for m in f if isinstance(m, torch.nn.Linear)]
    assert norms == pytest.approx([1.0, 0.9], rel=1e-12)  # largest singular value, by another torch routine
    # Empirical Lipschitz ratios on random pairs never exceed the bound.
    rng = np.random.default_rng(0)
    a, b = torch.tensor(rng.normal(size=(2000, 6))), torch.tensor(rng.normal(size=(2000, 6)))
    with torch.no_grad():
        ratio = torch.linalg.vector_norm(f(a) - f(b), dim=1) / torch.linalg.vector_norm(a - b, dim=1)
    assert float(ratio.max()) <= 0.9 * (1 + 1e-12)


@pytest.mark.formula("tf-residual-inverse")
def test_fixed_point_iteration_meets_the_geometric_bound_and_reconstructs_x():
    f = tf.residual_mlp(8, 32, 0.9, seed=1)
    c = tf.lipschitz_bound(f)
    x = np.random.default_rng(1).normal(size=(20, 8))
    with torch.no_grad():
        y = x + f(torch.tensor(x)).numpy()
    run = tf.invert_residual(f, y, 500, 1e-13)
    assert run["converged"] and run["steps"] < 500
    assert np.allclose(run["x"], x, rtol=0, atol=1e-12)  # exact reconstruction, up to tol and rounding
    errors = np.linalg.norm(run["iterates"] - x, axis=2)  # (k + 1, n): each point's error after k steps
    k = np.arange(errors.shape[0])[:, None]
    # A priori bound ||x_k - x|| <= c^k ||x_0 - x||, point by point (1e-13: rounding of f near x).
    assert np.all(errors <= c**k * errors[0] + 1e-13)
    # A posteriori (Banach): ||x_k - x|| <= c^k / (1 - c) ||x_1 - x_0||.
    first_step = np.linalg.norm(run["iterates"][1] - run["iterates"][0], axis=1)
    assert np.all(errors <= c**k / (1 - c) * first_step + 1e-13)


@pytest.mark.formula("tf-residual-inverse")
def test_the_bound_is_attained_by_a_linear_contraction():
    # f(x) = c Q x with Q orthogonal: x_k - x = (-c Q)^k (x_0 - x), so the error is exactly c^k times.
    c = 0.7
    q = np.linalg.qr(np.random.default_rng(2).normal(size=(5, 5)))[0]
    f = torch.nn.Linear(5, 5, bias=False, dtype=torch.float64)
    with torch.no_grad():
        f.weight.copy_(torch.tensor(c * q))
    x = np.random.default_rng(3).normal(size=5)  # one point, shape (d,)
    y = x + c * q @ x
    run = tf.invert_residual(f, y, 40, 0.0)  # tol 0: all 40 steps
    assert run["steps"] == 40 and run["iterates"].shape == (41, 5)
    errors = np.linalg.norm(run["iterates"] - x, axis=1)
    assert np.allclose(errors, c ** np.arange(41) * errors[0], rtol=1e-10, atol=1e-15)
    assert tf.lipschitz_bound(torch.nn.Sequential(f)) == pytest.approx(c, rel=1e-12)


@pytest.mark.formula("tf-residual-inverse")
@settings(max_examples=25)
@given(st.integers(0, 10_000), st.floats(0.1, 0.95))
def test_every_contractive_block_is_inverted(seed, c):
    f = tf.residual_mlp(4, 8, c, seed)
    x = np.random.default_rng(seed).normal(size=(3, 4))
    with torch.no_grad():
        y = x + f(torch.tensor(x)).numpy()
    run = tf.invert_residual(f, y, 2000, 1e-12)
    assert run["converged"]
    # The stop rule bounds the last step by tol; the error is at most c/(1 - c) times that (<= 19 tol).
    assert np.allclose(run["x"], x, rtol=0, atol=20 * 1e-12 + 1e-13)


@pytest.mark.formula("tf-residual-inverse")
def test_iteration_diverges_without_a_contraction_and_says_so():
    # f(x) = -2x: y = x + f(x) = -x is invertible (x = -y), but x_(k+1) - x = 2 (x_k - x).
    y = np.array([[1.0, -2.0, 0.5]])
    x = -y
    run = tf.invert_residual(lambda v: -2 * v, y, 30, 1e-12)
    assert not run["converged"] and run["steps"] == 30
    errors = np.linalg.norm(run["iterates"] - x, axis=2)[:, 0]
    assert np.allclose(errors, 2.0 ** np.arange(31) * errors[0], rtol=1e-12)
    # Left to run long enough, the iterates overflow: the iteration stops there, without raising.
    long_run = tf.invert_residual(lambda v: -2 * v, y, 5000, 1e-12)
    assert not long_run["converged"] and long_run["steps"] < 5000
    assert not np.all(np.isfinite(long_run["x"]))


def test_invert_residual_rejects_bad_functions():
    y = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"^f must return an array of the shape of y"):
        tf.invert_residual(lambda v: v[:, :2], y, 10, 1e-9)
    with pytest.raises(ValueError, match=r"^f\(y\) failed: RuntimeError"):
        tf.invert_residual(torch.nn.Linear(4, 4, dtype=torch.float64), y, 10, 1e-9)  # 4 inputs, y has 3
    with pytest.raises(ValueError, match=r"^f must return finite numbers"):
        tf.invert_residual(lambda v: v * math.nan, y, 10, 1e-9)
    with pytest.raises(ValueError, match=r"^module must contain only Linear, ReLU, Tanh and Identity"):
        tf.lipschitz_bound(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Softplus(beta=5.0)))


# ---------------------------------------------------------------- tf-rank-collapse


@pytest.mark.formula("tf-rank-collapse")
def test_effective_rank_closed_forms():
    assert tf.effective_rank(np.eye(7)) == pytest.approx(7.0, rel=1e-14)  # equal singular values: the rank
    assert tf.effective_rank(np.outer([1.0, 2.0, 3.0], [4.0, -1.0])) == pytest.approx(1.0, abs=1e-14)
    sigma = np.array([3.0, 2.0, 1.0, 0.0])
    p = sigma[:3] / 6.0
    assert tf.effective_rank(np.diag(sigma)) == pytest.approx(math.exp(-np.sum(p * np.log(p))), rel=1e-14)
    with pytest.raises(ValueError, match=r"^matrix must not be zero"):
        tf.effective_rank(np.zeros((3, 2)))


@pytest.mark.formula("tf-rank-collapse")
@settings(max_examples=60)
@given(
    hnp.arrays(np.float64, st.tuples(st.integers(1, 8), st.integers(1, 8)), elements=st.floats(-5, 5)),
    st.floats(0.01, 100.0),
    st.integers(0, 1000),
)
def test_effective_rank_bounds_and_invariances(x, a, seed):
    sigma = np.linalg.svd(x, compute_uv=False)
    assume(sigma[0] >= 1e-3)  # (near) zero matrices: the normalized spectrum is rounding noise
    rank = np.linalg.matrix_rank(x)
    e = tf.effective_rank(x)
    # Roy & Vetterli's bounds 1 <= erank <= rank; rounding of tiny singular values can add a hair.
    assert 1.0 - 1e-12 <= e <= rank + 1e-9
    # Independent route: singular values as square roots of the eigenvalues of X^T X (or X X^T).
    gram = x.T @ x if x.shape[1] <= x.shape[0] else x @ x.T
    s = np.sqrt(np.clip(np.linalg.eigvalsh(gram), 0.0, None))
    p = s[s > 1e-7 * s.max()] / s.sum()
    assert e == pytest.approx(math.exp(-np.sum(p * np.log(p))), rel=1e-5)  # eigvalsh of X^T X loses half the digits
    # Invariant to scaling and to orthogonal maps on either side.
    rng = np.random.default_rng(seed)
    u = np.linalg.qr(rng.normal(size=(x.shape[0],) * 2))[0]
    v = np.linalg.qr(rng.normal(size=(x.shape[1],) * 2))[0]
    assert tf.effective_rank(a * u @ x @ v) == pytest.approx(e, rel=1e-9)


def test_distance_from_identical_rows_is_the_least_squares_residual():
    x = np.random.default_rng(5).normal(size=(6, 4)) + np.array([3.0, -1.0, 0.0, 2.0])
    # Independent route: least squares for min_v ||X - 1 v^T||_F.
    v = np.linalg.lstsq(np.ones((6, 1)), x, rcond=None)[0]
    expected = np.linalg.norm(x - v) / np.linalg.norm(x)
    assert tf.distance_from_identical_rows(x) == pytest.approx(expected, rel=1e-12)
    assert tf.distance_from_identical_rows(np.tile([1.0, 2.0], (5, 1))) == 0.0
    assert tf.distance_from_identical_rows(np.array([[1.0, 0.0], [-1.0, 0.0]])) == 1.0  # zero mean row


@pytest.mark.formula("tf-rank-collapse")
def test_pure_attention_collapses_the_rank_and_skip_connections_prevent_it():
    kwargs = {"n_tokens": 32, "width": 64, "depth": 24, "seed": 0}
    plain = tf.depth_profile(residual=False, value_scale=0.3, **kwargs)
    skip = tf.depth_profile(residual=True, value_scale=0.3, **kwargs)
    skip_large = tf.depth_profile(residual=True, value_scale=1.0, **kwargs)
    for run in (plain, skip, skip_large):
        assert np.array_equal(run["layers"], np.arange(25))
        assert run["effective_rank"][0] == pytest.approx(tf.effective_rank(
            np.random.default_rng(0).standard_normal((32, 64))), rel=1e-14)  # the same X_0
    # Without skips: rank 1 (all tokens equal to rounding) within 3 layers, for good.
    assert np.all(plain["effective_rank"][3:] < 1.01)
    assert np.all(plain["distance"][3:] < 1e-8)
    # With skips (s = 0.3): the tokens stay spread out over all 24 layers.
    assert np.all(skip["effective_rank"] > 28.0)
    assert np.all(skip["distance"] > 0.85)
    # With skips and s = 1 the common row grows fastest: the rank still decays, but far more slowly.
    assert skip_large["effective_rank"][4] > 25.0 > 1.01 > plain["effective_rank"][4]
    assert skip_large["effective_rank"][24] < 1.5


# ---------------------------------------------------------------- tf-layernorm


@pytest.mark.formula("tf-layernorm")
def test_layer_norm_matches_torch():
    rng = np.random.default_rng(6)
    x = rng.normal(2.0, 3.0, size=(3, 5, 10))
    gamma, beta = rng.normal(size=10), rng.normal(size=10)
    for eps in (0.0, 1e-5, 0.3):
        expected = torch.nn.functional.layer_norm(
            torch.tensor(x), (10,), torch.tensor(gamma), torch.tensor(beta), eps=eps
        ).numpy()
        assert np.allclose(tf.layer_norm(x, eps, gamma, beta), expected, rtol=0, atol=1e-14)
        plain = torch.nn.functional.layer_norm(torch.tensor(x), (10,), eps=eps).numpy()
        assert np.allclose(tf.layer_norm(x, eps), plain, rtol=0, atol=1e-14)


@pytest.mark.formula("tf-layernorm")
@settings(max_examples=80)
@given(
    hnp.arrays(np.float64, st.integers(2, 12), elements=st.floats(-10, 10)),
    st.floats(0.1, 10.0),
    st.floats(-10.0, 10.0),
    st.floats(0.0, 1.0),
)
def test_layer_norm_invariances_sphere_and_reconstruction(x, a, b, eps):
    mean, std = tf.layernorm_removed(x)
    assume(std >= 0.1)  # (near) constant tokens: LN at eps = 0 is 0/0, or amplifies rounding by 1/std
    d = x.size
    z = tf.layer_norm(x, 0.0)
    # Error budget: (x - mu) is rounded to ~eps_mach max|a x + b| <= 110 eps_mach, divided by
    # a std >= 0.01: at most ~1e4 eps_mach ~ 2e-12 per entry; 1e-10 leaves room.
    tol = 1e-10
    assert np.allclose(tf.layer_norm(a * x + b, 0.0), z, rtol=0, atol=tol)  # a > 0: invariant
    assert np.allclose(tf.layer_norm(-a * x + b, 0.0), -z, rtol=0, atol=tol)  # a < 0: sign flip
    assert abs(z.mean()) < tol and np.linalg.norm(z) == pytest.approx(math.sqrt(d), rel=1e-12)  # the sphere
    assert np.allclose(tf.undo_layer_norm(z, mean, std), x, rtol=0, atol=1e-12)  # 2 numbers restore x
    # With eps > 0: ||LN(x)|| = sqrt(d sigma^2 / (sigma^2 + eps)) exactly, and the invariance becomes
    # LN_eps(a x + b) = LN_{eps / a^2}(x): eps breaks it only through sigma^2 + eps.
    assert np.linalg.norm(tf.layer_norm(x, eps)) == pytest.approx(math.sqrt(d * std**2 / (std**2 + eps)), rel=1e-12)
    assert np.allclose(tf.layer_norm(a * x + b, eps), tf.layer_norm(x, eps / a**2), rtol=0, atol=tol)


@pytest.mark.formula("tf-layernorm")
def test_layer_norm_removes_exactly_two_directions():
    # The Jacobian of x -> LN(x) (eps = 0) has rank d - 2, and its null space is span(1, x): moving
    # along the mean or the scale of x does not change LN(x); every other direction does.
    d = 9
    x = torch.tensor(np.random.default_rng(7).normal(size=d))
    jac = torch.autograd.functional.jacobian(lambda v: torch.nn.functional.layer_norm(v, (d,), eps=0.0), x).numpy()
    s = np.linalg.svd(jac, compute_uv=False)
    assert np.sum(s > 1e-10 * s[0]) == d - 2
    assert np.allclose(jac @ np.ones(d), 0.0, atol=1e-13)
    assert np.allclose(jac @ x.numpy(), 0.0, atol=1e-13)
    # ... and the numpy layer_norm agrees with torch at x.
    assert np.allclose(tf.layer_norm(x.numpy(), 0.0), torch.nn.functional.layer_norm(x, (d,), eps=0.0).numpy(),
                       rtol=0, atol=1e-14)


def test_layer_norm_rejects_constant_tokens_without_eps():
    with pytest.raises(ValueError, match=r"^x must have no constant token when eps = 0"):
        tf.layer_norm([[1.0, 2.0], [3.0, 3.0]], eps=0.0)
    assert np.array_equal(tf.layer_norm([3.0, 3.0], eps=1e-5), [0.0, 0.0])  # with eps: 0 / sqrt(eps)
    mean, std = tf.layernorm_removed(np.array([[1.0, 3.0], [2.0, 2.0]]))
    assert np.array_equal(mean, [2.0, 2.0]) and np.array_equal(std, [1.0, 0.0])


# ---------------------------------------------------------------- figures


def test_figures_show_the_chapter_claims_and_are_fast():
    start = time.perf_counter()
    dk = figures.entropy_vs_dk_figure()
    depth = figures.rank_through_depth_figure()
    assert time.perf_counter() - start < 2.0
    scaled, unscaled = dk["series"]["q·k/√d_k"], dk["series"]["q·k"]
    assert dk["xlog"] and len(scaled) == len(unscaled) == len(dk["x"]) == 10
    assert dk["hline"] == pytest.approx(math.log(32), rel=1e-15)
    assert np.all(scaled < dk["hline"]) and np.ptp(scaled) < 0.2  # flat, below ln n
    assert unscaled[-1] < 0.2 and np.all(np.diff(unscaled) < 0)  # collapsing with d_k
    low, high = dk["ylim"]
    assert low <= min(unscaled.min(), scaled.min()) and max(scaled.max(), dk["hline"]) < high
    skip, plain = depth["series"]["X + SA(X)"], depth["series"]["SA(X)"]
    assert list(depth["x"]) == list(range(25)) and len(skip) == len(plain) == 25
    assert plain[-1] < 1.01 and skip[-1] > 25.0
    low, high = depth["ylim"]
    assert low <= plain.min() and skip.max() <= high
