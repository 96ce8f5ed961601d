"""The scaling experiment: character-level transformers of 6+ sizes on the same data, L(N) fitted.

Every model sees the same characters in the same order (the same batches, drawn with one seed) for
the same number of steps, so this measures the loss as a function of the model size N at a fixed
amount of data D, not along Chinchilla's compute-optimal frontier (there D would grow with N). At
fixed D the loss of ever larger models levels off at what D allows: the fitted E is the loss an
unbounded model would reach with this D, context and schedule (in Chinchilla's terms about
E + B / D^beta), not the entropy of Python source.
"""

import math
import platform
import sys
import time
from typing import Annotated

import numpy as np
import scipy
import torch
from torch.nn import functional as F
from tqdm import tqdm  # tqdm.auto would warn inside a notebook kernel without ipywidgets

from snippets._domains import AtLeast, Bool, Count, IsA, Maybe, Numbers, OneOf, Rule, Seed, checked
from snippets._torch import Device, deterministic
from snippets.scaling.corpus import VOCAB_SIZE, load_corpus
from snippets.scaling.laws import bits_per_character, fit_power_law
from snippets.scaling.model import CharTransformer

# (n_layers, d_model, n_heads) per size; "steps" of "batch" windows of "context" + 1 characters.
SETTINGS = {
    "smoke": {
        "sizes": ((1, 4, 1), (1, 8, 1), (1, 12, 2), (1, 16, 2)),
        "context": 16, "batch": 4, "steps": 5, "lr": 5e-3, "warmup": 2, "eval_windows": 8,
        "train_characters": 4096,
    },
    "quick": {
        "sizes": ((1, 4, 1), (1, 8, 1), (1, 16, 2), (2, 24, 3), (2, 32, 4), (2, 48, 4)),
        "context": 64, "batch": 8, "steps": 600, "lr": 5e-3, "warmup": 60, "eval_windows": None,
        "train_characters": None,
    },
    "full": {
        "sizes": ((1, 4, 1), (1, 8, 1), (1, 16, 2), (2, 24, 3), (2, 32, 4), (2, 48, 4), (3, 64, 4), (3, 80, 5)),
        "context": 64, "batch": 32, "steps": 1500, "lr": 5e-3, "warmup": 100, "eval_windows": None,
        "train_characters": None,
    },
}
WEIGHT_DECAY, BETAS, CLIP, FINAL_LR_FRACTION = 0.1, (0.9, 0.95), 1.0, 0.1


def _windows(ids, context, max_windows=None):
    """Non-overlapping windows of context + 1 characters (inputs and next-character targets),
    evenly spread over ``ids`` when only ``max_windows`` of them are used."""
    n = (len(ids) - 1) // context
    starts = np.arange(n) * context
    if max_windows is not None and max_windows < n:
        starts = starts[np.linspace(0, n - 1, max_windows).round().astype(np.int64)]
    return np.stack([ids[s : s + context + 1] for s in starts])


# --8<-- [start:evaluate_nats]
@checked
def evaluate_nats(
    model: IsA(CharTransformer), ids: Numbers(ndim=1, entries=AtLeast(0)), max_windows: Maybe(Count) = None,
):
    """Mean cross-entropy of ``model`` on the characters ``ids``, in nats per character.

    ``ids`` is cut into non-overlapping windows of model.context + 1 characters; in each, the
    model predicts characters 2 to context + 1 from those before them in the window (the first of
    a window from 1 character of context, the last from ``context``). The result is
    -(1/n) sum_t ln p(x_t | x_<t) over all n predicted characters; ``bits_per_character`` turns it
    into a code length. ``max_windows`` evaluates only that many windows, evenly spread.
    """
    if np.any(ids >= model.vocab_size):
        raise ValueError(f"ids must be integers in [0, {model.vocab_size})")
    if ids.size < model.context + 1:
        raise ValueError(f"ids must have at least context + 1 = {model.context + 1} characters, got {ids.size}")
    windows = torch.as_tensor(_windows(ids, model.context, max_windows))
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    total = 0.0
    with torch.no_grad():
        for batch in windows.split(256):
            batch = batch.to(device)
            logits = model(batch[:, :-1])
            total += float(F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1),
                                           reduction="sum"))
    model.train(was_training)
    return total / (windows.shape[0] * model.context)
