"""Shared fixtures: the site is built once per test session (strict, every language)."""

from __future__ import annotations

import fcntl
import json
import logging
import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent


# Property tests draw their examples from a fixed seed: the suite gives the same verdict on every
# run and every machine (no flaky first-time failures in CI). No deadline: a 2-core CI runner is slow.
settings.register_profile("itdl", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("itdl")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _build_site() -> tuple[Path, list[str]]:
    from sitebuild.build import build, site_dir

    collect = _Collect()
    root = logging.getLogger()
    root.addHandler(collect)
    try:
        build()
    finally:
        root.removeHandler(collect)
    return site_dir(), [f"{r.name}: {r.levelname}: {r.getMessage()}" for r in collect.records]


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Build every language with the project's own build command, once per test run.

    Returns the site dir and every warning any logger emitted during the build (MkDocs' strict
    mode aborts on its own warnings; this also catches the plugins', nbclient's and ours).
    Under pytest-xdist the first worker builds and the others wait for it and reuse the result.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _build_site()
    shared = tmp_path_factory.getbasetemp().parent  # one directory for all workers of this run
    with open(shared / "site-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "site-build.json"
        if done.exists():
            data = json.loads(done.read_text("utf-8"))
            return Path(data["site"]), data["warnings"]
        site, warnings = _build_site()
        done.write_text(json.dumps({"site": str(site), "warnings": warnings}), "utf-8")
        return site, warnings


@pytest.fixture(scope="session")
def built_site(site_build: tuple[Path, list[str]]) -> Path:
    return site_build[0]


@pytest.fixture(scope="session")
def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
