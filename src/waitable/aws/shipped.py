"""The waiters and paginators botocore ships for a client's service and API version,
read through the client's own loader (so ``~/.aws/models`` and ``AWS_DATA_PATH`` apply
as in botocore), compiled once per service, version and search path, and shared; and
waitable's own waiters for operations AWS ships none for (``waiters/aws/``)."""

from __future__ import annotations

import os
import threading
from typing import Any

from .._core.documents import bundled_file, plain
from .._model import Model, OnFirstUse, load, load_document
from .._paginators.format import compile_paginator, top_paginators
from .._waiters.botocore_format import compile_waiter, top_waiters
from .clients import service_model

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
    models = []
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
