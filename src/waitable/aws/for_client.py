"""``for_client``: every waiter a client can use, by name.

For a botocore client (boto3, aiobotocore: recognised by ``client.meta.service_model``)
the waiters botocore ships for its service and API version come first, then waitable's
bundled waiters for services AWS ships none for (``waiters/aws/<service>.json``), then
``<service>.json`` from each directory of the ``WAITABLE_PATH`` search path, then the
sources given. A later waiter with the name of an earlier one overrides it, with a
warning naming both files.
"""

from __future__ import annotations

import os
from typing import Any

from .._core.documents import Source
from .._core.resources import bundled_file
from .._load import Model, load
from .._registry import ClientWaiters, search_path_files
from .clients import service_model


def for_client(client: Any, *sources: Source, service: str | None = None) -> ClientWaiters:
    """Every waiter ``client`` can use: botocore's shipped ones for a botocore client,
    waitable's bundled extras, the search path's and ``sources`` (paths or dicts, either
    format); see the module's docstring for the order.

    ``service`` names the service of a client that is not a botocore client (its
    ``<service>.json`` is looked up on the search path); for a botocore client it
    defaults to the client's own.
    """
    models: list[Model] = []
    aws = service_model(client)
    if aws is not None:
        from .shipped import shipped_models  # compiles botocore's own files

        service = service or aws.service_name
        models.extend(shipped_models(client))
        extra = bundled_file("aws", f"{service}.json")
        if os.path.isfile(extra):
            models.append(load(extra))
    if service is not None:
        models.extend(load(path) for path in search_path_files(service))
    models.extend(load(source) for source in sources)
    return ClientWaiters(client, service, models)
