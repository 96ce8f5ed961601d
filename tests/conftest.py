"""Shared fixtures: the site is built once per test session (strict, every language)."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def site_build() -> tuple[Path, list[str]]:
    """Build every language with the project's own build command, once per test session.

    Returns the site dir and every warning any logger emitted during the build (MkDocs' strict
    mode aborts on its own warnings; this also catches the plugins', nbclient's and ours).
    """
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
def built_site(site_build: tuple[Path, list[str]]) -> Path:
    return site_build[0]


@pytest.fixture(scope="session")
def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
