"""Display formulas with an ID, the code that computes them and the tests that check that code.

A page writes a display formula as a fenced block::

    ```formula id="pb-mcallester" code="pacbayes/bounds.py:mcallester_bound"
    \\operatorname{R}(Q) \\le \\dots
    ```

* ``id`` is stable and identical in every language (lowercase words joined by ``-``);
* ``code`` names a pymdownx.snippets section (``file:section`` under ``snippets/``);
* tests declare what they verify with ``@pytest.mark.formula("pb-mcallester")``.

The page shows the typeset formula and, under it, a "verified in Python" line that expands to the
code and names its tests. ``tests/test_formulas.py`` enforces the rules for every page.
"""

from __future__ import annotations

import ast
import hashlib
import html
import logging
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pygments
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer
from pymdownx.superfences import SuperFencesException

from sitebuild.document import parse, valid_id
from sitebuild.i18n import strings
from sitebuild.paths import ROOT
from sitebuild.store import Store
from sitebuild.verification import Record, is_run_of

SNIPPETS = ROOT / "snippets"
TESTS = ROOT / "tests"
log = logging.getLogger("mkdocs.plugins.sitebuild.formulas")


class FormulaError(SuperFencesException):
    """A formula fence that breaks the rules (raised through superfences, so the build fails)."""


@dataclass(frozen=True)
class Formula:
    id: str
    code: str
    latex: str
    page: str  # path of the page, relative to its language's docs dir
    line: int  # 1-based line of the opening fence


# ---------------------------------------------------------------------------------------------
# Reading pages, snippet sections and tests
# ---------------------------------------------------------------------------------------------

def latex_of(body: str) -> str:
    """A formula's LaTeX as shown and compared between languages: lines stripped."""
    return "\n".join(line.strip() for line in body.splitlines()).strip()


def formulas_in_text(text: str, page: str) -> list[Formula]:
    return [
        Formula(fence.id, fence.attrs.get("code", ""), latex_of(fence.body), page, fence.line)
        for fence in parse(text, page).of_kind("formula")
    ]


def collect_formulas(docs_dir: Path) -> list[Formula]:
    """Every formula fence of every page under ``docs_dir`` (notebooks' Markdown cells too)."""
    from sitebuild.notebooks import markdown_cells

    formulas = []
    for page in sorted(p for p in docs_dir.rglob("*") if p.suffix in {".md", ".py"}):
        text = page.read_text(encoding="utf-8")
        markdown = "\n\n".join(markdown_cells(text)) if page.suffix == ".py" else text
        formulas.extend(formulas_in_text(markdown, page.relative_to(docs_dir).as_posix()))
    return formulas


def shown(docs_dir: Path) -> dict[str, list[str]]:
    """Formula ID -> the sections its fence names, for every formula under ``docs_dir``."""
    return {f.id: code_refs(f.code) for f in collect_formulas(docs_dir)}


def _locate(ref: str) -> tuple[Path, str, tuple[int, int]]:
    """The file, its text and the section's first and last line (1-based) of ``file.py:name``."""
    path_part, _, name = ref.rpartition(":")
    if not path_part or not name:
        raise FormulaError(f"code={ref!r} must look like 'file.py:section'")
    path = SNIPPETS / path_part
    if not path.is_file():
        raise FormulaError(f"code={ref!r}: no file snippets/{path_part}")
    text = path.read_text(encoding="utf-8")
    lines = _section_lines(text)
    if name not in lines:
        raise FormulaError(f"code={ref!r}: no section '{name}' in snippets/{path_part}")
    return path, text, lines[name]


def read_section(ref: str) -> str:
    """The text of a pymdownx.snippets section ``file.py:name`` under ``snippets/``."""
    _, text, (first, last) = _locate(ref)
    return "\n".join(text.splitlines()[first - 1 : last])


def code_refs(code: str) -> list[str]:
    """The sections a fence's ``code=`` names: one, or several separated by spaces when the fence
    shows several formulas (``code="fisher/information.py:a fisher/information.py:b"``)."""
    return code.split()


@dataclass(frozen=True)
class Span:
    """Where a section's code is: its file under ``snippets/`` and its first and last line (1-based)."""

    path: Path
    first: int
    last: int


def section_span(ref: str) -> Span:
    """The lines between the ``start`` and ``end`` markers of the section ``file.py:name``."""
    path, _, (first, last) = _locate(ref)
    return Span(path, first, last)


