"""What waitable relies on in tenacity, pinned for the supported range (pyproject).

The judge drives tenacity's strategy objects on its own ``AttemptState`` (a
``RetryCallState`` whose ``outcome`` Future is built lazily). It uses only
``RetryCallState``'s public attributes and ``prepare_for_next_attempt()``, and
``Future.construct``; these tests fail if a tenacity release changes any of them.
"""

from __future__ import annotations

import inspect
import random

import pytest
import tenacity
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tenacity import RetryCallState

from waitable._waiters.options import Options
from waitable._waiters.policy import Policy
from waitable._waiters.retrying import AttemptState, new_state


def test_retry_call_state_has_the_public_attributes_used() -> None:
    state = RetryCallState(None, None, (), {})  # type: ignore[arg-type]
    for name in (
        "start_time",
        "attempt_number",
        "outcome",
        "outcome_timestamp",
        "idle_for",
        "upcoming_sleep",
        "seconds_since_start",
        "prepare_for_next_attempt",
    ):
        assert hasattr(state, name), name
    assert list(inspect.signature(RetryCallState).parameters) == [
        "retry_object",
        "fn",
        "args",
        "kwargs",
    ]
    assert tenacity.Future.construct(1, "x", False).result() == "x"


def test_outcome_is_built_on_first_read_and_reset_for_the_next_attempt() -> None:
    state = AttemptState(None, None, (), {})  # type: ignore[arg-type]
    state.start_time = 100.0
    state.record(({"State": "PENDING"}, None, None), 103.0)
    assert state.seconds_since_start == 3.0
    assert state.outcome is not None
    assert state.outcome.result() == {"State": "PENDING"}
    assert not state.outcome.failed
    state.prepare_for_next_attempt()
    assert state.outcome is None
    assert state.attempt_number == 2
    error = KeyError("x")
    state.record(({"Error": {"Code": "KeyError"}}, ("KeyError",), error), 104.0)
    assert state.outcome is not None
    assert state.outcome.failed
    assert state.outcome.exception() is error


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        (tenacity.stop_after_attempt(2), True),
        (tenacity.stop_after_delay(5), True),
        (tenacity.stop_before_delay(6), True),  # reads upcoming_sleep
        (tenacity.wait_exponential(multiplier=1, max=30), 2.0),
        (tenacity.wait_incrementing(start=1, increment=2), 3.0),
        (tenacity.wait_fixed(3) + tenacity.wait_fixed(1), 4.0),
        (tenacity.retry_if_result(lambda r: r == {"State": "PENDING"}), True),
        (tenacity.retry_if_exception_type(KeyError), False),
    ],
)
def test_tenacity_strategies_read_the_state_as_they_would_their_own(
    strategy: object, expected: object
) -> None:
    state = AttemptState(None, None, (), {})  # type: ignore[arg-type]
    state.start_time = 0.0
    state.record(({"State": "PENDING"}, None, None), 1.0)
    state.prepare_for_next_attempt()
    state.record(({"State": "PENDING"}, None, None), 5.0)
    state.upcoming_sleep = 1.0
    assert strategy(state) == expected  # type: ignore[operator]


# Policy.decide stands for the strategies Policy.strategies() builds from the numbers
# alone: for any numbers, attempt and moment, both give the same delay and stop.
_seconds = st.floats(min_value=0.0, max_value=1e4, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(
    delay=st.one_of(st.integers(0, 300), _seconds),
    max_attempts=st.one_of(st.none(), st.integers(1, 50)),
    backoff=st.one_of(st.none(), st.tuples(_seconds, st.one_of(st.none(), _seconds))),
    max_wait=st.one_of(st.none(), st.floats(min_value=0.001, max_value=1e5)),
    attempt=st.integers(1, 60),
    elapsed=st.floats(min_value=0.0, max_value=2e5),
    seed=st.integers(0, 2**32),
)
@example(5, None, None, 20.0, 3, 10.0, 0)  # exactly the floor before the deadline
@example(5, 3, None, 20.0, 3, 20.0, 0)  # at the deadline and the attempt limit
@example(5, 4, (2.0, 40.0), 30.0, 4, 28.0, 7)  # backoff, clamped
def test_inline_decisions_are_the_strategies_decisions(
    delay: float,
    max_attempts: int | None,
    backoff: tuple[float, float | None] | None,
    max_wait: float | None,
    attempt: int,
    elapsed: float,
    seed: int,
) -> None:
    low, high = backoff if backoff is not None else (None, None)
    if low is not None and high is not None and low > high:
        low, high = high, low
    if low == 0.0 and high is None:
        high = 1.0  # Smithy's default cap from a zero minimum
    options = Options.build("test", {"random": random.Random(seed)})
    policy = Policy(delay, max_attempts, options, min_delay=low, max_delay=high, max_wait=max_wait)
    twin = Policy(
        delay,
        max_attempts,
        options.seeded(random.Random(seed).uniform),
        min_delay=low,
        max_delay=high,
        max_wait=max_wait,
    )
    assert policy.inline
    stop, wait = twin.strategies()
    state = new_state({}, 1000.0)
    state.attempt_number = attempt
    state.record((None, None, None), 1000.0 + elapsed)
    expected = (wait(state), stop(state))
    assert policy.decide(attempt, (1000.0 + elapsed) - 1000.0) == expected


def test_a_strategy_of_the_callers_is_not_decided_inline() -> None:
    for options in ({"wait": tenacity.wait_fixed(1)}, {"stop": tenacity.stop_never}):
        assert not Policy(5, 3, Options.build("test", options)).inline
