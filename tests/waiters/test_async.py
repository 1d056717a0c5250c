"""Async waiters: the same decisions as sync ones, awaited; cancellation; many at once."""

from __future__ import annotations

import asyncio
from typing import Any, Callable

import pytest

import waitable
from conftest import (
    FAIL_ON_BROKEN,
    RETRY_ON_MISSING,
    SUCCESS_ON_READY,
    FakeTime,
    Script,
    error,
    waiter_doc,
)
from waitable import AsyncWaiter, WaiterError

ACCEPTORS = (SUCCESS_ON_READY, FAIL_ON_BROKEN, RETRY_ON_MISSING)
ON_REFUSED = {"matcher": "error", "expected": "ConnectionRefusedError", "state": "retry"}


class AsyncScript(Script):
    async def __call__(self, **params: Any) -> Any:  # type: ignore[override]
        await asyncio.sleep(0)  # a real suspension point, like network I/O
        return super().__call__(**params)


class AsyncFakeTime(FakeTime):
    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)


SCENARIOS = [
    [{"State": "READY"}],
    [{"State": "PENDING"}, error("NotFound"), {"State": "READY"}],
    [{"State": "PENDING"}, {"State": "BROKEN"}],
    [{"State": "PENDING"}],
    [error("Denied")],
    [ConnectionRefusedError("no"), {"State": "READY"}],
    [KeyError("boom")],
]


def settle(wait: Callable[[], Any]) -> Any:
    """What a wait ended with, comparable across sync and async."""
    try:
        result = wait()
    except WaiterError as exc:
        return (type(exc), str(exc), exc.attempts, exc.elapsed)
    except Exception as exc:
        return type(exc)
    return (result.response, result.attempts, result.elapsed)


def run(answers: list[Any], *, is_async: bool) -> tuple[Any, ...]:
    fake = AsyncFakeTime()
    script = AsyncScript(*answers) if is_async else Script(*answers)
    model = waitable.load(waiter_doc(*ACCEPTORS, ON_REFUSED))
    if is_async:
        waiter = model.get_async_waiter(
            "Ready", {"GetThing": script}, sleep=fake.async_sleep, clock=fake.clock
        )
        assert isinstance(waiter, AsyncWaiter)
        outcome = settle(lambda: asyncio.run(waiter.wait(Id=1)))
    else:
        sync_waiter = model.get_waiter(
            "Ready", {"GetThing": script}, sleep=fake.sleep, clock=fake.clock
        )
        outcome = settle(lambda: sync_waiter.wait(Id=1))
    return outcome, fake.sleeps, script.calls


@pytest.mark.parametrize("answers", SCENARIOS)
def test_async_waiter_decides_exactly_like_the_sync_one(answers: list[Any]) -> None:
    assert run(answers, is_async=True) == run(answers, is_async=False)


def test_object_client_with_async_methods() -> None:
    class Client:
        async def get_thing(self, **params: Any) -> Any:
            return {"State": "READY", "Params": params}

    model = waitable.load(waiter_doc(*ACCEPTORS))
    waiter = model.get_async_waiter("Ready", Client())
    result = asyncio.run(waiter.wait(Name="n"))
    assert result.response["Params"] == {"Name": "n"}
    assert repr(waiter) == "<AsyncWaiter Ready -> GetThing>"


def test_callable_objects_with_async_call_are_async() -> None:
    class Operation:
        async def __call__(self, **params: Any) -> Any:
            return {"State": "READY"}

    waiter = waitable.load(waiter_doc(*ACCEPTORS)).get_async_waiter(
        "Ready", {"GetThing": Operation()}
    )
    assert isinstance(waiter, AsyncWaiter)


def test_default_sleep_is_asyncio_sleep_and_zero_delay_never_sleeps() -> None:
    script = AsyncScript({"State": "PENDING"}, {"State": "READY"})
    waiter = waitable.load(waiter_doc(*ACCEPTORS, delay=0)).get_async_waiter(
        "Ready", {"GetThing": script}
    )
    assert asyncio.run(waiter.wait()).attempts == 2


def test_cancelling_the_task_stops_at_once() -> None:
    script = AsyncScript({"State": "PENDING"})
    events: list[asyncio.Event] = []  # made inside the loop (Python 3.9 binds at creation)

    async def sleep(seconds: float) -> None:
        events[0].set()
        await asyncio.sleep(3600)  # only cancellation ends this

    waiter = waitable.load(waiter_doc(*ACCEPTORS)).get_async_waiter(
        "Ready", {"GetThing": script}, sleep=sleep
    )

    async def main() -> None:
        events.append(asyncio.Event())
        slept = events[0]
        task = asyncio.ensure_future(waiter.wait())
        await slept.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert len(script.calls) == 1


def test_ten_thousand_concurrent_waits_on_one_loop() -> None:
    counts: dict[int, int] = {}

    async def get_thing(Id: int) -> Any:  # noqa: N803 - botocore-style parameter
        await asyncio.sleep(0)
        counts[Id] = counts.get(Id, 0) + 1
        return {"State": "READY" if counts[Id] == 3 else "PENDING"}

    async def tick(_: float) -> None:
        await asyncio.sleep(0)

    waiter = waitable.load(waiter_doc(*ACCEPTORS, delay=1)).get_async_waiter(
        "Ready", {"GetThing": get_thing}, sleep=tick
    )

    async def main() -> list[waitable.WaitResult]:
        return await asyncio.gather(*(waiter.wait(Id=i) for i in range(10_000)))

    results = asyncio.run(main())
    assert [r.attempts for r in results] == [3] * 10_000
