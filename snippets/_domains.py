"""Declared argument domains (private, not shown on the site).

A public function declares the domain of each parameter in its signature and is decorated with
``checked``::

    @checked
    def binary_kl(q: Probability, p: Probability): ...

Before the body runs, each argument is checked: a value outside its domain (a wrong type, None, a
bool, NaN included) raises ``ValueError`` whose message starts with the parameter's name, and the
body receives the value converted (float, int, float64 array). Array dimensions named by a letter
(``Numbers(shape=("n", "d"))``) must agree across the parameters naming them.

The tests read the same declarations (tests/domain_examples.py): from each domain they generate
values outside it, the bad-input cases, and values inside it, the property tests' strategies.
"""

import functools
import inspect
import math
import numbers
import reprlib
import sys
import typing
from typing import Annotated

import numpy as np

SUM_TOLERANCE = 1e-9  # how far from 1 a probability vector's sum may be (rounding of the inputs)


def _at(name, index):
    """An entry's name, e.g. x[1, 2]."""
    return f"{name}[{', '.join(str(int(j)) for j in index)}]"


def _fmt(x):
    return f"{x:g}" if isinstance(x, float) else str(x)


class Domain:
    """The allowed values of one parameter."""

    def check(self, name, value):
        """``value`` converted, or ``ValueError`` whose message starts with ``name``."""
        raise NotImplementedError

    def symbols(self):
        """``(axis, letter)`` for each dimension named by a letter (arrays only)."""
        return ()


class Real(Domain):
    """A real number (not NaN) in an interval; infinite only where ``allow_inf`` says so.

    ``Real(0, 1)`` is [0, 1]; ``Real(0, 1, open_low=True, open_high=True)`` is (0, 1); ``Real(0)``
    is [0, inf) of finite numbers; ``Real(0, math.inf, allow_inf=True)`` is [0, inf].
    """

    def __init__(self, low=-math.inf, high=math.inf, *, open_low=False, open_high=False, allow_inf=False):
        self.low, self.high = float(low), float(high)
        self.open_low, self.open_high, self.allow_inf = open_low, open_high, allow_inf

    def describe(self):
        if self.high == math.inf and not self.allow_inf:
            if self.low == -math.inf:
                return "finite"
            return f"{'>' if self.open_low else '>='} {_fmt(self.low)}"
        left = "(" if self.open_low else "["
        right = ")" if self.open_high else "]"
        return f"in {left}{_fmt(self.low)}, {_fmt(self.high)}{right}"

    def contains(self, x):
        """Whether x (a number, or an array entrywise) lies in the domain."""
        above = np.greater(x, self.low) if self.open_low else np.greater_equal(x, self.low)
        below = np.less(x, self.high) if self.open_high else np.less_equal(x, self.high)
        return above & below & (np.isfinite(x) | self.allow_inf)

    def check(self, name, value):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ValueError(f"{name} must be a real number, got {value!r}")
        try:
            x = float(value)
        except OverflowError:  # an int (or Fraction) beyond the float range, e.g. 10**400
            raise ValueError(f"{name} must be within the float range, got a number too large for a float") from None
        if math.isnan(x):
            raise ValueError(f"{name} must not be NaN")
        above = x > self.low if self.open_low else x >= self.low
        below = x < self.high if self.open_high else x <= self.high
        if not (above and below and (self.allow_inf or not math.isinf(x))):
            if math.isinf(x) and not self.allow_inf and self.contains(math.copysign(sys.float_info.max, x)):
                raise ValueError(f"{name} must be finite, got {x}")
            raise ValueError(f"{name} must be {self.describe()}, got {x}")
        return x


class Integer(Domain):
    """An integer >= ``minimum`` (and <= ``maximum``); integral floats such as 2.0 are accepted,
    bools are not. Returned as an int no larger than the largest float (the formulas use float(m))."""

    def __init__(self, minimum=None, maximum=None):
        self.minimum, self.maximum = minimum, maximum

    def check(self, name, value):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ValueError(f"{name} must be an integer, got {value!r}")
        if not isinstance(value, numbers.Integral):
            if math.isnan(value):
                raise ValueError(f"{name} must not be NaN")
            if not (math.isfinite(value) and float(value).is_integer()):
                raise ValueError(f"{name} must be an integer, got {value!r}")
        m = int(value)
        if self.minimum is not None and m < self.minimum:
            raise ValueError(f"{name} must be >= {self.minimum}, got {m}")
        if self.maximum is not None and m > self.maximum:
            raise ValueError(f"{name} must be <= {self.maximum}, got {m}")
        if m > sys.float_info.max:
            raise ValueError(f"{name} must be at most {sys.float_info.max:.4g}, got an integer too large for a float")
        return m


