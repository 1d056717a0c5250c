"""Faults from the operation, and leaving nothing running after a stop.

What happens, by kind of fault:
* an exception no acceptor names propagates unchanged (as in botocore); one an acceptor
  names is an error response; ``BaseException``s that are not ``Exception``s
  (KeyboardInterrupt, SystemExit) always propagate at once;
* a slow call counts against ``MaxWaitTime``: a response that comes back after the
  deadline is not judged, the wait times out;
* a call that never returns cannot be interrupted by a blocking waiter (Python cannot
  stop a thread); give the client its own timeout (botocore's ``read_timeout``), or use
  an ``AsyncWaiter`` and cancel the task or wrap it in ``asyncio.wait_for``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import threading
import time
from typing import Any

import pytest

import waitable
from conftest import (
    SUCCESS_ON_READY,
    Cli,
    FakeTime,
    Script,
    make_waiter,
    running,
    wait_for_process,
    waitable_argv,
    waiter_doc,
)
from waitable import WaitCancelledError, WaiterTimeoutError

NAMED = {"matcher": "error", "expected": "LookupError", "state": "retry"}


class Custom(Exception):  # noqa: N818 - a service's own exception name
    pass


@pytest.mark.parametrize(
    "exc",
    [
        ValueError("v"),
        KeyError("k"),
        Custom("c"),
        OSError("o"),
        RuntimeError("r"),
        ZeroDivisionError(),
    ],
    ids=lambda e: type(e).__name__,
)
def test_an_unnamed_exception_propagates_unchanged(exc: Exception) -> None:
    waiter, _ = make_waiter(Script(exc), SUCCESS_ON_READY)
    with pytest.raises(type(exc)) as caught:
        waiter.wait()
    assert caught.value is not exc or caught.value.args == exc.args


@pytest.mark.parametrize("exc", [KeyError("k"), IndexError("i")], ids=["KeyError", "IndexError"])
def test_a_named_exception_and_its_subclasses_are_error_responses(exc: Exception) -> None:
    waiter, _ = make_waiter(Script(exc, {"State": "READY"}), SUCCESS_ON_READY, NAMED)
    assert waiter.wait().attempts == 2


@pytest.mark.parametrize(
    "exc", [KeyboardInterrupt(), SystemExit(3)], ids=["KeyboardInterrupt", "SystemExit"]
)
def test_base_exceptions_always_propagate_at_once(exc: BaseException) -> None:
    script = Script(exc, {"State": "READY"})
    waiter, _ = make_waiter(script, SUCCESS_ON_READY, NAMED)
    with pytest.raises(type(exc)):
        waiter.wait()
    assert len(script.calls) == 1


def test_slow_calls_count_against_the_deadline() -> None:
    fake = FakeTime()

    def slow(**params: Any) -> dict[str, Any]:
        fake.now += 7  # each call takes 7 s
        return {"State": "PENDING"}

    model = waitable.load(waiter_doc(SUCCESS_ON_READY, delay=5, max_attempts=100))
    waiter = model.get_waiter("Ready", {"GetThing": slow}, sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(WaiterTimeoutError, match="Max wait time exceeded") as caught:
        waiter.wait(WaiterConfig={"MaxWaitTime": 40})
    assert caught.value.elapsed <= 40 + 7  # the last call started before the deadline
    assert sum(fake.sleeps) <= 40


@pytest.mark.slow
def test_cancel_leaves_no_thread_running() -> None:
    before = threading.active_count()
    cancel = threading.Event()
    waiter, _ = make_waiter(
        Script({"State": "PENDING"}), SUCCESS_ON_READY, cancel=cancel, sleep=None
    )
    threading.Timer(0.05, cancel.set).start()
    with pytest.raises(WaitCancelledError):
        waiter.wait(WaiterConfig={"Delay": 30, "MaxAttempts": 3})
    time.sleep(0.05)  # the Timer thread itself ends
    assert threading.active_count() == before


@pytest.mark.slow
def test_a_cancelled_async_wait_leaves_no_task_running() -> None:
    async def pending(**params: Any) -> dict[str, Any]:
        return {"State": "PENDING"}

    model = waitable.load(waiter_doc(SUCCESS_ON_READY, delay=30, max_attempts=10))
    waiter = model.get_async_waiter("Ready", {"GetThing": pending})

    async def main() -> int:
        task = asyncio.ensure_future(waiter.wait())
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return len([t for t in asyncio.all_tasks() if t is not asyncio.current_task()])

    assert asyncio.run(main()) == 0


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="signals to a process group are POSIX")
def test_ctrl_c_during_a_command_leaves_no_child_running(tmp_path: Any) -> None:
    marker = f"sleep 30.{os.getpid()}"  # a child's command line only this test runs
    process = subprocess.Popen(
        waitable_argv("wait", "command", "CommandSucceeds", "-p", f"Command={marker}", "--quiet"),
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert wait_for_process(marker), "the command's child started"
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the terminal's process group
    assert process.wait(timeout=10) == 130
    time.sleep(0.2)
    assert not running(marker)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "..", "http/../tcp"])
def test_the_command_reads_nothing_for_a_service_name_that_is_a_path(name: str, cli: Cli) -> None:
    done = cli("show", name, "Anything")
    assert done.returncode == 2
    assert "no service named" in done.stderr
    assert "root:" not in done.stdout + done.stderr


def test_smithy_any_error_takes_a_bare_exception(tmp_path: Any) -> None:
    """Found by hostile input: a plain ``Exception("x")`` under a Smithy ``success: false``
    acceptor crashed the wait with IndexError (its class names were all Python's roots)."""
    import json as _json

    smithy = {
        "Get": {
            "Ready": {
                "minDelay": 1,
                "maxDelay": 5,
                "acceptors": [
                    {"state": "failure", "matcher": {"success": False}},
                    {"state": "success", "matcher": {"success": True}},
                ],
            }
        }
    }
    path = tmp_path / "s.json"
    path.write_text(_json.dumps(smithy))

    def boom() -> None:
        raise Exception("x")

    waiter = waitable.load(str(path)).get_waiter("Ready", {"Get": boom}, sleep=lambda s: None)
    with pytest.raises(waitable.FailureStateError) as info:
        waiter.wait(WaiterConfig={"MaxWaitTime": 5})
    assert info.value.last_response == {"Error": {"Code": "Exception", "Message": "x"}}


def test_an_exception_whose_str_raises_is_still_an_error_response() -> None:
    class OddError(Exception):
        def __str__(self) -> str:
            raise RuntimeError("no")

    def call() -> None:
        raise OddError()

    document = {
        "version": 2,
        "waiters": {
            "W": {
                "operation": "Get",
                "delay": 0,
                "maxAttempts": 2,
                "acceptors": [{"matcher": "error", "expected": "OddError", "state": "failure"}],
            }
        },
    }
    waiter = waitable.load(document).get_waiter("W", {"Get": call})
    with pytest.raises(waitable.FailureStateError) as info:
        waiter.wait()
    assert "str() raised RuntimeError" in info.value.last_response["Error"]["Message"]


def test_a_path_with_a_nul_byte_is_a_clear_error() -> None:
    with pytest.raises(waitable.DefinitionError, match="NUL byte"):
        waitable.load("waiters\x00.json")


def test_a_jmespath_runtime_error_keeps_its_type_and_names_the_waiter() -> None:
    """botocore lets ``length(null)`` propagate; waitable does too, with a note naming the
    waiter and the acceptor (issue 17: a bare jmespath traceback named neither)."""
    import jmespath.exceptions

    document = {
        "version": 2,
        "waiters": {
            "R": {
                "operation": "Get",
                "delay": 1,
                "maxAttempts": 2,
                "acceptors": [
                    {
                        "matcher": "path",
                        "argument": "length(x) > `0`",
                        "expected": True,
                        "state": "success",
                    }
                ],
            }
        },
    }
    waiter = waitable.load(document).get_waiter("R", {"Get": dict})
    with pytest.raises(jmespath.exceptions.JMESPathTypeError) as info:
        waiter.wait()
    assert getattr(info.value, "__notes__", [])[0].startswith("waiter 'R': acceptor 0 (")


def _odd_waiter(operation: Any, **options: Any) -> Any:
    document = {
        "version": 2,
        "waiters": {
            "R": {
                "operation": "Get",
                "delay": 0,
                "maxAttempts": 3,
                "acceptors": [
                    {"matcher": "path", "argument": "a", "expected": 1, "state": "success"},
                    {"matcher": "error", "expected": "OddError", "state": "failure"},
                ],
            }
        },
    }
    return waitable.load(document).get_waiter("R", {"Get": operation}, **options)


def test_a_clock_or_a_strategy_that_gives_no_seconds_is_a_config_error() -> None:
    """Found by hostile input (issue 17): a raw TypeError from deep inside the wait."""
    with pytest.raises(waitable.ConfigError, match='clock= returned "x", not seconds'):
        _odd_waiter(dict, clock=lambda: "x").wait()

    def nowhere(state: Any) -> Any:
        return "soon"

    with pytest.raises(waitable.ConfigError, match='wait strategy gave "soon"'):
        _odd_waiter(dict, wait=nowhere, sleep=lambda s: None).wait()


def test_an_exception_whose_response_property_raises_is_judged_by_its_class() -> None:
    class OddError(Exception):
        @property
        def response(self) -> Any:
            raise RuntimeError("no")

    def call() -> None:
        raise OddError("odd")

    with pytest.raises(waitable.FailureStateError):
        _odd_waiter(call).wait()


def test_a_mapping_that_cannot_be_read_is_an_unexpected_response() -> None:
    from collections.abc import Mapping

    class Unreadable(Mapping[str, Any]):
        def __getitem__(self, key: str) -> Any:
            raise RuntimeError("no")

        def __iter__(self) -> Any:
            return iter(["a"])

        def __len__(self) -> int:
            return 1

    with pytest.raises(waitable.UnexpectedResponseError, match="could not read the response"):
        _odd_waiter(Unreadable).wait()
