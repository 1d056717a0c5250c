"""The trigger the triggerer runs, and the operator that defers to it."""

from __future__ import annotations

import asyncio
import datetime
import time
import weakref
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import Any, Optional, Union

from airflow.sdk import BaseOperator
from airflow.triggers.base import BaseTrigger, TriggerEvent

from .._core.operations import import_name, is_coroutine_function
from .._errors import (
    ConfigError,
    FailureStateError,
    StateError,
    UnexpectedResponseError,
    WaitableError,
    WaitCancelledError,
    WaiterError,
    WaiterTimeoutError,
)
from .._resume import AnyWaiter, bind, check_ref, default_client
from .._waiters.durable import GRACE
from .._waiters.jsondata import jsonable
from .._waiters.state import WaitState
from .._waiters.waiter import AsyncWaiter

CLASSPATH = "waitable.airflow.WaitTrigger"
"""What ``WaitTrigger.serialize()`` names: the public path, which no refactoring moves
(Airflow keeps it in the trigger's row for as long as the task is deferred)."""

CATCH_UP_OFF_LOOP = 60.0
"""A state this many seconds behind its schedule is caught up in a thread: replaying
an hour of 1 s polls takes milliseconds the loop should not block for."""

_ERRORS: dict[str, type[WaiterError]] = {
    cls.__name__: cls
    for cls in (FailureStateError, WaiterTimeoutError, UnexpectedResponseError, WaitCancelledError)
}

_Key = tuple[Any, ...]
_bound: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[_Key, asyncio.Future[Any]]] = (
    weakref.WeakKeyDictionary()
)


async def waiter_for(
    state: WaitState, resolver: Optional[str] = None, files: Iterable[str] = ()
) -> AsyncWaiter:
    """The ``AsyncWaiter`` ``state`` names, made once per event loop for each reference,
    resolver and files and shared by every trigger on that loop. Nothing blocking runs
    on the loop: the resolver (unless it is ``async def``), the client, reading and
    compiling the waiter file run in the loop's default executor; a blocking client's
    calls too (``bind``)."""
    loop = asyncio.get_running_loop()
    files = tuple(sorted(files))
    key = (tuple(sorted(state.waiter.items())), tuple(sorted(state.hooks.items())), resolver, files)
    table = _bound.setdefault(loop, {})
    made = table.get(key)
    if made is None:
        made = table[key] = loop.create_task(
            _bind_here(dict(state.waiter), dict(state.hooks), resolver, files)
        )
    try:
        waiter = await asyncio.shield(made)
    except BaseException:
        if made.done() and table.get(key) is made:
            del table[key]  # a failed binding is tried again by the next trigger
        raise
    assert isinstance(waiter, AsyncWaiter)
    return waiter


async def _bind_here(
    ref: dict[str, str], hooks: dict[str, str], resolver: Optional[str], files: tuple[str, ...]
) -> AsyncWaiter:
    loop = asyncio.get_running_loop()
    check_ref(ref, files)
    if resolver is None:
        client = await loop.run_in_executor(None, default_client, ref)
    else:
        found = await loop.run_in_executor(None, _resolver, resolver)
        if is_coroutine_function(found):
            client = await found(ref)  # an async client (aiobotocore), made on this loop
        else:
            client = await loop.run_in_executor(None, found, ref)
    waiter: AnyWaiter = await loop.run_in_executor(None, bind, ref, hooks, client, files, True)
    if not isinstance(waiter, AsyncWaiter):
        raise StateError(
            f"the wait's waiter was registered as {ref.get('registered')!r} as a blocking "
            "Waiter: a trigger polls an AsyncWaiter (register get_async_waiter()'s)"
        )
    return waiter


def _resolver(name: str) -> Any:
    try:
        found = import_name(name)
    except Exception as exc:
        raise ConfigError(f"resolver {name!r} does not import here: {exc}") from None
    if not callable(found):
        raise ConfigError(f"resolver {name!r} is not callable")
    return found


