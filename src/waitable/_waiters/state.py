"""A durable wait's state: where one wait stands, as plain, versioned JSON.

``WaitState`` is the record; ``to_json`` / ``from_json`` its codec, which keeps bytes and
datetimes losslessly and refuses a state that is not one (an unknown schema version, a
missing or mistyped field) with a ``StateError``, never a crash. Schema 2 is written;
schema 1 (before 0.x: every number under its own key, ``seen`` keyed by labels) is still
read, so a state parked in a queue or a database survives an upgrade.

Reading is one straight-line check of the parsed structure's exact types (a poll's hot
path); only a state that fails it is looked at field by field (``state_check``), to
say what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .._core.frozen import Frozen, set_field
from . import state_check as check
from .jsondata import decode, encode, loads, parsed
from .state_check import PLAIN, POLICY, entries_of

SCHEMA = 2
"""The version of the state's JSON (its ``v``) that ``to_json`` writes."""

_NUMBER = (float, int)
_NONE = type(None)
_LARGEST = 10**15  # as WaiterConfig's numbers: more is a mistake, and floats lose it


class WaitState(Frozen):
    """Where one wait stands, as plain data: JSON with ``to_json``, back with
    ``from_json``. Immutable: each poll gives the next state.

    Its JSON (schema 2), keys in this order: ``v`` (schema version, 2), ``id`` (the
    wait's id), ``digest`` (of the compiled definition), ``waiter`` (a reference the
    polling process rebinds by: ``{"service": "http", "waiter": ...}``, ``{"aws": "glue",
    ...}``, ``{"file": path, ...}`` or ``{"registered": name}``), ``params`` (bytes and
    datetimes tagged, ``{"$bytes": base64}``, ``{"$datetime": ISO 8601}``), ``hooks``
    (options by name), ``policy`` (``[delay, max_attempts, min_delay, max_delay,
    max_wait]``), ``began`` (``[start, deadline, seed]``: epoch seconds, and the jitter's
    seed), ``progress`` (``[next_at, attempts, slept, retried, verdict]``: the next
    poll's time, calls made, seconds slept, the index of the retry acceptor that matched
    last, the last call's verdict) and ``seen`` (what retried calls showed, counted:
    ``[key, value, count]`` triples, ``key`` the index of the first acceptor reading a
    path and ``value`` what it read, or ``"error"`` with an error code, ``"http"`` with
    a status, or null with a label in words). The fields a poll changes come last.
    """

    __slots__ = ("_row",)

    # the fields, read through properties over ``_row`` (made below, in ``_PUBLIC``'s
    # order: the fields a poll changes first), so that a poll's next state is one tuple
    next_at: float
    attempts: int
    slept: float
    retried: int | None
    verdict: str | None
    seen: tuple[tuple[Any, Any, int], ...]
    """``[key, value, count]`` entries (see the class); ``Counted.counts`` says them."""
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
    """The fields in ``FIELDS``' order (``policy`` a tuple, ``seen`` a list of lists),
    then ``params`` as JSON data (a wait's parameters never change) and the text
    cache its states share (``_HEAD``)."""

    def __init__(self, **fields: Any) -> None:
        fields["policy"] = _numbers(fields["policy"])
        fields["seen"] = entries_of(fields["seen"])
        encoded = fields.get("_encoded")
        row = tuple(fields[name] for name in _PUBLIC)
        set_field(self, "_row", (*row, encoded, [None]))

    def replace(self, **changes: Any) -> WaitState:
        """This state with some fields changed."""
        fields = dict(zip(_PUBLIC, self._row))
        fields["_encoded"] = None if "params" in changes else self._row[_ENCODED]
        made = WaitState(**{**fields, **changes})
        if changes.keys() <= _MOVING_SET:  # the fixed fields' text is still theirs
            set_field(made, "_row", (*made._row[:_CACHE], self._row[_CACHE]))
        return made

    def moved(
        self,
        next_at: float,
        attempts: int,
        slept: float,
        retried: int | None,
        verdict: str | None,
        seen: Any,
    ) -> WaitState:
        """This state after a poll: ``replace`` of the fields a poll changes, made
        without copying the others one by one (a poll's hot path)."""
        made: WaitState = _new(WaitState)
        if type(seen) is not list:
            seen = entries_of(seen)
        set_field(made, "_row", (next_at, attempts, slept, retried, verdict, seen, *self._row[6:]))
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (self._row[:_CACHE],))

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON data (``params`` encoded), in ``to_json``'s layout."""
        next_at, attempts, slept, retried, verdict, seen = self._row[:6]
        return {
            **_fixed(self._row),
            "progress": [next_at, attempts, slept, retried, verdict],
            "seen": [list(entry) for entry in seen],
        }

    def to_json(self) -> str:
        """Compact JSON: about 300 bytes for a shipped waiter with small parameters.
        The fields no poll changes come first, their text written once per wait (or
        kept from ``from_json``); a poll re-encodes only ``progress`` and ``seen``."""
        row = self._row
        cache = row[_CACHE]
        head = cache[_HEAD]
        if head is None:
            head = cache[_HEAD] = _head(row)
        return head + _moving(*row[:6])  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls, text: str | bytes) -> WaitState:
        """The state ``to_json`` wrote (schema 2 or 1); a ``StateError`` saying what is
        wrong otherwise."""
        given = text
        if type(text) is not str:
            try:
                text = bytes(text).decode("utf-8")  # type: ignore[arg-type]
            except (UnicodeDecodeError, TypeError):
                text = ""
        try:  # json.loads' scanner, without its wrapping
            head, data = parsed(text)
        except Exception:
            data = loads(given)  # (says what is wrong)
            head = text = ""
        # params need decoding only where a tag could be ("$bytes", or "$" escaped)
        plain = '"$' not in text and "\\u00" not in text if text else False
        return cls._read(data, plain, head)

    @classmethod
    def from_dict(cls, data: Any) -> WaitState:
        """The state ``to_dict`` gave (or a schema 1 state's data), checked."""
        return cls._read(data, False, "")

    @classmethod
    def _read(cls, data: Any, plain: bool, head: str) -> WaitState:
        """``from_dict``; ``plain``: data just parsed, whose params hold no tag (they
        are then their own decoding, not copied); ``head``: the text of every field
        but ``progress`` and ``seen``, as read (``_parsed``), or empty."""
        if type(data) is not dict:
            data = check.not_a_dict(data)
        try:  # one straight line of exact types (json gives dicts and lists, never a
            # bool for a number); each number finite, at most _LARGEST (a float over it,
            # as good as any finite float, is let through by the slow path)
            v, id_, digest, waiter, params, hooks, policy, began, progress, seen = _READ(data)
            delay, max_attempts, min_delay, max_delay, max_wait = policy
            start, deadline, seed = began
            next_at, attempts, slept, retried, verdict = progress
            fits = (
                type(v) is int
                and v == SCHEMA
                and len(data) == 10
                and type(id_) is str
                and type(digest) is str
                and type(waiter) is dict
                and type(params) is dict
                and type(hooks) is dict
                and type(policy) is list
                and type(began) is list
                and type(progress) is list
                and type(seen) is list
                and type(delay) in _NUMBERS
                and -_LARGEST <= delay <= _LARGEST
                and (max_attempts is None or type(max_attempts) is int)
                and (max_attempts is None or -_LARGEST <= max_attempts <= _LARGEST)
                and (
                    min_delay is None
                    or (type(min_delay) in _NUMBERS and -_LARGEST <= min_delay <= _LARGEST)
                )
                and (
                    max_delay is None
                    or (type(max_delay) in _NUMBERS and -_LARGEST <= max_delay <= _LARGEST)
                )
                and (
                    max_wait is None
                    or (type(max_wait) in _NUMBERS and -_LARGEST <= max_wait <= _LARGEST)
                )
                and type(start) in _NUMBERS
                and -_LARGEST <= start <= _LARGEST
                and (
                    deadline is None
                    or (type(deadline) in _NUMBERS and -_LARGEST <= deadline <= _LARGEST)
                )
                and type(seed) is int
                and type(next_at) in _NUMBERS
                and -_LARGEST <= next_at <= _LARGEST
                and type(attempts) is int
                and attempts >= 0
                and type(slept) in _NUMBERS
                and 0 <= slept <= _LARGEST
                and (retried is None or type(retried) is int)
                and verdict in _VERDICTS
                and (verdict is None or type(verdict) is str)
            )
            for value in waiter.values() if fits else ():
                fits = fits and type(value) is str
            for value in hooks.values() if fits else ():
                fits = fits and type(value) is str
            for entry in seen if fits else ():  # [acceptor, a plain value, count], or...
                tag, value, count = entry if type(entry) is list else ()  # type: ignore[misc]
                if not (
                    type(tag) is int
                    and tag >= 0
                    and type(value) in PLAIN
                    and type(count) is int
                    and count > 0
                ):
                    fits = fits and check.entry_fits(entry)  # ... one of the other kinds
        except Exception:  # KeyError, TypeError, ValueError: looked into field by field
            fits = False
        if not fits:
            check.version(data)
            if data["v"] == 1:
                fields = check.read_v1(data)  # a schema 1 state: checked field by field
                fields["_encoded"] = encoded = fields["params"]
                fields["params"] = decode(encoded)
                return cls(**fields)
            check.v2(data)  # raises: the field that is wrong (or it is a float > 1e15)
            v, id_, digest, waiter, params, hooks, policy, began, progress, seen = _READ(data)
            next_at, attempts, slept, retried, verdict = progress
            start, deadline, seed = began
        made: WaitState = _new(cls)
        row = (
            next_at,
            attempts,
            slept,
            retried,
            verdict,
            seen,
            id_,
            waiter,
            digest,
            params if plain else decode(params),
            (*policy,),
            start,
            deadline,
            seed,
            hooks,
            params,
            [head or None],
        )
        set_field(made, "_row", row)
        return made


