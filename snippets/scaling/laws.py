"""Scaling laws of language models: the published fits, the compute-optimal split, and fitting one.

Sources: J. Kaplan, S. McCandlish, T. Henighan, T. B. Brown, B. Chess, R. Child, S. Gray,
A. Radford, J. Wu and D. Amodei, "Scaling Laws for Neural Language Models" (2020),
arXiv:2001.08361; J. Hoffmann, S. Borgeaud, A. Mensch, E. Buchatskaya, T. Cai, E. Rutherford, et
al., "Training Compute-Optimal Large Language Models" (2022), arXiv:2203.15556 (Chinchilla).
Losses are cross-entropies in nats per token of each paper's own tokenizer and data (so the two
papers' numbers are not comparable with each other); ``bits_per_character`` turns them into code
lengths.
"""

import math
import warnings

import numpy as np
import scipy.optimize

from snippets._domains import Bool, Count, NonNegative, Numbers, OpenUnit, Positive, Seed, checked

# Kaplan et al. (2020), Eq. (1.1): L(N) = (N_c / N)^alpha_N for N non-embedding parameters.
KAPLAN_N_C, KAPLAN_ALPHA_N = 8.8e13, 0.076
# Hoffmann et al. (2022), Sec. 3.3 (Approach 3, the parametric fit): E, A, B, alpha, beta.
CHINCHILLA = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}
CHINCHILLA_COMPUTE = 5.76e23  # FLOPs: the training budget of Gopher, which Chinchilla was given


# --8<-- [start:kaplan_loss]
@checked
def kaplan_loss(n_params: Positive, n_c: Positive = KAPLAN_N_C, alpha_n: Positive = KAPLAN_ALPHA_N):
    """Kaplan et al.'s loss of a model of N non-embedding parameters trained to convergence on
    enough data: L(N) = (N_c / N)^alpha_N, in nats per token.

    Kaplan et al. (2020), Eq. (1.1): alpha_N ~ 0.076, N_c ~ 8.8e13 (non-embedding parameters),
    fitted on WebText2 with their BPE tokenizer (the constant N_c depends on the tokenizer and
    the data; the exponent is the transferable part).
    """
    return (n_c / n_params) ** alpha_n
# --8<-- [end:kaplan_loss]


# --8<-- [start:chinchilla_loss]
@checked
def chinchilla_loss(
    n_params: Positive, n_tokens: Positive,
    E: NonNegative = 1.69, A: Positive = 406.4, B: Positive = 410.7, alpha: Positive = 0.34, beta: Positive = 0.28,
):
    """Chinchilla's parametric loss of N parameters trained on D tokens, in nats per token:

        L(N, D) = E + A / N^alpha + B / D^beta.

    E is the loss of an ideal model (the entropy of the text, in the paper's reading), A / N^alpha
    the shortfall of a finite model, B / D^beta that of finite training. Defaults: the fit of
    Hoffmann et al. (2022), Sec. 3.3 (Approach 3): E = 1.69, A = 406.4, B = 410.7, alpha = 0.34,
    beta = 0.28.
    """
    return E + A / n_params**alpha + B / n_tokens**beta
# --8<-- [end:chinchilla_loss]


# --8<-- [start:compute_optimal]
@checked
def compute_optimal(
    compute: Positive,
    E: NonNegative = 1.69, A: Positive = 406.4, B: Positive = 410.7, alpha: Positive = 0.34, beta: Positive = 0.28,
):
    """The model size and token count that minimize L(N, D) = E + A/N^alpha + B/D^beta at a
    compute budget of C = 6 N D FLOPs; returns {"n_params", "n_tokens", "loss", "G", "a", "b"}.

    On the constraint D = C / (6N), dL/dN = 0 gives alpha A N^-alpha = beta B (6N/C)^beta, so

        N_opt = G (C/6)^a,  D_opt = G^-1 (C/6)^b,  G = (alpha A / (beta B))^(1/(alpha+beta)),
        a = beta / (alpha + beta),  b = alpha / (alpha + beta)

    (the efficient frontier of Hoffmann et al. 2022, Sec. 3.3). The minimum is unique: along the
    constraint L is a sum of a decreasing and an increasing power of N. With the rounded published
    constants a = 0.28 / 0.62 = 0.452.
    """
    G = (alpha * A / (beta * B)) ** (1.0 / (alpha + beta))
    a, b = beta / (alpha + beta), alpha / (alpha + beta)
    n_params = G * (compute / 6.0) ** a
    n_tokens = (compute / 6.0) ** b / G
    return {"n_params": n_params, "n_tokens": n_tokens, "loss": E + A / n_params**alpha + B / n_tokens**beta,
            "G": G, "a": a, "b": b}
