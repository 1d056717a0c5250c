"""Compiled, immutable waiter definitions: what ``load()`` returns.

A ``WaiterModel`` holds ``WaiterDefinition`` objects; ``get_waiter`` binds one to a
client's operation and gives a ``Waiter`` (``_waiter.py``) that polls.
"""

from __future__ import annotations

import json
import threading
import time
import warnings
from collections.abc import Mapping
from random import Random
from random import uniform as _uniform
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable

from ._clients import is_coroutine_function, resolve_operation, xform_name
from ._errors import UnknownWaiterError, did_you_mean
from ._frozen import Frozen, _set
from ._matchers import Matcher, parse_jmespath, search

if TYPE_CHECKING:
    from tenacity.stop import StopBaseT
    from tenacity.wait import WaitBaseT

    from ._events import Attempt
    from ._waiter import AsyncWaiter, Waiter


class Acceptor(Frozen):
    """One acceptor: when ``matcher`` matches, the wait moves to ``state``."""

    __slots__ = ("index", "state", "matcher", "message", "_message_ast")

    index: int
    """Position in the waiter's ``acceptors`` list, counting from 0."""
    state: str
    """``success``, ``failure`` or ``retry``."""
    matcher: Matcher
    message: str | None
    """Smithy: a JMESPath over the response whose value becomes the failure reason."""
    _message_ast: Any

    def __init__(
        self, index: int, state: str, matcher: Matcher, message: str | None = None
    ) -> None:
        _set(self, "index", index)
        _set(self, "state", state)
        _set(self, "matcher", matcher)
        _set(self, "message", message)
        _set(self, "_message_ast", None if message is None else parse_jmespath(message))

    def reason(self, response: Any) -> str:
        """What a failure here says: the ``message`` value, else botocore's explanation."""
        if self._message_ast is not None:
            found = search(self._message_ast, response)
            if found is not None:
                return found if isinstance(found, str) else json.dumps(found, default=repr)
        return self.explanation

    @property
    def explanation(self) -> str:
        """botocore's wording, used in ``WaiterError`` reasons."""
        return self.matcher.explanation

    def describe(self) -> str:
        return f"{self.state} when {self.matcher.describe()}"


class WaiterDefinition(Frozen):
    """A validated, compiled waiter, not yet bound to a client.

    botocore's format gives ``delay`` and ``max_attempts``; Smithy's gives ``min_delay``
    and ``max_delay`` (jittered backoff) and no attempt limit (``max_attempts`` None):
    the caller's ``MaxWaitTime`` ends it.
    """

    __slots__ = (
        "name",
        "operation",
        "delay",
        "max_attempts",
        "description",
        "acceptors",
        "min_delay",
        "max_delay",
        "deprecated",
        "tags",
        "style",
    )

    name: str
    operation: str
    delay: float
    max_attempts: int | None
    description: str
    acceptors: tuple[Acceptor, ...]
    min_delay: float | None
    max_delay: float | None
    deprecated: bool
    tags: tuple[str, ...]
    style: str
    """``botocore`` or ``smithy``: the format it came from."""

    def __init__(
        self,
        name: str,
        operation: str,
        delay: float,
        max_attempts: int | None,
        description: str,
        acceptors: tuple[Acceptor, ...],
        *,
        min_delay: float | None = None,
        max_delay: float | None = None,
        deprecated: bool = False,
        tags: tuple[str, ...] = (),
        style: str = "botocore",
    ) -> None:
        _set(self, "name", name)
        _set(self, "operation", operation)
        _set(self, "delay", delay)
        _set(self, "max_attempts", max_attempts)
        _set(self, "description", description)
        _set(self, "acceptors", acceptors)
        _set(self, "min_delay", min_delay)
        _set(self, "max_delay", max_delay)
        _set(self, "deprecated", deprecated)
        _set(self, "tags", tags)
        _set(self, "style", style)

    @property
    def error_names(self) -> frozenset[str]:
        """Codes named by ``error`` / ``errorType`` acceptors: raised exceptions of these
        classes (or subclasses) are handled as error responses."""
        return frozenset(
            a.matcher.expected.rpartition("#")[2]  # errorType may give an absolute shape id
            for a in self.acceptors
            if a.matcher.name in ("error", "errorType") and isinstance(a.matcher.expected, str)
        )

    @property
    def longest_wait(self) -> float | None:
        """Seconds of sleeping when every attempt retries (None: the caller's deadline)."""
        if self.max_attempts is None:
            return None
        if self.min_delay is not None or self.max_delay is not None:
            return None  # jittered backoff: bounded by the caller's MaxWaitTime
        return (self.max_attempts - 1) * self.delay

    def describe(self) -> str:
        """The waiter in words: operation, acceptors, delay and the longest wait."""
        if self.min_delay is not None and self.max_delay is not None:
            every = (
                f"with jittered backoff from {_seconds(self.min_delay)} "
                f"to {_seconds(self.max_delay)}"
            )
        else:
            every = f"every {_seconds(self.delay)}"
        if self.max_attempts is None:
            limit = "until the caller's MaxWaitTime."
        elif self.longest_wait is None:
            limit = f"at most {self.max_attempts} times."
        else:
            limit = (
                f"at most {self.max_attempts} times "
                f"(up to {_seconds(self.longest_wait)} of sleeping)."
            )
        lines = [f"{self.name}: calls {self.operation} {every}, {limit}"]
        if self.deprecated:
            lines.append("Deprecated.")
        if self.description:
            lines.append(self.description)
        lines.append("Acceptors, first match wins:")
        lines.extend(f"  {a.index}. {a.describe()}" for a in self.acceptors)
        lines.append("Otherwise an error response fails at once and any other response retries.")
        return "\n".join(lines)


