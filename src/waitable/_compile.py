"""Turning plain data into compiled, immutable definitions, in one pass.

Compilation is optimistic: each object is checked with the fast predicates that
``_validate`` derives from the format tables. At the first thing they do not accept,
compilation gives up (``Invalid``) and ``load()`` asks ``_validate.check_document`` for
the full, precise list of problems. Valid files, the usual case, are walked once.
"""

from __future__ import annotations

from typing import Any, Mapping

from jmespath.exceptions import JMESPathError

from ._matchers import PATH_MATCHERS, ErrorMatcher, Matcher, StatusMatcher
from ._model import Acceptor, WaiterDefinition, WaiterModel
from ._spec import SUPPORTED_VERSION
from ._validate import ACCEPTOR_RULES, MATCHER_RULES, TOP_RULES, WAITER_RULES


class Invalid(Exception):
    """The document needs the detailed check: something in it is not valid."""


def _matcher(data: Mapping[str, Any]) -> Matcher:
    kind = data["matcher"]
    if not MATCHER_RULES[kind].fast_ok(data):
        raise Invalid
    if kind == "status":
        return StatusMatcher(int(data["expected"]))
    if kind == "error":
        return ErrorMatcher(data["expected"])
    try:
        return PATH_MATCHERS[kind].compile(data["argument"], data["expected"])  # type: ignore[return-value]
    except JMESPathError:
        raise Invalid from None


def compile_model(document: Any, source: str) -> WaiterModel:
    """Compile plain JSON data; raises ``Invalid`` if any part of it is not valid."""
    if type(document) is not dict or not TOP_RULES.fast_ok(document):
        raise Invalid
    if document["version"] != SUPPORTED_VERSION:
        raise Invalid
    waiters: dict[str, WaiterDefinition] = {}
    for name, waiter in document["waiters"].items():
        if type(waiter) is not dict or not WAITER_RULES.fast_ok(waiter):
            raise Invalid
        acceptors = []
        for index, data in enumerate(waiter["acceptors"]):
            if type(data) is not dict or not ACCEPTOR_RULES.fast_ok(data):
                raise Invalid
            acceptors.append(Acceptor(index, data["state"], _matcher(data)))
        waiters[name] = WaiterDefinition(
            name,
            waiter["operation"],
            waiter["delay"],
            int(waiter["maxAttempts"]),
            waiter.get("description", ""),
            tuple(acceptors),
        )
    return WaiterModel(source, waiters)
