"""Attempts: what one call gave (``Outcome``), what a waiter tells the world about it (an
``on_attempt`` hook, logging, a timeout's summary), and what a successful wait returns
(``WaitResult``).

One ``Attempt`` record per call of the operation goes to the waiter's ``on_attempt``
callback and, when DEBUG is enabled on the ``waitable`` logger, into one log record.
When a wait times out, its summary counts what the last attempts saw (error codes,
HTTP statuses, the value each path acceptor's expression selected): ``Recent`` keeps
those labels, never the responses.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping

from .._core.frozen import Frozen, set_field
from .._core.text import brief, counted
from .definitions import Acceptor, WaiterDefinition

TYPE_CHECKING = False
if TYPE_CHECKING:
    import logging
    from typing import Any, Callable, Optional, Tuple

LOGGER = "waitable"
"""The logger attempts are logged to, at DEBUG."""


class Attempt(Frozen):
    """One call of the operation and what the waiter made of it."""

    __slots__ = (
        "waiter",
        "number",
        "response",
        "error",
        "acceptor",
        "state",
        "elapsed",
        "next_delay",
        "seen",
    )

    waiter: str
    """The waiter's name."""
    number: int
    """1 for the first call."""
    response: Any
    """The response, or the error response the call raised or returned."""
    error: BaseException | None
    """The exception the operation raised, if it raised one."""
    acceptor: Acceptor | None
    """The acceptor that matched, or None."""
    state: str
    """``success``, ``failure`` or ``retry``: where this attempt leads."""
    elapsed: float
    """Seconds since the first call, at the response."""
    next_delay: float | None
    """Seconds until the next call, or None if this was the last."""
    seen: tuple[str, ...]
    """What the call showed: its error code, HTTP status, and what each path the
    acceptors read selected (``'`Table.TableStatus` = "CREATING"'``)."""

    def __init__(
        self,
        waiter: str,
        number: int,
        response: Any,
        error: BaseException | None,
        acceptor: Acceptor | None,
        state: str,
        elapsed: float,
        next_delay: float | None,
        seen: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "waiter", waiter)
        set_field(self, "number", number)
        set_field(self, "response", response)
        set_field(self, "error", error)
        set_field(self, "acceptor", acceptor)
        set_field(self, "state", state)
        set_field(self, "elapsed", elapsed)
        set_field(self, "next_delay", next_delay)
        set_field(self, "seen", seen)

    def describe(self) -> str:
        """One line: ``TableExists attempt 3: retry, next in 20 s; saw `Table.TableStatus`
        = "CREATING"`` (the acceptor that matched, in brackets, when one did)."""
        why = f" ({self.acceptor.matcher.describe()})" if self.acceptor is not None else ""
        after = "" if self.next_delay is None else f", next in {self.next_delay:.3g} s"
        shown = [x for x in self.seen if not (x.startswith("error ") and x[6:] in why)]
        saw = f"; saw {', '.join(shown)}" if shown else ""  # an error code is said once
        return f"{self.waiter} attempt {self.number}: {self.state}{why}{after}{saw}"


if TYPE_CHECKING:
    AttemptHook = Callable[[Attempt], object]
    """An ``on_attempt`` callback: called with each ``Attempt``, its return value ignored."""


def attempt_listener(on_attempt: AttemptHook | None) -> AttemptHook | None:
    """What to call per attempt for this wait (the hook, a DEBUG log record, or both),
    or None when nobody listens."""
    logger = _logger()
    logs = logger is not None and logger.isEnabledFor(10)  # logging.DEBUG
    if on_attempt is None:
        return _log if logs else None
    if not logs:
        return on_attempt

    def both(attempt: Attempt) -> None:
        _log(attempt)
        on_attempt(attempt)

    return both


def _logger() -> logging.Logger | None:
    """The ``waitable`` logger, or None in a program that never imported ``logging``:
    nobody configured a handler there, so no record could show (and the command starts
    without paying for the import). Found once: ``getLogger`` takes a lock each call."""
    global _found
    if _found is None:
        if "logging" not in sys.modules:
            return None
        import logging  # waits for a thread still importing it (partly initialised)

        _found = logging.getLogger(LOGGER)
    return _found


_found: logging.Logger | None = None


def _log(attempt: Attempt) -> None:
    logger = _logger()
    assert logger is not None  # attempt_listener found it
    logger.debug(
        "%s",
        attempt.describe(),
        extra={
            "waiter": attempt.waiter,
            "attempt": attempt.number,
            "state": attempt.state,
            "seen": attempt.seen,
        },
    )


