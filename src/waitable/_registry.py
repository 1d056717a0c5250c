"""A client's waiters and paginators by name, from several sources, bound on request.

``for_client`` gathers them for any client: for a botocore client (boto3, aiobotocore:
recognised by ``client.meta.service_model``) the waiters and paginators botocore ships
for its service and API version come first, then waitable's bundled waiters for
operations AWS ships none for (``waitable.aws`` reads those, importing botocore); then,
for any client with a service name, ``<service>.json`` from each directory of the
``WAITABLE_PATH`` search path (``os.pathsep``-separated; nothing outside those
directories is read); then the sources given.

``ClientWaiters`` holds the compiled ``Model`` objects in that order; a later waiter
(or paginator) with the name of an earlier one overrides it, with an ``OverrideWarning``
naming both files. On the search path the first directory wins, as in ``PATH`` and
``AWS_DATA_PATH``: its files are added last.
"""

from __future__ import annotations

import os
import warnings

from ._core.frozen import Frozen, set_field
from ._core.operations import look_up, service_model
from ._core.text import caller_level
from ._errors import UnknownPaginatorError, UnknownWaiterError
from ._model import Model, bind_paginator, bind_waiter, load, waiter_ref

TYPE_CHECKING = False
if TYPE_CHECKING:  # types only: a waiter's modules are imported when one is bound
    from typing import Any, Iterable

    from typing_extensions import Unpack

    from ._core.documents import Source
    from ._paginators.definitions import PaginatorDefinition
    from ._paginators.paginator import AsyncPaginator, Paginator
    from ._waiters.definitions import WaiterDefinition
    from ._waiters.options import AsyncWaiterOptions, WaiterOptions
    from ._waiters.waiter import AsyncWaiter, Waiter

SEARCH_PATH = "WAITABLE_PATH"
"""The environment variable of the search path: directories, ``os.pathsep``-separated."""


class OverrideWarning(UserWarning):
    """A waiter (or paginator) of one source replaces the one of the same name of an
    earlier source; the message names both files. The command prints it as one line."""


_SERVICE_NAME = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
"""What a service name is made of (``[a-z0-9][a-z0-9-]*``): a file name, never a path."""


class ClientWaiters(Frozen):
    """The waiters and paginators available to one client, by name (``TableExists`` or
    ``table_exists``)."""

    __slots__ = ("client", "service", "_waiters", "_paginators")
    __eq__ = object.__eq__  # a client's waiters are a thing, not a value: identity
    __hash__ = object.__hash__

    client: Any
    service: str | None
    """The service name (``dynamodb``), or None for a client that names none."""
    _waiters: dict[str, Model]
    _paginators: dict[str, Model]

    def __init__(self, client: Any, service: str | None, models: Iterable[Model]) -> None:
        waiters: dict[str, Model] = {}
        paginators: dict[str, Model] = {}
        for model in models:
            _add(waiters, model.waiters, model, "waiter")
            _add(paginators, model.paginators, model, "paginator")
        set_field(self, "client", client)
        set_field(self, "service", service)
        set_field(self, "_waiters", waiters)
        set_field(self, "_paginators", paginators)

    def with_client(self, client: Any) -> ClientWaiters:
        """The same waiters and paginators, bound to another client (a wrapper of it)."""
        other = ClientWaiters(client, self.service, ())
        set_field(other, "_waiters", self._waiters)
        set_field(other, "_paginators", self._paginators)
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
        return self._waiters[look_up(self._waiters, name, UnknownWaiterError, self._where())].source

    def definition(self, name: str) -> WaiterDefinition:
        """The waiter called ``name`` (``TableExists``, or ``table_exists``)."""
        return self.find(name)[1]

    def find(self, name: str) -> tuple[str, WaiterDefinition]:
        """The waiter called ``name`` and the source it comes from, in one lookup."""
        real = look_up(self._waiters, name, UnknownWaiterError, self._where())
        model = self._waiters[real]
        return model.source, model.waiters[real]

    def paginator(self, name: str) -> PaginatorDefinition:
        """The paginator called ``name`` (``ListObjectsV2``, or ``list_objects_v2``)."""
        return self._paginator(name)[1]

    def get_waiter(self, name: str, **options: Unpack[WaiterOptions]) -> Waiter:
        """``Model.get_waiter`` for this client: the same keyword options."""
        source, definition = self.find(name)
        return bind_waiter(definition, self.client, source, options, ref=self.ref(name))

    def get_async_waiter(self, name: str, **options: Unpack[AsyncWaiterOptions]) -> AsyncWaiter:
        """``Model.get_async_waiter`` for this client (aiobotocore): the same options."""
        source, definition = self.find(name)
        ref = self.ref(name)
        return bind_waiter(definition, self.client, source, options, awaited=True, ref=ref)

    def ref(self, name: str) -> dict[str, str] | None:
        """How another process finds the waiter ``name`` of this client again (a durable
        wait's ``waiter``)."""
        source, definition = self.find(name)
        aws = service_model(self.client) is not None
        return waiter_ref(source, definition.name, self.service, aws)

    def get_paginator(self, name: str) -> Paginator:
        """``Model.get_paginator`` for this client."""
        source, definition = self._paginator(name)
        return bind_paginator(definition, self.client, source)

    def get_async_paginator(self, name: str) -> AsyncPaginator:
        """``Model.get_async_paginator`` for this client (aiobotocore)."""
        source, definition = self._paginator(name)
        return bind_paginator(definition, self.client, source, awaited=True)

    def _where(self) -> str:
        return self.service or type(self.client).__name__

    def _paginator(self, name: str) -> tuple[str, PaginatorDefinition]:
        real = look_up(self._paginators, name, UnknownPaginatorError, self._where())
        model = self._paginators[real]
        return model.source, model.paginators[real]


def _add(table: dict[str, Model], names: Iterable[str], model: Model, kind: str) -> None:
    for name in names:
        earlier = table.get(name)
        if earlier is not None:
            warnings.warn(
                f"{kind} {name!r} of {model.source} overrides the one of {earlier.source}",
                OverrideWarning,
                stacklevel=caller_level(),
            )
        table[name] = model


def search_path_files(service: str) -> list[str]:
    """``<service>.json`` in each directory of ``WAITABLE_PATH`` that has one, in order.

    ``service`` must be a plain service name: nothing outside those directories is read.
    """
    if not (service[:1].isalnum() and _SERVICE_NAME.issuperset(service)):
        raise ValueError(f"not a service name: {service!r} (lower-case letters, digits, -)")
    found = []
    for directory in os.environ.get(SEARCH_PATH, "").split(os.pathsep):
        if directory:
            path = os.path.join(directory, f"{service}.json")
            if os.path.isfile(path):
                found.append(path)
    return found


def for_client(client: Any, *sources: Source | Model, service: str | None = None) -> ClientWaiters:
    """Every waiter and paginator ``client`` can use (see the module's docstring for the
    order): ``sources`` are paths or dicts, either format, or models already loaded.

    ``service`` names the service of a client that is not a botocore client (its
    ``<service>.json`` is looked up on the search path); for a botocore client it
    defaults to the client's own.
    """
    models: list[Model] = []
    if service_model(client) is not None:
        from .aws.clients import aws_models  # botocore's files, read as botocore does

        found, service = aws_models(client, service)
        models.extend(found)
    if service is not None:  # the first directory wins: added last
        models.extend(load(path) for path in reversed(search_path_files(service)))
    models.extend(s if isinstance(s, Model) else load(s) for s in sources)
    return ClientWaiters(client, service, models)
