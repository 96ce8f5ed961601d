"""Reading pages the way the build does, for the tests and the translator tools.

* :func:`python_blocks`: every fenced Python block of a page, with ``--8<--`` includes expanded
  by pymdownx.snippets itself (configured exactly as in ``mkdocs.yml``), and the output the page
  shows for it (``#> `` lines, as pydantic's docs do);
* :func:`structure`: what must be identical between a page and its translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown

from sitebuild import citations, crossrefs, explorers
from sitebuild.document import parse
from sitebuild.formulas import formulas_in_text
from sitebuild.languages import CONFIG_FILE, ROOT, languages
from sitebuild.notebooks import markdown_cells
from sitebuild.quiz import quizzes_in_text

DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
_IMAGE = re.compile(r"!\[[^\]]*\]\((?P<src>[^)\s]+)")


@cache
def _snippets_md() -> markdown.Markdown:
    from mkdocs.config import load_config

    options = dict(load_config(str(CONFIG_FILE)).mdx_configs["pymdownx.snippets"])
    options["base_path"] = [str(SNIPPETS)]
    return markdown.Markdown(
        extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": options}
    )


def expand_includes(source: str) -> str:
    """Expand ``--8<--`` lines with pymdownx.snippets, as the page build does."""
    md = _snippets_md()
    md.reset()
    return "\n".join(md.preprocessors["snippet"].run(source.splitlines()))


@dataclass(frozen=True)
class PythonBlock:
    page: str  # docs/<lang>/...
    line: int
    source: str  # after include expansion
    expected_output: list[str] | None  # the "#> " lines, or None if the page shows no output

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


def python_blocks(page: Path) -> list[PythonBlock]:
    rel = page.relative_to(ROOT).as_posix()
    blocks = []
    for fence in parse(page.read_text(encoding="utf-8"), rel).of_kind("python", "py", "pycon"):
        source = expand_includes(fence.body)
        expected = [
            line.strip()[3:] if line.strip() != "#>" else ""
            for line in source.splitlines()
            if line.strip().startswith("#> ") or line.strip() == "#>"
        ]
        blocks.append(PythonBlock(rel, fence.line, source, expected or None))
    return blocks


def pages(lang: str, docs: Path = DOCS) -> list[Path]:
    """Markdown pages and jupytext notebooks of one language, in path order."""
    root = Path(docs) / lang
    return sorted(p for p in root.rglob("*") if p.suffix in {".md", ".py"} and p.is_file())


def page_languages() -> list[str]:
    return list(languages())


def markdown_of(page: Path) -> str:
    """A page's Markdown: the file, or for a notebook its Markdown cells (code cells are not prose)."""
    text = page.read_text(encoding="utf-8")
    return "\n\n".join(markdown_cells(text)) if page.suffix == ".py" else text


def structure(page: Path) -> dict[str, list]:
    """What must be identical between a page and its translation, in page order (for a notebook:
    its code cells, and the structure of its Markdown cells read as one page)."""
    found = markdown_structure(markdown_of(page), page.name)
    if page.suffix == ".py":
        from sitebuild.notebooks import code_cells, read

        return {"notebook code cells": code_cells(read(page)), **found}
    return found


def markdown_structure(text: str, name: str) -> dict[str, list]:
    document = parse(text, name)
    headings = document.headings
    return {
        "heading anchors": [h.id for h in headings if h.id],
        "headings without an explicit {#id}": [document.prose_lines[h.line - 1] for h in headings if not h.id],
        "formulas (id, code, LaTeX)": [(f.id, f.code, f.latex) for f in formulas_in_text(text, name)],
        "includes": document.includes,
        "code blocks": [
            (f.info, f.body) for f in document.fences if f.kind not in {"formula", "figure", "explorer", "quiz", ""}
        ],
        # what an explorer computes and shows is the same in every language; only its words differ
        "explorers (options, labelled names)": [
            (f.info, explorers.labelled_names(f.body)) for f in document.of_kind("explorer")
        ],
        "figures": [f.attrs.get("fn") for f in document.of_kind("figure")],
        "quizzes (id, right options, computed values)": [q.signature() for q in quizzes_in_text(text, name)],
        "images": [m.group("src") for line in document.prose_lines for m in _IMAGE.finditer(line)],
        # a sentence may put them in another order
        "references ([[eq:…]])": sorted(m.group(0) for m in crossrefs.PATTERN.finditer(document.prose)),
        "citations ([@key])": sorted(citations.cited_keys(text, name).elements()),
    }


NO_EXPLICIT_ID = "headings without an explicit {#id}"


def structure_differences(
    source: Path, target: Path, source_name: str | None = None, target_name: str | None = None
) -> list[str]:
    """How ``target`` (a translation) departs from the :func:`structure` of ``source`` (English),
    one message per item; every heading of both must carry an explicit ``{#id}``."""
    source_name, target_name = source_name or str(source), target_name or str(target)
    expected_all, found_all = structure(source), structure(target)
    problems = []
    for item, expected in expected_all.items():
        found = found_all[item]
        if item == NO_EXPLICIT_ID:
            if expected:
                problems.append(f"{source_name}: headings need an explicit {{#id}}: {expected}")
            if found:
                problems.append(f"{target_name}: headings need {{#id}}: {found}")
        elif found != expected:
            where = next(
                (i for i, (a, b) in enumerate(zip(expected, found, strict=False)) if a != b),
                min(len(expected), len(found)),
            )
            detail = f"item {where + 1}: {_short(expected, where)} in English, {_short(found, where)} here"
            problems.append(f"{target_name}: {item} differ from {source_name} ({detail})")
    return problems


def _short(values: list, index: int) -> str:
    if index >= len(values):
        return "nothing"
    text = repr(values[index])
    return text if len(text) <= 80 else text[:77] + "..."
