"""Async waiters: waitable against aiobotocore's waiter, side by side in one run.

    pip install -e '.[bench]' && python benchmarks/bench_async.py

10,000 concurrent waits on one event loop, each polling a stub coroutine operation
(which yields to the loop once, like I/O) through the same 3-acceptor JSON until its 5th
attempt. Both libraries sleep through the same stub (a yield to the loop, no time), so
the figures measure the waiters, not the clock. Reports attempts per second and the
ratio to aiobotocore (medians of 7 rounds, each side first in turn; tenacity's loop is
timed apart, after them: a run of it slowed the run after it by up to 2x), and memory
per in-flight waiter (tracemalloc, 10,000 waits all suspended inside their first call;
and 1,000 waits suspended inside their 101st call, each earlier call answered with a
1.3 KiB response).
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import sys
import time
import tracemalloc
from typing import Any, Callable

import aiobotocore
import aiobotocore.waiter
import botocore.waiter
import tenacity

import waitable

WAITS = 10_000
ATTEMPTS = 5
DEFINITION = {
    "version": 2,
    "waiters": {
        "JobDone": {
            "operation": "GetJob",
            "delay": 1,
            "maxAttempts": 10,
            "acceptors": [
                {
                    "matcher": "path",
                    "argument": "Job.State",
                    "expected": "DONE",
                    "state": "success",
                },
                {
                    "matcher": "pathAny",
                    "argument": "Job.Steps[].State",
                    "expected": "FAILED",
                    "state": "failure",
                },
                {"matcher": "error", "expected": "JobNotFound", "state": "retry"},
            ],
        }
    },
}
RUNNING = {"Job": {"State": "RUNNING", "Steps": [{"State": "RUNNING"}]}}
DONE = {"Job": {"State": "DONE", "Steps": [{"State": "DONE"}]}}


def operation() -> Callable[..., Any]:
    counts: dict[int, int] = {}

    async def get_job(Id: int) -> Any:  # noqa: N803 - API-style parameter
        await asyncio.sleep(0)
        counts[Id] = counts.get(Id, 0) + 1
        return DONE if counts[Id] == ATTEMPTS else RUNNING

    return get_job


async def tick(_: float) -> None:
    await asyncio.sleep(0)


def waitable_waiter(op: Callable[..., Any]) -> Callable[..., Any]:
    waiter = waitable.load(DEFINITION).get_async_waiter("JobDone", {"GetJob": op}, sleep=tick)
    return waiter.wait


def aiobotocore_waiter(op: Callable[..., Any]) -> Callable[..., Any]:
    config = botocore.waiter.WaiterModel(DEFINITION).get_waiter("JobDone")

    class Waiter(aiobotocore.waiter.AIOWaiter):  # type: ignore[misc]
        async def _sleep(self, sleep_amount: float) -> None:
            await tick(sleep_amount)

    return Waiter("JobDone", config, aiobotocore.waiter.NormalizedOperationMethod(op)).wait  # type: ignore[no-any-return]


def tenacity_async_retrying(op: Callable[..., Any]) -> Callable[..., Any]:
    """The same compiled acceptors polled by tenacity's own AsyncRetrying loop."""
    definition = waitable.load(DEFINITION).definition("JobDone")
    checks = [(a.matcher.matches, a) for a in definition.acceptors]

    def settled(response: Any) -> bool:
        for matches, acceptor in checks:
            if matches(response, None, None):
                return acceptor.state != "retry"
        return False

    async def wait(**params: Any) -> Any:
        retrying = tenacity.AsyncRetrying(  # a fresh one per wait: they keep state
            stop=tenacity.stop_after_attempt(definition.max_attempts or 10),
            wait=tenacity.wait_fixed(definition.delay),
            retry=tenacity.retry_if_not_result(settled),
            sleep=tick,
        )
        return await retrying(op, **params)

    return wait


async def run_all(make: Callable[[Callable[..., Any]], Callable[..., Any]]) -> float:
    wait = make(operation())
    start = time.perf_counter()
    await asyncio.gather(*(wait(Id=i) for i in range(WAITS)))
    return time.perf_counter() - start


