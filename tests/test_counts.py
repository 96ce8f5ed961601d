"""Counts from the source, never floors: what each page declares is what the parser sees and what
the built page shows, page by page, in every language.

The source is read here by a plain line match on opening fences (```formula, ```quiz, ```figure,
```python), a route independent of the document parser the build uses (sitebuild/document.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitebuild.document import parse
from sitebuild.pages import DOCS, markdown_of, page_languages, pages, python_blocks

KINDS = ("formula", "quiz", "figure", "python")
OPENING = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*(formula|quiz|figure|python)\b", re.M)
SHOWN = {  # how the built HTML marks one of each
    "formula": re.compile(r'<div class="formula" id="eq-'),
    "quiz": re.compile(r'<div class="quiz" id="[^"]+" data-quiz-id="'),
    "figure": re.compile(r'<figure class="itdl-figure"'),
}
PAGES = [(lang, page) for lang in page_languages() for page in pages(lang)]


def declared(page: Path) -> dict[str, int]:
    """Opening fences of each kind on a page (a notebook: in its Markdown cells; its code cells are
    not fences)."""
    found = dict.fromkeys(KINDS, 0)
    for kind in OPENING.findall(markdown_of(page)):
        found[kind] += 1
    return found


def built_page(site: Path, lang: str, page: Path) -> Path:
    parts = page.relative_to(DOCS / lang).with_suffix("").parts
    parts = parts[:-1] if parts[-1] == "index" else parts
    return site.joinpath(*([] if lang == "en" else [lang]), *parts, "index.html")


def _id(value):
    return value.relative_to(DOCS).as_posix() if isinstance(value, Path) else value


@pytest.mark.parametrize("lang,page", PAGES, ids=_id)
def test_the_parser_sees_every_fence_the_page_declares(lang: str, page: Path) -> None:
    document = parse(markdown_of(page), page.name)
    seen = {kind: len(document.of_kind(kind)) for kind in KINDS}
    assert seen == declared(page), f"docs/{_id(page)}"
    if page.suffix == ".md":
        assert len(python_blocks(page)) == declared(page)["python"], f"docs/{_id(page)}: code blocks run"


def test_the_site_declares_what_its_pages_have() -> None:
    """Totals over the English pages, from the source, against the translation's."""
    totals = {lang: {kind: sum(declared(p)[kind] for p in pages(lang)) for kind in KINDS}
              for lang in page_languages()}
    for lang, found in totals.items():
        assert found == totals["en"], f"{lang}: {found} declared, English {totals['en']}"
    assert all(totals["en"][kind] for kind in KINDS), f"a kind of fence no page uses: {totals['en']}"


@pytest.mark.parametrize("lang,page", PAGES, ids=_id)
def test_the_built_page_shows_each_declared_formula_quiz_and_figure(built_site: Path, lang: str,
                                                                     page: Path) -> None:
    html = built_page(built_site, lang, page).read_text("utf-8")
    want = declared(page)
    shown = {kind: len(pattern.findall(html)) for kind, pattern in SHOWN.items()}
    assert shown == {kind: want[kind] for kind in SHOWN}, f"docs/{_id(page)}"
