"""Cutting every call's own timeout to the time a wait has left.

A probe that takes a ``Timeout`` (HTTP, TCP, a command) gets ``min(its timeout, time
left)``, so ``--max-wait`` holds even while a call is running: a server that accepts and
never answers, or a command that runs long, is cut at the deadline.
"""

from __future__ import annotations

import functools
import os
import time
from typing import Any, Callable

from .._core.operations import REQUIRED, keyword_parameters

SHORTEST = 0.05  # seconds: a call is never given less (a zero timeout means "none" to some)


class Deadline:
    """A client whose operations taking ``Timeout`` are bounded by a deadline."""

    def __init__(self, client: Any, seconds: float, clock: Callable[[], float] = time.monotonic):
        self._client = client
        self._clock = clock
        self._at = clock() + seconds

    def __dir__(self) -> list[str]:
        return dir(self._client)

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._client, name)
        if name.startswith("_") or not callable(found):
            return found
        taken = keyword_parameters(found)
        timeout = next((p for p in taken[0] if p.name == "Timeout"), None) if taken else None
        if timeout is None:
            return found
        default = None if timeout.default is REQUIRED else timeout.default

        @functools.wraps(found)
        def bounded(**params: Any) -> Any:
            left = max(self._at - self._clock(), SHORTEST)
            given = params.get("Timeout", default)
            params["Timeout"] = left if given is None else min(float(given), left)
            return found(**params)

        return bounded


def process_age() -> float:
    """Seconds since this process started (interpreter and imports included), so that
    ``--max-wait`` counts from the command's start; 0 where the OS does not say (Linux's
    ``/proc`` does, to a clock tick)."""
    try:
        with open("/proc/self/stat", "rb") as stat:  # field 22: start, in ticks since boot
            start = int(stat.read().rsplit(b")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
        return max(time.clock_gettime(time.CLOCK_BOOTTIME) - start, 0.0)
    except (OSError, ValueError, AttributeError, IndexError):
        return 0.0
