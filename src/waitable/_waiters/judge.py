"""Every decision of one wait, free of I/O: botocore's loop on tenacity's strategies.

``begin()`` starts a wait (its policy, ``Tally`` and clock); ``step()`` judges each
call's ``Outcome``: the delay before the next call, or the ``WaitResult``, or it raises
the ``WaiterError``. The sync and async drivers (``waiter``) do the calling and
sleeping and hand every outcome to ``step``, so their decisions cannot drift apart.

It does not run inside ``tenacity.Retrying``: that loop costs about three times as much
per attempt as the rest of an attempt together (docs/performance.md). The strategies
see a real ``RetryCallState`` in the order tenacity uses them: ``wait`` first (so
``upcoming_sleep`` is known), then ``stop``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .._core.frozen import Frozen, set_field
from .._core.paths import is_jmespath_error
from .._core.text import brief
from .._errors import (
    ConfigError,
    FailureStateError,
    UnexpectedResponseError,
    WaitCancelledError,
    WaiterError,
    WaiterTimeoutError,
    add_note,
)
from .attempts import (
    ITEMS,
    UNREAD,
    Attempt,
    Recent,
    Seen,
    WaitResult,
    attempt_listener,
    http_status,
    is_data,
    path_slots,
    status_of,
    summary_note,
)
from .definitions import Acceptor, WaiterDefinition
from .matchers import PathMatcher
from .policy import Policy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Optional, Tuple

    from .attempts import Digest, Outcome
    from .counted import Counted
    from .retrying import AttemptState

    Check = Tuple[Acceptor, int, Optional[Callable[[Any], Any]], Any, Any]
    """How ``step`` tries one acceptor: ``(acceptor, slot, read, test, expected)``. A
    matcher that reads a path over the response (``plain_path``) tests the value in slot
    ``slot`` of what this call's acceptors read, ``read(response)`` when it is the first
    to read that path (else None: the value is already there): ``test(value)``, or, for
    ``path`` (test None), ``value == expected`` inline. Any other tests
    ``matches(response, codes, params)`` (slot -1). A successful response is tried by
    ``Plan._on_success`` (no matcher that names an error), an error response by
    ``_on_error`` (no path over the response)."""


class Plan(Frozen):
    """What a bound waiter decides with: its definition and policy (options included)."""

    __slots__ = (
        "definition",
        "policy",
        "_on_success",
        "_on_error",
        "_reads_paths",
        "_unread",
        "_digest",
        "_seen",
        "_policies",
    )

    definition: WaiterDefinition
    policy: Policy
    _digest: str | None
    _seen: Seen | None
    _policies: dict[tuple[Any, ...], Policy]
    _on_success: tuple[Check, ...]
    _on_error: tuple[Check, ...]
    _unread: list[Any]
    """One ``UNREAD`` per path slot: copied per call, filled as the acceptors read."""
    _reads_paths: bool
    """Whether an acceptor runs JMESPath over responses (which must then be data)."""

    def __init__(self, definition: WaiterDefinition, policy: Policy) -> None:
        set_field(self, "definition", definition)
        set_field(self, "policy", policy)
        checks = _checks(definition)
        set_field(self, "_on_success", tuple(c for c in checks if c[1] != -2))
        set_field(self, "_on_error", tuple(c for c in checks if c[1] < 0))
        set_field(self, "_unread", [UNREAD] * len(path_slots(definition)))
        set_field(self, "_reads_paths", any(a.matcher.reads_response for a in definition.acceptors))
        set_field(self, "_digest", None)
        set_field(self, "_seen", None)
        set_field(self, "_policies", {})

    @property
    def seen(self) -> Seen:
        """What each path acceptor reads of a response, digested and said (made once)."""
        if self._seen is None:
            set_field(self, "_seen", Seen(self.definition))
        assert self._seen is not None
        return self._seen

    def policy_of(self, numbers: tuple[Any, ...]) -> Policy:
        """The policy of these numbers (delay, max_attempts, min_delay, max_delay,
        max_wait) with this waiter's options, made once (its strategies too)."""
        found = self._policies.get(numbers)
        if found is None:
            found = Policy.from_numbers(numbers, self.policy.options)
            if len(self._policies) < 64:  # a few WaiterConfigs per waiter
                self._policies[numbers] = found
        return found

    @property
    def digest(self) -> str:
        """A short digest of the compiled definition (a durable wait's ``digest``)."""
        if self._digest is None:
            import hashlib

            text = repr(self.definition).encode()
            set_field(self, "_digest", hashlib.sha256(text).hexdigest()[:16])
        assert self._digest is not None
        return self._digest

    def policy_for(self, config: Any) -> Policy:
        """The policy of one wait: the waiter's, with its ``WaiterConfig`` applied."""
        policy = self.policy
        if config is not None:
            policy = policy.with_config(config, self.definition.name)
        if policy.max_wait is None and (
            policy.max_attempts is None or self.definition.needs_deadline
        ):
            raise ConfigError(
                f"waiter {self.definition.name!r} ({self.definition.style} format) needs a "
                "deadline: give WaiterConfig={'MaxWaitTime': seconds}"
            )
        return policy


