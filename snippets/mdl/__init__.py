"""Minimum description length: codes, code lengths, compression and model selection."""

from snippets.mdl.bayes import coin_code_lengths, extra_code_length_bits, map_hypothesis, mdl_hypothesis
from snippets.mdl.codes import (
    arithmetic_decode,
    arithmetic_encode,
    code_lengths_bits,
    entropy_bits,
    expected_length,
    huffman_code,
    huffman_decode,
    huffman_encode,
    kraft_sum,
)
from snippets.mdl.compression import compress_bytes, compressed_bits, structured_and_random_bytes
from snippets.mdl.regularization import (
    adam_l2_vs_adamw,
    gaussian_prior_code_length,
    laplace_prior_code_length,
    ridge_lambda,
    ridge_map,
    sgd_step_with_weight_decay,
    weight_decay_prior_variance,
)
from snippets.mdl.two_part import (
    bic,
    cv_squared_error,
    noisy_polynomial_data,
    select_degree_bic,
    select_degree_cv,
    select_degree_mdl,
    two_part_code_length,
)

__all__ = [
    "adam_l2_vs_adamw",
    "arithmetic_decode",
    "arithmetic_encode",
    "bic",
    "code_lengths_bits",
    "coin_code_lengths",
    "compress_bytes",
    "compressed_bits",
    "cv_squared_error",
    "entropy_bits",
    "expected_length",
    "extra_code_length_bits",
    "gaussian_prior_code_length",
    "huffman_code",
    "huffman_decode",
    "huffman_encode",
    "kraft_sum",
    "laplace_prior_code_length",
    "map_hypothesis",
    "mdl_hypothesis",
    "noisy_polynomial_data",
    "ridge_lambda",
    "ridge_map",
    "select_degree_bic",
    "select_degree_cv",
    "select_degree_mdl",
    "sgd_step_with_weight_decay",
    "structured_and_random_bytes",
    "two_part_code_length",
    "weight_decay_prior_variance",
]
