"""Build time against number of pages: synthetic sites built cold, cached and by plain MkDocs.

All builds run in this process and each is timed as its second run (cached: after the cold build;
plain MkDocs: after a first build that imports its extensions), so startup and imports count for
neither side.
"""

from __future__ import annotations

import cProfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from sitebuild.bench.plain import plain_config
from sitebuild.bench.process import env_var
from sitebuild.bench.profiling import SCALING_PARTS, profile_rows
from sitebuild.bench.synthetic import synthetic_docs
from sitebuild.paths import ROOT

SCALING_PAGES = [10, 100, 500]


def _seconds(build: Callable[[], object]) -> float:
    start = time.perf_counter()
    build()
    return time.perf_counter() - start


def _build_site(docs: Path, site: Path, nav: list[str]) -> None:
    from mkdocs.commands.build import build

    from sitebuild.languages import language_config

    build(language_config("en", docs_dir=str(docs), site_dir=str(site), nav=nav))


def _build_plain(config: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(config)))


def measure_scaling(tmp: Path) -> list[dict]:
    """One row per size; the largest also profiled (:data:`SCALING_PARTS`)."""
    rows = []
    for count in SCALING_PAGES:
        docs = tmp / f"synthetic-{count}"
        ours = partial(_build_site, docs, tmp / f"synthetic-site-{count}", synthetic_docs(docs, count))
        plain = partial(_build_plain, plain_config(tmp, docs, tmp / f"synthetic-plain-{count}", f"synthetic-{count}"))
        with env_var("ITDL_CACHE_DIR", str(tmp / f"synthetic-cache-{count}")):
            row = {"pages": count, "cold_s": _seconds(ours), "cached_s": _seconds(ours)}
            if count == SCALING_PAGES[-1]:
                profiler = cProfile.Profile()
                profiler.runcall(ours)
                row["profile"] = profile_rows(profiler, SCALING_PARTS)
        plain()
        row["plain_mkdocs_s"] = _seconds(plain)
        row["cached_ratio"] = row["cached_s"] / row["plain_mkdocs_s"]
        rows.append(row)
    return rows


def scaling_figure(rows: list[dict]) -> str:
    """The rows as a standalone SVG line chart, styled like the site's charts."""
    from sitebuild.svgplot import line_chart

    svg = line_chart(
        [row["pages"] for row in rows],
        {
            "this site, empty cache": [row["cold_s"] for row in rows],
            "this site, cached": [row["cached_s"] for row in rows],
            "plain MkDocs": [row["plain_mkdocs_s"] for row in rows],
        },
        xlabel="pages (synthetic, log scale)", ylabel="build time (s)",
        title="Build time against number of pages", xlog=True,
    )
    css = (ROOT / "sitebuild" / "theme" / "assets" / "itdl.css").read_text("utf-8")
    rules = "\n".join(line for line in css.splitlines() if line.startswith(".itdl-chart"))
    return svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1).replace(
        ">", f"><style>{rules}</style>", 1
    )
