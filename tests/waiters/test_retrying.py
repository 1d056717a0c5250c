"""Smithy's backoff with jitter and deadlines in seconds, through WaiterConfig."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import waitable
from conftest import SUCCESS_ON_READY, FakeTime, Script, error, make_waiter
from waitable import ConfigError, WaiterTimeoutError
from waitable._waiters.retrying import wait_smithy


class Draw:
    """A random source whose uniform(a, b) always gives the same point of the range."""

    def __init__(self, fraction: float) -> None:
        self.fraction = fraction

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.fraction


def pending_waiter(**kw: Any) -> tuple[Any, FakeTime, Script]:
    script = Script({"State": "PENDING"})
    waiter, fake = make_waiter(script, SUCCESS_ON_READY, delay=5, max_attempts=1000, **kw)
    return waiter, fake, script


def test_smithy_schedule_with_the_top_draw_ends_with_one_call_at_the_deadline() -> None:
    waiter, fake, script = pending_waiter(random=Draw(1.0))
    start = fake.now
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"MinDelay": 2, "MaxDelay": 120, "MaxWaitTime": 300})
    # ceiling = log2(120/2) + 1 = 6.9: retries 1..6 double from 2, then 120 each
    assert fake.sleeps == [2, 4, 8, 16, 32, 64, 120, 54]
    call_times = list(itertools.accumulate([0.0, *fake.sleeps]))
    assert call_times == [0, 2, 6, 14, 30, 62, 126, 246, 300]
    assert len(script.calls) == 9
    assert fake.now - start == 300  # the final call is at the deadline, not before
    assert info.value.reason == "Max wait time exceeded"
    assert info.value.elapsed == 300
    assert info.value.attempts == 9


def test_smithy_schedule_with_the_bottom_draw_polls_every_min_delay() -> None:
    waiter, fake, script = pending_waiter(random=Draw(0.0))
    with pytest.raises(WaiterTimeoutError):
        waiter.wait(WaiterConfig={"MinDelay": 2, "MaxDelay": 120, "MaxWaitTime": 300})
    # at t=296, 4 s remain and 4 - 2 <= minDelay: sleep the 4 s, poll at 300
    assert fake.sleeps == [2] * 148 + [4]
    assert sum(fake.sleeps) == 300
    assert len(script.calls) == 150


def test_half_draw_is_uniform_between_min_and_the_doubling_cap() -> None:
    waiter, fake, _ = pending_waiter(random=Draw(0.5))
    with pytest.raises(WaiterTimeoutError):
        waiter.wait(WaiterConfig={"MinDelay": 2, "MaxDelay": 120, "MaxAttempts": 9})
    assert fake.sleeps == [2, 3, 5, 9, 17, 33, 61, 61]


@settings(max_examples=200, deadline=None)
@given(
    min_delay=st.integers(1, 30),
    spread=st.integers(0, 200),
    max_wait=st.integers(1, 3000),
    seed=st.integers(0, 2**32),
)
def test_every_delay_is_within_bounds_and_the_last_call_is_at_the_deadline(
    min_delay: int, spread: int, max_wait: int, seed: int
) -> None:
    max_delay = min_delay + spread
    waiter, fake, _ = pending_waiter(random=random.Random(seed))
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(
            WaiterConfig={
                "MinDelay": min_delay,
                "MaxDelay": max_delay,
                "MaxWaitTime": max_wait,
                "MaxAttempts": 10**6,  # only the deadline may stop it
            }
        )
    *regular, last = fake.sleeps or [0.0]
    assert all(min_delay <= d <= max_delay for d in regular)
    assert sum(fake.sleeps) == pytest.approx(max_wait)
    assert info.value.reason == "Max wait time exceeded"
    assert 0 <= last <= max_delay + min_delay


def test_deadline_on_a_botocore_waiter_keeps_its_fixed_delay() -> None:
    waiter, fake, script = pending_waiter()
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"MaxWaitTime": 12})
    assert fake.sleeps == [5, 7]  # at t=5, 7 s remain and 7 - 5 <= 5: poll at 12
    assert len(script.calls) == 3
    assert info.value.reason == "Max wait time exceeded"


def test_whichever_limit_comes_first_stops() -> None:
    waiter, fake, _ = pending_waiter()
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"MaxWaitTime": 100, "MaxAttempts": 3})
    assert info.value.reason == "Max attempts exceeded"
    assert fake.sleeps == [5, 5]


def test_success_before_the_deadline_returns() -> None:
    script = Script({"State": "PENDING"}, {"State": "PENDING"}, {"State": "READY"})
    waiter, fake = make_waiter(script, SUCCESS_ON_READY, delay=5, random=Draw(1.0))
    result = waiter.wait(WaiterConfig={"MinDelay": 1, "MaxDelay": 10, "MaxWaitTime": 60})
    assert result.attempts == 3
    assert fake.sleeps == [1, 2]


def test_only_max_delay_backs_off_from_the_waiters_delay() -> None:
    waiter, fake, _ = pending_waiter(random=Draw(1.0))
    with pytest.raises(WaiterTimeoutError):
        waiter.wait(WaiterConfig={"MaxDelay": 30, "MaxAttempts": 5})
    assert fake.sleeps == [5, 10, 20, 30]


def test_zero_min_delay_jitters_over_the_whole_range() -> None:
    strategy = wait_smithy(0, 10, Draw(0.5).uniform)

    class State:
        attempt_number = 1

    assert strategy(State()) == 5  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"MinDelay": 10, "MaxDelay": 5}, "MinDelay (10) must not exceed MaxDelay (5)"),
        ({"MinDelay": -1}, "MinDelay must be a finite number >= 0, got -1"),
        ({"MaxDelay": -1}, "MaxDelay must be a finite number >= 0, got -1"),
        ({"MaxWaitTime": 0}, "MaxWaitTime must be a finite number > 0, got 0"),
        ({"MaxWaitTime": "60"}, "MaxWaitTime must be a finite number > 0, got '60'"),
        ({"MaxWaitTime": True}, "MaxWaitTime must be a finite number > 0, got True"),
        ({"Delay": 3, "MinDelay": 1}, "Delay (a fixed delay) conflicts with MinDelay/MaxDelay"),
        ({"MaxWaitTme": 3}, "unknown WaiterConfig key 'MaxWaitTme'; did you mean 'MaxWaitTime'?"),
    ],
)
def test_bad_delay_config_is_a_clear_error(config: dict[str, Any], message: str) -> None:
    waiter, _, script = pending_waiter()
    with pytest.raises(ConfigError) as info:
        waiter.wait(WaiterConfig=config)
    assert message in str(info.value)
    assert script.calls == []


def test_zero_min_and_max_delay_poll_without_sleeping() -> None:
    """``waitable wait --delay 0`` on a Smithy waiter: both bounds 0 (MaxDelay 0 was
    refused, so the command's own >= 0 flag gave a WaiterConfig error)."""
    waiter, fake, script = pending_waiter()
    start = fake.now
    with pytest.raises(WaiterTimeoutError):
        waiter.wait(WaiterConfig={"MinDelay": 0, "MaxDelay": 0, "MaxAttempts": 3})
    assert len(script.calls) == 3
    assert fake.now == start


@pytest.mark.parametrize(
    ("config", "says"),
    [
        ({"MaxDelay": 1}, r"MaxDelay \(1\) must be at least the delay backoff starts from \(5"),
        ({"MaxDelay": 0}, r"MaxDelay \(0\) must be at least"),
        ({"MaxAttempts": None}, "MaxAttempts must be an integer >= 1, got None"),
        ({"Delay": 10**400}, r"Delay must be a finite number >= 0, got 1000"),
        ({"MaxWaitTime": 10**400}, r"MaxWaitTime must be a finite number > 0, got 1000"),
    ],
)
def test_waiter_config_outside_what_a_wait_can_run_is_refused(
    config: dict[str, object], says: str
) -> None:
    """Found by hostile input (issue 17): a MaxDelay below the delay slept outside its
    bounds, MaxDelay 0 was a math domain error at the first retry, MaxAttempts None was
    taken, and integers with hundreds of digits overflowed."""
    document = {
        "version": 2,
        "waiters": {
            "R": {
                "operation": "Get",
                "delay": 5,
                "maxAttempts": 3,
                "acceptors": [
                    {"matcher": "path", "argument": "a", "expected": 1, "state": "success"}
                ],
            }
        },
    }
    waiter = waitable.load(document).get_waiter("R", {"Get": dict}, sleep=lambda s: None)
    with pytest.raises(waitable.ConfigError, match=says):
        waiter.wait(WaiterConfig=config)


def test_a_time_limit_without_an_attempt_count_governs_alone() -> None:
    # the waiter's own maxAttempts (3 here) would end `--delay 0.1 --max-wait 30` after
    # 0.2 s; a caller who gives seconds and no count means the seconds (issue 17)
    script = Script({"State": "PENDING"})
    waiter, fake = make_waiter(script, SUCCESS_ON_READY, delay=5, max_attempts=3)
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"Delay": 0.5, "MaxWaitTime": 30})
    assert info.value.reason == "Max wait time exceeded"
    assert sum(fake.sleeps) == 30
    assert len(script.calls) == 60  # at 0, 0.5, ... 29, then the last at 30


