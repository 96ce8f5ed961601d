"""What the MDL chapter's explorer computes at each point of its grid (sitebuild/explorers.py)."""

import math
from functools import cache

from snippets._domains import AtLeast, Positive, checked
from snippets.mdl.figures import COEFFICIENTS, SEED, Y_PRECISION, N
from snippets.mdl.two_part import noisy_polynomial_data, two_part_code_length


@cache
def _data(noise_std):
    return noisy_polynomial_data(N, COEFFICIENTS, noise_std, SEED)


@checked
def code_length_at(degree: AtLeast(0), precision_bits: AtLeast(1), noise_std: Positive):
    """The two-part code of the chapter's data (150 points of the cubic 0.5 - x - x² + 2x³, seed 0)
    with the noise level ``noise_std``, by a polynomial of ``degree`` whose parameters are sent with
    ``precision_bits`` bits each: L(H), L(D|H) and their sum in bits (``two_part_code_length``).

    L(D|H) and the sum leave out n log2(1/ε), the bits every degree spends on the data's precision
    ε = 0.01, as the chapter's figure does: the curves then share one readable scale.
    """
    x, y = _data(noise_std)
    code = two_part_code_length(x, y, degree, precision_bits=precision_bits)
    precision = N * math.log2(1.0 / Y_PRECISION)
    return {
        "model_bits": code["model_bits"],
        "data_bits": code["data_bits"] - precision,
        "total_bits": code["total_bits"] - precision,
    }
