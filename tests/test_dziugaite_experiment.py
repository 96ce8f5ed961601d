"""End-to-end tests of snippets.dziugaite.experiment.run: a row of Dziugaite & Roy (2017), Table 1."""

import gzip
import json
import struct

import numpy as np
import pytest

from sitebuild.runs import run_once
from snippets.dziugaite.__main__ import RESULTS
from snippets.dziugaite.__main__ import main as reproduce
from snippets.dziugaite.experiment import run


def fake_mnist(directory, n_train, n_test):
    """Random uint8 images and digit labels under the four standard names (images gzipped)."""
    rng = np.random.default_rng(0)
    files = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, size=(n_train, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte": (np.arange(n_train) % 10).astype(np.uint8),
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, size=(n_test, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte": (np.arange(n_test) % 10).astype(np.uint8),
    }
    for name, array in files.items():
        data = bytes([0, 0, 0x08, array.ndim]) + b"".join(struct.pack(">I", n) for n in array.shape)
        data += array.tobytes()
        (directory / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)


QUICK = ("--mode", "quick", "--device", "cpu")


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """`nox -s reproduce -- --mode quick` (about 25 s on 2 cores), run once per version of the code it
    runs (sitebuild.runs: a change to snippets.dziugaite runs it again)."""
    out = tmp_path_factory.mktemp("results")
    return run_once("dziugaite.__main__:main", QUICK, lambda: reproduce([*QUICK, "--out", str(out)]))


def test_quick_mode_true_labels_nonvacuous_random_labels_vacuous(quick):
    """The paper's two findings on the digits stand-in, in quick mode (fixed seeds, CPU).

    Observed with seed 0 on a 2-core CPU: true labels bound 0.427 (KL 525, SNN test error 0.046),
    random labels 0.95 with SGD training error 0.003; each run about 12 s. Seeds 1 and 2 gave
    0.446 and 0.442 for true labels, so 0.5 leaves a margin of about 0.05; random-label bounds were
    0.94-0.95, so the test asks for >= 0.5 and 0.3 above the true-label bound.
    """
    true, rand = quick["rows"]["true labels"], quick["rows"]["random labels"]

    # Table 1, T-600 column: a nonvacuous bound, far below the VC bound, above the SNN's test error.
    assert true["pac_bayes_bound"] < 0.5
    assert true["pac_bayes_bound"] < true["vc_bound"]
    assert true["vc_bound"] > 1.0  # d ~ 250,000 > m = 1,438: the VC bound says nothing
    assert true["snn_test_error"] < true["pac_bayes_bound"]
    assert true["snn_train_error"] <= true["snn_train_error_bound"] <= true["pac_bayes_bound"]
    assert true["n_params"] > 4 * true["m"]  # many more parameters than training examples
    assert 1 <= true["j"] and true["lambda"] == pytest.approx(0.1 * np.exp(-true["j"] / 100))
    assert true["test_error"] < 0.1  # SGD generalizes on true labels

    # Table 1, R-600 column: SGD fits random labels, but no posterior near it gives a useful bound.
    assert rand["train_error"] < 0.1
    assert rand["test_error"] > 0.35  # chance level on fresh random labels (359 test points)
    assert rand["pac_bayes_bound"] >= 0.5
    assert rand["pac_bayes_bound"] > true["pac_bayes_bound"] + 0.3
    assert rand["snn_test_error"] < rand["pac_bayes_bound"]


def test_smoke_mode_is_deterministic_and_returns_a_table_row():
    first = run(mode="smoke", seed=3, device="cpu", progress=False)
    second = run(mode="smoke", seed=3, device="cpu", progress=False)
    keys = {"train_error", "test_error", "snn_train_error", "snn_test_error", "pac_bayes_bound", "kl",
            "vc_dimension", "vc_bound", "n_params", "lambda", "j", "mc_samples", "wall_seconds"}
    assert keys <= first.keys()
    for key in keys - {"wall_seconds"}:
        assert first[key] == second[key], key
    assert 0.0 <= first["snn_train_error"] <= first["snn_train_error_bound"] <= first["pac_bayes_bound"] <= 1.0


def test_mnist_path_reads_idx_files_and_holds_out_5000(tmp_path):
    fake_mnist(tmp_path, n_train=5_030, n_test=20)
    row = run(dataset="mnist", mnist_path=tmp_path, mode="smoke", device="cpu", progress=False)
    assert row["m"] == 30 and row["n_test"] == 20
    assert row["n_params"] == (784 + 1) * 8 + 9
    fake_mnist(tmp_path, n_train=5_000, n_test=20)
    with pytest.raises(ValueError, match=r"^mnist_path .*5000 training images"):
        run(dataset="mnist", mnist_path=tmp_path, mode="smoke", device="cpu", progress=False)


COMMITTED = RESULTS / "dziugaite-digits-quick.json"
# Same seeds, same code: the committed quick results are what `nox -s reproduce -- --mode quick`
# writes. Tolerances allow for a different CPU's float rounding (BLAS summation order), which can
# flip a handful of the 1,438 training or 359 test predictions: 0.01 in error rates and bounds,
# 2% in KL. That holds for true labels. With random labels the run is chaotic: SGD memorizes a
# labelling that has no structure, and a rounding difference sends it to another memorizing
# solution (seen: KL 2539 on one CPU, 2734 on another, test error 0.52 vs 0.46). There the
# committed numbers are checked for what they claim: the bound stays vacuous (within 0.02 of the
# committed one), training error stays near 0, KL within 15%, and both test errors are those of
# coin flips, within 4 standard deviations (4 * sqrt(0.25 / 359) = 0.106) of 0.5.
TOLERANCE = {"train_error": 0.01, "test_error": 0.01, "snn_train_error": 0.01, "snn_test_error": 0.01,
             "pac_bayes_bound": 0.01}
RANDOM_LABEL_TOLERANCE = {"train_error": 0.01, "pac_bayes_bound": 0.02, "snn_train_error": 0.05}
COIN_FLIP_SLACK = 4 * (0.25 / 359) ** 0.5


def test_the_committed_quick_results_are_what_the_code_computes(quick):
    fresh = quick
    committed = json.loads(COMMITTED.read_text("utf-8"))
    for name, row in committed["rows"].items():
        now = fresh["rows"][name]
        assert now["n_params"] == row["n_params"]
        if name == "random labels":
            for key, tolerance in RANDOM_LABEL_TOLERANCE.items():
                assert now[key] == pytest.approx(row[key], abs=tolerance), (name, key)
            assert now["kl"] == pytest.approx(row["kl"], rel=0.15), (name, "kl")
            for key in ("test_error", "snn_test_error"):
                assert abs(now[key] - 0.5) < COIN_FLIP_SLACK and abs(row[key] - 0.5) < COIN_FLIP_SLACK, key
            continue
        for key, tolerance in TOLERANCE.items():
            assert now[key] == pytest.approx(row[key], abs=tolerance), (name, key)
        assert now["kl"] == pytest.approx(row["kl"], rel=0.02), (name, "kl")


@pytest.mark.parametrize("mode", ["quick", "full"])
def test_every_derived_number_of_a_committed_results_file_follows_from_its_primary_numbers(mode):
    """The chapter's table reads the committed files (full mode takes 4 minutes, too long for the
    suite). Whatever wrote them, the bound column must follow from the measured columns: the
    sample-convergence bound from the MC estimate, lambda from j, the final bound from that, KL, m
    and j, the VC bound from the training error. Each is recomputed here by the snippet functions
    (1e-9 relative: the same float64 arithmetic), so a hand-edited number fails."""
    from snippets.dziugaite import load_results, pac_bayes_kl_bound, sample_convergence_bound, vc_bound_for_mlp
    from snippets.pacbayes import mlp_parameter_count

    data = load_results("digits", mode)
    assert set(data["rows"]) == {"true labels", "random labels"}
    for name, row in data["rows"].items():
        sizes = [64, *row["hidden"], 1]
        assert row["mode"] == mode and row["random_labels"] == (name == "random labels"), name
        assert row["n_params"] == mlp_parameter_count(sizes), name
        assert row["m"] + row["n_test"] == 1797, name  # all of scikit-learn's digits
        bound = sample_convergence_bound(row["snn_train_error"], row["mc_samples"], row["delta_prime"])
        assert row["snn_train_error_bound"] == pytest.approx(bound, rel=1e-9), name
        assert row["lambda"] == pytest.approx(row["c"] * np.exp(-row["j"] / row["b"]), rel=1e-12), name
        final = pac_bayes_kl_bound(row["snn_train_error_bound"], row["kl"], row["m"], row["delta"], row["j"])
        assert row["pac_bayes_bound"] == pytest.approx(final, rel=1e-9), name
        vc = vc_bound_for_mlp(row["train_error"], sizes, row["m"], row["delta"])
        assert row["vc_bound"] == pytest.approx(vc, rel=1e-9), name
        # error rates are counts over the split sizes (the MC ones are averages over draws)
        for key, n in (("train_error", row["m"]), ("test_error", row["n_test"])):
            assert row[key] * n == pytest.approx(round(row[key] * n), abs=1e-6), (name, key)
