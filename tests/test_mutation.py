"""The mutation tool changes a formula's code one small way at a time, never its argument checks."""

from __future__ import annotations

import ast

from sitebuild import formulas, mutation

REF = "pacbayes/kl.py:binary_kl"


def test_each_mutant_changes_one_expression_of_the_formula_and_still_parses() -> None:
    span = formulas.section_span(REF)
    original = span.path.read_text("utf-8").splitlines()
    found = mutation.mutants(REF)
    assert "pacbayes/kl.py:20:7 == -> !=" in {m.key for m in found}  # if q == p
    assert "pacbayes/kl.py:28:18 drop `- q`" in {m.key for m in found}  # (1.0 - q) -> (1.0)
    for mutant in found:
        ast.parse(mutant.source)
        changed = [n for n, (a, b) in enumerate(zip(original, mutant.source.splitlines(), strict=True)) if a != b]
        assert changed == [mutant.line - 1], mutant.key
        assert "def binary_kl" not in original[mutant.line - 1], f"{mutant.key} mutates the declarations"


def test_guard_clauses_and_checks_are_not_the_formula() -> None:
    tree = ast.parse("def f(x):\n    x = check_real('x', x)\n    if x < 0:\n        raise ValueError('x')\n"
                     "    assert x\n    if x > 1:\n        x = 1\n    if x > 9:\n        worst = x - 9\n"
                     "        raise ValueError(f'x: {worst}')\n    return x * 2\n")
    kept = mutation._statements(tree, set(range(1, 12)))
    assert sorted(stmt.lineno for stmt in kept if not isinstance(stmt, ast.FunctionDef)) == [6, 7, 11]


def test_the_score_leaves_out_explained_equivalent_mutants() -> None:
    entry = {"mutants": 10, "killed": 8, "equivalent": [{"mutant": "a", "why": "same value"}], "survivors": [{}]}
    assert mutation.score(entry) == 8 / 9
    assert mutation.score({"mutants": 0, "killed": 0, "equivalent": [], "survivors": []}) is None
