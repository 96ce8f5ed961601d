"""Classical (uniform-convergence) bounds, to show why they are vacuous for deep networks.

R(h) is the true 0-1 risk of a classifier h, R_hat(h) its empirical risk on m i.i.d.
examples; each bound holds with probability >= 1 - delta over the sample, for all h in H.
"""

import itertools
import math

import numpy as np

from snippets._checks import (
    check_array,
    check_count,
    check_open_unit,
    check_probability,
    check_signs,
)


# --8<-- [start:mlp_parameter_count]
def mlp_parameter_count(layer_sizes):
    """Number of parameters of a fully connected network with biases:

        W = sum_{l=1}^{L} (n_{l-1} + 1) * n_l,

    for layer widths [n_0, n_1, ..., n_L] (input first), e.g. [784, 600, 1].
    Source: direct count (n_{l-1} * n_l weights and n_l biases per layer); the
    784-600-1 network is the "T-600" of Dziugaite & Roy (2017).
    """
    if not isinstance(layer_sizes, (list, tuple)) or len(layer_sizes) < 2:
        raise ValueError(f"layer_sizes must be a list or tuple of >= 2 widths, got {layer_sizes!r}")
    sizes = [check_count(f"layer_sizes[{i}]", n) for i, n in enumerate(layer_sizes)]
    return sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(sizes))
# --8<-- [end:mlp_parameter_count]


# --8<-- [start:vc_bound]
def vc_bound(emp_risk, vc_dim, m, delta):
    """VC generalization bound for binary classifiers:

        R(h) <= R_hat(h) + sqrt(2 ln Pi_H(m) / m) + sqrt(ln(1/delta) / (2 m)),

    with the growth function bounded by Sauer's lemma where it applies (m >= d) and
    by the number of labelings, 2^m, always:
        ln Pi_H(m) <= min(d ln(e m / d), m ln 2)   when m >= d,
        ln Pi_H(m) <= m ln 2                       when m < d,
    where d = vc_dim.
    Source: Mohri, Rostamizadeh & Talwalkar, Foundations of Machine Learning,
    2nd ed. (2018), Corollaries 3.18 and 3.19; Sauer's lemma is Thm 3.17.
    """
    emp_risk = check_probability("emp_risk", emp_risk)
    d = check_count("vc_dim", vc_dim)
    m = check_count("m", m)
    delta = check_open_unit("delta", delta)
    log_growth = m * math.log(2.0)
    if m >= d:
        log_growth = min(log_growth, d * math.log(math.e * m / d))
    return emp_risk + math.sqrt(2.0 * log_growth / m) + math.sqrt(math.log(1.0 / delta) / (2.0 * m))
# --8<-- [end:vc_bound]


# --8<-- [start:rademacher_bound]
def rademacher_bound(emp_risk, rademacher, m, delta):
    """Rademacher bound for classifiers with values in {-1, +1} (0-1 loss):

        R(h) <= R_hat(h) + Rad_S(H) + 3 sqrt(ln(2/delta) / (2 m)),

    where Rad_S(H) = E_sigma[ sup_{h in H} (1/m) sum_i sigma_i h(x_i) ] is the
    empirical Rademacher complexity of H on the sample S (a number in [0, 1]).
    Source: Mohri, Rostamizadeh & Talwalkar, Foundations of Machine Learning,
    2nd ed. (2018), Thm 3.5.
    """
    emp_risk = check_probability("emp_risk", emp_risk)
    rademacher = check_probability("rademacher", rademacher)
    m = check_count("m", m)
    delta = check_open_unit("delta", delta)
    return emp_risk + rademacher + 3.0 * math.sqrt(math.log(2.0 / delta) / (2.0 * m))
# --8<-- [end:rademacher_bound]


