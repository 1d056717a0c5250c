"""Several waits in one command (``--``-separated, ``--all``/``--any``) and ``-- exec``."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from cli.conftest import tcp
from conftest import Cli, running

pytestmark = pytest.mark.slow  # real ports, commands and time

PYTHON = sys.executable
posix = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and process groups")


def test_all_succeed(port: int, tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "ready").touch()
    done = cli("wait", *tcp(port), "--", "file", "PathExists", "-p", f"Path={tmp_path / 'ready'}")
    assert done.returncode == 0, done.stderr
    assert "[1] tcp PortOpen: PortOpen succeeded after 1 attempt" in done.stderr
    assert "[2] file PathExists: PathExists succeeded after 1 attempt" in done.stderr


def test_all_stops_at_the_first_failure_and_names_it(closed_port: int, cli: Cli) -> None:
    start = time.monotonic()
    done = cli(
        "wait",
        "--all",
        "--max-wait",
        "30",
        *tcp(closed_port),
        "--",
        "command",
        "CommandSucceeds",
        "-p",
        "Command=/nonexistent/probe",
    )
    assert done.returncode == 1, done.stderr
    assert time.monotonic() - start < 15  # not the other wait's 30 s
    assert "[2] command CommandSucceeds: Waiter CommandSucceeds failed" in done.stderr
    assert "[1] tcp PortOpen" not in done.stderr.split("waitable:", 1)[1]  # cancelled: silent


def test_any_succeeds_at_the_first_success(port: int, closed_port: int, cli: Cli) -> None:
    start = time.monotonic()
    done = cli("wait", "--any", "--max-wait", "30", *tcp(closed_port), "--", *tcp(port))
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - start < 15
    assert "[2] tcp PortOpen: PortOpen succeeded" in done.stderr


def test_any_fails_only_when_every_wait_has(closed_port: int, tmp_path: Path, cli: Cli) -> None:
    done = cli(
        "wait",
        "--any",
        "--max-wait",
        "1",
        *tcp(closed_port),
        "--",
        "file",
        "PathExists",
        "-p",
        f"Path={tmp_path / 'never'}",
    )
    assert done.returncode == 3, done.stderr
    assert "[1] tcp PortOpen: Waiter PortOpen failed: Max wait time exceeded" in done.stderr
    assert "[2] file PathExists: Waiter PathExists failed: Max wait time exceeded" in done.stderr


def test_the_deadline_is_shared_not_added_up(closed_port: int, tmp_path: Path, cli: Cli) -> None:
    start = time.monotonic()
    done = cli(
        "wait",
        "--max-wait",
        "2",
        *tcp(closed_port),
        "--",
        "file",
        "PathExists",
        "-p",
        f"Path={tmp_path / 'never'}",
        "--",
        "command",
        "CommandSucceeds",
        "-p",
        "Command=sleep 20",
    )
    took = time.monotonic() - start
    assert done.returncode == 3, done.stderr
    assert 2 <= took < 4.5


def test_every_wait_is_checked_before_the_first_call(port: int, tmp_path: Path, cli: Cli) -> None:
    marker = tmp_path / "called"
    done = cli(
        "wait",
        "command",
        "CommandSucceeds",
        "-p",
        f"Command=touch {marker}",
        "--",
        "tcp",
        "PortOpen",
        "-p",
        "Host=127.0.0.1",
        "-p",
        "Port=http",
    )
    assert done.returncode == 2
    assert done.stderr.startswith("waitable: [2] ")
    assert "Port" in done.stderr
    assert not marker.exists()


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--", "file", "PathExists", "--max-wait", "3"], "--max-wait applies to the whole"),
        (["--", "file", "PathExists", "--any"], "--any applies to the whole command"),
        (["--"], "-- must be followed by SERVICE WAITER, or exec COMMAND"),
        (["--", "exec"], "-- exec needs a command to run"),
        (["--", "file", "PathExits"], "[2] file: no waiter named 'PathExits'"),
    ],
)
def test_usage_mistakes_are_one_line(port: int, words: list[str], message: str, cli: Cli) -> None:
    done = cli("wait", *tcp(port), *words)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_json_lists_every_wait(port: int, tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "f").write_text("x")
    done = cli(
        "wait", "-q", "--json", *tcp(port), "--", "file", "PathExists", "-p", f"Path={tmp_path}/f"
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert [(w["wait"], w["exit"]) for w in shown] == [("tcp PortOpen", 0), ("file PathExists", 0)]
    assert shown[0]["response"]["Open"] is True


def test_exec_does_not_run_after_a_failure(closed_port: int, tmp_path: Path, cli: Cli) -> None:
    marker = tmp_path / "ran"
    done = cli(
        "wait", "-q", *tcp(closed_port), "--max-attempts", "1", "--", "exec", "touch", str(marker)
    )
    assert done.returncode == 3
    assert not marker.exists()


def test_exec_of_a_missing_command_is_127(port: int, cli: Cli) -> None:
    done = cli("wait", "-q", *tcp(port), "--", "exec", "/nonexistent/app")
    assert done.returncode == 127
    assert done.stderr.strip() == "waitable: -- exec /nonexistent/app: command not found"


def test_a_cancelled_command_leaves_nothing_running(cli: Cli) -> None:
    """``--any``: the wait that lost is cancelled mid-call; its command is killed."""
    marker = f"sleep 43.{os.getpid()}"
    done = cli(
        "wait",
        "--any",
        "command",
        "CommandSucceeds",
        "-p",
        f"Command={marker}",
        "--",
        "command",
        "CommandSucceeds",
        "-p",
        "Command=sleep 0.5",
    )
    assert done.returncode == 0, done.stderr
    time.sleep(0.3)
    assert not running(marker)


def test_a_file_listing_waits(port: int, tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "ready").touch()
    listing = tmp_path / "waits.txt"
    listing.write_text(
        "# what the app needs\n"
        f"tcp PortOpen -p Host=127.0.0.1 -p Port={port}\n"
        "\n"
        f'file PathExists -p "Path={tmp_path / "ready"}"  # written by the migration job\n'
    )
    done = cli("wait", "--from", str(listing), "--", "file", "PathGone", "-p", "Path=/nonexistent")
    assert done.returncode == 0, done.stderr
    assert "[1] tcp PortOpen: PortOpen succeeded" in done.stderr
    assert "[2] file PathExists: PathExists succeeded" in done.stderr
    assert "[3] file PathGone: PathGone succeeded" in done.stderr  # the command line's, after


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "--from {path}: No such file or directory"),
        ("# nothing\n\n", "--from {path}: lists no waits"),
        ('tcp "PortOpen\n', "{path}:1: No closing quotation"),
        ("tcp PortOpen -p Port=http\n", "[1] "),
    ],
)
def test_a_bad_listing_is_one_line(
    tmp_path: Path, text: str | None, message: str, cli: Cli
) -> None:
    listing = tmp_path / "waits.txt"
    if text is not None:
        listing.write_text(text)
    done = cli("wait", "--from", str(listing), "--", "file", "PathExists", "-p", "Path=/x")
    assert done.returncode == 2
    assert message.format(path=listing) in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
