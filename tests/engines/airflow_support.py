"""What the Airflow tests name by ``module:name`` (a state's hook, a trigger's resolver),
and the script a SIGKILLed "triggerer" runs: ``python -m engines.airflow_support KWARGS``
re-creates a ``WaitTrigger`` from Airflow's stored kwargs and runs it."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from waitable import services

attempts: list[int] = []
resolved: list[dict[str, str]] = []


def record_attempt(attempt: Any) -> None:
    """``on_attempt``: the attempt numbers this process polled."""
    attempts.append(attempt.number)
    print(json.dumps({"attempt": attempt.number}), flush=True)


def http_client(ref: Any) -> Any:
    """A resolver: the built-in http service's (blocking) client, counted."""
    resolved.append(dict(ref))
    return services.client("http")


async def _main(path: str) -> None:
    import os

    from waitable.airflow import WaitTrigger

    print(json.dumps({"ready": True}), flush=True)  # imported: the test writes the kwargs now
    while not os.path.exists(path):
        await asyncio.sleep(0.01)
    with open(path) as kwargs:
        trigger = WaitTrigger(**json.load(kwargs))
    async for event in trigger.run():
        print(json.dumps({"event": event.payload}), flush=True)


if __name__ == "__main__":
    asyncio.run(_main(sys.argv[1]))
