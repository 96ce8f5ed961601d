"""The benchmark: build speed, live-reload latency, page weight and test-suite time, in one run.

    nox -s bench                       # everything; writes benchmarks/latest.{md,json}, build-scaling.svg
    nox -s bench -- --skip-tests       # without the two test-suite runs (about 3 minutes less)

A report, not a test: numbers depend on the machine, so every ratio is taken within one run.
What it measures:

* builds: a cold build (empty cache) and a cached build of every language, each a fresh
  ``python -m sitebuild build`` process, against plain MkDocs building the same Markdown (theme
  ``mkdocs``, no plugins, only the extensions that parse it); a cProfile of the cached build says
  where the time goes;
* ``serve``: edit to live-reload signal for one Markdown page, and for one snippet (which pages
  change and which notebooks re-run);
* page weight: every page served gzip-compressed from 127.0.0.1 and loaded in Chromium, counting
  bytes on the wire by type; once with an empty cache, once as the next page of a visit;
* tests: the whole suite, serial and with one xdist worker per core;
* scaling: synthetic sites of 10, 100 and 500 pages, built cold, cached and by plain MkDocs.
"""

from __future__ import annotations

import contextlib
import cProfile
import gzip
import hashlib
import http.server
import json
import logging
import mimetypes
import os
import platform
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import ClassVar

from sitebuild.paths import ROOT

OUT = ROOT / "benchmarks"
PY = sys.executable
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
GOALS = {"cached_ratio": 1.5, "reload_s": 1.0, "first_kb": 250, "next_kb": 60, "tests_s": 180}
SCALING_PAGES = [10, 100, 500]
PLAIN_EXTENSIONS = [
    "abbr", "admonition", "attr_list", "footnotes", "md_in_html", "tables", "toc",
    {"pymdownx.arithmatex": {"generic": True}}, "pymdownx.details", "pymdownx.highlight",
    "pymdownx.inlinehilite", {"pymdownx.snippets": {"base_path": [str(ROOT / "snippets")]}},
    "pymdownx.superfences",
]


