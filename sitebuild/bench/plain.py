"""The baseline: plain MkDocs (theme ``mkdocs``, no plugins) building the same Markdown, with only the
extensions that parse it."""

from __future__ import annotations

import json
from pathlib import Path

from sitebuild.paths import ROOT

PLAIN_EXTENSIONS = [
    "abbr", "admonition", "attr_list", "footnotes", "md_in_html", "tables", "toc",
    {"pymdownx.arithmatex": {"generic": True}}, "pymdownx.details", "pymdownx.highlight",
    "pymdownx.inlinehilite", {"pymdownx.snippets": {"base_path": [str(ROOT / "snippets")]}},
    "pymdownx.superfences",
]


def plain_config(tmp: Path, docs: Path, site: Path, name: str) -> Path:
    """Write the baseline's config for ``docs`` -> ``site`` as ``tmp/plain-<name>.yml``; its path."""
    config = {
        "site_name": "baseline", "docs_dir": str(docs), "site_dir": str(site),
        "theme": {"name": "mkdocs"}, "plugins": [], "markdown_extensions": PLAIN_EXTENSIONS,
    }
    path = tmp / f"plain-{name}.yml"
    path.write_text(json.dumps(config), "utf-8")  # JSON is YAML
    return path
