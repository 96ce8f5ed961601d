"""A tiny character-level decoder-only transformer (GPT-2 layout) and its Kaplan parameter count.

Token embedding plus learned position embedding; ``n_layers`` pre-LayerNorm blocks, each causal
multi-head self-attention (``torch.nn.functional.scaled_dot_product_attention``) and a 4x MLP with
GELU, each added to the residual stream; a final LayerNorm; the output head is the token embedding
matrix (tied weights), so every parameter outside the blocks and the final LayerNorm is an
embedding. Initialization as GPT-2: normal(0, 0.02), the residual output projections scaled by
1/sqrt(2 n_layers), biases zero.
"""

import math

import torch
from torch import nn
from torch.nn import functional as F

from snippets._domains import AtLeast, Count, Seed, checked


# --8<-- [start:parameter_count]
@checked
def parameter_count(n_layers: Count, d_model: Count):
    """Non-embedding parameters N of ``CharTransformer``, as Kaplan et al. (2020) count them.

    N excludes the token embedding (which is also the output head) and the position embedding, and
    counts everything else, biases and LayerNorms included: per block 12 d^2 + 13 d (attention:
    query/key/value 3 d^2 + 3 d, output d^2 + d; MLP: d x 4d and 4d x d, 8 d^2 + 5 d; two
    LayerNorms, 4 d), plus 2 d for the final LayerNorm:

        N = n_layers (12 d^2 + 13 d) + 2 d,

    which Kaplan et al. (2020), Sec. 2.1, approximate by 12 n_layers d^2 (no biases or LayerNorms).
    """
    return n_layers * (12 * d_model**2 + 13 * d_model) + 2 * d_model
# --8<-- [end:parameter_count]


@checked
def _config(vocab_size: AtLeast(2), context: Count, n_layers: Count, d_model: Count, n_heads: Count, seed: Seed):
    """The arguments of ``CharTransformer``, checked."""
    if d_model % n_heads:
        raise ValueError(f"n_heads must divide d_model = {d_model}, got {n_heads}")
    return vocab_size, context, n_layers, d_model, n_heads, seed


class _Block(nn.Module):
    def __init__(self, d_model, n_heads):
        super().__init__()
        self.n_heads = n_heads
        self.ln1 = nn.LayerNorm(d_model)
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.ln2 = nn.LayerNorm(d_model)
        self.fc = nn.Linear(d_model, 4 * d_model)
        self.out = nn.Linear(4 * d_model, d_model)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = (z.view(b, t, self.n_heads, d // self.n_heads).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(y.transpose(1, 2).reshape(b, t, d))
        return x + self.out(F.gelu(self.fc(self.ln2(x))))


class CharTransformer(nn.Module):
    """``CharTransformer(vocab_size, context, n_layers, d_model, n_heads, seed)``: logits for the
    next character at every position, ``model(ids)`` with ids of shape (batch, time <= context).

    ``model.n_params`` is the Kaplan count ``parameter_count(n_layers, d_model)``;
    ``model.n_embedding`` the embedding parameters (vocab_size + context) * d_model.
    """

    def __init__(self, vocab_size, context, n_layers, d_model, n_heads, seed=0):
        super().__init__()
        vocab_size, context, n_layers, d_model, n_heads, seed = _config(
            vocab_size, context, n_layers, d_model, n_heads, seed
        )
        self.context, self.vocab_size = context, vocab_size
        self.config = {"n_layers": n_layers, "d_model": d_model, "n_heads": n_heads, "context": context}
        self.tok = nn.Embedding(vocab_size, d_model)
        self.pos = nn.Embedding(context, d_model)
        self.blocks = nn.ModuleList(_Block(d_model, n_heads) for _ in range(n_layers))
        self.ln_f = nn.LayerNorm(d_model)
        generator = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            for name, p in self.named_parameters():
                if name.endswith("bias"):
                    p.zero_()
                elif ".ln" in name or name.startswith("ln_f"):
                    p.fill_(1.0)
                else:
                    std = 0.02 / math.sqrt(2 * n_layers) if name.endswith(("proj.weight", "out.weight")) else 0.02
                    p.copy_(torch.randn(p.shape, generator=generator) * std)
        self.n_params = parameter_count(n_layers, d_model)
        self.n_embedding = (vocab_size + context) * d_model

    def forward(self, ids):
        if not isinstance(ids, torch.Tensor) or ids.dtype != torch.int64 or ids.dim() != 2:
            raise ValueError("ids must be an int64 tensor of shape (batch, time)")
        if ids.shape[1] > self.context or ids.shape[1] == 0:
            raise ValueError(f"ids must have 1 to {self.context} positions, got shape {tuple(ids.shape)}")
        x = self.tok(ids) + self.pos(torch.arange(ids.shape[1], device=ids.device))
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x) @ self.tok.weight.T

