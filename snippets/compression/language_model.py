"""Occam's bound for the scaling chapter's largest character-level transformer, as Lotfi et al. (2024) do.

The model is retrained with the scaling chapter's settings and seed (``snippets.scaling.experiment``),
quantized with a codebook per tensor, written with ``netcode`` and bounded with ``lm_occam_bound`` on
its smoothed bits per character.

What is treated as i.i.d. (the bound needs it, and text does not give it): the training text is cut
into disjoint windows of context + 1 = 65 characters; each window is one sample, its loss the mean
smoothed code length of its 64 predicted characters (each predicted from the characters before it
in the window). The bound is on the expected loss of a window drawn from the distribution the
training windows are assumed to be drawn from, independently. They are not: consecutive windows of
a file depend on each other, and the 45 training files are not a random sample of Python source.
Lotfi et al. (2024) make the same assumption with documents as the units; the held-out files of the
validation split give an honest estimate on unseen text, but the bound does not speak about them.
"""

import math
import time

import numpy as np
import torch
from torch.nn import functional as F
from tqdm import tqdm

from snippets._domains import AtLeast, Bool, Count, IsA, Maybe, Numbers, OneOf, OpenUnit, Seed, checked
from snippets._torch import Device, deterministic
from snippets.compression.netcode import code_length_parts, decode_network, encode_network
from snippets.compression.networks import quantize_transformer, to_transformer
from snippets.compression.smoothing import Alpha, lm_occam_bound, smoothed_bits, smoothed_loss_range, units_needed
from snippets.scaling.corpus import VOCAB_SIZE, load_corpus
from snippets.scaling.experiment import SETTINGS as SCALING_SETTINGS
from snippets.scaling.experiment import evaluate_nats, train_model
from snippets.scaling.model import CharTransformer

ALPHA = 0.1  # the smoothing, fixed before the data (no union over alphas is paid)
DELTA = 0.025
# "scaling_mode": the scaling chapter's settings (steps, batch, context, schedule) the model is
# trained with; "size": (n_layers, d_model, n_heads), the largest of that mode; "ks": codebook sizes.
SETTINGS = {
    "smoke": {"scaling_mode": "smoke", "size": (1, 16, 2), "ks": (4,), "max_windows": 8},
    "quick": {"scaling_mode": "quick", "size": (2, 48, 4), "ks": (4, 16), "max_windows": None},
    "full": {"scaling_mode": "full", "size": (3, 80, 5), "ks": (2, 4, 8, 16, 32), "max_windows": None},
}


def _disjoint_windows(ids, length, max_windows):
    """Disjoint windows of ``length`` characters from the start of ``ids`` (evenly spread if only
    ``max_windows`` are used)."""
    n = len(ids) // length
    windows = np.asarray(ids[: n * length], dtype=np.int64).reshape(n, length)
    if max_windows is not None and max_windows < n:
        windows = windows[np.linspace(0, n - 1, max_windows).round().astype(np.int64)]
    return windows


# --8<-- [start:evaluate_smoothed_bits]
@checked
def evaluate_smoothed_bits(
    model: IsA(CharTransformer, "a snippets.scaling.CharTransformer"), ids: Numbers(ndim=1, entries=AtLeast(0)),
    alpha: Alpha, max_windows: Maybe(Count) = None,
):
    """Mean smoothed code length of ``model`` on the characters ``ids``, in bits per character.

    ``ids`` is cut into disjoint windows of context + 1 characters (the i.i.d. units of the bound;
    the last, incomplete window is dropped); in each the model predicts characters 2 to
    context + 1 from those before them in the window. Returns {"bits_per_char": mean smoothed
    bits (``smoothed_bits`` with ``alpha``), "raw_bits_per_char": the same without smoothing
    (alpha = 0), "windows": m, "characters": the number predicted}. ``max_windows``: only that
    many windows, evenly spread.
    """
    if np.any(ids >= model.vocab_size):
        raise ValueError(f"ids must be integers in [0, {model.vocab_size})")
    if ids.size < model.context + 1:
        raise ValueError(f"ids must have at least context + 1 = {model.context + 1} characters, got {ids.size}")
    windows = torch.as_tensor(_disjoint_windows(ids, model.context + 1, max_windows))
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    smoothed, raw = [], []
    with torch.no_grad():
        for batch in windows.split(256):
            batch = batch.to(device)
            logits = model(batch[:, :-1]).double()
            log_p = F.log_softmax(logits, dim=-1).gather(-1, batch[:, 1:, None]).squeeze(-1).cpu().numpy()
            smoothed.append(smoothed_bits(np.exp(log_p).ravel(), alpha, model.vocab_size))
            raw.append(-log_p.ravel() / math.log(2.0))
    model.train(was_training)
    smoothed, raw = np.concatenate(smoothed), np.concatenate(raw)
    return {"bits_per_char": math.fsum(smoothed) / smoothed.size, "raw_bits_per_char": math.fsum(raw) / raw.size,
            "windows": int(windows.shape[0]), "characters": int(smoothed.size)}
