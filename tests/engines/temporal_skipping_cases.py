"""Waits on Temporal's time-skipping test server (a real server binary, started
offline), a worker in this process, and the job service on the server's clock: hours of
waiting in seconds, both variants, failures, timeouts, continue-as-new and history sizes.

Run by ``test_temporal.py`` in a subprocess that exits with ``os._exit`` (the SDK can
abort at interpreter exit, temporalio/sdk-python#300)."""

from __future__ import annotations

import asyncio
import sys
import time
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Callable

import pytest

import waitable
from waitable import services

pytestmark = pytest.mark.slow  # a real server

from temporalio.client import Client, WorkflowFailureError  # noqa: E402
from temporalio.exceptions import ApplicationError  # noqa: E402
from temporalio.testing import WorkflowEnvironment  # noqa: E402
from temporalio.worker import Worker  # noqa: E402

import waitable.temporal as wt  # noqa: E402

from .jobs import Jobs  # noqa: E402
from .temporal_parent import Parent  # noqa: E402
from .temporal_sandboxed import SandboxModules  # noqa: E402
from .temporal_support import (  # noqa: E402
    JOB_FILE,
    ServerClock,
    binary,
    completed_steps,
    event_names,
    history,
    runs,
)

HOUR = 3600.0
SLOW = {"MinDelay": 600, "MaxDelay": 1800}  # polls 10 to 30 min apart


@dataclass
class Setup:
    client: Client
    clock: ServerClock
    jobs: Jobs
    queue: str

    def state(
        self, name: str, ready_in: float, now: float, status: int = 200, **config: Any
    ) -> Any:
        url = self.jobs.add(name, ready_in, status, now=now)
        waiter = waitable.for_client(services.client("http"), JOB_FILE, service="http")
        config = {**SLOW, "MaxWaitTime": 12 * HOUR, **config}
        return waiter.get_waiter("JobDone").start(Url=url, WaiterConfig=config, now=now)


def skipping(scenario: Callable[[Setup], Awaitable[None]]) -> None:
    """Run ``scenario`` with a time-skipping server and a worker in this process."""

    async def main() -> None:
        path = binary("temporal-test-server")
        env = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=path)
        clock = ServerClock(env, asyncio.get_running_loop())
        jobs = Jobs(clock)
        queue = f"q-{uuid.uuid4().hex[:8]}"
        try:
            async with Worker(
                env.client,
                task_queue=queue,
                workflows=[wt.WaitWorkflow, Parent, SandboxModules],
                activities=wt.Polls(files=[JOB_FILE]).activities(),
            ):
                await asyncio.wait_for(scenario(Setup(env.client, clock, jobs, queue)), 120)
        finally:
            jobs.close()
            await env.shutdown()

    asyncio.run(main())


@pytest.mark.parametrize("variant", [wt.TIMER, wt.RETRY])
def test_hours_of_waiting_pass_in_seconds_and_end_with_the_response(variant: str) -> None:
    async def scenario(setup: Setup) -> None:
        now = await setup.clock.now()
        state = setup.state("etl", 5 * HOUR, now)
        began = time.monotonic()
        handle = await wt.start(setup.client, state, task_queue=setup.queue, variant=variant)
        again = await wt.start(setup.client, state, task_queue=setup.queue, variant=variant)
        assert again.result_run_id == handle.result_run_id  # the same run, not a second
        response = await handle.result()
        real = time.monotonic() - began
        assert response["Status"] == 200
        assert response["Json"] == {"job": "etl", "code": 200}
        events = await history(handle)
        assert event_names(events)[-1] == "EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED"
        calls = setup.jobs.calls["etl"]
        # 5 h at 10-30 min: a dozen polls or more, every call judged once
        assert calls >= 10
        if variant == wt.TIMER:
            steps = completed_steps(events)
            assert [s["attempts"] for s in steps] == list(range(1, calls + 1))
            assert len(events) <= 12 * calls
        else:
            assert len(events) <= 15
            (last,) = completed_steps(events)
            assert last["attempts"] == calls
        assert real < 30, f"5 simulated hours took {real:.1f} s"

    skipping(scenario)


def test_the_retry_variants_history_is_the_same_for_any_number_of_polls() -> None:
    async def scenario(setup: Setup) -> None:
        counts = []
        for name, hours in (("short", 0.2), ("long", 8.0)):
            now = await setup.clock.now()
            state = setup.state(name, hours * HOUR, now)
            handle = await wt.start(setup.client, state, task_queue=setup.queue, variant=wt.RETRY)
            await handle.result()
            counts.append((setup.jobs.calls[name], len(await history(handle))))
        (short_calls, short_events), (long_calls, long_events) = counts
        assert long_calls > 3 * short_calls
        assert short_events == long_events <= 15

    skipping(scenario)


@pytest.mark.parametrize("variant", [wt.TIMER, wt.RETRY])
def test_a_failed_job_fails_the_workflow_with_the_waiters_error(variant: str) -> None:
    async def scenario(setup: Setup) -> None:
        now = await setup.clock.now()
        state = setup.state("broken", 2 * HOUR, now, status=410)
        handle = await wt.start(setup.client, state, task_queue=setup.queue, variant=variant)
        with pytest.raises(WorkflowFailureError) as failed:
            await handle.result()
        cause = failed.value.cause
        assert isinstance(cause, ApplicationError)
        assert cause.type == "FailureStateError"
        assert cause.non_retryable
        assert cause.message == (
            "Waiter JobDone failed: Waiter encountered a terminal failure state: For "
            'expression "Status == `410`" we matched expected path: "true" (booleanEquals)'
        )
        (details,) = cause.details
        assert details["name"] == "JobDone"
        assert details["attempts"] == setup.jobs.calls["broken"]
        assert details["last_response"]["Status"] == 410

    skipping(scenario)


