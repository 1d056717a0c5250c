"""The ``http`` service's checks of an answer's body (``BodyMatches``) and headers
(``HeaderMatches``), against a real HTTP server on 127.0.0.1 (issue 21)."""

from __future__ import annotations

import http.server
import json
import threading
from typing import Any, Iterator

import pytest

from conftest import Cli, FakeTime
from waitable import WaiterError, services
from waitable.services.http import HttpClient, HttpService

pytestmark = pytest.mark.slow  # a real HTTP server

OK = '{"status": "ok", "version": 3}'
STARTING = '{"status":  "starting"}'
HEALTHY = r'"status":\s*"ok"'


class Health(http.server.BaseHTTPRequestHandler):
    """``/health`` answers 200 with ``STARTING`` for the first ``starting_for`` requests
    (``Content-Type: text/plain``), then ``OK`` (``application/json; charset=utf-8``);
    ``/roles`` sends the ``X-Role`` header twice."""

    hits = 0
    starting_for = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        ready = type(self).hits > type(self).starting_for
        body = (OK if ready else STARTING).encode()
        self.send_response(200)
        kind = "application/json; charset=utf-8" if ready else "text/plain"
        self.send_header("Content-Type", kind)
        if self.path == "/roles":
            self.send_header("X-Role", "reader")
            self.send_header("X-Role", "writer")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def serve(**attributes: Any) -> Iterator[tuple[str, type[Health]]]:
    handler = type("Fresh", (Health,), {"hits": 0, **attributes})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def ready() -> Iterator[tuple[str, type[Health]]]:
    yield from serve()


@pytest.fixture
def starting() -> Iterator[tuple[str, type[Health]]]:
    """Starting for the first two requests."""
    yield from serve(starting_for=2)


def test_the_body_check_searches_a_regular_expression(ready: tuple[str, Any]) -> None:
    base, _ = ready
    client = HttpClient()
    assert client.request(Url=f"{base}/health", BodyMatches=HEALTHY)["BodyMatched"] is True
    assert client.request(Url=f"{base}/health", BodyMatches='"status": "down"')["BodyMatched"] is (
        False
    )
    assert client.request(Url=f"{base}/health", BodyMatches=r"version\D+3\}$")["BodyMatched"]
    assert "BodyMatched" not in client.request(Url=f"{base}/health")


@pytest.mark.parametrize(
    ("check", "matched"),
    [
        ("Content-Type: application/json", True),
        ("content-type: ^application/json(;|$)", True),  # names are case-insensitive
        ("Content-Type", True),  # present
        ("Content-Type: ^text/", False),
        ("X-Missing", False),
        ("X-Role: ^writer$", True),  # any of a repeated header's values
        ("X-Role: ^admin$", False),
        (["X-Role: reader", "Content-Type: json"], True),  # all of them
        (["X-Role: reader", "Content-Type: xml"], False),
    ],
)
def test_the_header_check(ready: tuple[str, Any], check: Any, matched: bool) -> None:
    base, _ = ready
    response = HttpClient().request(Url=f"{base}/roles", HeaderMatches=check)
    assert response["HeaderMatched"] is matched


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"BodyMatches": "(unclosed"}, "missing ), unterminated subpattern"),
        ({"HeaderMatches": "Content-Type: [a-"}, "'[a-' is not a regular expression"),
        ({"HeaderMatches": ": json"}, "takes 'Name: regex'"),
        ({"HeaderMatches": "Content Type: json"}, "takes 'Name: regex'"),
    ],
)
def test_a_bad_pattern_fails_the_wait_at_once_without_a_call(
    ready: tuple[str, type[Health]], params: dict[str, str], says: str
) -> None:
    base, handler = ready
    response = HttpClient().request(Url=f"{base}/health", **params)
    assert response["Error"]["Code"] == "InvalidParameter"
    assert says in response["Error"]["Message"]
    waiter = services.bundled("http").get_waiter("UrlReady", HttpClient(), sleep=FakeTime().sleep)
    with pytest.raises(WaiterError, match="InvalidParameter"):
        waiter.wait(Url=f"{base}/health", **params, WaiterConfig={"MaxWaitTime": 60})
    assert handler.hits == 0


