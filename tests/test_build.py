"""The strict build of every language, and what it must refuse."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import Abort

from sitebuild import katex
from sitebuild.languages import ROOT, language_config
from sitebuild.pages import DOCS, page_languages, pages

# Tags that make the browser fetch something (a canonical <link> or an <a href> does not).
EXTERNAL_REQUEST = re.compile(
    r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc="(?:https?:)?//"""
    r"""|<link\b(?=[^>]*\brel="(?:stylesheet|preload|prefetch|modulepreload|icon|manifest)")"""
    r"""[^>]*\bhref="(?:https?:)?//""",
    re.IGNORECASE,
)
CSS_URL = re.compile(r"url\((?!['\"]?(?:data:|#))['\"]?(?:https?:)?//", re.IGNORECASE)


def _page_html(site: Path, lang: str, page: Path) -> Path:
    rel = page.relative_to(DOCS / lang).with_suffix("")
    prefix = site / ("" if lang == "en" else lang)
    if rel.name == "index":
        return prefix / rel.parent / "index.html"
    return prefix / rel / "index.html"


@pytest.mark.parametrize("lang", page_languages())
def test_every_page_is_built_with_typeset_math(built_site, lang):
    for page in pages(lang):
        html = _page_html(built_site, lang, page).read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html, page
        body = html.split('<article', 1)[1].split("</article>", 1)[0]
        text = re.sub(r"<(pre|code|script|style|annotation)\b.*?</\1>", "", body, flags=re.S)
        assert "arithmatex" not in text, f"{page}: a formula was left for client-side MathJax"
        assert not re.search(r"\\\(|\\\[|\$\$|\\frac", text), f"{page}: raw TeX in the page"
        assert 'class="katex"' in html, f"{page}: no typeset math"
        assert "<math" in html, f"{page}: no MathML for screen readers"


@pytest.mark.parametrize("lang", page_languages())
def test_tables_of_contents_and_titles_show_no_raw_tex(built_site, lang):
    """Headings become table-of-contents entries and the browser tab's title, which are plain text:
    math in a heading shows there as raw TeX (seen: "Why divide by \\(\\sqrt{d_k}\\)")."""
    for page in pages(lang):
        html = _page_html(built_site, lang, page).read_text(encoding="utf-8")
        entries = re.findall(r'<a href="#[^"]*" class="md-nav__link">(.*?)</a>', html, flags=re.S)
        entries += re.findall(r"<title>(.*?)</title>", html, flags=re.S)
        for entry in entries:
            text = re.sub(r"<[^>]+>", "", entry)
            assert not re.search(r"\\[(\[a-zA-Z]|\$", text), (
                f"docs/{lang}/{page.relative_to(DOCS / lang)}: heading {' '.join(text.split())!r} shows raw TeX "
                "in the table of contents; write it without math"
            )


