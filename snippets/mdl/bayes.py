"""Bayes and MDL: on a countable set of hypotheses, the MAP hypothesis is the one with the shortest two-part code.

With the code lengths L(H) = -log2 p(H) and L(D|H) = -log2 p(D|H) (Shannon-Fano code lengths,
rounding up aside: Cover & Thomas 2006, Sec. 5.4), the total L(H) + L(D|H) = -log2 p(H, D), so
minimizing the total code length maximizes the joint p(H) p(D|H), hence the posterior p(H|D).
This needs p(H) to be a probability mass on a countable set. For a continuous parameter, -log2
of a density is a code length only once a precision is chosen, and a density's maximum depends on
the parametrization: ``beta_bernoulli_map`` and ``bernoulli_two_part_code`` show both.
Sources: Grünwald (2007), The Minimum Description Length Principle, MIT Press, ch. 5 and
Sec. 17.2; Grünwald (2005), "A tutorial introduction to the minimum description length
principle", in Advances in MDL, MIT Press, Sec. 2.9.2; MacKay (2003), Information Theory,
Inference, and Learning Algorithms, ch. 28.
"""

import math

import numpy as np
from scipy.special import betainc, rel_entr

from snippets._domains import AtLeast, NonNegative, Numbers, OneOf, OpenUnit, Positive, checked
from snippets.mdl._domains import CodeLengths, LogProbabilities, PrecisionBits


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


# --8<-- [start:beta_bernoulli_map]
@checked
def beta_bernoulli_map(heads: AtLeast(0), tails: AtLeast(0), a: Positive, b: Positive, coordinate: OneOf("p", "logit")):
    """The MAP estimate of a coin's bias p: the maximum of its posterior density in the given coordinate.

    With a Beta(a, b) prior the posterior is Beta(alpha, beta), alpha = a + heads, beta = b + tails,
    and its density in p, p^(alpha-1) (1-p)^(beta-1) / B(alpha, beta), is largest at

        coordinate="p":      p = (alpha - 1) / (alpha + beta - 2).

    The density of the logit theta = ln(p / (1 - p)) is that density times the Jacobian
    dp/dtheta = p (1 - p), i.e. p^alpha (1-p)^beta / B(alpha, beta), which is largest at

        coordinate="logit":  p = sigma(theta_MAP) = alpha / (alpha + beta)   (returned as p).

    One posterior, two "MAP estimates": the maximum of a density moves under a nonlinear change of
    variables (Bishop 2006, Pattern Recognition and Machine Learning, Sec. 1.2.1 and Exercise 1.4),
    while the probability of a set of values does not. With a uniform prior (a = b = 1) the first is
    the maximum-likelihood estimate heads / n and the second (heads + 1) / (n + 2), Laplace's rule of
    succession. The density of p has its maximum inside (0, 1) only if alpha > 1 and beta > 1
    (ValueError otherwise); the density of the logit always does.
    """
    alpha, beta = a + heads, b + tails
    if coordinate == "logit":
        return alpha / (alpha + beta)
    if alpha <= 1.0:
        raise ValueError(f"heads must make a + heads > 1 for the density of p to peak inside (0, 1), got {alpha}")
    if beta <= 1.0:
        raise ValueError(f"tails must make b + tails > 1 for the density of p to peak inside (0, 1), got {beta}")
    return (alpha - 1.0) / (alpha + beta - 2.0)
# --8<-- [end:beta_bernoulli_map]


# --8<-- [start:bernoulli_two_part_code]
@checked
def bernoulli_two_part_code(
    heads: AtLeast(0), tails: AtLeast(0), a: Positive, b: Positive, max_precision_bits: PrecisionBits = 16,
):
    """The shortest two-part code, in bits, of a sequence of coin flips whose bias p is stated on a grid:

        L(k, j) = L_gamma(k) - log2 Pi(C_kj) - heads log2 p_kj - tails log2(1 - p_kj),
        C_kj = [j 2^-k, (j + 1) 2^-k),   p_kj = (j + 1/2) 2^-k,   j = 0, ..., 2^k - 1,

    minimized over the precision k = 1, ..., max_precision_bits and the cell j. L_gamma(k) =
    2 floor(log2 k) + 1 is the length of the Elias gamma codeword of k, and Pi(C) the probability of
    the cell under the prior Beta(a, b). Since sum_k 2^-L_gamma(k) sum_j Pi(C_kj) <= 1 (Kraft), this
    is a code for the countable set of hypotheses (k, j), and its shortest codeword is the MAP
    hypothesis of that set under the prior 2^-L_gamma(k) Pi(C_kj). Pi(C) is a probability, the same
    whichever coordinate (p, the logit) the cell is written in, so the choice does not depend on the
    parametrization, unlike the maximum of a density (``beta_bernoulli_map``).

    Stating p more finely costs bits; stating it coarsely moves it off the best fit and costs bits
    on the data. A precision of order 1/sqrt(n I(p)) balances the two, I(p) = 1 / (p (1 - p)) being
    the Fisher information of one flip, and gives -log2 p(D | p_hat) + (1/2) log2 n + O(1) bits
    (Rissanen 1978; Wallace & Freeman 1987, "Estimation and inference by compact coding", JRSS B 49);
    one sample may still pick a coarser cell whose midpoint happens to fit well.

    Returns {"precision_bits" (k), "width" (2^-k), "p" (the chosen cell's midpoint), "model_bits"
    (L_gamma(k) - log2 Pi(C)), "data_bits", "total_bits"}. Ties go to the smaller k, then the
    smaller j. Source: Grünwald (2007), ch. 5; Rissanen (1978).
    """
    shortest = []  # the shortest codeword at each precision k
    for k in range(1, max_precision_bits + 1):
        edges = np.arange(2**k + 1) / 2**k
        mid = (edges[:-1] + edges[1:]) / 2
        cell_probability = np.maximum(np.diff(betainc(a, b, edges)), 0.0)  # Pi(C_kj)
        with np.errstate(divide="ignore"):  # a cell of probability 0 costs inf bits: never chosen
            model_bits = 2 * math.floor(math.log2(k)) + 1 - np.log2(cell_probability)
        data_bits = -heads * np.log2(mid) - tails * np.log2(1.0 - mid)
        j = int(np.argmin(model_bits + data_bits))  # ties: the smaller j
        shortest.append({
            "precision_bits": k, "width": 2.0**-k, "p": float(mid[j]), "model_bits": float(model_bits[j]),
            "data_bits": float(data_bits[j]), "total_bits": float(model_bits[j] + data_bits[j]),
        })
    return min(shortest, key=lambda code: code["total_bits"])  # ties: the smaller k
# --8<-- [end:bernoulli_two_part_code]


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
