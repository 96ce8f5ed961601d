"""Occam's bound for the digits network of the Dziugaite & Roy chapter, compressed as Zhou et al. (2019) do.

The network of ``snippets.dziugaite`` (64-100-1, 6,601 weights, SGD for 20 epochs) is pruned to a
few hidden units, fine-tuned, quantized with a k-value codebook per layer, its codebooks tuned, and
written with the code of ``netcode``; the bound is Occam's, on the decoded network itself. Every
step may look at the training data: the bound holds simultaneously for every network the code can
describe, because the code (the prior) was fixed before. Only the code's format must not depend on
the data, and it does not: the widths and the codebook sizes k are written in the code, so trying
several of them and keeping the best costs nothing beyond their bits.
"""

import itertools
import time

import numpy as np
import torch
from tqdm import tqdm

from snippets._domains import AtLeast, Bool, Count, IsA, OneOf, OpenUnit, Positive, Seed, checked
from snippets._torch import Device, deterministic, logistic_loss_bits
from snippets.compression.netcode import code_length_parts, decode_network, encode_network
from snippets.compression.networks import IsQuantizedNetwork, QuantizedNetwork, quantize_mlp, to_mlp
from snippets.compression.occam import occam_binomial_bound, occam_bound, pointmass_pac_bayes_bound
from snippets.compression.quantize import QuantizedTensor
from snippets.dziugaite._common import Inputs, Labels
from snippets.dziugaite.data import load_digits_binary
from snippets.dziugaite.network import MLP, error_rate
from snippets.dziugaite.train import train_sgd

DELTA = 0.025  # the confidence of the Dziugaite & Roy chapter's PAC-Bayes bound, for a like comparison
IsMLP = IsA(MLP, "a snippets.dziugaite.MLP")

# "hidden", "sgd_epochs", "sgd_lr": the Dziugaite & Roy chapter's digits network (experiment.py);
# "widths": hidden units kept; "ks": codebook sizes; the fine-tuning epochs and learning rates.
SETTINGS = {
    "smoke": {"hidden": (8,), "sgd_epochs": 2, "sgd_lr": 0.1, "widths": (2,), "ks": (1, 3),
              "prune_epochs": 2, "prune_lr": 0.1, "codebook_epochs": 2, "codebook_lr": 0.01},
    "quick": {"hidden": (100,), "sgd_epochs": 20, "sgd_lr": 0.1, "widths": (2,), "ks": (1, 2, 3, 4, 8, 16),
              "prune_epochs": 30, "prune_lr": 0.1, "codebook_epochs": 20, "codebook_lr": 0.01},
    "full": {"hidden": (100,), "sgd_epochs": 20, "sgd_lr": 0.1, "widths": (2, 3, 4), "ks": (1, 2, 3, 4, 8, 16),
             "prune_epochs": 30, "prune_lr": 0.1, "codebook_epochs": 20, "codebook_lr": 0.01},
}


def _sgd(parameters, expand, mlp, x, y, epochs, lr, seed):
    """SGD with momentum 0.9, batches of 100, the logistic loss in bits (as ``train_sgd``) on
    ``parameters`` (tensors), the network's flat weights being ``expand(parameters)``."""
    parameters = [p.detach().clone().requires_grad_(True) for p in parameters]
    optimizer = torch.optim.SGD(parameters, lr=lr, momentum=0.9)
    shuffle = torch.Generator().manual_seed(seed + 1)
    n = x.shape[0]
    size = min(100, n)
    for _ in range(epochs):
        order = torch.randperm(n, generator=shuffle).to(x.device)
        for start in range(0, n - size + 1, size):
            batch = order[start : start + size]
            loss = logistic_loss_bits(mlp(expand(parameters), x[batch]), y[batch]).mean()
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
    return [p.detach() for p in parameters]


