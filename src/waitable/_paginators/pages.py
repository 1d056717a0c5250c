"""Page iterators that really are iterators: ``next()`` works, and one pass is one
listing (as with files and generators; call ``paginate()`` again to start over)."""

from __future__ import annotations

from typing import Any, AsyncIterator, Callable, Iterator

from .._core.operations import is_awaitable
from .._core.paths import getter
from .definitions import PaginatorDefinition
from .listing import Listing, finish_result, merge_page


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
        if is_awaitable(page):
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
