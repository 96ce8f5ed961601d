"""The figure plotter (sitebuild/svgplot.py): log axes and marker series land where they should."""

import itertools
import math
import re

from sitebuild.svgplot import HEIGHT, MARGIN, line_chart


def _circles(svg):
    return [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="4.5"/>', svg)]


def test_log_y_axis_puts_the_geometric_mean_in_the_middle():
    svg = line_chart(
        [1, 2], {}, xlabel="x", ylabel="y", title="t", ylog=True,
        points={"measured": ([1, 1.5, 2], [1.0, 10.0, 100.0])},
    )
    (_, y1), (_, y10), (_, y100) = _circles(svg)
    top, bottom = MARGIN["top"], HEIGHT - MARGIN["bottom"]
    # 1 and 100 are the extremes of the axis; 10 is halfway on a log scale (0.1 px: SVG rounding)
    assert abs(y1 - bottom) < 0.1 and abs(y100 - top) < 0.1
    assert abs(y10 - (top + bottom) / 2) < 0.1
    assert '<text class="tick"' in svg and ">10<" in svg  # decade tick labels


def test_narrow_log_axis_gets_round_ticks_inside_the_range():
    svg = line_chart([1, 10], {"fit": [1.6, 2.9]}, xlabel="x", ylabel="y", title="t", xlog=True, ylog=True)
    labels = re.findall(r'text-anchor="end">([^<]+)<', svg)
    values = [float(v) for v in labels]
    assert len(values) >= 3 and all(1.6 - 1e-9 <= v <= 2.9 + 1e-9 for v in values), labels


def test_points_get_their_own_legend_entry_and_colour_after_the_lines():
    svg = line_chart(
        [1, 2, 3], {"fit": [1, 2, 3]}, xlabel="x", ylabel="y", title="t",
        points={"measured": ([1, 3], [1.1, 2.9])},
    )
    assert '<g class="points s1"><title>measured</title>' in svg
    assert len(_circles(svg)) == 2
    assert svg.count('class="legend"') == 2
    assert svg == line_chart(  # same input, same bytes
        [1, 2, 3], {"fit": [1, 2, 3]}, xlabel="x", ylabel="y", title="t",
        points={"measured": ([1, 3], [1.1, 2.9])},
    )


def test_figure_captions_typeset_inline_math_and_escape_the_rest():
    from sitebuild.figures import caption_html

    out = caption_html("The dotted line is $\\ln 32$; a < b & $s = 0.3$.")
    assert out == (
        'The dotted line is <span class="arithmatex">\\(\\ln 32\\)</span>; a &lt; b &amp; '
        '<span class="arithmatex">\\(s = 0.3\\)</span>.'
    )
    assert caption_html("costs \\$5") == "costs \\$5"  # an escaped dollar is text


def _distance_to_polyline(point, line):
    """Shortest distance from ``point`` to the polyline ``line``, computed segment by segment."""
    best = float("inf")
    for (x0, y0), (x1, y1) in itertools.pairwise(line):
        for step in range(1001):  # sampled: an independent route from the closed form in svgplot
            t = step / 1000
            best = min(best, math.hypot(point[0] - (x0 + t * (x1 - x0)), point[1] - (y0 + t * (y1 - y0))))
    return best


def test_a_polyline_loses_only_points_it_does_not_need():
    from sitebuild.svgplot import TOLERANCE_PX, simplified

    curve = [(x / 4, 100 * math.exp(-x / 80) + (30 if x == 200 else 0)) for x in range(400)]
    kept = simplified(curve)
    assert kept[0] == curve[0] and kept[-1] == curve[-1]
    assert curve[200] in kept, "a spike is drawn"
    assert len(kept) < len(curve) / 4, "a smooth curve needs few points"
    assert all(_distance_to_polyline(p, kept) <= TOLERANCE_PX + 1e-3 for p in curve[::7])
    assert simplified([(0, 0), (1, 1)]) == [(0, 0), (1, 1)]


def test_a_figure_whose_data_cannot_be_drawn_fails_the_build_naming_its_function(monkeypatch):
    """Superfences shows a fence whose formatter raises an ordinary error as inline code and builds on;
    a figure's drawing error must stop the build instead (FigureError is a SuperFencesException)."""
    import markdown
    import pytest

    from sitebuild import figures

    monkeypatch.setattr(figures, "figure_data", lambda fn: {"x": [1, 2], "series": {"a": [1, 2]}, "legend": "centre"})
    monkeypatch.setattr(figures, "function_key", lambda fn: "key")
    md = markdown.Markdown(extensions=["pymdownx.superfences"], extension_configs={"pymdownx.superfences": {
        "custom_fences": [{"name": "figure", "class": "figure", "validator": figures.fence_validator,
                           "format": figures.fence_format}]}})
    fence = '```figure fn="demo.figures:broken_figure" xlabel="x" ylabel="y" alt="a"\nCaption.\n```\n'
    with pytest.raises(figures.FigureError, match=r"demo\.figures:broken_figure.*legend"):
        md.convert(fence)


def _legend_corner(svg):
    from sitebuild.svgplot import WIDTH

    (x, y), anchor = re.findall(r'<text class="legend" x="([\d.]+)" y="([\d.]+)"', svg)[0], \
        re.findall(r'<text class="legend"[^>]*?( text-anchor="end")?>', svg)[0]
    vertical = "upper" if float(y) < HEIGHT / 2 else "lower"
    horizontal = "right" if anchor and float(x) > WIDTH / 2 else "left"
    return f"{vertical} {horizontal}"


def test_an_auto_legend_goes_to_the_first_corner_no_curve_crosses():
    """The Fisher explorer's static chart: gradient descent starts high on the left and falls to the
    right; natural gradient starts lower and drops at once. Upper left hid the first curve's start."""
    xs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
    series = {"gradient descent, long name": [0.62, 0.61, 0.6, 0.58, 0.55, 0.52, 0.5, 0.49, 0.48, 0.48],
              "natural gradient, long name": [0.5, 0.48, 0.48, 0.48, 0.48, 0.48, 0.48, 0.48, 0.48, 0.48]}
    chart = dict(xlabel="step", ylabel="loss", title="t", xlog=True)
    assert _legend_corner(line_chart(xs, series, **chart)) == "upper left"  # the default stays
    svg = line_chart(xs, series, legend="auto", **chart)
    assert _legend_corner(svg) == "upper right"
    # the legend's text ends inside the frame, its line samples beside it on the frame's side
    text_x = float(re.findall(r'<text class="legend" x="([\d.]+)"', svg)[0])
    sample = [float(v) for v in re.findall(r'<line class="series s0" x1="([\d.]+)" x2="([\d.]+)"', svg)[0]]
    assert text_x < min(sample) and max(sample) <= MARGIN["left"] + (
        float(re.search(r'<rect class="frame" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)[1]))
    # a rising curve leaves the upper left free: auto keeps the usual corner
    rising = {"up": [0.1 * i for i in range(10)]}
    assert _legend_corner(line_chart(xs, rising, legend="auto", **chart)) == "upper left"


def test_an_unknown_legend_corner_is_a_value_error_naming_it():
    import pytest

    with pytest.raises(ValueError, match="legend must be one of"):
        line_chart([1, 2], {"a": [1, 2]}, xlabel="x", ylabel="y", title="t", legend="middle")


def test_the_last_x_tick_label_is_not_cut_off_by_the_charts_edge():
    """An inline SVG clips what lies outside its viewBox: the label under the right end of the x axis
    ("1000" on the Fisher explorer) must fit in the right margin. Digits of DejaVu Sans, the charts'
    font, are 0.636 em wide; the ticks are set at 14 px (itdl.css)."""
    from sitebuild.svgplot import WIDTH

    svg = line_chart([1, 10, 100, 1000], {"a": [1, 2, 3, 4]}, xlabel="x", ylabel="y", title="t", xlog=True)
    ticks = re.findall(r'<text class="tick" x="([\d.]+)" y="[\d.]+" text-anchor="middle">([^<]+)<', svg)
    x, label = max(ticks, key=lambda tick: float(tick[0]))
    assert label == "1000"
    assert float(x) + len(label) * 0.636 * 14 / 2 <= WIDTH
