"""Mutation score per formula: does a formula's test catch a wrong version of its code?

For each formula on the pages, each statement of the function bodies its fence names (the lines
:func:`sitebuild.formulas.body_lines` counts; argument checks and the ``raise`` of a guard clause
left out: they are not the formula) is changed in one small way at a time:

* an arithmetic operator swapped (``+``/``-``, ``*``/``/``, ``**`` to ``*``), a term dropped
  (``a + b`` to ``a``, ``a - b`` to ``a``);
* a comparison moved across its boundary (``<``/``<=``, ``>``/``>=``, ``==``/``!=``), ``and``/``or``;
* a number constant ``c`` to ``c + 1``, a minus sign dropped.

Each mutant runs only that formula's marked tests, in a copy of the repository, each in its own
process (``-x``, tracing off). A mutant a test fails on (or that runs over ten times as long as the
tests on the unchanged code, at least 10 s: it loops) is killed; one every test passes survives,
and the report shows its diff. A survivor that computes the same thing as the original is listed
in :data:`EQUIVALENT` with the reason, and is not counted.
``nox -s mutation`` writes ``benchmarks/mutation.md`` and ``.json``.
"""

from __future__ import annotations

import ast
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sitebuild import formulas
from sitebuild.paths import ROOT

TIMEOUT_S = 120
GOAL = 0.9
REPORT = ROOT / "benchmarks" / "mutation"
EQUIVALENT = ROOT / "tests" / "mutation-equivalent.toml"  # [formula-id] "<file>:<line>:<col> <change>" = "why"

_SWAPS: dict[type, list[type]] = {
    ast.Add: [ast.Sub], ast.Sub: [ast.Add], ast.Mult: [ast.Div], ast.Div: [ast.Mult], ast.Pow: [ast.Mult],
    ast.FloorDiv: [ast.Div], ast.Lt: [ast.LtE], ast.LtE: [ast.Lt], ast.Gt: [ast.GtE], ast.GtE: [ast.Gt],
    ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq], ast.And: [ast.Or], ast.Or: [ast.And],
}
_SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.FloorDiv: "//",
           ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
           ast.And: "and", ast.Or: "or"}


@dataclass(frozen=True)
class Mutant:
    path: str  # under snippets/
    line: int
    col: int
    change: str  # e.g. "+ -> -"
    source: str  # the whole mutated file

    @property
    def key(self) -> str:
        return f"{self.path}:{self.line}:{self.col} {self.change}"

    def diff(self, original: str) -> str:
        lines = difflib.unified_diff(original.splitlines(), self.source.splitlines(), lineterm="", n=0)
        return "\n".join(line for line in lines if not line.startswith(("---", "+++", "@@")))


def _is_check(node: ast.stmt) -> bool:
    """An argument check or a guard clause: not part of the formula."""
    if isinstance(node, ast.Raise | ast.Assert):
        return True
    if isinstance(node, ast.If) and not node.orelse and isinstance(node.body[-1], ast.Raise):
        return True  # a guard clause: what it computes is the error message
    value = getattr(node, "value", None)
    call = value if isinstance(value, ast.Call) else None
    name = call and (getattr(call.func, "id", None) or getattr(call.func, "attr", None))
    return bool(name) and ("check" in name or name.startswith("_validate"))


def _statements(tree: ast.Module, lines: set[int]) -> list[ast.stmt]:
    """The simple statements on ``lines`` (compound ones contribute their test, not their body)."""
    guards = [(node.lineno, node.end_lineno)
              for node in ast.walk(tree) if isinstance(node, ast.stmt) and _is_check(node)]
    return [node for node in ast.walk(tree)
            if isinstance(node, ast.stmt) and node.lineno in lines
            and not any(first <= node.lineno <= last for first, last in guards)]


def _own_expressions(stmt: ast.stmt):
    """The expressions a statement evaluates itself (not those of the statements nested in it)."""
    if isinstance(stmt, ast.If | ast.While):
        roots = [stmt.test]
    elif isinstance(stmt, ast.For):
        roots = [stmt.iter]
    elif isinstance(stmt, ast.FunctionDef | ast.ClassDef | ast.With | ast.Try):
        roots = []
    else:
        roots = [child for child in ast.iter_child_nodes(stmt) if isinstance(child, ast.expr)]
    for root in roots:
        yield from ast.walk(root)


def _replacements(node: ast.AST):
    """``(change, new node)`` for each mutation of ``node`` itself."""
    if isinstance(node, ast.BinOp):
        for op in _SWAPS.get(type(node.op), []):
            yield f"{_SYMBOL[type(node.op)]} -> {_SYMBOL[op]}", ast.BinOp(node.left, op(), node.right)
        if isinstance(node.op, ast.Add | ast.Sub):
            yield f"drop `{_SYMBOL[type(node.op)]} {ast.unparse(node.right)}`", node.left
    elif isinstance(node, ast.Compare) and len(node.ops) == 1:
        for op in _SWAPS.get(type(node.ops[0]), []):
            yield f"{_SYMBOL[type(node.ops[0])]} -> {_SYMBOL[op]}", ast.Compare(node.left, [op()], node.comparators)
    elif isinstance(node, ast.BoolOp):
        for op in _SWAPS.get(type(node.op), []):
            yield f"{_SYMBOL[type(node.op)]} -> {_SYMBOL[op]}", ast.BoolOp(op(), node.values)
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
        yield f"{node.value!r} -> {node.value + 1!r}", ast.Constant(node.value + 1)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield "drop unary -", node.operand


