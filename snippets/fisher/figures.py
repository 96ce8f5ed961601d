"""Data of the natural-gradient figures (drawn at build time by sitebuild/figures.py)."""

import numpy as np

from snippets.fisher.natural_gradient import gradient_descent, logistic_problem, natural_gradient_descent

# The chapter's problem: logistic regression on 200 examples with two correlated features, the
# condition number of X^T X / n exactly 100, seed 0. Gradient descent uses the classical step
# 1 / (smoothness constant) = 4 / lambda_max(X^T X / n) = 4; natural gradient descent the step 1
# (Newton's method, since the Fisher matrix is the Hessian here). Both start at w = 0.
N, CONDITION, SEED = 200, 100.0, 0
GD_LR, NGD_LR = 4.0, 1.0
STEPS = 1000


def chapter_runs():
    """The chapter's two runs of ``STEPS`` steps: {"gd": ..., "ngd": ...}, each {"weights", "losses"}."""
    X, y = logistic_problem(N, CONDITION, SEED)
    w0 = np.zeros(2)
    return {
        "gd": gradient_descent(X, y, w0, GD_LR, STEPS),
        "ngd": natural_gradient_descent(X, y, w0, NGD_LR, STEPS),
    }


def natural_vs_euclidean_paths_figure():
    """Both weights against the iteration, for gradient descent and natural gradient descent.

    Natural gradient descent is at the minimum after a handful of steps; gradient descent fits the
    high-curvature direction at once and then crawls along the low-curvature one for hundreds of
    steps. The series names are the updates' formulas, the same in every language.
    """
    runs = chapter_runs()
    gd, ngd = runs["gd"]["weights"][1:], runs["ngd"]["weights"][1:]
    low, high = min(gd.min(), ngd.min()), max(gd.max(), ngd.max())
    margin = 0.1 * (high - low)
    return {  # after step 1, 2, ..., STEPS, on a log scale: the first steps and the last are both visible
        "x": np.arange(1, STEPS + 1),
        "xlog": True,
        "ylim": (low - margin, high + 6 * margin),  # room for the legend above the curves
        "series": {
            "w₁, −η∇L": gd[:, 0],
            "w₂, −η∇L": gd[:, 1],
            "w₁, −ηF⁻¹∇L": ngd[:, 0],
            "w₂, −ηF⁻¹∇L": ngd[:, 1],
        },
    }


def loss_curves_figure():
    """Mean cross-entropy (nats) against the iteration for both methods; the dotted line is the minimum.

    The minimum is the last natural gradient loss (converged to rounding after a few steps). The
    y range shows the loss from its start ln 2 at w = 0 down to just below the minimum.
    """
    runs = chapter_runs()
    minimum = float(runs["ngd"]["losses"][-1])
    return {  # after step 1, 2, ..., STEPS (log scale); the start, ln 2 at w = 0, is above the frame
        "x": np.arange(1, STEPS + 1),
        "xlog": True,
        "series": {"−η∇L": runs["gd"]["losses"][1:], "−ηF⁻¹∇L": runs["ngd"]["losses"][1:]},
        "ylim": (0.45, 0.7),
        "hline": minimum,
    }
