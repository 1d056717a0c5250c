"""JMESPath, compiled once and evaluated by one shared interpreter.

``jmespath.compile()`` builds a Parser per call even when its own cache hits, and
``ParsedResult.search()`` builds a new interpreter per call: both are avoided here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

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
