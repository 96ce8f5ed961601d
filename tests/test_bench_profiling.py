"""Profile rows from a real cProfile (sitebuild/bench/profiling.py)."""

import cProfile
import time

from sitebuild.bench.profiling import profile_rows

HERE = "tests/test_bench_profiling.py"
NAP_S = 0.02


def _inner() -> None:
    time.sleep(NAP_S)


def _outer() -> None:
    _inner()
    _inner()


def _never() -> None:
    pass


def test_rows_nest_count_calls_and_match_the_file():
    profiler = cProfile.Profile()
    profiler.runcall(_outer)
    parts = [("outer", HERE, "_outer"), ("  inner", HERE, "_inner"), ("never", HERE, "_never"),
             ("same name, other file", "sitebuild/build.py", "_outer")]
    outer, inner, never, elsewhere = profile_rows(profiler, parts)
    assert (outer["calls"], inner["calls"], never["calls"], elsewhere["calls"]) == (1, 2, 0, 0)
    assert inner["s"] >= 2 * NAP_S
    assert outer["s"] >= inner["s"]
    assert outer["share"] == 1.0 and 0.5 < inner["share"] <= 1.0
    assert never["s"] == elsewhere["s"] == 0
