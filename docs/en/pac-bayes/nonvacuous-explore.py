# %% [markdown]
# # Computing the bound by hand {#nonvacuous-explore}
#
# This notebook runs the steps of [the chapter](nonvacuous.md) one at a time, short enough to
# change and rerun in seconds on a laptop. Download it, change a number, and watch the bound move.
#
# ## Train, then make the network stochastic {#train}

# %%
import math

from snippets.dziugaite import (
    error_rate,
    kl_to_prior,
    load_digits_binary,
    optimize_posterior,
    pac_bayes_kl_bound,
    round_lambda,
    sample_convergence_bound,
    snn_error_mc,
    train_sgd,
)

x_train, y_train, x_test, y_test = load_digits_binary(seed=0)
m = x_train.shape[0]
w0, w, mlp = train_sgd(x_train, y_train, hidden=(100,), epochs=20, lr=0.1, seed=0)
posterior = optimize_posterior(mlp, w0, w, x_train, y_train, epochs=150, lr=0.01, seed=0,
                               optimizer="adam", log_s_init=-3.0, progress=False)
q_w, q_log_s = posterior["w"], posterior["log_s"]
lam, j = round_lambda(math.exp(posterior["log_lam"]))
print(f"SGD network: train error {error_rate(mlp, w, x_train, y_train):.3f}, "
      f"test error {error_rate(mlp, w, x_test, y_test):.3f}")
print(f"prior variance lambda_{j} = {lam:.4f}; typical posterior std s = {q_log_s.exp().median():.4f}")


# %% [markdown]
# The final bound takes a posterior and returns the certified error. We wrap it once, so each
# experiment below is one line: 400 Monte Carlo draws keep it fast (the sample convergence bound
# pays for the small number honestly).

# %%
def certify(mean, log_s, prior_mean, n=400):
    """SNN train error, KL and the PAC-Bayes-kl bound (delta = 0.025, delta' = 0.01)."""
    err = snn_error_mc(mlp, mean, log_s, x_train, y_train, n_samples=n, seed=0)
    kl = float(kl_to_prior(mean, log_s, prior_mean, math.log(lam)))
    bound = pac_bayes_kl_bound(sample_convergence_bound(err, n, 0.01), kl, m, delta=0.025, j=j)
    return err, kl, bound


err, kl, bound = certify(q_w, q_log_s, w0)
print(f"optimized posterior: SNN train error {err:.3f}, KL {kl:,.0f} nats, bound {bound:.3f}")

# %% [markdown]
# ## How wide should the posterior be? {#width}
#
# Multiply every posterior standard deviation by the same factor. Narrower than the optimum, the
# network barely changes but each weight pays $\ln(\lambda/s_i^2)$ in the KL. Wider, the KL
# shrinks but the noise starts to flip predictions. The optimizer found the balance; check it:

# %%
for factor in (0.25, 0.5, 1.0, 1.5, 2.0, 3.0):
    err, kl, bound = certify(q_w, q_log_s + math.log(factor), w0)
    print(f"s x {factor:4}: SNN train error {err:.3f}   KL {kl:9,.0f}   bound {bound:.3f}")

# %% [markdown]
# ## Why the prior is centred at the initialization {#prior-mean}
#
# The prior may be any distribution fixed before seeing the data. Dziugaite & Roy centre it at the
# random initialization $w_0$, which is drawn before training. A prior centred at zero, the usual
# choice for weight decay, is just as legal; the KL then charges $\|w\|^2/\lambda$ instead of
# $\|w - w_0\|^2/\lambda$, the whole length of the weights instead of how far training moved them:

# %%
import torch

for name, centre in (("w0 (initialization)", w0), ("zero", torch.zeros_like(w0))):
    err, kl, bound = certify(q_w, q_log_s, centre)
    print(f"prior mean {name:20s} KL {kl:9,.0f} nats   bound {bound:.3f}")
print(f"||w - w0|| = {float((q_w - w0).norm()):.2f},  ||w|| = {float(q_w.norm()):.2f},  "
      f"||w0|| = {float(w0.norm()):.2f}")

# %% [markdown]
# On this network the initialization is short (the authors' normal with standard deviation 0.04,
# truncated at two deviations), so here the two priors differ by less than a hundred nats. What
# the centre buys depends on how long $w_0$ is compared with the distance training travels.

# %% [markdown]
# ## Try it yourself {#try}
#
# - Give the optimizer more epochs (`epochs=600` is the quick mode of `nox -s reproduce`): how far
#   does the bound fall?
# - Train on random labels, `y_train = random_labels(y_train, seed=1)` (from `snippets.dziugaite`),
#   with `epochs=500` for SGD, and run the cells again. The SGD network still fits; the bound does
#   not come down.
# - Widen the network to `hidden=(300,)`: more parameters, and a looser bound on the same data.
