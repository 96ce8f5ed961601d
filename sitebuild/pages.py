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

from sitebuild.formulas import formulas_in_text, parse_attrs
from sitebuild.languages import CONFIG_FILE, ROOT, languages
from sitebuild.quiz import quizzes_in_text

DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)$")
_ANCHOR = re.compile(r"^#{1,6}\s.*\{#(?P<id>[A-Za-z0-9_-]+)\}\s*$")
_HEADING = re.compile(r"^#{1,6}\s")
_INCLUDE = re.compile(r"""^\s*-{1,}8<-{1,}\s+["'](?P<ref>[^"']+)["']\s*$""")
_IMAGE = re.compile(r"!\[[^\]]*\]\((?P<src>[^)\s]+)")


@dataclass(frozen=True)
class Fence:
    info: str  # what follows the opening fence: language and options
    body: str
    line: int  # 1-based line of the opening fence

    @property
    def language(self) -> str:
        return self.info.split(maxsplit=1)[0] if self.info.strip() else ""


def fences(text: str) -> list[Fence]:
    """Top-level fenced blocks of a Markdown text (nested fences stay inside their parent)."""
    lines = text.splitlines()
    found, index = [], 0
    while index < len(lines):
        match = _FENCE_OPEN.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence = match.group("indent"), match.group("fence")
        closing = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = next((j for j in range(index + 1, len(lines)) if closing.match(lines[j])), None)
        if end is None:
            raise ValueError(f"unclosed code fence at line {index + 1}")
        body = "\n".join(line[len(indent) :] for line in lines[index + 1 : end])
        found.append(Fence(match.group("info").strip(), body, index + 1))
        index = end + 1
    return found


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
    for fence in fences(page.read_text(encoding="utf-8")):
        if fence.language not in {"python", "py", "pycon"}:
            continue
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


def structure(page: Path) -> dict[str, list]:
    """What must be identical between a page and its translation, in page order."""
    text = page.read_text(encoding="utf-8")
    if page.suffix == ".py":
        from sitebuild.notebooks import code_cells, read

        notebook = read(page)
        lines = [
            line
            for cell in notebook.cells
            if cell.cell_type == "markdown"
            for line in cell.source.splitlines()
        ]
        return {
            "notebook code cells": code_cells(notebook),
            "heading anchors": [m.group("id") for m in map(_ANCHOR.match, lines) if m],
            "headings without an explicit {#id}": [
                line for line in lines if _HEADING.match(line) and not _ANCHOR.match(line)
            ],
        }
    all_fences = fences(text)
    outside = _outside_fences(text, all_fences)
    return {
        "heading anchors": [m.group("id") for m in map(_ANCHOR.match, outside) if m],
        "headings without an explicit {#id}": [
            line for line in outside if _HEADING.match(line) and not _ANCHOR.match(line)
        ],
        "formulas (id, code, LaTeX)": [
            (f.id, f.code, f.latex) for f in formulas_in_text(text, page.name)
        ],
        "includes": [m.group("ref") for line in text.splitlines() if (m := _INCLUDE.match(line))],
        "code blocks": [
            (f.info, f.body) for f in all_fences if f.language not in {"formula", "figure", "quiz", ""}
        ],
        "figures": [parse_attrs(f.info).get("fn") for f in all_fences if f.language == "figure"],
        "quizzes (id, right options, computed values)": [q.signature() for q in quizzes_in_text(text)],
        "images": [m.group("src") for line in outside for m in _IMAGE.finditer(line)],
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


def _outside_fences(text: str, all_fences: list[Fence]) -> list[str]:
    lines = text.splitlines()
    inside = set()
    for fence in all_fences:
        inside.update(range(fence.line - 1, fence.line + fence.body.count("\n") + 2))
    return [line for index, line in enumerate(lines) if index not in inside]
