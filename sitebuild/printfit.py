"""Display formulas too wide for the printed page, shrunk to fit it.

A browser scrolls a wide formula; a page cannot. Before the book is typeset, each display formula
is laid out alone by WeasyPrint (a short probe document with the book's own stylesheets) to read
its natural width; one wider than the line (less the two columns beside a numbered one, see
``printbook._number_beside``) gets a smaller font size, in steps of 1/1000 em so that the same
book gives the same bytes. The probe costs a second or two, not a second typesetting of the book.
"""

from __future__ import annotations

import logging

import lxml.html
from lxml import etree

log = logging.getLogger("sitebuild.pdf")

SMALLEST = 0.6  # of the normal size: below it a formula would be unreadable, so it overflows instead
_PROBE_CSS = (
    ".fit-probe .katex-display, .fit-probe .katex-display > .katex,"
    " .fit-probe .katex-display > .katex > .katex-html { display: inline-block; white-space: nowrap; }"
    " .fit-probe { display: block; }"
)


def _classes(element: etree._Element) -> list[str]:
    return (element.get("class") or "").split()


def fit_formulas(document: str, base_url: str) -> str:
    """``document`` (the book's HTML) with every display formula wider than the page's line shrunk
    to the line's width; unchanged when all fit."""
    from weasyprint import HTML

    tree = lxml.html.document_fromstring(document)
    displays = [e for e in tree.iter("span") if "katex-display" in _classes(e)]
    if not displays:
        return document
    head = etree.tostring(tree.find("head"), encoding="unicode", method="html")
    probes = "".join(
        f'<div class="fit-probe">{etree.tostring(d, encoding="unicode", method="html", with_tail=False)}</div>'
        .replace('class="katex-display"', f'class="katex-display" data-fit="{k}"', 1)
        for k, d in enumerate(displays)
    )
    probe = (f'<html lang="{tree.get("lang", "")}">{head}<body><style>{_PROBE_CSS}</style>'
             f'<div data-fit="line"></div><span class="book-eq__number" data-fit="column" '
             f'style="display: inline-block"></span>{probes}</body></html>')
    widths = _widths(HTML(string=probe, base_url=base_url).render())
    line, column = widths.pop("line"), widths.pop("column")
    changed = False
    for k, display in enumerate(displays):
        numbered = "book-eq" in _classes(display.getparent())
        room = line - (2 * column if numbered else 0)
        natural = widths[str(k)]
        if natural <= room:
            continue
        scale = max(SMALLEST, int(1000 * room / natural) / 1000)
        display.set("style", f"font-size: {scale:.3f}em")
        changed = True
        if scale == SMALLEST:
            formula = display.getparent() if not numbered else display.getparent().getparent()
            log.warning("formula %s is %.0f%% of the line even at %.0f%% size",
                        formula.get("id", "?"), 100 * natural * SMALLEST / room, 100 * SMALLEST)
    if not changed:
        return document
    return "<!DOCTYPE html>" + etree.tostring(tree, encoding="unicode", method="html")


def _widths(rendered) -> dict[str, float]:
    """The laid-out width (CSS px) of every element of the probe with a ``data-fit`` attribute.

    WeasyPrint has no public layout API; its page boxes (``Page._page_box``, WeasyPrint 70) are
    read here and nowhere else, so tests/test_pdf_fit.py fails first if that changes."""
    found: dict[str, float] = {}
    for page in rendered.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            key = element.get("data-fit") if element is not None else None
            if key is not None and key not in found and getattr(box, "element_tag", None):
                found[key] = box.margin_width()
    return found
