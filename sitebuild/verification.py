"""The verification record: what a test run observed about each formula's code.

``nox -s tests`` traces every formula-marked test (:mod:`sitebuild.tracing`) and, when the run
included all of them, writes one file, :data:`RECORD`: per formula ID its tests and their outcomes,
the snippet sections it shows, which tests entered each section, and the share of each section's
statements and branches those tests executed; with the commit and a digest of ``snippets/`` and
``tests/`` at the time of the run.

The build shows a formula as verified only from a record made for its own commit and sources
(:func:`current`); without one it says "not verified in this build". ``python -m sitebuild
verification`` checks a record before publishing (:func:`problems`).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sitebuild.paths import ROOT

RECORD = ROOT / ".artifacts" / "verification.json"
SOURCES = ("snippets", "tests")  # what a verdict depends on besides the pages' code= references


@dataclass
class Section:
    """One snippet section as a formula's tests ran it."""

    entered_by: list[str] = field(default_factory=list)  # test node IDs that executed a line of it
    lines: tuple[int, int] = (0, 0)  # statements executed by the formula's tests, statements in all
    branches: tuple[int, int] = (0, 0)  # branch arcs taken, arcs possible


@dataclass
class FormulaRecord:
    tests: dict[str, str] = field(default_factory=dict)  # node ID -> "passed" | "failed" | "skipped"
    sections: dict[str, Section] = field(default_factory=dict)  # "file.py:section" -> what ran

    @property
    def passed(self) -> int:
        return sum(outcome == "passed" for outcome in self.tests.values())

    @property
    def verified(self) -> bool:
        """Every test passed, and every section was entered by one of them."""
        return (bool(self.tests) and self.passed == len(self.tests)
                and all(section.entered_by for section in self.sections.values()))

    def share(self, what: str) -> float | None:
        """Executed share of the sections' statements (``"lines"``) or branch arcs (``"branches"``)."""
        done = sum(getattr(s, what)[0] for s in self.sections.values())
        total = sum(getattr(s, what)[1] for s in self.sections.values())
        return done / total if total else None


@dataclass
class Record:
    commit: str
    sources: str
    formulas: dict[str, FormulaRecord] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Record:
        data = json.loads(text)
        formulas = {}
        for formula_id, entry in data["formulas"].items():
            sections = {ref: Section(list(s["entered_by"]), tuple(s["lines"]), tuple(s["branches"]))
                        for ref, s in entry["sections"].items()}
            formulas[formula_id] = FormulaRecord(dict(entry["tests"]), sections)
        return cls(data["commit"], data["sources"], formulas)

    def save(self, path: Path = RECORD) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_suffix(".tmp")
        staging.write_text(self.to_json(), "utf-8")
        staging.replace(path)


def is_run_of(nodeid: str, test: str) -> bool:
    """Whether pytest's ``nodeid`` is a run of ``test`` (``file::name`` as the markers index it):
    the test itself, one of its parametrizations, or a method of a marked class."""
    return nodeid == test or nodeid.startswith((f"{test}[", f"{test}::"))


def _source_files(root: Path) -> list[Path]:
    """The files under :data:`SOURCES` that git tracks (what a fresh checkout of the commit has);
    every file there outside a git checkout."""
    try:
        done = subprocess.run(["git", "ls-files", "-z", "--", *SOURCES], cwd=root, capture_output=True, check=True)
        return sorted(root / name for name in done.stdout.decode().split("\0") if name)
    except (OSError, subprocess.CalledProcessError):
        return sorted(p for folder in SOURCES for p in (root / folder).rglob("*")
                      if p.is_file() and "__pycache__" not in p.parts)


def sources_digest(root: Path = ROOT) -> str:
    """A digest of the files under ``snippets/`` and ``tests/`` (names and bytes as they are now)."""
    digest = hashlib.sha256()
    for path in _source_files(root):
        if path.is_file():  # a tracked file deleted in the work tree counts by its absence
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def head_commit(root: Path = ROOT) -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None  # not a git checkout
    return done.stdout.strip() or None


def tested_commit(root: Path = ROOT) -> str:
    """The commit a test run verifies: HEAD, marked ``-dirty`` when ``snippets/`` or ``tests/``
    differ from it (such a record never counts as any commit's: :func:`current`)."""
    commit = head_commit(root) or "unknown"
    try:
        done = subprocess.run(["git", "status", "--porcelain", "--", *SOURCES], cwd=root, capture_output=True,
                              text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return commit
    return f"{commit}-dirty" if done.stdout.strip() else commit


def load(path: Path = RECORD) -> Record | None:
    try:
        return Record.from_json(path.read_text("utf-8"))
    except FileNotFoundError:
        return None


def current(path: Path = RECORD, root: Path = ROOT) -> Record | None:
    """The record at ``path`` if it was made for this checkout: its commit, and unchanged sources."""
    record = load(path)
    if record is None or record.commit != head_commit(root) or record.sources != sources_digest(root):
        return None
    return record


def problems(record: Record | None, shown: dict[str, list[str]]) -> list[str]:
    """Why ``record`` does not verify the formulas ``shown`` (ID -> the sections its fence names).

    Empty when every formula has a record whose tests all passed and entered each of its sections.
    """
    if record is None:
        return ["no verification record for this commit and these sources: run `nox -s tests` first"]
    found = []
    for formula_id, refs in sorted(shown.items()):
        entry = record.formulas.get(formula_id)
        if entry is None or not entry.tests:
            found.append(f"formula {formula_id}: no test ran")
            continue
        failing = sorted(name for name, outcome in entry.tests.items() if outcome != "passed")
        if failing:
            found.append(f"formula {formula_id}: not passed: {', '.join(failing)}")
        for ref in refs:
            section = entry.sections.get(ref)
            if section is None or not section.entered_by:
                found.append(f"formula {formula_id}: none of its tests runs {ref}")
    return found
