"""What a reader does with a lesson, in Chromium: quizzes and progress, the chapter map, glossary
hovers and notebook downloads, in both languages (fixtures in conftest.py; network limited to
127.0.0.1). Screenshots of a quiz in both languages and colour schemes go to
.artifacts/screenshots/ (not committed)."""

from __future__ import annotations

import json
import urllib.request

import pytest

from sitebuild.glossary import entries
from sitebuild.i18n import strings
from sitebuild.languages import ROOT
from sitebuild.quiz import quizzes_in_text

SHOTS = ROOT / ".artifacts" / "screenshots"
pytestmark = pytest.mark.browser
LANGS = {"en": "", "ru": "ru/"}
QUIZ = "pb-what-generalizes"  # its option 0 is wrong, option 1 right (docs/*/pac-bayes/index.md)


def _quiz_count(*pages: str) -> int:
    """Quizzes on English pages (every language has the same, tests/test_parity.py)."""
    return sum(len(quizzes_in_text((ROOT / "docs" / "en" / p).read_text("utf-8"))) for p in pages)


PAGE = _quiz_count("pac-bayes/index.md")  # the page the test answers on
CHAPTER = _quiz_count(*(p.relative_to(ROOT / "docs" / "en").as_posix()
                        for p in sorted((ROOT / "docs" / "en" / "pac-bayes").glob("*.md"))))
SITE = _quiz_count(*(p.relative_to(ROOT / "docs" / "en").as_posix()
                     for p in sorted((ROOT / "docs" / "en").rglob("*.md"))))


def _progress(page) -> str:
    return page.locator(".quiz-progress .quiz-progress__count").first.inner_text()


def _answer(page, quiz_id: str, option: int):
    quiz = page.locator(f"#quiz-{quiz_id}")
    quiz.locator(f"#quiz-{quiz_id}-{option}").check()
    quiz.locator(".quiz__check").click()
    return quiz


@pytest.mark.parametrize("lang", LANGS)
def test_quiz_wrong_right_reload_map_and_reset(page, visit, lang):
    t = strings(lang)
    chapter = LANGS[lang] + "pac-bayes/"
    visit(chapter)
    assert _progress(page) == f"0/{PAGE}"
    quiz = page.locator(f"#quiz-{QUIZ}")
    assert quiz.locator(".quiz__check").inner_text() == t["quiz_check"]
    assert quiz.locator(".quiz__explanation:visible").count() == 0, "explanations shown before answering"

    _answer(page, QUIZ, 0)  # wrong
    assert quiz.locator(".quiz__result").inner_text() == t["quiz_wrong"]
    assert quiz.locator(".quiz__explanation:visible").count() == 4, "every option explains itself"
    assert t["quiz_option_wrong"] in quiz.locator(".quiz__option").nth(0).inner_text()
    assert _progress(page) == f"0/{PAGE}", "a wrong answer must not count"
    assert "quiz--done" not in (quiz.get_attribute("class") or "")

    _answer(page, QUIZ, 1)  # right
    assert quiz.locator(".quiz__result").inner_text() == t["quiz_right"]
    assert _progress(page) == f"1/{PAGE}"
    _shot(page, quiz, f"quiz-{lang}-light")

    page.reload()
    assert _progress(page) == f"1/{PAGE}", "progress lost on reload"
    assert "quiz--done" in page.locator(f"#quiz-{QUIZ}").get_attribute("class")
    assert page.locator(f"#quiz-{QUIZ} .quiz__result").inner_text() == t["quiz_done_before"]

    visit(LANGS[lang])  # the chapter map on the home page
    chapter_row = page.locator(".chapter-map__chapter").first
    assert chapter_row.locator(".quiz-progress__count").inner_text() == f"1/{CHAPTER}"
    assert page.locator(".chapter-map__progress .quiz-progress__count").inner_text() == f"1/{SITE}"
    assert page.locator(".chapter-map__progress button").inner_text() == t["map_reset"]
    page.locator(".chapter-map__progress button").click()
    assert chapter_row.locator(".quiz-progress__count").inner_text() == f"0/{CHAPTER}"

    visit(chapter)
    assert _progress(page) == f"0/{PAGE}", "reset did not clear the chapter"


def test_progress_survives_instant_navigation_and_the_page_reset(page, server, navigate_instantly):
    page.goto(server + "pac-bayes/")
    page.wait_for_load_state("networkidle")  # Material has read sitemap.xml: links are instant
    _answer(page, "pb-minimize-kl", 0)
    assert _progress(page) == f"1/{PAGE}"
    page.evaluate("window.__marker = 1")
    navigate_instantly(page.locator("nav.md-nav--primary a[href$='explore-bounds/']").first)
    page.wait_for_url(server + "pac-bayes/explore-bounds/")
    navigate_instantly(page.locator("nav.md-nav--primary a[href$='pac-bayes/']").first)
    page.wait_for_url(server + "pac-bayes/")
    assert page.evaluate("window.__marker") == 1, "navigation was not instant"
    assert _progress(page) == f"1/{PAGE}"
    _answer(page, "pb-kl-form-number", 1)  # wrong, then the page's own reset
    page.locator(".quiz-progress__reset").first.click()
    assert _progress(page) == f"0/{PAGE}"
    assert page.locator("#quiz-pb-minimize-kl .quiz__explanation:visible").count() == 0