# --8<-- [start:empirical_rademacher]
def empirical_rademacher(predictions, sigma):
    """Monte Carlo estimate of the empirical Rademacher complexity:

        Rad_S(H) ~ (1/n) sum_{j=1}^{n} (1/m) sum_{i=1}^{m} sigma_ij h_j(x_i),

    for n random sign vectors sigma_j (rows of ``sigma``, shape (n, m)) and, in
    row j of ``predictions``, the predictions h_j(x_i) in {-1, +1} of the
    hypothesis that the caller found to fit sigma_j best. It is unbiased when
    each h_j attains the sup (e.g. a finite class searched exhaustively); if h_j
    is only approximately the best fit, its expectation is below Rad_S(H).
    Source: definition of the empirical Rademacher complexity in Mohri,
    Rostamizadeh & Talwalkar, Foundations of Machine Learning, 2nd ed. (2018), Def. 3.1.
    """
    sigma = check_signs("sigma", sigma, ndim=2)
    if sigma.size == 0:
        raise ValueError(f"sigma must have at least one draw and one example, got shape {sigma.shape}")
    predictions = check_signs("predictions", predictions, shape=sigma.shape)
    correlation_per_draw = np.mean(sigma * predictions, axis=1)  # (1/m) sum_i, for each j
    return float(np.mean(correlation_per_draw))  # (1/n) sum_j
# --8<-- [end:empirical_rademacher]


# --8<-- [start:fit_random_labels]
def fit_random_labels(x, sigma, hidden=256, steps=200, seed=0):
    """Train a one-hidden-layer ReLU network f(x) = w2 . relu(W1 x + b1) + b2 on
    +-1 labels ``sigma`` and return its +-1 predictions sign(f(x)) on ``x``.

    Loss: logistic, (1/m) sum_i ln(1 + exp(-sigma_i f(x_i))); optimizer: full-batch
    Adam (Kingma & Ba 2015, Algorithm 1, lr = 0.01, beta1 = 0.9, beta2 = 0.999,
    eps = 1e-8), written out in numpy. Deterministic given ``seed``.
    With random labels this shows that the network can fit any labeling of
    the sample, so its empirical Rademacher complexity there is ~1 and the
    Rademacher bound is vacuous: Zhang, Bengio, Hardt, Recht & Vinyals (2017),
    "Understanding deep learning requires rethinking generalization".
    ``x`` (shape (m, d)) should have features of order 1.
    """
    x = check_array("x", x, ndim=2)
    m, d = x.shape
    if m == 0 or d == 0:
        raise ValueError(f"x must have at least one example and one feature, got shape {x.shape}")
    sigma = check_signs("sigma", sigma, shape=(m,))
    hidden = check_count("hidden", hidden)
    steps = check_count("steps", steps)
    seed = check_count("seed", seed, minimum=0)

    rng = np.random.default_rng(seed)
    params = {  # He initialisation for the ReLU layer
        "W1": rng.normal(0.0, math.sqrt(2.0 / d), size=(d, hidden)),
        "b1": np.zeros(hidden),
        "w2": rng.normal(0.0, math.sqrt(1.0 / hidden), size=hidden),
        "b2": np.zeros(()),
    }
    first_moment = {k: np.zeros_like(v) for k, v in params.items()}
    second_moment = {k: np.zeros_like(v) for k, v in params.items()}
    lr, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-8

    for t in range(1, steps + 1):
        # forward pass
        pre = x @ params["W1"] + params["b1"]
        act = np.maximum(pre, 0.0)
        f = act @ params["w2"] + params["b2"]
        # d loss / d f_i = -sigma_i sigmoid(-sigma_i f_i) / m; sigmoid(-u) = (1 - tanh(u/2)) / 2
        grad_f = -sigma * 0.5 * (1.0 - np.tanh(0.5 * sigma * f)) / m
        # backward pass
        grad_pre = np.outer(grad_f, params["w2"]) * (pre > 0.0)
        grads = {
            "W1": x.T @ grad_pre,
            "b1": grad_pre.sum(axis=0),
            "w2": act.T @ grad_f,
            "b2": grad_f.sum(),
        }
        # Adam update
        for k in params:
            first_moment[k] = beta1 * first_moment[k] + (1.0 - beta1) * grads[k]
            second_moment[k] = beta2 * second_moment[k] + (1.0 - beta2) * grads[k] ** 2
            m_hat = first_moment[k] / (1.0 - beta1**t)
            v_hat = second_moment[k] / (1.0 - beta2**t)
            params[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + eps)

    f = np.maximum(x @ params["W1"] + params["b1"], 0.0) @ params["w2"] + params["b2"]
    return np.where(f >= 0.0, 1.0, -1.0)
# --8<-- [end:fit_random_labels]
