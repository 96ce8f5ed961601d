"""The site's MkDocs plugin, ``itdl`` (registered under ``mkdocs.plugins`` in pyproject.toml).

One instance builds one language. It adapts MkDocs' events to the generator-independent core:

* ``on_config``: the site's fences (formula, quiz, figure, explorer, chapter-map) bound to the language,
  the glossary as the ``abbr`` extension's definitions, the interface strings for the theme;
* ``on_files``: notebooks become pages (:mod:`sitebuild.notebook_page`), pages not translated yet
  are served from English, the Formula index and the Glossary are generated, downloads added;
  under ``serve``, each page reuses its last rendering while its Markdown is unchanged
  (:mod:`sitebuild.rendercache`);
* ``on_page_read_source``: a notebook page's Markdown;
* ``on_page_markdown`` / ``on_page_content``: :func:`sitebuild.pipeline.markdown_steps` and
  :func:`sitebuild.pipeline.html_steps`, the same for every page;
* ``on_env``: compiled templates kept in the build cache (Jinja's bytecode cache), the navigation
  sidebar rendered once per build (:mod:`sitebuild.navcache`), and the theme as
  :class:`ItdlTheme`, which lists its files without Material's ~14,500 hidden icons;
* ``on_post_page``: the home page's chapter map, once every page title is known.
"""

from __future__ import annotations

import functools
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from mkdocs.utils import get_relative_url

from sitebuild import (
    bibliography,
    citations,
    codedigest,
    crossrefs,
    explorers,
    figures,
    formulas,
    glossary,
    katex,
    lessonmap,
    notebook_page,
    numbering,
    pipeline,
    quiz,
    rendercache,
    translations,
    typography,
    verification,
)
from sitebuild.i18n import strings
from sitebuild.languages import SOURCE_LANGUAGE
from sitebuild.navcache import NavCache
from sitebuild.paths import ROOT, cache_dir

log = logging.getLogger("mkdocs.plugins.itdl")


class ItdlConfig(base.Config):
    source_branch = opt.Type(str, default="main")  # source links: <repo_url>/blob/<branch>/snippets/...
    snippets_dir = opt.Type(str, default="snippets")  # where ``--8<--`` includes are read
    glossary_file = opt.Type(str, default="docs/glossary.yml")
    formula_index = opt.Type(str, default="formulas.md")  # generated pages, as nav names them
    glossary_page = opt.Type(str, default="glossary.md")
    bibliography_page = opt.Type(str, default=bibliography.PAGE)
    nav_cache = opt.Type(bool, default=True)  # render the sidebar once per build (sitebuild/navcache.py)


class NotebookFile(File):
    """A jupytext notebook under ``docs/`` built as a page (its Markdown comes from the adapter)."""

    def is_documentation_page(self) -> bool:
        return True


