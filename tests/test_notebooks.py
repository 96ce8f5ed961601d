"""Every notebook page runs top to bottom, and its build cache sees the snippets it imports."""

from __future__ import annotations

import itertools

import pytest

from sitebuild import notebooks
from sitebuild.pages import ROOT, page_languages, pages

NOTEBOOKS = [page for lang in page_languages() for page in pages(lang) if page.suffix == ".py"]


def test_the_site_has_notebooks():
    assert NOTEBOOKS, "no notebook pages found under docs/"


def _distinct_code(paths):
    """One notebook per distinct code: translations share the English code cells (tests/test_parity.py)
    and so one execution (the build cache's key is the code, sitebuild/notebooks.py)."""
    seen = {}
    for path in paths:
        seen.setdefault(notebooks.execution_key(path.read_text("utf-8")), path)
    return list(seen.values())


@pytest.mark.slow
@pytest.mark.parametrize("path", _distinct_code(NOTEBOOKS), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_executes(path):
    """The outputs the site shows: executed here, or by the build of this run or an earlier one from
    the same code (the cache key covers the code and every snippet function it reaches)."""
    executed, _ = notebooks.executed(path, str(path))
    outputs = [out for cell in executed.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    warnings = [out.text for out in outputs if out.output_type == "stream" and out.name == "stderr"]
    assert not warnings, f"{path}: the page would show warnings (and this machine's paths): {warnings}"
    assert outputs, f"{path}: a notebook page that shows no output at all"
    for cell in executed.cells:  # a cell's prints are one block, however the kernel flushed them
        outputs = cell.get("outputs", [])
        streams = [(a.get("name"), b.get("name")) for a, b in itertools.pairwise(outputs)
                   if a.output_type == b.output_type == "stream"]
        assert all(first != second for first, second in streams), f"{path}: split stream output"


def test_coalesce_streams_joins_consecutive_chunks_of_one_stream_only():
    from nbformat.v4 import new_output

    outputs = [
        new_output("stream", name="stdout", text="a\n"),
        new_output("stream", name="stdout", text="b\n"),
        new_output("stream", name="stderr", text="warning\n"),
        new_output("stream", name="stdout", text="c\n"),
        new_output("execute_result", data={"text/plain": "1"}, execution_count=1),
        new_output("stream", name="stdout", text="d\n"),
    ]
    joined = notebooks.coalesce_streams(outputs)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in joined] == [
        ("stream", "stdout", "a\nb\n"),
        ("stream", "stderr", "warning\n"),
        ("stream", "stdout", "c\n"),
        ("execute_result", None, None),
        ("stream", "stdout", "d\n"),
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_build_splits_a_notebook_into_the_cells_jupytext_reads(path):
    """The build reads notebooks without jupytext (sitebuild/notebooks.py): the same cells."""
    notebook = notebooks.read(path)
    text = path.read_text("utf-8")
    assert notebooks.markdown_cells(text) == [c.source for c in notebook.cells if c.cell_type == "markdown"]
    assert len(notebooks.code_chunks(text)) == len(notebooks.code_cells(notebook))
