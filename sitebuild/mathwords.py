"""The words and the decimal sign of a formula, in the language of the page that shows it.

Every language shares one LaTeX source per formula. Words typeset as text inside it
(``\\text{bits}``, ``\\mathrm{noise}``) are English there; on the page of another language each
becomes the translation given in ``docs/formula-words.yml``, and a decimal point between digits
becomes that language's decimal sign. Symbols (``\\mathrm{MAP}``, ``\\mathrm{wd}``) stay as written in
every language; the file lists them too, so a word nobody translated fails the build by name.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from sitebuild.numbers import decimal_sign
from sitebuild.paths import ROOT

WORDS_FILE = ROOT / "docs" / "formula-words.yml"
SOURCE_LANGUAGE = "en"

# \text{...} and its kin, with no braces inside; \mathrm's Latin letters are a word or a symbol.
TEXT = re.compile(r"\\(?P<command>text|textrm|textit|textbf|mathrm|mbox)\{(?P<body>[^{}]*)\}")
LATIN = re.compile(r"[A-Za-z]")
TAG = re.compile(r"(\\tag\{[^{}]*\})")
# A decimal point between digits; a TeX dimension (0.5em) keeps its point.
DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d+(?!\d)(?!\s*(?:em|ex|pt|mu|cm|mm|in)\b))")


@cache
def table(path: Path = WORDS_FILE) -> tuple[frozenset[str], dict[str, dict[str, str]]]:
    """(the symbols, word -> {language: translation}) of ``path``."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    symbols, words = data.get("symbols", []), data.get("words", {})
    if not isinstance(symbols, list) or not isinstance(words, dict):
        raise ValueError(f"{path}: needs a list 'symbols' and a mapping 'words'")
    for word, translations in words.items():
        if not isinstance(translations, dict) or not all(isinstance(v, str) for v in translations.values()):
            raise ValueError(f"{path}: words[{word!r}] must map language codes to translations")
    return frozenset(symbols), words


def words_of(tex: str) -> list[str]:
    """The Latin text of ``tex`` typeset as words or symbols (``\\text{...}`` bodies, stripped)."""
    return [m["body"].strip() for m in TEXT.finditer(tex) if LATIN.search(m["body"])]


def localize(tex: str, lang: str, path: Path = WORDS_FILE) -> str:
    """``tex`` as a ``lang`` page shows it: its words translated, its decimal sign ``lang``'s.

    A ValueError names a word the file gives no ``lang`` translation for (and lists as no symbol).
    """
    if lang == SOURCE_LANGUAGE:
        return tex
    symbols, words = table(path)

    def word(match: re.Match[str]) -> str:
        body = match["body"]
        text = body.strip()
        if not LATIN.search(text) or text in symbols:
            return match.group(0)
        translation = words.get(text, {}).get(lang)
        if translation is None:
            raise ValueError(
                f"the formula word {text!r} has no {lang!r} translation in {path.name} "
                f"(add it under 'words', or under 'symbols' if every language writes it so)"
            )
        lead, trail = body[: len(body) - len(body.lstrip())], body[len(body.rstrip()) :]
        return "\\text{" + lead + translation + trail + "}"

    tex = TEXT.sub(word, tex)
    point = decimal_sign(lang)
    sign = "{" + point + "}" if point == "," else point
    # A formula's number (\tag{2.3}: chapter and formula) is the same in every language.
    parts = TAG.split(tex)
    return "".join(part if TAG.fullmatch(part) else DECIMAL_POINT.sub(sign, part) for part in parts)
