"""botocore's ``waiters-2.json`` format: compiled in one pass, explained on failure.

Compilation is optimistic: each object is checked with the fast predicates derived from
the format tables (``spec``). At the first thing they do not accept, compilation gives
up (``InvalidDocumentError``) and ``check_document`` makes the full, precise list of
problems. Valid files, the usual case, are walked once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core.documents import plain
from .._core.fields import (
    INTEGER,
    ObjectRules,
    check_object,
    is_type,
    json_type,
    one_of,
    type_predicate,
)
from .._core.paths import function_problem, is_jmespath_error, jmespath_problem, parse_jmespath
from .._core.text import brief
from .._errors import DefinitionError
from .definitions import Acceptor, WaiterDefinition
from .matchers import PATH_MATCHERS, ErrorMatcher, Matcher, StatusMatcher
from .spec import (
    ACCEPTOR_FIELDS,
    MATCHERS,
    SUPPORTED_VERSION,
    TOP_FIELDS,
    WAITER_FIELDS,
    MatcherSpec,
)


class _MatcherRules:
    """A matcher's own rules from ``spec.MATCHERS``, prepared for the fast path."""

    __slots__ = ("expected", "uses_argument")

    def __init__(self, spec: MatcherSpec) -> None:
        self.uses_argument = spec.uses_argument
        self.expected = type_predicate(spec.expected_types)

    def fast_ok(self, acceptor: Mapping[str, Any]) -> bool:
        if ("argument" in acceptor) is not self.uses_argument:
            return False
        return self.expected is None or self.expected(acceptor["expected"])


MATCHER_RULES = {name: _MatcherRules(spec) for name, spec in MATCHERS.items()}
TOP_RULES = ObjectRules(TOP_FIELDS)
WAITER_RULES = ObjectRules(WAITER_FIELDS)
ACCEPTOR_RULES = ObjectRules(ACCEPTOR_FIELDS)


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
        matcher = PATH_MATCHERS[kind](data["argument"], data["expected"])
    except Exception as exc:
        if not is_jmespath_error(exc):
            raise
        raise InvalidDocumentError from None
    if "(" in data["argument"] and function_problem(parse_jmespath(data["argument"])):
        raise InvalidDocumentError
    return matcher  # type: ignore[return-value]


def compile_waiters(document: Any, source: str) -> dict[str, WaiterDefinition]:
    """Every waiter of plain JSON data; ``DefinitionError`` listing every problem."""
    try:
        return compile_model(document, source)
    except InvalidDocumentError:
        problems = check_document(document, source)
    if not problems:  # pragma: no cover - the two checks are tested to agree
        raise AssertionError(f"{source}: rejected by the compiler, but no problem found")
    raise DefinitionError("\n".join(problems), problems)


def compile_model(document: Any, source: str) -> dict[str, WaiterDefinition]:
    """Compile plain JSON data; raises ``InvalidDocumentError`` if any part of it is not valid."""
    if type(document) is not dict or not TOP_RULES.fast_ok(document):
        raise InvalidDocumentError
    if document["version"] != SUPPORTED_VERSION:
        raise InvalidDocumentError
    return {name: _waiter(name, waiter) for name, waiter in document["waiters"].items()}


def _waiter(name: str, waiter: Any) -> WaiterDefinition:
    if type(waiter) is not dict or not WAITER_RULES.fast_ok(waiter):
        raise InvalidDocumentError
    acceptors = []
    for index, data in enumerate(waiter["acceptors"]):
        if type(data) is not dict or not ACCEPTOR_RULES.fast_ok(data):
            raise InvalidDocumentError
        acceptors.append(Acceptor(index, data["state"], _matcher(data)))
    return WaiterDefinition(
        name,
        waiter["operation"],
        waiter["delay"],
        int(waiter["maxAttempts"]),
        waiter.get("description", ""),
        tuple(acceptors),
    )


def compile_waiter(name: str, data: Any, source: str) -> WaiterDefinition:
    """One waiter of plain data, compiled; ``DefinitionError`` with its problems."""
    data = plain(data)
    try:
        return _waiter(name, data)
    except InvalidDocumentError:
        problems: list[str] = []
        check_waiter(data, f"{source}: waiter {name!r}", problems)
        raise DefinitionError("\n".join(problems), problems) from None


def lazy_waiters(document: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The raw waiters of a document whose top level is botocore's format (each then
    compiles with ``compile_waiter``), else None (compile it whole)."""
    waiters = document.get("waiters")
    if document.get("version") != SUPPORTED_VERSION or not isinstance(waiters, Mapping):
        return None
    if not set(document) <= set(TOP_FIELDS):
        return None
    return waiters


def check_acceptor(acceptor: Any, where: str, problems: list[str]) -> None:
    if not isinstance(acceptor, Mapping):
        problems.append(f"{where}: must be an object, not {json_type(acceptor)}")
        return
    if not check_object(acceptor, ACCEPTOR_RULES, where, problems):
        return
    matcher = acceptor["matcher"]
    spec = MATCHERS[matcher]
    if spec.uses_argument and "argument" not in acceptor:
        problems.append(f"{where}: matcher {matcher!r} needs an 'argument' (a JMESPath expression)")
    elif not spec.uses_argument and "argument" in acceptor:
        problems.append(f"{where}: matcher {matcher!r} takes no 'argument'")
    elif spec.uses_argument:
        problem = jmespath_problem(acceptor["argument"])
        if problem:
            problems.append(
                f"{where}: argument {acceptor['argument']!r} is not valid JMESPath: {problem}"
            )
    expected = acceptor["expected"]
    if not any(is_type(expected, t) for t in spec.expected_types):
        problems.append(
            f"{where}: matcher {matcher!r} expects {one_of(spec.expected_types)} as 'expected', "
            f"not {json_type(expected)} ({brief(expected, 40, as_json=False)})"
        )


def check_waiter(waiter: Any, where: str, problems: list[str]) -> None:
    if not isinstance(waiter, Mapping):
        problems.append(f"{where}: must be an object, not {json_type(waiter)}")
        return
    check_object(waiter, WAITER_RULES, where, problems)
    acceptors = waiter.get("acceptors")
    if isinstance(acceptors, (list, tuple)):
        for index, acceptor in enumerate(acceptors):
            check_acceptor(acceptor, f"{where}, acceptor {index}", problems)


def check_document(data: Any, source: str) -> list[str]:
    """Every problem in a whole waiter document, each prefixed with ``source``."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        return [f"{source}: the document must be a JSON object, not {json_type(data)}"]
    check_object(data, TOP_RULES, source, problems)
    version = data.get("version", SUPPORTED_VERSION)
    if is_type(version, INTEGER) and version != SUPPORTED_VERSION:
        problems.append(
            f"{source}: unsupported version {version!r}; waitable reads version "
            f"{SUPPORTED_VERSION} (botocore's waiters-2.json format)"
        )
    waiters = data.get("waiters")
    if isinstance(waiters, Mapping):
        for name, waiter in waiters.items():
            check_waiter(waiter, f"{source}: waiter {name!r}", problems)
    return problems
