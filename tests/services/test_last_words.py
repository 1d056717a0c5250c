"""The last attempt's line says why it did not succeed, not only an error's code: a
failing query's text, the TLS check that failed, a command's last line on stderr."""

from __future__ import annotations

import io
import os
import socket
import sys

import pytest

from conftest import Cli
from waitable._cli.progress import Board, Progress
from waitable._waiters.attempts import Attempt
from waitable.services import SERVICES

FAILED = {"Error": {"Code": "QueryFailed", "Message": 'relation "jobs" does not exist'}}


def shown(response: object, next_delay: float | None, state: str = "retry") -> str:
    stream = io.StringIO()
    progress = Progress(Board(stream), SERVICES["postgres"].describe_response)
    progress.show(Attempt("QueryMatches", 3, response, None, None, state, 2.0, next_delay))
    return stream.getvalue()


def test_the_last_attempt_says_the_error_message() -> None:
    assert shown(FAILED, next_delay=None) == (
        'QueryMatches: attempt 3: retry (QueryFailed: relation "jobs" does not exist), '
        "2.0s elapsed\n"
    )


def test_other_attempts_show_the_code_only() -> None:
    assert "(QueryFailed)," in shown(FAILED, next_delay=1.0)
    assert "(0)," in shown({"Rows": [[0]], "Result": 0}, next_delay=None)


def test_a_failed_command_is_described_with_its_last_line_on_stderr() -> None:
    command = SERVICES["command"]
    ran = {"ExitCode": 2, "Stdout": "", "Stderr": "psql: error\n  connection refused\n\n"}
    assert command.describe_response(ran) == "exit 2: connection refused"
    assert command.describe_response({**ran, "ExitCode": 0}) == "exit 0"
    assert command.describe_response({**ran, "Stderr": ""}) == "exit 2"


@pytest.mark.slow  # a real subprocess
def test_the_command_says_a_probes_last_words(cli: Cli) -> None:
    probe = f"{sys.executable} -c \"import sys; sys.exit('first\\nno route to db')\""
    done = cli("wait", "command", "CommandSucceeds", "-p", f"Command={probe}",
               "--max-attempts", "1")  # fmt: skip
    assert done.returncode == 3
    assert "retry (exit 1: no route to db)" in done.stderr


@pytest.mark.slow  # a real (refused) connection
@pytest.mark.skipif(os.name != "posix", reason="the message is the OS's")
def test_the_command_says_why_a_connection_failed(cli: Cli) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        done = cli("wait", "tcp", "PortOpen", "-p", "Host=127.0.0.1", "-p", f"Port={port}",
                   "--max-attempts", "1")  # fmt: skip
    assert done.returncode == 3
    assert "retry (ConnectionRefused: " in done.stderr
    assert "Connection refused)" in done.stderr
