"""Responses made to order: a document on which a JMESPath expression reads a value."""

from __future__ import annotations

from typing import Any


def build(node: dict[str, Any], leaf: Any) -> Any:
    """A document on which the JMESPath tree ``node`` yields ``leaf`` (or a list of it).

    Raises LookupError for trees this inverter does not handle (functions, filters).
    """
    kind = node["type"]
    children = node.get("children", [])
    if kind in ("current", "identity"):
        return leaf
    if kind == "field":
        return {node["value"]: leaf}
    if kind in ("subexpression", "pipe"):
        return build(children[0], build(children[1], leaf))
    if kind == "projection":
        return build(children[0], [build(children[1], leaf)])
    if kind == "flatten":
        return build(children[0], [leaf] if isinstance(leaf, list) else leaf)
    if kind == "value_projection":
        return build(children[0], {"k": build(children[1], leaf)})
    if kind == "index_expression":
        index = children[1]["value"]
        size = index + 1 if index >= 0 else -index
        return build(children[0], [leaf] * size)
    raise LookupError(kind)
