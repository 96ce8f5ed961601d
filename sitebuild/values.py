"""Numbers in the prose come from the tested code: ``{{= module:function(literal args) | format }}``.

Anywhere in a page's Markdown outside code blocks (quiz fences included) the placeholder becomes the
value that ``snippets.<module>.<function>`` returns, formatted with ``format`` and written the way
the page's language writes numbers. A value is computed once and cached under the digest of the
code it runs (:mod:`sitebuild.codedigest`), so a cached build imports no snippet.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import logging
import re

from sitebuild import numbers
from sitebuild.codedigest import function_digest
from sitebuild.document import MATH, rewrite_prose
from sitebuild.store import Store

log = logging.getLogger("mkdocs.plugins.itdl.values")
PATTERN = re.compile(r"\{\{=\s*(?P<module>[\w.]+):(?P<call>\w+\(.*?\))\s*(?:\|\s*(?P<spec>[^}]*?))?\s*\}\}")
_store = Store("values")


class PlaceholderError(ValueError):
    """A placeholder that cannot be computed (its text is in the message)."""


def _call(module: str, call: str) -> tuple[str, list, dict]:
    try:
        node = ast.parse(call, mode="eval").body
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            raise SyntaxError("not a call of a function by name")
        args = [ast.literal_eval(arg) for arg in node.args]
        kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords}
    except (SyntaxError, ValueError) as error:
        raise PlaceholderError(f"{{{{= {module}:{call} }}}}: arguments must be literals ({error})") from None
    return node.func.id, args, kwargs


def compute(module: str, call: str, spec: str | None) -> str:
    """``function(literal args)`` of ``snippets.<module>``, formatted with ``spec`` (cached)."""
    function_name, args, kwargs = _call(module, call)
    try:
        digest = function_digest(f"{module}:{function_name}")
    except ValueError as error:
        raise PlaceholderError(f"{{{{= {module}:{call} }}}}: {error}") from None
    key = hashlib.sha256(f"{digest}\0{call}\0{spec or ''}".encode()).hexdigest()[:32]

    def run() -> str:
        function = getattr(importlib.import_module(f"snippets.{module}"), function_name, None)
        if function is None:
            raise PlaceholderError(f"{{{{= {module}:{call} }}}}: snippets.{module} has no {function_name}")
        return format(function(*args, **kwargs), spec or "")

    value, computed = _store.memo(key, run)
    if computed:
        log.debug("value %s:%s: computed", module, call)
    return value


def substitute_text(text: str, lang: str) -> str:
    """Each placeholder of ``text`` as its value, written as ``lang`` writes numbers (as TeX inside math)."""
    inside = [match.span() for match in MATH.finditer(text)] if "$" in text else []

    def value(match: re.Match[str]) -> str:
        in_math = any(start < match.start() < end for start, end in inside)
        return numbers.localize(compute(match["module"], match["call"], match["spec"]), lang, math=in_math)

    return PATTERN.sub(value, text)


def substitute(markdown: str, lang: str, name: str = "<page>") -> str:
    """Every placeholder of a page's Markdown replaced by its value, code blocks left as written."""
    if "{{=" not in markdown:
        return markdown
    return rewrite_prose(markdown, name, lambda prose: substitute_text(prose, lang))


def placeholders(text: str) -> list[str]:
    """The placeholders of a text, spaces removed (a translation must keep the same ones)."""
    return sorted({m.group(0).replace(" ", "") for m in PATTERN.finditer(text)})
