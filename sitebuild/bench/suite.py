"""The whole test suite, timed: serially, and with one xdist worker per core (the goal's run)."""

from __future__ import annotations

import subprocess
import sys
import time

from sitebuild.paths import ROOT

RUNS = {  # as `nox -s tests` runs it (the print edition's tests run in `nox -s pdf`, timed there)
    "serial": ["-n", "0", "-m", "not pdf"], "xdist": ["-n", "auto", "--dist", "worksteal", "-m", "not pdf"],
}


def measure_tests() -> dict[str, dict]:
    """Per run: ``command``, ``s``, pytest's ``summary`` line and its ``returncode``."""
    results = {}
    for name, args in RUNS.items():
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
            cwd=ROOT, capture_output=True, text=True,
        )
        results[name] = {
            "command": "pytest " + " ".join(args),
            "s": time.perf_counter() - start,
            "summary": (done.stdout.strip().splitlines() or [""])[-1],
            "returncode": done.returncode,
        }
    return results
