"""Compression bounds, from Occam's razor to language models.

A hypothesis written in L bits of a prefix code fixed before the data has prior 2^-L, and Occam's
razor bound limits how much it can overfit by about L ln 2 / m (``occam``). To use it on a neural
network, the network must be short to write down: pruned, its weights shared in small per-layer
codebooks (``quantize``) and written with self-delimiting integer codes (``integer_codes``) and an
arithmetic code for the codebook indices (``netcode``), every bit counted. ``digits`` measures the
bound on the Dziugaite & Roy chapter's digits network; ``smoothing`` and ``language_model`` on the
scaling chapter's largest transformer, whose log-loss prediction smoothing makes bounded;
``experiment`` runs both, ``results`` reads the committed numbers back.
"""

from snippets.compression.digits import prune_hidden_units, run_digits, tune_codebooks
from snippets.compression.experiment import run
from snippets.compression.integer_codes import (
    composition_code_length,
    elias_delta,
    elias_delta_length,
    elias_gamma,
    elias_gamma_length,
    encode_composition,
    read_composition,
    read_elias_delta,
    read_elias_gamma,
)
from snippets.compression.language_model import evaluate_smoothed_bits, run_language_model
from snippets.compression.netcode import code_length_parts, decode_network, encode_network
from snippets.compression.networks import (
    QuantizedNetwork,
    quantize_mlp,
    quantize_transformer,
    to_mlp,
    to_transformer,
)
from snippets.compression.occam import occam_binomial_bound, occam_bound, pointmass_pac_bayes_bound
from snippets.compression.quantize import QuantizedTensor, kmeans_1d, quantize
from snippets.compression.results import load_results, result, tradeoff
from snippets.compression.smoothing import lm_occam_bound, smoothed_bits, smoothed_loss_range, units_needed

__all__ = [
    "QuantizedNetwork",
    "QuantizedTensor",
    "code_length_parts",
    "composition_code_length",
    "decode_network",
    "elias_delta",
    "elias_delta_length",
    "elias_gamma",
    "elias_gamma_length",
    "encode_composition",
    "encode_network",
    "evaluate_smoothed_bits",
    "kmeans_1d",
    "lm_occam_bound",
    "load_results",
    "occam_binomial_bound",
    "occam_bound",
    "pointmass_pac_bayes_bound",
    "prune_hidden_units",
    "quantize",
    "quantize_mlp",
    "quantize_transformer",
    "read_composition",
    "read_elias_delta",
    "read_elias_gamma",
    "result",
    "run",
    "run_digits",
    "run_language_model",
    "smoothed_bits",
    "smoothed_loss_range",
    "to_mlp",
    "to_transformer",
    "tradeoff",
    "tune_codebooks",
    "units_needed",
]
