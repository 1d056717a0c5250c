"""The ``command`` probe waits for its process, not for the pipes it leaves behind: a
background child is killed with its group when the command exits, a child that left the
group (``setsid``) is not waited for, and neither holds a wait past its deadline or a
SIGTERM. Real subprocesses, bounded real time."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator

import pytest

from conftest import running, wait_for_process, waitable_argv
from waitable.services.command import CommandClient

pytestmark = [
    pytest.mark.slow,  # real subprocesses and signals
    pytest.mark.skipif(os.name != "posix", reason="POSIX sessions and process groups"),
]


@pytest.fixture
def marker() -> Iterator[str]:
    """A ``sleep`` command line no other test runs; killed afterwards if it escaped."""
    text = f"sleep 29.{os.getpid()}{time.monotonic_ns() % 1000:03d}"
    yield text
    kill_escaped(text)


def kill_escaped(text: str) -> None:
    """Kill the children this test started that left their group, by process id."""
    listed = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout
    for line in listed.splitlines():
        pid, _, args = line.strip().partition(" ")
        if args.strip() == text:
            os.kill(int(pid), signal.SIGKILL)


def test_a_background_child_does_not_hold_the_run(marker: str) -> None:
    start = time.monotonic()
    response = CommandClient().run(["sh", "-c", f"echo out; echo err >&2; {marker} & exit 0"])
    assert time.monotonic() - start < 5
    assert (response["ExitCode"], response["Stdout"], response["Stderr"]) == (0, "out\n", "err\n")
    time.sleep(0.2)
    assert not running(marker), "the command's group is killed when the command exits"


def test_a_child_in_its_own_session_is_not_waited_for(marker: str) -> None:
    start = time.monotonic()
    response = CommandClient().run(["sh", "-c", f"setsid {marker} & sleep 0.3; echo done"])
    assert time.monotonic() - start < 5
    assert (response["ExitCode"], response["Stdout"]) == (0, "done\n")


def test_a_timeout_ends_the_run_though_an_escaped_child_holds_the_pipes(marker: str) -> None:
    start = time.monotonic()
    response = CommandClient().run(
        ["sh", "-c", f"echo started; setsid {marker} & sleep 30"], Timeout=1
    )
    assert time.monotonic() - start < 4
    assert response["Error"]["Code"] == "Timeout"


def test_max_wait_and_sigterm_end_the_command_though_an_escaped_child_holds_the_pipes(
    marker: str,
) -> None:
    probe = f"sh -c 'setsid {marker} & sleep 30'"
    start = time.monotonic()
    done = subprocess.run(
        waitable_argv("wait", "command", "CommandSucceeds", "-p", f"Command={probe}",
                      "--max-wait", "2", "--quiet"),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert time.monotonic() - start < 6
    kill_escaped(marker)
    process = subprocess.Popen(
        waitable_argv("wait", "command", "CommandSucceeds", "-p", f"Command={probe}", "--quiet"),
        stderr=subprocess.DEVNULL,
    )
    assert wait_for_process(marker)
    start = time.monotonic()
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 143
    assert time.monotonic() - start < 3
