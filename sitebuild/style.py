"""What a program can check of a language's style sheet (CONTRIBUTING.<lang>.md), in the page's
prose: bibliographic labels written in English, digit grouping against the language's norm, and
formula words the edition leaves in English. Calques and wrong terms are the glossary's ``avoid``
lists (:func:`sitebuild.glossary.terminology_problems`); dashes, quotes and no-break spaces are set
by the typographer at build time (:mod:`sitebuild.typography`) and checked on the built pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitebuild import mathwords, numbers
from sitebuild.document import CODE_OR_MATH, parse
from sitebuild.pages import markdown_of

_LINK_TARGET = re.compile(r"\]\([^)\s]*\)|<https?://[^>]*>|https?://\S+")
_SPACES = " \u00a0\u202f\u2009"  # a space, no-break, narrow no-break, thin
_PLACEHOLDER = re.compile(r"\{\{=.*?\}\}")  # computed values, written by the build (sitebuild/values.py)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    fix: str  # what the style sheet writes instead
    # what a match should be (a match equal to it is no problem); None: a match is always a problem
    repair: Callable[[str, str], str] | None = None

    def breaks(self, text: str, lang: str) -> Iterator[tuple[re.Match[str], str | None]]:
        """Each match that breaks the rule, with its repair when the rule knows one."""
        for match in self.pattern.finditer(text):
            repaired = self.repair(match.group(0), lang) if self.repair else None
            if repaired != match.group(0):
                yield match, repaired


RULES: dict[str, tuple[Rule, ...]] = {
    "ru": (
        Rule(
            "an English bibliographic label",
            re.compile(
                r"\b(?:Theorems?|Corollar(?:y|ies)|Lemmas?|Propositions?|Definitions?|Tables?|Sections?|"
                r"Chapters?|Figs?\.|Figures?|Eqs?\.|Equations?|Appendix|Part|Exercises?)\s+(?=[\dIVXA-H(])"
            ),
            "теорема 5.2.1, следствия 3.18–3.19, лемма, утверждение, определение, табл. 1, разд. 2.2, "
            "гл. 5, рис. 4, ур. (4), прил. A, ч. II, упражнение 1.4",
        ),
        Rule("an edition written in English", re.compile(r"\b\d+\s*(?:st|nd|rd|th)\s+ed\b"), "2-е изд."),
        Rule(
            "a number grouped against the norm",
            re.compile(
                rf"(?<![\w.,:/#\-])(?<!\d[{_SPACES}])(?:\d{{1,3}}(?:[{_SPACES}]\d{{3}})+|\d{{5,}})"
                rf"(?![{_SPACES}]?\d)(?!\w|[.,]\d)"
            ),
            "numbers of four digits whole (1797), longer ones in groups of three joined by a narrow "
            "no-break space, U+202F (60\u202f000)",
            repair=lambda number, lang: numbers.localize(format(int(re.sub(r"\D", "", number)), ","), lang),
        ),
    ),
}


def checked_text(page: Path) -> str:
    """The prose of a page a style rule reads (quizzes included), line for line; code, math,
    computed values and link targets blanked."""
    markdown = markdown_of(page)
    document = parse(markdown, str(page))
    code = {fence.kind for fence in document.fences} - {"quiz"}
    text = "".join(
        re.sub(r"[^\n]", " ", markdown[start:end]) if is_code else markdown[start:end]
        for start, end, is_code in document.spans(code)
    )
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731
    for pattern in (CODE_OR_MATH, _PLACEHOLDER, _LINK_TARGET):
        text = pattern.sub(blank, text)
    return text


def problems(page: Path, lang: str, where: str) -> list[str]:
    """``where:line: ...`` for each break of ``lang``'s checkable style rules on ``page``."""
    found = []
    text = checked_text(page)
    for rule in RULES.get(lang, ()):
        for match, repaired in rule.breaks(text, lang):
            line = text.count("\n", 0, match.start()) + 1
            fix = f"{repaired!r} ({rule.fix})" if repaired is not None else rule.fix
            found.append((line, f"{where}:{line}: {rule.name} {match.group(0).strip()!r}: write {fix}"))
    if lang != mathwords.SOURCE_LANGUAGE:
        symbols, words = mathwords.table()
        source = page.read_text("utf-8")
        for word in sorted(set(mathwords.words_of(source))):
            if word not in symbols and lang not in words.get(word, {}):
                found.append((0, f"{where}: the formula word {word!r} has no {lang!r} translation in "
                                 f"docs/formula-words.yml"))
    return [message for _, message in sorted(found)]


def repair(page: Path, lang: str) -> int:
    """Rewrite ``page`` with every break that a rule knows how to repair repaired (in its prose
    only); the number of repairs."""
    source = page.read_text("utf-8")
    if page.suffix != ".md":  # a notebook's prose lies in comment lines: repaired by hand
        return 0
    text, edits = checked_text(page), []
    for rule in RULES.get(lang, ()):
        edits += [(m.start(), m.end(), fixed) for m, fixed in rule.breaks(text, lang) if fixed is not None]
    for start, end, fixed in sorted(edits, reverse=True):
        source = source[:start] + fixed + source[end:]
    if edits:
        page.write_text(source, "utf-8")
    return len(edits)