class Tally:
    """One wait's progress: what ``wait()`` keeps between attempts in ``judge``'s frame,
    and a ``WaitState`` carries between polls. Both are judged by ``step``."""

    __slots__ = (
        "attempts",
        "start",
        "last_moment",
        "retried",
        "seen",
        "slept",
        "retry_state",
        "report",
        "response",
        "free",
        "digest",
        "readings",
    )

    def __init__(self, policy: Policy, start: float, seen: Any, attempts: int = 1) -> None:
        self.attempts = attempts
        """The number of the call being judged."""
        self.start = start
        self.last_moment = math.inf if policy.max_wait is None else start + policy.max_wait
        self.retried: Acceptor | None = None
        """The retry acceptor that matched last."""
        self.seen: Recent | Counted | None = seen
        """What retried calls showed, for a timeout's summary (``add(labels)``)."""
        self.slept = 0.0
        self.retry_state: AttemptState | None = None  # tenacity's, from the first retry on
        self.report = attempt_listener(policy.options.on_attempt)
        self.response: Any = None
        self.free = 0
        """Calls retried without spending an attempt (``transient=``): tenacity counts
        the attempts spent, ``attempts - free``."""
        self.digest: Digest | None = None
        """What the last retried call showed: an equal digest is kept as this object."""
        self.readings: list[Any] | None = None
        """What the acceptors read of the last retried call, when its digest holds them
        as read (plain values): a call that reads the same needs no digest made."""


def begin(
    plan: Plan, params: dict[str, Any], config: Any
) -> tuple[Policy, Tally, Callable[[], float]]:
    """One wait with ``params`` begins: its policy (``WaiterConfig`` applied), its
    tally, and its clock, read once here (the start)."""
    policy = plan.policy_for(config)
    clock = policy.options.clock
    start = clock()
    if not isinstance(start, (int, float)) or isinstance(start, bool):
        name = plan.definition.name
        raise ConfigError(f"waiter {name!r}: clock= returned {brief(start)}, not seconds")
    return policy, Tally(policy, start, None), clock


def cancelled(plan: Plan, tally: Tally, clock: Callable[[], float]) -> WaitCancelledError:
    """The error of a wait its caller cancelled before call ``tally.attempts``."""
    elapsed = clock() - tally.start
    return _cancelled(plan, tally.response, tally.attempts - 1, elapsed, tally.retried)