# --8<-- [start:prune_hidden_units]
@checked
def prune_hidden_units(mlp: IsMLP, w: IsA(torch.Tensor, "a torch.Tensor"), keep: Count):
    """Structured pruning of a one-hidden-layer ``MLP``: keep the ``keep`` hidden units of largest

        importance_j = |v_j| ||W_{:, j}||_2

    (v_j the unit's output weight, W_{:, j} its input weights), drop the others with their weights,
    and return (the smaller MLP, its flat weights), the units in their original order. A dropped
    unit's whole column, bias and output weight go, so the code never spends a bit on it.
    Source: structured (neuron) pruning by weight magnitude, e.g. Han, Pool, Tran & Dally (2015),
    "Learning both weights and connections for efficient neural networks", NeurIPS. Zhou et al.
    (2019), ICLR, prune before they quantize too, but weights, not units: dynamic network surgery in
    their code (github.com/wendazhou/nnet-compression-generalization, scripts/compression_lenet).
    """
    if len(mlp.layer_sizes) != 3:
        raise ValueError(f"mlp must have one hidden layer, got layer sizes {mlp.layer_sizes}")
    d, h, _ = mlp.layer_sizes
    w = w.detach().cpu().to(torch.float32).reshape(-1)
    if w.numel() != mlp.n_params:
        raise ValueError(f"w must have the {mlp.n_params} weights of {mlp}, got {w.numel()}")
    if keep > h:
        raise ValueError(f"keep must be <= the {h} hidden units, got {keep}")
    first, bias, out, out_bias = w[: d * h].reshape(d, h), w[d * h : d * h + h], w[d * h + h : -1], w[-1:]
    importance = out.abs() * first.norm(dim=0)
    kept = torch.sort(torch.argsort(importance, descending=True, stable=True)[:keep]).values
    small = MLP(d, (keep,))
    return small, torch.cat([first[:, kept].reshape(-1), bias[kept], out[kept], out_bias])
# --8<-- [end:prune_hidden_units]


# --8<-- [start:tune_codebooks]
@checked
def tune_codebooks(
    network: IsQuantizedNetwork, x: Inputs(), y: Labels, epochs: AtLeast(0), lr: Positive, seed: Seed,
):
    """Fine-tune the shared values of an "mlp" network with every weight's codebook index fixed:
    SGD (momentum 0.9, batches of 100, logistic loss) on the codebook values c, the weights being
    w_i = c_{a_i}, so the gradient of a shared value is the sum of its weights' gradients:

        dLoss/dc_j = sum_{i : a_i = j} dLoss/dw_i.

    The tuned values are rounded to float16; returns a new ``QuantizedNetwork`` (same indices).
    Source: Han, Mao & Dally (2016), "Deep compression", ICLR, Sec. 3.3 (shared-weight fine-tuning).
    """
    mlp, _ = to_mlp(network)
    if x.shape[1] != mlp.layer_sizes[0]:
        raise ValueError(f"x must have {mlp.layer_sizes[0]} features (columns), got shape {tuple(x.shape)}")
    indices = [torch.from_numpy(g.indices) for g in network.groups]
    codebooks = [torch.from_numpy(g.codebook.astype(np.float32)) for g in network.groups]

    def expand(values):
        return torch.cat([c[i] for c, i in zip(values, indices, strict=True)])

    tuned = _sgd(codebooks, expand, mlp, x, y, epochs, lr, seed)
    groups = []
    for c, g in zip(tuned, network.groups, strict=True):
        half = c.numpy().astype(np.float16)
        if not np.all(np.isfinite(half)):
            raise ValueError("lr must keep the tuned codebook within float16's range; it diverged")
        groups.append(QuantizedTensor(half, g.indices))
    return QuantizedNetwork(network.family, network.config, tuple(groups))
# --8<-- [end:tune_codebooks]


def _bounds(errors, code_bits, m, delta):
    error = errors / m
    return {"occam_bound": occam_bound(error, code_bits, m, delta),
            "occam_binomial_bound": occam_binomial_bound(errors, code_bits, m, delta),
            "pointmass_pac_bayes_bound": pointmass_pac_bayes_bound(error, code_bits, m, delta)}


