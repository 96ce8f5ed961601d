"""Codes and code lengths: entropy, Shannon code lengths, the Kraft sum, Huffman and arithmetic coding.

A code maps each symbol (an integer 0, 1, ..., m - 1, the index into ``probs``) to a codeword, a
string of '0' and '1'. Code lengths are in bits. ``probs`` is a probability vector: entries >= 0,
no NaN, summing to 1 within 1e-9. Huffman coding needs every entry > 0; the other functions accept
zeros, but a symbol of probability 0 cannot be encoded.
"""

import bisect
import heapq
import math
from fractions import Fraction

import numpy as np

from snippets._domains import AtLeast, NonNegative, Numbers, Positive, checked
from snippets.mdl._domains import Bits, Code

# A probability vector; Huffman coding needs every entry > 0.
Probabilities = Numbers(ndim=1, entries=NonNegative, min_size=1, sums_to_one=True)
PositiveProbabilities = Numbers(ndim=1, entries=Positive, min_size=1, sums_to_one=True)
Symbols = Numbers(ndim=1, entries=AtLeast(0))  # integer symbols >= 0 (it may be empty)


# --8<-- [start:entropy_bits]
@checked
def entropy_bits(probs: Probabilities):
    """Shannon entropy in bits:

        H(p) = - sum_x p(x) log2 p(x),   with 0 log2 0 = 0.

    Source: Shannon (1948), "A mathematical theory of communication", Bell Syst. Tech. J. 27;
    Cover & Thomas, Elements of Information Theory, 2nd ed. (2006), Sec. 2.1.
    """
    p = probs[probs > 0.0]
    return max(0.0, -math.fsum((p * np.log2(p)).tolist()))  # max: -0.0 for a point mass
# --8<-- [end:entropy_bits]


# --8<-- [start:code_lengths_bits]
@checked
def code_lengths_bits(probs: Probabilities):
    """Ideal (Shannon) code lengths in bits, one per symbol:

        l(x) = - log2 p(x)   (+inf where p(x) = 0).

    Rounded up, ceil(-log2 p(x)) satisfies Kraft's inequality, so a prefix code with these
    lengths exists and its expected length is < H(p) + 1. Source: Shannon (1948);
    Cover & Thomas (2006), Sec. 5.4.
    """
    lengths = np.full(probs.shape, np.inf)
    positive = probs > 0.0
    lengths[positive] = -np.log2(probs[positive])
    return lengths
# --8<-- [end:code_lengths_bits]


# --8<-- [start:kraft_sum]
@checked
def kraft_sum(lengths: Numbers(ndim=1, entries=AtLeast(0), min_size=1)):
    """Kraft sum of integer codeword lengths l_1, ..., l_m >= 0:

        K = sum_i 2^(-l_i).

    Kraft's inequality: a prefix code with these lengths exists iff K <= 1 (Kraft 1949, MIT
    master's thesis); every uniquely decodable code satisfies K <= 1 (McMillan 1956, "Two
    inequalities implied by unique decipherability", IRE Trans. Inf. Theory 2). Cover & Thomas
    (2006), Thms 5.2.1 and 5.5.1. The sum is exactly rounded (math.fsum of exact powers of two).
    """
    return math.fsum(math.ldexp(1.0, -int(length)) for length in lengths)
# --8<-- [end:kraft_sum]


# --8<-- [start:huffman_code]
@checked
def huffman_code(probs: PositiveProbabilities):
    """Huffman's optimal prefix code: a dict {symbol index: codeword of '0'/'1'}.

    Repeatedly merge the two least probable nodes; the first one taken gets '0', the second '1'.
    Ties are broken by creation order (symbols by index, then merged nodes in the order they were
    made), so the code is the same on every machine. Its expected length L = sum_i p_i |c_i| is
    minimal among all uniquely decodable codes and satisfies H(p) <= L < H(p) + 1 for two or more
    symbols. A single symbol gets the codeword '0' (L = 1 = H + 1): the empty codeword would make
    L = 0, but then the bits could not tell how many symbols were sent. Source: Huffman (1952),
    "A method for the construction of
    minimum-redundancy codes", Proc. IRE 40; Cover & Thomas (2006), Thms 5.4.1 and 5.8.1.
    """
    m = len(probs)
    if m == 1:
        return {0: "0"}
    # heap entries (probability, creation order, node); a node is a symbol or a pair of nodes
    heap = [(float(probs[i]), i, i) for i in range(m)]
    heapq.heapify(heap)
    order = m
    while len(heap) > 1:
        p0, _, node0 = heapq.heappop(heap)
        p1, _, node1 = heapq.heappop(heap)
        heapq.heappush(heap, (p0 + p1, order, (node0, node1)))
        order += 1
    code = {}
    stack = [(heap[0][2], "")]
    while stack:  # walk the tree without recursion (it can be m - 1 levels deep)
        node, prefix = stack.pop()
        if isinstance(node, tuple):
            stack.append((node[0], prefix + "0"))
            stack.append((node[1], prefix + "1"))
        else:
            code[node] = prefix
    return dict(sorted(code.items()))
