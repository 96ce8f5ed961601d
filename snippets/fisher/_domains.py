"""Argument domains of snippets.fisher beyond the generic ones (private, not shown on the site)."""

from typing import Annotated

import numpy as np

from snippets._domains import Array


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


def SymmetricMatrix(shape, tolerance, symmetrize=False):
    """A (stack of) symmetric matrices: see SymmetricMatrices."""
    return Annotated[np.ndarray, SymmetricMatrices(shape, tolerance, symmetrize)]



# A Fisher matrix (d, d), returned symmetrized: rounding in X^T D X and similar products leaves
# asymmetries of ~1e-16 relative; a real asymmetry is far larger.
FisherMatrix = SymmetricMatrix(("d", "d"), 1e-10, symmetrize=True)
