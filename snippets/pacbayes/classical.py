"""Classical (uniform-convergence) bounds, to show why they are vacuous for deep networks.

R(h) is the true 0-1 risk of a classifier h, R_hat(h) its empirical risk on m i.i.d.
examples; each bound holds with probability >= 1 - delta over the sample, for all h in H.
"""

import itertools
import math

import numpy as np

from snippets._domains import Count, Numbers, OpenUnit, Probability, Seed, Sign, checked


# --8<-- [start:mlp_parameter_count]
@checked
def mlp_parameter_count(layer_sizes: Numbers(ndim=1, entries=Count, min_size=2)):
    """Number of parameters of a fully connected network with biases:

        W = sum_{l=1}^{L} (n_{l-1} + 1) * n_l,

    for layer widths [n_0, n_1, ..., n_L] (input first), e.g. [784, 600, 1].
    Source: direct count (n_{l-1} * n_l weights and n_l biases per layer); the
    784-600-1 network is the "T-600" of Dziugaite & Roy (2017).
    """
    return sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(layer_sizes.tolist()))
# --8<-- [end:mlp_parameter_count]


# --8<-- [start:vc_bound]
@checked
def vc_bound(emp_risk: Probability, vc_dim: Count, m: Count, delta: OpenUnit):
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
    d = vc_dim
    log_growth = m * math.log(2.0)
    if m >= d:
        log_growth = min(log_growth, d * math.log(math.e * m / d))
    return emp_risk + math.sqrt(2.0 * log_growth / m) + math.sqrt(math.log(1.0 / delta) / (2.0 * m))
# --8<-- [end:vc_bound]


# --8<-- [start:rademacher_bound]
@checked
def rademacher_bound(emp_risk: Probability, rademacher: Probability, m: Count, delta: OpenUnit):
    """Rademacher bound for classifiers with values in {-1, +1} (0-1 loss):

        R(h) <= R_hat(h) + Rad_S(H) + 3 sqrt(ln(2/delta) / (2 m)),

    where Rad_S(H) = E_sigma[ sup_{h in H} (1/m) sum_i sigma_i h(x_i) ] is the
    empirical Rademacher complexity of H on the sample S (a number in [0, 1]).
    Source: Mohri, Rostamizadeh & Talwalkar, Foundations of Machine Learning,
    2nd ed. (2018), Thm 3.5.
    """
    return emp_risk + rademacher + 3.0 * math.sqrt(math.log(2.0 / delta) / (2.0 * m))
# --8<-- [end:rademacher_bound]


# --8<-- [start:empirical_rademacher]
@checked
def empirical_rademacher(
    predictions: Numbers(shape=("n", "m"), entries=Sign), sigma: Numbers(shape=("n", "m"), entries=Sign, min_size=1)
):
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
    correlation_per_draw = np.mean(sigma * predictions, axis=1)  # (1/m) sum_i, for each j
    return float(np.mean(correlation_per_draw))  # (1/n) sum_j
# --8<-- [end:empirical_rademacher]


# --8<-- [start:fit_random_labels]
@checked
def fit_random_labels(
    x: Numbers(shape=("m", "d"), min_size=1), sigma: Numbers(shape=("m",), entries=Sign),
    hidden: Count = 256, steps: Count = 200, seed: Seed = 0,
):
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
    m, d = x.shape

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
