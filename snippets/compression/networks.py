"""Quantized networks of the book's two families, and the conversions to and from runnable models.

A ``QuantizedNetwork`` is what the code of ``netcode`` describes: a family ("mlp": the ReLU network of
the Dziugaite & Roy chapter, ``snippets.dziugaite.MLP``; "transformer": the character-level model of
the scaling chapter, ``snippets.scaling.CharTransformer``), the integers that fix its architecture
(``config``) and one ``QuantizedTensor`` per weight group. The groups and their sizes follow from
the family and config alone, so the code never writes a shape:

* mlp, config = layer sizes (d, h_1, ..., h_L, 1): one group per layer, its (n_in x n_out) weight
  matrix row-major then its n_out biases (the flat layout of ``MLP``): a per-layer codebook.
* transformer, config = (vocab_size, context, n_layers, d_model, n_heads): one group per parameter
  tensor, in the order of ``CharTransformer.named_parameters()``, each flattened row-major.
"""

import itertools
from dataclasses import dataclass

import numpy as np
import torch

from snippets._domains import Count, IsA, checked
from snippets.compression.quantize import QuantizedTensor, quantize
from snippets.dziugaite.network import MLP
from snippets.scaling.model import CharTransformer

FAMILIES = ("mlp", "transformer")
# The code describes networks of at most this many weights (a decoder must not be led by a corrupt
# size field into allocating terabytes); part of the format, like the float16 codebook.
MAX_WEIGHTS = 2**24


def _mlp_sizes(config):
    if len(config) < 3 or len(config) > 5 or config[-1] != 1 or min(config) < 1:
        raise ValueError(f"config of an mlp must be layer sizes (d, h_1, ..., h_L, 1) with 1 <= L <= 3 and all "
                         f">= 1, got {config}")
    return [(n_in + 1) * n_out for n_in, n_out in itertools.pairwise(config)]


def _transformer_shapes(config):
    """The parameter shapes of CharTransformer(*config), in named_parameters() order."""
    if len(config) != 5 or min(config) < 1 or config[0] < 2 or config[3] % config[4]:
        raise ValueError(f"config of a transformer must be (vocab_size >= 2, context, n_layers, d_model, n_heads) "
                         f"with n_heads dividing d_model, got {config}")
    vocab, context, n_layers, d, _ = config
    block = [(d,), (d,), (3 * d, d), (3 * d,), (d, d), (d,), (d,), (d,), (4 * d, d), (4 * d,), (d, 4 * d), (d,)]
    return [(vocab, d), (context, d), *block * n_layers, (d,), (d,)]


def _group_sizes(family, config):
    """The number of weights of each group of a network of ``family`` with ``config`` (checked)."""
    if family == "mlp":
        sizes = _mlp_sizes(config)
    elif family == "transformer":
        sizes = [int(np.prod(shape)) for shape in _transformer_shapes(config)]
    else:
        raise ValueError(f"family must be one of {FAMILIES}, got {family!r}")
    if sum(sizes) > MAX_WEIGHTS:
        raise ValueError(f"config describes {sum(sizes)} weights, more than the code's limit of {MAX_WEIGHTS}")
    return sizes


