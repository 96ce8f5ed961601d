"""The binary kl and its inverse written out for the tests, sharing no code with the snippets: the
PAC-Bayes-kl bounds are checked against an inversion by scipy's brentq."""

from __future__ import annotations

import math

from scipy.optimize import brentq


def kl_bernoulli(q: float, p: float) -> float:
    """kl(q||p) = q ln(q/p) + (1 - q) ln((1 - q)/(1 - p)), with 0 ln 0 = 0."""
    terms = 0.0
    if q > 0:
        terms += q * math.log(q / p)
    if q < 1:
        terms += (1 - q) * math.log((1 - q) / (1 - p))
    return terms


def invert_by_brentq(q: float, c: float) -> float:
    """The largest p >= q with kl(q||p) <= c (1 when even p -> 1 stays within c)."""
    if kl_bernoulli(q, 1 - 1e-15) <= c:
        return 1.0
    return brentq(lambda p: kl_bernoulli(q, p) - c, q, 1 - 1e-15, xtol=1e-14)
