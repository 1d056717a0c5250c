"""The ``dns``, ``redis`` and ``postgres`` services against real servers on 127.0.0.1
(tests/servers.py starts them; absent servers or drivers skip, saying what to install)."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

import pytest

from conftest import Cli
from servers import (
    Dnsmasq,
    Postgres,
    Redis,
    dns_server,
    postgres_cluster,
    postgres_server,
    redis_server,
)
from waitable import services

pytestmark = pytest.mark.slow  # real redis, postgres and dnsmasq servers

__all__ = ["dns_server", "postgres_cluster", "postgres_server", "redis_server"]  # fixtures

PYTHON = sys.executable


def driver(name: str) -> Any:
    return pytest.importorskip(name, reason=f"the {name} driver is not installed")


def later(seconds: float, action: Any) -> threading.Timer:
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


# dns -------------------------------------------------------------------------------


def test_the_system_resolver_finds_localhost() -> None:
    response = services.client("dns").resolve(Name="localhost")
    assert response["Records"] == ["127.0.0.1"]


def test_the_system_resolver_on_a_name_that_cannot_exist() -> None:
    response = services.client("dns").resolve(Name="nothing-here.invalid")
    assert response["Error"]["Code"] in ("NameNotFound", "NameResolutionFailed")


def test_other_record_types_need_a_server() -> None:
    response = services.client("dns").resolve(Name="localhost", Type="TXT")
    assert response["Error"]["Code"] == "InvalidParameter"


def test_a_dns_server_answers_once_the_name_is_added(dns_server: Dnsmasq) -> None:
    driver("dns")
    client = services.client("dns")
    missing = client.resolve(Name="db.waitable.test", Server=dns_server.server)
    assert missing["Error"]["Code"] == "NameNotFound"
    dns_server.add("10.1.2.3", "db.waitable.test")
    time.sleep(0.3)  # dnsmasq rereads its hosts file on SIGHUP
    found = client.resolve(Name="db.waitable.test", Server=dns_server.server)
    assert found["Records"] == ["10.1.2.3"]


def test_the_command_waits_for_a_name_and_its_address(dns_server: Dnsmasq, cli: Cli) -> None:
    driver("dns")
    timer = later(1.0, lambda: dns_server.add("10.9.8.7", "api.waitable.test"))
    done = cli(
        "wait", "dns", "NameResolves", "-p", "Name=api.waitable.test",
        "-p", f"Server={dns_server.server}", "-p", "Expected=10.9.8.7",
        "--delay", "0.2", "--max-wait", "20",
    )  # fmt: skip
    timer.join()
    assert done.returncode == 0, done.stderr
    assert "retry (NameNotFound)" in done.stderr
    assert "success (10.9.8.7)" in done.stderr


def test_a_wrong_address_times_out(dns_server: Dnsmasq, cli: Cli) -> None:
    driver("dns")
    dns_server.add("10.0.0.1", "other.waitable.test")
    time.sleep(0.3)
    done = cli(
        "wait", "dns", "NameResolves", "-p", "Name=other.waitable.test",
        "-p", f"Server={dns_server.server}", "-p", "Expected=10.0.0.2", "--max-wait", "1",
    )  # fmt: skip
    assert done.returncode == 3


def test_a_dns_server_that_does_not_answer_is_a_timeout() -> None:
    driver("dns")
    import socket

    from servers import free_port

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:  # bound, never reads
        silent.bind(("127.0.0.1", 0))
        port = silent.getsockname()[1]
        response = services.client("dns").resolve(
            Name="x.test", Server=f"127.0.0.1:{port}", Timeout=0.5
        )
    assert response["Error"]["Code"] == "Timeout"
    assert free_port() > 0


# redis -----------------------------------------------------------------------------


def test_redis_ping_and_a_command(redis_server: Redis) -> None:
    driver("redis")
    client = services.client("redis")
    assert client.execute(Port=redis_server.port)["Result"] is True
    assert client.execute(Port=redis_server.port, Command="SET ready 1")["Result"] is True
    assert client.execute(Port=redis_server.port, Command="GET ready")["Result"] == "1"
    wrong = client.execute(Port=redis_server.port, Command="LPUSH ready x")
    assert wrong["Error"]["Code"] == "WRONGTYPE"


def test_redis_refused_then_ready(tmp_path: Any, cli: Cli) -> None:
    driver("redis")
    server = Redis()
    refused = services.client("redis").execute(Port=server.port)
    assert refused["Error"]["Code"] == "ConnectionRefused"
    timer = later(1.0, server.start)
    try:
        done = cli(
            "wait", "redis", "RedisReady", "-p", f"Port={server.port}",
            "--delay", "0.2", "--max-wait", "20",
        )  # fmt: skip
    finally:
        timer.join()
        server.stop()
    assert done.returncode == 0, done.stderr
    assert "retry (ConnectionRefused)" in done.stderr


def test_redis_wrong_password_fails_at_once(cli: Cli) -> None:
    driver("redis")
    server = Redis(password="right")
    server.start()
    try:
        start = time.monotonic()
        done = cli(
            "wait", "redis", "RedisReady", "-p", f"Port={server.port}", "-p", "Password=wrong",
            "--max-wait", "30",
        )  # fmt: skip
        assert done.returncode == 1, done.stderr
        assert time.monotonic() - start < 10
        assert "AuthenticationFailed" in done.stderr
        good = services.client("redis").execute(Port=server.port, Password="right")
        assert good["Result"] is True
    finally:
        server.stop()


def test_redis_result_matches(redis_server: Redis, cli: Cli) -> None:
    driver("redis")
    client = services.client("redis")
    timer = later(1.0, lambda: client.execute(Port=redis_server.port, Command="SET phase done"))
    done = cli(
        "wait", "redis", "ResultMatches", "-p", f"Port={redis_server.port}",
        "-p", "Command=GET phase", "-p", "Expected=done", "--delay", "0.2", "--max-wait", "20",
    )  # fmt: skip
    timer.join()
    assert done.returncode == 0, done.stderr


# postgres --------------------------------------------------------------------------


def pg(server: Postgres, **params: Any) -> dict[str, Any]:
    params = {"Port": server.port, "User": server.user, "Password": server.password,
              "Database": server.database, **params}  # fmt: skip
    return services.client("postgres").query(**params)  # type: ignore[no-any-return]


def setup(server: Postgres, sql: str) -> dict[str, Any]:
    """Run a test's setup statement; a failure fails the test, saying why."""
    done = pg(server, Query=sql)
    assert "Error" not in done, f"setup {sql!r} failed: {done['Error']}"
    return done


