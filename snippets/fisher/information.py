"""Fisher information: closed forms, Monte Carlo estimates, torch autograd, and the KL divergence it approximates.

For a family of densities (or mass functions) p(x; theta), theta in R^k, the score is
s(x; theta) = grad_theta ln p(x; theta) and the Fisher information matrix is

    F(theta) = E_theta[ s s^T ] = -E_theta[ grad^2_theta ln p(x; theta) ],

the two expressions being equal when differentiation under the integral sign is allowed (the
"regularity conditions": among them, the support of p does not depend on theta). F is symmetric
and positive semidefinite, it changes under a reparameterization theta = h(eta) with the Jacobian
J = dtheta/deta as F_eta = J^T F_theta J, and it is the curvature of the KL divergence:
KL(p_theta || p_{theta + d}) = (1/2) d^T F(theta) d + O(||d||^3). Logarithms are natural (nats).

Sources: Lehmann & Casella, Theory of Point Estimation, 2nd ed. (1998), Sec. 2.5 (one parameter:
definition of I(theta), Lemma 5.3 for the second-derivative form, the change of parameter, and
Table 5.1 of I for some exponential families) and Sec. 2.6 (the information matrix);
Cover & Thomas, Elements of Information Theory, 2nd ed. (2006), Sec. 11.10 (the score and
J(theta) = E[score^2]); Amari, Information Geometry and Its Applications (Springer 2016), Ch. 2-3
(Fisher information as the Riemannian metric of a statistical model, and the metric induced by the
KL divergence); Amari (1998), "Natural gradient works efficiently in learning", Neural
Computation 10(2), 251-276 (the Fisher matrix as the metric of a learning machine's parameter space).
"""

import math
from collections.abc import Callable

import numpy as np
import torch

from snippets._domains import FiniteReal, IsA, NonNegative, Numbers, OneOf, OpenUnit, Positive, Probability, checked
from snippets.fisher._domains import SymmetricMatrix

SYMMETRY_TOLERANCE = 1e-9  # |A - A^T| allowed, relative to max |A|, for a matrix that must be symmetric


def _softmax(logits):
    z = np.exp(logits - np.max(logits))  # shifting by the max: no overflow, the same probabilities
    return z / np.sum(z)


# --8<-- [start:bernoulli_fisher]
@checked
def bernoulli_fisher(p: OpenUnit):
    """Fisher information of one Bernoulli(p) draw about its mean parameter p, 0 < p < 1:

        ln p(x; p) = x ln p + (1 - x) ln(1 - p),   score = x/p - (1 - x)/(1 - p),
        F(p) = E[score^2] = p (1/p)^2 + (1 - p) (1/(1 - p))^2 = 1 / (p (1 - p)).

    It is infinite at p = 0 and p = 1 (the endpoints are not in the parameter space).
    Source: Lehmann & Casella (1998), Sec. 2.5, Table 5.1 (binomial b(p, n): n / (p q), here n = 1).
    """
    return 1.0 / (p * (1.0 - p))
# --8<-- [end:bernoulli_fisher]


# --8<-- [start:bernoulli_logit_fisher]
@checked
def bernoulli_logit_fisher(theta: FiniteReal):
    """Fisher information of one Bernoulli draw about its logit theta = ln(p / (1 - p)):

        ln p(x; theta) = x theta - ln(1 + e^theta),   score = x - sigma(theta),
        F(theta) = Var(x) = sigma(theta) (1 - sigma(theta)),   sigma(theta) = 1 / (1 + e^-theta).

    The Hessian -sigma(1 - sigma) does not depend on x (theta is the natural parameter of an
    exponential family, F = psi''(theta) with psi(theta) = ln(1 + e^theta)), and
    F(theta) = F(p) (dp/dtheta)^2 with F(p) of ``bernoulli_fisher`` and dp/dtheta = sigma(1 - sigma).
    Computed as e^-|theta| / (1 + e^-|theta|)^2, which neither overflows nor cancels.
    Sources: Lehmann & Casella (1998), Sec. 2.5 (the information about a function of the
    parameter); Amari (2016), Ch. 2 (exponential families: the Fisher metric is the Hessian of psi).
    """
    e = math.exp(-abs(theta))
    return e / (1.0 + e) ** 2
