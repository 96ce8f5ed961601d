"""Data for the Dziugaite & Roy (2017) experiments: MNIST from its IDX files, and a small stand-in.

The paper's task is "binary MNIST": digits 0-4 against digits 5-9. Labels here are 0 (digits 0-4)
and 1 (digits 5-9); the paper writes them as -1 and +1 (y_pm = 2 y - 1), which changes nothing.
"""

import gzip
import zlib

import numpy as np

from snippets._domains import Binary, Numbers, OpenUnit, Seed, checked
from snippets.dziugaite._common import Directory, File

# IDX type codes (LeCun & Cortes, "The MNIST database", file format section): all big-endian.
_IDX_DTYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_GZIP_MAGIC = b"\x1f\x8b"


# --8<-- [start:read_idx]
@checked
def read_idx(path: File):
    """Read an IDX file (the format of the MNIST files) into a numpy array.

    Layout: a 4-byte magic number 0x00 0x00 T D, where T is the element type
    (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64)
    and D the number of dimensions; then D sizes as big-endian uint32; then the
    prod(sizes) elements, big-endian, in C (row-major) order.
    Source: LeCun, Cortes & Burges, "The MNIST database of handwritten digits",
    section "File formats for the MNIST database".
    The file may be gzipped (a ``.gz`` name or the gzip magic bytes 1f 8b). The
    array is returned in native byte order with shape (size_1, ..., size_D).
    A missing, truncated or corrupt file raises ValueError naming the file.
    """
    raw = path.read_bytes()
    if path.suffix == ".gz" or raw[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as err:
            raise ValueError(f"path {str(path)!r}: corrupt or truncated gzip data ({err})") from None
    if len(raw) < 4:
        raise ValueError(f"path {str(path)!r}: truncated, {len(raw)} bytes is shorter than the 4-byte magic number")
    if raw[0] != 0 or raw[1] != 0:
        raise ValueError(f"path {str(path)!r}: bad magic number {raw[:4].hex()}, an IDX file starts with 00 00")
    if raw[2] not in _IDX_DTYPES:
        raise ValueError(f"path {str(path)!r}: unknown IDX type code 0x{raw[2]:02x}")
    dtype, ndim = _IDX_DTYPES[raw[2]], raw[3]
    if ndim == 0:
        raise ValueError(f"path {str(path)!r}: the magic number says 0 dimensions")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"path {str(path)!r}: truncated header ({len(raw)} of {header} bytes)")
    shape = tuple(int(n) for n in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(raw) < expected:
        raise ValueError(f"path {str(path)!r}: truncated, {len(raw)} bytes but shape {shape} needs {expected}")
    if len(raw) > expected:
        raise ValueError(f"path {str(path)!r}: corrupt, {len(raw) - expected} bytes after the data of shape {shape}")
    data = np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape)
    return data.astype(dtype.newbyteorder("="))
# --8<-- [end:read_idx]


_MNIST_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}


def _binarize_digits(digits):
    """Dziugaite & Roy's binary MNIST: label 1 for digits 5-9, 0 for digits 0-4."""
    return (digits >= 5).astype(np.int64)


