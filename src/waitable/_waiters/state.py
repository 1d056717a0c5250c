"""A durable wait's state: where one wait stands, as plain, versioned JSON.

``WaitState`` is the record; ``to_json`` / ``from_json`` its codec, which keeps bytes and
datetimes losslessly and refuses a state that is not one (another schema version, a
missing or mistyped field) with a ``StateError``, never a crash.
"""

from __future__ import annotations

import base64
import datetime
import json
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .._core.frozen import Frozen, set_field
from .._errors import ConfigError, StateError

SCHEMA = 1
"""The version of the state's JSON (its ``v``)."""

POLICY = ("delay", "max_attempts", "min_delay", "max_delay", "max_wait")
_NUMBER = (float, int)
_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "digest": (str,),
    "waiter": (dict,),
    "hooks": (dict,),
    "seen": (dict,),
    "policy": (dict,),
    "params": (dict,),
    "start": _NUMBER,
    "next_at": _NUMBER,
    "slept": _NUMBER,
    "deadline": (*_NUMBER, type(None)),
    "attempts": (int,),
    "seed": (int,),
    "retried": (int, type(None)),
    "verdict": (str, type(None)),
}
"""Each field's JSON types, exactly (``json`` gives dicts, never bool for a number)."""


class WaitState(Frozen):
    """Where one wait stands, as plain data: JSON with ``to_json``, back with
    ``from_json``. Immutable: each poll gives the next state.

    Its JSON keys: ``v`` (schema version), ``id`` (the wait's id), ``waiter`` (a
    reference the polling process rebinds by: ``{"service": "http", "waiter": ...}``,
    ``{"aws": "glue", ...}``, ``{"file": path, ...}`` or ``{"registered": name}``),
    ``digest`` (of the compiled definition), ``params`` (bytes and datetimes tagged,
    ``{"$bytes": base64}``, ``{"$datetime": ISO 8601}``), ``policy`` (delay,
    max_attempts, min_delay, max_delay, max_wait), ``start``, ``deadline`` and
    ``next_at`` (epoch seconds), ``attempts`` (calls made), ``slept`` (seconds),
    ``retried`` (the index of the retry acceptor that matched last), ``seen`` (what
    retried calls showed, counted), ``seed`` (of the jitter), ``hooks`` (options by name)
    and ``verdict`` (of the last call, or null).
    """

    __slots__ = (
        "id",
        "waiter",
        "digest",
        "params",
        "policy",
        "start",
        "deadline",
        "next_at",
        "attempts",
        "slept",
        "retried",
        "seen",
        "seed",
        "hooks",
        "verdict",
        "_encoded",
    )

    id: str
    waiter: Mapping[str, str]
    digest: str
    params: Mapping[str, Any]
    """The wait's parameters, decoded (bytes and datetimes as Python values)."""
    policy: Mapping[str, Any]
    start: float
    deadline: float | None
    next_at: float
    attempts: int
    slept: float
    retried: int | None
    seen: Mapping[str, int]
    seed: int
    hooks: Mapping[str, str]
    verdict: str | None
    _encoded: Any
    """``params`` as JSON data, kept: a wait's parameters never change between polls."""

    def __init__(self, **fields: Any) -> None:
        for name in _PUBLIC:
            set_field(self, name, fields[name])
        set_field(self, "_encoded", fields.get("_encoded"))

    def replace(self, **changes: Any) -> WaitState:
        """This state with some fields changed."""
        fields = {n: getattr(self, n) for n in self._fields}
        if "params" in changes:
            fields["_encoded"] = None
        return WaitState(**{**fields, **changes})

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON data (``params`` encoded)."""
        data: dict[str, Any] = {"v": SCHEMA}
        for name in _PUBLIC:
            value = getattr(self, name)
            data[name] = value if type(value) is not MappingProxyType else dict(value)
        data["params"] = self._encoded if self._encoded is not None else encode(self.params)
        return data

    def to_json(self) -> str:
        """Compact JSON: about 400 bytes for a shipped waiter with small parameters."""
        return json.dumps(self.to_dict(), separators=(",", ":"), allow_nan=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> WaitState:
        """The state ``to_json`` wrote; a ``StateError`` saying what is wrong otherwise."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise StateError(f"a wait state must be JSON: {exc}") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> WaitState:
        """The state ``to_dict`` gave, checked field by field."""
        if not isinstance(data, Mapping):
            raise StateError(f"a wait state is a JSON object, not {type(data).__name__}")
        if data.get("v") != SCHEMA:
            raise StateError(
                f"wait state schema version {data.get('v')!r} is not one this waitable reads "
                f"({SCHEMA})"
            )
        keys = {"v", *_PUBLIC}
        missing = sorted(keys - data.keys())
        unknown = sorted(set(data) - keys)
        if missing or unknown:
            raise StateError(f"wait state: missing {missing}, unknown {unknown}")
        if not all(type(data[name]) in kinds for name, kinds in _FIELDS.items()):
            _explain(data)  # raises, naming the field
        for name in ("start", "next_at", "slept", "deadline"):
            if not math.isfinite(data[name] or 0.0):
                raise StateError(f"wait state: {name} is not valid: {data[name]!r}")
        for name, kind in (("waiter", str), ("hooks", str), ("seen", int)):
            if not all(type(value) is kind for value in data[name].values()):
                raise StateError(f"wait state: {name} is not valid: {data[name]!r}"[:200])
        policy = data["policy"]
        if set(policy) != set(POLICY):
            raise StateError(f"wait state: policy must hold {', '.join(POLICY)}")
        for name in POLICY:
            _expect(policy, name, int if name == "max_attempts" else float, optional=True)
        if data["attempts"] < 0 or data["slept"] < 0:
            raise StateError("wait state: attempts and slept cannot be negative")
        fields = {name: data[name] for name in _PUBLIC}
        fields["params"] = decode(data["params"])
        fields["_encoded"] = data["params"]
        return cls(**fields)


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
    """What ``encode`` gave, back as Python values."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, Mapping):
        return value
    if len(value) == 1:
        ((key, item),) = value.items()
        try:
            if key == "$bytes":
                return base64.b64decode(item, validate=True)
            if key == "$datetime":
                return datetime.datetime.fromisoformat(item)
        except (TypeError, ValueError) as exc:
            raise StateError(f"wait state: a bad {key} value: {exc}") from None
        if key == "$dict" and isinstance(item, Mapping):
            return {k: decode(v) for k, v in item.items()}
    return {k: decode(v) for k, v in value.items()}


def _explain(data: Mapping[str, Any]) -> None:
    """Raise the ``StateError`` naming the first field of the wrong type."""
    for name, kinds in _FIELDS.items():
        if type(data[name]) not in kinds:
            raise StateError(f"wait state: {name} is not valid: {data[name]!r}"[:200])


def _expect(
    data: Mapping[str, Any], name: str, kind: Any, *, optional: bool = False, of: Any = None
) -> None:
    value = data[name]
    if value is None and optional:
        return
    if kind is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        ok = ok and math.isfinite(value)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, kind)
    if ok and of is not None:
        ok = all(isinstance(v, of) and not isinstance(v, bool) for v in value.values())
    if not ok:
        raise StateError(f"wait state: {name} is not valid: {value!r}"[:200])


_PUBLIC = tuple(name for name in WaitState.__slots__ if name[0] != "_")
