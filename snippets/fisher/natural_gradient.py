"""The natural gradient: the gradient preconditioned by the inverse Fisher information matrix.

The natural gradient F(w)^{-1} grad L(w) is the direction of steepest descent when the length of a
step d is measured by the KL divergence it causes, KL(p_w || p_{w+d}) = (1/2) d^T F(w) d + O(|d|^3),
instead of by the Euclidean |d|. It does not depend on how the distributions are parameterized
(its flow is the same curve of distributions in every parameterization), and for logistic
regression the Fisher matrix is the Hessian of the mean cross-entropy, so natural gradient descent
with step 1 is Newton's method. Sources: Amari (1998), "Natural gradient works efficiently in
learning", Neural Computation 10(2), 251-276; Martens (2020), "New insights and perspectives on the
natural gradient method", JMLR 21(146), 1-76 (the natural gradient as steepest descent in
distribution space, the Fisher as a generalized Gauss-Newton matrix, damping, and invariance).
"""

import math

import numpy as np
from scipy.special import expit

from snippets._domains import AtLeast, Binary, Count, FiniteReal, NonNegative, Numbers, Positive, Seed, Within, checked
from snippets.fisher._domains import FisherMatrix

_EPS = np.finfo(float).eps


def _positive_definite(name, fisher, damping):
    """Check that ``fisher`` is positive semi-definite and ``fisher + damping I`` invertible."""
    eigenvalues = np.linalg.eigvalsh(fisher)
    # Eigenvalues are computed to about d * eps * ||F||; anything within 10 times that is zero.
    tol = 10.0 * fisher.shape[0] * _EPS * max(float(np.max(np.abs(eigenvalues))), np.finfo(float).tiny)
    smallest = float(eigenvalues[0])
    if smallest < -tol:
        raise ValueError(f"{name} must be positive semi-definite, got smallest eigenvalue {smallest:.3g}")
    if smallest + damping <= tol:
        raise ValueError(
            f"{name} is singular to working precision (smallest eigenvalue {smallest:.3g}, largest "
            f"{float(eigenvalues[-1]):.3g}); "
            "pass damping > 0 to solve with F + damping * I"
        )


# --8<-- [start:natural_gradient]
@checked
def natural_gradient(fisher: FisherMatrix, grad: Numbers(shape=("d",)), damping: NonNegative = 0.0):
    """The natural gradient x = (F + damping I)^{-1} grad, i.e. the solution of (F + damping I) x = grad.

    F is a Fisher information matrix (symmetric, positive semi-definite); with damping = 0 it must be
    invertible (a singular F, e.g. of a model with redundant parameters, needs damping > 0, the
    Tikhonov damping discussed by Martens 2020). The descent step is
    w <- w - lr * natural_gradient(F(w), grad L(w)). Source: Amari (1998); Martens (2020).
    """
    _positive_definite("fisher", fisher, damping)
    return np.linalg.solve(fisher + damping * np.eye(fisher.shape[0]), grad)
# --8<-- [end:natural_gradient]


# --8<-- [start:steepest_descent_in_kl]
@checked
def steepest_descent_in_kl(fisher: FisherMatrix, grad: Numbers(shape=("d",)), epsilon: Positive):
    """The step d that decreases the loss fastest among steps of KL size epsilon:

        d* = argmin_d  grad^T d   subject to   (1/2) d^T F d <= epsilon
           = -sqrt(2 epsilon / (grad^T F^{-1} grad)) F^{-1} grad,

    where (1/2) d^T F d is the second-order approximation of KL(p_w || p_{w+d}). The constraint holds
    with equality, and the decrease of the linearized loss is grad^T d* = -sqrt(2 epsilon grad^T F^{-1}
    grad). (Lagrange: grad + lambda F d = 0, so d is parallel to -F^{-1} grad, the natural gradient.)
    With grad = 0 every feasible step is optimal; the zero step is returned. F must be positive
    definite. Source: Amari (1998), Theorem 1 (steepest descent in a Riemannian space); Martens
    (2020).
    """
    direction = natural_gradient(fisher, grad)  # F^{-1} grad
    squared_norm = float(grad @ direction)  # grad^T F^{-1} grad >= 0
    if squared_norm <= 0.0:
        return np.zeros_like(grad)
    return -math.sqrt(2.0 * epsilon / squared_norm) * direction
# --8<-- [end:steepest_descent_in_kl]


