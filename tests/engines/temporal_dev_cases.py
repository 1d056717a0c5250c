"""Waits on Temporal's dev server (the real server binary, started offline) with real
worker processes, SIGKILLed in the middle of a wait's call: a new worker finishes the
wait, every call judged once (the killed one never), the deadline unchanged.

Run by ``test_temporal.py`` in a subprocess that exits with ``os._exit`` (the SDK can
abort at interpreter exit, temporalio/sdk-python#300)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest

import waitable
from waitable import services

pytestmark = pytest.mark.slow  # a real server, worker processes, real time

from temporalio.api.enums.v1 import EventType  # noqa: E402
from temporalio.client import WorkflowFailureError  # noqa: E402
from temporalio.exceptions import ApplicationError  # noqa: E402
from temporalio.testing import WorkflowEnvironment  # noqa: E402

import waitable.temporal as wt  # noqa: E402

from .jobs import Jobs  # noqa: E402
from .temporal_support import (  # noqa: E402
    JOB_FILE,
    WorkerProcess,
    binary,
    completed_steps,
    history,
)

FAST = {"MinDelay": 0.5, "MaxDelay": 0.5, "MaxWaitTime": 60}  # a poll every 0.5 s


@pytest.mark.parametrize("variant", [wt.TIMER, wt.RETRY])
def test_a_worker_killed_mid_call_costs_one_call_and_the_wait_completes(
    variant: str, tmp_path: Path
) -> None:
    async def main() -> None:
        env = await WorkflowEnvironment.start_local(
            dev_server_existing_path=binary("temporal"), ui=False
        )
        address = env.client.service_client.config.target_host
        queue = f"q-{uuid.uuid4().hex[:8]}"
        jobs = Jobs()
        workers = []
        try:
            workers.append(WorkerProcess(address, queue, tmp_path, "first"))
            url = jobs.add("job", 5.0)
            jobs.hold("job", 3)  # the third call waits: its worker dies during it
            waiter = waitable.for_client(services.client("http"), JOB_FILE, service="http")
            state = waiter.get_waiter("JobDone").start(Url=url, WaiterConfig=FAST)
            handle = await wt.start(
                env.client, state, task_queue=queue, variant=variant, call_timeout=2
            )
            assert await asyncio.to_thread(jobs.holding.wait, 30), "no third call"
            workers[0].kill()
            jobs.release()  # the held call answers a closed connection
            workers.append(WorkerProcess(address, queue, tmp_path, "second"))
            response = await asyncio.wait_for(handle.result(), 60)
            assert response["Status"] == 200
            events = await history(handle)
            calls = jobs.calls["job"]
            steps = completed_steps(events)
            # the killed call was made and never judged; every other call judged once
            assert steps[-1]["attempts"] == calls - 1
            if variant == wt.TIMER:
                assert [s["attempts"] for s in steps] == list(range(1, calls))
                retried = [
                    e.activity_task_started_event_attributes.attempt
                    for e in events
                    if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
                ]
                assert retried.count(2) == 1  # the killed poll ran again, once
                assert set(retried) == {1, 2}
            else:
                assert len(events) <= 15
            # the second worker ran the polls after the kill
            assert "worker ready" in workers[1].logged()
        finally:
            for started in workers:
                started.stop()
            jobs.close()
            await env.shutdown()

    asyncio.run(main())


@pytest.mark.parametrize(
    ("variant", "pollers"),
    [
        # no worker until past the deadline (the retry variant's first poll is the same
        # activity code, tested without a server in test_temporal_activities.py)
        (wt.TIMER, "late"),
        (wt.TIMER, "never"),  # a workflow worker, none for the polls, ever
        (wt.RETRY, "never"),
    ],
)
def test_a_wait_without_workers_ends_at_its_deadline(
    variant: str, pollers: str, tmp_path: Path
) -> None:
    # "late": the first poll, past the deadline, ends the wait as a timeout without a call
    # (the deadline is in its state). "never": Temporal ends it by the poll's
    # schedule-to-close timeout (the deadline, its grace and one call), no poller needed
    async def main() -> None:
        env = await WorkflowEnvironment.start_local(
            dev_server_existing_path=binary("temporal"), ui=False
        )
        address = env.client.service_client.config.target_host
        queue = f"q-{uuid.uuid4().hex[:8]}"
        jobs = Jobs()
        worker = None
        try:
            url = jobs.add("late", 100.0)
            waiter = waitable.for_client(services.client("http"), JOB_FILE, service="http")
            config = {"MinDelay": 0.5, "MaxDelay": 0.5, "MaxWaitTime": 2}
            state = waiter.get_waiter("JobDone").start(Url=url, WaiterConfig=config)
            if pollers == "never":
                worker = WorkerProcess(address, queue, tmp_path, "workflows", "workflows")
            handle = await wt.start(
                env.client, state, task_queue=queue, variant=variant, call_timeout=1
            )
            if pollers == "late":
                await asyncio.sleep(4.5)  # past the deadline, its grace and one call
                worker = WorkerProcess(address, queue, tmp_path, "late")
            with pytest.raises(WorkflowFailureError) as failed:
                await asyncio.wait_for(handle.result(), 60)
            cause = failed.value.cause
            assert isinstance(cause, ApplicationError)
            assert cause.type == "WaiterTimeoutError"
            assert cause.non_retryable
            assert cause.message.startswith("Waiter JobDone failed: Max wait time exceeded")
            if pollers == "never":
                assert "activity ScheduleToStart timeout" in cause.message  # Temporal's
            assert jobs.calls.get("late", 0) == 0
        finally:
            if worker is not None:
                worker.stop()
            jobs.close()
            await env.shutdown()

    asyncio.run(main())