# --8<-- [end:bernoulli_logit_fisher]


# --8<-- [start:gaussian_fisher]
@checked
def gaussian_fisher(mu: FiniteReal, sigma: Positive, parameterization: OneOf("sigma", "variance") = "sigma"):
    """Fisher information matrix of one N(mu, sigma^2) draw, in the coordinates (mu, sigma) or (mu, sigma^2):

        parameterization="sigma":     F(mu, sigma)   = diag(1 / sigma^2, 2 / sigma^2),
        parameterization="variance":  F(mu, sigma^2) = diag(1 / sigma^2, 1 / (2 sigma^4)).

    Both are at the same distribution (``sigma`` is always the standard deviation); the second is
    J^T F(mu, sigma) J with J = d(mu, sigma)/d(mu, sigma^2) = diag(1, 1 / (2 sigma)). With
    z = (x - mu)/sigma the scores are z/sigma, (z^2 - 1)/sigma and (z^2 - 1)/(2 sigma^2), and
    E[z^2] = 1, E[z^3] = 0, E[z^4] = 3 give the entries; F does not depend on mu.
    Sources: Lehmann & Casella (1998), Sec. 2.5, Table 5.1 (normal N(xi, sigma^2)) and Sec. 2.6
    (the information matrix); Cover & Thomas (2006), Sec. 11.10 (1/sigma^2 for the mean).
    """
    second = 2.0 / sigma**2 if parameterization == "sigma" else 1.0 / (2.0 * sigma**4)
    return np.diag([1.0 / sigma**2, second])
# --8<-- [end:gaussian_fisher]


# --8<-- [start:softmax_fisher]
@checked
def softmax_fisher(logits: Numbers(ndim=1, min_size=1)):
    """Fisher information matrix of one categorical draw about its K logits, p = softmax(logits):

        ln p(k; theta) = theta_k - ln sum_j e^theta_j,   score = e_k - p,
        F(theta) = E[(e_k - p)(e_k - p)^T] = diag(p) - p p^T   (= minus the Hessian, for every k).

    F is singular: F 1 = p - p (p^T 1) = 0, because adding a constant to every logit does not
    change p. Since v^T F v = Var_k(v_k) vanishes only for constant v when every p_k > 0, the
    null space is exactly span(1) and rank F = K - 1. (Fixing theta_K = 0 leaves K - 1 logits,
    the natural parameters of the categorical exponential family, whose Fisher matrix is the
    invertible top-left block.)
    Sources: Amari (2016), Ch. 2 (exponential families: the Fisher metric is the Hessian of the
    log-partition function psi, here ln sum_j e^theta_j, i.e. the covariance of the one-hot
    sufficient statistic); Lehmann & Casella (1998), Sec. 2.6 (the information matrix).
    """
    p = _softmax(logits)
    return np.diag(p) - np.outer(p, p)
# --8<-- [end:softmax_fisher]


# --8<-- [start:fisher_score_outer]
@checked
def fisher_score_outer(scores: Numbers(ndim=2, min_size=1)):
    """Monte Carlo estimate of F = E[s s^T] from n score vectors s_i = grad_theta ln p(x_i; theta), x_i ~ p_theta:

        F_hat = (1/n) sum_i s_i s_i^T = S^T S / n,   S = the (n, k) array with rows s_i.

    Unbiased, symmetric and positive semidefinite; each entry has standard error
    std_i(s_ia s_ib) / sqrt(n). The samples must come from p_theta at the same theta.
    Sources: Lehmann & Casella (1998), Sec. 2.5-2.6 (I(theta) = E[score score^T]);
    Cover & Thomas (2006), Sec. 11.10; Amari (1998), G(w) = E[grad l grad l^T].
    """
    f = scores.T @ scores / scores.shape[0]
    return 0.5 * (f + f.T)  # exactly symmetric
# --8<-- [end:fisher_score_outer]


