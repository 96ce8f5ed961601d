# %% [markdown]
# # Exploring the Fisher metric {#explore-fisher}
#
# This notebook uses the functions of [the information-geometry chapters](index.md). Change the
# numbers and run it again.
#
# ## Where is a Bernoulli sensitive? {#bernoulli-metric}
#
# The same change $\Delta p = 0.01$ of a Bernoulli's mean, at different $p$: the KL divergence it
# causes, and the Fisher information that predicts it.

# %%
from snippets.fisher import bernoulli_fisher, kl_bernoulli

for p in (0.5, 0.2, 0.05, 0.02):
    exact = kl_bernoulli(p, p + 0.01)
    print(f"p = {p:4}: F(p) = {bernoulli_fisher(p):7.1f}, KL = {exact:.2e}, "
          f"½ F Δp² = {0.5 * bernoulli_fisher(p) * 0.01**2:.2e}")

# %% [markdown]
# Close to 0 the same $\Delta p$ is a much larger change of distribution: the metric is not the
# Euclidean one.
#
# ## Conditioning: gradient descent against the natural gradient {#conditioning}
#
# The chapter's logistic regression, with features scaled so that $X^{\top}X/n$ has condition
# number $\kappa$. Gradient descent (step $1/\text{smoothness}$) needs more steps as $\kappa$
# grows; natural gradient descent does not notice.

# %%
import numpy as np

from snippets.fisher import gradient_descent, logistic_problem, natural_gradient_descent


def steps_to(losses, target):
    below = np.asarray(losses) < target
    return int(np.argmax(below)) if below.any() else None


for condition in (1.0, 10.0, 100.0):
    X, y = logistic_problem(n=200, condition=condition, seed=0)
    ngd = natural_gradient_descent(X, y, np.zeros(2), lr=1.0, steps=20)
    gd = gradient_descent(X, y, np.zeros(2), lr=4.0, steps=2000)
    target = ngd["losses"][-1] + 1e-4
    print(f"κ = {condition:5.0f}: GD {steps_to(gd['losses'], target)} steps, "
          f"NGD {steps_to(ngd['losses'], target)} steps")

# %% [markdown]
# ## Move the condition number yourself {#conditioning-explorer}
#
# The same two methods on the same problem, for condition numbers from 1 to 1000. Every number here
# was computed, on a grid of the parameters' values, by `losses_at` in `snippets/fisher/explorers.py`,
# which runs `gradient_descent` and `natural_gradient_descent`; the sliders move between the points
# of that grid.
#
# ```explorer id="fisher-conditioning" fn="fisher.explorers:losses_at" x="step" sliders="condition=1:1000:13:log@100 step=1:1000:16:log:int@25"
# condition: condition number κ
# step: step t
# gd: gradient descent, −η∇L
# ngd: natural gradient, −ηF⁻¹∇L
# y: training loss, nats
# alt: Training loss against the step for gradient descent and natural gradient descent; as the condition number grows, gradient descent needs ever more steps
# ---
# The training loss after $t$ steps of each method, both from $w = 0$. Natural gradient descent
# reaches the minimum in a handful of steps at every $\kappa$; gradient descent slows down as
# $\kappa$ grows.
# ```
#
# ## Adam's second moment and the batch size {#batch-size}
#
# Near the minimum, Adam's $\hat v$ estimates the empirical Fisher divided by the batch size $B$.
# Multiply by $B$ and compare, for several $B$:

# %%
from snippets.fisher import classification_data, compare_adam_and_fisher

X, y = classification_data(n=2000, scales=(0.1, 0.3, 1.0, 3.0, 10.0), seed=0)
for batch in (8, 32, 128):
    run = compare_adam_and_fisher(X, y, np.zeros(5), lr=1e-2, steps=3000, batch_size=batch, seed=0)
    print(f"B = {batch:3d}: B·v̂ / F_emp = {np.round(run['batch_v_over_empirical'], 2)}")

# %% [markdown]
# The ratios stay between about 0.9 and 1.3 for every $B$: $\hat v$ scales like $1/B$, the
# sampling variance of a mini-batch mean. What is left is the noise of a moving average of
# heavy-tailed squared gradients. (With $B$ close to $n$ the factor $(n-B)/(B(n-1))$ from the
# chapter, rather than $1/B$, is the exact one.)
#
# ## Try it yourself {#try}
#
# - Change the features' `scales` so that they are all equal: what happens to Adam's advantage?
# - Start Adam far from the minimum (more `lr`, fewer `steps`) and watch $B\hat v / F_{\mathrm{emp}}$
#   move away from 1.
