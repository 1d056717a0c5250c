"""``PaginatorModel``: the compiled paginators of one source, and binding them."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Callable

from .._core.errors import UnknownWaiterError
from .._core.frozen import Frozen, set_field
from .._core.operations import (
    find_operation,
    is_async_client,
    is_coroutine_function,
    real_name,
    spelled_like,
)
from .._core.text import did_you_mean
from .definitions import PaginatorDefinition
from .paginator import AsyncPaginator, Paginator


class PaginatorModel(Frozen):
    """Every paginator of one source (a file or a dict), compiled and ready to bind."""

    __slots__ = ("source", "paginators")

    source: str
    paginators: Mapping[str, PaginatorDefinition]

    def __init__(self, source: str, paginators: Mapping[str, PaginatorDefinition]) -> None:
        set_field(self, "source", source)
        set_field(self, "paginators", MappingProxyType(dict(paginators)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (PaginatorModel, (self.source, dict(self.paginators)))

    @property
    def paginator_names(self) -> list[str]:
        return sorted(self.paginators)

    def paginator(self, name: str) -> PaginatorDefinition:
        """The paginator called ``name`` (``ListObjectsV2``, or ``list_objects_v2``)."""
        real = real_name(self.paginators, name)
        if real is not None:
            return self.paginators[real]
        names = spelled_like(name, self.paginators)
        raise UnknownWaiterError(
            f"{self.source}: no paginator named {name!r}{did_you_mean(name, names)}"
        )

    def get_paginator(self, name: str, client: Any) -> Paginator:
        """Bind paginator ``name`` to ``client``'s blocking operation."""
        definition, operation, where = self._bind(name, client)
        if is_coroutine_function(operation) or is_async_client(client):
            raise TypeError(f"{where}: the operation is asynchronous: use get_async_paginator()")
        return Paginator(
            definition, operation, limit_is_string=_limit_is_string(client, definition)
        )

    def get_async_paginator(self, name: str, client: Any) -> AsyncPaginator:
        """Bind paginator ``name`` to ``client``'s asynchronous operation (aiobotocore)."""
        definition, operation, _ = self._bind(name, client)
        return AsyncPaginator(
            definition, operation, limit_is_string=_limit_is_string(client, definition)
        )

    def _bind(self, name: str, client: Any) -> tuple[PaginatorDefinition, Callable[..., Any], str]:
        definition = self.paginator(name)
        where = f"{self.source}: paginator {definition.name!r}"
        return definition, find_operation(client, definition.operation, where), where


def _limit_is_string(client: Any, definition: PaginatorDefinition) -> bool:
    """Whether a botocore client's model types the limit parameter as a string."""
    model = getattr(getattr(client, "meta", None), "service_model", None)
    if model is None or definition.limit_key is None:
        return False
    try:
        shape = model.operation_model(definition.operation).input_shape
        return bool(shape.members[definition.limit_key].type_name == "string")
    except Exception:  # an operation or member the model lacks: send the number
        return False
