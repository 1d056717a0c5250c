"""Built-in clients for the bundled waiters: HTTP, TCP, files and commands.

Each is a small class whose methods are operations (``HttpClient.request`` is
``Request``), written on the standard library. Network and OS failures become
botocore-style error responses with stable codes, so waiters can match them:

    ConnectionRefused, ConnectionReset, Timeout, NameResolutionFailed, ConnectionError,
    CommandNotFound

The waiters themselves are JSON files in ``waiters/`` (Smithy trait files, found at run
time); ``bundled(service)`` loads one. A user's own file can use these clients too.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import socket
import subprocess
from typing import Any, Callable, Mapping, Union

from ._errors import UnknownWaiterError, did_you_mean
from ._model import WaiterModel

Command = Union[str, "list[str]"]


def _error(code: str, message: str) -> dict[str, Any]:
    return {"Error": {"Code": code, "Message": message}}


def _network_error(exc: BaseException) -> dict[str, Any]:
    """An OS-level failure as an error response with a stable code."""
    if isinstance(exc, ConnectionRefusedError):
        return _error("ConnectionRefused", str(exc))
    if isinstance(exc, ConnectionResetError):
        return _error("ConnectionReset", str(exc))
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return _error("Timeout", str(exc) or "timed out")
    if isinstance(exc, socket.gaierror):
        return _error("NameResolutionFailed", str(exc))
    return _error("ConnectionError", f"{type(exc).__name__}: {exc}")


def _query(document: Any, query: str | None) -> Any:
    if query is None:
        return None
    from ._matchers import parse_jmespath, search

    return search(parse_jmespath(query), document)


class HttpClient:
    """``Request``: one HTTP request. A 4xx or 5xx answer is a response, not an error.

    Returns ``{"Status", "Headers", "Body", "Json"}`` (``Json`` when the body is JSON),
    with ``ResponseMetadata.HTTPStatusCode`` for ``status`` matchers. ``Status``,
    ``Query`` and ``Expected`` are expectations that waiters compare with (Smithy
    ``inputOutput``); ``Query`` (JMESPath) is evaluated over ``Json`` into
    ``QueryResult``.
    """

    def request(
        self,
        Url: str,  # noqa: N803 - operation parameters are named as in the waiter files
        Method: str = "GET",  # noqa: N803
        Headers: Mapping[str, str] | None = None,  # noqa: N803
        Body: str | None = None,  # noqa: N803
        Timeout: float = 10.0,  # noqa: N803
        Status: int | None = None,  # noqa: N803 - read by the waiters
        Query: str | None = None,  # noqa: N803
        Expected: Any = None,  # noqa: N803 - read by the waiters
    ) -> dict[str, Any]:
        import urllib.error
        import urllib.request

        data = None if Body is None else Body.encode("utf-8")
        request = urllib.request.Request(Url, data=data, method=Method, headers=dict(Headers or {}))
        try:
            with urllib.request.urlopen(request, timeout=Timeout) as answer:
                status, headers, raw = answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as answer:
            status, headers, raw = answer.code, dict(answer.headers or {}), answer.read()
        except urllib.error.URLError as exc:
            reason = exc.reason
            return _network_error(reason if isinstance(reason, BaseException) else exc)
        except OSError as exc:
            return _network_error(exc)
        body = raw.decode("utf-8", errors="replace")
        response: dict[str, Any] = {
            "Status": status,
            "Headers": headers,
            "Body": body,
            "ResponseMetadata": {"HTTPStatusCode": status},
        }
        with contextlib.suppress(ValueError):
            response["Json"] = json.loads(body)
        if Query is not None:
            response["QueryResult"] = _query(response.get("Json"), Query)
        return response


class TcpClient:
    """``Connect``: open (and close) a TCP connection: ``{"Open": true}`` or an error."""

    def connect(self, Host: str, Port: int, Timeout: float = 2.0) -> dict[str, Any]:  # noqa: N803
        try:
            with socket.create_connection((Host, int(Port)), timeout=Timeout):
                return {"Open": True, "Host": Host, "Port": int(Port)}
        except OSError as exc:
            return _network_error(exc)


class FileClient:
    """``Stat``: whether ``Path`` exists, its kind and size. ``Search``: whether the file
    at ``Path`` contains ``Text`` (``Contains``)."""

    def stat(self, Path: str) -> dict[str, Any]:  # noqa: N803
        try:
            info = os.stat(Path)
        except FileNotFoundError:
            return {"Exists": False, "Path": Path}
        except OSError as exc:
            return _error("FileError", f"{type(exc).__name__}: {exc}")
        return {"Exists": True, "Path": Path, "IsFile": os.path.isfile(Path), "Size": info.st_size}

    def search(self, Path: str, Text: str) -> dict[str, Any]:  # noqa: N803
        try:
            with open(Path, encoding="utf-8", errors="replace") as handle:
                return {"Exists": True, "Path": Path, "Contains": Text in handle.read()}
        except FileNotFoundError:
            return {"Exists": False, "Path": Path, "Contains": False}
        except OSError as exc:
            return _error("FileError", f"{type(exc).__name__}: {exc}")


class CommandClient:
    """``Run``: run a command (a list, or a string split like a shell would, never run by
    a shell): ``{"ExitCode", "Stdout", "Stderr", "Json"}`` (``Json`` when stdout is JSON);
    with ``Query`` (JMESPath over ``Json``), ``QueryResult``."""

    def run(
        self,
        Command: Command,  # noqa: N803
        Timeout: float | None = None,  # noqa: N803
        Query: str | None = None,  # noqa: N803
        Expected: Any = None,  # noqa: N803 - read by the waiters
    ) -> dict[str, Any]:
        argv = shlex.split(Command) if isinstance(Command, str) else [str(a) for a in Command]
        if not argv:
            return _error("CommandNotFound", "empty command")
        try:
            done = subprocess.run(
                argv, capture_output=True, text=True, timeout=Timeout, check=False
            )
        except FileNotFoundError as exc:
            return _error("CommandNotFound", str(exc))
        except subprocess.TimeoutExpired as exc:
            return _error("Timeout", str(exc))
        except OSError as exc:
            return _error("CommandError", f"{type(exc).__name__}: {exc}")
        response: dict[str, Any] = {
            "ExitCode": done.returncode,
            "Stdout": done.stdout,
            "Stderr": done.stderr,
        }
        with contextlib.suppress(ValueError):
            response["Json"] = json.loads(done.stdout)
        if Query is not None:
            response["QueryResult"] = _query(response.get("Json"), Query)
        return response


SERVICES: Mapping[str, Callable[[], Any]] = {
    "command": CommandClient,
    "file": FileClient,
    "http": HttpClient,
    "tcp": TcpClient,
}


def bundled_dir() -> str:
    """The bundled ``waiters/`` folder: inside the installed package, or, in a source
    checkout, at the top of the repository."""
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (
        os.path.join(here, "waiters"),
        os.path.join(here, os.pardir, os.pardir, "waiters"),
    ):
        if os.path.isdir(candidate):
            return os.path.normpath(candidate)
    raise FileNotFoundError("waitable's bundled waiters/ folder is missing from this install")


def client(service: str) -> Any:
    """A new built-in client for ``service`` (``http``, ``tcp``, ``file``, ``command``)."""
    factory = SERVICES.get(service)
    if factory is None:
        raise UnknownWaiterError(
            f"no service named {service!r}{did_you_mean(service, SERVICES)}; "
            f"services: {', '.join(SERVICES)}"
        )
    return factory()


def bundled(service: str) -> WaiterModel:
    """The bundled waiters of ``service``, loaded from ``waiters/{service}.json``."""
    from ._load import load

    client(service)  # the same clear error for an unknown service
    return load(os.path.join(bundled_dir(), f"{service}.json"))
