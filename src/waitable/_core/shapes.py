"""Following a JMESPath expression through a model's shapes, to find what cannot match.

Format-agnostic: a shape is anything with botocore's attribute names (``type_name``,
``name``, ``members``, ``member``, ``value``, ``enum``); botocore's own shapes have them,
and ``waitable._waiters.smithy_shapes`` gives Smithy's JSON AST shapes the same face.
"""

from __future__ import annotations

from typing import Any

from .text import did_you_mean


class ListOf:
    """A projection's result: a list of ``element`` (a botocore shape, or None: unknown)."""

    __slots__ = ("element",)

    def __init__(self, element: Any) -> None:
        self.element = element


def element_of(shape: Any) -> Any:
    if isinstance(shape, ListOf):
        return shape.element
    if getattr(shape, "type_name", None) == "list":
        return shape.member
    return None


class ShapeWalker:
    """Follows a JMESPath tree through botocore shapes, noting members that do not exist
    and string literals compared with enum members that are not among their values."""

    def __init__(self, where: str, *, enums: bool = True) -> None:
        self.where = where
        self.enums = enums  # whether compared strings must be enum values
        self.problems: list[str] = []

    def walk(self, node: dict[str, Any], shape: Any) -> Any:  # one case per node type
        kind, children = node["type"], node.get("children", [])
        if kind == "current":
            return shape
        if kind == "field":
            return self.member(shape, node["value"])
        if kind in ("subexpression", "pipe"):
            for child in children:
                shape = self.walk(child, shape)
            return shape
        if kind == "index_expression":
            return element_of(self.walk(children[0], shape))
        if kind in ("projection", "filter_projection"):
            element = element_of(self.walk(children[0], shape))
            if kind == "filter_projection":
                self.walk(children[2], element)
            return ListOf(self.walk(children[1], element))
        if kind == "value_projection":  # map.* : the map's values
            values = self.walk(children[0], shape)
            value = values.value if getattr(values, "type_name", None) == "map" else None
            return ListOf(self.walk(children[1], value))
        if kind == "flatten":
            inner = self.walk(children[0], shape)
            element = element_of(inner)
            return ListOf(element_of(element)) if element_of(element) is not None else inner
        if kind == "comparator":
            left, right = (self.walk(child, shape) for child in children)
            self.compare(left, children[1])
            self.compare(right, children[0])
            return None
        for child in children:  # functions, and/or/not, multi-selects: check their members
            if isinstance(child, dict):
                self.walk(child, shape)
        return None

    def member(self, shape: Any, name: str) -> Any:
        if getattr(shape, "type_name", None) != "structure" or getattr(
            shape, "is_document_type", False
        ):
            return None  # unknown, a map, or a document (any JSON): nothing to check
        members = shape.members
        if name not in members:
            self.problems.append(
                f"{self.where}: {shape.name} has no member {name!r}{did_you_mean(name, members)}"
            )
            return None
        return members[name]

    def compare(self, shape: Any, other: dict[str, Any]) -> None:
        if other["type"] == "literal" and isinstance(other["value"], str):
            self.expect(shape, other["value"])

    def expect(self, shape: Any, value: Any) -> None:
        """``value`` must be one of ``shape``'s enum values, if it has any."""
        enum = getattr(shape, "enum", None)
        if self.enums and enum and isinstance(value, str) and value not in enum:
            self.problems.append(  # models lag their services: a possible gap, not an error
                f"{self.where}: {value!r} is not in the model's enum of {shape.name} "
                f"({', '.join(enum)}){did_you_mean(value, enum)}: the model may be "
                "incomplete, or the acceptor can never match"
            )
