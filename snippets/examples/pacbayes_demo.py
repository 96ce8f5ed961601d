"""Worked examples of the PAC-Bayes chapter; the page includes each section and shows its output.

The ``#>`` lines are what the code prints; tests/test_docs_code.py runs every section as the
page shows it and checks them.
"""

# --8<-- [start:classical_vc]
from snippets.pacbayes import mlp_parameter_count, vc_bound

W = mlp_parameter_count([784, 600, 1])  # one hidden layer of 600 units on 28×28 images
m = 60_000  # MNIST's training set
print(W)
#> 471601
# Some networks of W weights have a VC dimension at least of the order of W (Bartlett et al. 2019
# construct them); even taking d = W, a network with zero training error gets a bound above 1.
print(f"{vc_bound(0.0, W, m, delta=0.05):.3f}")
#> 1.182
# --8<-- [end:classical_vc]

# --8<-- [start:classical_rademacher]
import numpy as np

from snippets.pacbayes import empirical_rademacher, fit_random_labels, rademacher_bound

rng = np.random.default_rng(0)
m = 200
x = rng.standard_normal((m, 20))  # 200 inputs in 20 dimensions
sigmas = rng.choice([-1, 1], size=(5, m))  # 5 draws of random ±1 labels
fits = np.stack([fit_random_labels(x, s, hidden=256, seed=i) for i, s in enumerate(sigmas)])
rad = empirical_rademacher(fits, sigmas)  # the MLP fits every labelling: ≈ 1
print(f"{rad:.2f}")
#> 1.00
print(f"{rademacher_bound(0.0, rad, m, delta=0.05):.2f}")
#> 1.29
# --8<-- [end:classical_rademacher]

# --8<-- [start:three_bounds]
from snippets.pacbayes import catoni_bound, maurer_kl_bound, mcallester_bound

# A stochastic network with 3% training error on m = 60,000 examples, KL(Q‖P) = 5,000 nats
emp_risk, kl, m, delta = 0.03, 5000.0, 60_000, 0.05
print(f"McAllester   {mcallester_bound(emp_risk, kl, m, delta):.4f}")
#> McAllester   0.2343
print(f"Maurer (kl)  {maurer_kl_bound(emp_risk, kl, m, delta):.4f}")
#> Maurer (kl)  0.1539
print(f"Catoni, C=2  {catoni_bound(emp_risk, kl, m, delta, C=2.0):.4f}")
#> Catoni, C=2  0.1545
# --8<-- [end:three_bounds]

# --8<-- [start:gaussian_kl]
from snippets.pacbayes import kl_diag_gaussians

rng = np.random.default_rng(1)
w0 = rng.normal(0.0, 0.05, size=W)  # prior mean: the random initialization
w = w0 + rng.normal(0.0, 0.01, size=W)  # posterior mean: where training moved the weights
prior_sigma = np.full(W, 0.05)  # P = N(w0, 0.05² I)
# Q = N(w, s² I): narrow, or as wide as the prior. If Q's training error stayed at 3% either way:
for s in (0.01, 0.05):
    kl = kl_diag_gaussians(w, np.full(W, s), w0, prior_sigma)
    print(f"s = {s}: KL = {kl:6.0f} nats, bound {maurer_kl_bound(0.03, kl, m, delta):.3f}")
#> s = 0.01: KL = 542052 nats, bound 1.000
#> s = 0.05: KL =   9408 nats, bound 0.225
# --8<-- [end:gaussian_kl]
