"""References in prose to the book's numbered things, written by ID and shown by number.

``[[sec:nonvacuous]]`` (a chapter or section, by its title's anchor) becomes its number, ``1.2``,
linked to it, and so do ``[[fig:bound-vs-kl]]`` (a figure, by the name of the function drawing it)
and ``[[quiz:pb-classical-vacuous]]`` (a quiz, by its id); ``[[eq:pb-kl-bound]]`` in a page's Markdown
(outside code; quiz text included) becomes a link to that formula showing its number, ``(2.3)``,
on whichever page of the book the formula is (the theme shows the formula itself while the
reference is pointed at: ``assets/itdl.js``). The word
before it stays the author's, so each language declines it as its grammar asks: "Eq. [[eq:…]]",
«из формулы [[eq:…]]». The numbers come from the build (:mod:`sitebuild.numbering`), so they are the
same in every language and in print. A reference to an ID the book does not have fails the build,
naming the page and the ID.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from sitebuild.document import rewrite_prose

PATTERN = re.compile(r"\[\[(?P<kind>[a-z]+):(?P<target>[^\]\s]*)\]\]")
KINDS = ("eq", "sec", "fig", "quiz")
_WHAT = {"eq": "numbered formula", "sec": "numbered chapter or section titled with the anchor",
         "fig": "numbered figure drawn by a function named", "quiz": "numbered quiz"}
_ANCHOR = {"eq": "eq-", "fig": "fig-", "quiz": "quiz-"}


class ReferenceError(ValueError):
    """A reference to something the book does not have (or of a kind it does not know)."""


@dataclass(frozen=True)
class Targets:
    """What a reference can point at, by ID -> (the page, docs-relative; its number): formulas
    (``[[eq:ID]]``) and the book's numbered pages, chapters and sections, by their title's anchor
    (``[[sec:ID]]``)."""

    formulas: dict[str, tuple[str, str]] = field(default_factory=dict)
    sections: dict[str, tuple[str, str]] = field(default_factory=dict)
    figures: dict[str, tuple[str, str]] = field(default_factory=dict)  # ``[[fig:ID]]``, ID from the function
    quizzes: dict[str, tuple[str, str]] = field(default_factory=dict)  # ``[[quiz:ID]]``, the fence's id


def link(kind: str, target: str, page: str, targets: Targets, where: str) -> str:
    """The Markdown link that ``[[kind:target]]`` on ``page`` (docs-relative) becomes."""
    if kind not in KINDS:
        raise ReferenceError(f"{where}: [[{kind}:{target}]]: unknown kind {kind!r} (known: {', '.join(KINDS)})")
    found = {"eq": targets.formulas, "sec": targets.sections, "fig": targets.figures,
             "quiz": targets.quizzes}[kind].get(target)
    if found is None:
        raise ReferenceError(f"{where}: [[{kind}:{target}]]: the book has no {_WHAT[kind]} {target!r}")
    on_page, number = found
    relative = posixpath.relpath(on_page, posixpath.dirname(page) or ".") if on_page != page else ""
    if kind == "sec":
        return f"[{number}]({relative or '#' + target})"
    if kind == "eq":
        return f"[({number})]({relative}#eq-{target}){{.itdl-eq-ref}}"
    return f"[{number}]({relative}#{_ANCHOR[kind]}{target})"


def substitute(markdown: str, page: str, targets: Targets, where: str) -> str:
    """Every reference of a page's Markdown made a link, code blocks left as written."""
    if "[[" not in markdown:
        return markdown

    def one(match: re.Match[str]) -> str:
        return link(match["kind"], match["target"], page, targets, where)

    return rewrite_prose(markdown, where, lambda prose: PATTERN.sub(one, prose))
