"""The published site links every page to its language's PDF (`nox -s publish`: ITDL_PDF_LINKS=1, then
the PDFs typeset into site/pdf/); a build without the PDFs has no such link."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from sitebuild.build import build

LINK = re.compile(r'<a class="md-header__button md-icon itdl-pdf-link" href="([^"]+)"')


def test_a_plain_build_has_no_pdf_link(built_site: Path):
    assert not LINK.search((built_site / "index.html").read_text("utf-8"))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("published") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ITDL_PDF_LINKS", "1")
        build(site_dir=str(site), search=False)
    return site


@pytest.mark.parametrize(("page", "pdf"), [
    ("index.html", "pdf/itdl-en.pdf"),
    ("pac-bayes/nonvacuous/index.html", "pdf/itdl-en.pdf"),
    ("ru/index.html", "pdf/itdl-ru.pdf"),
    ("ru/mdl/explore-mdl/index.html", "pdf/itdl-ru.pdf"),
])
def test_every_page_links_to_its_languages_pdf(published: Path, page: str, pdf: str):
    html = (published / page).read_text("utf-8")
    links = LINK.findall(html)
    assert len(links) == 1, page
    assert posixpath.normpath(posixpath.join(posixpath.dirname(page), links[0])) == pdf
    label = "Книга в формате PDF" if page.startswith("ru/") else "The book as a PDF"
    assert f'aria-label="{label}"' in html
