"""The retry policy of a wait, as tenacity strategies.

A policy is a handful of numbers and the tenacity strategies derived from them, built
when a wait with a caller's own strategies first has to retry. The numbers alone (no
``wait=``, ``stop=`` or ``retry_after=``) are decided by ``Policy.decide``, exactly as
the strategies below would decide them, without tenacity's call state: a wait never
imports tenacity unless it was given a strategy, and a durable poll does not rebuild
that state at every step. The rules:

* ``delay`` -> ``wait_fixed(delay)`` (botocore), or, when ``min_delay`` / ``max_delay``
  are set, Smithy's jittered exponential backoff (``wait_smithy``);
* ``max_attempts`` -> ``stop_after_attempt`` (None: no limit; Smithy waiters have none,
  a deadline ends them);
* ``max_wait`` (seconds) -> ``stop_after_delay``, with the wait clamped so the last poll
  lands on the deadline (``wait_until_deadline``);
* ``retry_after`` (a function of a response) -> at least the delay a response asks for
  (``wait_retry_after``: an HTTP ``Retry-After``), still clamped to the deadline.

A caller may also give their own ``wait=`` (replacing the delay rule) and ``stop=``
(combined with the limits by ``|``: the first to fire ends the wait). botocore's per-call
``WaiterConfig`` overrides the numbers, validated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .._core.fields import check_config
from .._core.frozen import Frozen, set_field
from .._core.text import brief
from .._errors import ConfigError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from tenacity.stop import StopBaseT
    from tenacity.wait import WaitBaseT

    from .definitions import WaiterDefinition
    from .options import Options

SMITHY_MIN_DELAY = 2
"""Smithy's default ``minDelay`` in seconds."""
SMITHY_MAX_DELAY = 120
"""Smithy's default ``maxDelay`` in seconds."""

WAITER_CONFIG_KEYS = ("Delay", "MaxAttempts", "MinDelay", "MaxDelay", "MaxWaitTime")


