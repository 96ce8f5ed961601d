"""Every fenced Python block of every page, in every language, runs; shown output must match.

Includes (``--8<--``) are expanded by pymdownx.snippets itself, so what runs is what the reader
sees. Blocks of one page share a namespace, top to bottom, as a reader would run them. Where the
block shows output (``#> `` lines), the printed output must equal it line for line: every character
the same, except that a printed number may differ from the page's by one unit in its last digit or
by 0.5% (``same_output`` below). That slack is for another CPU's float rounding (its BLAS sums in a
different order): a training run printed on the page, such as the Dziugaite & Roy optimization,
lands a few tenths of a percent away on a machine with other vector instructions. A wrong formula
or a changed example moves numbers by far more, or changes the text around them.

What a block prints is kept per version of the code it runs (``printed_by``), so a rerun after an
edit elsewhere compares the kept output with the page; a fresh clone, as in CI, runs every block.
"""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from sitebuild.pages import DOCS, page_languages, pages, python_blocks
from sitebuild.runs import printed_once


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


NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
RELATIVE_SLACK = 0.005


def _number_slack(text: str) -> float:
    """One unit in the last printed digit of ``text`` (``0.446`` -> 0.001, ``1.2e-05`` -> 1e-06)."""
    mantissa, _, exponent = text.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def same_output(printed: str, expected: str) -> bool:
    """One printed line against the page's: the same text, numbers within their rounding slack."""
    if printed == expected:
        return True
    printed_parts, expected_parts = NUMBER.split(printed), NUMBER.split(expected)
    printed_numbers, expected_numbers = NUMBER.findall(printed), NUMBER.findall(expected)
    if printed_parts != expected_parts or len(printed_numbers) != len(expected_numbers):
        return False
    for got, want in zip(printed_numbers, expected_numbers, strict=True):
        slack = max(_number_slack(want), RELATIVE_SLACK * abs(float(want)))
        if abs(float(got) - float(want)) > slack * (1 + 1e-9):
            return False
    return True


@pytest.mark.parametrize(
    "printed,expected,same",
    [
        ("KL = 767 nats, B_RE = 0.547", "KL = 770 nats, B_RE = 0.549", True),  # 0.4%, 2 units
        ("KL = 760 nats", "KL = 770 nats", False),  # 1.3%
        ("ratio 0.946", "ratio 0.945", True),  # one unit in the last digit
        ("ratio 0.951", "ratio 0.945", False),  # 0.6%
        ("KL = 1.091e-02", "KL = 1.090e-02", True),
        ("KL = 1.2e-02", "KL = 1.090e-02", False),
        ("GD: 818 steps", "NGD: 818 steps", False),  # text must match
        ("[[4. 0.]", "[[4. 0.] ", False),
    ],
)
def test_printed_numbers_may_differ_only_by_rounding(printed, expected, same):
    assert same_output(printed, expected) is same


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


def _run(block) -> str:
    namespace = _namespace_before(block)
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        exec(compile(block.source, str(block), "exec"), namespace)
    return stdout.getvalue()


def printed_by(block) -> str:
    """What ``block`` prints after the blocks above it on its page, run now or kept from a run of the
    same code (sitebuild.runs: the page's code up to and including the block, with every snippet
    function it reaches). The '#>' lines are comments, read from the page on every run."""
    same_page = [b for b in BLOCKS if b.page == block.page]
    code = "\n".join(b.source for b in same_page[: same_page.index(block) + 1])
    return printed_once(code, str(block), lambda: _run(block))


@pytest.mark.slow  # some blocks train a network
@pytest.mark.parametrize("block", BLOCKS, ids=str)
def test_code_block_runs_and_prints_what_the_page_shows(block):
    try:
        output = printed_by(block)
    except Exception as error:
        pytest.fail(f"{block}: the code block raised {type(error).__name__}: {error}")
    if block.expected_output is not None:
        printed = [line.rstrip() for line in output.splitlines()]
        same = len(printed) == len(block.expected_output) and all(
            same_output(got, want) for got, want in zip(printed, block.expected_output, strict=True)
        )
        assert same, f"{block}: printed output differs from the '#>' lines on the page\n" + "\n".join(
            f"  printed: {got!r}\n  page:    {want!r}"
            for got, want in zip(printed, block.expected_output, strict=False)
            if not same_output(got, want)
        ) + (f"\n  {len(printed)} lines printed, {len(block.expected_output)} on the page"
             if len(printed) != len(block.expected_output) else "")
