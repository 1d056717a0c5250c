"""The Temporal activities run in temporalio's own ``ActivityEnvironment`` (the SDK's
activity context, no server): what a poll returns, how the retry variant carries its
state between attempts in heartbeat details, which clock judges, and how errors end a
wait. The server end to end is in ``test_temporal.py``."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import json
from typing import Any

import pytest

import waitable
from conftest import Script, error

temporalio = pytest.importorskip("temporalio", reason="the temporal extra is not installed")
from temporalio.exceptions import ApplicationError, ApplicationErrorCategory  # noqa: E402
from temporalio.testing import ActivityEnvironment  # noqa: E402

import waitable.temporal as wt  # noqa: E402

START = 1_000_000.0  # the server's time at the attempt's start, epoch seconds
LATE = 0.5  # polls come this late after their delay (a poll's own time moves its next one)

SUCCESS = {"matcher": "path", "argument": "S", "expected": "up", "state": "success"}
FAILED = {"matcher": "path", "argument": "S", "expected": "gone", "state": "failure"}
DOWN = {"matcher": "path", "argument": "S", "expected": "down", "state": "retry"}


def doc(delay: float = 30, max_attempts: int = 5) -> dict[str, Any]:
    return {
        "version": 2,
        "waiters": {
            "Ready": {
                "operation": "GetThing",
                "delay": delay,
                "maxAttempts": max_attempts,
                "acceptors": [SUCCESS, FAILED, DOWN],
            }
        },
    }


def registered(name: str, script: Any, **kw: Any) -> waitable.Waiter:
    return waitable.register(
        name, waitable.load(doc(**kw)).get_waiter("Ready", {"GetThing": script})
    )


def env(at: float = START, details: tuple[Any, ...] = ()) -> ActivityEnvironment:
    made = ActivityEnvironment()
    started = datetime.datetime.fromtimestamp(at, tz=datetime.timezone.utc)
    made.info = dataclasses.replace(made.info, started_time=started, heartbeat_details=details)
    return made


def run(environment: ActivityEnvironment, fn: Any, *args: Any) -> Any:
    return asyncio.run(environment.run(fn, *args))


def test_poll_returns_each_step_as_json_data() -> None:
    script = Script({"S": "down"}, {"S": "up", "Body": b"ok"})
    state = registered("t-steps", script).start(Thing="a", now=START)
    polls = wt.Polls()
    first = run(env(START), polls.poll, state.to_json())
    assert first["done"] is False
    assert (first["verdict"], first["attempts"], first["next_delay"]) == ("retry", 1, 30)
    assert first["response"] is None
    assert first["error"] is None
    json.dumps(first)  # all JSON data: Temporal's converter stores it as it is
    second = run(env(START + 30 + LATE), polls.poll, first["state"])
    assert (second["done"], second["verdict"], second["attempts"]) == (True, "success", 2)
    assert second["next_delay"] is None
    assert second["response"] == {"S": "up", "Body": "ok"}  # bytes as text: JSON
    assert script.calls == [{"Thing": "a"}, {"Thing": "a"}]


def test_a_poll_judges_by_the_servers_clock_at_the_attempt_start() -> None:
    # a state due at START + 30 polled when the server says START + 10 is early: no call,
    # the rest of the delay; the worker's own clock (years later) is not asked
    script = Script({"S": "down"})
    state = registered("t-clock", script).start(now=START)
    polls = wt.Polls()
    first = run(env(START), polls.poll, state.to_json())
    early = run(env(START + 10), polls.poll, first["state"])
    assert early["verdict"] is None
    assert early["attempts"] == 1
    assert len(script.calls) == 1
    assert early["next_delay"] == pytest.approx(20, abs=0.5)
    # clock= judges by another clock: here, past the delay
    late = run(env(START + 10), wt.Polls(clock=lambda: START + 31).poll, first["state"])
    assert late["attempts"] == 2
    assert len(script.calls) == 2


def test_a_failure_is_the_steps_error_with_type_message_and_details() -> None:
    script = Script({"S": "down"}, {"S": "gone"})
    state = registered("t-fail", script).start(now=START)
    polls = wt.Polls()
    first = run(env(START), polls.poll, state.to_json())
    ended = run(env(START + 30 + LATE), polls.poll, first["state"])
    assert ended["done"] is True
    assert ended["verdict"] == "failure"
    assert ended["error"]["type"] == "FailureStateError"
    assert ended["error"]["message"].startswith(
        "Waiter Ready failed: Waiter encountered a terminal"
    )
    details = ended["error"]["details"]
    assert (details["name"], details["attempts"], details["last_response"]) == (
        "Ready",
        2,
        {"S": "gone"},
    )


def test_max_attempts_end_the_wait_as_a_timeout() -> None:
    script = Script({"S": "down"})
    state = registered("t-attempts", script, max_attempts=2).start(now=START)
    polls = wt.Polls()
    first = run(env(START), polls.poll, state.to_json())
    ended = run(env(START + 30 + LATE), polls.poll, first["state"])
    assert ended["error"]["type"] == "WaiterTimeoutError"
    assert "Max attempts exceeded" in ended["error"]["message"]


def test_poll_until_done_asks_to_be_retried_after_the_delay_with_its_state() -> None:
    script = Script({"S": "down"}, {"S": "down"}, {"S": "up"})
    state = registered("t-retry", script).start(now=START)
    polls = wt.Polls()
    beats: list[Any] = []
    first = env(START)
    first.on_heartbeat = lambda *details: beats.append(details)
    with pytest.raises(ApplicationError) as pending:
        run(first, polls.poll_until_done, state.to_json())
    assert pending.value.type == wt.PENDING
    assert not pending.value.non_retryable
    assert pending.value.next_retry_delay == datetime.timedelta(seconds=30)
    assert pending.value.category == ApplicationErrorCategory.BENIGN  # not logged as a failure
    (carried,) = beats[-1]
    assert waitable.WaitState.from_json(carried).attempts == 1
    # the next attempt gets the same input and the last heartbeat's details
    second = env(START + 30 + LATE, (carried,))
    second.on_heartbeat = lambda *details: beats.append(details)
    with pytest.raises(ApplicationError):
        run(second, polls.poll_until_done, state.to_json())
    (carried,) = beats[-1]
    assert waitable.WaitState.from_json(carried).attempts == 2
    done = run(env(START + 60 + 2 * LATE, (carried,)), polls.poll_until_done, state.to_json())
    assert done["done"]
    assert done["attempts"] == 3
    assert done["response"] == {"S": "up"}
    assert len(script.calls) == 3


def test_poll_until_done_never_goes_back_to_an_older_state() -> None:
    # details older than the input (a state restarted by hand) lose to the input
    script = Script({"S": "down"})
    state = registered("t-older", script).start(now=START)
    polls = wt.Polls()
    moved = run(env(START), polls.poll, state.to_json())
    beats: list[Any] = []
    attempt = env(START + 30 + LATE, (state.to_json(),))
    attempt.on_heartbeat = lambda *details: beats.append(details)
    with pytest.raises(ApplicationError):
        run(attempt, polls.poll_until_done, moved["state"])
    assert waitable.WaitState.from_json(beats[-1][0]).attempts == 2


def test_poll_until_done_refuses_details_of_another_wait() -> None:
    script = Script({"S": "down"})
    one = registered("t-other", script).start(now=START)
    other = registered("t-other", script).start(now=START)
    with pytest.raises(ApplicationError) as refused:
        run(env(START, (other.to_json(),)), wt.Polls().poll_until_done, one.to_json())
    assert refused.value.type == "StateError"
    assert refused.value.non_retryable
    assert other.id in str(refused.value)
    assert script.calls == []


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("{not json", "StateError", "must be JSON"),
        ('{"v": 99}', "StateError", "schema version 99"),
        (42, "StateError", "not int"),
    ],
)
def test_a_bad_state_ends_the_wait_naming_the_problem(text: Any, kind: str, words: str) -> None:
    for activity in (wt.Polls().poll, wt.Polls().poll_until_done):
        with pytest.raises(ApplicationError) as bad:
            run(env(), activity, text)
        assert bad.value.type == kind
        assert bad.value.non_retryable
        assert words in str(bad.value)


def test_an_error_no_acceptor_handles_ends_the_wait_not_retried() -> None:
    # wait() would raise it: the activity fails for good, naming its class
    script = Script(ConnectionResetError("reset by peer"))
    state = registered("t-raise", script).start(now=START)
    with pytest.raises(ApplicationError) as ended:
        run(env(), wt.Polls().poll, state.to_json())
    assert ended.value.type == "ConnectionResetError"
    assert ended.value.non_retryable
    assert "reset by peer" in str(ended.value)
    assert state.id in str(ended.value)


def test_an_error_response_no_acceptor_handles_is_an_unexpected_response() -> None:
    script = Script(error("Throttled"))
    state = registered("t-unexpected", script).start(now=START)
    ended = run(env(), wt.Polls().poll, state.to_json())
    assert ended["error"]["type"] == "UnexpectedResponseError"
    assert "Throttled" in ended["error"]["message"]


def test_a_waiter_not_registered_here_ends_the_wait() -> None:
    state = registered("t-gone", Script({"S": "up"})).start(now=START)
    text = state.to_json().replace('"registered":"t-gone"', '"registered":"t-nowhere"')
    with pytest.raises(ApplicationError) as ended:
        run(env(), wt.Polls().poll, text)
    assert ended.value.type == "StateError"
    assert "t-nowhere" in str(ended.value)


def test_a_changed_definition_is_refused_unless_adopted() -> None:
    state = registered("t-changed", Script({"S": "down"})).start(now=START)
    registered("t-changed", Script({"S": "up"}), delay=10)  # another definition, same name
    with pytest.raises(ApplicationError) as refused:
        run(env(), wt.Polls().poll, state.to_json())
    assert refused.value.type == "DefinitionChangedError"
    assert refused.value.non_retryable
    adopted = run(env(), wt.Polls(adopt=True).poll, state.to_json())
    assert adopted["done"]
    assert adopted["response"] == {"S": "up"}


def test_an_asynchronous_waiter_is_awaited_on_the_workers_loop() -> None:
    calls: list[Any] = []

    async def get_thing(**params: Any) -> dict[str, str]:
        calls.append(asyncio.get_running_loop())
        return {"S": "up"}

    model = waitable.load(doc())
    waiter = waitable.register("t-async", model.get_async_waiter("Ready", {"GetThing": get_thing}))
    state = waiter.start(now=START)

    async def main() -> Any:
        done = await env().run(wt.Polls(awaited=True).poll, state.to_json())
        return done, asyncio.get_running_loop()

    done, loop = asyncio.run(main())
    assert done["response"] == {"S": "up"}
    assert calls == [loop]


def test_a_resolver_by_name_is_imported_and_checked() -> None:
    state = registered("t-resolver", Script({"S": "up"})).start(now=START)
    with pytest.raises(ApplicationError) as bad:  # imported at the first poll
        run(env(), wt.Polls("json:__doc__").poll, state.to_json())
    assert bad.value.type == "ConfigError"
    assert "not callable" in str(bad.value)
    with pytest.raises(waitable.ConfigError, match="not callable"):
        wt.Polls(42)  # type: ignore[arg-type]
    with pytest.raises(waitable.ConfigError, match="clock="):
        wt.Polls(clock=3)  # type: ignore[arg-type]


def test_request_checks_its_input_naming_the_option() -> None:
    state = registered("t-request", Script({"S": "up"})).start(now=START)
    made = wt.request(state, variant=wt.RETRY, call_timeout=5, max_events=100)
    assert made == {
        "state": state.to_json(),
        "variant": "retry",
        "task_queue": None,
        "call_timeout": 5.0,
        "max_events": 100,
    }
    assert wt.request(state.to_json())["variant"] == wt.TIMER
    for kwargs, words in [
        ({"variant": "sometimes"}, "variant= takes 'timer' or 'retry'"),
        ({"call_timeout": 0}, "call_timeout= takes seconds above 0"),
        ({"call_timeout": True}, "call_timeout="),
        ({"max_events": 10}, "max_events= takes a whole number from 50"),
        ({"task_queue": ""}, "task_queue="),
    ]:
        with pytest.raises(waitable.ConfigError, match=words):
            wt.request(state, **kwargs)
    with pytest.raises(waitable.StateError, match="must be JSON"):
        wt.request("{nope")
    with pytest.raises(waitable.ConfigError, match="takes a WaitState or its JSON"):
        wt.request(42)  # type: ignore[arg-type]


def test_a_poll_past_the_deadline_ends_the_wait_without_a_call() -> None:
    # a worker that comes back late: both activities end the wait as a timeout, no call
    for activity in (wt.Polls().poll, wt.Polls().poll_until_done):
        script = Script({"S": "down"})
        state = registered("t-late", script).start(now=START, WaiterConfig={"MaxWaitTime": 60})
        ended = run(env(START + 100), activity, state.to_json())
        assert ended["done"]
        assert ended["error"]["type"] == "WaiterTimeoutError"
        assert "Max wait time exceeded" in ended["error"]["message"]
        assert script.calls == []
