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
from typing import Any, NamedTuple

from .._core.fields import ObjectRules, check_object, json_type
from .._core.paths import jmespath_problem, parse_jmespath, result_kind
from .._core.shapes import ShapeWalker
from .._core.text import caller_level, did_you_mean, shape_name
from .._errors import DefinitionError, DefinitionWarning
from . import spec_checks
from .definitions import Acceptor, WaiterDefinition
from .policy import SMITHY_MAX_DELAY, SMITHY_MIN_DELAY
from .smithy_build import build_matcher, build_waiter
from .smithy_shapes import IOShape, Shapes, fits, target
from .spec import (
    SMITHY_ACCEPTOR_FIELDS,
    SMITHY_MATCHERS,
    SMITHY_NAME_PATTERN,
    SMITHY_PATH_FIELDS,
    SMITHY_TRAIT,
    SMITHY_WAITER_FIELDS,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .matchers import Matcher

_NAME = re.compile(SMITHY_NAME_PATTERN)
_WAITER = ObjectRules(SMITHY_WAITER_FIELDS, spec_checks.smithy_waiter_ok)
_ACCEPTOR = ObjectRules(SMITHY_ACCEPTOR_FIELDS, spec_checks.smithy_acceptor_ok)
_PATH = ObjectRules(SMITHY_PATH_FIELDS, spec_checks.smithy_path_ok)


class Traited(NamedTuple):
    """An operation with the trait: its name, the trait value, and, in a model, what its
    waiters are checked against: input and output shapes, and the services it is in."""

    operation: str
    trait: Any
    shapes: Any  # (input shape, output shape, has output) in a model; None in a trait file
    services: tuple[str, ...]


def traits_by_operation(
    document: Mapping[str, Any], source: str, problems: list[str]
) -> list[Traited]:
    """Every operation with the trait, from a model or from a trait file.

    In a model, every operation shape with the trait counts, whatever its namespace, and
    so does an ``apply`` entry, which attaches the trait to an operation defined in
    another model file.
    """
    if "smithy" not in document:  # a trait file; "$schema" names its JSON Schema
        return [Traited(op, t, None, ("",)) for op, t in document.items() if op != "$schema"]
    shapes = document.get("shapes", {})
    if not isinstance(shapes, Mapping):
        problems.append(f"{source}: 'shapes' must be an object, not {json_type(shapes)}")
        return []
    malformed = _malformed_parts(shapes, source)
    if malformed:
        problems.extend(malformed)
        return []
    services = _services_by_operation(shapes)
    wrapped = Shapes(shapes)
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
        io = None
        if shape.get("type") == "operation":
            output = shape.get("output")
            has_output = isinstance(output, Mapping) and output.get("target") != "smithy.api#Unit"
            io = (target(shape.get("input"), wrapped), target(output, wrapped), has_output)
        groups = tuple(services.get(str(shape_id), ())) or ("",)
        found.append(Traited(shape_name(str(shape_id)), traits[SMITHY_TRAIT], io, groups))
    return found


_LISTS = ("operations", "collectionOperations", "resources")


def _malformed_parts(shapes: Mapping[str, Any], source: str) -> list[str]:
    """The parts of shapes the reader walks that are not what Smithy's JSON AST says:
    each shape an object; its ``members`` and ``traits`` objects; its operation and
    resource lists lists."""
    problems = []
    for shape_id, shape in shapes.items():
        where = f"{source}: shape {shape_id!r}"
        if not isinstance(shape, Mapping):
            problems.append(f"{where}: must be an object, not {json_type(shape)}")
            continue
        for key in _LISTS:
            if key in shape and not isinstance(shape[key], list):
                problems.append(f"{where}: {key!r} must be a list, not {json_type(shape[key])}")
        for key in ("members", "traits", "input", "output"):
            if key in shape and not isinstance(shape[key], Mapping):
                problems.append(f"{where}: {key!r} must be an object, not {json_type(shape[key])}")
        members = shape.get("members")
        if isinstance(members, Mapping):
            for name, member in members.items():
                if not isinstance(member, Mapping) or not isinstance(member.get("target"), str):
                    problems.append(f"{where}: member {name!r} must be an object with a target")
    return problems


def _services_by_operation(shapes: Mapping[str, Any]) -> dict[str, list[str]]:
    """``{operation id: [service ids]}``: operations bound to a service directly or
    through its resources (waiter names are unique per service)."""
    found: dict[str, list[str]] = {}
    for service_id, service in shapes.items():
        if not isinstance(service, Mapping) or service.get("type") != "service":
            continue
        seen: set[str] = set()
        pending = [service]
        while pending:
            container = pending.pop()
            refs = [*container.get("operations", ()), *container.get("collectionOperations", ())]
            refs += [
                container[key] for key in _LIFECYCLE if isinstance(container.get(key), Mapping)
            ]
            for ref in refs:
                if isinstance(ref, Mapping) and isinstance(ref.get("target"), str):
                    found.setdefault(ref["target"], []).append(str(service_id))
            for ref in container.get("resources", ()):
                resource_id = ref.get("target") if isinstance(ref, Mapping) else None
                resource = shapes.get(resource_id) if isinstance(resource_id, str) else None
                if isinstance(resource, Mapping) and resource_id not in seen:
                    seen.add(str(resource_id))
                    pending.append(resource)
    return found


_LIFECYCLE = ("create", "put", "read", "update", "delete", "list")


def compile_smithy(document: Mapping[str, Any], source: str) -> dict[str, WaiterDefinition]:
    """Every waiter of a Smithy model or trait file, by name; ``DefinitionError`` listing
    every problem."""
    problems: list[str] = []
    waiters: dict[str, WaiterDefinition] = {}
    seen_names: dict[str, dict[str, str]] = {}  # per service: lower-case name -> name
    for operation, trait, io, services in traits_by_operation(document, source, problems):
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
            for service in services:
                names = seen_names.setdefault(service, {})
                if name.lower() in names:
                    problems.append(
                        f"{place}: the name clashes (ignoring case) with {names[name.lower()]!r}"
                    )
                names[name.lower()] = name
            if name in waiters:
                problems.append(
                    f"{place}: another service's waiter has this name; waitable looks waiters "
                    "up by name: load each service's waiters from a file of their own"
                )
            definition = _definition(name, operation, waiter, place, problems, io)
            if definition is not None:
                waiters[name] = definition
    if problems:
        raise DefinitionError("\n".join(problems), problems)
    return waiters


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
            DefinitionWarning,
            stacklevel=caller_level(),
        )
    return {key: value for key, value in data.items() if key in fields} if unknown else dict(data)


