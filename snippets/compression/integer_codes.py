"""Self-delimiting codes for the integers a network's code needs: sizes, codebook sizes, symbol counts.

A code for the whole network is a concatenation of fields, and the decoder must know where each one
ends without a separator. Elias' gamma and delta codes are prefix codes for the positive integers
(no codeword is a prefix of another), so a number written with them needs no length field. The
counts of a codebook's symbols are written with the uniform code over compositions of n: every
count >= 1 and the counts sum to the number n of weights, which the decoder already knows.

Bit strings are ``str`` of '0' and '1'. A reader takes the whole string and a position and returns
(value, position after it); it raises ValueError naming ``bits`` if the string ends inside the field.
"""

import itertools
import math

from snippets._domains import AtLeast, Count, Numbers, checked
from snippets.mdl._domains import Bits

Position = AtLeast(0)


def _check_position(bits, position):
    if position > len(bits):
        raise ValueError(f"position must be <= len(bits) = {len(bits)}, got {position}")


# --8<-- [start:elias_gamma]
@checked
def elias_gamma(n: Count):
    """Elias' gamma code of an integer n >= 1: floor(log2 n) zeros, then n in binary (which starts with 1).

        gamma(n) = 0^{floor(log2 n)} bin(n),   |gamma(n)| = 2 floor(log2 n) + 1 bits.

    The zeros say how many bits follow, so the code is prefix-free; its lengths satisfy Kraft's
    inequality with equality (sum_n 2^{-|gamma(n)|} = sum_j 2^j 2^{-(2j+1)} = 1).
    Source: Elias (1975), "Universal codeword sets and representations of the integers",
    IEEE Trans. Inf. Theory 21(2), 194-203, where the code gamma is defined (pp. 197 and 199 as
    Wikipedia's article cites it; the paper's section not checked); Cover & Thomas (2006), Sec. 14.2.
    """
    binary = format(n, "b")
    return "0" * (len(binary) - 1) + binary
# --8<-- [end:elias_gamma]


# --8<-- [start:elias_delta]
@checked
def elias_delta(n: Count):
    """Elias' delta code of an integer n >= 1: the bit length of n in gamma code, then n's bits after its leading 1.

        delta(n) = gamma(floor(log2 n) + 1) bin(n)[1:],
        |delta(n)| = floor(log2 n) + 2 floor(log2(floor(log2 n) + 1)) + 1 bits,

    i.e. log2 n + O(log log n) bits: for large n much shorter than gamma's 2 log2 n.
    Source: Elias (1975), IEEE Trans. Inf. Theory 21(2), where the code delta and this length are
    given (p. 200 as Wikipedia's article cites it; the paper's section not checked).
    """
    binary = format(n, "b")
    return elias_gamma(len(binary)) + binary[1:]
# --8<-- [end:elias_delta]


# --8<-- [start:elias_lengths]
@checked
def elias_gamma_length(n: Count):
    """|gamma(n)| = 2 floor(log2 n) + 1 bits (Elias 1975), without writing the codeword."""
    return 2 * (n.bit_length() - 1) + 1


@checked
def elias_delta_length(n: Count):
    """|delta(n)| = floor(log2 n) + 2 floor(log2(floor(log2 n) + 1)) + 1 bits (Elias 1975)."""
    bits = n.bit_length()  # floor(log2 n) + 1
    return (bits - 1) + 2 * (bits.bit_length() - 1) + 1
# --8<-- [end:elias_lengths]


# --8<-- [start:read_elias_gamma]
@checked
def read_elias_gamma(bits: Bits, position: Position = 0):
    """Read one gamma codeword starting at ``position``: returns (n, position after it)."""
    _check_position(bits, position)
    zeros = 0
    while position + zeros < len(bits) and bits[position + zeros] == "0":
        zeros += 1
    end = position + 2 * zeros + 1
    if end > len(bits):
        raise ValueError(f"bits ends inside an Elias gamma codeword (at position {position})")
    return int(bits[position + zeros : end], 2), end
# --8<-- [end:read_elias_gamma]