# --8<-- [start:load_mnist_binary]
@checked
def load_mnist_binary(directory: Directory):
    """Binary MNIST as in Dziugaite & Roy (2017): returns (x_train, y_train, x_test, y_test).

    Reads the four standard files train-images-idx3-ubyte, train-labels-idx1-ubyte,
    t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each also accepted with a
    ``.gz`` suffix) from ``directory``. Images become float32 rows of 784 pixels
    scaled to [0, 1] (byte / 255); labels become 1 for digits 5-9 and 0 for digits
    0-4 (the paper's +1 / -1). Source of the binarization: Dziugaite & Roy (2017),
    Sec. 4 ("we ... classify digits 0-4 against 5-9"), and the authors' code
    snn/core/data_fn.py (binarize_mnist_labels: label > 4 is positive).
    All 60,000 training images are returned; the paper trains on 55,000 of them
    (TensorFlow's read_data_sets keeps the first 5,000 for validation), see
    ``snippets.dziugaite.experiment.run``.
    """
    arrays = {}
    for key, name in _MNIST_FILES.items():
        candidates = [directory / name, directory / f"{name}.gz"]
        found = next((p for p in candidates if p.is_file()), None)
        if found is None:
            raise ValueError(f"directory {str(directory)!r}: missing {name} (or {name}.gz)")
        try:
            arrays[key] = read_idx(found)
        except ValueError as err:
            raise ValueError(f"directory {str(directory)!r}: {err}") from None
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        where = f"directory {str(directory)!r}: {split} files"
        if images.ndim != 3 or images.dtype != np.uint8:
            raise ValueError(f"{where}: images must be uint8 of shape (n, rows, cols), got {images.dtype} "
                             f"{images.shape}")
        if labels.ndim != 1 or labels.dtype != np.uint8:
            raise ValueError(f"{where}: labels must be uint8 of shape (n,), got {labels.dtype} {labels.shape}")
        if images.shape[0] != labels.shape[0]:
            raise ValueError(f"{where}: {images.shape[0]} images but {labels.shape[0]} labels")
        if labels.size and labels.max() > 9:
            raise ValueError(f"{where}: labels must be digits 0-9, found {int(labels.max())}")
    x_train = arrays["x_train"].reshape(arrays["x_train"].shape[0], -1).astype(np.float32) / 255.0
    x_test = arrays["x_test"].reshape(arrays["x_test"].shape[0], -1).astype(np.float32) / 255.0
    return x_train, _binarize_digits(arrays["y_train"]), x_test, _binarize_digits(arrays["y_test"])
# --8<-- [end:load_mnist_binary]


# --8<-- [start:load_digits_binary]
@checked
def load_digits_binary(seed: Seed = 0, test_fraction: OpenUnit = 0.2):
    """A laptop-sized stand-in for binary MNIST: returns (x_train, y_train, x_test, y_test).

    scikit-learn's bundled 8x8 digits (``sklearn.datasets.load_digits``: 1,797
    images, pixel values 0-16, shipped with the package, no download), pixels
    scaled to [0, 1] (value / 16) as float32 rows of 64, labels binarized as in
    Dziugaite & Roy (2017): 1 for digits 5-9, 0 for digits 0-4. The split is a
    uniformly random permutation from ``numpy.random.default_rng(seed)``; the
    last round(test_fraction * 1797) examples of it form the test set.
    Source of the data: the UCI "Optical Recognition of Handwritten Digits"
    test set (Alpaydin & Kaynak 1998), as bundled by scikit-learn.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = _binarize_digits(digits.target)
    n = x.shape[0]
    n_test = round(test_fraction * n)
    if not 1 <= n_test <= n - 1:
        raise ValueError(f"test_fraction must leave both splits non-empty, got {test_fraction}")
    order = np.random.default_rng(seed).permutation(n)
    train, test = order[: n - n_test], order[n - n_test :]
    return x[train], y[train], x[test], y[test]
# --8<-- [end:load_digits_binary]


# --8<-- [start:random_labels]
@checked
def random_labels(y: Numbers(ndim=1, entries=Binary, min_size=1), seed: Seed):
    """Replace 0/1 labels by fair coin flips, independent of the inputs (same shape, int64).

    The control of Dziugaite & Roy (2017), Table 1 column R-600 (after Zhang et al.
    2017, "Understanding deep learning requires rethinking generalization"): the
    same network trained by SGD on random labels still fits them, but no
    PAC-Bayes posterior near it can have both a small training error and a small
    KL, so the bound stays vacuous. Draws from ``numpy.random.default_rng(seed)``.
    """
    return np.random.default_rng(seed).integers(0, 2, size=y.shape[0]).astype(np.int64)
# --8<-- [end:random_labels]
