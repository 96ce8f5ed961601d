"""Tests for snippets.mdl.codes and snippets.mdl.compression: entropy, code lengths, Kraft, Huffman,
arithmetic coding and compressors as upper bounds on Kolmogorov complexity.

Property tests draw from the hypothesis profile of tests/conftest.py (derandomized). Distributions
are integer weights divided by their sum in float64, so they sum to 1 within ~1e-15. A tolerance
is stated next to each comparison that needs one; comparisons of integers and of exact fractions
have none.
"""

import bz2
import itertools
import lzma
import math
import warnings
import zlib
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.mdl import (
    arithmetic_decode,
    arithmetic_encode,
    code_lengths_bits,
    compress_bytes,
    compressed_bits,
    entropy_bits,
    expected_length,
    huffman_code,
    huffman_decode,
    huffman_encode,
    kraft_sum,
    structured_and_random_bytes,
)
from snippets.mdl.compression import ENGLISH_TEXT, LZMA_FILTERS, METHODS

DYADIC = [0.5, 0.25, 0.125, 0.125]  # -log2 p are the integers 1, 2, 3, 3; H = 1.75 bits


@st.composite
def distributions(draw, min_size=1, max_size=8, allow_zero=False):
    """A float64 probability vector: integer weights (>= 1, or >= 0 with one > 0) over their sum."""
    low = 0 if allow_zero else 1
    weights = draw(
        st.lists(st.integers(low, 1000), min_size=min_size, max_size=max_size).filter(lambda w: sum(w) > 0)
    )
    return np.array(weights, dtype=float) / sum(weights)


@st.composite
def distribution_and_message(draw, max_size=8, max_length=200, allow_zero=True):
    p = draw(distributions(max_size=max_size, allow_zero=allow_zero))
    support = [i for i in range(len(p)) if p[i] > 0]
    message = draw(st.lists(st.sampled_from(support), max_size=max_length))
    return p, message


def is_prefix_free(words):
    """Independent check: no codeword is a prefix of another (all pairs compared)."""
    return all(not b.startswith(a) for a, b in itertools.permutations(words, 2))


def exact_model(p):
    """The model the arithmetic coder uses: q_i = p_i / sum_j p_j with the floats taken exactly."""
    fractions = [Fraction(float(x)) for x in p]
    total = sum(fractions)
    return [fr / total for fr in fractions]


# ---------------------------------------------------------------- entropy and ideal code lengths


@pytest.mark.formula("mdl-entropy")
@given(distributions(max_size=30, allow_zero=True))
def test_entropy_matches_scipy(p):
    # scipy.stats.entropy renormalizes and sums p ln p with its own rounding: float64 agreement
    # to 1e-12 (relative and absolute; H <= log2 30 < 5, errors are ~30 ulps).
    assert entropy_bits(p) == pytest.approx(scipy.stats.entropy(p, base=2), rel=1e-12, abs=1e-12)
    # 0 <= H <= log2 m (Cover & Thomas Thm 2.6.4); 1e-12 absorbs rounding at the uniform distribution
    assert 0.0 <= entropy_bits(p) <= math.log2(len(p)) + 1e-12


@pytest.mark.formula("mdl-entropy")
def test_entropy_closed_forms():
    assert entropy_bits(DYADIC) == 1.75  # 1/2 + 2/4 + 3/8 + 3/8, every term exact in binary
    assert entropy_bits([1.0]) == 0.0
    assert entropy_bits([0.0, 1.0, 0.0]) == 0.0  # 0 log 0 = 0
    for m in [2, 3, 10, 256]:
        # uniform: H = log2 m; the sum of m rounded terms is within ~m ulps
        assert entropy_bits(np.full(m, 1.0 / m)) == pytest.approx(math.log2(m), rel=1e-13)
    h = 0.11
    binary = -h * math.log(h) / math.log(2) - (1 - h) * math.log(1 - h) / math.log(2)
    assert entropy_bits([h, 1 - h]) == pytest.approx(binary, rel=1e-14)


