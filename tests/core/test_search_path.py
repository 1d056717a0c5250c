"""``WAITABLE_PATH``: the first directory wins, as in PATH and AWS_DATA_PATH; an override is
a warning pointing at the caller, and one clean line in the command (none with -q)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import waitable
from conftest import Cli
from waitable._core.documents import bundled_file
from waitable._registry import OverrideWarning


def _jobs(attempts: int, operation: str = "GetJob") -> dict[str, object]:
    return {
        "version": 2,
        "waiters": {
            "Done": {
                "operation": operation,
                "delay": 1,
                "maxAttempts": attempts,
                "acceptors": [
                    {"matcher": "path", "argument": "s", "expected": "x", "state": "success"}
                ],
            }
        },
    }


def _two_dirs(tmp_path: Path, name: str, first: object, second: object) -> tuple[Path, Path]:
    one, two = tmp_path / "one", tmp_path / "two"
    for folder, doc in ((one, first), (two, second)):
        folder.mkdir()
        (folder / name).write_text(json.dumps(doc))
    return one, two


def test_the_first_directory_of_the_search_path_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = _two_dirs(tmp_path, "jobs.json", _jobs(3), _jobs(7))
    monkeypatch.setenv("WAITABLE_PATH", os.pathsep.join([str(one), str(two)]))
    with pytest.warns(OverrideWarning) as caught:
        waiters = waitable.for_client({}, service="jobs")
    assert waiters.source_of("Done") == str(one / "jobs.json")
    assert waiters.definition("Done").max_attempts == 3
    [warning] = caught.list
    message = str(warning.message)
    assert str(one / "jobs.json") in message
    assert str(two / "jobs.json") in message
    assert warning.filename == __file__  # the caller's line, not waitable's


def test_override_notices_are_one_clean_line_and_quiet_silences_them(
    cli: Cli, tmp_path: Path
) -> None:
    bundled = json.loads(Path(bundled_file("file.json")).read_text())
    ready = {"Stat": {"PathThere": bundled["Stat"]["PathExists"]}}
    one, two = _two_dirs(tmp_path, "file.json", ready, ready)
    env = {"WAITABLE_PATH": os.pathsep.join([str(one), str(two)])}
    args = ["wait", "file", "PathThere", "-p", f"Path={tmp_path}"]
    loud = cli(*args, env=env)
    assert loud.returncode == 0, loud.stderr
    notes = [line for line in loud.stderr.splitlines() if "overrides" in line]
    assert notes == [
        f"waitable: note: waiter 'PathThere' of {one / 'file.json'} overrides the one of "
        f"{two / 'file.json'}"
    ], loud.stderr
    assert "Warning" not in loud.stderr
    quiet = cli(*args[:1], "-q", *args[1:], env=env)
    assert quiet.returncode == 0
    assert quiet.stderr == ""
