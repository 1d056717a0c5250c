"""Durable waits on Celery: one task polls a wait once and re-publishes itself with the
next state and an ETA, so no worker thread ever sleeps in a wait.

On the workers' app::

    import waitable.celery
    waitable.celery.register(app)                  # the polling task

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
The deadline is in the state, so redelivery never stretches it.
"""

from __future__ import annotations

import datetime
import logging
import math
import time
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Optional, Union

from celery import Celery, Task
from celery.exceptions import Ignore
from celery.result import AsyncResult
from celery.states import READY_STATES

from ._core.operations import import_name
from ._errors import (
    ConfigError,
    WaiterError,
    add_note,
)
from ._errors import (
    FailureStateError as _FailureStateError,
)
from ._errors import (
    UnexpectedResponseError as _UnexpectedResponseError,
)
from ._errors import (
    WaitCancelledError as _WaitCancelledError,
)
from ._errors import (
    WaiterTimeoutError as _WaiterTimeoutError,
)
from ._resume import Resolver, resume
from ._waiters.state import WaitState
from ._waiters.waiter import Waiter

__all__ = [
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
    "start",
]

TASK = "waitable.celery.poll"
"""The name of the polling task (``register`` makes it, ``start`` sends to it)."""

WAITING = "WAITING"
"""The custom Celery state of a wait between polls; ``res.info`` is ``progress``'s dict."""

FENCE_PREFIX = "waitable:celery:fence:"
"""Redis keys of the fencing records, by wait id."""

DONE_TTL = 86_400
"""Seconds a finished wait's fencing record is kept (late duplicates drop themselves)."""

_NO_DEADLINE_TTL = 30 * 86_400
_DEFAULT_VISIBILITY = {"sqs": 1800.0, "amqp": 1800.0, "pyamqp": 1800.0}  # else 3600 (Redis)

logger = logging.getLogger(__name__)

# The fence. A wait's record holds "hop:<id>" (the message allowed to run) or
# "done:<id>" (the hop that ended it). A message (state, hop, previous hop) may run when
# the record names its hop, or its previous hop: then it takes over (its predecessor
# published it and had not yet moved the record on). Everything else drops itself.
_CLAIM = """
local v = redis.call('GET', KEYS[1])
if v == 'hop:' .. ARGV[1] or v == 'done:' .. ARGV[1] then return v end
if ARGV[2] ~= '' and (v == 'hop:' .. ARGV[2] or v == 'done:' .. ARGV[2]) then
  redis.call('SET', KEYS[1], 'hop:' .. ARGV[1], 'EX', ARGV[3])
  return 'hop:' .. ARGV[1]
end
return false
"""
_SWAP = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1
end
return 0
"""


# --- errors that survive Celery's JSON result serializer -------------------------------
#
# With the JSON serializer Celery stores an exception as its class's module and qualified
# name and its ``args``, and re-creates it as ``cls(*args)`` when the class's module is
# imported in the reading process. These classes take (message, details) as their args;
# details is JSON: name, reason, last_response (JSON-encoded), attempts, elapsed,
# observed (a timeout's counters) and the notes. The acceptor object does not survive.


class _RemoteError(WaiterError):
    """A ``WaiterError`` re-created from JSON: ``str()`` is botocore's message."""

    observed: Mapping[str, int]

    def __init__(self, message: str, details: Optional[Mapping[str, Any]] = None) -> None:
        info = dict(details or {})
        super().__init__(
            str(info.get("name", "")),
            str(info.get("reason", message)),
            info.get("last_response"),
            attempts=int(info.get("attempts", 0)),
            elapsed=float(info.get("elapsed", 0.0)),
        )
        self.args = (message, info)
        observed = info.get("observed")
        if isinstance(observed, Mapping):
            self.observed = {str(k): int(v) for k, v in observed.items()}
        for note in info.get("notes") or ():
            add_note(self, str(note))

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self.args)


class FailureStateError(_RemoteError, _FailureStateError):
    """``waitable.FailureStateError``, as ``res.get()`` raises it."""


class WaiterTimeoutError(_RemoteError, _WaiterTimeoutError):
    """``waitable.WaiterTimeoutError``, as ``res.get()`` raises it (``observed`` kept)."""


class UnexpectedResponseError(_RemoteError, _UnexpectedResponseError):
    """``waitable.UnexpectedResponseError``, as ``res.get()`` raises it."""


class WaitCancelledError(_RemoteError, _WaitCancelledError):
    """``waitable.WaitCancelledError``, as ``res.get()`` raises it."""


_REMOTE: tuple[tuple[type[WaiterError], type[_RemoteError]], ...] = (
    (_WaiterTimeoutError, WaiterTimeoutError),
    (_FailureStateError, FailureStateError),
    (_UnexpectedResponseError, UnexpectedResponseError),
    (_WaitCancelledError, WaitCancelledError),
)

for _cls in (FailureStateError, WaiterTimeoutError, UnexpectedResponseError, WaitCancelledError):
    _cls.__module__ = __name__  # Celery finds the class again by module and name


