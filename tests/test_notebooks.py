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
    """One notebook per distinct code: translations share the English code cells (tests/test_parity.py),
    so running each language again would test the same thing."""
    seen = {}
    for path in paths:
        seen.setdefault(tuple(notebooks.code_cells(notebooks.read(path))), path)
    return list(seen.values())


@pytest.mark.parametrize("path", _distinct_code(NOTEBOOKS), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_executes(path):
    executed = notebooks.execute(notebooks.read(path), str(path))
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


def test_cache_key_covers_imported_snippets_transitively():
    deps = notebooks.snippet_dependencies(["from snippets.pacbayes.bounds import mcallester_bound"])
    names = {p.relative_to(ROOT).as_posix() for p in deps}
    assert "snippets/pacbayes/bounds.py" in names
    assert "snippets/pacbayes/__init__.py" in names  # imported on the way
    assert "snippets/_checks.py" in names  # imported by bounds.py, not by the notebook


def test_cache_key_changes_when_an_imported_snippet_changes(tmp_path, monkeypatch):
    package = tmp_path / "snippets"
    (package / "topic").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "topic" / "__init__.py").write_text("")
    module = package / "topic" / "maths.py"
    module.write_text("def f():\n    return 1\n")
    (package / "topic" / "other.py").write_text("X = 1\n")
    notebook = tmp_path / "nb.py"
    notebook.write_text("# %%\nfrom snippets.topic.maths import f\nprint(f())\n")
    monkeypatch.setattr(notebooks, "SNIPPETS", package)
    monkeypatch.setattr(notebooks, "ROOT", tmp_path)
    before = notebooks.cache_key(notebook)
    (package / "topic" / "other.py").write_text("X = 2\n")
    assert notebooks.cache_key(notebook) == before, "a snippet the notebook never imports"
    module.write_text("def f():\n    return 2\n")
    assert notebooks.cache_key(notebook) != before, "an imported snippet changed"


@pytest.mark.parametrize(
    ("href", "src_uri", "expected"),
    [
        ("nonvacuous.md", "pac-bayes/nonvacuous-explore.py", "../nonvacuous/"),
        ("index.md#gaussian-posteriors", "pac-bayes/nonvacuous-explore.py", "../#gaussian-posteriors"),
        ("../index.md", "pac-bayes/nonvacuous-explore.py", "../../"),
        ("../mdl/index.md#kraft", "pac-bayes/x.py", "../../mdl/#kraft"),
        ("other.py", "pac-bayes/x.py", "../other/"),
        ("https://example.org/a.md", "pac-bayes/x.py", "https://example.org/a.md"),
        ("#width", "pac-bayes/x.py", "#width"),
    ],
)
def test_links_to_sources_on_notebook_pages_become_page_urls(href, src_uri, expected):
    assert notebooks.page_link(href, src_uri) == expected
