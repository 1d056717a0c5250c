"""botocore's paginator format as data (its JSON Schema is generated from it), and the
compiled, immutable paginator definitions, not yet bound to a client."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Mapping

from .._core.fields import ARRAY, NUMBER, OBJECT, STRING, Field, object_schema
from .._core.frozen import Frozen, set_field
from .._core.paths import CompiledPath, getter

Getter = CompiledPath
"""A compiled expression: evaluates it over a page."""


class PaginatorDefinition(Frozen):
    """One paginator: how a listing's pages chain, and which results they carry.

    ``output_tokens[i]`` (JMESPath over a page) gives the value for the request
    parameter ``input_tokens[i]`` of the next call. ``result_keys`` and
    ``non_aggregate_keys`` are dotted paths (``a.b``): results merge across pages there.
    """

    __slots__ = (
        "name",
        "operation",
        "input_tokens",
        "output_tokens",
        "result_keys",
        "limit_key",
        "more_results",
        "non_aggregate_keys",
        "_output_getters",
        "_result_getters",
        "_more_getter",
        "_non_aggregate_getters",
    )

    name: str
    operation: str
    """The operation it calls: in botocore's files, the paginator's own name."""
    input_tokens: tuple[str, ...]
    output_tokens: tuple[str, ...]
    result_keys: tuple[str, ...]
    limit_key: str | None
    more_results: str | None
    non_aggregate_keys: tuple[str, ...]
    _output_getters: tuple[Getter, ...]
    _result_getters: tuple[Getter, ...]
    _more_getter: Getter | None
    _non_aggregate_getters: tuple[Getter, ...]

    def __init__(
        self,
        name: str,
        input_tokens: tuple[str, ...],
        output_tokens: tuple[str, ...],
        result_keys: tuple[str, ...],
        *,
        limit_key: str | None = None,
        more_results: str | None = None,
        non_aggregate_keys: tuple[str, ...] = (),
        operation: str | None = None,
    ) -> None:
        """Compiles the expressions: jmespath's ParseError propagates for the loader."""
        set_field(self, "name", name)
        set_field(self, "operation", name if operation is None else operation)
        set_field(self, "input_tokens", input_tokens)
        set_field(self, "output_tokens", output_tokens)
        set_field(self, "result_keys", result_keys)
        set_field(self, "limit_key", limit_key)
        set_field(self, "more_results", more_results)
        set_field(self, "non_aggregate_keys", non_aggregate_keys)
        set_field(self, "_output_getters", tuple(map(getter, output_tokens)))
        set_field(self, "_result_getters", tuple(map(getter, result_keys)))
        set_field(self, "_more_getter", None if more_results is None else getter(more_results))
        set_field(self, "_non_aggregate_getters", tuple(map(getter, non_aggregate_keys)))

    def describe(self) -> str:
        """The paginator in words."""
        pairs = ", ".join(f"{o} -> {i}" for o, i in zip(self.output_tokens, self.input_tokens))
        lines = [
            f"{self.name}: calls {self.operation}, passing {pairs} to the next call; "
            f"results: {', '.join(self.result_keys)}."
        ]
        if self.limit_key:
            lines.append(f"PageSize is sent as {self.limit_key}.")
        if self.more_results:
            lines.append(f"Stops when `{self.more_results}` is false.")
        if self.non_aggregate_keys:
            lines.append(f"Kept from the first page: {', '.join(self.non_aggregate_keys)}.")
        return "\n".join(lines)


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at a dotted path, making the objects on the way."""
    *parents, last = path.split(".")
    for name in parents:
        data = data.setdefault(name, {})
    data[last] = value


TOP_FIELDS: Mapping[str, Field] = {
    "$schema": Field(STRING, doc="JSON Schema of this file, for editors"),
    "version": Field(NUMBER, STRING, doc='format version, 1 (botocore\'s files write 1 or "1.0")'),
    "pagination": Field(OBJECT, required=True, doc="paginators by operation name"),
}

PAGINATOR_FIELDS: Mapping[str, Field] = {
    "input_token": Field(
        STRING, ARRAY, required=True, doc="the request parameter(s) that carry the token"
    ),
    "output_token": Field(
        STRING, ARRAY, required=True, doc="JMESPath of the response's next token(s), in order"
    ),
    "result_key": Field(
        STRING, ARRAY, required=True, doc="dotted path(s) of the results merged across pages"
    ),
    "limit_key": Field(STRING, doc="the request parameter that takes PageSize"),
    "more_results": Field(STRING, doc="JMESPath: false when there are no more pages"),
    "non_aggregate_keys": Field(ARRAY, doc="dotted paths kept from the first page"),
}

PAGINATION_CONFIG_KEYS = ("MaxItems", "PageSize", "StartingToken")

if TYPE_CHECKING:  # ``paginate(PaginationConfig=...)``, for type checkers (types only)
    from typing_extensions import TypedDict

    class PaginationConfig(TypedDict, total=False):
        """The keys of ``PAGINATION_CONFIG_KEYS``, typed: a type checker catches
        ``MaxItem``."""

        MaxItems: int
        PageSize: int
        StartingToken: str


SCHEMA_ID = "urn:waitable:schema:paginators-1"
NAMES = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"
"""A dotted path of names: what result and non-aggregate keys must be (they are set)."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a paginator file, derived from the tables above."""
    paginator = object_schema(PAGINATOR_FIELDS)
    props = paginator["properties"]
    strings = {"type": "string", "minLength": 1}
    for name in ("input_token", "output_token"):
        props[name]["type"] = ["string", "array"]
        props[name]["items"] = strings
        props[name]["minItems"] = 1
    props["result_key"]["type"] = ["string", "array"]
    props["result_key"]["pattern"] = NAMES
    props["result_key"]["items"] = {"type": "string", "pattern": NAMES}
    props["result_key"]["minItems"] = 1
    props["non_aggregate_keys"]["items"] = {"type": "string", "pattern": NAMES}
    top = object_schema(TOP_FIELDS)
    top["properties"]["pagination"]["additionalProperties"] = {"$ref": "#/$defs/paginator"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "waitable / botocore paginator definitions (paginators-1.json)",
        **top,
        "$defs": {"paginator": paginator},
    }


def render_schema() -> str:
    return json.dumps(json_schema(), indent=2) + "\n"
