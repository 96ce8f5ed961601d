"""Argument domains of snippets.fisher beyond the generic ones (private, not shown on the site)."""

from typing import Annotated

import numpy as np

from snippets._domains import Array, Values

Label = Annotated[float, Values(0, 1)]  # a binary class label, the entries of a labels vector y


class SymmetricMatrices(Array):
    """An array of finite reals whose last two axes are square and symmetric up to rounding:
    max |a - a^T| <= ``tolerance`` * max |a|. With ``symmetrize`` the value is returned as
    (a + a^T) / 2, without the rounding asymmetry (of products such as X^T D X)."""

    def __init__(self, shape, tolerance, symmetrize=False):
        super().__init__(shape=shape, min_size=1)
        self.tolerance, self.symmetrize = tolerance, symmetrize

    def check(self, name, value):
        a = super().check(name, value)
        if a.shape[-1] != a.shape[-2]:
            raise ValueError(f"{name} must be square in its last two axes, got shape {a.shape}")
        transposed = np.swapaxes(a, -1, -2)
        asymmetry = float(np.max(np.abs(a - transposed)))
        if asymmetry > self.tolerance * float(np.max(np.abs(a))):
            raise ValueError(
                f"{name} must be symmetric (tolerance {self.tolerance:g} relative to its largest entry), "
                f"got max |{name} - {name}^T| = {asymmetry:.3g}"
            )
        return 0.5 * (a + transposed) if self.symmetrize else a

    def bad_examples(self, valid):
        bad = super().bad_examples(valid)
        arr = np.array(valid, dtype=np.float64)
        bad.append((np.concatenate([arr, arr[..., -1:]], axis=-1), "shape"))  # not square
        if arr.shape[-1] > 1:
            spoilt = arr.copy()
            spoilt[..., 0, 1] += 1.0 + np.max(np.abs(arr))
            bad.append((spoilt, "range"))
        return bad

    def strategy(self, shape, **narrow):
        return super().strategy(shape, **narrow).map(lambda a: 0.5 * (a + np.swapaxes(a, -1, -2)))


class Samples(Array):
    """An array of finite reals with at least one sample along its first axis (so ndim >= 1)."""

    def check(self, name, value):
        arr = super().check(name, value)
        if arr.ndim < 1 or arr.shape[0] < 1:
            raise ValueError(f"{name} must have at least one sample along its first axis, got shape {arr.shape}")
        return arr

    def bad_examples(self, valid):
        arr = np.array(valid, dtype=np.float64)
        return [*super().bad_examples(valid), (arr.reshape(-1)[0], "shape"), (arr[:0], "shape")]


def SymmetricMatrix(shape, tolerance, symmetrize=False):
    """A (stack of) symmetric matrices: see SymmetricMatrices."""
    return Annotated[np.ndarray, SymmetricMatrices(shape, tolerance, symmetrize)]


SampleStack = Annotated[np.ndarray, Samples()]

# A Fisher matrix (d, d), returned symmetrized: rounding in X^T D X and similar products leaves
# asymmetries of ~1e-16 relative; a real asymmetry is far larger.
FisherMatrix = SymmetricMatrix(("d", "d"), 1e-10, symmetrize=True)