# --8<-- [end:huffman_code]


# --8<-- [start:huffman_encode]
@checked
def huffman_encode(symbols: Symbols, code: Code):
    """Encode a message with a prefix code: the concatenation c(x_1) c(x_2) ... c(x_n) of codewords.

    ``code`` is a prefix-free dict {symbol: codeword}, e.g. from ``huffman_code``.
    Source: Cover & Thomas (2006), Sec. 5.1 (extension of a code).
    """
    symbols = symbols.tolist()
    for i, s in enumerate(symbols):
        if s not in code:
            raise ValueError(f"symbols[{i}] = {s} has no codeword in code")
    return "".join(code[s] for s in symbols)
# --8<-- [end:huffman_encode]


# --8<-- [start:huffman_decode]
@checked
def huffman_decode(bits: Bits, code: Code):
    """Decode a concatenation of codewords of a prefix code, reading left to right.

    Walk down the code tree bit by bit from the root; at a leaf, output its symbol and start
    again at the root. With a prefix-free code the first codeword that matches is the right one,
    so decoding needs no look-ahead. Raises ValueError if ``bits`` is not a concatenation of codewords (it leaves
    every codeword, or it ends inside one). Source: Cover & Thomas (2006), Sec. 5.1.
    """
    tree = {}  # the code tree: inner nodes are dicts {'0': child, '1': child}, leaves are symbols
    for symbol, word in code.items():
        node = tree
        for bit in word[:-1]:
            node = node.setdefault(bit, {})
        node[word[-1]] = symbol
    symbols, node, start = [], tree, 0
    for position, bit in enumerate(bits):
        if bit not in node:
            raise ValueError(
                f"bits is not a concatenation of codewords: {bits[start:position + 1]!r} at position {start} "
                "starts none"
            )
        node = node[bit]
        if not isinstance(node, dict):  # a leaf: one codeword read, back to the root
            symbols.append(node)
            node, start = tree, position + 1
    if start != len(bits):
        raise ValueError(f"bits is not a concatenation of codewords: it ends inside one ({bits[start:]!r})")
    return symbols
# --8<-- [end:huffman_decode]


# --8<-- [start:expected_length]
@checked
def expected_length(probs: Probabilities, code: Code):
    """Expected codeword length in bits:

        L = sum_i p_i |c_i|.

    Every symbol of positive probability needs a codeword; ``code`` may not name symbols beyond
    len(probs). Source: Cover & Thomas (2006), Sec. 5.1 (definition 5.1.2 ff).
    """
    extra = sorted(s for s in code if s >= len(probs))
    if extra:
        raise ValueError(f"code has codewords for symbols {extra} beyond the {len(probs)} entries of probs")
    missing = [i for i in range(len(probs)) if probs[i] > 0.0 and i not in code]
    if missing:
        raise ValueError(f"code has no codeword for symbols {missing}, which have probability > 0")
    return math.fsum(float(probs[i]) * len(code[i]) for i in code)
# --8<-- [end:expected_length]


