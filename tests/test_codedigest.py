"""Cached figures, values and notebook outputs are recomputed exactly when the code they run changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import codedigest, notebooks, runs
from sitebuild.store import Store

PACKAGE = {
    "__init__.py": "",
    "topic/__init__.py": "from .maths import double  # re-exported\n",
    "topic/maths.py": (
        "from snippets.topic import helpers\n"
        "from .helpers import offset\n\n"
        "SCALE = 2\n\n\n"
        "def double(x):\n    \"\"\"Twice x.\"\"\"\n    return SCALE * x + offset()\n\n\n"
        "def square(x):\n    return helpers.power(x, 2)\n\n\n"
        "def unrelated():\n    return 'never reached'\n"
    ),
    "topic/helpers.py": "def offset():\n    return 0\n\n\ndef power(x, n):\n    return x ** n\n",
    "topic/reader.py": "from snippets._results import read\n\n\ndef value():\n    return read()\n",
    "_results.py": "def read():\n    return 1\n",
}


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "snippets"
    for name, text in PACKAGE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "run.json").write_text("{}", "utf-8")
    monkeypatch.setattr(codedigest, "SNIPPETS", root)
    monkeypatch.setattr(codedigest, "RESULTS", tmp_path / "results")
    monkeypatch.setattr(codedigest, "ROOT", tmp_path)
    monkeypatch.setenv("ITDL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(codedigest, "_summaries", codedigest._Summaries())
    codedigest.refresh()
    yield root
    monkeypatch.undo()  # the real snippets/ again, then forget the test package's modules
    codedigest.refresh(force=True)


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text("utf-8")
    assert old in text, f"test fixture: {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    codedigest.refresh()


def _digests() -> dict[str, str]:
    return {target: codedigest.function_digest(target)
            for target in ("topic.maths:double", "topic.maths:square", "topic:double", "topic.reader:value")}


def _changed(before: dict[str, str]) -> set[str]:
    return {target for target, digest in _digests().items() if digest != before[target]}


def test_what_a_function_reaches_is_followed_through_imports(package: Path) -> None:
    reached = set(codedigest.function_reach("topic.maths:square"))
    assert {"snippets.topic.maths:square", "snippets.topic.helpers:power"} <= reached
    assert "snippets.topic.maths:unrelated" not in reached
    assert "snippets.topic.helpers:offset" not in reached
    assert {"snippets.topic.maths:<module>", "snippets.topic:<module>", "snippets:<module>"} <= reached


@pytest.mark.parametrize(
    ("name", "old", "new", "changed"),
    [
        ("topic/maths.py", "def double(x):", "def double(x):  # a comment", set()),
        ("topic/maths.py", '"""Twice x."""', '"""Two times x, a docstring."""', set()),
        ("topic/maths.py", "def unrelated():\n    return 'never reached'", "def unrelated():\n    return 0", set()),
        ("topic/helpers.py", "return x ** n", "return x**n  # same code", set()),
        ("topic/helpers.py", "return x ** n", "return n ** x", {"topic.maths:square"}),
        ("topic/helpers.py", "return 0", "return 1", {"topic.maths:double", "topic:double"}),
        # top-level statements run on import, and topic/__init__.py imports maths for every topic module
        ("topic/maths.py", "SCALE = 2", "SCALE = 3",
         {"topic.maths:double", "topic.maths:square", "topic:double", "topic.reader:value"}),
        ("_results.py", "return 1", "return 2", {"topic.reader:value"}),
    ],
)
def test_only_an_edit_of_reached_code_changes_a_digest(package, name, old, new, changed) -> None:
    before = _digests()
    _edit(package, name, old, new)
    assert _changed(before) == changed


def test_results_files_count_for_code_that_reads_them(package: Path) -> None:
    before = _digests()
    (package.parent / "results" / "run.json").write_text('{"bound": 0.4}', "utf-8")
    codedigest.refresh()
    assert _changed(before) == {"topic.reader:value"}


def test_an_unknown_target_is_an_error_naming_it(package: Path) -> None:
    with pytest.raises(ValueError, match=r"target: 'topic\.maths:nope'"):
        codedigest.function_digest("topic.maths:nope")
    with pytest.raises(ValueError, match="target: 'nowhere:f'"):
        codedigest.function_digest("nowhere:f")


NOTEBOOK = """# %% [markdown]
# # A notebook {#nb}
#
# Prose.

# %%
from snippets.topic.maths import square

print(square(3))

# %%
print("two")
"""


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        ("# Prose.", "# Other prose.", True),
        ("print(square(3))", "print(square(3))  # a comment", True),
        ("print(square(3))", "print(square(4))", False),
        ('# %%\nprint("two")', 'print("two")', False),  # two cells joined: outputs move
    ],
)
def test_a_notebook_reexecutes_only_when_its_code_changes(package, old, new, same) -> None:
    before = notebooks.execution_key(NOTEBOOK)
    assert (notebooks.execution_key(NOTEBOOK.replace(old, new)) == before) is same


def test_a_notebook_reexecutes_when_a_function_it_reaches_changes(package: Path) -> None:
    before = notebooks.execution_key(NOTEBOOK)
    _edit(package, "topic/maths.py", "return 'never reached'", "return 1")
    assert notebooks.execution_key(NOTEBOOK) == before
    _edit(package, "topic/helpers.py", "return x ** n", "return x * n")
    assert notebooks.execution_key(NOTEBOOK) != before


def test_the_store_computes_once_and_rejects_unsafe_keys(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ITDL_CACHE_DIR", str(tmp_path))
    store, calls = Store("things"), []
    assert store.memo("abc123", lambda: calls.append(1) or {"x": [1.5]}) == ({"x": [1.5]}, True)
    assert store.memo("abc123", lambda: calls.append(1) or {"x": [2.5]}) == ({"x": [1.5]}, False)
    assert calls == [1]
    store.clear()
    assert store.memo("abc123", lambda: calls.append(1) or {"x": [2.5]}) == ({"x": [2.5]}, True)
    with pytest.raises(ValueError, match="key"):
        store.get("../escape")


def test_a_run_is_computed_once_per_version_of_the_code_it_reaches_and_of_its_arguments(package) -> None:
    calls = []

    def compute():
        calls.append(1)
        return {"run": len(calls)}

    assert runs.run_once("topic.maths:square", ("--a",), compute) == {"run": 1}
    assert runs.run_once("topic.maths:square", ("--a",), compute) == {"run": 1} and len(calls) == 1
    assert runs.run_once("topic.maths:square", ("--b",), compute) == {"run": 2}
    _edit(package, "topic/maths.py", "return 'never reached'", "return 1")  # code square does not reach
    assert runs.run_once("topic.maths:square", ("--a",), compute) == {"run": 1} and len(calls) == 2
    _edit(package, "topic/helpers.py", "return x ** n", "return x * n")
    assert runs.run_once("topic.maths:square", ("--a",), compute) == {"run": 3}
    with pytest.raises(ValueError, match=r"^arguments must be a tuple of str"):
        runs.run_once("topic.maths:square", ["--a"], compute)
