"""Live reload under ``python -m sitebuild serve``: seconds from an edit to the browser's reload signal.

Every edit is undone afterwards, and the edited files are restored whatever happens:

* one Markdown page, five times, a new HTML comment each time (the edits are the samples);
* a comment on the ``def`` line of one snippet function: should re-execute no notebook and recompute
  no figure or value;
* a no-op statement (``_ = <number>``, a new one each run, so no cache has it) as the first line of
  that function's body: which notebooks re-executed and which figures and values were recomputed,
  from the build's lines in the serve log (:mod:`sitebuild.bench.buildlog`).
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from sitebuild.bench.buildlog import recomputed
from sitebuild.paths import ROOT

PAGE, PAGE_HTML = "docs/en/index.md", "index.html"
SNIPPET, FUNCTION = "snippets/pacbayes/kl.py", "binary_kl"
SNIPPET_HTML = "pac-bayes/index.html"  # shows the function's code, so it changes with any edit
SETTLE_S = 1.0  # one file write can raise two file events, hence two rebuilds
TIMEOUT_S = 120


def _function(source: str, name: str) -> ast.FunctionDef:
    found = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.FunctionDef) and node.name == name]
    if not found:
        raise ValueError(f"benchmark: no `def {name}` to edit")
    return found[0]


def comment_edit(source: str, function: str, nonce: int) -> str:
    """``source`` with a comment naming ``nonce`` on the ``def`` line of ``function``."""
    lines = source.splitlines(keepends=True)
    line = _function(source, function).lineno - 1
    lines[line] = lines[line].rstrip("\n") + f"  # edited by the benchmark {nonce}\n"
    return "".join(lines)


def body_edit(source: str, function: str, nonce: int) -> str:
    """``source`` with ``_ = nonce`` as the first statement of ``function`` after its docstring."""
    node = _function(source, function)
    first = node.body[1] if ast.get_docstring(node) and len(node.body) > 1 else node.body[0]
    lines = source.splitlines(keepends=True)
    lines.insert(first.lineno - 1, " " * first.col_offset + f"_ = {nonce}  # no-op inserted by the benchmark\n")
    return "".join(lines)


def _get(url: str, timeout: float = 90) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def _shows(page: Path, text: str, present: bool = True) -> Callable[[], bool]:
    def done() -> bool:
        try:
            return (text in page.read_text("utf-8")) == present
        except FileNotFoundError:  # a rebuild is under way
            return False

    return done


def _digests(site: Path) -> dict[str, str]:
    """The pages' digests (the search index, refreshed in the background, is not a page)."""
    found = {}
    for folder, subfolders, names in os.walk(site):
        subfolders[:] = [name for name in subfolders if name != "pagefind"]
        for name in names:
            if name.endswith(".html"):
                path = Path(folder) / name
                found[path.relative_to(site).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def reload_after(base: str, edit: Callable[[], object], done: Callable[[], bool]) -> float:
    """Seconds from ``edit()`` to the live-reload signal of the rebuild that made ``done()`` true.

    The browser's own protocol: ``/livereload/<epoch>/<id>`` answers once a build newer than
    ``epoch`` is visible; a signal whose build does not show the edit yet is followed by the next.
    """
    time.sleep(SETTLE_S)
    epoch = re.search(r"livereload\((\d+),", _get(base)).group(1)
    start = time.perf_counter()
    edit()
    while True:
        epoch = _get(f"{base}livereload/{epoch}/1").strip()
        if done():
            return time.perf_counter() - start
        if time.perf_counter() - start > TIMEOUT_S:
            raise RuntimeError(f"serve did not rebuild within {TIMEOUT_S} s")


@contextlib.contextmanager
def restored(paths: list[Path]) -> Iterator[None]:
    """Put the files back as they were when the block ends, however it ends."""
    originals = {path: path.read_bytes() for path in paths}
    try:
        yield
    finally:
        for path, data in originals.items():
            if path.read_bytes() != data:
                path.write_bytes(data)


@contextlib.contextmanager
def serving(log: Path, env: dict[str, str]) -> Iterator[str]:
    """``python -m sitebuild serve`` on a free port, output to ``log``, for the block; yields its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    with open(log, "w") as out:
        # --verbose: the log names each notebook, figure and value recomputed
        cmd = [sys.executable, "-m", "sitebuild", "serve", "--verbose", "--port", str(port)]
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 180
        while True:
            try:
                _get(base, timeout=5)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError(f"serve did not start: {log.read_text()}") from None
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _snippet_step(base: str, site: Path, log: Path, edited: str, nonce: int) -> dict:
    """Edit the snippet to ``edited``, wait for the page to show ``nonce``, then undo; what was rebuilt."""
    snippet, page = ROOT / SNIPPET, site / SNIPPET_HTML
    original = snippet.read_bytes()
    before = _digests(site)
    mark = log.stat().st_size
    seconds = reload_after(base, partial(snippet.write_text, edited, "utf-8"), _shows(page, str(nonce)))
    time.sleep(SETTLE_S)
    after = _digests(site)
    rebuilt = recomputed(log.read_bytes()[mark:].decode("utf-8", "replace"))
    reload_after(base, partial(snippet.write_bytes, original), _shows(page, str(nonce), present=False))
    changed = sorted(k for k in after if before.get(k) != after[k])
    return {"reload_s": seconds, "pages_changed": changed, "pages_unchanged": len(after) - len(changed), **rebuilt}


def measure_serve(tmp: Path) -> dict:
    """The three kinds of edit above, against a ``serve`` using the build cache in ``tmp/cache``."""
    from sitebuild.build import site_dir

    site, page, snippet = site_dir(), ROOT / PAGE, ROOT / SNIPPET
    env = {**os.environ, "ITDL_CACHE_DIR": str(tmp / "cache"), "PYTHONUNBUFFERED": "1"}
    log = tmp / "serve.log"
    with serving(log, env) as base, restored([page, snippet]):
        original = page.read_bytes()
        markdown = []
        for _ in range(5):
            # a new comment each time, so serve has no rendering of it; the undo is waited for, not counted
            # (serve kept the page's original rendering: tests/test_rendercache.py)
            marker = f"<!-- bench {time.time_ns()} -->"
            edit = partial(page.write_bytes, original + f"\n{marker}\n".encode())
            markdown.append(reload_after(base, edit, _shows(site / PAGE_HTML, marker)))
            reload_after(base, partial(page.write_bytes, original), _shows(site / PAGE_HTML, marker, present=False))
        source = snippet.read_text("utf-8")
        nonce = time.time_ns()
        comment = _snippet_step(base, site, log, comment_edit(source, FUNCTION, nonce), nonce)
        nonce = time.time_ns()
        body = _snippet_step(base, site, log, body_edit(source, FUNCTION, nonce), nonce)
    return {
        "markdown_edit": f"{PAGE}: a new HTML comment appended (each undone afterwards)",
        "markdown_edit_reload_s": statistics.median(markdown),
        "markdown_edit_samples_s": markdown,
        "snippet_edit": f"{SNIPPET}, function `{FUNCTION}`",
        "snippet_comment_edit": comment,
        "snippet_body_edit": body,
    }
