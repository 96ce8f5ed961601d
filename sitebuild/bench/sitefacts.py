"""What the benchmark measured: the built site's pages per language, display formulas, notebooks."""

from __future__ import annotations

from pathlib import Path

FORMULA_MARK = "data-formula-id="
FORMULA_INDEX = "formulas/"  # the page listing every formula again


def language_prefixes() -> dict[str, str]:
    """Language -> its folder in the site (``""`` for the source language, e.g. ``"ru/"``), source first."""
    from sitebuild.languages import languages

    return {code: spec.get("prefix", "") for code, spec in languages().items()}


def pages(site: Path) -> list[str]:
    """Every page of ``site`` (an ``index.html``; the 404 pages do not count), e.g. ``ru/mdl/index.html``."""
    return sorted(html.relative_to(site).as_posix() for html in site.rglob("index.html"))


def language_of(page: str, prefixes: dict[str, str]) -> str:
    """The language whose folder holds ``page``: the longest matching prefix."""
    matching = [lang for lang, prefix in prefixes.items() if page.startswith(prefix)]
    return max(matching, key=lambda lang: len(prefixes[lang]))


def site_facts(site: Path, docs: Path, prefixes: dict[str, str]) -> dict:
    """``pages``, ``pages_by_language``, ``formulas`` (display formulas on the source language's pages,
    the formula index not counted) and ``notebooks`` (``docs/<source>/**/*.py``)."""
    source = next(iter(prefixes))
    by_language: dict[str, list[str]] = {lang: [] for lang in prefixes}
    for page in pages(site):
        by_language[language_of(page, prefixes)].append(page)
    formulas = sum(
        (site / page).read_text("utf-8").count(FORMULA_MARK)
        for page in by_language[source]
        if not page.startswith(FORMULA_INDEX)
    )
    return {
        "pages": sum(len(p) for p in by_language.values()),
        "pages_by_language": {lang: len(p) for lang, p in by_language.items()},
        "formulas": formulas,
        "notebooks": len(list((docs / source).rglob("*.py"))),
    }
