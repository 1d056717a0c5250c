"""The workflow that runs a wait, the helper that runs it from another workflow, and
``start`` from a client.

The workflow never judges: it runs the activities and sleeps on durable timers for the
delays they give, so a replay takes the same path whatever the clocks say. The only
time it reads is ``workflow.now()`` (replay-safe), to turn the wait's deadline into a
poll's schedule-to-close timeout: Temporal then ends a wait no worker polls.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Optional, TypedDict, Union

from temporalio import workflow
from temporalio.common import RetryPolicy, WorkflowIDConflictPolicy
from temporalio.exceptions import (
    ActivityError,
    ApplicationError,
    ChildWorkflowError,
    TimeoutError,
)

if TYPE_CHECKING:
    from temporalio.client import Client, WorkflowHandle

with workflow.unsafe.imports_passed_through():  # loaded once, not per workflow run
    from .._errors import ConfigError, StateError
    from .._waiters.durable import GRACE
    from .._waiters.state import WaitState
    from ._activities import PENDING, POLL, POLL_UNTIL_DONE, PollResult

WORKFLOW = "waitable.Wait"
"""The name of the workflow that runs one wait (``WaitWorkflow``)."""

TIMER = "timer"
"""A poll per activity, a durable timer between them, continued as new before the
history grows long: about 11 history events a poll."""

RETRY = "retry"
"""One activity Temporal retries after each poll's delay until the wait ends: the same
11 history events whatever the number of polls; a poll's state rides along in the
attempt's heartbeat details."""

DEFAULT_CALL_TIMEOUT = 60.0
"""Seconds one poll (one call) may take before Temporal retries it elsewhere."""

DEFAULT_MAX_EVENTS = 2_000
"""The timer loop continues as new before its history reaches this many events (or
when the server suggests it), well below the 10,240 events at which Temporal warns."""

_PER_POLL = 12  # history events a timer-loop poll adds, at most (measured: 11)
_FLOOR = 50  # the fewest events a run may hold: at least a few polls
_CALL_RETRY = RetryPolicy(
    initial_interval=datetime.timedelta(seconds=1),
    maximum_interval=datetime.timedelta(seconds=60),
    maximum_attempts=0,  # until done: the wait's deadline ends it
)
"""How a poll that did not finish (its worker died, it timed out) is tried again (the
retry variant's ``next_retry_delay`` overrides it). A poll that ends the wait with an
error is not retried: the wait ends with it."""


class WaitRequest(TypedDict):
    """``WaitWorkflow``'s input, as JSON data (``request`` makes and checks it)."""

    state: str
    variant: str
    task_queue: Optional[str]
    call_timeout: float
    max_events: int


def request(
    state: Union[WaitState, str],
    *,
    variant: str = TIMER,
    task_queue: Optional[str] = None,
    call_timeout: float = DEFAULT_CALL_TIMEOUT,
    max_events: int = DEFAULT_MAX_EVENTS,
) -> WaitRequest:
    """``WaitWorkflow``'s input for the wait ``state`` (a ``WaitState`` or its JSON):
    ``variant`` ``TIMER`` or ``RETRY``; ``task_queue`` of the activities (default the
    workflow's); ``call_timeout``: seconds one poll may take; ``max_events``: the
    timer loop continues as new before its history reaches this many events."""
    if isinstance(state, WaitState):
        text = state.to_json()
    elif isinstance(state, str):
        text = state
        WaitState.from_json(text)  # a StateError now, not at the first poll
    else:
        raise ConfigError(f"request() takes a WaitState or its JSON, not {state!r}"[:200])
    if variant not in (TIMER, RETRY):
        raise ConfigError(f"variant= takes {TIMER!r} or {RETRY!r}, not {variant!r}")
    if task_queue is not None and (not isinstance(task_queue, str) or not task_queue):
        raise ConfigError(f"task_queue= takes a queue's name, not {task_queue!r}")
    if (
        isinstance(call_timeout, bool)
        or not isinstance(call_timeout, (int, float))
        or not 0 < call_timeout < 86_400 * 365
    ):
        raise ConfigError(f"call_timeout= takes seconds above 0, not {call_timeout!r}")
    if isinstance(max_events, bool) or not isinstance(max_events, int) or max_events < _FLOOR:
        raise ConfigError(f"max_events= takes a whole number from {_FLOOR}, not {max_events!r}")
    return {
        "state": text,
        "variant": variant,
        "task_queue": task_queue,
        "call_timeout": float(call_timeout),
        "max_events": max_events,
    }


@workflow.defn(name=WORKFLOW)
class WaitWorkflow:
    """One wait, polled until it ends: its result is the final response (JSON data); a
    wait that fails, times out or cannot be polled fails the workflow with a
    non-retryable ``ApplicationError`` whose ``type`` is the error's class name
    (``FailureStateError``, ``WaiterTimeoutError``, ``UnexpectedResponseError``, ...),
    its message the error's, its first detail ``error_details``'s fields."""

    @workflow.run
    async def run(self, wait: WaitRequest) -> Any:
        """Run the wait ``wait`` (``request``'s dict)."""
        try:
            checked = request(
                wait["state"],
                variant=wait["variant"],
                task_queue=wait.get("task_queue"),
                call_timeout=wait["call_timeout"],
                max_events=wait["max_events"],
            )
        except (KeyError, TypeError, ConfigError, StateError) as exc:
            problem = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
            raise ApplicationError(
                f"{WORKFLOW}: not a wait request ({problem})",
                type="ConfigError",
                non_retryable=True,
            ) from None
        if checked["variant"] == RETRY:
            return await _by_retries(checked)
        return await _by_timers(checked)


