"""botocore's ``paginators-1.json``: a document to compiled definitions, every problem
named with its source, paginator and field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .._core.fields import ObjectRules, check_object, compile_alone, compile_named, json_type
from .._core.paths import jmespath_problem
from . import definitions_checks
from .definitions import NAMES, PAGINATOR_FIELDS, TOP_FIELDS, PaginatorDefinition

TOP = ObjectRules(TOP_FIELDS, definitions_checks.top_ok)
PAGINATOR = ObjectRules(PAGINATOR_FIELDS, definitions_checks.paginator_ok)
_NAMES = re.compile(NAMES)
VERSIONS = (1, "1", "1.0")  # 1.0 == 1


def compile_paginators(document: Any, source: str) -> dict[str, PaginatorDefinition]:
    """Every paginator of the document; ``DefinitionError`` listing every problem."""
    problems: list[str] = []
    paginators = top_paginators(document, source, problems)
    return compile_named(paginators, "paginator", source, _paginator, problems)


def top_paginators(document: Any, source: str, problems: list[str]) -> Mapping[str, Any] | None:
    """The document's ``pagination`` object, not yet looked into (None if the top level
    is not valid), with the problems of the top level appended to ``problems``."""
    if not check_object(document, TOP, source, problems):
        return None
    if document.get("version", 1) not in VERSIONS:
        problems.append(f"{source}: unsupported version {document['version']!r}; expected 1")
    return document["pagination"]  # type: ignore[no-any-return]


def compile_paginator(name: str, data: Any, source: str) -> PaginatorDefinition:
    """One paginator of a document, compiled on its own; ``DefinitionError`` with its
    problems alone."""
    return compile_alone(name, data, "paginator", source, _paginator)


def _paginator(name: str, data: Any, where: str, problems: list[str]) -> PaginatorDefinition | None:
    if type(data) is not dict and not isinstance(data, Mapping):  # (the ABC check is slow)
        problems.append(f"{where}: must be an object, not {json_type(data)}")
        return None
    before = len(problems)
    check_object(data, PAGINATOR, where, problems)  # then each field's own checks: all told
    inputs = _names(data, "input_token", where, problems, jmespath=False)
    outputs = _names(data, "output_token", where, problems, jmespath=True)
    results = _names(data, "result_key", where, problems, dotted=True)
    kept = _names(data, "non_aggregate_keys", where, problems, dotted=True, listed=True)
    more = data.get("more_results")
    if isinstance(more, str) and (problem := jmespath_problem(more)):
        problems.append(f"{where}: more_results {more!r} is not valid JMESPath: {problem}")
    _overlaps(results, kept, where, problems)
    if len(inputs) != len(outputs) and len(problems) == before:
        problems.append(
            f"{where}: input_token has {len(inputs)} name(s) but output_token "
            f"{len(outputs)}; they pair up in order"
        )
    if len(problems) > before:
        return None
    return PaginatorDefinition(
        name,
        inputs,
        outputs,
        results,
        limit_key=data.get("limit_key"),
        more_results=more,
        non_aggregate_keys=kept,
    )


def _overlaps(
    results: tuple[str, ...], kept: tuple[str, ...], where: str, problems: list[str]
) -> None:
    """Keys that would overwrite one another where they are set (botocore fails on the
    first page): a result key inside another (or twice), a non-aggregate key likewise, or
    one at or inside a result key. A non-aggregate key holding result keys is fine
    (botocore ships one: devops-guru's ``ResourceCollection``)."""
    if len(results) < 2 and not kept:  # the usual: one result key, nothing to clash
        return
    clashes = [
        (a, b) for group in (results, kept) for i, a in enumerate(group) for b in group[i + 1 :]
    ]
    clashes += [(r, k) for r in results for k in kept if _within(k, r)]
    for a, b in clashes:
        if _within(a, b) or _within(b, a):
            problems.append(
                f"{where}: keys {a!r} and {b!r} overlap: one would overwrite the other "
                "(a.b and a.c can be given together, not a and a.b)"
            )


def _within(key: str, other: str) -> bool:
    """``key`` is ``other`` or a path inside it."""
    return key == other or key.startswith(other + ".")


def _names(
    data: Mapping[str, Any],
    field: str,
    where: str,
    problems: list[str],
    *,
    jmespath: bool = False,
    dotted: bool = False,
    listed: bool = False,
) -> tuple[str, ...]:
    """A field that is a string or a list of strings, each checked, as a tuple."""
    value = data.get(field, [] if listed else None)
    if type(value) is str and not listed:  # the usual: one name
        problem = _name_problem(value, field, jmespath, dotted)
        if problem:
            problems.append(f"{where}: {problem}")
        return (value,)
    items = [value] if isinstance(value, str) and not listed else value
    if not isinstance(items, list):  # missing or mistyped: check_object has said so
        return ()
    if not items and not listed:
        problems.append(f"{where}: {field!r} must be a string or a non-empty list of strings")
        return ()
    for item in items:
        if not isinstance(item, str):
            problems.append(f"{where}: {field!r} must hold non-empty strings, not {item!r}")
        elif problem := _name_problem(item, field, jmespath, dotted):
            problems.append(f"{where}: {problem}")
    return tuple(item for item in items if isinstance(item, str))


@lru_cache(maxsize=4096)
def _name_problem(item: str, field: str, jmespath: bool, dotted: bool) -> str:
    """What is wrong with one name of ``field``, else ``""``. Cached: the same few names
    (``NextToken``, ``Marker``) recur in hundreds of files."""
    if not item:
        return f"{field!r} must hold non-empty strings, not {item!r}"
    if dotted and not _NAMES.fullmatch(item):
        return f"{field} {item!r} must be a dotted path of names (a.b.c): results are merged there"
    if jmespath and (problem := jmespath_problem(item)):
        return f"{field} {item!r} is not valid JMESPath: {problem}"
    return ""