def _seconds(value: float) -> str:
    return f"{value:g} s"


class WaiterModel(Frozen):
    """Every waiter of one source (a file or a dict), compiled and ready to bind."""

    __slots__ = ("source", "waiters")

    source: str
    """The file path as given, or ``<dict>``."""
    waiters: Mapping[str, WaiterDefinition]
    """Compiled definitions by name (read-only)."""

    def __init__(self, source: str, waiters: Mapping[str, WaiterDefinition]) -> None:
        _set(self, "source", source)
        _set(self, "waiters", MappingProxyType(dict(waiters)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (WaiterModel, (self.source, dict(self.waiters)))

    @property
    def waiter_names(self) -> list[str]:
        """Waiter names, sorted (as botocore's ``WaiterModel.waiter_names``)."""
        return sorted(self.waiters)

    def definition(self, name: str) -> WaiterDefinition:
        """The waiter called ``name``; its snake_case form (``table_exists``) works too."""
        found = self.waiters.get(name)
        if found is not None:
            return found
        for real in self.waiters:
            if xform_name(real) == name:
                return self.waiters[real]
        raise UnknownWaiterError(
            f"{self.source}: no waiter named {name!r}{did_you_mean(name, self.waiters)}"
        )

    def get_waiter(
        self,
        name: str,
        client: Any,
        *,
        sleep: Callable[[float], object] | None = None,
        clock: Callable[[], float] | None = None,
        wait: WaitBaseT | None = None,
        stop: StopBaseT | None = None,
        random: Random | None = None,
        on_attempt: Callable[[Attempt], object] | None = None,
        cancel: threading.Event | None = None,
    ) -> Waiter:
        """Bind waiter ``name`` to ``client`` and return a ready ``Waiter``.

        When the operation is a coroutine function (aiobotocore, an async HTTP client),
        the result is an ``AsyncWaiter``: ``await waiter.wait(...)``. Its ``sleep``
        must return an awaitable (default ``asyncio.sleep``); cancel it with
        ``task.cancel()`` (``cancel=`` is for threads). For precise static types in
        async code, use ``get_async_waiter``.

        Args:
            name: the waiter's name (``TableExists``, or ``table_exists``).
            client: an object whose methods are the operations (``describe_table``),
                or a mapping from operation name (``DescribeTable``) to a callable.
            sleep: replaces ``time.sleep`` (tests pass a fake; it is never called with 0).
            clock: replaces ``time.monotonic`` for ``elapsed`` and tenacity's time stops.
            wait: a tenacity wait strategy replacing the fixed ``delay``.
            stop: a tenacity stop strategy, combined with the attempt limit by ``|``:
                whichever fires first ends the wait.
            random: the random source of backoff jitter (``random.Random(seed)`` in tests).
            on_attempt: called with an ``Attempt`` after every call of the operation.
            cancel: a ``threading.Event``; setting it (from any thread) ends a wait at
                once, even mid-sleep, with ``WaitCancelledError``. Sleeps then wait on
                the event unless ``sleep`` is given.
        """
        from ._waiter import AsyncWaiter, Waiter

        definition = self.definition(name)
        if definition.deprecated:
            warnings.warn(
                f"{self.source}: waiter {definition.name!r} is deprecated",
                DeprecationWarning,
                stacklevel=2,
            )
        operation = resolve_operation(client, definition.operation, self.source, definition.name)
        kind: type[Waiter] = Waiter
        if is_coroutine_function(operation):
            if cancel is not None:
                raise TypeError(
                    f"waiter {definition.name!r}: cancel= is for threads; cancel an async "
                    "wait with task.cancel()"
                )
            kind = AsyncWaiter
            if sleep is None:
                import asyncio  # only async users pay for importing asyncio

                sleep = asyncio.sleep
        return kind(
            definition,
            operation,
            sleep=_sleeper(sleep, cancel),
            clock=time.monotonic if clock is None else clock,
            wait=wait,
            stop=stop,
            uniform=_uniform if random is None else random.uniform,
            on_attempt=on_attempt,
            cancel=cancel,
        )

    def get_async_waiter(self, name: str, client: Any, **options: Any) -> AsyncWaiter:
        """``get_waiter`` for async code, typed as such: the operation must be a coroutine
        function. Takes the same keyword options."""
        waiter = self.get_waiter(name, client, **options)
        from ._waiter import AsyncWaiter

        if not isinstance(waiter, AsyncWaiter):
            raise TypeError(
                f"waiter {name!r}: operation {waiter.definition.operation} of "
                f"{type(client).__name__} is not a coroutine function"
            )
        return waiter


def _sleeper(
    sleep: Callable[[float], object] | None, cancel: threading.Event | None
) -> Callable[[float], object]:
    """The given sleep; else one the cancel event can cut short; else ``time.sleep``."""
    if sleep is not None:
        return sleep
    return time.sleep if cancel is None else cancel.wait
