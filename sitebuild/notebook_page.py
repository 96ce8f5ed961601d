"""The notebook adapter: a notebook page becomes Markdown, so it takes the same pipeline as every page.

Markdown cells are the page's Markdown as written (headings with ``{#id}``, math, links to other
pages' sources, glossary terms, ``{{= }}`` values, fences). Each code cell becomes a Python code
block, and its outputs the HTML that mkdocs-jupyter (the notebook renderer, through nbconvert)
renders for them, reduced to their payload in ``div.nb-output``: no JupyterLab styles, no scripts,
no CDN. From there on MkDocs and the site treat the page like any other: link validation, table of
contents, math, notices, glossary hovers.

The Markdown and the reader's downloads are cached under the notebook's bytes and its
:func:`~sitebuild.notebooks.execution_key`; a cached build imports neither jupytext nor nbconvert.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sitebuild import notebooks
from sitebuild.codedigest import script_digest
from sitebuild.store import Store, key_of

log = logging.getLogger("mkdocs.plugins.itdl.notebooks")
_pages = Store("notebook-pages")
_ADAPTER = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


@dataclass(frozen=True)
class NotebookPage:
    markdown: str
    downloads: dict[str, bytes]  # file name -> bytes, served next to the page


@cache
def _renderer_version() -> str:
    return " ".join(f"{p}={importlib.metadata.version(p)}" for p in ("mkdocs-jupyter", "nbconvert"))


def page(path: Path, name: str) -> NotebookPage:
    """The page for the notebook at ``path`` (``name``: how errors and the log call it)."""
    text = path.read_text("utf-8")
    # the notebook's text as written and the snippet code it reaches (what its execution depends on)
    key = key_of(_ADAPTER, _renderer_version(), script_digest(text), text)

    def build() -> NotebookPage:
        notebook, _ = notebooks.executed(path, name)
        return NotebookPage(to_markdown(notebook, rendered_outputs(notebook)), notebooks.downloads(path, notebook))

    result, _ = _pages.memo(key, build)
    return result


def _fence(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


def to_markdown(notebook, outputs: list[list[str]]) -> str:
    """Markdown cells as written; each code cell as a Python block followed by its outputs' HTML."""
    parts, code_index = [], 0
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source.strip("\n"))
        elif cell.cell_type == "code":
            fence = _fence(cell.source)
            parts.append(f"{fence}python\n{cell.source.strip(chr(10))}\n{fence}")
            parts.extend(outputs[code_index])
            code_index += 1
    return "\n\n".join(parts) + "\n"


def rendered_outputs(notebook) -> list[list[str]]:
    """For each code cell, the HTML of each of its outputs as mkdocs-jupyter renders it, as
    ``<div class="nb-output">`` blocks (raw HTML for Markdown: no blank line inside)."""
    import nbformat
    from bs4 import BeautifulSoup
    from mkdocs_jupyter.convert import nb2html

    code = nbformat.v4.new_notebook(metadata=notebook.metadata)
    code.cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for number, cell in enumerate(code.cells):
        cell.id = f"out{number}"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "code.ipynb"
        source.write_text(nbformat.writes(code), "utf-8")
        soup = BeautifulSoup(nb2html(str(source), no_prompt=True), "html.parser")
    rendered = []
    for number in range(len(code.cells)):
        cell = soup.find(id=f"cell-id=out{number}")
        if cell is None:
            raise RuntimeError(f"mkdocs-jupyter rendered no cell out{number}: its template changed")
        blocks = []
        for output in cell.select(".jp-OutputArea-output"):
            for tag in output.find_all(["script", "style"]):
                tag.decompose()
            mime = output.get("data-mime-type")
            attrs = f' data-mime-type="{mime}"' if mime else ""
            inner = "".join(str(child) for child in output.children).strip()
            blocks.append(f'<div class="nb-output"{attrs}>{_no_blank_lines(inner)}</div>')
        rendered.append(blocks)
    return rendered


def _no_blank_lines(html: str) -> str:
    """Raw HTML in Markdown ends at a blank line: keep an empty line of a ``<pre>`` as ``&#10;``."""
    return html.replace("\n\n", "\n&#10;")
