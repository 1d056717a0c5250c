"""A durable wait's state: where one wait stands, as plain, versioned JSON.

``WaitState`` is the record; ``to_json`` / ``from_json`` its codec, which keeps bytes and
datetimes losslessly and refuses a state that is not one (another schema version, a
missing or mistyped field) with a ``StateError``, never a crash.
"""

from __future__ import annotations

import base64
import datetime
import itertools
import json
import math
import re
from collections.abc import Mapping
from operator import itemgetter
from types import MappingProxyType
from typing import Any

from .._core.frozen import Frozen, set_field
from .._errors import ConfigError, StateError

SCHEMA = 1
"""The version of the state's JSON (its ``v``)."""

POLICY = ("delay", "max_attempts", "min_delay", "max_delay", "max_wait")
_NUMBER = (float, int)
_NONE = type(None)


def _finite(*values: Any) -> bool:
    """Whether each value is a finite float, an int a float holds (seconds: at most
    ``_LARGEST``), or anything else (None, checked by type elsewhere)."""
    for value in values:
        if type(value) is float:
            if value - value != 0.0:  # inf and nan give nan
                return False
        elif type(value) is int and not -_LARGEST <= value <= _LARGEST:
            return False
    return True


_LARGEST = 10**15  # as WaiterConfig's numbers: more is a mistake, and floats lose it


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
    "deadline": (*_NUMBER, _NONE),
    "attempts": (int,),
    "seed": (int,),
    "retried": (int, _NONE),
    "verdict": (str, _NONE),
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

    __slots__ = ("_row", "_encoded", "_tail")

    # the fields, read through properties over ``_row`` (made below, in ``_PUBLIC``'s
    # order: the fields a poll changes first), so that a poll's next state is one tuple
    next_at: float
    attempts: int
    slept: float
    retried: int | None
    verdict: str | None
    seen: Mapping[str, int]
    id: str
    waiter: Mapping[str, str]
    digest: str
    params: Mapping[str, Any]  # decoded: bytes and datetimes as Python values
    policy: Mapping[str, Any]
    start: float
    deadline: float | None
    seed: int
    hooks: Mapping[str, str]
    _row: tuple[Any, ...]
    _encoded: Any
    """``params`` as JSON data, kept: a wait's parameters never change between polls."""
    _tail: str | None
    """The JSON text of the fields no poll changes (``_FIXED``), kept from ``from_json``
    or the first ``to_json``: each poll re-encodes only the few that change."""

    def __init__(self, **fields: Any) -> None:
        set_field(self, "_row", tuple(fields[name] for name in _PUBLIC))
        set_field(self, "_encoded", fields.get("_encoded"))
        set_field(self, "_tail", None)

    def replace(self, **changes: Any) -> WaitState:
        """This state with some fields changed."""
        fields = dict(zip(_PUBLIC, self._row))
        fields["_encoded"] = None if "params" in changes else self._encoded
        made = WaitState(**{**fields, **changes})
        if changes.keys() <= _MOVING_SET:
            set_field(made, "_tail", self._tail)
        return made

    def moved(
        self,
        next_at: float,
        attempts: int,
        slept: float,
        retried: int | None,
        verdict: str | None,
        seen: dict[str, int],
    ) -> WaitState:
        """This state after a poll: ``replace`` of the fields a poll changes, made
        without copying the others one by one (a poll's hot path)."""
        made: WaitState = object.__new__(WaitState)
        moving = (next_at, attempts, slept, retried, verdict, seen)
        set_field(made, "_row", moving + self._row[_MOVED:])
        set_field(made, "_encoded", self._encoded)
        set_field(made, "_tail", self._tail)
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (self._row, self._encoded))

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON data (``params`` encoded)."""
        data: dict[str, Any] = {"v": SCHEMA}
        for name, value in zip(_PUBLIC, self._row):
            data[name] = value if type(value) is not MappingProxyType else dict(value)
        data["params"] = self._encoded if self._encoded is not None else encode(self.params)
        return data

    def to_json(self) -> str:
        """Compact JSON: about 400 bytes for a shipped waiter with small parameters. The
        fields a poll changes come first, then the rest (``_tail``, encoded once)."""
        tail = self._tail
        if tail is None:
            fixed = {name: getattr(self, name) for name in _FIXED}
            for name in ("waiter", "policy", "hooks"):
                fixed[name] = dict(fixed[name])
            fixed["params"] = self._encoded if self._encoded is not None else encode(self.params)
            tail = "," + _ENCODE(fixed)[1:]
            set_field(self, "_tail", tail)
        next_at, attempts, slept, retried, verdict, seen = self._row[:_MOVED]
        if (
            type(next_at) is float
            and type(slept) is float
            and next_at - next_at == slept - slept == 0.0  # finite
            and type(attempts) is int
            and (retried is None or type(retried) is int)
            and (verdict is None or type(verdict) is str)
            and verdict in _VERDICTS
        ):  # what a poll makes, written as json writes it, without its per-call set-up
            counts = ",".join(f"{_STRING(k)}:{int(v)}" for k, v in seen.items())
            return (
                f'{_OPENING}{next_at!r},"attempts":{attempts},"slept":{slept!r},'
                f'"retried":{"null" if retried is None else retried},'
                f'"verdict":{_VERDICTS[verdict]},"seen":{{{counts}}}{tail}'
            )
        head = _ENCODE(
            {
                "v": SCHEMA,
                "next_at": next_at,
                "attempts": attempts,
                "slept": slept,
                "retried": retried,
                "verdict": verdict,
                "seen": dict(seen),
            }
        )
        return head[:-1] + tail

    @classmethod
    def from_json(cls, text: str | bytes) -> WaitState:
        """The state ``to_json`` wrote; a ``StateError`` saying what is wrong otherwise."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise StateError(f"a wait state must be JSON: {exc}") from None
        # params need decoding only where a tag could be ("$bytes", or "$" escaped)
        plain = type(text) is str and '"$' not in text and "\\u00" not in text
        state = cls._read(data, plain)
        set_field(state, "_tail", _tail_of(text))
        return state

    @classmethod
    def from_dict(cls, data: Any) -> WaitState:
        """The state ``to_dict`` gave, checked field by field."""
        return cls._read(data, False)

    @classmethod
    def _read(cls, data: Any, plain: bool) -> WaitState:
        """``from_dict``; ``plain``: data just parsed, whose params hold no tag (they
        are then their own decoding, not copied)."""
        if type(data) is not dict and not isinstance(data, Mapping):
            raise StateError(f"a wait state is a JSON object, not {type(data).__name__}")
        if data.get("v") != SCHEMA:
            raise StateError(
                f"wait state schema version {data.get('v')!r} is not one this waitable reads "
                f"({SCHEMA})"
            )
        if data.keys() != _KEYS:
            missing, unknown = sorted(_KEYS - data.keys()), sorted(data.keys() - _KEYS)
            raise StateError(f"wait state: missing {missing}, unknown {unknown}")
        values = _READ(data)
        if tuple(map(type, values)) not in _VALID_KINDS:
            for name, kinds in _FIELDS.items():
                if type(data[name]) not in kinds:
                    raise StateError(f"wait state: {name} is not valid: {data[name]!r}"[:200])
        if not _finite(*_READ_TIMES(data)):
            for name in _TIMES:
                if not _finite(data[name]):
                    raise StateError(f"wait state: {name} is not valid: {data[name]!r}"[:200])
        for name, kind in (("waiter", str), ("hooks", str), ("seen", int)):
            for value in data[name].values():
                if type(value) is not kind:
                    raise StateError(f"wait state: {name} is not valid: {data[name]!r}"[:200])
        policy = data["policy"]
        if policy.keys() != _POLICY_KEYS:
            raise StateError(f"wait state: policy must hold {', '.join(POLICY)}")
        numbers = _READ_POLICY(policy)
        if tuple(map(type, numbers)) not in _VALID_POLICY or not _finite(*numbers):
            for name, value in zip(POLICY, numbers):
                kinds = (int,) if name == "max_attempts" else _NUMBER
                if value is not None and (type(value) not in kinds or not _finite(value)):
                    raise StateError(f"wait state: {name} is not valid: {value!r}"[:200])
        if data["attempts"] < 0 or data["slept"] < 0:
            raise StateError("wait state: attempts and slept cannot be negative")
        made: WaitState = object.__new__(cls)
        encoded = data["params"]
        params = encoded if plain else decode(encoded)
        set_field(made, "_row", (*values[:_PARAMS], params, *values[_PARAMS + 1 :]))
        set_field(made, "_encoded", encoded)
        set_field(made, "_tail", None)
        return made


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
            raise StateError(f"wait state: a bad {key} value: {exc}") from None
        if key == "$dict" and type(item) is dict:
            return {k: decode(v) for k, v in item.items()}
    return {k: decode(v) for k, v in value.items()}


