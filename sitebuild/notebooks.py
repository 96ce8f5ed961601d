"""Notebook pages: jupytext ``.py`` files under ``docs/<lang>/``, executed at build time.

mkdocs-jupyter keys its cache on the notebook file alone, so a changed snippet would be served
stale. Here the key is the notebook's bytes plus the bytes of every ``snippets`` module it imports
(transitively), plus the Python version; the executed ``.ipynb`` is stored under that key and
mkdocs-jupyter only renders it.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import posixpath
import re
import sys
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup, NavigableString, Tag

from sitebuild.paths import ROOT, cache_dir

SNIPPETS = ROOT / "snippets"
KERNEL = "python3"
_HEADING_TAG = re.compile(r"^h[1-6]$")
_EXPLICIT_ID = re.compile(r"\s*\{#([\w-]+)\}\s*$")
TIMEOUT_S = 600


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
    digest = hashlib.sha256()
    digest.update(path.read_bytes())
    # a percent-format notebook is a Python file (Markdown cells are comments): no jupytext needed
    for dep in snippet_dependencies([path.read_text("utf-8")]):
        digest.update(dep.relative_to(ROOT).as_posix().encode())
        digest.update(dep.read_bytes())
    digest.update(f"python={sys.version_info[:2]} kernel={KERNEL} streams=joined threads=1".encode())
    return digest.hexdigest()[:24]


# Kernels compute on one thread: the notebooks' models are tiny (threads only add overhead), the
# outputs do not depend on the machine's core count, and parallel builds or test workers do not
# oversubscribe the cores.
_ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def execute(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel started in the repository root; an error fails loudly."""
    from nbclient import NotebookClient

    client = NotebookClient(
        notebook,
        timeout=TIMEOUT_S,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(ROOT)}},
        record_timing=False,
        allow_errors=False,
    )
    saved = {var: os.environ.get(var) for var in _ONE_THREAD}
    os.environ.update(_ONE_THREAD)  # the kernel inherits it
    try:
        client.execute()
    except Exception as error:
        raise RuntimeError(f"notebook {name} failed to execute: {error}") from error
    finally:
        for var, value in saved.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    return notebook


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


def executed_notebook(path: Path, name: str | None = None) -> tuple[Path, bool]:
    """The executed ``.ipynb`` for a jupytext notebook, from cache when its inputs are unchanged.

    Returns the path and whether the notebook was executed now (False: cache hit).
    """
    key = cache_key(path)
    target = cache_dir("notebooks", key, f"{path.stem}.ipynb")
    if target.exists():
        return target, False
    notebook = execute(read(path), name or str(path))
    notebook.metadata.pop("jupytext", None)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")  # parallel test workers
    import nbformat

    nbformat.write(notebook, str(tmp))
    tmp.replace(target)
    return target, True


def slim_html(html: str, src_uri: str | None = None) -> tuple[str, list[dict], str | None]:
    """Plain site markup for a notebook page rendered by mkdocs-jupyter (nbconvert's lab template).

    The template inlines ~590 KB of JupyterLab CSS, a MathJax config, a script with an empty ``src``
    and a Mermaid loader that imports from a CDN. Here the styles and scripts go, Markdown cells
    become plain page content, code becomes a Material code block (the theme's highlighting and
    copy button, light and dark), and outputs keep only their payload in ``div.nb-output``.

    Headings take their id from a trailing ``{#id}`` as on Markdown pages (so a translation keeps
    the English anchors), else from their text; returns the page, its table of contents as MkDocs
    TOC tokens (built from these same ids) and the H1 title. With the page's ``src_uri``, links to
    other pages' sources (``page.md#anchor``, ``notebook.py``) become their URLs, as MkDocs does
    for Markdown pages.
    """
    soup = BeautifulSoup(html, "html.parser")
    if src_uri is not None:
        for link in soup.find_all("a", href=True):
            link["href"] = page_link(link["href"], src_uri)
    for tag in soup.find_all(["style", "script"]):
        if not tag.find_parent(class_="jp-OutputArea-output"):
            tag.decompose()
    for cell in soup.select(".jp-Cell"):
        cell.replace_with(_slim_cell(soup, cell))
    toc, title = _heading_ids(soup)
    wrapper = soup.select_one(".jupyter-wrapper")
    if wrapper is not None:
        notebook = soup.new_tag("div", attrs={"class": "nb"})
        for cell in list(wrapper.select_one(".jp-Notebook").children):
            notebook.append(cell.extract())
        wrapper.replace_with(notebook)
    return str(soup), toc, title


