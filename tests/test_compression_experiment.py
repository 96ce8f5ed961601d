"""The compression experiment: its steps, a smoke run end to end, and the committed results.

The committed files are not recomputed (the full run trains the transformer for minutes); instead
every bound in them is recomputed from the numbers stored beside it, the stored codes of the digits
networks are decoded and their errors measured again on the real data, and the numbers the other
chapters measured on the same models are compared with their own committed files.
"""

import json
import math

import numpy as np
import pytest
import torch

from snippets._torch import logistic_loss_bits
from snippets.compression import (
    decode_network,
    lm_occam_bound,
    occam_binomial_bound,
    occam_bound,
    pointmass_pac_bayes_bound,
    prune_hidden_units,
    quantize_mlp,
    result,
    smoothed_loss_range,
    to_mlp,
    tradeoff,
    tune_codebooks,
    units_needed,
)
from snippets.compression.__main__ import main
from snippets.compression.results import KEYS, load_results
from snippets.dziugaite import MLP, error_rate, load_digits_binary
from snippets.dziugaite.results import load_results as load_dziugaite
from snippets.scaling.corpus import VOCAB_SIZE, load_corpus
from snippets.scaling.results import load_results as load_scaling

# A committed digits network decoded here may flip a prediction or two on another CPU (a different
# summation order in float32 matrix products): its error counts are compared within 2 examples.
FLIPS = 2


@pytest.mark.formula("cb-prune-importance")
def test_pruning_keeps_the_most_important_units_and_their_function():
    rng = np.random.default_rng(0)
    mlp = MLP(5, (6,))
    w = torch.as_tensor(rng.normal(0, 1, mlp.n_params), dtype=torch.float32)
    first, out = w[:30].reshape(5, 6), w[36:42]
    importance = (out.abs() * first.norm(dim=0)).numpy()
    small, w_small = prune_hidden_units(mlp, w, 3)
    assert small.layer_sizes == (5, 3, 1) and w_small.numel() == small.n_params
    kept = sorted(np.argsort(-importance)[:3])
    # the small network is the big one with the other units' output weights set to zero
    silenced = w.clone()
    silenced[36:42][[j for j in range(6) if j not in kept]] = 0.0
    x = torch.as_tensor(rng.normal(0, 1, (40, 5)), dtype=torch.float32)
    assert torch.allclose(small(w_small, x), mlp(silenced, x), atol=1e-5)


def test_a_shared_value_moves_by_the_sum_of_its_weights_gradients():
    # One SGD step on one batch (n <= 100) with momentum starting at 0: c_j <- c_j - lr sum_{a_i = j} dL/dw_i
    rng = np.random.default_rng(1)
    mlp = MLP(3, (4,))
    network = quantize_mlp(mlp, torch.as_tensor(rng.normal(0, 1, mlp.n_params), dtype=torch.float32), 3)
    x = torch.as_tensor(rng.normal(0, 1, (30, 3)), dtype=torch.float32)
    y = torch.as_tensor(rng.integers(0, 2, 30), dtype=torch.float32)
    _, w = to_mlp(network)
    w = w.clone().requires_grad_(True)
    logistic_loss_bits(mlp(w, x), y).mean().backward()
    lr = 0.5
    tuned = tune_codebooks(network, x, y, 1, lr, 0)
    offset = 0
    for before, after in zip(network.groups, tuned.groups, strict=True):
        assert np.array_equal(after.indices, before.indices)
        grad = w.grad[offset : offset + before.n].numpy()
        offset += before.n
        for j in range(before.k):
            expected = np.float32(before.codebook[j]) - lr * grad[before.indices == j].sum()
            spacing = np.spacing(np.float16(expected))  # the tuned value is rounded to float16
            assert abs(float(after.codebook[j]) - expected) <= spacing


# ---------------------------------------------------------------- the results, fresh and committed


def _check_digits(digits, dziugaite_roy):
    """Every bound of the digits section follows from its row's stored numbers; each stored code
    decodes to a network with the stored length and errors on the real data."""
    m, delta = digits["m"], digits["delta"]
    x_train, y_train, x_test, y_test = load_digits_binary(seed=0)
    assert m == x_train.shape[0] == dziugaite_roy["m"]
    trained = digits["trained"]
    assert trained["float32_bits"] == 32 * trained["n_weights"]
    assert trained["float32_occam_bound"] == occam_bound(trained["train_error"], trained["float32_bits"], m, delta)
    for row in digits["rows"]:
        assert row["code_bits"] == len(row["code"]) == sum(row["parts"].values())
        assert row["train_error"] == row["train_errors"] / m
        assert row["occam_bound"] == occam_bound(row["train_error"], row["code_bits"], m, delta)
        assert row["occam_binomial_bound"] == occam_binomial_bound(row["train_errors"], row["code_bits"], m, delta)
        assert row["pointmass_pac_bayes_bound"] == pointmass_pac_bayes_bound(row["train_error"], row["code_bits"],
                                                                             m, delta)
        assert row["occam_binomial_bound"] <= row["occam_bound"] <= row["pointmass_pac_bayes_bound"]
        network = decode_network(row["code"])
        mlp, w = to_mlp(network)
        assert mlp.layer_sizes == (64, row["width"], 1)
        assert [g.k for g in network.groups] == row["codebook_sizes"] and max(row["codebook_sizes"]) <= row["k"]
        errors = round(error_rate(mlp, w, x_train, y_train) * m)
        assert abs(errors - row["train_errors"]) <= FLIPS
        assert error_rate(mlp, w, x_test, y_test) == pytest.approx(row["test_error"], abs=FLIPS / x_test.shape[0])
    assert digits["best"] == min(digits["rows"], key=lambda row: row["occam_bound"])


