"""Argument domains shared by the modules of snippets.dziugaite (private, not shown on the site).

Like those of snippets._domains, every domain raises a ValueError whose message starts with the
argument's name. A torch tensor is accepted as is: it keeps its autograd graph and its device.
"""

import math
import numbers
import os
from pathlib import Path
from typing import Annotated

import numpy as np
import torch

from snippets._domains import Array, Domain, Values
from snippets._torch import resolve_device


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
        shape, spec = tuple(value.shape), self.array
        if spec.ndim is not None and value.dim() not in spec.ndim:
            raise ValueError(f"{name} must have ndim in {spec.ndim}, got shape {shape}")
        if spec.shape is not None and any(isinstance(s, int) and shape[i] != s for i, s in enumerate(spec.shape)):
            raise ValueError(f"{name} must have shape {spec.pretty_shape()}, got {shape}")
        if value.numel() < spec.min_size:
            raise ValueError(f"{name} must have at least {spec.min_size} entries, got shape {shape}")
        if not bool(torch.isfinite(value.detach()).all()):
            raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
        return value.to(dtype=self.dtype)

    def bad_examples(self, valid):
        arr = valid.detach().cpu().numpy() if isinstance(valid, torch.Tensor) else np.asarray(valid)
        return [*self.array.bad_examples(arr), (torch.ones(arr.shape, dtype=torch.bool), "type")]

    def strategy(self, shape, low=-1e30, high=1e30):  # within the float32 range
        return self.array.strategy(shape, low=low, high=high).map(lambda a: torch.as_tensor(a, dtype=self.dtype))

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

    def bad_examples(self, valid):
        arr = np.asarray(valid.detach().cpu() if isinstance(valid, torch.Tensor) else valid, dtype=np.float64)
        few = [(arr[: self.min_examples - 1], "shape")] if self.min_examples > 1 else []
        return [*super().bad_examples(arr), (arr[:0], "shape"), *few]


class LabelsDomain(Domain):
    """Labels in {0, 1}, one per example (the shape letter "n" of the inputs), returned as a float32
    tensor (the form the losses use); a tensor is detached and checked as an array."""

    def __init__(self):
        self.array = Array(ndim=1, shape=("n",), entries=Values(0, 1))

    def check(self, name, value):
        if isinstance(value, torch.Tensor):
            value = value.detach().cpu().numpy()
        return torch.as_tensor(self.array.check(name, value), dtype=torch.float32)

    def bad_examples(self, valid):
        return self.array.bad_examples(np.asarray(valid.cpu() if isinstance(valid, torch.Tensor) else valid))

    def symbols(self):
        return self.array.symbols()


class HiddenDomain(Domain):
    """Widths of 1 to 3 hidden layers: a list or tuple of positive integers, returned as a tuple of ints."""

    def check(self, name, value):
        if isinstance(value, bool) or not isinstance(value, (list, tuple)):
            raise ValueError(f"{name} must be a list or tuple of 1 to 3 layer widths, got {value!r}")
        if not 1 <= len(value) <= 3:
            raise ValueError(f"{name} must have 1 to 3 hidden layers, got {len(value)}")
        widths = []
        for i, h in enumerate(value):
            if isinstance(h, bool) or not isinstance(h, numbers.Real):
                raise ValueError(f"{name}[{i}] must be an integer, got {h!r}")
            if h != h:
                raise ValueError(f"{name}[{i}] must not be NaN")
            if not isinstance(h, numbers.Integral) and not float(h).is_integer():
                raise ValueError(f"{name}[{i}] must be an integer, got {h!r}")
            if h < 1:
                raise ValueError(f"{name}[{i}] must be >= 1, got {h}")
            widths.append(int(h))
        return tuple(widths)

    def bad_examples(self, valid):
        return [("3", "type"), (None, "type"), (3, "type"), ((2.5,), "type"), ((True,), "type"),
                ((math.nan,), "nan"), ((0,), "range"), ((), "shape"), ((2, 2, 2, 2), "shape")]

    def strategy(self):
        from hypothesis import strategies as st

        return st.lists(st.integers(1, 16), min_size=1, max_size=3).map(tuple)


class DeviceDomain(Domain):
    """None (CUDA when available, else the CPU), or a str or torch.device naming the CPU or an available
    CUDA device: ``snippets._torch.resolve_device``, returned as a torch.device."""

    def check(self, name, value):
        try:
            return resolve_device(value)
        except ValueError as err:  # its messages start with "device"
            raise ValueError(name + str(err).removeprefix("device")) from None

    def bad_examples(self, valid):
        return [(0, "type"), (True, "type"), ("tpu", "range")]


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

    def bad_examples(self, valid):
        base = Path(valid) if isinstance(valid, (str, os.PathLike)) else Path(os.curdir)
        return [(None, "type"), (5, "type"), (True, "type"), (base / "no-such-entry", "range")]


def TensorLike(ndim=None, shape=None, min_size=0, dtype=torch.float32):
    """A finite array or tensor of reals as a tensor: see TensorDomain."""
    return Annotated[torch.Tensor, TensorDomain(ndim, shape, min_size, dtype)]


def Inputs(min_examples=1):
    """Inputs of a network, shape ("n", "d"): see InputsDomain."""
    return Annotated[torch.Tensor, InputsDomain(min_examples)]


Labels = Annotated[torch.Tensor, LabelsDomain()]
Binary = Annotated[float, Values(0, 1)]  # the entries of a 0/1 label vector
Hidden = Annotated[tuple, HiddenDomain()]
Device = Annotated[torch.device, DeviceDomain()]
File = Annotated[Path, PathDomain("file")]
Directory = Annotated[Path, PathDomain("directory")]
