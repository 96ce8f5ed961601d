"""The committed results of ``nox -s reproduce``, read back for the chapter's table.

``python -m snippets.dziugaite`` writes ``results/dziugaite-<dataset>-<mode>.json``; the chapter
shows its numbers through ``{{= dziugaite:result(...) }}``, so no number in the table is typed by
hand. The suite recomputes the quick file and checks that every derived number of the full file
(sample-convergence bound, final bound, VC bound) follows from its primary numbers.
"""

from snippets._results import RESULTS_DIR, finite_number, read_results

ROWS = ("true labels", "random labels")
MODES = ("quick", "full")
DATASETS = ("digits", "mnist")


def _results_file(dataset, mode):
    """Path of the results file ``nox -s reproduce`` writes for ``dataset`` and ``mode``."""
    if not isinstance(dataset, str):
        raise ValueError(f"dataset must be a string, got {dataset!r}")
    if not isinstance(mode, str):
        raise ValueError(f"mode must be a string, got {mode!r}")
    if dataset not in DATASETS:
        raise ValueError(f"dataset must be one of {DATASETS}, got {dataset!r}")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    return RESULTS_DIR / f"dziugaite-{dataset}-{mode}.json"


def load_results(dataset="digits", mode="full"):
    """The dict ``python -m snippets.dziugaite`` wrote; a missing or malformed file is a ValueError
    naming it (run ``nox -s reproduce`` to write it)."""
    path = _results_file(dataset, mode)
    data = read_results(path, f"dataset {dataset!r}, mode {mode!r}", "nox -s reproduce")
    if not isinstance(data, dict) or not isinstance(data.get("rows"), dict):
        raise ValueError(f"results file {path} has no 'rows' table")
    return data


def result(key, row="true labels", mode="full", dataset="digits"):
    """One number of the results table: ``key`` (e.g. "pac_bayes_bound", "kl") of ``row``
    ("true labels" or "random labels", the paper's T- and R- columns)."""
    if not isinstance(key, str):
        raise ValueError(f"key must be a string, got {key!r}")
    if not isinstance(row, str):
        raise ValueError(f"row must be a string, got {row!r}")
    if row not in ROWS:
        raise ValueError(f"row must be one of {ROWS}, got {row!r}")
    data = load_results(dataset, mode)
    values = data["rows"].get(row)
    if not isinstance(values, dict):
        raise ValueError(f"row {row!r} is missing from {_results_file(dataset, mode)}")
    if key not in values:
        raise ValueError(f"key {key!r} is not in {row!r} of {_results_file(dataset, mode)}; "
                         f"it has {sorted(values)}")
    return finite_number(key, values[key], repr(row))
