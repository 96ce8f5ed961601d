"""Which snippet code each formula-marked test runs: a pytest plugin (``tests/conftest.py`` loads it).

Every test marked ``@pytest.mark.formula(ID)`` runs under coverage.py (statements and branches,
files under ``snippets/`` only, one dynamic context per test); other tests run untraced.

* Right after such a test: if it entered none of the sections its formulas' fences name
  (``code=``), it fails, naming the formula, the sections and the test.
* At the end of a run that included every formula-marked test: a section that none of its
  formula's tests entered fails the run, naming both; otherwise the verification record
  (:mod:`sitebuild.verification`) is written for the site to show. A partial run (``-k``, ``-m``,
  one file) writes nothing and says so.

Under pytest-xdist each worker traces its own tests into a folder the controller names; the
controller, which sees every test's outcome, combines them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from sitebuild import formulas, verification
from sitebuild.paths import ROOT

SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs" / "en"  # the source edition: every language shows the same formulas and code
FOLDER_KEY = "itdl_trace_dir"
QUIET = ["module-not-measured", "no-data-collected", "module-not-imported", "couldnt-parse"]


def _context(nodeid: str) -> str:
    return f"^{re.escape(nodeid)}$"


def _new_coverage(folder: Path, suffix: str | None = None):
    import coverage

    cov = coverage.Coverage(
        data_file=str(folder / ".coverage"), data_suffix=suffix, branch=True, source=[str(SNIPPETS)],
        config_file=False,
    )
    cov.set_option("run:disable_warnings", QUIET)
    return cov


def _in(span: formulas.Span, lines) -> list[int]:
    return sorted(line for line in lines or () if span.first <= line <= span.last)


class Tracer:
    def __init__(self, config: pytest.Config) -> None:
        self.worker = getattr(config, "workerinput", None)
        if self.worker is not None:
            self.folder = Path(self.worker[FOLDER_KEY])
            self.name = self.worker["workerid"]
        else:
            self.folder = Path(tempfile.mkdtemp(prefix="itdl-trace-"))
            self.name = "main"
        self.shown = formulas.shown(DOCS)
        self.spans: dict[str, formulas.Span] = {}
        self.cov = None
        self.marked: dict[str, list[str]] = {}  # node ID -> formula IDs, tests this process ran
        self.outcomes: dict[str, str] = {}  # node ID -> outcome, in the process that reports

    def span(self, ref: str) -> formulas.Span:
        if ref not in self.spans:
            self.spans[ref] = formulas.section_span(ref)
        return self.spans[ref]

    # -- xdist: tell each worker where to write ---------------------------------------------------
    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node) -> None:
        node.workerinput[FOLDER_KEY] = str(self.folder)

    # -- each formula-marked test, traced ---------------------------------------------------------
    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item):
        ids = [formula_id for marker in item.iter_markers("formula") for formula_id in marker.args]
        if not ids:
            return (yield)
        if self.cov is None:
            self.cov = _new_coverage(self.folder, suffix=f"{self.name}.{os.getpid()}")
        self.marked[item.nodeid] = ids
        self.cov.start()
        self.cov.switch_context(item.nodeid)
        try:
            result = yield
        finally:
            self.cov.stop()
        self._check_entered(item.nodeid, ids)
        return result

    def _check_entered(self, nodeid: str, ids: list[str]) -> None:
        data = self.cov.get_data()
        data.set_query_contexts([_context(nodeid)])
        try:
            for formula_id in ids:
                refs = self.shown.get(formula_id)
                if not refs:
                    continue  # no page shows it: tests/test_formulas.py names the test
                if not any(_in(self.span(ref), data.lines(str(self.span(ref).path))) for ref in refs):
                    pytest.fail(
                        f"{nodeid} is marked formula {formula_id!r} but never runs its code "
                        f"({', '.join(refs)}): call the formula's function, or mark the test for the "
                        "formula it checks", pytrace=False,
                    )
        finally:
            data.set_query_contexts(None)

    # -- outcomes (the controller sees every worker's reports) -----------------------------------
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.worker is not None or "formula" not in report.keywords:
            return
        if report.failed:
            self.outcomes[report.nodeid] = "failed"
        elif report.skipped and report.when != "teardown":
            self.outcomes[report.nodeid] = "skipped"
        elif report.when == "call" and self.outcomes.get(report.nodeid) != "failed":
            self.outcomes[report.nodeid] = "passed"

    # -- the end of the run -------------------------------------------------------------------------
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.cov is not None:
            self.cov.save()
        (self.folder / f"marked-{self.name}-{os.getpid()}.json").write_text(json.dumps(self.marked), "utf-8")
        if self.worker is not None:
            return
        try:
            self.messages, failed = finish(self.folder, self.outcomes, self.shown)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
        if failed and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        for line in getattr(self, "messages", []):
            terminalreporter.write_line(line)


def finish(folder: Path, outcomes: dict[str, str], shown: dict[str, list[str]]) -> tuple[list[str], bool]:
    """Combine the traces in ``folder``; write the record if the run was complete.

    Returns the lines to print and whether the run must fail.
    """
    marked: dict[str, list[str]] = {}
    for part in folder.glob("marked-*.json"):
        marked.update(json.loads(part.read_text("utf-8")))
    index = formulas.TestIndex.scan()
    expected = {name for names in index.by_id.values() for name in names}
    left_out = sorted(name for name in expected if not any(verification.is_run_of(n, name) for n in outcomes))
    if left_out:
        return [f"verification record not written: this run left out {len(left_out)} of {len(expected)} "
                f"formula-marked tests (e.g. {left_out[0]})"], False
    cov = _new_coverage(folder)
    cov.combine([str(folder)], keep=True)
    record = verification.Record(verification.tested_commit(), verification.sources_digest())
    by_formula: dict[str, list[str]] = {}
    for nodeid, ids in marked.items():
        for formula_id in ids:
            by_formula.setdefault(formula_id, []).append(nodeid)
    report = folder / "formula.json"
    for formula_id, refs in sorted(shown.items()):
        tests = sorted(by_formula.get(formula_id, []))
        entry = verification.FormulaRecord(tests={name: outcomes.get(name, "failed") for name in tests})
        spans = {ref: formulas.section_span(ref) for ref in refs}
        files = sorted({str(span.path) for span in spans.values()})
        data = {}
        if tests:
            cov.json_report(outfile=str(report), include=files, contexts=[_context(t) for t in tests],
                            show_contexts=True)
            data = json.loads(report.read_text("utf-8"))["files"]
        for ref, span in spans.items():
            entry.sections[ref] = _section(span, data, tests)
        record.formulas[formula_id] = entry
    # what `python -m sitebuild verification` would refuse: failing tests (pytest reports them too),
    # a section none of its formula's tests entered, a formula no test ran
    messages = verification.problems(record, shown)
    record.save()
    verified = sum(entry.verified for entry in record.formulas.values())
    messages.append(f"verification record: {verified} of {len(record.formulas)} formulas verified, "
                    f"written to {verification.RECORD.relative_to(ROOT)}")
    return messages, len(messages) > 1  # the last line is the summary


def _section(span: formulas.Span, data: dict, tests: list[str]) -> verification.Section:
    """What the formula's ``tests`` ran of one section, from coverage.py's JSON report."""
    found = next((entry for name, entry in data.items() if (ROOT / name).resolve() == span.path.resolve()), None)
    if found is None:
        return verification.Section([], (0, 0), (0, 0))
    body = formulas.body_lines(span)  # what runs only when called: import-time lines do not count
    executed = [line for line in found["executed_lines"] if line in body]
    missing = [line for line in found["missing_lines"] if line in body]
    arcs_done = [a for a in found.get("executed_branches", []) if a[0] in body]
    arcs_missed = [a for a in found.get("missing_branches", []) if a[0] in body]
    contexts = found.get("contexts", {})
    entered = sorted({name for line in executed for name in contexts.get(str(line), []) if name in tests})
    return verification.Section(entered, (len(executed), len(executed) + len(missing)),
                                (len(arcs_done), len(arcs_done) + len(arcs_missed)))


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(Tracer(config), "itdl-tracing")
