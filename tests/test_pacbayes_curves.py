"""Tests for snippets.pacbayes.curves: the data behind the bound-comparison figures."""

import numpy as np
import pytest

from snippets.pacbayes import (
    bounds_vs_kl,
    bounds_vs_m,
    catoni_bound,
    maurer_kl_bound,
    mcallester_bound,
)

SERIES = ["McAllester", "Maurer (kl)", "Catoni"]


def test_bounds_vs_kl_is_the_pointwise_bounds():
    kls = np.array([0.0, 0.1, 1.0, 10.0, 100.0, 1000.0])
    curves = bounds_vs_kl(0.05, 1000, 0.05, kls, 2.0)
    assert list(curves) == SERIES
    for i, kl in enumerate(kls):
        # exact: the curve is the same function called at the same point
        assert curves["McAllester"][i] == mcallester_bound(0.05, kl, 1000, 0.05)
        assert curves["Maurer (kl)"][i] == maurer_kl_bound(0.05, kl, 1000, 0.05)
        assert curves["Catoni"][i] == catoni_bound(0.05, kl, 1000, 0.05, 2.0)


def test_bounds_vs_m_is_the_pointwise_bounds():
    ms = np.array([8, 50, 100, 1000, 55_000])
    curves = bounds_vs_m(0.05, 20.0, 0.05, ms, 2.0)
    assert list(curves) == SERIES
    for i, m in enumerate(ms):
        assert curves["McAllester"][i] == mcallester_bound(0.05, 20.0, int(m), 0.05)
        assert curves["Maurer (kl)"][i] == maurer_kl_bound(0.05, 20.0, int(m), 0.05)
        assert curves["Catoni"][i] == catoni_bound(0.05, 20.0, int(m), 0.05, 2.0)


@pytest.mark.formula("pb-mcallester", "pb-maurer-kl")
def test_curves_keep_maurer_below_mcallester():
    # Pinsker ordering at every plotted point; 1e-12 is the bisection resolution of kl^{-1}.
    by_kl = bounds_vs_kl(0.1, 500, 0.05, np.geomspace(1e-3, 1e4, 50), 1.0)
    by_m = bounds_vs_m(0.1, 10.0, 0.05, np.unique(np.geomspace(8, 1e6, 50).astype(int)), 1.0)
    for curves in (by_kl, by_m):
        assert all(len(v) == len(curves["McAllester"]) for v in curves.values())
        assert np.all(curves["Maurer (kl)"] <= curves["McAllester"] + 1e-12)
