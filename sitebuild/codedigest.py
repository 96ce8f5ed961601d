"""Digests of exactly the snippet code a computation runs, so its result is recomputed only when
that code changes.

A figure, a computed value or a notebook is a function of the code it executes. Its digest covers:

* every function and class of ``snippets/`` it reaches, following names through modules, imports
  (absolute, relative, ``from package import module``) and attribute chains (``kl.binary_kl``);
* the top-level statements of every module it reaches and of the packages above it (they run on
  import: constants, seeds, imports);
* the files under ``results/`` when the reached code reads them (:mod:`snippets._results`);
* the Python version and the versions of the numerical libraries.

Code is compared as its syntax tree without docstrings and positions: a comment, a docstring or a
moved function changes nothing; a changed function body changes the digest of everything that
reaches it and of nothing else. Where a name cannot be followed (a module used as a whole), the whole
module counts. Summaries of the files are kept in the build cache by their bytes' digest.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import os
import pickle
import sys
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sitebuild.paths import ROOT, cache_dir

PACKAGE = "snippets"
SNIPPETS = ROOT / PACKAGE
RESULTS = ROOT / "results"
RESULTS_MODULE = f"{PACKAGE}._results"
LIBRARIES = ("numpy", "torch", "scikit-learn")
BODY = "<module>"
_SUMMARY_VERSION = "3"


@dataclass(frozen=True)
class Definition:
    hash: str
    refs: tuple[str, ...]  # names and dotted chains it reads ("binary_kl", "kl.binary_kl", "np.log")


@dataclass(frozen=True)
class Module:
    name: str
    defs: dict[str, Definition]  # top-level functions and classes
    body: Definition  # every other top-level statement: it runs when the module is imported
    imports: dict[str, str]  # local name -> "module" or "module:attribute", absolute
    star: tuple[str, ...]  # modules imported with *
    loads: tuple[str, ...]  # modules its top-level imports load (and so run), candidates included


# -- summarizing one file ------------------------------------------------------------------------
def _strip_docstrings(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


class _Reads(ast.NodeVisitor):
    """Names and the longest dotted chains read (``helpers.power`` without a bare ``helpers``)."""

    def __init__(self) -> None:
        self.found: set[str] = set()

    def visit_Attribute(self, node: ast.Attribute) -> None:
        name = _dotted(node)
        if name:
            self.found.add(name)
        else:
            self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        self.found.add(node.id)


def _refs(nodes: list[ast.AST]) -> tuple[str, ...]:
    reads = _Reads()
    for node in nodes:
        reads.visit(node)
    return tuple(sorted(reads.found))


def _hash(nodes: list[ast.AST]) -> str:
    text = "\n".join(ast.dump(node, annotate_fields=False, include_attributes=False) for node in nodes)
    return hashlib.sha256(text.encode()).hexdigest()


def _absolute(module: str | None, level: int, package: str) -> str:
    if not level:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - level + 1]
    return ".".join([*base, module] if module else base)


def summarize(source: str, name: str, is_package: bool = False) -> Module:
    """The definitions, imports and import-time statements of one module's source."""
    tree = ast.parse(source)
    _strip_docstrings(tree)
    package = name if is_package else name.rpartition(".")[0]
    imports: dict[str, str] = {}
    star: list[str] = []
    for node in ast.walk(tree):  # imports inside functions bind names too: count them all
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    imports[alias.asname] = alias.name
                else:
                    head = alias.name.partition(".")[0]
                    imports[head] = head
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, package)
            for alias in node.names:
                if alias.name == "*":
                    star.append(base)
                else:
                    imports[alias.asname or alias.name] = f"{base}:{alias.name}"
    loads = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            loads += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, package)
            loads += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    defs, rest = {}, []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defs[node.name] = Definition(_hash([node]), _refs([node]))
        else:
            rest.append(node)
    return Module(name, defs, Definition(_hash(rest), _refs(rest)), imports, tuple(star), tuple(loads))


# -- the modules of snippets/, summarized once per content ---------------------------------------
_memo: dict[tuple[str, str], object] = {}  # what this process has read of snippets/ since refresh()


