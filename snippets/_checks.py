"""Argument checks shared by the public functions (private, not shown on the site).

Every check raises ``ValueError`` whose message starts with the argument's name,
also for a wrong type (a string, ``None``), and rejects NaN.
"""

import math
import numbers
import sys

import numpy as np


def check_real(name, x):
    """Return ``x`` as a float if it is a real number that is not NaN (inf is allowed)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {x!r}")
    try:
        x = float(x)
    except OverflowError:  # an int (or Fraction) beyond the float range, e.g. 10**400
        raise ValueError(f"{name} must be within the float range, got a number too large for a float") from None
    if math.isnan(x):
        raise ValueError(f"{name} must not be NaN")
    return x


def check_probability(name, x):
    """A finite real in [0, 1]."""
    x = check_real(name, x)
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {x}")
    return x


def check_open_unit(name, x):
    """A real in (0, 1), e.g. a confidence parameter delta."""
    x = check_real(name, x)
    if not 0.0 < x < 1.0:
        raise ValueError(f"{name} must be in (0, 1), got {x}")
    return x


def check_nonnegative(name, x, allow_inf=False):
    """A real >= 0; finite unless ``allow_inf``."""
    x = check_real(name, x)
    if x < 0.0:
        raise ValueError(f"{name} must be >= 0, got {x}")
    if math.isinf(x) and not allow_inf:
        raise ValueError(f"{name} must be finite, got {x}")
    return x


def check_positive(name, x):
    """A finite real > 0."""
    x = check_real(name, x)
    if not 0.0 < x < math.inf:
        raise ValueError(f"{name} must be finite and > 0, got {x}")
    return x


def check_count(name, m, minimum=1):
    """An integer >= ``minimum``. Integral floats such as 2.0 are accepted; bools are not."""
    if isinstance(m, bool) or not isinstance(m, numbers.Real):
        raise ValueError(f"{name} must be an integer, got {m!r}")
    if not isinstance(m, numbers.Integral):
        if not (math.isfinite(m) and float(m).is_integer()):
            raise ValueError(f"{name} must be an integer, got {m!r}")
    m = int(m)
    if m < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {m}")
    if m > sys.float_info.max:  # the formulas compute with float(m), which would overflow
        raise ValueError(f"{name} must be at most {sys.float_info.max:.4g}, got an integer too large for a float")
    return m


def check_array(name, x, ndim=None, shape=None):
    """Return ``x`` as a float64 array of finite numbers.

    ``ndim`` may be an int or a tuple of allowed ints; ``shape`` an exact shape.
    Booleans, strings, ``None`` and ragged lists are rejected.
    """
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be an array of real numbers ({err})") from None
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            raise ValueError(f"{name} must have ndim in {allowed}, got shape {arr.shape}")
    if shape is not None and arr.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    return arr


def check_signs(name, x, ndim=None, shape=None):
    """A finite array whose entries are all -1 or +1."""
    arr = check_array(name, x, ndim=ndim, shape=shape)
    if not np.all(np.abs(arr) == 1.0):
        raise ValueError(f"{name} must contain only -1 and +1")
    return arr
