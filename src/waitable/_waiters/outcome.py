"""What one call of the operation gave, as the judge sees it (``Outcome``), and what a
successful wait returns (``WaitResult``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional, Tuple

from .._core.frozen import Frozen, set_field
from .definitions import Acceptor

Outcome = Tuple[Any, Optional[Tuple[Any, ...]], Optional[Exception]]
"""One call's result, as a plain triple (the hot path builds one per attempt):

* the response: what the operation returned, or the error response it raised;
* its codes: None for a normal response; for an error response, the codes it answers
  to, ``(Error.Code,)`` then the class names of the exception raised, if any;
* the exception the operation raised, if it raised one.
"""


ANY_ERROR = "*"
"""In the names a waiter handles: every exception (Smithy ``success: false``)."""

_ROOTS = (Exception, BaseException, object)


def code_of(code: Any) -> Any:
    """An error code as acceptors compare it: a Smithy shape id by its name part
    (``smithy.example#NotFound`` is ``NotFound``). The one rule for codes and for the
    ``expected`` of ``error`` and ``errorType`` acceptors alike."""
    return code.rpartition("#")[2] if isinstance(code, str) else code


def returned(response: Any) -> Outcome:
    """A returned response; a dict whose ``Error`` holds a ``Code`` is an error response."""
    if type(response) is dict or isinstance(response, Mapping):
        error = response.get("Error")
        if isinstance(error, Mapping) and "Code" in error:
            return (response, (code_of(error["Code"]),), None)
    return (response, None, None)


def raised(exc: Exception, named: frozenset[str]) -> Outcome | None:
    """A raised exception as an outcome, or None if it is not ours to handle.

    An exception carrying a botocore-style ``response`` (``ClientError`` and look-alikes)
    is that error response. Any other exception is handled only if an acceptor names its
    class or one of its bases short of Python's roots (``Exception`` names none), or one
    takes any error (``ANY_ERROR`` in ``named``). Its codes are those class names.
    """
    class_names = tuple(cls.__name__ for cls in type(exc).__mro__ if cls not in _ROOTS)
    response = getattr(exc, "response", None)
    if isinstance(response, Mapping):
        error = response.get("Error")
        if isinstance(error, Mapping) and "Code" in error:
            return (response, (code_of(error["Code"]), *class_names), exc)
    if ANY_ERROR not in named and named.isdisjoint(class_names):
        return None
    return ({"Error": {"Code": class_names[0], "Message": str(exc)}}, class_names, exc)


def raised_or_reraise(exc: Exception, named: frozenset[str]) -> Outcome:
    """``raised(exc)``, or ``exc`` itself raised again when no acceptor handles it."""
    handled = raised(exc, named)
    if handled is None:
        raise exc
    return handled


_DATA = (Mapping, list, tuple, str, int, float, type(None))


def is_data(value: Any) -> bool:
    """JSON-like data that JMESPath can read (bool is an int)."""
    return isinstance(value, _DATA)


CANCELLED: Any = object()
"""Sent to the judge instead of an outcome: the caller cancelled the wait."""


class WaitResult(Frozen):
    """What a successful wait saw last."""

    __slots__ = ("response", "attempts", "elapsed", "acceptor")

    response: Any
    """The final response: the one the success acceptor matched."""
    attempts: int
    """How many times the operation was called."""
    elapsed: float
    """Seconds from the first call to the last response."""
    acceptor: Acceptor
    """The acceptor that matched."""

    def __init__(self, response: Any, attempts: int, elapsed: float, acceptor: Acceptor) -> None:
        set_field(self, "response", response)
        set_field(self, "attempts", attempts)
        set_field(self, "elapsed", elapsed)
        set_field(self, "acceptor", acceptor)
