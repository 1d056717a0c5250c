"""Why a wait never became ready: counts of what the last attempts saw.

The judge keeps the last ``WINDOW`` retried outcomes (a deque append per attempt); only
when a wait times out are they read: error codes, HTTP statuses, and the value each path
acceptor's expression selected, counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Callable

from .._core.text import brief, counted
from .definitions import WaiterDefinition

WINDOW = 100
"""How many retried outcomes a timeout's summary covers (memory stays bounded)."""


def path_labels(definition: WaiterDefinition) -> Callable[[Any, Any], list[str]]:
    """A function of ``(response, params)`` giving "`path` = value" for each distinct
    path the acceptors read: what a timeout's summary counts and a progress line shows."""
    paths = {}
    for acceptor in definition.acceptors:
        matcher = acceptor.matcher
        if matcher.argument is not None and matcher.argument not in paths:
            paths[matcher.argument] = matcher

    def labels(response: Any, params: Any) -> list[str]:
        found = []
        for argument, matcher in paths.items():
            try:
                value = matcher.selected(response, params)
            except Exception:
                continue
            found.append(f"`{argument}` = {brief(value)}")
        return found

    return labels


def count_recent(
    definition: WaiterDefinition, recent: Iterable[tuple[Any, Any]], params: Any = None
) -> dict[str, int]:
    """Counts of what ``recent`` ``(response, codes)`` pairs showed, most common first:
    ``{"error NotFound": 3, "HTTP 200": 7, '`Table.TableStatus` = "CREATING"': 7}``."""
    counts: Counter[str] = Counter()
    labels = path_labels(definition)
    for response, codes in recent:
        if codes is not None:
            counts[f"error {codes[0]}"] += 1
        if isinstance(response, Mapping):
            metadata = response.get("ResponseMetadata")
            if isinstance(metadata, Mapping) and "HTTPStatusCode" in metadata:
                counts[f"HTTP {metadata['HTTPStatusCode']}"] += 1
        if codes is None:
            counts.update(labels(response, params))
    return dict(counts.most_common())


def summary_note(counts: Mapping[str, int], attempts: int) -> str:
    """The note added to a timeout error."""
    if not counts:
        return "Observed: nothing to report."
    span = f"the last {WINDOW} of " if attempts > WINDOW else ""
    lines = [f"Observed over {span}{counted(attempts, 'attempt')}:"]
    lines.extend(f"  {count} x {label}" for label, count in counts.items())
    return "\n".join(lines)
