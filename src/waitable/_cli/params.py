"""The command's ``-p`` parameters, checked and converted before the first call.

``KEY=VALUE`` gives text, ``KEY:=JSON`` any JSON value. Each is checked against what the
operation takes: its signature's types for a built-in service, its input shape's
top-level members for an AWS one (text converted to a number where one is needed, to a
datetime where a timestamp is: ISO 8601 or epoch seconds), the service's own checks (a
URL, a JMESPath query), and the types of parameters only acceptors read (``Status``). A
parameter that takes a list of plain values takes text as comma-separated items
(``-p InstanceIds=i-1,i-2``), and may be given more than once, its values joined. A
mistake is one line naming the parameter and what it takes.
"""

from __future__ import annotations

import builtins
import re
import sys
from collections.abc import Mapping

from .._core.operations import keyword_parameters
from .._core.text import did_you_mean

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any, Callable, List, Tuple


class ParameterError(Exception):
    """A ``-p`` value the operation cannot take; the message is one line."""


if TYPE_CHECKING:
    Given = List[Tuple[Any, bool]]
    """A parameter's values as given, in order: ``(value, given_as_json)`` each."""

ANYTHING = object
"""The hint of a parameter that takes any value: one with no annotation, an AWS
operation's open-ended input, a value only acceptors compare (``typing.Any`` means the
same)."""


def parse_pairs(pairs: list[str]) -> dict[str, Given]:
    """``{key: [(value, given_as_json), ...]}`` from ``KEY=VALUE`` and ``KEY:=JSON``
    pairs (a key given more than once has each of its values)."""
    params: dict[str, Given] = {}
    for pair in pairs:
        key, json_sep, value = pair.partition(":=")
        if json_sep and key:
            import json

            try:
                params.setdefault(key, []).append((json.loads(value), True))
            except ValueError as exc:
                raise ParameterError(f"--param {pair!r}: the value is not JSON: {exc}") from None
            except RecursionError:
                raise ParameterError(f"--param {key}: the JSON value is nested too deep") from None
            continue
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ParameterError(f"--param {pair!r}: expected KEY=VALUE or KEY:=JSON")
        params.setdefault(key, []).append((value, False))
    return params


def convert(
    params: dict[str, Given],
    operation: Callable[..., Any],
    operation_name: str,
    acceptor_only: Mapping[str, Any],
    checks: Mapping[str, Callable[[Any], str]],
) -> dict[str, Any]:
    """The parameters as the operation takes them (its signature's names and types);
    ``ParameterError`` for a mistake."""
    found = keyword_parameters(operation)
    takes = [] if found is None else [parameter.name for parameter in found[0]]
    hints = hints_of(operation)
    types = {name: hints.get(name, ANYTHING) for name in takes}
    return convert_to(
        types, found is None or found[1], params, operation_name, acceptor_only, checks
    )


def convert_to(
    types: Mapping[str, Any],
    open_ended: bool,
    params: dict[str, Given],
    operation_name: str,
    acceptor_only: Mapping[str, Any],
    checks: Mapping[str, Callable[[Any], str]] | None = None,
) -> dict[str, Any]:
    """The parameters as an operation taking ``types`` (name -> type hint; any other
    name too, when ``open_ended``) takes them; ``ParameterError`` for a mistake: the
    one check of a built-in operation's signature and of an AWS operation's input shape."""
    known = [*types, *acceptor_only]
    out: dict[str, Any] = {}
    for key, values in params.items():
        if key in types:
            hint = types[key]
        elif key in acceptor_only:
            hint = acceptor_only[key]
        elif open_ended:
            hint = ANYTHING
        else:
            raise ParameterError(
                f"--param {key}: {operation_name} takes no parameter {key!r}"
                f"{did_you_mean(key, known)}; it takes {', '.join(known)}"
            )
        if len(values) == 1:
            out[key] = _as(hint, *values[0], key)
        else:
            out[key] = _joined(hint, values, key)
        problem = checks[key](out[key]) if checks and key in checks else ""
        if problem:
            raise ParameterError(f"--param {key}: {problem}")
    return out


_PLAIN = {name: getattr(builtins, name) for name in ("str", "int", "float", "bool", "dict", "list")}
"""Annotations read without ``typing``: the plain types, as text."""


