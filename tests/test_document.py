"""One parser of a page: every tool sees the same fences, IDs, headings and prose."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from sitebuild import lessonmap
from sitebuild.document import DocumentError, parse
from sitebuild.pages import markdown_structure
from sitebuild.quiz import quizzes_in_text

PAGE = '''# A page {#page}

Prose with `code` and $x$.

```formula id="f-one" code="pacbayes/kl.py:binary_kl"
a = b
```

!!! note "Check yourself"

    ```quiz id="q-indented"
    What is 1 + 1?

    - [ ] 3
        No.
    - [x] 2
        Yes.
    ```

````markdown
```quiz id="not-a-quiz"
shown as an example, inside another fence
```
````

## Later {#later}
'''


def test_fences_are_found_with_kind_options_lines_and_indentation():
    document = parse(PAGE, "page.md")
    assert [(f.kind, f.id, f.line, f.end_line) for f in document.fences] == [
        ("formula", "f-one", 5, 7),
        ("quiz", "q-indented", 11, 18),
        ("markdown", "", 20, 24),
    ]
    quiz = document.of_kind("quiz")[0]
    assert quiz.indent == "    " and quiz.body.startswith("What is 1 + 1?\n\n- [ ] 3\n    No.")
    assert [(h.level, h.id, h.line) for h in document.headings] == [(1, "page", 1), (2, "later", 26)]
    assert "not-a-quiz" not in document.prose and "Check yourself" in document.prose
    assert len(document.prose_lines) == len(PAGE.splitlines())


def test_an_indented_quiz_counts_for_parity_the_chapter_map_and_the_id_check(tmp_path: Path):
    assert [q.id for q in quizzes_in_text(PAGE)] == ["q-indented"]
    page = tmp_path / "page.md"
    page.write_text(PAGE, "utf-8")
    assert lessonmap.quiz_ids(page) == ["q-indented"]
    signature = markdown_structure(PAGE, "page.md")["quizzes (id, right options, computed values)"]
    assert signature == [("q-indented", (False, True), ())]


def test_an_unclosed_fence_is_an_error_naming_page_and_line():
    with pytest.raises(DocumentError, match=r"page\.md:3: unclosed"):
        parse("# T\n\n```python\nprint(1)\n", "page.md")


# Paragraphs with and without math; arithmatex (generic mode, as mkdocs.yml configures it) decides.
MATH_SAMPLES = [
    "the bound $R(h) \\le \\hat r + \\epsilon$ holds",
    "costs \\$5 and \\$10, no math",
    "between $5 and $10 there is no math (a space just inside a dollar)",
    "two formulas, $a$ and $b_1^2$, one line",
    "round brackets \\(x + y\\) are math too",
    "display $$\\sum_i x_i$$ inline in a paragraph",
    "inline over two lines: $x +\ny$ is one formula",
    "a dollar sign $ alone",
]


@pytest.mark.parametrize("text", MATH_SAMPLES)
def test_math_is_found_where_arithmatex_finds_it(text):
    import markdown

    from sitebuild.document import MATH

    rendered = markdown.markdown(text, extensions=["pymdownx.arithmatex"],
                                 extension_configs={"pymdownx.arithmatex": {"generic": True}})
    typeset = re.findall(r'<span class="arithmatex">(.*?)</span>', rendered, re.S)
    found = [m.group(0) for m in MATH.finditer(text)]
    assert len(found) == len(typeset), (found, typeset)
    for ours, theirs in zip(found, typeset, strict=True):
        body = ours[2:-2] if ours.startswith(("$$", "\\(")) else ours[1:-1]
        assert theirs == f"\\({html.escape(body, quote=False)}\\)", (ours, theirs)