class Values(Domain):
    """One of a few numbers, e.g. the signs -1 and +1 (used as the ``entries`` of an Array)."""

    def __init__(self, *values):
        self.values = tuple(float(v) for v in values)

    def describe(self):
        return " or ".join(_fmt(v) for v in self.values)

    def contains(self, x):
        return np.isin(x, self.values)

    def check(self, name, value):
        x = Real(allow_inf=True).check(name, value)
        if not self.contains(x):
            raise ValueError(f"{name} must be {self.describe()}, got {x}")
        return x


class Rule(Domain):
    """A value for which ``test(value)`` holds (True or False, one of a few strings, an instance of a
    class), else "<name> must be <what>"; ``inside`` lists some values that are (for the tests)."""

    def __init__(self, test, what, inside=()):
        self.test, self.what, self.inside = test, what, inside

    def check(self, name, value):
        if not self.test(value):
            raise ValueError(f"{name} must be {self.what}, got {reprlib.repr(value)}")
        return value


class Optional(Domain):
    """None, or a value of ``domain``."""

    def __init__(self, domain):
        self.domain = domain

    def check(self, name, value):
        return None if value is None else self.domain.check(name, value)

    def symbols(self):
        return self.domain.symbols()


class Array(Domain):
    """An array of finite real numbers, returned as float64 (int64 if ``entries`` is an Integer).

    ``ndim``: an int or a tuple of allowed ints; ``shape``: a tuple of sizes, letters (sizes that
    must agree across the parameters naming them) or None (any size); ``entries``: a Real or Integer
    domain every entry must lie in; ``min_size``: the least number of entries; ``sums_to_one``: the
    entries along the last axis sum to 1 (within SUM_TOLERANCE), as a probability vector's do.
    Booleans, strings, None and ragged lists are rejected.
    """

    def __init__(self, ndim=None, shape=None, entries=None, min_size=0, sums_to_one=False):
        if shape is not None and ndim is None:
            ndim = len(shape)
        self.ndim = (ndim,) if isinstance(ndim, int) else ndim
        self.entries = domain_of(entries) or entries  # an alias such as Positive, or a Domain
        self.shape, self.min_size, self.sums_to_one = shape, min_size, sums_to_one

    def check(self, name, value):
        if isinstance(value, list | tuple) and any(isinstance(v, bool | np.bool_) for v in value):
            raise ValueError(f"{name} must be an array of real numbers, got a bool in {value!r}")
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError) as err:
            raise ValueError(f"{name} must be an array of real numbers ({err})") from None
        if arr.dtype.kind not in "iuf":
            raise ValueError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
        arr = arr.astype(np.float64)
        self.check_shape(name, arr.shape, arr.size)
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
        if self.entries is not None:
            arr = self._check_entries(name, arr)
        if self.sums_to_one and arr.size:
            worst = np.abs(arr.sum(axis=-1) - 1.0).max()
            if worst > SUM_TOLERANCE:
                rule = f"sum to 1 (tolerance {SUM_TOLERANCE:g}) along its last axis"
                raise ValueError(f"{name} must {rule}, off by {worst:.3g}")
        return arr

    def check_shape(self, name, shape, size):
        """The declared ndim, fixed sizes and least number of entries (letters are checked by ``checked``)."""
        if self.ndim is not None and len(shape) not in self.ndim:
            raise ValueError(f"{name} must have ndim in {self.ndim}, got shape {shape}")
        if any(isinstance(s, int) and shape[axis] != s for axis, s in enumerate(self.shape or ())):
            raise ValueError(f"{name} must have shape {self.pretty_shape()}, got {shape}")
        if size < self.min_size:
            entries = "entry" if self.min_size == 1 else "entries"
            raise ValueError(f"{name} must have at least {self.min_size} {entries}, got shape {shape}")

    def _check_entries(self, name, arr):
        if isinstance(self.entries, Integer):
            fractional = np.flatnonzero(arr != np.floor(arr))
            if fractional.size:
                i = np.unravel_index(fractional[0], arr.shape)
                raise ValueError(f"{name} must contain integers, got {_at(name, i)} = {arr[i]}")
            low = -(2**63) if self.entries.minimum is None else max(self.entries.minimum, -(2**63))
            high = 2**63 - 1 if self.entries.maximum is None else min(self.entries.maximum, 2**63 - 1)
            inside = (arr >= low) & (arr <= high)  # within int64 too, so that the conversion is exact
            first_bad = arr.flat[np.flatnonzero(~inside)[0]] if not np.all(inside) else None
            rule = f">= {low}" if first_bad is not None and first_bad < low else f"<= {high}"
        else:
            inside, rule = self.entries.contains(arr), self.entries.describe()
        if not np.all(inside):
            i = np.unravel_index(np.flatnonzero(~inside)[0], arr.shape)
            raise ValueError(f"{name} must be {rule} entrywise, got {_at(name, i)} = {arr[i]}")
        return arr.astype(np.int64) if isinstance(self.entries, Integer) else arr

    def pretty_shape(self):
        return "(" + ", ".join("any" if s is None else str(s) for s in self.shape) + ")"

    def symbols(self):
        return tuple((axis, s) for axis, s in enumerate(self.shape or ()) if isinstance(s, str))


