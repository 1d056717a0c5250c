"""Built-in services for the bundled waiters: ``http``, ``tcp``, ``dns``, ``file``,
``command``, and (with their drivers installed) ``postgres`` and ``redis``.

Each service is a ``Service`` subclass in its own module (``HttpService`` in
``waitable.services.http``) that makes a client whose methods are operations
(``HttpClient.request`` is ``Request``), written on the standard library, plus its
bundled waiters (Smithy trait files in the repository's ``waiters/`` folder, shipped in
the package)::

    from waitable import services

    model = services.bundled("http")                   # a Model (waitable.Model)
    waiter = model.get_waiter("UrlReady", services.client("http"))
    waiter.wait(Url="http://localhost:8080/", WaiterConfig={"MaxWaitTime": 60})

Network and OS failures are botocore-style error responses with stable codes, so
acceptors can match them: ``ConnectionRefused``, ``ConnectionReset``, ``Timeout``,
``NameResolutionFailed``, ``TlsError``, ``ConnectionError``, ``CommandNotFound``,
``CommandError``, ``FileError``. A module is imported only when its service is used:
the command's start-up is measured, and a ``tcp`` wait imports no HTTP or DNS code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import Any

from .._core.errors import UnknownWaiterError
from .._core.text import did_you_mean
from .._load import Model
from ._base import Check, Service

_WHERE = {
    "command": "command:CommandService",
    "dns": "dns:DnsService",
    "file": "files:FileService",
    "http": "http:HttpService",
    "postgres": "postgres:PostgresService",
    "redis": "redis:RedisService",
    "tcp": "tcp:TcpService",
}
"""Each built-in service's ``module:Class``; a new service adds its line here."""


class _Services(Mapping[str, Service]):
    """Every built-in service by name: a service's class is imported on first use."""

    def __init__(self, where: Mapping[str, str]) -> None:
        self._where = where
        self._made: dict[str, Service] = {}

    def __getitem__(self, name: str) -> Service:
        made = self._made.get(name)
        if made is None:
            module, _, cls = self._where[name].partition(":")
            made = self._made[name] = getattr(import_module(f"{__name__}.{module}"), cls)()
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def __repr__(self) -> str:
        return f"<built-in services: {', '.join(self._where)}>"


SERVICES: Mapping[str, Service] = _Services(_WHERE)
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


__all__ = ["SERVICES", "Check", "Service", "bundled", "client", "service"]