# --8<-- [end:compute_optimal]


# --8<-- [start:bits_per_character]
@checked
def bits_per_character(loss_nats_per_token: NonNegative, tokens: Count = 1, characters: Count = 1):
    """A cross-entropy in nats per token as a code length in bits per character:

        bpc = (tokens / characters) * L / ln 2.

    An arithmetic coder driven by the model spends -log2 p(x_t | x_<t) bits on token x_t (to within
    2 bits for the whole message), so the mean cross-entropy L (nats per token) divided by ln 2 is
    the compressed size in bits per token; ``tokens`` and ``characters`` (counts over the same text)
    convert it to bits per character. For a character-level model, tokens = characters.
    """
    return tokens / characters * loss_nats_per_token / math.log(2.0)
# --8<-- [end:bits_per_character]


ALPHA_GRID = np.geomspace(1e-3, 5.0, 400)  # where the fits look for the exponent first


def _profiled(x, losses, alphas):
    """For each alpha, the best E >= 0 and a >= 0 and their RSS (arrays over ``alphas``): the model
    is linear in E and a, so this is variable projection. With two coefficients the non-negative
    solution is the unconstrained one when both are >= 0, else the better of the two
    one-coefficient fits (each clipped at 0)."""
    u = x[None, :] ** -alphas[:, None]  # one row per alpha
    uu, uy = np.sum(u * u, axis=1), u @ losses
    a_only = np.maximum(uy / uu, 0.0)
    n, s1, sy = x.size, np.sum(u, axis=1), np.sum(losses)
    det = n * uu - s1 * s1
    with np.errstate(divide="ignore", invalid="ignore"):
        E, a = (uu * sy - s1 * uy) / det, (n * uy - s1 * sy) / det
    inside = (E >= 0) & (a >= 0) & np.isfinite(E) & np.isfinite(a)
    E, a = np.where(inside, E, 0.0), np.where(inside, a, a_only)
    rss = np.sum((losses - E[:, None] - a[:, None] * u) ** 2, axis=1)
    E_only = np.mean(losses)  # > 0: a = 0, the constant fit
    rss_E = np.sum((losses - E_only) ** 2)
    outside_better_E = ~inside & (rss_E < rss)
    E, a = np.where(outside_better_E, E_only, E), np.where(outside_better_E, 0.0, a)
    return E, a, np.where(outside_better_E, rss_E, rss)


