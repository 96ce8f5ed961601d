"""The committed results of ``python -m snippets.scaling``, read back for the chapter.

``python -m snippets.scaling --mode full`` (``nox -s scaling``) writes ``results/scaling-full.json``;
the chapter shows its numbers through ``{{= scaling:result(...) }}``, so no measured number is
typed by hand. The suite regenerates the quick file and checks that the fit of each committed file
follows from its per-size losses.
"""

from snippets._domains import Index, Integer, IsA, Maybe, OneOf, checked
from snippets._results import RESULTS_DIR, finite_number, read_results

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
