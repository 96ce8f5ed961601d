"""The bibliography: entries formatted per language, citations by key, and every citation on the
site going through it (sitebuild/bibliography.py, sitebuild/citations.py)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from sitebuild import bibliography, citations
from sitebuild.bibliography import BibliographyError
from sitebuild.document import parse
from sitebuild.pages import markdown_of, page_languages
from sitebuild.paths import ROOT

# Entries of each kind the book cites; the expected texts below were written from the styles'
# rules (APA 7th ed. §§9.4-9.52; GOST R 7.0.5-2008 §§4-5 with «и др.» after the first of four or
# more authors), not copied from the program's output.
SAMPLE = """
@book{cover2006,
  author = {Cover, Thomas M. and Thomas, Joy A.},
  title = {Elements of Information Theory},
  edition = {2},
  publisher = {Wiley},
  address = {Hoboken, NJ},
  year = {2006},
  doi = {10.1002/047174882X},
}

@article{shannon1948,
  author = {Shannon, Claude E.},
  title = {A Mathematical Theory of Communication},
  journal = {Bell System Technical Journal},
  volume = {27},
  number = {3},
  pages = {379--423},
  year = {1948},
}

@misc{kaplan2020,
  author = {Kaplan, Jared and McCandlish, Sam and Henighan, Tom and Brown, Tom B.},
  title = {Scaling laws for neural language models},
  year = {2020},
  eprint = {2001.08361},
}

@inproceedings{hinton1993,
  author = {Hinton, Geoffrey E. and van Camp, Drew},
  title = {Keeping the neural networks simple by minimizing the description length of the weights},
  booktitle = {Proceedings of the Sixth Annual Conference on Computational Learning Theory},
  publisher = {ACM},
  address = {New York},
  pages = {5--13},
  year = {1993},
}

