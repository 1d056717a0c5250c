"""The ``http`` service: one HTTP request per attempt, on the standard library."""

from __future__ import annotations

import contextlib
import json
from typing import Any, Mapping, Optional

from ._responses import check_query, network_error, query


class HttpClient:
    """``Request``: one HTTP request. A 4xx or 5xx answer is a response, not an error.

    Returns ``{"Status", "Headers", "Body", "Json"}`` (``Json`` when the body is JSON),
    with ``ResponseMetadata.HTTPStatusCode`` for ``status`` matchers; with ``Query``
    (JMESPath over ``Json``), ``QueryResult``.
    """

    # Parameters are spelled with Optional: the command reads these annotations (typed
    # -p values), and ``X | None`` does not evaluate on Python 3.9.
    def request(
        self,
        Url: str,  # noqa: N803 - operation parameters are named as in the waiter files
        Method: str = "GET",  # noqa: N803
        Headers: Optional[Mapping[str, str]] = None,  # noqa: N803
        Body: Optional[str] = None,  # noqa: N803
        Timeout: float = 10.0,  # noqa: N803
        Query: Optional[str] = None,  # noqa: N803
    ) -> dict[str, Any]:
        import urllib.error
        import urllib.request

        data = None if Body is None else Body.encode("utf-8")
        request = urllib.request.Request(Url, data=data, method=Method, headers=dict(Headers or {}))
        try:
            with urllib.request.urlopen(request, timeout=Timeout) as answer:
                status, headers, raw = answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as answer:
            status, headers, raw = answer.code, dict(answer.headers or {}), answer.read()
        except urllib.error.URLError as exc:
            reason = exc.reason
            return network_error(reason if isinstance(reason, BaseException) else exc)
        except OSError as exc:
            return network_error(exc)
        body = raw.decode("utf-8", errors="replace")
        response: dict[str, Any] = {
            "Status": status,
            "Headers": headers,
            "Body": body,
            "ResponseMetadata": {"HTTPStatusCode": status},
        }
        with contextlib.suppress(ValueError):
            response["Json"] = json.loads(body)
        if Query is not None:
            response["QueryResult"] = query(response.get("Json"), Query)
        return response


def describe_response(response: Any) -> str:
    """``HTTP 200``: what a progress line says of a response."""
    return f"HTTP {response['Status']}" if "Status" in response else ""


def _url(value: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"takes an http:// or https:// URL, got {value!r}"
    return ""


PARAMETER_CHECKS = {"Url": _url, "Query": check_query}
"""What the command checks of a parameter before the first call."""
ACCEPTOR_PARAMETERS = {"Status": int, "Expected": Any}
"""Parameters only the bundled waiters' acceptors read, and their types."""
