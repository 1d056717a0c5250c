"""What a wait imports when it first has to retry: tenacity's retry state, and Smithy's
waiter backoff, a server's ``Retry-After`` and the deadline as tenacity wait strategies.
A wait that succeeds at once never imports tenacity.

``wait_smithy`` is the delay rule of Smithy's waiter specification: exponential growth
from ``min_delay`` with full jitter, capped at ``max_delay``. ``wait_until_deadline``
clamps any wait strategy to a deadline so that the last poll happens *at* the deadline,
not up to ``min_delay`` before it (the Go and JavaScript SDKs quit early); a
``stop_after_delay`` at the same deadline then ends the wait after that final call.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable

from tenacity.wait import wait_base

if TYPE_CHECKING:
    from tenacity import RetryCallState

    from .attempts import Outcome
from tenacity import Future, RetryCallState


class wait_smithy(wait_base):  # noqa: N801 - named like tenacity's strategies
    """Delay before retry ``k`` (k = 1 before the second call), per Smithy:

    ``ceiling = log2(max/min) + 1``; ``d = max if k > ceiling else min * 2**(k-1)``;
    the delay is ``uniform(min, d)``. ``uniform`` is injectable for exact tests.
    """

    def __init__(
        self,
        min_delay: float,
        max_delay: float,
        uniform: Callable[[float, float], float] = random.uniform,
    ) -> None:
        self.min_delay = min_delay
        self.max_delay = max_delay
        self.uniform = uniform
        # A zero minimum never grows: jitter over the whole range from the first retry.
        self.ceiling = math.log2(max_delay / min_delay) + 1 if min_delay > 0 else 0.0

    def __call__(self, retry_state: RetryCallState) -> float:
        k = retry_state.attempt_number
        top = self.max_delay if k > self.ceiling else self.min_delay * 2 ** (k - 1)
        return self.uniform(self.min_delay, top)

    def __repr__(self) -> str:
        return f"wait_smithy(min_delay={self.min_delay:g}, max_delay={self.max_delay:g})"


class wait_until_deadline(wait_base):  # noqa: N801
    """``inner``'s delay, unless it would leave ``floor`` seconds or less before the
    deadline: then exactly the time that remains, for one final poll at the deadline."""

    def __init__(self, inner: Callable[[RetryCallState], float], deadline: float, floor: float):
        self.inner = inner
        self.deadline = deadline
        self.floor = floor

    def __call__(self, retry_state: RetryCallState) -> float:
        delay = self.inner(retry_state)
        remaining = self.deadline - (retry_state.seconds_since_start or 0.0)
        if remaining - delay <= self.floor:
            return max(remaining, 0.0)
        return delay


class wait_retry_after(wait_base):  # noqa: N801
    """``inner``'s delay, or longer when the last response asks for more: ``advice`` of
    the response (an HTTP ``Retry-After`` in seconds) when it is a number above it."""

    def __init__(
        self, inner: Callable[[RetryCallState], float], advice: Callable[[Any], float | None]
    ):
        self.inner = inner
        self.advice = advice

    def __call__(self, retry_state: RetryCallState) -> float:
        delay = self.inner(retry_state)
        outcome = retry_state.outcome
        if outcome is None or outcome.failed:
            return delay
        asked = self.advice(outcome.result())
        if isinstance(asked, (int, float)) and not isinstance(asked, bool) and asked > delay:
            return float(asked)
        return delay


class AttemptState(RetryCallState):
    """tenacity's ``RetryCallState``, whose ``outcome`` Future is built only if read.

    A tenacity ``Future`` takes a lock to create and most strategies never look at it.
    Uses only ``RetryCallState``'s public attributes (tests pin them).
    """

    pending: Outcome | None = None
    """The outcome ``outcome`` is built from, on first read."""
    _future: Future | None = None

    @property
    def outcome(self) -> Future | None:
        if self._future is None and self.pending is not None:
            response, _, error = self.pending
            failed = error is not None
            self._future = Future.construct(
                self.attempt_number, error if failed else response, failed
            )
        return self._future

    @outcome.setter
    def outcome(self, value: Future | None) -> None:
        self._future = value
        self.pending = None

    def record(self, outcome: Outcome, at: float) -> None:
        """The outcome of the current attempt, at time ``at``."""
        self._future = None
        self.pending = outcome
        self.outcome_timestamp = at


def new_state(params: Mapping[str, Any], start: float) -> AttemptState:
    """The state of a wait with ``params`` that started at ``start``, at its first call."""
    state = AttemptState(None, None, (), params)  # type: ignore[arg-type]  # no Retrying object
    state.start_time = start
    return state
