"""Each language is a full edition: the same pages with the same structure as English.

Compared page by page: heading anchors, formula IDs with their LaTeX, include lines, code blocks,
figures, images, and for notebooks their code cells. A mismatch names the page and the item.
"""

from __future__ import annotations

import pytest

from sitebuild.pages import DOCS, page_languages, pages, structure_differences

TRANSLATIONS = [lang for lang in page_languages() if lang != "en"]
SOURCE_PAGES = [p.relative_to(DOCS / "en").as_posix() for p in pages("en")]


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_same_pages(lang):
    translated = {p.relative_to(DOCS / lang).as_posix() for p in pages(lang)}
    missing = [page for page in SOURCE_PAGES if page not in translated]
    extra = sorted(translated - set(SOURCE_PAGES))
    assert not missing, f"docs/{lang}: pages not translated yet: {missing}"
    assert not extra, f"docs/{lang}: pages that English does not have: {extra}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
@pytest.mark.parametrize("page", SOURCE_PAGES)
def test_same_structure(lang, page):
    translated = DOCS / lang / page
    if not translated.exists():
        pytest.fail(f"docs/{lang}/{page}: missing (see test_same_pages)")
    problems = structure_differences(DOCS / "en" / page, translated, f"docs/en/{page}", f"docs/{lang}/{page}")
    assert not problems, "\n".join(problems)
