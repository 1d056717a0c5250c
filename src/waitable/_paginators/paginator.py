"""Paginators bound to an operation: ``paginate(**params)`` starts a listing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable

from .._core.fields import check_config
from .._errors import ConfigError
from .definitions import PaginatorDefinition
from .listing import Listing
from .pages import AsyncPageIterator, PageIterator
from .spec import PAGINATION_CONFIG_KEYS


class BasePaginator:
    """A definition bound to an operation; ``limit_is_string`` when the service takes
    the page size as a string (botocore's models say)."""

    __slots__ = ("definition", "limit_is_string", "operation")

    def __init__(
        self,
        definition: PaginatorDefinition,
        operation: Callable[..., Any],
        *,
        limit_is_string: bool = False,
    ) -> None:
        self.definition = definition
        self.operation = operation
        self.limit_is_string = limit_is_string

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.definition.name} -> {self.definition.operation}>"

    @property
    def result_keys(self) -> tuple[str, ...]:
        return self.definition.result_keys

    def _listing(self, params: dict[str, Any]) -> Listing:
        config = params.pop("PaginationConfig", None)
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

    def paginate(self, **params: Any) -> PageIterator:
        """Start a listing with the operation's ``params``; ``PaginationConfig`` takes
        ``MaxItems``, ``PageSize`` and ``StartingToken`` (checked here)."""
        return PageIterator(self.operation, self._listing(params))


class AsyncPaginator(BasePaginator):
    """A paginator on an asynchronous operation (aiobotocore): ``async for``."""

    __slots__ = ()

    def paginate(self, **params: Any) -> AsyncPageIterator:
        """``Paginator.paginate`` for ``async for page in ...``."""
        return AsyncPageIterator(self.operation, self._listing(params))