def remote_error(error: WaiterError) -> _RemoteError:
    """``error`` as the class of this module that Celery's JSON serializer re-creates."""
    if isinstance(error, _RemoteError):
        return error
    cls = next((remote for local, remote in _REMOTE if isinstance(error, local)), _RemoteError)
    details = {
        "name": error.name,
        "reason": error.reason,
        "last_response": jsonable(error.last_response),
        "attempts": error.attempts,
        "elapsed": error.elapsed,
        "observed": jsonable(dict(getattr(error, "observed", {}) or {})),
        "notes": [str(n) for n in getattr(error, "__notes__", ())],
    }
    return cls(str(error), details)


def jsonable(value: Any) -> Any:
    """``value`` as JSON data: datetimes and dates in ISO 8601, bytes as UTF-8 text (or
    ``{"$bytes": base64}``), tuples and sets as lists, other objects by ``str``."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            import base64

            return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    return str(value)


# --- where a wait stands --------------------------------------------------------------


def progress(state: WaitState, now: Optional[float] = None) -> dict[str, Any]:
    """What ``res.info`` holds while a wait is ``WAITING``: the ``wait`` id, the
    ``waiter`` reference, ``attempt`` (calls made), ``verdict`` (of the last call),
    ``next_at`` and ``deadline`` (epoch seconds), ``elapsed`` (seconds since the start)
    and ``seen`` (what the retried calls' paths read, counted)."""
    at = time.time() if now is None else now
    return {
        "wait": state.id,
        "waiter": dict(state.waiter),
        "attempt": state.attempts,
        "verdict": state.verdict,
        "next_at": state.next_at,
        "deadline": state.deadline,
        "elapsed": round(at - state.start, 3),
        "seen": dict(state.seen),
    }


# --- the fence -------------------------------------------------------------------------


class _Fence:
    """The fencing records of one app's waits, in Redis."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._claim = client.register_script(_CLAIM)
        self._swap = client.register_script(_SWAP)

    def begin(self, wait: str, hop: str, ttl: int) -> bool:
        """Record the first hop; False when this wait id was already started."""
        return bool(self.client.set(FENCE_PREFIX + wait, f"hop:{hop}", nx=True, ex=ttl))

    def claim(self, wait: str, hop: str, previous: str, ttl: int) -> Optional[str]:
        """The record's value when ``hop`` may run (taking over from ``previous``)."""
        found = self._claim(keys=[FENCE_PREFIX + wait], args=[hop, previous, ttl])
        if found is None:
            return None
        return found.decode() if isinstance(found, bytes) else str(found)

    def swap(self, wait: str, expected: str, value: str, ttl: int) -> bool:
        return bool(self._swap(keys=[FENCE_PREFIX + wait], args=[expected, value, ttl]))

    def read(self, wait: str) -> Optional[str]:
        found = self.client.get(FENCE_PREFIX + wait)
        return found.decode() if isinstance(found, bytes) else found


def _redis_client(app: Celery) -> Any:
    """The result backend's Redis client, else one for a Redis broker."""
    client = getattr(app.backend, "client", None)
    if client is not None and callable(getattr(client, "register_script", None)):
        return client
    url = app.conf.broker_url or ""
    if isinstance(url, str) and url.startswith(("redis://", "rediss://", "unix://")):
        import redis

        return redis.Redis.from_url(url)
    raise ConfigError(
        "waitable.celery keeps its fencing records in Redis: use a Redis result backend or "
        "broker, or give register(app, fence=redis.Redis(...))"
    )


_fences: dict[int, _Fence] = {}


def _fence(app: Celery, client: Any = None) -> _Fence:
    found = _fences.get(id(app))
    if found is None or client is not None:
        found = _fences[id(app)] = _Fence(client if client is not None else _redis_client(app))
    return found


def _ttl(state: WaitState, now: float) -> int:
    if state.deadline is None:
        return _NO_DEADLINE_TTL
    return int(max(state.deadline - now, 0.0)) + DONE_TTL


def max_hop(app: Celery) -> float:
    """The longest hop: 45% of the broker's visibility timeout (``broker_transport_options``
    ``visibility_timeout``; 3600 s for Redis, 1800 s for SQS and for RabbitMQ, whose
    ``consumer_timeout`` closes a channel holding a message unacknowledged for 30 min)."""
    options = app.conf.broker_transport_options or {}
    timeout = options.get("visibility_timeout")
    if timeout is None:
        scheme = str(app.conf.broker_url or "redis://").split(":", 1)[0].split("+")[0]
        timeout = _DEFAULT_VISIBILITY.get(scheme, 3600.0)
    return max(float(timeout) * 0.45, 0.05)


# --- the task --------------------------------------------------------------------------


class _Settings:
    def __init__(
        self,
        resolver: Union[Resolver, str, None],
        files: tuple[str, ...],
        adopt: bool,
        hop: Optional[float],
    ) -> None:
        self.resolver_spec = resolver
        self.files = files
        self.adopt = adopt
        self.hop = hop
        self._resolver: Optional[Resolver] = None

    @property
    def resolver(self) -> Optional[Resolver]:
        if self._resolver is None and self.resolver_spec is not None:
            spec = self.resolver_spec
            if isinstance(spec, str):
                spec = import_name(spec)
            if not callable(spec):
                raise ConfigError(f"resolver= {self.resolver_spec!r} is not callable")
            self._resolver = spec
        return self._resolver


def register(
    app: Celery,
    resolver: Union[Resolver, str, None] = None,
    *,
    files: Iterable[str] = (),
    fence: Any = None,
    adopt: bool = False,
    hop: Optional[float] = None,
) -> Task:
    """Make the polling task on ``app`` (the workers' app) and return it; again on the
    same app, the same task.

    ``resolver``: the client for a waiter reference (``waitable.resume``), a callable or
    ``"module:name"`` imported on first use; ``files``: waiter files a state may name;
    ``fence``: a Redis client for the fencing records (default: the result backend's,
    else the broker's); ``adopt``: go on with states made for an older definition;
    ``hop``: the longest ETA in seconds (default ``max_hop(app)``)."""
    if fence is not None:
        _fence(app, fence)
    made = _tasks.get(id(app))
    if made is not None:
        return made
    settings = _Settings(resolver, tuple(files), adopt, hop)

    @app.task(  # type: ignore[untyped-decorator]
        name=TASK,
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        serializer="json",
        max_retries=None,
        ignore_result=False,
        shared=False,
    )
    def poll(self: Task, state_json: str, hop_id: str, previous: str = "") -> Any:
        return _hop(self, settings, state_json, hop_id, previous)

    _tasks[id(app)] = poll
    return poll


_tasks: dict[int, Task] = {}


def _hop(task: Task, settings: _Settings, state_json: str, hop: str, previous: str) -> Any:
    app = task.app
    state = WaitState.from_json(state_json)
    fence = _fence(app)
    now = time.time()
    held = fence.claim(state.id, hop, previous, _ttl(state, now))
    if held is None:
        logger.info("wait %s: hop %s is not the live one (a duplicate): dropped", state.id, hop)
        raise Ignore()
    if held.startswith("done:") and task.AsyncResult(task.request.id).state in READY_STATES:
        raise Ignore()  # a redelivery of the last hop, whose result is stored
    waiter = resume(state, resolver=settings.resolver, files=settings.files)
    assert isinstance(waiter, Waiter)  # resume(awaited=False)
    try:
        step = waiter.poll(state, adopt=settings.adopt)
    except Exception:
        fence.swap(state.id, held, f"done:{hop}", DONE_TTL)
        raise
    if step.done:
        if not fence.swap(state.id, held, f"done:{hop}", DONE_TTL):
            raise Ignore()  # another copy of this hop went on
        try:
            result = step.result()
        except WaiterError as error:
            raise remote_error(error) from None
        return jsonable(result.response)
    after = time.time()
    if step.called:
        task.update_state(state=WAITING, meta=progress(step.state, after))
    limit = settings.hop if settings.hop is not None else max_hop(app)
    due = step.next_at if step.next_at is not None else after
    eta = min(due, after + limit)
    following = uuid.uuid4().hex[:16]
    task.retry(
        args=(step.state.to_json(), following, hop),
        eta=datetime.datetime.fromtimestamp(eta, tz=datetime.timezone.utc),
        throw=False,
    )
    fence.swap(state.id, held, f"hop:{following}", _ttl(step.state, after))
    raise Ignore()


def start(
    app: Celery,
    state: WaitState,
    *,
    link: Any = None,
    link_error: Any = None,
    **options: Any,
) -> AsyncResult:
    """Start polling ``state`` on ``app``'s workers and return its ``AsyncResult``, whose
    id is the wait's id. ``res.get()`` gives the final response (JSON data), or raises
    the ``WaiterError`` (this module's subclasses); ``res.state`` is ``WAITING`` and
    ``res.info`` ``progress()``'s dict between polls. ``link``/``link_error`` run once,
    at the end; other ``options`` go to ``apply_async`` (``queue``, ``priority``...).

    Starting the same wait id twice sends nothing the second time: the same result."""
    if not isinstance(state, WaitState):
        raise TypeError(f"start() takes a WaitState (waiter.start(...)), not {state!r}")
    now = time.time()
    hop = uuid.uuid4().hex[:16]
    result: AsyncResult = app.AsyncResult(state.id)
    if not _fence(app).begin(state.id, hop, _ttl(state, now)):
        return result
    app.backend.store_result(state.id, progress(state, now), WAITING)
    eta = None
    if state.next_at > now + 0.001:
        eta = datetime.datetime.fromtimestamp(
            min(state.next_at, now + max_hop(app)), tz=datetime.timezone.utc
        )
    sent: AsyncResult = app.send_task(
        TASK,
        args=(state.to_json(), hop, ""),
        task_id=state.id,
        link=link,
        link_error=link_error,
        eta=eta,
        serializer="json",
        **options,
    )
    return sent


def fence_of(app: Celery, wait_id: str) -> Optional[str]:
    """The fencing record of a wait: ``hop:<id>`` while it runs, ``done:<id>`` after."""
    return _fence(app).read(wait_id)
