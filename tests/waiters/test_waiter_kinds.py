"""Sync and async waiters are siblings: each refuses the other kind of operation with a
message naming the right method, and bad options fail when the waiter is made."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

import waitable
from conftest import SUCCESS_ON_READY, FakeTime, Script, waiter_doc
from waitable import AsyncWaiter, BaseWaiter, Waiter

MODEL = waitable.load(waiter_doc(SUCCESS_ON_READY))


async def get_thing(**params: Any) -> Any:
    return {"State": "READY"}


def test_the_two_waiters_are_siblings_not_parent_and_child() -> None:
    assert not issubclass(AsyncWaiter, Waiter)
    assert not issubclass(Waiter, AsyncWaiter)
    assert issubclass(Waiter, BaseWaiter)
    assert issubclass(AsyncWaiter, BaseWaiter)


def test_get_waiter_refuses_a_coroutine_function_naming_get_async_waiter() -> None:
    with pytest.raises(TypeError, match=r"asynchronous: use get_async_waiter\(\)"):
        MODEL.get_waiter("Ready", {"GetThing": get_thing})


def test_get_waiter_refuses_an_aiobotocore_client_up_front() -> None:
    from aiobotocore.session import get_session

    async def main() -> None:
        session = get_session()
        async with session.create_client(
            "dynamodb",
            region_name="us-east-1",
            endpoint_url="http://127.0.0.1:9",  # never called
            aws_access_key_id="x",
            aws_secret_access_key="x",
        ) as client:
            model = waitable.load(
                {
                    "version": 2,
                    "waiters": {
                        "TableExists": {
                            "operation": "DescribeTable",
                            "delay": 20,
                            "maxAttempts": 25,
                            "acceptors": [SUCCESS_ON_READY],
                        }
                    },
                }
            )
            with pytest.raises(TypeError, match=r"use get_async_waiter\(\)"):
                model.get_waiter("TableExists", client)
            assert isinstance(model.get_async_waiter("TableExists", client), AsyncWaiter)

    asyncio.run(main())


def test_a_plain_function_returning_a_coroutine_fails_at_once_in_a_sync_waiter() -> None:
    # aiobotocore's methods look like this: a plain function returning a coroutine.
    calls: list[dict[str, Any]] = []

    def looks_sync(**params: Any) -> Any:
        calls.append(params)
        return get_thing(**params)

    fake = FakeTime()
    waiter = MODEL.get_waiter("Ready", {"GetThing": looks_sync}, sleep=fake.sleep)
    with pytest.raises(TypeError, match=r"returned coroutine; .*use get_async_waiter\(\)"):
        waiter.wait()
    assert len(calls) == 1  # no polling of un-awaited coroutines
    assert fake.sleeps == []  # (and the coroutine is closed: no "never awaited" warning)


def test_get_async_waiter_accepts_any_operation_whose_result_is_awaitable() -> None:
    def returns_coroutine(**params: Any) -> Any:
        return get_thing(**params)

    waiter = MODEL.get_async_waiter("Ready", {"GetThing": returns_coroutine})
    result = asyncio.run(waiter.wait())
    assert result.response == {"State": "READY"}


def test_get_async_waiter_on_a_sync_operation_names_get_waiter() -> None:
    waiter = MODEL.get_async_waiter("Ready", {"GetThing": Script({"State": "READY"})})
    with pytest.raises(TypeError, match=r"returned dict; it is not asynchronous: use get_waiter"):
        asyncio.run(waiter.wait())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"wait": 5}, r"wait= takes a tenacity wait strategy .* not 5"),
        ({"stop": "never"}, r"stop= takes a tenacity stop strategy"),
        ({"clock": 1.0}, r"clock= takes a function returning seconds"),
        ({"on_attempt": "print"}, r"on_attempt= takes a plain function"),
        ({"on_attempt": get_thing}, r"on_attempt= is called without await"),
        ({"sleep": asyncio.sleep}, r"sleep= is called without await"),
        ({"cancel": True}, r"cancel= takes a threading.Event"),
    ],
)
def test_bad_sync_options_fail_when_the_waiter_is_made(options: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        MODEL.get_waiter("Ready", {"GetThing": Script({})}, **options)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"sleep": time.sleep}, r"sleep= takes an async function .* would block the event loop"),
        ({"sleep": 0.1}, r"sleep= takes an async function"),
        ({"wait": 5}, r"wait= takes a tenacity wait strategy"),
        ({"on_attempt": get_thing}, r"on_attempt= is called without await"),
    ],
)
def test_bad_async_options_fail_when_the_waiter_is_made(options: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        MODEL.get_async_waiter("Ready", {"GetThing": get_thing}, **options)


def test_an_async_sleep_that_returns_no_awaitable_is_named() -> None:
    model = waitable.load(waiter_doc(SUCCESS_ON_READY, delay=1))
    answers = Script({"State": "PENDING"}, {"State": "READY"})

    async def operation(**params: Any) -> Any:
        return answers(**params)

    waiter = model.get_async_waiter("Ready", {"GetThing": operation}, sleep=lambda s: None)
    with pytest.raises(TypeError, match=r"sleep= returned NoneType, not an awaitable"):
        asyncio.run(waiter.wait())


def test_cancel_is_not_an_async_option() -> None:
    with pytest.raises(TypeError, match="cancel"):
        MODEL.get_async_waiter(  # type: ignore[call-arg]
            "Ready", {"GetThing": get_thing}, cancel=threading.Event()
        )


def test_parameters_only_acceptors_read_are_not_passed_to_the_operation() -> None:
    model = waitable.load(
        {
            "GetThing": {
                "Matches": {
                    "acceptors": [
                        {
                            "state": "success",
                            "matcher": {
                                "inputOutput": {
                                    "path": "output.State == input.Want",
                                    "expected": "true",
                                    "comparator": "booleanEquals",
                                }
                            },
                        }
                    ]
                }
            }
        }
    )
    seen: list[dict[str, Any]] = []

    def get(Id: str) -> dict[str, Any]:  # noqa: N803 - named as in the definition
        seen.append({"Id": Id})
        return {"State": "READY"}

    fake = FakeTime()
    waiter = model.get_waiter("Matches", {"GetThing": get}, sleep=fake.sleep, clock=fake.clock)
    result = waiter.wait(Id="a", Want="READY", WaiterConfig={"MaxWaitTime": 10})
    assert result.attempts == 1
    assert seen == [{"Id": "a"}]
    # An operation taking **kwargs gets every parameter, as botocore clients do.
    script = Script({"State": "READY"})
    waiter = model.get_waiter("Matches", {"GetThing": script}, clock=fake.clock)
    waiter.wait(Id="a", Want="READY", WaiterConfig={"MaxWaitTime": 10})
    assert script.calls == [{"Id": "a", "Want": "READY"}]
