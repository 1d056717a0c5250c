"""The waiters botocore ships for a client's service and API version, read through the
client's own loader (so ``~/.aws/models`` and ``AWS_DATA_PATH`` apply as in botocore),
compiled once per service, version and search path, and shared between clients."""

from __future__ import annotations

import threading
from typing import Any

from .._core.documents import plain
from .._waiters.botocore_format import compile_on_use
from .._waiters.load import compile_document
from .._waiters.model import WaiterModel

_cache: dict[tuple[Any, ...], WaiterModel | None] = {}
_lock = threading.Lock()


def service_model(client: Any) -> Any:
    """``client.meta.service_model`` for a botocore (boto3, aiobotocore) client, else None."""
    return getattr(getattr(client, "meta", None), "service_model", None)


def shipped_waiters(client: Any) -> WaiterModel | None:
    """botocore's ``waiters-2.json`` for ``client``'s service, compiled; None if botocore
    ships none for it."""
    model = service_model(client)
    service, version = model.service_name, model.api_version
    loader = getattr(client, "_loader", None)  # the loader botocore's get_waiter reads with
    if loader is None:
        from botocore.loaders import create_loader

        loader = create_loader()
    key = (service, version, tuple(getattr(loader, "search_paths", ())))
    with _lock:
        if key in _cache:
            return _cache[key]
        _cache[key] = found = _load(loader, service, version)
        return found


def _load(loader: Any, service: str, version: str) -> WaiterModel | None:
    from botocore.exceptions import DataNotFoundError

    try:
        # The file botocore's get_waiter reads, found on the same search paths; without
        # load_service_model's listing of every service directory first (~5 ms, cold).
        document = loader.load_data(f"{service}/{version}/waiters-2")
    except DataNotFoundError:
        return None
    source = f"botocore:{service}/{version}/waiters-2.json"
    return compile_on_use(document, source) or compile_document(plain(document), source)
