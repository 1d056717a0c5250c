"""Correct use type-checks under ``mypy --strict`` (run by .ci/run on this folder)."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from typing import Any

from tenacity import stop_after_delay, wait_exponential

import waitable
from waitable.services import http as _http

model = waitable.load("waiters.json")


def get_thing(**params: Any) -> dict[str, Any]:
    return {"State": "READY"}


async def get_thing_async(**params: Any) -> dict[str, Any]:
    return {"State": "READY"}


def log(attempt: waitable.Attempt) -> None:
    print(attempt.describe())


def sync_use() -> waitable.WaitResult:
    waiter: waitable.Waiter = model.get_waiter(
        "Ready",
        {"GetThing": get_thing},
        sleep=time.sleep,
        clock=time.monotonic,
        wait=wait_exponential(max=30),
        stop=stop_after_delay(300),
        random=random.Random(1),
        on_attempt=log,
        cancel=threading.Event(),
        retry_after=_http.retry_after,
    )
    result = waiter.wait(Id="a", WaiterConfig={"MaxWaitTime": 60})
    attempts: int = result.attempts
    print(attempts, result.response, result.acceptor.state)
    return result


async def async_use() -> waitable.WaitResult:
    waiter: waitable.AsyncWaiter = model.get_async_waiter(
        "Ready", {"GetThing": get_thing_async}, sleep=asyncio.sleep, on_attempt=log
    )
    result = await waiter.wait(Id="a")
    elapsed: float = result.elapsed
    print(elapsed)
    return result


def either(waiter: waitable.BaseWaiter) -> str:
    return waiter.describe()


def client_use(client: Any) -> waitable.WaitResult:
    waiters = waitable.for_client(client)
    waiter: waitable.Waiter = waiters.get_waiter(
        "Ready", on_attempt=log, clock=time.monotonic, retry_after=lambda response: None
    )
    return waiter.wait(Id="a")


def paginated_use() -> list[Any]:
    pages = model.get_paginator("ListThings", {"ListThings": get_thing}).paginate(
        Owner="me", PaginationConfig={"MaxItems": 10, "PageSize": 5, "StartingToken": "abc"}
    )
    return list(pages.items())
