# %% [markdown]
# # Exploring the bounds {#explore}
#
# The risk $R(Q)$ and the bound $\kl^{-1}(q, c)$ with $$\sum_i x_i$$ in display.

# %%
from snippets.pacbayes.kl import binary_kl

print(round(binary_kl(0.1, 0.2), 6))
