"""The quiz fence and computed values: malformed quizzes stop the build with a message naming them."""

from __future__ import annotations

import pytest

from sitebuild.pages import markdown_of, page_languages, pages
from sitebuild.quiz import QuizError, parse, quizzes_in_text, render
from sitebuild.values import PlaceholderError, substitute

GOOD = """What is 1 + 1?

- [ ] 3
    No: one more than two.
- [x] 2
    Yes.
"""


def test_a_quiz_parses_and_renders_its_options_and_explanations() -> None:
    quiz = parse(GOOD, "q-one")
    assert [o.correct for o in quiz.options] == [False, True] and not quiz.multiple
    html = render(quiz, "ru")
    assert 'type="radio"' in html and 'data-correct="true"' in html and "Проверить ответ" in html
    assert html.count('class="quiz__explanation"') == 2


@pytest.mark.parametrize(
    ("source", "quiz_id", "message"),
    [
        (GOOD, "Bad Id", "quiz fence needs id"),
        (GOOD.replace("- [x] 2", "- [ ] 2"), "q", "no option is marked right"),
        (GOOD.replace("    Yes.\n", ""), "q", "every option needs an explanation"),
        ("- [x] 2\n    Yes.\n- [ ] 3\n    No.\n", "q", "no question before the options"),
        ("Q?\n\n- [x] 2\n    Yes.\n", "q", "at least two options"),
        (GOOD.replace("    Yes.", "Yes."), "q", "indented by 4 spaces"),
    ],
)
def test_a_malformed_quiz_is_an_error_naming_it(source: str, quiz_id: str, message: str) -> None:
    with pytest.raises(QuizError, match=message):
        parse(source, quiz_id)


def test_computed_values_come_from_the_snippet_and_follow_the_language() -> None:
    text = (
        "VC: {{= pacbayes:vc_bound(0.0, 471601, 60000, 0.05) | .2f }}\n```python\n{{= untouched }}\n```\n"
        '!!! note\n\n    ```quiz id="q"\n    Is it {{= pacbayes:vc_bound(0.0, 471601, 60000, 0.05) | .1f }}?\n    ```\n'
    )
    assert substitute(text, "en").startswith("VC: 1.18\n")
    assert substitute(text, "ru").startswith("VC: 1,18\n")
    assert "{{= untouched }}" in substitute(text, "en")
    assert "Is it 1.2?" in substitute(text, "en"), "a quiz's text is prose: its values are computed"
    with pytest.raises(PlaceholderError, match="must be literals"):
        substitute("{{= pacbayes:vc_bound(x, 1, 2, 0.05) }}", "en")
    with pytest.raises(PlaceholderError, match="defines no 'nope'"):
        substitute("{{= pacbayes:nope(1) }}", "en")


def test_quiz_ids_are_unique_across_the_site() -> None:
    """Progress is kept per ID in the reader's browser: two quizzes must never share one."""
    for lang in page_languages():
        ids = [q.id for page in pages(lang) for q in quizzes_in_text(markdown_of(page), page.name)]
        assert len(ids) == len(set(ids)), f"{lang}: duplicate quiz IDs {sorted(ids)}"
