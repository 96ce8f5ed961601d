"""What Adam's second moment estimates, compared with the diagonal of the Fisher information.

The model is logistic regression without intercept, p(y = 1 | x, w) = sigmoid(x^T w), written in
torch; per-example gradients come from torch.func (autograd). Three diagonals are compared at the
same weights w:

    true Fisher       F_jj     = (1/n) sum_i E_{y ~ p(y | x_i, w)} [ (d/dw_j ln p(y | x_i, w))^2 ]
    empirical Fisher  Femp_jj  = (1/n) sum_i (d/dw_j ln p(y_i | x_i, w))^2      (observed labels y_i)
    Adam's v_hat      an exponential moving average of squared mini-batch gradients g_t^2, whose
                      expectation at fixed w is  gbar_j^2 + (n - B) / (B (n - 1)) (Femp_jj - gbar_j^2),
                      gbar = grad L(w) the full-batch gradient, B the batch size.

So v_hat is neither Fisher: away from a minimum it is dominated by the squared mean gradient, and near
a minimum (gbar = 0) it is about Femp / B, the empirical Fisher divided by the batch size. The
empirical Fisher equals the Fisher only in expectation and only at the optimum of a well-specified
model; where the model is confident and wrong it is many times larger. And Adam divides by
sqrt(v_hat) + eps, the square root, not by v_hat as a diagonal natural gradient would. Sources:
Kingma & Ba (2015), "Adam: A method for stochastic optimization", ICLR (Algorithm 1); Kunstner,
Balles & Hennig (2019), "Limitations of the empirical Fisher approximation for natural gradient
descent", NeurIPS; Martens (2020), "New insights and perspectives on the natural gradient method",
JMLR 21(146), Sec. 11.
"""

import math

import numpy as np
import torch
from scipy.special import expit

from snippets._domains import Binary, Count, Numbers, Positive, Seed, checked

BETAS, ADAM_EPS = (0.9, 0.999), 1e-8  # torch.optim.Adam's defaults, used throughout


def _log_likelihood(w, x, label):
    """ln p(label | x, w) of logistic regression, for one example (torch)."""
    z = x @ w
    return label * z - torch.nn.functional.softplus(z)


# Per-example scores d/dw ln p(y_i | x_i, w), shape (n, d): autograd, vectorized over the examples.
_scores = torch.func.vmap(torch.func.grad(_log_likelihood), in_dims=(None, 0, 0))


def _per_example_scores(w, X, labels):
    return _scores(torch.tensor(w), torch.tensor(X), torch.tensor(labels)).numpy()


