"""Argument domains specific to the MDL chapters (private, not shown on the site): bit strings, byte
strings, prefix codes, log-probability vectors and code lengths that satisfy Kraft's inequality."""

import itertools
import numbers
from typing import Annotated

import numpy as np

from snippets._domains import SUM_TOLERANCE, Array, Domain, Integer, NonNegative


class BitString(Domain):
    """A string of '0' and '1' (it may be empty)."""

    def check(self, name, value):
        if not isinstance(value, str):
            raise ValueError(f"{name} must be a string of '0' and '1', got {type(value).__name__}")
        if value.strip("01"):
            bad = next(ch for ch in value if ch not in "01")
            raise ValueError(f"{name} must contain only '0' and '1', got {bad!r}")
        return value

    def bad_examples(self, valid):
        return [(None, "type"), (101, "type"), (list("0100"), "type"), ("0a1", "range")]

    def strategy(self):
        from hypothesis import strategies as st

        return st.text(alphabet="01")


class ByteString(Domain):
    """Bytes or a bytearray, returned as bytes."""

    def check(self, name, value):
        if not isinstance(value, bytes | bytearray):
            raise ValueError(f"{name} must be bytes or bytearray, got {type(value).__name__}")
        return bytes(value)

    def bad_examples(self, valid):
        return [(None, "type"), ("abc", "type"), ([97, 98, 99], "type")]

    def strategy(self):
        from hypothesis import strategies as st

        return st.binary()


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

    def bad_examples(self, valid):
        return [
            (None, "type"), (["0", "10"], "type"), ("0,10", "type"), ({0: "0", "1": "10"}, "type"),
            ({0: "0", 1: 10}, "type"), ({}, "range"), ({0: "0", -1: "10"}, "range"), ({0: "0", 1: ""}, "range"),
            ({0: "0", 1: "12"}, "range"), ({0: "0", 1: "01"}, "range"),
        ]

    def strategy(self):
        """Codes whose codewords all have the same length (so none is a prefix of another)."""
        from hypothesis import strategies as st

        def words(length):
            return st.lists(st.text(alphabet="01", min_size=length, max_size=length), min_size=1, unique=True)

        return st.integers(1, 4).flatmap(words).map(lambda ws: dict(enumerate(ws)))


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

    def bad_examples(self, valid):
        return [*super().bad_examples(valid), (np.array(valid, dtype=np.float64) + 1.0, "range")]

    def strategy(self, shape):
        from hypothesis import strategies as st
        from hypothesis.extra import numpy as hnp

        positive = hnp.arrays(np.float64, shape, elements=st.floats(1e-3, 1.0))
        return positive.map(lambda a: np.log(a / a.sum()))


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

    def bad_examples(self, valid):
        return [*super().bad_examples(valid), (np.zeros(max(np.size(valid), 2)), "range")]  # sum 2^-0 >= 2

    def strategy(self, shape):
        from hypothesis import strategies as st
        from hypothesis.extra import numpy as hnp

        lengths = hnp.arrays(np.float64, shape, elements=st.floats(0.0, 30.0))
        return lengths.map(lambda a: a + max(0.0, float(np.log2(np.sum(np.exp2(-a))))) * 1.000001)


Bits = Annotated[str, BitString()]
Bytes = Annotated[bytes, ByteString()]
Code = Annotated[dict, PrefixCode()]
LogProbabilities = Annotated[np.ndarray, NormalizedLogs()]  # length n (a letter shared with other parameters)
CodeLengths = Annotated[np.ndarray, KraftLengths()]  # length n
SignificandBits = Annotated[int, Integer(1, 52)]  # bits of a float64 fraction: it has a 53-bit significand
