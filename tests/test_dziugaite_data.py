"""Tests for snippets.dziugaite.data: the IDX reader, binary MNIST, the digits stand-in, random labels."""

import gzip
import struct

import numpy as np
import pytest

from snippets.dziugaite.data import load_digits_binary, load_mnist_binary, random_labels, read_idx

# Written here independently of the reader: type code and big-endian dtype per the MNIST page.
CODES = {np.uint8: (0x08, ">u1"), np.int8: (0x09, ">i1"), np.int16: (0x0B, ">i2"),
         np.int32: (0x0C, ">i4"), np.float32: (0x0D, ">f4"), np.float64: (0x0E, ">f8")}


def idx_bytes(array):
    code, big_endian = CODES[array.dtype.type]
    header = bytes([0, 0, code, array.ndim]) + b"".join(struct.pack(">I", n) for n in array.shape)
    return header + array.astype(big_endian).tobytes()


def write_idx(path, array, gz=False):
    data = idx_bytes(array)
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


@pytest.mark.parametrize("dtype", list(CODES))
@pytest.mark.parametrize("gz", [False, True])
def test_read_idx_round_trips_every_type(tmp_path, dtype, gz):
    rng = np.random.default_rng(0)
    array = (rng.normal(size=(3, 4, 5)) * 50).astype(dtype)
    path = write_idx(tmp_path / ("a.idx.gz" if gz else "a.idx"), array, gz=gz)
    out = read_idx(path)
    assert out.dtype == np.dtype(dtype) and out.dtype.isnative
    assert out.shape == (3, 4, 5)
    np.testing.assert_array_equal(out, array)


def test_read_idx_detects_gzip_by_its_magic_bytes_and_reads_1d(tmp_path):
    labels = np.arange(10, dtype=np.uint8)
    path = write_idx(tmp_path / "labels-idx1-ubyte", labels, gz=True)  # gzipped, no .gz suffix
    np.testing.assert_array_equal(read_idx(str(path)), labels)


def test_read_idx_missing_file_names_it(tmp_path):
    with pytest.raises(ValueError, match=r"^path .*nothere-idx3-ubyte.*no such file"):
        read_idx(tmp_path / "nothere-idx3-ubyte")


@pytest.mark.parametrize("gz", [False, True])
def test_read_idx_truncated_data(tmp_path, gz):
    data = idx_bytes(np.zeros((2, 3, 3), dtype=np.uint8))[:-1]  # one byte short
    path = tmp_path / ("short.gz" if gz else "short")
    path.write_bytes(gzip.compress(data) if gz else data)
    with pytest.raises(ValueError, match=r"short.*truncated"):
        read_idx(path)


def test_read_idx_truncated_header_and_tiny_file(tmp_path):
    (tmp_path / "h").write_bytes(bytes([0, 0, 0x08, 3]) + struct.pack(">I", 2))  # 1 of 3 sizes
    with pytest.raises(ValueError, match=r"'.*h'.*truncated header"):
        read_idx(tmp_path / "h")
    (tmp_path / "t").write_bytes(b"\x00\x00")
    with pytest.raises(ValueError, match=r"truncated"):
        read_idx(tmp_path / "t")


def test_read_idx_wrong_magic_unknown_type_and_trailing_bytes(tmp_path):
    good = idx_bytes(np.zeros((2, 2), dtype=np.uint8))
    (tmp_path / "magic").write_bytes(b"\x01" + good[1:])
    with pytest.raises(ValueError, match=r"magic.*bad magic number"):
        read_idx(tmp_path / "magic")
    (tmp_path / "type").write_bytes(good[:2] + b"\x07" + good[3:])
    with pytest.raises(ValueError, match=r"unknown IDX type code 0x07"):
        read_idx(tmp_path / "type")
    (tmp_path / "long").write_bytes(good + b"\x00")
    with pytest.raises(ValueError, match=r"long.*corrupt, 1 bytes after"):
        read_idx(tmp_path / "long")