class Policy(Frozen):
    """When to stop and how long to sleep: what one ``wait()`` call runs on."""

    __slots__ = (
        "delay",
        "max_attempts",
        "min_delay",
        "max_delay",
        "max_wait",
        "options",
        "_strategies",
        "inline",
        "fixed",
        "_floor",
        "_fixed",
        "_stop_at",
        "_low",
        "_high",
        "_ceiling",
    )

    delay: float
    max_attempts: int | None
    min_delay: float | None
    max_delay: float | None
    max_wait: float | None
    options: Options
    """The waiter's options: its own ``wait``/``stop`` strategies, jitter and Retry-After."""
    _strategies: tuple[StopBaseT, WaitBaseT] | None
    inline: bool
    """Whether the numbers alone shape the wait (no strategies or Retry-After of the
    caller's): then ``decide`` gives each delay, and no tenacity call state is kept."""
    fixed: bool
    """``inline`` with botocore's numbers alone: a fixed delay, an attempt limit and no
    deadline. ``decide`` is then ``(delay, attempt >= max_attempts)``, which the judge
    reads without the call."""
    _floor: float
    _fixed: float
    _stop_at: float
    """``delay`` as a float; ``max_attempts``, or infinity (``decide``'s fast path)."""
    _low: float | None
    """Smithy's backoff (``wait_smithy``): its minimum, maximum and ceiling; None: fixed."""
    _high: float
    _ceiling: float

    def __init__(
        self,
        delay: float,
        max_attempts: int | None,
        options: Options,
        *,
        min_delay: float | None = None,
        max_delay: float | None = None,
        max_wait: float | None = None,
    ) -> None:
        set_field(self, "delay", delay)
        set_field(self, "max_attempts", max_attempts)
        set_field(self, "min_delay", min_delay)
        set_field(self, "max_delay", max_delay)
        set_field(self, "max_wait", max_wait)
        set_field(self, "options", options)
        set_field(self, "_strategies", None)
        inline = options.wait is None and options.stop is None and options.retry_after is None
        set_field(self, "inline", inline)
        low: float | None = None
        high = ceiling = 0.0
        floor = delay  # how close to the deadline a normal delay may end
        if min_delay is not None or max_delay is not None:
            low = delay if min_delay is None else min_delay
            high = max(low, SMITHY_MAX_DELAY) if max_delay is None else max_delay
            ceiling = math.log2(high / low) + 1 if low > 0 else 0.0
            floor = low
        set_field(self, "fixed", inline and low is None and max_wait is None)
        set_field(self, "_floor", floor)
        set_field(self, "_fixed", float(delay))
        set_field(self, "_stop_at", math.inf if max_attempts is None else max_attempts)
        set_field(self, "_low", low)
        set_field(self, "_high", high)
        set_field(self, "_ceiling", ceiling)

    @classmethod
    def from_numbers(cls, numbers: tuple[Any, ...], options: Options) -> Policy:
        """The policy of ``(delay, max_attempts, min_delay, max_delay, max_wait)``: the
        numbers a durable wait's state keeps."""
        delay, attempts, low, high, max_wait = numbers
        return cls(delay, attempts, options, min_delay=low, max_delay=high, max_wait=max_wait)

    @classmethod
    def of(cls, definition: WaiterDefinition, options: Options) -> Policy:
        """A waiter's policy: its definition's numbers, run with its options."""
        return cls(
            definition.delay,
            definition.max_attempts,
            options,
            min_delay=definition.min_delay,
            max_delay=definition.max_delay,
        )

    def decide(self, attempt: int, elapsed: float) -> tuple[Any, bool]:
        """``(delay, stop)`` after ``attempt`` (tenacity's ``attempt_number``), judged
        ``elapsed`` seconds after the wait began: what ``strategies()`` would give for an
        ``inline`` policy (``wait_fixed`` or ``wait_smithy``, clamped by
        ``wait_until_deadline``; ``stop_after_attempt | stop_after_delay``)."""
        low = self._low
        if low is None:
            delay: Any = self._fixed
        else:
            high = self._high if attempt > self._ceiling else low * 2 ** (attempt - 1)
            delay = self.options.uniform(low, high)
        stop = attempt >= self._stop_at
        max_wait = self.max_wait
        if max_wait is not None:
            remaining = max_wait - elapsed
            if remaining - delay <= self._floor:
                delay = max(remaining, 0.0)
            stop = stop or elapsed >= max_wait
        return delay, stop

    def strategies(self) -> tuple[StopBaseT, WaitBaseT]:
        """``(stop, wait)``: tenacity's strategies for these numbers, built once."""
        if self._strategies is None:
            set_field(self, "_strategies", self._build())
        assert self._strategies is not None
        return self._strategies

    def _build(self) -> tuple[StopBaseT, WaitBaseT]:
        from tenacity import stop_after_attempt, stop_after_delay, stop_any, stop_never, wait_fixed

        from .retrying import wait_retry_after, wait_smithy, wait_until_deadline

        wait: WaitBaseT
        floor = self.delay  # how close to the deadline a normal delay may end
        low, high = self.min_delay, self.max_delay
        options = self.options
        if options.wait is not None:
            wait = options.wait
        elif low is not None or high is not None:
            low = self.delay if low is None else low
            high = max(low, SMITHY_MAX_DELAY) if high is None else high
            wait, floor = wait_smithy(low, high, options.uniform), low
        else:
            wait = wait_fixed(self.delay)
        if options.retry_after is not None:
            wait = wait_retry_after(wait, options.retry_after)
        stops: list[StopBaseT] = []
        if self.max_attempts is not None:
            stops.append(stop_after_attempt(self.max_attempts))
        if self.max_wait is not None:
            wait = wait_until_deadline(wait, self.max_wait, floor)
            stops.append(stop_after_delay(self.max_wait))
        if options.stop is not None:
            stops.append(options.stop)
        stop: StopBaseT = stop_never
        if len(stops) == 1:
            stop = stops[0]
        elif stops:
            stop = stop_any(*stops)  # type: ignore[arg-type]  # takes any stop callable
        return stop, wait

    def with_config(self, config: Any, waiter: str) -> Policy:
        """This policy with botocore's per-call ``WaiterConfig`` applied (validated)."""
        where = f"waiter {waiter!r}: WaiterConfig"
        config = check_config(config, WAITER_CONFIG_KEYS, f"waiter {waiter!r}", "WaiterConfig")
        delay = _number(config, "Delay", where, minimum=0.0)
        min_delay = _number(config, "MinDelay", where, minimum=0.0)
        max_delay = _number(config, "MaxDelay", where, minimum=0.0)
        max_wait = _number(config, "MaxWaitTime", where, minimum=0.0, strict=True)
        # seconds without a count: the seconds govern, not the waiter's own attempt limit
        given_time = max_wait is not None and "MaxAttempts" not in config
        max_attempts = config.get("MaxAttempts", None if given_time else self.max_attempts)
        if ("MaxAttempts" in config or max_attempts is not None) and (
            not isinstance(max_attempts, int) or isinstance(max_attempts, bool) or max_attempts < 1
        ):
            raise ConfigError(f"{where} MaxAttempts must be an integer >= 1, got {max_attempts!r}")
        backoff = min_delay is not None or max_delay is not None
        if delay is not None and (backoff or self.min_delay is not None):
            raise ConfigError(
                f"{where}: Delay (a fixed delay) conflicts with MinDelay/MaxDelay (backoff)"
            )
        if self.options.wait is not None and (
            delay is not None or min_delay is not None or max_delay is not None
        ):
            raise ConfigError(
                f"{where} Delay/MinDelay/MaxDelay conflicts with the waiter's wait= strategy; "
                "give one or the other"
            )
        min_delay = self.min_delay if min_delay is None else min_delay
        max_delay = self.max_delay if max_delay is None else max_delay
        if min_delay is not None and max_delay is not None and min_delay > max_delay:
            raise ConfigError(
                f"{where} MinDelay ({min_delay:g}) must not exceed MaxDelay ({max_delay:g})"
            )
        if max_delay is not None:  # backoff from the waiter's delay when MinDelay is not set
            low = (self.delay if delay is None else delay) if min_delay is None else min_delay
            if low > max_delay:
                raise ConfigError(
                    f"{where} MaxDelay ({max_delay:g}) must be at least the delay backoff "
                    f"starts from ({low:g}: MinDelay, else the waiter's delay)"
                )
        return Policy(
            self.delay if delay is None else delay,
            max_attempts,
            self.options,
            min_delay=min_delay,
            max_delay=max_delay,
            max_wait=self.max_wait if max_wait is None else max_wait,
        )


_LARGEST = 10**15  # seconds (31 million years): any more is a mistake, and floats lose it


def _number(
    config: Mapping[str, Any], key: str, where: str, *, minimum: float, strict: bool = False
) -> float | None:
    """``config[key]`` as a finite number >= minimum (> with ``strict``), or None."""
    if key not in config:
        return None
    value = given = config[key]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _LARGEST:
        value = math.inf  # hundreds of digits: no float holds it; refused as not finite
    ok = (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and (value > minimum if strict else value >= minimum)
    )
    if not ok:
        bound = f"> {minimum:g}" if strict else f">= {minimum:g}"
        raise ConfigError(
            f"{where} {key} must be a finite number {bound}, got {brief(given, 40, as_json=False)}"
        )
    return float(value)
