"""Worked examples of the MDL chapters; the pages include each section and show its output.

Sections run top to bottom in one namespace per page, as a reader would run them; the ``#>``
lines are what they print (tests/test_docs_code.py checks them).
"""

# --8<-- [start:compressors]
from snippets.mdl import compressed_bits, structured_and_random_bytes

examples = structured_and_random_bytes(1900, seed=0)  # four byte strings
for name, data in examples.items():
    bits = {m: compressed_bits(data, m) for m in ("zlib", "bz2", "lzma")}
    best = min(bits.values())
    print(f"{name:17s} {8 * len(data)} bits -> at most {best:5d} bits")
#> repeated pattern  15200 bits -> at most   272 bits
#> English text      15200 bits -> at most  7464 bits
#> digits of pi      15200 bits -> at most  7040 bits
#> random            15200 bits -> at most 15232 bits
# --8<-- [end:compressors]

# --8<-- [start:shannon]
from snippets.mdl import code_lengths_bits, entropy_bits, kraft_sum

p = [0.5, 0.25, 0.125, 0.125]  # four symbols
print(code_lengths_bits(p))  # -log2 p(x): the ideal lengths
print(kraft_sum([1, 2, 3, 3]), entropy_bits(p))
#> [1. 2. 3. 3.]
#> 1.0 1.75
# --8<-- [end:shannon]

# --8<-- [start:huffman]
from snippets.mdl import expected_length, huffman_code, huffman_decode, huffman_encode

p = [0.4, 0.3, 0.2, 0.1]
code = huffman_code(p)
print(code)
print(f"H = {entropy_bits(p):.3f} <= L = {expected_length(p, code):.3f} < H + 1")
bits = huffman_encode([0, 3, 1, 0], code)
print(bits, huffman_decode(bits, code))
#> {0: '0', 1: '10', 2: '111', 3: '110'}
#> H = 1.846 <= L = 1.900 < H + 1
#> 0110100 [0, 3, 1, 0]
# --8<-- [end:huffman]

# --8<-- [start:arithmetic]
import math

import numpy as np

from snippets.mdl import arithmetic_decode, arithmetic_encode

rng = np.random.default_rng(0)
message = rng.choice(4, size=1000, p=p).tolist()  # 1,000 symbols drawn from p
ideal = -sum(math.log2(p[s]) for s in message)  # -log2 p(x^n)
bits = arithmetic_encode(message, p)
print(f"arithmetic: {len(bits)} bits, ideal {ideal:.1f}")
print(f"Huffman:    {len(huffman_encode(message, code))} bits")
print(arithmetic_decode(bits, len(message), p) == message)
#> arithmetic: 1868 bits, ideal 1866.5
#> Huffman:    1949 bits
#> True
# --8<-- [end:arithmetic]

# --8<-- [start:two_part]
from snippets.mdl import (
    select_degree_bic,
    select_degree_cv,
    select_degree_mdl,
    two_part_code_length,
)
from snippets.mdl.figures import chapter_data

x, y = chapter_data()  # 150 noisy points of 0.5 - x - x² + 2x³
for degree in (1, 2, 3, 4, 8):
    c = two_part_code_length(x, y, degree)  # 8 bits per parameter
    print(f"degree {degree}: L(H) = {c['model_bits']:3.0f}, "
          f"L(D|H) = {c['data_bits']:6.1f}, total {c['total_bits']:6.1f} bits")
print("MDL:", select_degree_mdl(x, y, max_degree=10),
      " BIC:", select_degree_bic(x, y, max_degree=10),
      " 5-fold CV:", select_degree_cv(x, y, max_degree=10))
#> degree 1: L(H) =  27, L(D|H) = 1172.1, total 1199.1 bits
#> degree 2: L(H) =  35, L(D|H) = 1125.0, total 1160.0 bits
#> degree 3: L(H) =  45, L(D|H) = 1033.0, total 1078.0 bits
#> degree 4: L(H) =  53, L(D|H) = 1033.0, total 1086.0 bits
#> degree 8: L(H) =  87, L(D|H) = 1030.0, total 1117.0 bits
#> MDL: 3  BIC: 3  5-fold CV: 3
# --8<-- [end:two_part]

# --8<-- [start:coin]
import numpy as np

from snippets.mdl import coin_code_lengths

thetas = np.array([0.1, 0.3, 0.5, 0.7, 0.9])  # five hypotheses for P(heads)
prior = np.array([0.1, 0.1, 0.6, 0.1, 0.1])  # a prior that favours a fair coin
codes = coin_code_lengths(heads=14, tails=6, thetas=thetas, prior=prior)
for name in ("prior_bits", "data_bits", "total_bits"):
    print(f"{name:10s}", np.round(codes[name], 1))
print("shortest code:", thetas[np.argmin(codes["total_bits"])],
      " MAP:", thetas[np.argmax(codes["posterior"])])
#> prior_bits [3.3 3.3 0.7 3.3 3.3]
#> data_bits  [47.4 27.4 20.  17.6 22.1]
#> total_bits [50.7 30.7 20.7 20.9 25.4]
#> shortest code: 0.5  MAP: 0.5
# --8<-- [end:coin]

