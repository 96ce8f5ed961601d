"""Data of the compression chapter's figures (drawn at build time by sitebuild/figures.py)."""

from snippets.compression.results import load_results


def tradeoff_figure():
    """Code length against error for the digits network pruned to the best width: for each codebook
    size k (one point per k, from results/compression-full.json) the training error, the test error
    and Occam's bound of the decoded network; the dotted line is the Dziugaite & Roy bound on the
    same data (results/dziugaite-digits-full.json, stored beside). The series names are English words;
    a translation names them with the fence's ``series=``."""
    data = load_results("full")
    width = data["digits"]["best"]["width"]
    rows = sorted((row for row in data["digits"]["rows"] if row["width"] == width), key=lambda r: r["code_bits"])
    bits = [row["code_bits"] for row in rows]
    return {
        "x": bits,
        "series": {
            "Occam": [row["occam_bound"] for row in rows],
            "test": [row["test_error"] for row in rows],
            "train": [row["train_error"] for row in rows],
        },
        "hline": data["dziugaite_roy"]["pac_bayes_bound"],
        "ylim": (0.0, 0.8),
        "legend": "lower left",
    }
