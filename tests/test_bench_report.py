"""The committed benchmark report must describe the site as it is built now (rerun `nox -s bench`
when a page, a display formula or a notebook is added or removed)."""

import json
from pathlib import Path

from sitebuild.bench.sitefacts import language_prefixes, site_facts

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "benchmarks" / "latest.json"
FACTS = ["pages", "formulas", "notebooks"]


def test_committed_report_describes_the_built_site(built_site):
    committed = json.loads(REPORT.read_text("utf-8")).get("site")
    assert committed, f"{REPORT.relative_to(ROOT)} has no 'site' section: rerun `nox -s bench`"
    now = site_facts(built_site, ROOT / "docs", language_prefixes())
    reported = {key: committed.get(key) for key in FACTS}
    assert reported == {key: now[key] for key in FACTS}, (
        f"{REPORT.relative_to(ROOT)} measured another site (report: {reported}, now: {now}): rerun `nox -s bench`"
    )
