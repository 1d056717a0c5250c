"""A real Temporal worker for the tests: ``python temporal_worker.py ADDRESS QUEUE
[all|workflows]`` runs ``WaitWorkflow`` and (unless ``workflows``) the waitable
activities (waiter files: the tests' job.json) until it is killed. Sticky workflow
tasks go back to the shared queue a second after their worker stops answering, so a
killed worker's wait moves on quickly."""

from __future__ import annotations

import asyncio
import datetime
import sys

from temporalio.client import Client
from temporalio.worker import Worker

import waitable.temporal as wt
from engines.temporal_support import JOB_FILE


async def main(address: str, queue: str, mode: str) -> None:
    client = await Client.connect(address)
    worker = Worker(
        client,
        task_queue=queue,
        workflows=[wt.WaitWorkflow],
        activities=wt.Polls(files=[JOB_FILE]).activities() if mode == "all" else [],
        sticky_queue_schedule_to_start_timeout=datetime.timedelta(seconds=1),
    )
    running = asyncio.ensure_future(worker.run())
    await asyncio.sleep(0.2)
    print("worker ready", flush=True)
    await running


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "all"))