def body_lines(span: Span) -> set[int]:
    """The lines of a section that run only when its functions are called: the statements in the
    bodies of the functions defined there (docstrings aside), not the ``def`` lines, decorators or
    module-level statements, which run when the module is imported."""
    tree = ast.parse(span.path.read_text(encoding="utf-8"))
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and span.first <= node.lineno <= span.last:
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            lines.update(stmt.lineno for top in body for stmt in ast.walk(top) if isinstance(stmt, ast.stmt))
    return lines


_SECTION_MARK = re.compile(r"--8<-- \[(?P<kind>start|end):(?P<name>[^\]]+)\]\s*$")


@cache
def _section_lines(text: str) -> dict[str, tuple[int, int]]:
    """The first and last line (1-based) between ``--8<-- [start:name]`` and ``[end:name]``, for every
    section of a file's text (the first of each)."""
    starts: dict[str, int] = {}
    sections: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _SECTION_MARK.search(line):
            if match["kind"] == "start":
                starts.setdefault(match["name"], number)
            elif match["name"] in starts and match["name"] not in sections:
                sections[match["name"]] = (starts[match["name"]] + 1, number - 1)
    return sections


@dataclass
class TestIndex:
    """Which tests verify which formula IDs, read from ``@pytest.mark.formula(...)`` markers."""

    by_id: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def scan(cls, tests_dir: Path = TESTS) -> TestIndex:
        index = cls()
        for path in sorted(tests_dir.rglob("test_*.py")):
            rel = path.relative_to(tests_dir.parent).as_posix()
            for formula_id, name in _marked_tests(path.read_bytes(), str(path)):
                index.by_id.setdefault(formula_id, []).append(f"{rel}::{name}")
        return index


_marked = Store("formula-markers")


def _marked_tests(source: bytes, filename: str) -> tuple[tuple[str, str], ...]:
    """(formula ID, test name) for each marked test in one file; parsed once per content."""
    if b".formula(" not in source:
        return ()
    key = hashlib.sha256(source).hexdigest()[:32]
    found, _ = _marked.memo(key, lambda: _parse_marked_tests(source, filename))
    return found


def _parse_marked_tests(source: bytes, filename: str) -> tuple[tuple[str, str], ...]:
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.extend((formula_id, node.name) for formula_id in _marked_ids(node.decorator_list))
    return tuple(found)


