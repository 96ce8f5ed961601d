"""Argument domains specific to snippets.transformers (private, not shown on the site).

Like snippets._domains, every check raises a ValueError whose message starts with the argument's name.
"""

from typing import Annotated

import numpy as np
import torch

from snippets._domains import SUM_TOLERANCE, Array, Domain, NonNegative

ONE_LIPSCHITZ = (torch.nn.ReLU, torch.nn.Tanh, torch.nn.Identity)  # activations with Lipschitz constant <= 1


class ProbabilityRows(Array):
    """Attention weights: one probability vector of shape (n,), or one per row of an (n_q, n) matrix,
    entries >= 0 and each row summing to 1 (within SUM_TOLERANCE)."""

    def __init__(self):
        super().__init__(ndim=(1, 2), entries=NonNegative, min_size=1)

    def check(self, name, value):
        a = super().check(name, value)
        sums = np.atleast_1d(np.sum(a, axis=-1))
        worst = float(sums[np.argmax(np.abs(sums - 1.0))])
        if abs(worst - 1.0) > SUM_TOLERANCE:
            rule = f"rows summing to 1 (tolerance {SUM_TOLERANCE:g})"
            raise ValueError(f"{name} must have {rule}, got a row sum {worst!r}")
        return a

    def bad_examples(self, valid):
        return [*super().bad_examples(valid), (2.0 * np.array(valid, dtype=np.float64), "range")]

    def strategy(self, shape, **narrow):
        return Array(self.ndim, None, self.entries, sums_to_one=True).strategy(shape, **narrow)


class TokenArray(Array):
    """Token vectors with the features along the last axis: at least one token and one feature.

    If ``letter`` is given, it names the last axis, so a parameter of shape (letter,) must match it.
    """

    def __init__(self, letter=None):
        super().__init__()
        self.letter = letter

    def check(self, name, value):
        x = super().check(name, value)
        if x.ndim == 0 or x.size == 0:
            raise ValueError(f"{name} must have at least one token and one feature (last axis), got shape {x.shape}")
        return x

    def symbols(self):
        return () if self.letter is None else ((-1, self.letter),)

    def bad_examples(self, valid):
        arr = np.array(valid, dtype=np.float64)
        # a letter naming the last axis is spoilt by the tests, which know the other parameters (as in Array)
        return [*super().bad_examples(valid), (1.0, "shape"), (np.zeros((*arr.shape[:-1], 0)), "shape")]


class AttentionModule(Domain):
    """A torch.nn.MultiheadAttention projecting queries, keys and values with one in_proj_weight."""

    def check(self, name, value):
        if not isinstance(value, torch.nn.MultiheadAttention):
            raise ValueError(f"{name} must be a torch.nn.MultiheadAttention, got {type(value).__name__}")
        if not value._qkv_same_embed_dim or value.in_proj_weight is None:
            raise ValueError(f"{name} must project queries, keys and values with one in_proj_weight (kdim = vdim)")
        return value

    def bad_examples(self, valid):
        separate = torch.nn.MultiheadAttention(4, 1, kdim=3, vdim=3, dtype=torch.float64)
        return [(None, "type"), ("layer", "type"), (torch.nn.Linear(2, 2), "type"), (separate, "type")]


class LipschitzStack(Domain):
    """A non-empty torch.nn.Sequential of Linear layers and 1-Lipschitz activations (ONE_LIPSCHITZ)."""

    def check(self, name, value):
        if not isinstance(value, torch.nn.Sequential) or len(value) == 0:
            raise ValueError(f"{name} must be a non-empty torch.nn.Sequential, got {type(value).__name__}")
        for layer in value:
            if not isinstance(layer, (torch.nn.Linear, *ONE_LIPSCHITZ)):
                kind = type(layer).__name__
                raise ValueError(f"{name} must contain only Linear, ReLU, Tanh and Identity layers, got {kind}")
        return value

    def bad_examples(self, valid):
        return [
            (None, "type"), (torch.nn.Linear(2, 2), "type"), (torch.nn.Sequential(), "type"),
            (torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Softplus()), "type"),
        ]


class Function(Domain):
    """Anything callable, as ``signature`` says (e.g. f(x)); what it returns is checked where it is called."""

    def __init__(self, signature):
        self.signature = signature

    def check(self, name, value):
        if not callable(value):
            raise ValueError(f"{name} must be callable as {self.signature}, got {type(value).__name__}")
        return value

    def bad_examples(self, valid):
        return [(None, "type"), ("f", "type"), (1.0, "type")]


AttentionWeights = Annotated[np.ndarray, ProbabilityRows()]
AttentionLayer = Annotated[torch.nn.MultiheadAttention, AttentionModule()]
LipschitzSequential = Annotated[torch.nn.Sequential, LipschitzStack()]
Residual = Annotated[object, Function("f(x)")]  # a residual branch x -> f(x)


def Tokens(features=None):
    """Token vectors, features along the last axis; ``features`` names that axis's size (e.g. "d")."""
    return Annotated[np.ndarray, TokenArray(features)]
