"""Two builds of the same commit, each from an empty cache, give byte-identical sites."""

from __future__ import annotations

import filecmp
import gzip
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sitebuild.build import build

ROOT = Path(__file__).resolve().parent.parent


def _differences(left: Path, right: Path) -> list[str]:
    found = []

    def walk(cmp: filecmp.dircmp, rel: str) -> None:
        found.extend(f"only in one build: {rel}{name}" for name in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(f"differs: {rel}{name}" for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{rel}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


@pytest.fixture(scope="module")
def two_cold_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    sites = []
    with pytest.MonkeyPatch.context() as patch:
        for run in ("first", "second"):
            base = tmp_path_factory.mktemp(run)
            patch.setenv("ITDL_CACHE_DIR", str(base / "cache"))  # notebooks and math computed afresh
            build(site_dir=str(base / "site"))
            sites.append(base / "site")
    return sites[0], sites[1]


def test_two_cold_builds_are_byte_identical(two_cold_builds: tuple[Path, Path]) -> None:
    first, second = two_cold_builds
    files = [p for p in first.rglob("*") if p.is_file()]
    assert len(files) > 50 and any(p.suffix == ".pf_fragment" for p in files), "incomplete build"
    differences = _differences(first, second)
    assert not differences, "the build is not reproducible:\n" + "\n".join(differences)


def test_the_only_date_is_the_last_commit(two_cold_builds: tuple[Path, Path]) -> None:
    committed = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    day = datetime.fromtimestamp(int(committed), tz=UTC).strftime("%Y-%m-%d")
    for sitemap in two_cold_builds[0].rglob("sitemap.xml"):
        dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap.read_text("utf-8")))
        assert dates == {day}, f"{sitemap}: lastmod {dates}, last commit {day}"
    with gzip.open(two_cold_builds[0] / "sitemap.xml.gz") as packed:
        packed.read()
        midnight = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC).timestamp()
        # MkDocs stamps the archive with the newest page date (a day), here the commit's day
        assert packed.mtime == int(midnight), "sitemap.xml.gz carries the clock, not the commit time"
