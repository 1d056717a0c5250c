"""``WaiterModel``: the compiled waiters of one source, and binding them to a client.

``get_waiter`` gives a blocking ``Waiter``, ``get_async_waiter`` an ``AsyncWaiter``;
each refuses an operation of the other kind with a message naming the right one.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from random import Random
from random import uniform as default_uniform
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterator

from .._core.errors import UnknownWaiterError
from .._core.frozen import Frozen, set_field
from .._core.operations import (
    accepted_parameters,
    find_operation,
    is_async_client,
    is_coroutine_function,
    real_name,
)
from .._core.text import did_you_mean
from .definitions import WaiterDefinition
from .options import check_sync_options
from .waiter import AsyncWaiter, Waiter

if TYPE_CHECKING:
    from tenacity.stop import StopBaseT
    from tenacity.wait import WaitBaseT

    from .events import Attempt
    from .options import Cancel


class CompiledOnUse(Mapping[str, WaiterDefinition]):
    """A file's waiters, each compiled (and validated) when first looked up.

    For large trusted files read to bind one waiter (botocore's shipped ``ec2`` file has
    over 60): botocore builds only the waiter asked for, and so does this. A waiter
    that is not valid raises ``DefinitionError`` at its first lookup.
    """

    __slots__ = ("_compile", "_compiled", "_raw", "_source")

    def __init__(
        self,
        raw: Mapping[str, Any],
        source: str,
        compile_one: Callable[[str, Any, str], WaiterDefinition],
    ) -> None:
        self._raw = raw
        self._source = source
        self._compile = compile_one
        self._compiled: dict[str, WaiterDefinition] = {}

    def __getitem__(self, name: str) -> WaiterDefinition:
        found = self._compiled.get(name)
        if found is None:
            found = self._compile(name, self._raw[name], self._source)
            self._compiled[name] = found  # a race compiles twice, to equal results
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class WaiterModel(Frozen):
    """Every waiter of one source (a file or a dict), compiled and ready to bind."""

    __slots__ = ("source", "waiters")

    source: str
    """The file path as given, or ``<dict>``."""
    waiters: Mapping[str, WaiterDefinition]
    """Compiled definitions by name (read-only)."""

    def __init__(self, source: str, waiters: Mapping[str, WaiterDefinition]) -> None:
        set_field(self, "source", source)
        lazy = isinstance(waiters, CompiledOnUse)  # must stay lazy: not copied
        set_field(self, "waiters", MappingProxyType(waiters if lazy else dict(waiters)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (WaiterModel, (self.source, dict(self.waiters)))

    @property
    def waiter_names(self) -> list[str]:
        """Waiter names, sorted (as botocore's ``WaiterModel.waiter_names``)."""
        return sorted(self.waiters)

    def definition(self, name: str) -> WaiterDefinition:
        """The waiter called ``name``; its snake_case form (``table_exists``) works too."""
        real = real_name(self.waiters, name)
        if real is not None:
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
        cancel: Cancel | None = None,
        retry_after: Callable[[Any], float | None] | None = None,
    ) -> Waiter:
        """Bind waiter ``name`` to ``client``'s blocking operation.

        Args:
            name: the waiter's name (``TableExists``, or ``table_exists``).
            client: an object whose methods are the operations (``describe_table``),
                or a mapping from operation name (``DescribeTable``) to a callable.
            sleep: replaces ``time.sleep`` (tests pass a fake; it is never called with 0).
            clock: replaces ``time.monotonic`` for ``elapsed`` and tenacity's time stops.
            wait: a tenacity wait strategy replacing the fixed ``delay``.
            stop: a tenacity stop strategy, combined with the limits: whichever fires
                first ends the wait.
            random: the random source of backoff jitter (``random.Random(seed)`` in tests).
            on_attempt: called with an ``Attempt`` after every call of the operation.
            cancel: a ``threading.Event``; setting it (from any thread) ends a wait at
                once, even mid-sleep, with ``WaitCancelledError``. Sleeps then wait on
                the event unless ``sleep`` is given.
            retry_after: a function of a response giving the least number of seconds
                before the next call, or None (a server's ``Retry-After``): the delay is
                then at least that, still cut to the deadline.

        An asynchronous operation (``async def``, an aiobotocore client) is a
        ``TypeError`` that points to ``get_async_waiter``.
        """
        definition, operation, where = self._bind(name, client)
        if is_coroutine_function(operation) or is_async_client(client):
            raise TypeError(
                f"{where}: {definition.operation} of {type(client).__name__} is asynchronous: "
                "use get_async_waiter() and await its wait()"
            )
        if sleep is None:
            check_sync_options(where, sleep=None, cancel=cancel)  # before cancel.wait is used
            sleep = time.sleep if cancel is None else cancel.wait
        return Waiter(
            definition,
            operation,
            **_common(definition, operation, sleep, clock, random),
            wait=wait,
            stop=stop,
            on_attempt=on_attempt,
            cancel=cancel,
            retry_after=retry_after,
        )

    def get_async_waiter(
        self,
        name: str,
        client: Any,
        *,
        sleep: Callable[[float], Awaitable[object]] | None = None,
        clock: Callable[[], float] | None = None,
        wait: WaitBaseT | None = None,
        stop: StopBaseT | None = None,
        random: Random | None = None,
        on_attempt: Callable[[Attempt], object] | None = None,
        retry_after: Callable[[Any], float | None] | None = None,
    ) -> AsyncWaiter:
        """Bind waiter ``name`` to ``client``'s asynchronous operation: any callable whose
        result is awaitable (``async def``, aiobotocore's client methods).

        Takes ``get_waiter``'s options but ``cancel`` (cancel the task instead); ``sleep``
        must be awaitable (default ``asyncio.sleep``). An operation that turns out not
        to return an awaitable is a ``TypeError`` at its first call.
        """
        definition, operation, _ = self._bind(name, client)
        if sleep is None:
            import asyncio  # only async users pay for importing asyncio

            sleep = asyncio.sleep
        return AsyncWaiter(
            definition,
            operation,
            **_common(definition, operation, sleep, clock, random),
            wait=wait,
            stop=stop,
            on_attempt=on_attempt,
            retry_after=retry_after,
        )

    def _bind(self, name: str, client: Any) -> tuple[WaiterDefinition, Callable[..., Any], str]:
        definition = self.definition(name)
        where = f"{self.source}: waiter {definition.name!r}"
        if definition.deprecated:
            warnings.warn(f"{where} is deprecated", DeprecationWarning, stacklevel=3)
        return definition, find_operation(client, definition.operation, where), where


def _common(
    definition: WaiterDefinition,
    operation: Callable[..., Any],
    sleep: Callable[[float], Any],
    clock: Callable[[], float] | None,
    random: Random | None,
) -> dict[str, Any]:
    """The arguments both kinds of waiter are made with, defaults applied."""
    return {
        "sleep": sleep,
        "clock": time.monotonic if clock is None else clock,
        "uniform": default_uniform if random is None else random.uniform,
        "acceptor_only": _acceptor_only(definition, operation),
    }


def _acceptor_only(definition: WaiterDefinition, operation: Callable[..., Any]) -> frozenset[str]:
    """Parameters acceptors read (``input.X``) that the operation does not take: the wait
    accepts them, the operation is called without them."""
    inputs = definition.inputs
    if not inputs:
        return inputs
    takes = accepted_parameters(operation)
    return frozenset() if takes is None else inputs - takes