def _marked_ids(decorators: list[ast.expr]) -> list[str]:
    ids = []
    for decorator in decorators:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr == "formula"
        ):
            ids.extend(
                arg.value
                for arg in decorator.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    return ids


# ---------------------------------------------------------------------------------------------
# The fence (pymdownx.superfences custom fence)
# ---------------------------------------------------------------------------------------------


def fence_validator(language, inputs, options, attrs, md) -> bool:
    """Accept ``id`` and ``code`` as options; anything else is an error."""
    unknown = set(inputs) - {"id", "code"}
    if unknown:
        raise FormulaError(f"formula fence: unknown option(s) {sorted(unknown)}")
    options.update(inputs)
    return True


_highlighted = Store("highlighted-code")


@cache
def _highlight(code: str) -> str:
    """A formula's code, highlighted by Pygments once per content and Pygments version."""
    key = hashlib.sha256(f"{pygments.__version__}\0{code}".encode()).hexdigest()[:32]
    found, _ = _highlighted.memo(
        key, lambda: highlight(code, PythonLexer(), HtmlFormatter(cssclass="highlight", wrapcode=True))
    )
    return found


def status(formula_id: str, record: Record | None, t: dict[str, str]) -> tuple[str, str, str]:
    """``(kind, label, details)`` of a formula's verification line: ``verified``, ``failing`` or
    ``unverified`` (no record for this build), and the words shown after the section names."""
    if record is None:
        return "unverified", t["not_verified"], ""
    entry = record.formulas.get(formula_id)
    if entry is None:
        return "failing", t["failing"], t["tests_passed"].format(passed=0, total=0)
    parts = [t["tests_passed"].format(passed=entry.passed, total=len(entry.tests))]
    for what in ("lines", "branches"):
        if (share := entry.share(what)) is not None:
            parts.append(t[f"{what}_run"].format(share=t["percent"].format(value=math.floor(100 * share))))
    parts.append(record.commit[:7])
    kind = "verified" if entry.verified else "failing"
    return kind, t[kind], " · ".join(parts)


def render(formula_id: str, code: str, latex: str, lang: str, tests: TestIndex, source_url: str,
           record: Record | None = None, commit_url: str = "") -> str:
    """HTML for one formula: typeset later by the page's math pass, code and tests beneath.

    ``source_url``: where the repository's files are browsed (``<repo_url>/blob/<branch>``);
    ``record``: the verification record of this build's commit, or None (the line says so);
    ``commit_url``: where a commit is shown (``<repo_url>/commit``).
    """
    if not valid_id(formula_id):
        raise FormulaError(
            f"formula fence needs id=\"lower-case-words\", got {formula_id!r} for {latex[:60]!r}"
        )
    refs = code_refs(code)
    if not refs:
        raise FormulaError(f"formula {formula_id}: needs code=\"file.py:section\"")
    sources = [(ref, read_section(ref)) for ref in refs]
    test_names = tests.by_id.get(formula_id, [])
    if not test_names:
        log.warning(
            "formula %s: no test is marked @pytest.mark.formula(%r)", formula_id, formula_id
        )
    t = strings(lang)
    kind, label, details = status(formula_id, record, t)
    entry = record.formulas.get(formula_id) if record else None
    outcomes = entry.tests if entry else {}
    names = ", ".join(f"<code>{html.escape(ref.rpartition(':')[2])}</code>" for ref in refs)
    tests_html = "".join(
        f"<li><code>{html.escape(name)}</code>{_outcomes(name, outcomes, t)}</li>" for name in test_names
    )
    code_html = "".join(
        f'{_highlight(source)}<p class="formula-source">{t["source"]}: {_file_link(ref, source_url)}</p>'
        for ref, source in sources
    )
    run = ""
    if record is not None:
        short = html.escape(record.commit[:7])
        link = f'<a href="{commit_url}/{html.escape(record.commit)}">{short}</a>' if commit_url else short
        run = f'<p class="formula-source">{t["test_run"].format(commit=link)}</p>'
    return (
        f'<div class="formula" id="eq-{formula_id}" data-formula-id="{formula_id}">'
        f'<div class="arithmatex">\\[{html.escape(latex)}\\]</div>'
        # the permalink sits beside the summary: a link inside <summary> is a nested control
        f'<a class="formula-id" href="#eq-{formula_id}" title="{t["formula_id"]}">{formula_id}</a>'
        f'<details class="formula-code"><summary>'
        f'<span class="formula-check formula-{kind}">{label}</span> {names}'
        + (f' <span class="formula-tests">· {details}</span>' if details else "")
        + f"</summary>{code_html}"
        f'<p class="formula-source">{t["tests"]}:</p><ul class="formula-test-list">{tests_html}</ul>{run}'
        f"</details></div>"
    )


def _file_link(ref: str, source_url: str) -> str:
    """``snippets/<file>`` linked to where the repository shows it (named only, without a repository)."""
    name = html.escape(f"snippets/{ref.rpartition(':')[0]}")
    return f'<a href="{source_url}/{name}">{name}</a>' if source_url else name


def _outcomes(name: str, outcomes: dict[str, str], t: dict[str, str]) -> str:
    """Each run of the test ``name`` (its parametrizations too) as passed or not, from the record."""
    runs = [outcome for node, outcome in outcomes.items() if is_run_of(node, name)]
    if not runs:
        return ""
    passed = sum(outcome == "passed" for outcome in runs)
    if passed == len(runs):
        return " ✓"
    return " ✗ " + t["tests_passed"].format(passed=passed, total=len(runs))


def fence_format(source, language, class_name, options, md, *, lang: str, tests: TestIndex, source_url: str,
                 record: Record | None = None, commit_url: str = "", **kwargs):
    """Formatter for the ``formula`` fence; the plugin binds ``lang``, ``tests``, ``source_url``,
    the verification ``record`` and ``commit_url``."""
    return render(options.get("id", ""), options.get("code", ""), latex_of(source), lang, tests, source_url,
                  record, commit_url)


# ---------------------------------------------------------------------------------------------
# The generated "Formula index" page
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chapter:
    """A top-level section of the book: its title and the pages it lists (docs-relative paths)."""

    slug: str
    title: str
    pages: tuple[str, ...]


def chapters_of(nav: list) -> list[Chapter]:
    """The chapters of a MkDocs ``nav`` (sections at the top level), in book order."""
    chapters = []
    for item in nav or []:
        if isinstance(item, dict):
            for title, children in item.items():
                pages = tuple(nav_pages(children))
                if pages:
                    chapters.append(Chapter(pages[0].split("/")[0].rsplit(".", 1)[0], title, pages))
    return chapters


def nav_pages(item) -> list[str]:
    """The page paths of a ``nav`` item (a path, a list or a titled section), in order."""
    if isinstance(item, str):
        return [item]
    if isinstance(item, list):
        return [page for child in item for page in nav_pages(child)]
    if isinstance(item, dict):
        return [page for child in item.values() for page in nav_pages(child)]
    return []


def index_pages(
    formulas: list[Formula], chapters: list[Chapter], tests: TestIndex, lang: str, source_url: str,
    overview: str = "formulas.md", record: Record | None = None, numbers: dict[str, str] | None = None,
) -> dict[str, str]:
    """The Formula index: an overview page (``overview``) that lists every formula by chapter, in
    book order, and one page per chapter (``formulas/<chapter>.md``) with its formulas typeset, so
    no page grows with the book. Formulas on pages outside every chapter are listed last. ``numbers``:
    formula id -> its number in the book (:mod:`sitebuild.numbering`), shown with each formula."""
    numbers = numbers or {}
    t = strings(lang)
    folder = overview.rsplit(".", 1)[0]
    order = {page: (number, index)
             for number, chapter in enumerate(chapters) for index, page in enumerate(chapter.pages)}
    groups = [(chapter, [f for f in formulas if f.page in chapter.pages]) for chapter in chapters]
    rest = [f for f in formulas if f.page not in order]
    if rest:
        groups.append((Chapter("other", t["formula_index"], ()), rest))
    pages = {}
    lines = [f"# {t['formula_index']} {{#formula-index}}", "", t["formula_index_intro"], "",
             t["formula_index_chapters"], ""]
    for chapter, found in groups:
        if not found:
            continue
        found.sort(key=lambda f: (order.get(f.page, (len(chapters), 0)), f.line))
        target = f"{folder}/{chapter.slug}.md"
        lines += [f"## [{chapter.title}]({target}) {{#{chapter.slug}}}", "",
                  t["formula_count"].format(count=len(found)), "",
                  ", ".join(f"[{_numbered(f.id, numbers)}]({target}#{f.id})" for f in found), ""]
        pages[target] = _chapter_index(chapter, found, tests, t, source_url, "../" * target.count("/"), record,
                                       numbers)
    pages[overview] = "\n".join(lines)
    return pages


def tagged(latex: str, number: str) -> str:
    """The LaTeX of a display formula with its number at the right edge (KaTeX's ``\\tag``)."""
    return f"{latex} \\tag{{{number}}}"


def _numbered(formula_id: str, numbers: dict[str, str]) -> str:
    """``(2.3) `pb-kl-bound``` for a numbered formula, the id alone for another."""
    number = numbers.get(formula_id)
    return f"({number}) `{formula_id}`" if number else f"`{formula_id}`"


def _chapter_index(chapter: Chapter, found: list[Formula], tests: TestIndex, t: dict, source_url: str,
                   up: str, record: Record | None, numbers: dict[str, str]) -> str:
    lines = [f"# {t['formula_index']}: {chapter.title} {{#formula-index-{chapter.slug}}}", ""]
    for f in found:
        code = ", ".join(
            f"[`snippets/{file_part}` · `{section}`]({source_url}/snippets/{file_part})" if source_url
            else f"`snippets/{file_part}` · `{section}`"
            for ref in code_refs(f.code)
            for file_part, _, section in [ref.rpartition(":")]
        )
        kind, label, details = status(f.id, record, t)
        latex = tagged(f.latex, numbers[f.id]) if f.id in numbers else f.latex  # as on its page
        lines += [
            f"## {_numbered(f.id, numbers)} {{#{f.id}}}",
            "",
            f'<div class="arithmatex">\\[{html.escape(latex)}\\]</div>',
            "",
            f"- {t['on_page']}: [{f.page}]({up}{f.page}#eq-{f.id})",
            f"- {t['code']}: {code}",
            f"- {t['tests']}: "
            + (", ".join(f"`{name}`" for name in tests.by_id.get(f.id, [])) or "—"),
            f'- <span class="formula-check formula-{kind}">{label}</span> {details}'.rstrip(),
            "",
        ]
    return "\n".join(lines)
