"""``catch_up``: a state re-created from an older copy goes on where an unbroken wait
would be (attempts, backoff, jitter), never from zero; the deadline never moves."""

from __future__ import annotations

import json
from typing import Any

import pytest

import waitable

SMITHY = {
    "Get": {
        "Ready": {
            "minDelay": 2,
            "maxDelay": 60,
            "acceptors": [
                {"state": "success", "matcher": {"output": {"path": "S", "expected": "ok",
                                                            "comparator": "stringEquals"}}},
                {"state": "retry", "matcher": {"success": False}},
            ],
        }
    }
}  # fmt: skip

BOTOCORE = {
    "version": 2,
    "waiters": {
        "Ready": {
            "operation": "Get",
            "delay": 5,
            "maxAttempts": 10,
            "acceptors": [
                {"matcher": "path", "argument": "S", "expected": "ok", "state": "success"},
                {"matcher": "path", "argument": "S", "expected": "wip", "state": "retry"},
            ],
        }
    },
}


def _waiter(tmp_path: Any, doc: dict[str, Any]) -> waitable.Waiter:
    file = tmp_path / "w.json"
    file.write_text(json.dumps(doc))
    return waitable.load(str(file)).get_waiter("Ready", {"Get": lambda: {"S": "wip"}})


def _unbroken(waiter: waitable.Waiter, state: waitable.WaitState, until: float) -> Any:
    """The state an uninterrupted poller (every poll on time, retried) is about to poll
    at ``until``: the last whose poll is due by then."""
    while True:
        step = waiter.poll(state, now=state.next_at)
        if step.done or step.state.next_at > until:
            return state
        state = step.state


@pytest.mark.parametrize("until", [0.0, 1.0, 7.5, 95.0, 400.0, 1199.0])
def test_smithy_backoff_goes_on_where_an_unbroken_wait_is(tmp_path: Any, until: float) -> None:
    waiter = _waiter(tmp_path, SMITHY)
    first = waiter.start(now=0.0, WaiterConfig={"MaxWaitTime": 1200})
    expected = _unbroken(waiter, first, until)
    caught = waiter.catch_up(first, now=until)
    assert caught.attempts == expected.attempts
    assert caught.next_at == pytest.approx(expected.next_at)
    assert caught.slept == pytest.approx(expected.slept)
    assert caught.deadline == first.deadline == 1200.0
    assert caught.start == first.start


def test_a_caught_up_state_polls_as_the_unbroken_one_does(tmp_path: Any) -> None:
    waiter = _waiter(tmp_path, SMITHY)
    first = waiter.start(now=0.0, WaiterConfig={"MaxWaitTime": 1200})
    caught = waiter.catch_up(first, now=300.0)
    expected = _unbroken(waiter, first, 300.0)
    assert caught.attempts > 4  # not reset: well into the backoff
    mine = waiter.poll(caught, now=300.0)
    theirs = waiter.poll(expected, now=300.0)
    assert mine.next_delay == pytest.approx(theirs.next_delay)  # same jitter, same exponent
    assert mine.state.attempts == theirs.state.attempts


def test_an_attempt_budget_is_not_refilled(tmp_path: Any) -> None:
    waiter = _waiter(tmp_path, BOTOCORE)
    first = waiter.start(now=0.0)
    caught = waiter.catch_up(first, now=1000.0)  # far past 10 attempts x 5 s
    assert caught.attempts == 9  # the tenth, last attempt is due
    assert caught.next_at == 45.0
    step = waiter.poll(caught, now=1000.0)
    with pytest.raises(waitable.WaiterTimeoutError, match="Max attempts exceeded"):
        step.result()
    assert step.state.attempts == 10


def test_a_due_or_future_state_is_unchanged(tmp_path: Any) -> None:
    waiter = _waiter(tmp_path, BOTOCORE)
    first = waiter.start(now=0.0)
    assert waiter.catch_up(first, now=0.0) is first
    assert waiter.catch_up(first, now=4.9) is first  # the second poll is not due yet
    later = waiter.poll(first, now=0.0).state
    assert waiter.catch_up(later, now=2.0) is later


def test_the_deadline_is_never_passed(tmp_path: Any) -> None:
    waiter = _waiter(tmp_path, SMITHY)
    first = waiter.start(now=0.0, WaiterConfig={"MaxWaitTime": 100})
    caught = waiter.catch_up(first, now=10_000.0)
    assert caught.next_at == pytest.approx(100.0)  # the final poll, at the deadline
    step = waiter.poll(caught, now=100.5)
    assert step.called
    with pytest.raises(waitable.WaiterTimeoutError, match="Max wait time exceeded"):
        step.result()


def test_a_state_made_for_another_definition_is_refused(tmp_path: Any) -> None:
    waiter = _waiter(tmp_path, BOTOCORE)
    state = waiter.start(now=0.0).replace(digest="0" * 16)
    with pytest.raises(waitable.DefinitionChangedError):
        waiter.catch_up(state, now=100.0)
    assert waiter.catch_up(state, now=100.0, adopt=True).attempts == 9
