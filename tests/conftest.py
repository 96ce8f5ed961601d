"""Shared fixtures: the site is built once per test session (strict, every language)."""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import logging
import os
import re
import threading
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# every formula-marked test runs traced: it must enter its formula's code; a full run writes the
# verification record the site shows (sitebuild/tracing.py)
pytest_plugins = ["sitebuild.tracing"]


# Property tests draw their examples from a fixed seed: the suite gives the same verdict on every
# run and every machine (no flaky first-time failures in CI). No deadline: a 2-core CI runner is slow.
settings.register_profile("itdl", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("itdl")

# One compute thread per test process: the suite runs one xdist worker per core, and torch's own
# thread pool on top of that oversubscribes the cores (the models here are tiny; threads only add
# overhead). Set before torch is imported, and inherited by the notebook kernels the builds start.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")


# a built site, a browser, a German edition, the experiments' quick modes
SLOW_FIXTURES = {"site_build", "built_site", "browser", "server", "cold_build", "mkdocs_site", "site", "quick"}


# the longest single setups (a cold build, the experiments' quick modes): started first, so that
# pytest-xdist's workers share out the many short tests while these run, instead of waiting on them
FIRST = ("cold_build", "quick")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs a built site or a browser is ``slow``: `-m "not slow"` is the quick tier a
    contributor runs while writing (the science, the formula and parity rules, the build's parts)."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: next(
        (rank for rank, name in enumerate(FIRST) if name in getattr(item, "fixturenames", ())), len(FIRST)
    ))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _build_site() -> tuple[Path, list[str]]:
    from sitebuild.build import build, site_dir

    collect = _Collect()
    root = logging.getLogger()
    root.addHandler(collect)
    try:
        build()
    finally:
        root.removeHandler(collect)
    return site_dir(), [f"{r.name}: {r.levelname}: {r.getMessage()}" for r in collect.records]


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Build every language with the project's own build command, once per test run.

    Returns the site dir and every warning any logger emitted during the build (MkDocs' strict
    mode aborts on its own warnings; this also catches the plugins', nbclient's and ours).
    Under pytest-xdist the first worker builds and the others wait for it and reuse the result.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _build_site()
    shared = tmp_path_factory.getbasetemp().parent  # one directory for all workers of this run
    with open(shared / "site-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "site-build.json"
        if done.exists():
            data = json.loads(done.read_text("utf-8"))
            return Path(data["site"]), data["warnings"]
        site, warnings = _build_site()
        done.write_text(json.dumps({"site": str(site), "warnings": warnings}), "utf-8")
        return site, warnings


@pytest.fixture(scope="session")
def built_site(site_build: tuple[Path, list[str]]) -> Path:
    return site_build[0]


@pytest.fixture(scope="session")
def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


# -- the built site in Chromium (tests/test_browser.py, test_reader.py, test_third_language.py) --
# every URL but those of the local server (and data:, blob:, and file: for the site opened from disk):
# requests that would leave 127.0.0.1
OUTSIDE = re.compile(r"^(?!(?:https?://127\.0\.0\.1[:/]|data:|blob:|file:))")
# a page is settled once it is laid out with the web fonts it uses loaded
SETTLED = "document.body.getBoundingClientRect() && document.fonts.ready.then(() => true)"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(built_site):
    handler = functools.partial(_Quiet, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser(in_ci):
    """One Chromium per test process (each pytest-xdist worker has its own), chosen by
    :mod:`sitebuild.browser`; under ``CI=true`` a missing browser fails instead of skipping."""
    from sitebuild.browser import FLAGS, chromium

    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        try:
            path = chromium(p)
        except FileNotFoundError as missing:
            if in_ci:
                pytest.fail(str(missing))
            pytest.skip(str(missing))
        browser = p.chromium.launch(executable_path=path, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _context(browser):
    """One browser context per test process for every test's new page (``page`` clears what the
    site stored in it). A blank page kept open in it keeps its renderer process alive for the next
    test's page: fonts and compiled scripts stay warm, a page and its audit take a third less CPU."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.new_page()
    yield context
    context.close()


@pytest.fixture
def page(_context, server):
    """A new page, nothing stored for the site (cookies, localStorage, ...) by earlier tests. The test
    fails on any console error or request leaving 127.0.0.1, also late ones of its last page."""
    page = _context.new_page()
    cdp = _context.new_cdp_session(page)
    cdp.send("Storage.clearDataForOrigin", {"origin": server.rstrip("/"), "storageTypes": "all"})
    cdp.detach()
    page.outside_requests = []
    page.console_errors = []

    def block(route):
        page.outside_requests.append(route.request.url)
        route.abort()

    page.route(OUTSIDE, block)
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    in_flight = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    yield page
    try:
        # what the last page still loads (networkidle would also wait out 500 ms of quiet each time);
        # a round trip to the page first delivers the events already sent
        page.evaluate("0")
        for _ in range(200):
            if not in_flight:
                break
            page.wait_for_timeout(50)
        assert not in_flight, f"requests still loading after 10 s: {[r.url for r in in_flight]}"
        assert not page.outside_requests, f"requests left 127.0.0.1: {page.outside_requests}"
        assert not page.console_errors, f"console errors: {page.console_errors}"
    finally:
        page.close()


@pytest.fixture
def visit(page, server):
    """Open a path of the served site in ``page`` and return once it is loaded and ``SETTLED``."""

    def visit(path: str = "") -> None:
        page.goto(server + path)
        page.evaluate(SETTLED)

    return visit


# Material's document$ replays the page it has to a new subscriber, then emits every page that
# instant navigation swaps in
NEXT_PAGE = """() => { window.__itdl_next_page = new Promise(done => {
    let pages = 0; document$.subscribe(() => ++pages === 2 && done(true)); }); }"""


@pytest.fixture
def navigate_instantly(page):
    """Click a link Material follows by instant navigation; return once the next page is in.

    Material takes links over once it has read sitemap.xml: after a page load, wait for
    ``networkidle`` first (the tests check that the page was not loaded anew).
    """

    def navigate(link) -> None:
        page.evaluate(NEXT_PAGE)
        link.click()
        page.evaluate("window.__itdl_next_page")

    return navigate


# Pagefind has searched for the whole query (not a prefix typed so far: its message counts the
# results for it) and every result shown has loaded (no placeholder left)
SEARCHED = """query => {
    const message = document.querySelector(".pagefind-ui__message")?.textContent || "";
    return message.includes(query) && /[0-9]/.test(message)
        && document.querySelector(".pagefind-ui__result-link") && !document.querySelector(".pagefind-ui__loading");
}"""


@pytest.fixture
def site_search(page):
    """Search the site from the page open in ``page``, as a reader types; the result links."""

    def search(query: str) -> list[str]:
        page.locator(".itdl-search-open").click()
        box = page.locator("dialog.itdl-search input")
        box.wait_for()
        box.press_sequentially(query, delay=30)  # fill() fires no keyup
        page.wait_for_function(SEARCHED, arg=query, timeout=10_000)
        results = page.locator(".pagefind-ui__result-link")
        return [results.nth(i).get_attribute("href") for i in range(results.count())]

    return search