def test_a_time_limit_with_an_attempt_count_stops_at_whichever_comes_first() -> None:
    script = Script({"State": "PENDING"})
    waiter, _ = make_waiter(script, SUCCESS_ON_READY, delay=5, max_attempts=3)
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"Delay": 0.5, "MaxWaitTime": 30, "MaxAttempts": 3})
    assert info.value.reason == "Max attempts exceeded"
    assert len(script.calls) == 3


def test_throttling_is_retried_without_spending_attempts_under_a_deadline() -> None:
    throttled = error("Throttling", "Rate exceeded")
    script = Script(
        throttled, throttled, {"State": "PENDING"}, error("x", status=503), {"State": "READY"}
    )
    waiter, fake = make_waiter(script, SUCCESS_ON_READY, delay=5, max_attempts=2, transient=True)
    result = waiter.wait(WaiterConfig={"MaxWaitTime": 100, "MaxAttempts": 2})
    assert result.response == {"State": "READY"}
    assert result.attempts == 5  # the calls made: the throttled ones and the 503 spent
    assert len(script.calls) == 5  # no attempt, so 2 attempts allowed 5 calls
    assert fake.sleeps == [5, 5, 5, 5]


def test_without_the_option_throttling_fails_as_in_botocore() -> None:
    script = Script(error("Throttling"), {"State": "READY"})
    waiter, _ = make_waiter(script, SUCCESS_ON_READY)
    with pytest.raises(waitable.UnexpectedResponseError):
        waiter.wait(WaiterConfig={"MaxWaitTime": 100})


