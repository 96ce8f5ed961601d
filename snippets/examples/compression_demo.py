"""Worked examples of the compression chapter; the page includes each section.

The sections run top to bottom in one namespace, as a reader would run them; the ``#>`` lines are
what they print (tests/test_docs_code.py checks them). They read the committed results of
``python -m snippets.compression`` (results/compression-full.json) instead of training again.
"""

# --8<-- [start:occam]
from snippets.compression import occam_bound, pointmass_pac_bayes_bound

# A classifier written in L = 1,000 bits that errs on 2% of m = 10,000 examples
print(f"Occam:            {occam_bound(0.02, 1000, 10_000, 0.025):.4f}")
print(f"PAC-Bayes, point: {pointmass_pac_bayes_bound(0.02, 1000, 10_000, 0.025):.4f}")
#> Occam:            0.1200
#> PAC-Bayes, point: 0.1206
# --8<-- [end:occam]

# --8<-- [start:decode]
from snippets.compression import code_length_parts, decode_network, load_results, to_mlp
from snippets.dziugaite import error_rate, load_digits_binary

best = load_results("full")["digits"]["best"]
bits = best["code"]  # the whole network, as a string of 0s and 1s
print(len(bits), bits[:40] + "...")
#> 402 0001110000001010001100101111010110011110...

network = decode_network(bits)  # nothing else is needed to rebuild it
mlp, w = to_mlp(network)
x_train, y_train, x_test, y_test = load_digits_binary(seed=0)
print(mlp.layer_sizes, "train errors:", round(error_rate(mlp, w, x_train, y_train) * len(y_train)))
#> (64, 2, 1) train errors: 98
parts = code_length_parts(network)  # where the bits go
print({part: parts[part] for part in ("family", "config", "codebook_sizes", "codebooks", "counts", "indices")})
#> {'family': 1, 'config': 16, 'codebook_sizes': 9, 'codebooks': 112, 'counts': 19, 'indices': 245}
print(f"indices: {parts['indices']} bits, their Shannon length {parts['ideal_indices']:.1f}")
#> indices: 245 bits, their Shannon length 242.6
# --8<-- [end:decode]