class WaitTrigger(BaseTrigger):  # type: ignore[misc, unused-ignore]  # Any without Airflow
    """Polls one durable wait on the triggerer's event loop and fires one event at its
    end: ``{"status": "success", "response": ...}`` or ``{"status": "failure" |
    "timeout" | "unexpected" | "error", "error": {"type", "message", ...}}``.

    Its serialized form is the wait's state (``state``, ``WaitState`` JSON), the
    resolver's ``module:name``, the waiter ``files`` it may read and ``adopt``.
    Airflow keeps the kwargs it was deferred with and re-creates the trigger from them
    after a triggerer restart: ``run`` then catches the state up to its schedule
    (``Waiter.catch_up``), so the deadline, attempts and backoff go on, never reset."""

    def __init__(
        self,
        state: str,
        resolver: Optional[str] = None,
        files: Iterable[str] = (),
        adopt: bool = False,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call, unused-ignore]
        if not isinstance(state, str):
            raise ConfigError(f"WaitTrigger: state= takes WaitState JSON text, not {state!r}")
        if resolver is not None and (not isinstance(resolver, str) or ":" not in resolver):
            raise ConfigError(
                f"WaitTrigger: resolver= takes a 'module:name' to import, not {resolver!r}"
            )
        self.state = state
        self.resolver = resolver
        self.files = [str(f) for f in files]
        self.adopt = bool(adopt)

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return CLASSPATH, {
            "state": self.state,
            "resolver": self.resolver,
            "files": list(self.files),
            "adopt": self.adopt,
        }

    async def run(self) -> AsyncIterator[TriggerEvent]:
        yield TriggerEvent(await self.outcome())  # type: ignore[no-untyped-call, unused-ignore]

    async def outcome(self) -> dict[str, Any]:
        """Poll until the wait ends; the event's payload. ``self.state`` follows each
        poll (what ``serialize()`` gives from then on)."""
        wait_id = None
        try:
            state = WaitState.from_json(self.state)
            wait_id = state.id
            waiter = await waiter_for(state, self.resolver, self.files)
            if time.time() - state.next_at > CATCH_UP_OFF_LOOP:
                loop = asyncio.get_running_loop()
                state = await loop.run_in_executor(None, _caught_up, waiter, state, self.adopt)
            else:
                state = waiter.catch_up(state, adopt=self.adopt)
            while True:
                delay = state.next_at - time.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                step = await waiter.poll(state, adopt=self.adopt)
                state = step.state
                self.state = state.to_json()
                if step.done:
                    result = step.result()
                    return {
                        "status": "success",
                        "wait": state.id,
                        "response": jsonable(result.response),
                        "attempts": result.attempts,
                        "elapsed": result.elapsed,
                    }
        except WaiterError as error:
            return {"status": _status(error), "wait": wait_id, "error": _described(error)}
        except Exception as error:  # the wait cannot go on: say why, in the event
            return {
                "status": "error",
                "wait": wait_id,
                "error": {"type": type(error).__name__, "message": str(error)},
            }


def _caught_up(waiter: AsyncWaiter, state: WaitState, adopt: bool) -> WaitState:
    return waiter.catch_up(state, adopt=adopt)


def _status(error: WaiterError) -> str:
    if isinstance(error, WaiterTimeoutError):
        return "timeout"
    if isinstance(error, UnexpectedResponseError):
        return "unexpected"
    return "failure"


def _described(error: WaiterError) -> dict[str, Any]:
    return {
        "type": type(error).__name__,
        "message": str(error),
        "waiter": error.name,
        "reason": error.reason,
        "attempts": error.attempts,
        "elapsed": error.elapsed,
        "last_response": jsonable(error.last_response),
    }


def raise_for(event: Mapping[str, Any]) -> Any:
    """The response of a successful wait's event; else raises its error: the
    ``WaiterError`` subclass it names (``except waitable.WaiterTimeoutError`` works),
    or a ``WaitableError`` saying what stopped the wait."""
    if not isinstance(event, Mapping) or "status" not in event:
        raise StateError(f"not an event of WaitTrigger: {event!r}")
    if event["status"] == "success":
        return event.get("response")
    error = event.get("error") or {}
    cls = _ERRORS.get(str(error.get("type")))
    if cls is not None and "waiter" in error:
        raise cls(
            str(error["waiter"]),
            str(error.get("reason", "")),
            error.get("last_response"),
            attempts=int(error.get("attempts") or 0),
            elapsed=float(error.get("elapsed") or 0.0),
        )
    raise WaitableError(
        f"wait {event.get('wait')}: {error.get('type', 'error')}: {error.get('message', event)}"
    )


