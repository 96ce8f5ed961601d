"""Display formulas in print: the number beside the formula (printbook._number_beside), and a formula
wider than the page's line shrunk to fit it (sitebuild/printfit.py, measured by WeasyPrint)."""

from __future__ import annotations

import re

import lxml.html
import pytest

from sitebuild import printbook, printfit
from sitebuild.katex import KATEX_DIST, Renderer
from sitebuild.languages import language_config, languages

LANGS = list(languages(language_config("en")))


def _display(body: str, number: str | None = None) -> str:
    tag = (f'<span class="katex-tag"><span class="katex-strut"></span><span class="mord">({number})</span></span>'
           if number else "")
    return (f'<span class="katex-display"><span class="katex"><span class="katex-html">'
            f'<span class="base">{body}</span>{tag}</span></span></span>')


def _document(*displays: str, size: str = "6x9") -> str:
    css = printbook.CSS.read_text("utf-8") + printbook.SIZES[size]
    paragraphs = "".join(f'<div class="formula">{d}</div>' for d in displays)
    return f'<!DOCTYPE html><html lang="en"><head><style>{css}</style></head><body>{paragraphs}</body></html>'


def _numbered(document: str) -> str:
    tree = lxml.html.document_fromstring(document)
    for display in tree.xpath('//span[@class="katex-display"]'):
        printbook._number_beside(display)
    return lxml.html.tostring(tree, encoding="unicode")


def test_the_number_leaves_katex_for_a_column_of_its_own():
    tree = lxml.html.fragment_fromstring(f'<div class="formula">{_display("x = 1", "2.3")} after</div>')
    printbook._number_beside(tree.xpath('.//span[@class="katex-display"]')[0])
    row = tree.xpath('./span[@class="book-eq"]')
    assert len(row) == 1
    cells = [child.get("class") for child in row[0]]
    assert cells == ["book-eq__spacer", "katex-display", "book-eq__number"]
    assert row[0][2].text_content() == "(2.3)"
    assert not tree.xpath('.//*[@class="katex-tag"]'), "the number is shown twice"
    assert row[0].tail == " after", "the text after the formula moved"


def test_an_unnumbered_formula_stays_as_it_is():
    tree = lxml.html.fragment_fromstring(f'<div class="formula">{_display("x = 1")}</div>')
    before = lxml.html.tostring(tree)
    printbook._number_beside(tree.xpath('.//span[@class="katex-display"]')[0])
    assert lxml.html.tostring(tree) == before


def test_formulas_that_fit_leave_the_document_unchanged():
    document = _numbered(_document(_display("x = 1", "1.1"), _display("y")))
    assert printfit.fit_formulas(document, base_url=".") == document


def _scales(document: str) -> list[float]:
    found = re.findall(r'class="katex-display" style="font-size: ([0-9.]+)em"', document)
    return [float(x) for x in found]


@pytest.mark.parametrize("size", list(printbook.SIZES))
def test_a_formula_wider_than_the_line_is_shrunk_to_it(size):
    wide, narrow = "W" * {"a4": 45, "6x9": 35}[size], "x = 1"  # about 1.2 lines wide
    document = _numbered(_document(_display(narrow, "1.1"), _display(wide, "1.2"), size=size))
    fitted = printfit.fit_formulas(document, base_url=".")
    scales = _scales(fitted)
    assert len(scales) == 1, "only the wide formula changes"
    assert printfit.SMALLEST < scales[0] < 1
    # laid out again at its new size beside its number's columns, it fits the line
    measured = _measure(fitted)
    assert measured["formula"] <= measured["room"], measured
    assert measured["formula"] > 0.95 * measured["room"], "shrunk more than it needed"


def test_a_formula_that_cannot_fit_even_small_is_named(caplog):
    document = _numbered(_document(_display("W" * 400, "1.1")))
    with caplog.at_level("WARNING", logger="sitebuild.pdf"):
        fitted = printfit.fit_formulas(document, base_url=".")
    assert _scales(fitted) == [printfit.SMALLEST]
    assert "of the line even at 60% size" in caplog.text


