"""The checkable part of each edition's style sheet (sitebuild/style.py, CONTRIBUTING.<lang>.md)."""

from __future__ import annotations

import pytest

from sitebuild import style
from sitebuild.pages import DOCS, pages

PAGE = """# Страница {#page}

Это следует из Theorem 5.2.1 и Table 1 (Grünwald 2007, 2nd ed., Chapter 5).
Мы получили 1 797 оценок, а выборка содержит 60000 примеров; 60\u202f000 и 1797 написаны верно,
как и `x = 60000` в коде, $m = 60000$ в формуле и {{= pacbayes:vc_bound(0.0, 471601, 60000, 0.05) | .2f }}.

$$
H = -\\sum_x p(x) \\log_2 p(x) \\quad \\text{nats}
$$

```quiz id="q"
Вопрос со ссылкой на Corollary 3.18?
- [x] Да.
```
"""


def test_each_rule_of_the_russian_style_sheet_names_the_line_and_the_fix(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE, "utf-8")
    found = style.problems(page, "ru", "docs/ru/page.md")
    assert [message.split(": write")[0] for message in found] == [
        "docs/ru/page.md: the formula word 'nats' has no 'ru' translation in docs/formula-words.yml",
        "docs/ru/page.md:3: an English bibliographic label 'Chapter'",
        "docs/ru/page.md:3: an English bibliographic label 'Table'",
        "docs/ru/page.md:3: an English bibliographic label 'Theorem'",
        "docs/ru/page.md:3: an edition written in English '2nd ed'",
        "docs/ru/page.md:4: a number grouped against the norm '1 797'",
        "docs/ru/page.md:4: a number grouped against the norm '60000'",
        "docs/ru/page.md:12: an English bibliographic label 'Corollary'",
    ]
    assert "write 2-е изд." in found[4]


def test_english_has_no_style_rules_of_another_language(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE.replace("\\text{nats}", ""), "utf-8")
    assert style.problems(page, "en", "docs/en/page.md") == []


@pytest.mark.parametrize("lang", sorted(style.RULES))
def test_every_page_of_an_edition_follows_its_style_sheet(lang):
    found = [
        problem for page in pages(lang) for problem in style.problems(page, lang, f"docs/{page.relative_to(DOCS)}")
    ]
    assert not found, "\n".join(found)


def test_fix_repairs_digit_grouping_in_prose_and_nothing_else(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "Мы получили 1 797 оценок на 60000 и на 55\u00a0000 примерах; `x = 60000`, $m = 60000$.\n\n"
        "```python\nn = 1 797\n```\n",
        "utf-8",
    )
    assert style.repair(page, "ru") == 3
    assert page.read_text("utf-8") == (
        "Мы получили 1797 оценок на 60\u202f000 и на 55\u202f000 примерах; `x = 60000`, $m = 60000$.\n\n"
        "```python\nn = 1 797\n```\n"
    )
    assert style.problems(page, "ru", "page.md") == []
