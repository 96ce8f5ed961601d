"""Formula numbers: per chapter in reading order, the same in every language (sitebuild/numbering.py)."""

from __future__ import annotations

import html
import re

import pytest

from sitebuild import crossrefs, mathwords, numbering
from sitebuild.formulas import Chapter, Formula, chapters_of, collect_formulas
from sitebuild.languages import language_config
from sitebuild.pages import DOCS, page_languages, structure_differences


def _formula(formula_id: str, page: str, line: int) -> Formula:
    return Formula(formula_id, "x.py:s", "x", page, line)


def test_formulas_are_numbered_per_chapter_page_by_page_then_down_each_page():
    chapters = [Chapter("a", "A", ("a/index.md", "a/two.md")), Chapter("b", "B", ("b/index.md",))]
    found = [_formula("a-late", "a/index.md", 90), _formula("b-first", "b/index.md", 5),
             _formula("a-two", "a/two.md", 1), _formula("a-early", "a/index.md", 10),
             _formula("loose", "other.md", 1)]
    assert numbering.formula_numbers(found, chapters) == {
        "a-early": "1.1", "a-late": "1.2", "a-two": "1.3", "b-first": "2.1"}


def test_a_formula_fence_gets_its_number_as_a_tag_and_keeps_it_in_every_language():
    fence = '<div class="formula" id="eq-pb-x" data-formula-id="pb-x"><div class="arithmatex">\\[a &lt; 0.5\\]</div>'
    numbered = numbering.number_formulas(fence + '<div class="formula" id="eq-other">', {"pb-x": "2.3"})
    assert numbered.startswith('<div class="formula" id="eq-pb-x" data-formula-id="pb-x"><div class="arithmatex">'
                               "\\[a &lt; 0.5 \\tag{2.3}\\]</div>")
    assert mathwords.localize("a < 0.5 \\tag{2.3}", "ru") == "a < 0{,}5 \\tag{2.3}"


SHOWN_NUMBER = re.compile(r'id="eq-(?P<id>[a-z0-9-]+)".*?<span class="katex-tag">(?P<tag>.*?)</span></span></span>',
                          re.S)


def _shown_numbers(site, lang) -> dict[str, str]:
    shown = {}
    for page in sorted((site / ("" if lang == "en" else lang)).rglob("index.html")):
        if "formulas" in page.parts:
            continue
        for match in SHOWN_NUMBER.finditer(page.read_text("utf-8")):
            shown[match["id"]] = html.unescape(re.sub(r"<[^>]+>", "", match["tag"]))
    return shown


@pytest.mark.parametrize("lang", page_languages())
def test_every_formula_shows_the_number_of_its_place_in_the_book_in_every_language(built_site, lang):
    expected = numbering.formula_numbers(collect_formulas(DOCS / "en"), chapters_of(language_config("en").nav))
    assert len(expected) == len(collect_formulas(DOCS / "en")) > 50
    assert _shown_numbers(built_site, lang) == {formula_id: f"({n})" for formula_id, n in expected.items()}


# -- references by ID ----------------------------------------------------------------------------

TARGETS = crossrefs.Targets({"pb-kl": ("pac-bayes/index.md", "1.7"), "mdl-x": ("mdl/two-part.md", "2.4")},
                            {"pac-bayes": ("pac-bayes/index.md", "1"), "two-part": ("mdl/two-part.md", "2.1")})


def test_a_reference_to_a_chapter_or_section_shows_its_number_linked_to_it():
    page = "Chapter [[sec:pac-bayes]], Section [[sec:two-part]] and here, [[sec:two-part]]."
    assert crossrefs.substitute(page, "mdl/two-part.md", TARGETS, "docs/en/mdl/two-part.md") == (
        "Chapter [1](../pac-bayes/index.md), Section [2.1](#two-part) and here, [2.1](#two-part).")
    with pytest.raises(crossrefs.ReferenceError, match=r"no numbered chapter or section .*'scaling'"):
        crossrefs.substitute("[[sec:scaling]]", "a.md", TARGETS, "docs/en/a.md")


