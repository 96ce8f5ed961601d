"""The command line the experiments share (``python -m snippets.scaling``, ``snippets.compression``):
the mode, the seed, the device, torch's thread count, where the results go, progress bars or not."""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from snippets._results import RESULTS_DIR


def experiment_parser(prog: str, modes: tuple[str, ...]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--mode", choices=list(modes), default="full")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", help="cpu or cuda (default: cuda when available)")
    parser.add_argument("--threads", type=int, help="torch.set_num_threads (default: torch's, e.g. OMP_NUM_THREADS)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR)
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    return parser


def parse_experiment_args(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """The arguments, torch's thread count set first when ``--threads`` gives one (>= 1)."""
    args = parser.parse_args(argv)
    if args.threads is not None:
        if args.threads < 1:
            parser.error("--threads must be >= 1")
        torch.set_num_threads(args.threads)
    return args
