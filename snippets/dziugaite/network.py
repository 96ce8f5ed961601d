"""The multilayer perceptron of Dziugaite & Roy (2017), written on one flat weight vector.

A PAC-Bayes posterior and prior are distributions over that vector, so the network is a function
of (weights, inputs): f(theta, x). With theta of shape (k, W) it runs k networks at once, which is
how the stochastic network is evaluated on many weight draws.
"""

import itertools

import torch

from snippets._domains import Integer, IsA, checked
from snippets.dziugaite._common import HiddenDomain, Inputs, InputsDomain, Labels, TensorDomain, TensorLike
from snippets.pacbayes.classical import mlp_parameter_count


class MLP:
    """A fully connected ReLU network input -> hidden_1 -> ... -> hidden_L -> 1 logit (L = 1 to 3).

    Flat layout of a weight vector theta: for each layer in order, its (n_in x n_out) weight
    matrix row-major, then its n_out biases; W = sum (n_in + 1) n_out entries
    (``snippets.pacbayes.mlp_parameter_count``). The output is one logit: the network
    predicts label 1 when the logit is >= 0 (as the authors' code snn/core/network.py,
    ``accuracy``: yhat >= 0 is +1). Calling ``mlp(theta, x)`` gives the logits, shape (n,)
    for theta of shape (W,) and (k, n) for k weight vectors of shape (k, W). float32 throughout.
    """

    def __init__(self, input_dim, hidden):
        input_dim = Integer(1).check("input_dim", input_dim)
        hidden = HiddenDomain().check("hidden", hidden)
        self.layer_sizes = (input_dim, *hidden, 1)
        self.n_params = mlp_parameter_count(list(self.layer_sizes))

    def __repr__(self):
        return f"MLP(layer_sizes={self.layer_sizes}, n_params={self.n_params})"

    def init_weights(self, seed):
        """The random initialization of the authors' code (snn/core/mlp_fn.py, multilayer_perceptron):
        weights from a normal with std 0.04 truncated at 2 std (TensorFlow's truncated_normal),
        first-layer biases 0.1, other biases 0. Deterministic given ``seed`` (a torch.Generator
        on the CPU, whatever device the network later runs on)."""
        seed = Integer(0).check("seed", seed)
        gen = torch.Generator().manual_seed(seed)
        parts = []
        for layer, (n_in, n_out) in enumerate(itertools.pairwise(self.layer_sizes)):
            weights = torch.empty(n_in * n_out, dtype=torch.float32)
            torch.nn.init.trunc_normal_(weights, std=0.04, a=-0.08, b=0.08, generator=gen)
            parts += [weights, torch.full((n_out,), 0.1 if layer == 0 else 0.0, dtype=torch.float32)]
        return torch.cat(parts)

    def __call__(self, theta, x):
        theta = TensorDomain(ndim=(1, 2)).check("theta", theta)
        if isinstance(x, torch.Tensor):
            theta = theta.to(x.device)
        x = InputsDomain().check("x", x).to(theta.device)
        _match_mlp(self, "theta", theta, x)
        return self._forward(theta, x)

    def _forward(self, theta, x):
        """The forward pass without argument checks (for the training loops)."""
        batched = theta.dim() == 2
        if not batched:
            theta = theta.unsqueeze(0)
        k = theta.shape[0]
        h, offset = x, 0
        pairs = list(itertools.pairwise(self.layer_sizes))
        for layer, (n_in, n_out) in enumerate(pairs):
            weights = theta[:, offset : offset + n_in * n_out].reshape(k, n_in, n_out)
            offset += n_in * n_out
            biases = theta[:, offset : offset + n_out].unsqueeze(1)
            offset += n_out
            h = torch.matmul(h, weights) + biases  # (k, n, n_out); x (n, n_in) broadcasts
            if layer < len(pairs) - 1:
                h = torch.relu(h)
        logits = h.squeeze(-1)
        return logits if batched else logits.squeeze(0)


IsMLP = IsA(MLP, "a snippets.dziugaite.network.MLP")


def _match_mlp(mlp, name, w, x):
    """The checks relating a network to its arguments: weights ``w`` (named ``name``) with
    ``mlp.n_params`` entries in their last axis, inputs ``x`` with ``mlp``'s number of features."""
    if w.shape[-1] != mlp.n_params:
        raise ValueError(f"{name} must have {mlp.n_params} entries in its last axis, got shape {tuple(w.shape)}")
    if x.shape[1] != mlp.layer_sizes[0]:
        raise ValueError(f"x must have {mlp.layer_sizes[0]} features (columns), got shape {tuple(x.shape)}")


# --8<-- [start:error_rate]
@checked
def error_rate(mlp: IsMLP, w: TensorLike(ndim=(1, 2)), x: Inputs(), y: Labels):
    """0-1 error of the network with weights ``w`` on (x, y): the fraction of examples whose
    predicted label, 1 if the logit f(w, x_i) >= 0 and else 0, differs from y_i in {0, 1}.

        err(w) = (1/n) sum_i 1[ 1[f(w, x_i) >= 0] != y_i ].

    The "train error" and "test error" rows of Dziugaite & Roy (2017), Table 1. ``w`` may also
    be a batch of k weight vectors, shape (k, W): then the k error rates come back as a float64
    numpy array.
    """
    _match_mlp(mlp, "w", w, x)
    x, y = x.to(w.device), y.to(w.device)
    with torch.no_grad():
        predicted = (mlp(w, x) >= 0).to(torch.float32)
        errors = (predicted != y).to(torch.float64).mean(dim=-1)
    if errors.dim() == 0:
        return float(errors)
    return errors.cpu().numpy()
# --8<-- [end:error_rate]
