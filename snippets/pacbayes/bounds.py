"""PAC-Bayes risk bounds for a posterior Q over classifiers, with a prior P fixed before the data.

Notation: R(Q) is the true (Gibbs) risk of Q under the 0-1 loss, R_hat(Q) its empirical risk on
m i.i.d. examples, KL = KL(Q||P), and each bound holds with probability >= 1 - delta over the
sample, simultaneously for all Q. The functions return the raw value: a risk bound >= 1 says
nothing (it is vacuous), but it is returned as is so that plots show how far from 1 it is.
"""

import math

from snippets._domains import AtLeast, Count, NonNegative, OpenUnit, Positive, Probability, checked
from snippets.pacbayes.kl import kl_inverse


# --8<-- [start:mcallester_bound]
@checked
def mcallester_bound(emp_risk: Probability, kl: NonNegative, m: Count, delta: OpenUnit):
    """McAllester's PAC-Bayes bound:

        R(Q) <= R_hat(Q) + sqrt( (KL(Q||P) + ln(2 sqrt(m) / delta)) / (2 m) ).

    Source: McAllester (1999), "PAC-Bayesian model averaging", and (2003),
    "PAC-Bayesian stochastic model selection". This is the modern form with
    ln(2 sqrt(m)/delta), obtained from Maurer's kl bound (``maurer_kl_bound``)
    by Pinsker's inequality kl(q||p) >= 2 (q - p)^2; see Guedj (2019), "A primer
    on PAC-Bayesian learning", and Alquier (2024), "User-friendly introduction to
    PAC-Bayes bounds". (Maurer states his theorem for m >= 8.)
    """
    complexity = kl + math.log(2.0 * math.sqrt(m) / delta)
    return emp_risk + math.sqrt(complexity / (2.0 * m))
# --8<-- [end:mcallester_bound]


# --8<-- [start:maurer_kl_bound]
@checked
def maurer_kl_bound(emp_risk: Probability, kl: NonNegative, m: AtLeast(8), delta: OpenUnit):
    """PAC-Bayes-kl bound (Langford-Seeger-Maurer):

        kl(R_hat(Q) || R(Q)) <= (KL(Q||P) + ln(2 sqrt(m) / delta)) / m,
        hence R(Q) <= kl^{-1}( R_hat(Q), (KL(Q||P) + ln(2 sqrt(m) / delta)) / m ).

    Source: Maurer (2004), "A note on the PAC Bayesian theorem", Thm 5 (requires
    m >= 8); earlier with ln((m + 1)/delta) in Langford & Seeger (2001) and
    Seeger (2002). It is never looser than ``mcallester_bound`` (Pinsker).
    """
    complexity = kl + math.log(2.0 * math.sqrt(m) / delta)
    return kl_inverse(emp_risk, complexity / m)
# --8<-- [end:maurer_kl_bound]


# --8<-- [start:catoni_bound]
@checked
def catoni_bound(emp_risk: Probability, kl: NonNegative, m: Count, delta: OpenUnit, C: Positive):
    """Catoni's PAC-Bayes bound, for a constant C > 0 fixed before seeing the data:

        R(Q) <= (1 - exp(-C R_hat(Q) - (KL(Q||P) + ln(1/delta)) / m)) / (1 - exp(-C)).

    Choosing C after seeing the data requires a union bound over a grid of C
    values (replace delta by delta / number of grid points).
    Source: Catoni (2007), "PAC-Bayesian supervised classification: the
    thermodynamics of statistical learning", Thm 1.2.6; in this form in
    Germain, Lacasse, Laviolette & Marchand (2009), "PAC-Bayesian learning of
    linear classifiers", ICML.
    """
    exponent = -C * emp_risk - (kl + math.log(1.0 / delta)) / m
    # 1 - exp(x) is written -expm1(x): the same number, without rounding loss for small C.
    return -math.expm1(exponent) / -math.expm1(-C)
# --8<-- [end:catoni_bound]
