"""The typographic rules of the page's language, applied to its text when the site is built.

Typograf (the maintained typographer for Russian, run by node) puts a no-break space before a
dash, between a number and its unit, after a short preposition; turns `` - `` between words into
an em dash (also between two surnames: «Кульбака — Лейблера»); and writes quotes as the language
does. It sees only text: math (still the converter's placeholders, typeset later by KaTeX), code,
figures and scripts are taken out before it runs and put back after, so no formula or listing can
change. A language without an entry in :data:`RULES` is left as written.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild.katex import PLACEHOLDER as MATH
from sitebuild.nodeprocess import NodeProcess, package_version
from sitebuild.store import Store, code_version, key_of

SERVER = Path(__file__).with_name("typograf_server.mjs")

# Typograf's rules for each language (its defaults, changed where they would alter what a
# mathematics textbook means): enabled: a no-break space between a number and the word after it
# (5 нат); disabled: 1/2 -> ½, (c) -> © (a list label here), 1.5 -> 1,5 (section numbers), 2x -> 2×,
# a space after a colon (arXiv:2001.08361) or before a bracket (KL(Q‖P) written in text), the space
# of «3 %» taken out (GOST 8.417 keeps it), ISO dates and phone numbers rewritten, Latin letters
# inside Cyrillic words "corrected".
RULES = {
    "ru": {
        "locale": ["ru", "en-US"],
        "enable": ["common/nbsp/afterNumber"],
        "disable": [
            "common/number/fraction", "common/symbols/copy", "ru/number/comma", "common/number/times",
            "common/space/afterColon", "common/space/beforeBracket", "common/space/delBeforePercent",
            "ru/date/fromISO", "ru/other/phone-number", "ru/typo/switchingKeyboardLayout",
        ],
    },
}

# What the typographer must not see: math placeholders, code, preformatted text, figures, scripts.
# Text marked as another language (the glossary's translations: <span lang="en">) keeps its own rules.
PROTECTED = re.compile(
    MATH.pattern + r"|<(?P<el>pre|code|kbd|script|style|svg|textarea)\b.*?</(?P=el)>|<!--.*?-->"
    r'|<(?P<marked>span|em|q|cite)\b[^>]*\blang="[^"]*"[^>]*>.*?</(?P=marked)>',
    re.DOTALL,
)
_TOKEN = re.compile("\ue000([\ue010-\ue019]+)\ue001")  # a protected part, by its index
_store = Store("typography")
_MATH_BEFORE_DASH = re.compile(_TOKEN.pattern + "\u00a0[—–]")
_JOIN = "\n<hr data-itdl-split>\n"
_SPLIT = re.compile(r"\s*<hr data-itdl-split>\s*")


def _token(index: int) -> str:
    return "\ue000" + "".join(chr(0xE010 + int(d)) for d in str(index)) + "\ue001"


class Typographer:
    """One node process running Typograf; results cached on disk under the text and the rules."""

    def __init__(self) -> None:
        self.version = package_version("typograf")
        self._node = NodeProcess(SERVER)

    def apply(self, html: str, lang: str, where: str = "") -> str:
        """``html`` with ``lang``'s typographic rules applied to its text (unchanged without rules)."""
        rules = RULES.get(lang)
        if rules is None:
            return html
        kept: list[str] = []

        def keep(match: re.Match[str]) -> str:
            kept.append(match.group(0))
            return _token(len(kept) - 1)

        text = PROTECTED.sub(keep, html)
        key = key_of(self.version, code_version(__name__), lang, text)

        def run() -> str:
            reply = self._node.request({"text": text, **rules})
            if "error" in reply:
                raise ValueError(f"{where}: the typographer failed: {reply['error']}")
            return reply["text"]

        done = _store.memo(key, run)[0]
        # A browser may break a line after inline math even before a no-break space (the formula is
        # an atomic inline box): the formula, the space and the dash after it are kept on one line.
        done = _MATH_BEFORE_DASH.sub(r'<span class="itdl-nowrap">\g<0></span>', done)
        restored = _TOKEN.sub(lambda m: kept[int("".join(str(ord(c) - 0xE010) for c in m[1]))], done)
        if len(_TOKEN.findall(done)) != len(kept):
            raise ValueError(f"{where}: the typographer lost or repeated a protected part of the page")
        return restored

    def apply_each(self, texts: list[str], lang: str, where: str = "") -> list[str]:
        """Each of ``texts`` (a page's title, its table-of-contents entries) with ``lang``'s rules, in
        one call of the typographer."""
        if lang not in RULES or not texts:
            return texts
        done = _SPLIT.split(self.apply(_JOIN.join(texts), lang, where))
        if len(done) != len(texts):
            raise ValueError(f"{where}: the typographer merged or split the page's titles")
        return done

    def close(self) -> None:
        self._node.close()
