"""Every public function of the snippets package declares its parameters' domains and rejects what
lies outside them with a ValueError whose message starts with the parameter's name.

The bad inputs are generated from the declarations (``snippets._domains``, read by
``tests/domain_examples.py``): each domain yields values outside it, and each is put into the
function's valid call below, one parameter at a time. What a declaration cannot state, a relation
between parameters (sizes that must agree with a model, a degree below the number of points), is a
row of RELATIONS, whose values each lie inside their own parameter's domain. The completeness tests
discover every public function of every module of ``snippets`` (except the worked examples in
``snippets.examples`` and private ``_`` names), so a new chapter's functions fail here until they
declare their domains and have a valid call.
"""

import importlib
import inspect
import math
import pkgutil
import re
import reprlib

import numpy as np
import pytest
from domain_examples import bad_examples, strategy
from hypothesis import given, settings
from hypothesis import strategies as st

import snippets
import snippets.compression as cb
import snippets.dziugaite as dz
import snippets.fisher as fi
import snippets.fisher.explorers as fi_explorers
import snippets.mdl as mdl
import snippets.mdl.explorers as mdl_explorers
import snippets.mdl.figures as mdl_figures
import snippets.pacbayes as pb
import snippets.pacbayes.explorers as pb_explorers
import snippets.scaling as sc
import snippets.transformers as tf
import snippets.transformers.explorers as tf_explorers
from snippets._domains import Array, Integer, Optional, Real, Rule, Values

NAN = math.nan

# A valid call for each public function; each generated case and each row of RELATIONS changes
# exactly one argument.
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

# (function, the one bad argument, the name the message must start with, kind of mistake): values
# inside their parameter's domain that break a relation to another parameter.
RELATIONS = [
    (pb.kl_diag_gaussians, {"sigma_q": [1.0, 2.0, 3.0]}, "sigma_q", "shape"),
    (pb.kl_diag_gaussians, {"mu_p": [0.0]}, "mu_p", "shape"),
    (pb.kl_diag_gaussians, {"sigma_p": [1.0, 1.0, 1.0]}, "sigma_p", "shape"),
    (pb.empirical_rademacher, {"predictions": np.ones((3, 5))}, "sigma", "shape"),  # the later one is blamed
    (pb.fit_random_labels, {"sigma": np.array([1.0, -1.0, 1.0])}, "sigma", "shape"),
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
        "seed": 0, "device": "cpu", "progress": False, "c": 0.1, "delta": 0.025, "delta_prime": 0.01,
    },
    dz.scale_grid_bound: {"err_bound": 0.05, "kl": 500.0, "m": 1000, "delta": 0.025, "j": 3, "n_scales": 5},
    dz.run_scale_grid: {
        "scales": [0.1, 1.0], "dataset": "digits", "mnist_path": None, "hidden": (4,), "mode": "smoke",
        "seed": 0, "device": "cpu", "progress": False,
    },
    dz.load_scale_grid: {"dataset": "digits", "mode": "quick"},
    dz.scale_grid_result: {"key": "kl", "c": 0.3, "mode": "quick", "dataset": "digits"},
    dz.scale_grid_price: {"mode": "quick", "dataset": "digits"},
})

