"""Shared test helpers: scripted operations, a fake clock, a recording sleep."""

from __future__ import annotations

import os
from typing import Any

import waitable

BOTOCORE_DATA: str | None
try:
    import botocore

    BOTOCORE_DATA = os.path.join(os.path.dirname(botocore.__file__), "data")
except ImportError:  # pragma: no cover - botocore is a test dependency
    BOTOCORE_DATA = None


class FakeTime:
    """A clock that only moves when slept on: tests never sleep for real."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0, "waitable must not call sleep(0)"
        self.sleeps.append(seconds)
        self.now += seconds


class Script:
    """An operation that answers from a list; an Exception in the list is raised."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **params: Any) -> Any:
        self.calls.append(params)
        answer = self.answers[min(len(self.calls), len(self.answers)) - 1]
        if isinstance(answer, BaseException):
            raise answer
        return answer


def waiter_doc(*acceptors: dict[str, Any], delay: float = 5, max_attempts: int = 4) -> dict:
    return {
        "version": 2,
        "waiters": {
            "Ready": {
                "operation": "GetThing",
                "delay": delay,
                "maxAttempts": max_attempts,
                "acceptors": list(acceptors),
            }
        },
    }


def make_waiter(
    script: Script, *acceptors: dict[str, Any], delay: float = 5, max_attempts: int = 4, **kw: Any
) -> tuple[waitable.Waiter, FakeTime]:
    fake = FakeTime()
    model = waitable.load(waiter_doc(*acceptors, delay=delay, max_attempts=max_attempts))
    kw.setdefault("sleep", fake.sleep)
    kw.setdefault("clock", fake.clock)
    return model.get_waiter("Ready", {"GetThing": script}, **kw), fake


def error(code: str, message: str = "boom", status: int = 400) -> dict[str, Any]:
    return {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }


SUCCESS_ON_READY = {"matcher": "path", "argument": "State", "expected": "READY", "state": "success"}
FAIL_ON_BROKEN = {"matcher": "path", "argument": "State", "expected": "BROKEN", "state": "failure"}
RETRY_ON_MISSING = {"matcher": "error", "expected": "NotFound", "state": "retry"}


def running(marker: str) -> bool:
    """Whether a process whose command line starts with ``marker`` is running."""
    import subprocess

    found = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return any(line.startswith(marker) for line in found.splitlines())


def wait_for_process(marker: str, seconds: float = 10) -> bool:
    """Poll (for real: a child process is starting) until ``marker`` runs, or give up."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not running(marker):
        time.sleep(0.05)
    return running(marker)