@pytest.mark.parametrize("lang", LANGS)
def test_a_quiz_can_be_answered_with_the_keyboard_alone(page, visit, lang):
    visit(LANGS[lang] + "pac-bayes/")
    page.locator("#check-yourself .headerlink").focus()  # the heading just above the quizzes
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == f"quiz-{QUIZ}":
            break
    focused = page.evaluate("document.activeElement.id")
    assert focused.startswith(f"quiz-{QUIZ}-"), f"Tab reached {focused!r}, not the quiz"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "no visible focus on the option"
    page.keyboard.press("ArrowDown")  # radio group: arrows move the choice to option 1
    assert page.evaluate("document.activeElement.id") == f"quiz-{QUIZ}-1"
    page.keyboard.press("Tab")
    assert "quiz__check" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    assert page.locator(f"#quiz-{QUIZ} .quiz__result").inner_text() == strings(lang)["quiz_right"]


@pytest.mark.parametrize("lang", LANGS)
def test_hovering_a_term_shows_its_definition_in_the_page_language(page, visit, lang):
    visit(LANGS[lang] + "pac-bayes/")
    prior = next(entry for entry in entries() if entry.id == "prior")
    term = page.locator("article abbr", has_text=prior.terms[lang]).first
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().strip() == prior.definitions[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_a_notebook_page_offers_its_ipynb_and_py(page, visit, lang):
    visit(LANGS[lang] + "pac-bayes/explore-bounds/")
    links = page.locator(".nb-downloads a[download]")
    hrefs = sorted(links.nth(i).evaluate("a => a.href") for i in range(links.count()))
    assert [h.rsplit("/", 1)[1] for h in hrefs] == ["explore-bounds.ipynb", "explore-bounds.py"]
    with urllib.request.urlopen(hrefs[0]) as response:
        notebook = json.loads(response.read())
    assert notebook["nbformat"] == 4
    assert any(cell.get("outputs") for cell in notebook["cells"]), "downloaded notebook has no outputs"
    with urllib.request.urlopen(hrefs[1]) as response:
        script = response.read().decode()
    assert script.startswith("# %% [markdown]") and "{#" not in script


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_screenshots_of_a_quiz(page, visit, lang, scheme):
    page.emulate_media(color_scheme=scheme)
    visit(LANGS[lang] + "pac-bayes/")
    quiz = _answer(page, "pb-classical-vacuous", 0)  # multiple choice, one of two right answers
    assert quiz.locator(".quiz__result").inner_text() == strings(lang)["quiz_wrong"]
    _shot(page, quiz, f"quiz-{lang}-{scheme}-answered")


def _shot(page, locator, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.mark.parametrize("lang", LANGS)
def test_pointing_at_a_formula_reference_shows_that_formula(page, visit, lang):
    """[[eq:pb-maurer-kl]] on the nonvacuous page names a formula of the chapter's first page: the
    preview is fetched from there, typeset, and carries the same number as the link."""
    visit(LANGS[lang] + "pac-bayes/nonvacuous/")
    link = page.locator('article a.itdl-eq-ref[href$="#eq-pb-maurer-kl"]').first
    link.hover()
    preview = page.locator("#itdl-eq-preview")
    preview.wait_for(state="visible", timeout=5_000)
    assert preview.locator(".katex").count() == 1
    assert preview.locator(".katex-tag").inner_text().strip() == link.inner_text().strip()
    assert link.get_attribute("aria-describedby") == "itdl-eq-preview"
    page.mouse.move(0, 0)
    preview.wait_for(state="detached", timeout=5_000)


@pytest.mark.parametrize("lang", LANGS)
def test_pointing_at_a_citation_shows_its_entry(page, visit, lang):
    """A citation carries no title repeating its entry: pointing at it shows the entry from the page's
    own references, in the page's language, DOI link included."""
    visit(LANGS[lang] + "mdl/two-part/")
    link = page.locator('article a.itdl-cite[href$="#ref-rissanen1978"]').first
    assert link.get_attribute("title") is None
    link.hover()
    preview = page.locator("#itdl-eq-preview")
    preview.wait_for(state="visible", timeout=5_000)
    entry = page.locator("#ref-rissanen1978")
    assert preview.inner_text().strip() == entry.inner_text().strip()
    assert "Modeling by shortest data description" in " ".join(preview.inner_text().split())
    assert preview.locator('a[href^="https://doi.org/"]').count() == 1
    page.mouse.move(0, 0)
    preview.wait_for(state="detached", timeout=5_000)
