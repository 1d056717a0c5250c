"""The retry policy of a wait, as tenacity strategies.

The definition gives ``delay`` and ``maxAttempts``; they become ``wait_fixed(delay)`` and
``stop_after_attempt(maxAttempts)``. A caller may replace the wait strategy, add a stop
strategy (combined with ``|``: the first to fire ends the wait) and override both
numbers per call with botocore's ``WaiterConfig``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from tenacity import stop_after_attempt, wait_fixed
from tenacity.stop import StopBaseT
from tenacity.wait import WaitBaseT

from ._errors import ConfigError, did_you_mean
from ._frozen import Frozen, _set

WAITER_CONFIG_KEYS = ("Delay", "MaxAttempts")


class Policy(Frozen):
    """When to stop and how long to sleep: what one ``wait()`` call runs on."""

    __slots__ = ("max_attempts", "stop", "wait", "extra_stop", "custom_wait")

    max_attempts: int
    stop: StopBaseT
    wait: WaitBaseT
    extra_stop: StopBaseT | None
    custom_wait: bool

    def __init__(
        self,
        max_attempts: int,
        stop: StopBaseT,
        wait: WaitBaseT,
        extra_stop: StopBaseT | None,
        custom_wait: bool,
    ) -> None:
        _set(self, "max_attempts", max_attempts)
        _set(self, "stop", stop)
        _set(self, "wait", wait)
        _set(self, "extra_stop", extra_stop)
        _set(self, "custom_wait", custom_wait)

    @classmethod
    def build(
        cls,
        delay: float,
        max_attempts: int,
        *,
        wait: WaitBaseT | None = None,
        stop: StopBaseT | None = None,
    ) -> Policy:
        attempts = stop_after_attempt(max_attempts)
        return cls(
            max_attempts,
            attempts if stop is None else attempts | stop,  # type: ignore[operator]
            wait_fixed(delay) if wait is None else wait,
            stop,
            wait is not None,
        )

    def with_config(self, config: Any, waiter: str) -> Policy:
        """This policy with botocore's per-call ``WaiterConfig`` applied (validated)."""
        if not isinstance(config, Mapping):
            raise ConfigError(
                f"waiter {waiter!r}: WaiterConfig must be a dict, not {type(config).__name__}"
            )
        for key in config:
            if key not in WAITER_CONFIG_KEYS:
                raise ConfigError(
                    f"waiter {waiter!r}: unknown WaiterConfig key {key!r}"
                    f"{did_you_mean(str(key), WAITER_CONFIG_KEYS)}; "
                    f"known keys: {', '.join(WAITER_CONFIG_KEYS)}"
                )
        wait = self.wait
        if "Delay" in config:
            delay = config["Delay"]
            if not _is_number(delay) or delay < 0:
                raise ConfigError(
                    f"waiter {waiter!r}: WaiterConfig Delay must be a finite number >= 0, "
                    f"got {delay!r}"
                )
            if self.custom_wait:
                raise ConfigError(
                    f"waiter {waiter!r}: WaiterConfig Delay conflicts with the waiter's "
                    "wait= strategy; give one or the other"
                )
            wait = wait_fixed(delay)
        max_attempts = self.max_attempts
        stop = self.stop
        if "MaxAttempts" in config:
            max_attempts = config["MaxAttempts"]
            if (
                not isinstance(max_attempts, int)
                or isinstance(max_attempts, bool)
                or (max_attempts < 1)
            ):
                raise ConfigError(
                    f"waiter {waiter!r}: WaiterConfig MaxAttempts must be an integer >= 1, "
                    f"got {max_attempts!r}"
                )
            stop = stop_after_attempt(max_attempts)
            if self.extra_stop is not None:
                stop = stop | self.extra_stop  # type: ignore[operator]
        return Policy(max_attempts, stop, wait, self.extra_stop, self.custom_wait)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
