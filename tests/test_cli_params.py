"""Typed -p parameters: checked and converted before the first call (issue reports)."""

from __future__ import annotations

import http.server
import threading
from typing import Iterator

import pytest

from test_cli_basics import run


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
def test_bad_parameters_are_one_line_before_any_call(args: list[str], message: str) -> None:
    done = run("wait", *args, "--max-wait", "5")
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
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_status_given_as_text_is_compared_as_a_number(not_found: str) -> None:
    done = run(
        "wait", "http", "StatusIs", "-p", f"Url={not_found}", "-p", "Status=404", "--max-wait", "5"
    )
    assert done.returncode == 0, done.stderr
    assert "attempt 1: success" in done.stderr
