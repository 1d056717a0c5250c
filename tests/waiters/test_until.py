"""waitable.until: plain functions waited on by the waiters' own engine (no JSON)."""

from __future__ import annotations

import asyncio
import random
import threading
from typing import Any

import pytest

import waitable
from conftest import FakeTime
from waitable import (
    ConfigError,
    UnexpectedResponseError,
    WaitCancelledError,
    WaiterTimeoutError,
    WaitResult,
)


class Answers:
    """A function answering from a list (an exception in it is raised), recording its
    calls' arguments."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[Any, ...]] = []
        self.__name__ = "job_state"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((args, kwargs))
        answer = self.answers[min(len(self.calls), len(self.answers)) - 1]
        if isinstance(answer, BaseException):
            raise answer
        return answer


async def _no_sleep(seconds: float) -> None:
    await asyncio.sleep(0)


def test_a_truthy_result_ends_the_wait_with_the_final_value() -> None:
    time = FakeTime()
    fn = Answers(None, 0, "", {"id": 7})
    result = waitable.until(fn, "a", key=1, delay=2, sleep=time.sleep, clock=time.clock)
    assert isinstance(result, WaitResult)
    assert result.response == {"id": 7}
    assert result.attempts == 4
    assert result.elapsed == 6.0
    assert time.sleeps == [2.0, 2.0, 2.0]
    assert fn.calls == [(("a",), {"key": 1})] * 4  # arguments passed through, every call


def test_a_predicate_decides() -> None:
    time = FakeTime()
    fn = Answers(1, 5, 12)
    result = waitable.until(fn, ready=lambda n: n > 10, sleep=time.sleep, clock=time.clock)
    assert result.response == 12
    assert result.acceptor.describe() == "success when ready(result) is true"


def test_a_jmespath_condition_reads_the_result_as_jmespath_reads_truth() -> None:
    time = FakeTime()
    fn = Answers({"state": "RUNNING", "n": 0}, {"state": "DONE", "n": 0})
    result = waitable.until(fn, ready="state == 'DONE'", sleep=time.sleep, clock=time.clock)
    assert result.response == {"state": "DONE", "n": 0}
    # JMESPath's truth: 0 is true (only false, null, "", [] and {} are false)
    assert waitable.until(Answers({"n": 0}), ready="n", sleep=time.sleep).attempts == 1
    falsy = Answers({"n": []}, {"n": {}}, {"n": ""}, {"n": False}, {"n": None}, {"n": [1]})
    assert waitable.until(falsy, ready="n", sleep=time.sleep, clock=time.clock).attempts == 6


def test_a_timeout_is_the_waiters_timeout_with_its_summary() -> None:
    time = FakeTime()
    fn = Answers({"state": "RUNNING"})
    with pytest.raises(WaiterTimeoutError) as info:
        waitable.until(
            fn, ready="state == 'DONE'", timeout=10, delay=3, sleep=time.sleep, clock=time.clock
        )
    error = info.value
    assert str(error) == "Waiter job_state failed: Max wait time exceeded"
    assert error.last_response == {"state": "RUNNING"}
    assert time.sleeps == [3.0, 3.0, 4.0]  # the last poll lands on the deadline
    assert error.observed == {"`state == 'DONE'` = false": 4}
    assert "Observed over 4 attempts:\n  4 x `state == 'DONE'` = false" in error.__notes__[0]


def test_a_predicates_summary_shows_the_results() -> None:
    time = FakeTime()
    with pytest.raises(WaiterTimeoutError) as info:
        waitable.until(Answers(0), max_attempts=3, timeout=None, sleep=time.sleep)
    assert str(info.value) == "Waiter job_state failed: Max attempts exceeded"
    assert info.value.observed == {"`result` = 0": 3}


def test_max_attempts_and_timeout_stop_at_whichever_comes_first() -> None:
    time = FakeTime()
    with pytest.raises(WaiterTimeoutError) as info:
        waitable.until(
            Answers(0), timeout=100, delay=1, max_attempts=2, sleep=time.sleep, clock=time.clock
        )
    assert info.value.attempts == 2
    assert "Max attempts exceeded" in str(info.value)


def test_backoff_is_smithys_jittered_exponential_backoff() -> None:
    time = FakeTime()
    with pytest.raises(WaiterTimeoutError):
        waitable.until(
            Answers(0),
            min_delay=1,
            max_delay=8,
            max_attempts=7,
            timeout=None,
            sleep=time.sleep,
            clock=time.clock,
            random=random.Random(3),
        )
    caps = [1, 2, 4, 8, 8, 8]  # k=1..6: min * 2**(k-1), capped at max past the ceiling
    assert len(time.sleeps) == 6
    assert all(1 <= slept <= cap for slept, cap in zip(time.sleeps, caps))
    assert time.sleeps[3] > 4  # a draw the fixed delay could not give


def test_retry_on_retries_those_exceptions_and_others_propagate() -> None:
    time = FakeTime()
    fn = Answers(ConnectionRefusedError("refused"), TimeoutError("slow"), "up")
    result = waitable.until(fn, retry_on=(ConnectionError, TimeoutError), sleep=time.sleep)
    assert result.response == "up"
    assert result.attempts == 3
    bug = KeyError("oops")
    with pytest.raises(KeyError) as info:
        waitable.until(Answers(bug), retry_on=ConnectionError, sleep=time.sleep)
    assert info.value is bug
    with pytest.raises(ValueError, match="x"):  # nothing retried unless named
        waitable.until(Answers(ValueError("x"), 1), sleep=time.sleep)


def test_retried_exceptions_show_in_the_timeout_summary() -> None:
    time = FakeTime()
    with pytest.raises(WaiterTimeoutError) as info:
        waitable.until(
            Answers(ConnectionRefusedError("no")),
            retry_on=OSError,
            max_attempts=2,
            sleep=time.sleep,
        )
    assert info.value.observed == {"error ConnectionRefusedError": 2}


def test_on_attempt_sees_every_call() -> None:
    time = FakeTime()
    seen: list[waitable.Attempt] = []
    waitable.until(
        Answers(1, 2, 3),
        ready=lambda n: n == 3,
        on_attempt=seen.append,
        sleep=time.sleep,
        clock=time.clock,
    )
    assert [(a.number, a.state, a.response) for a in seen] == [
        (1, "retry", 1),
        (2, "retry", 2),
        (3, "success", 3),
    ]
    assert seen[0].waiter == "job_state"
    assert seen[0].next_delay == 5.0


def test_cancel_stops_the_wait() -> None:
    cancel = threading.Event()

    def sleep(seconds: float) -> None:
        cancel.set()  # as another thread would, during the sleep

    fn = Answers(0)
    with pytest.raises(WaitCancelledError) as info:
        waitable.until(fn, cancel=cancel, sleep=sleep)
    assert len(fn.calls) == 1
    assert info.value.last_response == 0


def test_a_raising_predicate_is_an_unexpected_response_with_its_cause() -> None:
    def ready(value: Any) -> bool:
        return bool(value["missing"])

    with pytest.raises(UnexpectedResponseError) as info:
        waitable.until(Answers({}), ready=ready, sleep=FakeTime().sleep)
    assert isinstance(info.value.__cause__, KeyError)
    assert "ready(result)" in str(info.value)


def test_jmespath_over_an_object_is_a_clear_type_error() -> None:
    with pytest.raises(TypeError, match="JMESPath reads dicts and lists"):
        waitable.until(Answers(object()), ready="state")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"ready": "a.[b"}, "ready='a.[b' is not valid JMESPath"),
        ({"ready": 5}, "ready= takes a function of the result or a JMESPath string"),
        ({"timeout": -1}, "timeout must be a finite number of seconds > 0, got -1"),
        ({"timeout": 0}, "timeout must be a finite number of seconds > 0, got 0"),
        ({"timeout": None}, "timeout=None waits for ever: give a timeout"),
        ({"delay": "5"}, "delay must be a finite number of seconds >= 0, got '5'"),
        ({"max_attempts": 0}, "max_attempts must be an integer >= 1, got 0"),
        ({"min_delay": 10, "max_delay": 2}, "max_delay (2) must be at least"),
        ({"retry_on": 3}, "retry_on= takes an exception class or a tuple of them, not 3"),
        ({"retry_on": Exception}, "retry_on=Exception would retry every bug"),
        ({"cancel": 5}, "cancel= takes a threading.Event"),
        ({"on_attempt": 5}, "on_attempt= takes a plain function"),
    ],
)
def test_bad_settings_are_named_before_any_call(options: dict[str, Any], message: str) -> None:
    fn = Answers(1)
    with pytest.raises((ConfigError, TypeError)) as info:
        waitable.until(fn, **options)
    assert message in str(info.value)
    assert str(info.value).startswith("until(job_state): ")
    assert fn.calls == []


def test_an_async_function_is_refused_by_until_and_awaited_by_until_async() -> None:
    async def fetch(x: int) -> int:
        await asyncio.sleep(0)
        return x

    with pytest.raises(TypeError, match=r"until\(fetch\): it is an async function: await"):
        waitable.until(fetch, 1)
    result = asyncio.run(waitable.until_async(fetch, 4, ready=lambda n: n == 4))
    assert result.response == 4


def test_until_async_retries_with_the_same_engine() -> None:
    time = FakeTime()
    answers = Answers(ConnectionResetError("reset"), {"up": False}, {"up": True})

    async def probe() -> Any:
        await asyncio.sleep(0)
        return answers()

    async def sleep(seconds: float) -> None:
        time.sleep(seconds)
        await asyncio.sleep(0)

    result = asyncio.run(
        waitable.until_async(
            probe, ready="up", retry_on=ConnectionError, delay=1, sleep=sleep, clock=time.clock
        )
    )
    assert (result.response, result.attempts, time.sleeps) == ({"up": True}, 3, [1.0, 1.0])


def test_the_decorator_checks_once_and_waits_at_each_call() -> None:
    time = FakeTime()
    answers = Answers("PENDING", "READY", "PENDING", "READY")

    @waitable.waits(ready=lambda s: s == "READY", delay=1, sleep=time.sleep, clock=time.clock)
    def state(job: str) -> str:
        return str(answers(job))

    assert state.__wrapped__.__name__ == "state"  # type: ignore[attr-defined]
    assert state("j1").response == "READY"
    assert state(job="j2").attempts == 2
    assert [call[0] for call in answers.calls] == [("j1",), ("j1",), ("j2",), ("j2",)]
    with pytest.raises(ConfigError, match=r"until\(lambda\): timeout must be"):
        waitable.waits(timeout=-5)(lambda: 1)  # at decoration, before any call


def test_the_decorator_on_an_async_def_gives_an_async_function() -> None:
    @waitable.waits(ready="ok", sleep=_no_sleep)
    async def check() -> dict[str, bool]:
        return {"ok": True}

    assert asyncio.iscoroutinefunction(check)
    assert asyncio.run(check()).response == {"ok": True}
    with pytest.raises(TypeError, match="cancel= is for threads"):

        @waitable.waits(cancel=threading.Event())
        async def other() -> None: ...
