"""A build from an empty cache gives the same bytes as the suite's site, which was built from the build
cache: the build is reproducible, and the cache (keyed by the code each entry runs) is never stale.

In CI the suite's site is itself built from an empty cache, so two cold builds are compared; on a
contributor's machine its cache holds what earlier builds computed, so this also catches a cache
key that misses something its entry depends on."""

from __future__ import annotations

import filecmp
import gzip
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

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
def cold_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The build command run from an empty cache (notebooks, figures, values, math afresh): its
    site and everything it printed, the notebook kernels' output included."""
    base = tmp_path_factory.mktemp("cold")
    done = subprocess.run(
        [sys.executable, "-m", "sitebuild", "build", "--site-dir", str(base / "site")], cwd=ROOT,
        env={**os.environ, "ITDL_CACHE_DIR": str(base / "cache")}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stdout
    return base / "site", done.stdout


# what a warning or an error looks like in the output of the build, its libraries and its kernels
TROUBLE = re.compile(r"warn|error|traceback|exception", re.IGNORECASE)


def test_a_cold_build_prints_no_warning_or_error(cold_build: tuple[Path, str]) -> None:
    troubles = [line for line in cold_build[1].splitlines() if TROUBLE.search(line)]
    assert not troubles, "the build printed:\n" + "\n".join(troubles)


def test_a_cold_build_is_byte_identical_to_the_cached_one(built_site: Path, cold_build: tuple[Path, str]) -> None:
    site = cold_build[0]
    files = [p for p in site.rglob("*") if p.is_file()]
    assert len(files) > 50 and any(p.suffix == ".pf_fragment" for p in files), "incomplete build"
    differences = _differences(built_site, site)
    assert not differences, "the build is not reproducible:\n" + "\n".join(differences)


def test_the_only_date_is_the_last_commit(cold_build: tuple[Path, str]) -> None:
    site = cold_build[0]
    committed = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    day = datetime.fromtimestamp(int(committed), tz=UTC).strftime("%Y-%m-%d")
    for sitemap in site.rglob("sitemap.xml"):
        dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap.read_text("utf-8")))
        assert dates == {day}, f"{sitemap}: lastmod {dates}, last commit {day}"
    with gzip.open(site / "sitemap.xml.gz") as packed:
        packed.read()
        midnight = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC).timestamp()
        # MkDocs stamps the archive with the newest page date (a day), here the commit's day
        assert packed.mtime == int(midnight), "sitemap.xml.gz carries the clock, not the commit time"