# --8<-- [end:evaluate_smoothed_bits]


def _bound_row(train, code_bits, delta, alpha):
    uniform = math.log2(VOCAB_SIZE)
    bound = lm_occam_bound(train["bits_per_char"], code_bits, train["windows"], delta, alpha, VOCAB_SIZE)
    return {"code_bits": code_bits, "bound_bits_per_char": bound, "bound_minus_uniform": bound - uniform,
            "windows_needed": units_needed(train["bits_per_char"], code_bits, delta, alpha, VOCAB_SIZE, uniform)
            if train["bits_per_char"] < uniform else None}


# --8<-- [start:run_language_model]
@checked
def run_language_model(mode: OneOf(*SETTINGS) = "quick", seed: Seed = 0, device: Device = None,
                       progress: Bool = True, alpha: Alpha = ALPHA, delta: OpenUnit = DELTA):
    """Occam's bound on the smoothed bits per character of the scaling chapter's largest transformer.

    (1) Train the model of ``SETTINGS[mode]`` with the scaling chapter's training loop and settings
    (full: 3 layers, d_model 80, 5 heads, 1,500 steps of 32 windows, seed 0: the largest model of
    ``python -m snippets.scaling``; quick: the largest quick model). (2) For each codebook size k:
    quantize every parameter tensor to at most k float16 values (``quantize_transformer``), write
    the network with ``encode_network``, decode it and check the decoded weights are exactly the
    quantized ones, evaluate the decoded model's smoothed bits per character on the training
    windows (the m i.i.d. units, see the module docstring) and on the held-out files, and bound it
    with ``lm_occam_bound`` (alpha, delta). Each row also says how far the bound is from the uniform
    code's log2(97) = 6.60 bits and how many windows the same model would need for its bound to
    reach it (``units_needed``). Also reported: the unquantized model with 32 bits a weight.
    """
    start = time.perf_counter()
    settings = SETTINGS[mode]
    scaling = SCALING_SETTINGS[settings["scaling_mode"]]
    corpus = load_corpus()
    train_ids, val_ids = corpus["train"], corpus["validation"]
    if scaling["train_characters"] is not None:
        train_ids = train_ids[: scaling["train_characters"]]
    windows = settings["max_windows"]
    low, high, width = smoothed_loss_range(alpha, VOCAB_SIZE)
    rows = []
    with deterministic(device):
        bar = tqdm(total=scaling["steps"], desc=f"transformer ({mode})", disable=not progress, leave=False)
        model = train_model(settings["size"], scaling, train_ids, seed, device, bar)
        bar.close()
        n_weights = sum(p.numel() for p in model.parameters())
        reference = {"n_params": model.n_params, "n_weights": n_weights,
                     "val_loss_nats": evaluate_nats(model, val_ids, max_windows=windows)}
        train = evaluate_smoothed_bits(model, train_ids, alpha, windows)
        val = evaluate_smoothed_bits(model, val_ids, alpha, windows)
        float32 = {"train": train, "validation": val, **_bound_row(train, 32 * n_weights, delta, alpha)}
        for k in tqdm(settings["ks"], desc="codebooks", disable=not progress, leave=False):
            network = quantize_transformer(model, k)
            bits = encode_network(network)
            decoded = decode_network(bits)
            if decoded != network:
                raise RuntimeError(f"the code of the k = {k} transformer does not decode to it")
            quantized = to_transformer(decoded).to(device)
            train = evaluate_smoothed_bits(quantized, train_ids, alpha, windows)
            val = evaluate_smoothed_bits(quantized, val_ids, alpha, windows)
            parts = code_length_parts(decoded)
            rows.append({"k": k, "train": train, "validation": val, **_bound_row(train, len(bits), delta, alpha),
                         "parts": {key: parts[key] for key in ("family", "config", "codebook_sizes", "codebooks",
                                                                "counts", "indices")}})
    best = min(rows, key=lambda row: row["bound_bits_per_char"])
    n_layers, d_model, n_heads = settings["size"]
    return {
        "mode": mode, "seed": seed, "alpha": alpha, "delta": delta, "vocab_size": VOCAB_SIZE,
        "uniform_bits_per_char": math.log2(VOCAB_SIZE), "loss_range": [low, high], "loss_width": width,
        "model": {"n_layers": n_layers, "d_model": d_model, "n_heads": n_heads, "context": scaling["context"],
                  "steps": scaling["steps"], "batch": scaling["batch"], "scaling_mode": settings["scaling_mode"]},
        "unit": f"disjoint windows of {scaling['context'] + 1} characters",
        "reference": reference, "float32": float32, "rows": rows, "best": dict(best),
        "device": str(device), "wall_seconds": time.perf_counter() - start,
    }
# --8<-- [end:run_language_model]
