"""The verification record: made for one commit and its sources, shown on every formula, checked
before publishing; and the tracer that fails a formula-marked test which never runs its formula."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from sitebuild import formulas, verification
from sitebuild.i18n import strings
from sitebuild.verification import FormulaRecord, Record, Section

pytest_plugins = ["pytester"]

REF = "pacbayes/kl.py:binary_kl"


def _record(commit: str = "9f3c2e1aa", sources: str = "s", **tests: str) -> Record:
    outcomes = tests or {"tests/test_a.py::test_one": "passed", "tests/test_a.py::test_two[1]": "passed"}
    entered = sorted(name for name, outcome in outcomes.items() if outcome == "passed")
    return Record(commit, sources, {"pb-binary-kl": FormulaRecord(
        outcomes, {REF: Section(entered, (9, 9), (1, 2))})})


def test_a_record_reads_back_as_written(tmp_path: Path) -> None:
    record = _record()
    record.save(tmp_path / "r.json")
    assert verification.load(tmp_path / "r.json") == record
    assert verification.load(tmp_path / "missing.json") is None


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True,
                   capture_output=True)


def test_a_record_counts_only_for_its_own_commit_and_sources(tmp_path: Path) -> None:
    for folder in verification.SOURCES:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.py").write_text("x = 1\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "one")
    path = tmp_path / "record.json"
    Record(verification.head_commit(tmp_path), verification.sources_digest(tmp_path)).save(path)
    assert verification.current(path, tmp_path) is not None
    (tmp_path / "tests" / "a.py").write_text("x = 2\n")  # an uncommitted edit to a test
    assert verification.current(path, tmp_path) is None
    assert verification.tested_commit(tmp_path).endswith("-dirty")  # a run now verifies no commit
    (tmp_path / "tests" / "a.py").write_text("x = 1\n")
    assert verification.tested_commit(tmp_path) == verification.head_commit(tmp_path)
    _git(tmp_path, "commit", "-q", "--allow-empty", "-m", "two")  # same sources, another commit
    assert verification.current(path, tmp_path) is None


def test_problems_name_the_formula_and_what_is_wrong() -> None:
    shown = {"pb-binary-kl": [REF], "pb-other": ["pacbayes/kl.py:other"]}
    assert verification.problems(None, shown) == [
        "no verification record for this commit and these sources: run `nox -s tests` first"]
    record = _record(**{"tests/test_a.py::test_one": "passed", "tests/test_a.py::test_bad": "failed"})
    record.formulas["pb-binary-kl"].sections["pacbayes/kl.py:second"] = Section([], (0, 3), (0, 0))
    assert verification.problems(record, {**shown, "pb-binary-kl": [REF, "pacbayes/kl.py:second"]}) == [
        "formula pb-binary-kl: not passed: tests/test_a.py::test_bad",
        "formula pb-binary-kl: none of its tests runs pacbayes/kl.py:second",
        "formula pb-other: no test ran",
    ]
    assert verification.problems(_record(), {"pb-binary-kl": [REF]}) == []


def _line(lang: str, record: Record | None) -> str:
    tests = formulas.TestIndex({"pb-binary-kl": ["tests/test_a.py::test_one", "tests/test_a.py::test_two"]})
    return formulas.render("pb-binary-kl", REF, "x", lang, tests, "https://r/blob/main", record,
                           "https://r/commit")


def test_the_formula_line_shows_the_record_of_this_build() -> None:
    line = _line("en", _record())
    assert "✓ Verified in Python:" in line
    assert "tests passed: 2 of 2 · lines run: 100% · branches taken: 50% · 9f3c2e1<" in line
    assert '<a href="https://r/commit/9f3c2e1aa">9f3c2e1</a>' in line
    assert "<code>tests/test_a.py::test_two</code> ✓</li>" in line  # its parametrization passed
    russian = _line("ru", _record())
    assert "пройдено тестов: 2 из 2 · выполнено строк: 100\u00a0% · покрыто ветвлений: 50\u00a0%" in russian


def test_without_a_record_the_line_claims_nothing() -> None:
    for lang in ("en", "ru"):
        line = _line(lang, None)
        assert strings(lang)["not_verified"] in line
        assert "✓" not in line and "formula-unverified" in line


def test_a_failing_test_or_an_unentered_section_is_shown_as_failing() -> None:
    failing = _line("en", _record(**{"tests/test_a.py::test_one": "passed", "tests/test_a.py::test_two": "failed"}))
    assert "✗ Not verified" in failing and "tests passed: 1 of 2" in failing and "✓ Verified" not in failing
    assert "<code>tests/test_a.py::test_two</code> ✗ tests passed: 0 of 1</li>" in failing
    record = _record()
    record.formulas["pb-binary-kl"].sections[REF].entered_by.clear()
    assert "✗ Not verified" in _line("en", record)
    assert "✗ Not verified" in _line("en", Record("9f3c2e1aa", "s", {}))  # the record lacks this formula


def test_a_fence_may_name_several_sections_and_shows_each() -> None:
    both = f"{REF} pacbayes/kl.py:kl_inverse"
    assert formulas.code_refs(both) == [REF, "pacbayes/kl.py:kl_inverse"]
    html = formulas.render("pb-binary-kl", both, "x", "en", formulas.TestIndex(), "https://r/blob/main")
    assert "<code>binary_kl</code>, <code>kl_inverse</code>" in html
    assert html.count('class="formula-source">Source:') == 2
    span = formulas.section_span(REF)
    lines = span.path.read_text().splitlines()
    assert "[start:binary_kl]" in lines[span.first - 2] and "[end:binary_kl]" in lines[span.last]
    body = formulas.body_lines(span)
    assert body and min(body) > span.first  # not the def line
    assert all(lines[n - 1].strip() and not lines[n - 1].lstrip().startswith(("def ", '"""', "@")) for n in body)


def test_a_marked_test_that_never_runs_its_formula_fails_naming_both(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_marked=textwrap.dedent("""
        import pytest
        from snippets.pacbayes.kl import binary_kl

        @pytest.mark.formula("pb-binary-kl")
        def test_restates_instead():
            assert 0.5 * 2 == 1

        @pytest.mark.formula("pb-binary-kl")
        def test_calls_it():
            assert binary_kl(0.2, 0.2) == 0
    """))
    result = pytester.runpytest_subprocess("-p", "sitebuild.tracing", "-p", "no:cacheprovider",
                                           "-o", "markers=formula: formula IDs")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*test_marked.py::test_restates_instead is marked formula 'pb-binary-kl' but never runs its code "
        f"({REF})*",
        "*verification record not written: this run left out*",
    ])
