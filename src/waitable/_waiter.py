"""The poll loop: call, match, then stop, sleep or return.

The loop is botocore's algorithm driven by tenacity's strategy objects. It does not run
inside ``tenacity.Retrying``: that loop costs about three times as much per attempt
as the rest of an attempt together (see README, "Performance"). The strategies see a
real ``RetryCallState`` in the order tenacity uses them: ``wait`` first (so
``upcoming_sleep`` is known), then ``stop``.

The decisions live in one place, free of I/O: ``Waiter._judge`` is a generator that is
sent each call's outcome and yields the delay before the next call. ``Waiter.wait``
drives it with blocking calls and sleeps; ``AsyncWaiter.wait`` with awaited ones.
"""

from __future__ import annotations

import random
import threading
from collections import deque
from collections.abc import Mapping
from typing import Any, Awaitable, Callable, Generator, Tuple, Union, cast

from tenacity import Future, RetryCallState
from tenacity.stop import StopBaseT
from tenacity.wait import WaitBaseT

from ._errors import (
    ConfigError,
    FailureStateError,
    UnexpectedResponseError,
    WaitCancelledError,
    WaiterError,
    WaiterTimeoutError,
    add_note,
)
from ._events import Attempt, Observer, observer
from ._frozen import Frozen, _set
from ._model import Acceptor, WaiterDefinition
from ._policy import UNLIMITED, Policy

SUMMARY_WINDOW = 100  # how many retried responses a timeout's summary covers


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
        _set(self, "response", response)
        _set(self, "attempts", attempts)
        _set(self, "elapsed", elapsed)
        _set(self, "acceptor", acceptor)


class _AttemptState(RetryCallState):
    """tenacity's RetryCallState; ``outcome`` is built only if a strategy reads it.

    A tenacity ``Future`` takes a lock to create; most strategies never look at it.
    """

    _value: Any = None
    _raised: BaseException | None = None
    _outcome: Future | None = None

    @property
    def outcome(self) -> Future | None:
        if self._outcome is None and self.outcome_timestamp is not None:
            raised = self._raised
            self._outcome = Future.construct(
                self.attempt_number, self._value if raised is None else raised, raised is not None
            )
        return self._outcome

    @outcome.setter
    def outcome(self, value: Future | None) -> None:
        self._outcome = value


# What one call gave: (response, error codes or None, the exception it raised or None).
Outcome = Tuple[Any, Union[Tuple[Any, ...], None], Union[Exception, None]]


def returned(response: Any) -> Outcome:
    """A returned response; a dict whose ``Error`` holds a ``Code`` is an error response."""
    if type(response) is dict or isinstance(response, Mapping):
        error = response.get("Error")
        if isinstance(error, Mapping) and "Code" in error:
            return response, (error["Code"],), None
    return response, None, None


def raised(exc: Exception, named: frozenset[str]) -> Outcome | None:
    """A raised exception as an outcome, or None if it is not ours to handle.

    An exception carrying a botocore-style ``response`` (``ClientError`` and look-alikes)
    is that error response. Any other exception is handled only if an ``error`` acceptor
    names its class or a base class; its codes are the class names of its MRO.
    """
    class_names = tuple(cls.__name__ for cls in type(exc).__mro__)
    response = getattr(exc, "response", None)
    if isinstance(response, Mapping):
        error = response.get("Error")
        if isinstance(error, Mapping) and "Code" in error:
            return response, (error["Code"], *class_names), exc
    if named.isdisjoint(class_names):
        return None
    return {"Error": {"Code": class_names[0], "Message": str(exc)}}, class_names, exc


def raised_or_reraise(exc: Exception, named: frozenset[str]) -> Outcome:
    """``raised(exc)``, or ``exc`` itself raised again when no acceptor handles it."""
    handled = raised(exc, named)
    if handled is None:
        raise exc
    return handled


CANCELLED: Any = object()  # sent to the judge instead of an outcome: the caller cancelled


class _SelfDescribing:
    """``waiter.__doc__`` is the waiter's own description; ``Waiter.__doc__`` the class's."""

    def __init__(self, class_doc: str) -> None:
        self.class_doc = class_doc

    def __get__(self, waiter: Waiter | None, owner: type) -> str:
        return self.class_doc if waiter is None else waiter.describe()


