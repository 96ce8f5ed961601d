"""Data of the transformer chapter's figures (drawn at build time by sitebuild/figures.py)."""

import math

import numpy as np

from snippets.transformers.attention import entropy_vs_dk
from snippets.transformers.residual import depth_profile

# Attention entropy: 256 random queries and 32 random keys with N(0, 1) entries, seed 0, for
# d_k = 2, 4, ..., 1024. Rank collapse: 32 tokens of width 64 through 24 layers of single-head
# pure self-attention, value weights N(0, 0.3^2 / d), seed 0 (snippets.transformers.depth_profile).
N_QUERIES, N_TOKENS, SEED = 256, 32, 0
DIMS = 2 ** np.arange(1, 11)
WIDTH, DEPTH, VALUE_SCALE = 64, 24, 0.3


def entropy_vs_dk_figure():
    """Mean attention entropy (nats) against d_k (log scale), with and without the 1/√d_k scaling.

    The dotted line is ln n, the entropy of uniform attention over the n = 32 keys. Unscaled, the
    logits have variance d_k and the rows approach one-hot vectors (entropy towards 0); scaled,
    the entropy stays flat. The series names are the logits' formulas, the same in every language.
    """
    data = entropy_vs_dk(DIMS, N_QUERIES, N_TOKENS, SEED)
    return {
        "x": data["dims"],
        "xlog": True,
        "series": {"q·k/√d_k": data["scaled"], "q·k": data["unscaled"]},
        "ylim": (0.0, 4.5),  # room for the legend above ln n
        "hline": math.log(N_TOKENS),
    }


def rank_through_depth_figure():
    """Effective rank of the 32 × 64 token matrix against the layer, with and without the skip connection.

    Without it the rank falls to 1 (all tokens equal) within a few layers; with it the tokens stay
    spread out. The series names are the layer updates, the same in every language.
    """
    runs = {
        residual: depth_profile(N_TOKENS, WIDTH, DEPTH, residual, VALUE_SCALE, SEED) for residual in (True, False)
    }
    return {
        "x": runs[True]["layers"],
        "series": {"X + SA(X)": runs[True]["effective_rank"], "SA(X)": runs[False]["effective_rank"]},
        "ylim": (0.0, N_TOKENS + 8.0),  # room for the legend above the curves
    }