def _splice(source: str, node: ast.AST, text: str) -> str:
    lines = source.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: node.lineno - 1]) + _byte_col(lines[node.lineno - 1], node.col_offset)
    end = sum(len(line) for line in lines[: node.end_lineno - 1]) + _byte_col(
        lines[node.end_lineno - 1], node.end_col_offset)
    return source[:start] + text + source[end:]


def _byte_col(line: str, offset: int) -> int:
    """AST column offsets count UTF-8 bytes; the string index they mean."""
    return len(line.encode("utf-8")[:offset].decode("utf-8", "replace"))


def mutants(ref: str) -> list[Mutant]:
    """Every mutant of the section ``file.py:name``, in source order."""
    span = formulas.section_span(ref)
    source = span.path.read_text("utf-8")
    tree = ast.parse(source)
    body = formulas.body_lines(span)
    found = []
    for stmt in _statements(tree, body):
        in_text = {id(n) for j in ast.walk(stmt) if isinstance(j, ast.JoinedStr) for n in ast.walk(j)}
        for node in _own_expressions(stmt):
            if id(node) in in_text:  # an f-string's parts: a message, not the formula
                continue
            for change, new in _replacements(node):
                text = f"({ast.unparse(new)})"
                mutated = _splice(source, node, text)
                ast.parse(mutated)  # still Python
                found.append(Mutant(span.path.relative_to(formulas.SNIPPETS).as_posix(), node.lineno,
                                    node.col_offset, change, mutated))
    found.sort(key=lambda m: (m.line, m.col, m.change))
    return list({m.key: m for m in found}.values())


def _copy_repository(target: Path) -> None:
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in tracked.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)


def _pytest(copy: Path, tests: list[str], timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:sitebuild.tracing",
         "-p", "no:xdist", "--no-header", *tests],
        cwd=copy, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "OMP_NUM_THREADS": "1"},
    )


def baseline(copy: Path, tests: list[str]) -> float:
    """Seconds the formula's tests take on the unchanged code (they must pass there)."""
    start = time.perf_counter()
    done = _pytest(copy, tests, TIMEOUT_S)
    if done.returncode != 0:
        raise RuntimeError(f"the tests fail on the unchanged code: {' '.join(tests)}\n{done.stdout[-2000:]}")
    return time.perf_counter() - start


def _killed(copy: Path, mutant: Mutant, tests: list[str], timeout: float) -> tuple[bool, str]:
    """Run ``tests`` against ``mutant`` in ``copy`` (the file is restored afterwards); a run longer
    than ``timeout`` (a mutant that loops) counts as killed."""
    path = copy / "snippets" / mutant.path
    original = path.read_text("utf-8")
    path.write_text(mutant.source, "utf-8")
    try:
        done = _pytest(copy, tests, timeout)
    except subprocess.TimeoutExpired:
        return True, "timeout"
    finally:
        path.write_text(original, "utf-8")
    return done.returncode != 0, (done.stdout.strip().splitlines() or [""])[-1]


def equivalent() -> dict[str, dict[str, str]]:
    if not EQUIVALENT.is_file():
        return {}
    return tomllib.loads(EQUIVALENT.read_text("utf-8"))


