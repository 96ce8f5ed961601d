"""Material's navigation sidebar, rendered once per build instead of once per page.

Material renders the whole navigation into every page (``partials/nav.html``), so a build spends
time proportional to pages x pages there. But a top-level item that does not hold the current
page renders the same on every page except for its links, which the ``url`` filter makes
relative to the page. So, per build (one language):

* once: ``partials/nav-material.html`` (Material's nav.html with each top-level item marked) is
  rendered as no page would: ``page`` none and ``base_url`` a placeholder, so every relative link
  comes out as ``<placeholder>/<path>"``; it is cut into items and the text between them;
* per page: the top-level item(s) holding the page (``active``) are rendered by Material's own
  macro in the page's context (the active classes, ``checked`` toggles, the page's table of
  contents); every other item is the cached text with its links made relative to this page,
  exactly as MkDocs's ``normalize_url`` would (a few string replacements over the cached text).

The item that holds the page being rendered when the cache is first filled is active in that
render; its text is taken from the next page whose active item differs (two renders per build at
most). Nothing here touches MkDocs or Material; ``partials/nav.html`` uses this only when the
``itdl_nav`` global is set (``on_env``: ``env.globals["itdl_nav"] = NavCache()``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence

from markupsafe import Markup

BASE = "\x01"  # the placeholder base_url: the url filter gives BASE + "/" + path
FAST = "\x02"  # a link whose relative form is "../" * depth + what follows, unless it shares the page's first folder
EXACT = "\x03"  # a link resolved one by one (the home page ".", paths with "..")
START, END = "\x0e", "\x0f"  # around each top-level item in the neutral render
_MARKED = re.compile(re.escape(BASE) + r'/([^"\x00-\x1f]*)"')
_EXACT = re.compile(re.escape(EXACT) + r'([^"]*)"')


# -- MkDocs's URL arithmetic (mkdocs/utils/__init__.py, 1.6), without importing MkDocs ----------
def _norm_parts(path: str) -> list[str]:
    if not path.startswith("/"):
        path = "/" + path
    path = posixpath.normpath(path)[1:]
    return path.split("/") if path else []


def page_parts(page_url: str) -> list[str]:
    """The folders of ``page_url`` that links are made relative to."""
    dirname, _, basename = page_url.rpartition("/")
    return _norm_parts(dirname if "." in basename else page_url)


def _relative(path: str, parts: list[str]) -> str:
    dest = _norm_parts(path)
    common = 0
    for a, b in zip(parts, dest, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(parts) - common) + dest[common:]) or "."
    return rel + "/" if path.endswith("/") else rel


def _level(path: str) -> int:
    norm = posixpath.normpath(path) + "/"
    level = 0
    while norm.startswith("../", level * 3):
        level += 1
    return level


def relative_url(path: str, page_url: str) -> str:
    """``normalize_url(path, page)`` for a ``path`` that ``_get_norm_url`` has seen (relative,
    never empty): what Material's ``{{ x | url }}`` gives on the page at ``page_url``."""
    return "../" * _level(path) + _relative(path, page_parts(page_url))


def _canonical(match: re.Match) -> str:
    path = match[1]
    dest = _norm_parts(path)
    if _level(path) or not dest:
        return f'{EXACT}{path}"'
    return FAST + "/".join(dest) + ("/" if path.endswith("/") else "") + '"'


class NavCache:
    """One build's navigation (make a new one in every ``on_env``). Template API: ``base``,
    ``start``, ``end`` and ``html(page, nav, live, neutral)`` (see partials/nav-cached.html)."""

    base, start, end = BASE, START, END

    def __init__(self) -> None:
        self.items: list[str | None] | None = None  # canonical text of each top-level item
        self.frame: list[str] = []  # the text before, between and after the items
        self.text = ""  # frame and items joined
        self.spans: list[tuple[int, int]] = []  # where each item is in `text`
        self.renders = 0

    # -- the cache ------------------------------------------------------------------------------
    def _fill(self, neutral: Callable[[], str], active: set[int], count: int) -> None:
        self.renders += 1
        rendered = str(neutral())
        if rendered.count(BASE) != len(_MARKED.findall(rendered)):
            raise ValueError("navcache: a link outside an href=\"...\" attribute")
        if EXACT in rendered or FAST in rendered:
            raise ValueError("navcache: the navigation holds a placeholder character")
        rendered = _MARKED.sub(_canonical, rendered)
        pieces = rendered.split(START)
        if len(pieces) != count + 1 or any(p.count(END) != 1 for p in pieces[1:]):
            raise ValueError("navcache: the rendered navigation does not match nav.items")
        frame = [pieces[0]]
        items = []
        for piece in pieces[1:]:
            item, after = piece.split(END)
            items.append(item)
            frame.append(after)
        if self.items is None:
            self.items = [None] * count
        for i, item in enumerate(items):
            if i not in active and self.items[i] is None:
                self.items[i] = item
        self.frame = frame
        self._join()

    def _join(self) -> None:
        chunks, spans, at = [self.frame[0]], [], len(self.frame[0])
        for item, after in zip(self.items, self.frame[1:], strict=True):
            item = item or ""
            spans.append((at, at + len(item)))
            chunks += [item, after]
            at += len(item) + len(after)
        self.text, self.spans = "".join(chunks), spans

    # -- per page -------------------------------------------------------------------------------
    def html(self, page, nav, live: Callable, neutral: Callable[[], str]) -> Markup:
        items: Sequence = nav.items
        active = {i for i, item in enumerate(items) if getattr(item, "active", False)}
        if self.items is not None and len(self.items) != len(items):
            self.items = None  # another navigation: start over
        if self.items is None or len(self.items) != len(items) or any(
            self.items[i] is None for i in range(len(items)) if i not in active
        ):
            self._fill(neutral, active, len(items))
        parts = page_parts(page.url)
        out, at = [], 0
        for i in sorted(active):
            start, end = self.spans[i]
            out.append(resolve(self.text[at:start], parts, page.url))
            out.append(str(live(items[i], f"__nav_{i + 1}")))
            at = end
        out.append(resolve(self.text[at:], parts, page.url))
        return Markup("".join(out))


def resolve(text: str, parts: list[str], page_url: str) -> str:
    """Canonical placeholders in ``text`` to links relative to the page at ``page_url``."""
    if parts:  # links into the page's own first folder share a prefix with it: one by one
        shared = re.compile(re.escape(FAST) + "(" + re.escape(parts[0]) + '(?:/[^"]*)?)"')
        text = shared.sub(lambda m: _relative(m[1], parts) + '"', text)
    text = text.replace(FAST, "../" * len(parts))
    if EXACT in text:
        text = _EXACT.sub(lambda m: relative_url(m[1], page_url) + '"', text)
    return text