_HEAD = 0
"""What the states of one wait share, a list (``_row``'s last): the JSON text of the
fields no poll changes (``head``), kept from ``from_json`` or made once."""


def _fixed(row: tuple[Any, ...]) -> dict[str, Any]:
    """The fields no poll changes, as JSON data, in the layout's order."""
    id_, waiter, digest, params, policy, start, deadline, seed, hooks, encoded = row[6:_CACHE]
    return {
        "v": SCHEMA,
        "id": id_,
        "digest": digest,
        "waiter": dict(waiter),
        "params": encoded if encoded is not None else encode(params),
        "hooks": dict(hooks),
        "policy": list(policy),
        "began": [start, deadline, seed],
    }


def _head(row: tuple[Any, ...]) -> str:
    """The text of the fields no poll changes, encoded."""
    return _ENCODE(_fixed(row))[:-1]


def _moving(next_at: Any, attempts: Any, slept: Any, retried: Any, verdict: Any, seen: Any) -> str:
    """``,"progress":[...],"seen":[...]}``, byte for byte as ``json.dumps`` writes it."""
    if (
        type(next_at) is float
        and type(slept) is float
        and next_at - next_at == slept - slept == 0.0  # finite
        and type(attempts) is int
        and (retried is None or type(retried) is int)
        and (verdict is None or type(verdict) is str)
        and verdict in _VERDICTS
    ):  # what a poll makes, written as json writes it, without its per-call set-up
        entries = []
        for tag, value, count in seen:  # each as json writes it, inline
            if type(value) is str and type(tag) is int and type(count) is int:
                entries.append(f"[{tag},{_STRING(value)},{count}]")
            else:
                entries.append(_ENCODE([tag, value, count]))
        return (
            f',"progress":[{next_at!r},{attempts},{slept!r},'
            f"{'null' if retried is None else retried},{_VERDICTS[verdict]}],"
            f'"seen":[{",".join(entries)}]}}'
        )
    data = {
        "progress": [next_at, attempts, slept, retried, verdict],
        "seen": [list(entry) for entry in seen],
    }
    return "," + _ENCODE(data)[1:]


