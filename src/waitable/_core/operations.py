"""Finding an operation on a client, botocore's operation-name rule, and what kind of
callable an operation is.

A client is any object whose methods are the operations in snake_case
(boto3, aiobotocore, your own class), or a mapping from the operation name as the
JSON writes it to a callable (for HTTP calls, shell commands, lambdas in tests).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import BuiltinFunctionType, FunctionType, MethodType

from .._errors import NotFoundError, OperationNotFoundError
from .frozen import Frozen, set_field
from .text import did_you_mean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable

# A lower-case letter or digit followed by a capital starts a word ("getItem" -> get|Item);
# so does a capital followed by lower case after any character ("ACLEntry" -> ACL|Entry).
_WORD_START = r"(?<=[a-z0-9])(?=[A-Z])|(?<=.)(?=[A-Z][a-z])"
# Brand words botocore keeps whole (it lists every operation using them, one by one).
_WHOLE_WORDS = {
    "iSCSI": "Iscsi",
    "HITs": "Hits",
    "PartiQL": "Partiql",
    "OAuth2": "Oauth2",
    "WhatsApp": "Whatsapp",
    "OTel": "Otel",
}
# A trailing plural acronym stays one word: "ListACLs" -> list_acls, not list_ac_ls.
_PLURAL_ACRONYM = r"[A-Z]{2,}s$"


@lru_cache(maxsize=4096)
def xform_name(name: str) -> str:
    """``DescribeTable`` -> ``describe_table``, exactly as botocore names client methods.

    Names that already contain an underscore are returned unchanged.
    """
    if "_" in name:
        return name
    if _one_capital_a_word(name):  # most names: no regex compiled (the command's start-up)
        return "".join(f"_{c}" if c.isupper() and i else c for i, c in enumerate(name)).lower()
    return _xform_words(name)


def _one_capital_a_word(name: str) -> bool:
    """ASCII letters and digits, no two capitals in a row and no brand word: then each
    capital after the first character starts a word, and nothing else does."""
    return (
        name.isascii()
        and name.isalnum()
        and not any(a.isupper() and b.isupper() for a, b in zip(name, name[1:]))
        and not any(word in name for word in _WHOLE_WORDS)
    )


def _xform_words(name: str) -> str:
    """``xform_name`` of any name, by botocore's rules (regular expressions)."""
    name = re.sub("|".join(_WHOLE_WORDS), lambda m: _WHOLE_WORDS[m.group()], name)
    tail = ""
    plural = re.search(_PLURAL_ACRONYM, name)
    if plural is not None:
        name, tail = name[: plural.start()], "_" + plural.group().lower()
    return (re.sub(_WORD_START, "_", name) + tail).lower()


def real_name(names: Mapping[str, Any], name: str) -> str | None:
    """``name`` as definitions spell it: itself, or the name whose snake_case form it is
    (``table_exists`` for ``TableExists``, as boto3 spells waiters; ``table-exists``, as
    the aws CLI does); None if none."""
    if name in names:
        return name
    if "-" in name:
        name = name.replace("-", "_")
    return next((real for real in names if xform_name(real) == name), None)


def spelled_like(name: str, names: Iterable[str]) -> list[str]:
    """``names`` in the caller's spelling, for suggestions: snake_case for a lower-case
    ``name``, as written otherwise."""
    return [xform_name(n) if name.islower() else n for n in names]


def look_up(names: Mapping[str, Any], name: Any, error: type[NotFoundError], where: str) -> str:
    """The one name lookup of waiters and paginators: ``name`` as ``names`` spell it
    (see ``real_name``), else ``error`` naming close ones in the caller's spelling and
    every name there is. ``where`` starts the message."""
    if not isinstance(name, str):
        raise TypeError(f"{where}: a name is a string, not {type(name).__name__}")
    real = real_name(names, name)
    if real is not None:
        return real
    kind = error.kind
    listed = ", ".join(sorted(names)) or "none"
    raise error(
        f"{where}: no {kind} named {name!r}{did_you_mean(name, spelled_like(name, names))}; "
        f"{kind}s: {listed}"
    )


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
    if not callable(operation) or isinstance(operation, BuiltinFunctionType):
        return False  # neither can be (time.monotonic, None)
    plain = _plain_function(operation, signature=False)
    if plain is not None:  # its code object says, as inspect would read it
        return bool(plain[0].__code__.co_flags & _CO_COROUTINE)
    import inspect

    return inspect.iscoroutinefunction(operation) or inspect.iscoroutinefunction(
        getattr(operation, "__call__", None)  # noqa: B004 - the method itself is the question
    )


