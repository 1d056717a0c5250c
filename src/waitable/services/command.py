"""The ``command`` service: run a command per attempt (never through a shell)."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import subprocess
import threading
from collections.abc import Mapping
from typing import Any, ClassVar, Optional, Union, final

from . import Check, Service, check_query, error_response, query

Command = Union[str, "list[str]"]


class CommandClient:
    """``Run``: run a command (a list, or a string split like a shell would, never run by
    a shell): ``{"ExitCode", "Stdout", "Stderr", "Json"}`` (``Json`` when stdout is JSON);
    with ``Query`` (JMESPath over ``Json``), ``QueryResult``.

    ``close()`` kills every command still running, from any thread (a wait cancelled
    while its command runs leaves nothing behind)."""

    def __init__(self) -> None:
        self._running: set[subprocess.Popen[str]] = set()
        self._lock = threading.Lock()

    def close(self) -> None:
        """Kill every command this client is running, and all they started."""
        with self._lock:
            running = list(self._running)
        for process in running:
            _kill(process, reap=False)

    def run(
        self,
        Command: Command,  # noqa: N803
        Timeout: Optional[float] = None,  # noqa: N803
        Query: Optional[str] = None,  # noqa: N803
    ) -> dict[str, Any]:
        argv = split_command(Command) if isinstance(Command, str) else [str(a) for a in Command]
        if not argv:
            return error_response("CommandNotFound", "empty command")
        try:  # its own process group: a timeout or a stop kills all it started
            process = subprocess.Popen(
                argv,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=os.name == "posix",
            )
        except FileNotFoundError as exc:
            return error_response("CommandNotFound", str(exc))
        except OSError as exc:
            return error_response("CommandError", f"{type(exc).__name__}: {exc}")
        with self._lock:
            self._running.add(process)
        try:
            stdout, stderr = process.communicate(timeout=Timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            return error_response("Timeout", f"{argv[0]} ran longer than {Timeout:g} s")
        except BaseException:  # Ctrl-C, SIGTERM: leave nothing running
            _kill(process)
            raise
        finally:
            with self._lock:
                self._running.discard(process)
        response: dict[str, Any] = {
            "ExitCode": process.returncode,
            "Stdout": stdout,
            "Stderr": stderr,
        }
        with contextlib.suppress(ValueError):
            response["Json"] = json.loads(stdout)
        if Query is not None:
            response["QueryResult"] = query(response.get("Json"), Query)
        return response


def split_command(text: str, windows: bool = os.name == "nt") -> list[str]:
    """A command line's words: as a POSIX shell splits them, or as Windows programs do
    (``C:\\tools\\probe.exe`` keeps its backslashes); never run by a shell."""
    if not windows:
        return shlex.split(text)
    words, word, quoted, backslashes = [], "", False, 0
    for char in text:  # the rules of CommandLineToArgvW
        if char == "\\":
            backslashes += 1
            continue
        if char == '"':
            word += "\\" * (backslashes // 2)
            if backslashes % 2:
                word += '"'
            else:
                quoted = not quoted
            backslashes = 0
            continue
        word += "\\" * backslashes
        backslashes = 0
        if char in " \t" and not quoted:
            if word:
                words.append(word)
            word = ""
        else:
            word += char
    word += "\\" * backslashes
    if word or quoted:
        words.append(word)
    return words


def _kill(process: subprocess.Popen[str], reap: bool = True) -> None:
    """Kill the command and every process it started, then reap it (unless another
    thread is reading it: that one reaps)."""
    if os.name == "posix":
        import signal

        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    else:  # pragma: no cover - Windows
        process.kill()
    if reap:
        process.communicate()


@final
class CommandService(Service):
    name = "command"
    summary = "run a command"
    parameter_checks: ClassVar[Mapping[str, Check]] = {"Query": check_query}
    acceptor_parameters: ClassVar[Mapping[str, Any]] = {"Expected": Any}

    def client(self) -> CommandClient:
        return CommandClient()

    def describe_result(self, response: Mapping[str, Any]) -> str:
        return f"exit {response['ExitCode']}" if "ExitCode" in response else ""
