"""Shared test helpers: scripted operations, a fake clock, a recording sleep; the command
run in process (the ``cli`` fixture) or, where a process is the point, in a subprocess
(``run_python``, ``waitable_argv``)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from typing import Any, Callable, NamedTuple, Optional

import pytest

import waitable

BOTOCORE_DATA: str | None
try:
    import botocore

    BOTOCORE_DATA = os.path.join(os.path.dirname(botocore.__file__), "data")
except ImportError:  # pragma: no cover - botocore is a test dependency
    BOTOCORE_DATA = None


class FakeTime:
    """A clock that only moves when slept on: tests never sleep for real."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0, "waitable must not call sleep(0)"
        self.sleeps.append(seconds)
        self.now += seconds


class Script:
    """An operation that answers from a list; an Exception in the list is raised."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **params: Any) -> Any:
        self.calls.append(params)
        answer = self.answers[min(len(self.calls), len(self.answers)) - 1]
        if isinstance(answer, BaseException):
            raise answer
        return answer


def waiter_doc(*acceptors: dict[str, Any], delay: float = 5, max_attempts: int = 4) -> dict:
    return {
        "version": 2,
        "waiters": {
            "Ready": {
                "operation": "GetThing",
                "delay": delay,
                "maxAttempts": max_attempts,
                "acceptors": list(acceptors),
            }
        },
    }


def make_waiter(
    script: Script, *acceptors: dict[str, Any], delay: float = 5, max_attempts: int = 4, **kw: Any
) -> tuple[waitable.Waiter, FakeTime]:
    fake = FakeTime()
    model = waitable.load(waiter_doc(*acceptors, delay=delay, max_attempts=max_attempts))
    kw.setdefault("sleep", fake.sleep)
    kw.setdefault("clock", fake.clock)
    return model.get_waiter("Ready", {"GetThing": script}, **kw), fake


def error(code: str, message: str = "boom", status: int = 400) -> dict[str, Any]:
    return {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }


SUCCESS_ON_READY = {"matcher": "path", "argument": "State", "expected": "READY", "state": "success"}
FAIL_ON_BROKEN = {"matcher": "path", "argument": "State", "expected": "BROKEN", "state": "failure"}
RETRY_ON_MISSING = {"matcher": "error", "expected": "NotFound", "state": "retry"}


def running(marker: str) -> bool:
    """Whether a process whose command line starts with ``marker`` is running."""
    import subprocess

    found = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return any(line.startswith(marker) for line in found.splitlines())


def wait_for_process(marker: str, seconds: float = 10) -> bool:
    """Poll (for real: a child process is starting) until ``marker`` runs, or give up."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not running(marker):
        time.sleep(0.05)
    return running(marker)


class Ran(NamedTuple):
    """What a run of the command gave: its exit code and what it wrote."""

    returncode: int
    stdout: str
    stderr: str


class _Stream(io.StringIO):
    """A captured stdout or stderr: a terminal when ``tty``; ``watch`` sees each write."""

    def __init__(self, tty: bool = False, watch: Optional[Callable[[str], None]] = None) -> None:
        super().__init__()
        self.tty = tty
        self.watch = watch

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        written = super().write(text)
        if self.watch is not None:
            self.watch(text)
        return written


Cli = Callable[..., Ran]


@pytest.fixture(autouse=True)
def no_instance_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore never asks the EC2 instance metadata service (169.254.169.254) for
    credentials or a region: a test that makes a client without credentials would
    otherwise wait on the network for it (up to botocore's 1 s timeout per try where
    the address drops packets) or, on an EC2 runner, read the machine's real role. Child
    processes the tests start inherit this."""
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


_BOTOCORE_LOADERS: dict[Optional[str], Any] = {}


@pytest.fixture
def botocore_files_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore's data files (service models, endpoints) read once per search path for
    the whole run: each botocore ``Session`` made during the test gets the one data
    loader kept for its ``data_path`` (``AWS_DATA_PATH``), as all the clients of one
    session share theirs. Each session still reads its own configuration, credentials
    and region; only the parsed files are kept (ec2's model alone takes ~0.4 s)."""
    if BOTOCORE_DATA is None:  # pragma: no cover - botocore is a test dependency
        return
    import botocore.loaders
    import botocore.session

    def shared_loader(search_path_string: Optional[str] = None) -> Any:
        if search_path_string not in _BOTOCORE_LOADERS:
            made = botocore.loaders.create_loader(search_path_string)
            _BOTOCORE_LOADERS[search_path_string] = made
        return _BOTOCORE_LOADERS[search_path_string]

    monkeypatch.setattr(botocore.session, "create_loader", shared_loader)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, botocore_files_read_once: None) -> Cli:
    """The command in this process: ``cli("wait", ...)`` runs ``main(argv)`` with stdin
    (``stdin=``), stdout and stderr captured, and returns ``Ran(code, stdout, stderr)``.

    ``tty=True`` makes stdout and stderr terminals; ``watch`` is called with each write to
    stderr; ``env`` sets environment variables for the run. ``--max-wait`` counts from the
    call, not from this (long-lived) process's start; the SIGTERM handler the command
    installs is put back after each run; ``SystemExit`` (argparse) becomes the exit code.
    botocore's data files are read once for every run (``botocore_files_read_once``)."""
    from waitable._cli import main

    def run(
        *args: str,
        stdin: Optional[str] = None,
        tty: bool = False,
        watch: Optional[Callable[[str], None]] = None,
        env: Optional[Mapping[str, str]] = None,
    ) -> Ran:
        out, err = _Stream(tty), _Stream(tty, watch)
        handler = signal.getsignal(signal.SIGTERM)
        with monkeypatch.context() as patch:
            patch.setattr(sys, "stdout", out)
            patch.setattr(sys, "stderr", err)
            patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((stdin or "").encode())))
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            for module in [m for n, m in sys.modules.items() if n.startswith("waitable._cli")]:
                if hasattr(module, "process_age"):  # a new process: its age is 0
                    patch.setattr(module, "process_age", lambda: 0.0)
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse: --help, --version, usage mistakes
                code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
                if isinstance(exc.code, str):
                    err.write(exc.code + "\n")
            finally:
                signal.signal(signal.SIGTERM, handler)
        return Ran(code, out.getvalue(), err.getvalue())

    return run


def run_python(
    *argv: str,
    stdin: Optional[str] = None,
    env: Optional[Mapping[str, str]] = None,
    timeout: float = 60,
    check: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``python ARGV...`` in a subprocess (this interpreter), output captured as text: only
    where the process is the point (signals, ``-- exec``, imports, start-up)."""
    return subprocess.run(
        [sys.executable, *argv],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=timeout,
        check=check,
        env=None if env is None else {**os.environ, **env},
    )


def waitable_argv(*args: str) -> list[str]:
    """The command line of the command, for ``subprocess.Popen``."""
    return [sys.executable, "-m", "waitable", *args]
