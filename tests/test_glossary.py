"""The glossary data file drives the Glossary pages, the hover definitions and the terminology."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from sitebuild.glossary import GLOSSARY_FILE, entries, terminology_problems
from sitebuild.pages import page_languages, pages

LANGS = page_languages()


def test_every_entry_has_a_term_and_definition_in_every_language() -> None:
    found = entries()
    assert len(found) >= 10, f"{GLOSSARY_FILE}: too few entries"
    for entry in found:
        assert set(entry.terms) == set(LANGS), f"{entry.id}: languages {sorted(entry.terms)}"
    wanted = {"prior": "априорное распределение", "fisher-information": "информация Фишера",
              "natural-gradient": "натуральный градиент", "description-length": "длина описания"}
    by_id = {entry.id: entry for entry in found}
    for entry_id, russian in wanted.items():
        assert by_id[entry_id].terms["ru"] == russian


@pytest.mark.parametrize("lang", LANGS)
def test_pages_use_the_canonical_terms(lang: str) -> None:
    problems = [
        problem
        for page in pages(lang)
        for problem in terminology_problems(page.read_text("utf-8"), lang, str(page))
    ]
    assert not problems, "terms the glossary rules out:\n" + "\n".join(problems)


def test_the_terminology_check_finds_a_variant_outside_code_and_math() -> None:
    text = "Мы называем это фишеровская информация.\n`фишеровская информация` в коде\n$x$ и постериор\n"
    problems = terminology_problems(text, "ru", "page.md")
    assert problems == [
        "page.md:1: 'фишеровская информация' -> use the glossary term 'информация Фишера' (fisher-information)",
        "page.md:3: 'постериор' -> use the glossary term 'апостериорное распределение' (posterior)",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_page_lists_every_term_with_its_translation(built_site: Path, lang: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    page = (built_site / prefix / "glossary" / "index.html").read_text("utf-8")
    page = page.replace("\u00a0", " ")  # the typographer binds short words: «нормализация по\u00a0слою»
    text = html.unescape(page)  # "Occam&#x27;s bound"
    for entry in entries():
        assert f'id="{entry.id}"' in page, entry.id
        for written in entry.terms.values():
            assert written in text, written


@pytest.mark.parametrize("lang", LANGS)
def test_a_term_gets_its_definition_in_the_page_language_once(built_site: Path, lang: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    chapter = (built_site / prefix / "pac-bayes" / "index.html").read_text("utf-8")
    titles = [html.unescape(t) for t in re.findall(r'<abbr title="([^"]*)">', chapter)]
    by_id = {entry.id: entry for entry in entries()}
    assert by_id["prior"].definitions[lang] in titles
    assert len(titles) == len(set(titles)), "a term got more than one hover on the page"
    assert not re.search(r"<h[1-6][^>]*>(?:(?!</h).)*<abbr", chapter, re.S), "hover inside a heading"
