"""Paginators bound to an operation: ``paginate(**params)`` starts a listing, whose
pages ``PageIterator`` (or ``AsyncPageIterator``) fetch as they are iterated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable, Iterator

from .._core.fields import check_config
from .._core.frozen import Frozen, set_field
from .._core.operations import is_awaitable
from .._core.paths import getter
from .._errors import ConfigError
from .definitions import PAGINATION_CONFIG_KEYS, PaginatorDefinition
from .listing import Listing, finish_result, merge_page

if TYPE_CHECKING:
    from .definitions import PaginationConfig as _PaginationConfig


class BasePaginator(Frozen):
    """A definition bound to an operation; ``limit_is_string`` when the service takes
    the page size as a string (botocore's models say)."""

    __slots__ = ("definition", "operation", "limit_is_string")
    __eq__ = object.__eq__  # a bound paginator is a thing, not a value: identity
    __hash__ = object.__hash__

    definition: PaginatorDefinition
    operation: Callable[..., Any]
    limit_is_string: bool

    def __init__(
        self,
        definition: PaginatorDefinition,
        operation: Callable[..., Any],
        *,
        limit_is_string: bool = False,
    ) -> None:
        set_field(self, "definition", definition)
        set_field(self, "operation", operation)
        set_field(self, "limit_is_string", limit_is_string)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.definition.name} -> {self.definition.operation}>"

    @property
    def result_keys(self) -> tuple[str, ...]:
        return self.definition.result_keys

    def _listing(self, params: dict[str, Any], config: Any) -> Listing:
        owner = f"paginator {self.definition.name!r}"
        where = f"{owner}: PaginationConfig"
        if config is None:
            return Listing(self.definition, params)
        config = check_config(config, PAGINATION_CONFIG_KEYS, owner, "PaginationConfig")
        max_items = _count(config, "MaxItems", where)
        page_size: Any = _count(config, "PageSize", where)
        if page_size is not None:
            if self.definition.limit_key is None:
                raise ConfigError(
                    f"{where}: PageSize is not supported: the operation takes no limit"
                )
            if self.limit_is_string:
                page_size = str(page_size)
        token = config.get("StartingToken")
        if token is not None and not isinstance(token, str):
            raise ConfigError(f"{where} StartingToken must be a string, not {type(token).__name__}")
        return Listing(
            self.definition,
            params,
            max_items=max_items,
            page_size=page_size,
            starting_token=token,
        )


def _count(config: Mapping[str, Any], key: str, where: str) -> int | None:
    value = config.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"{where} {key} must be an integer >= 1, got {value!r}")
    return value


class Paginator(BasePaginator):
    """A paginator on a blocking operation."""

    __slots__ = ()

    def paginate(
        self,
        *,
        PaginationConfig: _PaginationConfig | None = None,  # noqa: N803 - botocore's name
        **params: Any,
    ) -> PageIterator:
        """Start a listing with the operation's ``params``; ``PaginationConfig`` takes
        ``MaxItems``, ``PageSize`` and ``StartingToken`` (checked here)."""
        return PageIterator(self.operation, self._listing(params, PaginationConfig))


class AsyncPaginator(BasePaginator):
    """A paginator on an asynchronous operation (aiobotocore): ``async for``."""

    __slots__ = ()

    def paginate(
        self,
        *,
        PaginationConfig: _PaginationConfig | None = None,  # noqa: N803 - botocore's name
        **params: Any,
    ) -> AsyncPageIterator:
        """``Paginator.paginate`` for ``async for page in ...``."""
        return AsyncPageIterator(self.operation, self._listing(params, PaginationConfig))


def _members(found: Any) -> list[Any]:
    if found is None:
        return []
    return found if isinstance(found, list) else [found]


