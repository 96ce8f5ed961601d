"""One place chooses the browser: $CHROMIUM, else Debian's chromium, else Playwright's own."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from sitebuild.browser import chromium


def _playwright(path: Path) -> SimpleNamespace:
    return SimpleNamespace(chromium=SimpleNamespace(executable_path=str(path)))


def test_the_order_is_explicit_then_debian_then_playwright(tmp_path: Path, monkeypatch) -> None:
    debian, own, explicit = (tmp_path / name for name in ("debian", "own", "explicit"))
    for path in (debian, own, explicit):
        path.write_text("")
    monkeypatch.delenv("CHROMIUM", raising=False)
    assert chromium(_playwright(own), debian=debian) == debian
    assert chromium(_playwright(own), debian=tmp_path / "absent") == own
    monkeypatch.setenv("CHROMIUM", str(explicit))
    assert chromium(_playwright(own), debian=debian) == explicit


def test_a_missing_browser_is_an_error_naming_every_place_tried(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("CHROMIUM", raising=False)
    with pytest.raises(FileNotFoundError, match=r"Debian's chromium: .*absent.*Playwright's chromium: .*nowhere"):
        chromium(_playwright(tmp_path / "nowhere"), debian=tmp_path / "absent")
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "typo"))  # named but absent: never silently replaced
    with pytest.raises(FileNotFoundError, match=r"\$CHROMIUM=.*typo does not exist"):
        chromium(_playwright(tmp_path / "nowhere"), debian=tmp_path / "absent")
