"""The print edition: one PDF per language, made from the built site's pages by WeasyPrint.

The book is the site's own HTML, so it cannot disagree with it: every page of the ``nav`` in order
(the home page's map aside), each page's article as the site renders it (numbers, formulas typeset by
KaTeX, figures as inline SVG, highlighted listings, references), then reshaped for paper:

* ids are made unique in the book (``<page>--<id>``) and links between the book's pages become links
  inside the PDF; links to anything else point at the published site;
* the quizzes of a chapter become its exercises, at the chapter's end, and their answers with the
  explanations an appendix; an explorer keeps its static figure (what a reader without JavaScript
  sees), not its sliders;
* what only works on screen goes: permalinks, edit and source buttons, quiz progress, downloads.

A cover (title, edition date and commit from git) and the contents with page numbers come first; the
glossary and the bibliography close the book. ``sitebuild/print/book.css`` is the print stylesheet:
page size (A4, or 6×9 in), running footers «с. 12 из 160», breaks, black-and-white listings.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import posixpath
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import lxml.html
from lxml import etree

from sitebuild.formulas import nav_pages
from sitebuild.i18n import strings
from sitebuild.paths import ROOT
from sitebuild.printfit import fit_formulas

log = logging.getLogger("sitebuild.pdf")
CSS = Path(__file__).parent / "print" / "book.css"
CHART_CSS = Path(__file__).parent / "print" / "chart.css"
SVG = "{http://www.w3.org/2000/svg}"
SIZES = {  # page size and margins, and what the page's width changes; book.css has the rest
    "a4": "@page { size: A4; margin: 22mm 20mm 24mm 22mm; } .book-cover { height: 230mm; }",
    # a narrow measure with unbreakable inline math: lines ragged right rather than stretched
    "6x9": "@page { size: 6in 9in; margin: 16mm 14mm 18mm 16mm; } .book-cover { height: 180mm; }"
           " html { text-align: left; } .katex { font-size: 1.04em; }",
}
OUT_DIR = ROOT / ".artifacts" / "pdf"
REMOVED = [  # on screen only
    "a.headerlink", ".md-content__button", ".md-source-file", ".quiz-progress", ".itdl-downloads",
    ".itdl-explorer__controls", ".itdl-explorer__readout", ".katex-mathml", "script", "noscript",
    ".itdl-notice",
]


class PrintError(ValueError):
    """The built site lacks what the book needs (a page of the nav, its article)."""


@dataclass
class Chapter:
    title: str
    pages: list[str]  # docs-relative sources, "pac-bayes/index.md"


@dataclass
class Book:
    lang: str
    title: str
    description: str
    site_url: str
    chapters: list[Chapter]
    closing: list[str] = field(default_factory=list)  # pages after the chapters (takeaways)
    appendices: list[str] = field(default_factory=list)  # glossary, bibliography
    front: list[str] = field(default_factory=list)  # pages before the chapters (the home page: a preface)


def html_path(page: str) -> str:
    """The built file of a docs-relative page: ``pac-bayes/index.md`` -> ``pac-bayes/index.html``,
    ``mdl/explore-mdl.py`` -> ``mdl/explore-mdl/index.html``."""
    stem = page.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def slug(page: str) -> str:
    """A page's id in the book: its address with "/" as "-" (``pac-bayes-nonvacuous``; the home ``home``)."""
    address = html_path(page).removesuffix("index.html").strip("/")
    return address.replace("/", "-") or "home"


def book_of(config, lang: str) -> Book:
    """The book of one language from its MkDocs config: the pages before the first chapter (the home
    page, printed as the preface), the ``nav``'s chapters, the pages between them and the Reference
    section, whose Glossary and Bibliography become appendices (the Formula index is the site's)."""
    front, chapters, closing, appendices = [], [], [], []
    for item in config.nav or []:
        if isinstance(item, str):
            (closing if chapters else front).append(item)
            continue
        for title, children in item.items():
            pages = nav_pages(children)
            if all(p in ("formulas.md", "glossary.md", "bibliography.md") for p in pages):
                appendices.extend(p for p in pages if p != "formulas.md")
            else:
                chapters.append(Chapter(title, pages))
    return Book(lang, config.site_name, config.site_description or "", config.site_url or "", chapters,
                closing, appendices, front)


_SIMPLE = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[\w-]+))?(?:\[(?P<attr>[\w-]+)\])?$")


