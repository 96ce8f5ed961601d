"""Worked examples of the transformer chapter; the page includes each section.

Sections run top to bottom in one namespace per page, as a reader would run them; the ``#>``
lines are what they print (tests/test_docs_code.py checks them).
"""

# --8<-- [start:attention_entropy]
import numpy as np

from snippets.transformers import attention_entropy, entropy_vs_qk_scale, head_entropies, seeded_attention_layer

rows = np.array([[1.0, 0.0, 0.0, 0.0], [0.7, 0.1, 0.1, 0.1], [0.25, 0.25, 0.25, 0.25]])
print("H =", np.round(attention_entropy(rows), 3), " ln 4 =", round(np.log(4), 3))

layer = seeded_attention_layer(embed_dim=16, num_heads=4, seed=0)  # torch.nn.MultiheadAttention
x = np.random.default_rng(0).standard_normal((10, 16))  # 10 tokens
print("heads:", np.round(head_entropies(layer, x), 2), " ln 10 =", round(np.log(10), 2))
for s, h in zip((1, 4, 16), entropy_vs_qk_scale(layer, x, [1, 4, 16]), strict=True):
    print(f"W_q, W_k × {s:2d}: mean entropy {h.mean():.2f} nats")
#> H = [0.    0.94  1.386]  ln 4 = 1.386
#> heads: [2.26 2.24 2.23 2.23]  ln 10 = 2.3
#> W_q, W_k ×  1: mean entropy 2.24 nats
#> W_q, W_k ×  4: mean entropy 0.59 nats
#> W_q, W_k × 16: mean entropy 0.01 nats
# --8<-- [end:attention_entropy]

# --8<-- [start:temperature]
from snippets.transformers import entropy_vs_dk

run = entropy_vs_dk([16, 64, 256], n_queries=256, n_keys=32, seed=0)  # N(0, 1) entries
for d, var, scaled, unscaled in zip(
    run["dims"], run["unscaled_variance"], run["scaled"], run["unscaled"], strict=True
):
    print(f"d_k = {d:3d}: Var(q·k) = {var:5.1f}, H(q·k/√d_k) = {scaled:.2f}, H(q·k) = {unscaled:.2f}")
#> d_k =  16: Var(q·k) =  18.1, H(q·k/√d_k) = 2.95, H(q·k) = 1.03
#> d_k =  64: Var(q·k) =  66.1, H(q·k/√d_k) = 3.01, H(q·k) = 0.50
#> d_k = 256: Var(q·k) = 256.3, H(q·k/√d_k) = 3.01, H(q·k) = 0.22
# --8<-- [end:temperature]

# --8<-- [start:residual_inverse]
import torch

from snippets.transformers import invert_residual, lipschitz_bound, residual_mlp

f = residual_mlp(width=8, hidden=32, lipschitz=0.9, seed=0)  # ||W₁|| = 1, ||W₂|| = 0.9
x = np.random.default_rng(1).standard_normal((5, 8))
with torch.no_grad():
    y = x + f(torch.tensor(x)).numpy()  # y = x + f(x)
run = invert_residual(f, y, iterations=500, tol=1e-13)
c, start = lipschitz_bound(f), np.linalg.norm(y - x, axis=1).max()
for k in (1, 2, 4, 8):
    error = np.linalg.norm(run["iterates"][k] - x, axis=1).max()
    print(f"k = {k:2d}: max error {error:.1e} <= c^k · error₀ = {c**k * start:.1e}")
print("converged after", run["steps"], "steps; recovers x:", np.allclose(run["x"], x, rtol=0, atol=1e-12))
print("f(x) = -2x converges:", invert_residual(lambda v: -2 * v, y, iterations=100, tol=1e-13)["converged"])
#> k =  1: max error 2.2e-01 <= c^k · error₀ = 1.4e+00
#> k =  2: max error 3.1e-02 <= c^k · error₀ = 1.2e+00
#> k =  4: max error 1.0e-03 <= c^k · error₀ = 9.9e-01
#> k =  8: max error 1.5e-06 <= c^k · error₀ = 6.5e-01
#> converged after 19 steps; recovers x: True
#> f(x) = -2x converges: False
# --8<-- [end:residual_inverse]

# --8<-- [start:rank_collapse]
from snippets.transformers import depth_profile

# 32 tokens of width 64 through 24 random single-head attention layers; s scales W_V
print("effective rank at layers 0, 4, 8, 16, 24:")
for residual, s in ((False, 0.3), (True, 0.3), (True, 1.0)):
    run = depth_profile(n_tokens=32, width=64, depth=24, residual=residual, value_scale=s, seed=0)
    update = "X + SA(X)" if residual else "SA(X)"
    print(f"{update:9s} (s = {s}):", np.round(run["effective_rank"][[0, 4, 8, 16, 24]], 1))
#> effective rank at layers 0, 4, 8, 16, 24:
#> SA(X)     (s = 0.3): [29.9  1.   1.   1.   1. ]
#> X + SA(X) (s = 0.3): [29.9 29.8 29.7 29.2 28.4]
#> X + SA(X) (s = 1.0): [29.9 27.7 20.1  1.8  1.1]
# --8<-- [end:rank_collapse]

# --8<-- [start:layernorm]
import torch

from snippets.transformers import layer_norm, layernorm_removed, undo_layer_norm

x = np.random.default_rng(0).normal(3.0, 2.0, size=(4, 16))  # 4 tokens, d = 16
z = layer_norm(x, eps=0.0)
print("LN(5x - 7) = LN(x):", np.allclose(layer_norm(5 * x - 7, eps=0.0), z, rtol=0, atol=1e-13))
print("LN(-x) = -LN(x):", np.allclose(layer_norm(-x, eps=0.0), -z, rtol=0, atol=1e-13))
print("means", np.round(z.mean(axis=1), 12) + 0.0, "norms", np.round(np.linalg.norm(z, axis=1), 12))
mean, std = layernorm_removed(x)  # the 2 numbers per token that LN removes
print("x rebuilt from (LN(x), μ, σ):", np.allclose(undo_layer_norm(z, mean, std), x, rtol=0, atol=1e-13))
torch_ln = torch.nn.functional.layer_norm(torch.tensor(x), (16,), eps=1e-5).numpy()
print("same as torch:", np.allclose(layer_norm(x, eps=1e-5), torch_ln, rtol=0, atol=1e-14))
#> LN(5x - 7) = LN(x): True
#> LN(-x) = -LN(x): True
#> means [0. 0. 0. 0.] norms [4. 4. 4. 4.]
#> x rebuilt from (LN(x), μ, σ): True
#> same as torch: True
# --8<-- [end:layernorm]
