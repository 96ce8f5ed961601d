"""Torch helpers shared by the experiments (private, not shown on the site): the domain of a device
argument, deterministic algorithms for the duration of a run, and the logistic surrogate loss that
the Dziugaite & Roy and the compression chapters train their networks with."""

import contextlib
import math
import os
from typing import Annotated

import torch

from snippets._domains import Domain


class DeviceDomain(Domain):
    """None (CUDA when available, else the CPU), or a str or torch.device naming the CPU or an
    available CUDA device; returned as a torch.device."""

    def check(self, name, device):
        if device is None:
            return torch.device("cuda" if torch.cuda.is_available() else "cpu")
        if isinstance(device, bool) or not isinstance(device, (str, torch.device)):
            raise ValueError(f"{name} must be None, a str or a torch.device, got {device!r}")
        try:
            device = torch.device(device)
        except (RuntimeError, ValueError) as err:
            raise ValueError(f"{name} {device!r} is not a torch device ({err})") from None
        if device.type not in ("cpu", "cuda"):
            raise ValueError(f"{name} must be a CPU or CUDA device, got {device}")
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"{name} {device} is not available (torch.cuda.is_available() is False)")
        return device


Device = Annotated[torch.device, DeviceDomain()]


@contextlib.contextmanager
def deterministic(device):
    """torch.use_deterministic_algorithms for the duration of a run, restored afterwards."""
    was = torch.are_deterministic_algorithms_enabled()
    warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    if device.type == "cuda":
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # cuBLAS needs it to be deterministic
    torch.use_deterministic_algorithms(True, warn_only=device.type == "cuda")
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(was, warn_only=warn_only)


def logistic_loss_bits(logits, y):
    """The surrogate loss of the authors' code (snn/core/network.py, logistic_loss), in bits:
    log2(1 + exp(-y_pm * f)) with y_pm = 2 y - 1, an upper bound on the 0-1 loss (equality of
    bound and loss at f = 0). softplus(-y_pm f) is log(1 + exp(-y_pm f)) without overflow."""
    return torch.nn.functional.softplus(-(2.0 * y - 1.0) * logits) / math.log(2.0)
