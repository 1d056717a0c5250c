"""Reading Smithy waiters: a Smithy JSON AST model, or a file of trait values.

* ``{"smithy": "2.0", "shapes": {...}}``: every operation shape's
  ``smithy.waiters#waitable`` trait; the operation is the shape's name (after ``#``).
* ``{"GetCity": {"CityExists": {...}}}``: trait values keyed by operation.

Validation follows Smithy's rules with the same precision as botocore's format: every
problem names the source, operation, waiter, acceptor and field.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from typing import Any

from .._core.errors import DefinitionError
from .._core.fields import ObjectRules, check_object, json_type
from .._core.paths import jmespath_problem, parse_jmespath, result_kind
from .._core.text import did_you_mean, shape_name
from .definitions import Acceptor, WaiterDefinition
from .matchers import ErrorTypeMatcher, InputOutputMatcher, Matcher, OutputMatcher, SuccessMatcher
from .model import WaiterModel
from .spec import (
    SMITHY_ACCEPTOR_FIELDS,
    SMITHY_MATCHERS,
    SMITHY_MAX_DELAY,
    SMITHY_MIN_DELAY,
    SMITHY_NAME_PATTERN,
    SMITHY_PATH_FIELDS,
    SMITHY_TRAIT,
    SMITHY_WAITER_FIELDS,
)

_NAME = re.compile(SMITHY_NAME_PATTERN)
_WAITER = ObjectRules(SMITHY_WAITER_FIELDS)
_ACCEPTOR = ObjectRules(SMITHY_ACCEPTOR_FIELDS)
_PATH = ObjectRules(SMITHY_PATH_FIELDS)


def traits_by_operation(
    document: Mapping[str, Any], source: str, problems: list[str]
) -> list[tuple[str, Any]]:
    """``[(operation, trait value)]`` from a model or from a trait file.

    In a model, every operation shape with the trait counts, whatever its namespace, and
    so does an ``apply`` entry, which attaches the trait to an operation defined in
    another model file.
    """
    if "smithy" not in document:
        return list(document.items())
    shapes = document.get("shapes", {})
    if not isinstance(shapes, Mapping):
        problems.append(f"{source}: 'shapes' must be an object, not {json_type(shapes)}")
        return []
    found = []
    for shape_id, shape in shapes.items():
        traits = shape.get("traits") if isinstance(shape, Mapping) else None
        if not isinstance(traits, Mapping) or SMITHY_TRAIT not in traits:
            continue
        if shape.get("type") not in ("operation", "apply"):
            problems.append(
                f"{source}: shape {shape_id!r}: {SMITHY_TRAIT} applies to operations, "
                f"not to a {shape.get('type')!r} shape"
            )
            continue
        found.append((shape_name(str(shape_id)), traits[SMITHY_TRAIT]))
    return found


def load_smithy(document: Mapping[str, Any], source: str) -> WaiterModel:
    problems: list[str] = []
    waiters: dict[str, WaiterDefinition] = {}
    seen_names: dict[str, str] = {}
    for operation, trait in traits_by_operation(document, source, problems):
        where = f"{source}: operation {operation!r}"
        if not isinstance(trait, Mapping):
            problems.append(f"{where}: the waitable trait must be an object of waiters")
            continue
        if not trait:
            problems.append(f"{where}: the waitable trait must not be empty")
        for name, waiter in trait.items():
            place = f"{where}, waiter {name!r}"
            if not _NAME.fullmatch(name):
                problems.append(f"{place}: the name must match {SMITHY_NAME_PATTERN}")
            if name.lower() in seen_names:
                problems.append(
                    f"{place}: the name clashes (ignoring case) with {seen_names[name.lower()]!r}"
                )
            seen_names[name.lower()] = name
            definition = _definition(name, operation, waiter, place, problems)
            if definition is not None:
                waiters[name] = definition
    if problems:
        raise DefinitionError("\n".join(problems), problems)
    return WaiterModel(source, waiters)


def _known_members(
    data: Mapping[str, Any], fields: Mapping[str, Any], place: str
) -> dict[str, Any]:
    """``data`` without members the format does not know: Smithy warns of those and goes
    on ("Invalid structure member ... found for ..."), and so does waitable."""
    unknown = [key for key in data if key not in fields]
    for key in unknown:
        warnings.warn(
            f"{place}: unknown member {key!r}{did_you_mean(str(key), fields, cutoff=0.4)}; "
            "ignored, as "
            "Smithy does (a warning, not an error)",
            stacklevel=5,
        )
    return {key: value for key, value in data.items() if key in fields} if unknown else dict(data)


def _definition(
    name: str, operation: str, waiter: Any, place: str, problems: list[str]
) -> WaiterDefinition | None:
    if not isinstance(waiter, Mapping):
        problems.append(f"{place}: must be an object, not {json_type(waiter)}")
        return None
    waiter = _known_members(waiter, SMITHY_WAITER_FIELDS, place)
    before = len(problems)
    if not check_object(waiter, _WAITER, place, problems):
        return None
    min_delay = waiter.get("minDelay", SMITHY_MIN_DELAY)
    max_delay = waiter.get("maxDelay", SMITHY_MAX_DELAY)
    if min_delay > max_delay:
        problems.append(f"{place}: minDelay ({min_delay}) must not exceed maxDelay ({max_delay})")
    tags = waiter.get("tags", [])
    if not all(isinstance(tag, str) for tag in tags):
        problems.append(f"{place}: 'tags' must be a list of strings")
    elif not all(tags):
        problems.append(f"{place}: 'tags' must hold non-empty strings")
    acceptors = [
        _acceptor(index, data, f"{place}, acceptor {index}", problems)
        for index, data in enumerate(waiter["acceptors"])
    ]
    states = [data.get("state") for data in waiter["acceptors"] if isinstance(data, Mapping)]
    if "success" not in states:
        problems.append(f"{place}: needs at least one acceptor whose state is 'success'")
    if len(problems) > before:
        return None
    return WaiterDefinition(
        name,
        operation,
        float(min_delay),
        None,
        waiter.get("documentation", ""),
        tuple(a for a in acceptors if a is not None),
        min_delay=float(min_delay),
        max_delay=float(max_delay),
        deprecated=waiter.get("deprecated", False),
        tags=tuple(tags),
        style="smithy",
    )


def _acceptor(index: int, data: Any, place: str, problems: list[str]) -> Acceptor | None:
    if not isinstance(data, Mapping):
        problems.append(f"{place}: must be an object, not {json_type(data)}")
        return None
    data = _known_members(data, SMITHY_ACCEPTOR_FIELDS, place)
    if not check_object(data, _ACCEPTOR, place, problems):
        return None
    matcher = _matcher(data["matcher"], place, problems)
    message = data.get("message")
    if message is not None:
        if data["state"] != "failure":
            problems.append(f"{place}: 'message' is only allowed on failure acceptors")
            return None
        problem = jmespath_problem(message)
        if problem:
            problems.append(f"{place}: message {message!r} is not valid JMESPath: {problem}")
            return None
        if problem := _not_text(message):
            problems.append(f"{place}: message {message!r} {problem}")
            return None
    if matcher is None:
        return None
    return Acceptor(index, data["state"], matcher, message)


def _not_text(message: str) -> str:
    """Why ``message`` can never give a string or a list of strings, or ``""``."""
    kind = result_kind(parse_jmespath(message))
    if kind in ("number", "boolean"):
        return f"can only give a {kind}; Smithy requires a string or a list of strings"
    return ""


def _matcher(data: Mapping[str, Any], place: str, problems: list[str]) -> Matcher | None:
    kinds = list(data)
    if len(kinds) != 1 or kinds[0] not in SMITHY_MATCHERS:
        hint = did_you_mean(str(kinds[0]), SMITHY_MATCHERS, cutoff=0.5) if len(kinds) == 1 else ""
        problems.append(
            f"{place}: matcher must have exactly one of {', '.join(SMITHY_MATCHERS)}; "
            f"got {', '.join(map(repr, kinds)) or 'none'}{hint}"
        )
        return None
    kind = kinds[0]
    value = data[kind]
    where = f"{place}, matcher {kind!r}"
    if kind == "success":
        if not isinstance(value, bool):
            problems.append(f"{where}: must be true or false, not {json_type(value)}")
            return None
        return SuccessMatcher(value)
    if kind == "errorType":
        if not isinstance(value, str) or not value:
            problems.append(f"{where}: must be a shape name or id, not {json_type(value)}")
            return None
        return ErrorTypeMatcher(value)
    if not isinstance(value, Mapping):
        problems.append(f"{where}: must be an object, not {json_type(value)}")
        return None
    value = _known_members(value, SMITHY_PATH_FIELDS, where)
    if not check_object(value, _PATH, where, problems):
        return None
    if value["comparator"] == "booleanEquals" and value["expected"] not in ("true", "false"):
        problems.append(
            f'{where}: booleanEquals expects "true" or "false", got {value["expected"]!r}'
        )
        return None
    if problem := jmespath_problem(value["path"]):
        problems.append(f"{where}: path {value['path']!r} is not valid JMESPath: {problem}")
        return None
    cls = OutputMatcher if kind == "output" else InputOutputMatcher
    return cls(value["path"], value["expected"], value["comparator"])
