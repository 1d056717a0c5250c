"""A wait state that failed ``WaitState``'s one straight-line check, looked at field by
field to say what is wrong (a ``StateError`` naming the field); and schema 1 states,
read into schema 2's fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from .._errors import StateError

POLICY = ("delay", "max_attempts", "min_delay", "max_delay", "max_wait")
PLAIN = frozenset({str, int, bool, type(None)})
"""The values a ``seen`` entry keeps as they are (and short lists of them)."""
READS = (2, 1)
"""The schema versions read, newest first."""
_NUMBER = (float, int)
_NONE = type(None)
_LARGEST = 10**15  # as WaiterConfig's numbers: more is a mistake, and floats lose it
_KEYS = ("v", "id", "digest", "waiter", "params", "hooks", "policy", "began", "progress", "seen")
_KINDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "digest": (str,),
    "waiter": (dict,),
    "params": (dict,),
    "hooks": (dict,),
    "policy": (list,),
    "began": (list,),
    "progress": (list,),
    "seen": (list,),
}
_BEGAN = {"start": _NUMBER, "deadline": (*_NUMBER, _NONE), "seed": (int,)}
_PROGRESS = {
    "next_at": _NUMBER,
    "attempts": (int,),
    "slept": _NUMBER,
    "retried": (int, _NONE),
    "verdict": (str, _NONE),
}
_VERDICTS = (None, "retry", "success", "failure")
_TAGS = ("error", "http")


def finite(*values: Any) -> bool:
    """Whether each value is a finite float, an int a float holds (seconds: at most
    ``_LARGEST``), or anything else (None, checked by type elsewhere)."""
    for value in values:
        if type(value) is float:
            if value - value != 0.0:  # inf and nan give nan
                return False
        elif type(value) is int and not -_LARGEST <= value <= _LARGEST:
            return False
    return True


def not_a_dict(data: Any) -> dict[str, Any]:
    if isinstance(data, Mapping):
        return dict(data)
    raise StateError(f"a wait state is a JSON object, not {type(data).__name__}")


def not_json(exc: Exception) -> NoReturn:
    raise StateError(f"a wait state must be JSON: {exc}") from None


def bad_tag(key: str, exc: Exception) -> NoReturn:
    raise StateError(f"wait state: a bad {key} value: {exc}") from None


def _bad(name: str, value: Any) -> NoReturn:
    raise StateError(f"wait state: {name} is not valid: {value!r}"[:200])


def version(data: Mapping[str, Any]) -> None:
    """A ``StateError`` unless ``data`` says a schema version this waitable reads."""
    v = data.get("v")
    if type(v) is not int or v not in READS:
        raise StateError(
            f"wait state schema version {v!r} is not one this waitable reads "
            f"({', '.join(map(str, READS))})"
        )


def entry_fits(entry: Any) -> bool:
    """Whether ``entry`` is a ``seen`` entry: ``[key, value, count]``, ``key`` an
    acceptor's index (``value`` a plain value or a list of them), ``"error"`` or
    ``"http"`` (a plain value), or null (``value`` a label)."""
    if type(entry) is not list or len(entry) != 3:
        return False
    tag, value, count = entry
    if type(count) is not int or count < 1:
        return False
    kind = type(value)
    if type(tag) is int:
        return tag >= 0 and (
            kind in PLAIN or (kind is list and all(type(item) in PLAIN for item in value))
        )
    if tag is None:
        return kind is str
    return tag in _TAGS and kind in PLAIN


def v2(data: Mapping[str, Any]) -> None:
    """Raise the ``StateError`` that says what is wrong with schema 2 ``data``, if
    anything is (the quick check lets no float over ``_LARGEST`` through)."""
    version(data)
    if data.keys() != set(_KEYS):
        missing = sorted(set(_KEYS) - data.keys())
        unknown = sorted(data.keys() - set(_KEYS))
        raise StateError(f"wait state: missing {missing}, unknown {unknown}")
    for name, kinds in _KINDS.items():
        if type(data[name]) not in kinds:
            _bad(name, data[name])
    for name in ("waiter", "hooks"):
        if any(type(value) is not str for value in data[name].values()):
            _bad(name, data[name])
    _numbers("policy", data["policy"], {n: _kinds(n) for n in POLICY})
    _numbers("began", data["began"], _BEGAN)
    progress = _numbers("progress", data["progress"], _PROGRESS)
    if progress["verdict"] not in _VERDICTS:
        _bad("progress.verdict", progress["verdict"])
    if progress["attempts"] < 0 or progress["slept"] < 0:
        raise StateError("wait state: attempts and slept cannot be negative")
    for index, entry in enumerate(data["seen"]):
        if not entry_fits(entry):
            _bad(f"seen[{index}]", entry)


def _kinds(name: str) -> tuple[type, ...]:
    return ((int,) if name == "max_attempts" else _NUMBER) + (_NONE,)


def _numbers(
    where: str, values: list[Any], kinds: Mapping[str, tuple[type, ...]]
) -> dict[str, Any]:
    if len(values) != len(kinds):
        raise StateError(f"wait state: {where} must be [{', '.join(kinds)}]")
    for (name, allowed), value in zip(kinds.items(), values):
        if type(value) not in allowed or (name != "seed" and not finite(value)):
            _bad(f"{where}.{name}", value)
    return dict(zip(kinds, values))


def entries_of(seen: Any) -> list[Any]:
    """``seen`` as a state's row keeps it: a list of ``[key, value, count]`` lists; a
    schema 1 mapping of labels to counts becomes ``[null, label, count]`` entries."""
    if isinstance(seen, Mapping):
        return [[None, label, count] for label, count in seen.items()]
    return [list(entry) for entry in seen]


_V1_FIELDS: dict[str, tuple[type, ...]] = {
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
"""Schema 1's fields (every one under its own key) and their JSON types, exactly."""


def read_v1(data: Mapping[str, Any]) -> dict[str, Any]:
    """A schema 1 state's fields, checked field by field (``params`` still encoded,
    ``seen`` as entries: its labels are kept as they are)."""
    if data.keys() != {"v", *_V1_FIELDS}:
        missing = sorted(_V1_FIELDS.keys() - data.keys())
        unknown = sorted(data.keys() - {"v", *_V1_FIELDS})
        raise StateError(f"wait state: missing {missing}, unknown {unknown}")
    for name, kinds in _V1_FIELDS.items():
        if type(data[name]) not in kinds:
            _bad(name, data[name])
    for name in ("start", "next_at", "slept", "deadline"):
        if not finite(data[name]):
            _bad(name, data[name])
    for name, kind in (("waiter", str), ("hooks", str), ("seen", int)):
        for value in data[name].values():
            if type(value) is not kind:
                _bad(name, data[name])
    policy = data["policy"]
    if policy.keys() != set(POLICY):
        raise StateError(f"wait state: policy must hold {', '.join(POLICY)}")
    for name in POLICY:
        value = policy[name]
        if value is not None and (type(value) not in _kinds(name) or not finite(value)):
            _bad(name, value)
    if data["attempts"] < 0 or data["slept"] < 0:
        raise StateError("wait state: attempts and slept cannot be negative")
    fields = {name: data[name] for name in _V1_FIELDS}
    fields["policy"] = tuple(policy[name] for name in POLICY)
    fields["seen"] = entries_of({k: v for k, v in data["seen"].items() if v > 0})
    return fields