WINDOW = 100
"""How many retried outcomes a timeout's summary covers (memory stays bounded)."""


class Seen:
    """What the paths of a definition's acceptors read, kept cheaply per retried call and
    put in words only when read (a timeout's summary, ``Attempt.seen``, a progress line).

    ``digest(response, codes, params, got)`` is a plain tuple: the error code, the HTTP
    status, and each distinct path's value (plain values and short lists as they are,
    anything bigger as its text: a wait never keeps a response). ``got``: what the
    acceptors have just read of this response, one slot per path (``UNREAD`` where they
    did not), which is not searched again. ``labels(digest)`` gives ``error X``,
    ``HTTP 200``, "`path` = value"."""

    __slots__ = ("paths", "keys", "_said")

    def __init__(self, definition: WaiterDefinition) -> None:
        self.paths: tuple[tuple[int, str, Any, Any], ...] = path_slots(definition)
        self.keys = {index: argument for index, argument, _, _ in self.paths}
        """The index of the first acceptor that reads each path, to the path's text (a
        durable wait's ``seen`` counts a path's values by it)."""
        self._said: dict[tuple[Any, ...], str] = {}  # a wait's values recur: said once

    def _kept(self, slot: int, value: Any, response: Any, params: Any) -> Any:
        """What a digest keeps in ``slot``: ``value``, or the path's reading if UNREAD."""
        if value is UNREAD:
            _, _, path, matcher = self.paths[slot]
            try:
                if path is not None:  # a path over the response itself
                    value = path.evaluate(response)
                else:
                    value = _Pairs(matcher.shown(response, params))
            except Exception:
                return _FAILED
        return _small(value)

    def digest(
        self, response: Any, codes: Any, params: Any, got: list[Any] | None = None
    ) -> Digest:
        """What a call showed: ``(error code or None, HTTP status, values)``; ``got``: the
        values the acceptors have read (changed in place). Each retried call makes one:
        the values are made here, inline (the usual ones are plain, or short lists)."""
        status = status_of(response)
        if codes is not None:
            return (codes[0], status, ())
        if got is None:
            got = [UNREAD] * len(self.paths)
        for i, value in enumerate(got):
            kind = type(value)
            if kind not in _PLAIN:
                if kind is list and len(value) <= 8:
                    for item in value:
                        if type(item) not in ITEMS:
                            got[i] = _small(value)
                            break
                else:
                    got[i] = self._kept(i, value, response, params)
        return (None, status, tuple(got))

    def labels(self, digest: Digest) -> list[str]:
        code, status, values = digest
        found = []
        if code is not None:
            found.append(f"error {code}")
        if status is not _NO_STATUS:
            found.append(f"HTTP {status}")
        for (_, argument, _, _), value in zip(self.paths, values):
            if value is _FAILED:
                continue
            pairs = value if type(value) is _Pairs else ((argument, value),)
            for path_text, shown in pairs:
                label = self._label(path_text, shown)
                if label not in found:
                    found.append(label)
        return found

    def path_labels(self, response: Any, params: Any) -> list[str]:
        """What the paths read of one response, in words (a progress line)."""
        code, _, values = self.digest(response, None, params)
        return self.labels((code, _NO_STATUS, values))

    def _label(self, path: str, value: Any) -> str:
        if type(value) is _Text:
            return f"`{path}` = {value}"
        key = _key(path, value)
        label = self._said.get(key) if key is not None else None
        if label is None:
            label = f"`{path}` = {brief(value)}"
            if key is not None:
                if len(self._said) >= 256:
                    self._said.clear()
                self._said[key] = label
        return label


def path_slots(definition: WaiterDefinition) -> tuple[tuple[int, str, Any, Any], ...]:
    """The distinct paths a definition's acceptors read, in the order they are first
    read: ``(first acceptor's index, path text, its compiled path over the response or
    None, that acceptor's matcher)``; a digest keeps one value per slot."""
    paths: dict[str, Any] = {}
    for acceptor in definition.acceptors:
        matcher = acceptor.matcher
        if matcher.argument is not None and matcher.argument not in paths:
            argument = matcher.argument
            paths[argument] = (acceptor.index, argument, matcher.plain_path, matcher)
    return tuple(paths.values())


