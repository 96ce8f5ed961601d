"""One parser of a page's Markdown source, shared by the build, the tests and the translator tools.

A page is prose and fenced blocks. :func:`parse` finds every fence (indented ones inside
admonitions or lists too; a fence inside another fence stays part of its body), with its kind
(the first word after the backticks), its ``key="value"`` options, its body (indentation removed)
and its lines; the headings and ``--8<--`` includes outside fences; and the prose, with the fences
blanked out line for line so positions still match the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Formula, quiz and glossary IDs, heading anchors aside: lower-case words joined by ``-``."""

MATH = re.compile(
    r"(?<!\\)\$\$.+?(?<!\\)\$\$"  # display math, $$...$$
    r"|(?<!\\)\$(?![\s$])(?P<tex>.*?)(?<![\s\\])\$"  # inline: no space just inside either dollar
    r"|\\\(.+?\\\)",  # inline: \(...\)
    re.S,
)
"""Math in Markdown as pymdownx.arithmatex reads it (generic mode, its default syntax): an escaped
``\\$`` is a dollar sign, and ``$5 and $10`` (a space inside) is text. ``tex`` is an inline
``$...$``'s TeX."""
CODE_OR_MATH = re.compile(r"`[^`\n]*`|" + MATH.pattern, re.S)
"""Inline code or math: what a check of a page's words leaves out."""

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)$")
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)(?:\s*\{#(?P<id>[A-Za-z0-9_-]+)\})?\s*$")
_INCLUDE = re.compile(r"""^\s*-{1,}8<-{1,}\s+["'](?P<ref>[^"']+)["']\s*$""")


class DocumentError(ValueError):
    """A page that cannot be read (an unclosed fence), naming the page and the line."""


def valid_id(value: str | None) -> bool:
    return bool(value) and bool(ID_PATTERN.match(value))


def parse_attrs(text: str) -> dict[str, str]:
    return dict(_ATTR.findall(text))


@dataclass(frozen=True)
class Fence:
    kind: str  # "python", "formula", "quiz", "figure", ... ("" for a bare fence)
    info: str  # everything after the backticks: kind and options
    body: str  # the lines between the fences, the fence's indentation removed
    line: int  # 1-based line of the opening fence
    end_line: int  # 1-based line of the closing fence
    indent: str = ""

    @cached_property
    def attrs(self) -> dict[str, str]:
        return parse_attrs(self.info)

    @property
    def id(self) -> str:
        return self.attrs.get("id", "")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str | None  # the explicit {#id}, if any
    line: int


@dataclass
class Document:
    text: str
    name: str = "<page>"
    fences: list[Fence] = field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[Fence]:
        return [fence for fence in self.fences if fence.kind in kinds]

    @cached_property
    def prose_lines(self) -> list[str]:
        """The source's lines with every fence's lines blanked (same count, same numbers)."""
        lines = self.text.splitlines()
        for fence in self.fences:
            for index in range(fence.line - 1, fence.end_line):
                lines[index] = ""
        return lines

    @property
    def prose(self) -> str:
        return "\n".join(self.prose_lines)

    @cached_property
    def headings(self) -> list[Heading]:
        found = []
        for number, line in enumerate(self.prose_lines, start=1):
            if match := _HEADING.match(line):
                found.append(Heading(len(match["marks"]), match["text"], match["id"], number))
        return found

    @cached_property
    def includes(self) -> list[str]:
        """``--8<--`` references, in code fences and prose alike, in page order."""
        return [m["ref"] for line in self.text.splitlines() if (m := _INCLUDE.match(line))]

    def spans(self, skip: set[str]) -> list[tuple[int, int, bool]]:
        """The source as (start, end, inside a fence of a kind in ``skip``) character spans."""
        offsets = [0]
        for line in self.text.splitlines(keepends=True):
            offsets.append(offsets[-1] + len(line))
        spans, last = [], 0
        for fence in self.fences:
            if fence.kind not in skip:
                continue
            start, end = offsets[fence.line - 1], offsets[min(fence.end_line, len(offsets) - 1)]
            spans.append((last, start, False))
            spans.append((start, end, True))
            last = end
        spans.append((last, len(self.text), False))
        return [span for span in spans if span[0] < span[1]]


PROSE_FENCES = {"quiz"}  # fences whose text is prose (computed values and references apply there too)


def rewrite_prose(text: str, name: str, rewrite) -> str:
    """``text`` with ``rewrite`` applied to its prose (quiz fences included), every other fence left
    as written."""
    document = parse(text, name)
    code = {fence.kind for fence in document.fences} - PROSE_FENCES
    return "".join(
        text[start:end] if is_code else rewrite(text[start:end]) for start, end, is_code in document.spans(code)
    )


def parse(text: str, name: str = "<page>") -> Document:
    """The fences of a Markdown page, outermost only, in page order."""
    lines = text.splitlines()
    fences, index = [], 0
    while index < len(lines):
        match = _FENCE_OPEN.match(lines[index])
        if not match:
            index += 1
            continue
        indent, marks = match["indent"], match["fence"]
        closing = re.compile(rf"^{re.escape(indent)}{re.escape(marks[0])}{{{len(marks)},}}\s*$")
        end = next((j for j in range(index + 1, len(lines)) if closing.match(lines[j])), None)
        if end is None:
            raise DocumentError(f"{name}:{index + 1}: unclosed code fence")
        body = "\n".join(line[len(indent):] if line.startswith(indent) else line.lstrip()
                         for line in lines[index + 1 : end])
        info = match["info"].strip()
        kind = info.split(maxsplit=1)[0] if info else ""
        fences.append(Fence(kind, info, body, index + 1, end + 1, indent))
        index = end + 1
    return Document(text, name, fences)