RELATIONS += [
    (dz.load_digits_binary, {"test_fraction": 1e-6}, "test_fraction", "range"),  # an empty test set
    (dz.error_rate, {"w": np.zeros(12)}, "w", "shape"),
    (dz.error_rate, {"x": np.zeros((4, 3))}, "x", "shape"),
    (dz.error_rate, {"y": np.array([0, 1, 0])}, "y", "shape"),
    (dz.train_sgd, {"y": np.array([0, 1])}, "y", "shape"),
    (dz.kl_to_prior, {"log_s": [-1.0]}, "log_s", "shape"),
    (dz.kl_to_prior, {"w0": [0.0, 0.0, 0.0]}, "w0", "shape"),
    (dz.union_bound_term, {"lam": 0.1}, "lam", "range"),  # lam >= c: not a grid point (j < 1)
    (dz.b_re, {"lam": 0.5}, "lam", "range"),
    (dz.relaxed_objective, {"w": np.zeros(14)}, "log_s", "shape"),  # sizes disagree: the later one is blamed
    (dz.relaxed_objective, {"log_s": np.zeros(12)}, "log_s", "shape"),
    (dz.relaxed_objective, {"eps": np.zeros(3)}, "eps", "shape"),
    (dz.relaxed_objective, {"x": np.zeros((4, 5))}, "x", "shape"),
    (dz.relaxed_objective, {"y": np.zeros(3)}, "y", "shape"),
    (dz.optimize_posterior, {"log_lam_init": -2.0}, "log_lam_init", "range"),  # above lam_1 = c e^{-1/b}
    (dz.optimize_posterior, {"w0": np.zeros(12)}, "w", "shape"),  # sizes disagree: the later one is blamed
    (dz.optimize_posterior, {"x": np.zeros((4, 1))}, "x", "shape"),
    (dz.optimize_posterior, {"y": np.zeros(5)}, "y", "shape"),
    (dz.snn_error_mc, {"w": np.zeros(2)}, "log_s", "shape"),  # sizes disagree: the later one is blamed
    (dz.snn_error_mc, {"log_s": np.zeros(14)}, "log_s", "shape"),
    (dz.snn_error_mc, {"y": np.zeros(2)}, "y", "shape"),
    (dz.run, {"mnist_path": "/tmp"}, "mnist_path", "range"),  # a path is for dataset="mnist" only
    (dz.run, {"dataset": "mnist"}, "mnist_path", "range"),  # ... which needs one
    (dz.load_results, {"dataset": "mnist"}, "dataset", "range"),  # no committed MNIST results: missing file
    (dz.result, {"key": "accuracy"}, "key", "range"),
    (dz.result, {"key": "dataset"}, "key", "range"),  # in the row, but not a number
    (dz.run_scale_grid, {"mnist_path": "/tmp"}, "mnist_path", "range"),  # passed on to run
    (dz.load_scale_grid, {"dataset": "mnist"}, "dataset", "range"),  # no committed MNIST grid: missing file
    (dz.scale_grid_result, {"c": 0.2}, "c", "range"),  # not one of the file's scales
    (dz.scale_grid_result, {"key": "accuracy"}, "key", "range"),
]

# ---------------------------------------------------------------- snippets.mdl (the MDL chapters)

# ---------------------------------------------------------------- snippets.mdl: codes and compression
# (needs `import snippets.mdl as mdl` at the top of this file)

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
    mdl.integer_frequencies: {"probs": _P2},
    mdl.compress_bytes: {"data": b"abcabcabc", "method": "zlib"},
    mdl.compressed_bits: {"data": b"abcabcabc", "method": "lzma"},
    mdl.structured_and_random_bytes: {"n": 100, "seed": 0},
})

RELATIONS += [
    (mdl.huffman_encode, {"symbols": [0, 2]}, "symbols", "range"),  # no codeword for symbol 2
    (mdl.huffman_decode, {"bits": "011"}, "bits", "range"),  # "11" starts no codeword
    (mdl.huffman_decode, {"bits": "01"}, "bits", "range"),  # ends inside a codeword
    (mdl.expected_length, {"code": {0: "0"}}, "code", "range"),  # no codeword for symbol 1
    (mdl.expected_length, {"code": {0: "0", 1: "10", 2: "11"}}, "code", "range"),  # symbol 2 not in probs
    (mdl.arithmetic_encode, {"symbols": [0, 2]}, "symbols", "range"),  # out of range of probs
    (mdl.arithmetic_encode, {"probs": [1.0, 0.0], "symbols": [0, 1]}, "symbols", "range"),  # probability 0
    (mdl.arithmetic_decode, {"bits": "0110"}, "bits", "range"),  # not the codeword of any message
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
    mdl.beta_bernoulli_map: {"heads": 3, "tails": 1, "a": 1.0, "b": 1.0, "coordinate": "p"},
    mdl.bernoulli_two_part_code: {"heads": 3, "tails": 1, "a": 1.0, "b": 1.0, "max_precision_bits": 4},
    mdl_figures.cv_overshoot_count: {"samples": 1, "fold_seed_offset": 0},
})

