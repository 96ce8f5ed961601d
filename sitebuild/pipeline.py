"""The steps every page goes through, whatever kind it is and whichever generator drives them.

Markdown pages, notebook pages (made Markdown by :mod:`sitebuild.notebook_page`) and generated
pages (the Formula index, the Glossary) all take the same two stages:

1. :func:`markdown_steps`, on the page's Markdown before it is converted: computed values
   (:mod:`sitebuild.values`), references by ID made numbered links (:mod:`sitebuild.crossrefs`),
   citations by key made author-year links and the page's references appended (:mod:`sitebuild.citations`)
   and the reader's notices (untranslated page, outdated translation);
2. the converter (Python-Markdown with the site's extensions and fences, run by the generator);
3. :func:`html_steps`, on the page's HTML: glossary hovers kept at a term's first use, the lines
   under the title (downloads, quiz progress), formula, figure and quiz numbers (:mod:`sitebuild.numbering`), the
   language's typography on the text
   (:mod:`sitebuild.typography`), and math typeset by KaTeX with its words and decimal sign in the
   page's language (:mod:`sitebuild.mathwords`).

Nothing here imports MkDocs; :mod:`sitebuild.plugin` calls these from MkDocs' events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitebuild import (
    citations,
    crossrefs,
    glossary,
    katex,
    notebooks,
    numbering,
    quiz,
    translations,
    typography,
    values,
)
from sitebuild.bibliography import Bibliography
from sitebuild.i18n import strings
from sitebuild.mathwords import SOURCE_LANGUAGE

_ID = re.compile(r'id="([^"]+)"')


@dataclass(frozen=True)
class PageInfo:
    """What the steps need to know about one page."""

    where: str  # the source as a reader of an error needs it: docs/<lang>/<path>
    lang: str
    strings: dict[str, str]  # the interface strings of ``lang``
    reference: bool = False  # a generated reference page: no glossary hovers
    untranslated: bool = False  # served in the source language to readers of ``lang``
    outdated_link: str | None = None  # the English original, when the translation is outdated
    downloads: list[str] = field(default_factory=list)  # files offered under the title
    formula_numbers: dict[str, str] = field(default_factory=dict)  # formula id -> "2.3" (the whole book)
    figure_numbers: dict[str, str] = field(default_factory=dict)  # figure id -> "2.1"
    quiz_numbers: dict[str, str] = field(default_factory=dict)  # quiz id -> "2.1"
    path: str = ""  # docs-relative, the same in every language
    number: str | None = None  # the page's number in the book, "1.2" (chapter.page), if it has one
    targets: crossrefs.Targets = field(default_factory=crossrefs.Targets)  # what [[eq:...]] can name
    bibliography: Bibliography | None = None  # what [@key] can cite, formatted in the page's text language

    @property
    def text_lang(self) -> str:
        """The language the page's text is written in (English on a page not translated yet)."""
        return SOURCE_LANGUAGE if self.untranslated else self.lang


def markdown_steps(markdown: str, page: PageInfo) -> str:
    markdown = values.substitute(markdown, page.lang, page.where)
    markdown = crossrefs.substitute(markdown, page.path, page.targets, page.where)
    if page.bibliography is not None:
        title = strings(page.text_lang)["references"]
        markdown = citations.substitute(markdown, page.bibliography, title, page.where)
    t = page.strings
    if page.untranslated:
        return translations.notice_markdown(markdown, "warning", t["untranslated_title"], t["untranslated_body"])
    if page.outdated_link:
        return translations.outdated_notice_markdown(markdown, t, page.outdated_link)
    return markdown


def html_steps(html: str, page: PageInfo, renderer: katex.Renderer, typographer: typography.Typographer) -> str:
    html = glossary.without_hovers(html) if page.reference else glossary.first_use_only(html)
    under_title = ""
    if page.downloads:
        t = page.strings
        labels = {"title": t["nb_download"], "ipynb": t["nb_ipynb"], "py": t["nb_py"]}
        under_title += notebooks.download_links(page.downloads, labels)
    under_title += quiz.progress_line(html, page.lang)
    if under_title:
        end = html.find("</h1>") + len("</h1>") if "</h1>" in html else 0
        html = html[:end] + under_title + html[end:]
    html = numbering.number_formulas(html, page.formula_numbers)
    html = numbering.number_figures(html, page.figure_numbers, page.strings["figure_number"])
    html = numbering.number_quizzes(html, page.quiz_numbers, page.strings["quiz_number"])
    html = numbering.number_heading(html, page.number)
    html = typographer.apply(html, page.text_lang, page.where)
    return katex.typeset_page(html, renderer, page.where, page.text_lang)


def anchor_ids(html: str) -> set[str]:
    """Every ``id`` in a page's HTML (raw HTML from fences included), for link validation.

    The pattern starts with a literal, which the regex engine scans for fast; an attribute that
    only ends in ``id`` (``data-id``) is told apart by the character before it."""
    return {m[1] for m in _ID.finditer(html) if m.start() and html[m.start() - 1] in " \t\n\r"}
