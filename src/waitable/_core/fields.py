"""Field tables for JSON objects, and the checks derived from them.

A format (botocore's waiters, Smithy's, paginators) describes each kind of object as a
table of ``Field`` records. From one table come a fast predicate for the usual, valid
case (``ObjectRules.fast_ok``), the detailed check that explains every problem
(``check_object``) and the JSON Schema a format ships. Every problem is collected, each
naming where it is (``waiter 'X', acceptor 2``) and what was expected. A part whose type
is wrong is not looked into further: one mistake, one message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .._errors import ConfigError, DefinitionError
from .frozen import Frozen, set_field
from .text import brief, did_you_mean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, List, Optional, TypeVar

    T = TypeVar("T")
    CompileOne = Callable[[str, Any, str, List[str]], Optional[T]]  # (3.9: no ``T | None`` here)
    """``(name, data, where, problems)``: one named definition compiled, or None with its
    problems appended (each prefixed with ``where``)."""

# JSON types, as JSON Schema names them.
STRING, INTEGER, NUMBER, BOOLEAN, ARRAY, OBJECT, ANY = (
    "string",
    "integer",
    "number",
    "boolean",
    "array",
    "object",
    "any",
)


class Field(Frozen):
    """One key of a JSON object: its types and bounds."""

    __slots__ = ("types", "required", "minimum", "min_items", "min_length", "enum", "doc")

    types: tuple[str, ...]
    required: bool
    minimum: float | None
    min_items: int | None
    min_length: int | None
    enum: tuple[str, ...] | None
    doc: str

    def __init__(
        self,
        *types: str,
        required: bool = False,
        minimum: float | None = None,
        min_items: int | None = None,
        min_length: int | None = None,
        enum: tuple[str, ...] | None = None,
        doc: str = "",
    ) -> None:
        set_field(self, "types", types)
        set_field(self, "required", required)
        set_field(self, "minimum", minimum)
        set_field(self, "min_items", min_items)
        set_field(self, "min_length", min_length)
        set_field(self, "enum", enum)
        set_field(self, "doc", doc)


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


def one_of(types: tuple[str, ...]) -> str:
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


def predicate(
    types: tuple[str, ...],
    enum: tuple[str, ...] | None = None,
    minimum: float | None = None,
    shortest: int | None = None,
) -> Callable[[Any], bool]:
    """``type_predicate`` of a field that has one: what the generated checks call."""
    found = type_predicate(types, enum, minimum, shortest)
    if found is None:
        raise ValueError(f"values of {one_of(types)} need no test")
    return found


class ObjectRules:
    """An object's field table with its fast predicate, ``fast_ok``.

    ``fast_ok`` is straight-line code generated from the table (one lookup and one
    exact-type test per field, no loops): loading botocore's files runs it thousands of
    times. Required fields are looked up, optional ones counted, and the count must be
    the object's size, so an unknown key fails it too. The code is generated ahead of
    time into a module beside the table (``fast_check_source``; a test regenerates it
    and compares), not compiled at import: no ``exec``, and the first load pays nothing.
    """

    __slots__ = ("fast_ok", "fields")

    def __init__(
        self, fields: Mapping[str, Field], fast_ok: Callable[[Mapping[str, Any]], bool]
    ) -> None:
        self.fields = fields
        self.fast_ok = fast_ok


def fast_check_source(name: str, fields: Mapping[str, Field]) -> str:
    """The source of ``def name(data) -> bool``, ``fields``' fast predicate, with the
    values it tests against defined before it (``_name_1 = frozenset(...)``)."""
    helpers: list[str] = []
    required = [key for key, spec in fields.items() if spec.required]
    lines = [f"def {name}(data: Mapping[str, Any]) -> bool:", "    try:"]
    for key in required:
        lines += [
            f"        value = data[{_literal(key)}]",
            *_test(name, key, fields[key], helpers, 8),
        ]
    lines += ["    except KeyError:", "        return False", f"    count = {len(required)}"]
    for key, spec in fields.items():
        if not spec.required:
            lines += [f"    if {_literal(key)} in data:", f"        value = data[{_literal(key)}]"]
            lines += [*_test(name, key, spec, helpers, 8), "        count += 1"]
    lines.append("    return len(data) == count")
    return "\n".join([*helpers, *(["", ""] if helpers else []), *lines]) + "\n"


def _test(name: str, key: str, spec: Field, helpers: list[str], indent: int) -> list[str]:
    """The lines rejecting a bad ``value`` of field ``key``. Strings and lists are
    tested inline, an ``int`` in bounds passes at once; anything else through the
    field's ``type_predicate``, made once beside the function."""
    helper = f"_{name}_{len(helpers)}"
    size = spec.min_length if spec.types == (STRING,) else spec.min_items
    short = f" or len(value) < {size}" if size else ""
    if spec.types == (STRING,) and spec.minimum is None and spec.min_items is None:
        test = f"type(value) is not str{short}"
        if spec.enum is not None:
            helpers.append(f"{helper} = frozenset({_literal(tuple(sorted(spec.enum)))})")
            test += f" or value not in {helper}"
    elif spec.types == (ARRAY,) and (spec.minimum, spec.min_length, spec.enum) == (None,) * 3:
        test = f"type(value) is not list{short}"
    else:
        arguments = (spec.types, spec.enum, spec.minimum, spec.min_items or spec.min_length)
        if type_predicate(*arguments) is None:
            return []
        helpers.append(f"{helper} = predicate{_literal(arguments)}")
        test = f"not {helper}(value)"
        if set(spec.types) <= {INTEGER, NUMBER} and spec.enum is None:
            low = "" if spec.minimum is None else f" or value < {spec.minimum!r}"
            test = f"(type(value) is not int{low}) and {test}"
    pad = " " * indent
    return [f"{pad}if {test}:", f"{pad}    return False"]


