# %% [markdown]
# # Compressing a network by hand {#explore-compression}
#
# This notebook uses the functions of [the compression chapter](index.md). It starts from the
# committed code of the digits network, 402 bits, rebuilds the network from them, and then lets
# you change the number of examples, the code length and the bits of the code itself.
#
# ## How much a bit costs {#price-of-a-bit}
#
# Occam's bound for a classifier with 2% training error, for codes from 100 to 100,000 bits and
# training sets of different sizes. Each bit costs $\ln 2/m$ in the kl divergence, so a bound stays
# useful while the code is a small fraction of the number of examples $m$.

# %%
from snippets.compression import occam_bound

for m in (1_000, 10_000, 100_000):
    bounds = [occam_bound(0.02, bits, m, 0.025) for bits in (100, 1_000, 10_000, 100_000)]
    print(f"m = {m:>7,}: " + "  ".join(f"{b:.3f}" for b in bounds))

# %% [markdown]
# ## The network in 402 bits {#decode}
#
# The string below is the whole network: the decoder needs nothing else. Decoding it gives the
# layer sizes, the codebooks and the indices, and the network's predictions on the digits.

# %%
import numpy as np

from snippets.compression import decode_network, load_results, to_mlp
from snippets.dziugaite import error_rate, load_digits_binary

bits = load_results("full")["digits"]["best"]["code"]
network = decode_network(bits)
mlp, w = to_mlp(network)
x_train, y_train, x_test, y_test = load_digits_binary(seed=0)
for layer, group in enumerate(network.groups, start=1):
    print(f"layer {layer}: {group.n} weights share the values {np.round(group.codebook, 3).tolist()}")
print(f"train error {error_rate(mlp, w, x_train, y_train):.3f}, test error {error_rate(mlp, w, x_test, y_test):.3f}")

# %% [markdown]
# ## Change one bit {#flip-a-bit}
#
# Every string the encoder can write decodes to exactly one network, and the decoder refuses every
# other string. Flip one bit of the code and see what happens: a different network (with its own
# errors), or a string that is no network's code. Try other positions, or cut the string short.

# %%
for position in (0, 5, 40, 200, 401):
    flipped = bits[:position] + ("1" if bits[position] == "0" else "0") + bits[position + 1 :]
    try:
        mlp_f, w_f = to_mlp(decode_network(flipped))
        print(f"bit {position:>3}: a network of sizes {mlp_f.layer_sizes}, "
              f"train error {error_rate(mlp_f, w_f, x_train, y_train):.3f}")
    except ValueError as error:
        print(f"bit {position:>3}: not a code: {str(error)[:70]}")
