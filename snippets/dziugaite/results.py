"""The committed results of ``nox -s reproduce``, read back for the chapter's table.

``python -m snippets.dziugaite`` writes ``results/dziugaite-<dataset>-<mode>.json``; the chapter
shows its numbers through ``{{= dziugaite:result(...) }}``, so no number in the table is typed by
hand. The suite recomputes the quick file and checks that every derived number of the full file
(sample-convergence bound, final bound, VC bound) follows from its primary numbers.

The prior-scale grid (``prior_scale.run_scale_grid``) is read the same way, from
``results/dziugaite-<dataset>-scales-<mode>.json``, by ``scale_grid_result``.
"""

import math

from snippets._domains import IsA, Maybe, OneOf, Positive, checked
from snippets._results import RESULTS_DIR, finite_number, read_results

ROWS = ("true labels", "random labels")
MODES = ("quick", "full")
DATASETS = ("digits", "mnist")


def _results_file(dataset, mode):
    """Path of the results file ``nox -s reproduce`` writes for ``dataset`` and ``mode`` (both checked)."""
    return RESULTS_DIR / f"dziugaite-{dataset}-{mode}.json"


@checked
def load_results(dataset: OneOf(*DATASETS) = "digits", mode: OneOf(*MODES) = "full"):
    """The dict ``python -m snippets.dziugaite`` wrote; a missing or malformed file is a ValueError
    naming it (run ``nox -s reproduce`` to write it)."""
    path = _results_file(dataset, mode)
    data = read_results(path, f"dataset {dataset!r}, mode {mode!r}", "nox -s reproduce")
    if not isinstance(data, dict) or not isinstance(data.get("rows"), dict):
        raise ValueError(f"results file {path} has no 'rows' table")
    return data


@checked
def result(
    key: IsA(str, "a string"), row: OneOf(*ROWS) = "true labels", mode: OneOf(*MODES) = "full",
    dataset: OneOf(*DATASETS) = "digits",
):
    """One number of the results table: ``key`` (e.g. "pac_bayes_bound", "kl") of ``row``
    ("true labels" or "random labels", the paper's T- and R- columns)."""
    data = load_results(dataset, mode)
    values = data["rows"].get(row)
    if not isinstance(values, dict):
        raise ValueError(f"row {row!r} is missing from {_results_file(dataset, mode)}")
    if key not in values:
        raise ValueError(f"key {key!r} is not in {row!r} of {_results_file(dataset, mode)}; "
                         f"it has {sorted(values)}")
    return finite_number(key, values[key], repr(row))


def _scale_grid_file(dataset, mode):
    """Path of the file ``python -m snippets.dziugaite --scales`` writes (``prior_scale.run_scale_grid``)."""
    return RESULTS_DIR / f"dziugaite-{dataset}-scales-{mode}.json"


@checked
def load_scale_grid(dataset: OneOf(*DATASETS) = "digits", mode: OneOf(*MODES) = "quick"):
    """The dict ``python -m snippets.dziugaite --scales`` wrote: the scales c_k tried, the total
    delta and delta', and one row of ``run`` per scale; a missing or malformed file is a ValueError
    naming it. Only quick mode is committed (five full runs take about 12 minutes on 2 cores)."""
    path = _scale_grid_file(dataset, mode)
    data = read_results(path, f"dataset {dataset!r}, mode {mode!r} (prior scales)",
                        "nox -s reproduce -- --scales")
    if not isinstance(data, dict) or not isinstance(data.get("scales"), list) or not isinstance(data.get("runs"), list):
        raise ValueError(f"results file {path} has no 'scales' and 'runs' lists")
    if len(data["scales"]) != len(data["runs"]) or not data["runs"]:
        raise ValueError(f"results file {path}: {len(data['scales'])} scales but {len(data['runs'])} runs")
    return data


@checked
def scale_grid_result(
    key: IsA(str, "a string"), c: Maybe(Positive) = None, mode: OneOf(*MODES) = "quick",
    dataset: OneOf(*DATASETS) = "digits",
):
    """One number of the prior-scale grid: ``key`` (e.g. "pac_bayes_bound", "lambda", "j") of the
    run whose grid starts at ``c``, or with ``c=None`` of the run with the smallest bound (the one
    kept; ``prior_scale.scale_grid_bound``)."""
    data = load_scale_grid(dataset, mode)
    path = _scale_grid_file(dataset, mode)
    if c is None:
        bounds = [finite_number("pac_bayes_bound", r.get("pac_bayes_bound"), path.name) for r in data["runs"]]
        row = data["runs"][bounds.index(min(bounds))]
    elif c in data["scales"]:
        row = data["runs"][data["scales"].index(c)]
    else:
        raise ValueError(f"c must be one of the scales {data['scales']} in {path}, got {c}")
    if key not in row:
        raise ValueError(f"key {key!r} is not in the run with c = {row.get('c')} of {path}; it has {sorted(row)}")
    return finite_number(key, row[key], f"the run with c = {row.get('c')}")


@checked
def scale_grid_price(mode: OneOf(*MODES) = "quick", dataset: OneOf(*DATASETS) = "digits"):
    """ln K, in nats: what choosing one of the file's K scales adds to the KL (``scale_grid_bound``)."""
    return math.log(len(load_scale_grid(dataset, mode)["scales"]))
