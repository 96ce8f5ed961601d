"""Scaling laws, measured and not only quoted: Kaplan's and Chinchilla's fits, the compute-optimal
split, bits per character, and a power law fitted to tiny character-level transformers trained on
the Python standard library's own source (no download: every Python has it).

One module per step: laws (the published formulas and ``fit_power_law``), corpus (the text),
model (the transformer and its non-embedding parameter count), experiment (training and
evaluation), results (the committed numbers) and figures.
"""

from snippets.scaling.corpus import decode, encode, load_corpus, unigram_entropy_bits
from snippets.scaling.experiment import SETTINGS, evaluate_nats, run, train_model
from snippets.scaling.laws import (
    bits_per_character,
    bootstrap_power_law,
    chinchilla_loss,
    compute_optimal,
    fit_power_law,
    kaplan_loss,
    leave_one_out_power_law,
)
from snippets.scaling.model import CharTransformer, parameter_count
from snippets.scaling.results import exponent, load_results, result

__all__ = [
    "SETTINGS",
    "CharTransformer",
    "bits_per_character",
    "bootstrap_power_law",
    "chinchilla_loss",
    "compute_optimal",
    "decode",
    "encode",
    "evaluate_nats",
    "exponent",
    "fit_power_law",
    "kaplan_loss",
    "leave_one_out_power_law",
    "load_corpus",
    "load_results",
    "parameter_count",
    "result",
    "run",
    "train_model",
    "unigram_entropy_bits",
]
