"""The ``rabbitmq`` service: open an AMQP 0-9-1 connection per attempt (and look a queue
up, passively), through py-amqp (``pip install 'waitable[rabbitmq]'``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Optional, final

from . import Service, driver, error_response, network_error

DRIVER = (
    "amqp",
    "the rabbitmq service needs py-amqp: pip install 'waitable[rabbitmq]'",
)
"""The driver this service needs, and what to install without it."""

# AMQP reply codes, as stable codes for acceptors
_REPLIES = {
    320: "Unavailable",  # CONNECTION_FORCED: the broker is shutting down or closed us
    404: "QueueNotFound",  # NOT_FOUND, from the passive Queue.declare
    403: "AccessRefused",  # ACCESS_REFUSED on a channel: no permission on the queue
    405: "QueueLocked",  # RESOURCE_LOCKED: an exclusive queue of another connection
    530: "VirtualHostNotFound",  # NOT_ALLOWED on Connection.open
    541: "Unavailable",  # INTERNAL_ERROR: a virtual host that is down
}


class RabbitmqClient:
    """``Connect``: log in to the broker at ``Host:Port`` (AMQP 0-9-1) and open
    ``VirtualHost``, then, with ``Queue``, look the queue up without creating it:
    ``{"Connected": true, "Server": "RabbitMQ 3.12.1", "Queue", "Messages",
    "Consumers"}`` (``Messages`` ready to deliver; null without ``Queue``), or an
    error response: ``ConnectionRefused``, ``Timeout``, ``ConnectionReset``,
    ``AuthenticationFailed``, ``VirtualHostNotFound``, ``QueueNotFound``,
    ``AccessRefused`` (no permission on the queue), ``Unavailable`` (the broker is
    shutting down, or the virtual host is down), ``ConnectionError``."""

    def connect(
        self,
        Host: str = "127.0.0.1",  # noqa: N803
        Port: int = 5672,  # noqa: N803
        Username: str = "guest",  # noqa: N803
        Password: str = "guest",  # noqa: N803
        VirtualHost: str = "/",  # noqa: N803
        Queue: Optional[str] = None,  # noqa: N803
        Timeout: float = 5.0,  # noqa: N803
    ) -> dict[str, Any]:
        amqp = driver(*DRIVER)
        host = f"[{Host}]" if ":" in Host and not Host.startswith("[") else Host
        connection = amqp.Connection(
            host=f"{host}:{int(Port)}",
            userid=Username,
            password=Password,
            virtual_host=VirtualHost,
            connect_timeout=Timeout,
            read_timeout=Timeout,
            write_timeout=Timeout,
            heartbeat=0,
        )
        try:
            connection.connect()
            properties = connection.server_properties or {}
            server = " ".join(
                str(properties[key]) for key in ("product", "version") if properties.get(key)
            )
            answer: dict[str, Any] = {"Connected": True, "Server": server}
            answer.update(Queue=Queue, Messages=None, Consumers=None)
            if Queue is not None:
                declared = connection.channel().queue_declare(Queue, passive=True)
                answer.update(Messages=declared.message_count, Consumers=declared.consumer_count)
        except amqp.exceptions.AMQPError as exc:
            return _error(exc)
        except OSError as exc:
            return network_error(exc)
        finally:
            _close(connection)
        return answer


def _close(connection: Any) -> None:
    """Close politely when the connection is open; else let its socket go."""
    from contextlib import suppress

    with suppress(Exception):
        if connection.connected:
            connection.close()
    with suppress(Exception):
        connection.collect()


def _error(exc: Any) -> dict[str, Any]:
    """py-amqp's exception as an error response with a stable code."""
    code = getattr(exc, "reply_code", None)
    message = str(getattr(exc, "reply_text", "") or exc)
    method = str(getattr(exc, "method_name", "") or "")
    if code == 403 and not method.startswith("Queue."):  # refused at login
        return error_response("AuthenticationFailed", message)
    if code in _REPLIES:
        return error_response(_REPLIES[code], message)
    if "timed out" in message.lower() or "timeout" in message.lower():
        return error_response("Timeout", message)
    return error_response("ConnectionError", f"{type(exc).__name__}: {message}")


def _minimum(value: Any) -> str:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return "" if ok else f"takes a number of messages from 0 up, got {value!r}"


def _queue(value: Any) -> str:
    ok = isinstance(value, str) and 0 < len(value.encode()) <= 255
    return "" if ok else f"takes a queue name of 1 to 255 bytes, got {value!r}"


@final
class RabbitmqService(Service):
    name = "rabbitmq"
    summary = "a RabbitMQ broker or queue"
    requires = DRIVER
    parameter_checks: ClassVar[Mapping[str, Any]] = {"Minimum": _minimum, "Queue": _queue}
    acceptor_parameters: ClassVar[Mapping[str, Any]] = {"Minimum": int}

    def client(self) -> RabbitmqClient:
        return RabbitmqClient()

    def describe_result(self, response: Mapping[str, Any]) -> str:
        """The queue's messages, or the server."""
        messages = response.get("Messages")
        if messages is not None:
            return f"{messages} message{'' if messages == 1 else 's'}"
        return str(response.get("Server") or "connected")
