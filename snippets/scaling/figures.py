"""Data of the scaling-law figures (drawn at build time by sitebuild/figures.py)."""

import math

import numpy as np

from snippets.scaling.laws import compute_optimal
from snippets.scaling.results import load_results


def _committed():
    """The committed full results, or the quick ones when the full file is missing."""
    try:
        return load_results("full")
    except ValueError:
        return load_results("quick")


def loss_vs_params_figure():
    """Measured validation loss (bits per character) against non-embedding parameters, with the fit.

    Points: the models of the committed run (results/scaling-full.json, else -quick.json). Line:
    the fitted E + a N^-alpha, converted to bits, on a grid from half the smallest to twice the
    largest size. The dotted line is the fitted E, the loss an unbounded model would reach with the
    same data and schedule. Both axes logarithmic. Series names are formulas, the same in every
    language.
    """
    data = _committed()
    fit = data["fit"]
    sizes = [row["n_params"] for row in data["rows"]]
    grid = np.geomspace(sizes[0] / 2, sizes[-1] * 2, 61)
    curve = (fit["E"] + fit["a"] * grid ** -fit["alpha"]) / math.log(2)
    return {
        "x": grid,
        "xlog": True,
        "ylog": True,
        "series": {"E + a·N⁻ᵅ": curve},
        "points": {"L(N)": {"x": sizes, "y": [row["val_bits_per_char"] for row in data["rows"]]}},
        "hline": fit["E_bits"],
        "ylim": (0.5, 5.0),  # room for the fitted floor E below the measured points
        "legend": "lower left",  # the upper left corner holds the smallest models' points
    }


def chinchilla_allocation_figure():
    """Compute-optimal parameters N_opt and tokens D_opt against the compute C = 6ND (FLOPs), from
    Chinchilla's published Approach 3 constants (``compute_optimal``); both axes logarithmic. On
    log axes they are straight lines of slopes a = beta/(alpha+beta) and b = alpha/(alpha+beta)."""
    compute = np.geomspace(1e18, 1e26, 41)
    best = [compute_optimal(c) for c in compute]
    return {
        "x": compute,
        "xlog": True,
        "ylog": True,
        "series": {"N_opt": [b["n_params"] for b in best], "D_opt": [b["n_tokens"] for b in best]},
    }