_read_at: tuple = ()  # the files of snippets/ and results/ (path, mtime, size) when _memo was filled


def _files_now() -> tuple:
    files = [*SNIPPETS.rglob("*.py"), *(RESULTS.rglob("*") if RESULTS.is_dir() else ())]
    return tuple(sorted((str(path), stat.st_mtime_ns, stat.st_size) for path in files for stat in [path.stat()]))


def refresh(force: bool = False) -> None:
    """Forget what this process has read of ``snippets/`` and ``results/`` if a file there was added,
    removed or written since (or, with ``force``, in any case): a build starts with this, so a
    long-lived process (``serve``) sees edited files, and the languages of one build read them once."""
    global _read_at
    now = _files_now()
    if force or now != _read_at:
        _memo.clear()
        _read_at = now


def _memoized(kind: str, name: str, compute):
    if (kind, name) not in _memo:
        _memo[kind, name] = compute()
    return _memo[kind, name]


def module_path(name: str) -> Path | None:
    """The file of a ``snippets`` module or package (None for any other module)."""
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return None

    return _memoized("files", "", _module_files).get(name)


def _module_files() -> dict[str, Path]:
    """Every module and package of ``snippets/`` by dotted name, from one walk of the folder."""
    found = {}
    for folder, subfolders, names in os.walk(SNIPPETS):
        subfolders[:] = [name for name in subfolders if not name.startswith((".", "__pycache__"))]
        parts = Path(folder).relative_to(SNIPPETS).parts
        for name in names:
            if name.endswith(".py"):
                stem = name[:-3]
                dotted = ".".join([PACKAGE, *parts] + ([] if stem == "__init__" else [stem]))
                found[dotted] = Path(folder) / name
    return found