def hints_of(operation: Callable[..., Any]) -> dict[str, Any]:
    """An operation's parameter hints: ``typing.get_type_hints``, but annotations that
    name a plain type (``Port: int``, text under ``from __future__ import annotations``)
    are read without importing ``typing`` (a good part of a short command's start-up);
    ``{}`` when the annotations do not evaluate."""
    given = getattr(operation, "__annotations__", None) or {}
    plain = {
        k: _PLAIN.get(v, v) if type(v) is str else v for k, v in given.items() if k != "return"
    }
    if all(type(hint) is type for hint in plain.values()):
        return plain
    import typing

    try:
        return typing.get_type_hints(operation)
    except Exception:  # annotations that do not evaluate: no types
        return {}


def _is_any(hint: Any) -> bool:
    """``hint`` takes anything: ``ANYTHING``, or ``typing.Any`` (not imported for it: a
    hint cannot be ``typing.Any`` while ``typing`` is not loaded)."""
    typing = sys.modules.get("typing")
    return hint is ANYTHING or (typing is not None and hint is typing.Any)


def _origin_args(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    """``(typing.get_origin(hint), typing.get_args(hint))``; a plain type has neither,
    and is answered without importing ``typing``."""
    if type(hint) is type:
        return None, ()
    import typing

    origin = typing.get_origin(hint)
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        origin = typing.Union
    return origin, typing.get_args(hint)


def admits_none(hint: Any) -> bool:
    """Whether ``hint`` allows None (``Optional[str]``)."""
    return type(None) in _origin_args(hint)[1]


def _kinds(hint: Any) -> set[Any]:
    """The plain types a hint allows (``Optional[X]``, unions and generics unwrapped)."""
    if _is_any(hint):
        return {ANYTHING}
    origin, args = _origin_args(hint)
    if origin is not None and origin is sys.modules["typing"].Union:
        return {kind for arg in args for kind in _kinds(arg)}
    if origin is not None:
        return {Mapping if isinstance(origin, type) and issubclass(origin, Mapping) else origin}
    return {hint}


def _item(hint: Any) -> Any:
    """The type of a list's items that ``hint`` allows (``list[str]``: ``str``), else
    ``ANYTHING``."""
    origin, args = _origin_args(hint)
    if origin is list:
        return (args or (ANYTHING,))[0]
    if origin is not None and origin is sys.modules["typing"].Union:
        return next((_item(arg) for arg in args if _is_list(arg)), ANYTHING)
    return ANYTHING


def _is_list(hint: Any) -> bool:
    return hint is list or _origin_args(hint)[0] is list


def _is_timestamp(kind: Any) -> bool:
    """``kind`` is ``datetime.datetime`` (an AWS timestamp); datetime is not imported
    for it: a hint cannot name a class of a module that is not loaded."""
    module = sys.modules.get("datetime")
    return module is not None and kind is module.datetime


def _plain_item(kind: Any) -> bool:
    return kind in (str, int, float, bool) or _is_timestamp(kind)


def _joined(hint: Any, values: Given, key: str) -> list[Any]:
    """A parameter given more than once: the list its values make (each text a list's
    items, or one item where the parameter also takes text; a JSON list its items)."""
    kinds = _kinds(hint) - {type(None)}
    if list not in kinds:
        shown = ", ".join(repr(value) for value, _ in values)
        raise ParameterError(
            f"--param {key}: given {len(values)} times ({shown}); it takes one value"
        )
    item = _item(hint)
    joined: list[Any] = []
    for value, as_json in values:
        if as_json and isinstance(value, list):
            joined.extend(value)
        elif as_json or str in kinds:  # one item, as the text or JSON value it is
            joined.append(_as(item, value, as_json, key))
        else:
            joined.extend(_as(hint, value, as_json, key))
    return joined


def _split(item: Any, value: str, key: str) -> list[Any]:
    """``i-1,i-2``: a list of plain values as comma-separated text (the aws CLI's
    shorthand), each item converted to ``item``."""
    parts = [part.strip() for part in value.split(",")]
    if not all(parts):
        raise ParameterError(
            f"--param {key}: takes a comma-separated list (a,b) or a JSON list "
            f"(-p '{key}:=[...]'), got {value!r} (an empty item)"
        )
    return [_as(item, part, False, key) for part in parts]


_TIMESTAMP = (  # compiled on first use (re caches it)
    r"(\d{4})-(\d\d)-(\d\d)"
    r"(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d\d(?::?\d\d)?)?)?"
)


_EPOCH = r"-?\d+(?:\.\d+)?"


def timestamp(value: Any) -> datetime.datetime | None:
    """A timestamp as the aws CLI takes one: ISO 8601 (``2024-05-01T12:30:00Z``, with an
    offset, fractions of a second, or a date alone; no offset: UTC) or epoch seconds (a
    number, or its text); None when ``value`` is neither."""
    import datetime

    utc = datetime.timezone.utc
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number: float | None = value
    elif isinstance(value, str):
        number = float(value) if re.fullmatch(_EPOCH, value.strip()) else None
    else:
        return None
    if number is not None:
        try:
            return datetime.datetime.fromtimestamp(number, utc)
        except (OverflowError, OSError, ValueError):
            return None
    found = re.fullmatch(_TIMESTAMP, str(value).strip())
    if found is None:
        return None
    year, month, day, hour, minute, second, fraction, offset = found.groups()
    zone = utc
    if offset and offset not in "Zz":
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        try:
            zone = datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))
        except ValueError:
            return None
    try:
        return datetime.datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0),
            int(second or 0), int((fraction or "0")[:6].ljust(6, "0")), zone,
        )  # fmt: skip
    except ValueError:  # 2024-02-30, 25:00
        return None


