"""Argument domains shared by the modules of snippets.dziugaite (private, not shown on the site).

Like those of snippets._domains, every domain raises a ValueError whose message starts with the
argument's name. A torch tensor is accepted as is: it keeps its autograd graph and its device.
"""

import os
from pathlib import Path
from typing import Annotated

import torch

from snippets._domains import Array, Domain, Integer, Values


class TensorDomain(Domain):
    """A finite array or tensor of real numbers, returned as a tensor of ``dtype``.

    A tensor keeps its autograd graph and its device (it is only cast); anything else is checked
    as an ``Array`` of the same ``ndim``, ``shape`` (letters included) and ``min_size`` and lands
    on the CPU.
    """

    def __init__(self, ndim=None, shape=None, min_size=0, dtype=torch.float32):
        self.array = Array(ndim, shape, min_size=min_size)
        self.dtype = dtype

    def check(self, name, value):
        if not isinstance(value, torch.Tensor):
            return torch.as_tensor(self.array.check(name, value), dtype=self.dtype)
        if value.dtype == torch.bool or value.is_complex():
            raise ValueError(f"{name} must hold real numbers, got dtype {value.dtype}")
        self.array.check_shape(name, tuple(value.shape), value.numel())
        if not bool(torch.isfinite(value.detach()).all()):
            raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
        return value.to(dtype=self.dtype)

    def symbols(self):
        return self.array.symbols()


class InputsDomain(TensorDomain):
    """Inputs of a network: a 2-D float32 tensor (n examples x d features), at least
    ``min_examples`` examples and one feature; n and d are the shape letters "n" and "d"."""

    def __init__(self, min_examples=1):
        super().__init__(shape=("n", "d"))
        self.min_examples = min_examples

    def check(self, name, value):
        x = super().check(name, value)
        if x.shape[0] == 0 or x.shape[1] == 0:
            raise ValueError(f"{name} must have at least one example and one feature, got shape {tuple(x.shape)}")
        if x.shape[0] < self.min_examples:
            raise ValueError(f"{name} must have at least {self.min_examples} examples, got shape {tuple(x.shape)}")
        return x


class LabelsDomain(Domain):
    """Labels in {0, 1}, one per example (the shape letter "n" of the inputs), returned as a float32
    tensor (the form the losses use); a tensor is detached and checked as an array."""

    def __init__(self):
        self.array = Array(ndim=1, shape=("n",), entries=Values(0, 1))

    def check(self, name, value):
        if isinstance(value, torch.Tensor):
            value = value.detach().cpu().numpy()
        return torch.as_tensor(self.array.check(name, value), dtype=torch.float32)

    def symbols(self):
        return self.array.symbols()


class HiddenDomain(Domain):
    """Widths of 1 to 3 hidden layers: a list or tuple of positive integers, returned as a tuple of ints."""

    def check(self, name, value):
        if isinstance(value, bool) or not isinstance(value, (list, tuple)):
            raise ValueError(f"{name} must be a list or tuple of 1 to 3 layer widths, got {value!r}")
        if not 1 <= len(value) <= 3:
            raise ValueError(f"{name} must have 1 to 3 hidden layers, got {len(value)}")
        return tuple(Integer(1).check(f"{name}[{i}]", h) for i, h in enumerate(value))


class PathDomain(Domain):
    """A str or os.PathLike naming an existing ``kind`` ("file" or "directory"), returned as a Path."""

    def __init__(self, kind):
        self.kind = kind

    def check(self, name, value):
        if isinstance(value, bool) or not isinstance(value, (str, os.PathLike)):
            raise ValueError(f"{name} must be a str or os.PathLike, got {value!r}")
        path = Path(value)
        if not (path.is_file() if self.kind == "file" else path.is_dir()):
            raise ValueError(f"{name} {str(path)!r}: no such {self.kind}")
        return path


def TensorLike(ndim=None, shape=None, min_size=0, dtype=torch.float32):
    """A finite array or tensor of reals as a tensor: see TensorDomain."""
    return Annotated[torch.Tensor, TensorDomain(ndim, shape, min_size, dtype)]


def Inputs(min_examples=1):
    """Inputs of a network, shape ("n", "d"): see InputsDomain."""
    return Annotated[torch.Tensor, InputsDomain(min_examples)]


Labels = Annotated[torch.Tensor, LabelsDomain()]
Hidden = Annotated[tuple, HiddenDomain()]
File = Annotated[Path, PathDomain("file")]
Directory = Annotated[Path, PathDomain("directory")]
