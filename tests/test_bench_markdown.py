"""The benchmark report rendered from a small run's data (sitebuild/bench/report.py)."""

from sitebuild.bench.goals import GOALS
from sitebuild.bench.report import report_markdown


def _edit(reload_s: float, notebooks: list[str]) -> dict:
    return {"reload_s": reload_s, "notebooks_executed": notebooks, "figures_computed": [],
            "values_computed": [], "pages_changed": ["pac-bayes/index.html"], "pages_unchanged": 3}


DATA = {
    "date": "2030-01-02 03:04 UTC",
    "machine": "2 cores",
    "commit": "abc1234",
    "site": {"pages": 4, "pages_by_language": {"en": 2, "ru": 2}, "formulas": 7, "notebooks": 1},
    "builds": {
        "cold_s": 9.0, "cached_s": 1.2, "plain_mkdocs_s": 1.0, "cached_ratio": 1.2, "note": "a note",
        "profile": [
            {"part": "everything", "calls": 1, "s": 1.0, "share": 1.0},
            {"part": "notebooks: mkdocs-jupyter render", "calls": 0, "s": 0.0, "share": 0.0},
        ],
    },
    "serve": {
        "markdown_edit": "docs/en/index.md", "markdown_edit_reload_s": 0.3, "markdown_edit_samples_s": [0.3] * 6,
        "snippet_edit": "snippets/pacbayes/kl.py, function `binary_kl`",
        "snippet_comment_edit": _edit(2.5, []),
        "snippet_body_edit": _edit(2.5, ["docs/en/pac-bayes/explore-bounds.py"]),
    },
    "page_weight": [
        {"page": "/", "html_bytes": 20_000, "first_bytes": 300_000, "first_by_type": {"Font": 100_000},
         "next_bytes": 10_000, "next_by_type": {}},
    ],
}


SUMMARY = "| figure | measured | goal | met? |"


def _table(report: str, header: str) -> list[str]:
    lines = report.splitlines()
    start = lines.index(header)
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return lines[start + 2:end]


def test_report_opens_with_the_commit_and_every_goal():
    report = report_markdown(DATA)
    first_table = next(i for i, line in enumerate(report.splitlines()) if line.startswith("|"))
    assert "abc1234" in "\n".join(report.splitlines()[:first_table])
    assert report.splitlines()[first_table] == SUMMARY
    assert len(_table(report, SUMMARY)) == len(GOALS)


def test_summary_marks_each_goal():
    rows = {row.split(" | ")[0].lstrip("| "): row for row in _table(report_markdown(DATA), SUMMARY)}
    assert rows["cached build ÷ plain MkDocs (every language)"].endswith("| 1.20 × | ≤ 1.5 × | ✓ |")
    assert rows["first visit, heaviest page"].endswith("| 300.0 kB | ≤ 250 kB | ✗ |")
    assert rows["edit a comment in a snippet → live-reload signal"].endswith("| 2.50 s | ≤ 3 s | ✓ |")
    assert rows["test suite, one xdist worker per core"].endswith("| not measured | ≤ 180 s | – |")


def test_sections_not_measured_are_left_out():
    report = report_markdown(DATA)
    assert "## Builds" in report and "## Test suite" not in report and "## Scaling" not in report


def test_a_part_never_called_says_so():
    rows = _table(report_markdown(DATA), "| part | seconds | share |")
    assert rows[1].startswith("| notebooks: mkdocs-jupyter render | not called |")
    assert "0.000" not in rows[1]


def test_report_says_what_it_measured_and_what_a_snippet_edit_recomputed():
    report = report_markdown(DATA)
    assert "HTML pages: 4 (en 2, ru 2)" in report
    assert "display formulas on the English pages (the formula index not counted): 7" in report
    body = next(line for line in report.splitlines() if "no-op statement" in line)
    comment = next(line for line in report.splitlines() if "comment on its `def` line" in line)
    assert "`docs/en/pac-bayes/explore-bounds.py`" in body
    assert "Notebooks re-executed: none" in comment


def test_a_goal_without_unit_reads_cleanly():
    row = next(r for r in _table(report_markdown(DATA), SUMMARY) if r.startswith("| comment-only"))
    assert row.endswith("| 0 | ≤ 0 | ✓ |")


def test_the_suite_is_also_given_in_units_of_the_plain_build_of_the_same_machine():
    assert "Machine speed" not in report_markdown(DATA)  # no suite measured
    timed = {**DATA, "tests": {"xdist": {"command": "pytest -n auto", "s": 162.4, "summary": "passed"}},
             "builds": {**DATA["builds"], "plain_mkdocs_s": 0.97}}
    line = next(line for line in report_markdown(timed).splitlines() if line.startswith("Machine speed"))
    assert "plain MkDocs in 0.97 s" in line and "took 167 times as long" in line
