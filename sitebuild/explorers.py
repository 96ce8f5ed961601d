"""Explorers: sliders over a grid of parameters, each point computed by tested snippet code at build time.

A page writes::

    ```explorer id="pb-bounds" fn="pacbayes.explorers:bounds_at" x="kl" sliders="kl=0:6000:31@3000 m=1e3:1e6:13:log:int"
    kl: KL(Q‖P), nats
    m: sample size m
    mcallester: McAllester
    catoni: Catoni, C = 2
    y: bound on the risk
    alt: Three PAC-Bayes bounds against KL(Q‖P)
    ---
    Caption, in the page's language ($math$ allowed).
    ```

The info string is the explorer's structure and is the same in every language (the parity test
compares it): ``fn`` names a function of the ``snippets`` package that takes the sliders as keyword
arguments and returns ``{output: number}``; ``sliders`` gives each slider as
``name=low:high:steps`` with ``:log`` (geometric spacing), ``:int`` (integer values) and ``@start``
(the grid point nearest to it is where the page opens); ``x`` is the slider whose values the chart
runs over. Optional: ``plot`` (the outputs drawn, space-separated; all by default), ``ylog="true"``,
``ylim="low:high"`` and ``hline`` (a dotted reference line, e.g. the vacuous bound 1).

The body labels every slider and output and the y axis (``name: label``, plain text in the page's
language, units included), gives the static chart's ``alt`` text, and after ``---`` the caption.

At build time the function is evaluated at every point of the grid (cached under the digest of the
code it runs, :mod:`sitebuild.codedigest`). The page gets the values, rounded to ``DIGITS``
significant digits, as JSON in the figure's ``data-explorer``, a static SVG chart at the starting point (what a reader
without JavaScript sees) and the controls; ``assets/explorer.js`` draws the chart with uPlot and
moves over grid points only, so every number a reader sees was computed by the snippet function.
"""

from __future__ import annotations

import html
import importlib
import itertools
import json
import logging
import math
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pymdownx.superfences import SuperFencesException

from sitebuild import numbers
from sitebuild.codedigest import function_digest
from sitebuild.figures import FN_PATTERN, caption_html
from sitebuild.nodeprocess import NODE_MODULES, package_version
from sitebuild.store import Store, code_version, key_of
from sitebuild.svgplot import line_chart

log = logging.getLogger("mkdocs.plugins.itdl.explorers")
_data = Store("explorers")
_html = Store("explorer-html")

DIGITS = 4  # significant digits of every value a page ships and shows
MAX_POINTS = 20_000  # grid points times outputs: what one page may carry (the page-weight budget)
REQUIRED = ("id", "fn", "x", "sliders")
OPTIONAL = ("plot", "ylog", "ylim", "hline")
STRUCTURE = REQUIRED + OPTIONAL
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SLIDER = re.compile(r"^(?P<name>[^=]+)=(?P<low>[^:@]+):(?P<high>[^:@]+):(?P<steps>[^:@]+)"
                     r"(?P<flags>(?::[a-z]+)*)(?:@(?P<start>.+))?$")


class ExplorerError(SuperFencesException, ValueError):
    """An explorer fence that cannot be built (raised through superfences, so the build fails)."""


@dataclass(frozen=True)
class Slider:
    name: str
    low: float
    high: float
    steps: int
    log: bool = False
    integer: bool = False
    start: float | None = None

    def values(self) -> list[float]:
        """The grid: ``steps`` points from ``low`` to ``high``, evenly or geometrically spaced."""
        if self.steps == 1:
            raw = [self.low]
        elif self.log:
            ratio = math.log(self.high / self.low) / (self.steps - 1)
            raw = [self.low * math.exp(ratio * i) for i in range(self.steps)]
            raw[-1] = self.high
        else:
            raw = [self.low + (self.high - self.low) * i / (self.steps - 1) for i in range(self.steps)]
        if self.integer:
            raw = [round(v) for v in raw]
            if len(set(raw)) != len(raw):
                raise ExplorerError(f"sliders: {self.name}: {self.steps} integer steps from {self.low:g} to "
                                    f"{self.high:g} repeat a value; use fewer steps")
        return raw

    def start_index(self) -> int:
        """The grid point the page opens at: nearest to ``start`` (on the slider's scale), else the middle."""
        values = self.values()
        if self.start is None:
            return (len(values) - 1) // 2

        def distance(v: float) -> float:
            return abs(math.log(v / self.start)) if self.log else abs(v - self.start)

        return min(range(len(values)), key=lambda i: distance(values[i]))


