"""``python -m snippets.dziugaite`` (``nox -s reproduce``): recompute the chapter's results table.

Runs the true-label network and the random-label control (the paper's T-600 and R-600 columns)
and writes ``results/dziugaite-<dataset>-<mode>.json``; the chapter's table reads that file.

    python -m snippets.dziugaite                      # digits, full mode (a few minutes on 2 cores)
    python -m snippets.dziugaite --mode quick
    python -m snippets.dziugaite --mnist ~/data/mnist # the paper's binary MNIST, from IDX files
"""

from __future__ import annotations

import argparse
from pathlib import Path

from snippets._results import RESULTS_DIR as RESULTS
from snippets._results import write_results
from snippets.dziugaite.experiment import run

COLUMNS = ["train_error", "test_error", "snn_train_error", "snn_test_error", "pac_bayes_bound", "kl",
           "vc_bound", "n_params", "m", "lambda", "j", "mc_samples", "wall_seconds"]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m snippets.dziugaite")
    parser.add_argument("--mode", choices=["quick", "full"], default="full")
    parser.add_argument("--mnist", metavar="DIR", help="directory with the four MNIST IDX files (.gz or not)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", help="cpu or cuda (default: cuda when available)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    dataset = "mnist" if args.mnist else "digits"
    common = {"dataset": dataset, "mnist_path": args.mnist, "mode": args.mode, "seed": args.seed,
              "device": args.device, "progress": True}
    rows = {"true labels": run(**common), "random labels": run(**common, random_labels=True)}
    result = {"dataset": dataset, "mode": args.mode, "seed": args.seed, "rows": rows}
    target = write_results(result, args.out, f"dziugaite-{dataset}-{args.mode}.json")
    print(f"{'':22s}" + "".join(f"{name:>16s}" for name in rows))
    for column in COLUMNS:
        print(f"{column:22s}" + "".join(f"{rows[name].get(column, float('nan')):>16.4g}" for name in rows))
    print(f"written: {target}")
    return result


if __name__ == "__main__":
    main()