@pytest.mark.formula("mdl-code-length")
def test_code_lengths_of_dyadic_probabilities_are_integers():
    np.testing.assert_array_equal(code_lengths_bits(DYADIC), [1.0, 2.0, 3.0, 3.0])
    np.testing.assert_array_equal(code_lengths_bits([0.5, 0.0, 0.5]), [1.0, np.inf, 1.0])


@pytest.mark.formula("mdl-code-length")
def test_a_symbol_of_probability_zero_gets_infinite_length_without_a_division_by_zero():
    # +inf is the documented length of an impossible symbol, not the by-product of log2(0): numpy
    # would warn "divide by zero encountered in log2".
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(code_lengths_bits([0.0, 1.0, 0.0]), [np.inf, 0.0, np.inf])


@pytest.mark.formula("mdl-code-length", "mdl-entropy")
@given(distributions(max_size=30, allow_zero=True))
def test_code_lengths_match_natural_log_and_average_to_entropy(p):
    lengths = code_lengths_bits(p)
    positive = p > 0
    # -ln p / ln 2 is a different rounding path: agreement to 1e-14 relative (a few ulps)
    np.testing.assert_allclose(lengths[positive], -np.log(p[positive]) / math.log(2), rtol=1e-14)
    assert np.all(np.isinf(lengths[~positive]))
    # The expected ideal length is the entropy: sum_x p(x) (-log2 p(x)) = H(p); 1e-12 for rounding.
    assert math.fsum(p[positive] * lengths[positive]) == pytest.approx(entropy_bits(p), rel=1e-12, abs=1e-12)


@pytest.mark.formula("mdl-code-length", "mdl-kraft")
@given(distributions(max_size=30))
def test_rounded_up_shannon_lengths_satisfy_kraft_and_cost_less_than_entropy_plus_one(p):
    # ceil(-log2 p) satisfies Kraft (sum 2^-ceil <= sum p = 1), so a prefix code with these
    # lengths exists, with expected length < H + 1 (Cover & Thomas 2006, Sec. 5.4).
    rounded = np.ceil(code_lengths_bits(p)).astype(int)
    assert kraft_sum(rounded) <= 1.0 + 1e-15  # sum of 2^-ceil(l_i) <= sum_i p_i, which is 1 +- 1e-15
    assert math.fsum(p * rounded) < entropy_bits(p) + 1.0


# ---------------------------------------------------------------- Kraft's inequality


@pytest.mark.formula("mdl-kraft")
def test_kraft_sum_known_values():
    assert kraft_sum([1, 2, 3, 3]) == 1.0  # the code 0, 10, 110, 111
    assert kraft_sum([1, 1]) == 1.0
    assert kraft_sum([2, 2, 2]) == 0.75
    assert kraft_sum([0]) == 1.0  # the empty codeword: one symbol, nothing to send
    assert kraft_sum([1, 2, 2, 3]) == 1.125  # > 1: no uniquely decodable code has these lengths
    assert kraft_sum([1, 1, 2]) == 1.25
    assert kraft_sum([2000]) == 0.0  # 2^-2000 underflows float64 (documented: a float result)


@pytest.mark.formula("mdl-kraft")
@given(st.lists(st.integers(0, 60), min_size=1, max_size=50))
def test_kraft_sum_is_the_exactly_rounded_sum(lengths):
    # math.fsum of exact powers of two is the correctly rounded sum, as is float() of the exact
    # rational sum: the two agree exactly.
    assert kraft_sum(lengths) == float(sum(Fraction(1, 2**length) for length in lengths))


def _prefix_code_with_lengths_exists(lengths):
    """Brute force: try every assignment of binary words of the given lengths."""
    choices = [["".join(bits) for bits in itertools.product("01", repeat=length)] for length in lengths]
    return any(
        len(set(words)) == len(words) and is_prefix_free(words) for words in itertools.product(*choices)
    )


