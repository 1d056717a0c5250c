"""What a successful wait returns."""

from __future__ import annotations

from typing import Any

from .._core.frozen import Frozen, set_field
from .definitions import Acceptor


class WaitResult(Frozen):
    """What a successful wait saw last."""

    __slots__ = ("response", "attempts", "elapsed", "acceptor")

    response: Any
    """The final response: the one the success acceptor matched."""
    attempts: int
    """How many times the operation was called."""
    elapsed: float
    """Seconds from the first call to the last response."""
    acceptor: Acceptor
    """The acceptor that matched."""

    def __init__(self, response: Any, attempts: int, elapsed: float, acceptor: Acceptor) -> None:
        set_field(self, "response", response)
        set_field(self, "attempts", attempts)
        set_field(self, "elapsed", elapsed)
        set_field(self, "acceptor", acceptor)
