"""A bound on a language model's bits per character: smoothed predictions make the log-loss bounded.

The log-loss -log2 p(x) of a model that gives the next character probability p is unbounded (p can
be 0), and a Hoeffding-type bound needs a bounded loss. Mixing the prediction with the uniform
distribution over the V characters, p_alpha = (1 - alpha) p + alpha / V, keeps every probability at
least alpha / V, so the loss lies in an interval of known width Delta, and Occam's union bound over
a prefix code for the models applies to it (Lotfi et al. 2024, ICML, PMLR 235: "a compression bound
that is valid for the unbounded log-likelihood loss using prediction smoothing", their abstract).
alpha is fixed before the data.
"""

import math

import numpy as np

from snippets._domains import AtLeast, Count, NonNegative, Numbers, OpenUnit, Probability, Within, checked

Alpha = Within(0, 1, open_low=True)  # alpha = 0 leaves the loss unbounded; alpha = 1 is the uniform code
Vocab = AtLeast(2)


# --8<-- [start:smoothed_bits]
@checked
def smoothed_bits(p_true: Numbers(entries=Probability), alpha: Alpha, vocab_size: Vocab):
    """Code length in bits of each character under the smoothed prediction (an array like ``p_true``,
    the probabilities the model gave the characters that came):

        l_alpha(x) = -log2( (1 - alpha) p(x) + alpha / V ).

    Source: Lotfi, Finzi, Kuang, Rudner, Goldblum & Wilson (2024), "Non-vacuous generalization
    bounds for large language models", ICML, PMLR 235, 32801-32818: prediction smoothing (abstract);
    the same -log2((1 - alpha) p + alpha/V) in the authors' code (github.com/Sanaelotfi/
    sublora-bounds-for-llms, sublora/bounds/bound_utils.py). Section number not checked.
    """
    return -np.log2((1.0 - alpha) * p_true + alpha / vocab_size)
# --8<-- [end:smoothed_bits]


# --8<-- [start:smoothed_loss_range]
@checked
def smoothed_loss_range(alpha: Alpha, vocab_size: Vocab):
    """The interval [a, b] every smoothed code length lies in (p = 1 and p = 0), and its width Delta:

        a = -log2(1 - alpha + alpha / V),   b = log2(V / alpha),
        Delta = b - a = log2(1 + (1 - alpha) V / alpha).

    Returns (a, b, Delta) in bits. Source: Lotfi et al. (2024), ICML: Delta as their code computes it,
    log2(1 + (1 - alpha) V / alpha) (sublora/sublora_pipeline.py, get_bounds). Section and
    equation numbers not checked.
    """
    low = -math.log2(1.0 - alpha + alpha / vocab_size)
    high = math.log2(vocab_size / alpha)
    return low, high, math.log2(1.0 + (1.0 - alpha) * vocab_size / alpha)
# --8<-- [end:smoothed_loss_range]


def _check_train_bits(train_bits, alpha, vocab_size):
    low, high, width = smoothed_loss_range(alpha, vocab_size)
    if not low - 1e-12 <= train_bits <= high + 1e-12:
        raise ValueError(f"train_bits must lie in the smoothed loss's range [{low:.6g}, {high:.6g}] bits, "
                         f"got {train_bits}")
    return width


# --8<-- [start:lm_occam_bound]
@checked
def lm_occam_bound(
    train_bits: NonNegative, code_bits: NonNegative, m: Count, delta: OpenUnit, alpha: Alpha, vocab_size: Vocab,
):
    """Occam's bound for a bounded loss (Hoeffding form), as Lotfi et al. (2024) compute it for the
    smoothed log-loss: with probability >= 1 - delta over m i.i.d. units of text, every model h with
    an L(h)-bit codeword in a prefix code fixed in advance has expected smoothed bits per character

        E[l_alpha] <= hat l_alpha(h) + Delta sqrt( (L(h) ln 2 + ln(1/delta)) / (2 m) ),
        Delta = log2(1 + (1 - alpha) V / alpha),

    hat l_alpha the mean over the m units (Hoeffding's inequality for each h at confidence
    delta 2^-L(h), then the union bound). ``train_bits`` must lie in the loss's range.
    Source: Lotfi et al. (2024), "Non-vacuous generalization bounds for large language models",
    ICML: the bound with prediction smoothing (abstract). Their code (sublora/bounds/compute_bounds.py,
    llm_subsampling_bound) computes it with the N training documents as the units, on n sampled ones:
    hat l_alpha + Delta [sqrt((L ln 2 + ln(1/(r eps))) / (2 N)) + sqrt(ln(1/((1 - r) eps)) / (2 n))],
    r = n / (n + N); the first term is this bound at delta = r eps. Theorem number not checked.
    Hoeffding (1963), JASA 58.
    """
    width = _check_train_bits(train_bits, alpha, vocab_size)
    return train_bits + width * math.sqrt((code_bits * math.log(2.0) + math.log(1.0 / delta)) / (2.0 * m))
# --8<-- [end:lm_occam_bound]


# --8<-- [start:units_needed]
@checked
def units_needed(
    train_bits: NonNegative, code_bits: NonNegative, delta: OpenUnit, alpha: Alpha, vocab_size: Vocab,
    target_bits: NonNegative,
):
    """The fewest i.i.d. units m for which ``lm_occam_bound`` with the same training loss and code
    length reaches ``target_bits`` (e.g. log2 V, the uniform code's bits per character):

        m >= (L ln 2 + ln(1/delta)) Delta^2 / (2 (target - hat l_alpha)^2).

    How much more text the same model would need for its bound to say something.
    """
    width = _check_train_bits(train_bits, alpha, vocab_size)
    if target_bits <= train_bits:
        raise ValueError(f"target_bits must exceed train_bits = {train_bits}, got {target_bits}")
    complexity = code_bits * math.log(2.0) + math.log(1.0 / delta)
    m = max(1, math.ceil(complexity * width**2 / (2.0 * (target_bits - train_bits) ** 2)))
    while m > 1 and lm_occam_bound(train_bits, code_bits, m - 1, delta, alpha, vocab_size) <= target_bits:
        m -= 1  # the ceiling's rounding
    while lm_occam_bound(train_bits, code_bits, m, delta, alpha, vocab_size) > target_bits:
        m += 1
    return m
# --8<-- [end:units_needed]
