# %% [markdown]
# # Exploring attention, residuals and scaling {#explore-transformers}
#
# This notebook uses the functions of [the transformer chapter](index.md) and
# [the scaling-law chapter](scaling.md). Change the numbers and run it again.
#
# ## Temperature and attention entropy {#temperature}
#
# Random queries and keys, the logits divided by $\sqrt{d_k}\,T$. The entropy never decreases as
# $T$ grows; as $T \to \infty$ it approaches $\ln n$.

# %%
import numpy as np

from snippets.transformers import entropy_vs_temperature

rng = np.random.default_rng(0)
q, k = rng.standard_normal((64, 32)), rng.standard_normal((16, 32))  # 64 queries, 16 keys, d_k = 32
temperatures = [0.1, 0.3, 1.0, 3.0, 10.0]
for t, h in zip(temperatures, entropy_vs_temperature(q, k, temperatures), strict=True):
    print(f"T = {t:4}: mean entropy {h:.2f} nats (e^H = {np.exp(h):4.1f} tokens read), ln 16 = {np.log(16):.2f}")

# %% [markdown]
# ## Move the temperature yourself {#temperature-explorer}
#
# The chapter's 256 random queries over 32 random keys, for key widths $d_k$ from 2 to 1024, with
# and without the $1/\sqrt{d_k}$ scaling. Every number here was computed, on a grid of the
# parameters' values, by `entropy_at` in `snippets/transformers/explorers.py`, which calls
# `attention_weights` and `attention_entropy`; the sliders move between the points of that grid.
#
# ```explorer id="attention-temperature" fn="transformers.explorers:entropy_at" x="temperature" sliders="temperature=0.1:10:21:log@1 d_k=2:1024:10:log:int@64" ylim="0:3.6" hline="3.4657"
# temperature: temperature T
# d_k: key width dₖ
# scaled: q·k/(T√dₖ)
# unscaled: q·k/T
# y: mean attention entropy, nats
# alt: Mean attention entropy against the temperature, with and without the 1/√d_k scaling; both rise towards ln 32, the dotted line
# ---
# The mean entropy of the attention rows as the logits are divided by $T$. Scaled by
# $1/\sqrt{d_k}$, the curve hardly moves with $d_k$; unscaled, wider keys need a higher
# temperature for the same entropy. The dotted line is $\ln 32$, uniform attention.
# ```
#
# ## How large may the attention branch be? {#residual-scale}
#
# The chapter's stack of 24 random attention layers with skip connections, for several scales $s$
# of the value weights. Where does the effective rank at the last layer start to fall?

# %%
from snippets.transformers import depth_profile

for s in (0.1, 0.3, 0.5, 0.7, 1.0):
    run = depth_profile(n_tokens=32, width=64, depth=24, residual=True, value_scale=s, seed=0)
    print(f"s = {s}: effective rank at layer 24 = {run['effective_rank'][-1]:5.1f} (of at most 32)")

# %% [markdown]
# ## Inverting a residual block {#invert}
#
# The fixed-point iteration needs $\operatorname{Lip}(f) < 1$. How many steps does it take as the
# Lipschitz constant approaches 1?

# %%
import torch

from snippets.transformers import invert_residual, residual_mlp

x = np.random.default_rng(1).standard_normal((5, 8))
for c in (0.5, 0.9, 0.99):
    f = residual_mlp(width=8, hidden=32, lipschitz=c, seed=0)
    with torch.no_grad():
        y = x + f(torch.tensor(x)).numpy()
    run = invert_residual(f, y, iterations=2000, tol=1e-12)
    print(f"Lip(f) <= {c}: converged {run['converged']} after {run['steps']} steps")

# %% [markdown]
# ## How stable is a fitted exponent? {#refit}
#
# The scaling chapter's eight models, refitted without the smallest or the largest ones. Which
# sizes would you trust to extrapolate?

# %%
from snippets.scaling import fit_power_law, load_results

rows = load_results("full")["rows"]
sizes = [row["n_params"] for row in rows]
losses = [row["val_loss"] for row in rows]  # nats per character
for first, last in ((0, 8), (1, 8), (2, 8), (0, 6), (0, 5)):
    fit = fit_power_law(sizes[first:last], losses[first:last])
    print(f"models {first + 1}-{last}: alpha = {fit['alpha']:.3f} ± {fit['alpha_se']:.3f}, "
          f"E = {fit['E']:.2f} ± {fit['E_se']:.2f} nats")

# %% [markdown]
# ## Spending a compute budget {#budget}
#
# The compute-optimal model size and data for budgets of your choice, from the published (rounded)
# constants of Chinchilla's Approach 3, and the loss the law predicts there (nats per token of that
# paper's tokenizer). These constants give exponents of 0.45 for the model size and 0.55 for the
# tokens; the paper reports 0.46 and 0.54 from the unrounded fit.

# %%
from snippets.scaling import compute_optimal

for compute in (1e18, 1e21, 1e24):
    best = compute_optimal(compute)
    print(f"C = {compute:.0e} FLOPs: N = {best['n_params']:.2e}, D = {best['n_tokens']:.2e}, "
          f"loss {best['loss']:.2f}")
