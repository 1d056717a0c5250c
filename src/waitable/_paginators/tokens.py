"""Resume tokens, encoded exactly as botocore encodes them, so that a listing can move
from one library to the other mid-way, in either direction.

A token is base64 of the JSON of ``{input parameter: value, ...}`` (plus
``boto_truncate_amount`` when ``MaxItems`` cut a page). Bytes values, which JSON cannot
hold, are base64 strings listed by path under ``boto_encoded_keys``.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from .._errors import ConfigError

ENCODED_KEYS = "boto_encoded_keys"
TRUNCATE_AMOUNT = "boto_truncate_amount"


def encode(token: dict[str, Any]) -> str:
    try:
        text = json.dumps(token)
    except (TypeError, UnicodeDecodeError):
        paths: list[list[Any]] = []
        plain = _bytes_to_text(token, [], paths)
        plain[ENCODED_KEYS] = paths
        text = json.dumps(plain)
    return base64.b64encode(text.encode("utf-8")).decode("utf-8")


def _bytes_to_text(data: Any, path: list[Any], paths: list[list[Any]]) -> Any:
    if isinstance(data, dict):
        return {key: _bytes_to_text(value, [*path, key], paths) for key, value in data.items()}
    if isinstance(data, list):
        return [_bytes_to_text(value, [*path, i], paths) for i, value in enumerate(data)]
    if isinstance(data, bytes):
        paths.append(path)
        return base64.b64encode(data).decode("utf-8")
    return data


def decode(token: str, where: str) -> dict[str, Any]:
    """The dict a token stands for; a ``ConfigError`` naming ``where`` if it is none."""
    try:
        data = json.loads(base64.b64decode(token.encode("utf-8"), validate=True).decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        for path in data.pop(ENCODED_KEYS, ()):
            *parents, last = path
            holder = data
            for step in parents:
                holder = holder[step]
            holder[last] = base64.b64decode(holder[last].encode("utf-8"))
    except (ValueError, TypeError, KeyError, IndexError, binascii.Error, AttributeError):
        shown = token if len(token) <= 40 else token[:37] + "..."
        raise ConfigError(f"{where}: StartingToken {shown!r} is not a resume token") from None
    return data
