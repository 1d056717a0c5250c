"""Checking plain data against the format tables in ``_spec``.

Every problem is collected, each naming where it is (``waiter 'X', acceptor 2``) and
what was expected, so ``waitable validate`` can show them all at once. A part whose
type is wrong is not looked into further: one mistake, one message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Callable

import jmespath
from jmespath.exceptions import JMESPathError

from ._errors import did_you_mean
from ._spec import (
    ACCEPTOR_FIELDS,
    ANY,
    ARRAY,
    BOOLEAN,
    INTEGER,
    MATCHERS,
    NUMBER,
    OBJECT,
    STRING,
    SUPPORTED_VERSION,
    TOP_FIELDS,
    WAITER_FIELDS,
    Field,
    MatcherSpec,
)

_TYPE_WORDS = {
    STRING: "a string",
    INTEGER: "an integer",
    NUMBER: "a number",
    BOOLEAN: "a boolean",
    ARRAY: "a list",
    OBJECT: "an object",
}


def json_type(value: Any) -> str:
    """The JSON name of a Python value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def is_type(value: Any, kind: str) -> bool:
    """JSON Schema's idea of ``kind``: a bool is no number; 2.0 is an integer."""
    if kind == ANY:
        return True
    if kind == STRING:
        return isinstance(value, str)
    if kind == BOOLEAN:
        return isinstance(value, bool)
    if kind in (INTEGER, NUMBER):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
        return kind == NUMBER or isinstance(value, int) or value.is_integer()
    if kind == ARRAY:
        return isinstance(value, (list, tuple))
    return isinstance(value, Mapping)


