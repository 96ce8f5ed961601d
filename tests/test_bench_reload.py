"""The serve benchmark's pure parts: the two snippet edits and the build-log parser
(sitebuild/bench/reload.py, sitebuild/bench/buildlog.py)."""

import ast
from pathlib import Path

import pytest

from sitebuild.bench.buildlog import recomputed
from sitebuild.bench.reload import FUNCTION, SNIPPET, body_edit, comment_edit

ROOT = Path(__file__).resolve().parent.parent
NONCE = 1234567890123

LOG = """\
INFO    -  Building documentation to directory: /work/main/site
INFO    -  notebook docs/en/pac-bayes/explore-bounds.py: executed
INFO    -  notebook docs/en/mdl/explore-mdl.py: cached
INFO    -  figure pacbayes.figures:bounds_vs_kl: computed
INFO    -  value pacbayes.kl:binary_kl(0.1, 0.25): computed
INFO    -  figure pacbayes.figures:catoni: cached
DEBUG   -  explorer pacbayes.explorers:bounds_at: computed
INFO    -  notebook docs/ru/pac-bayes/explore-bounds.py: executed
INFO    -  figure pacbayes.figures:bounds_vs_kl: computed
INFO    -  rebuilding en, ru
WARNING -  a computed figure mentioned in passing: computed later
"""


def test_log_lines_say_what_was_recomputed():
    assert recomputed(LOG) == {
        "notebooks_executed": ["docs/en/pac-bayes/explore-bounds.py", "docs/ru/pac-bayes/explore-bounds.py"],
        "figures_computed": ["pacbayes.figures:bounds_vs_kl"],
        "values_computed": ["pacbayes.kl:binary_kl(0.1, 0.25)"],
        "explorers_computed": ["pacbayes.explorers:bounds_at"],
    }


def test_a_quiet_log_recomputed_nothing():
    assert recomputed("INFO    -  notebook docs/en/a.py: cached\n") == {
        "notebooks_executed": [], "figures_computed": [], "values_computed": [], "explorers_computed": []
    }


@pytest.fixture(scope="module")
def source() -> str:
    return (ROOT / SNIPPET).read_text("utf-8")


def _run(source: str, *args):
    namespace: dict = {}
    exec(compile(source, SNIPPET, "exec"), namespace)
    return namespace[FUNCTION](*args), namespace[FUNCTION].__doc__


def test_comment_edit_changes_no_code(source):
    edited = comment_edit(source, FUNCTION, NONCE)
    assert edited != source and f"def {FUNCTION}(" in edited and str(NONCE) in edited
    assert ast.dump(ast.parse(edited)) == ast.dump(ast.parse(source))


def test_body_edit_changes_the_function_but_not_its_results(source):
    edited = body_edit(source, FUNCTION, NONCE)
    assert ast.dump(ast.parse(edited)) != ast.dump(ast.parse(source))
    assert f"_ = {NONCE}" in edited
    for args in [(0.1, 0.25), (0.0, 0.5), (0.3, 0.3)]:
        assert _run(edited, *args) == _run(source, *args)


def test_edits_name_a_function_that_exists(source):
    with pytest.raises(ValueError, match="no `def missing`"):
        body_edit(source, "missing", NONCE)