def test_postgres_query(postgres_server: Postgres) -> None:
    driver("psycopg")
    assert pg(postgres_server) == {"Rows": [[1]], "Result": 1}
    assert pg(postgres_server, Query="SELECT 'a', 2")["Rows"] == [["a", 2]]
    assert pg(postgres_server, Query="SELECT nope")["Error"]["Code"] == "QueryFailed"
    assert pg(postgres_server, Password="wrong")["Error"]["Code"] == "AuthenticationFailed"
    missing = pg(postgres_server, Database="nowhere")
    assert missing["Error"]["Code"] in ("DatabaseNotFound", "AuthenticationFailed")


def test_postgres_refused_then_ready(postgres_cluster: Postgres, cli: Cli) -> None:
    driver("psycopg")
    assert pg(postgres_cluster)["Error"]["Code"] == "ConnectionRefused"
    timer = later(1.0, postgres_cluster.start)
    try:
        done = cli(
            "wait", "postgres", "PostgresReady", "-p", f"Port={postgres_cluster.port}",
            "-p", f"User={postgres_cluster.user}", "-p", f"Password={postgres_cluster.password}",
            "-p", f"Database={postgres_cluster.database}", "--delay", "0.2", "--max-wait", "30",
        )  # fmt: skip
    finally:
        timer.join()
        postgres_cluster.stop()
    assert done.returncode == 0, done.stderr
    assert "retry (ConnectionRefused)" in done.stderr


