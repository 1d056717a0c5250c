"""Short targets: ``waitable wait tcp db:5432`` for ``tcp PortOpen -p Host=db -p Port=5432``.

Where a waiter's name goes, a built-in service also takes what people write for it: a
``HOST:PORT``, a URL, a path. It stands for the service's usual waiter and the
parameters the target spells; every other waiter and parameter is still given in full.
A word shaped as a waiter name (``PortOpen``, ``PortOpn``) is always a waiter name.
"""

from __future__ import annotations

from .exits import BadInput

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

Found = tuple[str, dict[str, str]]


def short_target(service: str, text: str) -> Found | None:
    """The waiter and parameters ``text`` stands for, for built-in ``service``; None when
    ``text`` is shaped as a waiter name (or the service takes no short target).
    ``BadInput`` when it is neither a waiter name nor a target of that service."""
    if text[:1].isupper() and text.isascii() and text.isalnum():
        return None  # a waiter name, known or not (a misspelling gets its suggestions)
    rule = RULES.get(service)
    if rule is None:
        return None
    parse, shape = rule
    found = parse(text)
    if found is None:
        raise BadInput(
            f"{service}: {text!r} is neither a waiter name nor {shape} "
            f"(`waitable list {service}` lists the waiters)"
        )
    return found


def _host_port(text: str) -> tuple[str, str] | None:
    """``HOST:PORT`` (``[::1]:5432`` for IPv6), the port 1..65535."""
    host, colon, port = text.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    if any(char.isspace() or char in "/@" for char in host):
        return None
    return host, str(int(port))


def _tcp(text: str) -> Found | None:
    found = _host_port(text)
    return None if found is None else ("PortOpen", {"Host": found[0], "Port": found[1]})


def _http(text: str) -> Found | None:
    if not text.lower().startswith(("http://", "https://")):
        return None
    return "UrlReady", {"Url": text}


def _postgres(text: str) -> Found | None:
    """A URL (``postgresql://``, ``postgres://``) or a ``key=value`` connection string,
    given to libpq as ``Dsn``."""
    lowered = text.lower()
    if lowered.startswith(("postgresql://", "postgres://")) or "=" in text:
        return "PostgresReady", {"Dsn": text}
    return None


def _redis(text: str) -> Found | None:
    """``redis://[[user]:password@]host[:port][/db]``, ``rediss://`` (TLS), or
    ``HOST:PORT``."""
    if "://" not in text:
        found = _host_port(text)
        return None if found is None else ("RedisReady", {"Host": found[0], "Port": found[1]})
    url = _url(text, ("redis", "rediss"))
    if url is None:
        return None
    scheme, params, path = url
    if "User" in params:
        params["Username"] = params.pop("User")
    database = path.strip("/")
    if database:
        if not database.isdigit():
            return None
        params["Db"] = database
    if scheme == "rediss":
        params["Tls"] = "true"
    return "RedisReady", params


def _url(text: str, schemes: tuple[str, ...]) -> tuple[str, dict[str, str], str] | None:
    """A URL of one of ``schemes``, without query or fragment: its scheme,
    ``{"Host", "Port", "User", "Password"}`` (those it gives, decoded) and its path."""
    from urllib.parse import unquote, urlsplit  # (not at start: only a URL target needs it)

    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in schemes or not parts.hostname or parts.query or parts.fragment:
        return None
    params = {"Host": parts.hostname}
    if port is not None:
        params["Port"] = str(port)
    if parts.username:
        params["User"] = unquote(parts.username)
    if parts.password is not None:
        params["Password"] = unquote(parts.password)
    return scheme, params, parts.path


def _mysql(text: str) -> Found | None:
    """``mysql://[user[:password]@]host[:port][/database]`` (``mariadb://`` too), or
    ``HOST:PORT``."""
    if "://" not in text:
        found = _host_port(text)
        return None if found is None else ("MysqlReady", {"Host": found[0], "Port": found[1]})
    url = _url(text, ("mysql", "mariadb"))
    if url is None:
        return None
    from urllib.parse import unquote

    _, params, path = url
    database = unquote(path[1:]) if path.startswith("/") else ""
    if "/" in database:
        return None
    if database:
        params["Database"] = database
    return "MysqlReady", params


def _rabbitmq(text: str) -> Found | None:
    """``amqp://[user[:password]@]host[:port][/vhost]`` (the virtual host URL-encoded:
    ``%2F`` is ``/``, the default when none is given), or ``HOST:PORT``."""
    if "://" not in text:
        found = _host_port(text)
        return None if found is None else ("BrokerReady", {"Host": found[0], "Port": found[1]})
    url = _url(text, ("amqp",))
    if url is None:
        return None
    _, params, path = url
    if "User" in params:
        params["Username"] = params.pop("User")
    if path.startswith("/") and len(path) > 1:
        if "/" in path[1:]:
            return None
        from urllib.parse import unquote

        params["VirtualHost"] = unquote(path[1:])
    return "BrokerReady", params


def _grpc(text: str) -> Found | None:
    """``HOST:PORT``: the server's health as a whole."""
    found = _host_port(text)
    return None if found is None else ("HealthServing", {"Host": found[0], "Port": found[1]})


def _file(text: str) -> Found | None:
    return ("PathExists", {"Path": text}) if text else None


RULES: dict[str, tuple[Callable[[str], Found | None], str]] = {
    "tcp": (_tcp, "HOST:PORT"),
    "http": (_http, "an http:// or https:// URL"),
    "postgres": (_postgres, "a postgresql:// URL or a key=value connection string"),
    "redis": (_redis, "a redis:// or rediss:// URL (or HOST:PORT)"),
    "mysql": (_mysql, "a mysql:// or mariadb:// URL (or HOST:PORT)"),
    "rabbitmq": (_rabbitmq, "an amqp:// URL (or HOST:PORT)"),
    "grpc": (_grpc, "HOST:PORT"),
    "file": (_file, "a path"),
}
"""Each built-in service's short target: how it reads one, and what it takes, in words."""
