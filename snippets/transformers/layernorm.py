"""Layer normalization, what it removes from a token vector, and how to put it back.

LayerNorm normalizes each token vector x in R^d over its d features:

    LN(x) = gamma * (x - mu(x) 1) / sqrt(sigma^2(x) + eps) + beta,
    mu(x) = (1/d) sum_i x_i,   sigma^2(x) = (1/d) sum_i (x_i - mu(x))^2   (the biased variance).

With gamma = 1, beta = 0 and eps = 0 the output has mean 0 and Euclidean norm exactly sqrt(d):
it lies on a (d - 2)-dimensional sphere, the intersection of the sphere of radius sqrt(d) with
the hyperplane sum_i z_i = 0. Exactly two numbers per token are removed, the mean and the scale
(the standard deviation), so LN(x) is invariant to x -> a x + b 1 for a > 0, flips sign for a < 0,
and x = sigma(x) LN(x) + mu(x) 1 recovers x from the output and the two removed numbers.

Source: Ba, Kiros & Hinton (2016), "Layer normalization", arXiv:1607.06450, Sec. 3 (the
statistics over the hidden units of a layer, and the gain and bias); PyTorch documentation of
torch.nn.functional.layer_norm (biased variance, eps inside the square root).
"""

import numpy as np

from snippets._domains import Maybe, NonNegative, Numbers, checked
from snippets.transformers._domains import Tokens


def _mean_and_variance(x):
    mean = np.mean(x, axis=-1, keepdims=True)
    return mean, np.mean((x - mean) ** 2, axis=-1, keepdims=True)


# --8<-- [start:layer_norm]
@checked
def layer_norm(
    x: Tokens("d"), eps: NonNegative = 1e-5,
    gamma: Maybe(Numbers(shape=("d",))) = None, beta: Maybe(Numbers(shape=("d",))) = None,
):
    """Layer normalization over the last axis of x (one token per row), in numpy:

        LN(x) = gamma * (x - mu(x) 1) / sqrt(sigma^2(x) + eps) + beta,

    mu and sigma^2 the mean and the biased variance over the d features, gamma and beta of shape
    (d,) (default 1 and 0). The same numbers as torch.nn.functional.layer_norm(x, (d,), gamma,
    beta, eps). With eps = 0 a constant token (sigma = 0) is rejected: its normalization is 0/0.
    Source: Ba, Kiros & Hinton (2016), Sec. 3 (the statistics over the features; see paper).
    """
    d = x.shape[-1]
    gamma = np.ones(d) if gamma is None else gamma
    beta = np.zeros(d) if beta is None else beta
    mean, variance = _mean_and_variance(x)
    if eps == 0.0 and np.any(variance == 0.0):
        raise ValueError("x must have no constant token when eps = 0 (its variance is 0: LN is 0/0)")
    return gamma * (x - mean) / np.sqrt(variance + eps) + beta
# --8<-- [end:layer_norm]


# --8<-- [start:layernorm_removed]
@checked
def layernorm_removed(x: Tokens()):
    """The two numbers per token that layer normalization removes, (mu(x), sigma(x)):

        mu(x) = (1/d) sum_i x_i,   sigma(x) = sqrt((1/d) sum_i (x_i - mu(x))^2),

    floats for one token x of shape (d,), arrays of shape x.shape[:-1] otherwise. With them and
    LN(x) at eps = 0 (gamma = 1, beta = 0), x = sigma(x) LN(x) + mu(x) 1 (``undo_layer_norm``).
    Source: Ba, Kiros & Hinton (2016), Sec. 3 (the normalization statistics).
    """
    mean, variance = _mean_and_variance(x)
    mean, std = mean[..., 0], np.sqrt(variance[..., 0])
    return (float(mean), float(std)) if x.ndim == 1 else (mean, std)
# --8<-- [end:layernorm_removed]


# --8<-- [start:undo_layer_norm]
@checked
def undo_layer_norm(normalized: Tokens(), mean: Numbers(), std: Numbers(entries=NonNegative)):
    """Rebuild x from its layer normalization (eps = 0, gamma = 1, beta = 0) and the two removed numbers:

        x = sigma(x) LN(x) + mu(x) 1,

    ``mean`` and ``std`` of shape normalized.shape[:-1] (floats for one token), std >= 0.
    Source: the definition of LN (Ba, Kiros & Hinton 2016, Sec. 3) solved for x.
    """
    for name, value in (("mean", mean), ("std", std)):
        if value.shape != normalized.shape[:-1]:
            raise ValueError(f"{name} must have shape {normalized.shape[:-1]}, got {value.shape}")
    return std[..., None] * normalized + mean[..., None]
# --8<-- [end:undo_layer_norm]
