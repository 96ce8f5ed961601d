"""The goals the benchmark checks, and each one's verdict on a run's data.

A goal is met when its measured figure is at most its limit; a figure the run did not measure
(e.g. ``--skip-tests``) has no verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sitebuild.bench.buildlog import RECOMPUTED


def _at(data: dict, *keys: str) -> float | None:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _comment_edit_recomputed(data: dict) -> float | None:
    edit = _at(data, "serve", "snippet_comment_edit")
    if edit is None:
        return None
    return sum(len(edit.get(key, [])) for key in RECOMPUTED)


def _slowest_pdf(key: str) -> Callable[[dict], float | None]:
    def measure(data: dict) -> float | None:
        rows = data.get("pdf")
        return max(row[key] for row in rows) if rows else None

    return measure


def _heaviest_kb(key: str) -> Callable[[dict], float | None]:
    def measure(data: dict) -> float | None:
        rows = data.get("page_weight")
        return max(row[key] for row in rows) / 1000 if rows else None

    return measure


def _largest_scaling_ratio(data: dict) -> float | None:
    rows = data.get("scaling")
    return max(rows, key=lambda row: row["pages"])["cached_ratio"] if rows else None


@dataclass(frozen=True)
class Goal:
    key: str
    figure: str  # what is measured, as the report's summary names it
    limit: float
    unit: str
    measure: Callable[[dict], float | None]
    digits: int = 2


GOALS = [
    Goal("cached_ratio", "cached build ÷ plain MkDocs (every language)", 1.5, "×",
         lambda d: _at(d, "builds", "cached_ratio")),
    Goal("markdown_reload_s", "edit one Markdown page → live-reload signal", 0.5, "s",
         lambda d: _at(d, "serve", "markdown_edit_reload_s")),
    # A function body's edit re-executes the notebooks that reach it (the report lists them): no goal.
    Goal("snippet_reload_s", "edit a comment in a snippet → live-reload signal", 3, "s",
         lambda d: _at(d, "serve", "snippet_comment_edit", "reload_s")),
    Goal("comment_edit_recomputed", "comment-only snippet edit: notebooks, figures, values, explorers recomputed",
         0, "", _comment_edit_recomputed, digits=0),
    Goal("pdf_s", "print edition, slowest language", 180, "s", _slowest_pdf("seconds"), digits=0),
    Goal("pdf_mb", "print edition, peak memory of a language", 4000, "MB", _slowest_pdf("peak_mb"), digits=0),
    Goal("first_kb", "first visit, heaviest page", 250, "kB", _heaviest_kb("first_bytes"), digits=1),
    Goal("next_kb", "next page, heaviest page", 60, "kB", _heaviest_kb("next_bytes"), digits=1),
    Goal("tests_s", "test suite, one xdist worker per core", 180, "s", lambda d: _at(d, "tests", "xdist", "s"),
         digits=0),
    Goal("scaling_ratio", "500-page cached build ÷ plain MkDocs", 1.5, "×", _largest_scaling_ratio),
]


def limit(key: str) -> float:
    """The limit of the goal named ``key``."""
    return next(goal.limit for goal in GOALS if goal.key == key)


def met(value: float | None, goal_limit: float) -> bool | None:
    """Whether ``value`` meets a goal of at most ``goal_limit``; None when not measured."""
    return None if value is None else value <= goal_limit


def verdicts(data: dict) -> list[dict]:
    """Per goal: ``key``, ``figure``, ``measured`` (None: not measured), ``goal``, ``unit``, ``digits``, ``met``."""
    rows = []
    for goal in GOALS:
        value = goal.measure(data)
        rows.append({
            "key": goal.key, "figure": goal.figure, "measured": value, "goal": goal.limit,
            "unit": goal.unit, "digits": goal.digits, "met": met(value, goal.limit),
        })
    return rows
