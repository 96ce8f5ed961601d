"""Explorers (sitebuild/explorers.py): the fence's grammar, the grid, the numbers a reader sees.

The site's own explorers are checked against their snippet functions called here directly: every
value the page ships is the function's value at that grid point, to the digits shipped.
"""

from __future__ import annotations

import html as htmllib
import json
import math
import random
import re

import pytest

from sitebuild import explorers
from sitebuild.document import parse as parse_document
from sitebuild.explorers import ExplorerError, Slider, format_number, parse, parse_slider, parse_text
from sitebuild.pages import DOCS, page_languages, pages

CHAPTERS = ["pac-bayes", "mdl", "fisher", "transformers"]


def site_explorers(lang: str = "en") -> list[tuple[str, explorers.Explorer, str]]:
    """(page, explorer, fence body) for every explorer fence of ``lang``'s pages."""
    found = []
    for page in pages(lang):
        rel = page.relative_to(DOCS / lang).as_posix()
        text = page.read_text("utf-8")
        if page.suffix == ".py":
            from sitebuild.notebooks import markdown_cells

            text = "\n\n".join(markdown_cells(text))
        for fence in parse_document(text, rel).of_kind("explorer"):
            found.append((rel, parse(fence.attrs), fence.body))
    return found


SITE = site_explorers()


# -- the grammar -------------------------------------------------------------------------------
@pytest.mark.parametrize(("spec", "message"), [
    ("kl", r"sliders: 'kl' is not name=low:high:steps"),
    ("kl=0:1", r"sliders: 'kl=0:1' is not name=low:high:steps"),
    ("Kl=0:1:5", r"sliders: 'Kl' is not a Python argument name"),
    ("kl=a:1:5", r"sliders: kl low: 'a' is not a number"),
    ("kl=0:inf:5", r"sliders: kl high: 'inf' is not a finite number"),
    ("kl=0:1:1", r"sliders: kl steps: '1' must be a whole number from 2 to 201"),
    ("kl=0:1:2.5", r"sliders: kl steps: '2.5' must be"),
    ("kl=1:0:5", r"sliders: kl: low 1 must be below high 0"),
    ("kl=0:1:5:log", r"sliders: kl: a log slider needs low > 0"),
    ("kl=1:10:5:sqrt", r"sliders: kl: flags \['sqrt'\]"),
    ("kl=1:10:5:log:log", r"sliders: kl: flags"),
    ("kl=0:1:5@2", r"sliders: kl: start 2 is outside 0..1"),
    ("m=1:3:5:int", r"sliders: m: 5 integer steps from 1 to 3 repeat a value"),
])
def test_a_bad_slider_is_named_in_the_error(spec, message):
    with pytest.raises(ExplorerError, match=message):
        parse_slider(spec)


def test_an_explorer_error_is_a_value_error():
    assert issubclass(ExplorerError, ValueError)


def test_linear_log_and_integer_grids():
    assert Slider("a", 0.0, 1.0, 5).values() == [0.0, 0.25, 0.5, 0.75, 1.0]
    log = Slider("m", 10.0, 1e4, 4, log=True).values()
    assert [round(v, 9) for v in log] == [10.0, 100.0, 1000.0, 10000.0]
    assert log[-1] == 1e4  # the end point exactly, not 9999.999...
    assert Slider("m", 1000.0, 1e6, 7, log=True, integer=True).values() == [1000, 3162, 10000, 31623, 100000,
                                                                          316228, 1000000]


def test_the_start_is_the_nearest_grid_point_on_the_sliders_scale():
    assert Slider("a", 0.0, 1.0, 5, start=0.6).start_index() == 2
    assert Slider("a", 0.0, 1.0, 5, start=0.7).start_index() == 3
    assert Slider("a", 0.0, 1.0, 5).start_index() == 2  # no start: the middle
    # on a log scale 60,000 is nearer 56,234 than 100,000
    assert Slider("m", 1000.0, 1e6, 13, log=True, integer=True, start=60000).start_index() == 7


GOOD = {"id": "x", "fn": "pacbayes.explorers:bounds_at", "x": "kl", "sliders": "kl=0:10:3 m=8:80:3"}


