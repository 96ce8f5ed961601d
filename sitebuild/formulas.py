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
import html
import logging
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer
from pymdownx.superfences import SuperFencesException

from sitebuild.document import parse, valid_id
from sitebuild.i18n import strings
from sitebuild.paths import ROOT

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
    """Every formula fence of every Markdown page under ``docs_dir``, in path order."""
    formulas = []
    for page in sorted(docs_dir.rglob("*.md")):
        rel = page.relative_to(docs_dir).as_posix()
        formulas.extend(formulas_in_text(page.read_text(encoding="utf-8"), rel))
    return formulas


def read_section(ref: str) -> str:
    """The text of a pymdownx.snippets section ``file.py:name`` under ``snippets/``."""
    path_part, _, name = ref.rpartition(":")
    if not path_part or not name:
        raise FormulaError(f"code={ref!r} must look like 'file.py:section'")
    path = SNIPPETS / path_part
    if not path.is_file():
        raise FormulaError(f"code={ref!r}: no file snippets/{path_part}")
    lines = path.read_text(encoding="utf-8").splitlines()
    start = f"--8<-- [start:{name}]"
    end = f"--8<-- [end:{name}]"
    try:
        first = next(i for i, line in enumerate(lines) if line.strip().endswith(start))
        last = next(i for i, line in enumerate(lines) if i > first and line.strip().endswith(end))
    except StopIteration:
        raise FormulaError(f"code={ref!r}: no section '{name}' in snippets/{path_part}") from None
    return "\n".join(lines[first + 1 : last])


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


@cache
def _marked_tests(source: bytes, filename: str) -> tuple[tuple[str, str], ...]:
    """(formula ID, test name) for each marked test in one file; parsed once per content."""
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


@cache
def _highlight(code: str) -> str:
    return highlight(code, PythonLexer(), HtmlFormatter(cssclass="highlight", wrapcode=True))


def render(formula_id: str, code_ref: str, latex: str, lang: str, tests: TestIndex, source_url: str) -> str:
    """HTML for one formula: typeset later by the page's math pass, code and tests beneath;
    ``source_url``: where the repository's files are browsed (``<repo_url>/blob/<branch>``)."""
    if not valid_id(formula_id):
        raise FormulaError(
            f"formula fence needs id=\"lower-case-words\", got {formula_id!r} for {latex[:60]!r}"
        )
    if not code_ref:
        raise FormulaError(f"formula {formula_id}: needs code=\"file.py:section\"")
    source = read_section(code_ref)
    test_names = tests.by_id.get(formula_id, [])
    if not test_names:
        log.warning(
            "formula %s: no test is marked @pytest.mark.formula(%r)", formula_id, formula_id
        )
    t = strings(lang)
    file_part, _, section = code_ref.rpartition(":")
    tests_html = "".join(f"<li><code>{html.escape(name)}</code></li>" for name in test_names)
    return (
        f'<div class="formula" id="eq-{formula_id}" data-formula-id="{formula_id}">'
        f'<div class="arithmatex">\\[{html.escape(latex)}\\]</div>'
        # the permalink sits beside the summary: a link inside <summary> is a nested control
        f'<a class="formula-id" href="#eq-{formula_id}" title="{t["formula_id"]}">{formula_id}</a>'
        f'<details class="formula-code"><summary>'
        f'<span class="formula-check">{t["verified"]}</span> '
        f"<code>{html.escape(section)}</code>"
        f' <span class="formula-tests">· {t["tested_by"]} {len(test_names)}</span>'
        f"</summary>{_highlight(source)}"
        f'<p class="formula-source">{t["source"]}: '
        f'<a href="{source_url}/snippets/{html.escape(file_part)}">snippets/{html.escape(file_part)}</a>'
        f'</p><p class="formula-source">{t["tests"]}:</p><ul class="formula-test-list">{tests_html}</ul>'
        f"</details></div>"
    )


def fence_format(source, language, class_name, options, md, *, lang: str, tests: TestIndex, source_url: str,
                 **kwargs):
    """Formatter for the ``formula`` fence; the plugin binds ``lang``, ``tests`` and ``source_url``."""
    return render(options.get("id", ""), options.get("code", ""), latex_of(source), lang, tests, source_url)


# ---------------------------------------------------------------------------------------------
# The generated "Formula index" page
# ---------------------------------------------------------------------------------------------


def index_markdown(formulas: list[Formula], tests: TestIndex, lang: str, source_url: str) -> str:
    t = strings(lang)
    lines = [f"# {t['formula_index']} {{#formula-index}}", "", t["formula_index_intro"], ""]
    for f in formulas:
        file_part, _, section = f.code.rpartition(":")
        lines += [
            f"## `{f.id}` {{#{f.id}}}",
            "",
            f'<div class="arithmatex">\\[{html.escape(f.latex)}\\]</div>',
            "",
            f"- {t['on_page']}: [{f.page}]({f.page}#eq-{f.id})",
            f"- {t['code']}: [`snippets/{file_part}` · `{section}`]({source_url}/snippets/{file_part})",
            f"- {t['tests']}: "
            + (", ".join(f"`{name}`" for name in tests.by_id.get(f.id, [])) or "—"),
            "",
        ]
    return "\n".join(lines)