def test_a_reference_becomes_a_link_to_the_formula_showing_its_number_code_left_alone():
    page = (
        "Eq. [[eq:pb-kl]] and [[eq:mdl-x]], here [[eq:pb-kl]].\n\n```python\nx = '[[eq:pb-kl]]'\n```\n\n"
        '```quiz id="q"\nWhich bound is [[eq:mdl-x]]?\n- [x] This.\n```\n'
    )
    assert crossrefs.substitute(page, "pac-bayes/index.md", TARGETS, "docs/en/pac-bayes/index.md") == (
        "Eq. [(1.7)](#eq-pb-kl){.itdl-eq-ref} and [(2.4)](../mdl/two-part.md#eq-mdl-x){.itdl-eq-ref}, "
        "here [(1.7)](#eq-pb-kl){.itdl-eq-ref}.\n\n```python\nx = '[[eq:pb-kl]]'\n```\n\n"
        '```quiz id="q"\nWhich bound is [(2.4)](../mdl/two-part.md#eq-mdl-x){.itdl-eq-ref}?\n- [x] This.\n```\n'
    )


@pytest.mark.parametrize(("reference", "message"), [
    ("[[eq:pb-missing]]", r"docs/ru/a\.md: \[\[eq:pb-missing\]\]: the book has no numbered formula 'pb-missing'"),
    ("[[tab:pb-kl]]", r"docs/ru/a\.md: \[\[tab:pb-kl\]\]: unknown kind 'tab'"),
])
def test_a_reference_to_nothing_fails_naming_the_page_and_the_target(reference, message):
    with pytest.raises(crossrefs.ReferenceError, match=message):
        crossrefs.substitute(f"See {reference}.", "a.md", TARGETS, "docs/ru/a.md")


def test_a_translation_must_keep_every_reference(tmp_path):
    english, russian = tmp_path / "en.md", tmp_path / "ru.md"
    english.write_text("# A {#a}\n\nEq. [[eq:pb-kl]] and Eq. [[eq:mdl-x]].\n", "utf-8")
    russian.write_text("# А {#a}\n\nФормула [[eq:mdl-x]].\n", "utf-8")
    assert any("references" in problem for problem in structure_differences(english, russian))
    russian.write_text("# А {#a}\n\nИз формул [[eq:mdl-x]] и [[eq:pb-kl]].\n", "utf-8")
    assert structure_differences(english, russian) == []


@pytest.mark.parametrize("lang", page_languages())
def test_a_reference_in_a_built_page_shows_the_number_its_formula_shows(built_site, lang):
    shown = _shown_numbers(built_site, lang)
    page = (built_site / ("" if lang == "en" else lang) / "pac-bayes" / "nonvacuous" / "index.html").read_text("utf-8")
    links = re.findall(r'<a class="itdl-eq-ref" href="\.\./#eq-(pb-[a-z-]+)">\(([0-9.]+)\)</a>', page)
    assert {"pb-maurer-kl", "pb-kl-inverse"} <= {formula_id for formula_id, _ in links}
    assert all(shown[formula_id] == f"({number})" for formula_id, number in links)
    assert re.search(r'(Chapter|Глава) <a href="\.\./">1</a> ', page), "[[sec:pac-bayes]] is chapter 1"


# -- chapters and their pages --------------------------------------------------------------------


def test_a_chapters_first_page_is_the_chapter_and_the_pages_after_it_its_sections():
    chapters = [Chapter("a", "A", ("a/index.md", "a/more.md", "a/nb.py")), Chapter("b", "B", ("b/index.md",))]
    assert numbering.page_numbers(chapters) == {"a/index.md": "1", "a/more.md": "1.1", "a/nb.py": "1.2",
                                                "b/index.md": "2"}