def _wall(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def _env(**changes: str) -> dict[str, str]:
    return {**os.environ, **changes}


def _plain_config(tmp: Path, docs: Path, site: Path, name: str) -> Path:
    config = {
        "site_name": "baseline", "docs_dir": str(docs), "site_dir": str(site),
        "theme": {"name": "mkdocs"}, "plugins": [], "markdown_extensions": PLAIN_EXTENSIONS,
    }
    path = tmp / f"plain-{name}.yml"
    path.write_text(json.dumps(config), "utf-8")  # JSON is YAML
    return path


# -- builds -------------------------------------------------------------------------------------
def measure_builds(tmp: Path, repeat: int = 3) -> dict:
    from sitebuild.languages import languages

    env = _env(ITDL_CACHE_DIR=str(tmp / "cache"))
    build = [PY, "-m", "sitebuild", "build", "--site-dir", str(tmp / "site")]
    cold = _wall(build, env)
    cached = statistics.median(_wall(build, env) for _ in range(repeat))
    plain = []
    for _ in range(repeat):
        total = 0.0
        for lang in languages():
            config = _plain_config(tmp, ROOT / "docs" / lang, tmp / "plain" / lang, lang)
            total += _wall([PY, "-m", "mkdocs", "build", "-q", "-f", str(config)])
        plain.append(total)
    baseline = statistics.median(plain)
    return {
        "cold_s": cold, "cached_s": cached, "plain_mkdocs_s": baseline,
        "cached_ratio": cached / baseline, "profile": profile_cached_build(tmp),
        "note": "each a new process (startup and imports included), both languages; "
        f"median of {repeat}; plain MkDocs builds each language in its own process",
    }


PROFILE_PARTS = [  # (label, file suffix, function): cumulative times, so parts can nest
    ("everything in-process (after imports)", "sitebuild/build.py", "build"),
    ("load and validate config (per language)", "sitebuild/languages.py", "language_config"),
    ("Markdown to HTML, all extensions", "mkdocs/structure/pages.py", "render"),
    ("  formula fences (code, tests)", "sitebuild/formulas.py", "render"),
    ("  figures (computed SVG charts)", "sitebuild/figures.py", "fence_format"),
    ("math typesetting (KaTeX, from cache)", "sitebuild/katex.py", "typeset_page"),
    ("notebooks: cache lookup", "sitebuild/notebooks.py", "executed_notebook"),
    ("notebooks: mkdocs-jupyter render", "mkdocs_jupyter/convert.py", "nb2html"),
    ("notebooks: slim the HTML", "sitebuild/notebooks.py", "slim_html"),
    ("page templates (Material), writing files", "mkdocs/commands/build.py", "_build_page"),
    ("theme and asset files copied", "mkdocs/structure/files.py", "copy_static_files"),
    ("search index (Pagefind)", "sitebuild/build.py", "index_search"),
]


def profile_cached_build(tmp: Path) -> list[dict]:
    from sitebuild import build as build_module

    with _env_var("ITDL_CACHE_DIR", str(tmp / "cache")):
        build_module.build(site_dir=str(tmp / "site"))  # warm this process's imports and caches
        profiler = cProfile.Profile()
        profiler.enable()
        build_module.build(site_dir=str(tmp / "site"))
        profiler.disable()
    return _profile_rows(profiler, PROFILE_PARTS)


def _profile_rows(profiler: cProfile.Profile, parts: list[tuple[str, str, str]]) -> list[dict]:
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = []
    for label, suffix, name in parts:
        seconds = sum(
            cumulative for (file, _, func), (_, _, _, cumulative, _) in stats.items()
            if func == name and file.replace(os.sep, "/").endswith(suffix)
        )
        rows.append({"part": label, "s": seconds})
    total = rows[0]["s"] or 1.0
    for row in rows:
        row["share"] = row["s"] / total
    return rows


@contextlib.contextmanager
def _env_var(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


# -- serve --------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 90) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def _site_digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*.html")
    }


def _reload_after(base: str, edit, done) -> float:
    """Seconds from ``edit()`` to the live-reload signal of the rebuild that made ``done()`` true.

    The browser's own protocol: ``/livereload/<epoch>/<id>`` answers once a build newer than
    ``epoch`` is visible. A file write can raise two file events, so a signal whose build does not
    show the edit yet is followed by the next one.
    """
    time.sleep(1.0)  # the previous edit's rebuilds have settled
    epoch = re.search(r"livereload\((\d+),", _get(base)).group(1)
    start = time.perf_counter()
    edit()
    while True:
        epoch = _get(f"{base}livereload/{epoch}/1").strip()
        if done():
            return time.perf_counter() - start
        if time.perf_counter() - start > 120:
            raise RuntimeError("serve did not rebuild within 120 s")


def measure_serve(tmp: Path) -> dict:
    from sitebuild.build import site_dir

    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log_path = tmp / "serve.log"
    page = ROOT / "docs" / "en" / "index.md"
    snippet = ROOT / "snippets" / "pacbayes" / "kl.py"
    originals = {page: page.read_bytes(), snippet: snippet.read_bytes()}
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [PY, "-m", "sitebuild", "serve", "--port", str(port)], cwd=ROOT, stdout=log, stderr=log
        )
    try:
        deadline = time.time() + 180
        while True:
            try:
                _get(base, timeout=5)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError(f"serve did not start: {log_path.read_text()}") from None
                time.sleep(0.3)

        def write(path: Path, data: bytes) -> None:
            path.write_bytes(data)

        def shows(page: str, text: str, present: bool = True):
            return lambda: (text in (site_dir() / page).read_text("utf-8")) == present

        marker = f"<!-- bench {time.time_ns()} -->"
        markdown = []
        for _ in range(3):
            edit = partial(write, page, originals[page] + f"\n{marker}\n".encode())
            markdown.append(_reload_after(base, edit, shows("index.html", marker)))
            restore = partial(write, page, originals[page])
            markdown.append(_reload_after(base, restore, shows("index.html", marker, present=False)))
        time.sleep(1.0)
        before = _site_digests(site_dir())
        mark = len(log_path.read_text())
        text = originals[snippet].decode()
        nonce = f"edited by the benchmark {time.time_ns()}"  # a new cache key: the notebooks must re-run
        edited = re.sub(r"^(def binary_kl\(.*)$", rf"\1  # {nonce}", text, count=1, flags=re.M)
        assert edited != text, "benchmark: could not find `def binary_kl(` to edit"
        chapter = "pac-bayes/index.html"
        snippet_s = _reload_after(base, partial(write, snippet, edited.encode()), shows(chapter, nonce))
        time.sleep(1.0)
        after = _site_digests(site_dir())
        executed = re.findall(r"notebook (\S+): executed", log_path.read_text()[mark:])
        restore = partial(write, snippet, originals[snippet])
        _reload_after(base, restore, shows(chapter, nonce, present=False))
    finally:
        for path, data in originals.items():
            if path.read_bytes() != data:
                path.write_bytes(data)
        server.terminate()
        server.wait(timeout=30)
    return {
        "markdown_edit_reload_s": statistics.median(markdown),
        "markdown_edit_samples_s": markdown,
        "snippet_edit_reload_s": snippet_s,
        "snippet_edit": "snippets/pacbayes/kl.py (a comment on the `def binary_kl` line)",
        "pages_changed": sorted(k for k in after if before.get(k) != after[k]),
        "pages_unchanged": sum(1 for k in after if before.get(k) == after[k]),
        "notebooks_executed": executed,
    }


