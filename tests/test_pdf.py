"""The print edition (sitebuild/printbook.py), read back from the PDFs with pypdf, in every language.

Typesetting takes about 20 s a language, so these run in `nox -s pdf` (after it built the site and
the PDFs, which it passes in ``ITDL_PDF_DIR``), not in `nox -s tests`; run alone, the fixture
typesets the editions itself.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import lxml.html
import pytest

from sitebuild import printbook
from sitebuild.i18n import strings
from sitebuild.languages import language_config, languages

pytestmark = pytest.mark.pdf
LANGS = list(languages(language_config("en")))


@pytest.fixture(scope="session")
def editions(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    given = os.environ.get("ITDL_PDF_DIR")
    if given:
        found = {lang: Path(given) / printbook.pdf_name(lang) for lang in LANGS}
        missing = [str(path) for path in found.values() if not path.is_file()]
        assert not missing, f"ITDL_PDF_DIR={given}: no {missing}; run `python -m sitebuild pdf` first"
        return found
    out = tmp_path_factory.mktemp("pdf")
    rows = printbook.write_editions(LANGS, site_dir=str(built_site), out_dir=out)
    return {row["lang"]: Path(row["path"]) for row in rows}


@pytest.fixture(scope="session")
def read(editions):
    from pypdf import PdfReader

    cache = {}

    def read(lang: str):
        if lang not in cache:
            reader = PdfReader(editions[lang])
            pages = [page.extract_text() for page in reader.pages]
            cache[lang] = reader, pages, "\n".join(pages)
        return cache[lang]

    return read


def _site_root(built_site: Path, lang: str) -> Path:
    prefix = language_config(lang).extra["languages"][lang].get("prefix", "")
    return built_site / prefix


def _book(lang):
    return printbook.book_of(language_config(lang), lang)


def _titles(built_site: Path, lang: str) -> list[str]:
    """Every page title (h1) and section title (h2) of the book's chapters, in reading order."""
    site = _site_root(built_site, lang)
    titles = []
    for chapter in _book(lang).chapters:
        for page in chapter.pages:
            tree = lxml.html.fromstring((site / printbook.html_path(page)).read_bytes())
            article = tree.xpath('//article[contains(@class, "md-content__inner")]')[0]
            for heading in article.xpath(".//h1 | .//h2"):
                if heading.get("id") == "check-yourself":  # the quizzes' heading: they become exercises
                    continue
                text = " ".join(heading.text_content().replace("¶", "").split())
                titles.append(text)
    return titles


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


@pytest.mark.parametrize("lang", LANGS)
def test_every_chapter_and_section_title_in_order(built_site, read, lang):
    _, _, text = read(lang)
    flat = _normal(text)
    at = 0
    titles = _titles(built_site, lang)
    assert len(titles) > 40, titles
    for title in titles:
        title = _normal(title)
        found = flat.find(title, at)
        assert found >= 0, f"{lang}: {title!r} missing or out of order (after position {at})"
        at = found + len(title)


@pytest.mark.parametrize("lang", LANGS)
def test_every_formula_with_its_number(built_site, read, lang):
    """Each display formula of the book's pages: its ID label and "(number)" as the site shows them."""
    _, _, text = read(lang)
    site = _site_root(built_site, lang)
    pairs = []
    for chapter in _book(lang).chapters:
        for page in chapter.pages:
            tree = lxml.html.fromstring((site / printbook.html_path(page)).read_bytes())
            for formula in tree.xpath('//div[contains(@class, "formula") and @data-formula-id]'):
                tag = formula.xpath('.//span[contains(@class, "katex-tag")]')
                pairs.append((formula.get("data-formula-id"), _normal(tag[0].text_content()) if tag else None))
    assert len(pairs) >= 59 and all(number for _, number in pairs), pairs
    flat = _normal(text)
    for formula_id, number in pairs:
        assert formula_id in flat, f"{lang}: formula {formula_id} missing"
        assert number in flat, f"{lang}: {formula_id}'s number {number} missing"


