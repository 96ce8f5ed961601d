"""Weight sharing: each layer's weights replaced by the nearest of k shared values, found by 1-D k-means.

After quantization a layer is a codebook of k float16 values and one index per weight; the code of
the network (``netcode``) writes the codebook and the indices. Deterministic: the centroids start
at quantiles of the weights, not at random draws, so the same weights always give the same code.
"""

from dataclasses import dataclass

import numpy as np

from snippets._domains import AtLeast, Count, Numbers, checked


@dataclass(frozen=True, eq=False)
class QuantizedTensor:
    """One group of n weights sharing a codebook: ``codebook`` (k float16 values) and ``indices``
    (n ints in [0, k), each of the k used at least once); ``values()`` is codebook[indices] as float32."""

    codebook: np.ndarray
    indices: np.ndarray

    def __post_init__(self):
        codebook = np.asarray(self.codebook)
        indices = np.asarray(self.indices)
        if codebook.dtype != np.float16 or codebook.ndim != 1 or codebook.size == 0:
            raise ValueError(f"codebook must be a non-empty 1-D float16 array, got {codebook.dtype} {codebook.shape}")
        if not np.all(np.isfinite(codebook)):
            raise ValueError("codebook must contain only finite float16 values")
        if indices.ndim != 1 or indices.size == 0 or indices.dtype.kind not in "iu":
            raise ValueError(f"indices must be a non-empty 1-D integer array, got {indices.dtype} {indices.shape}")
        if indices.min() < 0 or indices.max() >= codebook.size:
            raise ValueError(f"indices must lie in [0, {codebook.size}), the codebook's indices")
        if np.bincount(indices, minlength=codebook.size).min() == 0:
            raise ValueError("indices must use every codebook entry at least once (drop unused ones)")
        object.__setattr__(self, "codebook", codebook.copy())
        object.__setattr__(self, "indices", indices.astype(np.int64))

    @property
    def k(self):
        return int(self.codebook.size)

    @property
    def n(self):
        return int(self.indices.size)

    def counts(self):
        """How many weights use each codebook entry (all >= 1)."""
        return np.bincount(self.indices, minlength=self.k)

    def values(self):
        """The quantized weights, float32: codebook[indices]."""
        return self.codebook.astype(np.float32)[self.indices]

    def __eq__(self, other):
        return (isinstance(other, QuantizedTensor) and np.array_equal(self.codebook.view(np.uint16),
                other.codebook.view(np.uint16)) and np.array_equal(self.indices, other.indices))


def _assign(sorted_values, centroids):
    """Index of the nearest centroid (sorted ascending) for each value; a tie goes to the lower one."""
    midpoints = (centroids[:-1] + centroids[1:]) / 2.0
    return np.searchsorted(midpoints, sorted_values, side="right")


# --8<-- [start:kmeans_1d]
@checked
def kmeans_1d(values: Numbers(min_size=1), k: Count, iterations: AtLeast(0) = 100):
    """Lloyd's k-means on real numbers, started at quantiles: returns (centroids, assignments).

    Start: c_j = the (j + 1/2)/k quantile of the values, j = 0, ..., k - 1 (deterministic). Then
    repeat until nothing changes (at most ``iterations`` times): assign every value to its nearest
    centroid, move each centroid to the mean of its values,

        a_i = argmin_j |w_i - c_j|,     c_j = mean{ w_i : a_i = j },

    which never increases the squared error sum_i (w_i - c_{a_i})^2. A centroid left without values
    is dropped. Returns the centroids ascending (float64, at most k, all used) and each value's
    index into them (nearest centroid; ties to the lower). In 1-D the clusters are intervals, so
    assigning is a binary search between midpoints. Source: Lloyd (1982), "Least squares
    quantization in PCM", IEEE Trans. Inf. Theory 28(2); per-layer k-means weight sharing as in
    Han, Mao & Dally (2016), "Deep compression", ICLR, Sec. 3, and Zhou et al. (2019), ICLR, whose
    code quantizes each tensor with a k-means-initialized codebook (nnet/quantization/_codebook.py
    in github.com/wendazhou/nnet-compression-generalization; the paper's section not checked).
    """
    flat = values.ravel()
    order = np.argsort(flat, kind="stable")
    x = flat[order]
    centroids = np.unique(np.quantile(x, (np.arange(k) + 0.5) / k))
    assignment = _assign(x, centroids)
    for _ in range(iterations):
        counts = np.bincount(assignment, minlength=centroids.size)
        sums = np.bincount(assignment, weights=x, minlength=centroids.size)
        centroids = (sums / np.maximum(counts, 1))[counts > 0]
        centroids = np.unique(centroids)
        new = _assign(x, centroids)
        if np.array_equal(new, assignment) and centroids.size == counts.size:
            break
        assignment = new
    counts = np.bincount(assignment, minlength=centroids.size)
    keep = counts > 0
    remap = np.cumsum(keep) - 1
    result = np.empty_like(assignment)
    result[order] = remap[assignment]
    return centroids[keep], result.reshape(values.shape)
# --8<-- [end:kmeans_1d]


# --8<-- [start:quantize]
@checked
def quantize(values: Numbers(min_size=1), k: Count, iterations: AtLeast(0) = 100):
    """Share weights: the k-means centroids (``kmeans_1d``) rounded to float16 form the codebook, and
    each weight takes the index of its nearest codebook value (unused values dropped):

        w_i  ->  hat w_i = c_{a_i},   c_j in float16,   a_i = argmin_j |w_i - c_j|.

    Returns a ``QuantizedTensor`` over the flattened values (row-major). float16 keeps the codebook
    at 16 bits a value, a precision fixed before the data; a value beyond float16's range
    (|w| > 65504) is a ValueError.
    """
    centroids, _ = kmeans_1d(values, k, iterations)
    with np.errstate(over="ignore"):
        codebook = np.unique(centroids.astype(np.float16))
    if not np.all(np.isfinite(codebook)):
        raise ValueError("values must lie within float16's range (|w| <= 65504) to be quantized")
    x = values.ravel()
    order = np.argsort(x, kind="stable")
    nearest = np.empty(x.size, dtype=np.int64)
    nearest[order] = _assign(x[order], codebook.astype(np.float64))
    used = np.bincount(nearest, minlength=codebook.size) > 0
    return QuantizedTensor(codebook[used], (np.cumsum(used) - 1)[nearest])
# --8<-- [end:quantize]
