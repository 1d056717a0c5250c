"""botocore's ``paginators-1.json`` format, as data.

The loader validates against these tables and the JSON Schema shipped in the package
(``schemas/paginators-1.schema.json``) is generated from them by ``render_schema()``.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from .._core.fields import ARRAY, NUMBER, OBJECT, STRING, Field, object_schema

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
SCHEMA_ID = "urn:waitable:schema:paginators-1"
NAMES = r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$"
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
