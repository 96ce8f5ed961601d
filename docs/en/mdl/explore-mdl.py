# %% [markdown]
# # Compressing by hand {#explore-mdl}
#
# This notebook uses the functions of [the MDL chapters](index.md) on inputs you choose. Download
# it, replace the text or the numbers, and run it again.
#
# ## A code for your own text {#your-text}
#
# Count the letters of a text, turn the frequencies into a distribution, and build a Huffman
# code for it. Frequent letters get short codewords, and the average length lands between the
# entropy and the entropy plus one bit. When every probability is a power of two the codewords
# reach the entropy exactly: for three letters with probabilities 1/2, 1/4 and 1/4 the entropy is
# {{= mdl:entropy_bits([0.5, 0.25, 0.25]) | .1f }} bits per letter, and so is the average length of
# the codewords 0, 10 and 11.

# %%
import math
from collections import Counter

from snippets.mdl import entropy_bits, expected_length, huffman_code

text = (
    "a code is a probability distribution and a probability distribution is a code "
    "so the shortest description of the data is the most probable explanation of it"
)
counts = Counter(text)
symbols = sorted(counts)
p = [counts[s] / len(text) for s in symbols]
code = huffman_code(p)
for i in sorted(range(len(symbols)), key=lambda i: -p[i])[:6]:
    print(f"{symbols[i]!r}: p = {p[i]:.3f}, codeword {code[i]}")
fixed = math.ceil(math.log2(len(symbols)))  # the same length for every letter
print(f"entropy {entropy_bits(p):.3f} bits/letter, Huffman {expected_length(p, code):.3f}, "
      f"fixed-length {fixed} bits")

# %% [markdown]
# ## The whole message at once {#arithmetic}
#
# Arithmetic coding spends $-\log_2 p(x^n)$ bits on the whole message, plus at most two. With
# the letter frequencies of the text itself as the model, it gets closer to the entropy than
# Huffman's whole-bit codewords can:

# %%
from snippets.mdl import arithmetic_decode, arithmetic_encode, huffman_encode

message = [symbols.index(ch) for ch in text]
ideal = -sum(math.log2(p[s]) for s in message)
arith = arithmetic_encode(message, p)
print(f"ideal {ideal:.1f} bits, arithmetic {len(arith)}, Huffman {len(huffman_encode(message, code))}")
print("decodes back:", arithmetic_decode(arith, len(message), p) == message)

# %% [markdown]
# A real compressor must also send the model (here, the letter frequencies); the two-part code
# below does exactly that for a polynomial.
#
# ## Move the code yourself {#code-length-explorer}
#
# The two-part code of the chapter's data (150 points of a cubic) by polynomials of every degree
# up to 10. Every number here was computed, on a grid of the parameters' values, by
# `code_length_at` in `snippets/mdl/explorers.py`, which calls `two_part_code_length`; the sliders
# move between the points of that grid.
#
# ```explorer id="mdl-code-length" fn="mdl.explorers:code_length_at" x="degree" sliders="degree=0:10:11:int@3 precision_bits=1:16:16:int@8 noise_std=0.1:1.5:8@0.3"
# degree: polynomial degree d
# precision_bits: bits per parameter b
# noise_std: noise standard deviation σ
# model_bits: L(H)
# data_bits: L(D|H) − n log₂(1/ε)
# total_bits: L(H) + L(D|H) − n log₂(1/ε)
# y: code length, bits
# alt: Two-part code lengths against the polynomial degree: the model's bits grow with the degree, the data's bits fall, and their sum has a minimum
# ---
# The model's bits $L(H)$ grow with the degree, the data's bits $L(D|H)$ fall, and MDL picks the
# degree where their sum is smallest. Every degree spends the same $n \log_2(1/\varepsilon)$ bits on
# the data's precision $\varepsilon = 0.01$; the curves leave them out.
# ```
#
# ## How precise should the parameters be? {#precision}
#
# The two-part code states each parameter with $b$ bits. Too few bits, and the rounded model
# describes the data badly; too many, and the model itself is expensive. Which $b$ gives the
# shortest total, and does the chosen degree depend on it?

# %%
from snippets.mdl import select_degree_mdl, two_part_code_length
from snippets.mdl.figures import chapter_data

x, y = chapter_data()
for bits in (2, 4, 8, 16, 32):
    degree = select_degree_mdl(x, y, max_degree=10, precision_bits=bits)
    total = two_part_code_length(x, y, degree, precision_bits=bits)["total_bits"]
    print(f"b = {bits:2d} bits per parameter: degree {degree}, {total:7.1f} bits in all")

# %% [markdown]
# With 2 bits the rounded coefficients are so coarse that no polynomial beats a constant. From 4
# bits on the cubic wins, and the total is shortest at 8 bits: a finer grid than that costs more
# to state than it saves on the data.
#
# ## Fewer points, simpler models {#sample-size}
#
# With few data points, a coefficient saves little on the data and still costs its $b$ bits:
# MDL prefers simpler polynomials, as a cautious statistician would.

# %%
from snippets.mdl import noisy_polynomial_data

for n in (10, 20, 40, 80, 160):
    xs, ys = noisy_polynomial_data(n, (0.5, -1.0, -1.0, 2.0), noise_std=0.3, seed=0)
    print(f"n = {n:3d}: MDL chooses degree {select_degree_mdl(xs, ys, max_degree=min(10, n - 2))}")

# %% [markdown]
# ## Try it yourself {#try}
#
# - Replace `text` with a paragraph in another language: how does the entropy per letter change?
# - Change the noise level in the last cell to 1.0: at which $n$ does MDL find the cubic?
# - Code the chapter's data with `y_precision=0.001` instead of the default 0.01 in
#   `two_part_code_length`: every total grows by the same amount, so the chosen degree does not
#   change. Why?