# -- page weight --------------------------------------------------------------------------------
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".mjs", ".pf_meta"}


class _GzipHandler(http.server.BaseHTTPRequestHandler):
    """A static host as a reader meets it: gzip for text, a cache lifetime for everything."""

    root: Path
    packed: ClassVar[dict[Path, bytes]]

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = self.root / self.path.split("?")[0].split("#")[0].lstrip("/")
        status = 200
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            path, status = self.root / "404.html", 404
        data = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Cache-Control", "max-age=600")
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            if path not in self.packed:
                self.packed[path] = gzip.compress(data, compresslevel=6, mtime=0)
            data = self.packed[path]
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextlib.contextmanager
def gzip_server(site: Path) -> Iterator[str]:
    handler = type("Handler", (_GzipHandler,), {"root": site, "packed": {}})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


class _Wire:
    """Bytes received per resource type, from the Chrome DevTools Protocol."""

    def __init__(self, context, page) -> None:
        self.types: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", lambda e: self.types.__setitem__(e["requestId"], e["type"]))
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event) -> None:
        kind = self.types.get(event["requestId"], "Other")
        self.bytes[kind] = self.bytes.get(kind, 0) + int(event["encodedDataLength"])

    def take(self) -> dict[str, int]:
        taken, self.bytes = self.bytes, {}
        return taken


def _pages(site: Path) -> list[str]:
    rels = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        rels.append("" if rel == "." else rel + "/")
    return rels


