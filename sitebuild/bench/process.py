"""Timing a command in a fresh process, and an environment variable set for a block."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator

from sitebuild.paths import ROOT


def wall(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds ``cmd`` takes from the repository root, startup included (fails if it fails)."""
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


@contextlib.contextmanager
def env_var(name: str, value: str) -> Iterator[None]:
    """``os.environ[name] = value`` inside the block, the previous state after it."""
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old
