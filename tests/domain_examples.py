"""Values outside and inside each declared argument domain, read off the declaration (for the tests).

``bad_examples(domain, valid)`` lists values outside ``domain`` as ``(value, kind)``, kind one of
type, nan, range, shape; arrays are spoilt from ``valid``, a value inside it, keeping their shape.
``strategy(domain, ...)`` is a hypothesis strategy of values inside it, optionally narrowed
(``low``, ``high``). Both dispatch on the domain's class, so a new kind of domain in ``snippets``
fails the tests here until it has its examples.
"""

import functools
import math
import os
from pathlib import Path

import numpy as np
import torch
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from snippets._domains import Array, Domain, Integer, Optional, Real, Rule, Values
from snippets._torch import DeviceDomain
from snippets.dziugaite._common import HiddenDomain, InputsDomain, LabelsDomain, PathDomain, TensorDomain
from snippets.fisher._domains import SymmetricMatrices
from snippets.mdl._domains import KraftLengths, NormalizedLogs, PrefixCode
from snippets.transformers._domains import AttentionModule, LipschitzStack, TokenArray


def outside(domain):
    """Numbers just outside a Real, Integer or Values domain, and the infinities a Real excludes."""
    if isinstance(domain, Real):
        values = []
        if domain.low > -math.inf:
            values.append(domain.low if domain.open_low else domain.low - max(1.0, abs(domain.low)))
        if domain.high < math.inf:
            values.append(domain.high if domain.open_high else domain.high + max(1.0, abs(domain.high)))
        return values + [x for x in (-math.inf, math.inf) if not domain.contains(x)]
    if isinstance(domain, Integer):
        return [*([] if domain.minimum is None else [domain.minimum - 1]),
                *([] if domain.maximum is None else [domain.maximum + 1])]
    if isinstance(domain, Values):
        return [min(domain.values) - 1.0, sum(domain.values[:2]) / 2 if len(domain.values) > 1 else 0.5]
    raise TypeError(f"no numbers outside {type(domain).__name__}")


def _numbers(valid):
    return np.array(valid.detach().cpu() if isinstance(valid, torch.Tensor) else valid, dtype=np.float64)


def _with_first(arr, x):
    spoilt = arr.copy()
    spoilt.flat[0] = x
    return spoilt


# ---------------------------------------------------------------- bad examples


@functools.singledispatch
def bad_examples(domain: Domain, valid):
    raise TypeError(f"{type(domain).__name__} has no bad examples in tests/domain_examples.py")


@bad_examples.register
def _(domain: Real, valid):
    return [("0.5", "type"), (None, "type"), (True, "type"), ([valid], "type"), (math.nan, "nan"),
            *((x, "range") for x in outside(domain))]


@bad_examples.register
def _(domain: Integer, valid):
    return [("1", "type"), (None, "type"), (True, "type"), (2.5, "type"), (math.nan, "nan"), (10**400, "range"),
            *((m, "range") for m in outside(domain))]


@bad_examples.register
def _(domain: Rule, valid):
    # The values of a small pool that the rule's own test refuses (a wrong type, a string not among the choices).
    pool = [None, 0, 1, 2.5, "x", b"x", True, object(), "no such " + str(valid)]
    return [(value, "type") for value in pool if not domain.test(value)]


@bad_examples.register
def _(domain: Optional, valid):
    if valid is None:
        valid = 1 if isinstance(domain.domain, Integer) else 0.5
    return [(value, kind) for value, kind in bad_examples(domain.domain, valid) if value is not None]