@pytest.mark.formula("mdl-kraft")
def test_a_prefix_code_exists_exactly_when_kraft_sum_is_at_most_one():
    # Kraft (1949), both directions, checked by exhaustive search over every sorted length vector
    # with 1 to 4 entries in {1, 2, 3}; it includes sums above 1, e.g. (1, 1, 2) with 1.25.
    checked = {True: 0, False: 0}
    for size in range(1, 5):
        for lengths in itertools.combinations_with_replacement([1, 2, 3], size):
            exists = _prefix_code_with_lengths_exists(lengths)
            assert exists == (kraft_sum(lengths) <= 1.0), lengths
            checked[exists] += 1
    assert checked[True] > 5 and checked[False] > 5  # both cases were exercised


@pytest.mark.formula("mdl-kraft")
def test_a_code_that_breaks_kraft_is_not_uniquely_decodable():
    # Lengths (1, 1, 2) have Kraft sum 1.25 > 1. The code 0, 1, 01 has them, and it is ambiguous:
    # "01" is both symbol 2 and symbols 0, 1 (McMillan 1956: unique decodability forces sum <= 1).
    code = {0: "0", 1: "1", 2: "01"}
    assert kraft_sum([len(w) for w in code.values()]) == 1.25
    assert "".join(code[s] for s in [2]) == "".join(code[s] for s in [0, 1])
    with pytest.raises(ValueError, match=r"^code must be prefix-free"):
        huffman_decode("01", code)


# ---------------------------------------------------------------- Huffman codes


def _brute_force_optimal_length(p):
    """min sum_i p_i l_i over integer lengths with sum 2^-l_i <= 1 (Kraft-McMillan: the optimum
    over all uniquely decodable codes); optimal lengths are at most m - 1 (the code tree is full)."""
    m = len(p)
    if m == 1:
        return 1.0  # our convention for one symbol: the codeword '0'
    lengths = np.array(list(itertools.product(range(1, m), repeat=m)), dtype=float)
    feasible = np.sum(2.0 ** -lengths, axis=1) <= 1.0  # exact: a few powers of two
    return float(np.min(lengths[feasible] @ p))


@pytest.mark.formula("mdl-huffman-bounds")
def test_huffman_known_codes():
    code = huffman_code(DYADIC)
    assert code == {0: "0", 1: "10", 2: "110", 3: "111"}
    assert expected_length(DYADIC, code) == entropy_bits(DYADIC) == 1.75  # dyadic: L = H exactly
    # Cover & Thomas (2006), Example 5.6.1: lengths (2, 2, 2, 3, 3), expected length 2.3 bits
    p = [0.25, 0.25, 0.2, 0.15, 0.15]
    code = huffman_code(p)
    assert sorted(len(w) for w in code.values()) == [2, 2, 2, 3, 3]
    assert expected_length(p, code) == pytest.approx(2.3, rel=1e-15)
    # ties are broken by index, then by merge order: the same code on every machine
    assert huffman_code([0.25] * 4) == {0: "00", 1: "01", 2: "10", 3: "11"}
    assert huffman_code([1.0]) == {0: "0"}
    # p = (2^-1, 2^-2, ..., 2^-199, 2^-199), exact in binary: a 199-level chain, lengths 1..199, 199
    p = [2.0**-i for i in range(1, 200)] + [2.0**-199]
    code = huffman_code(p)
    assert [len(code[i]) for i in range(200)] == [*range(1, 200), 199]
    message = [199, 0, 198, 57, 199]
    assert huffman_decode(huffman_encode(message, code), code) == message


@pytest.mark.formula("mdl-huffman-bounds", "mdl-kraft")
@given(distributions(max_size=40))
def test_huffman_code_is_prefix_free_and_complete(p):
    code = huffman_code(p)
    assert sorted(code) == list(range(len(p)))
    assert is_prefix_free(list(code.values()))
    assert all(set(w) <= {"0", "1"} and w for w in code.values())
    if len(p) >= 2:  # a Huffman tree is full: Kraft's sum is exactly 1 (a sum of powers of two)
        assert kraft_sum([len(w) for w in code.values()]) == 1.0


