"""The command as a process, where the process is the point: SIGTERM (as a container's
entry point) and Ctrl-C stop a wait at once, taking its child processes with it;
``-- exec`` replaces the process; ``--max-wait`` counts from the process start.
Everything else about the command runs in process (the ``cli`` fixture)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli.conftest import tcp
from conftest import run_python, running, wait_for_process, waitable_argv

pytestmark = pytest.mark.slow  # real subprocesses and signals

PYTHON = sys.executable
posix = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and process groups")


@posix
def test_sigterm_stops_at_once_with_143_and_kills_the_child() -> None:
    marker = f"sleep 31.{os.getpid()}"
    process = subprocess.Popen(
        waitable_argv(
            "wait",
            "command",
            "CommandSucceeds",
            "-p",
            f"Command={marker}",
            "--quiet",
        ),
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
        waitable_argv(
            "wait",
            "tcp",
            "PortOpen",
            "-p",
            "Host=127.0.0.1",
            "-p",
            f"Port={port}",
            "--delay",
            "30",
        ),
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
    out = run_python(
        "-c",
        "import time; time.sleep(0.5)\n"
        "from waitable._cli.targets import process_age; print(process_age())",
        check=True,
    )
    assert 0.5 <= float(out.stdout) < 5


def test_ctrl_c_stops_at_once_with_exit_130(tmp_path: Path) -> None:
    argv = waitable_argv("wait", "file", "PathExists")
    argv += ["-p", f"Path={tmp_path / 'never'}", "--delay", "3600"]
    with subprocess.Popen(argv, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stderr is not None
        assert proc.stderr.readline().startswith("PathExists: attempt 1: retry")
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 130
        assert time.monotonic() - started < 30
        assert "interrupted" in proc.stderr.read()


def test_exec_replaces_the_process_after_success(port: int) -> None:
    process = subprocess.Popen(
        waitable_argv(
            "wait",
            "-q",
            *tcp(port),
            "--",
            "exec",
            PYTHON,
            "-c",
            "import os, sys; print(os.getpid(), sys.argv[1:])",
            "--",
            "a b",
        ),
        stdout=subprocess.PIPE,
        text=True,
    )
    out, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    assert out.split(" ", 1) == [str(process.pid), "['--', 'a b']\n"]  # same process, words kept


@posix
def test_sigterm_with_several_waits_kills_every_child() -> None:
    markers = [f"sleep 41.{os.getpid()}", f"sleep 42.{os.getpid()}"]
    process = subprocess.Popen(
        waitable_argv(
            "wait",
            "-q",
            "command",
            "CommandSucceeds",
            "-p",
            f"Command={markers[0]}",
            "--",
            "command",
            "CommandSucceeds",
            "-p",
            f"Command={markers[1]}",
        ),
        stderr=subprocess.DEVNULL,
    )
    assert all(wait_for_process(marker) for marker in markers)
    start = time.monotonic()
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 143
    assert time.monotonic() - start < 2
    time.sleep(0.3)
    assert not any(running(marker) for marker in markers)


@posix
def test_json_into_a_closed_pipe_ends_quietly_with_the_wait_s_status(tmp_path: Path) -> None:
    """Issue 17: ``waitable wait ... --json | head -c 10`` said "Broken pipe", exit 2.
    Here the reader is gone before the first write, so the write always fails."""
    argv = waitable_argv("wait", "file", "PathExists", "-p", f"Path={tmp_path}", "-q", "--json")
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(argv, stdout=write, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