def test_postgres_wrong_password_fails_at_once(postgres_server: Postgres, cli: Cli) -> None:
    driver("psycopg")
    done = cli(
        "wait", "postgres", "PostgresReady", "-p", f"Port={postgres_server.port}",
        "-p", f"User={postgres_server.user}", "-p", "Password=wrong", "--max-wait", "30",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "AuthenticationFailed" in done.stderr


def test_postgres_query_matches(postgres_server: Postgres, cli: Cli) -> None:
    driver("psycopg")
    setup(postgres_server, "CREATE TABLE jobs (done boolean)")
    inserted: list[Any] = []
    timer = later(
        1.0, lambda: inserted.append(setup(postgres_server, "INSERT INTO jobs VALUES (true)"))
    )
    done = cli(
        "wait", "postgres", "QueryMatches", "-p", f"Port={postgres_server.port}",
        "-p", f"User={postgres_server.user}", "-p", f"Password={postgres_server.password}",
        "-p", f"Database={postgres_server.database}",
        "-p", "Query=SELECT count(*) FROM jobs WHERE done", "-p", "Expected:=1",
        "--delay", "0.2", "--max-wait", "20",
    )  # fmt: skip
    timer.join()
    setup(postgres_server, "DROP TABLE jobs")
    assert inserted, "the INSERT failed (its error is above)"
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("service", "waiter", "driver_name"),
    [
        ("redis", "RedisReady", "redis-py"),
        ("postgres", "PostgresReady", "psycopg"),
        ("mysql", "MysqlReady", "PyMySQL"),
        ("rabbitmq", "BrokerReady", "py-amqp"),
        ("grpc", "HealthServing", "grpcio"),
    ],
)
def test_a_missing_driver_is_one_line_before_any_call(
    service: str,
    waiter: str,
    driver_name: str,
    monkeypatch: pytest.MonkeyPatch,
    cli: Cli,
) -> None:
    from waitable import services

    monkeypatch.setattr(services, "installed", lambda name: False)
    done = cli("wait", service, waiter, "-p", "Port=1")
    assert done.returncode == 2
    err = done.stderr
    hint = f"the {service} service needs {driver_name}: pip install 'waitable[{service}]'"
    assert err == f"waitable: {hint}\n"


def test_a_missing_dnspython_is_named_when_a_server_is_given(
    monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    from waitable import services

    monkeypatch.setattr(services, "installed", lambda name: False)
    done = cli("wait", "dns", "NameResolves", "-p", "Name=x.test", "-p", "Server=127.0.0.1")
    assert done.returncode == 2
    assert "pip install 'waitable[dns]'" in done.stderr


def test_postgres_dsn_host_and_port_win_over_the_defaults(postgres_server: Postgres) -> None:
    driver("psycopg")
    server = postgres_server
    dsn = f"postgresql://{server.user}:{server.password}@127.0.0.1:{server.port}/{server.database}"
    assert services.client("postgres").query(Dsn=dsn) == {"Rows": [[1]], "Result": 1}
    other = f"postgresql://{server.user}:{server.password}@127.0.0.1:1/{server.database}"
    explicit = services.client("postgres").query(Dsn=other, Port=server.port)
    assert explicit == {"Rows": [[1]], "Result": 1}  # an explicit -p Port wins, as in libpq


def test_postgres_values_json_lacks_are_numbers_and_text(postgres_server: Postgres) -> None:
    driver("psycopg")
    rows = pg(postgres_server, Query="SELECT 2::numeric, 1.5::numeric, date '2024-05-01'")
    assert rows["Rows"] == [[2, 1.5, "2024-05-01"]]
    assert [type(value) for value in rows["Rows"][0]] == [int, float, str]


def test_postgres_query_matches_a_text_expected(postgres_server: Postgres, cli: Cli) -> None:
    driver("psycopg")
    done = cli(
        "wait", "postgres", "QueryMatches", "-p", f"Port={postgres_server.port}",
        "-p", f"User={postgres_server.user}", "-p", f"Password={postgres_server.password}",
        "-p", f"Database={postgres_server.database}",
        "-p", "Query=SELECT sum(n) FROM (VALUES (1::numeric)) AS t(n)", "-p", "Expected=1",
        "--delay", "0.2", "--max-wait", "20",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_the_setup_helper_fails_when_its_query_does(postgres_server: Postgres) -> None:
    driver("psycopg")
    with pytest.raises(AssertionError, match="QueryFailed"):
        setup(postgres_server, "SELECT nope")


def test_the_postgres_fixture_answers_a_query_once_started(postgres_cluster: Postgres) -> None:
    driver("psycopg")
    postgres_cluster.start()
    try:
        assert postgres_cluster.query("SELECT 1") == "1"  # psql, without the driver
        assert pg(postgres_cluster) == {"Rows": [[1]], "Result": 1}
    finally:
        postgres_cluster.stop()
