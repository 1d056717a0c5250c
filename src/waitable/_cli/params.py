"""The command's ``-p`` parameters, checked and converted before the first call.

``KEY=VALUE`` gives text, ``KEY:=JSON`` any JSON value. Each is checked against what the
operation takes: its signature's types for a built-in service, its input shape's
top-level members for an AWS one (text converted to a number where one is needed), the
service's own checks (a URL, a JMESPath query), and the types of parameters only
acceptors read (``Status``). A mistake is one line naming the parameter and what it
takes.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Mapping
from typing import Any, Callable

from .._core.operations import keyword_parameters
from .._core.text import did_you_mean


class ParameterError(Exception):
    """A ``-p`` value the operation cannot take; the message is one line."""


def parse_pairs(pairs: list[str]) -> dict[str, tuple[Any, bool]]:
    """``{key: (value, given_as_json)}`` from ``KEY=VALUE`` and ``KEY:=JSON`` pairs."""
    params: dict[str, tuple[Any, bool]] = {}
    for pair in pairs:
        key, json_sep, value = pair.partition(":=")
        if json_sep and key:
            try:
                params[key] = (json.loads(value), True)
            except ValueError as exc:
                raise ParameterError(f"--param {pair!r}: the value is not JSON: {exc}") from None
            except RecursionError:
                raise ParameterError(f"--param {key}: the JSON value is nested too deep") from None
            continue
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ParameterError(f"--param {pair!r}: expected KEY=VALUE or KEY:=JSON")
        params[key] = (value, False)
    return params


def convert(
    params: dict[str, tuple[Any, bool]],
    operation: Callable[..., Any],
    operation_name: str,
    acceptor_only: Mapping[str, Any],
    checks: Mapping[str, Callable[[Any], str]],
) -> dict[str, Any]:
    """The parameters as the operation takes them (its signature's names and types);
    ``ParameterError`` for a mistake."""
    found = keyword_parameters(operation)
    takes = [] if found is None else [parameter.name for parameter in found[0]]
    try:
        hints = typing.get_type_hints(operation)
    except Exception:
        hints = {}
    types = {name: hints.get(name, Any) for name in takes}
    return convert_to(
        types, found is None or found[1], params, operation_name, acceptor_only, checks
    )


def convert_to(
    types: Mapping[str, Any],
    open_ended: bool,
    params: dict[str, tuple[Any, bool]],
    operation_name: str,
    acceptor_only: Mapping[str, Any],
    checks: Mapping[str, Callable[[Any], str]] | None = None,
) -> dict[str, Any]:
    """The parameters as an operation taking ``types`` (name -> type hint; any other
    name too, when ``open_ended``) takes them; ``ParameterError`` for a mistake: the
    one check of a built-in operation's signature and of an AWS operation's input shape."""
    known = [*types, *acceptor_only]
    out: dict[str, Any] = {}
    for key, (value, as_json) in params.items():
        if key in types:
            hint = types[key]
        elif key in acceptor_only:
            hint = acceptor_only[key]
        elif open_ended:
            out[key] = value
            continue
        else:
            raise ParameterError(
                f"--param {key}: {operation_name} takes no parameter {key!r}"
                f"{did_you_mean(key, known)}; it takes {', '.join(known)}"
            )
        out[key] = _as(hint, value, as_json, key)
        problem = checks[key](out[key]) if checks and key in checks else ""
        if problem:
            raise ParameterError(f"--param {key}: {problem}")
    return out


def _kinds(hint: Any) -> set[Any]:
    """The plain types a hint allows (``Optional[X]``, unions and generics unwrapped)."""
    if hint is Any:
        return {Any}
    origin = typing.get_origin(hint)
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        return {kind for arg in typing.get_args(hint) for kind in _kinds(arg)}
    if origin is not None:
        return {Mapping if isinstance(origin, type) and issubclass(origin, Mapping) else origin}
    return {hint}


def _as(hint: Any, value: Any, as_json: bool, key: str) -> Any:
    kinds = _kinds(hint) - {type(None)}
    if Any in kinds or not kinds:
        return value
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