def _check_language_model(lm):
    """Every bound of the language-model section follows from its stored numbers."""
    low, high, width = smoothed_loss_range(lm["alpha"], VOCAB_SIZE)
    assert lm["loss_range"] == [low, high] and lm["loss_width"] == width
    assert lm["uniform_bits_per_char"] == math.log2(VOCAB_SIZE)
    for row in [lm["float32"], *lm["rows"]]:
        train = row["train"]
        assert train["characters"] == train["windows"] * lm["model"]["context"]
        bound = lm_occam_bound(train["bits_per_char"], row["code_bits"], train["windows"], lm["delta"], lm["alpha"],
                               VOCAB_SIZE)
        assert row["bound_bits_per_char"] == bound
        assert row["bound_minus_uniform"] == bound - math.log2(VOCAB_SIZE)
        assert row["windows_needed"] == units_needed(train["bits_per_char"], row["code_bits"], lm["delta"],
                                                     lm["alpha"], VOCAB_SIZE, math.log2(VOCAB_SIZE))
        assert low <= train["bits_per_char"] <= high
        # smoothing costs at most -log2(1 - alpha) bits a character over the raw code length
        for split in (train, row["validation"]):
            assert split["bits_per_char"] <= split["raw_bits_per_char"] - math.log2(1 - lm["alpha"]) + 1e-9
    assert lm["float32"]["code_bits"] == 32 * lm["reference"]["n_weights"]
    for row in lm["rows"]:
        assert row["code_bits"] == sum(row["parts"].values())
    assert lm["best"] == min(lm["rows"], key=lambda row: row["bound_bits_per_char"])


def test_a_smoke_run_writes_a_consistent_results_file(tmp_path):
    fresh = main(["--mode", "smoke", "--device", "cpu", "--quiet", "--out", str(tmp_path)])
    written = json.loads((tmp_path / "compression-smoke.json").read_text("utf-8"))
    assert written["digits"]["rows"] == json.loads(json.dumps(fresh["digits"]["rows"]))
    _check_digits(written["digits"], written["dziugaite_roy"])
    _check_language_model(written["language_model"])


@pytest.mark.parametrize("mode", ["quick", "full"])
def test_every_number_of_a_committed_results_file_follows_from_its_primary_numbers(mode):
    data = load_results(mode)
    _check_digits(data["digits"], data["dziugaite_roy"])
    _check_language_model(data["language_model"])


@pytest.mark.parametrize("mode", ["quick", "full"])
def test_the_committed_models_are_the_other_chapters_models(mode):
    data = load_results(mode)
    # the digits network: the Dziugaite & Roy chapter's (same split, settings, seed), so the same errors
    dziugaite = load_dziugaite("digits", "full")["rows"]["true labels"]
    assert data["dziugaite_roy"]["pac_bayes_bound"] == dziugaite["pac_bayes_bound"]
    assert data["digits"]["trained"]["n_weights"] == dziugaite["n_params"] == 6601
    assert data["digits"]["trained"]["train_error"] == pytest.approx(dziugaite["train_error"], abs=FLIPS / 1438)
    assert data["digits"]["trained"]["test_error"] == pytest.approx(dziugaite["test_error"], abs=FLIPS / 359)
    # the transformer: the scaling chapter's largest model of the mode, which it must reproduce
    largest = load_scaling(mode)["rows"][-1]
    model = data["language_model"]["model"]
    assert (model["n_layers"], model["d_model"], model["n_heads"]) == (
        largest["n_layers"], largest["d_model"], largest["n_heads"])
    assert data["language_model"]["reference"]["n_params"] == largest["n_params"]
    assert data["language_model"]["reference"]["val_loss_nats"] == pytest.approx(largest["val_loss"], rel=1e-5)
    # the units of the bound: every disjoint 65-character window of the training files
    windows = load_corpus()["train"].size // (model["context"] + 1)
    assert all(row["train"]["windows"] == windows for row in data["language_model"]["rows"])


def test_the_full_digits_bound_is_nonvacuous_and_the_transformer_bound_is_reported_as_it_is():
    digits = load_results("full")["digits"]
    assert digits["best"]["occam_bound"] < 0.5  # the requirement
    assert digits["best"]["code_bits"] < 1200
    lm = load_results("full")["language_model"]
    # i.i.d. windows: m ~ 8,000 cannot pay for ~10^5-10^6 bits, so the bound is far above log2(97)
    assert lm["best"]["bound_bits_per_char"] > lm["uniform_bits_per_char"]
    assert lm["best"]["windows_needed"] > 100 * lm["best"]["train"]["windows"]


@pytest.mark.parametrize("mode", ["quick", "full"])
def test_the_readers_return_the_files_numbers(mode):
    data = load_results(mode)
    for section, keys in KEYS.items():
        for key, path in keys.items():
            value = data
            for part in path:
                value = value[part]
            if value is None:  # windows_needed of a model no better than the uniform code
                with pytest.raises(ValueError, match=rf"^key '{key}'"):
                    result(key, section, mode)
            else:
                assert result(key, section, mode) == value, (section, key)
    best = data["digits"]["best"]
    assert tradeoff("occam_bound", best["k"], None, "digits", mode) == best["occam_bound"]
    for row in data["digits"]["rows"]:
        assert tradeoff("code_bits", row["k"], row["width"], "digits", mode) == row["code_bits"]
    for row in data["language_model"]["rows"]:
        assert tradeoff("val_bits_per_char", row["k"], None, "language_model", mode) == \
            row["validation"]["bits_per_char"]
