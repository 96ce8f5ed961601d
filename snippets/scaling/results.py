"""The committed results of ``python -m snippets.scaling``, read back for the chapter.

``python -m snippets.scaling --mode full`` (``nox -s scaling``) writes ``results/scaling-full.json``;
the chapter shows its numbers through ``{{= scaling:result(...) }}`` and, for the resampling
checks of the fitted exponent, ``{{= scaling:exponent(...) }}``, so no measured number is typed by
hand. The suite regenerates the quick file and checks that the fit of each committed file
follows from its per-size losses.
"""

import functools

import numpy as np

from snippets._domains import Index, Integer, IsA, Maybe, OneOf, checked
from snippets._results import RESULTS_DIR, finite_number, read_results
from snippets.scaling.laws import bootstrap_power_law, fit_power_law, leave_one_out_power_law

MODES = ("quick", "full")
# result(key) without ``size``: where each summary number comes from in the results file.
SUMMARY = {
    "alpha": ("fit", "alpha"), "alpha_se": ("fit", "alpha_se"),
    "E": ("fit", "E"), "E_se": ("fit", "E_se"), "E_bits": ("fit", "E_bits"), "E_bits_se": ("fit", "E_bits_se"),
    "a": ("fit", "a"), "a_se": ("fit", "a_se"),
    "wall_seconds": ("wall_seconds",), "tokens_per_model": ("tokens_per_model",),
    "unigram_bits": ("corpus", "unigram_cross_entropy_bits"),
    "unigram_entropy_bits": ("corpus", "validation_unigram_entropy_bits"),
    "train_characters": ("corpus", "train_characters"),
    "validation_characters": ("corpus", "validation_characters"),
}
# exponent(key): the fitted alpha checked by resampling the committed points, and without a floor.
EXPONENT_KEYS = ("bootstrap_low", "bootstrap_high", "leave_one_out_low", "leave_one_out_high",
                 "without_smallest", "without_smallest_shift", "no_floor")
BOOTSTRAP_RESAMPLES, BOOTSTRAP_LEVEL, BOOTSTRAP_SEED = 2000, 0.95, 0
DERIVED = ("n_sizes", "bits_smallest", "bits_largest", "n_params_smallest", "n_params_largest", "wall_minutes")


def _results_file(mode):
    return RESULTS_DIR / f"scaling-{mode}.json"


@checked
def load_results(mode: OneOf(*MODES) = "full"):
    """The dict ``python -m snippets.scaling --mode <mode>`` wrote; a missing or malformed file is a
    ValueError naming it (run ``nox -s scaling`` to write it)."""
    path = _results_file(mode)
    data = read_results(path, f"mode {mode!r}", "nox -s scaling")
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list) or not isinstance(data.get("fit"), dict):
        raise ValueError(f"results file {path} has no 'rows' list and 'fit' table")
    return data


@checked
def result(key: IsA(str, "a string"), size: Maybe(Index) = None, mode: OneOf(*MODES) = "full"):
    """One number of the scaling results.

    Without ``size``: a summary, one of ``SUMMARY`` (the fit alpha, alpha_se, E, E_se, E_bits,
    E_bits_se, a, a_se in nats per character unless named _bits; wall_seconds; tokens_per_model;
    the unigram baselines unigram_bits and unigram_entropy_bits; the corpus sizes) or of
    ``DERIVED`` (n_sizes, bits_smallest and bits_largest: the validation bits per character of the
    smallest and largest model, n_params_smallest, n_params_largest, wall_minutes).
    With ``size`` (an index into the sizes, smallest first; -1 is the largest): a column of that
    row, e.g. "n_params", "val_loss", "val_bits_per_char", "train_bits_per_char", "wall_seconds".
    """
    data = load_results(mode)
    rows = data["rows"]
    where = str(_results_file(mode))
    if size is not None:
        if not -len(rows) <= size < len(rows):
            raise ValueError(f"size must be an index into the {len(rows)} sizes, got {size}")
        row = rows[size]
        if key not in row:
            raise ValueError(f"key {key!r} is not a column of the rows of {where}; they have {sorted(row)}")
        return finite_number(key, row[key], where)
    if key in SUMMARY:
        value = data
        for part in SUMMARY[key]:
            value = value.get(part) if isinstance(value, dict) else None
        return finite_number(key, value, where)
    if key not in DERIVED:
        raise ValueError(f"key must be one of {sorted(SUMMARY) + list(DERIVED)}, or a column with size=, got {key!r}")
    if key == "n_sizes":
        return Integer(1).check("n_sizes", len(rows))
    if key == "wall_minutes":
        return finite_number("wall_seconds", data.get("wall_seconds"), where) / 60.0
    row = rows[0] if key.endswith("smallest") else rows[-1]
    column = "val_bits_per_char" if key.startswith("bits") else "n_params"
    return finite_number(key, row.get(column), where)


@functools.cache
def _exponents(sizes, losses, kind):
    """The numbers of ``exponent`` of one kind for one set of points (tuples: computed once)."""
    sizes, losses = np.array(sizes), np.array(losses)
    if kind == "bootstrap":
        boot = bootstrap_power_law(sizes, losses, BOOTSTRAP_RESAMPLES, BOOTSTRAP_LEVEL, BOOTSTRAP_SEED)
        return {"bootstrap_low": boot["low"], "bootstrap_high": boot["high"]}
    if kind == "leave_one_out":
        fit, loo = fit_power_law(sizes, losses), leave_one_out_power_law(sizes, losses)
        return {"leave_one_out_low": loo["low"], "leave_one_out_high": loo["high"],
                "without_smallest": float(loo["alphas"][0]),
                "without_smallest_shift": float((loo["alphas"][0] - fit["alpha"]) / fit["alpha_se"])}
    pure = fit_power_law(sizes, losses, irreducible=False)
    return {"no_floor": pure["alpha"]}


@checked
def exponent(key: OneOf(*EXPONENT_KEYS), mode: OneOf(*MODES) = "full"):
    """The measured exponent alpha looked at from other sides, from the committed per-size losses.

    "bootstrap_low", "bootstrap_high": the 95% percentile interval of a residual bootstrap of the
    fit (``bootstrap_power_law``, 2,000 resamples, seed 0); "leave_one_out_low",
    "leave_one_out_high": the smallest and largest alpha of the refits with one size left out
    (``leave_one_out_power_law``); "without_smallest": alpha refitted without the smallest model,
    and "without_smallest_shift": how far that moves it, in standard errors of the full fit;
    "no_floor": alpha of the pure power law L = a N^-alpha (E = 0: Kaplan et al.'s form) fitted to
    the same points. Each kind is computed once per process (the bootstrap refits 2,000 times:
    about a second; the others take well under one), and the site's build caches the values.
    """
    rows = load_results(mode)["rows"]
    where = str(_results_file(mode))
    sizes = tuple(finite_number("n_params", row.get("n_params"), where) for row in rows)
    losses = tuple(finite_number("val_loss", row.get("val_loss"), where) for row in rows)
    kind = "bootstrap" if key.startswith("bootstrap") else "no_floor" if key == "no_floor" else "leave_one_out"
    return _exponents(sizes, losses, kind)[key]