def _as_timestamp(value: Any, key: str) -> datetime.datetime:
    found = timestamp(value)
    if found is None:
        raise ParameterError(
            f"--param {key}: takes a timestamp: ISO 8601 (2024-05-01T12:30:00Z, "
            f"2024-05-01T14:30:00+02:00, 2024-05-01) or epoch seconds, got {value!r}"
        )
    return found


def _as(hint: Any, value: Any, as_json: bool, key: str) -> Any:
    kinds = _kinds(hint) - {type(None)}
    if ANYTHING in kinds or not kinds:
        return value
    if any(map(_is_timestamp, kinds)) and not isinstance(value, (list, dict)):
        return _as_timestamp(value, key)
    if not as_json:
        if str in kinds:
            return value
        if bool in kinds:
            truth = _TRUTH.get(value.lower())
            if truth is None:
                raise ParameterError(f"--param {key}: takes true or false, got {value!r}")
            return truth
        if int in kinds and float not in kinds:
            try:
                return int(value)
            except ValueError:
                raise ParameterError(f"--param {key}: takes an integer, got {value!r}") from None
        if float in kinds:
            try:
                return float(value)
            except ValueError:
                raise ParameterError(f"--param {key}: takes a number, got {value!r}") from None
        if Mapping in kinds or dict in kinds:
            raise ParameterError(
                f'--param {key}: takes a JSON object: -p \'{key}:={{"Name": "value"}}\''
            )
        if list in kinds:
            item = _item(hint)
            if _plain_item(item):
                return _split(item, value, key)
            raise ParameterError(f'--param {key}: takes a JSON list: -p \'{key}:=["a", "b"]\'')
        return value
    if _fits(value, kinds):
        return value
    wanted = " or ".join(
        sorted(_WORDS.get(kind, getattr(kind, "__name__", str(kind))) for kind in kinds)
    )
    raise ParameterError(f"--param {key}: takes {wanted}, got {_json_word(value)}")


_TRUTH = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}

_WORDS = {
    str: "a string",
    int: "an integer",
    float: "a number",
    Mapping: "an object",
    list: "a list",
    bool: "true or false",
}


# A JSON value's Python type: the hint types it fits, and its name in messages.
_JSON_KINDS: dict[type, tuple[tuple[Any, ...], str]] = {
    bool: ((bool,), "a boolean"),
    int: ((int, float), "a number"),
    float: ((float,), "a number"),
    str: ((str,), "a string"),
    dict: ((Mapping, dict), "an object"),
    list: ((list,), "a list"),
}


def _fits(value: Any, kinds: set[Any]) -> bool:
    fitting = _JSON_KINDS.get(type(value), ((), ""))[0]
    return any(kind in kinds for kind in fitting)


def _json_word(value: Any) -> str:
    return _JSON_KINDS.get(type(value), ((), "null"))[1]
