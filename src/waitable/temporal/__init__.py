"""Durable waits on Temporal: an activity polls a wait once from its state; a workflow
runs it until the wait ends, sleeping on durable timers, so no worker holds a wait
between polls and a worker's death costs at most one call.

On the workers::

    from temporalio.worker import Worker
    import waitable.temporal as wt

    polls = wt.Polls(files=["jobs.json"])          # how a poll finds waiters and clients
    Worker(client, task_queue="waits", workflows=[wt.WaitWorkflow],
           activities=polls.activities())

Where the wait starts (a client)::

    state = waiter.start(JobName="etl", WaiterConfig={"MaxWaitTime": 6 * 3600})
    handle = await wt.start(client, state, task_queue="waits")          # or variant=wt.RETRY
    response = await handle.result()   # or WorkflowFailureError, cause the wait's error

Or from another workflow, given the state: ``response = await wt.wait(state_json)``.

Two variants. ``TIMER`` (the default): a poll per activity and a durable timer between
polls, about 11 history events each, continued as new before ``max_events``. ``RETRY``
(for long delays): one activity that Temporal retries after each poll's delay, the
state riding in the attempt's heartbeat details: 11 events per wait, whatever its
length. Either way the wait's deadline is also the poll activity's schedule-to-close
timeout: Temporal ends a wait on time even when no worker polls.

The activities alone call the operation and judge it (``Waiter.poll``): the workflow
only runs them and sleeps. They judge by the Temporal server's clock (``Polls`` says
how), so a time-skipping test server's hours pass in seconds.
"""

from temporalio import workflow as _workflow

with _workflow.unsafe.imports_passed_through():  # a workflow sandbox loads them once
    from ._activities import PENDING, POLL, POLL_UNTIL_DONE, PollResult, Polls, result_of
from ._workflow import (
    DEFAULT_CALL_TIMEOUT,
    DEFAULT_MAX_EVENTS,
    RETRY,
    TIMER,
    WORKFLOW,
    WaitRequest,
    WaitWorkflow,
    request,
    start,
    wait,
)

__all__ = [
    "DEFAULT_CALL_TIMEOUT",
    "DEFAULT_MAX_EVENTS",
    "PENDING",
    "POLL",
    "POLL_UNTIL_DONE",
    "RETRY",
    "TIMER",
    "WORKFLOW",
    "PollResult",
    "Polls",
    "WaitRequest",
    "WaitWorkflow",
    "request",
    "result_of",
    "start",
    "wait",
]
