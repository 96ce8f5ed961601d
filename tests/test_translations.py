"""The translation status report (``python -m sitebuild translations``) and the outdated notice,
on throwaway git repositories: missing, outdated (by commits), structure, glossary, no history."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sitebuild import translations
from sitebuild.__main__ import main
from sitebuild.i18n import strings

GLOSSARY = """\
- id: posterior
  en: {term: posterior, definition: The distribution chosen after the data.}
  ru:
    term: апостериорное распределение
    definition: Распределение, выбранное после данных.
    avoid: [постериор]
"""
EN_INTRO = "# Intro {#intro}\n\nFirst line.\n\n## Part {#part}\n\nSecond line.\n"
RU_INTRO = "# Введение {#intro}\n\nПервая строка.\n\n## Часть {#part}\n\nВторая строка.\n"
EN_OTHER = "# Other {#other}\n\nText.\n"
RU_OTHER = "# Другое {#other}\n\nТекст.\n"


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=env).stdout


def _write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _commit(repo: Path, files: dict[str, str], message: str) -> None:
    _write(repo, files)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """English and Russian committed together: everything up to date and clean."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _commit(root, {"docs/glossary.yml": GLOSSARY, "docs/en/index.md": EN_INTRO,
                   "docs/ru/index.md": RU_INTRO, "docs/en/other.md": EN_OTHER,
                   "docs/ru/other.md": RU_OTHER}, "both languages")
    return root


def _report(root: Path) -> translations.LanguageReport:
    return translations.report("ru", root)


def _run(root: Path, *args: str, check: bool = True, diff_dir: Path | None = None) -> int:
    return translations.run(list(args) or None, check=check, diff_dir=diff_dir and str(diff_dir), root=root)


def test_a_clean_repository_reports_nothing_and_passes_the_check(repo: Path, capsys) -> None:
    result = _report(repo)
    assert not result.failed and result.pages == 2 and result.history_reason is None
    assert _run(repo) == 0
    assert "0 missing, 0 outdated, 0 structure problems, 0 glossary problems" in capsys.readouterr().out


def test_a_missing_page_is_reported_and_fails_the_check(repo: Path, capsys) -> None:
    _commit(repo, {"docs/en/new.md": "# New {#new}\n"}, "new English page")
    assert _report(repo).missing == ["new.md"]
    assert _run(repo, check=False) == 0  # without --check: report only
    assert _run(repo) == 1
    assert "missing: docs/ru/new.md" in capsys.readouterr().out


def test_an_english_commit_after_the_translation_makes_it_outdated_with_the_diff(
    repo: Path, tmp_path: Path, capsys
) -> None:
    _commit(repo, {"docs/en/index.md": EN_INTRO.replace("Second line.", "A brand-new sentence.")}, "edit")
    result = _report(repo)
    assert [item.page for item in result.outdated] == ["index.md"]
    assert "+A brand-new sentence." in result.outdated[0].diff
    assert "-Second line." in result.outdated[0].diff
    assert "1 insertion(+), 1 deletion(-)" in result.outdated[0].stat
    assert _run(repo, diff_dir=tmp_path / "diffs") == 1
    out = capsys.readouterr().out
    assert "outdated: docs/ru/index.md" in out and "1 file changed" in out
    assert "+A brand-new sentence." in (tmp_path / "diffs" / "ru" / "index.md.diff").read_text("utf-8")
    assert translations.outdated_pages("ru", repo) == {"index.md"}


def test_a_translation_committed_after_the_english_change_is_up_to_date(repo: Path) -> None:
    _commit(repo, {"docs/en/index.md": EN_INTRO + "\nMore.\n"}, "edit English")
    _commit(repo, {"docs/ru/index.md": RU_INTRO + "\nЕщё.\n"}, "catch up")
    _commit(repo, {"docs/en/other.md": EN_OTHER + "\nMore.\n", "docs/ru/other.md": RU_OTHER + "\nЕщё.\n"},
            "both in one commit")
    result = _report(repo)
    assert result.outdated == [] and not result.failed
    assert translations.outdated_pages("ru", repo) == set()


