"""Operations' keyword parameters and async-ness, read from code objects without
importing inspect: exactly what inspect says, for every kind of callable."""

from __future__ import annotations

import functools
import inspect
import re
from typing import Any, Callable

import pytest

from waitable._core.operations import (
    REQUIRED,
    _inspected,
    is_coroutine_function,
    keyword_parameters,
)


def plain(a, b=1, *args, c, d=2, **kw):  # type: ignore[no-untyped-def]
    pass


def positional_only(a, /, b, *, c=3):  # type: ignore[no-untyped-def]
    pass


async def coroutine(x: int, y: str = "y") -> None:
    pass


class Client:
    def method(self, Name: str, Timeout: float = 2.0) -> None:  # noqa: N803
        pass

    async def async_method(self, Name: str) -> None:  # noqa: N803
        pass

    @staticmethod
    def static(a: int, b: int = 0) -> None:
        pass

    @classmethod
    def klass(cls, a: int) -> None:
        pass

    def __call__(self, q: int) -> None:
        pass


class AsyncCallable:
    async def __call__(self, q: int) -> None:
        pass


@functools.wraps(Client().method)
def wrapper(**params: Any) -> None:
    pass


def with_signature(**params: Any) -> None:
    pass


with_signature.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [inspect.Parameter("Only", inspect.Parameter.KEYWORD_ONLY)]
)

CALLABLES: list[Callable[..., Any]] = [
    plain,
    positional_only,
    coroutine,
    Client().method,
    Client().async_method,
    Client.method,  # unbound: self is a parameter
    Client().static,
    Client.klass,
    Client(),
    AsyncCallable(),
    wrapper,
    with_signature,
    functools.partial(plain, 1),
    lambda x, *, y=0: None,
    len,
    dict.get,
]


def _name(operation: Any) -> str:
    """A test id that is the same in every process (no object address): pytest-xdist's
    workers must collect the same tests."""
    return getattr(operation, "__name__", None) or re.sub(r" at 0x[0-9a-f]+", "", repr(operation))


@pytest.mark.parametrize("operation", CALLABLES, ids=_name)
def test_keyword_parameters_agree_with_inspect(operation: Callable[..., Any]) -> None:
    assert keyword_parameters(operation) == _inspected(operation)


@pytest.mark.parametrize("operation", CALLABLES, ids=_name)
def test_async_ness_agrees_with_inspect(operation: Callable[..., Any]) -> None:
    expected = inspect.iscoroutinefunction(operation) or inspect.iscoroutinefunction(
        getattr(operation, "__call__", None)  # noqa: B004
    )
    assert is_coroutine_function(operation) is expected


def _pairs(found: Any) -> Any:
    parameters, any_keyword = found
    return [(p.name, p.default) for p in parameters], any_keyword


def test_defaults_and_required() -> None:
    found = keyword_parameters(Client().method)
    assert _pairs(found) == ([("Name", REQUIRED), ("Timeout", 2.0)], False)
    assert _pairs(keyword_parameters(plain)) == (
        [("a", REQUIRED), ("b", 1), ("c", REQUIRED), ("d", 2)],
        True,
    )


def test_not_callables_are_not_coroutine_functions() -> None:
    assert is_coroutine_function(None) is False
    assert is_coroutine_function(3) is False