LATE_WAITS, LATE_ATTEMPT = 1_000, 101


def memory_per_waiter(
    make: Callable[[Callable[..., Any]], Callable[..., Any]],
    waits: int = WAITS,
    attempt: int = 1,
) -> float:
    """Bytes per waiter with ``waits`` waits all suspended inside their call number
    ``attempt``, every earlier call answered with a fresh 1.3 KiB response (so what a
    waiter keeps of its past calls counts too)."""

    async def main() -> float:
        release = asyncio.Event()
        calls: dict[int, int] = {}
        entered = 0

        async def get_job(Id: int) -> Any:  # noqa: N803
            nonlocal entered
            calls[Id] = calls.get(Id, 0) + 1
            if calls[Id] < attempt:
                await asyncio.sleep(0)
                return {
                    "Job": {"State": "RUNNING", "Steps": [{"State": "RUNNING"}], "Log": "x" * 1250}
                }
            entered += 1
            await release.wait()
            return DONE

        wait = make(get_job)
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        more = {"WaiterConfig": {"MaxAttempts": 2 * attempt}} if attempt > 1 else {}
        tasks = [asyncio.ensure_future(wait(Id=i, **more)) for i in range(waits)]
        while entered < waits:
            await asyncio.sleep(0)
        gc.collect()
        during = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        release.set()
        await asyncio.gather(*tasks)
        return (during - before) / waits

    return asyncio.run(main())


def memory_at_attempt(make: Callable[[Callable[..., Any]], Callable[..., Any]]) -> float:
    """``memory_per_waiter`` of ``LATE_WAITS`` waits in their call ``LATE_ATTEMPT``."""
    return memory_per_waiter(make, LATE_WAITS, LATE_ATTEMPT)


def main() -> None:
    ours: list[float] = []
    theirs: list[float] = []
    for round_ in range(7):  # each side first in turn: a run slows the one after it
        pair = [(ours, waitable_waiter), (theirs, aiobotocore_waiter)]
        for runs, make in pair if round_ % 2 == 0 else pair[::-1]:
            runs.append(asyncio.run(run_all(make)))
    # apart: tenacity's loop leaves a heap that slowed the next run by up to 2x
    retrying = [asyncio.run(run_all(tenacity_async_retrying)) for _ in range(3)]
    ours_s, theirs_s = statistics.median(ours), statistics.median(theirs)
    retrying_s = statistics.median(retrying)
    attempts = WAITS * ATTEMPTS
    mem_ours = memory_per_waiter(waitable_waiter)
    mem_theirs = memory_per_waiter(aiobotocore_waiter)
    late_ours = memory_at_attempt(waitable_waiter)
    late_theirs = memory_at_attempt(aiobotocore_waiter)
    print(
        f"Python {sys.version.split()[0]}, aiobotocore {aiobotocore.__version__}, "
        f"waitable {waitable.__version__}; {WAITS} concurrent waits x {ATTEMPTS} attempts\n"
    )
    print("| measure | waitable | aiobotocore | ratio |")
    print("|---|---:|---:|---:|")
    print(
        f"| attempts per second | {attempts / ours_s:,.0f} | {attempts / theirs_s:,.0f} | "
        f"{theirs_s / ours_s:.2f}x |"
    )
    print(f"| time for all waits | {ours_s:.3f} s | {theirs_s:.3f} s | {ours_s / theirs_s:.2f}x |")
    print(
        f"| time, tenacity.AsyncRetrying loop (not used) | {retrying_s:.3f} s | "
        f"{theirs_s:.3f} s | {retrying_s / theirs_s:.2f}x |"
    )
    print(
        f"| memory per in-flight waiter | {mem_ours / 1024:.1f} KiB | "
        f"{mem_theirs / 1024:.1f} KiB | {mem_ours / mem_theirs:.2f}x |"
    )
    print(
        f"| the same at attempt {LATE_ATTEMPT} (1.3 KiB responses) | {late_ours / 1024:.1f} KiB | "
        f"{late_theirs / 1024:.1f} KiB | {late_ours / late_theirs:.2f}x |"
    )


if __name__ == "__main__":
    main()