@pytest.mark.formula("mdl-huffman-bounds", "mdl-entropy")
@given(distributions(max_size=40))
def test_huffman_expected_length_between_entropy_and_entropy_plus_one(p):
    # H <= L < H + 1 (Cover & Thomas 2006, Thms 5.4.1 and 5.8.1). L = H for dyadic p, so the
    # lower side allows 1e-12 of rounding. The upper side needs none: Gallager (1978) bounds L - H
    # by 2 - h(p_max) - p_max (p_max >= 1/2) or p_max + 0.086 (p_max < 1/2), and with weights in
    # 1..1000 (p_max <= 1000/1001) that is <= 0.99, a gap far above rounding.
    # One symbol gets the codeword '0', so there L = 1 = H + 1 exactly.
    L = expected_length(p, huffman_code(p))
    H = entropy_bits(p)
    if len(p) == 1:
        assert (H, L) == (0.0, 1.0)
    else:
        assert H - 1e-12 <= L < H + 1.0


@pytest.mark.formula("mdl-huffman-bounds")
@settings(max_examples=60)
@given(distributions(max_size=6))
def test_huffman_is_optimal_against_brute_force(p):
    # The minimum over all length vectors satisfying Kraft, found by enumeration; 1e-12 absorbs
    # the different summation orders of two sums of <= 6 products.
    assert expected_length(p, huffman_code(p)) == pytest.approx(_brute_force_optimal_length(p), abs=1e-12)


@pytest.mark.formula("mdl-huffman-bounds")
@given(distribution_and_message(max_size=12, allow_zero=False))
def test_huffman_round_trip(case):
    p, message = case
    code = huffman_code(p)
    bits = huffman_encode(message, code)
    assert len(bits) == sum(len(code[s]) for s in message)
    assert huffman_decode(bits, code) == message


@pytest.mark.formula("mdl-huffman-bounds")
def test_huffman_coders_reject_bad_input():
    code = {0: "0", 1: "10", 2: "110"}  # prefix-free but incomplete: '111' starts no codeword
    with pytest.raises(ValueError, match=r"^bits is not a concatenation"):
        huffman_decode("0111", code)
    with pytest.raises(ValueError, match=r"^bits is not a concatenation.*ends inside"):
        huffman_decode("011", code)
    with pytest.raises(ValueError, match=r"^bits must be a string of '0' and '1', got '012'"):
        huffman_decode("012", code)
    with pytest.raises(ValueError, match=r"^symbols\[1\] = 3 has no codeword"):
        huffman_encode([0, 3], code)
    with pytest.raises(ValueError, match=r"^code must be prefix-free"):
        huffman_encode([0], {0: "0", 1: "01"})
    with pytest.raises(ValueError, match=r"^probs must be > 0 entrywise"):
        huffman_code([0.5, 0.0, 0.5])
    with pytest.raises(ValueError, match=r"^probs must sum to 1 \(tolerance 1e-09\)"):
        huffman_code([0.5, 0.4])
    with pytest.raises(ValueError, match=r"^code has no codeword for symbols \[3\]"):
        expected_length([0.25] * 4, code)
    assert huffman_decode("", code) == [] and huffman_encode([], code) == ""
    # within the 1e-9 tolerance the sum is accepted, just outside it is not
    huffman_code([0.5, 0.5 + 5e-10])
    with pytest.raises(ValueError, match=r"^probs must sum to 1"):
        huffman_code([0.5, 0.5 + 2e-9])


# ---------------------------------------------------------------- arithmetic coding


