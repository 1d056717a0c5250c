"""Local mistakes in a service's ``-p`` values are one line naming the parameter, exit 2,
before any call (never retried until the deadline, never a traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Cli


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["command", "CommandSucceeds", "-p", 'Command=echo "unclosed'],
         "--param Command: takes a command line whose quotes close"),
        (["command", "CommandSucceeds", "-p", "Command="], "--param Command: takes a command"),
        (["command", "CommandSucceeds", "-p", 'Command:=["echo", "a\\u0000b"]'],
         "--param Command: takes words without NUL characters"),
        (["command", "CommandSucceeds", "-p", "Command=echo a\0b"],
         "--param Command: takes words without NUL characters"),
        (["command", "CommandSucceeds", "-p", "Command:=[]"], "--param Command: takes a command"),
        (["command", "CommandSucceeds", "-p", "Command=true", "-p", "Timeout=nan"],
         "--param Timeout: takes a number of seconds above 0, got nan"),
        (["redis", "ResultMatches", "-p", "Command=GET 'x", "-p", "Expected=1"],
         "--param Command: takes a command line whose quotes close"),
        (["file", "PathExists", "-p", "Path=/tmp/a\0b"],
         "--param Path: takes a path without NUL characters"),
        (["file", "FileContains", "-p", "Path=", "-p", "Text=x"],
         "--param Path: takes a path"),
    ],
)  # fmt: skip
def test_a_bad_value_is_one_line_and_exit_2(argv: list[str], message: str, cli: Cli) -> None:
    done = cli("wait", *argv, "--max-wait", "5")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"waitable: {message}")
    assert done.stderr.count("\n") == 1


def test_a_ca_file_that_is_not_pem_is_refused(tmp_path: Path, cli: Cli) -> None:
    text = tmp_path / "ca.txt"
    text.write_text("not a certificate\n")
    for param in ("CaFile", "ClientCert"):
        done = cli("wait", "http", "UrlReady", "-p", "Url=https://127.0.0.1:9/",
                   "-p", f"{param}={text}", "--max-wait", "5")  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(f"waitable: --param {param}: takes a PEM file of ")
        assert done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["http", "UrlReady", "-p", "Url=http://127.0.0.1:1/", "-p", "Expected=1"],
        ["command", "CommandSucceeds", "-p", "Command=true", "-p", "Expected=1"],
    ],
)
def test_a_parameter_only_another_waiter_reads_is_refused(argv: list[str], cli: Cli) -> None:
    # Expected is read by the service's *Matches waiters only; given to another it was
    # passed to the operation, a TypeError at every call until the deadline
    done = cli("wait", *argv, "--max-wait", "5")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("waitable: --param Expected: "), done.stderr
    assert f"{argv[1]} does not read it" in done.stderr
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize("depth", [10, 5000])
def test_deeply_nested_json_is_one_line(depth: int, cli: Cli) -> None:
    deep = "[" * depth + "]" * depth
    done = cli("wait", "tcp", "PortOpen", "-p", "Host=127.0.0.1", "-p", f"Port:={deep}")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("waitable: --param Port"), done.stderr
    assert done.stderr.count("\n") == 1
