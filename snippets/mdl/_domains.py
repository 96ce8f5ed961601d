"""Argument domains specific to the MDL chapters (private, not shown on the site): bit strings, byte
strings, prefix codes, log-probability vectors and code lengths that satisfy Kraft's inequality."""

import itertools
import numbers
from typing import Annotated

import numpy as np

from snippets._domains import SUM_TOLERANCE, Array, Domain, Integer, NonNegative, Rule


class PrefixCode(Domain):
    """A non-empty prefix-free dict {symbol (int >= 0): codeword (non-empty string of '0'/'1')}."""

    def check(self, name, value):
        if not isinstance(value, dict) or not value:
            raise ValueError(f"{name} must be a non-empty dict {{symbol: codeword}}, got {value!r}")
        for symbol, word in value.items():
            if isinstance(symbol, bool) or not isinstance(symbol, numbers.Integral) or symbol < 0:
                raise ValueError(f"{name} must have integer symbols >= 0 as keys, got {symbol!r}")
            if not isinstance(word, str) or not word or word.strip("01"):
                raise ValueError(f"{name} must map each symbol to a non-empty string of '0' and '1', got {word!r}")
        # In lexicographic order a codeword that is a prefix of another is followed by one it prefixes.
        words = sorted(value.values())
        for a, b in itertools.pairwise(words):
            if b.startswith(a):
                raise ValueError(f"{name} must be prefix-free, but {a!r} is a prefix of {b!r}")
        return {int(s): w for s, w in value.items()}


class NormalizedLogs(Array):
    """Natural logs of a probability vector: a non-empty vector of finite numbers whose exponentials
    sum to 1 (within SUM_TOLERANCE)."""

    def __init__(self, shape=("n",)):
        super().__init__(ndim=1, shape=shape, min_size=1)

    def check(self, name, value):
        arr = super().check(name, value)
        if abs(float(np.sum(np.exp(arr))) - 1.0) > SUM_TOLERANCE:
            raise ValueError(f"{name} must be the logarithm of a probability vector (exp({name}) must sum to 1)")
        return arr


class KraftLengths(Array):
    """Code lengths in bits (reals >= 0, a non-empty vector) with sum_i 2^-l_i <= 1 (Kraft's inequality,
    within SUM_TOLERANCE): the lengths of a prefix code, or -log2 of a prior summing to at most 1."""

    def __init__(self, shape=("n",)):
        super().__init__(ndim=1, shape=shape, entries=NonNegative, min_size=1)

    def check(self, name, value):
        arr = super().check(name, value)
        if float(np.sum(np.exp2(-arr))) > 1.0 + SUM_TOLERANCE:
            raise ValueError(f"{name} must satisfy Kraft's inequality sum 2^-L <= 1")
        return arr


Bits = Annotated[str, Rule(lambda v: isinstance(v, str) and not v.strip("01"), "a string of '0' and '1'", ("", "0110"))]
Bytes = Annotated[bytes, Rule(lambda v: isinstance(v, bytes | bytearray), "bytes or a bytearray", (b"", b"abc"))]
Code = Annotated[dict, PrefixCode()]
LogProbabilities = Annotated[np.ndarray, NormalizedLogs()]  # length n (a letter shared with other parameters)
CodeLengths = Annotated[np.ndarray, KraftLengths()]  # length n
PrecisionBits = Annotated[int, Integer(1, 20)]  # bits to state a parameter in [0, 1): 2^20 grid cells at most
SignificandBits = Annotated[int, Integer(1, 52)]  # bits of a float64 fraction: it has a 53-bit significand