def _numbers(policy: Any) -> tuple[Any, ...]:
    """A policy as the row keeps it: its numbers in ``POLICY``'s order."""
    if isinstance(policy, Mapping):
        return tuple(policy[name] for name in POLICY)
    return tuple(policy)


_MOVING = ("next_at", "attempts", "slept", "retried", "verdict", "seen")
"""The fields a poll changes: first in ``_row``, last in the JSON."""
_FIXED = ("id", "waiter", "digest", "params", "policy", "start", "deadline", "seed", "hooks")
_PUBLIC = (*_MOVING, *_FIXED)
FIELDS = _PUBLIC
"""The fields in ``WaitState._row``'s order (the durable poll unpacks the row)."""
_MOVING_SET = frozenset(_MOVING)
_ENCODED = len(_PUBLIC)
_CACHE = _ENCODED + 1
_new = object.__new__


def _field(index: int) -> property:
    return property(lambda state: state._row[index])


for _index, _name in enumerate(_PUBLIC):
    setattr(WaitState, _name, _field(_index))
WaitState.policy = property(  # type: ignore[assignment]
    lambda state: dict(zip(POLICY, state._row[_PUBLIC.index("policy")]))
)
WaitState.seen = property(  # type: ignore[assignment]
    lambda state: tuple(map(tuple, state._row[_PUBLIC.index("seen")]))
)
WaitState._fields = _PUBLIC  # what repr, equality and hashing show


def _rebuilt(values: tuple[Any, ...]) -> WaitState:
    """A pickled state, back."""
    made: WaitState = _new(WaitState)
    set_field(made, "_row", (*values, [None]))
    return made


_KEYS = ("v", "id", "digest", "waiter", "params", "hooks", "policy", "began", "progress", "seen")
"""Schema 2's keys, in ``to_json``'s order."""
_READ = __import__("operator").itemgetter(*_KEYS)
_NUMBERS = frozenset(_NUMBER)
_VERDICTS = {None: "null", "retry": '"retry"', "success": '"success"', "failure": '"failure"'}
_ENCODE = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode
"""One encoder, made once (``json.dumps`` with options makes one per call)."""
_STRING = json.encoder.encode_basestring_ascii
"""How ``_ENCODE`` writes a string (ASCII, escaped)."""