@pytest.mark.parametrize("lang", page_languages())
def test_headings_the_sidebar_and_the_chapter_map_show_the_same_numbers_in_every_language(built_site, lang):
    site = built_site / ("" if lang == "en" else lang)
    heading = re.compile(r'<h1 id="[^"]+"><span class="itdl-number">([0-9.]+)</span>\u00a0')
    assert heading.search((site / "pac-bayes" / "nonvacuous" / "index.html").read_text("utf-8"))[1] == "1.2"
    assert heading.search((site / "transformers" / "index.html").read_text("utf-8"))[1] == "4"
    assert not heading.search((site / "takeaways" / "index.html").read_text("utf-8")), "not a chapter's page"
    home = (site / "index.html").read_text("utf-8")
    titles = re.findall(r'class="chapter-map__title"[^>]*>([^<]*)<', home)
    assert [title.split("\u00a0")[0] for title in titles] == ["1", "2", "3", "4", "5"]
    sidebar = html.unescape(re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", home)))  # keeps no-break spaces
    assert "1.2\u00a0" in sidebar and "4.1\u00a0" in sidebar


# -- figures and quizzes ----------------------------------------------------------------------------

FIGURE_HTML = ('<figure class="itdl-figure" data-figure-fn="pacbayes.figures:bound_vs_kl_figure"><svg></svg>'
               "<figcaption>The bound.</figcaption></figure>")
QUIZ_HTML = ('<div class="quiz" id="quiz-pb-x" data-quiz-id="pb-x"><fieldset><legend class="quiz__question">'
             '<span class="quiz__label">Вопрос.</span> Why?</legend></fieldset></div>')


def test_a_figure_gets_its_anchor_and_its_number_before_the_caption():
    page = numbering.number_figures(FIGURE_HTML, {"bound-vs-kl": "1.2"}, "Рис. {number}.")
    assert '<figure class="itdl-figure" id="fig-bound-vs-kl"' in page
    assert '<figcaption><span class="itdl-fig-number">Рис. 1.2.</span> The bound.</figcaption>' in page


def test_a_quiz_label_gets_its_number():
    page = numbering.number_quizzes(QUIZ_HTML, {"pb-x": "1.4"}, "Вопрос {number}.")
    assert '<span class="quiz__label">Вопрос 1.4.</span> Why?' in page
    assert numbering.number_quizzes(QUIZ_HTML, {"other": "1.1"}, "Вопрос {number}.") == QUIZ_HTML


def test_references_to_a_figure_and_a_quiz_link_their_anchors_with_their_numbers():
    targets = crossrefs.Targets(figures={"bound-vs-kl": ("pac-bayes/index.md", "1.2")},
                                quizzes={"mdl-q": ("mdl/two-part.md", "2.3")})
    page = crossrefs.substitute("Figure [[fig:bound-vs-kl]], question [[quiz:mdl-q]].", "mdl/two-part.md",
                                targets, "docs/en/mdl/two-part.md")
    assert page == "Figure [1.2](../pac-bayes/index.md#fig-bound-vs-kl), question [2.3](#quiz-mdl-q)."


def _shown(site, lang, pattern) -> list[str]:
    shown = []
    for page in sorted((site / ("" if lang == "en" else lang)).rglob("index.html")):
        shown += re.findall(pattern, page.read_text("utf-8"))
    return shown


@pytest.mark.parametrize("lang", page_languages())
def test_figures_and_quizzes_show_the_numbers_of_their_places_in_every_language(built_site, lang):
    chapters = chapters_of(language_config("en").nav)
    figures, quizzes = numbering.figures_and_quizzes(DOCS / "en")
    figure_numbers = numbering.formula_numbers(figures, chapters)
    quiz_numbers = numbering.formula_numbers(quizzes, chapters)
    assert len(figure_numbers) == len(figures) and len(quiz_numbers) == len(quizzes)
    shown_figures = dict(_shown(built_site, lang, r'id="fig-([a-z0-9-]+)".*?itdl-fig-number">\D*([0-9.]+)\.</span>'))
    assert shown_figures == figure_numbers
    shown_quizzes = dict(_shown(built_site, lang, r'data-quiz-id="([a-z0-9-]+)">.*?quiz__label">\D*([0-9.]+)\.</span>'))
    assert shown_quizzes == quiz_numbers
