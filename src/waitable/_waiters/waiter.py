"""Waiters bound to an operation: ``Waiter`` blocks, ``AsyncWaiter`` is awaited.

Both are thin drivers of one I/O-free ``judge``: they call the operation, sleep, and
send each outcome in. They share everything else through ``BaseWaiter``, as httpx's
``Client`` and ``AsyncClient`` do, so neither pretends to be the other.
"""

from __future__ import annotations

import time
from types import CoroutineType

from .._core.frozen import Frozen, set_field
from .._core.operations import is_awaitable, service_model
from .._errors import WaiterError, as_botocore
from .attempts import WaitResult, raised_or_reraise, returned
from .definitions import WaiterDefinition
from .judge import Plan, Tally, begin, cancelled, step
from .options import Options
from .policy import Policy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Awaitable, Callable, Mapping

    from .durable import Step
    from .options import Cancel
    from .options import WaiterConfig as _WaiterConfig
    from .state import WaitState


class _SelfDescribing:
    """``waiter.__doc__`` is the waiter's own description; ``Waiter.__doc__`` the class's."""

    def __init__(self, class_doc: str) -> None:
        self.class_doc = class_doc

    def __get__(self, waiter: BaseWaiter | None, owner: type) -> str:
        return self.class_doc if waiter is None else waiter.describe()


class BaseWaiter(Frozen):
    """What ``Waiter`` and ``AsyncWaiter`` share: a definition bound to an operation.

    Immutable and free of per-call state: one waiter may serve many threads (or tasks)
    at once.
    """

    __slots__ = (
        "definition",
        "operation",
        "options",
        "ref",
        "_plan",
        "_named",
        "_acceptor_only",
        "_sleep",
        "_cancel",
        "_botocore",
    )

    __eq__ = object.__eq__  # a bound waiter is a thing, not a value: identity, as before
    __hash__ = object.__hash__

    definition: WaiterDefinition
    operation: Callable[..., Any]
    options: Options
    """The options it was made with, checked (``Options.build``), defaults applied."""
    ref: Mapping[str, str] | None
    """How another process finds this waiter again (a durable wait's ``waiter``), or
    None (a waiter from a dict)."""
    _plan: Plan
    _named: frozenset[str]
    _acceptor_only: frozenset[str]
    _sleep: Callable[[float], Any]
    _cancel: Cancel | None
    _botocore: bool
    """Bound to a botocore client: its ``WaiterError`` is also botocore's."""

    def __init__(
        self,
        definition: WaiterDefinition,
        operation: Callable[..., Any],
        options: Options,
        acceptor_only: frozenset[str] = frozenset(),
        ref: Mapping[str, str] | None = None,
    ) -> None:
        """Made by ``Model.get_waiter`` / ``get_async_waiter``, which check the options
        (``acceptor_only``: the parameters only acceptors read, not passed to the call)."""
        set_field(self, "definition", definition)
        set_field(self, "operation", operation)
        set_field(self, "options", options)
        set_field(self, "ref", ref)
        set_field(self, "_plan", Plan(definition, Policy.of(definition, options)))
        set_field(self, "_named", definition.error_names)
        set_field(self, "_acceptor_only", acceptor_only)
        set_field(self, "_sleep", options.sleep)
        set_field(self, "_cancel", options.cancel)
        set_field(self, "_botocore", _on_botocore_client(operation))

    @property
    def name(self) -> str:
        return self.definition.name

    def describe(self) -> str:
        """The waiter in words: operation, acceptors, delay and the longest wait."""
        return self.definition.describe()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.definition.name} -> {self.definition.operation}>"

    def _start(
        self, params: dict[str, Any]
    ) -> tuple[Policy, Tally, Callable[[], float], dict[str, Any]]:
        """One wait begun (``judge.begin``), and the parameters the operation is called with.

        ``WaiterConfig`` goes to the judge; parameters that only acceptors read
        (``input.X`` names the operation does not take) are not passed to the operation.
        """
        config = params.pop("WaiterConfig", None)
        call = params
        if self._acceptor_only:
            call = {k: v for k, v in params.items() if k not in self._acceptor_only}
        return (*begin(self._plan, params, config), call)

    def with_ref(self, ref: Mapping[str, str]) -> Any:
        """This waiter, found again by another process through ``ref``."""
        copy = object.__new__(type(self))
        for name in self._fields:
            set_field(copy, name, getattr(self, name))
        set_field(copy, "ref", dict(ref))
        return copy

    def start(self, *, now: float | None = None, **params: Any) -> WaitState:
        """A durable wait's first state: ``wait(**params)`` as data, no call made.

        Poll it (``poll``) from any process, one call per poll; ``WaiterConfig`` is
        checked now, as ``wait()`` checks it. Options that are functions (``on_attempt``,
        ``retry_after``, ``wait``, ``stop``) are kept by importable name; one without is a
        ``ConfigError``. ``now``: epoch seconds (tests).
        """
        from . import durable  # (imported by the first durable call)

        return durable.start(self._plan, self.ref, params, now=now)

    def advance(
        self,
        state: WaitState,
        *,
        response: Any = None,
        error: BaseException | None = None,
        now: float | None = None,
        adopt: bool = False,
    ) -> Step:
        """Judge a call the caller made itself (sans I/O): its ``response``, or the
        ``error`` it raised. The next ``Step``; see ``poll``."""
        from . import durable  # (imported by the first durable call)

        outcome = durable.outcome_of(response, error, self._named, response is not None)
        at = time.time() if now is None else now
        return self._step(durable.advance(self._plan, state, outcome, at, adopt))

    def catch_up(
        self, state: WaitState, *, now: float | None = None, adopt: bool = False
    ) -> WaitState:
        """``state`` moved on, without a call, to the poll its schedule has reached by
        ``now``: for a state re-created from an older copy (an engine that keeps only
        the state a wait began with). Each poll due before then counts as made and
        retried (attempts, backoff and jitter as an unbroken wait's); the deadline does
        not move. A state that is due, or ahead, is returned as it is."""
        from . import durable  # (imported by the first durable call)

        at = time.time() if now is None else now
        return durable.catch_up(self._plan, state, at, adopt)

    def observed(self, state: WaitState) -> dict[str, int]:
        """What the retried calls of ``state``'s wait showed, in words, counted, most
        common first: a timeout's summary so far (``state.seen`` keeps it as data)."""
        from .counted import said

        return said(self._plan.seen, state.seen)

    def _flavoured(self, error: WaiterError) -> WaiterError:
        """``error``, also botocore's ``WaiterError`` on a botocore client (the same
        object, so a re-raise keeps its traceback and notes)."""
        return as_botocore(error) if self._botocore else error

    def _step(self, step: Step) -> Step:
        """``step``, its error flavoured as ``wait()``'s would be."""
        if isinstance(step._result, WaiterError):
            self._flavoured(step._result)
        return step

    def _wrong_kind(self, result: Any, should: str) -> TypeError:
        return TypeError(
            f"waiter {self.definition.name!r}: operation {self.definition.operation} returned "
            f"{type(result).__name__}; {should}"
        )