@pytest.mark.parametrize("lang", LANGS)
def test_no_raw_tex_and_the_right_script(read, lang):
    _, _, text = read(lang)
    for raw in ("\\frac", "$$", "\\(", "\\[", "\\text{", "\\begin"):
        assert raw not in text, f"{lang}: raw TeX {raw!r} in the PDF"
    cyrillic = len(re.findall(r"[а-яё]", text, re.IGNORECASE))
    if lang == "ru":
        assert cyrillic > 20_000, cyrillic
        english = strings("en")
        for key in ("pdf_contents", "pdf_answers", "pdf_exercises", "quiz_label", "figure_number", "references"):
            word = english[key].split("{")[0].strip()
            assert word and word not in text, f"ru: untranslated interface string {word!r}"
        assert "page 1 of" not in text
    else:  # Cyrillic only where the glossary gives a term's Russian name, "… (Russian)"
        stray = [line for line in text.splitlines() if re.search(r"[а-яё]", line, re.I) and "(Russian)" not in line]
        assert not stray, f"{lang}: Cyrillic outside the glossary: {stray[:5]}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_contents_carry_page_numbers(read, lang):
    reader, pages, _ = read(lang)
    contents = pages[1]
    title = strings(lang)["pdf_contents"]
    assert contents.lstrip().startswith(title), contents[:200]
    numbers = [int(n) for n in re.findall(r"\.{3,}\s*(\d+)\s*$", contents, re.M)]
    book = _book(lang)
    expected = sum(len(c.pages) for c in book.chapters) + len(book.closing) + len(book.appendices)
    assert len(numbers) >= expected, (len(numbers), expected, contents[:1000])
    assert numbers == sorted(numbers) and numbers[0] >= 3 and numbers[-1] <= len(reader.pages)


@pytest.mark.parametrize("lang", LANGS)
def test_the_running_footer_is_in_the_language(read, lang):
    reader, pages, _ = read(lang)
    footer = strings(lang)["pdf_page_of"].format(page=5, pages=len(reader.pages))
    assert footer in pages[4], pages[4][-200:]


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_are_embedded(read, lang):
    reader, _, _ = read(lang)
    seen = 0
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            assert descriptor is not None, (lang, font.get("/BaseFont"))
            descriptor = descriptor.get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), (
                f"{lang}: {font.get('/BaseFont')} is not embedded")
            seen += 1
    assert seen > 0


@pytest.mark.parametrize("lang", LANGS)
def test_internal_links_and_the_outline_point_at_pages(read, lang):
    reader, _, _ = read(lang)
    page_ids = {page.indirect_reference.idnum for page in reader.pages}
    internal = 0
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            destination = annotation.get("/Dest")
            action = annotation.get("/A")
            if destination is None and action is not None and action.get("/S") == "/GoTo":
                destination = action.get("/D")
            if destination is None:
                continue
            if isinstance(destination, str) or hasattr(destination, "original_bytes"):
                destination = reader.named_destinations[str(destination)]
                target = destination.page
            else:
                target = destination[0]
            assert target.idnum in page_ids
            internal += 1
    assert internal > 200, internal
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert [t for t in outline if t.startswith("1")], outline[:10]
    assert len(outline) >= len(_book(lang).chapters) + len(_book(lang).appendices)


@pytest.mark.parametrize("lang", LANGS)
def test_exercises_end_each_chapter_and_answers_follow(read, lang):
    _, _, text = read(lang)
    ui = strings(lang)
    flat = _normal(text)
    for number in range(1, len(_book(lang).chapters) + 1):
        assert ui["pdf_exercises"].format(chapter=number) in flat
    assert ui["pdf_answers"] in flat


def _words(text: str) -> str:
    """Text as words only: words the typesetter hyphenated at a line end (with U+2010, WeasyPrint's
    hyphenate-character, or a soft hyphen) joined, punctuation and spacing dropped. A hyphen of the
    text itself (ASCII) still separates words where a line breaks after it ("non-|vacuous")."""
    text = re.sub(r"[\u00ad\u2010]\s*\n\s*", "", text)
    return " ".join(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize("lang", LANGS)
def test_every_question_and_option_is_printed_with_its_words(built_site, read, lang):
    """Each quiz of the site, as an exercise: the words of its question and of every option outside
    formulas (whose glyphs a PDF's text does not give back in order) are in the book, in order."""
    _, _, text = read(lang)
    printed = _words(text)
    site = _site_root(built_site, lang)
    checked = 0
    for chapter in _book(lang).chapters:
        for page in chapter.pages:
            tree = lxml.html.fromstring((site / printbook.html_path(page)).read_bytes())
            for part in tree.xpath('//div[@class="quiz"]//*[contains(@class, "quiz__question")]'
                                   ' | //div[@class="quiz"]//*[contains(@class, "quiz__option")]/label'):
                for math in part.xpath('.//*[contains(@class, "katex")] | .//*[contains(@class, "quiz__label")]'):
                    math.text, math.tail = " | ", (math.tail or "")
                    for child in list(math):
                        math.remove(child)
                for run in part.text_content().split("|"):
                    words = _words(run)
                    if len(words.split()) >= 2:
                        assert words in printed, f"{page}: not printed: {words!r}"
                        checked += 1
    assert checked > 50


def test_the_same_commit_gives_the_same_bytes(built_site, editions, tmp_path):
    """Typeset again, the first language's edition is byte-identical (dates come from git)."""
    rows = printbook.write_editions(LANGS[:1], site_dir=str(built_site), out_dir=tmp_path)
    assert Path(rows[0]["path"]).read_bytes() == editions[LANGS[0]].read_bytes()
