"""Stopping a wait: a cancel event from another thread, and Ctrl-C during a sleep."""

from __future__ import annotations

import textwrap
import threading
import time

import pytest

import waitable
from conftest import SUCCESS_ON_READY, Script, make_waiter, run_python
from waitable import WaitCancelledError


def test_cancel_during_a_sleep_stops_before_the_next_call() -> None:
    cancel = threading.Event()
    script = Script({"State": "PENDING"})

    def sleep(seconds: float) -> None:  # another thread sets the event while we sleep
        cancel.set()

    waiter, _ = make_waiter(script, SUCCESS_ON_READY, sleep=sleep, cancel=cancel)
    with pytest.raises(WaitCancelledError) as info:
        waiter.wait()
    assert len(script.calls) == 1
    assert info.value.reason == "Cancelled"
    assert info.value.attempts == 1
    assert info.value.last_response == {"State": "PENDING"}
    assert isinstance(info.value, waitable.WaiterError)


def test_cancel_already_set_makes_no_call() -> None:
    cancel = threading.Event()
    cancel.set()
    script = Script({"State": "READY"})
    waiter, _ = make_waiter(script, SUCCESS_ON_READY, cancel=cancel)
    with pytest.raises(WaitCancelledError) as info:
        waiter.wait()
    assert script.calls == []
    assert info.value.attempts == 0


@pytest.mark.slow
def test_cancel_from_another_thread_wakes_a_long_sleep_at_once() -> None:
    cancel = threading.Event()

    def on_attempt(attempt: waitable.Attempt) -> None:
        threading.Thread(target=cancel.set).start()

    model = waitable.load(
        {
            "version": 2,
            "waiters": {
                "Ready": {
                    "operation": "GetThing",
                    "delay": 3600,  # an hour: only the event can end this sleep
                    "maxAttempts": 5,
                    "acceptors": [SUCCESS_ON_READY],
                }
            },
        }
    )
    script = Script({"State": "PENDING"})
    waiter = model.get_waiter("Ready", {"GetThing": script}, cancel=cancel, on_attempt=on_attempt)
    started = time.monotonic()
    with pytest.raises(WaitCancelledError):
        waiter.wait()
    assert time.monotonic() - started < 60
    assert len(script.calls) == 1


@pytest.mark.slow
def test_ctrl_c_during_a_sleep_stops_at_once() -> None:
    program = textwrap.dedent(
        """
        import os, signal, threading, time, waitable
        model = waitable.load({"version": 2, "waiters": {"Ready": {
            "operation": "Get", "delay": 3600, "maxAttempts": 3, "acceptors": [
                {"matcher": "path", "argument": "S", "expected": "ok", "state": "success"}]}}})
        def interrupt(attempt):
            threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGINT)).start()
        waiter = model.get_waiter("Ready", {"Get": lambda: {"S": "no"}}, on_attempt=interrupt)
        started = time.monotonic()
        try:
            waiter.wait()
        except KeyboardInterrupt:
            print("interrupted after", round(time.monotonic() - started), "s")
        """
    )
    done = run_python("-c", program, timeout=120)
    assert done.stdout.strip() == "interrupted after 0 s", done.stderr