class Waiter:
    """A waiter bound to one operation: ``wait(**params)`` polls it until done.

    Immutable and free of per-call state: one Waiter may serve many threads at once.
    """

    __slots__ = (
        "_cancel",
        "_checks",
        "_clock",
        "_named",
        "_on_attempt",
        "_policy",
        "_sleep",
        "definition",
        "operation",
    )

    definition: WaiterDefinition
    operation: Callable[..., Any]
    _sleep: Callable[[float], Any]
    _clock: Callable[[], float]
    _policy: Policy
    _checks: tuple[tuple[Callable[[Any, Any, Any], bool], Acceptor], ...]
    _named: frozenset[str]
    _on_attempt: Observer | None
    _cancel: threading.Event | None

    def __init__(
        self,
        definition: WaiterDefinition,
        operation: Callable[..., Any],
        *,
        sleep: Callable[[float], Any],
        clock: Callable[[], float],
        wait: WaitBaseT | None = None,
        stop: StopBaseT | None = None,
        uniform: Callable[[float, float], float] = random.uniform,
        on_attempt: Observer | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        setter = object.__setattr__
        setter(self, "definition", definition)
        setter(self, "operation", operation)
        setter(self, "_sleep", sleep)
        setter(self, "_clock", clock)
        setter(self, "_on_attempt", on_attempt)
        setter(self, "_cancel", cancel)
        setter(
            self,
            "_policy",
            Policy(
                definition.delay,
                UNLIMITED if definition.max_attempts is None else definition.max_attempts,
                min_delay=definition.min_delay,
                max_delay=definition.max_delay,
                custom_wait=wait,
                custom_stop=stop,
                uniform=uniform,
            ),
        )
        # (bound matcher, acceptor) pairs: one attribute lookup less per acceptor tried.
        setter(self, "_checks", tuple((a.matcher.matches, a) for a in definition.acceptors))
        setter(self, "_named", definition.error_names)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    @property
    def name(self) -> str:
        return self.definition.name

    def describe(self) -> str:
        """The waiter in words: operation, acceptors, delay and the longest wait."""
        return self.definition.describe()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.definition.name} -> {self.definition.operation}>"

    def wait(self, **params: Any) -> WaitResult:
        """Call the operation with ``params`` until an acceptor settles the wait.

        ``WaiterConfig={"Delay": seconds, "MaxAttempts": n, ...}`` overrides the
        definition for this call, as in botocore. Returns a ``WaitResult``; raises a
        ``WaiterError`` subclass when the wait fails, runs out or is cancelled.
        """
        judge = self._judge(params)
        operation, named, sleep, cancel = self.operation, self._named, self._sleep, self._cancel
        delay = next(judge)
        while True:
            if delay > 0:
                sleep(delay)
            if cancel is not None and cancel.is_set():
                judge.send(CANCELLED)  # raises WaitCancelledError
            try:
                outcome = returned(operation(**params))
            except Exception as exc:
                outcome = raised_or_reraise(exc, named)
            try:
                delay = judge.send(outcome)
            except StopIteration as done:
                return cast(WaitResult, done.value)

    def _judge(self, params: dict[str, Any]) -> Generator[float, Outcome, WaitResult]:
        """Every decision of one wait, free of I/O.

        Yields the delay before each call (0 before the first), is sent the call's
        ``Outcome`` (or ``CANCELLED``), returns the ``WaitResult`` or raises the error.
        """
        policy = self._policy
        config = params.pop("WaiterConfig", None)
        if config is not None:
            policy = policy.with_config(config, self.definition.name)
        if policy.max_attempts == UNLIMITED and policy.max_wait is None:
            raise ConfigError(
                f"waiter {self.definition.name!r} ({self.definition.style} format) has no "
                "attempt limit: give WaiterConfig={'MaxWaitTime': seconds}"
            )
        stop, wait, checks = policy.stop, policy.wait, self._checks
        clock, name = self._clock, self.definition.name
        observe = observer(self._on_attempt)
        seen: deque[tuple[Any, Any]] = deque(maxlen=SUMMARY_WINDOW)  # for a timeout's summary

        state = _AttemptState(cast(Any, None), None, (), params)
        start = state.start_time = clock()
        retried: Acceptor | None = None  # the retry acceptor that matched last
        response: Any = None
        outcome = yield 0.0
        while True:
            if outcome is CANCELLED:
                raise WaitCancelledError(
                    name,
                    "Cancelled",
                    response,
                    attempts=state.attempt_number - 1,
                    elapsed=clock() - start,
                    acceptor=retried,
                )
            response, codes, error = outcome
            now = clock()
            matched: Acceptor | None = None
            for matches, acceptor in checks:
                if matches(response, codes, params):
                    matched = acceptor
                    break
            if matched is not None:
                verdict = matched.state
            else:  # botocore: an unmatched error response fails, anything else retries
                verdict = "failure" if codes is not None else "retry"

            next_delay: float | None = None
            if verdict == "retry":
                seen.append((response, codes))
                if matched is not None:
                    retried = matched
                state.outcome_timestamp = now
                state._value, state._raised, state._outcome = response, error, None
                delay = wait(state)  # tenacity's order: wait first, so stop sees it
                state.upcoming_sleep = delay
                if not stop(state):
                    next_delay = delay
            if observe is not None:
                observe(
                    Attempt(
                        name,
                        state.attempt_number,
                        response,
                        error,
                        matched,
                        verdict,
                        now - start,
                        next_delay,
                    )
                )
            if next_delay is None:
                ending = self._ending(
                    verdict, state, policy, response, now - start, matched, retried, seen
                )
                if isinstance(ending, WaitResult):
                    return ending
                raise ending from error
            state.idle_for += next_delay
            state.attempt_number += 1
            state.outcome_timestamp = None
            outcome = yield next_delay

    def _ending(
        self,
        verdict: str,
        state: RetryCallState,
        policy: Policy,
        response: Any,
        elapsed: float,
        matched: Acceptor | None,
        retried: Acceptor | None,
        seen: deque[tuple[Any, Any]],
    ) -> WaitResult | WaiterError:
        """How a wait ends: its result, or the error to raise."""
        name, attempts = self.definition.name, state.attempt_number
        if verdict == "success":
            assert matched is not None
            return WaitResult(response, attempts, elapsed, matched)
        if verdict == "failure":
            if matched is None:
                error = response["Error"]
                return UnexpectedResponseError(
                    name,
                    f"An error occurred ({error.get('Code', 'Unknown')}): "
                    f"{error.get('Message', 'Unknown')}",
                    response,
                    attempts=attempts,
                    elapsed=elapsed,
                )
            return FailureStateError(
                name,
                f"Waiter encountered a terminal failure state: {matched.reason(response)}",
                response,
                attempts=attempts,
                elapsed=elapsed,
                acceptor=matched,
            )
        if attempts >= policy.max_attempts:
            reason = "Max attempts exceeded"
        elif policy.max_wait is not None and elapsed >= policy.max_wait:
            reason = "Max wait time exceeded"
        else:
            reason = f"Stop condition reached after {attempts} attempts ({elapsed:.3g} s)"
        if retried is not None:
            reason += f". Previously accepted state: {retried.explanation}"
        timeout = WaiterTimeoutError(
            name, reason, response, attempts=attempts, elapsed=elapsed, acceptor=retried
        )
        from ._summary import describe, observed  # only a timeout needs it

        timeout.observed = observed(self.definition, seen)
        add_note(timeout, describe(timeout.observed, attempts))
        return timeout


class AsyncWaiter(Waiter):
    """A waiter whose operation is a coroutine function: ``await waiter.wait(**params)``.

    The same decisions as ``Waiter`` (one ``_judge``), with awaited calls and sleeps.
    Cancelling the task stops it at once: no further calls; ``CancelledError`` propagates.
    """

    __slots__ = ()
    _sleep: Callable[[float], Awaitable[Any]]

    async def wait(self, **params: Any) -> WaitResult:  # type: ignore[override]
        """Await the operation with ``params`` until an acceptor settles the wait."""
        judge = self._judge(params)
        operation, named, sleep = self.operation, self._named, self._sleep
        delay = next(judge)
        while True:
            if delay > 0:
                await sleep(delay)
            try:
                outcome = returned(await operation(**params))
            except Exception as exc:
                outcome = raised_or_reraise(exc, named)
            try:
                delay = judge.send(outcome)
            except StopIteration as done:
                return cast(WaitResult, done.value)


Waiter.__doc__ = _SelfDescribing(cast(str, Waiter.__doc__))  # type: ignore[assignment]
AsyncWaiter.__doc__ = _SelfDescribing(cast(str, AsyncWaiter.__doc__))  # type: ignore[assignment]
