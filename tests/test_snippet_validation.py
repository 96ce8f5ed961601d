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

import snippets
import snippets.pacbayes as pb

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
