"""Each public function of the snippets package rejects bad arguments with a ValueError naming them.

The table below has a valid call per function and rows that each spoil one argument. The
completeness tests discover every public function of every module of ``snippets`` (except the
worked examples in ``snippets.examples`` and private ``_`` names), so a new chapter's functions fail
here until they have rows.
"""

import importlib
import inspect
import math
import numbers
import pkgutil
import re

import numpy as np
import pytest
import torch

import snippets
import snippets.dziugaite as dz
import snippets.fisher as fi
import snippets.mdl as mdl
import snippets.pacbayes as pb
import snippets.scaling as sc
import snippets.transformers as tf

NAN = math.nan

# A valid call for each public function; each row below changes exactly one argument.
VALID = {
    pb.binary_kl: {"q": 0.1, "p": 0.2},
    pb.kl_inverse: {"q": 0.1, "c": 0.5},
    pb.kl_diag_gaussians: {
        "mu_q": [0.0, 1.0], "sigma_q": [1.0, 2.0], "mu_p": [0.0, 0.0], "sigma_p": 1.0,
    },
    pb.mcallester_bound: {"emp_risk": 0.1, "kl": 1.0, "m": 100, "delta": 0.05},
    pb.maurer_kl_bound: {"emp_risk": 0.1, "kl": 1.0, "m": 100, "delta": 0.05},
    pb.catoni_bound: {"emp_risk": 0.1, "kl": 1.0, "m": 100, "delta": 0.05, "C": 1.0},
    pb.mlp_parameter_count: {"layer_sizes": [784, 600, 1]},
    pb.vc_bound: {"emp_risk": 0.1, "vc_dim": 10, "m": 100, "delta": 0.05},
    pb.rademacher_bound: {"emp_risk": 0.1, "rademacher": 0.2, "m": 100, "delta": 0.05},
    pb.empirical_rademacher: {"predictions": np.ones((3, 4)), "sigma": -np.ones((3, 4))},
    pb.fit_random_labels: {
        "x": np.zeros((4, 2)), "sigma": np.array([1.0, -1.0, 1.0, -1.0]),
        "hidden": 4, "steps": 2, "seed": 0,
    },
    pb.bounds_vs_kl: {"emp_risk": 0.1, "m": 100, "delta": 0.05, "kls": [0.0, 1.0], "C": 1.0},
    pb.bounds_vs_m: {"emp_risk": 0.1, "kl": 1.0, "delta": 0.05, "ms": [8, 100], "C": 1.0},
}

# (function, the one bad argument, the name the message must start with, kind of mistake)
ROWS = [
    (pb.binary_kl, {"q": NAN}, "q", "nan"),
    (pb.binary_kl, {"q": 1.5}, "q", "range"),
    (pb.binary_kl, {"p": -0.1}, "p", "range"),
    (pb.binary_kl, {"q": "0.1"}, "q", "type"),
    (pb.binary_kl, {"p": None}, "p", "type"),
    (pb.binary_kl, {"q": True}, "q", "type"),
    (pb.kl_inverse, {"q": NAN}, "q", "nan"),
    (pb.kl_inverse, {"c": NAN}, "c", "nan"),
    (pb.kl_inverse, {"q": 2.0}, "q", "range"),
    (pb.kl_inverse, {"c": -1.0}, "c", "range"),
    (pb.kl_inverse, {"c": "x"}, "c", "type"),
    (pb.kl_diag_gaussians, {"mu_q": [NAN, 0.0]}, "mu_q", "nan"),
    (pb.kl_diag_gaussians, {"sigma_p": NAN}, "sigma_p", "nan"),
    (pb.kl_diag_gaussians, {"sigma_q": [1.0, 0.0]}, "sigma_q", "range"),
    (pb.kl_diag_gaussians, {"sigma_p": -1.0}, "sigma_p", "range"),
    (pb.kl_diag_gaussians, {"mu_q": "ab"}, "mu_q", "type"),
    (pb.kl_diag_gaussians, {"sigma_p": None}, "sigma_p", "type"),
    (pb.kl_diag_gaussians, {"mu_p": [True, False]}, "mu_p", "type"),
    (pb.kl_diag_gaussians, {"sigma_q": [1.0, 2.0, 3.0]}, "sigma_q", "shape"),
    (pb.kl_diag_gaussians, {"mu_p": [0.0]}, "mu_p", "shape"),
    (pb.kl_diag_gaussians, {"sigma_p": [1.0, 1.0, 1.0]}, "sigma_p", "shape"),
    (pb.kl_diag_gaussians, {"mu_q": [[0.0, 1.0]]}, "mu_q", "shape"),
    (pb.mcallester_bound, {"emp_risk": NAN}, "emp_risk", "nan"),
    (pb.mcallester_bound, {"kl": NAN}, "kl", "nan"),
    (pb.mcallester_bound, {"m": NAN}, "m", "nan"),
    (pb.mcallester_bound, {"delta": NAN}, "delta", "nan"),
    (pb.mcallester_bound, {"emp_risk": 1.1}, "emp_risk", "range"),
    (pb.mcallester_bound, {"kl": -1.0}, "kl", "range"),
    (pb.mcallester_bound, {"kl": math.inf}, "kl", "range"),
    (pb.mcallester_bound, {"m": 0}, "m", "range"),
    (pb.mcallester_bound, {"delta": 0.0}, "delta", "range"),
    (pb.mcallester_bound, {"delta": 1.0}, "delta", "range"),
    (pb.mcallester_bound, {"delta": 1.5}, "delta", "range"),
    (pb.mcallester_bound, {"m": 2.5}, "m", "type"),
    (pb.mcallester_bound, {"m": True}, "m", "type"),
    (pb.mcallester_bound, {"m": "100"}, "m", "type"),
    (pb.mcallester_bound, {"delta": None}, "delta", "type"),
    (pb.maurer_kl_bound, {"kl": NAN}, "kl", "nan"),
    (pb.maurer_kl_bound, {"m": 7}, "m", "range"),  # Maurer's theorem needs m >= 8
    (pb.maurer_kl_bound, {"delta": 1.0}, "delta", "range"),
    (pb.maurer_kl_bound, {"emp_risk": "a"}, "emp_risk", "type"),
    (pb.catoni_bound, {"C": NAN}, "C", "nan"),
    (pb.catoni_bound, {"C": 0.0}, "C", "range"),
    (pb.catoni_bound, {"C": -1.0}, "C", "range"),
    (pb.catoni_bound, {"C": math.inf}, "C", "range"),
    (pb.catoni_bound, {"m": 0}, "m", "range"),
    (pb.catoni_bound, {"C": "1"}, "C", "type"),
    (pb.mlp_parameter_count, {"layer_sizes": [784, NAN]}, "layer_sizes", "nan"),
    (pb.mlp_parameter_count, {"layer_sizes": [784, 0, 1]}, "layer_sizes", "range"),
    (pb.mlp_parameter_count, {"layer_sizes": [784, 2.5]}, "layer_sizes", "type"),
    (pb.mlp_parameter_count, {"layer_sizes": [784, True]}, "layer_sizes", "type"),
    (pb.mlp_parameter_count, {"layer_sizes": "784,1"}, "layer_sizes", "type"),
    (pb.mlp_parameter_count, {"layer_sizes": None}, "layer_sizes", "type"),
    (pb.mlp_parameter_count, {"layer_sizes": [784]}, "layer_sizes", "shape"),
    (pb.vc_bound, {"vc_dim": NAN}, "vc_dim", "nan"),
    (pb.vc_bound, {"emp_risk": NAN}, "emp_risk", "nan"),
    (pb.vc_bound, {"vc_dim": 0}, "vc_dim", "range"),
    (pb.vc_bound, {"emp_risk": -0.1}, "emp_risk", "range"),
    (pb.vc_bound, {"m": 0}, "m", "range"),
    (pb.vc_bound, {"delta": 1.0}, "delta", "range"),
    (pb.vc_bound, {"vc_dim": 1.5}, "vc_dim", "type"),
    (pb.vc_bound, {"vc_dim": "10"}, "vc_dim", "type"),
    (pb.rademacher_bound, {"rademacher": NAN}, "rademacher", "nan"),
    (pb.rademacher_bound, {"rademacher": 1.5}, "rademacher", "range"),
    (pb.rademacher_bound, {"rademacher": -0.1}, "rademacher", "range"),
    (pb.rademacher_bound, {"m": 0}, "m", "range"),
    (pb.rademacher_bound, {"delta": 0.0}, "delta", "range"),
    (pb.rademacher_bound, {"rademacher": "0.2"}, "rademacher", "type"),
    (pb.empirical_rademacher, {"sigma": np.full((3, 4), NAN)}, "sigma", "nan"),
    (pb.empirical_rademacher, {"predictions": np.full((3, 4), NAN)}, "predictions", "nan"),
    (pb.empirical_rademacher, {"sigma": np.zeros((3, 4))}, "sigma", "range"),
    (pb.empirical_rademacher, {"predictions": np.full((3, 4), 0.5)}, "predictions", "range"),
    (pb.empirical_rademacher, {"predictions": "a"}, "predictions", "type"),
    (pb.empirical_rademacher, {"sigma": None}, "sigma", "type"),
    (pb.empirical_rademacher, {"predictions": np.ones((3, 5))}, "predictions", "shape"),
    (pb.empirical_rademacher, {"sigma": np.ones(4)}, "sigma", "shape"),
    (pb.fit_random_labels, {"x": np.full((4, 2), NAN)}, "x", "nan"),
    (pb.fit_random_labels, {"sigma": np.array([1.0, NAN, 1.0, -1.0])}, "sigma", "nan"),
    (pb.fit_random_labels, {"sigma": np.array([1.0, 0.0, 1.0, -1.0])}, "sigma", "range"),
    (pb.fit_random_labels, {"hidden": 0}, "hidden", "range"),
    (pb.fit_random_labels, {"steps": 0}, "steps", "range"),
    (pb.fit_random_labels, {"seed": -1}, "seed", "range"),
    (pb.fit_random_labels, {"x": None}, "x", "type"),
    (pb.fit_random_labels, {"hidden": "4"}, "hidden", "type"),
    (pb.fit_random_labels, {"seed": 1.5}, "seed", "type"),
    (pb.fit_random_labels, {"x": np.zeros(4)}, "x", "shape"),
    (pb.fit_random_labels, {"sigma": np.array([1.0, -1.0, 1.0])}, "sigma", "shape"),
    (pb.bounds_vs_kl, {"kls": [NAN]}, "kls", "nan"),
    (pb.bounds_vs_kl, {"delta": NAN}, "delta", "nan"),
    (pb.bounds_vs_kl, {"kls": [-1.0]}, "kls", "range"),
    (pb.bounds_vs_kl, {"m": 5}, "m", "range"),  # raised by maurer_kl_bound
    (pb.bounds_vs_kl, {"C": 0.0}, "C", "range"),
    (pb.bounds_vs_kl, {"emp_risk": 2.0}, "emp_risk", "range"),
    (pb.bounds_vs_kl, {"kls": "ab"}, "kls", "type"),
    (pb.bounds_vs_kl, {"kls": [[0.0, 1.0]]}, "kls", "shape"),
    (pb.bounds_vs_kl, {"kls": []}, "kls", "shape"),
    (pb.bounds_vs_m, {"ms": [NAN]}, "ms", "nan"),
    (pb.bounds_vs_m, {"C": NAN}, "C", "nan"),
    (pb.bounds_vs_m, {"ms": [7]}, "ms", "range"),
    (pb.bounds_vs_m, {"kl": -1.0}, "kl", "range"),
    (pb.bounds_vs_m, {"ms": [8.5]}, "ms", "type"),
    (pb.bounds_vs_m, {"ms": None}, "ms", "type"),
    (pb.bounds_vs_m, {"ms": [[8]]}, "ms", "shape"),
    # Every parameter is spoilt by at least one row (test_every_parameter_has_a_row).
    (pb.catoni_bound, {"emp_risk": NAN}, "emp_risk", "nan"),
    (pb.catoni_bound, {"kl": -1.0}, "kl", "range"),
    (pb.catoni_bound, {"delta": 0.0}, "delta", "range"),
    (pb.rademacher_bound, {"emp_risk": 1.5}, "emp_risk", "range"),
    (pb.bounds_vs_m, {"emp_risk": "0.1"}, "emp_risk", "type"),
    (pb.bounds_vs_m, {"delta": 1.0}, "delta", "range"),
    (pb.bounds_vs_m, {"ms": []}, "ms", "shape"),
    # Empty samples: the mean over no draws or examples was NaN, a zero-feature x a ZeroDivisionError.
    (pb.empirical_rademacher, {"sigma": np.ones((0, 4))}, "sigma", "shape"),
    (pb.empirical_rademacher, {"sigma": np.ones((3, 0))}, "sigma", "shape"),
    (pb.fit_random_labels, {"x": np.zeros((4, 0))}, "x", "shape"),
    (pb.fit_random_labels, {"x": np.zeros((0, 2))}, "x", "shape"),
    # Integers beyond the float range: float() raised OverflowError instead of a ValueError.
    (pb.binary_kl, {"q": 10**400}, "q", "range"),
    (pb.kl_inverse, {"c": 10**400}, "c", "range"),
    (pb.mcallester_bound, {"m": 10**400}, "m", "range"),
    (pb.catoni_bound, {"C": -(10**400)}, "C", "range"),
    (pb.vc_bound, {"m": 10**400}, "m", "range"),
]

# ---------------------------------------------------------------- snippets.dziugaite (Dziugaite & Roy 2017)