# --8<-- [start:fisher_from_hessians]
@checked
def fisher_from_hessians(hessians: SymmetricMatrix((None, "k", "k"), SYMMETRY_TOLERANCE)):
    """Monte Carlo estimate of F = -E[grad^2_theta ln p] from n Hessians H_i of ln p(x_i; theta), x_i ~ p_theta:

        F_hat = -(1/n) sum_i H_i,   ``hessians`` of shape (n, k, k).

    Equal in expectation to ``fisher_score_outer`` under the regularity conditions (Lehmann &
    Casella 1998, Sec. 2.5, Lemma 5.3, and its matrix form in Sec. 2.6): differentiating
    E[score] = 0 once more gives E[grad^2 ln p] + E[s s^T] = 0. Unlike the outer products, a
    single estimate need not be positive semidefinite; for an exponential family in its natural
    parameters the Hessian does not depend on x and every H_i equals -F. Each H_i must be
    symmetric (tolerance 1e-9 relative to the largest entry); the result is symmetrized.
    """
    f = -np.mean(hessians, axis=0)
    return 0.5 * (f + f.T)
# --8<-- [end:fisher_from_hessians]


# --8<-- [start:fisher_autograd]
@checked
def fisher_autograd(
    log_prob: IsA(Callable, "a function log_prob(theta, x)"), theta: Numbers(ndim=1, min_size=1),
    samples: Numbers(ndim=(1, 2, 3, 4), min_size=1),
):
    """Both Monte Carlo estimates of F(theta), with the derivatives of ln p taken by torch autograd:

        (fisher_score_outer([grad_theta log_prob(theta, x_i)]_i),
         fisher_from_hessians([grad^2_theta log_prob(theta, x_i)]_i)).

    ``log_prob(theta, x)`` takes a float64 tensor theta of shape (k,) and one sample x (a float64
    tensor, ``samples[i]``) and returns ln p(x; theta) as a 0-dimensional tensor; ``samples`` has
    the samples x_i ~ p_theta along its first axis (categorical samples, e.g., one-hot rows).
    The per-sample gradients and Hessians come from torch.func.grad and
    torch.func.jacrev(torch.func.grad(...)) (reverse mode twice), vectorized over the samples with
    torch.func.vmap; a log_prob that vmap cannot trace (Python branches on x, .item()) is
    differentiated one sample at a time instead (slower: about 1 ms per sample).
    Sources: the two definitions of ``fisher_score_outer`` and ``fisher_from_hessians``;
    PyTorch documentation of torch.func (grad, jacrev, vmap).
    """
    t = torch.tensor(theta, dtype=torch.float64)
    xs = torch.tensor(samples, dtype=torch.float64)
    try:
        value = log_prob(t, xs[0])
    except Exception as err:
        raise ValueError(f"log_prob(theta, samples[0]) failed: {type(err).__name__}: {err}") from err
    if not isinstance(value, torch.Tensor) or value.ndim != 0 or not value.is_floating_point():
        raise ValueError(f"log_prob must return a 0-dimensional floating tensor, got {value!r}")
    grad = torch.func.grad(log_prob)
    hessian = torch.func.jacrev(grad)
    try:
        scores = torch.func.vmap(grad, in_dims=(None, 0))(t, xs)
        hessians = torch.func.vmap(hessian, in_dims=(None, 0))(t, xs)
    except Exception:  # not traceable by vmap: one sample at a time
        try:
            scores = torch.stack([grad(t, xi) for xi in xs])
            hessians = torch.stack([hessian(t, xi) for xi in xs])
        except Exception as err:
            raise ValueError(f"log_prob could not be differentiated: {type(err).__name__}: {err}") from err
    scores, hessians = scores.detach().numpy(), hessians.detach().numpy()
    if not (np.all(np.isfinite(scores)) and np.all(np.isfinite(hessians))):
        raise ValueError("log_prob must have finite first and second derivatives at theta for every sample")
    return fisher_score_outer(scores), fisher_from_hessians(hessians)
# --8<-- [end:fisher_autograd]


