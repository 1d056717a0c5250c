"""Schema 1 states, as the code before schema 2 wrote them (tests/waiters/v1_states.json,
made at commit 2225590), still read: a state parked in a queue or a database survives an
upgrade, and the wait goes on exactly as it would have gone on before it."""

from __future__ import annotations

import datetime
import json
import os
from typing import Any

import pytest

import waitable

DOC: dict[str, Any] = {
    "version": 2,
    "waiters": {
        "Ready": {
            "operation": "GetThing",
            "delay": 5,
            "maxAttempts": 4,
            "acceptors": [
                {"matcher": "path", "argument": "State", "expected": "ok", "state": "success"},
                {"matcher": "error", "expected": "Busy", "state": "retry"},
                {"matcher": "path", "argument": "State", "expected": "wip", "state": "retry"},
                {"matcher": "status", "expected": 503, "state": "retry"},
            ],
        }
    },
}

ANSWERS: list[Any] = [
    {"State": "wip"},
    "busy",
    {"ResponseMetadata": {"HTTPStatusCode": 503}},
    {"State": "wip", "ResponseMetadata": {"HTTPStatusCode": 200}},
    {"State": "wip"},
]

with open(os.path.join(os.path.dirname(__file__), "v1_states.json"), encoding="utf-8") as _file:
    CASES = json.load(_file)


class BusyError(Exception):
    def __init__(self) -> None:
        super().__init__("busy")
        self.response = {
            "Error": {"Code": "Busy", "Message": "m"},
            "ResponseMetadata": {"HTTPStatusCode": 429},
        }


def _waiter() -> tuple[Any, list[dict[str, Any]]]:
    calls: list[dict[str, Any]] = []

    def get_thing(**params: Any) -> Any:
        answer = ANSWERS[min(len(calls), len(ANSWERS) - 1)]
        calls.append(params)
        if answer == "busy":
            raise BusyError()
        return answer

    waiter = waitable.load(DOC).get_waiter("Ready", {"GetThing": get_thing})
    return waitable.register("v1-fixture", waiter), calls


def _ending(step: Any) -> list[Any]:
    try:
        result = step.result()
    except waitable.WaiterError as exc:
        return [type(exc).__name__, str(exc), exc.attempts, dict(exc.observed), exc.__notes__]
    return ["success", result.attempts]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"after-{case['polled']}-polls")
def test_a_schema_1_state_is_read_and_its_wait_goes_on_as_before(case: dict[str, Any]) -> None:
    waiter, calls = _waiter()
    calls.extend([{}] * case["polled"])  # the answers go on where the first polls left them
    state = waitable.WaitState.from_json(case["state"])
    assert state.params["Blob"] == b"\x00\xff"
    assert state.params["When"] == datetime.datetime(
        2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc
    )
    assert waitable.resume(state).name == "Ready"  # rebound by the name the state keeps
    now, delays = state.next_at, []
    while True:
        step = waiter.poll(state, now=now)
        if step.done:
            break
        delays.append(step.next_delay)
        state = waitable.WaitState.from_json(step.state.to_json())
        now = step.next_at
    assert delays == case["delays"]
    assert len(calls) == case["calls"]
    assert _ending(step) == case["ending"]
    assert len(calls[case["polled"] :]) == case["calls"] - case["polled"]
    assert calls[-1] == {"Id": "j-1", "Blob": b"\x00\xff", "When": state.params["When"]}


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"after-{case['polled']}-polls")
def test_a_schema_1_state_read_as_data_too(case: dict[str, Any]) -> None:
    data = json.loads(case["state"])
    assert waitable.WaitState.from_dict(data) == waitable.WaitState.from_json(case["state"])