def test_read_idx_corrupt_gzip(tmp_path):
    packed = gzip.compress(idx_bytes(np.zeros((50, 50), dtype=np.uint8)))
    (tmp_path / "cut.gz").write_bytes(packed[: len(packed) // 2])
    with pytest.raises(ValueError, match=r"cut\.gz.*gzip"):
        read_idx(tmp_path / "cut.gz")
    (tmp_path / "junk.gz").write_bytes(b"this is not gzip data at all")
    with pytest.raises(ValueError, match=r"junk\.gz.*gzip"):
        read_idx(tmp_path / "junk.gz")


def fake_mnist(directory, n_train=12, n_test=7, gz=("train-images-idx3-ubyte",), seed=0):
    """Tiny files with the four standard MNIST names; those listed in ``gz`` are gzipped."""
    rng = np.random.default_rng(seed)
    arrays = {
        "train-images-idx3-ubyte": rng.integers(0, 256, size=(n_train, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte": (np.arange(n_train) % 10).astype(np.uint8),
        "t10k-images-idx3-ubyte": rng.integers(0, 256, size=(n_test, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte": ((np.arange(n_test) * 3) % 10).astype(np.uint8),
    }
    for name, array in arrays.items():
        write_idx(directory / (f"{name}.gz" if name in gz else name), array, gz=name in gz)
    return arrays


def test_load_mnist_binary_scales_and_binarizes(tmp_path):
    arrays = fake_mnist(tmp_path)
    x_train, y_train, x_test, y_test = load_mnist_binary(tmp_path)
    assert x_train.shape == (12, 784) and x_test.shape == (7, 784)
    assert x_train.dtype == np.float32
    np.testing.assert_allclose(x_train, arrays["train-images-idx3-ubyte"].reshape(12, -1) / 255.0, rtol=1e-6)
    assert x_train.min() >= 0.0 and x_train.max() <= 1.0
    # digits 0-4 -> 0, 5-9 -> 1 (the paper's -1 / +1)
    np.testing.assert_array_equal(y_train, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0])
    np.testing.assert_array_equal(y_test, (arrays["t10k-labels-idx1-ubyte"] >= 5).astype(int))


def test_load_mnist_binary_missing_and_inconsistent_files(tmp_path):
    fake_mnist(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(ValueError, match=r"^directory .*missing t10k-labels-idx1-ubyte"):
        load_mnist_binary(tmp_path)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.zeros(6, dtype=np.uint8))  # 7 images, 6 labels
    with pytest.raises(ValueError, match=r"^directory .*test files: 7 images but 6 labels"):
        load_mnist_binary(tmp_path)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.full(7, 11, dtype=np.uint8))
    with pytest.raises(ValueError, match=r"digits 0-9"):
        load_mnist_binary(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(b"\x00\x00\x08")  # truncated: names the file
    with pytest.raises(ValueError, match=r"^directory .*t10k-labels-idx1-ubyte.*truncated"):
        load_mnist_binary(tmp_path)


def test_load_digits_binary_is_a_fixed_seed_split_of_all_1797_digits():
    from sklearn.datasets import load_digits

    x_train, y_train, x_test, y_test = load_digits_binary(seed=0, test_fraction=0.2)
    assert x_train.shape == (1438, 64) and x_test.shape == (359, 64)
    assert x_train.dtype == np.float32 and 0.0 <= x_train.min() and x_train.max() <= 1.0
    # The two splits together are the whole data set, each image with its binarized label.
    digits = load_digits()
    expected = np.column_stack([digits.data / 16.0, digits.target >= 5])
    got = np.column_stack([np.vstack([x_train, x_test]), np.concatenate([y_train, y_test])])
    np.testing.assert_allclose(np.unique(got, axis=0), np.unique(expected, axis=0), atol=1e-6)
    # Same seed, same split; another seed, another split.
    again = load_digits_binary(seed=0, test_fraction=0.2)
    np.testing.assert_array_equal(again[0], x_train)
    assert not np.array_equal(load_digits_binary(seed=1, test_fraction=0.2)[0], x_train)
    # Classes are balanced enough for a 0.5 error to mean "chance": 5-9 is 50.1% of the digits.
    assert 0.45 < y_train.mean() < 0.55


def test_random_labels_are_fair_coin_flips_independent_of_y():
    y = np.zeros(20_000, dtype=int)
    flips = random_labels(y, seed=3)
    assert flips.shape == y.shape and set(np.unique(flips)) == {0, 1}
    # Mean of 20,000 fair flips: standard error 0.0035; 4 of them is a 6e-5 two-sided tail.
    assert abs(flips.mean() - 0.5) < 4 * 0.5 / np.sqrt(y.size)
    np.testing.assert_array_equal(random_labels(1 - y, seed=3), flips)  # the values of y play no role
    assert not np.array_equal(random_labels(y, seed=4), flips)