def _measure(document: str) -> dict[str, float]:
    """The fitted wide formula's width and the room it has, laid out by WeasyPrint in the document."""
    from weasyprint import HTML

    tree = lxml.html.document_fromstring(document)
    scaled = tree.xpath('//span[@class="katex-display" and @style]')[0]
    scaled.set("data-fit", "formula")
    for style in tree.xpath("//style")[-1:]:
        style.text += printfit._PROBE_CSS.replace(".fit-probe ", ".formula ")
    tree.xpath('//div[@class="formula"]')[0].set("data-fit", "line")
    column = tree.xpath('//span[@class="book-eq__number"]')[0]
    column.set("data-fit", "column")
    widths = printfit._widths(HTML(string=lxml.html.tostring(tree, encoding="unicode"), base_url=".").render())
    return {"formula": widths["formula"], "room": widths["line"] - 2 * widths["column"]}


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_no_formula_of_the_book_is_wider_than_the_line(built_site, lang, size="6x9"):
    """Every display formula of the book, after fitting, fits the narrower edition's line (none
    needed the floor)."""
    config = language_config(lang, site_dir=str(built_site))
    site = printbook.Path(config.site_dir)
    document = printbook.book_html(printbook.book_of(config, lang), site, size, edition=("2026-01-01", "abc1234"))
    fitted = printfit.fit_formulas(document, base_url=str(site) + "/")
    assert printfit.SMALLEST not in _scales(fitted), "a formula is too wide even at the smallest size"
    # measured again at their new sizes, the shrunk formulas all fit: a second pass changes nothing
    assert printfit.fit_formulas(fitted, base_url=str(site) + "/") == fitted


def test_weasyprints_known_notes_are_quiet_also_while_formulas_are_measured(caplog):
    """KaTeX's stylesheet is written for browsers: WeasyPrint notes each property it ignores, dozens of
    lines per edition. They are quiet while a book is typeset, the formulas' measuring included."""
    document = _document(_display("x = 1")).replace("</style>", ".katex { text-rendering: auto; }</style>")
    with caplog.at_level("WARNING", logger="weasyprint"):
        printfit.fit_formulas(document, base_url=".")
    assert any(r.getMessage().startswith("Ignored `text-rendering") for r in caplog.records)
    caplog.clear()
    with caplog.at_level("WARNING", logger="weasyprint"), printbook.typesetting():
        printfit.fit_formulas(document, base_url=".")
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]


def _first_line(paragraph: str, tmp_path) -> str:
    from pypdf import PdfReader
    from weasyprint import HTML

    css = printbook.CSS.read_text("utf-8") + printbook.SIZES["a4"]
    katex = KATEX_DIST / "katex.min.css"
    out = tmp_path / "p.pdf"
    with printbook.typesetting():
        HTML(string=f'<html lang="ru"><head><link rel="stylesheet" href="{katex.as_uri()}"><style>{css}</style>'
                    f'</head><body>{paragraph}</body></html>').write_pdf(out)
    return PdfReader(out).pages[0].extract_text().splitlines()[0]


def test_a_word_tied_to_an_inline_formula_does_not_stretch_the_line_before(tmp_path):
    """The Russian typographer ties a short word to the formula after it ("в\u00a0$x$"). WeasyPrint,
    finding no break there, broke the line before far too early and stretched four words across it
    ("Это граница Оккама —" on the compression chapter's page). The word and the formula now sit in a
    span that does not wrap, with a plain space between them."""
    renderer = Renderer()
    try:
        math = renderer.render(r"\ln 2/m", display=False)
    finally:
        renderer.close()
    paragraph = (f"<p>Это граница Оккама\u00a0— бритва Оккама с\u00a0ценником: каждый бит описания обходится "
                 f"в\u00a0{math} из бюджета kl-дивергенции. Граница не утверждает, что короткие классификаторы "
                 "чаще оказываются правы.</p>")
    assert len(_first_line(paragraph, tmp_path).split()) <= 5  # WeasyPrint as it is
    tree = lxml.html.fragment_fromstring(paragraph)
    printbook._glue_before(tree.xpath('.//span[@class="katex"]')[0])
    glued = lxml.html.tostring(tree, encoding="unicode")
    assert '<span class="book-nowrap">в <span class="katex">' in glued
    assert "обходится " in glued and glued.count("\u00a0") == 2  # the other no-break spaces stay
    assert len(_first_line(glued, tmp_path).split()) >= 10
