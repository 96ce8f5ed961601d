"""The chapter's measurements in one run: Occam's bound for the digits network and for the transformer.

``run`` calls ``digits.run_digits`` and ``language_model.run_language_model`` and puts beside them
what the other chapters measured on the same models (read from their committed results): the
Dziugaite & Roy bound on the digits network and the scaling chapter's validation loss of the
transformer, which the retrained model must reproduce.
"""

import platform
import sys
import time

import numpy as np
import scipy
import torch

from snippets._domains import Bool, OneOf, Seed, checked
from snippets._torch import Device
from snippets.compression.digits import SETTINGS as DIGITS_SETTINGS
from snippets.compression.digits import run_digits
from snippets.compression.language_model import run_language_model
from snippets.dziugaite.results import load_results as load_dziugaite
from snippets.scaling.results import load_results as load_scaling

MODES = tuple(DIGITS_SETTINGS)  # smoke, quick, full
DZIUGAITE_KEYS = ("pac_bayes_bound", "kl", "snn_train_error", "snn_test_error", "train_error", "test_error", "m",
                  "delta", "delta_prime", "n_params")


def _dziugaite_roy():
    """The true-label row of results/dziugaite-digits-full.json: the same network, bounded by PAC-Bayes."""
    row = load_dziugaite("digits", "full")["rows"]["true labels"]
    return {key: row[key] for key in DZIUGAITE_KEYS}


def _scaling_reference(mode):
    """The scaling chapter's largest model of ``mode`` (quick or full): its validation loss in nats."""
    if mode == "smoke":
        return None
    row = load_scaling(mode)["rows"][-1]
    return {key: row[key] for key in ("n_layers", "d_model", "n_heads", "n_params", "val_loss", "val_bits_per_char")}


# --8<-- [start:run]
@checked
def run(mode: OneOf(*MODES) = "quick", seed: Seed = 0, device: Device = None, progress: Bool = True):
    """Both measurements of the chapter; returns the dict ``python -m snippets.compression`` writes.

    "digits": ``run_digits`` (Occam's bound for the pruned, quantized, coded digits network, and
    the trade-off over widths and codebook sizes); "dziugaite_roy": the PAC-Bayes bound of the
    Dziugaite & Roy chapter on the same data split and network (results/dziugaite-digits-full.json);
    "language_model": ``run_language_model`` (Occam's bound on the smoothed bits per character of
    the scaling chapter's largest transformer); "scaling_reference": the scaling chapter's own
    numbers for that model (results/scaling-<mode>.json). ``mode``: "full" (2.5 minutes on 2
    CPU cores, most of it training the transformer), "quick" (20 s) or "smoke" (seconds,
    tiny settings, for the tests). ``device=None`` uses CUDA when available.
    """
    start = time.perf_counter()
    digits = run_digits(mode, seed, device, progress)
    language_model = run_language_model(mode, seed, device, progress)
    return {
        "mode": mode, "seed": seed, "device": str(device), "threads": torch.get_num_threads(),
        "digits": digits, "dziugaite_roy": _dziugaite_roy(),
        "language_model": language_model, "scaling_reference": _scaling_reference(mode),
        "versions": {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__,
                     "scipy": scipy.__version__, "implementation": sys.implementation.name},
        "wall_seconds": time.perf_counter() - start,
    }
# --8<-- [end:run]
