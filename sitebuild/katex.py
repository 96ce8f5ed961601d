"""Build-time math: every formula is typeset by KaTeX (run by node) when the site is built.

Readers get HTML + MathML with no client JavaScript and no network. A formula KaTeX cannot parse
raises :class:`MathError` naming the page and the formula, which fails the build.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from pathlib import Path

from sitebuild import fontsubset, mathwords
from sitebuild.nodeprocess import NODE_MODULES, NodeError, NodeProcess, package_version
from sitebuild.paths import cache_dir

KATEX_DIST = NODE_MODULES / "katex" / "dist"
SERVER = Path(__file__).with_name("katex_server.mjs")

# Shared macros, so both languages typeset the same source identically.
MACROS = {
    r"\KL": r"\operatorname{KL}",
    r"\kl": r"\operatorname{kl}",
}


class MathError(ValueError):
    """A formula that KaTeX cannot typeset, or whose words have no translation."""


class Renderer:
    """One long-lived node process, plus a disk cache keyed on KaTeX version, macros and source."""

    def __init__(self) -> None:
        try:
            self.version = package_version("katex")
        except NodeError as error:
            raise MathError(str(error)) from None
        salt = json.dumps([self.version, MACROS], sort_keys=True)
        self._salt = hashlib.sha256(salt.encode()).hexdigest()[:16]
        self._cache_file = cache_dir("katex", f"{self._salt}.json")
        self._cache: dict[str, str] = {}
        if self._cache_file.exists():
            self._cache = json.loads(self._cache_file.read_text(encoding="utf-8"))
        self._dirty = False
        self._node = NodeProcess(SERVER, {"KATEX_MACROS": json.dumps(MACROS)})
        self.used: set[str] = set()  # the formulas of this build (keys of the cache)

    def render(self, tex: str, display: bool, where: str = "") -> str:
        key = ("D" if display else "I") + tex
        self.used.add(key)
        if key in self._cache:
            return self._cache[key]
        reply = self._node.request({"tex": tex, "display": display})
        if "error" in reply:
            raise MathError(f"{where}: KaTeX cannot typeset formula {tex!r}: {reply['error']}")
        self._cache[key] = reply["html"]
        self._dirty = True
        return reply["html"]

    def used_characters(self) -> str:
        """Every character the build's typeset formulas show (their HTML's text), sorted."""
        shown = set()
        for key in self.used:
            shown.update(html.unescape(_TAG.sub("", self._cache[key])))
        return "".join(sorted(shown))

    def close(self) -> None:
        self._node.close()
        if self._dirty:
            self._cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._cache_file.with_suffix(f".{os.getpid()}.tmp")  # parallel test workers
            tmp.write_text(json.dumps(self._cache, sort_keys=True, ensure_ascii=False), "utf-8")
            tmp.replace(self._cache_file)
            self._dirty = False


# pymdownx.arithmatex (generic mode) leaves \(...\) in spans and \[...\] in divs.
_TAG = re.compile(r"<[^>]+>")
PLACEHOLDER = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*\\(?P<open>[(\[])(?P<tex>.*?)\\[)\]]\s*</(?P=tag)>',
    re.DOTALL,
)


def typeset_page(content: str, renderer: Renderer, where: str, lang: str) -> str:
    """Replace the math placeholders of one rendered page with KaTeX HTML, each formula's words
    and decimal separator in ``lang`` (:mod:`sitebuild.mathwords`)."""

    def arithmatex(match: re.Match[str]) -> str:
        display = match.group("open") == "["
        tex = html.unescape(match.group("tex")).strip()
        try:
            tex = mathwords.localize(tex, lang)
        except ValueError as error:
            raise MathError(f"{where}: {error}") from None
        return renderer.render(tex, display, where)

    return PLACEHOLDER.sub(arithmatex, content)


def copy_assets(site_dir: str | Path, characters: str) -> None:
    """KaTeX's stylesheet and its woff2 fonts (every browser we target reads woff2), each font cut
    down to the ``characters`` the build's formulas show (:mod:`sitebuild.fontsubset`)."""
    target = Path(site_dir) / "assets" / "katex"
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    css = (KATEX_DIST / "katex.min.css").read_text(encoding="utf-8")
    # Keep only the woff2 source of each @font-face, so no link points at a file we do not ship.
    css = re.sub(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)
    (target / "katex.min.css").write_text(css, encoding="utf-8")
    for font in sorted((KATEX_DIST / "fonts").glob("*.woff2")):
        (target / "fonts" / font.name).write_bytes(fontsubset.subset_woff2(font.read_bytes(), characters))
