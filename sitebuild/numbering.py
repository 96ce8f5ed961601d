"""Numbers of the book's display formulas: per chapter, in reading order, the same in every language.

Chapters are the top-level sections of ``nav`` in order (1, 2, ...); a formula is ``chapter.k``, k
counting the chapter's formula fences page by page (nav order) and down each page. The numbers are
computed from the source language's pages (a translation has the same formulas in the same places,
tests/test_parity.py), so "(2.3)" names the same formula in English and Russian, and a later print
edition shows the same numbers. The page's HTML step puts each number at the formula's right edge as
KaTeX's ``\\tag``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from sitebuild.formulas import Chapter, Formula

# A formula fence's HTML (sitebuild/formulas.py render): its id, then its math placeholder.
_FENCE = re.compile(
    r'(?P<head><div class="formula" id="eq-(?P<id>[a-z0-9-]+)"[^>]*>\s*<div class="arithmatex">\\\[)'
    r"(?P<tex>.*?)(?P<tail>\\\]</div>)",
    re.DOTALL,
)


def formula_numbers(formulas: list[Formula], chapters: list[Chapter]) -> dict[str, str]:
    """Formula id -> "chapter.k" for every formula on a chapter's pages (others get no number)."""
    numbers = {}
    for chapter_number, chapter in enumerate(chapters, start=1):
        on_pages = [f for f in formulas if f.page in chapter.pages]
        on_pages.sort(key=lambda f: (chapter.pages.index(f.page), f.line))
        for k, formula in enumerate(on_pages, start=1):
            numbers[formula.id] = f"{chapter_number}.{k}"
    return numbers


def tag(latex: str, number: str) -> str:
    """The LaTeX of a display formula with its number at the right edge."""
    return f"{latex} \\tag{{{number}}}"


def number_formulas(page_html: str, numbers: Mapping[str, str]) -> str:
    """Each formula fence of a page's HTML with its number as ``\\tag`` (unnumbered ones unchanged)."""
    if not numbers or 'class="formula"' not in page_html:
        return page_html

    def one(match: re.Match[str]) -> str:
        number = numbers.get(match["id"])
        if number is None:
            return match.group(0)
        return match["head"] + html.escape(tag(html.unescape(match["tex"]), number)) + match["tail"]

    return _FENCE.sub(one, page_html)