@pytest.mark.parametrize(("change", "message"), [
    ({"fn": None}, r"missing \['fn'\]"),
    ({"colour": "red"}, r"unknown \['colour'\]"),
    ({"id": "Bad id"}, r"id: 'Bad id' must be lowercase"),
    ({"fn": "bounds_at"}, r"fn: 'bounds_at' must look like 'package.module:function'"),
    ({"x": "delta"}, r"x: 'delta' is not one of the sliders \['kl', 'm'\]"),
    ({"sliders": "kl=0:10:3 kl=0:1:2"}, r"sliders: .* each once"),
    ({"ylog": "yes"}, r"ylog: 'yes' must be 'true' or 'false'"),
    ({"ylim": "0"}, r"ylim: '0' is not low:high"),
    ({"ylim": "1:0"}, r"ylim: '1:0': low must be below high"),
    ({"hline": "one"}, r"hline: 'one' is not a number"),
    ({"sliders": "kl=0:10:201 m=8:80:200"}, r"sliders: 40200 grid points; an explorer may have at most 20000"),
])
def test_a_bad_option_is_named_in_the_error(change, message):
    options = {**GOOD, **change}
    options = {key: value for key, value in options.items() if value is not None}
    with pytest.raises(ExplorerError, match=message):
        parse(options)


BODY = "kl: KL\nm: examples\nmcallester: McAllester\ny: bound\nalt: Bounds\n---\nThe caption."


def test_the_body_labels_every_slider_and_output():
    text = parse_text(BODY, parse(GOOD), ["mcallester"])
    assert text.labels == {"kl": "KL", "m": "examples", "mcallester": "McAllester", "y": "bound"}
    assert (text.alt, text.caption) == ("Bounds", "The caption.")


@pytest.mark.parametrize(("body", "message"), [
    (BODY.replace("m: examples\n", ""), r"labels missing for \['m'\]"),
    (BODY.replace("y: bound", "z: bound"), r"labels missing for \['y'\], labels for unknown \['z'\]"),
    (BODY.replace("alt: Bounds\n", ""), r"an 'alt: ...' line"),
    (BODY.replace("\n---\nThe caption.", ""), r"a line '---' and the caption"),
    (BODY.replace("kl: KL", "kl KL"), r"'kl KL' is not 'name: label'"),
])
def test_a_bad_body_is_named_in_the_error(body, message):
    with pytest.raises(ExplorerError, match=message):
        parse_text(body, parse(GOOD), ["mcallester"])


def _explorer(sliders="a=0:1:3 b=1:2:2"):
    return parse({"id": "t", "fn": "t.t:t", "x": "a", "sliders": sliders})


def test_the_grid_runs_the_last_slider_fastest():
    data = explorers.evaluate_grid(_explorer(), lambda a, b: {"s": 10 * a + b})
    assert data == {"outputs": ["s"], "values": {"s": [1.0, 2.0, 6.0, 7.0, 11.0, 12.0]}}


@pytest.mark.parametrize(("call", "message"), [
    (lambda a, b: a, r"returned float at \{'a': 0.0, 'b': 1.0\}, not \{output: number\}"),
    (lambda a, b: {"S": a}, r"outputs \['S'\] are not lowercase names"),
    (lambda a, b: {"s": a} if a < 0.5 else {"t": a}, r"returned outputs \['t'\] at \{'a': 0.5, 'b': 1.0\}"),
    (lambda a, b: {"s": -math.inf if a == 0 else a}, r"output s is -inf at \{'a': 0.0, 'b': 1.0\}"),
    (lambda a, b: {"s": "1"}, r"output s is '1' at .* not a number"),
])
def test_a_function_that_breaks_the_contract_is_named(call, message):
    with pytest.raises(ExplorerError, match=message):
        explorers.evaluate_grid(_explorer(), call)


@pytest.mark.parametrize(("value", "en", "ru"), [
    (0.0, "0", "0"),
    (0.04, "0.04", "0,04"),
    (0.123449, "0.1234", "0,1234"),
    (0.0012345, "0.001234", "0,001234"),  # 4 significant digits, half to even on the binary value
    (1.0, "1", "1"),
    (-2.5, "−2.5", "−2,5"),
    (1234.5, "1,234", "1234"),  # Russian leaves a four-digit number whole
    (56234.13, "56,230", "56\u202f230"),
    (56234, "56,234", "56\u202f234"),  # an integer slider value is written whole
    (999999.0, "1 × 10⁶", "1 × 10⁶"),
    (3162277.66, "3.162 × 10⁶", "3,162 × 10⁶"),
    (0.00012345, "1.234 × 10⁻⁴", "1,234 × 10⁻⁴"),
])
def test_numbers_as_each_language_writes_them(value, en, ru):
    assert (format_number(value, "en"), format_number(value, "ru")) == (en, ru)


