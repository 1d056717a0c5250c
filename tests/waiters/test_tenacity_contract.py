"""What waitable relies on in tenacity, pinned for the supported range (pyproject).

The judge drives tenacity's strategy objects on its own ``AttemptState`` (a
``RetryCallState`` whose ``outcome`` Future is built lazily). It uses only
``RetryCallState``'s public attributes and ``prepare_for_next_attempt()``, and
``Future.construct``; these tests fail if a tenacity release changes any of them.
"""

from __future__ import annotations

import inspect

import pytest
import tenacity
from tenacity import RetryCallState

from waitable._waiters.retrying import AttemptState


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