# --8<-- [start:read_elias_delta]
@checked
def read_elias_delta(bits: Bits, position: Position = 0):
    """Read one delta codeword starting at ``position``: returns (n, position after it)."""
    length, position = read_elias_gamma(bits, position)
    end = position + length - 1
    if end > len(bits):
        raise ValueError(f"bits ends inside an Elias delta codeword (at position {position})")
    return int("1" + bits[position:end], 2), end
# --8<-- [end:read_elias_delta]


def _cuts(counts):
    """The k - 1 partial sums c_1, c_1 + c_2, ... : a (k - 1)-subset of {1, ..., n - 1}."""
    cuts, total = [], 0
    for c in counts[:-1]:
        total += c
        cuts.append(total)
    return cuts


# --8<-- [start:composition_code]
@checked
def composition_code_length(n: Count, k: Count):
    """Bits of the uniform code over the compositions of n into k positive parts:

        L(n, k) = ceil(log2 C(n - 1, k - 1))   (0 bits when there is only one composition).

    A composition (c_1, ..., c_k), c_i >= 1, sum c_i = n, is fixed by its k - 1 partial sums, a
    (k - 1)-subset of {1, ..., n - 1} ("stars and bars"), so there are C(n - 1, k - 1) of them.
    These are the counts of a codebook's k symbols over n weights: with n and k known, writing the
    counts costs L(n, k) bits, about (k - 1) log2(n / k) for k << n. Source: Feller (1968), An
    Introduction to Probability Theory, vol. 1, Sec. II.5; the enumerative code of Cover (1973),
    "Enumerative source encoding", IEEE Trans. Inf. Theory 19(1).
    """
    if k > n:
        raise ValueError(f"k must be <= n = {n} (every part is >= 1), got {k}")
    return (math.comb(n - 1, k - 1) - 1).bit_length()


@checked
def encode_composition(counts: Numbers(ndim=1, entries=AtLeast(1), min_size=1)):
    """The codeword of a composition (counts c_1, ..., c_k >= 1, summing to n) in the uniform code:
    its rank among the C(n - 1, k - 1) compositions, in L(n, k) bits (``composition_code_length``).

    Rank: the partial sums s_1 < ... < s_{k-1} in {1, ..., n - 1} have the combinatorial-number-
    system rank sum_j C(s_j - 1, j) in [0, C(n - 1, k - 1)), a bijection (Knuth, TAOCP vol. 4A,
    Sec. 7.2.1.3, Theorem L; Cover 1973).
    """
    counts = [int(c) for c in counts]
    n, k = sum(counts), len(counts)
    rank = sum(math.comb(s - 1, j) for j, s in enumerate(_cuts(counts), start=1))
    width = composition_code_length(n, k)
    return format(rank, f"0{width}b") if width else ""
# --8<-- [end:composition_code]


# --8<-- [start:read_composition]
@checked
def read_composition(bits: Bits, position: Position, n: Count, k: Count):
    """Read a composition of n into k positive parts (``encode_composition``) starting at
    ``position``: returns (counts, position after it). A rank >= C(n - 1, k - 1) is a ValueError."""
    _check_position(bits, position)
    width = composition_code_length(n, k)
    end = position + width
    if end > len(bits):
        raise ValueError(f"bits ends inside a composition codeword (at position {position})")
    rank = int(bits[position:end], 2) if width else 0
    if rank >= math.comb(n - 1, k - 1):
        raise ValueError(f"bits holds rank {rank} at position {position}, but there are only "
                         f"{math.comb(n - 1, k - 1)} compositions of {n} into {k} parts")
    cuts = []
    for j in range(k - 1, 0, -1):  # a_j = s_j - 1: the largest a with C(a, j) <= rank (binary search)
        lo, hi = j - 1, n - 2  # C(j - 1, j) = 0 <= rank; the answer is at most n - 2
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if math.comb(mid, j) <= rank:
                lo = mid
            else:
                hi = mid - 1
        cuts.append(lo + 1)
        rank -= math.comb(lo, j)
    cuts = sorted(cuts)
    bounds = [0, *cuts, n]
    return [b - a for a, b in itertools.pairwise(bounds)], end
# --8<-- [end:read_composition]
