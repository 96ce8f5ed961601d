"""Weight sharing and the network's code: k-means, the float16 codebook, encode/decode, every bit counted.

The decoder is checked against the encoder on random networks of both families (edge cases: one
codebook value, a value per weight, groups longer than an arithmetic block), the decoded network
against the quantized one by its predictions (exactly equal), the code length against the sum of
its parts computed here from the closed forms, and the decoder against strings that are not
codewords (cut, extended, flipped).
"""

import itertools
import math

import numpy as np
import pytest
import torch

from snippets.compression import (
    QuantizedNetwork,
    QuantizedTensor,
    code_length_parts,
    composition_code_length,
    decode_network,
    elias_delta,
    elias_delta_length,
    encode_network,
    kmeans_1d,
    quantize,
    quantize_mlp,
    quantize_transformer,
    to_mlp,
    to_transformer,
)
from snippets.compression.netcode import BLOCK
from snippets.dziugaite import MLP
from snippets.scaling import CharTransformer

# ---------------------------------------------------------------- k-means and the codebook


def _sse(values, centroids, assignment):
    return float(((values - centroids[assignment]) ** 2).sum())


@pytest.mark.formula("cb-kmeans")
@pytest.mark.parametrize("seed", range(6))
def test_kmeans_ends_at_a_fixed_point_of_lloyds_two_steps(seed):
    rng = np.random.default_rng(seed)
    values = np.concatenate([rng.normal(0, 1, 300), rng.normal(5, 0.3, 50), rng.standard_t(2, 40)])
    k = [1, 2, 3, 5, 8, 16][seed]
    centroids, assignment = kmeans_1d(values, k)
    assert np.all(np.diff(centroids) > 0) and centroids.size <= k
    assert np.array_equal(np.unique(assignment), np.arange(centroids.size))  # every centroid used
    distances = np.abs(values[:, None] - centroids[None, :])
    # each value at a nearest centroid (brute force over all centroids)
    assert np.allclose(distances[np.arange(values.size), assignment], distances.min(axis=1), rtol=0, atol=1e-12)
    # each centroid the mean of its values
    for j, c in enumerate(centroids):
        assert c == pytest.approx(values[assignment == j].mean(), abs=1e-12)
    # never worse than the quantile start with nearest assignment
    start = np.unique(np.quantile(values, (np.arange(k) + 0.5) / k))
    start_assignment = np.abs(values[:, None] - start[None, :]).argmin(axis=1)
    assert _sse(values, centroids, assignment) <= _sse(values, start, start_assignment) + 1e-9


def test_kmeans_is_exact_with_as_many_centroids_as_values():
    values = np.array([3.0, -1.0, 3.0, 7.5, -1.0])
    centroids, assignment = kmeans_1d(values, 3)
    assert np.array_equal(centroids[assignment], values)


@pytest.mark.formula("cb-kmeans")
def test_quantize_uses_a_float16_codebook_and_the_nearest_value():
    rng = np.random.default_rng(1)
    values = rng.normal(0, 0.05, 1000)
    q = quantize(values, 4)
    assert q.codebook.dtype == np.float16 and q.k <= 4 and q.n == 1000
    book = q.codebook.astype(np.float64)
    assert np.all(np.diff(book) > 0)
    nearest = np.abs(values[:, None] - book[None, :]).min(axis=1)
    assert np.allclose(np.abs(values - book[q.indices]), nearest, rtol=0, atol=1e-12)
    assert q.counts().sum() == 1000 and q.counts().min() >= 1
    assert q.values().dtype == np.float32


def test_quantize_rejects_values_beyond_float16():
    with pytest.raises(ValueError, match=r"^values must lie within float16"):
        quantize(np.array([0.0, 1e6]), 2)


@pytest.mark.parametrize("codebook,indices,message", [
    (np.array([0.5], dtype=np.float32), [0], "codebook must be a non-empty 1-D float16"),
    (np.array([np.inf], dtype=np.float16), [0], "codebook must contain only finite"),
    (np.array([0.5, 1.0], dtype=np.float16), [0, 0], "indices must use every codebook entry"),
    (np.array([0.5], dtype=np.float16), [1], "indices must lie in"),
    (np.array([0.5], dtype=np.float16), [], "indices must be a non-empty"),
])
def test_a_quantized_tensor_checks_itself(codebook, indices, message):
    with pytest.raises(ValueError, match=rf"^{message}"):
        QuantizedTensor(codebook, np.array(indices, dtype=np.int64))


# ---------------------------------------------------------------- the network's code


def _random_mlp(rng, hidden, k, scale=0.1):
    mlp = MLP(int(rng.integers(1, 9)), hidden)
    w = torch.as_tensor(rng.normal(0, scale, mlp.n_params), dtype=torch.float32)
    return mlp, quantize_mlp(mlp, w, k)


def _mlp_cases():
    rng = np.random.default_rng(0)
    cases = [_random_mlp(rng, (1,), 1), _random_mlp(rng, (3,), 2), _random_mlp(rng, (5, 4), 3),
             _random_mlp(rng, (2, 2, 2), 16), _random_mlp(rng, (4,), 1000)]  # 1000: a value per weight
    big = MLP(64, (70,))  # 4,550 weights in the first layer: two arithmetic blocks
    cases.append((big, quantize_mlp(big, big.init_weights(3), 8)))
    return cases


MLP_CASES = _mlp_cases()


