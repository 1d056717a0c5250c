"""The waitable command with one wait, and list, show, validate and --version, run in
process (the ``cli`` fixture) against real things on this machine: an HTTP server on
127.0.0.1 (ephemeral port), TCP ports, files, commands. Typed -p parameters are checked
and converted before the first call.

Delays are cut to 0.05 s with --delay: these tests do wait on real servers, briefly."""

from __future__ import annotations

import http.server
import json
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

import waitable
from conftest import Cli, Ran

FAST = ["--delay", "0.05"]
TWO_PROBLEMS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "two_problems.json")
PYTHON = sys.executable


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
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_list_show_and_help(cli: Cli) -> None:
    listing = cli("list")
    assert listing.returncode == 0
    names = [line.split()[:2] for line in listing.stdout.splitlines()]
    assert ["http", "UrlReady"] in names
    assert ["tcp", "PortOpen"] in names
    assert ["file", "FileContains"] in names
    assert ["command", "OutputMatches"] in names
    show = cli("show", "http", "StatusIs")
    assert show.returncode == 0
    assert "Wait until Url answers with the HTTP status given as Status." in show.stdout
    assert "Url (required, str)" in show.stdout
    assert "Status (required: compared by the acceptors)" in show.stdout
    assert "Exit codes" in cli("--help").stdout


