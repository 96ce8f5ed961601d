"""Bayes and MDL: the MAP hypothesis is the one with the shortest two-part code.

With the code lengths L(H) = -log2 p(H) and L(D|H) = -log2 p(D|H) (Shannon-Fano code lengths,
rounding up aside: Cover & Thomas 2006, Sec. 5.4), the total L(H) + L(D|H) = -log2 p(H, D), so
minimizing the total code length maximizes the joint p(H) p(D|H), hence the posterior p(H|D).
Sources: Grünwald (2007), The Minimum Description Length Principle, MIT Press, ch. 5 and
Sec. 17.2; MacKay (2003), Information Theory, Inference, and Learning Algorithms, ch. 28.
"""

import math

import numpy as np
from scipy.special import rel_entr

from snippets._domains import AtLeast, NonNegative, Numbers, OpenUnit, Positive, checked
from snippets.mdl._domains import CodeLengths, LogProbabilities


# --8<-- [start:map_hypothesis]
@checked
def map_hypothesis(log_prior: LogProbabilities, log_likelihood: Numbers(shape=("n",))):
    """Index of the maximum a posteriori hypothesis, argmax_H [ln p(H) + ln p(D|H)] (natural logs).

    ``log_prior[i]`` = ln p(H_i) of a prior over finitely many hypotheses (its exponentials sum to
    1) and ``log_likelihood[i]`` = ln p(D|H_i). The evidence p(D) is the same for every H, so the
    argmax of the joint is the argmax of the posterior p(H|D). Ties go to the smaller index.
    """
    return int(np.argmax(log_prior + log_likelihood))
# --8<-- [end:map_hypothesis]


# --8<-- [start:mdl_hypothesis]
@checked
def mdl_hypothesis(prior_code_bits: CodeLengths, data_code_bits: Numbers(shape=("n",), entries=NonNegative)):
    """Index of the hypothesis with the shortest two-part code, argmin_H [L(H) + L(D|H)] (bits).

    ``prior_code_bits[i]`` = L(H_i) must satisfy Kraft's inequality sum_i 2^-L(H_i) <= 1 (it is the
    code of a prefix code, or of a prior p(H) = 2^-L(H) summing to at most 1); ``data_code_bits[i]``
    = L(D|H_i) >= 0. With L(H) = -log2 p(H) and L(D|H) = -log2 p(D|H) this is ``map_hypothesis``.
    Ties go to the smaller index. Source: Kraft (1949); Cover & Thomas (2006), Thm 5.2.1.
    """
    return int(np.argmin(prior_code_bits + data_code_bits))
# --8<-- [end:mdl_hypothesis]


# --8<-- [start:coin_code_lengths]
@checked
def coin_code_lengths(
    heads: AtLeast(0), tails: AtLeast(0),
    thetas: Numbers(shape=("n",), entries=OpenUnit, min_size=1),
    prior: Numbers(shape=("n",), entries=Positive, sums_to_one=True),
):
    """Two-part code lengths, in bits, of one sequence of coin flips under the hypotheses theta_i:

        L(H_i)   = -log2 prior_i,
        L(D|H_i) = -heads log2 theta_i - tails log2(1 - theta_i)   (theta = probability of heads),
        total_i  = L(H_i) + L(D|H_i) = -log2 [prior_i theta_i^heads (1 - theta_i)^tails],

    the last being -log2 of the joint probability p(H_i, D) of the hypothesis and the sequence (the
    order of the flips is part of D, so there is no binomial coefficient). Returns
    {"prior_bits", "data_bits", "total_bits", "log_joint" (ln p(H_i, D), nats),
    "posterior" (p(H_i | D) = 2^-total_i / sum_j 2^-total_j)}. Each theta must lie in (0, 1) and the
    prior must be a probability vector with positive entries.
    """
    log_prior = np.log(prior)
    log_likelihood = heads * np.log(thetas) + tails * np.log1p(-thetas)
    log_joint = log_prior + log_likelihood
    prior_bits = -log_prior / math.log(2.0)
    data_bits = -log_likelihood / math.log(2.0)
    shifted = np.exp(log_joint - np.max(log_joint))  # posterior without underflow
    return {
        "prior_bits": prior_bits,
        "data_bits": data_bits,
        "total_bits": prior_bits + data_bits,
        "log_joint": log_joint,
        "posterior": shifted / np.sum(shifted),
    }
# --8<-- [end:coin_code_lengths]


# --8<-- [start:extra_code_length_bits]
@checked
def extra_code_length_bits(
    q: Numbers(shape=("n",), entries=NonNegative, min_size=1, sums_to_one=True),
    p: Numbers(shape=("n",), entries=NonNegative, sums_to_one=True),
):
    """Expected extra bits paid for coding samples of q with the code built for p:

        E_{x~q}[-log2 p(x)] - E_{x~q}[-log2 q(x)] = sum_x q(x) log2(q(x) / p(x)) = KL(q || p) / ln 2.

    (Cross-entropy minus entropy; the code lengths are the ideal -log2 p(x), i.e. without rounding
    up to whole bits.) It is >= 0 (Gibbs' inequality) and 0 iff q = p. If p(x) = 0 at some x with
    q(x) > 0, p's code has no codeword for x: the result is math.inf. Terms with q(x) = 0 count 0.
    ``q`` and ``p`` are probability vectors on the same finite alphabet (entries >= 0, summing to 1
    within 1e-9). A sum that rounding makes slightly negative is returned as 0. This is the bridge
    to PAC-Bayes: a posterior Q coded with the prior P's code costs KL(Q||P) / ln 2 extra bits.
    Source: Cover & Thomas (2006), Thm 5.4.3 (wrong code) and Thm 2.6.3 (information inequality).
    """
    if np.any((q > 0.0) & (p == 0.0)):
        return math.inf
    kl_nats = float(np.sum(rel_entr(q, p)))  # q ln(q/p), 0 where q = 0
    return max(kl_nats, 0.0) / math.log(2.0)
# --8<-- [end:extra_code_length_bits]
