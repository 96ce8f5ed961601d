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
never typed. IDs are shared by all languages: progress is kept per ID in the reader's browser.
"""

from __future__ import annotations

import ast
import html
import importlib
import re
from dataclasses import dataclass, field
from functools import cache

import markdown
from pymdownx.superfences import SuperFencesException

from sitebuild.i18n import strings

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_OPTION = re.compile(r"^- \[(?P<mark>[ xX])\] (?P<text>.+)$")
_VALUE = re.compile(r"\{\{=\s*(?P<module>[\w.]+):(?P<call>\w+\(.*?\))\s*(?:\|\s*(?P<spec>[^}]*?))?\s*\}\}")
_FENCE = re.compile(r"^```quiz\b(?P<info>[^\n]*)\n(?P<body>.*?)^```\s*$", re.M | re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


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
        values = sorted({m.group(0).replace(" ", "") for t in texts for m in _VALUE.finditer(t)})
        return (self.id, tuple(o.correct for o in self.options), tuple(values))


def parse(source: str, quiz_id: str) -> Quiz:
    if not ID_PATTERN.match(quiz_id or ""):
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


def snippet_value(module: str, call: str, spec: str | None) -> str:
    """Evaluate ``function(literal args)`` from ``snippets.<module>`` and format the result."""
    try:
        node = ast.parse(call, mode="eval").body
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        args = [ast.literal_eval(arg) for arg in node.args]
        kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords}
    except (SyntaxError, ValueError, AssertionError) as error:
        raise QuizError(f"{{{{= {module}:{call} }}}}: arguments must be literals ({error})") from None
    function = getattr(importlib.import_module(f"snippets.{module}"), node.func.id, None)
    if function is None:
        raise QuizError(f"{{{{= {module}:{call} }}}}: snippets.{module} has no {node.func.id}")
    return format(function(*args, **kwargs), spec or "")


def _with_values(text: str, lang: str) -> str:
    def value(match: re.Match) -> str:
        number = snippet_value(match["module"], match["call"], match["spec"])
        if lang == "ru":  # Russian writes a decimal comma and separates thousands with a space
            number = number.replace(",", "\u202f").replace(".", ",")
        return number

    return _VALUE.sub(value, text)


_CODE_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


def computed_values(markdown_text: str, lang: str) -> str:
    """Replace ``{{= module:function(args) | format }}`` anywhere in a page's Markdown (outside
    code fences and quiz fences, which handle their own) by the value the snippet computes."""
    out, last = [], 0
    for fence in _CODE_FENCE.finditer(markdown_text):
        out.append(_with_values(markdown_text[last : fence.start()], lang))
        out.append(fence.group(0))
        last = fence.end()
    out.append(_with_values(markdown_text[last:], lang))
    return "".join(out)


@cache
def _converter() -> markdown.Markdown:
    """One Markdown converter for every quiz text (building one costs milliseconds; reset is free)."""
    return markdown.Markdown(
        extensions=["pymdownx.arithmatex", "pymdownx.inlinehilite", "attr_list"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )


def _markdown(text: str, lang: str, inline: bool = False) -> str:
    out = _converter().reset().convert(_with_values(text, lang))
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
            f'<label for="{input_id}">{_markdown(option.text, lang, inline=True)}</label>'
            f'<div class="quiz__explanation" id="{input_id}-why" hidden>'
            f'<span class="quiz__verdict" data-right="{html.escape(t["quiz_option_right"])}" '
            f'data-wrong="{html.escape(t["quiz_option_wrong"])}"></span>'
            f"{_markdown(option.explanation, lang)}</div></div>"
        )
    return (
        f'<div class="quiz" id="{name}" data-quiz-id="{quiz.id}">'
        f'<fieldset><legend class="quiz__question">'
        f'<span class="quiz__label">{t["quiz_label"]}</span> {_markdown(quiz.question, lang, inline=True)}'
        f"</legend>{hint}"
        f'<div class="quiz__options" role="{"group" if quiz.multiple else "radiogroup"}">{"".join(options)}</div>'
        f'<div class="quiz__actions">'
        f'<button type="button" class="md-button md-button--primary quiz__check">{t["quiz_check"]}</button>'
        f'<p class="quiz__result" role="status" aria-live="polite" data-right="{html.escape(t["quiz_right"])}" '
        f'data-wrong="{html.escape(t["quiz_wrong"])}" data-empty="{html.escape(t["quiz_empty"])}" '
        f'data-done="{html.escape(t["quiz_done_before"])}"></p></div>'
        f"</fieldset></div>"
    )


def fence_format(source, language, class_name, options, md, *, lang="en", **kwargs):
    """Formatter for the ``quiz`` fence; the site's hook binds ``lang``."""
    return render(parse(source, options.get("id", "")), lang)


def fence_validator(language, inputs, options, attrs, md) -> bool:
    """Accept ``id`` as the one option; anything else is an error."""
    unknown = set(inputs) - {"id"}
    if unknown:
        raise QuizError(f"quiz fence: unknown option(s) {sorted(unknown)}")
    options.update(inputs)
    return True


def quizzes_in_text(text: str) -> list[Quiz]:
    """Every quiz of a page's Markdown source, in page order."""
    found = []
    for match in _FENCE.finditer(text):
        attrs = dict(_ATTR.findall(match["info"]))
        found.append(parse(match["body"], attrs.get("id", "")))
    return found


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
