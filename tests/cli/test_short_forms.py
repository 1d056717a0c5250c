"""Issue 21's command forms: durations, --backoff, --query, short targets and --invert."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import pytest

import waitable
from conftest import Cli
from waitable._cli.exits import BadInput
from waitable._cli.parser import _backoff, _duration, duration
from waitable._cli.short import short_target


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30.0),
        ("2m", 120.0),
        ("1h30m", 5400.0),
        ("500ms", 0.5),
        ("1s500ms", 1.5),
        ("2d", 172800.0),
        ("12", 12.0),
        ("0.25", 0.25),
        (" 5s ", 5.0),
    ],
)
def test_durations_as_people_write_them(text: str, seconds: float) -> None:
    assert duration(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "30x", "1m30", "1h1h", "30m1h", "1.2.3s", "30 s", "nan"])
def test_what_is_not_a_duration(text: str) -> None:
    assert duration(text) is None


def test_no_limit_is_zero_or_inf_for_max_wait_only() -> None:
    max_wait, delay = _duration(no_limit=True), _duration(no_limit=False)
    assert max_wait("0") == max_wait("inf") == max_wait("0s") == math.inf
    assert delay("0") == 0.0
    for bad in ("inf", "-1", "1e400"):
        with pytest.raises(argparse.ArgumentTypeError, match="must be a duration"):
            delay(bad)


def test_backoff_takes_two_ordered_durations() -> None:
    assert _backoff("1s:1m") == (1.0, 60.0)
    assert _backoff("0.5:0.5") == (0.5, 0.5)
    for bad in ("3:2", "0:5", "1s", "a:b", ":"):
        with pytest.raises(argparse.ArgumentTypeError, match="must be MIN:MAX"):
            _backoff(bad)


@pytest.mark.parametrize(
    ("service", "text", "waiter", "params"),
    [
        ("tcp", "db:5432", "PortOpen", {"Host": "db", "Port": "5432"}),
        ("tcp", "[::1]:80", "PortOpen", {"Host": "::1", "Port": "80"}),
        ("http", "https://api/health", "UrlReady", {"Url": "https://api/health"}),
        (
            "postgres",
            "postgresql://u:p@db/app",
            "PostgresReady",
            {"Dsn": "postgresql://u:p@db/app"},
        ),
        ("postgres", "host=db user=app", "PostgresReady", {"Dsn": "host=db user=app"}),
        ("redis", "redis://cache:6380", "RedisReady", {"Host": "cache", "Port": "6380"}),
        (
            "redis",
            "rediss://me:p%40ss@cache/2",
            "RedisReady",
            {"Host": "cache", "Username": "me", "Password": "p@ss", "Db": "2", "Tls": "true"},
        ),
        ("redis", "cache:6379", "RedisReady", {"Host": "cache", "Port": "6379"}),
        ("file", "/run/app/ready", "PathExists", {"Path": "/run/app/ready"}),
        ("file", "ready", "PathExists", {"Path": "ready"}),
        (
            "mysql",
            "mysql://app:p%3Ass@db:3307/jobs",
            "MysqlReady",
            {"Host": "db", "Port": "3307", "User": "app", "Password": "p:ss", "Database": "jobs"},
        ),
        ("mysql", "mariadb://db", "MysqlReady", {"Host": "db"}),
        ("mysql", "db:3306", "MysqlReady", {"Host": "db", "Port": "3306"}),
        (
            "rabbitmq",
            "amqp://me:secret@mq:5673/%2Fjobs",
            "BrokerReady",
            {
                "Host": "mq",
                "Port": "5673",
                "Username": "me",
                "Password": "secret",
                "VirtualHost": "/jobs",
            },
        ),
        ("rabbitmq", "amqp://mq/", "BrokerReady", {"Host": "mq"}),
        ("rabbitmq", "mq:5672", "BrokerReady", {"Host": "mq", "Port": "5672"}),
        ("grpc", "api:50051", "HealthServing", {"Host": "api", "Port": "50051"}),
    ],
)
def test_short_targets(service: str, text: str, waiter: str, params: dict[str, str]) -> None:
    assert short_target(service, text) == (waiter, params)


def test_a_waiter_name_is_never_a_short_target() -> None:
    assert short_target("file", "PathGone") is None
    assert short_target("tcp", "PortOpn") is None  # a misspelt waiter: its suggestions


@pytest.mark.parametrize(
    ("service", "text"),
    [
        ("tcp", "db"),
        ("tcp", "db:99999"),
        ("http", "api/health"),
        ("redis", "redis://c/x"),
        ("mysql", "postgres://db/app"),
        ("mysql", "mysql://db/a/b"),
        ("rabbitmq", "amqps://mq"),
        ("rabbitmq", "amqp://mq/a/b"),
        ("grpc", "grpc://api"),
    ],
)
def test_a_bad_short_target_says_what_the_service_takes(service: str, text: str) -> None:
    with pytest.raises(BadInput, match=f"{service}: '.*' is neither a waiter name nor"):
        short_target(service, text)


def test_a_short_target_waits_and_its_parameters_stay_reachable(tmp_path: Path, cli: Cli) -> None:
    ready = tmp_path / "ready"
    ready.write_text("x")
    done = cli("wait", "file", str(ready), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["Exists"] is True
    clash = cli("wait", "tcp", "127.0.0.1:1", "-p", "Port=2")
    assert clash.returncode == 2
    assert "--param Port: '127.0.0.1:1' gives it already" in clash.stderr


def test_from_file_lines_take_short_targets(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "a").write_text("")
    listing = tmp_path / "waits.txt"
    listing.write_text(f"file {tmp_path / 'a'}\nfile {tmp_path}\ntcp nowhere\n")
    done = cli("wait", "--from", str(listing), "-q")
    assert done.returncode == 2
    assert f"{listing}:3: tcp: 'nowhere' is neither a waiter name nor HOST:PORT" in done.stderr
    listing.write_text(f"file {tmp_path / 'a'}\nfile {tmp_path}\n")
    assert cli("wait", "--from", str(listing), "-q").returncode == 0


def test_query_selects_from_what_json_prints(tmp_path: Path, cli: Cli) -> None:
    done = cli("wait", "file", str(tmp_path), "--query", "[Exists, IsFile]", "-q")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [True, False]
    bad = cli("wait", "file", str(tmp_path), "--query", "a.[b")
    assert bad.returncode == 2
    assert "--query: 'a.[b' is not valid JMESPath" in bad.stderr
    assert bad.stdout == ""


def test_query_is_the_whole_commands(tmp_path: Path, cli: Cli) -> None:
    done = cli("wait", "file", str(tmp_path), "--", "file", str(tmp_path), "--query", "@")
    assert done.returncode == 2
    assert "--query applies to the whole command" in done.stderr


def test_invert_succeeds_when_the_condition_does_not_hold(tmp_path: Path, cli: Cli) -> None:
    done = cli("wait", "file", str(tmp_path / "gone"), "--invert", "--json")
    assert done.returncode == 0, done.stderr
    assert "PathExists --invert succeeded after 1 attempt" in done.stderr
    assert json.loads(done.stdout)["Exists"] is False


def test_inverted_swaps_success_and_retry_and_keeps_failures() -> None:
    from waitable import FailureStateError, UnexpectedResponseError, Waiter
    from waitable._waiters.options import Options

    model = waitable.load({"version": 2, "waiters": {"Up": {
        "operation": "Get", "delay": 1, "maxAttempts": 3, "acceptors": [
            {"matcher": "path", "argument": "State", "expected": "UP", "state": "success"},
            {"matcher": "path", "argument": "State", "expected": "BROKEN", "state": "failure"},
            {"matcher": "error", "expected": "Refused", "state": "retry"}]}}})  # fmt: skip
    definition = model.get_waiter("Up", {"Get": dict}).definition.inverted()
    assert [a.describe() for a in definition.acceptors] == [
        'retry when `State` == "UP"',
        'failure when `State` == "BROKEN"',
        "success when error Refused",
        "success when the call succeeds",
    ]

    def run(*answers: dict[str, object]) -> object:
        replies = iter(answers)
        options = Options.build("test", {"sleep": lambda s: None})
        return Waiter(definition, lambda: next(replies), options).wait().response

    assert run({"State": "UP"}, {"State": "DOWN"}) == {"State": "DOWN"}  # no match: gone
    assert run({"Error": {"Code": "Refused"}}) == {"Error": {"Code": "Refused"}}
    with pytest.raises(FailureStateError):
        run({"State": "UP"}, {"State": "BROKEN"})
    with pytest.raises(UnexpectedResponseError):  # an error nobody expected: still an error
        run({"Error": {"Code": "AccessDenied"}})


def test_no_limit_is_refused_where_the_waiter_needs_a_deadline(cli: Cli) -> None:
    done = cli("wait", "tcp", "127.0.0.1:1", "--max-wait", "0")
    assert done.returncode == 2
    assert "--max-wait: PortOpen needs a time limit" in done.stderr


def test_delay_and_backoff_conflict(tmp_path: Path, cli: Cli) -> None:
    done = cli("wait", "file", str(tmp_path), "--delay", "1s", "--backoff", "1:2")
    assert done.returncode == 2
    assert "--delay (a fixed delay) and --backoff MIN:MAX: give one or the other" in done.stderr


@pytest.mark.slow
def test_invert_times_out_while_the_condition_holds(tmp_path: Path, cli: Cli) -> None:
    # real time, bounded: 1.5 s of polling every 0.1..0.3 s
    done = cli("wait", "file", str(tmp_path), "--invert", "--max-wait", "1500ms",
               "--backoff", "100ms:300ms", "-q")  # fmt: skip
    assert done.returncode == 3
    assert "Max wait time exceeded" in done.stderr
    assert "x `Exists` = true" in done.stderr
