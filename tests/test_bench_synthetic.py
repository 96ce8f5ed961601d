"""Synthetic sites for the scaling benchmark (sitebuild/bench/synthetic.py)."""

from sitebuild.bench.synthetic import synthetic_docs


def test_pages_and_nav(tmp_path):
    nav = synthetic_docs(tmp_path / "docs", 3)
    assert nav == [
        "index.md", "page-0001.md", "page-0002.md", "page-0003.md", "formulas.md", "glossary.md", "bibliography.md"
    ]
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == nav[:4]
    page = (tmp_path / "docs" / "page-0002.md").read_text("utf-8")
    assert page.startswith("# Page 2\n") and page.count("$$") == 2 and "```python" in page


def test_a_smaller_site_replaces_a_larger_one(tmp_path):
    synthetic_docs(tmp_path / "docs", 5)
    synthetic_docs(tmp_path / "docs", 2)
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["index.md", "page-0001.md", "page-0002.md"]
