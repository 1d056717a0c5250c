"""What a durable wait's retried calls showed, counted (a ``WaitState`` keeps no raw
response): its ``seen`` entries, ``[key, value, count]``, put in words only for a
timeout's summary or a progress report.

``key`` is the index of the first acceptor that reads a path, with the value that path
selected (a plain value, or a short list of them, as JSON keeps it); ``"error"`` with
an error code; ``"http"`` with an HTTP status; or None with the words themselves (a
value too big or odd to keep, a matcher's own pairs, ``other values``, or a label a
schema 1 state counted). The words are ``Seen.labels``', so a timeout's summary says
exactly what ``wait()``'s says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .._core.text import brief
from .._errors import StateError
from .attempts import _FAILED, _NO_STATUS, _PLAIN, Seen, _Pairs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .attempts import Digest

LIMIT = 20
"""Distinct entries kept; what comes after is counted under ``other values``."""
OTHER = "other values"


class Counted:
    """A state's ``seen`` entries, and the retried calls of one poll added to them
    (copied on the first change: the state's own list is never changed)."""

    __slots__ = ("entries", "seen")

    LIMIT = LIMIT

    def __init__(self, seen: Seen, entries: list[Any]) -> None:
        self.seen = seen
        self.entries = entries
        for entry in entries:
            if type(entry[0]) is int and entry[0] not in seen.keys:
                raise StateError(
                    f"wait state: seen counts acceptor {entry[0]}, which reads no path"
                )

    def add(self, digest: Digest, call: int = 0) -> None:
        """One more call showed ``digest`` (``call``: its number, which counts need not
        know: a poll judges one call, and each is added)."""
        code, status, values = digest
        entries = self.entries.copy()
        if code is None and status is _NO_STATUS and len(values) == 1:  # one path alone
            value = values[0]
            if type(value) in _PLAIN:  # the usual call: a plain value
                _bump(entries, self.seen.paths[0][0], value)
                self.entries = entries
                return
        for tag, value in self._keys_of(digest):
            _bump(entries, tag, value)
        self.entries = entries

    def _keys_of(self, digest: Digest) -> list[tuple[Any, Any]]:
        """The keys of what ``digest`` showed, in ``Seen.labels``' order, each once."""
        code, status, values = digest
        found: list[tuple[Any, Any]] = []
        if code is not None:
            found.append(("error", code) if type(code) in _PLAIN else (None, f"error {code}"))
        if status is not _NO_STATUS:
            found.append(("http", status) if type(status) in _PLAIN else (None, f"HTTP {status}"))
        if any(type(value) is _Pairs for value in values):  # a matcher's own: by words
            return found + [(None, label) for label in self.seen.labels((None, _NO_STATUS, values))]
        for (index, argument, _, _), value in zip(self.seen.paths, values):
            if value is _FAILED:
                continue
            kind = type(value)
            key: tuple[Any, Any]
            if kind in _PLAIN or (kind is list and all(type(v) in _PLAIN for v in value)):
                key = (index, value)
            else:  # kept as its text (``_Text``), or a float: by its words
                key = (None, self.seen._label(argument, value))
            if not any(_same(key, other) for other in found):
                found.append(key)
        return found

    def counts(self, last: int = 0) -> dict[str, int]:
        """The labels counted, most common first (ties in the order first seen); ``last``,
        the last call's number, as ``Recent.counts`` takes it (every call is counted)."""
        said: dict[str, int] = {}
        for tag, value, count in self.entries:
            label = self.label(tag, value)
            said[label] = said.get(label, 0) + count
        return dict(Counter(said).most_common())

    def label(self, tag: Any, value: Any) -> str:
        """An entry's words, as ``Seen.labels`` says them."""
        if type(tag) is int:
            return self.seen._label(self.seen.keys[tag], value)
        if tag == "error":
            return f"error {value}"
        if tag == "http":
            return f"HTTP {value}"
        return str(value)


def said(seen: Seen | None, entries: Sequence[Sequence[Any]]) -> dict[str, int]:
    """A state's ``seen`` entries in words, counted (most common first); without the
    waiter's ``Seen``, a path's value is said by its acceptor's index."""
    if seen is None:
        counts: Counter[str] = Counter()
        for tag, value, count in entries:
            if type(tag) is int:
                counts[f"acceptor {tag}'s path = {brief(value)}"] += count
            else:
                counts[_WORDS.get(tag, "{}").format(value)] += count
        return dict(counts.most_common())
    return Counted(seen, [list(entry) for entry in entries]).counts()


_WORDS = {"error": "error {}", "http": "HTTP {}"}


def _bump(entries: list[Any], tag: Any, value: Any) -> None:
    """Count ``(tag, value)`` once more in ``entries`` (a new entry, once ``LIMIT``
    are kept, counts under ``other values``)."""
    kind = type(value)
    for i, entry in enumerate(entries):
        if (
            entry[0] == tag
            and type(entry[1]) is kind
            and entry[1] == value
            and (kind is not list or list(map(type, entry[1])) == list(map(type, value)))
        ):
            entries[i] = [tag, entry[1], entry[2] + 1]
            return
    if len(entries) >= LIMIT and (tag, value) != (None, OTHER):
        _bump(entries, None, OTHER)
        return
    entries.append([tag, value, 1])


def _same(one: tuple[Any, Any], other: tuple[Any, Any]) -> bool:
    return one[0] == other[0] and type(one[1]) is type(other[1]) and one[1] == other[1]