def select(root: etree._Element, selector: str) -> list[etree._Element]:
    """Descendants of ``root`` matching a simple selector: ``tag``, ``.class``, ``tag.class``, ``[attr]``."""
    match = _SIMPLE.match(selector)
    if not match or not any(match.groupdict().values()):
        raise ValueError(f"selector: {selector!r} is not tag, .class, tag.class or [attr]")
    test = []
    if match["cls"]:
        test.append(f'contains(concat(" ", normalize-space(@class), " "), " {match["cls"]} ")')
    if match["attr"]:
        test.append(f"@{match['attr']}")
    path = f".//{match['tag'] or '*'}" + (f"[{' and '.join(test)}]" if test else "")
    return root.xpath(path)


def _article(site: Path, page: str) -> etree._Element:
    path = site / html_path(page)
    if not path.is_file():
        raise PrintError(f"{path}: the page {page} of the nav is not built; run `python -m sitebuild build`")
    tree = lxml.html.fromstring(path.read_bytes())
    found = tree.xpath('//article[contains(@class, "md-content__inner")]')
    if not found:
        raise PrintError(f"{path}: no <article class=\"md-content__inner\">")
    article = found[0]
    for selector in REMOVED:
        for element in select(article, selector):
            _drop(element)
    for details in select(article, "details.formula-code"):  # the check line and the source file; the
        summary = select(details, "summary")  # listing and the tests are the site's (and the Formula index's)
        line = etree.Element("p", {"class": "formula-check-line"})
        if summary:
            line.text = summary[0].text
            line.extend(list(summary[0]))
        sources = [p for p in select(details, "p.formula-source") if not select(p, "code") and ":" in p.text_content()]
        details.addprevious(line)
        for source in sources[:1]:
            details.addprevious(source)
        _drop(details)
    for display in select(article, "span.katex-display"):
        _number_beside(display)
    for math in article.xpath('.//span[@class="katex"][not(ancestor::span[contains(@class, "katex")])]'):
        _glue_before(math)
    chart_css = CHART_CSS.read_text("utf-8")
    for svg in article.xpath('.//*[local-name()="svg" and contains(@class, "itdl-chart")]'):
        style = etree.Element("style")
        style.text = chart_css
        svg.insert(0, style)
    for element in select(article, "[data-explorer]"):
        del element.attrib["data-explorer"]
    for element in select(article, "[hidden]"):
        del element.attrib["hidden"]
    return article


_GLUED_WORD = re.compile(r"(\S+)\u00a0$")


def _glue_before(math: etree._Element) -> None:
    """The word that a no-break space ties to an inline formula ("в\u00a0$x$", as the Russian
    typographer writes it) and the formula, in one span that does not wrap, the space a plain one.

    WeasyPrint breaks no line between such a word and an inline box, but it then looks for the line's
    break much further back: the line before is broken early and stretched across the page."""
    previous, parent = math.getprevious(), math.getparent()
    text = previous.tail if previous is not None else parent.text
    found = _GLUED_WORD.search(text or "")
    if found is None or parent.get("class") == "book-nowrap":
        return
    if previous is not None:
        previous.tail = text[: found.start()]
    else:
        parent.text = text[: found.start()]
    glued = etree.Element("span", {"class": "book-nowrap"})
    glued.text = found[1] + " "
    math.addprevious(glued)
    tail, math.tail = math.tail, None
    glued.append(math)
    glued.tail = tail


def _drop(element: etree._Element) -> None:
    """Remove an element but not the text after it (lxml keeps that text, its tail, on the element)."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _drop_chapter_map(article: etree._Element) -> None:
    """The home page's chapter map (reading times, quiz progress kept in the browser) with the section
    that introduces it: in print the contents list the chapters."""
    for chapter_map in select(article, "div.chapter-map"):
        heading = chapter_map.getprevious()
        while heading is not None and heading.tag != "h2":
            heading = heading.getprevious()
        if heading is None:
            _drop(chapter_map)
            continue
        following = heading.getnext()
        while following is not None and following.tag != "h2":
            after = following.getnext()
            _drop(following)
            following = after
        _drop(heading)


def _number_beside(display: etree._Element) -> None:
    """A numbered display formula as a row of three cells (a spacer, the formula, its number): KaTeX
    puts the number over the line's right end, where a formula as wide as the page runs under it."""
    tags = display.xpath('./span[@class="katex"]/span[@class="katex-html"]/span[@class="katex-tag"]')
    if not tags:
        return
    number = tags[0].text_content().strip()
    _drop(tags[0])
    row = etree.Element("span", {"class": "book-eq"})
    row.tail, display.tail = display.tail, None
    display.addprevious(row)
    etree.SubElement(row, "span", {"class": "book-eq__spacer"})
    row.append(display)
    cell = etree.SubElement(row, "span", {"class": "book-eq__number"})
    etree.SubElement(cell, "span", {"class": "katex"}).text = number


