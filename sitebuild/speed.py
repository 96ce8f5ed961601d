"""What keeps a cached build fast (measured by ``nox -s bench``, see benchmarks/latest.md).

* Heavy imports wait until used: mkdocs-jupyter imports nbconvert (~0.4 s) and jupytext when
  MkDocs loads the plugin, but a cached build never converts a notebook.
* Material's templates are compiled once and listed without its icon folder: MkDocs builds a
fresh Jinja environment for every build (two per site, one per language) and
compiles every template it renders again; and before copying theme files it lists every file of
the theme, ~15,000 of them icons under ``.icons/``, which it then filters out as hidden. Here the
compiled templates go to a bytecode cache (Jinja checks each against its source's checksum), and
the listing skips hidden folders, which MkDocs would never copy.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types

import jinja2
from mkdocs.theme import Theme

from sitebuild.paths import cache_dir

LAZY_MODULES = ["mkdocs_jupyter.convert", "jupytext"]


class _Deferred(types.ModuleType):
    """Stands in ``sys.modules`` for a module until one of its attributes is first asked for."""

    def __getattr__(self, attr: str):
        if attr.startswith("__") and attr != "__path__":
            raise AttributeError(attr)
        sys.modules.pop(self.__name__, None)
        real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)  # holders of the stand-in now see the real module
        return getattr(real, attr)


def lazy_imports(names: list[str] = LAZY_MODULES) -> None:
    """Defer importing ``names`` until used (call before MkDocs loads its plugins; a module
    already imported stays as it is). ``importlib.util.LazyLoader`` would not do: on Python 3.11
    an ``import`` statement reads ``__spec__`` and so loads the module at once."""
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        stand_in = _Deferred(name)
        stand_in.__spec__ = spec
        sys.modules[name] = stand_in
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, stand_in)


class ThemeLoader(jinja2.FileSystemLoader):
    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                rel = os.path.relpath(dirpath, searchpath)
                for name in filenames:
                    found.add(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"))
        return sorted(found)


def speed_up(theme: Theme) -> None:
    """Make ``theme.get_env`` return environments with the loader and the cache above."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.loader = ThemeLoader(env.loader.searchpath)
        folder = cache_dir("jinja")
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        return env

    theme.get_env = get_env