@dataclass(frozen=True, eq=False)
class QuantizedNetwork:
    """A network whose every weight is one of its group's codebook values: ``family`` ("mlp" or
    "transformer"), ``config`` (a tuple of ints) and ``groups`` (a tuple of ``QuantizedTensor``,
    one per weight group, sizes as ``_group_sizes`` says)."""

    family: str
    config: tuple
    groups: tuple

    def __post_init__(self):
        config = tuple(int(c) for c in self.config)
        sizes = _group_sizes(self.family, config)
        groups = tuple(self.groups)
        if len(groups) != len(sizes) or any(not isinstance(g, QuantizedTensor) for g in groups):
            raise ValueError(f"groups must be {len(sizes)} QuantizedTensor for a {self.family} with config {config}")
        for i, (g, size) in enumerate(zip(groups, sizes, strict=True)):
            if g.n != size:
                raise ValueError(f"groups[{i}] must have {size} weights, got {g.n}")
        object.__setattr__(self, "config", config)
        object.__setattr__(self, "groups", groups)

    @property
    def n_weights(self):
        return sum(g.n for g in self.groups)

    def flat_weights(self):
        """All quantized weights, float32, groups concatenated."""
        return np.concatenate([g.values() for g in self.groups])

    def __eq__(self, other):
        return (isinstance(other, QuantizedNetwork) and (self.family, self.config) == (other.family, other.config)
                and all(a == b for a, b in zip(self.groups, other.groups, strict=True)))


IsQuantizedNetwork = IsA(QuantizedNetwork, "a snippets.compression.QuantizedNetwork")


# --8<-- [start:quantize_mlp]
@checked
def quantize_mlp(mlp: IsA(MLP, "a snippets.dziugaite.MLP"), w: IsA(torch.Tensor, "a torch.Tensor"), k: Count):
    """Per-layer weight sharing of an ``MLP`` with flat weights ``w``: each layer's weights and
    biases, (n_in + 1) n_out numbers, share one codebook of at most k float16 values (``quantize``,
    k-means started at quantiles). Returns a ``QuantizedNetwork`` of family "mlp"."""
    w = w.detach().cpu().to(torch.float64).numpy().ravel()
    sizes = _group_sizes("mlp", mlp.layer_sizes)
    if w.size != sum(sizes):
        raise ValueError(f"w must have the {sum(sizes)} weights of {mlp}, got {w.size}")
    bounds = np.cumsum([0, *sizes])
    groups = [quantize(w[a:b], min(k, b - a)) for a, b in itertools.pairwise(bounds)]
    return QuantizedNetwork("mlp", mlp.layer_sizes, tuple(groups))
# --8<-- [end:quantize_mlp]


# --8<-- [start:quantize_transformer]
@checked
def quantize_transformer(model: IsA(CharTransformer, "a snippets.scaling.CharTransformer"), k: Count):
    """Per-tensor weight sharing of a ``CharTransformer``: every parameter tensor (embeddings,
    each linear map's weight and bias, each LayerNorm's gain and bias) gets its own codebook of at
    most k float16 values (``quantize``). Returns a ``QuantizedNetwork`` of family "transformer"."""
    c = model.config
    config = (model.vocab_size, c["context"], c["n_layers"], c["d_model"], c["n_heads"])
    groups = [quantize(p.detach().cpu().to(torch.float64).numpy().ravel(), min(k, p.numel()))
              for _, p in model.named_parameters()]
    return QuantizedNetwork("transformer", config, tuple(groups))
# --8<-- [end:quantize_transformer]


# --8<-- [start:to_mlp]
@checked
def to_mlp(network: IsQuantizedNetwork):
    """The runnable form of an "mlp" network: (``MLP``, flat float32 weights as a torch tensor)."""
    if network.family != "mlp":
        raise ValueError(f"network must be of family 'mlp', got {network.family!r}")
    sizes = network.config
    return MLP(sizes[0], sizes[1:-1]), torch.from_numpy(network.flat_weights())
# --8<-- [end:to_mlp]


# --8<-- [start:to_transformer]
@checked
def to_transformer(network: IsQuantizedNetwork):
    """The runnable form of a "transformer" network: a ``CharTransformer`` holding its weights (eval mode)."""
    if network.family != "transformer":
        raise ValueError(f"network must be of family 'transformer', got {network.family!r}")
    model = CharTransformer(*network.config)
    with torch.no_grad():
        for (_, p), g in zip(model.named_parameters(), network.groups, strict=True):
            p.copy_(torch.from_numpy(g.values()).reshape(p.shape))
    return model.eval()
# --8<-- [end:to_transformer]
