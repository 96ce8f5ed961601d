"""Worked examples of the scaling-laws chapter; the page includes each section.

Sections run top to bottom in one namespace per page, as a reader would run them; the ``#>``
lines are what they print (tests/test_docs_code.py checks them).
"""

# --8<-- [start:published_laws]
from snippets.scaling import chinchilla_loss, compute_optimal, kaplan_loss

# Losses in nats per token of each paper's own tokenizer and data: compare within a row, not across.
for n in (1e8, 1e9, 1e10):
    print(f"N = {n:.0e}: Kaplan L(N) = {kaplan_loss(n):.3f}, Chinchilla L(N, 20N) = {chinchilla_loss(n, 20 * n):.3f}")

budget = compute_optimal(5.76e23)  # FLOPs: the budget of Gopher and Chinchilla
print(f"N_opt = {budget['n_params']:.3g} parameters, D_opt = {budget['n_tokens']:.3g} tokens, "
      f"D/N = {budget['n_tokens'] / budget['n_params']:.0f}")
# The paper trained Chinchilla with 70B parameters on 1.4T tokens (D/N = 20). The closed form with
# the rounded Approach 3 constants gives a smaller model trained on more tokens: the three
# approaches of the paper do not agree exactly, and the constants are rounded.
#> N = 1e+08: Kaplan L(N) = 2.830, Chinchilla L(N, 20N) = 3.486
#> N = 1e+09: Kaplan L(N) = 2.376, Chinchilla L(N, 20N) = 2.580
#> N = 1e+10: Kaplan L(N) = 1.994, Chinchilla L(N, 20N) = 2.133
#> N_opt = 3.22e+10 parameters, D_opt = 2.98e+12 tokens, D/N = 93
# --8<-- [end:published_laws]

# --8<-- [start:bits]
from snippets.scaling import bits_per_character

print(f"{bits_per_character(1.69):.3f} bits per token")  # Chinchilla's E = 1.69 nats per token
# a tokenizer that turns 4,000 characters into 1,000 tokens: a quarter of that per character
print(f"{bits_per_character(1.69, tokens=1_000, characters=4_000):.3f} bits per character")
#> 2.438 bits per token
#> 0.610 bits per character
# --8<-- [end:bits]

# --8<-- [start:fit]
from snippets.scaling import fit_power_law, load_results

data = load_results("full")  # written by python -m snippets.scaling --mode full
sizes = [row["n_params"] for row in data["rows"]]
losses = [row["val_loss"] for row in data["rows"]]  # nats per character, held-out files
fit = fit_power_law(sizes, losses)
print(f"{len(sizes)} sizes, N = {sizes[0]:,} to {sizes[-1]:,}")
print(f"alpha = {fit['alpha']:.3f} ± {fit['alpha_se']:.3f}")
print(f"E = {fit['E']:.2f} ± {fit['E_se']:.2f} nats = {bits_per_character(fit['E']):.2f} bits per character")
without_smallest = fit_power_law(sizes[1:], losses[1:])
print(f"without the smallest model: alpha = {without_smallest['alpha']:.3f} ± {without_smallest['alpha_se']:.3f}")
#> 8 sizes, N = 252 to 233,680
#> alpha = 0.121 ± 0.020
#> E = 0.54 ± 0.26 nats = 0.77 bits per character
#> without the smallest model: alpha = 0.167 ± 0.023
# --8<-- [end:fit]
