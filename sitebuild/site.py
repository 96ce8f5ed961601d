"""What the site adds to one MkDocs build of one language (``hooks.py`` calls into this).

* math: every formula typeset by KaTeX at build time (:mod:`sitebuild.katex`);
* formulas: the ``formula`` fence bound to the page language and the test index, and the
  generated Formula index page (:mod:`sitebuild.formulas`);
* notebooks: jupytext notebooks executed with a snippet-aware cache (:mod:`sitebuild.notebooks`);
* translations: a page missing in this language is served from English with a notice.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs_jupyter.plugin import NotebookFile

from sitebuild import formulas, glossary, katex, lessonmap, notebooks, quiz, speed, translations
from sitebuild.i18n import strings
from sitebuild.languages import ROOT, SOURCE_LANGUAGE
from sitebuild.paths import cache_dir

log = logging.getLogger("mkdocs.plugins.sitebuild")
FORMULA_INDEX = "formulas.md"
GENERATED_PAGES = {FORMULA_INDEX, glossary.PAGE}
_ID = re.compile(r'\bid="([^"]+)"')


class SiteBuild:
    def __init__(self, config: MkDocsConfig) -> None:
        self.lang: str = config.theme["language"]
        self.docs_dir = Path(config.docs_dir)
        self.source_docs_dir = ROOT / "docs" / SOURCE_LANGUAGE
        self.strings = strings(self.lang)
        self.tests = formulas.TestIndex.scan()
        self.renderer = katex.Renderer()
        self.fallback_pages: set[str] = set()
        self.lang_prefix = ""
        # translations whose English original changed since (one git log pass; none without history)
        self.outdated_pages = translations.outdated_pages(self.lang) if self.lang != SOURCE_LANGUAGE else set()
        self.notebook_sources: dict[str, Path] = {}
        self.sources: dict[str, Path] = {}  # src_uri -> the file a page was written in
        self.nav = None
        self.abbreviations = glossary.abbreviations(self.lang)  # the same for every page
        self.notebook_downloads: dict[str, dict[str, bytes]] = {}  # page src_uri -> name -> bytes

    # -- config ---------------------------------------------------------------------------------
    def configure(self, config: MkDocsConfig) -> MkDocsConfig:
        # Includes resolve against snippets/ wherever the build is started from.
        config.mdx_configs["pymdownx.snippets"]["base_path"] = [str(ROOT / "snippets")]
        fences = config.mdx_configs["pymdownx.superfences"]["custom_fences"]
        for fence in fences:
            if fence["name"] == "formula":
                fence["format"] = functools.partial(
                    formulas.fence_format, lang=self.lang, tests=self.tests
                )
            elif fence["name"] == "quiz":
                fence["format"] = functools.partial(quiz.fence_format, lang=self.lang)
        # mkdocs-jupyter evicts cache entries its last build did not use: one cache per language.
        jupyter = config.plugins["mkdocs-jupyter"].config
        jupyter["cache_dir"] = str(cache_dir("mkdocs-jupyter", self.lang))
        config.extra["ui"] = self.strings
        speed.speed_up(config.theme)
        prefix = config.extra["languages"][self.lang].get("prefix", "")
        config.extra["lang_prefix"] = prefix
        self.lang_prefix = prefix
        path = urlsplit(config.site_url or "/").path
        config.extra["site_root_path"] = (path[: -len(prefix)] if prefix and path.endswith(prefix) else path) or "/"
        return config

    # -- files ----------------------------------------------------------------------------------
    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.lang != SOURCE_LANGUAGE:
            self._add_fallbacks(files, config)
        for file in list(files):
            if file.src_uri.endswith(".py") and file.abs_src_path:
                self._use_executed_notebook(file)
        index = formulas.index_markdown(
            formulas.collect_formulas(self.docs_dir), self.tests, self.lang
        )
        files.append(File.generated(config, FORMULA_INDEX, content=index))
        if glossary.entries():
            files.append(File.generated(config, glossary.PAGE, content=glossary.page_markdown(self.lang)))
        for file in list(files.documentation_pages()):
            for name, content in self.notebook_downloads.get(file.src_uri, {}).items():
                folder = file.dest_uri.rpartition("/")[0]  # next to the page: <page>/<stem>.ipynb
                files.append(File.generated(config, f"{folder}/{name}", content=content))
            source = self.notebook_sources.get(file.src_uri) or file.abs_src_path
            if source and file.src_uri not in GENERATED_PAGES:
                self.sources[file.src_uri] = Path(source)
        return files

    def navigation(self, nav):
        self.nav = nav
        return nav

    def _add_fallbacks(self, files: Files, config: MkDocsConfig) -> None:
        present = {file.src_uri for file in files}
        for source in sorted(self.source_docs_dir.rglob("*")):
            rel = source.relative_to(self.source_docs_dir).as_posix()
            if source.is_file() and rel not in present and source.suffix in {".md", ".py"}:
                log.info("%s: not translated into %r yet, serving English", rel, self.lang)
                file = File(rel, str(self.source_docs_dir), config.site_dir, config.use_directory_urls)
                if source.suffix == ".py":  # mkdocs-jupyter has wrapped its notebooks already
                    file = NotebookFile(file, **config)
                files.append(file)
                self.fallback_pages.add(rel)

    def _use_executed_notebook(self, file: File) -> None:
        source = Path(file.abs_src_path)
        executed, ran = notebooks.executed_notebook(source, f"docs/{self.lang}/{file.src_uri}")
        log.info("notebook docs/%s/%s: %s", self.lang, file.src_uri, "executed" if ran else "cached")
        self.notebook_sources[file.src_uri] = source
        self.notebook_downloads[file.src_uri] = notebooks.downloads(source, executed)
        # mkdocs-jupyter wraps the File and reads the wrapper's own abs_src_path: set that one.
        file.abs_src_path = str(executed)

    # -- pages ----------------------------------------------------------------------------------
    def page_markdown(self, markdown: str, page: Page) -> str:
        markdown = quiz.computed_values(markdown, self.lang)  # numbers in the text come from code
        if page.file.src_uri not in GENERATED_PAGES:
            # hover definitions (abbr + Material's tooltips) in the page's own language
            markdown = markdown + "\n\n" + self.abbreviations + "\n"
        if page.file.src_uri in self.fallback_pages:
            page.meta["itdl_fallback"] = True
            return translations.notice_markdown(
                markdown, "warning", self.strings["untranslated_title"], self.strings["untranslated_body"]
            )
        if page.file.src_uri in self.outdated_pages and not page.file.src_uri.endswith(".py"):
            return translations.outdated_notice_markdown(markdown, self.strings, self._english_link(page))
        return markdown

    def _english_link(self, page: Page) -> str:
        return translations.english_link(page.url, self.lang_prefix)

    def page_content(self, html: str, page: Page) -> str:
        is_notebook = page.file.src_uri.endswith(".py")
        if is_notebook and page.file.src_uri in self.fallback_pages:
            page.meta["itdl_fallback"] = True
            html = translations.notice_html(
                html, "warning", self.strings["untranslated_title"], self.strings["untranslated_body"]
            )
        elif is_notebook and page.file.src_uri in self.outdated_pages:
            html = translations.outdated_notice_html(html, self.strings, self._english_link(page))
        under_title = ""
        if is_notebook:
            html, toc, title = notebooks.slim_html(html, page.file.src_uri)
            names = sorted(self.notebook_downloads.get(page.file.src_uri, {}))
            if names:
                labels = {"title": self.strings["nb_download"], "ipynb": self.strings["nb_ipynb"],
                          "py": self.strings["nb_py"]}
                under_title += notebooks.download_links(names, labels)
            page.toc = get_toc(toc)  # mkdocs-jupyter's TOC used other ids than the headings
            page.title = title or page.title
        # Anchors inside raw HTML (formula fences, notebooks) count for link validation too.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | set(_ID.findall(html))
        html = glossary.first_use_only(html)
        under_title += quiz.progress_line(html, self.lang)
        if under_title:  # download links and quiz progress go right below the page title
            end = html.find("</h1>") + len("</h1>") if "</h1>" in html else 0
            html = html[:end] + under_title + html[end:]
        where = f"docs/{self.lang}/{page.file.src_uri}"
        return katex.typeset_page(html, self.renderer, where, dollars=is_notebook)

    def page_output(self, output: str, page: Page) -> str:
        if lessonmap.SLOT in output:
            output = output.replace(lessonmap.SLOT, lessonmap.render(self.nav, page, self.sources, self.lang))
        return output

    # -- end ------------------------------------------------------------------------------------
    def finish(self, config: MkDocsConfig) -> None:
        self.renderer.close()
        katex.copy_assets(config.site_dir)