def _tail_of(text: str | bytes) -> str | None:
    """The text of the fields no poll changes, when ``text`` is laid out as ``to_json``
    lays it out (else None: the next ``to_json`` encodes them). Safe to splice after a
    new head: each key appears only on its own side of the cut, so the text read back
    means exactly the new head's values and the old tail's."""
    if not isinstance(text, str):
        try:
            text = bytes(text).decode("utf-8")
        except (UnicodeDecodeError, TypeError):
            return None
    if not text.startswith(_OPENING) or ("\\u00" in text and _ASCII_ESCAPE.search(text)):
        return None  # an ASCII character escaped could spell a key the checks below miss
    cut = text.find(_CUT)  # no earlier match: seen holds numbers, verdict a bare word
    if cut < 0 or not text.endswith("}"):
        return None
    tail = text[cut:]
    head = text[:cut]
    for name in _FIXED_NAMES:
        if name in head:
            return None  # a key spelt like another side's (in params or seen): encode anew
    for name in _MOVING_NAMES:
        if name in tail:
            return None  # (or a string spelt so: safe, and rare)
    return tail


_MOVING = ("next_at", "attempts", "slept", "retried", "verdict", "seen")
"""The fields a poll changes: first in the JSON (and in ``_row``), re-encoded at
each poll."""
_FIXED = ("id", "waiter", "digest", "params", "policy", "start", "deadline", "seed", "hooks")
_PUBLIC = (*_MOVING, *_FIXED)
FIELDS = _PUBLIC
"""The fields in ``WaitState._row``'s order (the durable poll unpacks the row)."""
_MOVING_SET = frozenset(_MOVING)
_MOVED = len(_MOVING)
_PARAMS = _PUBLIC.index("params")


