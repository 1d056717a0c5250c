"""The ``mysql`` service: connect and run one query per attempt on MySQL or MariaDB,
through PyMySQL (``pip install 'waitable[mysql]'``)."""

from __future__ import annotations

from typing import Any, Optional, final

from . import DriverService, driver, error_response, plain, worded_error

DRIVER = (
    "pymysql",
    "the mysql service needs PyMySQL: pip install 'waitable[mysql]'",
)
"""The driver this service needs, and what to install without it."""

# Server errors by MySQL error number, as stable codes for acceptors
_NUMBERS = {
    1045: "AuthenticationFailed",  # ER_ACCESS_DENIED_ERROR: a wrong password
    1698: "AuthenticationFailed",  # ER_ACCESS_DENIED_NO_PASSWORD_ERROR: no such login
    1044: "AuthenticationFailed",  # ER_DBACCESS_DENIED_ERROR: no grant on the database
    1049: "DatabaseNotFound",  # ER_BAD_DB_ERROR
    1040: "TooManyConnections",  # ER_CON_COUNT_ERROR
    1203: "TooManyConnections",  # ER_TOO_MANY_USER_CONNECTIONS
    1053: "Starting",  # ER_SERVER_SHUTDOWN: the server is not serving (any longer)
    3032: "Starting",  # ER_SERVER_OFFLINE_MODE (MySQL)
    1969: "Timeout",  # ER_STATEMENT_TIMEOUT (MariaDB's max_statement_time)
    3024: "Timeout",  # ER_QUERY_TIMEOUT (MySQL's max_execution_time)
}


class MysqlClient:
    """``Query``: connect and run ``Query`` (``SELECT 1`` by default):
    ``{"Rows": [[...], ...], "Result": first column of the first row}``, or an error
    response: ``ConnectionRefused``, ``Timeout``, ``Starting`` (the server is shutting
    down or offline), ``AuthenticationFailed``, ``DatabaseNotFound``,
    ``TooManyConnections``, ``ConnectionError``, or ``QueryFailed`` (an SQL error).
    ``Socket`` (a Unix socket's path) is used instead of ``Host`` and ``Port``; without
    ``User``, PyMySQL's default (the login name) is used."""

    def query(
        self,
        Host: str = "127.0.0.1",  # noqa: N803
        Port: int = 3306,  # noqa: N803
        User: Optional[str] = None,  # noqa: N803
        Password: str = "",  # noqa: N803
        Database: Optional[str] = None,  # noqa: N803
        Query: str = "SELECT 1",  # noqa: N803
        Socket: Optional[str] = None,  # noqa: N803
        Timeout: float = 5.0,  # noqa: N803
    ) -> dict[str, Any]:
        pymysql = driver(*DRIVER)
        try:
            connection = pymysql.connect(
                host=Host,
                port=int(Port),
                user=User,
                password=Password,
                database=Database,
                connect_timeout=Timeout,
                read_timeout=Timeout,
                write_timeout=Timeout,
                charset="utf8mb4",
                autocommit=True,  # a statement that writes is kept, as in the mysql client
                defer_connect=Socket is not None,
            )
            if Socket is not None:  # connected here: PyMySQL leaves a failed one open
                connection.connect(_unix_socket(Socket, Timeout))
        except pymysql.Error as exc:
            return _error(pymysql, exc)
        except OSError as exc:
            return _os_error(exc)
        try:
            with connection.cursor() as cursor:
                cursor.execute(Query)
                rows = cursor.fetchall() if cursor.description else ()
        except pymysql.Error as exc:
            return _error(pymysql, exc)
        finally:
            connection.close()
        plain_rows = [[plain(value) for value in row] for row in rows]
        return {
            "Rows": plain_rows,
            "Result": plain_rows[0][0] if plain_rows and plain_rows[0] else None,
        }


def _unix_socket(path: str, timeout: float) -> Any:
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(path)
    except BaseException:
        sock.close()
        raise
    return sock


def _os_error(exc: OSError) -> dict[str, Any]:
    from . import network_error

    if isinstance(exc, FileNotFoundError):
        return error_response("ConnectionRefused", str(exc))  # no socket: not listening
    return network_error(exc)


_NO_ANSWER = (
    ("ConnectionRefused", ("refused", "no such file")),
    ("Timeout", ("timed out", "timeout")),
    ("NameResolutionFailed", ("name or service not known", "nodename nor servname")),
)
"""The codes of a connection the server never answered, by the words of its reason."""


def _error(pymysql: Any, exc: Exception) -> dict[str, Any]:
    """PyMySQL's exception as an error response with a stable code."""
    args: tuple[Any, ...] = tuple(getattr(exc, "args", ()))
    number = args[0] if args and isinstance(args[0], int) else None
    message = " ".join(str(args[1] if len(args) > 1 else exc).split())
    if number in _NUMBERS:
        return error_response(_NUMBERS[number], message)
    if number == 2003 or (isinstance(exc, pymysql.OperationalError) and number is None):
        return worded_error(message, _NO_ANSWER, "ConnectionError")  # the reason's words
    if number is not None and 2000 <= number < 3000:  # the client's own: lost, gone away
        return worded_error(message, (("Timeout", ("timed out",)),), "ConnectionError")
    return error_response("QueryFailed", message)


@final
class MysqlService(DriverService):
    name = "mysql"
    summary = "a MySQL or MariaDB query"
    requires = DRIVER

    def client(self) -> MysqlClient:
        return MysqlClient()
