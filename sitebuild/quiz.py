"""Quizzes: a ``quiz`` fence in a page becomes a self-checking question (assets/quiz.js).

    ```quiz id="pb-what-generalizes"
    According to PAC-Bayes, what determines how well a trained model will generalize?

    - [ ] The number of parameters.
        Why this is wrong (shown after answering) ...
    - [x] The KL divergence from the prior, per training example.
        Why this is right ...
    ```

The question is Markdown up to the first option; an option is ``- [ ]`` (wrong) or ``- [x]``
(right) and its explanation is the indented lines under it. One right option makes a single-choice
question, several a multiple-choice one. Math (``$...$``) is typeset at build time with the rest of
the page. ``{{= module:function(literal args) | format }}`` is replaced by the value the tested
snippet function returns (``module`` under ``snippets``), so a number in a question is computed,
never typed (:mod:`sitebuild.values` replaces it in the page's Markdown before this fence is
rendered). IDs are shared by all languages: progress is kept per ID in the reader's browser.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cache

import markdown
from pymdownx.superfences import SuperFencesException

from sitebuild.document import parse as parse_page
from sitebuild.document import valid_id
from sitebuild.i18n import strings
from sitebuild.store import Store, code_version, key_of
from sitebuild.values import placeholders

_OPTION = re.compile(r"^- \[(?P<mark>[ xX])\] (?P<text>.+)$")


class QuizError(SuperFencesException):
    """A malformed quiz: the build stops and names it."""


@dataclass
class Option:
    text: str
    correct: bool
    explanation: str


@dataclass
class Quiz:
    id: str
    question: str
    options: list[Option] = field(default_factory=list)

    @property
    def multiple(self) -> bool:
        return sum(option.correct for option in self.options) > 1

    def signature(self) -> tuple:
        """What a translation must keep: ID, which options are right, the computed values."""
        texts = [self.question] + [o.text + o.explanation for o in self.options]
        return (self.id, tuple(o.correct for o in self.options), tuple(placeholders("\n".join(texts))))


def parse(source: str, quiz_id: str) -> Quiz:
    if not valid_id(quiz_id):
        raise QuizError(f'quiz fence needs id="lower-case-words", got {quiz_id!r}')
    question: list[str] = []
    quiz = Quiz(quiz_id, "")
    for line in source.splitlines():
        if match := _OPTION.match(line):
            quiz.options.append(Option(match["text"].strip(), match["mark"] != " ", ""))
        elif quiz.options:
            if line.strip() and not line.startswith(("    ", "\t")):
                raise QuizError(f"quiz {quiz_id}: explanation lines are indented by 4 spaces: {line!r}")
            last = quiz.options[-1]
            last.explanation += line.strip() + "\n"
        else:
            question.append(line)
    quiz.question = "\n".join(question).strip()
    if not quiz.question:
        raise QuizError(f"quiz {quiz_id}: no question before the options")
    if len(quiz.options) < 2:
        raise QuizError(f"quiz {quiz_id}: needs at least two options (- [ ] / - [x])")
    if not any(option.correct for option in quiz.options):
        raise QuizError(f"quiz {quiz_id}: no option is marked right with - [x]")
    missing = [o.text for o in quiz.options if not o.explanation.strip()]
    if missing:
        raise QuizError(f"quiz {quiz_id}: every option needs an explanation; missing for {missing}")
    return quiz


@cache
def _converter() -> markdown.Markdown:
    """One Markdown converter for every quiz text (building one costs milliseconds; reset is free)."""
    return markdown.Markdown(
        extensions=["pymdownx.arithmatex", "pymdownx.inlinehilite", "attr_list"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )


def _markdown(text: str, inline: bool = False) -> str:
    out = _converter().reset().convert(text)
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def render(quiz: Quiz, lang: str) -> str:
    t = strings(lang)
    kind = "checkbox" if quiz.multiple else "radio"
    name = f"quiz-{quiz.id}"
    hint = f'<p class="quiz__hint">{t["quiz_multiple"]}</p>' if quiz.multiple else ""
    options = []
    for number, option in enumerate(quiz.options):
        input_id = f"{name}-{number}"
        options.append(
            f'<div class="quiz__option" data-correct="{str(option.correct).lower()}">'
            f'<input type="{kind}" id="{input_id}" name="{name}" value="{number}">'
            f'<label for="{input_id}">{_markdown(option.text, inline=True)}</label>'
            f'<div class="quiz__explanation" id="{input_id}-why" hidden>'
            f'<span class="quiz__verdict" data-right="{html.escape(t["quiz_option_right"])}" '
            f'data-wrong="{html.escape(t["quiz_option_wrong"])}"></span>'
            f"{_markdown(option.explanation)}</div></div>"
        )
    return (
        f'<div class="quiz" id="{name}" data-quiz-id="{quiz.id}">'
        f'<fieldset><legend class="quiz__question">'
        f'<span class="quiz__label">{t["quiz_label"]}</span> {_markdown(quiz.question, inline=True)}'
        f"</legend>{hint}"
        f'<div class="quiz__options" role="{"group" if quiz.multiple else "radiogroup"}">{"".join(options)}</div>'
        f'<div class="quiz__actions">'
        f'<button type="button" class="md-button md-button--primary quiz__check">{t["quiz_check"]}</button>'
        f'<p class="quiz__result" role="status" aria-live="polite" data-right="{html.escape(t["quiz_right"])}" '
        f'data-wrong="{html.escape(t["quiz_wrong"])}" data-empty="{html.escape(t["quiz_empty"])}" '
        f'data-done="{html.escape(t["quiz_done_before"])}"></p></div>'
        f"</fieldset></div>"
    )


_rendered = Store("quizzes")


def fence_format(source, language, class_name, options, md, *, lang: str, **kwargs):
    """Formatter for the ``quiz`` fence; the plugin binds ``lang``. Rendered once per text and
    language (each question, option and explanation is a Markdown conversion)."""
    quiz = parse(source, options.get("id", ""))
    key = key_of(code_version(__name__, "sitebuild.i18n"), lang, quiz.id, source)
    return _rendered.memo(key, lambda: render(quiz, lang))[0]


def fence_validator(language, inputs, options, attrs, md) -> bool:
    """Accept ``id`` as the one option; anything else is an error."""
    unknown = set(inputs) - {"id"}
    if unknown:
        raise QuizError(f"quiz fence: unknown option(s) {sorted(unknown)}")
    options.update(inputs)
    return True


def quizzes_in_text(text: str, name: str = "<page>") -> list[Quiz]:
    """Every quiz of a page's Markdown source (indented ones too), in page order."""
    return [parse(fence.body, fence.id) for fence in parse_page(text, name).of_kind("quiz")]


def progress_line(html_text: str, lang: str) -> str:
    """The page's "answered k/n" line with a reset button ("" for a page without quizzes)."""
    ids = re.findall(r'data-quiz-id="([^"]+)"', html_text)
    if not ids:
        return ""
    t = strings(lang)
    return (
        f'<div class="quiz-progress" data-quiz-ids="{" ".join(ids)}">'
        f'{t["quiz_progress"]} <span class="quiz-progress__count">0/{len(ids)}</span> '
        f'<button type="button" class="quiz-progress__reset" data-quiz-reset>{t["quiz_reset"]}</button></div>'
    )
