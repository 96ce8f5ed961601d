"""The navigation sidebar rendered once per build is byte for byte Material's own, on every page."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import material
import pytest
from mkdocs.commands.build import build as mkdocs_build

from sitebuild.languages import ROOT, language_config

OURS = ROOT / "sitebuild" / "theme" / "partials" / "nav-material.html"
MATERIAL = Path(material.__file__).parent / "templates" / "partials" / "nav.html"


def test_our_copy_of_materials_nav_differs_only_by_the_item_marks() -> None:
    """A Material upgrade that changes its nav.html must be copied here (and the cache re-checked)."""
    comment = re.compile(r"\{#-.*?-#\}", re.S)
    ours = comment.sub("", OURS.read_text("utf-8"), count=1)
    assert ours.count("{{ itdl_item_start }}") == ours.count("{{ itdl_item_end }}") == 1
    ours = ours.replace("{{ itdl_item_start }}", "").replace("{{ itdl_item_end }}", "")
    assert ours == comment.sub("", MATERIAL.read_text("utf-8"), count=1)


PAGES = {
    "index.md": "# Home {#home}\n\nSee [a page](a/one.md).\n",
    "a/index.md": "# Part A {#a}\n",
    "a/one.md": "# One {#one}\n\n## Section {#s}\n\n### Sub {#sub}\n",
    "a/two.md": "# Two {#two}\n",
    "b/deep/three.md": "# Three {#three}\n",
    "b/deep/four.md": "---\nhide: [navigation]\n---\n# Four {#four}\n",
    "c/пять.md": "# Пять {#five}\n",
    "loose.md": "# Not in the nav {#loose}\n",
}
NAV = [
    "index.md",
    {"Part A": ["a/index.md", "a/one.md", "a/two.md"]},
    {"Part B": [{"Deeper": ["b/deep/three.md", "b/deep/four.md"]}, {"Outside": "https://example.org/"}]},
    {"Unicode": ["c/пять.md"]},
]


def _site(tmp_path: Path, name: str, cached: bool, use_directory_urls: bool) -> Path:
    docs = tmp_path / "docs"
    for rel, text in PAGES.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, "utf-8")
    config = language_config(
        "en", docs_dir=str(docs), site_dir=str(tmp_path / name), nav=NAV,
        use_directory_urls=use_directory_urls, strict=False,
    )
    config.plugins["itdl"].config.nav_cache = cached
    mkdocs_build(config)
    return tmp_path / name


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_cached_navigation_is_byte_identical_on_every_page(tmp_path: Path, use_directory_urls: bool) -> None:
    material_site = _site(tmp_path, "material", False, use_directory_urls)
    cached_site = _site(tmp_path, "cached", True, use_directory_urls)
    pages = sorted(p.relative_to(material_site) for p in material_site.rglob("*.html"))
    assert len(pages) >= len(PAGES)
    _, mismatch, errors = filecmp.cmpfiles(material_site, cached_site, pages, shallow=False)
    assert not mismatch and not errors, f"pages whose navigation differs: {mismatch + errors}"
    one = (cached_site / ("a/one/index.html" if use_directory_urls else "a/one.html")).read_text("utf-8")
    assert "md-nav__link--active" in one, "the current page is not marked in the cached navigation"