def _retarget(article: etree._Element, page: str, pages: set[str], site_url: str) -> None:
    """Ids unique in the book, links to the book's pages inside it, other site links to the site."""
    own = slug(page)
    for element in article.iter():
        if isinstance(element.tag, str) and element.get("id"):
            element.set("id", f"{own}--{element.get('id')}")
        if element.tag == "label" and element.get("for"):
            element.set("for", f"{own}--{element.get('for')}")
    here = posixpath.dirname("/" + html_path(page))
    book = {"/" + html_path(p): slug(p) for p in pages}
    for link in article.iter("a"):
        href = link.get("href")
        if not href or urlsplit(href).scheme or href.startswith("//"):
            continue
        target, anchor = urldefrag(href)
        if not target:
            link.set("href", f"#{own}--{anchor}" if anchor else f"#{own}")
            continue
        resolved = posixpath.normpath(posixpath.join(here, target))
        candidates = [resolved, resolved + "/index.html", resolved.rstrip("/") + "/index.html"]
        inside = next((book[c] for c in candidates if c in book), None)
        if inside:
            link.set("href", f"#{inside}--{anchor}" if anchor else f"#{inside}")
        else:
            link.set("href", site_url.rstrip("/") + resolved + (f"#{anchor}" if anchor else ""))


def _exercises(article: etree._Element) -> list[etree._Element]:
    """The quizzes of a page, taken out of it (they go to the chapter's end)."""
    quizzes = select(article, "div.quiz")
    for quiz in quizzes:
        _drop(quiz)
    if quizzes:  # a heading left with nothing under it ("Check yourself") goes too
        for heading in select(article, "h2"):
            following = heading.getnext()
            if following is None or following.tag in ("h1", "h2"):
                _drop(heading)
    return quizzes


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _exercise(quiz: etree._Element, answers_id: str) -> tuple[str, str]:
    """A quiz as an exercise (question and lettered options) and as its answer (the right letters and
    every option's explanation)."""
    quiz_id = quiz.get("id")
    question = select(quiz, ".quiz__question")[0]
    label = select(question, ".quiz__label")
    label_text = label[0].text_content().strip() if label else ""
    if label:
        _drop(label[0])
    options = select(quiz, ".quiz__option")
    items, explanations, right = [], [], []
    for index, option in enumerate(options):
        letter = _LETTERS[index]
        text = select(option, "label")[0]
        items.append(f"<li><span class=\"book-option\">{letter})</span> {_inner(text)}</li>")
        if option.get("data-correct") == "true":
            right.append(letter)
        why = select(option, ".quiz__explanation")
        if why:
            for verdict in select(why[0], ".quiz__verdict"):
                _drop(verdict)
            explanations.append(f"<li><span class=\"book-option\">{letter})</span> {_inner(why[0])}</li>")
    exercise = (
        f'<div class="book-exercise" id="{quiz_id}"><p class="book-exercise__question">'
        f'<a class="book-exercise__label" href="#{answers_id}--{quiz_id}">{html.escape(label_text)}</a> '
        f"{_inner(question)}</p><ol class=\"book-options\">{''.join(items)}</ol></div>"
    )
    answer = (
        f'<div class="book-answer" id="{answers_id}--{quiz_id}"><p><a class="book-exercise__label" '
        f'href="#{quiz_id}">{html.escape(label_text)}</a> <strong>{", ".join(right)}</strong></p>'
        f"<ol class=\"book-options\">{''.join(explanations)}</ol></div>"
    )
    return exercise, answer


def _inner(element: etree._Element) -> str:
    """The element's content as HTML, without the element itself."""
    text = html.escape(element.text or "")
    return text + "".join(etree.tostring(child, encoding="unicode", method="html") for child in element)


def _section(article: etree._Element, page: str, kind: str) -> str:
    body = _inner(article)
    return f'<section class="book-page book-{kind}" id="{slug(page)}">{body}</section>'


def _public(url: str) -> bool:
    """Whether a site address is worth printing: not a local preview's (127.0.0.1, localhost)."""
    host = urlsplit(url).hostname or ""
    return bool(host) and host not in ("localhost", "::1") and not host.startswith("127.")


