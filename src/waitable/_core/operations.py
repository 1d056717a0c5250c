"""Finding an operation on a client, botocore's operation-name rule, and what kind of
callable an operation is.

A client is any object whose methods are the operations in snake_case
(boto3, aiobotocore, your own class), or a mapping from the operation name as the
JSON writes it to a callable (for HTTP calls, shell commands, lambdas in tests).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Callable, Iterable

from .errors import OperationNotFoundError
from .text import did_you_mean

# A lower-case letter or digit followed by a capital starts a word ("getItem" -> get|Item);
# so does a capital followed by lower case after any character ("ACLEntry" -> ACL|Entry).
_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=.)(?=[A-Z][a-z])")
# Brand words botocore keeps whole (it lists every operation using them, one by one).
_WHOLE_WORDS = {
    "iSCSI": "Iscsi",
    "HITs": "Hits",
    "PartiQL": "Partiql",
    "OAuth2": "Oauth2",
    "WhatsApp": "Whatsapp",
    "OTel": "Otel",
}
_WHOLE_WORD = re.compile("|".join(_WHOLE_WORDS))
# A trailing plural acronym stays one word: "ListACLs" -> list_acls, not list_ac_ls.
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s$")


@lru_cache(maxsize=4096)
def xform_name(name: str) -> str:
    """``DescribeTable`` -> ``describe_table``, exactly as botocore names client methods.

    Names that already contain an underscore are returned unchanged.
    """
    if "_" in name:
        return name
    name = _WHOLE_WORD.sub(lambda m: _WHOLE_WORDS[m.group()], name)
    tail = ""
    plural = _PLURAL_ACRONYM.search(name)
    if plural is not None:
        name, tail = name[: plural.start()], "_" + plural.group().lower()
    return (_WORD_START.sub("_", name) + tail).lower()


def real_name(names: Iterable[str], name: str) -> str | None:
    """``name`` as definitions spell it: itself, or the name whose snake_case form it is
    (``table_exists`` for ``TableExists``, as boto3 spells waiters); None if none."""
    candidates = list(names)
    if name in candidates:
        return name
    return next((real for real in candidates if xform_name(real) == name), None)


def spelled_like(name: str, names: Iterable[str]) -> list[str]:
    """``names`` in the caller's spelling, for suggestions: snake_case for a lower-case
    ``name``, as written otherwise."""
    return [xform_name(n) if name.islower() else n for n in names]


def _method_name(client: Any, operation: str) -> str:
    """botocore clients carry their own method-to-operation table: trust it first."""
    table = getattr(getattr(client, "meta", None), "method_to_api_mapping", None)
    if isinstance(table, Mapping):
        for method, api_name in table.items():
            if api_name == operation:
                return str(method)
    return xform_name(operation)


def is_coroutine_function(operation: Any) -> bool:
    """An ``async def`` function or method, or an object whose ``__call__`` is one."""
    return inspect.iscoroutinefunction(operation) or inspect.iscoroutinefunction(
        getattr(operation, "__call__", None)  # noqa: B004 - the method itself is the question
    )


def is_awaitable(value: Any) -> bool:
    """Whether ``await value`` works: a coroutine, a Future, a Task, any ``__await__``."""
    return hasattr(type(value), "__await__")


def is_async_client(client: Any) -> bool:
    """A botocore-style client whose calls are coroutines: aiobotocore's methods are plain
    functions that return the coroutine of an ``async def _make_api_call``."""
    return is_coroutine_function(getattr(type(client), "_make_api_call", None))


def accepted_parameters(
    operation: Callable[..., Any], *, required_only: bool = False
) -> frozenset[str] | None:
    """The keyword parameters ``operation`` takes (only those without a default, with
    ``required_only``), or None if it takes any (``**kwargs``) or cannot be inspected."""
    try:
        signature = inspect.signature(operation)
    except (TypeError, ValueError):
        return None
    names = set()
    for name, parameter in signature.parameters.items():
        if parameter.kind is parameter.VAR_KEYWORD:
            return None
        if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY) and not (
            required_only and parameter.default is not parameter.empty
        ):
            names.add(name)
    return frozenset(names)


def find_operation(client: Any, operation: str, where: str) -> Callable[..., Any]:
    """The callable for ``operation``; a clear error, with close names, when missing.

    ``where`` starts the message: ``"waiters.json: waiter 'TableExists'"``.
    """
    if isinstance(client, Mapping):
        found = client.get(operation)
        if callable(found):
            return found  # type: ignore[no-any-return]
        names = [str(key) for key in client]
        looked_for = f"key {operation!r}"
    else:
        method = xform_name(operation)
        try:
            method = _method_name(client, operation)
            found = getattr(client, method, None)
        except Exception as exc:  # a client whose attribute lookup itself fails
            raise OperationNotFoundError(
                f"{where} calls method {method!r}: looking it up on {type(client).__name__} "
                f"raised {type(exc).__name__}: {exc}"
            ) from exc
        if callable(found):
            return found  # type: ignore[no-any-return]
        try:
            names = [n for n in dir(client) if not n.startswith("_")]
        except Exception:
            names = []
        looked_for = f"method {method!r}"
        operation = method
    what = "is not callable" if found is not None else "is missing"
    raise OperationNotFoundError(
        f"{where} calls {looked_for}, which {what} on "
        f"{type(client).__name__}{did_you_mean(operation, names)}"
    )
