"""Where the build reads and writes: the repository root and the build cache."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cache_dir(*parts: str) -> Path:
    """The build cache (``.cache/`` in the repository, or ``$ITDL_CACHE_DIR``), joined with ``parts``.

    The reproducibility test and the benchmark point it elsewhere to build from a cold cache.
    """
    base = os.environ.get("ITDL_CACHE_DIR") or ROOT / ".cache"
    return Path(base).joinpath(*parts)
