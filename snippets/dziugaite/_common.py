"""Argument checks shared by the modules of snippets.dziugaite (private, not shown on the site).

Like snippets._checks, every check raises a ValueError whose message starts with the argument's name.
"""

import numbers

import numpy as np
import torch

from snippets._checks import check_array


def as_tensor(name, x, ndim=None, shape=None, device=None, dtype=torch.float32):
    """A finite array or tensor of real numbers as a tensor of ``dtype`` on ``device``.

    A tensor keeps its autograd graph (it is only moved and cast); anything else goes through
    ``snippets._checks.check_array``.
    """
    if isinstance(x, torch.Tensor):
        if x.dtype == torch.bool or x.is_complex():
            raise ValueError(f"{name} must hold real numbers, got dtype {x.dtype}")
        allowed = None if ndim is None else ((ndim,) if isinstance(ndim, int) else tuple(ndim))
        if allowed is not None and x.dim() not in allowed:
            raise ValueError(f"{name} must have ndim in {allowed}, got shape {tuple(x.shape)}")
        if shape is not None and tuple(x.shape) != tuple(shape):
            raise ValueError(f"{name} must have shape {tuple(shape)}, got {tuple(x.shape)}")
        if not bool(torch.isfinite(x.detach()).all()):
            raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
        return x.to(device=device, dtype=dtype)
    arr = check_array(name, x, ndim=ndim, shape=shape)
    return torch.as_tensor(arr, dtype=dtype, device=device)


def as_inputs(name, x, n_features=None, device=None):
    """A 2-D float32 tensor (examples x features) with at least one example and one feature."""
    x = as_tensor(name, x, ndim=2, device=device)
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"{name} must have at least one example and one feature, got shape {tuple(x.shape)}")
    if n_features is not None and x.shape[1] != n_features:
        raise ValueError(f"{name} must have {n_features} features (columns), got shape {tuple(x.shape)}")
    return x


def as_labels(name, y, n, device=None):
    """A 1-D tensor of n labels in {0, 1}, as float32 (the form the losses use)."""
    if isinstance(y, torch.Tensor):
        y = y.detach().cpu().numpy()
    arr = check_array(name, y, ndim=1)
    if arr.shape[0] != n:
        raise ValueError(f"{name} must have one label per example ({n}), got shape {arr.shape}")
    if not np.all((arr == 0) | (arr == 1)):
        raise ValueError(f"{name} must contain only the labels 0 and 1")
    return torch.as_tensor(arr, dtype=torch.float32, device=device)


def check_hidden(name, hidden):
    """A tuple of 1 to 3 positive integer widths."""
    if isinstance(hidden, bool) or not isinstance(hidden, (list, tuple)):
        raise ValueError(f"{name} must be a list or tuple of 1 to 3 layer widths, got {hidden!r}")
    if not 1 <= len(hidden) <= 3:
        raise ValueError(f"{name} must have 1 to 3 hidden layers, got {len(hidden)}")
    widths = []
    for i, h in enumerate(hidden):
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


def check_flag(name, value):
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return value
