"""Every fenced Python block of every page, in every language, runs; shown output must match.

Includes (``--8<--``) are expanded by pymdownx.snippets itself, so what runs is what the reader
sees. Blocks of one page share a namespace, top to bottom, as a reader would run them. Where the
block shows output (``#> `` lines), the printed output must equal it line for line.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from sitebuild.pages import DOCS, page_languages, pages, python_blocks


def _blocks():
    """Every page's Python blocks, except a translation whose blocks are exactly the English page's
    (the usual case, tests/test_parity.py): running them again would test the same code twice."""
    english = {}
    found = []
    for lang in page_languages():
        for page in pages(lang):
            if page.suffix != ".md":
                continue
            blocks = python_blocks(page)
            key = page.relative_to(DOCS / lang).as_posix()
            code = [(b.source, b.expected_output) for b in blocks]
            if lang == "en":
                english[key] = code
            elif english.get(key) == code:
                continue
            found.extend(blocks)
    return found


BLOCKS = _blocks()
_namespaces: dict[str, tuple[int, dict]] = {}  # page -> (blocks run so far, their namespace)


def _namespace_before(block) -> dict:
    """The page's namespace after every block above this one has run (whatever order pytest or
    its parallel workers pick)."""
    same_page = [b for b in BLOCKS if b.page == block.page]
    index = same_page.index(block)
    done, namespace = _namespaces.get(block.page, (0, None))
    if namespace is None or done > index:
        done, namespace = 0, {"__name__": "__docs__"}
    with contextlib.redirect_stdout(io.StringIO()):
        for earlier in same_page[done:index]:
            exec(compile(earlier.source, str(earlier), "exec"), namespace)
    _namespaces[block.page] = (index + 1, namespace)
    return namespace


def test_the_site_has_code_blocks():
    assert len(BLOCKS) >= 2, "no Python blocks found: is the collector broken?"


@pytest.mark.parametrize("block", BLOCKS, ids=str)
def test_code_block_runs_and_prints_what_the_page_shows(block):
    namespace = _namespace_before(block)
    stdout = io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout):
            exec(compile(block.source, str(block), "exec"), namespace)
    except Exception as error:
        pytest.fail(f"{block}: the code block raised {type(error).__name__}: {error}")
    if block.expected_output is not None:
        printed = [line.rstrip() for line in stdout.getvalue().splitlines()]
        assert printed == block.expected_output, (
            f"{block}: printed output differs from the '#>' lines on the page"
        )
