"""The whole network as one self-delimiting bit string: every bit of the hypothesis counted.

Occam's bound charges a hypothesis the length of its codeword in a prefix code fixed before the data
(``occam``). This module is that code, for the quantized networks of ``networks``. Its format is
fixed in advance and depends on no data: which family, the architecture's integers, and for each
weight group its codebook size, its codebook, how often each codebook value is used and which value
each weight takes. Training may choose any network (prune it, fine-tune it, pick the codebook size
k); the bound stays valid because the code, and so the prior 2^-L(h), was fixed first.

Format, field by field (gamma, delta: Elias' codes, ``integer_codes``):

1. family: 1 bit, 0 = "mlp", 1 = "transformer".
2. config: each integer in delta code. mlp: d, L, h_1, ..., h_L (the output size 1 is implied);
   transformer: vocab_size, context, n_layers, d_model, n_heads. The groups and their sizes n
   follow (``networks``).
3. per group of n weights: k in delta code (1 <= k <= n); the k codebook values as IEEE float16,
   16 bits each; the counts of the k values (each >= 1, summing to n) in the uniform code over
   compositions (ceil(log2 C(n - 1, k - 1)) bits); the indices in blocks of BLOCK = 4096 (the last
   block shorter), each block an arithmetic codeword (``snippets.mdl.codes.arithmetic_encode``,
   exact integer arithmetic) under the i.i.d. model q_j ~ count_j / n (rounded to a dyadic
   number, ``_model``). A block costs at most -log2 q(block) + 2 bits; with k = 1 it costs nothing.

Each field is self-delimiting given the fields before it: Elias codes and fixed-width fields by
construction, arithmetic codewords of messages of a known length because they form a prefix code
(their dyadic intervals are disjoint). The decoder reads every field, rejects any string it could
not have produced (a rank or count out of range, counts that the decoded indices do not have, a
non-finite codebook value, bits left over or missing), so the codewords form a prefix code and
Kraft's inequality sum_h 2^-L(h) <= 1 holds over all networks.
"""

import bisect
import math

import numpy as np

from snippets._domains import checked
from snippets.compression.integer_codes import (
    composition_code_length,
    elias_delta,
    elias_delta_length,
    encode_composition,
    read_composition,
    read_elias_delta,
)
from snippets.compression.networks import IsQuantizedNetwork, QuantizedNetwork, _group_sizes
from snippets.compression.quantize import QuantizedTensor
from snippets.mdl._domains import Bits
from snippets.mdl.codes import arithmetic_encode, integer_frequencies

BLOCK = 4096  # indices per arithmetic codeword: the coder's time grows like the square of a block's length
FAMILY_BIT = {"mlp": "0", "transformer": "1"}
CODEBOOK_BITS = 16  # an IEEE float16 per codebook value
MODEL_EXTRA_BITS = 8  # the index model's precision beyond log2(n)


def _header_integers(network):
    """The integers of field 2 (config) of ``network``."""
    if network.family == "mlp":
        sizes = network.config
        return [sizes[0], len(sizes) - 2, *sizes[1:-1]]
    return list(network.config)