@pytest.mark.formula("mdl-arithmetic-length")
@given(distribution_and_message())
def test_arithmetic_round_trip_and_length_bound(case):
    p, message = case
    bits = arithmetic_encode(message, p)
    assert arithmetic_decode(bits, len(message), p) == message
    # Exact check of -log2 q(x^n) <= l < -log2 q(x^n) + 2 with q(x^n) a product of fractions:
    # l < -log2 P + 2  <=>  P 2^(l - 2) < 1, and 2^-l <= P (the codeword's dyadic interval lies
    # inside the message's interval of width P).
    q = exact_model(p)
    P = math.prod((q[s] for s in message), start=Fraction(1))
    length = len(bits)
    assert P * Fraction(2) ** (length - 2) < 1
    assert P * Fraction(2) ** length >= 1
    # The same in floats against the given p: q differs from p by the factor sum(p) = 1 +- 1e-15
    # per symbol, and the float sum has ~n ulps of error; 1e-9 covers both.
    ideal = math.fsum(code_lengths_bits(p)[message]) if message else 0.0
    assert ideal - 1e-9 <= length < ideal + 2 + 1e-9


@pytest.mark.formula("mdl-arithmetic-length")
def test_arithmetic_code_of_dyadic_model_meets_the_ideal_length():
    # With p = (1/2, 1/4, 1/8, 1/8) every message has an exact dyadic interval: l = -log2 p(x^n).
    message = [0, 1, 2, 3, 3, 0, 0, 1]
    bits = arithmetic_encode(message, DYADIC)
    assert len(bits) == 1 + 2 + 3 + 3 + 3 + 1 + 1 + 2
    assert bits == "".join(huffman_code(DYADIC)[s] for s in message)  # here both codes coincide
    assert arithmetic_encode([], DYADIC) == ""
    assert arithmetic_encode([0, 0, 0], [1.0]) == ""  # a sure message costs nothing
    assert arithmetic_decode("", 3, [1.0]) == [0, 0, 0]
    assert arithmetic_decode("", 2, [0.0, 1.0]) == [1, 1]


@pytest.mark.formula("mdl-arithmetic-length", "mdl-kraft")
def test_arithmetic_codewords_of_equal_length_messages_form_a_prefix_code():
    p = [0.6, 0.3, 0.1]
    words = [arithmetic_encode(list(msg), p) for msg in itertools.product(range(3), repeat=4)]
    assert len(set(words)) == 81
    assert is_prefix_free(words)
    assert kraft_sum([len(w) for w in words]) <= 1.0


@pytest.mark.formula("mdl-arithmetic-length", "mdl-entropy")
def test_arithmetic_length_per_symbol_approaches_entropy():
    # n = 4000 i.i.d. symbols: l / n = -log2 p(x^n) / n + [0, 2/n), and -log2 p(x^n) / n has mean
    # H and standard deviation sd(-log2 p(X)) / sqrt(n) ~ 0.015 here; the bound 0.06 is 4 of them.
    p = np.array([0.6, 0.25, 0.1, 0.05])
    message = np.random.default_rng(7).choice(4, size=4000, p=p).tolist()
    bits = arithmetic_encode(message, p)
    ideal = math.fsum(code_lengths_bits(p)[message])
    assert ideal - 1e-9 <= len(bits) < ideal + 2 + 1e-9  # 1e-9: float sum of 4000 terms
    assert abs(len(bits) / len(message) - entropy_bits(p)) < 0.06
    assert arithmetic_decode(bits, len(message), p) == message
    # Huffman on single symbols costs L = 1.55 bits here, 0.06 bits a symbol more than H = 1.49:
    # arithmetic coding removes the < 1 bit per symbol overhead of symbol codes.
    assert len(bits) < len(huffman_encode(message, huffman_code(p))) - 0.04 * len(message)


@pytest.mark.formula("mdl-arithmetic-length")
def test_arithmetic_coders_reject_bad_input():
    p = [0.5, 0.0, 0.5]
    with pytest.raises(ValueError, match=r"^symbols\[1\] = 1 has probability 0"):
        arithmetic_encode([0, 1], p)
    with pytest.raises(ValueError, match=r"^symbols\[0\] = 3 is out of range"):
        arithmetic_encode([3], p)
    with pytest.raises(ValueError, match=r"^probs must sum to 1 \(tolerance 1e-09\)"):
        arithmetic_encode([0], [0.5, 0.6])
    with pytest.raises(ValueError, match=r"^probs must be >= 0"):
        arithmetic_encode([0], [1.5, -0.5])
    bits = arithmetic_encode([0, 2, 2], p)
    with pytest.raises(ValueError, match=r"^bits is not the arithmetic codeword"):
        arithmetic_decode(bits + "0", 3, p)  # the encoder never writes a longer word than needed
    with pytest.raises(ValueError, match=r"^bits is not the arithmetic codeword"):
        arithmetic_decode(bits, 4, p)
    with pytest.raises(ValueError, match=r"^n_symbols must be >= 0"):
        arithmetic_decode(bits, -1, p)


