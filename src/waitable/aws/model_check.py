"""Checking waiter definitions against a service's real shapes (botocore's service model).

A waiter written for an AWS operation can name an operation that does not exist, a
member the output does not have, or a state the service never returns; all three only
show as a wait that never ends. ``check_against_service`` finds them before that: the
operation exists (in any letter case botocore's ``xform_name`` runs), each path names
real members (through lists, projections, filters and comparisons; anything goes under a
document), and a string compared with an enum member is one of its values: a finding
worded as the model's possible gap, since services return values their enums lack.
"""

from __future__ import annotations

from typing import Any

from .._core.operations import real_name, xform_name
from .._core.paths import parse_jmespath
from .._core.shapes import ShapeWalker, element_of
from .._core.text import did_you_mean
from .._waiters.definitions import WaiterDefinition
from .._waiters.matchers import (
    InputOutputMatcher,
    PathAllMatcher,
    PathAnyMatcher,
    PredicateMatcher,
)


def check_against_service(
    definition: WaiterDefinition, service: Any, source: str = ""
) -> list[str]:
    """Every mismatch between ``definition`` and the botocore ``service`` model
    (``client.meta.service_model``), one message each; an empty list when it fits."""
    prefix = f"{source}: " if source else ""
    where = f"{prefix}waiter {definition.name!r}"
    operation = _operation(definition.operation, service.operation_names)
    if operation is None:
        return [
            f"{where}: {service.service_name} has no operation {definition.operation!r}"
            f"{did_you_mean(definition.operation, service.operation_names)}"
        ]
    output = service.operation_model(operation).output_shape
    problems: list[str] = []
    for acceptor in definition.acceptors:
        matcher = acceptor.matcher
        if not matcher.reads_response or isinstance(
            matcher, (InputOutputMatcher, PredicateMatcher)
        ):
            continue
        walker = ShapeWalker(f"{where}, acceptor {acceptor.index}")
        found = walker.walk(parse_jmespath(matcher.argument), output)
        if isinstance(matcher, (PathAllMatcher, PathAnyMatcher)):
            found = element_of(found)
        walker.expect(found, matcher.expected)
        problems.extend(walker.problems)
    return problems


def _operation(name: str, names: list[str]) -> str | None:
    """The model's name of the operation a waiter names: botocore calls
    ``xform_name(name)`` on the client, so ``GetKnowledgeBase`` runs ``getKnowledgeBase``."""
    return real_name(dict.fromkeys(names), xform_name(name))
