"""A definition's load warnings in the command: one clean line each, silenced by --quiet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DOC = {
    "version": 2,
    "waiters": {
        "Up": {
            "operation": "Get",
            "delay": 1,
            "maxAttempts": 2,
            "acceptors": [
                {"matcher": "status", "expected": 200, "state": "success"},
                # botocore ignores an argument on an error acceptor; waitable warns
                {"matcher": "error", "argument": "x", "expected": "Nope", "state": "failure"},
            ],
        }
    },
}


def test_a_load_warning_is_one_line_of_the_command(cli: Any, tmp_path: Path) -> None:
    file = tmp_path / "w.json"
    file.write_text(json.dumps(DOC))
    ran = cli("validate", str(file))
    assert ran.returncode == 0
    lines = [line for line in ran.stderr.splitlines() if "takes no 'argument'" in line]
    assert len(lines) == 1, ran.stderr
    assert lines[0].startswith("waitable: warning: ") or lines[0].startswith("warning: ")
    assert "UserWarning" not in ran.stderr
    assert ".py:" not in ran.stderr  # no source line of waitable's own


def test_wait_says_a_load_warning_once_and_quiet_silences_it(cli: Any, tmp_path: Path) -> None:
    file = tmp_path / "w.json"
    doc = json.loads(json.dumps(DOC))
    doc["waiters"]["Up"]["operation"] = "Request"
    file.write_text(json.dumps(doc))
    args = ("wait", "http", "Up", "--file", str(file), "-p", "Url=http://127.0.0.1:1/",
            "--max-wait", "0.2")  # fmt: skip
    ran = cli(*args)
    lines = [line for line in ran.stderr.splitlines() if "takes no 'argument'" in line]
    assert len(lines) == 1, ran.stderr
    assert lines[0].startswith("waitable: warning: ")
    assert "UserWarning" not in ran.stderr
    quiet = cli(*args, "--quiet")
    assert "takes no 'argument'" not in quiet.stderr
