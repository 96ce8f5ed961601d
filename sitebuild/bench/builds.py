"""Cold and cached builds of the whole site against plain MkDocs, and a profile of the cached build."""

from __future__ import annotations

import cProfile
import os
import statistics
import sys
from pathlib import Path

from sitebuild.bench.plain import plain_config
from sitebuild.bench.process import env_var, wall
from sitebuild.bench.profiling import PROFILE_PARTS, profile_rows
from sitebuild.paths import ROOT


def measure_builds(tmp: Path, repeat: int = 3) -> dict:
    """Seconds for a cold build (empty cache in ``tmp/cache``), a cached one and plain MkDocs, each a
    new process; the site is left in ``tmp/site``."""
    from sitebuild.languages import languages

    env = {**os.environ, "ITDL_CACHE_DIR": str(tmp / "cache")}
    build = [sys.executable, "-m", "sitebuild", "build", "--site-dir", str(tmp / "site")]
    cold = wall(build, env)
    cached = statistics.median(wall(build, env) for _ in range(repeat))
    configs = [plain_config(tmp, ROOT / "docs" / lang, tmp / "plain" / lang, lang) for lang in languages()]
    plain = statistics.median(
        sum(wall([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(c)]) for c in configs)
        for _ in range(repeat)
    )
    return {
        "cold_s": cold, "cached_s": cached, "plain_mkdocs_s": plain,
        "cached_ratio": cached / plain, "profile": profile_cached_build(tmp),
        "note": "each a new process (startup and imports included), every language; "
        f"median of {repeat}; plain MkDocs builds each language in its own process",
    }


def profile_cached_build(tmp: Path) -> list[dict]:
    """:data:`PROFILE_PARTS` of the second in-process build (imports and caches warm), its languages
    one after another (side by side, each would be its own process, unseen by cProfile)."""
    from sitebuild.build import build

    with env_var("ITDL_CACHE_DIR", str(tmp / "cache")):  # the languages one after another: cProfile sees one process
        build(site_dir=str(tmp / "site"), jobs=1)
        profiler = cProfile.Profile()
        profiler.runcall(build, site_dir=str(tmp / "site"), jobs=1)
    return profile_rows(profiler, PROFILE_PARTS)
