"""What the transformer chapter's explorer computes at each point of its grid (sitebuild/explorers.py)."""

from functools import cache

import numpy as np

from snippets._domains import Count, Positive, checked
from snippets.transformers.attention import attention_entropy, attention_weights
from snippets.transformers.figures import N_QUERIES, N_TOKENS, SEED


@cache
def _queries_keys(d_k):
    rng = np.random.default_rng([SEED, d_k])  # the stream entropy_vs_dk draws for this d_k
    return rng.standard_normal((N_QUERIES, d_k)), rng.standard_normal((N_TOKENS, d_k))


@checked
def entropy_at(temperature: Positive, d_k: Count):
    """Mean attention entropy (nats) of the chapter's 256 random queries over 32 random keys
    (N(0, 1) entries, seed 0) of width ``d_k``, with the logits divided by ``temperature``:
    scaled, softmax(q k^T / (T sqrt(d_k))), and unscaled, softmax(q k^T / T)
    (``attention_weights``, ``attention_entropy``). At most ln 32 ≈ 3.47 nats (uniform attention)."""
    q, k = _queries_keys(d_k)
    scaled = attention_weights(q, k, 1.0 / (temperature * np.sqrt(d_k)))
    unscaled = attention_weights(q, k, 1.0 / temperature)
    return {
        "scaled": float(np.mean(attention_entropy(scaled))),
        "unscaled": float(np.mean(attention_entropy(unscaled))),
    }
