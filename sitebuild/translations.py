"""Translation status of every language against English (``python -m sitebuild translations``).

Per non-English language:

* missing pages: an English page with no translation (the build serves English with a notice);
* outdated pages: the English page changed in a commit the translation's last commit does not
  contain (judged by commit ancestry, from one ``git log`` pass over ``docs/``; a translation
  committed together with its English page is up to date). Uncommitted edits never count: they
  are shown as hints. Without usable history (no git, not a repository, a shallow clone, a file
  with no commits yet) the report says it cannot tell, and nothing counts as outdated;
* structure: :func:`sitebuild.pages.structure_differences`, the check ``tests/test_parity.py`` runs;
* terminology: :func:`sitebuild.glossary.terminology_problems`, the check ``tests/test_glossary.py``
  runs (variants the glossary's ``avoid`` lists forbid, with page and line);
* style: :func:`sitebuild.style.problems`, what a program can check of the language's style sheet
  (bibliographic labels in English, digit grouping, formula words left in English), the check
  ``tests/test_style.py`` runs.

The build uses :func:`outdated_pages` to open an outdated translation with a notice for readers.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild import style
from sitebuild.glossary import entries, terminology_problems
from sitebuild.languages import SOURCE_LANGUAGE
from sitebuild.pages import pages, structure_differences
from sitebuild.paths import ROOT

_RECORD, _UNIT = "\x1e", "\x1f"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "core.quotePath=false", "-C", str(root), *args],
        capture_output=True, text=True, encoding="utf-8", errors="replace", check=False,
    )


@dataclass
class History:
    """What the commits say about ``docs/``; ``reason`` says why they cannot say anything."""

    root: Path
    reason: str | None = None
    head: str | None = None
    last: dict[str, str] = field(default_factory=dict)  # root-relative path -> last commit
    touched: dict[str, list[str]] = field(default_factory=dict)  # path -> commits, newest first
    parents: dict[str, tuple[str, ...]] = field(default_factory=dict)  # simplified graph
    uncommitted: set[str] = field(default_factory=set)  # root-relative paths
    # translation path -> English commits of its original that a "Translation-checked:" commit covers
    checked: dict[str, set[str]] = field(default_factory=dict)
    _ancestors: dict[str, set[str]] = field(default_factory=dict, repr=False)

    @property
    def usable(self) -> bool:
        return self.reason is None

    def ancestors(self, commit: str) -> set[str]:
        """``commit`` and every commit of the log it descends from."""
        if commit not in self._ancestors:
            seen, todo = set(), [commit]
            while todo:
                current = todo.pop()
                if current not in seen:
                    seen.add(current)
                    todo.extend(self.parents.get(current, ()))
            self._ancestors[commit] = seen
        return self._ancestors[commit]

    def outdated(self, lang: str, page: str) -> bool | None:
        """Whether English changed after the translation's last commit; None: cannot tell."""
        english, translation = self.last.get(f"docs/{SOURCE_LANGUAGE}/{page}"), self.last.get(f"docs/{lang}/{page}")
        if not self.usable or english is None or translation is None:
            return None
        # any English commit the translation's last commit does not contain (parallel branches too)
        # and no translator confirmed the translation against (a "Translation-checked:" commit)
        ancestors = self.ancestors(translation)
        confirmed = self.checked.get(f"docs/{lang}/{page}", set())
        return any(commit not in ancestors and commit not in confirmed
                   for commit in self.touched[f"docs/{SOURCE_LANGUAGE}/{page}"])

    def why_unknown(self, lang: str, page: str) -> str:
        if self.reason:
            return self.reason
        for path in (f"docs/{SOURCE_LANGUAGE}/{page}", f"docs/{lang}/{page}"):
            if path not in self.last:
                return f"{path} has no commits yet"
        return "unknown"


