"""tenacity's retry state for a wait, made when the wait first has to retry.

Strategies (tenacity's, Smithy's backoff, a caller's own) read a real
``RetryCallState``. It is made only once an attempt's outcome is a retry, so a wait
that succeeds at once never imports tenacity.
"""

from __future__ import annotations

from typing import Any

from tenacity import Future, RetryCallState

from .outcome import Outcome


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


def new_state(params: dict[str, Any], start: float) -> AttemptState:
    """The state of a wait with ``params`` that started at ``start``, at its first call."""
    state = AttemptState(None, None, (), params)  # type: ignore[arg-type]  # no Retrying object
    state.start_time = start
    return state
