"""Build every language into one site and index it for search.

English (the source) lives at the site root and each other language under its prefix
(``site/ru/``). On a machine with several cores the languages build at once, each in its own
process and staging folder, then move into place (:mod:`sitebuild.sidebyside`). One after another,
MkDocs cleans a site dir before building it, so while one language is rebuilt the other languages'
folders are moved aside and put back afterwards.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from sitebuild import sidebyside
from sitebuild.languages import CONFIG_FILE, SOURCE_LANGUAGE, language_config, languages
from sitebuild.paths import ROOT, cache_dir

log = logging.getLogger("sitebuild")
PAGEFIND_VERSION = importlib.metadata.version("pagefind")


@contextlib.contextmanager
def _keep(paths: Iterable[Path]) -> Iterator[None]:
    """Move ``paths`` out of the way for the duration of the block, then restore them."""
    parked = []
    for path in paths:
        if path.exists():
            aside = path.parent.parent / f".{path.parent.name}-keep-{path.name}"
            shutil.rmtree(aside, ignore_errors=True)
            path.rename(aside)
            parked.append((aside, path))
    try:
        yield
    finally:
        for aside, path in parked:
            shutil.rmtree(path, ignore_errors=True)
            aside.rename(path)


def build_language(config: MkDocsConfig, lang: str) -> float:
    """Build one language from its config (strict, as configured); the seconds it took."""
    start = time.perf_counter()
    site_dir = Path(config.site_dir)
    others = [
        site_dir / spec["prefix"].strip("/")
        for code, spec in languages(config).items()
        if code != lang and spec.get("prefix")
    ]
    with _keep([*others, site_dir / "pagefind"]):
        mkdocs_build(config)
    return time.perf_counter() - start


def index_search(site_dir: Path) -> float:
    """Pagefind: one index per ``<html lang>``, Snowball stemming (Russian included).

    The index depends only on the pages, so an unchanged site reuses the last index from the
    cache (Pagefind's output is deterministic: tests/test_reproducible.py).
    """
    start = time.perf_counter()
    target = site_dir / "pagefind"
    shutil.rmtree(target, ignore_errors=True)
    digest = hashlib.sha256(PAGEFIND_VERSION.encode())
    for page in sorted(site_dir.rglob("*.html")):
        digest.update(page.relative_to(site_dir).as_posix().encode() + b"\0" + page.read_bytes())
    cached = cache_dir("pagefind", digest.hexdigest()[:24])
    if not cached.is_dir():
        subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"],
            check=True,
        )
        # Pagefind lists the languages in hash-map order, which changes from run to run.
        entry = target / "pagefind-entry.json"
        data = json.loads(entry.read_text("utf-8"))
        data["languages"] = dict(sorted(data["languages"].items()))
        entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
        staging = cached.with_name(f"{cached.name}.{os.getpid()}")
        shutil.copytree(target, staging)
        try:
            staging.rename(cached)
        except OSError:  # another build stored the same index meanwhile
            shutil.rmtree(staging, ignore_errors=True)
    else:
        shutil.copytree(cached, target)
    return time.perf_counter() - start


def source_date_epoch() -> str | None:
    """The last commit's time: the one date the site shows (sitemap), so rebuilds are identical."""
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None  # not a git checkout (e.g. an unpacked archive): MkDocs uses the clock
    return done.stdout.strip() or None


def web_url(remote: str) -> str | None:
    """A git remote's web address: ``git@host:owner/name.git`` and ``https://host/owner/name.git``
    become ``https://host/owner/name``; None for anything else (a local path)."""
    if match := re.fullmatch(r"(?:ssh://)?git@([^:/]+)[:/](.+?)(?:\.git)?/?", remote):
        return f"https://{match[1]}/{match[2]}"
    if match := re.fullmatch(r"(https?://)(?:[^@/]+@)?(.+?)(?:\.git)?/?", remote):
        return f"{match[1]}{match[2]}"
    return None


def repository_url() -> str | None:
    """The web address of the git remote ``origin``, or None without one."""
    try:
        done = subprocess.run(["git", "remote", "get-url", "origin"], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return None
    return web_url(done.stdout.strip()) if done.returncode == 0 else None


def build(
    langs: Iterable[str] | None = None,
    site_url: str | None = None,
    site_dir: str | None = None,
    config_file: Path = CONFIG_FILE,
    search: bool = True,
    jobs: int | None = None,
) -> dict[str, float]:
    """Build the given languages (default: all) and re-index search (unless ``search`` is false:
    ``serve`` does that after the reload). Returns timings in seconds.

    ``jobs``: how many languages build at once, each in a forked process (:mod:`sitebuild.sidebyside`);
    by default one per core, up to one per language. ``jobs=1`` builds them one after another in this
    process (``serve`` does, to keep its render cache; a profile must, to see the work).

    ``site_dir`` overrides ``mkdocs.yml``'s (the reproducibility test builds twice, side by side);
    ``config_file`` replaces ``mkdocs.yml`` (tests/test_third_language.py adds a language).
    """
    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    if "SOURCE_DATE_EPOCH" not in os.environ and (epoch := source_date_epoch()):
        os.environ["SOURCE_DATE_EPOCH"] = epoch  # MkDocs dates the sitemap from it
    if "REPO_URL" not in os.environ and (repository := repository_url()):
        os.environ["REPO_URL"] = repository  # mkdocs.yml's repo_url
    base = load_config(str(config_file), **overrides)
    all_langs = list(languages(base))
    chosen = sorted(langs or all_langs, key=all_langs.index)
    site_root = Path(base.site_dir)
    # every config before any build: the source language's is ``base`` itself, which its build changes
    configs = {lang: language_config(lang, site_url=site_url, config_file=config_file, base=base, **overrides)
               for lang in chosen}
    jobs = min(len(configs), os.cpu_count() or 1) if jobs is None else jobs
    if jobs > 1 and len(configs) > 1 and sidebyside.available():
        staged = {lang: sidebyside.stage(config, site_root, lang) for lang, config in configs.items()}
        timings = sidebyside.run({lang: functools.partial(build_language, config, lang)
                                  for lang, config in configs.items()})
        prefixes = {lang: spec.get("prefix", "") for lang, spec in languages(base).items()}
        sidebyside.assemble(site_root, staged, prefixes, SOURCE_LANGUAGE)
        for lang in configs:
            log.info("built %s in %.2f s (side by side)", lang, timings[lang])
    else:
        timings = {}
        for lang, config in configs.items():
            timings[lang] = build_language(config, lang)
            log.info("built %s in %.2f s", lang, timings[lang])
    if search:
        timings["search"] = index_search(site_root)  # the source language's, the site root
    return timings


def site_dir() -> Path:
    """The site root, as ``mkdocs.yml`` sets it."""
    return Path(load_config(str(CONFIG_FILE)).site_dir)
