"""The polling task, ``start`` and the rescue sweep the workers run."""

from __future__ import annotations

import datetime
import json
import logging
import time
import uuid
from collections.abc import Iterable
from typing import Any, Optional, Union

from celery import Celery, Task, bootsteps
from celery.exceptions import Ignore
from celery.result import AsyncResult
from celery.states import READY_STATES

from .._core.operations import import_name
from .._errors import ConfigError, WaiterError
from .._resume import Resolver, resume
from .._waiters.counted import said
from .._waiters.state import WaitState
from .._waiters.waiter import Waiter
from ._records import DONE_TTL, records
from ._remote import jsonable, remote_error

TASK = "waitable.celery.poll"
"""The name of the polling task (``register`` makes it, ``start`` sends to it)."""

WAITING = "WAITING"
"""The custom Celery state of a wait between polls; ``res.info`` is ``progress``'s dict."""

_NO_DEADLINE_TTL = 30 * 86_400
_DEFAULT_VISIBILITY = {"sqs": 1800.0, "amqp": 1800.0, "pyamqp": 1800.0}  # else 3600 (Redis)
_RESCUE_BATCH = 100

logger = logging.getLogger("waitable.celery")


def progress(
    state: WaitState, now: Optional[float] = None, waiter: Optional[Waiter] = None
) -> dict[str, Any]:
    """What ``res.info`` holds while a wait is ``WAITING``: the ``wait`` id, the
    ``waiter`` reference, ``attempt`` (calls made), ``verdict`` (of the last call),
    ``next_at`` and ``deadline`` (epoch seconds), ``elapsed`` (seconds since the start)
    and ``seen`` (what the retried calls showed, in words, counted: as ``waiter`` says
    them; without it, a path's value is said by its acceptor's index)."""
    at = time.time() if now is None else now
    seen = said(None, state.seen) if waiter is None else waiter.observed(state)
    return {
        "wait": state.id,
        "waiter": dict(state.waiter),
        "attempt": state.attempts,
        "verdict": state.verdict,
        "next_at": state.next_at,
        "deadline": state.deadline,
        "elapsed": round(at - state.start, 3),
        "seen": seen,
    }


# --- timing ----------------------------------------------------------------------------


def _ttl(state: WaitState, now: float) -> int:
    if state.deadline is None:
        return _NO_DEADLINE_TTL
    return int(max(state.deadline - now, 0.0)) + DONE_TTL


def _visibility(app: Celery) -> tuple[float, float]:
    """The broker's visibility timeout, and how often Redis's transport sweeps for
    messages past it (0 for brokers that redeliver by themselves)."""
    options = app.conf.broker_transport_options or {}
    scheme = str(app.conf.broker_url or "redis://").split(":", 1)[0].split("+")[0]
    timeout = options.get("visibility_timeout")
    if timeout is None:
        timeout = _DEFAULT_VISIBILITY.get(scheme, 3600.0)
    sweep = 0.0
    if scheme in ("redis", "rediss", "sentinel", "unix"):
        # kombu's defaults: a sweep every interval x throttle seconds
        interval = options.get("unacked_restore_interval", 10)
        throttle = options.get("unacked_restore_throttle", 10)
        sweep = float(interval) * max(float(throttle), 1.0)
    return float(timeout), sweep


def max_hop(app: Celery) -> float:
    """The longest hop: 45% of the broker's visibility timeout (``broker_transport_options``
    ``visibility_timeout``; 3600 s for Redis, 1800 s for SQS and for RabbitMQ, whose
    ``consumer_timeout`` closes a channel holding a message unacknowledged for 30 min)."""
    return max(_visibility(app)[0] * 0.45, 0.05)


def rescue_after(app: Celery) -> float:
    """How late a hop may run before the rescue re-sends its wait: twice the visibility
    timeout plus the transport's sweep period (a message held by a dead worker comes back
    within one timeout and one sweep; the second timeout is for a busy queue)."""
    settings = _settings.get(id(app))
    if settings is not None and settings.rescue_after is not None:
        return settings.rescue_after
    timeout, sweep = _visibility(app)
    return 2 * timeout + sweep


# --- the task --------------------------------------------------------------------------


