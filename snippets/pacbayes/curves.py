"""Data for the figures comparing the three PAC-Bayes bounds (numbers only, no plotting)."""

import numpy as np

from snippets._domains import AtLeast, NonNegative, Numbers, OpenUnit, Positive, Probability, checked
from snippets.pacbayes.bounds import catoni_bound, maurer_kl_bound, mcallester_bound


# --8<-- [start:bounds_vs_kl]
@checked
def bounds_vs_kl(
    emp_risk: Probability, m: AtLeast(8), delta: OpenUnit, kls: Numbers(ndim=1, entries=NonNegative, min_size=1),
    C: Positive,
):
    """The McAllester, PAC-Bayes-kl (Maurer) and Catoni bounds as functions of KL(Q||P).

    Returns {"McAllester": array, "Maurer (kl)": array, "Catoni": array}, each
    entry i being the bound at kl = kls[i] (the other arguments fixed).
    Sources: see ``mcallester_bound``, ``maurer_kl_bound`` and ``catoni_bound``.
    """
    return {
        "McAllester": np.array([mcallester_bound(emp_risk, k, m, delta) for k in kls]),
        "Maurer (kl)": np.array([maurer_kl_bound(emp_risk, k, m, delta) for k in kls]),
        "Catoni": np.array([catoni_bound(emp_risk, k, m, delta, C) for k in kls]),
    }
# --8<-- [end:bounds_vs_kl]


# --8<-- [start:bounds_vs_m]
@checked
def bounds_vs_m(
    emp_risk: Probability, kl: NonNegative, delta: OpenUnit, ms: Numbers(ndim=1, entries=AtLeast(8), min_size=1),
    C: Positive,
):
    """The McAllester, PAC-Bayes-kl (Maurer) and Catoni bounds as functions of the sample size m.

    Returns {"McAllester": array, "Maurer (kl)": array, "Catoni": array}, each
    entry i being the bound at m = ms[i] (integers >= 8, as Maurer's theorem needs).
    Sources: see ``mcallester_bound``, ``maurer_kl_bound`` and ``catoni_bound``.
    """
    return {
        "McAllester": np.array([mcallester_bound(emp_risk, kl, n, delta) for n in ms]),
        "Maurer (kl)": np.array([maurer_kl_bound(emp_risk, kl, n, delta) for n in ms]),
        "Catoni": np.array([catoni_bound(emp_risk, kl, n, delta, C) for n in ms]),
    }
# --8<-- [end:bounds_vs_m]
