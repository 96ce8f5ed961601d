"""The site's formula rules, for every page of every language.

Every display formula is a ``formula`` fence with an ID, the snippet section computing it, and at
least one test marked ``@pytest.mark.formula(ID)``; the same IDs with the same LaTeX exist in every
language; no test names an ID that no page has. A failure names the file and the ID.
"""

from __future__ import annotations

import re

import pytest

from sitebuild import formulas
from sitebuild.document import parse, valid_id
from sitebuild.pages import ROOT, page_languages, pages

LANGS = page_languages()
TESTS = formulas.TestIndex.scan()
_DISPLAY_MATH = re.compile(r"\$\$|\\\[|\\begin\{(?:equation|align|gather)")


def _by_lang():
    return {lang: formulas.collect_formulas(ROOT / "docs" / lang) for lang in LANGS}


BY_LANG = _by_lang()
ALL = [(lang, f) for lang, found in BY_LANG.items() for f in found]


@pytest.mark.parametrize("lang,formula", ALL, ids=lambda v: getattr(v, "id", v))
def test_formula_has_id_code_and_a_test(lang, formula):
    where = f"docs/{lang}/{formula.page}:{formula.line}"
    assert valid_id(formula.id), f"{where}: formula without a valid id"
    assert formula.code, f"{where}: formula {formula.id} has no code=\"file.py:section\""
    for ref in formulas.code_refs(formula.code):  # one section, or several separated by spaces
        formulas.read_section(ref)  # raises, naming the section, if it does not exist
    assert TESTS.by_id.get(formula.id), (
        f"{where}: formula {formula.id} has no test marked @pytest.mark.formula({formula.id!r})"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_ids_are_unique_within_a_language(lang):
    seen = {}
    for f in BY_LANG[lang]:
        assert f.id not in seen, f"docs/{lang}/{f.page}: id {f.id} also on {seen[f.id]}"
        seen[f.id] = f.page


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_every_id_exists_in_every_language_with_identical_latex(lang):
    source = {f.id: f for f in BY_LANG["en"]}
    translated = {f.id: f for f in BY_LANG[lang]}
    for formula_id in sorted(source.keys() - translated.keys()):
        pytest.fail(f"formula {formula_id} (docs/en/{source[formula_id].page}) missing in {lang}")
    for formula_id in sorted(translated.keys() - source.keys()):
        pytest.fail(f"formula {formula_id} (docs/{lang}/{translated[formula_id].page}) not in en")
    for formula_id, f in translated.items():
        assert f.latex == source[formula_id].latex, (
            f"docs/{lang}/{f.page}: LaTeX of {formula_id} differs from docs/en/"
            f"{source[formula_id].page}; formulas are shared, never re-typed"
        )
        assert f.code == source[formula_id].code, f"docs/{lang}/{f.page}: code of {formula_id}"


def test_every_test_names_an_existing_formula():
    on_pages = {f.id for _, f in ALL}
    for formula_id, tests in sorted(TESTS.by_id.items()):
        assert formula_id in on_pages, f"{tests[0]} names formula {formula_id}, which no page has"


@pytest.mark.parametrize(
    "page", [p for lang in LANGS for p in pages(lang)], ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_no_display_math_outside_formula_fences(page):
    text = page.read_text(encoding="utf-8")
    lines = parse(text, page.name).prose_lines if page.suffix == ".md" else text.splitlines()
    for number, line in enumerate(lines, start=1):
        if _DISPLAY_MATH.search(line):
            pytest.fail(
                f"{page.relative_to(ROOT)}:{number}: display math outside a ```formula fence "
                "(every display formula needs an ID, code and a test)"
            )


def test_a_formula_without_a_test_is_reported(caplog):
    html = formulas.render("no-such-formula", "pacbayes/kl.py:binary_kl", "x", "en",
                           formulas.TestIndex(), "https://example.org/blob/main")
    assert 'id="eq-no-such-formula"' in html
    assert "no test is marked" in caplog.text


@pytest.mark.parametrize(
    "formula_id,code,message",
    [
        ("", "pacbayes/kl.py:binary_kl", "needs id="),
        ("Bad ID", "pacbayes/kl.py:binary_kl", "needs id="),
        ("ok-id", "", "needs code="),
        ("ok-id", "pacbayes/kl.py:no_such_section", "no section 'no_such_section'"),
        ("ok-id", "pacbayes/nope.py:x", "no file snippets/pacbayes/nope.py"),
    ],
)
def test_broken_formula_fences_fail_with_a_message(formula_id, code, message):
    with pytest.raises(formulas.FormulaError, match=re.escape(message)):
        formulas.render(formula_id, code, "x", "en", TESTS, "https://example.org/blob/main")
