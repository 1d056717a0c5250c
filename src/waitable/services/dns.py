"""The ``dns`` service: resolve a name per attempt.

Without ``Server``, the system's resolver answers (``getaddrinfo``: ``/etc/hosts``, the
configured DNS servers), for ``A`` and ``AAAA``. With ``Server`` (``host`` or
``host:port``), that DNS server is asked directly, for any record type, through
dnspython (``pip install 'waitable[dns]'``).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Mapping
from typing import Any, ClassVar, Optional, final

from . import Check, Service, error_response, network_error

INSTALL_HINT = "asking a DNS server directly needs dnspython: pip install 'waitable[dns]'"
_FAMILIES = {"A": socket.AF_INET, "AAAA": socket.AF_INET6}


class DnsClient:
    """``Resolve``: ``{"Name", "Type", "Records": [...]}`` (addresses for ``A`` and
    ``AAAA``, the record's text otherwise), or an error response: ``NameNotFound`` (the
    name does not exist), ``NoRecords`` (it has none of that type), ``Timeout``,
    ``NameResolutionFailed`` (the system resolver's other failures)."""

    def resolve(
        self,
        Name: str,  # noqa: N803
        Type: str = "A",  # noqa: N803
        Server: Optional[str] = None,  # noqa: N803
        Timeout: float = 2.0,  # noqa: N803
    ) -> dict[str, Any]:
        kind = Type.upper()
        if Server is None and kind not in _FAMILIES:
            return error_response(
                "InvalidParameter",
                f"the system resolver looks up A and AAAA records; for {kind}, give Server",
            )
        if Server is not None:
            records = _ask_server(Name, kind, Server, Timeout)
        else:
            records = _ask_system(Name, kind, Timeout)
        if isinstance(records, dict):
            return records
        return {"Name": Name, "Type": kind, "Records": records}


def _ask_system(name: str, kind: str, timeout: float) -> list[str] | dict[str, Any]:
    """``getaddrinfo`` in a thread, so that ``Timeout`` holds (it takes no timeout)."""
    found: list[Any] = []

    def look_up() -> None:
        try:
            found.append(socket.getaddrinfo(name, None, _FAMILIES[kind], socket.SOCK_STREAM))
        except OSError as exc:
            found.append(exc)

    worker = threading.Thread(target=look_up, daemon=True)
    worker.start()
    worker.join(timeout)
    if not found:
        return error_response("Timeout", f"resolving {name} took longer than {timeout:g} s")
    if isinstance(found[0], socket.gaierror) and found[0].errno in _MISSING:
        return error_response("NameNotFound", f"{name}: {found[0].strerror}")
    if isinstance(found[0], OSError):
        return network_error(found[0])
    return sorted({str(entry[4][0]) for entry in found[0]})


# getaddrinfo's "no such name" answers (EAI_NONAME; EAI_NODATA where the platform has it)
_MISSING = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}


def _ask_server(name: str, kind: str, server: str, timeout: float) -> list[str] | dict[str, Any]:
    try:
        import dns.exception
        import dns.resolver
    except ImportError:
        raise ImportError(INSTALL_HINT) from None
    host, port = _host_port(server)
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [host]
    resolver.port = int(port) if port else 53
    try:
        answer = resolver.resolve(name, kind, lifetime=timeout, search=False)
    except dns.resolver.NXDOMAIN:
        return error_response("NameNotFound", f"{name} does not exist (asked {server})")
    except dns.resolver.NoAnswer:
        return error_response("NoRecords", f"{name} has no {kind} record (asked {server})")
    except dns.exception.Timeout:
        return error_response("Timeout", f"{server} did not answer within {timeout:g} s")
    except dns.exception.DNSException as exc:
        return error_response("DnsError", f"{type(exc).__name__}: {exc}")
    return sorted(record.to_text() for record in answer)


def _type(value: str) -> str:
    if value.upper() in _FAMILIES:
        return ""
    return "" if value.isalnum() else f"takes a record type (A, AAAA, CNAME, TXT), got {value!r}"


def _host_port(server: str) -> tuple[str, str]:
    """``host:port`` split (an IPv6 address, with several colons, has no port here)."""
    host, _, port = server.rpartition(":") if server.count(":") == 1 else (server, "", "")
    return host, port


def _server(value: str) -> str:
    host, port = _host_port(value)
    if not host or (value.count(":") == 1 and not port.isdigit()):
        return f"takes an address, or address:port, got {value!r}"
    from . import installed  # looked up when used: tests replace it

    return "" if installed("dns") else INSTALL_HINT


@final
class DnsService(Service):
    """``dns``: ``Expected`` is ``Optional``, so ``NameResolves`` may be given none."""

    name = "dns"
    summary = "resolve a name"
    parameter_checks: ClassVar[Mapping[str, Check]] = {"Type": _type, "Server": _server}
    acceptor_parameters: ClassVar[Mapping[str, Any]] = {"Expected": Optional[str]}

    def client(self) -> DnsClient:
        return DnsClient()

    def describe_result(self, response: Mapping[str, Any]) -> str:
        """``10.0.0.5``, ``2 records``."""
        records = response.get("Records") or []
        return str(records[0]) if len(records) == 1 else f"{len(records)} records"