# -- the site's explorers ---------------------------------------------------------------------
def test_every_chapter_has_an_explorer():
    chapters = {page.split("/")[0] for page, *_ in SITE}
    assert sorted(chapters) == sorted(CHAPTERS), [page for page, *_ in SITE]


@pytest.mark.parametrize(("page", "explorer", "body"), SITE, ids=[e.id for _, e, _ in SITE])
def test_shipped_values_are_the_functions_values(page, explorer, body):
    """The data on the page, at random grid points, against the snippet function called here."""
    html = explorers.explorer_html(explorer, body, "en")
    data = json.loads(htmllib.unescape(re.search(r' data-explorer="([^"]*)"', html)[1]))
    function = explorers.function(explorer.fn)
    points = explorers.grid(explorer)
    assert all(len(values) == len(points) for values in data["values"].values())
    for index in random.Random(explorer.id).sample(range(len(points)), 12):
        expected = function(**points[index])
        for name, value in expected.items():
            shipped = data["values"][name][index]
            assert shipped == pytest.approx(value, rel=5e-4, abs=1e-12), (explorer.id, points[index], name)


@pytest.mark.parametrize(("page", "explorer", "body"), SITE, ids=[e.id for _, e, _ in SITE])
def test_a_page_opens_at_the_start_with_its_readout(page, explorer, body):
    """Without JavaScript: disabled sliders at the start point and the readout computed there."""
    html = explorers.explorer_html(explorer, body, "en")
    start = {s.name: s.values()[s.start_index()] for s in explorer.sliders}
    for s in explorer.sliders:
        slider = re.search(rf'<input type="range"[^>]*data-slider="{s.name}"[^>]*>', html)[0]
        assert f'max="{s.steps - 1}"' in slider and f'value="{s.start_index()}"' in slider and "disabled" in slider
        assert f'aria-valuetext="{format_number(start[s.name], "en")}"' in slider
    for name, value in explorers.function(explorer.fn)(**start).items():
        assert f'<dd data-output="{name}">{format_number(value, "en")}</dd>' in html, name
    assert html.count("<svg") == 1  # the static chart


@pytest.mark.parametrize(("page", "explorer", "body"), SITE, ids=[e.id for _, e, _ in SITE])
def test_a_page_carries_little(page, explorer, body):
    """The data of one explorer stays well inside the next-page budget (60 kB gzip)."""
    import gzip

    html = explorers.explorer_html(explorer, body, "en")
    assert len(gzip.compress(html.encode("utf-8"))) < 30_000


@pytest.mark.parametrize("lang", [lang for lang in page_languages() if lang != "en"])
def test_each_language_labels_the_same_explorers(lang):
    """The parity test compares the fences; here each translation's labels must also build."""
    for (page, explorer, body), (tpage, texplorer, tbody) in zip(SITE, site_explorers(lang), strict=True):
        assert (page, explorer) == (tpage, texplorer)
        outputs = explorers.evaluate(explorer)["outputs"]
        assert set(parse_text(tbody, texplorer, outputs).labels) == set(parse_text(body, explorer, outputs).labels)


EN_PAGE = """# Explore {#explore}

```explorer id="x" fn="pacbayes.explorers:bounds_at" x="kl" sliders="kl=0:10:3 m=8:80:3"
kl: KL
m: examples
y: bound
alt: Bounds
---
Caption.
```
"""


@pytest.mark.parametrize(("translated", "found"), [
    (EN_PAGE.replace("m: examples", "m: примеры").replace("Caption.", "Подпись."), None),  # words only
    (EN_PAGE.replace("m=8:80:3", "m=8:80:4"), "explorers"),  # another grid
    (EN_PAGE.replace("m: examples\n", ""), "explorers"),  # a label lost
])
def test_parity_compares_the_explorer_not_its_words(tmp_path, translated, found):
    from sitebuild.pages import structure_differences

    (tmp_path / "en.md").write_text(EN_PAGE, "utf-8")
    (tmp_path / "ru.md").write_text(translated, "utf-8")
    problems = structure_differences(tmp_path / "en.md", tmp_path / "ru.md")
    if found is None:
        assert problems == []
    else:
        assert len(problems) == 1 and found in problems[0], problems