def _describe_value(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _one_of(types: tuple[str, ...]) -> str:
    return " or ".join(_TYPE_WORDS[t] for t in types)


# Exact Python types per JSON type, for the fast path (bool is not an int here).
_EXACT: Mapping[str, tuple[type, ...]] = {
    STRING: (str,),
    INTEGER: (int, float),  # 2.0 is an integer to JSON Schema
    NUMBER: (int, float),
    BOOLEAN: (bool,),
    ARRAY: (list,),
    OBJECT: (dict,),
}


def type_predicate(
    types: tuple[str, ...],
    enum: tuple[str, ...] | None = None,
    minimum: float | None = None,
    shortest: int | None = None,
) -> Callable[[Any], bool] | None:
    """A quick test for values of JSON ``types`` within bounds; None: anything goes.

    Exact Python types keep it fast; a value it turns down goes to the detailed check,
    which has the last word and explains. Tests prove the two agree.
    """
    if ANY in types:
        return None
    exact = frozenset(t for kind in types for t in _EXACT[kind])
    integral_only = INTEGER in types and NUMBER not in types
    allowed = frozenset(enum) if enum is not None else None

    def accepts(value: Any) -> bool:
        kind = type(value)
        if kind not in exact:
            return False
        if kind is float and not (
            math.isfinite(value) and (not integral_only or value.is_integer())
        ):
            return False
        if allowed is not None and value not in allowed:
            return False
        if minimum is not None and value < minimum:
            return False
        return shortest is None or len(value) >= shortest

    return accepts


class ObjectRules:
    """An object's fields from ``_spec``, prepared for the fast path.

    Plain-string and enum fields are tested inline (they are most fields); the rest
    through their ``type_predicate``.
    """

    __slots__ = ("allowed", "enums", "fields", "predicates", "required", "strings")

    def __init__(self, fields: Mapping[str, Field]) -> None:
        self.fields = fields
        self.allowed = frozenset(fields)
        self.required = frozenset(name for name, spec in fields.items() if spec.required)
        self.strings = tuple(name for name, spec in fields.items() if _plain_string(spec))
        self.enums = tuple(
            (name, frozenset(spec.enum))
            for name, spec in fields.items()
            if spec.enum is not None and spec.types == (STRING,)
        )
        inline = set(self.strings) | {name for name, _ in self.enums}
        self.predicates = tuple(
            (name, predicate)
            for name, spec in fields.items()
            if name not in inline
            for predicate in [
                type_predicate(
                    spec.types, spec.enum, spec.minimum, spec.min_items or spec.min_length
                )
            ]
            if predicate is not None
        )

    def fast_ok(self, data: Mapping[str, Any]) -> bool:
        keys = data.keys()
        if not (keys <= self.allowed and self.required <= keys):
            return False
        for name in self.strings:
            if name in data and type(data[name]) is not str:
                return False
        for name, allowed in self.enums:
            value = data.get(name)
            if type(value) is not str or value not in allowed:
                return False
        for name, accepts in self.predicates:
            if name in data and not accepts(data[name]):
                return False
        return True


def _plain_string(spec: Field) -> bool:
    bounds = (spec.enum, spec.minimum, spec.min_items, spec.min_length)
    return spec.types == (STRING,) and bounds == (None, None, None, None)


class _MatcherRules:
    """A matcher's own rules from ``_spec.MATCHERS``, prepared for the fast path."""

    __slots__ = ("expected", "uses_argument")

    def __init__(self, spec: MatcherSpec) -> None:
        self.uses_argument = spec.uses_argument
        self.expected = type_predicate(spec.expected_types)

    def fast_ok(self, acceptor: Mapping[str, Any]) -> bool:
        if ("argument" in acceptor) is not self.uses_argument:
            return False
        return self.expected is None or self.expected(acceptor["expected"])


MATCHER_RULES = {name: _MatcherRules(spec) for name, spec in MATCHERS.items()}
TOP_RULES = ObjectRules(TOP_FIELDS)
WAITER_RULES = ObjectRules(WAITER_FIELDS)
ACCEPTOR_RULES = ObjectRules(ACCEPTOR_FIELDS)


def check_object(
    data: Mapping[str, Any], rules: ObjectRules, where: str, problems: list[str]
) -> bool:
    """Check keys and field types of one object; True if it can be looked into further."""
    if rules.fast_ok(data):
        return True
    fields = rules.fields
    ok = True
    for key in data:
        if key not in fields:
            problems.append(
                f"{where}: unknown field {key!r}{did_you_mean(str(key), fields)}"
                f"; expected {', '.join(fields)}"
            )
            ok = False
    for name, spec in fields.items():
        if name not in data:
            if spec.required:
                problems.append(f"{where}: missing required field {name!r}")
                ok = False
            continue
        value = data[name]
        if not any(is_type(value, t) for t in spec.types):
            problems.append(
                f"{where}: {name!r} must be {_one_of(spec.types)}, "
                f"not {json_type(value)} ({_describe_value(value)})"
            )
            ok = False
        elif spec.enum is not None and value not in spec.enum:
            problems.append(f"{where}: {name} {value!r} is not one of {', '.join(spec.enum)}")
            ok = False
        elif spec.minimum is not None and value < spec.minimum:
            problems.append(f"{where}: {name!r} must be >= {spec.minimum:g}, got {value!r}")
            ok = False
        elif spec.min_items is not None and len(value) < spec.min_items:
            problems.append(f"{where}: {name!r} must have at least {spec.min_items} item(s)")
            ok = False
        elif spec.min_length is not None and len(value) < spec.min_length:
            problems.append(f"{where}: {name!r} must not be empty")
            ok = False
    return ok


def jmespath_problem(expression: str) -> str:
    """jmespath's reason why ``expression`` does not compile, or ``""``."""
    try:
        jmespath.compile(expression)
    except JMESPathError as exc:
        return " ".join(str(exc).split())
    return ""


def check_acceptor(acceptor: Any, where: str, problems: list[str]) -> None:
    if not isinstance(acceptor, Mapping):
        problems.append(f"{where}: must be an object, not {json_type(acceptor)}")
        return
    if not check_object(acceptor, ACCEPTOR_RULES, where, problems):
        return
    matcher = acceptor["matcher"]
    spec = MATCHERS[matcher]
    if spec.uses_argument and "argument" not in acceptor:
        problems.append(f"{where}: matcher {matcher!r} needs an 'argument' (a JMESPath expression)")
    elif not spec.uses_argument and "argument" in acceptor:
        problems.append(f"{where}: matcher {matcher!r} takes no 'argument'")
    elif spec.uses_argument:
        problem = jmespath_problem(acceptor["argument"])
        if problem:
            problems.append(
                f"{where}: argument {acceptor['argument']!r} is not valid JMESPath: {problem}"
            )
    expected = acceptor["expected"]
    if not any(is_type(expected, t) for t in spec.expected_types):
        problems.append(
            f"{where}: matcher {matcher!r} expects {_one_of(spec.expected_types)} as 'expected', "
            f"not {json_type(expected)} ({_describe_value(expected)})"
        )


def check_waiter(waiter: Any, where: str, problems: list[str]) -> None:
    if not isinstance(waiter, Mapping):
        problems.append(f"{where}: must be an object, not {json_type(waiter)}")
        return
    check_object(waiter, WAITER_RULES, where, problems)
    acceptors = waiter.get("acceptors")
    if isinstance(acceptors, (list, tuple)):
        for index, acceptor in enumerate(acceptors):
            check_acceptor(acceptor, f"{where}, acceptor {index}", problems)


def check_document(data: Any, source: str) -> list[str]:
    """Every problem in a whole waiter document, each prefixed with ``source``."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        return [f"{source}: the document must be a JSON object, not {json_type(data)}"]
    check_object(data, TOP_RULES, source, problems)
    version = data.get("version", SUPPORTED_VERSION)
    if is_type(version, INTEGER) and version != SUPPORTED_VERSION:
        problems.append(
            f"{source}: unsupported version {version!r}; waitable reads version "
            f"{SUPPORTED_VERSION} (botocore's waiters-2.json format)"
        )
    waiters = data.get("waiters")
    if isinstance(waiters, Mapping):
        for name, waiter in waiters.items():
            check_waiter(waiter, f"{source}: waiter {name!r}", problems)
    return problems
