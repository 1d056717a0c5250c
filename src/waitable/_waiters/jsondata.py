"""A wait state's JSON data: parameters kept losslessly (``encode``/``decode``), the
text read (``parsed``: json's own C scanner, in pieces), and results as JSON
(``jsonable``)."""

from __future__ import annotations

import base64
import datetime
import json
import math
from collections.abc import Mapping
from typing import Any

from .._errors import ConfigError
from .state_check import bad_tag, not_json

CUT = ',"progress":['
"""Where the keys a poll changes begin, in ``to_json``'s layout."""
_SCAN = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
"""``json.loads``' C scanner: one value from an index (loads' Python wrapping, which
costs as much as a state's parsing, only for a text it refuses or with whitespace)."""


def parsed(text: str) -> tuple[str, Any]:
    """``json.loads(text)``, and the text of all but its last two keys when those are
    ``progress`` and ``seen`` (else ""), or it raises. Read in three pieces then: the
    last ``,"progress":[`` (a key: a quote no backslash precedes is no string's
    content), its value, ``,"seen":`` and its value up to the closing brace (so these
    are the top-level object's last two keys: the values JSON keeps), and before them,
    ``head``, closed: a non-empty object whose other keys JSON keeps as they are
    (another ``progress`` or ``seen`` in it is overridden), to which any keys may be
    added. The same data as one read, and a poll's next text is ``head`` and its own
    last two keys."""
    cut = text.rfind(CUT)
    if cut > 0 and text[-1] == "}":
        progress, end = _SCAN(text, cut + len(CUT) - 1)
        if text.startswith(',"seen":', end):
            seen, end = _SCAN(text, end + 8)
            if end == len(text) - 1:
                head = text[:cut]
                data, end = _SCAN(head + "}", 0)
                if type(data) is dict and data and end == cut + 1:
                    data["progress"], data["seen"] = progress, seen
                    return head, data
    data, end = _SCAN(text, 0)
    if end != len(text):
        raise ValueError  # more after the state (json.loads says what)
    return "", data


def loads(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        not_json(exc)
    except TypeError:
        not_json(TypeError(f"a {type(text).__name__}, not str or bytes"))


def encode(value: Any, path: str = "params") -> Any:
    """``value`` as JSON data: bytes and datetimes tagged; a ``ConfigError`` naming
    ``path`` for what JSON cannot hold."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ConfigError(f"{path}: {value!r} cannot be kept in a wait state (not JSON)")
        return value
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, Mapping):
        encoded = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ConfigError(f"{path}: key {key!r} is not a string (JSON keys are)")
            encoded[key] = encode(item, f"{path}.{key}")
        if len(encoded) == 1 and next(iter(encoded)) in ("$bytes", "$datetime"):
            return {"$dict": encoded}  # a user's own dict that looks like a tag
        return encoded
    if isinstance(value, list):
        return [encode(item, f"{path}[{i}]") for i, item in enumerate(value)]
    raise ConfigError(
        f"{path}: a {type(value).__name__} cannot be kept in a wait state: give JSON data, "
        "bytes or datetimes"
    )


def decode(value: Any) -> Any:
    """What ``encode`` gave (JSON data: dicts and lists), back as Python values."""
    kind = type(value)
    if kind is list:
        return [decode(item) for item in value]
    if kind is not dict:
        return value
    if len(value) == 1:
        ((key, item),) = value.items()
        try:
            if key == "$bytes":
                return base64.b64decode(item, validate=True)
            if key == "$datetime":
                return datetime.datetime.fromisoformat(item)
        except (TypeError, ValueError) as exc:
            bad_tag(key, exc)
        if key == "$dict" and type(item) is dict:
            return {k: decode(v) for k, v in item.items()}
    return {k: decode(v) for k, v in value.items()}


def jsonable(value: Any) -> Any:
    """``value`` as JSON data: datetimes and dates in ISO 8601, bytes as UTF-8 text (or
    ``{"$bytes": base64}``), tuples and sets as lists, other objects by ``str``."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    return str(value)
