"""Notebooks: jupytext percent-format ``.py`` files under ``docs/<lang>/``, executed at build time.

What a notebook prints is a function of its code and of the snippet code that code reaches, so the
outputs are cached under :func:`execution_key`: the code cells as they run (comments do not count)
and the digest of exactly the snippet functions they reach (:mod:`sitebuild.codedigest`). A
translation has the English code cells, so both languages share one execution; editing a comment or
an unrelated function re-executes nothing. Execution runs in a fresh kernel, one compute thread.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sitebuild.codedigest import code_hash, script_digest
from sitebuild.paths import ROOT
from sitebuild.store import Store

KERNEL = "python3"
TIMEOUT_S = 600
log = logging.getLogger("mkdocs.plugins.itdl.notebooks")
_outputs = Store("notebook-outputs")
_CELL_MARK = re.compile(r"^# %%(?P<rest>.*)$", re.M)


if TYPE_CHECKING:
    import nbformat


def read(path: Path) -> nbformat.NotebookNode:
    import jupytext  # here, not at the top: a cached build never needs jupytext or nbclient

    notebook = jupytext.read(path, fmt="py:percent")
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"c{number}"  # nbformat would draw random ids: two builds must give the same page
    return notebook


def code_cells(notebook: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def _cells(text: str) -> list[tuple[bool, str]]:
    """(is Markdown, text after the marker) for each cell of a percent-format notebook, split at
    ``# %%`` lines without jupytext."""
    marks = list(_CELL_MARK.finditer(text))
    ends = [mark.start() for mark in marks[1:]] + [len(text)]
    return [
        ("[markdown]" in mark["rest"] or "[md]" in mark["rest"], text[mark.end() : end])
        for mark, end in zip(marks, ends, strict=True)
    ]


def code_chunks(text: str) -> list[str]:
    """The code cells of a percent-format notebook."""
    return [body for is_markdown, body in _cells(text) if not is_markdown]


def markdown_cells(text: str) -> list[str]:
    """The Markdown cells of a percent-format notebook, ``# `` taken off each line."""
    return [
        "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in body.strip("\n").splitlines())
        for is_markdown, body in _cells(text) if is_markdown
    ]


def execution_key(text: str) -> str:
    """What the outputs depend on: each code cell as it runs, the snippet code reached, the kernel."""
    chunks = code_chunks(text)
    digest = hashlib.sha256(script_digest("\n".join(chunks)).encode())
    for chunk in chunks:
        digest.update(code_hash(chunk).encode())
    digest.update(f"kernel={KERNEL} streams=joined threads=1".encode())
    return digest.hexdigest()[:32]


# Kernels compute on one thread: the notebooks' models are tiny (threads only add overhead), the
# outputs do not depend on the machine's core count, and parallel builds or test workers do not
# oversubscribe the cores.
_ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def execute(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel started in the repository root; an error fails loudly."""
    from nbclient import NotebookClient
    from traitlets.config import Config

    # Unix sockets in a folder of its own, not TCP (ipykernel 7 warns that TCP without CurveZMQ
    # keys is unencrypted); one folder per kernel, as notebooks execute side by side
    with tempfile.TemporaryDirectory(prefix="itdl-kernel-") as sockets:
        client = NotebookClient(
            notebook,
            config=Config({"KernelManager": {"transport": "ipc", "ip": str(Path(sockets) / "kernel")}}),
            kernel_name=KERNEL,
            timeout=TIMEOUT_S,
            resources={"metadata": {"path": str(ROOT)}},
            record_timing=False,
            allow_errors=False,
        )
        try:
            client.execute(env={**os.environ, **_ONE_THREAD})  # the kernel's environment
        except Exception as error:
            raise RuntimeError(f"notebook {name} failed to execute: {error}") from error
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    return notebook


def executed(path: Path, name: str | None = None) -> tuple[nbformat.NotebookNode, bool]:
    """The notebook with the outputs of its code cells; and whether it was executed now (False: the
    outputs came from the cache, computed by an earlier build, test or language with the same code)."""
    import nbformat

    notebook = read(path)
    name = name or str(path)

    def run() -> list:
        cells = execute(read(path), name).cells
        return json.loads(json.dumps([cell.outputs for cell in cells if cell.cell_type == "code"]))

    outputs, ran = _outputs.memo(execution_key(path.read_text("utf-8")), run)
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    if len(outputs) != len(cells):
        raise RuntimeError(f"notebook {name}: {len(cells)} code cells, {len(outputs)} cached outputs")
    for cell, cell_outputs in zip(cells, outputs, strict=True):
        cell.outputs = [nbformat.from_dict(output) for output in cell_outputs]
    if ran:
        log.debug("notebook %s: executed", name)
    return notebook, ran


def coalesce_streams(outputs: list) -> list:
    """Join consecutive outputs of one stream (stdout, stderr) into one. The kernel flushes a
    cell's prints in chunks whose boundaries depend on timing; joined, a cell's printed text is
    one block on the page and the same in every build."""
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (
            output.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] = previous["text"] + output["text"]
        else:
            joined.append(output)
    return joined


_HEADING_ID = re.compile(r"^(#{1,6} .*?)[ \t]*\{#[\w-]+\}[ \t]*$", re.M)


def downloads(source: Path, executed_notebook: nbformat.NotebookNode) -> dict[str, bytes]:
    """The files a reader downloads: the executed ``.ipynb`` (outputs included) and the jupytext
    ``.py``, with the site's ``{#id}`` heading anchors taken out (Jupyter would show them)."""
    import nbformat

    notebook = json.loads(nbformat.writes(executed_notebook))
    notebook["metadata"].pop("jupytext", None)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = _HEADING_ID.sub(r"\1", text)
    script = re.sub(r"^(# #{1,6} .*?)[ \t]*\{#[\w-]+\}[ \t]*$", r"\1", source.read_text("utf-8"), flags=re.M)
    return {
        f"{source.stem}.ipynb": (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode(),
        f"{source.stem}.py": script.encode(),
    }


def download_links(names: list[str], labels: dict[str, str]) -> str:
    links = " · ".join(
        f'<a href="{name}" download>{labels[name.rsplit(".", 1)[1]]}</a>' for name in names
    )
    return f'<p class="nb-downloads">{labels["title"]} {links}</p>'
