"""botocore's ``waiters-2.json`` format: one pass that builds and checks.

The document is walked once: each waiter and acceptor is compiled while its problems
are collected, and ``DefinitionError`` lists every one at the end. Each object is first
tried with its table's fast predicate (``ObjectRules.fast_ok``); only an object it turns
down is checked field by field, so valid files, the usual case, pay for no messages.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from .._core.documents import plain
from .._core.fields import (
    INTEGER,
    ObjectRules,
    check_object,
    compile_alone,
    compile_named,
    is_type,
    json_type,
    one_of,
    type_predicate,
)
from .._core.paths import jmespath_problem
from .._core.text import brief, caller_level
from .._errors import DefinitionWarning
from . import spec_checks
from .definitions import Acceptor, WaiterDefinition
from .matchers import BOTOCORE_MATCHERS
from .spec import ACCEPTOR_FIELDS, MATCHERS, SUPPORTED_VERSION, TOP_FIELDS, WAITER_FIELDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .matchers import Matcher

TOP_RULES = ObjectRules(TOP_FIELDS, spec_checks.top_ok)
WAITER_RULES = ObjectRules(WAITER_FIELDS, spec_checks.waiter_ok)
ACCEPTOR_RULES = ObjectRules(ACCEPTOR_FIELDS, spec_checks.acceptor_ok)
# A matcher's quick test of ``expected`` (None: anything goes); ``is_type`` has the last word.
EXPECTED = {name: type_predicate(spec.expected_types) for name, spec in MATCHERS.items()}


def compile_waiters(document: Any, source: str) -> dict[str, WaiterDefinition]:
    """Every waiter of a document of plain JSON data, by name; else ``DefinitionError``
    listing every problem, each prefixed with ``source``."""
    problems: list[str] = []
    waiters = top_waiters(document, source, problems)
    return compile_named(waiters, "waiter", source, _waiter, problems)


def compile_waiter(name: str, data: Any, source: str) -> WaiterDefinition:
    """One waiter of a document whose top level ``top_waiters`` accepted, compiled on its
    own (botocore's shipped files compile each waiter at first use); ``DefinitionError``
    with its problems alone."""
    return compile_alone(name, plain(data), "waiter", source, _waiter)


def top_waiters(document: Any, source: str, problems: list[str]) -> Mapping[str, Any] | None:
    """The document's ``waiters`` object, not yet looked into (None if it is not one),
    with the problems of the top level (version, fields) appended to ``problems``."""
    if type(document) is not dict and not isinstance(document, Mapping):
        problems.append(f"{source}: the document must be a JSON object, not {json_type(document)}")
        return None
    if not TOP_RULES.fast_ok(document):
        check_object(document, TOP_RULES, source, problems)
    version = document.get("version", SUPPORTED_VERSION)
    if version != SUPPORTED_VERSION and is_type(version, INTEGER):
        problems.append(
            f"{source}: unsupported version {version!r}; waitable reads version "
            f"{SUPPORTED_VERSION} (botocore's waiters-2.json format)"
        )
    waiters = document.get("waiters")
    return waiters if type(waiters) is dict or isinstance(waiters, Mapping) else None


def _waiter(name: str, data: Any, where: str, problems: list[str]) -> WaiterDefinition | None:
    if type(data) is not dict and not isinstance(data, Mapping):  # (the ABC check is slow)
        problems.append(f"{where}: must be an object, not {json_type(data)}")
        return None
    before = len(problems)
    if not WAITER_RULES.fast_ok(data):
        check_object(data, WAITER_RULES, where, problems)
    acceptors = []
    items = data.get("acceptors")
    if isinstance(items, (list, tuple)):
        for index, item in enumerate(items):
            acceptor = _acceptor(index, item, where, problems)
            if acceptor is not None:
                acceptors.append(acceptor)
    if len(problems) > before:
        return None
    return WaiterDefinition(
        name,
        data["operation"],
        data["delay"],
        int(data["maxAttempts"]),
        data.get("description", ""),
        tuple(acceptors),
    )


_SHARED: dict[tuple[Any, ...], Acceptor] = {}
"""Compiled acceptors by their content: AWS's files repeat the same few (half of
botocore's 1,669 acceptors are copies), and an acceptor is immutable."""
_SHARED_MAX = 4096
_ABSENT = object()
_SHAREABLE = (str, int, bool)  # ``expected`` types compared by value alone (not floats: -0.0)


def _acceptor(index: int, data: Any, waiter: str, problems: list[str]) -> Acceptor | None:
    """Acceptor ``index`` of the waiter at ``waiter``; its place is spelt out only for a
    problem. One compiled before from the same fields (every key and value, ``expected``
    of the same type) is reused, checks and all: it passed them, with no warning."""
    if type(data) is dict:
        expected = data.get("expected", _ABSENT)
        if type(expected) in _SHAREABLE or expected is None:
            key = (
                index,
                len(data),
                data.get("state"),
                data.get("matcher"),
                data.get("argument", _ABSENT),
                type(expected),
                expected,
            )
            try:
                shared = _SHARED.get(key)
            except TypeError:  # a list or an object where a name belongs: not valid
                return _compiled_acceptor(index, data, waiter, problems)
            if shared is None:
                shared = _compiled_acceptor(index, data, waiter, problems)
                if shared is not None and not _warned(shared, data):
                    if len(_SHARED) >= _SHARED_MAX:
                        _SHARED.clear()
                    _SHARED[key] = shared
            return shared
    return _compiled_acceptor(index, data, waiter, problems)


def _warned(acceptor: Acceptor, data: dict[str, Any]) -> bool:
    """Whether compiling it warned (a hit would not warn again)."""
    return bool(acceptor.matcher.caution) or (
        "argument" in data and not MATCHERS[data["matcher"]].uses_argument
    )


def _compiled_acceptor(index: int, data: Any, waiter: str, problems: list[str]) -> Acceptor | None:
    if type(data) is not dict and not isinstance(data, Mapping):
        problems.append(f"{waiter}, acceptor {index}: must be an object, not {json_type(data)}")
        return None
    valid = ACCEPTOR_RULES.fast_ok(data) or check_object(
        data, ACCEPTOR_RULES, f"{waiter}, acceptor {index}", problems
    )
    if not valid:  # what can still be told: a JMESPath argument that does not parse
        argument = data.get("argument")
        if isinstance(argument, str) and (problem := jmespath_problem(argument)):
            problems.append(
                f"{waiter}, acceptor {index}: argument {argument!r} is not valid JMESPath: "
                f"{problem}"
            )
        return None
    kind = data["matcher"]
    spec = MATCHERS[kind]
    found = []
    if spec.uses_argument and "argument" not in data:
        found.append(f"matcher {kind!r} needs an 'argument' (a JMESPath expression)")
    elif not spec.uses_argument and "argument" in data:  # botocore ignores it; files have it
        warnings.warn(
            f"{waiter}, acceptor {index}: matcher {kind!r} takes no 'argument': ignored, as "
            "botocore ignores it",
            DefinitionWarning,
            stacklevel=caller_level(),
        )
    elif spec.uses_argument and (problem := jmespath_problem(data["argument"])):
        found.append(f"argument {data['argument']!r} is not valid JMESPath: {problem}")
    expected = data["expected"]
    quick, types = EXPECTED[kind], spec.expected_types
    if not (quick is None or quick(expected) or any(is_type(expected, t) for t in types)):
        found.append(
            f"matcher {kind!r} expects {one_of(types)} as 'expected', "
            f"not {json_type(expected)} ({brief(expected, 40, as_json=False)})"
        )
    if found:
        problems.extend(f"{waiter}, acceptor {index}: {problem}" for problem in found)
        return None
    matcher = _matcher(kind, data, expected)
    if matcher.caution:
        warnings.warn(
            f"{waiter}, acceptor {index}: {matcher.caution}",
            DefinitionWarning,
            stacklevel=caller_level(),
        )
    return Acceptor(index, data["state"], matcher)


def _matcher(kind: str, data: Mapping[str, Any], expected: Any) -> Matcher:
    return BOTOCORE_MATCHERS[kind](data.get("argument"), expected)