def test_throttling_without_a_deadline_is_retried_and_counted() -> None:
    script = Script(error("ThrottlingException"))
    waiter, _ = make_waiter(script, SUCCESS_ON_READY, max_attempts=3, transient=True)
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait()
    assert info.value.reason.startswith("Max attempts exceeded")
    assert len(script.calls) == 3  # bounded: with no deadline, each call counts


def test_the_deadline_ends_endless_throttling() -> None:
    script = Script(error("Throttling"))
    waiter, fake = make_waiter(script, SUCCESS_ON_READY, max_attempts=2, transient=True)
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"MaxWaitTime": 20, "MaxAttempts": 2})
    assert info.value.reason == "Max wait time exceeded"
    assert sum(fake.sleeps) == 20
    assert fake.sleeps == [5, 5, 10]  # the last call lands on the deadline
    assert len(script.calls) == 4


def test_transient_takes_its_own_codes() -> None:
    script = Script(error("Busy"), error("Throttling"), {"State": "READY"})
    waiter, _ = make_waiter(script, SUCCESS_ON_READY, transient=["Busy"])
    with pytest.raises(waitable.UnexpectedResponseError):  # Throttling is not in the list
        waiter.wait(WaiterConfig={"MaxWaitTime": 100})
    assert len(script.calls) == 2


@pytest.mark.parametrize("value", [5, "Throttling", ["Throttling", 3]])
def test_a_bad_transient_option_is_refused(value: Any) -> None:
    with pytest.raises(TypeError, match="transient= takes True"):
        make_waiter(Script({}), SUCCESS_ON_READY, transient=value)


def test_throttled_calls_are_counted_as_calls_not_as_attempts_spent() -> None:
    script = Script(error("Throttling"), error("Throttling"), {"State": "READY"})
    seen: list[waitable.Attempt] = []
    waiter, _ = make_waiter(
        script, SUCCESS_ON_READY, max_attempts=1, transient=True, on_attempt=seen.append
    )
    result = waiter.wait(WaiterConfig={"MaxWaitTime": 100, "MaxAttempts": 1})
    assert result.attempts == 3  # calls made; only one attempt was spent
    assert [a.number for a in seen] == [1, 2, 3]


@pytest.mark.parametrize(
    "response",
    [
        {"Error": {"Code": ["Throttling"]}, "ResponseMetadata": {"HTTPStatusCode": 400}},
        {"Error": {"Code": "X"}, "ResponseMetadata": {"HTTPStatusCode": {"a": 1}}},
    ],
)
def test_transient_reads_odd_error_responses_without_crashing(response: Any) -> None:
    waiter, _ = make_waiter(Script(response), SUCCESS_ON_READY, transient=True)
    with pytest.raises(waitable.UnexpectedResponseError):
        waiter.wait(WaiterConfig={"MaxWaitTime": 100})


def test_a_waiter_with_transient_polls_no_state() -> None:
    plain, _ = make_waiter(Script({"State": "READY"}), SUCCESS_ON_READY)
    state = waitable.register("t-plain", plain).start(now=0.0)
    waiter, _ = make_waiter(Script({"State": "READY"}), SUCCESS_ON_READY, transient=True)
    with pytest.raises(waitable.ConfigError, match="transient= is not kept"):
        waiter.poll(state, now=0.0)
    with pytest.raises(waitable.ConfigError, match="transient= is not kept"):
        waiter.advance(state, response={"State": "READY"}, now=0.0)
