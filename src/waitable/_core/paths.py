"""JMESPath, compiled once and evaluated by one shared interpreter.

``jmespath.compile()`` builds a Parser per call even when its own cache hits, and
``ParsedResult.search()`` builds a new interpreter per call: both are avoided here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Callable

import jmespath
from jmespath.exceptions import JMESPathError
from jmespath.visitor import TreeInterpreter

# TreeInterpreter keeps only a method cache, so sharing it across threads is safe.
search = TreeInterpreter().visit
"""Evaluate a compiled tree over a value: ``search(tree, value)``."""


@lru_cache(maxsize=4096)
def parse_jmespath(expression: str) -> Any:
    """The compiled tree of ``expression``; jmespath's ParseError propagates.

    Cached: the same few expressions recur across definitions and files; trees are
    never mutated.
    """
    return jmespath.compile(expression).parsed


_NAMES = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\Z")


def is_dotted(expression: str) -> bool:
    """A plain path of names, ``a.b.c``: JMESPath that needs no parser to evaluate."""
    return _NAMES.match(expression) is not None


def getter(expression: str) -> Callable[[Any], Any]:
    """A function evaluating ``expression`` over a value, as JMESPath would.

    A plain path of names (most paginator tokens and keys) is looked up directly, about
    ten times faster than the interpreter and with no parse; anything else is compiled
    (jmespath's ParseError propagates) and searched.
    """
    if is_dotted(expression):
        names = expression.split(".")

        def lookup(value: Any) -> Any:
            for name in names:
                if type(value) is not dict and not isinstance(value, Mapping):
                    return None
                value = value.get(name)
            return value

        return lookup
    tree = parse_jmespath(expression)
    return lambda value: search(tree, value)


def jmespath_problem(expression: str) -> str:
    """jmespath's reason why ``expression`` does not compile, or ``""``."""
    try:
        parse_jmespath(expression)
    except JMESPathError as exc:
        return " ".join(str(exc).split())
    return ""


def fields_under(tree: Any, root: str) -> frozenset[str]:
    """The names an expression reads directly below the top-level field ``root``.

    ``fields_under(parse_jmespath("output.A == input.B && input.C"), "input")`` is
    ``{"B", "C"}``: which of a wait's parameters a Smithy ``inputOutput`` path reads.
    """
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        children = node.get("children", ())
        if (
            node.get("type") == "subexpression"
            and len(children) >= 2
            and children[0] == {"type": "field", "children": [], "value": root}
        ):
            below = children[1]
            if below.get("type") == "field":
                found.add(below["value"])
            elif below.get("type") == "multi_select_list":
                found.update(c["value"] for c in below["children"] if c.get("type") == "field")
        stack.extend(child for child in children if isinstance(child, dict))
    return frozenset(found)
