"""The integer codes of a network's description: Elias' gamma and delta codes and the composition code.

Each is checked from outside: codeword lengths against the closed forms computed here from the
integer's bit length, prefix-freeness by enumerating every codeword up to a size, Kraft's sum
exactly (fractions), round trips through concatenations, and the composition code's ranks as a
bijection onto [0, C(n - 1, k - 1)) by listing every composition.
"""

import itertools
import math
import random
from fractions import Fraction

import pytest

from snippets.compression import (
    composition_code_length,
    elias_delta,
    elias_delta_length,
    elias_gamma,
    elias_gamma_length,
    encode_composition,
    read_composition,
    read_elias_delta,
    read_elias_gamma,
)

NUMBERS = [*range(1, 1025), 2**31 - 1, 2**31, 2**62 + 12345, 3**100]


def _bits_of(n):  # floor(log2 n) + 1, by repeated halving (no float logarithm)
    count = 0
    while n:
        n //= 2
        count += 1
    return count


def _no_codeword_is_a_prefix_of_another(words):
    words = sorted(words)
    return all(not b.startswith(a) for a, b in itertools.pairwise(words))


@pytest.mark.parametrize("encode,read", [(elias_gamma, read_elias_gamma), (elias_delta, read_elias_delta)])
def test_every_integer_reads_back_from_its_codeword(encode, read):
    for n in NUMBERS:
        word = encode(n)
        assert set(word) <= {"0", "1"}
        assert read(word, 0) == (n, len(word))


def test_gamma_lengths_are_twice_the_exponent_plus_one():
    for n in NUMBERS:
        floor_log2 = _bits_of(n) - 1
        assert len(elias_gamma(n)) == elias_gamma_length(n) == 2 * floor_log2 + 1, n


@pytest.mark.formula("cb-elias-delta")
def test_delta_lengths_follow_elias_formula():
    for n in NUMBERS:
        floor_log2 = _bits_of(n) - 1
        expected = floor_log2 + 2 * (_bits_of(floor_log2 + 1) - 1) + 1
        assert len(elias_delta(n)) == elias_delta_length(n) == expected, n
    # log2 n + O(log log n): far below gamma for large n
    assert elias_delta_length(2**1000) < 1000 + 25 < elias_gamma_length(2**1000)


@pytest.mark.parametrize("encode", [elias_gamma, elias_delta])
def test_the_codes_are_prefix_free(encode):
    assert _no_codeword_is_a_prefix_of_another([encode(n) for n in range(1, 2**12)])


def test_kraft_sums_exactly():
    # gamma: the integers in [2^j, 2^{j+1}) have length 2j + 1, so up to 2^J - 1 the sum is 1 - 2^-J
    for top in (1, 5, 10):
        total = sum(Fraction(1, 2 ** len(elias_gamma(n))) for n in range(1, 2**top))
        assert total == 1 - Fraction(1, 2**top)
    # delta: a prefix code, so every partial sum is <= 1; it is complete, so the sums approach 1
    total = sum(Fraction(1, 2 ** len(elias_delta(n))) for n in range(1, 2**14))
    assert Fraction(9, 10) < total < 1


@pytest.mark.parametrize("encode,read", [(elias_gamma, read_elias_gamma), (elias_delta, read_elias_delta)])
def test_a_concatenation_reads_back_without_separators(encode, read):
    rng = random.Random(0)
    values = [rng.choice([1, 2, 3, rng.randrange(1, 10**6), rng.randrange(1, 2**70)]) for _ in range(300)]
    stream = "".join(encode(v) for v in values)
    position, decoded = 0, []
    while position < len(stream):
        value, position = read(stream, position)
        decoded.append(value)
    assert decoded == values


@pytest.mark.parametrize("encode,read", [(elias_gamma, read_elias_gamma), (elias_delta, read_elias_delta)])
def test_a_cut_codeword_is_an_error_naming_bits(encode, read):
    for n in (1, 2, 5, 1000, 2**40 + 7):
        word = encode(n)
        for end in range(len(word)):
            with pytest.raises(ValueError, match=r"^bits "):
                read(word[:end], 0)


def _compositions(n, k):
    """Every composition of n into k positive parts, by brute force."""
    return [c for c in itertools.product(range(1, n + 1), repeat=k) if sum(c) == n]


@pytest.mark.formula("cb-composition-code")
@pytest.mark.parametrize("n,k", [(1, 1), (5, 1), (5, 5), (6, 2), (7, 3), (9, 4), (10, 6)])
def test_composition_ranks_are_a_bijection_onto_the_binomial_range(n, k):
    listed = _compositions(n, k)
    assert len(listed) == math.comb(n - 1, k - 1)  # stars and bars
    width = composition_code_length(n, k)
    assert 2**width >= len(listed) and (width == 0 or 2 ** (width - 1) < len(listed))  # ceil(log2 C)
    words = [encode_composition(list(c)) for c in listed]
    assert all(len(w) == width for w in words)
    assert sorted(int(w, 2) if w else 0 for w in words) == list(range(len(listed)))
    for c, w in zip(listed, words, strict=True):
        assert read_composition(w + "1", 0, n, k) == (list(c), width)


def test_a_composition_code_costs_about_k_minus_one_logs():
    # 6,400 weights with 4 codebook values: C(6399, 3) = 4.4e10 compositions, 36 bits; writing the four
    # counts of 1,600 in delta code would take 4 x 17 = 68
    assert math.comb(6399, 3) == 43_649_718_399 and composition_code_length(6400, 4) == 36
    assert sum(elias_delta_length(1600) for _ in range(4)) == 68


def test_ranks_beyond_the_compositions_are_rejected():
    n, k = 5, 3  # C(4, 2) = 6 compositions in 3 bits: ranks 6 and 7 are not codewords
    for rank in (6, 7):
        with pytest.raises(ValueError, match=r"^bits holds rank"):
            read_composition(format(rank, "03b"), 0, n, k)
