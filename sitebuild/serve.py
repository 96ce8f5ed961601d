"""Serve the built site on 127.0.0.1 with live reload.

Edits under ``docs/<lang>/`` rebuild that language only; edits to anything shared (snippets,
``mkdocs.yml``, the theme, this glue) rebuild every language. The browser reloads when the pages
are rebuilt (MkDocs' own live-reload server does the serving and the reloading); the search index
is refreshed right after, in the background, so a reader sees the edit without waiting for it.
Between rebuilds each page keeps its Markdown rendering until its Markdown changes, or anything
but a page does (:mod:`sitebuild.rendercache`).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from sitebuild import rendercache
from sitebuild.build import build, index_search, site_dir
from sitebuild.languages import ROOT, languages

log = logging.getLogger("sitebuild")
WATCHED = ["docs", "snippets", "sitebuild", "mkdocs.yml", "tests"]
POLL_S = 0.05


def _snapshot() -> dict[Path, float]:
    stamps = {}
    for name in WATCHED:
        path = ROOT / name
        candidates = [path] if path.is_file() else path.rglob("*")
        for file in candidates:
            if file.is_file() and "__pycache__" not in file.parts:
                stamps[file] = file.stat().st_mtime
    return stamps


class _Server(LiveReloadServer):
    """MkDocs' live-reload server, which builds once the edits have stopped for 0.1 s (its
    ``build_delay``). Here the quiet it waits for is one scan of the file watcher, 0.05 s less on
    every reload: the files of one save change in the same scan or, rarely, the next, and an event
    that comes later starts one more rebuild of what changed since (``rebuild`` compares the files'
    times), so no edit is missed."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.build_delay = POLL_S


def languages_to_rebuild(changed: set[Path], langs: list[str]) -> list[str]:
    """The languages whose pages a change can affect."""
    affected = set()
    for path in changed:
        rel = path.relative_to(ROOT).parts
        if len(rel) >= 2 and rel[0] == "docs" and rel[1] in langs:
            affected.add(rel[1])
            if rel[1] == langs[0]:  # a language lacking this page shows the English one
                page = Path(*rel[2:])
                affected.update(lang for lang in langs if not (ROOT / "docs" / lang / page).exists())
        else:
            return langs
    return [lang for lang in langs if lang in affected]


def serve(host: str = "127.0.0.1", port: int = 8000, langs: list[str] | None = None) -> None:
    """``langs``: only build and rebuild these (a one-language preview); default every language."""
    site_url = f"http://{host}:{port}/"
    every = list(languages())
    unknown = [lang for lang in langs or () if lang not in every]
    if unknown:
        raise SystemExit(f"serve: unknown language(s) {unknown}; choose from {every}")
    langs = [lang for lang in every if lang in langs] if langs else every
    renderings = rendercache.enable()
    build(langs, site_url=site_url, jobs=1)  # one process: the render cache lives here
    renderings.take_counts()  # the first build renders every page: nothing to report
    state = {"stamps": _snapshot()}
    writing = threading.Lock()  # a build and a search indexing never touch site/ at once
    root = site_dir()

    def index() -> None:
        with writing:
            index_search(root)

    def rebuild() -> None:
        stamps = _snapshot()
        old = state["stamps"]
        changed = {p for p in stamps.keys() | old.keys() if stamps.get(p) != old.get(p)}
        state["stamps"] = stamps
        chosen = languages_to_rebuild(changed, langs)
        if not rendercache.only_pages_changed(changed, ROOT / "docs", langs):
            renderings.forget()
        if chosen:
            log.info("rebuilding %s", ", ".join(chosen))
            with writing:
                build(chosen, site_url=site_url, search=False, jobs=1)
            log.info("pages rendered anew: %d, kept: %d", *renderings.take_counts())
            threading.Thread(target=index, daemon=True).start()

    # the file watcher polls; 0.05 s instead of MkDocs' 0.5 s keeps edit-to-reload near half a second
    server = _Server(builder=rebuild, host=host, port=port, root=str(site_dir()), polling_interval=POLL_S)
    for name in WATCHED:
        server.watch(str(ROOT / name))
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()