# ---------------------------------------------------------------- compressors and K(x)


def _decompress(compressed, method):
    if method == "zlib":
        return zlib.decompress(compressed)
    if method == "bz2":
        return bz2.decompress(compressed)
    return lzma.decompress(compressed, format=lzma.FORMAT_RAW, filters=LZMA_FILTERS)


@pytest.mark.formula("mdl-compressor-bound")
@pytest.mark.parametrize("method", METHODS)
def test_random_bytes_do_not_compress(method):
    # Fewer than 2^(8n - k) strings have a description shorter than 8n - k bits, so a lossless
    # compressor can shorten only a tiny fraction of random strings; real ones add a header.
    n = 20000
    data = structured_and_random_bytes(n, seed=1)["random"]
    assert compressed_bits(data, method) >= 0.99 * 8 * n


@pytest.mark.formula("mdl-compressor-bound")
@pytest.mark.parametrize("method", METHODS)
def test_structured_bytes_compress(method):
    n = len(ENGLISH_TEXT)  # 1967: the text appears once, unrepeated
    samples = structured_and_random_bytes(n, seed=0)
    ratio = {name: compressed_bits(data, method) / (8 * n) for name, data in samples.items()}
    assert ratio["repeated pattern"] < 0.05
    assert ratio["English text"] < 0.6  # measured 0.47-0.51 (letters and word habits)
    # The digits of pi have K = O(log n) but look random to the compressor: it stays near
    # log2(10) / 8 = 0.415 (the entropy of uniform digits), far above the pattern's ratio.
    assert math.log2(10) / 8 < ratio["digits of pi"] < 0.6
    assert ratio["random"] >= 0.99
    assert ratio["repeated pattern"] < ratio["English text"] < ratio["random"]


@pytest.mark.formula("mdl-compressor-bound")
@pytest.mark.parametrize("method", METHODS)
def test_compression_is_lossless_and_deterministic(method):
    for data in [b"", b"a", ENGLISH_TEXT.encode() * 3, structured_and_random_bytes(3000, seed=2)["random"]]:
        compressed = compress_bytes(data, method)
        assert _decompress(compressed, method) == data  # a description: x is recovered exactly
        assert compress_bytes(bytearray(data), method) == compressed
        assert compressed_bits(data, method) == 8 * len(compressed)


def test_example_bytes():
    n = 3000
    a, b = structured_and_random_bytes(n, seed=0), structured_and_random_bytes(n, seed=0)
    assert a == b and set(a) == {"repeated pattern", "English text", "digits of pi", "random"}
    assert all(isinstance(v, bytes) and len(v) == n for v in a.values())
    other = structured_and_random_bytes(n, seed=1)
    assert other["random"] != a["random"]
    assert all(other[k] == a[k] for k in a if k != "random")
    assert a["repeated pattern"].startswith(b"01234567890123")
    assert a["English text"] == (ENGLISH_TEXT.encode() * 2)[:n]
    # the digits of pi against mpmath, an independent implementation (3000 digits, 20 to spare)
    mpmath.mp.dps = n + 20
    reference = mpmath.nstr(mpmath.pi, n + 10, strip_zeros=False).replace(".", "")[:n]
    assert a["digits of pi"].decode() == reference
    assert structured_and_random_bytes(1, seed=0)["digits of pi"] == b"3"
    with pytest.raises(ValueError, match=r"^method must be one of"):
        compressed_bits(b"abc", "gzip")
    with pytest.raises(ValueError, match=r"^data must be bytes"):
        compressed_bits("abc")
