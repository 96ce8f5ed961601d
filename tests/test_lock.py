"""Every session installs from a hashed lock resolved from requirements/*.txt (`nox -s lock`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNLOCKED = {"torch"}  # noxfile.py: its build differs by platform; installed by its pin alone
ENTRY = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(name: str) -> dict[str, str]:
    """``{package: version}`` of one requirements file, following ``-r``; every line must pin."""
    pins = {}
    for line in (ROOT / "requirements" / name).read_text("utf-8").splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            pins.update(_requirements(line[3:].strip()))
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]+\])?==(\S+)", line)
        assert match, f"requirements/{name}: {line!r} is not pinned (name==version)"
        pins[_normal(match[1])] = match[2]
    return pins


def _lock(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / "lock" / name).read_text("utf-8")
    entries = {_normal(m[1]): m[2] for m in ENTRY.finditer(text)}
    pinned = re.findall(r"^[A-Za-z0-9_.-]+==", text, re.M)
    assert len(pinned) == len(entries), f"requirements/lock/{name}: an entry without a sha256 hash"
    return entries


@pytest.mark.parametrize("name", ["site.txt", "tests.txt"])
def test_the_lock_holds_every_requirement_at_its_pin_with_hashes(name: str) -> None:
    wanted, locked = _requirements(name), _lock(name)
    for package, version in sorted(wanted.items()):
        if package in UNLOCKED:
            assert package not in locked, f"{package} is installed by its pin, not from the lock"
            continue
        assert locked.get(package) == version, (
            f"requirements/{name} pins {package}=={version}, the lock has {locked.get(package)}: run nox -s lock"
        )
    assert len(locked) > len(wanted), "the lock should hold the dependencies too"


def test_the_site_lock_is_part_of_the_tests_lock() -> None:
    site, tests = _lock("site.txt"), _lock("tests.txt")
    assert {p: v for p, v in site.items() if tests.get(p) != v} == {}, "run nox -s lock"
