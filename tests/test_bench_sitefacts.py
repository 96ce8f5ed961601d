"""What the benchmark report says about the site (sitebuild/bench/sitefacts.py), on a tiny site."""

from sitebuild.bench.sitefacts import site_facts

PREFIXES = {"en": "", "ru": "ru/"}
FORMULA = '<div class="formula" data-formula-id="{}">x</div>'


def _write(path, text=""):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def test_pages_formulas_and_notebooks(tmp_path):
    site, docs = tmp_path / "site", tmp_path / "docs"
    _write(site / "index.html", FORMULA.format("a") + FORMULA.format("b"))
    _write(site / "ch" / "index.html", FORMULA.format("c"))
    _write(site / "formulas" / "index.html", FORMULA.format("a") * 3)  # the index repeats them
    _write(site / "404.html")
    _write(site / "ru" / "index.html", FORMULA.format("a") * 5)  # translations do not count
    _write(site / "ru" / "404.html")
    _write(site / "assets" / "widget.html")  # not a page
    _write(docs / "en" / "ch" / "explore.py")
    _write(docs / "en" / "ch" / "index.md")
    _write(docs / "ru" / "ch" / "explore.py")
    assert site_facts(site, docs, PREFIXES) == {
        "pages": 4, "pages_by_language": {"en": 3, "ru": 1}, "formulas": 3, "notebooks": 1,
    }
