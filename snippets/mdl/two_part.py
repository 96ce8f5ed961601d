"""Two-part MDL for choosing the degree of a polynomial, next to cross-validation and BIC.

A two-part code sends a hypothesis H (here: a degree, its coefficients and a noise level) and then
the data D with the code that H defines; MDL picks the H with the shortest total L(H) + L(D|H).
Every code length here is in bits. Sources: Rissanen (1978), "Modeling by shortest data
description", Automatica 14(5):465-471; Grünwald (2007), The Minimum Description Length Principle,
MIT Press, ch. 1 and 5 (crude two-part MDL for polynomials); Cover & Thomas (2006), Elements of
Information Theory, 2nd ed., ch. 5 (codes) and Thm 8.3.1 (quantized continuous data).

The polynomials are written in the Legendre basis P_0, ..., P_degree on x in [-1, 1]: on that
interval the basis functions are orthogonal, so the least-squares fit is well conditioned and each
coefficient has a comparable scale (the monomials x^j are nearly collinear for large j).
"""

import math

import numpy as np
from numpy.polynomial import legendre, polynomial

from snippets._domains import AtLeast, NonNegative, Numbers, OneOf, Positive, Seed, Within, checked
from snippets.mdl._domains import SignificandBits

# x: at least 2 points of [-1, 1] (the interval of the Legendre basis); y: one value per point.
XPoints = Numbers(shape=("n",), entries=Within(-1, 1), min_size=2)
YValues = Numbers(shape=("n",))
CoefRange = Within(0, 1000, open_low=True)  # sigma = 2^+-coef_range must fit a float


# --8<-- [start:noisy_polynomial_data]
@checked
def noisy_polynomial_data(n: AtLeast(2), coefficients: Numbers(ndim=1, min_size=1), noise_std: NonNegative, seed: Seed):
    """n points y_i = f(x_i) + noise_std * z_i, with z_i ~ N(0, 1) i.i.d. and f(x) = sum_j c_j x^j.

    ``coefficients`` are c_0, c_1, ... in the ordinary power basis (lowest degree first); the x_i
    are n equally spaced points of [-1, 1] (the same for every seed), the noise is drawn by
    numpy's default generator seeded with ``seed``. Returns (x, y), two float arrays of length n.
    """
    x = np.linspace(-1.0, 1.0, n)
    noise = np.random.default_rng(seed).standard_normal(n)
    return x, polynomial.polyval(x, coefficients) + noise_std * noise
# --8<-- [end:noisy_polynomial_data]


def _require_residual(name, degree, n_fit):
    """A degree <= n_fit - 2: at least one residual degree of freedom is left."""
    if degree > n_fit - 2:
        raise ValueError(f"{name} must be at most {n_fit - 2} (the fit uses {n_fit} points), got {degree}")


def _legendre_fit(x, y, degree):
    """Least-squares Legendre coefficients a_0..a_degree of y on x."""
    basis = legendre.legvander(x, degree)
    coef, *_ = np.linalg.lstsq(basis, y, rcond=None)
    return coef


def _quantize(value, precision_bits, coef_range):
    """The multiple of step = 2 coef_range / 2^precision_bits nearest to value among the 2^precision_bits
    grid points -coef_range, -coef_range + step, ..., coef_range - step (0 is one of them; values
    outside the grid go to its first or last point)."""
    cells = 2.0**precision_bits
    step = 2.0 * coef_range / cells
    index = np.clip(np.round((np.asarray(value) + coef_range) / step), 0.0, cells - 1.0)
    return -coef_range + index * step


def _elias_gamma_bits(k):
    """Length of the Elias gamma codeword of the integer k >= 1: 2 floor(log2 k) + 1 bits."""
    return 2 * (k.bit_length() - 1) + 1


