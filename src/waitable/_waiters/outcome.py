"""What one call of the operation gave, as the judge sees it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class Outcome(NamedTuple):
    """One call's result: a response, or the error response an exception stands for."""

    response: Any
    """What the operation returned, or the error response it raised."""
    codes: tuple[Any, ...] | None
    """None for a normal response; for an error response, the codes it answers to:
    ``(Error.Code,)``, then the class names of the exception raised, if any."""
    error: Exception | None
    """The exception the operation raised, if it raised one."""


def returned(response: Any) -> Outcome:
    """A returned response; a dict whose ``Error`` holds a ``Code`` is an error response."""
    if type(response) is dict or isinstance(response, Mapping):
        error = response.get("Error")
        if isinstance(error, Mapping) and "Code" in error:
            return Outcome(response, (error["Code"],), None)
    return Outcome(response, None, None)


def raised(exc: Exception, named: frozenset[str]) -> Outcome | None:
    """A raised exception as an outcome, or None if it is not ours to handle.

    An exception carrying a botocore-style ``response`` (``ClientError`` and look-alikes)
    is that error response. Any other exception is handled only if an ``error`` acceptor
    names its class or a base class; its codes are the class names of its MRO.
    """
    class_names = tuple(cls.__name__ for cls in type(exc).__mro__)
    response = getattr(exc, "response", None)
    if isinstance(response, Mapping):
        error = response.get("Error")
        if isinstance(error, Mapping) and "Code" in error:
            return Outcome(response, (error["Code"], *class_names), exc)
    if named.isdisjoint(class_names):
        return None
    return Outcome({"Error": {"Code": class_names[0], "Message": str(exc)}}, class_names, exc)


def raised_or_reraise(exc: Exception, named: frozenset[str]) -> Outcome:
    """``raised(exc)``, or ``exc`` itself raised again when no acceptor handles it."""
    handled = raised(exc, named)
    if handled is None:
        raise exc
    return handled


CANCELLED: Any = object()
"""Sent to the judge instead of an outcome: the caller cancelled the wait."""
