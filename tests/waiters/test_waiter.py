"""The poll loop: botocore's algorithm, results, errors and per-call configuration."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
import tenacity

import waitable
from conftest import (
    FAIL_ON_BROKEN,
    RETRY_ON_MISSING,
    SUCCESS_ON_READY,
    Script,
    error,
    make_waiter,
)
from waitable import (
    ConfigError,
    FailureStateError,
    UnexpectedResponseError,
    WaiterError,
    WaiterTimeoutError,
)

ACCEPTORS = (SUCCESS_ON_READY, FAIL_ON_BROKEN, RETRY_ON_MISSING)


def test_success_returns_final_response_attempts_elapsed_and_acceptor() -> None:
    script = Script({"State": "PENDING"}, error("NotFound"), {"State": "READY", "Id": 7})
    waiter, fake = make_waiter(script, *ACCEPTORS, delay=5)
    result = waiter.wait(Name="x")
    assert result.response == {"State": "READY", "Id": 7}
    assert result.attempts == 3
    assert result.elapsed == 10.0
    assert result.acceptor.index == 0
    assert result.acceptor.state == "success"
    assert fake.sleeps == [5, 5]
    assert script.calls == [{"Name": "x"}] * 3


def test_no_sleep_before_first_call_or_after_success() -> None:
    waiter, fake = make_waiter(Script({"State": "READY"}), *ACCEPTORS)
    assert waiter.wait().attempts == 1
    assert fake.sleeps == []


def test_failure_state_raises_with_botocore_reason() -> None:
    script = Script({"State": "PENDING"}, {"State": "BROKEN"})
    waiter, fake = make_waiter(script, *ACCEPTORS)
    with pytest.raises(FailureStateError) as info:
        waiter.wait()
    err = info.value
    assert str(err) == (
        'Waiter Ready failed: Waiter encountered a terminal failure state: For expression "State" '
        'we matched expected path: "BROKEN"'
    )
    assert err.name == "Ready"
    assert err.last_response == {"State": "BROKEN"}
    assert err.attempts == 2
    assert err.elapsed == 5.0
    assert err.acceptor is not None
    assert err.acceptor.index == 1
    assert fake.sleeps == [5]


def test_max_attempts_exceeded_without_any_match() -> None:
    waiter, fake = make_waiter(Script({"State": "PENDING"}), *ACCEPTORS, max_attempts=3)
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait()
    assert info.value.reason == "Max attempts exceeded"
    assert str(info.value) == "Waiter Ready failed: Max attempts exceeded"
    assert info.value.attempts == 3
    assert info.value.acceptor is None
    assert fake.sleeps == [5, 5]  # calls - 1 sleeps, none after the last call


def test_previously_accepted_state_names_the_acceptor_that_matched() -> None:
    # The last attempt matches nothing; botocore would name the last acceptor in the list
    # (a bug). waitable names the retry acceptor that actually matched.
    retry_on_pending = {
        "matcher": "path",
        "argument": "State",
        "expected": "PENDING",
        "state": "retry",
    }
    script = Script({"State": "PENDING"}, {"State": "OTHER"})
    waiter, _ = make_waiter(script, SUCCESS_ON_READY, retry_on_pending, RETRY_ON_MISSING)
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"MaxAttempts": 2})
    assert info.value.reason == (
        'Max attempts exceeded. Previously accepted state: For expression "State" we matched '
        'expected path: "PENDING"'
    )
    assert info.value.acceptor is not None
    assert info.value.acceptor.index == 1


def test_unmatched_error_response_fails_at_once() -> None:
    script = Script(error("AccessDenied", "no way"), {"State": "READY"})
    waiter, fake = make_waiter(script, *ACCEPTORS)
    with pytest.raises(UnexpectedResponseError) as info:
        waiter.wait()
    assert info.value.reason == "An error occurred (AccessDenied): no way"
    assert info.value.attempts == 1
    assert fake.sleeps == []


def test_unmatched_error_without_message_reads_unknown() -> None:
    waiter, _ = make_waiter(Script({"Error": {"Code": "X"}}), SUCCESS_ON_READY)
    with pytest.raises(UnexpectedResponseError, match=r"An error occurred \(X\): Unknown$"):
        waiter.wait()


def test_error_without_code_is_not_an_error_response() -> None:
    # botocore: an Error without a Code is an ordinary response (it retries).
    script = Script({"Error": {"Message": "odd"}}, {"State": "READY"})
    waiter, _ = make_waiter(script, SUCCESS_ON_READY)
    assert waiter.wait().attempts == 2


def test_first_matching_acceptor_wins() -> None:
    both = {"matcher": "path", "argument": "State", "expected": "READY", "state": "failure"}
    waiter, _ = make_waiter(Script({"State": "READY"}), both, SUCCESS_ON_READY)
    with pytest.raises(FailureStateError):
        waiter.wait()


@pytest.mark.parametrize("delay", [0, 0.0])
def test_zero_delay_never_calls_sleep(delay: float) -> None:
    calls: list[float] = []
    waiter, _ = make_waiter(
        Script({"State": "PENDING"}, {"State": "READY"}),
        SUCCESS_ON_READY,
        delay=delay,
        sleep=calls.append,
    )
    assert waiter.wait().attempts == 2
    assert calls == []


def test_waiter_config_overrides_delay_and_attempts_per_call() -> None:
    waiter, fake = make_waiter(Script({"State": "PENDING"}), *ACCEPTORS, delay=5, max_attempts=9)
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"Delay": 2, "MaxAttempts": 3}, Name="n")
    assert info.value.attempts == 3
    assert fake.sleeps == [2, 2]
    # and the waiter itself is unchanged
    fake.sleeps.clear()
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait()
    assert info.value.attempts == 9


def test_waiter_config_is_not_passed_to_the_operation() -> None:
    script = Script({"State": "READY"})
    waiter, _ = make_waiter(script, SUCCESS_ON_READY)
    waiter.wait(WaiterConfig={"Delay": 1}, A=1)
    assert script.calls == [{"A": 1}]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"MaxAttemps": 3}, "unknown WaiterConfig key 'MaxAttemps'; did you mean 'MaxAttempts'?"),
        ({"Delay": "5"}, "Delay must be a finite number >= 0, got '5'"),
        ({"Delay": -1}, "Delay must be a finite number >= 0, got -1"),
        ({"Delay": True}, "Delay must be a finite number >= 0, got True"),
        ({"Delay": float("inf")}, "Delay must be a finite number >= 0, got inf"),
        ({"MaxAttempts": 0}, "MaxAttempts must be an integer >= 1, got 0"),
        ({"MaxAttempts": 2.5}, "MaxAttempts must be an integer >= 1, got 2.5"),
        ({"MaxAttempts": True}, "MaxAttempts must be an integer >= 1, got True"),
        ([("Delay", 1)], "WaiterConfig must be a dict, not list"),
    ],
)
def test_bad_waiter_config_is_a_clear_value_error(config: Any, message: str) -> None:
    script = Script({"State": "READY"})
    waiter, _ = make_waiter(script, SUCCESS_ON_READY)
    with pytest.raises(ConfigError) as info:
        waiter.wait(WaiterConfig=config)
    assert isinstance(info.value, ValueError)
    assert message in str(info.value)
    assert "'Ready'" in str(info.value)
    assert script.calls == []  # nothing was called


def test_raised_client_error_is_an_error_response() -> None:
    class ClientError(Exception):
        def __init__(self, response: dict[str, Any]) -> None:
            super().__init__("client error")
            self.response = response

    script = Script(ClientError(error("NotFound")), {"State": "READY"})
    waiter, _ = make_waiter(script, *ACCEPTORS)
    assert waiter.wait().attempts == 2

    denied = ClientError(error("AccessDenied", "nope"))
    waiter, _ = make_waiter(Script(denied), *ACCEPTORS)
    with pytest.raises(UnexpectedResponseError) as info:
        waiter.wait()
    assert info.value.last_response == denied.response
    assert info.value.__cause__ is denied


def test_other_exceptions_propagate_unchanged() -> None:
    boom = RuntimeError("boom")
    waiter, _ = make_waiter(Script(boom), *ACCEPTORS)
    with pytest.raises(RuntimeError) as info:
        waiter.wait()
    assert info.value is boom


def test_error_acceptor_naming_an_exception_class_or_base_handles_it() -> None:
    on_refused = {"matcher": "error", "expected": "ConnectionRefusedError", "state": "retry"}
    script = Script(ConnectionRefusedError("refused"), {"State": "READY"})
    waiter, fake = make_waiter(script, SUCCESS_ON_READY, on_refused)
    assert waiter.wait().attempts == 2
    assert fake.sleeps == [5]

    on_os_error = {"matcher": "error", "expected": "OSError", "state": "failure"}
    waiter, _ = make_waiter(Script(ConnectionRefusedError("refused")), on_os_error)
    with pytest.raises(FailureStateError) as info:
        waiter.wait()
    assert info.value.last_response == {
        "Error": {"Code": "ConnectionRefusedError", "Message": "refused"}
    }
    assert isinstance(info.value.__cause__, ConnectionRefusedError)


def test_any_error_acceptor_does_not_swallow_plain_exceptions() -> None:
    any_error = {"matcher": "error", "expected": True, "state": "failure"}
    waiter, _ = make_waiter(Script(KeyError("k")), any_error)
    with pytest.raises(KeyError):
        waiter.wait()


def test_timeout_after_named_exception_keeps_it_as_cause() -> None:
    on_refused = {"matcher": "error", "expected": "ConnectionRefusedError", "state": "retry"}
    waiter, _ = make_waiter(Script(ConnectionRefusedError("no")), on_refused, max_attempts=2)
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait()
    assert isinstance(info.value.__cause__, ConnectionRefusedError)
    assert info.value.reason.startswith("Max attempts exceeded. Previously accepted state:")


def test_jmespath_runtime_errors_propagate_like_botocore() -> None:
    length = {"matcher": "path", "argument": "length(Items)", "expected": 0, "state": "success"}
    waiter, _ = make_waiter(Script({"Items": None}), length)
    with pytest.raises(Exception, match="length"):
        waiter.wait()


def test_non_dict_responses_are_matched_by_path() -> None:
    any_value = {"matcher": "path", "argument": "@", "expected": "done", "state": "success"}
    waiter, _ = make_waiter(Script("working", ["a"], None, 3, "done"), any_value, max_attempts=6)
    assert waiter.wait().response == "done"


def test_errors_pickle_with_all_their_fields() -> None:
    waiter, _ = make_waiter(Script({"State": "BROKEN"}), *ACCEPTORS)
    with pytest.raises(FailureStateError) as info:
        waiter.wait()
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is FailureStateError
    assert str(copy) == str(info.value)
    assert (copy.name, copy.reason, copy.last_response, copy.attempts, copy.elapsed) == (
        "Ready",
        info.value.reason,
        {"State": "BROKEN"},
        1,
        0.0,
    )
    assert copy.acceptor == info.value.acceptor


def test_error_classes_form_a_tree() -> None:
    for cls in (FailureStateError, WaiterTimeoutError, UnexpectedResponseError):
        assert issubclass(cls, WaiterError)
        assert issubclass(cls, waitable.WaitableError)
    assert issubclass(waitable.DefinitionError, ValueError)
    assert issubclass(waitable.ConfigError, ValueError)
    assert issubclass(waitable.UnknownWaiterError, LookupError)


def test_result_and_waiter_are_immutable() -> None:
    waiter, _ = make_waiter(Script({"State": "READY"}), SUCCESS_ON_READY)
    result = waiter.wait()
    with pytest.raises(AttributeError):
        result.attempts = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        waiter.operation = print  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.acceptor.matcher.expected = "x"  # type: ignore[misc]


def test_custom_tenacity_wait_strategy_replaces_the_delay() -> None:
    script = Script({"State": "PENDING"})
    waiter, fake = make_waiter(
        script,
        SUCCESS_ON_READY,
        max_attempts=5,
        wait=tenacity.wait_exponential(multiplier=1, max=5) + tenacity.wait_fixed(1),
    )
    with pytest.raises(WaiterTimeoutError):
        waiter.wait()
    assert fake.sleeps == [2, 3, 5, 6]


@pytest.mark.parametrize(
    ("stop", "attempts", "sleeps"),
    [
        # stop_after_delay reads the RetryCallState timestamps, which come from our clock.
        (tenacity.stop_after_delay(25), 4, [10, 10, 10]),  # calls at t = 0, 10, 20, 30
        # tenacity computes the wait before asking stop: stop_before_delay relies on it.
        (tenacity.stop_before_delay(25), 3, [10, 10]),  # a 4th call would start at 30 > 25
    ],
)
def test_custom_stop_combines_with_the_attempt_limit(
    stop: Any, attempts: int, sleeps: list[float]
) -> None:
    waiter, fake = make_waiter(
        Script({"State": "PENDING"}), SUCCESS_ON_READY, delay=10, max_attempts=100, stop=stop
    )
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait()
    assert info.value.attempts == attempts
    assert fake.sleeps == sleeps
    assert (
        info.value.reason == f"Stop condition reached after {attempts} attempts ({sum(sleeps):g} s)"
    )


def test_wait_strategy_can_read_the_outcome() -> None:
    seen: list[Any] = []

    def wait_from_response(state: tenacity.RetryCallState) -> float:
        assert state.outcome is not None
        seen.append(state.outcome.result())
        return float(state.outcome.result()["RetryAfter"])

    script = Script({"State": "PENDING", "RetryAfter": 3}, {"State": "READY"})
    waiter, fake = make_waiter(script, SUCCESS_ON_READY, wait=wait_from_response)
    waiter.wait()
    assert fake.sleeps == [3.0]
    assert seen == [{"State": "PENDING", "RetryAfter": 3}]


def test_delay_in_waiter_config_conflicts_with_custom_wait() -> None:
    waiter, _ = make_waiter(Script({}), SUCCESS_ON_READY, wait=tenacity.wait_fixed(1))
    with pytest.raises(ConfigError, match="conflicts with the waiter's wait= strategy"):
        waiter.wait(WaiterConfig={"Delay": 3})


def test_max_attempts_in_waiter_config_keeps_the_custom_stop() -> None:
    waiter, _ = make_waiter(
        Script({"State": "PENDING"}),
        SUCCESS_ON_READY,
        delay=10,
        max_attempts=2,
        stop=tenacity.stop_after_delay(15),
    )
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"MaxAttempts": 50})
    assert info.value.attempts == 3


def test_waiter_describes_itself() -> None:
    waiter, _ = make_waiter(Script({}), *ACCEPTORS, delay=5, max_attempts=4)
    text = waiter.describe()
    assert text.splitlines()[0] == (
        "Ready: calls GetThing every 5 s, at most 4 times (up to 15 s of sleeping)."
    )
    assert '0. success when `State` == "READY"' in text
    assert '1. failure when `State` == "BROKEN"' in text
    assert "2. retry when error NotFound" in text
    assert waiter.__doc__ == text
    assert type(waiter).__doc__ is not None
    assert "bound to one blocking operation" in type(waiter).__doc__
    assert repr(waiter) == "<Waiter Ready -> GetThing>"
