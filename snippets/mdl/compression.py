"""Real compressors as upper bounds on Kolmogorov complexity, and example byte strings to compress.

Kolmogorov complexity K(x), the length of the shortest program that prints x, is not computable,
but every lossless compressor gives an upper bound: the compressed string, fed to a fixed
decompressor, prints x. Structured data compress well; random bytes do not compress at all.
"""

import bz2
import lzma
import math
import zlib

import numpy as np

from snippets._domains import Count, OneOf, Seed, checked
from snippets.mdl._domains import Bytes

METHODS = ("zlib", "bz2", "lzma")
# lzma: the raw LZMA2 stream (no .xz container, so no header, index or checksum bytes), with the
# strongest preset. The decoder must be told the same filter chain; it is part of the decompressor.
LZMA_FILTERS = ({"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME},)

# A paragraph written for this module (public domain), the source of the "English text" example.
ENGLISH_TEXT = (
    "A message is worth sending only if the receiver cannot predict it. If you know that the "
    "next letter of a word is almost surely an e, being told that it is an e teaches you very "
    "little, and a good code spends very few bits on it. If the next letter could be any of "
    "twenty six with equal chance, each one teaches you a lot, and no code can do better than "
    "about four and a half bits per letter. This is the idea behind the entropy of a source: it "
    "is the average surprise of its symbols, and it is also the least number of bits per symbol "
    "that any lossless code can reach on average. Written English is far from random. Letters "
    "come in familiar pairs and triples, words repeat, and whole phrases return again and again, "
    "so a compressor that notices these habits can store a page of text in a fraction of the "
    "space that a plain list of its characters would need. A page of coin flips is different. "
    "When every bit was decided by a fair coin, there is no habit to notice and no pattern to "
    "exploit, and the shortest description of the page is, with overwhelming probability, the "
    "page itself. Between these two extremes lies most of the data we care about: images with "
    "smooth regions and sharp edges, sounds with rhythm and noise, the weights of a trained "
    "network. The principle of minimum description length turns this observation into a rule "
    "for learning. Among the models that could explain the data, prefer the one that, together "
    "with the data encoded with its help, gives the shortest description. A model that is too "
    "simple leaves the data looking random and expensive to encode; a model that is too complex "
    "costs more to write down than it saves. The best model sits where the total is smallest, "
    "and finding it is a matter of counting bits honestly, not of taste. Counting bits honestly "
    "means agreeing in advance on how everything will be written down, the model as well as the "
    "data, so that the receiver can decode the message without any hidden help from the sender. "
)


# --8<-- [start:compress_bytes]
@checked
def compress_bytes(data: Bytes, method: OneOf(*METHODS) = "lzma"):
    """Losslessly compress bytes with a standard compressor at its strongest setting.

    ``method``: "zlib" (DEFLATE, level 9, zlib container), "bz2" (level 9) or "lzma" (a raw
    LZMA2 stream, preset 9 | PRESET_EXTREME, see ``LZMA_FILTERS``; decompress it with
    ``lzma.decompress(c, format=lzma.FORMAT_RAW, filters=LZMA_FILTERS)``). The output depends only
    on the input and the library version, not on the machine or the run.
    Source: Python standard library modules zlib (RFC 1950/1951), bz2 and lzma (liblzma).
    """
    if method == "zlib":
        return zlib.compress(data, 9)
    if method == "bz2":
        return bz2.compress(data, 9)
    return lzma.compress(data, format=lzma.FORMAT_RAW, filters=LZMA_FILTERS)
# --8<-- [end:compress_bytes]


# --8<-- [start:compressed_bits]
@checked
def compressed_bits(data: Bytes, method: OneOf(*METHODS) = "lzma"):
    """Length in bits of the compressed data, an upper bound on its Kolmogorov complexity:

        K(x) <= 8 |compress(x)| + c,

    where the constant c (the length of a program for the decompressor) does not depend on x.
    The decompressor is one fixed description method, so by the invariance theorem the shortest
    description of x is at most this long plus c; since the three stream formats end with an
    end-of-stream marker (they are self-delimiting), this holds for the prefix complexity K and
    for the plain complexity C. It is only an upper bound: the first n digits of pi have
    K = O(log n), yet general-purpose compressors stay above about log2(10) = 3.32 bits a digit.
    Source: Li & Vitanyi, An Introduction to Kolmogorov Complexity and Its Applications, 3rd ed.
    (2008), Sec. 2.1 (invariance theorem, Thm 2.1.1: C(x) <= C_D(x) + c_D) and Sec. 3.1 (prefix
    complexity); Grunwald, The Minimum Description Length Principle (2007), Ch. 1.
    """
    return 8 * len(compress_bytes(data, method))
# --8<-- [end:compressed_bits]


def _decimal_digits(x, width):
    """``x`` (0 <= x < 10^width) as exactly ``width`` decimal digits.

    Split in halves so that no single str(int) exceeds Python's limit on int-to-str digits.
    """
    if width <= 1000:
        return str(x).zfill(width)
    half = width // 2
    high, low = divmod(x, 10**half)
    return _decimal_digits(high, width - half) + _decimal_digits(low, half)


def _pi_digits(n):
    """The first n decimal digits of pi, "31415926...", by the Chudnovsky series with binary splitting.

    pi = 426880 sqrt(10005) / sum_k (-1)^k (6k)! (13591409 + 545140134 k) / ((3k)! (k!)^3 640320^(3k)),
    about 14.18 digits per term; 10 guard digits absorb the truncations of the integer arithmetic.
    Source: Chudnovsky & Chudnovsky (1988); binary splitting as in Haible & Papanikolaou (1998).
    """
    precision = n + 10
    c3_over_24 = 640320**3 // 24

    def split(a, b):
        if b - a == 1:
            if a == 0:
                p = q = 1
            else:
                p = (6 * a - 5) * (2 * a - 1) * (6 * a - 1)
                q = a * a * a * c3_over_24
            t = p * (13591409 + 545140134 * a)
            return p, q, -t if a % 2 else t
        mid = (a + b) // 2
        p1, q1, t1 = split(a, mid)
        p2, q2, t2 = split(mid, b)
        return p1 * p2, q1 * q2, q2 * t1 + p1 * t2

    _, q, t = split(0, precision // 14 + 2)
    one = 10**precision
    pi_scaled = q * 426880 * math.isqrt(10005 * one * one) // t  # about pi * 10^precision
    return _decimal_digits(pi_scaled, precision + 1)[:n]


# --8<-- [start:structured_and_random_bytes]
@checked
def structured_and_random_bytes(n: Count, seed: Seed = 0):
    """Example byte strings of length n, from very compressible to incompressible.

    * "repeated pattern": b"0123456789" repeated; K = O(log n).
    * "English text": ``ENGLISH_TEXT`` (1,967 characters) repeated; for n beyond its length
      the repetition makes it more compressible than fresh text would be.
    * "digits of pi": the ASCII digits 3141592653...; K = O(log n), yet they look random to a
      compressor: in practice it stays above log2(10)/8 = 0.415 of the raw size, the entropy of
      uniformly random digits.
    * "random": ``np.random.default_rng(seed).bytes(n)``. Truly random bytes have C(x) >= 8n - c
      with probability > 1 - 2^-c (Li & Vitanyi 2008, Thm 2.2.1), so no compressor shortens
      them; these are pseudo-random (their K is small: the seed and the generator), but no
      general-purpose compressor can tell.

    All but "random" are the same on every machine; "random" depends on the seed and NumPy's
    PCG64 generator. The digits of pi take about 0.5 s for n = 10^5 (more than linear in n).
    Source: Li & Vitanyi (2008), Secs. 2.1-2.2.
    """
    pattern = b"0123456789"
    text = ENGLISH_TEXT.encode("ascii")
    return {
        "repeated pattern": (pattern * (n // len(pattern) + 1))[:n],
        "English text": (text * (n // len(text) + 1))[:n],
        "digits of pi": _pi_digits(n).encode("ascii"),
        "random": np.random.default_rng(seed).bytes(n),
    }
# --8<-- [end:structured_and_random_bytes]
