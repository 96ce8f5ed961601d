"""Data of the MDL chapter's figures (drawn at build time by sitebuild/figures.py) and of its counts."""

import math

import numpy as np

from snippets._domains import Count, Seed, checked
from snippets.mdl.two_part import noisy_polynomial_data, select_degree_cv, two_part_code_length

# The chapter's data: 150 equally spaced points of [-1, 1], y = 0.5 - x - x^2 + 2 x^3 plus
# Gaussian noise of standard deviation 0.3, seed 0. MDL, BIC, and 5-fold CV all choose degree 3 on it.
N, COEFFICIENTS, NOISE_STD, SEED = 150, (0.5, -1.0, -1.0, 2.0), 0.3, 0
MAX_DEGREE = 10
Y_PRECISION = 0.01  # the default y_precision of two_part_code_length


def chapter_data():
    """The chapter's (x, y): see N, COEFFICIENTS, NOISE_STD and SEED."""
    return noisy_polynomial_data(N, COEFFICIENTS, NOISE_STD, SEED)


def code_length_vs_degree_figure():
    """L(H), L(D|H) and their sum, in bits, for the degrees 0..10 on the chapter's data.

    Default code of ``two_part_code_length``: 8 bits per parameter, data to precision 0.01. Every
    degree spends the same n log2(1/0.01) bits on the data's precision; the data and total series
    leave that constant out so that all three curves share one readable scale. The series names
    are formulas, the same in every language.
    """
    x, y = chapter_data()
    degrees = np.arange(MAX_DEGREE + 1)
    rows = [two_part_code_length(x, y, int(d)) for d in degrees]
    precision_bits = N * math.log2(1.0 / Y_PRECISION)
    model = np.array([r["model_bits"] for r in rows])
    data = np.array([r["data_bits"] for r in rows]) - precision_bits
    return {
        "x": degrees,
        "series": {"L(H)": model, "L(D|H) − n log₂(1/ε)": data, "L(H) + L(D|H) − n log₂(1/ε)": model + data},
        "ylim": (0.0, 320.0),
    }


@checked
def cv_overshoot_count(samples: Count = 10, fold_seed_offset: Seed = 0):
    """On how many of the samples with seeds 0, ..., samples - 1 of the chapter's model (N points of
    the cubic COEFFICIENTS with noise NOISE_STD) 5-fold cross-validation with the plain minimum rule
    chooses a degree above the true 3 (among 0..MAX_DEGREE).

    The folds of the sample with seed s are shuffled with seed s + fold_seed_offset, so the count
    depends on how the folds are drawn as well as on the data: cross-validation's choice is itself
    random (Shao 1993, "Linear model selection by cross-validation", JASA 88).
    """
    over = 0
    for seed in range(samples):
        x, y = noisy_polynomial_data(N, COEFFICIENTS, NOISE_STD, seed)
        over += select_degree_cv(x, y, MAX_DEGREE, folds=5, seed=seed + fold_seed_offset) > 3
    return over
