"""The command as a container entry point: --max-wait bounds calls already running, and
SIGTERM stops a wait at once, taking its child processes with it (issue reports)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Iterator

import pytest

from conftest import running, wait_for_process

PYTHON = sys.executable
posix = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and process groups")


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections (the kernel does) and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


def timed(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    done = subprocess.run(
        [PYTHON, "-m", "waitable", *args], capture_output=True, text=True, timeout=60
    )
    return done, time.monotonic() - start


def test_max_wait_bounds_a_call_to_a_server_that_never_answers(silent_server: int) -> None:
    done, took = timed(
        "wait",
        "http",
        "UrlReady",
        "-p",
        f"Url=http://127.0.0.1:{silent_server}/",
        "--max-wait",
        "2",
    )
    assert done.returncode == 3, done.stderr
    assert took < 2 + 1.5  # process start included; the deadline itself holds within 0.2 s
    assert "Max wait time exceeded" in done.stderr


def test_max_wait_bounds_a_command_that_runs_long() -> None:
    done, took = timed(
        "wait", "command", "CommandSucceeds", "-p", "Command=sleep 8", "--max-wait", "2"
    )
    assert done.returncode == 3, done.stderr
    assert took < 2 + 1.5
    assert "(Timeout)" in done.stderr  # the probe's timeout was a retry, not the end


@posix
def test_sigterm_stops_at_once_with_143_and_kills_the_child() -> None:
    marker = f"sleep 31.{os.getpid()}"
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "waitable",
            "wait",
            "command",
            "CommandSucceeds",
            "-p",
            f"Command={marker}",
            "--quiet",
        ],
        stderr=subprocess.DEVNULL,
    )
    assert wait_for_process(marker), "the command's child started"
    start = time.monotonic()
    process.send_signal(signal.SIGTERM)  # docker stop
    assert process.wait(timeout=10) == 143
    assert time.monotonic() - start < 2
    time.sleep(0.2)
    assert not running(marker)


@posix
def test_sigterm_during_a_sleep() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "waitable",
            "wait",
            "tcp",
            "PortOpen",
            "-p",
            "Host=127.0.0.1",
            "-p",
            f"Port={port}",
            "--delay",
            "30",
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=10)
    assert process.returncode == 143
    assert "terminated" in err


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="Linux's /proc tells a start")
def test_max_wait_counts_from_the_process_start() -> None:
    """The interpreter's start and the imports are part of --max-wait (they were not:
    the command exited up to a tenth of a second late)."""
    out = subprocess.run(
        [PYTHON, "-c", "import time; time.sleep(0.5)\n"
         "from waitable._cli.deadline import process_age; print(process_age())"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert 0.5 <= float(out.stdout) < 5
