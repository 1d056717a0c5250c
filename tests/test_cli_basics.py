"""The command's basics, as issue reports found them (each failed before its fix)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import waitable

PYTHON = sys.executable


def run(
    *args: str, stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "waitable", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=timeout,
    )


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"waitable {waitable.__version__}"


def test_validate_reads_standard_input_and_counts_in_words() -> None:
    doc = (
        '{"version": 2, "waiters": {"W": {"operation": "Op", "delay": 1, "maxAttempts": 2, '
        '"acceptors": [{"matcher": "status", "expected": 200, "state": "success"}]}}}'
    )
    done = run("validate", "-", stdin=doc)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "<stdin>: valid (1 waiter)"
    bad = run("validate", "-", stdin='{"version": 2, "waiters": {"W": 1}}')
    assert bad.returncode == 2
    assert "<stdin>: waiter 'W': must be an object" in bad.stderr


def test_a_timeout_after_one_attempt_says_attempt() -> None:
    done = run(
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
def test_max_wait_blames_the_flag_typed(value: str) -> None:
    done = run(
        "wait", "tcp", "PortOpen", "-p", "Host=127.0.0.1", "-p", "Port=1", "--max-wait", value
    )
    assert done.returncode == 2
    assert "--max-wait" in done.stderr
    assert "WaiterConfig" not in done.stderr


def test_show_names_the_flag_and_every_parameter() -> None:
    done = run("show", "http", "UrlReady")
    assert done.returncode == 0, done.stderr
    assert "until --max-wait (default 300 s)" in done.stdout
    assert "MaxWaitTime" not in done.stdout
    for words in ("Url (required", "Method (", "Headers (", "Timeout ("):
        assert words in done.stdout, words


def test_a_file_for_the_wrong_service_names_the_file_and_the_right_service(tmp_path: Path) -> None:
    path = tmp_path / "deploy.json"
    path.write_text(
        '{"Run": {"Deploy": {"acceptors": [{"state": "success", "matcher": {"success": true}}]}}}'
    )
    done = run("wait", "http", "Deploy", "--file", str(path))
    assert done.returncode == 2
    assert done.stderr.startswith(f"waitable: {path}: waiter 'Deploy' calls method 'run'")
    assert "the command service has it" in done.stderr
