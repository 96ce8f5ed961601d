"""Every explorer of the site in Chromium, in every language, served and opened from disk.

Sliders are moved by keyboard to random grid points; each readout must be the snippet function's
value at that point, called here in Python and written the way the page's language writes numbers
(:func:`sitebuild.explorers.format_number`); the chart must redraw. The ``page`` fixture fails a
test on any console error or request that leaves 127.0.0.1.
"""

from __future__ import annotations

import random

import pytest
from test_explorers import site_explorers

from sitebuild import explorers

LANGS = {"en": "", "ru": "ru/"}
SITE = site_explorers()
POSITIONS = 3  # random points per explorer and language (2 from disk)


def _url_path(page: str) -> str:
    return page.removesuffix(".py").removesuffix(".md") + "/"


def _ready(page, explorer):
    figure = page.locator(f"#explorer-{explorer.id}")
    figure.scroll_into_view_if_needed()
    page.wait_for_function(f"document.querySelector('#explorer-{explorer.id}').hasAttribute('data-ready')",
                           timeout=10_000)
    return figure


def _move_to(page, figure, explorer, indices):
    """Each slider to its index by keyboard: focus it, then the arrow keys (End or Home where nearer)."""
    for slider, index in zip(explorer.sliders, indices, strict=True):
        control = figure.locator(f'input[data-slider="{slider.name}"]')
        control.focus()
        now = int(control.input_value())
        for key, start in (("Home", 0), ("End", slider.steps - 1)):
            if abs(index - start) < abs(index - now):
                page.keyboard.press(key)
                now = start
        for _ in range(abs(index - now)):
            page.keyboard.press("ArrowRight" if index > now else "ArrowLeft")
        assert int(control.input_value()) == index


def _check(page, figure, explorer, indices, lang):
    point = {s.name: s.values()[i] for s, i in zip(explorer.sliders, indices, strict=True)}
    for slider in explorer.sliders:
        shown = explorers.format_number(point[slider.name], lang)
        assert figure.locator(f'input[data-slider="{slider.name}"]').get_attribute("aria-valuetext") == shown
        assert figure.locator(f'output[data-slider-value="{slider.name}"]').inner_text() == shown
    for name, value in explorers.function(explorer.fn)(**point).items():
        readout = figure.locator(f'dd[data-output="{name}"]').inner_text()
        assert readout == explorers.format_number(value, lang), (explorer.id, lang, point, name)


def _walk(page, explorer, lang, positions, seed):
    figure = _ready(page, explorer)
    rng = random.Random(f"{explorer.id}-{lang}-{seed}")
    for _ in range(positions):
        draws = int(figure.get_attribute("data-draws"))
        now = [int(figure.locator(f'input[data-slider="{s.name}"]').input_value()) for s in explorer.sliders]
        indices = now
        while indices == now:  # a new point, so the chart must redraw
            indices = [rng.randrange(s.steps) for s in explorer.sliders]
        _move_to(page, figure, explorer, indices)
        _check(page, figure, explorer, indices, lang)
        assert int(figure.get_attribute("data-draws")) > draws, "the chart did not redraw"
    assert figure.locator("canvas").count() >= 1 and not figure.locator("svg.itdl-chart").is_visible()


@pytest.mark.parametrize(("page_path", "explorer", "body"), SITE, ids=[e.id for _, e, _ in SITE])
@pytest.mark.parametrize("lang", LANGS)
def test_sliders_show_what_the_snippet_computes_served_and_from_disk(page, visit, built_site, lang, page_path,
                                                                       explorer, body):
    """Served by the test server, then opened as a file (no server: no fetch, no instant navigation)."""
    visit(LANGS[lang] + _url_path(page_path))
    _walk(page, explorer, lang, POSITIONS, "served")
    page.goto((built_site / LANGS[lang] / _url_path(page_path) / "index.html").resolve().as_uri())
    assert page.url.startswith("file://")
    _walk(page, explorer, lang, 2, "disk")


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_static_chart_and_readout_remain(browser, server, lang):
    page_path, explorer, _ = SITE[0]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + LANGS[lang] + _url_path(page_path))
        figure = page.locator(f"#explorer-{explorer.id}")
        assert figure.locator("svg.itdl-chart").is_visible()
        assert figure.locator("input[type=range][disabled]").count() == len(explorer.sliders)
        start = {s.name: s.values()[s.start_index()] for s in explorer.sliders}
        for name, value in explorers.function(explorer.fn)(**start).items():
            assert figure.locator(f'dd[data-output="{name}"]').inner_text() == explorers.format_number(value, lang)
    finally:
        context.close()
