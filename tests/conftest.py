"""Shared fixtures: the site is built once per test session (strict, every language)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent


# Property tests draw their examples from a fixed seed: the suite gives the same verdict on every
# run and every machine (no flaky first-time failures in CI). No deadline: a 2-core CI runner is slow.
settings.register_profile("itdl", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("itdl")


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build every language with the project's own build command; the site dir is returned."""
    from sitebuild.build import build, site_dir

    build()
    return site_dir()


@pytest.fixture(scope="session")
def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
