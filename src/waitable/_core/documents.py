"""Reading a definition document: a JSON file or already-parsed data, as plain data.

Errors name the source and, for JSON text, the line and column. Duplicate keys and
``NaN``/``Infinity`` are rejected: JSON would silently keep the last key, and neither
constant is JSON.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, Union

from .._errors import DefinitionError

Source = Union[str, os.PathLike[str], Mapping[str, Any]]
"""A path to a JSON file, or the already-parsed document."""


TOO_DEEP = "nested too deeply (deeper than Python's recursion limit allows)"


class _DuplicateKeyError(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json(text: str | bytes, source: str) -> Any:
    """JSON text to plain data; errors name the line and column."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DefinitionError(
            f"{source}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except _DuplicateKeyError as exc:
        raise DefinitionError(
            f"{source}: duplicate key {exc.args[0]!r} (JSON would keep only the last)"
        ) from None
    except UnicodeDecodeError as exc:
        raise DefinitionError(f"{source}: not UTF-8 text: {exc}") from None
    except ValueError as exc:  # NaN / Infinity
        raise DefinitionError(f"{source}: {exc}") from None
    except RecursionError:
        raise DefinitionError(f"{source}: {TOO_DEEP}") from None


def plain(data: Any) -> Any:
    """``data`` with every mapping a ``dict`` (botocore's loader gives ``OrderedDict``):
    the compiler's fast path checks exact types."""
    if isinstance(data, Mapping):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(item) for item in data]
    return data


def read_document(
    source: Source, caller: str = "load()", what: str = "waiter definitions"
) -> tuple[Any, str]:
    """``(plain data, name for messages)`` of a path or a mapping.

    A mapping goes through a JSON round trip: definitions are data, and the caller gets
    the same plain types a file would give (and keeps no reference to the caller's dict).
    """
    if isinstance(source, Mapping):
        name = "<dict>"
        try:
            text = json.dumps(source)
        except (TypeError, ValueError) as exc:
            raise DefinitionError(f"{name}: not JSON data: {exc}") from None
        except RecursionError:
            raise DefinitionError(f"{name}: {TOO_DEEP}") from None
        return parse_json(text, name), name
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        with open(name, "rb") as handle:  # json decodes UTF-8 itself, faster
            return parse_json(handle.read(), name), name
    raise TypeError(f"{caller} takes a path or a dict of {what}, not {type(source).__name__}")
