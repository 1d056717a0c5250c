"""Durable waits: a wait's progress as plain, versioned JSON (``WaitState``), polled one
step at a time by whatever runs it (a Celery task, a cron job, a Lambda function, a row
in a database), in any process, with exactly the decisions ``wait()`` makes.

``start`` makes the state (no I/O); ``poll`` makes exactly one call and judges it with
``judge.step``, the decision core ``wait()`` runs on; ``advance`` judges a call the
caller made itself. Between polls nothing lives in memory: times are wall-clock epoch
seconds, jitter comes from a seed stored in the state and the attempt number, and a
timeout's summary is kept as bounded counters, never raw responses.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Callable

from .._core.frozen import set_field
from .._core.operations import import_name
from .._errors import (
    ConfigError,
    DefinitionChangedError,
    StateError,
    WaiterError,
    WaiterTimeoutError,
)
from .attempts import WaitResult, raised_or_reraise, returned
from .counted import Counted
from .jsondata import decode, encode
from .judge import Plan, Tally, count, schedule, step
from .options import Options
from .policy import Policy
from .state import FIELDS, WaitState

if TYPE_CHECKING:
    from .attempts import Outcome

_NEXT_AT, _DEADLINE, _DIGEST = (FIELDS.index(n) for n in ("next_at", "deadline", "digest"))
_RESUMED = itemgetter(
    *(
        FIELDS.index(name)
        for name in ("attempts", "slept", "retried", "seen", "params", "policy", "start", "seed")
    )
)
"""What ``_resume`` reads of a state's row, in one call."""

GRACE = 1.0
"""Seconds a poll may arrive after the deadline and still make the final call (an
engine delivers a poll a little after the time it was asked for). Later, the wait ends
as ``Max wait time exceeded`` without a call."""

_EARLY = 0.001  # a poll this close to its time is on time
HOOKS = ("on_attempt", "retry_after", "wait", "stop")
"""The options a state names (``module:qualname``) for the polling process to import."""


