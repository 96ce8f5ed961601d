"""Every internal link and anchor of the built site resolves, in every language (nothing is fetched)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config

from sitebuild.languages import CONFIG_FILE
from sitebuild.links import check_site

ARTIFACTS = Path(__file__).resolve().parent.parent / ".artifacts"


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    report = check_site(built_site, load_config(str(CONFIG_FILE)).site_url or "")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "links.txt").write_text(report.summary() + "\n", "utf-8")
    print(report.summary())
    assert report.pages >= 8 and report.links > 100, "the checker read too little of the site"
    assert not report.broken, "broken links:\n" + "\n".join(report.broken)


def test_links_the_gate_must_cover_are_present(built_site: Path) -> None:
    """Switcher targets, formula-index links and anchors are among the links checked above."""
    for prefix in ("", "ru/"):
        chapter = (built_site / prefix / "pac-bayes/index.html").read_text("utf-8")
        index = (built_site / prefix / "formulas/pac-bayes/index.html").read_text("utf-8")
        assert 'class="md-select__link itdl-lang-link"' in chapter
        assert '../../pac-bayes/#eq-pb-mcallester"' in index
        assert 'id="eq-pb-mcallester"' in chapter


def _page(root: Path, rel: str, body: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>{body}</body></html>", "utf-8")


def test_checker_reports_missing_pages_anchors_and_assets(tmp_path: Path) -> None:
    _page(tmp_path, "index.html", '<h1 id="top">x</h1><a href="a/">ok</a><a href="a/#sec">ok</a>'
          '<a href="#top">ok</a><a href="https://example.org/x">ext</a><a href="mailto:a@b.c">m</a>')
    _page(tmp_path, "a/index.html", '<h2 id="sec">s</h2><a href="../missing/">bad page</a>'
          '<a href="../#nope">bad anchor</a><img src="../img/none.png" alt="">'
          '<a href="http://127.0.0.1:8000/a/#sec">own absolute</a>')
    (tmp_path / "style.css").write_text("@font-face{src:url(fonts/gone.woff2)}", "utf-8")
    report = check_site(tmp_path, "http://127.0.0.1:8000/")
    assert sorted(report.broken) == [
        "a/index.html: ../#nope (no id 'nope' on index.html)",
        "a/index.html: ../img/none.png (no file for /img/none.png)",
        "a/index.html: ../missing/ (no file for /missing/)",
        "style.css: fonts/gone.woff2 (no file for /fonts/gone.woff2)",
    ]
    assert set(report.external) == {"https://example.org/x"}
    assert report.links == 8
