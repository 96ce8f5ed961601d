"""One MkDocs config per language, derived from the top-level ``mkdocs.yml``.

English (the source) is ``mkdocs.yml`` as written. Every other language in ``extra.languages``
gets its own docs dir (``docs/<lang>`` next to the config file), its own site dir
(``site/<prefix>``), theme language, site name and translated nav section titles (English where
the entry gives none). Pages themselves take their titles from their H1.

``config_file`` defaults to the repository's ``mkdocs.yml``; tests/test_third_language.py passes
another one (which ``INHERIT``s it and adds a language) to build a site with a third language.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from sitebuild.paths import ROOT

CONFIG_FILE = ROOT / "mkdocs.yml"
SOURCE_LANGUAGE = "en"


def languages(config: MkDocsConfig | None = None) -> dict[str, dict]:
    """``extra.languages`` of the base config: code -> {name, prefix, ...}, source first."""
    config = config or load_config(str(CONFIG_FILE))
    langs = dict(config.extra["languages"])
    if next(iter(langs)) != SOURCE_LANGUAGE:
        where = config.config_file_path or CONFIG_FILE
        raise ValueError(f"{where}: extra.languages must list {SOURCE_LANGUAGE!r} first")
    return langs


def _translate_nav(nav, titles: dict[str, str]):
    if isinstance(nav, list):
        return [_translate_nav(item, titles) for item in nav]
    if isinstance(nav, dict):
        return {titles.get(key, key): _translate_nav(value, titles) for key, value in nav.items()}
    return nav


def language_config(
    lang: str, *, site_url: str | None = None, config_file: Path = CONFIG_FILE, base: MkDocsConfig | None = None,
    **overrides,
) -> MkDocsConfig:
    """The validated MkDocs config for one language. ``base``: the config file already loaded with
    ``overrides`` and not built yet (it becomes the source language's config, as it stands)."""
    base = base or load_config(str(config_file), **overrides)
    langs = languages(base)
    if lang not in langs:
        raise ValueError(f"lang: {lang!r} is not in extra.languages of {config_file}")
    spec = langs[lang]
    prefix = spec.get("prefix", "")
    root_site_dir = Path(base.site_dir)
    root_url = site_url or base.site_url or ""
    changes = {
        "docs_dir": overrides.get("docs_dir") or str(Path(config_file).parent / "docs" / lang),
        "site_dir": str(root_site_dir / prefix) if prefix else str(root_site_dir),
        "site_url": (root_url.rstrip("/") + "/" + prefix) if root_url else None,
    }
    if lang == SOURCE_LANGUAGE:
        config = base
        config.site_url = changes["site_url"] if site_url else config.site_url
    else:
        config = load_config(str(config_file), **{**overrides, **changes})
    config.theme["language"] = lang
    config.site_name = spec.get("site_name", config.site_name)
    config.site_description = spec.get("site_description", config.site_description)
    if config.edit_uri:
        config.edit_uri = config.edit_uri.replace(f"docs/{SOURCE_LANGUAGE}/", f"docs/{lang}/")
    if config.nav and spec.get("nav"):
        config.nav = _translate_nav(config.nav, spec["nav"])
    return config