def test_a_translation_made_on_a_branch_without_the_english_change_is_outdated(repo: Path) -> None:
    _git(repo, "checkout", "-q", "-b", "translate")
    _commit(repo, {"docs/ru/index.md": RU_INTRO + "\nПравка.\n"}, "polish the translation")
    _git(repo, "checkout", "-q", "main")
    _commit(repo, {"docs/en/index.md": EN_INTRO + "\nNew.\n"}, "English moves on")
    _git(repo, "merge", "-q", "--no-edit", "translate")
    assert [item.page for item in _report(repo).outdated] == ["index.md"]
    _commit(repo, {"docs/ru/index.md": RU_INTRO + "\nПравка.\n\nНовое.\n"}, "catch up after the merge")
    assert _report(repo).outdated == []


def test_a_translators_check_without_an_edit_brings_a_translation_up_to_date(repo: Path, capsys) -> None:
    """An English edit the translation already matched: an empty commit with the trailer
    "Translation-checked: ru/<page>" covers the English commits it contains, and no later ones."""
    _commit(repo, {"docs/en/index.md": EN_INTRO.replace("Second line.", "Second line, as Russian says.")}, "edit")
    assert _run(repo) == 1
    assert "Translation-checked: ru/index.md" in capsys.readouterr().out  # the report says how
    _git(repo, "commit", "-q", "--allow-empty", "-m", "checked", "--trailer", "Translation-checked: ru/other.md")
    assert [item.page for item in _report(repo).outdated] == ["index.md"]  # another page's check
    _git(repo, "commit", "-q", "--allow-empty", "-m", "checked", "--trailer", "Translation-checked: ru/index.md")
    assert _report(repo).outdated == [] and translations.outdated_pages("ru", repo) == set()
    _commit(repo, {"docs/en/index.md": EN_INTRO + "\nLater.\n"}, "English moves on")
    assert [item.page for item in _report(repo).outdated] == ["index.md"]


def test_uncommitted_english_edits_are_a_hint_not_outdated(repo: Path) -> None:
    _write(repo, {"docs/en/index.md": EN_INTRO + "\nDraft.\n"})
    result = _report(repo)
    assert result.outdated == [] and not result.failed
    assert any("docs/en/index.md has uncommitted changes" in hint for hint in result.hints)


def test_an_uncommitted_translation_cannot_be_told(repo: Path) -> None:
    _commit(repo, {"docs/en/new.md": "# New {#new}\n"}, "new English page")
    _write(repo, {"docs/ru/new.md": "# Новое {#new}\n"})
    result = _report(repo)
    assert result.outdated == [] and result.unknown == [("new.md", "docs/ru/new.md has no commits yet")]
    assert not result.failed


@pytest.mark.parametrize("kind", ["shallow", "no-git"])
def test_without_history_it_says_it_cannot_tell_and_gates_on_the_rest(
    repo: Path, tmp_path: Path, kind: str, capsys
) -> None:
    _commit(repo, {"docs/en/index.md": EN_INTRO + "\nChanged.\n"}, "English after the translation")
    copy = tmp_path / "copy"
    if kind == "shallow":
        subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(copy)], check=True)
        reason = "shallow clone"
    else:
        shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git"))
        reason = "not a git repository"
    result = _report(copy)
    assert result.outdated == [] and reason in (result.history_reason or "")
    assert translations.outdated_pages("ru", copy) == set()
    assert _run(copy) == 0
    out = capsys.readouterr().out
    assert re.search(rf"outdated: cannot tell \({reason}", out), out
    _write(copy, {"docs/ru/index.md": RU_INTRO.replace("{#part}", "{#other-part}")})
    assert _run(copy) == 1  # the other checks still gate