UNREAD: Any = object()
"""In what the acceptors read of a response: a path they did not read."""


def http_status(response: Any, default: Any = None) -> Any:
    """A botocore-style response's ``ResponseMetadata.HTTPStatusCode``, else ``default``."""
    if type(response) is dict or isinstance(response, Mapping):
        metadata = response.get("ResponseMetadata")
        if type(metadata) is dict or isinstance(metadata, Mapping):
            return metadata.get("HTTPStatusCode", default)
    return default


if TYPE_CHECKING:
    Digest = Tuple[Any, Any, Tuple[Any, ...]]
    """What one call showed, unformatted: ``(error code or None, HTTP status, values)``."""


class _Pairs(tuple):  # type: ignore[type-arg]
    """A matcher's own ``(path, value)`` pairs (``inputOutput``), in a digest."""


class _Text(str):
    """A value too big to keep, kept as its text (``brief``), in a digest."""


_FAILED = object()
_NO_STATUS = object()
_PLAIN = frozenset({str, int, bool, type(None)})
ITEMS = _PLAIN | {float}
"""The values a digest keeps as they are read, alone or in a short list (``[0.5]``; their
equality is ``==``: a call that reads ``[1]`` after ``[1.0]`` shows the same). Only such
readings are compared with another call's (``step``): a value of another type may equal
them (``Decimal(1) == 1``) or answer ``==`` with no truth value (an array)."""


def status_of(response: Any) -> Any:
    """A response's HTTP status as a digest keeps it (a sentinel when it has none)."""
    if type(response) is dict:  # the usual case, inline
        metadata = response.get("ResponseMetadata", _NO_STATUS)
        if type(metadata) is dict:
            return metadata.get("HTTPStatusCode", _NO_STATUS)
        if metadata is _NO_STATUS:
            return _NO_STATUS
    return http_status(response, _NO_STATUS)


def _small(value: Any) -> Any:
    """``value`` as a digest keeps it: plain values and short lists as they are (they
    repeat, and are cheap to hold), anything bigger as its text."""
    kind = type(value)
    if kind is list:
        if len(value) <= 8:
            for item in value:
                if type(item) not in ITEMS:
                    break
            else:
                return value
    elif kind in _PLAIN or kind is float or value is _FAILED:
        return value
    if kind is _Pairs:
        return _Pairs((path, _small(v)) for path, v in value)
    return _Text(brief(value))


def _key(path: str, value: Any) -> tuple[Any, ...] | None:
    """``(path, value)`` as a key when the value is plain (or a short list of plain
    values, a projection's): its label is made once, not at every retried call."""
    kind = type(value)
    if kind in _PLAIN:
        return (path, kind, value)  # True and 1 are equal keys, not equal labels
    if kind is list:  # (a float by its text: -0.0 == 0.0)
        return (path, list, tuple((type(v), repr(v) if type(v) is float else v) for v in value))
    return None


class Recent:
    """What the last ``WINDOW`` retried calls of a ``wait()`` showed, put in words at a
    timeout. Kept as runs: the number of the call that began each run of equal digests,
    and that digest (a few small values, never the response: a 50 KB DescribeInstances
    response kept 100 times would be 5 MB per wait). A run lasts until the next begins,
    so hours of the same answer hold one run, and a call like the last adds nothing."""

    __slots__ = ("seen", "runs")

    def __init__(self, seen: Seen) -> None:
        self.seen = seen
        self.runs: list[tuple[int, Digest]] = []

    def add(self, digest: Digest, call: int) -> None:
        """Retried call number ``call`` showed ``digest``, unlike the call before it."""
        runs = self.runs
        runs.append((call, digest))
        while len(runs) > 1 and runs[1][0] <= call - WINDOW + 1:  # ended before the window
            del runs[0]

    def counts(self, last: int) -> dict[str, int]:
        """The labels counted over the window that ends at call ``last``, most common
        first (ties in the order first seen)."""
        found: Counter[str] = Counter()
        labels, runs, first = self.seen.labels, self.runs, last - WINDOW + 1
        for i, (begun, digest) in enumerate(runs):
            ended = runs[i + 1][0] - 1 if i + 1 < len(runs) else last
            calls = ended - max(begun, first) + 1
            if calls > 0:
                for label in labels(digest):
                    found[label] += calls
        return dict(found.most_common())


