"""The chapter map of the home page: chapters, their pages, reading time and quiz progress.

A home page asks for it with an empty ``chapter-map`` fence. The fence leaves a placeholder; the
map replaces it once every page of the build has been read (MkDocs' ``post_page`` event), so page
titles are known. A chapter is a top-level nav section with at least one written page (the
Reference section holds only generated pages). Progress comes from quiz IDs (assets/quiz.js).
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from sitebuild.i18n import strings
from sitebuild.quiz import quizzes_in_text

SLOT = '<div class="chapter-map-slot"></div>'
WORDS_PER_MINUTE = 150  # technical prose with formulas reads slower than the usual ~230 wpm
MINUTES_PER_QUIZ = 1
MINUTES_PER_CODE_CELL = 2  # read it, run it, look at the output
_FENCE_BLOCK = re.compile(r"^```.*?^```", re.M | re.S)
_WORD = re.compile(r"\w+")


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
    quizzes = len(quizzes_in_text(text))
    prose = _FENCE_BLOCK.sub(" ", text)
    return math.ceil(len(_WORD.findall(prose)) / WORDS_PER_MINUTE) + MINUTES_PER_QUIZ * quizzes


def quiz_ids(source: Path) -> list[str]:
    if source.suffix != ".md":
        return []
    return [quiz.id for quiz in quizzes_in_text(source.read_text("utf-8"))]


def render(nav: Navigation, home: Page, sources: dict[str, Path], lang: str) -> str:
    """The map as HTML, links relative to ``home``; ``sources`` maps a page's src_uri to its file."""
    t = strings(lang)
    chapters, every_id = [], []
    for item in nav.items:
        if not isinstance(item, Section):
            continue
        pages = [p for p in item.children if isinstance(p, Page) and p.file.src_uri in sources]
        if not pages:
            continue
        rows, ids, minutes = [], [], 0
        for page in pages:
            source = sources[page.file.src_uri]
            page_ids = quiz_ids(source)
            ids += page_ids
            minutes += reading_minutes(source)
            kind = f' <span class="chapter-map__kind">{t["map_notebook"]}</span>' if source.suffix == ".py" else ""
            count = f' <span class="chapter-map__count">{t["map_questions"]} {len(page_ids)}</span>' if page_ids else ""
            rows.append(
                f'<li><a href="{get_relative_url(page.url, home.url)}">{html.escape(page.title or "")}</a>'
                f"{kind}{count}</li>"
            )
        every_id += ids
        minutes = max(5, 5 * round(minutes / 5))
        chapters.append(
            f'<li class="chapter-map__chapter" data-quiz-ids="{" ".join(ids)}">'
            f'<p class="chapter-map__head"><a class="chapter-map__title" '
            f'href="{get_relative_url(pages[0].url, home.url)}">{html.escape(item.title)}</a> '
            f'<span class="chapter-map__meta">{t["map_minutes"].format(minutes=minutes)}'
            + (f' · {t["map_questions"]} <span class="quiz-progress__count">0/{len(ids)}</span>' if ids else "")
            + f'</span></p><ul class="chapter-map__pages">{"".join(rows)}</ul></li>'
        )
    overall = (
        f'<div class="quiz-progress chapter-map__progress" data-quiz-ids="{" ".join(every_id)}">'
        f'{t["map_progress"]} <span class="quiz-progress__count">0/{len(every_id)}</span> '
        f'<button type="button" class="quiz-progress__reset" data-quiz-reset>{t["map_reset"]}</button></div>'
    )
    return f'<div class="chapter-map">{overall}<ol class="chapter-map__list">{"".join(chapters)}</ol></div>'
