"""A third language needs one entry under ``extra.languages`` and a ``docs/<lang>/`` folder.

The site is built (with the project's own ``build``) from a config in a temporary directory that
``INHERIT``s ``mkdocs.yml`` and adds German, next to a ``docs/de/`` with one translated page and
a copy of ``docs/ru/``. No Python code, theme or interface strings are touched: German gets
English interface strings and nav titles until someone translates them. Checked: the German
home page, the language switcher in all three directions, an untranslated page served in English
with the notice, and a German Pagefind index that a German search in Chromium stays inside.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from sitebuild.build import build
from sitebuild.i18n import STRINGS, strings
from sitebuild.languages import CONFIG_FILE, ROOT, languages

DOCS = ROOT / "docs"
NOTICE = strings("de")["untranslated_title"]  # English: there is no German entry in i18n.py
WORD = "Informationstheorie"  # only on the German page

# The whole of what a translator adds to the configuration (the paths only point the temporary
# config back at the repository: MkDocs resolves relative ones next to the config file).
CONFIG = f"""\
INHERIT: {CONFIG_FILE}
docs_dir: {DOCS / "en"}
theme:
  custom_dir: {ROOT / "sitebuild" / "theme"}
extra:
  languages:
    de:
      name: Deutsch
      prefix: de/
      site_name: Informationstheorie im Deep Learning
"""

HOME = """\
# Informationstheorie im Deep Learning {#home}

Warum verallgemeinert ein neuronales Netz mit Millionen von Parametern überhaupt? Dieses Lehrbuch
verfolgt die Frage mit den Mitteln der Informationstheorie: PAC-Bayes-Schranken, minimale
Beschreibungslänge, Fisher-Information und Skalierungsgesetze.

## Was Sie lernen {#learn}

- Warum die KL-Divergenz $\\KL(Q\\|P)$ zwischen Posterior und Prior die Schranke bestimmt.

## Kapitel {#chapters}

```chapter-map
```

## Voraussetzungen {#prerequisites}

Wahrscheinlichkeitsrechnung und das Training neuronaler Netze.
"""


@pytest.fixture(scope="module")
def site(site_build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The German edition, built after the suite's own site: its notebook outputs, math and figures
    then come from the build cache (the same content), so only the pages are rendered again."""
    root = tmp_path_factory.mktemp("third-language")
    (root / "mkdocs.yml").write_text(CONFIG, "utf-8")
    shutil.copytree(DOCS / "ru", root / "docs" / "ru")
    (root / "docs" / "de").mkdir()
    (root / "docs" / "de" / "index.md").write_text(HOME, "utf-8")
    build(config_file=root / "mkdocs.yml", site_dir=str(root / "site"))
    return root / "site"


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def _switcher(site: Path, path: str) -> dict[str, str]:
    """Language -> the site path its switcher link on ``path`` leads to (the links are relative)."""
    here = f"http://site/{path}/".replace("//", "/").replace(":/", "://")
    links = re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)"[^>]*class="md-select__link', _html(site, path))
    return {lang: urlsplit(urljoin(here, href)).path for href, lang in links}


def test_the_new_language_comes_from_config_alone() -> None:
    assert "de" not in STRINGS and "de" not in languages(), "the test must add German itself"
    assert strings("de") == strings("en")


def test_german_home_page_is_built_in_german(site: Path) -> None:
    html = _html(site, "de")
    assert '<html lang="de"' in html
    assert WORD in html and "data-pagefind-body" in html
    assert 'class="katex"' in html, "math on the German page is typeset"
    assert "<title>Informationstheorie im Deep Learning</title>" in html  # its own site_name
    assert 'class="chapter-map__chapter"' in html, "the chapter map lists the (English) chapters"


def test_switcher_links_every_language_to_the_same_page(site: Path) -> None:
    chapter = {"en": "/pac-bayes/", "ru": "/ru/pac-bayes/", "de": "/de/pac-bayes/"}
    for path in chapter.values():
        assert _switcher(site, path.strip("/")) == chapter, path
    home = {"en": "/", "ru": "/ru/", "de": "/de/"}
    for path in home.values():
        assert _switcher(site, path.strip("/")) == home, path
    for target in chapter.values():  # every link leads to a built page
        assert (site / target.strip("/") / "index.html").is_file()


@pytest.mark.parametrize("path", ["pac-bayes", "pac-bayes/explore-bounds", "takeaways"])
def test_untranslated_page_is_english_with_the_notice(site: Path, path: str) -> None:
    html = _html(site, f"de/{path}")
    english = _html(site, path)
    title = re.search(r"<h1[^>]*>(.*?)<", english, flags=re.S).group(1).strip()
    assert '<html lang="de"' in html and title in html
    assert NOTICE in html
    assert "data-pagefind-body" not in html, "an English page must stay out of the German index"


def test_pagefind_builds_a_german_index(site: Path) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    indexes = entry["languages"]
    assert set(indexes) == {"en", "ru", "de"}
    assert indexes["de"]["wasm"] == "de", "German stemming"
    # the home page and the generated Formula index, Glossary and Bibliography; no English fallback page
    assert indexes["de"]["page_count"] == 4
    assert indexes["en"]["page_count"] == indexes["ru"]["page_count"] > 4


@pytest.fixture(scope="module")
def built_site(site: Path) -> Path:
    """This module's site, served by tests/conftest.py's ``server`` for the browser test."""
    return site


@pytest.mark.browser
def test_german_search_finds_only_german_pages(visit, site_search) -> None:
    """Every search from a fresh page load; ``page`` fails the test on any request off 127.0.0.1."""

    def search(path: str, query: str) -> list[str]:
        visit(path)
        return site_search(query)

    german = search("de/", "Informationstheorie")
    assert any(href.endswith("/de/") for href in german), german
    assert all("/de/" in href for href in german), german
    # a word on every English page: the German index has it only on German pages
    german = search("de/", "PAC-Bayes")
    assert german and all("/de/" in href for href in german), german
    english = search("", "PAC-Bayes")
    assert english and not any("/de/" in href or "/ru/" in href for href in english), english
