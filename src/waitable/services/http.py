"""The ``http`` service: one HTTP request per attempt, on the standard library."""

from __future__ import annotations

import contextlib
import json
import os
import re
import urllib.error
import urllib.request
from functools import lru_cache
from typing import Any, ClassVar, Mapping, Optional, Union, final

from . import Check, Service, check_query, error_response, network_error, query


class HttpClient:
    """``Request``: one HTTP request. A 4xx or 5xx answer is a response, not an error.

    Returns ``{"Status", "Headers", "Body", "Json"}`` (``Json`` when the body is JSON),
    with ``ResponseMetadata.HTTPStatusCode`` for ``status`` matchers; with ``Query``
    (JMESPath over ``Json``), ``QueryResult``; with a ``Retry-After`` header,
    ``RetryAfter`` in seconds (``retry_after`` gives it to a waiter, which then waits at
    least that long, within its deadline).

    TLS: ``CaFile`` (PEM certificates to trust instead of the system's), ``ClientCert``
    and ``ClientKey`` (a client certificate, the key in the same file or its own),
    ``Insecure`` (no verification at all). ``FollowRedirects=False`` returns a 3xx
    answer as it is (``Headers.Location``) instead of following it.

    Checks of the answer: ``BodyMatches`` (a regular expression searched in the body)
    adds ``BodyMatched``; ``HeaderMatches`` (``"Name: regex"``, the regular expression
    searched in that header's value; ``"Name"``: the header is there; or a list of them,
    all to hold) adds ``HeaderMatched``. A pattern that is not a regular expression is
    an ``InvalidParameter`` error response.
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
        FollowRedirects: bool = True,  # noqa: N803
        CaFile: Optional[str] = None,  # noqa: N803
        ClientCert: Optional[str] = None,  # noqa: N803
        ClientKey: Optional[str] = None,  # noqa: N803
        Insecure: bool = False,  # noqa: N803
        BodyMatches: Optional[str] = None,  # noqa: N803
        HeaderMatches: Union[str, list[str], None] = None,  # noqa: N803
    ) -> dict[str, Any]:
        try:
            body_pattern = None if BodyMatches is None else re.compile(BodyMatches)
        except (re.error, TypeError):
            return error_response("InvalidParameter", f"BodyMatches: {_regex(BodyMatches)}")
        try:
            header_checks = None if HeaderMatches is None else _header_checks(HeaderMatches)
        except ValueError as exc:
            return error_response("InvalidParameter", str(exc))
        data = None if Body is None else Body.encode("utf-8")
        request = urllib.request.Request(Url, data=data, method=Method, headers=dict(Headers or {}))
        try:
            opener = _opener(FollowRedirects, CaFile, ClientCert, ClientKey, Insecure)
        except _UnusableFileError as exc:
            return error_response("InvalidParameter", str(exc))
        try:
            with opener.open(request, timeout=Timeout) as answer:
                status, message, raw = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as answer:
            status, message, raw = answer.code, answer.headers, answer.read()
        except urllib.error.URLError as exc:
            reason = exc.reason
            return network_error(reason if isinstance(reason, BaseException) else exc)
        except OSError as exc:
            return network_error(exc)
        headers = dict(message or {})
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
        if body_pattern is not None:
            response["BodyMatched"] = body_pattern.search(body) is not None
        if header_checks is not None:
            response["HeaderMatched"] = all(
                any(pattern.search(value) for value in (message.get_all(name) or ()))
                for name, pattern in header_checks
            )
        later = _seconds_from(headers)
        if later is not None:
            response["RetryAfter"] = later
        return response


def _header_checks(given: str | list[str]) -> list[tuple[str, re.Pattern[str]]]:
    """``"Name: regex"`` (``"Name"``: any value) checks as (name, compiled pattern);
    ``ValueError`` naming the one that is not a header name and a regular expression."""
    checks = []
    for check in [given] if isinstance(given, str) else given:
        if not isinstance(check, str):
            raise ValueError(f"HeaderMatches: takes 'Name: regex' texts, got {check!r}")
        name, _, pattern = check.partition(":")
        name = name.strip()
        if not name or not _TOKEN.fullmatch(name):
            raise ValueError(
                f"HeaderMatches: takes 'Name: regex' (a header's name, then a regular "
                f"expression searched in its value), got {check!r}"
            )
        try:
            checks.append((name, re.compile(pattern.strip())))
        except re.error as exc:
            raise ValueError(
                f"HeaderMatches: {pattern.strip()!r} is not a regular expression ({exc})"
            ) from None
    return checks


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110's field name


def retry_after(response: Any) -> Optional[float]:
    """The seconds a response asks to wait (its ``Retry-After``), for ``retry_after=``."""
    if isinstance(response, Mapping):
        seconds = response.get("RetryAfter")
        if isinstance(seconds, (int, float)):
            return float(seconds)
    return None


def _seconds_from(headers: Mapping[str, str]) -> Optional[float]:
    """``Retry-After`` in seconds from now: a number of seconds or an HTTP date."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # not a form RFC 9110 allows: no advice
    import time

    return max(when.timestamp() - time.time(), 0.0)


