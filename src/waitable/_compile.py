"""Turning plain data into compiled, immutable definitions, in one pass.

Compilation is optimistic: each object is checked with the fast predicates that
``_validate`` derives from the format tables. At the first thing they do not accept,
compilation gives up (``InvalidDocumentError``) and ``load()`` asks ``_validate.check_document`` for
the full, precise list of problems. Valid files, the usual case, are walked once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jmespath.exceptions import JMESPathError

from ._matchers import PATH_MATCHERS, ErrorMatcher, Matcher, StatusMatcher
from ._model import Acceptor, WaiterDefinition, WaiterModel
from ._spec import SUPPORTED_VERSION
from ._validate import ACCEPTOR_RULES, MATCHER_RULES, TOP_RULES, WAITER_RULES


class InvalidDocumentError(Exception):
    """The document needs the detailed check: something in it is not valid."""


def _matcher(data: Mapping[str, Any]) -> Matcher:
    kind = data["matcher"]
    if not MATCHER_RULES[kind].fast_ok(data):
        raise InvalidDocumentError
    if kind == "status":
        return StatusMatcher(int(data["expected"]))
    if kind == "error":
        return ErrorMatcher(data["expected"])
    try:
        return PATH_MATCHERS[kind](data["argument"], data["expected"])  # type: ignore[return-value]
    except JMESPathError:
        raise InvalidDocumentError from None


def compile_model(document: Any, source: str) -> WaiterModel:
    """Compile plain JSON data; raises ``InvalidDocumentError`` if any part of it is not valid."""
    if type(document) is not dict or not TOP_RULES.fast_ok(document):
        raise InvalidDocumentError
    if document["version"] != SUPPORTED_VERSION:
        raise InvalidDocumentError
    waiters: dict[str, WaiterDefinition] = {}
    for name, waiter in document["waiters"].items():
        if type(waiter) is not dict or not WAITER_RULES.fast_ok(waiter):
            raise InvalidDocumentError
        acceptors = []
        for index, data in enumerate(waiter["acceptors"]):
            if type(data) is not dict or not ACCEPTOR_RULES.fast_ok(data):
                raise InvalidDocumentError
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
