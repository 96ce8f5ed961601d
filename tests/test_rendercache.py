"""`serve` keeps each page's Markdown rendering until the page, or anything else, changes."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from sitebuild import rendercache
from sitebuild.build import build
from sitebuild.formulas import nav_pages
from sitebuild.languages import ROOT
from sitebuild.printbook import html_path
from sitebuild.rendercache import CachedRenderPage, RenderCache

PAGES = {
    "index.md": "# Home\n\nSee [the anchor](other.md#part-two) and [here](#home).\n\n## Second\n",
    "other.md": "# Other\n\n## Part two\n\ntext\n",
    "broken.md": "# Broken\n\n[nowhere](missing.md)\n",
}


@pytest.fixture
def tiny_site(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in PAGES.items():
        (docs / name).write_text(text, "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: docs\nmarkdown_extensions:\n  - toc:\n      permalink: true\n", "utf-8"
    )

    def files_and_config():  # what one build starts from: a fresh config, fresh File objects
        config = load_config(str(tmp_path / "mkdocs.yml"))
        return get_files(config), config

    return files_and_config


def _rendered(page_class, uri: str, files_and_config, **kwargs) -> Page:
    files, config = files_and_config()
    page = page_class(None, files.get_file_from_path(uri), config, **kwargs)
    page.read_source(config)
    page.render(config, files)
    return page


def _state(page: Page) -> tuple:
    links = {file.src_uri: anchors for file, anchors in (page.links_to_anchors or {}).items()}
    return page.content, str(page.toc), page.title, page.present_anchor_ids, links


def test_a_kept_rendering_is_what_rendering_again_gives(tiny_site) -> None:
    cache = RenderCache()
    plain = _rendered(Page, "index.md", tiny_site)
    first = _rendered(CachedRenderPage, "index.md", tiny_site, cache=cache)
    again = _rendered(CachedRenderPage, "index.md", tiny_site, cache=cache)
    assert (cache.misses, cache.hits) == (1, 1)
    assert _state(first) == _state(plain) == _state(again)
    assert plain.links_to_anchors, "the page links to an anchor of other.md"
    # MkDocs validates those anchors against this build's pages: the File objects must be this build's
    files, config = tiny_site()
    page = CachedRenderPage(None, files.get_file_from_path("index.md"), config, cache=cache)
    page.read_source(config)
    page.render(config, files)
    assert set(page.links_to_anchors) == {files.get_file_from_path("other.md"), files.get_file_from_path("index.md")}


def test_a_changed_page_or_file_list_is_rendered_again(tiny_site, tmp_path) -> None:
    cache = RenderCache()
    _rendered(CachedRenderPage, "index.md", tiny_site, cache=cache)
    (tmp_path / "docs" / "index.md").write_text(PAGES["index.md"] + "\nmore\n", "utf-8")
    edited = _rendered(CachedRenderPage, "index.md", tiny_site, cache=cache)
    assert "more" in edited.content
    (tmp_path / "docs" / "new.md").write_text("# New\n", "utf-8")  # a link to new.md would now resolve
    _rendered(CachedRenderPage, "index.md", tiny_site, cache=cache)
    assert (cache.misses, cache.hits) == (3, 0)


def test_a_rendering_that_warned_is_not_kept_so_it_warns_again(tiny_site, caplog) -> None:
    cache = RenderCache()
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            _rendered(CachedRenderPage, "broken.md", tiny_site, cache=cache)
        assert any("missing.md" in record.getMessage() for record in caplog.records)
    assert (cache.misses, cache.hits) == (2, 0)


def test_only_an_edit_to_a_page_keeps_the_renderings() -> None:
    docs = ROOT / "docs"

    def kept(*paths: str) -> bool:
        return rendercache.only_pages_changed([ROOT / p for p in paths], docs, ["en", "ru"])

    assert kept("docs/en/pac-bayes/index.md", "docs/ru/mdl/explore-mdl.py")
    assert not kept("docs/en/pac-bayes/index.md", "snippets/pacbayes/kl.py")
    assert not kept("docs/glossary.yml")
    assert not kept("mkdocs.yml")
    assert not kept("tests/test_pacbayes_bounds.py")
    assert not kept("docs/en/pac-bayes/figure.svg")  # not a page: what links to it may change


def test_nav_titles_are_the_ones_mkdocs_yml_gives() -> None:
    nav = ["index.md", {"Part": ["a.md", {"Named": "b.md"}, {"Sub": [{"Deep": "c/d.md"}]}]}, {"Top": "e.md"}]
    assert rendercache.nav_titles(nav) == {"b.md": "Named", "c/d.md": "Deep", "e.md": "Top"}


def test_serve_renderings_give_the_site_a_build_gives(built_site: Path, tmp_path: Path) -> None:
    """The English edition built twice with the cache on (as ``serve`` rebuilds it) is the built site's."""
    expected = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*.html")
                if p.relative_to(built_site).parts[0] not in {"ru", "pagefind"}}
    pages = len(expected) - 1  # every page of the edition (the nav's and the formula index's), and 404.html
    missing = [page for page in nav_pages(load_config(str(ROOT / "mkdocs.yml")).nav)
               if Path(html_path(page)) not in expected]
    assert missing == [], "pages of the nav not in the built site"
    cache = rendercache.enable()
    cache.forget()
    try:
        build(["en"], site_dir=str(tmp_path / "first"), search=False)
        assert (cache.misses, cache.hits) == (pages, 0)
        build(["en"], site_dir=str(tmp_path / "again"), search=False)
        assert (cache.misses, cache.hits) == (pages, pages)
    finally:
        rendercache.disable()
    for name in ("first", "again"):
        site = tmp_path / name
        got = {p.relative_to(site): p.read_bytes() for p in site.rglob("*.html")}
        assert got.keys() == expected.keys()
        assert [str(p) for p in got if got[p] != expected[p]] == [], name
