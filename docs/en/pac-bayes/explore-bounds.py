# %% [markdown]
# # Exploring the PAC-Bayes bounds {#explore-bounds}
#
# This page is a notebook: it runs when the site is built, and you can download it and run it
# yourself. It uses the same functions as the chapter, from the `snippets` package.
#
# ## How many examples does each bound need? {#examples-needed}
#
# Fix the empirical risk of the stochastic classifier at 3%, the confidence at $1-\delta = 0.95$ and
# the divergence at $\operatorname{KL}(Q\|P) = 5000$ nats. For each bound we search the smallest
# sample size $m$ at which it certifies a risk below 10%.

# %%
from snippets.pacbayes import catoni_bound, kl_inverse, maurer_kl_bound, mcallester_bound

emp_risk, kl, delta, target = 0.03, 5000.0, 0.05, 0.10
bounds = {
    "McAllester": lambda m: mcallester_bound(emp_risk, kl, m, delta),
    "Maurer (kl)": lambda m: maurer_kl_bound(emp_risk, kl, m, delta),
    "Catoni, C=2": lambda m: catoni_bound(emp_risk, kl, m, delta, C=2.0),
}
for name, bound in bounds.items():
    m = 8
    while bound(m) >= target:
        m = int(m * 1.01) + 1
    print(f"{name:12s} needs m ≈ {m:>9,d}")

# %% [markdown]
# The kl bound needs several times fewer examples than McAllester's, because at small empirical
# risk $\operatorname{kl}(q\|p)$ grows much faster than Pinsker's $2(p-q)^2$.
#
# ## Catoni's bound, minimized over C, is the kl inverse {#catoni-minimum}
#
# For every $C > 0$, Catoni's bound is at least $\operatorname{kl}^{-1}(q, B)$ with
# $B = (\operatorname{KL}(Q\|P) + \ln(1/\delta))/m$, and the infimum over $C$ equals it. We check it
# on a grid of $C$ values.

# %%
import numpy as np

m = 60_000
grid = np.linspace(0.05, 20.0, 4000)
best_catoni = min(catoni_bound(emp_risk, kl, m, delta, C=c) for c in grid)
budget = (kl + np.log(1 / delta)) / m
print(f"min over C of Catoni: {best_catoni:.5f}")
print(f"kl inverse:           {kl_inverse(emp_risk, budget):.5f}")
