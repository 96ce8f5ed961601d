"""Regularizers as code lengths of the weights: Gaussian prior = L2 / ridge / weight decay, Laplace prior = L1.

A prior density p(w) gives the weights, recorded to a precision eps per coordinate, the code length
-ln(p(w) eps^d) = -ln p(w) - d ln eps; the second term is the same for every w, so the functions
return -ln p(w) (nats, or bits with unit="bits"), which can be negative for a narrow prior.
Minimizing L(D|w) + L(w) = -ln p(D|w) - ln p(w) is MAP estimation; with a Gaussian likelihood
and a Gaussian prior it is ridge regression. Sources: Hinton & van Camp (1993), "Keeping neural
networks simple by minimizing the description length of the weights", COLT; MacKay (2003),
Information Theory, Inference, and Learning Algorithms, ch. 41; Bishop (2006), Pattern Recognition
and Machine Learning, Sec. 3.3.1 (MAP under a Gaussian prior is ridge regression).
"""

import math

import numpy as np
import torch

from snippets._domains import Count, NonNegative, Numbers, OneOf, Positive, checked


# --8<-- [start:gaussian_prior_code_length]
@checked
def gaussian_prior_code_length(
    w: Numbers(ndim=1, min_size=1), sigma: Positive, unit: OneOf("nats", "bits") = "nats",
):
    """Code length of the weights w (d of them) under the prior N(0, sigma^2 I):

        -ln N(w; 0, sigma^2 I) = ||w||_2^2 / (2 sigma^2) + (d/2) ln(2 pi sigma^2)   nats

    (divided by ln 2 for unit="bits"), up to the constant -d ln eps of the precision eps; the part
    that depends on w is the L2 penalty ||w||^2 / (2 sigma^2). Source: Hinton & van Camp (1993);
    Bishop (2006), Sec. 3.3.1.
    """
    scale = 1.0 if unit == "nats" else 1.0 / math.log(2.0)
    nats = float(w @ w) / (2.0 * sigma**2) + 0.5 * w.size * math.log(2.0 * math.pi * sigma**2)
    return nats * scale
# --8<-- [end:gaussian_prior_code_length]


# --8<-- [start:laplace_prior_code_length]
@checked
def laplace_prior_code_length(w: Numbers(ndim=1, min_size=1), b: Positive, unit: OneOf("nats", "bits") = "nats"):
    """Code length of the weights w (d of them) under i.i.d. Laplace(0, b) priors, p(w_i) = exp(-|w_i|/b) / (2b):

        -ln prod_i Laplace(w_i; 0, b) = ||w||_1 / b + d ln(2 b)   nats

    (divided by ln 2 for unit="bits"), up to the constant -d ln eps; the part that depends on w is
    the L1 (lasso) penalty ||w||_1 / b. Source: Tibshirani (1996), "Regression shrinkage and
    selection via the lasso", JRSS B 58 (the lasso as a posterior mode under Laplace priors).
    """
    scale = 1.0 if unit == "nats" else 1.0 / math.log(2.0)
    nats = float(np.sum(np.abs(w))) / b + w.size * math.log(2.0 * b)
    return nats * scale
# --8<-- [end:laplace_prior_code_length]


# --8<-- [start:ridge_lambda]
@checked
def ridge_lambda(sigma_noise: Positive, sigma_prior: Positive):
    """The ridge penalty lambda = sigma_noise^2 / sigma_prior^2 equivalent to a Gaussian prior.

    -ln p(w | X, y) = ||y - X w||^2 / (2 sigma_noise^2) + ||w||^2 / (2 sigma_prior^2) + const;
    multiplied by 2 sigma_noise^2 this is the ridge objective ||y - X w||^2 + lambda ||w||^2.
    Source: Bishop (2006), Sec. 3.3.1 (eq. 3.55, lambda = alpha / beta).
    """
    return (sigma_noise / sigma_prior) ** 2
# --8<-- [end:ridge_lambda]


# --8<-- [start:ridge_map]
@checked
def ridge_map(
    X: Numbers(shape=("n", "d"), min_size=1), y: Numbers(shape=("n",)), sigma_noise: Positive, sigma_prior: Positive,
):
    """MAP weights of y = X w + noise, noise ~ N(0, sigma_noise^2 I), prior w ~ N(0, sigma_prior^2 I):

        w_MAP = argmin_w ||y - X w||^2 + lambda ||w||^2 = (X^T X + lambda I)^{-1} X^T y,
        lambda = sigma_noise^2 / sigma_prior^2  (``ridge_lambda``),

    i.e. the weights with the shortest total code length L(y | X, w) + L(w) (Gaussian codes).
    Computed as the least-squares solution of the stacked system [X; sqrt(lambda) I] w = [y; 0],
    which avoids forming X^T X. Source: Hoerl & Kennard (1970), "Ridge regression", Technometrics 12;
    Bishop (2006), Sec. 3.3.1.
    """
    lam = ridge_lambda(sigma_noise, sigma_prior)
    d = X.shape[1]
    stacked = np.vstack([X, math.sqrt(lam) * np.eye(d)])
    target = np.concatenate([y, np.zeros(d)])
    w, *_ = np.linalg.lstsq(stacked, target, rcond=None)
    return w
