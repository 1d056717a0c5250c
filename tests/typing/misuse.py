"""Misuse that ``mypy --strict`` must reject. Each line carries the ``type: ignore`` of
the error it must cause; strict mode reports an unused ignore, so a line that stops
being an error fails the check."""

from __future__ import annotations

import time
from typing import Any

import waitable

model = waitable.load("waiters.json")


async def get_thing_async(**params: Any) -> dict[str, Any]:
    return {"State": "READY"}


async def forgotten_await() -> None:
    waiter = model.get_async_waiter("Ready", {"GetThing": get_thing_async})
    result: waitable.WaitResult = waiter.wait()  # type: ignore[assignment]
    print(waiter.wait().response)  # type: ignore[attr-defined]
    print(result)


def misspelt_options() -> None:
    model.get_waiter("Ready", {}, on_atempt=print)  # type: ignore[call-arg]
    model.get_waiter("Ready", {}, wait=5)  # type: ignore[arg-type]
    model.get_async_waiter("Ready", {}, sleep=time.sleep)  # type: ignore[arg-type]
    model.get_async_waiter("Ready", {}, cancel=None)  # type: ignore[call-arg]


def sync_result_is_not_awaitable() -> None:
    waiter = model.get_waiter("Ready", {})
    result: int = waiter.wait()  # type: ignore[assignment]
    print(result)


def misspelt_client_options() -> None:
    waiters = waitable.for_client(object())
    waiters.get_waiter("Ready", on_atempt=print)  # type: ignore[call-arg]
    waiters.get_async_waiter("Ready", sleep=time.sleep)  # type: ignore[arg-type]
    waiters.get_async_waiter("Ready", cancel=None)  # type: ignore[call-arg]


def misspelt_per_call_config() -> None:
    waiter = model.get_waiter("Ready", {})
    waiter.wait(Id="a", WaiterConfig={"MaxAttemps": 3})  # type: ignore[arg-type]
    waiter.wait(WaiterConfig={"Delay": "5"})  # type: ignore[arg-type]
    async_waiter = model.get_async_waiter("Ready", {})
    async_waiter.wait(WaiterConfig={"MaxWait": 60})  # type: ignore[arg-type,unused-coroutine]
    pages = model.get_paginator("ListThings", {})
    pages.paginate(PaginationConfig={"MaxItem": 5})  # type: ignore[arg-type]
    pages.paginate(PaginationConfig={"StartingToken": 5})  # type: ignore[arg-type]
