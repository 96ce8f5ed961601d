"""Figures computed by the tested snippet code when the site is built.

A page writes::

    ```figure fn="pacbayes.figures:bounds_vs_kl" xlabel="..." ylabel="..." alt="..."
    Caption, in the page's language.
    ```

and may add ``series="name | name | ..."``: the legend's names in the page's language, in the order
of the data's series and points (by default the data's own names, which are formulas or English).
``fn`` names a function in the ``snippets`` package returning ``{"x": [...], "series": {name:
[...]}}`` (optionally ``xlog``, ``ylog``, ``ylim``, ``hline``, and ``points``: ``{name: {"x": [...],
"y": [...]}}`` drawn as markers, e.g. measurements beside a fitted curve; ``legend``: "upper left"
or "lower left"). The figure is inline SVG: no image request, labels and tick numbers in the
page's language (:mod:`sitebuild.numbers`), colours from the theme (light and dark). The data is
computed once and cached under the digest of the code the function runs (:mod:`sitebuild.codedigest`).
"""

from __future__ import annotations

import html
import importlib
import json
import logging
import re

from pymdownx.superfences import SuperFencesException

from sitebuild import numbers
from sitebuild.codedigest import function_digest
from sitebuild.document import MATH
from sitebuild.store import Store, code_version, key_of
from sitebuild.svgplot import line_chart

log = logging.getLogger("mkdocs.plugins.itdl.figures")
_store = Store("figures")

FN_PATTERN = re.compile(r"^[a-z_][a-z0-9_.]*:[a-z_][a-z0-9_]*$")
REQUIRED = ("fn", "xlabel", "ylabel", "alt")
OPTIONAL = ("series",)


class FigureError(SuperFencesException):
    """A figure fence that cannot be drawn (raised through superfences, so the build fails)."""


def fence_validator(language, inputs, options, attrs, md) -> bool:
    missing = [key for key in REQUIRED if key not in inputs]
    unknown = set(inputs) - set(REQUIRED) - set(OPTIONAL)
    if missing or unknown:
        raise FigureError(f"figure fence: missing {missing}, unknown {sorted(unknown)}")
    options.update(inputs)
    return True


def function_key(fn: str) -> str:
    """The digest of the code behind ``fn`` (a FigureError for a malformed or unknown one)."""
    if not FN_PATTERN.match(fn):
        raise FigureError(f"figure fn={fn!r} must look like 'package.module:function'")
    try:
        return function_digest(fn)
    except ValueError as error:
        raise FigureError(f"figure fn={fn!r}: {error}") from error


def figure_data(fn: str) -> dict:
    key = function_key(fn)

    def compute() -> dict:
        module_name, _, function = fn.partition(":")
        try:
            data = getattr(importlib.import_module(f"snippets.{module_name}"), function)()
        except (ImportError, AttributeError) as error:
            raise FigureError(f"figure fn={fn!r}: {error}") from error
        # kept as plain numbers: reading the cache must not import numpy
        return json.loads(json.dumps(data, default=lambda value: value.tolist()))

    data, computed = _store.memo(key, compute)
    if computed:
        log.debug("figure %s: computed", fn)
    return data


def caption_html(caption: str) -> str:
    """The caption as HTML: text escaped, ``$...$`` as the inline-math placeholder that the build
    typesets with KaTeX like the page's own math (sitebuild/katex.py)."""
    out, last = [], 0
    for match in MATH.finditer(caption):
        tex = match["tex"] if match["tex"] is not None else match.group(0)[2:-2]
        out.append(html.escape(caption[last : match.start()]))
        out.append(f'<span class="arithmatex">\\({html.escape(tex)}\\)</span>')
        last = match.end()
    out.append(html.escape(caption[last:]))
    return "".join(out)


_svg = Store("figure-svg")


def fence_format(source, language, class_name, options, md, lang: str = "en", **kwargs):
    key = key_of(code_version(__name__, "sitebuild.svgplot", "sitebuild.numbers"), function_key(options["fn"]),
                 source, lang, *(f"{name}={options.get(name)}" for name in REQUIRED + OPTIONAL))
    try:
        return _svg.memo(key, lambda: _figure_html(source, options, lang))[0]
    except FigureError:
        raise
    except (ValueError, TypeError, KeyError) as error:  # superfences would swallow these: the fence
        raise FigureError(f"figure fn={options['fn']!r}: {error}") from error  # then shows as code


def legend_names(data: dict, options: dict) -> dict[str, str]:
    """The data's series and point names -> the names the legend shows (the fence's ``series``)."""
    names = [*data["series"], *data.get("points", {})]
    if "series" not in options:
        return {name: name for name in names}
    given = [name.strip() for name in options["series"].split("|")]
    if len(given) != len(names) or not all(given):
        raise FigureError(
            f"figure fn={options['fn']!r}: series= gives {len(given)} names for the {len(names)} "
            f"series and points {names}"
        )
    return dict(zip(names, given, strict=True))


def _figure_html(source: str, options: dict, lang: str) -> str:
    data = figure_data(options["fn"])
    shown = legend_names(data, options)
    svg = line_chart(
        data["x"],
        {shown[name]: values for name, values in data["series"].items()},
        xlabel=options["xlabel"],
        ylabel=options["ylabel"],
        title=options["alt"],
        ylim=data.get("ylim"),
        xlog=data.get("xlog", False),
        ylog=data.get("ylog", False),
        hline=data.get("hline"),
        points={shown[name]: (pts["x"], pts["y"]) for name, pts in data.get("points", {}).items()},
        legend=data.get("legend", "upper left"),
        number=lambda label: numbers.localize(label, lang),
    )
    caption = caption_html(" ".join(source.split()))
    return (
        f'<figure class="itdl-figure" data-figure-fn="{html.escape(options["fn"])}">{svg}'
        f"<figcaption>{caption}</figcaption></figure>"
    )
