"""The site builds unchanged under ProperDocs, the maintained MkDocs 1.x fork (PyPI: ``properdocs``).

ProperDocs installs as its own module (``properdocs``) beside MkDocs, which Material and
mkdocs-jupyter still pull in. ``import properdocs.replacement`` points every ``mkdocs.*`` import of
the process at ``properdocs.*`` (its CLI does that first thing), so each ProperDocs build runs in a
subprocess, not in this pytest process, where the other tests use MkDocs.

``properdocs`` is a test requirement (requirements/tests.txt). What a move to it would take: the
README's "Generator" section.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

# Prepended to every ProperDocs run: what `properdocs build` does before it loads anything. Loggers
# named mkdocs.* (Material's, mkdocs-jupyter's, sitebuild's) must feed the 'properdocs' logger, where
# strict mode counts warnings; the CLI does this, a library call does not (its warnings would pass).
_PRELUDE = """
import json, logging, sys
import properdocs.replacement
logging.getLogger("mkdocs").parent = logging.getLogger("properdocs")
import mkdocs, properdocs
assert mkdocs is properdocs, "mkdocs.* is not redirected to properdocs.*"
"""

_BUILD = _PRELUDE + """
class Collect(logging.Handler):
    records = []
    def emit(self, record):
        self.records.append(f"{record.name}: {record.levelname}: {record.getMessage()}")
collect = Collect(level=logging.WARNING)
logging.getLogger().addHandler(collect)
from sitebuild.build import build
try:
    build(site_dir=sys.argv[1])
except BaseException as error:  # strict mode's Abort is a SystemExit that prints nothing
    print(f"{type(error).__name__}: {error}", *collect.records, sep="\\n", file=sys.stderr)
    raise
with open(sys.argv[2], "w") as out:
    json.dump(collect.records, out)
"""

_DISCOVER = _PRELUDE + """
from properdocs.plugins import BasePlugin, get_plugins
from properdocs.utils import get_themes
plugins = get_plugins()
loaded = {name: issubclass(plugins[name].load(), BasePlugin) for name in sys.argv[1:] if name in plugins}
print(json.dumps({"plugins": sorted(plugins), "themes": sorted(get_themes()), "loaded": loaded}))
"""

_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _run(code: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env}, timeout=900,
    )
    assert done.returncode == 0, f"ProperDocs run failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
    return done


def _differences(reference: Path, other: Path, subset: bool = False) -> list[str]:
    """Files that differ, ignoring only the generator tag; ``subset``: ``other`` may lack files."""
    found = []
    ref_files = {p.relative_to(reference) for p in reference.rglob("*") if p.is_file()}
    other_files = {p.relative_to(other) for p in other.rglob("*") if p.is_file()}
    found += [f"only in the ProperDocs build: {p}" for p in sorted(other_files - ref_files)]
    if not subset:
        found += [f"only in the MkDocs build: {p}" for p in sorted(ref_files - other_files)]
    for rel in sorted(ref_files & other_files):
        a, b = (reference / rel).read_bytes(), (other / rel).read_bytes()
        if rel.suffix == ".html":
            a, b = _GENERATOR.sub(b"", a), _GENERATOR.sub(b"", b)
        if a != b:
            found.append(f"differs: {rel}")
    return found


@pytest.fixture(scope="module")
def mkdocs_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The normal (MkDocs) build: the suite's shared one where conftest provides it."""
    try:
        return request.getfixturevalue("built_site")
    except pytest.FixtureLookupError:
        from sitebuild.build import build

        site = tmp_path_factory.mktemp("mkdocs") / "site"
        build(site_dir=str(site))
        return site


def test_properdocs_finds_the_theme_and_every_plugin():
    """ProperDocs reads the `mkdocs.plugins` and `mkdocs.themes` entry points as well as its own
    `properdocs.*` groups: Material, mkdocs-jupyter and the project's own plugins are found."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    ours = sorted(pyproject["project"].get("entry-points", {}).get("mkdocs.plugins", {}))
    third_party = ["mkdocs-jupyter"] if importlib.util.find_spec("mkdocs_jupyter") else []
    found = json.loads(_run(_DISCOVER, *third_party, *ours).stdout.splitlines()[-1])
    assert "material" in found["themes"]
    assert found["loaded"] == {name: True for name in [*third_party, *ours]}, found


def test_sitebuild_under_properdocs_gives_the_same_site(mkdocs_site: Path, tmp_path: Path):
    """`python -m sitebuild build`'s code path (both languages, hooks, search index) under
    ProperDocs: no warning, and every file byte-identical but for `<meta name="generator">`."""
    site, warnings = tmp_path / "site", tmp_path / "warnings.json"
    _run(_BUILD, str(site), str(warnings))
    assert json.loads(warnings.read_text("utf-8")) == []
    assert b"ProperDocs" in (site / "index.html").read_bytes(), "not built by ProperDocs"
    differences = _differences(mkdocs_site, site)
    assert not differences, "ProperDocs builds another site:\n" + "\n".join(differences)


def test_properdocs_cli_builds_the_english_site_from_mkdocs_yml(mkdocs_site: Path, tmp_path: Path):
    """Plain `properdocs build -f mkdocs.yml --strict` (English only, no search index): the same
    pages as the English part of the normal build."""
    from sitebuild.build import source_date_epoch

    site = tmp_path / "site"
    epoch = {"SOURCE_DATE_EPOCH": e} if (e := source_date_epoch()) else {}
    done = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
        env={**os.environ, **epoch},
    )
    assert done.returncode == 0, done.stderr[-6000:]
    assert re.findall(r"^(?:WARNING|ERROR).*", done.stderr, flags=re.M) == []
    assert b"ProperDocs" in (site / "index.html").read_bytes()
    differences = _differences(mkdocs_site, site, subset=True)
    assert not differences, "ProperDocs builds other English pages:\n" + "\n".join(differences)
