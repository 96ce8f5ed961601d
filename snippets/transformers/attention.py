"""Attention weights as probability distributions: their entropy, temperature, and the 1/sqrt(d_k) scaling.

Scaled dot-product attention turns a query q_i and the keys k_1, ..., k_n into a probability
vector over the n positions,

    a_i = softmax(q_i K^T / sqrt(d_k)),   a_ij >= 0,   sum_j a_ij = 1,

so each row has a Shannon entropy H(a_i) = -sum_j a_ij ln a_ij (nats): 0 when the query attends
to one position, ln n when it spreads evenly over all of them. Dividing the logits by a
temperature T > 0 raises the entropy (dH/dT = Var_a(z) / T^3 >= 0); the factor 1/sqrt(d_k) keeps
the logits of random queries and keys at unit variance whatever the head dimension, where without
it they grow like sqrt(d_k) and the rows collapse towards one-hot vectors. Growing the query and
key weights has the same effect as cooling the softmax; low attention entropy ("entropy collapse")
has been associated with unstable transformer training.

Sources: Vaswani et al. (2017), "Attention is all you need", NeurIPS, Sec. 3.2.1 (scaled
dot-product attention, and footnote 4 on the variance d_k of q . k) and Sec. 3.2.2 (multi-head
attention); Cover & Thomas, Elements of Information Theory, 2nd ed. (2006), Sec. 2.1 and Thm 2.6.4
(entropy, and H <= ln n with equality iff uniform); Zhai et al. (2023), "Stabilizing transformer
training by preventing attention entropy collapse", ICML (low attention entropy and training
instability); PyTorch documentation of torch.nn.MultiheadAttention.
"""

import copy
import math

import numpy as np
import torch

from snippets._domains import Bool, Count, Maybe, NonNegative, Numbers, Positive, Seed, checked
from snippets.transformers._domains import AttentionLayer


def _row_softmax(logits):
    """Row-wise softmax; entries of -inf (masked) get weight exactly 0."""
    z = logits - np.max(logits, axis=-1, keepdims=True)  # no overflow, the same probabilities
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def _row_entropy(weights):
    """-sum_j a_ij ln a_ij with 0 ln 0 = 0, for each row (no checks)."""
    terms = np.where(weights > 0.0, weights * np.log(np.where(weights > 0.0, weights, 1.0)), 0.0)
    return np.maximum(0.0, -np.sum(terms, axis=-1)) + 0.0  # an entry 1 + 1e-16 could leave -1e-16; + 0.0: no -0.0


# --8<-- [start:attention_weights]
@checked
def attention_weights(
    q: Numbers(shape=(None, "d_k"), min_size=1), k: Numbers(shape=(None, "d_k"), min_size=1),
    scale: Maybe(NonNegative) = None, causal: Bool = False,
):
    """Scaled dot-product attention weights, one probability vector per query (row):

        A = softmax_rows(scale * q k^T),   scale = 1 / sqrt(d_k) by default,

    for queries q of shape (n_q, d_k) and keys k of shape (n_k, d_k); A has shape (n_q, n_k).
    With ``causal=True`` (self-attention, n_q = n_k) query i sees only the keys j <= i: the logits
    j > i are set to -inf before the softmax, so those weights are exactly 0. ``scale`` = 1/(T sqrt(d_k))
    is a softmax at temperature T; scale 0 gives uniform rows.
    Source: Vaswani et al. (2017), Sec. 3.2.1, Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V;
    Sec. 3.2.3 (masking the future in the decoder).
    """
    scale = 1.0 / math.sqrt(q.shape[1]) if scale is None else scale
    if causal and k.shape[0] != q.shape[0]:
        raise ValueError(f"causal must be False unless q and k have as many rows, got {q.shape[0]} and {k.shape[0]}")
    logits = scale * (q @ k.T)
    if causal:
        logits = np.where(np.tril(np.ones_like(logits, dtype=bool)), logits, -np.inf)
    return _row_softmax(logits)
# --8<-- [end:attention_weights]


# --8<-- [start:attention_entropy]
@checked
def attention_entropy(weights: Numbers(ndim=(1, 2), entries=NonNegative, min_size=1, sums_to_one=True)):
    """Shannon entropy (nats) of each row of attention weights, a_i a probability vector over n keys:

        H(a_i) = -sum_j a_ij ln a_ij,   0 ln 0 = 0,   0 <= H(a_i) <= ln n,

    H = 0 iff the row is one-hot (all attention on one key) and H = ln n iff it is uniform.
    ``weights`` of shape (n,) gives a float, of shape (n_q, n) an array of n_q entropies; every
    row must be >= 0 and sum to 1 (tolerance 1e-9).
    Source: Cover & Thomas (2006), Sec. 2.1 (definition) and Thm 2.6.4 (H(X) <= log |X|, equality
    iff X is uniform); Lemma 2.1.1 (H >= 0).
    """
    h = _row_entropy(weights)
    return float(h) if weights.ndim == 1 else h