@bad_examples.register
def _(domain: Array, valid):
    arr = _numbers(valid)
    bad = [("abc", "type"), (None, "type"), (np.ones(arr.shape, bool), "type")]
    if arr.size:
        bad += [(_with_first(arr, math.nan), "nan"), (_with_first(arr, math.inf), "range")]
        if domain.entries is not None:
            bad += [(_with_first(arr, x), "range") for x in outside(domain.entries) if math.isfinite(x)]
        if domain.sums_to_one:
            bad.append((2.0 * arr, "range"))
    if domain.ndim is not None and arr.ndim + 1 not in domain.ndim:
        bad.append((arr[np.newaxis], "shape"))
    for axis, size in enumerate(domain.shape or ()):
        if isinstance(size, int):  # letters are spoilt by test_domains.py, which knows the other parameters
            bad.append((np.concatenate([arr, arr.take([-1], axis=axis)], axis=axis), "shape"))
    if domain.min_size and arr.ndim == 1:
        bad.append((arr[: domain.min_size - 1], "shape"))
    return bad


@bad_examples.register
def _(domain: SymmetricMatrices, valid):
    arr = _numbers(valid)
    bad = [*bad_examples.dispatch(Array)(domain, valid), (np.concatenate([arr, arr[..., -1:]], axis=-1), "shape")]
    if arr.shape[-1] > 1:
        spoilt = arr.copy()
        spoilt[..., 0, 1] += 1.0 + np.max(np.abs(arr))
        bad.append((spoilt, "range"))
    return bad


@bad_examples.register
def _(domain: NormalizedLogs, valid):
    return [*bad_examples.dispatch(Array)(domain, valid), (_numbers(valid) + 1.0, "range")]


@bad_examples.register
def _(domain: KraftLengths, valid):
    return [*bad_examples.dispatch(Array)(domain, valid), (np.zeros(max(np.size(valid), 2)), "range")]  # 2^-0 + 2^-0


@bad_examples.register
def _(domain: TokenArray, valid):
    arr = _numbers(valid)
    return [*bad_examples.dispatch(Array)(domain, valid), (1.0, "shape"), (np.zeros((*arr.shape[:-1], 0)), "shape")]


@bad_examples.register
def _(domain: TensorDomain, valid):
    arr = _numbers(valid)
    bad = [*bad_examples(domain.array, arr), (torch.ones(arr.shape, dtype=torch.bool), "type")]
    if isinstance(domain, InputsDomain):
        bad.append((arr[:0], "shape"))
        if domain.min_examples > 1:
            bad.append((arr[: domain.min_examples - 1], "shape"))
    return bad


@bad_examples.register
def _(domain: LabelsDomain, valid):
    return bad_examples(domain.array, _numbers(valid))


@bad_examples.register
def _(domain: HiddenDomain, valid):
    return [("3", "type"), (None, "type"), (3, "type"), ((2.5,), "type"), ((True,), "type"),
            ((math.nan,), "nan"), ((0,), "range"), ((), "shape"), ((2, 2, 2, 2), "shape")]


@bad_examples.register
def _(domain: DeviceDomain, valid):
    return [(0, "type"), (True, "type"), (b"cpu", "type"), ("tpu", "range"), ("meta", "range")]


@bad_examples.register
def _(domain: PathDomain, valid):
    base = Path(valid) if isinstance(valid, str | os.PathLike) else Path(os.curdir)
    return [(None, "type"), (5, "type"), (True, "type"), (base / "no-such-entry", "range")]


@bad_examples.register
def _(domain: PrefixCode, valid):
    return [(None, "type"), (["0", "10"], "type"), ("0,10", "type"), ({0: "0", "1": "10"}, "type"),
            ({0: "0", 1: 10}, "type"), ({}, "range"), ({0: "0", -1: "10"}, "range"), ({0: "0", 1: ""}, "range"),
            ({0: "0", 1: "12"}, "range"), ({0: "0", 1: "01"}, "range")]


@bad_examples.register
def _(domain: AttentionModule, valid):
    separate = torch.nn.MultiheadAttention(4, 1, kdim=3, vdim=3, dtype=torch.float64)
    return [(None, "type"), ("layer", "type"), (torch.nn.Linear(2, 2), "type"), (separate, "type")]


@bad_examples.register
def _(domain: LipschitzStack, valid):
    return [(None, "type"), (torch.nn.Linear(2, 2), "type"), (torch.nn.Sequential(), "type"),
            (torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Softplus()), "type")]


