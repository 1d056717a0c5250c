"""The built-in clients' answers and error codes, in process (loopback only)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

import waitable
from waitable._core.documents import bundled_dir
from waitable.services import bundled, client
from waitable.services.command import CommandClient
from waitable.services.files import FileClient
from waitable.services.http import HttpClient
from waitable.services.tcp import TcpClient


@pytest.mark.slow
def test_connection_refused_and_name_resolution_failures() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: refused
        assert HttpClient().request(f"http://127.0.0.1:{port}/")["Error"]["Code"] == (
            "ConnectionRefused"
        )
        assert TcpClient().connect("127.0.0.1", port)["Error"]["Code"] == "ConnectionRefused"
    answer = HttpClient().request("http://no-such-host.invalid/", Timeout=5)
    assert answer["Error"]["Code"] == "NameResolutionFailed"


def test_tcp_tries_each_address_a_name_resolves_to_as_create_connection_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import _socket

    from waitable.services import tcp

    with socket.socket() as closed, socket.socket() as listening:
        closed.bind(("127.0.0.1", 0))  # bound, not listening: refused
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        addresses = [closed.getsockname(), listening.getsockname()]
        entries = [(_socket.AF_INET, _socket.SOCK_STREAM, 6, "", a) for a in addresses]
        monkeypatch.setattr(tcp._socket, "getaddrinfo", lambda *args: entries)
        answer = TcpClient().connect("db", 5432)
        assert answer == {"Open": True, "Host": "db", "Port": 5432}  # the second one
        monkeypatch.setattr(tcp._socket, "getaddrinfo", lambda *args: entries[:1])
        assert TcpClient().connect("db", 5432)["Error"]["Code"] == "ConnectionRefused"
        monkeypatch.setattr(tcp._socket, "getaddrinfo", lambda *args: [])
        assert TcpClient().connect("db", 5432)["Error"]["Code"] == "ConnectionError"


@pytest.mark.slow
def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # accepts the connection in its backlog, never answers
        port = listener.getsockname()[1]
        answer = HttpClient().request(f"http://127.0.0.1:{port}/", Timeout=0.2)
    assert answer["Error"]["Code"] == "Timeout"


def test_file_and_command_clients(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    assert FileClient().stat(str(path)) == {"Exists": False, "Path": str(path)}
    path.write_text("hello world")
    assert FileClient().stat(str(path))["Size"] == 11
    assert FileClient().search(str(path), "world")["Contains"] is True
    run = CommandClient().run(["echo", '{"a": 1}'], Query="a")
    assert (run["ExitCode"], run["Json"], run["QueryResult"]) == (0, {"a": 1}, 1)
    assert CommandClient().run("no-such-command-x")["Error"]["Code"] == "CommandNotFound"
    assert CommandClient().run("")["Error"]["Code"] == "CommandNotFound"


def test_bundled_waiters_load_and_name_their_clients() -> None:
    assert bundled_dir().endswith("waiters")
    for service in ("http", "tcp", "file", "command"):
        model = bundled(service)
        for name in model.waiter_names:
            definition = model.definition(name)
            assert definition.description
            model.get_waiter(name, client(service))  # every operation exists
    with pytest.raises(waitable.UnknownServiceError, match="no service named 'ftp'"):
        client("ftp")


@pytest.mark.parametrize(
    ("line", "windows", "words"),
    [
        (r"C:\tools\probe.exe --ready", True, [r"C:\tools\probe.exe", "--ready"]),
        (
            r'"C:\Program Files\probe.exe" "a b" c',
            True,
            [r"C:\Program Files\probe.exe", "a b", "c"],
        ),
        (r"say \"hi\"", True, ["say", '"hi"']),
        ("pg_isready -h 'db host'", False, ["pg_isready", "-h", "db host"]),
        (r"C:\tools\probe.exe", False, ["C:toolsprobe.exe"]),  # a POSIX shell's reading
    ],
)
def test_commands_split_as_their_platform_does(line: str, windows: bool, words: list[str]) -> None:
    from waitable.services.command import split_command

    assert split_command(line, windows=windows) == words
