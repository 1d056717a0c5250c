"""The waiter file formats, as data: botocore's ``waiters-2.json`` and Smithy's trait.

These tables are the one source of truth for the structure of a waiter file: the
loaders validate against them (``botocore_format``, ``smithy_format``) and the JSON
Schema shipped in the package (``schemas/waiters-2.schema.json``) is generated from
them by ``render_schema()``. A test regenerates the schema and fails if the shipped
file differs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .._core.fields import (
    ANY,
    ARRAY,
    BOOLEAN,
    INTEGER,
    NUMBER,
    OBJECT,
    STRING,
    Field,
    object_schema,
)
from .._core.frozen import Frozen, set_field

SUPPORTED_VERSION = 2
STATES = ("success", "failure", "retry")


class MatcherSpec(Frozen):
    """What a matcher needs: whether it reads ``argument`` and which ``expected`` types."""

    __slots__ = ("uses_argument", "expected_types", "doc")

    uses_argument: bool
    expected_types: tuple[str, ...]
    doc: str

    def __init__(self, uses_argument: bool, expected_types: tuple[str, ...], doc: str) -> None:
        set_field(self, "uses_argument", uses_argument)
        set_field(self, "expected_types", expected_types)
        set_field(self, "doc", doc)


MATCHERS: Mapping[str, MatcherSpec] = {
    "path": MatcherSpec(
        True, (ANY,), "the JMESPath `argument` over the response equals `expected`"
    ),
    "pathAll": MatcherSpec(
        True, (ANY,), "`argument` gives a non-empty list whose every member equals `expected`"
    ),
    "pathAny": MatcherSpec(
        True, (ANY,), "`argument` gives a non-empty list with a member equal to `expected`"
    ),
    "error": MatcherSpec(
        False,
        (STRING, BOOLEAN),
        "the error code (or raised exception class) is `expected`; true: any error; false: none",
    ),
    "status": MatcherSpec(False, (INTEGER,), "the HTTP status code equals `expected`"),
}

TOP_FIELDS: Mapping[str, Field] = {
    "$schema": Field(STRING, doc="JSON Schema of this file, for editors"),
    "version": Field(INTEGER, required=True, enum=None, doc="format version: always 2"),
    "waiters": Field(OBJECT, required=True, doc="waiter definitions by name"),
}

WAITER_FIELDS: Mapping[str, Field] = {
    "operation": Field(
        STRING, required=True, min_length=1, doc="operation to call, e.g. DescribeTable"
    ),
    "delay": Field(NUMBER, required=True, minimum=0, doc="seconds to sleep between attempts"),
    "maxAttempts": Field(INTEGER, required=True, minimum=1, doc="most calls to make"),
    "description": Field(STRING, doc="what the waiter waits for"),
    "acceptors": Field(ARRAY, required=True, min_items=1, doc="tried in order; first match wins"),
}

ACCEPTOR_FIELDS: Mapping[str, Field] = {
    "state": Field(STRING, required=True, enum=STATES, doc="what a match means"),
    "matcher": Field(STRING, required=True, enum=tuple(MATCHERS), doc="how to match"),
    "argument": Field(STRING, doc="JMESPath expression (path matchers only)"),
    "expected": Field(ANY, required=True, doc="the value to match"),
}

SCHEMA_ID = "urn:waitable:schema:waiters-2"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a waiter file, derived from the tables above."""
    acceptor = object_schema(ACCEPTOR_FIELDS)
    rules = []
    for name, matcher in MATCHERS.items():
        then: dict[str, Any]
        # an argument on error/status is ignored, as botocore ignores it (with a warning)
        then = {"required": ["argument"]} if matcher.uses_argument else {}
        if matcher.expected_types != (ANY,):
            types = list(matcher.expected_types)
            then["properties"] = {"expected": {"type": types[0] if len(types) == 1 else types}}
        rules.append(
            {
                "if": {"properties": {"matcher": {"const": name}}, "required": ["matcher"]},
                "then": then,
            }
        )
    acceptor["allOf"] = rules
    waiter = object_schema(WAITER_FIELDS)
    waiter["properties"]["acceptors"]["items"] = {"$ref": "#/$defs/acceptor"}
    top = object_schema(TOP_FIELDS)
    top["properties"]["version"]["const"] = SUPPORTED_VERSION
    top["properties"]["waiters"]["additionalProperties"] = {"$ref": "#/$defs/waiter"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "waitable / botocore waiter definitions (version 2)",
        **top,
        "$defs": {"waiter": waiter, "acceptor": acceptor},
    }