def history(root: Path = ROOT) -> History:
    """One ``git log`` pass over ``docs/`` (plus a few ``rev-parse`` calls); never raises."""
    root = Path(root)
    if shutil.which("git") is None:
        return History(root, "git is not installed: no history to compare")
    top = _git(root, "rev-parse", "--show-prefix")
    if top.returncode != 0:
        return History(root, "not a git repository (an unpacked archive?): no history to compare")
    prefix = top.stdout.strip()
    if _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        return History(root, "shallow clone: no history to compare")
    head = _git(root, "rev-parse", "--verify", "-q", "HEAD")
    if head.returncode != 0:
        return History(root, "no commits yet: no history to compare")
    log = _git(root, "log", "--topo-order", "--full-history", "--parents", "--name-only",
               f"--format={_RECORD}%H{_UNIT}%P", "HEAD", "--", "docs")
    if log.returncode != 0:
        return History(root, f"git log failed: {log.stderr.strip() or log.returncode}")
    found = History(root, head=head.stdout.strip())
    for record in log.stdout.split(_RECORD)[1:]:
        first, _, names = record.partition("\n")
        commit, _, parents = first.partition(_UNIT)
        found.parents[commit] = tuple(parents.split())
        for name in names.splitlines():
            if name.startswith(prefix) and name.strip():
                found.last.setdefault(name[len(prefix):], commit)  # newest first: keep the first
                found.touched.setdefault(name[len(prefix):], []).append(commit)
    _read_checked(root, found)
    status = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", "docs")
    entries_ = status.stdout.split("\0")
    index = 0
    while index < len(entries_):
        entry = entries_[index]
        index += 1
        if len(entry) > 3:
            name = entry[3:]
            if name.startswith(prefix):
                found.uncommitted.add(name[len(prefix):])
            if entry[0] in "RC":  # a rename is followed by its old name
                index += 1
    return found


# A commit whose message ends with the trailer "Translation-checked: ru/fisher/explore-fisher.py" (one
# per page; git commit --allow-empty --trailer ...) says a translator compared the translation with
# its English original as that commit has it, and found nothing to change: English commits up to
# there no longer make it outdated. For an English edit that brings the English in line with what the
# translation already says, or one that changes nothing a translation shows.
CHECKED_TRAILER = "Translation-checked"


def _read_checked(root: Path, found: History) -> None:
    log = _git(root, "log", f"--format={_RECORD}%H{_UNIT}%(trailers:key={CHECKED_TRAILER},valueonly,separator=%x1d)",
               "HEAD")
    for record in log.stdout.split(_RECORD)[1:]:
        commit, _, values = record.strip().partition(_UNIT)
        for value in filter(None, (v.strip() for v in values.split("\x1d"))):
            lang, _, page = value.partition("/")
            if not page or lang == SOURCE_LANGUAGE:
                continue
            english = _git(root, "rev-list", commit, "--", f"docs/{SOURCE_LANGUAGE}/{page}")
            found.checked.setdefault(f"docs/{lang}/{page}", set()).update(english.stdout.split())


_CACHE: dict[tuple[Path, str], History] = {}


def outdated_pages(lang: str, root: Path = ROOT) -> set[str]:
    """Pages of ``lang`` (paths under ``docs/<lang>/``) whose English original changed since;
    empty without usable history. One history per repository and HEAD, shared by the languages."""
    if lang == SOURCE_LANGUAGE or shutil.which("git") is None:
        return set()
    head = _git(root, "rev-parse", "--verify", "-q", "HEAD")
    if head.returncode != 0:  # not a repository, or no commits yet
        return set()
    key = (Path(root), head.stdout.strip())
    if key not in _CACHE:
        _CACHE[key] = history(root)
    found = _CACHE[key]
    docs = Path(root) / "docs"
    return {
        rel
        for path in pages(lang, docs)
        if found.outdated(lang, rel := path.relative_to(docs / lang).as_posix())
    }


# -- the notices readers see ---------------------------------------------------------------------


_TITLE_LINE = re.compile(r"\A\s*# [^\n]*(?:\n|\Z)")


