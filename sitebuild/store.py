"""The build cache: values computed once, kept on disk under a key, reused until the key changes.

Keys are digests of exactly what a value depends on (:mod:`sitebuild.codedigest`), so an entry
never goes stale: it is simply no longer asked for. Writes are atomic (a temporary file renamed into
place) and a value being computed is locked, so parallel builds and test workers compute each
entry once and never read half a file.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib
import os
import pickle
import shutil
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from sitebuild.paths import cache_dir


class Store:
    """One kind of cached value (``figures``, ``values``, ``notebooks``...) under ``cache_dir(kind)``."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def path(self, key: str) -> Path:
        if not key or not all(c.isalnum() or c in "-_." for c in key):
            raise ValueError(f"key: {key!r} is not a file-name-safe digest")
        return cache_dir(self.kind, key[:2], key)

    def clear(self) -> None:
        """Forget every entry of this kind."""
        shutil.rmtree(cache_dir(self.kind), ignore_errors=True)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return pickle.loads(self.path(key).read_bytes())
        except FileNotFoundError:
            return default

    def put(self, key: str, value: Any) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=5))
        tmp.replace(target)

    def memo(self, key: str, compute: Callable[[], Any]) -> tuple[Any, bool]:
        """The value under ``key``, computing and storing it if missing; and whether it was computed now.

        While one process computes an entry, others asking for the same key wait and then read it.
        """
        missing = object()
        value = self.get(key, missing)
        if value is not missing:
            return value, False
        lock_path = self.path(key).with_suffix(".lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            value = self.get(key, missing)
            if value is not missing:
                return value, False
            value = compute()
            self.put(key, value)
        return value, True


@cache
def code_version(*modules: str) -> str:
    """A digest of the source of the given modules (``sitebuild.quiz``...): cached renderings made
    by other code are not reused."""
    digest = hashlib.sha256()
    for name in modules:
        digest.update(Path(importlib.import_module(name).__file__).read_bytes())
    return digest.hexdigest()[:16]


def key_of(*parts: str) -> str:
    """A cache key from text parts."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