class _Pages:
    """What both page iterators share: the listing's state and what it tells."""

    __slots__ = ("_done", "_listing", "_operation")

    def __init__(self, operation: Callable[..., Any], listing: Listing) -> None:
        self._operation = operation
        self._listing = listing
        self._done = False

    @property
    def definition(self) -> PaginatorDefinition:
        return self._listing.definition

    @property
    def result_keys(self) -> tuple[str, ...]:
        return self._listing.definition.result_keys

    @property
    def resume_token(self) -> str | None:
        """Set when ``MaxItems`` ended the listing: give it as ``StartingToken`` to go on
        (botocore accepts it too)."""
        return self._listing.resume_token

    @property
    def non_aggregate_part(self) -> dict[str, Any]:
        """The non-aggregate keys' values, from the first page."""
        return self._listing.non_aggregate_part

    def _item_getter(self, key: str | None) -> Callable[[Any], Any]:
        keys = self._listing.definition.result_keys
        if key is None:
            return self._listing.definition._result_getters[0]
        if key not in keys:
            raise ValueError(f"{key!r} is not a result key of this paginator: {', '.join(keys)}")
        return self._listing.definition._result_getters[keys.index(key)]


class PageIterator(_Pages):
    """The pages of one listing, fetched as you iterate."""

    __slots__ = ()

    def __iter__(self) -> PageIterator:
        return self

    def __next__(self) -> Any:
        if self._done:
            raise StopIteration
        listing = self._listing
        self._done = True  # until the page is in: an exception ends the listing
        page = self._operation(**listing.request)
        if type(page) is not dict and is_awaitable(page):
            close = getattr(page, "close", None)
            if callable(close):
                close()
            raise TypeError(
                f"paginator {listing.definition.name!r}: the operation returned "
                f"{type(page).__name__}; use get_async_paginator() and async for"
            )
        self._done = not listing.accept(page)
        return page

    def items(self, key: str | None = None) -> Iterator[Any]:
        """Every result item across the remaining pages (the first result key's, or
        ``key``'s): no nested loop. A key holding a number (a count) gives one per page."""
        get = self._item_getter(key)
        for page in self:
            yield from _members(get(page))

    def search(self, expression: str) -> Iterator[Any]:
        """``expression`` (JMESPath) over each page: a list's members one by one, any
        other value as it is."""
        evaluate = getter(expression)
        for page in self:
            found = evaluate(page)
            if isinstance(found, list):
                yield from found
            else:
                yield found

    def build_full_result(self) -> dict[str, Any]:
        """The remaining pages merged into one response, as botocore builds it."""
        result: dict[str, Any] = {}
        for page in self:
            merge_page(result, page, self._listing.definition)
        return finish_result(result, self._listing)


class AsyncPageIterator(_Pages):
    """The pages of one listing on an asynchronous operation: ``async for page in ...``."""

    __slots__ = ()

    def __aiter__(self) -> AsyncPageIterator:
        return self

    async def __anext__(self) -> Any:
        if self._done:
            raise StopAsyncIteration
        listing = self._listing
        self._done = True
        pending = self._operation(**listing.request)
        if not is_awaitable(pending):
            raise TypeError(
                f"paginator {listing.definition.name!r}: the operation returned "
                f"{type(pending).__name__}, not an awaitable; use get_paginator()"
            )
        page = await pending
        self._done = not listing.accept(page)
        return page

    async def items(self, key: str | None = None) -> AsyncIterator[Any]:
        """Every result item across the remaining pages."""
        get = self._item_getter(key)
        async for page in self:
            for item in _members(get(page)):
                yield item

    async def search(self, expression: str) -> AsyncIterator[Any]:
        """``expression`` (JMESPath) over each page, flattened as ``PageIterator.search``."""
        evaluate = getter(expression)
        async for page in self:
            found = evaluate(page)
            if isinstance(found, list):
                for item in found:
                    yield item
            else:
                yield found

    async def build_full_result(self) -> dict[str, Any]:
        """The remaining pages merged into one response."""
        result: dict[str, Any] = {}
        async for page in self:
            merge_page(result, page, self._listing.definition)
        return finish_result(result, self._listing)