# --8<-- [end:evaluate_nats]


def _lr_factor(step, warmup, steps):
    """Linear warm-up to the peak, then a cosine down to FINAL_LR_FRACTION of it."""
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return FINAL_LR_FRACTION + (1 - FINAL_LR_FRACTION) * 0.5 * (1 + math.cos(math.pi * progress))


ModelSize = Annotated[tuple, Rule(
    lambda v: isinstance(v, tuple) and len(v) == 3 and all(type(i) is int and i >= 1 for i in v) and v[1] % v[2] == 0,
    "a tuple (n_layers, d_model, n_heads) of positive ints, n_heads dividing d_model", ((1, 4, 1), (2, 24, 3)),
)]
TRAINING_KEYS = ("context", "batch", "steps", "lr", "warmup")
TrainingSettings = Annotated[dict, Rule(
    lambda v: isinstance(v, dict) and set(TRAINING_KEYS) <= v.keys(),
    f"a dict with the keys {', '.join(TRAINING_KEYS)} (as SETTINGS[mode] has them)",
)]
ProgressBar = Maybe(Annotated[object, Rule(lambda v: callable(getattr(v, "update", None)),
                                            "a progress bar with update(n) (tqdm's)")])


@checked
def train_model(size: ModelSize, settings: TrainingSettings, train_ids: Numbers(ndim=1, entries=AtLeast(0)),
                seed: Seed = 0, device: Device = None, bar: ProgressBar = None):
    """Train one ``CharTransformer`` of ``size`` = (n_layers, d_model, n_heads) as ``run`` trains each
    size: ``settings["steps"]`` AdamW steps on ``settings["batch"]`` windows of ``settings["context"]``
    + 1 characters of ``train_ids``, the windows drawn with ``seed`` on a CPU generator (the same
    batches for every size and device), learning rate ``settings["lr"]`` with ``settings["warmup"]``
    steps of linear warm-up then cosine decay; ``bar.update(1)`` after each step. Returns the model.
    The compression chapter trains its transformer with it, as the scaling chapter did.
    """
    n_layers, d_model, n_heads = size
    context, batch, steps = settings["context"], settings["batch"], settings["steps"]
    if len(train_ids) < context + 2:
        raise ValueError(f"train_ids must hold more than context + 1 = {context + 1} characters, got {len(train_ids)}")
    model = CharTransformer(VOCAB_SIZE, context, n_layers, d_model, n_heads, seed=seed).to(device)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": WEIGHT_DECAY}, {"params": no_decay, "weight_decay": 0.0}],
        lr=settings["lr"], betas=BETAS,
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: _lr_factor(step, settings["warmup"], steps))
    data = torch.from_numpy(np.array(train_ids, dtype=np.int64)).to(device)  # a copy: the corpus is read-only
    offsets = torch.arange(context + 1, device=device)
    sampler = torch.Generator().manual_seed(seed + 1)  # CPU generator: the same batches on every device
    model.train()
    for _ in range(steps):
        starts = torch.randint(0, data.numel() - context - 1, (batch,), generator=sampler).to(device)
        chunk = data[starts[:, None] + offsets]
        logits = model(chunk[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, VOCAB_SIZE), chunk[:, 1:].reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        optimizer.step()
        schedule.step()
        if bar is not None:
            bar.update(1)
    return model


# --8<-- [start:run]
@checked
def run(mode: OneOf(*SETTINGS) = "quick", seed: Seed = 0, device: Device = None, progress: Bool = True):
    """Train character-level transformers of 6 or more sizes on the same data; fit L(N).

    ``mode``: "quick" (6 sizes, N = 252 to 56,640 non-embedding parameters, 600 steps of 8
    windows: about 20 s on one CPU thread), "full" (8 sizes, N = 252 to 233,680, 1,500 steps of 32
    windows: 3.5 minutes on 2 CPU threads) or "smoke" (4 tiny models, 5 steps, only to exercise the code). Every model
    sees the same batches of characters from the training files of ``load_corpus`` (``steps`` x
    ``batch`` windows of ``context`` + 1 = 65 characters, drawn with ``seed``), so this is L(N) at
    a fixed amount of data D, not on the compute-optimal frontier. AdamW (peak rate 5e-3, betas
    0.9 and 0.95, weight decay 0.1 on weight matrices), gradients clipped at norm 1, linear warm-up
    then cosine decay to 1/10 of the peak rate; the same settings for every size. The validation
    loss is ``evaluate_nats`` on all the held-out files, the training loss on as many windows of
    the training files; both also in bits per character. The power law L(N) = E + a N^-alpha is
    fitted to the validation losses (``fit_power_law``). ``device=None`` uses CUDA when available;
    torch's thread count (``torch.set_num_threads``, OMP_NUM_THREADS) is left as it is. Returns a
    dict: settings, corpus info, versions, one row per size (smallest first), the fit (in nats per
    character, and E in bits) and wall_seconds.
    """
    start = time.perf_counter()
    settings = SETTINGS[mode]
    corpus = load_corpus()
    train_ids, val_ids = corpus["train"], corpus["validation"]
    if settings["train_characters"] is not None:
        train_ids = train_ids[: settings["train_characters"]]
    eval_windows = settings["eval_windows"]
    if eval_windows is None:
        eval_windows = (len(val_ids) - 1) // settings["context"]
    rows = []
    total = settings["steps"] * len(settings["sizes"])
    with deterministic(device), tqdm(total=total, desc=f"scaling ({mode})", disable=not progress,
                                      leave=False) as bar:
        for size in settings["sizes"]:
            began = time.perf_counter()
            model = train_model(size, settings, train_ids, seed, device, bar)
            val = evaluate_nats(model, val_ids, max_windows=eval_windows)
            train = evaluate_nats(model, train_ids, max_windows=eval_windows)
            n_layers, d_model, n_heads = size
            rows.append({
                "n_layers": n_layers, "d_model": d_model, "n_heads": n_heads,
                "n_params": model.n_params, "n_embedding": model.n_embedding,
                "train_loss": train, "val_loss": val,
                "train_bits_per_char": bits_per_character(train), "val_bits_per_char": bits_per_character(val),
                "wall_seconds": time.perf_counter() - began,
            })
    fit = fit_power_law([r["n_params"] for r in rows], [r["val_loss"] for r in rows])
    fit["E_bits"], fit["E_bits_se"] = fit["E"] / math.log(2), fit["E_se"] / math.log(2)
    tokens = settings["steps"] * settings["batch"] * settings["context"]
    return {
        "mode": mode,
        "seed": seed,
        "settings": {**{k: v for k, v in settings.items() if k != "sizes"},
                     "sizes": [list(s) for s in settings["sizes"]], "eval_windows": eval_windows,
                     "weight_decay": WEIGHT_DECAY, "betas": list(BETAS), "clip": CLIP,
                     "final_lr_fraction": FINAL_LR_FRACTION},
        "tokens_per_model": tokens,
        "corpus": corpus["info"],
        "versions": {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__,
                     "scipy": scipy.__version__, "implementation": sys.implementation.name},
        "device": str(device),
        "threads": torch.get_num_threads(),
        "rows": rows,
        "fit": fit,
        "wall_seconds": time.perf_counter() - start,
    }
# --8<-- [end:run]
