"""Plain paths (``a.b.c``), read as jmespath's field nodes read them, without jmespath:
what start-up needs of paths. The compiler of any other expression (``jmes``) is
imported on first use."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

    Evaluate = Callable[[Any], Any]
    """A compiled expression: the value it reads from a response."""


def seconds(found: Any) -> Any:
    """A datetime as its epoch seconds (duck-typed: no import of datetime); else as is."""
    if hasattr(found, "tzinfo") and callable(getattr(found, "timestamp", None)):
        return found.timestamp()
    return found


def lookup(names: tuple[str, ...], epoch: bool = False) -> Evaluate:
    """``a.b.c`` as jmespath's fields read it: ``.get`` each name, None for a value
    without ``get`` (needs no jmespath: a plain path is never parsed)."""
    if len(names) == 1 and not epoch:
        (name,) = names

        def field(value: Any) -> Any:
            try:
                return value.get(name)
            except AttributeError:
                return None

        return field
    if len(names) == 2 and not epoch:
        first, second = names

        def fields2(value: Any) -> Any:
            try:
                return value.get(first).get(second)
            except AttributeError:  # (raised by either: the interpreter's None)
                return None

        return fields2

    def fields(value: Any) -> Any:
        for name in names:
            try:
                value = value.get(name)
            except AttributeError:
                return None
            if epoch:
                value = seconds(value)
        return value

    return fields