# --8<-- [start:kl_quadratic]
@checked
def kl_quadratic(fisher: SymmetricMatrix(("k", "k"), SYMMETRY_TOLERANCE), d: Numbers(shape=("k",))):
    """The quadratic approximation of the KL divergence for a small parameter step d:

        KL(p_theta || p_{theta + d}) = (1/2) d^T F(theta) d + O(||d||^3),

    returned as (1/2) d^T F d (nats) for a symmetric ``fisher`` of shape (k, k) and ``d`` of shape (k,).
    The expansion: KL(theta || theta + d) = -E_theta[ln p(x; theta + d) - ln p(x; theta)]; the
    first-order term is -E[score]^T d = 0, the second -(1/2) d^T E[grad^2 ln p] d = (1/2) d^T F d,
    and the third -(1/6) E[d^3 ln p(x; theta + t d)/dt^3 at t = 0]. The reverse KL has the same
    quadratic term. Sources: Amari (2016), Ch. 3 (the KL divergence, an invariant divergence,
    induces the Fisher metric: D[p_xi : p_{xi + dxi}] = (1/2) g_ij dxi^i dxi^j); Cover & Thomas
    (2006), Ch. 11 problem "Fisher information and relative entropy" (one parameter, in bits);
    Amari (1998).
    """
    return 0.5 * float(d @ fisher @ d)
# --8<-- [end:kl_quadratic]


# --8<-- [start:kl_bernoulli]
@checked
def kl_bernoulli(p: Probability, q: OpenUnit):
    """KL(Bernoulli(p) || Bernoulli(q)) in nats, 0 <= p <= 1, 0 < q < 1:

        KL = p ln(p / q) + (1 - p) ln((1 - p) / (1 - q)),   with 0 ln 0 = 0.

    Source: Cover & Thomas (2006), Sec. 2.3 (relative entropy).
    """
    kl = 0.0
    if p > 0.0:
        kl += p * math.log(p / q)
    if p < 1.0:
        kl += (1.0 - p) * math.log((1.0 - p) / (1.0 - q))
    return max(0.0, kl)  # rounding can leave -1e-17 for p = q
# --8<-- [end:kl_bernoulli]


# --8<-- [start:kl_gaussian]
@checked
def kl_gaussian(mu1: FiniteReal, sigma1: Positive, mu2: FiniteReal, sigma2: Positive):
    """KL(N(mu1, sigma1^2) || N(mu2, sigma2^2)) in nats (sigma = standard deviation):

        KL = ln(sigma2 / sigma1) + (sigma1^2 + (mu1 - mu2)^2) / (2 sigma2^2) - 1/2,

    i.e. E_1[ln p_1(X) - ln p_2(X)] with E_1[(X - mu2)^2] = sigma1^2 + (mu1 - mu2)^2.
    Source: Cover & Thomas (2006), Sec. 8.5 (relative entropy of densities); the same formula,
    summed over coordinates, is ``snippets.pacbayes.kl_diag_gaussians``.
    """
    ratio = sigma1 / sigma2  # ratios before squares: no overflow of sigma^2 on its own
    shift = (mu1 - mu2) / sigma2
    return max(0.0, 0.5 * (ratio**2 - 1.0 - 2.0 * math.log(ratio) + shift**2))
# --8<-- [end:kl_gaussian]


# --8<-- [start:kl_categorical]
@checked
def kl_categorical(
    p: Numbers(shape=("k",), entries=NonNegative, min_size=1, sums_to_one=True),
    q: Numbers(shape=("k",), entries=NonNegative, min_size=1, sums_to_one=True),
):
    """KL(p || q) in nats for probability vectors p, q of the same length (entries >= 0, sum 1):

        KL = sum_k p_k ln(p_k / q_k),   with 0 ln(0 / q) = 0 and p ln(p / 0) = +inf for p > 0.

    Source: Cover & Thomas (2006), Sec. 2.3 (relative entropy and its conventions).
    """
    support = p > 0.0
    if np.any(q[support] == 0.0):
        return math.inf
    kl = math.fsum((p[support] * np.log(p[support] / q[support])).tolist())
    return max(0.0, kl)
# --8<-- [end:kl_categorical]