def _definition(
    name: str, operation: str, waiter: Any, place: str, problems: list[str], io: Any = None
) -> WaiterDefinition | None:
    if not isinstance(waiter, Mapping):
        problems.append(f"{place}: must be an object, not {json_type(waiter)}")
        return None
    waiter = _known_members(waiter, SMITHY_WAITER_FIELDS, place)
    before = len(problems)
    if not check_object(waiter, _WAITER, place, problems):
        items = waiter.get("acceptors")
        for index, data in enumerate(items if isinstance(items, list) else ()):
            _acceptor(index, data, f"{place}, acceptor {index}", problems, io)  # told too
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
        _acceptor(index, data, f"{place}, acceptor {index}", problems, io)
        for index, data in enumerate(waiter["acceptors"])
    ]
    states = [data.get("state") for data in waiter["acceptors"] if isinstance(data, Mapping)]
    if "success" not in states:
        problems.append(f"{place}: needs at least one acceptor whose state is 'success'")
    if len(problems) > before:
        return None
    return build_waiter(name, operation, waiter, tuple(a for a in acceptors if a is not None))


def _acceptor(
    index: int, data: Any, place: str, problems: list[str], io: Any = None
) -> Acceptor | None:
    if not isinstance(data, Mapping):
        problems.append(f"{place}: must be an object, not {json_type(data)}")
        return None
    data = _known_members(data, SMITHY_ACCEPTOR_FIELDS, place)
    if not check_object(data, _ACCEPTOR, place, problems):
        if isinstance(data.get("matcher"), Mapping):  # its problems are told too
            _matcher(data["matcher"], place, problems, io)
        return None
    matcher = _matcher(data["matcher"], place, problems, io)
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


def _matcher(
    data: Mapping[str, Any], place: str, problems: list[str], io: Any = None
) -> Matcher | None:
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
        return build_matcher(kind, value)
    if kind == "errorType":
        if not isinstance(value, str) or not value:
            problems.append(f"{where}: must be a shape name or id, not {json_type(value)}")
            return None
        return build_matcher(kind, value)
    if not isinstance(value, Mapping):
        problems.append(f"{where}: must be an object, not {json_type(value)}")
        return None
    value = _known_members(value, SMITHY_PATH_FIELDS, where)
    if not check_object(value, _PATH, where, problems):
        path = value.get("path")
        if isinstance(path, str) and (problem := jmespath_problem(path)):
            problems.append(f"{where}: path {path!r} is not valid JMESPath: {problem}")
        return None
    if value["comparator"] == "booleanEquals" and value["expected"] not in ("true", "false"):
        problems.append(
            f'{where}: booleanEquals expects "true" or "false", got {value["expected"]!r}'
        )
        return None
    if problem := jmespath_problem(value["path"]):
        problems.append(f"{where}: path {value['path']!r} is not valid JMESPath: {problem}")
        return None
    if io is not None and not _fits_shapes(kind, value, io, where, problems):
        return None
    return build_matcher(kind, value)


def _fits_shapes(
    kind: str, value: Mapping[str, Any], io: Any, where: str, problems: list[str]
) -> bool:
    """As Smithy's validator: ``output`` needs an operation with output, paths name
    members that exist, and the comparator fits what the path gives."""
    input_shape, output_shape, has_output = io
    if kind == "output" and not has_output:
        problems.append(f"{where}: the operation has no output for an output matcher")
        return False
    subject = output_shape if kind == "output" else IOShape(input_shape, output_shape)
    walker = ShapeWalker(where, enums=False)
    found = walker.walk(parse_jmespath(value["path"]), subject)
    problem = fits(value["comparator"], found)
    if problem:
        walker.problems.append(f"{where}: path {value['path']!r}: {problem}")
    problems.extend(walker.problems)
    return not walker.problems
