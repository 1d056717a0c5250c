"""Checking waiter definitions against a service's real shapes (botocore's service model).

A waiter written for an AWS operation can name an operation that does not exist, a
member the output does not have, or a state the service never returns; all three only
show as a wait that never ends. ``check_against_service`` finds them before that: the
operation exists, each path names real members (through lists, projections, filters
and comparisons), and a string compared with an enum member is one of its values.
"""

from __future__ import annotations

from typing import Any

from .._core.paths import parse_jmespath
from .._core.text import did_you_mean
from .._waiters.definitions import WaiterDefinition


class _ListOf:
    """A projection's result: a list of ``element`` (a botocore shape, or None: unknown)."""

    __slots__ = ("element",)

    def __init__(self, element: Any) -> None:
        self.element = element


def _element(shape: Any) -> Any:
    if isinstance(shape, _ListOf):
        return shape.element
    if getattr(shape, "type_name", None) == "list":
        return shape.member
    return None


class _Walker:
    """Follows a JMESPath tree through botocore shapes, noting members that do not exist
    and string literals compared with enum members that are not among their values."""

    def __init__(self, where: str) -> None:
        self.where = where
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
            return _element(self.walk(children[0], shape))
        if kind in ("projection", "filter_projection"):
            element = _element(self.walk(children[0], shape))
            if kind == "filter_projection":
                self.walk(children[2], element)
            return _ListOf(self.walk(children[1], element))
        if kind == "value_projection":  # map.* : the map's values
            values = self.walk(children[0], shape)
            value = values.value if getattr(values, "type_name", None) == "map" else None
            return _ListOf(self.walk(children[1], value))
        if kind == "flatten":
            inner = self.walk(children[0], shape)
            element = _element(inner)
            return _ListOf(_element(element)) if _element(element) is not None else inner
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
        if getattr(shape, "type_name", None) != "structure":
            return None  # unknown, or a map: nothing to check
        found = shape.members.get(name)
        if found is None:
            self.problems.append(
                f"{self.where}: {shape.name} has no member {name!r}"
                f"{did_you_mean(name, shape.members)}"
            )
        return found

    def compare(self, shape: Any, other: dict[str, Any]) -> None:
        if other["type"] == "literal" and isinstance(other["value"], str):
            self.expect(shape, other["value"])

    def expect(self, shape: Any, value: Any) -> None:
        """``value`` must be one of ``shape``'s enum values, if it has any."""
        enum = getattr(shape, "enum", None)
        if enum and isinstance(value, str) and value not in enum:
            self.problems.append(
                f"{self.where}: {value!r} is not a value of {shape.name}"
                f"{did_you_mean(value, enum)}; values: {', '.join(enum)}"
            )


def check_against_service(
    definition: WaiterDefinition, service: Any, source: str = ""
) -> list[str]:
    """Every mismatch between ``definition`` and the botocore ``service`` model
    (``client.meta.service_model``), one message each; an empty list when it fits."""
    prefix = f"{source}: " if source else ""
    where = f"{prefix}waiter {definition.name!r}"
    if definition.operation not in service.operation_names:
        return [
            f"{where}: {service.service_name} has no operation {definition.operation!r}"
            f"{did_you_mean(definition.operation, service.operation_names)}"
        ]
    output = service.operation_model(definition.operation).output_shape
    problems: list[str] = []
    for acceptor in definition.acceptors:
        matcher = acceptor.matcher
        if matcher.argument is None or matcher.name == "inputOutput":
            continue
        walker = _Walker(f"{where}, acceptor {acceptor.index}")
        found = walker.walk(parse_jmespath(matcher.argument), output)
        if matcher.name in ("pathAll", "pathAny"):
            found = _element(found)
        walker.expect(found, matcher.expected)
        problems.extend(walker.problems)
    return problems
