"""The waitable command, end to end in subprocesses, against real things on this machine:
an HTTP server on 127.0.0.1 (ephemeral port), TCP ports, files, commands.

Delays are cut to 0.05 s with --delay: these tests do wait on real servers, briefly."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import pty
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

FAST = ["--delay", "0.05"]
TWO_PROBLEMS = os.path.join(os.path.dirname(__file__), "two_problems.json")
PYTHON = sys.executable


def waitable(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "waitable", *args], capture_output=True, text=True, timeout=timeout
    )


class Handler(http.server.BaseHTTPRequestHandler):
    """503 for the first ``ready_after`` requests, then 200 with a JSON body."""

    hits = 0
    ready_after = 2

    def do_GET(self) -> None:
        type(self).hits += 1
        ready = type(self).hits > type(self).ready_after
        body = json.dumps({"status": "ok" if ready else "starting", "hits": type(self).hits})
        self.send_response(200 if ready else 503)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    class Fresh(Handler):
        hits = 0

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fresh)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_list_show_and_help() -> None:
    listing = waitable("list")
    assert listing.returncode == 0
    names = [line.split()[:2] for line in listing.stdout.splitlines()]
    assert ["http", "UrlReady"] in names
    assert ["tcp", "PortOpen"] in names
    assert ["file", "FileContains"] in names
    assert ["command", "OutputMatches"] in names
    show = waitable("show", "http", "StatusIs")
    assert show.returncode == 0
    assert "Wait until Url answers with the HTTP status given as Status." in show.stdout
    assert "Url (required, str)" in show.stdout
    assert "Status (required: compared by the acceptors)" in show.stdout
    assert "Exit codes" in waitable("--help").stdout


def test_url_ready_waits_for_a_server_that_becomes_ready(server: str) -> None:
    done = waitable("wait", "http", "UrlReady", "--param", f"Url={server}", *FAST, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["Json"] == {"status": "ok", "hits": 3}
    lines = done.stderr.splitlines()
    assert lines[0].startswith("UrlReady: attempt 1: retry (HTTP 503)")
    assert lines[2].startswith("UrlReady: attempt 3: success (HTTP 200)")
    assert lines[-1].startswith("waitable: UrlReady succeeded after 3 attempts")


def test_json_matches_and_status_is(server: str) -> None:
    done = waitable(
        "wait",
        "http",
        "JsonMatches",
        "-p",
        f"Url={server}",
        "-p",
        "Query=status",
        "-p",
        'Expected:="ok"',
        *FAST,
        "--quiet",
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    done = waitable("wait", "http", "StatusIs", "-p", f"Url={server}", "-p", "Status:=200", *FAST)
    assert done.returncode == 0, done.stderr


def test_url_gone_and_port_closed_on_a_closed_port() -> None:
    port = free_port()
    gone = waitable("wait", "http", "UrlGone", "-p", f"Url=http://127.0.0.1:{port}/", *FAST)
    assert gone.returncode == 0, gone.stderr
    closed = waitable("wait", "tcp", "PortClosed", "-p", "Host=127.0.0.1", "-p", f"Port:={port}")
    assert closed.returncode == 0, closed.stderr


def test_port_open() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        done = waitable("wait", "tcp", "PortOpen", "-p", "Host=127.0.0.1", "-p", f"Port={port}")
    assert done.returncode == 0, done.stderr


def test_path_exists_waits_for_a_file_created_later(tmp_path: Path) -> None:
    target = tmp_path / "ready.flag"
    with subprocess.Popen(
        [PYTHON, "-m", "waitable", "wait", "file", "PathExists", "-p", f"Path={target}", *FAST],
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stderr is not None
        first = proc.stderr.readline()  # the first attempt has been made: the file is missing
        assert first.startswith("PathExists: attempt 1: retry")
        target.write_text("x")
        rest = proc.stderr.read()
        assert proc.wait(timeout=60) == 0
    assert "PathExists succeeded" in rest


def test_file_contains_and_path_gone(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text("starting\nlistening on 8080\n")
    done = waitable("wait", "file", "FileContains", "-p", f"Path={log}", "-p", "Text=listening")
    assert done.returncode == 0, done.stderr
    done = waitable("wait", "file", "PathGone", "-p", f"Path={tmp_path / 'nothing'}")
    assert done.returncode == 0, done.stderr


PRINT_JSON = "print('{\"n\": [1, 2]}')"


def test_commands() -> None:
    ok = waitable("wait", "command", "CommandSucceeds", "-p", f"Command={PYTHON} -c pass")
    assert ok.returncode == 0, ok.stderr
    matches = waitable(
        "wait",
        "command",
        "OutputMatches",
        "-p",
        "Command:=" + json.dumps([PYTHON, "-c", PRINT_JSON]),
        "-p",
        "Query=length(n)",
        "-p",
        "Expected:=2",
        *FAST,
    )
    assert matches.returncode == 0, matches.stderr


def test_exit_code_for_a_failure_state(tmp_path: Path) -> None:
    waiters = tmp_path / "mine.json"
    waiters.write_text(
        json.dumps(
            {
                "version": 2,
                "waiters": {
                    "Deploy": {
                        "operation": "Run",
                        "delay": 0,
                        "maxAttempts": 3,
                        "acceptors": [
                            {
                                "matcher": "path",
                                "argument": "ExitCode",
                                "expected": 0,
                                "state": "success",
                            },
                            {
                                "matcher": "path",
                                "argument": "ExitCode",
                                "expected": 3,
                                "state": "failure",
                            },
                        ],
                    }
                },
            }
        )
    )
    done = waitable(
        "wait",
        "command",
        "Deploy",
        "--file",
        str(waiters),
        "-p",
        f"Command={PYTHON} -c 'raise SystemExit(3)'",
    )
    assert done.returncode == 1
    assert "Waiter Deploy failed: Waiter encountered a terminal failure state" in done.stderr
    missing = waitable("wait", "command", "CommandSucceeds", "-p", "Command=no-such-command-x")
    assert missing.returncode == 1
    assert "An error occurred (CommandNotFound)" in missing.stderr


def test_exit_code_for_a_timeout_carries_the_summary(tmp_path: Path) -> None:
    done = waitable(
        "wait",
        "file",
        "PathExists",
        "-p",
        f"Path={tmp_path / 'never'}",
        "--max-wait",
        "0.3",
        *FAST,
    )
    assert done.returncode == 3
    assert "Waiter PathExists failed: Max wait time exceeded" in done.stderr
    assert "x `Exists` = false" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["wait", "htp", "UrlReady"], "no service named 'htp'; did you mean 'http'"),
        (["wait", "http", "UrlRedy"], "no waiter named 'UrlRedy'; did you mean 'UrlReady'?"),
        (["wait", "http", "UrlReady"], "UrlReady needs --param Url=..."),
        (["wait", "http", "UrlReady", "-p", "Url"], "expected KEY=VALUE or KEY:=JSON"),
        (["wait", "http", "UrlReady", "-p", "Url:={"], "the value is not JSON"),
        (
            ["wait", "file", "PathExists", "-p", "Path=x", "--file", "/no/such.json"],
            "No such file or directory",
        ),
        (
            ["wait", "file", "PathExists", "-p", "Path=x", "--file", TWO_PROBLEMS],
            "'delay' must be >= 0, got -1 (and 1 more: run waitable validate)",
        ),
        (
            ["wait", "file", "PathExists", "-p", "Path=x", "--max-attempts", "0"],
            "--max-attempts: must be a whole number >= 1, got '0'",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    done = waitable(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_validate(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {
                "version": 2,
                "waiters": {
                    "W": {
                        "operation": "Op",
                        "delay": 1,
                        "maxAttempts": 2,
                        "acceptors": [{"matcher": "status", "expected": 200, "state": "success"}],
                    }
                },
            }
        )
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 2, "waiters": {"W": {"operation": "Op", "delay": -1}}}')
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert waitable("validate", str(good)).returncode == 0
    done = waitable("validate", str(good), str(bad), str(broken))
    assert done.returncode == 2
    assert f"{good}: valid (1 waiter)" in done.stdout
    assert f"{bad}: waiter 'W': missing required field 'maxAttempts'" in done.stderr
    assert f"{bad}: waiter 'W': 'delay' must be >= 0, got -1" in done.stderr
    assert f"{broken}: invalid JSON at line 1, column 2" in done.stderr


def test_ctrl_c_stops_at_once_with_exit_130(tmp_path: Path) -> None:
    argv = [PYTHON, "-m", "waitable", "wait", "file", "PathExists"]
    argv += ["-p", f"Path={tmp_path / 'never'}", "--delay", "3600"]
    with subprocess.Popen(argv, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stderr is not None
        assert proc.stderr.readline().startswith("PathExists: attempt 1: retry")
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 130
        assert time.monotonic() - started < 30
        assert "interrupted" in proc.stderr.read()


def test_progress_on_a_terminal_is_one_live_line(server: str) -> None:
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [PYTHON, "-m", "waitable", "wait", "http", "UrlReady", "-p", f"Url={server}", *FAST],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        close_fds=True,
        env={**os.environ, "TERM": "xterm"},
    )
    os.close(secondary)
    output = b""
    with contextlib.suppress(OSError):  # EIO once the child has exited
        while True:
            ready, _, _ = select.select([primary], [], [], 30)
            if not ready:
                break
            chunk = os.read(primary, 4096)
            if not chunk:
                break
            output += chunk
    os.close(primary)
    assert proc.wait(timeout=60) == 0
    text = output.decode()
    assert text.count("\rUrlReady: attempt") == 3  # rewritten in place
    assert "UrlReady: attempt 1: retry (HTTP 503)" in text
    assert "\nwaitable: UrlReady succeeded" in text.replace("\r\n", "\n")


def test_max_attempts_alone_on_a_smithy_waiter_keeps_the_default_deadline() -> None:
    done = waitable(
        "wait", "command", "CommandSucceeds", "-p", "Command=true", "--max-attempts", "2"
    )
    assert done.returncode == 0, done.stderr