# --8<-- [start:logistic_problem]
@checked
def logistic_problem(n: AtLeast(2), condition: Within(1.0), seed: Seed):
    """An ill-conditioned logistic regression problem: X (n, 2) with strongly correlated features, labels y in {0, 1}.

    Draw Z (n, 2) standard normal and whiten it so that Z^T Z / n = I exactly; the labels are
    y_i ~ Bernoulli(sigmoid(z_i1 + z_i2)) (a well-specified model). The features are
    X = Z diag(1, 1/sqrt(condition)) R^T with R = [[1, 1], [1, -1]] / sqrt(2) (orthogonal), so that

        X^T X / n = R diag(1, 1/condition) R^T

    has the condition number ``condition`` exactly (the two features have correlation
    (condition - 1) / (condition + 1)). The Fisher matrix at w = 0 is X^T X / (4n), with the same
    condition number. The true weights in X's coordinates are R diag(1, sqrt(condition)) (1, 1),
    long in the direction of low curvature.
    """
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, 2))
    Z = Z @ np.linalg.inv(np.linalg.cholesky(Z.T @ Z / n)).T  # now Z^T Z / n = I
    y = (rng.uniform(size=n) < expit(Z @ np.array([1.0, 1.0]))).astype(float)
    rotation = np.array([[1.0, 1.0], [1.0, -1.0]]) / math.sqrt(2.0)
    X = Z @ np.diag([1.0, 1.0 / math.sqrt(condition)]) @ rotation.T
    return X, y
# --8<-- [end:logistic_problem]


# --8<-- [start:logistic_loss_grad_fisher]
@checked
def logistic_loss_grad_fisher(
    w: Numbers(shape=("d",)), X: Numbers(shape=("n", "d"), min_size=1), y: Numbers(shape=("n",), entries=Binary),
):
    """Mean cross-entropy of logistic regression p(y = 1 | x, w) = sigmoid(x^T w), its gradient and Fisher matrix.

        L(w)    = (1/n) sum_i [ ln(1 + exp(x_i^T w)) - y_i x_i^T w ]        (nats)
        grad    = (1/n) X^T (s - y),                s_i = sigmoid(x_i^T w)
        F(w)    = (1/n) X^T diag(s_i (1 - s_i)) X   = E_x E_{y ~ p(y|x,w)} [score score^T],

    with the expectation over x the training inputs. For logistic regression (an exponential
    family in its natural parameter x^T w) F(w) equals the Hessian of L, at every w and for any
    labels. Returns {"loss", "grad", "fisher"}. Source: Martens (2020) (the Fisher equals the
    generalized Gauss-Newton matrix for such "matching" losses, and here also the Hessian).
    """
    z = X @ w
    s = expit(z)
    n = X.shape[0]
    loss = float(np.mean(np.logaddexp(0.0, z) - y * z))  # log(1 + e^z) without overflow
    grad = X.T @ (s - y) / n
    fisher = (X.T * (s * (1.0 - s))) @ X / n
    return {"loss": loss, "grad": grad, "fisher": 0.5 * (fisher + fisher.T)}
# --8<-- [end:logistic_loss_grad_fisher]


def _descent(X, y, w0, lr, steps, direction):
    w = w0.copy()
    weights, losses = [w.copy()], []
    for _ in range(steps):
        current = logistic_loss_grad_fisher(w, X, y)
        losses.append(current["loss"])
        w = w - lr * direction(current)
        weights.append(w.copy())
    losses.append(logistic_loss_grad_fisher(w, X, y)["loss"])
    return {"weights": np.array(weights), "losses": np.array(losses)}


# --8<-- [start:gradient_descent]
@checked
def gradient_descent(
    X: Numbers(shape=("n", "d"), min_size=1), y: Numbers(shape=("n",), entries=Binary), w0: Numbers(shape=("d",)),
    lr: Positive, steps: Count,
):
    """Gradient descent w_{t+1} = w_t - lr grad L(w_t) on the logistic loss of ``logistic_loss_grad_fisher``.

    Returns {"weights": array (steps + 1, d), "losses": array (steps + 1,)}, row t after t steps.
    The loss is (1/4) lambda_max(X^T X / n)-smooth, since its Hessian is at most X^T X / (4n); the
    classical safe step is lr = 1 / that constant (lr = 4 on ``logistic_problem``'s data).
    """
    return _descent(X, y, w0, lr, steps, lambda current: current["grad"])
# --8<-- [end:gradient_descent]


# --8<-- [start:natural_gradient_descent]
@checked
def natural_gradient_descent(
    X: Numbers(shape=("n", "d"), min_size=1), y: Numbers(shape=("n",), entries=Binary), w0: Numbers(shape=("d",)),
    lr: Positive, steps: Count, damping: NonNegative = 0.0,
):
    """Natural gradient descent w_{t+1} = w_t - lr (F(w_t) + damping I)^{-1} grad L(w_t) on the logistic loss.

    Returns {"weights": array (steps + 1, d), "losses": array (steps + 1,)}, row t after t steps.
    Since F is the Hessian here, lr = 1 and damping = 0 is Newton's method. With damping = 0 the
    iterates do not depend on an invertible linear change of the features X -> X A (the weights,
    and the start, change to A^{-1} w), so neither does the number of steps to a target loss: unlike
    gradient descent, this method does not slow down as the features become ill-conditioned. A
    Fisher matrix that is singular on the way (e.g. collinear features) raises a ValueError naming
    damping. Source: Amari (1998); Martens (2020), on invariance under affine reparameterizations.
    """
    def direction(current):
        try:
            return natural_gradient(current["fisher"], current["grad"], damping)
        except ValueError as error:  # a singular Fisher matrix on the way (e.g. collinear features)
            raise ValueError(f"damping = {damping} is too small here: {error}") from None

    return _descent(X, y, w0, lr, steps, direction)