def notice_markdown(markdown: str, kind: str, title: str, body: str) -> str:
    """``markdown`` with an admonition of ``kind`` (Material's warning, info...) right under the
    page's title (MkDocs takes a page's title from its first element only when that is the H1), or
    first when the page has no title line."""
    notice = f'!!! {kind} "{title}"\n\n    {body}\n\n'
    heading = _TITLE_LINE.match(markdown)
    if heading is None:
        return notice + markdown
    return heading.group(0).rstrip("\n") + "\n\n" + notice + markdown[heading.end():]


def english_link(page_url: str, lang_prefix: str) -> str:
    """Relative URL from a page of the language under ``lang_prefix`` to its English original."""
    ups = page_url.count("/") + len([part for part in lang_prefix.split("/") if part])
    return "../" * ups + page_url or "./"


def _notice_parts(strings: dict[str, str], link: str) -> tuple[str, str]:
    anchor = f'<a href="{html.escape(link)}" hreflang="{SOURCE_LANGUAGE}">{strings["outdated_link"]}</a>'
    return strings["outdated_title"], strings["outdated_body"].format(link=anchor)


def outdated_notice_markdown(markdown: str, strings: dict[str, str], link: str) -> str:
    """``markdown`` opened by the outdated-translation admonition (raw-HTML link: MkDocs' strict
    link validation only looks at Markdown links)."""
    return notice_markdown(markdown, "info", *_notice_parts(strings, link))


# -- the report ----------------------------------------------------------------------------------


@dataclass
class Outdated:
    page: str
    translation_commit: str
    english_commit: str
    stat: str
    diff: str


@dataclass
class LanguageReport:
    lang: str
    pages: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    outdated: list[Outdated] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # page, why
    history_reason: str | None = None
    structure: list[str] = field(default_factory=list)
    terminology: list[str] = field(default_factory=list)
    style: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.missing or self.extra or self.outdated or self.structure or self.terminology or self.style)

    def lines(self) -> list[str]:
        out = [
            f"{self.lang}: {self.pages} pages; {len(self.missing)} missing, "
            + (f"{len(self.outdated)} outdated" if self.history_reason is None else "outdated unknown")
            + f", {len(self.structure)} structure problems, {len(self.terminology)} glossary problems, "
            + f"{len(self.style)} style problems"
        ]
        out += [f"  missing: docs/{self.lang}/{page}" for page in self.missing]
        out += [f"  extra: docs/{self.lang}/{page} (English has no such page)" for page in self.extra]
        if self.history_reason:
            out.append(f"  outdated: cannot tell ({self.history_reason})")
        for item in self.outdated:
            out.append(
                f"  outdated: docs/{self.lang}/{item.page}: translation last committed in "
                f"{item.translation_commit[:10]}, docs/{SOURCE_LANGUAGE}/{item.page} changed since "
                f"(last in {item.english_commit[:10]}): {item.stat or 'no textual change'}"
            )
        if self.outdated:
            out.append(f"  to clear one: commit the updated translation; or, if it already says what the English "
                       f"now says, commit your check: git commit --allow-empty -m '...' --trailer "
                       f"'{CHECKED_TRAILER}: {self.lang}/{self.outdated[0].page}' (one trailer per page)")
        out += [f"  outdated: cannot tell for docs/{self.lang}/{page} ({why})" for page, why in self.unknown]
        out += [f"  structure: {problem}" for problem in self.structure]
        out += [f"  glossary: {problem}" for problem in self.terminology]
        out += [f"  style: {problem}" for problem in self.style]
        out += [f"  hint: {hint}" for hint in self.hints]
        return out


def translation_languages(root: Path = ROOT) -> list[str]:
    """The languages to report on: ``extra.languages`` of mkdocs.yml for this repository, the
    folders of ``docs/`` for any other root (the tests' throwaway repositories)."""
    if Path(root).resolve() == ROOT.resolve():
        from sitebuild.pages import page_languages

        return [lang for lang in page_languages() if lang != SOURCE_LANGUAGE]
    docs = Path(root) / "docs"
    return sorted(p.name for p in docs.iterdir() if p.is_dir() and p.name != SOURCE_LANGUAGE)


