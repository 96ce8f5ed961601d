"""Shared fixtures: the site is built once per test session (strict, every language)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build every language with the project's own build command; the site dir is returned."""
    from sitebuild.build import build, site_dir

    build()
    return site_dir()


@pytest.fixture(scope="session")
def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