@pytest.mark.parametrize(
    ("waiter", "params"),
    [
        ("UrlReady", {"BodyMatches": HEALTHY}),
        ("UrlReady", {"HeaderMatches": "Content-Type: ^application/json"}),
        ("StatusIs", {"Status": 200, "BodyMatches": HEALTHY}),
        ("JsonMatches", {"Query": "version", "Expected": 3, "HeaderMatches": "Content-Type"}),
    ],
)
def test_the_waiters_wait_until_the_answer_matches(
    starting: tuple[str, type[Health]], waiter: str, params: dict[str, Any]
) -> None:
    """A 200 whose body or header does not match yet retries."""
    base, handler = starting
    fake = FakeTime()
    model = services.bundled("http")
    found = model.get_waiter(waiter, HttpClient(), sleep=fake.sleep, clock=fake.clock)
    result = found.wait(Url=f"{base}/health", **params, WaiterConfig={"MaxWaitTime": 60})
    assert result.attempts == 3
    assert handler.hits == 3
    assert result.response["Json"]["status"] == "ok"


def test_without_the_checks_the_waiters_are_as_before(starting: tuple[str, Any]) -> None:
    base, handler = starting
    waiter = services.bundled("http").get_waiter("UrlReady", HttpClient())
    assert waiter.wait(Url=f"{base}/health", WaiterConfig={"MaxWaitTime": 60}).attempts == 1
    assert handler.hits == 1


def test_the_command_waits_for_the_body_with_a_short_target(
    starting: tuple[str, type[Health]], cli: Cli
) -> None:
    base, handler = starting
    done = cli("wait", "http", f"{base}/health", "-p", f"BodyMatches={HEALTHY}",
               "--backoff", "1ms:5ms", "--max-wait", "30s", "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["BodyMatched"] is True
    assert handler.hits == 3
    assert "retry (HTTP 200, body does not match)" in done.stderr


def test_inverted_it_waits_until_the_body_no_longer_matches(
    starting: tuple[str, type[Health]], cli: Cli
) -> None:
    base, handler = starting
    # the body says "starting" for two requests: matched, then no longer
    done = cli("wait", "http", f"{base}/health", "-p", "BodyMatches=starting", "--invert",
               "--backoff", "1ms:5ms", "--max-wait", "30s", "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["BodyMatched"] is False
    assert handler.hits == 3
    header = cli("wait", "http", f"{base}/health", "-p", "HeaderMatches=Content-Type: json",
                 "--invert", "--max-attempts", "1", "-q")  # fmt: skip
    assert header.returncode == 3  # it matches now: an inverted wait retries, out of attempts


@pytest.mark.parametrize(
    ("param", "says"),
    [
        (
            "BodyMatches=(",
            "--param BodyMatches: takes a regular expression, got '(' (missing ), "
            "unterminated subpattern at position 0)",
        ),
        (
            "HeaderMatches=Content-Type=json",
            "--param HeaderMatches: takes 'Name: regex' (a header's name, then a regular "
            "expression searched in its value), got 'Content-Type=json'",
        ),
        (
            "HeaderMatches=X-Ready: (",
            "--param HeaderMatches: '(' is not a regular expression (missing ), "
            "unterminated subpattern at position 0)",
        ),
    ],
)
def test_the_command_refuses_a_bad_pattern_before_any_call(
    ready: tuple[str, type[Health]], cli: Cli, param: str, says: str
) -> None:
    base, handler = ready
    done = cli("wait", "http", f"{base}/health", "-p", param)
    assert (done.returncode, done.stderr) == (2, f"waitable: {says}\n")
    assert handler.hits == 0


def test_a_waiter_that_does_not_read_the_checks_refuses_them(
    ready: tuple[str, type[Health]], cli: Cli
) -> None:
    base, handler = ready
    done = cli("wait", "http", "UrlGone", "-p", f"Url={base}/", "-p", "BodyMatches=gone")
    assert done.returncode == 2
    assert done.stderr == (
        "waitable: --param BodyMatches: UrlGone does not read it (the waiters that compare "
        "BodyMatches do: `waitable list http`)\n"
    )
    assert handler.hits == 0


def test_progress_words_name_the_check_that_failed() -> None:
    describe = HttpService().describe_response
    assert describe({"Status": 200, "BodyMatched": True}) == "HTTP 200"
    assert describe({"Status": 200, "BodyMatched": False, "HeaderMatched": False}) == (
        "HTTP 200, body does not match, header does not match"
    )
