"""Declared argument domains (private, not shown on the site).

A public function declares the domain of each parameter in its signature and is decorated with
``checked``::

    @checked
    def binary_kl(q: Probability, p: Probability): ...

Before the body runs, every argument is checked against its declaration: a value outside its
domain raises ``ValueError`` whose message starts with the parameter's name (also for a wrong type,
``None``, a bool or NaN), and the body receives the value converted (a float, an int, a float64
array). Array dimensions named by a letter (``Array(shape=("n", "d"))``) must agree across the
parameters that name them.

The tests read the same declarations: each domain lists values outside it (``bad_examples``), from
which the bad-input cases are generated, and draws values inside it (``strategy``), which the
property tests use.
"""

import functools
import inspect
import math
import numbers
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

    def bad_examples(self, valid):
        """Values outside the domain as ``(value, kind)``, kind one of type, nan, range, shape;
        ``valid`` is a value inside it (arrays are spoilt from it, keeping their shape)."""
        raise NotImplementedError

    def strategy(self, **narrow):
        """A hypothesis strategy of values inside the domain (for the tests; imports hypothesis)."""
        raise NotImplementedError(f"{type(self).__name__} has no strategy")

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

    def outside(self):
        """Numbers just outside the interval, and the infinities it excludes."""
        values = []
        if self.low > -math.inf:
            values.append(self.low if self.open_low else self.low - max(1.0, abs(self.low)))
        if self.high < math.inf:
            values.append(self.high if self.open_high else self.high + max(1.0, abs(self.high)))
        values += [x for x in (-math.inf, math.inf) if not self.contains(x)]
        return values

    def bad_examples(self, valid):
        return [("0.5", "type"), (None, "type"), (True, "type"), ([valid], "type"), (math.nan, "nan")] + [
            (x, "range") for x in self.outside()
        ]

    def strategy(self, low=None, high=None):
        from hypothesis import strategies as st

        low = self.low if low is None else float(low)
        high = self.high if high is None else float(high)
        if not (self.contains(low) or low == self.low) or not (self.contains(high) or high == self.high):
            raise ValueError(f"low and high must narrow the domain {self.describe()}, got [{low}, {high}]")
        return st.floats(
            low, high, allow_nan=False, allow_infinity=self.allow_inf and math.inf in (-low, high),
            exclude_min=low == self.low and self.open_low, exclude_max=high == self.high and self.open_high,
        )


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

    def outside(self):
        values = [] if self.minimum is None else [self.minimum - 1]
        return values + ([] if self.maximum is None else [self.maximum + 1])

    def bad_examples(self, valid):
        return [("1", "type"), (None, "type"), (True, "type"), (2.5, "type"), (math.nan, "nan"),
                (10**400, "range")] + [(m, "range") for m in self.outside()]

    def strategy(self, low=None, high=None):
        from hypothesis import strategies as st

        low = self.minimum if low is None else low
        high = self.maximum if high is None else high
        if (self.minimum is not None and (low is None or low < self.minimum)) or (
            self.maximum is not None and (high is None or high > self.maximum)
        ):
            raise ValueError(f"low and high must narrow the domain [{self.minimum}, {self.maximum}]")
        return st.integers(low, high)


class Values(Domain):
    """One of a few numbers, e.g. the signs -1 and +1 (used as the ``entries`` of an Array)."""

    def __init__(self, *values):
        self.values = tuple(float(v) for v in values)

    def describe(self):
        return " or ".join(_fmt(v) for v in self.values)

    def contains(self, x):
        return np.isin(x, self.values)

    def outside(self):
        return [min(self.values) - 1.0, (self.values[0] + self.values[1]) / 2 if len(self.values) > 1 else 0.5]

    def strategy(self):
        from hypothesis import strategies as st

        return st.sampled_from(self.values)


class Flag(Domain):
    """True or False (not 0, 1 or a string)."""

    def check(self, name, value):
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be True or False, got {value!r}")
        return value

    def bad_examples(self, valid):
        return [(1, "type"), ("no", "type"), (None, "type")]

    def strategy(self):
        from hypothesis import strategies as st

        return st.booleans()


class Choice(Domain):
    """One of a few strings."""

    def __init__(self, *choices):
        self.choices = choices

    def check(self, name, value):
        if not isinstance(value, str):
            raise ValueError(f"{name} must be a string, one of {self.choices}, got {value!r}")
        if value not in self.choices:
            raise ValueError(f"{name} must be one of {self.choices}, got {value!r}")
        return value

    def bad_examples(self, valid):
        return [(None, "type"), (1, "type"), ("no such " + valid, "range")]

    def strategy(self):
        from hypothesis import strategies as st

        return st.sampled_from(self.choices)


