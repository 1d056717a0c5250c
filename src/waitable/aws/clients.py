"""botocore's clients and files: making a client from command-line options, what the
command needs to know about AWS responses and errors, and the waiters and paginators
botocore ships for a client's service and API version (read through the client's own
loader, so ``~/.aws/models`` and ``AWS_DATA_PATH`` apply as in botocore; compiled once
per service, version and search path, each definition on first use), with waitable's
own waiters for operations AWS ships none for (``waiters/aws/``)."""

from __future__ import annotations

import datetime
import os
import threading
from collections.abc import Mapping
from typing import Any, List

from .._core.documents import bundled_file, plain
from .._core.operations import service_model
from .._core.text import did_you_mean
from .._errors import ConfigError, UnknownServiceError
from .._model import Model, OnFirstUse, load, load_document
from .._paginators.format import compile_paginator, top_paginators
from .._waiters.botocore_format import compile_waiter, top_waiters

INSTALL_HINT = "AWS services need botocore: pip install 'waitable[aws]'"


DEFAULT_REGION = "us-east-1"
"""The region of a client made where none is configured: listing and showing need none."""


class ClientMaker:
    """Clients for one service through botocore's session, the credential chain boto3
    uses (environment, profiles, SSO, instance roles), without importing boto3; each with
    its own botocore ``Config``, on one session (a client then costs ~6 ms, not ~130).

    The region is ``region``, else ``AWS_REGION`` (as the aws CLI reads it; botocore does
    not), else botocore's (``AWS_DEFAULT_REGION``, the profile): ``None`` when there is
    none. An unknown service is an ``UnknownServiceError`` naming close ones, a region
    or endpoint URL botocore refuses a ``ConfigError``; without botocore, an
    ``ImportError`` saying what to install.
    """

    def __init__(
        self,
        service: str,
        *,
        region: str | None = None,
        profile: str | None = None,
        endpoint_url: str | None = None,
    ) -> None:
        try:
            import botocore.session
        except ImportError:
            raise ImportError(INSTALL_HINT) from None
        self.service = service
        self.endpoint_url = endpoint_url
        self._session = session = botocore.session.Session(profile=profile)
        self.region: str | None = (
            region or os.environ.get("AWS_REGION") or session.get_config_variable("region")
        )
        self._given_region = region is not None
        scheme = (endpoint_url or "http:").partition(":")[0].lower()
        if scheme not in ("http", "https"):  # botocore takes it; every call would fail
            raise self._bad_endpoint(" (http or https)")

    def __call__(self, config: Any) -> Any:
        """A client with botocore ``config`` (None: the configured one)."""
        from botocore.exceptions import InvalidRegionError
        from botocore.exceptions import UnknownServiceError as NoSuchService

        try:
            return self._session.create_client(
                self.service,
                region_name=self.region or DEFAULT_REGION,
                endpoint_url=self.endpoint_url,
                config=config,
            )
        except NoSuchService:
            names = self._session.get_available_services()
            raise UnknownServiceError(
                f"no service named {self.service!r}{did_you_mean(self.service, names)}", names
            ) from None
        except InvalidRegionError:
            where = "--region" if self._given_region else "the configured region"
            raise ConfigError(
                f"{self.service}: {where} {self.region!r}: not a region name (such as us-east-1)"
            ) from None
        except ValueError as exc:  # botocore: "Invalid endpoint: ..."
            if self.endpoint_url is None:
                raise
            raise self._bad_endpoint(f" ({exc})") from None

    def _bad_endpoint(self, why: str) -> ConfigError:
        return ConfigError(
            f"{self.service}: --endpoint-url {self.endpoint_url!r}: not a URL botocore can "
            f"call{why}; give scheme and host, such as http://localhost:4566"
        )

    def missing_region(self) -> str:
        """What to say when a call needs a region and none is configured, or ``""``."""
        if self.region is not None:
            return ""
        return (
            f"{self.service}: no AWS region configured; give --region REGION, or set "
            "AWS_REGION (or a region in the profile)"
        )


FULL_TIMEOUT = 60.0
"""Seconds: botocore's connect and read timeouts, which a call keeps while time allows."""
ATTEMPTS = 3
"""The tries of one call in botocore's standard retry mode (its default)."""
BACKOFF = 3.0
"""The most standard mode sleeps between those tries: up to 1 s, then up to 2 s."""
SHORTEST_TRY = 5.0
"""Seconds: a try given less than this would fail a slow but live endpoint; the call
then gets one try with all the time left instead."""
CONNECTION_ERRORS = ("ConnectionError", "HTTPClientError")
"""botocore's exception classes (by name, as acceptors name errors) of a call that got
no answer: refused, unreachable, timed out, cut off."""


def call_budget(left: float) -> tuple[float, int]:
    """``(timeout, tries)`` of one call that must end within ``left`` seconds: botocore's
    own (60 s, 3 tries) while they fit, then shorter tries, then one try with all of it.
    Each try's timeout bounds connecting and each read, so the call ends by then."""
    share = (left - BACKOFF) / ATTEMPTS
    if share >= SHORTEST_TRY:
        return min(share, FULL_TIMEOUT), ATTEMPTS
    return max(left, 0.05), 1


def call_config(timeout: float, tries: int) -> Any:
    """botocore's ``Config`` for a call of ``tries`` tries, each cut at ``timeout`` s."""
    from botocore.config import Config

    return Config(
        connect_timeout=timeout,
        read_timeout=timeout,
        retries={"mode": "standard", "total_max_attempts": tries},
    )


def session_client(service: str) -> Any:
    """A client of boto3's default session (its credentials and region), for a durable
    wait polled by a worker that was given no resolver."""
    try:
        import boto3
    except ImportError:
        raise ImportError(INSTALL_HINT) from None
    return boto3.client(service)


