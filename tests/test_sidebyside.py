"""Languages built side by side (sitebuild/sidebyside.py): the same site as one after another, every
log record and error of a child reaching the parent, the staged languages moved into place."""

from __future__ import annotations

import logging

import pytest

from sitebuild import sidebyside
from sitebuild.build import build

pytestmark = pytest.mark.skipif(not sidebyside.available(), reason="no fork on this platform")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()}")


@pytest.fixture
def collect():
    handler = _Collect()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


def _warns(name: str) -> float:
    logging.getLogger(f"mkdocs.plugins.{name}").warning("from %s, %d", name, 42)
    logging.getLogger("quiet").info("below the handler's level")
    return 1.5


def test_each_child_reports_its_seconds_and_its_warnings_reach_the_parent(collect):
    assert sidebyside.run({"en": lambda: _warns("en"), "ru": lambda: _warns("ru")}) == {"en": 1.5, "ru": 1.5}
    assert sorted(collect.messages) == ["mkdocs.plugins.en: from en, 42", "mkdocs.plugins.ru: from ru, 42"]


def _fails() -> float:
    raise ValueError("docs/ru/index.md: broken")


class _Unpicklable(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a} and {b}")


def _fails_oddly() -> float:
    raise _Unpicklable("one", "two")


def _exits() -> float:
    raise SystemExit("Aborted with 1 warnings in strict mode!")


def test_a_childs_error_is_raised_in_the_parent():
    with pytest.raises(ValueError, match=r"docs/ru/index\.md: broken"):
        sidebyside.run({"en": lambda: 1.0, "ru": _fails})
    with pytest.raises(SystemExit, match="strict mode"):
        sidebyside.run({"en": _exits})
    with pytest.raises(RuntimeError, match="_Unpicklable: one and two"):  # its type and message kept
        sidebyside.run({"en": _fails_oddly})


def test_assembling_keeps_the_languages_not_rebuilt(tmp_path):
    site = tmp_path / "site"
    (site / "ru").mkdir(parents=True)
    (site / "ru" / "old.html").write_text("ru", "utf-8")
    (site / "pagefind").mkdir()
    (site / "stale.html").write_text("gone", "utf-8")
    fresh = sidebyside.staging_dir(site, "en")
    fresh.mkdir()
    (fresh / "index.html").write_text("en", "utf-8")
    sidebyside.assemble(site, {"en": fresh}, {"en": "", "ru": "ru/"}, "en")
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "index.html", "pagefind", "ru", "ru/old.html"]
    assert not fresh.exists()
    staged_ru = sidebyside.staging_dir(site, "ru")
    staged_ru.mkdir()
    (staged_ru / "index.html").write_text("новое", "utf-8")
    sidebyside.assemble(site, {"ru": staged_ru}, {"en": "", "ru": "ru/"}, "en")
    assert sorted(p.name for p in (site / "ru").iterdir()) == ["index.html"]
    assert (site / "index.html").read_text("utf-8") == "en"


def test_side_by_side_and_one_after_another_give_the_same_site(built_site, tmp_path):
    """The suite's site was built side by side; built again one language after another (from the
    same cache), every file is byte-identical."""
    from test_reproducible import _differences

    build(site_dir=str(tmp_path / "site"), jobs=1)
    assert _differences(built_site, tmp_path / "site") == []