class VisibleTemplatesLoader(jinja2.FileSystemLoader):
    """Lists a theme's files without descending into hidden folders, which MkDocs never copies
    (Material's ``.icons/`` holds ~14,500 files that every build would list, then filter out)."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                rel = os.path.relpath(folder, searchpath)
                found.update(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/") for name in names)
        return sorted(found)


class ItdlTheme(Theme):
    """The configured theme, unchanged, whose Jinja environment uses :class:`VisibleTemplatesLoader`."""

    @classmethod
    def like(cls, theme: Theme) -> ItdlTheme:
        options = {key: value for key, value in theme.items() if key not in {"name", "locale"}}
        return cls(name=theme.name, custom_dir=theme.custom_dir, static_templates=theme.static_templates,
                   locale=str(theme.locale), **options)

    def get_env(self) -> jinja2.Environment:
        env = super().get_env()
        env.loader = VisibleTemplatesLoader(self.dirs)
        return env


class ItdlPlugin(BasePlugin[ItdlConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.lang = config.theme["language"]
        codedigest.refresh()  # snippets may have changed since this process last built
        self.strings = strings(self.lang)
        self.docs_dir = Path(config.docs_dir)
        self.source_docs_dir = ROOT / "docs" / SOURCE_LANGUAGE
        self.glossary_file = ROOT / self.config.glossary_file
        repo = (config.repo_url or "").rstrip("/")  # none: files are named, not linked
        if not repo:
            config.edit_uri = None  # relative to the repository, which is unknown
        self.source_url = f"{repo}/blob/{self.config.source_branch}" if repo else ""
        self.tests = formulas.TestIndex.scan()
        self.record = verification.current()  # None unless `nox -s tests` ran on this commit and sources
        self.commit_url = f"{repo}/commit" if repo else ""
        self.renderer = katex.Renderer()
        # the page's text language chooses the style: a page served untranslated cites as English does
        self.bibliographies = {lang: bibliography.load(lang) for lang in {self.lang, SOURCE_LANGUAGE}}
        self.typographer = typography.Typographer()
        self.outdated = translations.outdated_pages(self.lang) if self.lang != SOURCE_LANGUAGE else set()
        self.untranslated: set[str] = set()
        self.reference_pages: set[str] = set()  # generated: the Formula index and the Glossary
        self.notebooks: dict[str, notebook_page.NotebookPage] = {}
        self.sources: dict[str, Path] = {}  # src_uri -> the file a page was written in
        self.nav: Navigation | None = None

        config.theme = ItdlTheme.like(config.theme)
        config.mdx_configs.setdefault("pymdownx.snippets", {})["base_path"] = [str(ROOT / self.config.snippets_dir)]
        self._add_fences(config)
        if "abbr" not in config.markdown_extensions:
            config.markdown_extensions.append("abbr")
        config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary.definitions(self.lang, self.glossary_file)
        prefix = config.extra["languages"][self.lang].get("prefix", "")
        self.lang_prefix = prefix
        path = urlsplit(config.site_url or "/").path
        config.extra.update(
            ui=self.strings,
            lang_prefix=prefix,
            site_root_path=(path[: -len(prefix)] if prefix and path.endswith(prefix) else path) or "/",
        )
        return config

    def _add_fences(self, config: MkDocsConfig) -> None:
        ours = [
            ("formula", formulas, {"lang": self.lang, "tests": self.tests, "source_url": self.source_url,
                                   "record": self.record, "commit_url": self.commit_url}),
            ("quiz", quiz, {"lang": self.lang}),
            ("figure", figures, {"lang": self.lang}),
            ("explorer", explorers, {"lang": self.lang}),
            ("chapter-map", lessonmap, {}),
        ]
        superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
        fences = [f for f in superfences.get("custom_fences", []) if f["name"] not in {name for name, *_ in ours}]
        for name, module, bound in ours:
            fences.append({
                "name": name, "class": name, "validator": module.fence_validator,
                "format": functools.partial(module.fence_format, **bound) if bound else module.fence_format,
            })
        superfences["custom_fences"] = fences

    # -- files ----------------------------------------------------------------------------------
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.lang != SOURCE_LANGUAGE:
            self._add_untranslated(files, config)
        notebooks = [file for file in files if file.src_uri.endswith(".py") and file.abs_src_path]
        # notebooks missing from the cache execute side by side, each in its own kernel
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for file, added in zip(notebooks, pool.map(lambda f: self._notebook(f, config), notebooks), strict=True):
                files.remove(file)
                for new in added:
                    files.append(new)
        # the book's chapters: nav sections with pages of their own (not the generated Reference)
        chapters = [c for c in formulas.chapters_of(config.nav)
                    if any((self.source_docs_dir / page).is_file() for page in c.pages)]
        self.page_numbers = numbering.page_numbers(chapters)
        self.chapter_titles = [c.title for c in chapters]
        # numbered from the source language's pages: the same numbers in every language
        source_formulas = formulas.collect_formulas(self.source_docs_dir)
        self.formula_numbers = numbering.formula_numbers(source_formulas, chapters)
        source_figures, source_quizzes = numbering.figures_and_quizzes(self.source_docs_dir)
        self.figure_numbers = numbering.formula_numbers(source_figures, chapters)
        self.quiz_numbers = numbering.formula_numbers(source_quizzes, chapters)

        def numbered(things, numbers):
            return {t.id: (t.page, numbers[t.id]) for t in things if t.id in numbers}

        self.targets = crossrefs.Targets(
            numbered(source_formulas, self.formula_numbers),
            numbering.title_anchors(self.source_docs_dir, self.page_numbers),
            numbered(source_figures, self.figure_numbers),
            numbered(source_quizzes, self.quiz_numbers),
        )
        index = formulas.index_pages(
            formulas.collect_formulas(self.docs_dir), chapters, self.tests, self.lang,
            self.source_url, self.config.formula_index, self.record, self.formula_numbers,
        )
        for path, content in index.items():  # the overview is in the nav, the chapters' pages are not
            inclusion = InclusionLevel.UNDEFINED if path == self.config.formula_index else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
            self.reference_pages.add(path)
        if glossary.entries(self.glossary_file):
            page = glossary.page_markdown(self.lang, config.extra["languages"], self.glossary_file)
            files.append(File.generated(config, self.config.glossary_page, content=page))
            self.reference_pages.add(self.config.glossary_page)
        for file in files.documentation_pages():
            if file.abs_src_path and not file.generated_by:
                self.sources[file.src_uri] = Path(file.abs_src_path)
        page = citations.page_markdown(self.bibliographies[self.lang], self.strings, self._cited_on(),
                                       self.config.bibliography_page)
        files.append(File.generated(config, self.config.bibliography_page, content=page))
        self.reference_pages.add(self.config.bibliography_page)
        if (cache := rendercache.active()) is not None:  # under ``serve``
            titles = rendercache.nav_titles(config.nav)
            for file in files.documentation_pages():
                rendercache.CachedRenderPage(titles.get(file.src_uri), file, config, cache)
        return files

    def _cited_on(self) -> dict[str, list[tuple[str, str]]]:
        """Key -> the pages citing it, in book order, each shown by its number (or its title); the
        entries no page cites are reported."""
        cited_on: dict[str, list[tuple[str, str]]] = {}
        order = {src: index for index, src in enumerate(self.page_numbers)}
        for src in sorted(self.sources, key=lambda s: (order.get(s, len(order)), s)):
            notebook = self.notebooks.get(src)
            markdown = notebook.markdown if notebook else self.sources[src].read_text("utf-8")
            keys = citations.cited_keys(markdown, f"docs/{self.lang}/{src}")
            shown = self.page_numbers.get(src) or numbering.page_title(markdown, src)
            for key in keys:
                cited_on.setdefault(key, []).append((src, shown))
        unused = sorted(set(self.bibliographies[self.lang].entries) - set(cited_on))
        if unused:
            log.info("%s: %d entries no page cites: %s", bibliography.BIB_FILE.name, len(unused), ", ".join(unused))
        return cited_on

    def _notebook(self, file: File, config: MkDocsConfig) -> list[File]:
        """The notebook as a page, and its downloads next to it (``<page>/<stem>.ipynb``)."""
        notebook = NotebookFile(file.src_uri, file.src_dir, config.site_dir, config.use_directory_urls)
        page = notebook_page.page(Path(file.abs_src_path), self._where(file))
        self.notebooks[file.src_uri] = page
        folder = notebook.dest_uri.rpartition("/")[0]
        return [notebook, *(File.generated(config, f"{folder}/{name}", content=data)
                            for name, data in page.downloads.items())]

    def _add_untranslated(self, files: Files, config: MkDocsConfig) -> None:
        present = {file.src_uri for file in files}
        for source in sorted(self.source_docs_dir.rglob("*")):
            rel = source.relative_to(self.source_docs_dir).as_posix()
            if source.is_file() and rel not in present and source.suffix in {".md", ".py"}:
                log.info("%s: not translated into %r yet, serving English", rel, self.lang)
                files.append(File(rel, str(self.source_docs_dir), config.site_dir, config.use_directory_urls))
                self.untranslated.add(rel)

    def _where(self, file: File) -> str:
        lang = SOURCE_LANGUAGE if file.src_uri in self.untranslated else self.lang
        return f"docs/{lang}/{file.src_uri}"

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """The book's chapters numbered in the sidebar (and so in the chapter map): "1 PAC-Bayes"."""
        self.nav = nav
        for number, section in enumerate((item for item in nav.items if isinstance(item, Section)
                                          and item.title in self.chapter_titles), start=1):
            section.title = f"{number}\u00a0{section.title}"
        return nav

    # -- pages ----------------------------------------------------------------------------------
    def _page(self, page: Page) -> pipeline.PageInfo:
        src = page.file.src_uri
        notebook = self.notebooks.get(src)
        return pipeline.PageInfo(
            where=self._where(page.file),
            lang=self.lang,
            strings=self.strings,
            reference=src in self.reference_pages,
            untranslated=src in self.untranslated,
            outdated_link=translations.english_link(page.url, self.lang_prefix) if src in self.outdated else None,
            downloads=sorted(notebook.downloads) if notebook else [],
            formula_numbers=self.formula_numbers,
            figure_numbers=self.figure_numbers,
            quiz_numbers=self.quiz_numbers,
            path=src,
            targets=self.targets,
            number=self.page_numbers.get(src),
            bibliography=self.bibliographies[SOURCE_LANGUAGE if src in self.untranslated else self.lang],
        )

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        notebook = self.notebooks.get(page.file.src_uri)
        return notebook.markdown if notebook else None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.untranslated:
            page.meta["itdl_fallback"] = True
        return pipeline.markdown_steps(markdown, self._page(page))

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        info = self._page(page)
        self._typeset_titles(page, info)
        html = pipeline.html_steps(html, info, self.renderer, self.typographer)
        # Anchors inside raw HTML (formula fences, numbered figures) count for link validation too.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | pipeline.anchor_ids(html)
        return html

    def _typeset_titles(self, page: Page, info: pipeline.PageInfo) -> None:
        """The page's title and table of contents (plain text outside its HTML: the sidebar, the
        browser tab) with the language's typography, like the text."""
        entries = list(_toc_entries(page.toc))
        titles = [page.title or "", *(entry.title for entry in entries)]
        title, *headings = self.typographer.apply_each(titles, info.text_lang, info.where)
        if page.title:
            number = info.number
            page.title = f"{number}\u00a0{title}" if number else title
        for entry, heading in zip(entries, headings, strict=True):
            entry.title = heading

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        folder = cache_dir("jinja")
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))  # Jinja checks each template's source
        if self.config.nav_cache:
            env.globals["itdl_nav"] = NavCache()  # the theme's partials/nav.html uses it
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if lessonmap.SLOT in output:
            output = output.replace(lessonmap.SLOT, lessonmap.render(self._chapters(page), self.lang))
        return output

    def _chapters(self, home: Page) -> list[lessonmap.Chapter]:
        chapters = []
        for item in self.nav.items if self.nav else []:
            if not isinstance(item, Section):
                continue
            pages = [
                lessonmap.ChapterPage(p.title or "", get_relative_url(p.url, home.url), self.sources[p.file.src_uri])
                for p in item.children
                if isinstance(p, Page) and p.file.src_uri in self.sources
            ]
            if pages:
                chapters.append(lessonmap.Chapter(item.title, pages))
        return chapters

    def on_post_build(self, config: MkDocsConfig) -> None:
        self.renderer.close()
        self.typographer.close()
        katex.copy_assets(config.site_dir, self.renderer.used_characters())
        explorers.copy_assets(config.site_dir)


def _toc_entries(items):
    for item in items:
        yield item
        yield from _toc_entries(item.children)
