"""The ``tcp`` service: open (and close) a TCP connection per attempt."""

from __future__ import annotations

import socket
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
            with socket.create_connection((host, int(Port)), timeout=Timeout):
                return {"Open": True, "Host": Host, "Port": int(Port)}
        except OSError as exc:
            return network_error(exc)


@final
class TcpService(Service):
    name = "tcp"
    summary = "a TCP connection"

    def client(self) -> TcpClient:
        return TcpClient()

    def describe_result(self, response: Mapping[str, Any]) -> str:
        return "open" if response.get("Open") else ""