class WaitOperator(BaseOperator):  # type: ignore[misc, unused-ignore]
    """Starts a durable wait and defers to ``WaitTrigger``: no worker slot is held while
    it waits. Returns (pushes as its XCom) the response that ended the wait; raises
    the ``WaiterError`` otherwise.

    The waiter: ``waiter`` (its name) of a built-in ``service`` (``"http"``), of AWS
    (``aws="glue"``: botocore's waiters and waitable's own), or of a waiter ``file``
    (botocore or Smithy format, alone or joined to the service's), the wait's
    ``parameters`` and ``waiter_config`` (``{"MaxWaitTime": seconds, ...}``). The wait's
    deadline, plus ``deadline_margin`` seconds, is the deferral's ``timeout``: the
    scheduler fails the task then even when no triggerer runs. ``resolver``: a
    ``module:name`` giving the client for a reference (called on the worker and once
    per triggerer loop); ``files``: more waiter files the trigger may read."""

    template_fields = ("parameters", "waiter_config")

    def __init__(
        self,
        *,
        waiter: str,
        service: Optional[str] = None,
        aws: Optional[str] = None,
        file: Optional[str] = None,
        parameters: Optional[Mapping[str, Any]] = None,
        waiter_config: Optional[Mapping[str, Any]] = None,
        resolver: Optional[str] = None,
        files: Iterable[str] = (),
        adopt: bool = False,
        deadline_margin: float = 30.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        where = f"WaitOperator {kwargs.get('task_id', '')!r}"
        if service is not None and aws is not None:
            raise ConfigError(f"{where}: give service= or aws=, not both")
        if service is None and aws is None and file is None:
            raise ConfigError(f"{where}: give the waiter's service=, aws= or file=")
        if not isinstance(deadline_margin, (int, float)) or deadline_margin < 0:
            raise ConfigError(f"{where}: deadline_margin= takes seconds, not {deadline_margin!r}")
        ref: dict[str, str] = {"waiter": waiter}
        if service is not None:
            ref["service"] = service
        if aws is not None:
            ref["aws"] = aws
        if file is not None:
            import os

            ref["file"] = os.path.abspath(file)
        self.ref = ref
        self.parameters = dict(parameters or {})
        self.waiter_config = dict(waiter_config or {})
        self.resolver = resolver
        self.files = [*files, *([ref["file"]] if file is not None else [])]
        self.adopt = adopt
        self.deadline_margin = float(deadline_margin)

    def start(self, now: Optional[float] = None) -> tuple[WaitState, Optional[datetime.timedelta]]:
        """The wait's first state, and the deferral timeout its deadline gives."""
        resolver = _resolver(self.resolver) if self.resolver else None
        if resolver is not None and is_coroutine_function(resolver):
            raise ConfigError(
                f"WaitOperator {self.task_id!r}: resolver {self.resolver!r} is async def; "
                "the worker binds the waiter with a plain function's client (the trigger "
                "takes either)"
            )
        client = resolver(self.ref) if resolver is not None else default_client(self.ref)
        waiter = bind(self.ref, {}, client, self.files, False)
        params: dict[str, Any] = dict(self.parameters)
        if self.waiter_config:
            params["WaiterConfig"] = dict(self.waiter_config)
        state = waiter.start(now=now, **params)
        timeout = None
        if state.deadline is not None:
            at = time.time() if now is None else now
            seconds = state.deadline - at + GRACE + self.deadline_margin
            timeout = datetime.timedelta(seconds=max(seconds, 0.0))
        return state, timeout

    def execute(self, context: Any) -> Any:
        state, timeout = self.start()
        self.defer(
            trigger=WaitTrigger(state.to_json(), self.resolver, self.files, self.adopt),
            method_name="execute_complete",
            timeout=timeout,
        )

    def execute_complete(self, context: Any, event: Optional[Mapping[str, Any]] = None) -> Any:
        return raise_for(event if event is not None else {})


def trigger_of(
    state: Union[WaitState, str],
    resolver: Optional[str] = None,
    files: Iterable[str] = (),
    adopt: bool = False,
) -> WaitTrigger:
    """A ``WaitTrigger`` for ``state``, for an operator of your own to defer to."""
    text = state.to_json() if isinstance(state, WaitState) else state
    return WaitTrigger(text, resolver, files, adopt)
