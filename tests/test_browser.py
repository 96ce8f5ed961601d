"""The built site in a real Chromium, served on 127.0.0.1, every other host blocked.

Checks what a reader sees: typeset math on Markdown and notebook pages, the language switcher
landing on the same page both ways (also after an instant navigation), Russian search finding
other word forms and no English page, no console errors, no request leaving 127.0.0.1.
Screenshots go to .artifacts/screenshots/ (not committed).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import lxml.html
import pytest

from sitebuild.languages import ROOT
from sitebuild.pages import pages

SHOTS = ROOT / ".artifacts" / "screenshots"
pytestmark = pytest.mark.browser


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _assert_typeset(page):
    article = page.locator("article")
    assert page.locator("article .katex").count() > 0, "no typeset math"
    assert page.locator("article math").count() > 0, "no MathML"
    visible = article.inner_text()
    for raw in ("\\frac", "\\kl", "$$", "\\(", "\\["):
        assert raw not in visible, f"raw TeX {raw!r} visible on {page.url}"
    # the KaTeX fonts really loaded (served locally)
    assert page.evaluate("document.fonts.check('16px KaTeX_Main')")


@pytest.mark.parametrize("lang", ["", "ru/"])
def test_math_is_typeset_on_markdown_and_notebook_pages(page, visit, lang):
    for path, name in [("pac-bayes/", "chapter"), ("pac-bayes/explore-bounds/", "notebook")]:
        visit(lang + path)
        _assert_typeset(page)
        _shot(page, f"{name}-{lang.strip('/') or 'en'}")


def _switch_language(page, lang):
    page.locator(".md-select").first.hover()
    page.locator(f"a.itdl-lang-link[hreflang='{lang}']").click()
    page.wait_for_load_state()


def test_switcher_keeps_the_page_both_ways_also_after_instant_navigation(page, server, navigate_instantly):
    page.goto(server)
    page.wait_for_load_state("networkidle")  # Material has read sitemap.xml: links are instant
    # instant navigation: Material fetches the next page instead of loading it
    page.evaluate("window.__itdl_marker = 1")
    navigate_instantly(page.locator("nav.md-nav--primary a[href$='pac-bayes/']").first)
    page.wait_for_url(server + "pac-bayes/")
    assert page.evaluate("window.__itdl_marker") == 1, "navigation was not instant"
    _switch_language(page, "ru")
    assert page.url == server + "ru/pac-bayes/"
    assert page.locator("html").get_attribute("lang") == "ru"
    # and back, again after an instant navigation on the Russian side
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__itdl_marker = 2")
    navigate_instantly(page.locator("nav.md-nav--primary a[href$='formulas/']").first)
    page.wait_for_url(server + "ru/formulas/")
    assert page.evaluate("window.__itdl_marker") == 2, "navigation was not instant"
    _switch_language(page, "en")
    assert page.url == server + "formulas/"
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("query", ["границы", "оценки"])
def test_russian_search_finds_other_word_forms_and_no_english_page(page, visit, site_search, query):
    visit("ru/")
    hrefs = site_search(query)
    assert any("/ru/pac-bayes/" in h for h in hrefs), hrefs
    assert all("/ru/" in h for h in hrefs), f"English pages in Russian search: {hrefs}"
    _shot(page, f"search-ru-{query}")


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGE_KINDS = {
    # the notebook page is also an explorer page (sitebuild/explorers.py): audited with its chart drawn
    "home": "", "chapter": "pac-bayes/", "notebook": "pac-bayes/explore-bounds/", "index": "formulas/pac-bayes/",
}


def _url_path(source: Path) -> str:
    rel = source.relative_to(ROOT / "docs" / "en").with_suffix("").as_posix()
    rel = rel.removesuffix("index").rstrip("/")
    return f"{rel}/" if rel else ""


def _formula_index_pages() -> set[str]:
    """The generated Formula index: its overview and one page per chapter that has formulas."""
    from mkdocs.config import load_config

    from sitebuild.formulas import chapters_of, collect_formulas
    from sitebuild.languages import CONFIG_FILE

    on_pages = {f.page for f in collect_formulas(ROOT / "docs" / "en")}
    chapters = chapters_of(load_config(str(CONFIG_FILE)).nav)
    return {"formulas/"} | {f"formulas/{c.slug}/" for c in chapters if on_pages & set(c.pages)}


# Every page of the site (a new chapter is audited without touching this file), and of the generated
# formula index its overview and one chapter's page: the other chapters' pages are the same template
# around the formulas of their chapter's page, audited there with the same MathML
# (test_the_unaudited_formula_index_pages_are_drawn_like_the_audited_one checks the template).
INDEX_PAGES = _formula_index_pages()
EVERY_PAGE = sorted({_url_path(p) for p in pages("en")} | {"formulas/", PAGE_KINDS["index"]})


@functools.cache
def _axe_source() -> str:
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci`"
    return AXE.read_text("utf-8")


# The impacts the audits fail on. Since axe-core 4.8 the impact is the rule's, one per rule whichever
# check fails (dequelabs/axe-core#4114, "Deprecate impact on checks, use rules instead"): a rule of
# moderate or minor impact cannot report a serious or critical violation, so it is not run at all.
SEVERE = ("serious", "critical")
IMPACTS = ("minor", "moderate", *SEVERE)
# The rules of axe's default run (WCAG 2.x A/AA rules and best practices), each with its declared impact:
# the rules a default run on an empty page reports on (an empty page, so that it takes no time; the
# whole document, so that page-level rules run), and their impacts from axe's rule table (the public
# axe.getRules() leaves the impact out).
DEFAULT_RULES = """async () => {
    const ran = await axe.run(document, {});
    const ids = new Set(["violations", "passes", "incomplete", "inapplicable"].flatMap(
        (kind) => ran[kind].map((rule) => rule.id)));
    return axe._audit.rules.filter((rule) => ids.has(rule.id)).map((rule) => [rule.id, rule.impact]);
}"""


@functools.cache
def _severe_rules(browser_context) -> tuple[str, ...]:
    """The rules of axe's default run whose violations are serious or critical. Fails if a rule has no
    impact of its own, as before axe-core 4.8, where leaving the others out could hide what they find."""
    blank = browser_context.new_page()
    try:
        blank.set_content('<html lang="en"><title>t</title><main><h1>t</h1></main></html>')
        blank.add_script_tag(content=_axe_source())
        rules = blank.evaluate(DEFAULT_RULES)
    finally:
        blank.close()
    assert len(rules) > 50, f"axe's default run has {len(rules)} rules"
    without = [rule for rule, impact in rules if impact not in IMPACTS]
    assert not without, f"axe rules without an impact of their own: {without}"
    return tuple(rule for rule, impact in rules if impact in SEVERE)


def _axe(page, skip: tuple[str, ...] = (), only: tuple[str, ...] = ()) -> list[dict]:
    """Serious and critical axe-core violations (WCAG 2.x A/AA rules and best practices), but the rules
    in ``skip``; with ``only``, just those rules."""
    page.add_script_tag(content=_axe_source())
    rules = list(only) or [rule for rule in _severe_rules(page.context) if rule not in skip]
    options = {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": rules}}
    # KaTeX's visual HTML is aria-hidden (screen readers get the MathML, audited) and drawn in the text's
    # colours: leaving it out makes a page of formulas a fifth faster to audit
    result = page.evaluate("async (options) => await axe.run({exclude: [['.katex-html']]}, options)", options)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in SEVERE
    ]


def _explorers_drawn(page):
    """Explorers audited as readers use them: sliders enabled, the chart drawn (assets/explorer.js)."""
    page.wait_for_function("[...document.querySelectorAll('figure.itdl-explorer')]"
                           ".every((figure) => figure.hasAttribute('data-ready'))", timeout=10_000)


# Rules whose verdict is a function of the styles alone (colours of text and links against their
# background): half of an audit's time. A translation whose page has no element, class or inline style
# that its English twin lacks is drawn from the same styles, so in light mode these rules run on the
# twin only; a translated page with anything of its own is audited in full. Dark mode changes the
# colours alone: every kind of page is audited there with these rules (the others give the verdicts of
# the same page in light mode, where every page is audited), its translations by the same rule.
STYLE_RULES = ("color-contrast", "link-in-text-block")
# classes of the Russian edition's typography (sitebuild/typography.py) that set no colour
LAYOUT_ONLY = {"itdl-nowrap"}
COLOUR = re.compile(r"color|background|opacity|filter|border|outline|text-decoration")


def test_the_layout_only_classes_set_no_colour():
    css = (ROOT / "sitebuild" / "theme" / "assets" / "itdl.css").read_text("utf-8")
    for name in LAYOUT_ONLY:
        rules = re.findall(r"[^{}]*\." + re.escape(name) + r"\b[^{}]*\{([^}]*)\}", css)
        assert rules, f"no rule for .{name} in itdl.css"
        assert not [rule for rule in rules if COLOUR.search(rule)], f".{name} sets a colour: {rules}"


def _styles(html: Path) -> set[tuple]:
    """Each (tag, class, inline style) that occurs in a built page where axe looks (not inside KaTeX's
    aria-hidden visual HTML); elements of layout-only classes (and no inline style) left out."""
    tree = lxml.html.parse(str(html))
    for hidden in tree.xpath("//*[contains(@class, 'katex-html')]"):
        hidden.drop_tree()
    found = set()
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        classes, style = set(el.get("class", "").split()), el.get("style", "")
        if classes and classes <= LAYOUT_ONLY and not style:
            continue
        found.add((el.tag, " ".join(sorted(classes)), style))
    return found


def _drawn_like_its_twin(built_site: Path, lang: str, path: str) -> bool:
    own = _styles(built_site / lang / path / "index.html")
    return own <= _styles(built_site / path / "index.html")


def test_a_translated_page_with_a_class_of_its_own_is_audited_for_contrast(tmp_path):
    (tmp_path / "x").mkdir(parents=True)
    (tmp_path / "ru" / "x").mkdir(parents=True)
    (tmp_path / "x" / "index.html").write_text('<p class="a">text</p>', "utf-8")
    (tmp_path / "ru" / "x" / "index.html").write_text(
        '<p class="a">текст<span class="katex-html"><b style="top: 1em">x</b></span>'
        '<span class="itdl-nowrap">а —</span></p>', "utf-8")
    assert _drawn_like_its_twin(tmp_path, "ru", "x/")
    (tmp_path / "ru" / "x" / "index.html").write_text('<p class="a"><em class="b">текст</em></p>', "utf-8")
    assert not _drawn_like_its_twin(tmp_path, "ru", "x/")
    (tmp_path / "ru" / "x" / "index.html").write_text('<p class="a" style="color: #999">текст</p>', "utf-8")
    assert not _drawn_like_its_twin(tmp_path, "ru", "x/")


def test_the_audit_runs_the_style_rules_alone_or_leaves_them_out(page):
    page.set_content('<html lang="en"><title>t</title><main><h1>t</h1>'
                     '<p style="color: #777; background: #888">grey on grey</p>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></html>')
    found = {v["id"] for v in _axe(page, only=STYLE_RULES)}
    assert found == {"color-contrast"}  # the image without alt text is another rule's
    found = {v["id"] for v in _axe(page, skip=STYLE_RULES)}
    assert "image-alt" in found and "color-contrast" not in found


def test_the_severe_rules_alone_find_what_a_default_run_reports_as_severe(page):
    page.set_content('<html lang="en"><title>t</title><p>outside every landmark</p><main><h1>t</h1>'
                     '<h4>a level skipped</h4><p style="color: #777; background: #888">grey on grey</p>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button></main></html>')
    found = {v["id"] for v in _axe(page)}
    default = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                            ".violations.map((v) => [v.id, v.impact])")
    assert {impact for _, impact in default} - set(SEVERE), "the page should also have milder violations"
    assert found == {rule for rule, impact in default if impact in SEVERE} == {
        "color-contrast", "image-alt", "button-name"}


@pytest.mark.parametrize("lang", ["", "ru/"])
def test_the_unaudited_formula_index_pages_are_drawn_like_the_audited_one(built_site, lang):
    audited = _styles(built_site / lang / PAGE_KINDS["index"] / "index.html")
    others = sorted(INDEX_PAGES - set(EVERY_PAGE))
    assert others, "every formula index page is audited: drop this test or audit fewer"
    for path in others:
        extra = _styles(built_site / lang / path / "index.html") - audited
        assert not extra, f"{lang}{path} has markup that {PAGE_KINDS['index']} lacks, audit it: {sorted(extra)[:5]}"


def _audit(page, visit, lang, path, scheme, skip=(), only=()):
    prefix = "" if lang == "en" else f"{lang}/"
    # the palette follows the reader's system setting (mkdocs.yml), as a dark-mode reader gets it
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    visit(prefix + path)
    assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
    assert page.locator("html").get_attribute("lang") == lang
    if page.locator("article .katex").count():
        # formulas reach screen readers as MathML, the visual HTML is hidden from them
        assert page.locator("article .katex-mathml math").count() > 0
        assert page.locator("article .katex-html[aria-hidden='true']").count() > 0
    _explorers_drawn(page)
    violations = _axe(page, skip, only)
    assert not violations, f"{page.url} ({scheme}): " + "\n".join(map(str, violations))


@pytest.mark.parametrize("path", EVERY_PAGE)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_accessibility_of_every_page(page, visit, built_site, lang, path):
    skip = STYLE_RULES if lang != "en" and _drawn_like_its_twin(built_site, lang, path) else ()
    _audit(page, visit, lang, path, "default", skip)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_accessibility_of_every_kind_of_page_in_dark_mode(page, visit, kind):
    _audit(page, visit, "en", PAGE_KINDS[kind], "slate", only=STYLE_RULES)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_in_dark_mode_a_translated_page_is_drawn_like_its_audited_twin(built_site, kind):
    """The dark-mode audit runs the colour rules alone, so the English page's verdict is the
    translation's as long as the translation has no element, class or inline style of its own."""
    assert _drawn_like_its_twin(built_site, "ru", PAGE_KINDS[kind]), (
        f"ru/{PAGE_KINDS[kind]} has markup its English twin lacks: audit it in dark mode too")


@pytest.mark.parametrize("kind", ["chapter", "notebook"])
def test_accessibility_on_a_phone_where_formulas_scroll(page, visit, kind):
    page.set_viewport_size({"width": 390, "height": 844})
    visit(PAGE_KINDS[kind])  # widths are final once the fonts are in
    if kind == "chapter":  # some display formulas are wider than a phone: they must take focus
        page.wait_for_function("document.querySelectorAll(\".katex-display[tabindex='0']\").length > 0",
                               timeout=5_000)
    _explorers_drawn(page)
    violations = _axe(page)
    assert not violations, f"{page.url} (390 px): " + "\n".join(map(str, violations))
