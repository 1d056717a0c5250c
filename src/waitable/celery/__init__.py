"""Durable waits on Celery: one task polls a wait once and re-publishes itself with the
next state and an ETA, so no worker thread ever sleeps in a wait.

On the workers' app::

    import waitable.celery
    waitable.celery.register(app)                  # the polling task, the rescue sweep

Where the wait starts::

    state = waiter.start(JobName="etl", WaiterConfig={"MaxWaitTime": 6 * 3600})
    res = waitable.celery.start(app, state, link=load_table.s())
    res.state, res.info   # "WAITING", {"attempt": 3, "next_at": ..., "verdict": "retry", ...}
    res.get()             # the final response, or the WaiterError

One task id (the wait's id) for the whole wait; ``link`` and ``link_error`` run once, at
its end. Each hop is capped below half the broker's visibility timeout (a hop that ends
before the next poll is due makes no call); the task acknowledges late and is rejected
when its worker is lost, and a fencing record in Redis (the result backend's, else the
broker's) lets a redelivered or duplicated message run only while its chain is the live
one: a wait never runs as two chains, and a worker's death costs at most one extra call.
A message the broker loses outright (Redis's transport can, when a worker dies just as it
takes one) is re-sent from the wait's records by the workers' rescue sweep. The deadline
is in the state, so neither redelivery nor rescue stretches it.
"""

from ._records import DONE_TTL, DUE_KEY, FENCE_PREFIX, LIVE_PREFIX
from ._remote import (
    FailureStateError,
    UnexpectedResponseError,
    WaitCancelledError,
    WaiterTimeoutError,
    jsonable,
)
from ._task import (
    TASK,
    WAITING,
    fence_of,
    max_hop,
    progress,
    register,
    rescue,
    rescue_after,
    start,
    sweep_every,
)

__all__ = [
    "DONE_TTL",
    "DUE_KEY",
    "FENCE_PREFIX",
    "LIVE_PREFIX",
    "TASK",
    "WAITING",
    "FailureStateError",
    "UnexpectedResponseError",
    "WaitCancelledError",
    "WaiterTimeoutError",
    "fence_of",
    "jsonable",
    "max_hop",
    "progress",
    "register",
    "rescue",
    "rescue_after",
    "start",
    "sweep_every",
]