def test_built_site_requests_nothing_from_another_host(built_site):
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix in {".html", ".css"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            if EXTERNAL_REQUEST.search(text) or CSS_URL.search(text):
                offenders.append(path.relative_to(built_site).as_posix())
    assert not offenders, f"files that make a request outside the site: {offenders}"


def test_katex_fonts_and_styles_are_shipped(built_site):
    css = (built_site / "assets/katex/katex.min.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\((fonts/[^)]+)\)", css)
    assert fonts and all((built_site / "assets/katex" / f).is_file() for f in fonts)


@pytest.mark.parametrize("lang", page_languages())
def test_katex_fonts_keep_every_character_the_formulas_show(built_site, lang):
    """Each shipped font is KaTeX's, cut down to the characters of the language's typeset math
    (sitebuild/fontsubset.py): a glyph a formula needs is never dropped, and most others are."""
    import html as html_module
    import io

    from fontTools.ttLib import TTFont

    def characters(font: Path | bytes) -> set[str]:
        return set(map(chr, TTFont(io.BytesIO(font) if isinstance(font, bytes) else font).getBestCmap()))

    site = built_site / ("" if lang == "en" else lang)
    shown = set()
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        for start in (m.start() for m in re.finditer('<span class="katex">', text)):
            depth, position = 0, start  # the element's end: where its nested spans close
            for tag in re.compile(r"<(/?)span\b").finditer(text, start):
                depth += -1 if tag.group(1) else 1
                if depth == 0:
                    position = tag.end()
                    break
            shown.update(html_module.unescape(re.sub(r"<[^>]+>", "", text[start:position])))
    assert {"∑", "θ", "("} <= shown, "the formulas' characters were not found in the built pages"
    for original in sorted(katex.KATEX_DIST.glob("fonts/*.woff2")):
        full, shipped = characters(original.read_bytes()), characters(site / "assets/katex/fonts" / original.name)
        assert shown & full <= shipped, f"{original.name}: drops {sorted(shown & full - shipped)[:10]}"
        assert shipped <= full, f"{original.name}: has characters KaTeX's font does not"
    main = "fonts/KaTeX_Main-Regular.woff2"
    assert len(characters(site / "assets/katex" / main)) < len(characters((katex.KATEX_DIST / main).read_bytes())) / 2


def test_formula_index_exists_in_every_language_one_page_per_chapter(built_site):
    for lang in page_languages():
        prefix = built_site / ("" if lang == "en" else lang)
        overview = (prefix / "formulas/index.html").read_text(encoding="utf-8")
        assert 'href="pac-bayes/#pb-mcallester"' in overview and 'class="katex"' not in overview
        chapter = (prefix / "formulas/pac-bayes/index.html").read_text(encoding="utf-8")
        assert 'id="pb-mcallester"' in chapter and 'href="../../pac-bayes/#eq-pb-mcallester"' in chapter
        assert 'id="fi-bernoulli"' not in chapter, "another chapter's formula on the PAC-Bayes index page"
        assert 'id="fi-bernoulli"' in (prefix / "formulas/fisher/index.html").read_text(encoding="utf-8")


# -- what the build must refuse -------------------------------------------------------------------


def _build_docs(tmp_path: Path, lang: str, files: dict[str, str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in files.items():
        (docs / name).write_text(text, encoding="utf-8")
    config = language_config(lang, docs_dir=str(docs), site_dir=str(tmp_path / "site"), nav=[])
    mkdocs_build(config)


def test_unparsable_formula_fails_naming_page_and_formula(tmp_path):
    page = (
        '# T {#t}\n\n```formula id="pb-binary-kl" code="pacbayes/kl.py:binary_kl"\n'
        "\\frac{1}{\n```\n"
    )
    with pytest.raises(katex.MathError, match=r"index\.md.*\\\\frac\{1\}\{"):
        _build_docs(tmp_path, "en", {"index.md": page})


def test_missing_include_fails_the_build(tmp_path):
    page = '# T {#t}\n\n```python\n--8<-- "pacbayes/kl.py:no_such_section"\n```\n'
    with pytest.raises((Abort, Exception), match=r"no_such_section|Snippet"):
        _build_docs(tmp_path, "en", {"index.md": page})


def test_untranslated_page_is_served_in_english_with_a_russian_notice(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS / "ru", docs)
    (docs / "pac-bayes" / "index.md").unlink()
    site = tmp_path / "site"
    mkdocs_build(language_config("ru", docs_dir=str(docs), site_dir=str(site)))
    html = (site / "ru" / "pac-bayes" / "index.html").read_text(encoding="utf-8")
    english = (DOCS / "en/pac-bayes/index.md").read_text(encoding="utf-8").splitlines()[0]
    assert english.lstrip("# ").split(" {#")[0] in html
    assert "Перевод ещё не готов" in html
    assert "data-pagefind-body" not in html, "an English page must stay out of the Russian index"


def test_snippets_live_outside_docs():
    assert not list(DOCS.rglob("snippets")), "keep snippets/ outside docs/"
    assert (ROOT / "snippets").is_dir()


def test_strict_build_of_every_language_has_no_warnings(site_build) -> None:
    site, warnings = site_build
    assert (site / "index.html").is_file() and (site / "ru" / "index.html").is_file()
    assert not warnings, "the build logged warnings:\n" + "\n".join(warnings)


def test_figures_are_inline_svg_with_alt_text_and_no_raster_blobs(built_site) -> None:
    """Every figure is SVG computed at build time, named for screen readers in the page's
    language; no page carries a base64 PNG/JPEG (a notebook plot would have to become SVG)."""
    import re

    figures = 0
    for page in built_site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert not re.search(r"data:image/(png|jpe?g|gif|webp);base64", text), f"{page}: raster blob"
        for svg in re.findall(r'<svg class="itdl-chart"[^>]*>', text):
            figures += 1
            assert 'role="img"' in svg and "aria-label=" in svg, f"{page}: figure without alt text"
    assert figures, "no figure found: tests/test_counts.py checks each page has the figures it declares"
    russian = (built_site / "ru" / "pac-bayes" / "index.html").read_text("utf-8")
    assert "граница для R(Q)" in russian, "axis labels are not in the page's language"


def test_every_configured_language_with_interface_strings_has_all_of_them():
    """A missing key falls back to English silently (sitebuild/i18n.py), so an edition that has its
    own strings must have every key, or part of its interface would appear in English."""
    from sitebuild.i18n import STRINGS

    for lang, table in STRINGS.items():
        missing = sorted(set(STRINGS["en"]) - set(table))
        extra = sorted(set(table) - set(STRINGS["en"]))
        assert not missing and not extra, f"sitebuild/i18n.py [{lang}]: missing {missing}, unknown {extra}"


# -- notebook pages take the same pipeline as Markdown pages -------------------------------------


@pytest.mark.parametrize(("lang", "value"), [("en", "1.5 bits per letter"), ("ru", "1,5 бита на букву")])
def test_a_notebook_page_has_computed_values_and_glossary_hovers(built_site, lang, value):
    """The MDL notebook's Markdown cells use ``{{= mdl:entropy_bits([0.5, 0.25, 0.25]) }}`` (1/2 + 2/4 +
    2/4 = 1.5 bits) and glossary terms, like any Markdown page."""
    prefix = built_site / ("" if lang == "en" else lang)
    html = (prefix / "mdl" / "explore-mdl" / "index.html").read_text("utf-8")
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert value in text and "{{=" not in text
    assert re.search(r'<abbr title="[^"]+">', html), "no glossary hover on the notebook page"


NOTEBOOK = "# %% [markdown]\n# # A notebook {#nb}\n#\n# See [the other page](missing.md).\n\n# %%\nprint(1)\n"


def test_a_broken_link_in_a_notebook_fails_the_build_naming_it(tmp_path, caplog):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home {#home}\n", "utf-8")
    (docs / "nb.py").write_text(NOTEBOOK, "utf-8")
    config = language_config("en", docs_dir=str(docs), site_dir=str(tmp_path / "site"), nav=["index.md", "nb.py"])
    with pytest.raises(Abort):
        mkdocs_build(config)
    assert re.search(r"nb\.py.*missing\.md", caplog.text), caplog.text


SCIENCE = ("snippets", "torch", "numpy", "sklearn", "nbclient", "nbconvert", "jupytext", "mkdocs_jupyter")


def test_a_cached_build_does_no_science(built_site, tmp_path):
    """Once the suite's build has filled the cache, a build imports neither the snippets (nor what
    they compute with) nor the notebook tooling: figures, values and notebook pages come from the
    cache. The languages build one after another here (``jobs=1``): side by side, each would build
    in a forked child whose imports this process cannot list; both ways run the same
    ``build_language`` (tests/test_sidebyside.py checks they give the same bytes)."""
    script = (
        "import sys\nfrom sitebuild.build import build\n"
        f"build(site_dir={str(tmp_path / 'site')!r}, jobs=1)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({SCIENCE!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout[-2000:]
