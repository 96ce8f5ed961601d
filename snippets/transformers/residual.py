"""Residual connections: inverting x + f(x) by fixed-point iteration, and rank collapse through depth.

A residual block maps x to y = x + f(x). When f is a contraction, Lip(f) <= c < 1, the block is
a bijection and its inverse is the fixed point of x -> y - f(x) (Banach's fixed-point theorem):
nothing about x is lost, the block is information-preserving. Without the skip connection, a
stack of pure self-attention layers X -> softmax(X W_Q (X W_K)^T / sqrt(d)) X W_V averages the
tokens at every layer and drives them towards one common row (rank collapse); the skip connection
keeps the tokens apart. Effective rank and the distance from "all rows equal" measure this.

Sources: Behrmann, Grathwohl, Chen, Duvenaud & Jacobsen (2019), "Invertible residual networks",
ICML, Sec. 2 (invertibility when Lip(g) < 1, the inverse by fixed-point iteration, and spectral
normalization of the weights); Roy & Vetterli (2007), "The effective rank: a measure of effective
dimensionality", EUSIPCO; Dong, Cordonnier & Loukas (2021), "Attention is not all you need: pure
attention loses rank doubly exponentially with depth", ICML; Cover & Thomas, Elements of
Information Theory, 2nd ed. (2006), Thm 2.8.1 (data-processing inequality).
"""

import math
from collections.abc import Callable

import numpy as np
import torch

from snippets._domains import AtLeast, Bool, Count, IsA, NonNegative, Numbers, Positive, Seed, checked
from snippets.transformers._domains import LipschitzSequential
from snippets.transformers.attention import attention_weights


def _spectral_norm(weight):
    return float(torch.linalg.matrix_norm(weight, ord=2))


# --8<-- [start:residual_mlp]
@checked
def residual_mlp(width: Count, hidden: Count, lipschitz: Positive, seed: Seed):
    """A residual branch f(x) = W_2 relu(W_1 x + b_1) + b_2 (torch, float64) with Lip(f) <= ``lipschitz``:

        ||W_1||_2 = 1,  ||W_2||_2 = c   =>   Lip(f) <= ||W_2||_2 Lip(relu) ||W_1||_2 = c,

    the spectral norms exact (torch.linalg.matrix_norm(ord=2), the largest singular value) and
    ReLU 1-Lipschitz. The weights start from torch.nn.Linear's default initialization under
    torch.manual_seed(seed) (the global generator is left as it was) and are then rescaled.
    With c < 1, x -> x + f(x) is invertible (``invert_residual``). Behrmann et al. (2019) bound
    every layer's norm by c; only the product of the norms matters for the bound used here.
    Source: Behrmann et al. (2019), Sec. 2 (Lip(g) < 1 via ||W_i||_2 < 1 and 1-Lipschitz activations).
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        first = torch.nn.Linear(width, hidden, dtype=torch.float64)
        second = torch.nn.Linear(hidden, width, dtype=torch.float64)
    with torch.no_grad():
        first.weight /= _spectral_norm(first.weight)
        second.weight *= lipschitz / _spectral_norm(second.weight)
    return torch.nn.Sequential(first, torch.nn.ReLU(), second)
# --8<-- [end:residual_mlp]


# --8<-- [start:lipschitz_bound]
@checked
def lipschitz_bound(module: LipschitzSequential):
    """An upper bound on the Lipschitz constant (Euclidean norms) of a torch.nn.Sequential of
    Linear layers and 1-Lipschitz activations (ReLU, Tanh, Identity):

        Lip(f) <= prod over the Linear layers of ||W_i||_2   (biases do not matter).

    Source: Behrmann et al. (2019), Sec. 2 (Lip of a composition <= product of the Lipschitz constants).
    """
    bound = 1.0
    for layer in module:  # the activations (ReLU, Tanh, Identity) multiply the bound by 1
        if isinstance(layer, torch.nn.Linear):
            bound *= _spectral_norm(layer.weight.detach())
    return bound
# --8<-- [end:lipschitz_bound]


def _as_output(out, shape):
    """f's value as a float64 tensor of the shape of y."""
    try:
        out = torch.as_tensor(out, dtype=torch.float64)
    except (TypeError, ValueError, RuntimeError) as err:
        raise ValueError(f"f must return an array of real numbers, got {type(out).__name__} ({err})") from None
    if tuple(out.shape) != shape:
        raise ValueError(f"f must return an array of the shape of y {shape}, got {tuple(out.shape)}")
    return out


