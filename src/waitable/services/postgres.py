"""The ``postgres`` service: connect and run one query per attempt, through psycopg
(``pip install 'waitable[postgres]'``)."""

from __future__ import annotations

import math
from typing import Any, Optional, final

from . import DriverService, driver, error_response, plain, worded_error

DRIVER = (
    "psycopg",
    "the postgres service needs psycopg: pip install 'waitable[postgres]'",
)
"""The driver this service needs, and what to install without it."""

# Server errors by SQLSTATE, as stable codes for acceptors
_STATES = {
    "57P03": "Starting",  # cannot_connect_now: starting up, shutting down, in recovery
    "28P01": "AuthenticationFailed",  # invalid_password
    "28000": "AuthenticationFailed",  # invalid_authorization_specification (pg_hba)
    "3D000": "DatabaseNotFound",  # invalid_catalog_name
    "53300": "TooManyConnections",
    "57014": "Timeout",  # query_canceled: statement_timeout
}


class PostgresClient:
    """``Query``: connect and run ``Query`` (``SELECT 1`` by default):
    ``{"Rows": [[...], ...], "Result": first column of the first row}``, or an error
    response: ``ConnectionRefused``, ``Timeout``, ``Starting`` (the server is starting
    up or recovering), ``AuthenticationFailed``, ``DatabaseNotFound``,
    ``TooManyConnections``, ``ConnectionError``, or ``QueryFailed`` (an SQL error).
    ``Dsn`` (a libpq connection string or URL) gives any other connection option; a
    ``Host`` or ``Port`` given wins over the Dsn's (as libpq's keywords do), and only
    where neither gives one is it ``127.0.0.1`` and ``5432``."""

    def query(
        self,
        Host: Optional[str] = None,  # noqa: N803
        Port: Optional[int] = None,  # noqa: N803
        User: Optional[str] = None,  # noqa: N803
        Password: Optional[str] = None,  # noqa: N803
        Database: Optional[str] = None,  # noqa: N803
        Query: str = "SELECT 1",  # noqa: N803
        Dsn: str = "",  # noqa: N803
        Timeout: float = 5.0,  # noqa: N803
    ) -> dict[str, Any]:
        psycopg = driver(*DRIVER)
        try:
            given = psycopg.conninfo.conninfo_to_dict(Dsn) if Dsn else {}
            has_host = bool(given.get("host") or given.get("hostaddr"))
            options = {
                "host": Host if Host is not None or has_host else "127.0.0.1",
                "port": Port if Port is not None or given.get("port") else 5432,
                "user": User,
                "password": Password,
                "dbname": Database,
                # libpq counts whole seconds (and at least 2); the statement is cut exactly
                "connect_timeout": max(math.ceil(Timeout), 1),
                "options": f"-c statement_timeout={max(int(Timeout * 1000), 1)}",
            }
            with psycopg.connect(
                Dsn, **{k: v for k, v in options.items() if v is not None}
            ) as connection:
                cursor = connection.execute(Query) if Query else None
                has_rows = cursor is not None and cursor.description is not None
                rows = cursor.fetchall() if has_rows else []  # type: ignore[union-attr]
        except psycopg.Error as exc:
            return _error(psycopg, exc)
        plain_rows = [[plain(value) for value in row] for row in rows]
        return {
            "Rows": plain_rows,
            "Result": plain_rows[0][0] if plain_rows and plain_rows[0] else None,
        }


_WORDS = (
    ("ConnectionRefused", ("refused",)),
    ("Timeout", ("timeout", "timed out")),
    ("Starting", ("starting up", "recovery")),
    ("AuthenticationFailed", ("password authentication failed", "no password supplied")),
)
"""The codes of a failed connection, by the words of its reason (in this order)."""


def _error(psycopg: Any, exc: Exception) -> dict[str, Any]:
    """psycopg's exception as an error response with a stable code."""
    message = " ".join(str(exc).split())
    state = getattr(exc, "sqlstate", None)
    if state in _STATES:
        return error_response(_STATES[state], message)
    if isinstance(exc, psycopg.OperationalError):  # no server answer: the reason's words
        lowered = message.lower()
        missing = "does not exist" in lowered and "database" in lowered
        return worded_error(message, _WORDS, "DatabaseNotFound" if missing else "ConnectionError")
    return error_response("QueryFailed", message)


@final
class PostgresService(DriverService):
    name = "postgres"
    summary = "a PostgreSQL query"
    requires = DRIVER

    def client(self) -> PostgresClient:
        return PostgresClient()
