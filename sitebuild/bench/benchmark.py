"""One benchmark run: every measurement, then benchmarks/latest.{md,json} and build-scaling.svg."""

from __future__ import annotations

import json
import logging
import os
import platform
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sitebuild.bench.builds import measure_builds
from sitebuild.bench.goals import verdicts
from sitebuild.bench.printed import measure_pdf
from sitebuild.bench.reload import measure_serve
from sitebuild.bench.report import report_markdown
from sitebuild.bench.scaling import measure_scaling, scaling_figure
from sitebuild.bench.sitefacts import language_prefixes, site_facts
from sitebuild.bench.suite import measure_tests
from sitebuild.bench.weight import measure_page_weight
from sitebuild.paths import ROOT

OUT = ROOT / "benchmarks"


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "no git"


def write(data: dict, out: Path) -> None:
    """latest.json (with the goals' verdicts), latest.md and, with scaling rows, build-scaling.svg."""
    out.mkdir(exist_ok=True)
    data["goals"] = verdicts(data)
    (out / "latest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (out / "latest.md").write_text(report_markdown(data), "utf-8")
    if data.get("scaling"):
        (out / "build-scaling.svg").write_text(scaling_figure(data["scaling"]) + "\n", "utf-8")


def run(skip_tests: bool = False, skip_scaling: bool = False, out: Path = OUT) -> dict:
    """Measure everything (the test suite and scaling unless skipped), write the report to ``out``."""
    data: dict = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}",
        "commit": _commit(),
    }
    logging.getLogger().setLevel(logging.WARNING)  # the builds' INFO lines would bury the report
    prefixes = language_prefixes()
    with tempfile.TemporaryDirectory(prefix="itdl-bench-") as name:
        tmp = Path(name)
        print("builds ...", flush=True)
        data["builds"] = measure_builds(tmp)
        data["site"] = site_facts(tmp / "site", ROOT / "docs", prefixes)
        print("page weight ...", flush=True)
        data["page_weight"] = measure_page_weight(tmp / "site", prefixes)
        print("print edition ...", flush=True)
        data["pdf"] = measure_pdf(tmp / "site", tmp / "pdf", list(prefixes))
        print("serve ...", flush=True)
        data["serve"] = measure_serve(tmp)
        if not skip_scaling:
            print("scaling ...", flush=True)
            data["scaling"] = measure_scaling(tmp)
    if not skip_tests:
        write(data, out)  # the suite includes tests/test_bench_report.py, which reads this report
        print("tests ...", flush=True)
        data["tests"] = measure_tests()
    write(data, out)
    print(report_markdown(data))
    return data