# --8<-- [end:ridge_map]


# --8<-- [start:weight_decay_prior_variance]
@checked
def weight_decay_prior_variance(weight_decay: Positive, n: Count):
    """The Gaussian prior variance that weight decay wd implements when the loss is a mean over n examples:

        sigma_prior^2 = 1 / (n * wd).

    With mean_loss the average negative log-likelihood per example in nats,

        mean_loss(w) + (wd/2) ||w||^2 = (1/n) [ sum_i -ln p(y_i | x_i, w) + ||w||^2 / (2 sigma_prior^2) ]

    when n wd = 1 / sigma_prior^2: the total code length of the data and of the weights under
    N(0, sigma_prior^2 I) (up to a constant), divided by n. A step of size lr on the left is a
    step of size lr / n on the total code length. (A loss summed rather than averaged over the
    examples would give sigma_prior^2 = 1 / wd.) Source: Hinton & van Camp (1993); Bishop (2006),
    Sec. 3.3.1 and 5.5.1.
    """
    return 1.0 / (n * weight_decay)
# --8<-- [end:weight_decay_prior_variance]


# --8<-- [start:sgd_step_with_weight_decay]
@checked
def sgd_step_with_weight_decay(
    w: Numbers(shape=("d",), min_size=1), grad: Numbers(shape=("d",)), lr: Positive, weight_decay: NonNegative,
):
    """One step of torch.optim.SGD(lr=lr, weight_decay=weight_decay) (no momentum) from w with gradient grad:

        w <- w - lr * (grad + weight_decay * w),

    which is a plain gradient step on loss + (weight_decay/2) ||w||^2 (the L2 penalty, i.e. a
    Gaussian prior code length; see ``weight_decay_prior_variance`` for its variance). Computed in
    float64 by torch itself; returns the new weights as a numpy array. Source: PyTorch
    documentation of torch.optim.SGD; Hanson & Pratt (1988), "Comparing biases for minimal network
    construction with back-propagation", NIPS.
    """
    param = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    param.grad = torch.tensor(grad, dtype=torch.float64)
    torch.optim.SGD([param], lr=lr, weight_decay=weight_decay).step()
    return param.detach().numpy().copy()
# --8<-- [end:sgd_step_with_weight_decay]


# --8<-- [start:adam_l2_vs_adamw]
@checked
def adam_l2_vs_adamw(
    X: Numbers(shape=("n", "d"), min_size=1), y: Numbers(shape=("n",)), w0: Numbers(shape=("d",)),
    lr: Positive, weight_decay: NonNegative, steps: Count,
):
    """Trajectories of Adam with an L2 penalty and of AdamW from the same start, on least squares.

    The loss is the mean squared error f(w) = (1/2n) ||X w - y||^2. Both optimizers use torch's
    defaults (betas 0.9, 0.999, eps 1e-8) in float64:

        Adam(weight_decay=wd):  g = grad f(w) + wd w, then the Adam update with g; this is Adam on
                                f(w) + (wd/2) ||w||^2, so the decay is divided by sqrt(v_hat) like
                                the gradient (large-gradient weights are decayed less).
        AdamW(weight_decay=wd): w <- w - lr wd w (decoupled), then the Adam update with grad f(w)
                                evaluated before the decay; this is not a gradient method on any
                                penalized loss.

    Returns {"adam_l2": array (steps + 1, d), "adamw": array (steps + 1, d)}, row t the weights
    after t steps (row 0 is w0). Source: Loshchilov & Hutter (2019), "Decoupled Weight Decay
    Regularization", ICLR (Algorithm 2); Kingma & Ba (2015), "Adam", ICLR.
    """
    X_t = torch.tensor(X, dtype=torch.float64)
    y_t = torch.tensor(y, dtype=torch.float64)
    trajectories = {}
    for name, optimizer_class in (("adam_l2", torch.optim.Adam), ("adamw", torch.optim.AdamW)):
        w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
        optimizer = optimizer_class([w], lr=lr, weight_decay=weight_decay)
        rows = [w.detach().numpy().copy()]
        for _ in range(steps):
            optimizer.zero_grad()
            loss = 0.5 * torch.mean((X_t @ w - y_t) ** 2)
            loss.backward()
            optimizer.step()
            rows.append(w.detach().numpy().copy())
        trajectories[name] = np.array(rows)
    return trajectories
# --8<-- [end:adam_l2_vs_adamw]