def _literal(value: Any) -> str:
    """A Python literal of ``value`` (strings, numbers, None, tuples), as ruff formats it."""
    if type(value) is tuple:
        items = ", ".join(map(_literal, value))
        return f"({items},)" if len(value) == 1 else f"({items})"
    if type(value) is str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def checks_module(doc: str, imports: str, functions: Mapping[str, Mapping[str, Field]]) -> str:
    """A module of fast predicates, one per field table (``fast_check_source``)."""
    body = "\n\n".join(fast_check_source(name, fields) for name, fields in functions.items())
    uses_predicates = " = predicate(" in body
    head = [
        f'"""{doc}"""',
        "",
        "from __future__ import annotations",
        "",
        *([imports] if uses_predicates else []),
        "",
        "TYPE_CHECKING = False",
        "if TYPE_CHECKING:",
        "    from collections.abc import Mapping",
        "    from typing import Any",
        "",
        "",
    ]
    return "\n".join(head) + body


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
        if isinstance(value, float) and not math.isfinite(value):
            problems.append(f"{where}: {name!r} must be a finite number, got {value!r}")
            ok = False
        elif not any(is_type(value, t) for t in spec.types):
            problems.append(
                f"{where}: {name!r} must be {one_of(spec.types)}, "
                f"not {json_type(value)} ({brief(value, 40, as_json=False)})"
            )
            ok = False
        elif spec.enum is not None and value not in spec.enum:
            hint = did_you_mean(value, spec.enum) if isinstance(value, str) else ""
            problems.append(f"{where}: {name} {value!r} is not one of {', '.join(spec.enum)}{hint}")
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


def compile_named(
    entries: Mapping[str, Any] | None,
    kind: str,
    source: str,
    compile_one: CompileOne[T],
    problems: list[str],
) -> dict[str, T]:
    """Every entry of ``entries`` compiled, by name; ``DefinitionError`` listing every
    problem (``problems`` may already hold the document's own)."""
    found: dict[str, T] = {}
    for name, data in (entries or {}).items():
        definition = compile_one(name, data, f"{source}: {kind} {name!r}", problems)
        if definition is not None:
            found[name] = definition
    if problems:
        raise DefinitionError("\n".join(problems), problems)
    return found


def compile_alone(name: str, data: Any, kind: str, source: str, compile_one: CompileOne[T]) -> T:
    """One named entry compiled on its own; ``DefinitionError`` with its problems."""
    problems: list[str] = []
    definition = compile_one(name, data, f"{source}: {kind} {name!r}", problems)
    if definition is None:
        raise DefinitionError("\n".join(problems), problems)
    return definition


def field_schema(spec: Field) -> dict[str, Any]:
    """One field as JSON Schema."""
    out: dict[str, Any] = {}
    if spec.doc:
        out["description"] = spec.doc
    if spec.types != (ANY,):
        out["type"] = spec.types[0] if len(spec.types) == 1 else list(spec.types)
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.min_items is not None:
        out["minItems"] = spec.min_items
    if spec.min_length is not None:
        out["minLength"] = spec.min_length
    if spec.enum is not None:
        out["enum"] = list(spec.enum)
    return out


def object_schema(fields: Mapping[str, Field]) -> dict[str, Any]:
    """An object of these fields, and no others, as JSON Schema."""
    return {
        "type": "object",
        "properties": {name: field_schema(spec) for name, spec in fields.items()},
        "required": [name for name, spec in fields.items() if spec.required],
        "additionalProperties": False,
    }


def check_config(config: Any, known: tuple[str, ...], owner: str, name: str) -> Mapping[str, Any]:
    """A per-call options dict (``WaiterConfig``, ``PaginationConfig``): a mapping of
    known keys only, else a ``ConfigError`` naming ``owner`` and suggesting a key."""
    if not isinstance(config, Mapping):
        raise ConfigError(f"{owner}: {name} must be a dict, not {type(config).__name__}")
    for key in config:
        if key not in known:
            raise ConfigError(
                f"{owner}: unknown {name} key {key!r}{did_you_mean(str(key), known)}; "
                f"known keys: {', '.join(known)}"
            )
    return config
