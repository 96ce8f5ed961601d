"""Argument domains specific to snippets.transformers (private, not shown on the site).

Like snippets._domains, every check raises a ValueError whose message starts with the argument's name.
"""

from typing import Annotated

import numpy as np
import torch

from snippets._domains import Array, Domain

ONE_LIPSCHITZ = (torch.nn.ReLU, torch.nn.Tanh, torch.nn.Identity)  # activations with Lipschitz constant <= 1


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


class AttentionModule(Domain):
    """A torch.nn.MultiheadAttention projecting queries, keys and values with one in_proj_weight."""

    def check(self, name, value):
        if not isinstance(value, torch.nn.MultiheadAttention):
            raise ValueError(f"{name} must be a torch.nn.MultiheadAttention, got {type(value).__name__}")
        if not value._qkv_same_embed_dim or value.in_proj_weight is None:
            raise ValueError(f"{name} must project queries, keys and values with one in_proj_weight (kdim = vdim)")
        return value


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


AttentionLayer = Annotated[torch.nn.MultiheadAttention, AttentionModule()]
LipschitzSequential = Annotated[torch.nn.Sequential, LipschitzStack()]


def Tokens(features=None):
    """Token vectors, features along the last axis; ``features`` names that axis's size (e.g. "d")."""
    return Annotated[np.ndarray, TokenArray(features)]
