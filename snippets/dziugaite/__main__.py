"""``python -m snippets.dziugaite`` (``nox -s reproduce``): recompute the chapter's results table.

Runs the true-label network and the random-label control (the paper's T-600 and R-600 columns)
and writes ``results/dziugaite-<dataset>-<mode>.json``; the chapter's table reads that file.

    python -m snippets.dziugaite                      # digits, full mode (a few minutes on 2 cores)
    python -m snippets.dziugaite --mode quick
    python -m snippets.dziugaite --mnist ~/data/mnist # the paper's binary MNIST, from IDX files
    python -m snippets.dziugaite --scales             # true labels once per prior scale c of SCALE_GRID

``--scales`` writes ``results/dziugaite-<dataset>-scales-<mode>.json`` (``prior_scale.run_scale_grid``:
the grid's top c chosen for the data, paid for by a union bound over the scales).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from snippets._results import RESULTS_DIR as RESULTS
from snippets._results import write_results
from snippets.dziugaite.experiment import run
from snippets.dziugaite.prior_scale import run_scale_grid

COLUMNS = ["train_error", "test_error", "snn_train_error", "snn_test_error", "pac_bayes_bound", "kl",
           "vc_bound", "n_params", "m", "lambda", "j", "mc_samples", "wall_seconds"]
SCALE_COLUMNS = ["lambda", "j", "kl", "snn_train_error", "snn_train_error_bound", "pac_bayes_bound", "wall_seconds"]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m snippets.dziugaite")
    parser.add_argument("--mode", choices=["quick", "full"], default="full")
    parser.add_argument("--mnist", metavar="DIR", help="directory with the four MNIST IDX files (.gz or not)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", help="cpu or cuda (default: cuda when available)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--scales", action="store_true",
                        help="run true labels once per prior scale c of prior_scale.SCALE_GRID, paying ln K")
    args = parser.parse_args(argv)
    dataset = "mnist" if args.mnist else "digits"
    common = {"dataset": dataset, "mnist_path": args.mnist, "mode": args.mode, "seed": args.seed,
              "device": args.device, "progress": True}
    if args.scales:
        return _scales(common, args.out)
    rows = {"true labels": run(**common), "random labels": run(**common, random_labels=True)}
    result = {"dataset": dataset, "mode": args.mode, "seed": args.seed, "rows": rows}
    target = write_results(result, args.out, f"dziugaite-{dataset}-{args.mode}.json")
    print(f"{'':22s}" + "".join(f"{name:>16s}" for name in rows))
    for column in COLUMNS:
        print(f"{column:22s}" + "".join(f"{rows[name].get(column, float('nan')):>16.4g}" for name in rows))
    print(f"written: {target}")
    return result


def _scales(common: dict, out: Path) -> dict:
    grid = run_scale_grid(**common)
    result = {"dataset": common["dataset"], "mode": common["mode"], "seed": common["seed"], **grid}
    target = write_results(result, out, f"dziugaite-{common['dataset']}-scales-{common['mode']}.json")
    print(f"{'c':>8s}" + "".join(f"{column:>14s}" for column in SCALE_COLUMNS))
    for c, row in zip(grid["scales"], grid["runs"], strict=True):
        print(f"{c:8g}" + "".join(f"{row[column]:>14.4g}" for column in SCALE_COLUMNS))
    print(f"written: {target}")
    return result


if __name__ == "__main__":
    main()
