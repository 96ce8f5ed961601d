"""Data for the figures comparing the three PAC-Bayes bounds (numbers only, no plotting)."""

import numpy as np

from snippets._checks import check_array, check_count
from snippets.pacbayes.bounds import catoni_bound, maurer_kl_bound, mcallester_bound


# --8<-- [start:bounds_vs_kl]
def bounds_vs_kl(emp_risk, m, delta, kls, C):
    """The McAllester, PAC-Bayes-kl (Maurer) and Catoni bounds as functions of KL(Q||P).

    Returns {"McAllester": array, "Maurer (kl)": array, "Catoni": array}, each
    entry i being the bound at kl = kls[i] (the other arguments fixed).
    Sources: see ``mcallester_bound``, ``maurer_kl_bound`` and ``catoni_bound``.
    """
    kls = check_array("kls", kls, ndim=1)
    if kls.size == 0 or np.any(kls < 0):
        raise ValueError("kls must be a non-empty array of values >= 0")
    return {
        "McAllester": np.array([mcallester_bound(emp_risk, k, m, delta) for k in kls]),
        "Maurer (kl)": np.array([maurer_kl_bound(emp_risk, k, m, delta) for k in kls]),
        "Catoni": np.array([catoni_bound(emp_risk, k, m, delta, C) for k in kls]),
    }
# --8<-- [end:bounds_vs_kl]


# --8<-- [start:bounds_vs_m]
def bounds_vs_m(emp_risk, kl, delta, ms, C):
    """The McAllester, PAC-Bayes-kl (Maurer) and Catoni bounds as functions of the sample size m.

    Returns {"McAllester": array, "Maurer (kl)": array, "Catoni": array}, each
    entry i being the bound at m = ms[i] (integers >= 8, as Maurer's theorem needs).
    Sources: see ``mcallester_bound``, ``maurer_kl_bound`` and ``catoni_bound``.
    """
    ms = check_array("ms", ms, ndim=1)
    if ms.size == 0:
        raise ValueError("ms must be a non-empty array")
    ms = [check_count(f"ms[{i}]", float(n), minimum=8) for i, n in enumerate(ms)]
    return {
        "McAllester": np.array([mcallester_bound(emp_risk, kl, n, delta) for n in ms]),
        "Maurer (kl)": np.array([maurer_kl_bound(emp_risk, kl, n, delta) for n in ms]),
        "Catoni": np.array([catoni_bound(emp_risk, kl, n, delta, C) for n in ms]),
    }
# --8<-- [end:bounds_vs_m]
