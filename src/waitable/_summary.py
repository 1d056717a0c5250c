"""Why a wait never became ready: counts of what the last attempts saw.

The loop keeps the last ``WINDOW`` retried responses (a deque append per attempt); only
when a wait times out are they read: error codes, HTTP statuses, and the value each path
acceptor's expression selected, counted.
"""

from __future__ import annotations

import json
from collections import Counter, deque
from collections.abc import Mapping
from typing import Any

from ._model import WaiterDefinition
from ._waiter import SUMMARY_WINDOW as WINDOW


def observed(definition: WaiterDefinition, seen: deque[tuple[Any, Any]]) -> dict[str, int]:
    """``{"error NotFound": 3, "HTTP 200": 7, '`Table.TableStatus` = "CREATING"': 7}``."""
    counts: Counter[str] = Counter()
    paths = {}
    for acceptor in definition.acceptors:
        matcher = acceptor.matcher
        if matcher.argument is not None and matcher.argument not in paths:
            paths[matcher.argument] = matcher
    for response, codes in seen:
        if codes is not None:
            counts[f"error {codes[0]}"] += 1
        if isinstance(response, Mapping):
            metadata = response.get("ResponseMetadata")
            if isinstance(metadata, Mapping) and "HTTPStatusCode" in metadata:
                counts[f"HTTP {metadata['HTTPStatusCode']}"] += 1
        if codes is None:
            for argument, matcher in paths.items():
                try:
                    value = matcher.search(response)
                except Exception:
                    continue
                counts[f"`{argument}` = {_short(value)}"] += 1
    return dict(counts.most_common())


def describe(observed: Mapping[str, int], attempts: int) -> str:
    """The note added to a timeout error."""
    if not observed:
        return "Observed: nothing to report."
    span = f"the last {WINDOW} of {attempts}" if attempts > WINDOW else f"{attempts}"
    lines = [f"Observed over {span} attempts:"]
    lines.extend(f"  {count} x {label}" for label, count in observed.items())
    return "\n".join(lines)


def _short(value: Any) -> str:
    text = json.dumps(value, default=repr)
    return text if len(text) <= 60 else text[:57] + "..."
