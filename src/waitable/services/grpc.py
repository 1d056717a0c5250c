"""The ``grpc`` service: the standard health check (``grpc.health.v1.Health/Check``) of a
gRPC server, one call per attempt on a new channel, through grpcio
(``pip install 'waitable[grpc]'``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, final

from . import Service, driver, error_response, worded_error

DRIVER = (
    "grpc",
    "the grpc service needs grpcio: pip install 'waitable[grpc]'",
)
"""The driver this service needs, and what to install without it."""

METHOD = "/grpc.health.v1.Health/Check"
"""The standard health check's method (``grpc/health/v1/health.proto``)."""

STATUSES = ("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN")
"""``HealthCheckResponse.ServingStatus`` by number."""

# gRPC status codes that are not about the health itself, as stable codes for acceptors
_CODES = {
    "DEADLINE_EXCEEDED": "Timeout",
    "UNAUTHENTICATED": "AuthenticationFailed",
    "PERMISSION_DENIED": "PermissionDenied",
    "UNIMPLEMENTED": "HealthNotImplemented",  # the server has no health service
}


class GrpcClient:
    """``Check``: ask the gRPC server at ``Host:Port`` for the health of ``Service``
    (``""``, the default: the server as a whole): ``{"Status": "SERVING"}``, or
    ``NOT_SERVING``, ``UNKNOWN``, or ``SERVICE_UNKNOWN`` (the server does not know the
    service: its ``NOT_FOUND`` answer); or an error response: ``ConnectionRefused``,
    ``Timeout``, ``Unavailable`` (no connection, for another reason), ``TlsError``,
    ``AuthenticationFailed``, ``PermissionDenied``, ``HealthNotImplemented`` (the server
    has no ``grpc.health.v1.Health`` service), or the gRPC status's name in CamelCase.
    ``Tls=true`` connects over TLS, trusting the system's certificate authorities."""

    def check(
        self,
        Host: str = "127.0.0.1",  # noqa: N803
        Port: int = 50051,  # noqa: N803
        Service: str = "",  # noqa: N803
        Tls: bool = False,  # noqa: N803
        Timeout: float = 5.0,  # noqa: N803
    ) -> dict[str, Any]:
        grpc = driver(*DRIVER)
        host = f"[{Host}]" if ":" in Host and not Host.startswith("[") else Host
        target = f"{host}:{int(Port)}"
        options = [("grpc.enable_retries", 0)]  # one call per attempt: waitable retries
        if Tls:
            channel = grpc.secure_channel(target, grpc.ssl_channel_credentials(), options)
        else:
            channel = grpc.insecure_channel(target, options)
        try:
            call = channel.unary_unary(
                METHOD, request_serializer=_request, response_deserializer=_status
            )
            status = call(Service, timeout=Timeout)
        except grpc.RpcError as exc:
            return _error(exc)
        finally:
            channel.close()
        return {"Status": status}


def _request(service: str) -> bytes:
    """``HealthCheckRequest{service}`` in protobuf's wire format: field 1, a string."""
    data = service.encode("utf-8")
    return (b"\x0a" + _varint(len(data)) + data) if data else b""


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    number, shift = 0, 0
    while True:
        if at >= len(data) or shift > 63:
            raise ValueError("a truncated varint")
        byte = data[at]
        number |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if not byte & 0x80:
            return number, at


def _status(data: bytes) -> str:
    """``HealthCheckResponse``'s ``status`` (field 1, an enum) by name; fields it does not
    know are skipped, as protobuf does. An absent status is ``UNKNOWN`` (0)."""
    at, status = 0, 0
    while at < len(data):
        key, at = _read_varint(data, at)
        field, kind = key >> 3, key & 7
        if kind == 0:
            value, at = _read_varint(data, at)
            if field == 1:
                status = value
        elif kind == 2:
            size, at = _read_varint(data, at)
            at += size
        elif kind in (1, 5):
            at += 8 if kind == 1 else 4
        else:
            raise ValueError(f"wire type {kind} in a HealthCheckResponse")
        if at > len(data):
            raise ValueError("a truncated HealthCheckResponse")
    return STATUSES[status] if 0 <= status < len(STATUSES) else f"STATUS_{status}"


_UNAVAILABLE = (
    ("ConnectionRefused", ("refused",)),
    ("TlsError", ("handshake", "ssl", "tls")),
    ("Timeout", ("timeout", "timed out")),
)
"""The codes of an ``UNAVAILABLE`` answer, by the words of its details."""


def _error(exc: Any) -> dict[str, Any]:
    """grpcio's ``RpcError`` as a response: ``NOT_FOUND`` is the status
    ``SERVICE_UNKNOWN``, any other an error response with a stable code."""
    code = exc.code() if callable(getattr(exc, "code", None)) else None
    name = getattr(code, "name", "UNKNOWN")
    details = exc.details() if callable(getattr(exc, "details", None)) else str(exc)
    message = " ".join(str(details or name).split())
    if name == "NOT_FOUND":
        return {"Status": "SERVICE_UNKNOWN"}
    if name in _CODES:
        return error_response(_CODES[name], message)
    if name == "UNAVAILABLE":  # the reason's words
        return worded_error(message, _UNAVAILABLE, "Unavailable")
    if name == "INTERNAL" and "deserializ" in message.lower():
        return error_response("ConnectionError", f"not a health check answer: {message}")
    return error_response("".join(part.title() for part in name.split("_")), message)


def _status_check(value: Any) -> str:
    ok = value in STATUSES
    return "" if ok else f"takes one of {', '.join(STATUSES)}, got {value!r}"


@final
class GrpcService(Service):
    name = "grpc"
    summary = "a gRPC server's health check"
    requires = DRIVER
    parameter_checks: ClassVar[Mapping[str, Any]] = {"Status": _status_check}
    acceptor_parameters: ClassVar[Mapping[str, Any]] = {"Status": str}

    def client(self) -> GrpcClient:
        return GrpcClient()

    def describe_result(self, response: Mapping[str, Any]) -> str:
        """The serving status."""
        return str(response.get("Status", ""))
