"""Where a build's time goes: cumulative cProfile times of labelled functions.

Each part is ``(label, file suffix, function name)``; a leading indent in the label marks a part
that runs inside the one above (times are cumulative, so parts nest and shares do not add up).
When a function is renamed or moved, update its line here: the report shows a part whose function
never ran as "not called".
"""

from __future__ import annotations

import cProfile
import os
import pstats

PROFILE_PARTS = [  # the cached build of the whole site (sitebuild.bench.builds)
    ("everything in-process (after imports)", "sitebuild/build.py", "build"),
    ("load and validate config (per language)", "mkdocs/config/base.py", "load_config"),
    ("plugin setup: fences, test index, glossary", "sitebuild/plugin.py", "on_config"),
    ("files: notebooks as pages, generated pages", "sitebuild/plugin.py", "on_files"),
    ("  notebooks as pages (in worker threads, which cProfile does not see)", "sitebuild/plugin.py", "_notebook"),
    ("Markdown steps: computed values, notices", "sitebuild/pipeline.py", "markdown_steps"),
    ("Markdown to HTML, all extensions", "mkdocs/structure/pages.py", "render"),
    ("  formula fences (code, tests)", "sitebuild/formulas.py", "fence_format"),
    ("  quiz fences (cached rendering)", "sitebuild/quiz.py", "fence_format"),
    ("  figure fences (cached SVG)", "sitebuild/figures.py", "fence_format"),
    ("  figures computed now", "sitebuild/figures.py", "compute"),
    ("HTML steps: glossary, lines under the title, KaTeX", "sitebuild/pipeline.py", "html_steps"),
    ("  math typesetting (KaTeX, from cache)", "sitebuild/katex.py", "typeset_page"),
    ("page templates (Material), writing files", "mkdocs/commands/build.py", "_build_page"),
    ("  navigation sidebar (cached per build)", "sitebuild/navcache.py", "html"),
    ("theme and asset files copied", "mkdocs/structure/files.py", "copy_static_files"),
    ("search index (Pagefind)", "sitebuild/build.py", "index_search"),
]

SCALING_PARTS = [  # the cached build of the largest synthetic site (sitebuild.bench.scaling)
    ("one language, cached, in-process", "mkdocs/commands/build.py", "build"),
    ("  page templates (Material), writing files", "mkdocs/commands/build.py", "_build_page"),
    ("    navigation sidebar (cached per build: sitebuild/navcache.py)", "sitebuild/navcache.py", "html"),
    ("  Markdown to HTML", "mkdocs/structure/pages.py", "render"),
    ("  math typesetting (KaTeX, from cache)", "sitebuild/katex.py", "typeset_page"),
]


def profile_rows(profiler: cProfile.Profile, parts: list[tuple[str, str, str]]) -> list[dict]:
    """One row per part: ``part`` (label), ``calls``, ``s`` (cumulative seconds) and ``share`` of the
    first part's time."""
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = []
    for label, suffix, name in parts:
        matches = [
            (calls, cumulative) for (file, _, func), (_, calls, _, cumulative, _) in stats.items()
            if func == name and file.replace(os.sep, "/").endswith(suffix)
        ]
        rows.append({"part": label, "calls": sum(c for c, _ in matches), "s": sum(s for _, s in matches)})
    total = rows[0]["s"] or 1.0
    for row in rows:
        row["share"] = row["s"] / total
    return rows