@dataclass(frozen=True)
class Explorer:
    id: str
    fn: str
    x: str
    sliders: tuple[Slider, ...]
    plot: tuple[str, ...] | None  # None: every output
    ylog: bool
    ylim: tuple[float, float] | None
    hline: float | None

    def slider(self, name: str) -> Slider:
        return next(s for s in self.sliders if s.name == name)


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ExplorerError(f"{what}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ExplorerError(f"{what}: {text!r} is not a finite number")
    return value


def parse_slider(spec: str) -> Slider:
    """One ``name=low:high:steps[:log][:int][@start]`` of the ``sliders`` option."""
    match = _SLIDER.match(spec)
    if not match:
        raise ExplorerError(f"sliders: {spec!r} is not name=low:high:steps[:log][:int][@start]")
    name = match["name"]
    if not _NAME.match(name):
        raise ExplorerError(f"sliders: {name!r} is not a Python argument name")
    low, high = _number(match["low"], f"sliders: {name} low"), _number(match["high"], f"sliders: {name} high")
    steps_text = match["steps"]
    if not steps_text.isdigit() or not 2 <= int(steps_text) <= 201:
        raise ExplorerError(f"sliders: {name} steps: {steps_text!r} must be a whole number from 2 to 201")
    flags = [f for f in match["flags"].split(":") if f]
    unknown = set(flags) - {"log", "int"}
    if unknown or len(set(flags)) != len(flags):
        raise ExplorerError(f"sliders: {name}: flags {flags} (known: log, int, each once)")
    if not low < high:
        raise ExplorerError(f"sliders: {name}: low {low:g} must be below high {high:g}")
    if "log" in flags and low <= 0:
        raise ExplorerError(f"sliders: {name}: a log slider needs low > 0, got {low:g}")
    start = _number(match["start"], f"sliders: {name} start") if match["start"] else None
    if start is not None and not low <= start <= high:
        raise ExplorerError(f"sliders: {name}: start {start:g} is outside {low:g}..{high:g}")
    slider = Slider(name, low, high, int(steps_text), "log" in flags, "int" in flags, start)
    slider.values()  # integer grids that repeat a value fail here, naming the slider
    return slider


def parse(options: dict[str, str]) -> Explorer:
    """The explorer an info string describes (an ExplorerError naming the option if it cannot)."""
    missing = [key for key in REQUIRED if key not in options]
    unknown = sorted(set(options) - set(STRUCTURE))
    if missing or unknown:
        raise ExplorerError(f"explorer fence: missing {missing}, unknown {unknown}")
    if not _ID.match(options["id"]):
        raise ExplorerError(f"id: {options['id']!r} must be lowercase letters, digits and hyphens")
    if not FN_PATTERN.match(options["fn"]):
        raise ExplorerError(f"fn: {options['fn']!r} must look like 'package.module:function'")
    sliders = tuple(parse_slider(spec) for spec in options["sliders"].split())
    names = [s.name for s in sliders]
    if not sliders or len(set(names)) != len(names):
        raise ExplorerError(f"sliders: {options['sliders']!r} must name one or more sliders, each once")
    if options["x"] not in names:
        raise ExplorerError(f"x: {options['x']!r} is not one of the sliders {names}")
    ylog = options.get("ylog", "false")
    if ylog not in ("true", "false"):
        raise ExplorerError(f"ylog: {ylog!r} must be 'true' or 'false'")
    ylim = None
    if "ylim" in options:
        parts = options["ylim"].split(":")
        if len(parts) != 2:
            raise ExplorerError(f"ylim: {options['ylim']!r} is not low:high")
        ylim = (_number(parts[0], "ylim low"), _number(parts[1], "ylim high"))
        if not ylim[0] < ylim[1]:
            raise ExplorerError(f"ylim: {options['ylim']!r}: low must be below high")
    hline = _number(options["hline"], "hline") if "hline" in options else None
    plot = tuple(options["plot"].split()) if "plot" in options else None
    explorer = Explorer(options["id"], options["fn"], options["x"], sliders, plot, ylog == "true", ylim, hline)
    points = math.prod(s.steps for s in sliders)
    if points > MAX_POINTS:
        raise ExplorerError(f"sliders: {points} grid points; an explorer may have at most {MAX_POINTS}")
    return explorer


@dataclass(frozen=True)
class Text:
    """The fence body: labels in the page's language, the static chart's alt text, the caption."""

    labels: dict[str, str]
    alt: str
    caption: str


def parse_text(body: str, explorer: Explorer, outputs: list[str]) -> Text:
    """Labels for every slider, every output and ``y``; ``alt``; the caption after ``---``."""
    head, separator, caption = body.partition("\n---")
    if not separator or not caption.strip():
        raise ExplorerError(f"explorer {explorer.id}: the body needs labels, a line '---' and the caption")
    labels = {}
    for line in head.strip().splitlines():
        key, colon, label = line.partition(":")
        if not colon or not label.strip():
            raise ExplorerError(f"explorer {explorer.id}: {line!r} is not 'name: label'")
        labels[key.strip()] = label.strip()
    alt = labels.pop("alt", "")
    if not alt:
        raise ExplorerError(f"explorer {explorer.id}: an 'alt: ...' line describes the chart without its colours")
    wanted = [s.name for s in explorer.sliders] + outputs + ["y"]
    missing = [name for name in wanted if name not in labels]
    unknown = sorted(set(labels) - set(wanted))
    if missing or unknown:
        raise ExplorerError(f"explorer {explorer.id}: labels missing for {missing}, labels for unknown {unknown}")
    return Text(labels, alt, " ".join(caption.split()))


def labelled_names(body: str) -> list[str]:
    """The names a fence body labels (``name: label`` lines before ``---``), in order."""
    head = body.partition("\n---")[0]
    return [line.partition(":")[0].strip() for line in head.strip().splitlines()]


def grid(explorer: Explorer) -> list[dict[str, float]]:
    """Every point of the explorer's grid, the last slider varying fastest (the data's order)."""
    names = [s.name for s in explorer.sliders]
    return [dict(zip(names, values, strict=True))
            for values in itertools.product(*(s.values() for s in explorer.sliders))]


def _structure(explorer: Explorer) -> str:
    return repr((explorer.fn, [(s.name, s.low, s.high, s.steps, s.log, s.integer) for s in explorer.sliders]))


def function(fn: str):
    module_name, _, name = fn.partition(":")
    try:
        return getattr(importlib.import_module(f"snippets.{module_name}"), name)
    except (ImportError, AttributeError) as error:
        raise ExplorerError(f"fn: {fn!r}: {error}") from error


def evaluate_grid(explorer: Explorer, call) -> dict[str, Any]:
    """``call(**point)`` at every grid point: ``{"outputs": [names], "values": {output: [numbers]}}``.
    Every call must return the same outputs, each a finite number."""
    outputs: list[str] | None = None
    values: dict[str, list[float]] = {}
    for point in grid(explorer):
        result = call(**point)
        if not isinstance(result, dict) or not result:
            raise ExplorerError(
                f"fn: {explorer.fn} returned {type(result).__name__} at {point}, not {{output: number}}"
            )
        if outputs is None:
            outputs = list(result)
            bad = [name for name in outputs if not _NAME.match(str(name))]
            if bad:
                raise ExplorerError(f"fn: {explorer.fn}: outputs {bad} are not lowercase names")
            values = {name: [] for name in outputs}
        if list(result) != outputs:
            raise ExplorerError(f"fn: {explorer.fn} returned outputs {list(result)} at {point}, before {outputs}")
        for name, value in result.items():
            if isinstance(value, bool) or (not isinstance(value, (int, float)) and not hasattr(value, "__float__")):
                raise ExplorerError(f"fn: {explorer.fn}: output {name} is {value!r} at {point}, not a number")
            number = float(value)
            if not math.isfinite(number):
                raise ExplorerError(f"fn: {explorer.fn}: output {name} is {number} at {point}")
            values[name].append(number)
    return {"outputs": outputs, "values": values}


def evaluate(explorer: Explorer) -> dict[str, Any]:
    """``{"outputs": [names], "values": {output: [one number per grid point]}}``, computed once per
    version of the code the function runs."""
    try:
        digest = function_digest(explorer.fn)
    except ValueError as error:
        raise ExplorerError(f"fn: {explorer.fn!r}: {error}") from error

    def compute() -> dict[str, Any]:
        return evaluate_grid(explorer, function(explorer.fn))

    data, computed = _data.memo(key_of(code_version(__name__), digest, _structure(explorer)), compute)
    if computed:
        log.debug("explorer %s: computed", explorer.fn)  # sitebuild/bench/buildlog.py reads this line
    plot = explorer.plot or tuple(data["outputs"])
    unknown = [name for name in plot if name not in data["outputs"]]
    if unknown:
        raise ExplorerError(f"plot: {unknown} are not outputs of {explorer.fn} ({data['outputs']})")
    if len(data["outputs"]) * len(data["values"][data["outputs"][0]]) > MAX_POINTS:
        raise ExplorerError(f"explorer {explorer.id}: outputs times grid points exceed {MAX_POINTS}")
    return data


def rounded(value: float) -> float:
    """``value`` to ``DIGITS`` significant digits: what the page ships."""
    return float(f"{value:.{DIGITS}g}")


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_number(value: float, lang: str) -> str:
    """``value`` as the explorer shows it in ``lang``: ``DIGITS`` significant digits, trailing zeros
    dropped, the language's decimal sign and digit grouping (:mod:`sitebuild.numbers`); powers of
    ten from 10⁶ up and below 10⁻³, as ``1.235 × 10⁶``. An ``int`` (an integer slider's value, passed
    to the function as it is) is written whole. ``assets/explorer.js`` writes the same."""
    if isinstance(value, int):
        return numbers.localize(f"{value:,d}", lang).replace("-", "−")
    value = rounded(value)
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    if -3 <= exponent < 6:
        decimals = max(DIGITS - 1 - exponent, 0)
        text = f"{value:,.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return numbers.localize(text, lang).replace("-", "−")
    mantissa = f"{value / 10 ** exponent:.{DIGITS - 1}f}".rstrip("0").rstrip(".")
    return numbers.localize(mantissa, lang).replace("-", "−") + " × 10" + str(exponent).translate(_SUPERSCRIPT)


def _json_number(value: float) -> str:
    return f"{value:.{DIGITS}g}"


def data_json(explorer: Explorer, data: dict[str, Any], text: Text, lang: str) -> str:
    """What ``assets/explorer.js`` reads: the grid, the outputs' values and labels, the chart's options."""
    outputs = data["outputs"]
    shipped = {
        "lang": lang,
        "x": explorer.x,
        "sliders": [{"name": s.name, "label": text.labels[s.name], "values": s.values(), "log": s.log,
                     "integer": s.integer}
                    for s in explorer.sliders],
        "outputs": [{"name": name, "label": text.labels[name]} for name in outputs],
        "plot": list(explorer.plot or outputs),
        "y": text.labels["y"],
        "ylog": explorer.ylog,
        "ylim": list(explorer.ylim) if explorer.ylim else None,
        "hline": explorer.hline,
        "numbers": {"digits": DIGITS, "decimal": numbers.decimal_sign(lang), "fewest": numbers.grouping(lang)[0],
                    "group": numbers.grouping(lang)[1]},
        "values": "@VALUES@",
    }
    values = "{" + ",".join(
        json.dumps(name) + ":[" + ",".join(_json_number(v) for v in data["values"][name]) + "]" for name in outputs
    ) + "}"
    return json.dumps(shipped, ensure_ascii=False).replace('"@VALUES@"', values)


def fence_validator(language, inputs, options, attrs, md) -> bool:
    parse(inputs)
    options.update(inputs)
    return True


def fence_format(source, language, class_name, options, md, lang: str = "en", **kwargs):
    explorer = parse({key: options[key] for key in STRUCTURE if key in options})
    try:
        digest = function_digest(explorer.fn)
    except ValueError as error:
        raise ExplorerError(f"fn: {explorer.fn!r}: {error}") from error
    key = key_of(code_version(__name__, "sitebuild.svgplot", "sitebuild.numbers"), digest, _structure(explorer),
                 repr(sorted(options.items())), source, lang)
    return _html.memo(key, lambda: explorer_html(explorer, source, lang))[0]


def explorer_html(explorer: Explorer, source: str, lang: str) -> str:
    data = evaluate(explorer)
    outputs = data["outputs"]
    text = parse_text(source, explorer, outputs)
    sliders = explorer.sliders
    starts = {s.name: s.start_index() for s in sliders}
    strides, stride = {}, 1
    for s in reversed(sliders):
        strides[s.name] = stride
        stride *= s.steps
    at = sum(starts[s.name] * strides[s.name] for s in sliders)
    x_slider = explorer.slider(explorer.x)
    # the static chart: the plotted outputs along x, the other sliders at their starting points
    along_x = [at + (i - starts[x_slider.name]) * strides[x_slider.name] for i in range(x_slider.steps)]
    plot = explorer.plot or tuple(outputs)
    svg = line_chart(
        x_slider.values(),
        {text.labels[name]: [rounded(data["values"][name][i]) for i in along_x] for name in plot},
        xlabel=text.labels[x_slider.name], ylabel=text.labels["y"], title=text.alt,
        ylim=explorer.ylim, xlog=x_slider.log, ylog=explorer.ylog, hline=explorer.hline,
        legend="auto",  # wherever the starting curves leave room: the legend must not hide them
        number=lambda label: numbers.localize(label, lang),
    )
    base = f"explorer-{explorer.id}"
    controls = []
    for s in sliders:
        value = s.values()[starts[s.name]]
        shown = format_number(value, lang)
        controls.append(
            f'<div class="itdl-explorer__slider">'
            f'<label for="{base}-{s.name}">{html.escape(text.labels[s.name])}</label>'
            f'<input type="range" id="{base}-{s.name}" data-slider="{s.name}" min="0" max="{s.steps - 1}" step="1" '
            f'value="{starts[s.name]}" aria-valuetext="{html.escape(shown)}" disabled>'
            f'<output for="{base}-{s.name}" data-slider-value="{s.name}">{html.escape(shown)}</output></div>'
        )
    swatch = {name: f'<span class="itdl-explorer__swatch s{i % 4}" aria-hidden="true"></span>'
              for i, name in enumerate(plot)}
    readout = "".join(
        f'<div><dt>{swatch.get(name, "")}{html.escape(text.labels[name])}</dt>'
        f'<dd data-output="{name}">{html.escape(format_number(data["values"][name][at], lang))}</dd></div>'
        for name in outputs
    )
    return (
        # the data in an attribute, not a script element: instant navigation re-runs a page's scripts as code
        f'<figure class="itdl-explorer" id="{base}" data-explorer-fn="{html.escape(explorer.fn)}" '
        f'data-explorer="{html.escape(data_json(explorer, data, text, lang))}">'
        f'<div class="itdl-explorer__chart">{svg}</div>'
        f'<div class="itdl-explorer__controls">{"".join(controls)}</div>'
        f'<dl class="itdl-explorer__readout" aria-live="polite">{readout}</dl>'
        f"<figcaption>{caption_html(text.caption)}</figcaption></figure>"
    )


UPLOT_FILES = ("uPlot.iife.min.js", "uPlot.min.css")  # the chart library, pinned in package-lock.json


def copy_assets(site_dir: str | Path) -> None:
    """uPlot into ``assets/uplot/`` of the site (itdl.js loads it on pages with an explorer)."""
    package_version("uplot")  # a clear error naming `npm ci` when it is not installed
    target = Path(site_dir) / "assets" / "uplot"
    target.mkdir(parents=True, exist_ok=True)
    for name in UPLOT_FILES:
        shutil.copyfile(NODE_MODULES / "uplot" / "dist" / name, target / name)
    shutil.copyfile(NODE_MODULES / "uplot" / "LICENSE", target / "LICENSE")  # MIT: the notice goes with it
