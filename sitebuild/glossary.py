"""The bilingual glossary: one data file (``docs/glossary.yml``) drives three things.

* the Glossary page of each language (generated at build time, like the Formula index);
* hover definitions: the first use of a term (or one of its listed forms) on a page becomes an
  ``<abbr>`` whose title is the definition in that page's language (Material's tooltips show it):
  :func:`definitions` feeds Python-Markdown's ``abbr`` extension once per language, and
  :func:`first_use_only` keeps the first use in the running text;
* the terminology check: ``tests/test_glossary.py`` fails where a page uses a variant the entry
  lists under ``avoid`` instead of the canonical term.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from sitebuild.document import CODE_OR_MATH, parse, valid_id
from sitebuild.i18n import strings
from sitebuild.paths import ROOT

GLOSSARY_FILE = ROOT / "docs" / "glossary.yml"
PAGE = "glossary.md"


@dataclass(frozen=True)
class Entry:
    id: str
    terms: dict[str, str]  # lang -> canonical term
    definitions: dict[str, str]
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other spellings/inflections
    avoid: dict[str, tuple[str, ...]] = field(default_factory=dict)  # variants pages must not use


class GlossaryError(ValueError):
    pass


@cache
def _load(path: Path, stamp: float) -> tuple[Entry, ...]:
    data = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []
    entries, seen = [], set()
    for number, item in enumerate(data, start=1):
        where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: entry {number}"
        if not isinstance(item, dict) or not valid_id(str(item.get("id", ""))):
            raise GlossaryError(f"{where}: needs an id of lower-case words")
        if item["id"] in seen:
            raise GlossaryError(f"{where}: duplicate id {item['id']!r}")
        seen.add(item["id"])
        terms, definitions, forms, avoid = {}, {}, {}, {}
        for lang, spec in item.items():
            if lang == "id":
                continue
            if not isinstance(spec, dict) or not spec.get("term") or not spec.get("definition"):
                raise GlossaryError(f"{where} ({item['id']}): {lang} needs a term and a definition")
            terms[lang] = str(spec["term"])
            definitions[lang] = " ".join(str(spec["definition"]).split())
            forms[lang] = tuple(spec.get("forms", ()))
            avoid[lang] = tuple(spec.get("avoid", ()))
        entries.append(Entry(item["id"], terms, definitions, forms, avoid))
    return tuple(entries)


def entries(path: Path = GLOSSARY_FILE) -> tuple[Entry, ...]:
    return _load(path, path.stat().st_mtime) if path.exists() else ()


def definitions(lang: str, path: Path = GLOSSARY_FILE) -> dict[str, str]:
    """Every term and form of ``lang`` -> its definition (the ``abbr`` extension's ``glossary``)."""
    found = {}
    for entry in entries(path):
        if lang in entry.terms:
            for written in (entry.terms[lang], *entry.forms.get(lang, ())):
                found[written] = entry.definitions[lang]
    return found


_ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.S)
_HEADING = re.compile(r"<h([1-6])\b.*?</h\1>", re.S)


def without_hovers(page_html: str) -> str:
    """The page with every glossary hover taken out (reference pages)."""
    return _ABBR.sub(r"\2", page_html)


def first_use_only(page_html: str) -> str:
    """Keep the hover on a term's first use in the running text; headings and later uses are
    plain text."""
    page_html = _HEADING.sub(lambda m: without_hovers(m.group(0)), page_html)
    seen: set[str] = set()

    def keep(match: re.Match) -> str:
        if match.group(1) in seen:
            return match.group(2)
        seen.add(match.group(1))
        return match.group(0)

    return _ABBR.sub(keep, page_html)


def page_markdown(lang: str, languages: dict[str, dict], path: Path = GLOSSARY_FILE) -> str:
    """The Glossary page of one language: every term, its translations into the other
    ``languages`` (code -> ``extra.languages`` entry, for its name), its definition."""
    t = strings(lang)
    others = [code for code in languages if code != lang]
    rows = sorted((e for e in entries(path) if lang in e.terms), key=lambda e: e.terms[lang].lower())
    lines = [f"# {t['glossary']} {{#glossary}}", "", t["glossary_intro"], ""]
    for entry in rows:
        lines += [f"## {entry.terms[lang]} {{#{entry.id}}}", ""]
        translations = [
            f'<span lang="{other}">{html.escape(entry.terms[other])}</span> '
            f'({t.get("language_" + other, languages[other].get("name", other))})'
            for other in others
            if other in entry.terms
        ]
        if translations:
            lines += [" · ".join(translations), ""]
        lines += [entry.definitions[lang], ""]
    return "\n".join(lines)


def terminology_problems(
    text: str, lang: str, where: str, glossary: tuple[Entry, ...] | None = None
) -> list[str]:
    """Uses of a variant the glossary tells ``lang`` pages to avoid (code and math are skipped),
    as ``where:line: ...``; ``glossary``: other entries than ``docs/glossary.yml``'s."""
    problems = []
    prose = CODE_OR_MATH.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), parse(text, where).prose)
    for entry in entries() if glossary is None else glossary:
        for variant in entry.avoid.get(lang, ()):
            pattern = re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)", re.IGNORECASE)
            for match in pattern.finditer(prose):
                line = prose.count("\n", 0, match.start()) + 1
                problems.append((line, f"{where}:{line}: {match.group(0)!r} -> use the glossary term "
                                 f"{entry.terms[lang]!r} ({entry.id})"))
    return [message for _, message in sorted(problems)]
