"""Formula numbers: per chapter in reading order, the same in every language (sitebuild/numbering.py)."""

from __future__ import annotations

import html
import re

import pytest

from sitebuild import mathwords, numbering
from sitebuild.formulas import Chapter, Formula, chapters_of, collect_formulas
from sitebuild.languages import language_config
from sitebuild.pages import DOCS, page_languages


def _formula(formula_id: str, page: str, line: int) -> Formula:
    return Formula(formula_id, "x.py:s", "x", page, line)


def test_formulas_are_numbered_per_chapter_page_by_page_then_down_each_page():
    chapters = [Chapter("a", "A", ("a/index.md", "a/two.md")), Chapter("b", "B", ("b/index.md",))]
    found = [_formula("a-late", "a/index.md", 90), _formula("b-first", "b/index.md", 5),
             _formula("a-two", "a/two.md", 1), _formula("a-early", "a/index.md", 10),
             _formula("loose", "other.md", 1)]
    assert numbering.formula_numbers(found, chapters) == {
        "a-early": "1.1", "a-late": "1.2", "a-two": "1.3", "b-first": "2.1"}


def test_a_formula_fence_gets_its_number_as_a_tag_and_keeps_it_in_every_language():
    fence = '<div class="formula" id="eq-pb-x" data-formula-id="pb-x"><div class="arithmatex">\\[a &lt; 0.5\\]</div>'
    numbered = numbering.number_formulas(fence + '<div class="formula" id="eq-other">', {"pb-x": "2.3"})
    assert numbered.startswith('<div class="formula" id="eq-pb-x" data-formula-id="pb-x"><div class="arithmatex">'
                               "\\[a &lt; 0.5 \\tag{2.3}\\]</div>")
    assert mathwords.localize("a < 0.5 \\tag{2.3}", "ru") == "a < 0{,}5 \\tag{2.3}"


SHOWN_NUMBER = re.compile(r'id="eq-(?P<id>[a-z0-9-]+)".*?<span class="katex-tag">(?P<tag>.*?)</span></span></span>',
                          re.S)


def _shown_numbers(site, lang) -> dict[str, str]:
    shown = {}
    for page in sorted((site / ("" if lang == "en" else lang)).rglob("index.html")):
        if "formulas" in page.parts:
            continue
        for match in SHOWN_NUMBER.finditer(page.read_text("utf-8")):
            shown[match["id"]] = html.unescape(re.sub(r"<[^>]+>", "", match["tag"]))
    return shown


@pytest.mark.parametrize("lang", page_languages())
def test_every_formula_shows_the_number_of_its_place_in_the_book_in_every_language(built_site, lang):
    expected = numbering.formula_numbers(collect_formulas(DOCS / "en"), chapters_of(language_config("en").nav))
    assert len(expected) == len(collect_formulas(DOCS / "en")) > 50
    assert _shown_numbers(built_site, lang) == {formula_id: f"({n})" for formula_id, n in expected.items()}