def measure_page_weight(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with gzip_server(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        for rel in _pages(site):
            lang_root = "ru/" if rel.startswith("ru/") else ""
            # first visit: empty cache
            context = browser.new_context()
            page = context.new_page()
            wire = _Wire(context, page)
            page.goto(base + rel)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(200)
            first = wire.take()
            context.close()
            # next page: the reader came from another page of the same language (instant navigation)
            context = browser.new_context()
            page = context.new_page()
            wire = _Wire(context, page)
            start = base + (lang_root + "pac-bayes/" if rel == lang_root else lang_root)
            page.goto(start)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(200)
            wire.take()
            page.evaluate("window.__bench = 1")
            page.evaluate(
                "url => { const a = document.createElement('a'); a.href = url;"
                " document.querySelector('.md-content').appendChild(a); a.click(); }",
                base + rel,
            )
            page.wait_for_url(base + rel)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(200)
            instant = page.evaluate("window.__bench === 1")
            following = wire.take()
            context.close()
            rows.append({
                "page": "/" + rel,
                "first_bytes": sum(first.values()),
                "first_by_type": first,
                "next_bytes": sum(following.values()),
                "next_by_type": following,
                "next_was_instant": instant,
                "html_bytes": (site / rel / "index.html").stat().st_size,
            })
        browser.close()
    return rows


# -- tests --------------------------------------------------------------------------------------
def measure_tests() -> dict:
    results = {}
    for label, args in [("serial", ["-n", "0"]), ("xdist, one worker per core", ["-n", "auto"])]:
        start = time.perf_counter()
        done = subprocess.run(
            [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
            cwd=ROOT, capture_output=True, text=True,
        )
        seconds = time.perf_counter() - start
        summary = (done.stdout.strip().splitlines() or [""])[-1]
        results[label] = {"s": seconds, "summary": summary, "returncode": done.returncode}
    return results


# -- scaling ------------------------------------------------------------------------------------
def _synthetic_docs(docs: Path, count: int) -> list[dict]:
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Synthetic site\n\nPages for the build benchmark.\n", "utf-8")
    nav: list = ["index.md"]
    for n in range(1, count + 1):
        name = f"page-{n:04d}.md"
        (docs / name).write_text(
            f"# Page {n}\n\n"
            f"A paragraph with inline math $x_{{{n}}}^2 + y_{{{n}}}$ and $\\sum_{{i=1}}^{{{n}}} i$.\n\n"
            f"$$\n\\int_0^{{{n}}} e^{{-t^2}}\\,dt \\le \\frac{{\\sqrt{{\\pi}}}}{{2}} + {n}\n$$\n\n"
            '!!! note "Remark"\n\n    Admonitions and lists are part of every lesson.\n\n'
            f"```python\ndef page_{n}(x):\n    return x ** {n % 7 + 1}\n```\n\n"
            + "Prose. " * 120 + "\n",
            "utf-8",
        )
        nav.append(name)
    return [*nav, "formulas.md", "glossary.md"]  # generated pages are part of every build


SCALING_PARTS = [
    ("one language, cached, in-process", "mkdocs/commands/build.py", "build"),
    ("  navigation sidebar (Material renders the whole nav into every page)",
     "material/templates/partials/nav.html", "root"),
    ("  Markdown to HTML", "mkdocs/structure/pages.py", "render"),
    ("  math typesetting (KaTeX, from cache)", "sitebuild/katex.py", "typeset_page"),
]


def measure_scaling(tmp: Path) -> list[dict]:
    from mkdocs.commands.build import build as mkdocs_build

    from sitebuild.languages import language_config

    rows = []
    for count in SCALING_PAGES:
        docs = tmp / f"synthetic-{count}"
        nav = _synthetic_docs(docs, count)
        site = tmp / f"synthetic-site-{count}"
        times = {}
        with _env_var("ITDL_CACHE_DIR", str(tmp / f"synthetic-cache-{count}")):
            for run in ("cold", "cached", "profiled"):
                config = language_config("en", docs_dir=str(docs), site_dir=str(site), nav=nav)
                profiler = cProfile.Profile() if run == "profiled" and count == max(SCALING_PAGES) else None
                start = time.perf_counter()
                if profiler:
                    profiler.enable()
                if run != "profiled" or profiler:
                    mkdocs_build(config)
                if profiler:
                    profiler.disable()
                    profile = _profile_rows(profiler, SCALING_PARTS)
                times[run] = time.perf_counter() - start
        plain = _plain_config(tmp, docs, tmp / f"synthetic-plain-{count}", f"synthetic-{count}")
        start = time.perf_counter()
        subprocess.run([PY, "-m", "mkdocs", "build", "-q", "-f", str(plain)], check=True, cwd=ROOT,
                       stderr=subprocess.DEVNULL)
        plain_s = time.perf_counter() - start
        rows.append({"pages": count, "cold_s": times["cold"], "cached_s": times["cached"], "plain_mkdocs_s": plain_s})
    rows[-1]["profile"] = profile
    return rows


def scaling_figure(rows: list[dict]) -> str:
    from sitebuild.svgplot import line_chart

    svg = line_chart(
        [row["pages"] for row in rows],
        {
            "this site, empty cache": [row["cold_s"] for row in rows],
            "this site, cached": [row["cached_s"] for row in rows],
            "plain MkDocs": [row["plain_mkdocs_s"] for row in rows],
        },
        xlabel="pages (synthetic, log scale)", ylabel="build time (s)",
        title="Build time against number of pages", xlog=True,
    )
    css = (ROOT / "sitebuild" / "theme" / "assets" / "itdl.css").read_text("utf-8")
    rules = "\n".join(line for line in css.splitlines() if line.startswith(".itdl-chart"))
    return svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1).replace(
        ">", f"><style>{rules}</style>", 1
    )


# -- report -------------------------------------------------------------------------------------
def _kb(n: float) -> str:
    return f"{n / 1000:.1f}"


def _ok(value: float, goal: float) -> str:
    return "✓" if value <= goal else "✗"


def report_markdown(data: dict) -> str:
    goals = GOALS
    lines = [
        "# Benchmark",
        "",
        f"Measured {data['date']} on {data['machine']} by `nox -s bench` ({data['commit']}). "
        "kB = 1000 bytes on the wire (gzip, headers included).",
        "",
    ]
    if b := data.get("builds"):
        lines += [
            "## Builds (both languages)", "",
            "| build | seconds |", "|---|---:|",
            f"| cold (empty cache: notebooks executed, math typeset) | {b['cold_s']:.2f} |",
            f"| cached | {b['cached_s']:.2f} |",
            f"| plain MkDocs, same Markdown (baseline) | {b['plain_mkdocs_s']:.2f} |",
            f"| **cached / baseline** (goal ≤ {goals['cached_ratio']}) | **{b['cached_ratio']:.2f}** "
            f"{_ok(b['cached_ratio'], goals['cached_ratio'])} |",
            "", f"{b['note']}.", "",
            "Where the cached build's time goes (cProfile, in-process; parts nest, indented ones are "
            "inside the line above):", "",
            "| part | seconds | share |", "|---|---:|---:|",
        ]
        lines += [f"| {r['part']} | {r['s']:.3f} | {r['share']:.0%} |" for r in b["profile"]]
        lines.append("")
    if s := data.get("serve"):
        lines += [
            "## Live reload under `serve`", "",
            f"- Edit one Markdown page (`docs/en/index.md`): **{s['markdown_edit_reload_s']:.2f} s** to the "
            f"reload signal, median of {len(s['markdown_edit_samples_s'])} "
            f"(goal ≤ {goals['reload_s']} s {_ok(s['markdown_edit_reload_s'], goals['reload_s'])}).",
            f"- Edit one snippet ({s['snippet_edit']}): {s['snippet_edit_reload_s']:.2f} s. Notebooks re-executed: "
            f"{', '.join(s['notebooks_executed']) or 'none'}. Pages whose HTML changed: "
            f"{', '.join(s['pages_changed']) or 'none'}; {s['pages_unchanged']} other pages identical.",
            "",
        ]
    if rows := data.get("page_weight"):
        lines += [
            "## Page weight", "",
            f"Goal: first visit ≤ {goals['first_kb']} kB with typeset math, next page ≤ {goals['next_kb']} kB.",
            "",
            "| page | HTML on disk kB | first visit kB | fonts the page uses | next page kB |",
            "|---|---:|---:|---:|---:|",
        ]
        for r in rows:
            lines.append(
                f"| `{r['page']}` | {_kb(r['html_bytes'])} | {_kb(r['first_bytes'])} "
                f"{_ok(r['first_bytes'] / 1000, goals['first_kb'])} | {_kb(r['first_by_type'].get('Font', 0))} | "
                f"{_kb(r['next_bytes'])} {_ok(r['next_bytes'] / 1000, goals['next_kb'])} |"
            )
        lines.append("")
    if t := data.get("tests"):
        lines += ["## Test suite", "", "| run | seconds | result |", "|---|---:|---|"]
        lines += [f"| {k} | {v['s']:.0f} | {v['summary']} |" for k, v in t.items()]
        lines += ["", f"Goal ≤ {goals['tests_s']} s on 2 cores.", ""]
    if sc := data.get("scaling"):
        lines += [
            "## Scaling", "",
            "![Build time against number of pages](build-scaling.svg)", "",
            "| pages | cold s | cached s | plain MkDocs s | cached ms/page |", "|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r['pages']} | {r['cold_s']:.2f} | {r['cached_s']:.2f} | {r['plain_mkdocs_s']:.2f} | "
            f"{1000 * r['cached_s'] / r['pages']:.1f} |"
            for r in sc
        ]
        if profile := sc[-1].get("profile"):
            lines += [
                "", f"Where the cached {sc[-1]['pages']}-page build's time goes (cProfile, nested parts):", "",
                "| part | seconds | share |", "|---|---:|---:|",
            ]
            lines += [f"| {r['part']} | {r['s']:.2f} | {r['share']:.0%} |" for r in profile]
        lines.append("")
    return "\n".join(lines)


def run(skip_tests: bool = False, skip_scaling: bool = False, out: Path = OUT) -> dict:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    data: dict = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}",
        "commit": commit.stdout.strip() or "no git",
        "goals": GOALS,
    }
    logging.getLogger().setLevel(logging.WARNING)  # the builds' INFO lines would bury the report
    with tempfile.TemporaryDirectory(prefix="itdl-bench-") as name:
        tmp = Path(name)
        print("builds ...", flush=True)
        data["builds"] = measure_builds(tmp)
        print("page weight ...", flush=True)
        data["page_weight"] = measure_page_weight(tmp / "site")
        print("serve ...", flush=True)
        data["serve"] = measure_serve(tmp)
        if not skip_scaling:
            print("scaling ...", flush=True)
            data["scaling"] = measure_scaling(tmp)
    if not skip_tests:
        print("tests ...", flush=True)
        data["tests"] = measure_tests()
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (out / "latest.md").write_text(report_markdown(data), "utf-8")
    if data.get("scaling"):
        (out / "build-scaling.svg").write_text(scaling_figure(data["scaling"]) + "\n", "utf-8")
    print(report_markdown(data))
    return data
