"""The one place that chooses the Chromium the browser tests and the benchmark drive.

In order: the path in ``$CHROMIUM``; Debian's ``chromium`` at ``/usr/bin/chromium`` (``.ci/run``
installs it with apt-get); the Chromium Playwright itself installed (``python -m playwright install
chromium``, what the GitHub workflow does: Ubuntu's ``chromium-browser`` is a wrapper for a snap).
"""

from __future__ import annotations

import os
from pathlib import Path

DEBIAN = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def candidates(playwright=None, debian: Path = DEBIAN) -> list[tuple[str, Path | None]]:
    """``(where it comes from, path)`` in the order tried; a path is None where nothing is named."""
    explicit = os.environ.get("CHROMIUM")
    found = [("$CHROMIUM", Path(explicit) if explicit else None), ("Debian's chromium", debian)]
    if playwright is not None:
        try:
            found.append(("Playwright's chromium", Path(playwright.chromium.executable_path)))
        except Exception:  # Playwright names no browser it has not installed on some platforms
            found.append(("Playwright's chromium", None))
    return found


def chromium(playwright=None, debian: Path = DEBIAN) -> Path:
    """The first candidate that exists; a ``$CHROMIUM`` that does not exist is an error, not skipped.

    Raises ``FileNotFoundError`` naming every place tried.
    """
    tried = candidates(playwright, debian)
    _, explicit = tried[0]
    if explicit is not None:
        if not explicit.is_file():
            raise FileNotFoundError(f"$CHROMIUM={explicit} does not exist")
        return explicit
    for _, path in tried[1:]:
        if path is not None and path.is_file():
            return path
    where = "; ".join(f"{name}: {path or 'not named'}" for name, path in tried)
    raise FileNotFoundError(
        f"no Chromium found ({where}). Install Debian's (`apt-get install chromium`, as .ci/run does), "
        "or `python -m playwright install chromium`, or set $CHROMIUM"
    )