def _field(index: int) -> property:
    return property(lambda state: state._row[index])


for _index, _name in enumerate(_PUBLIC):
    setattr(WaitState, _name, _field(_index))
WaitState._fields = (*_PUBLIC, "_encoded", "_tail")  # what repr, equality and hashing show


def _rebuilt(values: tuple[Any, ...], encoded: Any) -> WaitState:
    """A pickled state, back."""
    made: WaitState = object.__new__(WaitState)
    set_field(made, "_row", values)
    set_field(made, "_encoded", encoded)
    set_field(made, "_tail", None)
    return made


_MOVING_NAMES = tuple(f'"{name}"' for name in ("v", *_MOVING))
_FIXED_NAMES = tuple(f'"{name}"' for name in _FIXED)
_ASCII_ESCAPE = re.compile(r"\\u00[2-7][0-9a-fA-F]")
"""A printable ASCII character written as ``\\u00XX``: JSON allows it in a key (``to_json``
never writes one), where the key checks above would not see the name."""
_OPENING = f'{{"v":{SCHEMA},"next_at":'
_CUT = f',"{_FIXED[0]}":"'  # the first fixed field is the id, a string
_KEYS = frozenset(("v", *_PUBLIC))
_READ = itemgetter(*_PUBLIC)
_VALID_KINDS = frozenset(itertools.product(*(_FIELDS[name] for name in _PUBLIC)))
"""Every valid tuple of the fields' types (96): one set lookup checks them all."""
_TIMES = ("start", "next_at", "slept", "deadline")
_READ_TIMES = itemgetter(*_TIMES)
_POLICY_KEYS = frozenset(POLICY)
_READ_POLICY = itemgetter(*POLICY)
_VALID_POLICY = frozenset(
    itertools.product(*(((int,) if n == "max_attempts" else _NUMBER) + (_NONE,) for n in POLICY))
)
_ENCODE = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode
_STRING = json.encoder.encode_basestring_ascii
"""How ``_ENCODE`` writes a string (ASCII, escaped)."""
_VERDICTS = {None: "null", "retry": '"retry"', "success": '"success"', "failure": '"failure"'}
"""One encoder, made once (``json.dumps`` with options makes one per call)."""


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
