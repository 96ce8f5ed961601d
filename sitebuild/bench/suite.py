"""The whole test suite, timed: serially, and with one xdist worker per core (the goal's run).

The serial run starts with none of the experiments' quick runs and none of the code blocks' outputs
kept (:mod:`sitebuild.runs`) and so computes them, as a first run or a change to their code does; the
xdist run then takes them from the cache, as a contributor's rerun does while that code is unchanged.
"""

from __future__ import annotations

import subprocess
import sys
import time

from sitebuild import runs
from sitebuild.paths import ROOT

RUNS = {  # as `nox -s tests` runs it (the print edition's tests run in `nox -s pdf`, timed there)
    "serial": ["-n", "0", "-m", "not pdf"], "xdist": ["-n", "auto", "--dist", "worksteal", "-m", "not pdf"],
}
EXPERIMENT_RUNS = {"serial": "computed", "xdist": "from the cache"}


def measure_tests() -> dict[str, dict]:
    """Per run: ``command``, ``s``, pytest's ``summary`` line, its ``returncode`` and where the
    experiments' quick runs and the code blocks' outputs came from (``experiment_runs``)."""
    runs.forget()
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
            "experiment_runs": EXPERIMENT_RUNS[name],
        }
    return results