def step(
    plan: Plan,
    policy: Policy,
    params: Mapping[str, Any],
    tally: Tally,
    outcome: Outcome,
    now: float,
) -> float | WaitResult:
    """Judge the outcome of call ``tally.attempts``, made (and answered) at ``now``: the
    delay before the next call, or the ``WaitResult``; raises the ``WaiterError``. The
    one decision core of ``wait()`` and of a ``WaitState``'s polls."""
    response, codes, error = outcome
    tally.response = response
    attempts, start = tally.attempts, tally.start
    late = now > tally.last_moment
    # Smithy, step 2: past the allowed time, a response is not judged: the wait fails
    if plan._reads_paths and type(response) is not dict and not is_data(response):
        raise TypeError(
            f"waiter {plan.definition.name!r}: {plan.definition.operation} returned a "
            f"{type(response).__name__} object: JMESPath reads dicts and lists, and would "
            "see nothing in it; return a dict (dataclasses.asdict, model_dump(), vars())"
        )
    matched = None
    got = None  # what the acceptors read of a successful response, one slot per path
    if not late:
        try:  # the first acceptor that matches
            if codes is None:
                got = plan._unread.copy()
                for acceptor, slot, read, test, expected in plan._on_success:
                    if slot >= 0:  # a path over the response
                        if read is not None:
                            found = got[slot] = read(response)
                        else:
                            found = got[slot]
                        if found == expected if test is None else test(found):
                            matched = acceptor
                            break
                    elif test(response, None, params):
                        matched = acceptor
                        break
            else:
                for acceptor, _, _, test, _ in plan._on_error:
                    if test(response, codes, params):
                        matched = acceptor
                        break
        except Exception as exc:
            if is_jmespath_error(exc):  # as botocore: it propagates, its type unchanged
                add_note(exc, f"waiter {plan.definition.name!r}: {_place(acceptor)}")
                raise
            # the response itself fails (a raising __eq__)
            raise _unreadable(plan, acceptor, response, attempts, now - start, exc) from exc
    free = False  # a transient error under a deadline: retried, no attempt spent
    if matched is not None:
        verdict = matched.state
    elif codes is None or late:
        verdict = "retry"
    elif policy.options.transient and _transient(policy.options.transient, response, codes):
        verdict, free = "retry", policy.max_wait is not None
    else:  # botocore: an unmatched error response fails, anything else retries
        verdict = "failure"
    next_delay: float | None = None
    digest: Digest | None = None  # what this call showed: kept, or reported
    if verdict == "retry":
        said = plan._seen or plan.seen
        readings, last = tally.readings, tally.digest
        plain = got is not None  # readings a digest keeps as they are (``ITEMS``)
        if got is not None:
            for value in got:  # (inline: this runs at every retried call)
                kind = type(value)
                if kind in ITEMS:
                    continue
                if kind is list and len(value) <= 8:
                    for item in value:
                        if type(item) not in ITEMS:
                            break
                    else:
                        continue
                plain = False
                break
        made: Digest
        same = plain and readings is not None and got == readings
        if same and last and status_of(response) == last[1]:
            made = last  # what the last call read, read again: its digest, unmade
        else:
            made = said.digest(response, codes, params, got)
            if last is not None and made == last:  # the same: hours of it hold one
                made = last
            else:
                tally.digest = made
            # plain readings are what their digest holds: the next call that reads the
            # same (and answers with the same status) has this digest, unmade
            tally.readings = got if plain else None
        digest = made
        if made is not last:  # a call unlike the last: a new run of what calls showed
            seen = tally.seen
            if seen is None:  # made at the first retry: a wait that succeeds at once pays none
                seen = tally.seen = Recent(said)
            seen.add(made, attempts)
        if matched is not None:
            tally.retried = matched
        if policy.fixed:  # ``decide`` inline (no deadline: nothing is late, or free)
            next_delay = policy._fixed if attempts - tally.free < policy._stop_at else None
        elif policy.inline and not free:  # the numbers alone, as ``schedule`` decides them
            delay, stopped = policy.decide(attempts - tally.free, now - start)
            if type(delay) is not float:
                delay = _seconds(plan, delay)
            next_delay = None if stopped or late else delay
        else:
            next_delay = schedule(plan, policy, params, tally, outcome, now, free, late)
    if free:
        tally.free += 1
    if tally.report is not None:
        tally.report(
            Attempt(
                plan.definition.name,
                attempts,
                response,
                error,
                matched,
                verdict,
                now - start,
                next_delay,
                tuple(
                    plan.seen.labels(
                        plan.seen.digest(response, codes, params, got) if digest is None else digest
                    )
                ),
            )
        )
    if next_delay is None:
        ending = _ending(plan, policy, verdict, tally, now - start, matched, params)
        if isinstance(ending, WaitResult):
            return ending
        raise ending from error
    if policy.inline:  # ``count``, inline
        tally.slept += next_delay
        tally.attempts = attempts + 1
        return next_delay if type(next_delay) is float else float(next_delay)
    return count(policy, tally, next_delay)


def schedule(
    plan: Plan,
    policy: Policy,
    params: Mapping[str, Any],
    tally: Tally,
    outcome: Outcome,
    now: float,
    free: bool,
    late: bool,
) -> float | None:
    """The delay before the call after retried call ``tally.attempts`` (answered at
    ``now`` with ``outcome``), or None when the policy stops the wait there."""
    attempts, start = tally.attempts, tally.start
    stopped: bool | None = None  # None: tenacity's stop decides
    state = None
    if policy.inline:  # the numbers alone: as tenacity's strategies would decide
        delay, stopped = policy.decide(attempts - tally.free, now - start)
    else:
        state = tally.retry_state
        if state is None:
            from .retrying import new_state  # imports tenacity

            state = tally.retry_state = new_state(params, start)
            state.attempt_number, state.idle_for = attempts - tally.free, tally.slept
        stop, wait = policy.strategies()
        state.record(outcome, now)
        delay = state.upcoming_sleep = wait(state)  # tenacity's order: wait, then stop
    if type(delay) is not float:
        delay = _seconds(plan, delay)
    if free:  # bounded by the deadline alone
        return delay if now < tally.last_moment else None
    if stopped is None:
        assert state is not None  # made above
        stopped = stop(state)
    return None if stopped or late else delay


def _seconds(plan: Plan, delay: Any) -> Any:
    """A delay a strategy gave, checked to be seconds (a ``ConfigError`` if not)."""
    if not isinstance(delay, (int, float)):
        raise ConfigError(
            f"waiter {plan.definition.name!r}: its wait strategy gave {brief(delay)}, not seconds"
        )
    return delay