def _compressed_row(network, x_train, y_train, x_test, y_test, width, k, delta):
    """Encode, decode, check the decoded network predicts exactly as the quantized one, and measure."""
    bits = encode_network(network)
    decoded = decode_network(bits)
    mlp, w = to_mlp(network)
    _, w_decoded = to_mlp(decoded)
    if decoded != network or not torch.equal(mlp(w_decoded, x_train), mlp(w, x_train)):
        raise RuntimeError(f"the code of the width-{width}, k = {k} network does not decode to it")
    m = x_train.shape[0]
    train_error = error_rate(mlp, w_decoded, x_train, y_train)
    errors = round(train_error * m)
    parts = code_length_parts(decoded)
    test_error = error_rate(mlp, w_decoded, x_test, y_test)
    return {"width": width, "k": k, "codebook_sizes": [g.k for g in decoded.groups], "n_weights": decoded.n_weights,
            "code_bits": len(bits), "code": bits, "parts": {key: parts[key] for key in
                                              ("family", "config", "codebook_sizes", "codebooks", "counts", "indices")},
            "train_errors": errors, "train_error": train_error, "test_error": test_error,
            **_bounds(errors, len(bits), m, delta)}


# --8<-- [start:run_digits]
@checked
def run_digits(mode: OneOf(*SETTINGS) = "quick", seed: Seed = 0, device: Device = None, progress: Bool = True,
               delta: OpenUnit = DELTA):
    """Occam's bound for the Dziugaite & Roy chapter's digits network, compressed; returns a dict.

    (1) Train the chapter's network exactly as ``snippets.dziugaite.run`` does (digits 0-4 against
    5-9, the same split, 64-100-1, SGD 20 epochs at rate 0.1, ``seed``). (2) For each width h of
    ``SETTINGS[mode]["widths"]``: keep the h most important hidden units (``prune_hidden_units``)
    and fine-tune the small network on the training set (SGD as in training); for each codebook size
    k: share each layer's weights in k float16 values (``quantize_mlp``), tune the values
    (``tune_codebooks``), write the network with ``encode_network``, decode it, check that the
    decoded network's weights, hence predictions, are exactly the quantized ones, and bound its
    error with ``occam_bound`` (and the binomial and point-mass PAC-Bayes forms) at confidence
    ``delta``. The width and every layer's k are in the code, so all (h, k) hold at once and "best"
    (the smallest ``occam_bound``) needs no union bound over the grid. Also reported: the trained
    network's errors and the bound of its plain float32 code (32 bits a weight). The bound is on the
    error of one deterministic network with probability >= 1 - delta (0.975); the Dziugaite & Roy
    chapter's bounds the error of a stochastic network with probability 0.965. The small networks
    are fine-tuned on the CPU whatever ``device`` trains the big one (a few hundred weights).
    """
    start = time.perf_counter()
    settings = SETTINGS[mode]
    x_train, y_train, x_test, y_test = load_digits_binary(seed=seed)
    m = x_train.shape[0]
    rows = []
    with deterministic(device):
        _, w, mlp = train_sgd(x_train, y_train, settings["hidden"], settings["sgd_epochs"], settings["sgd_lr"], seed,
                              device=device)
        x, y = torch.as_tensor(x_train), torch.as_tensor(y_train, dtype=torch.float32)
        trained_error = error_rate(mlp, w, x_train, y_train)
        float32_bits = 32 * mlp.n_params
        trained = {"n_weights": mlp.n_params, "train_error": trained_error,
                   "test_error": error_rate(mlp, w, x_test, y_test), "float32_bits": float32_bits,
                   "float32_occam_bound": occam_bound(trained_error, float32_bits, m, delta)}
        grid = list(itertools.product(settings["widths"], settings["ks"]))
        bar = tqdm(total=len(grid), desc=f"digits ({mode})", disable=not progress, leave=False)
        for width in settings["widths"]:
            small, w_small = prune_hidden_units(mlp, w, width)
            (w_small,) = _sgd([w_small], lambda p: p[0], small, x, y, settings["prune_epochs"],
                              settings["prune_lr"], seed)
            for k in settings["ks"]:
                network = tune_codebooks(quantize_mlp(small, w_small, k), x, y, settings["codebook_epochs"],
                                         settings["codebook_lr"], seed)
                rows.append(_compressed_row(network, x_train, y_train, x_test, y_test, width, k, delta))
                bar.update(1)
        bar.close()
    best = min(rows, key=lambda row: row["occam_bound"])
    return {"mode": mode, "seed": seed, "m": m, "n_test": int(x_test.shape[0]), "delta": delta,
            "settings": {key: list(v) if isinstance(v, tuple) else v for key, v in settings.items()},
            "trained": trained, "rows": rows, "best": dict(best), "device": str(device),
            "wall_seconds": time.perf_counter() - start}
# --8<-- [end:run_digits]

