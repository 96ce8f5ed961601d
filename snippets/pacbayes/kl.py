"""The binary relative entropy kl(q||p) and its upper inverse, the core of PAC-Bayes-kl bounds."""

import math

from snippets._domains import Probability, Within, checked


# --8<-- [start:binary_kl]
@checked
def binary_kl(q: Probability, p: Probability):
    """Binary relative entropy kl(q||p) in nats.

        kl(q||p) = q ln(q/p) + (1 - q) ln((1 - q)/(1 - p)),

    i.e. KL(Bernoulli(q) || Bernoulli(p)), with the convention 0 ln 0 = 0.
    It is +inf when p is 0 or 1 and q != p.
    Source: Cover & Thomas, Elements of Information Theory, 2nd ed. (2006), Sec. 2.3;
    as used in Langford & Seeger (2001), Seeger (2002), Maurer (2004).
    """
    if q == p:
        return 0.0
    if p == 0.0 or p == 1.0:
        return math.inf
    total = 0.0
    if q > 0.0:
        total += q * math.log(q / p)
    if q < 1.0:
        total += (1.0 - q) * math.log((1.0 - q) / (1.0 - p))
    # kl >= 0 (Gibbs' inequality); clip the rounding error when q is very close to p.
    return max(total, 0.0)
# --8<-- [end:binary_kl]


# --8<-- [start:kl_inverse]
@checked
def kl_inverse(q: Probability, c: Within(0, math.inf, allow_inf=True)):
    """Upper inverse of the binary kl:

        kl^{-1}(q, c) = sup { p in [q, 1] : kl(q||p) <= c }.

    On [q, 1] the map p -> kl(q||p) is continuous and increasing from 0 to +inf
    (for q < 1), so the sup is found by bisection. The returned value is the
    upper end of the final bracket: it is >= the exact inverse and exceeds it by
    at most 1e-12, so a bound computed with it stays a valid upper bound.
    (This assumes kl is evaluated exactly; its rounding error, ~1e-16, moves the
    result by more than 1e-12 only when 0 < c < ~1e-8.)
    kl^{-1}(q, 0) = q, kl^{-1}(q, inf) = 1 and kl^{-1}(1, c) = 1.
    Source: Langford & Seeger (2001); Seeger (2002), JMLR 3, "PAC-Bayesian
    generalisation error bounds for Gaussian process classification";
    Maurer (2004), "A note on the PAC Bayesian theorem".
    """
    if q == 1.0 or math.isinf(c):
        return 1.0
    if c == 0.0:
        return q  # kl(q||p) = 0 only at p = q
    lo, hi = q, 1.0  # invariant: kl(q||lo) <= c < kl(q||hi) = +inf at the start
    while hi - lo > 1e-12:
        mid = 0.5 * (lo + hi)
        if binary_kl(q, mid) <= c:
            lo = mid
        else:
            hi = mid
    return hi
# --8<-- [end:kl_inverse]
