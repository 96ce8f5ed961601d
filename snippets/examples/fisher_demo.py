"""Worked examples of the Fisher information chapters; the pages include each section.

Sections run top to bottom in one namespace per page, as a reader would run them; the ``#>``
lines are what they print (tests/test_docs_code.py checks them).
"""

# --8<-- [start:fisher_three_ways]
import numpy as np
import torch

from snippets.fisher import fisher_autograd, gaussian_fisher

mu, sigma = 1.0, 0.5
x = np.random.default_rng(0).normal(mu, sigma, size=(20_000, 1))  # x ~ p(·; μ, σ)


def log_prob(theta, x):  # ln N(x; μ, σ²), theta = (μ, σ)
    return torch.distributions.Normal(theta[0], theta[1]).log_prob(x[0])


outer, hessian = fisher_autograd(log_prob, np.array([mu, sigma]), x)
print(gaussian_fisher(mu, sigma))  # closed form: diag(1/σ², 2/σ²)
print(np.round(outer, 2))  # Monte Carlo, E[s sᵀ]
print(np.round(hessian, 2))  # Monte Carlo, -E[∇² ln p]
#> [[4. 0.]
#>  [0. 8.]]
#> [[ 3.97 -0.04]
#>  [-0.04  7.89]]
#> [[4.   0.04]
#>  [0.04 7.91]]
# --8<-- [end:fisher_three_ways]

# --8<-- [start:kl_quadratic]
from snippets.fisher import bernoulli_fisher, kl_bernoulli, kl_quadratic

p = 0.1
for step in (0.05, 0.01, 0.002):
    exact = kl_bernoulli(p, p + step)
    quadratic = kl_quadratic(np.array([[bernoulli_fisher(p)]]), np.array([step]))
    print(f"Δp = {step}: KL = {exact:.3e}, ½ F Δp² = {quadratic:.3e}, ratio {exact / quadratic:.3f}")
#> Δp = 0.05: KL = 1.090e-02, ½ F Δp² = 1.389e-02, ratio 0.785
#> Δp = 0.01: KL = 5.250e-04, ½ F Δp² = 5.556e-04, ratio 0.945
#> Δp = 0.002: KL = 2.196e-05, ½ F Δp² = 2.222e-05, ratio 0.988
# --8<-- [end:kl_quadratic]

# --8<-- [start:natural_gradient]
from snippets.fisher import natural_gradient, softmax_fisher

F = softmax_fisher(np.array([1.0, 0.0, -1.0]))  # singular: F @ 1 = 0
g = np.array([0.3, -0.1, -0.2])  # a gradient with respect to the logits
try:
    natural_gradient(F, g)
except ValueError as error:
    print("refused:", str(error).split(" (")[0])
print(np.round(natural_gradient(F, g, damping=1e-3), 3))
#> refused: fisher is singular to working precision
#> [ 1.171  0.312 -1.483]
# --8<-- [end:natural_gradient]

# --8<-- [start:invariance]
from snippets.fisher import fit_in_two_parameterizations

# fit N(μ, σ²) to data with mean 1 and std 0.5, from (μ, σ) = (-1, 3),
# once in coordinates (μ, σ) and once in (μ, log σ), up to time lr·steps = 1
for lr in (0.1, 0.05, 0.025):
    runs = fit_in_two_parameterizations(1.0, 0.5, -1.0, 3.0, lr, round(1 / lr))
    natural = np.abs(runs["natural_sigma"][-1] - runs["natural_log_sigma"][-1]).max()
    euclid = np.abs(runs["euclidean_sigma"][-1] - runs["euclidean_log_sigma"][-1]).max()
    print(f"step {lr}: natural runs differ by {natural:.4f}, Euclidean by {euclid:.3f}")
#> step 0.1: natural runs differ by 0.0127, Euclidean by 0.758
#> step 0.05: natural runs differ by 0.0063, Euclidean by 0.753
#> step 0.025: natural runs differ by 0.0031, Euclidean by 0.750
# --8<-- [end:invariance]

# --8<-- [start:logistic]
from snippets.fisher import gradient_descent, logistic_problem, natural_gradient_descent

X, y = logistic_problem(n=200, condition=100.0, seed=0)  # cond(XᵀX/n) = 100
gd = gradient_descent(X, y, np.zeros(2), lr=4.0, steps=1000)  # lr = 1/smoothness
ngd = natural_gradient_descent(X, y, np.zeros(2), lr=1.0, steps=1000)
best = ngd["losses"][-1]
for name, run in (("gradient descent", gd), ("natural gradient", ngd)):
    steps = np.argmax(np.asarray(run["losses"]) < best + 1e-4)
    print(f"{name:16s}: loss within 1e-4 of the minimum after {steps} steps")
#> gradient descent: loss within 1e-4 of the minimum after 818 steps
#> natural gradient: loss within 1e-4 of the minimum after 3 steps
# --8<-- [end:logistic]

# --8<-- [start:empirical_fisher]
import numpy as np
from scipy.optimize import minimize

from snippets.fisher import classification_data, fisher_diagonals, logistic_loss_grad_fisher

# logistic regression, 5 features on scales 0.1 ... 10 (a well-specified model)
X, y = classification_data(n=2000, scales=(0.1, 0.3, 1.0, 3.0, 10.0), seed=0)

loss = lambda w: logistic_loss_grad_fisher(w, X, y)["loss"]  # noqa: E731
w_star = minimize(loss, np.zeros(5), method="BFGS").x  # the minimum of the training loss
for name, w in (("at the minimum", w_star), ("confident and wrong", -3 * w_star)):
    d = fisher_diagonals(w, X, y)
    print(f"{name:20s} F_emp / F =", np.round(d["empirical"] / d["true"], 2))
#> at the minimum       F_emp / F = [1.02 0.97 1.03 1.02 0.93]
#> confident and wrong  F_emp / F = [15.9  16.   16.47 14.84 19.27]
# --8<-- [end:empirical_fisher]

# --8<-- [start:adam]
from snippets.fisher import compare_adam_and_fisher

# the same data; Adam with batches of B = 32 from w = 0
early = compare_adam_and_fisher(X, y, np.zeros(5), lr=1e-3, steps=20, batch_size=32, seed=0)
late = compare_adam_and_fisher(X, y, np.zeros(5), lr=1e-2, steps=3000, batch_size=32, seed=0)
for name, run in (("after 20 steps", early), ("near the minimum", late)):
    print(f"{name}: B·v̂ / F_emp =", np.round(run["batch_v_over_empirical"], 2))
    print(f"{'':16s}  slope of ln(1/√v̂) against ln F: {run['preconditioner_slope']:.2f}")
#> after 20 steps: B·v̂ / F_emp = [2.46 3.17 3.82 3.4  3.4 ]
#>                   slope of ln(1/√v̂) against ln F: -0.51
#> near the minimum: B·v̂ / F_emp = [1.21 0.99 1.07 1.04 1.11]
#>                   slope of ln(1/√v̂) against ln F: -0.49
# --8<-- [end:adam]
