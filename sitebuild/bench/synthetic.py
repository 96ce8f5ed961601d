"""Synthetic Markdown sites of any size for the scaling benchmark: every page like a short lesson."""

from __future__ import annotations

import shutil
from pathlib import Path

GENERATED = ["formulas.md", "glossary.md", "bibliography.md"]  # pages the site's plugins add to every build


def synthetic_page(n: int) -> str:
    """Page ``n``: inline and display math, an admonition, a code block and some prose."""
    return (
        f"# Page {n}\n\n"
        f"A paragraph with inline math $x_{{{n}}}^2 + y_{{{n}}}$ and $\\sum_{{i=1}}^{{{n}}} i$.\n\n"
        f"$$\n\\int_0^{{{n}}} e^{{-t^2}}\\,dt \\le \\frac{{\\sqrt{{\\pi}}}}{{2}} + {n}\n$$\n\n"
        '!!! note "Remark"\n\n    Admonitions and lists are part of every lesson.\n\n'
        f"```python\ndef page_{n}(x):\n    return x ** {n % 7 + 1}\n```\n\n"
        + "Prose. " * 120 + "\n"
    )


def synthetic_docs(docs: Path, count: int) -> list[str]:
    """Replace ``docs`` with an index and ``count`` pages; returns the nav (generated pages last)."""
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Synthetic site\n\nPages for the build benchmark.\n", "utf-8")
    nav = ["index.md"]
    for n in range(1, count + 1):
        name = f"page-{n:04d}.md"
        (docs / name).write_text(synthetic_page(n), "utf-8")
        nav.append(name)
    return [*nav, *GENERATED]