def test_a_structure_difference_fails_the_check(repo: Path, capsys) -> None:
    _commit(repo, {"docs/ru/index.md": RU_INTRO.replace("{#part}", "{#chast}")}, "wrong anchor")
    result = _report(repo)
    assert len(result.structure) == 1
    assert "docs/ru/index.md: heading anchors differ from docs/en/index.md" in result.structure[0]
    assert "'part' in English, 'chast' here" in result.structure[0]
    assert _run(repo) == 1


def test_a_forbidden_glossary_variant_is_reported_with_page_and_line(repo: Path, capsys) -> None:
    _commit(repo, {"docs/ru/other.md": RU_OTHER + "\nЗдесь постериор.\n"}, "jargon")
    result = _report(repo)
    assert result.terminology == [
        "docs/ru/other.md:5: 'постериор' -> use the glossary term 'апостериорное распределение' (posterior)"
    ]
    assert _run(repo) == 1
    assert "glossary: docs/ru/other.md:5: 'постериор'" in capsys.readouterr().out


def test_the_cli_exit_codes_on_this_repository(capsys) -> None:
    """`--check` on the real repository: 0 exactly when its report names no problem."""
    with pytest.raises(SystemExit) as checked:
        main(["translations", "--check"])
    out = capsys.readouterr().out
    kinds = r"  (missing|extra|structure|glossary|outdated: docs)"
    problems = [line for line in out.splitlines() if re.match(kinds, line)]
    assert checked.value.code == (1 if problems else 0), out
    with pytest.raises(SystemExit) as unknown:
        main(["translations", "--check", "--lang", "xx"])
    assert unknown.value.code == 1


# -- the notice readers see ----------------------------------------------------------------------


@pytest.mark.parametrize(("url", "prefix", "link"), [
    ("pac-bayes/", "ru/", "../../pac-bayes/"),
    ("", "ru/", "../"),
    ("pac-bayes/nonvacuous/", "ru/", "../../../pac-bayes/nonvacuous/"),
    ("mdl/index.html", "ru/", "../../mdl/index.html"),
])
def test_the_notice_links_to_the_english_page(url: str, prefix: str, link: str) -> None:
    assert translations.english_link(url, prefix) == link


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_outdated_notice_opens_the_page_in_its_language(lang: str) -> None:
    t = strings(lang)
    page = translations.outdated_notice_markdown("# Title {#t}\n\nText.\n", t, "../../x/")
    assert page.startswith(f'# Title {{#t}}\n\n!!! info "{t["outdated_title"]}"\n\n    ')
    assert f'<a href="../../x/" hreflang="en">{t["outdated_link"]}</a>' in page
    assert page.endswith("\n\nText.\n")
    assert "{link}" not in page


def test_a_page_with_a_notice_keeps_its_title() -> None:
    """MkDocs takes the title (browser tab, sidebar, chapter map) from the page's first element only."""
    import markdown as md
    from mkdocs.structure.pages import _ExtractTitleTreeprocessor

    t = strings("ru")
    for source in ("# Заголовок {#t}\n\nТекст.\n", "\n# Заголовок\n"):
        page = translations.outdated_notice_markdown(source, t, "../x/")
        converter = md.Markdown(extensions=["admonition", "attr_list"])
        title = _ExtractTitleTreeprocessor()
        title._register(converter)
        converter.convert(page)
        assert title.title == "Заголовок"
    untitled = translations.notice_markdown("Text.\n", "warning", "T", "B")
    assert untitled.startswith('!!! warning "T"') and untitled.endswith("Text.\n")


def test_the_built_site_has_the_notice_exactly_on_outdated_pages(built_site: Path) -> None:
    from sitebuild.pages import DOCS, page_languages, pages

    for lang in page_languages()[1:]:
        outdated = translations.outdated_pages(lang)
        title = strings(lang)["outdated_title"]
        for page in pages(lang):
            rel = page.relative_to(DOCS / lang).with_suffix("").as_posix()
            rel = rel.removesuffix("index").strip("/")
            built = built_site / lang / rel / "index.html"
            has_notice = title in built.read_text("utf-8")
            assert has_notice == (page.relative_to(DOCS / lang).as_posix() in outdated), built
