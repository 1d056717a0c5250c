"""Turning failures into botocore-style error responses, with stable codes."""

from __future__ import annotations

import socket
import sys
from typing import Any


def error_response(code: str, message: str) -> dict[str, Any]:
    """``{"Error": {"Code": code, "Message": message}}``: what acceptors match."""
    return {"Error": {"Code": code, "Message": message}}


def network_error(exc: BaseException) -> dict[str, Any]:
    """An OS-level failure as an error response with a stable code."""
    if isinstance(exc, ConnectionRefusedError):
        return error_response("ConnectionRefused", str(exc))
    if isinstance(exc, ConnectionResetError):
        return error_response("ConnectionReset", str(exc))
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return error_response("Timeout", str(exc) or "timed out")
    if isinstance(exc, socket.gaierror):
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
