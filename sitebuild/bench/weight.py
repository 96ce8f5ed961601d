"""Page weight: every page loaded in Chromium from a gzip static host, bytes on the wire by resource
type, once with an empty cache and once as the next page of a visit (instant navigation)."""

from __future__ import annotations

from pathlib import Path

from sitebuild.bench.sitefacts import language_of, pages
from sitebuild.bench.static import gzip_server
from sitebuild.browser import FLAGS, chromium

OTHER_PAGE = "pac-bayes/"  # where a visit starts when the measured page is the language's home
SETTLE_MS = 200


class _Wire:
    """Bytes received per resource type, from the Chrome DevTools Protocol."""

    def __init__(self, context, page) -> None:
        self.types: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", lambda e: self.types.__setitem__(e["requestId"], e["type"]))
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event) -> None:
        kind = self.types.get(event["requestId"], "Other")
        self.bytes[kind] = self.bytes.get(kind, 0) + int(event["encodedDataLength"])

    def take(self) -> dict[str, int]:
        taken, self.bytes = self.bytes, {}
        return taken


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)


def _first_visit(browser, url: str) -> dict[str, int]:
    context = browser.new_context()
    page = context.new_page()
    wire = _Wire(context, page)
    page.goto(url)
    _settle(page)
    taken = wire.take()
    context.close()
    return taken


def _next_page(browser, start: str, url: str) -> tuple[dict[str, int], bool]:
    """Bytes for ``url`` reached by a click from ``start``, and whether the page stayed (instant)."""
    context = browser.new_context()
    page = context.new_page()
    wire = _Wire(context, page)
    page.goto(start)
    _settle(page)
    wire.take()
    page.evaluate("window.__bench = 1")
    page.evaluate(
        "url => { const a = document.createElement('a'); a.href = url;"
        " document.querySelector('.md-content').appendChild(a); a.click(); }",
        url,
    )
    page.wait_for_url(url)
    _settle(page)
    instant = page.evaluate("window.__bench === 1")
    taken = wire.take()
    context.close()
    return taken, instant


def measure_page_weight(site: Path, prefixes: dict[str, str]) -> list[dict]:
    """One row per page of ``site``: bytes of the first visit and of the next page, by type."""
    from playwright.sync_api import sync_playwright

    rows = []
    with gzip_server(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(p), args=FLAGS, headless=True)
        for html in pages(site):
            rel = html.removesuffix("index.html")
            home = prefixes[language_of(html, prefixes)]
            first = _first_visit(browser, base + rel)
            following, instant = _next_page(browser, base + (home + OTHER_PAGE if rel == home else home), base + rel)
            rows.append({
                "page": "/" + rel,
                "first_bytes": sum(first.values()),
                "first_by_type": first,
                "next_bytes": sum(following.values()),
                "next_by_type": following,
                "next_was_instant": instant,
                "html_bytes": (site / html).stat().st_size,
            })
        browser.close()
    return rows
