"""The chapter map of the home page: chapters, their pages, reading time and quiz progress.

A home page asks for it with an empty ``chapter-map`` fence. The fence leaves a placeholder; the
map replaces it once every page of the build has been read, so page titles are known (the plugin
passes the chapters as :class:`Chapter` data). A chapter is a top-level nav section with at least
one written page (the Reference section holds only generated pages). Progress comes from quiz IDs
(assets/quiz.js).
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

from sitebuild.document import parse
from sitebuild.i18n import strings
from sitebuild.quiz import quizzes_in_text

SLOT = '<div class="chapter-map-slot"></div>'
WORDS_PER_MINUTE = 150  # technical prose with formulas reads slower than the usual ~230 wpm
MINUTES_PER_QUIZ = 1
MINUTES_PER_CODE_CELL = 2  # read it, run it, look at the output
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ChapterPage:
    title: str
    url: str  # relative to the page that shows the map
    source: Path  # the file it was written in


@dataclass(frozen=True)
class Chapter:
    title: str
    pages: list[ChapterPage]


def fence_format(source, language, class_name, options, md, **kwargs):
    return SLOT


def fence_validator(language, inputs, options, attrs, md) -> bool:
    return True


def reading_minutes(source: Path) -> int:
    """Estimated minutes for one page: its prose, its quizzes and, for a notebook, its code."""
    text = source.read_text("utf-8")
    if source.suffix == ".py":
        code_cells = text.count("# %%") - text.count("# %% [markdown]")
        prose = "\n".join(line[2:] for line in text.splitlines() if line.startswith("# "))
        return math.ceil(len(_WORD.findall(prose)) / WORDS_PER_MINUTE) + MINUTES_PER_CODE_CELL * code_cells
    quizzes = len(quizzes_in_text(text, source.name))
    prose = parse(text, source.name).prose
    return math.ceil(len(_WORD.findall(prose)) / WORDS_PER_MINUTE) + MINUTES_PER_QUIZ * quizzes


def quiz_ids(source: Path) -> list[str]:
    if source.suffix != ".md":
        return []
    return [quiz.id for quiz in quizzes_in_text(source.read_text("utf-8"))]


def render(chapters: list[Chapter], lang: str) -> str:
    """The map as HTML (links as given in ``chapters``)."""
    t = strings(lang)
    rows_html, every_id = [], []
    for chapter in chapters:
        rows, ids, minutes = [], [], 0
        for page in chapter.pages:
            page_ids = quiz_ids(page.source)
            ids += page_ids
            minutes += reading_minutes(page.source)
            kind = f' <span class="chapter-map__kind">{t["map_notebook"]}</span>' if page.source.suffix == ".py" else ""
            count = f' <span class="chapter-map__count">{t["map_questions"]} {len(page_ids)}</span>' if page_ids else ""
            rows.append(f'<li><a href="{page.url}">{html.escape(page.title)}</a>{kind}{count}</li>')
        every_id += ids
        minutes = max(5, 5 * round(minutes / 5))
        rows_html.append(
            f'<li class="chapter-map__chapter" data-quiz-ids="{" ".join(ids)}">'
            f'<p class="chapter-map__head"><a class="chapter-map__title" '
            f'href="{chapter.pages[0].url}">{html.escape(chapter.title)}</a> '
            f'<span class="chapter-map__meta">{t["map_minutes"].format(minutes=minutes)}'
            + (f' · {t["map_questions"]} <span class="quiz-progress__count">0/{len(ids)}</span>' if ids else "")
            + f'</span></p><ul class="chapter-map__pages">{"".join(rows)}</ul></li>'
        )
    overall = (
        f'<div class="quiz-progress chapter-map__progress" data-quiz-ids="{" ".join(every_id)}">'
        f'{t["map_progress"]} <span class="quiz-progress__count">0/{len(every_id)}</span> '
        f'<button type="button" class="quiz-progress__reset" data-quiz-reset>{t["map_reset"]}</button></div>'
    )
    return f'<div class="chapter-map">{overall}<ol class="chapter-map__list">{"".join(rows_html)}</ol></div>'