class _Summaries:
    """Module summaries keyed by the digest of the file's bytes, kept in the build cache."""

    def __init__(self) -> None:
        self.file = cache_dir("codedigest", f"summaries-{_SUMMARY_VERSION}.pickle")
        self.known: dict[str, Module] | None = None
        self.lock = threading.RLock()  # notebooks are read side by side

    def get(self, name: str) -> Module | None:
        return _memoized("module", name, lambda: self._read(name))

    def _read(self, name: str) -> Module | None:
        path = module_path(name)
        if path is None:
            return None
        data = path.read_bytes()
        key = f"{name}:{hashlib.sha256(data).hexdigest()}"
        with self.lock:
            if key not in self._kept():
                self.known[key] = summarize(data.decode("utf-8"), name, path.name == "__init__.py")
                self._save()
            return self.known[key]

    def script(self, source: str) -> Module:
        """The summary of a script (a notebook's code), kept like a module's."""
        key = f"<script>:{hashlib.sha256(source.encode()).hexdigest()}"
        with self.lock:
            if key not in self._kept():
                self.known[key] = summarize(source, "<script>")
                self._save()
            return self.known[key]

    def _kept(self) -> dict[str, Module]:
        if self.known is None:
            try:
                self.known = pickle.loads(self.file.read_bytes())
            except (FileNotFoundError, EOFError, pickle.UnpicklingError):
                self.known = {}
        return self.known

    def _save(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(f"{self.file.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(pickle.dumps(self.known))
        tmp.replace(self.file)


_summaries = _Summaries()


# -- following names ----------------------------------------------------------------------------
def reached(roots: list[tuple[Module, str]]) -> dict[str, str]:
    """Qualified name (``module:name``, ``module:<module>``) -> hash of everything the dotted names
    ``roots`` read in their modules reach, those modules' import-time statements included."""
    found: dict[str, str] = {}
    todo: list[tuple[Module, str]] = []

    def enter(name: str) -> Module | None:
        module = _summaries.get(name)
        if module is not None and f"{name}:{BODY}" not in found:
            found[f"{name}:{BODY}"] = module.body.hash
            todo.extend((module, ref) for ref in module.body.refs)
            parent = name.rpartition(".")[0]
            if parent:
                enter(parent)  # importing a.b.c runs a/__init__.py and a/b/__init__.py first
            for loaded in module.loads:
                enter(loaded)
        return module

    def whole(module: Module) -> None:
        todo.extend((module, name) for name in module.defs)

    for module, dotted in roots:
        enter(module.name)
        todo.append((module, dotted))
    while todo:
        module, dotted = todo.pop()
        head, _, rest = dotted.partition(".")
        if head in module.defs:
            qualified = f"{module.name}:{head}"
            if qualified not in found:
                found[qualified] = module.defs[head].hash
                todo.extend((module, ref) for ref in module.defs[head].refs)
            continue
        target = module.imports.get(head)
        if target is None:
            submodule = enter(f"{module.name}.{head}")
            if submodule is not None:  # a package's submodule, reached as an attribute
                todo.append((submodule, rest)) if rest else whole(submodule)
            for star in module.star:
                if (starred := enter(star)) is not None:
                    todo.append((starred, dotted))
            continue
        base, _, attr = target.partition(":")
        if attr:
            as_module = enter(f"{base}.{attr}")
            if as_module is not None:  # from package import module
                todo.append((as_module, rest)) if rest else whole(as_module)
            elif (source := enter(base)) is not None:
                todo.append((source, f"{attr}.{rest}" if rest else attr))
        elif (imported := enter(base)) is not None:
            todo.append((imported, rest)) if rest else whole(imported)
    return found


@cache
def _environment() -> str:
    versions = []
    for library in LIBRARIES:
        try:
            versions.append(f"{library}={importlib.metadata.version(library)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{library}=none")
    return f"python={sys.version_info[:3]} " + " ".join(versions)


def _results_digest() -> str:
    return _memoized("results", "", _read_results_digest)


def _read_results_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(RESULTS.rglob("*")) if RESULTS.is_dir() else []:
        if path.is_file():
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _digest(found: dict[str, str]) -> str:
    digest = hashlib.sha256(_environment().encode())
    for name in sorted(found):
        digest.update(f"{name}={found[name]}\n".encode())
    if any(name.startswith(RESULTS_MODULE + ":") for name in found):
        digest.update(_results_digest().encode())
    return digest.hexdigest()[:32]


def _function_roots(target: str) -> list[tuple[Module, str]]:
    module_name, _, function = target.partition(":")
    name = f"{PACKAGE}.{module_name}"
    module = _summaries.get(name)
    if module is None or not function:
        raise ValueError(f"target: {target!r} is not 'module:function' of a module under {SNIPPETS}")
    return [(module, function)]


def function_reach(target: str) -> dict[str, str]:
    """What ``module:function`` (module relative to ``snippets``) reaches, with the hashes."""
    return _memoized("reach", target, lambda: _function_reach(target))


def _function_reach(target: str) -> dict[str, str]:
    roots = _function_roots(target)
    module, function = roots[0]
    if function not in module.defs and function not in module.imports and not module.star:
        raise ValueError(f"target: {target!r}: {module.name} defines no {function!r}")
    return reached(roots)


def function_digest(target: str) -> str:
    """The digest of the code ``module:function`` runs (for figures and computed values)."""
    return _memoized("digest", target, lambda: _digest(function_reach(target)))


def script_reach(source: str) -> dict[str, str]:
    """What a script (a notebook's code) reaches in ``snippets/``, with the hashes."""
    script = _summaries.script(source)
    roots = [(script, ref) for ref in script.body.refs]
    roots += [(script, ref) for definition in script.defs.values() for ref in definition.refs]
    found = reached(roots)
    return {name: digest for name, digest in found.items() if not name.startswith("<script>:")}


def script_digest(source: str) -> str:
    """The digest of a script's own code (no comments) and of the snippet code it reaches."""
    key = hashlib.sha256(source.encode()).hexdigest()

    def digest() -> str:
        script = _summaries.script(source)
        own = hashlib.sha256("".join([script.body.hash, *(d.hash for d in script.defs.values())]).encode())
        return _digest({**script_reach(source), "<script>": own.hexdigest()})

    return _memoized("script", key, digest)


def code_hash(source: str) -> str:
    """The hash of a piece of code as it runs: comments, docstrings and blank lines do not count."""
    tree = ast.parse(source)
    _strip_docstrings(tree)
    return _hash([tree])
