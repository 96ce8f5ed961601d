"""What the test suite computes from the book's code and checks, each computed once per version of
that code: the experiments' quick runs, and what the pages' code blocks print.

A quick run (`nox -s reproduce -- --mode quick` and the like) is a deterministic function of the code
it runs: fixed seeds, the CPU, one thread. Like a figure or a notebook's outputs, its result is kept in
the build cache under the digest of exactly the snippet code its entry point reaches, the Python and
library versions included (:mod:`sitebuild.codedigest`), and of its arguments. A change to any of that
code runs it again; a change elsewhere (a page, a test, another chapter's code) reuses it. A fresh
clone, as in CI, computes every run.

A code block's output is kept by the same rule, under the digest of the script it runs (comments
aside, so the ``#>`` lines it must print are not part of the key).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitebuild.codedigest import function_digest, script_digest
from sitebuild.store import Store, key_of

STORE = Store("experiment-runs")
PRINTED = Store("code-block-output")


def run_once(target: str, arguments: tuple[str, ...], compute: Callable[[], Any]) -> Any:
    """``compute()``, the run of the snippet function ``target`` ("package.module:function", relative
    to ``snippets``) with ``arguments``, or its result kept from an earlier run of the same code and
    arguments. The result must be plain data (it is pickled)."""
    if not isinstance(arguments, tuple) or not all(isinstance(a, str) for a in arguments):
        raise ValueError(f"arguments must be a tuple of str, got {arguments!r}")
    return STORE.memo(key_of(function_digest(target), *arguments), compute)[0]


def printed_once(script: str, name: str, compute: Callable[[], str]) -> str:
    """``compute()``, what the code block ``name`` prints as the last part of ``script`` (the code run
    before it in the same namespace, and its own), or that output kept from an earlier run of the
    same code."""
    return PRINTED.memo(key_of(script_digest(script), name), compute)[0]


def forget() -> None:
    """Forget every kept run and output: the next ones are computed."""
    STORE.clear()
    PRINTED.clear()