def report(lang: str, root: Path = ROOT, found: History | None = None) -> LanguageReport:
    root = Path(root)
    found = found or history(root)
    docs = root / "docs"
    english = [p.relative_to(docs / SOURCE_LANGUAGE).as_posix() for p in pages(SOURCE_LANGUAGE, docs)]
    translated = [p.relative_to(docs / lang).as_posix() for p in pages(lang, docs)]
    result = LanguageReport(lang, pages=len(translated), history_reason=found.reason)
    result.missing = [page for page in english if page not in translated]
    result.extra = sorted(set(translated) - set(english))
    glossary_file = docs / "glossary.yml"
    for page in english:
        if page not in translated:
            continue
        source, target = docs / SOURCE_LANGUAGE / page, docs / lang / page
        try:
            result.structure += structure_differences(
                source, target, f"docs/{SOURCE_LANGUAGE}/{page}", f"docs/{lang}/{page}"
            )
        except ValueError as error:  # an unclosed fence, a broken formula fence...
            result.structure.append(f"docs/{lang}/{page}: cannot compare: {error}")
        state = found.outdated(lang, page)
        if state:
            since, english_commit = found.last[f"docs/{lang}/{page}"], found.last[f"docs/{SOURCE_LANGUAGE}/{page}"]
            path = f"docs/{SOURCE_LANGUAGE}/{page}"
            stat = _git(root, "diff", "--shortstat", since, "HEAD", "--", path).stdout.strip()
            diff = _git(root, "diff", since, "HEAD", "--", path).stdout
            result.outdated.append(Outdated(page, since, english_commit, stat, diff))
        elif state is None and found.usable:
            result.unknown.append((page, found.why_unknown(lang, page)))
        if f"docs/{SOURCE_LANGUAGE}/{page}" in found.uncommitted:
            result.hints.append(
                f"docs/{SOURCE_LANGUAGE}/{page} has uncommitted changes (not counted: outdated is "
                "judged from commits; commit them to see whether the translation falls behind)"
            )
    for page in translated:
        result.style += style.problems(docs / lang / page, lang, f"docs/{lang}/{page}")
    if glossary_file.exists():
        for page in translated:
            text = (docs / lang / page).read_text("utf-8")
            result.terminology += terminology_problems(
                text, lang, f"docs/{lang}/{page}", entries(glossary_file)
            )
    return result


def write_diffs(result: LanguageReport, diff_dir: Path) -> list[Path]:
    written = []
    for item in result.outdated:
        target = Path(diff_dir) / result.lang / f"{item.page}.diff"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(item.diff, encoding="utf-8")
        written.append(target)
    return written


def run(langs: list[str] | None = None, *, check: bool = False, diff_dir: str | None = None,
        root: Path = ROOT, fix: bool = False) -> int:
    """Print the report; the exit status (non-zero only with ``check`` and a problem). ``fix``:
    first repair, in place, what the style rules know how to repair."""
    root = Path(root)
    found = history(root)
    known = translation_languages(root)
    failed = False
    for lang in langs or known:
        if lang == SOURCE_LANGUAGE or lang not in known:
            print(f"{lang}: not a translation language here (choose from {', '.join(known)})")
            failed = True
            continue
        if fix:
            for page in pages(lang, root / "docs"):
                if repaired := style.repair(page, lang):
                    print(f"{lang}: repaired {repaired} in {page.relative_to(root).as_posix()}")
        result = report(lang, root, found)
        print("\n".join(result.lines()))
        if diff_dir:
            for path in write_diffs(result, Path(diff_dir)):
                print(f"  diff: {path}")
        failed = failed or result.failed
    if found.reason:
        print(f"note: outdated pages cannot be told ({found.reason}); --check gates on the other checks")
    return 1 if check and failed else 0
