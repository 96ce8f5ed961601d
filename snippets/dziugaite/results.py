"""The committed results of ``nox -s reproduce``, read back for the chapter's table.

``python -m snippets.dziugaite`` writes ``results/dziugaite-<dataset>-<mode>.json``; the chapter
shows its numbers through ``{{= dziugaite:result(...) }}``, so no number in the table is typed by
hand. The suite recomputes the quick file and checks that every derived number of the full file
(sample-convergence bound, final bound, VC bound) follows from its primary numbers.
"""


from snippets._domains import IsA, OneOf, checked
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