# --8<-- [start:classification_data]
@checked
def classification_data(n: Count, scales: Numbers(ndim=1, entries=Positive, min_size=1), seed: Seed):
    """Synthetic data for logistic regression whose Fisher diagonal spans orders of magnitude.

    Feature j is scales[j] times a standard normal; the labels are y_i ~ Bernoulli(sigmoid(x_i^T w_true))
    with w_true_j = 1 / scales[j], so every feature adds a standard normal term to the logit (a
    well-specified model). Returns (X (n, d), y (n,) in {0, 1}), drawn with numpy's default_rng(seed).
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, scales.size)) * scales
    y = (rng.uniform(size=n) < expit(X @ (1.0 / scales))).astype(float)
    return X, y
# --8<-- [end:classification_data]


# --8<-- [start:fisher_diagonals]
@checked
def fisher_diagonals(
    w: Numbers(shape=("d",)), X: Numbers(shape=("n", "d"), min_size=1), y: Numbers(shape=("n",), entries=Binary),
):
    """Diagonals of the true and of the empirical Fisher of logistic regression at the weights w.

        true:      F_jj    = (1/n) sum_i sum_{c in {0, 1}} p(c | x_i, w) (d/dw_j ln p(c | x_i, w))^2
        empirical: Femp_jj = (1/n) sum_i (d/dw_j ln p(y_i | x_i, w))^2

    The true Fisher averages over labels drawn from the model, the empirical one uses the observed
    labels. The scores come from torch autograd (per example, torch.func.vmap of torch.func.grad).
    For this model the closed forms are F_jj = mean_i s_i (1 - s_i) x_ij^2 and Femp_jj =
    mean_i (y_i - s_i)^2 x_ij^2 with s_i = sigmoid(x_i^T w). Returns {"true", "empirical"}, each (d,).
    Source: Kunstner, Balles & Hennig (2019); Martens (2020), Sec. 11.
    """
    p1 = expit(X @ w)
    scores_1 = _per_example_scores(w, X, np.ones_like(y))
    scores_0 = _per_example_scores(w, X, np.zeros_like(y))
    true = np.mean(p1[:, None] * scores_1**2 + (1.0 - p1)[:, None] * scores_0**2, axis=0)
    empirical = np.mean(_per_example_scores(w, X, y) ** 2, axis=0)
    return {"true": true, "empirical": empirical}
# --8<-- [end:fisher_diagonals]


# --8<-- [start:expected_squared_minibatch_gradient]
@checked
def expected_squared_minibatch_gradient(
    w: Numbers(shape=("d",)), X: Numbers(shape=("n", "d"), min_size=1), y: Numbers(shape=("n",), entries=Binary),
    batch_size: Count,
):
    """E[g_B^2] per coordinate at fixed w, g_B the mean-loss gradient on B examples drawn without replacement:

        E[g_B,j^2] = gbar_j^2 + (n - B) / (B (n - 1)) (Femp_jj - gbar_j^2),

    gbar = (1/n) sum_i g_i the full-batch gradient of the mean cross-entropy, g_i = -score_i, and
    Femp_jj = (1/n) sum_i g_ij^2 (the empirical Fisher), so Femp_jj - gbar_j^2 is the variance of the
    per-example gradients. This is what Adam's v_hat estimates (at slowly moving weights). Near a
    minimum, gbar ~ 0 and E[g_B^2] ~ Femp / B; far from one, gbar^2 dominates. Source: the variance of
    a sample mean drawn without replacement (finite-population correction; Cochran 1977, Sampling
    Techniques, ch. 2).
    """
    n = X.shape[0]
    if batch_size > n:
        raise ValueError(f"batch_size must be at most the number of examples {n}, got {batch_size}")
    grads = -_per_example_scores(w, X, y)
    mean_sq = np.mean(grads, axis=0) ** 2
    empirical = np.mean(grads**2, axis=0)
    factor = (n - batch_size) / (batch_size * (n - 1)) if n > 1 else 0.0
    return mean_sq + factor * (empirical - mean_sq)
# --8<-- [end:expected_squared_minibatch_gradient]


# --8<-- [start:adam_second_moment]
@checked
def adam_second_moment(
    X: Numbers(shape=("n", "d"), min_size=1), y: Numbers(shape=("n",), entries=Binary), w0: Numbers(shape=("d",)),
    lr: Positive, steps: Count, batch_size: Count, seed: Seed,
):
    """Train logistic regression with torch.optim.Adam and return its moment estimates and preconditioner.

    Each step draws ``batch_size`` distinct examples (numpy's default_rng(seed).choice(n, batch_size,
    replace=False), anew every step), takes the gradient g_t of their mean cross-entropy, and applies
    torch's Adam (betas 0.9, 0.999, eps 1e-8, float64):

        m_t = beta1 m_{t-1} + (1 - beta1) g_t,          v_t = beta2 v_{t-1} + (1 - beta2) g_t^2,
        m_hat = m_t / (1 - beta1^t),  v_hat = v_t / (1 - beta2^t),
        w_t = w_{t-1} - lr m_hat / (sqrt(v_hat) + eps).

    Returns {"weights": (steps + 1, d) trajectory, "m_hat", "v_hat", "preconditioner":
    1 / (sqrt(v_hat) + eps)}, the last three (d,) after the final step (read from the optimizer's
    state). Source: Kingma & Ba (2015), Algorithm 1; PyTorch documentation of torch.optim.Adam.
    """
    if batch_size > X.shape[0]:
        raise ValueError(f"batch_size must be at most the number of examples {X.shape[0]}, got {batch_size}")
    rng = np.random.default_rng(seed)
    X_t, y_t = torch.tensor(X), torch.tensor(y)
    w = torch.tensor(w0, requires_grad=True)
    optimizer = torch.optim.Adam([w], lr=lr, betas=BETAS, eps=ADAM_EPS)
    trajectory = [w0.copy()]
    for _ in range(steps):
        batch = torch.as_tensor(rng.choice(X.shape[0], batch_size, replace=False))
        optimizer.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(X_t[batch] @ w, y_t[batch]).backward()
        optimizer.step()
        trajectory.append(w.detach().numpy().copy())
    state = optimizer.state[w]
    t = int(state["step"])
    m_hat = state["exp_avg"].numpy() / (1.0 - BETAS[0] ** t)
    v_hat = state["exp_avg_sq"].numpy() / (1.0 - BETAS[1] ** t)
    return {
        "weights": np.array(trajectory),
        "m_hat": m_hat,
        "v_hat": v_hat,
        "preconditioner": 1.0 / (np.sqrt(v_hat) + ADAM_EPS),
    }
# --8<-- [end:adam_second_moment]


# --8<-- [start:compare_adam_and_fisher]
@checked
def compare_adam_and_fisher(
    X: Numbers(shape=("n", "d"), min_size=1), y: Numbers(shape=("n",), entries=Binary), w0: Numbers(shape=("d",)),
    lr: Positive, steps: Count, batch_size: Count, seed: Seed,
):
    """Run ``adam_second_moment`` and compare its v_hat with the Fisher diagonals at the final weights.

    Returns a dict of (d,) arrays and one number:
        "weights"                  the final weights w_T,
        "v_hat", "preconditioner"  Adam's v_hat and 1 / (sqrt(v_hat) + eps) after the last step,
        "true_fisher", "empirical_fisher"   ``fisher_diagonals`` at w_T,
        "squared_mean_gradient"    gbar^2, the squared full-batch gradient at w_T,
        "expected_v"               ``expected_squared_minibatch_gradient`` at w_T,
        "batch_v_over_empirical"   B v_hat / Femp: about 1 near a minimum, larger where gbar^2 matters,
        "v_over_expected"          v_hat / E[g_B^2]: about 1 while the weights move slowly,
        "preconditioner_slope"     the least-squares slope of ln(preconditioner_j) against ln F_jj over
                                   the coordinates: -1/2 if sqrt(v_hat) is proportional to sqrt(F), as
                                   near a minimum; a diagonal natural gradient would have -1 (NaN
                                   when all F_jj are equal).
    Source: Kingma & Ba (2015); Kunstner, Balles & Hennig (2019); Martens (2020), Sec. 11.
    """
    run = adam_second_moment(X, y, w0, lr, steps, batch_size, seed)
    weights = run["weights"][-1]
    diagonals = fisher_diagonals(weights, X, y)
    gbar = -np.mean(_per_example_scores(weights, X, y), axis=0)
    expected = expected_squared_minibatch_gradient(weights, X, y, batch_size)
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero feature column gives F_jj = 0
        log_f = np.log(diagonals["true"])
        spread = log_f - np.mean(log_f)
        denominator = float(spread @ spread)
        ok = math.isfinite(denominator) and denominator > 0
        slope = float(spread @ np.log(run["preconditioner"])) / denominator if ok else math.nan
        ratio = batch_size * run["v_hat"] / diagonals["empirical"]
        v_over_expected = run["v_hat"] / expected
    return {
        "weights": weights,
        "v_hat": run["v_hat"],
        "preconditioner": run["preconditioner"],
        "true_fisher": diagonals["true"],
        "empirical_fisher": diagonals["empirical"],
        "squared_mean_gradient": gbar**2,
        "expected_v": expected,
        "batch_v_over_empirical": ratio,
        "v_over_expected": v_over_expected,
        "preconditioner_slope": slope,
    }
# --8<-- [end:compare_adam_and_fisher]