@techreport{langford2001,
  author = {Langford, John and Seeger, Matthias},
  title = {Bounds for averaging classifiers},
  institution = {Carnegie Mellon University},
  number = {CMU-CS-01-102},
  year = {2001},
}
"""

EXPECTED = {
    "en": {
        "cover2006": "Cover, T. M., & Thomas, J. A. (2006). Elements of Information Theory (2nd ed.). Wiley.",
        "shannon1948": "Shannon, C. E. (1948). A Mathematical Theory of Communication. Bell System Technical "
                       "Journal, 27(3), 379–423.",
        "hinton1993": "Hinton, G. E., & van Camp, D. (1993). Keeping the neural networks simple by minimizing the "
                      "description length of the weights. Proceedings of the Sixth Annual Conference on "
                      "Computational Learning Theory, 5–13.",
        "langford2001": "Langford, J., & Seeger, M. (2001). Bounds for averaging classifiers (CMU-CS-01-102). "
                        "Carnegie Mellon University.",
    },
    "ru": {
        "cover2006": "Cover T. M., Thomas J. A. Elements of Information Theory. 2-е изд. Hoboken, NJ: Wiley, 2006.",
        "shannon1948": "Shannon C. E. A Mathematical Theory of Communication // Bell System Technical Journal. "
                       "1948. Т. 27, № 3. С. 379–423.",
        "kaplan2020": "Kaplan J. и др. Scaling laws for neural language models. arXiv, 2020.",
        "hinton1993": "Hinton G. E., van Camp D. Keeping the neural networks simple by minimizing the description "
                      "length of the weights // Proceedings of the Sixth Annual Conference on Computational "
                      "Learning Theory. New York: ACM, 1993. С. 5–13.",
        "langford2001": "Langford J., Seeger M. Bounds for averaging classifiers. CMU-CS-01-102. "
                        "Carnegie Mellon University, 2001.",
    },
}
LABELS = {
    "en": {"cover2006": "Cover & Thomas, 2006", "kaplan2020": "Kaplan et al., 2020", "shannon1948": "Shannon, 1948"},
    "ru": {"cover2006": "Cover, Thomas, 2006", "kaplan2020": "Kaplan и др., 2020", "shannon1948": "Shannon, 1948"},
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bib") / "sample.bib"
    path.write_text(SAMPLE, "utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_entries_are_formatted_in_the_language_s_style(sample, lang):
    entries = bibliography.load(lang, sample).entries
    for key, expected in EXPECTED[lang].items():
        assert entries[key].text == expected, key
    for key, label in LABELS[lang].items():
        assert entries[key].label == label


def test_entries_link_their_doi_and_arxiv_pages(sample):
    entries = bibliography.load("ru", sample).entries
    assert entries["cover2006"].links == (("DOI: 10.1002/047174882X", "https://doi.org/10.1002/047174882X"),)
    assert '<a href="https://arxiv.org/abs/2001.08361">arXiv:2001.08361</a>' in entries["kaplan2020"].html


def test_the_english_list_is_alphabetical_and_the_russian_one_too(sample):
    for lang in ("en", "ru"):
        keys = list(bibliography.load(lang, sample).entries)
        assert keys == ["cover2006", "hinton1993", "kaplan2020", "langford2001", "shannon1948"]


SAME_FIRST_AUTHOR = """
@inproceedings{lotfi2024, author={Lotfi, Sanae and Finzi, Marc Anton and Kuang, Yilun}, title={C}, year={2024}}
@inproceedings{lotfi2023, author={Lotfi, Sanae and Finzi, Marc and Kuang, Yilun}, title={B}, year={2023}}
@inproceedings{lotfi2022, author={Lotfi, Sanae and Finzi, Marc and Kapoor, Sanyam}, title={A}, year={2022}}
@article{lotfi2030, author={Lotfi, Sanae}, title={D}, journal={J}, year={2030}}
@article{lotfi2021, author={Lotfi, Sanae and Finzi, Marc and Kapoor, Sanyam}, title={E}, journal={J}, year={2021}}
"""


def test_works_of_one_first_author_are_ordered_name_by_name(tmp_path):
    """The second authors first (Finzi, M. before Finzi, M. A., nothing before something), then the
    third (Kapoor before Kuang); the one-author work before them all, the same authors by year."""
    path = tmp_path / "same.bib"
    path.write_text(SAME_FIRST_AUTHOR, "utf-8")
    for lang in ("en", "ru"):
        keys = list(bibliography.load(lang, path).entries)
        assert keys == ["lotfi2030", "lotfi2021", "lotfi2022", "lotfi2023", "lotfi2024"], lang


@pytest.mark.parametrize(("entry", "message"), [
    ("@book{Cover2006, author={A, B}, title={T}, year={2006}}", "keys are a surname and a year"),
    ("@book{a2006, author={A, B}, title={T}, year={2006}, month={May}}", "a2006: unknown field.s. month"),
    ("@book{a2006, author={A, B}, title={T}}", "a2006: missing year"),
    ("@book{a2006, author={Gr{\\\"u}nwald, P}, title={T}, year={2006}}", "a2006: field .* LaTeX markup"),
    ("@book{a2006, author={A, B}, title={T}, year={2006}, doi={https://doi.org/10.1/x}}", "is not a DOI"),
    ("@book{a2006, author={A, B}, title={T}, year={2006}, eprint={arXiv:2001.08361}}", "not an arXiv identifier"),
    ("@video{a2006, author={A, B}, title={T}, year={2006}}", "unknown entry type @video"),
])
def test_a_bad_entry_fails_naming_the_file_and_the_key(tmp_path, entry, message):
    path = tmp_path / "bad.bib"
    path.write_text(entry, "utf-8")
    with pytest.raises(BibliographyError, match=message):
        bibliography.load("en", path)


def test_two_entries_cited_alike_fail(tmp_path):
    path = tmp_path / "twins.bib"
    path.write_text("@book{a2006, author={A, B}, title={T}, year={2006}}\n"
                    "@book{a2006b, author={A, B}, title={U}, year={2006}}\n", "utf-8")
    with pytest.raises(BibliographyError, match=r"a2006.* and a2006b"):
        bibliography.load("en", path)


ALIKE = """
@misc{kim2020, author = {Kim, A. and Lee, B. and Park, C. and Choi, D. and Yoon, G.}, title = {One}, year = {2020}}
@misc{kim2020b, author = {Kim, A. and Lee, B. and Jung, E. and Choi, D. and Yoon, G.}, title = {Two}, year = {2020}}
@misc{kim2020d, author = {Kim, A. and Lee, B. and Jung, E. and Choi, D.}, title = {Four}, year = {2020}}
@misc{kim2020c, author = {Kim, A. and Han, F. and Park, C.}, title = {Three}, year = {2020}}
"""


@pytest.mark.parametrize(("lang", "expected"), [
    # APA 7th ed.: as many names as tell the works apart, then "et al.", which stands for two or more
    # names: with one left, it is written out (kim2020d); GOST has no rule of its own, so the same names
    # with «и др.»
    ("en", {"kim2020": "Kim, Lee, Park, et al.", "kim2020b": "Kim, Lee, Jung, Choi, & Yoon",
            "kim2020c": "Kim, Han, & Park", "kim2020d": "Kim, Lee, Jung, & Choi"}),
    ("ru", {"kim2020": "Kim, Lee, Park и др.", "kim2020b": "Kim, Lee, Jung, Choi, Yoon", "kim2020c": "Kim, Han, Park",
            "kim2020d": "Kim, Lee, Jung, Choi"}),
])
def test_works_cited_alike_name_as_many_authors_as_tell_them_apart(tmp_path, lang, expected):
    path = tmp_path / "alike.bib"
    path.write_text(ALIKE, "utf-8")
    entries = bibliography.load(lang, path).entries
    assert {key: entry.authors for key, entry in entries.items()} == expected
    assert {entry.label for entry in entries.values()} == {f"{names}, 2020" for names in expected.values()}
    narrative = citations.substitute("As @kim2020 and @kim2020c show.", bibliography.load(lang, path), "R", "x.md")
    joined = {"en": "Kim, Han, and Park", "ru": "Kim, Han и Park"}[lang]
    assert f"[{expected['kim2020']} " in narrative and f"[{joined} " in narrative


@pytest.mark.parametrize(("lang", "written", "shown"), [
    ("en", "[@cover2006, Theorem 5.4.3]", "([Cover & Thomas, 2006, Theorem 5.4.3](#ref-cover2006"),
    ("ru", "[@cover2006, теорема 5.4.3]", "&#91;[Cover, Thomas, 2006, теорема 5.4.3](#ref-cover2006"),
    ("en", "@kaplan2020 [Eq. (1.1)]", "[Kaplan et al. (2020, Eq. (1.1))](#ref-kaplan2020"),
    ("en", "@cover2006", "[Cover and Thomas (2006)](#ref-cover2006"),
    ("ru", "@cover2006", "[Cover и Thomas &#91;2006&#93;](#ref-cover2006"),
    ("ru", "Шеннон [-@shannon1948]", "Шеннон &#91;[1948](#ref-shannon1948"),
])
def test_citation_forms(sample, lang, written, shown):
    page = citations.substitute(f"As {written} shows.", bibliography.load(lang, sample), "R", "docs/x.md")
    assert shown in page


def test_several_works_share_one_pair_of_brackets_and_the_page_ends_with_its_references(sample):
    text = "Bounds [@langford2001; @shannon1948, §2]. Code: `@kaplan2020`.\n\n```python\n@kaplan2020\n```\n"
    page = citations.substitute(text, bibliography.load("en", sample), "References", "docs/en/x.md")
    body, _, listed = page.partition("## References {#references}")
    assert "([Langford & Seeger, 2001](#ref-langford2001" in body
    assert "; [Shannon, 1948, §2](#ref-shannon1948" in body
    assert "```python\n@kaplan2020\n```" in body and "`@kaplan2020`" in body, "code is left as written"
    assert re.findall(r'<li id="ref-([a-z0-9]+)">', listed) == ["langford2001", "shannon1948"]


def test_a_page_that_cites_nothing_is_unchanged(sample):
    text = "Write to someone@example.org; decorators:\n\n```python\n@torch.no_grad()\n```\n"
    assert citations.substitute(text, bibliography.load("en", sample), "References", "docs/en/x.md") == text


def test_an_unknown_key_fails_naming_the_page_and_the_key(sample):
    with pytest.raises(BibliographyError, match=r"docs/ru/pac-bayes/index\.md: @nobody2020: no such entry"):
        citations.substitute("[@nobody2020]", bibliography.load("ru", sample), "R", "docs/ru/pac-bayes/index.md")


# -- the book ---------------------------------------------------------------------------------------

def _pages(lang: str) -> list[Path]:
    folder = ROOT / "docs" / lang
    return sorted(p for p in folder.rglob("*") if p.suffix in {".md", ".py"})


def test_every_entry_of_the_book_formats_in_both_languages():
    for lang in ("en", "ru"):
        entries = bibliography.load(lang).entries
        assert entries, "docs/references.bib has entries"
        for entry in entries.values():
            assert entry.text.endswith(".") and entry.year in entry.text, (lang, entry.key, entry.text)


def test_every_entry_is_cited_and_every_citation_resolves():
    known = set(bibliography.load("en").entries)
    cited: Counter[str] = Counter()
    for lang in page_languages():
        for page in _pages(lang):
            keys = citations.cited_keys(markdown_of(page), str(page))
            assert set(keys) <= known, f"{page.relative_to(ROOT)}: unknown keys {sorted(set(keys) - known)}"
            cited.update(keys)
    assert known - set(cited) == set(), "entries of docs/references.bib no page cites"


# "Author (2017", "Author et al. 2017", "Author & Other, 2017", "Author (*Book Title*": a citation
# written by hand. Prose only (code, math and the citation syntax itself are left out).
_NAMES = r"\b[A-Z][\w'’-]+(?: et al\.|,? (?:&|and) [A-Z][\w'’-]+(?: (?:&|and) [A-Z][\w'’-]+)?)?"
FREE_TEXT_CITATION = re.compile(rf"{_NAMES}'?s?,? \(?(?:1[89]|20)\d\d\b|{_NAMES}(?:, \(?| \()\*[^*\n]+\*")
_CODE_OR_MATH = re.compile(r"`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$|\[-?@[^\]]*\]|@[a-z-]+\d{4}[a-z]?", re.S)


def _prose_of(text: str, name: str) -> str:
    document = parse(text, name)
    code = {fence.kind for fence in document.fences} - {"quiz"}
    parts = [text[start:end] for start, end, is_code in document.spans(code) if not is_code]
    return _CODE_OR_MATH.sub(" ", "\n".join(parts))


def test_the_pattern_finds_free_text_citations():
    for written in ("Zhang et al. (2017, ICLR)", "(Cover & Thomas 2006, §2)", "Rissanen (1978)",
                    "Hastie, Tibshirani & Friedman (2009)", "(Zhang et al., 2017)", "Elias 1975",
                    "(Lehmann & Casella, *Theory of Point Estimation*, 2nd ed., 1998)"):
        assert FREE_TEXT_CITATION.search(_prose_of(written, "x")), written
    for written in ("[@zhang2017]", "@rissanen1978 [§2]", "in 784 dimensions", "`Zhang 2017`", "$N 2017$"):
        assert not FREE_TEXT_CITATION.search(_prose_of(written, "x")), written


def test_no_page_cites_in_free_text():
    found = []
    for lang in page_languages():
        for page in _pages(lang):
            prose = _prose_of(markdown_of(page), str(page))
            found += [f"{page.relative_to(ROOT)}: {m[0]!r}" for m in FREE_TEXT_CITATION.finditer(prose)]
    glossary = yaml.safe_load((ROOT / "docs" / "glossary.yml").read_text("utf-8"))
    for entry in glossary:
        for lang, spec in entry.items():
            if isinstance(spec, dict):
                found += [f"docs/glossary.yml: {entry['id']} ({lang}): {m[0]!r}"
                          for m in FREE_TEXT_CITATION.finditer(_prose_of(str(spec.get("definition", "")), "g"))]
    assert found == [], "cite these by key ([@key], see CONTRIBUTING.md):\n" + "\n".join(found)


def _built(site: Path, lang: str, page: Path) -> Path:
    relative = page.relative_to(ROOT / "docs" / lang).with_suffix("")
    folder = relative.parent if relative.name == "index" else relative
    return site / ("" if lang == "en" else lang) / folder / "index.html"


@pytest.mark.parametrize("lang", page_languages())
def test_each_built_page_ends_with_the_works_it_cites_and_its_citations_link_there(built_site, lang):
    order = list(bibliography.load(lang).entries)
    for page in _pages(lang):
        cited = set(citations.cited_keys(markdown_of(page), str(page)))
        html = _built(built_site, lang, page).read_text("utf-8")
        listed = re.findall(r'<li id="ref-([a-z0-9-]+)">', html)
        assert listed == [key for key in order if key in cited], page.relative_to(ROOT)
        assert set(re.findall(r'href="#ref-([a-z0-9-]+)"', html)) == cited, page.relative_to(ROOT)


@pytest.mark.parametrize("lang", page_languages())
def test_the_bibliography_page_lists_every_entry_with_its_links(built_site, lang):
    entries = bibliography.load(lang).entries
    html = (built_site / ("" if lang == "en" else lang) / "bibliography" / "index.html").read_text("utf-8")
    assert re.findall(r'<li id="ref-([a-z0-9-]+)">', html) == list(entries)
    for entry in entries.values():
        item = html[html.index(f'<li id="ref-{entry.key}">'):].split("</li>", 1)[0]
        for shown, url in entry.links:
            assert f'<a href="{url}">{shown}</a>' in item, (entry.key, url)
        assert 'class="itdl-cited-on"' in item, f"{entry.key}: the pages citing it"
