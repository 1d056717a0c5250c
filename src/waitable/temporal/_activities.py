"""The activities: the only place a Temporal wait calls the operation and judges it.

Both take a wait state's JSON. ``poll`` polls once and returns the step; the workflow
sleeps on a durable timer and calls it again. ``poll_until_done`` polls once and, when
the wait goes on, records the next state as the attempt's heartbeat details and fails
with a retryable error whose ``next_retry_delay`` is the next delay: Temporal retries it
then, with the details the next attempt reads, and no history event per poll.
"""

from __future__ import annotations

import asyncio
import datetime
import time
from collections.abc import Iterable
from typing import Any, Callable, Optional, TypedDict, Union

from temporalio import activity
from temporalio.exceptions import ApplicationError, ApplicationErrorCategory

from .._core.operations import import_name
from .._errors import ConfigError, WaiterError
from .._resume import Resolver, error_details, resume
from .._waiters.durable import Step
from .._waiters.jsondata import jsonable
from .._waiters.state import WaitState
from .._waiters.waiter import AsyncWaiter

POLL = "waitable.poll"
"""The name of the activity that polls once and returns the step (the timer loop's)."""

POLL_UNTIL_DONE = "waitable.poll_until_done"
"""The name of the activity Temporal retries until the wait ends (the retry variant's)."""

PENDING = "WaitPending"
"""The type of the retryable error ``poll_until_done`` fails with while the wait goes on."""


class PollResult(TypedDict):
    """What a poll gives the workflow, as JSON data: ``done``; the ``verdict`` of its
    call (``success``, ``failure``, ``retry``, or None when it made none); ``attempts``
    (calls made); the next ``state`` (JSON text); ``next_delay`` (seconds, None when
    done); the final ``response`` (JSON data) or the ``error`` that ended the wait
    (``type``, ``message``, ``details``: ``error_details``'s fields)."""

    done: bool
    verdict: Optional[str]
    attempts: int
    state: str
    next_delay: Optional[float]
    response: Any
    error: Optional[dict[str, Any]]


def result_of(step: Step) -> PollResult:
    """A step as JSON data (``PollResult``)."""
    response: Any = None
    error = None
    if step.done:
        try:
            response = jsonable(step.result().response)
        except WaiterError as ended:
            error = {
                "type": type(ended).__name__,
                "message": str(ended),
                "details": error_details(ended),
            }
    return {
        "done": step.done,
        "verdict": step.verdict,
        "attempts": step.state.attempts,
        "state": step.state.to_json(),
        "next_delay": step.next_delay,
        "response": response,
        "error": error,
    }


class Polls:
    """The waitable activities of one worker, bound to how it finds waiters and
    clients: pass ``polls.activities()`` to ``temporalio.worker.Worker``.

    ``resolver``: the client for a waiter reference (``waitable.resume``), a callable or
    ``"module:name"`` imported on first use; ``files``: waiter files a state may name;
    ``adopt``: go on with states made for an older definition; ``awaited``: bind waiters
    to asynchronous clients (a resolver giving aiobotocore clients), awaited on the
    worker's event loop (otherwise a poll runs in a thread, its client blocking).
    ``clock``: epoch seconds; by default the Temporal server's time at the attempt's
    start (plus the time since on the worker), so every worker judges a wait by one
    clock and a time-skipping test server's time is the wait's time."""

    def __init__(
        self,
        resolver: Union[Resolver, str, None] = None,
        *,
        files: Iterable[str] = (),
        adopt: bool = False,
        awaited: bool = False,
        clock: Optional[Callable[[], float]] = None,
    ) -> None:
        if resolver is not None and not isinstance(resolver, str) and not callable(resolver):
            raise ConfigError(f"Polls(): resolver= {resolver!r} is not callable")
        if clock is not None and not callable(clock):
            raise ConfigError(f"Polls(): clock= {clock!r} is not callable")
        self._resolver_spec = resolver
        self._resolver: Optional[Resolver] = None
        self.files = tuple(files)
        self.adopt = adopt
        self.awaited = awaited
        self.clock = clock

    def activities(self) -> list[Callable[..., Any]]:
        """Both activities, for ``Worker(activities=...)``."""
        return [self.poll, self.poll_until_done]

    @activity.defn(name=POLL)
    async def poll(self, state_json: str) -> PollResult:
        """Poll the wait once; the step (``PollResult``)."""
        entered = time.monotonic()
        return result_of(await self._step(_read(state_json), entered))

    @activity.defn(name=POLL_UNTIL_DONE)
    async def poll_until_done(self, state_json: str) -> PollResult:
        """Poll the wait once, from the state the last attempt left; the last step when
        the wait ends, else a retryable ``WaitPending`` error due after the next delay."""
        entered = time.monotonic()
        state = _read(state_json)
        details = activity.info().heartbeat_details
        if details:
            carried = _read(details[0])
            if carried.id != state.id:
                raise ApplicationError(
                    f"wait {state.id}: the last attempt left the state of wait {carried.id}",
                    type="StateError",
                    non_retryable=True,
                )
            if carried.attempts >= state.attempts:
                state = carried
        step = await self._step(state, entered)
        if step.done:
            return result_of(step)
        going_on = step.state.to_json()
        activity.heartbeat(going_on)  # sent with this attempt's failure
        delay = max(step.next_delay or 0.0, 0.001)
        raise ApplicationError(
            f"wait {state.id}: {step.state.attempts} calls, the last {step.verdict or 'none'}"
            f"; polled again in {delay:.3f} s",
            type=PENDING,
            next_retry_delay=datetime.timedelta(seconds=delay),
            category=ApplicationErrorCategory.BENIGN,  # expected: logged at debug level
        )

    async def _step(self, state: WaitState, entered: float) -> Step:
        try:
            resolver, files = self.resolver, self.files
            if self.awaited:  # asynchronous clients belong to this event loop
                waiter = resume(state, resolver=resolver, files=files, awaited=True)
            else:  # making a client may block
                waiter = await asyncio.to_thread(resume, state, resolver=resolver, files=files)
            now = self._now(entered)
            if isinstance(waiter, AsyncWaiter):
                return await waiter.poll(state, now=now, adopt=self.adopt)
            return await asyncio.to_thread(waiter.poll, state, now=now, adopt=self.adopt)
        except ApplicationError:
            raise
        except Exception as exc:  # the wait ends with it, as wait() would end
            raise ApplicationError(
                f"wait {state.id}: {exc}", type=type(exc).__name__, non_retryable=True
            ) from exc

    @property
    def resolver(self) -> Optional[Resolver]:
        """The resolver, imported on first use when given by name."""
        if self._resolver is None and self._resolver_spec is not None:
            spec = self._resolver_spec
            found = import_name(spec) if isinstance(spec, str) else spec
            if not callable(found):
                raise ConfigError(f"Polls(): resolver= {spec!r} is not callable")
            self._resolver = found
        return self._resolver

    def _now(self, entered: float) -> float:
        if self.clock is not None:
            return float(self.clock())
        started = activity.info().started_time.timestamp()
        return started + (time.monotonic() - entered)


def _read(state_json: Any) -> WaitState:
    if not isinstance(state_json, str):
        raise ApplicationError(
            f"a waitable activity takes a wait state's JSON text, not {type(state_json).__name__}",
            type="StateError",
            non_retryable=True,
        )
    try:
        return WaitState.from_json(state_json)
    except Exception as exc:
        raise ApplicationError(str(exc), type=type(exc).__name__, non_retryable=True) from None
