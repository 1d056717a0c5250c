"""The ``mysql``, ``rabbitmq`` and ``grpc`` services against real servers on 127.0.0.1:
MariaDB and RabbitMQ from Debian's packages, a gRPC server in this process
(tests/servers.py starts them; absent servers or drivers skip, saying what to install)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import Cli
from servers import (
    GrpcHealth,
    MariaDB,
    RabbitMQ,
    grpc_server,
    mariadb_data,
    mariadb_server,
    rabbitmq_server,
)
from waitable import services

pytestmark = pytest.mark.slow  # real MariaDB, RabbitMQ and gRPC servers

__all__ = ["grpc_server", "mariadb_data", "mariadb_server", "rabbitmq_server"]  # fixtures


def driver(name: str) -> Any:
    return pytest.importorskip(name, reason=f"the {name} driver is not installed")


def later(seconds: float, action: Any) -> threading.Timer:
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections into its backlog and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield int(listener.getsockname()[1])


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port bound but not listening: connections to it are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


# mysql -----------------------------------------------------------------------------


def my(server: MariaDB, **params: Any) -> dict[str, Any]:
    params = {"Port": server.port, "User": server.user, "Password": server.password,
              "Database": server.database, **params}  # fmt: skip
    return services.client("mysql").query(**params)  # type: ignore[no-any-return]


def my_setup(server: MariaDB, sql: str) -> None:
    done = my(server, Query=sql)
    assert "Error" not in done, f"setup {sql!r} failed: {done['Error']}"


def test_mysql_query_values_and_errors(mariadb_server: MariaDB) -> None:
    driver("pymysql")
    assert my(mariadb_server) == {"Rows": [[1]], "Result": 1}
    values = my(mariadb_server, Query="SELECT 'a', 2.5, CAST(3 AS DECIMAL), DATE '2024-05-01'")
    assert values["Rows"] == [["a", 2.5, 3, "2024-05-01"]]
    assert my(mariadb_server, Query="SELECT x'00ff', x'6f6b'")["Rows"] == [["\\x00ff", "ok"]]
    assert my(mariadb_server, Query="DO 1") == {"Rows": [], "Result": None}
    assert my(mariadb_server, Query="SELECT nope")["Error"]["Code"] == "QueryFailed"
    assert my(mariadb_server, Password="wrong")["Error"]["Code"] == "AuthenticationFailed"
    assert my(mariadb_server, User="nobody")["Error"]["Code"] == "AuthenticationFailed"
    missing = my(mariadb_server, Database="nowhere")
    assert missing["Error"]["Code"] == "DatabaseNotFound"
    by_socket = my(mariadb_server, Port=1, Socket=mariadb_server.socket)
    assert by_socket == {"Rows": [[1]], "Result": 1}


def test_mysql_refused_and_timeout(closed_port: int, silent_port: int) -> None:
    driver("pymysql")
    client = services.client("mysql")
    assert client.query(Port=closed_port)["Error"]["Code"] == "ConnectionRefused"
    assert client.query(Socket="/nonexistent/mysql.sock")["Error"]["Code"] == "ConnectionRefused"
    start = time.monotonic()
    assert client.query(Port=silent_port, Timeout=0.5)["Error"]["Code"] == "Timeout"
    assert time.monotonic() - start < 5


def test_mysql_refused_then_ready(mariadb_data: MariaDB, cli: Cli) -> None:
    driver("pymysql")
    timer = later(1.0, mariadb_data.start)
    try:
        done = cli(
            "wait", "mysql", "MysqlReady", "-p", f"Port={mariadb_data.port}",
            "-p", f"User={mariadb_data.user}", "-p", f"Password={mariadb_data.password}",
            "--delay", "0.2", "--max-wait", "30",
        )  # fmt: skip
    finally:
        timer.join()
        mariadb_data.stop()
    assert done.returncode == 0, done.stderr
    assert "retry (ConnectionRefused)" in done.stderr


def test_mysql_wrong_password_fails_at_once(mariadb_server: MariaDB, cli: Cli) -> None:
    driver("pymysql")
    start = time.monotonic()
    done = cli(
        "wait", "mysql", f"mysql://{mariadb_server.user}:wrong@127.0.0.1:{mariadb_server.port}",
        "--max-wait", "30",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "AuthenticationFailed" in done.stderr
    assert time.monotonic() - start < 10


def test_mysql_short_target_and_query_matches(mariadb_server: MariaDB, cli: Cli) -> None:
    driver("pymysql")
    server = mariadb_server
    url = f"mysql://{server.user}:{server.password}@127.0.0.1:{server.port}/{server.database}"
    ready = cli("wait", "mysql", url, "--max-wait", "20")
    assert ready.returncode == 0, ready.stderr
    my_setup(server, "CREATE TABLE jobs (done BOOLEAN)")
    try:
        timer = later(1.0, lambda: my_setup(server, "INSERT INTO jobs VALUES (TRUE)"))
        done = cli(
            "wait", "mysql", "QueryMatches", "-p", f"Port={server.port}",
            "-p", f"User={server.user}", "-p", f"Password={server.password}",
            "-p", f"Database={server.database}",
            "-p", "Query=SELECT COUNT(*) FROM jobs WHERE done", "-p", "Expected=1",
            "--delay", "0.2", "--max-wait", "20",
        )  # fmt: skip
        timer.join()
    finally:
        my_setup(server, "DROP TABLE jobs")
    assert done.returncode == 0, done.stderr
    assert "retry (0)" in done.stderr


# rabbitmq --------------------------------------------------------------------------


def broker(server: RabbitMQ, *actions: str, queue: str, messages: int = 0) -> None:
    """Declare, publish to, purge or delete ``queue`` with py-amqp directly."""
    amqp = driver("amqp")
    connection = amqp.Connection(host=f"127.0.0.1:{server.port}", connect_timeout=5)
    connection.connect()
    try:
        channel = connection.channel()
        for action in actions:
            if action == "declare":
                channel.queue_declare(queue, durable=False, auto_delete=False)
            elif action == "publish":
                for n in range(messages):
                    channel.basic_publish(amqp.Message(str(n)), routing_key=queue)
            elif action == "purge":
                channel.queue_purge(queue)
            elif action == "delete":
                channel.queue_delete(queue)
    finally:
        connection.close()


def mq(server: RabbitMQ, **params: Any) -> dict[str, Any]:
    return services.client("rabbitmq").connect(Port=server.port, **params)  # type: ignore[no-any-return]


def test_rabbitmq_connect_and_errors(
    rabbitmq_server: RabbitMQ, closed_port: int, silent_port: int
) -> None:
    driver("amqp")
    connected = mq(rabbitmq_server)
    assert connected["Connected"] is True
    assert connected["Server"].startswith("RabbitMQ ")
    assert connected["Messages"] is None
    assert mq(rabbitmq_server, Queue="absent")["Error"]["Code"] == "QueueNotFound"
    broker(rabbitmq_server, "declare", "publish", queue="errors", messages=2)
    try:
        found = mq(rabbitmq_server, Queue="errors")
        assert (found["Queue"], found["Messages"], found["Consumers"]) == ("errors", 2, 0)
    finally:
        broker(rabbitmq_server, "delete", queue="errors")
    assert mq(rabbitmq_server, Password="wrong")["Error"]["Code"] == "AuthenticationFailed"
    missing = mq(rabbitmq_server, VirtualHost="nowhere")
    assert missing["Error"]["Code"] == "VirtualHostNotFound"
    client = services.client("rabbitmq")
    assert client.connect(Port=closed_port)["Error"]["Code"] == "ConnectionRefused"
    start = time.monotonic()
    assert client.connect(Port=silent_port, Timeout=0.5)["Error"]["Code"] == "Timeout"
    assert time.monotonic() - start < 5


def test_rabbitmq_broker_ready_by_short_target(rabbitmq_server: RabbitMQ, cli: Cli) -> None:
    driver("amqp")
    done = cli("wait", "rabbitmq", f"amqp://guest:guest@127.0.0.1:{rabbitmq_server.port}/%2F")
    assert done.returncode == 0, done.stderr
    assert "success (RabbitMQ " in done.stderr


def test_rabbitmq_wrong_password_fails_at_once(rabbitmq_server: RabbitMQ, cli: Cli) -> None:
    driver("amqp")
    done = cli(
        "wait", "rabbitmq", "BrokerReady", "-p", f"Port={rabbitmq_server.port}",
        "-p", "Password=wrong", "--max-wait", "30",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "AuthenticationFailed" in done.stderr


def test_rabbitmq_queue_exists_then_holds_messages_then_empties(
    rabbitmq_server: RabbitMQ, cli: Cli
) -> None:
    driver("amqp")
    port = ["-p", f"Port={rabbitmq_server.port}", "-p", "Queue=jobs", "--delay", "0.2"]
    timer = later(1.0, lambda: broker(rabbitmq_server, "declare", queue="jobs"))
    try:
        exists = cli("wait", "rabbitmq", "QueueExists", *port, "--max-wait", "20")
        timer.join()
        assert exists.returncode == 0, exists.stderr
        assert "retry (QueueNotFound)" in exists.stderr
        timer = later(1.0, lambda: broker(rabbitmq_server, "publish", queue="jobs", messages=3))
        holds = cli(
            "wait", "rabbitmq", "QueueHasMessages", *port, "-p", "Minimum=3", "--max-wait", "20"
        )
        timer.join()
        assert holds.returncode == 0, holds.stderr
        assert "retry (0 messages)" in holds.stderr
        assert "success (3 messages)" in holds.stderr
        timer = later(1.0, lambda: broker(rabbitmq_server, "purge", queue="jobs"))
        empty = cli("wait", "rabbitmq", "QueueEmpty", *port, "--max-wait", "20")
        timer.join()
        assert empty.returncode == 0, empty.stderr
        assert "retry (3 messages)" in empty.stderr
    finally:
        broker(rabbitmq_server, "delete", queue="jobs")


def test_rabbitmq_queue_waiters_need_their_queue(cli: Cli) -> None:
    driver("amqp")
    done = cli("wait", "rabbitmq", "QueueExists", "-p", "Port=1")
    assert done.returncode == 2
    assert "Queue" in done.stderr
    bad = cli("wait", "rabbitmq", "QueueHasMessages", "-p", "Queue=q", "-p", "Minimum=-1")
    assert bad.returncode == 2
    assert "Minimum" in bad.stderr
    assert "from 0 up" in bad.stderr


# grpc ------------------------------------------------------------------------------


def check(server: GrpcHealth, **params: Any) -> dict[str, Any]:
    return services.client("grpc").check(Port=server.port, **params)  # type: ignore[no-any-return]


def test_grpc_health_statuses(grpc_server: GrpcHealth) -> None:
    assert check(grpc_server) == {"Status": "SERVING"}  # the servicer's default for ""
    grpc_server.set("", "NOT_SERVING")
    assert check(grpc_server) == {"Status": "NOT_SERVING"}
    assert check(grpc_server, Service="db") == {"Status": "SERVICE_UNKNOWN"}
    grpc_server.set("db", "UNKNOWN")
    assert check(grpc_server, Service="db") == {"Status": "UNKNOWN"}
    grpc_server.set("db", "SERVING")
    assert check(grpc_server, Service="db") == {"Status": "SERVING"}


def test_grpc_errors(closed_port: int, silent_port: int) -> None:
    driver("grpc")
    client = services.client("grpc")
    assert client.check(Port=closed_port)["Error"]["Code"] == "ConnectionRefused"
    start = time.monotonic()
    assert client.check(Port=silent_port, Timeout=0.5)["Error"]["Code"] == "Timeout"
    assert time.monotonic() - start < 5
    without_health = GrpcHealth(health=False)
    try:
        answer = client.check(Port=without_health.port)
        assert answer["Error"]["Code"] == "HealthNotImplemented"
        plain_text = client.check(Port=without_health.port, Tls=True, Timeout=2)
        assert plain_text["Error"]["Code"] == "TlsError"
    finally:
        without_health.stop()


def test_grpc_waits_until_serving(grpc_server: GrpcHealth, cli: Cli) -> None:
    grpc_server.set("api", "NOT_SERVING")
    timer = later(1.0, lambda: grpc_server.set("api", "SERVING"))
    done = cli(
        "wait", "grpc", "HealthServing", "-p", f"Port={grpc_server.port}", "-p", "Service=api",
        "--delay", "0.2", "--max-wait", "20",
    )  # fmt: skip
    timer.join()
    assert done.returncode == 0, done.stderr
    assert "retry (NOT_SERVING)" in done.stderr
    assert "success (SERVING)" in done.stderr


def test_grpc_short_target_and_status_is(grpc_server: GrpcHealth, cli: Cli) -> None:
    assert cli("wait", "grpc", f"127.0.0.1:{grpc_server.port}").returncode == 0
    timer = later(1.0, lambda: grpc_server.set("", "NOT_SERVING"))  # a server draining
    done = cli(
        "wait", "grpc", "HealthStatusIs", "-p", f"Port={grpc_server.port}",
        "-p", "Status=NOT_SERVING", "--delay", "0.2", "--max-wait", "20",
    )  # fmt: skip
    timer.join()
    assert done.returncode == 0, done.stderr
    bad = cli("wait", "grpc", "HealthStatusIs", "-p", "Port=1", "-p", "Status=serving")
    assert bad.returncode == 2
    assert "Status" in bad.stderr
    assert "SERVING, NOT_SERVING" in bad.stderr


def test_grpc_a_server_without_health_fails_at_once(cli: Cli) -> None:
    server = GrpcHealth(health=False)
    try:
        done = cli("wait", "grpc", f"127.0.0.1:{server.port}", "--max-wait", "30")
    finally:
        server.stop()
    assert done.returncode == 1, done.stderr
    assert "HealthNotImplemented" in done.stderr