@checked
def integer_frequencies(probs: Probabilities):
    """The model of the arithmetic coder: exact integer frequencies f_i with f_i / T = p_i / sum_j p_j
    (the floats taken exactly, as dyadic rationals), reduced by their greatest common divisor.

    Returns (f, starts, T) with starts[i] = f_0 + ... + f_{i-1}: symbol i owns [starts[i], starts[i] + f_i)
    of [0, T). ``arithmetic_encode`` and ``arithmetic_decode`` code with it, and so do other coders
    that must agree with them bit for bit (the network code of the compression chapter).
    """
    fractions = [Fraction(float(x)) for x in probs]  # exact: every float is a dyadic rational
    denominator = max(fr.denominator for fr in fractions)  # a power of two, a multiple of all others
    f = [fr.numerator * (denominator // fr.denominator) for fr in fractions]
    common = math.gcd(*f)
    f = [x // common for x in f]
    starts = [0]
    for x in f[:-1]:
        starts.append(starts[-1] + x)
    return f, starts, sum(f)


def _require_encodable(symbols, f):
    for i, s in enumerate(symbols):
        if s >= len(f):
            raise ValueError(f"symbols[{i}] = {s} is out of range: probs has {len(f)} entries")
        if f[s] == 0:
            raise ValueError(f"symbols[{i}] = {s} has probability 0 and cannot be encoded")


# --8<-- [start:arithmetic_encode]
@checked
def arithmetic_encode(symbols: Symbols, probs: Probabilities):
    """Arithmetic code of a message x^n from an i.i.d. model q, computed exactly with integers.

    The message owns the interval [F, F + q(x^n)) of [0, 1), nested symbol by symbol (symbol s
    takes the slice of its cumulative probability). The codeword is the shortest bit string
    b_1...b_l whose dyadic interval [0.b_1...b_l, 0.b_1...b_l + 2^-l) lies inside it; the
    Shannon-Fano-Elias choice (the first ceil(-log2 q(x^n)) + 1 bits of F + q(x^n)/2) is one such
    string, hence

        l(x^n) <= ceil(-log2 q(x^n)) + 1 < -log2 q(x^n) + 2.

    Codewords of messages of the same length n form a prefix code (their intervals are disjoint);
    the decoder needs n. The model is q_i = p_i / sum_j p_j with the floats p_i taken exactly, i.e.
    q = probs whenever probs sums to 1 exactly in binary, else q differs by a relative <= ~1e-9.
    The integers grow to about n log2(T) bits (T: the common denominator of the floats, 2^50 to
    2^60 for typical probs), so the time grows like n^2: about 0.1 s for n = 5000 symbols.
    Source: Cover & Thomas (2006), Sec. 5.9 (Shannon-Fano-Elias) and Sec. 13.3 (arithmetic
    coding); Rissanen (1976), IBM J. Res. Dev. 20; Witten, Neal & Cleary (1987), CACM 30.
    """
    symbols = symbols.tolist()
    f, starts, total = integer_frequencies(probs)
    _require_encodable(symbols, f)
    low, width = 0, 1  # the interval is [low, low + width) / total^k after k symbols
    for s in symbols:
        low = low * total + width * starts[s]
        width *= f[s]
    denominator = total ** len(symbols)
    # No dyadic interval of length 2^-l fits unless 2^-l <= width / denominator: start just below.
    length = max(0, denominator.bit_length() - width.bit_length() - 1)
    q, r = divmod(low << length, denominator)  # low 2^l / denominator = q + r / denominator
    while True:
        k = q + (r > 0)  # the first multiple of 2^-l at or above low / denominator
        if (k + 1) * denominator <= (low + width) << length:
            return format(k, f"0{length}b") if length else ""
        length += 1
        q, r = 2 * q + (2 * r >= denominator), 2 * r - denominator * (2 * r >= denominator)
# --8<-- [end:arithmetic_encode]


# --8<-- [start:arithmetic_decode]
@checked
def arithmetic_decode(bits: Bits, n_symbols: AtLeast(0), probs: Probabilities):
    """Decode an arithmetic codeword (``arithmetic_encode``) of a message of ``n_symbols`` symbols.

    The number v = 0.b_1...b_l lies in the message's interval; at each step the symbol is the
    one whose slice of the current interval contains v. Raises ValueError (naming ``bits``) if
    ``bits`` is not the codeword of any message of that length under ``probs``.
    Source: Cover & Thomas (2006), Sec. 13.3; Witten, Neal & Cleary (1987).
    """
    f, starts, total = integer_frequencies(probs)
    length = len(bits)
    # After k symbols the interval is [low, low + width) / total^k (as in the encoder) and
    # v - low / total^k = offset / (2^l total^k), with 0 <= offset < scale = width 2^l.
    offset = int(bits, 2) if bits else 0
    scale = 1 << length
    symbols = []
    for _ in range(n_symbols):
        scaled = offset * total
        slot = scaled // scale  # floor of (v - low) / width times total^(k+1), in [0, total)
        s = bisect.bisect_right(starts, slot) - 1  # the symbol whose slice holds it (f_s > 0)
        offset = scaled - scale * starts[s]
        scale *= f[s]
        symbols.append(s)
    if arithmetic_encode(symbols, probs) != bits:
        raise ValueError(f"bits is not the arithmetic codeword of any message of {n_symbols} symbols under probs")
    return symbols
# --8<-- [end:arithmetic_decode]
