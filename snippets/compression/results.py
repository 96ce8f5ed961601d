"""The committed results of ``python -m snippets.compression``, read back for the chapter.

``python -m snippets.compression --mode full`` writes ``results/compression-full.json``; the chapter
shows its numbers through ``{{= compression:result(...) }}`` and its trade-off tables through
``{{= compression:tradeoff(...) }}``, so no measured number is typed by hand. The suite checks that
every bound in a committed file follows from the numbers stored beside it, and decodes the stored
codes of the digits networks to measure their errors again.
"""

from snippets._domains import Count, IsA, Maybe, OneOf, checked
from snippets._results import RESULTS_DIR, finite_number, read_results

MODES = ("quick", "full")
SECTIONS = ("digits", "language_model")
# result(key, section): where each number is in the results file
KEYS = {
    "digits": {
        **{key: ("digits", "best", key) for key in (
            "width", "k", "code_bits", "n_weights", "train_errors", "train_error", "test_error", "occam_bound",
            "occam_binomial_bound", "pointmass_pac_bayes_bound")},
        "m": ("digits", "m"), "n_test": ("digits", "n_test"), "delta": ("digits", "delta"),
        "trained_n_weights": ("digits", "trained", "n_weights"),
        "trained_train_error": ("digits", "trained", "train_error"),
        "trained_test_error": ("digits", "trained", "test_error"),
        "float32_bits": ("digits", "trained", "float32_bits"),
        "float32_occam_bound": ("digits", "trained", "float32_occam_bound"),
        "dziugaite_roy_bound": ("dziugaite_roy", "pac_bayes_bound"),
        "dziugaite_roy_snn_test_error": ("dziugaite_roy", "snn_test_error"),
        "dziugaite_roy_kl": ("dziugaite_roy", "kl"),
        "wall_seconds": ("digits", "wall_seconds"),
    },
    "language_model": {
        "k": ("language_model", "best", "k"), "code_bits": ("language_model", "best", "code_bits"),
        "train_bits_per_char": ("language_model", "best", "train", "bits_per_char"),
        "val_bits_per_char": ("language_model", "best", "validation", "bits_per_char"),
        "val_raw_bits_per_char": ("language_model", "best", "validation", "raw_bits_per_char"),
        "bound_bits_per_char": ("language_model", "best", "bound_bits_per_char"),
        "bound_minus_uniform": ("language_model", "best", "bound_minus_uniform"),
        "windows_needed": ("language_model", "best", "windows_needed"),
        "windows": ("language_model", "best", "train", "windows"),
        "alpha": ("language_model", "alpha"), "delta": ("language_model", "delta"),
        "loss_width": ("language_model", "loss_width"),
        "uniform_bits_per_char": ("language_model", "uniform_bits_per_char"),
        "n_weights": ("language_model", "reference", "n_weights"),
        "n_params": ("language_model", "reference", "n_params"),
        "float32_bits": ("language_model", "float32", "code_bits"),
        "float32_train_bits_per_char": ("language_model", "float32", "train", "bits_per_char"),
        "float32_val_bits_per_char": ("language_model", "float32", "validation", "bits_per_char"),
        "float32_val_raw_bits_per_char": ("language_model", "float32", "validation", "raw_bits_per_char"),
        "float32_bound_bits_per_char": ("language_model", "float32", "bound_bits_per_char"),
        "wall_seconds": ("language_model", "wall_seconds"),
    },
}
# tradeoff(key, k, ...): the columns of a trade-off row
COLUMNS = {
    "digits": {key: (key,) for key in ("code_bits", "train_errors", "train_error", "test_error", "occam_bound",
                                       "occam_binomial_bound", "pointmass_pac_bayes_bound", "n_weights")},
    "language_model": {"code_bits": ("code_bits",), "train_bits_per_char": ("train", "bits_per_char"),
                       "val_bits_per_char": ("validation", "bits_per_char"),
                       "val_raw_bits_per_char": ("validation", "raw_bits_per_char"),
                       "bound_bits_per_char": ("bound_bits_per_char",),
                       "bound_minus_uniform": ("bound_minus_uniform",), "windows_needed": ("windows_needed",)},
}


def _results_file(mode):
    return RESULTS_DIR / f"compression-{mode}.json"


def _walk(data, path, key, where):
    value = data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return finite_number(key, value, where)


@checked
def load_results(mode: OneOf(*MODES) = "full"):
    """The dict ``python -m snippets.compression --mode <mode>`` wrote; a missing or malformed file
    is a ValueError naming it (run ``python -m snippets.compression`` to write it)."""
    path = _results_file(mode)
    data = read_results(path, f"mode {mode!r}", "python -m snippets.compression")
    if not isinstance(data, dict) or not all(isinstance(data.get(s), dict) for s in SECTIONS):
        raise ValueError(f"results file {path} has no 'digits' and 'language_model' tables")
    return data


@checked
def result(key: IsA(str, "a string"), section: OneOf(*SECTIONS) = "digits", mode: OneOf(*MODES) = "full"):
    """One number of the compression results: ``key`` of ``section`` (``KEYS``).

    "digits": the best compressed network's width, k, code_bits, train_error, test_error,
    occam_bound (and its binomial and point-mass PAC-Bayes forms), m, delta; the trained network's
    trained_train_error, trained_test_error, float32_bits, float32_occam_bound; the Dziugaite & Roy
    chapter's dziugaite_roy_bound, dziugaite_roy_snn_test_error, dziugaite_roy_kl.
    "language_model": the best quantized transformer's k, code_bits, train_bits_per_char,
    val_bits_per_char (smoothed), val_raw_bits_per_char, bound_bits_per_char, bound_minus_uniform,
    windows_needed, windows (m); alpha, delta, loss_width, uniform_bits_per_char, n_weights,
    n_params; the unquantized model's float32_* numbers.
    """
    if key not in KEYS[section]:
        raise ValueError(f"key must be one of {sorted(KEYS[section])} for section {section!r}, got {key!r}")
    return _walk(load_results(mode), KEYS[section][key], key, str(_results_file(mode)))


@checked
def tradeoff(
    key: IsA(str, "a string"), k: Count, width: Maybe(Count) = None, section: OneOf(*SECTIONS) = "digits",
    mode: OneOf(*MODES) = "full",
):
    """One cell of a trade-off table: column ``key`` (``COLUMNS``) of the row with codebook size ``k``
    (and, for the digits, ``width`` hidden units; None: the best row's width)."""
    if key not in COLUMNS[section]:
        raise ValueError(f"key must be one of {sorted(COLUMNS[section])} for section {section!r}, got {key!r}")
    data = load_results(mode)[section]
    where = str(_results_file(mode))
    if section == "language_model" and width is not None:
        raise ValueError("width must be None for the language model (it has no width grid)")
    if section == "digits" and width is None:
        width = data.get("best", {}).get("width")
    widths = sorted({row.get("width") for row in data.get("rows", [])}, key=str)
    if width not in widths:
        raise ValueError(f"width must be one of the widths {widths} of {where}, got {width}")
    rows = [row for row in data.get("rows", []) if row.get("k") == k and row.get("width") == width]
    if not rows:
        ks = sorted({row.get("k") for row in data.get("rows", [])})
        raise ValueError(f"k must be one of the codebook sizes {ks} of {where}, got {k}")
    return _walk(rows[0], COLUMNS[section][key], key, where)
