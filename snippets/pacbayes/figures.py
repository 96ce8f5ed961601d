"""Data of the PAC-Bayes chapter's figures (drawn at build time by sitebuild/figures.py)."""

import numpy as np

from snippets.pacbayes.curves import bounds_vs_kl, bounds_vs_m

# One setting for both figures: a stochastic classifier with 3% empirical risk,
# confidence 1 - δ = 95%, and Catoni's C fixed in advance.
EMP_RISK, DELTA, C = 0.03, 0.05, 2.0


def bound_vs_kl_figure():
    """Three bounds at m = 60,000 (the size of MNIST's training set) as KL(Q‖P) grows."""
    kls = np.linspace(0.0, 6000.0, 61)
    series = bounds_vs_kl(EMP_RISK, 60_000, DELTA, kls, C)
    return {"x": kls, "series": series, "ylim": (0.0, 0.5)}


def bound_vs_m_figure():
    """Three bounds at KL(Q‖P) = 5,000 nats as the sample size m grows."""
    ms = np.unique(np.logspace(3, 6, 61).round().astype(int))
    series = bounds_vs_m(EMP_RISK, 5000.0, DELTA, ms, C)
    return {"x": ms, "series": series, "xlog": True, "ylim": (0.0, 1.0), "hline": EMP_RISK}
