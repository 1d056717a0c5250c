"""How a wait ends without success: the ``WaiterError`` branch of the exception tree.

::

    WaitableError                      (waitable._core.errors)
     +-- WaiterError                   a wait ended without reaching success
          +-- FailureStateError        an acceptor with state "failure" matched
          +-- WaiterTimeoutError       attempts (or time) ran out first
          +-- UnexpectedResponseError  an error response no acceptor expected
          +-- WaitCancelledError       the caller's cancel event was set

``WaiterError`` keeps botocore's ``str()`` (``Waiter {name} failed: {reason}``) and
reason texts, so log scrapers and tests written against botocore keep working.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .._core.errors import WaitableError

if TYPE_CHECKING:
    from .definitions import Acceptor


class WaiterError(WaitableError):
    """A wait ended without reaching a success state.

    Attributes:
        name: the waiter's name.
        reason: why it ended, in botocore's words.
        last_response: the last response seen (an error response for errors).
        attempts: how many times the operation was called.
        elapsed: seconds from the first call to the end.
        acceptor: the acceptor behind the reason: the failure acceptor that matched,
            or for a timeout the retry acceptor that matched last (None if none did).
    """

    def __init__(
        self,
        name: str,
        reason: str,
        last_response: Any,
        *,
        attempts: int = 0,
        elapsed: float = 0.0,
        acceptor: Acceptor | None = None,
    ) -> None:
        super().__init__(f"Waiter {name} failed: {reason}")
        self.name = name
        self.reason = reason
        self.last_response = last_response
        self.attempts = attempts
        self.elapsed = elapsed
        self.acceptor = acceptor

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only fields are not restored by Exception's default pickling.
        return (
            _rebuild_waiter_error,
            (type(self), self.name, self.reason, self.last_response),
            self.__dict__,
        )


def _rebuild_waiter_error(
    cls: type[WaiterError], name: str, reason: str, last_response: Any
) -> WaiterError:
    return cls(name, reason, last_response)


class FailureStateError(WaiterError):
    """An acceptor whose state is ``failure`` matched: the resource will not get ready."""


class WaiterTimeoutError(WaiterError):
    """The waiter ran out of attempts (or time) before any success or failure matched.

    ``observed`` counts what the last attempts saw (error codes, HTTP statuses, the
    values of the acceptors' paths); the same summary is added as an exception note,
    which tracebacks show below botocore's message.
    """

    observed: Mapping[str, int] = MappingProxyType({})  # set per instance on a timeout


class UnexpectedResponseError(WaiterError):
    """The operation answered with an error response that no acceptor expected."""


class WaitCancelledError(WaiterError):
    """The caller set the waiter's ``cancel`` event: no further calls were made."""
