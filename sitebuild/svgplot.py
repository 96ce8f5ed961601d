"""A small, deterministic SVG line chart for the site's figures.

Text stays text (searchable, translatable, crisp); colours come from CSS custom properties, so a
figure follows the light and dark colour schemes. Same input, same bytes.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Callable, Mapping, Sequence

WIDTH, HEIGHT = 640, 360
MARGIN = {"left": 72, "right": 24, "top": 16, "bottom": 56}  # right: half of a last x tick like "1000" at 14 px
DASHES = ["", "6 4", "2 3", "10 3 2 3"]


def nice_ticks(lo: float, hi: float, count: int = 6) -> list[float]:
    """Round tick values covering [lo, hi] (steps of 1, 2 or 5 times a power of ten)."""
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    value = first
    while value <= hi + 1e-9 * step:
        ticks.append(round(value, 12))
        value += step
    return ticks


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1e4 or abs(value) < 1e-3:
        mantissa, exponent = f"{value:.0e}".split("e")
        return f"{mantissa}·10^{int(exponent)}"
    return f"{value:g}"


def _log_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """(position, label) of the ticks of a log axis spanning lo..hi (both in log10 units).

    Whole decades (at most 7 labelled) when the axis spans at least two; otherwise round values
    inside the range.
    """
    decades = [float(t) for t in range(math.ceil(lo - 1e-9), math.floor(hi + 1e-9) + 1)]
    if len(decades) >= 2:
        return [(t, _fmt_decade(t)) for t in _thin(decades)]
    return [(math.log10(t), _fmt(t)) for t in nice_ticks(10**lo, 10**hi, count=8) if t > 0]


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _fmt_decade(exponent: float) -> str:
    """A tick at 10^exponent: plain for 1 to 1000 and for 0.1, 10 with a superscript otherwise."""
    e = round(exponent)
    if -1 <= e <= 3:
        return _fmt(float(f"{10.0**e:g}"))
    return "10" + str(e).translate(_SUPERSCRIPT)


def _thin(ticks: list[float], most: int = 7) -> list[float]:
    """Every k-th decade tick so that at most ``most`` labels share an axis."""
    step = max(1, math.ceil(len(ticks) / most))
    return ticks[::step]


TOLERANCE_PX = 0.2  # a point this close to the line through its kept neighbours adds nothing visible


def simplified(line: list[tuple[float, float]], tolerance: float = TOLERANCE_PX) -> list[tuple[float, float]]:
    """The polyline with the points it does not need (Douglas-Peucker): every dropped point lies
    within ``tolerance`` pixels of the segment drawn in its place; the ends are kept."""
    if len(line) < 3:
        return line
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    todo = [(0, len(line) - 1)]
    while todo:
        first, last = todo.pop()
        (x0, y0), (x1, y1) = line[first], line[last]
        dx, dy = x1 - x0, y1 - y0
        norm = math.hypot(dx, dy)
        far, where = -1.0, first
        for i in range(first + 1, last):
            x, y = line[i]
            if norm:
                t = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / norm**2))
                distance = math.hypot(x - x0 - t * dx, y - y0 - t * dy)
            else:
                distance = math.hypot(x - x0, y - y0)
            if distance > far:
                far, where = distance, i
        if far > tolerance:
            keep[where] = True
            todo += [(first, where), (where, last)]
    return [point for point, kept in zip(line, keep, strict=True) if kept]


LEGEND_CORNERS = ("upper left", "lower left", "upper right", "lower right")
LEGEND_CHAR_PX = 7  # a legend character's width at most, on average, in the chart's 12 px font


def _free_corner(lines: list[list[tuple[float, float]]], box: tuple[float, float], left: float, top: float,
                 plot_w: float, plot_h: float) -> str:
    """The first corner of the plot (in ``LEGEND_CORNERS`` order) whose legend box of ``box`` = (width,
    height) pixels no drawn line or marker crosses; else the one the fewest points of them fall in.
    Lines are followed in steps of at most 2 px, so a segment that only passes through counts."""
    width, height = box
    points = []
    for line in lines:
        points += line[:1]
        for (x0, y0), (x1, y1) in itertools.pairwise(line):
            steps = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / 2))
            points += [(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps) for k in range(1, steps + 1)]

    def inside(corner: str) -> int:
        x_lo = left if corner.endswith("left") else left + plot_w - width
        y_lo = top if corner.startswith("upper") else top + plot_h - height
        return sum(x_lo <= x <= x_lo + width and y_lo <= y <= y_lo + height for x, y in points)

    counts = {corner: inside(corner) for corner in LEGEND_CORNERS}
    return min(LEGEND_CORNERS, key=lambda corner: (counts[corner], LEGEND_CORNERS.index(corner)))


def line_chart(
    x: Sequence[float],
    series: Mapping[str, Sequence[float]],
    *,
    xlabel: str,
    ylabel: str,
    title: str,
    ylim: tuple[float, float] | None = None,
    xlog: bool = False,
    ylog: bool = False,
    hline: float | None = None,
    points: Mapping[str, tuple[Sequence[float], Sequence[float]]] | None = None,
    legend: str = "upper left",
    number: Callable[[str], str] = str,
) -> str:
    """An accessible inline SVG: ``title`` is its accessible name (alt text).

    ``series`` are lines over ``x``; ``points`` are named (xs, ys) pairs drawn as markers only
    (measurements next to a fitted curve). ``xlog``/``ylog`` put an axis on a log10 scale.
    ``number`` writes a tick label (``0.5``) the way the page's language does (``0,5``).
    ``legend``: the plot's corner for the legend, or "auto": the first corner no line or marker crosses.
    """
    points = points or {}

    def tx(v: float) -> float:
        return math.log10(v) if xlog else float(v)

    def ty(v: float) -> float:
        return math.log10(v) if ylog else float(v)

    xs = [tx(v) for v in x]
    ys_all = [float(v) for ys in series.values() for v in ys if math.isfinite(float(v))]
    ys_all += [float(v) for _, ys in points.values() for v in ys if math.isfinite(float(v))]
    y_lo, y_hi = ylim if ylim else (min(ys_all), max(ys_all))
    y_lo, y_hi = ty(y_lo), ty(y_hi)
    xs_all = xs + [tx(v) for point_xs, _ in points.values() for v in point_xs]
    x_lo, x_hi = min(xs_all), max(xs_all)
    left, top = MARGIN["left"], MARGIN["top"]
    plot_w = WIDTH - MARGIN["left"] - MARGIN["right"]
    plot_h = HEIGHT - MARGIN["top"] - MARGIN["bottom"]

    def px(v: float) -> float:
        return left + (v - x_lo) / (x_hi - x_lo) * plot_w

    def drawable(v: float) -> bool:  # a finite value, and positive on a log axis
        return math.isfinite(float(v)) and (not ylog or float(v) > 0)

    def py(v: float) -> float:  # v in axis units (log10 of the value on a log axis)
        v = min(max(v, y_lo), y_hi)
        return top + (1 - (v - y_lo) / (y_hi - y_lo)) * plot_h

    out = [
        f'<svg class="itdl-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{html.escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{html.escape(title)}</title>",
    ]
    # grid and ticks
    if xlog:
        xticks = _log_ticks(x_lo, x_hi)
    else:
        xticks = [(t, _fmt(t)) for t in nice_ticks(x_lo, x_hi) if x_lo - 1e-9 <= t <= x_hi + 1e-9]
    xticks = [(t, number(label)) for t, label in xticks]
    for t, label in xticks:
        out.append(f'<line class="grid" x1="{px(t):.1f}" x2="{px(t):.1f}" y1="{top}" y2="{top + plot_h}"/>')
        out.append(
            f'<text class="tick" x="{px(t):.1f}" y="{top + plot_h + 18}" text-anchor="middle">'
            f"{html.escape(label)}</text>"
        )
    yticks = _log_ticks(y_lo, y_hi) if ylog else [(t, _fmt(t)) for t in nice_ticks(y_lo, y_hi)]
    yticks = [(t, number(label)) for t, label in yticks]
    for t, label in yticks:
        if not y_lo - 1e-9 <= t <= y_hi + 1e-9:
            continue
        out.append(f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{py(t):.1f}" y2="{py(t):.1f}"/>')
        out.append(
            f'<text class="tick" x="{left - 8}" y="{py(t) + 4:.1f}" text-anchor="end">{label}</text>'
        )
    out.append(f'<rect class="frame" x="{left}" y="{top}" width="{plot_w}" height="{plot_h}"/>')
    if hline is not None and drawable(hline) and y_lo <= ty(hline) <= y_hi:
        out.append(
            f'<line class="hline" x1="{left}" x2="{left + plot_w}" y1="{py(ty(hline)):.1f}" '
            f'y2="{py(ty(hline)):.1f}"/>'
        )
    # series
    drawn: list[list[tuple[float, float]]] = []  # every line and marker, where the legend must not go
    for index, (name, ys) in enumerate(series.items()):
        line = [(px(xv), py(ty(float(yv)))) for xv, yv in zip(xs, ys, strict=True) if drawable(yv)]
        drawn.append(line)
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in simplified(line))
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<polyline class="series s{index}" fill="none" points="{coords}"{dash_attr}>'
            f"<title>{html.escape(name)}</title></polyline>"
        )
    first_marker = len(series)
    for index, (name, (pxs, pys)) in enumerate(points.items(), start=first_marker):
        dots = "".join(
            f'<circle cx="{px(tx(xv)):.1f}" cy="{py(ty(float(yv))):.1f}" r="4.5"/>'
            for xv, yv in zip(pxs, pys, strict=True)
            if drawable(yv)
        )
        out.append(f'<g class="points s{index}"><title>{html.escape(name)}</title>{dots}</g>')
        drawn.append([(px(tx(xv)), py(ty(float(yv)))) for xv, yv in zip(pxs, pys, strict=True) if drawable(yv)])
    # legend, inside the frame, in one of its corners: a line sample (or a marker) and the name, the
    # sample on the frame's side
    names = list(series) + list(points)
    if legend not in (*LEGEND_CORNERS, "auto"):
        raise ValueError(f"legend must be one of {', '.join(LEGEND_CORNERS)} or 'auto', got {legend!r}")
    box = (46 + LEGEND_CHAR_PX * max(map(len, names), default=0) + 8, 20 * len(names) + 6)
    if legend == "auto":
        legend = _free_corner(drawn, box, left, top, plot_w, plot_h)
    first_y = top + 18 if legend.startswith("upper") else top + plot_h - 8 - 20 * (len(names) - 1)
    right = legend.endswith("right")
    edge = left + plot_w if right else left

    def inward(dx: float) -> float:  # dx pixels from the frame's side, into the plot
        return edge - dx if right else edge + dx

    for index, name in enumerate(names):
        y = first_y + index * 20
        if index >= first_marker:
            out.append(f'<circle class="points s{index}" cx="{inward(26)}" cy="{y - 4}" r="4.5"/>')
        else:
            dash = DASHES[index % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<line class="series s{index}" x1="{inward(12)}" x2="{inward(40)}" y1="{y - 4}" '
                f'y2="{y - 4}"{dash_attr}/>'
            )
        anchor = ' text-anchor="end"' if right else ""
        out.append(f'<text class="legend" x="{inward(46)}" y="{y}"{anchor}>{html.escape(name)}</text>')
    # axis labels
    out.append(
        f'<text class="label" x="{left + plot_w / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle">'
        f"{html.escape(xlabel)}</text>"
    )
    out.append(
        f'<text class="label" transform="translate(16 {top + plot_h / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle">{html.escape(ylabel)}</text>'
    )
    out.append("</svg>")
    return "".join(out)