class Waiter(BaseWaiter):
    """A waiter bound to one blocking operation: ``wait(**params)`` polls it until done."""

    __slots__ = ()

    _sleep: Callable[[float], object]

    def wait(
        self,
        *,
        WaiterConfig: _WaiterConfig | None = None,  # noqa: N803 - botocore's name
        **params: Any,
    ) -> WaitResult:
        """Call the operation with ``params`` until an acceptor settles the wait.

        ``WaiterConfig={"Delay": seconds, "MaxAttempts": n, ...}`` overrides the
        definition for this call, as in botocore. Returns a ``WaitResult``; raises a
        ``WaiterError`` subclass when the wait fails, runs out or is cancelled.
        """
        if WaiterConfig is not None:  # typed for type checkers; the judge checks it
            params["WaiterConfig"] = WaiterConfig
        policy, tally, clock, call = self._start(params)
        plan, operation, named = self._plan, self.operation, self._named
        sleep, cancel = self._sleep, self._cancel
        delay = 0.0
        try:
            while True:
                if delay > 0:
                    sleep(delay)
                if cancel is not None and cancel.is_set():
                    raise cancelled(plan, tally, clock)
                try:
                    response = operation(**call)
                except Exception as exc:
                    outcome = raised_or_reraise(exc, named)
                else:
                    if type(response) is dict and "Error" not in response:
                        outcome = (response, None, None)  # ``returned``, inline
                    elif is_awaitable(response):
                        raise self._asynchronous(response)
                    else:
                        outcome = returned(response)
                ended = step(plan, policy, params, tally, outcome, clock())
                if type(ended) is not float:
                    return ended  # type: ignore[return-value]  # (no cast: the hot path)
                delay = ended
        except WaiterError as error:
            self._flavoured(error)  # the same object: raised as it was
            raise

    def poll(self, state: WaitState, *, now: float | None = None, adopt: bool = False) -> Step:
        """One step of a durable wait: exactly one call of the operation, judged as
        ``wait()`` judges it, and the next ``Step`` (``step.state``, ``step.next_at``);
        never sleeps. A poll before ``state.next_at`` makes no call; one more than
        ``durable.GRACE`` seconds past the deadline ends the wait without a call. A state
        made for another definition is a ``DefinitionChangedError`` unless ``adopt``."""
        durable = _durable[0] if _durable else _durable_module()  # (imported on first use)
        at = time.time() if now is None else now
        plan = self._plan
        early = durable.before_call(plan, state, at, adopt)
        if early is not None:
            return self._step(early)
        params = state._row[_PARAMS]
        if self._acceptor_only:
            params = durable.call_params(state, self._acceptor_only)
        try:
            response = self.operation(**params)
        except Exception as exc:
            outcome = raised_or_reraise(exc, self._named)
        else:
            if type(response) is dict and "Error" not in response:
                outcome = (response, None, None)  # ``returned``, inline
            elif is_awaitable(response):
                raise self._asynchronous(response)
            else:
                outcome = returned(response)
        if now is None:
            at = time.time()
        step = durable.judged(plan, state, outcome, at)
        return step if step[6] is None else self._step(step)

    def _asynchronous(self, awaitable: Any) -> TypeError:
        close = getattr(awaitable, "close", None)
        if callable(close):
            close()  # a coroutine never awaited would warn
        return self._wrong_kind(
            awaitable,
            "it is asynchronous (an aiobotocore client?): use get_async_waiter() and await "
            "its wait()",
        )


