"""The ``tcp`` service: open (and close) a TCP connection per attempt."""

from __future__ import annotations

import _socket  # socket's C core: the socket module's enum set-up is ~4 ms of a start
from collections.abc import Mapping

from .._core.hints import final
from . import Service, network_error

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class TcpClient:
    """``Connect``: ``{"Open": true, "Host", "Port"}``, or an error response."""

    def connect(self, Host: str, Port: int, Timeout: float = 2.0) -> dict[str, Any]:  # noqa: N803
        # An ASCII name goes to getaddrinfo as bytes, skipping the IDNA codec: importing
        # it (stringprep, unicodedata) would cost a short command a few milliseconds.
        host: Any = Host.encode("ascii") if Host.isascii() else Host
        try:
            connect(host, int(Port), Timeout)
        except OSError as exc:
            return network_error(exc)
        return {"Open": True, "Host": Host, "Port": int(Port)}


def connect(host: str | bytes, port: int, timeout: float) -> None:
    """Open a TCP connection and close it: ``socket.create_connection``'s way (each
    address the name resolves to, in turn, until one connects; else the last error),
    on ``_socket``."""
    error: OSError | None = None
    for family, kind, proto, _, address in _socket.getaddrinfo(host, port, 0, _socket.SOCK_STREAM):
        sock = _socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(address)
            return
        except OSError as exc:
            error = exc
        finally:
            sock.close()
    raise error or OSError(f"{host!r} resolves to no address")


@final
class TcpService(Service):
    name = "tcp"
    summary = "a TCP connection"

    def client(self) -> TcpClient:
        return TcpClient()

    def describe_result(self, response: Mapping[str, Any]) -> str:
        return "open" if response.get("Open") else ""