def git_edition() -> tuple[str, str]:
    """The last commit's date (ISO, UTC) and short hash: the edition printed on the cover."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()

    try:
        return git("log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d"), git("rev-parse", "--short=7", "HEAD")
    except (OSError, subprocess.CalledProcessError):
        return "", ""


def commit_epoch() -> str:
    """The last commit's time in seconds since 1970 (``SOURCE_DATE_EPOCH``); "0" outside git."""
    try:
        return subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip() or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def book_html(book: Book, site: Path, size: str = "a4", edition: tuple[str, str] | None = None) -> str:
    """The whole book as one HTML document, ready for WeasyPrint (``site``: this language's root)."""
    if size not in SIZES:
        raise ValueError(f"size: {size!r} is not one of {sorted(SIZES)}")
    ui = strings(book.lang)
    date, commit = edition if edition is not None else git_edition()
    every = book.front + [p for c in book.chapters for p in c.pages] + book.closing + book.appendices
    answers_id = "book-answers"
    parts, answers, contents = [], [], []
    for page in book.front:  # its title is the book's, already on the cover
        article = _article(site, page)
        _drop_chapter_map(article)
        _retarget(article, page, set(every), book.site_url)
        for title in select(article, "h1")[:1]:
            for child in list(title):
                title.remove(child)
            title.text = ui["pdf_preface"]
        parts.append(_section(article, page, "preface"))
        contents.append(_contents_line(article, page, level=0))
    for number, chapter in enumerate(book.chapters, start=1):
        exercises = []
        for index, page in enumerate(chapter.pages):
            article = _article(site, page)
            _retarget(article, page, set(every), book.site_url)
            exercises.extend(_exercises(article))
            parts.append(_section(article, page, "chapter-opening" if index == 0 else "chapter-page"))
            contents.append(_contents_line(article, page, level=0 if index == 0 else 1))
        if exercises:
            done = [_exercise(quiz, answers_id) for quiz in exercises]
            heading = ui["pdf_exercises"].format(chapter=number)
            ex_id = f"book-exercises-{number}"
            parts.append(f'<section class="book-exercises" id="{ex_id}"><h2>{html.escape(heading)}</h2>'
                         + "".join(e for e, _ in done) + "</section>")
            contents.append(f'<li class="book-toc__section"><a href="#{ex_id}">{html.escape(heading)}</a></li>')
            answers.append(f"<h3>{html.escape(chapter.title)}</h3>" + "".join(a for _, a in done))
    for page in book.closing:
        article = _article(site, page)
        _retarget(article, page, set(every), book.site_url)
        parts.append(_section(article, page, "chapter-opening"))
        contents.append(_contents_line(article, page, level=0))
    if answers:
        parts.append(f'<section class="book-appendix book-answers" id="{answers_id}">'
                     f"<h1>{html.escape(ui['pdf_answers'])}</h1>{''.join(answers)}</section>")
        contents.append(f'<li class="book-toc__chapter"><a href="#{answers_id}">'
                        f'{html.escape(ui["pdf_answers"])}</a></li>')
    for page in book.appendices:
        article = _article(site, page)
        _retarget(article, page, set(every), book.site_url)
        parts.append(_section(article, page, "appendix"))
        contents.append(_contents_line(article, page, level=0))
    edition_line = ui["pdf_edition"].format(date=_long_date(date, book.lang), commit=commit) if date else ""
    cover = (
        f'<section class="book-cover"><h1 class="book-cover__title">{html.escape(book.title)}</h1>'
        f'<p class="book-cover__description">{html.escape(book.description)}</p>'
        f'<p class="book-cover__edition">{html.escape(edition_line)}</p>'
        + (f'<p class="book-cover__site"><a href="{html.escape(book.site_url)}">{html.escape(book.site_url)}</a></p>'
           if _public(book.site_url) else "")
        + "</section>"
    )
    toc = (f'<nav class="book-toc"><h1 class="book-toc__title">{html.escape(ui["pdf_contents"])}</h1>'
           f'<ol>{"".join(contents)}</ol></nav>')
    css = CSS.read_text("utf-8") + SIZES[size]
    created = f'<meta name="dcterms.created" content="{date}T00:00:00Z">' if date else ""
    return (
        f'<!DOCTYPE html><html lang="{book.lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(book.title)}</title><meta name=\"author\" content=\"{html.escape(book.title)}\">"
        f'{created}<link rel="stylesheet" href="assets/katex/katex.min.css"><style>{css}</style>'
        f"<style>@page {{ @bottom-center {{ content: {_css_string(ui['pdf_page_of'])}; }} }}</style>"
        f"</head><body>{cover}{toc}{''.join(parts)}</body></html>"
    )