@pytest.mark.parametrize("variant", [wt.TIMER, wt.RETRY])
def test_a_job_never_ready_times_out_at_the_waits_deadline(variant: str) -> None:
    async def scenario(setup: Setup) -> None:
        now = await setup.clock.now()
        state = setup.state("stuck", 100 * HOUR, now, MaxWaitTime=3 * HOUR)
        handle = await wt.start(setup.client, state, task_queue=setup.queue, variant=variant)
        with pytest.raises(WorkflowFailureError) as failed:
            await handle.result()
        cause = failed.value.cause
        assert isinstance(cause, ApplicationError)
        assert cause.type == "WaiterTimeoutError"
        assert cause.message.startswith("Waiter JobDone failed: Max wait time exceeded")
        (details,) = cause.details
        assert details["attempts"] == setup.jobs.calls["stuck"]
        # the final poll is at the deadline, judged by the server's clock
        assert 3 * HOUR - 1 <= details["elapsed"] <= 3 * HOUR + 60
        assert details["observed"]  # what the retried calls showed, counted

    skipping(scenario)


def test_the_timer_loop_continues_as_new_before_max_events_and_loses_no_poll() -> None:
    async def scenario(setup: Setup) -> None:
        now = await setup.clock.now()
        state = setup.state("long", 8 * HOUR, now, MinDelay=300, MaxDelay=300, MaxWaitTime=9 * HOUR)
        handle = await wt.start(setup.client, state, task_queue=setup.queue, max_events=100)
        response = await handle.result()
        assert response["Status"] == 200
        chain = await runs(setup.client, handle.id, handle.first_execution_run_id or "")
        calls = setup.jobs.calls["long"]
        assert calls >= 90  # 8 h every 5 min
        assert len(chain) >= calls * 11 // 100
        assert max(len(events) for events in chain) < 100
        steps = [step for events in chain for step in completed_steps(events)]
        assert [s["attempts"] for s in steps] == list(range(1, calls + 1))
        for events in chain[:-1]:
            assert event_names(events)[-1] == "EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW"

    skipping(scenario)


@pytest.mark.parametrize("variant", [wt.TIMER, wt.RETRY])
def test_a_workflow_runs_a_wait_as_a_child_and_its_history_stays_small(variant: str) -> None:
    async def scenario(setup: Setup) -> None:
        now = await setup.clock.now()
        state = setup.state("child", 4 * HOUR, now)
        handle = await setup.client.start_workflow(
            Parent.run,
            args=[state.to_json(), variant],
            id=f"parent-{variant}",
            task_queue=setup.queue,
        )
        assert await handle.result() == {"status": 200}
        assert len(await history(handle)) <= 15
        now = await setup.clock.now()  # the server's time moves on past a finished wait
        broken = setup.state("child-broken", 1 * HOUR, now, status=410)
        failing = await setup.client.start_workflow(
            Parent.run,
            args=[broken.to_json(), variant],
            id=f"parent-broken-{variant}",
            task_queue=setup.queue,
        )
        with pytest.raises(WorkflowFailureError) as failed:
            await failing.result()
        cause = failed.value.cause
        assert isinstance(cause, ApplicationError)
        assert cause.type == "FailureStateError"
        assert cause.message.startswith("Waiter JobDone failed: Waiter encountered a terminal")

    skipping(scenario)


def test_a_bad_request_fails_the_workflow_saying_what_is_wrong() -> None:
    async def scenario(setup: Setup) -> None:
        for given, words in [
            ({"variant": "timer"}, "missing 'state'"),
            (
                {"state": "{", "variant": "timer", "call_timeout": 5, "max_events": 100},
                "must be JSON",
            ),
        ]:
            handle = await setup.client.start_workflow(
                wt.WORKFLOW, given, id=f"bad-{uuid.uuid4().hex[:6]}", task_queue=setup.queue
            )
            with pytest.raises(WorkflowFailureError) as failed:
                await handle.result()
            cause = failed.value.cause
            assert isinstance(cause, ApplicationError)
            assert cause.type == "ConfigError"
            assert words in cause.message

    skipping(scenario)


def test_the_workflow_sandbox_loads_waitables_decision_core_once() -> None:
    # the sandbox re-executes a workflow's modules for each workflow run, except those
    # passed through: waitable.temporal passes its activities and the core through, so a
    # run (a cache miss, a continue-as-new) re-executes four small modules, not all
    # of waitable's (about 75 ms a run here, before)
    async def scenario(setup: Setup) -> None:
        inside = await setup.client.execute_workflow(
            SandboxModules.run, id="sandbox-modules", task_queue=setup.queue
        )
        host = {name: id(module) for name, module in sys.modules.items() if "waitable" in name}
        reloaded = sorted(name for name, ident in inside.items() if host.get(name) != ident)
        assert reloaded == [
            "waitable",  # lazy: its names are imported when used
            "waitable._version",
            "waitable.temporal",
            "waitable.temporal._workflow",
        ]
        activities = "waitable.temporal._activities"  # and, through it, the core
        assert inside[activities] == host[activities]

    skipping(scenario)
