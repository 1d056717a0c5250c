"""Correct use of ``waitable.temporal`` type-checks under ``mypy --strict``, with
temporalio's own types (docs/temporal.md's examples)."""

from __future__ import annotations

import time
from typing import Any

from temporalio import activity, workflow
from temporalio.client import Client, WorkflowFailureError
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

import waitable

with workflow.unsafe.imports_passed_through():
    import waitable.temporal as wt

waiter = waitable.resume(waitable.WaitState.from_json("{}"))


async def run_worker(client: Client) -> None:
    polls = wt.Polls("myapp.clients:resolve", files=["jobs.json"], clock=time.time)
    worker = Worker(
        client, task_queue="waits", workflows=[wt.WaitWorkflow], activities=polls.activities()
    )
    await worker.run()


async def start_one(client: Client, state: waitable.WaitState) -> Any:
    handle = await wt.start(client, state, task_queue="waits", variant=wt.RETRY)
    try:
        return await handle.result()
    except WorkflowFailureError as failed:
        if isinstance(failed.cause, ApplicationError) and failed.cause.type == "WaiterTimeoutError":
            details: dict[str, Any] = failed.cause.details[0]
            return details["observed"]
        raise


@activity.defn
async def start_wait(run_id: str) -> str:
    return waiter.start(JobName="etl", RunId=run_id).to_json()


@workflow.defn
class LoadTable:
    @workflow.run
    async def run(self, state_json: str) -> str:
        response = await wt.wait(state_json, variant=wt.TIMER, max_events=1_000)
        return str(response["Status"])


def read(step: wt.PollResult) -> float | None:
    request: wt.WaitRequest = wt.request(step["state"], call_timeout=30)
    assert request["variant"] == wt.TIMER
    return step["next_delay"] if not step["done"] else None