RELATIONS += [
    (mdl.two_part_code_length, {"degree": 11}, "degree", "range"),  # 12 points leave no residual
    (mdl.two_part_code_length, {"y": np.zeros(11)}, "y", "shape"),
    (mdl.select_degree_mdl, {"max_degree": 11}, "max_degree", "range"),
    (mdl.select_degree_mdl, {"y": np.zeros(13)}, "y", "shape"),
    (mdl.cv_squared_error, {"degree": 7}, "degree", "range"),  # 3 folds: fits on 8 points, degree <= 6
    (mdl.cv_squared_error, {"folds": 13}, "folds", "range"),  # more folds than points
    (mdl.select_degree_cv, {"max_degree": 7}, "max_degree", "range"),
    (mdl.select_degree_cv, {"y": np.zeros(11)}, "y", "shape"),
    (mdl.bic, {"degree": 11}, "degree", "range"),
    (mdl.bic, {"y": np.zeros(3)}, "y", "shape"),
    (mdl.select_degree_bic, {"max_degree": 11}, "max_degree", "range"),
    (mdl.map_hypothesis, {"log_likelihood": [-1.0]}, "log_likelihood", "shape"),
    (mdl.mdl_hypothesis, {"data_code_bits": [1.0, 2.0, 3.0]}, "data_code_bits", "shape"),
    (mdl.coin_code_lengths, {"prior": [0.5, 0.5]}, "prior", "shape"),
    (mdl.extra_code_length_bits, {"p": [1.0]}, "p", "shape"),
    (mdl.ridge_map, {"y": [1.0, 2.0]}, "y", "shape"),
    (mdl.sgd_step_with_weight_decay, {"grad": [0.1, 0.2, 0.3]}, "grad", "shape"),
    (mdl.adam_l2_vs_adamw, {"y": [1.0, 2.0]}, "y", "shape"),
    (mdl.adam_l2_vs_adamw, {"w0": [0.0, 0.0, 0.0]}, "w0", "shape"),
    (mdl.beta_bernoulli_map, {"heads": 0}, "heads", "range"),  # a + heads = 1: the density of p peaks at 0
    (mdl.beta_bernoulli_map, {"tails": 0}, "tails", "range"),  # b + tails = 1: it peaks at 1
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

RELATIONS += [
    (fi.fisher_autograd, {"log_prob": lambda theta, x: theta.sum() * NAN}, "log_prob", "nan"),
    (fi.fisher_autograd, {"log_prob": lambda theta, x: theta.log().sum()}, "log_prob", "range"),  # ln 0
    (fi.fisher_autograd, {"log_prob": lambda theta, x: theta * x}, "log_prob", "shape"),  # not a scalar
    (fi.fisher_autograd, {"log_prob": lambda theta: theta.sum()}, "log_prob", "type"),  # wrong signature
    (fi.fisher_autograd, {"log_prob": lambda theta, x: float(theta.sum())}, "log_prob", "type"),  # not a tensor
    (fi.kl_quadratic, {"d": [0.1]}, "d", "shape"),
    (fi.kl_categorical, {"q": [0.5, 0.5]}, "q", "shape"),  # not the length of p
]


# ---------------------------------------------------------------- snippets.fisher: natural gradient and Adam
# (needs `import snippets.fisher as fi` at the top of this file)

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

RELATIONS += [
    (fi.natural_gradient, {"fisher": [[1.0, 0.0], [0.0, -1.0]]}, "fisher", "range"),  # not PSD
    (fi.natural_gradient, {"fisher": [[1.0, 1.0], [1.0, 1.0]]}, "fisher", "range"),  # singular, no damping
    (fi.natural_gradient, {"grad": [1.0, 2.0, 3.0]}, "grad", "shape"),
    (fi.steepest_descent_in_kl, {"fisher": [[1.0, 1.0], [1.0, 1.0]]}, "fisher", "range"),  # singular
    (fi.steepest_descent_in_kl, {"fisher": np.eye(3)}, "grad", "shape"),  # grad has 2 entries
    (fi.logistic_loss_grad_fisher, {"w": [0.0, 0.0, 0.0]}, "X", "shape"),  # sizes disagree: the later one is blamed
    (fi.logistic_loss_grad_fisher, {"y": [0.0, 1.0]}, "y", "shape"),
    (fi.gradient_descent, {"y": [0.0, 1.0, 1.0]}, "y", "shape"),
    (fi.gradient_descent, {"w0": [0.0]}, "w0", "shape"),
    (fi.natural_gradient_descent, {"X": [[1.0, 1.0], [1.0, 1.0], [2.0, 2.0], [-1.0, -1.0]]}, "damping", "range"),
    (fi.natural_gradient_descent, {"w0": [0.0, 0.0, 0.0]}, "w0", "shape"),
    (fi.fisher_diagonals, {"w": [0.5]}, "X", "shape"),  # sizes disagree: the later one is blamed
    (fi.fisher_diagonals, {"y": [0.0, 1.0, 1.0, 0.0, 1.0]}, "y", "shape"),
    (fi.expected_squared_minibatch_gradient, {"batch_size": 5}, "batch_size", "range"),  # > n = 4
    (fi.expected_squared_minibatch_gradient, {"w": [0.5, -0.5, 0.0]}, "X", "shape"),  # the later one is blamed
    (fi.expected_squared_minibatch_gradient, {"y": [0.0, 1.0]}, "y", "shape"),
    (fi.adam_second_moment, {"batch_size": 5}, "batch_size", "range"),  # > n = 4
    (fi.adam_second_moment, {"y": [0.0, 1.0, 1.0]}, "y", "shape"),
    (fi.adam_second_moment, {"w0": [0.0, 0.0, 0.0]}, "w0", "shape"),
    (fi.compare_adam_and_fisher, {"batch_size": 10}, "batch_size", "range"),
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

RELATIONS += [
    (tf.attention_weights, {"causal": True, "k": [[1.0, 0.5]]}, "causal", "range"),  # causal needs n_q = n_k
    (tf.attention_weights, {"k": [[1.0, 0.5, 0.0]]}, "k", "shape"),  # d_k differs from q's
    (tf.entropy_vs_temperature, {"k": [[1.0], [0.5]]}, "k", "shape"),
    (tf.entropy_temperature_slope, {"k": [[1.0, 0.5, 0.0]]}, "k", "shape"),
    (tf.seeded_attention_layer, {"num_heads": 3}, "num_heads", "range"),  # 3 does not divide 8
    (tf.head_attention_weights, {"x": np.zeros((3, 7))}, "x", "shape"),  # width 7, the layer has 8
    (tf.head_entropies, {"x": np.zeros((3, 9))}, "x", "shape"),
    (tf.entropy_vs_qk_scale, {"x": np.zeros((3, 4))}, "x", "shape"),
    (tf.invert_residual, {"f": lambda x: x * NAN}, "f", "nan"),
    (tf.invert_residual, {"f": lambda: 0.0}, "f", "type"),  # wrong signature: f(y) fails
    (tf.invert_residual, {"f": lambda x: "x"}, "f", "type"),  # not an array
    (tf.invert_residual, {"f": lambda x: x[:, :1]}, "f", "shape"),  # returns the wrong shape
    (tf.effective_rank, {"matrix": np.zeros((2, 2))}, "matrix", "range"),  # no singular values to normalize
    (tf.distance_from_identical_rows, {"matrix": np.zeros((3, 2))}, "matrix", "range"),  # 0 / 0
    (tf.layer_norm, {"x": [[2.0, 2.0, 2.0]], "eps": 0.0}, "x", "range"),  # a constant token at eps = 0: 0/0
    (tf.layer_norm, {"gamma": [1.0, 2.0]}, "gamma", "shape"),
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
    sc.bootstrap_power_law: {**_SC_FIT, "resamples": 5, "level": 0.95, "seed": 0},
    sc.leave_one_out_power_law: {"sizes": [1e3, 1e4, 1e5, 1e6, 1e7], "losses": [3.0, 2.5, 2.2, 2.0, 1.9]},
    sc.encode: {"text": "def f(x):\n"},
    sc.decode: {"ids": [68, 69, 70]},
    sc.unigram_entropy_bits: {"ids": [0, 1, 1, 2]},
    sc.parameter_count: {"n_layers": 2, "d_model": 16},
    sc.evaluate_nats: {"model": _SC_MODEL, "ids": _SC_IDS, "max_windows": None},
    sc.train_model: {"size": (1, 4, 1), "settings": {**sc.SETTINGS["smoke"], "steps": 2}, "train_ids": _SC_IDS,
                     "seed": 0, "device": "cpu", "bar": None},
    sc.run: {"mode": "smoke", "seed": 0, "device": "cpu", "progress": False},
    sc.load_results: {"mode": "quick"},
    sc.result: {"key": "alpha", "size": None, "mode": "quick"},
    sc.exponent: {"key": "no_floor", "mode": "quick"},  # not a bootstrap key: 2,000 refits take 15 s
})

RELATIONS += [
    (sc.fit_power_law, {"sizes": [1e3, 1e3, 1e3, 1e6]}, "sizes", "range"),  # < 3 distinct sizes
    (sc.fit_power_law, {"sizes": [1e3, 1e4, 1e5], "losses": [3.0, 2.5, 2.2]}, "sizes", "shape"),  # 3 < 4 points
    (sc.fit_power_law, {"losses": [3.0, 2.5, 2.2]}, "losses", "shape"),
    (sc.bootstrap_power_law, {"losses": [3.0, 0.05, 2.2, 0.05]}, "losses", "range"),  # resampled losses <= 0
    (sc.leave_one_out_power_law, {"sizes": [1e3, 1e4, 1e5, 1e6], "losses": [3.0, 2.5, 2.2, 2.0]}, "sizes", "shape"),
    (sc.leave_one_out_power_law, {"sizes": [1e3, 1e3, 1e3, 1e6, 1e7]}, "sizes", "range"),  # < 4 distinct sizes
    (sc.evaluate_nats, {"ids": np.full(40, 97)}, "ids", "range"),
    (sc.evaluate_nats, {"ids": np.arange(16)}, "ids", "shape"),  # < context + 1 = 17 characters
    (sc.result, {"key": "beta"}, "key", "range"),
    (sc.result, {"key": "val_loss"}, "key", "range"),  # a column: needs size=
    (sc.result, {"key": "mode", "size": 0}, "key", "range"),  # not a column of the rows
    (sc.result, {"size": 99}, "size", "range"),
]

# ---------------------------------------------------------------- snippets.compression (compression bounds)

_CB_W13 = _MLP.init_weights(0)  # a torch tensor: the 13 weights of _MLP
_CB_NET = cb.quantize_mlp(_MLP, _CB_W13, 2)
_CB_BITS = cb.encode_network(_CB_NET)
_CB_TF_NET = cb.quantize_transformer(_SC_MODEL, 2)
_CB_LM = {"train_bits": 2.0, "code_bits": 1000.0, "delta": 0.025, "alpha": 0.1, "vocab_size": 97}

VALID.update({
    cb.elias_gamma: {"n": 5},
    cb.elias_delta: {"n": 5},
    cb.elias_gamma_length: {"n": 5},
    cb.elias_delta_length: {"n": 5},
    cb.read_elias_gamma: {"bits": "00101", "position": 0},
    cb.read_elias_delta: {"bits": "01101", "position": 0},
    cb.composition_code_length: {"n": 5, "k": 3},
    cb.encode_composition: {"counts": [2, 1, 2]},
    cb.read_composition: {"bits": "011", "position": 0, "n": 5, "k": 3},
    cb.kmeans_1d: {"values": [0.0, 1.0, 2.0, 10.0], "k": 2, "iterations": 10},
    cb.quantize: {"values": [0.0, 1.0, 2.0, 10.0], "k": 2, "iterations": 10},
    cb.quantize_mlp: {"mlp": _MLP, "w": _CB_W13, "k": 2},
    cb.quantize_transformer: {"model": _SC_MODEL, "k": 2},
    cb.to_mlp: {"network": _CB_NET},
    cb.to_transformer: {"network": _CB_TF_NET},
    cb.encode_network: {"network": _CB_NET},
    cb.decode_network: {"bits": _CB_BITS},
    cb.code_length_parts: {"network": _CB_NET},
    cb.occam_bound: {"train_error": 0.05, "code_bits": 400.0, "m": 1438, "delta": 0.025},
    cb.occam_binomial_bound: {"errors": 5, "code_bits": 40.0, "m": 100, "delta": 0.025},
    cb.pointmass_pac_bayes_bound: {"train_error": 0.05, "code_bits": 400.0, "m": 1438, "delta": 0.025},
    cb.smoothed_bits: {"p_true": [0.5, 0.1], "alpha": 0.1, "vocab_size": 97},
    cb.smoothed_loss_range: {"alpha": 0.1, "vocab_size": 97},
    cb.lm_occam_bound: {**_CB_LM, "m": 8000},
    cb.units_needed: {**_CB_LM, "target_bits": 6.6},
    cb.prune_hidden_units: {"mlp": _MLP, "w": _CB_W13, "keep": 2},
    cb.tune_codebooks: {"network": _CB_NET, "x": _X4, "y": _Y4, "epochs": 1, "lr": 0.01, "seed": 0},
    cb.run_digits: {"mode": "smoke", "seed": 0, "device": "cpu", "progress": False, "delta": 0.025},
    cb.evaluate_smoothed_bits: {"model": _SC_MODEL, "ids": _SC_IDS, "alpha": 0.1, "max_windows": None},
    cb.run_language_model: {"mode": "smoke", "seed": 0, "device": "cpu", "progress": False, "alpha": 0.1,
                            "delta": 0.025},
    cb.run: {"mode": "smoke", "seed": 0, "device": "cpu", "progress": False},
    cb.load_results: {"mode": "quick"},
    cb.result: {"key": "occam_bound", "section": "digits", "mode": "quick"},
    cb.tradeoff: {"key": "occam_bound", "k": 3, "width": None, "section": "digits", "mode": "quick"},
})

RELATIONS += [
    (cb.read_elias_gamma, {"bits": "000"}, "bits", "range"),  # ends inside a codeword
    (cb.read_elias_gamma, {"position": 6}, "position", "range"),  # beyond the 5 bits
    (cb.read_elias_delta, {"bits": "0110"}, "bits", "range"),  # gamma(3) = 011 promises 2 more bits
    (cb.composition_code_length, {"k": 6}, "k", "range"),  # 6 positive parts cannot sum to 5
    (cb.read_composition, {"bits": "111"}, "bits", "range"),  # rank 7, but C(4, 2) = 6 compositions
    (cb.read_composition, {"bits": "01"}, "bits", "range"),  # 3 bits needed
    (cb.read_composition, {"k": 6}, "k", "range"),
    (cb.quantize_mlp, {"w": _CB_W13[:12]}, "w", "shape"),
    (cb.to_mlp, {"network": _CB_TF_NET}, "network", "type"),  # a transformer
    (cb.to_transformer, {"network": _CB_NET}, "network", "type"),  # an mlp
    (cb.decode_network, {"bits": ""}, "bits", "range"),
    (cb.decode_network, {"bits": _CB_BITS + "0"}, "bits", "range"),  # a bit left over
    (cb.decode_network, {"bits": _CB_BITS[:-1]}, "bits", "range"),  # a bit missing
    (cb.occam_binomial_bound, {"errors": 101}, "errors", "range"),  # more mistakes than examples
    (cb.lm_occam_bound, {"train_bits": 20.0}, "train_bits", "range"),  # above log2(V / alpha) = 9.92
    (cb.units_needed, {"train_bits": 20.0}, "train_bits", "range"),
    (cb.units_needed, {"target_bits": 1.0}, "target_bits", "range"),  # below the training loss
    (cb.prune_hidden_units, {"keep": 4}, "keep", "range"),  # _MLP has 3 hidden units
    (cb.prune_hidden_units, {"mlp": dz.MLP(2, (3, 3))}, "mlp", "type"),  # two hidden layers
    (cb.prune_hidden_units, {"w": _CB_W13[:12]}, "w", "shape"),
    (cb.tune_codebooks, {"x": np.zeros((4, 3))}, "x", "shape"),  # 3 features, the network has 2
    (cb.tune_codebooks, {"network": _CB_TF_NET}, "network", "type"),
    (cb.evaluate_smoothed_bits, {"ids": np.full(40, 97)}, "ids", "range"),
    (cb.evaluate_smoothed_bits, {"ids": np.arange(16)}, "ids", "shape"),  # < context + 1 = 17 characters
    (cb.result, {"key": "no_such_key"}, "key", "range"),
    (cb.result, {"section": "language_model"}, "key", "range"),  # occam_bound is a digits key
    (cb.tradeoff, {"k": 5}, "k", "range"),  # not a codebook size of the grid
    (cb.tradeoff, {"width": 7}, "width", "range"),
    (cb.tradeoff, {"key": "no_such_column"}, "key", "range"),
    (cb.tradeoff, {"section": "language_model", "key": "code_bits", "k": 4, "width": 2}, "width", "range"),
]

# the explorers' functions: one grid point each (sitebuild/explorers.py evaluates them at build time)

VALID.update({
    pb_explorers.bounds_at: {"kl": 5000.0, "m": 60000, "emp_risk": 0.03},
    mdl_explorers.code_length_at: {"degree": 3, "precision_bits": 8, "noise_std": 0.3},
    fi_explorers.losses_at: {"condition": 100.0, "step": 25},
    tf_explorers.entropy_at: {"temperature": 1.0, "d_k": 64},
})

RELATIONS += [
    (fi_explorers.losses_at, {"step": 1001}, "step", "range"),  # beyond the runs' 1000 steps
]

# ---------------------------------------------------------------- the tests


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


def _generated_cases():
    """(function, {parameter: bad value}, parameter, kind) for every value each declared domain lists as
    outside it, and for each dimension letter a parameter shares with an earlier one (a size that
    disagrees); the value is spoilt from the function's valid call."""
    cases = []
    for function in WITH_ARGUMENTS:
        valid, domains = VALID.get(function, {}), getattr(function, "domains", {})
        first_to_name = {}
        for name, domain in domains.items():
            for _, letter in domain.symbols():
                first_to_name.setdefault(letter, name)
        for name, domain in domains.items():
            if name not in valid:
                continue
            cases += [(function, {name: value}, name, kind) for value, kind in bad_examples(domain, valid[name])]
            for axis, letter in domain.symbols():
                if first_to_name[letter] != name and valid[name] is not None:
                    arr = np.asarray(valid[name])
                    cases.append((function, {name: np.concatenate([arr, arr.take([-1], axis=axis)], axis=axis)},
                                  name, "shape"))
    return cases


GENERATED = _generated_cases()


def _ids(cases):
    counts = {}
    ids = []
    for function, bad, _, kind in cases:
        key = f"{function.__name__}-{next(iter(bad))}-{kind}"
        counts[key] = counts.get(key, 0) + 1
        ids.append(f"{key}-{counts[key]}")
    return ids


@pytest.mark.parametrize("function", list(WITH_ARGUMENTS), ids=list(WITH_ARGUMENTS.values()))
def test_every_public_function_declares_every_parameter(function):
    qualified = WITH_ARGUMENTS[function]
    parameters = list(inspect.signature(function).parameters)
    declared = getattr(function, "domains", None)
    assert declared is not None, f"{qualified} is not @checked: declare its parameters' domains (snippets._domains)"
    assert list(declared) == parameters, f"{qualified}: declared {list(declared)}, parameters {parameters}"
    assert set(VALID.get(function, {})) == set(parameters), (
        f"the valid call of {qualified} in VALID (tests/test_domains.py) must give every parameter"
    )


@pytest.mark.parametrize("function", list(VALID), ids=[WITH_ARGUMENTS.get(f, f.__name__) for f in VALID])
def test_the_valid_call_is_accepted(function):
    function(**VALID[function])  # the base call is valid, so each case tests only its change


def _refusal(function, bad, name, kind):
    """None if the call with ``bad`` raises a ValueError whose message starts with ``name`` (for a
    relation, the parameter it is reported on), else what happened instead."""
    case = ", ".join(f"{arg} = {reprlib.repr(value)}" for arg, value in bad.items()) + f" ({kind})"
    try:
        function(**{**VALID[function], **bad})
    except ValueError as error:
        return None if re.match(rf"^{re.escape(name)}\b", str(error)) else f"{case}: ValueError names another: {error}"
    except Exception as error:  # any other outcome is the failure being reported
        return f"{case}: {type(error).__name__} instead of ValueError: {error}"
    return f"{case}: accepted"


# One test per function (not per value: some 4,000 values, and pytest's cost per test is larger
# than a call's); its failure lists every value the function does not refuse as it should.
BY_FUNCTION = {}
for _function, _bad, _name, _kind in GENERATED:
    BY_FUNCTION.setdefault(_function, []).append((_bad, _name, _kind))


@pytest.mark.parametrize("function", list(BY_FUNCTION), ids=[WITH_ARGUMENTS[f] for f in BY_FUNCTION])
def test_every_value_outside_a_declared_domain_raises_value_error_naming_it(function):
    failures = [failure for case in BY_FUNCTION[function] if (failure := _refusal(function, *case))]
    assert not failures, f"{WITH_ARGUMENTS[function]}:\n" + "\n".join(failures)


@pytest.mark.parametrize(("function", "bad", "name", "kind"), RELATIONS, ids=_ids(RELATIONS))
def test_a_value_breaking_a_relation_between_parameters_raises_value_error_naming_it(function, bad, name, kind):
    # Each value lies inside its parameter's declared domain (check raises otherwise): what it breaks is
    # a relation to another parameter.
    for arg, value in bad.items():
        function.domains[arg].check(arg, value)
    assert (failure := _refusal(function, bad, name, kind)) is None, f"{WITH_ARGUMENTS[function]}: {failure}"


@pytest.mark.parametrize("function", list(WITH_ARGUMENTS), ids=list(WITH_ARGUMENTS.values()))
def test_every_parameter_has_generated_bad_values(function):
    spoilt = {name for f, bad, _, _ in GENERATED if f is function for name in bad}
    declared = set(getattr(function, "domains", {}))
    assert declared <= spoilt, f"{WITH_ARGUMENTS[function]}: no bad value generated for {sorted(declared - spoilt)}"


def test_discovery_sees_every_chapter():
    # The walk must reach the subpackages: every export of each chapter's package, and the figure
    # functions of snippets.pacbayes.figures (a module without __all__), are found.
    from snippets.pacbayes import figures

    for package in (pb, dz, mdl, fi, sc, tf, cb):
        assert {getattr(package, name) for name in package.__all__ if callable(getattr(package, name))} <= (
            PUBLIC.keys() | {getattr(package, n) for n in package.__all__ if inspect.isclass(getattr(package, n))}
        )
    assert {figures.bound_vs_kl_figure, figures.bound_vs_m_figure} <= PUBLIC.keys()
    assert not any(name.startswith(("snippets.examples", "snippets._")) for name in PUBLIC.values())


def test_the_table_names_only_public_functions():
    for function in VALID.keys() | {f for f, _, _, _ in RELATIONS}:
        assert function in WITH_ARGUMENTS, f"{function.__qualname__} is in the table but not a public function"


# ---------------------------------------------------------------- the declarations' strategies


def _scalar(domain):
    inner = domain.domain if isinstance(domain, Optional) else domain
    return isinstance(inner, Real | Integer) or (isinstance(inner, Rule) and bool(inner.inside))


DECLARED = [(WITH_ARGUMENTS[f], name, d, VALID[f][name]) for f in WITH_ARGUMENTS if f in VALID
            for name, d in getattr(f, "domains", {}).items()
            if _scalar(d) or (isinstance(d, Array) and not d.symbols())]


# grouped by function: each example draws one value for every declaration of the function
DECLARED_BY_FUNCTION = {}
for _where, _name, _domain, _valid in DECLARED:
    DECLARED_BY_FUNCTION.setdefault(_where, []).append((_name, _domain, _valid))


@pytest.mark.parametrize("where", list(DECLARED_BY_FUNCTION))
@settings(max_examples=20)
@given(data=st.data())
def test_values_drawn_from_a_declaration_pass_its_check(where, data):
    for name, domain, valid in DECLARED_BY_FUNCTION[where]:
        drawn = strategy(domain, np.shape(valid)) if isinstance(domain, Array) else strategy(domain)
        value = data.draw(drawn, label=f"{where}: {name}")
        domain.check(name, value)  # raises if the strategy strays outside the domain


def test_a_set_of_numbers_is_a_domain_for_a_scalar_too():
    signs = Values(-1, 1)
    assert signs.check("s", -1) == -1.0
    for bad, message in [(0.5, "must be -1 or 1"), ("1", "must be a real number"), (True, "must be a real number")]:
        with pytest.raises(ValueError, match=rf"^s {message}"):
            signs.check("s", bad)


def test_a_value_that_is_not_refused_as_it_should_be_is_reported(monkeypatch):
    def accepts(x):
        return x

    def names_another(x):
        raise ValueError(f"y must be positive, got {x}")

    def breaks(x):
        return 1 / x

    for function in (accepts, names_another, breaks):
        monkeypatch.setitem(VALID, function, {"x": 1.0})
    assert _refusal(accepts, {"x": -1.0}, "x", "range") == "x = -1.0 (range): accepted"
    assert "ValueError names another: y must" in _refusal(names_another, {"x": -1.0}, "x", "range")
    assert "ZeroDivisionError instead of ValueError" in _refusal(breaks, {"x": 0.0}, "x", "range")
    assert _refusal(sc.kaplan_loss, {"n_params": -1.0}, "n_params", "range") is None
