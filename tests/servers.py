"""Real servers for the service tests, started on 127.0.0.1 ports: Redis, PostgreSQL and
a DNS server (dnsmasq), from the distribution's packages (``.ci/run`` installs them).

A server that is not installed skips its tests, saying which package to install; none is
ever faked.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def program(name: str, *patterns: str, package: str) -> str:
    """The path of a server program, or skip naming the package that has it."""
    found = shutil.which(name) or next(
        (path for pattern in patterns for path in sorted(glob.glob(pattern))[::-1]), None
    )
    if found is None:
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return found


def listening(port: int, seconds: float = 20) -> None:
    """Poll (for real: a server is starting) until ``port`` accepts connections."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def stop(process: subprocess.Popen[bytes], how: int = signal.SIGTERM) -> None:
    process.send_signal(how)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Redis:
    """``redis-server`` on an ephemeral port, with a password when given."""

    def __init__(self, password: str | None = None) -> None:
        self.binary = program("redis-server", package="redis-server")
        self.port = free_port()
        self.password = password
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        argv = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        argv += ["--appendonly", "no", "--daemonize", "no"]
        if self.password:
            argv += ["--requirepass", self.password]
        self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        listening(self.port)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None


@pytest.fixture
def redis_server() -> Iterator[Redis]:
    server = Redis()
    server.start()
    yield server
    server.stop()


