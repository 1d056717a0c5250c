"""The ``redis`` service: connect and run one command per attempt, through redis-py
(``pip install 'waitable[redis]'``)."""

from __future__ import annotations

from typing import Any, Optional, final

from . import DriverService, driver, error_response, network_error

DRIVER = (
    "redis",
    "the redis service needs redis-py: pip install 'waitable[redis]'",
)
"""The driver this service needs, and what to install without it."""


class RedisClient:
    """``Execute``: run ``Command`` (``PING`` by default; words split like a shell's) on a
    new connection: ``{"Result": ...}`` (text decoded as UTF-8), or an error response:
    ``ConnectionRefused``, ``Timeout``, ``AuthenticationFailed``, ``Loading`` (the server
    is still loading its data), or the server's error word (``WRONGTYPE``, ``ERR``)."""

    def execute(
        self,
        Host: str = "127.0.0.1",  # noqa: N803
        Port: int = 6379,  # noqa: N803
        Command: str = "PING",  # noqa: N803
        Username: Optional[str] = None,  # noqa: N803
        Password: Optional[str] = None,  # noqa: N803
        Db: int = 0,  # noqa: N803
        Tls: bool = False,  # noqa: N803
        Timeout: float = 2.0,  # noqa: N803
    ) -> dict[str, Any]:
        redis = driver(*DRIVER, "backoff", "retry")
        from .command import split_command

        client = redis.Redis(
            host=Host,
            port=int(Port),
            db=int(Db),
            username=Username,
            password=Password,
            ssl=Tls,
            socket_timeout=Timeout,
            socket_connect_timeout=Timeout,
            decode_responses=True,
            retry=redis.retry.Retry(redis.backoff.NoBackoff(), 0),  # one try: waitable retries
        )
        try:
            result = client.execute_command(*split_command(Command))
        except redis.exceptions.RedisError as exc:
            return _error(redis, exc)
        except OSError as exc:
            return network_error(exc)
        finally:
            client.close()
        return {"Result": result}


def _error(redis: Any, exc: Exception) -> dict[str, Any]:
    """redis-py's exception as an error response with a stable code."""
    errors = redis.exceptions
    if isinstance(exc, errors.BusyLoadingError):
        return error_response("Loading", str(exc))
    if isinstance(exc, errors.AuthenticationError) or "WRONGPASS" in str(exc):
        return error_response("AuthenticationFailed", str(exc))
    if isinstance(exc, errors.TimeoutError):
        return error_response("Timeout", str(exc))
    if isinstance(exc, errors.ConnectionError):
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, OSError):
            return network_error(cause)
        if "refused" in str(exc).lower():
            return error_response("ConnectionRefused", str(exc))
        return error_response("ConnectionError", str(exc))
    if isinstance(exc, errors.ResponseError):  # the server's own error: its first word
        word = str(exc).split(" ", 1)[0]
        return error_response(word if word.isupper() else "ResponseError", str(exc))
    return error_response(type(exc).__name__, str(exc))


@final
class RedisService(DriverService):
    name = "redis"
    summary = "a Redis command"
    requires = DRIVER

    def client(self) -> RedisClient:
        return RedisClient()