_SOURCE_LINK = re.compile(r"^(?P<path>[^:#?]+\.(?:md|py))(?P<anchor>#.*)?$")


def page_link(href: str, src_uri: str) -> str:
    """The URL, relative to the page built from ``src_uri``, of a link written to a source file
    (``../mdl/index.md#kraft`` on a notebook page); other links are returned unchanged. Pages have
    directory URLs: ``a/b.md`` is served at ``a/b/``, ``a/index.md`` at ``a/``."""
    match = _SOURCE_LINK.match(href)
    if match is None or href.startswith("/"):
        return href

    def url(src: str) -> str:
        stem = src.rsplit(".", 1)[0]
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), match["path"]))
    here = url(src_uri)
    relative = posixpath.relpath(url(target) or ".", here or ".")
    relative = "./" if relative == "." else relative.rstrip("/") + "/"
    return relative + (match["anchor"] or "")


def _heading_ids(soup: BeautifulSoup) -> tuple[list[dict], str | None]:
    used: set[str] = set()
    root: list[dict] = []
    stack: list[dict] = []
    title = None
    for heading in soup.find_all(_HEADING_TAG):
        for link in heading.select("a.anchor-link"):
            link.decompose()
        anchor = None
        last = heading.contents[-1] if heading.contents else None
        if isinstance(last, NavigableString) and (match := _EXPLICIT_ID.search(last)):
            anchor = match.group(1)
            last.replace_with(last[: match.start()])
        text = heading.get_text().strip()
        anchor = anchor or _slug(text)
        base, number = anchor, 0
        while anchor in used:
            number += 1
            anchor = f"{base}_{number}"
        used.add(anchor)
        heading["id"] = anchor
        link = soup.new_tag("a", attrs={"class": "headerlink", "href": f"#{anchor}", "title": "¶"})
        link.string = "¶"
        heading.append(link)
        level = int(heading.name[1])
        title = title if title is not None or level != 1 else text
        token = {"level": level, "id": anchor, "name": html_escape(text), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root, title


def _slug(text: str) -> str:
    """A readable, Unicode-aware slug (nbconvert's drops Cyrillic and can leave an empty id)."""
    slug = re.sub(r"[^\w\s-]", "", text.lower())
    return re.sub(r"[\s-]+", "-", slug).strip("-") or "section"


def _slim_cell(soup: BeautifulSoup, cell: Tag) -> Tag:
    out = soup.new_tag("div", attrs={"class": "nb-cell"})
    if "jp-MarkdownCell" in cell["class"]:
        rendered = cell.select_one(".jp-RenderedMarkdown")
        out["class"] = ["nb-markdown"]
        for child in list(rendered.children) if rendered else []:
            out.append(child.extract())
        return out
    source = cell.select_one(".jp-InputArea-editor pre")
    if source is not None:
        for copy in cell.select(".zeroclipboard-container, .clipboard-copy-txt"):
            copy.decompose()
        code = soup.new_tag("code")
        for child in list(source.children):
            code.append(child.extract())
        pre = soup.new_tag("pre")
        pre.append(code)
        block = soup.new_tag("div", attrs={"class": "language-python highlight"})
        block.append(pre)
        out.append(block)
    for output in cell.select(".jp-OutputArea-output"):
        kept = soup.new_tag("div", attrs={"class": "nb-output"})
        if output.get("data-mime-type"):
            kept["data-mime-type"] = output["data-mime-type"]
        for child in list(output.children):
            kept.append(child.extract())
        out.append(kept)
    return out


_HEADING_ID = re.compile(r"^(#{1,6} .*?)[ \t]*\{#[\w-]+\}[ \t]*$", re.M)


def downloads(source: Path, executed: Path) -> dict[str, bytes]:
    """The files a reader downloads: the executed ``.ipynb`` (outputs included) and the jupytext
    ``.py``, with the site's ``{#id}`` heading anchors taken out (Jupyter would show them)."""
    notebook = json.loads(executed.read_text("utf-8"))
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
