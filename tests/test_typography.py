"""Each edition typeset in its own language: words and decimal sign inside formulas, numbers,
dashes, figure ticks and legends (sitebuild/mathwords.py, numbers.py, typography.py, figures.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import figures, glossary, mathwords, numbers, typography, values
from sitebuild.pages import page_languages

EDITIONS = [lang for lang in page_languages() if lang != mathwords.SOURCE_LANGUAGE]
ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)


# -- formulas ----------------------------------------------------------------------------------


def test_a_formula_shows_russian_words_and_a_decimal_comma_on_a_russian_page():
    tex = r"H = -\sum_x p(x)\log_2 p(x) \quad \text{bits}, \qquad \alpha_N \approx 0.076 \text{ for the mean }"
    assert mathwords.localize(tex, "ru") == (
        r"H = -\sum_x p(x)\log_2 p(x) \quad \text{бит}, \qquad \alpha_N \approx 0{,}076 \text{ для среднего }"
    )
    assert mathwords.localize(tex, "en") == tex


def test_symbols_and_tex_dimensions_are_written_alike_in_every_language():
    tex = r"\hat w_{\mathrm{MAP}} \hspace{0.5em} \frac{\mathrm{wd}}{2} + 10.5"
    assert mathwords.localize(tex, "ru") == r"\hat w_{\mathrm{MAP}} \hspace{0.5em} \frac{\mathrm{wd}}{2} + 10{,}5"


def test_a_formula_word_without_a_translation_fails_naming_the_word_and_the_file(tmp_path):
    words = tmp_path / "formula-words.yml"
    words.write_text("symbols: [MAP]\nwords:\n  bits:\n    ru: бит\n", "utf-8")
    with pytest.raises(ValueError, match=r"'nats'.*'ru'.*formula-words\.yml"):
        mathwords.localize(r"\ln 2 \ \text{nats}", "ru", words)


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_formula_word_of_the_source_has_a_translation_or_is_a_symbol(lang):
    """Every word typeset as text inside a formula of the English pages (and the notebooks) is
    translated for ``lang`` or listed as a symbol; the build fails otherwise, this names them all."""
    from sitebuild.pages import DOCS, pages

    symbols, words = mathwords.table()
    missing = set()
    for page in pages(mathwords.SOURCE_LANGUAGE):
        for word in mathwords.words_of(page.read_text("utf-8")):
            if word not in symbols and lang not in words.get(word, {}):
                missing.add(f"{page.relative_to(DOCS)}: {word!r}")
    assert not missing, f"docs/formula-words.yml has no {lang!r} translation for {sorted(missing)}"


# -- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "russian"),
    [
        ("0.076", "0,076"),
        ("60,000", "60\u202f000"),  # grouped because the format asked for it: five digits and more
        ("1,797", "1797"),  # Russian does not split a four-digit number
        ("12,345.25", "12\u202f345,25"),
        ("2000", "2000"),
        ("-1.5e+03", "-1,5e+03"),
        ("1,234,567", "1\u202f234\u202f567"),
    ],
)
def test_numbers_are_written_as_each_language_writes_them(english, russian):
    assert numbers.localize(english, "ru") == russian
    assert numbers.localize(english, "en") == english


def test_a_language_without_a_typographic_rule_takes_the_locales_own_signs():
    assert numbers.localize("12,345.5", "de") == "12.345,5"  # CLDR: German groups with '.', ',' before decimals


@pytest.mark.parametrize(
    ("lang", "tex"),
    [("en", "1{,}438 0.076 211{,}232"), ("ru", "1438 0{,}076 211\\,232")],
)
def test_numbers_inside_math_are_written_for_tex(lang, tex):
    """In TeX a bare comma is punctuation (KaTeX sets a space after it: "1, 438") and a space is ignored."""
    assert numbers.localize("1,438 0.076 211,232", lang, math=True) == tex


def test_a_computed_value_inside_math_is_written_for_tex_and_outside_as_prose():
    prose = 'has $m = {{= compression:result("m") | , }}$ examples, {{= compression:result("m") | , }} of them'
    assert values.substitute_text(prose, "en") == "has $m = 1{,}438$ examples, 1,438 of them"
    assert values.substitute_text("costs \\$5 or {{= compression:result(\"m\") | , }}", "en") == "costs \\$5 or 1,438"


SPLIT_NUMBER = re.compile(r"<mn>\d+</mn><mo separator=\"true\">,</mo><mn>\d{3}(?:\.\d+)?</mn>")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_formula_shows_a_number_split_by_a_comma(built_site, lang):
    """A grouped number typed or computed into math as "1,438" reads as "1, 438" (MathML: two numbers)."""
    root = built_site if lang == "en" else built_site / lang
    found = [f"{page.relative_to(built_site)}: {m.group(0)}" for page in sorted(root.rglob("*.html"))
             if lang != "en" or page.relative_to(built_site).parts[0] not in {"ru", "de"}
             for m in SPLIT_NUMBER.finditer(page.read_text("utf-8"))]
    assert not found, "\n".join(found[:10])


# -- text --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def typographer():
    typographer = typography.Typographer()
    yield typographer
    typographer.close()


def test_the_typographer_sets_russian_dashes_and_units_and_leaves_math_and_code_alone(typographer):
    math = r'<span class="arithmatex">\(a - b "c"\)</span>'
    code = '<code>x - y "z"</code>'
    english = '<span lang="en">KL divergence - a "word"</span>'
    page = f'<p>Расстояние Кульбака - Лейблера — это {math} - и {code} "слово", 5 нат. {english}</p>'
    out = typographer.apply(page, "ru")
    assert math in out and code in out and english in out
    assert "Кульбака\u00a0— Лейблера\u00a0— это" in out
    assert f'<span class="itdl-nowrap">{math}\u00a0—</span> и' in out  # no line starts with the dash
    assert "«слово»" in out and "5\u00a0нат" in out
    assert typographer.apply(page, "en") == page


# -- figures -----------------------------------------------------------------------------------


def test_a_figure_legend_in_the_pages_language_must_name_every_series():
    data = {"x": [1, 2], "series": {"McAllester": [1, 2], "Catoni": [2, 3]}}
    assert figures.legend_names(data, {"fn": "f:g", "series": "Макаллестер | Катони"}) == {
        "McAllester": "Макаллестер", "Catoni": "Катони"}
    with pytest.raises(figures.FigureError, match=r"1 names for the 2 series"):
        figures.legend_names(data, {"fn": "f:g", "series": "Макаллестер"})


def test_the_glossary_page_names_every_configured_language(tmp_path):
    entries = tmp_path / "glossary.yml"
    entries.write_text(
        "- id: kl\n"
        "  en: {term: KL divergence, definition: The expected log-ratio.}\n"
        "  ru: {term: KL-дивергенция, definition: Ожидание логарифма отношения.}\n"
        "  de: {term: KL-Divergenz, definition: Der erwartete Log-Quotient.}\n",
        "utf-8",
    )
    languages = {"en": {"name": "English"}, "ru": {"name": "Русский"}, "de": {"name": "Deutsch"}}
    page = glossary.page_markdown("en", languages, entries)
    assert '<span lang="de">KL-Divergenz</span> (Deutsch)' in page
    assert '<span lang="ru">KL-дивергенция</span> (Russian)' in page


# -- the built editions ------------------------------------------------------------------------


def _edition_pages(site: Path, lang: str) -> list[Path]:
    return sorted(p for p in (site / lang).rglob("*.html") if "search" not in p.parts and p.name != "404.html")


def _visible_text(page: Path) -> str:
    """The text a reader sees set in lines (the browser tab's <title> never breaks a line, and the
    theme's ``striptags`` makes its spaces plain)."""
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    for hidden in soup.select("title, .katex, pre, code, svg, script, style, template"):
        hidden.decompose()
    return soup.get_text()


@pytest.mark.parametrize("lang", EDITIONS)
def test_no_formula_of_an_edition_shows_an_english_word_or_a_decimal_point(built_site, lang):
    symbols, _ = mathwords.table()
    formulas, problems = 0, []
    for page in _edition_pages(built_site, lang):
        for tex in map(html.unescape, ANNOTATION.findall(page.read_text("utf-8"))):
            formulas += 1
            english = [word for word in mathwords.words_of(tex) if word not in symbols]
            if english or mathwords.DECIMAL_POINT.search(mathwords.TAG.sub("", tex)):  # 2.3: chapter.formula
                problems.append(f"{page.relative_to(built_site)}: {tex[:90]!r}")
    assert formulas > 100, f"only {formulas} formulas found on the {lang} pages: the check looks in the wrong place"
    assert not problems, f"{len(problems)} formulas show English words or a decimal point: {problems[:8]}"


@pytest.mark.parametrize("lang", [lang for lang in EDITIONS if lang in typography.RULES])
def test_every_em_dash_of_an_edition_has_a_no_break_space_before_it(built_site, lang):
    dashes, problems = 0, []
    for page in _edition_pages(built_site, lang):
        text = _visible_text(page)
        for match in re.finditer("—", text):
            dashes += 1
            before = text[match.start() - 1] if match.start() else "\n"
            if before not in "\u00a0\n":
                problems.append(f"{page.relative_to(built_site)}: {text[max(0, match.start() - 30):match.end()]!r}")
    assert dashes > 100, f"only {dashes} dashes found on the {lang} pages"
    assert not problems, f"{len(problems)} dashes without a no-break space before them: {problems[:8]}"


@pytest.mark.parametrize("lang", EDITIONS)
def test_figure_ticks_of_an_edition_use_its_decimal_sign(built_site, lang):
    point = numbers.decimal_sign(lang)
    ticks = [
        (page.relative_to(built_site), label)
        for page in _edition_pages(built_site, lang)
        for label in re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', page.read_text("utf-8"))
    ]
    decimals = [label for _, label in ticks if re.search(r"\d[.,]\d", label)]
    assert decimals, f"no decimal tick label on the {lang} pages: the check looks in the wrong place"
    wrong = [(page, label) for page, label in ticks if re.search(r"\d[.,]\d", label) and point not in label]
    assert not wrong, f"tick labels not written with {point!r}: {wrong[:8]}"


@pytest.mark.parametrize("lang", EDITIONS)
def test_figure_legends_of_an_edition_show_no_english_word(built_site, lang):
    """Series named after people or in words get the fence's ``series=`` names; formulas stay."""
    symbols, _ = mathwords.table()
    legends = [
        (page.relative_to(built_site), name)
        for page in _edition_pages(built_site, lang)
        for name in re.findall(r'<text class="legend"[^>]*>([^<]*)</text>', page.read_text("utf-8"))
    ]
    assert len(legends) > 10, f"only {len(legends)} legend entries found on the {lang} pages"
    english = [(page, name) for page, name in legends
               if any(word not in symbols | {"log", "exp"} for word in re.findall(r"[A-Za-z]{3,}", name))]
    assert not english, f"legends in English on the {lang} pages: {english}"