@pytest.mark.parametrize("case", range(len(MLP_CASES)))
def test_a_decoded_mlp_is_the_quantized_one_and_predicts_exactly_as_it(case):
    mlp, network = MLP_CASES[case]
    bits = encode_network(network)
    decoded = decode_network(bits)
    assert decoded == network and decoded is not network
    _, w = to_mlp(network)
    decoded_mlp, w_decoded = to_mlp(decoded)
    assert decoded_mlp.layer_sizes == mlp.layer_sizes
    assert torch.equal(w_decoded.view(torch.int32), w.view(torch.int32))  # bit for bit
    x = torch.as_tensor(np.random.default_rng(case).normal(0, 1, (50, mlp.layer_sizes[0])), dtype=torch.float32)
    assert torch.equal(decoded_mlp(w_decoded, x), mlp(w, x))


def test_a_decoded_transformer_predicts_exactly_as_the_quantized_one():
    model = CharTransformer(11, 8, 2, 8, 2, seed=4)
    network = quantize_transformer(model, 3)
    decoded = decode_network(encode_network(network))
    assert decoded == network and decoded.config == (11, 8, 2, 8, 2)
    # the groups are the model's parameter tensors, in order
    assert [g.n for g in network.groups] == [p.numel() for p in model.parameters()]
    ids = torch.as_tensor(np.random.default_rng(0).integers(0, 11, (3, 8)))
    assert torch.equal(to_transformer(decoded)(ids), to_transformer(network)(ids))
    # and the quantized model is close to the original (3 values a tensor)
    assert (to_transformer(network)(ids) - model.eval()(ids)).abs().max() < 0.5


def _expected_parts(network):
    """The code length's parts from the closed forms, independently of netcode."""
    if network.family == "mlp":
        sizes = network.config
        config_ints = [sizes[0], len(sizes) - 2, *sizes[1:-1]]
    else:
        config_ints = list(network.config)
    return {"family": 1, "config": sum(elias_delta_length(v) for v in config_ints),
            "codebook_sizes": sum(elias_delta_length(g.k) for g in network.groups),
            "codebooks": 16 * sum(g.k for g in network.groups),
            "counts": sum(composition_code_length(g.n, g.k) for g in network.groups)}


@pytest.mark.formula("cb-code-length")
@pytest.mark.parametrize("case", range(len(MLP_CASES)))
def test_the_code_length_is_the_sum_of_its_parts(case):
    network = MLP_CASES[case][1]
    bits = encode_network(network)
    parts = code_length_parts(network)
    expected = _expected_parts(network)
    for key, value in expected.items():
        assert parts[key] == value, key
    assert len(bits) == parts["total"] == sum(expected.values()) + parts["indices"]
    # the indices: at least the empirical entropy n H(counts / n) of each group (no code of them under an
    # i.i.d. model does better), at most that + 2 bits a block + the model's rounding (< 0.006 k a group)
    entropy = sum(float(-(g.counts() * np.log2(g.counts() / g.n)).sum()) for g in network.groups)
    blocks = sum(math.ceil(g.n / BLOCK) for g in network.groups)
    slack = 2 * blocks + 0.006 * sum(g.k for g in network.groups)
    assert entropy - 1e-9 <= parts["indices"] <= entropy + slack
    assert parts["blocks"] == blocks


def test_one_codebook_value_costs_no_index_bits():
    network = MLP_CASES[0][1]  # k = 1 in every group
    assert all(g.k == 1 for g in network.groups)
    assert code_length_parts(network)["indices"] == 0


def test_no_proper_prefix_or_extension_of_a_codeword_decodes():
    for _, network in MLP_CASES[:4]:
        bits = encode_network(network)
        for end in [0, 1, 2, 5, len(bits) // 3, len(bits) // 2, len(bits) - 2, len(bits) - 1]:
            with pytest.raises(ValueError, match=r"^bits "):
                decode_network(bits[:end])
        for tail in ("0", "1", "0110"):
            with pytest.raises(ValueError, match=r"^bits "):
                decode_network(bits + tail)


def test_a_flipped_bit_never_decodes_to_the_same_network():
    _, network = MLP_CASES[2]
    bits = encode_network(network)
    rejected = 0
    for i in range(len(bits)):
        flipped = bits[:i] + ("1" if bits[i] == "0" else "0") + bits[i + 1 :]
        try:
            other = decode_network(flipped)
        except ValueError as error:
            assert str(error).startswith("bits ")
            rejected += 1
        else:
            assert other != network  # a different codeword is a different network
    assert rejected > 0


def test_codewords_of_different_networks_are_not_prefixes_of_each_other():
    words = sorted(encode_network(network) for _, network in MLP_CASES)
    assert all(not b.startswith(a) for a, b in itertools.pairwise(words))


@pytest.mark.parametrize("family,integers,message", [
    ("0", (1, 4), "hidden layers"),  # an mlp with 4 hidden layers (1 to 3 are allowed)
    ("1", (11, 8, 1, 6, 4), "invalid architecture"),  # a transformer whose 4 heads do not divide d_model = 6
    ("0", (2**22, 1, 8), "invalid architecture.*limit"),  # 33.5M weights > 2^24: refused before allocating
])
def test_the_decoder_rejects_architectures_outside_the_format(family, integers, message):
    header = family + "".join(elias_delta(v) for v in integers)
    with pytest.raises(ValueError, match=rf"^bits .*{message}"):
        decode_network(header + "0" * 64)


def test_a_network_must_match_its_architecture():
    group = QuantizedTensor(np.array([0.5], dtype=np.float16), np.zeros(3, dtype=np.int64))
    with pytest.raises(ValueError, match=r"^groups must be 2 QuantizedTensor"):
        QuantizedNetwork("mlp", (1, 1, 1), (group,))
    with pytest.raises(ValueError, match=r"^groups\[0\] must have 2 weights"):
        QuantizedNetwork("mlp", (1, 1, 1), (group, group))
