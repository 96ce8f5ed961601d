"""Build languages side by side, one forked process each, into staging folders.

The languages of the site share nothing while they build (each has its own config, plugin instance
and output folder), so on a machine with more than one core they build at once. Each child inherits
the parent's imported modules (a fork: nothing is imported or pickled again), builds into its own
staging folder, sends every log record that reaches its root logger to the parent, which hands it to
its own root handlers (the console, a test's collector), and finally its seconds or its error. The
parent then moves the staged languages into the site (:func:`assemble`).

Only where ``fork`` exists (Linux, macOS); elsewhere, and under ``serve`` (whose per-page render
cache lives in its own process), languages build one after another.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import shutil
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def staging_dir(site_root: Path, lang: str) -> Path:
    """Where ``lang`` is built before it moves into the site: next to the site, hidden."""
    return site_root.parent / f".{site_root.name}-building-{lang}"


class _PipeHandler(logging.Handler):
    """Sends each record to the parent, its message formatted (arguments need not pickle)."""

    def __init__(self, conn: Connection) -> None:
        super().__init__()
        self.conn = conn

    def emit(self, record: logging.LogRecord) -> None:
        try:
            record.msg = record.getMessage()
            record.args = None
            if record.exc_info:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
                record.exc_info = None
            self.conn.send(("log", record))
        except Exception:  # a record that cannot be sent must not stop the build
            self.handleError(record)


def _portable(error: BaseException) -> BaseException:
    """``error`` if it survives pickling, else a RuntimeError with its type, message and traceback."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # any exception type may refuse pickling
        text = "".join(traceback.format_exception(error))
        return RuntimeError(f"{type(error).__name__}: {error}\n{text}")


def _child(conn: Connection, work: Callable[[], float]) -> None:
    root = logging.getLogger()
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    root.addHandler(_PipeHandler(conn))
    status = 0
    try:
        conn.send(("done", work()))
    except BaseException as error:  # strict mode's Abort is a SystemExit: every error goes to the parent
        conn.send(("error", _portable(error)))
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        conn.close()
        os._exit(status)  # no atexit handlers, no test-session teardown in the child


def _forward(record: logging.LogRecord) -> None:
    for handler in logging.getLogger().handlers:
        if record.levelno >= handler.level:
            handler.handle(record)


def run(jobs: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Run each job (a language's build, returning its seconds) in a forked child at once; the
    seconds per job. The first error a child reports is raised here, after every child ended."""
    context = multiprocessing.get_context("fork")
    pending: dict[Connection, tuple[str, multiprocessing.Process]] = {}
    for name, work in jobs.items():
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(send, work), name=f"build-{name}")
        process.start()
        send.close()
        pending[receive] = (name, process)
    seconds: dict[str, float] = {}
    errors: list[BaseException] = []
    while pending:
        for conn in wait(list(pending)):
            name, process = pending[conn]
            try:
                kind, payload = conn.recv()
            except EOFError:  # the child is gone
                process.join()
                if name not in seconds and not errors:
                    errors.append(RuntimeError(f"building {name} ended without a result (exit {process.exitcode})"))
                del pending[conn]
                continue
            if kind == "log":
                _forward(payload)
            elif kind == "done":
                seconds[name] = payload
            else:
                errors.append(payload)
    if errors:
        raise errors[0]
    return seconds


def assemble(site_root: Path, staged: dict[str, Path], prefixes: dict[str, str], source: str) -> None:
    """Move the staged languages into ``site_root``: the source language is the site root, each
    other one its prefix folder. Languages not rebuilt keep their folders, and so does the search
    index (the next step rebuilds it)."""
    if source in staged:
        fresh = staged[source]
        if site_root.is_dir():
            kept = [prefix for lang, prefix in prefixes.items() if lang not in staged and prefix]
            for name in [*kept, "pagefind"]:
                if (site_root / name).exists():
                    (site_root / name).rename(fresh / name)
            old = site_root.parent / f".{site_root.name}-old"
            shutil.rmtree(old, ignore_errors=True)
            site_root.rename(old)
            fresh.rename(site_root)
            shutil.rmtree(old, ignore_errors=True)
        else:
            site_root.parent.mkdir(parents=True, exist_ok=True)
            fresh.rename(site_root)
    for lang, folder in staged.items():
        if lang == source:
            continue
        target = site_root / prefixes[lang]
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        folder.rename(target)


def stage(config: MkDocsConfig, site_root: Path, lang: str) -> Path:
    """Point ``config`` at the staging folder of ``lang`` (emptied); that folder."""
    folder = staging_dir(site_root, lang)
    shutil.rmtree(folder, ignore_errors=True)
    config["site_dir"] = str(folder)
    return folder