def run(ids: list[str] | None = None, jobs: int | None = None) -> dict:
    """Mutate every formula (or ``ids``) and write the report; returns its data."""
    shown = formulas.shown(ROOT / "docs" / "en")
    tests = formulas.TestIndex.scan().by_id
    chosen = sorted(ids or shown)
    unknown = [formula_id for formula_id in chosen if formula_id not in shown]
    if unknown:
        raise ValueError(f"ids: no formula {unknown} on the pages")
    explained = equivalent()
    start = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="itdl-mutation-") as base:
        copies = [Path(base) / f"copy{n}" for n in range(jobs)]
        for copy in copies:
            _copy_repository(copy)
        # a formula's mutants may not run longer than ten times its tests on the unchanged code
        seconds: dict[str, float] = {}
        with ThreadPoolExecutor(max_workers=len(copies)) as pool:
            for part in pool.map(lambda n: {f: baseline(copies[n], tests.get(f, [])) for f in chosen[n::len(copies)]},
                                 range(len(copies))):
                seconds.update(part)
        work = [(formula_id, m) for formula_id in chosen for ref in shown[formula_id] for m in mutants(ref)]
        # one job per copy: a copy holds one mutant at a time
        queues: list[list] = [[] for _ in copies]
        for n, item in enumerate(work):
            queues[n % len(copies)].append(item)
        done = [0]

        def drain(index: int) -> list[tuple[str, Mutant, bool, str]]:
            rows = []
            for fid, m in queues[index]:
                limit = max(10.0, 10 * seconds[fid])
                rows.append((fid, m, *_killed(copies[index], m, tests.get(fid, []), limit)))
                done[0] += 1
                if done[0] % 25 == 0:
                    print(f"{done[0]} of {len(work)} mutants run", file=sys.stderr, flush=True)
            return rows

        with ThreadPoolExecutor(max_workers=len(copies)) as pool:
            outcomes = [row for rows in pool.map(drain, range(len(copies))) for row in rows]
    originals = {}
    for formula_id in chosen:
        results[formula_id] = {"mutants": 0, "killed": 0, "equivalent": [], "survivors": []}
    for formula_id, mutant, killed, last in outcomes:
        entry = results[formula_id]
        entry["mutants"] += 1
        if killed:
            entry["killed"] += 1
            continue
        original = originals.setdefault(mutant.path, (formulas.SNIPPETS / mutant.path).read_text("utf-8"))
        why = explained.get(formula_id, {}).get(mutant.key)
        row = {"mutant": mutant.key, "diff": mutant.diff(original), "tests": last}
        if why:
            entry["equivalent"].append({**row, "why": why})
        else:
            entry["survivors"].append(row)
    for formula_id in chosen:
        results[formula_id]["test_seconds"] = round(seconds[formula_id], 1)
    data = {"seconds": round(time.perf_counter() - start, 1), "jobs": jobs, "goal": GOAL, "formulas": results,
            "commit": _commit()}
    previous = REPORT.with_suffix(".json")
    if ids and previous.is_file():  # some formulas rerun: they replace their rows of the last full report
        full = json.loads(previous.read_text("utf-8"))
        full["formulas"].update(results)
        full.setdefault("rerun", {}).setdefault(data["commit"], []).extend(chosen)
        data = full
    write_report(data)
    return data


def score(entry: dict) -> float | None:
    counted = entry["mutants"] - len(entry["equivalent"])
    return entry["killed"] / counted if counted else None


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def write_report(data: dict) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.with_suffix(".json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", "utf-8")
    rows = sorted(data["formulas"].items())
    below = [fid for fid, e in rows if (s := score(e)) is not None and s < data["goal"]]
    lines = [
        "# Mutation score per formula", "",
        f"Commit `{data['commit']}`, `nox -s mutation`: {sum(e['mutants'] for _, e in rows)} mutants, "
        f"{data['seconds'] / 60:.0f} min on {data['jobs']} processes. Goal: ≥ {data['goal']:.0%} killed for every "
        f"formula (equivalent mutants, explained in `tests/mutation-equivalent.toml`, not counted). "
        f"Below the goal: {len(below)} of {len(rows)}.",
        *[f"Rerun at `{commit}` (`nox -s mutation -- ID ...`): {', '.join(f'`{i}`' for i in sorted(set(rerun)))}."
          for commit, rerun in data.get("rerun", {}).items()], "",
        "| formula | mutants | killed | equivalent | survivors | score |", "|---|---:|---:|---:|---:|---:|",
    ]
    for formula_id, e in rows:
        s = score(e)
        shown = "—" if s is None else f"{s:.0%}" + (" ✗" if formula_id in below else "")
        lines.append(f"| `{formula_id}` | {e['mutants']} | {e['killed']} | {len(e['equivalent'])} | "
                     f"{len(e['survivors'])} | {shown} |")
    for formula_id, e in rows:
        if not e["survivors"] and not e["equivalent"]:
            continue
        lines += ["", f"## `{formula_id}`", ""]
        for row in e["survivors"]:
            lines += [f"- survives: `{row['mutant']}`", "", "  ```diff", *[f"  {d}" for d in row["diff"].splitlines()],
                      "  ```"]
        for row in e["equivalent"]:
            lines.append(f"- equivalent: `{row['mutant']}`: {row['why']}")
    REPORT.with_suffix(".md").write_text("\n".join(lines) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sitebuild.mutation")
    parser.add_argument("ids", nargs="*", help="only these formula IDs (default: every formula)")
    parser.add_argument("--jobs", type=int, help="processes side by side (default: one per core)")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    args = parser.parse_args(argv)
    if args.list:
        shown = formulas.shown(ROOT / "docs" / "en")
        for formula_id in sorted(args.ids or shown):
            for ref in shown[formula_id]:
                for mutant in mutants(ref):
                    print(formula_id, mutant.key)
        return
    data = run(args.ids, args.jobs)
    below = [fid for fid, e in data["formulas"].items() if (s := score(e)) is not None and s < GOAL]
    print(f"{len(data['formulas'])} formulas, {len(below)} below {GOAL:.0%}; report: {REPORT.with_suffix('.md')}")


if __name__ == "__main__":
    main()