# --8<-- [start:two_part_code_length]
@checked
def two_part_code_length(
    x: XPoints, y: YValues, degree: AtLeast(0),
    precision_bits: SignificandBits = 8, coef_range: CoefRange = 8.0, y_precision: Positive = 0.01,
):
    """Two-part code length, in bits, of the data (x, y) with a polynomial of the given degree:

        L(H)   = L_gamma(degree + 1) + (degree + 2) * precision_bits,
        L(D|H) = -sum_i log2( N(y_i; f_q(x_i), sigma_q^2) * y_precision )
               = (n/2) log2(2 pi sigma_q^2) + RSS_q / (2 sigma_q^2 ln 2) - n log2(y_precision),

    and total_bits = L(H) + L(D|H). The receiver knows the x_i; only the y_i are sent.

    The hypothesis H is sent in three parts. (1) The degree, with the Elias gamma code of
    degree + 1, 2 floor(log2(degree + 1)) + 1 bits (Elias 1975, "Universal codeword sets and
    representations of the integers", IEEE Trans. Inf. Theory 21; Cover & Thomas 2006, ch. 5):
    a prefix code for every degree, so no maximum degree has to be agreed on. (2) The degree + 1
    least-squares coefficients in the Legendre basis, each rounded to the nearest of the
    2^precision_bits grid points -coef_range + j * step, j = 0, ..., 2^precision_bits - 1, with
    step = 2 coef_range / 2^precision_bits (0 is a grid point; a coefficient beyond the grid goes
    to its end point): precision_bits bits each; the defaults, 8 bits and coef_range 8, give the
    multiples of 1/16 in [-8, 8). (3) The noise level: log2 of the ML standard deviation
    sigma = sqrt(RSS_q / n) of the quantized fit, rounded the same way (an exact fit, RSS_q = 0,
    gets the smallest level 2^-coef_range): precision_bits bits. That makes degree + 2 real
    parameters at a fixed precision, a crude two-part code (Grünwald 2007, ch. 5). Rissanen (1978)
    instead lets the precision shrink like 1/sqrt(n), i.e. about (1/2) log2 n bits per parameter,
    which gives the BIC penalty (``bic``).

    The data are sent with the quantized parameters f_q, sigma_q (what the receiver decodes),
    each y_i recorded to a precision y_precision: the probability of its cell is approximated by
    density times width, which is accurate when y_precision << sigma (Cover & Thomas 2006,
    Thm 8.3.1: a quantized continuous variable has entropy about h - log2(width)). RSS_q is the
    residual sum of squares of f_q. The term -n log2(y_precision) is the same for every degree.

    Returns {"model_bits", "data_bits", "total_bits", "degree_bits", "parameter_bits",
    "coefficients" (the quantized Legendre coefficients), "noise_std" (sigma_q)}.
    """
    _require_residual("degree", degree, x.size)
    n = x.size

    coef_q = _quantize(_legendre_fit(x, y, degree), precision_bits, coef_range)
    rss_q = float(np.sum((y - legendre.legval(x, coef_q)) ** 2))
    log2_sigma = 0.5 * math.log2(rss_q / n) if rss_q > 0.0 else -math.inf
    sigma_q = 2.0 ** float(_quantize(log2_sigma, precision_bits, coef_range))

    degree_bits = float(_elias_gamma_bits(degree + 1))
    parameter_bits = float((degree + 2) * precision_bits)
    model_bits = degree_bits + parameter_bits
    data_bits = (
        0.5 * n * math.log2(2.0 * math.pi * sigma_q**2)
        + rss_q / (2.0 * sigma_q**2 * math.log(2.0))
        - n * math.log2(y_precision)
    )
    return {
        "model_bits": model_bits,
        "data_bits": data_bits,
        "total_bits": model_bits + data_bits,
        "degree_bits": degree_bits,
        "parameter_bits": parameter_bits,
        "coefficients": coef_q,
        "noise_std": sigma_q,
    }
# --8<-- [end:two_part_code_length]


# --8<-- [start:select_degree_mdl]
@checked
def select_degree_mdl(
    x: XPoints, y: YValues, max_degree: AtLeast(0),
    precision_bits: SignificandBits = 8, coef_range: CoefRange = 8.0, y_precision: Positive = 0.01,
):
    """The degree d in 0..max_degree with the shortest two-part code, argmin_d L(H_d) + L(D|H_d) (bits).

    Ties go to the smaller degree. See ``two_part_code_length`` for the code; source: Rissanen
    (1978), Grünwald (2007), ch. 5.
    """
    _require_residual("max_degree", max_degree, x.size)
    totals = [
        two_part_code_length(x, y, d, precision_bits, coef_range, y_precision)["total_bits"]
        for d in range(max_degree + 1)
    ]
    return int(np.argmin(totals))
# --8<-- [end:select_degree_mdl]


def _require_points(folds, n):
    if folds > n:
        raise ValueError(f"folds must be at most the number of points {n}, got {folds}")


def _fold_errors(x, y, degree, folds, seed):
    """Sum of squared held-out errors and size of each fold (the folds of ``cv_squared_error``)."""
    parts = np.array_split(np.random.default_rng(seed).permutation(x.size), folds)
    sse, sizes = np.empty(folds), np.empty(folds)
    for k, test in enumerate(parts):
        train = np.setdiff1d(np.arange(x.size), test)
        coef = _legendre_fit(x[train], y[train], degree)
        sse[k] = np.sum((y[test] - legendre.legval(x[test], coef)) ** 2)
        sizes[k] = test.size
    return sse, sizes