@lru_cache(maxsize=32)
def _opener(
    follow: bool,
    ca_file: Optional[str],
    client_cert: Optional[str],
    client_key: Optional[str],
    insecure: bool,
) -> Any:
    """A urllib opener for these options, built once (a TLS context loads certificates)."""
    handlers: list[Any] = []
    if not follow:
        handlers.append(_NoRedirects())
    if ca_file or client_cert or insecure:
        import ssl

        try:
            context = ssl.create_default_context(cafile=ca_file)
        except (OSError, ValueError) as exc:
            raise _UnusableFileError(f"CaFile {ca_file!r}: {exc}") from None
        if client_cert:
            try:
                context.load_cert_chain(client_cert, client_key)
            except (OSError, ValueError) as exc:
                key = f"ClientKey {client_key!r}" if client_key else "no ClientKey"
                raise _UnusableFileError(
                    f"ClientCert {client_cert!r} with {key}: {exc} (give the certificate's "
                    "private key as ClientKey, or in the same file)"
                ) from None
        if insecure:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        handlers.append(urllib.request.HTTPSHandler(context=context))
    return urllib.request.build_opener(*handlers)


class _UnusableFileError(ValueError):
    """A TLS file that cannot be used as given (a certificate without its key): the
    request says ``InvalidParameter``, which the bundled waiters fail on at once."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx answer is the response: the caller asked not to follow it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _url(value: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"takes an http:// or https:// URL, got {value!r}"
    return ""


def _regex(value: Any) -> str:
    try:
        re.compile(value)
    except (re.error, TypeError) as exc:
        return f"takes a regular expression, got {value!r} ({exc})"
    return ""


def _header_check(value: Any) -> str:
    try:
        _header_checks(value)
    except ValueError as exc:
        return str(exc).partition(": ")[2]
    return ""


def _file(value: str) -> str:
    return "" if os.path.isfile(value) else f"takes a file that exists, got {value!r}"


def _certificates(value: str) -> str:
    """A file of PEM certificates (``CaFile``, ``ClientCert``): read as OpenSSL will."""
    problem = _file(value)
    if problem:
        return problem
    import ssl

    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=value)
    except (ssl.SSLError, ValueError) as exc:
        return f"takes a PEM file of certificates, got {value!r} ({exc})"
    return ""


@final
class HttpService(Service):
    """``http``: its checks of URLs, files and queries; it honours ``Retry-After``."""

    name = "http"
    summary = "an HTTP request"
    parameter_checks: ClassVar[Mapping[str, Check]] = {
        "Url": _url,
        "Query": check_query,
        "CaFile": _certificates,
        "ClientCert": _certificates,
        "ClientKey": _file,
        "BodyMatches": _regex,
        "HeaderMatches": _header_check,
    }
    acceptor_parameters: ClassVar[Mapping[str, Any]] = {
        "Status": int,
        "Expected": Any,
        "BodyMatches": Optional[str],
        "HeaderMatches": Union[str, list[str], None],
    }

    def client(self) -> HttpClient:
        return HttpClient()

    def retry_after(self, response: Any) -> Optional[float]:
        return retry_after(response)  # the module's function

    def describe_result(self, response: Mapping[str, Any]) -> str:
        if "Status" not in response:
            return ""
        words = [f"HTTP {response['Status']}"]
        if response.get("BodyMatched") is False:
            words.append("body does not match")
        if response.get("HeaderMatched") is False:
            words.append("header does not match")
        return ", ".join(words)

    def check_together(self, params: Mapping[str, Any]) -> str:
        """A client certificate must load with its key (given, or in the same file)."""
        if not params.get("ClientCert"):
            return ""
        try:
            _opener(
                True, params.get("CaFile"), params["ClientCert"], params.get("ClientKey"), False
            )
        except _UnusableFileError as exc:
            return str(exc)
        return ""
