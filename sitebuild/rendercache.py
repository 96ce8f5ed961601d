"""Keep each page's Markdown rendering between the rebuilds of one ``serve`` session.

Python-Markdown is two thirds of rebuilding one language (0.25 of 0.39 s for the English edition,
21 pages), while an edit under ``docs/<lang>/`` changes one page's Markdown. During ``serve``, each
page is a :class:`CachedRenderPage` (MkDocs lets a plugin give a file its own ``Page`` subclass),
which renders again only when its key changed: the language, the page's address, its Markdown
after the plugin's Markdown steps (computed values, notices included) and the site's list of files
with their addresses (what link rewriting and validation read).

What else a page's HTML is made of (snippets, tests, the glossary, ``mkdocs.yml``, the theme,
this glue) lives outside ``docs/<lang>/``: ``serve`` empties the cache when anything but a page
changed (:func:`only_pages_changed`). A rendering that logged anything (a broken link's warning)
is never kept, so that message, and a strict build's failure, come back on every rebuild.
``mkdocs build`` and ``python -m sitebuild build`` never use this cache.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

PAGE_SUFFIXES = {".md", ".py"}  # Markdown pages and jupytext notebooks


@dataclass(frozen=True)
class Rendering:
    """What ``Page.render`` sets on a page."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri

    @classmethod
    def of(cls, page: Page) -> Rendering:
        links = page.links_to_anchors
        return cls(
            content=page.content or "",
            toc=copy.deepcopy(page.toc),
            title=page._title_from_render,  # what Page.render found (its own field)
            anchors=frozenset(page.present_anchor_ids or ()),
            links_to_anchors=None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
        )

    def restore(self, page: Page, files: Files) -> None:
        page.content = self.content
        page.toc = copy.deepcopy(self.toc)
        page._title_from_render = self.title
        page.present_anchor_ids = set(self.anchors)
        if self.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): dict(a) for uri, a in self.links_to_anchors.items()}


class RenderCache:
    """Renderings by key, in memory; ``hits`` and ``misses`` count since the last :meth:`forget`."""

    def __init__(self) -> None:
        self._renderings: dict[str, Rendering] = {}
        self.hits = self.misses = 0

    def forget(self) -> None:
        self._renderings.clear()
        self.take_counts()

    def take_counts(self) -> tuple[int, int]:
        """``(misses, hits)`` since the last call (or :meth:`forget`), then zero both."""
        counts = self.misses, self.hits
        self.hits = self.misses = 0
        return counts

    @staticmethod
    def key(page: Page, config: MkDocsConfig, files: Files) -> str:
        digest = hashlib.sha256()
        for part in (str(config.theme.get("language", "")), page.file.src_uri, page.url, page.markdown or ""):
            digest.update(part.encode() + b"\0")
        for file in files:
            digest.update(f"{file.src_uri}\t{file.url}\t{file.inclusion.name}\n".encode())
        return digest.hexdigest()

    def get(self, key: str) -> Rendering | None:
        found = self._renderings.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: str, rendering: Rendering) -> None:
        self._renderings[key] = rendering


_session: RenderCache | None = None


def enable() -> RenderCache:
    """Turn the cache on for this process (``serve`` does, once) and return it."""
    global _session
    if _session is None:
        _session = RenderCache()
    return _session


def disable() -> None:
    """Turn it off again (the tests do, after using it)."""
    global _session
    _session = None


def active() -> RenderCache | None:
    return _session


def only_pages_changed(changed: Iterable[Path], docs: Path, langs: Iterable[str]) -> bool:
    """Whether every path in ``changed`` is a page of one of ``langs`` under ``docs``."""
    folders = [docs / lang for lang in langs]
    return all(path.suffix in PAGE_SUFFIXES and any(path.is_relative_to(f) for f in folders) for path in changed)


class _Logged(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1


@contextlib.contextmanager
def _logged() -> Iterator[_Logged]:
    """Counts the messages logged meanwhile, MkDocs' own logger included (it may not propagate)."""
    handler = _Logged()
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


class CachedRenderPage(Page):
    """A page that reuses its last rendering from ``cache`` when its key is unchanged."""

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, cache: RenderCache) -> None:
        super().__init__(title, file, config)
        self.render_cache = cache

    def render(self, config: MkDocsConfig, files: Files) -> None:
        key = self.render_cache.key(self, config, files)
        if (found := self.render_cache.get(key)) is not None:
            found.restore(self, files)
            return
        with _logged() as logged:
            super().render(config, files)
        if not logged.records:
            self.render_cache.put(key, Rendering.of(self))


def nav_titles(nav: list | None) -> dict[str, str]:
    """``{path: title}`` for the pages that ``nav`` (``mkdocs.yml``'s) gives a title of their own."""
    titles: dict[str, str] = {}
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles[value] = title
                elif isinstance(value, list):
                    titles.update(nav_titles(value))
    return titles