class AsyncWaiter(BaseWaiter):
    """A waiter on an asynchronous operation: ``await waiter.wait(**params)``.

    The operation may be an ``async def`` or any callable returning an awaitable
    (aiobotocore's client methods). Cancelling the task stops the wait at once: no
    further calls; ``CancelledError`` propagates.
    """

    __slots__ = ()

    _sleep: Callable[[float], Awaitable[object]]

    async def wait(
        self,
        *,
        WaiterConfig: _WaiterConfig | None = None,  # noqa: N803 - botocore's name
        **params: Any,
    ) -> WaitResult:
        """Await the operation with ``params`` until an acceptor settles the wait."""
        if WaiterConfig is not None:
            params["WaiterConfig"] = WaiterConfig
        policy, tally, clock, call = self._start(params)
        plan, operation, named, sleep = self._plan, self.operation, self._named, self._sleep
        delay = 0.0
        try:
            while True:
                if delay > 0:
                    pause: Any = sleep(delay)
                    if type(pause) is not CoroutineType and not is_awaitable(pause):
                        raise TypeError(
                            f"waiter {self.definition.name!r}: sleep= returned "
                            f"{type(pause).__name__}, not an awaitable: give an async sleep "
                            "such as asyncio.sleep"
                        )
                    await pause
                try:
                    pending: Any = operation(**call)
                except Exception as exc:
                    outcome = raised_or_reraise(exc, named)
                else:
                    if type(pending) is not CoroutineType and not is_awaitable(pending):
                        raise self._wrong_kind(pending, "it is not asynchronous: use get_waiter()")
                    try:
                        response = await pending
                    except Exception as exc:
                        outcome = raised_or_reraise(exc, named)
                    else:  # ``returned``, inline for a dict with no Error
                        if type(response) is dict and "Error" not in response:
                            outcome = (response, None, None)
                        else:
                            outcome = returned(response)
                ended = step(plan, policy, params, tally, outcome, clock())
                if type(ended) is not float:
                    return ended  # type: ignore[return-value]  # (no cast: the hot path)
                delay = ended
        except WaiterError as error:
            self._flavoured(error)  # the same object: raised as it was
            raise

    async def poll(
        self, state: WaitState, *, now: float | None = None, adopt: bool = False
    ) -> Step:
        """``Waiter.poll``, awaiting the operation: one call, judged; the next ``Step``."""
        # (imported by the first durable call; a module, so no package fromlist step)
        from .durable import before_call, call_params, judged

        at = time.time() if now is None else now
        early = before_call(self._plan, state, at, adopt)
        if early is not None:
            return self._step(early)
        try:
            pending: Any = self.operation(**call_params(state, self._acceptor_only))
        except Exception as exc:
            outcome = raised_or_reraise(exc, self._named)
        else:
            if not is_awaitable(pending):
                raise self._wrong_kind(pending, "it is not asynchronous: use get_waiter()")
            try:
                outcome = returned(await pending)
            except Exception as exc:
                outcome = raised_or_reraise(exc, self._named)
        at = time.time() if now is None else now
        return self._step(judged(self._plan, state, outcome, at))


for _cls in (Waiter, AsyncWaiter):
    _cls.__doc__ = _SelfDescribing(_cls.__doc__ or "")  # type: ignore[assignment]


_durable: list[Any] = []
"""The durable module, once a poll has imported it (a wait() never does)."""
_PARAMS = 9  # ``params``' place in a state's row (``state.FIELDS``)


def _durable_module() -> Any:
    from . import durable
    from .state import FIELDS

    assert FIELDS[_PARAMS] == "params"
    _durable.append(durable)
    return durable


def _on_botocore_client(operation: Callable[..., Any]) -> bool:
    """Whether ``operation`` is a method of a botocore (or aiobotocore) client."""
    return service_model(getattr(operation, "__self__", None)) is not None