# ---------------------------------------------------------------- strategies


@functools.singledispatch
def strategy(domain: Domain, *args, **narrow):
    raise TypeError(f"{type(domain).__name__} has no strategy in tests/domain_examples.py")


@strategy.register
def _(domain: Real, low=None, high=None):
    low = domain.low if low is None else float(low)
    high = domain.high if high is None else float(high)
    if not (domain.contains(low) or low == domain.low) or not (domain.contains(high) or high == domain.high):
        raise ValueError(f"low and high must narrow the domain {domain.describe()}, got [{low}, {high}]")
    return st.floats(low, high, allow_nan=False, allow_infinity=domain.allow_inf and math.inf in (-low, high),
                     exclude_min=low == domain.low and domain.open_low,
                     exclude_max=high == domain.high and domain.open_high)


@strategy.register
def _(domain: Integer, low=None, high=None):
    low = domain.minimum if low is None else low
    high = domain.maximum if high is None else high
    if (domain.minimum is not None and (low is None or low < domain.minimum)) or (
        domain.maximum is not None and (high is None or high > domain.maximum)
    ):
        raise ValueError(f"low and high must narrow the domain [{domain.minimum}, {domain.maximum}]")
    return st.integers(low, high)


@strategy.register
def _(domain: Values):
    return st.sampled_from(domain.values)


@strategy.register
def _(domain: Rule):
    return st.sampled_from(domain.inside)


@strategy.register
def _(domain: Optional, *args, **narrow):
    return st.one_of(st.none(), strategy(domain.domain, *args, **narrow))


@strategy.register
def _(domain: Array, shape, **narrow):
    entries = domain.entries or Real()
    if isinstance(entries, Integer) and entries.maximum is None:
        narrow.setdefault("high", 2**62)  # within int64
    if domain.sums_to_one:
        narrow.setdefault("high", 1.0)  # weights, normalized below: their sum must not overflow
    elements = strategy(entries, **narrow)
    if domain.sums_to_one:
        weights = hnp.arrays(np.float64, shape, elements=elements).filter(lambda a: np.all(a.sum(-1) > 0))
        return weights.map(lambda a: a / a.sum(axis=-1, keepdims=True))
    return hnp.arrays(np.int64 if isinstance(entries, Integer) else np.float64, shape, elements=elements)


@strategy.register
def _(domain: SymmetricMatrices, shape, **narrow):
    return strategy.dispatch(Array)(domain, shape, **narrow).map(lambda a: 0.5 * (a + np.swapaxes(a, -1, -2)))


@strategy.register
def _(domain: NormalizedLogs, shape):
    positive = hnp.arrays(np.float64, shape, elements=st.floats(1e-3, 1.0))
    return positive.map(lambda a: np.log(a / a.sum()))


@strategy.register
def _(domain: KraftLengths, shape):
    lengths = hnp.arrays(np.float64, shape, elements=st.floats(0.0, 30.0))
    return lengths.map(lambda a: a + max(0.0, float(np.log2(np.sum(np.exp2(-a))))) * 1.000001)


@strategy.register
def _(domain: TensorDomain, shape, low=-1e30, high=1e30):  # within the float32 range
    return strategy(domain.array, shape, low=low, high=high).map(lambda a: torch.as_tensor(a, dtype=domain.dtype))


@strategy.register
def _(domain: HiddenDomain):
    return st.lists(st.integers(1, 16), min_size=1, max_size=3).map(tuple)


@strategy.register
def _(domain: DeviceDomain):
    return st.sampled_from([None, "cpu", torch.device("cpu")])


@strategy.register
def _(domain: PrefixCode):
    def words(length):  # codewords of one length: none is a prefix of another
        return st.lists(st.text(alphabet="01", min_size=length, max_size=length), min_size=1, unique=True)

    return st.integers(1, 4).flatmap(words).map(lambda ws: dict(enumerate(ws)))
