"""Building Smithy waiters from trait values that are known to be valid.

``smithy_format`` checks a document, then builds each waiter through these functions.
The built-in services' bundled trait files are checked by waitable's test suite, so
the command builds them through these alone: a short ``waitable wait tcp ...`` does not
import the checker (its rule tables, shape walker and messages).
"""

from __future__ import annotations

from collections.abc import Mapping

from .definitions import Acceptor, WaiterDefinition
from .matchers import ErrorTypeMatcher, InputOutputMatcher, OutputMatcher, SuccessMatcher
from .policy import SMITHY_MAX_DELAY, SMITHY_MIN_DELAY

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .matchers import Matcher


def build_matcher(kind: str, value: Any) -> Matcher:
    """The matcher of a checked ``{kind: value}``."""
    if kind == "success":
        return SuccessMatcher(value)
    if kind == "errorType":
        return ErrorTypeMatcher(value)
    cls = OutputMatcher if kind == "output" else InputOutputMatcher
    return cls(value["path"], value["expected"], value["comparator"])


def build_waiter(
    name: str, operation: str, waiter: Mapping[str, Any], acceptors: tuple[Acceptor, ...]
) -> WaiterDefinition:
    """The definition of a checked waiter, with its acceptors already built."""
    min_delay = float(waiter.get("minDelay", SMITHY_MIN_DELAY))
    return WaiterDefinition(
        name,
        operation,
        min_delay,
        None,
        waiter.get("documentation", ""),
        acceptors,
        min_delay=min_delay,
        max_delay=float(waiter.get("maxDelay", SMITHY_MAX_DELAY)),
        deprecated=waiter.get("deprecated", False),
        tags=tuple(waiter.get("tags", ())),
        style="smithy",
    )


def build_checked(document: Mapping[str, Any]) -> dict[str, WaiterDefinition]:
    """Every waiter of a trait file (``{operation: {waiter: trait value}}``) that has
    passed ``compile_smithy``'s checks, by name; nothing is checked again."""
    built = {}
    for operation, trait in document.items():
        if operation == "$schema":
            continue
        for name, waiter in trait.items():
            acceptors = tuple(
                Acceptor(
                    index,
                    data["state"],
                    build_matcher(*_only(data["matcher"])),
                    data.get("message"),
                )
                for index, data in enumerate(waiter["acceptors"])
            )
            built[name] = build_waiter(name, operation, waiter, acceptors)
    return built


def _only(matcher: Mapping[str, Any]) -> tuple[str, Any]:
    ((kind, value),) = matcher.items()
    return kind, value