def summary_note(counts: Mapping[str, int], attempts: int) -> str:
    """The note added to a timeout error."""
    if not counts:
        return "Observed: nothing to report."
    span = f"the last {WINDOW} of " if attempts > WINDOW else ""
    lines = [f"Observed over {span}{counted(attempts, 'attempt')}:"]
    lines.extend(f"  {count} x {label}" for label, count in counts.items())
    return "\n".join(lines)


if TYPE_CHECKING:
    Outcome = Tuple[Any, Optional[Tuple[Any, ...]], Optional[Exception]]
    """One call's result, as a plain triple (the hot path builds one per attempt):

    * the response: what the operation returned, or the error response it raised;
    * its codes: None for a normal response; for an error response, the codes it answers
      to, ``(Error.Code,)`` then the class names of the exception raised, if any;
    * the exception the operation raised, if it raised one.
    """


ANY_ERROR = "*"
"""In the names a waiter handles: every exception (Smithy ``success: false``)."""

_ROOTS = (Exception, BaseException, object)


def code_of(code: Any) -> Any:
    """An error code as acceptors compare it: a Smithy shape id by its name part
    (``smithy.example#NotFound`` is ``NotFound``). The one rule for codes and for the
    ``expected`` of ``error`` and ``errorType`` acceptors alike."""
    return code.rpartition("#")[2] if isinstance(code, str) else code


def returned(response: Any) -> Outcome:
    """A returned response; a dict whose ``Error`` holds a ``Code`` is an error response."""
    if type(response) is dict:
        error = response.get("Error")
        if type(error) is dict and "Code" in error:
            return (response, (code_of(error["Code"]),), None)
    elif response is not None and isinstance(response, Mapping):  # (None: no ABC check)
        try:  # a mapping of the caller's own, which may fail to read: the acceptors say so
            error = response.get("Error")
            if isinstance(error, Mapping) and "Code" in error:
                return (response, (code_of(error["Code"]),), None)
        except Exception:
            pass
    return (response, None, None)


def raised(exc: Exception, named: frozenset[str]) -> Outcome | None:
    """A raised exception as an outcome, or None if it is not ours to handle.

    An exception carrying a botocore-style ``response`` (``ClientError`` and look-alikes)
    is that error response. Any other exception is handled only if an acceptor names its
    class or one of its bases short of Python's roots (``Exception`` names none), or one
    takes any error (``ANY_ERROR`` in ``named``). Its codes are those class names.
    """
    class_names = tuple(cls.__name__ for cls in type(exc).__mro__ if cls not in _ROOTS)
    try:
        response = getattr(exc, "response", None)
    except Exception:  # a property that raises: no response to read
        response = None
    if isinstance(response, Mapping):
        error = response.get("Error")
        if isinstance(error, Mapping) and "Code" in error:
            return (response, (code_of(error["Code"]), *class_names), exc)
    if ANY_ERROR not in named and named.isdisjoint(class_names):
        return None
    codes = class_names or (type(exc).__name__,)  # a bare Exception: its own name
    return ({"Error": {"Code": codes[0], "Message": _text(exc)}}, codes, exc)


def _text(exc: BaseException) -> str:
    """``str(exc)``, or what can be said of an exception whose ``__str__`` fails."""
    try:
        return str(exc)
    except Exception as failure:
        return f"<{type(exc).__name__}: str() raised {type(failure).__name__}>"


def raised_or_reraise(exc: Exception, named: frozenset[str]) -> Outcome:
    """``raised(exc)``, or ``exc`` itself raised again when no acceptor handles it."""
    handled = raised(exc, named)
    if handled is None:
        raise exc
    return handled


_DATA = (Mapping, list, tuple, str, int, float, type(None))


def is_data(value: Any) -> bool:
    """JSON-like data that JMESPath can read (bool is an int)."""
    return isinstance(value, _DATA)


class WaitResult(Frozen):
    """What a successful wait saw last."""

    __slots__ = ("response", "attempts", "elapsed", "acceptor")

    response: Any
    """The final response: the one the success acceptor matched."""
    attempts: int
    """How many times the operation was called."""
    elapsed: float
    """Seconds from the first call to the last response."""
    acceptor: Acceptor
    """The acceptor that matched."""

    def __init__(self, response: Any, attempts: int, elapsed: float, acceptor: Acceptor) -> None:
        set_field(self, "response", response)
        set_field(self, "attempts", attempts)
        set_field(self, "elapsed", elapsed)
        set_field(self, "acceptor", acceptor)
