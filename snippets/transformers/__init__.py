"""Information theory in transformers: attention entropy, invertible residual blocks, rank collapse, LayerNorm."""

from snippets.transformers.attention import (
    attention_entropy,
    attention_weights,
    entropy_temperature_slope,
    entropy_vs_dk,
    entropy_vs_qk_scale,
    entropy_vs_temperature,
    head_attention_weights,
    head_entropies,
    seeded_attention_layer,
)
from snippets.transformers.layernorm import layer_norm, layernorm_removed, undo_layer_norm
from snippets.transformers.residual import (
    depth_profile,
    distance_from_identical_rows,
    effective_rank,
    invert_residual,
    lipschitz_bound,
    residual_mlp,
)

__all__ = [
    "attention_entropy",
    "attention_weights",
    "depth_profile",
    "distance_from_identical_rows",
    "effective_rank",
    "entropy_temperature_slope",
    "entropy_vs_dk",
    "entropy_vs_qk_scale",
    "entropy_vs_temperature",
    "head_attention_weights",
    "head_entropies",
    "invert_residual",
    "layer_norm",
    "layernorm_removed",
    "lipschitz_bound",
    "residual_mlp",
    "seeded_attention_layer",
    "undo_layer_norm",
]
