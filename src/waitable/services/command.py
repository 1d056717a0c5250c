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

from .._core.text import cut
from . import Check, Service, check_query, error_response, query

Command = Union[str, "list[str]"]


class CommandClient:
    """``Run``: run a command (a list, or a string split like a shell would, never run by
    a shell): ``{"ExitCode", "Stdout", "Stderr", "Json"}`` (``Json`` when stdout is JSON);
    with ``Query`` (JMESPath over ``Json``), ``QueryResult``.

    ``close()`` kills every command still running, from any thread (a wait cancelled
    while its command runs leaves nothing behind)."""

    def __init__(self) -> None:
        self._running: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()

    def close(self) -> None:
        """Kill every command this client is running, and all they started."""
        with self._lock:
            running = list(self._running)
        for process in running:
            _kill_group(process)

    def run(
        self,
        Command: Command,  # noqa: N803
        Timeout: Optional[float] = None,  # noqa: N803
        Query: Optional[str] = None,  # noqa: N803
    ) -> dict[str, Any]:
        argv = split_command(Command) if isinstance(Command, str) else [str(a) for a in Command]
        if not argv:
            return error_response("CommandNotFound", "empty command")
        try:  # its own session and group: a timeout or a stop kills all it started
            process = subprocess.Popen(
                argv,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=os.name == "posix",
            )
        except FileNotFoundError as exc:
            return error_response("CommandNotFound", str(exc))
        except OSError as exc:
            return error_response("CommandError", f"{type(exc).__name__}: {exc}")
        with self._lock:
            self._running.add(process)
        try:
            ended, stdout, stderr = _outputs(process, Timeout)
        finally:  # Ctrl-C, SIGTERM too: leave nothing of its group running
            _kill_group(process)
            process.wait()
            with self._lock:
                self._running.discard(process)
        if not ended:
            return error_response("Timeout", f"{argv[0]} ran longer than {Timeout:g} s")
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


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the command and every process of its group (a child that left it, with
    ``setsid``, is out of reach, and no longer waited for)."""
    if os.name == "posix":
        import signal

        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    else:  # pragma: no cover - Windows
        with contextlib.suppress(OSError):
            process.kill()


_POLL = 0.05
"""Seconds between checks that the command has exited, where the OS cannot say so
(no ``pidfd``) while a child it started still holds its pipes."""


def _outputs(process: subprocess.Popen[bytes], timeout: Optional[float]) -> tuple[bool, str, str]:
    """Whether the command exited within ``timeout``, and what it wrote to stdout and
    stderr. It waits for the process, not for its pipes: once the process has exited,
    what is in them is read, and a child still holding them is not waited for."""
    if os.name != "posix":  # pragma: no cover - Windows: no selectable pipes
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False, "", ""
        return True, _text(out), _text(err)
    import selectors
    import time

    assert process.stdout is not None
    assert process.stderr is not None
    written = {process.stdout.fileno(): bytearray(), process.stderr.fileno(): bytearray()}
    end = None if timeout is None else time.monotonic() + timeout
    exit_fd = _exit_fd(process.pid)
    try:
        with selectors.DefaultSelector() as selector:
            for fd in written:
                os.set_blocking(fd, False)
                selector.register(fd, selectors.EVENT_READ)
            if exit_fd is not None:
                selector.register(exit_fd, selectors.EVENT_READ)
            while process.poll() is None:
                left = None if end is None else end - time.monotonic()
                if left is not None and left <= 0:
                    return False, *_drained(written)
                pause = left if exit_fd is not None else min(left or _POLL, _POLL)
                for key, _ in selector.select(pause):
                    if key.fd != exit_fd and not _read(key.fd, written[key.fd]):
                        selector.unregister(key.fd)  # end of file
            return True, *_drained(written)
    finally:
        if exit_fd is not None:
            os.close(exit_fd)
        process.stdout.close()
        process.stderr.close()


def _exit_fd(pid: int) -> Optional[int]:
    """A descriptor that becomes readable when ``pid`` exits (Linux's pidfd), or None."""
    opener = getattr(os, "pidfd_open", None)
    if opener is None:
        return None
    try:
        return int(opener(pid))
    except OSError:  # an older kernel
        return None


def _read(fd: int, into: bytearray) -> bool:
    """Append what ``fd`` has now to ``into``; False at its end."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return True
        if not chunk:
            return False
        into += chunk


def _drained(written: Mapping[int, bytearray]) -> tuple[str, str]:
    """What is left in the pipes, read without waiting, and all they gave, as text."""
    for fd, into in written.items():
        with contextlib.suppress(OSError):
            _read(fd, into)
    out, err = written.values()
    return _text(bytes(out)), _text(bytes(err))


def _text(data: bytes) -> str:
    """Output as text, as ``text=True`` would read it (the locale's encoding, universal
    newlines), but never failing on bytes that do not decode."""
    import locale

    text = data.decode(locale.getpreferredencoding(False), errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


@final
class CommandService(Service):
    name = "command"
    summary = "run a command"
    parameter_checks: ClassVar[Mapping[str, Check]] = {"Query": check_query}
    acceptor_parameters: ClassVar[Mapping[str, Any]] = {"Expected": Any}

    def client(self) -> CommandClient:
        return CommandClient()

    def describe_result(self, response: Mapping[str, Any]) -> str:
        """``exit 0``; a failed run adds its last line on stderr, which says why."""
        if "ExitCode" not in response:
            return ""
        words = f"exit {response['ExitCode']}"
        if response["ExitCode"] == 0:
            return words
        lines = str(response.get("Stderr") or "").splitlines()
        last = next((line.strip() for line in reversed(lines) if line.strip()), "")
        return f"{words}: {cut(last, 80)}" if last else words