async def _by_timers(wait: WaitRequest) -> Any:
    state = wait["state"]
    deadline = WaitState.from_json(state).deadline
    while True:
        step = await _poll(POLL, wait, state, deadline)
        if step["done"]:
            return _ended(step)
        state = step["state"]
        delay = step["next_delay"] or 0.0
        if delay > 0:
            await workflow.sleep(delay)
        info = workflow.info()
        if (
            info.get_current_history_length() + _PER_POLL >= wait["max_events"]
            or info.is_continue_as_new_suggested()
        ):
            workflow.continue_as_new({**wait, "state": state})


async def _by_retries(wait: WaitRequest) -> Any:
    state = wait["state"]
    return _ended(await _poll(POLL_UNTIL_DONE, wait, state, WaitState.from_json(state).deadline))


async def _poll(activity: str, wait: WaitRequest, state: str, deadline: Optional[float]) -> Any:
    """Run ``activity`` on ``state``. With a deadline, Temporal enforces it too, as the
    activity's schedule-to-close timeout, even when no worker polls its queue: the
    deadline, the grace a final poll may come late and one call."""
    call = wait["call_timeout"]
    limit = None
    if deadline is not None:
        left = deadline + GRACE + call - workflow.now().timestamp()
        limit = datetime.timedelta(seconds=max(left, call))
    try:
        return await workflow.execute_activity(
            activity,
            state,
            task_queue=wait["task_queue"],
            start_to_close_timeout=datetime.timedelta(seconds=call),
            schedule_to_close_timeout=limit,
            retry_policy=_CALL_RETRY,
            result_type=dict,
        )
    except ActivityError as failed:
        cause = failed.cause
        if isinstance(cause, TimeoutError) or (
            isinstance(cause, ApplicationError) and cause.type == PENDING
        ):  # Temporal's deadline came first: no worker polled in time
            name = _name(WaitState.from_json(state))
            raise ApplicationError(
                f"Waiter {name} failed: Max wait time exceeded ({cause})",
                type="WaiterTimeoutError",
                non_retryable=True,
            ) from None
        if isinstance(cause, ApplicationError):
            raise _again(cause) from None
        raise


def _ended(step: PollResult) -> Any:
    error = step["error"]
    if error is not None:
        raise ApplicationError(
            error["message"], error["details"], type=error["type"], non_retryable=True
        )
    return step["response"]


def _again(cause: ApplicationError) -> ApplicationError:
    """An activity's or a child's application error, raised by this workflow."""
    return ApplicationError(cause.message, *cause.details, type=cause.type, non_retryable=True)


def _name(state: WaitState) -> str:
    ref = state.waiter
    return ref.get("waiter") or ref.get("registered") or "?"


async def wait(
    state: Union[WaitState, str],
    *,
    variant: str = TIMER,
    workflow_id: Optional[str] = None,
    task_queue: Optional[str] = None,
    call_timeout: float = DEFAULT_CALL_TIMEOUT,
    max_events: int = DEFAULT_MAX_EVENTS,
) -> Any:
    """In a workflow: run the wait ``state`` (made by the client that started this
    workflow: ``waiter.start()`` reads the clock, so a workflow cannot call it) as a
    child ``WaitWorkflow`` and return its final response; a wait that does not succeed
    raises its non-retryable ``ApplicationError`` (``type`` the error's class name).

    As a child, its history and its continues-as-new are its own: this workflow's history
    grows by a few events whatever the wait's length. ``workflow_id`` defaults to
    ``wait-<the wait's id>`` (so a replay or a retry finds the same child);
    ``task_queue``: the child's and its activities' (default this workflow's)."""
    made = request(
        state,
        variant=variant,
        task_queue=task_queue,
        call_timeout=call_timeout,
        max_events=max_events,
    )
    wait_id = WaitState.from_json(made["state"]).id
    try:
        return await workflow.execute_child_workflow(
            WaitWorkflow.run,
            made,
            id=workflow_id or f"wait-{wait_id}",
            task_queue=task_queue,
        )
    except ChildWorkflowError as failed:
        if isinstance(failed.cause, ApplicationError):
            raise _again(failed.cause) from None
        raise


async def start(
    client: Client,
    state: Union[WaitState, str],
    *,
    task_queue: str,
    variant: str = TIMER,
    workflow_id: Optional[str] = None,
    activity_task_queue: Optional[str] = None,
    call_timeout: float = DEFAULT_CALL_TIMEOUT,
    max_events: int = DEFAULT_MAX_EVENTS,
    **options: Any,
) -> WorkflowHandle[WaitWorkflow, Any]:
    """From a ``temporalio.client.Client``: start ``WaitWorkflow`` on ``task_queue`` for
    the wait ``state`` and return its handle (``await handle.result()`` gives the final
    response, or raises ``WorkflowFailureError`` whose cause is the wait's
    ``ApplicationError``). The workflow id defaults to ``wait-<the wait's id>``; starting
    a wait that is running already gives its handle (``id_conflict_policy``
    ``USE_EXISTING``), so a retried start starts nothing twice. ``options`` go to
    ``client.start_workflow`` (``id_conflict_policy``, ``id_reuse_policy``, ``memo``...)."""
    made = request(
        state,
        variant=variant,
        task_queue=activity_task_queue,
        call_timeout=call_timeout,
        max_events=max_events,
    )
    wait_id = WaitState.from_json(made["state"]).id
    options.setdefault("id_conflict_policy", WorkflowIDConflictPolicy.USE_EXISTING)
    return await client.start_workflow(
        WaitWorkflow.run,
        made,
        id=workflow_id or f"wait-{wait_id}",
        task_queue=task_queue,
        **options,
    )