def render_schema() -> str:
    return json.dumps(json_schema(), indent=2) + "\n"


# --- Smithy's waiter format (the smithy.waiters#waitable trait) -----------------------

SMITHY_TRAIT = "smithy.waiters#waitable"
SMITHY_NAME_PATTERN = r"^[A-Z]+[A-Za-z0-9]*$"
SMITHY_COMPARATORS = ("stringEquals", "booleanEquals", "allStringEquals", "anyStringEquals")
SMITHY_MATCHERS = ("output", "inputOutput", "success", "errorType")

SMITHY_WAITER_FIELDS: Mapping[str, Field] = {
    "documentation": Field(STRING, doc="what the waiter waits for"),
    "acceptors": Field(ARRAY, required=True, min_items=1, doc="tried in order"),
    "minDelay": Field(INTEGER, minimum=1, doc="seconds; default 2"),
    "maxDelay": Field(INTEGER, minimum=1, doc="seconds; default 120"),
    "deprecated": Field(BOOLEAN, doc="warn when used"),
    "tags": Field(ARRAY, doc="free-form labels"),
}

SMITHY_ACCEPTOR_FIELDS: Mapping[str, Field] = {
    "state": Field(STRING, required=True, enum=STATES, doc="what a match means"),
    "matcher": Field(OBJECT, required=True, doc="exactly one of output, inputOutput, ..."),
    "message": Field(STRING, doc="JMESPath giving the failure reason (failure only)"),
}

SMITHY_PATH_FIELDS: Mapping[str, Field] = {
    "path": Field(STRING, required=True, doc="JMESPath expression"),
    "expected": Field(STRING, required=True, doc="the value to compare with"),
    "comparator": Field(STRING, required=True, enum=SMITHY_COMPARATORS, doc="how"),
}


def smithy_json_schema() -> dict[str, Any]:
    """The JSON Schema of a file of Smithy waiter trait values keyed by operation
    (``{"GetCity": {"CityExists": {...}}}``), derived from the tables above. Stricter
    than Smithy, which only warns of unknown members: an editor should flag them."""
    path = object_schema(SMITHY_PATH_FIELDS)
    matcher = {
        "description": "exactly one of output, inputOutput, success, errorType",
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "properties": {
            "output": {"$ref": "#/$defs/path"},
            "inputOutput": {"$ref": "#/$defs/path"},
            "success": {"type": "boolean"},
            "errorType": {"type": "string", "minLength": 1},
        },
        "additionalProperties": False,
    }
    acceptor = object_schema(SMITHY_ACCEPTOR_FIELDS)
    acceptor["properties"]["matcher"] = {"$ref": "#/$defs/matcher"}
    waiter = object_schema(SMITHY_WAITER_FIELDS)
    waiter["properties"]["acceptors"]["items"] = {"$ref": "#/$defs/acceptor"}
    waiter["properties"]["tags"]["items"] = {"type": "string", "minLength": 1}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:waitable:schema:smithy-waiters",
        "title": "waitable / Smithy waiter trait values (smithy.waiters#waitable) by operation",
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "minProperties": 1,
            "patternProperties": {SMITHY_NAME_PATTERN: {"$ref": "#/$defs/waiter"}},
            "additionalProperties": False,
        },
        "$defs": {"waiter": waiter, "acceptor": acceptor, "matcher": matcher, "path": path},
    }


def render_smithy_schema() -> str:
    return json.dumps(smithy_json_schema(), indent=2) + "\n"