class Text(Domain):
    """A string (``nonempty`` if it must have a character)."""

    def __init__(self, nonempty=False):
        self.nonempty = nonempty

    def check(self, name, value):
        if not isinstance(value, str):
            raise ValueError(f"{name} must be a string, got {type(value).__name__}")
        if self.nonempty and not value:
            raise ValueError(f"{name} must not be empty")
        return value

    def bad_examples(self, valid):
        return [(None, "type"), (b"abc", "type"), (list("abc"), "type")] + ([("", "shape")] if self.nonempty else [])

    def strategy(self):
        from hypothesis import strategies as st

        return st.text(min_size=int(self.nonempty))


class Instance(Domain):
    """An instance of ``kind`` (a class, or a tuple of classes)."""

    def __init__(self, kind, what=None):
        self.kind = kind
        self.what = what or (kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind))

    def check(self, name, value):
        if not isinstance(value, self.kind):
            raise ValueError(f"{name} must be a {self.what}, got {type(value).__name__}")
        return value

    def bad_examples(self, valid):
        return [(None, "type"), (object(), "type")]


class Optional(Domain):
    """None, or a value of ``domain``."""

    def __init__(self, domain):
        self.domain = domain

    def check(self, name, value):
        return None if value is None else self.domain.check(name, value)

    def bad_examples(self, valid):
        spoilt = self.domain.bad_examples(valid if valid is not None else self.example())
        return [(value, kind) for value, kind in spoilt if value is not None]

    def example(self):
        return 1 if isinstance(self.domain, Integer) else 0.5

    def strategy(self, **narrow):
        from hypothesis import strategies as st

        return st.one_of(st.none(), self.domain.strategy(**narrow))

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
        if self.ndim is not None and arr.ndim not in self.ndim:
            raise ValueError(f"{name} must have ndim in {self.ndim}, got shape {arr.shape}")
        if self.shape is not None:
            for axis, size in enumerate(self.shape):
                if isinstance(size, int) and arr.shape[axis] != size:
                    raise ValueError(f"{name} must have shape {self.pretty_shape()}, got {arr.shape}")
        if arr.size < self.min_size:
            entries = "entry" if self.min_size == 1 else "entries"
            raise ValueError(f"{name} must have at least {self.min_size} {entries}, got shape {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
        if self.entries is not None:
            arr = self._check_entries(name, arr)
        if self.sums_to_one and arr.size:
            worst = np.abs(arr.sum(axis=-1) - 1.0).max()
            if worst > SUM_TOLERANCE:
                raise ValueError(f"{name} must sum to 1 (tolerance {SUM_TOLERANCE:g}), off by {worst:.3g}")
        return arr

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

    def bad_examples(self, valid):
        arr = np.array(valid, dtype=np.float64)
        bad = [("abc", "type"), (None, "type"), (np.ones(arr.shape, bool), "type")]
        if arr.size:
            bad.append((self._with_first(arr, math.nan), "nan"))
            bad.append((self._with_first(arr, math.inf), "range"))
            if self.entries is not None:
                bad += [(self._with_first(arr, x), "range") for x in self.entries.outside() if math.isfinite(x)]
        if self.ndim is not None and arr.ndim + 1 not in self.ndim:
            bad.append((arr[np.newaxis], "shape"))
        for axis, size in enumerate(self.shape or ()):
            if isinstance(size, int):  # letters: spoilt by the tests, which know the other parameters
                bad.append((np.concatenate([arr, arr.take([-1], axis=axis)], axis=axis), "shape"))
        if self.min_size and arr.ndim == 1:
            bad.append((arr[: self.min_size - 1], "shape"))
        return bad

    @staticmethod
    def _with_first(arr, x):
        spoilt = arr.copy()
        spoilt.flat[0] = x
        return spoilt

    def strategy(self, shape, **narrow):
        from hypothesis.extra import numpy as hnp

        entries = self.entries or Real()
        if isinstance(entries, Integer) and entries.maximum is None:
            narrow.setdefault("high", 2**62)  # within int64
        if self.sums_to_one:
            narrow.setdefault("high", 1.0)  # weights normalized below; a sum of them must not overflow
        elements = entries.strategy(**narrow)
        if self.sums_to_one:
            return hnp.arrays(np.float64, shape, elements=elements).filter(lambda a: np.all(a.sum(-1) > 0)).map(
                lambda a: a / a.sum(axis=-1, keepdims=True)
            )
        return hnp.arrays(np.int64 if isinstance(entries, Integer) else np.float64, shape, elements=elements)


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
Bool = Annotated[bool, Flag()]
Sign = Annotated[float, Values(-1, 1)]  # the entries of a Rademacher sign vector


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
    return Annotated[str, Choice(*choices)]


def Maybe(annotation):
    """None, or a value of ``annotation``'s domain."""
    return Annotated[object, Optional(domain_of(annotation))]


def IsA(kind, what=None):
    return Annotated[kind, Instance(kind, what)]