class Step(tuple):  # type: ignore[type-arg]  # a tuple: a poll makes one, cheaply
    """What one poll did: the next ``state``, the ``verdict`` of its call (``success``,
    ``failure`` or ``retry``; None when it made none), whether the wait is ``done``, and
    when to poll next (``next_delay`` seconds, at ``next_at`` epoch seconds)."""

    __slots__ = ()

    if TYPE_CHECKING:
        state: WaitState
        verdict: str | None
        done: bool
        called: bool
        """Whether this poll called the operation (an early poll does not)."""
        next_delay: float | None
        next_at: float | None
        _result: WaitResult | WaiterError | None
    else:
        state, verdict, done, called, next_delay, next_at, _result = (
            property(itemgetter(i)) for i in range(7)
        )

    def __new__(
        cls,
        state: WaitState,
        verdict: str | None,
        now: float,
        *,
        called: bool = True,
        result: WaitResult | WaiterError | None = None,
        delay: float | None = None,
    ) -> Step:
        done = result is not None
        if done:
            return _made(cls, (state, verdict, True, called, None, None, result))
        next_at = state._row[_NEXT_AT]
        if delay is None:
            delay = max(next_at - now, 0.0)
        return _made(cls, (state, verdict, False, called, delay, next_at, None))

    def __repr__(self) -> str:
        return (
            f"Step(state={self.state!r}, verdict={self.verdict!r}, done={self.done!r}, "
            f"called={self.called!r}, next_delay={self.next_delay!r}, next_at={self.next_at!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_made, (Step, tuple(self)))

    def result(self) -> WaitResult:
        """The ``WaitResult``, or the ``WaiterError`` ``wait()`` would raise (raised)."""
        if self._result is None:
            raise StateError("the wait is not done: poll again at step.next_at")
        if isinstance(self._result, WaiterError):
            raise self._result
        return self._result


_made = tuple.__new__
_new = object.__new__


def start(
    plan: Plan,
    ref: Mapping[str, str] | None,
    params: dict[str, Any],
    *,
    now: float | None = None,
    wait_id: str | None = None,
) -> WaitState:
    """A new wait's state, its first poll due at once; no I/O. ``WaiterConfig`` in
    ``params`` is applied and checked, as ``wait()`` checks it."""
    name = plan.definition.name
    if ref is None:
        raise ConfigError(
            f"waiter {name!r} has no name to be found again by another process: load it "
            "from a file, a built-in service or for_client(), not from a dict"
        )
    config = params.pop("WaiterConfig", None)
    policy = plan.policy_for(config)
    hooks = _hook_names(name, policy.options)
    _refuse_transient(plan, policy.options)
    encoded = encode(params)  # refuses what JSON cannot hold, now
    at = time.time() if now is None else float(now)
    import random

    return WaitState(
        id=wait_id or uuid.uuid4().hex,
        waiter=dict(ref),
        digest=plan.digest,
        params=decode(encoded),
        _encoded=encoded,
        policy=(
            policy.delay,
            policy.max_attempts,
            policy.min_delay,
            policy.max_delay,
            policy.max_wait,
        ),
        start=at,
        deadline=None if policy.max_wait is None else at + policy.max_wait,
        next_at=at,
        attempts=0,
        slept=0.0,
        retried=None,
        seen=[],
        seed=random.getrandbits(32),
        hooks=hooks,
        verdict=None,
    )


def before_call(plan: Plan, state: WaitState, now: float, adopt: bool) -> Step | None:
    """The step of a poll that must not call (early, or past the deadline), else None."""
    row = state._row  # (a poll's hot path: the fields unpacked once, not one by one)
    next_at, deadline, digest = row[_NEXT_AT], row[_DEADLINE], row[_DIGEST]
    if digest != (plan._digest or plan.digest):
        check_digest(plan, state, adopt)
    if plan.policy.options.transient:
        _refuse_transient(plan, plan.policy.options)
    if next_at - now > _EARLY:  # an early or repeated delivery: nothing to do
        return Step(state, None, now, called=False)
    if deadline is not None and now > deadline + GRACE:
        policy, tally, params = _resume(plan, state)
        tally.attempts = state.attempts
        late = _late(plan, policy, tally, now, params)
        return Step(state.replace(verdict="retry"), "retry", now, called=False, result=late)
    return None


_UNSEEN: Outcome = (None, None, None)
"""The outcome a missed poll is counted with: no response, nothing to read."""


def catch_up(plan: Plan, state: WaitState, now: float, adopt: bool) -> WaitState:
    """``state`` moved on to the poll its schedule is at by ``now``: each poll due before
    then counted as made and retried, with the delays the policy gives after it (the
    same seeded jitter, the same deadline clamp), without calling. For an engine that
    re-creates a wait from an older copy of its state (Airflow's triggerer re-creates a
    trigger from the state it was deferred with): its attempts and backoff go on from
    where an unbroken wait would be, never from zero. What missed polls would have shown
    (``seen``, the last retry acceptor) cannot be known and stays as ``state`` has it;
    response-driven delays (``retry_after``) count as absent."""
    check_digest(plan, state, adopt)
    _refuse_transient(plan, plan.policy.options)
    while state.next_at < now and (state.deadline is None or state.next_at < state.deadline):
        policy, tally, params = _resume(plan, state)
        at = state.next_at
        delay = schedule(plan, policy, params, tally, _UNSEEN, at, False, at > tally.last_moment)
        if delay is None or at + delay > now:
            break  # the schedule ends at this poll, or the next is still ahead: poll now
        count(policy, tally, delay)
        state = _after(state, tally, "retry", at, delay)
    return state


def call_params(state: WaitState, acceptor_only: frozenset[str]) -> Mapping[str, Any]:
    """The parameters the operation is called with (not those only acceptors read)."""
    if not acceptor_only:
        return state.params
    return {k: v for k, v in state.params.items() if k not in acceptor_only}


def advance(plan: Plan, state: WaitState, outcome: Outcome, now: float, adopt: bool) -> Step:
    """The state after call ``state.attempts + 1`` gave ``outcome`` at ``now``."""
    check_digest(plan, state, adopt)
    _refuse_transient(plan, plan.policy.options)
    return judged(plan, state, outcome, now)


def judged(plan: Plan, state: WaitState, outcome: Outcome, now: float) -> Step:
    """``advance`` of a state ``before_call`` has checked (a poll's hot path)."""
    policy, tally, params = _resume(plan, state)
    try:
        ended = step(plan, policy, params, tally, outcome, now)
    except WaiterError as error:
        verdict = "retry" if isinstance(error, WaiterTimeoutError) else "failure"
        return Step(_after(state, tally, verdict, now, None), verdict, now, result=error)
    if isinstance(ended, WaitResult):
        return Step(_after(state, tally, "success", now, None), "success", now, result=ended)
    # ``_after`` and ``Step``, inline (a going poll's hot path)
    next_at, retried = now + ended, tally.retried
    index = None if retried is None else retried.index
    seen: Any = tally.seen  # a Counted: _resume made it
    going: WaitState = _new(WaitState)
    moving = (next_at, tally.attempts - 1, tally.slept, index, "retry", seen.entries)
    set_field(going, "_row", moving + state._row[6:])
    return _made(Step, (going, "retry", False, True, ended, next_at, None))


def outcome_of(
    response: Any, error: BaseException | None, named: frozenset[str], given: bool
) -> Outcome:
    """The outcome of a call the caller made: its ``response``, or the ``error`` it
    raised (raised again when no acceptor handles it, as ``wait()`` would)."""
    if error is not None:
        if given:
            raise TypeError("advance() takes a response or an error, not both")
        if not isinstance(error, Exception):
            raise TypeError(f"error= takes an exception, not {type(error).__name__}")
        return raised_or_reraise(error, named)
    return returned(response)


def check_digest(plan: Plan, state: WaitState, adopt: bool) -> None:
    """A state is pinned to the definition it was made for, unless ``adopt``."""
    if not adopt and state.digest != plan.digest:
        raise DefinitionChangedError(
            f"wait {state.id}: its state was made for waiter {plan.definition.name!r} with "
            f"definition {state.digest}; this process has {plan.digest}. Poll with "
            "adopt=True to go on under the new definition"
        )


def _refuse_transient(plan: Plan, options: Options) -> None:
    """A state does not carry ``transient=``: a process polling it without the option
    would judge throttling differently, so no durable wait takes it."""
    if options.transient:
        raise ConfigError(
            f"waiter {plan.definition.name!r}: transient= is not kept in a wait state, so "
            "another process polling it would judge throttling differently; use it with "
            "wait()"
        )


def _resume(plan: Plan, state: WaitState) -> tuple[Policy, Tally, Mapping[str, Any]]:
    attempts, slept, retried, seen, params, numbers, start, seed = _RESUMED(state._row)
    if numbers[2] is not None or numbers[3] is not None:  # min_delay, max_delay: jitter
        options = plan.policy.options.seeded(_jitter(seed, attempts + 1))
        policy = Policy.from_numbers(numbers, options)
    else:  # no jitter: the same policy for every poll, made once
        policy = plan.policy_of(numbers)
    if not policy.inline:  # a strategy of the caller's sees them as kwargs: a copy
        params = dict(params)
    tally = Tally(policy, start, Counted(plan._seen or plan.seen, seen), attempts + 1)
    tally.slept = slept
    if retried is not None:
        acceptors = plan.definition.acceptors
        if not 0 <= retried < len(acceptors):
            raise StateError(f"wait {state.id}: acceptor {retried} does not exist")
        tally.retried = acceptors[retried]
    return policy, tally, params


def _after(
    state: WaitState, tally: Tally, verdict: str, now: float, delay: float | None
) -> WaitState:
    """The state after a judged call: ``delay`` before the next, None when it ended (a
    going wait's tally already counts the next call)."""
    seen = tally.seen
    assert isinstance(seen, Counted)  # _resume made it: a copy of the state's counts
    return state.moved(
        now if delay is None else now + delay,
        tally.attempts if delay is None else tally.attempts - 1,
        tally.slept,
        None if tally.retried is None else tally.retried.index,
        verdict,
        seen.entries,
    )


def _late(plan: Plan, policy: Policy, tally: Tally, now: float, params: Any) -> WaiterError:
    from .judge import _ending

    ending = _ending(plan, policy, "retry", tally, now - tally.start, None, params)
    assert isinstance(ending, WaiterError)
    return ending


def _jitter(seed: int, attempt: int) -> Callable[[float, float], float]:
    """The jitter of retry ``attempt``: the same for every replay of that poll."""
    from random import Random

    return Random(seed * 1_000_003 + attempt).uniform


def _hook_names(waiter: str, options: Options) -> dict[str, str]:
    names = {}
    for option in HOOKS:
        value = getattr(options, option)
        if value is None:
            continue
        name = importable_name(value)
        if name is None:
            raise ConfigError(
                f"waiter {waiter!r}: {option}= {value!r} has no importable name, so a process "
                "polling this wait could not use it: give a module-level function (or "
                "strategy object) that module:name imports"
            )
        names[option] = name
    return names


def importable_name(value: Any) -> str | None:
    """``module:qualname`` that imports ``value`` itself, or None."""
    module, qualname = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
    if not module or not qualname or "<" in qualname:
        return None
    try:
        found = import_name(f"{module}:{qualname}")
    except Exception:
        return None
    return f"{module}:{qualname}" if found is value else None
