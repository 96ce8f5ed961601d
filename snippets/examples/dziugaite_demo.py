"""Worked examples of the chapter on Dziugaite & Roy (2017); the page includes each section.

The sections run top to bottom in one namespace, as a reader would run them; the ``#>`` lines are
what they print (tests/test_docs_code.py checks them). They are a short version of
``snippets.dziugaite.experiment.run`` (150 epochs of bound optimization instead of 4,000, 1,000
Monte Carlo draws instead of 150,000), so their bound is looser than the results table's.
"""

# --8<-- [start:data]
from snippets.dziugaite import load_digits_binary

# scikit-learn's 1,797 digits of 8×8 pixels; label 1 for 5–9, 0 for 0–4
x_train, y_train, x_test, y_test = load_digits_binary(seed=0)
m = x_train.shape[0]
print(x_train.shape, x_test.shape, f"share of 5-9: {y_train.mean():.2f}")
#> (1438, 64) (359, 64) share of 5-9: 0.51
# --8<-- [end:data]

# --8<-- [start:sgd]
from snippets.dziugaite import error_rate, train_sgd

# A 64-100-1 ReLU network: w0 is its random initialization,
# w its weights after 20 epochs of SGD
w0, w, mlp = train_sgd(x_train, y_train, hidden=(100,), epochs=20,
                       lr=0.1, seed=0)
print(f"{mlp.n_params} parameters for m = {m} examples")
#> 6601 parameters for m = 1438 examples
train_err = error_rate(mlp, w, x_train, y_train)
test_err = error_rate(mlp, w, x_test, y_test)
print(f"train error {train_err:.3f}, test error {test_err:.3f}")
#> train error 0.006, test error 0.014
# --8<-- [end:sgd]

# --8<-- [start:optimize]
from snippets.dziugaite import optimize_posterior

# Minimize the relaxed bound over Q = N(w, diag(s²)) and the prior
# variance λ, starting from SGD's w
posterior = optimize_posterior(
    mlp, w0, w, x_train, y_train, epochs=150, lr=0.01, seed=0,
    optimizer="adam", log_s_init=-3.0, progress=False,
)
for epoch, _, _, kl, bre in posterior["history"][49::50]:
    print(f"epoch {epoch:3d}: KL(Q||P) = {kl:4.0f} nats, B_RE = {bre:.3f}")
#> epoch  50: KL(Q||P) =  888 nats, B_RE = 0.633
#> epoch 100: KL(Q||P) =  770 nats, B_RE = 0.549
#> epoch 150: KL(Q||P) =  621 nats, B_RE = 0.445
# --8<-- [end:optimize]

# --8<-- [start:evaluate]
import math

from snippets.dziugaite import (
    kl_to_prior,
    pac_bayes_kl_bound,
    round_lambda,
    sample_convergence_bound,
    snn_error_mc,
)

q_w, q_log_s = posterior["w"], posterior["log_s"]
n = 1_000  # weight vectors drawn from Q (the paper: 150,000)
err_mc = snn_error_mc(mlp, q_w, q_log_s, x_train, y_train,
                      n_samples=n, seed=0)
err_bound = sample_convergence_bound(err_mc, n, delta_prime=0.01)
lam, j = round_lambda(math.exp(posterior["log_lam"]))  # nearest λ_j
kl = float(kl_to_prior(q_w, q_log_s, w0, math.log(lam)))
bound = pac_bayes_kl_bound(err_bound, kl, m, delta=0.025, j=j)
print(f"SNN train error {err_mc:.3f} <= {err_bound:.3f} (w.p. 0.99)")
#> SNN train error 0.039 <= 0.062 (w.p. 0.99)
print(f"lambda_{j} = {lam:.4f}, KL = {kl:.0f} nats")
#> lambda_39 = 0.0677, KL = 621 nats
print(f"bound on the SNN's risk: {bound:.3f}")
#> bound on the SNN's risk: 0.492
# --8<-- [end:evaluate]

# --8<-- [start:vc]
from snippets.dziugaite import vc_bound_for_mlp, vc_dimension_estimate

layers = [64, 100, 1]
d = vc_dimension_estimate(layers)  # W·L·log2(W): W = 6,601, L = 3
vc = vc_bound_for_mlp(train_err, layers, m, delta=0.025)
print(f"d ≈ {d:,.0f}, VC bound {vc:.2f}")
#> d ≈ 251,270, VC bound 1.22
# --8<-- [end:vc]
