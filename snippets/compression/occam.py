"""Occam's razor bound: a hypothesis described in L bits cannot overfit by more than about L ln 2 / m.

Fix, before seeing the data, a prefix code over a countable set of hypotheses (classifiers). The
lengths L(h) of its codewords satisfy Kraft's inequality sum_h 2^-L(h) <= 1, so P(h) = 2^-L(h) is a
prior (a sub-probability). Apply the test-set bound to each h at confidence delta P(h) and take the
union: with probability >= 1 - sum_h delta P(h) >= 1 - delta over m i.i.d. examples, every h
simultaneously has its true error R(h) within the bound, so a bound may be computed for the h that
training picked, however it was picked. Error rates are of the 0-1 loss. (Langford 2005, JMLR 6: the
prior 2^-|d(c)| of a self-terminating description language, Sec. 4.3; the proof, Theorem 4.1.)
"""

import math

from snippets._domains import AtLeast, Count, NonNegative, OpenUnit, Probability, checked
from snippets.pacbayes.bounds import maurer_kl_bound
from snippets.pacbayes.kl import kl_inverse


# --8<-- [start:occam_bound]
@checked
def occam_bound(train_error: Probability, code_bits: NonNegative, m: Count, delta: OpenUnit):
    """Occam's razor bound in its relative-entropy (Chernoff) form: with probability >= 1 - delta,
    for every h of a prefix code with codeword lengths L(h) bits,

        R(h) <= kl^{-1}( R_hat(h), (L(h) ln 2 + ln(1/delta)) / m ),

    where kl^{-1}(q, c) = sup{p : kl(q||p) <= c} (``snippets.pacbayes.kl_inverse``) and
    ln(1/P(h)) = L(h) ln 2 for the prior P(h) = 2^-L(h). It relaxes ``occam_binomial_bound`` by the
    Chernoff bound on the binomial tail, Pr(Bin(m, p) <= k) <= exp(-m kl(k/m || p)) for p >= k/m.
    Source: Langford (2005), "Tutorial on practical prediction theory for classification", JMLR 6,
    Sec. 4.1: Theorem 4.1 (Occam's Razor Bound, binomial-tail form) relaxed by Lemma 3.6 (relative
    entropy Chernoff bound). The kl form has no number there: it is Corollary 3.7 (agnostic test set
    bound) with delta -> delta P(c), as Sec. 4.1.1 says; Corollary 4.2 is the looser square-root
    form. Blumer, Ehrenfeucht, Haussler & Warmuth (1987), "Occam's razor", Inf. Process. Lett. 24(6).
    """
    return kl_inverse(train_error, (code_bits * math.log(2.0) + math.log(1.0 / delta)) / m)
# --8<-- [end:occam_bound]


def _log_binomial_cdf(k, m, p):
    """ln Pr(Bin(m, p) <= k), summed in log space (terms ln C(m, j) + j ln p + (m - j) ln(1 - p))."""
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 0.0 if k >= m else -math.inf
    log_p, log_q = math.log(p), math.log1p(-p)
    terms = [math.lgamma(m + 1) - math.lgamma(j + 1) - math.lgamma(m - j + 1) + j * log_p + (m - j) * log_q
             for j in range(k + 1)]
    top = max(terms)
    return top + math.log(math.fsum(math.exp(t - top) for t in terms))


# --8<-- [start:occam_binomial_bound]
@checked
def occam_binomial_bound(errors: AtLeast(0), code_bits: NonNegative, m: Count, delta: OpenUnit):
    """Occam's razor bound in its exact binomial-tail form: with probability >= 1 - delta, for every h
    with L(h)-bit codeword and k = ``errors`` mistakes on the m training examples,

        R(h) <= Bin^{-1}(m, k, delta 2^-L(h)) = sup{ p : Pr(Bin(m, p) <= k) >= delta 2^-L(h) }.

    The tightest bound from the binomial tail: under R(h) = p the number of training mistakes is
    Bin(m, p), so the test-set bound at confidence delta P(h) is this inversion. Computed in log
    space (delta 2^-L is far below the smallest float for long codes) by bisection to 1e-12,
    returning the upper end of the bracket. It is never above ``occam_bound`` (Chernoff).
    Source: Langford (2005), JMLR 6, Theorem 4.1 (Occam's Razor Bound, Sec. 4.1), with the binomial
    tail inversion Bin-bar of Definition 3.2 (Sec. 3.1; the test set bound is Theorem 3.3);
    Langford & Caruana (2002), "(Not) bounding the true error", NIPS 14.
    """
    if errors > m:
        raise ValueError(f"errors must be <= m = {m}, got {errors}")
    target = math.log(delta) - code_bits * math.log(2.0)  # ln(delta 2^-L)
    if _log_binomial_cdf(errors, m, 1.0) >= target:
        return 1.0
    lo, hi = 0.0, 1.0  # invariant: cdf(lo) >= target > cdf(hi); the cdf falls as p grows
    while hi - lo > 1e-12:
        mid = 0.5 * (lo + hi)
        if _log_binomial_cdf(errors, m, mid) >= target:
            lo = mid
        else:
            hi = mid
    return hi
# --8<-- [end:occam_binomial_bound]


# --8<-- [start:pointmass_pac_bayes_bound]
@checked
def pointmass_pac_bayes_bound(train_error: Probability, code_bits: NonNegative, m: AtLeast(8), delta: OpenUnit):
    """The PAC-Bayes-kl bound for a point-mass posterior Q = delta_h on a hypothesis with an L-bit codeword:

        KL(delta_h || P) = ln(1 / P(h)) = L ln 2,
        R(h) <= kl^{-1}( R_hat(h), (L ln 2 + ln(2 sqrt(m) / delta)) / m ),

    i.e. ``snippets.pacbayes.maurer_kl_bound`` with KL = L ln 2. It pays ln(2 sqrt(m)) / m more than
    ``occam_bound``: the PAC-Bayes theorem holds for every posterior, point masses among them, but
    for point masses on a countable class Occam's union bound is tighter. Source: Maurer (2004), "A
    note on the PAC Bayesian theorem", Thm 5 (m >= 8); McAllester (1999), "PAC-Bayesian model
    averaging", COLT (Occam's bound as the point-mass case of PAC-Bayes); Langford (2005), JMLR 6,
    Theorem 5.1 (PAC-Bayes Bound, with ln((m + 1)/delta) in place of Maurer's ln(2 sqrt(m)/delta)).
    """
    return maurer_kl_bound(train_error, code_bits * math.log(2.0), m, delta)
# --8<-- [end:pointmass_pac_bayes_bound]
