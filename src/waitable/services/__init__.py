"""Built-in services for the bundled waiters: ``http``, ``tcp``, ``dns``, ``file``,
``command``, and (with their drivers installed) ``postgres`` and ``redis``.

Each service is a client class whose methods are operations (``HttpClient.request`` is
``Request``), written on the standard library, plus its bundled waiters (Smithy trait
files in the repository's ``waiters/`` folder, shipped in the package)::

    from waitable import services

    model = services.bundled("http")                   # a Model (waitable.Model)
    waiter = model.get_waiter("UrlReady", services.client("http"))
    waiter.wait(Url="http://localhost:8080/", WaiterConfig={"MaxWaitTime": 60})

Network and OS failures are botocore-style error responses with stable codes, so
acceptors can match them: ``ConnectionRefused``, ``ConnectionReset``, ``Timeout``,
``NameResolutionFailed``, ``TlsError``, ``ConnectionError``, ``CommandNotFound``,
``CommandError``, ``FileError``. A module is imported only when its service is used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable, Mapping

from .._core.documents import bundled_file
from .._core.frozen import Frozen, set_field
from .._core.text import did_you_mean
from .._errors import UnknownWaiterError
from .._model import Model, load


class Service(Frozen):
    """A built-in service: its client class, its bundled waiters, and how a progress line
    describes one of its responses."""

    __slots__ = ("name", "module", "client_class", "summary")

    name: str
    module: str
    """The module of ``waitable.services`` that defines it."""
    client_class: str
    summary: str

    def __init__(self, name: str, module: str, client_class: str, summary: str) -> None:
        set_field(self, "name", name)
        set_field(self, "module", module)
        set_field(self, "client_class", client_class)
        set_field(self, "summary", summary)

    def _module(self) -> Any:
        return import_module(f"{__name__}.{self.module}")

    def client(self) -> Any:
        """A new client."""
        return getattr(self._module(), self.client_class)()

    def waiters(self) -> Model:
        """The bundled waiters, loaded from ``waiters/{name}.json``."""
        return load(bundled_file(f"{self.name}.json"))

    def parameter_checks(self) -> Mapping[str, Callable[[Any], str]]:
        """Checks of parameter values the command runs before the first call."""
        return getattr(self._module(), "PARAMETER_CHECKS", {})

    def acceptor_parameters(self) -> Mapping[str, Any]:
        """Parameters only the bundled acceptors read, and their types."""
        return getattr(self._module(), "ACCEPTOR_PARAMETERS", {})

    def missing(self) -> str:
        """What to install for this service (its driver), or ``""`` when it is there."""
        package, hint = getattr(self._module(), "REQUIRES", ("", ""))
        from ._responses import installed

        return hint if package and not installed(package) else ""

    def retry_after(self) -> Callable[[Any], float | None] | None:
        """How long a response asks the next call to wait (HTTP's ``Retry-After``)."""
        return getattr(self._module(), "RETRY_AFTER", None)

    def describe_response(self, response: Any) -> str:
        """A few words on a response for a progress line (``HTTP 503``, ``exit 1``); an
        error response is its code."""
        if isinstance(response, Mapping):
            error = response.get("Error")
            if isinstance(error, Mapping):
                return str(error.get("Code"))
            return str(self._module().describe_response(response))
        return ""


SERVICES: Mapping[str, Service] = {
    service.name: service
    for service in (
        Service("command", "command", "CommandClient", "run a command"),
        Service("dns", "dns", "DnsClient", "resolve a name"),
        Service("file", "files", "FileClient", "a path on this machine"),
        Service("http", "http", "HttpClient", "an HTTP request"),
        Service("postgres", "postgres", "PostgresClient", "a PostgreSQL query"),
        Service("redis", "redis", "RedisClient", "a Redis command"),
        Service("tcp", "tcp", "TcpClient", "a TCP connection"),
    )
}
"""Every built-in service by name."""


def service(name: str) -> Service:
    """The built-in service called ``name``; an unknown name suggests close ones."""
    found = SERVICES.get(name)
    if found is None:
        raise UnknownWaiterError(
            f"no service named {name!r}{did_you_mean(name, SERVICES)}; "
            f"services: {', '.join(SERVICES)}"
        )
    return found


def client(name: str) -> Any:
    """A new client of the built-in service ``name`` (``http``, ``tcp``, ...)."""
    return service(name).client()


def bundled(name: str) -> Model:
    """The bundled waiters of the built-in service ``name``."""
    return service(name).waiters()


__all__ = ["SERVICES", "Service", "bundled", "client", "service"]