# --8<-- [start:cv_squared_error]
@checked
def cv_squared_error(x: XPoints, y: YValues, degree: AtLeast(0), folds: AtLeast(2) = 5, seed: Seed = 0):
    """K-fold cross-validation estimate of the squared prediction error of the degree-d least-squares fit:

        CV = (1/n) sum_k sum_{i in fold k} (y_i - f_{-k}(x_i))^2,

    where f_{-k} is fitted on every fold but the k-th. The points are shuffled by numpy's default
    generator seeded with ``seed`` and split into ``folds`` folds of sizes differing by at most one.
    Source: Stone (1974), "Cross-validatory choice and assessment of statistical predictions",
    JRSS B 36; Hastie, Tibshirani & Friedman (2009), The Elements of Statistical Learning, Sec. 7.10.
    """
    _require_points(folds, x.size)
    _require_residual("degree", degree, x.size - math.ceil(x.size / folds))
    sse, _ = _fold_errors(x, y, degree, folds, seed)
    return float(np.sum(sse)) / x.size
# --8<-- [end:cv_squared_error]


# --8<-- [start:select_degree_cv]
@checked
def select_degree_cv(
    x: XPoints, y: YValues, max_degree: AtLeast(0),
    folds: AtLeast(2) = 5, seed: Seed = 0, rule: OneOf("min", "one_se") = "min",
):
    """The degree in 0..max_degree chosen by K-fold cross-validation (``cv_squared_error``).

    ``rule="min"``: the degree with the smallest CV error. ``rule="one_se"``: the smallest degree
    whose CV error is at most the minimum plus one standard error of that minimum, the SE being
    std(fold mean errors, ddof=1) / sqrt(folds) (the "one-standard-error rule", Hastie, Tibshirani
    & Friedman 2009, Sec. 7.10; Breiman et al. 1984). The same folds (same ``seed``) are used for
    every degree; ties go to the smaller degree. Unlike MDL and BIC, the "min" rule is not
    consistent: with a fixed fraction of held-out points it keeps a positive probability of
    choosing too large a degree however large n is (Shao 1993, "Linear model selection by
    cross-validation", JASA 88).
    """
    _require_points(folds, x.size)
    _require_residual("max_degree", max_degree, x.size - math.ceil(x.size / folds))
    errors, standard_errors = [], []
    for d in range(max_degree + 1):
        sse, sizes = _fold_errors(x, y, d, folds, seed)
        errors.append(float(np.sum(sse)) / x.size)
        standard_errors.append(float(np.std(sse / sizes, ddof=1)) / math.sqrt(folds))
    best = int(np.argmin(errors))
    if rule == "min":
        return best
    threshold = errors[best] + standard_errors[best]
    return next(d for d, e in enumerate(errors) if e <= threshold)
# --8<-- [end:select_degree_cv]


# --8<-- [start:bic]
@checked
def bic(x: XPoints, y: YValues, degree: AtLeast(0)):
    """Schwarz's Bayesian information criterion, in nats, of the degree-d polynomial with Gaussian noise:

        BIC = k ln n - 2 ln L_hat,   ln L_hat = -(n/2) (ln(2 pi sigma_hat^2) + 1),   sigma_hat^2 = RSS / n,

    with k = degree + 2 free parameters (degree + 1 coefficients and the noise variance) and RSS
    the residual sum of squares of the least-squares fit. Smaller is better. BIC / (2 ln 2) is,
    up to terms that do not grow with n, the two-part code length in bits with (1/2) log2 n bits
    per parameter (Rissanen 1978). If the fit is exact (RSS = 0) the likelihood is unbounded and
    BIC = -inf. Source: Schwarz (1978), "Estimating the dimension of a model", Ann. Statist. 6(2).
    """
    _require_residual("degree", degree, x.size)
    n = x.size
    rss = float(np.sum((y - legendre.legval(x, _legendre_fit(x, y, degree))) ** 2))
    if rss == 0.0:
        return -math.inf
    log_likelihood = -0.5 * n * (math.log(2.0 * math.pi * rss / n) + 1.0)
    return (degree + 2) * math.log(n) - 2.0 * log_likelihood
# --8<-- [end:bic]


# --8<-- [start:select_degree_bic]
@checked
def select_degree_bic(x: XPoints, y: YValues, max_degree: AtLeast(0)):
    """The degree d in 0..max_degree with the smallest BIC (``bic``); ties go to the smaller degree."""
    _require_residual("max_degree", max_degree, x.size)
    return int(np.argmin([bic(x, y, d) for d in range(max_degree + 1)]))
# --8<-- [end:select_degree_bic]