class Postgres:
    """A PostgreSQL cluster made by ``initdb`` in a temporary folder, with a password for
    the user ``waiter``, served on an ephemeral port. As root, it runs as the
    ``postgres`` user (``initdb`` refuses root), started directly so that signals reach
    it."""

    user, password, database = "waiter", "s3cret", "postgres"

    def __init__(self) -> None:
        self.bin = os.path.dirname(
            program("initdb", "/usr/lib/postgresql/*/bin/initdb", package="postgresql")
        )
        self.psql = program("psql", "/usr/lib/postgresql/*/bin/psql", package="postgresql-client")
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="waitable-pg-")
        self.data = os.path.join(self.folder, "data")
        self.process: subprocess.Popen[bytes] | None = None
        self.run_as: dict[str, Any] = {}  # as root: the postgres user (initdb refuses root)
        password_file = Path(self.folder, "password")
        password_file.write_text(self.password)
        if os.geteuid() == 0:
            import pwd  # POSIX only, as root only

            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root, and there is no postgres user to run initdb as")
            for path in (self.folder, password_file):
                os.chown(path, owner.pw_uid, owner.pw_gid)
            self.run_as = {"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []}
        subprocess.run(
            [os.path.join(self.bin, "initdb"), "-D", self.data, "-U", self.user,
             "--pwfile", str(password_file), "--auth", "scram-sha-256", "-E", "UTF8"],
            check=True,
            capture_output=True,
            **self.run_as,
        )  # fmt: skip

    def start(self) -> None:
        self.process = subprocess.Popen(
            [os.path.join(self.bin, "postgres"), "-D", self.data,
             "-p", str(self.port), "-h", "127.0.0.1", "-k", self.folder],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **self.run_as,
        )  # fmt: skip
        listening(self.port)
        self.answering()

    def query(self, sql: str, timeout: float = 10) -> str:
        """``sql`` run by ``psql`` as the test user (no driver needed): its output, or
        ``RuntimeError`` with psql's words."""
        done = subprocess.run(
            [self.psql, "-h", "127.0.0.1", "-p", str(self.port),
             "-U", self.user, "-d", self.database, "-X", "-A", "-t", "-c", sql],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PGPASSWORD": self.password, "PGCONNECT_TIMEOUT": "2"},
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"psql {sql!r}: {done.stderr.strip()}")
        return done.stdout.strip()

    def answering(self, seconds: float = 30) -> None:
        """Poll (for real: the server is starting) until a query succeeds: an open port
        is not enough, the first connections are told "the database system is starting
        up"."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                self.query("SELECT 1")
                return
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"PostgreSQL answers no query after {seconds} s: {exc}"
                    ) from None
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process, signal.SIGINT)  # a fast shutdown: SIGTERM waits for clients
            self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Postgres]:
    """One cluster for the session (initdb takes seconds); tests start and stop it."""
    server = Postgres()
    yield server
    server.remove()


@pytest.fixture
def postgres_server(postgres_cluster: Postgres) -> Iterator[Postgres]:
    postgres_cluster.start()
    yield postgres_cluster
    postgres_cluster.stop()


class Dnsmasq:
    """dnsmasq answering on an ephemeral UDP port from a hosts file of our own (and
    nothing else: no upstream servers, no /etc/hosts). ``add()`` adds a name, live."""

    def __init__(self, folder: Path) -> None:
        self.binary = program("dnsmasq", "/usr/sbin/dnsmasq", package="dnsmasq-base")
        self.port = free_port(socket.SOCK_DGRAM)
        self.hosts = folder / "hosts"
        self.hosts.write_text("")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--keep-in-foreground", "--conf-file=/dev/null",
             f"--port={self.port}", "--listen-address=127.0.0.1", "--bind-interfaces",
             "--no-resolv", "--no-hosts", f"--addn-hosts={self.hosts}", "--local=/test/",
             "--pid-file=", "--log-facility=-", "--no-negcache",
             *(["--user=root"] if os.geteuid() == 0 else [])],  # read our hosts file
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(0.3)  # UDP: nothing to connect to; dnsmasq binds at once
        if self.process.poll() is not None:
            raise RuntimeError(f"dnsmasq exited with {self.process.returncode}")

    @property
    def server(self) -> str:
        return f"127.0.0.1:{self.port}"

    def add(self, address: str, name: str) -> None:
        """Serve ``name`` at ``address`` from now on (dnsmasq rereads on SIGHUP)."""
        with self.hosts.open("a") as hosts:
            hosts.write(f"{address} {name}\n")
        assert self.process is not None
        self.process.send_signal(signal.SIGHUP)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None


@pytest.fixture
def dns_server(tmp_path: Path) -> Iterator[Dnsmasq]:
    server = Dnsmasq(tmp_path)
    server.start()
    yield server
    server.stop()


class MariaDB:
    """A MariaDB server made by ``mariadb-install-db`` in a temporary folder, served on an
    ephemeral port (and a socket in that folder), with a user ``waiter`` that has a
    password and a database ``app``. As root, it runs as the ``mysql`` user."""

    user, password, database = "waiter", "s3cret", "app"

    def __init__(self) -> None:
        self.binary = program("mariadbd", "/usr/sbin/mariadbd", package="mariadb-server")
        install = program("mariadb-install-db", package="mariadb-server")
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="waitable-mariadb-")
        self.data = os.path.join(self.folder, "data")
        self.socket = os.path.join(self.folder, "socket")
        self.process: subprocess.Popen[bytes] | None = None
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            import pwd  # POSIX only, as root only

            try:
                owner = pwd.getpwnam("mysql")
            except KeyError:
                pytest.skip("running as root, and there is no mysql user to run mariadbd as")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.as_user = ["--user=mysql"]
        init = Path(self.folder, "init.sql")
        init.write_text(
            f"CREATE DATABASE IF NOT EXISTS {self.database};\n"
            f"CREATE USER IF NOT EXISTS '{self.user}'@'%' IDENTIFIED BY '{self.password}';\n"
            f"GRANT ALL ON *.* TO '{self.user}'@'%';\n"
        )
        subprocess.run(
            [install, "--no-defaults", f"--datadir={self.data}", "--skip-test-db",
             "--auth-root-authentication-method=socket", *self.as_user],
            check=True,
            capture_output=True,
            timeout=60,
        )  # fmt: skip
        self.init = str(init)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--no-defaults", f"--datadir={self.data}", *self.as_user,
             f"--port={self.port}", "--bind-address=127.0.0.1", f"--socket={self.socket}",
             f"--pid-file={self.folder}/pid", "--skip-log-bin", "--skip-name-resolve",
             "--innodb-buffer-pool-size=16M", f"--init-file={self.init}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        listening(self.port)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def mariadb_data() -> Iterator[MariaDB]:
    """One data folder for the session (made in about a second); tests start and stop
    the server (it starts in a fraction of a second)."""
    server = MariaDB()
    yield server
    server.remove()


@pytest.fixture
def mariadb_server(mariadb_data: MariaDB) -> Iterator[MariaDB]:
    mariadb_data.start()
    yield mariadb_data
    mariadb_data.stop()


class RabbitMQ:
    """A RabbitMQ node on ephemeral ports (AMQP on 127.0.0.1, Erlang distribution, and an
    ``epmd`` of its own, so nothing outlives it), its data in a temporary folder. The
    default user ``guest`` (password ``guest``) may log in from 127.0.0.1."""

    user, password = "guest", "guest"

    def __init__(self) -> None:
        # the script itself: /usr/sbin's wrapper would switch to the rabbitmq user
        self.script = "/usr/lib/rabbitmq/bin/rabbitmq-server"
        if not os.path.exists(self.script):
            pytest.skip("rabbitmq-server is not installed (Debian package rabbitmq-server)")
        self.epmd_binary = program("epmd", "/usr/lib/erlang/bin/epmd", package="erlang-base")
        self.port, self.epmd_port, self.dist_port = free_port(), free_port(), free_port()
        self.folder = tempfile.mkdtemp(prefix="waitable-rabbitmq-")
        Path(self.folder, "plugins").write_text("[].\n")
        self.process: subprocess.Popen[bytes] | None = None
        self.epmd: subprocess.Popen[bytes] | None = None

    def start(self, seconds: float = 60) -> None:
        self.epmd = subprocess.Popen(
            [self.epmd_binary, "-port", str(self.epmd_port), "-address", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        listening(self.epmd_port)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.folder,  # the Erlang cookie
            "ERL_EPMD_PORT": str(self.epmd_port),
            "RABBITMQ_CONF_ENV_FILE": "/dev/null",
            "RABBITMQ_CONFIG_FILE": os.path.join(self.folder, "none"),
            "RABBITMQ_NODENAME": f"waitable{self.port}@localhost",
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": os.path.join(self.folder, "mnesia"),
            "RABBITMQ_LOG_BASE": os.path.join(self.folder, "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": os.path.join(self.folder, "plugins"),
        }
        self.process = subprocess.Popen(
            [self.script], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        listening(self.port, seconds)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)  # the script stops the node and waits for it
            self.process = None
        if self.epmd is not None:
            stop(self.epmd)
            self.epmd = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def rabbitmq_server() -> Iterator[RabbitMQ]:
    """One node for the session: RabbitMQ takes seconds to start."""
    server = RabbitMQ()
    server.start()
    yield server
    server.remove()


class GrpcHealth:
    """A real gRPC server (grpcio) on an ephemeral 127.0.0.1 port, serving the standard
    health service (grpcio-health-checking's ``HealthServicer``); ``set()`` changes a
    service's status, live."""

    def __init__(self, *, health: bool = True) -> None:
        grpc = pytest.importorskip("grpc", reason="grpcio is not installed")
        health_module = pytest.importorskip(
            "grpc_health.v1.health", reason="grpcio-health-checking is not installed"
        )
        from concurrent import futures

        from grpc_health.v1 import health_pb2, health_pb2_grpc

        self.statuses = health_pb2.HealthCheckResponse
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        self.health = health_module.HealthServicer()
        if health:
            health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        self.port = int(self.server.add_insecure_port("127.0.0.1:0"))
        self.server.start()

    def set(self, service: str, status: str) -> None:
        self.health.set(service, getattr(self.statuses, status))

    def stop(self) -> None:
        self.server.stop(grace=None).wait(10)


@pytest.fixture
def grpc_server() -> Iterator[GrpcHealth]:
    server = GrpcHealth()
    yield server
    server.stop()