# --8<-- [end:attention_entropy]


# --8<-- [start:entropy_vs_temperature]
@checked
def entropy_vs_temperature(
    q: Numbers(shape=(None, "d_k"), min_size=1), k: Numbers(shape=(None, "d_k"), min_size=1),
    temperatures: Numbers(ndim=1, entries=Positive, min_size=1),
):
    """Mean attention entropy over the queries when the logits z = q k^T / sqrt(d_k) are divided by T:

        H(T) = (1/n_q) sum_i H(softmax(z_i / T)),   one value per temperature T > 0.

    H is non-decreasing in T (``entropy_temperature_slope``): from H(0+) = mean ln(number of
    maximal logits of the row), 0 for distinct logits, to H(inf) = ln n_k (uniform rows).
    Source: Vaswani et al. (2017), Sec. 3.2.1 (the logits); Cover & Thomas (2006), Sec. 2.1.
    """
    base = 1.0 / math.sqrt(q.shape[1])
    return np.array([float(np.mean(_row_entropy(attention_weights(q, k, base / t)))) for t in temperatures])
# --8<-- [end:entropy_vs_temperature]


# --8<-- [start:entropy_temperature_slope]
@checked
def entropy_temperature_slope(
    q: Numbers(shape=(None, "d_k"), min_size=1), k: Numbers(shape=(None, "d_k"), min_size=1), temperature: Positive,
):
    """dH/dT of ``entropy_vs_temperature`` in closed form: the mean over queries of

        dH(softmax(z/T))/dT = Var_p(z) / T^3 >= 0,   p = softmax(z/T),  Var_p(z) = sum_j p_j (z_j - E_p z)^2.

    Derivation: with beta = 1/T, H = ln Z(beta) - beta E_p[z] and Z = sum_j e^(beta z_j), so
    dH/dbeta = E_p[z] - E_p[z] - beta Var_p(z) = -beta Var_p(z), and dbeta/dT = -1/T^2.
    The slope is 0 only when all the logits of every row are equal, and it tends to 0 as T -> 0
    (distinct logits) or T -> inf. Source: the calculation above (ln Z is the log-partition
    function of the family p_beta(j) ~ e^(beta z_j), whose derivatives are the mean and the
    variance of z).
    """
    z = (q @ k.T) / math.sqrt(q.shape[1])
    p = _row_softmax(z / temperature)
    mean = np.sum(p * z, axis=1, keepdims=True)
    variance = np.sum(p * (z - mean) ** 2, axis=1)
    return float(np.mean(variance)) / temperature**3
# --8<-- [end:entropy_temperature_slope]


# --8<-- [start:entropy_vs_dk]
@checked
def entropy_vs_dk(dims: Numbers(ndim=1, entries=Count, min_size=1), n_queries: Count, n_keys: Count, seed: Seed):
    """Mean attention entropy of random queries and keys, with and without the 1/sqrt(d_k) scaling:

        q, k with i.i.d. zero-mean unit-variance entries:  Var(q . k) = sum_{l=1}^{d_k} E[q_l^2] E[k_l^2] = d_k,
        so Var(q . k / sqrt(d_k)) = 1 for every d_k.

    For each d_k in ``dims`` it draws n_queries queries and n_keys keys with N(0, 1) entries
    (seeded) and returns {"dims", "scaled", "unscaled", "scaled_variance", "unscaled_variance"}:
    the mean row entropy of softmax(q k^T / sqrt(d_k)) and of softmax(q k^T), and the sample
    variances of those logits (about 1 and about d_k). Unscaled, the logits' spread grows like
    sqrt(d_k), the largest logit dominates each row, and the entropy falls towards 0; scaled, it
    stays near the same value below ln n_keys for every d_k.
    Source: Vaswani et al. (2017), Sec. 3.2.1 and its footnote 4 (q . k has mean 0 and variance d_k).
    """
    out = {"dims": dims, "scaled": [], "unscaled": [], "scaled_variance": [], "unscaled_variance": []}
    for d in out["dims"]:
        rng = np.random.default_rng([seed, int(d)])  # each d_k its own stream: adding a dimension changes no other
        q = rng.standard_normal((n_queries, int(d)))
        k = rng.standard_normal((n_keys, int(d)))
        logits = q @ k.T
        out["unscaled"].append(float(np.mean(_row_entropy(_row_softmax(logits)))))
        out["scaled"].append(float(np.mean(_row_entropy(_row_softmax(logits / math.sqrt(d))))))
        out["unscaled_variance"].append(float(np.var(logits)))
        out["scaled_variance"].append(float(np.var(logits / math.sqrt(d))))
    return {key: np.asarray(value) for key, value in out.items()}
