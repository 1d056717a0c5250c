"""A client's waiters and paginators by name, from several sources, bound on request.

``ClientWaiters`` holds compiled ``Model`` objects in order; a later waiter (or
paginator) with the name of an earlier one overrides it, with a warning naming both
files. The search
path (``WAITABLE_PATH``: directories, ``os.pathsep``-separated) adds ``<service>.json``
from each directory that has one; nothing outside those directories is read.
"""

from __future__ import annotations

import os
import re
import warnings
from typing import TYPE_CHECKING, Any, Iterable

from ._core.errors import UnknownWaiterError
from ._core.operations import real_name, spelled_like
from ._core.text import did_you_mean

if TYPE_CHECKING:  # types only: a waiter's modules are imported when one is bound
    from typing_extensions import Unpack

    from ._load import Model
    from ._paginators.definitions import PaginatorDefinition
    from ._paginators.paginator import AsyncPaginator, Paginator
    from ._waiters.definitions import WaiterDefinition
    from ._waiters.options import AsyncWaiterOptions, WaiterOptions
    from ._waiters.waiter import AsyncWaiter, Waiter

SEARCH_PATH = "WAITABLE_PATH"
"""The environment variable of the search path: directories, ``os.pathsep``-separated."""

_SERVICE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\Z")  # a file name, never a path


class ClientWaiters:
    """The waiters and paginators available to one client, by name (``TableExists`` or
    ``table_exists``)."""

    __slots__ = ("_paginators", "_waiters", "client", "service")

    client: Any
    service: str | None
    """The service name (``dynamodb``), or None for a client that names none."""
    _waiters: dict[str, Model]
    _paginators: dict[str, Model]

    def __init__(self, client: Any, service: str | None, models: Iterable[Model]) -> None:
        self.client = client
        self.service = service
        self._waiters = {}
        self._paginators = {}
        for model in models:
            _add(self._waiters, model.waiters, model, "waiter")
            _add(self._paginators, model.paginators, model, "paginator")

    def with_client(self, client: Any) -> ClientWaiters:
        """The same waiters and paginators, bound to another client (a wrapper of it)."""
        other = ClientWaiters(client, self.service, ())
        other._waiters, other._paginators = self._waiters, self._paginators
        return other

    def __repr__(self) -> str:
        name = self.service or type(self.client).__name__
        return (
            f"<ClientWaiters {name}: {len(self._waiters)} waiters, "
            f"{len(self._paginators)} paginators>"
        )

    @property
    def waiter_names(self) -> list[str]:
        """Every waiter's name as its file writes it, sorted."""
        return sorted(self._waiters)

    @property
    def paginator_names(self) -> list[str]:
        """Every paginator's name as its file writes it, sorted."""
        return sorted(self._paginators)

    def source_of(self, name: str) -> str:
        """The file (or ``botocore:...`` model) the waiter ``name`` comes from."""
        return self._find(self._waiters, name, "waiter")[0].source

    def definition(self, name: str) -> WaiterDefinition:
        model, real = self._find(self._waiters, name, "waiter")
        return model.waiters[real]

    def paginator(self, name: str) -> PaginatorDefinition:
        model, real = self._find(self._paginators, name, "paginator")
        return model.paginators[real]

    def get_paginator(self, name: str) -> Paginator:
        """``Model.get_paginator`` for this client."""
        model, real = self._find(self._paginators, name, "paginator")
        return model.get_paginator(real, self.client)

    def get_async_paginator(self, name: str) -> AsyncPaginator:
        """``Model.get_async_paginator`` for this client (aiobotocore)."""
        model, real = self._find(self._paginators, name, "paginator")
        return model.get_async_paginator(real, self.client)

    def get_waiter(self, name: str, **options: Unpack[WaiterOptions]) -> Waiter:
        """``WaiterModel.get_waiter`` for this client: the same keyword options."""
        model, real = self._find(self._waiters, name, "waiter")
        return model.get_waiter(real, self.client, **options)

    def get_async_waiter(self, name: str, **options: Unpack[AsyncWaiterOptions]) -> AsyncWaiter:
        """``WaiterModel.get_async_waiter`` for this client (aiobotocore): the same
        keyword options."""
        model, real = self._find(self._waiters, name, "waiter")
        return model.get_async_waiter(real, self.client, **options)

    def _find(self, table: dict[str, Model], name: str, kind: str) -> tuple[Model, str]:
        real = real_name(table, name)
        if real is not None:
            return table[real], real
        spellings = spelled_like(name, table)  # suggestions in the caller's spelling
        raise UnknownWaiterError(
            f"{self.service or type(self.client).__name__}: no {kind} named {name!r}"
            f"{did_you_mean(name, spellings)}; {kind}s: {', '.join(sorted(table)) or 'none'}"
        )


def _add(table: dict[str, Model], names: Iterable[str], model: Model, kind: str) -> None:
    for name in names:
        earlier = table.get(name)
        if earlier is not None:
            warnings.warn(
                f"{kind} {name!r} of {model.source} overrides the one of {earlier.source}",
                stacklevel=4,
            )
        table[name] = model


def search_path_files(service: str) -> list[str]:
    """``<service>.json`` in each directory of ``WAITABLE_PATH`` that has one, in order.

    ``service`` must be a plain service name: nothing outside those directories is read.
    """
    if not _SERVICE_NAME.match(service):
        raise ValueError(f"not a service name: {service!r} (lower-case letters, digits, -)")
    found = []
    for directory in os.environ.get(SEARCH_PATH, "").split(os.pathsep):
        if directory:
            path = os.path.join(directory, f"{service}.json")
            if os.path.isfile(path):
                found.append(path)
    return found
