"""Smithy JSON AST shapes with botocore's attribute names, for ``_core.shapes``.

Only what a waiter's paths need: structures and unions (members), lists and sets
(member), maps (value), enums, and the prelude's simple types. A target the model does
not define (another file's shape) is None: unknown, so nothing is checked there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core.text import shape_name

_SIMPLE = {
    "string": "string",
    "enum": "string",
    "boolean": "boolean",
    "timestamp": "timestamp",
    "blob": "blob",
    "document": "document",
    "structure": "structure",
    "union": "structure",
    "list": "list",
    "set": "list",
    "map": "map",
}
_NUMBERS = (
    "byte",
    "short",
    "integer",
    "intEnum",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
)
_PRELUDE = "smithy.api#"


class SmithyShape:
    """One shape of a model, looked up lazily (models can be large and recursive)."""

    __slots__ = ("_data", "_members", "_shapes", "name", "type_name")

    def __init__(self, shape_id: str, data: Mapping[str, Any], shapes: Shapes) -> None:
        self.name = shape_name(shape_id)
        self._data = data
        self._shapes = shapes
        self._members: dict[str, Any] | None = None
        kind = str(data.get("type"))
        self.type_name = "number" if kind in _NUMBERS else _SIMPLE.get(kind, kind)

    @property
    def members(self) -> dict[str, Any]:
        if self._members is None:
            members = self._data.get("members", {})
            self._members = {name: target(ref, self._shapes) for name, ref in members.items()}
        return self._members

    @property
    def member(self) -> Any:
        return target(self._data.get("member", {}), self._shapes)

    @property
    def value(self) -> Any:
        return target(self._data.get("value", {}), self._shapes)

    @property
    def enum(self) -> list[str] | None:
        if self._data.get("type") == "enum":
            return [
                str(member.get("traits", {}).get("smithy.api#enumValue", name))
                for name, member in self._data.get("members", {}).items()
            ]
        values = self._data.get("traits", {}).get("smithy.api#enum")
        if isinstance(values, list):
            return [str(entry.get("value")) for entry in values if isinstance(entry, Mapping)]
        return None


class Shapes:
    """A model's shapes, each wrapped once (paths revisit the same shapes)."""

    __slots__ = ("cache", "data")

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.cache: dict[str, SmithyShape | None] = {}


def target(reference: Any, shapes: Shapes) -> SmithyShape | None:
    """The shape a ``{"target": id}`` reference names, or None if it is not known."""
    shape_id = reference.get("target") if isinstance(reference, Mapping) else None
    if not isinstance(shape_id, str):
        return None
    if shape_id in shapes.cache:
        return shapes.cache[shape_id]
    found = shapes.cache[shape_id] = _wrap(shape_id, shapes)
    return found


def _wrap(shape_id: str, shapes: Shapes) -> SmithyShape | None:
    data = shapes.data.get(shape_id)
    if isinstance(data, Mapping):
        return SmithyShape(shape_id, data, shapes)
    if shape_id.startswith(_PRELUDE):
        kind = shape_id[len(_PRELUDE) :].lower().replace("primitive", "")
        if kind == "unit":
            return SmithyShape(shape_id, {"type": "structure", "members": {}}, shapes)
        kind = {"biginteger": "bigInteger", "bigdecimal": "bigDecimal"}.get(kind, kind)
        return SmithyShape(shape_id, {"type": kind}, shapes)
    return None


class IOShape:
    """What an ``inputOutput`` path runs over: ``{"input": ..., "output": ...}``."""

    type_name = "structure"
    name = "input and output"

    def __init__(self, input_shape: Any, output_shape: Any) -> None:
        self.members = {"input": input_shape, "output": output_shape}


def fits(comparator: str, found: Any) -> str:
    """Why a path's result can never pass ``comparator``, or ``""`` (unknown fits)."""
    from .._core.shapes import ListOf, element_of

    kind = getattr(found, "type_name", None)
    if found is None or kind in (None, "document"):
        return ""
    if comparator in ("stringEquals", "booleanEquals"):
        wanted = "string" if comparator == "stringEquals" else "boolean"
        if isinstance(found, ListOf) or kind != wanted:
            shown = "a list" if isinstance(found, ListOf) else f"{found.name} ({kind})"
            return f"{comparator} needs a {wanted}, but the path gives {shown}"
        return ""
    if not isinstance(found, ListOf) and kind != "list":
        return f"{comparator} needs a list of strings, but the path gives {found.name} ({kind})"
    item = element_of(found)
    item_kind = getattr(item, "type_name", None)
    if item_kind not in (None, "string", "document"):
        return f"{comparator} needs a list of strings, but its items are {item_kind}"
    return ""