def _model(counts):
    """The i.i.d. model of a group's indices: q_j = f_j / 2^P, the counts' frequencies c_j / n rounded
    down to P = bitlength(n) + MODEL_EXTRA_BITS binary digits (f_j = floor(c_j 2^P / n) >= 2^8), the
    remainder given to the most frequent value. Exact dyadic numbers keep the coder's integers small
    (its time grows with their size); the rounding costs less than 0.006 k bits a group."""
    counts = [int(c) for c in counts]
    n = sum(counts)
    precision = n.bit_length() + MODEL_EXTRA_BITS
    f = [(c << precision) // n for c in counts]
    f[counts.index(max(counts))] += (1 << precision) - sum(f)
    return np.array(f, dtype=np.float64) / float(1 << precision)


def _blocks(n):
    return [(start, min(start + BLOCK, n)) for start in range(0, n, BLOCK)]


def _float16_bits(codebook):
    return "".join(format(int(v), "016b") for v in codebook.view(np.uint16))


def _group_codewords(group):
    """The fields of one group, in order: k, codebook, counts, index blocks (list)."""
    counts = group.counts()
    probs = _model(counts)
    blocks = [arithmetic_encode(group.indices[a:b], probs) for a, b in _blocks(group.n)]
    return elias_delta(group.k), _float16_bits(group.codebook), encode_composition(counts), blocks


# --8<-- [start:encode_network]
@checked
def encode_network(network: IsQuantizedNetwork):
    """The codeword of a quantized network: a str of '0' and '1', decodable on its own
    (``decode_network``); its length L(h) is the whole description of the network h,

        L(h) = 1 + sum_config |delta(.)| + sum_groups [ |delta(k)| + 16 k + ceil(log2 C(n-1, k-1))
               + sum_blocks |arith(block)| ],

    with |arith(block)| <= -log2 prod_{i in block} (count_{a_i} / n) + 2 (format: module docstring).
    Source: the prune-quantize-code pipeline of Zhou et al. (2019), "Non-vacuous generalization
    bounds at the ImageNet scale: a PAC-Bayesian compression approach", ICLR (a bound "based on the
    compressed size", their abstract; in their code: pruning, a k-means codebook per tensor and
    adaptive arithmetic coding, nnet/compression and nnet/quantization; the paper's section numbers
    not checked); the integer codes of Elias (1975); arithmetic coding as in Cover & Thomas (2006),
    Sec. 13.3.
    """
    parts = [FAMILY_BIT[network.family], *(elias_delta(v) for v in _header_integers(network))]
    for group in network.groups:
        k_bits, codebook_bits, count_bits, blocks = _group_codewords(group)
        parts += [k_bits, codebook_bits, count_bits, *blocks]
    return "".join(parts)
# --8<-- [end:encode_network]


# --8<-- [start:code_length_parts]
@checked
def code_length_parts(network: IsQuantizedNetwork):
    """How the bits of ``encode_network(network)`` divide: a dict of bit counts, "family" (1),
    "config" (the architecture's integers), "codebook_sizes" (the k's), "codebooks" (16 bits a
    value), "counts" (the composition codes), "indices" (the arithmetic codewords), "total" (their
    sum), plus "ideal_indices": sum_i -log2 q(a_i), the indices' Shannon code length under the
    index model (``_model``), which the arithmetic codewords exceed by at most 2 bits a block, and "blocks".
    """
    config = sum(elias_delta_length(v) for v in _header_integers(network))
    sizes = sum(elias_delta_length(g.k) for g in network.groups)
    codebooks = sum(CODEBOOK_BITS * g.k for g in network.groups)
    counts = sum(composition_code_length(g.n, g.k) for g in network.groups)
    indices, ideal, blocks = 0, 0.0, 0
    for g in network.groups:
        probs = _model(g.counts())
        indices += sum(len(arithmetic_encode(g.indices[a:b], probs)) for a, b in _blocks(g.n))
        ideal += float(-(g.counts() * np.log2(probs)).sum())
        blocks += len(_blocks(g.n))
    total = 1 + config + sizes + codebooks + counts + indices
    return {"family": 1, "config": config, "codebook_sizes": sizes, "codebooks": codebooks, "counts": counts,
            "indices": indices, "total": total, "ideal_indices": ideal, "blocks": blocks}
# --8<-- [end:code_length_parts]


def _read_block(bits, position, n_symbols, probs):
    """Decode one arithmetic codeword of ``n_symbols`` symbols from the front of bits[position:].

    The codeword c of the message has its dyadic interval inside the message's interval, and so does
    every extension of c: decoding from a window of the stream that holds all of c gives the
    message, and encoding it again gives c, which the stream must start with; it is then consumed.
    A window shorter than c may decode to another message x'; its codeword c' is then not a prefix
    of the stream (codewords of messages of one length form a prefix code, and c is one), so the
    window is doubled and the block decoded again, up to the longest codeword possible,
    n log2(total / min f) + 2 bits.
    """
    f, starts, total = integer_frequencies(probs)
    cap = n_symbols * (total.bit_length() - min(f).bit_length() + 1) + 2
    expected = -sum(fi * math.log2(fi / total) for fi in f) / total  # bits a symbol, on average
    width = min(cap, int(n_symbols * expected) + 64)
    while True:
        window = bits[position : position + width]
        offset, scale = (int(window, 2) if window else 0), 1 << len(window)
        symbols = []
        for _ in range(n_symbols):
            scaled = offset * total
            s = bisect.bisect_right(starts, scaled // scale) - 1
            offset = scaled - scale * starts[s]
            scale *= f[s]
            symbols.append(s)
        codeword = arithmetic_encode(symbols, probs)
        if bits.startswith(codeword, position):
            return symbols, position + len(codeword)
        if width >= cap or position + width >= len(bits):
            raise ValueError(f"bits holds no arithmetic codeword of {n_symbols} indices at position {position}")
        width = min(cap, 2 * width)


def _read_group(bits, position, n):
    k, position = read_elias_delta(bits, position)
    if k > n:
        raise ValueError(f"bits declares a codebook of {k} values for a group of {n} weights")
    end = position + CODEBOOK_BITS * k
    if end > len(bits):
        raise ValueError(f"bits ends inside a codebook (at position {position})")
    raw = np.array([int(bits[i : i + CODEBOOK_BITS], 2) for i in range(position, end, CODEBOOK_BITS)],
                   dtype=np.uint16)
    codebook = raw.view(np.float16)
    if not np.all(np.isfinite(codebook)):
        raise ValueError(f"bits holds a codebook value that is not a finite float16 (at position {position})")
    counts, position = read_composition(bits, end, n, k)
    probs = _model(counts)
    indices = []
    for a, b in _blocks(n):
        block, position = _read_block(bits, position, b - a, probs)
        indices += block
    indices = np.array(indices, dtype=np.int64)
    if not np.array_equal(np.bincount(indices, minlength=k), counts):
        raise ValueError("bits holds indices whose counts differ from the counts it declares")
    return QuantizedTensor(codebook, indices), position


# --8<-- [start:decode_network]
@checked
def decode_network(bits: Bits):
    """The quantized network whose codeword is ``bits`` (the inverse of ``encode_network``).

    Reads the fields in order (module docstring): family, config, then per group k, codebook,
    counts and index blocks. Raises ValueError naming ``bits`` if it is not a codeword: it ends early
    or has bits left over, or a field is out of range (an unknown architecture, a network of more than
    MAX_WEIGHTS weights, k > n, a non-finite codebook value, a rank beyond the compositions, an
    arithmetic block that does not re-encode to itself, indices that contradict the counts).
    """
    if not bits:
        raise ValueError("bits is empty: a network's code has at least a family bit")
    family = "mlp" if bits[0] == "0" else "transformer"
    position = 1
    header = []
    for _ in range(2 if family == "mlp" else 5):
        value, position = read_elias_delta(bits, position)
        header.append(value)
    if family == "mlp":
        d, n_layers = header
        if not 1 <= n_layers <= 3:
            raise ValueError(f"bits declares an mlp with {n_layers} hidden layers (1 to 3 are allowed)")
        widths = []
        for _ in range(n_layers):
            value, position = read_elias_delta(bits, position)
            widths.append(value)
        config = (d, *widths, 1)
    else:
        config = tuple(header)
    try:
        sizes = _group_sizes(family, config)
    except ValueError as error:
        raise ValueError(f"bits declares an invalid architecture: {error}") from None
    groups = []
    for n in sizes:
        group, position = _read_group(bits, position, n)
        groups.append(group)
    if position != len(bits):
        raise ValueError(f"bits has {len(bits) - position} bits left over after the network's codeword")
    return QuantizedNetwork(family, config, tuple(groups))
# --8<-- [end:decode_network]