# --8<-- [start:map_parametrization]
import math

from snippets.mdl import bernoulli_two_part_code, beta_bernoulli_map

print("    n  MAP in p  MAP in logit  two-part p  width  1/sqrt(nI)  regret  log2(n)/2")
for heads, tails in [(14, 6), (140, 60), (1400, 600)]:  # 70% heads, uniform prior Beta(1, 1)
    n = heads + tails
    code = bernoulli_two_part_code(heads, tails, a=1, b=1)
    best_fit_bits = -heads * math.log2(0.7) - tails * math.log2(0.3)  # -log2 p(D | 0.7)
    print(f"{n:5d}  {beta_bernoulli_map(heads, tails, 1, 1, 'p'):8.4f}  "
          f"{beta_bernoulli_map(heads, tails, 1, 1, 'logit'):12.4f}  {code['p']:10.4f}  "
          f"{code['width']:5.3f}  {math.sqrt(0.7 * 0.3 / n):10.3f}  "  # I(p) = 1 / (p (1 - p))
          f"{code['total_bits'] - best_fit_bits:6.1f}  {math.log2(n) / 2:9.1f}")
#>     n  MAP in p  MAP in logit  two-part p  width  1/sqrt(nI)  regret  log2(n)/2
#>    20    0.7000        0.6818      0.7500  0.500       0.102     2.2        2.2
#>   200    0.7000        0.6980      0.7500  0.500       0.032     3.8        3.8
#>  2000    0.7000        0.6998      0.6875  0.125       0.010     7.1        5.5
# --8<-- [end:map_parametrization]

# --8<-- [start:ridge]
from snippets.mdl import ridge_lambda, ridge_map

rng = np.random.default_rng(0)
X = rng.standard_normal((50, 5))
y = X @ np.array([1.0, -2.0, 0.0, 0.5, 0.0]) + 0.5 * rng.standard_normal(50)
sigma_noise, sigma_prior = 0.5, 1.0
lam = ridge_lambda(sigma_noise, sigma_prior)  # σ_noise² / σ_prior²
w_map = ridge_map(X, y, sigma_noise, sigma_prior)
w_ridge = np.linalg.solve(X.T @ X + lam * np.eye(5), X.T @ y)
print(lam, np.allclose(w_map, w_ridge))
#> 0.25 True
# --8<-- [end:ridge]

# --8<-- [start:weight_decay]
import torch

from snippets.mdl import sgd_step_with_weight_decay, weight_decay_prior_variance

w = np.array([1.0, -2.0, 3.0])
grad = np.array([0.1, 0.2, -0.3])  # gradient of the data's code length
step = sgd_step_with_weight_decay(w, grad, lr=0.1, weight_decay=0.01)
# the same step by autograd on loss + (wd/2)||w||², the Gaussian prior's code
w_t = torch.tensor(w, requires_grad=True)
objective = (torch.tensor(grad) * w_t).sum() + 0.01 / 2 * (w_t**2).sum()
objective.backward()
print(np.allclose(step, w - 0.1 * w_t.grad.numpy()))
print(weight_decay_prior_variance(0.01, n=50_000))  # σ² for a mean loss
#> True
#> 0.002
# --8<-- [end:weight_decay]

# --8<-- [start:adamw]
from snippets.mdl import adam_l2_vs_adamw

wd, n = 0.5, len(y)
runs = adam_l2_vs_adamw(X, y, w0=np.zeros(5), lr=0.05, weight_decay=wd, steps=500)
# MAP of the mean loss with prior N(0, I/(n wd)): (XᵀX/n + wd I) w = Xᵀy/n
w_map = np.linalg.solve(X.T @ X / n + wd * np.eye(5), X.T @ y / n)
print("MAP:      ", np.round(w_map, 3))
print("Adam + L2:", np.round(runs["adam_l2"][-1], 3))
print("AdamW:    ", np.round(runs["adamw"][-1], 3))
#> MAP:       [ 0.42  -1.27  -0.073  0.215  0.019]
#> Adam + L2: [ 0.42  -1.27  -0.073  0.215  0.019]
#> AdamW:     [ 0.819 -1.495 -0.086  0.38   0.002]
# --8<-- [end:adamw]

# --8<-- [start:kl_bits]
from snippets.mdl import entropy_bits, extra_code_length_bits

q = np.array([0.7, 0.2, 0.1])  # the distribution the data come from
p = np.array([1 / 3, 1 / 3, 1 / 3])  # the code we use
cross = -np.sum(q * np.log2(p))  # expected length with p's code
print(f"{cross:.4f} - {entropy_bits(q):.4f} = {extra_code_length_bits(q, p):.4f} bits")
# a point mass on one hypothesis h: the extra bits are h's code length under p
print(extra_code_length_bits([0.0, 1.0, 0.0], p), -np.log2(p[1]))
#> 1.5850 - 1.1568 = 0.4282 bits
#> 1.5849625007211563 1.5849625007211563
# --8<-- [end:kl_bits]