def _start(x, losses, irreducible):
    """Starting values: on ``ALPHA_GRID``, the alpha with the smallest RSS and its best coefficients
    (``_profiled``; E = 0 for ``irreducible=False``)."""
    if not irreducible:
        u = x[None, :] ** -ALPHA_GRID[:, None]
        a_only = np.maximum(u @ losses / np.sum(u * u, axis=1), 0.0)
        best = int(np.argmin(np.sum((losses - a_only[:, None] * u) ** 2, axis=1)))
        return np.array([max(a_only[best], 1e-12), ALPHA_GRID[best]])
    E, a, rss = _profiled(x, losses, ALPHA_GRID)
    # Ties (a = 0 fits the same for every alpha): the middle one, away from the grid's ends.
    tied = np.flatnonzero(rss <= rss.min() * (1 + 1e-12))
    best = int(tied[tied.size // 2])
    return np.array([E[best], max(a[best], 1e-12), ALPHA_GRID[best]])


def _exponent(sizes, losses):
    """The alpha of ``fit_power_law(sizes, losses)`` (same least-squares minimum), found faster for
    the bootstrap's refits: the RSS profiled over E and a (``_profiled``) is minimized in alpha
    alone, by solving dRSS/dalpha = 0 (by the envelope theorem 2 a sum_i r_i x_i^-alpha ln x_i,
    r the residuals) between the grid's neighbours of its best point. Where that minimum is not
    inside the grid with a > 0 and the slope changing sign, ``fit_power_law`` itself is used."""
    x = sizes / float(np.exp(np.mean(np.log(sizes))))
    _, a, rss = _profiled(x, losses, ALPHA_GRID)
    best = int(np.argmin(rss))
    if 0 < best < ALPHA_GRID.size - 1 and a[best] > 0:
        n, sy, log_x = x.size, float(np.sum(losses)), np.log(x)

        def slope(alpha):
            power = x**-alpha
            uu, uy, s1 = power @ power, power @ losses, np.sum(power)
            det = n * uu - s1 * s1
            E, a = (uu * sy - s1 * uy) / det, (n * uy - s1 * sy) / det
            if not (E >= 0 and a > 0):  # a bound is active: the general (slower) projection
                E, a = (v[0] for v in _profiled(x, losses, np.array([alpha]))[:2])
            return 2.0 * a * ((losses - E - a * power) * power) @ log_x

        low, high = ALPHA_GRID[best - 1], ALPHA_GRID[best + 1]
        if slope(low) < 0 < slope(high):
            return scipy.optimize.brentq(slope, low, high, xtol=1e-15, rtol=1e-14)
    return fit_power_law(sizes, losses)["alpha"]


# --8<-- [start:fit_power_law]
@checked
def fit_power_law(
    sizes: Numbers(ndim=1, entries=Positive), losses: Numbers(ndim=1, entries=Positive), irreducible: Bool = True,
):
    """Fit L(N) = E + a N^-alpha to measured losses by nonlinear least squares, with standard errors.

    Minimizes sum_i (L_i - E - a N_i^-alpha)^2 over E >= 0, a > 0, alpha > 0 (``irreducible=False``
    fixes E = 0: a pure power law, Kaplan et al.'s form). The fit runs on N / N_ref (N_ref the
    geometric mean of the sizes, for conditioning) from variable-projection starting values, by
    ``scipy.optimize.curve_fit`` with the model's exact Jacobian. Standard errors are the usual asymptotic ones,
    se(theta_j) = sqrt(s^2 [(J^T J)^-1]_jj) with s^2 = RSS / (n - p) and J the Jacobian of the
    model at the optimum, carried to a = a_ref N_ref^alpha by the delta method. They assume
    independent errors of equal variance; with few points they are rough, and a parameter at its
    bound (E = 0) has no meaningful standard error. Needs at least p + 1 points (4, or 3 for
    ``irreducible=False``) and p distinct sizes.
    Returns {"E", "E_se", "a", "a_se", "alpha", "alpha_se", "rss", "dof", "n_points", "irreducible"}.
    """
    p = 3 if irreducible else 2
    if losses.shape != sizes.shape:
        raise ValueError(f"losses must have one value per size ({sizes.shape[0]}), got shape {losses.shape}")
    if sizes.shape[0] < p + 1:
        raise ValueError(f"sizes must have at least {p + 1} points to fit {p} parameters and estimate their "
                         f"standard errors (one degree of freedom), got {sizes.shape[0]}")
    if np.unique(sizes).size < p:
        raise ValueError(f"sizes must have at least {p} distinct values, got {np.unique(sizes).size}")
    n_ref = float(np.exp(np.mean(np.log(sizes))))
    x = sizes / n_ref
    if irreducible:
        def model(x, E, a_ref, alpha):
            return E + a_ref * x**-alpha

        def jacobian(x, E, a_ref, alpha):  # d/dE, d/da_ref, d/dalpha
            power = x**-alpha
            return np.column_stack([np.ones_like(x), power, -a_ref * power * np.log(x)])
        lower = [0.0, 0.0, 0.0]
    else:
        def model(x, a_ref, alpha):
            return a_ref * x**-alpha

        def jacobian(x, a_ref, alpha):
            power = x**-alpha
            return np.column_stack([power, -a_ref * power * np.log(x)])
        lower = [0.0, 0.0]
    theta0 = _start(x, losses, irreducible)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", scipy.optimize.OptimizeWarning)  # singular J: inf covariance
        try:
            theta, cov = scipy.optimize.curve_fit(
                model, x, losses, p0=theta0, jac=jacobian, bounds=(lower, np.inf), method="trf", x_scale="jac",
                xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=1_000,
            )
        except RuntimeError as error:  # no convergence: the losses are far from any such law
            raise ValueError(f"losses do not follow L = E + a N^-alpha closely enough to fit it ({error})") from None
    rss = float(np.sum((losses - model(x, *theta)) ** 2))
    # (E, a_ref, alpha) -> (E, a, alpha), a = a_ref N_ref^alpha: the delta method's Jacobian.
    a_ref, alpha = theta[-2], theta[-1]
    a = a_ref * n_ref**alpha
    T = np.eye(p)
    T[-2, -2], T[-2, -1] = n_ref**alpha, a * math.log(n_ref)
    cov = T @ cov @ T.T if np.all(np.isfinite(cov)) else np.full((p, p), np.inf)
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    return {
        "E": float(theta[0]) if irreducible else 0.0,
        "E_se": float(se[0]) if irreducible else 0.0,
        "a": float(a),
        "a_se": float(se[-2]),
        "alpha": float(alpha),
        "alpha_se": float(se[-1]),
        "rss": rss,
        "dof": int(sizes.shape[0] - p),
        "n_points": int(sizes.shape[0]),
        "irreducible": irreducible,
    }
# --8<-- [end:fit_power_law]


# --8<-- [start:bootstrap_power_law]
@checked
def bootstrap_power_law(
    sizes: Numbers(shape=("n",), entries=Positive), losses: Numbers(shape=("n",), entries=Positive),
    resamples: Count = 2000, level: OpenUnit = 0.95, seed: Seed = 0,
):
    """A percentile interval for the exponent alpha of L(N) = E + a N^-alpha, by a residual bootstrap.

    Fit once (``fit_power_law``): fitted values m_i = E + a N_i^-alpha and residuals r_i = L_i - m_i.
    The residuals are centred and multiplied by sqrt(n / (n - 3)): least-squares residuals are
    smaller than the errors (their mean square is RSS / n, while RSS / (n - 3) estimates the error
    variance), so without the factor the intervals come out too narrow. Then ``resamples`` times:
    draw n of them with replacement (``numpy.random.default_rng(seed)``), refit
    L*_i = m_i + r*_i at the same sizes by least squares, keep alpha* (the minimum ``fit_power_law``
    finds, computed by ``_exponent``: the exponent alone, about ten times faster). The interval is the
    (1 - level)/2 and (1 + level)/2 quantiles of the alpha* (numpy's default, linear
    interpolation): the percentile interval.

    Sources: B. Efron and R. J. Tibshirani, "An Introduction to the Bootstrap" (1993), ch. 9
    (bootstrapping residuals of a regression) and ch. 13 (percentile intervals); the rescaled
    residuals as in A. C. Davison and D. V. Hinkley, "Bootstrap Methods and Their Application"
    (1997), Sec. 6.2. It treats the residuals as exchangeable draws of the error: it assumes the
    model is right and the errors independent with one variance, as the standard errors do, but
    not that they are normal or that alpha-hat is linear in them. Refits are independent of each
    other; 2,000 take about a second. Needs at least 4 points and 3 distinct sizes
    (``fit_power_law``), and every L*_i > 0.
    Returns {"alpha": the fit's, "low", "high", "level", "alphas": the resampled exponents,
    "resamples", "seed"}.
    """
    n = sizes.shape[0]
    fit = fit_power_law(sizes, losses)
    fitted = fit["E"] + fit["a"] * sizes ** -fit["alpha"]
    residuals = losses - fitted
    residuals = (residuals - residuals.mean()) * math.sqrt(n / (n - 3))
    rng = np.random.default_rng(seed)
    alphas = np.empty(resamples)
    for b in range(resamples):
        resampled = fitted + rng.choice(residuals, size=n, replace=True)
        if np.any(resampled <= 0):
            raise ValueError("losses scatter about the fit by more than the fitted losses: a resampled loss is "
                             "<= 0, and the power law cannot be refitted to it")
        alphas[b] = _exponent(sizes, resampled)
    low, high = np.quantile(alphas, [(1 - level) / 2, (1 + level) / 2])
    return {"alpha": fit["alpha"], "low": float(low), "high": float(high), "level": level, "alphas": alphas,
            "resamples": resamples, "seed": seed}
# --8<-- [end:bootstrap_power_law]


# --8<-- [start:leave_one_out_power_law]
@checked
def leave_one_out_power_law(
    sizes: Numbers(shape=("n",), entries=Positive), losses: Numbers(shape=("n",), entries=Positive),
):
    """The exponent alpha of L(N) = E + a N^-alpha refitted with each point left out in turn.

    ``alphas[i]`` is ``fit_power_law`` of all points but the i-th; low and high are their
    minimum and maximum. These are the leave-one-out fits of the jackknife (Efron & Tibshirani,
    "An Introduction to the Bootstrap", 1993, ch. 11); their range shows how much a single
    measurement moves the exponent, with no assumption about the errors. Needs at least 5 points
    (4 in every refit) and 4 distinct sizes (3 in every refit).
    Returns {"alpha": the fit to all points, "alphas", "low", "high"}.
    """
    n = sizes.shape[0]
    if n < 5:
        raise ValueError(f"sizes must have at least 5 points, so that each refit without one has 4, got {n}")
    if np.unique(sizes).size < 4:
        raise ValueError(f"sizes must have at least 4 distinct values, so that each refit without one has 3, "
                         f"got {np.unique(sizes).size}")
    keep = ~np.eye(n, dtype=bool)
    alphas = np.array([fit_power_law(sizes[keep[i]], losses[keep[i]])["alpha"] for i in range(n)])
    return {"alpha": fit_power_law(sizes, losses)["alpha"], "alphas": alphas,
            "low": float(alphas.min()), "high": float(alphas.max())}
# --8<-- [end:leave_one_out_power_law]
