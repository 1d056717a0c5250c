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

from .text import counted, did_you_mean

# TreeInterpreter keeps only a method cache, so sharing it across threads is safe.
search = TreeInterpreter().visit
"""Evaluate a compiled tree over a value: ``search(tree, value)``."""


class _EpochInterpreter(TreeInterpreter):
    """JMESPath as Smithy specifies it: a timestamp is its epoch seconds, so that it
    compares with numbers (``output.UpdatedAt > input.Since``)."""

    def visit_field(self, node: Any, value: Any) -> Any:
        found = super().visit_field(node, value)
        if hasattr(found, "tzinfo") and callable(getattr(found, "timestamp", None)):
            return found.timestamp()  # a datetime (duck-typed: no import of datetime)
        return found


search_epoch = _EpochInterpreter().visit
"""``search``, with ``datetime`` values read as epoch seconds (Smithy's paths)."""


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
    """Why ``expression`` can only fail: jmespath's reason it does not compile, or a call
    of an unknown function or with the wrong number of arguments; else ``""``."""
    try:
        tree = parse_jmespath(expression)
    except JMESPathError as exc:
        return " ".join(str(exc).split())
    return function_problem(tree) if "(" in expression else ""


@lru_cache(maxsize=1)
def _signatures() -> dict[str, tuple[int, bool]]:
    """``{function: (arguments, variadic)}`` of jmespath's built-in functions."""
    from jmespath.functions import Functions

    table = Functions().FUNCTION_TABLE
    return {
        name: (len(entry["signature"]), any(s.get("variadic") for s in entry["signature"]))
        for name, entry in table.items()
    }


def function_problem(tree: Any) -> str:
    """The first call in ``tree`` of an unknown function or with a wrong argument count."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.get("type") == "function_expression":
            name, count = node["value"], len(node["children"])
            known = _signatures().get(name)
            if known is None:
                return f"unknown function {name}(){did_you_mean(name, _signatures())}"
            wanted, variadic = known
            if count < wanted or (count > wanted and not variadic):
                least = "at least " if variadic else ""
                return f"{name}() takes {least}{counted(wanted, 'argument')}, not {count}"
        stack.extend(child for child in node.get("children", ()) if isinstance(child, dict))
    return ""


_NUMBER_FUNCTIONS = frozenset({"abs", "avg", "ceil", "floor", "length", "sum", "to_number"})
_BOOLEAN_NODES = frozenset({"comparator", "not_expression", "and_expression", "or_expression"})


def result_kind(tree: Any) -> str:
    """``number`` or ``boolean`` when an expression can only give one; else ``""``."""
    kind = tree.get("type")
    if kind == "function_expression" and tree["value"] in _NUMBER_FUNCTIONS:
        return "number"
    if kind in _BOOLEAN_NODES:
        return "boolean" if kind != "and_expression" and kind != "or_expression" else ""
    if kind == "literal":
        value = tree.get("value")
        if isinstance(value, bool):
            return "boolean"
        if isinstance(value, (int, float)):
            return "number"
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