def _long_date(iso: str, lang: str) -> str:
    """2026-12-04 as the language writes a date in full: "December 4, 2026", «4 декабря 2026 г.»."""
    from datetime import date

    from babel.dates import format_date

    return format_date(date.fromisoformat(iso), format="long", locale=lang)


def _css_string(template: str) -> str:
    """``"с. {page} из {pages}"`` as CSS content: strings and page counters."""
    pieces = re.split(r"(\{page\}|\{pages\})", template)
    out = []
    for piece in pieces:
        if piece == "{page}":
            out.append("counter(page)")
        elif piece == "{pages}":
            out.append("counter(pages)")
        elif piece:
            out.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(out)


def _contents_line(article: etree._Element, page: str, level: int) -> str:
    heading = select(article, "h1")
    title = heading[0].text_content().strip() if heading else page
    kind = "book-toc__chapter" if level == 0 else "book-toc__section"
    return f'<li class="{kind}"><a href="#{slug(page)}">{html.escape(title)}</a></li>'


def write_pdf(book: Book, site: Path, out: Path, size: str = "a4") -> Path:
    """Typeset the book into ``out`` (a PDF); ``site`` is this language's root in the built site."""
    from weasyprint import HTML

    out.parent.mkdir(parents=True, exist_ok=True)
    with typesetting():  # the formulas are measured by laying them out too (printfit)
        document = fit_formulas(book_html(book, site, size), base_url=str(site) + "/")
        HTML(string=document, base_url=str(site) + "/").write_pdf(out)
    return out


@contextlib.contextmanager
def typesetting():
    """While WeasyPrint works: its known notes quiet (:func:`_known_notes`), and
    ``SOURCE_DATE_EPOCH`` the last commit's time unless the caller set it. fontTools (WeasyPrint's
    font subsetter where the system has no HarfBuzz-Subset) stamps every embedded font with the
    time of day otherwise, and two runs would give different bytes."""
    weasy = logging.getLogger("weasyprint")
    weasy.addFilter(_known_notes)
    given = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = given or commit_epoch()
    try:
        yield
    finally:
        weasy.removeFilter(_known_notes)
        if given is None:
            del os.environ["SOURCE_DATE_EPOCH"]


def _known_notes(record: logging.LogRecord) -> bool:
    """Drop WeasyPrint's notes on CSS it does not apply (KaTeX's stylesheet is written for browsers:
    ``width: min-content``, ``text-rendering``, SVG ``stroke`` properties) and on subsetting fonts with
    fontTools where the system has no HarfBuzz-Subset (same fonts, same bytes); keep every other message."""
    message = str(record.msg)
    return not message.startswith("Ignored `") and not message.startswith("Using fontTools instead of HarfBuzz")



def pdf_name(lang: str, size: str = "a4") -> str:
    """The file of a language's edition: ``itdl-en.pdf``, ``itdl-ru-6x9.pdf``."""
    return f"itdl-{lang}.pdf" if size == "a4" else f"itdl-{lang}-{size}.pdf"


def write_editions(langs: list[str] | None = None, size: str = "a4", site_dir: str | None = None,
                   out_dir: Path | None = None) -> list[dict]:
    """One PDF per language from the built site, into ``out_dir`` (default: ``.artifacts/pdf/``: a
    rebuild of the site empties the site's folder);
    per language its path, pages, bytes, seconds and the peak memory of the typesetting process."""
    import resource
    import time

    from pypdf import PdfReader

    from sitebuild.languages import language_config, languages

    overrides = {"site_dir": site_dir} if site_dir else {}
    every = list(languages(language_config("en", **overrides)))
    rows = []
    for lang in langs or every:
        config = language_config(lang, **overrides)
        target = (out_dir or OUT_DIR) / pdf_name(lang, size)
        start = time.perf_counter()
        write_pdf(book_of(config, lang), Path(config.site_dir), target, size)
        rows.append({
            "lang": lang, "path": str(target), "pages": len(PdfReader(target).pages),
            "bytes": target.stat().st_size, "seconds": time.perf_counter() - start,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        })
        log.info("%s: %d pages, %.0f kB, %.0f s", target, rows[-1]["pages"], rows[-1]["bytes"] / 1000,
                 rows[-1]["seconds"])
    return rows