def describe_response(response: Any) -> str:
    """``HTTP 200``, or an error response's code: for a progress line."""
    if not isinstance(response, Mapping):
        return ""
    error = response.get("Error")
    if isinstance(error, Mapping):
        return str(error.get("Code"))
    metadata = response.get("ResponseMetadata")
    if isinstance(metadata, Mapping) and "HTTPStatusCode" in metadata:
        return f"HTTP {metadata['HTTPStatusCode']}"
    return ""


def required_parameters(client: Any, operation: str) -> set[str] | None:
    """The required input members of a botocore client's ``operation``, or None for a
    client that is not a botocore client."""
    model = service_model(client)
    if model is None or operation not in model.operation_names:
        return None
    shape = model.operation_model(operation).input_shape
    return set() if shape is None else set(shape.required_members)


_SHAPE_TYPES: dict[str, Any] = {
    "string": str,
    "blob": str,  # botocore encodes text
    "timestamp": datetime.datetime,  # -p: ISO 8601 text, or epoch seconds
    "integer": int,
    "long": int,
    "float": float,
    "double": float,
    "boolean": bool,
    "list": list,
    "map": Mapping,
    "structure": Mapping,
}
"""botocore's shape types as the Python types a ``-p`` value is checked against."""


def parameter_types(client: Any, operation: str) -> dict[str, Any] | None:
    """The top-level input members of a botocore client's ``operation`` and their Python
    types (nested members are left to botocore's own validation); None for a client that
    is not a botocore client, or an operation its model lacks."""
    model = service_model(client)
    if model is None or operation not in model.operation_names:
        return None
    shape = model.operation_model(operation).input_shape
    if shape is None:
        return {}
    return {name: _python_type(member) for name, member in shape.members.items()}


def _python_type(shape: Any) -> Any:
    """A member's Python type; a list of plain values as ``List[item]`` (``-p
    InstanceIds=i-1,i-2``)."""
    kind = _SHAPE_TYPES.get(shape.type_name, Any)
    if kind is list:
        item = _SHAPE_TYPES.get(getattr(getattr(shape, "member", None), "type_name", ""), Any)
        if item not in (list, Mapping, Any):
            return List[item]  # type: ignore[valid-type]
    return kind


def is_bad_input(exc: BaseException) -> bool | None:
    """For an error botocore raised outside any service response: True when the caller's
    input or setup is at fault (parameters, credentials, region, profile), False for
    other botocore errors (a connection failure), None for anything else."""
    try:
        from botocore import exceptions
    except ImportError:
        return None
    if not isinstance(exc, exceptions.BotoCoreError):
        return None
    return isinstance(
        exc,
        (
            exceptions.ParamValidationError,
            exceptions.NoCredentialsError,
            exceptions.PartialCredentialsError,
            exceptions.NoRegionError,
            exceptions.ProfileNotFound,
        ),
    )


_cache: dict[tuple[Any, ...], list[Model]] = {}
_lock = threading.Lock()


def aws_models(client: Any, service: str | None) -> tuple[list[Model], str]:
    """Every model of a botocore ``client``: botocore's files, then waitable's bundled
    waiters for its service (``service``, else the client's); and that service name."""
    models = list(shipped_models(client))
    service = service or service_model(client).service_name
    extra = bundled_file("aws", f"{service}.json")
    if os.path.isfile(extra):
        models.append(load(extra))
    return models, service


def shipped_models(client: Any) -> list[Model]:
    """botocore's ``waiters-2.json`` and ``paginators-1.json`` for ``client``'s service,
    compiled (those it ships)."""
    model = service_model(client)
    service, version = model.service_name, model.api_version
    loader = getattr(client, "_loader", None)  # the loader botocore's get_waiter reads with
    if loader is None:
        from botocore.loaders import create_loader

        loader = create_loader()
    key = (service, version, tuple(getattr(loader, "search_paths", ())))
    with _lock:
        found = _cache.get(key)
        if found is None:
            found = _cache[key] = _load(loader, f"{service}/{version}")
        return found


def _load(loader: Any, prefix: str) -> list[Model]:
    # The files botocore's get_waiter and get_paginator read, found on the same search
    # paths, with the paginators' sdk-extras merged as botocore merges them; without
    # load_service_model's listing of every service directory first (~10 ms, cold).
    # botocore ships no waiters-2 extras (a test keeps it so).
    models: list[Model] = []
    # Each definition compiles on first use, as botocore builds only what is asked for;
    # a file whose top level is not valid is compiled whole, so its problems are named.
    waiters = _data(loader, f"{prefix}/waiters-2")
    if waiters is not None:
        source = f"botocore:{prefix}/waiters-2.json"
        problems: list[str] = []
        raw = top_waiters(waiters, source, problems)
        if raw is None or problems:
            models.append(load_document(plain(waiters), source))
        else:
            models.append(Model(source, OnFirstUse(raw, source, compile_waiter)))
    paginators = _data(loader, f"{prefix}/paginators-1")
    if paginators is not None:
        extras = _data(loader, f"{prefix}/paginators-1.sdk-extras")
        document = plain(paginators)
        if extras is not None:
            _merge(document, plain(extras.get("merge", {})))
        source = f"botocore:{prefix}/paginators-1.json"
        problems = []
        raw = top_paginators(document, source, problems)
        if raw is None or problems or not isinstance(raw, dict):
            models.append(load_document(document, source))
        else:
            models.append(Model(source, None, OnFirstUse(raw, source, compile_paginator)))
    return models


def _data(loader: Any, name: str) -> Any:
    from botocore.exceptions import DataNotFoundError

    try:
        return loader.load_data(name)
    except DataNotFoundError:
        return None


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
