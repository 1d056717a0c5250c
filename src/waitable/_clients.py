"""Finding the operation on a client, and botocore's operation-name rule.

A client is any object whose methods are the operations in snake_case
(boto3, aiobotocore, your own class), or a mapping from the operation name as the
JSON writes it to a callable (for HTTP calls, shell commands, lambdas in tests).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Callable

from ._errors import OperationNotFoundError, did_you_mean

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


def _method_name(client: Any, operation: str) -> str:
    """botocore clients carry their own method-to-operation table: trust it first."""
    table = getattr(getattr(client, "meta", None), "method_to_api_mapping", None)
    if isinstance(table, Mapping):
        for method, api_name in table.items():
            if api_name == operation:
                return str(method)
    return xform_name(operation)


def is_coroutine_function(operation: Callable[..., Any]) -> bool:
    """An ``async def`` function or method, or an object whose ``__call__`` is one."""
    return inspect.iscoroutinefunction(operation) or inspect.iscoroutinefunction(
        getattr(operation, "__call__", None)  # noqa: B004 - the method itself is the question
    )


def resolve_operation(client: Any, operation: str, source: str, waiter: str) -> Callable[..., Any]:
    """The callable for ``operation``; a clear error, with close names, when missing."""
    if isinstance(client, Mapping):
        found = client.get(operation)
        if callable(found):
            return found  # type: ignore[no-any-return]
        names = [str(key) for key in client]
        looked_for = f"key {operation!r}"
    else:
        method = _method_name(client, operation)
        found = getattr(client, method, None)
        if callable(found):
            return found  # type: ignore[no-any-return]
        names = [n for n in dir(client) if not n.startswith("_")]
        looked_for = f"method {method!r}"
        operation = method
    what = "is not callable" if found is not None else "is missing"
    raise OperationNotFoundError(
        f"{source}: waiter {waiter!r} calls {looked_for}, which {what} on "
        f"{type(client).__name__}{did_you_mean(operation, names)}"
    )