# --8<-- [end:natural_gradient_descent]


def _gaussian_loss_grads(mu, sigma, data_mean, data_std):
    """Mean negative log-likelihood of N(mu, sigma^2) on data with the given mean and (ML) std, up to
    (1/2) ln(2 pi), and its gradient in (mu, sigma)."""
    v = (mu - data_mean) ** 2 + data_std**2  # mean of (x - mu)^2 over the data
    return (mu - data_mean) / sigma**2, 1.0 / sigma - v / sigma**3


# --8<-- [start:fit_in_two_parameterizations]
@checked
def fit_in_two_parameterizations(
    data_mean: FiniteReal, data_std: Positive, mu0: FiniteReal, sigma0: Positive, lr: Positive, steps: Count,
):
    """Fit N(mu, sigma^2) to data by natural and by Euclidean gradient descent, in (mu, sigma) and in (mu, log sigma).

    The loss is the mean negative log-likelihood of data with mean m = data_mean and standard
    deviation s = data_std (1/n normalization), up to the constant (1/2) ln(2 pi):

        L = ln sigma + ((mu - m)^2 + s^2) / (2 sigma^2),
        F(mu, sigma) = diag(1/sigma^2, 2/sigma^2),    F(mu, rho = ln sigma) = diag(1/sigma^2, 2).

    Four runs of ``steps`` steps of size lr from (mu0, sigma0): natural gradient (``natural_gradient``
    with the F above) and plain gradient descent, each in (mu, sigma) and in (mu, rho). All are
    reported in the common coordinates (mu, sigma) of the distribution. The natural gradient flow is
    the same curve in both parameterizations, and has the closed form

        mu(t) = m + (mu0 - m) e^{-t},
        sigma(t)^2 = s^2 + (sigma0^2 - s^2) e^{-t} + (mu0 - m)^2 (e^{-t} - e^{-2t}),

    returned at the times t_k = k lr. One natural step in the two parameterizations differs by
    sigma lr^2 g^2 / 2 + O(lr^3) in sigma (g = (1 - ((mu - m)^2 + s^2) / sigma^2) / 2): the same to first
    order. One Euclidean step differs already at first order, by lr |dL/dsigma| |sigma^2 - 1| + O(lr^2).

    Returns {"time": (steps + 1,), "natural_sigma", "natural_log_sigma", "euclidean_sigma",
    "euclidean_log_sigma", "natural_flow": each (steps + 1, 2) with rows (mu, sigma)}. A step that
    would make sigma <= 0 (or overflow) ends that run: its remaining rows are NaN. Source: Amari
    (1998); Martens (2020) (invariance of the flow, and of the discrete iteration
    to first order only).
    """
    def run(natural, log_sigma):
        mu, sigma = mu0, sigma0
        rows = [(mu, sigma)]
        for _ in range(steps):
            g_mu, g_sigma = _gaussian_loss_grads(mu, sigma, data_mean, data_std)
            if log_sigma:  # coordinates (mu, rho = ln sigma): dL/drho = sigma dL/dsigma
                grad = np.array([g_mu, sigma * g_sigma])
                fisher = np.diag([1.0 / sigma**2, 2.0])
            else:
                grad = np.array([g_mu, g_sigma])
                fisher = np.diag([1.0 / sigma**2, 2.0 / sigma**2])
            step = lr * (natural_gradient(fisher, grad) if natural else grad)
            mu = mu - step[0]
            sigma = sigma * math.exp(-step[1]) if log_sigma else sigma - step[1]
            if not 0.0 < sigma < math.inf:
                rows += [(math.nan, math.nan)] * (steps + 1 - len(rows))
                break
            rows.append((mu, sigma))
        return np.array(rows)

    time = lr * np.arange(steps + 1)
    decay = np.exp(-time)
    flow_mu = data_mean + (mu0 - data_mean) * decay
    flow_var = data_std**2 + (sigma0**2 - data_std**2) * decay + (mu0 - data_mean) ** 2 * (decay - decay**2)
    return {
        "time": time,
        "natural_sigma": run(True, False),
        "natural_log_sigma": run(True, True),
        "euclidean_sigma": run(False, False),
        "euclidean_log_sigma": run(False, True),
        "natural_flow": np.column_stack([flow_mu, np.sqrt(flow_var)]),
    }
# --8<-- [end:fit_in_two_parameterizations]