def _positive(name: str, value: Optional[float]) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ConfigError(f"register(): {name}= takes a number of seconds above 0, not {value!r}")
    return float(value)


class _Settings:
    def __init__(
        self,
        resolver: Union[Resolver, str, None],
        files: tuple[str, ...],
        adopt: bool,
        hop: Optional[float],
        rescue_after: Optional[float],
        sweep_every: Optional[float],
    ) -> None:
        self.resolver_spec = resolver
        self.files = files
        self.adopt = adopt
        self.hop = _positive("hop", hop)
        self.rescue_after = _positive("rescue_after", rescue_after)
        self.sweep_every = _positive("sweep_every", sweep_every)
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


_settings: dict[int, _Settings] = {}
_tasks: dict[int, Task] = {}


def register(
    app: Celery,
    resolver: Union[Resolver, str, None] = None,
    *,
    files: Iterable[str] = (),
    fence: Any = None,
    adopt: bool = False,
    hop: Optional[float] = None,
    rescue_after: Optional[float] = None,
    sweep_every: Optional[float] = None,
) -> Task:
    """Make the polling task on ``app`` (the workers' app) and return it; again on the
    same app, the same task.

    ``resolver``: the client for a waiter reference (``waitable.resume``), a callable or
    ``"module:name"`` imported on first use; ``files``: waiter files a state may name;
    ``fence``: a Redis client for the wait records (default: the result backend's,
    else the broker's); ``adopt``: go on with states made for an older definition;
    ``hop``: the longest ETA in seconds (default ``max_hop(app)``); ``rescue_after``:
    seconds past its ETA before a hop counts as lost (default ``rescue_after(app)``);
    ``sweep_every``: seconds between each worker's rescue sweeps (default a quarter of
    ``rescue_after``, at most 60)."""
    if fence is not None:
        records(app, fence)
    made = _tasks.get(id(app))
    if made is not None:
        return made
    settings = _settings[id(app)] = _Settings(
        resolver, tuple(files), adopt, hop, rescue_after, sweep_every
    )

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

    app.steps["worker"].add(_RescueSweep)
    _tasks[id(app)] = poll
    return poll


def _hop(task: Task, settings: _Settings, state_json: str, hop: str, previous: str) -> Any:
    app = task.app
    state = WaitState.from_json(state_json)
    fence = records(app)
    now = time.time()
    late = rescue_after(app)
    held = fence.claim(state.id, hop, previous, _ttl(state, now), state_json, now + late)
    if held is None:
        logger.info("wait %s: hop %s is not the live one (a duplicate): dropped", state.id, hop)
        raise Ignore()
    if held.startswith("done:") and task.AsyncResult(task.request.id).state in READY_STATES:
        raise Ignore()  # a redelivery of the last hop, whose result is stored
    try:
        waiter = resume(state, resolver=settings.resolver, files=settings.files)
        assert isinstance(waiter, Waiter)  # resume(awaited=False)
        step = waiter.poll(state, adopt=settings.adopt)
    except Exception:  # the wait ends with it (its records too: no rescue re-sends it)
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
        task.update_state(state=WAITING, meta=progress(step.state, after, waiter))
    limit = settings.hop if settings.hop is not None else max_hop(app)
    due = step.next_at if step.next_at is not None else after
    eta = min(due, after + limit)
    following = uuid.uuid4().hex[:16]
    going_on = step.state.to_json()
    task.retry(
        args=(going_on, following, hop),
        eta=datetime.datetime.fromtimestamp(eta, tz=datetime.timezone.utc),
        throw=False,
    )
    ttl = _ttl(step.state, after)
    fence.swap(state.id, held, f"hop:{following}", ttl, going_on, eta + late)
    raise Ignore()


SEND_OPTIONS = frozenset({"queue", "routing_key", "exchange", "priority", "headers"})
"""The ``apply_async`` options ``start`` takes besides the links: where the hops go.
Timing (``eta``, ``countdown``, ``expires``) is the wait's own, the ids are its own."""


