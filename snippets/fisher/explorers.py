"""What the information-geometry chapter's explorer computes at each point of its grid (sitebuild/explorers.py)."""

from functools import cache

import numpy as np

from snippets._domains import Count, Within, checked
from snippets.fisher.figures import GD_LR, NGD_LR, SEED, N
from snippets.fisher.natural_gradient import gradient_descent, logistic_problem, natural_gradient_descent

MAX_STEPS = 1000


@cache
def _runs(condition):
    X, y = logistic_problem(N, condition, SEED)
    w0 = np.zeros(2)
    return (gradient_descent(X, y, w0, GD_LR, MAX_STEPS)["losses"],
            natural_gradient_descent(X, y, w0, NGD_LR, MAX_STEPS)["losses"])


@checked
def losses_at(condition: Within(1.0), step: Count):
    """The training loss (nats) after ``step`` steps of gradient descent (step size 4, the classical
    1/smoothness) and of natural gradient descent (step size 1), both from w = 0, on the chapter's
    logistic regression (200 examples, seed 0) whose features have the condition number ``condition``
    (``logistic_problem``). Each run is computed once per condition and read at ``step``."""
    if step > MAX_STEPS:
        raise ValueError(f"step must be at most {MAX_STEPS}, got {step}")
    gd, ngd = _runs(float(condition))
    return {"gd": float(gd[step]), "ngd": float(ngd[step])}
