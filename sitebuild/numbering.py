"""The book's numbers, the same in every language: chapters, their pages, display formulas,
figures and quizzes.

A chapter's first page is the chapter, ``c``; the pages after it are its sections, ``c.k`` (the
page's heading, the sidebar, the chapter map and the browser tab show them).

Chapters are the top-level sections of ``nav`` in order (1, 2, ...); a formula is ``chapter.k``, k
counting the chapter's formula fences page by page (nav order) and down each page. The numbers are
computed from the source language's pages (a translation has the same formulas in the same places,
tests/test_parity.py), so "(2.3)" names the same formula in English and Russian, and a later print
edition shows the same numbers. The page's HTML step puts each number at the formula's right edge as
KaTeX's ``\\tag``. Figures ("Figure 2.1.", «Рис. 2.1.» before the caption) and quizzes ("Question
2.1.") are numbered the same way, each kind counted on its own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sitebuild.document import parse
from sitebuild.formulas import Chapter, Formula, tagged

# A formula fence's HTML (sitebuild/formulas.py render): its id, then its math placeholder.
_FENCE = re.compile(
    r'(?P<head><div class="formula" id="eq-(?P<id>[a-z0-9-]+)"[^>]*>\s*<div class="arithmatex">\\\[)'
    r"(?P<tex>.*?)(?P<tail>\\\]</div>)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Numbered:
    """A numbered thing of a page (a figure, a quiz): its id, and where it is."""

    id: str
    page: str  # docs-relative
    line: int


def formula_numbers(formulas: list[Formula] | list[Numbered], chapters: list[Chapter]) -> dict[str, str]:
    """Id -> "chapter.k" for every formula (or other :class:`Numbered` thing) on a chapter's pages
    (others get no number)."""
    numbers = {}
    for chapter_number, chapter in enumerate(chapters, start=1):
        on_pages = [f for f in formulas if f.page in chapter.pages]
        on_pages.sort(key=lambda f: (chapter.pages.index(f.page), f.line))
        for k, formula in enumerate(on_pages, start=1):
            numbers[formula.id] = f"{chapter_number}.{k}"
    return numbers


def figure_id(fn: str) -> str:
    """A figure's id, from the function that draws it: ``pacbayes.figures:bound_vs_kl_figure`` ->
    ``bound-vs-kl`` (its anchor is ``#fig-bound-vs-kl``; prose names it ``[[fig:bound-vs-kl]]``)."""
    return fn.rpartition(":")[2].removesuffix("_figure").replace("_", "-")


def figures_and_quizzes(docs_dir: Path) -> tuple[list[Numbered], list[Numbered]]:
    """Every figure and every quiz of the pages under ``docs_dir``, with where it is; two figures
    drawn by functions of the same name are an error (their ids would clash)."""
    from sitebuild.pages import markdown_of  # here: sitebuild.pages reads mkdocs.yml, the pipeline must not

    figures, quizzes = [], []
    for path in sorted(p for p in docs_dir.rglob("*") if p.suffix in {".md", ".py"}):
        page = path.relative_to(docs_dir).as_posix()
        document = parse(markdown_of(path), page)
        for fence in document.of_kind("figure"):
            figures.append(Numbered(figure_id(fence.attrs.get("fn", "")), page, fence.line))
        quizzes += [Numbered(fence.id, page, fence.line) for fence in document.of_kind("quiz") if fence.id]
    seen: dict[str, str] = {}
    for figure in figures:
        if figure.id in seen:
            raise ValueError(f"docs: figures on {seen[figure.id]} and {figure.page} are both drawn by a "
                             f"function named {figure.id!r}: rename one (figure ids come from it)")
        seen[figure.id] = figure.page
    return figures, quizzes


def page_numbers(chapters: list[Chapter]) -> dict[str, str]:
    """Docs-relative page path -> its number: a chapter's first page (its introduction, which the
    sidebar shows as the chapter) is the chapter, "2"; the pages after it are its sections, "2.1",
    "2.2", in ``nav`` order."""
    return {page: f"{c}.{k}" if k else str(c) for c, chapter in enumerate(chapters, start=1)
            for k, page in enumerate(chapter.pages)}


def title_anchors(docs_dir: Path, numbers: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """The ``{#anchor}`` of each numbered page's title -> (the page, its number): what ``[[sec:...]]``
    names (a translation keeps the anchors, tests/test_parity.py)."""
    from sitebuild.pages import markdown_of  # here: sitebuild.pages reads mkdocs.yml, the pipeline must not

    found = {}
    for page, number in numbers.items():
        title = next((h for h in parse(markdown_of(docs_dir / page), page).headings if h.level == 1), None)
        if title is not None and title.id:
            found[title.id] = (page, number)
    return found


def page_title(markdown: str, name: str) -> str:
    """A page's title as its Markdown writes it (its ``# heading``), or ``name`` if it has none."""
    title = next((h for h in parse(markdown, name).headings if h.level == 1), None)
    return title.text if title is not None else name


_H1 = re.compile(r"(<h1\b[^>]*>)")


def number_heading(page_html: str, number: str | None) -> str:
    """The page's title heading with its number in front (unchanged without a number)."""
    if not number:
        return page_html
    return _H1.sub(lambda m: f'{m.group(1)}<span class="itdl-number">{number}</span>\u00a0', page_html, count=1)


def number_formulas(page_html: str, numbers: Mapping[str, str]) -> str:
    """Each formula fence of a page's HTML with its number as ``\\tag`` (unnumbered ones unchanged)."""
    if not numbers or 'class="formula"' not in page_html:
        return page_html

    def one(match: re.Match[str]) -> str:
        number = numbers.get(match["id"])
        if number is None:
            return match.group(0)
        return match["head"] + html.escape(tagged(html.unescape(match["tex"]), number)) + match["tail"]

    return _FENCE.sub(one, page_html)


_FIGURE = re.compile(r'<figure class="itdl-figure" data-figure-fn="(?P<fn>[^"]+)">(?P<body>.*?)<figcaption>', re.DOTALL)
_QUIZ_LABEL = re.compile(r'data-quiz-id="(?P<id>[^"]+)">(?P<between>.*?)<span class="quiz__label">[^<]*</span>',
                         re.DOTALL)


def number_figures(page_html: str, numbers: Mapping[str, str], label: str) -> str:
    """Each figure with its anchor (``fig-<id>``) and its number before the caption (``label``:
    "Figure {number}.")."""
    if "itdl-figure" not in page_html:
        return page_html

    def one(match: re.Match[str]) -> str:
        fig = figure_id(html.unescape(match["fn"]))
        number = numbers.get(fig)
        shown = f'<span class="itdl-fig-number">{label.format(number=number)}</span> ' if number else ""
        return (f'<figure class="itdl-figure" id="fig-{fig}" data-figure-fn="{match["fn"]}">{match["body"]}'
                f"<figcaption>{shown}")

    return _FIGURE.sub(one, page_html)


def number_quizzes(page_html: str, numbers: Mapping[str, str], label: str) -> str:
    """Each quiz's label with its number (``label``: "Question {number}.")."""
    if not numbers or "data-quiz-id" not in page_html:
        return page_html

    def one(match: re.Match[str]) -> str:
        number = numbers.get(match["id"])
        if number is None:
            return match.group(0)
        return (f'data-quiz-id="{match["id"]}">{match["between"]}'
                f'<span class="quiz__label">{label.format(number=number)}</span>')

    return _QUIZ_LABEL.sub(one, page_html)