def _send_options(link: Any, link_error: Any, options: dict[str, Any]) -> str:
    """How the wait was sent, as JSON: a rescue re-sends it the same way."""
    unknown = sorted(set(options) - SEND_OPTIONS)
    if unknown:
        raise ConfigError(
            f"start(): {', '.join(unknown)} is not an option start() takes; it takes "
            f"link, link_error, {', '.join(sorted(SEND_OPTIONS))} (the wait's timing and "
            "ids are its own)"
        )
    send = {"link": link, "link_error": link_error, **options}
    for name, value in send.items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            raise ConfigError(
                f"start(): {name}= {value!r} is not JSON data; the wait's records keep how "
                "it was sent, to re-send a lost hop the same way (give a queue by its name, "
                "a link as a signature)"
            ) from None
    return json.dumps(send)


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
    at the end; ``options`` are where the hops go (``queue``, ``routing_key``,
    ``exchange``, ``priority``, ``headers``: ``SEND_OPTIONS``), JSON data like the links,
    for a rescued hop is sent with them again.

    Starting the same wait id twice sends nothing the second time: the same result."""
    if not isinstance(state, WaitState):
        raise TypeError(f"start() takes a WaitState (waiter.start(...)), not {state!r}")
    send = _send_options(link, link_error, options)
    now = time.time()
    hop = uuid.uuid4().hex[:16]
    result: AsyncResult = app.AsyncResult(state.id)
    due = max(min(state.next_at, now + max_hop(app)), now)
    text = state.to_json()
    if not records(app).begin(state.id, hop, _ttl(state, now), text, send, due + rescue_after(app)):
        return result
    app.backend.store_result(state.id, progress(state, now), WAITING)
    eta = None
    if due > now + 0.001:
        eta = datetime.datetime.fromtimestamp(due, tz=datetime.timezone.utc)
    sent: AsyncResult = app.send_task(
        TASK,
        args=(text, hop, ""),
        task_id=state.id,
        link=link,
        link_error=link_error,
        eta=eta,
        serializer="json",
        **options,
    )
    return sent


def rescue(app: Celery, now: Optional[float] = None) -> list[str]:
    """Re-send every wait whose live hop is overdue by ``rescue_after(app)`` (lost by the
    broker) and return their ids. Each worker runs this every ``sweep_every`` seconds;
    it is safe to run anywhere, at any time, in any number of processes at once."""
    at = time.time() if now is None else now
    late = rescue_after(app)
    found = records(app).take_overdue(at, at + late, _RESCUE_BATCH)
    sent = []
    for wait, hop, lost, state_json, send in found:
        logger.warning(
            "wait %s: hop %s has not run %.0f s past its ETA (lost by the broker); "
            "re-sent as hop %s",
            wait,
            lost,
            late,
            hop,
        )
        try:
            app.send_task(TASK, args=(state_json, hop, ""), task_id=wait, serializer="json", **send)
        except Exception:  # one wait's failure must not strand the rest of the batch
            logger.exception("wait %s: the rescue could not re-send it (tried again later)", wait)
        else:
            sent.append(wait)
    return sent


def sweep_every(app: Celery) -> float:
    """Seconds between a worker's rescue sweeps."""
    settings = _settings.get(id(app))
    if settings is not None and settings.sweep_every is not None:
        return settings.sweep_every
    return min(max(rescue_after(app) / 4, 0.25), 60.0)


class _RescueSweep(bootsteps.StartStopStep):  # type: ignore[misc]
    """A worker step: ``rescue(app)`` every ``sweep_every(app)`` seconds on the worker's
    timer (Celery's documented way to run something periodically inside a worker)."""

    requires = ("celery.worker.components:Timer",)

    def __init__(self, worker: Any, **kwargs: Any) -> None:
        self.tref: Any = None

    def start(self, worker: Any) -> None:
        app = worker.app
        self.tref = worker.timer.call_repeatedly(sweep_every(app), _sweep, (app,), priority=10)

    def stop(self, worker: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None


def _sweep(app: Celery) -> None:
    try:
        rescue(app)
    except Exception:  # a sweep must never stop the worker's timer; the next one retries
        logger.exception("waitable.celery: the rescue sweep failed")


def fence_of(app: Celery, wait_id: str) -> Optional[str]:
    """The fencing record of a wait: ``hop:<id>`` while it runs, ``done:<id>`` after."""
    return records(app).read(wait_id)
