"""Built-in services for the bundled waiters: ``http``, ``tcp``, ``dns``, ``file``,
``command``, and (with their drivers installed) ``postgres``, ``mysql``, ``redis``,
``rabbitmq`` and ``grpc``.

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
The response helpers the services share (``error_response``, ``network_error``,
``query``, ``driver``) are here too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from importlib import import_module

from .._core.documents import bundled_file
from .._core.hints import final
from .._core.text import did_you_mean
from .._errors import UnknownServiceError
from .._model import Model

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar

Check = Callable[..., str]
"""A parameter check: ``""`` for a good value, else what the parameter takes."""


class Service:
    """A built-in service: the client it makes, its bundled waiters, and what the command
    needs to know of it. Override these members in a subclass:

    * ``name``, ``summary`` (class attributes): the name the command and
      ``waiters/<name>.json`` use; a few words for a listing.
    * ``client()``: a new client, whose methods are the operations (``request`` is
      ``Request``).
    * ``parameter_checks``: parameter name -> check of a ``-p`` value, run before the
      first call; a check returns ``""`` or what the parameter takes.
    * ``acceptor_parameters``: parameters only the bundled acceptors read
      (``input.Status``), and their types; ``Optional[...]`` ones may be left out.
    * ``requires``: ``(package, install hint)`` of an optional driver, or None.
    * ``retry_after(response)``: the seconds a response asks before the next call
      (HTTP's ``Retry-After``), or None; only a service that overrides it is asked.
    * ``describe_result(response)``: a few words on a response that is not an error,
      for a progress line (``HTTP 503``, ``exit 1``).
    * ``check_together(params)``: what is wrong with the parameters together (a client
      certificate without its key), checked before the first call; ``""`` if nothing.
    """

    name: ClassVar[str]
    summary: ClassVar[str]
    parameter_checks: ClassVar[Mapping[str, Check]] = {}
    acceptor_parameters: ClassVar[Mapping[str, Any]] = {}
    requires: ClassVar[tuple[str, str] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        unknown = sorted(k for k in vars(cls) if not k.startswith("_") and k not in _MEMBERS)
        if unknown:
            raise TypeError(
                f"{cls.__name__}: {', '.join(unknown)} is not a member of Service "
                f"(members: {', '.join(sorted(_MEMBERS))}; helpers start with _)"
            )

    def client(self) -> Any:
        """A new client of this service."""
        raise NotImplementedError(f"{type(self).__name__} makes no client")

    def retry_after(self, response: Any) -> float | None:
        """The seconds ``response`` asks the next call to wait, or None (no advice)."""
        return None

    def describe_result(self, response: Mapping[str, Any]) -> str:
        """A few words on a response that is not an error, for a progress line."""
        return ""

    def check_together(self, params: Mapping[str, Any]) -> str:
        """What is wrong with ``params`` together (each alone has passed its check),
        naming the parameters; ``""`` when nothing is."""
        return ""

    @final
    def waiters(self) -> Model:
        """The bundled waiters of ``waiters/{name}.json``. waitable's tests check every
        bundled file as ``load()`` does, so it is built without the checker (a short
        command imports neither it nor ``json``)."""
        from .._waiters.smithy_build import build_checked
        from ._bundled import DOCUMENTS  # the file as Python data: no json to import

        return Model(bundled_file(f"{self.name}.json"), build_checked(DOCUMENTS[self.name]))

    @final
    def checks(self) -> Mapping[str, Check]:
        """Every check of a ``-p`` value: ``COMMON_CHECKS`` (a parameter that means the
        same in every service, such as ``Port``), then the service's own."""
        return {**COMMON_CHECKS, **self.parameter_checks}

    @final
    def missing(self) -> str:
        """What to install for this service (its driver), or ``""`` when it is there."""
        if self.requires is None:
            return ""
        package, hint = self.requires
        return "" if installed(package) else hint

    @final
    def retry_after_hook(self) -> Callable[[Any], float | None] | None:
        """``retry_after`` for a waiter's ``retry_after=``: None unless this service
        overrides it (a waiter then adds no strategy for it)."""
        honours = type(self).retry_after is not Service.retry_after
        return self.retry_after if honours else None

    @final
    def describe_response(self, response: Any) -> str:
        """A few words on a response for a progress line (``HTTP 503``, ``exit 1``); an
        error response is its code."""
        if not isinstance(response, Mapping):
            return ""
        error = response.get("Error")
        if isinstance(error, Mapping):
            return str(error.get("Code"))
        return self.describe_result(response)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


_MEMBERS = frozenset(k for k in (*vars(Service), *Service.__annotations__) if k[0] != "_")


class DriverService(Service):
    """A server reached through an optional driver (``postgres``, ``redis``): a call's
    answer is ``{"Result": ...}``, which ``Expected`` is compared with."""

    acceptor_parameters: ClassVar[Mapping[str, Any]] = {"Expected": object}  # any value

    def describe_result(self, response: Mapping[str, Any]) -> str:
        """The result, cut short."""
        from .._core.text import brief

        return brief(response.get("Result"), 30)


_WHERE = {
    "command": "command:CommandService",
    "dns": "dns:DnsService",
    "file": "files:FileService",
    "grpc": "grpc:GrpcService",
    "http": "http:HttpService",
    "mysql": "mysql:MysqlService",
    "postgres": "postgres:PostgresService",
    "rabbitmq": "rabbitmq:RabbitmqService",
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
        raise UnknownServiceError(
            f"no service named {name!r}{did_you_mean(name, SERVICES)}; "
            f"services: {', '.join(SERVICES)}",
            list(SERVICES),
        )
    return found


def client(name: str) -> Any:
    """A new client of the built-in service ``name`` (``http``, ``tcp``, ...)."""
    return service(name).client()


def bundled(name: str) -> Model:
    """The bundled waiters of the built-in service ``name``."""
    return service(name).waiters()


__all__ = [
    "COMMON_CHECKS",
    "SERVICES",
    "Check",
    "DriverService",
    "Service",
    "bundled",
    "client",
    "service",
]


def error_response(code: str, message: str) -> dict[str, Any]:
    """``{"Error": {"Code": code, "Message": message}}``: what acceptors match."""
    return {"Error": {"Code": code, "Message": message}}


def worded_error(
    message: str, words: tuple[tuple[str, tuple[str, ...]], ...], otherwise: str
) -> dict[str, Any]:
    """An error response for a driver's message whose only clue is its text: the code of
    the first ``(code, words)`` whose words it holds (any case), else ``otherwise``."""
    lowered = message.lower()
    for code, clues in words:
        if any(clue in lowered for clue in clues):
            return error_response(code, message)
    return error_response(otherwise, message)


def network_error(exc: BaseException) -> dict[str, Any]:
    """An OS-level failure as an error response with a stable code."""
    if isinstance(exc, ConnectionRefusedError):
        return error_response("ConnectionRefused", str(exc))
    if isinstance(exc, ConnectionResetError):
        return error_response("ConnectionReset", str(exc))
    import _socket  # (socket's own errors; the tcp service never imports socket)

    if isinstance(exc, (TimeoutError, _socket.timeout)):
        return error_response("Timeout", str(exc) or "timed out")
    if isinstance(exc, _socket.gaierror):
        return error_response("NameResolutionFailed", str(exc))
    tls_error = getattr(sys.modules.get("ssl"), "SSLError", None)  # no ssl: no TLS tried
    if tls_error is not None and isinstance(exc, tls_error):
        return error_response("TlsError", str(exc))
    return error_response("ConnectionError", f"{type(exc).__name__}: {exc}")


def query(document: Any, expression: str | None) -> Any:
    """The JMESPath ``expression`` over ``document`` (None without an expression)."""
    if expression is None:
        return None
    from .._core.paths import getter

    return getter(expression)(document)


def _port(value: Any) -> str:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value < 65536
    return "" if ok else f"takes a port number from 1 to 65535, got {value!r}"


def _timeout(value: Any) -> str:
    import math

    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and math.isfinite(value) and value > 0:
        return ""
    return f"takes a number of seconds above 0, got {value!r}"


def _command(value: Any) -> str:
    if isinstance(value, str):
        from .command import split_command  # only when a Command is given

        try:
            value = split_command(value)
        except ValueError:
            return f"takes a command line whose quotes close, got {value!r}"
    if not value:
        return f"takes a command (a command line, or a JSON list of words), got {value!r}"
    if any("\0" in str(word) for word in value):
        return f"takes words without NUL characters, got {value!r}"
    return ""


def _path(value: Any) -> str:
    if not value:
        return f"takes a path, got {value!r}"
    return f"takes a path without NUL characters, got {value!r}" if "\0" in value else ""


COMMON_CHECKS: Mapping[str, Check] = {
    "Command": _command,
    "Path": _path,
    "Port": _port,
    "Timeout": _timeout,
}
"""Checks of parameters that mean the same in every service that takes them (a
``Command`` is split into words as a shell would, by ``redis`` and ``command`` alike): a
local mistake is said before the first call, not retried until the deadline."""


def plain(value: Any) -> Any:
    """A database's value as JSON has it, so that acceptors compare it and ``--json``
    prints it: a decimal a number (an integer when whole), a date or time its ISO 8601
    text, bytes their UTF-8 text (or ``\\x`` and hex digits when they are not UTF-8),
    any other type its text; lists and dicts item by item."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return "\\x" + raw.hex()
    from decimal import Decimal

    if isinstance(value, Decimal) and value.is_finite():
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):  # a date or time
        return str(value.isoformat())
    return str(value)


def check_query(value: Any) -> str:
    """Why a ``Query`` parameter cannot be used (it is JMESPath), or ``""``."""
    from .._core.paths import jmespath_problem

    problem = jmespath_problem(value) if isinstance(value, str) else ""
    return f"not valid JMESPath: {problem}" if problem else ""


def driver(package: str, hint: str, *parts: str) -> Any:
    """An optional driver's package (and ``parts``, its submodules), imported; without
    it, an ``ImportError`` saying what to install."""
    from importlib import import_module

    try:
        for name in parts:
            import_module(f"{package}.{name}")
        return import_module(package)
    except ImportError:
        raise ImportError(hint) from None


def installed(package: str) -> bool:
    """Whether ``package`` (an optional driver) can be imported, without importing it."""
    from importlib.util import find_spec

    return find_spec(package) is not None
