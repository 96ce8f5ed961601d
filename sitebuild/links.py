"""Check every link of the built site offline: internal targets and anchors must exist.

Every ``.html`` page (all languages), every stylesheet's ``url(...)`` and the sitemap are read.
An internal link must name a file of the site and, with a ``#fragment``, an ``id`` (or ``<a
name>``) on that page. Links to other hosts are collected and listed, never fetched.

    python -m sitebuild links            # after a build; exits 1 if anything is broken
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRS = {"href", "src", "poster", "data"}
SKIPPED_SCHEMES = {"mailto", "tel", "javascript", "data", "blob"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_SITEMAP_LOC = re.compile(r"<loc>([^<]+)</loc>")


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for name in LINK_ATTRS & values.keys():
            if tag == "object" or name != "data":
                self.links.append(values[name] or "")
        if values.get("srcset"):
            self.links.extend(part.split()[0] for part in values["srcset"].split(",") if part.strip())


@dataclass
class Report:
    pages: int = 0
    links: int = 0
    broken: list[str] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def summary(self) -> str:
        lines = [f"{self.pages} pages, {self.links} internal links, {len(self.broken)} broken"]
        lines += [f"  BROKEN {item}" for item in self.broken]
        lines.append(f"{len(self.external)} external links (listed, not fetched):")
        lines += [f"  {url}  <- {len(pages)} page(s)" for url, pages in sorted(self.external.items())]
        return "\n".join(lines)


def _url_of(site: Path, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def _target(site: Path, path: str) -> Path | None:
    candidate = site / unquote(path).lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_site(site: Path, site_url: str = "") -> Report:
    """Check ``site``; absolute links that start with ``site_url`` count as internal."""
    site = Path(site)
    report = Report()
    pages: dict[Path, _PageParser] = {}
    for file in sorted(site.rglob("*.html")):
        parser = _PageParser()
        parser.feed(file.read_text("utf-8"))
        pages[file] = parser
    report.pages = len(pages)

    def ids_of(file: Path) -> set[str]:
        if file not in pages:
            return set()
        return pages[file].ids

    def check(source: Path, base_url: str, link: str) -> None:
        link = link.strip()
        if not link or (link.startswith("#") and link == "#"):
            return
        if site_url and link.startswith(site_url):
            link = "/" + link[len(site_url):].lstrip("/")
        parts = urlsplit(link)
        if parts.scheme in SKIPPED_SCHEMES:
            return
        if parts.scheme or parts.netloc:
            report.external[link].add(_url_of(site, source))
            return
        report.links += 1
        resolved = urlsplit(urljoin(base_url, link))
        where = f"{source.relative_to(site).as_posix()}: {link}"
        target = _target(site, resolved.path)
        if target is None:
            report.broken.append(f"{where} (no file for {resolved.path})")
        elif resolved.fragment and target.suffix == ".html":
            if unquote(resolved.fragment) not in ids_of(target):
                report.broken.append(f"{where} (no id {resolved.fragment!r} on {target.relative_to(site)})")

    for file, parser in pages.items():
        for link in parser.links:
            check(file, _url_of(site, file), link)
    for css in sorted(site.rglob("*.css")):
        for link in _CSS_URL.findall(css.read_text("utf-8")):
            check(css, _url_of(site, css), link)
    for sitemap in sorted(site.rglob("sitemap.xml")):
        for link in _SITEMAP_LOC.findall(sitemap.read_text("utf-8")):
            check(sitemap, _url_of(site, sitemap), link)
    return report
