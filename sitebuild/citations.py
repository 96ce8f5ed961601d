"""Citations in prose, by key, rendered in the page's language; and the page's list of references.

The syntax is pandoc's, which Quarto and R Markdown authors already write:

* ``[@zhang2017]`` → "(Zhang et al., 2017)" / «[Zhang и др., 2017]»;
* ``[@mohri2018, Theorem 3.5]`` → "(Mohri et al., 2018, Theorem 3.5)": the locator is the page's
  own words, so each language writes it as it would ("теорема 3.5");
* ``[@langford2001; @seeger2002]`` → several works in one pair of brackets;
* ``@zhang2017`` → "Zhang et al. (2017)": the names as part of the sentence
  (``@mohri2018 [Theorem 3.5]`` adds a locator);
* ``[-@zhang2017]`` → "(2017)": the year alone, after names the sentence already gives.

The Russian pages write an author's name declined in Cyrillic and cite after it: «Риссанен
[@rissanen1978] показал» → «Риссанен [Rissanen, 1978] показал».

Each citation links to its entry in the list of references that ends the page ("References" /
«Список литературы»), and the entry links to its DOI or arXiv page. A key the bibliography does not
have fails the build, naming the page. Code blocks are left as written.
"""

from __future__ import annotations

import re
from collections import Counter

from sitebuild.bibliography import KEY, Bibliography, Entry
from sitebuild.document import rewrite_prose

_CITE = rf"\s*(?P<minus>-?)@(?P<key>{KEY.pattern})(?:,\s*(?P<locator>[^;\]]*?))?\s*"
BRACKETED = re.compile(rf"\[\s*-?@{KEY.pattern}(?:,[^;\]]*)?(?:;\s*-?@{KEY.pattern}(?:,[^;\]]*)?)*\s*\]")
ONE = re.compile(_CITE)  # one citation of a bracket, matched whole (the bracket split at ";")
NARRATIVE = re.compile(rf"(?<![\w@.`/-])@(?P<key>{KEY.pattern})\b(?: \[(?P<locator>[^\]@]+)\](?!\())?")
ANCHOR = "ref-"  # an entry's anchor: #ref-zhang2017
LIST_ID = "references"


def keys_in(prose: str) -> list[str]:
    """The keys a piece of prose cites, in order, once per citation."""
    keys = []
    for match in re.finditer(rf"{BRACKETED.pattern}|{NARRATIVE.pattern}", prose):
        if match[0].startswith("["):
            keys.extend(one["key"] for one in _parts(match[0]))
        else:
            keys.append(match["key"])
    return keys


def _parts(bracket: str) -> list[re.Match[str]]:
    """The citations of ``[@a, locator; @b]``, one match each."""
    parts = [ONE.fullmatch(part) for part in bracket[1:-1].split(";")]
    if not all(parts):
        raise ValueError(f"{bracket!r}: not a list of citations")
    return parts


def _link(entry: Entry, shown: str) -> str:
    """A link to the entry in the page's references (itdl.js previews it there, so no title repeats it)."""
    return f"[{shown}](#{ANCHOR}{entry.key}){{.itdl-cite}}"


def _bracket(text: str, bibliography: Bibliography, where: str) -> str:
    style = bibliography.style
    parts = []
    for match in _parts(text):
        entry = bibliography.entry(match["key"], where)
        shown = entry.year if match["minus"] else entry.label
        if match["locator"]:
            shown += f", {match['locator'].strip()}"
        parts.append(_link(entry, shown))
    # brackets as entities: "[[Zhang ...](#...)]" must not read as a Markdown link or a reference
    return _entity(style.open) + "; ".join(parts) + _entity(style.close)


def _narrative(key: str, locator: str | None, bibliography: Bibliography, where: str) -> str:
    style = bibliography.style
    entry = bibliography.entry(key, where)
    in_label, in_text = style.narrative_and
    listed = in_label in entry.authors and not entry.authors.endswith(style.names_et_al)  # "A, B & C"
    names = in_text.join(entry.authors.rsplit(in_label, 1)) if listed else entry.authors
    year = entry.year + (f", {locator.strip()}" if locator else "")
    return _link(entry, f"{names} {_entity(style.open)}{year}{_entity(style.close)}")


def _entity(bracket: str) -> str:
    return {"[": "&#91;", "]": "&#93;"}.get(bracket, bracket)


def reference_list(keys: list[str], bibliography: Bibliography, title: str) -> str:
    """The Markdown that ends a page: its heading and its entries, in the style's order."""
    cited = set(keys)
    items = "\n".join(f'<li id="{ANCHOR}{entry.key}">{entry.html}</li>'
                      for entry in bibliography.entries.values() if entry.key in cited)
    return f'\n\n## {title} {{#{LIST_ID}}}\n\n<ul class="itdl-references">\n{items}\n</ul>\n'


def substitute(markdown: str, bibliography: Bibliography, title: str, where: str) -> str:
    """Every citation of a page's Markdown made a link to its entry, and the page's references
    appended; a page that cites nothing is returned as it was."""
    if "@" not in markdown:
        return markdown
    cited: list[str] = []

    def rewrite(prose: str) -> str:
        def bracketed(match: re.Match[str]) -> str:
            cited.extend(one["key"] for one in _parts(match[0]))
            return _bracket(match[0], bibliography, where)

        def narrative(match: re.Match[str]) -> str:
            cited.append(match["key"])
            return _narrative(match["key"], match["locator"], bibliography, where)

        return NARRATIVE.sub(narrative, BRACKETED.sub(bracketed, prose))

    markdown = rewrite_prose(markdown, where, rewrite)
    if not cited:
        return markdown
    return markdown.rstrip("\n") + reference_list(cited, bibliography, title)


def cited_keys(markdown: str, where: str) -> Counter[str]:
    """How often a page cites each key (code blocks left out): what a translation must cite too."""
    counts: Counter[str] = Counter()
    rewrite_prose(markdown, where, lambda prose: counts.update(keys_in(prose)) or prose)
    return counts


def page_markdown(bibliography: Bibliography, strings: dict[str, str], cited_on: dict[str, list[tuple[str, str]]],
                  page: str) -> str:
    """The Bibliography page: every entry in the style's order, each with the pages that cite it
    (``cited_on``: key -> [(docs-relative page, what to show)])."""
    lines = [f"# {strings['bibliography']} {{#bibliography}}", "", strings["bibliography_intro"], "",
             '<ul class="itdl-references">']
    for entry in bibliography.entries.values():
        citing = cited_on.get(entry.key, [])
        pages = ", ".join(f'<a href="{_url(target, page)}">{shown}</a>' for target, shown in citing)
        where = f' <span class="itdl-cited-on">{strings["cited_on"]} {pages}</span>' if pages else ""
        lines.append(f'<li id="{ANCHOR}{entry.key}">{entry.html}{where}</li>')
    return "\n".join([*lines, "</ul>", ""])


def _url(target: str, page: str) -> str:
    """The link from generated page ``page`` to docs page ``target`` in the built site (directory URLs)."""
    depth = page.count("/") + (0 if page.rpartition("/")[2] == "index.md" else 1)
    stem = target.rpartition(".")[0]
    folder = stem.removesuffix("index") if stem.rpartition("/")[2] == "index" else stem + "/"
    return "../" * depth + folder