@pytest.mark.slow
def test_url_ready_waits_for_a_server_that_becomes_ready(server: str, cli: Cli) -> None:
    done = cli("wait", "http", "UrlReady", "--param", f"Url={server}", *FAST, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["Json"] == {"status": "ok", "hits": 3}
    lines = done.stderr.splitlines()
    assert lines[0].startswith("UrlReady: attempt 1: retry (HTTP 503)")
    assert lines[2].startswith("UrlReady: attempt 3: success (HTTP 200)")
    assert lines[-1].startswith("waitable: UrlReady succeeded after 3 attempts")


@pytest.mark.slow
def test_json_matches_and_status_is(server: str, cli: Cli) -> None:
    done = cli(
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
    done = cli("wait", "http", "StatusIs", "-p", f"Url={server}", "-p", "Status:=200", *FAST)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_url_gone_and_port_closed_on_a_closed_port(closed_port: int, cli: Cli) -> None:
    port = closed_port
    gone = cli("wait", "http", "UrlGone", "-p", f"Url=http://127.0.0.1:{port}/", *FAST)
    assert gone.returncode == 0, gone.stderr
    closed = cli("wait", "tcp", "PortClosed", "-p", "Host=127.0.0.1", "-p", f"Port:={port}")
    assert closed.returncode == 0, closed.stderr


def test_port_open(cli: Cli) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        done = cli("wait", "tcp", "PortOpen", "-p", "Host=127.0.0.1", "-p", f"Port={port}")
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_path_exists_waits_for_a_file_created_later(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "ready.flag"
    lines: list[str] = []

    def watch(text: str) -> None:
        lines.append(text)
        if len(lines) == 1:  # the first attempt has been made: the file is missing
            assert text.startswith("PathExists: attempt 1: retry")
            target.write_text("x")

    done = cli("wait", "file", "PathExists", "-p", f"Path={target}", *FAST, watch=watch)
    assert done.returncode == 0
    assert "PathExists succeeded" in "".join(lines[1:])


def test_file_contains_and_path_gone(tmp_path: Path, cli: Cli) -> None:
    log = tmp_path / "app.log"
    log.write_text("starting\nlistening on 8080\n")
    done = cli("wait", "file", "FileContains", "-p", f"Path={log}", "-p", "Text=listening")
    assert done.returncode == 0, done.stderr
    done = cli("wait", "file", "PathGone", "-p", f"Path={tmp_path / 'nothing'}")
    assert done.returncode == 0, done.stderr


PRINT_JSON = "print('{\"n\": [1, 2]}')"


@pytest.mark.slow
def test_commands(cli: Cli) -> None:
    ok = cli("wait", "command", "CommandSucceeds", "-p", f"Command={PYTHON} -c pass")
    assert ok.returncode == 0, ok.stderr
    matches = cli(
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


@pytest.mark.slow
def test_exit_code_for_a_failure_state(tmp_path: Path, cli: Cli) -> None:
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
    done = cli(
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
    missing = cli("wait", "command", "CommandSucceeds", "-p", "Command=no-such-command-x")
    assert missing.returncode == 1
    assert "An error occurred (CommandNotFound)" in missing.stderr


@pytest.mark.slow
def test_exit_code_for_a_timeout_carries_the_summary(tmp_path: Path, cli: Cli) -> None:
    done = cli(
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
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, cli: Cli) -> None:
    done = cli(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_validate(tmp_path: Path, cli: Cli) -> None:
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
    assert cli("validate", str(good)).returncode == 0
    done = cli("validate", str(good), str(bad), str(broken))
    assert done.returncode == 2
    assert f"{good}: valid (1 waiter)" in done.stdout
    assert f"{bad}: waiter 'W': missing required field 'maxAttempts'" in done.stderr
    assert f"{bad}: waiter 'W': 'delay' must be >= 0, got -1" in done.stderr
    assert f"{broken}: invalid JSON at line 1, column 2" in done.stderr


@pytest.mark.slow
def test_progress_on_a_terminal_is_one_live_line(
    server: str, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm")
    done = cli("wait", "http", "UrlReady", "-p", f"Url={server}", *FAST, tty=True)
    assert done.returncode == 0
    text = done.stderr
    assert text.count("\rUrlReady: attempt") == 3  # rewritten in place
    assert "UrlReady: attempt 1: retry (HTTP 503)" in text
    assert "\nwaitable: UrlReady succeeded" in text.replace("\r\n", "\n")


@pytest.mark.slow
def test_max_attempts_alone_on_a_smithy_waiter_keeps_the_default_deadline(cli: Cli) -> None:
    done = cli("wait", "command", "CommandSucceeds", "-p", "Command=true", "--max-attempts", "2")
    assert done.returncode == 0, done.stderr


def test_version(cli: Cli) -> None:
    done = cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"waitable {waitable.__version__}"


def test_validate_reads_standard_input_and_counts_in_words(cli: Cli) -> None:
    doc = (
        '{"version": 2, "waiters": {"W": {"operation": "Op", "delay": 1, "maxAttempts": 2, '
        '"acceptors": [{"matcher": "status", "expected": 200, "state": "success"}]}}}'
    )
    done = cli("validate", "-", stdin=doc)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "<stdin>: valid (1 waiter)"
    bad = cli("validate", "-", stdin='{"version": 2, "waiters": {"W": 1}}')
    assert bad.returncode == 2
    assert "<stdin>: waiter 'W': must be an object" in bad.stderr


def test_a_timeout_after_one_attempt_says_attempt(cli: Cli) -> None:
    done = cli(
        "wait",
        "file",
        "PathExists",
        "-p",
        "Path=/nonexistent/x",
        "--max-attempts",
        "1",
        "--max-wait",
        "5",
    )
    assert done.returncode == 3
    assert "Observed over 1 attempt:" in done.stderr


@pytest.mark.parametrize("value", ["-5", "0", "nan", "soon"])
def test_max_wait_blames_the_flag_typed(value: str, cli: Cli) -> None:
    done = cli(
        "wait", "tcp", "PortOpen", "-p", "Host=127.0.0.1", "-p", "Port=1", "--max-wait", value
    )
    assert done.returncode == 2
    assert "--max-wait" in done.stderr
    assert "WaiterConfig" not in done.stderr


def test_show_names_the_flag_and_every_parameter(cli: Cli) -> None:
    done = cli("show", "http", "UrlReady")
    assert done.returncode == 0, done.stderr
    assert "until --max-wait (default 300 s)" in done.stdout
    assert "MaxWaitTime" not in done.stdout
    for words in ("Url (required", "Method (", "Headers (", "Timeout ("):
        assert words in done.stdout, words


def test_a_file_for_the_wrong_service_names_the_file_and_the_right_service(
    tmp_path: Path, cli: Cli
) -> None:
    path = tmp_path / "deploy.json"
    path.write_text(
        '{"Run": {"Deploy": {"acceptors": [{"state": "success", "matcher": {"success": true}}]}}}'
    )
    done = cli("wait", "http", "Deploy", "--file", str(path))
    assert done.returncode == 2
    assert done.stderr.startswith(f"waitable: {path}: waiter 'Deploy' calls method 'run'")
    assert "the command service has it" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["tcp", "PortOpen", "-p", "Host=127.0.0.1", "-p", "Port=1", "-p", "Timeout=soon"],
            "--param Timeout: takes a number, got 'soon'",
        ),
        (
            ["tcp", "PortOpen", "-p", "Host=127.0.0.1", "-p", "Prot=1"],
            "--param Prot: Connect takes no parameter 'Prot'; did you mean 'Port'?",
        ),
        (
            ["http", "UrlReady", "-p", "Url=notaurl"],
            "--param Url: takes an http:// or https:// URL, got 'notaurl'",
        ),
        (
            ["http", "UrlReady", "-p", "Url=http://x", "-p", 'Body:={"q":1}'],
            "--param Body: takes a string, got an object",
        ),
        (
            ["http", "UrlReady", "-p", "Url=http://x", "-p", "Headers=Authorization: Bearer t"],
            '--param Headers: takes a JSON object: -p \'Headers:={"Name": "value"}\'',
        ),
        (
            ["http", "JsonMatches", "-p", "Url=http://x", "-p", "Query=a.[b", "-p", "Expected=1"],
            "--param Query: not valid JMESPath",
        ),
        (
            ["http", "StatusIs", "-p", "Url=http://x", "-p", "Status=four"],
            "--param Status: takes an integer, got 'four'",
        ),
    ],
)
def test_bad_parameters_are_one_line_before_any_call(
    args: list[str], message: str, cli: Cli
) -> None:
    done = cli("wait", *args, "--max-wait", "5")
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


class Answer404(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def not_found() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer404)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_status_given_as_text_is_compared_as_a_number(not_found: str, cli: Cli) -> None:
    done = cli(
        "wait", "http", "StatusIs", "-p", f"Url={not_found}", "-p", "Status=404", "--max-wait", "5"
    )
    assert done.returncode == 0, done.stderr
    assert "attempt 1: success" in done.stderr


def timed(cli: Cli, *args: str) -> tuple[Ran, float]:
    start = time.monotonic()
    done = cli(*args)
    return done, time.monotonic() - start


@pytest.mark.slow
def test_max_wait_bounds_a_call_to_a_server_that_never_answers(port: int, cli: Cli) -> None:
    done, took = timed(
        cli,
        "wait",
        "http",
        "UrlReady",
        "-p",
        f"Url=http://127.0.0.1:{port}/",
        "--max-wait",
        "2",
    )
    assert done.returncode == 3, done.stderr
    assert took < 2 + 1.5  # the deadline itself holds within 0.2 s
    assert "Max wait time exceeded" in done.stderr


@pytest.mark.slow
def test_max_wait_bounds_a_command_that_runs_long(cli: Cli) -> None:
    done, took = timed(
        cli, "wait", "command", "CommandSucceeds", "-p", "Command=sleep 8", "--max-wait", "2"
    )
    assert done.returncode == 3, done.stderr
    assert took < 2 + 1.5
    assert "retry (Timeout: sleep ran longer than" in done.stderr  # a retry, not the end


@pytest.mark.parametrize(
    ("params", "says"),
    [
        (["Port=99999"], "--param Port: takes a port number from 1 to 65535, got 99999"),
        (["Port=-1"], "--param Port: takes a port number from 1 to 65535, got -1"),
        (["Port=80", "Timeout=-1"], "--param Timeout: takes a number of seconds above 0"),
        (["Port=80", "Timeout=nan"], "--param Timeout: takes a number of seconds above 0"),
    ],
)
def test_a_local_mistake_is_exit_2_before_any_call(cli: Cli, params: list[str], says: str) -> None:
    """Found by a new user (issue 17): these were retried until the deadline."""
    words = [w for p in ["Host=127.0.0.1", *params] for w in ("-p", p)]
    ran = cli("wait", "tcp", "PortOpen", *words, "--max-wait", "30")
    assert ran.returncode == 2
    assert ran.stderr.startswith(f"waitable: {says}")