# --8<-- [start:invert_residual]
@checked
def invert_residual(
    f: IsA(Callable, "a callable f(x)"), y: Numbers(ndim=(1, 2), min_size=1), iterations: Count, tol: NonNegative
):
    """Solve y = x + f(x) for x by the fixed-point iteration of Behrmann et al. (2019):

        x^(0) = y,   x^(k+1) = y - f(x^(k)),   ||x^(k) - x|| <= c^k ||x^(0) - x||   if Lip(f) <= c < 1,

    since x^(k+1) - x = -(f(x^(k)) - f(x)). ``f`` takes a float64 torch tensor of y's shape and
    returns one of the same shape (a module applied to the rows of y, shape (n, d), or to one
    point, shape (d,)). It stops when every point moved by at most ``tol`` (Euclidean norm) in one
    step, or after ``iterations`` steps. It never raises for non-convergence: it returns
    {"x": the last iterate, "iterates": x^(0), ..., x^(k) stacked, "converged": bool, "steps": k}
    and the caller checks "converged". Without the contraction the iteration can diverge even
    though the block is invertible: f(x) = -2x gives y = -x, but x^(k+1) - x = 2 (x^(k) - x).
    An iterate that overflows to inf or NaN stops the iteration (converged = False).
    Source: Behrmann et al. (2019), Sec. 2 (Algorithm 1, the inverse of a residual block by
    fixed-point iteration) and Banach's fixed-point theorem.
    """
    target = torch.tensor(y, dtype=torch.float64)
    with torch.no_grad():
        try:
            value = f(target)
        except Exception as err:
            raise ValueError(f"f(y) failed: {type(err).__name__}: {err}") from err
        if not torch.all(torch.isfinite(_as_output(value, y.shape))):
            raise ValueError("f must return finite numbers (no NaN or inf) at y")
        iterates, converged = [target], False
        x = target
        for _ in range(iterations):
            new = target - _as_output(f(x), y.shape)
            iterates.append(new)
            if not torch.all(torch.isfinite(new)):
                break
            step = torch.linalg.vector_norm(new - x, dim=-1)
            x = new
            if torch.all(step <= tol):
                converged = True
                break
    stacked = torch.stack(iterates).numpy()
    return {"x": stacked[-1], "iterates": stacked, "converged": converged, "steps": len(iterates) - 1}
# --8<-- [end:invert_residual]


# --8<-- [start:effective_rank]
@checked
def effective_rank(matrix: Numbers(ndim=2, min_size=1)):
    """Effective rank of a nonzero matrix, the exponential of the entropy of its normalized singular values:

        erank(X) = exp(-sum_i p_i ln p_i),   p_i = sigma_i / sum_j sigma_j,   1 <= erank(X) <= rank(X),

    with 0 ln 0 = 0. It is 1 iff X has rank 1 and equals rank(X) iff the nonzero singular values
    are all equal; it is invariant to scaling X and to orthogonal transformations on either side.
    Source: Roy & Vetterli (2007), EUSIPCO (the definition and these properties; see paper).
    """
    sigma = np.linalg.svd(matrix, compute_uv=False)
    total = float(np.sum(sigma))
    if total == 0.0:
        raise ValueError("matrix must not be zero (its effective rank is undefined)")
    p = sigma[sigma > 0.0] / total
    return float(math.exp(-np.sum(p * np.log(p))))
# --8<-- [end:effective_rank]


# --8<-- [start:distance_from_identical_rows]
@checked
def distance_from_identical_rows(matrix: Numbers(ndim=2, min_size=1)):
    """Relative distance of X (tokens as rows) from the nearest matrix with identical rows 1 x^T:

        res(X) = min_x ||X - 1 x^T||_F / ||X||_F = ||X - 1 mean(X)^T||_F / ||X||_F   in [0, 1],

    the minimizer being the column mean. It is 0 iff every token is the same vector. Dong et al.
    (2021) study the residual X - 1 x^T in a composite l1/l_inf norm; the Frobenius norm is used here.
    Source: Dong, Cordonnier & Loukas (2021), ICML (see paper).
    """
    norm = float(np.linalg.norm(matrix))
    if norm == 0.0:
        raise ValueError("matrix must not be zero (the relative distance is undefined)")
    return float(np.linalg.norm(matrix - matrix.mean(axis=0)) / norm)
# --8<-- [end:distance_from_identical_rows]


# --8<-- [start:depth_profile]
@checked
def depth_profile(
    n_tokens: AtLeast(2), width: Count, depth: AtLeast(0), residual: Bool, value_scale: Positive, seed: Seed,
):
    """Tokens through ``depth`` layers of single-head pure self-attention, with or without the skip connection:

        SA(X) = softmax(X W_Q (X W_K)^T / sqrt(d)) X W_V,   X_(l+1) = X_l + SA(X_l)  or  SA(X_l),

    with fresh weights per layer, W_Q, W_K entries N(0, 1/d) and W_V entries N(0, s^2/d),
    s = ``value_scale``, and X_0 of shape (n_tokens, width) with N(0, 1) entries (all seeded).
    Returns {"layers": 0..depth, "effective_rank", "distance": distance_from_identical_rows} per layer.
    Without residuals every layer multiplies by a row-stochastic A, which pulls the rows together:
    the effective rank falls to 1 within a few layers (Dong et al. prove a doubly exponential rate).
    With residuals and s = 0.3 it stays near its start over 24 layers; with s = 1 the common
    row grows fastest and the rank still decays, though much more slowly than without skips.
    Every layer is a function of the one before, so X_0 -> X_1 -> ... -> X_L is a Markov chain and,
    by the data-processing inequality, I(X_0; X_L) <= I(X_0; X_1): depth cannot add information
    about the input; a layer that collapses the tokens destroys it for good.
    Sources: Dong, Cordonnier & Loukas (2021), ICML (rank collapse of pure attention, and skip
    connections preventing it); Roy & Vetterli (2007) (effective rank); Cover & Thomas (2006),
    Thm 2.8.1 (data-processing inequality).
    """
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_tokens, width))
    ranks, distances = [effective_rank(x)], [distance_from_identical_rows(x)]
    for _ in range(depth):
        w_q, w_k, w_v = rng.standard_normal((3, width, width)) / math.sqrt(width)
        update = attention_weights(x @ w_q, x @ w_k) @ x @ (value_scale * w_v)
        x = x + update if residual else update
        ranks.append(effective_rank(x))
        distances.append(distance_from_identical_rows(x))
    return {"layers": np.arange(depth + 1), "effective_rank": np.array(ranks), "distance": np.array(distances)}
# --8<-- [end:depth_profile]
