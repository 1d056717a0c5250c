"""``validate`` reports every problem: an acceptor's behind its waiter's or its own
unknown field, every one of a paginator; and warns of a waiter that cannot succeed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import Cli


def _write(tmp_path: Path, name: str, doc: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_acceptor_problems_are_reported_behind_waiter_and_field_problems(
    tmp_path: Path, cli: Cli
) -> None:
    botocore = _write(
        tmp_path,
        "botocore.json",
        {
            "version": 2,
            "waiters": {
                "W": {
                    "operation": "Op",
                    "delay": "x",
                    "maxAttempts": 3,
                    "acceptors": [
                        {
                            "matcher": "path",
                            "argument": "a[",
                            "expected": 1,
                            "state": "success",
                            "extra": 1,
                        }
                    ],
                }
            },
        },
    )
    smithy = _write(
        tmp_path,
        "smithy.json",
        {
            "Op": {
                "W": {
                    "minDelay": "x",
                    "acceptors": [
                        {
                            "state": "success",
                            "matcher": {
                                "output": {"path": "a[", "expected": "x", "comparator": "nope"}
                            },
                        },
                        {"state": "wat", "matcher": {"errorType": "Gone"}},
                    ],
                }
            }
        },
    )
    done = cli("validate", str(botocore), str(smithy))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert f"{botocore}: waiter 'W': 'delay' must be a number, not string ('x')" in lines
    assert any(
        line.startswith(f"{botocore}: waiter 'W', acceptor 0: unknown field 'extra'")
        for line in lines
    ), lines
    assert any(
        line.startswith(f"{botocore}: waiter 'W', acceptor 0: argument 'a[' is not valid JMESPath")
        for line in lines
    ), lines
    assert any(
        line.startswith(f"{smithy}: operation 'Op', waiter 'W': 'minDelay'") for line in lines
    )
    assert any(
        "acceptor 0, matcher 'output': path 'a[' is not valid JMESPath" in line for line in lines
    ), lines
    assert any("acceptor 0, matcher 'output': comparator 'nope'" in line for line in lines), lines
    assert any("acceptor 1: state 'wat'" in line for line in lines), lines


def test_every_problem_of_a_paginator_is_reported(tmp_path: Path, cli: Cli) -> None:
    path = _write(
        tmp_path,
        "p.json",
        {
            "pagination": {
                "P": {
                    "input_token": ["a", ""],
                    "output_token": "b[",
                    "result_key": "a-b",
                    "limit_key": 3,
                    "more_results": "c[",
                    "non_aggregate_keys": ["x-"],
                    "bogus": 1,
                }
            }
        },
    )
    done = cli("validate", str(path))
    assert done.returncode == 2
    found = [line.split(": ", 2)[2] for line in done.stderr.splitlines()]
    assert [f.split(" ")[0] for f in found] == [
        "unknown",  # bogus
        "'limit_key'",
        "'input_token'",
        "output_token",
        "result_key",
        "non_aggregate_keys",
        "more_results",
    ], done.stderr


NO_SUCCESS = {
    "version": 2,
    "waiters": {
        "Broken": {
            "operation": "Op",
            "delay": 1,
            "maxAttempts": 3,
            "acceptors": [
                {"matcher": "status", "expected": 200, "state": "retry"},
                {"matcher": "status", "expected": 500, "state": "failure"},
            ],
        }
    },
}


def test_validate_warns_of_a_waiter_without_a_success_acceptor(tmp_path: Path, cli: Cli) -> None:
    path = _write(tmp_path, "w.json", NO_SUCCESS)
    done = cli("validate", str(path))
    assert done.returncode == 0  # botocore runs it: a warning, not an error
    assert done.stderr.splitlines() == [
        f"warning: {path}: waiter 'Broken': no acceptor has state 'success': it can only "
        "fail or time out"
    ]
    assert f"{path}: valid (1 waiter)" in done.stdout