def domain_of(annotation):
    """The Domain declared by an ``Annotated[type, Domain]`` annotation, or None."""
    if typing.get_origin(annotation) is Annotated:
        for meta in annotation.__metadata__:
            if isinstance(meta, Domain):
                return meta
    return None


def checked(function):
    """Check every argument of ``function`` against the domain its annotation declares.

    Raises TypeError at import time if a parameter declares none, so a public function cannot
    leave one unchecked.
    """
    signature = inspect.signature(function)
    domains = {}
    for name, parameter in signature.parameters.items():
        if parameter.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD:
            raise TypeError(f"{function.__qualname__}: parameter {name} must be positional-or-keyword")
        domain = domain_of(parameter.annotation)
        if domain is None:
            raise TypeError(f"{function.__qualname__}: parameter {name} declares no domain (Annotated[..., Domain])")
        domains[name] = domain
    names, checks = tuple(domains), tuple(domains.items())
    symbolic = {name: domain.symbols() for name, domain in domains.items() if domain.symbols()}

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if kwargs or len(args) != len(names):
            bound = signature.bind(*args, **kwargs)  # raises the TypeError Python would
            bound.apply_defaults()
            args = tuple(bound.arguments[name] for name in names)
        values = [domain.check(name, value) for (name, domain), value in zip(checks, args, strict=True)]
        if symbolic:
            _check_sizes(dict(zip(names, values, strict=True)), symbolic)
        return function(*values)

    wrapper.domains = domains
    return wrapper


def _check_sizes(values, symbolic):
    """Dimensions named by the same letter must have the same size in every parameter naming them."""
    seen = {}
    for name, pairs in symbolic.items():
        value = values[name]
        if value is None:
            continue
        for axis, letter in pairs:
            size = value.shape[axis]
            if letter in seen and seen[letter][0] != size:
                first_size, first_name = seen[letter]
                raise ValueError(
                    f"{name} must have {letter} = {first_size} along axis {axis}, as {first_name} has, "
                    f"got shape {tuple(value.shape)}"
                )
            seen.setdefault(letter, (size, name))


# The domains most parameters have.
Probability = Annotated[float, Real(0, 1)]
OpenUnit = Annotated[float, Real(0, 1, open_low=True, open_high=True)]  # e.g. a confidence delta
FiniteReal = Annotated[float, Real()]
NonNegative = Annotated[float, Real(0)]
Positive = Annotated[float, Real(0, open_low=True)]
Count = Annotated[int, Integer(1)]
Seed = Annotated[int, Integer(0)]
Bool = Annotated[bool, Rule(lambda v: isinstance(v, bool), "True or False", (False, True))]
Sign = Annotated[float, Values(-1, 1)]  # the entries of a Rademacher sign vector
Binary = Annotated[float, Values(0, 1)]  # the entries of a vector of 0/1 labels
Index = Annotated[int, Integer()]  # an index into a sequence (negative: from the end)


def AtLeast(minimum):
    """An integer >= minimum."""
    return Annotated[int, Integer(minimum)]


def Within(low=-math.inf, high=math.inf, **options):
    """A real in an interval: see Real."""
    return Annotated[float, Real(low, high, **options)]


def Numbers(ndim=None, shape=None, entries=None, min_size=0, sums_to_one=False):
    """An array of finite reals: see Array."""
    return Annotated[np.ndarray, Array(ndim, shape, entries, min_size, sums_to_one)]


def OneOf(*choices):
    return Annotated[str, Rule(lambda v: isinstance(v, str) and v in choices, f"one of {choices}", choices)]


def Maybe(annotation):
    """None, or a value of ``annotation``'s domain."""
    return Annotated[object, Optional(domain_of(annotation))]


def IsA(kind, what=None):
    return Annotated[kind, Rule(lambda v: isinstance(v, kind), what or f"a {kind.__name__}")]
