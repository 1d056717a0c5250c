"""``load()``: any definition file, waiters or paginators, to one ``Model``.

botocore's ``waiters-2.json`` and Smithy's waiter models give waiters; botocore's
``paginators-1.json`` (``{"pagination": ...}``) gives paginators. A ``Model`` is a
``WaiterModel`` that also holds paginators, so one object serves both.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ._core.documents import Source, read_document
from ._waiters.load import compile_document
from ._waiters.model import WaiterModel

if TYPE_CHECKING:  # paginators' modules are imported when a model has paginators
    from ._paginators.definitions import PaginatorDefinition
    from ._paginators.model import PaginatorModel
    from ._paginators.paginator import AsyncPaginator, Paginator
    from ._waiters.definitions import WaiterDefinition

_NO_PAGINATORS: Mapping[str, Any] = MappingProxyType({})


class Model(WaiterModel):
    """The waiters and paginators of one source, compiled and ready to bind."""

    __slots__ = ("paginators", "_pagination")

    paginators: Mapping[str, PaginatorDefinition]
    """Compiled paginators by name (read-only)."""
    _pagination: PaginatorModel | None

    def __init__(
        self,
        source: str,
        waiters: Mapping[str, WaiterDefinition],
        paginators: Mapping[str, PaginatorDefinition] | None = None,
    ) -> None:
        super().__init__(source, waiters)
        pagination = None
        if paginators:
            from ._paginators.model import PaginatorModel

            pagination = PaginatorModel(source, paginators)  # binds them; built once
        object.__setattr__(self, "_pagination", pagination)
        object.__setattr__(
            self, "paginators", _NO_PAGINATORS if pagination is None else pagination.paginators
        )

    @property
    def _paginator_model(self) -> PaginatorModel:
        if self._pagination is None:  # no paginators: the model that says so by name
            from ._paginators.model import PaginatorModel

            object.__setattr__(self, "_pagination", PaginatorModel(self.source, {}))
        assert self._pagination is not None
        return self._pagination

    def __reduce__(self) -> tuple[Any, ...]:
        return (Model, (self.source, dict(self.waiters), dict(self.paginators)))

    @property
    def paginator_names(self) -> list[str]:
        """Paginator names, sorted."""
        return sorted(self.paginators)

    def paginator(self, name: str) -> PaginatorDefinition:
        """The paginator called ``name`` (``ListObjectsV2``, or ``list_objects_v2``)."""
        return self._paginator_model.paginator(name)

    def get_paginator(self, name: str, client: Any) -> Paginator:
        """Bind paginator ``name`` to ``client``'s blocking operation:
        ``model.get_paginator("ListObjectsV2", s3).paginate(Bucket="b")``."""
        return self._paginator_model.get_paginator(name, client)

    def get_async_paginator(self, name: str, client: Any) -> AsyncPaginator:
        """Bind paginator ``name`` to an asynchronous operation (aiobotocore)."""
        return self._paginator_model.get_async_paginator(name, client)


def load(source: Source) -> Model:
    """Load, validate and compile definitions: waiters or paginators.

    ``source`` is a path to a JSON file, or the already-parsed dict: botocore's
    ``waiters-2.json`` or ``paginators-1.json``, a Smithy JSON AST model (its
    ``smithy.waiters#waitable`` traits), or a file of such trait values keyed by
    operation. Raises ``DefinitionError`` listing every problem found, each naming the
    source, the waiter or paginator, the acceptor and the field.
    """
    document, name = read_document(source, what="waiter or paginator definitions")
    return load_document(document, name)


def load_document(document: Any, name: str) -> Model:
    """``load()`` for a document already read (plain JSON data), named ``name``."""
    if isinstance(document, Mapping) and "pagination" in document:  # botocore's paginators
        from ._paginators.format import compile_paginators

        return Model(name, {}, compile_paginators(document, name))
    waiters = compile_document(document, name)
    return Model(name, waiters.waiters)  # a copy of a small dict