def _tiny_idx_files():
    """A directory with tiny MNIST-named IDX files (written once at import), for the readers' base calls."""
    import atexit
    import shutil
    import struct
    import tempfile
    from pathlib import Path

    directory = Path(tempfile.mkdtemp(prefix="itdl-idx-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    arrays = {
        "train-images-idx3-ubyte": np.zeros((3, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte": np.array([0, 5, 9], dtype=np.uint8),
        "t10k-images-idx3-ubyte": np.zeros((2, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte": np.array([4, 6], dtype=np.uint8),
    }
    for name, array in arrays.items():
        header = bytes([0, 0, 0x08, array.ndim]) + b"".join(struct.pack(">I", n) for n in array.shape)
        (directory / name).write_bytes(header + array.tobytes())
    return directory


_IDX_DIR = _tiny_idx_files()
_MLP = dz.MLP(2, (3,))  # 2 inputs, 3 hidden units: 13 weights
_W13 = np.zeros(13)
_X4 = np.zeros((4, 2))
_Y4 = np.array([0, 1, 0, 1])

VALID.update({
    dz.read_idx: {"path": _IDX_DIR / "train-labels-idx1-ubyte"},
    dz.load_mnist_binary: {"directory": _IDX_DIR},
    dz.load_digits_binary: {"seed": 0, "test_fraction": 0.2},
    dz.random_labels: {"y": np.array([0, 1, 1, 0]), "seed": 0},
    dz.error_rate: {"mlp": _MLP, "w": _W13, "x": _X4, "y": _Y4},
    dz.train_sgd: {
        "x": _X4, "y": _Y4, "hidden": (3,), "epochs": 1, "lr": 0.1, "seed": 0, "device": "cpu",
        "batch_size": 2, "momentum": 0.9,
    },
    dz.kl_to_prior: {"w": [0.0, 1.0], "log_s": [-1.0, -1.0], "w0": [0.0, 0.0], "log_lam": -2.0},
    dz.union_bound_term: {"lam": 0.01, "b": 100, "c": 0.1},
    dz.b_re: {"kl": 10.0, "lam": 0.01, "m": 100, "delta": 0.025, "b": 100, "c": 0.1},
    dz.relaxed_objective: {
        "mlp": _MLP, "w": _W13, "log_s": np.full(13, -1.0), "log_lam": -3.0, "w0": _W13, "x": _X4, "y": _Y4,
        "m": 100, "delta": 0.025, "eps": _W13, "b": 100, "c": 0.1,
    },
    dz.optimize_posterior: {
        "mlp": _MLP, "w0": _W13, "w": _W13, "x": _X4, "y": _Y4, "epochs": 1, "lr": 1e-2, "seed": 0,
        "delta": 0.025, "b": 100, "c": 0.1, "batch_size": 2, "optimizer": "adam", "log_lam_init": -6.0,
        "log_s_init": -3.0, "device": "cpu", "progress": False,
    },
    dz.round_lambda: {"lam": 0.01, "b": 100, "c": 0.1, "direction": "nearest"},
    dz.snn_error_mc: {
        "mlp": _MLP, "w": _W13, "log_s": np.full(13, -1.0), "x": _X4, "y": _Y4, "n_samples": 3, "seed": 0,
        "device": "cpu", "chunk": 2,
    },
    dz.sample_convergence_bound: {"err_hat": 0.03, "n": 1000, "delta_prime": 0.01},
    dz.pac_bayes_kl_bound: {"err_bound": 0.05, "kl": 500.0, "m": 1000, "delta": 0.025, "j": 3},
    dz.vc_dimension_estimate: {"layer_sizes": [64, 100, 1]},
    dz.vc_bound_for_mlp: {"emp_risk": 0.0, "layer_sizes": [64, 100, 1], "m": 1438, "delta": 0.025},
    dz.load_results: {"dataset": "digits", "mode": "quick"},
    dz.result: {"key": "kl", "row": "true labels", "mode": "quick", "dataset": "digits"},
    dz.run: {
        "dataset": "digits", "mnist_path": None, "hidden": (4,), "mode": "smoke", "random_labels": False,
        "seed": 0, "device": "cpu", "progress": False,
    },
})

ROWS += [
    (dz.read_idx, {"path": None}, "path", "type"),
    (dz.read_idx, {"path": 5}, "path", "type"),
    (dz.read_idx, {"path": _IDX_DIR / "missing-idx1-ubyte"}, "path", "range"),
    (dz.read_idx, {"path": _IDX_DIR}, "path", "range"),  # a directory, not a file
    (dz.load_mnist_binary, {"directory": None}, "directory", "type"),
    (dz.load_mnist_binary, {"directory": _IDX_DIR / "nothere"}, "directory", "range"),
    (dz.load_digits_binary, {"seed": NAN}, "seed", "nan"),
    (dz.load_digits_binary, {"test_fraction": NAN}, "test_fraction", "nan"),
    (dz.load_digits_binary, {"seed": -1}, "seed", "range"),
    (dz.load_digits_binary, {"test_fraction": 0.0}, "test_fraction", "range"),
    (dz.load_digits_binary, {"test_fraction": 1.0}, "test_fraction", "range"),
    (dz.load_digits_binary, {"test_fraction": 1e-6}, "test_fraction", "range"),  # an empty test set
    (dz.load_digits_binary, {"seed": 1.5}, "seed", "type"),
    (dz.load_digits_binary, {"test_fraction": "0.2"}, "test_fraction", "type"),
    (dz.random_labels, {"y": np.array([0.0, NAN, 1.0, 0.0])}, "y", "nan"),
    (dz.random_labels, {"y": np.array([0, 2, 1, 0])}, "y", "range"),
    (dz.random_labels, {"seed": -1}, "seed", "range"),
    (dz.random_labels, {"y": "abcd"}, "y", "type"),
    (dz.random_labels, {"seed": "0"}, "seed", "type"),
    (dz.random_labels, {"y": np.zeros((2, 2))}, "y", "shape"),
    (dz.random_labels, {"y": np.zeros(0)}, "y", "shape"),
    (dz.error_rate, {"w": np.full(13, NAN)}, "w", "nan"),
    (dz.error_rate, {"x": np.full((4, 2), NAN)}, "x", "nan"),
    (dz.error_rate, {"y": np.array([0, 2, 0, 1])}, "y", "range"),
    (dz.error_rate, {"mlp": "mlp"}, "mlp", "type"),
    (dz.error_rate, {"w": None}, "w", "type"),
    (dz.error_rate, {"w": np.zeros(12)}, "w", "shape"),
    (dz.error_rate, {"x": np.zeros((4, 3))}, "x", "shape"),
    (dz.error_rate, {"y": np.array([0, 1, 0])}, "y", "shape"),
    (dz.train_sgd, {"x": np.full((4, 2), NAN)}, "x", "nan"),
    (dz.train_sgd, {"hidden": (NAN,)}, "hidden", "nan"),
    (dz.train_sgd, {"lr": NAN}, "lr", "nan"),
    (dz.train_sgd, {"momentum": NAN}, "momentum", "nan"),
    (dz.train_sgd, {"y": np.array([0, 1, 0, 3])}, "y", "range"),
    (dz.train_sgd, {"hidden": (0,)}, "hidden", "range"),
    (dz.train_sgd, {"epochs": -1}, "epochs", "range"),
    (dz.train_sgd, {"lr": 0.0}, "lr", "range"),
    (dz.train_sgd, {"seed": -1}, "seed", "range"),
    (dz.train_sgd, {"device": "tpu"}, "device", "range"),
    (dz.train_sgd, {"batch_size": 0}, "batch_size", "range"),
    (dz.train_sgd, {"momentum": 1.0}, "momentum", "range"),
    (dz.train_sgd, {"hidden": "3"}, "hidden", "type"),
    (dz.train_sgd, {"hidden": (2.5,)}, "hidden", "type"),
    (dz.train_sgd, {"epochs": 1.5}, "epochs", "type"),
    (dz.train_sgd, {"device": 0}, "device", "type"),
    (dz.train_sgd, {"x": np.zeros(4)}, "x", "shape"),
    (dz.train_sgd, {"y": np.array([0, 1])}, "y", "shape"),
    (dz.train_sgd, {"hidden": ()}, "hidden", "shape"),
    (dz.train_sgd, {"hidden": (2, 2, 2, 2)}, "hidden", "shape"),
    (dz.kl_to_prior, {"w": [NAN, 0.0]}, "w", "nan"),
    (dz.kl_to_prior, {"log_lam": NAN}, "log_lam", "nan"),
    (dz.kl_to_prior, {"log_s": [math.inf, 0.0]}, "log_s", "range"),
    (dz.kl_to_prior, {"w0": [0.0, -math.inf]}, "w0", "range"),
    (dz.kl_to_prior, {"w": "ab"}, "w", "type"),
    (dz.kl_to_prior, {"log_s": None}, "log_s", "type"),
    (dz.kl_to_prior, {"log_s": [-1.0]}, "log_s", "shape"),
    (dz.kl_to_prior, {"w0": [0.0, 0.0, 0.0]}, "w0", "shape"),
    (dz.kl_to_prior, {"log_lam": [1.0, 2.0]}, "log_lam", "shape"),
    (dz.kl_to_prior, {"w": []}, "w", "shape"),
    (dz.union_bound_term, {"lam": NAN}, "lam", "nan"),
    (dz.union_bound_term, {"c": NAN}, "c", "nan"),
    (dz.union_bound_term, {"lam": 0.1}, "lam", "range"),  # lam >= c: not a grid point (j < 1)
    (dz.union_bound_term, {"lam": -0.01}, "lam", "range"),
    (dz.union_bound_term, {"b": 0}, "b", "range"),
    (dz.union_bound_term, {"lam": "0.01"}, "lam", "type"),
    (dz.union_bound_term, {"b": None}, "b", "type"),
    (dz.b_re, {"kl": NAN}, "kl", "nan"),
    (dz.b_re, {"delta": NAN}, "delta", "nan"),
    (dz.b_re, {"kl": -1.0}, "kl", "range"),
    (dz.b_re, {"lam": 0.5}, "lam", "range"),
    (dz.b_re, {"m": 1}, "m", "range"),  # the bound divides by m - 1
    (dz.b_re, {"delta": 1.0}, "delta", "range"),
    (dz.b_re, {"b": -1.0}, "b", "range"),
    (dz.b_re, {"c": 0.0}, "c", "range"),
    (dz.b_re, {"m": 2.5}, "m", "type"),
    (dz.relaxed_objective, {"w": np.full(13, NAN)}, "w", "nan"),
    (dz.relaxed_objective, {"log_s": np.full(13, NAN)}, "log_s", "nan"),
    (dz.relaxed_objective, {"log_lam": NAN}, "log_lam", "nan"),
    (dz.relaxed_objective, {"w0": np.full(13, NAN)}, "w0", "nan"),
    (dz.relaxed_objective, {"eps": np.full(13, NAN)}, "eps", "nan"),
    (dz.relaxed_objective, {"x": np.full((4, 2), NAN)}, "x", "nan"),
    (dz.relaxed_objective, {"y": np.array([0, 1, 0, -1])}, "y", "range"),
    (dz.relaxed_objective, {"m": 1}, "m", "range"),
    (dz.relaxed_objective, {"delta": 0.0}, "delta", "range"),
    (dz.relaxed_objective, {"b": 0.0}, "b", "range"),
    (dz.relaxed_objective, {"c": -0.1}, "c", "range"),
    (dz.relaxed_objective, {"mlp": None}, "mlp", "type"),
    (dz.relaxed_objective, {"log_lam": "a"}, "log_lam", "type"),
    (dz.relaxed_objective, {"w": np.zeros(14)}, "w", "shape"),
    (dz.relaxed_objective, {"log_s": np.zeros(12)}, "log_s", "shape"),
    (dz.relaxed_objective, {"w0": np.zeros((13, 1))}, "w0", "shape"),
    (dz.relaxed_objective, {"eps": np.zeros(3)}, "eps", "shape"),
    (dz.relaxed_objective, {"log_lam": [-3.0, -3.0]}, "log_lam", "shape"),
    (dz.relaxed_objective, {"x": np.zeros((4, 5))}, "x", "shape"),
    (dz.relaxed_objective, {"y": np.zeros(3)}, "y", "shape"),
    (dz.optimize_posterior, {"w0": np.full(13, NAN)}, "w0", "nan"),
    (dz.optimize_posterior, {"w": np.full(13, NAN)}, "w", "nan"),
    (dz.optimize_posterior, {"lr": NAN}, "lr", "nan"),
    (dz.optimize_posterior, {"log_lam_init": NAN}, "log_lam_init", "nan"),
    (dz.optimize_posterior, {"log_s_init": NAN}, "log_s_init", "nan"),
    (dz.optimize_posterior, {"x": np.full((4, 2), NAN)}, "x", "nan"),
    (dz.optimize_posterior, {"y": np.array([0, 1, 0, 5])}, "y", "range"),
    (dz.optimize_posterior, {"epochs": 0}, "epochs", "range"),
    (dz.optimize_posterior, {"lr": -1.0}, "lr", "range"),
    (dz.optimize_posterior, {"seed": -1}, "seed", "range"),
    (dz.optimize_posterior, {"delta": 1.5}, "delta", "range"),
    (dz.optimize_posterior, {"b": 0}, "b", "range"),
    (dz.optimize_posterior, {"c": 0}, "c", "range"),
    (dz.optimize_posterior, {"batch_size": 0}, "batch_size", "range"),
    (dz.optimize_posterior, {"optimizer": "sgd"}, "optimizer", "range"),
    (dz.optimize_posterior, {"log_lam_init": -2.0}, "log_lam_init", "range"),  # above lam_1 = c e^{-1/b}
    (dz.optimize_posterior, {"log_s_init": 10.0}, "log_s_init", "range"),
    (dz.optimize_posterior, {"device": "tpu"}, "device", "range"),
    (dz.optimize_posterior, {"mlp": "mlp"}, "mlp", "type"),
    (dz.optimize_posterior, {"progress": "no"}, "progress", "type"),
    (dz.optimize_posterior, {"optimizer": None}, "optimizer", "type"),
    (dz.optimize_posterior, {"epochs": 1.5}, "epochs", "type"),
    (dz.optimize_posterior, {"w0": np.zeros(12)}, "w0", "shape"),
    (dz.optimize_posterior, {"w": np.zeros((13, 2))}, "w", "shape"),
    (dz.optimize_posterior, {"x": np.zeros((4, 1))}, "x", "shape"),
    (dz.optimize_posterior, {"y": np.zeros(5)}, "y", "shape"),
    (dz.round_lambda, {"lam": NAN}, "lam", "nan"),
    (dz.round_lambda, {"c": NAN}, "c", "nan"),
    (dz.round_lambda, {"lam": 0.0}, "lam", "range"),
    (dz.round_lambda, {"lam": math.inf}, "lam", "range"),
    (dz.round_lambda, {"b": -1.0}, "b", "range"),
    (dz.round_lambda, {"direction": "sideways"}, "direction", "range"),
    (dz.round_lambda, {"lam": "0.01"}, "lam", "type"),
    (dz.round_lambda, {"direction": None}, "direction", "type"),
    (dz.snn_error_mc, {"w": np.full(13, NAN)}, "w", "nan"),
    (dz.snn_error_mc, {"log_s": np.full(13, NAN)}, "log_s", "nan"),
    (dz.snn_error_mc, {"x": np.full((4, 2), NAN)}, "x", "nan"),
    (dz.snn_error_mc, {"n_samples": NAN}, "n_samples", "nan"),
    (dz.snn_error_mc, {"y": np.array([0, 1, 0, 2])}, "y", "range"),
    (dz.snn_error_mc, {"n_samples": 0}, "n_samples", "range"),
    (dz.snn_error_mc, {"seed": -1}, "seed", "range"),
    (dz.snn_error_mc, {"chunk": 0}, "chunk", "range"),
    (dz.snn_error_mc, {"device": "tpu"}, "device", "range"),
    (dz.snn_error_mc, {"mlp": None}, "mlp", "type"),
    (dz.snn_error_mc, {"n_samples": 2.5}, "n_samples", "type"),
    (dz.snn_error_mc, {"w": np.zeros(2)}, "w", "shape"),
    (dz.snn_error_mc, {"log_s": np.zeros(14)}, "log_s", "shape"),
    (dz.snn_error_mc, {"x": np.zeros(4)}, "x", "shape"),
    (dz.snn_error_mc, {"y": np.zeros(2)}, "y", "shape"),
    (dz.sample_convergence_bound, {"err_hat": NAN}, "err_hat", "nan"),
    (dz.sample_convergence_bound, {"delta_prime": NAN}, "delta_prime", "nan"),
    (dz.sample_convergence_bound, {"err_hat": 1.5}, "err_hat", "range"),
    (dz.sample_convergence_bound, {"n": 0}, "n", "range"),
    (dz.sample_convergence_bound, {"delta_prime": 0.0}, "delta_prime", "range"),
    (dz.sample_convergence_bound, {"n": 10.5}, "n", "type"),
    (dz.sample_convergence_bound, {"err_hat": "0.1"}, "err_hat", "type"),
    (dz.pac_bayes_kl_bound, {"err_bound": NAN}, "err_bound", "nan"),
    (dz.pac_bayes_kl_bound, {"kl": NAN}, "kl", "nan"),
    (dz.pac_bayes_kl_bound, {"j": NAN}, "j", "nan"),
    (dz.pac_bayes_kl_bound, {"err_bound": -0.1}, "err_bound", "range"),
    (dz.pac_bayes_kl_bound, {"kl": -1.0}, "kl", "range"),
    (dz.pac_bayes_kl_bound, {"m": 1}, "m", "range"),
    (dz.pac_bayes_kl_bound, {"delta": 1.0}, "delta", "range"),
    (dz.pac_bayes_kl_bound, {"j": 0}, "j", "range"),  # the grid starts at j = 1
    (dz.pac_bayes_kl_bound, {"j": 1.5}, "j", "type"),
    (dz.pac_bayes_kl_bound, {"m": "1000"}, "m", "type"),
    (dz.vc_dimension_estimate, {"layer_sizes": [64, NAN, 1]}, "layer_sizes", "nan"),
    (dz.vc_dimension_estimate, {"layer_sizes": [64, 0, 1]}, "layer_sizes", "range"),
    (dz.vc_dimension_estimate, {"layer_sizes": [64, 2.5]}, "layer_sizes", "type"),
    (dz.vc_dimension_estimate, {"layer_sizes": None}, "layer_sizes", "type"),
    (dz.vc_dimension_estimate, {"layer_sizes": [64]}, "layer_sizes", "shape"),
    (dz.vc_bound_for_mlp, {"emp_risk": NAN}, "emp_risk", "nan"),
    (dz.vc_bound_for_mlp, {"emp_risk": 1.1}, "emp_risk", "range"),
    (dz.vc_bound_for_mlp, {"m": 0}, "m", "range"),
    (dz.vc_bound_for_mlp, {"delta": 0.0}, "delta", "range"),
    (dz.vc_bound_for_mlp, {"layer_sizes": [64, -1, 1]}, "layer_sizes", "range"),
    (dz.vc_bound_for_mlp, {"layer_sizes": "64,1"}, "layer_sizes", "type"),
    (dz.vc_bound_for_mlp, {"layer_sizes": [1]}, "layer_sizes", "shape"),
    (dz.run, {"hidden": (NAN,)}, "hidden", "nan"),
    (dz.run, {"seed": NAN}, "seed", "nan"),
    (dz.run, {"dataset": "cifar"}, "dataset", "range"),
    (dz.run, {"mnist_path": "/tmp"}, "mnist_path", "range"),  # a path is for dataset="mnist" only
    (dz.run, {"dataset": "mnist"}, "mnist_path", "range"),  # ... which needs one
    (dz.run, {"hidden": (0,)}, "hidden", "range"),
    (dz.run, {"mode": "slow"}, "mode", "range"),
    (dz.run, {"seed": -1}, "seed", "range"),
    (dz.run, {"device": "tpu"}, "device", "range"),
    (dz.run, {"dataset": None}, "dataset", "type"),
    (dz.run, {"mnist_path": 5}, "mnist_path", "type"),
    (dz.run, {"hidden": "4"}, "hidden", "type"),
    (dz.run, {"random_labels": "yes"}, "random_labels", "type"),
    (dz.run, {"seed": 1.5}, "seed", "type"),
    (dz.run, {"progress": 1}, "progress", "type"),
    (dz.run, {"hidden": ()}, "hidden", "shape"),
    (dz.run, {"hidden": (4, 4, 4, 4)}, "hidden", "shape"),
    (dz.load_results, {"dataset": "cifar"}, "dataset", "range"),
    (dz.load_results, {"dataset": "mnist"}, "dataset", "range"),  # no committed MNIST results: missing file
    (dz.load_results, {"mode": "smoke"}, "mode", "range"),
    (dz.load_results, {"dataset": None}, "dataset", "type"),
    (dz.load_results, {"mode": 1}, "mode", "type"),
    (dz.result, {"key": "accuracy"}, "key", "range"),
    (dz.result, {"key": "dataset"}, "key", "range"),  # in the row, but not a number
    (dz.result, {"row": "noisy labels"}, "row", "range"),
    (dz.result, {"mode": "slow"}, "mode", "range"),
    (dz.result, {"dataset": "imagenet"}, "dataset", "range"),
    (dz.result, {"key": 3}, "key", "type"),
    (dz.result, {"row": None}, "row", "type"),
]

# ---------------------------------------------------------------- snippets.mdl (the MDL chapters)

# ---------------------------------------------------------------- snippets.mdl: codes and compression
# (needs `import snippets.mdl as mdl` at the top of tests/test_snippet_validation.py)

_P2 = [0.5, 0.5]
_CODE2 = {0: "0", 1: "10"}  # prefix-free, incomplete: "11" starts no codeword

VALID.update({
    mdl.entropy_bits: {"probs": _P2},
    mdl.code_lengths_bits: {"probs": _P2},
    mdl.kraft_sum: {"lengths": [1, 2, 2]},
    mdl.huffman_code: {"probs": [0.5, 0.25, 0.25]},
    mdl.huffman_encode: {"symbols": [0, 1, 0], "code": _CODE2},
    mdl.huffman_decode: {"bits": "0100", "code": _CODE2},
    mdl.expected_length: {"probs": _P2, "code": _CODE2},
    mdl.arithmetic_encode: {"symbols": [0, 1, 1], "probs": _P2},
    mdl.arithmetic_decode: {"bits": "011", "n_symbols": 3, "probs": _P2},
    mdl.compress_bytes: {"data": b"abcabcabc", "method": "zlib"},
    mdl.compressed_bits: {"data": b"abcabcabc", "method": "lzma"},
    mdl.structured_and_random_bytes: {"n": 100, "seed": 0},
})

ROWS += [
    (mdl.entropy_bits, {"probs": [NAN, 0.5]}, "probs", "nan"),
    (mdl.entropy_bits, {"probs": [1.5, -0.5]}, "probs", "range"),  # negative entry
    (mdl.entropy_bits, {"probs": [0.5, 0.6]}, "probs", "range"),  # sums to 1.1
    (mdl.entropy_bits, {"probs": [0.5, math.inf]}, "probs", "range"),
    (mdl.entropy_bits, {"probs": "ab"}, "probs", "type"),
    (mdl.entropy_bits, {"probs": None}, "probs", "type"),
    (mdl.entropy_bits, {"probs": [True, False]}, "probs", "type"),
    (mdl.entropy_bits, {"probs": [[0.5, 0.5]]}, "probs", "shape"),
    (mdl.entropy_bits, {"probs": []}, "probs", "shape"),
    (mdl.code_lengths_bits, {"probs": [0.5, NAN]}, "probs", "nan"),
    (mdl.code_lengths_bits, {"probs": [-0.5, 1.5]}, "probs", "range"),
    (mdl.code_lengths_bits, {"probs": [0.3, 0.3]}, "probs", "range"),  # sums to 0.6
    (mdl.code_lengths_bits, {"probs": "0.5"}, "probs", "type"),
    (mdl.code_lengths_bits, {"probs": [[0.5], [0.5]]}, "probs", "shape"),
    (mdl.code_lengths_bits, {"probs": []}, "probs", "shape"),
    (mdl.kraft_sum, {"lengths": [1, NAN]}, "lengths", "nan"),
    (mdl.kraft_sum, {"lengths": [-1, 1]}, "lengths", "range"),
    (mdl.kraft_sum, {"lengths": [1, math.inf]}, "lengths", "range"),
    (mdl.kraft_sum, {"lengths": [1.5, 2]}, "lengths", "type"),  # not an integer length
    (mdl.kraft_sum, {"lengths": "122"}, "lengths", "type"),
    (mdl.kraft_sum, {"lengths": None}, "lengths", "type"),
    (mdl.kraft_sum, {"lengths": [[1, 2]]}, "lengths", "shape"),
    (mdl.kraft_sum, {"lengths": []}, "lengths", "shape"),
    (mdl.huffman_code, {"probs": [0.5, NAN, 0.25]}, "probs", "nan"),
    (mdl.huffman_code, {"probs": [0.5, 0.5, 0.0]}, "probs", "range"),  # Huffman needs p > 0
    (mdl.huffman_code, {"probs": [0.5, 0.25, 0.5]}, "probs", "range"),  # sums to 1.25
    (mdl.huffman_code, {"probs": [0.5, 0.5 + 2e-9]}, "probs", "range"),  # just outside the 1e-9 tolerance
    (mdl.huffman_code, {"probs": [1.5, -0.25, -0.25]}, "probs", "range"),
    (mdl.huffman_code, {"probs": "abc"}, "probs", "type"),
    (mdl.huffman_code, {"probs": None}, "probs", "type"),
    (mdl.huffman_code, {"probs": [[0.5, 0.25, 0.25]]}, "probs", "shape"),
    (mdl.huffman_code, {"probs": []}, "probs", "shape"),
    (mdl.huffman_encode, {"symbols": [0, NAN]}, "symbols", "nan"),
    (mdl.huffman_encode, {"symbols": [0, 2]}, "symbols", "range"),  # no codeword for symbol 2
    (mdl.huffman_encode, {"symbols": [-1, 0]}, "symbols", "range"),
    (mdl.huffman_encode, {"symbols": [0.5, 1]}, "symbols", "type"),
    (mdl.huffman_encode, {"symbols": "010"}, "symbols", "type"),
    (mdl.huffman_encode, {"symbols": None}, "symbols", "type"),
    (mdl.huffman_encode, {"symbols": [[0, 1]]}, "symbols", "shape"),
    (mdl.huffman_encode, {"code": {0: "0", 1: "01"}}, "code", "range"),  # not prefix-free
    (mdl.huffman_encode, {"code": {0: "0", 1: "12"}}, "code", "range"),  # not a binary codeword
    (mdl.huffman_encode, {"code": {0: "0", 1: ""}}, "code", "range"),  # empty codeword
    (mdl.huffman_encode, {"code": {}}, "code", "range"),
    (mdl.huffman_encode, {"code": {0: "0", -1: "10"}}, "code", "range"),
    (mdl.huffman_encode, {"code": {0: "0", "1": "10"}}, "code", "type"),
    (mdl.huffman_encode, {"code": {0: "0", 1: 10}}, "code", "type"),
    (mdl.huffman_encode, {"code": ["0", "10"]}, "code", "type"),
    (mdl.huffman_encode, {"code": None}, "code", "type"),
    (mdl.huffman_decode, {"bits": "011"}, "bits", "range"),  # "11" starts no codeword
    (mdl.huffman_decode, {"bits": "01"}, "bits", "range"),  # ends inside a codeword
    (mdl.huffman_decode, {"bits": "0a10"}, "bits", "range"),
    (mdl.huffman_decode, {"bits": 100}, "bits", "type"),
    (mdl.huffman_decode, {"bits": None}, "bits", "type"),
    (mdl.huffman_decode, {"bits": ["0", "1", "0", "0"]}, "bits", "type"),
    (mdl.huffman_decode, {"code": {0: "1", 1: "10"}}, "code", "range"),  # not prefix-free
    (mdl.huffman_decode, {"code": "0,10"}, "code", "type"),
    (mdl.expected_length, {"probs": [NAN, 0.5]}, "probs", "nan"),
    (mdl.expected_length, {"probs": [0.5, 0.6]}, "probs", "range"),
    (mdl.expected_length, {"probs": [1.5, -0.5]}, "probs", "range"),
    (mdl.expected_length, {"probs": "ab"}, "probs", "type"),
    (mdl.expected_length, {"probs": [[0.5, 0.5]]}, "probs", "shape"),
    (mdl.expected_length, {"probs": []}, "probs", "shape"),
    (mdl.expected_length, {"code": {0: "0"}}, "code", "range"),  # no codeword for symbol 1
    (mdl.expected_length, {"code": {0: "0", 1: "10", 2: "11"}}, "code", "range"),  # symbol 2 not in probs
    (mdl.expected_length, {"code": {0: "0", 1: "00"}}, "code", "range"),  # not prefix-free
    (mdl.expected_length, {"code": None}, "code", "type"),
    (mdl.arithmetic_encode, {"symbols": [0, NAN]}, "symbols", "nan"),
    (mdl.arithmetic_encode, {"symbols": [0, 2]}, "symbols", "range"),  # out of range of probs
    (mdl.arithmetic_encode, {"symbols": [-1]}, "symbols", "range"),
    (mdl.arithmetic_encode, {"probs": [1.0, 0.0], "symbols": [0, 1]}, "symbols", "range"),  # probability 0
    (mdl.arithmetic_encode, {"symbols": [1.5]}, "symbols", "type"),
    (mdl.arithmetic_encode, {"symbols": "011"}, "symbols", "type"),
    (mdl.arithmetic_encode, {"symbols": None}, "symbols", "type"),
    (mdl.arithmetic_encode, {"symbols": [[0, 1]]}, "symbols", "shape"),
    (mdl.arithmetic_encode, {"probs": [0.5, NAN]}, "probs", "nan"),
    (mdl.arithmetic_encode, {"probs": [0.5, 0.4]}, "probs", "range"),
    (mdl.arithmetic_encode, {"probs": [-0.5, 1.5]}, "probs", "range"),
    (mdl.arithmetic_encode, {"probs": "ab"}, "probs", "type"),
    (mdl.arithmetic_encode, {"probs": [[0.5, 0.5]]}, "probs", "shape"),
    (mdl.arithmetic_encode, {"probs": []}, "probs", "shape"),
    (mdl.arithmetic_decode, {"bits": "0110"}, "bits", "range"),  # not the codeword of any message
    (mdl.arithmetic_decode, {"bits": "0x1"}, "bits", "range"),
    (mdl.arithmetic_decode, {"bits": 11}, "bits", "type"),
    (mdl.arithmetic_decode, {"bits": None}, "bits", "type"),
    (mdl.arithmetic_decode, {"n_symbols": NAN}, "n_symbols", "nan"),
    (mdl.arithmetic_decode, {"n_symbols": -1}, "n_symbols", "range"),
    (mdl.arithmetic_decode, {"n_symbols": 1.5}, "n_symbols", "type"),
    (mdl.arithmetic_decode, {"n_symbols": "3"}, "n_symbols", "type"),
    (mdl.arithmetic_decode, {"n_symbols": True}, "n_symbols", "type"),
    (mdl.arithmetic_decode, {"probs": [NAN, 0.5]}, "probs", "nan"),
    (mdl.arithmetic_decode, {"probs": [0.5, 0.6]}, "probs", "range"),
    (mdl.arithmetic_decode, {"probs": [1.5, -0.5]}, "probs", "range"),
    (mdl.arithmetic_decode, {"probs": None}, "probs", "type"),
    (mdl.arithmetic_decode, {"probs": [[0.5, 0.5]]}, "probs", "shape"),
    (mdl.arithmetic_decode, {"probs": []}, "probs", "shape"),
    (mdl.compress_bytes, {"data": "abc"}, "data", "type"),
    (mdl.compress_bytes, {"data": None}, "data", "type"),
    (mdl.compress_bytes, {"data": [97, 98, 99]}, "data", "type"),
    (mdl.compress_bytes, {"method": "gzip"}, "method", "range"),
    (mdl.compress_bytes, {"method": "ZLIB"}, "method", "range"),
    (mdl.compress_bytes, {"method": None}, "method", "type"),
    (mdl.compress_bytes, {"method": 9}, "method", "type"),
    (mdl.compressed_bits, {"data": "abc"}, "data", "type"),
    (mdl.compressed_bits, {"data": 123}, "data", "type"),
    (mdl.compressed_bits, {"method": "xz"}, "method", "range"),
    (mdl.compressed_bits, {"method": None}, "method", "type"),
    (mdl.structured_and_random_bytes, {"n": NAN}, "n", "nan"),
    (mdl.structured_and_random_bytes, {"seed": NAN}, "seed", "nan"),
    (mdl.structured_and_random_bytes, {"n": 0}, "n", "range"),
    (mdl.structured_and_random_bytes, {"seed": -1}, "seed", "range"),
    (mdl.structured_and_random_bytes, {"n": 10**400}, "n", "range"),
    (mdl.structured_and_random_bytes, {"n": 1.5}, "n", "type"),
    (mdl.structured_and_random_bytes, {"n": "100"}, "n", "type"),
    (mdl.structured_and_random_bytes, {"seed": 0.5}, "seed", "type"),
    (mdl.structured_and_random_bytes, {"seed": None}, "seed", "type"),
]


# ------------------------------------------------- snippets.mdl: two-part MDL, Bayes = MDL, priors as codes
# (add `import snippets.mdl as mdl` next to the other imports at the top of the file)

_XM = np.linspace(-1.0, 1.0, 12)  # 12 points: degrees up to 10 (two_part, bic), up to 6 with 3 folds
_YM = _XM**3 + 0.1 * np.sin(7.0 * _XM)

VALID.update({
    mdl.noisy_polynomial_data: {"n": 10, "coefficients": [0.0, 1.0], "noise_std": 0.1, "seed": 0},
    mdl.two_part_code_length: {
        "x": _XM, "y": _YM, "degree": 2, "precision_bits": 8, "coef_range": 8.0, "y_precision": 0.01,
    },
    mdl.select_degree_mdl: {
        "x": _XM, "y": _YM, "max_degree": 3, "precision_bits": 8, "coef_range": 8.0, "y_precision": 0.01,
    },
    mdl.cv_squared_error: {"x": _XM, "y": _YM, "degree": 2, "folds": 3, "seed": 0},
    mdl.select_degree_cv: {"x": _XM, "y": _YM, "max_degree": 3, "folds": 3, "seed": 0, "rule": "min"},
    mdl.bic: {"x": _XM, "y": _YM, "degree": 2},
    mdl.select_degree_bic: {"x": _XM, "y": _YM, "max_degree": 3},
    mdl.map_hypothesis: {"log_prior": np.log([0.5, 0.5]), "log_likelihood": [-1.0, -2.0]},
    mdl.mdl_hypothesis: {"prior_code_bits": [1.0, 1.0], "data_code_bits": [3.0, 2.0]},
    mdl.coin_code_lengths: {"heads": 3, "tails": 1, "thetas": [0.25, 0.5, 0.75], "prior": [0.25, 0.5, 0.25]},
    mdl.extra_code_length_bits: {"q": [0.5, 0.5], "p": [0.25, 0.75]},
    mdl.gaussian_prior_code_length: {"w": [0.5, -1.0], "sigma": 1.0, "unit": "nats"},
    mdl.laplace_prior_code_length: {"w": [0.5, -1.0], "b": 1.0, "unit": "bits"},
    mdl.ridge_lambda: {"sigma_noise": 0.5, "sigma_prior": 1.0},
    mdl.ridge_map: {"X": np.eye(3, 2), "y": [1.0, 2.0, 0.0], "sigma_noise": 0.5, "sigma_prior": 1.0},
    mdl.weight_decay_prior_variance: {"weight_decay": 1e-3, "n": 100},
    mdl.sgd_step_with_weight_decay: {"w": [1.0, -1.0], "grad": [0.1, 0.2], "lr": 0.1, "weight_decay": 0.01},
    mdl.adam_l2_vs_adamw: {
        "X": np.eye(3, 2), "y": [1.0, 2.0, 0.0], "w0": [0.0, 0.0], "lr": 0.1, "weight_decay": 0.01, "steps": 2,
    },
})

ROWS += [
    (mdl.noisy_polynomial_data, {"n": NAN}, "n", "nan"),
    (mdl.noisy_polynomial_data, {"coefficients": [NAN]}, "coefficients", "nan"),
    (mdl.noisy_polynomial_data, {"noise_std": NAN}, "noise_std", "nan"),
    (mdl.noisy_polynomial_data, {"seed": NAN}, "seed", "nan"),
    (mdl.noisy_polynomial_data, {"n": 1}, "n", "range"),
    (mdl.noisy_polynomial_data, {"noise_std": -0.1}, "noise_std", "range"),
    (mdl.noisy_polynomial_data, {"noise_std": math.inf}, "noise_std", "range"),
    (mdl.noisy_polynomial_data, {"seed": -1}, "seed", "range"),
    (mdl.noisy_polynomial_data, {"n": 2.5}, "n", "type"),
    (mdl.noisy_polynomial_data, {"coefficients": "ab"}, "coefficients", "type"),
    (mdl.noisy_polynomial_data, {"noise_std": None}, "noise_std", "type"),
    (mdl.noisy_polynomial_data, {"seed": "0"}, "seed", "type"),
    (mdl.noisy_polynomial_data, {"coefficients": []}, "coefficients", "shape"),
    (mdl.noisy_polynomial_data, {"coefficients": [[0.0, 1.0]]}, "coefficients", "shape"),
    (mdl.two_part_code_length, {"x": np.full(12, NAN)}, "x", "nan"),
    (mdl.two_part_code_length, {"y": np.full(12, NAN)}, "y", "nan"),
    (mdl.two_part_code_length, {"degree": NAN}, "degree", "nan"),
    (mdl.two_part_code_length, {"precision_bits": NAN}, "precision_bits", "nan"),
    (mdl.two_part_code_length, {"coef_range": NAN}, "coef_range", "nan"),
    (mdl.two_part_code_length, {"y_precision": NAN}, "y_precision", "nan"),
    (mdl.two_part_code_length, {"x": np.linspace(-1.0, 2.0, 12)}, "x", "range"),  # beyond [-1, 1]
    (mdl.two_part_code_length, {"y": np.full(12, math.inf)}, "y", "range"),
    (mdl.two_part_code_length, {"degree": -1}, "degree", "range"),
    (mdl.two_part_code_length, {"degree": 11}, "degree", "range"),  # 12 points leave no residual
    (mdl.two_part_code_length, {"precision_bits": 0}, "precision_bits", "range"),
    (mdl.two_part_code_length, {"precision_bits": 53}, "precision_bits", "range"),
    (mdl.two_part_code_length, {"coef_range": 0.0}, "coef_range", "range"),
    (mdl.two_part_code_length, {"coef_range": math.inf}, "coef_range", "range"),
    (mdl.two_part_code_length, {"coef_range": 2000.0}, "coef_range", "range"),  # 2^2000 overflows a float
    (mdl.two_part_code_length, {"y_precision": -0.01}, "y_precision", "range"),
    (mdl.two_part_code_length, {"x": "abc"}, "x", "type"),
    (mdl.two_part_code_length, {"y": None}, "y", "type"),
    (mdl.two_part_code_length, {"degree": 1.5}, "degree", "type"),
    (mdl.two_part_code_length, {"precision_bits": "8"}, "precision_bits", "type"),
    (mdl.two_part_code_length, {"coef_range": None}, "coef_range", "type"),
    (mdl.two_part_code_length, {"y_precision": "0.01"}, "y_precision", "type"),
    (mdl.two_part_code_length, {"x": np.zeros((12, 1))}, "x", "shape"),
    (mdl.two_part_code_length, {"x": [0.0]}, "x", "shape"),
    (mdl.two_part_code_length, {"y": np.zeros(11)}, "y", "shape"),
    (mdl.select_degree_mdl, {"x": np.full(12, NAN)}, "x", "nan"),
    (mdl.select_degree_mdl, {"y": np.full(12, NAN)}, "y", "nan"),
    (mdl.select_degree_mdl, {"max_degree": NAN}, "max_degree", "nan"),
    (mdl.select_degree_mdl, {"y_precision": NAN}, "y_precision", "nan"),
    (mdl.select_degree_mdl, {"x": np.linspace(0.0, 3.0, 12)}, "x", "range"),
    (mdl.select_degree_mdl, {"max_degree": 11}, "max_degree", "range"),
    (mdl.select_degree_mdl, {"max_degree": -1}, "max_degree", "range"),
    (mdl.select_degree_mdl, {"precision_bits": 0}, "precision_bits", "range"),
    (mdl.select_degree_mdl, {"coef_range": -1.0}, "coef_range", "range"),
    (mdl.select_degree_mdl, {"y_precision": 0.0}, "y_precision", "range"),
    (mdl.select_degree_mdl, {"x": None}, "x", "type"),
    (mdl.select_degree_mdl, {"max_degree": "3"}, "max_degree", "type"),
    (mdl.select_degree_mdl, {"precision_bits": 8.5}, "precision_bits", "type"),
    (mdl.select_degree_mdl, {"y": np.zeros(13)}, "y", "shape"),
    (mdl.cv_squared_error, {"x": np.full(12, NAN)}, "x", "nan"),
    (mdl.cv_squared_error, {"y": np.full(12, NAN)}, "y", "nan"),
    (mdl.cv_squared_error, {"degree": NAN}, "degree", "nan"),
    (mdl.cv_squared_error, {"folds": NAN}, "folds", "nan"),
    (mdl.cv_squared_error, {"seed": NAN}, "seed", "nan"),
    (mdl.cv_squared_error, {"x": np.linspace(-2.0, 1.0, 12)}, "x", "range"),
    (mdl.cv_squared_error, {"degree": 7}, "degree", "range"),  # 3 folds: fits on 8 points, degree <= 6
    (mdl.cv_squared_error, {"folds": 1}, "folds", "range"),
    (mdl.cv_squared_error, {"folds": 13}, "folds", "range"),  # more folds than points
    (mdl.cv_squared_error, {"seed": -1}, "seed", "range"),
    (mdl.cv_squared_error, {"x": "abc"}, "x", "type"),
    (mdl.cv_squared_error, {"degree": 2.5}, "degree", "type"),
    (mdl.cv_squared_error, {"folds": "3"}, "folds", "type"),
    (mdl.cv_squared_error, {"seed": None}, "seed", "type"),
    (mdl.cv_squared_error, {"y": np.zeros((12, 2))}, "y", "shape"),
    (mdl.select_degree_cv, {"x": np.full(12, NAN)}, "x", "nan"),
    (mdl.select_degree_cv, {"max_degree": NAN}, "max_degree", "nan"),
    (mdl.select_degree_cv, {"folds": NAN}, "folds", "nan"),
    (mdl.select_degree_cv, {"seed": NAN}, "seed", "nan"),
    (mdl.select_degree_cv, {"y": np.full(12, -math.inf)}, "y", "range"),
    (mdl.select_degree_cv, {"max_degree": 7}, "max_degree", "range"),
    (mdl.select_degree_cv, {"folds": 1}, "folds", "range"),
    (mdl.select_degree_cv, {"seed": -1}, "seed", "range"),
    (mdl.select_degree_cv, {"rule": "max"}, "rule", "range"),
    (mdl.select_degree_cv, {"x": None}, "x", "type"),
    (mdl.select_degree_cv, {"y": "abc"}, "y", "type"),
    (mdl.select_degree_cv, {"max_degree": True}, "max_degree", "type"),
    (mdl.select_degree_cv, {"folds": 2.5}, "folds", "type"),
    (mdl.select_degree_cv, {"seed": "0"}, "seed", "type"),
    (mdl.select_degree_cv, {"rule": None}, "rule", "type"),
    (mdl.select_degree_cv, {"x": np.zeros((12, 1))}, "x", "shape"),
    (mdl.select_degree_cv, {"y": np.zeros(11)}, "y", "shape"),
    (mdl.bic, {"x": np.full(12, NAN)}, "x", "nan"),
    (mdl.bic, {"y": np.full(12, NAN)}, "y", "nan"),
    (mdl.bic, {"degree": NAN}, "degree", "nan"),
    (mdl.bic, {"x": np.linspace(-1.0, 1.5, 12)}, "x", "range"),
    (mdl.bic, {"degree": 11}, "degree", "range"),
    (mdl.bic, {"degree": -2}, "degree", "range"),
    (mdl.bic, {"x": "abc"}, "x", "type"),
    (mdl.bic, {"y": None}, "y", "type"),
    (mdl.bic, {"degree": "2"}, "degree", "type"),
    (mdl.bic, {"y": np.zeros(3)}, "y", "shape"),
    (mdl.select_degree_bic, {"x": np.full(12, NAN)}, "x", "nan"),
    (mdl.select_degree_bic, {"y": np.full(12, NAN)}, "y", "nan"),
    (mdl.select_degree_bic, {"max_degree": NAN}, "max_degree", "nan"),
    (mdl.select_degree_bic, {"max_degree": 11}, "max_degree", "range"),
    (mdl.select_degree_bic, {"x": np.linspace(-3.0, 1.0, 12)}, "x", "range"),
    (mdl.select_degree_bic, {"x": None}, "x", "type"),
    (mdl.select_degree_bic, {"y": "abc"}, "y", "type"),
    (mdl.select_degree_bic, {"max_degree": 1.5}, "max_degree", "type"),
    (mdl.select_degree_bic, {"x": np.zeros((3, 4))}, "x", "shape"),
    (mdl.map_hypothesis, {"log_prior": [NAN, 0.0]}, "log_prior", "nan"),
    (mdl.map_hypothesis, {"log_likelihood": [NAN, -1.0]}, "log_likelihood", "nan"),
    (mdl.map_hypothesis, {"log_prior": np.log([0.5, 0.25])}, "log_prior", "range"),  # not normalized
    (mdl.map_hypothesis, {"log_likelihood": [-math.inf, -1.0]}, "log_likelihood", "range"),
    (mdl.map_hypothesis, {"log_prior": "ab"}, "log_prior", "type"),
    (mdl.map_hypothesis, {"log_likelihood": None}, "log_likelihood", "type"),
    (mdl.map_hypothesis, {"log_prior": [[math.log(0.5), math.log(0.5)]]}, "log_prior", "shape"),
    (mdl.map_hypothesis, {"log_prior": []}, "log_prior", "shape"),
    (mdl.map_hypothesis, {"log_likelihood": [-1.0]}, "log_likelihood", "shape"),
    (mdl.mdl_hypothesis, {"prior_code_bits": [NAN, 1.0]}, "prior_code_bits", "nan"),
    (mdl.mdl_hypothesis, {"data_code_bits": [NAN, 1.0]}, "data_code_bits", "nan"),
    (mdl.mdl_hypothesis, {"prior_code_bits": [0.5, 0.5]}, "prior_code_bits", "range"),  # violates Kraft
    (mdl.mdl_hypothesis, {"prior_code_bits": [-1.0, 2.0]}, "prior_code_bits", "range"),
    (mdl.mdl_hypothesis, {"data_code_bits": [-1.0, 2.0]}, "data_code_bits", "range"),
    (mdl.mdl_hypothesis, {"prior_code_bits": "ab"}, "prior_code_bits", "type"),
    (mdl.mdl_hypothesis, {"data_code_bits": [True, False]}, "data_code_bits", "type"),
    (mdl.mdl_hypothesis, {"prior_code_bits": []}, "prior_code_bits", "shape"),
    (mdl.mdl_hypothesis, {"data_code_bits": [1.0, 2.0, 3.0]}, "data_code_bits", "shape"),
    (mdl.coin_code_lengths, {"heads": NAN}, "heads", "nan"),
    (mdl.coin_code_lengths, {"tails": NAN}, "tails", "nan"),
    (mdl.coin_code_lengths, {"thetas": [0.25, NAN, 0.75]}, "thetas", "nan"),
    (mdl.coin_code_lengths, {"prior": [0.25, NAN, 0.25]}, "prior", "nan"),
    (mdl.coin_code_lengths, {"heads": -1}, "heads", "range"),
    (mdl.coin_code_lengths, {"tails": -1}, "tails", "range"),
    (mdl.coin_code_lengths, {"thetas": [0.0, 0.5, 0.75]}, "thetas", "range"),
    (mdl.coin_code_lengths, {"thetas": [0.25, 0.5, 1.0]}, "thetas", "range"),
    (mdl.coin_code_lengths, {"prior": [0.25, 0.5, 0.5]}, "prior", "range"),  # sums to 1.25
    (mdl.coin_code_lengths, {"prior": [0.5, 0.5, 0.0]}, "prior", "range"),  # a zero prior
    (mdl.coin_code_lengths, {"prior": [-0.25, 1.0, 0.25]}, "prior", "range"),
    (mdl.coin_code_lengths, {"heads": 1.5}, "heads", "type"),
    (mdl.coin_code_lengths, {"tails": "1"}, "tails", "type"),
    (mdl.coin_code_lengths, {"thetas": None}, "thetas", "type"),
    (mdl.coin_code_lengths, {"prior": "abc"}, "prior", "type"),
    (mdl.coin_code_lengths, {"thetas": []}, "thetas", "shape"),
    (mdl.coin_code_lengths, {"prior": [0.5, 0.5]}, "prior", "shape"),
    (mdl.extra_code_length_bits, {"q": [NAN, 0.5]}, "q", "nan"),
    (mdl.extra_code_length_bits, {"p": [0.5, NAN]}, "p", "nan"),
    (mdl.extra_code_length_bits, {"q": [0.5, 0.6]}, "q", "range"),  # sums to 1.1
    (mdl.extra_code_length_bits, {"q": [-0.5, 1.5]}, "q", "range"),
    (mdl.extra_code_length_bits, {"p": [1.5, -0.5]}, "p", "range"),
    (mdl.extra_code_length_bits, {"q": "ab"}, "q", "type"),
    (mdl.extra_code_length_bits, {"p": None}, "p", "type"),
    (mdl.extra_code_length_bits, {"q": [[0.5, 0.5]]}, "q", "shape"),
    (mdl.extra_code_length_bits, {"p": [1.0]}, "p", "shape"),
    (mdl.gaussian_prior_code_length, {"w": [NAN, 1.0]}, "w", "nan"),
    (mdl.gaussian_prior_code_length, {"sigma": NAN}, "sigma", "nan"),
    (mdl.gaussian_prior_code_length, {"w": [math.inf, 1.0]}, "w", "range"),
    (mdl.gaussian_prior_code_length, {"sigma": 0.0}, "sigma", "range"),
    (mdl.gaussian_prior_code_length, {"sigma": math.inf}, "sigma", "range"),
    (mdl.gaussian_prior_code_length, {"unit": "joules"}, "unit", "range"),
    (mdl.gaussian_prior_code_length, {"w": "ab"}, "w", "type"),
    (mdl.gaussian_prior_code_length, {"sigma": "1"}, "sigma", "type"),
    (mdl.gaussian_prior_code_length, {"unit": None}, "unit", "type"),
    (mdl.gaussian_prior_code_length, {"w": []}, "w", "shape"),
    (mdl.gaussian_prior_code_length, {"w": [[0.5, -1.0]]}, "w", "shape"),
    (mdl.laplace_prior_code_length, {"w": [NAN, 1.0]}, "w", "nan"),
    (mdl.laplace_prior_code_length, {"b": NAN}, "b", "nan"),
    (mdl.laplace_prior_code_length, {"b": -1.0}, "b", "range"),
    (mdl.laplace_prior_code_length, {"unit": "nat"}, "unit", "range"),
    (mdl.laplace_prior_code_length, {"w": None}, "w", "type"),
    (mdl.laplace_prior_code_length, {"b": None}, "b", "type"),
    (mdl.laplace_prior_code_length, {"unit": 2}, "unit", "type"),
    (mdl.laplace_prior_code_length, {"w": []}, "w", "shape"),
    (mdl.ridge_lambda, {"sigma_noise": NAN}, "sigma_noise", "nan"),
    (mdl.ridge_lambda, {"sigma_prior": NAN}, "sigma_prior", "nan"),
    (mdl.ridge_lambda, {"sigma_noise": 0.0}, "sigma_noise", "range"),
    (mdl.ridge_lambda, {"sigma_prior": -1.0}, "sigma_prior", "range"),
    (mdl.ridge_lambda, {"sigma_prior": math.inf}, "sigma_prior", "range"),
    (mdl.ridge_lambda, {"sigma_noise": "0.5"}, "sigma_noise", "type"),
    (mdl.ridge_lambda, {"sigma_prior": None}, "sigma_prior", "type"),
    (mdl.ridge_map, {"X": np.full((3, 2), NAN)}, "X", "nan"),
    (mdl.ridge_map, {"y": [NAN, 2.0, 0.0]}, "y", "nan"),
    (mdl.ridge_map, {"sigma_noise": NAN}, "sigma_noise", "nan"),
    (mdl.ridge_map, {"sigma_prior": NAN}, "sigma_prior", "nan"),
    (mdl.ridge_map, {"X": np.full((3, 2), math.inf)}, "X", "range"),
    (mdl.ridge_map, {"sigma_noise": 0.0}, "sigma_noise", "range"),
    (mdl.ridge_map, {"sigma_prior": 0.0}, "sigma_prior", "range"),
    (mdl.ridge_map, {"X": "ab"}, "X", "type"),
    (mdl.ridge_map, {"y": None}, "y", "type"),
    (mdl.ridge_map, {"sigma_noise": "1"}, "sigma_noise", "type"),
    (mdl.ridge_map, {"sigma_prior": None}, "sigma_prior", "type"),
    (mdl.ridge_map, {"X": np.ones(3)}, "X", "shape"),
    (mdl.ridge_map, {"X": np.ones((3, 0))}, "X", "shape"),
    (mdl.ridge_map, {"y": [1.0, 2.0]}, "y", "shape"),
    (mdl.weight_decay_prior_variance, {"weight_decay": NAN}, "weight_decay", "nan"),
    (mdl.weight_decay_prior_variance, {"n": NAN}, "n", "nan"),
    (mdl.weight_decay_prior_variance, {"weight_decay": 0.0}, "weight_decay", "range"),  # no prior at all
    (mdl.weight_decay_prior_variance, {"weight_decay": -1e-3}, "weight_decay", "range"),
    (mdl.weight_decay_prior_variance, {"n": 0}, "n", "range"),
    (mdl.weight_decay_prior_variance, {"weight_decay": "1e-3"}, "weight_decay", "type"),
    (mdl.weight_decay_prior_variance, {"n": 100.5}, "n", "type"),
    (mdl.sgd_step_with_weight_decay, {"w": [NAN, 1.0]}, "w", "nan"),
    (mdl.sgd_step_with_weight_decay, {"grad": [NAN, 1.0]}, "grad", "nan"),
    (mdl.sgd_step_with_weight_decay, {"lr": NAN}, "lr", "nan"),
    (mdl.sgd_step_with_weight_decay, {"weight_decay": NAN}, "weight_decay", "nan"),
    (mdl.sgd_step_with_weight_decay, {"grad": [math.inf, 1.0]}, "grad", "range"),
    (mdl.sgd_step_with_weight_decay, {"lr": 0.0}, "lr", "range"),
    (mdl.sgd_step_with_weight_decay, {"weight_decay": -0.01}, "weight_decay", "range"),
    (mdl.sgd_step_with_weight_decay, {"w": "ab"}, "w", "type"),
    (mdl.sgd_step_with_weight_decay, {"grad": None}, "grad", "type"),
    (mdl.sgd_step_with_weight_decay, {"lr": "0.1"}, "lr", "type"),
    (mdl.sgd_step_with_weight_decay, {"weight_decay": None}, "weight_decay", "type"),
    (mdl.sgd_step_with_weight_decay, {"w": []}, "w", "shape"),
    (mdl.sgd_step_with_weight_decay, {"grad": [0.1, 0.2, 0.3]}, "grad", "shape"),
    (mdl.adam_l2_vs_adamw, {"X": np.full((3, 2), NAN)}, "X", "nan"),
    (mdl.adam_l2_vs_adamw, {"y": [NAN, 2.0, 0.0]}, "y", "nan"),
    (mdl.adam_l2_vs_adamw, {"w0": [NAN, 0.0]}, "w0", "nan"),
    (mdl.adam_l2_vs_adamw, {"lr": NAN}, "lr", "nan"),
    (mdl.adam_l2_vs_adamw, {"weight_decay": NAN}, "weight_decay", "nan"),
    (mdl.adam_l2_vs_adamw, {"steps": NAN}, "steps", "nan"),
    (mdl.adam_l2_vs_adamw, {"lr": -0.1}, "lr", "range"),
    (mdl.adam_l2_vs_adamw, {"weight_decay": -0.01}, "weight_decay", "range"),
    (mdl.adam_l2_vs_adamw, {"steps": 0}, "steps", "range"),
    (mdl.adam_l2_vs_adamw, {"w0": [math.inf, 0.0]}, "w0", "range"),
    (mdl.adam_l2_vs_adamw, {"X": None}, "X", "type"),
    (mdl.adam_l2_vs_adamw, {"y": "abc"}, "y", "type"),
    (mdl.adam_l2_vs_adamw, {"w0": None}, "w0", "type"),
    (mdl.adam_l2_vs_adamw, {"lr": "0.1"}, "lr", "type"),
    (mdl.adam_l2_vs_adamw, {"weight_decay": "0"}, "weight_decay", "type"),
    (mdl.adam_l2_vs_adamw, {"steps": 2.5}, "steps", "type"),
    (mdl.adam_l2_vs_adamw, {"X": np.ones(3)}, "X", "shape"),
    (mdl.adam_l2_vs_adamw, {"y": [1.0, 2.0]}, "y", "shape"),
    (mdl.adam_l2_vs_adamw, {"w0": [0.0, 0.0, 0.0]}, "w0", "shape"),
]


# ---------------------------------------------------------------- snippets.fisher (the Fisher chapters)

# ------------------------------------------------- snippets.fisher.information: Fisher information, KL
# (add `import snippets.fisher as fi` next to the other imports at the top of the file)


def _fi_log_prob(theta, x):  # ln N(x; theta, I) up to a constant: a valid log_prob for fi.fisher_autograd
    return -0.5 * ((x - theta) ** 2).sum()


VALID.update({
    fi.bernoulli_fisher: {"p": 0.3},
    fi.bernoulli_logit_fisher: {"theta": -0.5},
    fi.gaussian_fisher: {"mu": 0.5, "sigma": 2.0, "parameterization": "sigma"},
    fi.softmax_fisher: {"logits": [0.5, -1.0, 0.0]},
    fi.fisher_score_outer: {"scores": [[1.0, 0.5], [-1.0, 0.5]]},
    fi.fisher_from_hessians: {"hessians": [[[-1.0, 0.2], [0.2, -2.0]]]},
    fi.fisher_autograd: {"log_prob": _fi_log_prob, "theta": [0.0], "samples": [[0.5], [-0.5]]},
    fi.kl_quadratic: {"fisher": [[2.0, 0.5], [0.5, 1.0]], "d": [0.1, -0.2]},
    fi.kl_bernoulli: {"p": 0.2, "q": 0.4},
    fi.kl_gaussian: {"mu1": 0.0, "sigma1": 1.0, "mu2": 0.5, "sigma2": 2.0},
    fi.kl_categorical: {"p": [0.2, 0.3, 0.5], "q": [0.4, 0.4, 0.2]},
})

ROWS += [
    (fi.bernoulli_fisher, {"p": NAN}, "p", "nan"),
    (fi.bernoulli_fisher, {"p": 0.0}, "p", "range"),  # the Fisher information is infinite at 0 and 1
    (fi.bernoulli_fisher, {"p": 1.0}, "p", "range"),
    (fi.bernoulli_fisher, {"p": -0.1}, "p", "range"),
    (fi.bernoulli_fisher, {"p": "0.3"}, "p", "type"),
    (fi.bernoulli_fisher, {"p": None}, "p", "type"),
    (fi.bernoulli_fisher, {"p": True}, "p", "type"),
    (fi.bernoulli_logit_fisher, {"theta": NAN}, "theta", "nan"),
    (fi.bernoulli_logit_fisher, {"theta": math.inf}, "theta", "range"),
    (fi.bernoulli_logit_fisher, {"theta": -math.inf}, "theta", "range"),
    (fi.bernoulli_logit_fisher, {"theta": "0"}, "theta", "type"),
    (fi.bernoulli_logit_fisher, {"theta": None}, "theta", "type"),
    (fi.gaussian_fisher, {"mu": NAN}, "mu", "nan"),
    (fi.gaussian_fisher, {"sigma": NAN}, "sigma", "nan"),
    (fi.gaussian_fisher, {"mu": math.inf}, "mu", "range"),
    (fi.gaussian_fisher, {"sigma": 0.0}, "sigma", "range"),
    (fi.gaussian_fisher, {"sigma": -1.0}, "sigma", "range"),
    (fi.gaussian_fisher, {"sigma": math.inf}, "sigma", "range"),
    (fi.gaussian_fisher, {"parameterization": "std"}, "parameterization", "range"),
    (fi.gaussian_fisher, {"mu": "0"}, "mu", "type"),
    (fi.gaussian_fisher, {"sigma": None}, "sigma", "type"),
    (fi.gaussian_fisher, {"parameterization": None}, "parameterization", "type"),
    (fi.softmax_fisher, {"logits": [0.5, NAN, 0.0]}, "logits", "nan"),
    (fi.softmax_fisher, {"logits": [0.5, math.inf, 0.0]}, "logits", "range"),
    (fi.softmax_fisher, {"logits": "abc"}, "logits", "type"),
    (fi.softmax_fisher, {"logits": [True, False]}, "logits", "type"),
    (fi.softmax_fisher, {"logits": []}, "logits", "shape"),
    (fi.softmax_fisher, {"logits": 0.5}, "logits", "shape"),
    (fi.softmax_fisher, {"logits": [[0.5, -1.0]]}, "logits", "shape"),
    (fi.fisher_score_outer, {"scores": [[1.0, NAN], [-1.0, 0.5]]}, "scores", "nan"),
    (fi.fisher_score_outer, {"scores": [[1.0, math.inf], [-1.0, 0.5]]}, "scores", "range"),
    (fi.fisher_score_outer, {"scores": "abc"}, "scores", "type"),
    (fi.fisher_score_outer, {"scores": None}, "scores", "type"),
    (fi.fisher_score_outer, {"scores": [1.0, 0.5]}, "scores", "shape"),
    (fi.fisher_score_outer, {"scores": np.zeros((0, 2))}, "scores", "shape"),
    (fi.fisher_score_outer, {"scores": np.zeros((2, 0))}, "scores", "shape"),
    (fi.fisher_from_hessians, {"hessians": [[[-1.0, NAN], [NAN, -2.0]]]}, "hessians", "nan"),
    (fi.fisher_from_hessians, {"hessians": [[[-1.0, 0.2], [0.2, -math.inf]]]}, "hessians", "range"),
    (fi.fisher_from_hessians, {"hessians": [[[-1.0, 0.2], [0.7, -2.0]]]}, "hessians", "range"),  # not symmetric
    (fi.fisher_from_hessians, {"hessians": "abc"}, "hessians", "type"),
    (fi.fisher_from_hessians, {"hessians": [[[True, False], [False, True]]]}, "hessians", "type"),
    (fi.fisher_from_hessians, {"hessians": [[-1.0, 0.2], [0.2, -2.0]]}, "hessians", "shape"),
    (fi.fisher_from_hessians, {"hessians": np.zeros((1, 2, 3))}, "hessians", "shape"),
    (fi.fisher_from_hessians, {"hessians": np.zeros((0, 2, 2))}, "hessians", "shape"),
    (fi.fisher_autograd, {"log_prob": lambda theta, x: theta.sum() * NAN}, "log_prob", "nan"),
    (fi.fisher_autograd, {"log_prob": lambda theta, x: theta.log().sum()}, "log_prob", "range"),  # ln 0
    (fi.fisher_autograd, {"log_prob": lambda theta, x: theta * x}, "log_prob", "shape"),  # not a scalar
    (fi.fisher_autograd, {"log_prob": "abc"}, "log_prob", "type"),
    (fi.fisher_autograd, {"log_prob": None}, "log_prob", "type"),
    (fi.fisher_autograd, {"log_prob": lambda theta: theta.sum()}, "log_prob", "type"),  # wrong signature
    (fi.fisher_autograd, {"log_prob": lambda theta, x: float(theta.sum())}, "log_prob", "type"),  # not a tensor
    (fi.fisher_autograd, {"theta": [NAN]}, "theta", "nan"),
    (fi.fisher_autograd, {"samples": [[NAN], [0.5]]}, "samples", "nan"),
    (fi.fisher_autograd, {"theta": [math.inf]}, "theta", "range"),
    (fi.fisher_autograd, {"samples": [[math.inf], [0.5]]}, "samples", "range"),
    (fi.fisher_autograd, {"theta": "abc"}, "theta", "type"),
    (fi.fisher_autograd, {"samples": None}, "samples", "type"),
    (fi.fisher_autograd, {"theta": []}, "theta", "shape"),
    (fi.fisher_autograd, {"theta": [[0.0]]}, "theta", "shape"),
    (fi.fisher_autograd, {"samples": 0.5}, "samples", "shape"),
    (fi.fisher_autograd, {"samples": np.zeros((0, 1))}, "samples", "shape"),
    (fi.kl_quadratic, {"fisher": [[2.0, NAN], [NAN, 1.0]]}, "fisher", "nan"),
    (fi.kl_quadratic, {"d": [NAN, 0.0]}, "d", "nan"),
    (fi.kl_quadratic, {"fisher": [[math.inf, 0.5], [0.5, 1.0]]}, "fisher", "range"),
    (fi.kl_quadratic, {"fisher": [[2.0, 0.5], [0.0, 1.0]]}, "fisher", "range"),  # not symmetric
    (fi.kl_quadratic, {"d": [math.inf, 0.0]}, "d", "range"),
    (fi.kl_quadratic, {"fisher": "abc"}, "fisher", "type"),
    (fi.kl_quadratic, {"d": None}, "d", "type"),
    (fi.kl_quadratic, {"fisher": np.ones((2, 3))}, "fisher", "shape"),
    (fi.kl_quadratic, {"fisher": [2.0, 1.0]}, "fisher", "shape"),
    (fi.kl_quadratic, {"fisher": np.zeros((0, 0))}, "fisher", "shape"),
    (fi.kl_quadratic, {"d": [0.1]}, "d", "shape"),
    (fi.kl_quadratic, {"d": [[0.1, -0.2]]}, "d", "shape"),
    (fi.kl_bernoulli, {"p": NAN}, "p", "nan"),
    (fi.kl_bernoulli, {"q": NAN}, "q", "nan"),
    (fi.kl_bernoulli, {"p": 1.5}, "p", "range"),
    (fi.kl_bernoulli, {"p": -0.1}, "p", "range"),
    (fi.kl_bernoulli, {"q": 0.0}, "q", "range"),
    (fi.kl_bernoulli, {"q": 1.0}, "q", "range"),
    (fi.kl_bernoulli, {"p": "0.2"}, "p", "type"),
    (fi.kl_bernoulli, {"q": None}, "q", "type"),
    (fi.kl_bernoulli, {"q": True}, "q", "type"),
    (fi.kl_gaussian, {"mu1": NAN}, "mu1", "nan"),
    (fi.kl_gaussian, {"sigma1": NAN}, "sigma1", "nan"),
    (fi.kl_gaussian, {"mu2": NAN}, "mu2", "nan"),
    (fi.kl_gaussian, {"sigma2": NAN}, "sigma2", "nan"),
    (fi.kl_gaussian, {"mu1": math.inf}, "mu1", "range"),
    (fi.kl_gaussian, {"mu2": -math.inf}, "mu2", "range"),
    (fi.kl_gaussian, {"sigma1": 0.0}, "sigma1", "range"),
    (fi.kl_gaussian, {"sigma1": math.inf}, "sigma1", "range"),
    (fi.kl_gaussian, {"sigma2": -1.0}, "sigma2", "range"),
    (fi.kl_gaussian, {"mu1": "0"}, "mu1", "type"),
    (fi.kl_gaussian, {"sigma1": None}, "sigma1", "type"),
    (fi.kl_gaussian, {"mu2": [0.5]}, "mu2", "type"),
    (fi.kl_gaussian, {"sigma2": True}, "sigma2", "type"),
    (fi.kl_categorical, {"p": [0.2, NAN, 0.5]}, "p", "nan"),
    (fi.kl_categorical, {"q": [0.4, 0.4, NAN]}, "q", "nan"),
    (fi.kl_categorical, {"p": [0.2, 0.3, 0.6]}, "p", "range"),  # sums to 1.1
    (fi.kl_categorical, {"p": [1.2, -0.2, 0.0]}, "p", "range"),
    (fi.kl_categorical, {"q": [0.4, 0.4, math.inf]}, "q", "range"),
    (fi.kl_categorical, {"q": [0.6, 0.6, -0.2]}, "q", "range"),
    (fi.kl_categorical, {"p": "abc"}, "p", "type"),
    (fi.kl_categorical, {"q": None}, "q", "type"),
    (fi.kl_categorical, {"p": []}, "p", "shape"),
    (fi.kl_categorical, {"p": [[0.2, 0.3, 0.5]]}, "p", "shape"),
    (fi.kl_categorical, {"q": [0.5, 0.5]}, "q", "shape"),  # not the length of p
]


# ---------------------------------------------------------------- snippets.fisher: natural gradient and Adam
# (needs `import snippets.fisher as fi` at the top of tests/test_snippet_validation.py)

_FX = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5]])  # 4 examples, 2 features
_FY = np.array([0.0, 1.0, 1.0, 0.0])
_FF = np.array([[2.0, 0.5], [0.5, 1.0]])  # a positive-definite Fisher matrix

VALID.update({
    fi.natural_gradient: {"fisher": _FF, "grad": [1.0, -1.0], "damping": 0.0},
    fi.steepest_descent_in_kl: {"fisher": _FF, "grad": [1.0, -1.0], "epsilon": 0.1},
    fi.logistic_problem: {"n": 10, "condition": 10.0, "seed": 0},
    fi.logistic_loss_grad_fisher: {"w": [0.5, -0.5], "X": _FX, "y": _FY},
    fi.gradient_descent: {"X": _FX, "y": _FY, "w0": [0.0, 0.0], "lr": 1.0, "steps": 2},
    fi.natural_gradient_descent: {"X": _FX, "y": _FY, "w0": [0.0, 0.0], "lr": 1.0, "steps": 2, "damping": 0.0},
    fi.fit_in_two_parameterizations: {
        "data_mean": 1.0, "data_std": 0.5, "mu0": 0.0, "sigma0": 1.0, "lr": 0.1, "steps": 3,
    },
    fi.classification_data: {"n": 10, "scales": [0.5, 2.0], "seed": 0},
    fi.fisher_diagonals: {"w": [0.5, -0.5], "X": _FX, "y": _FY},
    fi.expected_squared_minibatch_gradient: {"w": [0.5, -0.5], "X": _FX, "y": _FY, "batch_size": 2},
    fi.adam_second_moment: {
        "X": _FX, "y": _FY, "w0": [0.0, 0.0], "lr": 0.01, "steps": 3, "batch_size": 2, "seed": 0,
    },
    fi.compare_adam_and_fisher: {
        "X": _FX, "y": _FY, "w0": [0.0, 0.0], "lr": 0.01, "steps": 3, "batch_size": 2, "seed": 0,
    },
})

ROWS += [
    (fi.natural_gradient, {"fisher": [[NAN, 0.0], [0.0, 1.0]]}, "fisher", "nan"),
    (fi.natural_gradient, {"grad": [NAN, 1.0]}, "grad", "nan"),
    (fi.natural_gradient, {"damping": NAN}, "damping", "nan"),
    (fi.natural_gradient, {"fisher": [[1.0, 0.0], [0.0, -1.0]]}, "fisher", "range"),  # not PSD
    (fi.natural_gradient, {"fisher": [[1.0, 1.0], [1.0, 1.0]]}, "fisher", "range"),  # singular, no damping
    (fi.natural_gradient, {"fisher": [[1.0, 0.5], [0.0, 1.0]]}, "fisher", "range"),  # not symmetric
    (fi.natural_gradient, {"damping": -1.0}, "damping", "range"),
    (fi.natural_gradient, {"damping": math.inf}, "damping", "range"),
    (fi.natural_gradient, {"fisher": "F"}, "fisher", "type"),
    (fi.natural_gradient, {"grad": None}, "grad", "type"),
    (fi.natural_gradient, {"damping": "0"}, "damping", "type"),
    (fi.natural_gradient, {"fisher": np.ones((2, 3))}, "fisher", "shape"),
    (fi.natural_gradient, {"fisher": [1.0, 2.0]}, "fisher", "shape"),
    (fi.natural_gradient, {"grad": [1.0, 2.0, 3.0]}, "grad", "shape"),
    (fi.steepest_descent_in_kl, {"fisher": [[1.0, 0.0], [0.0, NAN]]}, "fisher", "nan"),
    (fi.steepest_descent_in_kl, {"grad": [1.0, NAN]}, "grad", "nan"),
    (fi.steepest_descent_in_kl, {"epsilon": NAN}, "epsilon", "nan"),
    (fi.steepest_descent_in_kl, {"fisher": [[1.0, 1.0], [1.0, 1.0]]}, "fisher", "range"),  # singular
    (fi.steepest_descent_in_kl, {"epsilon": 0.0}, "epsilon", "range"),
    (fi.steepest_descent_in_kl, {"epsilon": math.inf}, "epsilon", "range"),
    (fi.steepest_descent_in_kl, {"fisher": None}, "fisher", "type"),
    (fi.steepest_descent_in_kl, {"grad": "g"}, "grad", "type"),
    (fi.steepest_descent_in_kl, {"epsilon": "0.1"}, "epsilon", "type"),
    (fi.steepest_descent_in_kl, {"fisher": np.eye(3)}, "grad", "shape"),  # grad has 2 entries
    (fi.steepest_descent_in_kl, {"fisher": np.ones(2)}, "fisher", "shape"),
    (fi.steepest_descent_in_kl, {"grad": [[1.0, -1.0]]}, "grad", "shape"),
    (fi.logistic_problem, {"n": NAN}, "n", "nan"),
    (fi.logistic_problem, {"condition": NAN}, "condition", "nan"),
    (fi.logistic_problem, {"seed": NAN}, "seed", "nan"),
    (fi.logistic_problem, {"n": 1}, "n", "range"),
    (fi.logistic_problem, {"condition": 0.5}, "condition", "range"),
    (fi.logistic_problem, {"condition": math.inf}, "condition", "range"),
    (fi.logistic_problem, {"seed": -1}, "seed", "range"),
    (fi.logistic_problem, {"n": 2.5}, "n", "type"),
    (fi.logistic_problem, {"condition": "10"}, "condition", "type"),
    (fi.logistic_problem, {"seed": None}, "seed", "type"),
    (fi.logistic_loss_grad_fisher, {"w": [NAN, 0.0]}, "w", "nan"),
    (fi.logistic_loss_grad_fisher, {"X": np.full((4, 2), NAN)}, "X", "nan"),
    (fi.logistic_loss_grad_fisher, {"y": [0.0, NAN, 1.0, 0.0]}, "y", "nan"),
    (fi.logistic_loss_grad_fisher, {"y": [0.0, 2.0, 1.0, 0.0]}, "y", "range"),
    (fi.logistic_loss_grad_fisher, {"w": [math.inf, 0.0]}, "w", "range"),
    (fi.logistic_loss_grad_fisher, {"w": "w"}, "w", "type"),
    (fi.logistic_loss_grad_fisher, {"X": None}, "X", "type"),
    (fi.logistic_loss_grad_fisher, {"y": [True, False, True, False]}, "y", "type"),
    (fi.logistic_loss_grad_fisher, {"w": [0.0, 0.0, 0.0]}, "w", "shape"),
    (fi.logistic_loss_grad_fisher, {"X": np.ones(4)}, "X", "shape"),
    (fi.logistic_loss_grad_fisher, {"y": [0.0, 1.0]}, "y", "shape"),
    (fi.gradient_descent, {"X": np.full((4, 2), NAN)}, "X", "nan"),
    (fi.gradient_descent, {"y": [NAN, 1.0, 1.0, 0.0]}, "y", "nan"),
    (fi.gradient_descent, {"w0": [0.0, NAN]}, "w0", "nan"),
    (fi.gradient_descent, {"lr": NAN}, "lr", "nan"),
    (fi.gradient_descent, {"steps": NAN}, "steps", "nan"),
    (fi.gradient_descent, {"y": [0.0, 0.5, 1.0, 0.0]}, "y", "range"),
    (fi.gradient_descent, {"lr": 0.0}, "lr", "range"),
    (fi.gradient_descent, {"lr": math.inf}, "lr", "range"),
    (fi.gradient_descent, {"steps": 0}, "steps", "range"),
    (fi.gradient_descent, {"X": "X"}, "X", "type"),
    (fi.gradient_descent, {"y": None}, "y", "type"),
    (fi.gradient_descent, {"w0": "0"}, "w0", "type"),
    (fi.gradient_descent, {"lr": "1"}, "lr", "type"),
    (fi.gradient_descent, {"steps": 1.5}, "steps", "type"),
    (fi.gradient_descent, {"X": np.ones((0, 2))}, "X", "shape"),
    (fi.gradient_descent, {"y": [0.0, 1.0, 1.0]}, "y", "shape"),
    (fi.gradient_descent, {"w0": [0.0]}, "w0", "shape"),
    (fi.natural_gradient_descent, {"X": np.full((4, 2), NAN)}, "X", "nan"),
    (fi.natural_gradient_descent, {"y": [0.0, 1.0, NAN, 0.0]}, "y", "nan"),
    (fi.natural_gradient_descent, {"w0": [NAN, 0.0]}, "w0", "nan"),
    (fi.natural_gradient_descent, {"lr": NAN}, "lr", "nan"),
    (fi.natural_gradient_descent, {"steps": NAN}, "steps", "nan"),
    (fi.natural_gradient_descent, {"damping": NAN}, "damping", "nan"),
    (fi.natural_gradient_descent, {"y": [0.0, 1.0, -1.0, 0.0]}, "y", "range"),
    (fi.natural_gradient_descent, {"lr": -1.0}, "lr", "range"),
    (fi.natural_gradient_descent, {"steps": -2}, "steps", "range"),
    (fi.natural_gradient_descent, {"damping": -0.1}, "damping", "range"),
    (fi.natural_gradient_descent, {"X": [[1.0, 1.0], [1.0, 1.0], [2.0, 2.0], [-1.0, -1.0]]}, "damping", "range"),
    (fi.natural_gradient_descent, {"X": None}, "X", "type"),
    (fi.natural_gradient_descent, {"y": "0101"}, "y", "type"),
    (fi.natural_gradient_descent, {"w0": None}, "w0", "type"),
    (fi.natural_gradient_descent, {"lr": None}, "lr", "type"),
    (fi.natural_gradient_descent, {"steps": "2"}, "steps", "type"),
    (fi.natural_gradient_descent, {"damping": "0"}, "damping", "type"),
    (fi.natural_gradient_descent, {"X": np.ones((4, 2, 1))}, "X", "shape"),
    (fi.natural_gradient_descent, {"y": [[0.0, 1.0, 1.0, 0.0]]}, "y", "shape"),
    (fi.natural_gradient_descent, {"w0": [0.0, 0.0, 0.0]}, "w0", "shape"),
    (fi.fit_in_two_parameterizations, {"data_mean": NAN}, "data_mean", "nan"),
    (fi.fit_in_two_parameterizations, {"data_std": NAN}, "data_std", "nan"),
    (fi.fit_in_two_parameterizations, {"mu0": NAN}, "mu0", "nan"),
    (fi.fit_in_two_parameterizations, {"sigma0": NAN}, "sigma0", "nan"),
    (fi.fit_in_two_parameterizations, {"lr": NAN}, "lr", "nan"),
    (fi.fit_in_two_parameterizations, {"steps": NAN}, "steps", "nan"),
    (fi.fit_in_two_parameterizations, {"data_mean": math.inf}, "data_mean", "range"),
    (fi.fit_in_two_parameterizations, {"data_std": 0.0}, "data_std", "range"),
    (fi.fit_in_two_parameterizations, {"mu0": -math.inf}, "mu0", "range"),
    (fi.fit_in_two_parameterizations, {"sigma0": -1.0}, "sigma0", "range"),
    (fi.fit_in_two_parameterizations, {"lr": 0.0}, "lr", "range"),
    (fi.fit_in_two_parameterizations, {"steps": 0}, "steps", "range"),
    (fi.fit_in_two_parameterizations, {"data_mean": "1"}, "data_mean", "type"),
    (fi.fit_in_two_parameterizations, {"data_std": None}, "data_std", "type"),
    (fi.fit_in_two_parameterizations, {"mu0": True}, "mu0", "type"),
    (fi.fit_in_two_parameterizations, {"sigma0": "1"}, "sigma0", "type"),
    (fi.fit_in_two_parameterizations, {"lr": [0.1]}, "lr", "type"),
    (fi.fit_in_two_parameterizations, {"steps": 2.5}, "steps", "type"),
    (fi.classification_data, {"n": NAN}, "n", "nan"),
    (fi.classification_data, {"scales": [NAN, 1.0]}, "scales", "nan"),
    (fi.classification_data, {"seed": NAN}, "seed", "nan"),
    (fi.classification_data, {"n": 0}, "n", "range"),
    (fi.classification_data, {"scales": [0.0, 1.0]}, "scales", "range"),
    (fi.classification_data, {"seed": -1}, "seed", "range"),
    (fi.classification_data, {"n": "10"}, "n", "type"),
    (fi.classification_data, {"scales": "ab"}, "scales", "type"),
    (fi.classification_data, {"seed": 0.5}, "seed", "type"),
    (fi.classification_data, {"scales": []}, "scales", "shape"),
    (fi.classification_data, {"scales": [[1.0, 2.0]]}, "scales", "shape"),
    (fi.fisher_diagonals, {"w": [NAN, 0.0]}, "w", "nan"),
    (fi.fisher_diagonals, {"X": np.full((4, 2), NAN)}, "X", "nan"),
    (fi.fisher_diagonals, {"y": [0.0, 1.0, 1.0, NAN]}, "y", "nan"),
    (fi.fisher_diagonals, {"y": [0.0, 1.0, 1.0, 3.0]}, "y", "range"),
    (fi.fisher_diagonals, {"w": [0.0, -math.inf]}, "w", "range"),
    (fi.fisher_diagonals, {"w": None}, "w", "type"),
    (fi.fisher_diagonals, {"X": "X"}, "X", "type"),
    (fi.fisher_diagonals, {"y": None}, "y", "type"),
    (fi.fisher_diagonals, {"w": [0.5]}, "w", "shape"),
    (fi.fisher_diagonals, {"X": np.ones((4, 0))}, "X", "shape"),
    (fi.fisher_diagonals, {"y": [0.0, 1.0, 1.0, 0.0, 1.0]}, "y", "shape"),
    (fi.expected_squared_minibatch_gradient, {"w": [NAN, 0.0]}, "w", "nan"),
    (fi.expected_squared_minibatch_gradient, {"X": np.full((4, 2), NAN)}, "X", "nan"),
    (fi.expected_squared_minibatch_gradient, {"y": [NAN, 1.0, 1.0, 0.0]}, "y", "nan"),
    (fi.expected_squared_minibatch_gradient, {"batch_size": NAN}, "batch_size", "nan"),
    (fi.expected_squared_minibatch_gradient, {"y": [0.0, 1.0, 0.2, 0.0]}, "y", "range"),
    (fi.expected_squared_minibatch_gradient, {"batch_size": 0}, "batch_size", "range"),
    (fi.expected_squared_minibatch_gradient, {"batch_size": 5}, "batch_size", "range"),  # > n = 4
    (fi.expected_squared_minibatch_gradient, {"w": "w"}, "w", "type"),
    (fi.expected_squared_minibatch_gradient, {"X": None}, "X", "type"),
    (fi.expected_squared_minibatch_gradient, {"y": "y"}, "y", "type"),
    (fi.expected_squared_minibatch_gradient, {"batch_size": 2.5}, "batch_size", "type"),
    (fi.expected_squared_minibatch_gradient, {"w": [0.5, -0.5, 0.0]}, "w", "shape"),
    (fi.expected_squared_minibatch_gradient, {"X": np.ones(8)}, "X", "shape"),
    (fi.expected_squared_minibatch_gradient, {"y": [0.0, 1.0]}, "y", "shape"),
    (fi.adam_second_moment, {"X": np.full((4, 2), NAN)}, "X", "nan"),
    (fi.adam_second_moment, {"y": [0.0, NAN, 1.0, 0.0]}, "y", "nan"),
    (fi.adam_second_moment, {"w0": [NAN, 0.0]}, "w0", "nan"),
    (fi.adam_second_moment, {"lr": NAN}, "lr", "nan"),
    (fi.adam_second_moment, {"steps": NAN}, "steps", "nan"),
    (fi.adam_second_moment, {"batch_size": NAN}, "batch_size", "nan"),
    (fi.adam_second_moment, {"seed": NAN}, "seed", "nan"),
    (fi.adam_second_moment, {"y": [0.0, 1.0, 1.0, 0.5]}, "y", "range"),
    (fi.adam_second_moment, {"lr": 0.0}, "lr", "range"),
    (fi.adam_second_moment, {"steps": 0}, "steps", "range"),
    (fi.adam_second_moment, {"batch_size": 0}, "batch_size", "range"),
    (fi.adam_second_moment, {"batch_size": 5}, "batch_size", "range"),  # > n = 4
    (fi.adam_second_moment, {"seed": -1}, "seed", "range"),
    (fi.adam_second_moment, {"X": None}, "X", "type"),
    (fi.adam_second_moment, {"y": "y"}, "y", "type"),
    (fi.adam_second_moment, {"w0": None}, "w0", "type"),
    (fi.adam_second_moment, {"lr": "0.01"}, "lr", "type"),
    (fi.adam_second_moment, {"steps": 1.5}, "steps", "type"),
    (fi.adam_second_moment, {"batch_size": "2"}, "batch_size", "type"),
    (fi.adam_second_moment, {"seed": None}, "seed", "type"),
    (fi.adam_second_moment, {"X": np.ones(4)}, "X", "shape"),
    (fi.adam_second_moment, {"y": [0.0, 1.0, 1.0]}, "y", "shape"),
    (fi.adam_second_moment, {"w0": [0.0, 0.0, 0.0]}, "w0", "shape"),
    (fi.compare_adam_and_fisher, {"X": np.full((4, 2), NAN)}, "X", "nan"),
    (fi.compare_adam_and_fisher, {"y": [NAN, 1.0, 1.0, 0.0]}, "y", "nan"),
    (fi.compare_adam_and_fisher, {"w0": [0.0, NAN]}, "w0", "nan"),
    (fi.compare_adam_and_fisher, {"lr": NAN}, "lr", "nan"),
    (fi.compare_adam_and_fisher, {"steps": NAN}, "steps", "nan"),
    (fi.compare_adam_and_fisher, {"batch_size": NAN}, "batch_size", "nan"),
    (fi.compare_adam_and_fisher, {"seed": NAN}, "seed", "nan"),
    (fi.compare_adam_and_fisher, {"y": [0.0, 1.0, 1.0, -1.0]}, "y", "range"),
    (fi.compare_adam_and_fisher, {"lr": math.inf}, "lr", "range"),
    (fi.compare_adam_and_fisher, {"steps": 0}, "steps", "range"),
    (fi.compare_adam_and_fisher, {"batch_size": 10}, "batch_size", "range"),
    (fi.compare_adam_and_fisher, {"seed": -3}, "seed", "range"),
    (fi.compare_adam_and_fisher, {"X": "X"}, "X", "type"),
    (fi.compare_adam_and_fisher, {"y": None}, "y", "type"),
    (fi.compare_adam_and_fisher, {"w0": "w"}, "w0", "type"),
    (fi.compare_adam_and_fisher, {"lr": None}, "lr", "type"),
    (fi.compare_adam_and_fisher, {"steps": "3"}, "steps", "type"),
    (fi.compare_adam_and_fisher, {"batch_size": 2.5}, "batch_size", "type"),
    (fi.compare_adam_and_fisher, {"seed": "0"}, "seed", "type"),
    (fi.compare_adam_and_fisher, {"X": np.ones((4, 2, 2))}, "X", "shape"),
    (fi.compare_adam_and_fisher, {"y": [0.0, 1.0]}, "y", "shape"),
    (fi.compare_adam_and_fisher, {"w0": [0.0]}, "w0", "shape"),
]



# ---------------------------------------------------------------- snippets.transformers (the transformer chapter)


def _tf_contraction(x):  # f(x) = x / 2: a valid residual branch for tf.invert_residual (Lip 1/2)
    return 0.5 * x


_TF_LAYER = tf.seeded_attention_layer(8, 2, 0)  # 2 heads of d_k = 4
_TF_TOKENS = np.linspace(-1.0, 1.0, 24).reshape(3, 8)  # 3 tokens of width 8
_TF_MLP = tf.residual_mlp(3, 4, 0.9, 0)

VALID.update({
    tf.attention_weights: {
        "q": [[1.0, 0.0], [0.0, 1.0]], "k": [[1.0, 0.5], [0.5, 1.0]], "scale": None, "causal": False,
    },
    tf.attention_entropy: {"weights": [[0.5, 0.5], [0.9, 0.1]]},
    tf.entropy_vs_temperature: {"q": [[1.0, 0.0]], "k": [[1.0, 0.5], [0.5, 1.0]], "temperatures": [0.5, 2.0]},
    tf.entropy_temperature_slope: {"q": [[1.0, 0.0]], "k": [[1.0, 0.5], [0.5, 1.0]], "temperature": 1.0},
    tf.entropy_vs_dk: {"dims": [2, 4], "n_queries": 3, "n_keys": 4, "seed": 0},
    tf.seeded_attention_layer: {"embed_dim": 8, "num_heads": 2, "seed": 0},
    tf.head_attention_weights: {"layer": _TF_LAYER, "x": _TF_TOKENS},
    tf.head_entropies: {"layer": _TF_LAYER, "x": _TF_TOKENS},
    tf.entropy_vs_qk_scale: {"layer": _TF_LAYER, "x": _TF_TOKENS, "scales": [1.0, 2.0]},
    tf.residual_mlp: {"width": 3, "hidden": 4, "lipschitz": 0.9, "seed": 0},
    tf.lipschitz_bound: {"module": _TF_MLP},
    tf.invert_residual: {"f": _tf_contraction, "y": [[1.0, 2.0], [0.0, -1.0]], "iterations": 10, "tol": 1e-9},
    tf.effective_rank: {"matrix": [[1.0, 0.0], [0.0, 2.0]]},
    tf.distance_from_identical_rows: {"matrix": [[1.0, 0.0], [0.0, 2.0]]},
    tf.depth_profile: {"n_tokens": 4, "width": 3, "depth": 2, "residual": True, "value_scale": 0.3, "seed": 0},
    tf.layer_norm: {"x": [[1.0, 2.0, 4.0]], "eps": 1e-5, "gamma": [1.0, 2.0, 1.0], "beta": [0.0, 0.5, 0.0]},
    tf.layernorm_removed: {"x": [[1.0, 2.0, 4.0], [0.0, 1.0, 0.0]]},
    tf.undo_layer_norm: {"normalized": [[-1.0, 0.0, 1.0]], "mean": [2.0], "std": [1.5]},
})

ROWS += [
    (tf.attention_weights, {"q": [[NAN, 0.0], [0.0, 1.0]]}, "q", "nan"),
    (tf.attention_weights, {"k": [[1.0, NAN], [0.5, 1.0]]}, "k", "nan"),
    (tf.attention_weights, {"scale": NAN}, "scale", "nan"),
    (tf.attention_weights, {"q": [[math.inf, 0.0], [0.0, 1.0]]}, "q", "range"),
    (tf.attention_weights, {"scale": -1.0}, "scale", "range"),
    (tf.attention_weights, {"scale": math.inf}, "scale", "range"),
    (tf.attention_weights, {"causal": True, "k": [[1.0, 0.5]]}, "causal", "range"),  # causal needs n_q = n_k
    (tf.attention_weights, {"q": "ab"}, "q", "type"),
    (tf.attention_weights, {"k": None}, "k", "type"),
    (tf.attention_weights, {"scale": "0.5"}, "scale", "type"),
    (tf.attention_weights, {"causal": 1}, "causal", "type"),
    (tf.attention_weights, {"q": [1.0, 0.0]}, "q", "shape"),
    (tf.attention_weights, {"k": [[1.0, 0.5, 0.0]]}, "k", "shape"),  # d_k differs from q's
    (tf.attention_weights, {"q": np.zeros((0, 2))}, "q", "shape"),
    (tf.attention_entropy, {"weights": [[0.5, NAN], [0.9, 0.1]]}, "weights", "nan"),
    (tf.attention_entropy, {"weights": [[1.5, -0.5], [0.9, 0.1]]}, "weights", "range"),
    (tf.attention_entropy, {"weights": [[0.5, 0.6], [0.9, 0.1]]}, "weights", "range"),  # a row sums to 1.1
    (tf.attention_entropy, {"weights": [[0.5, math.inf], [0.9, 0.1]]}, "weights", "range"),
    (tf.attention_entropy, {"weights": "ab"}, "weights", "type"),
    (tf.attention_entropy, {"weights": [[True, False]]}, "weights", "type"),
    (tf.attention_entropy, {"weights": np.full((2, 2, 2), 0.5)}, "weights", "shape"),
    (tf.attention_entropy, {"weights": np.zeros((2, 0))}, "weights", "shape"),
    (tf.attention_entropy, {"weights": 1.0}, "weights", "shape"),
    (tf.entropy_vs_temperature, {"q": [[NAN, 0.0]]}, "q", "nan"),
    (tf.entropy_vs_temperature, {"k": [[NAN, 0.5], [0.5, 1.0]]}, "k", "nan"),
    (tf.entropy_vs_temperature, {"temperatures": [NAN, 1.0]}, "temperatures", "nan"),
    (tf.entropy_vs_temperature, {"temperatures": [0.0, 1.0]}, "temperatures", "range"),
    (tf.entropy_vs_temperature, {"temperatures": [-1.0]}, "temperatures", "range"),
    (tf.entropy_vs_temperature, {"temperatures": [math.inf]}, "temperatures", "range"),
    (tf.entropy_vs_temperature, {"q": None}, "q", "type"),
    (tf.entropy_vs_temperature, {"temperatures": "hot"}, "temperatures", "type"),
    (tf.entropy_vs_temperature, {"temperatures": []}, "temperatures", "shape"),
    (tf.entropy_vs_temperature, {"temperatures": [[1.0]]}, "temperatures", "shape"),
    (tf.entropy_vs_temperature, {"k": [[1.0], [0.5]]}, "k", "shape"),
    (tf.entropy_temperature_slope, {"q": [[1.0, NAN]]}, "q", "nan"),
    (tf.entropy_temperature_slope, {"temperature": NAN}, "temperature", "nan"),
    (tf.entropy_temperature_slope, {"temperature": 0.0}, "temperature", "range"),
    (tf.entropy_temperature_slope, {"temperature": -2.0}, "temperature", "range"),
    (tf.entropy_temperature_slope, {"temperature": math.inf}, "temperature", "range"),
    (tf.entropy_temperature_slope, {"k": [[math.inf, 0.5], [0.5, 1.0]]}, "k", "range"),
    (tf.entropy_temperature_slope, {"temperature": "1"}, "temperature", "type"),
    (tf.entropy_temperature_slope, {"k": "k"}, "k", "type"),
    (tf.entropy_temperature_slope, {"q": [1.0, 0.0]}, "q", "shape"),
    (tf.entropy_temperature_slope, {"k": [[1.0, 0.5, 0.0]]}, "k", "shape"),
    (tf.entropy_vs_dk, {"dims": [2, NAN]}, "dims", "nan"),
    (tf.entropy_vs_dk, {"n_queries": NAN}, "n_queries", "nan"),
    (tf.entropy_vs_dk, {"n_keys": NAN}, "n_keys", "nan"),
    (tf.entropy_vs_dk, {"seed": NAN}, "seed", "nan"),
    (tf.entropy_vs_dk, {"dims": [0, 4]}, "dims", "range"),
    (tf.entropy_vs_dk, {"dims": [2, math.inf]}, "dims", "range"),
    (tf.entropy_vs_dk, {"n_queries": 0}, "n_queries", "range"),
    (tf.entropy_vs_dk, {"n_keys": 0}, "n_keys", "range"),
    (tf.entropy_vs_dk, {"seed": -1}, "seed", "range"),
    (tf.entropy_vs_dk, {"dims": [2.5]}, "dims", "type"),
    (tf.entropy_vs_dk, {"dims": "24"}, "dims", "type"),
    (tf.entropy_vs_dk, {"n_queries": "3"}, "n_queries", "type"),
    (tf.entropy_vs_dk, {"n_keys": 4.5}, "n_keys", "type"),
    (tf.entropy_vs_dk, {"seed": None}, "seed", "type"),
    (tf.entropy_vs_dk, {"dims": []}, "dims", "shape"),
    (tf.entropy_vs_dk, {"dims": [[2, 4]]}, "dims", "shape"),
    (tf.seeded_attention_layer, {"embed_dim": NAN}, "embed_dim", "nan"),
    (tf.seeded_attention_layer, {"num_heads": NAN}, "num_heads", "nan"),
    (tf.seeded_attention_layer, {"seed": NAN}, "seed", "nan"),
    (tf.seeded_attention_layer, {"embed_dim": 0}, "embed_dim", "range"),
    (tf.seeded_attention_layer, {"num_heads": 0}, "num_heads", "range"),
    (tf.seeded_attention_layer, {"num_heads": 3}, "num_heads", "range"),  # 3 does not divide 8
    (tf.seeded_attention_layer, {"seed": -1}, "seed", "range"),
    (tf.seeded_attention_layer, {"embed_dim": 8.5}, "embed_dim", "type"),
    (tf.seeded_attention_layer, {"num_heads": "2"}, "num_heads", "type"),
    (tf.seeded_attention_layer, {"seed": True}, "seed", "type"),
    (tf.head_attention_weights, {"x": np.full((3, 8), NAN)}, "x", "nan"),
    (tf.head_attention_weights, {"x": np.full((3, 8), math.inf)}, "x", "range"),
    (tf.head_attention_weights, {"layer": torch.nn.Linear(8, 8)}, "layer", "type"),
    (tf.head_attention_weights, {"layer": None}, "layer", "type"),
    (tf.head_attention_weights, {"x": "x"}, "x", "type"),
    (tf.head_attention_weights, {"x": np.zeros((3, 7))}, "x", "shape"),  # width 7, the layer has 8
    (tf.head_attention_weights, {"x": np.zeros(8)}, "x", "shape"),
    (tf.head_attention_weights, {"x": np.zeros((0, 8))}, "x", "shape"),
    (tf.head_entropies, {"x": np.full((3, 8), NAN)}, "x", "nan"),
    (tf.head_entropies, {"x": np.full((3, 8), -math.inf)}, "x", "range"),
    (tf.head_entropies, {"layer": "layer"}, "layer", "type"),
    (tf.head_entropies, {"x": None}, "x", "type"),
    (tf.head_entropies, {"x": np.zeros((3, 9))}, "x", "shape"),
    (tf.entropy_vs_qk_scale, {"x": np.full((3, 8), NAN)}, "x", "nan"),
    (tf.entropy_vs_qk_scale, {"scales": [1.0, NAN]}, "scales", "nan"),
    (tf.entropy_vs_qk_scale, {"scales": [0.0]}, "scales", "range"),
    (tf.entropy_vs_qk_scale, {"scales": [-2.0]}, "scales", "range"),
    (tf.entropy_vs_qk_scale, {"scales": [math.inf]}, "scales", "range"),
    (tf.entropy_vs_qk_scale, {"layer": _TF_MLP}, "layer", "type"),
    (tf.entropy_vs_qk_scale, {"scales": "big"}, "scales", "type"),
    (tf.entropy_vs_qk_scale, {"scales": []}, "scales", "shape"),
    (tf.entropy_vs_qk_scale, {"scales": [[1.0, 2.0]]}, "scales", "shape"),
    (tf.entropy_vs_qk_scale, {"x": np.zeros((3, 4))}, "x", "shape"),
    (tf.residual_mlp, {"width": NAN}, "width", "nan"),
    (tf.residual_mlp, {"hidden": NAN}, "hidden", "nan"),
    (tf.residual_mlp, {"lipschitz": NAN}, "lipschitz", "nan"),
    (tf.residual_mlp, {"seed": NAN}, "seed", "nan"),
    (tf.residual_mlp, {"width": 0}, "width", "range"),
    (tf.residual_mlp, {"hidden": 0}, "hidden", "range"),
    (tf.residual_mlp, {"lipschitz": 0.0}, "lipschitz", "range"),
    (tf.residual_mlp, {"lipschitz": -0.5}, "lipschitz", "range"),
    (tf.residual_mlp, {"lipschitz": math.inf}, "lipschitz", "range"),
    (tf.residual_mlp, {"seed": -1}, "seed", "range"),
    (tf.residual_mlp, {"width": 2.5}, "width", "type"),
    (tf.residual_mlp, {"hidden": "4"}, "hidden", "type"),
    (tf.residual_mlp, {"lipschitz": "0.9"}, "lipschitz", "type"),
    (tf.residual_mlp, {"seed": None}, "seed", "type"),
    (tf.lipschitz_bound, {"module": None}, "module", "type"),
    (tf.lipschitz_bound, {"module": torch.nn.Linear(2, 2)}, "module", "type"),  # not a Sequential
    (tf.lipschitz_bound, {"module": torch.nn.Sequential()}, "module", "type"),  # empty
    (tf.lipschitz_bound, {"module": torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Softplus(beta=4.0))},
     "module", "type"),  # Softplus(beta) is beta-Lipschitz: no bound claimed
    (tf.invert_residual, {"f": lambda x: x * NAN}, "f", "nan"),
    (tf.invert_residual, {"y": [[1.0, NAN], [0.0, -1.0]]}, "y", "nan"),
    (tf.invert_residual, {"iterations": NAN}, "iterations", "nan"),
    (tf.invert_residual, {"tol": NAN}, "tol", "nan"),
    (tf.invert_residual, {"y": [[1.0, math.inf], [0.0, -1.0]]}, "y", "range"),
    (tf.invert_residual, {"iterations": 0}, "iterations", "range"),
    (tf.invert_residual, {"tol": -1e-9}, "tol", "range"),
    (tf.invert_residual, {"tol": math.inf}, "tol", "range"),
    (tf.invert_residual, {"f": "f"}, "f", "type"),
    (tf.invert_residual, {"f": None}, "f", "type"),
    (tf.invert_residual, {"f": lambda: 0.0}, "f", "type"),  # wrong signature: f(y) fails
    (tf.invert_residual, {"f": lambda x: "x"}, "f", "type"),  # not an array
    (tf.invert_residual, {"y": "y"}, "y", "type"),
    (tf.invert_residual, {"iterations": 2.5}, "iterations", "type"),
    (tf.invert_residual, {"tol": "0"}, "tol", "type"),
    (tf.invert_residual, {"f": lambda x: x[:, :1]}, "f", "shape"),  # returns the wrong shape
    (tf.invert_residual, {"y": np.zeros((2, 2, 2))}, "y", "shape"),
    (tf.invert_residual, {"y": []}, "y", "shape"),
    (tf.effective_rank, {"matrix": [[1.0, NAN], [0.0, 2.0]]}, "matrix", "nan"),
    (tf.effective_rank, {"matrix": [[1.0, math.inf], [0.0, 2.0]]}, "matrix", "range"),
    (tf.effective_rank, {"matrix": np.zeros((2, 2))}, "matrix", "range"),  # no singular values to normalize
    (tf.effective_rank, {"matrix": "ab"}, "matrix", "type"),
    (tf.effective_rank, {"matrix": None}, "matrix", "type"),
    (tf.effective_rank, {"matrix": [1.0, 2.0]}, "matrix", "shape"),
    (tf.effective_rank, {"matrix": np.zeros((0, 3))}, "matrix", "shape"),
    (tf.distance_from_identical_rows, {"matrix": [[NAN, 0.0], [0.0, 2.0]]}, "matrix", "nan"),
    (tf.distance_from_identical_rows, {"matrix": [[-math.inf, 0.0], [0.0, 2.0]]}, "matrix", "range"),
    (tf.distance_from_identical_rows, {"matrix": np.zeros((3, 2))}, "matrix", "range"),  # 0 / 0
    (tf.distance_from_identical_rows, {"matrix": "ab"}, "matrix", "type"),
    (tf.distance_from_identical_rows, {"matrix": [[True, False]]}, "matrix", "type"),
    (tf.distance_from_identical_rows, {"matrix": np.zeros((2, 0))}, "matrix", "shape"),
    (tf.distance_from_identical_rows, {"matrix": np.ones((2, 2, 2))}, "matrix", "shape"),
    (tf.depth_profile, {"n_tokens": NAN}, "n_tokens", "nan"),
    (tf.depth_profile, {"width": NAN}, "width", "nan"),
    (tf.depth_profile, {"depth": NAN}, "depth", "nan"),
    (tf.depth_profile, {"value_scale": NAN}, "value_scale", "nan"),
    (tf.depth_profile, {"seed": NAN}, "seed", "nan"),
    (tf.depth_profile, {"n_tokens": 1}, "n_tokens", "range"),
    (tf.depth_profile, {"width": 0}, "width", "range"),
    (tf.depth_profile, {"depth": -1}, "depth", "range"),
    (tf.depth_profile, {"value_scale": 0.0}, "value_scale", "range"),
    (tf.depth_profile, {"value_scale": math.inf}, "value_scale", "range"),
    (tf.depth_profile, {"seed": -1}, "seed", "range"),
    (tf.depth_profile, {"n_tokens": 4.5}, "n_tokens", "type"),
    (tf.depth_profile, {"width": "3"}, "width", "type"),
    (tf.depth_profile, {"depth": None}, "depth", "type"),
    (tf.depth_profile, {"residual": 1}, "residual", "type"),
    (tf.depth_profile, {"residual": "yes"}, "residual", "type"),
    (tf.depth_profile, {"value_scale": "0.3"}, "value_scale", "type"),
    (tf.depth_profile, {"seed": 0.5}, "seed", "type"),
    (tf.layer_norm, {"x": [[1.0, NAN, 4.0]]}, "x", "nan"),
    (tf.layer_norm, {"eps": NAN}, "eps", "nan"),
    (tf.layer_norm, {"gamma": [1.0, NAN, 1.0]}, "gamma", "nan"),
    (tf.layer_norm, {"beta": [NAN, 0.5, 0.0]}, "beta", "nan"),
    (tf.layer_norm, {"x": [[1.0, math.inf, 4.0]]}, "x", "range"),
    (tf.layer_norm, {"eps": -1e-5}, "eps", "range"),
    (tf.layer_norm, {"eps": math.inf}, "eps", "range"),
    (tf.layer_norm, {"gamma": [1.0, math.inf, 1.0]}, "gamma", "range"),
    (tf.layer_norm, {"x": [[2.0, 2.0, 2.0]], "eps": 0.0}, "x", "range"),  # a constant token at eps = 0: 0/0
    (tf.layer_norm, {"x": "abc"}, "x", "type"),
    (tf.layer_norm, {"eps": "1e-5"}, "eps", "type"),
    (tf.layer_norm, {"gamma": "g"}, "gamma", "type"),
    (tf.layer_norm, {"beta": [True, False, True]}, "beta", "type"),
    (tf.layer_norm, {"x": 1.0}, "x", "shape"),
    (tf.layer_norm, {"x": np.zeros((2, 0))}, "x", "shape"),
    (tf.layer_norm, {"gamma": [1.0, 2.0]}, "gamma", "shape"),
    (tf.layer_norm, {"beta": [[0.0, 0.5, 0.0]]}, "beta", "shape"),
    (tf.layernorm_removed, {"x": [[1.0, 2.0, NAN], [0.0, 1.0, 0.0]]}, "x", "nan"),
    (tf.layernorm_removed, {"x": [[1.0, 2.0, math.inf], [0.0, 1.0, 0.0]]}, "x", "range"),
    (tf.layernorm_removed, {"x": None}, "x", "type"),
    (tf.layernorm_removed, {"x": [[1.0, 2.0], [0.0]]}, "x", "type"),  # ragged
    (tf.layernorm_removed, {"x": 3.0}, "x", "shape"),
    (tf.layernorm_removed, {"x": np.zeros((0, 3))}, "x", "shape"),
    (tf.undo_layer_norm, {"normalized": [[-1.0, NAN, 1.0]]}, "normalized", "nan"),
    (tf.undo_layer_norm, {"mean": [NAN]}, "mean", "nan"),
    (tf.undo_layer_norm, {"std": [NAN]}, "std", "nan"),
    (tf.undo_layer_norm, {"mean": [math.inf]}, "mean", "range"),
    (tf.undo_layer_norm, {"std": [-1.5]}, "std", "range"),
    (tf.undo_layer_norm, {"normalized": [[-1.0, 0.0, math.inf]]}, "normalized", "range"),
    (tf.undo_layer_norm, {"normalized": "z"}, "normalized", "type"),
    (tf.undo_layer_norm, {"mean": None}, "mean", "type"),
    (tf.undo_layer_norm, {"std": "1.5"}, "std", "type"),
    (tf.undo_layer_norm, {"normalized": np.zeros((1, 0))}, "normalized", "shape"),
    (tf.undo_layer_norm, {"mean": [2.0, 3.0]}, "mean", "shape"),
    (tf.undo_layer_norm, {"std": 1.5}, "std", "shape"),  # one token of a batch of 1: std must have shape (1,)
]


# ---------------------------------------------------------------- snippets.scaling (scaling laws)

_SC_MODEL = sc.CharTransformer(97, 16, 1, 8, 1)  # vocab 97, context 16: evaluate_nats needs >= 17 ids
_SC_IDS = np.arange(40) % 97
_SC_FIT = {"sizes": [1e3, 1e4, 1e5, 1e6], "losses": [3.0, 2.5, 2.2, 2.0]}

VALID.update({
    sc.kaplan_loss: {"n_params": 1e9, "n_c": 8.8e13, "alpha_n": 0.076},
    sc.chinchilla_loss: {"n_params": 1e9, "n_tokens": 2e10, "E": 1.69, "A": 406.4, "B": 410.7,
                         "alpha": 0.34, "beta": 0.28},
    sc.compute_optimal: {"compute": 1e21, "E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28},
    sc.bits_per_character: {"loss_nats_per_token": 1.5, "tokens": 1000, "characters": 4000},
    sc.fit_power_law: {**_SC_FIT, "irreducible": True},
    sc.encode: {"text": "def f(x):\n"},
    sc.decode: {"ids": [68, 69, 70]},
    sc.unigram_entropy_bits: {"ids": [0, 1, 1, 2]},
    sc.parameter_count: {"n_layers": 2, "d_model": 16},
    sc.evaluate_nats: {"model": _SC_MODEL, "ids": _SC_IDS, "max_windows": None},
    sc.run: {"mode": "smoke", "seed": 0, "device": "cpu", "progress": False},
    sc.load_results: {"mode": "quick"},
    sc.result: {"key": "alpha", "size": None, "mode": "quick"},
})

ROWS += [
    (sc.kaplan_loss, {"n_params": NAN}, "n_params", "nan"),
    (sc.kaplan_loss, {"n_c": NAN}, "n_c", "nan"),
    (sc.kaplan_loss, {"alpha_n": NAN}, "alpha_n", "nan"),
    (sc.kaplan_loss, {"n_params": 0.0}, "n_params", "range"),
    (sc.kaplan_loss, {"n_params": math.inf}, "n_params", "range"),
    (sc.kaplan_loss, {"n_c": -1.0}, "n_c", "range"),
    (sc.kaplan_loss, {"alpha_n": 0.0}, "alpha_n", "range"),
    (sc.kaplan_loss, {"n_params": "1e9"}, "n_params", "type"),
    (sc.kaplan_loss, {"n_c": None}, "n_c", "type"),
    (sc.kaplan_loss, {"alpha_n": True}, "alpha_n", "type"),
    (sc.chinchilla_loss, {"n_params": NAN}, "n_params", "nan"),
    (sc.chinchilla_loss, {"n_tokens": NAN}, "n_tokens", "nan"),
    (sc.chinchilla_loss, {"E": NAN}, "E", "nan"),
    (sc.chinchilla_loss, {"A": NAN}, "A", "nan"),
    (sc.chinchilla_loss, {"B": NAN}, "B", "nan"),
    (sc.chinchilla_loss, {"alpha": NAN}, "alpha", "nan"),
    (sc.chinchilla_loss, {"beta": NAN}, "beta", "nan"),
    (sc.chinchilla_loss, {"n_params": -1.0}, "n_params", "range"),
    (sc.chinchilla_loss, {"n_tokens": 0.0}, "n_tokens", "range"),
    (sc.chinchilla_loss, {"E": -0.1}, "E", "range"),
    (sc.chinchilla_loss, {"E": math.inf}, "E", "range"),
    (sc.chinchilla_loss, {"A": 0.0}, "A", "range"),
    (sc.chinchilla_loss, {"B": -1.0}, "B", "range"),
    (sc.chinchilla_loss, {"alpha": 0.0}, "alpha", "range"),
    (sc.chinchilla_loss, {"beta": math.inf}, "beta", "range"),
    (sc.chinchilla_loss, {"n_params": "1e9"}, "n_params", "type"),
    (sc.chinchilla_loss, {"n_tokens": None}, "n_tokens", "type"),
    (sc.chinchilla_loss, {"E": "1.69"}, "E", "type"),
    (sc.chinchilla_loss, {"A": [406.4]}, "A", "type"),
    (sc.chinchilla_loss, {"B": None}, "B", "type"),
    (sc.chinchilla_loss, {"alpha": True}, "alpha", "type"),
    (sc.chinchilla_loss, {"beta": "0.28"}, "beta", "type"),
    (sc.compute_optimal, {"compute": NAN}, "compute", "nan"),
    (sc.compute_optimal, {"E": NAN}, "E", "nan"),
    (sc.compute_optimal, {"A": NAN}, "A", "nan"),
    (sc.compute_optimal, {"B": NAN}, "B", "nan"),
    (sc.compute_optimal, {"alpha": NAN}, "alpha", "nan"),
    (sc.compute_optimal, {"beta": NAN}, "beta", "nan"),
    (sc.compute_optimal, {"compute": 0.0}, "compute", "range"),
    (sc.compute_optimal, {"compute": math.inf}, "compute", "range"),
    (sc.compute_optimal, {"E": -1.0}, "E", "range"),
    (sc.compute_optimal, {"A": -406.4}, "A", "range"),
    (sc.compute_optimal, {"B": 0.0}, "B", "range"),
    (sc.compute_optimal, {"alpha": -0.34}, "alpha", "range"),
    (sc.compute_optimal, {"beta": 0.0}, "beta", "range"),
    (sc.compute_optimal, {"compute": "1e21"}, "compute", "type"),
    (sc.compute_optimal, {"E": None}, "E", "type"),
    (sc.compute_optimal, {"A": "406.4"}, "A", "type"),
    (sc.compute_optimal, {"B": [410.7]}, "B", "type"),
    (sc.compute_optimal, {"alpha": None}, "alpha", "type"),
    (sc.compute_optimal, {"beta": False}, "beta", "type"),
    (sc.bits_per_character, {"loss_nats_per_token": NAN}, "loss_nats_per_token", "nan"),
    (sc.bits_per_character, {"tokens": NAN}, "tokens", "nan"),
    (sc.bits_per_character, {"characters": NAN}, "characters", "nan"),
    (sc.bits_per_character, {"loss_nats_per_token": -0.1}, "loss_nats_per_token", "range"),
    (sc.bits_per_character, {"loss_nats_per_token": math.inf}, "loss_nats_per_token", "range"),
    (sc.bits_per_character, {"tokens": 0}, "tokens", "range"),
    (sc.bits_per_character, {"characters": -4}, "characters", "range"),
    (sc.bits_per_character, {"loss_nats_per_token": "1.5"}, "loss_nats_per_token", "type"),
    (sc.bits_per_character, {"tokens": 2.5}, "tokens", "type"),
    (sc.bits_per_character, {"characters": None}, "characters", "type"),
    (sc.fit_power_law, {"sizes": [1e3, NAN, 1e5, 1e6]}, "sizes", "nan"),
    (sc.fit_power_law, {"losses": [3.0, 2.5, NAN, 2.0]}, "losses", "nan"),
    (sc.fit_power_law, {"sizes": [0.0, 1e4, 1e5, 1e6]}, "sizes", "range"),
    (sc.fit_power_law, {"sizes": [1e3, 1e4, 1e5, math.inf]}, "sizes", "range"),
    (sc.fit_power_law, {"losses": [3.0, 2.5, 2.2, -2.0]}, "losses", "range"),
    (sc.fit_power_law, {"sizes": [1e3, 1e3, 1e3, 1e6]}, "sizes", "range"),  # < 3 distinct sizes
    (sc.fit_power_law, {"sizes": "1e3"}, "sizes", "type"),
    (sc.fit_power_law, {"losses": None}, "losses", "type"),
    (sc.fit_power_law, {"irreducible": 1}, "irreducible", "type"),
    (sc.fit_power_law, {"irreducible": None}, "irreducible", "type"),
    (sc.fit_power_law, {"sizes": [1e3, 1e4, 1e5], "losses": [3.0, 2.5, 2.2]}, "sizes", "shape"),  # 3 < 4 points
    (sc.fit_power_law, {"sizes": [[1e3, 1e4, 1e5, 1e6]]}, "sizes", "shape"),
    (sc.fit_power_law, {"losses": [3.0, 2.5, 2.2]}, "losses", "shape"),
    (sc.encode, {"text": None}, "text", "type"),
    (sc.encode, {"text": b"def"}, "text", "type"),
    (sc.encode, {"text": ["d", "e", "f"]}, "text", "type"),
    (sc.decode, {"ids": [68, NAN]}, "ids", "nan"),
    (sc.decode, {"ids": [68, 97]}, "ids", "range"),
    (sc.decode, {"ids": [-1, 68]}, "ids", "range"),
    (sc.decode, {"ids": [68.5, 69]}, "ids", "range"),
    (sc.decode, {"ids": "def"}, "ids", "type"),
    (sc.decode, {"ids": None}, "ids", "type"),
    (sc.decode, {"ids": [[68, 69]]}, "ids", "shape"),
    (sc.unigram_entropy_bits, {"ids": [0, NAN]}, "ids", "nan"),
    (sc.unigram_entropy_bits, {"ids": [0, -1]}, "ids", "range"),
    (sc.unigram_entropy_bits, {"ids": [0, 0.5]}, "ids", "range"),
    (sc.unigram_entropy_bits, {"ids": "abc"}, "ids", "type"),
    (sc.unigram_entropy_bits, {"ids": [True, False]}, "ids", "type"),
    (sc.unigram_entropy_bits, {"ids": []}, "ids", "shape"),
    (sc.unigram_entropy_bits, {"ids": [[0, 1]]}, "ids", "shape"),
    (sc.parameter_count, {"n_layers": NAN}, "n_layers", "nan"),
    (sc.parameter_count, {"d_model": NAN}, "d_model", "nan"),
    (sc.parameter_count, {"n_layers": 0}, "n_layers", "range"),
    (sc.parameter_count, {"d_model": -16}, "d_model", "range"),
    (sc.parameter_count, {"n_layers": 1.5}, "n_layers", "type"),
    (sc.parameter_count, {"d_model": "16"}, "d_model", "type"),
    (sc.parameter_count, {"n_layers": None}, "n_layers", "type"),
    (sc.evaluate_nats, {"ids": np.full(40, NAN)}, "ids", "nan"),
    (sc.evaluate_nats, {"max_windows": NAN}, "max_windows", "nan"),
    (sc.evaluate_nats, {"ids": np.full(40, 97)}, "ids", "range"),
    (sc.evaluate_nats, {"ids": np.full(40, -1)}, "ids", "range"),
    (sc.evaluate_nats, {"max_windows": 0}, "max_windows", "range"),
    (sc.evaluate_nats, {"model": None}, "model", "type"),
    (sc.evaluate_nats, {"model": torch.nn.Linear(2, 2)}, "model", "type"),
    (sc.evaluate_nats, {"ids": "def f(x):"}, "ids", "type"),
    (sc.evaluate_nats, {"max_windows": 1.5}, "max_windows", "type"),
    (sc.evaluate_nats, {"ids": np.arange(16)}, "ids", "shape"),  # < context + 1 = 17 characters
    (sc.evaluate_nats, {"ids": np.zeros((2, 20))}, "ids", "shape"),
    (sc.run, {"seed": NAN}, "seed", "nan"),
    (sc.run, {"mode": "medium"}, "mode", "range"),
    (sc.run, {"seed": -1}, "seed", "range"),
    (sc.run, {"device": "tpu"}, "device", "range"),
    (sc.run, {"mode": None}, "mode", "type"),
    (sc.run, {"seed": 1.5}, "seed", "type"),
    (sc.run, {"device": 0}, "device", "type"),
    (sc.run, {"progress": "no"}, "progress", "type"),
    (sc.load_results, {"mode": "smoke"}, "mode", "range"),
    (sc.load_results, {"mode": None}, "mode", "type"),
    (sc.result, {"key": "beta"}, "key", "range"),
    (sc.result, {"key": "val_loss"}, "key", "range"),  # a column: needs size=
    (sc.result, {"key": "mode", "size": 0}, "key", "range"),  # not a column of the rows
    (sc.result, {"size": 99}, "size", "range"),
    (sc.result, {"size": NAN}, "size", "nan"),
    (sc.result, {"mode": "smoke"}, "mode", "range"),
    (sc.result, {"key": None}, "key", "type"),
    (sc.result, {"size": "0"}, "size", "type"),
    (sc.result, {"size": True}, "size", "type"),
    (sc.result, {"mode": 1}, "mode", "type"),
]


@pytest.mark.parametrize(
    ("function", "bad", "name", "kind"),
    ROWS,
    ids=[f"{f.__name__}-{next(iter(b))}-{k}-{i}" for i, (f, b, _, k) in enumerate(ROWS)],
)
def test_bad_argument_raises_value_error_naming_it(function, bad, name, kind):
    function(**VALID[function])  # the base call is valid, so the row tests only its change
    with pytest.raises(ValueError, match=rf"^{re.escape(name)}\b"):
        function(**{**VALID[function], **bad})


# ---------------------------------------------------------------- completeness of the table


def _public_modules():
    """snippets and each of its modules and subpackages, except examples and private names."""
    modules = [snippets]
    for info in pkgutil.walk_packages(snippets.__path__, prefix="snippets."):
        parts = info.name.split(".")
        if parts[1] == "examples" or any(part.startswith("_") for part in parts):
            continue
        modules.append(importlib.import_module(info.name))
    return modules


def _public_functions():
    """{function: "module.name"} for every public function: a module's ``__all__`` if it has one,
    else the functions defined in it whose names do not start with ``_``."""
    found = {}
    for module in _public_modules():
        if hasattr(module, "__all__"):
            names = list(module.__all__)
        else:
            names = [
                name for name, obj in vars(module).items()
                if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not name.startswith("_")
            ]
        for name in names:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                found.setdefault(obj, f"{module.__name__}.{name}")
    return found


PUBLIC = _public_functions()
# A function without parameters has no argument to spoil (e.g. the figure-data functions).
WITH_ARGUMENTS = {f: name for f, name in PUBLIC.items() if inspect.signature(f).parameters}


def _is_number_or_numbers(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, numbers.Real):
        return True
    if isinstance(value, (list, tuple, np.ndarray)):
        try:
            return np.asarray(value).dtype.kind in "iuf"
        except ValueError:  # ragged
            return False
    return False


def _needed_kinds(function):
    """Kinds of rows a function needs, read off its valid call: a wrong type always; NaN and out of
    range when it takes numbers (every numeric argument here has a domain, at least "finite"); a
    wrong shape when it takes lists or arrays."""
    values = VALID[function].values()
    needed = {"type"}
    if any(_is_number_or_numbers(v) for v in values):
        needed |= {"nan", "range"}
    if any(isinstance(v, (list, tuple, np.ndarray)) for v in values):
        needed.add("shape")
    return needed


def test_discovery_sees_the_pac_bayes_chapter():
    # The walk must reach the subpackages: every export of snippets.pacbayes, and the figure
    # functions of snippets.pacbayes.figures (a module without __all__), are found.
    from snippets.pacbayes import figures

    assert {getattr(pb, name) for name in pb.__all__} <= WITH_ARGUMENTS.keys()
    assert {figures.bound_vs_kl_figure, figures.bound_vs_m_figure} <= PUBLIC.keys()
    assert not any(name.startswith(("snippets.examples", "snippets._")) for name in PUBLIC.values())


@pytest.mark.parametrize("function", list(WITH_ARGUMENTS), ids=list(WITH_ARGUMENTS.values()))
def test_every_public_function_has_validation_rows(function):
    qualified = WITH_ARGUMENTS[function]
    assert function in VALID, f"{qualified} has no valid base call in VALID (tests/test_snippet_validation.py)"
    kinds = {k for f, _, _, k in ROWS if f is function}
    assert kinds, f"{qualified} has no rows in ROWS (tests/test_snippet_validation.py)"
    missing = _needed_kinds(function) - kinds
    assert not missing, f"{qualified} lacks validation rows of kind {sorted(missing)}"


@pytest.mark.parametrize("function", list(WITH_ARGUMENTS), ids=list(WITH_ARGUMENTS.values()))
def test_every_parameter_has_a_row(function):
    qualified = WITH_ARGUMENTS[function]
    parameters = set(inspect.signature(function).parameters)
    assert set(VALID.get(function, {})) == parameters, f"the valid call of {qualified} must give every parameter"
    spoilt = {arg for f, bad, _, _ in ROWS if f is function for arg in bad}
    assert parameters <= spoilt, f"{qualified}: no row spoils {sorted(parameters - spoilt)}"


def test_the_table_names_only_public_functions():
    for function in VALID.keys() | {f for f, _, _, _ in ROWS}:
        assert function in WITH_ARGUMENTS, f"{function.__qualname__} is in the table but not a public function"