def count(policy: Policy, tally: Tally, next_delay: float) -> float:
    """Count a retried call and the delay ``schedule`` gave after it: the next call."""
    attempts = tally.attempts
    if policy.inline:  # no tenacity call state to keep
        tally.slept += next_delay
        tally.attempts = attempts + 1
        return float(next_delay)
    state = tally.retry_state
    assert state is not None  # a retry made it
    tally.slept = state.idle_for = state.idle_for + next_delay
    tally.attempts = attempts + 1  # the calls made; tenacity counts the attempts spent
    state.attempt_number = attempts + 1 - tally.free  # prepare_for_next_attempt(), less
    state.outcome_timestamp = None  # its outcome reset: record() resets that
    return float(next_delay)


def _checks(definition: WaiterDefinition) -> tuple[Check, ...]:
    """How ``step`` tries each acceptor (see ``Check``)."""
    slots = {argument: slot for slot, (_, argument, _, _) in enumerate(path_slots(definition))}
    paths = {argument: path for _, argument, path, _ in path_slots(definition)}
    checks: list[Check] = []
    for acceptor in definition.acceptors:
        matcher = acceptor.matcher
        if matcher.argument is None:  # reads no path
            kind = -1 if matcher.error_name is None else -2  # -2: matches errors alone
            checks.append((acceptor, kind, None, matcher.matches, None))
            continue
        path, slot = matcher.plain_path, slots[matcher.argument]
        if path is None or paths[matcher.argument] is not path:
            checks.append((acceptor, -1, None, matcher.matches, None))
            continue
        earlier = any(check[1] == slot for check in checks)  # read it: its value is there
        read = None if earlier else path.function()
        if type(matcher) is PathMatcher:  # botocore's ==, inline
            checks.append((acceptor, slot, read, None, matcher.expected))
        else:
            checks.append((acceptor, slot, read, matcher.test, None))
    return tuple(checks)


def _transient(transient: frozenset[str | int], response: Any, codes: tuple[Any, ...]) -> bool:
    """Whether an error response is one ``transient=`` retries: by its code, or by its
    HTTP status (``ResponseMetadata.HTTPStatusCode``)."""
    code = codes[0]
    if isinstance(code, (str, int)) and code in transient:
        return True
    status = http_status(response)
    return isinstance(status, int) and status in transient


def _place(acceptor: Acceptor) -> str:
    return f"acceptor {acceptor.index} ({acceptor.describe()}) could not read the response"


def _unreadable(
    plan: Plan,
    acceptor: Acceptor,
    response: Any,
    attempts: int,
    elapsed: float,
    exc: Exception,
) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        plan.definition.name,
        f"Acceptor {acceptor.index} ({acceptor.describe()}) could not read the response: "
        f"{brief(exc, 200, as_json=False)}",
        response,
        attempts=attempts,
        elapsed=elapsed,
        acceptor=acceptor,
    )


def _cancelled(
    plan: Plan, response: Any, attempts: int, elapsed: float, retried: Acceptor | None
) -> WaitCancelledError:
    return WaitCancelledError(
        plan.definition.name,
        "Cancelled",
        response,
        attempts=attempts,
        elapsed=elapsed,
        acceptor=retried,
    )


def _ending(
    plan: Plan,
    policy: Policy,
    verdict: str,
    tally: Tally,
    elapsed: float,
    matched: Acceptor | None,
    params: Mapping[str, Any],
) -> WaitResult | WaiterError:
    """How a wait ends: its result, or the error to raise."""
    name = plan.definition.name
    response, attempts, retried = tally.response, tally.attempts, tally.retried
    if verdict == "success":
        assert matched is not None
        return WaitResult(response, attempts, elapsed, matched)
    if verdict == "failure" and matched is None:
        error = response["Error"]
        return UnexpectedResponseError(
            name,
            f"An error occurred ({error.get('Code', 'Unknown')}): "
            f"{error.get('Message', 'Unknown')}",
            response,
            attempts=attempts,
            elapsed=elapsed,
        )
    if verdict == "failure":
        assert matched is not None
        return FailureStateError(
            name,
            f"Waiter encountered a terminal failure state: {matched.reason(response)}",
            response,
            attempts=attempts,
            elapsed=elapsed,
            acceptor=matched,
        )
    if policy.max_attempts is not None and attempts - tally.free >= policy.max_attempts:
        reason = "Max attempts exceeded"  # attempts spent: throttled calls are free
    elif policy.max_wait is not None and elapsed >= policy.max_wait:
        reason = "Max wait time exceeded"
    else:
        reason = f"Stop condition reached after {attempts} attempts ({elapsed:.3g} s)"
    if retried is not None:
        reason += f". Previously accepted state: {retried.explanation}"
    timeout = WaiterTimeoutError(
        name, reason, response, attempts=attempts, elapsed=elapsed, acceptor=retried
    )
    timeout.observed = {} if tally.seen is None else tally.seen.counts(attempts)  # none: {}
    add_note(timeout, summary_note(timeout.observed, attempts))
    return timeout