_CO_COROUTINE = 0x80  # inspect.CO_COROUTINE: the code of an ``async def``
_CO_VARKEYWORDS = 0x08  # inspect.CO_VARKEYWORDS: ``**kwargs``


def _plain_function(operation: Any, *, signature: bool) -> tuple[FunctionType, bool] | None:
    """The Python function behind a plain function or bound method, and whether it is
    bound (its first parameter given), read from its code object and defaults as
    ``inspect`` would, without importing it (it costs a short command more than its
    whole run). For a ``signature``, ``functools.wraps`` wrappers are followed, as
    ``inspect.signature`` does. None for anything else (a partial, a callable object, a
    builtin, a marked function), which ``inspect`` reads."""
    for _ in range(100):  # a wrapper's wrapped function, as inspect.unwrap (bounded)
        if not signature or not hasattr(operation, "__wrapped__"):
            break
        if hasattr(operation, "__signature__"):
            return None
        operation = operation.__wrapped__
    bound = type(operation) is MethodType
    function = operation.__func__ if bound else operation
    if type(function) is not FunctionType or any(
        hasattr(function, name) for name in ("__signature__", "_is_coroutine_marker")
    ):
        return None
    if signature and hasattr(function, "__wrapped__"):
        return None
    return function, bound


class Parameter(Frozen):
    """A parameter an operation takes by keyword: its name and default (``REQUIRED``)."""

    __slots__ = ("name", "default")

    name: str
    default: Any

    def __init__(self, name: str, default: Any) -> None:
        set_field(self, "name", name)
        set_field(self, "default", default)


REQUIRED: Any = object()
"""The default of a parameter that has none."""


def keyword_parameters(operation: Callable[..., Any]) -> tuple[list[Parameter], bool] | None:
    """The parameters ``operation`` takes by keyword, in order, and whether it takes any
    keyword (``**kwargs``); None when it cannot be told (a builtin without a signature)."""
    plain = _plain_function(operation, signature=True)
    if plain is None:
        return _inspected(operation)
    function, bound = plain
    code = function.__code__
    positional = code.co_varnames[: code.co_argcount]
    keyword_only = code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
    defaults = function.__defaults__ or ()
    first_default = len(positional) - len(defaults)
    found = [
        Parameter(name, defaults[i - first_default] if i >= first_default else REQUIRED)
        for i, name in enumerate(positional)
        if i >= max(code.co_posonlyargcount, int(bound))  # not positional-only, not self
    ]
    given = function.__kwdefaults__ or {}
    found.extend(Parameter(name, given.get(name, REQUIRED)) for name in keyword_only)
    return found, bool(code.co_flags & _CO_VARKEYWORDS)


def _inspected(operation: Callable[..., Any]) -> tuple[list[Parameter], bool] | None:
    import inspect

    try:
        signature = inspect.signature(operation)
    except (TypeError, ValueError):
        return None
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return (
        [
            Parameter(p.name, REQUIRED if p.default is p.empty else p.default)
            for p in signature.parameters.values()
            if p.kind in kinds
        ],
        any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()),
    )


def import_name(spec: str) -> Any:
    """What ``module:qualname`` names (``mypkg.hooks:on_attempt``): the one way waitable
    finds a function by name. Raises what importing or the lookup raises."""
    from importlib import import_module

    module, _, qualname = spec.partition(":")
    found: Any = import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


def service_model(client: Any) -> Any:
    """``client.meta.service_model`` for a botocore (boto3, aiobotocore) client, else
    None: how every part of waitable tells a botocore client, without importing botocore."""
    return getattr(getattr(client, "meta", None), "service_model", None)


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
    found = keyword_parameters(operation)
    if found is None or found[1]:
        return None
    return frozenset(p.name for p in found[0] if not (required_only and p.default is not REQUIRED))


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
