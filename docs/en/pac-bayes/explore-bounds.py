# %% [markdown]
# # Exploring the PAC-Bayes bounds {#explore-bounds}
#
# This page is a notebook: it runs when the site is built, and you can download it and run it
# yourself. It uses the same functions as the chapter, from the `snippets` package.
#
# ## Move the bounds yourself {#bounds-explorer}
#
# Each point of the chart and every number under it was computed, on a grid of the parameters'
# values, by `bounds_at` in `snippets/pacbayes/explorers.py`, which calls the chapter's three bound
# functions; the sliders move between the points of that grid.
#
# ```explorer id="pb-bounds" fn="pacbayes.explorers:bounds_at" x="kl" sliders="kl=0:10000:11@5000 m=1000:1000000:13:log:int@60000 emp_risk=0:0.2:11@0.04" ylim="0:1.2" hline="1"
# kl: KL(Q‖P), nats
# m: training examples m
# emp_risk: empirical risk
# mcallester: McAllester
# maurer_kl: Maurer (kl)
# catoni: Catoni, C = 2
# y: bound on R(Q)
# alt: Three PAC-Bayes bounds on the risk grow with KL(Q‖P); the dotted line at 1 marks where a bound says nothing
# ---
# The three bounds at confidence $1-\delta = 0.95$ as $\operatorname{KL}(Q\|P)$ grows, for the
# sample size and empirical risk the sliders set. Above the dotted line at 1 a bound is vacuous.
# ```
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
