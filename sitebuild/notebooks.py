"""Notebook pages: jupytext ``.py`` files under ``docs/<lang>/``, executed at build time.

mkdocs-jupyter keys its cache on the notebook file alone, so a changed snippet would be served
stale. Here the key is the notebook's bytes plus the bytes of every ``snippets`` module it imports
(transitively), plus the Python version; the executed ``.ipynb`` is stored under that key and
mkdocs-jupyter only renders it.
"""

from __future__ import annotations

import ast
import hashlib
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
CACHE_DIR = ROOT / ".cache" / "notebooks"
KERNEL = "python3"
TIMEOUT_S = 600


def read(path: Path) -> nbformat.NotebookNode:
    return jupytext.read(path, fmt="py:percent")


def code_cells(notebook: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def _imported_modules(source: str, package: str | None = None) -> set[str]:
    """Dotted names of the modules ``source`` imports (relative imports resolved in ``package``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level and package:
                parts = package.split(".")
                parent = parts[: len(parts) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _module_file(name: str) -> Path | None:
    if name != "snippets" and not name.startswith("snippets."):
        return None
    parts = name.split(".")[1:]
    candidate = SNIPPETS.joinpath(*parts)
    for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
        if path.is_file():
            return path
    return None


def snippet_dependencies(sources: list[str]) -> list[Path]:
    """Every file of ``snippets/`` that the given code imports, directly or through other modules."""
    seen: set[Path] = set()
    todo = [name for source in sources for name in _imported_modules(source)]
    while todo:
        name = todo.pop()
        # importing a.b.c runs a/__init__.py and a/b/__init__.py too
        todo.extend(".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1))
        path = _module_file(name)
        if path is None or path in seen:
            continue
        seen.add(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        todo.extend(_imported_modules(path.read_text("utf-8"), package))
    return sorted(seen)


def cache_key(path: Path) -> str:
    notebook = read(path)
    digest = hashlib.sha256()
    digest.update(path.read_bytes())
    for dep in snippet_dependencies(code_cells(notebook)):
        digest.update(dep.relative_to(ROOT).as_posix().encode())
        digest.update(dep.read_bytes())
    digest.update(f"python={sys.version_info[:2]} kernel={KERNEL}".encode())
    return digest.hexdigest()[:24]


def execute(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel started in the repository root; an error fails loudly."""
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT_S,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(ROOT)}},
        record_timing=False,
        allow_errors=False,
    )
    try:
        client.execute()
    except Exception as error:
        raise RuntimeError(f"notebook {name} failed to execute: {error}") from error
    return notebook


def executed_notebook(path: Path, name: str | None = None) -> tuple[Path, bool]:
    """The executed ``.ipynb`` for a jupytext notebook, from cache when its inputs are unchanged.

    Returns the path and whether the notebook was executed now (False: cache hit).
    """
    key = cache_key(path)
    target = CACHE_DIR / key / f"{path.stem}.ipynb"
    if target.exists():
        return target, False
    notebook = execute(read(path), name or str(path))
    notebook.metadata.pop("jupytext", None)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    nbformat.write(notebook, str(tmp))
    tmp.replace(target)
    return target, True