# --8<-- [end:entropy_vs_dk]


# --8<-- [start:seeded_attention_layer]
@checked
def seeded_attention_layer(embed_dim: Count, num_heads: Count, seed: Seed):
    """A torch.nn.MultiheadAttention(embed_dim, num_heads) in float64 with PyTorch's default
    initialization drawn from torch.manual_seed(seed) (the global generator is left as it was):
    in_proj_weight Xavier-uniform, in_proj_bias and out_proj.bias zero. No dropout, eval mode.
    Each head h sees d_k = embed_dim / num_heads dimensions and computes
    softmax((x W_q^h)(x W_k^h)^T / sqrt(d_k)).
    Source: Vaswani et al. (2017), Sec. 3.2.2; PyTorch documentation of MultiheadAttention.
    """
    if embed_dim % num_heads:
        raise ValueError(f"num_heads must divide embed_dim = {embed_dim}, got {num_heads}")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        layer = torch.nn.MultiheadAttention(embed_dim, num_heads, dtype=torch.float64)
    return layer.eval()
# --8<-- [end:seeded_attention_layer]


# --8<-- [start:head_attention_weights]
@checked
def head_attention_weights(layer: AttentionLayer, x: Numbers(ndim=2, min_size=1)):
    """Each head's attention weights of a torch.nn.MultiheadAttention in self-attention on tokens x:

        A^h = softmax((x W_q^h + b_q^h)(x W_k^h + b_k^h)^T / sqrt(d_k)),   h = 1, ..., num_heads,

    as torch computes them (``need_weights=True, average_attn_weights=False``), an array of shape
    (num_heads, n, n) for x of shape (n, embed_dim).
    Source: Vaswani et al. (2017), Sec. 3.2.2; PyTorch documentation of MultiheadAttention.forward.
    """
    if x.shape[1] != layer.embed_dim:
        raise ValueError(f"x must have shape (n, {layer.embed_dim}), got {x.shape}")
    x = torch.tensor(x, dtype=layer.in_proj_weight.dtype)
    with torch.no_grad():
        _, weights = layer(x, x, x, need_weights=True, average_attn_weights=False)
    return weights.numpy().astype(np.float64)
# --8<-- [end:head_attention_weights]


# --8<-- [start:head_entropies]
@checked
def head_entropies(layer: AttentionLayer, x: Numbers(ndim=2, min_size=1)):
    """Mean attention entropy (nats) of each head, (1/n) sum_i H(A^h_i), an array of num_heads values
    in [0, ln n], for the weights of ``head_attention_weights(layer, x)``.
    Source: Cover & Thomas (2006), Sec. 2.1; Zhai et al. (2023) track this quantity per head.
    """
    weights = head_attention_weights(layer, x)
    return np.array([float(np.mean(attention_entropy(w))) for w in weights])
# --8<-- [end:head_entropies]


# --8<-- [start:entropy_vs_qk_scale]
@checked
def entropy_vs_qk_scale(
    layer: AttentionLayer, x: Numbers(ndim=2, min_size=1), scales: Numbers(ndim=1, entries=Positive, min_size=1),
):
    """Each head's mean attention entropy when the query and key weights are both multiplied by s:

        W_q -> s W_q,  W_k -> s W_k  (and their biases)   =>   logits -> s^2 logits,

    one row of num_heads entropies per s in ``scales`` (the layer itself is not changed: a copy is
    scaled). Larger weights act like a lower temperature T = 1/s^2, so the entropy falls towards 0
    as s grows: the rows become one-hot. Zhai et al. (2023) associate such low attention entropy
    ("entropy collapse") with training instability; this function only shows the mechanism.
    Source: Zhai et al. (2023), ICML (see paper); Vaswani et al. (2017), Sec. 3.2.2.
    """
    if x.shape[1] != layer.embed_dim:
        raise ValueError(f"x must have shape (n, {layer.embed_dim}), got {x.shape}")
    e = layer.embed_dim
    rows = []
    for s in scales:
        scaled = copy.deepcopy(layer)
        with torch.no_grad():
            scaled.in_proj_weight[: 2 * e] *= float(s)  # the W_q and W_k blocks; W_v (the last e rows) unchanged
            if scaled.in_proj_bias is not None:
                scaled.in_proj_bias[: 2 * e] *= float(s)
        rows.append(head_entropies(scaled, x))
    return np.array(rows)
# --8<-- [end:entropy_vs_qk_scale]
